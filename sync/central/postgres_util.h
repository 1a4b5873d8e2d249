// central, PostgreSQL: the libpq plumbing the central store (central_store_postgres.cpp) and
// the slot inventory (escrow_postgres.cpp) share, each on its own connection. Private to
// sync/central; the SQL itself stays in those two files.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "kiosk/base/base.h"
#include "sync/central/central_store.h"

namespace anl::sync::central {

struct PgResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

// Why a statement did not run. The owner of the connection words the error, so that a
// user reads which store failed ("the PostgreSQL central store ... appointment slots").
enum class PgTrouble { kCannotConnect, kLostConnection, kStatementFailed, kUniqueValueTaken };

// One libpq connection and the one way statements run on it.
class PgConnection {
public:
    // Words the error for a trouble; `detail` is libpq's message on the connection.
    using Words = Error (*)(PgTrouble trouble, const std::string& detail);

    explicit PgConnection(Words words) : words_(words) {}
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    // Connects and creates the tables that are missing (`schema`: CREATE ... IF NOT EXISTS).
    Status Open(const std::string& conninfo, const char* schema);
    // Runs `sql` with text parameters $1, $2 ... (none: several statements may run at once,
    // as the schemas do). A lost connection (database restarted) is re-established once per
    // statement.
    Result<PgResult> Exec(const std::string& sql, const std::vector<std::string>& params);
    // libpq's last message on this connection, without the trailing newline.
    std::string Detail() const;

private:
    Words words_;
    PGconn* conn_ = nullptr;
};

// Takes the site's lock until the transaction ends. Pushes (the central store) and slot
// verdicts (the slot inventory) of one site take the same lock, so they never interleave,
// also across several central instances on one database.
Status LockSite(PgConnection& connection, const std::string& site);

// Tells every central instance listening (site_changes.h) that the site's order grows when
// this transaction commits: NOTIFY inside the transaction is delivered on commit only, and
// not at all on rollback.
Status NotifySite(PgConnection& connection, const std::string& site);

// Rows of the columns "ord, device_id, seq, type, payload, at_us" of anl_events.
std::vector<StoredEvent> ReadStoredEvents(PGresult* rows);

}  // namespace anl::sync::central
