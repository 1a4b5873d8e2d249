// bench_city: the central service scaled out on PostgreSQL, in one command (tests/bench/run.sh,
// or build/bin/bench_city [--sites N] [--visits N] [--instances 1,2,4]). Loopback only.
//
// A city's busy day: 50 sites of 20 terminals each (4 kiosks, 6 desks, 10 call displays and
// other screens: 1,000 devices), 25,000 visits, each a ticket issued at a kiosk, called and
// finished at a desk (75,000 genuine events, decided by the terminals' own core). The day is
// replayed as fast as the central takes it, each event its own push (a terminal pushes as it
// happens), the 50 sites in parallel, against 1, 2 and 4 anlaufstelle-central instances on
// one throw-away PostgreSQL (durable: fsync on). Every device holds a long-poll all day on the
// instance it is assigned to (device i -> instance i mod N, as a round-robin balancer would;
// HAProxy is left out so its CPU does not blur the curve: tests/sync/test_scaleout.cpp runs
// it). Printed per configuration:
//   events/s      the day's events over the wall time of the replay, and the ratio to 1 instance;
//   propagation   push sent by one device -> a long-poll of another device of the same site
//                 has the event (every delivery of every event counted): p50, p99;
//   memory        each instance's resident set at the end (1000/N long-polls parked on it);
//   CPU           seconds of CPU of the instances and of all PostgreSQL processes during the
//                 replay (from /proc), and the machine's core count: on 2 cores the load
//                 generator, the instances and PostgreSQL share the same two.
#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "sync/client/client.h"
#include "tests/bench/long_poller.h"

namespace {

using namespace anl;
using namespace anl::sync;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr const char* kAdmin = "bench-admin-token-0123456789";
constexpr int kKiosks = 4, kDesks = 6;  // the rest of a site's devices are call displays

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::uint16_t FreePort() {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return acceptor.local_endpoint().port();
}

// --- /proc ------------------------------------------------------------------------------
long StatusKb(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
    return 0;
}

// utime + stime of a process in seconds, and its parent's pid.
std::pair<double, pid_t> CpuAndParent(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = text.rfind(')');
    if (close == std::string::npos) return {0, 0};
    std::istringstream rest(text.substr(close + 2));
    std::string state;
    long ppid = 0;
    rest >> state >> ppid;
    std::string skip;
    for (int i = 0; i < 9; ++i) rest >> skip;  // pgrp .. cmajflt
    double utime = 0, stime = 0;
    rest >> utime >> stime;
    return {(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK)), static_cast<pid_t>(ppid)};
}

// CPU seconds of the postmaster and every process it started (backends, walwriter ...).
double PostgresCpu(pid_t postmaster) {
    double total = CpuAndParent(postmaster).first;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
        auto [cpu, parent] = CpuAndParent(static_cast<pid_t>(std::atol(name.c_str())));
        if (parent == postmaster) total += cpu;
    }
    return total;
}

// --- the day ------------------------------------------------------------------------------
struct Device {
    std::string id;
    Role role;
    int slot = 0;
    int instance = 0;
    std::string token;
    std::int64_t next_seq = 1;
};

struct DayEvent {
    int device = 0;  // index into the site's devices
    std::string body;  // the push, encoded
    std::string key;   // "device/seq"
};

struct Site {
    std::string id;
    std::vector<Device> devices;
    std::vector<DayEvent> events;
};

// Decides the site's day with the terminals' own core, so the central accepts every event.
bool PlanDay(Site& site, int visits, const catalogue::Catalogue& catalogue, Micros start) {
    core::State state;
    core::QueueRules rules;
    Micros now = start;
    auto decide = [&](int device, const core::Command& command) -> std::optional<std::string> {
        Device& d = site.devices[static_cast<std::size_t>(device)];
        auto events = core::Decide(state, catalogue, rules, core::Actor{d.id, d.slot, d.next_seq, ""}, now, command);
        if (!events.ok() || events->empty()) return std::nullopt;
        Push push;
        for (const auto& e : events.value()) {
            core::ApplyEvent(state, e);
            push.events.push_back(Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us});
            ++d.next_seq;
        }
        for (const auto& e : push.events)
            site.events.push_back({device, "", e.device + "/" + std::to_string(e.seq)});
        site.events.back().body = Encode(push);  // several events of one command: one push
        // Earlier entries of the same command carry no body: they travel in the last one.
        return push.events.front().device + "/" + std::to_string(push.events.front().seq);
    };
    std::vector<std::string> waiting;
    const int lag = 5;  // a few visitors wait while the next ones arrive
    for (int v = 0; v < visits + lag; ++v) {
        now += 1000;
        if (v < visits) {
            const int kiosk = v % kKiosks;
            auto issued = decide(kiosk, core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
            if (!issued) return false;
            waiting.push_back(*issued);
        }
        if (v >= lag) {
            const std::string ticket = waiting[static_cast<std::size_t>(v - lag)];
            const int desk = kKiosks + (v % kDesks);
            now += 1000;
            if (!decide(desk, core::CallTicket{ticket, desk})) return false;
            now += 1000;
            if (!decide(desk, core::FinishService{ticket, "resolved"})) {
                if (!decide(desk, core::StartService{ticket})) return false;
                now += 1000;
                if (!decide(desk, core::FinishService{ticket, "resolved"})) return false;
            }
        }
    }
    return true;
}

