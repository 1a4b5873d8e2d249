// Decide: checks a command against the state, the catalogue and the rules, and returns the
// events that record it. The state machine's table lives in state_machine.cpp; the time
// rules (recall window, no-show after calls) are checked here, where `now` is known.
#include <algorithm>
#include <cctype>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace internal {

const catalogue::Office* FindOffice(const catalogue::Catalogue& c, std::string_view id) {
    for (const auto& o : c.offices)
        if (o.id == id) return &o;
    return nullptr;
}
const catalogue::Counter* FindCounter(const catalogue::Catalogue& c, int number) {
    for (const auto& counter : c.counters)
        if (counter.number == number) return &counter;
    return nullptr;
}
const catalogue::Service* FindService(const catalogue::Catalogue& c, std::string_view id) {
    for (const auto& s : c.services)
        if (s.id == id) return &s;
    return nullptr;
}
const catalogue::Partner* FindPartner(const catalogue::Catalogue& c, std::string_view id) {
    for (const auto& p : c.partners)
        if (p.id == id) return &p;
    return nullptr;
}
const catalogue::PriorityClass* FindPriorityClass(const catalogue::Catalogue& c, std::string_view id) {
    for (const auto& p : c.priority_classes)
        if (p.id == id) return &p;
    return nullptr;
}

std::string EntityId(std::string_view device_id, std::int64_t seq) {
    return std::string(device_id) + "/" + std::to_string(seq);
}

std::string TicketLabel(const State& state, const Ticket& ticket) {
    const Visit* visit = state.FindVisit(ticket.visit_id);
    return visit ? visit->display : ticket.id;
}

}  // namespace internal

using namespace internal;

std::vector<std::string> IssueTicket::ServiceIds() const {
    std::vector<std::string> ids{service_id};
    ids.insert(ids.end(), next_service_ids.begin(), next_service_ids.end());
    return ids;
}

const Ticket* State::FindTicket(std::string_view id) const {
    auto it = tickets.find(std::string(id));
    return it == tickets.end() ? nullptr : &it->second;
}
const Visit* State::FindVisit(std::string_view id) const {
    auto it = visits.find(std::string(id));
    return it == visits.end() ? nullptr : &it->second;
}

