// Private to kiosk/core: small helpers shared by its .cpp files. Not part of the public API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/core.h"

namespace anl::core::internal {

// Catalogue look-ups written here so the core needs only the catalogue's types.
const catalogue::Office* FindOffice(const catalogue::Catalogue& c, std::string_view id);
const catalogue::Service* FindService(const catalogue::Catalogue& c, std::string_view id);
const catalogue::PriorityClass* FindPriorityClass(const catalogue::Catalogue& c, std::string_view id);
const catalogue::Partner* FindPartner(const catalogue::Catalogue& c, std::string_view id);
const catalogue::Counter* FindCounter(const catalogue::Catalogue& c, int number);

// "<device>/<seq>": the id of the ticket an event creates, unique on every device.
std::string EntityId(std::string_view device_id, std::int64_t seq);

// The label people see for a ticket in messages: its visit's display number, else its id.
std::string TicketLabel(const State& state, const Ticket& ticket);

// Payload readers for the reducers: a missing or mistyped field yields nullopt.
inline std::optional<std::string> Str(const nlohmann::json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}
inline std::optional<std::int64_t> Int(const nlohmann::json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<std::int64_t>();
}

}  // namespace anl::core::internal
