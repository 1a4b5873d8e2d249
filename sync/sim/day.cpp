// A site's day from one command: visitors arrive at kiosks, desks call, serve, send on and mark
// no-shows, appointments are kept or missed, links go down and a kiosk loses power, and every
// terminal syncs with the real client over HTTP on loopback to an in-process central service.
// The clock is fake (20 s a step), so a day of 1,500 visitors takes a minute or so, not a day.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "sync/central/central_store.h"
#include "sync/central/escrow.h"
#include "sync/central/server.h"
#include "sync/central/service.h"
#include "sync/client/escrow.h"
#include "sync/sim/sim.h"

namespace anl::sync::sim {

DaySize BusyDay() { return {4, 12, 1500}; }
DaySize SmallDay() { return {1, 3, 120}; }

namespace {

constexpr const char* kZone = "Europe/Berlin";
constexpr const char* kAdminToken = "simulate-admin-token-0123456789";
// Tuesday 2026-12-01, 07:30 in Berlin (06:30 UTC): the abh office gives appointments in the
// morning and, on Tuesdays, in the afternoon too. Doors open at 08:00.
constexpr Micros kMorning = 1'796'106'600LL * kMicrosPerSecond;
constexpr Micros kOpening = kMorning + 30 * kMicrosPerMinute;
constexpr Micros kLastWalkIn = kOpening + (7 * 60 + 30) * kMicrosPerMinute;  // 15:30
constexpr Micros kGiveUp = kOpening + 13 * 60 * kMicrosPerMinute;            // 21:00: the day is stuck
constexpr Micros kStep = 20 * kMicrosPerSecond;
constexpr Micros Minutes(double m) { return static_cast<Micros>(m * kMicrosPerMinute); }

// The language mix of a city's reception centre for newcomers (weights in per cent; the
// order of a typical German reception centre in 2025/26: Arabic and Ukrainian first, then
// Dari, Turkish, German-speaking visitors, Russian ...). docs/ctl.md lists the same table.
struct LanguageShare {
    const char* code;
    double percent;
};
constexpr LanguageShare kLanguages[] = {{"ar", 22}, {"uk", 16}, {"fa-AF", 14}, {"tr", 10}, {"de", 10},
                                        {"ru", 7},  {"ps", 5},  {"ti", 4},     {"so", 3},  {"kmr", 3},
                                        {"ckb", 2}, {"ro", 2},  {"fr", 1},     {"en", 1}};
// Walk-ins per office (the demo catalogue's three) and arrivals per opening hour (08-15):
// the morning peak of a public office.
const std::vector<double> kOfficeShare = {50, 32, 18};  // abh, fsa, int
const std::vector<double> kHourShare = {18, 17, 15, 11, 9, 12, 11, 7};

struct Visitor {
    Micros arrives = 0;
    std::string lang;
    std::string service;                 // the first stop
    std::vector<std::string> next;       // planned further stops (one visit, several offices)
    bool interpreter = false;
    bool leaves = false;                 // gone before the first call: a no-show
    std::string transfer_to;             // the first desk sends them on to this service
    std::string reference;               // an appointment's printed reference
    bool books_later = false;            // books an appointment for another day at the kiosk
    bool missed_appointment = false;     // booked, never comes
    Micros slot_start = 0;
    int slot_minutes = 0;
};

// A terminal: its real store, journal and sync engine, on a link that can be pulled.
struct Terminal {
    std::string id;
    Role role = Role::kKiosk;
    int slot = 0;
    std::filesystem::path db;
    std::unique_ptr<Transport> http;
    std::unique_ptr<FaultyTransport> link;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Journal> journal;
    std::unique_ptr<SyncEngine> engine;
    bool wrote = false;       // a local write since the last round
    std::int64_t seen_pushes = -1;  // the site's pushes (Site::pushes_) when this terminal last synced
    Micros down_until = 0;    // after a power cut: off until then

    Status Open(const Clock& clock) {
        auto s = store::Store::Open(db, clock);
        if (!s.ok()) return s.error();
        store = std::move(s.value());
        if (auto ok = store->CheckIntegrity(); !ok) return ok;
        auto j = Journal::Load(db);
        if (!j.ok()) return j.error();
        journal = std::make_unique<Journal>(std::move(j.value()));
        engine = std::make_unique<SyncEngine>(*store, *journal, *link, clock);
        return {};
    }
    void Close() {
        engine.reset();
        journal.reset();
        store.reset();
    }
};

struct Desk {
    std::size_t terminal = 0;
    std::string office;
    int counter = 0;
    std::string staff;
    enum class Phase { kIdle, kCalled, kServing } phase = Phase::kIdle;
    std::string ticket;
    int visitor = -1;
    int calls = 0;
    Micros next_at = 0;
    Micros break_from = 0, break_to = 0;
};

Micros Exponential(Dice& dice, double mean_seconds) {
    return static_cast<Micros>(-std::log(1.0 - dice.Roll() * 0.999) * mean_seconds * kMicrosPerSecond);
}

void Add(std::vector<double>& v, Micros from, Micros to) {
    if (from > 0 && to >= from) v.push_back(static_cast<double>(to - from) / kMicrosPerMinute);
}

Percentiles PercentilesOf(std::vector<double> v) {
    Percentiles p;
    p.count = static_cast<std::int64_t>(v.size());
    if (v.empty()) return p;
    std::sort(v.begin(), v.end());
    auto at = [&](double q) { return v[static_cast<std::size_t>(std::floor(q * static_cast<double>(v.size() - 1)))]; };
    p.p50 = at(0.5);
    p.p90 = at(0.9);
    return p;
}

// One site: its terminals, visitors and desks, stepped by the day.
class Site {
public:
    Site(int index, const DayOptions& options, const catalogue::Catalogue& catalogue, const Clock& clock,
         const std::string& url, DayReport& report)
        : id_("site-" + std::to_string(index + 1)),
          options_(options),
          catalogue_(catalogue),
          clock_(clock),
          url_(url),
          report_(report),
          dice_(options.seed * 1000 + static_cast<std::uint64_t>(index)) {}

