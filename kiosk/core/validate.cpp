// ValidateEvent: the one place that says whether an event another device sent may enter the
// site's order (core.h section 10). The central service calls it for every new event of a
// push, a terminal's store for every event it pulls; each feeds it from its own state.
// Pure: no clock (the receiver's time is a parameter), no SQL, no I/O.
#include <algorithm>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

using nlohmann::json;

// A refusal under construction: reason word + one sentence (no payload text in it, so it
// can be logged and shown: the sentence names only ids, types and numbers).
EventRefusal Refuse(const char* reason, std::string message) { return {reason, std::move(message)}; }

// Payload readers that tell "missing or mistyped" from a value.
const json* Field(const json& p, const char* key) {
    auto it = p.find(key);
    return it == p.end() ? nullptr : &*it;
}

class Checker {
public:
    Checker(const EventCheckContext& cx, const Event& e) : cx_(cx), e_(e), p_(e.payload) {}

    std::optional<EventRefusal> Run() {
        if (!p_.is_object()) return Refuse(kEventMalformed, e_.type + " has no payload object.");
        if (auto r = CheckTimes()) return r;
        if (auto r = CheckAllText()) return r;
        if (e_.type == "ticket.issued") return Issued();
        if (e_.type == "appointment.booked" || e_.type == "appointment.cancelled" ||
            e_.type == "appointment.refused")
            return Appointment();
        if (e_.type == "device.alert") return DeviceAlert();
        if (e_.type == "referral.given") return Referral();
        if (e_.type == "handoff.given") return Handoff();
        if (e_.type.rfind("audit.", 0) == 0) return Audit();
        if (e_.type == "feedback.given") return Feedback();
        if (e_.type == "privacy.erased") return PrivacyErased();
        return TicketChange();
    }

private:
    // --- shape ----------------------------------------------------------------------------
    std::optional<std::string> Str(const char* key, std::optional<EventRefusal>& r) {
        const json* v = Field(p_, key);
        if (!v || !v->is_string()) {
            r = Refuse(kEventMalformed, e_.type + " lacks the text field \"" + key + "\".");
            return std::nullopt;
        }
        return v->get<std::string>();
    }
    std::optional<std::int64_t> Int(const char* key, std::optional<EventRefusal>& r) {
        const json* v = Field(p_, key);
        if (!v || !v->is_number_integer()) {
            r = Refuse(kEventMalformed, e_.type + " lacks the integer field \"" + key + "\".");
            return std::nullopt;
        }
        return v->get<std::int64_t>();
    }

    // Every text anywhere in the payload: well-formed UTF-8 without control or bidi-override
    // characters, within its limit (notes may hold line feeds and are longer).
    std::optional<EventRefusal> CheckAllText() { return CheckText(p_, "", 0); }
    std::optional<EventRefusal> CheckText(const json& v, const std::string& key, int depth) {
        if (depth > 3) return Refuse(kEventMalformed, e_.type + " nests its payload too deeply.");
        if (v.is_string()) {
            const bool note = key == "note";
            auto ok = CheckInputText(v.get_ref<const std::string&>(), note ? TextShape::kMultiLine : TextShape::kSingleLine,
                                     note ? kMaxNoteLength : kMaxEventTextLength, "The field \"" + key + "\"");
            if (!ok.ok()) return Refuse(kEventText, e_.type + ": " + ok.error().message);
            return std::nullopt;
        }
        if (v.is_object()) {
            for (const auto& [k, child] : v.items()) {
                if (k.size() > kMaxEventTextLength || !IsValidUtf8(k))
                    return Refuse(kEventText, e_.type + " has a payload key that is not short UTF-8 text.");
                if (auto r = CheckText(child, k, depth + 1)) return r;
            }
        } else if (v.is_array()) {
            for (const auto& child : v)
                if (auto r = CheckText(child, key, depth + 1)) return r;
        }
        return std::nullopt;
    }

