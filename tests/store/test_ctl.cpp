// anlaufstelle-ctl end to end: the commands the "done when" names, run as a program.
#include <fstream>
#include <cstdio>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include "ctl_run.h"
#include "store_fixtures.h"

using namespace anl::test;

namespace {

using Run = CtlRun;

}  // namespace

TEST_CASE("anlaufstelle-ctl: init, issue a ticket as JSON, see its event", "[store][ctl]") {
    TempDir dir;
    std::string db = "--db " + (dir / "x.db").string();
    auto init = Ctl(db + " init --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);

    auto issued = Ctl(db + " ticket issue --service abh.permit-extension --lang ps --interpreter --json");
    INFO(issued.out);
    REQUIRE(issued.exit_code == 0);
    auto ticket = nlohmann::json::parse(issued.out);
    CHECK(ticket["number"] == "A-001");
    CHECK(ticket["office"] == "abh");
    CHECK(ticket["service"] == "abh.permit-extension");
    CHECK(ticket["state"] == "waiting");
    CHECK(ticket["estimated_wait_minutes"] == 0);
    CHECK(ticket["interpreter"] == true);

    auto events = Ctl(db + " events list --json");
    REQUIRE(events.exit_code == 0);
    auto list = nlohmann::json::parse(events.out);
    REQUIRE(list.size() == 1);
    CHECK(list[0]["type"] == "ticket.issued");
    CHECK(list[0]["payload"]["display"] == "A-001");

    auto second = Ctl(db + " ticket issue --service abh.address-change --json");
    REQUIRE(second.exit_code == 0);
    CHECK(nlohmann::json::parse(second.out)["estimated_wait_minutes"].get<int>() > 0);
    // The kiosk's estimate for the next ticket: both waiting ahead at their typical minutes.
    auto waits = Ctl(db + " queue list --office abh");
    REQUIRE(waits.exit_code == 0);
    CHECK(waits.out.find("A ticket taken now at abh waits about ") != std::string::npos);
    CHECK(waits.out.find("at fsa") == std::string::npos);

    CHECK(Ctl(db + " desk call-next --office abh --counter 2").exit_code == 0);
    CHECK(Ctl(db + " desk start --ticket A-001").exit_code == 0);
    auto moved = Ctl(db + " desk transfer --ticket A-001 --service fsa.accommodation --note flat --json");
    REQUIRE(moved.exit_code == 0);
    CHECK(nlohmann::json::parse(moved.out)["office"] == "fsa");
    auto queue = Ctl(db + " queue list --office fsa --json");
    REQUIRE(queue.exit_code == 0);
    CHECK(nlohmann::json::parse(queue.out)[0]["number"] == "A-001");
}

TEST_CASE("anlaufstelle-ctl: errors are one sentence on stderr with documented exit codes", "[store][ctl]") {
    TempDir dir;
    std::string db = "--db " + (dir / "x.db").string();
    auto not_init = Ctl(db + " queue list");
    CHECK(not_init.exit_code == 2);  // not found: no store there yet
    CHECK(not_init.out.find("init") != std::string::npos);
    REQUIRE(Ctl(db + " init --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue").exit_code == 0);
    auto unknown = Ctl(db + " ticket issue --service no.such");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.find("no.such") != std::string::npos);
    REQUIRE(Ctl(db + " ticket issue --service abh.permit-extension").exit_code == 0);
    auto rejected = Ctl(db + " desk finish --ticket A-001");
    CHECK(rejected.exit_code == 3);
    CHECK(rejected.out.find("A-001 is waiting") != std::string::npos);
    auto usage = Ctl(db + " desk finish");
    CHECK(usage.exit_code == 64);
    REQUIRE(Ctl(db + " staff add --number 7 --name Test --pin 1234").exit_code == 0);
    CHECK(Ctl(db + " staff sign-in --number 7 --pin 1234").exit_code == 0);
    CHECK(Ctl(db + " staff sign-in --number 7 --pin 9999").exit_code == 7);
    auto notdb = dir / "notes.txt";
    std::ofstream(notdb) << "this is not a database, just some notes that are long enough\n";
    auto corrupt = Ctl("--db " + notdb.string() + " queue list");
    CHECK(corrupt.exit_code == 5);
    CHECK(corrupt.out.find(notdb.string()) != std::string::npos);
}

TEST_CASE("anlaufstelle-ctl: ticket issue with several --service makes one visit with several stops", "[store][ctl][visits]") {
    TempDir dir;
    std::string db = "--db " + (dir / "x.db").string();
    REQUIRE(Ctl(db + " init --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue").exit_code == 0);
    auto issued = Ctl(db + " ticket issue --service abh.permit-extension --service int.language-course --json");
    INFO(issued.out);
    REQUIRE(issued.exit_code == 0);
    auto ticket = nlohmann::json::parse(issued.out);
    REQUIRE(ticket["stops"].size() == 2);
    CHECK(ticket["stops"][0]["progress"] == "now");
    CHECK(ticket["stops"][1]["service"] == "int.language-course");
    CHECK(ticket["stops"][1]["progress"] == "next");

    CHECK(Ctl(db + " desk call-next --office abh --counter 1").exit_code == 0);
    CHECK(Ctl(db + " desk start --ticket A-001").exit_code == 0);
    CHECK(Ctl(db + " desk finish --ticket A-001").exit_code == 0);
    auto shown = Ctl(db + " ticket show --ticket A-001 --json");
    REQUIRE(shown.exit_code == 0);
    auto now = nlohmann::json::parse(shown.out);
    CHECK(now["office"] == "int");
    CHECK(now["state"] == "waiting");
    CHECK(now["stops"][0]["progress"] == "done");
    CHECK(now["stops"][1]["progress"] == "now");
    auto line = Ctl(db + " ticket show --ticket A-001");
    CHECK(line.out.find("stops: abh.permit-extension (done) int.language-course (now)") != std::string::npos);
}
