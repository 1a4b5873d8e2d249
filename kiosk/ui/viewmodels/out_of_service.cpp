#include "kiosk/ui/viewmodels/out_of_service.h"

#include "kiosk/ui/viewmodels/visitor_text.h"

namespace anl::ui {

OutOfServiceView MakeOutOfServiceView(const messages::Messages& messages, Role role,
                                      std::string_view staff_lang, std::string_view detail, Micros now) {
    OutOfServiceView v;
    if (role == Role::kDesk || role == Role::kAdmin) {
        const std::string staff(staff_lang == "en" ? "en" : "de");
        v.lang = staff;
        v.title = std::string(messages.Text(staff, "desk.broken.title"));
        v.lines.push_back({staff, std::string(messages.Text(staff, "desk.broken.body"))});
        if (!detail.empty()) {
            v.detail = messages.Format(staff, "desk.broken.detail", messages::Args().Str("detail", std::string(detail)));
        }
        return v;
    }
    // Visitors: the detail is for the log, never for the public.
    const std::vector<std::string> enabled = EnabledLanguages(messages);
    const size_t index = RotationIndex(now, enabled.size());
    v.for_visitors = true;
    v.lang = enabled.empty() ? std::string("de") : enabled[index];
    v.language_index = int(index);
    v.language_count = int(enabled.size());
    const bool board = role == Role::kBoard;
    v.pictogram = board ? "tv_off" : "construction";
    v.sentence = std::string(messages.Text(v.lang, board ? "board.out_of_service" : "kiosk.out_of_service.title"));
    v.where = std::string(messages.Text(v.lang, "kiosk.out_of_service.where"));
    return v;
}

}  // namespace anl::ui