    // --- time -----------------------------------------------------------------------------
    std::optional<EventRefusal> CheckTimes() {
        if (e_.at_us < kEarliestEventTime)
            return Refuse(kEventTime, e_.type + " " + Key() + " claims a time before 2024; the device's clock is wrong.");
        if (cx_.now > 0 && e_.at_us > cx_.now + kEventClockSkew)
            return Refuse(kEventTime, e_.type + " " + Key() + " claims a time more than " +
                                          std::to_string(kEventClockSkew / kMicrosPerMinute) +
                                          " minutes ahead of the receiver's clock; set the device's clock.");
        if (cx_.max_age > 0 && e_.at_us < cx_.now - cx_.max_age)
            return Refuse(kEventTime, e_.type + " " + Key() + " is older than " +
                                          std::to_string(cx_.max_age / (24 * 60 * kMicrosPerMinute)) +
                                          " days; the central takes no events that old.");
        return std::nullopt;
    }
    // A time inside the event's payload: within kPayloadTimeWindow of the event's own time.
    std::optional<EventRefusal> NearEventTime(const char* key, std::int64_t value) {
        if (value < e_.at_us - kPayloadTimeWindow || value > e_.at_us + kPayloadTimeWindow)
            return Refuse(kEventTime, e_.type + " " + Key() + ": \"" + key + "\" lies more than " +
                                          std::to_string(kPayloadTimeWindow / kMicrosPerSecond) +
                                          " seconds from the event's own time.");
        return std::nullopt;
    }

    std::string Key() const { return internal::EntityId(e_.device_id, e_.seq); }

    // --- references -----------------------------------------------------------------------
    std::optional<EventRefusal> KnownService(const std::string& office, const std::string& service) {
        if (!cx_.catalogue) return std::nullopt;
        const catalogue::Office* o = internal::FindOffice(*cx_.catalogue, office);
        if (!o) return Refuse(kEventUnknownReference, e_.type + " " + Key() + " names an office not in the catalogue.");
        const catalogue::Service* s = internal::FindService(*cx_.catalogue, service);
        if (!s || s->office_id != o->id)
            return Refuse(kEventUnknownReference,
                          e_.type + " " + Key() + " names a service that office " + o->id + " does not offer.");
        return std::nullopt;
    }
    std::optional<EventRefusal> KnownStaff() {
        const json* staff = Field(p_, "staff");
        if (!staff) return std::nullopt;
        if (!staff->is_string()) return Refuse(kEventMalformed, e_.type + " has a staff field that is not text.");
        const auto& number = staff->get_ref<const std::string&>();
        // Empty: no staff signed in (ctl), or blanked for a kiosk or display.
        if (number.empty() || !cx_.staff) return std::nullopt;
        if (!cx_.staff->count(number))
            return Refuse(kEventUnknownReference, e_.type + " " + Key() + " names a staff number the site does not know.");
        return Allowed(number);
    }
    // Section 12: the staff member's roles grant the right the event needs.
    std::optional<EventRefusal> Allowed(const std::string& number) {
        auto right = RightForEventType(e_.type);
        if (!right || !cx_.staff_roles) return std::nullopt;
        auto it = cx_.staff_roles->find(number);
        if (it == cx_.staff_roles->end() || !Grants(it->second, *right))
            return Refuse(kEventForbidden, e_.type + " " + Key() + ": the staff member has no role with the right " +
                                               std::string(RightName(*right)) + ".");
        return std::nullopt;
    }

