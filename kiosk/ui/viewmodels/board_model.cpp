#include "kiosk/ui/viewmodels/board_model.h"

#include <algorithm>

namespace anl::ui {

bool BoardModel::SetSnapshot(SnapshotPtr snapshot) {
    Micros newest = 0;
    for (const auto& call : snapshot->state.recent_calls) newest = std::max(newest, call.at);
    const bool first = newest_seen_ < 0;
    const bool fresh = !first && newest > newest_seen_;
    newest_seen_ = std::max(newest_seen_, newest);
    snapshot_ = std::move(snapshot);
    return fresh;
}

BoardView BoardModel::Board() const {
    BoardView v;
    v.lang = lang_;
    // The waiting room reads German and English; numbers and counters are the same for all.
    const std::string local(messages_.Text(lang_, "board.title"));
    const std::string english(messages_.Text("en", "board.title"));
    v.title = local == english ? local : local + "  ·  " + english;
    v.number_header = std::string(messages_.Text(lang_, "ticket.your_number"));
    // "Counter {counter}" without a number is the column's heading.
    v.counter_header = messages_.Format(lang_, "board.counter", messages::Args().Str("counter", ""));
    for (const std::string_view trim : {" ", "\u2066", "\u2069", "\u200F", "\u200E"}) {
        while (v.counter_header.size() >= trim.size() &&
               v.counter_header.compare(v.counter_header.size() - trim.size(), trim.size(), trim) == 0) {
            v.counter_header.resize(v.counter_header.size() - trim.size());
        }
    }
    v.waiting_title = std::string(messages_.Text(lang_, "board.waiting_title"));
    v.empty_text = std::string(messages_.Text(lang_, "board.empty"));
    if (!snapshot_) return v;
    const auto& calls = snapshot_->state.recent_calls;
    for (auto it = calls.rbegin(); it != calls.rend() && v.calls.size() < 6; ++it) {
        // A recall shows the same number again: keep only its newest line.
        const bool shown = std::any_of(v.calls.begin(), v.calls.end(), [&](const CallLine& l) { return l.number == it->display; });
        if (shown) continue;
        const catalogue::Office* o = catalogue_.FindOffice(it->office_id);
        v.calls.push_back({it->display, std::to_string(it->counter),
                           o ? std::string(messages_.Text(lang_, o->name_key)) : it->office_id, v.calls.empty()});
    }
    for (size_t i = 0; i < catalogue_.offices.size(); ++i) {
        const auto& office = catalogue_.offices[i];
        int waiting = 0;
        for (const auto& e : snapshot_->queue) {
            if (e.office_id == office.id && e.state == core::TicketState::kWaiting) ++waiting;
        }
        v.waiting.push_back({std::string(messages_.Text(lang_, office.name_key)), office.pictogram, waiting,
                             messages_.Format(lang_, "board.waiting_count", messages::Args().Int("count", waiting)),
                             OfficeAccent(int(i))});
    }
    return v;
}

}  // namespace anl::ui
