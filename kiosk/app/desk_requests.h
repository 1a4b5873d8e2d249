// desk_requests: what the store worker does with a desk's referral, hand-off and appointment
// requests (ui::DeskRequest kReferral, kHandoff, kAppointment): the same store calls
// `anlaufstelle-ctl referral give`, `handoff give` and `appointment check-in|cancel|move|book`
// make, with the answer as data for the desk (ui::DeskAnswer). Shared by the terminal's
// StoreService and the tests, so both run one piece of code.
// Must never: run on the UI thread (it writes the store).
#pragma once

#include <optional>
#include <string>

#include "i18n/messages/messages.h"
#include "kiosk/print/print.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/desk_session.h"

namespace anl::app {

// A hand-off with `handoff_slot` books that slot first (from this terminal's escrow) and
// hands off with the new booking; a refused booking hands nothing off.
ui::DeskAnswer RunDeskRequest(store::Store& store, const ui::DeskRequest& request, const std::string& staff_number);

// The slip a desk prints for what it just did, or nullopt: a booking made (follow-up, move, the
// hand-off's first appointment) in the visitor's language, or a referral's partner in
// request.slip_lang. Nothing for a refused request, a check-in or a cancellation.
std::optional<print::Slip> DeskSlip(const catalogue::Catalogue& catalogue, const messages::Messages& messages,
                                    const ui::DeskRequest& request, const ui::DeskAnswer& answer);

}  // namespace anl::app