    const std::string& id() const { return id_; }

    Status SetUp() {
        const auto dir = options_.work_dir / id_;
        std::filesystem::create_directories(dir);
        const DaySize& size = options_.size;
        const std::vector<std::string> offices = {"abh", "fsa", "int"};
        for (int k = 0; k < size.kiosks; ++k) AddTerminal("kiosk-" + std::to_string(k + 1), Role::kKiosk);
        // Desks by the offices' loads: abh takes about 47 % of a day's stops, fsa 32 % (second
        // stops and transfers go there), int 21 %, each the same time at the counter. Each
        // desk beyond the first of every office goes where a desk carries the most weight
        // (5 : 4 : 3), so 12 desks are 5, 4 and 3 and the busiest office's load per desk is
        // lowest (6, 3, 3 left fsa's desks 190 stops each and the day ran until 20:30).
        const std::vector<double> weight = {5, 4, 3};
        std::vector<int> per_office = {1, 1, 1};
        for (int d = 3; d < size.desks; ++d) {
            std::size_t busiest = 0;
            for (std::size_t o = 1; o < per_office.size(); ++o)
                if (weight[o] / per_office[o] > weight[busiest] / per_office[busiest]) busiest = o;
            ++per_office[busiest];
        }
        int counter = 0;
        for (std::size_t o = 0; o < offices.size(); ++o)
            for (int n = 0; n < per_office[o] && counter < size.desks; ++n) {
                Desk desk;
                desk.terminal = terminals_.size();
                desk.office = offices[o];
                desk.counter = ++counter;
                desk.staff = "s" + std::to_string(100 + counter);
                // Half an hour's lunch break between 11:30 and 13:30, staggered.
                desk.break_from = kOpening + Minutes(210 + dice_.Between(0, 90));
                desk.break_to = desk.break_from + Minutes(30);
                desks_.push_back(desk);
                AddTerminal("desk-" + std::to_string(counter), Role::kDesk);
            }
        for (std::size_t i = 0; i < terminals_.size(); ++i)
            if (auto ok = Enrol(dir, terminals_[i], static_cast<int>(i)); !ok) return ok;
        return {};
    }

    // Before opening: the day's appointments, booked online from the first kiosk, and the
    // day's walk-ins with their languages, services, plans and fates.
    Status PlanVisitors() {
        Terminal& booking = terminals_.front();
        const std::string today = core::LocalDayAfter(clock_.NowUtcMicros(), 0, kZone);
        report_.day = today;
        std::vector<core::Slot> slots;
        for (const auto& service : catalogue_.services) {
            if (!service.needs_appointment) continue;
            auto day = core::DeriveSlots(catalogue_, id_, service.id, today, kZone);
            if (!day.ok()) return day.error();
            for (const auto& s : *day) slots.push_back(s);
        }
        const int want = std::min<int>(static_cast<int>(slots.size() * 2 / 5), options_.size.visitors / 20);
        int booked = 0;
        for (std::size_t i = 0; i < slots.size() && booked < want; ++i) {
            if (!dice_.Chance(0.5)) continue;
            const core::Slot& s = slots[i];
            Visitor v;
            v.lang = Language();
            v.service = s.service_id;
            auto made = BookOnline(*booking.store, *booking.journal, *booking.link, core::BookAppointment{s.id, v.lang});
            // A lost request, or a slot another terminal holds in its escrow: the visitor takes the next.
            if (!made.ok()) continue;
            v.reference = made->reference;
            v.slot_start = s.start_us;
            v.slot_minutes = static_cast<int>((s.end_us - s.start_us) / kMicrosPerMinute);
            v.arrives = s.start_us - Minutes(static_cast<double>(dice_.Between(0, 20)));
            v.missed_appointment = dice_.Chance(0.1);
            if (v.missed_appointment) ++report_.appointments_missed;
            ++booked;
            Admit(std::move(v));
        }
        report_.appointments_booked += booked;
        // Walk-ins.
        std::vector<std::vector<std::string>> walk_in(3);
        const std::vector<std::string> offices = {"abh", "fsa", "int"};
        for (const auto& service : catalogue_.services)
            for (std::size_t o = 0; o < offices.size(); ++o)
                if (service.office_id == offices[o] && !service.needs_appointment) walk_in[o].push_back(service.id);
        for (const auto& list : walk_in)
            if (list.empty()) return MakeError(ErrorCode::kInvalidInput, "The catalogue needs walk-in services at abh, fsa and int.");
        const int walk_ins = options_.size.visitors - booked;
        for (int n = 0; n < walk_ins; ++n) {
            Visitor v;
            const std::size_t hour = dice_.Weighted(kHourShare);
            const Micros span = hour + 1 == kHourShare.size() ? 30 : 60;
            v.arrives = kOpening + Minutes(60.0 * static_cast<double>(hour)) + dice_.Between(0, span * kMicrosPerMinute - 1);
            v.lang = Language();
            v.interpreter = v.lang != "de" && dice_.Chance(0.08);
            const std::size_t office = dice_.Weighted(kOfficeShare);
            v.service = walk_in[office][dice_.Pick(walk_in[office].size())];
            const std::size_t other = (office + 1 + dice_.Pick(2)) % 3;
            if (dice_.Chance(0.12)) v.next.push_back(walk_in[other][dice_.Pick(walk_in[other].size())]);
            else if (dice_.Chance(0.07)) v.transfer_to = walk_in[other][dice_.Pick(walk_in[other].size())];
            v.leaves = dice_.Chance(0.04);
            v.books_later = dice_.Chance(0.02);
            Admit(std::move(v));
        }
        return {};
    }