    // --- ticket.issued --------------------------------------------------------------------
    std::optional<EventRefusal> Issued() {
        std::optional<EventRefusal> r;
        auto visit_id = Str("visit_id", r), ticket_id = Str("ticket_id", r), display = Str("display", r),
             prefix = Str("prefix", r), day = Str("service_day", r), lang = Str("lang", r),
             priority_class = Str("priority_class", r), office = Str("office_id", r), service = Str("service_id", r);
        auto number = Int("number", r), arrival = Int("arrival_at", r), rank = Int("priority_rank", r),
             due = Int("appointment_due_at", r);
        const json* interpreter = Field(p_, "interpreter");
        if (r) return r;
        if (!interpreter || !interpreter->is_boolean())
            return Refuse(kEventMalformed, "ticket.issued lacks the true/false field \"interpreter\".");

        // Ids are the event's own: a device cannot create (or overwrite) another's ticket.
        if (*ticket_id != Key() || *visit_id != "visit:" + Key())
            return Refuse(kEventIds, "ticket.issued " + Key() + " does not carry its own ticket and visit ids.");
        if (cx_.state_is_order && (cx_.state.tickets.count(*ticket_id) || cx_.state.visits.count(*visit_id)))
            return Refuse(kEventDuplicate, "ticket.issued " + Key() + ": the ticket exists already.");

        // Number: prefix letter, 1..99 inside a block, the block the sender's slot owns.
        if (prefix->size() != 1 || (*prefix)[0] < 'A' || (*prefix)[0] > 'Z')
            return Refuse(kEventNumber, "ticket.issued " + Key() + " has no prefix letter A to Z.");
        if (*number < 1 || *number > 999'999 || *number % 100 == 0)
            return Refuse(kEventNumber, "ticket.issued " + Key() + " has a ticket number no device issues.");
        if (cx_.sender_slot) {
            const std::int64_t block = *number / 100;
            if (cx_.rules.device_slots <= 0 || block % cx_.rules.device_slots != *cx_.sender_slot)
                return Refuse(kEventNumber, "ticket.issued " + Key() + ": number " + std::to_string(*number) +
                                                " lies outside the number blocks of the device's slot " +
                                                std::to_string(*cx_.sender_slot) + ".");
        }
        if (*display != FormatTicketNumber((*prefix)[0], static_cast<int>(*number)))
            return Refuse(kEventNumber, "ticket.issued " + Key() + ": the display code does not match prefix and number.");

        // Times: the arrival is the event's own time; the day is its local day.
        if (auto t = NearEventTime("arrival_at", *arrival)) return t;
        if (*day != LocalServiceDay(e_.at_us, cx_.rules.time_zone))
            return Refuse(kEventTime, "ticket.issued " + Key() + ": the service day is not the local day of the event.");
        if (*due < 0) return Refuse(kEventTime, "ticket.issued " + Key() + " has a negative appointment time.");
        if (cx_.state_is_order && cx_.state.visit_by_number.count({*day, *display}))
            return Refuse(kEventDuplicate, "ticket.issued " + Key() + ": number " + *display +
                                               " was issued already that day.");

        if (lang->empty() || lang->size() > 16 ||
            !std::all_of(lang->begin(), lang->end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
            }))
            return Refuse(kEventMalformed, "ticket.issued " + Key() + " has no valid language code.");
        if (*rank < 0 || *rank > 1000)
            return Refuse(kEventMalformed, "ticket.issued " + Key() + " has a priority rank out of range.");
        if (cx_.catalogue) {
            if (office_prefix(*office) && *office_prefix(*office) != (*prefix)[0])
                return Refuse(kEventNumber, "ticket.issued " + Key() + ": the prefix is not its office's.");
            if (!priority_class->empty()) {
                const catalogue::PriorityClass* pc = internal::FindPriorityClass(*cx_.catalogue, *priority_class);
                if (!pc) return Refuse(kEventUnknownReference, "ticket.issued " + Key() + " names an unknown priority class.");
                if (pc->rank != *rank)
                    return Refuse(kEventMalformed, "ticket.issued " + Key() + ": the rank is not its priority class's.");
            } else if (*rank != 0) {
                return Refuse(kEventMalformed, "ticket.issued " + Key() + " has a rank without a priority class.");
            }
        }
        if (auto k = KnownService(*office, *service)) return k;
        if (const json* plan = Field(p_, "plan")) {
            if (!plan->is_array() || plan->empty() || plan->size() > kMaxStops)
                return Refuse(kEventMalformed, "ticket.issued " + Key() + " has a bad plan.");
            for (const auto& stop : *plan) {
                if (!stop.is_object() || !stop.contains("office_id") || !stop.contains("service_id") ||
                    !stop["office_id"].is_string() || !stop["service_id"].is_string())
                    return Refuse(kEventMalformed, "ticket.issued " + Key() + " has a bad plan.");
                if (auto k = KnownService(stop["office_id"].get<std::string>(), stop["service_id"].get<std::string>()))
                    return k;
            }
            if ((*plan)[0]["office_id"] != *office || (*plan)[0]["service_id"] != *service)
                return Refuse(kEventMalformed, "ticket.issued " + Key() + ": its plan does not start at its first stop.");
        }
        return CheckIn(*service, *due);
    }

