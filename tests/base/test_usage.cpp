// Usage errors of every program, run as a person would run them: they start with the
// program's name, name the word that was not understood, and exit with 64 (docs/ctl.md).
#include <cstdio>
#include <string>
#include <sys/wait.h>

#include <catch2/catch.hpp>

namespace {

struct Run {
    int exit_code = -1;
    std::string out;  // stdout and stderr
};

Run Program(const std::string& name, const std::string& args) {
    const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/" + name + " " + args + " 2>&1 </dev/null";
    Run r;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int status = pclose(p);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

}  // namespace

TEST_CASE("Every program names itself and the unknown option in a usage error", "[usage]") {
    for (const std::string program : {"anlaufstelle-ctl", "anlaufstelle-central", "anlaufstelle"}) {
        // The ctl needs a command first (else "a subcommand is required" comes first).
        const std::string command = program == "anlaufstelle-ctl" ? "queue list " : "";
        auto unknown = Program(program, command + "--foo");
        INFO(program << ": " << unknown.out);
        CHECK(unknown.exit_code == 64);
        CHECK(unknown.out.rfind(program + ": unknown option --foo (see " + program + " --help)\n", 0) == 0);

        // A malformed byte is named before any parser sees it, and never printed raw.
        auto bad = Program(program, "--foo \"$(printf '\\377')\"");
        INFO(bad.out);
        CHECK(bad.exit_code != 134);
        CHECK(bad.out.rfind(program + ": the value of --foo is not valid UTF-8 (byte 1: \\xff)", 0) == 0);

        CHECK(Program(program, "--help").exit_code == 0);
    }
}

TEST_CASE("A word where no argument belongs is named too", "[usage]") {
    auto extra = Program("anlaufstelle-central", "kiosk");
    INFO(extra.out);
    CHECK(extra.exit_code == 64);
    CHECK(extra.out == "anlaufstelle-central: unexpected argument kiosk (see anlaufstelle-central --help)\n");
}

TEST_CASE("A mistyped command of the ctl is named, not only that a command is missing", "[usage]") {
    auto typo = Program("anlaufstelle-ctl", "queue lisst");
    INFO(typo.out);
    CHECK(typo.exit_code == 64);
    CHECK(typo.out == "anlaufstelle-ctl: unexpected argument lisst (see anlaufstelle-ctl --help)\n");
    // Without any word left over, the missing command is what is said.
    auto bare = Program("anlaufstelle-ctl", "queue");
    CHECK(bare.exit_code == 64);
    CHECK(bare.out.rfind("anlaufstelle-ctl: a subcommand is required", 0) == 0);
}

TEST_CASE("A role is one of the known words, named when it is not", "[usage]") {
    // Roles are one enum (kiosk/base/role.h); every --role reads a word and refuses the rest.
    auto ctl = Program("anlaufstelle-ctl", "--db /nonexistent/x.db init --role banana");
    CHECK(ctl.exit_code == 64);
    CHECK(ctl.out == "anlaufstelle-ctl: --role: banana not in {kiosk,desk,board,admin} (see anlaufstelle-ctl --help)\n");
    // A terminal is a kiosk, a desk, a call display or the administration.
    auto terminal = Program("anlaufstelle", "--role banana");
    CHECK(terminal.exit_code == 64);
    CHECK(terminal.out == "anlaufstelle: --role: banana not in {kiosk,desk,board,admin} (see anlaufstelle --help)\n");
}
