// Every allowed and every rejected ticket transition, through the table and through Decide.
#include <catch2/catch.hpp>

#include <set>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::TestDevice;
using anl::test::kMorning;

namespace {

constexpr TicketState kAllStates[] = {TicketState::kWaiting, TicketState::kCalled,  TicketState::kRecalled,
                                      TicketState::kInService, TicketState::kDone, TicketState::kNoShow,
                                      TicketState::kParked,  TicketState::kTransferred};
constexpr Action kAllActions[] = {Action::kCall, Action::kRecall,        Action::kStart,
                                  Action::kFinish, Action::kNoShow,      Action::kReturnToQueue,
                                  Action::kPark,   Action::kUnpark,      Action::kTransfer};

// Written out again here, independently of state_machine.cpp: the test fails if either drifts.
const std::map<std::pair<TicketState, Action>, TicketState> kExpectedAllowed = {
    {{TicketState::kWaiting, Action::kCall}, TicketState::kCalled},
    {{TicketState::kWaiting, Action::kPark}, TicketState::kParked},
    {{TicketState::kWaiting, Action::kTransfer}, TicketState::kTransferred},
    {{TicketState::kCalled, Action::kRecall}, TicketState::kRecalled},
    {{TicketState::kCalled, Action::kStart}, TicketState::kInService},
    {{TicketState::kCalled, Action::kNoShow}, TicketState::kNoShow},
    {{TicketState::kCalled, Action::kReturnToQueue}, TicketState::kWaiting},
    {{TicketState::kCalled, Action::kPark}, TicketState::kParked},
    {{TicketState::kCalled, Action::kTransfer}, TicketState::kTransferred},
    {{TicketState::kRecalled, Action::kRecall}, TicketState::kRecalled},
    {{TicketState::kRecalled, Action::kStart}, TicketState::kInService},
    {{TicketState::kRecalled, Action::kNoShow}, TicketState::kNoShow},
    {{TicketState::kRecalled, Action::kReturnToQueue}, TicketState::kWaiting},
    {{TicketState::kRecalled, Action::kPark}, TicketState::kParked},
    {{TicketState::kRecalled, Action::kTransfer}, TicketState::kTransferred},
    {{TicketState::kInService, Action::kFinish}, TicketState::kDone},
    {{TicketState::kInService, Action::kReturnToQueue}, TicketState::kWaiting},
    {{TicketState::kInService, Action::kPark}, TicketState::kParked},
    {{TicketState::kInService, Action::kTransfer}, TicketState::kTransferred},
    {{TicketState::kParked, Action::kUnpark}, TicketState::kWaiting},
};

// Drives a fresh ticket into `target` with real commands; returns its id.
std::string TicketIn(TestDevice& d, TicketState target, Micros& now) {
    std::string id = d.Issue("abh.permit-extension", now);
    auto step = [&](const Command& c) {
        now += kMicrosPerSecond;
        auto r = d.Do(c, now);
        REQUIRE(r.ok());
    };
    switch (target) {
        case TicketState::kWaiting: break;
        case TicketState::kCalled: step(CallTicket{id, 1}); break;
        case TicketState::kRecalled: step(CallTicket{id, 1}); step(Recall{id}); break;
        case TicketState::kInService: step(CallTicket{id, 1}); step(StartService{id}); break;
        case TicketState::kDone: step(CallTicket{id, 1}); step(StartService{id}); step(FinishService{id, "resolved"}); break;
        case TicketState::kNoShow: step(CallTicket{id, 1}); step(Recall{id}); step(MarkNoShow{id}); break;
        case TicketState::kParked: step(Park{id}); break;
        case TicketState::kTransferred: step(Transfer{id, "fsa.counselling", ""}); break;
    }
    REQUIRE(d.StateOf(id) == target);
    return id;
}

Command CommandFor(Action a, const std::string& id) {
    switch (a) {
        case Action::kCall: return CallTicket{id, 2};
        case Action::kRecall: return Recall{id};
        case Action::kStart: return StartService{id};
        case Action::kFinish: return FinishService{id, "resolved"};
        case Action::kNoShow: return MarkNoShow{id};
        case Action::kReturnToQueue: return ReturnToQueue{id};
        case Action::kPark: return Park{id};
        case Action::kUnpark: return Unpark{id};
        case Action::kTransfer: return Transfer{id, "fsa.counselling", "needs housing advice"};
    }
    return Park{id};
}

}  // namespace

TEST_CASE("The transition table allows exactly the documented transitions", "[core][state]") {
    for (auto s : kAllStates) {
        for (auto a : kAllActions) {
            auto r = Transition(s, a, "A-001");
            auto it = kExpectedAllowed.find({s, a});
            INFO(TicketStateName(s) << " + " << ActionName(a));
            if (it == kExpectedAllowed.end()) {
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().code == ErrorCode::kRejected);
                CHECK(r.error().message.find("A-001") != std::string::npos);
                CHECK(r.error().message.find(std::string(TicketStateName(s))) != std::string::npos);
            } else {
                REQUIRE(r.ok());
                CHECK(*r == it->second);
            }
        }
    }
}

