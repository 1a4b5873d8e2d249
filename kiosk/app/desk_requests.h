// desk_requests: what the store worker does with a desk's referral, hand-off and appointment
// requests (ui::DeskRequest kReferral, kHandoff, kAppointment): the same store calls
// `anlaufstelle-ctl referral give`, `handoff give` and `appointment check-in|cancel|move|book`
// make, with the answer as data for the desk (ui::DeskAnswer). Shared by the terminal's
// StoreService and the tests, so both run one piece of code.
// Must never: run on the UI thread (it writes the store).
#pragma once

#include <string>

#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/desk_session.h"

namespace anl::app {

// A hand-off with `handoff_slot` books that slot first (from this terminal's escrow) and
// hands off with the new booking; a refused booking hands nothing off.
ui::DeskAnswer RunDeskRequest(store::Store& store, const ui::DeskRequest& request, const std::string& staff_number);

}  // namespace anl::app
