// store_service: the terminal's store, on its own worker thread. The UI thread asks; the
// worker opens, decides and writes through kiosk/store (the same calls anlaufstelle-ctl
// makes) and posts an immutable snapshot of the state back through the UI inbox. When the
// store is enrolled, the sync worker (sync/client SyncClient) runs beside it on its own
// thread and shares the store under one mutex; a local action nudges it to push at once.
// Must never: be touched from the UI thread except through these methods; block the UI.
#pragma once

#include <atomic>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "kiosk/app/worker.h"
#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/figures/figures.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "kiosk/ui/viewmodels/admin_session.h"
#include "kiosk/ui/viewmodels/desk_session.h"
#include "kiosk/ui/viewmodels/snapshot.h"
#include "sync/client/client.h"

namespace anl::app {

using Snapshot = ui::QueueSnapshot;
using ui::SnapshotPtr;

// Options that open an existing store only (never create one by mistake).
inline store::OpenOptions NoCreate() {
    store::OpenOptions o;
    o.create = false;
    return o;
}

// Builds a snapshot from an open store (worker thread, or tests).
SnapshotPtr TakeSnapshot(const store::Store& store, Micros now);

// The kiosk's view of a check-in verdict: the ticket's number and the appointment's office.
ui::CheckInAnswer CheckInAnswerOf(const store::CheckIn& checked, const catalogue::Catalogue& catalogue);

// The kiosk's day picker for a service: the next ui::kBookingDays working days with the slots
// this terminal can give now: those of its escrow, and online also those the central lists as
// free (`free_at_central`; nullptr offline). A slot with a standing booking is never offered.
Result<std::vector<core::SlotDay>> BookableDays(const store::Store& store, const std::string& service_id, Micros now,
                                                const std::set<std::string>* free_at_central);
// What a kiosk booking came to, for the flow: booked; taken meanwhile (the central or the
// store refused the slot: the fresh days come along, so the visitor picks another time); or
// failed (anything else: the visitor asks the staff).
ui::BookingAnswer BookingAnswerOf(const Result<core::Appointment>& booked, const store::Store& store,
                                  const std::string& service_id, Micros now,
                                  const std::set<std::string>* free_at_central);

// A store's figures fold kept between dashboard requests, folded up to the event at `pos`.
struct KeptFiguresFold {
    std::unique_ptr<figures::SiteFold> fold;
    std::int64_t pos = 0;
};

// The dashboard's figures from an open store (worker thread, the gallery, tests): every event
// of the store in its arrival order (refused ones not) folded (figures::SiteFold) and
// summarised for `period` as of `now` in the site's time zone, and today's live view from
// the folded state. With `kept`, only the events after its position are folded, into it.
Result<figures::Dashboard> KeyFiguresOf(const store::Store& store, figures::Period period, const std::string& office_id,
                                        Micros now, KeptFiguresFold* kept = nullptr);

class StoreService {
public:
    // `on_snapshot` runs on the UI thread whenever the state changed (here or in another
    // program sharing the file).
    StoreService(std::filesystem::path path, const Clock& clock, const catalogue::Catalogue& catalogue,
                 Role role, UiInbox& inbox, std::function<void(SnapshotPtr)> on_snapshot);
    ~StoreService();

