// Scale-out on loopback: two anlaufstelle-central processes on one throw-away PostgreSQL, the
// shipped HAProxy configuration (packaging/haproxy, ports replaced) in front. Proves what
// docs/OPERATOR-GUIDE.md ("Scale-out") promises:
//   (a) a push through one instance wakes a long-poll parked on the other, within a deadline
//       far below the poll's own timeout (PostgreSQL LISTEN/NOTIFY), also after the listening
//       connections were cut (they reconnect and wake their polls once);
//   (b) kill -9 of one instance: terminals (the real sync engine and worker) carry on through
//       HAProxy, and the central holds every one of their events exactly once;
//   (c) two terminals asking two instances for the same appointment slot at the same moment:
//       exactly one gets it;
//   (d) a device revoked through one instance is refused by the other at once, although that
//       one keeps device tokens for its pulls (PostgreSQL NOTIFY on anl_device).
// Run by ctest as sync_scaleout_postgresql (tests/sync/CMakeLists.txt), which skips it (77)
// without PostgreSQL or HAProxy, and fails instead under CI=true.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <future>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "kiosk/store/store.h"
#include "sync/central/central_store.h"
#include "sync/client/client.h"
#include "sync/protocol/appointments.h"
#include "sync_test_util.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace anl::sync;
using namespace std::chrono_literals;

namespace {

std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string Conninfo() {
    const char* file = std::getenv("ANL_TEST_POSTGRES_FILE");
    if (!file) return "";
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line.rfind("postgresql://", 0) == 0 ? line : "";
}

// A child process started with fork/exec, stdout and stderr into `log`; killed with SIGKILL
// when it goes out of scope.
class Process {
public:
    Process() = default;
    ~Process() { Kill(); }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    void Start(const std::vector<std::string>& args, const std::filesystem::path& log) {
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        std::fflush(stdout);
        pid_ = ::fork();
        if (pid_ == 0) {
            if (!std::freopen(log.c_str(), "a", stdout)) std::_Exit(126);
            ::dup2(::fileno(stdout), 2);
            ::execv(argv[0], argv.data());
            std::_Exit(127);
        }
    }
    void Kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    bool running() const { return pid_ > 0; }

private:
    pid_t pid_ = -1;
};

bool Healthy(const std::string& url) {
    auto r = MakeCurlTransport(url)->Send({"GET", "/healthz", "", "", 1000});
    return r.ok() && r->status == 200;
}

std::int64_t Gauge(const std::string& url, const std::string& name) {
    auto r = MakeCurlTransport(url)->Send({"GET", "/metrics", "", "", 2000});
    if (!r.ok()) return -1;
    auto at = r->body.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::atoll(r->body.c_str() + at + name.size() + 2);
}

// Plain text edits of the shipped HAProxy configuration. (Not std::regex: GCC 12's <regex>
// trips -Wmaybe-uninitialized inside libstdc++ at some optimisation levels, failing -Werror.)
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::string WithNumberAfter(std::string text, const std::string& word, const std::string& number) {
    for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + word.size())) {
        const std::size_t digits = at + word.size();
        std::size_t end = digits;
        while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        if (end > digits) text.replace(digits, end - digits, number);
    }
    return text;
}

std::string WithoutLinesStarting(const std::string& text, std::initializer_list<std::string> words) {
    std::string kept;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        const std::size_t first = line.find_first_not_of(" \t");
        bool drop = false;
        for (const std::string& word : words)
            if (first != std::string::npos && line.compare(first, word.size(), word) == 0) drop = true;
        if (!drop) kept += line + "\n";
    }
    return kept;
}

// Two central instances and HAProxy, on free loopback ports.
struct Cluster {
    test::TempDir dir{"anl-scaleout"};
    std::string conninfo = Conninfo();
    std::uint16_t ports[2] = {test::FreeLoopbackPort(), test::FreeLoopbackPort()};
    std::uint16_t balancer_port = test::FreeLoopbackPort();
    Process central[2];
    Process haproxy;

