// anlaufstelle-ctl staff ...: staff who sign in at the desks.
//
//   staff add --number N --name NAME --pin PIN     (--pin - reads the PIN from stdin)
//   staff sign-in --number N --pin PIN             exit 0 when right, 7 when wrong or locked
// The PIN is hashed with argon2id before it is stored; it is never printed or logged.
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {
struct StaffOptions {
    std::string number;
    std::string name;
    std::string pin;
};

// "--pin -" keeps the PIN out of the process list and the shell history.
std::string ReadPin(const std::string& option) {
    if (option != "-") return option;
    std::string line;
    std::getline(std::cin, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
    return line;
}
}  // namespace

ANL_CTL_COMMANDS(Staff) {
    auto o = std::make_shared<StaffOptions>();
    auto* group = app.add_subcommand("staff", "Staff who sign in at the desks");
    group->require_subcommand(1);

    auto* add = group->add_subcommand("add", "Add a staff member with a PIN");
    add->add_option("--number", o->number, "Staff number")->required();
    add->add_option("--name", o->name, "Name as the desk shows it")->required();
    add->add_option("--pin", o->pin, "4 to 12 digits, or - to read it from stdin")->required();
    add->callback([&ctx, o] {
        // The name is free text: control characters and ESC sequences removed, not refused.
        if (auto ok = anl::ctl::CheckText(o->name, anl::TextShape::kSingleLine, 4096, "The name"); !ok) {
            anl::ctl::Fail(ctx, ok.error());
            return;
        }
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        if (auto ok = session->store->AddStaff(o->number, o->name, ReadPin(o->pin)); !ok) {
            anl::ctl::Fail(ctx, ok.error());
            return;
        }
        if (ctx.json) {
            anl::ctl::PrintJson({{"number", o->number}, {"name", o->name}});
        } else {
            std::cout << "Added staff number " << o->number << ".\n";
        }
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
            anl::ctl::PrintJson({{"number", staff->number}, {"name", staff->name}, {"signed_in", true}});
        } else {
            std::cout << "Signed in: " << anl::ctl::Shown(staff->name) << " (" << anl::ctl::Shown(staff->number) << ").\n";
        }
    });
}
