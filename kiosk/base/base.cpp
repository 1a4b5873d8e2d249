#include "kiosk/base/base.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace anl {

namespace detail {

namespace {
#ifdef NDEBUG
constexpr bool kDefensiveAborts = false;
#else
constexpr bool kDefensiveAborts = true;
#endif

// One write of the whole line, unbuffered: the report must reach stderr before abort().
void Report(const char* file, int line, const char* kind, const char* expr) noexcept {
    std::fprintf(stderr, "%s:%d: %s failed: %s\n", file, line, kind, expr);
    std::fflush(stderr);
}
}  // namespace

void AssertFailed(const char* file, int line, const char* kind, const char* expr) noexcept {
    Report(file, line, kind, expr);
    std::abort();
}

bool DefensiveFailed(const char* file, int line, const char* kind, const char* expr, bool result) noexcept {
    Report(file, line, kind, expr);
    if (kDefensiveAborts) std::abort();
    return result;
}

}  // namespace detail

Micros SystemClock::NowUtcMicros() const {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace anl