    // Every terminal syncs until nothing moves (before opening, and when the network heals).
    Status Settle() {
        for (int pass = 0; pass < 3; ++pass)
            for (auto& t : terminals_) {
                if (!t.store) continue;
                // A request lost on the way is retried, as the sync worker's back-off would.
                auto round = Round(t);
                for (int retry = 0; !round.ok() && round.error().code == ErrorCode::kNetwork && retry < 10; ++retry)
                    round = Round(t);
                if (!round.ok()) return MakeError(round.error().code, t.id + " of " + id_ + " could not sync: " + round.error().message);
            }
        return {};
    }

    // Kiosks take slots into their escrow for bookings while offline.
    void RenewEscrows() {
        for (auto& t : terminals_)
            if (t.role == Role::kKiosk && t.store && !t.link->offline)
                (void)RenewEscrow(*t.store, *t.journal, *t.link);
    }

    // The day's incidents: two links down for 30 minutes (a desk's at 10:00, a kiosk's at
    // 13:30), and the last kiosk's power cut at 11:20.
    void ScheduleIncidents() {
        outages_ = {{kOpening + Minutes(120), desks_.front().terminal},
                    {kOpening + Minutes(330), options_.size.kiosks > 1 ? std::size_t{1} : std::size_t{0}}};
        power_cut_at_ = kOpening + Minutes(200);
    }

    // One step of 20 seconds.
    Status Step(Micros now) {
        for (const auto& [at, terminal] : outages_) {
            if (now >= at && now < at + kStep && !terminals_[terminal].link->offline) {
                terminals_[terminal].link->offline = true;
                ++report_.outages;
            }
            if (now >= at + Minutes(30) && now < at + Minutes(30) + kStep) terminals_[terminal].link->offline = false;
        }
        if (power_cut_at_ && now >= power_cut_at_) {
            power_cut_at_ = 0;
            if (auto ok = PowerCut(now); !ok) return ok;
        }
        for (auto& t : terminals_)
            if (!t.store && t.down_until && now >= t.down_until) {
                if (auto ok = t.Open(clock_); !ok) return MakeError(ok.error().code, t.id + " did not come back after its power cut: " + ok.error().message);
                t.down_until = 0;
                AdoptVisitsIssuedInTheDark(t);
            }
        while (!arrivals_.empty() && arrivals_.begin()->first <= now) {
            const int v = arrivals_.begin()->second;
            arrivals_.erase(arrivals_.begin());
            if (auto ok = Arrive(v, now); !ok) return ok;
        }
        // A desk's long-poll hands it its colleagues' calls as they happen, so it acts on the
        // queue as it stands: it syncs before it acts when anyone pushed since its last round,
        // and at once after it wrote (its worker is nudged). Without the first, every desk of
        // a 20-second step called the same visitor and all but one were turned down.
        for (auto& desk : desks_) {
            Terminal& t = terminals_[desk.terminal];
            if (t.store && !t.link->offline && t.seen_pushes != pushes_) (void)Round(t);
            if (auto ok = Work(desk, now); !ok) return ok;
            if (t.store && t.wrote) (void)Round(t);
        }
        // Sync: a kiosk that wrote syncs at once; the others' long polls are answered within
        // the minute; a desk whose link was down, or that missed a push, catches up.
        ++step_;
        for (std::size_t i = 0; i < terminals_.size(); ++i) {
            Terminal& t = terminals_[i];
            const bool desk_behind = t.role == Role::kDesk && t.seen_pushes != pushes_;
            if (!t.store || !(t.wrote || (step_ + i) % 3 == 0 || desk_behind)) continue;
            (void)Round(t);
        }
        if ((step_ % 180) == 0) RenewEscrows();  // every hour
        return {};
    }

    // The day is over when nobody is left to come or to serve and every event is at the central.
    bool Done() const {
        if (!arrivals_.empty() || power_cut_at_) return false;
        for (const auto& t : terminals_) {
            if (!t.store || t.link->offline) return false;
            if (auto pending = t.store->PendingCount(); !pending.ok() || *pending != 0) return false;
        }
        for (const auto& desk : desks_) {
            if (desk.phase != Desk::Phase::kIdle) return false;
            for (const auto& [id, ticket] : terminals_[desk.terminal].store->state().tickets)
                if (ticket.office_id == desk.office && !core::IsFinal(ticket.state)) return false;
        }
        return true;
    }

    // The network heals: every link comes back, without faults; a kiosk still dark comes on.
    Status Heal() {
        for (auto& t : terminals_) {
            t.link->offline = false;
            t.link->set_rates({});
            t.link->Flush();
            if (!t.store)
                if (auto ok = t.Open(clock_); !ok) return ok;
        }
        return Settle();
    }

    void CloseTerminals() {
        for (auto& t : terminals_) t.Close();
    }

    // What the terminals hold, for the checker (the central's order is added by the caller).
    Result<SiteRecord> Record() {
        SiteRecord record;
        record.site = id_;
        for (auto& t : terminals_) {
            TerminalRecord r;
            r.id = t.id;
            r.role = t.role;
            auto local = t.store->ListEvents(0, 10'000'000);
            if (!local.ok()) return local.error();
            for (const auto& e : *local) r.local.push_back({e.event.device_id, e.event.seq});
            auto own = t.store->ReadOutbox(0, 10'000'000);
            if (!own.ok()) return own.error();
            for (const auto& e : *own) r.own.insert({e.device_id, e.seq});
            auto refused = t.store->RefusedEvents();
            if (!refused.ok()) return refused.error();
            for (const auto& e : *refused) r.refused.insert({e.event.device_id, e.event.seq});
            auto pending = t.store->PendingCount();
            if (!pending.ok()) return pending.error();
            r.pending = *pending;
            r.state = t.store->state();
            record.terminals.push_back(std::move(r));
        }
        return record;
    }

