// store_service: the terminal's store, on its own worker thread. The UI thread asks; the
// worker opens, decides and writes through kiosk/store (the same calls anlaufstelle-ctl
// makes) and posts an immutable snapshot of the state back through the UI inbox.
// Must never: be touched from the UI thread except through these methods; block the UI.
#pragma once

#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/app/worker.h"
#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/snapshot.h"

namespace anl::app {

using Snapshot = ui::QueueSnapshot;
using ui::SnapshotPtr;

// The estimated wait for a ticket taken now at `office_id`: everyone waiting there, at their
// services' expected times, shared among the office's open counters.
int NewTicketWaitMinutes(const core::State& state, const catalogue::Catalogue& catalogue,
                         const core::QueueRules& rules, const std::vector<core::QueueEntry>& queue,
                         std::string_view office_id, Micros now);

// Options that open an existing store only (never create one by mistake).
inline store::OpenOptions NoCreate() {
    store::OpenOptions o;
    o.create = false;
    return o;
}

// Builds a snapshot from an open store (worker thread, or tests).
SnapshotPtr TakeSnapshot(const store::Store& store, Micros now);

class StoreService {
public:
    // `on_snapshot` runs on the UI thread whenever the state changed (here or in another
    // program sharing the file).
    StoreService(std::filesystem::path path, const Clock& clock, const catalogue::Catalogue& catalogue,
                 std::string role, UiInbox& inbox, std::function<void(SnapshotPtr)> on_snapshot);
    ~StoreService();

    // Opens (creating and initialising an empty file) and posts the first snapshot;
    // `on_error` gets one sentence on the UI thread when the store cannot be used.
    void Open(std::function<void(Error)> on_error);
    // Decides and stores a command; `done` runs on the UI thread with the outcome.
    void Execute(core::Command command, std::string staff_number,
                 std::function<void(Result<store::Outcome>)> done);
    // Checks a staff number and PIN (argon2id and lock-out in the store); `done` on the UI
    // thread with the outcome as data (attempts left, locked until).
    void SignIn(std::string number, std::string pin, std::function<void(Result<core::SignInOutcome>)> done);
    // Looks for changes made by other programs on the same file (one PRAGMA data_version
    // when nothing changed; never reopens the store).
    void Poll();

private:
    void PostSnapshot();
    std::filesystem::path path_;
    const Clock& clock_;
    const catalogue::Catalogue& catalogue_;
    std::string role_;
    UiInbox& inbox_;
    std::function<void(SnapshotPtr)> on_snapshot_;
    // Owned by the worker thread only.
    std::unique_ptr<store::Store> store_;
    Worker worker_;  // last member: its thread stops before the members it uses go
};

}  // namespace anl::app
