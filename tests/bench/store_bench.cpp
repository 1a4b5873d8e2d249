// bench_store: what does durability with an outbox cost?
//   raw     one INSERT of one row, autocommit, WAL + synchronous=FULL: the floor any durable
//           store pays (one fsync of the log per commit).
//   ticket  Store::Execute(IssueTicket): decide, ticket + visit rows and the outbox event in
//           one transaction, same WAL + synchronous=FULL, same directory.
// Both run interleaved in rounds in the same process, so disk and machine noise hit both.
// Goal: ticket rate >= 0.9x raw rate. Usage: bench_store [tickets-per-round] [rounds] [dir]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <sqlite3.h>
#include <unistd.h>

#include "kiosk/store/store.h"

namespace {

using Seconds = std::chrono::duration<double>;
using SteadyClock = std::chrono::steady_clock;

anl::catalogue::Catalogue BenchCatalogue() {
    anl::catalogue::Catalogue c;
    c.offices = {{"abh", 'A', "office.abh.name", "", "badge", "", ""}};
    anl::catalogue::Service s;
    s.id = "abh.permit-extension";
    s.office_id = "abh";
    s.typical_minutes = 20;
    c.services = {s};
    return c;
}

void Check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
        std::fprintf(stderr, "bench_store: %s failed: %s\n", what, sqlite3_errmsg(db));
        std::exit(1);
    }
}

// The baseline: one durable single-row insert per commit.
class RawTable {
public:
    explicit RawTable(const std::filesystem::path& file) {
        Check(sqlite3_open(file.string().c_str(), &db_), db_, "open");
        Check(sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "CREATE TABLE rows (id INTEGER PRIMARY KEY, at_us INTEGER NOT NULL, payload TEXT NOT NULL)",
                           nullptr, nullptr, nullptr),
              db_, "set-up");
        Check(sqlite3_prepare_v2(db_, "INSERT INTO rows (at_us, payload) VALUES (?, ?)", -1, &insert_, nullptr), db_,
              "prepare");
    }
    ~RawTable() {
        sqlite3_finalize(insert_);
        sqlite3_close(db_);
    }
    void InsertOne(std::int64_t i) {
        static const char kPayload[] = R"({"service_id":"abh.permit-extension","lang":"de"})";
        sqlite3_bind_int64(insert_, 1, i);
        sqlite3_bind_text(insert_, 2, kPayload, -1, SQLITE_STATIC);
        Check(sqlite3_step(insert_), db_, "insert");
        sqlite3_reset(insert_);
    }

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
    int per_round = argc > 1 ? std::atoi(argv[1]) : 200;
    int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    std::filesystem::path dir = argc > 3 ? std::filesystem::path(argv[3]) : std::filesystem::temp_directory_path();
    if (per_round <= 0 || rounds <= 0) {
        std::fprintf(stderr, "usage: bench_store [tickets-per-round] [rounds] [dir]\n");
        return 64;
    }
    auto base = dir / ("anl-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(base);

    anl::SystemClock clock;
    auto opened = anl::store::Store::Open(base / "store.db", clock);
    if (!opened.ok()) {
        std::fprintf(stderr, "bench_store: %s\n", opened.error().message.c_str());
        return 1;
    }
    auto& store = **opened;
    anl::core::QueueRules rules;
    rules.device_slots = 1;  // one device: 99 numbers a block, blocks 0, 1, 2 ...
    if (auto ok = store.Initialise({"bench-site", rules}, BenchCatalogue(), {"bench-1", "bench-site", 0, anl::Role::kKiosk}); !ok) {
        std::fprintf(stderr, "bench_store: %s\n", ok.error().message.c_str());
        return 1;
    }
    RawTable raw(base / "raw.db");

    Seconds raw_time{0}, ticket_time{0};
    std::int64_t n = 0;
    const anl::core::Command issue = anl::core::IssueTicket{"abh.permit-extension", "de", "", false, 0};
    // Warm-up, not measured: until each write-ahead log has wrapped once (1000 frames by
    // default). Before that every commit grows the log file, and a growing file makes each
    // fsync also commit file-system metadata; the side that wraps first would look faster.
    for (int i = 0; i < 1100; ++i) raw.InsertOne(-1 - i);
    for (int i = 0; i < 300; ++i)
        if (!store.Execute(issue).ok()) return 1;
    for (int round = 0; round < rounds; ++round) {
        auto run_raw = [&] {
            auto t0 = SteadyClock::now();
            for (int i = 0; i < per_round; ++i) raw.InsertOne(n + i);
            raw_time += SteadyClock::now() - t0;
        };
        auto run_tickets = [&] {
            auto t0 = SteadyClock::now();
            for (int i = 0; i < per_round; ++i) {
                auto r = store.Execute(issue);
                if (!r.ok()) {
                    std::fprintf(stderr, "bench_store: %s\n", r.error().message.c_str());
                    std::exit(1);
                }
            }
            ticket_time += SteadyClock::now() - t0;
        };
        // Alternate which goes first, so warm-up and drift do not favour one side.
        if (round % 2 == 0) {
            run_raw();
            run_tickets();
        } else {
            run_tickets();
            run_raw();
        }
        n += per_round;
    }
    double raw_rate = static_cast<double>(n) / raw_time.count();
    double ticket_rate = static_cast<double>(n) / ticket_time.count();
    std::printf("durable raw single-row insert : %8.1f /s  (%lld rows, %.3f ms each)\n", raw_rate,
                static_cast<long long>(n), 1000.0 / raw_rate);
    std::printf("durable ticket issue + outbox : %8.1f /s  (%lld tickets, %.3f ms each)\n", ticket_rate,
                static_cast<long long>(n), 1000.0 / ticket_rate);
    std::printf("ratio ticket/raw              : %8.2fx  (goal >= 0.90x)\n", ticket_rate / raw_rate);
    opened->reset();
    std::error_code ec;
    std::filesystem::remove_all(base, ec);
    return 0;
}
