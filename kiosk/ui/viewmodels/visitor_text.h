// visitor_text: wording rules every visitor screen shares, so the kiosk, the ticket, the
// call display and the out-of-service screen say the same thing the same way.
//   - a wait in words (core::WordWait: "about 25 minutes", "about 3 hours")
//   - a second language rotating with the clock (which one shows is a function of the time
//     passed in, so a screenshot at a given moment is always the same picture)
// Must never: read the clock, touch the store, or draw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/base/base.h"

namespace anl::ui {

// A wait of `minutes` (< 0: unknown) worded by core::WordWait in `lang`: "kiosk.service.wait_none"
// for none, "kiosk.service.wait_unknown" for unknown, else `minutes_key` ({minutes}) or
// `hours_key` ({hours}), plural forms from the catalogue.
std::string WaitInWords(const messages::Messages& messages, std::string_view lang, int minutes,
                        std::string_view minutes_key, std::string_view hours_key);

// How long one language of a rotation stays on screen.
inline constexpr Micros kRotationPeriod = 4 * kMicrosPerSecond;

// Which of `count` languages shows at `now`: (now / kRotationPeriod) mod count; 0 for none.
size_t RotationIndex(Micros now, size_t count);

// Micros from `now` until the rotation shows its next language (the app's next frame).
Micros UntilNextRotation(Micros now);

// The enabled languages in picker order: the out-of-service screen's rotation.
std::vector<std::string> EnabledLanguages(const messages::Messages& messages);

// The first moment from `now` at which the out-of-service rotation shows `lang` (`now` when
// `lang` is not enabled): the gallery's picture of that screen in each language.
Micros MomentShowingLanguage(const messages::Messages& messages, std::string_view lang, Micros now);

}  // namespace anl::ui
