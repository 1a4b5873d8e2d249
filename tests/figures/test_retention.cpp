// Retention: after `anlaufstelle-ctl retention run`, no personal field older than the period is
// left anywhere in the terminal's SQLite file (the raw bytes of the file and its journal are
// searched), recent ones stay, the outbox's unsent events wait for the next run, and every key
// figure is unchanged.
#include <chrono>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../store/ctl_run.h"
#include "../store/store_fixtures.h"

namespace anl::test {
namespace {

using nlohmann::json;

constexpr Micros kDay = 24LL * 3600 * kMicrosPerSecond;
const std::string kOldNote = "Note-QUOKKA-4711 needs a wheelchair";
const std::string kOldName = "Amina NAME-KESTREL-9921";
const std::string kRecentNote = "Note-RECENT-ORCA-55";

// A visit sent on with a note, then handed to case management with the visitor's consent.
void VisitWithPersonalData(store::Store& s, FakeClock& clock, const std::string& note, const std::string& name) {
    auto issued = s.Execute(core::IssueTicket{"abh.permit-extension", "ar", "", true, 0});
    REQUIRE(issued.ok());
    const std::string ticket = issued->ticket_ids.front();
    clock.Advance(5 * 60 * kMicrosPerSecond);
    REQUIRE(s.Execute(core::CallTicket{ticket, 1}).ok());
    REQUIRE(s.Execute(core::StartService{ticket}).ok());
    clock.Advance(10 * 60 * kMicrosPerSecond);
    auto moved = s.Execute(core::Transfer{ticket, "fsa.counselling", note});
    REQUIRE(moved.ok());
    const std::string next = moved->ticket_ids.back();
    clock.Advance(20 * 60 * kMicrosPerSecond);
    REQUIRE(s.Execute(core::CallTicket{next, 2}).ok());
    REQUIRE(s.Execute(core::StartService{next}).ok());
    clock.Advance(15 * 60 * kMicrosPerSecond);
    auto handed = s.HandToCaseManagement({next, "housing-risk", "", !name.empty(), name});
    INFO((handed.ok() ? "" : handed.error().message));
    REQUIRE(handed.ok());
    REQUIRE(s.Execute(core::FinishService{next}).ok());
}

}  // namespace

TEST_CASE("retention: a purge leaves no personal field in the store file and every figure as it was",
          "[figures][retention]") {
    TempDir dir;
    const auto db = dir / "desk.db";
    const Micros now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    FakeClock clock(now - 100 * kDay);
    std::int64_t old_seq = 0;
    {
        auto s = OpenStore(db, clock);
        REQUIRE(s->Initialise(store::SiteSettings{}, CaseManagementCatalogue(), core::Device{"desk-1", "site-1", 1, Role::kDesk}).ok());
        for (int i = 0; i < 3; ++i) VisitWithPersonalData(*s, clock, kOldNote, i == 0 ? kOldName : "");
        old_seq = s->LastOwnSeq();
        clock.Set(now - 2 * kDay);
        VisitWithPersonalData(*s, clock, kRecentNote, "");
    }
    const std::string base = "--db " + db.string();
    const std::string report = base + " report --format json --from " + core::LocalServiceDay(now - 120 * kDay, "Europe/Berlin") +
                               " --to " + core::LocalServiceDay(now, "Europe/Berlin");
    auto before = Ctl(report);
    REQUIRE(before.exit_code == 0);
    REQUIRE(StoreFileBytes(db).find(kOldNote) != std::string::npos);
    REQUIRE(StoreFileBytes(db).find(kOldName) != std::string::npos);

    // Nothing is sent yet: the outbox's events wait (the central compares a resent event),
    // the rows are purged already.
    auto unsent = Ctl(base + " --json retention run");
    INFO(unsent.out);
    REQUIRE(unsent.exit_code == 0);
    auto u = json::parse(unsent.out);
    CHECK(u["events"] == 0);
    CHECK(u["waiting_to_send"] == 6);  // 3 transfers with a note, 1 hand-off with name and consent, 2 without: reason
    CHECK(u["tickets"] == 3);
    CHECK(u["handoffs"] == 3);

    // Synced: every old event is at the central now.
    {
        auto s = OpenStore(db, clock);
        REQUIRE(s->MarkSent(s->LastOwnSeq()).ok());
    }
    auto dry = Ctl(base + " --json retention run --dry-run");
    INFO(dry.out);
    REQUIRE(dry.exit_code == 0);
    auto d = json::parse(dry.out);
    CHECK(d["events"] == 6);
    CHECK(d["fields"]["note"] == 3);
    CHECK(d["fields"]["name"] == 1);
    CHECK(d["fields"]["consent"] == 1);
    CHECK(d["fields"]["reason"] == 3);
    CHECK(StoreFileBytes(db).find(kOldNote) != std::string::npos);  // a dry run changes nothing

    auto run = Ctl(base + " retention run");
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find("Purged personal fields older than 90 days: 6 event(s), 1 consent, 1 name, 3 note, 3 reason") !=
          std::string::npos);

    const std::string bytes = StoreFileBytes(db);
    CHECK(bytes.find(kOldNote) == std::string::npos);
    CHECK(bytes.find("QUOKKA") == std::string::npos);
    CHECK(bytes.find(kOldName) == std::string::npos);
    CHECK(bytes.find("KESTREL") == std::string::npos);
    CHECK(bytes.find(kRecentNote) != std::string::npos);  // within the period: kept

    // The events keep their shape and fold as before: the store opens, the events list shows
    // emptied fields, and every figure is the same.
    {
        auto s = OpenStore(db, clock);
        auto events = s->ListEvents(0, 100000);
        REQUIRE(events.ok());
        int handoffs = 0;
        for (const auto& e : *events) {
            if (e.event.seq > old_seq) continue;
            CHECK(e.applied);
            if (e.event.type == "ticket.transferred") CHECK(e.event.payload["note"] == "");
            if (e.event.type == "handoff.given") {
                ++handoffs;
                CHECK(e.event.payload["name"] == "");
                CHECK(e.event.payload["reason"] == "");
                CHECK(e.event.payload["consent"] == false);
            }
        }
        CHECK(handoffs == 3);
        for (const auto& h : s->Handoffs())
            if (h.at_us < now - 90 * kDay) CHECK((h.name.empty() && h.reason.empty() && !h.consent));
        REQUIRE(s->RebuildProjection().ok());
        for (const auto& [id, t] : s->state().tickets)
            if (t.created_at < now - 90 * kDay) CHECK(t.note.empty());
    }
    auto after = Ctl(report);
    REQUIRE(after.exit_code == 0);
    CHECK(json::parse(after.out) == json::parse(before.out));
    CHECK(json::parse(after.out)["tables"][0]["rows"][0][5] == 8);  // 4 visits, 2 stops each

    // A second run finds nothing more.
    auto again = Ctl(base + " --json retention run");
    INFO(again.out);
    REQUIRE(again.exit_code == 0);
    CHECK(json::parse(again.out)["events"] == 0);
}

TEST_CASE("retention: --days must be a sensible number", "[figures][retention]") {
    TempDir dir;
    FakeClock clock;
    InitStore(dir / "s.db", clock);
    auto run = Ctl("--db " + (dir / "s.db").string() + " retention run --days 0");
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("--days") != std::string::npos);
}

}  // namespace anl::test
