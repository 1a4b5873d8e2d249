// bench_sync: the central service's figures, in one command (tests/bench/run.sh or
// build/bin/bench_sync). Loopback only.
//   1. Ingest events/s into the SQLite central store, directly and through the push endpoint
//      (JSON decode + rules + store), batches of 256 events, durable (synchronous=FULL).
//   2. The same into PostgreSQL, when a throw-away cluster can be started (needs root; uses
//      tests/sync/postgres_fixture.sh) or ANL_BENCH_POSTGRES names one.
//   3. Propagation latency from one desk's push to N long-polling devices (default 500),
//      against the real anlaufstelle-central process; p50/p99.
//   4. Memory per connected device: the central process's resident set before and after
//      N devices hold a long-poll.
#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"
#include "sync/client/client.h"
#include "tests/bench/long_poller.h"

namespace {

using namespace anl;
using namespace anl::sync;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;

constexpr const char* kAdmin = "bench-admin-token-0123456789";

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::filesystem::path TempDir(const std::string& name) {
    auto p = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

std::string Payload(int i) {
    return R"({"appointment_due_at":0,"arrival_at":1768464000000000,"display":"A-)" + std::to_string(i % 1000) +
           R"(","interpreter":false,"lang":"ps","number":)" + std::to_string(i % 1000) +
           R"(,"office_id":"abh","prefix":"A","priority_class":"","priority_rank":0,"service_day":"2026-01-15","service_id":"abh.permit-extension","ticket_id":"kiosk/)" +
           std::to_string(i) + R"(","visit_id":"visit:kiosk/)" + std::to_string(i) + R"("})";
}

// Genuine events, as a terminal's own core decides them: the central checks every pushed event
// (number block, times, state machine), so a made-up payload would be measured as a refusal.
struct GenuineSite {
    catalogue::Catalogue catalogue;
    core::QueueRules rules;
    core::State state;

    static std::optional<GenuineSite> Load() {
        auto loaded = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        if (!loaded.ok()) {
            std::cout << "cannot load the shipped catalogue: " << loaded.error().message << "\n";
            return std::nullopt;
        }
        GenuineSite site;
        site.catalogue = std::move(loaded.value());
        return site;
    }

    // Decides `command` as `device` (slot, next seq) at `now`, folds it, and returns it for the wire.
    std::optional<Event> Decide(const std::string& device, int slot, std::int64_t seq, Micros now,
                                const core::Command& command) {
        auto events = core::Decide(state, catalogue, rules, core::Actor{device, slot, seq, ""}, now, command);
        if (!events.ok() || events->size() != 1) return std::nullopt;
        core::ApplyEvent(state, events->front());
        const core::Event& e = events->front();
        return Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us};
    }
};

