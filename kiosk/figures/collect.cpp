// The key figures from events (figures.h sections 1-3): folds each site's events with the
// core's reducer and keeps, per stop, only the times and ids the figures need.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>
#include <unordered_map>

#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/tztrans.h>
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

// A site's clock face: UTC instants to local days and hours through ICU's zone data. The
// offset found is kept with the span between the zone's transitions around it, so a fold of
// a year asks ICU about twice a year instead of once a stop.
class LocalClock {
public:
    explicit LocalClock(const std::string& time_zone)
        : zone_(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(time_zone))),
          transitions_(dynamic_cast<const icu::BasicTimeZone*>(zone_.get())) {}
    // The local time of `utc`, as microseconds since the epoch of the local calendar.
    Micros Local(Micros utc) const {
        if (utc < valid_from_ || utc >= valid_to_) Refresh(utc);
        return utc + offset_;
    }
    static int DayOf(Micros local) {
        return static_cast<int>(std::chrono::floor<std::chrono::days>(std::chrono::sys_time<std::chrono::microseconds>(
                                    std::chrono::microseconds(local)))
                                    .time_since_epoch()
                                    .count());
    }
    static int HourOf(Micros local) {
        const Micros in_day = local - Micros(DayOf(local)) * 24 * kHour;
        return static_cast<int>(in_day / kHour);
    }

private:
    void Refresh(Micros utc) const {
        const UDate at = static_cast<UDate>(utc / 1000);
        std::int32_t raw = 0, dst = 0;
        UErrorCode status = U_ZERO_ERROR;
        zone_->getOffset(at, false, raw, dst, status);
        if (U_FAILURE(status)) raw = dst = 0;
        offset_ = (static_cast<Micros>(raw) + dst) * 1000;
        valid_from_ = utc;  // without the zone's transitions: this instant only
        valid_to_ = utc + 1;
        if (!transitions_ || U_FAILURE(status)) return;
        icu::TimeZoneTransition transition;
        valid_from_ = transitions_->getPreviousTransition(at, true, transition)
                          ? static_cast<Micros>(transition.getTime()) * 1000
                          : std::numeric_limits<Micros>::min();
        valid_to_ = transitions_->getNextTransition(at, false, transition)
                        ? static_cast<Micros>(transition.getTime()) * 1000
                        : std::numeric_limits<Micros>::max();
    }

    std::unique_ptr<icu::TimeZone> zone_;
    const icu::BasicTimeZone* transitions_;  // zone_ itself, when ICU gives its transitions
    mutable Micros offset_ = 0, valid_from_ = 0, valid_to_ = 0;
};

std::chrono::sys_days SysDay(int day) { return std::chrono::sys_days(std::chrono::days(day)); }

// Day numbers to "2026-03-23" and "2026-W13", each worked out once.
class DayNames {
public:
    const std::string& Day(int day) {
        auto [it, fresh] = days_.try_emplace(day);
        if (fresh) it->second = DayText(SysDay(day));
        return it->second;
    }
    const std::string& Week(int day) {
        auto [it, fresh] = weeks_.try_emplace(day);
        if (fresh) it->second = IsoWeek(SysDay(day));
        return it->second;
    }

private:
    std::unordered_map<int, std::string> days_, weeks_;
};

enum class End { kOpen, kDone, kNoShow, kTransferred };

// What the figures keep of one stop.
struct Stop {
    std::string office_id, service_id, lang;
    int day = 0;   // local day of its ticket (days since 1970-01-01)
    int hour = 0;  // local hour of its ticket
    int stop_index = 0;
    bool appointment = false;  // the visit checked in for an appointment
    bool interpreter = false;
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

// A closed ticket is released from a fold's reducer state this long after the fold's newest
// event: by then the visit's later stops, referrals and hand-offs have been folded.
constexpr Micros kReleaseClosedAfter = 2 * 24 * kHour;

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

struct SiteFold::Impl {
    std::string site_id, time_zone;
    LocalClock clock;
    core::State state;
    std::unordered_map<std::string, std::size_t> stop_of_ticket;  // ticket id -> index in stops
    std::map<std::string, Micros> cancelled_at;                   // appointment id -> its cancellation
    struct CallSeen { std::string office_id; int counter; int day; int hour; };
    std::vector<CallSeen> calls;
    Micros last_event = 0;
    std::vector<Stop> stops;
    // Events counted by their own local day, whatever ticket they name.
    struct Referral { int day; std::string office_id, partner_id; };
    struct Handoff { int day; std::string office_id; bool with_appointment; };
    struct Feedback { int day; std::string office_id; int score; std::vector<std::string> reasons; };
    struct Transfer { std::size_t from_stop; std::string to_office; };
    std::vector<Referral> referrals;
    std::vector<Handoff> handoffs;
    std::vector<Feedback> feedback;
    std::vector<Transfer> transfers;
    Micros released_up_to = 0;  // closed tickets created before this are released

