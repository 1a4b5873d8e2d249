// anlaufstelle-ctl staff ...: staff, their roles and PINs (docs/ROLES.md).
//
//   staff add --number N --name NAME --pin PIN [--roles LIST] [--as N --as-pin PIN]
//   staff list                                  --as N --as-pin PIN
//   staff set-roles --number N --roles LIST     --as N --as-pin PIN
//   staff reset-pin --number N --pin PIN        --as N --as-pin PIN
//   staff remove --number N                     --as N --as-pin PIN
//   staff sign-in --number N --pin PIN          exit 0 when right, 7 when wrong or locked
// LIST: administrator, supervisor, desk, case_manager, comma-separated (default: desk).
// Every change is done as the staff member --as, signed in with --as-pin first, and refused
// (exit 7) without the right; only while the store has no administrator yet may staff be
// added without --as (setting a site up). "-" for a PIN reads it from stdin: --as-pin's line
// first, then --pin's. The PIN is hashed with argon2id before it is stored; it is never
// printed or logged.
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {
struct StaffOptions {
    std::string number;
    std::string name;
    std::string pin;
    std::string roles = "desk";
    std::string as;
    std::string as_pin;
};

// "--pin -" keeps the PIN out of the process list and the shell history.
std::string ReadPin(const std::string& option) {
    if (option != "-") return option;
    std::string line;
    std::getline(std::cin, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    return line;
}

void AddActingOptions(CLI::App* cmd, StaffOptions& o) {
    cmd->add_option("--as", o.as, "Act as this staff number (signed in with --as-pin)");
    cmd->add_option("--as-pin", o.as_pin, "The PIN of --as, or - to read it from stdin (first line)");
}

// Signs --as in (the same check as a desk's sign-in, audited). "" when no --as was given.
anl::Result<std::string> SignInActing(anl::store::Store& s, const StaffOptions& o) {
    if (o.as.empty()) {
        if (!o.as_pin.empty())
            return anl::MakeError(anl::ErrorCode::kInvalidInput, "--as-pin needs --as NUMBER.");
        return std::string();
    }
    auto signed_in = s.SignIn(o.as, ReadPin(o.as_pin.empty() ? "-" : o.as_pin));
    if (!signed_in.ok()) return signed_in.error();
    return o.as;
}

nlohmann::json StaffJson(const anl::core::Staff& s) {
    return {{"number", s.number},
            {"name", s.name},
            {"roles", anl::core::FormatStaffRoles(s.roles)},
            {"locked_until_us", s.locked_until}};
}

// The store session and the signed-in --as, or nullptr after reporting why not.
std::unique_ptr<anl::ctl::StoreSession> Open(anl::ctl::Context& ctx, const StaffOptions& o, std::string& acting) {
    auto session = anl::ctl::OpenStore(ctx);
    if (!session) return nullptr;
    auto who = SignInActing(*session->store, o);
    if (!who.ok()) {
        anl::ctl::Fail(ctx, who.error());
        return nullptr;
    }
    acting = who.value();
    return session;
}

void Done(anl::ctl::Context& ctx, const anl::Status& ok, const nlohmann::json& json, const std::string& text) {
    if (!ok) {
        anl::ctl::Fail(ctx, ok.error());
        return;
    }
    if (ctx.json) anl::ctl::PrintJson(json);
    else std::cout << text << "\n";
}
}  // namespace

ANL_CTL_COMMANDS(Staff) {
    auto o = std::make_shared<StaffOptions>();
    auto* group = app.add_subcommand("staff", "Staff, their roles and PINs (docs/ROLES.md)");
    group->require_subcommand(1);

    auto* add = group->add_subcommand("add", "Add a staff member with a PIN and roles");
    add->add_option("--number", o->number, "Staff number")->required();
    add->add_option("--name", o->name, "Name as the desk shows it")->required();
    add->add_option("--pin", o->pin, "4 to 12 digits, or - to read it from stdin")->required();
    add->add_option("--roles", o->roles, "administrator, supervisor, desk, case_manager (comma-separated; default desk)");
    AddActingOptions(add, *o);
    add->callback([&ctx, o] {
        // The name is free text: control characters and ESC sequences removed, not refused.
        if (auto ok = anl::ctl::CheckText(o->name, anl::TextShape::kSingleLine, 4096, "The name"); !ok)
            return (void)anl::ctl::Fail(ctx, ok.error());
        auto roles = anl::core::ParseStaffRoles(o->roles);
        if (!roles.ok()) return (void)anl::ctl::Fail(ctx, roles.error());
        std::string acting;
        auto session = Open(ctx, *o, acting);
        if (!session) return;
        auto ok = session->store->AddStaffAs(acting, o->number, o->name, ReadPin(o->pin), roles.value());
        Done(ctx, ok, {{"number", o->number}, {"name", o->name}, {"roles", anl::core::FormatStaffRoles(*roles)}},
             "Added staff number " + o->number + " (" + anl::core::FormatStaffRoles(*roles) + ").");
    });

    auto* list = group->add_subcommand("list", "List the staff with their roles (needs manage_staff)");
    AddActingOptions(list, *o);
    list->callback([&ctx, o] {
        std::string acting;
        auto session = Open(ctx, *o, acting);
        if (!session) return;
        auto staff = session->store->ListStaff(acting);
        if (!staff.ok()) return (void)anl::ctl::Fail(ctx, staff.error());
        nlohmann::json out = nlohmann::json::array();
        for (const auto& s : *staff) out.push_back(StaffJson(s));
        if (ctx.json) return anl::ctl::PrintJson(out);
        for (const auto& s : *staff)
            std::cout << anl::ctl::Shown(s.number) << "  " << anl::ctl::Shown(s.name) << "  "
                      << anl::core::FormatStaffRoles(s.roles) << "\n";
    });

    auto* set_roles = group->add_subcommand("set-roles", "Give a staff member new roles (needs manage_staff)");
    set_roles->add_option("--number", o->number, "Staff number")->required();
    set_roles->add_option("--roles", o->roles, "administrator, supervisor, desk, case_manager (comma-separated)")->required();
    AddActingOptions(set_roles, *o);
    set_roles->callback([&ctx, o] {
        auto roles = anl::core::ParseStaffRoles(o->roles);
        if (!roles.ok()) return (void)anl::ctl::Fail(ctx, roles.error());
        std::string acting;
        auto session = Open(ctx, *o, acting);
        if (!session) return;
        Done(ctx, session->store->SetStaffRoles(acting, o->number, roles.value()),
             {{"number", o->number}, {"roles", anl::core::FormatStaffRoles(*roles)}},
             "Staff number " + o->number + " now has the roles " + anl::core::FormatStaffRoles(*roles) + ".");
    });

    auto* reset = group->add_subcommand("reset-pin", "Give a staff member a new PIN and lift a lock-out (needs reset_pin)");
    reset->add_option("--number", o->number, "Staff number")->required();
    reset->add_option("--pin", o->pin, "The new PIN, or - to read it from stdin")->required();
    AddActingOptions(reset, *o);
    reset->callback([&ctx, o] {
        std::string acting;
        auto session = Open(ctx, *o, acting);
        if (!session) return;
        Done(ctx, session->store->ResetStaffPin(acting, o->number, ReadPin(o->pin)), {{"number", o->number}},
             "Staff number " + o->number + " has a new PIN.");
    });

    auto* remove = group->add_subcommand("remove", "Remove a staff member (needs manage_staff)");
    remove->add_option("--number", o->number, "Staff number")->required();
    AddActingOptions(remove, *o);
    remove->callback([&ctx, o] {
        std::string acting;
        auto session = Open(ctx, *o, acting);
        if (!session) return;
        Done(ctx, session->store->RemoveStaff(acting, o->number), {{"number", o->number}, {"removed", true}},
             "Removed staff number " + o->number + ".");
    });

    auto* sign_in = group->add_subcommand("sign-in", "Check a staff number and PIN");
    sign_in->add_option("--number", o->number, "Staff number")->required();
    sign_in->add_option("--pin", o->pin, "The PIN, or - to read it from stdin")->required();
    sign_in->callback([&ctx, o] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto staff = session->store->SignIn(o->number, ReadPin(o->pin));
        if (!staff.ok()) {
            anl::ctl::Fail(ctx, staff.error());
            return;
        }
        if (ctx.json) {
            anl::ctl::PrintJson({{"number", staff->number},
                                 {"name", staff->name},
                                 {"roles", anl::core::FormatStaffRoles(staff->roles)},
                                 {"signed_in", true}});
        } else {
            std::cout << "Signed in: " << anl::ctl::Shown(staff->name) << " (" << anl::ctl::Shown(staff->number) << ").\n";
        }
    });
}
