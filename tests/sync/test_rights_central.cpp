// Rights at the central (docs/ROLES.md): forbidden actions tried from a kiosk, a desk and a
// supervisor are refused with HTTP 403 (admin requests) or a per-event "forbidden" refusal
// (pushed events), counted and logged; the last administrator cannot be published away.
// Tagged [forged] as well: the ctest entry sync_forged_postgresql runs it against PostgreSQL.
#include <catch2/catch.hpp>

#include "kiosk/core/core.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;

namespace {

std::string PushBody(const std::vector<core::Event>& events) {
    Push push;
    for (const auto& e : events) push.events.push_back(Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us});
    return Encode(push);
}

StaffRecord Member(const std::string& number, const std::string& roles) {
    static const std::string hash = core::HashPin("482913").value();
    return StaffRecord{number, "Staff " + number, hash, roles};
}

std::string PublishStaff(const std::string& site, std::vector<StaffRecord> staff,
                         std::optional<std::string> by = std::nullopt) {
    ConfigPublish publish;
    publish.site = site;
    publish.staff = std::move(staff);
    publish.by_staff = std::move(by);
    return Encode(publish);
}

// The audit entries the central wrote into a site's order (device "central").
std::vector<core::AuditEntry> CentralAudit(test::Central& c, const std::string& site) {
    auto events = c.t.store->ReadAfter(site, 0, 1000);
    REQUIRE(events.ok());
    std::vector<core::AuditEntry> out;
    for (const auto& stored : *events) {
        if (stored.event.device != core::kCentralDeviceId) continue;
        core::Event e{stored.event.device, stored.event.seq, stored.event.type,
                      nlohmann::json::parse(stored.event.payload), stored.event.at_us};
        if (auto entry = core::ReadAuditEntry(e)) out.push_back(*entry);
    }
    return out;
}

std::string ReasonOf(const HttpResponse& r) {
    auto error = Decode(r.body);
    if (!error.ok()) return "";
    if (auto* e = std::get_if<ErrorMessage>(&error.value())) return e->reason;
    return "";
}

}  // namespace

TEST_CASE("central: admin requests without the right get 403 from a kiosk, a desk and a supervisor, and are logged",
          "[rights][forged]") {
    test::Central c;
    std::vector<std::string> log;
    c.service.log = [&log](const std::string& line) { log.push_back(line); };
    const std::string site = c.t.Name("site-r");
    const std::vector<StaffRecord> staff = {Member("1", "administrator"), Member("2", "supervisor"),
                                            Member("3", "desk,case_manager")};
    // The operator's admin token sets the site up.
    REQUIRE(c.Post(std::string(kPathAdminConfig), test::kAdminToken, PublishStaff(site, staff)).status == 200);
    const std::string kiosk = c.Enrol(site, Role::kKiosk, c.t.Name("kiosk"));
    const std::string desk = c.Enrol(site, Role::kDesk, c.t.Name("desk"));
    const std::string admin = c.Enrol(site, Role::kAdmin, c.t.Name("admin"));

    // A kiosk and a desk terminal may not publish at all, whoever they name.
    auto from_kiosk = c.Post(std::string(kPathAdminConfig), kiosk, PublishStaff(site, staff, "1"));
    CHECK(from_kiosk.status == 403);
    CHECK(ReasonOf(from_kiosk) == "forbidden");
    auto from_desk = c.Post(std::string(kPathAdminConfig), desk, PublishStaff(site, staff, "3"));
    CHECK(from_desk.status == 403);
    // At the admin terminal: a supervisor and a desk member may not; nobody signed in may not.
    auto supervisor = c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, staff, "2"));
    CHECK(supervisor.status == 403);
    CHECK(ReasonOf(supervisor) == "forbidden");
    CHECK(supervisor.body.find("publish_config") != std::string::npos);
    CHECK(c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, staff, "3")).status == 403);
    CHECK(c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, staff, "999")).status == 403);
    CHECK(c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, staff)).status == 403);
    // The administrator may.
    CHECK(c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, staff, "1")).status == 200);

    CHECK(c.service.counters().forbidden.at("publish_config") == 6);
    CHECK(c.service.MetricsText().find("anl_central_forbidden_total{right=\"publish_config\"} 6") != std::string::npos);
    REQUIRE(log.size() == 6);
    CHECK(log[2].find("staff 2") != std::string::npos);
    for (const auto& line : log) CHECK(line.find("Staff ") == std::string::npos);  // no names in the log
    // Each refusal and each publication is an audit entry in the site's order.
    auto audit = CentralAudit(c, site);
    REQUIRE(audit.size() == 8);
    CHECK(audit[0].kind == "config_published");
    CHECK(audit[0].staff.empty());  // the admin token
    CHECK(audit[3].kind == "refused");
    CHECK(audit[3].staff == "2");
    CHECK(audit[3].detail == "publish_config");
    CHECK(audit[7].kind == "config_published");
    CHECK(audit[7].staff == "1");
}

