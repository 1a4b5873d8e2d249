// Rights in the store (docs/ROLES.md): forbidden actions tried at a desk, a kiosk and by a
// supervisor are refused by the core's rights table before anything changes, each leaving an
// audit entry; the last administrator stays; the audit log holds no visitor text.
#include <sqlite3.h>

#include "ctl_run.h"
#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {

std::unique_ptr<store::Store> InitAs(const std::filesystem::path& file, const Clock& clock, const std::string& id,
                                     int slot, Role role) {
    auto s = OpenStore(file, clock);
    REQUIRE(s->Initialise(store::SiteSettings{}, SmallCatalogue(), core::Device{id, "site-1", slot, role}).ok());
    return s;
}

// Setting the site up: the first administrator without signing in, then the others by them.
void AddTeam(store::Store& s) {
    REQUIRE(s.AddStaffAs("", "1", "Admin A.", "111111", {core::StaffRole::kAdministrator}).ok());
    REQUIRE(s.AddStaffAs("1", "2", "Supervisor S.", "222222", {core::StaffRole::kSupervisor}).ok());
    REQUIRE(s.AddStaffAs("1", "3", "Desk D.", "333333", {core::StaffRole::kDesk}).ok());
}

// A desk or kiosk gets its staff from the central (config); here: added while setting up,
// the administrator last (until then nobody needs to sign in).
void AddTeamSetUp(store::Store& s) {
    REQUIRE(s.AddStaffAs("", "3", "Desk D.", "333333", {core::StaffRole::kDesk}).ok());
    REQUIRE(s.AddStaffAs("", "2", "Supervisor S.", "222222", {core::StaffRole::kSupervisor}).ok());
    REQUIRE(s.AddStaffAs("", "1", "Admin A.", "111111", {core::StaffRole::kAdministrator}).ok());
}

template <typename T>
void CheckForbidden(const T& refused) {
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kUnauthorized);
    CHECK(refused.error().reason == core::kRefusedForbidden);
}

std::vector<core::AuditEntry> Refusals(store::Store& s) {
    core::AuditQuery query;
    query.kind = "refused";
    auto log = s.AuditLog("1", query);
    REQUIRE(log.ok());
    return log.value();
}

}  // namespace

TEST_CASE("Forbidden actions by a supervisor and at a desk are refused by the core and leave audit entries",
          "[store][rights]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto admin = InitAs(dir / "admin.db", clock, "admin-1", 9, Role::kAdmin);
    AddTeam(*admin);
    // Once there is an administrator, nobody adds staff without signing in as one.
    CheckForbidden(admin->AddStaffAs("", "4", "Someone", "444444", {core::StaffRole::kAdministrator}));
    // A supervisor reads the audit log but manages no staff and resets no PIN.
    CheckForbidden(admin->AddStaffAs("2", "4", "Someone", "444444", {core::StaffRole::kDesk}));
    CheckForbidden(admin->SetStaffRoles("2", "2", {core::StaffRole::kAdministrator}));
    CheckForbidden(admin->ResetStaffPin("2", "1", "999999"));
    CHECK(admin->AuditLog("2", {}).ok());
    // A desk member reads no audit log and removes nobody.
    CheckForbidden(admin->AuditLog("3", {}));
    CheckForbidden(admin->RemoveStaff("3", "2"));
    // Nothing changed: the supervisor is still a supervisor, the PIN still the old one.
    auto supervisor = admin->FindStaff("2");
    REQUIRE(supervisor.ok());
    REQUIRE(supervisor->has_value());
    CHECK((*supervisor)->roles == core::StaffRoles{core::StaffRole::kSupervisor});
    CHECK(admin->SignIn("1", "111111").ok());
    CHECK_FALSE(admin->FindStaff("4")->has_value());

    // A supervisor at a desk may not call: refused before any event, and audited.
    auto desk = InitAs(dir / "desk.db", clock, "desk-1", 1, Role::kDesk);
    AddTeamSetUp(*desk);
    Issue(*desk);
    auto call = desk->Execute(core::CallNext{"abh", 1}, "2");
    REQUIRE_FALSE(call.ok());
    CHECK(call.error().reason == core::kRefusedForbidden);
    CHECK(desk->state().recent_calls.empty());
    // At a desk terminal even an administrator manages no staff.
    CheckForbidden(desk->AddStaffAs("1", "5", "Someone", "555555", {core::StaffRole::kDesk}));
    REQUIRE(desk->Execute(core::CallNext{"abh", 1}, "3").ok());  // the desk member may

    auto at_admin = Refusals(*admin);
    // staff_add (nobody), staff_add, staff_set_roles, pin_reset (supervisor), audit_read, staff_remove (desk)
    REQUIRE(at_admin.size() == 6);
    CHECK(at_admin[0].staff.empty());
    CHECK(at_admin[1].staff == "2");
    CHECK(at_admin[1].subject == "staff_add");
    CHECK(at_admin[1].detail == "manage_staff");
    CHECK(at_admin[3].detail == "reset_pin");
    CHECK(at_admin[4].staff == "3");
    CHECK(at_admin[4].detail == "read_audit");
    // The desk terminal's own refusals are read on the admin terminal after sync; here the
    // events themselves.
    int refused_at_desk = 0;
    auto desk_events = desk->ListEvents();
    REQUIRE(desk_events.ok());
    for (const auto& stored : *desk_events)
        if (stored.event.type == "audit.refused") {
            ++refused_at_desk;
            CHECK((stored.event.payload["action"] == "call_next" || stored.event.payload["action"] == "staff_add"));
        }
    CHECK(refused_at_desk == 2);
}

