// The rights table (core.h section 12, docs/ROLES.md): what each staff role may do, what each
// terminal allows, the last administrator, and audit events that hold no visitor text.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "fixtures.h"
#include "kiosk/core/core.h"

using namespace anl;
using namespace anl::core;

namespace {

Staff Member(const std::string& number, StaffRoles roles) {
    Staff s;
    s.number = number;
    s.roles = std::move(roles);
    return s;
}

}  // namespace

TEST_CASE("rights: the table in docs/ROLES.md is the core's table", "[rights]") {
    std::ifstream in(std::string(ANL_SOURCE_DIR) + "/docs/ROLES.md");
    REQUIRE(in);
    std::map<std::string, std::vector<bool>> documented;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| `", 0) != 0) continue;
        std::vector<std::string> cells;
        std::stringstream row(line.substr(1));
        for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
        if (cells.size() < 6) continue;
        std::string name = cells[0].substr(cells[0].find('`') + 1);
        name = name.substr(0, name.find('`'));
        if (!ParseRight(name)) continue;  // the audit table's rows
        for (int i = 1; i <= 4; ++i) documented[name].push_back(cells[i].find('x') != std::string::npos);
    }
    REQUIRE(documented.size() == std::size(kAllRights));
    for (Right right : kAllRights) {
        INFO(RightName(right));
        const auto& cols = documented.at(std::string(RightName(right)));
        CHECK(cols[0] == RoleGrants(StaffRole::kAdministrator, right));
        CHECK(cols[1] == RoleGrants(StaffRole::kSupervisor, right));
        CHECK(cols[2] == RoleGrants(StaffRole::kDesk, right));
        CHECK(cols[3] == RoleGrants(StaffRole::kCaseManager, right));
    }
}

TEST_CASE("rights: roles are read strictly and written in table order", "[rights]") {
    auto roles = ParseStaffRoles("desk, administrator");
    REQUIRE(roles.ok());
    CHECK(FormatStaffRoles(*roles) == "administrator,desk");
    CHECK_FALSE(ParseStaffRoles("").ok());
    CHECK_FALSE(ParseStaffRoles("desk,desk").ok());
    auto typo = ParseStaffRoles("admin");
    REQUIRE_FALSE(typo.ok());
    CHECK(typo.error().message.find("administrator, supervisor") != std::string::npos);
}

TEST_CASE("rights: a kiosk, a desk terminal and a supervisor are refused what they may not do", "[rights]") {
    const Staff admin = Member("1", {StaffRole::kAdministrator});
    const Staff supervisor = Member("2", {StaffRole::kSupervisor});
    const Staff desk = Member("3", {StaffRole::kDesk});
    // A kiosk: nobody acts for staff there, not even an administrator.
    for (Right right : kAllRights) {
        auto refused = CheckRight(Role::kKiosk, &admin, right);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().reason == kRefusedForbidden);
        CHECK(refused.error().code == ErrorCode::kUnauthorized);
        CHECK_FALSE(CheckRight(Role::kBoard, &admin, right).ok());
    }
    // A desk terminal: no staff management, even for an administrator.
    CHECK_FALSE(CheckRight(Role::kDesk, &admin, Right::kManageStaff).ok());
    CHECK(CheckRight(Role::kDesk, &desk, Right::kServeVisitors).ok());
    // A supervisor reads, but neither serves nor manages.
    CHECK(CheckRight(Role::kAdmin, &supervisor, Right::kReadAudit).ok());
    CHECK(CheckRight(Role::kAdmin, &supervisor, Right::kReadKeyFigures).ok());
    CHECK_FALSE(CheckRight(Role::kAdmin, &supervisor, Right::kManageStaff).ok());
    CHECK_FALSE(CheckRight(Role::kAdmin, &supervisor, Right::kResetPin).ok());
    CHECK_FALSE(CheckRight(Role::kDesk, &supervisor, Right::kServeVisitors).ok());
    // Nobody signed in: refused, with a sentence that says so.
    auto nobody = CheckRight(Role::kAdmin, nullptr, Right::kReadAudit);
    REQUIRE_FALSE(nobody.ok());
    CHECK(nobody.error().message.find("Sign in") != std::string::npos);
    // Case managers read hand-offs; desk staff do not.
    CHECK(CheckRight(Role::kDesk, &desk, Right::kReadHandoffs).error().reason == kRefusedForbidden);
    const Staff case_manager = Member("4", {StaffRole::kCaseManager});
    CHECK(CheckRight(Role::kDesk, &case_manager, Right::kReadHandoffs).ok());
    CHECK(RightForCommand(CallNext{"abh", 1}) == Right::kServeVisitors);
    CHECK_FALSE(RightForCommand(IssueTicket{"abh.permit-extension", "de", "", false, 0}).has_value());
}

