// sign_in_form: the staff sign-in's two fields (number, PIN), shared by the desk and the
// administration, so both type, erase and move between the fields the same way.
// Must never: check a PIN (the store does) or keep the PIN past the request (the sessions
// clear it when they send it).
#pragma once

#include <string>

#include "kiosk/base/base.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

// Applies a typing, erasing or focus action to the fields; false for any other action.
// `focus` is 0 for the number, 1 for the PIN; typing a number clears `locked` (another
// number may sign in). Typed or pasted text from outside loses control characters and ESC
// sequences; each field holds at most 12 characters.
inline bool ApplySignInField(const UiAction& action, std::string& number, std::string& pin, int& focus, bool& locked) {
    switch (action.kind) {
        case Action::kSignInType: {
            std::string& field = focus == 0 ? number : pin;
            const std::string typed = FilterTypedText(action.text, TextShape::kSingleLine);
            if (field.size() + typed.size() <= 12) field += typed;
            if (focus == 0) locked = false;
            return true;
        }
        case Action::kSignInErase: {
            std::string& field = focus == 0 ? number : pin;
            if (!field.empty()) field.pop_back();
            return true;
        }
        case Action::kSignInFocus:
            focus = action.value == 1 ? 1 : 0;
            return true;
        default:
            return false;
    }
}

}  // namespace anl::ui