TEST_CASE("A kiosk refuses every staff action, whoever signs in, and audits it", "[store][rights]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto kiosk = InitStore(dir / "kiosk.db", clock);
    REQUIRE(kiosk->AddStaffAs("", "1", "Admin A.", "111111", {core::StaffRole::kAdministrator}).ok());
    CheckForbidden(kiosk->AddStaffAs("1", "2", "Someone", "222222", {core::StaffRole::kDesk}));
    CheckForbidden(kiosk->ListStaff("1"));
    auto log = kiosk->AuditLog("1", {});
    REQUIRE_FALSE(log.ok());
    CHECK(log.error().reason == core::kRefusedForbidden);
    int refused = 0;
    auto kiosk_events = kiosk->ListEvents();
    REQUIRE(kiosk_events.ok());
    for (const auto& stored : *kiosk_events)
        if (auto entry = core::ReadAuditEntry(stored.event); entry && entry->kind == "refused") {
            ++refused;
            CHECK(entry->staff == "1");
        }
    CHECK(refused == 3);  // staff_add, staff_list, audit_read
}

TEST_CASE("The last administrator can be neither removed nor demoted", "[store][rights]") {
    TempDir dir;
    FakeClock clock(kMorning);
    auto admin = InitAs(dir / "admin.db", clock, "admin-1", 9, Role::kAdmin);
    AddTeam(*admin);
    auto remove = admin->RemoveStaff("1", "1");
    REQUIRE_FALSE(remove.ok());
    CHECK(remove.error().reason == core::kRefusedLastAdministrator);
    auto demote = admin->SetStaffRoles("1", "1", {core::StaffRole::kDesk});
    REQUIRE_FALSE(demote.ok());
    CHECK(demote.error().reason == core::kRefusedLastAdministrator);
    CHECK((*admin->FindStaff("1").value()).roles.count(core::StaffRole::kAdministrator) == 1);
    // With a second administrator the first may go.
    REQUIRE(admin->SetStaffRoles("1", "2", {core::StaffRole::kSupervisor, core::StaffRole::kAdministrator}).ok());
    REQUIRE(admin->RemoveStaff("2", "1").ok());
    CHECK_FALSE(admin->FindStaff("1")->has_value());
    auto gone = admin->RemoveStaff("2", "2");
    REQUIRE_FALSE(gone.ok());
    CHECK(gone.error().reason == core::kRefusedLastAdministrator);

    core::AuditQuery query;
    query.kind = "staff_removed";
    auto removed = admin->AuditLog("2", query);
    REQUIRE(removed.ok());
    REQUIRE(removed->size() == 1);
    CHECK(removed->front().staff == "2");
    CHECK(removed->front().subject == "1");
}

