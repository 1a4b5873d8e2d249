// anlaufstelle-ctl and the store at every door a person or a file opens (issue 11): malformed
// UTF-8 is a clear error (never exit 134), control characters are removed on input and
// escaped on output, unknown staff and languages are refused, and another program's database
// is left exactly as it was.
#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "ctl_run.h"
#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {

using Run = CtlRun;

std::string ReadBytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

struct Site {
    TempDir dir;
    std::string db = "--db " + (dir / "x.db").string();
    Site() {
        auto init = Ctl(db + " init --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue");
        INFO(init.out);
        REQUIRE(init.exit_code == 0);
    }
    // A visitor in service at counter 1, ready to be transferred with a note.
    void ServeOne() {
        REQUIRE(Ctl(db + " ticket issue --service abh.permit-extension").exit_code == 0);
        REQUIRE(Ctl(db + " desk call-next --office abh --counter 1").exit_code == 0);
        REQUIRE(Ctl(db + " desk start --ticket A-001").exit_code == 0);
    }
};

constexpr const char* kTransfer = " desk transfer --ticket A-001 --service fsa.accommodation";

}  // namespace

TEST_CASE("ctl input: a non-UTF-8 note is a clear error with exit code 1, never an abort", "[store][ctl][input]") {
    Site site;
    site.ServeOne();
    auto bad = Ctl(site.db + kTransfer + " --note \"$(printf 'Wohnung \\374ber')\"");
    INFO(bad.out);
    CHECK(bad.exit_code == 1);  // invalid input; before the check it died with 134 (SIGABRT)
    CHECK(bad.out.find("anlaufstelle-ctl: the value of --note is not valid UTF-8 (byte 9: \\xfc)") !=
          std::string::npos);
    // Nothing happened: the visitor is still in service at abh.
    auto shown = Ctl(site.db + " ticket show --ticket A-001 --json");
    REQUIRE(shown.exit_code == 0);
    CHECK(nlohmann::json::parse(shown.out)["state"] == "in_service");

    // With --json the error is JSON too.
    auto json = Ctl(site.db + kTransfer + " --json --note=\"$(printf '\\377')\"");
    CHECK(json.exit_code == 1);
    auto error = nlohmann::json::parse(json.out);
    CHECK(error["code"] == 1);
    CHECK(error["error"].get<std::string>().find("--note is not valid UTF-8") != std::string::npos);

    // Every other string flag too (an id, a language, a path).
    CHECK(Ctl(site.db + " ticket issue --service \"$(printf 'abh\\377')\"").exit_code == 1);
    CHECK(Ctl(site.db + " ticket issue --service abh.permit-extension --lang \"$(printf 'd\\345')\"").exit_code == 1);
    CHECK(Ctl("--db \"$(printf '\\377.db')\" queue list").exit_code == 1);
}

TEST_CASE("ctl input: a non-UTF-8 staff name is refused and not stored", "[store][ctl][input]") {
    Site site;
    auto bad = Ctl(site.db + " staff add --number 7 --name \"$(printf 'M\\374ller')\" --pin 1234");
    INFO(bad.out);
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("not valid UTF-8") != std::string::npos);
    CHECK(Ctl(site.db + " staff sign-in --number 7 --pin 1234").exit_code == 7);  // not stored

    // The store refuses it too, for callers that are not the ctl (the last line of defence).
    FakeClock clock;
    auto s = OpenStore(site.dir / "x.db", clock);
    auto refused = s->AddStaff("8", "M\xFCller", "1234");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kInvalidInput);
    auto names = s->StaffNames();
    REQUIRE(names.ok());
    CHECK(names->empty());
}

