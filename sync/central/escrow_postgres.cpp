// central, appointment slots: the slot inventory in PostgreSQL. Its own connection to the
// central store's database; every transaction takes the same per-site advisory lock as a
// push (central_store_postgres.cpp), so a verdict never interleaves with a push of its site,
// also across several central instances.
#include <cstdlib>
#include <memory>

#include "sync/central/escrow.h"
#include "sync/central/postgres_util.h"

#include "kiosk/core/core.h"

namespace anl::sync::central {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS anl_appointment_slots(
  site       TEXT NOT NULL,
  slot       TEXT NOT NULL,
  service    TEXT NOT NULL,
  start_us   BIGINT NOT NULL,
  end_us     BIGINT NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('held','booked')),
  device     TEXT NOT NULL,
  expires_us BIGINT NOT NULL DEFAULT 0,
  booking    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY(site, slot));
CREATE INDEX IF NOT EXISTS anl_appointment_slots_by_device ON anl_appointment_slots(site, device, state);
CREATE INDEX IF NOT EXISTS anl_appointment_slots_by_start ON anl_appointment_slots(site, service, start_us);
CREATE TABLE IF NOT EXISTS anl_appointment_cursor(
  site TEXT PRIMARY KEY,
  ord  BIGINT NOT NULL);
)sql";

constexpr const char* kRowColumns = "site, slot, service, start_us, end_us, state, device, expires_us, booking";

Error LedgerWords(PgTrouble trouble, const std::string& detail) {
    const char* what = trouble == PgTrouble::kCannotConnect    ? "cannot connect for"
                       : trouble == PgTrouble::kLostConnection ? "lost the connection for"
                                                               : "a statement failed on";
    return MakeError(ErrorCode::kStorage, "The PostgreSQL central store: " + std::string(what) +
                                              " appointment slots (" + detail.substr(0, 200) + "); check the database.");
}

class PostgresLedger final : public SlotLedger, private LedgerTransaction {
public:
    Status Open(const std::string& conninfo) { return db_.Open(conninfo, kSchema); }

    Status InSiteTransaction(const std::string& site, const std::function<Status(LedgerTransaction&)>& body) override {
        auto begin = db_.Exec("BEGIN", {});
        if (!begin.ok()) return begin.error();
        Status result = [&]() -> Status {
            if (auto lock = LockSite(db_, site); !lock.ok()) return lock.error();
            return body(*this);
        }();
        auto end = db_.Exec(result.ok() ? "COMMIT" : "ROLLBACK", {});
        if (!result.ok()) return result;
        if (!end.ok()) {
            (void)db_.Exec("ROLLBACK", {});
            return end.error();
        }
        return {};
    }

private:
    static SlotRow Row(PGresult* r, int i) {
        auto text = [&](int c) { return std::string(PQgetvalue(r, i, c)); };
        auto num = [&](int c) { return static_cast<std::int64_t>(std::atoll(PQgetvalue(r, i, c))); };
        return SlotRow{text(0), text(1), text(2), num(3), num(4), text(5), text(6), num(7), text(8)};
    }
    static std::vector<SlotRow> Rows(PGresult* r) {
        std::vector<SlotRow> out;
        for (int i = 0; i < PQntuples(r); ++i) out.push_back(Row(r, i));
        return out;
    }

    Result<std::optional<SlotRow>> Find(const std::string& site, const std::string& slot) override {
        auto r = db_.Exec(std::string("SELECT ") + kRowColumns + " FROM anl_appointment_slots WHERE site=$1 AND slot=$2",
                          {site, slot});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return std::optional<SlotRow>{};
        return std::optional<SlotRow>{Row(r->get(), 0)};
    }

    Result<std::vector<SlotRow>> InRange(const std::string& site, const std::string& service, Micros from_us,
                                         Micros to_us) override {
        auto r = db_.Exec(std::string("SELECT ") + kRowColumns +
                              " FROM anl_appointment_slots WHERE site=$1 AND service=$2 AND start_us>=$3::bigint "
                              "AND start_us<$4::bigint",
                          {site, service, std::to_string(from_us), std::to_string(to_us)});
        if (!r.ok()) return r.error();
        return Rows(r->get());
    }

    Result<std::vector<SlotRow>> HeldBy(const std::string& site, const std::string& device) override {
        auto r = db_.Exec(std::string("SELECT ") + kRowColumns +
                              " FROM anl_appointment_slots WHERE site=$1 AND device=$2 AND state='held' "
                              "ORDER BY start_us, slot",
                          {site, device});
        if (!r.ok()) return r.error();
        return Rows(r->get());
    }