    // A check-in (ticket.issued with appointment_id): the booking exists here, stands, was not
    // checked in before, is for this service and time, and the event lies in the check-in
    // window. Where the state is not the site's order (a terminal) only the shape is checked.
    std::optional<EventRefusal> CheckIn(const std::string& service, std::int64_t due) {
        const json* field = Field(p_, "appointment_id");
        if (!field) return std::nullopt;
        if (!field->is_string() || field->get_ref<const std::string&>().empty())
            return Refuse(kEventMalformed, "ticket.issued " + Key() + " has an appointment_id that is not text.");
        if (due <= 0)
            return Refuse(kEventCheckIn, "ticket.issued " + Key() + " checks in without the appointment's time.");
        if (!cx_.state_is_order) return std::nullopt;
        auto it = cx_.state.appointments.find(field->get<std::string>());
        if (it == cx_.state.appointments.end())
            return Refuse(kEventCheckIn, "ticket.issued " + Key() + " checks in for an appointment the site does not have.");
        const core::Appointment& a = it->second;
        if (a.status != AppointmentStatus::kBooked)
            return Refuse(kEventCheckIn, "ticket.issued " + Key() + " checks in for an appointment that is " +
                                             std::string(AppointmentStatusName(a.status)) + ".");
        if (!a.arrived_ticket.empty())
            return Refuse(kEventCheckIn, "ticket.issued " + Key() + " checks in for an appointment checked in already (ticket " +
                                             a.arrived_ticket + ").");
        if (a.service_id != service || a.start_us != due)
            return Refuse(kEventCheckIn, "ticket.issued " + Key() + " checks in with another service or time than the appointment's.");
        if (e_.at_us < a.start_us - cx_.rules.check_in_before || e_.at_us > a.start_us + cx_.rules.check_in_after)
            return Refuse(kEventCheckIn, "ticket.issued " + Key() + " checks in outside the appointment's check-in window.");
        return std::nullopt;
    }
    std::optional<char> office_prefix(const std::string& office) const {
        const catalogue::Office* o = internal::FindOffice(*cx_.catalogue, office);
        if (!o) return std::nullopt;
        return o->ticket_prefix;
    }

    // --- ticket.called ... ticket.transferred -----------------------------------------------
    std::optional<EventRefusal> TicketChange() {
        auto action = ActionForEventType(e_.type);
        if (!action) return Refuse(kEventMalformed, "\"" + e_.type.substr(0, 40) + "\" is not an event type.");
        std::optional<EventRefusal> r;
        auto ticket_id = Str("ticket_id", r);
        if (r) return r;
        const Ticket* t = cx_.state.FindTicket(*ticket_id);
        if (!t && cx_.state_is_order) return Refuse(kEventUnknownReference, e_.type + " " + Key() + " names a ticket the site does not have.");
        if (*action == Action::kCall || *action == Action::kRecall) {
            auto counter = Int("counter", r);
            if (r) return r;
            if (*counter < 1 || *counter > kMaxCounter)
                return Refuse(kEventUnknownReference, e_.type + " " + Key() + " names a counter outside 1.." +
                                                          std::to_string(kMaxCounter) + ".");
        }
        if (auto k = KnownStaff()) return k;
        if (*action == Action::kFinish) {
            const json* outcome = Field(p_, "outcome");
            if (outcome && (!outcome->is_string() || outcome->get_ref<const std::string&>().size() > kMaxOutcomeLength))
                return Refuse(kEventMalformed, "ticket.finished " + Key() + " has an outcome longer than " +
                                                   std::to_string(kMaxOutcomeLength) + " bytes.");
        }
        if (*action == Action::kTransfer) {
            auto new_id = Str("new_ticket_id", r), office = Str("office_id", r), service = Str("service_id", r),
                 note = Str("note", r);
            if (r) return r;
            if (*new_id != Key())
                return Refuse(kEventIds, "ticket.transferred " + Key() + " does not carry its own new ticket id.");
            if (cx_.state_is_order && cx_.state.tickets.count(*new_id))
                return Refuse(kEventDuplicate, "ticket.transferred " + Key() + ": the new ticket exists already.");
            if (auto k = KnownService(*office, *service)) return k;
        }
        // The state machine, at this point of the site's order. The reducer would skip an illegal
        // change anyway; refusing it keeps it out of the order and tells the sender why (two
        // desks that called one visitor at once: the second call is refused here).
        if (!t || !cx_.state_is_order) return std::nullopt;
        if (auto next = Transition(t->state, *action, t->id); !next.ok())
            return Refuse(kEventTransition, e_.type + " " + Key() + ": ticket " + t->id + " is " +
                                                std::string(TicketStateName(t->state)) + " and cannot be " +
                                                std::string(ActionName(*action)) + ".");
        return std::nullopt;
    }

