#include "kiosk/app/store_service.h"

#include "sync/client/escrow.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

#include "kiosk/app/admin_requests.h"
#include "kiosk/app/desk_requests.h"

namespace anl::app {

namespace fs = std::filesystem;

SnapshotPtr TakeSnapshot(const store::Store& store, Micros now) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->state = store.state();
    snapshot->queue = store.Queue();
    snapshot->today = store.Today();
    snapshot->time_zone = store.site().rules.time_zone;
    snapshot->device_id = store.self().id;
    if (auto names = store.StaffNames(); names.ok()) snapshot->staff_names = std::move(names.value());
    if (store.self().role == Role::kDesk) {
        if (auto alerts = store.StandingDeviceAlerts(); alerts.ok()) snapshot->device_alerts = std::move(alerts.value());
        if (auto escrow = store.Escrow(); escrow.ok())  // the desk's slot picker
            for (const auto& e : *escrow)
                snapshot->escrow.push_back({e.slot_id, store.site().site_id, e.service_id, e.start_us, e.end_us, 1});
    }
    snapshot->at = now;
    for (const auto& office : store.catalogue().offices) {
        snapshot->new_ticket_wait[office.id] =
            core::EstimateNewTicketWaitMinutes(snapshot->state, store.catalogue(), store.site().rules, office.id, now);
        snapshot->open_counters[office.id] = core::OpenCounters(snapshot->state, store.site().rules, office.id, now);
    }
    for (const auto& counter : store.catalogue().counters)
        if (core::CounterInUse(snapshot->state, store.site().rules, counter.number, now))
            snapshot->counters_in_use.insert(counter.number);
    return snapshot;
}

StoreService::StoreService(fs::path path, const Clock& clock, const catalogue::Catalogue& catalogue, Role role,
                           UiInbox& inbox, std::function<void(SnapshotPtr)> on_snapshot)
    : path_(std::move(path)), clock_(clock), catalogue_(catalogue), role_(role), inbox_(inbox),
      on_snapshot_(std::move(on_snapshot)) {}

StoreService::~StoreService() = default;

void StoreService::PostSnapshot() {
    if (!store_) return;
    std::error_code ec;
    seen_db_ = fs::last_write_time(path_, ec);
    fs::path wal = path_;
    wal += "-wal";
    seen_wal_ = fs::last_write_time(wal, ec);
    SnapshotPtr snapshot;
    {
        std::lock_guard lock(store_mutex_);
        snapshot = TakeSnapshot(*store_, clock_.NowUtcMicros());
    }
    inbox_.Post([this, snapshot] { on_snapshot_(snapshot); });
}

void StoreService::Open(std::function<void(Error)> on_error) {
    worker_.Post([this, on_error] {
        auto opened = store::Store::Open(path_, clock_);
        if (!opened) {
            inbox_.Post([on_error, e = opened.error()] { on_error(e); });
            return;
        }
        store_ = std::move(opened.value());
        if (!store_->initialised()) {
            // A terminal started on an empty file sets the site up from the shipped catalogue.
            core::Device self{"terminal-1", "site-1", 0, role_};
            if (auto ok = store_->Initialise(store::SiteSettings{}, catalogue_, self); !ok) {
                store_.reset();
                inbox_.Post([on_error, e = ok.error()] { on_error(e); });
                return;
            }
        }
        PostSnapshot();
    });
}

void StoreService::Execute(core::Command command, std::string staff_number,
                           std::function<void(Result<store::Outcome>)> done) {
    worker_.Post([this, command = std::move(command), staff_number = std::move(staff_number), done] {
        if (!store_) {
            inbox_.Post([done] { done(MakeError(ErrorCode::kStorage, "The local store is not open.")); });
            return;
        }
        std::shared_ptr<Result<store::Outcome>> outcome;
        {
            std::lock_guard lock(store_mutex_);
            outcome = std::make_shared<Result<store::Outcome>>(store_->Execute(command, staff_number));
        }
        // A local action goes to the central at once, not after the current long-poll.
        if (outcome->ok() && sync_ && !(*outcome)->events.empty()) sync_->Nudge(std::int64_t((*outcome)->events.size()));
        if (outcome->ok()) PostSnapshot();
        inbox_.Post([done, outcome] { done(std::move(*outcome)); });
    });
}

