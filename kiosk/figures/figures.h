// figures: the key figures (Kennzahlen) a service centre is steered by, computed from the
// event log alone: waiting and service times, arrivals against open counters, walk-ins and
// appointments, no-shows, transfers and the one-stop effect, languages and interpreters,
// referrals and case-management hand-offs. The terminal's store and the central service
// feed it events in their order; the dashboard, `anlaufstelle-ctl report` and
// GET /v1/reports read the same Report.
//   - Events are folded with core::ApplyEvent, so an event the reducer skipped counts for
//     nothing here either.
//   - Local days, weeks and hours are the site's (QueueRules::time_zone, through ICU):
//     durations are differences of UTC times, so a daylight-saving day and a visit across
//     midnight come out right. A stop belongs to the local day and hour it joined a queue.
//   - Nothing personal goes in: no notes, names or phone numbers are read, so purging them
//     (retention) changes no figure.
// Must never: speak SQL, read a clock, draw, or keep a visitor's personal data.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/base/base.h"
#include "kiosk/core/core.h"

// Index
//   1. What to count: the query
//   2. The figures (Report)
//   3. Computing them: Collector
//   4. Reports as tables, JSON, CSV and XLSX
//   5. The dashboard: its periods, arrivals by weekday and hour, the live view of today

namespace anl::figures {

// ---------------------------------------------------------------------------------------
// 1. The query: a period of local days (both ends included), optionally one site and office.
// ---------------------------------------------------------------------------------------
struct Query {
    std::string from_day;   // "2026-03-23", local to each site
    std::string to_day;     // "2026-03-29", included
    std::string site_id;    // "" : every site fed to the collector
    std::string office_id;  // "" : every office
};
// Checks the days ("YYYY-MM-DD", real dates, from <= to, at most kMaxReportDays apart).
inline constexpr int kMaxReportDays = 400;
Status ValidateQuery(const Query& query);

// An appointment cancelled less than this before its start is a late cancellation.
inline constexpr Micros kLateCancellation = 24LL * 3600 * kMicrosPerSecond;

// ---------------------------------------------------------------------------------------
// 2. The figures. Times are minutes (double). Every table has a site column so that the
//    central's report over several sites stays one table per figure.
// ---------------------------------------------------------------------------------------
// Mean, median and 90th percentile (nearest rank: the smallest value with at least 90% of
// the values at or below it) of a set of durations; all 0 when count is 0.
struct Spread {
    int count = 0;
    double mean = 0;
    double median = 0;  // the lower middle value for an even count (nearest rank, 50%)
    double p90 = 0;
};
Spread SpreadOf(std::vector<double> minutes);

// The queue figures of one group of stops (a stop is one ticket: a visit at one office).
//   arrivals      stops that joined a queue (first stops and later ones)
//   walk_ins / appointments   first stops without / with an appointment (a check-in)
//   called        stops called at least once; wait: joining the queue -> first call
//   served        stops finished (done); service: start -> finish (or -> transfer)
//   no_shows      called stops marked no-show
//   transferred   stops sent on to another service by a desk
struct QueueFigures {
    int arrivals = 0;
    int walk_ins = 0;
    int appointments = 0;
    int called = 0;
    int served = 0;
    int no_shows = 0;
    int transferred = 0;
    Spread wait;
    Spread service;
};

// The groupings of QueueFigures: by office, service, local day, ISO week ("2026-W13"), hour
// of the local day (0..23; the hour a daylight-saving change repeats counts twice into one).
struct GroupRow {
    std::string site_id;
    std::string key;  // office id, service id, "2026-03-29", "2026-W13" or "08"
    QueueFigures figures;
};

// Arrivals against open counters, per office and local hour of a local day.
//   open_counters  counters of the office that called someone in that hour
//   busy_minutes   service minutes (start -> finish) that fall into that hour
//   utilisation    busy_minutes / (60 * open_counters); 0 without an open counter
struct CapacityRow {
    std::string site_id;
    std::string office_id;
    std::string day;  // local
    int hour = 0;     // local, 0..23
    int arrivals = 0;
    int open_counters = 0;
    double busy_minutes = 0;
    double utilisation = 0;
};

// Appointments per service and local day of their start. A booking counts once, by its
// final status: cancelled (late when less than kLateCancellation before the start),
// arrived (checked in), or a no-show (booked, not checked in, its slot ended before the
// site's last event the collector saw).
struct AppointmentRow {
    std::string site_id;
    std::string service_id;
    std::string day;
    int booked = 0;  // every booking, cancelled or not (refused ones not)
    int cancelled = 0;
    int late_cancellations = 0;
    int arrived = 0;
    int no_shows = 0;
};

// Transfers between offices: how many stops a desk of `from_office` sent on to `to_office`.
struct TransferRow {
    std::string site_id;
    std::string from_office;
    std::string to_office;
    int transfers = 0;
};

// The one-stop effect, per office of the later stop. A later stop is a stop after a visit's
// first (sent on by a transfer or queued from the visit's plan): it keeps the visit's number
// and place instead of queueing again with a new ticket.
//   later_stops       later stops that joined this office's queue
//   called            of them, called
//   wait              their waiting time
//   fresh mean        of a local day: the mean wait of first stops called at this office
//                     that day (what queueing again with a new ticket would have cost)
//   compared          called later stops on a day with a fresh mean
//   fresh_wait_mean   the mean of their days' fresh means
//   no_requeue        compared later stops that waited less than their day's fresh mean
//   saved_minutes     sum over compared later stops of (their day's fresh mean - own wait)
struct OneStopRow {
    std::string site_id;
    std::string office_id;
    int later_stops = 0;
    int called = 0;
    Spread wait;
    double fresh_wait_mean = 0;
    int no_requeue = 0;
    double no_requeue_share = 0;  // no_requeue / compared (0 without any)
    int compared = 0;
    double saved_minutes = 0;
};

// Demand per visitor language (per office: the stops at that office of visits in that
// language) and interpreter needs.
struct LanguageRow {
    std::string site_id;
    std::string office_id;
    std::string lang;
    int stops = 0;
    int interpreter = 0;
};

// Referrals given per partner (and the office that gave them).
struct ReferralRow {
    std::string site_id;
    std::string partner_id;
    std::string office_id;
    int referrals = 0;
};

// Case-management hand-offs per office that handed on (no reasons: they are personal and
// purged by retention; counting them here would change the figures after a purge).
struct HandoffRow {
    std::string site_id;
    std::string office_id;
    int handoffs = 0;
    int with_appointment = 0;
};

// Visitor feedback per office (feedback.given, the kiosk's five faces; core.h "visitor
// feedback"), by the local day it was given: how many answered, their mean score, how many
// gave each score, and how often each reason was ticked (one row per office and reason).
struct FeedbackRow {
    std::string site_id;
    std::string office_id;
    int answers = 0;
    double mean_score = 0;  // 1 (very dissatisfied) .. 5 (very satisfied); 0 without answers
    std::array<int, 5> scores{};  // scores[0]: how many gave 1 ... scores[4]: how many gave 5
};
struct FeedbackReasonRow {
    std::string site_id;
    std::string office_id;
    std::string reason;  // a reason id of the site's catalogue
    int count = 0;
};

struct Report {
    Query query;
    std::vector<std::string> sites;  // the sites counted, in order
    QueueFigures total;              // every stop of the period
    std::vector<GroupRow> by_office, by_service, by_day, by_week, by_hour;
    std::vector<CapacityRow> capacity;
    std::vector<AppointmentRow> appointments;
    std::vector<TransferRow> transfers;
    std::vector<OneStopRow> one_stop;
    std::vector<LanguageRow> languages;
    std::vector<ReferralRow> referrals;
    std::vector<HandoffRow> handoffs;
    std::vector<FeedbackRow> feedback;
    std::vector<FeedbackReasonRow> feedback_reasons;
    // Whether any visitor gave feedback in the period (the summary says so, so that empty
    // feedback tables are not read as a site without the kiosk's feedback screens).
    bool feedback_recorded = false;
};

// ---------------------------------------------------------------------------------------
// 3. Computing: feed each site's events in its order (the store's arrival order, the
//    central's order), then Finish. Memory grows with the stops folded.
// ---------------------------------------------------------------------------------------

// One site's events folded into what the figures need, for any period and office. It can be
// kept and fed further: the central keeps one per site and folds each event once, so a
// report then costs only its summary (Collector::AddSite). Tickets closed for two days are
// released from the fold's reducer state (a closed ticket accepts no event any more), so a
// kept fold grows with its stops only, not with every visit's texts.
class SiteFold {
public:
    // The time zone must be valid (core::ValidateTimeZone).
    static Result<std::unique_ptr<SiteFold>> Begin(const std::string& site_id, const std::string& time_zone);
    ~SiteFold();
    SiteFold(const SiteFold&) = delete;
    SiteFold& operator=(const SiteFold&) = delete;

