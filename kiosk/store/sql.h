// Private to kiosk/store: a thin SQLite wrapper. Prepared statements are cached; every
// data-changing step and every COMMIT goes through Connection::Write/Commit, which count
// writes for the fault-injection seam (FaultPlan) and turn SQLite codes into clear errors.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "kiosk/store/store.h"

namespace anl::store::sql {

// An error that names the file and says what to do, from an SQLite result code.
Error ErrorFor(int rc, const std::filesystem::path& file, std::string_view detail = {});

class Statement {
public:
    explicit Statement(sqlite3_stmt* stmt = nullptr) : stmt_(stmt) {}
    sqlite3_stmt* get() const { return stmt_; }

    Statement& Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
    Statement& Bind(int i, int v) { sqlite3_bind_int64(stmt_, i, v); return *this; }
    Statement& Bind(int i, bool v) { sqlite3_bind_int64(stmt_, i, v ? 1 : 0); return *this; }
    Statement& Bind(int i, std::string_view v) {
        sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
    Statement& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
    template <typename... Args>
    Statement& BindAll(const Args&... args) {
        int i = 0;
        (Bind(++i, args), ...);
        return *this;
    }

    std::int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string Text(int col) const {
        const unsigned char* t = sqlite3_column_text(stmt_, col);
        return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(stmt_, col)) : std::string();
    }

private:
    sqlite3_stmt* stmt_;
};

class Connection {
public:
    Connection(sqlite3* db, std::filesystem::path path, FaultPlan faults)
        : db_(db), path_(std::move(path)), faults_(faults) {}
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sqlite3* raw() const { return db_; }
    const std::filesystem::path& path() const { return path_; }

    // Runs statements without results (pragmas, migrations). Not counted as writes.
    Status Exec(const std::string& sql);
    // A cached, reset statement ready for binding.
    Result<Statement> Prepare(const std::string& sql);
    // Steps a read: true while there is a row. Errors map to clear sentences.
    Result<bool> Next(Statement& stmt);
    // Steps a data-changing statement to completion (counted for fault injection).
    Status Write(Statement& stmt);
    Status Begin();   // BEGIN IMMEDIATE: take the write lock up front, wait while busy
    Status Commit();  // counted for fault injection
    void Rollback();
    // One integer from a one-row query ("PRAGMA user_version").
    Result<std::int64_t> QueryInt(const std::string& sql);
    int changes() const { return sqlite3_changes(db_); }
    // Replaces the fault plan and restarts the write count from zero.
    void SetFaults(const FaultPlan& faults) {
        faults_ = faults;
        writes_ = 0;
    }

private:
    Status CountWrite();
    sqlite3* db_;
    std::filesystem::path path_;
    FaultPlan faults_;
    int writes_ = 0;
    std::map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace anl::store::sql