    // --- appointment.* --------------------------------------------------------------------
    // A device's alert about its own hardware: a known kind and state, nothing else.
    std::optional<EventRefusal> DeviceAlert() {
        std::optional<EventRefusal> r;
        [[maybe_unused]] auto kind = Str("device_kind", r), state = Str("state", r);
        if (r) return r;
        if (!ReadDeviceAlert(e_))
            return Refuse(kEventMalformed, "device.alert " + Key() + " names an unknown device kind or state.");
        return std::nullopt;
    }

    std::optional<EventRefusal> Appointment() {
        std::optional<EventRefusal> r;
        auto id = Str("appointment_id", r), slot = Str("slot_id", r);
        if (r) return r;
        if (e_.type == "appointment.booked") {
            auto reference = Str("reference", r), service = Str("service_id", r), lang = Str("lang", r);
            auto start = Int("start_us", r), end = Int("end_us", r);
            if (r) return r;
            if (*id != Key()) return Refuse(kEventIds, "appointment.booked " + Key() + " does not carry its own id.");
            if (cx_.state_is_order && cx_.state.appointments.count(*id))
                return Refuse(kEventDuplicate, "appointment.booked " + Key() + ": the appointment exists already.");
            if (*end <= *start || *start < kEarliestEventTime)
                return Refuse(kEventTime, "appointment.booked " + Key() + " has a slot that ends before it starts.");
            if (cx_.catalogue && !internal::FindService(*cx_.catalogue, *service))
                return Refuse(kEventUnknownReference, "appointment.booked " + Key() + " names an unknown service.");
            return std::nullopt;
        }
        if (e_.type == "appointment.cancelled") {
            if (cx_.state_is_order && !cx_.state.appointments.count(*id))
                return Refuse(kEventUnknownReference,
                              "appointment.cancelled " + Key() + " names an appointment the site does not have.");
            return std::nullopt;
        }
        // appointment.refused: only the central service writes verdicts (the booking may follow).
        if (e_.device_id != kCentralDeviceId)
            return Refuse(kEventRole, "appointment.refused " + Key() + " comes from a device, not the central service.");
        return std::nullopt;
    }

    // --- referral.given / handoff.given (section 11) ----------------------------------------
    std::optional<EventRefusal> FromADevice() {
        if (e_.device_id == kCentralDeviceId)
            return Refuse(kEventRole, e_.type + " " + Key() + " comes from the central service; only a desk gives it.");
        return std::nullopt;
    }
    std::optional<EventRefusal> Referral() {
        std::optional<EventRefusal> r;
        auto partner = Str("partner_id", r), office = Str("office_id", r), service = Str("service_id", r);
        if (r) return r;
        if (auto role = FromADevice()) return role;
        if (cx_.catalogue && !internal::FindPartner(*cx_.catalogue, *partner))
            return Refuse(kEventUnknownReference, "referral.given " + Key() + " names a partner not in the directory.");
        if (auto bad = KnownService(*office, *service)) return bad;
        return KnownStaff();
    }
    std::optional<EventRefusal> Handoff() {
        std::optional<EventRefusal> r;
        auto id = Str("handoff_id", r), ticket = Str("ticket_id", r), office = Str("office_id", r),
             service = Str("service_id", r), reason = Str("reason", r), to = Str("to_service_id", r),
             appointment = Str("appointment_id", r), name = Str("name", r);
        if (r) return r;
        const json* consent = Field(p_, "consent");
        if (!consent || !consent->is_boolean())
            return Refuse(kEventMalformed, "handoff.given lacks the true-or-false field \"consent\".");
        if (auto role = FromADevice()) return role;
        if (*id != Key()) return Refuse(kEventIds, "handoff.given " + Key() + " does not carry its own id.");
        // No name without the visitor's agreement, and a name is a name, not a note.
        if (!name->empty() && !consent->get<bool>())
            return Refuse(kEventConsent, "handoff.given " + Key() + " carries a name without the visitor's consent.");
        if (name->size() > kMaxHandoffNameLength)
            return Refuse(kEventText, "handoff.given " + Key() + ": the name is longer than " +
                                          std::to_string(kMaxHandoffNameLength) + " bytes.");
        if (cx_.state_is_order && cx_.state.handoffs.count(*id))
            return Refuse(kEventDuplicate, "handoff.given " + Key() + ": the hand-off exists already.");
        if (cx_.state_is_order && !cx_.state.FindTicket(*ticket))
            return Refuse(kEventUnknownReference, "handoff.given " + Key() + " names a ticket the site does not have.");
        if (cx_.catalogue) {
            const catalogue::CaseManagement& cm = cx_.catalogue->case_management;
            if (!reason->empty() && !cm.HasReason(*reason))  // "": purged by retention (section 12)
                return Refuse(kEventUnknownReference, "handoff.given " + Key() + " names a reason not configured.");
            if (cm.service_id.empty() || *to != cm.service_id)
                return Refuse(kEventUnknownReference,
                              "handoff.given " + Key() + " hands on to a service that is not the case managers'.");
            if (auto bad = KnownService(*office, *service)) return bad;
        }
        if (!appointment->empty() && cx_.state_is_order) {
            auto it = cx_.state.appointments.find(*appointment);
            if (it == cx_.state.appointments.end() || it->second.service_id != *to)
                return Refuse(kEventUnknownReference,
                              "handoff.given " + Key() + " names an appointment that is not a case-management booking.");
        }
        return KnownStaff();
    }

