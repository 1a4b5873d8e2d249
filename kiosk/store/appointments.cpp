// The terminal's appointment slots: its escrow (slots the central service lets it give out
// offline; local configuration, replaced on every renewal) and the bookings, a projection of
// appointment.* events written with them in one transaction (store.cpp's seam).
#include <algorithm>

#include "kiosk/store/appointments_sql.h"
#include "kiosk/store/staff_only.h"
#include "kiosk/store/store.h"

namespace anl::store {

namespace appointments {

Status Project(sql::Connection& db, const core::State& state, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        auto it = state.appointments.find(id);
        if (!ANL_ALWAYS(it != state.appointments.end())) continue;
        const core::Appointment& a = it->second;
        auto s = db.Prepare(
            "INSERT INTO appointment_bookings (id, reference, slot_id, service_id, start_us, end_us, lang, booked_by, "
            "booked_at, status, refused_because, arrived_ticket, arrived_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT(id) DO UPDATE SET status=excluded.status, refused_because=excluded.refused_because, "
            "arrived_ticket=excluded.arrived_ticket, arrived_at=excluded.arrived_at");
        if (!s.ok()) return s.error();
        s->BindAll(a.id, a.reference, a.slot_id, a.service_id, a.start_us, a.end_us, a.lang, a.booked_by, a.booked_at,
                   std::string(core::AppointmentStatusName(a.status)), a.refused_because, a.arrived_ticket, a.arrived_at);
        if (auto ok = db.Write(*s); !ok) return ok;
    }
    return {};
}

Status WriteSettings(sql::Connection& db, const catalogue::Catalogue& catalogue) {
    nlohmann::json hours = nlohmann::json::object(), slots = nlohmann::json::object();
    for (const auto& [office, periods] : catalogue.office_hours) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& p : periods) list.push_back({p.weekday, p.open_minute, p.close_minute});
        hours[office] = list;
    }
    for (const auto& [service, settings] : catalogue.service_slots)
        slots[service] = {settings.slot_minutes, settings.slot_capacity};
    const std::pair<const char*, nlohmann::json> rows[] = {
        {"holidays", catalogue.holidays}, {"office_hours", hours}, {"service_slots", slots}};
    for (const auto& [name, value] : rows) {
        auto s = db.Prepare("INSERT INTO appointment_settings (name, value) VALUES (?, ?) "
                            "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
        if (!s.ok()) return s.error();
        s->BindAll(name, value.dump());
        if (auto ok = db.Write(*s); !ok) return ok;
    }
    return {};
}

Status LoadSettings(sql::Connection& db, catalogue::Catalogue& catalogue) {
    auto s = db.Prepare("SELECT name, value FROM appointment_settings");
    if (!s.ok()) return s.error();
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        std::string name = s->Text(0);
        nlohmann::json value = nlohmann::json::parse(s->Text(1), nullptr, false);
        auto ints = [](const nlohmann::json& j, std::size_t n) {
            if (!j.is_array() || j.size() != n) return false;
            for (const auto& v : j)
                if (!v.is_number_integer()) return false;
            return true;
        };
        if (name == "holidays" && value.is_array()) {
            for (const auto& day : value)
                if (day.is_string()) catalogue.holidays.push_back(day.get<std::string>());
        } else if (name == "office_hours" && value.is_object()) {
            for (const auto& [office, list] : value.items())
                if (list.is_array())
                    for (const auto& p : list)
                        if (ints(p, 3)) catalogue.office_hours[office].push_back({p[0].get<int>(), p[1].get<int>(), p[2].get<int>()});
        } else if (name == "service_slots" && value.is_object()) {
            for (const auto& [service, settings] : value.items())
                if (ints(settings, 2))
                    catalogue.service_slots[service] = {settings[0].get<int>(), settings[1].get<int>()};
        }
    }
    return {};
}

