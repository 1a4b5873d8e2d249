// Private to kiosk/store: the SQL of appointment bookings, called from store.cpp's projection
// (Project, LoadState) so that bookings are written in the same transaction as their events.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/core.h"
#include "kiosk/store/sql.h"

namespace anl::store::appointments {

// Upserts the rows of the given appointments from the state.
Status Project(sql::Connection& db, const core::State& state, const std::vector<std::string>& ids);
// The catalogue's appointment hours, holidays and slot settings (the store's other catalogue
// tables hold none of them), written with the catalogue and read back with it.
Status WriteSettings(sql::Connection& db, const catalogue::Catalogue& catalogue);
Status LoadSettings(sql::Connection& db, catalogue::Catalogue& catalogue);
// Reads every booking into state.appointments (refused ones also into state.refusals).
Status Load(sql::Connection& db, core::State& state);

}  // namespace anl::store::appointments
