// The key figures from events (figures.h sections 1-3): folds each site's events with the
// core's reducer and keeps, per stop, only the times and ids the figures need.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "kiosk/figures/figures.h"

namespace anl::figures {
namespace {

constexpr Micros kHour = 3600LL * kMicrosPerSecond;

double Minutes(Micros us) { return static_cast<double>(us) / static_cast<double>(60 * kMicrosPerSecond); }

std::optional<std::string> Text(const nlohmann::json& p, const char* key) {
    auto it = p.find(key);
    if (it == p.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

std::optional<std::chrono::sys_days> ParseDay(std::string_view day) {
    if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (day[i] < '0' || day[i] > '9') return std::nullopt;
    auto num = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (day[i] - '0');
        return v;
    };
    using namespace std::chrono;
    year_month_day ymd{year(num(0, 4)), month(static_cast<unsigned>(num(5, 2))), std::chrono::day(static_cast<unsigned>(num(8, 2)))};
    if (!ymd.ok()) return std::nullopt;
    return sys_days(ymd);
}

std::string DayText(std::chrono::sys_days days) {
    using namespace std::chrono;
    year_month_day ymd{days};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

// ISO 8601 week of a day: "2026-W13" (the week belongs to the year of its Thursday).
std::string IsoWeek(std::chrono::sys_days days) {
    using namespace std::chrono;
    const unsigned iso_weekday = weekday(days).iso_encoding();  // Monday 1 .. Sunday 7
    const sys_days thursday = days - std::chrono::days(iso_weekday - 1) + std::chrono::days(3);
    const year y = year_month_day(thursday).year();
    const sys_days first = sys_days(y / January / 1);
    const int week = static_cast<int>((thursday - first).count() / 7 + 1);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", static_cast<int>(y), week);
    return buf;
}

// A site's clock face: UTC instants to local days and hours through ICU's zone data.
class LocalClock {
public:
    explicit LocalClock(const std::string& time_zone)
        : zone_(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone))) {}
    // The local time of `utc`, as microseconds since the epoch of the local calendar.
    Micros Local(Micros utc) const {
        std::int32_t raw = 0, dst = 0;
        UErrorCode status = U_ZERO_ERROR;
        zone_->getOffset(static_cast<UDate>(utc / 1000), false, raw, dst, status);
        if (U_FAILURE(status)) raw = dst = 0;
        return utc + (static_cast<Micros>(raw) + dst) * 1000;
    }
    static std::chrono::sys_days DayOf(Micros local) {
        return std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::microseconds>(
            std::chrono::microseconds(local)));
    }
    static int HourOf(Micros local) {
        Micros in_day = local - std::chrono::duration_cast<std::chrono::microseconds>(
                                    DayOf(local).time_since_epoch()).count();
        return static_cast<int>(in_day / kHour);
    }

private:
    std::unique_ptr<icu::TimeZone> zone_;
};

enum class End { kOpen, kDone, kNoShow, kTransferred };

// What the figures keep of one stop.
struct Stop {
    std::string site_id, office_id, service_id, lang, day, week;
    int hour = 0;
    int stop_index = 0;
    bool appointment = false;  // the visit checked in for an appointment
    bool interpreter = false;
    bool counted = false;      // in the period and the office filter
    Micros created_at = 0, first_call = 0, started = 0, finished = 0;
    End end = End::kOpen;
};

struct Acc {
    QueueFigures figures;
    std::vector<double> waits, services;
    void Add(const Stop& s) {
        ++figures.arrivals;
        if (s.stop_index == 0) ++(s.appointment ? figures.appointments : figures.walk_ins);
        if (s.first_call) {
            ++figures.called;
            waits.push_back(Minutes(s.first_call - s.created_at));
        }
        if (s.end == End::kDone) ++figures.served;
        if (s.end == End::kNoShow) ++figures.no_shows;
        if (s.end == End::kTransferred) ++figures.transferred;
        if (s.started && (s.end == End::kDone || s.end == End::kTransferred))
            services.push_back(Minutes(s.finished - s.started));
    }
    QueueFigures Done() {
        figures.wait = SpreadOf(std::move(waits));
        figures.service = SpreadOf(std::move(services));
        return figures;
    }
};

struct CapacityAcc {
    int arrivals = 0;
    std::set<int> counters;
    Micros busy = 0;
};

}  // namespace

