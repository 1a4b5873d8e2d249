// admin_form: the Staff and Audit pages' shared pieces (private to kiosk/ui): a text field with
// its label for mouse and keyboard, and the keyboard's input for the focused field.
#pragma once

#include "kiosk/ui/admin_parts.h"

namespace anl::ui {

// The label above, the box below (`box` holds both); a click focuses it (kAdminFieldFocus).
// The focused field shows a caret; an empty one its hint, greyed.
void AdminTextField(const Frame& f, const Rect& box, const AdminField& field, UiActions& actions);
// What was typed and erased this frame, for the focused field (when one of `fields` is).
void AdminFieldKeys(const std::vector<AdminField>& fields, UiActions& actions);
// A page's title and its one-line introduction; returns the height they take.
float AdminTitle(const Frame& f, const Rect& area, std::string_view title, std::string_view intro);

}  // namespace anl::ui