TEST_CASE("rights: the last administrator cannot be removed or demoted", "[rights]") {
    const std::vector<Staff> before = {Member("1", {StaffRole::kAdministrator}), Member("3", {StaffRole::kDesk})};
    auto demoted = CheckKeepsAnAdministrator(before, {Member("1", {StaffRole::kDesk}), Member("3", {StaffRole::kDesk})});
    REQUIRE_FALSE(demoted.ok());
    CHECK(demoted.error().reason == kRefusedLastAdministrator);
    CHECK_FALSE(CheckKeepsAnAdministrator(before, {Member("3", {StaffRole::kDesk})}).ok());
    CHECK(CheckKeepsAnAdministrator(before, {Member("3", {StaffRole::kDesk, StaffRole::kAdministrator})}).ok());
    // A site without an administrator yet (set up before roles) may go on without one.
    CHECK(CheckKeepsAnAdministrator({Member("3", {StaffRole::kDesk})}, {}).ok());
}

TEST_CASE("rights: ValidateEvent refuses a staff member's event without the right, and audit events with text",
          "[rights][validate]") {
    const Micros now = 1'767'258'000'000'000;  // 2026-01-01 09:00Z
    auto c = test::SmallCatalogue();
    State state;
    auto issued = Decide(state, c, {}, Actor{"kiosk-1", 0, 1, ""}, now, IssueTicket{"abh.permit-extension", "de", "", false, 0});
    REQUIRE(issued.ok());
    for (const auto& e : *issued) ApplyEvent(state, e);
    const std::string ticket = issued->front().payload["ticket_id"];
    auto call = Decide(state, c, {}, Actor{"desk-1", 1, 1, "2"}, now, CallTicket{ticket, 3});
    REQUIRE(call.ok());

    const std::set<std::string> numbers = {"2", "3"};
    const std::map<std::string, StaffRoles> roles = {{"2", {StaffRole::kSupervisor}}, {"3", {StaffRole::kDesk}}};
    QueueRules rules;
    EventCheckContext cx{state, rules, &c, &numbers, std::nullopt, now, 0};
    cx.staff_roles = &roles;
    auto refused = ValidateEvent(cx, call->front());
    REQUIRE(refused);
    CHECK(refused->reason == kEventForbidden);
    CHECK(refused->message.find("serve_visitors") != std::string::npos);
    Event by_desk = call->front();
    by_desk.payload["staff"] = "3";
    CHECK_FALSE(ValidateEvent(cx, by_desk));
    cx.staff_roles = nullptr;  // a receiver that does not know the roles checks numbers only
    CHECK_FALSE(ValidateEvent(cx, call->front()));

    Actor actor{"desk-1", 1, 5, "3"};
    Event audit = MakeAuditRefused(actor, now, "3", Right::kReadAudit, "audit_read");
    CHECK_FALSE(ValidateEvent(cx, audit));
    Event with_note = audit;
    with_note.payload["note"] = "Needs a flat";
    REQUIRE(ValidateEvent(cx, with_note));
    CHECK(ValidateEvent(cx, with_note)->reason == kEventMalformed);
    Event sentence = audit;
    sentence.payload["action"] = "called Amina Rahimi";
    REQUIRE(ValidateEvent(cx, sentence));
    CHECK(ApplyEvent(state, audit).applied);
}

TEST_CASE("rights: an audit line of a transfer names the service, never the note", "[rights][audit]") {
    Event transfer{"desk-1", 7, "ticket.transferred",
                   {{"ticket_id", "kiosk-1/1"}, {"new_ticket_id", "desk-1/7"}, {"office_id", "fsa"},
                    {"service_id", "fsa.counselling"}, {"note", "phone 0171-5550199"}},
                   1'767'258'000'000'000};
    auto entry = ReadAuditEntry(transfer);
    REQUIRE(entry);
    CHECK(entry->kind == "transfer");
    CHECK(entry->subject == "kiosk-1/1");
    CHECK(entry->detail == "fsa.counselling");
    for (const std::string& field : {entry->staff, entry->subject, entry->detail, entry->device_id})
        CHECK(field.find("0171") == std::string::npos);
    CHECK_FALSE(ReadAuditEntry(Event{"kiosk-1", 1, "ticket.issued", nlohmann::json::object(), 1}));
    AuditQuery query;
    query.kind = "transfer";
    query.from_us = 1'767'258'000'000'001;
    CHECK_FALSE(AuditMatches(query, *entry));
    query.from_us = 0;
    CHECK(AuditMatches(query, *entry));
}
