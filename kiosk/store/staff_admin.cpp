// Staff administration and the audit log in the store (store.h "staff administration";
// core.h section 12; docs/ROLES.md). The rights come from the core's one table; this file
// only reads and writes the staff rows and the events that record each change.
#include <algorithm>

#include <sqlite3.h>

#include "kiosk/store/sql.h"
#include "kiosk/store/store.h"

namespace anl::store {
namespace {

using nlohmann::json;

// Every staff row with its roles. With `hashes` false the PIN hash is left empty.
Result<std::vector<core::Staff>> ReadStaff(sql::Connection& db, bool hashes) {
    auto s = db.Prepare("SELECT number, name, pin_hash, failed_attempts, locked_until, roles FROM staff ORDER BY number");
    if (!s.ok()) return s.error();
    std::vector<core::Staff> out;
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        core::Staff staff{s->Text(0), s->Text(1), hashes ? s->Text(2) : std::string(), static_cast<int>(s->Int(3)),
                          s->Int(4)};
        // A row written by hand with a word we do not know keeps the safe default (desk).
        if (auto roles = core::ParseStaffRoles(s->Text(5)); roles.ok()) staff.roles = std::move(roles).value();
        out.push_back(std::move(staff));
    }
    return out;
}

bool HasAdministrator(const std::vector<core::Staff>& staff) {
    return std::any_of(staff.begin(), staff.end(),
                       [](const core::Staff& s) { return s.roles.count(core::StaffRole::kAdministrator) > 0; });
}

std::vector<core::Staff>::iterator FindIn(std::vector<core::Staff>& staff, const std::string& number) {
    return std::find_if(staff.begin(), staff.end(), [&](const core::Staff& s) { return s.number == number; });
}

Error NoSuchStaff(const std::string& number) {
    return MakeError(ErrorCode::kNotFound, "There is no staff number " + number + " in this store.");
}

// The events the audit log shows besides audit.*: calls, transfers, cancellations.
constexpr const char* kAuditSql =
    "SELECT device_id, seq, type, payload, at_us FROM events "
    "WHERE (type LIKE 'audit.%' OR type IN ('ticket.called', 'ticket.recalled', 'ticket.transferred', "
    "'appointment.cancelled', 'privacy.erased')) AND at_us >= ? AND at_us < ? ORDER BY at_us, device_id, seq";

}  // namespace

Result<std::optional<core::Staff>> Store::FindStaff(const std::string& number) const {
    auto all = ReadStaff(connection(), false);
    if (!all.ok()) return all.error();
    auto it = FindIn(all.value(), number);
    if (it == all->end()) return std::optional<core::Staff>();
    return std::optional<core::Staff>(*it);
}

Status Store::RecordRefusal(const std::string& staff, core::Right right, std::string_view action) {
    if (!initialised()) return {};  // no device yet to sign an event with
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection&) -> Result<core::Event> {
        return core::MakeAuditRefused(actor, now, staff, right, action);
    });
    if (!event.ok()) return event.error();
    return {};
}

Status Store::Authorise(const std::string& acting, core::Right right, std::string_view action) {
    std::optional<core::Staff> staff;
    if (!acting.empty()) {
        auto found = FindStaff(acting);
        if (!found.ok()) return found.error();
        staff = std::move(found).value();
    }
    auto allowed = core::CheckRight(self().role, staff ? &*staff : nullptr, right);
    if (allowed) return {};
    if (auto audited = RecordRefusal(staff ? acting : std::string(), right, action); !audited) return audited;
    return allowed;
}

