// Queue order, positions and waiting-time estimates (rules in core.h, section 6).
#include <algorithm>
#include <set>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

// Ids are "<device>/<seq>": compare the device, then the sequence as a number, so that
// kiosk-1/9 comes before kiosk-1/10 (the order they were issued in).
bool IdBefore(const std::string& a, const std::string& b) {
    auto sa = a.rfind('/'), sb = b.rfind('/');
    if (sa == std::string::npos || sb == std::string::npos) return a < b;
    int device = a.compare(0, sa, b, 0, sb);
    if (device != 0) return device < 0;
    std::string_view qa = std::string_view(a).substr(sa + 1), qb = std::string_view(b).substr(sb + 1);
    if (qa.size() != qb.size()) return qa.size() < qb.size();
    return qa < qb;
}

bool AppointmentDue(const Visit& v, const QueueRules& rules, Micros now) {
    return v.appointment_due_at != 0 && v.appointment_due_at - now <= rules.appointment_window;
}

// Mean minutes of the most recent finished services of `service_id` (rounded up, at least
// 1), else the catalogue's typical minutes.
int ExpectedServiceMinutes(const State& state, const catalogue::Catalogue& catalogue, const QueueRules& rules,
                           const std::string& service_id, Micros now) {
    std::vector<std::pair<Micros, Micros>> recent;  // (finished_at, duration)
    for (const auto& [id, t] : state.tickets) {
        if (t.service_id != service_id || t.state != TicketState::kDone || t.started_at == 0) continue;
        if (t.finished_at < now - rules.recent_service_lookback || t.finished_at < t.started_at) continue;
        recent.emplace_back(t.finished_at, t.finished_at - t.started_at);
    }
    if (recent.empty()) {
        const catalogue::Service* s = internal::FindService(catalogue, service_id);
        return s ? std::max(1, s->typical_minutes) : 10;
    }
    std::sort(recent.begin(), recent.end(), std::greater<>());
    if (recent.size() > static_cast<std::size_t>(rules.recent_service_samples)) recent.resize(rules.recent_service_samples);
    Micros total = 0;
    for (const auto& r : recent) total += r.second;
    Micros mean = total / static_cast<Micros>(recent.size());
    return std::max<int>(1, static_cast<int>((mean + kMicrosPerMinute - 1) / kMicrosPerMinute));
}

std::vector<const Ticket*> WaitingInOrder(const State& state, const QueueRules& rules, std::string_view office_id,
                                          Micros now) {
    std::vector<const Ticket*> waiting;
    for (const auto& [id, t] : state.tickets)
        if (t.state == TicketState::kWaiting && t.office_id == office_id) waiting.push_back(&t);
    std::sort(waiting.begin(), waiting.end(),
              [&](const Ticket* a, const Ticket* b) { return ServedBefore(state, *a, *b, rules, now); });
    return waiting;
}

// Estimates for every waiting ticket of an office, in serving order.
std::vector<int> EstimatesInOrder(const State& state, const catalogue::Catalogue& catalogue, const QueueRules& rules,
                                  const std::vector<const Ticket*>& waiting, std::string_view office_id, Micros now) {
    std::map<std::string, int> minutes_by_service;
    int counters = OpenCounters(state, rules, office_id, now);
    std::vector<int> estimates;
    int ahead_minutes = 0;
    for (const Ticket* t : waiting) {
        estimates.push_back((ahead_minutes + counters - 1) / counters);
        auto [it, inserted] = minutes_by_service.try_emplace(t->service_id, 0);
        if (inserted) it->second = ExpectedServiceMinutes(state, catalogue, rules, t->service_id, now);
        ahead_minutes += it->second;
    }
    return estimates;
}

}  // namespace

bool ServedBefore(const State& state, const Ticket& a, const Ticket& b, const QueueRules& rules, Micros now) {
    const Visit* va = state.FindVisit(a.visit_id);
    const Visit* vb = state.FindVisit(b.visit_id);
    if (!ANL_ALWAYS(va && vb)) return IdBefore(a.id, b.id);
    if (va->priority_rank != vb->priority_rank) return va->priority_rank > vb->priority_rank;
    bool due_a = AppointmentDue(*va, rules, now), due_b = AppointmentDue(*vb, rules, now);
    if (due_a != due_b) return due_a;
    if (va->arrival_at != vb->arrival_at) return va->arrival_at < vb->arrival_at;
    return IdBefore(a.id, b.id);
}

int OpenCounters(const State& state, const QueueRules& rules, std::string_view office_id, Micros now) {
    std::set<int> counters;
    for (const Call& c : state.recent_calls)
        if (c.office_id == office_id && c.at >= now - rules.open_counter_lookback) counters.insert(c.counter);
    for (const auto& [id, t] : state.tickets)
        if (t.office_id == office_id && t.state == TicketState::kInService && t.counter > 0) counters.insert(t.counter);
    return std::max<int>(1, static_cast<int>(counters.size()));
}

