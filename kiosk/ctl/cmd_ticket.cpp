// anlaufstelle-ctl ticket issue: what the kiosk does when a visitor takes a ticket.
//
//   ticket issue --service ID [--lang CODE] [--priority CLASS] [--interpreter] [--json]
//   ticket show --ticket A-042 [--json]
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {
struct IssueOptions {
    std::string service;
    std::string lang = "de";
    std::string priority;
    bool interpreter = false;
    std::string ticket;
};
}  // namespace

ANL_CTL_COMMANDS(Ticket) {
    auto opts = std::make_shared<IssueOptions>();
    auto* group = app.add_subcommand("ticket", "Issue and look at tickets");
    group->require_subcommand(1);

    auto* issue = group->add_subcommand("issue", "Issue a ticket for a service (as the kiosk does)");
    issue->add_option("--service", opts->service, "Service id, e.g. abh.permit-extension")->required();
    issue->add_option("--lang", opts->lang, "The visitor's language code")->capture_default_str();
    issue->add_option("--priority", opts->priority, "Priority class id, e.g. children");
    issue->add_flag("--interpreter", opts->interpreter, "The visitor asks for an interpreter");
    issue->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto done = s.Execute(anl::core::IssueTicket{opts->service, opts->lang, opts->priority, opts->interpreter, 0});
        if (!done.ok()) {
            anl::ctl::Fail(ctx, done.error());
            return;
        }
        auto ticket = anl::ctl::TicketJson(s, done->ticket_ids.front());
        if (ctx.json) {
            anl::ctl::PrintJson(ticket);
        } else {
            anl::ctl::PrintTicketLine(ticket);
        }
    });

    auto* show = group->add_subcommand("show", "Show one ticket (its visit's current stop)");
    show->add_option("--ticket", opts->ticket, "Ticket number (A-042) or ticket id")->required();
    show->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto id = s.ResolveTicket(opts->ticket);
        if (!id.ok()) {
            anl::ctl::Fail(ctx, id.error());
            return;
        }
        auto ticket = anl::ctl::TicketJson(s, *id);
        if (ctx.json) {
            anl::ctl::PrintJson(ticket);
        } else {
            anl::ctl::PrintTicketLine(ticket);
        }
    });
}
