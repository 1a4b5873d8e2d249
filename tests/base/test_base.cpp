#include <catch2/catch.hpp>

#include "kiosk/base/base.h"

TEST_CASE("Result carries either a value or an error", "[base]") {
    anl::Result<int> good = 42;
    REQUIRE(good.ok());
    CHECK(*good == 42);

    anl::Result<int> bad = anl::MakeError(anl::ErrorCode::kNotFound, "No ticket A-001 today.");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == anl::ErrorCode::kNotFound);
    CHECK(bad.error().message == "No ticket A-001 today.");

    anl::Status done;
    CHECK(done.ok());
}

TEST_CASE("FakeClock only moves when told", "[base]") {
    anl::FakeClock clock(1000);
    CHECK(clock.NowUtcMicros() == 1000);
    clock.Advance(5 * anl::kMicrosPerMinute);
    CHECK(clock.NowUtcMicros() == 1000 + 300'000'000);
}

TEST_CASE("SystemClock reads a plausible UTC time", "[base]") {
    anl::SystemClock clock;
    // After 2024-01-01 and before 2100: catches seconds-vs-microseconds mistakes.
    CHECK(clock.NowUtcMicros() > 1'704'067'200'000'000);
    CHECK(clock.NowUtcMicros() < 4'102'444'800'000'000);
}
