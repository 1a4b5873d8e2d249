// desk_parts: pieces of the front desk's screen that live in their own files (private to
// kiosk/ui). desk_queue.cpp draws the screen and calls these.
#pragma once

#include "kiosk/ui/widgets.h"

namespace anl::ui {

// desk_appointments.cpp: today's bookings of the office (and, at the case managers' desk,
// its hand-offs) in place of the queue card.
void DrawDeskAppointments(const Frame& f, const DeskView& view, const Rect& card, UiActions& actions);
// desk_appointments.cpp: the slot picker (service, day, time) over the whole screen.
void DrawDeskSlotPicker(const Frame& f, const DeskView& view, UiActions& actions);

}  // namespace anl::ui
