// store: the terminal's local SQLite store. The ONLY code that speaks SQL.
//   - Events are the source of truth. Every state change is one or more core::Events,
//     written to the `events` table (the outbox for this device's own events) IN THE SAME
//     TRANSACTION as the rows they change (visits, tickets, calls), which are a projection
//     folded by core::ApplyEvent. A failed write leaves neither the change nor its event.
//   - Durable: WAL with synchronous=FULL; a commit that returned has reached the disk.
//   - Opening checks the file (ours? which version? intact?) and migrates it forward.
// Must never: decide a queue rule itself (the core does), hash in SQL, or show UI.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"

// Index
//   1. Opening: options, fault injection, schema version
//   2. Store: set-up, commands, queries, the sync seam, staff

namespace anl::store {

namespace sql { class Connection; }  // private to the store (sql.h)

// ---------------------------------------------------------------------------------------
// 1. Opening
// ---------------------------------------------------------------------------------------

// "ANLF": PRAGMA application_id of every Anlaufstelle store, so a foreign file is refused.
inline constexpr std::int32_t kApplicationId = 0x414E4C46;
// The newest schema version (PRAGMA user_version). Migrations are numbered 1..kSchemaVersion
// and only ever run forward; an older file is migrated at open, a newer one is refused.
int SchemaVersion();

// Fault injection for tests; compiled in, everything off by default. Writes are counted
// from 1 over every data-changing statement and every COMMIT the store runs.
struct FaultPlan {
    int fail_write = 0;      // the Nth write fails as if the disk said no (0: never)
    int crash_before_write = 0;  // the process exits (std::_Exit(86)) just before the Nth write
    std::int64_t max_page_count = 0;  // caps the file size in pages, to play "disk full"
};

struct OpenOptions {
    bool create = true;  // create and initialise the file when it does not exist
    FaultPlan faults;
    // Tests only: migrate a fresh or older file only up to this version (0: newest).
    int migrate_to_version = 0;
};

// Where a site's settings live; stored at init, read at open.
struct SiteSettings {
    std::string site_id = "site-1";
    core::QueueRules rules;
};

// An event kept out of the fold because it broke a rule of core::ValidateEvent: its
// skipped_because starts with this, then the reason word and the sentence ("refused: number:
// ..."). The store's own check on pulling sets it; so does MarkRefused for an own event the
// central refused. A re-fold (RebuildProjection) leaves such events out again.
inline constexpr std::string_view kRefusedPrefix = "refused: ";

// One stored event with where it sits in this device's log.
struct StoredEvent {
    std::int64_t pos = 0;      // local arrival order (1, 2, 3 ... on this device)
    core::Event event;
    bool applied = true;       // false: the reducer skipped it (skipped_because says why)
    std::string skipped_because;
};

// (device_id, seq): names one event everywhere.
struct EventKey {
    std::string device_id;
    std::int64_t seq = 0;
};

// What a successful command produced: its events and the tickets they touched.
struct Outcome {
    std::vector<core::Event> events;
    std::vector<std::string> ticket_ids;
};

// --- sync: a site configuration as the terminal applies it (config_store.cpp; sync/config
//     validates it first) ---
struct SiteConfigRecord {
    std::int64_t version = 0;
    Micros published_us = 0;
    Micros applied_us = 0;                           // when the terminal applied it (the caller's clock)
    std::optional<catalogue::Catalogue> catalogue;   // the parsed catalogue, when the config has one
    std::vector<std::pair<std::string, std::string>> files;  // (path, text), e.g. ("catalogue/offices.toml", ...)
    std::optional<std::vector<core::Staff>> staff;   // number, name, pin_hash; nullopt: keep staff as is
};
// --- appointment slots (kiosk/store/appointments.cpp) --------------------------------------
// A slot the central service lets this terminal give out while offline (its escrow).
struct EscrowSlot {
    std::string slot_id;
    std::string service_id;
    Micros start_us = 0;
    Micros end_us = 0;
    Micros expires_us = 0;  // after this the central may give it to another terminal
};
// What a check-in with a printed reference came to (Store::CheckInAppointment): the core's
// verdict (reason kCheckInOnTime, kCheckInEarly ...) and, on time, the ticket it gave.
struct CheckIn {
    core::CheckInVerdict verdict;
    std::string ticket_id;  // on time: the new ticket (its visit has the appointment priority)
    std::string display;    // on time, or checked in already: that ticket's number, "A-101"
};
// --- end appointment slots -------------------------------------------------------------------

// ---------------------------------------------------------------------------------------
// 2. Store
// ---------------------------------------------------------------------------------------
class Store {
public:
    // Opens (and with options.create, creates) the store at `path`: refuses a file that is
    // not SQLite, a foreign SQLite database and a newer schema; runs PRAGMA integrity_check;
    // migrates older files. Every error names the file and says what to do.
    static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& path, const Clock& clock,
                                               const OpenOptions& options = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // --- set-up ---------------------------------------------------------------------------
    // Writes the site, its catalogue (offices, services, priority classes) and registers this
    // device with its ticket-number slot. Running it again updates the site and catalogue;
    // a different device id on an initialised store is refused.
    Status Initialise(const SiteSettings& site, const catalogue::Catalogue& catalogue,
                      const core::Device& self);
    bool initialised() const;
    const SiteSettings& site() const;
    const core::Device& self() const;
    // The catalogue as stored: offices, services and priority classes (no documents/finder).
    const catalogue::Catalogue& catalogue() const;

