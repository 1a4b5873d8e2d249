// Staff roles and rights, and the audit log's events (core.h section 12, docs/ROLES.md).
// The rights table below is the only place that says which role may do what.
#include <algorithm>
#include <ctime>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

using nlohmann::json;

// One row per right: which staff roles grant it. Written out as the table in core.h and
// docs/ROLES.md; a test compares the three.
struct RightRow {
    Right right;
    const char* name;
    bool administrator, supervisor, desk, case_manager;
};
constexpr RightRow kRightsTable[] = {
    // right                        name                   admin  superv desk   case
    {Right::kPublishConfig,       "publish_config",       true,  false, false, false},
    {Right::kManageStaff,         "manage_staff",         true,  false, false, false},
    // Only administrators: a PIN reset hands over every right of the account it resets.
    {Right::kResetPin,            "reset_pin",            true,  false, false, false},
    {Right::kReadKeyFigures,      "read_key_figures",     true,  true,  false, false},
    {Right::kReadAudit,           "read_audit",           true,  true,  false, false},
    // Administrators and supervisors who also serve at a counter hold the desk role as well.
    {Right::kServeVisitors,       "serve_visitors",       false, false, true,  true},
    {Right::kManageAppointments,  "manage_appointments",  false, false, true,  true},
    {Right::kReferVisitors,       "refer_visitors",       false, false, true,  true},
    // Hand-offs may carry a visitor's name (with consent): case managers only.
    {Right::kReadHandoffs,        "read_handoffs",        false, false, false, true},
    // Showing a visitor everything stored about them, or erasing it, answers to the
    // data-protection officer: administrators only.
    {Right::kAnswerPrivacyRequests, "answer_privacy_requests", true, false, false, false},
};
static_assert(std::size(kRightsTable) == std::size(kAllRights), "every right has a row in the rights table");

const RightRow& Row(Right right) {
    for (const auto& row : kRightsTable)
        if (row.right == right) return row;
    ANL_ASSERT(!"every right has a row in the rights table");
    return kRightsTable[0];
}

Event AuditEvent(const Actor& actor, Micros now, std::string type, json payload) {
    ANL_ASSERT(!actor.device_id.empty() && "every event names the device that decided it");
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = std::move(type);
    e.payload = std::move(payload);
    e.at_us = now;
    return e;
}

std::string Text(const json& p, const char* key) {
    auto v = internal::Str(p, key);
    return v ? *v : std::string();
}

}  // namespace

std::string FormatStaffRoles(const StaffRoles& roles) {
    std::string out;
    for (StaffRole role : kAllStaffRoles)
        if (roles.count(role)) out += (out.empty() ? "" : ",") + std::string(StaffRoleName(role));
    return out;
}

Result<StaffRoles> ParseStaffRoles(std::string_view text) {
    StaffRoles roles;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view word = text.substr(start, end - start);
        while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
        while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
        if (!word.empty()) {
            auto role = ParseStaffRole(word);
            if (!role)
                return MakeError(ErrorCode::kInvalidInput,
                                 "\"" + std::string(word.substr(0, 40)) +
                                     "\" is not a staff role; use administrator, supervisor, desk or case_manager.");
            if (!roles.insert(*role).second)
                return MakeError(ErrorCode::kInvalidInput, "The role " + std::string(word) + " is named twice.");
        }
        start = end + 1;
    }
    if (roles.empty())
        return MakeError(ErrorCode::kInvalidInput,
                         "A staff member needs at least one role: administrator, supervisor, desk or case_manager.");
    return roles;
}

std::string_view RightName(Right right) { return Row(right).name; }

std::optional<Right> ParseRight(std::string_view name) {
    for (const auto& row : kRightsTable)
        if (name == row.name) return row.right;
    return std::nullopt;
}