ui::CheckInAnswer CheckInAnswerOf(const store::CheckIn& checked, const catalogue::Catalogue& catalogue) {
    ui::CheckInAnswer a;
    a.reason = checked.verdict.reason;
    a.number = checked.display;
    a.come_back_from = checked.verdict.come_back_from;
    if (const auto& booking = checked.verdict.appointment) {
        a.reference = booking->reference;
        a.lang = booking->lang;
        a.appointment_at = booking->start_us;
        if (const catalogue::Service* s = catalogue.FindService(booking->service_id)) a.office_id = s->office_id;
    }
    return a;
}

void StoreService::CheckIn(std::string reference, std::function<void(Result<store::CheckIn>)> done) {
    worker_.Post([this, reference = std::move(reference), done] {
        if (!store_) {
            inbox_.Post([done] { done(MakeError(ErrorCode::kStorage, "The local store is not open.")); });
            return;
        }
        std::shared_ptr<Result<store::CheckIn>> checked;
        {
            std::lock_guard lock(store_mutex_);
            checked = std::make_shared<Result<store::CheckIn>>(store_->CheckInAppointment(reference));
        }
        const bool issued = checked->ok() && !(*checked)->ticket_id.empty();
        if (issued && sync_) sync_->Nudge(1);
        if (issued) PostSnapshot();
        inbox_.Post([done, checked] { done(std::move(*checked)); });
    });
}

Result<std::vector<core::SlotDay>> BookableDays(const store::Store& store, const std::string& service_id, Micros now,
                                                const std::set<std::string>* free_at_central) {
    auto escrow = store.Escrow();
    if (!escrow.ok()) return escrow.error();
    std::set<std::string> mine;
    for (const auto& slot : *escrow) mine.insert(slot.slot_id);
    const core::State& state = store.state();
    return core::SlotDays(store.catalogue(), store.site().site_id, service_id, now, store.site().rules.time_zone,
                          ui::kBookingDays, [&](const core::Slot& slot) {
                              if (core::StandingBooking(state, slot.id) != nullptr) return false;
                              return mine.count(slot.id) > 0 ||
                                     (free_at_central != nullptr && free_at_central->count(slot.id) > 0);
                          });
}

ui::BookingAnswer BookingAnswerOf(const Result<core::Appointment>& booked, const store::Store& store,
                                  const std::string& service_id, Micros now,
                                  const std::set<std::string>* free_at_central) {
    ui::BookingAnswer answer;
    if (booked.ok()) {
        answer.kind = ui::BookingAnswer::Kind::kBooked;
        answer.booked = ui::BookedAppointment{booked->reference, booked->service_id, booked->start_us, false};
        return answer;
    }
    // Refused by a rule (booked meanwhile, held by another terminal, not in this escrow, begun)
    // or gone: the visitor chooses again from what can be given now.
    const ErrorCode code = booked.error().code;
    if (code != ErrorCode::kRejected && code != ErrorCode::kNotFound) return answer;
    auto days = BookableDays(store, service_id, now, free_at_central);
    if (!days.ok()) return answer;
    answer.kind = ui::BookingAnswer::Kind::kTaken;
    answer.days = std::move(days).value();
    return answer;
}

std::optional<std::set<std::string>> StoreService::FreeAtCentral(const std::string& service_id, Micros now) {
    if (!central_journal_ || !central_transport_ || !sync_ || !sync_->status().online) return std::nullopt;
    Result<std::vector<core::SlotDay>> days = MakeError(ErrorCode::kInternal, "not asked");
    {
        std::lock_guard lock(store_mutex_);
        days = core::SlotDays(store_->catalogue(), store_->site().site_id, service_id, now,
                              store_->site().rules.time_zone, ui::kBookingDays, [](const core::Slot&) { return true; });
    }
    if (!days.ok()) return std::nullopt;
    std::set<std::string> free;
    for (const auto& day : *days) {
        if (day.offered.empty()) continue;  // nothing ahead that day
        auto list = sync::ListSlots(*central_journal_, *central_transport_, service_id, day.day);
        if (!list.ok()) return std::nullopt;  // unreachable or refused: the escrow alone decides
        for (const auto& slot : list->slots)
            if (slot.state == "free") free.insert(slot.slot);
    }
    return free;
}

