// central store, embedded SQLite implementation (the default: one machine, one file).
// WAL with synchronous=FULL: a push is acknowledged only after its events are durable.
#include <sqlite3.h>

#include <cstring>

#include "sync/central/central_store.h"

namespace anl::sync::central {
namespace {

constexpr int kSchemaUserVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS devices(
  registration INTEGER PRIMARY KEY,
  device_id    TEXT UNIQUE,
  site         TEXT NOT NULL,
  role         TEXT NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL CHECK (state IN ('pending','active','revoked')),
  code_hash    TEXT UNIQUE,
  code_expires_us INTEGER NOT NULL DEFAULT 0,
  token_hash   TEXT UNIQUE,
  slot         INTEGER NOT NULL DEFAULT -1,
  acked_seq    INTEGER NOT NULL DEFAULT 0,
  last_seen_us INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS events(
  ord         INTEGER PRIMARY KEY AUTOINCREMENT,
  site        TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  at_us       INTEGER NOT NULL,
  received_us INTEGER NOT NULL,
  UNIQUE(device_id, seq));
CREATE INDEX IF NOT EXISTS events_by_site ON events(site, ord);
CREATE TABLE IF NOT EXISTS rejected_events(
  device_id   TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  site        TEXT NOT NULL,
  type        TEXT NOT NULL,
  at_us       INTEGER NOT NULL,
  reason      TEXT NOT NULL,
  received_us INTEGER NOT NULL,
  PRIMARY KEY(device_id, seq));
CREATE TABLE IF NOT EXISTS site_configs(
  site         TEXT NOT NULL,
  version      INTEGER NOT NULL,
  published_us INTEGER NOT NULL,
  body         TEXT NOT NULL,
  PRIMARY KEY(site, version));
)sql";

class Statement {
public:
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(stmt_); }
    bool Prepare(sqlite3* db, const char* sql) { return sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) == SQLITE_OK; }
    sqlite3_stmt* get() { return stmt_; }
    void Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    void Bind(int i, const std::string& v) { sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
    void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
    int Step() { return sqlite3_step(stmt_); }
    void Reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    std::int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
    std::string Text(int col) {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when leaving scope, so an early return never leaves it busy.
struct ResetOnExit {
    Statement& s;
    ~ResetOnExit() { s.Reset(); }
};

class SqliteStore final : public CentralStore {
public:
    explicit SqliteStore(std::string path) : path_(std::move(path)) {}
    ~SqliteStore() override {
        statements_.clear();
        sqlite3_close_v2(db_);
    }

    Status Open() {
        if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            return Fail(ErrorCode::kStorage, "cannot open the central store");
        }
        sqlite3_busy_timeout(db_, 5000);
        auto s = Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        if (!s.ok()) return s;
        std::int64_t version = 0;
        {
            Statement st;
            if (!st.Prepare(db_, "PRAGMA user_version")) return Fail(ErrorCode::kCorrupt, "is not an SQLite database");
            if (st.Step() == SQLITE_ROW) version = st.Int(0);
        }
        if (version > kSchemaUserVersion) {
            return MakeError(ErrorCode::kCorrupt, "The central store " + path_ +
                                                      " was written by a newer anlaufstelle-central; run that release.");
        }
        s = Exec(kSchema);
        if (!s.ok()) return s;
        s = Exec("PRAGMA user_version=" + std::to_string(kSchemaUserVersion));
        if (!s.ok()) return s;
        return PrepareAll();
    }

    std::string_view Kind() const override { return "sqlite"; }

    Result<DeviceRecord> AddDevice(const std::string& site, Role role, const std::string& name,
                                   const std::string& code_hash, Micros expires_us) override {
        Statement& st = *add_device_;
        ResetOnExit reset{st};
        st.Bind(1, site);
        st.Bind(2, std::string(RoleName(role)));
        st.Bind(3, name);
        st.Bind(4, code_hash);
        st.Bind(5, expires_us);
        if (st.Step() != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot register the device");
        DeviceRecord d;
        d.registration = sqlite3_last_insert_rowid(db_);
        d.site = site;
        d.role = role;
        d.name = name;
        return d;
    }

    Result<DeviceRecord> Enroll(const std::string& code_hash, const std::string& device, const std::string& site,
                                int slot, const std::string& token_hash, Micros now) override {
        auto tx = Exec("BEGIN IMMEDIATE");
        if (!tx.ok()) return tx.error();
        auto result = EnrollInTransaction(code_hash, device, site, slot, token_hash, now);
        auto end = Exec(result.ok() ? "COMMIT" : "ROLLBACK");
        if (!end.ok()) return end.error();
        return result;
    }

    Result<std::optional<DeviceRecord>> DeviceByToken(const std::string& token_hash) override {
        Statement& st = *by_token_;
        ResetOnExit reset{st};
        st.Bind(1, token_hash);
        int rc = st.Step();
        if (rc == SQLITE_DONE) return std::optional<DeviceRecord>{};
        if (rc != SQLITE_ROW) return Fail(ErrorCode::kStorage, "cannot look up a device");
        DeviceRecord d = ReadDevice(st);
        d.slot = static_cast<int>(st.Int(8));
        return std::optional<DeviceRecord>{std::move(d)};
    }

    Result<std::vector<DeviceRecord>> ListDevices() override {
        Statement st;
        if (!st.Prepare(db_, "SELECT registration, device_id, site, role, name, state, acked_seq, last_seen_us "
                             "FROM devices ORDER BY registration"))
            return Fail(ErrorCode::kStorage, "cannot list devices");
        std::vector<DeviceRecord> out;
        while (st.Step() == SQLITE_ROW) out.push_back(ReadDevice(st));
        return out;
    }

    Result<DeviceRecord> Revoke(const std::string& which) override {
        Statement st;
        bool by_registration = !which.empty() && which[0] == '#';
        if (!st.Prepare(db_, by_registration
                                 ? "UPDATE devices SET state='revoked', token_hash=NULL, code_hash=NULL "
                                   "WHERE registration=?1 RETURNING registration, device_id, site, role, name, state, "
                                   "acked_seq, last_seen_us"
                                 : "UPDATE devices SET state='revoked', token_hash=NULL, code_hash=NULL "
                                   "WHERE device_id=?1 RETURNING registration, device_id, site, role, name, state, "
                                   "acked_seq, last_seen_us"))
            return Fail(ErrorCode::kStorage, "cannot revoke the device");
        if (by_registration) {
            std::int64_t n = std::atoll(which.c_str() + 1);
            st.Bind(1, n);
        } else {
            st.Bind(1, which);
        }
        if (st.Step() != SQLITE_ROW) return MakeError(ErrorCode::kNotFound, "No device \"" + which + "\" is registered.");
        DeviceRecord d = ReadDevice(st);
        st.Step();
        return d;
    }

    using CentralStore::Ingest;
    Result<IngestOutcome> Ingest(const DeviceRecord& device, const std::vector<Event>& events, Micros now,
                                 const Rejections& rejected) override {
        auto tx = Exec("BEGIN IMMEDIATE");
        if (!tx.ok()) return tx.error();
        auto result = IngestInTransaction(device, events, now, rejected);
        if (!result.ok() || (result->stored == 0 && result->rejected.empty())) {
            auto end = Exec("ROLLBACK");
            if (!end.ok()) return end.error();
            return result;
        }
        auto end = Exec("COMMIT");
        if (!end.ok()) {
            (void)Exec("ROLLBACK");
            return end.error();
        }
        return result;
    }

    Status AppendCentralEvent(const std::string& site, const std::string& type, const std::string& payload,
                              Micros now) override {
        auto tx = Exec("BEGIN IMMEDIATE");
        if (!tx.ok()) return tx.error();
        Statement st;
        // "central": core::kCentralDeviceId (the central's own events number across sites).
        bool ok = st.Prepare(db_, "INSERT INTO events(site, device_id, seq, type, payload, at_us, received_us) "
                                  "SELECT ?1, 'central', coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?4 FROM events "
                                  "WHERE device_id = 'central'");
        if (ok) {
            st.Bind(1, site);
            st.Bind(2, type);
            st.Bind(3, payload);
            st.Bind(4, static_cast<std::int64_t>(now));
            ok = st.Step() == SQLITE_DONE;
        }
        if (!ok) {
            (void)Exec("ROLLBACK");
            return Fail(ErrorCode::kStorage, "cannot store an audit entry");
        }
        return Exec("COMMIT");
    }

    Result<std::vector<StoredEvent>> ReadAfter(const std::string& site, std::int64_t cursor, int limit) override {
        Statement& st = *read_after_;
        ResetOnExit reset{st};
        st.Bind(1, site);
        st.Bind(2, cursor);
        st.Bind(3, static_cast<std::int64_t>(limit));
        std::vector<StoredEvent> out;
        int rc;
        while ((rc = st.Step()) == SQLITE_ROW) {
            StoredEvent e;
            e.order = st.Int(0);
            e.event.device = st.Text(1);
            e.event.seq = st.Int(2);
            e.event.type = st.Text(3);
            e.event.payload = st.Text(4);
            e.event.at_us = st.Int(5);
            out.push_back(std::move(e));
        }
        if (rc != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot read events");
        return out;
    }

    Status ProbeWrite() override {
        // BEGIN IMMEDIATE takes the write lock: it fails on a read-only file or directory, a
        // disk that went away, or a lock another process holds too long; nothing is written.
        // A health check must not hang for the push's 5 s busy wait: a lock held longer than
        // 200 ms by another process already means "cannot write now".
        sqlite3_busy_timeout(db_, 200);
        auto begin = Exec("BEGIN IMMEDIATE");
        sqlite3_busy_timeout(db_, 5000);
        if (!begin.ok()) return begin;
        // A write that changes nothing still needs a writable file.
        auto w = Exec("UPDATE devices SET last_seen_us = last_seen_us WHERE 0");
        auto end = Exec("ROLLBACK");
        if (!w.ok()) return w;
        return end;
    }

    Result<RetentionPurge> PurgePersonalData(Micros older_than, bool dry_run) override {
        // Freed space is zeroed from here on, so an emptied field leaves no copy in its page.
        if (auto secure = Exec("PRAGMA secure_delete = ON"); !secure.ok()) return secure.error();
        auto tx = Exec("BEGIN IMMEDIATE");
        if (!tx.ok()) return tx.error();
        RetentionPurge purge;
        std::vector<std::pair<std::int64_t, std::string>> rewrites;
        {
            Statement st;
            if (!st.Prepare(db_, "SELECT ord, type, payload FROM events WHERE at_us < ?1 AND type IN "
                                 "('ticket.transferred', 'handoff.given')")) {
                (void)Exec("ROLLBACK");
                return Fail(ErrorCode::kStorage, "cannot read events to purge");
            }
            st.Bind(1, older_than);
            int rc;
            while ((rc = st.Step()) == SQLITE_ROW)
                if (auto purged = PurgedPayload(st.Text(1), st.Text(2), purge)) rewrites.emplace_back(st.Int(0), *purged);
            if (rc != SQLITE_DONE) {
                (void)Exec("ROLLBACK");
                return Fail(ErrorCode::kStorage, "cannot read events to purge");
            }
        }
        if (dry_run) {
            if (auto end = Exec("ROLLBACK"); !end.ok()) return end.error();
            return purge;
        }
        Statement update;
        if (!update.Prepare(db_, "UPDATE events SET payload=?2 WHERE ord=?1")) {
            (void)Exec("ROLLBACK");
            return Fail(ErrorCode::kStorage, "cannot purge events");
        }
        for (const auto& [ord, payload] : rewrites) {
            update.Reset();
            update.Bind(1, ord);
            update.Bind(2, payload);
            if (update.Step() != SQLITE_DONE) {
                (void)Exec("ROLLBACK");
                return Fail(ErrorCode::kStorage, "cannot purge events");
            }
        }
        update.Reset();
        if (auto end = Exec("COMMIT"); !end.ok()) {
            (void)Exec("ROLLBACK");
            return end.error();
        }
        // Pages written before secure_delete may keep old copies in their free space (a page split
        // leaves moved cells behind): VACUUM writes every page afresh; then the write-ahead log,
        // which holds the pages as they were, goes into the file and is emptied.
        if (!rewrites.empty()) {
            for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st))
                if (sqlite3_stmt_busy(st)) sqlite3_reset(st);  // VACUUM refuses to run beside one mid-way
            if (auto vacuum = Exec("VACUUM"); !vacuum.ok()) return vacuum.error();
        }
        if (auto checkpoint = Exec("PRAGMA wal_checkpoint(TRUNCATE)"); !checkpoint.ok()) return checkpoint.error();
        return purge;
    }

    Result<RetentionPurge> EraseEvents(const std::string& site,
                                       const std::vector<std::pair<std::string, std::int64_t>>& keys) override {
        if (auto secure = Exec("PRAGMA secure_delete = ON"); !secure.ok()) return secure.error();
        auto tx = Exec("BEGIN IMMEDIATE");
        if (!tx.ok()) return tx.error();
        RetentionPurge purge;
        auto fail = [&](const char* what) {
            (void)Exec("ROLLBACK");
            return Fail(ErrorCode::kStorage, what);
        };
        Statement read, update;
        if (!read.Prepare(db_, "SELECT ord, type, payload FROM events WHERE site=?1 AND device_id=?2 AND seq=?3") ||
            !update.Prepare(db_, "UPDATE events SET payload=?2 WHERE ord=?1"))
            return fail("cannot erase events");
        for (const auto& [device, seq] : keys) {
            read.Reset();
            read.Bind(1, site);
            read.Bind(2, device);
            read.Bind(3, seq);
            int rc = read.Step();
            if (rc == SQLITE_DONE) continue;
            if (rc != SQLITE_ROW) return fail("cannot read events to erase");
            auto emptied = PurgedPayload(read.Text(1), read.Text(2), purge);
            if (!emptied) continue;
            const std::int64_t ord = read.Int(0);
            read.Reset();
            update.Reset();
            update.Bind(1, ord);
            update.Bind(2, *emptied);
            if (update.Step() != SQLITE_DONE) return fail("cannot erase events");
        }
        read.Reset();
        update.Reset();
        if (auto end = Exec("COMMIT"); !end.ok()) {
            (void)Exec("ROLLBACK");
            return end.error();
        }
        if (purge.events > 0) {
            for (sqlite3_stmt* st = sqlite3_next_stmt(db_, nullptr); st; st = sqlite3_next_stmt(db_, st))
                if (sqlite3_stmt_busy(st)) sqlite3_reset(st);  // VACUUM refuses to run beside one mid-way
            if (auto vacuum = Exec("VACUUM"); !vacuum.ok()) return vacuum.error();
        }
        if (auto checkpoint = Exec("PRAGMA wal_checkpoint(TRUNCATE)"); !checkpoint.ok()) return checkpoint.error();
        return purge;
    }

    Result<std::int64_t> CountEvents() override {
        Statement st;
        if (!st.Prepare(db_, "SELECT count(*) FROM events") || st.Step() != SQLITE_ROW)
            return Fail(ErrorCode::kStorage, "cannot count events");
        return st.Int(0);
    }

    Result<std::int64_t> CountSiteEvents(const std::string& site) override {
        Statement st;
        if (!st.Prepare(db_, "SELECT count(*) FROM events WHERE site=?1")) return Fail(ErrorCode::kStorage, "cannot count events");
        st.Bind(1, site);
        if (st.Step() != SQLITE_ROW) return Fail(ErrorCode::kStorage, "cannot count events");
        return st.Int(0);
    }

private:
    Error Fail(ErrorCode code, const std::string& what) {
        return MakeError(code, "The central store " + path_ + ": " + what + " (" +
                                   (db_ ? sqlite3_errmsg(db_) : "no database") +
                                   "); check the disk and the file's permissions.");
    }

    Status Exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string message = err ? err : "unknown error";
            sqlite3_free(err);
            return MakeError(ErrorCode::kStorage, "The central store " + path_ + " failed (" + message +
                                                      "); check the disk and the file's permissions.");
        }
        return {};
    }

