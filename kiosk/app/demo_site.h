// demo_site: fills a store with a plausible morning (tickets in many languages, calls, a
// transfer, staff), through the same store commands the kiosk and the desks use. For the
// gallery's screens, the screen tests and the benchmark; never for a real site.
#pragma once

#include <string>

#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"

namespace anl::app {

struct DemoStaff {
    std::string number = "1042";
    std::string name = "A. Demir";
    std::string pin = "2468";
};

// Initialises `store` (if needed) and runs a morning: `tickets` tickets over the first
// offices' services, a few called, one in service at counter 1, one transferred with a note.
// `clock` is moved forward as the morning goes.
Status SeedDemoSite(store::Store& store, FakeClock& clock, const catalogue::Catalogue& catalogue, int tickets,
                    const DemoStaff& staff = {});

}  // namespace anl::app
