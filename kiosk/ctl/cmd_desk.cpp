// anlaufstelle-ctl desk ...: what a front desk does with its visitors.
//
//   desk call-next --office ID --counter N      call the first waiting visitor
//   desk call --ticket A-042 --counter N        call one particular waiting visitor
//   desk recall|start|no-show|park|unpark|return --ticket A-042
//   desk finish --ticket A-042 [--outcome X]    default outcome: resolved
//   desk transfer --ticket A-042 --service ID [--note TEXT]
// Every desk command takes --staff NUMBER (the signed-in staff member, recorded in events).
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {

namespace core = anl::core;

struct DeskOptions {
    std::string office;
    int counter = 0;
    std::string ticket;
    std::string outcome = "resolved";
    std::string service;
    std::string note;
    std::string staff;
};

// Resolves --ticket, runs the command the factory builds, prints the ticket afterwards.
void Run(anl::ctl::Context& ctx, const DeskOptions& o,
         const std::function<core::Command(const std::string& ticket_id)>& make) {
    auto session = anl::ctl::OpenStore(ctx);
    if (!session) return;
    auto& s = *session->store;
    if (auto known = anl::ctl::CheckStaffNumber(s, o.staff); !known) {
        anl::ctl::Fail(ctx, known.error());
        return;
    }
    std::string id;
    if (!o.ticket.empty()) {
        auto resolved = s.ResolveTicket(o.ticket);
        if (!resolved.ok()) {
            anl::ctl::Fail(ctx, resolved.error());
            return;
        }
        id = *resolved;
    }
    auto done = s.Execute(make(id), o.staff);
    if (!done.ok()) {
        anl::ctl::Fail(ctx, done.error());
        return;
    }
    // The ticket the visitor now holds: for a transfer the new stop, else the one acted on.
    auto ticket = anl::ctl::TicketJson(s, done->ticket_ids.back());
    if (ctx.json) {
        anl::ctl::PrintJson(ticket);
    } else {
        anl::ctl::PrintTicketLine(ticket);
    }
}

}  // namespace

ANL_CTL_COMMANDS(Desk) {
    auto o = std::make_shared<DeskOptions>();
    auto* group = app.add_subcommand("desk", "Call, serve, park and transfer visitors (as a desk does)");
    group->require_subcommand(1);
    group->add_option("--staff", o->staff, "Staff number of the person at the desk");

    auto* call_next = group->add_subcommand("call-next", "Call the first waiting visitor of an office");
    call_next->add_option("--office", o->office, "Office id")->required();
    call_next->add_option("--counter", o->counter, "Counter number")->required();
    call_next->callback([&ctx, o] {
        Run(ctx, *o, [o](const std::string&) { return core::CallNext{o->office, o->counter}; });
    });

    auto* call = group->add_subcommand("call", "Call one particular waiting visitor");
    call->add_option("--ticket", o->ticket, "Ticket number (A-042) or id")->required();
    call->add_option("--counter", o->counter, "Counter number")->required();
    call->callback([&ctx, o] {
        Run(ctx, *o, [o](const std::string& id) { return core::CallTicket{id, o->counter}; });
    });

    struct Simple {
        const char* name;
        const char* help;
        std::function<core::Command(const std::string&)> make;
    };
    const Simple simple[] = {
        {"recall", "Call a called visitor again (within the recall window)",
         [](const std::string& id) { return core::Recall{id}; }},
        {"start", "Start serving a called visitor", [](const std::string& id) { return core::StartService{id}; }},
        {"no-show", "Mark a called visitor who did not come", [](const std::string& id) { return core::MarkNoShow{id}; }},
        {"park", "Park a visitor (e.g. fetching a document)", [](const std::string& id) { return core::Park{id}; }},
        {"unpark", "Put a parked visitor back in the queue at their place",
         [](const std::string& id) { return core::Unpark{id}; }},
        {"return", "Put a called visitor back in the queue at their place",
         [](const std::string& id) { return core::ReturnToQueue{id}; }},
    };
    for (const auto& entry : simple) {
        auto* sub = group->add_subcommand(entry.name, entry.help);
        sub->add_option("--ticket", o->ticket, "Ticket number (A-042) or id")->required();
        auto make = entry.make;
        sub->callback([&ctx, o, make] { Run(ctx, *o, make); });
    }

    auto* finish = group->add_subcommand("finish", "Finish serving a visitor");
    finish->add_option("--ticket", o->ticket, "Ticket number (A-042) or id")->required();
    finish->add_option("--outcome", o->outcome, "Outcome, e.g. resolved, follow_up, referred")->capture_default_str();
    finish->callback([&ctx, o] {
        Run(ctx, *o, [o](const std::string& id) { return core::FinishService{id, o->outcome}; });
    });

    auto* transfer = group->add_subcommand("transfer", "Send a visitor on to another service, keeping their place");
    transfer->add_option("--ticket", o->ticket, "Ticket number (A-042) or id")->required();
    transfer->add_option("--service", o->service, "The service to send them to")->required();
    transfer->add_option("--note", o->note, "A short note for the next desk");
    transfer->callback([&ctx, o] {
        // The note is free text: control characters and ESC sequences removed, not refused.
        if (auto ok = anl::ctl::CheckText(o->note, anl::TextShape::kMultiLine, 4096, "The note"); !ok) {
            anl::ctl::Fail(ctx, ok.error());
            return;
        }
        Run(ctx, *o, [o](const std::string& id) { return core::Transfer{id, o->service, o->note}; });
    });
}