    std::int64_t visitors() const { return static_cast<std::int64_t>(visitors_.size()); }
    std::int64_t http_requests() const {
        std::int64_t n = 0;
        for (const auto& t : terminals_) n += t.link->counts.sent;
        return n;
    }
    std::string Progress(Micros now) const {
        std::int64_t waiting = 0;
        if (!desks_.empty())
            for (const auto& [id, t] : terminals_[desks_.front().terminal].store->state().tickets)
                waiting += t.state == core::TicketState::kWaiting ? 1 : 0;
        return core::LocalDateTime(now, kZone) + " " + id_ + ": " + std::to_string(arrived_) + " of " +
               std::to_string(visitors_.size()) + " visitors arrived, " + std::to_string(waiting) + " waiting (as " +
               terminals_[desks_.front().terminal].id + " sees it)";
    }

private:
    void AddTerminal(const std::string& name, Role role) {
        Terminal t;
        t.id = name;
        t.role = role;
        terminals_.push_back(std::move(t));
    }

    Status Enrol(const std::filesystem::path& dir, Terminal& t, int slot) {
        t.slot = slot;
        t.db = dir / (t.id + ".db");
        t.http = MakeCurlTransport(url_);
        // A city network: now and then a request or its answer is lost, or arrives twice.
        t.link = std::make_unique<FaultyTransport>(*t.http, options_.seed * 7919 + std::hash<std::string>{}(id_ + t.id),
                                                   FaultRates{0.005, 0.005, 0.005, 0, 0, 0});
        {
            auto s = store::Store::Open(t.db, clock_);
            if (!s.ok()) return s.error();
            store::SiteSettings settings;
            settings.site_id = id_;
            settings.rules.device_slots = kDeviceSlots;
            if (auto ok = s.value()->Initialise(settings, catalogue_, core::Device{t.id, id_, slot, t.role}); !ok) return ok;
        }
        auto added = AdminAddDevice(*t.http, kAdminToken, DeviceAdd{id_, t.role, ""});
        if (!added.ok()) return added.error();
        if (auto enrolled = EnrollTerminal(t.db, url_, added->enrol_code, *t.http); !enrolled.ok()) return enrolled.error();
        return t.Open(clock_);
    }

public:
    static constexpr int kDeviceSlots = 20;  // 4 kiosks and 12 desks each hold a slot

private:
    std::string Language() {
        static const std::vector<double> weights = [] {
            std::vector<double> w;
            for (const auto& l : kLanguages) w.push_back(l.percent);
            return w;
        }();
        return kLanguages[dice_.Weighted(weights)].code;
    }

    void Admit(Visitor v) {
        const int index = static_cast<int>(visitors_.size());
        if (!v.missed_appointment) arrivals_.emplace(v.arrives, index);
        visitors_.push_back(std::move(v));
    }

    Result<sync::RoundSummary> Round(Terminal& t) {
        auto r = t.engine->RunRound(0);
        ++report_.sync_rounds;
        if (!r.ok()) {
            ++report_.failed_rounds;
            return r;
        }
        t.wrote = false;
        if (r->pushed > 0) ++pushes_;
        t.seen_pushes = pushes_;
        for (const auto& rejected : r->newly_rejected)
            if (rejected.type.rfind("ticket.", 0) == 0) ++report_.calls_turned_down;
        return r;
    }

    // A kiosk that is on, chosen at random (the visitor walks to the nearest free one).
    Terminal* AnyKiosk() {
        std::vector<std::size_t> on;
        for (int k = 0; k < options_.size.kiosks; ++k)
            if (terminals_[static_cast<std::size_t>(k)].store) on.push_back(static_cast<std::size_t>(k));
        if (on.empty()) return nullptr;
        return &terminals_[on[dice_.Pick(on.size())]];
    }

    Status Arrive(int index, Micros now) {
        Terminal* kiosk = AnyKiosk();
        if (!kiosk) {  // every kiosk is dark: the visitor waits by the door
            arrivals_.emplace(now + Minutes(2), index);
            return {};
        }
        Visitor& v = visitors_[static_cast<std::size_t>(index)];
        std::string ticket;
        if (!v.reference.empty()) {
            auto checked = kiosk->store->CheckInAppointment(v.reference);
            if (!checked.ok()) return MakeError(checked.error().code, "A check-in failed at " + kiosk->id + ": " + checked.error().message);
            if (checked->verdict.reason == core::kCheckInEarly) {
                arrivals_.emplace(checked->verdict.come_back_from, index);
                return {};
            }
            if (checked->verdict.reason != core::kCheckInOnTime)
                return MakeError(ErrorCode::kRejected, "An appointment's check-in at " + kiosk->id + " came to \"" +
                                                           checked->verdict.reason + "\", not on time.");
            ticket = checked->ticket_id;
            ++report_.appointments_checked_in;
        } else {
            core::IssueTicket issue;
            issue.service_id = v.service;
            issue.lang = v.lang;
            issue.interpreter = v.interpreter;
            issue.next_service_ids = v.next;
            auto issued = kiosk->store->Execute(issue);
            if (!issued.ok()) return MakeError(issued.error().code, "A ticket could not be issued at " + kiosk->id + ": " + issued.error().message);
            ticket = issued->ticket_ids.front();
            if (v.books_later) BookLater(*kiosk, v);
        }
        kiosk->wrote = true;
        ++arrived_;
        visitor_of_visit_[kiosk->store->state().FindTicket(ticket)->visit_id] = index;
        return {};
    }

