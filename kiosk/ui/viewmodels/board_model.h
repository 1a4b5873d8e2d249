// board_model: the call display's view model from the queue snapshot, and whether a new call
// arrived since the last snapshot (then the app plays the chime).
// Must never: read the clock, touch the store, or draw.
#pragma once

#include <string>

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
    BoardView Board() const;

private:
    const catalogue::Catalogue& catalogue_;
    const messages::Messages& messages_;
    std::string lang_;
    SnapshotPtr snapshot_;
    Micros newest_seen_ = -1;
};

}  // namespace anl::ui
