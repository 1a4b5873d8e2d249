// The store keeps what the core decides about a visit: who holds a ticket's standing call,
// and a visit's planned stops; both survive reopening and RebuildProjection.
#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {

std::unique_ptr<store::Store> InitDesk(const std::filesystem::path& file, const Clock& clock, const std::string& id,
                                       int slot) {
    auto s = OpenStore(file, clock);
    REQUIRE(s->Initialise(store::SiteSettings{}, SmallCatalogue(), core::Device{id, "site-1", slot, anl::Role::kDesk}).ok());
    return s;
}

std::vector<core::Event> Own(const store::Store& s) {
    auto own = s.ReadOutbox(0, 1000);
    REQUIRE(own.ok());
    return *own;
}

}  // namespace

TEST_CASE("Regression: the overruled desk's store let it start a visitor another desk's call holds",
          "[store][standing-call]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto desk1 = InitDesk(dir / "desk1.db", clock, "desk-1", 1);
    auto desk2 = InitDesk(dir / "desk2.db", clock, "desk-2", 2);
    const std::string ticket = Issue(*desk1);
    REQUIRE(desk2->ApplyRemoteEvents(Own(*desk1)).value() == 1);

    // Partitioned: both call the only visitor waiting.
    clock.Advance(kMicrosPerMinute);
    REQUIRE(desk1->Execute(core::CallNext{"abh", 1}, "1042").ok());
    REQUIRE(desk2->Execute(core::CallNext{"abh", 2}, "2001").ok());
    CHECK(desk2->state().FindTicket(ticket)->called_by == "desk-2");

    // The network returns; the central order put desk 1's call first.
    const std::vector<store::EventKey> central = {{"desk-1", 1}, {"desk-1", 2}, {"desk-2", 1}};
    REQUIRE(desk2->ApplyRemoteEvents(Own(*desk1)).ok());
    REQUIRE(desk2->RebuildProjection(central).ok());
    REQUIRE(desk1->ApplyRemoteEvents(Own(*desk2)).ok());
    REQUIRE(desk1->RebuildProjection(central).ok());
    for (store::Store* s : {desk1.get(), desk2.get()}) {
        const core::Ticket* t = s->state().FindTicket(ticket);
        REQUIRE(t);
        CHECK(t->called_by == "desk-1");
        CHECK(t->counter == 1);
    }
    auto refused = desk2->Execute(core::StartService{ticket}, "2001");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kRejected);
    CHECK(desk1->Execute(core::StartService{ticket}, "1042").ok());

    // Kept on disk: a reopened store knows who holds the call.
    desk2.reset();
    auto reopened = OpenStore(dir / "desk2.db", clock);
    CHECK(reopened->state().FindTicket(ticket)->called_by == "desk-1");
    CHECK_FALSE(reopened->Execute(core::StartService{ticket}, "2001").ok());
}

TEST_CASE("Migrating an older store fills in who holds each standing call from the event log",
          "[store][standing-call][migration]") {
    TempDir dir;
    FakeClock clock(kMorning);
    std::string called, waiting;
    {
        auto desk = InitDesk(dir / "old.db", clock, "desk-1", 1);
        called = Issue(*desk);
        waiting = Issue(*desk);
        REQUIRE(desk->Execute(core::CallTicket{called, 3}, "1042").ok());
    }
    // Make it a file from just before this migration (version 6; 7 added appointment arrivals,
    // 8 the hand-offs' table, 9 the staff's roles).
    RawSql(dir / "old.db", "ALTER TABLE tickets DROP COLUMN called_by; ALTER TABLE tickets DROP COLUMN plan; "
                           "ALTER TABLE tickets DROP COLUMN plan_index; "
                           "ALTER TABLE appointment_bookings DROP COLUMN arrived_ticket; "
                           "ALTER TABLE appointment_bookings DROP COLUMN arrived_at; DROP TABLE handoffs; "
                           "ALTER TABLE staff DROP COLUMN roles; PRAGMA user_version = 5;");
    REQUIRE(store::SchemaVersion() == 9);  // a newer migration: undo it above as well
    auto desk = OpenStore(dir / "old.db", clock);
    CHECK(desk->state().FindTicket(called)->called_by == "desk-1");
    CHECK(desk->state().FindTicket(waiting)->called_by.empty());
    CHECK(desk->Execute(core::StartService{called}, "1042").ok());
}