    // Opens (creating and initialising an empty file) and posts the first snapshot;
    // `on_error` gets one sentence on the UI thread when the store cannot be used.
    void Open(std::function<void(Error)> on_error);
    // Decides and stores a command; `done` runs on the UI thread with the outcome.
    void Execute(core::Command command, std::string staff_number,
                 std::function<void(Result<store::Outcome>)> done);
    // Checks a visitor in with a booking reference (Store::CheckInAppointment): on time the
    // ticket with appointment priority; `done` on the UI thread with the verdict as data.
    void CheckIn(std::string reference, std::function<void(Result<store::CheckIn>)> done);
    // The kiosk's day picker for `service_id` (BookableDays): online the central's free slots
    // are asked on this worker (never holding the store across the network), offline only the
    // escrow counts. `done` on the UI thread.
    void BookingDays(std::string service_id, std::function<void(Result<std::vector<core::SlotDay>>)> done);
    // Books a slot for a visitor at the kiosk: online the central holds it first
    // (sync::BookOnline); offline, or when the central cannot be reached, only from this
    // terminal's escrow. `done` on the UI thread with the answer and, when booked, the booking.
    void Book(core::BookAppointment command, std::function<void(ui::BookingAnswer, std::optional<core::Appointment>)> done);
    // A desk's referral, case-management hand-off or appointment action (DeskRequest
    // kReferral / kHandoff / kAppointment: RunDeskRequest); `done` on the UI thread.
    void Network(ui::DeskRequest request, std::string staff_number, std::function<void(ui::DeskAnswer)> done);
    // Checks a staff number and PIN (argon2id and lock-out in the store); `done` on the UI
    // thread with the outcome as data (attempts left, locked until).
    void SignIn(std::string number, std::string pin, std::function<void(Result<core::SignInOutcome>)> done);
    // The administrator's staff and audit requests (RunAdminStoreRequest); `done` on the UI thread.
    void Admin(ui::AdminRequest request, std::function<void(ui::AdminAnswer)> done);
    // The administrator's dashboard (KeyFiguresOf at the clock's now); `done` on the UI thread.
    void KeyFigures(figures::Period period, std::string office_id, std::function<void(Result<figures::Dashboard>)> done);
    // Records that this terminal's printer failed or works again (a device.alert event the
    // desks show); fire and forget: a failure to record it goes to stderr.
    void ReportDeviceAlert(std::string device_kind, bool failed);
    // Records a visitor's anonymous feedback (feedback.given) and nudges sync; fire and forget:
    // the visitor already sees the thank-you, a failure to record it goes to stderr.
    void GiveFeedback(core::GiveFeedback feedback);
    // The kiosk's end-of-visit feedback: whether today's visit with this number is finished
    // (Store::FindVisitEnd); `done` runs on the UI thread.
    void FindVisitEnd(std::string typed_number, std::function<void(Result<core::VisitEnd>)> done);
    // Looks for changes made by other programs on the same file (one PRAGMA data_version
    // when nothing changed; never reopens the store) or by the sync worker.
    void Poll();

    // After Open: when the store is enrolled (its sync journal holds credentials), starts
    // the sync worker on the shared store; not enrolled, nothing happens. `on_error` gets
    // one sentence on the UI thread when the journal cannot be read.
    void StartSync(sync::ClientOptions options, std::function<void(Error)> on_error);
    // The sync worker's latest status (never waits for the network or the store); nullopt
    // while no worker runs (not enrolled, or not started yet).
    std::optional<sync::SyncStatus> SyncStatus() const;

private:
    void PostSnapshot();
    std::filesystem::path path_;
    const Clock& clock_;
    const catalogue::Catalogue& catalogue_;
    Role role_;
    UiInbox& inbox_;
    std::function<void(SnapshotPtr)> on_snapshot_;
    // Owned by the worker thread only; the sync worker reaches store_ under store_mutex_.
    std::mutex store_mutex_;
    std::unique_ptr<store::Store> store_;
    KeptFiguresFold figures_fold_;  // the dashboard's, on the worker thread
    // The central's slot endpoints for kiosk bookings (its own transport; worker thread only).
    std::optional<sync::Journal> central_journal_;
    std::unique_ptr<sync::Transport> central_transport_;
    std::optional<std::set<std::string>> FreeAtCentral(const std::string& service_id, Micros now);
    std::unique_ptr<sync::SyncClient> sync_;  // after store_: it stops before the store closes
    std::atomic<sync::SyncClient*> sync_view_{nullptr};  // for SyncStatus() on any thread
    std::filesystem::file_time_type seen_db_, seen_wal_;
    Worker worker_;  // last member: its thread stops before the members it uses go
};

}  // namespace anl::app
