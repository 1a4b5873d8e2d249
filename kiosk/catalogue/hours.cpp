// Opening hours: "mon-fri 08:00-12:00", "tue,thu 13:30-15:30". Written by administrators,
// for an office's appointment hours in the catalogue and for the site's opening hours in
// hours.toml (site_hours.cpp); one OpeningPeriod per weekday comes out.
#include <array>
#include <cctype>

#include "kiosk/catalogue/catalogue.h"

namespace anl::catalogue {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int DayNumber(std::string_view name) {
    for (std::size_t i = 0; i < kDays.size(); ++i)
        if (kDays[i] == name) return static_cast<int>(i) + 1;
    return 0;
}

// "08:30" -> 510; -1 when malformed.
int Minutes(std::string_view hhmm) {
    if (hhmm.size() != 5 || hhmm[2] != ':') return -1;
    for (std::size_t i : {0u, 1u, 3u, 4u})
        if (!std::isdigit(static_cast<unsigned char>(hhmm[i]))) return -1;
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
}

}  // namespace

Result<std::vector<OpeningPeriod>> ParseOpeningHours(std::string_view text) {
    auto bad = [](std::string why) { return MakeError(ErrorCode::kInvalidInput, std::move(why)); };
    auto space = text.find(' ');
    if (space == std::string_view::npos)
        return bad("write the days, a space and the time, like \"mon-fri 08:00-12:00\"");
    std::string_view days = text.substr(0, space), times = text.substr(space + 1);
    auto dash = times.find('-');
    int open = -1, close = -1;
    if (dash != std::string_view::npos) {
        open = Minutes(times.substr(0, dash));
        close = Minutes(times.substr(dash + 1));
    }
    if (open < 0 || close < 0) return bad("write the time as \"08:00-12:00\" (hours 00-24, minutes 00-59)");
    if (close <= open) return bad("the closing time must come after the opening time");
    std::vector<OpeningPeriod> out;
    while (!days.empty()) {
        auto comma = days.find(',');
        std::string_view part = days.substr(0, comma);
        days = comma == std::string_view::npos ? std::string_view{} : days.substr(comma + 1);
        auto range = part.find('-');
        int from = DayNumber(part.substr(0, range));
        int to = range == std::string_view::npos ? from : DayNumber(part.substr(range + 1));
        if (from == 0 || to == 0 || to < from)
            return bad("the days must be mon, tue, wed, thu, fri, sat or sun, or a range like mon-fri");
        for (int d = from; d <= to; ++d) out.push_back({d, open, close});
    }
    if (out.empty()) return bad("name at least one day, like \"mon-fri 08:00-12:00\"");
    return out;
}

}  // namespace anl::catalogue
