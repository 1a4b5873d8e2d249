// Two desks call the same visitor while partitioned: the central order keeps the first call,
// and only the desk whose call stands may go on serving that visitor. Regression tests for
// the gap where the overruled desk's start, finish and transfer were still folded.
#include <catch2/catch.hpp>

#include <tuple>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::kMorning;
using anl::test::SmallCatalogue;
using anl::test::TestDevice;

namespace {

// Folds `events` in the given order into a fresh state, the way every device rebuilds its
// projection in the central order. Returns the state and which events were skipped.
struct Folded {
    State state;
    std::vector<std::string> skipped;  // "device/seq type"
};
Folded FoldInOrder(const std::vector<Event>& events) {
    Folded f;
    for (const auto& e : events) {
        Applied a = ApplyEvent(f.state, e);
        if (!a.applied) f.skipped.push_back(e.device_id + "/" + std::to_string(e.seq) + " " + e.type);
    }
    return f;
}

// A kiosk issues one ticket; both desks learn of it, then call it while partitioned.
struct Partitioned {
    catalogue::Catalogue catalogue = SmallCatalogue();
    TestDevice kiosk{"kiosk-1", 0, catalogue};
    TestDevice desk1{"desk-1", 1, catalogue};
    TestDevice desk2{"desk-2", 2, catalogue};
    std::string ticket;
    Event issued;

    Partitioned() {
        ticket = kiosk.Issue("abh.permit-extension", kMorning);
        issued = kiosk.log.back();
        REQUIRE(ApplyEvent(desk1.state, issued).applied);
        REQUIRE(ApplyEvent(desk2.state, issued).applied);
        REQUIRE(desk1.Do(CallTicket{ticket, 1}, kMorning + 60 * kMicrosPerSecond).ok());
        REQUIRE(desk2.Do(CallTicket{ticket, 2}, kMorning + 61 * kMicrosPerSecond).ok());
    }
};

}  // namespace

TEST_CASE("Regression: a desk whose call was turned down could still start, finish and transfer the visitor",
          "[core][sync][standing-call]") {
    Partitioned p;
    // Still partitioned, desk 2 serves the visitor it believes it called and sends them on.
    REQUIRE(p.desk2.Do(StartService{p.ticket}, kMorning + 2 * kMicrosPerMinute).ok());
    REQUIRE(p.desk2.Do(Transfer{p.ticket, "fsa.counselling", "speaks Dari"}, kMorning + 3 * kMicrosPerMinute).ok());
    REQUIRE(p.desk2.log.size() == 3);

    // The central order: desk 1's call came first; desk 2's events arrive after it.
    std::vector<Event> central = {p.issued, p.desk1.log[0]};
    for (const auto& e : p.desk2.log) central.push_back(e);
    Folded f = FoldInOrder(central);

    const Ticket* t = f.state.FindTicket(p.ticket);
    REQUIRE(t);
    CHECK(t->state == TicketState::kCalled);  // still desk 1's visitor, not started, not transferred
    CHECK(t->counter == 1);
    CHECK(t->called_by == "desk-1");
    CHECK(f.state.tickets.size() == 1);       // the overruled transfer made no new stop
    CHECK(f.skipped == std::vector<std::string>{"desk-2/1 ticket.called", "desk-2/2 ticket.started",
                                                "desk-2/3 ticket.transferred"});

    // Desk 1 goes on serving as usual.
    State& s = f.state;
    Event start{"desk-1", 2, "ticket.started", {{"ticket_id", p.ticket}, {"staff", "1042"}}, kMorning + 4 * kMicrosPerMinute};
    Event finish{"desk-1", 3, "ticket.finished", {{"ticket_id", p.ticket}, {"outcome", "resolved"}},
                 kMorning + 9 * kMicrosPerMinute};
    CHECK(ApplyEvent(s, start).applied);
    CHECK(ApplyEvent(s, finish).applied);
    CHECK(s.FindTicket(p.ticket)->state == TicketState::kDone);
}

TEST_CASE("Regression: both sides fold the same central order to the same state after an overruled call",
          "[core][sync][standing-call]") {
    Partitioned p;
    REQUIRE(p.desk2.Do(StartService{p.ticket}, kMorning + 2 * kMicrosPerMinute).ok());
    REQUIRE(p.desk2.Do(FinishService{p.ticket, "resolved"}, kMorning + 5 * kMicrosPerMinute).ok());
    REQUIRE(p.desk1.Do(StartService{p.ticket}, kMorning + 3 * kMicrosPerMinute).ok());

    // Central order interleaves them; each device rebuilds from it.
    std::vector<Event> central = {p.issued, p.desk1.log[0], p.desk2.log[0], p.desk2.log[1],
                                  p.desk1.log[1], p.desk2.log[2]};
    Folded at_desk1 = FoldInOrder(central);
    Folded at_desk2 = FoldInOrder(central);
    const Ticket& a = *at_desk1.state.FindTicket(p.ticket);
    const Ticket& b = *at_desk2.state.FindTicket(p.ticket);
    CHECK(a.state == TicketState::kInService);  // desk 1 started; desk 2's finish did not count
    CHECK(a.called_by == "desk-1");
    CHECK(std::tie(a.state, a.counter, a.called_by, a.started_at, a.finished_at) ==
          std::tie(b.state, b.counter, b.called_by, b.started_at, b.finished_at));
    CHECK(at_desk1.skipped == at_desk2.skipped);
    CHECK(at_desk1.skipped.size() == 3);
}

TEST_CASE("Decide refuses every serving action from a desk whose call did not stand", "[core][standing-call]") {
    Partitioned p;
    // Desk 2 learns the central order: desk 1's call first, its own call skipped.
    p.desk2.state = FoldInOrder({p.issued, p.desk1.log[0], p.desk2.log[0]}).state;
    TestDevice& desk2 = p.desk2;
    const Micros now = kMorning + 2 * kMicrosPerMinute;
    const std::string display = desk2.Display(p.ticket);
    for (const Command& cmd : std::vector<Command>{Recall{p.ticket}, StartService{p.ticket}, MarkNoShow{p.ticket},
                                                   ReturnToQueue{p.ticket}, Park{p.ticket},
                                                   Transfer{p.ticket, "fsa.counselling", ""}}) {
        auto r = desk2.Do(cmd, now);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::kRejected);
        CHECK_THAT(r.error().message, Catch::Contains(display) && Catch::Contains("counter 1") &&
                                          Catch::Contains("Call the next visitor"));
    }
    // Desk 1 holds the call and may serve.
    CHECK(p.desk1.Do(StartService{p.ticket}, now).ok());
}

TEST_CASE("A visitor put back in the queue may be called and served by any desk", "[core][standing-call]") {
    Partitioned p;
    p.desk2.state = FoldInOrder({p.issued, p.desk1.log[0], p.desk2.log[0]}).state;
    REQUIRE(p.desk1.Do(ReturnToQueue{p.ticket}, kMorning + 2 * kMicrosPerMinute).ok());
    CHECK(p.desk1.state.FindTicket(p.ticket)->called_by.empty());
    REQUIRE(ApplyEvent(p.desk2.state, p.desk1.log.back()).applied);
    REQUIRE(p.desk2.Do(CallTicket{p.ticket, 2}, kMorning + 3 * kMicrosPerMinute).ok());
    REQUIRE(p.desk2.Do(StartService{p.ticket}, kMorning + 4 * kMicrosPerMinute).ok());
    CHECK(p.desk2.state.FindTicket(p.ticket)->called_by == "desk-2");
    CHECK(p.desk2.StateOf(p.ticket) == TicketState::kInService);
}