Status Load(sql::Connection& db, core::State& state) {
    auto s = db.Prepare("SELECT id, reference, slot_id, service_id, start_us, end_us, lang, booked_by, booked_at, "
                        "status, refused_because, arrived_ticket, arrived_at FROM appointment_bookings");
    if (!s.ok()) return s.error();
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        core::Appointment a{s->Text(0), s->Text(1), s->Text(2), s->Text(3), s->Int(4), s->Int(5), s->Text(6),
                            s->Text(7), s->Int(8), core::AppointmentStatus::kBooked, s->Text(10), s->Text(11), s->Int(12)};
        std::string status = s->Text(9);
        if (status == "cancelled") a.status = core::AppointmentStatus::kCancelled;
        if (status == "refused") {
            a.status = core::AppointmentStatus::kRefused;
            state.refusals[a.id] = a.refused_because;
        }
        state.appointments.emplace(a.id, std::move(a));
    }
    return {};
}

}  // namespace appointments

namespace {

Status WriteEscrowSlot(sql::Connection& db, const EscrowSlot& slot) {
    auto s = db.Prepare("INSERT INTO appointment_escrow (slot_id, service_id, start_us, end_us, expires_us) "
                        "VALUES (?,?,?,?,?) ON CONFLICT(slot_id) DO UPDATE SET expires_us=excluded.expires_us");
    if (!s.ok()) return s.error();
    s->BindAll(slot.slot_id, slot.service_id, slot.start_us, slot.end_us, slot.expires_us);
    return db.Write(*s);
}

// Runs `body` in a write transaction of its own (the escrow is not an event).
template <typename F>
Status InWrite(sql::Connection& db, F&& body) {
    if (auto ok = db.Begin(); !ok) return ok;
    Status ok = body();
    if (ok) ok = db.Commit();
    if (!ok) db.Rollback();
    return ok;
}

Result<std::optional<EscrowSlot>> FindEscrowSlot(sql::Connection& db, const std::string& slot_id) {
    auto s = db.Prepare("SELECT slot_id, service_id, start_us, end_us, expires_us FROM appointment_escrow "
                        "WHERE slot_id = ?");
    if (!s.ok()) return s.error();
    s->Bind(1, slot_id);
    auto row = db.Next(*s);
    if (!row.ok()) return row.error();
    if (!*row) return std::optional<EscrowSlot>{};
    EscrowSlot slot{s->Text(0), s->Text(1), s->Int(2), s->Int(3), s->Int(4)};
    sqlite3_reset(s->get());
    return std::optional<EscrowSlot>{slot};
}

}  // namespace

Status Store::ReplaceEscrow(const std::vector<EscrowSlot>& slots) {
    sql::Connection& db = connection();
    return InWrite(db, [&]() -> Status {
        auto clear = db.Prepare("DELETE FROM appointment_escrow");
        if (!clear.ok()) return clear.error();
        if (auto ok = db.Write(*clear); !ok) return ok;
        for (const auto& slot : slots)
            if (auto ok = WriteEscrowSlot(db, slot); !ok) return ok;
        return {};
    });
}

Status Store::AddToEscrow(const EscrowSlot& slot) {
    sql::Connection& db = connection();
    return InWrite(db, [&]() -> Status { return WriteEscrowSlot(db, slot); });
}

Result<std::vector<EscrowSlot>> Store::Escrow() const {
    sql::Connection& db = connection();
    auto s = db.Prepare("SELECT slot_id, service_id, start_us, end_us, expires_us FROM appointment_escrow "
                        "ORDER BY start_us, slot_id");
    if (!s.ok()) return s.error();
    std::vector<EscrowSlot> out;
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        out.push_back({s->Text(0), s->Text(1), s->Int(2), s->Int(3), s->Int(4)});
    }
    Micros now = NowForAppointments();
    std::erase_if(out, [&](const EscrowSlot& slot) {
        return slot.expires_us <= now || slot.start_us <= now || core::StandingBooking(state(), slot.slot_id) ||
               std::any_of(state().appointments.begin(), state().appointments.end(), [&](const auto& entry) {
                   return entry.second.slot_id == slot.slot_id && entry.second.booked_by == self().id;
               });
    });
    return out;
}

