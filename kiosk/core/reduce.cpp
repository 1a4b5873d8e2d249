// ApplyEvent: the reducer every device runs over the same events in the same order. It is
// total: a well-formed event that no longer fits the state (a second desk called a visitor
// who was already called) changes nothing and says why, identically everywhere. It reads
// times only from the event, never from a clock.
#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

using nlohmann::json;
using internal::Int;
using internal::Str;

// More payload readers (Str and Int are in internal.h): a missing or mistyped field yields nullopt.
std::optional<bool> Bool(const json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_boolean()) return std::nullopt;
    return it->get<bool>();
}

Applied Skip(std::string why) {
    Applied a;
    a.skipped_because = std::move(why);
    return a;
}

Applied Issued(State& state, const Event& e) {
    const json& p = e.payload;
    auto visit_id = Str(p, "visit_id"), ticket_id = Str(p, "ticket_id"), display = Str(p, "display"),
         prefix = Str(p, "prefix"), day = Str(p, "service_day"), lang = Str(p, "lang"),
         priority_class = Str(p, "priority_class"), office = Str(p, "office_id"), service = Str(p, "service_id");
    auto number = Int(p, "number"), arrival = Int(p, "arrival_at"), rank = Int(p, "priority_rank"),
         due = Int(p, "appointment_due_at");
    auto interpreter = Bool(p, "interpreter");
    if (!visit_id || !ticket_id || !display || !prefix || prefix->size() != 1 || !day || !lang ||
        !priority_class || !office || !service || !number || !arrival || !rank || !due || !interpreter)
        return Skip("ticket.issued lacks a field");
    if (state.visits.count(*visit_id) || state.tickets.count(*ticket_id))
        return Skip("ticket " + *ticket_id + " exists already");

    Visit v;
    v.id = *visit_id;
    v.display = *display;
    v.prefix = (*prefix)[0];
    v.number = static_cast<int>(*number);
    v.service_day = *day;
    v.arrival_at = *arrival;
    v.lang = *lang;
    v.priority_class = *priority_class;
    v.priority_rank = static_cast<int>(*rank);
    v.interpreter = *interpreter;
    v.appointment_due_at = *due;
    v.issued_by = e.device_id;
    v.ticket_ids.push_back(*ticket_id);
    if (auto plan = p.find("plan"); plan != p.end()) {
        if (!plan->is_array() || plan->empty() || plan->size() > kMaxStops) return Skip("ticket.issued has a bad plan");
        for (const auto& stop : *plan) {
            auto stop_office = stop.is_object() ? Str(stop, "office_id") : std::nullopt;
            auto stop_service = stop.is_object() ? Str(stop, "service_id") : std::nullopt;
            if (!stop_office || !stop_service) return Skip("ticket.issued has a bad plan");
            v.plan.push_back({*stop_office, *stop_service});
        }
        if (v.plan.front() != PlannedStop{*office, *service}) return Skip("ticket.issued plan does not start here");
    }

    Ticket t;
    t.id = *ticket_id;
    t.visit_id = v.id;
    t.office_id = *office;
    t.service_id = *service;
    t.state = TicketState::kWaiting;
    t.created_at = e.at_us;
    t.plan_index = v.plan.empty() ? -1 : 0;

    // A duplicate number (two devices misconfigured with one slot) keeps both visits; the
    // number then finds the first. Dropping a ticket would lose a visitor.
    state.visit_by_number.emplace(std::make_pair(v.service_day, v.display), v.id);
    ++state.issued_count[{e.device_id, v.prefix, v.service_day}];
    Applied a;
    a.applied = true;
    a.visit_ids.push_back(v.id);
    a.ticket_ids.push_back(t.id);
    // A check-in marks its appointment arrived, once. The ticket stands even when the booking
    // is not (yet) known here: a visitor is never dropped; the central refuses a forged one.
    if (auto appointment_id = Str(p, "appointment_id")) {
        auto booking = state.appointments.find(*appointment_id);
        if (booking != state.appointments.end() && booking->second.arrived_ticket.empty()) {
            booking->second.arrived_ticket = t.id;
            booking->second.arrived_at = e.at_us;
            a.appointment_ids.push_back(booking->first);
        }
    }
    state.visits.emplace(v.id, std::move(v));
    state.tickets.emplace(t.id, std::move(t));
    return a;
}

