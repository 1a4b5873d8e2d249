// central, appointment slots: the slot inventory in the embedded SQLite store. A second
// connection to the central store's file; BEGIN IMMEDIATE takes SQLite's one write lock, so
// a verdict and the push it judges never interleave.
#include <sqlite3.h>

#include "sync/central/escrow.h"

#include "kiosk/core/core.h"

namespace anl::sync::central {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS appointment_slots(
  site       TEXT NOT NULL,
  slot       TEXT NOT NULL,
  service    TEXT NOT NULL,
  start_us   INTEGER NOT NULL,
  end_us     INTEGER NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('held','booked')),
  device     TEXT NOT NULL,
  expires_us INTEGER NOT NULL DEFAULT 0,
  booking    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(site, slot));
CREATE INDEX IF NOT EXISTS appointment_slots_by_device ON appointment_slots(site, device, state);
CREATE INDEX IF NOT EXISTS appointment_slots_by_start ON appointment_slots(site, service, start_us);
CREATE TABLE IF NOT EXISTS appointment_cursor(
  site TEXT PRIMARY KEY,
  ord  INTEGER NOT NULL);
)sql";

constexpr const char* kRowColumns = "site, slot, service, start_us, end_us, state, device, expires_us, booking";

class Stmt {
public:
    Stmt(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK; }
    ~Stmt() { sqlite3_finalize(stmt_); }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;
    bool ok() const { return ok_; }
    Stmt& Bind(int i, std::int64_t v) {
        sqlite3_bind_int64(stmt_, i, v);
        return *this;
    }
    Stmt& Bind(int i, const std::string& v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    int Step() { return sqlite3_step(stmt_); }
    std::int64_t Int(int c) { return sqlite3_column_int64(stmt_, c); }
    std::string Text(int c) {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : std::string();
    }
    SlotRow Row() {
        return SlotRow{Text(0), Text(1), Text(2), Int(3), Int(4), Text(5), Text(6), Int(7), Text(8)};
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
    bool ok_ = false;
};

class SqliteLedger final : public SlotLedger, private LedgerTransaction {
public:
    explicit SqliteLedger(std::string path) : path_(std::move(path)) {}
    ~SqliteLedger() override { sqlite3_close_v2(db_); }

    Status Open() {
        if (path_ == ":memory:" || path_.empty())
            return MakeError(ErrorCode::kInvalidInput, "The appointment slots need the central store in a file.");
        if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
            return Fail("cannot open");
        sqlite3_busy_timeout(db_, 5000);
        if (auto ok = Exec("PRAGMA synchronous=FULL;"); !ok) return ok;
        return Exec(kSchema);
    }

    Status InSiteTransaction(const std::string&, const std::function<Status(LedgerTransaction&)>& body) override {
        if (auto ok = Exec("BEGIN IMMEDIATE"); !ok) return ok;
        Status result = body(*this);
        if (!result.ok()) {
            (void)Exec("ROLLBACK");
            return result;
        }
        if (auto ok = Exec("COMMIT"); !ok) {
            (void)Exec("ROLLBACK");
            return ok;
        }
        return {};
    }

private:
    Result<std::optional<SlotRow>> Find(const std::string& site, const std::string& slot) override {
        Stmt st(db_, (std::string("SELECT ") + kRowColumns + " FROM appointment_slots WHERE site=?1 AND slot=?2").c_str());
        if (!st.ok()) return Fail("cannot read a slot");
        st.Bind(1, site).Bind(2, slot);
        int rc = st.Step();
        if (rc == SQLITE_DONE) return std::optional<SlotRow>{};
        if (rc != SQLITE_ROW) return Fail("cannot read a slot");
        return std::optional<SlotRow>{st.Row()};
    }

    Result<std::vector<SlotRow>> Rows(Stmt& st) {
        std::vector<SlotRow> out;
        int rc;
        while ((rc = st.Step()) == SQLITE_ROW) out.push_back(st.Row());
        if (rc != SQLITE_DONE) return Fail("cannot read slots");
        return out;
    }

    Result<std::vector<SlotRow>> InRange(const std::string& site, const std::string& service, Micros from_us,
                                         Micros to_us) override {
        Stmt st(db_, (std::string("SELECT ") + kRowColumns +
                      " FROM appointment_slots WHERE site=?1 AND service=?2 AND start_us>=?3 AND start_us<?4")
                         .c_str());
        if (!st.ok()) return Fail("cannot read slots");
        st.Bind(1, site).Bind(2, service).Bind(3, from_us).Bind(4, to_us);
        return Rows(st);
    }

    Result<std::vector<SlotRow>> HeldBy(const std::string& site, const std::string& device) override {
        Stmt st(db_, (std::string("SELECT ") + kRowColumns +
                      " FROM appointment_slots WHERE site=?1 AND device=?2 AND state='held' ORDER BY start_us, slot")
                         .c_str());
        if (!st.ok()) return Fail("cannot read an escrow");
        st.Bind(1, site).Bind(2, device);
        return Rows(st);
    }

    Status Put(const SlotRow& r) override {
        Stmt st(db_, "INSERT OR REPLACE INTO appointment_slots(site, slot, service, start_us, end_us, state, device, "
                     "expires_us, booking) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
        if (!st.ok()) return Fail("cannot write a slot");
        st.Bind(1, r.site).Bind(2, r.slot).Bind(3, r.service).Bind(4, r.start_us).Bind(5, r.end_us).Bind(6, r.state);
        st.Bind(7, r.device).Bind(8, r.expires_us).Bind(9, r.booking);
        if (st.Step() != SQLITE_DONE) return Fail("cannot write a slot");
        return {};
    }

    Status Remove(const std::string& site, const std::string& slot) override {
        Stmt st(db_, "DELETE FROM appointment_slots WHERE site=?1 AND slot=?2");
        if (!st.ok()) return Fail("cannot free a slot");
        st.Bind(1, site).Bind(2, slot);
        if (st.Step() != SQLITE_DONE) return Fail("cannot free a slot");
        return {};
    }

    Result<std::int64_t> Cursor(const std::string& site) override {
        Stmt st(db_, "SELECT ord FROM appointment_cursor WHERE site=?1");
        if (!st.ok()) return Fail("cannot read the verdict cursor");
        st.Bind(1, site);
        int rc = st.Step();
        if (rc == SQLITE_ROW) return st.Int(0);
        if (rc != SQLITE_DONE) return Fail("cannot read the verdict cursor");
        return std::int64_t{0};
    }

    Status SetCursor(const std::string& site, std::int64_t order) override {
        Stmt st(db_, "INSERT INTO appointment_cursor(site, ord) VALUES(?1, ?2) "
                     "ON CONFLICT(site) DO UPDATE SET ord=excluded.ord");
        if (!st.ok()) return Fail("cannot save the verdict cursor");
        st.Bind(1, site).Bind(2, order);
        if (st.Step() != SQLITE_DONE) return Fail("cannot save the verdict cursor");
        return {};
    }

    Result<std::vector<StoredEvent>> AppointmentEventsAfter(const std::string& site, std::int64_t order,
                                                            int limit) override {
        Stmt st(db_, "SELECT ord, device_id, seq, type, payload, at_us FROM events WHERE site=?1 AND ord>?2 "
                     "AND type LIKE 'appointment.%' ORDER BY ord LIMIT ?3");
        if (!st.ok()) return Fail("cannot read events");
        st.Bind(1, site).Bind(2, order).Bind(3, static_cast<std::int64_t>(limit));
        std::vector<StoredEvent> out;
        int rc;
        while ((rc = st.Step()) == SQLITE_ROW)
            out.push_back({st.Int(0), Event{st.Text(1), st.Int(2), st.Text(3), st.Text(4), st.Int(5)}});
        if (rc != SQLITE_DONE) return Fail("cannot read events");
        return out;
    }

    Result<std::int64_t> LastOrder(const std::string& site) override {
        Stmt st(db_, "SELECT coalesce(max(ord), 0) FROM events WHERE site=?1");
        if (!st.ok()) return Fail("cannot read events");
        st.Bind(1, site);
        if (st.Step() != SQLITE_ROW) return Fail("cannot read events");
        return st.Int(0);
    }

    Result<std::int64_t> AckedSeq(const std::string& device) override {
        Stmt st(db_, "SELECT acked_seq FROM devices WHERE device_id=?1");
        if (!st.ok()) return Fail("cannot read a device");
        st.Bind(1, device);
        int rc = st.Step();
        if (rc == SQLITE_ROW) return st.Int(0);
        if (rc != SQLITE_DONE) return Fail("cannot read a device");
        return std::int64_t{0};
    }

    Status AppendCentralEvent(const std::string& site, const std::string& type, const std::string& payload,
                              Micros now) override {
        const std::string central(core::kCentralDeviceId);
        Stmt next(db_, "SELECT coalesce(max(seq), 0) + 1 FROM events WHERE device_id=?1");
        if (!next.ok()) return Fail("cannot number a verdict");
        next.Bind(1, central);
        if (next.Step() != SQLITE_ROW) return Fail("cannot number a verdict");
        std::int64_t seq = next.Int(0);
        Stmt st(db_, "INSERT INTO events(site, device_id, seq, type, payload, at_us, received_us) "
                     "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?6)");
        if (!st.ok()) return Fail("cannot store a verdict");
        st.Bind(1, site).Bind(2, central).Bind(3, seq).Bind(4, type).Bind(5, payload).Bind(6, now);
        if (st.Step() != SQLITE_DONE) return Fail("cannot store a verdict");
        return {};
    }

    Error Fail(const std::string& what) {
        return MakeError(ErrorCode::kStorage, "The central store " + path_ + ": " + what + " appointment slots (" +
                                                  (db_ ? sqlite3_errmsg(db_) : "no database") +
                                                  "); check the disk and the file's permissions.");
    }

    Status Exec(const char* sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
            std::string message = err ? err : "unknown error";
            sqlite3_free(err);
            return MakeError(ErrorCode::kStorage, "The central store " + path_ + " failed (" + message +
                                                      "); check the disk and the file's permissions.");
        }
        return {};
    }

    std::string path_;
    sqlite3* db_ = nullptr;
};

}  // namespace

Result<std::unique_ptr<SlotLedger>> OpenSqliteLedger(const std::string& path) {
    auto ledger = std::make_unique<SqliteLedger>(path);
    if (auto ok = ledger->Open(); !ok) return ok.error();
    return std::unique_ptr<SlotLedger>(std::move(ledger));
}

Result<std::unique_ptr<SlotLedger>> OpenSlotLedger(const std::string& spec) {
    if (spec.rfind("postgresql://", 0) == 0 || spec.rfind("postgres://", 0) == 0) return OpenPostgresLedger(spec);
    return OpenSqliteLedger(spec);
}

}  // namespace anl::sync::central
