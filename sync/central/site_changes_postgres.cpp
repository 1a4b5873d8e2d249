// central, scale-out: LISTEN anl_site and anl_device on its own libpq connection, driven by
// Asio (site_changes.h). The only SQL here is the LISTEN; the NOTIFYs are in the writes of central_store_postgres.cpp
// and escrow_postgres.cpp.
#include "sync/central/site_changes.h"

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>

#include "sync/central/log.h"

namespace anl::sync::central {

namespace asio = boost::asio;

struct SiteChangeListener::Impl : std::enable_shared_from_this<SiteChangeListener::Impl> {
    Impl(asio::io_context& io_context, std::string info, SiteChangeCallbacks calls)
        : io(io_context), conninfo(std::move(info)), callbacks(std::move(calls)), socket(io_context), retry(io_context) {}
    ~Impl() { Drop(); }

    // Where the connection is: libpq's asynchronous connect, the LISTEN sent and its answer
    // awaited, or listening (only notices and nothing else arrive).
    enum class Phase { kIdle, kConnecting, kListenSent, kListening };

    void Connect();
    void WaitSocket(bool for_write);
    void OnReady(const boost::system::error_code& ec);
    void OnConnectProgress();
    void OnInput();
    void Lost(const std::string& why);
    void Drop();

    asio::io_context& io;
    std::string conninfo;
    SiteChangeCallbacks callbacks;
    PGconn* conn = nullptr;
    // libpq's socket, registered with Asio to wait on it; libpq owns and closes it, so it is
    // always released, never closed, by Asio.
    asio::posix::stream_descriptor socket;
    asio::steady_timer retry;
    Phase phase = Phase::kIdle;
    int listens_pending = 0;  // LISTEN statements sent whose answer has not come yet
    int retry_ms = kFirstRetryMs;
    bool ever_listened = false;
    int reconnections = 0;
};

void SiteChangeListener::Impl::Drop() {
    if (socket.is_open()) (void)socket.release();  // cancels a pending wait (operation_aborted)
    if (conn) PQfinish(conn);
    conn = nullptr;
    phase = Phase::kIdle;
}

void SiteChangeListener::Impl::Connect() {
    Drop();
    // TCP keepalives notice a peer that vanished without closing (a cut cable, a failed-over
    // host) within about a minute; the operator's conninfo, expanded last, may override them.
    const char* keys[] = {"keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count",
                          "application_name", "dbname", nullptr};
    const char* values[] = {"1", "30", "10", "3", "anlaufstelle-central-listen", conninfo.c_str(), nullptr};
    conn = PQconnectStartParams(keys, values, 1);
    if (!conn) return Lost("out of memory");
    if (PQstatus(conn) == CONNECTION_BAD) return Lost(PQerrorMessage(conn));
    phase = Phase::kConnecting;
    WaitSocket(true);  // libpq: start as if PQconnectPoll had said PGRES_POLLING_WRITING
}

void SiteChangeListener::Impl::WaitSocket(bool for_write) {
    const int fd = PQsocket(conn);
    if (fd < 0) return Lost("no socket");
    // libpq may open a new socket while connecting (another address of the host): follow it.
    if (socket.is_open() && socket.native_handle() != fd) (void)socket.release();
    if (!socket.is_open()) {
        boost::system::error_code ec;
        socket.assign(fd, ec);
        if (ec) return Lost(ec.message());
    }
    std::weak_ptr<Impl> weak = shared_from_this();
    socket.async_wait(for_write ? asio::posix::stream_descriptor::wait_write : asio::posix::stream_descriptor::wait_read,
                      [weak](const boost::system::error_code& ec) {
                          if (auto self = weak.lock()) self->OnReady(ec);
                      });
}

void SiteChangeListener::Impl::OnReady(const boost::system::error_code& ec) {
    if (ec == asio::error::operation_aborted || !conn) return;  // dropped meanwhile
    if (ec) return Lost(ec.message());
    if (phase == Phase::kConnecting) return OnConnectProgress();
    OnInput();
}

void SiteChangeListener::Impl::OnConnectProgress() {
    switch (PQconnectPoll(conn)) {
        case PGRES_POLLING_READING: return WaitSocket(false);
        case PGRES_POLLING_WRITING: return WaitSocket(true);
        case PGRES_POLLING_OK: break;
        default: return Lost(PQerrorMessage(conn));
    }
    // Connected. The LISTENs are a few bytes on a fresh socket: sending them cannot block for long.
    const std::string listen = std::string("LISTEN ") + kSiteChannel + "; LISTEN " + kDeviceChannel;
    if (!PQsendQuery(conn, listen.c_str())) return Lost(PQerrorMessage(conn));
    phase = Phase::kListenSent;
    listens_pending = 2;
    WaitSocket(false);
}

void SiteChangeListener::Impl::OnInput() {
    if (!PQconsumeInput(conn)) return Lost(PQerrorMessage(conn));
    // The LISTEN's own answer (and nothing else: this connection sends no other statement).
    while (!PQisBusy(conn)) {
        PGresult* result = PQgetResult(conn);
        if (!result) break;
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) return Lost(PQerrorMessage(conn));
        // Listening only once both LISTENs took effect: a revocation notice missed in between
        // would leave a revoked token in a poll's cache (service.h, revocation_notices).
        if (phase == Phase::kListenSent && --listens_pending == 0) {
            phase = Phase::kListening;
            retry_ms = kFirstRetryMs;
            if (ever_listened) {
                ++reconnections;
                WriteLogLine(LogLevel::kInfo, "listening for other instances' events again (PostgreSQL LISTEN)");
            }
            ever_listened = true;
            // From here on every commit notifies; what committed before is read by the polls
            // this wakes (a poll with nothing new parks again).
            if (callbacks.resync) callbacks.resync();
        }
    }
    while (PGnotify* notice = PQnotifies(conn)) {
        const std::string channel = notice->relname ? notice->relname : "";
        std::string site = notice->extra ? notice->extra : "";
        PQfreemem(notice);
        // A revocation: its payload (the registration) is not needed, every kept token goes.
        if (channel == kDeviceChannel) {
            if (callbacks.device_revoked) callbacks.device_revoked();
            continue;
        }
        // Only our own writes notify this channel; a site name is an id, so an odd payload is
        // dropped rather than used as a map key of arbitrary size.
        if (channel != kSiteChannel || site.empty() || site.size() > 200) continue;
        if (callbacks.site_changed) callbacks.site_changed(site);
    }
    if (PQstatus(conn) == CONNECTION_BAD) return Lost(PQerrorMessage(conn));
    WaitSocket(false);
}

