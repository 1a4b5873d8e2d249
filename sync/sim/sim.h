// sync sim: a site's day played through the real programs' code, and the seams the
// simulations share. Owns: the seeded dice, the fault-injecting transport (a pulled cable,
// lost, doubled, delayed and cut messages), a fake clock that threads may read, the busy day
// (`anlaufstelle-ctl simulate`: real stores in a directory, the central service over real HTTP
// on loopback, the real sync client) and the checker of the day's invariants.
// Must never: decide a queue rule (the core does), speak SQL (the stores do), or run in a
// terminal or the central service: it is a tool for tests, operators and benchmarks.
//
// Index
//   1. Dice and the fake clock
//   2. FaultyTransport: what a network does wrong, seeded
//   3. The day: RunDay (day.cpp)
//   4. The checker: CheckSite (check.cpp)
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/base/base.h"
#include "kiosk/core/core.h"
#include "sync/client/client.h"

namespace anl::sync::sim {

// ---------------------------------------------------------------------------------------
// 1. Dice and the fake clock
// ---------------------------------------------------------------------------------------
// Every random choice of a run comes from these dice, so a seed repeats a run exactly.
struct Dice {
    explicit Dice(std::uint64_t seed) : rng(seed) {}
    double Roll() { return std::uniform_real_distribution<double>(0, 1)(rng); }
    bool Chance(double p) { return Roll() < p; }
    std::size_t Pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); }
    Micros Between(Micros low, Micros high) { return std::uniform_int_distribution<Micros>(low, high)(rng); }
    // The index of one weight, drawn in proportion to the weights.
    std::size_t Weighted(const std::vector<double>& weights) {
        return std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(rng);
    }

    std::mt19937_64 rng;
};

// A fake clock the central's server thread reads while the simulation advances it.
class SharedFakeClock final : public Clock {
public:
    explicit SharedFakeClock(Micros start) : now_(start) {}
    Micros NowUtcMicros() const override { return now_.load(std::memory_order_acquire); }
    void Advance(Micros delta) { now_.fetch_add(delta, std::memory_order_acq_rel); }
    void Set(Micros now) { now_.store(now, std::memory_order_release); }

private:
    std::atomic<Micros> now_;
};

// ---------------------------------------------------------------------------------------
// 2. FaultyTransport: wraps a transport and injects faults with a seeded RNG. `offline`
//    fails everything (a pulled cable). Counts what it did, so tests can check the faults
//    really happened.
// ---------------------------------------------------------------------------------------
struct FaultRates {
    double drop = 0;           // the request never arrives
    double lose_answer = 0;    // the central handles it, the answer is lost
    double duplicate = 0;      // the request arrives twice
    double delay = 0;          // the request is held back and arrives after a later one
    double cut_request = 0;    // the request body is cut short on the way
    double cut_answer = 0;     // the answer body is cut short on the way
};

class FaultyTransport : public Transport {
public:
    FaultyTransport(Transport& inner, std::uint64_t seed, FaultRates rates = {})
        : inner_(inner), rng_(seed), rates_(rates) {}

    bool offline = false;
    FaultRates rates() const { return rates_; }
    void set_rates(FaultRates rates) { rates_ = rates; }
    struct Counts {
        int dropped = 0, answers_lost = 0, duplicated = 0, delayed = 0, cut_requests = 0, cut_answers = 0;
        std::int64_t sent = 0;  // requests that reached the inner transport
    } counts;

