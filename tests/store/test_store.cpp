// The store keeps the queue across restarts, writes one event per change and lets two
// programs share one file.
#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

TEST_CASE("A fresh store remembers the site, the catalogue and the queue across reopening", "[store]") {
    TempDir dir;
    FakeClock clock(kMorning);
    std::string a, b;
    {
        auto s = InitStore(dir / "k.db", clock);
        a = Issue(*s);
        clock.Advance(kMicrosPerMinute);
        b = Issue(*s, "fsa.counselling");
        REQUIRE(s->Execute(core::CallNext{"abh", 2}, "1042").ok());
        REQUIRE(s->Execute(core::StartService{a}).ok());
        REQUIRE(s->Execute(core::Transfer{a, "fsa.counselling", "housing"}).ok());
    }
    auto s = OpenStore(dir / "k.db", clock);
    REQUIRE(s->initialised());
    CHECK(s->self().id == "kiosk-1");
    CHECK(s->site().rules.time_zone == "Europe/Berlin");
    CHECK(s->catalogue().offices.size() == 2);
    CHECK(s->catalogue().services.size() == 4);
    CHECK(s->catalogue().priority_classes.size() == 2);
    CHECK(s->state().visits.size() == 2);
    CHECK(s->state().tickets.size() == 3);
    CHECK(s->state().FindTicket(a)->state == core::TicketState::kTransferred);
    CHECK(s->state().FindTicket(a)->staff == "1042");
    CHECK(s->state().recent_calls.size() == 1);
    auto queue = s->Queue("fsa");
    REQUIRE(queue.size() == 2);
    CHECK(queue[0].display == "A-001");  // arrived first, kept its place
    CHECK(queue[0].note == "housing");
    CHECK(queue[1].ticket_id == b);
    // The next event continues the sequence without a gap.
    auto next = s->Execute(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0});
    REQUIRE(next.ok());
    CHECK(next->events.front().seq == 6);
    CHECK(s->state().FindVisit(s->state().FindTicket(next->ticket_ids.front())->visit_id)->display == "A-002");
    CheckTicketsMatchEvents(*s);
}

TEST_CASE("The stored projection equals a re-fold of the events", "[store]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    for (int i = 0; i < 5; ++i) Issue(*s);
    REQUIRE(s->Execute(core::CallNext{"abh", 1}).ok());
    auto before = s->Queue();
    REQUIRE(s->RebuildProjection().ok());
    auto after = s->Queue();
    REQUIRE(before.size() == after.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        CHECK(before[i].ticket_id == after[i].ticket_id);
        CHECK(before[i].state == after[i].state);
    }
    auto reopened = OpenStore(dir / "k.db", clock);
    CHECK(reopened->Queue().size() == before.size());
}

TEST_CASE("A refused command writes nothing", "[store]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    auto id = Issue(*s);
    auto r = s->Execute(core::FinishService{id, "resolved"});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kRejected);
    auto events = s->ListEvents();
    REQUIRE(events.ok());
    CHECK(events->size() == 1);
}

TEST_CASE("ForEachEvent reads the log in arrival order after a position, as ListEvents pages it", "[store]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    for (int i = 0; i < 7; ++i) Issue(*s);
    REQUIRE(s->Execute(core::CallNext{"abh", 1}).ok());
    auto listed = s->ListEvents(0, 1000);
    REQUIRE(listed.ok());
    REQUIRE(listed->size() >= 8);

    std::vector<std::int64_t> positions;
    REQUIRE(s->ForEachEvent(0, [&](const store::StoredEvent& e) -> Status {
                 positions.push_back(e.pos);
                 return {};
             }).ok());
    REQUIRE(positions.size() == listed->size());
    for (std::size_t i = 0; i < positions.size(); ++i) CHECK(positions[i] == listed->at(i).pos);

    // After a position: only the later events.
    std::vector<std::int64_t> tail;
    REQUIRE(s->ForEachEvent(listed->at(2).pos, [&](const store::StoredEvent& e) -> Status {
                 tail.push_back(e.pos);
                 return {};
             }).ok());
    CHECK(tail == std::vector<std::int64_t>(positions.begin() + 3, positions.end()));

    // A visitor's error stops the read and comes back; the store stays usable.
    int visited = 0;
    auto stopped = s->ForEachEvent(0, [&](const store::StoredEvent&) -> Status {
        if (++visited == 3) return MakeError(ErrorCode::kInvalidInput, "enough");
        return {};
    });
    REQUIRE_FALSE(stopped.ok());
    CHECK(stopped.error().message == "enough");
    CHECK(visited == 3);
    Issue(*s);
    CHECK(s->ListEvents(0, 1000)->size() == listed->size() + 1);
}

