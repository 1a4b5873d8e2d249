// The one Catch2 main shared by every test executable. Catch2 v2 has no "skipped": a test
// case that cannot run here calls anl::test::Skip (tests/support/skip.h) and returns, and
// this main then exits 77, which ctest reports as skipped (SKIP_RETURN_CODE 77 on every test
// anl_add_test registers) instead of passed.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "tests/support/skip.h"

namespace anl::test {
namespace {
std::string& SkipReason() {
    static std::string reason;
    return reason;
}
}  // namespace

void Skip(const std::string& why) {
    if (SkipReason().empty()) SkipReason() = why;
    std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
}

bool Skipped() { return !SkipReason().empty(); }

}  // namespace anl::test

int main(int argc, char** argv) {
    int failed = Catch::Session().run(argc, argv);
    // Catch2 returns the number of failed assertions: 77 of them must not read as skipped.
    if (failed == anl::test::kSkipExitCode) failed = 1;
    if (failed == 0 && anl::test::Skipped()) {
        std::fprintf(stderr, "SKIPPED (exit %d): %s\n", anl::test::kSkipExitCode, anl::test::SkipReason().c_str());
        return anl::test::kSkipExitCode;
    }
    return failed;
}
