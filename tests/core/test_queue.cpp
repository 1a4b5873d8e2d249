// Queue order (priority rank, due appointments, arrival) and waiting-time estimates.
#include <catch2/catch.hpp>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::TestDevice;
using anl::test::kMorning;

namespace {
std::vector<std::string> WaitingOrder(const TestDevice& d, const std::string& office, Micros now) {
    std::vector<std::string> out;
    for (const auto& e : ListQueue(d.state, test::SmallCatalogue(), d.rules(), office, now))
        if (e.state == TicketState::kWaiting) out.push_back(e.ticket_id);
    return out;
}
}  // namespace

TEST_CASE("Earlier arrival is served first", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto a = d.Issue("abh.permit-extension", kMorning);
    auto b = d.Issue("abh.address-change", kMorning + kMicrosPerMinute);
    auto c = d.Issue("abh.permit-extension", kMorning + 2 * kMicrosPerMinute);
    CHECK(WaitingOrder(d, "abh", kMorning + 3 * kMicrosPerMinute) == std::vector<std::string>{a, b, c});
}

TEST_CASE("A higher priority class rank comes first, then arrival", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto walk_in = d.Issue("abh.permit-extension", kMorning);
    auto children = d.Issue("abh.permit-extension", kMorning + kMicrosPerMinute, "children");
    auto mobility = d.Issue("abh.permit-extension", kMorning + 2 * kMicrosPerMinute, "mobility");
    auto children2 = d.Issue("abh.permit-extension", kMorning + 3 * kMicrosPerMinute, "children");
    CHECK(WaitingOrder(d, "abh", kMorning + 4 * kMicrosPerMinute) ==
          std::vector<std::string>{mobility, children, children2, walk_in});
    auto called = d.Do(CallNext{"abh", 1}, kMorning + 5 * kMicrosPerMinute);
    REQUIRE(called.ok());
    CHECK(called->front().payload["ticket_id"] == mobility);
}

TEST_CASE("Appointments due within the window come before walk-ins", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    Micros now = kMorning + 60 * kMicrosPerMinute;
    auto walk_in = d.Issue("abh.permit-extension", kMorning);
    auto due_soon = d.Issue("abh.family-reunification", now - kMicrosPerMinute, "", now + 10 * kMicrosPerMinute);
    auto due_later = d.Issue("abh.family-reunification", now - 2 * kMicrosPerMinute, "", now + 60 * kMicrosPerMinute);
    auto overdue = d.Issue("abh.family-reunification", now, "", now - 5 * kMicrosPerMinute);
    // due_soon and overdue are due within 15 minutes: by arrival among themselves; then the
    // walk-in (arrived at 09:00) and the later appointment by arrival.
    CHECK(WaitingOrder(d, "abh", now) == std::vector<std::string>{due_soon, overdue, walk_in, due_later});
    // An hour later the later appointment is due too and moves ahead of the walk-in.
    CHECK(WaitingOrder(d, "abh", now + 50 * kMicrosPerMinute) ==
          std::vector<std::string>{due_later, due_soon, overdue, walk_in});
}

TEST_CASE("Priority rank outranks a due appointment", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    Micros now = kMorning;
    auto due = d.Issue("abh.family-reunification", now, "", now + kMicrosPerMinute);
    auto mobility = d.Issue("abh.permit-extension", now + kMicrosPerMinute, "mobility");
    CHECK(WaitingOrder(d, "abh", now + 2 * kMicrosPerMinute) == std::vector<std::string>{mobility, due});
}

TEST_CASE("Equal keys still sort the same way on every device", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto a = d.Issue("abh.permit-extension", kMorning);
    auto b = d.Issue("abh.permit-extension", kMorning);  // same microsecond
    CHECK(WaitingOrder(d, "abh", kMorning) == std::vector<std::string>{a, b});  // by id
    CHECK(a < b);
}

