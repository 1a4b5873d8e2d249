// catalogue: the site's opening hours and closing days (hours.toml), see catalogue.h
// section "Site opening hours". The day-and-time syntax is the one the catalogue's
// appointment hours use ("mon-fri 08:00-12:00", "tue,thu 13:30-17:00"), read by the same
// parser (hours.cpp), so the two can never drift apart.
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

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

Result<SiteHours> LoadSiteHours(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return SiteHours{};
    std::ifstream in(file, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kNotFound, file.string() + " cannot be read.");
    std::ostringstream text;
    text << in.rdbuf();
    return ParseSiteHours(text.str(), file.string());
}

std::filesystem::path SiteHoursFileFor(const std::filesystem::path& catalogue_dir) {
    // "dir/" and "dir" name the same directory; its parent holds hours.toml.
    std::filesystem::path dir = catalogue_dir.lexically_normal();
    if (!dir.has_filename()) dir = dir.parent_path();
    return dir.parent_path() / "hours.toml";
}

std::string FormatSiteHours(const SiteHours& hours) {
    // Each opening time once, with the days it applies to ("mon-fri", "mon-wed,fri"), in the
    // order of its first day: what an administrator would write, and what ParseSiteHours reads.
    struct Time {
        OpeningInterval interval;
        std::array<bool, 7> days{};
        std::size_t first_day = 0;
    };
    std::vector<Time> times;
    for (std::size_t d = 0; d < hours.week.size(); ++d)
        for (const OpeningInterval& i : hours.week[d]) {
            auto it = std::find_if(times.begin(), times.end(), [&](const Time& t) {
                return t.interval.open_minute == i.open_minute && t.interval.close_minute == i.close_minute;
            });
            if (it == times.end()) it = times.insert(times.end(), Time{i, {}, d});
            it->days[d] = true;
        }
    std::stable_sort(times.begin(), times.end(), [](const Time& a, const Time& b) {
        return a.first_day != b.first_day ? a.first_day < b.first_day : a.interval.open_minute < b.interval.open_minute;
    });
    auto hhmm = [](int m) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 100, m % 60);
        return std::string(buf);
    };
    std::string out;
    for (const Time& t : times) {
        std::string days;
        for (std::size_t d = 0; d < 7; ++d) {
            if (!t.days[d] || (d > 0 && t.days[d - 1])) continue;  // the start of a run of days
            std::size_t last = d;
            while (last + 1 < 7 && t.days[last + 1]) ++last;
            days += (days.empty() ? "" : ",") + std::string(kDayNames[d]) + (last > d ? "-" + std::string(kDayNames[last]) : "");
        }
        out += (out.empty() ? "" : "; ") + days + " " + hhmm(t.interval.open_minute) + "-" + hhmm(t.interval.close_minute);
    }
    return out;
}

bool SiteHours::IsClosedDay(std::string_view date) const {
    return std::binary_search(closed_days.begin(), closed_days.end(), date);
}

}  // namespace anl::catalogue