Status Store::AddStaffAs(const std::string& acting, const std::string& number, const std::string& given_name,
                         const std::string& pin, const core::StaffRoles& roles) {
    if (number.empty() || number.size() > 32)
        return MakeError(ErrorCode::kInvalidInput, "A staff number has 1 to 32 characters.");
    if (auto ok = CheckInputText(number, TextShape::kSingleLine, 32, "The staff number"); !ok) return ok;
    // A staff number is a word: it is written into the audit log beside fixed words.
    if (number.find(' ') != std::string::npos)
        return MakeError(ErrorCode::kInvalidInput, "A staff number has no spaces.");
    // A name shows on every desk: malformed UTF-8 refused, control characters removed.
    auto cleaned = CleanInputText(given_name, TextShape::kSingleLine, 200, "The staff name");
    if (!cleaned.ok()) return cleaned.error();
    const std::string& name = cleaned.value();
    if (name.empty() || name.size() > 200)
        return MakeError(ErrorCode::kInvalidInput, "A staff name has 1 to 200 characters.");
    if (roles.empty())
        return MakeError(ErrorCode::kInvalidInput,
                         "A staff member needs at least one role: administrator, supervisor, desk or case_manager.");
    if (!initialised())
        return MakeError(ErrorCode::kRejected, path().string() + " is not set up yet; run `anlaufstelle-ctl --db " +
                                                   path().string() + " init` first.");
    // Setting a site up: until it has an administrator, staff are added without signing in.
    auto all = ReadStaff(connection(), false);
    if (!all.ok()) return all.error();
    if (HasAdministrator(all.value()) || !acting.empty())
        if (auto ok = Authorise(acting, core::Right::kManageStaff, "staff_add"); !ok) return ok;
    auto hash = core::HashPin(pin);  // hashed here, before SQL sees anything
    if (!hash.ok()) return hash.error();
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection& db) -> Result<core::Event> {
        auto exists = db.Prepare("SELECT count(*) FROM staff WHERE number = ?");
        if (!exists.ok()) return exists.error();
        exists->Bind(1, number);
        auto row = db.Next(*exists);
        if (!row.ok()) return row.error();
        bool known = *row && exists->Int(0) > 0;
        if (*row) sqlite3_reset(exists->get());
        if (known) return MakeError(ErrorCode::kRejected, "Staff number " + number + " exists already.");
        auto s = db.Prepare("INSERT INTO staff (number, name, pin_hash, roles) VALUES (?, ?, ?, ?)");
        if (!s.ok()) return s.error();
        s->BindAll(number, name, *hash, core::FormatStaffRoles(roles));
        if (auto w = db.Write(*s); !w) return w.error();
        core::Actor by = actor;
        by.staff_number = acting;
        return core::MakeAuditStaff(by, now, "added", number, roles);
    });
    if (!event.ok()) return event.error();
    return {};
}

Status Store::SetStaffRoles(const std::string& acting, const std::string& number, const core::StaffRoles& roles) {
    if (roles.empty())
        return MakeError(ErrorCode::kInvalidInput,
                         "A staff member needs at least one role: administrator, supervisor, desk or case_manager.");
    if (auto ok = Authorise(acting, core::Right::kManageStaff, "staff_set_roles"); !ok) return ok;
    bool last_admin = false;
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection& db) -> Result<core::Event> {
        auto before = ReadStaff(db, false);
        if (!before.ok()) return before.error();
        auto after = before.value();
        auto it = FindIn(after, number);
        if (it == after.end()) return NoSuchStaff(number);
        it->roles = roles;
        if (auto keeps = core::CheckKeepsAnAdministrator(before.value(), after); !keeps) {
            last_admin = true;
            return keeps.error();
        }
        auto s = db.Prepare("UPDATE staff SET roles = ? WHERE number = ?");
        if (!s.ok()) return s.error();
        s->BindAll(core::FormatStaffRoles(roles), number);
        if (auto w = db.Write(*s); !w) return w.error();
        core::Actor by = actor;
        by.staff_number = acting;
        return core::MakeAuditStaff(by, now, "roles_set", number, roles);
    });
    if (!event.ok()) {
        if (last_admin) (void)RecordRefusal(acting, core::Right::kManageStaff, "staff_set_roles");
        return event.error();
    }
    return {};
}

