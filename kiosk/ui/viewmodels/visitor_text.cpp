#include "kiosk/ui/viewmodels/visitor_text.h"

#include <algorithm>

#include "kiosk/core/core.h"

namespace anl::ui {

std::string WaitInWords(const messages::Messages& messages, std::string_view lang, int minutes,
                        std::string_view minutes_key, std::string_view hours_key) {
    if (minutes < 0) return std::string(messages.Text(lang, "kiosk.service.wait_unknown"));
    const core::WaitWording wording = core::WordWait(minutes);
    switch (wording.unit) {
        case core::WaitWording::Unit::kNone: return std::string(messages.Text(lang, "kiosk.service.wait_none"));
        case core::WaitWording::Unit::kMinutes:
            return messages.Format(lang, minutes_key, messages::Args().Int("minutes", wording.value));
        case core::WaitWording::Unit::kHours:
            return messages.Format(lang, hours_key, messages::Args().Int("hours", wording.value));
    }
    return std::string(messages.Text(lang, "kiosk.service.wait_unknown"));
}

size_t RotationIndex(Micros now, size_t count) {
    if (count == 0) return 0;
    const Micros step = (now >= 0 ? now : -now) / kRotationPeriod;
    return size_t(step % Micros(count));
}

Micros UntilNextRotation(Micros now) {
    const Micros into = ((now % kRotationPeriod) + kRotationPeriod) % kRotationPeriod;
    return kRotationPeriod - into;
}

std::vector<std::string> EnabledLanguages(const messages::Messages& messages) {
    std::vector<const messages::LanguageInfo*> enabled;
    for (const messages::LanguageInfo& language : messages.Languages()) {
        if (language.enabled) enabled.push_back(&language);
    }
    std::stable_sort(enabled.begin(), enabled.end(), [](auto* a, auto* b) { return a->order < b->order; });
    std::vector<std::string> codes;
    for (const auto* l : enabled) codes.push_back(l->code);
    return codes;
}

Micros MomentShowingLanguage(const messages::Messages& messages, std::string_view lang, Micros now) {
    const std::vector<std::string> languages = EnabledLanguages(messages);
    const auto found = std::find(languages.begin(), languages.end(), lang);
    if (found == languages.end()) return now;
    const size_t want = size_t(found - languages.begin());
    Micros t = now;
    for (size_t i = 0; i < languages.size() && RotationIndex(t, languages.size()) != want; ++i) t += UntilNextRotation(t);
    return t;
}

}  // namespace anl::ui
