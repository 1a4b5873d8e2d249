// Runs the built anlaufstelle-ctl as a user would, for the ctl tests (test_ctl.cpp,
// test_ctl_input.cpp). Through /bin/sh, so `args` may use $(printf '\377') for raw bytes.
#pragma once

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace anl::test {

struct CtlRun {
    int exit_code = -1;
    std::string out;  // stdout and stderr, interleaved as the program wrote them
};

inline CtlRun Ctl(const std::string& args) {
    std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle-ctl " + args + " 2>&1";
    CtlRun r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace anl::test
