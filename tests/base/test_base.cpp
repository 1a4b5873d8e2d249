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

// Text from outside (base.h section 4).
using anl::TextShape;

TEST_CASE("IsValidUtf8 accepts every script we show and refuses malformed bytes", "[base][text]") {
    CHECK(anl::IsValidUtf8(""));
    CHECK(anl::IsValidUtf8("Müller"));
    CHECK(anl::IsValidUtf8("د اقامې اجازه"));       // Pashto
    CHECK(anl::IsValidUtf8("ትግርኛ"));               // Tigrinya
    CHECK(anl::IsValidUtf8("\xF0\x9F\x98\x80"));    // U+1F600, four bytes
    CHECK_FALSE(anl::IsValidUtf8("M\xFCller"));     // Latin-1 ü
    CHECK_FALSE(anl::IsValidUtf8("\x80"));          // stray continuation byte
    CHECK_FALSE(anl::IsValidUtf8("\xC0\xAF"));      // overlong '/'
    CHECK_FALSE(anl::IsValidUtf8("\xE0\x80\xAF"));  // overlong, three bytes
    CHECK_FALSE(anl::IsValidUtf8("\xED\xA0\x80"));  // a surrogate
    CHECK_FALSE(anl::IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(anl::IsValidUtf8("ab\xE2\x82"));    // cut off at the end
}

TEST_CASE("CheckInputText refuses control characters and says where", "[base][text]") {
    CHECK(anl::CheckInputText("Needs an interpreter", TextShape::kSingleLine, 100, "The note").ok());
    CHECK(anl::CheckInputText("line one\nline two", TextShape::kMultiLine, 100, "The note").ok());

    auto newline = anl::CheckInputText("a\nb", TextShape::kSingleLine, 100, "The name");
    REQUIRE_FALSE(newline.ok());
    CHECK(newline.error().code == anl::ErrorCode::kInvalidInput);
    CHECK(newline.error().message == "The name holds the control character U+000A (byte 2).");

    auto escape = anl::CheckInputText("x\x1b[2J", TextShape::kMultiLine, 100, "The note");
    REQUIRE_FALSE(escape.ok());
    CHECK(escape.error().message == "The note holds the control character U+001B (byte 2).");

    CHECK_FALSE(anl::CheckInputText("\xC2\x9B" "31m", TextShape::kMultiLine, 100, "x").ok());  // C1 CSI
    CHECK_FALSE(anl::CheckInputText("A-\xE2\x80\xAE" "101", TextShape::kSingleLine, 100, "x").ok());  // RLO
    CHECK_FALSE(anl::CheckInputText("\x7f", TextShape::kSingleLine, 100, "x").ok());

    auto bad = anl::CheckInputText("M\xFCller", TextShape::kSingleLine, 100, "The staff name");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message == "The staff name is not valid UTF-8 (byte 2).");

    auto longer = anl::CheckInputText("abcdef", TextShape::kSingleLine, 5, "The note");
    REQUIRE_FALSE(longer.ok());
    CHECK(longer.error().message == "The note is longer than 5 bytes.");
}

TEST_CASE("CleanInputText removes what a person cannot mean and keeps the rest", "[base][text]") {
    auto clean = [](std::string_view text, TextShape shape) {
        auto result = anl::CleanInputText(text, shape, 1000, "The note");
        REQUIRE(result.ok());
        return result.value();
    };
    CHECK(clean("  Needs a flat  ", TextShape::kSingleLine) == "Needs a flat");
    CHECK(clean("red \x1b[31mtext\x1b[0m", TextShape::kSingleLine) == "red text");
    CHECK(clean("title\x1b]0;owned\a!", TextShape::kSingleLine) == "title!");
    CHECK(clean("a\r\nb\rc", TextShape::kMultiLine) == "a\nb\nc");
    CHECK(clean("a\r\nb", TextShape::kSingleLine) == "a b");
    CHECK(clean("tab\there", TextShape::kSingleLine) == "tab here");
    CHECK(clean("A-\xE2\x80\xAE" "101", TextShape::kSingleLine) == "A-101");
    CHECK(clean(std::string_view("nul\0byte", 8), TextShape::kSingleLine) == "nulbyte");
    CHECK(clean("د اقامې", TextShape::kSingleLine) == "د اقامې");

    CHECK_FALSE(anl::CleanInputText("M\xFCller", TextShape::kSingleLine, 100, "x").ok());
    CHECK_FALSE(anl::CleanInputText("abcdef", TextShape::kSingleLine, 5, "x").ok());
}

