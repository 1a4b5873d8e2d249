// central server: Boost.Beast sessions, limits, timeouts and parked long-polls (see server.h).
#include "sync/central/server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <sys/resource.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <unordered_map>
#include <random>
#include <unordered_set>

#include "sync/central/log.h"

namespace anl::sync::central {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// What the server needs of a session of either kind (plain or TLS): wake a parked poll.
class SessionBase {
public:
    virtual ~SessionBase() = default;
    // A new event for this poll's site: answer now instead of at the timeout.
    virtual void Wake() = 0;
};

struct Server::Impl : std::enable_shared_from_this<Server::Impl> {
    Impl(asio::io_context& io_context, Service& svc, ServerOptions opts)
        : io(io_context), service(svc), options(std::move(opts)), acceptor(io_context), housekeeping(io_context) {}

    void Accept();
    // Asks the service's daily retention run every housekeeping_seconds (ServerOptions).
    void ScheduleHousekeeping() {
        if (options.housekeeping_seconds <= 0) return;
        housekeeping.expires_after(std::chrono::seconds(options.housekeeping_seconds));
        std::weak_ptr<Impl> weak = shared_from_this();
        housekeeping.async_wait([weak](beast::error_code ec) {
            auto self = weak.lock();
            if (ec || !self) return;
            (void)self->service.RunRetentionIfDue();
            self->ScheduleHousekeeping();
        });
    }
    void AddWaiter(const std::string& site, SessionBase* session) {
        waiters[site].insert(session);
        ++waiting;
    }
    void RemoveWaiter(const std::string& site, SessionBase* session) {
        auto it = waiters.find(site);
        if (it == waiters.end()) return;
        waiting -= it->second.erase(session);
        if (it->second.empty()) waiters.erase(it);
    }
    void WakeSite(const std::string& site);
    void WakeEveryPoll();

    asio::io_context& io;
    Service& service;
    ServerOptions options;
    tcp::acceptor acceptor;
    asio::steady_timer housekeeping;
    std::optional<ssl::context> tls;  // set by Start when a certificate and key are configured
    // Parked long-polls by site. A session removes itself when its poll ends or when it is
    // destroyed unanswered (its io_context stopped), so the sets hold exactly the polls
    // waiting now. Plain pointers: the poll's timer handler owns the session; a shared_ptr
    // here would close a cycle (session -> Impl -> waiters -> session) that nothing breaks
    // when the io_context stops with polls parked, and every such session would leak.
    std::unordered_map<std::string, std::unordered_set<SessionBase*>> waiters;
    std::size_t waiting = 0;
    std::atomic<std::size_t> open{0};  // sessions alive now (ServerOptions::max_connections caps it)
    // Request ids: this instance's random prefix and a counter ("3f9a1c-17"), unique enough to
    // tell requests apart across the instances behind one load balancer.
    std::string request_id_prefix = [] {
        std::random_device random;
        char prefix[16];
        std::snprintf(prefix, sizeof prefix, "%06x", static_cast<unsigned>(random() & 0xffffff));
        return std::string(prefix);
    }();
    std::atomic<std::uint64_t> requests{0};
    std::string NextRequestId() { return request_id_prefix + "-" + std::to_string(++requests); }
};

// One connection. Stream is beast::tcp_stream (plain) or beast::ssl_stream<beast::tcp_stream>.
template <typename Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
public:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

    Session(tcp::socket socket, std::shared_ptr<Server::Impl> server)
        : stream_(MakeStream(std::move(socket), *server)), server_(std::move(server)), poll_timer_(server_->io) {
        ++server_->open;
    }
    ~Session() override {
        if (wait_) server_->RemoveWaiter(wait_->site, this);
        --server_->open;
    }

    void Start() {
        if constexpr (kTls) {
            Lowest().expires_after(std::chrono::seconds(server_->options.handshake_timeout_seconds));
            // A client that does not speak TLS (or distrusts our certificate) fails here and is
            // closed; nothing reaches the Service.
            stream_.async_handshake(ssl::stream_base::server, [self = this->shared_from_this()](beast::error_code ec) {
                if (ec) return self->Close();
                self->Read();
            });
        } else {
            Read();
        }
    }

