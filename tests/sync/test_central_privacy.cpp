// A visitor's request at the central (GET/POST /v1/admin/privacy; core.h section 14), on both
// stores (tagged [store]: the PostgreSQL ctest entry runs it too): administrators only (403
// for a desk, a supervisor, nobody signed in), the visitor's events with their personal
// fields, an erasure that empties them in the central's event store and appends privacy.erased
// with ids only, and an erasure an admin terminal pushed, carried out at the central.
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../core/fixtures.h"
#include "kiosk/core/core.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;

namespace {

const std::string kNote = "Note-CENTRAL-ALPACA-77";
const std::string kName = "Samir NAME-CENTRAL-TAPIR";
const std::string kOtherNote = "Note-CENTRAL-OTHER-MOOSE";

catalogue::Catalogue CmCatalogue() {
    auto c = test::SmallCatalogue();
    catalogue::Service cm;
    cm.id = "fsa.case-management";
    cm.office_id = "fsa";
    cm.needs_appointment = true;
    c.services.push_back(cm);
    c.case_management = {"fsa.case-management", {"several-offices", "housing-risk"}};
    return c;
}

StaffRecord Member(const std::string& number, const std::string& roles) {
    static const std::string hash = core::HashPin("482913").value();
    return StaffRecord{number, "Staff " + number, hash, roles};
}

// A desk terminal deciding with the core and pushing through the service.
struct Desk {
    Desk(test::Central& central, std::string device, std::string device_token, int device_slot)
        : c(central), id(std::move(device)), token(std::move(device_token)), slot(device_slot) {}
    test::Central& c;
    std::string id, token;
    int slot;
    core::State state;
    std::int64_t next = 1;

    std::vector<core::Event> Do(const core::Command& command, Micros now) {
        auto events = core::Decide(state, CmCatalogue(), core::QueueRules{}, core::Actor{id, slot, next, "3"}, now, command);
        INFO((events.ok() ? "" : events.error().message));
        REQUIRE(events.ok());
        Push(*events);
        return *events;
    }
    void Push(const std::vector<core::Event>& events) {
        sync::Push push;
        for (const auto& e : events) {
            REQUIRE(core::ApplyEvent(state, e).applied);
            push.events.push_back(Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us});
            next = e.seq + 1;
        }
        auto r = c.Post(std::string(kPathPush), token, Encode(push));
        INFO(r.body);
        REQUIRE(r.status == 200);
        auto ok = ExpectAnswer<PushOk>(r);
        REQUIRE(ok.ok());
        REQUIRE(ok->rejected.empty());
        REQUIRE(ok->stored == static_cast<std::int64_t>(events.size()));
    }
    // A visit sent on with a note; handed to case management with a name when one is given.
    std::string Visit(const std::string& note, const std::string& name) {
        Micros now = c.clock.NowUtcMicros();
        auto issued = Do(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0}, now);
        const std::string ticket = issued.front().payload["ticket_id"];
        Do(core::CallTicket{ticket, 1}, now + kMicrosPerMinute);
        Do(core::StartService{ticket}, now + 2 * kMicrosPerMinute);
        auto moved = Do(core::Transfer{ticket, "fsa.counselling", note}, now + 3 * kMicrosPerMinute);
        if (!name.empty()) {
            auto handoff = core::DecideHandoff(state, CmCatalogue(), core::Actor{id, slot, next, "3"}, now + 4 * kMicrosPerMinute,
                                               core::HandToCaseManagement{moved.front().payload["new_ticket_id"],
                                                                          "housing-risk", "", true, name});
            REQUIRE(handoff.ok());
            Push({*handoff});
        }
        return issued.front().payload["display"];
    }
};

HttpResponse Get(test::Central& c, const std::string& token, const std::string& query) {
    auto r = c.transport.Send({"GET", std::string(kPathAdminPrivacy) + query, token, ""});
    REQUIRE(r.ok());
    return r.value();
}