Spread SpreadOf(std::vector<double> minutes) {
    Spread s;
    s.count = static_cast<int>(minutes.size());
    if (minutes.empty()) return s;
    std::sort(minutes.begin(), minutes.end());
    double sum = 0;
    for (double m : minutes) sum += m;
    s.mean = sum / static_cast<double>(minutes.size());
    auto rank = [&](double share) {
        // Nearest rank: the ceil(share * n)-th smallest value (1-based).
        auto r = static_cast<std::size_t>(std::ceil(share * static_cast<double>(minutes.size()) - 1e-9));
        return minutes[std::clamp<std::size_t>(r, 1, minutes.size()) - 1];
    };
    s.median = rank(0.5);
    s.p90 = rank(0.9);
    return s;
}

Status ValidateQuery(const Query& query) {
    auto from = ParseDay(query.from_day), to = ParseDay(query.to_day);
    if (!from) return MakeError(ErrorCode::kInvalidInput, "The first day \"" + query.from_day.substr(0, 20) +
                                                              "\" is not a date like 2026-03-23.");
    if (!to) return MakeError(ErrorCode::kInvalidInput, "The last day \"" + query.to_day.substr(0, 20) +
                                                            "\" is not a date like 2026-03-29.");
    if (*to < *from) return MakeError(ErrorCode::kInvalidInput, "The last day lies before the first day.");
    if ((*to - *from).count() >= kMaxReportDays)
        return MakeError(ErrorCode::kInvalidInput,
                         "A report covers at most " + std::to_string(kMaxReportDays) + " days; ask for a shorter period.");
    if (auto site = CheckInputText(query.site_id, TextShape::kSingleLine, 64, "The site id"); !site.ok()) return site;
    return CheckInputText(query.office_id, TextShape::kSingleLine, 64, "The office id");
}

std::map<std::string, std::string> ServiceOffices(const catalogue::Catalogue& catalogue) {
    std::map<std::string, std::string> out;
    for (const auto& s : catalogue.services) out[s.id] = s.office_id;
    return out;
}

struct Collector::Impl {
    Query query;
    Report report;
    // The site being fed.
    bool active = false;  // BeginSite succeeded and the site is in the query
    std::string site_id;
    std::unique_ptr<LocalClock> clock;
    std::map<std::string, std::string> service_office;
    core::State state;
    std::map<std::string, std::size_t> stop_of_ticket;  // ticket id -> index in stops
    std::map<std::string, Micros> cancelled_at;         // appointment id -> its cancellation
    struct CallSeen { std::string office_id; int counter; Micros at; };
    std::vector<CallSeen> calls;
    Micros last_event = 0;
    std::vector<Stop> stops;  // this site's

    // Accumulated over every site.
    Acc total;
    std::map<std::pair<std::string, std::string>, Acc> by_office, by_service, by_day, by_week, by_hour;

    bool InPeriod(const std::string& day) const { return day >= query.from_day && day <= query.to_day; }
    bool InOffice(const std::string& office) const { return query.office_id.empty() || office == query.office_id; }

    void NewStop(const core::Ticket& t) {
        const core::Visit* v = state.FindVisit(t.visit_id);
        Stop s;
        s.site_id = site_id;
        s.office_id = t.office_id;
        s.service_id = t.service_id;
        s.stop_index = t.stop_index;
        s.created_at = t.created_at;
        if (v) {
            s.lang = v->lang;
            s.interpreter = v->interpreter;
            s.appointment = v->appointment_due_at != 0;
        }
        const Micros local = clock->Local(t.created_at);
        const auto day = LocalClock::DayOf(local);
        s.day = DayText(day);
        s.week = IsoWeek(day);
        s.hour = LocalClock::HourOf(local);
        s.counted = InPeriod(s.day) && InOffice(s.office_id);
        stop_of_ticket[t.id] = stops.size();
        stops.push_back(std::move(s));
    }
    Stop* StopOf(const std::string& ticket_id) {
        auto it = stop_of_ticket.find(ticket_id);
        return it == stop_of_ticket.end() ? nullptr : &stops[it->second];
    }