namespace {

Error NotFound(std::string_view what) {
    return MakeError(ErrorCode::kNotFound, std::string(what));
}

bool IsLanguageCode(std::string_view lang) {
    if (lang.empty() || lang.size() > 16) return false;
    return std::all_of(lang.begin(), lang.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
}

// Builds decided events with consecutive sequence numbers of the actor's device.
class EventBuilder {
public:
    EventBuilder(const Actor& actor, Micros now) : actor_(actor), now_(now) {}
    std::int64_t NextSeq() const { return actor_.next_seq + static_cast<std::int64_t>(events_.size()); }
    void Add(std::string type, nlohmann::json payload) {
        events_.push_back(Event{actor_.device_id, NextSeq(), std::move(type), std::move(payload), now_});
    }
    std::vector<Event> Take() { return std::move(events_); }

private:
    const Actor& actor_;
    Micros now_;
    std::vector<Event> events_;
};

struct Context {
    const State& state;
    const catalogue::Catalogue& catalogue;
    const QueueRules& rules;
    const Actor& actor;
    Micros now;
};

Result<const Ticket*> FindOpenTicket(const Context& cx, const std::string& id) {
    const Ticket* t = cx.state.FindTicket(id);
    if (!t) return NotFound("There is no ticket " + id + "; check the number and the day.");
    return t;
}

// Applies the state-machine table to a ticket, with its display number in the message, and
// refuses a serving action from a desk whose call did not stand.
Status Allowed(const Context& cx, const Ticket& t, Action action) {
    auto next = Transition(t.state, action, TicketLabel(cx.state, t));
    if (!next.ok()) return next.error();
    if (!MayServe(t, action, cx.actor.device_id))
        return MakeRefusal(kRefusedCalledElsewhere, TicketLabel(cx.state, t) + " was called at counter " +
                                                   std::to_string(t.counter) +
                                                   " first; only that desk can serve this visitor. Call the next visitor.");
    return {};
}

Result<std::vector<Event>> DecideIssue(const Context& cx, const IssueTicket& cmd) {
    const std::vector<std::string> service_ids = cmd.ServiceIds();
    if (service_ids.size() > kMaxStops)
        return MakeError(ErrorCode::kInvalidInput, "A visit has at most " + std::to_string(kMaxStops) +
                                                       " stops; ask staff for case management.");
    nlohmann::json plan = nlohmann::json::array();
    for (std::size_t i = 0; i < service_ids.size(); ++i) {
        const catalogue::Service* stop = FindService(cx.catalogue, service_ids[i]);
        if (!stop) return NotFound("There is no service \"" + service_ids[i] + "\" in the catalogue.");
        if (!ANL_ALWAYS(FindOffice(cx.catalogue, stop->office_id) != nullptr))  // the loader checks references
            return MakeError(ErrorCode::kInternal, "Service " + stop->id + " names an unknown office.");
        if (std::find(service_ids.begin(), service_ids.begin() + static_cast<std::ptrdiff_t>(i), stop->id) !=
            service_ids.begin() + static_cast<std::ptrdiff_t>(i))
            return MakeError(ErrorCode::kInvalidInput, "Service \"" + stop->id + "\" is twice in this visit; name each stop once.");
        // Only the first stop can be an appointment check-in; a later one would wait for nobody.
        if (stop->needs_appointment && (i > 0 || cmd.appointment_due_at == 0))
            return MakeError(ErrorCode::kRejected, "Service \"" + stop->id +
                                                       "\" needs an appointment; book one instead of taking a ticket.");
        plan.push_back({{"office_id", stop->office_id}, {"service_id", stop->id}});
    }
    if (!cmd.appointment_id.empty()) {
        // A check-in: only for the booking's own service and time, once, inside its window
        // (the same rules ValidateEvent applies to a check-in another device sends).
        auto booking = cx.state.appointments.find(cmd.appointment_id);
        if (booking == cx.state.appointments.end() || booking->second.status != AppointmentStatus::kBooked)
            return MakeRefusal(kCheckInUnknown, "There is no booked appointment " + cmd.appointment_id.substr(0, 80) + ".");
        const Appointment& a = booking->second;
        if (!a.arrived_ticket.empty())
            return MakeRefusal(kCheckInArrived, "The appointment " + a.reference + " is checked in already.");
        if (a.service_id != cmd.service_id || a.start_us != cmd.appointment_due_at || !cmd.next_service_ids.empty())
            return MakeError(ErrorCode::kInvalidInput, "A check-in is for the appointment's own service and time.");
        if (cx.now < a.start_us - cx.rules.check_in_before)
            return MakeRefusal(kCheckInEarly, "The appointment " + a.reference + " is not yet open for check-in.");
        if (cx.now > a.start_us + cx.rules.check_in_after)
            return MakeRefusal(kCheckInLate, "The appointment " + a.reference + " is past its check-in window.");
    }
    const catalogue::Service* service = FindService(cx.catalogue, cmd.service_id);
    const catalogue::Office* office = FindOffice(cx.catalogue, service->office_id);
    if (!IsLanguageCode(cmd.lang))
        return MakeError(ErrorCode::kInvalidInput, "The language code \"" + cmd.lang.substr(0, 20) +
                                                       "\" is not valid; use a code such as de, ar or ps.");
    int rank = 0;
    if (!cmd.priority_class.empty()) {
        const catalogue::PriorityClass* pc = FindPriorityClass(cx.catalogue, cmd.priority_class);
        if (!pc) return NotFound("There is no priority class \"" + cmd.priority_class + "\" in the catalogue.");
        rank = pc->rank;
    }
    if (office->ticket_prefix < 'A' || office->ticket_prefix > 'Z')
        return MakeError(ErrorCode::kInvalidInput,
                         "Office " + office->id + " has no ticket prefix letter A to Z; fix the catalogue.");
    if (cx.actor.slot < 0 || cx.actor.slot >= cx.rules.device_slots)
        return MakeError(ErrorCode::kInvalidInput, "This device's number slot " + std::to_string(cx.actor.slot) +
                                                       " is outside 0.." + std::to_string(cx.rules.device_slots - 1) +
                                                       "; register it again with a free slot.");

    std::string day = LocalServiceDay(cx.now, cx.rules.time_zone);
    auto count_it = cx.state.issued_count.find({cx.actor.device_id, office->ticket_prefix, day});
    int nth = (count_it == cx.state.issued_count.end() ? 0 : count_it->second) + 1;
    int number = TicketNumber(cx.actor.slot, nth, cx.rules.device_slots);

    EventBuilder out(cx.actor, cx.now);
    std::string id = EntityId(cx.actor.device_id, out.NextSeq());
    out.Add("ticket.issued", {{"visit_id", "visit:" + id},
                              {"ticket_id", id},
                              {"display", FormatTicketNumber(office->ticket_prefix, number)},
                              {"prefix", std::string(1, office->ticket_prefix)},
                              {"number", number},
                              {"service_day", day},
                              {"arrival_at", cx.now},
                              {"lang", cmd.lang},
                              {"priority_class", cmd.priority_class},
                              {"priority_rank", rank},
                              {"interpreter", cmd.interpreter},
                              {"appointment_due_at", cmd.appointment_due_at},
                              {"office_id", office->id},
                              {"service_id", service->id},
                              {"plan", std::move(plan)}});
    if (!cmd.appointment_id.empty()) {
        // The caller (DecideCheckIn) has judged the appointment; the reducer marks it arrived.
        std::vector<Event> events = out.Take();
        events.front().payload["appointment_id"] = cmd.appointment_id;
        return events;
    }
    return out.Take();
}

Result<std::vector<Event>> DecideCall(const Context& cx, const Ticket& t, int counter) {
    if (counter <= 0) return MakeError(ErrorCode::kInvalidInput, "The counter number must be 1 or more.");
    if (auto ok = Allowed(cx, t, Action::kCall); !ok) return ok.error();
    EventBuilder out(cx.actor, cx.now);
    out.Add("ticket.called", {{"ticket_id", t.id}, {"counter", counter}, {"staff", cx.actor.staff_number}});
    return out.Take();
}

Result<std::vector<Event>> DecideCallNext(const Context& cx, const CallNext& cmd) {
    if (!FindOffice(cx.catalogue, cmd.office_id))
        return NotFound("There is no office \"" + cmd.office_id + "\" in the catalogue.");
    if (cmd.counter <= 0) return MakeError(ErrorCode::kInvalidInput, "The counter number must be 1 or more.");
    // A counter the catalogue describes calls only the services offered there (a counter for
    // residence permits does not call a visitor who needs a registration certificate). Without
    // [[counter]] tables, or for a counter of another office, every service of the office.
    const catalogue::Counter* counter = FindCounter(cx.catalogue, cmd.counter);
    if (counter != nullptr && counter->office_id != cmd.office_id) counter = nullptr;
    const Ticket* next = nullptr;
    int waiting_elsewhere = 0;  // waiting for the office, but for services other counters offer
    for (const auto& [id, t] : cx.state.tickets) {
        if (t.office_id != cmd.office_id || t.state != TicketState::kWaiting) continue;
        if (counter != nullptr && !counter->Offers(t.service_id)) {
            ++waiting_elsewhere;
            continue;
        }
        if (!next || ServedBefore(cx.state, t, *next, cx.rules, cx.now)) next = &t;
    }
    if (!next && waiting_elsewhere > 0)
        return MakeRefusal(kRefusedNoneForCounter, "Nobody is waiting for a service counter " + std::to_string(cmd.counter) +
                                                       " offers (" + std::to_string(waiting_elsewhere) +
                                                       " waiting for services of other counters).");
    if (!next) return NotFound("Nobody is waiting for office " + cmd.office_id + ".");
    return DecideCall(cx, *next, cmd.counter);
}

std::string Minutes(Micros m) { return std::to_string(m / kMicrosPerMinute) + " minutes"; }

Result<std::vector<Event>> DecideOnTicket(const Context& cx, const std::string& ticket_id, Action action,
                                          const std::string& type, nlohmann::json extra = nlohmann::json::object()) {
    auto found = FindOpenTicket(cx, ticket_id);
    if (!found.ok()) return found.error();
    const Ticket& t = **found;
    if (auto ok = Allowed(cx, t, action); !ok) return ok.error();
    std::string label = TicketLabel(cx.state, t);
    bool in_window = cx.now - t.first_called_at <= cx.rules.recall_window;
    if (action == Action::kRecall && !in_window)
        return MakeRefusal(kRefusedRecallWindowPassed, "The recall window of " + Minutes(cx.rules.recall_window) + " for " +
                                                   label + " has passed; mark a no-show or put it back in the queue.");
    if (action == Action::kNoShow && in_window && t.call_count < cx.rules.calls_before_no_show)
        return MakeRefusal(kRefusedNoShowTooEarly,
                         label + " has been called " + std::to_string(t.call_count) + " time(s); recall it first (" +
                             std::to_string(cx.rules.calls_before_no_show) + " calls) or wait until " +
                             Minutes(cx.rules.recall_window) + " after the first call.");
    EventBuilder out(cx.actor, cx.now);
    extra["ticket_id"] = t.id;
    out.Add(type, std::move(extra));
    return out.Take();
}

Result<std::vector<Event>> DecideTransfer(const Context& cx, const Transfer& cmd) {
    auto found = FindOpenTicket(cx, cmd.ticket_id);
    if (!found.ok()) return found.error();
    const Ticket& t = **found;
    if (auto ok = Allowed(cx, t, Action::kTransfer); !ok) return ok.error();
    const catalogue::Service* to = FindService(cx.catalogue, cmd.to_service_id);
    if (!to) return NotFound("There is no service \"" + cmd.to_service_id + "\" in the catalogue.");
    if (to->id == t.service_id)
        return MakeRefusal(kRefusedSameService, TicketLabel(cx.state, t) + " is already at service " + to->id +
                                                   "; choose another service to transfer to.");
    if (cmd.note.size() > kMaxNoteLength)
        return MakeError(ErrorCode::kInvalidInput,
                         "The note is longer than " + std::to_string(kMaxNoteLength) + " bytes; shorten it.");
    EventBuilder out(cx.actor, cx.now);
    out.Add("ticket.transferred", {{"ticket_id", t.id},
                                   {"new_ticket_id", EntityId(cx.actor.device_id, out.NextSeq())},
                                   {"office_id", to->office_id},
                                   {"service_id", to->id},
                                   {"note", cmd.note}});
    return out.Take();
}

}  // namespace

Result<std::vector<Event>> Decide(const State& state, const catalogue::Catalogue& catalogue,
                                  const QueueRules& rules, const Actor& actor, Micros now,
                                  const Command& command) {
    ANL_ASSERT(!actor.device_id.empty() && "every event names the device that decided it");
    ANL_ASSERT(actor.next_seq >= 1 && "sequence numbers start at 1");
    Context cx{state, catalogue, rules, actor, now};
    auto staff = nlohmann::json{{"staff", actor.staff_number}};
    return std::visit(
        [&](const auto& cmd) -> Result<std::vector<Event>> {
            using T = std::decay_t<decltype(cmd)>;
            if constexpr (std::is_same_v<T, IssueTicket>) {
                return DecideIssue(cx, cmd);
            } else if constexpr (std::is_same_v<T, CallNext>) {
                return DecideCallNext(cx, cmd);
            } else if constexpr (std::is_same_v<T, CallTicket>) {
                auto found = FindOpenTicket(cx, cmd.ticket_id);
                if (!found.ok()) return found.error();
                return DecideCall(cx, **found, cmd.counter);
            } else if constexpr (std::is_same_v<T, Recall>) {
                const Ticket* t = state.FindTicket(cmd.ticket_id);
                nlohmann::json extra = {{"counter", t ? t->counter : 0}, {"staff", actor.staff_number}};
                return DecideOnTicket(cx, cmd.ticket_id, Action::kRecall, "ticket.recalled", extra);
            } else if constexpr (std::is_same_v<T, StartService>) {
                return DecideOnTicket(cx, cmd.ticket_id, Action::kStart, "ticket.started", staff);
            } else if constexpr (std::is_same_v<T, FinishService>) {
                if (cmd.outcome.empty() || cmd.outcome.size() > kMaxOutcomeLength)
                    return MakeError(ErrorCode::kInvalidInput, "The outcome must have 1 to " +
                                                                   std::to_string(kMaxOutcomeLength) + " characters.");
                return DecideOnTicket(cx, cmd.ticket_id, Action::kFinish, "ticket.finished",
                                      {{"outcome", cmd.outcome}});
            } else if constexpr (std::is_same_v<T, MarkNoShow>) {
                return DecideOnTicket(cx, cmd.ticket_id, Action::kNoShow, "ticket.no_show");
            } else if constexpr (std::is_same_v<T, ReturnToQueue>) {
                return DecideOnTicket(cx, cmd.ticket_id, Action::kReturnToQueue, "ticket.returned");
            } else if constexpr (std::is_same_v<T, Park>) {
                return DecideOnTicket(cx, cmd.ticket_id, Action::kPark, "ticket.parked");
            } else if constexpr (std::is_same_v<T, Unpark>) {
                return DecideOnTicket(cx, cmd.ticket_id, Action::kUnpark, "ticket.unparked");
            } else {
                static_assert(std::is_same_v<T, Transfer>);
                return DecideTransfer(cx, cmd);
            }
        },
        command);
}

Result<std::string> ResolveTicket(const State& state, std::string_view reference, std::string_view service_day) {
    if (state.FindTicket(reference)) return std::string(reference);
    std::string display(reference);
    for (auto& c : display) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const Visit* visit = nullptr;
    auto it = state.visit_by_number.find({std::string(service_day), display});
    if (it != state.visit_by_number.end()) {
        visit = state.FindVisit(it->second);
    } else {
        // The most recent day with that number: a visitor parked over midnight is still found.
        for (auto rit = state.visit_by_number.rbegin(); rit != state.visit_by_number.rend(); ++rit) {
            if (rit->first.second == display) {
                visit = state.FindVisit(rit->second);
                break;
            }
        }
    }
    if (!visit || visit->ticket_ids.empty())
        return MakeError(ErrorCode::kNotFound, "There is no ticket " + std::string(reference).substr(0, 40) +
                                                   " today; check the number.");
    return visit->ticket_ids.back();
}

}  // namespace anl::core