    // A visitor books an appointment for another day: online when the link is up, else from the
    // kiosk's escrow (the slots the central gave it for exactly this).
    void BookLater(Terminal& kiosk, const Visitor& v) {
        if (kiosk.link->offline) {
            auto escrow = kiosk.store->Escrow();
            if (escrow.ok() && !escrow->empty() &&
                kiosk.store->BookAppointment(core::BookAppointment{(*escrow)[dice_.Pick(escrow->size())].slot_id, v.lang}).ok()) {
                ++report_.future_bookings;
                ++report_.future_bookings_offline;
            }
            return;
        }
        std::vector<std::string> services;
        for (const auto& s : catalogue_.services)
            if (s.needs_appointment) services.push_back(s.id);
        const std::string service = services[dice_.Pick(services.size())];
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::string day = core::LocalDayAfter(clock_.NowUtcMicros(), 1 + static_cast<int>(dice_.Pick(10)), kZone);
            auto slots = core::DeriveSlots(catalogue_, id_, service, day, kZone);
            if (!slots.ok() || slots->empty()) continue;
            const auto& slot = (*slots)[dice_.Pick(slots->size())];
            if (BookOnline(*kiosk.store, *kiosk.journal, *kiosk.link, core::BookAppointment{slot.id, v.lang}).ok()) {
                ++report_.future_bookings;
                return;
            }
        }
    }

    // A desk's step: call the next visitor, start, serve, send on or finish, or mark a no-show.
    Status Work(Desk& desk, Micros now) {
        Terminal& t = terminals_[desk.terminal];
        if (desk.phase != Desk::Phase::kIdle) {
            // The central's order may have given the visitor to another desk: this one is told
            // (the ticket is no longer called by it) and calls the next.
            const core::Ticket* ticket = t.store->state().FindTicket(desk.ticket);
            if (!ticket || ticket->called_by != t.id || core::IsFinal(ticket->state) ||
                ticket->state == core::TicketState::kWaiting)
                desk.phase = Desk::Phase::kIdle;
        }
        if (desk.phase == Desk::Phase::kIdle) {
            if (now >= desk.break_from && now < desk.break_to) return {};
            auto called = t.store->Execute(core::CallNext{desk.office, desk.counter}, desk.staff);
            if (!called.ok() || called->ticket_ids.empty()) return {};  // nobody waiting here
            t.wrote = true;
            desk.ticket = called->ticket_ids.front();
            const core::Ticket* ticket = t.store->state().FindTicket(desk.ticket);
            auto who = visitor_of_visit_.find(ticket->visit_id);
            desk.visitor = who == visitor_of_visit_.end() ? -1 : who->second;
            desk.calls = 1;
            desk.phase = Desk::Phase::kCalled;
            desk.next_at = now + (Leaves(desk, *ticket) ? Minutes(2) : dice_.Between(10, 50) * kMicrosPerSecond);
            return {};
        }
        if (now < desk.next_at) return {};
        const core::Ticket& ticket = *t.store->state().FindTicket(desk.ticket);
        if (desk.phase == Desk::Phase::kCalled) {
            if (Leaves(desk, ticket)) {
                if (desk.calls < 2) {
                    if (t.store->Execute(core::Recall{desk.ticket}, desk.staff).ok()) t.wrote = true;
                    desk.calls = 2;
                    desk.next_at = now + Minutes(2);
                    return {};
                }
                if (t.store->Execute(core::MarkNoShow{desk.ticket}, desk.staff).ok()) t.wrote = true;
                desk.phase = Desk::Phase::kIdle;
                return {};
            }
            if (t.store->Execute(core::StartService{desk.ticket}, desk.staff).ok()) t.wrote = true;
            desk.phase = Desk::Phase::kServing;
            desk.next_at = now + ServiceTime(ticket);
            return {};
        }
        // Serving: done. The first desk of a visitor who needs another office sends them on.
        const Visitor* v = desk.visitor >= 0 ? &visitors_[static_cast<std::size_t>(desk.visitor)] : nullptr;
        const bool sent_on = v && !v->transfer_to.empty() && ticket.stop_index == 0;
        const bool done = sent_on ? t.store->Execute(core::Transfer{desk.ticket, v->transfer_to, "sent on by the desk"}, desk.staff).ok()
                                  : t.store->Execute(core::FinishService{desk.ticket, "resolved"}, desk.staff).ok();
        if (done) t.wrote = true;
        desk.phase = Desk::Phase::kIdle;
        return {};
    }

    // Whether the called visitor has gone home: walk-ins who gave up before their first stop.
    bool Leaves(const Desk& desk, const core::Ticket& ticket) const {
        return desk.visitor >= 0 && visitors_[static_cast<std::size_t>(desk.visitor)].leaves && ticket.stop_index == 0;
    }

    // Time at the counter: an appointment takes most of its slot; a walk-in's errand a few
    // minutes (1 + an exponential of mean 1.5 min, at most the service's typical time).
    Micros ServiceTime(const core::Ticket& ticket) {
        const Visitor* v = nullptr;
        auto who = visitor_of_visit_.find(ticket.visit_id);
        if (who != visitor_of_visit_.end()) v = &visitors_[static_cast<std::size_t>(who->second)];
        if (v && !v->reference.empty() && ticket.stop_index == 0)
            return Minutes(v->slot_minutes * (0.5 + 0.4 * dice_.Roll()));
        int typical = 20;
        for (const auto& s : catalogue_.services)
            if (s.id == ticket.service_id) typical = s.typical_minutes;
        return std::min<Micros>(Minutes(1) + Exponential(dice_, 90), Minutes(typical));
    }

