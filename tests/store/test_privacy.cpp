// A visitor's request in the terminal's store (core.h section 14): an administrator sees the
// visitor's events with their personal fields, an erasure empties them in the events (the
// outbox too) and the rows, leaves no byte of them in the file, keeps everyone else's, and is
// recorded as privacy.erased; a desk that pulls that event empties its own copies.
#include <fstream>

#include <catch2/catch.hpp>

#include "store_fixtures.h"

namespace anl::test {
namespace {

const std::string kNote = "Note-PRIV-MARMOT-1234";
const std::string kName = "Layla NAME-PRIV-GECKO";
const std::string kOtherNote = "Note-OTHER-BADGER-99";

// A visit sent on with a note and, when `name` is given, handed to case management with consent.
// Returns its display number.
std::string Visit(store::Store& s, FakeClock& clock, const std::string& note, const std::string& name) {
    auto issued = s.Execute(core::IssueTicket{"abh.permit-extension", "ar", "", true, 0});
    REQUIRE(issued.ok());
    const std::string ticket = issued->ticket_ids.front();
    clock.Advance(5 * kMicrosPerMinute);
    REQUIRE(s.Execute(core::CallTicket{ticket, 1}).ok());
    REQUIRE(s.Execute(core::StartService{ticket}).ok());
    auto moved = s.Execute(core::Transfer{ticket, "fsa.counselling", note});
    REQUIRE(moved.ok());
    if (!name.empty()) {
        clock.Advance(5 * kMicrosPerMinute);
        auto handed = s.HandToCaseManagement({moved->ticket_ids.back(), "housing-risk", "", true, name});
        INFO((handed.ok() ? "" : handed.error().message));
        REQUIRE(handed.ok());
    }
    return s.state().FindVisit(s.state().FindTicket(ticket)->visit_id)->display;
}

std::unique_ptr<store::Store> AdminStore(const std::filesystem::path& db, FakeClock& clock) {
    auto s = OpenStore(db, clock);
    REQUIRE(s->Initialise(store::SiteSettings{}, CaseManagementCatalogue(), core::Device{"admin-1", "site-1", 3, Role::kAdmin})
                .ok());
    REQUIRE(s->AddStaffAs("", "7", "Admin A.", "111111", {core::StaffRole::kAdministrator}).ok());
    REQUIRE(s->AddStaffAs("7", "8", "Supervisor S.", "222222", {core::StaffRole::kSupervisor}).ok());
    return s;
}

}  // namespace

TEST_CASE("store privacy: an administrator sees the visitor's events, nobody else may", "[store][privacy]") {
    TempDir dir;
    FakeClock clock;
    auto s = AdminStore(dir / "admin.db", clock);
    const std::string display = Visit(*s, clock, kNote, kName);
    Visit(*s, clock, kOtherNote, "");

    auto by_supervisor = s->FindVisitorData("8", display, "");
    REQUIRE_FALSE(by_supervisor.ok());
    CHECK(by_supervisor.error().code == ErrorCode::kUnauthorized);
    CHECK_FALSE(s->FindVisitorData("", display, "").ok());

    auto found = s->FindVisitorData("7", display, "");
    INFO((found.ok() ? "" : found.error().message));
    REQUIRE(found.ok());
    CHECK(found->match.display == display);
    CHECK(found->events.size() == 5);  // issued, called, started, transferred, handoff
    std::string all;
    for (const auto& e : found->events) all += e.event.payload.dump();
    CHECK(all.find(kNote) != std::string::npos);
    CHECK(all.find(kName) != std::string::npos);
    CHECK(all.find(kOtherNote) == std::string::npos);
    CHECK_FALSE(s->FindVisitorData("7", "Z-999", "").ok());
}

TEST_CASE("store privacy: an erasure empties the visitor's fields everywhere in the file and records ids only",
          "[store][privacy]") {
    TempDir dir;
    FakeClock clock;
    const auto db = dir / "admin.db";
    auto s = AdminStore(db, clock);
    const std::string display = Visit(*s, clock, kNote, kName);
    Visit(*s, clock, kOtherNote, "");
    REQUIRE(StoreFileBytes(db).find(kNote) != std::string::npos);

    auto dry = s->ErasePersonalData("7", display, "", true);
    REQUIRE(dry.ok());
    CHECK(dry->events == 2);
    CHECK(dry->fields == std::map<std::string, int>{{"note", 1}, {"name", 1}, {"reason", 1}, {"consent", 1}});
    CHECK(dry->tickets == 1);
    CHECK(dry->handoffs == 1);
    CHECK(dry->recorded.empty());
    CHECK(StoreFileBytes(db).find(kNote) != std::string::npos);  // a dry run changes nothing

    CHECK(s->ErasePersonalData("8", display, "", false).error().code == ErrorCode::kUnauthorized);
    const std::int64_t before = s->LastOwnSeq();
    auto erased = s->ErasePersonalData("7", display, "", false);
    INFO((erased.ok() ? "" : erased.error().message));
    REQUIRE(erased.ok());
    CHECK(erased->events == 2);
    CHECK(erased->tickets == 1);
    CHECK(erased->handoffs == 1);
    CHECK(erased->recorded == "admin-1/" + std::to_string(before + 1));

    const std::string bytes = StoreFileBytes(db);
    CHECK(bytes.find(kNote) == std::string::npos);
    CHECK(bytes.find("MARMOT") == std::string::npos);
    CHECK(bytes.find(kName) == std::string::npos);
    CHECK(bytes.find("GECKO") == std::string::npos);
    CHECK(bytes.find(kOtherNote) != std::string::npos);  // someone else's note stays

    // The record names events, nothing else; it waits in the outbox like every event.
    auto outbox = s->ReadOutbox(before, 10);
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 1);
    CHECK(outbox->front().type == "privacy.erased");
    CHECK(outbox->front().payload["events"].size() == 2);
    CHECK(outbox->front().payload.dump().find("MARMOT") == std::string::npos);
    // Memory and rows: the note and the hand-off are empty, and a re-fold agrees.
    for (const auto& h : s->Handoffs()) CHECK((h.name.empty() && h.reason.empty() && !h.consent));
    REQUIRE(s->RebuildProjection().ok());
    int notes = 0;
    for (const auto& [id, t] : s->state().tickets) notes += t.note.empty() ? 0 : 1;
    CHECK(notes == 1);  // the other visitor's
    // Reopened from the file, the same.
    s.reset();
    s = OpenStore(db, clock);
    for (const auto& h : s->Handoffs()) CHECK(h.name.empty());
    // A second request finds the visit with nothing personal left, and records nothing.
    auto again = s->ErasePersonalData("7", display, "", false);
    REQUIRE(again.ok());
    CHECK(again->events == 0);
    CHECK(again->recorded.empty());
    // The audit log shows the erasure as a count.
    auto audit = s->AuditLog("7", core::AuditQuery{0, 0, "", "erasure"});
    REQUIRE(audit.ok());
    REQUIRE(audit->size() == 1);
    CHECK(audit->front().subject == "2");
}