void SiteChangeListener::Impl::Lost(const std::string& why) {
    std::string reason = why;
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    while (!reason.empty() && reason.back() == ' ') reason.pop_back();
    const bool was_listening = phase == Phase::kListening;
    Drop();
    WriteLogLine(LogLevel::kWarning,
                 std::string(was_listening ? "lost" : "cannot make") +
                     " the PostgreSQL connection that hears other instances' events (" + reason.substr(0, 200) +
                     "); long-polls here wake only for this instance's pushes until it is back; retrying in " +
                     std::to_string(retry_ms) + " ms");
    retry.expires_after(std::chrono::milliseconds(retry_ms));
    retry_ms = std::min(retry_ms * 2, kLastRetryMs);
    std::weak_ptr<Impl> weak = shared_from_this();
    retry.async_wait([weak](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self) return;
        self->Connect();
    });
}

SiteChangeListener::SiteChangeListener(asio::io_context& io, std::string conninfo, SiteChangeCallbacks callbacks)
    : impl_(std::make_shared<Impl>(io, std::move(conninfo), std::move(callbacks))) {}

SiteChangeListener::~SiteChangeListener() {
    impl_->retry.cancel();
    impl_->Drop();
}

Status SiteChangeListener::Start() {
    char* error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(impl_->conninfo.c_str(), &error);
    if (!parsed) {
        std::string detail = error ? error : "out of memory";
        if (error) PQfreemem(error);
        while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
        return MakeError(ErrorCode::kInvalidInput, "The PostgreSQL store address cannot be read (" + detail + ").");
    }
    PQconninfoFree(parsed);
    asio::post(impl_->io, [weak = std::weak_ptr<Impl>(impl_)] {
        if (auto self = weak.lock()) self->Connect();
    });
    return {};
}

bool SiteChangeListener::listening() const { return impl_->phase == Impl::Phase::kListening; }
int SiteChangeListener::reconnections() const { return impl_->reconnections; }

}  // namespace anl::sync::central
