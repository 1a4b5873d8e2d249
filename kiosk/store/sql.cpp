#include "kiosk/store/sql.h"

#include <cstdlib>

namespace anl::store::sql {

Error ErrorFor(int rc, const std::filesystem::path& file, std::string_view detail) {
    std::string f = file.string();
    switch (rc & 0xff) {
        case SQLITE_FULL:
            return MakeError(ErrorCode::kStorage, "The disk holding " + f +
                                                      " is full; free some space and try again (nothing was changed).");
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
            return MakeError(ErrorCode::kStorage, "Cannot write " + f +
                                                      ": the file or its directory is read-only or missing; "
                                                      "choose a writable --db path or fix the permissions.");
        case SQLITE_NOTADB:
            return MakeError(ErrorCode::kCorrupt, f + " is not an Anlaufstelle database (not an SQLite file); "
                                                      "move it away or choose another --db path.");
        case SQLITE_CORRUPT:
            return MakeError(ErrorCode::kCorrupt, f + " is damaged; move it away and restore a backup, or "
                                                      "initialise again and let sync bring back what was sent.");
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return MakeError(ErrorCode::kStorage, f + " is busy in another program; try again in a moment.");
        case SQLITE_IOERR:
            return MakeError(ErrorCode::kStorage, "Reading or writing " + f + " failed (I/O error); check the disk.");
        case SQLITE_NOMEM:
            return MakeError(ErrorCode::kStorage, "There was not enough memory to use " + f + "; close other programs.");
        default:
            return MakeError(ErrorCode::kStorage, "The store " + f + " reported an error (" +
                                                      std::string(sqlite3_errstr(rc)) +
                                                      (detail.empty() ? "" : ": " + std::string(detail)) + ").");
    }
}

Connection::~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
}

Status Connection::Exec(const std::string& sql) {
    char* message = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    std::string detail = message ? message : "";
    sqlite3_free(message);
    if (rc != SQLITE_OK) return ErrorFor(sqlite3_extended_errcode(db_), path_, detail);
    return {};
}

Result<Statement> Connection::Prepare(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
        sqlite3_reset(it->second);
        sqlite3_clear_bindings(it->second);
        return Statement(it->second);
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        auto err = ErrorFor(sqlite3_extended_errcode(db_), path_, sqlite3_errmsg(db_));
        sqlite3_finalize(stmt);
        return err;
    }
    cache_.emplace(sql, stmt);
    return Statement(stmt);
}

Result<bool> Connection::Next(Statement& stmt) {
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt.get());
        return false;
    }
    auto err = ErrorFor(sqlite3_extended_errcode(db_), path_, sqlite3_errmsg(db_));
    sqlite3_reset(stmt.get());
    return err;
}

Status Connection::CountWrite() {
    ++writes_;
    if (faults_.crash_before_write > 0 && writes_ == faults_.crash_before_write) {
        std::_Exit(86);  // a "crash" between two statements of one transaction
    }
    if (faults_.fail_write > 0 && writes_ == faults_.fail_write) {
        return MakeError(ErrorCode::kStorage, "Writing " + path_.string() +
                                                  " failed (injected fault); nothing was changed.");
    }
    return {};
}

Status Connection::Write(Statement& stmt) {
    if (auto ok = CountWrite(); !ok) {
        sqlite3_reset(stmt.get());
        return ok;
    }
    int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
        sqlite3_reset(stmt.get());
        return {};
    }
    auto err = ErrorFor(sqlite3_extended_errcode(db_), path_, sqlite3_errmsg(db_));
    sqlite3_reset(stmt.get());
    return err;
}

// BEGIN and COMMIT as cached statements: they run for every command.
Status Connection::Begin() {
    auto stmt = Prepare("BEGIN IMMEDIATE");
    if (!stmt.ok()) return stmt.error();
    auto done = Next(*stmt);
    if (!done.ok()) return done.error();
    return {};
}

Status Connection::Commit() {
    if (auto ok = CountWrite(); !ok) return ok;
    auto stmt = Prepare("COMMIT");
    if (!stmt.ok()) return stmt.error();
    auto done = Next(*stmt);
    if (!done.ok()) return done.error();
    return {};
}

void Connection::Rollback() {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<std::int64_t> Connection::QueryInt(const std::string& sql) {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.error();
    auto row = Next(*stmt);
    if (!row.ok()) return row.error();
    std::int64_t v = *row ? stmt->Int(0) : 0;
    if (*row) sqlite3_reset(stmt->get());
    return v;
}

}  // namespace anl::store::sql