    Status PrepareAll() {
        struct Def {
            std::unique_ptr<Statement>* slot;
            const char* sql;
        };
        const Def defs[] = {
            {&add_device_, "INSERT INTO devices(site, role, name, state, code_hash, code_expires_us) "
                           "VALUES(?1, ?2, ?3, 'pending', ?4, ?5)"},
            {&by_token_, "SELECT registration, device_id, site, role, name, state, acked_seq, last_seen_us, slot "
                         "FROM devices WHERE token_hash=?1 AND state='active'"},
            {&insert_rejected_, "INSERT INTO rejected_events(device_id, seq, site, type, at_us, reason, received_us) "
                                "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
            {&rejected_event_, "SELECT type, at_us, reason FROM rejected_events WHERE device_id=?1 AND seq=?2"},
            {&device_state_, "SELECT acked_seq, state FROM devices WHERE registration=?1"},
            {&insert_event_, "INSERT INTO events(site, device_id, seq, type, payload, at_us, received_us) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
            {&stored_event_, "SELECT type, payload, at_us FROM events WHERE device_id=?1 AND seq=?2"},
            {&update_acked_, "UPDATE devices SET acked_seq=?2, last_seen_us=?3 WHERE registration=?1"},
            {&read_after_, "SELECT ord, device_id, seq, type, payload, at_us FROM events "
                           "WHERE site=?1 AND ord>?2 ORDER BY ord LIMIT ?3"},
        };
        for (const auto& def : defs) {
            *def.slot = std::make_unique<Statement>();
            if (!(*def.slot)->Prepare(db_, def.sql)) return Fail(ErrorCode::kCorrupt, "is not a central store");
            statements_.push_back(def.slot->get());
        }
        return {};
    }

    static DeviceRecord ReadDevice(Statement& st) {
        DeviceRecord d;
        d.registration = st.Int(0);
        d.device = st.Text(1);
        d.site = st.Text(2);
        d.role = ParseRole(st.Text(3)).value_or(Role::kBoard);
        d.name = st.Text(4);
        d.state = ParseDeviceState(st.Text(5));
        d.acked_seq = st.Int(6);
        d.last_seen_us = st.Int(7);
        return d;
    }

    Result<DeviceRecord> EnrollInTransaction(const std::string& code_hash, const std::string& device,
                                             const std::string& site, int slot, const std::string& token_hash,
                                             Micros now) {
        Statement find;
        if (!find.Prepare(db_, "SELECT registration, code_expires_us, site, role FROM devices "
                               "WHERE code_hash=?1 AND state='pending'"))
            return Fail(ErrorCode::kStorage, "cannot enrol");
        find.Bind(1, code_hash);
        PendingCode code;
        std::int64_t registration = 0;
        if (find.Step() == SQLITE_ROW) {
            registration = find.Int(0);
            code = PendingCode{true, find.Int(1), find.Text(2), ParseRole(find.Text(3)).value_or(Role::kBoard)};
        }
        EnrolmentLookups lookups;
        lookups.slot_holders = [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
            Statement slots;
            if (!slots.Prepare(db_, "SELECT device_id, role FROM devices WHERE site=?1 AND slot=?2 AND state='active'"))
                return Fail(ErrorCode::kStorage, "cannot enrol");
            slots.Bind(1, site);
            slots.Bind(2, static_cast<std::int64_t>(slot));
            std::vector<std::pair<std::string, std::string>> holders;
            while (slots.Step() == SQLITE_ROW) holders.emplace_back(slots.Text(0), slots.Text(1));
            return holders;
        };
        lookups.device_enrolled = [&]() -> Result<bool> {
            Statement taken;
            if (!taken.Prepare(db_, "SELECT 1 FROM devices WHERE device_id=?1")) return Fail(ErrorCode::kStorage, "cannot enrol");
            taken.Bind(1, device);
            return taken.Step() == SQLITE_ROW;
        };
        if (auto allowed = CheckEnrolment(code, now, site, slot, device, lookups); !allowed.ok()) return allowed.error();
        Statement bind;
        if (!bind.Prepare(db_, "UPDATE devices SET device_id=?2, token_hash=?3, code_hash=NULL, state='active', "
                               "last_seen_us=?4, slot=?5 WHERE registration=?1 RETURNING registration, device_id, site, role, "
                               "name, state, acked_seq, last_seen_us"))
            return Fail(ErrorCode::kStorage, "cannot enrol");
        bind.Bind(1, registration);
        bind.Bind(2, device);
        bind.Bind(3, token_hash);
        bind.Bind(4, now);
        bind.Bind(5, static_cast<std::int64_t>(slot));
        if (bind.Step() != SQLITE_ROW) return Fail(ErrorCode::kStorage, "cannot enrol");
        DeviceRecord d = ReadDevice(bind);
        bind.Step();
        return d;
    }

    Result<IngestOutcome> IngestInTransaction(const DeviceRecord& device, const std::vector<Event>& events, Micros now,
                                              const Rejections& rejected) {
        IngestOutcome out;
        {
            Statement& st = *device_state_;
            ResetOnExit reset{st};
            st.Bind(1, device.registration);
            if (st.Step() != SQLITE_ROW || st.Text(1) != "active")
                return MakeError(ErrorCode::kUnauthorized, "This device has been revoked; ask an administrator.");
            out.acked_seq = st.Int(0);
        }
        auto plan = PlanIngest(out.acked_seq, events, [this](const Event& e) { return SameAsStored(e); }, rejected);
        if (!plan.ok()) return plan.error();
        for (const Event* e : plan->to_reject) {
            Statement& st = *insert_rejected_;
            ResetOnExit reset{st};
            st.Bind(1, e->device);
            st.Bind(2, e->seq);
            st.Bind(3, device.site);
            st.Bind(4, e->type);
            st.Bind(5, e->at_us);
            st.Bind(6, rejected.at(e->seq).reason);
            st.Bind(7, now);
            if (st.Step() != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot record a refused event");
        }
        for (const Event* e : plan->to_store) {
            ANL_ASSERT(e->device == device.device && "the service checks that a push holds only its own device's events");
            Statement& st = *insert_event_;
            ResetOnExit reset{st};
            st.Bind(1, device.site);
            st.Bind(2, e->device);
            st.Bind(3, e->seq);
            st.Bind(4, e->type);
            st.Bind(5, e->payload);
            st.Bind(6, e->at_us);
            st.Bind(7, now);
            if (st.Step() != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot store an event");
        }
        out = plan->outcome;
        if (out.stored > 0 || !out.rejected.empty()) {
            Statement& st = *update_acked_;
            ResetOnExit reset{st};
            st.Bind(1, device.registration);
            st.Bind(2, out.acked_seq);
            st.Bind(3, now);
            if (st.Step() != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot update the device");
        }
        return out;
    }

    // --- configuration down ------------------------------------------------------------
    Result<std::int64_t> ConfigVersion(const std::string& site) override {
        Statement st;
        if (!st.Prepare(db_, "SELECT coalesce(max(version), 0) FROM site_configs WHERE site=?1"))
            return Fail(ErrorCode::kStorage, "cannot read the configuration version");
        st.Bind(1, site);
        if (st.Step() != SQLITE_ROW) return Fail(ErrorCode::kStorage, "cannot read the configuration version");
        return st.Int(0);
    }

    Result<std::optional<StoredConfig>> ReadConfig(const std::string& site) override {
        Statement st;
        if (!st.Prepare(db_, "SELECT version, published_us, body FROM site_configs WHERE site=?1 "
                             "ORDER BY version DESC LIMIT 1"))
            return Fail(ErrorCode::kStorage, "cannot read the configuration");
        st.Bind(1, site);
        int rc = st.Step();
        if (rc == SQLITE_DONE) return std::optional<StoredConfig>();
        if (rc != SQLITE_ROW) return Fail(ErrorCode::kStorage, "cannot read the configuration");
        return std::optional<StoredConfig>(StoredConfig{st.Int(0), st.Int(1), st.Text(2)});
    }

    Result<std::optional<StoredConfig>> ReadConfigVersion(const std::string& site, std::int64_t version) override {
        Statement st;
        if (!st.Prepare(db_, "SELECT version, published_us, body FROM site_configs WHERE site=?1 AND version=?2"))
            return Fail(ErrorCode::kStorage, "cannot read the configuration");
        st.Bind(1, site);
        st.Bind(2, version);
        int rc = st.Step();
        if (rc == SQLITE_DONE) return std::optional<StoredConfig>();
        if (rc != SQLITE_ROW) return Fail(ErrorCode::kStorage, "cannot read the configuration");
        return std::optional<StoredConfig>(StoredConfig{st.Int(0), st.Int(1), st.Text(2)});
    }

    Result<std::vector<StoredConfig>> ListConfigs(const std::string& site) override {
        Statement st;
        if (!st.Prepare(db_, "SELECT version, published_us, body FROM site_configs WHERE site=?1 ORDER BY version DESC"))
            return Fail(ErrorCode::kStorage, "cannot read the configuration versions");
        st.Bind(1, site);
        std::vector<StoredConfig> out;
        int rc;
        while ((rc = st.Step()) == SQLITE_ROW) out.push_back(StoredConfig{st.Int(0), st.Int(1), st.Text(2)});
        if (rc != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot read the configuration versions");
        return out;
    }

    Result<std::int64_t> StoreConfig(const std::string& site, std::int64_t expected_version, const std::string& body,
                                     Micros now) override {
        // The primary key (site, version) makes a lost race an insert that fails, not an overwrite.
        Statement st;
        if (!st.Prepare(db_, "INSERT INTO site_configs(site, version, published_us, body) "
                             "SELECT ?1, ?2, ?3, ?4 WHERE (SELECT coalesce(max(version), 0) FROM site_configs "
                             "WHERE site=?1) = ?2 - 1 ON CONFLICT DO NOTHING"))
            return Fail(ErrorCode::kStorage, "cannot store the configuration");
        st.Bind(1, site);
        st.Bind(2, expected_version + 1);
        st.Bind(3, now);
        st.Bind(4, body);
        if (st.Step() != SQLITE_DONE) return Fail(ErrorCode::kStorage, "cannot store the configuration");
        if (sqlite3_changes(db_) != 1) return ConfigRace(site);
        return expected_version + 1;
    }

    Result<StoredMatch> SameAsStored(const Event& e) {
        Statement& st = *stored_event_;
        ResetOnExit reset{st};
        st.Bind(1, e.device);
        st.Bind(2, e.seq);
        if (st.Step() == SQLITE_ROW)
            return StoredMatch{st.Text(0) == e.type && SameOrErasedPayload(e.type, st.Text(1), e.payload) &&
                                   st.Int(2) == e.at_us,
                               ""};
        // A refused event was acknowledged without its payload: the same type and time.
        Statement& refused = *rejected_event_;
        ResetOnExit reset_refused{refused};
        refused.Bind(1, e.device);
        refused.Bind(2, e.seq);
        if (refused.Step() != SQLITE_ROW) return Fail(ErrorCode::kCorrupt, "misses an acknowledged event");
        return StoredMatch{refused.Text(0) == e.type && refused.Int(1) == e.at_us, refused.Text(2)};
    }

    std::string path_;
    sqlite3* db_ = nullptr;
    std::unique_ptr<Statement> add_device_, by_token_, device_state_, insert_event_, stored_event_, update_acked_,
        read_after_, insert_rejected_, rejected_event_;
    std::vector<Statement*> statements_;
};

}  // namespace

Result<std::unique_ptr<CentralStore>> OpenSqliteStore(const std::string& path) {
    auto store = std::make_unique<SqliteStore>(path);
    auto s = store->Open();
    if (!s.ok()) return s.error();
    return std::unique_ptr<CentralStore>(std::move(store));
}

Result<std::unique_ptr<CentralStore>> OpenCentralStore(const std::string& spec) {
    if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) return OpenPostgresStore(spec);
    return OpenSqliteStore(spec);
}

}  // namespace anl::sync::central