TEST_CASE("ctl input: ESC sequences are removed on input and escaped on output", "[store][ctl][input]") {
    Site site;
    site.ServeOne();
    // A note that would clear the operator's screen and recolour it.
    auto moved = Ctl(site.db + kTransfer + " --note \"$(printf 'flat\\033[2J\\033[31m needed')\" --json");
    INFO(moved.out);
    REQUIRE(moved.exit_code == 0);
    CHECK(nlohmann::json::parse(moved.out)["note"] == "flat needed");
    auto added = Ctl(site.db + " staff add --number 7 --name \"$(printf 'Anna\\033]0;owned\\007 Berg')\" --pin 1234");
    REQUIRE(added.exit_code == 0);
    auto signed_in = Ctl(site.db + " staff sign-in --number 7 --pin 1234");
    CHECK(signed_in.out == "Signed in: Anna Berg (7).\n");

    // Text stored before these checks (or written by another program) is escaped on output.
    RawSql(site.dir / "x.db", "UPDATE tickets SET note = 'old' || char(27) || '[2J note'; "
                              "UPDATE staff SET name = 'Eve' || char(27) || '[31m' WHERE number = '7'; "
                              "UPDATE events SET payload = json_set(payload, '$.x', 'a' || char(27) || 'b')");
    for (const char* command : {" queue list", " ticket show --ticket A-001", " events list",
                                " staff sign-in --number 7 --pin 1234", " queue list --json", " events list --json"}) {
        auto out = Ctl(site.db + command);
        INFO(command << ": " << out.out);
        CHECK(out.exit_code == 0);
        CHECK(out.out.find('\x1b') == std::string::npos);  // nothing can drive the terminal
    }
    CHECK(Ctl(site.db + " queue list").out.find("note: old\\x1b[2J note") != std::string::npos);
    CHECK(Ctl(site.db + " staff sign-in --number 7 --pin 1234").out == "Signed in: Eve\\x1b[31m (7).\n");

    // A malformed byte stored by an old version: shown as U+FFFD in JSON, never a crash.
    RawSql(site.dir / "x.db", "UPDATE tickets SET note = CAST(X'6F6C64FF' AS TEXT)");
    auto list = Ctl(site.db + " queue list --json");
    INFO(list.out);
    CHECK(list.exit_code == 0);
    CHECK(nlohmann::json::parse(list.out)[0]["note"] == "old\xEF\xBF\xBD");
    auto plain = Ctl(site.db + " queue list");
    CHECK(plain.exit_code == 0);
    CHECK(plain.out.find("note: old\\xff") != std::string::npos);
}

TEST_CASE("ctl input: an ESC in an id or code is refused, not stored", "[store][ctl][input]") {
    Site site;
    auto bad = Ctl(site.db + " ticket issue --service \"$(printf 'abh\\033[2J')\"");
    INFO(bad.out);
    CHECK(bad.exit_code == 1);
    CHECK(bad.out.find("The value of --service holds the control character U+001B") != std::string::npos);
    CHECK(bad.out.find('\x1b') == std::string::npos);
}

TEST_CASE("ctl input: unknown staff and a language the kiosk does not offer are refused", "[store][ctl][input]") {
    Site site;
    REQUIRE(Ctl(site.db + " ticket issue --service abh.permit-extension").exit_code == 0);
    auto staff = Ctl(site.db + " desk --staff 999 call-next --office abh --counter 1");
    INFO(staff.out);
    CHECK(staff.exit_code == 2);
    CHECK(staff.out.find("There is no staff number 999") != std::string::npos);
    CHECK(Ctl(site.db + " queue list --json").out.find("\"waiting\"") != std::string::npos);  // not called

    REQUIRE(Ctl(site.db + " staff add --number 999 --name Anna --pin 1234").exit_code == 0);
    CHECK(Ctl(site.db + " desk --staff 999 call-next --office abh --counter 1").exit_code == 0);

    auto lang = Ctl(site.db + " ticket issue --service abh.permit-extension --lang zz");
    INFO(lang.out);
    CHECK(lang.exit_code == 1);
    CHECK(lang.out.find("The language \"zz\" is not offered here") != std::string::npos);
    CHECK(Ctl(site.db + " ticket issue --service abh.permit-extension --lang ti").exit_code == 0);
}

