// catalogue: the site's opening hours and closing days (hours.toml), see catalogue.h
// section "Site opening hours". The day-and-time syntax is the one the catalogue's
// appointment hours use ("mon-fri 08:00-12:00", "tue,thu 13:30-17:00"), read by the same
// parser (hours.cpp), so the two can never drift apart.
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

// "mon-fri 08:00-12:00" or "tue,thu 13:30-15:30": the catalogue's parser, its periods put
// into the week; the problem in one sentence when the text is malformed.
std::optional<std::string> AddPeriod(std::string_view text, SiteHours& hours) {
    auto periods = ParseOpeningHours(text);
    if (!periods.ok()) return periods.error().message;
    for (const OpeningPeriod& p : *periods)
        hours.week[static_cast<std::size_t>(p.weekday - 1)].push_back({p.open_minute, p.close_minute});
    return std::nullopt;
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

Result<SiteHours> ParseSiteHours(std::string_view text, const std::string& where) {
    toml::table root;
    try {
        root = toml::parse(text, where);
    } catch (const toml::parse_error& e) {
        return Bad(where, static_cast<int>(e.source().begin.line), std::string(e.description()));
    }
    SiteHours hours;
    for (const auto& [key, node] : root) {
        if (key.str() != "hours" && key.str() != "closed")
            return Bad(where, LineOf(node), "unknown field \"" + std::string(key.str()) + "\" (hours, closed).");
    }
    if (const auto* node = root.get("hours")) {
        const auto* list = node->as_array();
        if (!list) return Bad(where, LineOf(*node), "hours is a list like [\"mon-fri 08:00-12:00\"].");
        for (const auto& item : *list) {
            auto period = item.value<std::string>();
            if (!period) return Bad(where, LineOf(item), "hours is a list of texts like \"mon-fri 08:00-12:00\".");
            if (auto problem = AddPeriod(*period, hours)) return Bad(where, LineOf(item), "hours \"" + *period + "\": " + *problem + ".");
        }
        for (std::size_t d = 0; d < hours.week.size(); ++d) {
            auto& day = hours.week[d];
            std::sort(day.begin(), day.end(), [](const auto& a, const auto& b) { return a.open_minute < b.open_minute; });
            for (std::size_t i = 1; i < day.size(); ++i)
                if (day[i].open_minute < day[i - 1].close_minute)
                    return Bad(where, LineOf(*node), "hours overlap on " + std::string(kDayNames[d]) + ".");
        }
    }
    if (const auto* node = root.get("closed")) {
        const auto* list = node->as_array();
        if (!list) return Bad(where, LineOf(*node), "closed is a list of days like [\"2026-12-25\"].");
        std::set<std::string> days;
        for (const auto& item : *list) {
            auto day = item.value<std::string>().value_or("");
            if (!IsValidDate(day))
                return Bad(where, LineOf(item), "closed days are written \"YYYY-MM-DD\" and must be real calendar days.");
            if (!days.insert(day).second) return Bad(where, LineOf(item), "closed day " + day + " appears twice.");
        }
        hours.closed_days.assign(days.begin(), days.end());
    }
    return hours;
}

bool SiteHours::IsClosedDay(std::string_view date) const {
    return std::binary_search(closed_days.begin(), closed_days.end(), date);
}

}  // namespace anl::catalogue