TEST_CASE("Decide accepts every allowed and rejects every other transition", "[core][state]") {
    // Rules without time limits getting in the way: no-show is allowed after one call.
    QueueRules rules;
    rules.calls_before_no_show = 1;
    for (auto s : kAllStates) {
        for (auto a : kAllActions) {
            TestDevice d("kiosk-1", 0, test::SmallCatalogue(), rules);
            Micros now = kMorning;
            std::string id = TicketIn(d, s, now);
            auto before = d.state.tickets;
            auto r = d.Do(CommandFor(a, id), now + kMicrosPerSecond);
            INFO(TicketStateName(s) << " + " << ActionName(a));
            auto it = kExpectedAllowed.find({s, a});
            if (it == kExpectedAllowed.end()) {
                REQUIRE_FALSE(r.ok());
                CHECK(r.error().code == ErrorCode::kRejected);
                CHECK(d.state.tickets.size() == before.size());
                CHECK(d.StateOf(id) == s);
            } else {
                REQUIRE(r.ok());
                CHECK(d.StateOf(id) == it->second);
            }
        }
    }
}

TEST_CASE("A whole visit: issue, call, start, finish", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    std::string id = d.Issue("abh.permit-extension", kMorning);
    CHECK(d.Display(id) == "A-001");
    auto called = d.Do(CallNext{"abh", 3}, kMorning + kMicrosPerMinute);
    REQUIRE(called.ok());
    CHECK(called->front().type == "ticket.called");
    CHECK(d.state.FindTicket(id)->counter == 3);
    CHECK(d.state.recent_calls.back().display == "A-001");
    REQUIRE(d.Do(StartService{id}, kMorning + 2 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(FinishService{id, "follow_up"}, kMorning + 12 * kMicrosPerMinute).ok());
    CHECK(d.StateOf(id) == TicketState::kDone);
    CHECK(d.state.FindTicket(id)->outcome == "follow_up");
    auto nobody = d.Do(CallNext{"abh", 3}, kMorning + 13 * kMicrosPerMinute);
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error().code == ErrorCode::kNotFound);
}

TEST_CASE("Recall only within the recall window", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    std::string id = d.Issue("abh.permit-extension", kMorning);
    REQUIRE(d.Do(CallTicket{id, 1}, kMorning).ok());
    REQUIRE(d.Do(Recall{id}, kMorning + 4 * kMicrosPerMinute).ok());
    CHECK(d.state.FindTicket(id)->call_count == 2);
    CHECK(d.state.recent_calls.back().recall);
    auto late = d.Do(Recall{id}, kMorning + 5 * kMicrosPerMinute + 1);
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code == ErrorCode::kRejected);
    CHECK(late.error().message.find("recall window of 5 minutes") != std::string::npos);
}

TEST_CASE("The recall window is configurable", "[core][state]") {
    QueueRules rules;
    rules.recall_window = 2 * kMicrosPerMinute;
    TestDevice d("kiosk-1", 0, test::SmallCatalogue(), rules);
    std::string id = d.Issue("abh.permit-extension", kMorning);
    REQUIRE(d.Do(CallTicket{id, 1}, kMorning).ok());
    CHECK_FALSE(d.Do(Recall{id}, kMorning + 3 * kMicrosPerMinute).ok());
}

TEST_CASE("No-show only after enough calls or after the recall window", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());  // default: 2 calls
    std::string a = d.Issue("abh.permit-extension", kMorning);
    std::string b = d.Issue("abh.permit-extension", kMorning);
    REQUIRE(d.Do(CallTicket{a, 1}, kMorning).ok());
    auto early = d.Do(MarkNoShow{a}, kMorning + kMicrosPerMinute);
    REQUIRE_FALSE(early.ok());
    CHECK(early.error().message.find("called 1 time") != std::string::npos);
    REQUIRE(d.Do(Recall{a}, kMorning + 2 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(MarkNoShow{a}, kMorning + 3 * kMicrosPerMinute).ok());
    CHECK(d.StateOf(a) == TicketState::kNoShow);

    REQUIRE(d.Do(CallTicket{b, 2}, kMorning).ok());
    REQUIRE(d.Do(MarkNoShow{b}, kMorning + 6 * kMicrosPerMinute).ok());  // window passed
    CHECK(d.StateOf(b) == TicketState::kNoShow);
}