TEST_CASE("A visit's planned stops are stored: they survive reopening and RebuildProjection", "[store][visits]") {
    TempDir dir;
    FakeClock clock(kMorning);
    std::string first, visit_id;
    {
        auto desk = InitDesk(dir / "desk.db", clock, "desk-1", 1);
        core::IssueTicket issue;
        issue.service_id = "abh.permit-extension";
        issue.next_service_ids = {"fsa.counselling"};
        auto issued = desk->Execute(issue);
        REQUIRE(issued.ok());
        first = issued->ticket_ids.front();
        visit_id = desk->state().FindTicket(first)->visit_id;
    }
    auto desk = OpenStore(dir / "desk.db", clock);
    const std::vector<core::PlannedStop> plan = {{"abh", "abh.permit-extension"}, {"fsa", "fsa.counselling"}};
    CHECK(desk->state().FindVisit(visit_id)->plan == plan);
    CHECK(desk->state().FindTicket(first)->plan_index == 0);

    // The first stop is finished after reopening: the plan read back queues the second.
    REQUIRE(desk->Execute(core::CallTicket{first, 1}, "1042").ok());
    REQUIRE(desk->Execute(core::StartService{first}, "1042").ok());
    auto finished = desk->Execute(core::FinishService{first, "resolved"}, "1042");
    REQUIRE(finished.ok());
    REQUIRE(finished->ticket_ids.size() == 2);
    const std::string second = finished->ticket_ids[1];
    CHECK(desk->Queue("fsa").size() == 1);
    CheckTicketsMatchEvents(*desk);

    auto check = [&](const store::Store& s) {
        const core::Visit* v = s.state().FindVisit(visit_id);
        REQUIRE(v);
        CHECK(v->plan == plan);
        CHECK(v->ticket_ids == std::vector<std::string>{first, second});
        const core::Ticket* t = s.state().FindTicket(second);
        REQUIRE(t);
        CHECK(t->plan_index == 1);
        CHECK(t->office_id == "fsa");
        CHECK(t->state == core::TicketState::kWaiting);
        auto stops = core::VisitStops(s.state(), visit_id);
        REQUIRE(stops.size() == 2);
        CHECK(stops[0].progress == core::StopProgress::kDone);
        CHECK(stops[0].staff == "1042");
        CHECK(stops[1].progress == core::StopProgress::kNow);
    };
    check(*desk);
    REQUIRE(desk->RebuildProjection().ok());
    check(*desk);
    desk.reset();
    check(*OpenStore(dir / "desk.db", clock));
}

TEST_CASE("RefreshIfChanged re-reads only after another connection committed", "[store][refresh]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto writer = InitStore(dir / "shared.db", clock);
    auto reader = OpenStore(dir / "shared.db", clock);
    CHECK_FALSE(reader->RefreshIfChanged().value());  // nothing new: one cheap query
    const std::string ticket = Issue(*writer);
    CHECK(reader->state().FindTicket(ticket) == nullptr);
    CHECK(reader->RefreshIfChanged().value());
    CHECK(reader->state().FindTicket(ticket) != nullptr);
    CHECK_FALSE(reader->RefreshIfChanged().value());
    // Its own commits do not count as changes from elsewhere.
    REQUIRE(reader->Execute(core::CallTicket{ticket, 1}, "1042").ok());
    CHECK_FALSE(reader->RefreshIfChanged().value());
    CHECK(writer->RefreshIfChanged().value());
    CHECK(writer->state().FindTicket(ticket)->state == core::TicketState::kCalled);
}
