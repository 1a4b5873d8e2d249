#include "kiosk/ui/viewmodels/sync_badge.h"

namespace anl::ui {

SyncBadgeView MakeSyncBadge(const SyncFacts& facts, const messages::Messages& messages, std::string_view lang,
                            bool prominent) {
    SyncBadgeView view;
    if (!facts.enrolled) return view;
    view.shown = true;
    view.online = facts.online;
    view.prominent = prominent;
    view.lang = std::string(lang);
    view.state = messages.Text(lang, facts.online ? "sync.online" : "sync.offline");
    if (facts.waiting_to_send > 0) {
        view.waiting = messages.Format(lang, "sync.waiting", messages::Args().Int("count", facts.waiting_to_send));
    }
    if (prominent && !facts.online) {
        view.stale_note = facts.last_success_us > 0
                              ? messages.Format(lang, "desk.sync.stale", messages::Args().Date("time", facts.last_success_us))
                              : std::string(messages.Text(lang, "desk.sync.never"));
    }
    return view;
}

}  // namespace anl::ui
