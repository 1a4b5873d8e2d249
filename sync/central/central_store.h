// central store: where the central service keeps devices and the site's ordered event log.
//   One small interface, two implementations: embedded SQLite (default, one machine) and
//   PostgreSQL (a city or a state; several stateless central instances on one database).
//   Must never: know HTTP, hold a token in clear text, reorder or change a stored event.
//   The only SQL of the central service lives in central_store_sqlite.cpp and
//   central_store_postgres.cpp (and, for slots and wake-ups across instances, escrow_*.cpp,
//   postgres_util.cpp and site_changes_postgres.cpp); both stores pass the same test suite
//   (tests/sync/test_central_store.cpp).
//
// Invariants (checked by the tests against both implementations):
//   - (device, seq) is stored at most once; a device's stored seqs are exactly 1..acked_seq.
//   - `order` is assigned at storage, strictly increasing in commit order within a site, and
//     never changes; ReadAfter returns a site's events in that order.
//   - A revoked device's token no longer authenticates and its pushes store nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/base/base.h"
#include "sync/protocol/protocol.h"

namespace anl::sync::central {

// A registered device as the central knows it. Token and code appear only as hashes.
using DeviceRecord = DeviceInfo;

struct StoredEvent {
    std::int64_t order = 0;
    Event event;
};

struct StoredConfig {
    std::int64_t version = 0;
    Micros published_us = 0;
    std::string body;
};

inline Error ConfigRace(const std::string& site) {
    return MakeError(ErrorCode::kRejected, "Another configuration of site \"" + site +
                                               "\" was published at the same moment; publish again.");
}

struct IngestOutcome {
    std::int64_t acked_seq = 0;
    std::int64_t stored = 0;
    std::int64_t duplicates = 0;
    std::int64_t refused = 0;              // after a gap
    std::vector<RefusedEvent> rejected;   // refused by the rules, acknowledged, not in the order
};
// What a retention run emptied: events, and fields by name.
struct RetentionPurge {
    std::int64_t events = 0;
    std::map<std::string, std::int64_t> fields;
};
// The purged payload of a stored event, or nullopt when nothing personal is left in it
// (store_rules.cpp; core::PurgePersonalFields). Counts into `purge`.
std::optional<std::string> PurgedPayload(const std::string& type, const std::string& payload, RetentionPurge& purge);
// Is a resent event's payload the stored one? Equal, or the resent one is the stored one with
// its personal fields emptied: the terminal erased a visitor's data (core.h section 14) before
// it learnt that its push had arrived; the privacy.erased after it empties the stored copy.
bool SameOrErasedPayload(const std::string& type, const std::string& stored, const std::string& resent);

// seq -> why the service refused that event of a push (core::ValidateEvent).
using Rejections = std::map<std::int64_t, RefusedEvent>;

class CentralStore {
public:
    virtual ~CentralStore() = default;
    virtual std::string_view Kind() const = 0;  // "sqlite" or "postgresql", for /metrics and logs

    // Registers a device that may enrol once with the code whose hash is given.
    virtual Result<DeviceRecord> AddDevice(const std::string& site, Role role, const std::string& name,
                                           const std::string& code_hash, Micros expires_us) = 0;
    // Exchanges a pending registration's code (by hash) for a device token (by hash), binding
    // the terminal's device id and ticket-number slot. One time: the code is forgotten
    // afterwards. Refused without using the code up: a terminal set up for another site than
    // the code's, or a slot another active ticket-issuing device of the site holds (ticket
    // numbers are unique per site and day only while slots are).
    virtual Result<DeviceRecord> Enroll(const std::string& code_hash, const std::string& device,
                                        const std::string& site, int slot, const std::string& token_hash,
                                        Micros now) = 0;
    // The active device holding this token, or nullopt.
    virtual Result<std::optional<DeviceRecord>> DeviceByToken(const std::string& token_hash) = 0;
    virtual Result<std::vector<DeviceRecord>> ListDevices() = 0;
    // Revokes by device id, or by "#N" (registration N, e.g. one never enrolled). At once.
    virtual Result<DeviceRecord> Revoke(const std::string& device_or_registration) = 0;

