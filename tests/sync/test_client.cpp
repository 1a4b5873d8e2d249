// The sync worker thread against the real Beast server on loopback: it pushes when nudged,
// receives another terminal's event through its long-poll, goes offline when the central
// stops (without ever blocking the caller) and catches up when it returns.
#include <catch2/catch.hpp>

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <chrono>
#include <thread>

#include "kiosk/store/store.h"
#include "sync/central/central_store.h"
#include "sync/central/server.h"
#include "running_central.h"
#include "sync_test_util.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace anl::sync;
using namespace std::chrono_literals;

namespace {

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit) {
    return test::WaitUntil(pred, limit);
}

std::filesystem::path SetUpTerminal(const test::TempDir& dir, test::RunningCentral& central, const std::string& device,
                                    Role role, int slot) {
    std::filesystem::path db = dir / (device + ".db");
    SystemClock clock;
    {
        auto store = store::Store::Open(db, clock);
        REQUIRE(store.ok());
        store::SiteSettings site;
        site.site_id = "site-w";
        REQUIRE(store.value()->Initialise(site, test::OneOfficeCatalogue(), core::Device{device, "site-w", slot, role}).ok());
    }
    auto transport = MakeCurlTransport(central.url());
    std::string code = test::AddDevice(*transport, test::kAdminToken, "site-w", role);
    REQUIRE(EnrollTerminal(db, central.url(), code, *transport).ok());
    return db;
}

}  // namespace

TEST_CASE("sync worker: pushes on a nudge, long-polls, survives the central stopping", "[client]") {
    test::TempDir dir("anl-client");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    auto kiosk_db = SetUpTerminal(dir, central, "kiosk-1", Role::kKiosk, 0);
    auto desk_db = SetUpTerminal(dir, central, "desk-1", Role::kDesk, 1);

    SystemClock clock;
    auto kiosk = std::move(store::Store::Open(kiosk_db, clock).value());
    std::mutex kiosk_mutex;
    ClientOptions options;
    options.long_poll_ms = 3000;
    options.min_backoff_ms = 20;
    options.max_backoff_ms = 300;
    options.seed = 7;
    auto client = SyncClient::Start(*kiosk, kiosk_mutex, clock, options);
    REQUIRE(client.ok());
    SyncClient& worker = *client.value();

    auto issue = [&] {
        std::lock_guard lock(kiosk_mutex);
        auto issued = kiosk->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
        REQUIRE(issued.ok());
        return issued->ticket_ids.front();
    };
    std::string first = issue();
    worker.Nudge();
    REQUIRE(WaitFor([&] { return worker.status().online && worker.status().waiting_to_send == 0; }, 5s));

    // The desk calls the visitor; the kiosk's long-poll brings the call without a nudge.
    {
        auto desk = std::move(store::Store::Open(desk_db, clock).value());
        auto journal = Journal::Load(desk_db);
        REQUIRE(journal.ok());
        auto transport = MakeCurlTransport(central.url());
        SyncEngine engine(*desk, journal.value(), *transport, clock);
        REQUIRE(engine.RunRound(0).ok());
        REQUIRE(desk->Execute(core::CallNext{"abh", 3}).ok());
        REQUIRE(engine.RunRound(0).ok());
    }
    REQUIRE(WaitFor(
        [&] {
            std::lock_guard lock(kiosk_mutex);
            const core::Ticket* t = kiosk->state().FindTicket(first);
            return t && t->state == core::TicketState::kCalled;
        },
        5s));

    // The central goes away: the kiosk keeps working, the status says offline, and reading
    // the status never waits for the network.
    central.Stop();
    issue();
    worker.Nudge();
    CHECK(worker.status().waiting_to_send >= 1);  // counted at once, before any round
    // Regression: the snapshot once kept the count of the round before the local change.
    REQUIRE(WaitFor(
        [&] {
            SyncStatus s = worker.status();
            return !s.online && s.waiting_to_send == 1;
        },
        5s));
    auto before = std::chrono::steady_clock::now();
    SyncStatus offline = worker.status();
    CHECK(std::chrono::steady_clock::now() - before < 50ms);
    CHECK(offline.waiting_to_send == 1);
    CHECK(!offline.last_error.empty());

    central.Start();
    REQUIRE(WaitFor([&] { return worker.status().online && worker.status().waiting_to_send == 0; }, 5s));
    CHECK(central.store->CountEvents().value() == 3);  // two tickets and one call, each once
}
