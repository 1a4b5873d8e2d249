// A visit's stops: the tickets it had and the stops it still plans (core.h, section 5b).
#include <algorithm>

#include "kiosk/core/internal.h"

namespace anl::core {

int NextPlannedStop(const State& state, const Visit& visit) {
    if (visit.plan.empty()) return -1;
    int begun = -1;
    for (const auto& id : visit.ticket_ids) {
        const Ticket* t = state.FindTicket(id);
        if (!t) continue;
        if (t->state == TicketState::kNoShow) return -1;  // the visitor left: the plan ends here
        begun = std::max(begun, t->plan_index);
    }
    const int next = begun + 1;
    return next < static_cast<int>(visit.plan.size()) ? next : -1;
}

std::vector<VisitStop> VisitStops(const State& state, std::string_view visit_id) {
    std::vector<VisitStop> stops;
    const Visit* visit = state.FindVisit(visit_id);
    if (!visit) return stops;
    int begun = -1;
    bool ended = false;
    for (const auto& id : visit->ticket_ids) {
        const Ticket* t = state.FindTicket(id);
        if (!t) continue;
        VisitStop stop;
        stop.ticket_id = t->id;
        stop.office_id = t->office_id;
        stop.service_id = t->service_id;
        stop.state = t->state;
        stop.progress = IsFinal(t->state) ? StopProgress::kDone : StopProgress::kNow;
        stop.staff = t->staff;
        stops.push_back(std::move(stop));
        begun = std::max(begun, t->plan_index);
        ended = ended || t->state == TicketState::kNoShow;
    }
    for (std::size_t i = static_cast<std::size_t>(begun + 1); i < visit->plan.size(); ++i) {
        VisitStop stop;
        stop.office_id = visit->plan[i].office_id;
        stop.service_id = visit->plan[i].service_id;
        stop.progress = ended ? StopProgress::kEnded : StopProgress::kNext;
        stops.push_back(std::move(stop));
    }
    return stops;
}

}  // namespace anl::core