    // The last kiosk loses power while it writes: its store is written by a child process
    // (the kiosk's program) that is killed with SIGKILL after its second stored ticket, in
    // the middle of the next. The kiosk comes back ten minutes later and opens its store.
    Status PowerCut(Micros now) {
        Terminal& kiosk = terminals_[static_cast<std::size_t>(options_.size.kiosks - 1)];
        // The next visitors to arrive are at this kiosk when the power goes.
        std::vector<int> at_kiosk;
        for (auto it = arrivals_.begin(); it != arrivals_.end() && at_kiosk.size() < 5;) {
            if (visitors_[static_cast<std::size_t>(it->second)].reference.empty()) {
                at_kiosk.push_back(it->second);
                it = arrivals_.erase(it);
            } else {
                ++it;
            }
        }
        kiosk.Close();
        std::fflush(nullptr);
        int stored[2];
        if (pipe(stored) != 0) return MakeError(ErrorCode::kInternal, "pipe() failed for the power cut.");
        const pid_t child = fork();
        if (child < 0) return MakeError(ErrorCode::kInternal, "fork() failed for the power cut.");
        if (child == 0) {
            // The kiosk's process: only its store, then killed. Never returns.
            close(stored[0]);
            auto opened = store::Store::Open(kiosk.db, clock_);
            if (!opened.ok()) _exit(2);
            for (int index : at_kiosk) {
                const Visitor& v = visitors_[static_cast<std::size_t>(index)];
                core::IssueTicket issue;
                issue.service_id = v.service;
                issue.lang = v.lang;
                issue.next_service_ids = v.next;
                if (!(*opened)->Execute(issue).ok()) _exit(3);
                const char byte = 't';
                if (write(stored[1], &byte, 1) != 1) _exit(4);
            }
            pause();  // every ticket stored before the cut came: wait for it
            _exit(0);
        }
        close(stored[1]);
        int seen = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        const int wait_for = std::min<int>(2, static_cast<int>(at_kiosk.size()));
        while (seen < wait_for && std::chrono::steady_clock::now() < deadline) {
            pollfd ready{stored[0], POLLIN, 0};
            if (poll(&ready, 1, 1000) != 1) continue;
            char byte = 0;
            if (read(stored[0], &byte, 1) != 1) break;  // the child died on its own
            ++seen;
        }
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        close(stored[0]);
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            return MakeError(ErrorCode::kInternal, "The kiosk's process for the power cut ended by itself (status " +
                                                       std::to_string(status) + ") instead of being killed.");
        ++report_.power_cuts;
        cut_visitors_ = at_kiosk;
        kiosk.down_until = now + Minutes(10);
        return {};
    }

    // After the power cut: the visitors whose tickets the killed process stored are in the
    // store (in the order they came); the others never got one and queue again at a kiosk.
    void AdoptVisitsIssuedInTheDark(Terminal& kiosk) {
        std::vector<std::pair<std::int64_t, std::string>> unknown;
        for (const auto& [id, visit] : kiosk.store->state().visits)
            if (visit.issued_by == kiosk.id && !visitor_of_visit_.count(id))
                unknown.emplace_back(std::atoll(id.c_str() + kiosk.id.size() + 1), id);
        std::sort(unknown.begin(), unknown.end());
        report_.tickets_before_cut += static_cast<std::int64_t>(unknown.size());
        for (std::size_t i = 0; i < cut_visitors_.size(); ++i) {
            if (i < unknown.size()) {
                visitor_of_visit_[unknown[i].second] = cut_visitors_[i];
                ++arrived_;
            } else {
                arrivals_.emplace(clock_.NowUtcMicros() + Minutes(1), cut_visitors_[i]);
            }
        }
        kiosk.wrote = !unknown.empty();
        cut_visitors_.clear();
    }

    std::string id_;
    const DayOptions& options_;
    const catalogue::Catalogue& catalogue_;
    const Clock& clock_;
    std::string url_;
    DayReport& report_;
    Dice dice_;
    std::vector<Terminal> terminals_;
    std::vector<Desk> desks_;
    std::vector<Visitor> visitors_;
    std::multimap<Micros, int> arrivals_;
    std::map<std::string, int> visitor_of_visit_;
    std::vector<std::pair<Micros, std::size_t>> outages_;
    Micros power_cut_at_ = 0;
    std::vector<int> cut_visitors_;
    std::int64_t arrived_ = 0;
    std::int64_t step_ = 0;
    std::int64_t pushes_ = 0;  // rounds of this site's terminals that pushed events
};

// The central service in this process: SQLite, the appointment desk, Beast on a loopback port
// chosen by the kernel, on its own thread.
class LoopbackCentral {
public:
    LoopbackCentral(const std::filesystem::path& db, const catalogue::Catalogue& catalogue, const Clock& clock)
        : db_(db), catalogue_(catalogue), clock_(clock) {}
    ~LoopbackCentral() { Stop(); }

