// central server: Boost.Beast sessions, limits, timeouts and parked long-polls (see server.h).
#include "sync/central/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <charconv>
#include <chrono>
#include <unordered_map>
#include <unordered_set>

namespace anl::sync::central {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    Impl(asio::io_context& io_context, Service& svc, ServerOptions opts)
        : io(io_context), service(svc), options(std::move(opts)), acceptor(io_context) {}

    void Accept();
    void AddWaiter(const std::string& site, const std::shared_ptr<Session>& session) {
        waiters[site].insert(session);
        ++waiting;
    }
    void RemoveWaiter(const std::string& site, const std::shared_ptr<Session>& session) {
        auto it = waiters.find(site);
        if (it == waiters.end()) return;
        waiting -= it->second.erase(session);
        if (it->second.empty()) waiters.erase(it);
    }
    void WakeSite(const std::string& site);

    asio::io_context& io;
    Service& service;
    ServerOptions options;
    tcp::acceptor acceptor;
    // Parked long-polls by site. A session removes itself when its poll ends, so the sets
    // hold exactly the polls waiting now.
    std::unordered_map<std::string, std::unordered_set<std::shared_ptr<Session>>> waiters;
    std::size_t waiting = 0;
};

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, std::shared_ptr<Server::Impl> server)
        : stream_(std::move(socket)), server_(std::move(server)), poll_timer_(server_->io) {}

    void Start() { Read(); }

    // A new event for this poll's site: answer now instead of at the timeout.
    void Wake() { poll_timer_.cancel(); }

private:
    void Read() {
        parser_.emplace();
        parser_->body_limit(kMaxBodyBytes);
        parser_->header_limit(static_cast<std::uint32_t>(kMaxHeaderBytes));
        stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
        http::async_read(stream_, buffer_, *parser_,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
    }

    void OnRead(beast::error_code ec) {
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
            ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
            return Close();
        }
        if (ec == http::error::body_limit) {
            return WriteAndClose(server_->service.Refuse(
                413, "too_large", "The request body is larger than " + std::to_string(kMaxBodyBytes) + " bytes."));
        }
        if (ec == http::error::header_limit) {
            return WriteAndClose(server_->service.Refuse(431, "too_large", "The request headers are too large."));
        }
        if (ec) {
            return WriteAndClose(server_->service.Refuse(400, "invalid", "The request is not valid HTTP/1.1."));
        }
        auto& req = parser_->get();
        version_ = req.version();
        keep_alive_ = req.keep_alive();
        Request request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        if (auto it = req.find(http::field::authorization); it != req.end()) request.authorization = std::string(it->value());
        request.body = std::move(req.body());
        Outcome outcome = server_->service.Handle(request);
        if (outcome.wait) return Park(std::move(*outcome.wait));
        Write(std::move(outcome.response));
    }

    void Park(PollWait wait) {
        wait_ = std::move(wait);
        stream_.expires_never();
        auto self = shared_from_this();
        server_->AddWaiter(wait_->site, self);
        poll_timer_.expires_after(std::chrono::milliseconds(wait_->pull.wait_ms));
        poll_timer_.async_wait([self](beast::error_code) { self->FinishPoll(); });
    }

    void FinishPoll() {
        if (!wait_) return;
        server_->RemoveWaiter(wait_->site, shared_from_this());
        Response response = server_->service.AnswerPull(*wait_);
        wait_.reset();
        Write(std::move(response));
    }

    void Write(Response response) {
        response_ = {};
        response_.version(version_);
        response_.result(static_cast<http::status>(response.status));
        response_.set(http::field::server, "anlaufstelle-central");
        response_.set(http::field::content_type, response.content_type);
        response_.keep_alive(keep_alive_);
        response_.body() = std::move(response.body);
        response_.prepare_payload();
        stream_.expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
        http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec || !self->keep_alive_) return self->Close();
            self->Read();
        });
    }

    void WriteAndClose(Response response) {
        keep_alive_ = false;
        Write(std::move(response));
    }

    void Close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.socket().close(ignored);
    }

    beast::tcp_stream stream_;
    std::shared_ptr<Server::Impl> server_;
    asio::steady_timer poll_timer_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    std::optional<PollWait> wait_;
    unsigned version_ = 11;
    bool keep_alive_ = false;
};

void Server::Impl::Accept() {
    acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            std::make_shared<Session>(std::move(socket), self)->Start();
        }
        // Out of file descriptors: keep accepting (the next connection may succeed once a
        // long-poll ends) rather than stop serving for good.
        self->Accept();
    });
}

void Server::Impl::WakeSite(const std::string& site) {
    auto it = waiters.find(site);
    if (it == waiters.end()) return;
    for (const auto& session : it->second) session->Wake();
}

Result<ServerOptions> ParseListen(const std::string& listen) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size())
        return MakeError(ErrorCode::kInvalidInput, "--listen needs ADDRESS:PORT, e.g. 127.0.0.1:8470.");
    ServerOptions options;
    options.address = listen.substr(0, colon);
    if (options.address.size() > 2 && options.address.front() == '[' && options.address.back() == ']')
        options.address = options.address.substr(1, options.address.size() - 2);
    unsigned port = 0;
    auto text = std::string_view(listen).substr(colon + 1);
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || ptr != text.data() + text.size() || port > 65535)
        return MakeError(ErrorCode::kInvalidInput, "--listen has no valid port number (0 to 65535).");
    options.port = static_cast<std::uint16_t>(port);
    beast::error_code bad;
    asio::ip::make_address(options.address, bad);
    if (bad) return MakeError(ErrorCode::kInvalidInput, "--listen has no valid IP address: \"" + options.address + "\".");
    return options;
}

Server::Server(asio::io_context& io, Service& service, ServerOptions options)
    : impl_(std::make_shared<Impl>(io, service, std::move(options))) {
    std::weak_ptr<Impl> weak = impl_;
    service.on_ingest = [weak](const std::string& site) {
        if (auto impl = weak.lock()) impl->WakeSite(site);
    };
    service.count_long_polls = [weak]() -> std::size_t {
        auto impl = weak.lock();
        return impl ? impl->waiting : 0;
    };
}

Server::~Server() {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
    impl_->service.on_ingest = nullptr;
    impl_->service.count_long_polls = nullptr;
}

Status Server::Start() {
    beast::error_code ec;
    tcp::endpoint endpoint(asio::ip::make_address(impl_->options.address, ec), impl_->options.port);
    if (ec) return MakeError(ErrorCode::kInvalidInput, "The listen address is not valid.");
    auto& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        return MakeError(ErrorCode::kNetwork, "Cannot listen on " + impl_->options.address + ":" +
                                                  std::to_string(impl_->options.port) + " (" + ec.message() +
                                                  "); is another central service running there?");
    }
    impl_->Accept();
    return {};
}

std::uint16_t Server::port() const {
    beast::error_code ec;
    auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

std::size_t Server::long_polls_waiting() const { return impl_->waiting; }

}  // namespace anl::sync::central