    // --- commands -------------------------------------------------------------------------
    // Decides `command` with core::Decide at the clock's time, then stores its events and
    // their projection in one durable transaction. On any failure nothing is changed.
    Result<Outcome> Execute(const core::Command& command, const std::string& staff_number = "");

    // --- queries --------------------------------------------------------------------------
    const core::State& state() const;  // the folded state (visits, tickets, recent calls)
    std::vector<core::QueueEntry> Queue(std::string_view office_id = "") const;
    int EstimateWaitMinutes(std::string_view ticket_id) const;
    // "A-042" (today's, else the latest) or a ticket id -> ticket id.
    Result<std::string> ResolveTicket(std::string_view reference) const;
    std::string Today() const;  // the site's local service day, "2026-01-01"
    // Reads the file again only if another connection (a second ctl, the sync worker's
    // own connection) committed since: one PRAGMA data_version when nothing changed.
    // Returns whether the state was reloaded.
    Result<bool> RefreshIfChanged();
    // Every event in local arrival order after `after_pos` (0: from the start).
    Result<std::vector<StoredEvent>> ListEvents(std::int64_t after_pos = 0, int limit = 1000) const;
    // Every event after `after_pos` in local arrival order, one at a time, through one
    // statement: for readers of the whole log (reports, the dashboard). Paging with
    // ListEvents costs a scan of the table per page (`pos` has no index, on purpose: a
    // ticket issue writes one b-tree less), which made a year's report quadratic. Stops at
    // the first error `visit` returns and returns it.
    Status ForEachEvent(std::int64_t after_pos, const std::function<Status(const StoredEvent&)>& visit) const;

    // --- the sync seam ---------------------------------------------------------------------
    // Stores events decided on other devices and folds them, all in one transaction.
    // Idempotent on (device_id, seq): an event already stored is ignored. Returns how many
    // were new. Malformed events fail the whole batch and store nothing. Every new event is
    // checked with core::ValidateEvent first (the rules that do not depend on the local fold
    // order: shape, text, times, number and display code, ids, catalogue references); one
    // that breaks a rule is stored as refused (kRefusedPrefix) and never folded.
    Result<int> ApplyRemoteEvents(const std::vector<core::Event>& events);
    // Records that the central refused this device's own event `seq` (reason word and
    // sentence): it stays in the log, marked refused, and leaves the fold at the next
    // RebuildProjection. Unknown or foreign seqs are an error.
    Status MarkRefused(std::int64_t seq, const std::string& reason);
    // Every event kept out of the fold as refused, oldest first (own and pulled).
    Result<std::vector<StoredEvent>> RefusedEvents() const;
    // This device's own events the fold left out (refused, or turned down by the central
    // order), oldest first. Reads only this device's events: the sync engine asks after
    // every pull, and a busy day's log must not be read whole each time.
    Result<std::vector<StoredEvent>> OwnEventsNotApplied() const;
    // This device's own events with seq > after_seq, oldest first, at most `limit`.
    Result<std::vector<core::Event>> ReadOutbox(std::int64_t after_seq, int limit) const;
    // Records that the central service has this device's events up to `up_to_seq`.
    Status MarkSent(std::int64_t up_to_seq);
    Result<std::int64_t> PendingCount() const;  // own events not yet marked sent
    std::int64_t SentUpTo() const;
    // Re-folds every stored event into fresh visits/tickets/calls: the events named in
    // `order` first in that order (e.g. the central service's order), then all others in
    // local arrival order. One transaction; on failure the old projection stays.
    Status RebuildProjection(std::span<const EventKey> order = {});