    // Stores the contiguous new part of a device's consecutive events in one transaction
    // (duplicates ignored, anything after a gap refused). A duplicate whose content differs
    // from what is stored is refused as kRejected: the device lost its own history.
    // An event named in `rejected` is acknowledged (acked_seq passes it) but kept out of the
    // order: only its seq, type, time and reason are recorded, so a resend is a duplicate.
    virtual Result<IngestOutcome> Ingest(const DeviceRecord& device, const std::vector<Event>& events, Micros now,
                                         const Rejections& rejected) = 0;
    Result<IngestOutcome> Ingest(const DeviceRecord& device, const std::vector<Event>& events, Micros now) {
        return Ingest(device, events, now, {});
    }
    // Can the store write now? A cheap probe for /healthz (a write transaction that changes
    // nothing); the error says why not.
    virtual Status ProbeWrite() = 0;
    // A site's events after `cursor` in central order, at most `limit`.
    virtual Result<std::vector<StoredEvent>> ReadAfter(const std::string& site, std::int64_t cursor,
                                                       int limit) = 0;
    // Number of stored events (all sites), for metrics.
    virtual Result<std::int64_t> CountEvents() = 0;
    // Number of one site's stored events. Tests count with this: several test programs share
    // one PostgreSQL database at once, each in its own sites, so a count of all sites races.
    virtual Result<std::int64_t> CountSiteEvents(const std::string& site) = 0;
    // Appends an event the central writes itself (device core::kCentralDeviceId, the next seq
    // of that device) to a site's order: its audit entries (docs/ROLES.md). One transaction.
    virtual Status AppendCentralEvent(const std::string& site, const std::string& type, const std::string& payload,
                                      Micros now) = 0;
    // Retention (core.h section 13, docs/DATA-PROTECTION.md): empties the personal fields of
    // every stored event older than `older_than` (all sites) in one transaction, keeping each
    // event's shape, order and key; then makes sure no old copy stays (SQLite: secure_delete
    // and a truncating checkpoint; PostgreSQL: VACUUM of the events table). The one change a
    // stored event ever sees. dry_run: counts only.
    virtual Result<RetentionPurge> PurgePersonalData(Micros older_than, bool dry_run) = 0;
    // A visitor's erasure (core.h section 14): empties the personal fields of the site's events
    // named by (device, seq) in one transaction, as PurgePersonalData does (shape, order and key
    // stay; no old copy is left). Events the site does not hold are skipped.
    virtual Result<RetentionPurge> EraseEvents(const std::string& site,
                                               const std::vector<std::pair<std::string, std::int64_t>>& keys) = 0;

