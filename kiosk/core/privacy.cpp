// A visitor's request for information or erasure (core.h section 14; docs/DATA-PROTECTION.md).
// Which stored events belong to the visitor a reference names, what personal fields they
// hold, and the privacy.erased event that tells every store to empty them.
#include <algorithm>
#include <cctype>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

using nlohmann::json;

bool IsDay(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(day[i]))) return false;
    return true;
}

bool Holds(const std::set<std::string>& ids, const json& payload, const char* key) {
    auto v = internal::Str(payload, key);
    return v && !v->empty() && ids.count(*v) > 0;
}

}  // namespace

std::string EventId(const Event& event) { return internal::EntityId(event.device_id, event.seq); }

std::optional<std::pair<std::string, std::int64_t>> ParseEventId(std::string_view id) {
    auto slash = id.rfind('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= id.size() || id.size() - slash > 19)
        return std::nullopt;
    std::int64_t seq = 0;
    for (char c : id.substr(slash + 1)) {
        if (c < '0' || c > '9') return std::nullopt;
        seq = seq * 10 + (c - '0');
    }
    if (seq < 1) return std::nullopt;
    return std::pair<std::string, std::int64_t>{std::string(id.substr(0, slash)), seq};
}

Result<VisitorMatch> MatchVisitor(const State& state, const std::vector<Event>& events, std::string_view reference,
                                  std::string_view day, std::string_view time_zone) {
    if (!day.empty() && !IsDay(day))
        return MakeError(ErrorCode::kInvalidInput, "--day takes a service day like 2026-03-29.");
    VisitorMatch m;
    auto add_visit = [&](const Visit& v) {
        m.visit_ids.insert(v.id);
        m.display = v.display;
        m.service_day = v.service_day;
    };
    // 1. A booking reference: the booking (of `day`, else the latest), and the visit its
    //    check-in gave. A year later the same reference is someone else's.
    if (LooksLikeReference(reference)) {
        const std::string wanted = NormaliseReference(reference);
        const Appointment* booking = nullptr;
        for (const auto& [id, a] : state.appointments) {
            if (NormaliseReference(a.reference) != wanted) continue;
            if (!day.empty() && LocalServiceDay(a.start_us, time_zone) != day) continue;
            if (!booking || a.start_us > booking->start_us) booking = &a;
        }
        if (booking) {
            m.appointment_ids.insert(booking->id);
            m.service_day = LocalServiceDay(booking->start_us, time_zone);
            if (const Ticket* t = state.FindTicket(booking->arrived_ticket))
                if (const Visit* v = state.FindVisit(t->visit_id)) add_visit(*v);
        }
    }
    // 2. A ticket id, or 3. a ticket number of a service day (the most recent day without one).
    if (m.appointment_ids.empty()) {
        if (const Ticket* t = state.FindTicket(reference)) {
            if (const Visit* v = state.FindVisit(t->visit_id)) add_visit(*v);
        } else {
            std::string display(reference);
            for (auto& c : display) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            const std::string* visit_id = nullptr;
            for (auto it = state.visit_by_number.rbegin(); it != state.visit_by_number.rend(); ++it) {
                if (it->first.second != display) continue;
                if (!day.empty() && it->first.first != day) continue;
                visit_id = &it->second;
                break;
            }
            if (visit_id)
                if (const Visit* v = state.FindVisit(*visit_id)) add_visit(*v);
        }
    }
    if (m.visit_ids.empty() && m.appointment_ids.empty())
        return MakeError(ErrorCode::kNotFound, "Nothing is stored under the reference " +
                                                   std::string(reference.substr(0, 40)) +
                                                   (day.empty() ? std::string() : " on " + std::string(day)) +
                                                   "; check the number and the day.");
    for (const auto& visit_id : m.visit_ids)
        if (const Visit* v = state.FindVisit(visit_id)) m.ticket_ids.insert(v->ticket_ids.begin(), v->ticket_ids.end());
    // A check-in names its booking; a hand-off may name the case managers' first appointment.
    for (const auto& e : events)
        if (e.type == "ticket.issued" && Holds(m.visit_ids, e.payload, "visit_id"))
            if (auto booking = internal::Str(e.payload, "appointment_id"); booking && !booking->empty())
                m.appointment_ids.insert(*booking);
    for (const auto& [id, h] : state.handoffs) {
        if (!m.ticket_ids.count(h.ticket_id)) continue;
        m.handoff_ids.insert(id);
        if (!h.appointment_id.empty()) m.appointment_ids.insert(h.appointment_id);
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        const Event& e = events[i];
        const json& p = e.payload;
        if (!p.is_object()) continue;
        bool ours = false;
        if (e.type == "ticket.issued") ours = Holds(m.visit_ids, p, "visit_id");
        else if (e.type.rfind("appointment.", 0) == 0) ours = Holds(m.appointment_ids, p, "appointment_id");
        else if (e.type == "handoff.given") ours = Holds(m.handoff_ids, p, "handoff_id") || Holds(m.ticket_ids, p, "ticket_id");
        else if (ActionForEventType(e.type)) ours = Holds(m.ticket_ids, p, "ticket_id") || Holds(m.ticket_ids, p, "new_ticket_id");
        if (ours) m.events.push_back(i);
    }
    return m;
}

std::map<std::string, json> PersonalFieldsOf(const Event& event) {
    Event emptied = event;
    std::map<std::string, json> held;
    for (const auto& name : PurgePersonalFields(emptied)) held[name] = event.payload.at(name);
    return held;
}

json VisitorDataToJson(const VisitorMatch& match, const std::vector<Event>& visitor_events) {
    json events = json::array();
    for (const auto& e : visitor_events) {
        json personal = json::object();
        for (const auto& [name, value] : PersonalFieldsOf(e)) personal[name] = value;
        events.push_back({{"id", EventId(e)}, {"type", e.type}, {"at_us", e.at_us}, {"personal", personal}});
    }
    return {{"display", match.display},
            {"service_day", match.service_day},
            {"visits", match.visit_ids},
            {"tickets", match.ticket_ids},
            {"appointments", match.appointment_ids},
            {"handoffs", match.handoff_ids},
            {"events", events}};
}

Applied ForgetPersonalFields(State& state, const Event& event) {
    Applied a;
    a.applied = true;
    if (event.type == "ticket.transferred") {
        if (auto id = internal::Str(event.payload, "new_ticket_id"))
            if (auto it = state.tickets.find(*id); it != state.tickets.end() && !it->second.note.empty()) {
                it->second.note.clear();
                a.ticket_ids.push_back(*id);
            }
    } else if (event.type == "handoff.given") {
        if (auto id = internal::Str(event.payload, "handoff_id"))
            if (auto it = state.handoffs.find(*id); it != state.handoffs.end()) {
                Handoff& h = it->second;
                if (!h.name.empty() || !h.reason.empty() || h.consent) {
                    h.name.clear();
                    h.reason.clear();
                    h.consent = false;
                    a.handoff_ids.push_back(*id);
                }
            }
    }
    return a;
}

Event MakePrivacyErased(const Actor& actor, Micros now, std::string_view staff, const std::vector<std::string>& event_ids) {
    ANL_ASSERT(!actor.device_id.empty() && "every event names the device that decided it");
    ANL_ASSERT(event_ids.size() <= kMaxErasedEvents && "an erasure names one visitor's events");
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = "privacy.erased";
    e.payload = {{"staff", std::string(staff)}, {"events", event_ids}};
    e.at_us = now;
    return e;
}

std::optional<std::vector<std::pair<std::string, std::int64_t>>> ReadPrivacyErased(const Event& event) {
    if (event.type != "privacy.erased" || !event.payload.is_object()) return std::nullopt;
    auto it = event.payload.find("events");
    if (it == event.payload.end() || !it->is_array() || it->size() > kMaxErasedEvents) return std::nullopt;
    std::vector<std::pair<std::string, std::int64_t>> keys;
    for (const auto& id : *it) {
        if (!id.is_string()) return std::nullopt;
        auto key = ParseEventId(id.get_ref<const std::string&>());
        if (!key || key->first.size() > kMaxEventTextLength) return std::nullopt;
        keys.push_back(std::move(*key));
    }
    return keys;
}

}  // namespace anl::core
