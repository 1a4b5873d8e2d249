// The day's invariants over what the central and every terminal hold at its end. The checker
// trusts nothing it is given: it folds the central's order itself with the core's reducer
// and compares every terminal with that fold.
#include <map>
#include <set>

#include "sync/protocol/protocol.h"
#include "sync/sim/sim.h"

namespace anl::sync::sim {
namespace {

std::string Name(const Key& k) { return k.device + "/" + std::to_string(k.seq); }

bool IsOpen(core::TicketState state) {
    return state == core::TicketState::kWaiting || state == core::TicketState::kCalled ||
           state == core::TicketState::kRecalled || state == core::TicketState::kInService ||
           state == core::TicketState::kParked;
}

// Collects the broken invariants; a flood of one kind is summarised after a few examples,
// so the operator reads the first ones and the count.
class Verdict {
public:
    explicit Verdict(std::string site) : site_(std::move(site)) {}
    void Say(const std::string& kind, const std::string& sentence) {
        if (++counts_[kind] <= kExamples) lines_.push_back(site_ + ": " + sentence);
    }
    std::vector<std::string> Lines() const {
        std::vector<std::string> out = lines_;
        for (const auto& [kind, n] : counts_)
            if (n > kExamples)
                out.push_back(site_ + ": ... and " + std::to_string(n - kExamples) + " more (" + kind + ")");
        return out;
    }

private:
    static constexpr int kExamples = 3;
    std::string site_;
    std::vector<std::string> lines_;
    std::map<std::string, int> counts_;
};

}  // namespace

std::vector<std::string> CheckSite(const SiteRecord& record) {
    Verdict verdict(record.site);

    // --- nothing duplicated at the central ---
    std::set<Key> central;
    std::set<Key> central_audit;  // the central's own audit entries: staff-only
    for (const auto& e : record.central) {
        Key k{e.device_id, e.seq};
        if (!central.insert(k).second) verdict.Say("duplicate", "the central holds event " + Name(k) + " twice.");
        if (e.device_id == core::kCentralDeviceId && e.type.rfind("audit.", 0) == 0) central_audit.insert(k);
    }

    // --- nothing lost, nothing duplicated, on any terminal ---
    for (const auto& t : record.terminals) {
        if (t.pending != 0)
            verdict.Say("pending", t.id + " still has " + std::to_string(t.pending) +
                                       " events the central never acknowledged.");
        std::set<Key> local;
        for (const auto& k : t.local)
            if (!local.insert(k).second) verdict.Say("duplicate", t.id + " holds event " + Name(k) + " twice.");
        for (const auto& k : t.own) {
            const bool at_central = central.count(k) != 0, refused = t.refused.count(k) != 0;
            if (!at_central && !refused)
                verdict.Say("lost", "event " + Name(k) + " of " + t.id + " never reached the central.");
            if (at_central && refused)
                verdict.Say("duplicate", "event " + Name(k) + " is in the central's order and refused at " + t.id + ".");
        }
        for (const auto& k : central) {
            if (local.count(k)) continue;
            if (central_audit.count(k) && !RoleSeesPersonalData(t.role)) continue;  // never sent to it
            verdict.Say("lost", t.id + " lacks event " + Name(k) + " of the central's order.");
        }
        for (const auto& k : local)
            if (!central.count(k) && !t.refused.count(k))
                verdict.Say("lost", t.id + " holds event " + Name(k) + " the central does not.");
    }

    // --- the central's order, folded: one desk per visitor at a time, one visitor per desk ---
    core::State expected;
    std::map<std::string, std::pair<std::string, Micros>> issued;  // visit -> (number, arrival) when issued
    std::map<std::string, std::string> serving;                     // desk -> the ticket it serves
    for (const auto& e : record.central) {
        const core::Applied applied = core::ApplyEvent(expected, e);
        if (!applied.applied) continue;
        for (const auto& id : applied.ticket_ids) {
            const core::Ticket* t = expected.FindTicket(id);
            if (!t) continue;
            if (e.type == "ticket.issued" && t->stop_index == 0 && !issued.count(t->visit_id)) {
                const auto& visit = expected.visits.at(t->visit_id);
                issued[t->visit_id] = {visit.display, visit.arrival_at};
            }
            if (t->state != core::TicketState::kInService) continue;
            if (e.type == "ticket.started" && t->called_by != e.device_id)
                verdict.Say("two desks", "ticket " + id + " was started by " + e.device_id + " while the call of " +
                                             t->called_by + " stood.");
            auto& at_desk = serving[t->called_by];
            if (!at_desk.empty() && at_desk != id) {
                const core::Ticket* other = expected.FindTicket(at_desk);
                if (other && other->state == core::TicketState::kInService)
                    verdict.Say("two visitors", t->called_by + " served " + at_desk + " and " + id + " at once.");
            }
            at_desk = id;
            for (const auto& stop : expected.visits.at(t->visit_id).ticket_ids) {
                const core::Ticket* other = expected.FindTicket(stop);
                if (stop != id && other && other->state == core::TicketState::kInService)
                    verdict.Say("two desks", "visit " + t->visit_id + " was served at " + other->called_by + " and " +
                                                 t->called_by + " at once.");
            }
        }
    }

    // --- transfers and planned stops kept the visitor's number and place in the queue ---
    for (const auto& [visit_id, visit] : expected.visits) {
        auto first = issued.find(visit_id);
        if (first == issued.end()) continue;  // a visit whose first stop the order skipped
        if (visit.display != first->second.first || visit.arrival_at != first->second.second)
            verdict.Say("place", "visit " + visit_id + " was issued as " + first->second.first + " but stands as " +
                                     visit.display + " with another arrival time.");
        for (const auto& stop : visit.ticket_ids) {
            const core::Ticket* t = expected.FindTicket(stop);
            if (!t || t->visit_id != visit_id)
                verdict.Say("place", "stop " + stop + " of visit " + visit_id + " is missing or belongs to another visit.");
        }
    }

    // --- no slot given twice ---
    std::map<std::string, int> standing;
    for (const auto& [id, a] : expected.appointments)
        if (a.status == core::AppointmentStatus::kBooked && ++standing[a.slot_id] == 2)
            verdict.Say("double booking", "slot " + a.slot_id + " has two standing bookings.");

    // --- everyone agrees with the central order ---
    for (const auto& t : record.terminals) {
        for (const auto& [id, want] : expected.tickets) {
            const core::Ticket* have = t.state.FindTicket(id);
            if (!have || have->state != want.state || have->office_id != want.office_id || have->counter != want.counter)
                verdict.Say("disagree", t.id + " sees ticket " + id + " " +
                                            (have ? std::string(core::TicketStateName(have->state)) : "nowhere") +
                                            ", the central's order " + std::string(core::TicketStateName(want.state)) + ".");
        }
        if (t.state.tickets.size() != expected.tickets.size())
            verdict.Say("disagree", t.id + " knows " + std::to_string(t.state.tickets.size()) + " tickets, the central's order " +
                                        std::to_string(expected.tickets.size()) + ".");
        for (const auto& [id, want] : expected.appointments) {
            auto have = t.state.appointments.find(id);
            if (have == t.state.appointments.end() || have->second.status != want.status || have->second.slot_id != want.slot_id)
                verdict.Say("disagree", t.id + " does not see booking " + id + " as the central's order does.");
        }
    }

    // --- nobody left behind ---
    if (record.day_over) {
        int open = 0;
        for (const auto& [id, t] : expected.tickets) open += IsOpen(t.state) ? 1 : 0;
        if (open)
            verdict.Say("left waiting", std::to_string(open) + " tickets were still open when the day ended.");
    }
    return verdict.Lines();
}

}  // namespace anl::sync::sim
