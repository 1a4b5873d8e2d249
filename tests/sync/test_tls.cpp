// TLS: the central service serves HTTPS with --tls-cert/--tls-key, the terminal's libcurl
// transport verifies it against --ca. Throw-away certificates are made at test time with the
// openssl command-line tool (Debian package openssl); everything stays on 127.0.0.1.
#include <catch2/catch.hpp>

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <cstdlib>
#include <thread>

#include "sync/central/server.h"
#include "sync/central/service.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;
using namespace anl::sync::central;

namespace {

// A self-signed certificate for 127.0.0.1 and localhost (it is its own CA).
void MakeCertificate(const std::filesystem::path& dir, const std::string& name) {
    std::string command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 "
                          "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
                          (dir / (name + ".key")).string() + "' -out '" + (dir / (name + ".pem")).string() +
                          "' 2>/dev/null";
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
}

// The central service with TLS on a free loopback port, served by a thread.
struct TlsCentral {
    test::TestStore t;
    SystemClock clock;
    Service service{*t.store, clock, test::kAdminToken};
    boost::asio::io_context io{1};
    std::unique_ptr<Server> server;
    std::thread loop;

    TlsCentral(const std::filesystem::path& cert, const std::filesystem::path& key) {
        ServerOptions options;
        options.port = 0;
        options.tls_cert_file = cert.string();
        options.tls_key_file = key.string();
        server = std::make_unique<Server>(io, service, options);
        auto started = server->Start();
        if (!started.ok()) FAIL(started.error().message);
        loop = std::thread([this] { io.run(); });
    }
    ~TlsCentral() {
        io.stop();
        loop.join();
    }
    std::string url(const std::string& scheme = "https") const {
        return scheme + "://127.0.0.1:" + std::to_string(server->port());
    }
};

}  // namespace

TEST_CASE("tls: a terminal talks to the central over HTTPS and verifies it with --ca", "[tls]") {
    test::TempDir dir("anl-tls");
    MakeCertificate(dir.path(), "central");
    TlsCentral central(dir / "central.pem", dir / "central.key");

    auto transport = MakeCurlTransport(central.url(), (dir / "central.pem").string());
    auto added = AdminAddDevice(*transport, test::kAdminToken, DeviceAdd{central.t.Name("site"), Role::kKiosk, ""});
    REQUIRE(added.ok());
    auto health = transport->Send({"GET", "/healthz", "", "", 5000});
    REQUIRE(health.ok());
    CHECK(health->status == 200);
    // The name must match too: "localhost" is in the certificate, so it works as well.
    auto by_name = MakeCurlTransport("https://localhost:" + std::to_string(central.server->port()),
                                     (dir / "central.pem").string());
    CHECK(by_name->Send({"GET", "/healthz", "", "", 5000}).ok());
}

TEST_CASE("tls: a certificate from another CA is refused with a clear message", "[tls]") {
    test::TempDir dir("anl-tls-wrong");
    MakeCertificate(dir.path(), "central");
    MakeCertificate(dir.path(), "impostor-ca");
    TlsCentral central(dir / "central.pem", dir / "central.key");
    auto before = central.t.store->ListDevices();
    REQUIRE(before.ok());

    auto wrong = MakeCurlTransport(central.url(), (dir / "impostor-ca.pem").string());
    auto refused = AdminAddDevice(*wrong, test::kAdminToken, DeviceAdd{central.t.Name("site"), Role::kKiosk, ""});
    REQUIRE(!refused.ok());
    INFO(refused.error().message);
    CHECK(refused.error().code == ErrorCode::kNetwork);
    CHECK(refused.error().message.find("certificate") != std::string::npos);
    CHECK(refused.error().message.find("impostor-ca.pem") != std::string::npos);
    // The system's CA store does not know a site's own CA either.
    auto system_store = MakeCurlTransport(central.url());
    auto unknown = system_store->Send({"GET", "/healthz", "", "", 5000});
    REQUIRE(!unknown.ok());
    CHECK(unknown.error().message.find("certificate") != std::string::npos);
    // Plain HTTP to the TLS port gets no answer from the Service.
    auto plain = MakeCurlTransport(central.url("http"));
    auto answer = plain->Send({"GET", "/healthz", "", "", 5000});
    CHECK((!answer.ok() || answer->status != 200));
    CHECK(central.t.store->ListDevices()->size() == before->size());  // nothing registered
    CHECK(!MakeCurlTransport(central.url(), (dir / "missing.pem").string())->Send({"GET", "/healthz", "", "", 5000}).ok());
}

TEST_CASE("tls: a missing or mismatched certificate stops the start with a clear message", "[tls]") {
    test::TempDir dir("anl-tls-start");
    MakeCertificate(dir.path(), "a");
    MakeCertificate(dir.path(), "b");
    test::TestStore t;
    SystemClock clock;
    Service service(*t.store, clock, test::kAdminToken);
    boost::asio::io_context io(1);
    auto start = [&](const std::string& cert, const std::string& key) {
        ServerOptions options;
        options.port = 0;
        options.tls_cert_file = cert;
        options.tls_key_file = key;
        Server server(io, service, options);
        return server.Start();
    };
    auto missing = start((dir / "none.pem").string(), (dir / "a.key").string());
    REQUIRE(!missing.ok());
    CHECK(missing.error().message.find("none.pem") != std::string::npos);
    auto mismatched = start((dir / "a.pem").string(), (dir / "b.key").string());
    REQUIRE(!mismatched.ok());
    CHECK(mismatched.error().message.find("b.key") != std::string::npos);
    auto half = start((dir / "a.pem").string(), "");
    REQUIRE(!half.ok());
    CHECK(half.error().message.find("--tls-key") != std::string::npos);
    CHECK(start((dir / "a.pem").string(), (dir / "a.key").string()).ok());
}