Result<core::Appointment> Store::BookAppointment(const core::BookAppointment& command) {
    std::string site = this->site().site_id;
    core::QueueRules rules = this->site().rules;
    const catalogue::Catalogue& cat = catalogue();
    auto event = ExecuteDecided([&](const core::State& state, const core::Actor& actor, Micros now,
                                    sql::Connection& db) -> Result<core::Event> {
        auto held = FindEscrowSlot(db, command.slot_id);
        if (!held.ok()) return held.error();
        if (!held.value() || held.value()->expires_us <= now)
            return MakeError(ErrorCode::kRejected,
                             "This terminal may not give out the slot " + command.slot_id.substr(0, 120) +
                                 " without the central service: it is not in its escrow. Connect to the central "
                                 "service or choose a slot from `appointment escrow`.");
        for (const auto& [id, a] : state.appointments)
            if (a.slot_id == command.slot_id && a.booked_by == actor.device_id)
                return MakeError(ErrorCode::kRejected, "This terminal has booked the slot " + command.slot_id +
                                                           " already; an escrow slot is given out once.");
        return core::DecideBooking(state, cat, site, rules, actor, now, command);
    });
    if (!event.ok()) return event.error();
    return state().appointments.at(event->payload.at("appointment_id").get<std::string>());
}

Result<core::Appointment> Store::CancelAppointment(std::string_view reference) {
    if (auto ok = OnlyADesk(self().role, "cancel an appointment"); !ok) return ok.error();
    auto event = ExecuteDecided([&](const core::State& state, const core::Actor& actor, Micros now,
                                    sql::Connection&) -> Result<core::Event> {
        return core::DecideCancel(state, actor, now, reference);
    });
    if (!event.ok()) return event.error();
    return state().appointments.at(event->payload.at("appointment_id").get<std::string>());
}

Result<CheckIn> Store::CheckInAppointment(std::string_view reference) {
    const core::QueueRules rules = site().rules;
    const catalogue::Catalogue& cat = catalogue();
    CheckIn result;
    auto display_of = [this](const std::string& ticket_id) {
        const core::Ticket* t = state().FindTicket(ticket_id);
        const core::Visit* v = t ? state().FindVisit(t->visit_id) : nullptr;
        return v ? v->display : std::string();
    };
    result.verdict = core::JudgeCheckIn(state(), rules, reference, NowForAppointments());
    if (result.verdict.reason == core::kCheckInArrived) result.display = display_of(result.verdict.appointment->arrived_ticket);
    if (result.verdict.reason != core::kCheckInOnTime) return result;
    // Judged again inside the transaction: another connection may have checked in meanwhile.
    auto event = ExecuteDecided([&](const core::State& state, const core::Actor& actor, Micros now,
                                    sql::Connection&) -> Result<core::Event> {
        auto events = core::DecideCheckIn(state, cat, rules, actor, now, reference);
        if (!events.ok()) return events.error();
        ANL_ASSERT(events->size() == 1 && "a check-in is one ticket.issued event");
        return events->front();
    });
    if (!event.ok()) {
        if (event.error().reason.empty()) return event.error();
        result.verdict = core::JudgeCheckIn(state(), rules, reference, NowForAppointments());
        if (result.verdict.reason == core::kCheckInArrived)
            result.display = display_of(result.verdict.appointment->arrived_ticket);
        return result;
    }
    result.ticket_id = event->payload.at("ticket_id").get<std::string>();
    result.display = display_of(result.ticket_id);
    result.verdict.appointment = state().appointments.at(event->payload.at("appointment_id").get<std::string>());
    return result;
}

std::vector<core::Appointment> Store::Appointments() const {
    std::vector<core::Appointment> out;
    for (const auto& [id, a] : state().appointments) out.push_back(a);
    std::sort(out.begin(), out.end(), [](const core::Appointment& a, const core::Appointment& b) {
        return std::tie(a.start_us, a.slot_id, a.id) < std::tie(b.start_us, b.slot_id, b.id);
    });
    return out;
}

}  // namespace anl::store
