// Retention at the central (both stores: the [store] suite runs against SQLite and, with the
// PostgreSQL fixture, PostgreSQL): personal fields of old events are emptied in place, the
// events keep their order and shape, recent ones are untouched, and for SQLite no byte of
// the old text is left in the file or its write-ahead log.
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;
using namespace anl::sync::central;
using anl::test::TestStore;

TEST_CASE("central store: retention empties old personal fields and keeps the events", "[store][retention]") {
    TestStore t;
    const std::string site = t.Name("site"), device = t.Name("desk");
    REQUIRE(t.store->AddDevice(site, Role::kDesk, "", HashSecret(device + "-code"), 1'000'000'000'000'000).ok());
    auto desk = t.store->Enroll(HashSecret(device + "-code"), device, site, 7, HashSecret(device + "-token"), 5);
    REQUIRE(desk.ok());
    const Micros old_at = 1'000'000, recent_at = 9'000'000'000;
    const std::string transfer = R"({"ticket_id":"x/1","new_ticket_id":"x/2","office_id":"fsa","service_id":"fsa.c","note":"Note-WOMBAT-3141"})";
    const std::string handoff =
        R"({"handoff_id":"x/3","ticket_id":"x/2","office_id":"fsa","service_id":"fsa.c","reason":"housing-risk","to_service_id":"fsa.cm","appointment_id":"","consent":true,"name":"Name-PELICAN-2718","staff":""})";
    const std::string recent = R"({"ticket_id":"x/4","new_ticket_id":"x/5","office_id":"fsa","service_id":"fsa.c","note":"Note-RECENT-LYNX"})";
    std::vector<Event> events = {{device, 1, "ticket.transferred", transfer, old_at},
                                 {device, 2, "handoff.given", handoff, old_at + 1},
                                 {device, 3, "ticket.transferred", recent, recent_at}};
    REQUIRE(t.store->Ingest(desk.value(), events, 5).ok());

    auto dry = t.store->PurgePersonalData(recent_at - 1, true);
    REQUIRE(dry.ok());
    CHECK(dry->events == 2);
    CHECK(t.store->ReadAfter(site, 0, 10).value()[0].event.payload == transfer);  // a dry run changes nothing

    auto purged = t.store->PurgePersonalData(recent_at - 1, false);
    INFO((purged.ok() ? "" : purged.error().message));
    REQUIRE(purged.ok());
    CHECK(purged->events == 2);
    CHECK(purged->fields["note"] == 1);
    CHECK(purged->fields["name"] == 1);
    CHECK(purged->fields["reason"] == 1);
    CHECK(purged->fields["consent"] == 1);

    auto stored = t.store->ReadAfter(site, 0, 10);
    REQUIRE(stored.ok());
    REQUIRE(stored->size() == 3);
    auto first = nlohmann::json::parse(stored->at(0).event.payload);
    auto second = nlohmann::json::parse(stored->at(1).event.payload);
    CHECK(first["note"] == "");
    CHECK(first["new_ticket_id"] == "x/2");  // the shape and the rest stay
    CHECK(second["name"] == "");
    CHECK(second["reason"] == "");
    CHECK(second["consent"] == false);
    CHECK(second["office_id"] == "fsa");
    CHECK(stored->at(2).event.payload == recent);
    CHECK(stored->at(0).order < stored->at(1).order);
    for (const auto& e : *stored) {
        CHECK(e.event.payload.find("WOMBAT") == std::string::npos);
        CHECK(e.event.payload.find("PELICAN") == std::string::npos);
    }
    // SQLite: no copy in the file or its log (PostgreSQL: VACUUM removed the old row versions).
    if (t.store->Kind() == "sqlite") {
        std::string bytes;
        for (const std::string suffix : {"", "-wal"}) {
            std::ifstream in((t.dir / ("central.db" + suffix)).string(), std::ios::binary);
            bytes.append(std::istreambuf_iterator<char>(in), {});
        }
        CHECK(bytes.find("WOMBAT") == std::string::npos);
        CHECK(bytes.find("PELICAN") == std::string::npos);
        CHECK(bytes.find("Note-RECENT-LYNX") != std::string::npos);
    }
    // A second run finds nothing.
    CHECK(t.store->PurgePersonalData(recent_at - 1, false).value().events == 0);
}