TEST_CASE("Sign-ins, failures, staff changes and calls are in the audit log, which holds no visitor text",
          "[store][rights][audit]") {
    TempDir dir;
    FakeClock clock(kMorning);
    const std::string note = "Needs a flat near Hauptstrasse 5, phone 0171-5550199";
    {
        auto desk = InitAs(dir / "desk.db", clock, "desk-1", 1, Role::kDesk);
        AddTeamSetUp(*desk);
        REQUIRE(desk->SignIn("3", "333333").ok());
        REQUIRE_FALSE(desk->SignIn("3", "000000").ok());
        REQUIRE_FALSE(desk->SignIn("0171-5550199", "333333").ok());  // a phone number typed as staff number
        std::string ticket = Issue(*desk);
        REQUIRE(desk->Execute(core::CallTicket{ticket, 4}, "3").ok());
        REQUIRE(desk->Execute(core::StartService{ticket}, "3").ok());
        REQUIRE(desk->Execute(core::Transfer{ticket, "fsa.counselling", note}, "3").ok());
        clock.Advance(kMicrosPerMinute);
        CheckForbidden(desk->ResetStaffPin("1", "3", "343434"));  // PINs are reset at an admin terminal
    }
    // Read it as the admin terminal would: the same events (here: the desk's file, reopened
    // as an admin store would hold them after sync) through the core's reader.
    auto s = OpenStore(dir / "desk.db", clock);
    std::vector<core::AuditEntry> entries;
    auto events = s->ListEvents();
    REQUIRE(events.ok());
    for (const auto& stored : *events)
        if (auto e = core::ReadAuditEntry(stored.event)) entries.push_back(*e);
    std::vector<std::string> kinds;
    for (const auto& e : entries) kinds.push_back(e.kind);
    CHECK(kinds == std::vector<std::string>{"staff_added", "staff_added", "staff_added", "sign_in", "sign_in_failed",
                                            "sign_in_failed", "call", "transfer", "refused"});
    CHECK(entries[5].staff.empty());  // the unknown "number" is not kept
    CHECK(entries[6].staff == "3");
    CHECK(entries[7].detail == "fsa.counselling");
    for (const auto& e : entries)
        for (const std::string& field : {e.staff, e.subject, e.detail}) {
            CHECK(field.find("Hauptstrasse") == std::string::npos);
            CHECK(field.find("0171") == std::string::npos);
        }
    s.reset();
    // The raw file: the note is where the queue keeps it (the transfer), never in an audit event.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open((dir / "desk.db").string().c_str(), &db) == SQLITE_OK);
    auto count = [db](const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
        int n = sqlite3_column_int(stmt, 0);
        sqlite3_finalize(stmt);
        return n;
    };
    CHECK(count("SELECT count(*) FROM events WHERE type LIKE 'audit.%'") == 7);
    CHECK(count("SELECT count(*) FROM events WHERE type LIKE 'audit.%' AND (payload LIKE '%Hauptstrasse%' "
                "OR payload LIKE '%0171%' OR payload LIKE '%333333%' OR payload LIKE '%000000%')") == 0);
    CHECK(count("SELECT count(*) FROM events WHERE type = 'ticket.transferred' AND payload LIKE '%Hauptstrasse%'") == 1);
    sqlite3_close(db);
}

TEST_CASE("ctl: staff changes and the audit log as a signed-in staff member, refused without the right (exit 7)",
          "[store][rights][ctl]") {
    TempDir dir;
    const std::string db = "--db " + (dir / "admin.db").string();
    REQUIRE(Ctl(db + " init --role admin").exit_code == 0);
    REQUIRE(Ctl(db + " staff add --number 1 --name Admin --pin 111111 --roles administrator").exit_code == 0);
    // From now on nobody adds staff without signing in as an administrator.
    CHECK(Ctl(db + " staff add --number 2 --name Sup --pin 222222 --roles supervisor").exit_code == 7);
    CHECK(Ctl(db + " staff add --number 2 --name Sup --pin 222222 --roles supervisor --as 1 --as-pin 000000").exit_code == 7);
    REQUIRE(Ctl(db + " staff add --number 2 --name Sup --pin 222222 --roles supervisor --as 1 --as-pin 111111").exit_code == 0);
    auto by_supervisor = Ctl(db + " staff set-roles --number 2 --roles administrator --as 2 --as-pin 222222");
    CHECK(by_supervisor.exit_code == 7);
    CHECK(by_supervisor.out.find("may not manage_staff") != std::string::npos);
    auto last = Ctl(db + " staff remove --number 1 --as 1 --as-pin 111111");
    CHECK(last.exit_code == 3);
    CHECK(last.out.find("without an administrator") != std::string::npos);
    CHECK(Ctl(db + " staff reset-pin --number 2 --pin 232323 --as 1 --as-pin 111111").exit_code == 0);
    auto csv = Ctl(db + " audit list --as 2 --as-pin 232323 --kind refused --format csv");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("at,device,kind,staff,subject,detail") == 0);
    CHECK(csv.out.find(",refused,2,staff_set_roles,manage_staff") != std::string::npos);
    CHECK(csv.out.find(",admin-1,refused,") != std::string::npos);  // init --role admin names the device so
    auto json = Ctl(db + " --json audit list --as 1 --as-pin 111111 --kind pin_reset");
    REQUIRE(json.exit_code == 0);
    auto entries = nlohmann::json::parse(json.out);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0]["staff"] == "1");
    CHECK(entries[0]["subject"] == "2");
    CHECK(Ctl(db + " audit list --as 1 --as-pin 111111 --kind nonsense").exit_code == 1);
}