TEST_CASE("store privacy: a desk that pulls the erasure empties its own copies", "[store][privacy]") {
    TempDir dir;
    FakeClock clock;
    auto admin = AdminStore(dir / "admin.db", clock);
    const std::string display = Visit(*admin, clock, kNote, kName);
    Visit(*admin, clock, kOtherNote, "");
    const auto desk_db = dir / "desk.db";
    auto desk = OpenStore(desk_db, clock);
    REQUIRE(desk->Initialise(store::SiteSettings{}, CaseManagementCatalogue(), core::Device{"desk-1", "site-1", 1, Role::kDesk})
                .ok());
    auto pulled = admin->ReadOutbox(0, 1000);
    REQUIRE(pulled.ok());
    std::vector<core::Event> visits;
    for (const auto& e : *pulled)
        if (e.type.rfind("audit.", 0) != 0) visits.push_back(e);
    REQUIRE(desk->ApplyRemoteEvents(visits).ok());
    REQUIRE(StoreFileBytes(desk_db).find(kNote) != std::string::npos);
    REQUIRE(StoreFileBytes(desk_db).find(kName) != std::string::npos);

    const std::int64_t before = admin->LastOwnSeq();
    REQUIRE(admin->ErasePersonalData("7", display, "", false).ok());
    auto erasure = admin->ReadOutbox(before, 10);
    REQUIRE(erasure.ok());
    REQUIRE(desk->ApplyRemoteEvents(*erasure).ok());

    const std::string bytes = StoreFileBytes(desk_db);
    CHECK(bytes.find(kNote) == std::string::npos);
    CHECK(bytes.find(kName) == std::string::npos);
    CHECK(bytes.find(kOtherNote) != std::string::npos);
    for (const auto& h : desk->Handoffs()) CHECK(h.name.empty());
    auto refused = desk->RefusedEvents();
    REQUIRE(refused.ok());
    CHECK(refused->empty());
    CheckTicketsMatchEvents(*desk);
}

}  // namespace anl::test

