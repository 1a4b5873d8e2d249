#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <functional>
#include <string>

#include "kiosk/base/base.h"

namespace {

struct Ended {
    bool aborted = false;   // killed by SIGABRT
    int exit_code = -1;     // when it exited normally
    std::string stderr_text;
};

// Runs `body` in a child process with stderr captured: how did it end, what did it print?
Ended RunInChild(const std::function<void()>& body) {
    int pipe_fds[2];
    REQUIRE(pipe(pipe_fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::signal(SIGABRT, SIG_DFL);  // Catch2's fatal-signal handler would report in the child
        dup2(pipe_fds[1], STDERR_FILENO);
        dup2(pipe_fds[1], STDOUT_FILENO);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        body();
        _exit(0);
    }
    close(pipe_fds[1]);
    Ended ended;
    char buffer[512];
    ssize_t n;
    while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) ended.stderr_text.append(buffer, std::size_t(n));
    close(pipe_fds[0]);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    ended.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
    if (WIFEXITED(status)) ended.exit_code = WEXITSTATUS(status);
    return ended;
}

int volatile g_three = 3;  // not a constant: the compiler must evaluate the checks

}  // namespace

TEST_CASE("ANL_ASSERT is on in every build and names file, line, expression and reason", "[base]") {
    const Ended ended = RunInChild([] { ANL_ASSERT(g_three == 4 && "three is never four"); });
    INFO(ended.stderr_text);
    CHECK(ended.aborted);
    CHECK(ended.stderr_text.find("test_base.cpp:") != std::string::npos);
    CHECK(ended.stderr_text.find("assertion failed: g_three == 4 && \"three is never four\"") != std::string::npos);

    const Ended held = RunInChild([] { ANL_ASSERT(g_three == 3 && "three is three"); });
    CHECK_FALSE(held.aborted);
    CHECK(held.exit_code == 0);
    CHECK(held.stderr_text.empty());
}

TEST_CASE("ANL_ALWAYS and ANL_NEVER report a broken rule, and release builds take the safe path", "[base]") {
    const Ended always = RunInChild([] {
        if (!ANL_ALWAYS(g_three == 4)) _exit(42);  // the safe path
    });
    const Ended never = RunInChild([] {
        if (ANL_NEVER(g_three == 3)) _exit(42);
    });
    for (const Ended* ended : {&always, &never}) {
        INFO(ended->stderr_text);
        CHECK(ended->stderr_text.find("test_base.cpp:") != std::string::npos);
#ifdef NDEBUG
        CHECK(ended->exit_code == 42);
#else
        CHECK(ended->aborted);
#endif
    }
    CHECK(always.stderr_text.find("ANL_ALWAYS failed: g_three == 4") != std::string::npos);
    CHECK(never.stderr_text.find("ANL_NEVER failed: g_three == 3") != std::string::npos);

    const Ended quiet = RunInChild([] {
        if (!ANL_ALWAYS(g_three == 3) || ANL_NEVER(g_three == 4)) _exit(42);
    });
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.stderr_text.empty());
}

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
