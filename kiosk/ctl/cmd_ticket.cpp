// anlaufstelle-ctl ticket issue: what the kiosk does when a visitor takes a ticket.
//
//   ticket issue --service ID [--service ID2 ...] [--lang CODE] [--priority CLASS] [--interpreter] [--json]
//     several --service: one visit with several stops, in that order (one number; each later
//     stop is queued at its office when the one before it is finished)
//   ticket show --ticket A-042 [--json]
#include <iostream>
#include <string>
#include <vector>

#include "kiosk/ctl/store_session.h"

namespace {
struct IssueOptions {
    std::vector<std::string> services;
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
    issue->add_option("--service", opts->services,
                      "Service id, e.g. abh.permit-extension; repeat for a visit with several stops, in order")
        ->required();
    issue->add_option("--lang", opts->lang, "The visitor's language code")->capture_default_str();
    issue->add_option("--priority", opts->priority, "Priority class id, e.g. children");
    issue->add_flag("--interpreter", opts->interpreter, "The visitor asks for an interpreter");
    issue->callback([&ctx, opts] {
        if (auto offered = anl::ctl::CheckVisitorLanguage(opts->lang); !offered) {
            anl::ctl::Fail(ctx, offered.error());
            return;
        }
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        anl::core::IssueTicket request;
        request.service_id = opts->services.front();
        request.next_service_ids.assign(opts->services.begin() + 1, opts->services.end());
        request.lang = opts->lang;
        request.priority_class = opts->priority;
        request.interpreter = opts->interpreter;
        auto done = s.Execute(request);
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
