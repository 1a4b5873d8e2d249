// Private to kiosk/core: small helpers shared by its .cpp files. Not part of the public API.
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/core.h"

namespace anl::core::internal {

// Catalogue look-ups written here so the core needs only the catalogue's types.
const catalogue::Office* FindOffice(const catalogue::Catalogue& c, std::string_view id);
const catalogue::Service* FindService(const catalogue::Catalogue& c, std::string_view id);
const catalogue::PriorityClass* FindPriorityClass(const catalogue::Catalogue& c, std::string_view id);
const catalogue::Partner* FindPartner(const catalogue::Catalogue& c, std::string_view id);

// "<device>/<seq>": the id of the ticket an event creates, unique on every device.
std::string EntityId(std::string_view device_id, std::int64_t seq);

// The label people see for a ticket in messages: its visit's display number, else its id.
std::string TicketLabel(const State& state, const Ticket& ticket);

}  // namespace anl::core::internal
