// out_of_service: the texts a terminal shows when it cannot work (its store does not open).
// Must never: touch the store, read the clock (the time is passed in), or draw.
#pragma once

#include <string_view>

#include "i18n/messages/messages.h"
#include "kiosk/base/base.h"
#include "kiosk/base/role.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

// `role`: a kiosk or call display speaks to visitors: one short sentence and where to go
// instead, in the enabled languages in turn (picker order, kRotationPeriod each, chosen from
// `now`), and never the detail. A desk speaks to its staff in `staff_lang` and shows
// `detail` (the store's sentence) for the administrator.
OutOfServiceView MakeOutOfServiceView(const messages::Messages& messages, Role role,
                                      std::string_view staff_lang, std::string_view detail, Micros now);

}  // namespace anl::ui