// --- the load: long-polls and pushes on one Asio thread ----------------------------------
struct Deliveries {
    std::unordered_map<std::string, std::size_t> index;  // "device/seq" -> slot in push_ns
    std::vector<std::int64_t> push_ns;                   // when its push was sent (0: not yet)
    std::vector<double> latencies_ms;
    std::int64_t received = 0;
};

std::int64_t NowNs() { return Clock::now().time_since_epoch().count(); }

// Every foreign event a device's long-poll brings counts as a delivery, timed from its push.
bench::LongPoller::OnAnswer CountDeliveries(Deliveries& deliveries) {
    return [&deliveries](const PullOk& answer, std::int64_t now_ns) {
        for (const auto& e : answer.events) {
            if (e.marker) continue;  // its own
            auto it = deliveries.index.find(e.event.device + "/" + std::to_string(e.event.seq));
            if (it == deliveries.index.end() || deliveries.push_ns[it->second] == 0) continue;
            deliveries.latencies_ms.push_back(static_cast<double>(now_ns - deliveries.push_ns[it->second]) / 1e6);
            ++deliveries.received;
        }
    };
}

// One site's day, pushed event after event in the order it was decided (the central checks
// each against the site's order so far), each through the pushing device's instance.
class SiteReplay : public std::enable_shared_from_this<SiteReplay> {
public:
    SiteReplay(asio::io_context& io, const Site& site, const std::vector<tcp::endpoint>& instances,
               Deliveries& deliveries, std::int64_t& failures, int& running)
        : site_(site), instances_(instances), deliveries_(deliveries), failures_(failures), running_(running) {
        for (std::size_t i = 0; i < instances.size(); ++i) streams_.push_back(std::make_unique<beast::tcp_stream>(io));
    }
    void Start() {
        ++running_;
        auto self = shared_from_this();
        pending_connects_ = static_cast<int>(streams_.size());
        for (std::size_t i = 0; i < streams_.size(); ++i)
            streams_[i]->async_connect(instances_[i], [self](beast::error_code ec) {
                if (ec) ++self->failures_;
                if (--self->pending_connects_ == 0) self->Next();
            });
    }

private:
    void Next() {
        // Skip the entries whose event travels in a later entry's push (one command, several events).
        while (next_ < site_.events.size() && site_.events[next_].body.empty()) {
            deliveries_.push_ns[deliveries_.index.at(site_.events[next_].key)] = NowNs();
            ++next_;
        }
        if (next_ >= site_.events.size()) {
            --running_;
            return;
        }
        const DayEvent& e = site_.events[next_];
        const Device& device = site_.devices[static_cast<std::size_t>(e.device)];
        deliveries_.push_ns[deliveries_.index.at(e.key)] = NowNs();
        request_ = {http::verb::post, "/v1/push", 11};
        request_.set(http::field::host, "127.0.0.1");
        request_.set(http::field::authorization, "Bearer " + device.token);
        request_.keep_alive(true);
        request_.body() = e.body;
        request_.prepare_payload();
        auto& stream = *streams_[static_cast<std::size_t>(device.instance)];
        http::async_write(stream, request_, [self = shared_from_this(), &stream](beast::error_code ec, std::size_t) {
            if (ec) {
                ++self->failures_;
                --self->running_;
                return;
            }
            self->response_ = {};
            http::async_read(stream, self->buffer_, self->response_, [self](beast::error_code ec2, std::size_t) {
                if (ec2) {
                    ++self->failures_;
                    --self->running_;
                    return;
                }
                auto ok = DecodeAs<PushOk>(self->response_.body());
                if (self->response_.result() != http::status::ok || !ok.ok() || !ok->rejected.empty() || ok->stored < 1) {
                    if (self->failures_++ < 3)
                        std::cout << "  push refused: " << self->response_.body().substr(0, 300) << "\n";
                }
                ++self->next_;
                self->Next();
            });
        });
    }