    // --- staff sign-in -----------------------------------------------------------------------
    // Adds a desk staff member while setting a site up (nobody signed in): AddStaffAs("", ...,
    // {desk}). Refused once the store has an administrator. The PIN is hashed (argon2id) by
    // the core before it reaches SQL.
    Status AddStaff(const std::string& number, const std::string& name, const std::string& pin);
    // Checks number + PIN. After core::kMaxFailedSignIns wrong PINs the number is locked for
    // core::kSignInLockout. Wrong number and wrong PIN give the same answer.
    Result<core::Staff> SignIn(const std::string& number, const std::string& pin);
    // The same check, answering refusals as data (attempts left, locked until) for screens
    // that say it in the staff member's language. The Result fails only when the store does.
    // An unknown number counts its attempts in memory, so it answers like a known one.
    Result<core::SignInOutcome> TrySignIn(const std::string& number, const std::string& pin);
    // Staff number -> name, for showing who served a visitor (no hashes, no counters).
    Result<std::map<std::string, std::string>> StaffNames() const;

    // --- staff administration and the audit log (staff_admin.cpp; core.h section 12) ---------
    // Every function here acts for `acting`, the staff number of someone who signed in on this
    // terminal (SignIn/TrySignIn checked the PIN; "" when nobody did). It checks the rights
    // table (core::CheckRight: the terminal's role and the staff member's roles) before it
    // changes or reads anything; a refusal is a kUnauthorized error with reason "forbidden"
    // and leaves an audit.refused event. Every change leaves an audit.staff event in the
    // same transaction. The last administrator cannot be removed or demoted (reason
    // "last_administrator"). Setting a site up: while the store has no administrator, staff
    // may be added without signing in (the first administrator among them).
    Status AddStaffAs(const std::string& acting, const std::string& number, const std::string& name,
                      const std::string& pin, const core::StaffRoles& roles);
    Status SetStaffRoles(const std::string& acting, const std::string& number, const core::StaffRoles& roles);
    // A new PIN (hashed here); the number's lock-out and failed attempts are cleared.
    Status ResetStaffPin(const std::string& acting, const std::string& number, const std::string& new_pin);
    Status RemoveStaff(const std::string& acting, const std::string& number);
    // Every staff member (number, name, roles, lock-out; never the hash), by number. Needs
    // manage_staff.
    Result<std::vector<core::Staff>> ListStaff(const std::string& acting);
    // One staff member's roles and name without a right (for a screen after sign-in), or nullopt.
    Result<std::optional<core::Staff>> FindStaff(const std::string& number) const;
    // The audit log (read_audit), oldest first: audit.* events and the queue's calls,
    // transfers and cancellations, filtered; at most `limit` entries (the newest ones).
    Result<std::vector<core::AuditEntry>> AuditLog(const std::string& acting, const core::AuditQuery& query,
                                                   int limit = 10000);
    // Checks `right` for `acting` as above (refusal audited as `action`, a fixed word such as
    // "key_figures"): for actions performed elsewhere (the admin screen's key figures, ctl
    // config publish) before they run.
    Status Authorise(const std::string& acting, core::Right right, std::string_view action);
    // Records a configuration version published or rolled back ("published" | "rolled_back")
    // by `acting` (publish_config is checked: call Authorise first for a clear refusal).
    Status RecordConfigAudit(const std::string& acting, std::string_view action, std::int64_t version);

    // --- site configuration from the central service (sync; config_store.cpp) ---------------
    // Applies a configuration version in ONE transaction: the catalogue tables (when the
    // config has a catalogue), the config's files, the staff list (when it has one: staff
    // not in it are removed, sign-in lock-outs of unchanged staff kept) and the version.
    // Refuses a version not newer than the applied one. On any failure nothing changes.
    Status ApplySiteConfig(const SiteConfigRecord& config);
    // The applied configuration (version 0 and no files: none applied yet).
    Result<SiteConfigRecord> AppliedSiteConfig() const;

    // --- checks, for tests and operators ----------------------------------------------------
    Status CheckIntegrity() const;  // PRAGMA integrity_check
    // Tests only: a new fault plan, counting writes from now (max_page_count applies too).
    Status SetFaultPlan(const FaultPlan& faults);
    const std::filesystem::path& path() const;

