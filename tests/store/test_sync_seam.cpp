// What the sync client calls: the outbox, marking sent, applying other devices' events
// (idempotently) and re-folding in the central service's order.
#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

TEST_CASE("The outbox holds this device's events until marked sent", "[store][sync]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    for (int i = 0; i < 5; ++i) Issue(*s);
    CHECK(*s->PendingCount() == 5);
    auto first = s->ReadOutbox(0, 2);
    REQUIRE(first.ok());
    REQUIRE(first->size() == 2);
    CHECK((*first)[0].seq == 1);
    CHECK((*first)[1].seq == 2);
    REQUIRE(s->MarkSent(2).ok());
    CHECK(*s->PendingCount() == 3);
    CHECK(s->SentUpTo() == 2);
    auto rest = s->ReadOutbox(s->SentUpTo(), 100);
    REQUIRE(rest.ok());
    CHECK(rest->size() == 3);
    REQUIRE(s->MarkSent(1).ok());  // going back is ignored
    CHECK(s->SentUpTo() == 2);
    auto too_far = s->MarkSent(9);
    REQUIRE_FALSE(too_far.ok());
    CHECK(too_far.error().code == ErrorCode::kInvalidInput);
    auto reopened = OpenStore(dir / "k.db", clock);
    CHECK(reopened->SentUpTo() == 2);
    CHECK(*reopened->PendingCount() == 3);
}

TEST_CASE("Remote events are applied once, however often they arrive", "[store][sync]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto kiosk = InitStore(dir / "kiosk.db", clock, "kiosk-1", 0);
    auto desk = InitStore(dir / "desk.db", clock, "desk-1", 1);
    for (int i = 0; i < 3; ++i) Issue(*kiosk);
    auto sent = kiosk->ReadOutbox(0, 100);
    REQUIRE(sent.ok());
    auto n = desk->ApplyRemoteEvents(*sent);
    REQUIRE(n.ok());
    CHECK(*n == 3);
    auto again = desk->ApplyRemoteEvents(*sent);  // delivered twice
    REQUIRE(again.ok());
    CHECK(*again == 0);
    CHECK(desk->state().tickets.size() == 3);
    // The desk works on the kiosk's tickets; its own events are in its own outbox only.
    auto called = desk->Execute(core::CallNext{"abh", 4});
    REQUIRE(called.ok());
    CHECK(called->events.front().device_id == "desk-1");
    CHECK(called->events.front().seq == 1);
    CHECK(desk->ReadOutbox(0, 100)->size() == 1);
    // And back to the kiosk.
    REQUIRE(kiosk->ApplyRemoteEvents(*desk->ReadOutbox(0, 100)).ok());
    CHECK(kiosk->state().FindTicket(called->ticket_ids.front())->state == core::TicketState::kCalled);
    // The kiosk's own numbering is unaffected by the desk's events.
    auto next = Issue(*kiosk);
    CHECK(kiosk->state().FindVisit(kiosk->state().FindTicket(next)->visit_id)->display == "A-004");
    auto reopened = OpenStore(dir / "desk.db", clock);
    CHECK(reopened->state().tickets.size() == 3);
    CheckTicketsMatchEvents(*reopened);
}

TEST_CASE("A malformed remote batch stores nothing", "[store][sync]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto kiosk = InitStore(dir / "kiosk.db", clock, "kiosk-1", 0);
    auto desk = InitStore(dir / "desk.db", clock, "desk-1", 1);
    Issue(*kiosk);
    auto batch = *kiosk->ReadOutbox(0, 100);
    batch.push_back(core::Event{"kiosk-1", 0, "ticket.parked", {{"ticket_id", "kiosk-1/1"}}, kMorning});
    auto r = desk->ApplyRemoteEvents(batch);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
    CHECK(desk->state().tickets.empty());
    CHECK(desk->ListEvents()->empty());
}

TEST_CASE("Rebuilding in the central order decides a double call the same way everywhere", "[store][sync]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto kiosk = InitStore(dir / "kiosk.db", clock, "kiosk-1", 0);
    auto desk1 = InitStore(dir / "desk1.db", clock, "desk-1", 1);
    auto desk2 = InitStore(dir / "desk2.db", clock, "desk-2", 2);
    auto id = Issue(*kiosk);
    auto issued = *kiosk->ReadOutbox(0, 10);
    REQUIRE(desk1->ApplyRemoteEvents(issued).ok());
    REQUIRE(desk2->ApplyRemoteEvents(issued).ok());
    // Both desks call the same visitor while offline.
    REQUIRE(desk1->Execute(core::CallNext{"abh", 1}).ok());
    REQUIRE(desk2->Execute(core::CallNext{"abh", 2}).ok());
    auto call1 = *desk1->ReadOutbox(0, 10);
    auto call2 = *desk2->ReadOutbox(0, 10);
    // desk-1 hears of desk-2's call: stored, but skipped by the reducer (already called).
    REQUIRE(desk1->ApplyRemoteEvents(call2).ok());
    auto events = *desk1->ListEvents();
    CHECK_FALSE(events.back().applied);
    CHECK(events.back().skipped_because.find("called") != std::string::npos);
    CHECK(desk1->state().FindTicket(id)->counter == 1);
    // The central service orders desk-2's call first: desk-1 re-folds in that order.
    std::vector<store::EventKey> central = {{"kiosk-1", 1}, {"desk-2", 1}, {"desk-1", 1}};
    REQUIRE(desk1->RebuildProjection(central).ok());
    CHECK(desk1->state().FindTicket(id)->counter == 2);
    auto refolded = *desk1->ListEvents();
    for (const auto& e : refolded)
        if (e.event.device_id == "desk-1") CHECK_FALSE(e.applied);
    auto reopened = OpenStore(dir / "desk1.db", clock);
    CHECK(reopened->state().FindTicket(id)->counter == 2);
}