TEST_CASE("Commands before init are refused with what to do", "[store]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = OpenStore(dir / "k.db", clock);
    auto r = s->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("init") != std::string::npos);
}

TEST_CASE("Init refuses a second device id on the same file and a bad time zone", "[store]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    store::SiteSettings site;
    auto other = s->Initialise(site, SmallCatalogue(), core::Device{"kiosk-2", "site-1", 1, anl::Role::kKiosk});
    REQUIRE_FALSE(other.ok());
    CHECK(other.error().code == ErrorCode::kRejected);
    site.rules.time_zone = "Mars/Olympus";
    auto tz = s->Initialise(site, SmallCatalogue(), core::Device{"kiosk-1", "site-1", 0, anl::Role::kKiosk});
    REQUIRE_FALSE(tz.ok());
    CHECK(tz.error().code == ErrorCode::kInvalidInput);
    // Init again with the same device updates and keeps the tickets.
    Issue(*s);
    REQUIRE(s->Initialise(store::SiteSettings{}, SmallCatalogue(), core::Device{"kiosk-1", "site-1", 0, anl::Role::kKiosk}).ok());
    CHECK(s->state().tickets.size() == 1);
}

TEST_CASE("Two programs on one file see each other's tickets", "[store]") {
    // The terminal and anlaufstelle-ctl may hold the same store open at once.
    TempDir dir;
    FakeClock clock(kMorning);
    auto terminal = InitStore(dir / "k.db", clock);
    auto ctl = OpenStore(dir / "k.db", clock);
    auto first = Issue(*ctl);
    auto second = Issue(*terminal);
    CHECK(terminal->state().FindVisit(terminal->state().FindTicket(second)->visit_id)->display == "A-002");
    auto called = terminal->Execute(core::CallNext{"abh", 1});
    REQUIRE(called.ok());
    CHECK(called->ticket_ids.front() == first);
    // ctl's next command catches up before deciding: the first ticket is already called.
    auto again = ctl->Execute(core::CallTicket{first, 2});
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::kRejected);
    CheckTicketsMatchEvents(*ctl);
}

TEST_CASE("Ticket numbers restart at the site's local midnight", "[store]") {
    TempDir dir;
    FakeClock clock(1'768'517'940'000'000);  // 2026-01-15 23:59 in Berlin
    auto s = InitStore(dir / "k.db", clock);
    auto late = Issue(*s);
    clock.Advance(2 * kMicrosPerMinute);
    auto early = Issue(*s);
    CHECK(s->state().FindVisit(s->state().FindTicket(late)->visit_id)->service_day == "2026-01-15");
    CHECK(s->state().FindVisit(s->state().FindTicket(early)->visit_id)->display == "A-001");
    CHECK(s->Today() == "2026-01-16");
    CHECK(*s->ResolveTicket("A-001") == early);
}

TEST_CASE("The store keeps the catalogue's counters, and call next at a counter calls only what it offers", "[store][counter]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto catalogue = SmallCatalogue();
    catalogue.counters = {{1, "abh", "Schalter 1", {"abh.address-change"}},
                          {2, "abh", "Schalter 2", {"abh.permit-extension", "abh.address-change"}}};
    {
        auto s = OpenStore(dir / "k.db", clock);
        REQUIRE(s->Initialise(store::SiteSettings{}, catalogue, core::Device{"kiosk-1", "site-1", 0, anl::Role::kKiosk}).ok());
    }
    auto s = OpenStore(dir / "k.db", clock);  // reopened: the counters come from the file
    REQUIRE(s->catalogue().counters.size() == 2);
    CHECK(s->catalogue().counters[0].name == "Schalter 1");
    CHECK(s->catalogue().counters[1].service_ids == std::vector<std::string>{"abh.permit-extension", "abh.address-change"});
    const std::string permit = Issue(*s, "abh.permit-extension");
    clock.Advance(kMicrosPerMinute);
    const std::string address = Issue(*s, "abh.address-change");
    auto at_one = s->Execute(core::CallNext{"abh", 1}, "1042");
    REQUIRE(at_one.ok());
    CHECK(at_one->ticket_ids.front() == address);  // counter 1 does no permits
    auto again = s->Execute(core::CallNext{"abh", 1}, "1042");
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().reason == core::kRefusedNoneForCounter);
    auto at_two = s->Execute(core::CallNext{"abh", 2}, "1042");
    REQUIRE(at_two.ok());
    CHECK(at_two->ticket_ids.front() == permit);
}