    void Add(const core::Event& e) {
        if (!active) return;
        const core::Applied applied = core::ApplyEvent(state, e);
        if (!applied.applied) return;
        last_event = std::max(last_event, e.at_us);
        const std::string ticket_id = Text(e.payload, "ticket_id").value_or("");
        if (e.type == "ticket.issued") {
            if (const core::Ticket* t = state.FindTicket(ticket_id)) NewStop(*t);
            return;
        }
        if (e.type == "appointment.cancelled") {
            for (const auto& id : applied.appointment_ids) cancelled_at[id] = e.at_us;
            return;
        }
        if (e.type == "referral.given" || e.type == "handoff.given") {
            const std::string office = Text(e.payload, "office_id").value_or("");
            const std::string day = DayText(LocalClock::DayOf(clock->Local(e.at_us)));
            if (!InPeriod(day) || !InOffice(office)) return;
            if (e.type == "referral.given") {
                ++referrals[{site_id, Text(e.payload, "partner_id").value_or(""), office}];
            } else {
                auto& h = handoffs[{site_id, office}];
                ++h.first;
                if (!Text(e.payload, "appointment_id").value_or("").empty()) ++h.second;
            }
            return;
        }
        if (e.type == "feedback.given") {
            const auto feedback = core::ReadFeedback(e);  // the reducer applied it: well-formed
            if (!feedback) return;
            const std::string day = DayText(LocalClock::DayOf(clock->Local(e.at_us)));
            if (!InPeriod(day) || !InOffice(feedback->office_id)) return;
            auto& f = feedback_by_office[{site_id, feedback->office_id}];
            ++f.answers;
            ++f.scores[static_cast<std::size_t>(feedback->score - core::kMinFeedbackScore)];
            f.score_sum += feedback->score;
            for (const auto& reason : feedback->reasons) ++feedback_reasons[{site_id, feedback->office_id, reason}];
            return;
        }
        Stop* stop = StopOf(ticket_id);
        if (!stop) return;
        if (e.type == "ticket.called" || e.type == "ticket.recalled") {
            if (!stop->first_call) stop->first_call = e.at_us;
            if (applied.call) calls.push_back({applied.call->office_id, applied.call->counter, e.at_us});
        } else if (e.type == "ticket.started") {
            stop->started = e.at_us;
        } else if (e.type == "ticket.returned" || e.type == "ticket.unparked") {
            stop->started = 0;  // the reducer counts a later start afresh; so do we
        } else if (e.type == "ticket.no_show") {
            stop->end = End::kNoShow;
            stop->finished = e.at_us;
        } else if (e.type == "ticket.finished" || e.type == "ticket.transferred") {
            const bool transfer = e.type == "ticket.transferred";
            stop->end = transfer ? End::kTransferred : End::kDone;
            stop->finished = e.at_us;
            const std::string from_office = stop->office_id;
            const bool counted = stop->counted;
            // A transfer's new stop, or the visit's next planned stop: the second ticket touched.
            if (applied.ticket_ids.size() > 1) {
                if (const core::Ticket* next = state.FindTicket(applied.ticket_ids[1])) {
                    NewStop(*next);  // invalidates `stop`
                    if (transfer && counted) ++transfers[{site_id, from_office, next->office_id}];
                }
            }
        }
    }

    std::map<std::tuple<std::string, std::string, std::string>, int> referrals;  // site, partner, office
    std::map<std::pair<std::string, std::string>, std::pair<int, int>> handoffs;  // site, office
    struct FeedbackSum {
        int answers = 0;
        long long score_sum = 0;
        std::array<int, 5> scores{};
    };
    std::map<std::pair<std::string, std::string>, FeedbackSum> feedback_by_office;  // site, office
    std::map<std::tuple<std::string, std::string, std::string>, int> feedback_reasons;  // site, office, reason
    std::map<std::tuple<std::string, std::string, std::string>, int> transfers;  // site, from, to