    void Add(const core::Event& event);
    const std::string& site_id() const;
    const std::string& time_zone() const;
    std::size_t stops() const;            // stops folded so far
    std::size_t tickets_in_state() const;  // tickets the reducer state still holds

    struct Impl;

private:
    explicit SiteFold(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    friend class Collector;
};

class Collector {
public:
    explicit Collector(Query query);
    ~Collector();
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

    // Starts a site: its events follow (a new site starts a fresh fold). The time zone must
    // be valid (core::ValidateTimeZone); `service_office` maps a service to its office for
    // appointment figures and the office filter (from the site's catalogue).
    Status BeginSite(const std::string& site_id, const std::string& time_zone,
                     std::map<std::string, std::string> service_office);
    void Add(const core::Event& event);
    // Counts a fold kept by the caller, as BeginSite and Add would have (a site not asked
    // for is left out). `service_office` as for BeginSite.
    void AddSite(const SiteFold& fold, const std::map<std::string, std::string>& service_office);
    Report Finish();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

// The service -> office map of a catalogue, for BeginSite.
std::map<std::string, std::string> ServiceOffices(const catalogue::Catalogue& catalogue);

// ---------------------------------------------------------------------------------------
// 4. Output. Every figure is one table (a sheet in XLSX, a section in CSV, an array in JSON).
// ---------------------------------------------------------------------------------------
struct Table {
    std::string name;  // "by_office", "capacity" ... (stable: scripts read them)
    std::vector<std::string> columns;
    std::vector<std::vector<nlohmann::json>> rows;  // strings and numbers only
};
// "summary" (the period's totals) first, then one table per figure of the Report.
std::vector<Table> ReportTables(const Report& report);

// {"query": {...}, "sites": [...], "feedback_recorded": false,
//  "tables": [{"name": ..., "columns": [...], "rows": [[...], ...]}, ...]}
nlohmann::json ReportToJson(const Report& report);
// The tables of such a document (GET /v1/reports answers it; ctl renders any format from
// it). Refuses anything not shaped so: it came over the network.
Result<std::vector<Table>> TablesFromJson(const nlohmann::json& json);
// Each table as "# name", its header line and rows (RFC 4180 quoting), a blank line between.
std::string TablesToCsv(const std::vector<Table>& tables);
// One sheet per table (the table's name) and a "charts" sheet: waiting time by hour, arrivals
// by day, stops per language.
Status WriteXlsx(const std::vector<Table>& tables, const std::string& path);

// ---------------------------------------------------------------------------------------
// 5. The dashboard (the admin role's key figures; kiosk/figures/dashboard.cpp). The periods
//    an administrator picks, as local days of the site; the heat map's arrivals by weekday
//    and hour (from the Report's capacity rows); and the live view of today from the state
//    the events fold to (never from a screen).
// ---------------------------------------------------------------------------------------
enum class Period { kToday, kThisWeek, kLast7Days, kThisMonth };
inline constexpr Period kAllPeriods[] = {Period::kToday, Period::kThisWeek, Period::kLast7Days, Period::kThisMonth};
std::string_view PeriodName(Period period);  // "today", "week", "last7", "month"
std::optional<Period> ParsePeriod(std::string_view name);
// The local days of `period` as of `now` in `time_zone`: today; this ISO week's Monday to
// today; today and the 6 days before; the month's first day to today.
Query PeriodQuery(Period period, Micros now, std::string_view time_zone, std::string office_id = {});
// 0 Monday .. 6 Sunday for "2026-03-29"; -1 when it is no date.
int WeekdayOf(std::string_view day);

// Arrivals by local weekday (0 Monday) and local hour.
using WeekHours = std::array<std::array<int, 24>, 7>;
WeekHours ArrivalsByWeekdayHour(const Report& report);

// Today at one office, as it stands now.
//   waiting        tickets waiting in its queue
//   longest_wait   minutes the longest-waiting of them has waited (since it joined the queue)
//   counters_open  counters that called someone in the last QueueRules::open_counter_lookback
//                  or serve someone now (0 when none: unlike the estimate's "at least 1")
struct LiveOffice {
    std::string office_id;
    int waiting = 0;
    double longest_wait = 0;
    int counters_open = 0;
};
// Every office of the catalogue in its order (only `office_id` when given).
std::vector<LiveOffice> LiveView(const core::State& state, const catalogue::Catalogue& catalogue,
                                 const core::QueueRules& rules, Micros now, std::string_view office_id = {});

// What the dashboard shows: the period's report, today's live view, and the offices to pick.
struct Dashboard {
    Period period = Period::kToday;
    Report report;
    std::vector<LiveOffice> live;
    struct Office {
        std::string id, name_key;
    };
    std::vector<Office> offices;  // the catalogue's offices, in its order
};

}  // namespace anl::figures
