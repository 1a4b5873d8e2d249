// The deterministic simulation: kiosks, desks and a call display with real stores and the
// real core, a central service in process, a fake clock and a seeded RNG. Random
// operations, a network that drops, duplicates, delays, reorders and cuts messages, random
// partitions and restarts (terminals and the central). Afterwards every terminal and the
// central agree, nothing is lost, nothing is counted twice, no ticket is served by two
// desks, and ticket numbers are unique per site and day.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "kiosk/store/store.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"
#include "sync_test_util.h"

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

// The central service, restartable: the store file outlives the process.
struct SimCentral {
    std::filesystem::path db;
    const Clock& clock;
    std::unique_ptr<central::CentralStore> store;
    std::unique_ptr<central::Service> service;

    SimCentral(std::filesystem::path path, const Clock& c) : db(std::move(path)), clock(c) { Restart(); }
    void Restart() {
        service.reset();
        store.reset();
        auto opened = central::OpenSqliteStore(db.string());
        REQUIRE(opened.ok());
        store = std::move(opened.value());
        service = std::make_unique<central::Service>(*store, clock, test::kAdminToken);
    }
};

// Reaches whichever central process is running now.
class ToCentral : public Transport {
public:
    explicit ToCentral(SimCentral& central) : central_(central) {}
    Result<HttpResponse> Send(const HttpRequest& request) override {
        test::LocalTransport local(*central_.service);
        return local.Send(request);
    }

private:
    SimCentral& central_;
};

struct Terminal {
    std::string id;
    Role role = Role::kKiosk;
    int slot = 0;
    std::string office;  // desks: the office they serve
    std::filesystem::path db;
    std::unique_ptr<test::FaultyTransport> transport;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<SyncEngine> engine;
    std::string current;  // desks: the ticket at the counter
    int told_rejected = 0;

