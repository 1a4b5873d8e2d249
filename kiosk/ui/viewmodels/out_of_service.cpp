#include "kiosk/ui/viewmodels/out_of_service.h"

namespace anl::ui {

OutOfServiceView MakeOutOfServiceView(const messages::Messages& messages, std::string_view role,
                                      std::string_view staff_lang, std::string_view detail) {
    OutOfServiceView v;
    const std::string staff(staff_lang == "en" ? "en" : "de");
    if (role == "desk") {
        v.lang = staff;
        v.title = std::string(messages.Text(staff, "desk.broken.title"));
        v.lines.push_back({staff, std::string(messages.Text(staff, "desk.broken.body"))});
    } else {
        v.lang = "de";
        for (const messages::LanguageInfo& language : messages.Languages()) {
            if (!language.enabled) continue;
            v.lines.push_back({language.code, std::string(messages.Text(language.code, "common.error_ask_staff"))});
        }
    }
    if (!detail.empty()) {
        v.detail = messages.Format(staff, "desk.broken.detail", messages::Args().Str("detail", std::string(detail)));
    }
    return v;
}

}  // namespace anl::ui
