// central, scale-out: hears from PostgreSQL when any central instance on the same database
//   stored events of a site, so this instance wakes the long-polls it holds for that site.
//   Every write that adds to a site's order (a push, the central's own audit entries and slot
//   verdicts, a published configuration) runs `NOTIFY anl_site, '<site>'` inside its
//   transaction, so the notice is delivered exactly when the events become visible, and to
//   every instance listening, the writer's own included.
//   One extra connection per instance LISTENs; it is driven by the server's io_context (the
//   socket is waited on with Asio, never a thread that sleeps). When that connection drops it
//   is made again with back-off, and once it listens again every parked poll is woken once:
//   a notice missed while it was down must not strand a device until its poll times out.
//   Must never: block the event loop (connecting is asynchronous too), log a site's events.
//   The SQLite central has no such thing: one process, its own wake-ups suffice.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kiosk/base/base.h"

namespace boost::asio {
class io_context;
}

namespace anl::sync::central {

// The channel every write of a site's order notifies, with the site as payload.
inline constexpr const char* kSiteChannel = "anl_site";
// The channel a device's revocation notifies (payload: its registration), so every instance
// forgets the device tokens it keeps for long-polls (Service::DeviceRevoked).
inline constexpr const char* kDeviceChannel = "anl_device";

struct SiteChangeCallbacks {
    // A site's order grew (through any instance): wake that site's parked polls.
    std::function<void(const std::string& site)> site_changed;
    // The connection listens again after it was lost: notices may have been missed, so wake
    // every parked poll once (each answers if its site has new events, else parks again).
    std::function<void()> resync;
    // A device was revoked (through any instance): forget the device tokens kept.
    std::function<void()> device_revoked;
};

class SiteChangeListener {
public:
    // `conninfo`: the central store's (postgresql://... or key=value). Nothing happens until Start.
    SiteChangeListener(boost::asio::io_context& io, std::string conninfo, SiteChangeCallbacks callbacks);
    ~SiteChangeListener();
    SiteChangeListener(const SiteChangeListener&) = delete;
    SiteChangeListener& operator=(const SiteChangeListener&) = delete;

    // Starts connecting on the io_context; returns at once. Fails only on a conninfo libpq
    // cannot even parse (an unreachable database is retried with back-off instead).
    Status Start();
    bool listening() const;     // the LISTENs on both channels are in effect now
    int reconnections() const;  // times the connection was made again after a loss

    // Back-off between attempts: doubles from the first to the last, then stays.
    static constexpr int kFirstRetryMs = 250;
    static constexpr int kLastRetryMs = 10'000;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace anl::sync::central
