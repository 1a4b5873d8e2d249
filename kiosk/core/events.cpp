// Events on the wire and in the outbox: the envelope and its validation. The payload of each
// type (all ids are strings, times UTC microseconds):
//   ticket.issued      visit_id, ticket_id, display, prefix, number, service_day, arrival_at,
//                      lang, priority_class, priority_rank, interpreter, appointment_due_at,
//                      office_id, service_id, plan (optional: [{office_id, service_id}] of
//                      every planned stop in order, the first being this ticket's)
//   ticket.called      ticket_id, counter, staff
//   ticket.recalled    ticket_id, counter, staff
//   ticket.started     ticket_id, staff
//   ticket.finished    ticket_id, outcome (the visit's next planned stop, if any, becomes
//                      ticket "<device>/<seq>" of this event, waiting at its office)
//   ticket.no_show | ticket.returned | ticket.parked | ticket.unparked    ticket_id
//   ticket.transferred ticket_id, new_ticket_id, office_id, service_id, note
#include <algorithm>

#include "kiosk/core/internal.h"

namespace anl::core {

nlohmann::json EventToJson(const Event& event) {
    return {{"device_id", event.device_id}, {"seq", event.seq}, {"type", event.type},
            {"payload", event.payload},     {"at_us", event.at_us}};
}

Result<Event> EventFromJson(const nlohmann::json& json) {
    auto bad = [](const std::string& why) {
        return MakeError(ErrorCode::kInvalidInput, "The event is malformed: " + why + ".");
    };
    if (!json.is_object()) return bad("it is not a JSON object");
    if (!json.contains("device_id") || !json["device_id"].is_string()) return bad("device_id must be a string");
    if (!json.contains("seq") || !json["seq"].is_number_integer()) return bad("seq must be an integer");
    if (!json.contains("type") || !json["type"].is_string()) return bad("type must be a string");
    if (!json.contains("payload") || !json["payload"].is_object()) return bad("payload must be an object");
    if (!json.contains("at_us") || !json["at_us"].is_number_integer()) return bad("at_us must be an integer");
    Event event;
    event.device_id = json["device_id"].get<std::string>();
    event.seq = json["seq"].get<std::int64_t>();
    event.type = json["type"].get<std::string>();
    event.payload = json["payload"];
    event.at_us = json["at_us"].get<std::int64_t>();
    if (event.device_id.empty() || event.device_id.size() > 64) return bad("device_id must have 1 to 64 characters");
    if (event.seq < 1) return bad("seq must be 1 or more");
    if (std::find(std::begin(kEventTypes), std::end(kEventTypes), event.type) == std::end(kEventTypes))
        return bad("unknown type \"" + event.type.substr(0, 40) + "\"");
    return event;
}


}  // namespace anl::core
