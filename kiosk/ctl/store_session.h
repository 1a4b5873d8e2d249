// Private to anlaufstelle-ctl: opens the --db store for a command, with the system clock.
// Commands call the same store/core functions the terminal's screens call.
#pragma once

#include <iostream>
#include <memory>

#include "i18n/messages/messages.h"
#include "kiosk/ctl/ctl.h"
#include "kiosk/store/store.h"

namespace anl::ctl {

struct StoreSession {
    SystemClock clock;
    std::unique_ptr<store::Store> store;
};

// Opens the store; on failure reports the error (Fail) and returns nullptr. `create`: make a
// new file when there is none (only init does); `need_site`: refuse a store without init.
inline std::unique_ptr<StoreSession> OpenStore(Context& ctx, bool create = false, bool need_site = true) {
    auto session = std::make_unique<StoreSession>();
    store::OpenOptions options;
    options.create = create;
    auto opened = store::Store::Open(ctx.db_path, session->clock, options);
    if (!opened.ok()) {
        Fail(ctx, opened.error());
        return nullptr;
    }
    session->store = std::move(opened).value();
    if (need_site && !session->store->initialised()) {
        Fail(ctx, MakeError(ErrorCode::kRejected, ctx.db_path + " is not set up yet; run `anlaufstelle-ctl --db " +
                                                      ctx.db_path + " init` first."));
        return nullptr;
    }
    return session;
}

// A visitor's language (--lang) must be one the kiosk offers: an enabled language of the
// shipped catalogues. Anything else ("zz") is refused before it reaches an event.
inline Status CheckVisitorLanguage(const std::string& lang) {
    auto messages = messages::Messages::Load(messages::Messages::DefaultDir());
    if (!messages.ok()) return messages.error();
    const messages::LanguageInfo* language = messages->FindLanguage(lang);
    if (language != nullptr && language->enabled) return {};
    std::string offered;
    for (const auto& l : messages->Languages())
        if (l.enabled) offered += (offered.empty() ? "" : ", ") + l.code;
    return MakeError(ErrorCode::kInvalidInput, "The language \"" + lang + "\" is not offered here; use one of " +
                                                   offered + ".");
}

// --staff must name a staff member of this store (as a desk signs in); empty: nobody.
inline Status CheckStaffNumber(const store::Store& s, const std::string& number) {
    if (number.empty()) return {};
    auto names = s.StaffNames();
    if (!names.ok()) return names.error();
    if (names->contains(number)) return {};
    return MakeError(ErrorCode::kNotFound, "There is no staff number " + number +
                                               " in this store; add it with `anlaufstelle-ctl staff add` "
                                               "or check the number.");
}

// One queue line as JSON (ticket issue, queue list and desk commands print the same shape).
inline nlohmann::json QueueEntryJson(const core::QueueEntry& e) {
    return {{"number", e.display},
            {"ticket_id", e.ticket_id},
            {"office", e.office_id},
            {"service", e.service_id},
            {"state", std::string(core::TicketStateName(e.state))},
            {"position", e.position},
            {"estimated_wait_minutes", e.estimated_wait_minutes},
            {"lang", e.lang},
            {"interpreter", e.interpreter},
            {"priority", e.priority_class},
            {"arrival_at_us", e.arrival_at},
            {"counter", e.counter},
            {"note", e.note}};
}

// A visit's stops: [{office, service, progress: done|now|next|ended, state, ticket_id, staff}].
inline nlohmann::json StopsJson(const core::State& state, const std::string& visit_id) {
    static constexpr const char* kProgress[] = {"done", "now", "next", "ended"};
    nlohmann::json stops = nlohmann::json::array();
    for (const auto& stop : core::VisitStops(state, visit_id)) {
        stops.push_back({{"office", stop.office_id},
                         {"service", stop.service_id},
                         {"progress", kProgress[static_cast<int>(stop.progress)]},
                         {"state", stop.ticket_id.empty() ? "" : std::string(core::TicketStateName(stop.state))},
                         {"ticket_id", stop.ticket_id},
                         {"staff", stop.staff}});
    }
    return stops;
}

// The current queue line of a ticket, also when it is no longer open (done, no-show ...),
// with its visit's stops.
inline nlohmann::json TicketJson(const store::Store& s, const std::string& ticket_id) {
    const core::Ticket* t = s.state().FindTicket(ticket_id);
    if (!ANL_ALWAYS(t != nullptr)) return nlohmann::json::object();
    for (const auto& e : s.Queue()) {
        if (e.ticket_id != ticket_id) continue;
        auto line = QueueEntryJson(e);
        line["stops"] = StopsJson(s.state(), t->visit_id);
        return line;
    }
    const core::Visit* v = s.state().FindVisit(t->visit_id);
    return {{"stops", StopsJson(s.state(), t->visit_id)},
            {"number", v ? v->display : t->id},
            {"ticket_id", t->id},
            {"office", t->office_id},
            {"service", t->service_id},
            {"state", std::string(core::TicketStateName(t->state))},
            {"position", 0},
            {"estimated_wait_minutes", 0},
            {"lang", v ? v->lang : ""},
            {"interpreter", v ? v->interpreter : false},
            {"priority", v ? v->priority_class : ""},
            {"arrival_at_us", v ? v->arrival_at : 0},
            {"counter", t->counter},
            {"note", t->note},
            {"outcome", t->outcome}};
}

// "A-001  abh  abh.permit-extension  waiting  #1  ~0 min  de"
inline void PrintTicketLine(const nlohmann::json& t) {
    // Everything here may come from another device or an old store: escaped for the terminal.
    const auto text = [&t](const char* field) { return Shown(t[field].get<std::string>()); };
    std::cout << text("number") << "  " << text("office") << "  " << text("service") << "  " << text("state");
    if (t["position"].get<int>() > 0)
        std::cout << "  #" << t["position"].get<int>() << "  ~" << t["estimated_wait_minutes"].get<int>() << " min";
    if (t["counter"].get<int>() > 0) std::cout << "  counter " << t["counter"].get<int>();
    std::cout << "  " << text("lang");
    if (t["interpreter"].get<bool>()) std::cout << "  interpreter";
    if (!t["priority"].get<std::string>().empty()) std::cout << "  priority:" << text("priority");
    if (!t["note"].get<std::string>().empty()) std::cout << "  note: " << text("note");
    if (t.contains("stops") && t["stops"].size() > 1) {
        std::cout << "  stops:";
        for (const auto& stop : t["stops"])
            std::cout << " " << Shown(stop["service"].get<std::string>()) << " ("
                      << stop["progress"].get<std::string>() << ")";
    }
    std::cout << "\n";
}

}  // namespace anl::ctl
