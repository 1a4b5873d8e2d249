// One visit, several stops: the kiosk plans them, the core queues each when the one before is
// finished, keeping the visitor's place, and every device folds the same tickets.
#include <catch2/catch.hpp>

#include <utility>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::kMorning;
using anl::test::SmallCatalogue;
using anl::test::TestDevice;

namespace {

IssueTicket TwoStops() {
    IssueTicket issue;
    issue.service_id = "abh.permit-extension";
    issue.lang = "ar";
    issue.next_service_ids = {"fsa.counselling"};
    return issue;
}

// Issues TwoStops() on `d`; returns the first ticket's id and its visit's id.
std::pair<std::string, std::string> IssueTwoStops(TestDevice& d) {
    auto issued = d.Do(TwoStops(), kMorning);
    REQUIRE(issued.ok());
    const std::string first = issued->front().payload["ticket_id"].get<std::string>();
    return {first, d.state.FindTicket(first)->visit_id};
}

std::vector<StopProgress> Progress(const State& state, const std::string& visit_id) {
    std::vector<StopProgress> out;
    for (const auto& stop : VisitStops(state, visit_id)) out.push_back(stop.progress);
    return out;
}

}  // namespace

TEST_CASE("A visit with two stops goes on to the second office when the first stop is finished", "[core][visits]") {
    auto catalogue = SmallCatalogue();
    TestDevice d("desk-1", 0, catalogue);
    const auto [first, visit_id] = IssueTwoStops(d);
    const Visit& visit = *d.state.FindVisit(visit_id);
    REQUIRE(visit.plan == std::vector<PlannedStop>{{"abh", "abh.permit-extension"}, {"fsa", "fsa.counselling"}});
    CHECK(visit.ticket_ids.size() == 1);  // the second stop waits for the first
    CHECK(Progress(d.state, visit_id) == std::vector<StopProgress>{StopProgress::kNow, StopProgress::kNext});
    CHECK(ListQueue(d.state, catalogue, d.rules(), "fsa", kMorning).empty());

    // Someone who arrived later went straight to the social work office.
    const std::string later = d.Issue("fsa.counselling", kMorning + 5 * kMicrosPerMinute);

    REQUIRE(d.Do(CallNext{"abh", 1}, kMorning + 10 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(StartService{first}, kMorning + 11 * kMicrosPerMinute).ok());
    auto finished = d.Do(FinishService{first, "resolved"}, kMorning + 20 * kMicrosPerMinute);
    REQUIRE(finished.ok());
    const Event& finish = finished->front();
    const std::string second = finish.device_id + "/" + std::to_string(finish.seq);
    const Ticket* t = d.state.FindTicket(second);
    REQUIRE(t);
    CHECK(t->office_id == "fsa");
    CHECK(t->service_id == "fsa.counselling");
    CHECK(t->state == TicketState::kWaiting);
    CHECK(t->stop_index == 1);
    CHECK(t->plan_index == 1);
    CHECK(d.Display(second) == d.Display(first));  // one number for the whole visit
    CHECK(d.StateOf(first) == TicketState::kDone);
    CHECK(Progress(d.state, visit_id) == std::vector<StopProgress>{StopProgress::kDone, StopProgress::kNow});

    // It keeps the visit's place: before the visitor who arrived later.
    auto fsa = ListQueue(d.state, catalogue, d.rules(), "fsa", kMorning + 20 * kMicrosPerMinute);
    REQUIRE(fsa.size() == 2);
    CHECK(fsa[0].ticket_id == second);
    CHECK(fsa[1].ticket_id == later);

    // Another office's desk calls the same visitor and finishes: the visit is complete.
    TestDevice other("desk-2", 1, catalogue);
    for (const auto& e : d.log) REQUIRE(ApplyEvent(other.state, e).applied);
    REQUIRE(other.Do(CallNext{"fsa", 3}, kMorning + 25 * kMicrosPerMinute).ok());
    CHECK(other.StateOf(second) == TicketState::kCalled);
    REQUIRE(other.Do(StartService{second}, kMorning + 26 * kMicrosPerMinute).ok());
    REQUIRE(other.Do(FinishService{second, "resolved"}, kMorning + 40 * kMicrosPerMinute).ok());
    CHECK(other.state.FindVisit(visit_id)->ticket_ids.size() == 2);
    CHECK(Progress(other.state, visit_id) == std::vector<StopProgress>{StopProgress::kDone, StopProgress::kDone});
}

TEST_CASE("A transfer is a detour: the planned stops still follow, and one to the planned stop counts as it",
          "[core][visits]") {
    auto catalogue = SmallCatalogue();
    TestDevice d("desk-1", 0, catalogue);
    const auto [first, visit_id] = IssueTwoStops(d);

    SECTION("a detour to another service of the same office") {
        REQUIRE(d.Do(CallNext{"abh", 1}, kMorning).ok());
        REQUIRE(d.Do(Transfer{first, "abh.address-change", ""}, kMorning + kMicrosPerMinute).ok());
        const std::string detour = d.state.FindVisit(visit_id)->ticket_ids.back();
        CHECK(d.state.FindTicket(detour)->plan_index == -1);
        CHECK(Progress(d.state, visit_id) ==
              std::vector<StopProgress>{StopProgress::kDone, StopProgress::kNow, StopProgress::kNext});
        REQUIRE(d.Do(CallTicket{detour, 1}, kMorning + 2 * kMicrosPerMinute).ok());
        REQUIRE(d.Do(StartService{detour}, kMorning + 3 * kMicrosPerMinute).ok());
        REQUIRE(d.Do(FinishService{detour, "resolved"}, kMorning + 4 * kMicrosPerMinute).ok());
        const Ticket& last = *d.state.FindTicket(d.state.FindVisit(visit_id)->ticket_ids.back());
        CHECK(last.service_id == "fsa.counselling");
        CHECK(last.state == TicketState::kWaiting);
    }
    SECTION("a transfer to the planned next stop") {
        REQUIRE(d.Do(CallNext{"abh", 1}, kMorning).ok());
        REQUIRE(d.Do(Transfer{first, "fsa.counselling", "Dari"}, kMorning + kMicrosPerMinute).ok());
        const std::string moved = d.state.FindVisit(visit_id)->ticket_ids.back();
        CHECK(d.state.FindTicket(moved)->plan_index == 1);
        REQUIRE(d.Do(CallTicket{moved, 3}, kMorning + 2 * kMicrosPerMinute).ok());
        REQUIRE(d.Do(StartService{moved}, kMorning + 3 * kMicrosPerMinute).ok());
        REQUIRE(d.Do(FinishService{moved, "resolved"}, kMorning + 4 * kMicrosPerMinute).ok());
        CHECK(d.state.FindVisit(visit_id)->ticket_ids.size() == 2);  // not sent to counselling twice
    }
    SECTION("a no-show ends the visit: the planned stop is not reached") {
        REQUIRE(d.Do(CallNext{"abh", 1}, kMorning).ok());
        REQUIRE(d.Do(MarkNoShow{first}, kMorning + 6 * kMicrosPerMinute).ok());
        CHECK(d.state.FindVisit(visit_id)->ticket_ids.size() == 1);
        CHECK(Progress(d.state, visit_id) == std::vector<StopProgress>{StopProgress::kDone, StopProgress::kEnded});
    }
}

TEST_CASE("Issuing a visit with several stops checks every stop", "[core][visits]") {
    auto catalogue = SmallCatalogue();
    TestDevice d("kiosk-1", 0, catalogue);
    auto issue = TwoStops();
    issue.next_service_ids = {"fsa.counselling", "fsa.counselling"};
    auto twice = d.Do(issue, kMorning);
    REQUIRE_FALSE(twice.ok());
    CHECK_THAT(twice.error().message, Catch::Contains("twice"));
    issue.next_service_ids = {"nope"};
    CHECK(d.Do(issue, kMorning).error().code == ErrorCode::kNotFound);
    issue.next_service_ids = {"abh.family-reunification"};  // needs an appointment
    CHECK(d.Do(issue, kMorning).error().code == ErrorCode::kRejected);
    issue.next_service_ids = {"abh.address-change", "fsa.counselling", "abh.family-reunification", "abh.x"};
    CHECK(d.Do(issue, kMorning).error().code == ErrorCode::kInvalidInput);  // more than kMaxStops
    CHECK(d.state.visits.empty());
}

TEST_CASE("A visit issued before plans existed has no next stop when finished", "[core][visits]") {
    auto catalogue = SmallCatalogue();
    TestDevice d("desk-1", 0, catalogue);
    auto issued = d.Do(TwoStops(), kMorning);
    REQUIRE(issued.ok());
    Event old = issued->front();
    old.payload.erase("plan");
    old.device_id = "kiosk-old";
    old.payload["visit_id"] = "visit:kiosk-old/1";
    old.payload["ticket_id"] = "kiosk-old/1";
    old.payload["display"] = "A-900";
    State s;
    REQUIRE(ApplyEvent(s, old).applied);
    CHECK(s.FindVisit("visit:kiosk-old/1")->plan.empty());
    CHECK(s.FindTicket("kiosk-old/1")->plan_index == -1);
    REQUIRE(ApplyEvent(s, Event{"desk-1", 1, "ticket.called", {{"ticket_id", "kiosk-old/1"}, {"counter", 1}}, kMorning}).applied);
    REQUIRE(ApplyEvent(s, Event{"desk-1", 2, "ticket.started", {{"ticket_id", "kiosk-old/1"}}, kMorning}).applied);
    REQUIRE(ApplyEvent(s, Event{"desk-1", 3, "ticket.finished", {{"ticket_id", "kiosk-old/1"}, {"outcome", "resolved"}}, kMorning}).applied);
    CHECK(s.tickets.size() == 1);
    // A malformed plan is refused the same way on every device.
    Event bad = issued->front();
    bad.payload["plan"] = nlohmann::json::array({{{"office_id", "fsa"}, {"service_id", "fsa.counselling"}}});
    State t;
    CHECK_FALSE(ApplyEvent(t, bad).applied);
}