    Status Put(const SlotRow& row) override {
        auto r = db_.Exec("INSERT INTO anl_appointment_slots(site, slot, service, start_us, end_us, state, device, "
                          "expires_us, booking) VALUES($1, $2, $3, $4::bigint, $5::bigint, $6, $7, $8::bigint, $9) "
                          "ON CONFLICT(site, slot) DO UPDATE SET service=excluded.service, start_us=excluded.start_us, "
                          "end_us=excluded.end_us, state=excluded.state, device=excluded.device, "
                          "expires_us=excluded.expires_us, booking=excluded.booking",
                          {row.site, row.slot, row.service, std::to_string(row.start_us), std::to_string(row.end_us),
                           row.state, row.device, std::to_string(row.expires_us), row.booking});
        if (!r.ok()) return r.error();
        return {};
    }

    Status Remove(const std::string& site, const std::string& slot) override {
        auto r = db_.Exec("DELETE FROM anl_appointment_slots WHERE site=$1 AND slot=$2", {site, slot});
        if (!r.ok()) return r.error();
        return {};
    }

    Result<std::int64_t> Cursor(const std::string& site) override {
        auto r = db_.Exec("SELECT ord FROM anl_appointment_cursor WHERE site=$1", {site});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return std::int64_t{0};
        return static_cast<std::int64_t>(std::atoll(PQgetvalue(r->get(), 0, 0)));
    }

    Status SetCursor(const std::string& site, std::int64_t order) override {
        auto r = db_.Exec("INSERT INTO anl_appointment_cursor(site, ord) VALUES($1, $2::bigint) "
                          "ON CONFLICT(site) DO UPDATE SET ord=excluded.ord",
                          {site, std::to_string(order)});
        if (!r.ok()) return r.error();
        return {};
    }

    Result<std::vector<StoredEvent>> AppointmentEventsAfter(const std::string& site, std::int64_t order,
                                                            int limit) override {
        auto r = db_.Exec("SELECT ord, device_id, seq, type, payload, at_us FROM anl_events WHERE site=$1 "
                          "AND ord>$2::bigint AND type LIKE 'appointment.%' ORDER BY ord LIMIT $3::int",
                          {site, std::to_string(order), std::to_string(limit)});
        if (!r.ok()) return r.error();
        return ReadStoredEvents(r->get());
    }

    Result<std::int64_t> LastOrder(const std::string& site) override {
        auto r = db_.Exec("SELECT coalesce(max(ord), 0) FROM anl_events WHERE site=$1", {site});
        if (!r.ok()) return r.error();
        return static_cast<std::int64_t>(std::atoll(PQgetvalue(r->get(), 0, 0)));
    }

    Result<std::int64_t> AckedSeq(const std::string& device) override {
        auto r = db_.Exec("SELECT acked_seq FROM anl_devices WHERE device_id=$1", {device});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return std::int64_t{0};
        return static_cast<std::int64_t>(std::atoll(PQgetvalue(r->get(), 0, 0)));
    }

    Status AppendCentralEvent(const std::string& site, const std::string& type, const std::string& payload,
                              Micros now) override {
        // The central's verdicts are numbered across sites: one lock for that numbering.
        auto lock = db_.Exec("SELECT pg_advisory_xact_lock(hashtext('anl-central-verdicts'))", {});
        if (!lock.ok()) return lock.error();
        const std::string central(core::kCentralDeviceId);
        auto r = db_.Exec("INSERT INTO anl_events(site, device_id, seq, type, payload, at_us, received_us) "
                          "SELECT $1, $2, coalesce(max(seq), 0) + 1, $3, $4, $5::bigint, $5::bigint FROM anl_events "
                          "WHERE device_id=$2",
                          {site, central, type, payload, std::to_string(now)});
        if (!r.ok()) return r.error();
        return NotifySite(db_, site);
    }

    PgConnection db_{&LedgerWords};
};

}  // namespace

Result<std::unique_ptr<SlotLedger>> OpenPostgresLedger(const std::string& conninfo) {
    auto ledger = std::make_unique<PostgresLedger>();
    if (auto ok = ledger->Open(conninfo); !ok) return ok.error();
    return std::unique_ptr<SlotLedger>(std::move(ledger));
}

}  // namespace anl::sync::central