std::string AllPayloads(test::Central& c, const std::string& site) {
    auto stored = c.t.store->ReadAfter(site, 0, 10000);
    REQUIRE(stored.ok());
    std::string all;
    for (const auto& e : *stored) all += e.event.payload;
    return all;
}

}  // namespace

TEST_CASE("central privacy: administrators see and erase a visitor's data for the whole site", "[store][privacy]") {
    test::Central c;
    c.clock.Set(1'768'464'000'000'000);  // 2026-01-15 09:00 Berlin
    const std::string site = c.t.Name("site-p");
    ConfigPublish publish;
    publish.site = site;
    publish.staff = std::vector<StaffRecord>{Member("1", "administrator"), Member("2", "supervisor"), Member("3", "desk")};
    REQUIRE(c.Post(std::string(kPathAdminConfig), test::kAdminToken, Encode(publish)).status == 200);
    Desk desk{c, c.t.Name("desk"), "", 0};
    desk.token = c.Enrol(site, Role::kDesk, desk.id);
    desk.slot = c.slots;
    const std::string admin = c.Enrol(site, Role::kAdmin, c.t.Name("admin"));
    const std::string colleague = c.Enrol(site, Role::kDesk, c.t.Name("desk2"));
    const std::string display = desk.Visit(kNote, kName);
    desk.Visit(kOtherNote, "");
    const std::string query = "?site=" + site + "&reference=" + display;

    // Only administrators: a desk, an admin terminal with nobody or a supervisor named: 403.
    CHECK(Get(c, desk.token, query).status == 403);
    CHECK(Get(c, admin, query).status == 403);
    CHECK(Get(c, admin, query + "&staff=2").status == 403);
    CHECK(c.Post(std::string(kPathAdminPrivacy), desk.token, nlohmann::json{{"site", site}, {"reference", display}}.dump())
              .status == 403);
    CHECK(c.service.counters().forbidden.at("answer_privacy_requests") == 4);
    CHECK(Get(c, test::kAdminToken, "?site=" + site + "&reference=Z-999").status == 404);

    auto shown = Get(c, admin, query + "&staff=1");
    INFO(shown.body);
    REQUIRE(shown.status == 200);
    auto body = nlohmann::json::parse(shown.body);
    CHECK(body["display"] == display);
    REQUIRE(body["events"].size() == 5);
    CHECK(shown.body.find(kNote) != std::string::npos);
    CHECK(shown.body.find(kName) != std::string::npos);
    CHECK(shown.body.find(kOtherNote) == std::string::npos);
    CHECK(Get(c, test::kAdminToken, query).status == 200);  // the admin token names the site

    // Input from outside: a dry_run that is not true or false, a malformed day, a missing reference.
    CHECK(c.Post(std::string(kPathAdminPrivacy), test::kAdminToken,
                 nlohmann::json{{"site", site}, {"reference", display}, {"dry_run", "yes"}}.dump())
              .status == 400);
    CHECK(Get(c, test::kAdminToken, query + "&day=29.03.2026").status == 400);
    CHECK(Get(c, test::kAdminToken, "?site=" + site).status == 400);
    CHECK(c.Post(std::string(kPathAdminPrivacy), test::kAdminToken, "[1,2]").status == 400);

    auto dry = c.Post(std::string(kPathAdminPrivacy), test::kAdminToken,
                      nlohmann::json{{"site", site}, {"reference", display}, {"dry_run", true}}.dump());
    REQUIRE(dry.status == 200);
    CHECK(nlohmann::json::parse(dry.body)["events"] == 2);
    CHECK(AllPayloads(c, site).find(kNote) != std::string::npos);
    // A colleague's pull: the site's tail (Service::ReadSiteAfter) now holds the note.
    auto before = c.Post(std::string(kPathPull), colleague, Encode(Pull{}));
    REQUIRE(before.status == 200);
    CHECK(before.body.find(kNote) != std::string::npos);

    auto erased = c.Post(std::string(kPathAdminPrivacy), admin,
                         nlohmann::json{{"site", site}, {"reference", display}, {"staff", "1"}}.dump());
    INFO(erased.body);
    REQUIRE(erased.status == 200);
    auto e = nlohmann::json::parse(erased.body);
    CHECK(e["events"] == 2);
    CHECK(e["fields"] == nlohmann::json{{"consent", 1}, {"name", 1}, {"note", 1}, {"reason", 1}});
    const std::string all = AllPayloads(c, site);
    CHECK(all.find(kNote) == std::string::npos);
    CHECK(all.find(kName) == std::string::npos);
    CHECK(all.find(kOtherNote) != std::string::npos);
    // Nor does any pull answer hold them: the erasure forgot the tail that held the note.
    auto after = c.Post(std::string(kPathPull), colleague, Encode(Pull{}));
    REQUIRE(after.status == 200);
    CHECK(after.body.find(kNote) == std::string::npos);
    CHECK(after.body.find(kName) == std::string::npos);
    CHECK(after.body.find(kOtherNote) != std::string::npos);
    // The record in the site's order: ids only, by the central, for every terminal to pull.
    auto stored = c.t.store->ReadAfter(site, 0, 10000);
    REQUIRE(stored.ok());
    const auto& last = stored->back().event;
    CHECK(last.device == core::kCentralDeviceId);
    CHECK(last.type == "privacy.erased");
    auto record = nlohmann::json::parse(last.payload);
    CHECK(record["events"].size() == 2);
    CHECK(record["staff"] == "1");
    if (c.t.store->Kind() == "sqlite") {
        std::string bytes;
        for (const std::string suffix : {"", "-wal"}) {
            std::ifstream in((c.t.dir / ("central.db" + suffix)).string(), std::ios::binary);
            bytes.append(std::istreambuf_iterator<char>(in), {});
        }
        CHECK(bytes.find("ALPACA") == std::string::npos);
        CHECK(bytes.find("TAPIR") == std::string::npos);
        CHECK(bytes.find("MOOSE") != std::string::npos);
    }
    // The desk goes on pushing: its outbox's events are unchanged by the erasure.
    desk.Visit("Note-LATER", "");
}

TEST_CASE("central privacy: an erasure an admin terminal pushed is carried out at the central", "[store][privacy]") {
    test::Central c;
    c.clock.Set(1'768'464'000'000'000);
    const std::string site = c.t.Name("site-q");
    ConfigPublish publish;
    publish.site = site;
    publish.staff = std::vector<StaffRecord>{Member("1", "administrator"), Member("3", "desk")};
    REQUIRE(c.Post(std::string(kPathAdminConfig), test::kAdminToken, Encode(publish)).status == 200);
    Desk desk{c, c.t.Name("desk"), "", 0};
    desk.token = c.Enrol(site, Role::kDesk, desk.id);
    desk.slot = c.slots;
    const std::string admin_id = c.Enrol(site, Role::kAdmin, c.t.Name("admin"));
    (void)admin_id;
    desk.Visit(kNote, "");
    desk.Visit(kOtherNote, "");
    // The transfer event that holds kNote.
    std::string transfer_id;
    auto stored = c.t.store->ReadAfter(site, 0, 10000);
    REQUIRE(stored.ok());
    for (const auto& s : *stored)
        if (s.event.payload.find(kNote) != std::string::npos) transfer_id = s.event.device + "/" + std::to_string(s.event.seq);
    REQUIRE_FALSE(transfer_id.empty());

    Desk admin{c, c.t.Name("admin"), admin_id, c.slots};
    auto record = core::MakePrivacyErased(core::Actor{admin.id, admin.slot, 1, "1"}, c.clock.NowUtcMicros(), "1", {transfer_id});
    admin.Push({record});
    const std::string all = AllPayloads(c, site);
    CHECK(all.find(kNote) == std::string::npos);
    CHECK(all.find(kOtherNote) != std::string::npos);

    // From a desk it is refused by role; by a desk member's name it is forbidden.
    auto by_desk = core::MakePrivacyErased(core::Actor{desk.id, desk.slot, desk.next, "3"}, c.clock.NowUtcMicros(), "3",
                                           {transfer_id});
    sync::Push push;
    push.events.push_back(Event{by_desk.device_id, by_desk.seq, by_desk.type, by_desk.payload.dump(), by_desk.at_us});
    CHECK(c.Post(std::string(kPathPush), desk.token, Encode(push)).status == 403);
}

TEST_CASE("central retention: the daily run purges each site by its period, once a day", "[store][retention]") {
    test::Central c;
    c.clock.Set(1'768'464'000'000'000);
    catalogue::Catalogue central_catalogue = CmCatalogue();
    central_catalogue.retention.days = 5;  // no site published its own: the central's catalogue says
    c.service.catalogue = &central_catalogue;
    const std::string site = c.t.Name("site-r");
    ConfigPublish publish;
    publish.site = site;
    publish.staff = std::vector<StaffRecord>{Member("1", "administrator"), Member("3", "desk")};
    REQUIRE(c.Post(std::string(kPathAdminConfig), test::kAdminToken, Encode(publish)).status == 200);
    Desk desk{c, c.t.Name("desk"), "", 0};
    desk.token = c.Enrol(site, Role::kDesk, desk.id);
    desk.slot = c.slots;
    desk.Visit(kNote, kName);
    std::vector<std::string> log;
    c.service.log = [&log](const std::string& line) { log.push_back(line); };

    // Now: due (never ran in this process), nothing older than five days.
    auto first = c.service.RunRetentionIfDue();
    REQUIRE(first.count(site) == 1);
    CHECK(first[site].events == 0);
    // Six days later the same process: due again, and the visit's fields are old enough.
    c.clock.Advance(6 * 24 * 3600 * kMicrosPerSecond);
    auto later = c.service.RunRetentionIfDue();
    REQUIRE(later.count(site) == 1);
    CHECK(later[site].events == 2);
    CHECK(later[site].fields["note"] == 1);
    CHECK(later[site].fields["name"] == 1);
    CHECK(AllPayloads(c, site).find(kNote) == std::string::npos);
    CHECK(AllPayloads(c, site).find(kName) == std::string::npos);
    CHECK_FALSE(log.empty());
    // An hour later: not due.
    c.clock.Advance(3600 * kMicrosPerSecond);
    CHECK(c.service.RunRetentionIfDue().count(site) == 0);
}

TEST_CASE("central store: a resent event that differs only by an erasure is the same event", "[store][privacy]") {
    test::TestStore t;
    const std::string site = t.Name("site"), device = t.Name("admin");
    REQUIRE(t.store->AddDevice(site, Role::kAdmin, "", central::HashSecret(device + "-code"), 1'000'000'000'000'000).ok());
    auto admin = t.store->Enroll(central::HashSecret(device + "-code"), device, site, 4,
                                 central::HashSecret(device + "-token"), 5);
    REQUIRE(admin.ok());
    const std::string transfer =
        R"({"ticket_id":"x/1","new_ticket_id":"x/2","office_id":"fsa","service_id":"fsa.c","note":"Note-RESENT-KOALA"})";
    const std::string erased = R"({"ticket_id":"x/1","new_ticket_id":"x/2","office_id":"fsa","service_id":"fsa.c","note":""})";
    const std::string other = R"({"ticket_id":"x/1","new_ticket_id":"x/3","office_id":"fsa","service_id":"fsa.c","note":""})";
    REQUIRE(t.store->Ingest(admin.value(), {{device, 1, "ticket.transferred", transfer, 2'000'000}}, 5).ok());
    // The terminal erased its copy before it learnt the push had arrived: a duplicate, not lost history.
    auto resent = t.store->Ingest(admin.value(), {{device, 1, "ticket.transferred", erased, 2'000'000}}, 6);
    REQUIRE(resent.ok());
    CHECK(resent->duplicates == 1);
    // Any other change is still refused.
    auto changed = t.store->Ingest(admin.value(), {{device, 1, "ticket.transferred", other, 2'000'000}}, 7);
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.error().code == ErrorCode::kRejected);
}
