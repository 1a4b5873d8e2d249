// Backup and restore of a terminal's store (store.h, "backup and restore").
//
// A backup is an ordinary store file (rollback journal, not WAL: one self-contained file) plus
// one table of our own, anl_backup_journal, holding the sync journal: restoring it brings the
// device's enrolment back with the events. Restore takes that table out again.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/store/in_use.h"
#include "kiosk/store/sql.h"
#include "kiosk/store/store.h"

namespace anl::store {
namespace {

namespace fs = std::filesystem;

constexpr const char* kJournalTable = "anl_backup_journal";
// How long a backup waits for the store's lock when a writer holds it at the wrong moment.
constexpr int kBackupLockMillis = 10'000;

Status SyncToDisk(const fs::path& file) {
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    bool ok = fd >= 0 && ::fsync(fd) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok) return MakeError(ErrorCode::kStorage, "Cannot write " + file.string() + " to the disk; check the disk.");
    int dir = ::open(file.has_parent_path() ? file.parent_path().c_str() : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

fs::path WithSuffix(const fs::path& path, const char* suffix) {
    fs::path p = path;
    p += suffix;
    return p;
}

// A connection to a file that is not (or not yet) a store: the backup being written.
struct RawDb {
    sqlite3* db = nullptr;
    ~RawDb() { sqlite3_close(db); }
    Status Exec(const std::string& text, const fs::path& file) {
        char* message = nullptr;
        int rc = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &message);
        std::string detail = message ? message : "";
        sqlite3_free(message);
        if (rc != SQLITE_OK) return sql::ErrorFor(sqlite3_extended_errcode(db), file, detail);
        return {};
    }
};

// Moves `from` (and its -wal and -shm, which belong to it by name) to `to`.
Status MoveStoreFile(const fs::path& from, const fs::path& to) {
    for (const char* suffix : {"-wal", "-shm", ""}) {
        fs::path a = WithSuffix(from, suffix), b = WithSuffix(to, suffix);
        std::error_code ec;
        if (!fs::exists(a, ec)) continue;
        fs::rename(a, b, ec);
        if (ec)
            return MakeError(ErrorCode::kStorage, "Cannot move " + a.string() + " to " + b.string() + ": " +
                                                      ec.message() + "; check the directory's permissions.");
    }
    return {};
}

}  // namespace

Status Store::BackupTo(const fs::path& out, const std::string& journal) const {
    std::error_code ec;
    if (fs::exists(out, ec))
        return MakeError(ErrorCode::kInvalidInput, out.string() + " exists already; choose a new file for the backup.");
    const fs::path partial = WithSuffix(out, ".partial");
    fs::remove(partial, ec);  // a partial copy of an earlier, interrupted backup
    RawDb copy;
    if (int rc = sqlite3_open_v2(partial.c_str(), &copy.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        rc != SQLITE_OK)
        return sql::ErrorFor(copy.db ? sqlite3_extended_errcode(copy.db) : rc, partial);
    auto fail = [&](Error error) {
        sqlite3_close(copy.db);
        copy.db = nullptr;
        fs::remove(partial, ec);
        return error;
    };
    ::chmod(partial.c_str(), 0600);  // it holds the device's token

    // Every page in one step: under WAL the reader's snapshot does not stop the terminal's writes.
    sqlite3_backup* backup = sqlite3_backup_init(copy.db, "main", connection().raw(), "main");
    if (backup == nullptr) return fail(sql::ErrorFor(sqlite3_extended_errcode(copy.db), partial));
    int rc = SQLITE_OK;
    for (int waited = 0;; waited += 20) {
        rc = sqlite3_backup_step(backup, -1);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= kBackupLockMillis) break;
        sqlite3_sleep(20);  // a writer holds the lock this instant: SQLite's own wait, as its busy handler does
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return fail(sql::ErrorFor(rc, path(), "while copying it for a backup"));

    if (auto ok = copy.Exec("PRAGMA journal_mode=DELETE", partial); !ok) return fail(ok.error());
    if (auto ok = copy.Exec(std::string("CREATE TABLE ") + kJournalTable + "(journal TEXT NOT NULL)", partial); !ok)
        return fail(ok.error());
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(copy.db, (std::string("INSERT INTO ") + kJournalTable + " VALUES (?)").c_str(), -1,
                           &insert, nullptr) != SQLITE_OK)
        return fail(sql::ErrorFor(sqlite3_extended_errcode(copy.db), partial));
    sqlite3_bind_text(insert, 1, journal.data(), static_cast<int>(journal.size()), SQLITE_TRANSIENT);
    rc = sqlite3_step(insert);
    sqlite3_finalize(insert);
    if (rc != SQLITE_DONE) return fail(sql::ErrorFor(sqlite3_extended_errcode(copy.db), partial));

    sqlite3_stmt* check = nullptr;
    std::string verdict;
    if (sqlite3_prepare_v2(copy.db, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK &&
        sqlite3_step(check) == SQLITE_ROW)
        verdict = reinterpret_cast<const char*>(sqlite3_column_text(check, 0));
    sqlite3_finalize(check);
    if (verdict != "ok")
        return fail(MakeError(ErrorCode::kCorrupt, "The backup copy " + partial.string() +
                                                       " did not pass its integrity check (" + verdict.substr(0, 120) +
                                                       "); the store " + path().string() +
                                                       " itself may be damaged: keep your last good backup."));
    if (sqlite3_close(copy.db) != SQLITE_OK) return fail(sql::ErrorFor(SQLITE_IOERR, partial));
    copy.db = nullptr;
    if (auto ok = SyncToDisk(partial); !ok) return fail(ok.error());
    fs::rename(partial, out, ec);
    if (ec) return fail(MakeError(ErrorCode::kStorage, "Cannot name the backup " + out.string() + ": " + ec.message()));
    return SyncToDisk(out);
}

Result<std::string> Store::RestoreBackup(const fs::path& from, const fs::path& target, const Clock& clock) {
    std::error_code ec;
    if (!fs::is_regular_file(from, ec))
        return MakeError(ErrorCode::kNotFound, "There is no backup file " + from.string() + ".");
    const fs::path kept = WithSuffix(target, ".before-restore");
    if (fs::exists(target, ec) && fs::exists(kept, ec))
        return MakeError(ErrorCode::kRejected, kept.string() + " is there from an earlier restore; move it away "
                                                               "first (it is the store that restore replaced).");
    // No terminal may have the store open while it is replaced: held until the new file is in.
    InUseMark exclusive;
    if (fs::exists(target, ec)) {
        auto mark = InUseMark::Exclusive(target);
        if (!mark.ok()) return mark.error();
        exclusive = std::move(mark).value();
    }
    // The backup file itself is never changed: its copy is checked, migrated and then moved in.
    const fs::path incoming = WithSuffix(target, ".restoring");
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(WithSuffix(incoming, suffix), ec);
    fs::copy_file(from, incoming, ec);
    if (ec) return MakeError(ErrorCode::kStorage, "Cannot copy " + from.string() + " to " + incoming.string() + ": " +
                                                      ec.message() + "; check the disk and the permissions.");
    auto discard = [&](Error error) -> Error {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(WithSuffix(incoming, suffix), ec);
        return error;
    };
    std::string journal;
    {
        OpenOptions options;
        options.create = false;
        auto opened = Open(incoming, clock, options);  // ours? a schema we know? intact? (then migrated)
        if (!opened.ok())
            return discard(MakeError(opened.error().code, "The backup " + from.string() + " cannot be restored: " +
                                                              opened.error().message));
        sql::Connection& db = opened.value()->connection();
        auto has_journal =
            db.QueryInt(std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + kJournalTable + "'");
        if (!has_journal.ok()) return discard(has_journal.error());
        if (*has_journal > 0) {
            auto read = db.Prepare(std::string("SELECT journal FROM ") + kJournalTable);
            if (!read.ok()) return discard(read.error());
            auto row = db.Next(*read);
            if (!row.ok()) return discard(row.error());
            if (*row) journal = read->Text(0);
            sqlite3_reset(read->get());
            if (auto ok = db.Exec(std::string("DROP TABLE ") + kJournalTable); !ok) return discard(ok.error());
        }
        if (!opened.value()->initialised())
            return discard(MakeError(ErrorCode::kInvalidInput, "The backup " + from.string() +
                                                                   " holds a store that was never set up; choose "
                                                                   "another backup."));
    }  // closed: the last connection checkpoints and removes its -wal

    if (fs::exists(target, ec))
        if (auto ok = MoveStoreFile(target, kept); !ok) return discard(ok.error());
    if (auto ok = MoveStoreFile(incoming, target); !ok) return discard(ok.error());
    if (auto ok = SyncToDisk(target); !ok) return ok.error();
    return journal;
}

}  // namespace anl::store
