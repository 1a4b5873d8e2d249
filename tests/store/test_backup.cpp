// Backup and restore of a store (store.h, "backup and restore"; anlaufstelle-ctl backup|restore).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {

std::size_t EventCount(const store::Store& s) {
    auto events = s.ListEvents(0, 1'000'000);
    REQUIRE(events.ok());
    return events->size();
}

store::OpenOptions ExistingOnly() {
    store::OpenOptions options;
    options.create = false;
    return options;
}

std::string FileBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("A backup taken while the store is in use holds its events and the journal, in one file", "[store][backup]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto live = InitStore(dir / "kiosk.db", clock);
    Issue(*live);
    Issue(*live);
    // A second connection writes (as the terminal would while ctl backs up).
    auto terminal = OpenStore(dir / "kiosk.db", clock);
    Issue(*terminal);

    const std::string journal = R"({"cursor": 7, "device": "kiosk-1"})";
    auto ok = live->BackupTo(dir / "kiosk.backup", journal);
    INFO((ok.ok() ? std::string() : ok.error().message));
    REQUIRE(ok.ok());
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.backup.partial"));
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.backup-wal"));  // self-contained
    const auto perms = std::filesystem::status(dir / "kiosk.backup").permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
          std::filesystem::perms::none);  // it holds the device's token

    Issue(*terminal);  // after the backup: not in it
    live.reset();
    terminal.reset();
    auto restored = store::Store::RestoreBackup(dir / "kiosk.backup", dir / "kiosk.db", clock);
    INFO((restored.ok() ? std::string() : restored.error().message));
    REQUIRE(restored.ok());
    CHECK(restored.value() == journal);
    auto back = OpenStore(dir / "kiosk.db", clock, ExistingOnly());
    CHECK(EventCount(*back) == 3);
    CHECK(back->LastOwnSeq() == 3);
    CheckTicketsMatchEvents(*back);
    // The store restore replaced is kept, with its fourth ticket.
    auto kept = OpenStore(dir / "kiosk.db.before-restore", clock, ExistingOnly());
    CHECK(EventCount(*kept) == 4);
}

TEST_CASE("A backup never overwrites a file", "[store][backup]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "kiosk.db", clock);
    std::ofstream(dir / "precious.txt") << "keep me";
    auto ok = s->BackupTo(dir / "precious.txt", "");
    REQUIRE_FALSE(ok.ok());
    CHECK_THAT(ok.error().message, Catch::Contains("exists already"));
    CHECK(FileBytes(dir / "precious.txt") == "keep me");
}

TEST_CASE("Restore refuses while a terminal has the store open, and changes nothing", "[store][backup]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "kiosk.db", clock);
    Issue(*s);
    REQUIRE(s->BackupTo(dir / "kiosk.backup", "").ok());
    Issue(*s);
    auto restored = store::Store::RestoreBackup(dir / "kiosk.backup", dir / "kiosk.db", clock);
    REQUIRE_FALSE(restored.ok());
    CHECK(restored.error().code == ErrorCode::kRejected);
    CHECK_THAT(restored.error().message, Catch::Contains("stop it first"));
    CHECK(EventCount(*s) == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db.before-restore"));
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db.restoring"));
    Issue(*s);  // the terminal goes on as before
}

TEST_CASE("Restore refuses what is not a backup of a store, and leaves the backup file unchanged", "[store][backup]") {
    TempDir dir;
    FakeClock clock(kMorning);
    { auto s = InitStore(dir / "kiosk.db", clock); Issue(*s); }

    SECTION("no such file") {
        auto r = store::Store::RestoreBackup(dir / "missing.backup", dir / "kiosk.db", clock);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::kNotFound);
    }
    SECTION("another program's database") {
        RawSql(dir / "foreign.db", "CREATE TABLE t(x); INSERT INTO t VALUES (1)");
        const std::string before = FileBytes(dir / "foreign.db");
        auto r = store::Store::RestoreBackup(dir / "foreign.db", dir / "kiosk.db", clock);
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Catch::Contains("cannot be restored"));
        CHECK(FileBytes(dir / "foreign.db") == before);
    }
    SECTION("a text file") {
        std::ofstream(dir / "notes.backup") << "not a database at all, but long enough to look at";
        auto r = store::Store::RestoreBackup(dir / "notes.backup", dir / "kiosk.db", clock);
        REQUIRE_FALSE(r.ok());
    }
    // Whatever was refused: the store is as it was, and nothing was left beside it.
    auto s = OpenStore(dir / "kiosk.db", clock, ExistingOnly());
    CHECK(EventCount(*s) == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db.before-restore"));
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk.db.restoring"));
}

TEST_CASE("A second restore does not overwrite the store the first one kept", "[store][backup]") {
    TempDir dir;
    FakeClock clock(kMorning);
    {
        auto s = InitStore(dir / "kiosk.db", clock);
        Issue(*s);
        REQUIRE(s->BackupTo(dir / "kiosk.backup", "").ok());
    }
    REQUIRE(store::Store::RestoreBackup(dir / "kiosk.backup", dir / "kiosk.db", clock).ok());
    auto again = store::Store::RestoreBackup(dir / "kiosk.backup", dir / "kiosk.db", clock);
    REQUIRE_FALSE(again.ok());
    CHECK_THAT(again.error().message, Catch::Contains("before-restore"));
}

TEST_CASE("A store being restored cannot be opened meanwhile", "[store][backup]") {
    // The mark a restore holds is the one Open checks: take it as restore does (flock).
    TempDir dir;
    FakeClock clock(kMorning);
    { auto s = InitStore(dir / "kiosk.db", clock); }
    int fd = ::open((dir / "kiosk.db").c_str(), O_RDONLY | O_CLOEXEC);
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
    auto opened = store::Store::Open(dir / "kiosk.db", clock);
    ::close(fd);
    REQUIRE_FALSE(opened.ok());
    CHECK_THAT(opened.error().message, Catch::Contains("being restored"));
}