    // --- appointment slots (kiosk/store/appointments.cpp) -----------------------------------
    // Replaces the escrow with what the central granted (local configuration, not events).
    Status ReplaceEscrow(const std::vector<EscrowSlot>& slots);
    // Adds one slot the central just reserved for this terminal (an online booking).
    Status AddToEscrow(const EscrowSlot& slot);
    // Escrow slots not yet expired and not booked here, by start time.
    Result<std::vector<EscrowSlot>> Escrow() const;
    // Books a slot from this terminal's escrow (core::DecideBooking checks the slot itself);
    // refused with a clear sentence when the slot is not held here or its hold expired.
    Result<core::Appointment> BookAppointment(const core::BookAppointment& command);
    // Cancels by id or printed reference. Only a desk or an administrator's terminal cancels
    // (the central refuses appointment.cancelled from a kiosk).
    Result<core::Appointment> CancelAppointment(std::string_view reference);
    // Checks a visitor in with the printed reference (any spelling: "a 0329 0830 1"). On time
    // (QueueRules::check_in_before/after) it issues the ticket with appointment priority and
    // marks the appointment arrived in one transaction; early, late, unknown, cancelled or
    // checked in already come back as the verdict, nothing stored. Fails only when the store does.
    Result<CheckIn> CheckInAppointment(std::string_view reference);
    // Every booking this terminal knows, by start time.
    std::vector<core::Appointment> Appointments() const;
    // Moves a standing booking (id or reference) to another slot of the same service, as one
    // desk action: the new slot is booked first (from this terminal's escrow), and only then
    // is the old booking cancelled, so a visitor never loses the old one unless the new one
    // is held. Returns the new booking. (kiosk/store/desk_appointments.cpp)
    Result<core::Appointment> MoveAppointment(std::string_view reference, const std::string& new_slot_id);
    // The highest seq of this device's own events (0: none yet).
    std::int64_t LastOwnSeq() const;
    // --- end appointment slots ---------------------------------------------------------------

    // --- device alerts (device_alerts.cpp; core.h "device alerts") ---------------------------
    // Records that this terminal's own `device_kind` ("printer") failed or works again, as a
    // device.alert event that syncs to every desk.
    Status ReportDeviceAlert(std::string_view device_kind, bool failed);
    // The alerts that stand: per device and kind the newest device.alert of the last
    // kDeviceAlertHorizon, when it says "failed". Newest first.
    static constexpr Micros kDeviceAlertHorizon = 24LL * 3600 * kMicrosPerSecond;
    Result<std::vector<core::DeviceAlert>> StandingDeviceAlerts() const;
    // --- visitor feedback (feedback.cpp; core.h "visitor feedback") --------------------------
    // Records a visitor's anonymous answers at a kiosk (an administrator's ctl too) as a
    // feedback.given event; a desk or call display is refused.
    Result<core::Event> GiveFeedback(const core::GiveFeedback& command);
    // Today's visit with the number a visitor typed at the kiosk ("A042") and whether every
    // stop of it is finished (core::FindVisitEnd), on the freshest state. Reads only: nothing
    // of the lookup is recorded, so the feedback that follows stays anonymous.
    Result<core::VisitEnd> FindVisitEnd(std::string_view typed_number);
    // --- referrals and case-management hand-offs (kiosk/store/network.cpp) --------------------
    // A desk refers a visitor to a partner (referral.given; no visitor data in it).
    Result<core::Event> GiveReferral(const core::GiveReferral& command, const std::string& staff_number = "");
    // A desk hands a visit to case management (handoff.given) after the consent step.
    Result<core::Handoff> HandToCaseManagement(const core::HandToCaseManagement& command,
                                               const std::string& staff_number = "");
    // Every hand-off this terminal knows, newest first.
    std::vector<core::Handoff> Handoffs() const;
    // --- end referrals -------------------------------------------------------------------------

    // --- retention (store.cpp; core.h section 13, docs/DATA-PROTECTION.md) ---------------------
    // Empties the personal fields of every event older than `older_than` (UTC) and of the rows
    // folded from them (tickets' notes; hand-offs' name, reason and consent), in one
    // transaction; then rewrites the file so no freed page or journal keeps the old bytes.
    // This device's own events not yet sent wait for the next run after they are (the central
    // compares a resent event with what it holds). dry_run: counts only, changes nothing.
    struct Purge {
        int events = 0;                      // events whose payload had personal fields
        std::map<std::string, int> fields;   // field name -> how many were emptied
        int tickets = 0;                     // ticket rows whose note was emptied
        int handoffs = 0;                    // hand-off rows emptied
        int waiting_to_send = 0;             // own unsent events left for a later run
    };
    Result<Purge> PurgePersonalData(Micros older_than, bool dry_run);