bool RoleGrants(StaffRole role, Right right) {
    const RightRow& row = Row(right);
    switch (role) {
        case StaffRole::kAdministrator: return row.administrator;
        case StaffRole::kSupervisor: return row.supervisor;
        case StaffRole::kDesk: return row.desk;
        case StaffRole::kCaseManager: return row.case_manager;
    }
    return false;
}

bool Grants(const StaffRoles& roles, Right right) {
    return std::any_of(roles.begin(), roles.end(), [right](StaffRole role) { return RoleGrants(role, right); });
}

bool DeviceRoleAllows(Role device_role, Right right) {
    switch (device_role) {
        case Role::kKiosk:
        case Role::kBoard: return false;  // visitors' and waiting-room screens: nobody acts for staff there
        case Role::kDesk:
            // A desk serves, and shows a supervisor the key figures; configuration, staff
            // and the audit log are an admin terminal's.
            return right == Right::kServeVisitors || right == Right::kManageAppointments ||
                   right == Right::kReferVisitors || right == Right::kReadHandoffs || right == Right::kReadKeyFigures;
        case Role::kAdmin: return true;
    }
    return false;
}

Status CheckRight(Role device_role, const Staff* staff, Right right) {
    const std::string right_name(RightName(right));
    if (!DeviceRoleAllows(device_role, right)) {
        Error e = MakeError(ErrorCode::kUnauthorized, "A " + std::string(RoleName(device_role)) +
                                                          " terminal may not do this (" + right_name + ").");
        e.reason = kRefusedForbidden;
        return e;
    }
    if (staff == nullptr) {
        Error e = MakeError(ErrorCode::kUnauthorized, "Sign in first: this needs a staff member with the right " +
                                                          right_name + ".");
        e.reason = kRefusedForbidden;
        return e;
    }
    return CheckStaffRoles(*staff, right);
}

Status CheckStaffRoles(const Staff& staff, Right right) {
    if (Grants(staff.roles, right)) return {};
    Error e = MakeError(ErrorCode::kUnauthorized, "Staff number " + staff.number + " (" + FormatStaffRoles(staff.roles) +
                                                      ") may not " + std::string(RightName(right)) +
                                                      "; ask an administrator.");
    e.reason = kRefusedForbidden;
    return e;
}

std::optional<Right> RightForCommand(const Command& command) {
    if (std::holds_alternative<IssueTicket>(command)) return std::nullopt;
    return Right::kServeVisitors;
}

std::optional<Right> RightForEventType(std::string_view type) {
    if (ActionForEventType(type)) return Right::kServeVisitors;
    if (type == "referral.given" || type == "handoff.given") return Right::kReferVisitors;
    if (type == "privacy.erased") return Right::kAnswerPrivacyRequests;
    return std::nullopt;
}

Status CheckKeepsAnAdministrator(const std::vector<Staff>& before, const std::vector<Staff>& after) {
    auto has_admin = [](const std::vector<Staff>& staff) {
        return std::any_of(staff.begin(), staff.end(),
                           [](const Staff& s) { return s.roles.count(StaffRole::kAdministrator) > 0; });
    };
    if (!has_admin(before) || has_admin(after)) return {};
    Error e = MakeError(ErrorCode::kRejected,
                        "This would leave the site without an administrator; make someone else an administrator first.");
    e.reason = kRefusedLastAdministrator;
    return e;
}

// --- audit events --------------------------------------------------------------------------
Event MakeAuditSignIn(const Actor& actor, Micros now, std::string_view staff, std::string_view outcome) {
    return AuditEvent(actor, now, "audit.sign_in", {{"staff", staff}, {"outcome", outcome}});
}

Event MakeAuditRefused(const Actor& actor, Micros now, std::string_view staff, Right right, std::string_view action) {
    return AuditEvent(actor, now, "audit.refused",
                      {{"staff", staff}, {"right", RightName(right)}, {"action", action}});
}

Event MakeAuditStaff(const Actor& actor, Micros now, std::string_view action, std::string_view subject,
                     const StaffRoles& roles) {
    return AuditEvent(actor, now, "audit.staff",
                      {{"staff", actor.staff_number},
                       {"action", action},
                       {"subject", subject},
                       {"roles", FormatStaffRoles(roles)}});
}

