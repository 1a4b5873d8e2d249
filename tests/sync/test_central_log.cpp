// The central's log lines and request ids (sync/central/log.h).
#include <catch2/catch.hpp>

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <thread>

#include "sync/central/log.h"
#include "sync/central/server.h"
#include "sync/central/service.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync::central;
using anl::test::TestStore;

namespace {

// One raw HTTP/1.1 request on a fresh connection; the whole answer, headers included.
std::string RawRequest(std::uint16_t port, const std::string& head) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::asio::write(socket, boost::asio::buffer(head));
    std::string answer;
    boost::system::error_code ec;
    char chunk[4096];
    for (;;) {
        std::size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
        answer.append(chunk, n);
        if (ec) break;
    }
    return answer;
}

std::string HeaderValue(const std::string& answer, const std::string& name) {
    auto at = answer.find("\r\n" + name + ": ");
    if (at == std::string::npos) return "";
    at += name.size() + 4;
    return answer.substr(at, answer.find("\r\n", at) - at);
}

}  // namespace

TEST_CASE("central log: a line has its level, its request and no control character", "[log]") {
    CHECK(FormatLogLine(LogLevel::kWarning, "3f9a1c-17", "refused event kiosk-1/4", false) ==
          "warning: [req 3f9a1c-17] refused event kiosk-1/4");
    // Under systemd the journal reads the priority from the line's start.
    CHECK(FormatLogLine(LogLevel::kError, "", "store full", true) == "<3>store full");
    CHECK(FormatLogLine(LogLevel::kInfo, "x", "y", true) == "<6>[req x] y");
    // Nothing a device sent can start a new line or drive the operator's terminal.
    const std::string line = FormatLogLine(LogLevel::kWarning, "id\n<3>", "name\x1b[2J\nfake", false);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\x1b') == std::string::npos);
}

TEST_CASE("central log: an upstream request id is kept only when it is a plain word", "[log]") {
    CHECK(IsAcceptableRequestId("a1-b2_c3.d4"));
    CHECK(IsAcceptableRequestId(std::string(64, 'a')));
    CHECK_FALSE(IsAcceptableRequestId(""));
    CHECK_FALSE(IsAcceptableRequestId(std::string(65, 'a')));
    CHECK_FALSE(IsAcceptableRequestId("a b"));
    CHECK_FALSE(IsAcceptableRequestId("a\r\nSet-Cookie: x"));
    CHECK_FALSE(IsAcceptableRequestId("\xc3\xa4"));
}

TEST_CASE("central log: every answer names its request in X-Request-Id", "[log][server]") {
    TestStore t;
    SystemClock clock;
    Service service(*t.store, clock, test::kAdminToken);
    boost::asio::io_context io(1);
    ServerOptions options;
    options.port = 0;
    Server server(io, service, options);
    REQUIRE(server.Start().ok());
    std::thread loop([&io] { io.run(); });

    const std::string own = HeaderValue(RawRequest(server.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"),
                                        "X-Request-Id");
    const std::string next = HeaderValue(RawRequest(server.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"),
                                         "X-Request-Id");
    CHECK_FALSE(own.empty());
    CHECK(own != next);  // each request its own id
    // A load balancer's id is kept, so one id follows the request through both logs.
    CHECK(HeaderValue(RawRequest(server.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-Id: lb-42\r\n"
                                                "Connection: close\r\n\r\n"),
                      "X-Request-Id") == "lb-42");
    // One that is not a plain word is replaced by the central's own.
    const std::string replaced = HeaderValue(
        RawRequest(server.port(), "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Request-Id: a b c\r\nConnection: close\r\n\r\n"),
        "X-Request-Id");
    CHECK_FALSE(replaced.empty());
    CHECK(replaced != "a b c");
    io.stop();
    loop.join();
}