namespace anl::test {

TEST_CASE("store retention: the daily run uses the site's period, runs once a day and remembers it across restarts",
          "[store][retention]") {
    TempDir dir;
    const auto db = dir / "desk.db";
    FakeClock clock;
    const Micros start = clock.NowUtcMicros();
    constexpr Micros kDay = 24LL * 3600 * kMicrosPerSecond;
    {
        auto s = OpenStore(db, clock);
        auto c = CaseManagementCatalogue();
        c.retention.days = 10;  // the site keeps personal fields ten days
        REQUIRE(s->Initialise(store::SiteSettings{}, c, core::Device{"desk-1", "site-1", 1, Role::kDesk}).ok());
        Visit(*s, clock, kNote, "");
        REQUIRE(s->MarkSent(s->LastOwnSeq()).ok());
        CHECK(s->LastRetentionRun().value() == 0);
        // Day 0: due (never ran), nothing is old enough yet.
        auto first = s->RunRetentionIfDue();
        REQUIRE(first.ok());
        REQUIRE(first->has_value());
        CHECK((*first)->events == 0);
        CHECK(s->LastRetentionRun().value() == clock.NowUtcMicros());
        // The same day: not due.
        clock.Advance(23 * 3600 * kMicrosPerSecond);
        CHECK_FALSE(s->RunRetentionIfDue().value().has_value());
    }
    // Day 9, after a restart: ran within the day? No: it ran on day 0, so it runs again, and
    // the note (9 days old) stays.
    clock.Set(start + 9 * kDay);
    {
        auto s = OpenStore(db, clock);
        CHECK(s->catalogue().retention.days == 10);  // the setting is kept with the catalogue
        auto day9 = s->RunRetentionIfDue();
        REQUIRE(day9.ok());
        REQUIRE(day9->has_value());
        CHECK((*day9)->events == 0);
        CHECK(StoreFileBytes(db).find(kNote) != std::string::npos);
    }
    // Day 10 plus an hour, restarted again within a day of the last run: not due.
    clock.Set(start + 9 * kDay + 12 * 3600 * kMicrosPerSecond);
    {
        auto s = OpenStore(db, clock);
        CHECK_FALSE(s->RunRetentionIfDue().value().has_value());
    }
    // Day 11: due, and the note is older than the period now.
    clock.Set(start + 11 * kDay);
    {
        auto s = OpenStore(db, clock);
        auto day11 = s->RunRetentionIfDue();
        REQUIRE(day11.ok());
        REQUIRE(day11->has_value());
        CHECK((*day11)->events == 1);
        CHECK((*day11)->fields["note"] == 1);
        CHECK(StoreFileBytes(db).find(kNote) == std::string::npos);
    }
}

}  // namespace anl::test

#include "ctl_run.h"

namespace anl::test {

TEST_CASE("ctl retention run: without --days the site's own period, with it the given one", "[store][retention]") {
    TempDir dir;
    const auto db = dir / "desk.db";
    FakeClock clock;
    {
        auto s = OpenStore(db, clock);
        auto c = CaseManagementCatalogue();
        c.retention.days = 12;
        REQUIRE(s->Initialise(store::SiteSettings{}, c, core::Device{"desk-1", "site-1", 1, Role::kDesk}).ok());
    }
    auto by_site = Ctl("--db " + db.string() + " --json retention run --dry-run");
    INFO(by_site.out);
    REQUIRE(by_site.exit_code == 0);
    CHECK(nlohmann::json::parse(by_site.out)["days"] == 12);
    auto given = Ctl("--db " + db.string() + " --json retention run --dry-run --days 30");
    REQUIRE(given.exit_code == 0);
    CHECK(nlohmann::json::parse(given.out)["days"] == 30);
    CHECK(Ctl("--db " + db.string() + " retention run --days 3651").exit_code == 1);
}

}  // namespace anl::test
