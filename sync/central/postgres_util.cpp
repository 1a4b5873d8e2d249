// central, PostgreSQL: the shared libpq plumbing (see postgres_util.h).
#include "sync/central/postgres_util.h"

#include <cstdlib>

#include "sync/central/site_changes.h"

namespace anl::sync::central {

PgConnection::~PgConnection() {
    if (conn_) PQfinish(conn_);
}

Status PgConnection::Open(const std::string& conninfo, const char* schema) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) return words_(PgTrouble::kCannotConnect, Detail());
    auto created = Exec(schema, {});
    if (!created.ok()) return created.error();
    return {};
}

Result<PgResult> PgConnection::Exec(const std::string& sql, const std::vector<std::string>& params) {
    if (PQstatus(conn_) != CONNECTION_OK) {
        PQreset(conn_);
        if (PQstatus(conn_) != CONNECTION_OK) return words_(PgTrouble::kLostConnection, Detail());
    }
    std::vector<const char*> values;
    for (const auto& p : params) values.push_back(p.c_str());
    PgResult r(params.empty() ? PQexec(conn_, sql.c_str())
                              : PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                             values.data(), nullptr, nullptr, 0));
    auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
        bool unique_violation = state && std::string(state) == "23505";
        return words_(unique_violation ? PgTrouble::kUniqueValueTaken : PgTrouble::kStatementFailed, Detail());
    }
    return r;
}

std::string PgConnection::Detail() const {
    std::string detail = conn_ ? PQerrorMessage(conn_) : "no connection";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return detail;
}

Status LockSite(PgConnection& connection, const std::string& site) {
    auto lock = connection.Exec("SELECT pg_advisory_xact_lock(hashtext($1))", {site});
    if (!lock.ok()) return lock.error();
    return {};
}

Status NotifySite(PgConnection& connection, const std::string& site) {
    auto notify = connection.Exec("SELECT pg_notify($1, $2)", {kSiteChannel, site});
    if (!notify.ok()) return notify.error();
    return {};
}

std::vector<StoredEvent> ReadStoredEvents(PGresult* rows) {
    std::vector<StoredEvent> out;
    for (int i = 0; i < PQntuples(rows); ++i) {
        StoredEvent e;
        e.order = std::atoll(PQgetvalue(rows, i, 0));
        e.event.device = PQgetvalue(rows, i, 1);
        e.event.seq = std::atoll(PQgetvalue(rows, i, 2));
        e.event.type = PQgetvalue(rows, i, 3);
        e.event.payload = PQgetvalue(rows, i, 4);
        e.event.at_us = std::atoll(PQgetvalue(rows, i, 5));
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace anl::sync::central