void RecordCall(State& state, Applied& a, const Ticket& t, const Event& e, bool recall) {
    const Visit* v = state.FindVisit(t.visit_id);
    Call call{t.id, v ? v->display : t.id, t.office_id, t.counter, e.at_us, recall, e.device_id};
    state.recent_calls.push_back(call);
    while (state.recent_calls.size() > State::kRecentCallsKept) state.recent_calls.pop_front();
    a.call = std::move(call);
}

Applied Transferred(State& state, const Event& e, Ticket& t, TicketState next) {
    const json& p = e.payload;
    auto new_id = Str(p, "new_ticket_id"), office = Str(p, "office_id"), service = Str(p, "service_id"),
         note = Str(p, "note");
    if (!new_id || !office || !service || !note) return Skip("ticket.transferred lacks a field");
    if (state.tickets.count(*new_id)) return Skip("ticket " + *new_id + " exists already");
    auto visit_it = state.visits.find(t.visit_id);
    if (!ANL_ALWAYS(visit_it != state.visits.end())) return Skip("ticket " + t.id + " has no visit");

    t.state = next;
    t.finished_at = e.at_us;
    t.transferred_to = *new_id;
    Ticket n;
    n.id = *new_id;
    n.visit_id = t.visit_id;
    n.stop_index = t.stop_index + 1;
    n.office_id = *office;
    n.service_id = *service;
    n.state = TicketState::kWaiting;
    n.created_at = e.at_us;
    n.note = *note;
    // Sent on to the very stop the visitor planned next: that stop is begun, not repeated later.
    if (int next_stop = NextPlannedStop(state, visit_it->second); next_stop >= 0) {
        const PlannedStop& planned = visit_it->second.plan[static_cast<std::size_t>(next_stop)];
        if (planned.service_id == n.service_id) n.plan_index = next_stop;
    }
    visit_it->second.ticket_ids.push_back(n.id);
    Applied a;
    a.applied = true;
    a.visit_ids.push_back(t.visit_id);
    a.ticket_ids = {t.id, n.id};
    state.tickets.emplace(n.id, std::move(n));
    return a;
}

// A finished stop sends the visit on to its next planned stop, waiting at that office with
// the visit's arrival time (it keeps its place, as with a transfer). The new ticket's id is
// the finishing event's own "<device>/<seq>", so every device creates the same one.
void QueueNextPlannedStop(State& state, Applied& a, const Ticket& finished, const Event& e) {
    auto visit_it = state.visits.find(finished.visit_id);
    if (!ANL_ALWAYS(visit_it != state.visits.end())) return;
    Visit& visit = visit_it->second;
    if (visit.ticket_ids.empty() || visit.ticket_ids.back() != finished.id) return;  // not the open stop
    const int next_stop = NextPlannedStop(state, visit);
    if (next_stop < 0) return;
    const std::string id = internal::EntityId(e.device_id, e.seq);
    if (state.tickets.count(id)) return;  // cannot happen: event keys are unique
    const PlannedStop& planned = visit.plan[static_cast<std::size_t>(next_stop)];
    Ticket n;
    n.id = id;
    n.visit_id = visit.id;
    n.stop_index = finished.stop_index + 1;
    n.office_id = planned.office_id;
    n.service_id = planned.service_id;
    n.state = TicketState::kWaiting;
    n.created_at = e.at_us;
    n.plan_index = next_stop;
    visit.ticket_ids.push_back(n.id);
    a.visit_ids.push_back(visit.id);
    a.ticket_ids.push_back(n.id);
    state.tickets.emplace(n.id, std::move(n));
}

}  // namespace

