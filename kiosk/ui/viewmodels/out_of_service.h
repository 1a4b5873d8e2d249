// out_of_service: the texts a terminal shows when it cannot work (its store does not open).
// Must never: touch the store, read the clock, or draw.
#pragma once

#include <string_view>

#include "i18n/messages/messages.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

// `role`: kiosk and call display speak to visitors in every enabled language; a desk speaks to
// its staff in `staff_lang`. `detail`: what went wrong (the store's sentence), for the
// administrator.
OutOfServiceView MakeOutOfServiceView(const messages::Messages& messages, std::string_view role,
                                      std::string_view staff_lang, std::string_view detail);

}  // namespace anl::ui