bool CounterInUse(const State& state, const QueueRules& rules, int counter, Micros now) {
    if (counter <= 0) return false;
    for (const Call& c : state.recent_calls)
        if (c.counter == counter && c.at >= now - rules.open_counter_lookback) return true;
    for (const auto& [id, t] : state.tickets)
        if (t.counter == counter && (t.state == TicketState::kCalled || t.state == TicketState::kRecalled ||
                                     t.state == TicketState::kInService))
            return true;
    return false;
}

int EstimateWaitMinutes(const State& state, const catalogue::Catalogue& catalogue, const QueueRules& rules,
                        std::string_view ticket_id, Micros now) {
    const Ticket* t = state.FindTicket(ticket_id);
    if (!t || t->state != TicketState::kWaiting) return 0;
    auto waiting = WaitingInOrder(state, rules, t->office_id, now);
    auto estimates = EstimatesInOrder(state, catalogue, rules, waiting, t->office_id, now);
    for (std::size_t i = 0; i < waiting.size(); ++i)
        if (waiting[i] == t) return estimates[i];
    return 0;
}

int EstimateNewTicketWaitMinutes(const State& state, const catalogue::Catalogue& catalogue, const QueueRules& rules,
                                 std::string_view office_id, Micros now) {
    const auto waiting = WaitingInOrder(state, rules, office_id, now);
    std::map<std::string, int> minutes_by_service;
    int ahead_minutes = 0;
    for (const Ticket* t : waiting) {
        auto [it, inserted] = minutes_by_service.try_emplace(t->service_id, 0);
        if (inserted) it->second = ExpectedServiceMinutes(state, catalogue, rules, t->service_id, now);
        ahead_minutes += it->second;
    }
    const int counters = OpenCounters(state, rules, office_id, now);
    return (ahead_minutes + counters - 1) / counters;
}

WaitWording WordWait(int minutes) {
    if (minutes <= 0) return {};
    if (minutes <= 120) return {WaitWording::Unit::kMinutes, (minutes + 4) / 5 * 5};
    return {WaitWording::Unit::kHours, (minutes + 30) / 60};
}

std::vector<QueueEntry> ListQueue(const State& state, const catalogue::Catalogue& catalogue, const QueueRules& rules,
                                  std::string_view office_id, Micros now) {
    std::vector<std::string> offices;
    if (!office_id.empty()) {
        offices.emplace_back(office_id);
    } else {
        for (const auto& o : catalogue.offices) offices.push_back(o.id);
        for (const auto& [id, t] : state.tickets)  // offices no longer in the catalogue
            if (!IsFinal(t.state) && std::find(offices.begin(), offices.end(), t.office_id) == offices.end())
                offices.push_back(t.office_id);
    }
    auto entry = [&](const Ticket& t) {
        const Visit* v = state.FindVisit(t.visit_id);
        QueueEntry e;
        e.ticket_id = t.id;
        e.office_id = t.office_id;
        e.service_id = t.service_id;
        e.state = t.state;
        e.counter = t.counter;
        e.note = t.note;
        if (ANL_ALWAYS(v != nullptr)) {
            e.display = v->display;
            e.lang = v->lang;
            e.interpreter = v->interpreter;
            e.priority_class = v->priority_class;
            e.arrival_at = v->arrival_at;
            e.appointment_due_at = v->appointment_due_at;
        }
        return e;
    };
    std::vector<QueueEntry> out;
    for (const auto& office : offices) {
        auto waiting = WaitingInOrder(state, rules, office, now);
        auto estimates = EstimatesInOrder(state, catalogue, rules, waiting, office, now);
        for (std::size_t i = 0; i < waiting.size(); ++i) {
            QueueEntry e = entry(*waiting[i]);
            e.position = static_cast<int>(i) + 1;
            e.estimated_wait_minutes = estimates[i];
            out.push_back(std::move(e));
        }
        std::vector<const Ticket*> active, parked;
        for (const auto& [id, t] : state.tickets) {
            if (t.office_id != office) continue;
            if (t.state == TicketState::kCalled || t.state == TicketState::kRecalled ||
                t.state == TicketState::kInService)
                active.push_back(&t);
            else if (t.state == TicketState::kParked)
                parked.push_back(&t);
        }
        auto by_arrival = [&](const Ticket* a, const Ticket* b) { return ServedBefore(state, *a, *b, rules, now); };
        std::sort(active.begin(), active.end(), by_arrival);
        std::sort(parked.begin(), parked.end(), by_arrival);
        for (const Ticket* t : active) out.push_back(entry(*t));
        for (const Ticket* t : parked) out.push_back(entry(*t));
    }
    return out;
}

}  // namespace anl::core
