// The deterministic simulation: kiosks, desks and a call display with real stores and the
// real core, a central service in process, a fake clock and a seeded RNG. Random
// operations, a network that drops, duplicates, delays, reorders and cuts messages, random
// partitions and restarts (terminals and the central). Afterwards every terminal and the
// central agree, nothing is lost, nothing is counted twice, no ticket is served by two
// desks, and ticket numbers are unique per site and day.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "simulation_harness.h"

using namespace anl;
using namespace anl::sync;

namespace {

constexpr const char* kSite = "site-sim";

catalogue::Catalogue SimCatalogue() {
    catalogue::Catalogue c;
    catalogue::Office abh;
    abh.id = "abh";
    abh.ticket_prefix = 'A';
    abh.name_key = "office.abh.name";
    catalogue::Office fsa;
    fsa.id = "fsa";
    fsa.ticket_prefix = 'S';
    fsa.name_key = "office.fsa.name";
    c.offices = {abh, fsa};
    catalogue::Service permit;
    permit.id = "abh.permit-extension";
    permit.office_id = "abh";
    catalogue::Service address;
    address.id = "abh.address-change";
    address.office_id = "abh";
    catalogue::Service counselling;
    counselling.id = "fsa.counselling";
    counselling.office_id = "fsa";
    c.services = {permit, address, counselling};
    return c;
}

// A terminal of this simulation; a desk remembers the visitor at its counter.
struct Terminal : test::sim::SimTerminal {
    std::string office;   // desks: the office they serve
    std::string current;  // desks: the ticket at the counter
    int told_rejected = 0;

protected:
    void Rejected(const RejectedEvent& rejected) override {
        // The desk is told its call was turned down and calls the next visitor.
        if (rejected.type == "ticket.called") {
            ++told_rejected;
            current.clear();
        }
    }
};

struct TicketView {
    core::TicketState state;
    std::string office;
    int counter;
    bool operator==(const TicketView&) const = default;
};

std::map<std::string, TicketView> Tickets(const core::State& state) {
    std::map<std::string, TicketView> out;
    for (const auto& [id, t] : state.tickets) out[id] = {t.state, t.office_id, t.counter};
    return out;
}

// The staff member the desks act as: in every published list (the central refuses an action by
// a staff number the site's published list does not hold).
const std::string kDeskStaff = "s0";

// The staff list of the n-th publication (n + 1 people; one PIN, hashed once).
std::vector<sync::StaffRecord> SimStaff(int n) {
    static const std::string hash = core::HashPin("4711").value();
    std::vector<sync::StaffRecord> staff;
    for (int i = 0; i <= n; ++i) staff.push_back({"s" + std::to_string(i), "Staff " + std::to_string(i), hash});
    return staff;
}

struct SimResult {
    std::int64_t configs_published = 0;
    int rejected_calls = 0;
    int faults = 0;
    int restarts = 0;
    std::int64_t events = 0;
    int served_by_two = 0;  // tickets started by a desk other than the one whose call stood
};

SimResult RunSimulation(std::uint64_t seed, int steps) {
    test::TempDir dir("anl-sim");
    FakeClock clock(1'768'464'000'000'000);  // 2026-01-15 09:00 Berlin
    test::sim::Dice dice(seed);
    SimResult result;

    test::sim::SimCentral central(dir / "central.db", clock);
    test::sim::ToCentral to_central(central);
    catalogue::Catalogue catalogue = SimCatalogue();

    std::vector<Terminal> terminals(6);
    const std::tuple<const char*, Role, const char*> kLayout[] = {
        {"kiosk-1", Role::kKiosk, ""}, {"kiosk-2", Role::kKiosk, ""}, {"desk-1", Role::kDesk, "abh"},
        {"desk-2", Role::kDesk, "abh"}, {"desk-3", Role::kDesk, "fsa"}, {"board-1", Role::kBoard, ""}};
    for (std::size_t i = 0; i < terminals.size(); ++i) {
        Terminal& t = terminals[i];
        t.id = std::get<0>(kLayout[i]);
        t.role = std::get<1>(kLayout[i]);
        t.office = std::get<2>(kLayout[i]);
        t.SetUp(dir, i, seed, to_central, kSite, catalogue, clock);
    }

    const std::vector<std::string> walk_in = {"abh.permit-extension", "abh.address-change", "fsa.counselling"};
    for (int step = 0; step < steps; ++step) {
        clock.Advance(dice.Between(1, 30) * kMicrosPerSecond);
        // --- configuration down (sync): an administrator publishes now and then ------------
        if (step % 70 == 35) {
            sync::ConfigPublish publish{kSite, std::nullopt, std::nullopt,
                                        "hours = [\"mon-fri 08:00-" + std::to_string(10 + step / 70) + ":00\"]\n",
                                        SimStaff(step / 70)};
            REQUIRE(PublishConfig(to_central, test::kAdminToken, publish).ok());
            ++result.configs_published;
        }
        double roll = dice.Roll();
        Terminal& t = terminals[dice.Pick(terminals.size())];
        if (!t.store) {  // a crashed terminal comes back
            t.Open(clock);
            continue;
        }
        if (roll < 0.30) {
            Terminal& kiosk = terminals[dice.Pick(2)];
            if (!kiosk.store) continue;
            core::IssueTicket issue;
            issue.service_id = walk_in[dice.Pick(walk_in.size())];
            (void)kiosk.store->Execute(issue);
        } else if (roll < 0.65) {
            Terminal& desk = terminals[2 + dice.Pick(3)];
            if (!desk.store) continue;
            const core::Ticket* ticket = desk.current.empty() ? nullptr : desk.store->state().FindTicket(desk.current);
            if (ticket && ticket->state == core::TicketState::kCalled) {
                (void)desk.store->Execute(core::StartService{desk.current}, kDeskStaff);
            } else if (ticket && ticket->state == core::TicketState::kInService) {
                if (desk.office == "abh" && dice.Chance(0.3)) {
                    (void)desk.store->Execute(core::Transfer{desk.current, "fsa.counselling", "speaks Dari"}, kDeskStaff);
                } else {
                    (void)desk.store->Execute(core::FinishService{desk.current, "resolved"}, kDeskStaff);
                }
                desk.current.clear();
            } else {
                desk.current.clear();
                auto called = desk.store->Execute(core::CallNext{desk.office, desk.slot}, kDeskStaff);
                if (called.ok() && !called->ticket_ids.empty()) desk.current = called->ticket_ids.front();
            }
        } else {
            result.restarts += test::sim::SyncOrMishap(roll, {0.90, 0.95, 0.98}, t, central);
        }
    }

    result.faults += test::sim::HealNetwork(terminals, clock);
    test::sim::SyncUntilSettled(terminals);

    // --- nothing lost, nothing twice ---
    const auto all = central.Order(kSite);
    std::set<std::pair<std::string, std::int64_t>> keys;
    for (const auto& e : all) CHECK(keys.insert({e.event.device, e.event.seq}).second);
    // A terminal's own event is either in the central order or was turned down by the central
    // (a desk acting on a stale view: the other desk's call stood) and is kept, marked, only at
    // that terminal (docs/SYNC.md, "What the central refuses").
    std::int64_t own_total = 0, refused_total = 0;
    const std::size_t central_audit = static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [](const auto& e) {
        return e.event.device == "central" && e.event.type.rfind("audit.", 0) == 0;
    }));
    for (auto& t : terminals) {
        INFO("terminal " << t.id);
        auto own = t.store->ReadOutbox(0, 1'000'000);
        REQUIRE(own.ok());
        auto refused = t.store->RefusedEvents();
        REQUIRE(refused.ok());
        std::set<std::pair<std::string, std::int64_t>> refused_keys;
        for (const auto& r : *refused) refused_keys.insert({r.event.device_id, r.event.seq});
        own_total += static_cast<std::int64_t>(own->size());
        refused_total += static_cast<std::int64_t>(refused_keys.size());
        for (const auto& e : *own)
            CHECK(keys.count({e.device_id, e.seq}) + refused_keys.count({e.device_id, e.seq}) == 1);
        CHECK(t.store->PendingCount().value() == 0);
        auto local = t.store->ListEvents(0, 1'000'000);
        REQUIRE(local.ok());
        // The central's own audit entries (docs/ROLES.md) are staff-only: kiosks and displays never get them.
        CHECK(local->size() == all.size() - (sync::RoleSeesPersonalData(t.role) ? 0 : central_audit) + refused_keys.size());
    }
    CHECK(own_total == static_cast<std::int64_t>(all.size() - central_audit) + refused_total);
    result.events = own_total;