TEST_CASE("Waiting estimate falls back to typical minutes", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto a = d.Issue("abh.permit-extension", kMorning);  // typical 20
    auto b = d.Issue("abh.address-change", kMorning);    // typical 10
    auto c = d.Issue("abh.permit-extension", kMorning);
    auto cat = test::SmallCatalogue();
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), a, kMorning) == 0);
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), b, kMorning) == 20);
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), c, kMorning) == 30);
}

TEST_CASE("Waiting estimate uses recent service times and open counters", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto cat = test::SmallCatalogue();
    Micros t = kMorning;
    // Two permit extensions served in 6 and 8 minutes at counters 1 and 2.
    for (int i = 0; i < 2; ++i) {
        auto id = d.Issue("abh.permit-extension", t);
        REQUIRE(d.Do(CallTicket{id, i + 1}, t).ok());
        REQUIRE(d.Do(StartService{id}, t).ok());
        REQUIRE(d.Do(FinishService{id, "resolved"}, t + (6 + 2 * i) * kMicrosPerMinute).ok());
    }
    Micros now = t + 10 * kMicrosPerMinute;
    std::vector<std::string> waiting;
    for (int i = 0; i < 5; ++i) waiting.push_back(d.Issue("abh.permit-extension", now));
    CHECK(OpenCounters(d.state, d.rules(), "abh", now) == 2);
    // Mean 7 minutes each; 4 ahead of the fifth, shared by 2 counters: 14 minutes.
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), waiting[4], now) == 14);
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), waiting[1], now) == 4);
    // Two hours later the counters are no longer open and only one is assumed.
    Micros later = now + 2 * 60 * kMicrosPerMinute;
    CHECK(OpenCounters(d.state, d.rules(), "abh", later) == 1);
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), waiting[4], later) == 28);
    // Four hours later the service times are too old: typical 20 minutes each.
    Micros much_later = now + 4 * 60 * kMicrosPerMinute;
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), waiting[4], much_later) == 80);
}

TEST_CASE("A new ticket's wait is the same estimate as a waiting ticket's: recent times, open counters", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto cat = test::SmallCatalogue();
    CHECK(EstimateNewTicketWaitMinutes(d.state, cat, d.rules(), "abh", kMorning) == 0);  // nobody waits
    Micros t = kMorning;
    for (int i = 0; i < 2; ++i) {  // served in 6 and 8 minutes at counters 1 and 2
        auto id = d.Issue("abh.permit-extension", t);
        REQUIRE(d.Do(CallTicket{id, i + 1}, t).ok());
        REQUIRE(d.Do(StartService{id}, t).ok());
        REQUIRE(d.Do(FinishService{id, "resolved"}, t + (6 + 2 * i) * kMicrosPerMinute).ok());
    }
    Micros now = t + 10 * kMicrosPerMinute;
    std::vector<std::string> waiting;
    for (int i = 0; i < 5; ++i) waiting.push_back(d.Issue("abh.permit-extension", now));
    // Five ahead at the recent mean of 7 minutes, two counters: 17.5, rounded up (not the
    // catalogue's typical 20 minutes each, which gave 50).
    CHECK(EstimateNewTicketWaitMinutes(d.state, cat, d.rules(), "abh", now) == 18);
    // The ticket taken next waits as long as the waiting ticket it becomes says.
    auto next = d.Issue("abh.permit-extension", now);
    CHECK(EstimateWaitMinutes(d.state, cat, d.rules(), next, now) == 18);
}

TEST_CASE("A wait is worded in 5-minute steps, minutes up to two hours, then whole hours", "[core][queue]") {
    using U = WaitWording::Unit;
    auto word = [](int m) { const WaitWording w = WordWait(m); return std::pair{w.unit, w.value}; };
    CHECK(word(0) == std::pair{U::kNone, 0});
    CHECK(word(-1) == std::pair{U::kNone, 0});
    CHECK(word(1) == std::pair{U::kMinutes, 5});
    CHECK(word(5) == std::pair{U::kMinutes, 5});
    CHECK(word(23) == std::pair{U::kMinutes, 25});
    CHECK(word(59) == std::pair{U::kMinutes, 60});
    CHECK(word(93) == std::pair{U::kMinutes, 95});
    CHECK(word(120) == std::pair{U::kMinutes, 120});
    CHECK(word(121) == std::pair{U::kHours, 2});
    CHECK(word(175) == std::pair{U::kHours, 3});
    CHECK(word(600) == std::pair{U::kHours, 10});
}

