// The dashboard's share of figures: its periods as local days, the heat map's arrivals by
// weekday and hour, and today's live view folded from the state (figures.h section 5).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>

#include "kiosk/figures/figures.h"

namespace anl::figures {
namespace {

std::optional<std::chrono::sys_days> DayOf(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    int y = 0, m = 0, d = 0;
    for (std::size_t i = 0; i < 10; ++i) {
        if (i == 4 || i == 7) continue;
        if (day[i] < '0' || day[i] > '9') return std::nullopt;
        int& part = i < 4 ? y : i < 7 ? m : d;
        part = part * 10 + (day[i] - '0');
    }
    using namespace std::chrono;
    const year_month_day ymd{year(y), month(static_cast<unsigned>(m)), std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd);
}

std::string TextOf(std::chrono::sys_days days) {
    const std::chrono::year_month_day ymd{days};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace

std::string_view PeriodName(Period period) {
    switch (period) {
        case Period::kToday: return "today";
        case Period::kThisWeek: return "week";
        case Period::kLast7Days: return "last7";
        case Period::kThisMonth: return "month";
    }
    return "today";
}

std::optional<Period> ParsePeriod(std::string_view name) {
    for (Period p : kAllPeriods)
        if (PeriodName(p) == name) return p;
    return std::nullopt;
}

int WeekdayOf(std::string_view day) {
    const auto days = DayOf(day);
    if (!days) return -1;
    return static_cast<int>(std::chrono::weekday(*days).iso_encoding()) - 1;
}

Query PeriodQuery(Period period, Micros now, std::string_view time_zone, std::string office_id) {
    Query q;
    q.to_day = core::LocalServiceDay(now, time_zone);
    q.office_id = std::move(office_id);
    const auto today = DayOf(q.to_day);
    ANL_ASSERT(today.has_value() && "LocalServiceDay gives YYYY-MM-DD");
    using namespace std::chrono;
    sys_days from = *today;
    switch (period) {
        case Period::kToday: break;
        case Period::kThisWeek: from = *today - days(weekday(*today).iso_encoding() - 1); break;
        case Period::kLast7Days: from = *today - days(6); break;
        case Period::kThisMonth: {
            const year_month_day ymd{*today};
            from = sys_days(ymd.year() / ymd.month() / 1);
            break;
        }
    }
    q.from_day = TextOf(from);
    return q;
}

WeekHours ArrivalsByWeekdayHour(const Report& report) {
    WeekHours cells{};
    for (const CapacityRow& row : report.capacity) {
        const int weekday = WeekdayOf(row.day);
        if (weekday < 0 || row.hour < 0 || row.hour > 23) continue;
        cells[static_cast<std::size_t>(weekday)][static_cast<std::size_t>(row.hour)] += row.arrivals;
    }
    return cells;
}

std::vector<LiveOffice> LiveView(const core::State& state, const catalogue::Catalogue& catalogue,
                                 const core::QueueRules& rules, Micros now, std::string_view office_id) {
    std::vector<LiveOffice> out;
    for (const catalogue::Office& office : catalogue.offices) {
        if (!office_id.empty() && office.id != office_id) continue;
        LiveOffice live;
        live.office_id = office.id;
        for (const core::QueueEntry& e : core::ListQueue(state, catalogue, rules, office.id, now)) {
            if (e.state != core::TicketState::kWaiting) continue;
            ++live.waiting;
            live.longest_wait = std::max(live.longest_wait, static_cast<double>(now - e.arrival_at) /
                                                                static_cast<double>(kMicrosPerMinute));
        }
        // As core::OpenCounters counts them, without its floor of one (an estimate divides by
        // it; an administrator wants to see that nobody serves).
        std::set<int> counters;
        for (const core::Call& c : state.recent_calls)
            if (c.office_id == office.id && c.at >= now - rules.open_counter_lookback && c.counter > 0)
                counters.insert(c.counter);
        for (const auto& [id, t] : state.tickets)
            if (t.office_id == office.id && t.state == core::TicketState::kInService && t.counter > 0)
                counters.insert(t.counter);
        live.counters_open = static_cast<int>(counters.size());
        out.push_back(std::move(live));
    }
    return out;
}

}  // namespace anl::figures