    const Site& site_;
    const std::vector<tcp::endpoint>& instances_;
    Deliveries& deliveries_;
    std::int64_t& failures_;
    int& running_;
    std::vector<std::unique_ptr<beast::tcp_stream>> streams_;
    int pending_connects_ = 0;
    std::size_t next_ = 0;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    http::response<http::string_body> response_;
};

// --- processes ------------------------------------------------------------------------------
pid_t Spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    std::fflush(stdout);  // the child must not inherit (and later write) our buffered lines
    pid_t pid = ::fork();
    if (pid == 0) {
        if (!std::freopen(log.c_str(), "a", stdout)) std::_Exit(126);
        ::dup2(::fileno(stdout), 2);
        ::execv(argv[0], argv.data());
        std::_Exit(127);
    }
    return pid;
}

bool WaitHealthy(const std::string& url) {
    auto transport = MakeCurlTransport(url);
    const auto until = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < until) {
        auto r = transport->Send({"GET", "/healthz", "", "", 500});
        if (r.ok() && r->status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(25));  // polling a process start-up
    }
    return false;
}

std::int64_t Gauge(const std::string& url, const std::string& name) {
    auto r = MakeCurlTransport(url)->Send({"GET", "/metrics", "", "", 5000});
    if (!r.ok()) return -1;
    auto at = r->body.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::atoll(r->body.c_str() + at + name.size() + 2);
}

struct Figures {
    int instances = 0;
    std::size_t events = 0;
    double seconds = 0;
    double p50 = 0, p99 = 0;
    std::int64_t delivered = 0, expected = 0, failures = 0;
    std::vector<long> rss_kb;
    double central_cpu = 0, postgres_cpu = 0;
};

