// board_model: the call display's view model from the queue snapshot, and whether a new call
// arrived since the last snapshot (then the app plays the chime).
// Must never: read the clock (the time is passed in), touch the store, or draw.
#pragma once

#include <string>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ui/ui.h"
#include "kiosk/ui/viewmodels/snapshot.h"

namespace anl::ui {

class BoardModel {
public:
    BoardModel(const catalogue::Catalogue& catalogue, const messages::Messages& messages, std::string lang)
        : catalogue_(catalogue), messages_(messages), lang_(std::move(lang)) {}
    // Takes a new snapshot; returns true when it holds a call newer than any seen before
    // (never for the first snapshot: a display switched on does not chime for old calls).
    bool SetSnapshot(SnapshotPtr snapshot);
    // The calls (and recalls) the last SetSnapshot brought, oldest first: what the call
    // display announces. Empty for the first snapshot.
    const std::vector<core::Call>& FreshCalls() const { return fresh_calls_; }
    // The called visitor's language ("" when the snapshot does not know the ticket).
    std::string VisitorLang(const core::Call& call) const;
    // The view at `now` (which language the second line shows comes from it).
    BoardView Board(Micros now) const;
    // The visitors' languages the second line rotates through: those of the tickets waiting
    // or called, other than the display's, in picker order; English when there are none.
    std::vector<std::string> SecondLanguages() const;

    // A visual flash with each call, for visitors who cannot hear the chime: the app says when
    // fresh calls arrived; the view flashes kFlashPulses times, one pulse a second (well under
    // the three flashes a second WCAG 2.3.1 allows).
    static constexpr int kFlashPulses = 3;
    static constexpr Micros kFlashPeriod = 1'000'000, kFlashOn = 500'000;
    void Flash(Micros now) { flash_from_ = now; }
    bool Flashing(Micros now) const;
    // How long until the flash turns on or off (0: no flash under way).
    Micros UntilFlashChange(Micros now) const;

private:
    const catalogue::Catalogue& catalogue_;
    const messages::Messages& messages_;
    std::string lang_;
    SnapshotPtr snapshot_;
    Micros newest_seen_ = -1;
    Micros flash_from_ = -1;
    std::vector<core::Call> fresh_calls_;
};

}  // namespace anl::ui