    std::string url(int i) const { return "http://127.0.0.1:" + std::to_string(ports[i]); }
    std::string balancer() const { return "http://127.0.0.1:" + std::to_string(balancer_port); }

    Cluster() {
        { std::ofstream(dir / "admin.token") << test::kAdminToken << "\n"; }
        for (int i = 0; i < 2; ++i) StartCentral(i);
        // The shipped configuration with the test's ports; no chroot or user switch (the test
        // may not run as root), logs to nowhere, fewer connections.
        std::string cfg = ReadFile(std::string(ANL_SOURCE_DIR) + "/packaging/haproxy/anlaufstelle-central.cfg");
        REQUIRE(cfg.find("bind 127.0.0.1:8470") != std::string::npos);
        REQUIRE(cfg.find("server central1 127.0.0.1:8471") != std::string::npos);
        REQUIRE(cfg.find("server central2 127.0.0.1:8472") != std::string::npos);
        cfg = WithoutLinesStarting(cfg, {"chroot", "user", "group", "log /dev/log"});
        // As many connections as an unprivileged process may open (HAProxy needs two each).
        cfg = WithNumberAfter(cfg, "maxconn ", "1000");
        cfg = ReplaceAll(cfg, "bind 127.0.0.1:8470", "bind 127.0.0.1:" + std::to_string(balancer_port));
        cfg = ReplaceAll(cfg, "127.0.0.1:8471", "127.0.0.1:" + std::to_string(ports[0]));
        cfg = ReplaceAll(cfg, "127.0.0.1:8472", "127.0.0.1:" + std::to_string(ports[1]));
        { std::ofstream(dir / "haproxy.cfg") << cfg; }
        haproxy.Start({ANL_HAPROXY, "-db", "-f", (dir / "haproxy.cfg").string()}, dir / "haproxy.log");
        const bool up = test::WaitUntil([&] { return Healthy(balancer()); }, 15s, 25ms);
        if (!up) FAIL("HAProxy did not start:\n" << ReadFile(dir / "haproxy.log"));
    }

    void StartCentral(int i) {
        central[i].Start({std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle-central", "--listen",
                          "127.0.0.1:" + std::to_string(ports[i]), "--store", conninfo, "--admin-token-file",
                          (dir / "admin.token").string()},
                         dir / ("central" + std::to_string(i) + ".log"));
        const bool up = test::WaitUntil([&] { return Healthy(url(i)); }, 15s, 25ms);
        if (!up) FAIL("anlaufstelle-central did not start:\n" << ReadFile(dir / ("central" + std::to_string(i) + ".log")));
    }
};

// A terminal: its own store, enrolled through `url`, with a sync engine on that address.
struct Terminal {
    std::filesystem::path db;
    SystemClock clock;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<Transport> transport;
    std::unique_ptr<SyncEngine> engine;

    Terminal(const test::TempDir& dir, const std::string& url, const std::string& site, const std::string& device,
             Role role, int slot) {
        db = dir / (device + ".db");
        auto opened = store::Store::Open(db, clock);
        REQUIRE(opened.ok());
        store = std::move(opened).value();
        store::SiteSettings settings;
        settings.site_id = site;
        REQUIRE(store->Initialise(settings, test::OneOfficeCatalogue(), core::Device{device, site, slot, role}).ok());
        auto admin = MakeCurlTransport(url);
        std::string code = test::AddDevice(*admin, test::kAdminToken, site, role);
        REQUIRE(EnrollTerminal(db, url, code, *admin).ok());
        auto loaded = Journal::Load(db);
        REQUIRE(loaded.ok());
        journal = std::make_unique<Journal>(std::move(loaded).value());
        transport = MakeCurlTransport(url);
        engine = std::make_unique<SyncEngine>(*store, *journal, *transport, clock);
    }
    void IssueTicket() {
        REQUIRE(store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).ok());
    }
    // One round; a failed one (an instance died under it) is tried again from a new hello.
    bool Sync() {
        auto round = engine->RunRound(0);
        if (!round.ok()) engine->Reset();
        return round.ok();
    }
};