Event MakeAuditConfig(const Actor& actor, Micros now, std::string_view action, std::int64_t version) {
    return AuditEvent(actor, now, "audit.config",
                      {{"staff", actor.staff_number}, {"action", action}, {"version", version}});
}

std::optional<AuditEntry> ReadAuditEntry(const Event& e) {
    const json& p = e.payload;
    if (!p.is_object()) return std::nullopt;
    AuditEntry a;
    a.at_us = e.at_us;
    a.device_id = e.device_id;
    a.staff = Text(p, "staff");
    if (e.type == "audit.sign_in") {
        std::string outcome = Text(p, "outcome");
        a.kind = outcome == "ok" ? "sign_in" : "sign_in_failed";
        a.detail = outcome;
    } else if (e.type == "audit.refused") {
        a.kind = "refused";
        a.subject = Text(p, "action");
        a.detail = Text(p, "right");
    } else if (e.type == "audit.staff") {
        std::string action = Text(p, "action");
        if (action == "added") a.kind = "staff_added";
        else if (action == "roles_set") a.kind = "staff_roles_set";
        else if (action == "pin_reset") a.kind = "pin_reset";
        else if (action == "removed") a.kind = "staff_removed";
        else return std::nullopt;
        a.subject = Text(p, "subject");
        a.detail = Text(p, "roles");
    } else if (e.type == "audit.config") {
        std::string action = Text(p, "action");
        if (action != "published" && action != "rolled_back") return std::nullopt;
        a.kind = "config_" + action;
        auto version = internal::Int(p, "version");
        a.subject = version ? std::to_string(*version) : "";
    } else if (e.type == "ticket.called" || e.type == "ticket.recalled") {
        // Only the ticket's id and the counter: what was called, not who waits.
        a.kind = e.type == "ticket.called" ? "call" : "recall";
        a.subject = Text(p, "ticket_id");
        auto counter = internal::Int(p, "counter");
        a.detail = counter ? "counter " + std::to_string(*counter) : "";
    } else if (e.type == "ticket.transferred") {
        // The note stays in the queue's event: the audit names the target service only.
        a.kind = "transfer";
        a.subject = Text(p, "ticket_id");
        a.detail = Text(p, "service_id");
    } else if (e.type == "appointment.cancelled") {
        a.kind = "cancellation";
        a.subject = Text(p, "appointment_id");
    } else if (e.type == "privacy.erased") {
        // How many events were emptied, not which: the ids would lead back to the visitor.
        a.kind = "erasure";
        auto ids = p.find("events");
        a.subject = ids != p.end() && ids->is_array() ? std::to_string(ids->size()) : "";
    } else {
        return std::nullopt;
    }
    return a;
}

bool AuditMatches(const AuditQuery& q, const AuditEntry& a) {
    if (q.from_us != 0 && a.at_us < q.from_us) return false;
    if (q.to_us != 0 && a.at_us >= q.to_us) return false;
    if (!q.staff.empty() && a.staff != q.staff) return false;
    if (!q.kind.empty() && a.kind != q.kind) return false;
    return true;
}

namespace {
// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string CsvField(const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string out = "\"";
    for (char c : field) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}
}  // namespace

std::string FormatAuditCsv(const std::vector<AuditEntry>& entries) {
    std::string out = "at,device,kind,staff,subject,detail\r\n";
    for (const AuditEntry& e : entries) {
        const std::time_t seconds = static_cast<std::time_t>(e.at_us / kMicrosPerSecond);
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        char at[32];
        std::strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
        out += std::string(at) + "," + CsvField(e.device_id) + "," + CsvField(e.kind) + "," + CsvField(e.staff) + "," +
               CsvField(e.subject) + "," + CsvField(e.detail) + "\r\n";
    }
    return out;
}

}  // namespace anl::core
