#include "kiosk/app/store_service.h"

#include <algorithm>
#include <cstdio>
#include <system_error>

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
