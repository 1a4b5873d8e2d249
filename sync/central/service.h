// central service: what each endpoint does, apart from HTTP and sockets.
//   Owns: authentication (device tokens, the admin token, enrolment codes, all kept hashed),
//   the role and site rules on every request, pull answers (redacted for the receiver),
//   and the metrics. The Beast server (server.h) only moves bytes and parks long-polls;
//   tests and the simulation call Handle() directly.
//   Must never: block (a pull with nothing new returns a PollWait for the server to park),
//   log a token, a code or a payload.
#pragma once

#include <cstdint>
#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <set>
#include <string>

#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/figures/figures.h"
#include "kiosk/core/core.h"
#include "sync/central/central_store.h"
#include "sync/protocol/protocol.h"

namespace anl::sync::central {

class AppointmentDesk;  // appointment slots (escrow.h)

struct Request {
    std::string method;         // "GET" or "POST"
    std::string target;         // path and query, e.g. "/v1/pull?cursor=3&wait_ms=0&limit=10"
    std::string authorization;  // the Authorization header, "" when absent
    std::string body;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
};

// A pull that found nothing new and may wait: the server parks it until the site gets new
// events (Service::on_ingest) or wait_ms passes, then calls AnswerPull.
struct PollWait {
    std::string site;
    std::string token_hash;  // re-checked on answer: a revocation ends a waiting poll too
    Pull pull;
};

struct Outcome {
    Response response;
    std::optional<PollWait> wait;  // set: do not send `response`; park and AnswerPull later
};

struct Counters {
    std::int64_t events_ingested = 0;
    std::int64_t duplicates = 0;
    std::int64_t pushes = 0;
    std::int64_t pulls = 0;
    std::int64_t tail_reads = 0;  // pull answers read from the site's tail, not the store
    std::int64_t kept_token_uses = 0;  // pulls whose device token was found among the kept ones
    std::int64_t enrolments = 0;
    std::int64_t configs_published = 0;
    std::int64_t configs_fetched = 0;
    std::int64_t reports = 0;  // GET /v1/reports answered
    std::map<std::string, std::int64_t> errors;  // by reason
    std::map<std::string, std::int64_t> events_rejected;  // events refused by core::ValidateEvent, by reason
    std::map<std::string, std::int64_t> forbidden;  // admin requests refused for want of a right, by right
    double last_ingest_lag_seconds = 0;          // receive time minus event time, last push
};

// What the central knows of a site's order to validate a push (service_validate.cpp): the
// site's events folded with core::ApplyEvent, and the site's catalogue and staff numbers.
struct SiteView {
    core::State state;
    std::int64_t cursor = 0;  // the site's order is folded up to here
    // Events folded when their push was validated, before the store gave them an order: skipped
    // when the catch-up reads them back.
    std::set<std::pair<std::string, std::int64_t>> ahead;
    std::int64_t config_version = -1;  // of the catalogue and staff below
    std::optional<catalogue::Catalogue> catalogue;  // the site's published catalogue, if any
    std::optional<std::set<std::string>> staff;     // the site's published staff numbers, if any
    std::optional<std::map<std::string, core::StaffRoles>> staff_roles;  // and their roles (docs/ROLES.md)
};

// Hashing for tokens and codes: BLAKE2b (crypto_generichash), hex. Tokens are 256 random
// bits, so a fast hash is right; a PIN would need argon2id instead.
std::string HashSecret(std::string_view secret);
std::string NewDeviceToken();
std::string NewEnrolCode();  // normalised (no dashes)

class Service {
public:
    // admin_token: the administrator's token (empty: admin endpoints are closed).
    Service(CentralStore& store, const Clock& clock, const std::string& admin_token);

    Outcome Handle(const Request& request);
    // `nothing_new`, when given, is set when the answer holds no event (the device still valid).
    Response AnswerPull(const PollWait& wait, bool* nothing_new = nullptr);

