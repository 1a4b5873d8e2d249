// The harness of the deterministic simulations (tests/sync/test_simulation.cpp: tickets;
// tests/appointments/test_slot_simulation.cpp: appointment slots): seeded dice, a central
// service in process that restarts, terminals with real stores behind faulty links that
// crash and come back, and the healing of the network at the end. Each simulation keeps its
// own operations and its own checks. Needs Catch2 (included by every test file before this
// header).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/core.h"
#include "kiosk/store/store.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"
#include "sync_test_util.h"

namespace anl::test::sim {

// The seeded dice of sync/sim, shared with `anlaufstelle-ctl simulate`.
using sync::sim::Dice;

// What every simulated link does wrong: drop, lose the answer, duplicate, delay, cut the
// request, cut the answer.
inline constexpr FaultRates kLinkFaults{0.05, 0.05, 0.05, 0.03, 0.03, 0.03};

// What a simulation runs in the central process beside the event service (the appointment
// desk): opened after the service at every start, closed before it at every stop.
class CentralExtension {
public:
    virtual ~CentralExtension() = default;
    virtual void Open(const std::filesystem::path& db, const Clock& clock, sync::central::Service& service) = 0;
    virtual void Close() = 0;
};

// The central service, restartable: the store file outlives the process.
struct SimCentral {
    std::filesystem::path db;
    const Clock& clock;
    CentralExtension* extension = nullptr;
    std::unique_ptr<sync::central::CentralStore> store;
    std::unique_ptr<sync::central::Service> service;

    SimCentral(std::filesystem::path path, const Clock& c, CentralExtension* with = nullptr)
        : db(std::move(path)), clock(c), extension(with) {
        Restart();
    }
    void Restart() {
        if (extension) extension->Close();
        service.reset();
        store.reset();
        auto opened = sync::central::OpenSqliteStore(db.string());
        REQUIRE(opened.ok());
        store = std::move(opened.value());
        service = std::make_unique<sync::central::Service>(*store, clock, kAdminToken);
        if (extension) extension->Open(db, clock, *service);
    }
    // The site's whole central order.
    std::vector<sync::central::StoredEvent> Order(const std::string& site) {
        auto all = store->ReadAfter(site, 0, 1'000'000);
        REQUIRE(all.ok());
        return std::move(all).value();
    }
};

// A stored event as the core folds it.
inline core::Event CoreEvent(const sync::central::StoredEvent& stored) {
    return core::Event{stored.event.device, stored.event.seq, stored.event.type,
                       nlohmann::json::parse(stored.event.payload), stored.event.at_us};
}

// Reaches whichever central process is running now.
class ToCentral : public sync::Transport {
public:
    explicit ToCentral(SimCentral& central) : central_(central) {}
    Result<sync::HttpResponse> Send(const sync::HttpRequest& request) override {
        LocalTransport local(*central_.service);
        return local.Send(request);
    }

private:
    SimCentral& central_;
};

// A terminal: its real store, journal and sync engine, on a faulty link to the central.
// A simulation derives its own terminal to remember what it needs (a desk's visitor).
struct SimTerminal {
    std::string id;
    sync::Role role = sync::Role::kKiosk;
    int slot = 0;
    std::filesystem::path db;
    std::unique_ptr<FaultyTransport> transport;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<sync::Journal> journal;
    std::unique_ptr<sync::SyncEngine> engine;

    virtual ~SimTerminal() = default;
    SimTerminal() = default;
    SimTerminal(SimTerminal&&) = default;
    SimTerminal& operator=(SimTerminal&&) = default;

    // Initialises the store for `site`, links the terminal to the central with kLinkFaults
    // (seeded from the run's seed and the terminal's place, so runs repeat), enrols it and
    // opens it. Set id and role first.
    void SetUp(const TempDir& dir, std::size_t place, std::uint64_t seed, sync::Transport& to_central,
               const std::string& site, const catalogue::Catalogue& catalogue, const Clock& clock) {
        slot = static_cast<int>(place);
        db = dir / (id + ".db");
        transport = std::make_unique<FaultyTransport>(to_central, seed * 100 + place, kLinkFaults);
        {
            auto s = store::Store::Open(db, clock);
            REQUIRE(s.ok());
            store::SiteSettings settings;
            settings.site_id = site;
            REQUIRE(s.value()
                        ->Initialise(settings, catalogue, core::Device{id, site, slot, role})
                        .ok());
        }
        std::string code = AddDevice(to_central, kAdminToken, site, role);
        REQUIRE(sync::EnrollTerminal(db, "in-process", code, to_central).ok());
        Open(clock);
    }
    void Open(const Clock& clock) {
        auto s = store::Store::Open(db, clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        auto j = sync::Journal::Load(db);
        REQUIRE(j.ok());
        journal = std::make_unique<sync::Journal>(std::move(j.value()));
        engine = std::make_unique<sync::SyncEngine>(*store, *journal, *transport, clock);
    }
    void Crash() {
        engine.reset();
        journal.reset();
        store.reset();
    }
    Result<sync::RoundSummary> Round() {
        auto r = engine->RunRound(0);
        if (r.ok())
            for (const auto& rejected : r->newly_rejected) Rejected(rejected);
        return r;
    }

protected:
    // A round reported that the central turned down one of this terminal's events.
    virtual void Rejected(const sync::RejectedEvent&) {}
};

// The odds of what befalls a terminal in a step when the simulation's own operations did not
// take the step's roll: below `round` it syncs, below `cable` its cable is pulled or plugged
// back in, below `crash` it crashes; above, the central restarts.
struct Mishaps {
    double round, cable, crash;
};
// Returns 1 when a terminal or the central restarted, else 0.
inline int SyncOrMishap(double roll, const Mishaps& odds, SimTerminal& t, SimCentral& central) {
    if (roll < odds.round) {
        (void)t.Round();
    } else if (roll < odds.cable) {
        t.transport->offline = !t.transport->offline;
    } else if (roll < odds.crash) {
        t.Crash();
        return 1;
    } else {
        central.Restart();
        return 1;
    }
    return 0;
}

// The network heals: crashed terminals come back, nothing fails any more, whatever a link
// held back arrives. Returns how many faults the links injected during the run.
template <class Terminal>
int HealNetwork(std::vector<Terminal>& terminals, const Clock& clock) {
    int faults = 0;
    for (auto& t : terminals) {
        if (!t.store) t.Open(clock);
        t.transport->offline = false;
        t.transport->set_rates({});
        t.transport->Flush();
        const auto& c = t.transport->counts;
        faults += c.dropped + c.answers_lost + c.duplicated + c.delayed + c.cut_requests + c.cut_answers;
    }
    return faults;
}

// Every terminal syncs three times in turn, and every round succeeds: afterwards everyone
// has everything.
template <class Terminal>
void SyncUntilSettled(std::vector<Terminal>& terminals) {
    for (int pass = 0; pass < 3; ++pass) {
        for (auto& t : terminals) {
            auto round = t.Round();
            INFO(t.id << ": " << (round.ok() ? "" : round.error().message));
            REQUIRE(round.ok());
        }
    }
}

}  // namespace anl::test::sim
