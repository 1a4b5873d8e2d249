// Retention: the personal fields of events and how they are emptied (core.h section 13).
#include "kiosk/core/internal.h"

namespace anl::core {

std::vector<std::string> PurgePersonalFields(Event& event) {
    std::vector<std::string> purged;
    if (!event.payload.is_object()) return purged;
    auto empty_text = [&](const char* key) {
        auto it = event.payload.find(key);
        if (it == event.payload.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) return;
        *it = "";
        purged.push_back(key);
    };
    if (event.type == "ticket.transferred") {
        empty_text("note");
    } else if (event.type == "handoff.given") {
        empty_text("name");
        empty_text("reason");
        auto consent = event.payload.find("consent");
        if (consent != event.payload.end() && consent->is_boolean() && consent->get<bool>()) {
            *consent = false;
            purged.push_back("consent");
        }
    }
    return purged;
}

}  // namespace anl::core
