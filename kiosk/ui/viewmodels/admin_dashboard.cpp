// The dashboard's view model (AdminSession's Dashboard page): the figures the app computed
// with kiosk/figures over the store's events, turned into charts and their tables in the
// administrator's language. Numbers only; nothing personal reaches a figure.
#include <algorithm>
#include <chrono>
#include <map>

#include "kiosk/ui/viewmodels/admin_session.h"

namespace anl::ui {

namespace {

// Noon UTC of a local day "2026-03-29": formatted as a date it is that day in any zone a
// site can have (UTC-11 .. UTC+11), so a day string can go through the catalogue's date format.
Micros NoonOf(std::string_view day) {
    if (day.size() != 10) return 0;
    using namespace std::chrono;
    const int y = std::atoi(std::string(day.substr(0, 4)).c_str());
    const unsigned m = unsigned(std::atoi(std::string(day.substr(5, 2)).c_str()));
    const unsigned d = unsigned(std::atoi(std::string(day.substr(8, 2)).c_str()));
    const year_month_day ymd{year(y), month(m), std::chrono::day(d)};
    if (!ymd.ok()) return 0;
    return Micros(sys_days(ymd).time_since_epoch().count()) * 86400 * kMicrosPerSecond + 12 * 3600 * kMicrosPerSecond;
}

std::string DayAfter(std::string_view day, int n) {
    using namespace std::chrono;
    const Micros noon = NoonOf(day) + Micros(n) * 86400 * kMicrosPerSecond;
    const sys_days days{std::chrono::days(noon / (86400 * kMicrosPerSecond))};
    const year_month_day ymd{days};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    return buf;
}

std::string Hour(int h) {
    const int hour = std::clamp(h, 0, 23);
    return std::string(1, char('0' + hour / 10)) + char('0' + hour % 10);
}

// The hours a chart shows: those with arrivals, and at least 07 to 18 (`whole_day`); today
// only up to the last hour anyone came (the rest of the day has not happened).
std::pair<int, int> HourRange(const std::vector<int>& hours_with_data, bool whole_day) {
    int lo = 7, hi = whole_day ? 18 : 8;
    for (int h : hours_with_data) lo = std::min(lo, h), hi = std::max(hi, h);
    return {lo, hi};
}

}  // namespace

std::string AdminSession::Minutes(double minutes) const {
    return messages_->Format(lang_, "admin.dashboard.minutes", messages::Args().Double("minutes", minutes));
}

std::optional<AdminRequest> AdminSession::RefreshKeyFigures() const {
    if (!signed_in() || page_ != AdminPage::kDashboard) return std::nullopt;
    AdminRequest r;
    r.kind = AdminRequest::Kind::kKeyFigures;
    r.period = period_;
    r.office_id = office_;
    return r;
}

void AdminSession::OnKeyFigures(const AdminRequest& request, Result<figures::Dashboard> figures) {
    if (request.period != period_ || request.office_id != office_) return;  // asked before a change
    if (!figures) {
        figures_error_ = messages_->Format(lang_, "admin.dashboard.failed",
                                           messages::Args().Str("reason", figures.error().message));
        return;
    }
    figures_ = std::move(figures).value();
    figures_error_.clear();
    pending_ = false;
}

void AdminSession::DashboardForGallery(figures::Period period, std::string chart, figures::Dashboard figures) {
    page_ = AdminPage::kDashboard;
    period_ = period;
    chart_ = std::move(chart);
    figures_ = std::move(figures);
    pending_ = false;
}

AdminDashboardView AdminSession::Dashboard() const {
    AdminDashboardView v;
    v.chrome = Chrome();
    v.title = T("admin.dashboard.title");
    v.period_label = T("admin.dashboard.period");
    for (figures::Period p : figures::kAllPeriods) {
        const std::string id(figures::PeriodName(p));
        v.periods.push_back({id, T("admin.dashboard.period." + id), p == period_});
    }
    v.office_label = T("admin.dashboard.office");
    v.offices.push_back({"", T("admin.dashboard.all_offices"), office_.empty()});
    std::map<std::string, std::string> office_names;
    if (figures_) {
        for (const auto& o : figures_->offices) {
            office_names[o.id] = T(o.name_key);
            v.offices.push_back({o.id, office_names[o.id], o.id == office_});
        }
    }
    auto office_name = [&](const std::string& id) {
        auto it = office_names.find(id);
        return it != office_names.end() ? it->second : id;
    };
    v.live_title = T("admin.dashboard.live");
    for (const char* id : kDashboardCharts)
        v.charts.push_back({id, T(std::string("admin.dashboard.chart.") + id), chart_ == id});

    if (!figures_error_.empty()) {
        v.note = figures_error_;
        return v;
    }
    if (!figures_ || pending_) {
        v.note = T("admin.dashboard.computing");
        if (!figures_) return v;
    }
    const figures::Report& r = figures_->report;
    v.range = r.query.from_day == r.query.to_day
                  ? messages_->Format(lang_, "admin.dashboard.day", messages::Args().Date("day", NoonOf(r.query.from_day)))
                  : messages_->Format(lang_, "admin.dashboard.range",
                                      messages::Args()
                                          .Date("first_day", NoonOf(r.query.from_day))
                                          .Date("last_day", NoonOf(r.query.to_day)));

    // Today, now.
    v.live.columns = {T("admin.dashboard.col.office"), T("admin.dashboard.col.waiting_now"),
                      T("admin.dashboard.col.longest_wait"), T("admin.dashboard.col.counters_open")};
    for (const figures::LiveOffice& o : figures_->live)
        v.live.rows.push_back({office_name(o.office_id), std::to_string(o.waiting),
                               o.waiting > 0 ? Minutes(o.longest_wait) : "–", std::to_string(o.counters_open)});
    if (pending_) return v;

    AdminChart& c = v.chart;
    c.id = chart_;
    c.title = T("admin.dashboard.chart." + chart_);
    const std::string empty = T("admin.dashboard.empty");
    if (chart_ == "wait") {
        c.kind = AdminChartKind::kBars;
        c.unit = T("admin.dashboard.unit.minutes");
        c.series = {T("admin.dashboard.mean"), T("admin.dashboard.median"), T("admin.dashboard.p90")};
        c.table.columns = {T("admin.dashboard.col.office"), T("admin.dashboard.col.called"), T("admin.dashboard.mean"),
                           T("admin.dashboard.median"), T("admin.dashboard.p90")};
        for (const figures::GroupRow& g : r.by_office) {
            if (g.figures.wait.count == 0) continue;
            c.x_labels.push_back(office_name(g.key));
            c.values.push_back({g.figures.wait.mean, g.figures.wait.median, g.figures.wait.p90});
            c.table.rows.push_back({office_name(g.key), std::to_string(g.figures.wait.count), Minutes(g.figures.wait.mean),
                                    Minutes(g.figures.wait.median), Minutes(g.figures.wait.p90)});
        }
        if (r.total.wait.count > 0)
            c.table.rows.push_back({T("admin.dashboard.total"), std::to_string(r.total.wait.count), Minutes(r.total.wait.mean),
                                    Minutes(r.total.wait.median), Minutes(r.total.wait.p90)});
        if (c.x_labels.empty()) c.empty = empty;
    } else if (chart_ == "arrivals") {
        c.kind = AdminChartKind::kLine;
        c.unit = T("admin.dashboard.unit.arrivals");
        c.series = {T("admin.dashboard.col.arrivals")};
        c.table.columns = {T(period_ == figures::Period::kToday ? "admin.dashboard.col.hour" : "admin.dashboard.col.day"),
                           T("admin.dashboard.col.arrivals"), T("admin.dashboard.col.served"), T("admin.dashboard.col.mean_wait")};
        auto add = [&](const std::string& label, const figures::QueueFigures* q) {
            c.x_labels.push_back(label);
            c.values.push_back({q ? double(q->arrivals) : 0.0});
            c.table.rows.push_back({label, std::to_string(q ? q->arrivals : 0), std::to_string(q ? q->served : 0),
                                    q && q->wait.count > 0 ? Minutes(q->wait.mean) : "–"});
        };
        if (period_ == figures::Period::kToday) {
            std::map<int, const figures::QueueFigures*> by_hour;
            std::vector<int> hours;
            for (const auto& g : r.by_hour) {
                by_hour[std::atoi(g.key.c_str())] = &g.figures;
                if (g.figures.arrivals > 0) hours.push_back(std::atoi(g.key.c_str()));
            }
            const auto [lo, hi] = HourRange(hours, false);
            for (int h = lo; h <= hi; ++h) add(Hour(h), by_hour.count(h) ? by_hour[h] : nullptr);
        } else {
            std::map<std::string, const figures::QueueFigures*> by_day;
            for (const auto& g : r.by_day) by_day[g.key] = &g.figures;
            for (std::string day = r.query.from_day; !day.empty() && day <= r.query.to_day; day = DayAfter(day, 1))
                add(messages_->Format(lang_, "admin.dashboard.day_short", messages::Args().Date("day", NoonOf(day))),
                    by_day.count(day) ? by_day[day] : nullptr);
        }
        if (r.total.arrivals == 0) c.empty = empty;
    } else if (chart_ == "heatmap") {
        c.kind = AdminChartKind::kHeatMap;
        c.unit = T("admin.dashboard.unit.arrivals");
        const figures::WeekHours cells = figures::ArrivalsByWeekdayHour(r);
        std::vector<int> hours;
        for (const auto& day : cells)
            for (int h = 0; h < 24; ++h)
                if (day[size_t(h)] > 0) hours.push_back(h);
        const auto [lo, hi] = HourRange(hours, true);
        for (int h = lo; h <= hi; ++h) c.x_labels.push_back(Hour(h));
        c.table.columns = {T("admin.dashboard.col.weekday"), T("admin.dashboard.col.arrivals"),
                           T("admin.dashboard.col.busiest_hour")};
        for (int d = 0; d < 7; ++d) {
            const std::string weekday = T("admin.dashboard.weekday." + std::to_string(d + 1));
            c.y_labels.push_back(weekday);
            std::vector<double> row;
            int total = 0, busiest = -1;
            for (int h = lo; h <= hi; ++h) row.push_back(double(cells[size_t(d)][size_t(h)]));
            for (int h = 0; h < 24; ++h) {
                total += cells[size_t(d)][size_t(h)];
                if (cells[size_t(d)][size_t(h)] > 0 && (busiest < 0 || cells[size_t(d)][size_t(h)] > cells[size_t(d)][size_t(busiest)]))
                    busiest = h;
            }
            c.values.push_back(std::move(row));
            c.table.rows.push_back({weekday, std::to_string(total), busiest < 0 ? "–" : Hour(busiest) + ":00"});
        }
        if (r.total.arrivals == 0) c.empty = empty;
    } else if (chart_ == "walkins") {
        c.kind = AdminChartKind::kBars;
        c.unit = T("admin.dashboard.unit.visits");
        c.series = {T("admin.dashboard.col.walk_ins"), T("admin.dashboard.col.appointments")};
        c.table.columns = {T("admin.dashboard.col.office"), T("admin.dashboard.col.walk_ins"),
                           T("admin.dashboard.col.appointments"), T("admin.dashboard.col.appointment_share")};
        auto share = [&](int walk_ins, int appointments) {
            const int all = walk_ins + appointments;
            return messages_->Format(lang_, "admin.dashboard.percent",
                                     messages::Args().Double("share", all > 0 ? double(appointments) / all : 0.0));
        };
        for (const figures::GroupRow& g : r.by_office) {
            if (g.figures.walk_ins + g.figures.appointments == 0) continue;
            c.x_labels.push_back(office_name(g.key));
            c.values.push_back({double(g.figures.walk_ins), double(g.figures.appointments)});
            c.table.rows.push_back({office_name(g.key), std::to_string(g.figures.walk_ins),
                                    std::to_string(g.figures.appointments), share(g.figures.walk_ins, g.figures.appointments)});
        }
        if (c.x_labels.empty()) c.empty = empty;
        else
            c.table.rows.push_back({T("admin.dashboard.total"), std::to_string(r.total.walk_ins),
                                    std::to_string(r.total.appointments), share(r.total.walk_ins, r.total.appointments)});
    } else {  // languages
        c.kind = AdminChartKind::kBars;
        c.unit = T("admin.dashboard.unit.visits");
        c.series = {T("admin.dashboard.col.stops"), T("admin.dashboard.col.interpreter")};
        c.table.columns = {T("admin.dashboard.col.language"), T("admin.dashboard.col.stops"),
                           T("admin.dashboard.col.interpreter")};
        std::map<std::string, std::pair<int, int>> by_lang;
        for (const figures::LanguageRow& l : r.languages) {
            by_lang[l.lang].first += l.stops;
            by_lang[l.lang].second += l.interpreter;
        }
        std::vector<std::pair<std::string, std::pair<int, int>>> sorted(by_lang.begin(), by_lang.end());
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second.first > b.second.first; });
        constexpr size_t kShown = 10;  // the most asked-for; the rest are in the report (ctl report)
        for (size_t i = 0; i < sorted.size() && i < kShown; ++i) {
            const auto& [code, n] = sorted[i];
            const messages::LanguageInfo* info = messages_->FindLanguage(code);
            c.x_labels.push_back(code);
            c.values.push_back({double(n.first), double(n.second)});
            c.table.rows.push_back({info ? info->name + " (" + code + ")" : code, std::to_string(n.first),
                                    std::to_string(n.second)});
        }
        if (c.x_labels.empty()) c.empty = empty;
    }
    return v;
}

}  // namespace anl::ui