Applied ApplyEvent(State& state, const Event& e) {
    if (e.type == "ticket.issued") return Issued(state, e);
    // Appointment slots: folded in appointments.cpp.
    if (e.type.rfind("appointment.", 0) == 0) return ApplyAppointmentEvent(state, e);
    // A device's alert changes no queue state: the store reads the newest from its events.
    if (e.type == "device.alert") {
        if (!ReadDeviceAlert(e)) return Skip("device.alert is malformed");
        Applied applied;
        applied.applied = true;
        return applied;
    }
    // The audit log (core.h section 12) changes no queue state: the store reads it from its events.
    if (e.type.rfind("audit.", 0) == 0) {
        Applied applied;
        applied.applied = true;
        return applied;
    }
    // A visitor's feedback changes no queue state: the key figures read it from the events.
    if (e.type == "feedback.given") {
        if (!ReadFeedback(e)) return Skip("feedback.given is malformed");
        Applied applied;
        applied.applied = true;
        return applied;
    }
    // An erasure (core.h section 14) changes no queue state: each store empties the events it
    // names in its own copies when it takes the event in (their folded fields with
    // ForgetPersonalFields), so that a re-fold of the emptied events gives the same state.
    if (e.type == "privacy.erased") {
        if (!ReadPrivacyErased(e)) return Skip("privacy.erased is malformed");
        Applied applied;
        applied.applied = true;
        return applied;
    }
    // Referrals and case-management hand-offs: folded in referrals.cpp.
    if (e.type == "referral.given" || e.type == "handoff.given") return ApplyReferralEvent(state, e);
    auto action = ActionForEventType(e.type);
    if (!action) return Skip("unknown event type " + e.type);
    auto ticket_id = Str(e.payload, "ticket_id");
    if (!ticket_id) return Skip(e.type + " lacks ticket_id");
    auto it = state.tickets.find(*ticket_id);
    if (it == state.tickets.end()) return Skip("no ticket " + *ticket_id);
    Ticket& t = it->second;
    auto next = Transition(t.state, *action, t.id);
    if (!next.ok()) return Skip(next.error().message);
    // A desk whose call was overruled by an earlier call in this order may not serve the
    // ticket: its start, finish, transfer ... change nothing, on every device alike.
    if (!MayServe(t, *action, e.device_id))
        return Skip("ticket " + t.id + " was called at counter " + std::to_string(t.counter) + " by " + t.called_by +
                    " first; " + e.device_id + " may not change it");

    if (*action == Action::kTransfer) return Transferred(state, e, t, *next);

    Applied a;
    a.applied = true;
    a.ticket_ids.push_back(t.id);
    switch (*action) {
        case Action::kCall: {
            auto counter = Int(e.payload, "counter");
            if (!counter) return Skip("ticket.called lacks counter");
            t.call_count = 1;
            t.first_called_at = t.last_called_at = e.at_us;
            t.counter = static_cast<int>(*counter);
            t.called_by = e.device_id;
            t.staff = Str(e.payload, "staff").value_or("");
            t.state = *next;
            RecordCall(state, a, t, e, false);
            break;
        }
        case Action::kRecall:
            ++t.call_count;
            t.last_called_at = e.at_us;
            t.state = *next;
            RecordCall(state, a, t, e, true);
            break;
        case Action::kStart:
            t.started_at = e.at_us;
            if (auto staff = Str(e.payload, "staff"); staff && !staff->empty()) t.staff = *staff;
            t.state = *next;
            break;
        case Action::kFinish:
            t.outcome = Str(e.payload, "outcome").value_or("resolved");
            t.finished_at = e.at_us;
            t.state = *next;
            QueueNextPlannedStop(state, a, t, e);
            break;
        case Action::kNoShow:
            t.finished_at = e.at_us;
            t.state = *next;
            break;
        case Action::kReturnToQueue:
        case Action::kUnpark:
            // Back to waiting with the visit's arrival time: they lose no place.
            t.call_count = 0;
            t.first_called_at = t.last_called_at = 0;
            t.counter = 0;
            t.started_at = 0;  // a later start counts the service time afresh
            t.called_by.clear();
            t.state = *next;
            break;
        case Action::kPark:
            t.state = *next;
            break;
        case Action::kTransfer:
            ANL_ASSERT(false && "transfer is handled above");
            break;
    }
    return a;
}

}  // namespace anl::core