Status Store::ResetStaffPin(const std::string& acting, const std::string& number, const std::string& new_pin) {
    if (auto ok = Authorise(acting, core::Right::kResetPin, "pin_reset"); !ok) return ok;
    auto hash = core::HashPin(new_pin);
    if (!hash.ok()) return hash.error();
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection& db) -> Result<core::Event> {
        auto all = ReadStaff(db, false);
        if (!all.ok()) return all.error();
        auto it = FindIn(all.value(), number);
        if (it == all->end()) return NoSuchStaff(number);
        auto s = db.Prepare("UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = 0 WHERE number = ?");
        if (!s.ok()) return s.error();
        s->BindAll(*hash, number);
        if (auto w = db.Write(*s); !w) return w.error();
        core::Actor by = actor;
        by.staff_number = acting;
        return core::MakeAuditStaff(by, now, "pin_reset", number, it->roles);
    });
    if (!event.ok()) return event.error();
    return {};
}

Status Store::RemoveStaff(const std::string& acting, const std::string& number) {
    if (auto ok = Authorise(acting, core::Right::kManageStaff, "staff_remove"); !ok) return ok;
    bool last_admin = false;
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection& db) -> Result<core::Event> {
        auto before = ReadStaff(db, false);
        if (!before.ok()) return before.error();
        auto after = before.value();
        auto it = FindIn(after, number);
        if (it == after.end()) return NoSuchStaff(number);
        after.erase(it);
        if (auto keeps = core::CheckKeepsAnAdministrator(before.value(), after); !keeps) {
            last_admin = true;
            return keeps.error();
        }
        auto s = db.Prepare("DELETE FROM staff WHERE number = ?");
        if (!s.ok()) return s.error();
        s->Bind(1, number);
        if (auto w = db.Write(*s); !w) return w.error();
        core::Actor by = actor;
        by.staff_number = acting;
        return core::MakeAuditStaff(by, now, "removed", number, {});
    });
    if (!event.ok()) {
        if (last_admin) (void)RecordRefusal(acting, core::Right::kManageStaff, "staff_remove");
        return event.error();
    }
    return {};
}

Result<std::vector<core::Staff>> Store::ListStaff(const std::string& acting) {
    if (auto ok = Authorise(acting, core::Right::kManageStaff, "staff_list"); !ok) return ok.error();
    return ReadStaff(connection(), false);
}

Result<std::vector<core::AuditEntry>> Store::AuditLog(const std::string& acting, const core::AuditQuery& query,
                                                      int limit) {
    if (auto ok = Authorise(acting, core::Right::kReadAudit, "audit_read"); !ok) return ok.error();
    auto& db = connection();
    auto s = db.Prepare(kAuditSql);
    if (!s.ok()) return s.error();
    s->BindAll(query.from_us, query.to_us > 0 ? query.to_us : std::numeric_limits<std::int64_t>::max());
    std::vector<core::AuditEntry> out;
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        core::Event e{s->Text(0), s->Int(1), s->Text(2), json::parse(s->Text(3), nullptr, false), s->Int(4)};
        auto entry = core::ReadAuditEntry(e);
        if (entry && core::AuditMatches(query, *entry)) out.push_back(std::move(*entry));
    }
    if (limit > 0 && out.size() > static_cast<std::size_t>(limit))
        out.erase(out.begin(), out.end() - limit);
    return out;
}

Status Store::RecordConfigAudit(const std::string& acting, std::string_view action, std::int64_t version) {
    if (action != "published" && action != "rolled_back")
        return MakeError(ErrorCode::kInvalidInput, "A configuration is published or rolled back.");
    if (auto ok = Authorise(acting, core::Right::kPublishConfig, "config_publish"); !ok) return ok;
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection&) -> Result<core::Event> {
        core::Actor by = actor;
        by.staff_number = acting;
        return core::MakeAuditConfig(by, now, action, version);
    });
    if (!event.ok()) return event.error();
    return {};
}

}  // namespace anl::store