    // --- the daily automatic retention run (store.cpp; docs/DATA-PROTECTION.md) ----------------
    // Purges (PurgePersonalData) personal fields older than the site's retention period
    // (catalogue().retention.days, from retention.toml) when the last automatic run is
    // kRetentionInterval or more ago or never was, and remembers when in the store: a restart
    // does not run it again early, a terminal that was off for a week runs once when it is back.
    // nullopt: not due (answered from memory, no SQL). The terminal's store worker asks on
    // every poll; time is the store's clock (a test sets a fake one).
    static constexpr Micros kRetentionInterval = 24LL * 3600 * kMicrosPerSecond;
    static constexpr Micros kRetentionRetry = 3600LL * kMicrosPerSecond;  // after a failed run
    Result<std::optional<Purge>> RunRetentionIfDue();
    Result<Micros> LastRetentionRun() const;  // 0: never

    // --- a visitor's request for information or erasure (store.cpp; core.h section 14) ---------
    // Both act for `acting` (signed in; answer_privacy_requests: administrators on an admin
    // terminal, refusals audited as "privacy_show" / "privacy_erase"). `reference` is a booking
    // reference, a ticket number (of `day`, "" for its most recent day) or a ticket id.
    struct VisitorData {
        core::VisitorMatch match;
        std::vector<StoredEvent> events;  // the visitor's events as stored now, in local order
    };
    Result<VisitorData> FindVisitorData(const std::string& acting, std::string_view reference, std::string_view day);
    // Empties the personal fields of the visitor's events (the outbox's too: the central takes
    // a resent event whose only change is an erasure) and of the rows folded from them, and
    // records privacy.erased with their ids, in one transaction; then rewrites the file as
    // PurgePersonalData does, so no old copy stays. dry_run: counts only, records nothing.
    struct Erasure {
        VisitorData found;
        int events = 0;                     // events whose payload held personal fields
        std::map<std::string, int> fields;  // field name -> how many were emptied
        int tickets = 0;                    // ticket rows whose note was emptied
        int handoffs = 0;                   // hand-off rows emptied
        std::string recorded;               // the privacy.erased event's id ("" when none was needed)
    };
    Result<Erasure> ErasePersonalData(const std::string& acting, std::string_view reference, std::string_view day,
                                      bool dry_run);

    // --- backup and restore (kiosk/store/backup.cpp; docs/OPERATOR-GUIDE.md "Backup") ---------
    // Writes a consistent copy of the store to `out` through SQLite's online backup API, while
    // the terminal goes on writing (WAL: it is not even paused). `journal` (the sync journal:
    // the device's credentials) travels inside the copy, so a restored terminal is still
    // enrolled. The copy is one self-contained file, checked (integrity_check), synced to disk
    // and only then given its name; readable by the owner alone (it holds the device token).
    // Refuses to overwrite an existing file.
    Status BackupTo(const std::filesystem::path& out, const std::string& journal) const;
    // Puts the backup `from` in the place of the store at `target` (which must not be open
    // anywhere: the caller makes sure no terminal holds it). The backup is checked first as
    // Open checks a store (ours, a schema this program knows, intact) and migrated forward; the
    // store it replaces is kept beside it as `<target>.before-restore` (nothing is lost). Returns
    // the journal the backup carried ("" when it carried none).
    static Result<std::string> RestoreBackup(const std::filesystem::path& from, const std::filesystem::path& target,
                                             const Clock& clock);
    // --- end backup and restore ----------------------------------------------------------------

    struct Impl;

private:
    // The appointments seam (store.cpp): decides one event inside a write transaction (with
    // the connection for the escrow table), then stores it with its projection like Execute.
    using DecideInTransaction = std::function<Result<core::Event>(const core::State&, const core::Actor&, Micros,
                                                                  sql::Connection&)>;
    Result<core::Event> ExecuteDecided(const DecideInTransaction& decide);
    // The audit log (staff_admin.cpp): records that `staff` was refused `right` for `action`.
    Status RecordRefusal(const std::string& staff, core::Right right, std::string_view action);
    sql::Connection& connection() const;
    Micros NowForAppointments() const;  // the store's clock

    explicit Store(std::unique_ptr<Impl> impl);
    // For config_store.cpp: runs `body` in one store transaction, first replacing the
    // catalogue tables when `catalogue` is given; reloads the store's memory afterwards.
    Status InConfigTransaction(const catalogue::Catalogue* catalogue, const std::function<Status(sql::Connection&)>& body);
    sql::Connection& ConfigConnection() const;
    std::unique_ptr<Impl> impl_;
};

}  // namespace anl::store