    // Called after events of a site were stored; the server wakes that site's long-polls.
    std::function<void(const std::string& site)> on_ingest;
    // The site's order grew or its stored events changed (here or, on PostgreSQL, through
    // another instance's notice): forget what this instance knows of the site's tail. The
    // server calls it before it wakes the site's polls; the service's own writes call it too.
    void SiteChanged(const std::string& site);
    // Every site at once: a notice may have been missed (the listener reconnected).
    void ForgetSiteTails();
    // Largest tail kept per site: a wake-up brings one push's few events; a poll far behind
    // reads the store as before, and 500 sites' tails stay a few MiB at most.
    static constexpr std::size_t kMaxTailEvents = 64;
    // Device tokens of pulls, kept (docs/SYNC.md, "Kept device tokens"). One push wakes every
    // poll of its site, and each woken poll and the poll its device sends next would look its
    // token up in the store again: two statements per device and event, most of a busy
    // central's work. A token's device does not change while the token is valid; only a
    // revocation ends it. So pulls may take the device from what this instance keeps, but
    // only while every revocation is sure to reach it at once. `revocation_notices` says so:
    // an epoch of the notices this instance hears now (PostgreSQL: its listener's connection;
    // it changes when the connection was lost and made again, and what is kept is let go), or
    // nullopt while it hears none (nothing kept, every pull asks the store). Unset: nothing is
    // ever kept. A revocation through this instance lets go at once; through another instance,
    // its notice does (DeviceRevoked). Pushes and every other request always ask the store.
    std::function<std::optional<int>()> revocation_notices;
    void DeviceRevoked();
    static constexpr std::size_t kMaxKeptTokens = 100'000;
    // Asked by /metrics: how many long-polls the server holds parked.
    std::function<std::size_t()> count_long_polls;
    // Appointment slots (escrow.h): when set, /v1/appointments/* are answered and every push
    // that stored events is followed by the verdicts on its bookings.
    AppointmentDesk* appointments = nullptr;
    // Event validation (core::ValidateEvent): the sites' rules (time zone, device slots) and
    // the catalogue a site uses until it publishes its own (nullptr: offices and services
    // are checked only against a published catalogue).
    core::QueueRules rules;
    const catalogue::Catalogue* catalogue = nullptr;
    // One line per refused event (event id, device, type, reason: never a payload). Default:
    // standard error.
    std::function<void(const std::string& line)> log;
    // Process start (UTC microseconds): /metrics counters count from here (they reset on a
    // restart; anl_central_start_time_seconds says when).
    Micros started_us = 0;
    // Connections the server closed at once because ServerOptions::max_connections were open.
    std::atomic<std::int64_t> connections_refused{0};

    // The daily retention run (retention.cpp; docs/DATA-PROTECTION.md): for every known site
    // whose last run here is kRetentionInterval or more ago (or that has none since the
    // service started), empties the personal fields older than the site's published retention
    // days (its catalogue's [retention] days, else `catalogue`'s, else 90). The server calls it
    // from a timer; time is the injected clock. Returns what each site's run emptied. A site
    // that fails is logged and tried again at the next call.
    static constexpr Micros kRetentionInterval = 24LL * 3600 * kMicrosPerSecond;
    std::map<std::string, RetentionPurge> RunRetentionIfDue();