    // --- audit.* (section 12) ---------------------------------------------------------------
    // Exactly the fixed fields of each type, short single words or numbers: there is no room
    // for a visitor's note, name or phone number in an audit event.
    std::optional<EventRefusal> Audit() {
        static const std::map<std::string, std::vector<std::string>> kFields = {
            {"audit.sign_in", {"staff", "outcome"}},
            {"audit.refused", {"staff", "right", "action"}},
            {"audit.staff", {"staff", "action", "subject", "roles"}},
            {"audit.config", {"staff", "action", "version"}},
        };
        auto fields = kFields.find(e_.type);
        if (fields == kFields.end()) return Refuse(kEventMalformed, "\"" + e_.type.substr(0, 40) + "\" is not an event type.");
        if (p_.size() != fields->second.size())
            return Refuse(kEventMalformed, e_.type + " " + Key() + " carries fields an audit entry does not have.");
        for (const std::string& key : fields->second) {
            const json* v = Field(p_, key.c_str());
            if (!v) return Refuse(kEventMalformed, e_.type + " " + Key() + " lacks the field \"" + key + "\".");
            if (key == "version") {
                if (!v->is_number_integer() || v->get<std::int64_t>() < 0)
                    return Refuse(kEventMalformed, e_.type + " " + Key() + " has no version number.");
                continue;
            }
            if (!v->is_string()) return Refuse(kEventMalformed, e_.type + " " + Key() + ": \"" + key + "\" is not text.");
            const auto& text = v->get_ref<const std::string&>();
            const std::size_t limit = key == "roles" ? 64 : kMaxAuditWordLength;
            if (text.size() > limit || text.find(' ') != std::string::npos)
                return Refuse(kEventMalformed, e_.type + " " + Key() + ": \"" + key + "\" is not a short word.");
        }
        const std::string outcome = p_.value("outcome", "");
        const std::string action = p_.value("action", "");
        if (e_.type == "audit.sign_in" && outcome != "ok" && outcome != "wrong" && outcome != "locked")
            return Refuse(kEventMalformed, "audit.sign_in " + Key() + " has an unknown outcome.");
        if (e_.type == "audit.refused" && !ParseRight(p_.value("right", "")))
            return Refuse(kEventMalformed, "audit.refused " + Key() + " names an unknown right.");
        if (e_.type == "audit.staff") {
            if (action != "added" && action != "roles_set" && action != "pin_reset" && action != "removed")
                return Refuse(kEventMalformed, "audit.staff " + Key() + " has an unknown action.");
            const std::string roles = p_.value("roles", "");
            if (!roles.empty() && !ParseStaffRoles(roles).ok())
                return Refuse(kEventMalformed, "audit.staff " + Key() + " names an unknown role.");
        }
        if (e_.type == "audit.config" && action != "published" && action != "rolled_back")
            return Refuse(kEventMalformed, "audit.config " + Key() + " has an unknown action.");
        return std::nullopt;
    }