    // Folds what the site's stops and calls say into the report's rows.
    void CloseSite() {
        if (!active) return;
        active = false;
        // Queue figures by group.
        for (const Stop& s : stops) {
            if (!s.counted) continue;
            total.Add(s);
            by_office[{site_id, s.office_id}].Add(s);
            by_service[{site_id, s.service_id}].Add(s);
            by_day[{site_id, s.day}].Add(s);
            by_week[{site_id, s.week}].Add(s);
            char hour[16];
            std::snprintf(hour, sizeof hour, "%02d", s.hour);
            by_hour[{site_id, hour}].Add(s);
        }
        // Capacity: arrivals, counters that called, busy minutes, per office and local hour.
        std::map<std::tuple<std::string, std::string, int>, CapacityAcc> capacity;
        for (const Stop& s : stops) {
            if (!InOffice(s.office_id)) continue;
            if (s.counted) ++capacity[{s.office_id, s.day, s.hour}].arrivals;
            if (!s.started || (s.end != End::kDone && s.end != End::kTransferred)) continue;
            // Split the service into local hours: a local hour starts where the local clock
            // shows a full hour, so a daylight-saving day has 23 or 25 of them.
            for (Micros t = s.started; t < s.finished;) {
                const Micros local = clock->Local(t);
                const Micros next = std::min(s.finished, t + (kHour - (local % kHour + kHour) % kHour));
                const std::string day = DayText(LocalClock::DayOf(local));
                if (InPeriod(day)) capacity[{s.office_id, day, LocalClock::HourOf(local)}].busy += next - t;
                t = next;
            }
        }
        for (const CallSeen& c : calls) {
            if (!InOffice(c.office_id)) continue;
            const Micros local = clock->Local(c.at);
            const std::string day = DayText(LocalClock::DayOf(local));
            if (InPeriod(day)) capacity[{c.office_id, day, LocalClock::HourOf(local)}].counters.insert(c.counter);
        }
        for (const auto& [key, acc] : capacity) {
            CapacityRow row;
            row.site_id = site_id;
            std::tie(row.office_id, row.day, row.hour) = key;
            row.arrivals = acc.arrivals;
            row.open_counters = static_cast<int>(acc.counters.size());
            row.busy_minutes = Minutes(acc.busy);
            row.utilisation = row.open_counters ? row.busy_minutes / (60.0 * row.open_counters) : 0;
            report.capacity.push_back(row);
        }
        // Appointments by service and local day of their start.
        std::map<std::pair<std::string, std::string>, AppointmentRow> appointments;
        for (const auto& [id, a] : state.appointments) {
            if (a.status == core::AppointmentStatus::kRefused) continue;
            const std::string day = DayText(LocalClock::DayOf(clock->Local(a.start_us)));
            auto office = service_office.find(a.service_id);
            if (!InPeriod(day) || !InOffice(office == service_office.end() ? "" : office->second)) continue;
            AppointmentRow& row = appointments[{a.service_id, day}];
            ++row.booked;
            if (a.status == core::AppointmentStatus::kCancelled) {
                ++row.cancelled;
                auto at = cancelled_at.find(id);
                if (at != cancelled_at.end() && at->second > a.start_us - kLateCancellation) ++row.late_cancellations;
            } else if (!a.arrived_ticket.empty()) {
                ++row.arrived;
            } else if (a.end_us <= last_event) {
                ++row.no_shows;
            }
        }
        for (auto& [key, row] : appointments) {
            row.site_id = site_id;
            std::tie(row.service_id, row.day) = key;
            report.appointments.push_back(row);
        }
        // The one-stop effect: later stops against what a new ticket waited that day.
        std::map<std::pair<std::string, std::string>, std::pair<double, int>> fresh;  // (office, day) -> sum, n
        for (const Stop& s : stops)
            if (s.counted && s.stop_index == 0 && s.first_call) {
                auto& f = fresh[{s.office_id, s.day}];
                f.first += Minutes(s.first_call - s.created_at);
                ++f.second;
            }
        std::map<std::string, std::pair<OneStopRow, std::vector<double>>> one_stop;
        std::map<std::string, double> fresh_sum;
        for (const Stop& s : stops) {
            if (!s.counted || s.stop_index == 0) continue;
            auto& [row, waits] = one_stop[s.office_id];
            ++row.later_stops;
            if (!s.first_call) continue;
            ++row.called;
            const double wait = Minutes(s.first_call - s.created_at);
            waits.push_back(wait);
            auto f = fresh.find({s.office_id, s.day});
            if (f == fresh.end()) continue;
            const double fresh_mean = f->second.first / f->second.second;
            ++row.compared;
            fresh_sum[s.office_id] += fresh_mean;
            row.saved_minutes += fresh_mean - wait;
            if (wait < fresh_mean) ++row.no_requeue;
        }
        for (auto& [office, entry] : one_stop) {
            auto& [row, waits] = entry;
            row.site_id = site_id;
            row.office_id = office;
            row.wait = SpreadOf(std::move(waits));
            if (row.compared) {
                row.fresh_wait_mean = fresh_sum[office] / row.compared;
                row.no_requeue_share = static_cast<double>(row.no_requeue) / row.compared;
            }
            report.one_stop.push_back(row);
        }
        // Languages per office.
        std::map<std::pair<std::string, std::string>, LanguageRow> languages;
        for (const Stop& s : stops) {
            if (!s.counted) continue;
            LanguageRow& row = languages[{s.office_id, s.lang}];
            ++row.stops;
            if (s.interpreter) ++row.interpreter;
        }
        for (auto& [key, row] : languages) {
            row.site_id = site_id;
            std::tie(row.office_id, row.lang) = key;
            report.languages.push_back(row);
        }
        // Release the fold: the next site starts afresh.
        state = core::State{};
        stop_of_ticket.clear();
        cancelled_at.clear();
        calls.clear();
        stops.clear();
        last_event = 0;
    }
};