    const Counters& counters() const { return counters_; }
    std::string MetricsText() const;  // Prometheus text format
    // A refusal in the protocol's error format, counted in the metrics (the server uses it
    // for requests that never reach Handle: too large, malformed HTTP).
    Response Refuse(int status, const std::string& reason, const std::string& message);

private:
    Outcome Hello(const Request& request);
    Outcome Push(const Request& request);
    Outcome Pull(const Request& request);
    Outcome Enroll(const Request& request);
    Outcome AdminAddDevice(const Request& request);
    Outcome AdminListDevices(const Request& request);
    Outcome ConfigVersionList(const Request& request);
    Outcome AdminRevoke(const Request& request);
    Outcome FetchConfig(const Request& request);     // GET /v1/config (service_config.cpp)
    Outcome PublishConfig(const Request& request);   // POST /v1/admin/config (service_config.cpp)
    Outcome Reports(const Request& request);         // GET /v1/reports (service_reports.cpp)
    Outcome Privacy(const Request& request);         // GET/POST /v1/admin/privacy (service_privacy.cpp)
    // Carries out the privacy.erased events of a push that Ingest stored (service_privacy.cpp).
    void ApplyPushedErasures(const DeviceRecord& device, const std::vector<Event>& events, const IngestOutcome& outcome);
    std::int64_t SiteConfigVersion(const std::string& site);
    // Rights (docs/ROLES.md; service_config.cpp): who may publish; a refusal counted and logged.
    std::optional<Response> CheckPublisher(const ConfigPublish& publish, const std::optional<SiteConfig>& current,
                                           const std::optional<DeviceRecord>& admin_device);
    void Forbidden(const std::string& site, const std::string& device, const std::string& role,
                   const std::string& staff, core::Right right);
    // Appends the central's own audit event to a site's order (central_store.h AppendCentralEvent).
    void Audit(const std::string& site, const core::Event& event);

    // The device of the request's token. `may_keep`: a pull, which may use the kept tokens.
    Result<DeviceRecord> Authenticate(const Request& request, std::string* token_hash = nullptr, bool may_keep = false);
    // The active device of a token for a pull: kept, or asked of the store (and then kept).
    Result<std::optional<DeviceRecord>> PullingDevice(const std::string& token_hash);
    bool IsAdmin(const Request& request) const;
    Response RefuseError(const Error& error);
    Response ReadPull(const DeviceRecord& device, const sync::Pull& pull, bool* empty);
    // The site's events after `cursor`, from the site's tail when it holds them, else from
    // the store (a read that reaches the end of the order becomes the tail).
    Result<std::vector<StoredEvent>> ReadSiteAfter(const std::string& site, std::int64_t cursor, int limit);
    // Validation of a push (service_validate.cpp): the site's view caught up with its order,
    // then every new event of the push checked in seq order (accepted ones folded into the view).
    Result<SiteView*> CatchUp(const std::string& site);
    Result<Rejections> ValidatePush(const DeviceRecord& device, const std::vector<Event>& events);
    void Seen(const DeviceRecord& device);

    CentralStore& store_;
    const Clock& clock_;
    std::string admin_token_hash_;
    Counters counters_;
    std::map<std::int64_t, Micros> last_seen_;  // registration -> last request, for "connected"
    // site -> (newest config version, when read): every hello and pull answer names it, and
    // 500 parked polls woken at once must not cost 500 store reads. A publication through
    // this instance updates it at once; one through another instance shows within kConfigVersionTtl.
    std::map<std::string, std::pair<std::int64_t, Micros>> config_versions_;
    std::map<std::string, SiteView> site_views_;
    // A site's tail: every event after `after` in its order, and nothing later, as a store
    // read that reached the end found it; true until SiteChanged(site). One push wakes every
    // poll of its site and each would read the same few events: they share this one read
    // (docs/PERFORMANCE.md, "City"). Only ever whole events from the store, so redaction by
    // role and the own-event markers stay per poll (ReadPull); an erasure forgets the tail.
    struct SiteTail {
        std::int64_t after = 0;
        std::vector<StoredEvent> events;
    };
    std::map<std::string, SiteTail> tails_;
    // token hash -> its device, for pulls (revocation_notices above); valid for `kept_epoch_`.
    std::unordered_map<std::string, DeviceRecord> kept_tokens_;
    std::optional<int> kept_epoch_;
    // The key figures' fold of each site, up to `cursor` in the site's order: a report folds
    // only what arrived since the last one, then summarises (service_reports.cpp).
    struct FiguresFold {
        std::unique_ptr<figures::SiteFold> fold;
        std::int64_t cursor = 0;
    };
    std::map<std::string, FiguresFold> figures_folds_;
    std::map<std::string, Micros> retention_runs_;  // site -> last retention run (this process)
};

}  // namespace anl::sync::central