std::optional<Figures> RunCity(int instances, int sites, int devices_per_site, int visits_per_site,
                               const catalogue::Catalogue& catalogue) {
    const std::string fixture = std::string(ANL_SOURCE_DIR) + "/tests/sync/postgres_fixture.sh";
    const auto dir = std::filesystem::temp_directory_path() / ("anl-bench-city-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string pg_dir = (dir / "pg").string();
    std::string conninfo;
    pid_t postmaster = 0;
    if (const char* env = std::getenv("ANL_BENCH_POSTGRES")) {
        conninfo = env;  // someone else's cluster: its CPU is not measured
    } else if (std::system((fixture + " setup " + pg_dir + " durable >/dev/null").c_str()) == 0) {
        std::ifstream in(pg_dir + "/conninfo");
        std::getline(in, conninfo);
        std::string cluster;
        std::ifstream(pg_dir + "/cluster") >> cluster;
        std::ifstream(cluster + "/data/postmaster.pid") >> postmaster;
    }
    if (conninfo.rfind("postgresql://", 0) != 0) {
        std::cout << "city: skipped (needs root for a throw-away PostgreSQL cluster, or ANL_BENCH_POSTGRES): " << conninfo
                  << "\n";
        return std::nullopt;
    }
    auto cleanup = [&](std::vector<pid_t>& pids) {
        for (pid_t pid : pids) {
            ::kill(pid, SIGTERM);
            ::waitpid(pid, nullptr, 0);
        }
        pids.clear();
        if (!std::getenv("ANL_BENCH_POSTGRES")) (void)std::system((fixture + " cleanup " + pg_dir + " >/dev/null").c_str());
        std::filesystem::remove_all(dir);
    };

    { std::ofstream(dir / "admin.token") << kAdmin << "\n"; }
    std::vector<pid_t> centrals;
    std::vector<std::string> urls;
    std::vector<tcp::endpoint> endpoints;
    for (int i = 0; i < instances; ++i) {
        const std::uint16_t port = FreePort();
        urls.push_back("http://127.0.0.1:" + std::to_string(port));
        endpoints.emplace_back(asio::ip::make_address("127.0.0.1"), port);
        centrals.push_back(Spawn({std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle-central", "--listen",
                                  "127.0.0.1:" + std::to_string(port), "--store", conninfo, "--admin-token-file",
                                  (dir / "admin.token").string(), "--max-connections", "4000"},
                                 dir / ("central" + std::to_string(i) + ".log")));
        if (!WaitHealthy(urls.back())) {
            std::cout << "city: instance " << i << " did not start\n";
            cleanup(centrals);
            return std::nullopt;
        }
    }

    // Enrol every device (through the instance it is assigned to).
    std::vector<Site> city(static_cast<std::size_t>(sites));
    int device_number = 0;
    std::vector<std::unique_ptr<Transport>> admins;
    for (const auto& url : urls) admins.push_back(MakeCurlTransport(url));
    for (int s = 0; s < sites; ++s) {
        Site& site = city[static_cast<std::size_t>(s)];
        site.id = "city-" + std::to_string(s);
        for (int d = 0; d < devices_per_site; ++d, ++device_number) {
            Device device;
            device.role = d < kKiosks ? Role::kKiosk : d < kKiosks + kDesks ? Role::kDesk : Role::kBoard;
            device.id = std::string(RoleName(device.role)) + "-" + std::to_string(s) + "-" + std::to_string(d);
            device.slot = d < kKiosks + kDesks ? d : 0;
            device.instance = device_number % instances;
            Transport& admin = *admins[static_cast<std::size_t>(device.instance)];
            auto added = AdminAddDevice(admin, kAdmin, DeviceAdd{site.id, device.role, ""});
            if (!added.ok()) {
                std::cout << "city: cannot register a device: " << added.error().message << "\n";
                cleanup(centrals);
                return std::nullopt;
            }
            auto enrolled = ExpectAnswer<Enrolled>(admin.Send(
                {"POST", "/v1/enroll", "",
                 Encode(Enroll{added->enrol_code, device.id, kProtocolVersion, kSchemaVersion, site.id, device.slot}),
                 5000}));
            if (!enrolled.ok()) {
                std::cout << "city: cannot enrol: " << enrolled.error().message << "\n";
                cleanup(centrals);
                return std::nullopt;
            }
            device.token = enrolled->token;
            site.devices.push_back(std::move(device));
        }
    }
    // The day, decided before the clock starts.
    Deliveries deliveries;
    const Micros start = SystemClock().NowUtcMicros();
    std::size_t total_events = 0;
    for (auto& site : city) {
        if (!PlanDay(site, visits_per_site, catalogue, start)) {
            std::cout << "city: the core refused a step of the day\n";
            cleanup(centrals);
            return std::nullopt;
        }
        for (const auto& e : site.events) deliveries.index.emplace(e.key, deliveries.index.size());
        total_events += site.events.size();
    }
    deliveries.push_ns.assign(deliveries.index.size(), 0);
    deliveries.latencies_ms.reserve(total_events * static_cast<std::size_t>(devices_per_site - 1));

    // Every device parks its long-poll.
    asio::io_context io(1);
    std::vector<std::shared_ptr<bench::LongPoller>> pollers;
    for (const auto& site : city)
        for (const auto& device : site.devices) {
            pollers.push_back(std::make_shared<bench::LongPoller>(io, endpoints[static_cast<std::size_t>(device.instance)],
                                                                  device.token, CountDeliveries(deliveries)));
            pollers.back()->Start();
        }
    const std::int64_t devices = static_cast<std::int64_t>(sites) * devices_per_site;
    {
        auto parked = [&] {
            std::int64_t sum = 0;
            for (const auto& url : urls) sum += std::max<std::int64_t>(0, Gauge(url, "anl_central_long_polls_waiting"));
            return sum;
        };
        std::thread loop([&io] {
            auto guard = asio::make_work_guard(io);
            io.run_for(std::chrono::seconds(30));
        });
        const auto until = Clock::now() + std::chrono::seconds(25);
        while (parked() < devices && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        io.stop();
        loop.join();
        io.restart();
    }

    // Replay.
    double cpu_before = 0;
    for (pid_t pid : centrals) cpu_before += CpuAndParent(pid).first;
    const double pg_before = postmaster ? PostgresCpu(postmaster) : 0;
    std::int64_t failures = 0;
    int running = 0;
    std::vector<std::shared_ptr<SiteReplay>> replays;
    for (const auto& site : city) {
        replays.push_back(std::make_shared<SiteReplay>(io, site, endpoints, deliveries, failures, running));
        replays.back()->Start();
    }
    const auto begin = Clock::now();
    Clock::time_point finished{};
    const std::int64_t expected = static_cast<std::int64_t>(total_events) * (devices_per_site - 1);
    // Runs the loop until every push is answered, then until the deliveries are in (60 s at most).
    while (!io.stopped()) {
        io.run_for(std::chrono::milliseconds(20));
        if (running == 0 && finished == Clock::time_point{}) finished = Clock::now();
        if (finished != Clock::time_point{} &&
            (deliveries.received >= expected || Clock::now() - finished > std::chrono::seconds(60)))
            break;
    }
    const double pushed_seconds = Seconds(finished - begin);
    double cpu_after = 0;
    for (pid_t pid : centrals) cpu_after += CpuAndParent(pid).first;
    const double pg_after = postmaster ? PostgresCpu(postmaster) : 0;

    Figures f;
    f.instances = instances;
    f.events = total_events;
    f.seconds = pushed_seconds;
    f.failures = failures;
    f.delivered = deliveries.received;
    f.expected = expected;
    for (pid_t pid : centrals) f.rss_kb.push_back(StatusKb(pid, "VmRSS:"));
    f.central_cpu = cpu_after - cpu_before;
    f.postgres_cpu = pg_after - pg_before;
    auto& l = deliveries.latencies_ms;
    std::sort(l.begin(), l.end());
    if (!l.empty()) {
        auto pct = [&](double q) { return l[std::min(l.size() - 1, static_cast<std::size_t>(q * static_cast<double>(l.size())))]; };
        f.p50 = pct(0.50);
        f.p99 = pct(0.99);
    }
    for (auto& p : pollers) p->Stop();
    io.stop();
    cleanup(centrals);
    return f;
}

std::vector<int> ParseInstances(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const int n = std::atoi(item.c_str());
        if (n < 1 || n > 16) return {};
        out.push_back(n);
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int sites = 50, devices_per_site = 20, visits = 25'000;
    std::vector<int> instances = {1, 2, 4};
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (arg == "--sites") sites = std::atoi(value().c_str());
        else if (arg == "--visits") visits = std::atoi(value().c_str());
        else if (arg == "--devices-per-site") devices_per_site = std::atoi(value().c_str());
        else if (arg == "--instances") instances = ParseInstances(value());
        else sites = 0;
        if (sites < 1 || sites > 1000 || visits < sites || visits > 1'000'000 || instances.empty() ||
            devices_per_site < kKiosks + kDesks + 1 || devices_per_site > 100) {
            std::fprintf(stderr, "usage: bench_city [--sites 50] [--visits 25000] [--devices-per-site 20] "
                                 "[--instances 1,2,4]\n");
            return 2;
        }
    }
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = std::max<rlim_t>(limit.rlim_cur, std::min<rlim_t>(limit.rlim_max, 16384));
    setrlimit(RLIMIT_NOFILE, &limit);
    auto catalogue = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
    if (!catalogue.ok()) {
        std::cout << "city: cannot load the shipped catalogue: " << catalogue.error().message << "\n";
        return 1;
    }
    const int per_site = visits / sites;
    std::printf("city: %d sites x %d devices = %d devices, %d visits (%d per site), PostgreSQL durable, %u cores\n",
                sites, devices_per_site, sites * devices_per_site, per_site * sites, per_site,
                std::thread::hardware_concurrency());
    std::optional<double> baseline;
    for (int n : instances) {
        auto f = RunCity(n, sites, devices_per_site, per_site, catalogue.value());
        if (!f) return 0;
        const double rate = static_cast<double>(f->events) / f->seconds;
        if (!baseline) baseline = rate;
        std::string rss;
        for (long kb : f->rss_kb) rss += (rss.empty() ? "" : " / ") + std::to_string(kb / 1024) + " MiB";
        std::printf("%d instance%s  %7.0f events/s (x%.2f)  %zu events in %.1f s  propagation p50 %.0f ms p99 %.0f ms"
                    "  (%lld of %lld deliveries, %lld failed pushes)\n"
                    "             RSS %s  CPU: instances %.1f s, PostgreSQL %.1f s (%.0f%% of one core)\n",
                    n, n == 1 ? " " : "s", rate, rate / *baseline, f->events, f->seconds, f->p50, f->p99,
                    static_cast<long long>(f->delivered), static_cast<long long>(f->expected),
                    static_cast<long long>(f->failures), rss.c_str(), f->central_cpu, f->postgres_cpu,
                    100.0 * f->postgres_cpu / f->seconds);
        std::fflush(stdout);
    }
    return 0;
}
