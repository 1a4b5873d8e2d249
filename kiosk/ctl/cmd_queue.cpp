// anlaufstelle-ctl queue list: the open tickets of one office (or all), as a desk sees them:
// waiting in serving order with position and estimated wait, then called / in service, then
// parked.
//
//   queue list [--office ID] [--json]
#include <iostream>

#include "kiosk/ctl/store_session.h"

ANL_CTL_COMMANDS(Queue) {
    auto office = std::make_shared<std::string>();
    auto* group = app.add_subcommand("queue", "Look at the queue");
    group->require_subcommand(1);
    auto* list = group->add_subcommand("list", "List open tickets in serving order");
    list->add_option("--office", *office, "Office id (default: all offices)");
    list->callback([&ctx, office] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        if (!office->empty() && !std::any_of(s.catalogue().offices.begin(), s.catalogue().offices.end(),
                                             [&](const auto& o) { return o.id == *office; })) {
            anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kNotFound,
                                               "There is no office \"" + *office + "\" in the catalogue."));
            return;
        }
        auto entries = s.Queue(*office);
        if (ctx.json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : entries) out.push_back(anl::ctl::QueueEntryJson(e));
            anl::ctl::PrintJson(out);
            return;
        }
        if (entries.empty()) {
            std::cout << "Nobody is waiting" << (office->empty() ? "" : " for office " + *office) << ".\n";
            return;
        }
        for (const auto& e : entries) anl::ctl::PrintTicketLine(anl::ctl::QueueEntryJson(e));
    });
}