// --- 1 and 2: ingest -----------------------------------------------------------------------
void BenchIngest(const std::string& label, const std::string& spec, int total) {
    auto opened = central::OpenCentralStore(spec);
    if (!opened.ok()) {
        std::cout << label << ": cannot open (" << opened.error().message << ")\n";
        return;
    }
    auto& store = *opened.value();
    FakeClock clock;
    std::string suffix = std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}() % 100000);

    // Directly into the store.
    {
        std::string device = "kiosk-s" + suffix;
        auto added = store.AddDevice("bench" + suffix, Role::kKiosk, "", central::HashSecret("c" + device), INT64_MAX / 2);
        auto record = store.Enroll(central::HashSecret("c" + device), device, "bench" + suffix, 0,
                                   central::HashSecret("t" + device), 1);
        if (!added.ok() || !record.ok()) {
            std::cout << label << ": cannot enrol\n";
            return;
        }
        std::vector<std::vector<Event>> batches;
        for (int seq = 1; seq <= total;) {
            std::vector<Event> batch;
            for (std::size_t k = 0; k < kMaxBatchEvents && seq <= total; ++k, ++seq)
                batch.push_back(Event{device, seq, "ticket.issued", Payload(seq), 1'768'464'000'000'000 + seq});
            batches.push_back(std::move(batch));
        }
        auto start = Clock::now();
        for (const auto& batch : batches) {
            auto r = store.Ingest(record.value(), batch, 2);
            if (!r.ok() || r->stored != static_cast<std::int64_t>(batch.size())) {
                std::cout << label << ": ingest failed\n";
                return;
            }
        }
        double s = Seconds(Clock::now() - start);
        std::printf("%-34s %9.0f events/s  (%d events, batches of %zu, durable)\n", (label + " store.Ingest").c_str(),
                    total / s, total, kMaxBatchEvents);
    }
    // Through the push endpoint: decode, auth, rules, store.
    {
        central::Service service(store, clock, kAdmin);
        auto added = service.Handle({"POST", "/v1/admin/devices", std::string("Bearer ") + kAdmin,
                                     Encode(DeviceAdd{"bench" + suffix, Role::kKiosk, ""})});
        auto code = DecodeAs<DeviceAdded>(added.response.body);
        std::string device = "kiosk-p" + suffix;
        auto enrolled = service.Handle({"POST", "/v1/enroll", "", Encode(Enroll{code->enrol_code, device, kProtocolVersion, kSchemaVersion, "bench" + suffix, 1})});
        auto token = DecodeAs<Enrolled>(enrolled.response.body);
        if (!token.ok()) {
            std::cout << label << ": cannot enrol through the service\n";
            return;
        }
        auto site = GenuineSite::Load();
        if (!site) return;
        clock.Set(SystemClock().NowUtcMicros());  // the central refuses events far from its clock
        std::vector<std::string> bodies;
        for (int seq = 1; seq <= total;) {
            Push push;
            for (std::size_t k = 0; k < kMaxBatchEvents && seq <= total; ++k, ++seq) {
                auto event = site->Decide(device, 1, seq, clock.NowUtcMicros() + seq,
                                          core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
                if (!event) {
                    std::cout << label << ": the core refused a bench ticket\n";
                    return;
                }
                push.events.push_back(std::move(*event));
            }
            bodies.push_back(Encode(push));
        }
        std::string auth = "Bearer " + token->token;
        auto start = Clock::now();
        for (const auto& body : bodies) {
            auto r = service.Handle({"POST", "/v1/push", auth, body});
            auto answer = DecodeAs<PushOk>(r.response.body);
            if (r.response.status != 200 || !answer.ok() || !answer->rejected.empty()) {
                std::cout << label << ": push failed or refused: " << r.response.body.substr(0, 300) << "\n";
                return;
            }
        }
        double s = Seconds(Clock::now() - start);
        std::printf("%-34s %9.0f events/s  (%d events, JSON decode + auth + rules + store)\n",
                    (label + " POST /v1/push").c_str(), total / s, total);
    }
}

// --- 3 and 4: long-poll fan-out ------------------------------------------------------------
long RssKb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
}

struct Shared {
    std::atomic<std::int64_t> push_ns{0};
    std::atomic<int> received{0};
    std::mutex mutex;
    std::vector<double> latencies_ms;
};


std::int64_t Gauge(Transport& t, const std::string& name) {
    auto r = t.Send({"GET", "/metrics", "", "", 5000});
    if (!r.ok()) return -1;
    auto at = r->body.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::atoll(r->body.c_str() + at + name.size() + 2);
}

void BenchFanOut(int devices, int pushes) {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = std::max<rlim_t>(limit.rlim_cur, std::min<rlim_t>(limit.rlim_max, devices * 2 + 256));
    setrlimit(RLIMIT_NOFILE, &limit);

    auto dir = TempDir("anl-bench-fanout");
    { std::ofstream(dir / "admin.token") << kAdmin << "\n"; }
    int port = 20000 + static_cast<int>(::getpid() % 20000);
    std::string url = "http://127.0.0.1:" + std::to_string(port);
    std::string binary = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle-central";
    std::fflush(stdout);  // the child must not inherit (and later write) our buffered lines
    pid_t central = ::fork();
    if (central == 0) {
        std::string listen = "127.0.0.1:" + std::to_string(port);
        std::string db = (dir / "central.db").string(), token = (dir / "admin.token").string();
        if (!std::freopen("/dev/null", "w", stdout)) std::_Exit(126);
        ::execl(binary.c_str(), binary.c_str(), "--listen", listen.c_str(), "--db", db.c_str(), "--admin-token-file",
                token.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    auto admin = MakeCurlTransport(url);
    for (int i = 0; i < 200 && !(admin->Send({"GET", "/healthz", "", "", 300}).ok()); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));

    auto enrol = [&](Role role, const std::string& device, int slot = 0) -> std::string {
        auto added = AdminAddDevice(*admin, kAdmin, DeviceAdd{"site-b", role, ""});
        if (!added.ok()) return "";
        auto ok = ExpectAnswer<Enrolled>(admin->Send({"POST", "/v1/enroll", "", Encode(Enroll{added->enrol_code, device, kProtocolVersion, kSchemaVersion, "site-b", slot}), 5000}));
        return ok.ok() ? ok->token : "";
    };
    std::string desk_token = enrol(Role::kDesk, "desk-1");
    // The desk calls genuine tickets (the central refuses a call of a ticket it does not know):
    // a kiosk issues one per push first.
    auto site = GenuineSite::Load();
    std::string kiosk_token = enrol(Role::kKiosk, "kiosk-1", 1);
    std::vector<Event> calls;
    if (site && !kiosk_token.empty()) {
        Push issued;
        const Micros now = SystemClock().NowUtcMicros();
        for (int p = 1; p <= pushes; ++p) {
            auto ticket = site->Decide("kiosk-1", 1, p, now + p, core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
            if (ticket) issued.events.push_back(*ticket);
        }
        for (int p = 1; p <= pushes; ++p) {
            auto call = site->Decide("desk-1", 0, p, now + pushes + p,
                                     core::CallTicket{"kiosk-1/" + std::to_string(p), 3});
            if (call) calls.push_back(*call);
        }
        auto ok = ExpectAnswer<PushOk>(MakeCurlTransport(url)->Send({"POST", "/v1/push", kiosk_token, Encode(issued), 5000}));
        if (!ok.ok() || !ok->rejected.empty()) calls.clear();
    }
    if (static_cast<int>(calls.size()) != pushes) {
        std::cout << "fan-out: the kiosk's tickets were not accepted\n";
        ::kill(central, SIGKILL);
        ::waitpid(central, nullptr, 0);
        return;
    }
    std::vector<std::string> tokens;
    for (int i = 0; i < devices; ++i) tokens.push_back(enrol(Role::kBoard, "board-" + std::to_string(i)));
    if (desk_token.empty() || std::count(tokens.begin(), tokens.end(), "") > 0) {
        std::cout << "fan-out: enrolment failed\n";
        ::kill(central, SIGKILL);
        ::waitpid(central, nullptr, 0);
        return;
    }
    long rss_before = RssKb(central);

    Shared shared;
    asio::io_context io(1);
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
    // A device counts an answer that brought anything once the timed push was sent.
    for (const auto& token : tokens)
        std::make_shared<bench::LongPoller>(io, endpoint, token, [&shared](const PullOk& answer, std::int64_t now_ns) {
            if (answer.events.empty() || shared.push_ns.load() == 0) return;
            std::lock_guard lock(shared.mutex);
            shared.latencies_ms.push_back(static_cast<double>(now_ns - shared.push_ns.load()) / 1e6);
            ++shared.received;
        })->Start();
    std::thread loop([&io] { io.run(); });
    auto wait_parked = [&] {
        for (int i = 0; i < 1000 && Gauge(*admin, "anl_central_long_polls_waiting") < devices; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
    wait_parked();
    long rss_parked = RssKb(central);

    auto desk = MakeCurlTransport(url);
    for (int p = 1; p <= pushes; ++p) {
        wait_parked();
        shared.received = 0;
        Push push;
        push.events.push_back(calls[static_cast<std::size_t>(p - 1)]);
        shared.push_ns = Clock::now().time_since_epoch().count();
        auto ok = ExpectAnswer<PushOk>(desk->Send({"POST", "/v1/push", desk_token, Encode(push), 5000}));
        if (!ok.ok()) std::cout << "push failed: " << ok.error().message << "\n";
        else if (!ok->rejected.empty()) std::cout << "push refused: " << ok->rejected.front().message << "\n";
        for (int i = 0; i < 500 && shared.received < devices; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        shared.push_ns = 0;
    }
    io.stop();
    loop.join();
    ::kill(central, SIGTERM);
    ::waitpid(central, nullptr, 0);
    std::filesystem::remove_all(dir);

    auto& l = shared.latencies_ms;
    std::sort(l.begin(), l.end());
    if (l.empty()) {
        std::cout << "fan-out: no answers\n";
        return;
    }
    auto pct = [&](double q) { return l[std::min(l.size() - 1, static_cast<std::size_t>(q * static_cast<double>(l.size())))]; };
    std::printf("propagation push -> %d long-polls    p50 %.1f ms, p99 %.1f ms, max %.1f ms (%zu of %d deliveries)\n",
                devices, pct(0.50), pct(0.99), l.back(), l.size(), devices * pushes);
    std::printf("central memory per waiting device  %.1f KiB (RSS %ld KiB idle -> %ld KiB with %d long-polls)\n",
                static_cast<double>(rss_parked - rss_before) / devices, rss_before, rss_parked, devices);
}

}  // namespace

int main(int argc, char** argv) {
    // Positional counts; anything else (--help, a typo) gets the usage instead of a run of 0 events.
    auto count = [&](int i, int fallback) {
        if (argc <= i) return fallback;
        char* end = nullptr;
        const long v = std::strtol(argv[i], &end, 10);
        if (end == argv[i] || *end != '\0' || v <= 0 || v > 100'000'000) {
            std::fprintf(stderr, "usage: bench_sync [EVENTS [DEVICES [PUSHES]]]  (defaults 200000 500 20)\n");
            std::exit(2);
        }
        return static_cast<int>(v);
    };
    const int events = count(1, 200'000);
    const int devices = count(2, 500);
    const int pushes = count(3, 20);

    auto dir = TempDir("anl-bench-sync");
    BenchIngest("sqlite", (dir / "central.db").string(), events);
    std::filesystem::remove_all(dir);

    std::string pg;
    std::string pg_dir = (std::filesystem::temp_directory_path() / ("anl-bench-pg-" + std::to_string(::getpid()))).string();
    std::string fixture = std::string(ANL_SOURCE_DIR) + "/tests/sync/postgres_fixture.sh";
    if (const char* env = std::getenv("ANL_BENCH_POSTGRES")) {
        pg = env;
    } else if (std::system((fixture + " setup " + pg_dir + " durable >/dev/null").c_str()) == 0) {
        std::ifstream in(pg_dir + "/conninfo");
        std::getline(in, pg);
        if (pg.rfind("postgresql://", 0) != 0) pg.clear();
    }
    if (!pg.empty()) {
        BenchIngest("postgresql", pg, events / 2);
    } else {
        std::cout << "postgresql: skipped (needs root for a throw-away cluster, or ANL_BENCH_POSTGRES)\n";
    }
    if (!std::getenv("ANL_BENCH_POSTGRES")) (void)std::system((fixture + " cleanup " + pg_dir + " >/dev/null").c_str());

    BenchFanOut(devices, pushes);
    return 0;
}
