// The site's network in the store: the partner directory and case management kept with the
// catalogue (as JSON rows of appointment_settings, beside the appointment hours), and the
// case-management hand-offs, a projection of handoff.given events.
#include "kiosk/store/network_sql.h"

#include <algorithm>

#include "kiosk/store/staff_only.h"
#include "kiosk/store/store.h"

namespace anl::store::network {

using nlohmann::json;

Status WriteSettings(sql::Connection& db, const catalogue::Catalogue& catalogue) {
    json partners = json::array();
    for (const auto& p : catalogue.partners)
        partners.push_back({{"id", p.id}, {"name", p.name}, {"address", p.address}, {"hours", p.hours},
                            {"languages", p.languages}, {"topics", p.topics}, {"web", p.web}});
    json case_management = {{"service", catalogue.case_management.service_id},
                            {"reasons", catalogue.case_management.reasons}};
    // The retention period (docs/DATA-PROTECTION.md) travels with the catalogue like these.
    json retention = {{"days", catalogue.retention.days}};
    // The counters and the services each offers: a desk's "call next" at a counter calls only
    // those (core::CallNext decides on this catalogue).
    json counters = json::array();
    for (const auto& c : catalogue.counters)
        counters.push_back({{"number", c.number}, {"office", c.office_id}, {"name", c.name}, {"services", c.service_ids}});
    const std::pair<const char*, json> rows[] = {{"partners", partners},
                                                 {"case_management", case_management},
                                                 {"retention", retention},
                                                 {"counters", counters}};
    for (const auto& [name, value] : rows) {
        auto s = db.Prepare("INSERT INTO appointment_settings (name, value) VALUES (?, ?) "
                            "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
        if (!s.ok()) return s.error();
        s->BindAll(name, value.dump());
        if (auto ok = db.Write(*s); !ok) return ok;
    }
    return {};
}

namespace {
std::string Text(const json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::vector<std::string> Texts(const json& j, const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) return out;
    for (const auto& v : *it)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}
}  // namespace

Status LoadSettings(sql::Connection& db, catalogue::Catalogue& catalogue) {
    auto s = db.Prepare(
        "SELECT name, value FROM appointment_settings WHERE name IN ('partners', 'case_management', 'retention', "
        "'counters')");
    if (!s.ok()) return s.error();
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        std::string name = s->Text(0);
        json value = json::parse(s->Text(1), nullptr, false);
        if (name == "partners" && value.is_array()) {
            for (const auto& p : value)
                if (p.is_object())
                    catalogue.partners.push_back({Text(p, "id"), Text(p, "name"), Text(p, "address"), Text(p, "hours"),
                                                  Texts(p, "languages"), Texts(p, "topics"), Text(p, "web")});
        } else if (name == "case_management" && value.is_object()) {
            catalogue.case_management.service_id = Text(value, "service");
            catalogue.case_management.reasons = Texts(value, "reasons");
        } else if (name == "counters" && value.is_array()) {
            for (const auto& c : value) {
                if (!c.is_object()) continue;
                auto number = c.find("number");
                if (number == c.end() || !number->is_number_integer()) continue;
                catalogue.counters.push_back({number->get<int>(), Text(c, "office"), Text(c, "name"), Texts(c, "services")});
            }
        } else if (name == "retention" && value.is_object()) {
            auto days = value.find("days");
            if (days != value.end() && days->is_number_integer() && days->get<int>() >= catalogue::Retention::kMinDays &&
                days->get<int>() <= catalogue::Retention::kMaxDays)
                catalogue.retention.days = days->get<int>();
        }
    }
    return {};
}

Status Project(sql::Connection& db, const core::State& state, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        auto it = state.handoffs.find(id);
        if (!ANL_ALWAYS(it != state.handoffs.end())) continue;
        const core::Handoff& h = it->second;
        auto s = db.Prepare(
            "INSERT INTO handoffs (id, ticket_id, office_id, service_id, reason, to_service_id, appointment_id, "
            "consent, name, given_by, at_us) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING");
        if (!s.ok()) return s.error();
        s->BindAll(h.id, h.ticket_id, h.office_id, h.service_id, h.reason, h.to_service_id, h.appointment_id,
                   h.consent, h.name, h.given_by, h.at_us);
        if (auto ok = db.Write(*s); !ok) return ok;
    }
    return {};
}

Status Load(sql::Connection& db, core::State& state) {
    auto s = db.Prepare("SELECT id, ticket_id, office_id, service_id, reason, to_service_id, appointment_id, consent, "
                        "name, given_by, at_us FROM handoffs");
    if (!s.ok()) return s.error();
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        core::Handoff h;
        h.id = s->Text(0);
        h.ticket_id = s->Text(1);
        h.office_id = s->Text(2);
        h.service_id = s->Text(3);
        h.reason = s->Text(4);
        h.to_service_id = s->Text(5);
        h.appointment_id = s->Text(6);
        h.consent = s->Int(7) != 0;
        h.name = h.consent ? s->Text(8) : std::string();
        h.given_by = s->Text(9);
        h.at_us = s->Int(10);
        if (const core::Ticket* t = state.FindTicket(h.ticket_id))
            if (const core::Visit* v = state.FindVisit(t->visit_id)) h.display = v->display;
        state.handoffs.emplace(h.id, std::move(h));
    }
    return {};
}

}  // namespace anl::store::network

// --- the store's referral and hand-off commands ---------------------------------------------

namespace anl::store {

Result<core::Event> Store::GiveReferral(const core::GiveReferral& command, const std::string& staff_number) {
    if (auto ok = OnlyADesk(self().role, "give a referral"); !ok) return ok.error();
    return ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                              sql::Connection&) -> Result<core::Event> {
        core::Actor desk = actor;
        desk.staff_number = staff_number;
        return core::DecideReferral(catalogue(), desk, now, command);
    });
}

Result<core::Handoff> Store::HandToCaseManagement(const core::HandToCaseManagement& command,
                                                  const std::string& staff_number) {
    if (auto ok = OnlyADesk(self().role, "hand a visit to case management"); !ok) return ok.error();
    auto event = ExecuteDecided([&](const core::State& state, const core::Actor& actor, Micros now,
                                    sql::Connection&) -> Result<core::Event> {
        core::Actor desk = actor;
        desk.staff_number = staff_number;
        return core::DecideHandoff(state, catalogue(), desk, now, command);
    });
    if (!event.ok()) return event.error();
    return state().handoffs.at(event->payload.at("handoff_id").get<std::string>());
}

std::vector<core::Handoff> Store::Handoffs() const {
    std::vector<core::Handoff> out;
    for (const auto& [id, h] : state().handoffs) out.push_back(h);
    std::sort(out.begin(), out.end(), [](const core::Handoff& a, const core::Handoff& b) { return a.at_us > b.at_us; });
    return out;
}

}  // namespace anl::store
