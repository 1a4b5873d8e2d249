// Private to kiosk/store: the SQL of the site's network (partner directory, case management)
// and of case-management hand-offs, called from store.cpp beside the appointments' seam so
// that hand-offs are written in the same transaction as their events.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/core.h"
#include "kiosk/store/sql.h"

namespace anl::store::network {

// The catalogue's partners, case management, retention period and counters (the store's
// catalogue tables hold none of them; the old `counters` table is unused),
// written with the catalogue and read back with it.
Status WriteSettings(sql::Connection& db, const catalogue::Catalogue& catalogue);
Status LoadSettings(sql::Connection& db, catalogue::Catalogue& catalogue);
// Inserts the rows of the given hand-offs from the state.
Status Project(sql::Connection& db, const core::State& state, const std::vector<std::string>& ids);
// Reads every hand-off into state.handoffs (after the tickets, so each finds its number).
Status Load(sql::Connection& db, core::State& state);

}  // namespace anl::store::network
