// A visitor's request through the real anlaufstelle-ctl (docs/DATA-PROTECTION.md): `privacy
// show` lists the visitor's events with their personal fields, `privacy erase` empties them;
// afterwards the raw bytes of the SQLite file (and its journal) hold none of that text, the
// other visitors' stays, and every key figure of `report` is as it was.
#include <chrono>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../store/ctl_run.h"
#include "../store/store_fixtures.h"

namespace anl::test {
namespace {

using nlohmann::json;

const std::string kNote = "Note-CTL-NARWHAL-31";
const std::string kName = "Noor NAME-CTL-MANATEE";
const std::string kOtherNote = "Note-CTL-OTHER-JACKAL";

// A morning at an admin terminal's store: visits sent on with notes, one handed to case
// management with the visitor's name. Returns the display number of the first.
std::string Morning(store::Store& s, FakeClock& clock) {
    std::string first;
    for (int i = 0; i < 3; ++i) {
        auto issued = s.Execute(core::IssueTicket{"abh.permit-extension", i == 0 ? "ps" : "ar", "", i == 0, 0});
        REQUIRE(issued.ok());
        const std::string ticket = issued->ticket_ids.front();
        if (i == 0) first = s.state().FindVisit(s.state().FindTicket(ticket)->visit_id)->display;
        clock.Advance(7 * kMicrosPerMinute);
        REQUIRE(s.Execute(core::CallTicket{ticket, 1}).ok());
        REQUIRE(s.Execute(core::StartService{ticket}).ok());
        clock.Advance(9 * kMicrosPerMinute);
        auto moved = s.Execute(core::Transfer{ticket, "fsa.counselling", i == 0 ? kNote : kOtherNote});
        REQUIRE(moved.ok());
        const std::string next = moved->ticket_ids.back();
        clock.Advance(12 * kMicrosPerMinute);
        REQUIRE(s.Execute(core::CallTicket{next, 2}).ok());
        REQUIRE(s.Execute(core::StartService{next}).ok());
        if (i == 0) REQUIRE(s.HandToCaseManagement({next, "housing-risk", "", true, kName}).ok());
        clock.Advance(11 * kMicrosPerMinute);
        REQUIRE(s.Execute(core::FinishService{next}).ok());
    }
    return first;
}

}  // namespace

TEST_CASE("ctl privacy: show lists the visitor's data, erase leaves none in the file and the figures as they were",
          "[figures][privacy]") {
    TempDir dir;
    const auto db = dir / "admin.db";
    const Micros now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    FakeClock clock(now - 3 * 24 * 3600 * kMicrosPerSecond);
    std::string display;
    {
        auto s = OpenStore(db, clock);
        REQUIRE(s->Initialise(store::SiteSettings{}, CaseManagementCatalogue(), core::Device{"admin-1", "site-1", 2, Role::kAdmin}).ok());
        REQUIRE(s->AddStaffAs("", "7", "Admin A.", "482913", {core::StaffRole::kAdministrator}).ok());
        REQUIRE(s->AddStaffAs("7", "8", "Supervisor S.", "482914", {core::StaffRole::kSupervisor}).ok());
        display = Morning(*s, clock);
    }
    const std::string base = "--db " + db.string();
    const std::string report = base + " report --format json --from " +
                               core::LocalServiceDay(now - 5 * 24 * 3600 * kMicrosPerSecond, "Europe/Berlin") + " --to " +
                               core::LocalServiceDay(now, "Europe/Berlin");
    auto before = Ctl(report);
    REQUIRE(before.exit_code == 0);
    REQUIRE(StoreFileBytes(db).find(kNote) != std::string::npos);
    const std::string as = " --reference " + display + " --as 7 --as-pin 482913";

    // Only an administrator: a supervisor is refused (exit 7), so is nobody.
    auto supervisor = Ctl(base + " privacy show --reference " + display + " --as 8 --as-pin 482914");
    CHECK(supervisor.exit_code == 7);
    CHECK(supervisor.out.find("answer_privacy_requests") != std::string::npos);
    CHECK(Ctl(base + " privacy show --reference " + display).exit_code == 1);

    auto shown = Ctl(base + " privacy show" + as);
    INFO(shown.out);
    REQUIRE(shown.exit_code == 0);
    CHECK(shown.out.find("Visit " + display) != std::string::npos);
    CHECK(shown.out.find("note: " + kNote) != std::string::npos);
    CHECK(shown.out.find("name: " + kName) != std::string::npos);
    CHECK(shown.out.find(kOtherNote) == std::string::npos);
    CHECK(shown.out.find("2 event(s) hold personal fields.") != std::string::npos);
    auto shown_json = Ctl(base + " privacy show --format json" + as);
    REQUIRE(shown_json.exit_code == 0);
    auto j = json::parse(shown_json.out);
    CHECK(j["display"] == display);
    CHECK(j["events"].size() == 8);  // issued, call, start, transfer, call, start, hand-off, finish

    auto unknown = Ctl(base + " privacy show --reference Z-999 --as 7 --as-pin 482913");
    CHECK(unknown.exit_code == 2);
    CHECK(Ctl(base + " privacy show --reference 'A 1;rm' --as 7 --as-pin 482913").exit_code == 1);

    auto dry = Ctl(base + " privacy erase --dry-run" + as);
    INFO(dry.out);
    REQUIRE(dry.exit_code == 0);
    CHECK(dry.out.find("Would erase the personal fields of 2 event(s), 1 consent, 1 name, 1 note, 1 reason; 1 ticket "
                       "note(s); 1 hand-off(s).") != std::string::npos);
    CHECK(StoreFileBytes(db).find(kNote) != std::string::npos);

    auto erased = Ctl(base + " privacy erase" + as);
    INFO(erased.out);
    REQUIRE(erased.exit_code == 0);
    CHECK(erased.out.find("Erased the personal fields of 2 event(s)") != std::string::npos);
    CHECK(erased.out.find("Recorded as admin-1/") != std::string::npos);

    const std::string bytes = StoreFileBytes(db);
    CHECK(bytes.find(kNote) == std::string::npos);
    CHECK(bytes.find("NARWHAL") == std::string::npos);
    CHECK(bytes.find(kName) == std::string::npos);
    CHECK(bytes.find("MANATEE") == std::string::npos);
    CHECK(bytes.find(kOtherNote) != std::string::npos);

    auto after = Ctl(report);
    REQUIRE(after.exit_code == 0);
    CHECK(json::parse(after.out) == json::parse(before.out));
    // The visit is still there, with nothing personal left; the audit log counts the erasure.
    auto again = Ctl(base + " privacy show" + as);
    REQUIRE(again.exit_code == 0);
    CHECK(again.out.find("0 event(s) hold personal fields.") != std::string::npos);
    auto audit = Ctl(base + " audit list --as 7 --as-pin 482913 --kind erasure");
    INFO(audit.out);
    REQUIRE(audit.exit_code == 0);
    CHECK(audit.out.find("erasure") != std::string::npos);
    CHECK(audit.out.find("NARWHAL") == std::string::npos);
}

}  // namespace anl::test