void StoreService::BookingDays(std::string service_id, std::function<void(Result<std::vector<core::SlotDay>>)> done) {
    worker_.Post([this, service_id = std::move(service_id), done] {
        if (!store_) {
            inbox_.Post([done] { done(MakeError(ErrorCode::kStorage, "The local store is not open.")); });
            return;
        }
        const Micros now = clock_.NowUtcMicros();
        const auto free = FreeAtCentral(service_id, now);
        std::shared_ptr<Result<std::vector<core::SlotDay>>> days;
        {
            std::lock_guard lock(store_mutex_);
            days = std::make_shared<Result<std::vector<core::SlotDay>>>(
                BookableDays(*store_, service_id, now, free ? &*free : nullptr));
        }
        inbox_.Post([done, days] { done(std::move(*days)); });
    });
}

void StoreService::Book(core::BookAppointment command,
                        std::function<void(ui::BookingAnswer, std::optional<core::Appointment>)> done) {
    worker_.Post([this, command = std::move(command), done] {
        if (!store_) {
            inbox_.Post([done] { done(ui::BookingAnswer{}, std::nullopt); });
            return;
        }
        Result<core::Appointment> booked = MakeError(ErrorCode::kNetwork, "The central service was not asked.");
        const bool online = central_journal_ && central_transport_ && sync_ && sync_->status().online;
        if (online) booked = sync::BookOnline(*store_, *central_journal_, *central_transport_, command, &store_mutex_);
        // Offline, or the central cannot be reached now: only this terminal's escrow decides.
        if (!online || (!booked.ok() && booked.error().code == ErrorCode::kNetwork)) {
            std::lock_guard lock(store_mutex_);
            booked = store_->BookAppointment(command);
        }
        if (!booked.ok() && booked.error().code != ErrorCode::kRejected && booked.error().code != ErrorCode::kNotFound)
            std::fprintf(stderr, "anlaufstelle: a kiosk booking failed: %s\n", booked.error().message.c_str());
        const auto slot = core::ParseSlotId(command.slot_id);
        const std::string service_id = slot.ok() ? slot->service_id : std::string();
        std::optional<std::set<std::string>> free;
        if (!booked.ok() && online) free = FreeAtCentral(service_id, clock_.NowUtcMicros());
        ui::BookingAnswer answer;
        {
            std::lock_guard lock(store_mutex_);
            answer = BookingAnswerOf(booked, *store_, service_id, clock_.NowUtcMicros(), free ? &*free : nullptr);
        }
        if (booked.ok()) {
            if (sync_) sync_->Nudge(1);  // the booking goes to the central at once
            PostSnapshot();
        }
        std::optional<core::Appointment> appointment;
        if (booked.ok()) appointment = booked.value();
        inbox_.Post([done, answer, appointment] { done(answer, appointment); });
    });
}

void StoreService::ReportDeviceAlert(std::string device_kind, bool failed) {
    worker_.Post([this, device_kind = std::move(device_kind), failed] {
        if (!store_) return;
        Status reported;
        {
            std::lock_guard lock(store_mutex_);
            reported = store_->ReportDeviceAlert(device_kind, failed);
        }
        if (!reported) {
            inbox_.Post([message = reported.error().message] {
                std::fprintf(stderr, "anlaufstelle: the printer alert was not recorded: %s\n", message.c_str());
            });
            return;
        }
        if (sync_) sync_->Nudge(1);  // the desks learn of it at once
        PostSnapshot();
    });
}