    void Wake() override {
        woken_ = true;
        poll_timer_.cancel();
    }

private:
    static Stream MakeStream(tcp::socket socket, Server::Impl& server) {
        if constexpr (kTls) return Stream(std::move(socket), *server.tls);
        else return Stream(std::move(socket));
    }
    beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

    void Read() {
        parser_.emplace();
        parser_->body_limit(kMaxBodyBytes);
        parser_->header_limit(static_cast<std::uint32_t>(kMaxHeaderBytes));
        Lowest().expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
        http::async_read(stream_, buffer_, *parser_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
    }

    void OnRead(beast::error_code ec) {
        started_ = std::chrono::steady_clock::now();
        request_id_ = server_->NextRequestId();
        method_ = "-";
        path_ = "-";
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::eof ||
            ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
            ec.category() == asio::error::get_ssl_category() || ec == ssl::error::stream_truncated) {
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
        if (auto it = req.find("X-Request-Id"); it != req.end()) {
            const std::string_view upstream(it->value().data(), it->value().size());
            if (IsAcceptableRequestId(upstream)) request_id_ = std::string(upstream);
        }
        method_ = std::string(req.method_string());
        path_ = std::string(req.target().substr(0, req.target().find('?')));  // never the query
        version_ = req.version();
        keep_alive_ = req.keep_alive();
        Request request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        if (auto it = req.find(http::field::authorization); it != req.end()) request.authorization = std::string(it->value());
        request.body = std::move(req.body());
        ScopedRequestId scope(request_id_);
        Outcome outcome = server_->service.Handle(request);
        if (outcome.wait) return Park(std::move(*outcome.wait));
        Write(std::move(outcome.response));
    }

    void Park(PollWait wait) {
        wait_ = std::move(wait);
        poll_deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_->pull.wait_ms);
        Lowest().expires_never();
        ParkUntilDeadline();
    }

    void ParkUntilDeadline() {
        woken_ = false;
        server_->AddWaiter(wait_->site, this);
        poll_timer_.expires_at(poll_deadline_);
        poll_timer_.async_wait([self = this->shared_from_this()](beast::error_code) { self->FinishPoll(); });
    }

    void FinishPoll() {
        if (!wait_) return;
        server_->RemoveWaiter(wait_->site, this);
        ScopedRequestId scope(request_id_);
        bool nothing_new = false;
        Response response = server_->service.AnswerPull(*wait_, &nothing_new);
        // Woken for a change this poll cannot see yet or has no part in (the notice of this
        // instance's own push arrives after the direct wake-up; a resync wakes every poll):
        // wait on for the rest of its time instead of answering empty.
        if (woken_ && nothing_new && std::chrono::steady_clock::now() < poll_deadline_) return ParkUntilDeadline();
        wait_.reset();
        Write(std::move(response));
    }

    void Write(Response response) {
        response_ = {};
        response_.version(version_);
        response_.result(static_cast<http::status>(response.status));
        response_.set(http::field::server, "anlaufstelle-central");
        response_.set(http::field::content_type, response.content_type);
        response_.set("X-Request-Id", request_id_);
        response_.keep_alive(keep_alive_);
        // The access line: every request with --log-requests, else the refused and failed ones.
        if (response.status >= 400 || server_->options.log_requests) {
            const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                    started_);
            ScopedRequestId scope(request_id_);
            WriteLogLine(response.status >= 500 ? LogLevel::kError
                         : response.status >= 400 ? LogLevel::kWarning
                                                  : LogLevel::kInfo,
                         method_ + " " + path_ + " " + std::to_string(response.status) + " " +
                             std::to_string(took.count()) + " ms");
        }
        response_.body() = std::move(response.body);
        response_.prepare_payload();
        Lowest().expires_after(std::chrono::seconds(server_->options.read_timeout_seconds));
        http::async_write(stream_, response_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec || !self->keep_alive_) return self->Close();
            self->Read();
        });
    }

    void WriteAndClose(Response response) {
        keep_alive_ = false;
        Write(std::move(response));
    }

    // Closes the TCP connection. Over TLS without close_notify: every answer carries its
    // Content-Length, so a client cannot mistake a cut answer for a whole one.
    void Close() {
        beast::error_code ignored;
        Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
        Lowest().socket().close(ignored);
    }

    Stream stream_;
    std::shared_ptr<Server::Impl> server_;
    asio::steady_timer poll_timer_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    http::response<http::string_body> response_;
    std::optional<PollWait> wait_;
    std::chrono::steady_clock::time_point poll_deadline_;  // when a parked poll answers anyway
    bool woken_ = false;  // the poll's timer was cancelled by a wake-up, not expired
    std::string request_id_, method_ = "-", path_ = "-";  // for X-Request-Id and the log
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    unsigned version_ = 11;
    bool keep_alive_ = false;
};

