// sync_badge: the texts of the sync status a terminal shows (ui::SyncBadgeView) from plain
// facts the app read off the sync worker's status snapshot.
// Must never: read the clock, touch the store or the network, or draw.
#pragma once

#include <cstdint>
#include <string_view>

#include "i18n/messages/messages.h"
#include "kiosk/base/base.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

struct SyncFacts {
    bool enrolled = false;           // false: the terminal works alone and shows no status
    bool online = false;             // the last round reached the central service
    std::int64_t waiting_to_send = 0;
    Micros last_success_us = 0;      // the last contact with the central (0: never)
};

// `prominent`: the desk (staff must know when their queue may miss other terminals' changes).
SyncBadgeView MakeSyncBadge(const SyncFacts& facts, const messages::Messages& messages, std::string_view lang,
                            bool prominent);

}  // namespace anl::ui
