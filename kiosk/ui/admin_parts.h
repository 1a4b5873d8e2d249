// admin_parts: what the administrator's screens share (private to kiosk/ui): the navigation
// at the start side with the signed-in name and sign-out, the status line, and buttons sized
// for a mouse (the administrator sits at a desk; the kiosk's 72 px touch minimum is not theirs).
#pragma once

#include "kiosk/ui/widgets.h"

namespace anl::ui {

enum class AdminButtonKind { kQuiet, kPrimary, kSelected };

// A button for mouse and keyboard: a rounded box and its label fitted inside, logged as
// `log_name` when given. Returns true when clicked.
bool AdminButton(const Frame& f, const char* id, const Rect& box, std::string_view label,
                 AdminButtonKind kind = AdminButtonKind::kQuiet, bool enabled = true, std::string_view log_name = {});

// What was typed this frame, as UTF-8 (control characters are left to the view model's filter).
std::string TypedText();

// Draws the navigation and the status line; returns the page's content area.
Rect AdminFrame(const Frame& f, const AdminChrome& chrome, UiActions& actions);

}  // namespace anl::ui