void StoreService::FindVisitEnd(std::string typed_number, std::function<void(Result<core::VisitEnd>)> done) {
    worker_.Post([this, typed_number = std::move(typed_number), done] {
        if (!store_) {
            inbox_.Post([done] { done(MakeError(ErrorCode::kStorage, "The local store is not open.")); });
            return;
        }
        std::shared_ptr<Result<core::VisitEnd>> end;
        {
            std::lock_guard lock(store_mutex_);
            end = std::make_shared<Result<core::VisitEnd>>(store_->FindVisitEnd(typed_number));
        }
        inbox_.Post([done, end] { done(std::move(*end)); });
    });
}

void StoreService::GiveFeedback(core::GiveFeedback feedback) {
    worker_.Post([this, feedback = std::move(feedback)] {
        if (!store_) return;
        Result<core::Event> given = MakeError(ErrorCode::kStorage, "The local store is not open.");
        {
            std::lock_guard lock(store_mutex_);
            given = store_->GiveFeedback(feedback);
        }
        if (!given.ok()) {
            inbox_.Post([message = given.error().message] {
                std::fprintf(stderr, "anlaufstelle: a visitor's feedback was not recorded: %s\n", message.c_str());
            });
            return;
        }
        if (sync_) sync_->Nudge(1);
        PostSnapshot();
    });
}

void StoreService::Network(ui::DeskRequest request, std::string staff_number, std::function<void(ui::DeskAnswer)> done) {
    worker_.Post([this, request = std::move(request), staff_number = std::move(staff_number), done] {
        if (!store_) {
            inbox_.Post([done] { done(ui::DeskAnswer{MakeError(ErrorCode::kStorage, "The local store is not open.")}); });
            return;
        }
        auto answer = std::make_shared<ui::DeskAnswer>();
        {
            std::lock_guard lock(store_mutex_);
            *answer = RunDeskRequest(*store_, request, staff_number);
        }
        if (answer->status.ok() && sync_) sync_->Nudge(1);  // to the central at once, like any desk action
        if (answer->status.ok()) PostSnapshot();
        inbox_.Post([done, answer] { done(std::move(*answer)); });
    });
}

void StoreService::SignIn(std::string number, std::string pin, std::function<void(Result<core::SignInOutcome>)> done) {
    worker_.Post([this, number = std::move(number), pin = std::move(pin), done] {
        if (!store_) {
            inbox_.Post([done] { done(MakeError(ErrorCode::kStorage, "The local store is not open.")); });
            return;
        }
        std::shared_ptr<Result<core::SignInOutcome>> staff;
        {
            std::lock_guard lock(store_mutex_);
            staff = std::make_shared<Result<core::SignInOutcome>>(store_->TrySignIn(number, pin));
        }
        inbox_.Post([done, staff] { done(std::move(*staff)); });
    });
}

void StoreService::Admin(ui::AdminRequest request, std::function<void(ui::AdminAnswer)> done) {
    worker_.Post([this, request = std::move(request), done] {
        auto answer = std::make_shared<ui::AdminAnswer>();
        if (!store_) {
            answer->status = MakeError(ErrorCode::kStorage, "The local store is not open.");
        } else {
            std::lock_guard lock(store_mutex_);
            *answer = RunAdminStoreRequest(*store_, request, clock_.NowUtcMicros());
        }
        inbox_.Post([done, answer] { done(std::move(*answer)); });
    });
}

Result<figures::Dashboard> KeyFiguresOf(const store::Store& store, figures::Period period, const std::string& office_id,
                                        Micros now, KeptFiguresFold* kept) {
    const std::string& zone = store.site().rules.time_zone;
    figures::Dashboard out;
    out.period = period;
    for (const auto& o : store.catalogue().offices) out.offices.push_back({o.id, o.name_key});
    if (!office_id.empty() && std::none_of(out.offices.begin(), out.offices.end(), [&](const auto& o) { return o.id == office_id; }))
        return MakeError(ErrorCode::kNotFound, "No office \"" + office_id + "\" in this site's catalogue.");
    KeptFiguresFold once;
    if (!kept) kept = &once;
    if (!kept->fold || kept->fold->time_zone() != zone || kept->fold->site_id() != store.site().site_id) {
        auto begun = figures::SiteFold::Begin(store.site().site_id, zone);
        if (!begun) return begun.error();
        *kept = KeptFiguresFold{std::move(begun).value(), 0};
    }
    auto fed = store.ForEachEvent(kept->pos, [&](const store::StoredEvent& e) -> Status {
        if (e.skipped_because.rfind(store::kRefusedPrefix, 0) != 0) kept->fold->Add(e.event);
        kept->pos = e.pos;
        return {};
    });
    if (!fed) {
        kept->fold.reset();  // half fed: fold again next time
        return fed.error();
    }
    figures::Collector collector(figures::PeriodQuery(period, now, zone, office_id));
    collector.AddSite(*kept->fold, figures::ServiceOffices(store.catalogue()));
    out.report = collector.Finish();
    out.live = figures::LiveView(store.state(), store.catalogue(), store.site().rules, now, office_id);
    return out;
}

