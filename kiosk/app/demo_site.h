// demo_site: fills a store with a plausible morning (tickets in many languages, calls, a
// transfer, staff), through the same store commands the kiosk and the desks use. For the
// gallery's screens, the screen tests and the benchmark; never for a real site.
#pragma once

#include <string>

#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/snapshot.h"

namespace anl::app {

struct DemoStaff {
    std::string number = "1042";   // the actor of the morning's calls
    std::string name = "A. Demir";
    // With a PIN the staff member is also added to the store, so a desk can sign in. Empty by
    // default: hashing a PIN (argon2id, interactive limits) costs about 64 MB and 80 ms, and
    // screenshots show the signed-in desk without signing in.
    std::string pin;
};

// Initialises `store` (if needed) and runs a morning: `tickets` tickets over the first
// offices' services, a few called, one in service at counter 1, one transferred with a note;
// the staff member is added to the store when `staff.pin` is set.
// `clock` is moved forward as the morning goes.
Status SeedDemoSite(store::Store& store, FakeClock& clock, const catalogue::Catalogue& catalogue, int tickets,
                    const DemoStaff& staff = {});

// For the dashboard's gallery screens: `days` local days before the clock's day, each working
// day 70 to 108 visits from 08:00 (more on Mondays, a morning peak), called and served, a
// no-show now and then, in the demo's languages, and three booked
// appointments checked in on time. The clock ends where it started. Initialises the store
// like SeedDemoSite; run it before SeedDemoSite so the demo morning is today.
Status SeedDemoWeek(store::Store& store, FakeClock& clock, const catalogue::Catalogue& catalogue, int days = 7);

// For the desk's gallery screens (appointments panel, slot picker, the case managers' desk):
// today's bookings at every office (one checked in), an escrow of the next days' slots, and
// two hand-offs to case management (one with the visitor's consent and name, one with the
// first appointment) put into `snapshot` as a synced desk would hold them. Gallery only.
void AddDemoAppointments(ui::QueueSnapshot& snapshot, const catalogue::Catalogue& catalogue, Micros now);

}  // namespace anl::app
