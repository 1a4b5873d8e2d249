// The checker of the busy day (sync/sim CheckSite) on records made by hand from real stores:
// a sound record passes, and each broken invariant is found and named. The day itself runs
// end to end in the ctest ctl_simulate_small.
#include <catch2/catch.hpp>

#include <algorithm>

#include "kiosk/store/store.h"
#include "sync/sim/sim.h"
#include "sync_test_util.h"

using namespace anl;
using sync::sim::CheckSite;
using sync::sim::SiteRecord;
using sync::sim::TerminalRecord;

namespace {

constexpr Micros kMorning = 1'796'108'400LL * kMicrosPerSecond;  // Tuesday 2026-12-01 08:00 Berlin

catalogue::Catalogue TwoOffices() {
    catalogue::Catalogue c = test::OneOfficeCatalogue();
    catalogue::Office fsa;
    fsa.id = "fsa";
    fsa.ticket_prefix = 'S';
    c.offices.push_back(fsa);
    catalogue::Service counselling;
    counselling.id = "fsa.counselling";
    counselling.office_id = "fsa";
    c.services.push_back(counselling);
    return c;
}

// A desk's store that issues, calls, serves and transfers (a desk may issue in this test: the
// store does not ask), and the record of a site whose central holds exactly its events.
struct OneDesk {
    test::TempDir dir{"anl-day-checker"};
    FakeClock clock{kMorning};
    std::unique_ptr<store::Store> store;

    OneDesk() {
        auto s = store::Store::Open(dir / "desk.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise({}, TwoOffices(), core::Device{"desk-1", "site-1", 0, Role::kDesk}).ok());
    }
    std::string Issue() {
        core::IssueTicket issue;
        issue.service_id = "abh.permit-extension";
        auto issued = store->Execute(issue);
        REQUIRE(issued.ok());
        return issued->ticket_ids.front();
    }
    void Serve(const std::string& ticket, bool transfer) {
        REQUIRE(store->Execute(core::CallNext{"abh", 1}).ok());
        REQUIRE(store->Execute(core::StartService{ticket}).ok());
        clock.Advance(3 * kMicrosPerMinute);
        if (transfer)
            REQUIRE(store->Execute(core::Transfer{ticket, "fsa.counselling", ""}).ok());
        else
            REQUIRE(store->Execute(core::FinishService{ticket}).ok());
    }
    SiteRecord Record() {
        SiteRecord record;
        record.site = "site-1";
        TerminalRecord t;
        t.id = "desk-1";
        t.role = Role::kDesk;
        auto events = store->ListEvents(0, 100000);
        REQUIRE(events.ok());
        for (const auto& e : *events) {
            record.central.push_back(e.event);
            t.local.push_back({e.event.device_id, e.event.seq});
            t.own.insert({e.event.device_id, e.event.seq});
        }
        t.state = store->state();
        record.terminals.push_back(t);
        return record;
    }
};

bool Names(const std::vector<std::string>& lines, const std::string& words) {
    for (const auto& line : lines)
        if (line.find(words) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("day checker: a sound day passes, and a lost, doubled or unsent event is named", "[sim]") {
    OneDesk desk;
    desk.Serve(desk.Issue(), false);
    SiteRecord record = desk.Record();
    CHECK(CheckSite(record).empty());

    SECTION("the central holds an event twice") {
        record.central.push_back(record.central.front());
        CHECK(Names(CheckSite(record), "the central holds event desk-1/1 twice"));
    }
    SECTION("a terminal lacks an event of the central's order") {
        record.terminals.front().local.pop_back();
        CHECK(Names(CheckSite(record), "desk-1 lacks event desk-1/"));
    }
    SECTION("an own event never reached the central") {
        record.central.pop_back();
        const auto lines = CheckSite(record);
        CHECK(Names(lines, "never reached the central"));
        CHECK(Names(lines, "the central does not"));
    }
    SECTION("events still waiting to be sent") {
        record.terminals.front().pending = 2;
        CHECK(Names(CheckSite(record), "2 events the central never acknowledged"));
    }
}

TEST_CASE("day checker: a visitor still waiting at the end, and a terminal that disagrees", "[sim]") {
    OneDesk desk;
    desk.Serve(desk.Issue(), true);  // sent on to fsa, where nobody calls them
    SiteRecord record = desk.Record();
    CHECK(Names(CheckSite(record), "1 tickets were still open when the day ended"));
    record.day_over = false;
    CHECK(CheckSite(record).empty());

    // The terminal's fold lost the transfer: it disagrees with the central's order.
    record.terminals.front().state.tickets.clear();
    CHECK(Names(CheckSite(record), "desk-1 sees ticket"));
}

TEST_CASE("day checker: a second desk's start of a visitor another desk serves never counts", "[sim]") {
    OneDesk desk;
    desk.Serve(desk.Issue(), false);
    SiteRecord record = desk.Record();
    core::Event started;
    for (const auto& e : record.central)
        if (e.type == "ticket.started") started = e;
    REQUIRE_FALSE(started.type.empty());
    // Before the finish, the same visitor started at desk-2 while desk-1 serves them.
    core::Event second = started;
    second.device_id = "desk-2";
    second.seq = 1;
    auto at = std::find_if(record.central.begin(), record.central.end(),
                           [](const core::Event& e) { return e.type == "ticket.finished"; });
    record.central.insert(at, second);
    const auto lines = CheckSite(record);
    // The reducer skips it (only the desk whose call stands may start), so no second desk
    // serves; the event is only at the central, so the terminal lacks it.
    CHECK(Names(lines, "desk-1 lacks event desk-2/1"));
    CHECK_FALSE(Names(lines, "at once"));
}
