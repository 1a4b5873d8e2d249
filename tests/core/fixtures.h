// Small catalogues and helpers for the core tests: built in code, so these tests do not
// depend on the shipped catalogue's contents.
#pragma once

#include "kiosk/core/core.h"

namespace anl::test {

inline catalogue::Catalogue SmallCatalogue() {
    catalogue::Catalogue c;
    c.offices = {{"abh", 'A', "office.abh.name", "", "badge", "", ""},
                 {"fsa", 'S', "office.fsa.name", "", "volunteer_activism", "", ""}};
    catalogue::Service permit;
    permit.id = "abh.permit-extension";
    permit.office_id = "abh";
    permit.typical_minutes = 20;
    catalogue::Service address;
    address.id = "abh.address-change";
    address.office_id = "abh";
    address.typical_minutes = 10;
    catalogue::Service counselling;
    counselling.id = "fsa.counselling";
    counselling.office_id = "fsa";
    counselling.typical_minutes = 30;
    catalogue::Service family;
    family.id = "abh.family-reunification";
    family.office_id = "abh";
    family.needs_appointment = true;
    c.services = {permit, address, counselling, family};
    c.priority_classes = {{"mobility", 3, "priority.mobility.label", "accessible"},
                          {"children", 2, "priority.children.label", "stroller"}};
    return c;
}

// One device deciding and folding its own events, the way the store does it.
class TestDevice {
public:
    TestDevice(std::string id, int slot, const catalogue::Catalogue& c, core::QueueRules rules = {})
        : catalogue_(c), rules_(std::move(rules)), actor_{std::move(id), slot, 1, "1042"} {}

    Result<std::vector<core::Event>> Do(const core::Command& cmd, Micros now) {
        auto events = core::Decide(state, catalogue_, rules_, actor_, now, cmd);
        if (!events.ok()) return events;
        for (const auto& e : *events) {
            auto applied = core::ApplyEvent(state, e);
            ANL_ASSERT(applied.applied && "a decided event fits the state it was decided on");
            log.push_back(e);
        }
        actor_.next_seq += static_cast<std::int64_t>(events->size());
        return events;
    }
    // Issues a ticket and returns the new ticket's id.
    std::string Issue(const std::string& service, Micros now, const std::string& priority = "",
                      Micros appointment = 0) {
        auto events = Do(core::IssueTicket{service, "de", priority, false, appointment}, now);
        ANL_ASSERT(events.ok() && "issuing a ticket in a test");
        return events->front().payload["ticket_id"].get<std::string>();
    }
    std::string Display(const std::string& ticket_id) const {
        return state.FindVisit(state.FindTicket(ticket_id)->visit_id)->display;
    }
    core::TicketState StateOf(const std::string& ticket_id) const { return state.FindTicket(ticket_id)->state; }
    const core::QueueRules& rules() const { return rules_; }

    core::State state;
    std::vector<core::Event> log;

private:
    catalogue::Catalogue catalogue_;
    core::QueueRules rules_;
    core::Actor actor_;
};

// 2026-01-15 09:00 in Berlin (UTC+1 in winter).
inline constexpr Micros kMorning = 1'768'464'000'000'000;

}  // namespace anl::test