    Status Start() {
        auto opened = central::OpenSqliteStore(db_.string());
        if (!opened.ok()) return opened.error();
        store_ = std::move(opened.value());
        service_ = std::make_unique<central::Service>(*store_, clock_, kAdminToken);
        service_->rules.time_zone = kZone;
        service_->rules.device_slots = Site::kDeviceSlots;
        service_->catalogue = &catalogue_;
        auto ledger = central::OpenSlotLedger(db_.string());
        if (!ledger.ok()) return ledger.error();
        ledger_ = std::move(ledger.value());
        desk_ = std::make_unique<central::AppointmentDesk>(*ledger_, catalogue_, kZone, clock_);
        service_->appointments = desk_.get();
        io_ = std::make_unique<boost::asio::io_context>(1);
        central::ServerOptions options;
        options.port = 0;
        server_ = std::make_unique<central::Server>(*io_, *service_, options);
        if (auto ok = server_->Start(); !ok) return ok;
        thread_ = std::thread([this] { io_->run(); });
        return {};
    }
    void Stop() {
        if (!io_) return;
        io_->stop();
        if (thread_.joinable()) thread_.join();
        server_.reset();
        io_.reset();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
    central::CentralStore& store() { return *store_; }

private:
    std::filesystem::path db_;
    const catalogue::Catalogue& catalogue_;
    const Clock& clock_;
    std::unique_ptr<central::CentralStore> store_;
    std::unique_ptr<central::Service> service_;
    std::unique_ptr<central::SlotLedger> ledger_;
    std::unique_ptr<central::AppointmentDesk> desk_;
    std::unique_ptr<boost::asio::io_context> io_;
    std::unique_ptr<central::Server> server_;
    std::thread thread_;
};

// The day's figures from the central's fold of one site, added to the report.
void AddFigures(const core::State& state, DayReport& report, std::map<std::string, std::vector<double>>& office_waits,
                std::map<std::string, OfficeFigures>& offices, std::vector<double>& first_waits) {
    report.visits += static_cast<std::int64_t>(state.visits.size());
    report.stops += static_cast<std::int64_t>(state.tickets.size());
    for (const auto& [id, visit] : state.visits) {
        ++report.languages[visit.lang];
        if (visit.ticket_ids.size() > 1) ++report.multi_stop_visits;
        if (const core::Ticket* first = state.FindTicket(visit.ticket_ids.front()))
            Add(first_waits, visit.arrival_at, first->first_called_at);
    }
    for (const auto& [id, t] : state.tickets) {
        OfficeFigures& o = offices[t.office_id];
        o.office = t.office_id;
        ++o.stops;
        if (t.state == core::TicketState::kDone) ++o.served;
        if (t.state == core::TicketState::kNoShow) ++o.no_shows, ++report.no_shows;
        if (t.state == core::TicketState::kTransferred) ++o.transferred_out, ++report.transfers;
        Add(office_waits[t.office_id], t.created_at, t.first_called_at);
    }
}

}  // namespace

Result<DayReport> RunDay(const DayOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    DayReport report;
    report.sites = options.sites;
    report.kiosks = options.size.kiosks * options.sites;
    report.desks = options.size.desks * options.sites;
    if (options.sites < 1 || options.sites > 50)
        return MakeError(ErrorCode::kInvalidInput, "--sites must be between 1 and 50.");
    if (options.size.kiosks < 1 || options.size.desks < 3 || options.size.kiosks + options.size.desks > Site::kDeviceSlots)
        return MakeError(ErrorCode::kInvalidInput, "A site needs 1 kiosk or more, 3 desks or more, and 20 terminals at most.");
    auto catalogue = catalogue::LoadCatalogue(options.catalogue_dir.empty() ? catalogue::DefaultCatalogueDir()
                                                                             : options.catalogue_dir);
    if (!catalogue.ok()) return catalogue.error();
    for (const char* office : {"abh", "fsa", "int"})
        if (std::none_of(catalogue->offices.begin(), catalogue->offices.end(), [&](const auto& o) { return o.id == office; }))
            return MakeError(ErrorCode::kInvalidInput, "The simulation plays the demo catalogue's offices abh, fsa and int; "
                                                       "the catalogue given has no office \"" + std::string(office) + "\".");

    SharedFakeClock clock(kMorning);
    LoopbackCentral central(options.work_dir / "central.db", *catalogue, clock);
    if (auto ok = central.Start(); !ok) return ok.error();
    auto say = [&](const std::string& line) {
        if (options.progress) options.progress(line);
    };
    say("central service on " + central.url() + ", stores in " + options.work_dir.string());

    std::vector<std::unique_ptr<Site>> sites;
    for (int s = 0; s < options.sites; ++s) {
        sites.push_back(std::make_unique<Site>(s, options, *catalogue, clock, central.url(), report));
        if (auto ok = sites.back()->SetUp(); !ok) return ok.error();
        // The day's appointments were booked on earlier days, before any kiosk took today's
        // free slots into its escrow (which its first sync round does): book them first.
        if (auto ok = sites.back()->PlanVisitors(); !ok) return ok.error();
        if (auto ok = sites.back()->Settle(); !ok) return ok.error();
        sites.back()->RenewEscrows();
        sites.back()->ScheduleIncidents();
        report.visitors += sites.back()->visitors();
    }
    say("doors open: " + std::to_string(report.visitors) + " visitors expected, " +
        std::to_string(report.appointments_booked) + " of them with an appointment");

    clock.Set(kOpening);
    for (Micros now = kOpening;; now += kStep) {
        clock.Set(now);
        bool done = now > kLastWalkIn;
        for (auto& site : sites) {
            if (auto ok = site->Step(now); !ok) return ok.error();
            done = done && site->Done();
        }
        if ((now - kOpening) % Minutes(60) == 0)
            for (auto& site : sites) say(site->Progress(now));
        if (done) break;
        if (now >= kGiveUp) {
            report.violations.push_back("The day did not end by 21:00: desks still had visitors or events were still unsent.");
            break;
        }
    }
    for (auto& site : sites)
        if (auto ok = site->Heal(); !ok) return ok.error();
    say("closed at " + core::LocalDateTime(clock.NowUtcMicros(), kZone) + "; every terminal synced");

    for (auto& site : sites) report.http_requests += site->http_requests();
    central.Stop();  // nothing reaches the central any more: its order is final

    std::map<std::string, std::vector<double>> office_waits;
    std::map<std::string, OfficeFigures> offices;
    std::vector<double> first_waits;
    for (auto& site : sites) {
        auto record = site->Record();
        if (!record.ok()) return record.error();
        auto order = central.store().ReadAfter(site->id(), 0, 10'000'000);
        if (!order.ok()) return order.error();
        for (const auto& stored : *order) {
            nlohmann::json payload = nlohmann::json::parse(stored.event.payload, nullptr, false);
            if (payload.is_discarded()) return MakeError(ErrorCode::kCorrupt, "The central holds an event whose payload is not JSON.");
            record->central.push_back({stored.event.device, stored.event.seq, stored.event.type, std::move(payload), stored.event.at_us});
        }
        report.events += static_cast<std::int64_t>(record->central.size());
        if (site.get() == sites.front().get()) {
            // A spoiled record, for the test that proves the checker fails.
            if (options.spoil == Spoil::kLoseEvent && !record->terminals.front().local.empty())
                record->terminals.front().local.pop_back();
            if (options.spoil == Spoil::kDoubleEvent && !record->central.empty())
                record->central.push_back(record->central.front());
        }
        for (auto& line : CheckSite(*record)) report.violations.push_back(std::move(line));
        core::State folded;
        for (const auto& e : record->central) (void)core::ApplyEvent(folded, e);
        AddFigures(folded, report, office_waits, offices, first_waits);
        site->CloseTerminals();
    }
    report.first_wait = PercentilesOf(first_waits);
    for (auto& [id, o] : offices) {
        o.wait = PercentilesOf(office_waits[id]);
        report.offices.push_back(o);
    }
    report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

namespace {
std::string Fixed(double v, int decimals = 1) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}
}  // namespace

std::string FormatReport(const DayReport& r) {
    std::ostringstream out;
    out << "day " << r.day << ": " << r.sites << " site(s), " << r.kiosks << " kiosks, " << r.desks << " desks\n"
        << "visitors      " << r.visitors << " (" << r.appointments_booked << " with an appointment for today, "
        << r.appointments_missed << " of them did not come; " << r.appointments_checked_in << " checked in)\n"
        << "visits        " << r.visits << " with " << r.stops << " stops; " << r.multi_stop_visits
        << " visits with more than one stop, " << r.transfers << " transfers, " << r.no_shows << " no-shows\n"
        << "bookings      " << r.future_bookings << " for later days at the kiosks (" << r.future_bookings_offline
        << " offline, from escrow)\n"
        << "first wait    p50 " << Fixed(r.first_wait.p50) << " min, p90 " << Fixed(r.first_wait.p90) << " min ("
        << r.first_wait.count << " visits called)\n";
    for (const auto& o : r.offices)
        out << "  office " << o.office << ": " << o.stops << " stops, " << o.served << " served, " << o.no_shows
            << " no-shows, " << o.transferred_out << " sent on; wait p50 " << Fixed(o.wait.p50) << " min, p90 "
            << Fixed(o.wait.p90) << " min\n";
    out << "languages    ";
    std::vector<std::pair<std::int64_t, std::string>> langs;
    for (const auto& [code, n] : r.languages) langs.emplace_back(-n, code);
    std::sort(langs.begin(), langs.end());
    for (const auto& [n, code] : langs) out << " " << code << " " << -n;
    out << "\n"
        << "events        " << r.events << " in the central's order\n"
        << "sync          " << r.sync_rounds << " rounds (" << r.failed_rounds << " failed: a pulled cable or a lost request, then retried), "
        << r.http_requests << " HTTP requests; " << r.calls_turned_down << " desk actions turned down by the central's order\n"
        << "incidents     " << r.outages << " link outages of 30 min, " << r.power_cuts << " power cut(s) (kill -9; "
        << r.tickets_before_cut << " tickets stored before the cut)\n"
        << "took          " << Fixed(r.wall_seconds) << " s\n";
    if (r.violations.empty()) {
        out << "invariants    all held: nothing lost or duplicated, no slot double-booked, no visitor served by two "
               "desks at once, transfers kept their place, nobody left waiting\n";
    } else {
        out << "INVARIANTS BROKEN (" << r.violations.size() << "):\n";
        for (const auto& v : r.violations) out << "  " << v << "\n";
    }
    return out.str();
}

nlohmann::json ReportToJson(const DayReport& r) {
    nlohmann::json offices = nlohmann::json::array();
    for (const auto& o : r.offices)
        offices.push_back({{"office", o.office}, {"stops", o.stops}, {"served", o.served}, {"no_shows", o.no_shows},
                           {"transferred_out", o.transferred_out}, {"wait_p50_min", o.wait.p50}, {"wait_p90_min", o.wait.p90}});
    return {{"day", r.day},
            {"sites", r.sites},
            {"kiosks", r.kiosks},
            {"desks", r.desks},
            {"visitors", r.visitors},
            {"visits", r.visits},
            {"stops", r.stops},
            {"multi_stop_visits", r.multi_stop_visits},
            {"transfers", r.transfers},
            {"no_shows", r.no_shows},
            {"appointments_booked", r.appointments_booked},
            {"appointments_checked_in", r.appointments_checked_in},
            {"appointments_missed", r.appointments_missed},
            {"future_bookings", r.future_bookings},
            {"future_bookings_offline", r.future_bookings_offline},
            {"languages", r.languages},
            {"first_wait_p50_min", r.first_wait.p50},
            {"first_wait_p90_min", r.first_wait.p90},
            {"offices", offices},
            {"events", r.events},
            {"sync_rounds", r.sync_rounds},
            {"failed_rounds", r.failed_rounds},
            {"http_requests", r.http_requests},
            {"calls_turned_down", r.calls_turned_down},
            {"outages", r.outages},
            {"power_cuts", r.power_cuts},
            {"tickets_before_cut", r.tickets_before_cut},
            {"wall_seconds", r.wall_seconds},
            {"violations", r.violations}};
}

}  // namespace anl::sync::sim