void StoreService::KeyFigures(figures::Period period, std::string office_id,
                              std::function<void(Result<figures::Dashboard>)> done) {
    worker_.Post([this, period, office_id = std::move(office_id), done] {
        auto figures = std::make_shared<Result<figures::Dashboard>>(MakeError(ErrorCode::kStorage, "The local store is not open."));
        if (store_) {
            std::lock_guard lock(store_mutex_);
            *figures = KeyFiguresOf(*store_, period, office_id, clock_.NowUtcMicros(), &figures_fold_);
        }
        inbox_.Post([done, figures] { done(std::move(*figures)); });
    });
}

void StoreService::Poll() {
    if (worker_.Busy()) return;  // a poll is already queued behind real work
    worker_.Post([this] {
        if (!store_) return;
        bool changed = false;
        {
            // Another program (ctl, a second terminal on the file) may have committed: the
            // store asks SQLite's data_version (one cheap query) and re-reads only then.
            std::lock_guard lock(store_mutex_);
            auto refreshed = store_->RefreshIfChanged();
            if (!refreshed.ok()) return;  // keep the last good state, try again next poll
            changed = *refreshed;
            // The daily retention run (docs/DATA-PROTECTION.md): answered from memory until it
            // is due; a failed run is said and tried again an hour later.
            auto retention = store_->RunRetentionIfDue();
            if (!retention.ok()) {
                std::fprintf(stderr, "anlaufstelle: the daily retention run failed: %s\n", retention.error().message.c_str());
            } else if (*retention && (*retention)->events + (*retention)->tickets + (*retention)->handoffs > 0) {
                changed = true;
            }
        }
        // The sync worker writes through our own store object, which leaves data_version as
        // it is; its commits show in the file's times, and its folded state is current.
        std::error_code ec;
        fs::path wal = path_;
        wal += "-wal";
        const auto db = fs::last_write_time(path_, ec);
        const auto w = fs::last_write_time(wal, ec);
        if (sync_ && (db != seen_db_ || w != seen_wal_)) changed = true;
        if (!changed) return;
        PostSnapshot();
    });
}

void StoreService::StartSync(sync::ClientOptions options, std::function<void(Error)> on_error) {
    worker_.Post([this, options, on_error] {
        if (!store_ || sync_) return;
        auto journal = sync::Journal::Load(path_);
        if (!journal) {
            inbox_.Post([on_error, e = journal.error()] { on_error(e); });
            return;
        }
        if (!journal->enrolled()) return;  // a terminal on its own: no sync, as before enrolment
        auto started = sync::SyncClient::Start(*store_, store_mutex_, clock_, options);
        if (!started) {
            inbox_.Post([on_error, e = started.error()] { on_error(e); });
            return;
        }
        // Kiosk bookings ask the central's slot endpoints on this worker with their own transport.
        central_transport_ = sync::MakeCurlTransport(journal->credentials().central_url, journal->credentials().ca_file);
        central_journal_.emplace(std::move(journal).value());
        sync_ = std::move(started.value());
        sync_view_.store(sync_.get());
    });
}

std::optional<sync::SyncStatus> StoreService::SyncStatus() const {
    const sync::SyncClient* client = sync_view_.load();
    if (client == nullptr) return std::nullopt;
    return client->status();
}

}  // namespace anl::app