TEST_CASE("central: the last administrator cannot be published away", "[rights][forged]") {
    test::Central c;
    c.service.log = [](const std::string&) {};
    const std::string site = c.t.Name("site-l");
    REQUIRE(c.Post(std::string(kPathAdminConfig), test::kAdminToken,
                   PublishStaff(site, {Member("1", "administrator"), Member("3", "desk")}))
                .status == 200);
    const std::string admin = c.Enrol(site, Role::kAdmin, c.t.Name("admin"));
    // Demoting the only administrator, or dropping them, is refused, even with the admin token.
    auto demote = c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, {Member("1", "desk"), Member("3", "desk")}, "1"));
    CHECK(demote.status == 403);
    CHECK(ReasonOf(demote) == "last_administrator");
    CHECK(c.Post(std::string(kPathAdminConfig), test::kAdminToken, PublishStaff(site, {Member("3", "desk")})).status == 403);
    // With a second administrator first, the first may step down.
    CHECK(c.Post(std::string(kPathAdminConfig), admin,
                 PublishStaff(site, {Member("1", "administrator"), Member("3", "desk,administrator")}, "1"))
              .status == 200);
    CHECK(c.Post(std::string(kPathAdminConfig), admin, PublishStaff(site, {Member("1", "desk"), Member("3", "administrator")}, "1"))
              .status == 200);
}

TEST_CASE("central: a call by a supervisor (no serve right) is refused per event as forbidden, a desk member's goes in",
          "[rights][forged]") {
    test::Central c;
    std::vector<std::string> log;
    c.service.log = [&log](const std::string& line) { log.push_back(line); };
    const std::string site = c.t.Name("site-e");
    REQUIRE(c.Post(std::string(kPathAdminConfig), test::kAdminToken,
                   PublishStaff(site, {Member("1", "administrator"), Member("2", "supervisor"), Member("3", "desk")}))
                .status == 200);
    const std::string kiosk_id = c.t.Name("kiosk"), desk_id = c.t.Name("desk");
    const std::string kiosk = c.Enrol(site, Role::kKiosk, kiosk_id);
    const std::string desk = c.Enrol(site, Role::kDesk, desk_id);
    const Micros now = c.clock.NowUtcMicros();
    const catalogue::Catalogue catalogue = test::OneOfficeCatalogue();

    core::State state;
    auto issued = core::Decide(state, catalogue, {}, core::Actor{kiosk_id, 1, 1, ""}, now,
                               core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
    REQUIRE(issued.ok());
    REQUIRE(c.Post(std::string(kPathPush), kiosk, PushBody(*issued)).status == 200);
    for (const auto& e : *issued) core::ApplyEvent(state, e);
    const std::string ticket = issued->front().payload["ticket_id"].get<std::string>();

    // A kiosk may not call at all: the whole push is refused (403, role), as before.
    auto kiosk_call = core::Decide(state, catalogue, {}, core::Actor{kiosk_id, 1, 2, "3"}, now + 1,
                                   core::CallTicket{ticket, 1});
    REQUIRE(kiosk_call.ok());
    CHECK(c.Post(std::string(kPathPush), kiosk, PushBody(*kiosk_call)).status == 403);

    // A desk terminal where a supervisor signed in: the call is refused as forbidden.
    auto by_supervisor = core::Decide(state, catalogue, {}, core::Actor{desk_id, 2, 1, "2"}, now + 2,
                                      core::CallTicket{ticket, 1});
    REQUIRE(by_supervisor.ok());
    auto pushed = c.Post(std::string(kPathPush), desk, PushBody(*by_supervisor));
    REQUIRE(pushed.status == 200);
    auto ok = DecodeAs<PushOk>(pushed.body);
    REQUIRE(ok.ok());
    REQUIRE(ok->rejected.size() == 1);
    CHECK(ok->rejected[0].reason == "forbidden");
    CHECK(c.service.counters().events_rejected.at("forbidden") == 1);
    REQUIRE(log.size() == 1);
    CHECK(log[0].find("forbidden") != std::string::npos);
    auto audit = CentralAudit(c, site);
    REQUIRE(audit.size() == 2);  // the publication, then the refused call
    CHECK(audit[1].kind == "refused");
    CHECK(audit[1].staff == "2");
    CHECK(audit[1].subject == "ticket.called");
    CHECK(audit[1].detail == "serve_visitors");

    // The same call by the desk member goes into the order.
    auto by_desk = core::Decide(state, catalogue, {}, core::Actor{desk_id, 2, 2, "3"}, now + 3, core::CallTicket{ticket, 1});
    REQUIRE(by_desk.ok());
    auto accepted = DecodeAs<PushOk>(c.Post(std::string(kPathPush), desk, PushBody(*by_desk)).body);
    REQUIRE(accepted.ok());
    CHECK(accepted->rejected.empty());
    CHECK(accepted->stored == 1);
}
