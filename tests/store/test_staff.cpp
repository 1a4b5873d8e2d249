// Staff sign-in: PIN stored only as a hash, wrong PINs counted, lock-out after too many.
#include <sqlite3.h>

#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

TEST_CASE("Staff sign in with number and PIN, the PIN is stored only as a hash", "[store][staff]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    REQUIRE(s->AddStaff("1042", "Aylin K.", "482913").ok());
    auto dup = s->AddStaff("1042", "Someone", "1111");
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().code == ErrorCode::kRejected);
    CHECK_FALSE(s->AddStaff("1043", "Short", "12").ok());
    auto ok = s->SignIn("1042", "482913");
    REQUIRE(ok.ok());
    CHECK(ok->name == "Aylin K.");
    CHECK(ok->pin_hash.empty());
    auto wrong = s->SignIn("1042", "000000");
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().code == ErrorCode::kUnauthorized);
    auto unknown = s->SignIn("9999", "482913");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message == wrong.error().message);  // no hint which was wrong
    // The file holds no PIN in clear text.
    s.reset();
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "k.db").string().c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT pin_hash FROM staff", -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find("482913") == std::string::npos);
}

TEST_CASE("Too many wrong PINs lock the number for a while", "[store][staff]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "k.db", clock);
    REQUIRE(s->AddStaff("1042", "Aylin K.", "482913").ok());
    for (int i = 0; i < core::kMaxFailedSignIns; ++i) REQUIRE_FALSE(s->SignIn("1042", "111111").ok());
    auto locked = s->SignIn("1042", "482913");  // even the right PIN
    REQUIRE_FALSE(locked.ok());
    CHECK(locked.error().message.find("locked") != std::string::npos);
    clock.Advance(core::kSignInLockout + kMicrosPerSecond);
    CHECK(s->SignIn("1042", "482913").ok());
    // A success resets the count: four wrong PINs then a right one do not lock.
    for (int i = 0; i < core::kMaxFailedSignIns - 1; ++i) REQUIRE_FALSE(s->SignIn("1042", "111111").ok());
    CHECK(s->SignIn("1042", "482913").ok());
    CHECK(s->SignIn("1042", "482913").ok());
}

TEST_CASE("TrySignIn answers with data: attempts left, then locked until when, and an unknown number answers alike",
          "[store][staff]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto s = InitStore(dir / "s.db", clock);
    REQUIRE(s->AddStaff("1042", "A. Demir", "482913").ok());
    for (const std::string number : {"1042", "9999"}) {
        INFO(number);
        for (int left = core::kMaxFailedSignIns - 1; left >= 1; --left) {
            auto wrong = s->TrySignIn(number, "000000");
            REQUIRE(wrong.ok());
            CHECK_FALSE(wrong->signed_in);
            CHECK_FALSE(wrong->locked);
            CHECK(wrong->attempts_left == left);
        }
        auto locks = s->TrySignIn(number, "000000");
        REQUIRE(locks.ok());
        CHECK(locks->locked);
        CHECK(locks->locked_until == kMorning + core::kSignInLockout);
        auto still = s->TrySignIn(number, "482913");
        REQUIRE(still.ok());
        CHECK(still->locked);
        CHECK(still->locked_until == kMorning + core::kSignInLockout);
    }
    clock.Advance(core::kSignInLockout);
    auto ok = s->TrySignIn("1042", "482913");
    REQUIRE(ok.ok());
    CHECK(ok->signed_in);
    CHECK(ok->staff.name == "A. Demir");
    CHECK(ok->staff.pin_hash.empty());
}
