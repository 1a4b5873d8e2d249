// Files that are not ours, damaged, of an older or newer schema, or in a read-only place.
#include <fstream>

#include <sqlite3.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {


std::int64_t RawInt(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    std::int64_t v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return v;
}

Error OpenError(const std::filesystem::path& file) {
    FakeClock clock(kMorning);
    auto r = store::Store::Open(file, clock);
    REQUIRE_FALSE(r.ok());
    return r.error();
}

}  // namespace

TEST_CASE("A file that is not SQLite is refused, naming the file", "[store][files]") {
    TempDir dir;
    auto file = dir / "notes.db";
    std::ofstream(file) << "shopping list: milk, bread, eggs, and much more text than a header\n";
    auto e = OpenError(file);
    CHECK(e.code == ErrorCode::kCorrupt);
    CHECK(e.message.find(file.string()) != std::string::npos);
    CHECK(e.message.find("not an Anlaufstelle database") != std::string::npos);
    // Nothing was written to it.
    std::ifstream in(file);
    std::string first;
    std::getline(in, first);
    CHECK(first.rfind("shopping list", 0) == 0);
}

TEST_CASE("Another program's SQLite database is refused", "[store][files]") {
    TempDir dir;
    auto file = dir / "firefox.sqlite";
    RawSql(file, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)");
    auto e = OpenError(file);
    CHECK(e.code == ErrorCode::kCorrupt);
    CHECK(e.message.find(file.string()) != std::string::npos);
    CHECK(e.message.find("another program") != std::string::npos);
    CHECK(RawInt(file, "SELECT count(*) FROM sqlite_master") == 1);
}

TEST_CASE("A store written by a newer version is refused", "[store][files]") {
    TempDir dir;
    FakeClock clock(kMorning);
    { InitStore(dir / "k.db", clock); }
    RawSql(dir / "k.db", "PRAGMA user_version = " + std::to_string(store::SchemaVersion() + 1));
    auto e = OpenError(dir / "k.db");
    CHECK(e.code == ErrorCode::kCorrupt);
    CHECK(e.message.find("newer") != std::string::npos);
}

TEST_CASE("A store whose own device has an unknown role is refused and never read as some role", "[store][files]") {
    TempDir dir;
    FakeClock clock(kMorning);
    { InitStore(dir / "k.db", clock); }
    RawSql(dir / "k.db", "UPDATE devices SET role = 'ctl' WHERE is_self = 1");
    auto e = OpenError(dir / "k.db");
    CHECK(e.code == ErrorCode::kCorrupt);
    CHECK(e.message.find("unknown role \"ctl\"") != std::string::npos);
}

TEST_CASE("A damaged store is refused, naming the file", "[store][files]") {
    TempDir dir;
    FakeClock clock(kMorning);
    {
        auto s = InitStore(dir / "k.db", clock);
        for (int i = 0; i < 60; ++i) Issue(*s);
    }
    auto file = dir / "k.db";
    auto size = std::filesystem::file_size(file);
    REQUIRE(size > 8 * 4096);
    {
        // Scribble over pages 3 to 6, keeping the header (page 1) intact.
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(2 * 4096);
        std::string junk(4 * 4096, '\x5a');
        f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
    auto e = OpenError(file);
    CHECK(e.code == ErrorCode::kCorrupt);
    CHECK(e.message.find(file.string()) != std::string::npos);
}

TEST_CASE("An empty file becomes a new store", "[store][files]") {
    TempDir dir;
    std::ofstream(dir / "empty.db").close();
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "empty.db", clock);
    CHECK(RawInt(dir / "empty.db", "PRAGMA application_id") == store::kApplicationId);
}

TEST_CASE("A missing store is not created unless asked", "[store][files]") {
    TempDir dir;
    FakeClock clock(kMorning);
    store::OpenOptions options;
    options.create = false;
    auto r = store::Store::Open(dir / "missing.db", clock, options);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kNotFound);
    CHECK(r.error().message.find("init") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "missing.db"));
    auto no_dir = store::Store::Open(dir / "no" / "such" / "k.db", clock);
    REQUIRE_FALSE(no_dir.ok());
    CHECK(no_dir.error().code == ErrorCode::kStorage);
    CHECK(no_dir.error().message.find("does not exist") != std::string::npos);
}

TEST_CASE("Every earlier schema version is migrated forward at open", "[store][files][migrations]") {
    for (int version = 1; version < store::SchemaVersion(); ++version) {
        INFO("from version " << version);
        TempDir dir;
        FakeClock clock(kMorning);
        auto file = dir / "old.db";
        {
            store::OpenOptions old;
            old.migrate_to_version = version;
            auto s = OpenStore(file, clock, old);
        }
        REQUIRE(RawInt(file, "PRAGMA user_version") == version);
        // Data written by the old version survives: a site row and an event (both v1).
        RawSql(file, R"(INSERT INTO sites (id, rules_json) VALUES ('site-old', '{"time_zone":"Europe/Berlin"}');
                        INSERT INTO events (device_id, seq, pos, type, payload, at_us) VALUES
                          ('kiosk-old', 1, 1, 'ticket.parked', '{"ticket_id":"x"}', 1);)");
        auto s = OpenStore(file, clock);
        CHECK(RawInt(file, "PRAGMA user_version") == store::SchemaVersion());
        CHECK(s->site().site_id == "site-old");
        auto events = s->ListEvents();
        REQUIRE(events.ok());
        CHECK(events->size() == 1);
        REQUIRE(s->Initialise(s->site(), SmallCatalogue(), core::Device{"kiosk-1", "site-old", 0, anl::Role::kKiosk}).ok());
        Issue(*s);
        REQUIRE(s->AddStaff("7", "Test", "1234").ok());  // the newest tables exist
    }
}

TEST_CASE("A read-only directory gives a clear error and writes nothing", "[store][files]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto ro = dir / "ro";
    std::filesystem::create_directory(ro);
    // The child (not root) must be able to reach the directory: mkdtemp made it 0700.
    std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all | std::filesystem::perms::others_read |
                                                 std::filesystem::perms::others_exec);
    { InitStore(ro / "existing.db", clock); }
    std::filesystem::permissions(ro, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                                         std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
    // Root ignores permissions; the check runs in a child that gives up root first.
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        close(fds[0]);
        if (geteuid() == 0 && (setgroups(0, nullptr) != 0 || setgid(65534) != 0 || setuid(65534) != 0)) _exit(2);
        std::string report;
        for (const char* name : {"new.db", "existing.db"}) {
            auto r = store::Store::Open(ro / name, clock);
            report += r.ok() ? std::string("opened") : std::to_string(static_cast<int>(r.error().code)) + " " + r.error().message;
            report += "\n";
        }
        if (write(fds[1], report.data(), report.size()) < 0) _exit(3);
        _exit(0);
    }
    close(fds[1]);
    std::string report;
    char buf[1024];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) report.append(buf, static_cast<std::size_t>(n));
    close(fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    INFO(report);
    auto newline = report.find('\n');
    std::string new_db = report.substr(0, newline), existing = report.substr(newline + 1);
    CHECK(new_db.rfind("4 ", 0) == 0);  // ErrorCode::kStorage
    CHECK(new_db.find((ro / "new.db").string()) != std::string::npos);
    CHECK(new_db.find("read-only") != std::string::npos);
    CHECK(existing.rfind("4 ", 0) == 0);
    CHECK(existing.find((ro / "existing.db").string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(ro / "new.db"));
}