    // --- everyone agrees with the central order ---
    core::State expected;
    std::map<std::string, std::set<std::string>> called_by;  // ticket -> desks whose call stood
    std::map<std::string, std::set<std::string>> served_by;  // ticket -> desks that called or served it
    for (const auto& stored : all) {
        core::Event e = test::sim::CoreEvent(stored);
        core::Applied applied = core::ApplyEvent(expected, e);
        if (applied.applied && e.type == "ticket.called")
            called_by[e.payload["ticket_id"].get<std::string>()].insert(e.device_id);
        if (applied.applied && (e.type == "ticket.started" || e.type == "ticket.called"))
            served_by[e.payload["ticket_id"].get<std::string>()].insert(e.device_id);
    }
    auto expected_tickets = Tickets(expected);
    for (auto& t : terminals) {
        INFO("terminal " << t.id);
        CHECK(Tickets(t.store->state()) == expected_tickets);
    }
    for (const auto& [ticket, desks] : called_by) {
        INFO("ticket " << ticket);
        CHECK(desks.size() == 1);  // one call stands; the other desk's call is turned down
    }
    for (const auto& [ticket, desks] : served_by) result.served_by_two += desks.size() > 1 ? 1 : 0;
    std::set<std::pair<std::string, std::string>> numbers;
    for (const auto& [id, visit] : expected.visits) CHECK(numbers.insert({visit.service_day, visit.display}).second);