TEST_CASE("ctl input: an empty --db and unknown words are usage errors (64) that name the program",
          "[store][ctl][input][usage]") {
    auto empty = Ctl("--db \"\" queue list");
    INFO(empty.out);
    CHECK(empty.exit_code == 64);
    CHECK(empty.out.rfind("anlaufstelle-ctl: --db: needs a file name", 0) == 0);

    auto unknown = Ctl("queue list --foo");
    INFO(unknown.out);
    CHECK(unknown.exit_code == 64);
    CHECK(unknown.out == "anlaufstelle-ctl: unknown option --foo (see anlaufstelle-ctl --help)\n");

    auto missing = Ctl("ticket issue");
    CHECK(missing.exit_code == 64);
    CHECK(missing.out.rfind("anlaufstelle-ctl: --service is required", 0) == 0);

    CHECK(Ctl("--help").exit_code == 0);
}

TEST_CASE("A foreign SQLite file passed as --db is refused before anything is written to it", "[store][files][input]") {
    TempDir dir;
    const auto file = dir / "firefox.sqlite";
    RawSql(file, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); "
                 "INSERT INTO moz_places (url) VALUES ('https://example.org')");
    const std::string before = ReadBytes(file);
    REQUIRE(before.size() > 100);
    REQUIRE(before[18] == 1);  // a rollback-journal database (header bytes 18/19 are 2 in WAL)

    FakeClock clock;
    auto opened = store::Store::Open(file, clock, store::OpenOptions{});
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::kCorrupt);
    CHECK(opened.error().message.find("another program") != std::string::npos);
    CHECK(ReadBytes(file) == before);  // byte for byte: not switched to WAL
    CHECK_FALSE(std::filesystem::exists(dir / "firefox.sqlite-wal"));

    // The same through the ctl, with exit code 5 (corrupt or foreign file).
    auto ctl = Ctl("--db " + file.string() + " queue list");
    CHECK(ctl.exit_code == 5);
    CHECK(ReadBytes(file) == before);

    // Another program's database with its own application_id, and no tables yet.
    const auto other = dir / "other.db";
    RawSql(other, "PRAGMA application_id = 12345");
    const std::string other_before = ReadBytes(other);
    CHECK_FALSE(store::Store::Open(other, clock, store::OpenOptions{}).ok());
    CHECK(ReadBytes(other) == other_before);

    // A file that is not SQLite at all.
    const auto text = dir / "notes.db";
    std::ofstream(text, std::ios::binary) << "SQLite is great, says this shopping list, which is long enough";
    const std::string text_before = ReadBytes(text);
    CHECK_FALSE(store::Store::Open(text, clock, store::OpenOptions{}).ok());
    CHECK(ReadBytes(text) == text_before);

    // An empty file is a new store.
    const auto empty = dir / "empty.db";
    std::ofstream(empty).close();
    CHECK(store::Store::Open(empty, clock, store::OpenOptions{}).ok());
}

TEST_CASE("ctl input: files with a byte that is not UTF-8 are named, never thrown", "[store][ctl][input]") {
    TempDir dir;
    const auto hours = dir / "hours.toml";
    std::ofstream(hours, std::ios::binary) << "hours = [\"mon-fri 08:00-12:00\"]\n# Sch\xF6nen Tag\n";
    auto config = Ctl("config check --hours " + hours.string());
    INFO(config.out);
    CHECK(config.exit_code == 1);
    CHECK(config.out.find("hours.toml") != std::string::npos);
    CHECK(config.out.find("not UTF-8") != std::string::npos);

    // A service catalogue file (toml++ refuses the byte; the ctl says which file).
    std::filesystem::copy(std::string(ANL_SOURCE_DIR) + "/assets/catalogue", dir / "catalogue",
                          std::filesystem::copy_options::recursive);
    std::ofstream(dir / "catalogue" / "services.toml", std::ios::binary | std::ios::app) << "# \xFF\n";
    auto catalogue = Ctl("catalogue validate --dir " + (dir / "catalogue").string());
    INFO(catalogue.out);
    CHECK(catalogue.exit_code != 0);
    CHECK(catalogue.exit_code != 134);
    CHECK(catalogue.out.find("services.toml") != std::string::npos);
}
