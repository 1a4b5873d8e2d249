// bench_figures: the key-figure report over a year of a large centre (docs/PERFORMANCE.md,
// "Key figures"). `build/bin/bench_figures [VISITS_PER_DAY [DAYS]]` (defaults 500 365).
//   The year: working days (Monday to Friday) from Monday 2025-01-06, VISITS_PER_DAY visits a
//   day from 08:00 to 15:00 at two kiosks, seven desks at three offices calling, serving, now and
//   then transferring or marking a no-show. Genuine events: decided by the core (a fresh state
//   each day, as the numbers restart) and folded, so every store accepts them.
//   Then, in the same run, each store against a baseline that only reads its events:
//     terminal   the terminal's store (kiosk/store): the events applied as pulled ones; the
//                report of the whole year as `anlaufstelle-ctl report --db` makes it (every
//                event through figures::Collector) against reading the same events only.
//     central    the central's SQLite store: the events stored through Ingest; the report as
//                GET /v1/reports answers it (the real Service, JSON out) against ReadAfter only:
//                first the report after a start (the central folds the whole year), then the
//                best of three later ones (the central's kept fold, caught up, summarised).
//     postgres   the same, when ANL_BENCH_POSTGRES names a database (or a throw-away cluster
//                can be started: tests/sync/postgres_fixture.sh, needs root).
//   Target: the year's report in <= 1 s from the central.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/figures/figures.h"
#include "kiosk/store/store.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"