    Impl(std::string site, std::string zone) : site_id(std::move(site)), time_zone(std::move(zone)), clock(time_zone) {}

    int DayOfEvent(Micros utc) const { return LocalClock::DayOf(clock.Local(utc)); }

    void NewStop(const core::Ticket& t) {
        const core::Visit* v = state.FindVisit(t.visit_id);
        Stop s;
        s.office_id = t.office_id;
        s.service_id = t.service_id;
        s.stop_index = t.stop_index;
        s.created_at = t.created_at;
        if (v) {
            s.lang = v->lang;
            s.interpreter = v->interpreter;
            s.appointment = v->appointment_due_at != 0;
        }
        const Micros local = clock.Local(t.created_at);
        s.day = LocalClock::DayOf(local);
        s.hour = LocalClock::HourOf(local);
        stop_of_ticket[t.id] = stops.size();
        stops.push_back(std::move(s));
    }
    Stop* StopOf(const std::string& ticket_id) {
        auto it = stop_of_ticket.find(ticket_id);
        return it == stop_of_ticket.end() ? nullptr : &stops[it->second];
    }

    void Add(const core::Event& e) {
        const core::Applied applied = core::ApplyEvent(state, e);
        if (!applied.applied) return;
        last_event = std::max(last_event, e.at_us);
        const std::string ticket_id = Text(e.payload, "ticket_id").value_or("");
        if (e.type == "ticket.issued") {
            if (const core::Ticket* t = state.FindTicket(ticket_id)) NewStop(*t);
            ReleaseClosedTickets();
            return;
        }
        if (e.type == "appointment.cancelled") {
            for (const auto& id : applied.appointment_ids) cancelled_at[id] = e.at_us;
            return;
        }
        if (e.type == "referral.given") {
            referrals.push_back({DayOfEvent(e.at_us), Text(e.payload, "office_id").value_or(""),
                                 Text(e.payload, "partner_id").value_or("")});
            return;
        }
        if (e.type == "handoff.given") {
            handoffs.push_back({DayOfEvent(e.at_us), Text(e.payload, "office_id").value_or(""),
                                !Text(e.payload, "appointment_id").value_or("").empty()});
            return;
        }
        if (e.type == "feedback.given") {
            const auto given = core::ReadFeedback(e);  // the reducer applied it: well-formed
            if (given) feedback.push_back({DayOfEvent(e.at_us), given->office_id, given->score, given->reasons});
            return;
        }
        Stop* stop = StopOf(ticket_id);
        if (!stop) return;
        if (e.type == "ticket.called" || e.type == "ticket.recalled") {
            if (!stop->first_call) stop->first_call = e.at_us;
            if (applied.call) {
                const Micros local = clock.Local(e.at_us);
                calls.push_back({applied.call->office_id, applied.call->counter, LocalClock::DayOf(local),
                                 LocalClock::HourOf(local)});
            }
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
            const std::size_t from = stop_of_ticket[ticket_id];
            // A transfer's new stop, or the visit's next planned stop: the second ticket touched.
            if (applied.ticket_ids.size() > 1) {
                if (const core::Ticket* next = state.FindTicket(applied.ticket_ids[1])) {
                    NewStop(*next);  // invalidates `stop`
                    if (transfer) transfers.push_back({from, next->office_id});
                }
            }
        }
    }