// Site and device names with a random suffix: runs never meet in a shared database.
const std::string kSuffix = std::to_string(std::random_device{}() % 1000000);
std::string Site(const std::string& base) { return base + "-" + kSuffix; }
std::string Name(const std::string& base) { return base + "-" + kSuffix; }

// A device enrolled through the endpoints; its token, for raw requests.
std::string EnrolRaw(const std::string& url, const std::string& site, Role role, const std::string& device, int slot) {
    auto transport = MakeCurlTransport(url);
    std::string code = test::AddDevice(*transport, test::kAdminToken, site, role);
    Enroll enroll;
    enroll.code = code;
    enroll.device = device;
    enroll.site = site;
    enroll.slot = slot;
    auto ok = ExpectAnswer<Enrolled>(transport->Send({"POST", "/v1/enroll", "", Encode(enroll)}));
    REQUIRE(ok.ok());
    return ok->token;
}

}  // namespace

TEST_CASE("a push through one instance wakes a long-poll parked on the other", "[scaleout]") {
    Cluster cluster;
    const std::string site = Site("site-wake");
    // The kiosk pushes through instance `from`; the call display's long-poll waits on `to`.
    Terminal kiosk(cluster.dir, cluster.url(0), site, Name("kiosk-w"), Role::kKiosk, 1);
    const std::string board_token = EnrolRaw(cluster.url(1), site, Role::kBoard, Name("board-w"), 7);
    // Whatever the site's order holds already (nothing, or the central's own entries).
    auto start = ExpectAnswer<PullOk>(
        MakeCurlTransport(cluster.url(1))->Send({"POST", "/v1/pull", board_token, Encode(Pull{0, 0, 256}), 10'000}));
    REQUIRE(start.ok());
    std::int64_t cursor = start->cursor;
    for (int round = 0; round < 6; ++round) {
        const int from = round % 2, to = 1 - from;
        kiosk.transport = MakeCurlTransport(cluster.url(from));
        kiosk.engine = std::make_unique<SyncEngine>(*kiosk.store, *kiosk.journal, *kiosk.transport, kiosk.clock);
        // Park a poll for 20 s on `to`.
        auto poll = std::async(std::launch::async, [&, cursor] {
            return ExpectAnswer<PullOk>(MakeCurlTransport(cluster.url(to))
                                            ->Send({"POST", "/v1/pull", board_token, Encode(Pull{cursor, 20'000, 100}),
                                                    30'000}));
        });
        REQUIRE(test::WaitUntil([&] { return Gauge(cluster.url(to), "anl_central_long_polls_waiting") == 1; }, 10s));
        const auto pushed = std::chrono::steady_clock::now();
        kiosk.IssueTicket();
        REQUIRE(kiosk.Sync());
        // Woken by the other instance's NOTIFY, not by the 20 s timeout.
        REQUIRE(poll.wait_for(5s) == std::future_status::ready);
        const auto took = std::chrono::steady_clock::now() - pushed;
        auto answer = poll.get();
        REQUIRE(answer.ok());
        REQUIRE(answer->events.size() == 1);
        CHECK(answer->events[0].event.type == "ticket.issued");
        CHECK(took < 5s);
        cursor = answer->cursor;
    }

    // The listening connections are cut (a database restart, a failed-over network): the
    // instances connect again on their own, wake their polls once (a notice sent meanwhile
    // is lost) and hear the others again.
    kiosk.transport = MakeCurlTransport(cluster.url(0));
    kiosk.engine = std::make_unique<SyncEngine>(*kiosk.store, *kiosk.journal, *kiosk.transport, kiosk.clock);
    for (int round = 0; round < 2; ++round) {
        auto poll = std::async(std::launch::async, [&, cursor] {
            return ExpectAnswer<PullOk>(MakeCurlTransport(cluster.url(1))
                                            ->Send({"POST", "/v1/pull", board_token, Encode(Pull{cursor, 20'000, 100}),
                                                    30'000}));
        });
        REQUIRE(test::WaitUntil([&] { return Gauge(cluster.url(1), "anl_central_long_polls_waiting") == 1; }, 10s));
        if (round == 0) {
            const std::string cut = "psql '" + cluster.conninfo +
                                    "' -qAt -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                                    "application_name = 'anlaufstelle-central-listen'\" >/dev/null";
            REQUIRE(std::system(cut.c_str()) == 0);
        }
        kiosk.IssueTicket();
        REQUIRE(kiosk.Sync());
        REQUIRE(poll.wait_for(5s) == std::future_status::ready);
        auto answer = poll.get();
        REQUIRE(answer.ok());
        REQUIRE(answer->events.size() == 1);
        cursor = answer->cursor;
        if (round == 0)
            REQUIRE(test::WaitUntil([&] {
                return ReadFile(cluster.dir / "central1.log").find("listening for other instances' events again") !=
                       std::string::npos;
            }, 5s, 20ms));
    }
}

TEST_CASE("a device revoked through one instance is refused by the other, where its pulls kept its token",
          "[scaleout]") {
    Cluster cluster;
    const std::string site = Site("site-revoke");
    const std::string board = Name("board-r");
    const std::string token = EnrolRaw(cluster.url(0), site, Role::kBoard, board, 7);
    auto pull_status = [&](int instance) {
        auto r = MakeCurlTransport(cluster.url(instance))->Send({"POST", "/v1/pull", token, Encode(Pull{0, 0, 10}), 5000});
        return r.ok() ? r->status : -1;
    };
    // The call display pulls from instance 1 again and again, as after every wake-up: from
    // the second pull on, instance 1 takes its device from the tokens it keeps.
    const std::int64_t kept_before = Gauge(cluster.url(1), "anl_central_pull_kept_tokens_total");
    for (int i = 0; i < 3; ++i) REQUIRE(pull_status(1) == 200);
    REQUIRE(Gauge(cluster.url(1), "anl_central_pull_kept_tokens_total") >= kept_before + 2);

    // An administrator revokes it through instance 0 (a stolen call display, say). Instance 1
    // hears the revocation's notice and lets its kept tokens go: refused within moments, not
    // at its next restart.
    auto admin = MakeCurlTransport(cluster.url(0));
    REQUIRE(AdminRevokeDevice(*admin, test::kAdminToken, board).ok());
    CHECK(pull_status(0) == 401);
    CHECK(test::WaitUntil([&] { return pull_status(1) == 401; }, 5s, 10ms));
    // And it stays refused (nothing kept it again).
    CHECK(pull_status(1) == 401);
}

TEST_CASE("kill -9 of one instance: terminals carry on through HAProxy, nothing lost or doubled", "[scaleout]") {
    Cluster cluster;
    const std::string site = Site("site-failover");
    std::vector<std::unique_ptr<Terminal>> kiosks;
    for (int k = 0; k < 3; ++k)
        kiosks.push_back(std::make_unique<Terminal>(cluster.dir, cluster.balancer(), site, Name("kiosk-f" + std::to_string(k)),
                                                    Role::kKiosk, k + 1));
    // A call display with the real worker thread: its long-poll sits on one of the instances.
    Terminal board(cluster.dir, cluster.balancer(), site, Name("board-f"), Role::kBoard, 9);
    std::mutex board_mutex;
    ClientOptions options;
    options.long_poll_ms = 20'000;
    options.min_backoff_ms = 50;
    options.max_backoff_ms = 500;
    auto worker = SyncClient::Start(*board.store, board_mutex, board.clock, options);
    REQUIRE(worker.ok());

    auto issue_and_sync = [&](int rounds) {
        for (int r = 0; r < rounds; ++r)
            for (auto& kiosk : kiosks) {
                kiosk->IssueTicket();
                (void)kiosk->Sync();
            }
    };
    issue_and_sync(10);
    // Instance 0 dies without a word, most likely with requests and long-polls on it.
    std::thread killer([&] { cluster.central[0].Kill(); });
    issue_and_sync(5);
    killer.join();
    issue_and_sync(10);

    // Every kiosk gets everything acknowledged through the survivor.
    for (auto& kiosk : kiosks)
        REQUIRE(test::WaitUntil([&] { return kiosk->Sync() && kiosk->store->PendingCount().value() == 0; }, 20s, 50ms));

    // The database holds every kiosk event exactly once, in one order.
    auto opened = central::OpenCentralStore(cluster.conninfo);
    REQUIRE(opened.ok());
    std::map<std::string, std::set<std::int64_t>> stored;
    std::size_t total = 0;
    REQUIRE(central::ForEachSiteEvent(*opened.value(), site, 0, [&](const central::StoredEvent& e) -> Status {
        ++total;
        CHECK(stored[e.event.device].insert(e.event.seq).second);  // no duplicate
        return {};
    }).ok());
    std::size_t issued = 0;
    for (auto& kiosk : kiosks) {
        auto own = kiosk->store->ReadOutbox(0, 1'000'000);
        REQUIRE(own.ok());
        REQUIRE(own->size() == 25);
        issued += own->size();
        const std::string device = kiosk->journal->credentials().device;
        for (const auto& e : own.value()) CHECK(stored[device].count(e.seq) == 1);  // none lost
    }
    CHECK(total == issued);

    // The call display carried on too: its worker re-polled through HAProxy and has them all.
    const bool caught_up = test::WaitUntil([&] {
        std::lock_guard lock(board_mutex);
        return board.store->state().tickets.size() == issued;
    }, 30s, 50ms);
    CHECK(caught_up);
    worker.value().reset();
    std::set<std::string> numbers;
    for (const auto& [id, visit] : board.store->state().visits) CHECK(numbers.insert(visit.display).second);
}

TEST_CASE("two terminals racing for one appointment slot on two instances: exactly one gets it", "[scaleout]") {
    Cluster cluster;
    const std::string site = Site("site-race");
    const std::string token[2] = {EnrolRaw(cluster.url(0), site, Role::kDesk, Name("desk-r0"), 1),
                                  EnrolRaw(cluster.url(1), site, Role::kDesk, Name("desk-r1"), 2)};
    // Free slots of a service that takes appointments, on the next weekday with hours.
    std::vector<std::string> free;
    for (int days = 1; days <= 7 && free.empty(); ++days) {
        const auto day = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
        const std::time_t t = std::chrono::system_clock::to_time_t(day);
        std::tm utc{};
        gmtime_r(&t, &utc);
        char date[16];
        std::strftime(date, sizeof date, "%Y-%m-%d", &utc);
        auto r = MakeCurlTransport(cluster.url(0))->Send(
            {"GET", std::string(kPathSlots) + "?service=abh.family-reunification&date=" + date, token[0], ""});
        REQUIRE(r.ok());
        INFO(r->body);
        REQUIRE(r->status == 200);
        auto list = DecodeSlotList(r->body);
        REQUIRE(list.ok());
        for (const auto& s : list->slots)
            if (s.state == "free") free.push_back(s.slot);
    }
    REQUIRE(free.size() >= 3);
    int won[2] = {0, 0};
    for (const auto& slot : free) {
        // Both requests leave at the same moment, one to each instance.
        std::promise<void> go;
        std::shared_future<void> start = go.get_future().share();
        auto ask = [&](int i) {
            auto transport = MakeCurlTransport(cluster.url(i));
            start.wait();
            return transport->Send({"POST", std::string(kPathHold), token[i], EncodeHoldRequest(HoldRequest{slot}), 10'000});
        };
        auto first = std::async(std::launch::async, ask, 0);
        auto second = std::async(std::launch::async, ask, 1);
        go.set_value();
        auto a = first.get(), b = second.get();
        REQUIRE(a.ok());
        REQUIRE(b.ok());
        INFO(slot << ": " << a->status << " " << a->body << " / " << b->status << " " << b->body);
        CHECK(((a->status == 200) != (b->status == 200)));  // exactly one
        CHECK((a->status == 200 || a->status == 409));
        CHECK((b->status == 200 || b->status == 409));
        won[0] += a->status == 200;
        won[1] += b->status == 200;
    }
    CHECK(won[0] + won[1] == static_cast<int>(free.size()));
}
