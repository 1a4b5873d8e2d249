// sync client, appointment slots: the terminal's calls to the central's slot endpoints
// (sync/protocol/appointments.h). Renewing the escrow runs at the end of every sync round
// (SyncEngine::RunRound); the rest is for anlaufstelle-ctl and, later, the booking screens.
// Must never: hold the store mutex across the network, book a slot the central did not hold
// for this terminal.
#pragma once

#include <mutex>
#include <string>

#include "kiosk/core/core.h"
#include "kiosk/store/store.h"
#include "sync/client/client.h"
#include "sync/protocol/appointments.h"

namespace anl::sync {

// Renews this terminal's escrow: names the escrow slots it still holds unused and its last
// written event, and stores what the central grants (replacing the escrow). A central that
// has not got every event of this terminal yet answers 409 (push first; the next round
// renews). Returns the number of slots now held.
Result<std::size_t> RenewEscrow(store::Store& store, const Journal& journal, Transport& transport,
                                std::mutex* store_mutex = nullptr);
// Gives escrow slots back to the central (e.g. a kiosk taken out of service).
Result<std::size_t> ReturnEscrow(store::Store& store, const Journal& journal, Transport& transport,
                                 const std::vector<std::string>& slots, std::mutex* store_mutex = nullptr);
// Books online: the central holds the slot for this terminal (atomic; refused when it is
// booked or in another terminal's escrow), then the terminal books it from its escrow. The
// booking event still needs a push (the caller runs a sync round or nudges the worker).
Result<core::Appointment> BookOnline(store::Store& store, const Journal& journal, Transport& transport,
                                     const core::BookAppointment& command, std::mutex* store_mutex = nullptr);
// This terminal's bookings of slots after `now` that the central refused, as "turned down"
// events for the sync status (RoundSummary::newly_rejected): the staff rebook the visitor.
std::vector<RejectedEvent> RefusedOwnBookings(const store::Store& store, const std::string& device, Micros now);
// The central's view of a service's slots on a local day (free, held, booked).
Result<SlotList> ListSlots(const Journal& journal, Transport& transport, const std::string& service,
                           const std::string& day);

}  // namespace anl::sync