    // Once a day of events: closed tickets older than kReleaseClosedAfter, and visits left
    // without a ticket, leave the reducer state (their stops stay). An event naming one later
    // is skipped as it would have been anyway: a closed ticket accepts nothing.
    void ReleaseClosedTickets() {
        const Micros before = last_event - kReleaseClosedAfter;
        if (before < released_up_to + 24 * kHour) return;
        released_up_to = before;
        std::set<std::string> visits_touched;
        for (auto it = state.tickets.begin(); it != state.tickets.end();) {
            if (core::IsFinal(it->second.state) && it->second.created_at < before) {
                visits_touched.insert(it->second.visit_id);
                stop_of_ticket.erase(it->first);
                it = state.tickets.erase(it);
            } else {
                ++it;
            }
        }
        for (const auto& visit_id : visits_touched) {
            auto v = state.visits.find(visit_id);
            if (v == state.visits.end()) continue;
            const bool open = std::any_of(v->second.ticket_ids.begin(), v->second.ticket_ids.end(),
                                          [&](const std::string& id) { return state.tickets.count(id) > 0; });
            if (open) continue;
            state.visit_by_number.erase({v->second.service_day, v->second.display});
            state.visits.erase(v);
        }
    }
};

SiteFold::SiteFold(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SiteFold::~SiteFold() = default;

Result<std::unique_ptr<SiteFold>> SiteFold::Begin(const std::string& site_id, const std::string& time_zone) {
    if (auto zone = core::ValidateTimeZone(time_zone); !zone.ok()) return zone.error();
    return std::unique_ptr<SiteFold>(new SiteFold(std::make_unique<Impl>(site_id, time_zone)));
}
void SiteFold::Add(const core::Event& event) { impl_->Add(event); }
const std::string& SiteFold::site_id() const { return impl_->site_id; }
const std::string& SiteFold::time_zone() const { return impl_->time_zone; }
std::size_t SiteFold::stops() const { return impl_->stops.size(); }
std::size_t SiteFold::tickets_in_state() const { return impl_->state.tickets.size(); }

struct Collector::Impl {
    Query query;
    Report report;
    int from_day = 0, to_day = -1;  // the period as day numbers (none when the query is not valid)
    DayNames names;
    // The site being fed through BeginSite and Add.
    std::unique_ptr<SiteFold> current;
    std::map<std::string, std::string> current_service_office;

    // Accumulated over every site.
    Acc total;
    std::map<std::pair<std::string, std::string>, Acc> by_office, by_service, by_day, by_week, by_hour;
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

    bool InPeriod(int day) const { return day >= from_day && day <= to_day; }
    bool InOffice(const std::string& office) const { return query.office_id.empty() || office == query.office_id; }
    bool Counted(const Stop& s) const { return InPeriod(s.day) && InOffice(s.office_id); }

    void CloseCurrent() {
        if (!current) return;
        Summarise(*current->impl_, current_service_office);
        current.reset();
    }

    // Adds what a site's fold says to the report's rows.
    void Summarise(const SiteFold::Impl& f, const std::map<std::string, std::string>& service_office) {
        const std::string& site_id = f.site_id;
        report.sites.push_back(site_id);
        // Queue figures by group.
        for (const Stop& s : f.stops) {
            if (!Counted(s)) continue;
            total.Add(s);
            by_office[{site_id, s.office_id}].Add(s);
            by_service[{site_id, s.service_id}].Add(s);
            by_day[{site_id, names.Day(s.day)}].Add(s);
            by_week[{site_id, names.Week(s.day)}].Add(s);
            char hour[16];
            std::snprintf(hour, sizeof hour, "%02d", s.hour);
            by_hour[{site_id, hour}].Add(s);
        }
        // Capacity: arrivals, counters that called, busy minutes, per office and local hour.
        std::map<std::tuple<std::string, int, int>, CapacityAcc> capacity;
        for (const Stop& s : f.stops) {
            if (!InOffice(s.office_id)) continue;
            if (InPeriod(s.day)) ++capacity[{s.office_id, s.day, s.hour}].arrivals;
            if (!s.started || (s.end != End::kDone && s.end != End::kTransferred)) continue;
            // Split the service into local hours: a local hour starts where the local clock
            // shows a full hour, so a daylight-saving day has 23 or 25 of them.
            for (Micros t = s.started; t < s.finished;) {
                const Micros local = f.clock.Local(t);
                const Micros next = std::min(s.finished, t + (kHour - (local % kHour + kHour) % kHour));
                const int day = LocalClock::DayOf(local);
                if (InPeriod(day)) capacity[{s.office_id, day, LocalClock::HourOf(local)}].busy += next - t;
                t = next;
            }
        }
        for (const auto& c : f.calls)
            if (InOffice(c.office_id) && InPeriod(c.day)) capacity[{c.office_id, c.day, c.hour}].counters.insert(c.counter);
        for (const auto& [key, acc] : capacity) {
            CapacityRow row;
            row.site_id = site_id;
            row.office_id = std::get<0>(key);
            row.day = names.Day(std::get<1>(key));
            row.hour = std::get<2>(key);
            row.arrivals = acc.arrivals;
            row.open_counters = static_cast<int>(acc.counters.size());
            row.busy_minutes = Minutes(acc.busy);
            row.utilisation = row.open_counters ? row.busy_minutes / (60.0 * row.open_counters) : 0;
            report.capacity.push_back(row);
        }
        // Appointments by service and local day of their start.
        std::map<std::pair<std::string, int>, AppointmentRow> appointments;
        for (const auto& [id, a] : f.state.appointments) {
            if (a.status == core::AppointmentStatus::kRefused) continue;
            const int day = LocalClock::DayOf(f.clock.Local(a.start_us));
            auto office = service_office.find(a.service_id);
            if (!InPeriod(day) || !InOffice(office == service_office.end() ? "" : office->second)) continue;
            AppointmentRow& row = appointments[{a.service_id, day}];
            ++row.booked;
            if (a.status == core::AppointmentStatus::kCancelled) {
                ++row.cancelled;
                auto at = f.cancelled_at.find(id);
                if (at != f.cancelled_at.end() && at->second > a.start_us - kLateCancellation) ++row.late_cancellations;
            } else if (!a.arrived_ticket.empty()) {
                ++row.arrived;
            } else if (a.end_us <= f.last_event) {
                ++row.no_shows;
            }
        }
        for (auto& [key, row] : appointments) {
            row.site_id = site_id;
            row.service_id = key.first;
            row.day = names.Day(key.second);
            report.appointments.push_back(row);
        }
        // Transfers out of a counted stop.
        for (const auto& t : f.transfers) {
            const Stop& from = f.stops[t.from_stop];
            if (Counted(from)) ++transfers[{site_id, from.office_id, t.to_office}];
        }
        // The one-stop effect: later stops against what a new ticket waited that day.
        std::map<std::pair<std::string, int>, std::pair<double, int>> fresh;  // (office, day) -> sum, n
        for (const Stop& s : f.stops)
            if (Counted(s) && s.stop_index == 0 && s.first_call) {
                auto& fr = fresh[{s.office_id, s.day}];
                fr.first += Minutes(s.first_call - s.created_at);
                ++fr.second;
            }
        std::map<std::string, std::pair<OneStopRow, std::vector<double>>> one_stop;
        std::map<std::string, double> fresh_sum;
        for (const Stop& s : f.stops) {
            if (!Counted(s) || s.stop_index == 0) continue;
            auto& [row, waits] = one_stop[s.office_id];
            ++row.later_stops;
            if (!s.first_call) continue;
            ++row.called;
            const double wait = Minutes(s.first_call - s.created_at);
            waits.push_back(wait);
            auto fr = fresh.find({s.office_id, s.day});
            if (fr == fresh.end()) continue;
            const double fresh_mean = fr->second.first / fr->second.second;
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
        for (const Stop& s : f.stops) {
            if (!Counted(s)) continue;
            LanguageRow& row = languages[{s.office_id, s.lang}];
            ++row.stops;
            if (s.interpreter) ++row.interpreter;
        }
        for (auto& [key, row] : languages) {
            row.site_id = site_id;
            std::tie(row.office_id, row.lang) = key;
            report.languages.push_back(row);
        }
        // Referrals, hand-offs and feedback by their own day and office.
        for (const auto& r : f.referrals)
            if (InPeriod(r.day) && InOffice(r.office_id)) ++referrals[{site_id, r.partner_id, r.office_id}];
        for (const auto& h : f.handoffs) {
            if (!InPeriod(h.day) || !InOffice(h.office_id)) continue;
            auto& n = handoffs[{site_id, h.office_id}];
            ++n.first;
            if (h.with_appointment) ++n.second;
        }
        for (const auto& given : f.feedback) {
            if (!InPeriod(given.day) || !InOffice(given.office_id)) continue;
            auto& sum = feedback_by_office[{site_id, given.office_id}];
            ++sum.answers;
            ++sum.scores[static_cast<std::size_t>(given.score - core::kMinFeedbackScore)];
            sum.score_sum += given.score;
            for (const auto& reason : given.reasons) ++feedback_reasons[{site_id, given.office_id, reason}];
        }
    }
};

Collector::Collector(Query query) : impl_(std::make_unique<Impl>()) {
    if (auto from = ParseDay(query.from_day), to = ParseDay(query.to_day); from && to) {
        impl_->from_day = static_cast<int>(from->time_since_epoch().count());
        impl_->to_day = static_cast<int>(to->time_since_epoch().count());
    }
    impl_->query = query;
    impl_->report.query = std::move(query);
}
Collector::~Collector() = default;

Status Collector::BeginSite(const std::string& site_id, const std::string& time_zone,
                            std::map<std::string, std::string> service_office) {
    impl_->CloseCurrent();
    auto zone = core::ValidateTimeZone(time_zone);
    if (!zone.ok()) return zone;
    if (!impl_->query.site_id.empty() && impl_->query.site_id != site_id) return {};  // not asked for
    auto fold = SiteFold::Begin(site_id, time_zone);
    if (!fold.ok()) return fold.error();
    impl_->current = std::move(fold).value();
    impl_->current_service_office = std::move(service_office);
    return {};
}

void Collector::Add(const core::Event& event) {
    if (impl_->current) impl_->current->Add(event);
}

void Collector::AddSite(const SiteFold& fold, const std::map<std::string, std::string>& service_office) {
    impl_->CloseCurrent();
    if (!impl_->query.site_id.empty() && impl_->query.site_id != fold.site_id()) return;  // not asked for
    impl_->Summarise(*fold.impl_, service_office);
}

Report Collector::Finish() {
    Impl& m = *impl_;
    m.CloseCurrent();
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
