// Referrals to partner organisations and case-management hand-offs (core.h section 11).
// Both are a desk's decisions about a visit, recorded without visitor data: which partner
// or reason, from which office and service. A name is kept only after the consent step.
#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

using nlohmann::json;
using internal::Int;
using internal::Str;


Applied Skip(std::string why) {
    Applied a;
    a.skipped_because = std::move(why);
    return a;
}

Error Invalid(std::string message) { return MakeError(ErrorCode::kInvalidInput, std::move(message)); }

Event NewEvent(const Actor& actor, Micros now, const char* type, json payload) {
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = type;
    e.at_us = now;
    e.payload = std::move(payload);
    return e;
}

}  // namespace

Result<Event> DecideReferral(const catalogue::Catalogue& catalogue, const Actor& actor, Micros now,
                             const GiveReferral& command) {
    if (!internal::FindPartner(catalogue, command.partner_id))
        return MakeError(ErrorCode::kNotFound, "There is no partner \"" + command.partner_id.substr(0, 64) +
                                                   "\" in the partner directory; `anlaufstelle-ctl referral "
                                                   "partners` lists them.");
    const catalogue::Office* office = internal::FindOffice(catalogue, command.office_id);
    if (!office) return Invalid("There is no office \"" + command.office_id.substr(0, 64) + "\" in the catalogue.");
    const catalogue::Service* service = internal::FindService(catalogue, command.service_id);
    if (!service || service->office_id != office->id)
        return Invalid("The office " + office->id + " has no service \"" + command.service_id.substr(0, 64) + "\".");
    return NewEvent(actor, now, "referral.given",
                    {{"partner_id", command.partner_id},
                     {"office_id", office->id},
                     {"service_id", service->id},
                     {"staff", actor.staff_number}});
}

Result<Event> DecideHandoff(const State& state, const catalogue::Catalogue& catalogue, const Actor& actor,
                            Micros now, const HandToCaseManagement& command) {
    const catalogue::CaseManagement& cm = catalogue.case_management;
    if (cm.service_id.empty())
        return MakeError(ErrorCode::kRejected, "This site has no case management configured "
                                               "([case_management] in the catalogue).");
    const Ticket* ticket = state.FindTicket(command.ticket_id);
    if (!ticket) return MakeError(ErrorCode::kNotFound, "There is no ticket " + command.ticket_id.substr(0, 64) + ".");
    if (!cm.HasReason(command.reason))
        return Invalid("\"" + command.reason.substr(0, 64) +
                       "\" is not a case-management reason of this site; choose one of the configured reasons.");
    // The consent step: without the visitor's agreement nothing that names them is kept.
    if (!command.name.empty() && !command.consent)
        return MakeError(ErrorCode::kRejected, "A name is kept only when the visitor agrees; ask first (consent), "
                                               "or hand on without a name.");
    if (command.name.size() > kMaxHandoffNameLength)
        return Invalid("The name is longer than " + std::to_string(kMaxHandoffNameLength) + " bytes.");
    if (!command.appointment_id.empty()) {
        auto it = state.appointments.find(command.appointment_id);
        if (it == state.appointments.end() || it->second.status != AppointmentStatus::kBooked)
            return MakeError(ErrorCode::kNotFound, "There is no booked appointment " +
                                                       command.appointment_id.substr(0, 64) + ".");
        if (it->second.service_id != cm.service_id)
            return Invalid("The appointment " + it->second.reference + " is for " + it->second.service_id +
                           ", not for case management (" + cm.service_id + ").");
    }
    return NewEvent(actor, now, "handoff.given",
                    {{"handoff_id", internal::EntityId(actor.device_id, actor.next_seq)},
                     {"ticket_id", ticket->id},
                     {"office_id", ticket->office_id},
                     {"service_id", ticket->service_id},
                     {"reason", command.reason},
                     {"to_service_id", cm.service_id},
                     {"appointment_id", command.appointment_id},
                     {"consent", command.consent},
                     {"name", command.consent ? command.name : std::string()},
                     {"staff", actor.staff_number}});
}

Applied ApplyReferralEvent(State& state, const Event& e) {
    const json& p = e.payload;
    if (e.type == "referral.given") {
        // A statistic (how often each partner is asked for); nothing in the state changes.
        if (!Str(p, "partner_id")) return Skip("referral.given lacks partner_id");
        Applied a;
        a.applied = true;
        return a;
    }
    if (e.type != "handoff.given") return Skip("unknown event type " + e.type);
    auto id = Str(p, "handoff_id"), ticket = Str(p, "ticket_id"), office = Str(p, "office_id"),
         service = Str(p, "service_id"), reason = Str(p, "reason"), to = Str(p, "to_service_id"),
         appointment = Str(p, "appointment_id"), name = Str(p, "name");
    auto consent = p.find("consent");
    if (!id || !ticket || !office || !service || !reason || !to || !appointment || !name || consent == p.end() ||
        !consent->is_boolean())
        return Skip("handoff.given lacks a field");
    if (state.handoffs.count(*id)) return Skip("hand-off " + *id + " exists already");
    Handoff h;
    h.id = *id;
    h.ticket_id = *ticket;
    if (const Ticket* t = state.FindTicket(*ticket))
        if (const Visit* v = state.FindVisit(t->visit_id)) h.display = v->display;
    h.office_id = *office;
    h.service_id = *service;
    h.reason = *reason;
    h.to_service_id = *to;
    h.appointment_id = *appointment;
    h.consent = consent->get<bool>();
    h.name = h.consent ? *name : std::string();  // never kept without consent, whatever was sent
    h.given_by = e.device_id;
    h.at_us = e.at_us;
    state.handoffs.emplace(h.id, std::move(h));
    Applied a;
    a.applied = true;
    a.handoff_ids.push_back(*id);
    return a;
}

}  // namespace anl::core
