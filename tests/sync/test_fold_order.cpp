// A terminal's fold follows the central order without reading its whole log at every pull:
// the sync engine re-folds (Store::RebuildProjection) only when the central placed a foreign
// event ahead of one of the terminal's own events already folded here, and asks the store
// only for its own events the fold left out (Store::OwnEventsNotApplied). A busy desk pulls
// every few seconds; a re-read of a day's log each time made the day O(n^2).
#include <catch2/catch.hpp>

#include "kiosk/store/store.h"
#include "sync/client/client.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;

namespace {

// A terminal on the in-process central, its engine driven by hand.
struct Terminal {
    std::string id;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<SyncEngine> engine;

    Terminal(test::Central& c, const test::TempDir& dir, const std::string& site, std::string device, Role role,
             int slot)
        : id(std::move(device)) {
        const auto db = dir / (id + ".db");
        auto opened = store::Store::Open(db, c.clock);
        REQUIRE(opened.ok());
        store = std::move(opened.value());
        store::SiteSettings settings;
        settings.site_id = site;
        REQUIRE(store->Initialise(settings, test::OneOfficeCatalogue(), core::Device{id, site, slot, role}).ok());
        const std::string code = test::AddDevice(c.transport, test::kAdminToken, site, role);
        REQUIRE(EnrollTerminal(db, "in-process", code, c.transport).ok());
        auto loaded = Journal::Load(db);
        REQUIRE(loaded.ok());
        journal = std::make_unique<Journal>(std::move(loaded.value()));
        engine = std::make_unique<SyncEngine>(*store, *journal, c.transport, c.clock);
    }
    std::string Do(const core::Command& command) {
        auto done = store->Execute(command);
        INFO((done.ok() ? "" : done.error().message));
        REQUIRE(done.ok());
        return done->ticket_ids.empty() ? "" : done->ticket_ids.front();
    }
    RoundSummary Round() {
        auto round = engine->RunRound(0);
        INFO((round.ok() ? "" : round.error().message));
        REQUIRE(round.ok());
        return round.value();
    }
    RoundSummary Pull() {
        bool more = false;
        auto pulled = engine->PullOnce(0, &more);
        INFO((pulled.ok() ? "" : pulled.error().message));
        REQUIRE(pulled.ok());
        return pulled.value();
    }
    std::int64_t Push() {
        auto pushed = engine->PushAll();
        REQUIRE(pushed.ok());
        return pushed.value();
    }
};

// What a store's fold says of every ticket: id -> state and counter, for comparing two folds.
std::map<std::string, std::pair<std::string, int>> Tickets(const store::Store& s) {
    std::map<std::string, std::pair<std::string, int>> out;
    for (const auto& [id, t] : s.state().tickets) out[id] = {std::string(core::TicketStateName(t.state)), t.counter};
    return out;
}

}  // namespace

TEST_CASE("sync engine: a pull re-folds only where the central order differs from the local fold", "[client]") {
    test::Central c;
    test::TempDir dir("anl-fold-order");
    const std::string site = c.t.Name("site");
    Terminal kiosk(c, dir, site, c.t.Name("kiosk"), Role::kKiosk, 1);
    Terminal desk_a(c, dir, site, c.t.Name("desk-a"), Role::kDesk, 2);
    Terminal desk_b(c, dir, site, c.t.Name("desk-b"), Role::kDesk, 3);
    const core::IssueTicket issue{"abh.permit-extension", "de", "", false, 0};

    const std::string first = kiosk.Do(issue);
    const std::string second = kiosk.Do(issue);
    kiosk.Round();
    desk_a.Round();
    desk_b.Round();

    SECTION("own events first in the central order: no re-fold") {
        // Desk B calls and pushes; the kiosk's new ticket reaches the central after B's call;
        // B's pull then brings its own call's place and, after it, the foreign ticket: the
        // order B folded in (its call, then the ticket) is the central's.
        desk_b.Do(core::CallTicket{first, 3});
        CHECK(desk_b.Push() == 1);
        kiosk.Do(issue);
        kiosk.Round();
        const RoundSummary pulled = desk_b.Pull();
        CHECK(pulled.pulled == 1);
        CHECK_FALSE(pulled.rebuilt);
        CHECK(pulled.newly_rejected.empty());
    }

    SECTION("a foreign event placed ahead of an own folded one: re-fold, and a turned-down call is reported") {
        // Both desks call the same visitor; A reaches the central first. B folded its own call;
        // the central refuses it (the visitor is called already): B re-folds without it and
        // says so once.
        desk_a.Do(core::CallTicket{first, 2});
        desk_b.Do(core::CallTicket{first, 3});
        desk_a.Round();
        const RoundSummary b = desk_b.Round();
        CHECK(b.rebuilt);
        REQUIRE(b.newly_rejected.size() == 1);
        CHECK(b.newly_rejected[0].type == "ticket.called");
        // Reported once, not at every later pull.
        kiosk.Do(issue);
        kiosk.Round();
        CHECK(desk_b.Round().newly_rejected.empty());
        desk_a.Round();
        // Both desks fold as the central orders: A's counter has the visitor.
        CHECK(Tickets(*desk_a.store) == Tickets(*desk_b.store));
        CHECK(desk_b.store->state().FindTicket(first)->counter == 2);
    }

    SECTION("an own event the central has not placed in this batch: re-fold") {
        // B calls but its push is lost before it reaches the central (not pushed here); the
        // kiosk's ticket is placed first; B's pull brings it while B's own call is unplaced.
        desk_b.Do(core::CallTicket{second, 3});
        kiosk.Do(issue);
        kiosk.Round();
        const RoundSummary pulled = desk_b.Pull();
        CHECK(pulled.rebuilt);
        desk_b.Round();
        desk_a.Round();
        CHECK(Tickets(*desk_a.store) == Tickets(*desk_b.store));
    }

    // Whatever the path, a desk's fold equals a fresh fold of its log in the central order.
    for (Terminal* t : {&desk_a, &desk_b}) {
        t->Round();
        const auto kept = Tickets(*t->store);
        REQUIRE(t->store->RebuildProjection(t->journal->order()).ok());
        CHECK(Tickets(*t->store) == kept);
    }
}
