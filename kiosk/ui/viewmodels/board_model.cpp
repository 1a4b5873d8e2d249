#include "kiosk/ui/viewmodels/board_model.h"

#include <algorithm>

#include "kiosk/ui/viewmodels/visitor_text.h"

namespace anl::ui {

namespace {

// Cuts spaces and bidi controls (isolates, marks) from both ends.
std::string TrimWords(std::string text) {
    static constexpr std::string_view kTrim[] = {" ", "\u00A0", "\u2066", "\u2067", "\u2068", "\u2069", "\u200F", "\u200E"};
    for (bool cut = true; cut;) {
        cut = false;
        for (const std::string_view t : kTrim) {
            if (text.size() >= t.size() && text.compare(text.size() - t.size(), t.size(), t) == 0) {
                text.resize(text.size() - t.size());
                cut = true;
            }
            if (text.size() >= t.size() && text.compare(0, t.size(), t) == 0) {
                text.erase(0, t.size());
                cut = true;
            }
        }
    }
    return text;
}

}  // namespace

bool BoardModel::SetSnapshot(SnapshotPtr snapshot) {
    Micros newest = 0;
    for (const auto& call : snapshot->state.recent_calls) newest = std::max(newest, call.at);
    const bool first = newest_seen_ < 0;
    const bool fresh = !first && newest > newest_seen_;
    fresh_calls_.clear();
    if (fresh) {
        for (const auto& call : snapshot->state.recent_calls) {
            if (call.at > newest_seen_) fresh_calls_.push_back(call);
        }
        std::stable_sort(fresh_calls_.begin(), fresh_calls_.end(), [](const core::Call& a, const core::Call& b) { return a.at < b.at; });
    }
    newest_seen_ = std::max(newest_seen_, newest);
    snapshot_ = std::move(snapshot);
    return fresh;
}

std::string BoardModel::VisitorLang(const core::Call& call) const {
    if (!snapshot_) return "";
    const core::Ticket* ticket = snapshot_->state.FindTicket(call.ticket_id);
    const core::Visit* visit = ticket ? snapshot_->state.FindVisit(ticket->visit_id) : nullptr;
    return visit ? visit->lang : "";
}

std::vector<std::string> BoardModel::SecondLanguages() const {
    std::vector<const messages::LanguageInfo*> found;
    if (snapshot_) {
        for (const auto& e : snapshot_->queue) {
            if (e.state != core::TicketState::kWaiting && e.state != core::TicketState::kCalled &&
                e.state != core::TicketState::kRecalled) {
                continue;
            }
            const messages::LanguageInfo* info = messages_.FindLanguage(e.lang);
            if (info == nullptr || !info->enabled || info->code == lang_) continue;
            if (std::find(found.begin(), found.end(), info) == found.end()) found.push_back(info);
        }
    }
    std::stable_sort(found.begin(), found.end(), [](auto* a, auto* b) { return a->order < b->order; });
    std::vector<std::string> codes;
    for (const auto* info : found) codes.push_back(info->code);
    if (codes.empty() && lang_ != "en") codes.push_back("en");
    return codes;
}

bool BoardModel::Flashing(Micros now) const {
    if (flash_from_ < 0 || now < flash_from_) return false;
    const Micros since = now - flash_from_;
    return since < kFlashPeriod * kFlashPulses && since % kFlashPeriod < kFlashOn;
}

Micros BoardModel::UntilFlashChange(Micros now) const {
    if (flash_from_ < 0 || now < flash_from_) return 0;
    const Micros since = now - flash_from_;
    if (since >= kFlashPeriod * kFlashPulses) return 0;
    const Micros in_period = since % kFlashPeriod;
    return in_period < kFlashOn ? kFlashOn - in_period : kFlashPeriod - in_period;
}

BoardView BoardModel::Board(Micros now) const {
    BoardView v;
    v.lang = lang_;
    v.flash = Flashing(now);
    // The display's language large; numbers and counters are the same for all. A second
    // line speaks the waiting visitors' languages in turn.
    v.title = std::string(messages_.Text(lang_, "board.title"));
    const std::vector<std::string> second = SecondLanguages();
    if (!second.empty()) {
        v.second_lang = second[RotationIndex(now, second.size())];
        v.second_line = std::string(messages_.Text(v.second_lang, "board.hint"));
        v.empty_second = std::string(messages_.Text(v.second_lang, "board.empty"));
    }
    v.number_header = std::string(messages_.Text(lang_, "ticket.your_number"));
    // "Schalter {counter}" cut where the number goes: the screen draws the words smaller and
    // the number as large as the ticket number, in the catalogue's word order.
    constexpr std::string_view kMark = "\uE000";  // a private-use character no text contains
    const std::string counter = messages_.Format(lang_, "board.counter", messages::Args().Str("counter", std::string(kMark)));
    const size_t mark = counter.find(kMark);
    if (mark == std::string::npos) {
        v.counter_before = TrimWords(counter);
    } else {
        v.counter_before = TrimWords(counter.substr(0, mark));
        v.counter_after = TrimWords(counter.substr(mark + kMark.size()));
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
