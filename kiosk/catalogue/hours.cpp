// catalogue: opening hours and holidays (hours.toml), see catalogue.h section "Opening hours".
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <set>

#include "kiosk/catalogue/catalogue.h"

namespace anl::catalogue {
namespace {

constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Error Bad(const std::string& where, int line, const std::string& what) {
    return MakeError(ErrorCode::kInvalidInput, where + ":" + std::to_string(line) + ": " + what);
}

// "08:30" -> 510; nullopt for anything else ("8:30", "24:01", "08:60").
std::optional<int> ParseClock(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    int h = 0, m = 0;
    auto hr = std::from_chars(text.data(), text.data() + 2, h);
    auto mr = std::from_chars(text.data() + 3, text.data() + 5, m);
    if (hr.ec != std::errc() || hr.ptr != text.data() + 2 || mr.ec != std::errc() || mr.ptr != text.data() + 5)
        return std::nullopt;
    if (h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
    return h * 60 + m;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// "2026-12-25" with a real calendar day.
bool IsValidDate(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    int y = 0, m = 0, day = 0;
    auto ok = [](std::string_view s, int& out) {
        auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        return r.ec == std::errc() && r.ptr == s.data() + s.size();
    };
    if (!ok(d.substr(0, 4), y) || !ok(d.substr(5, 2), m) || !ok(d.substr(8, 2), day)) return false;
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 2000 || y > 2200 || m < 1 || m > 12 || day < 1) return false;
    int max = kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && IsLeap(y) ? 1 : 0);
    return day <= max;
}

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

}  // namespace

Result<OpeningHours> ParseOpeningHours(std::string_view text, const std::string& where) {
    toml::table root;
    try {
        root = toml::parse(text, where);
    } catch (const toml::parse_error& e) {
        return Bad(where, static_cast<int>(e.source().begin.line), std::string(e.description()));
    }
    OpeningHours hours;
    for (const auto& [key, node] : root) {
        if (key.str() != "week" && key.str() != "holiday")
            return Bad(where, LineOf(node), "unknown section \"" + std::string(key.str()) + "\" (expected [week] or [[holiday]]).");
    }
    if (const auto* week = root["week"].as_table()) {
        for (const auto& [key, node] : *week) {
            auto day = std::find(kDayNames.begin(), kDayNames.end(), key.str());
            if (day == kDayNames.end())
                return Bad(where, LineOf(node), "[week] has \"" + std::string(key.str()) +
                                                     "\"; days are mon, tue, wed, thu, fri, sat and sun.");
            const auto* list = node.as_array();
            if (!list) return Bad(where, LineOf(node), "[week] " + std::string(key.str()) + " must be a list like [\"08:00-12:00\"].");
            auto& intervals = hours.week[static_cast<std::size_t>(day - kDayNames.begin())];
            for (const auto& item : *list) {
                auto span = item.value<std::string>();
                std::optional<int> open, close;
                if (span && span->size() == 11 && (*span)[5] == '-') {
                    open = ParseClock(std::string_view(*span).substr(0, 5));
                    close = ParseClock(std::string_view(*span).substr(6, 5));
                }
                if (!open || !close || *open >= *close)
                    return Bad(where, LineOf(item), "[week] " + std::string(key.str()) +
                                                        ": each entry is \"HH:MM-HH:MM\" with the opening before the closing time.");
                if (!intervals.empty() && intervals.back().close_minute > *open)
                    return Bad(where, LineOf(item), "[week] " + std::string(key.str()) +
                                                        ": opening times must be in order and must not overlap.");
                intervals.push_back({*open, *close});
            }
        }
    } else if (root.contains("week")) {
        return Bad(where, LineOf(*root.get("week")), "week must be a table: [week].");
    }
    if (const auto* node = root.get("holiday")) {
        const auto* list = node->as_array();
        if (!list) return Bad(where, LineOf(*node), "holidays are written as [[holiday]] entries.");
        std::set<std::string> dates;
        for (const auto& item : *list) {
            const auto* t = item.as_table();
            if (!t) return Bad(where, LineOf(item), "holidays are written as [[holiday]] entries.");
            Holiday h;
            for (const auto& [key, value] : *t) {
                if (key.str() == "date") h.date = value.value<std::string>().value_or("");
                else if (key.str() == "label_key") h.label_key = value.value<std::string>().value_or("");
                else return Bad(where, LineOf(value), "[[holiday]] has unknown field \"" + std::string(key.str()) + "\" (date, label_key).");
            }
            if (!IsValidDate(h.date))
                return Bad(where, LineOf(item), "[[holiday]] needs date = \"YYYY-MM-DD\", a real calendar day.");
            if (!dates.insert(h.date).second) return Bad(where, LineOf(item), "holiday " + h.date + " appears twice.");
            hours.holidays.push_back(std::move(h));
        }
        std::sort(hours.holidays.begin(), hours.holidays.end(),
                  [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    }
    return hours;
}

bool OpeningHours::IsHoliday(std::string_view date) const {
    return std::any_of(holidays.begin(), holidays.end(), [&](const Holiday& h) { return h.date == date; });
}

}  // namespace anl::catalogue