    void Open(const Clock& clock) {
        auto s = store::Store::Open(db, clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        auto j = Journal::Load(db);
        REQUIRE(j.ok());
        journal = std::make_unique<Journal>(std::move(j.value()));
        engine = std::make_unique<SyncEngine>(*store, *journal, *transport, clock);
    }
    void Crash() {
        engine.reset();
        journal.reset();
        store.reset();
    }
    Result<RoundSummary> Round() {
        auto r = engine->RunRound(0);
        if (r.ok()) {
            for (const auto& rejected : r->newly_rejected) {
                // The desk is told its call was turned down and calls the next visitor.
                if (rejected.type == "ticket.called") {
                    ++told_rejected;
                    current.clear();
                }
            }
        }
        return r;
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
    std::mt19937_64 rng(seed);
    auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    SimResult result;

    SimCentral central(dir / "central.db", clock);
    ToCentral to_central(central);
    catalogue::Catalogue catalogue = SimCatalogue();

    std::vector<Terminal> terminals(6);
    const std::tuple<const char*, Role, const char*> kLayout[] = {
        {"kiosk-1", Role::kKiosk, ""}, {"kiosk-2", Role::kKiosk, ""}, {"desk-1", Role::kDesk, "abh"},
        {"desk-2", Role::kDesk, "abh"}, {"desk-3", Role::kDesk, "fsa"}, {"board-1", Role::kBoard, ""}};
    test::FaultRates rates{0.05, 0.05, 0.05, 0.03, 0.03, 0.03};
    for (std::size_t i = 0; i < terminals.size(); ++i) {
        Terminal& t = terminals[i];
        t.id = std::get<0>(kLayout[i]);
        t.role = std::get<1>(kLayout[i]);
        t.office = std::get<2>(kLayout[i]);
        t.slot = static_cast<int>(i);
        t.db = dir / (t.id + ".db");
        t.transport = std::make_unique<test::FaultyTransport>(to_central, seed * 100 + i, rates);
        {
            auto s = store::Store::Open(t.db, clock);
            REQUIRE(s.ok());
            store::SiteSettings site;
            site.site_id = kSite;
            REQUIRE(s.value()->Initialise(site, catalogue, core::Device{t.id, kSite, t.slot, std::string(RoleName(t.role))}).ok());
        }
        std::string code = test::AddDevice(to_central, test::kAdminToken, kSite, t.role);
        auto enrolled = EnrollTerminal(t.db, "in-process", code, to_central);
        REQUIRE(enrolled.ok());
        t.Open(clock);
    }

    const std::vector<std::string> walk_in = {"abh.permit-extension", "abh.address-change", "fsa.counselling"};
    for (int step = 0; step < steps; ++step) {
        clock.Advance(std::uniform_int_distribution<Micros>(1, 30)(rng) * kMicrosPerSecond);
        // --- configuration down (sync): an administrator publishes now and then ------------
        if (step % 70 == 35) {
            sync::ConfigPublish publish{kSite, std::nullopt, std::nullopt,
                                        "hours = [\"mon-fri 08:00-" + std::to_string(10 + step / 70) + ":00\"]\n",
                                        SimStaff(step / 70)};
            REQUIRE(PublishConfig(to_central, test::kAdminToken, publish).ok());
            ++result.configs_published;
        }
        double roll = std::uniform_real_distribution<double>(0, 1)(rng);
        Terminal& t = terminals[pick(terminals.size())];
        if (!t.store) {  // a crashed terminal comes back
            t.Open(clock);
            continue;
        }
        if (roll < 0.30) {
            Terminal& kiosk = terminals[pick(2)];
            if (!kiosk.store) continue;
            core::IssueTicket issue;
            issue.service_id = walk_in[pick(walk_in.size())];
            (void)kiosk.store->Execute(issue);
        } else if (roll < 0.65) {
            Terminal& desk = terminals[2 + pick(3)];
            if (!desk.store) continue;
            const core::Ticket* ticket = desk.current.empty() ? nullptr : desk.store->state().FindTicket(desk.current);
            if (ticket && ticket->state == core::TicketState::kCalled) {
                (void)desk.store->Execute(core::StartService{desk.current}, "1042");
            } else if (ticket && ticket->state == core::TicketState::kInService) {
                if (desk.office == "abh" && chance(0.3)) {
                    (void)desk.store->Execute(core::Transfer{desk.current, "fsa.counselling", "speaks Dari"}, "1042");
                } else {
                    (void)desk.store->Execute(core::FinishService{desk.current, "resolved"}, "1042");
                }
                desk.current.clear();
            } else {
                desk.current.clear();
                auto called = desk.store->Execute(core::CallNext{desk.office, desk.slot}, "1042");
                if (called.ok() && !called->ticket_ids.empty()) desk.current = called->ticket_ids.front();
            }
        } else if (roll < 0.90) {
            (void)t.Round();
        } else if (roll < 0.95) {
            t.transport->offline = !t.transport->offline;  // cable out, or back in
        } else if (roll < 0.98) {
            t.Crash();
            ++result.restarts;
        } else {
            central.Restart();
            ++result.restarts;
        }
    }

    // The network heals: everything held back arrives, nothing fails any more.
    for (auto& t : terminals) {
        if (!t.store) t.Open(clock);
        t.transport->offline = false;
        t.transport->set_rates({});
        t.transport->Flush();
        const auto& c = t.transport->counts;
        result.faults += c.dropped + c.answers_lost + c.duplicated + c.delayed + c.cut_requests + c.cut_answers;
    }
    for (int pass = 0; pass < 3; ++pass) {
        for (auto& t : terminals) {
            auto round = t.Round();
            INFO(t.id << ": " << (round.ok() ? "" : round.error().message));
            REQUIRE(round.ok());
        }
    }

    // --- nothing lost, nothing twice ---
    auto all = central.store->ReadAfter(kSite, 0, 1'000'000);
    REQUIRE(all.ok());
    std::set<std::pair<std::string, std::int64_t>> keys;
    for (const auto& e : *all) CHECK(keys.insert({e.event.device, e.event.seq}).second);
    std::int64_t own_total = 0;
    for (auto& t : terminals) {
        auto own = t.store->ReadOutbox(0, 1'000'000);
        REQUIRE(own.ok());
        own_total += static_cast<std::int64_t>(own->size());
        for (const auto& e : *own) CHECK(keys.count({e.device_id, e.seq}) == 1);
        CHECK(t.store->PendingCount().value() == 0);
        auto local = t.store->ListEvents(0, 1'000'000);
        REQUIRE(local.ok());
        CHECK(local->size() == all->size());
    }
    CHECK(own_total == static_cast<std::int64_t>(all->size()));
    result.events = own_total;

    // --- everyone agrees with the central order ---
    core::State expected;
    std::map<std::string, std::set<std::string>> called_by;  // ticket -> desks whose call stood
    std::map<std::string, std::set<std::string>> served_by;  // ticket -> desks that called or served it
    for (const auto& stored : *all) {
        core::Event e{stored.event.device, stored.event.seq, stored.event.type,
                      nlohmann::json::parse(stored.event.payload), stored.event.at_us};
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