    Result<HttpResponse> Send(const HttpRequest& request) override;
    // Delivers whatever is still held back (the network settles).
    void Flush();

private:
    bool Chance(double p) { return p > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
    Result<HttpResponse> Pass(const HttpRequest& request);

    Transport& inner_;
    std::mt19937_64 rng_;
    FaultRates rates_;
    std::deque<HttpRequest> held_;
};

// ---------------------------------------------------------------------------------------
// 3. The day (day.cpp): per site, kiosks and desks with real stores in `work_dir`, one
//    central service (SQLite) over HTTP on loopback, the sync client's rounds every simulated
//    minute, at a fake clock from 07:30 to the last visitor's departure. The size, the mix of
//    visitors and the day's incidents are described in docs/ctl.md ("simulate").
// ---------------------------------------------------------------------------------------
struct DaySize {
    int kiosks = 4;
    int desks = 12;       // spread over the demo catalogue's three offices
    int visitors = 1500;  // per site
};
DaySize BusyDay();   // 4 kiosks, 12 desks, 1,500 visitors
DaySize SmallDay();  // 1 kiosk, 3 desks, 120 visitors: CI's size

// A fault the checker must find: the run's record is spoiled on purpose before it is
// checked (tests prove the checker can fail with it; never set by an operator).
enum class Spoil { kNone, kLoseEvent, kDoubleEvent, kDoubleBooking };

struct DayOptions {
    DaySize size = BusyDay();
    int sites = 1;
    std::uint64_t seed = 1;
    std::filesystem::path work_dir;          // the stores; must exist and be empty
    std::filesystem::path catalogue_dir;     // the demo catalogue
    Spoil spoil = Spoil::kNone;
    std::function<void(const std::string&)> progress;  // one line now and then, may be empty
};

struct Percentiles {
    double p50 = 0, p90 = 0;  // minutes
    std::int64_t count = 0;
};

struct OfficeFigures {
    std::string office;
    std::int64_t stops = 0;         // tickets at the office (first stops, planned stops, transfers)
    std::int64_t served = 0;        // finished there
    std::int64_t no_shows = 0;
    std::int64_t transferred_out = 0;
    Percentiles wait;               // from joining the office's queue to the first call
};

struct DayReport {
    int sites = 0, kiosks = 0, desks = 0;
    std::int64_t visitors = 0;            // people who came (walk-ins and appointments)
    std::int64_t visits = 0;              // visits with a ticket, at the central
    std::int64_t stops = 0;
    std::int64_t multi_stop_visits = 0;   // more than one stop (planned or transferred)
    std::int64_t transfers = 0;
    std::int64_t no_shows = 0;
    std::int64_t appointments_booked = 0;  // for the day, before opening
    std::int64_t appointments_checked_in = 0;
    std::int64_t appointments_missed = 0;  // booked, never came
    std::int64_t future_bookings = 0;      // booked at a kiosk for a later day
    std::int64_t future_bookings_offline = 0;  // of them, from a kiosk's escrow while its link was down
    std::map<std::string, std::int64_t> languages;  // visits per language code
    Percentiles first_wait;               // a visit's first stop: arrival to first call
    std::vector<OfficeFigures> offices;
    std::int64_t events = 0;              // in the central's order, all sites
    std::int64_t sync_rounds = 0;         // SyncEngine rounds run by the terminals
    std::int64_t http_requests = 0;       // requests that reached the central over loopback
    std::int64_t failed_rounds = 0;       // rounds that hit a pulled cable or lost a request
    std::int64_t calls_turned_down = 0;   // a desk's call the central order gave to another desk
    std::int64_t outages = 0;             // 30-minute link outages
    std::int64_t power_cuts = 0;          // terminal processes killed with SIGKILL mid-write
    std::int64_t tickets_before_cut = 0;  // tickets the killed process had stored
    std::string day;                      // the local day played, "2026-12-01"
    double wall_seconds = 0;
    std::vector<std::string> violations;  // empty: every invariant held
};

Result<DayReport> RunDay(const DayOptions& options);
// The report as the command prints it (figures, then the invariants' verdict).
std::string FormatReport(const DayReport& report);
nlohmann::json ReportToJson(const DayReport& report);

// ---------------------------------------------------------------------------------------
// 4. The checker (check.cpp): what a site's terminals and the central hold at the end of
//    the day, and every invariant over it. Each broken invariant is one sentence.
// ---------------------------------------------------------------------------------------
struct Key {
    std::string device;
    std::int64_t seq = 0;
    friend auto operator<=>(const Key&, const Key&) = default;
};

struct TerminalRecord {
    std::string id;
    Role role = Role::kKiosk;
    std::vector<Key> local;        // every event the terminal's store holds
    std::set<Key> own;             // its own events (its outbox, sent or not)
    std::set<Key> refused;         // own events the central turned down, kept only here
    std::int64_t pending = 0;      // own events the central has not acknowledged
    core::State state;             // its fold
};

struct SiteRecord {
    std::string site;
    std::vector<core::Event> central;  // the site's order at the central
    std::vector<TerminalRecord> terminals;
    bool day_over = true;              // every visitor left: nobody may still be waiting
};

std::vector<std::string> CheckSite(const SiteRecord& record);

}  // namespace anl::sync::sim