TEST_CASE("The queue lists waiting, then active, then parked tickets", "[core][queue]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto a = d.Issue("abh.permit-extension", kMorning);
    auto b = d.Issue("abh.permit-extension", kMorning + 1);
    auto c = d.Issue("abh.permit-extension", kMorning + 2);
    REQUIRE(d.Do(Park{a}, kMorning + 3).ok());
    REQUIRE(d.Do(CallTicket{b, 4}, kMorning + 4).ok());
    auto q = ListQueue(d.state, test::SmallCatalogue(), d.rules(), "abh", kMorning + 5);
    REQUIRE(q.size() == 3);
    CHECK(q[0].ticket_id == c);
    CHECK(q[0].position == 1);
    CHECK(q[1].ticket_id == b);
    CHECK(q[1].state == TicketState::kCalled);
    CHECK(q[1].counter == 4);
    CHECK(q[1].position == 0);
    CHECK(q[2].ticket_id == a);
    CHECK(q[2].state == TicketState::kParked);
    CHECK(ListQueue(d.state, test::SmallCatalogue(), d.rules(), "fsa", kMorning).empty());
    CHECK(ListQueue(d.state, test::SmallCatalogue(), d.rules(), "", kMorning + 5).size() == 3);
}

TEST_CASE("A counter calls only the services the catalogue says it offers", "[core][queue][counter]") {
    catalogue::Catalogue c = test::SmallCatalogue();
    // Counter 1 takes only address changes; counter 2 every service of the office; counter 5
    // is not described (the desks' defaults): it takes any service of its office.
    c.counters = {{1, "abh", "Schalter 1", {"abh.address-change"}},
                  {2, "abh", "Schalter 2", {"abh.permit-extension", "abh.address-change", "abh.family-reunification"}}};
    TestDevice d("kiosk-1", 0, c);
    auto permit = d.Issue("abh.permit-extension", kMorning);
    auto address = d.Issue("abh.address-change", kMorning + kMicrosPerMinute);
    auto permit2 = d.Issue("abh.permit-extension", kMorning + 2 * kMicrosPerMinute);

    // The permit visitor came first, but counter 1 does not do permits: it calls the address change.
    auto at_one = d.Do(CallNext{"abh", 1}, kMorning + 3 * kMicrosPerMinute);
    REQUIRE(at_one.ok());
    CHECK(at_one->front().payload["ticket_id"] == address);
    CHECK(at_one->front().payload["counter"] == 1);

    // Only permits wait now: counter 1 is told so, with its own reason, and calls nobody.
    auto none = d.Do(CallNext{"abh", 1}, kMorning + 4 * kMicrosPerMinute);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().reason == kRefusedNoneForCounter);
    CHECK(d.StateOf(permit) == TicketState::kWaiting);

    // Counter 2 offers permits and calls the first in line; counter 5 (not described) the next.
    auto at_two = d.Do(CallNext{"abh", 2}, kMorning + 5 * kMicrosPerMinute);
    REQUIRE(at_two.ok());
    CHECK(at_two->front().payload["ticket_id"] == permit);
    auto at_five = d.Do(CallNext{"abh", 5}, kMorning + 6 * kMicrosPerMinute);
    REQUIRE(at_five.ok());
    CHECK(at_five->front().payload["ticket_id"] == permit2);

    // Nobody waits at all: the plain "nobody is waiting", not the counter's reason.
    auto empty = d.Do(CallNext{"abh", 1}, kMorning + 7 * kMicrosPerMinute);
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().reason != kRefusedNoneForCounter);
}