#include "sync/central/central_store.h"
#include "sync/central/service.h"

namespace anl::test {

TEST_CASE("ctl retention run --central-store without --days: site by site with each site's period",
          "[figures][retention]") {
    TempDir dir;
    const std::string central_db = (dir / "central.db").string();
    {
        auto store = sync::central::OpenCentralStore(central_db);
        REQUIRE(store.ok());
        auto& s = *store.value();
        REQUIRE(s.AddDevice("site-a", Role::kDesk, "", sync::central::HashSecret("code-a"), 1'000'000'000'000'000).ok());
        auto desk = s.Enroll(sync::central::HashSecret("code-a"), "desk-a", "site-a", 1, sync::central::HashSecret("t"), 5);
        REQUIRE(desk.ok());
        const std::string note =
            R"({"ticket_id":"x/1","new_ticket_id":"x/2","office_id":"fsa","service_id":"fsa.c","note":"Note-CENTRAL-CTL-EMU"})";
        REQUIRE(s.Ingest(desk.value(), {{"desk-a", 1, "ticket.transferred", note, 1'000'000}}, 5).ok());
    }
    auto dry = Ctl("--json retention run --dry-run --central-store " + central_db);
    INFO(dry.out);
    REQUIRE(dry.exit_code == 0);
    auto d = json::parse(dry.out);
    REQUIRE(d["sites"].size() == 1);
    CHECK(d["sites"][0]["site"] == "site-a");
    CHECK(d["sites"][0]["days"] == 90);  // nothing published: the default
    CHECK(d["sites"][0]["events"] == 1);
    auto run = Ctl("retention run --central-store " + central_db);
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find("Purged personal fields older than 90 days at the central for site site-a: 1 event(s), 1 note.") !=
          std::string::npos);
    CHECK(StoreFileBytes(central_db).find("EMU") == std::string::npos);
}

}  // namespace anl::test
