// anlaufstelle-ctl events ...: the event log, which is the source of truth.
//
//   events list [--since POS] [--limit N]   every stored event in local arrival order
//   events outbox [--after SEQ]             this device's own events (what sync sends)
//   events rebuild                          re-fold all events into visits/tickets/calls
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {
struct EventOptions {
    std::int64_t since = 0;
    int limit = 1000;
};

nlohmann::json StoredJson(const anl::store::StoredEvent& e) {
    auto j = anl::core::EventToJson(e.event);
    j["pos"] = e.pos;
    j["applied"] = e.applied;
    if (!e.applied) j["skipped_because"] = e.skipped_because;
    return j;
}
}  // namespace

ANL_CTL_COMMANDS(Events) {
    auto o = std::make_shared<EventOptions>();
    auto* group = app.add_subcommand("events", "Read the event log (outbox) and rebuild from it");
    group->require_subcommand(1);

    auto* list = group->add_subcommand("list", "List stored events in local arrival order");
    list->add_option("--since", o->since, "Only events after this position")->capture_default_str();
    list->add_option("--limit", o->limit, "At most this many")->capture_default_str();
    list->callback([&ctx, o] {
        auto session = anl::ctl::OpenStore(ctx, false, false);
        if (!session) return;
        auto events = session->store->ListEvents(o->since, o->limit);
        if (!events.ok()) {
            anl::ctl::Fail(ctx, events.error());
            return;
        }
        if (ctx.json) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : *events) out.push_back(StoredJson(e));
            anl::ctl::PrintJson(out);
            return;
        }
        for (const auto& e : *events) {
            // Events come from other devices too: ids escaped, the payload as JSON (which
            // escapes control characters and never throws on a malformed byte).
            std::cout << e.pos << "  " << anl::ctl::Shown(e.event.device_id) << "/" << e.event.seq << "  "
                      << anl::ctl::Shown(e.event.type) << "  " << anl::ctl::Dump(e.event.payload);
            if (!e.applied) std::cout << "  (skipped: " << anl::ctl::Shown(e.skipped_because) << ")";
            std::cout << "\n";
        }
    });

    auto* outbox = group->add_subcommand("outbox", "This device's own events after a sequence number");
    outbox->add_option("--after", o->since, "Only events with a higher sequence number")->capture_default_str();
    outbox->add_option("--limit", o->limit, "At most this many")->capture_default_str();
    outbox->callback([&ctx, o] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto events = s.ReadOutbox(o->since, o->limit);
        auto pending = s.PendingCount();
        if (!events.ok() || !pending.ok()) {
            anl::ctl::Fail(ctx, !events.ok() ? events.error() : pending.error());
            return;
        }
        nlohmann::json list = nlohmann::json::array();
        for (const auto& e : *events) list.push_back(anl::core::EventToJson(e));
        if (ctx.json) {
            anl::ctl::PrintJson({{"device", s.self().id}, {"sent_up_to", s.SentUpTo()}, {"pending", *pending}, {"events", list}});
            return;
        }
        std::cout << "Device " << anl::ctl::Shown(s.self().id) << ": " << *pending << " event(s) not yet sent (sent up to "
                  << s.SentUpTo() << ").\n";
        for (const auto& e : list) std::cout << anl::ctl::Dump(e) << "\n";
    });

    auto* rebuild = group->add_subcommand("rebuild", "Re-fold every event into visits, tickets and calls");
    rebuild->callback([&ctx] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        if (auto ok = session->store->RebuildProjection(); !ok) {
            anl::ctl::Fail(ctx, ok.error());
            return;
        }
        const auto& st = session->store->state();
        if (ctx.json) {
            anl::ctl::PrintJson({{"visits", st.visits.size()}, {"tickets", st.tickets.size()}});
        } else {
            std::cout << "Rebuilt " << st.visits.size() << " visits and " << st.tickets.size()
                      << " tickets from the event log.\n";
        }
    });
}