    // --- configuration down: every published version of a site's config, kept ----------
    // The site's newest config version (0: none published).
    virtual Result<std::int64_t> ConfigVersion(const std::string& site) = 0;
    // The newest version and its body (an encoded SiteConfig with staff), or nullopt.
    virtual Result<std::optional<StoredConfig>> ReadConfig(const std::string& site) = 0;
    // One kept version and its body, or nullopt when the site has no such version.
    virtual Result<std::optional<StoredConfig>> ReadConfigVersion(const std::string& site, std::int64_t version) = 0;
    // Every kept version, newest first (bodies included: the caller summarises them).
    virtual Result<std::vector<StoredConfig>> ListConfigs(const std::string& site) = 0;
    // Stores `body` as version expected_version + 1. When another publication took that
    // version first, kRejected and nothing changes (the caller merges again and retries).
    virtual Result<std::int64_t> StoreConfig(const std::string& site, std::int64_t expected_version,
                                             const std::string& body, Micros now) = 0;
};

// --- retention per site (retention.cpp; docs/DATA-PROTECTION.md) ---------------------------
// The sites the central knows: every site a device is registered for, sorted.
Result<std::vector<std::string>> KnownSites(CentralStore& store);
// The site's retention period: its published catalogue's [retention] days, else `fallback_days`
// (the central's own catalogue, or core::kDefaultRetentionDays).
Result<int> SiteRetentionDays(CentralStore& store, const std::string& site, int fallback_days);
// Empties the personal fields of the site's events older than `older_than` through EraseEvents
// (no SQL of its own: the site's order is read with ReadAfter). dry_run: counts only.
Result<RetentionPurge> PurgeSitePersonalData(CentralStore& store, const std::string& site, Micros older_than,
                                             bool dry_run);

// ---------------------------------------------------------------------------------------
// Rules both implementations apply alike (store_rules.cpp): the SQL differs, the logic and
// the sentences must not. Each store fetches the facts in its own transaction.
// ---------------------------------------------------------------------------------------
DeviceState ParseDeviceState(std::string_view stored);  // "active", "revoked", else pending

// Which events of a push to store, given the device's acked_seq: seq <= acked_seq is a
// duplicate (compared with the stored one through `same_as_stored`; different content is
// kRejected: the terminal lost its history), acked_seq + 1, + 2 ... are stored, anything
// after a gap is refused.
struct IngestPlan {
    IngestOutcome outcome;              // acked_seq after storing, and the counts
    std::vector<const Event*> to_store; // in seq order, contiguous from the old acked_seq + 1
    std::vector<const Event*> to_reject;  // named in `rejected`: record, acknowledge, never order
};
// What the store holds under a duplicate's (device, seq).
struct StoredMatch {
    bool same = false;       // the same event (a refused one: the same type and time)
    std::string refused_as;  // the reason, when the central refused it: said again in the
                             // reply, so a terminal whose first answer was lost still learns it
};
Result<IngestPlan> PlanIngest(std::int64_t acked_seq, const std::vector<Event>& events,
                              const std::function<Result<StoredMatch>(const Event&)>& same_as_stored,
                              const Rejections& rejected = {});

// Every event of `site` after `after` in the site's order, page by page, to `visit`: for the
// readers of a site's whole log (the validation's catch-up, reports, retention, a visitor's
// request). Stops at the first error of the store or of `visit` and returns it.
Status ForEachSiteEvent(CentralStore& store, const std::string& site, std::int64_t after,
                        const std::function<Status(const StoredEvent&)>& visit);

// An enrolment code as the store found it by its hash (pending registrations only).
struct PendingCode {
    bool found = false;
    Micros expires_us = 0;
    std::string site;
    Role role = Role::kBoard;
};
struct EnrolmentLookups {
    // Active devices of the site on the terminal's slot, as (device id, role name); asked only
    // when the code's role issues tickets. A store serialises enrolments of a site first.
    std::function<Result<std::vector<std::pair<std::string, std::string>>>()> slot_holders;
    // Is this device id enrolled already (under any registration)?
    std::function<Result<bool>()> device_enrolled;
};
// The enrolment rules in order: a known, unexpired code; the terminal's site is the code's;
// its ticket-number slot is free among the site's ticket-issuing devices; its device id is
// new. A refusal leaves the code usable.
Status CheckEnrolment(const PendingCode& code, Micros now, const std::string& site, int slot,
                      const std::string& device, const EnrolmentLookups& lookups);

// Opens (creating and migrating) an embedded SQLite store at `path`.
Result<std::unique_ptr<CentralStore>> OpenSqliteStore(const std::string& path);
// Connects to PostgreSQL ("postgresql://user@host:port/db" or a libpq key=value string) and
// creates the tables when missing.
Result<std::unique_ptr<CentralStore>> OpenPostgresStore(const std::string& conninfo);
// Chooses by the form of `spec`: postgres:// or postgresql:// → PostgreSQL, otherwise a path.
Result<std::unique_ptr<CentralStore>> OpenCentralStore(const std::string& spec);

}  // namespace anl::sync::central