void Server::Impl::Accept() {
    acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec && self->open >= self->options.max_connections) {
            // At the cap: close at once (the client retries with back-off); counted in /metrics.
            beast::error_code ignored;
            socket.close(ignored);
            ++self->service.connections_refused;
        } else if (!ec) {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            if (self->tls) std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), self)->Start();
            else std::make_shared<Session<beast::tcp_stream>>(std::move(socket), self)->Start();
        }
        // Out of file descriptors: keep accepting (the next connection may succeed once a
        // long-poll ends) rather than stop serving for good.
        self->Accept();
    });
}

void Server::Impl::WakeSite(const std::string& site) {
    service.SiteChanged(site);
    auto it = waiters.find(site);
    if (it == waiters.end()) return;
    for (const auto& session : it->second) session->Wake();
}

void Server::Impl::WakeEveryPoll() {
    service.ForgetSiteTails();
    for (const auto& [site, sessions] : waiters)
        for (const auto& session : sessions) session->Wake();
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
    impl_->housekeeping.cancel();
    impl_->service.on_ingest = nullptr;
    impl_->service.count_long_polls = nullptr;
}

namespace {

// A TLS context with the certificate and key, TLS 1.2 or newer only.
Result<ssl::context> MakeTlsContext(const ServerOptions& options) {
    if (options.tls_cert_file.empty() != options.tls_key_file.empty())
        return MakeError(ErrorCode::kInvalidInput, "TLS needs both --tls-cert FILE and --tls-key FILE.");
    ssl::context context(ssl::context::tls_server);
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                        ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code ec;
    context.use_certificate_chain_file(options.tls_cert_file, ec);
    if (ec)
        return MakeError(ErrorCode::kInvalidInput, "Cannot use the TLS certificate " + options.tls_cert_file + " (" +
                                                       ec.message() + "); it must be a readable PEM certificate chain.");
    context.use_private_key_file(options.tls_key_file, ssl::context::pem, ec);
    if (ec)
        return MakeError(ErrorCode::kInvalidInput, "Cannot use the TLS key " + options.tls_key_file + " (" + ec.message() +
                                                       "); it must be the readable PEM private key of the certificate.");
    return context;
}

}  // namespace

Status Server::Start() {
    beast::error_code ec;
    if (!impl_->options.tls_cert_file.empty() || !impl_->options.tls_key_file.empty()) {
        auto context = MakeTlsContext(impl_->options);
        if (!context.ok()) return context.error();
        impl_->tls.emplace(std::move(context.value()));
    }
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
    // The cap stays below what the process may open at all, so the store and the listener
    // always find a descriptor.
    if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const auto usable = limit.rlim_cur > kReservedFds ? static_cast<std::size_t>(limit.rlim_cur) - kReservedFds : 1;
        impl_->options.max_connections = std::min(impl_->options.max_connections, usable);
    }
    impl_->Accept();
    impl_->ScheduleHousekeeping();
    return {};
}

std::uint16_t Server::port() const {
    beast::error_code ec;
    auto endpoint = impl_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

std::size_t Server::long_polls_waiting() const { return impl_->waiting; }
std::size_t Server::open_connections() const { return impl_->open.load(); }
std::size_t Server::max_connections() const { return impl_->options.max_connections; }
void Server::WakeSite(const std::string& site) { impl_->WakeSite(site); }
void Server::WakeEveryPoll() { impl_->WakeEveryPoll(); }

}  // namespace anl::sync::central
