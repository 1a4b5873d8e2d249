// Tests that cannot run here say so: they are skipped (ctest shows "Skipped", exit 77),
// never passed. Under CI (environment CI=true) a test that needs a display fails instead,
// so CI cannot go green without having run the screen tests.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <string>

namespace anl::test {

inline constexpr int kSkipExitCode = 77;  // SKIP_RETURN_CODE of every test (tests/CMakeLists.txt)

// Marks the running test case as not run; the test case must return right after. The test
// program then exits 77 unless an assertion failed. Defined in tests/catch_main.cpp.
void Skip(const std::string& why);
bool Skipped();

inline bool UnderCi() {
    const char* ci = std::getenv("CI");
    return ci != nullptr && std::strcmp(ci, "true") == 0;
}

// True when DISPLAY names an X display. Without one: under CI the test case fails (CI must
// run the screen tests, under Xvfb: packaging/test.sh starts one); elsewhere it is marked
// skipped and this returns false, so the caller returns:  if (!HaveDisplay()) return;
inline bool HaveDisplay() {
    const char* display = std::getenv("DISPLAY");
    if (display != nullptr && *display != '\0') return true;
    if (UnderCi()) FAIL("No DISPLAY under CI: the screen tests must run (packaging/test.sh starts Xvfb).");
    Skip("no DISPLAY: this test needs a display (packaging/test.sh starts Xvfb)");
    return false;
}

}  // namespace anl::test