TEST_CASE("Back to the queue and unpark keep the visitor's place", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    std::string first = d.Issue("abh.permit-extension", kMorning);
    std::string second = d.Issue("abh.permit-extension", kMorning + kMicrosPerMinute);
    REQUIRE(d.Do(CallNext{"abh", 1}, kMorning + 2 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(ReturnToQueue{first}, kMorning + 3 * kMicrosPerMinute).ok());
    CHECK(d.state.FindTicket(first)->call_count == 0);
    auto next = d.Do(CallNext{"abh", 1}, kMorning + 4 * kMicrosPerMinute);
    REQUIRE(next.ok());
    CHECK(next->front().payload["ticket_id"] == first);
    REQUIRE(d.Do(Park{first}, kMorning + 5 * kMicrosPerMinute).ok());
    auto after_park = d.Do(CallNext{"abh", 1}, kMorning + 6 * kMicrosPerMinute);
    REQUIRE(after_park.ok());
    CHECK(after_park->front().payload["ticket_id"] == second);
    REQUIRE(d.Do(Unpark{first}, kMorning + 30 * kMicrosPerMinute).ok());
    auto queue = ListQueue(d.state, test::SmallCatalogue(), d.rules(), "abh", kMorning + 31 * kMicrosPerMinute);
    REQUIRE_FALSE(queue.empty());
    CHECK(queue.front().ticket_id == first);
    CHECK(queue.front().position == 1);
}

TEST_CASE("Transfer keeps number and arrival and creates the next stop", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    std::string early = d.Issue("abh.permit-extension", kMorning);
    // Two people arrive later directly for social work.
    d.Issue("fsa.counselling", kMorning + 10 * kMicrosPerMinute);
    d.Issue("fsa.counselling", kMorning + 11 * kMicrosPerMinute);
    REQUIRE(d.Do(CallTicket{early, 1}, kMorning + 20 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(StartService{early}, kMorning + 21 * kMicrosPerMinute).ok());
    auto moved = d.Do(Transfer{early, "fsa.counselling", "needs housing advice"}, kMorning + 30 * kMicrosPerMinute);
    REQUIRE(moved.ok());
    std::string next = moved->front().payload["new_ticket_id"];
    CHECK(d.StateOf(early) == TicketState::kTransferred);
    const Ticket* stop = d.state.FindTicket(next);
    REQUIRE(stop);
    CHECK(stop->state == TicketState::kWaiting);
    CHECK(stop->office_id == "fsa");
    CHECK(stop->stop_index == 1);
    CHECK(stop->note == "needs housing advice");
    CHECK(stop->visit_id == d.state.FindTicket(early)->visit_id);
    CHECK(d.Display(next) == "A-001");
    // One-stop: the transferred visitor arrived first, so they are first at social work.
    auto queue = ListQueue(d.state, test::SmallCatalogue(), d.rules(), "fsa", kMorning + 31 * kMicrosPerMinute);
    REQUIRE(queue.size() == 3);
    CHECK(queue[0].ticket_id == next);
    CHECK(queue[0].display == "A-001");
    // "A-001" now finds the visit's current stop.
    auto resolved = ResolveTicket(d.state, "a-001", LocalServiceDay(kMorning, "Europe/Berlin"));
    REQUIRE(resolved.ok());
    CHECK(*resolved == next);
}

TEST_CASE("Transfer to the same service or an unknown one is refused", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    std::string id = d.Issue("abh.permit-extension", kMorning);
    auto same = d.Do(Transfer{id, "abh.permit-extension", ""}, kMorning);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().code == ErrorCode::kRejected);
    auto unknown = d.Do(Transfer{id, "nowhere", ""}, kMorning);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::kNotFound);
    auto too_long = d.Do(Transfer{id, "fsa.counselling", std::string(kMaxNoteLength + 1, 'x')}, kMorning);
    REQUIRE_FALSE(too_long.ok());
    CHECK(too_long.error().code == ErrorCode::kInvalidInput);
    // Another service of the same office is fine.
    CHECK(d.Do(Transfer{id, "abh.address-change", ""}, kMorning).ok());
}

TEST_CASE("Issuing checks service, language, priority class and appointments", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto unknown = d.Do(IssueTicket{"nope", "de", "", false, 0}, kMorning);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::kNotFound);
    auto lang = d.Do(IssueTicket{"abh.permit-extension", "de; drop", "", false, 0}, kMorning);
    REQUIRE_FALSE(lang.ok());
    CHECK(lang.error().code == ErrorCode::kInvalidInput);
    auto prio = d.Do(IssueTicket{"abh.permit-extension", "ar", "vip", false, 0}, kMorning);
    REQUIRE_FALSE(prio.ok());
    CHECK(prio.error().code == ErrorCode::kNotFound);
    auto booked_only = d.Do(IssueTicket{"abh.family-reunification", "ar", "", false, 0}, kMorning);
    REQUIRE_FALSE(booked_only.ok());
    CHECK(booked_only.error().code == ErrorCode::kRejected);
    auto checked_in = d.Do(IssueTicket{"abh.family-reunification", "ar", "", false, kMorning + kMicrosPerMinute}, kMorning);
    REQUIRE(checked_in.ok());
    auto ok = d.Do(IssueTicket{"abh.permit-extension", "ps", "children", true, 0}, kMorning);
    REQUIRE(ok.ok());
    const auto& p = ok->front().payload;
    CHECK(p["lang"] == "ps");
    CHECK(p["priority_rank"] == 2);
    CHECK(p["interpreter"] == true);
}

TEST_CASE("Unknown tickets are reported as not found", "[core][state]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto r = d.Do(StartService{"kiosk-9/77"}, kMorning);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kNotFound);
    auto resolved = ResolveTicket(d.state, "A-999", "2026-01-15");
    REQUIRE_FALSE(resolved.ok());
    CHECK(resolved.error().code == ErrorCode::kNotFound);
}
