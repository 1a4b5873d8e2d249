// Real processes on loopback (127.0.0.1 only, bounded time): a terminal process issues
// tickets and syncs while it and the central service process are killed with SIGKILL at
// random moments and restarted. Afterwards the terminal's store is intact, the central holds
// every one of its events exactly once, and a call display that pulls sees them all.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include "kiosk/store/store.h"
#include "sync_test_util.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace anl::sync;

namespace {

class CentralProcess {
public:
    CentralProcess(std::filesystem::path dir, std::uint16_t port) : dir_(std::move(dir)), port_(port) {}
    ~CentralProcess() { Kill(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    void Start() {
        std::string binary = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle-central";
        std::string listen = "127.0.0.1:" + std::to_string(port_);
        std::string db = (dir_ / "central.db").string();
        std::string token_file = (dir_ / "admin.token").string();
        std::string log = (dir_ / "central.log").string();
        pid_ = ::fork();
        if (pid_ == 0) {
            FILE* out = std::freopen(log.c_str(), "a", stdout);
            (void)out;
            ::execl(binary.c_str(), binary.c_str(), "--listen", listen.c_str(), "--db", db.c_str(),
                    "--admin-token-file", token_file.c_str(), static_cast<char*>(nullptr));
            std::_Exit(127);
        }
        auto probe = MakeCurlTransport(url());
        const bool up = test::WaitUntil([&] {
            auto r = probe->Send({"GET", "/healthz", "", "", 500});
            return r.ok() && r->status == 200;
        }, std::chrono::seconds(10), std::chrono::milliseconds(25));
        if (!up) FAIL("anlaufstelle-central did not start; see " << log);
    }
    void Kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

private:
    std::filesystem::path dir_;
    std::uint16_t port_;
    pid_t pid_ = -1;
};

// The terminal process: issue a ticket, sync, repeat, until killed.
[[noreturn]] void TerminalProcess(const std::filesystem::path& db) {
    SystemClock clock;
    auto store = store::Store::Open(db, clock);
    if (!store.ok()) std::_Exit(2);
    auto journal = Journal::Load(db);
    if (!journal.ok()) std::_Exit(3);
    auto transport = MakeCurlTransport(journal->credentials().central_url);
    SyncEngine engine(*store.value(), journal.value(), *transport, clock);
    for (;;) {
        (void)store.value()->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
        if (!engine.RunRound(0).ok()) engine.Reset();
    }
}

}  // namespace

TEST_CASE("kill -9 of the central service and of a terminal during sync: restart and converge", "[process]") {
    test::TempDir dir("anl-kill");
    { std::ofstream(dir / "admin.token") << test::kAdminToken << "\n"; }
    CentralProcess central(dir.path(), test::FreeLoopbackPort());
    central.Start();

    auto admin = MakeCurlTransport(central.url());
    auto setup = [&](const std::string& device, Role role, int slot) {
        std::filesystem::path db = dir / (device + ".db");
        SystemClock clock;
        {
            auto store = store::Store::Open(db, clock);
            REQUIRE(store.ok());
            store::SiteSettings site;
            site.site_id = "site-kill";
            REQUIRE(store.value()->Initialise(site, test::OneOfficeCatalogue(), core::Device{device, "site-kill", slot, role}).ok());
        }
        std::string code = test::AddDevice(*admin, test::kAdminToken, "site-kill", role);
        auto transport = MakeCurlTransport(central.url());
        REQUIRE(EnrollTerminal(db, central.url(), code, *transport).ok());
        return db;
    };
    auto kiosk_db = setup("kiosk-1", Role::kKiosk, 0);
    auto board_db = setup("board-1", Role::kBoard, 5);

    std::mt19937 rng(42);
    for (int round = 0; round < 8; ++round) {
        pid_t terminal = ::fork();
        REQUIRE(terminal >= 0);
        if (terminal == 0) TerminalProcess(kiosk_db);
        // Random moments to kill at (chaos, not synchronisation: nothing waits for a state).
        std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(100, 350)(rng)));
        if (round % 2 == 1) {
            central.Kill();  // mid-request, most likely
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            central.Start();
            std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(50, 200)(rng)));
        }
        ::kill(terminal, SIGKILL);
        int status = 0;
        ::waitpid(terminal, &status, 0);
        REQUIRE(WIFSIGNALED(status));  // it ran until killed, it did not fail on its own
    }

    // Everything comes back; the terminal syncs once more.
    SystemClock clock;
    auto kiosk = store::Store::Open(kiosk_db, clock);
    REQUIRE(kiosk.ok());
    REQUIRE(kiosk.value()->CheckIntegrity().ok());
    auto journal = Journal::Load(kiosk_db);
    REQUIRE(journal.ok());
    auto transport = MakeCurlTransport(central.url());
    SyncEngine engine(*kiosk.value(), journal.value(), *transport, clock);
    REQUIRE(engine.RunRound(0).ok());
    CHECK(kiosk.value()->PendingCount().value() == 0);
    auto own = kiosk.value()->ReadOutbox(0, 1'000'000);
    REQUIRE(own.ok());
    REQUIRE(own->size() > 5);

    auto devices = AdminListDevices(*admin, test::kAdminToken);
    REQUIRE(devices.ok());
    for (const auto& d : devices->devices)
        if (d.device == "kiosk-1") CHECK(d.acked_seq == static_cast<std::int64_t>(own->size()));

    // The call display pulls everything: every ticket exactly once, numbers unique.
    auto board = store::Store::Open(board_db, clock);
    REQUIRE(board.ok());
    auto board_journal = Journal::Load(board_db);
    REQUIRE(board_journal.ok());
    auto board_transport = MakeCurlTransport(central.url());
    SyncEngine board_engine(*board.value(), board_journal.value(), *board_transport, clock);
    REQUIRE(board_engine.RunRound(0).ok());
    auto seen = board.value()->ListEvents(0, 1'000'000);
    REQUIRE(seen.ok());
    CHECK(seen->size() == own->size());
    CHECK(board.value()->state().tickets.size() == kiosk.value()->state().tickets.size());
    std::set<std::string> numbers;
    for (const auto& [id, visit] : board.value()->state().visits) CHECK(numbers.insert(visit.display).second);
}