    // --- privacy.erased (section 14) ----------------------------------------------------------
    // Ids only: exactly staff and a list of "<device>/<seq>"; any other field could carry the
    // very text the erasure removes. Admin terminals and the central send it (RoleMaySend);
    // the staff member needs answer_privacy_requests. Events it names that the receiver does
    // not hold are no error: a store may never have pulled them.
    std::optional<EventRefusal> PrivacyErased() {
        for (const auto& [key, value] : p_.items())
            if (key != "staff" && key != "events")
                return Refuse(kEventMalformed, "privacy.erased " + Key() + " carries a field besides staff and events.");
        const json* staff = Field(p_, "staff");
        if (!staff || !staff->is_string() || staff->get_ref<const std::string&>().size() > kMaxAuditWordLength ||
            staff->get_ref<const std::string&>().find(' ') != std::string::npos)
            return Refuse(kEventMalformed, "privacy.erased " + Key() + " lacks a staff number.");
        const json* events = Field(p_, "events");
        if (!events || !events->is_array() || events->empty())
            return Refuse(kEventMalformed, "privacy.erased " + Key() + " names no events.");
        if (!ReadPrivacyErased(e_))
            return Refuse(kEventMalformed, "privacy.erased " + Key() + " names events by something other than their ids, "
                                           "or more than " + std::to_string(kMaxErasedEvents) + ".");
        return KnownStaff();
    }

    // --- feedback.given (core.h, "visitor feedback") -----------------------------------------
    // Anonymous by shape: a field besides the fixed five (a ticket id, a number, a note) is
    // refused as such, before anything else is looked at.
    std::optional<EventRefusal> Feedback() {
        for (const auto& [key, value] : p_.items()) {
            if (std::find(std::begin(kFeedbackFields), std::end(kFeedbackFields), key) == std::end(kFeedbackFields))
                return Refuse(kEventAnonymous, "feedback.given " + Key() +
                                                   " carries a field besides office, service, language, score and "
                                                   "reasons; feedback is anonymous.");
        }
        std::optional<EventRefusal> r;
        auto office = Str("office_id", r), service = Str("service_id", r);
        [[maybe_unused]] auto lang = Str("lang", r);
        auto score = Int("score", r);
        if (r) return r;
        const json* reasons = Field(p_, "reasons");
        if (!reasons || !reasons->is_array())
            return Refuse(kEventMalformed, "feedback.given " + Key() + " lacks the list field \"reasons\".");
        if (*score < kMinFeedbackScore || *score > kMaxFeedbackScore)
            return Refuse(kEventMalformed, "feedback.given " + Key() + " has a score outside " +
                                               std::to_string(kMinFeedbackScore) + ".." +
                                               std::to_string(kMaxFeedbackScore) + ".");
        const auto read = ReadFeedback(e_);
        if (!read)
            return Refuse(kEventMalformed, "feedback.given " + Key() +
                                               " has no valid language code, or more than three or repeated reasons.");
        if (e_.device_id == kCentralDeviceId)
            return Refuse(kEventRole, "feedback.given " + Key() + " comes from the central service; only a kiosk gives it.");
        if (!cx_.catalogue) return std::nullopt;
        for (const auto& reason : read->reasons)
            if (!cx_.catalogue->feedback.HasReason(reason))
                return Refuse(kEventUnknownReference, "feedback.given " + Key() + " names a reason not configured.");
        if (service->empty()) {
            if (!internal::FindOffice(*cx_.catalogue, *office))
                return Refuse(kEventUnknownReference, "feedback.given " + Key() + " names an office not in the catalogue.");
            return std::nullopt;
        }
        return KnownService(*office, *service);
    }

    const EventCheckContext& cx_;
    const Event& e_;
    const json& p_;
};

}  // namespace

std::optional<Action> ActionForEventType(std::string_view type) {
    if (type == "ticket.called") return Action::kCall;
    if (type == "ticket.recalled") return Action::kRecall;
    if (type == "ticket.started") return Action::kStart;
    if (type == "ticket.finished") return Action::kFinish;
    if (type == "ticket.no_show") return Action::kNoShow;
    if (type == "ticket.returned") return Action::kReturnToQueue;
    if (type == "ticket.parked") return Action::kPark;
    if (type == "ticket.unparked") return Action::kUnpark;
    if (type == "ticket.transferred") return Action::kTransfer;
    return std::nullopt;
}

std::optional<EventRefusal> ValidateEvent(const EventCheckContext& context, const Event& event) {
    return Checker(context, event).Run();
}

}  // namespace anl::core