Collector::Collector(Query query) : impl_(std::make_unique<Impl>()) {
    impl_->query = query;
    impl_->report.query = std::move(query);
}
Collector::~Collector() = default;

Status Collector::BeginSite(const std::string& site_id, const std::string& time_zone,
                            std::map<std::string, std::string> service_office) {
    impl_->CloseSite();
    auto zone = core::ValidateTimeZone(time_zone);
    if (!zone.ok()) return zone;
    if (!impl_->query.site_id.empty() && impl_->query.site_id != site_id) return {};  // not asked for
    impl_->active = true;
    impl_->site_id = site_id;
    impl_->clock = std::make_unique<LocalClock>(time_zone);
    impl_->service_office = std::move(service_office);
    impl_->report.sites.push_back(site_id);
    return {};
}

void Collector::Add(const core::Event& event) { impl_->Add(event); }

Report Collector::Finish() {
    Impl& m = *impl_;
    m.CloseSite();
    Report& r = m.report;
    r.total = m.total.Done();
    auto rows = [](auto& groups, std::vector<GroupRow>& out) {
        for (auto& [key, acc] : groups) out.push_back({key.first, key.second, acc.Done()});
    };
    rows(m.by_office, r.by_office);
    rows(m.by_service, r.by_service);
    rows(m.by_day, r.by_day);
    rows(m.by_week, r.by_week);
    rows(m.by_hour, r.by_hour);
    for (const auto& [key, n] : m.transfers)
        r.transfers.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    for (const auto& [key, n] : m.referrals)
        r.referrals.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    for (const auto& [key, n] : m.handoffs) r.handoffs.push_back({key.first, key.second, n.first, n.second});
    for (const auto& [key, f] : m.feedback_by_office) {
        r.feedback.push_back({key.first, key.second, f.answers,
                              f.answers > 0 ? double(f.score_sum) / double(f.answers) : 0.0, f.scores});
        r.feedback_recorded = r.feedback_recorded || f.answers > 0;
    }
    for (const auto& [key, n] : m.feedback_reasons)
        r.feedback_reasons.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n});
    return std::move(r);
}

}  // namespace anl::figures
