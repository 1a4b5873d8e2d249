// snapshot: what the screens' view models know of the queue, copied from the store by the
// app's worker whenever it changed. Immutable once made; shared between frames.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/core.h"

namespace anl::ui {

struct QueueSnapshot {
    core::State state;                           // visits, tickets, recent calls
    std::vector<core::QueueEntry> queue;         // every office, in serving order
    std::map<std::string, int> new_ticket_wait;  // office -> minutes a ticket taken now would wait
    std::map<std::string, int> open_counters;    // office -> counters open now
    std::set<int> counters_in_use;               // the catalogue's counters a desk works at now (core::CounterInUse)
    std::string today;
    std::string time_zone;                       // the site's (IANA id): on-screen times are local
    std::string device_id;                       // this terminal's device: its calls are its own
    std::map<std::string, std::string> staff_names;  // staff number -> name (who served a stop)
    std::vector<core::DeviceAlert> device_alerts;    // desks: terminals whose printer fails now
    std::vector<core::Slot> escrow;                  // desks: slots this terminal may give out (its escrow)
    Micros at = 0;                               // when it was taken (the store's clock)
};
using SnapshotPtr = std::shared_ptr<const QueueSnapshot>;

}  // namespace anl::ui
