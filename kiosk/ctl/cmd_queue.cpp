// anlaufstelle-ctl queue list: the open tickets of one office (or all), as a desk sees them:
// waiting in serving order with position and estimated wait, then called / in service, then
// parked; then, per office, how long a ticket taken now would wait (the kiosk's estimate).
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
        // What the kiosk tells a visitor now: the core's one estimate for a new ticket.
        for (const auto& o : s.catalogue().offices) {
            if (!office->empty() && o.id != *office) continue;
            const int minutes = anl::core::EstimateNewTicketWaitMinutes(s.state(), s.catalogue(), s.site().rules, o.id,
                                                                        session->clock.NowUtcMicros());
            std::cout << "A ticket taken now at " << o.id << " waits about " << minutes << " min.\n";
        }
    });
}