namespace {

using namespace anl;
using SteadyClock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr const char* kAdmin = "bench-admin-token-0123456789";
constexpr Micros kMinute = kMicrosPerMinute;
constexpr Micros kDay = 24 * 3600 * kMicrosPerSecond;
// Monday 2025-01-06 08:00 Berlin (07:00 UTC); winter and summer time both come in the year, and
// the day's 08:00 is taken in local time each day.
constexpr Micros kFirstMorningUtc = 1'736'146'800'000'000;

double Seconds(SteadyClock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Device {
    std::string id;
    int slot;
    std::int64_t next_seq = 1;
};

// The year's events, in the order they were decided.
std::vector<core::Event> SimulateYear(const catalogue::Catalogue& catalogue, int visits_per_day, int days) {
    core::QueueRules rules;
    std::vector<core::Event> out;
    std::mt19937_64 rng(20260101);
    auto roll = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
    std::vector<Device> kiosks = {{"kiosk-1", 0}, {"kiosk-2", 1}};
    struct Desk {
        Device device;
        std::string office;
        int counter;
        std::string ticket;
        Micros free_at = 0;
        int step = 0;
    };
    std::vector<Desk> desks;
    // Slots 2..8 (a site has ten; the administrator's terminal is 9).
    const std::pair<const char*, int> staffing[] = {{"abh", 4}, {"fsa", 2}, {"int", 1}};
    int slot = 2;
    for (const auto& [office, n] : staffing)
        for (int c = 1; c <= n; ++c)
            desks.push_back({{"desk-" + std::to_string(slot), slot}, office, c, "", 0, 0}), ++slot;
    const char* services[] = {"abh.permit-extension", "abh.address-change", "fsa.counselling", "int.language-course"};
    const char* langs[] = {"ar", "uk", "ps", "fa", "de", "tr", "ti", "ru", "so", "fa-AF"};
    for (int d = 0; d < days; ++d) {
        const Micros noon = kFirstMorningUtc + Micros(d) * kDay + 4 * 3600 * kMicrosPerSecond;
        const std::string day = core::LocalServiceDay(noon, rules.time_zone);
        const int weekday = figures::WeekdayOf(day);
        if (weekday >= 5) continue;
        // 08:00 local: the UTC hour of local noon minus four hours.
        const int local_noon_hour = std::stoi(core::LocalDateTime(noon, rules.time_zone).substr(11, 2));
        const Micros eight = noon - Micros(local_noon_hour - 8) * 3600 * kMicrosPerSecond;
        core::State state;  // the day's own fold: tickets of earlier days are closed
        std::vector<Micros> arrivals;
        for (int i = 0; i < visits_per_day; ++i) arrivals.push_back(eight + Micros(roll() * 7 * 60) * kMinute);
        std::sort(arrivals.begin(), arrivals.end());
        auto decide = [&](Device& device, Micros now, const core::Command& command) -> std::optional<core::Event> {
            auto events = core::Decide(state, catalogue, rules, core::Actor{device.id, device.slot, device.next_seq, ""}, now,
                                       command);
            if (!events.ok()) return std::nullopt;
            for (const auto& e : *events) {
                core::ApplyEvent(state, e);
                out.push_back(e);
                device.next_seq = e.seq + 1;
            }
            return events->empty() ? std::nullopt : std::optional<core::Event>(events->front());
        };
        std::size_t next = 0;
        for (Micros now = eight; now < eight + 11 * 3600 * kMicrosPerSecond; now += kMinute) {
            while (next < arrivals.size() && arrivals[next] <= now) {
                core::IssueTicket issue;
                const double r = roll();
                issue.service_id = r < 0.35 ? services[0] : r < 0.55 ? services[1] : r < 0.8 ? services[2] : services[3];
                issue.lang = langs[std::size_t(roll() * 10) % 10];
                issue.interpreter = issue.lang != "de" && roll() < 0.3;
                if (issue.service_id[0] == 'a' && roll() < 0.15) issue.next_service_ids = {"fsa.counselling"};
                (void)decide(kiosks[next % 2], now, issue);
                ++next;
            }
            for (Desk& desk : desks) {
                if (desk.step != 0 && now < desk.free_at) continue;
                if (desk.step == 1) {
                    if (roll() < 0.04) {
                        (void)decide(desk.device, now, core::Recall{desk.ticket});
                        (void)decide(desk.device, now, core::MarkNoShow{desk.ticket});
                        desk.step = 0;
                    } else {
                        (void)decide(desk.device, now, core::StartService{desk.ticket});
                        desk.step = 2;
                        desk.free_at = now + Micros(3 + roll() * 10) * kMinute;
                        continue;
                    }
                }
                if (desk.step == 2) {
                    if (desk.office == "abh" && roll() < 0.08)
                        (void)decide(desk.device, now, core::Transfer{desk.ticket, "fsa.counselling", ""});
                    else
                        (void)decide(desk.device, now, core::FinishService{desk.ticket, "resolved"});
                    desk.step = 0;
                }
                auto called = decide(desk.device, now, core::CallNext{desk.office, desk.counter});
                if (!called) continue;
                desk.ticket = called->payload.value("ticket_id", "");
                desk.step = 1;
                desk.free_at = now + Micros(1 + roll() * 2) * kMinute;
            }
        }
        for (Desk& desk : desks) desk.step = 0;  // closing time; tomorrow starts fresh
    }
    return out;
}

figures::Query YearQuery(int days) {
    figures::Query q;
    q.from_day = core::LocalServiceDay(kFirstMorningUtc, "Europe/Berlin");
    q.to_day = core::LocalServiceDay(kFirstMorningUtc + Micros(days - 1) * kDay, "Europe/Berlin");
    return q;
}

// Runs `work` `rounds` times and returns the fastest, in seconds.
template <typename F>
double Best(int rounds, F&& work) {
    double best = 1e9;
    for (int i = 0; i < rounds; ++i) {
        const auto start = SteadyClock::now();
        work();
        best = std::min(best, Seconds(SteadyClock::now() - start));
    }
    return best;
}

void Line(const char* what, double baseline, double report, int arrivals) {
    std::printf("%-10s read only %7.3f s   report %7.3f s   ratio %5.2fx   (%d arrivals in the report)%s\n", what,
                baseline, report, report / baseline, arrivals, report <= 1.0 ? "" : "   SLOWER THAN 1 s");
}

void BenchTerminal(const fs::path& dir, const catalogue::Catalogue& catalogue, const std::vector<core::Event>& events,
                   int days) {
    FakeClock clock(kFirstMorningUtc + Micros(days + 1) * kDay);
    auto opened = store::Store::Open(dir / "terminal.db", clock);
    if (!opened.ok()) {
        std::cout << "terminal: cannot open (" << opened.error().message << ")\n";
        return;
    }
    auto& store = *opened.value();
    if (auto ok = store.Initialise(store::SiteSettings{}, catalogue, core::Device{"admin-1", "site-1", 9, Role::kAdmin}); !ok) {
        std::cout << "terminal: cannot initialise (" << ok.error().message << ")\n";
        return;
    }
    const auto load = SteadyClock::now();
    for (std::size_t i = 0; i < events.size(); i += 5000) {
        std::vector<core::Event> batch(events.begin() + long(i), events.begin() + long(std::min(events.size(), i + 5000)));
        if (auto r = store.ApplyRemoteEvents(batch); !r.ok()) {
            std::cout << "terminal: apply failed (" << r.error().message << ")\n";
            return;
        }
    }
    auto refused = store.RefusedEvents();
    std::printf("terminal: %zu events applied in %.1f s (set-up, not measured), %zu refused\n", events.size(),
                Seconds(SteadyClock::now() - load), refused.ok() ? refused->size() : 0);
    std::size_t read = 0;
    const double baseline = Best(3, [&] {
        read = 0;
        (void)store.ForEachEvent(0, [&](const store::StoredEvent& e) -> Status {
            read += e.event.payload.size();
            return {};
        });
    });
    int arrivals = 0;
    const double report = Best(3, [&] {
        figures::Collector collector(YearQuery(days));
        (void)collector.BeginSite(store.site().site_id, store.site().rules.time_zone, figures::ServiceOffices(catalogue));
        (void)store.ForEachEvent(0, [&](const store::StoredEvent& e) -> Status {
            if (e.skipped_because.rfind(store::kRefusedPrefix, 0) != 0) collector.Add(e.event);
            return {};
        });
        arrivals = collector.Finish().total.arrivals;
    });
    Line("terminal", baseline, report, arrivals);
}

void BenchCentral(const std::string& label, const std::string& spec, const catalogue::Catalogue& catalogue,
                  const std::vector<core::Event>& events, int days) {
    auto opened = sync::central::OpenCentralStore(spec);
    if (!opened.ok()) {
        std::cout << label << ": cannot open (" << opened.error().message << ")\n";
        return;
    }
    auto& store = *opened.value();
    const std::string site = "site-" + std::to_string(::getpid());
    // The devices of the site, enrolled, each pushing its own events.
    std::map<std::string, sync::central::DeviceRecord> records;
    for (const auto& e : events) {
        if (records.count(e.device_id)) continue;
        const Role role = e.device_id.rfind("kiosk", 0) == 0 ? Role::kKiosk : Role::kDesk;
        const int slot = std::stoi(e.device_id.substr(e.device_id.find('-') + 1)) - (role == Role::kKiosk ? 1 : 0);
        const std::string code = sync::central::HashSecret("c" + site + e.device_id);
        auto added = store.AddDevice(site, role, e.device_id, code, INT64_MAX / 2);
        auto record = store.Enroll(code, e.device_id, site, slot, sync::central::HashSecret("t" + site + e.device_id), 1);
        if (!added.ok() || !record.ok()) {
            std::cout << label << ": cannot enrol " << e.device_id << "\n";
            return;
        }
        records.emplace(e.device_id, record.value());
    }
    const auto load = SteadyClock::now();
    std::map<std::string, std::vector<sync::Event>> pending;
    auto flush = [&](const std::string& device) {
        auto& batch = pending[device];
        if (batch.empty()) return true;
        auto r = store.Ingest(records.at(device), batch, events.back().at_us);
        batch.clear();
        return r.ok();
    };
    // In the order decided (a call never lands before its ticket): a device's run of events
    // is pushed when another device's event follows, or at a full batch.
    std::string last;
    for (const auto& e : events) {
        if ((e.device_id != last && !last.empty() && !flush(last)) ||
            (pending[e.device_id].size() == sync::kMaxBatchEvents && !flush(e.device_id))) {
            std::cout << label << ": ingest failed\n";
            return;
        }
        pending[e.device_id].push_back(sync::Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us});
        last = e.device_id;
    }
    for (auto& [device, batch] : pending)
        if (!flush(device)) return;
    std::printf("%s: %zu events stored in %.1f s (set-up, not measured)\n", label.c_str(), events.size(),
                Seconds(SteadyClock::now() - load));
    const double baseline = Best(3, [&] {
        for (std::int64_t cursor = 0;;) {
            auto page = store.ReadAfter(site, cursor, 10'000);
            if (!page.ok() || page->empty()) break;
            cursor = page->back().order;
        }
    });
    FakeClock clock(events.back().at_us);
    sync::central::Service service(store, clock, kAdmin);
    service.catalogue = &catalogue;
    const figures::Query q = YearQuery(days);
    int arrivals = 0;
    auto ask = [&] {
        auto outcome = service.Handle({"GET", "/v1/reports?from=" + q.from_day + "&to=" + q.to_day + "&site=" + site,
                                       std::string("Bearer ") + kAdmin, ""});
        if (outcome.response.status != 200) {
            std::cout << label << ": report answered " << outcome.response.status << " " << outcome.response.body << "\n";
            return;
        }
        const auto json = nlohmann::json::parse(outcome.response.body);
        for (const auto& table : json["tables"])
            if (table["name"] == "summary") {
                const auto& columns = table["columns"];
                for (std::size_t i = 0; i < columns.size(); ++i)
                    if (columns[i] == "arrivals") arrivals = table["rows"][0][i].get<int>();
            }
    };
    // The central keeps each site's fold: its first report after a start folds the whole
    // year, every later one only what arrived since, then summarises.
    const auto cold_start = SteadyClock::now();
    ask();
    const double cold = Seconds(SteadyClock::now() - cold_start);
    std::printf("%-10s first report after a start (folds the year) %.3f s\n", label.c_str(), cold);
    const double report = Best(3, ask);
    Line(label.c_str(), baseline, report, arrivals);
}

}  // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each line as it is measured (a long run is watched)
    auto count = [&](int i, int fallback) {
        if (argc <= i) return fallback;
        char* end = nullptr;
        const long v = std::strtol(argv[i], &end, 10);
        if (end == argv[i] || *end != '\0' || v <= 0 || v > 100'000) {
            std::fprintf(stderr, "usage: bench_figures [VISITS_PER_DAY [DAYS]]  (defaults 500 365)\n");
            std::exit(2);
        }
        return static_cast<int>(v);
    };
    const int visits = count(1, 500);
    const int days = std::min(count(2, 365), figures::kMaxReportDays);
    auto loaded = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
    if (!loaded.ok()) {
        std::cout << "cannot load the shipped catalogue: " << loaded.error().message << "\n";
        return 1;
    }
    const auto simulated = SteadyClock::now();
    const std::vector<core::Event> events = SimulateYear(*loaded, visits, days);
    std::printf("year: %d visits a working day, %d days, %zu events (simulated in %.1f s)\n", visits, days, events.size(),
                Seconds(SteadyClock::now() - simulated));
    // The stores are set up on /dev/shm when the machine has it (a year is ~100 000 durable
    // commits at the central); the reports read them from memory either way (the page cache).
    std::error_code ec;
    const fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
    const fs::path dir = base / ("anl-bench-figures-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    BenchTerminal(dir, *loaded, events, days);
    BenchCentral("central", (dir / "central.db").string(), *loaded, events, days);
    fs::remove_all(dir);

    std::string pg;
    const std::string pg_dir = (fs::temp_directory_path() / ("anl-bench-figures-pg-" + std::to_string(::getpid()))).string();
    const std::string fixture = std::string(ANL_SOURCE_DIR) + "/tests/sync/postgres_fixture.sh";
    if (const char* env = std::getenv("ANL_BENCH_POSTGRES")) {
        pg = env;
    } else if (std::system((fixture + " setup " + pg_dir + " durable >/dev/null 2>&1").c_str()) == 0) {
        std::ifstream in(pg_dir + "/conninfo");
        std::getline(in, pg);
        if (pg.rfind("postgresql://", 0) != 0) pg.clear();
    }
    if (!pg.empty()) BenchCentral("postgres", pg, *loaded, events, days);
    else std::cout << "postgres: skipped (needs root for a throw-away cluster, or ANL_BENCH_POSTGRES)\n";
    if (!std::getenv("ANL_BENCH_POSTGRES")) (void)std::system((fixture + " cleanup " + pg_dir + " >/dev/null 2>&1").c_str());
    return 0;
}