    for (auto& t : terminals) result.rejected_calls += t.told_rejected;

    // --- configuration down (sync): every terminal holds the newest version; staff only at desks ---
    auto newest = central.store->ConfigVersion(kSite);
    REQUIRE(newest.ok());
    CHECK(newest.value() == result.configs_published);
    for (auto& t : terminals) {
        INFO("terminal " << t.id);
        auto applied = t.store->AppliedSiteConfig();
        REQUIRE(applied.ok());
        CHECK(applied->version == newest.value());
        bool desk = t.role == Role::kDesk;
        CHECK(applied->staff.has_value() == desk);
        if (desk) CHECK(applied->staff->size() == SimStaff(static_cast<int>(newest.value()) - 1).size());
        CHECK(t.store->SignIn("s0", "4711").ok() == desk);
    }
    return result;
}

}  // namespace

TEST_CASE("simulation: terminals and the central converge through faults, partitions and restarts", "[sim]") {
    int rejected = 0, faults = 0, restarts = 0;
    std::int64_t events = 0;
    for (std::uint64_t seed : {1u, 2u, 3u}) {
        INFO("seed " << seed);
        auto r = RunSimulation(seed, 350);
        rejected += r.rejected_calls;
        faults += r.faults;
        restarts += r.restarts;
        events += r.events;
    }
    // The run must really have exercised what it claims to prove.
    CHECK(events > 200);
    CHECK(faults > 20);
    CHECK(restarts > 5);
    CHECK(rejected > 0);  // two desks called the same visitor while partitioned
}

// Known gap in the core's reducer (kiosk/core, foundation's): ticket.started, .finished and
// .transferred are not tied to the desk whose call stood, so a desk that called a visitor
// while partitioned and started serving before it learned its call was turned down still
// has its start applied in central order. The fix belongs in core::ApplyEvent (skip an
// action on a called ticket from a device other than the caller); until then this test
// reports the gap without failing the build.
TEST_CASE("simulation: no ticket is served by a desk whose call was turned down", "[sim]") {
    int served_by_two = 0;
    for (std::uint64_t seed : {1u, 2u, 3u}) served_by_two += RunSimulation(seed, 350).served_by_two;
    CHECK(served_by_two == 0);
}
