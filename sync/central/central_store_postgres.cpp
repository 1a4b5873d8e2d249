// central store, PostgreSQL implementation (libpq), for a city or a state.
// Several central instances may share one database: a push takes a per-site advisory lock
// for its transaction, so within a site `ord` values become visible in increasing order and a
// pull never skips an event that commits later with a smaller number.
#include <cstdlib>
#include <memory>

#include "sync/central/central_store.h"
#include "sync/central/postgres_util.h"
#include "sync/central/site_changes.h"

namespace anl::sync::central {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS anl_devices(
  registration BIGSERIAL PRIMARY KEY,
  device_id    TEXT UNIQUE,
  site         TEXT NOT NULL,
  role         TEXT NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  state        TEXT NOT NULL CHECK (state IN ('pending','active','revoked')),
  code_hash    TEXT UNIQUE,
  code_expires_us BIGINT NOT NULL DEFAULT 0,
  token_hash   TEXT UNIQUE,
  slot         INTEGER NOT NULL DEFAULT -1,
  acked_seq    BIGINT NOT NULL DEFAULT 0,
  last_seen_us BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS anl_events(
  ord         BIGSERIAL PRIMARY KEY,
  site        TEXT NOT NULL,
  device_id   TEXT NOT NULL,
  seq         BIGINT NOT NULL,
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  at_us       BIGINT NOT NULL,
  received_us BIGINT NOT NULL,
  UNIQUE(device_id, seq));
CREATE INDEX IF NOT EXISTS anl_events_by_site ON anl_events(site, ord);
CREATE TABLE IF NOT EXISTS anl_rejected_events(
  device_id   TEXT NOT NULL,
  seq         BIGINT NOT NULL,
  site        TEXT NOT NULL,
  type        TEXT NOT NULL,
  at_us       BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  received_us BIGINT NOT NULL,
  PRIMARY KEY(device_id, seq));
CREATE TABLE IF NOT EXISTS anl_site_configs(
  site         TEXT NOT NULL,
  version      BIGINT NOT NULL,
  published_us BIGINT NOT NULL,
  body         TEXT NOT NULL,
  PRIMARY KEY(site, version));
)sql";

constexpr const char* kDeviceColumns =
    "registration, coalesce(device_id,''), site, role, name, state, acked_seq, last_seen_us";

// A PostgreSQL array literal of text: {"a","b\"c"}.
std::string TextArray(const std::vector<const std::string*>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : *items[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::string IntArray(const std::vector<std::int64_t>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += std::to_string(items[i]);
    }
    out += '}';
    return out;
}

Error StoreError(ErrorCode code, const std::string& what, const std::string& detail) {
    return MakeError(code, "The PostgreSQL central store: " + what + " (" + detail +
                               "); check that the database is running and reachable.");
}

Error StoreWords(PgTrouble trouble, const std::string& detail) {
    switch (trouble) {
        case PgTrouble::kCannotConnect: return StoreError(ErrorCode::kStorage, "cannot connect", detail);
        case PgTrouble::kLostConnection: return StoreError(ErrorCode::kStorage, "lost the connection", detail);
        case PgTrouble::kStatementFailed: return StoreError(ErrorCode::kStorage, "a statement failed", detail);
        case PgTrouble::kUniqueValueTaken: return MakeError(ErrorCode::kRejected, "A unique value is already taken.");
    }
    return StoreError(ErrorCode::kStorage, "a statement failed", detail);
}

class PostgresStore final : public CentralStore {
public:
    Status Open(const std::string& conninfo) { return db_.Open(conninfo, kSchema); }

    std::string_view Kind() const override { return "postgresql"; }

    Result<DeviceRecord> AddDevice(const std::string& site, Role role, const std::string& name,
                                   const std::string& code_hash, Micros expires_us) override {
        auto r = db_.Exec(std::string("INSERT INTO anl_devices(site, role, name, state, code_hash, code_expires_us) "
                                  "VALUES($1, $2, $3, 'pending', $4, $5) RETURNING ") + kDeviceColumns,
                          {site, std::string(RoleName(role)), name, code_hash, std::to_string(expires_us)});
        if (!r.ok()) return r.error();
        return ReadDevice(r->get(), 0);
    }

    Result<DeviceRecord> Enroll(const std::string& code_hash, const std::string& device, const std::string& site,
                                int slot, const std::string& token_hash, Micros now) override {
        auto begin = db_.Exec("BEGIN", {});
        if (!begin.ok()) return begin.error();
        auto result = EnrollInTransaction(code_hash, device, site, slot, token_hash, now);
        auto end = db_.Exec(result.ok() ? "COMMIT" : "ROLLBACK", {});
        if (!end.ok()) return end.error();
        return result;
    }

    Result<std::optional<DeviceRecord>> DeviceByToken(const std::string& token_hash) override {
        auto r = db_.Exec(std::string("SELECT ") + kDeviceColumns +
                              ", slot FROM anl_devices WHERE token_hash=$1 AND state='active'",
                          {token_hash});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return std::optional<DeviceRecord>{};
        DeviceRecord d = ReadDevice(r->get(), 0);
        d.slot = std::atoi(PQgetvalue(r->get(), 0, 8));
        return std::optional<DeviceRecord>{std::move(d)};
    }

    Result<std::vector<DeviceRecord>> ListDevices() override {
        auto r = db_.Exec(std::string("SELECT ") + kDeviceColumns + " FROM anl_devices ORDER BY registration", {});
        if (!r.ok()) return r.error();
        std::vector<DeviceRecord> out;
        for (int i = 0; i < PQntuples(r->get()); ++i) out.push_back(ReadDevice(r->get(), i));
        return out;
    }

    Result<DeviceRecord> Revoke(const std::string& which) override {
        bool by_registration = !which.empty() && which[0] == '#';
        std::string key = by_registration ? std::to_string(std::atoll(which.c_str() + 1)) : which;
        // The notice goes out when the update commits: every instance then forgets the tokens
        // its long-polls keep (site_changes.h, kDeviceChannel), so the revocation holds at once there too.
        auto r = db_.Exec(std::string("WITH revoked AS (UPDATE anl_devices SET state='revoked', token_hash=NULL, "
                                      "code_hash=NULL WHERE ") +
                              (by_registration ? "registration=$1::bigint" : "device_id=$1") + " RETURNING " +
                              kDeviceColumns + ") SELECT revoked.*, pg_notify('" + kDeviceChannel +
                              "', revoked.registration::text) FROM revoked",
                          {key});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return MakeError(ErrorCode::kNotFound, "No device \"" + which + "\" is registered.");
        return ReadDevice(r->get(), 0);
    }

    using CentralStore::Ingest;
    Result<IngestOutcome> Ingest(const DeviceRecord& device, const std::vector<Event>& events, Micros now,
                                 const Rejections& rejected) override {
        auto begin = db_.Exec("BEGIN", {});
        if (!begin.ok()) return begin.error();
        auto result = IngestInTransaction(device, events, now, rejected);
        bool commit = result.ok() && (result->stored > 0 || !result->rejected.empty());
        auto end = db_.Exec(commit ? "COMMIT" : "ROLLBACK", {});
        if (!end.ok()) return end.error();
        return result;
    }

    Status ProbeWrite() override {
        // A write transaction that changes nothing: fails when the server is unreachable, the
        // database is read-only (a standby, default_transaction_read_only) or out of space.
        auto begin = db_.Exec("BEGIN READ WRITE", {});
        if (!begin.ok()) return begin.error();
        auto w = db_.Exec("UPDATE anl_devices SET last_seen_us = last_seen_us WHERE false", {});
        auto end = db_.Exec("ROLLBACK", {});
        if (!w.ok()) return w.error();
        if (!end.ok()) return end.error();
        return {};
    }

    Status AppendCentralEvent(const std::string& site, const std::string& type, const std::string& payload,
                              Micros now) override {
        auto begin = db_.Exec("BEGIN", {});
        if (!begin.ok()) return begin.error();
        // The central's own events are numbered across sites (as the slot verdicts are): one lock.
        auto lock = db_.Exec("SELECT pg_advisory_xact_lock(hashtext('anl-central-verdicts'))", {});
        if (!lock.ok()) {
            (void)db_.Exec("ROLLBACK", {});
            return lock.error();
        }
        auto r = db_.Exec("INSERT INTO anl_events(site, device_id, seq, type, payload, at_us, received_us) "
                          "SELECT $1, 'central', coalesce(max(seq), 0) + 1, $2, $3, $4::bigint, $4::bigint "
                          "FROM anl_events WHERE device_id = 'central'",
                          {site, type, payload, std::to_string(now)});
        if (!r.ok()) {
            (void)db_.Exec("ROLLBACK", {});
            return r.error();
        }
        if (auto notified = NotifySite(db_, site); !notified.ok()) {  // every instance's polls
            (void)db_.Exec("ROLLBACK", {});
            return notified.error();
        }
        auto end = db_.Exec("COMMIT", {});
        if (!end.ok()) return end.error();
        return {};
    }

    Result<std::vector<StoredEvent>> ReadAfter(const std::string& site, std::int64_t cursor, int limit) override {
        auto r = db_.Exec("SELECT ord, device_id, seq, type, payload, at_us FROM anl_events "
                          "WHERE site=$1 AND ord>$2::bigint ORDER BY ord LIMIT $3::int",
                          {site, std::to_string(cursor), std::to_string(limit)});
        if (!r.ok()) return r.error();
        return ReadStoredEvents(r->get());
    }

    Result<RetentionPurge> PurgePersonalData(Micros older_than, bool dry_run) override {
        auto begin = db_.Exec("BEGIN", {});
        if (!begin.ok()) return begin.error();
        RetentionPurge purge;
        std::vector<std::pair<std::string, std::string>> rewrites;  // ord, payload
        {
            auto r = db_.Exec("SELECT ord, type, payload FROM anl_events WHERE at_us < $1::bigint AND type IN "
                              "('ticket.transferred', 'handoff.given') FOR UPDATE",
                              {std::to_string(older_than)});
            if (!r.ok()) {
                (void)db_.Exec("ROLLBACK", {});
                return r.error();
            }
            for (int i = 0; i < PQntuples(r->get()); ++i)
                if (auto purged = PurgedPayload(PQgetvalue(r->get(), i, 1), PQgetvalue(r->get(), i, 2), purge))
                    rewrites.emplace_back(PQgetvalue(r->get(), i, 0), *purged);
        }
        if (dry_run) {
            auto end = db_.Exec("ROLLBACK", {});
            if (!end.ok()) return end.error();
            return purge;
        }
        for (const auto& [ord, payload] : rewrites) {
            auto u = db_.Exec("UPDATE anl_events SET payload=$2 WHERE ord=$1::bigint", {ord, payload});
            if (!u.ok()) {
                (void)db_.Exec("ROLLBACK", {});
                return u.error();
            }
        }
        auto commit = db_.Exec("COMMIT", {});
        if (!commit.ok()) return commit.error();
        // The old row versions stay in the table's pages until vacuumed.
        if (!rewrites.empty())
            if (auto vacuum = db_.Exec("VACUUM anl_events", {}); !vacuum.ok()) return vacuum.error();
        return purge;
    }

    Result<RetentionPurge> EraseEvents(const std::string& site,
                                       const std::vector<std::pair<std::string, std::int64_t>>& keys) override {
        auto begin = db_.Exec("BEGIN", {});
        if (!begin.ok()) return begin.error();
        RetentionPurge purge;
        for (const auto& [device, seq] : keys) {
            auto r = db_.Exec("SELECT ord, type, payload FROM anl_events WHERE site=$1 AND device_id=$2 AND "
                              "seq=$3::bigint FOR UPDATE",
                              {site, device, std::to_string(seq)});
            if (!r.ok()) {
                (void)db_.Exec("ROLLBACK", {});
                return r.error();
            }
            if (PQntuples(r->get()) == 0) continue;
            auto emptied = PurgedPayload(PQgetvalue(r->get(), 0, 1), PQgetvalue(r->get(), 0, 2), purge);
            if (!emptied) continue;
            auto u = db_.Exec("UPDATE anl_events SET payload=$2 WHERE ord=$1::bigint", {PQgetvalue(r->get(), 0, 0), *emptied});
            if (!u.ok()) {
                (void)db_.Exec("ROLLBACK", {});
                return u.error();
            }
        }
        auto commit = db_.Exec("COMMIT", {});
        if (!commit.ok()) return commit.error();
        // The old row versions stay in the table's pages until vacuumed.
        if (purge.events > 0)
            if (auto vacuum = db_.Exec("VACUUM anl_events", {}); !vacuum.ok()) return vacuum.error();
        return purge;
    }

    Result<std::int64_t> CountEvents() override {
        auto r = db_.Exec("SELECT count(*) FROM anl_events", {});
        if (!r.ok()) return r.error();
        return static_cast<std::int64_t>(std::atoll(PQgetvalue(r->get(), 0, 0)));
    }

    Result<std::int64_t> CountSiteEvents(const std::string& site) override {
        auto r = db_.Exec("SELECT count(*) FROM anl_events WHERE site=$1", {site});
        if (!r.ok()) return r.error();
        return static_cast<std::int64_t>(std::atoll(PQgetvalue(r->get(), 0, 0)));
    }

    // --- configuration down ------------------------------------------------------------
    Result<std::int64_t> ConfigVersion(const std::string& site) override {
        auto r = db_.Exec("SELECT coalesce(max(version), 0) FROM anl_site_configs WHERE site=$1", {site});
        if (!r.ok()) return r.error();
        return static_cast<std::int64_t>(std::atoll(PQgetvalue(r->get(), 0, 0)));
    }

    Result<std::optional<StoredConfig>> ReadConfig(const std::string& site) override {
        auto r = db_.Exec("SELECT version, published_us, body FROM anl_site_configs WHERE site=$1 "
                          "ORDER BY version DESC LIMIT 1",
                          {site});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return std::optional<StoredConfig>();
        return std::optional<StoredConfig>(StoredConfig{std::atoll(PQgetvalue(r->get(), 0, 0)),
                                                        std::atoll(PQgetvalue(r->get(), 0, 1)),
                                                        PQgetvalue(r->get(), 0, 2)});
    }

    Result<std::optional<StoredConfig>> ReadConfigVersion(const std::string& site, std::int64_t version) override {
        auto r = db_.Exec("SELECT version, published_us, body FROM anl_site_configs WHERE site=$1 AND version=$2::bigint",
                          {site, std::to_string(version)});
        if (!r.ok()) return r.error();
        if (PQntuples(r->get()) == 0) return std::optional<StoredConfig>();
        return std::optional<StoredConfig>(StoredConfig{std::atoll(PQgetvalue(r->get(), 0, 0)),
                                                        std::atoll(PQgetvalue(r->get(), 0, 1)),
                                                        PQgetvalue(r->get(), 0, 2)});
    }

    Result<std::vector<StoredConfig>> ListConfigs(const std::string& site) override {
        auto r = db_.Exec("SELECT version, published_us, body FROM anl_site_configs WHERE site=$1 ORDER BY version DESC",
                          {site});
        if (!r.ok()) return r.error();
        std::vector<StoredConfig> out;
        for (int i = 0; i < PQntuples(r->get()); ++i)
            out.push_back(StoredConfig{std::atoll(PQgetvalue(r->get(), i, 0)), std::atoll(PQgetvalue(r->get(), i, 1)),
                                       PQgetvalue(r->get(), i, 2)});
        return out;
    }

    Result<std::int64_t> StoreConfig(const std::string& site, std::int64_t expected_version, const std::string& body,
                                     Micros now) override {
        // The primary key (site, version) makes a lost race an insert that fails, not an overwrite.
        auto r = db_.Exec("INSERT INTO anl_site_configs(site, version, published_us, body) "
                          "SELECT $1, $2::bigint, $3::bigint, $4 WHERE (SELECT coalesce(max(version), 0) "
                          "FROM anl_site_configs WHERE site=$1) = $2::bigint - 1 ON CONFLICT DO NOTHING",
                          {site, std::to_string(expected_version + 1), std::to_string(now), body});
        if (!r.ok()) return r.error();
        if (std::string(PQcmdTuples(r->get())) != "1") return ConfigRace(site);
        return expected_version + 1;
    }

private:
    static DeviceRecord ReadDevice(PGresult* r, int row) {
        DeviceRecord d;
        d.registration = std::atoll(PQgetvalue(r, row, 0));
        d.device = PQgetvalue(r, row, 1);
        d.site = PQgetvalue(r, row, 2);
        d.role = ParseRole(PQgetvalue(r, row, 3)).value_or(Role::kBoard);
        d.name = PQgetvalue(r, row, 4);
        d.state = ParseDeviceState(PQgetvalue(r, row, 5));
        d.acked_seq = std::atoll(PQgetvalue(r, row, 6));
        d.last_seen_us = std::atoll(PQgetvalue(r, row, 7));
        return d;
    }

    Result<DeviceRecord> EnrollInTransaction(const std::string& code_hash, const std::string& device,
                                             const std::string& site, int slot, const std::string& token_hash,
                                             Micros now) {
        auto find = db_.Exec("SELECT registration, code_expires_us, site, role FROM anl_devices "
                             "WHERE code_hash=$1 AND state='pending' FOR UPDATE",
                             {code_hash});
        if (!find.ok()) return find.error();
        PendingCode code;
        std::string registration;
        if (PQntuples(find->get()) > 0) {
            registration = PQgetvalue(find->get(), 0, 0);
            code = PendingCode{true, std::atoll(PQgetvalue(find->get(), 0, 1)), PQgetvalue(find->get(), 0, 2),
                               ParseRole(PQgetvalue(find->get(), 0, 3)).value_or(Role::kBoard)};
        }
        EnrolmentLookups lookups;
        lookups.slot_holders = [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
            // Serialise enrolments of one site, so two cannot take the same slot at once.
            if (auto lock = LockSite(db_, site); !lock.ok()) return lock.error();
            auto slots = db_.Exec("SELECT device_id, role FROM anl_devices WHERE site=$1 AND slot=$2::int AND state='active'",
                                  {site, std::to_string(slot)});
            if (!slots.ok()) return slots.error();
            std::vector<std::pair<std::string, std::string>> holders;
            for (int i = 0; i < PQntuples(slots->get()); ++i)
                holders.emplace_back(PQgetvalue(slots->get(), i, 0), PQgetvalue(slots->get(), i, 1));
            return holders;
        };
        lookups.device_enrolled = [&]() -> Result<bool> {
            auto taken = db_.Exec("SELECT 1 FROM anl_devices WHERE device_id=$1", {device});
            if (!taken.ok()) return taken.error();
            return PQntuples(taken->get()) > 0;
        };
        if (auto allowed = CheckEnrolment(code, now, site, slot, device, lookups); !allowed.ok()) return allowed.error();
        auto bind = db_.Exec(std::string("UPDATE anl_devices SET device_id=$2, token_hash=$3, code_hash=NULL, "
                                     "state='active', last_seen_us=$4::bigint, slot=$5::int WHERE registration=$1::bigint "
                                     "RETURNING ") +
                                 kDeviceColumns,
                             {registration, device, token_hash, std::to_string(now), std::to_string(slot)});
        if (!bind.ok()) return bind.error();
        return ReadDevice(bind->get(), 0);
    }

    Result<IngestOutcome> IngestInTransaction(const DeviceRecord& device, const std::vector<Event>& events, Micros now,
                                              const Rejections& rejected) {
        IngestOutcome out;
        if (auto lock = LockSite(db_, device.site); !lock.ok()) return lock.error();
        auto state = db_.Exec("SELECT acked_seq, state FROM anl_devices WHERE registration=$1::bigint FOR UPDATE",
                              {std::to_string(device.registration)});
        if (!state.ok()) return state.error();
        if (PQntuples(state->get()) == 0 || std::string(PQgetvalue(state->get(), 0, 1)) != "active")
            return MakeError(ErrorCode::kUnauthorized, "This device has been revoked; ask an administrator.");
        out.acked_seq = std::atoll(PQgetvalue(state->get(), 0, 0));

        auto plan = PlanIngest(out.acked_seq, events, [this](const Event& e) -> Result<StoredMatch> {
            auto stored = db_.Exec("SELECT type, payload, at_us FROM anl_events WHERE device_id=$1 AND seq=$2::bigint",
                                   {e.device, std::to_string(e.seq)});
            if (!stored.ok()) return stored.error();
            if (PQntuples(stored->get()) > 0)
                return StoredMatch{e.type == PQgetvalue(stored->get(), 0, 0) && SameOrErasedPayload(e.type, PQgetvalue(stored->get(), 0, 1), e.payload) &&
                                       e.at_us == std::atoll(PQgetvalue(stored->get(), 0, 2)),
                                   ""};
            // A refused event was acknowledged without its payload: the same type and time.
            auto refused = db_.Exec("SELECT type, at_us, reason FROM anl_rejected_events WHERE device_id=$1 AND seq=$2::bigint",
                                    {e.device, std::to_string(e.seq)});
            if (!refused.ok()) return refused.error();
            if (PQntuples(refused->get()) == 0)
                return StoreError(ErrorCode::kCorrupt, "misses an acknowledged event", db_.Detail());
            return StoredMatch{e.type == PQgetvalue(refused->get(), 0, 0) && e.at_us == std::atoll(PQgetvalue(refused->get(), 0, 1)),
                               PQgetvalue(refused->get(), 0, 2)};
        }, rejected);
        if (!plan.ok()) return plan.error();
        out = plan->outcome;
        for (const Event* e : plan->to_reject) {
            auto insert = db_.Exec("INSERT INTO anl_rejected_events(device_id, seq, site, type, at_us, reason, received_us) "
                                   "VALUES($1, $2::bigint, $3, $4, $5::bigint, $6, $7::bigint)",
                                   {e->device, std::to_string(e->seq), device.site, e->type, std::to_string(e->at_us),
                                    rejected.at(e->seq).reason, std::to_string(now)});
            if (!insert.ok()) return insert.error();
        }
        std::vector<std::int64_t> seqs, times;
        std::vector<const std::string*> types, payloads;
        for (const Event* e : plan->to_store) {
            ANL_ASSERT(e->device == device.device && "the service checks that a push holds only its own device's events");
            seqs.push_back(e->seq);
            times.push_back(e->at_us);
            types.push_back(&e->type);
            payloads.push_back(&e->payload);
        }
        if (out.stored > 0) {
        // One statement for the whole batch: a round trip per event would cap ingest at the
        // network's latency.
        auto insert = db_.Exec(
            "INSERT INTO anl_events(site, device_id, seq, type, payload, at_us, received_us) "
            "SELECT $1, $2, s, t, p, a, $7::bigint FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bigint[]) "
            "AS x(s, t, p, a) ORDER BY s",
            {device.site, device.device, IntArray(seqs), TextArray(types), TextArray(payloads), IntArray(times),
             std::to_string(now)});
        if (!insert.ok()) return insert.error();
        // Wakes the site's long-polls on every instance, when (and only if) this commits.
        if (auto notified = NotifySite(db_, device.site); !notified.ok()) return notified.error();
        }
        if (out.stored == 0 && out.rejected.empty()) return out;
        auto update = db_.Exec("UPDATE anl_devices SET acked_seq=$2::bigint, last_seen_us=$3::bigint "
                               "WHERE registration=$1::bigint",
                               {std::to_string(device.registration), std::to_string(out.acked_seq), std::to_string(now)});
        if (!update.ok()) return update.error();
        return out;
    }

    PgConnection db_{&StoreWords};
};

}  // namespace

Result<std::unique_ptr<CentralStore>> OpenPostgresStore(const std::string& conninfo) {
    auto store = std::make_unique<PostgresStore>();
    auto s = store->Open(conninfo);
    if (!s.ok()) return s.error();
    return std::unique_ptr<CentralStore>(std::move(store));
}

}  // namespace anl::sync::central
