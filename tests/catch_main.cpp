// The one Catch2 main shared by every test executable. Catch2 v2 has no "skipped": a test
// case that cannot run here calls anl::test::Skip (tests/support/skip.h) and returns, and
// this main then exits 77, which ctest reports as skipped (SKIP_RETURN_CODE 77 on every test
// anl_add_test registers) instead of passed. A test name that matches no test case fails.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "tests/support/skip.h"

namespace anl::test {

std::string& SkipReason() {
    static std::string reason;
    return reason;
}

void Skip(const std::string& why) {
    if (SkipReason().empty()) SkipReason() = why;
    std::fprintf(stderr, "SKIPPED: %s\n", why.c_str());
}

bool Skipped() { return !SkipReason().empty(); }

}  // namespace anl::test

using anl::test::SkipReason;

int main(int argc, char** argv) {
    Catch::Session session;
    if (int bad_arguments = session.applyCommandLine(argc, argv); bad_arguments != 0) return bad_arguments;
    Catch::ConfigData& config = session.configData();
    const bool listing = config.listTests || config.listTestNamesOnly || config.listTags || config.listReporters;
    // A test name that matches no test case fails (exit 2) instead of "No tests ran" and 0:
    // ctest runs each test case by name, and a name CMake cut at a ';' matched nothing.
    config.warnings = static_cast<Catch::WarnAbout::What>(config.warnings | Catch::WarnAbout::NoTests);
    int failed = session.run();
    if (listing) return failed;
    // Catch2 returns the number of failed assertions: 77 of them must not read as skipped.
    if (failed == anl::test::kSkipExitCode) failed = 1;
    if (failed == 0 && anl::test::Skipped()) {
        std::fprintf(stderr, "SKIPPED (exit %d): %s\n", anl::test::kSkipExitCode, SkipReason().c_str());
        return anl::test::kSkipExitCode;
    }
    return failed;
}