TEST_CASE("EscapeForTerminal makes every control visible and leaves text alone", "[base][text]") {
    CHECK(anl::EscapeForTerminal("Müller, د اقامې") == "Müller, د اقامې");
    CHECK(anl::EscapeForTerminal("x\x1b[2Jy") == "x\\x1b[2Jy");
    CHECK(anl::EscapeForTerminal("a\nb") == "a\\x0ab");
    CHECK(anl::EscapeForTerminal("M\xFCller") == "M\\xfcller");
    CHECK(anl::EscapeForTerminal("\xC2\x9B") == "\\u{009b}");
    CHECK(anl::EscapeForTerminal("A\xE2\x80\xAE") == "A\\u{202e}");
}

TEST_CASE("FindMalformedUtf8 names the first byte that starts no character", "[base][text]") {
    CHECK(anl::FindMalformedUtf8("Müller") == std::string_view::npos);
    CHECK(anl::FindMalformedUtf8("M\xFCller") == 1);
    CHECK(anl::FindMalformedUtf8("ab\xE2\x82") == 2);
    CHECK(anl::FindMalformedUtf8("\x80") == 0);
}

TEST_CASE("FilterTypedText keeps every keystroke a person means, spaces included", "[base][text]") {
    CHECK(anl::FilterTypedText(" ", TextShape::kMultiLine) == " ");
    CHECK(anl::FilterTypedText("a b ", TextShape::kSingleLine) == "a b ");
    CHECK(anl::FilterTypedText("\x1b[31mred", TextShape::kMultiLine) == "red");
    CHECK(anl::FilterTypedText("x\xFFy", TextShape::kMultiLine) == "xy");  // a field cannot answer with an error
    CHECK(anl::FilterTypedText("a\nb", TextShape::kSingleLine) == "a b");
    CHECK(anl::FilterTypedText("a\nb", TextShape::kMultiLine) == "a\nb");
    CHECK(anl::FilterTypedText("\xE2\x80\xAE" "1", TextShape::kSingleLine) == "1");
}

// Command lines (base.h section 5).
TEST_CASE("UsageErrorMessage starts with the program and names the word it did not understand", "[base][usage]") {
    CHECK(anl::UsageErrorMessage("anlaufstelle-ctl", "ExtrasError", "The following argument was not expected: --foo") ==
          "anlaufstelle-ctl: unknown option --foo (see anlaufstelle-ctl --help)");
    // CLI11 lists several words last first.
    CHECK(anl::UsageErrorMessage("anlaufstelle-central", "ExtrasError",
                                 "The following arguments were not expected: --bar --foo") ==
          "anlaufstelle-central: unknown options --foo --bar (see anlaufstelle-central --help)");
    // A subcommand's extras carry the subcommand's name instead of "ExtrasError".
    CHECK(anl::UsageErrorMessage("anlaufstelle-ctl", "list", "The following argument was not expected: --foo") ==
          "anlaufstelle-ctl: unknown option --foo (see anlaufstelle-ctl --help)");
    CHECK(anl::UsageErrorMessage("anlaufstelle", "ExtrasError", "The following argument was not expected: kiosk") ==
          "anlaufstelle: unexpected argument kiosk (see anlaufstelle --help)");
    CHECK(anl::UsageErrorMessage("anlaufstelle-ctl", "RequiredError", "--service is required") ==
          "anlaufstelle-ctl: --service is required (see anlaufstelle-ctl --help)");
    CHECK(anl::UsageErrorMessage("anlaufstelle-ctl", "RequiredError", "A subcommand is required") ==
          "anlaufstelle-ctl: a subcommand is required (see anlaufstelle-ctl --help)");
    // The unknown word is printed on the operator's terminal: escaped.
    CHECK(anl::UsageErrorMessage("anlaufstelle-ctl", "ExtrasError",
                                 "The following argument was not expected: --x\x1b[2J") ==
          "anlaufstelle-ctl: unknown option --x\\x1b[2J (see anlaufstelle-ctl --help)");
}

TEST_CASE("CheckArguments refuses a malformed byte in any argument and names its option", "[base][usage]") {
    const char* good[] = {"prog", "--note", "Müller, د اقامې", "--x=1"};
    CHECK(anl::CheckArguments(4, good).ok());

    const char* value[] = {"prog", "desk", "--note", "a\xFF"};
    auto bad = anl::CheckArguments(4, value);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == anl::ErrorCode::kInvalidInput);
    CHECK(bad.error().message == "the value of --note is not valid UTF-8 (byte 2: \\xff); type it again in UTF-8.");

    const char* joined[] = {"prog", "--name=\xC3"};
    auto cut = anl::CheckArguments(2, joined);
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().message.starts_with("the value of --name is not valid UTF-8 (byte 8"));

    const char* word[] = {"prog", "\x80"};
    auto stray = anl::CheckArguments(2, word);
    REQUIRE_FALSE(stray.ok());
    CHECK(stray.error().message.starts_with("argument 1 is not valid UTF-8 (byte 1"));
}
