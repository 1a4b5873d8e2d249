// central server: HTTP/1.1 over Boost.Beast on one Asio thread. Moves bytes between sockets
//   and the Service, enforces header/body limits and timeouts, parks long-polls (a parked
//   poll is a timer and a socket, no thread) and wakes them when their site gets new events.
//   Speaks plain HTTP, or HTTPS when ServerOptions names a certificate and key (Asio's
//   OpenSSL stream); the session logic is the same for both.
//   Must never: interpret a message (the Service does), block the event loop on a wait.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kiosk/base/base.h"
#include "sync/central/service.h"

namespace boost::asio {
class io_context;
}

namespace anl::sync::central {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 8470;          // 0: any free port (tests)
    int read_timeout_seconds = 30;      // a request's headers and body must arrive in this time
    int idle_timeout_seconds = 75;      // a kept-alive connection with no request is closed
    // TLS when both are given (PEM files): every connection must complete a TLS handshake
    // (TLS 1.2 or newer) before its first request; plain HTTP is then refused.
    std::string tls_cert_file;          // the certificate chain, server certificate first
    std::string tls_key_file;           // its private key
    int handshake_timeout_seconds = 10;
    // Open connections at most (idle keep-alives and parked long-polls included). Beyond it a
    // new connection is closed at once, so idle sockets cannot exhaust file descriptors.
    // Start() lowers it to the process's file-descriptor limit minus kReservedFds.
    std::size_t max_connections = 1000;
    // Log every request (method, path without its query, status, time); otherwise only the
    // refused and failed ones are logged (sync/central/log.h).
    bool log_requests = false;
    // Housekeeping: every this many seconds the service's daily retention run is asked whether
    // a site is due (Service::RunRetentionIfDue; docs/DATA-PROTECTION.md). 0: never (tests;
    // anlaufstelle-central sets 3600).
    // It runs on the event loop: a site's purge holds requests back while it runs.
    int housekeeping_seconds = 0;
};
inline constexpr std::size_t kReservedFds = 64;  // the store, TLS files, logs, the listener

// Parses "ADDR:PORT" (e.g. "127.0.0.1:8470", "[::1]:8470").
Result<ServerOptions> ParseListen(const std::string& listen);

class Server {
public:
    Server(boost::asio::io_context& io, Service& service, ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and starts accepting; fails with a clear message when the address is taken or a
    // TLS certificate or key cannot be loaded.
    Status Start();
    std::uint16_t port() const;
    std::size_t long_polls_waiting() const;
    std::size_t open_connections() const;
    std::size_t max_connections() const;  // after Start: the effective cap
    // Wakes the polls parked for `site` (another instance stored its events: SiteChangeListener).
    // A woken poll answers when its site has events after its cursor, else it parks again for
    // the rest of its time, so a wake-up for nothing costs a store read, not a round trip.
    void WakeSite(const std::string& site);
    // Wakes every parked poll once (the notices of other instances may have been missed).
    void WakeEveryPoll();

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace anl::sync::central
