#include "kiosk/ui/viewmodels/desk_session.h"
#include "kiosk/ui/viewmodels/sign_in_form.h"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <variant>

namespace anl::ui {

namespace {

bool AtCounter(core::TicketState s) {
    return s == core::TicketState::kCalled || s == core::TicketState::kRecalled || s == core::TicketState::kInService;
}

// Outcomes a desk records when it finishes a visitor (key figures count them).
struct OutcomeChoice { const char* id; const char* key; };
constexpr OutcomeChoice kOutcomes[] = {{"resolved", "desk.outcome.completed"},
                                       {"follow_up", "desk.outcome.follow_up"},
                                       {"referred", "desk.outcome.referred"},
                                       {"documents_missing", "desk.outcome.documents_missing"}};

// The catalogue key saying how far a stop of the visit is.
std::string_view StopProgressKey(const core::VisitStop& stop) {
    switch (stop.progress) {
        case core::StopProgress::kDone:
            if (stop.state == core::TicketState::kTransferred) return "desk.stop.transferred";
            if (stop.state == core::TicketState::kNoShow) return "desk.stop.no_show";
            return "desk.stop.done";
        case core::StopProgress::kNow: return "desk.stop.now";
        case core::StopProgress::kNext: return "desk.stop.next";
        case core::StopProgress::kEnded: return "desk.stop.ended";
    }
    return "desk.stop.next";
}

}  // namespace

std::vector<DeskCounter> DefaultCounters(const catalogue::Catalogue& catalogue) {
    std::vector<DeskCounter> counters;
    // The site's counters when the catalogue names them ([[counter]], counters.toml).
    for (const auto& c : catalogue.counters) counters.push_back({c.office_id, c.number});
    if (!counters.empty()) return counters;
    int number = 1;
    for (const auto& office : catalogue.offices) {
        counters.push_back({office.id, number++});
        counters.push_back({office.id, number++});
    }
    return counters;
}

DeskSession::DeskSession(const catalogue::Catalogue& catalogue, const messages::Messages& messages, DeskSettings settings)
    : catalogue_(catalogue), messages_(messages), settings_(std::move(settings)) {
    if (settings_.counters.empty()) settings_.counters = DefaultCounters(catalogue_);
}

std::string DeskSession::T(std::string_view key) const { return std::string(messages_.Text(settings_.lang, key)); }

std::string DeskSession::ServiceName(const std::string& service_id, std::string_view lang) const {
    const catalogue::Service* s = catalogue_.FindService(service_id);
    return s ? std::string(messages_.Text(lang, s->name_key)) : service_id;
}

std::string DeskSession::OfficeName(const std::string& office_id) const {
    const catalogue::Office* o = catalogue_.FindOffice(office_id);
    return o ? std::string(messages_.Text(settings_.lang, o->name_key)) : office_id;
}

// A name stays in one piece when a sentence wraps: "A. Demir" broke after "A." in the
// details panel. Its spaces become no-break spaces (U+00A0).
std::string UnbrokenName(std::string_view name) {
    std::string out;
    for (const char c : name) {
        if (c == ' ') out += "\xC2\xA0";
        else out.push_back(c);
    }
    return out;
}

std::string DeskSession::StaffName(const std::string& number) const {
    if (snapshot_) {
        auto it = snapshot_->staff_names.find(number);
        if (it != snapshot_->staff_names.end()) return UnbrokenName(it->second);
    }
    // Served by someone this terminal has no name for (a staff list not handed down yet).
    return messages_.Format(settings_.lang, "desk.history.staff_number", messages::Args().Code("number", number));
}

// "2/3" for the second of three stops; "" for a visit with one stop. Cheap: the queue may
// hold hundreds of rows and is built every frame.
std::string DeskSession::StopsProgress(const core::Visit& visit, const std::string& ticket_id) const {
    const int next = core::NextPlannedStop(snapshot_->state, visit);
    const int planned_left = next < 0 ? 0 : int(visit.plan.size()) - next;
    const int total = int(visit.ticket_ids.size()) + planned_left;
    if (total <= 1) return {};
    const auto at = std::find(visit.ticket_ids.begin(), visit.ticket_ids.end(), ticket_id);
    const int position = int(at - visit.ticket_ids.begin()) + 1;
    return messages_.Format(settings_.lang, "desk.stops.progress",
                            messages::Args().Code("current", std::to_string(position)).Code("total", std::to_string(total)));
}

void DeskSession::TakeCounter(int number) {
    for (const auto& c : settings_.counters) {
        if (c.number != number) continue;
        office_id_ = c.office_id;
        counter_ = c.number;
    }
}

std::string DeskSession::CurrentTicketId() const {
    if (!snapshot_ || counter_ == 0) return {};
    const std::string& self = snapshot_->device_id;
    for (const auto& [id, t] : snapshot_->state.tickets) {
        if (t.office_id != office_id_ || t.counter != counter_ || !AtCounter(t.state)) continue;
        if (!self.empty() && !t.called_by.empty() && t.called_by != self) continue;  // another device's counter
        return id;
    }
    return {};
}

void DeskSession::SetSnapshot(SnapshotPtr snapshot) {
    snapshot_ = std::move(snapshot);
    WordStatus();
    const std::string before = std::exchange(held_ticket_, CurrentTicketId());
    if (before.empty() || before == held_ticket_ || !snapshot_) return;
    const core::Ticket* t = snapshot_->state.FindTicket(before);
    if (!t || t->called_by.empty()) return;  // served, put back or parked here: nothing to tell
    const bool ours = (snapshot_->device_id.empty() || t->called_by == snapshot_->device_id) && t->counter == counter_;
    if (ours) return;
    const core::Visit* visit = snapshot_->state.FindVisit(t->visit_id);
    last_report_.reset();
    status_ = messages_.Format(settings_.lang, "desk.call.overruled",
                               messages::Args()
                                   .Code("ticket", visit ? visit->display : t->id)
                                   .Code("counter", std::to_string(t->counter)));
    status_is_error_ = true;
    CloseDialogs();  // a dialog for a visitor who is no longer here
}

std::optional<DeskRequest> DeskSession::Apply(const UiAction& action, Micros now) {
    (void)now;
    const std::string current = CurrentTicketId();
    auto command = [](core::Command c) { return DeskRequest{DeskRequest::Kind::kCommand, {}, {}, std::move(c)}; };
    if (ApplySignInField(action, typed_number_, typed_pin_, focus_, locked_)) return std::nullopt;
    switch (action.kind) {
        case Action::kSignInSubmit:
            if (locked_) break;
            if (typed_number_.empty()) { focus_ = 0; break; }
            if (typed_pin_.empty()) { focus_ = 1; break; }
            {
                DeskRequest r{DeskRequest::Kind::kSignIn, typed_number_, typed_pin_, {}};
                typed_pin_.clear();  // never kept longer than the request
                return r;
            }
        case Action::kChooseCounter:
            for (const auto& c : settings_.counters) {
                if (std::to_string(c.number) == action.id) TakeCounter(c.number);
            }
            break;
        case Action::kSignOut:
            staff_number_.clear();
            staff_name_.clear();
            office_id_.clear();
            counter_ = 0;
            typed_number_.clear();
            typed_pin_.clear();
            focus_ = 0;
            selected_ticket_.clear();
            CloseDialogs();
            status_.clear();
            last_report_.reset();
            break;
        case Action::kSelectTicket:
            selected_ticket_ = selected_ticket_ == action.id ? "" : action.id;
            break;
        case Action::kCallNext:
            if (!current.empty()) break;
            if (!selected_ticket_.empty()) {
                const auto* t = snapshot_ ? snapshot_->state.FindTicket(selected_ticket_) : nullptr;
                const std::string id = selected_ticket_;
                selected_ticket_.clear();
                if (t && t->state == core::TicketState::kParked) return command(core::Unpark{id});
                if (t && t->state == core::TicketState::kWaiting) return command(core::CallTicket{id, counter_});
            }
            return command(core::CallNext{office_id_, counter_});
        case Action::kRecall:
            if (!current.empty()) return command(core::Recall{current});
            break;
        case Action::kStartService:
            if (!current.empty()) return command(core::StartService{current});
            break;
        case Action::kOpenFinish:
            if (!current.empty()) finish_open_ = true;
            break;
        case Action::kFinish:
            finish_open_ = false;
            if (!current.empty()) return command(core::FinishService{current, action.id});
            break;
        case Action::kNoShow:
            if (!current.empty()) return command(core::MarkNoShow{current});
            break;
        case Action::kPark:
            if (!current.empty()) return command(core::Park{current});
            break;
        case Action::kReturnToQueue:
            if (!current.empty()) return command(core::ReturnToQueue{current});
            break;
        case Action::kOpenTransfer:
            if (!current.empty()) {
                transfer_open_ = true;
                transfer_target_.clear();
                transfer_note_.clear();
            }
            break;
        case Action::kTransferTarget:
            transfer_target_ = action.id;
            break;
        case Action::kTransferNoteType: {
            // Typed or pasted text from outside: no control character or ESC sequence.
            const std::string typed = FilterTypedText(action.text, TextShape::kMultiLine);
            if (transfer_note_.size() + typed.size() <= core::kMaxNoteLength) transfer_note_ += typed;
            break;
        }
        case Action::kTransferNoteErase:
            // Erase one UTF-8 character, not one byte.
            while (!transfer_note_.empty() && (static_cast<unsigned char>(transfer_note_.back()) & 0xC0) == 0x80) {
                transfer_note_.pop_back();
            }
            if (!transfer_note_.empty()) transfer_note_.pop_back();
            break;
        case Action::kConfirmTransfer:
            if (!current.empty() && !transfer_target_.empty()) {
                transfer_open_ = false;
                return command(core::Transfer{current, transfer_target_, transfer_note_});
            }
            break;
        case Action::kOpenReferral:
            if (!current.empty() && !catalogue_.partners.empty()) {
                CloseDialogs();
                referral_open_ = true;
            }
            break;
        case Action::kReferralPartner:
            if (catalogue_.FindPartner(action.id)) referral_partner_ = action.id;
            break;
        case Action::kGiveReferral:
            if (!current.empty() && referral_open_ && !referral_partner_.empty() && snapshot_) {
                const core::Ticket* t = snapshot_->state.FindTicket(current);
                if (!t) break;
                DeskRequest r{DeskRequest::Kind::kReferral, {}, {}, {}};
                r.referral = core::GiveReferral{referral_partner_, t->office_id, t->service_id};
                if (const core::Visit* visit = snapshot_->state.FindVisit(t->visit_id)) r.slip_lang = visit->lang;
                CloseDialogs();
                return r;
            }
            break;
        case Action::kOpenHandoff:
            if (!current.empty() && !catalogue_.case_management.service_id.empty()) {
                CloseDialogs();
                handoff_open_ = true;
            }
            break;
        case Action::kHandoffReason:
            if (catalogue_.case_management.HasReason(action.id)) handoff_reason_ = action.id;
            break;
        case Action::kHandoffConsent:
            handoff_consent_ = !handoff_consent_;
            if (!handoff_consent_) handoff_name_.clear();  // no consent, no name: not even on screen
            break;
        case Action::kHandoffNameType: {
            if (!handoff_consent_) break;
            const std::string typed = FilterTypedText(action.text, TextShape::kSingleLine);
            if (handoff_name_.size() + typed.size() <= core::kMaxHandoffNameLength) handoff_name_ += typed;
            break;
        }
        case Action::kHandoffNameErase:
            while (!handoff_name_.empty() && (static_cast<unsigned char>(handoff_name_.back()) & 0xC0) == 0x80) {
                handoff_name_.pop_back();
            }
            if (!handoff_name_.empty()) handoff_name_.pop_back();
            break;
        case Action::kConfirmHandoff:
            if (slot_mode_ == SlotMode::kHandoff) {  // "hand off without an appointment" in the slot picker
                DeskRequest r{DeskRequest::Kind::kHandoff, {}, {}, {}};
                r.handoff = pending_handoff_;
                CloseDialogs();
                return r;
            }
            if (!current.empty() && handoff_open_ && !handoff_reason_.empty()) {
                DeskRequest r{DeskRequest::Kind::kHandoff, {}, {}, {}};
                r.handoff = core::HandToCaseManagement{current, handoff_reason_, "", handoff_consent_,
                                                       handoff_consent_ ? handoff_name_ : std::string()};
                CloseDialogs();
                return r;
            }
            break;
        case Action::kOpenAppointments:
            appointments_open_ = !appointments_open_;
            break;
        case Action::kAppointmentArrive:
        case Action::kAppointmentCancel: {
            const core::Appointment* a = FindAppointment(action.id);
            if (!a || a->status != core::AppointmentStatus::kBooked) break;
            DeskRequest r{DeskRequest::Kind::kAppointment, {}, {}, {}};
            r.appointment.op = action.kind == Action::kAppointmentArrive ? AppointmentRequest::Op::kArrive
                                                                        : AppointmentRequest::Op::kCancel;
            r.appointment.reference = a->reference;
            r.appointment.appointment_id = a->id;
            r.appointment.lang = a->lang;
            return r;
        }
        case Action::kOpenMove:
            if (const core::Appointment* a = FindAppointment(action.id); a && a->status == core::AppointmentStatus::kBooked) {
                CloseDialogs();
                move_appointment_ = a->id;
                OpenSlots(SlotMode::kMove, a->service_id, a->lang);
            }
            break;
        case Action::kOpenFollowUp:
            if (!current.empty() && snapshot_) {
                const core::Ticket* t = snapshot_->state.FindTicket(current);
                const core::Visit* visit = t ? snapshot_->state.FindVisit(t->visit_id) : nullptr;
                if (!t) break;
                const std::vector<std::string> services = FollowUpServices(t->service_id);
                if (services.empty()) break;
                CloseDialogs();
                OpenSlots(SlotMode::kFollowUp, services.front(), visit ? visit->lang : "de");
            }
            break;
        case Action::kSlotService:
            if (slot_mode_ == SlotMode::kFollowUp) {
                const auto services = FollowUpServices("");
                if (std::find(services.begin(), services.end(), action.id) != services.end())
                    OpenSlots(SlotMode::kFollowUp, action.id, slot_lang_);
            }
            break;
        case Action::kSlotDay:
            if (slot_mode_ != SlotMode::kNone) {
                for (const auto& [day, slots] : FreeSlotDays(slot_service_))
                    if (day == action.id) slot_day_ = day, slot_id_.clear();
            }
            break;
        case Action::kSlotPick:
            if (slot_mode_ != SlotMode::kNone) {
                for (const auto& [day, slots] : FreeSlotDays(slot_service_))
                    for (const auto& slot : slots)
                        if (slot.id == action.id) slot_day_ = day, slot_id_ = slot.id;
            }
            break;
        case Action::kConfirmSlot: {
            if (slot_mode_ == SlotMode::kNone || slot_id_.empty()) break;
            DeskRequest r{DeskRequest::Kind::kAppointment, {}, {}, {}};
            if (slot_mode_ == SlotMode::kMove) {
                const core::Appointment* a = FindAppointment(move_appointment_);
                if (!a) break;
                r.appointment = {AppointmentRequest::Op::kMove, a->reference, slot_id_, a->lang, a->id};
            } else if (slot_mode_ == SlotMode::kFollowUp) {
                r.appointment = {AppointmentRequest::Op::kBook, {}, slot_id_, slot_lang_};
            } else {
                r.kind = DeskRequest::Kind::kHandoff;
                r.handoff = pending_handoff_;
                r.handoff_slot = slot_id_;
                r.handoff_lang = slot_lang_;
            }
            CloseDialogs();
            return r;
        }
        case Action::kHandoffToSlots:
            // The dialog's choices wait while the first case-management appointment is picked.
            if (!current.empty() && handoff_open_ && !handoff_reason_.empty()) {
                pending_handoff_ = core::HandToCaseManagement{current, handoff_reason_, "", handoff_consent_,
                                                              handoff_consent_ ? handoff_name_ : std::string()};
                const core::Ticket* t = snapshot_ ? snapshot_->state.FindTicket(current) : nullptr;
                const core::Visit* visit = t ? snapshot_->state.FindVisit(t->visit_id) : nullptr;
                handoff_open_ = false;
                handoff_name_.clear();
                OpenSlots(SlotMode::kHandoff, catalogue_.case_management.service_id, visit ? visit->lang : "de");
            }
            break;
        case Action::kCancelDialog:
            CloseDialogs();
            break;
        default:
            break;
    }
    return std::nullopt;
}

void DeskSession::OnSignIn(const Result<core::SignInOutcome>& result, Micros now) {
    (void)now;
    if (result.ok() && result->signed_in) {
        staff_number_ = result->staff.number;
        staff_name_ = result->staff.name;
        sign_in_error_.clear();
        locked_ = false;
        TakeCounter(settings_.fixed_counter);  // 0: staff choose
        return;
    }
    focus_ = 1;
    if (!result.ok()) {  // the store failed, not the staff member
        sign_in_error_ = T("common.error_ask_staff");
        locked_ = false;
        return;
    }
    locked_ = result->locked;
    sign_in_error_ = locked_ ? messages_.Format(settings_.lang, "desk.signin.locked",
                                                messages::Args().Date("time", result->locked_until))
                             : messages_.Format(settings_.lang, "desk.signin.wrong_pin",
                                                messages::Args().Int("attempts", result->attempts_left));
}

void DeskSession::OnCommandDone(const core::Command& command, const Status& status,
                                const std::vector<std::string>& ticket_ids) {
    // The ticket the sentence names: the command's own, or the one a "call next" called.
    std::string ticket_id = std::visit(
        [](const auto& c) -> std::string {
            if constexpr (std::is_same_v<std::decay_t<decltype(c)>, core::CallNext> ||
                          std::is_same_v<std::decay_t<decltype(c)>, core::IssueTicket>) {
                return {};
            } else {
                return c.ticket_id;
            }
        },
        command);
    if (ticket_id.empty() && !ticket_ids.empty()) ticket_id = ticket_ids.front();
    last_report_ = CommandReport{command, status, std::move(ticket_id)};
    WordStatus();
}

void DeskSession::CloseDialogs() {
    transfer_open_ = finish_open_ = referral_open_ = handoff_open_ = false;
    referral_partner_.clear();
    handoff_reason_.clear();
    handoff_consent_ = false;
    handoff_name_.clear();
    slot_mode_ = SlotMode::kNone;
    move_appointment_.clear();
    slot_service_.clear();
    slot_day_.clear();
    slot_id_.clear();
    pending_handoff_ = {};  // a name typed with consent goes with the request or not at all
}

const core::Appointment* DeskSession::FindAppointment(const std::string& id) const {
    if (!snapshot_) return nullptr;
    auto it = snapshot_->state.appointments.find(id);
    return it == snapshot_->state.appointments.end() ? nullptr : &it->second;
}

std::vector<std::string> DeskSession::FollowUpServices(const std::string& first) const {
    std::vector<std::string> out;
    auto add = [&](const catalogue::Service& s) {
        if (s.needs_appointment && std::find(out.begin(), out.end(), s.id) == out.end()) out.push_back(s.id);
    };
    if (const catalogue::Service* s = catalogue_.FindService(first)) add(*s);
    for (const auto& s : catalogue_.services)
        if (s.office_id == office_id_) add(s);
    for (const auto& s : catalogue_.services) add(s);
    return out;
}

void DeskSession::OpenSlots(SlotMode mode, std::string service_id, std::string lang) {
    slot_mode_ = mode;
    slot_service_ = std::move(service_id);
    slot_lang_ = lang.empty() ? "de" : std::move(lang);
    slot_id_.clear();
    const auto days = FreeSlotDays(slot_service_);
    slot_day_ = days.empty() ? "" : days.front().first;
}

// The slot picker offers what this desk can give without asking anyone: its escrow (slots the
// central granted it), not booked meanwhile, ahead of now, grouped by local day. The central
// renews the escrow at the end of every sync round.
std::vector<std::pair<std::string, std::vector<core::Slot>>> DeskSession::FreeSlotDays(const std::string& service_id) const {
    std::vector<std::pair<std::string, std::vector<core::Slot>>> days;
    if (!snapshot_) return days;
    const Micros now = now_ > 0 ? now_ : snapshot_->at;
    std::vector<core::Slot> free;
    for (const core::Slot& slot : snapshot_->escrow) {
        if (slot.service_id != service_id || slot.start_us <= now) continue;
        if (core::StandingBooking(snapshot_->state, slot.id)) continue;
        free.push_back(slot);
    }
    std::sort(free.begin(), free.end(), [](const core::Slot& a, const core::Slot& b) {
        return a.start_us != b.start_us ? a.start_us < b.start_us : a.id < b.id;
    });
    for (const core::Slot& slot : free) {
        const std::string day = core::LocalDateTime(slot.start_us, snapshot_->time_zone).substr(0, 10);
        if (days.empty() || days.back().first != day) {
            if (days.size() == kSlotPickerDays) break;
            days.push_back({day, {}});
        }
        // One button per start time: the seats of a time are the same to the visitor.
        auto& slots = days.back().second;
        if (!slots.empty() && slots.back().start_us == slot.start_us) continue;
        slots.push_back(slot);
    }
    return days;
}

void DeskSession::FillAppointments(DeskView& v) const {
    const std::string& lang = settings_.lang;
    v.appointments_toggle = {Action::kOpenAppointments, T(appointments_open_ ? "desk.appointments.back" : "desk.appointments.open"),
                             {}, -1, true};
    if (!appointments_open_) return;
    v.appointments_open = true;
    v.appointments_title = messages_.Format(lang, "desk.appointments.title", messages::Args().Str("office", OfficeName(office_id_)));
    v.appointments_empty = T("desk.appointments.empty");
    v.arrive_label = T("desk.appointments.arrive");
    v.move_label = T("desk.appointments.move");
    v.cancel_appointment_label = T("desk.appointments.cancel");
    if (!snapshot_) return;
    std::vector<const core::Appointment*> today;
    for (const auto& [id, a] : snapshot_->state.appointments) {
        const catalogue::Service* s = catalogue_.FindService(a.service_id);
        if (a.status != core::AppointmentStatus::kBooked || !s || s->office_id != office_id_) continue;
        if (core::LocalDateTime(a.start_us, snapshot_->time_zone).substr(0, 10) != snapshot_->today) continue;
        today.push_back(&a);
    }
    std::sort(today.begin(), today.end(), [](const auto* a, const auto* b) {
        return a->start_us != b->start_us ? a->start_us < b->start_us : a->reference < b->reference;
    });
    for (const core::Appointment* a : today) {
        AppointmentRow row;
        row.id = a->id;
        row.time = messages_.Format(lang, "desk.slots.time", messages::Args().Date("time", a->start_us));
        row.reference = a->reference;
        row.service = ServiceName(a->service_id, "de");
        row.visitor_lang = a->lang;
        const messages::LanguageInfo* li = messages_.FindLanguage(a->lang);
        row.language = li ? li->name : a->lang;
        row.arrived = !a->arrived_ticket.empty();
        row.state = row.arrived ? messages_.Format(lang, "desk.appointments.arrived",
                                                   messages::Args().Code("ticket", TicketDisplay(a->arrived_ticket)))
                                : T("desk.appointments.expected");
        v.appointments.push_back(std::move(row));
    }
    // The case managers' desk: the hand-offs to its service, newest first. A name only when
    // the visitor agreed (the store keeps none otherwise).
    const std::string& cm = catalogue_.case_management.service_id;
    const catalogue::Service* cm_service = catalogue_.FindService(cm);
    if (!cm_service || cm_service->office_id != office_id_) return;
    v.handoffs_title = T("desk.handoffs.title");
    v.handoffs_empty = T("desk.handoffs.empty");
    std::vector<const core::Handoff*> handoffs;
    for (const auto& [id, h] : snapshot_->state.handoffs)
        if (h.to_service_id == cm) handoffs.push_back(&h);
    // Newest first; at the same moment, the later event first. An id is "<device>/<seq>": its
    // seq compares as a number ("t-1/10" is later than "t-1/9", which a string compare denies).
    auto event_order = [](const std::string& id) {
        const size_t slash = id.rfind('/');
        const std::string_view seq = slash == std::string::npos ? std::string_view() : std::string_view(id).substr(slash + 1);
        return std::make_pair(id.substr(0, slash == std::string::npos ? id.size() : slash),
                              std::pair<size_t, std::string_view>(seq.size(), seq));
    };
    std::sort(handoffs.begin(), handoffs.end(), [&](const auto* a, const auto* b) {
        return a->at_us != b->at_us ? a->at_us > b->at_us : event_order(a->id) > event_order(b->id);
    });
    for (const core::Handoff* h : handoffs) {
        HandoffRow row;
        row.what = messages_.Format(lang, "desk.handoffs.line",
                                    messages::Args()
                                        .Code("ticket", h->display.empty() ? TicketDisplay(h->ticket_id) : h->display)
                                        .Str("reason", T(catalogue::CaseManagement::ReasonKey(h->reason))));
        row.detail = messages_.Format(lang, "desk.handoffs.detail",
                                      messages::Args().Str("office", OfficeName(h->office_id)).Date("time", h->at_us));
        if (const core::Appointment* a = FindAppointment(h->appointment_id))
            row.detail += " · " + messages_.Format(lang, "desk.handoffs.appointment",
                                                   messages::Args().Code("reference", a->reference).Date("time", a->start_us));
        if (h->consent && !h->name.empty()) row.detail += " · " + UnbrokenName(h->name);
        v.handoffs.push_back(std::move(row));
    }
}

void DeskSession::FillSlots(DeskView& v) const {
    if (slot_mode_ == SlotMode::kNone) return;
    const std::string& lang = settings_.lang;
    v.slots_open = true;
    SlotPickerView& p = v.slots;
    p.service_label = T("desk.column.service");
    p.day_label = T("desk.slots.day_label");
    p.time_label = T("desk.slots.time_label");
    p.confirm_label = T(slot_mode_ == SlotMode::kMove ? "desk.appointments.move" : "desk.slots.book");
    switch (slot_mode_) {
        case SlotMode::kMove:
            if (const core::Appointment* a = FindAppointment(move_appointment_))
                p.title = messages_.Format(lang, "desk.slots.title_move",
                                           messages::Args().Code("reference", a->reference).Date("time", a->start_us));
            break;
        case SlotMode::kFollowUp:
            p.title = messages_.Format(lang, "desk.slots.title_follow_up",
                                       messages::Args().Code("ticket", TicketDisplay(CurrentTicketId())));
            for (const auto& id : FollowUpServices(slot_service_)) {
                const catalogue::Service* s = catalogue_.FindService(id);
                const catalogue::Office* o = s ? catalogue_.FindOffice(s->office_id) : nullptr;
                p.services.push_back({id, std::string(1, o ? o->ticket_prefix : '?') + " · " + ServiceName(id, "de")});
            }
            break;
        case SlotMode::kHandoff:
            p.title = T("desk.slots.title_handoff");
            p.skip_label = T("desk.slots.skip");
            break;
        case SlotMode::kNone: break;
    }
    p.service_selected = slot_service_;
    p.day_selected = slot_day_;
    p.slot_selected = slot_id_;
    const auto days = FreeSlotDays(slot_service_);
    if (days.empty()) p.hint = T("desk.slots.none");
    for (const auto& [day, slots] : days) {
        p.days.push_back({day, messages_.Format(lang, "desk.slots.day",
                                                messages::Args().Date("time", slots.front().start_us).Int("count", int(slots.size())))});
        if (day != slot_day_) continue;
        for (const core::Slot& slot : slots)
            p.times.push_back({slot.id, messages_.Format(lang, "desk.slots.time", messages::Args().Date("time", slot.start_us))});
    }
}

void DeskSession::OpenAppointmentsForGallery() { appointments_open_ = true; }

void DeskSession::OpenMoveForGallery() {
    appointments_open_ = true;
    DeskView v;
    FillAppointments(v);
    if (v.appointments.empty()) return;
    const core::Appointment* a = FindAppointment(v.appointments.back().id);
    if (!a) return;
    move_appointment_ = a->id;
    OpenSlots(SlotMode::kMove, a->service_id, a->lang);
    const auto days = FreeSlotDays(slot_service_);
    if (!days.empty() && !days.front().second.empty()) slot_id_ = days.front().second.front().id;
}

void DeskSession::OnPrintFailed() {
    last_report_.reset();
    status_ = T("desk.print.failed");
    status_is_error_ = true;
}

void DeskSession::OpenSlotsForGallery(bool handoff) {
    if (handoff) {
        const auto& reasons = catalogue_.case_management.reasons;
        pending_handoff_ = core::HandToCaseManagement{CurrentTicketId(), reasons.empty() ? "" : reasons.front(), "", false, ""};
        OpenSlots(SlotMode::kHandoff, catalogue_.case_management.service_id, "ar");
    } else {
        const auto services = FollowUpServices("");
        OpenSlots(SlotMode::kFollowUp, services.empty() ? "" : services.front(), "ar");
    }
    const auto days = FreeSlotDays(slot_service_);
    if (!days.empty() && !days.front().second.empty()) slot_id_ = days.front().second.front().id;
}

void DeskSession::OnDeskAnswer(const DeskRequest& request, const DeskAnswer& answer) {
    if (request.kind != DeskRequest::Kind::kAppointment && !(request.kind == DeskRequest::Kind::kHandoff && answer.booked))
        return OnNetworkDone(request, answer.status);
    last_report_.reset();
    status_is_error_ = !answer.status.ok();
    const std::string& lang = settings_.lang;
    if (!answer.status.ok()) {
        status_ = T(answer.status.error().code == ErrorCode::kStorage ? "desk.error.storage" : "desk.appointments.failed");
        return;
    }
    const AppointmentRequest& a = request.appointment;
    auto booked = [&](std::string_view key, messages::Args args) {
        if (answer.booked) args.Code("reference", answer.booked->reference).Date("time", answer.booked->start_us);
        return messages_.Format(lang, key, std::move(args));
    };
    if (request.kind == DeskRequest::Kind::kHandoff) {
        status_ = booked("desk.handoff.done_booked", messages::Args().Code("ticket", TicketDisplay(request.handoff.ticket_id)));
        return;
    }
    switch (a.op) {
        case AppointmentRequest::Op::kArrive:
            status_is_error_ = answer.check_in != core::kCheckInOnTime;
            if (answer.check_in == core::kCheckInOnTime)
                status_ = messages_.Format(lang, "desk.appointments.done.arrived",
                                           messages::Args().Code("reference", a.reference).Code("ticket", answer.ticket));
            else if (answer.check_in == core::kCheckInEarly)
                status_ = messages_.Format(lang, "desk.appointments.checkin.early",
                                           messages::Args().Code("reference", a.reference).Date("time", answer.come_back_from));
            else if (answer.check_in == core::kCheckInLate)
                status_ = messages_.Format(lang, "desk.appointments.checkin.late", messages::Args().Code("reference", a.reference));
            else
                status_ = messages_.Format(lang, "desk.appointments.checkin.refused", messages::Args().Code("reference", a.reference));
            break;
        case AppointmentRequest::Op::kCancel:
            status_ = messages_.Format(lang, "desk.appointments.done.cancelled", messages::Args().Code("reference", a.reference));
            break;
        case AppointmentRequest::Op::kMove: status_ = booked("desk.appointments.done.moved", messages::Args()); break;
        case AppointmentRequest::Op::kBook: status_ = booked("desk.appointments.done.booked", messages::Args()); break;
    }
}

void DeskSession::OnNetworkDone(const DeskRequest& request, const Status& status) {
    last_report_.reset();
    status_is_error_ = !status.ok();
    if (!status.ok()) {
        status_ = T(status.error().code == ErrorCode::kStorage ? "desk.error.storage" : "desk.network.failed");
        return;
    }
    if (request.kind == DeskRequest::Kind::kReferral) {
        const catalogue::Partner* p = catalogue_.FindPartner(request.referral.partner_id);
        status_ = messages_.Format(settings_.lang, "desk.referral.done",
                                   messages::Args().Str("partner", p ? p->name : request.referral.partner_id));
    } else {
        status_ = messages_.Format(settings_.lang, "desk.handoff.done",
                                   messages::Args().Code("ticket", TicketDisplay(request.handoff.ticket_id)));
    }
}

void DeskSession::WordStatus() {
    if (!last_report_) return;
    const CommandReport& r = *last_report_;
    status_is_error_ = !r.status.ok();
    status_ = r.status.ok() ? DoneText(r.command, r.ticket_id) : RefusalText(r.command, r.status.error(), r.ticket_id);
}

std::string DeskSession::TicketDisplay(const std::string& ticket_id) const {
    if (snapshot_) {
        if (const core::Ticket* t = snapshot_->state.FindTicket(ticket_id)) {
            if (const core::Visit* v = snapshot_->state.FindVisit(t->visit_id)) return v->display;
        }
    }
    return ticket_id;
}

std::string DeskSession::DoneText(const core::Command& command, const std::string& ticket_id) const {
    const messages::Args ticket = messages::Args().Code("ticket", TicketDisplay(ticket_id));
    const std::string& lang = settings_.lang;
    return std::visit(
        [&](const auto& c) -> std::string {
            using C = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<C, core::CallNext> || std::is_same_v<C, core::CallTicket>) {
                return messages_.Format(lang, "desk.done.called",
                                        messages::Args(ticket).Code("counter", std::to_string(c.counter)));
            } else if constexpr (std::is_same_v<C, core::Recall>) {
                return messages_.Format(lang, "desk.done.recalled", ticket);
            } else if constexpr (std::is_same_v<C, core::StartService>) {
                return messages_.Format(lang, "desk.done.started", ticket);
            } else if constexpr (std::is_same_v<C, core::FinishService>) {
                std::string outcome = c.outcome;
                for (const auto& o : kOutcomes) {
                    if (c.outcome == o.id) outcome = T(o.key);
                }
                return messages_.Format(lang, "desk.done.finished", messages::Args(ticket).Str("outcome", outcome));
            } else if constexpr (std::is_same_v<C, core::MarkNoShow>) {
                return messages_.Format(lang, "desk.done.no_show", ticket);
            } else if constexpr (std::is_same_v<C, core::Park>) {
                return messages_.Format(lang, "desk.done.parked", ticket);
            } else if constexpr (std::is_same_v<C, core::Unpark> || std::is_same_v<C, core::ReturnToQueue>) {
                return messages_.Format(lang, "desk.returned", ticket);
            } else if constexpr (std::is_same_v<C, core::Transfer>) {
                return messages_.Format(lang, "desk.done.transferred",
                                        messages::Args(ticket).Str("service", ServiceName(c.to_service_id, "de")));
            } else {
                return {};  // a desk issues no tickets
            }
        },
        command);
}

std::string DeskSession::RefusalText(const core::Command& command, const Error& error,
                                     const std::string& ticket_id) const {
    const std::string& lang = settings_.lang;
    if (error.code == ErrorCode::kStorage || error.code == ErrorCode::kCorrupt) return T("desk.error.storage");
    // The signed-in member's roles lack the right (a supervisor calling): the rights table's
    // refusal (core.h section 12), said as such, not as "something went wrong".
    if (error.reason == core::kRefusedForbidden) return T("desk.refused.forbidden");
    // "Call next" with visitors waiting, but only for services other counters offer.
    if (error.reason == core::kRefusedNoneForCounter) return T("desk.refused.none_for_counter");
    // "Call next" with nobody left: another desk called the last visitor a moment ago.
    if (std::holds_alternative<core::CallNext>(command) && ticket_id.empty()) return T("desk.queue.empty");
    const core::Ticket* t = snapshot_ ? snapshot_->state.FindTicket(ticket_id) : nullptr;
    messages::Args args = messages::Args().Code("ticket", TicketDisplay(ticket_id));
    if (error.reason == core::kRefusedCalledElsewhere) {
        return messages_.Format(lang, "desk.call.overruled", args.Code("counter", std::to_string(t ? t->counter : 0)));
    }
    if (error.reason == core::kRefusedNoShowTooEarly) {
        return messages_.Format(lang, "desk.refused.no_show_too_early", args.Int("calls", t ? t->call_count : 1));
    }
    if (error.reason == core::kRefusedRecallWindowPassed || error.reason == core::kRefusedSameService) {
        return messages_.Format(lang, "desk.refused." + error.reason, args);
    }
    // A refused transition or a ticket gone: another desk got there first.
    if (error.code == ErrorCode::kRejected || error.code == ErrorCode::kNotFound) {
        return messages_.Format(lang, "desk.refused.state_changed", args);
    }
    return T("desk.error.unexpected");
}

SignInView DeskSession::SignIn() const {
    SignInView v;
    v.lang = settings_.lang;
    v.title = T("desk.signin.title");
    v.staff_number_label = T("desk.signin.staff_number");
    v.pin_label = T("desk.signin.pin");
    v.submit_label = T("desk.signin.submit");
    v.staff_number = typed_number_;
    v.pin_length = int(typed_pin_.size());
    v.focus = focus_;
    v.error = sign_in_error_;
    v.locked = locked_;
    if (signed_in() && !at_counter()) {
        v.choose_counter = true;
        v.counter_title = T("desk.counter.choose");
        for (const auto& c : settings_.counters) {
            ChoiceItem item;
            item.id = std::to_string(c.number);
            item.label = messages_.Format(settings_.lang, "desk.counter.name",
                                          messages::Args().Code("counter", std::to_string(c.number)));
            item.hint = OfficeName(c.office_id);
            if (const auto* o = catalogue_.FindOffice(c.office_id)) item.pictogram = o->pictogram;
            v.counters.push_back(std::move(item));
        }
    }
    return v;
}

std::string WaitText(const messages::Messages& messages, std::string_view lang, int minutes) {
    minutes = std::max(0, minutes);
    if (minutes < 60) return messages.Format(lang, "desk.wait.minutes", messages::Args().Int("minutes", minutes));
    if (minutes < 120) {
        if (minutes % 60 == 0) return messages.Format(lang, "desk.wait.hours", messages::Args().Int("hours", minutes / 60));
        return messages.Format(lang, "desk.wait.hours_minutes",
                               messages::Args().Int("hours", minutes / 60).Int("minutes", minutes % 60));
    }
    // From two hours on, to the nearest hour: nobody needs "2 Std. 55 Min." at a glance.
    return messages.Format(lang, "desk.wait.about_hours", messages::Args().Int("hours", (minutes + 30) / 60));
}

QueueRow DeskSession::Row(const core::QueueEntry& e, Micros now) const {
    const core::Visit* visit = nullptr;
    if (const auto* t = snapshot_->state.FindTicket(e.ticket_id)) visit = snapshot_->state.FindVisit(t->visit_id);
    QueueRow row;
    row.ticket_id = e.ticket_id;
    row.number = e.display;
    row.service = ServiceName(e.service_id, "de");
    row.visitor_lang = e.lang;
    if (e.lang != "de" && e.lang != settings_.lang) row.service_visitor = ServiceName(e.service_id, e.lang);
    if (visit) row.stops = StopsProgress(*visit, e.ticket_id);
    const messages::LanguageInfo* li = messages_.FindLanguage(e.lang);
    row.language = li ? li->name : e.lang;
    row.interpreter = e.interpreter;
    if (const auto* p = catalogue_.FindPriorityClass(e.priority_class)) row.priority = T(p->label_key);
    row.state = std::string(core::TicketStateName(e.state));
    row.waited_minutes = e.arrival_at > 0 && now > e.arrival_at ? int((now - e.arrival_at) / kMicrosPerMinute) : 0;
    row.waited = WaitText(messages_, settings_.lang, row.waited_minutes);
    row.selected = e.ticket_id == selected_ticket_;
    return row;
}

void DeskSession::CurrentVisitor(const std::string& current, DeskView& v) const {
    const core::Ticket* t = snapshot_->state.FindTicket(current);
    const core::Visit* visit = t ? snapshot_->state.FindVisit(t->visit_id) : nullptr;
    if (!t || !visit) return;
    const std::string& lang = settings_.lang;
    v.has_current = true;
    v.current_number = visit->display;
    v.current_state = messages_.Format(lang, "desk.current.called_at", messages::Args().Date("time", t->last_called_at));
    if (t->state == core::TicketState::kInService) {
        v.current_state = messages_.Format(lang, "desk.history.served_by",
                                           messages::Args().Str("staff", StaffName(t->staff)).Date("time", t->started_at));
    }
    v.current_service = ServiceName(t->service_id, "de");
    v.current_visitor_lang = visit->lang;
    if (visit->lang != "de" && visit->lang != lang) v.current_service_visitor = ServiceName(t->service_id, visit->lang);
    const messages::LanguageInfo* li = messages_.FindLanguage(visit->lang);
    v.current_language = li ? li->name : visit->lang;
    v.current_interpreter = visit->interpreter;
    if (const auto* p = catalogue_.FindPriorityClass(visit->priority_class)) v.current_priority = T(p->label_key);
    v.current_note = t->note;

    // The details panel: every fact about the visitor in one place, label beside value.
    std::vector<DeskFact>& facts = v.current_facts;
    facts.push_back({T("desk.column.service"), v.current_service, {}, {}, false});
    if (!v.current_service_visitor.empty()) facts.push_back({{}, v.current_service_visitor, visit->lang, {}, false});
    facts.push_back({T("desk.column.language"), v.current_language, visit->lang, "translate", false});
    facts.push_back(visit->interpreter ? DeskFact{{}, T("desk.interpreter_needed"), {}, "record_voice_over", true}
                                       : DeskFact{{}, T("desk.interpreter.not_needed"), {}, {}, false});
    if (!v.current_priority.empty()) facts.push_back({T("desk.column.priority"), v.current_priority, {}, "priority_high", true});
    if (!v.current_note.empty()) facts.push_back({T("desk.action.note"), v.current_note, {}, "sticky_note_2", true});
    const Micros called = t->first_called_at > 0 ? t->first_called_at : t->last_called_at;
    const int waited = visit->arrival_at > 0 && called > visit->arrival_at ? int((called - visit->arrival_at) / kMicrosPerMinute) : 0;
    facts.push_back({T("desk.details.times"),
                     messages_.Format(lang, "desk.details.arrived",
                                      messages::Args()
                                          .Date("time", visit->arrival_at)
                                          .Str("wait", WaitText(messages_, lang, waited))),
                     {}, {}, false});
    facts.push_back({{}, v.current_state, {}, {}, false});

    // The visit: every stop (done, now, next), where, and who served it.
    int index = 1;
    for (const core::VisitStop& stop : core::VisitStops(snapshot_->state, visit->id)) {
        HistoryLine line;
        line.what = messages_.Format(lang, "desk.history.stop",
                                     messages::Args()
                                         .Code("index", std::to_string(index++))
                                         .Str("office", OfficeName(stop.office_id))
                                         .Str("service", ServiceName(stop.service_id, "de")));
        line.when = T(StopProgressKey(stop));
        if (!stop.staff.empty()) {
            line.when += " · " + messages_.Format(lang, "desk.history.served_by_name",
                                                  messages::Args().Str("staff", StaffName(stop.staff)));
        }
        line.current = stop.ticket_id == current;
        v.history.push_back(std::move(line));
    }
}

DeskView DeskSession::Desk() const {
    DeskView v;
    v.lang = settings_.lang;
    v.title = messages_.Format(settings_.lang, "desk.queue.title", messages::Args().Str("office", OfficeName(office_id_)));
    v.subtitle = messages_.Format(settings_.lang, "desk.counter.name",
                                  messages::Args().Code("counter", std::to_string(counter_))) +
                 " · " + UnbrokenName(staff_name_) + "\xC2\xA0(" + staff_number_ + ")";
    v.empty_text = T("desk.queue.empty");
    v.current_none_text = T("desk.current.none");
    v.sign_out_label = T("desk.signout");
    v.current_title = T("desk.current.title");
    v.history_title = T("desk.history.title");
    v.status_line = status_;
    v.status_is_error = status_is_error_;
    if (snapshot_ && !snapshot_->device_alerts.empty()) {
        // A kiosk's printer (visitors see their number on screen), or this desk's own (its
        // booking and referral slips): said apart, the kiosks' first.
        std::string devices;
        bool own = false;
        for (const auto& alert : snapshot_->device_alerts) {
            if (!snapshot_->device_id.empty() && alert.device_id == snapshot_->device_id) { own = true; continue; }
            devices += (devices.empty() ? "" : ", ") + alert.device_id;
        }
        if (!devices.empty())
            v.device_alert = messages_.Format(settings_.lang, "desk.printer_alert", messages::Args().Code("device", devices));
        else if (own)
            v.device_alert = T("desk.printer_alert_own");
    }
    const Micros now = now_ > 0 ? now_ : (snapshot_ ? snapshot_->at : 0);
    int waiting = 0;
    const std::string current = CurrentTicketId();
    if (snapshot_) {
        for (const auto& e : snapshot_->queue) {
            if (e.office_id != office_id_) continue;
            if (AtCounter(e.state) && e.counter != counter_ && e.counter != 0) continue;  // at another counter
            if (e.ticket_id == current) continue;
            if (e.state == core::TicketState::kWaiting) ++waiting;
            v.rows.push_back(Row(e, now));
        }
    }
    // Columns: only those a row fills.
    const bool any_priority = std::any_of(v.rows.begin(), v.rows.end(), [](const QueueRow& r) { return !r.priority.empty(); });
    v.columns.push_back({QueueColumn::kNumber, T("desk.column.number")});
    v.columns.push_back({QueueColumn::kService, T("desk.column.service")});
    v.columns.push_back({QueueColumn::kLanguage, T("desk.column.language")});
    if (any_priority) v.columns.push_back({QueueColumn::kPriority, T("desk.column.priority")});
    v.columns.push_back({QueueColumn::kWaited, T("desk.column.waited")});
    v.waiting_summary = messages_.Format(settings_.lang, "desk.queue.count", messages::Args().Int("count", waiting));

    core::TicketState current_state = core::TicketState::kWaiting;
    if (!current.empty() && snapshot_) {
        CurrentVisitor(current, v);
        if (const core::Ticket* t = snapshot_->state.FindTicket(current)) current_state = t->state;
    }
    const bool has = v.has_current;
    const bool called = has && (current_state == core::TicketState::kCalled || current_state == core::TicketState::kRecalled);
    const bool serving = has && current_state == core::TicketState::kInService;
    const auto* selected = (snapshot_ && !selected_ticket_.empty()) ? snapshot_->state.FindTicket(selected_ticket_) : nullptr;
    const bool resume = selected && selected->state == core::TicketState::kParked;
    const int* k = settings_.function_keys;
    v.primary = {Action::kCallNext, T(resume ? "desk.action.resume" : "desk.action.call_next"), "F1", k[0],
                 !has && (waiting > 0 || resume)};
    v.buttons = {
        {Action::kRecall, T("desk.action.recall"), "F2", k[1], called},
        {Action::kStartService, T("desk.action.start"), "F3", k[2], called},
        {Action::kOpenFinish, T("desk.action.finish"), "F4", k[3], serving},
        {Action::kNoShow, T("desk.action.no_show"), "F5", k[4], called},
        {Action::kPark, T("desk.action.park"), "F6", k[5], called || serving},
        {Action::kOpenTransfer, T("desk.action.transfer"), "F7", k[6], called || serving},
        {Action::kReturnToQueue, T("desk.action.return"), "F8", k[7], called || serving},
    };
    // Referral and hand-off, in the visitor's details panel: only where the site configured
    // partners or case management.
    if (!catalogue_.partners.empty())
        v.current_actions.push_back({Action::kOpenReferral, T("desk.action.refer"), "", -1, called || serving});
    if (!catalogue_.case_management.service_id.empty())
        v.current_actions.push_back({Action::kOpenHandoff, T("desk.action.handoff"), "", -1, called || serving});
    if (!FollowUpServices("").empty())
        v.current_actions.push_back({Action::kOpenFollowUp, T("desk.action.follow_up"), "", -1, called || serving});
    FillAppointments(v);
    FillSlots(v);
    v.cancel_label = T("common.cancel");
    if (transfer_open_) {
        v.transfer_open = true;
        v.transfer_title = T("desk.transfer.title");
        v.transfer_note_label = T("desk.note.hint");
        v.transfer_confirm_label = T("desk.action.transfer");
        const core::Ticket* t = snapshot_ ? snapshot_->state.FindTicket(current) : nullptr;
        for (const auto& s : catalogue_.services) {
            if (t && s.id == t->service_id) continue;
            const catalogue::Office* o = catalogue_.FindOffice(s.office_id);
            v.transfer_targets.push_back({s.id, std::string(1, o ? o->ticket_prefix : '?') + " · " + ServiceName(s.id, "de")});
        }
        v.transfer_selected = transfer_target_;
        v.transfer_note = transfer_note_;
    }
    if (finish_open_) {
        v.finish_open = true;
        v.finish_title = T("desk.outcome.title");
        for (const auto& o : kOutcomes) v.outcomes.push_back({o.id, T(o.key)});
    }
    if (referral_open_) {
        v.referral_open = true;
        v.referral_title = T("desk.referral.title");
        v.referral_hint = T("desk.referral.hint");
        v.referral_confirm_label = T("desk.referral.give");
        // The partner's own words (data, not translated): name, address, hours, languages.
        for (const auto& p : catalogue_.partners) {
            std::string languages;
            for (const auto& l : p.languages) languages += (languages.empty() ? "" : ", ") + l;
            v.referral_partners.push_back({p.id, p.name, p.address + " · " + p.hours + " · " + languages});
        }
        v.referral_selected = referral_partner_;
    }
    if (handoff_open_) {
        v.handoff_open = true;
        v.handoff_title = T("desk.handoff.title");
        v.handoff_consent_label = T("desk.handoff.consent");
        v.handoff_name_label = T("desk.handoff.name");
        v.handoff_confirm_label = T("desk.handoff.confirm");
        v.handoff_next_label = T("desk.handoff.next");
        for (const auto& r : catalogue_.case_management.reasons)
            v.handoff_reasons.push_back({r, T(catalogue::CaseManagement::ReasonKey(r))});
        v.handoff_selected = handoff_reason_;
        v.handoff_consent = handoff_consent_;
        v.handoff_name = handoff_name_;
    }
    return v;
}

void DeskSession::DrawCurrent(UiActions& actions) const {
    if (signed_in() && at_counter()) {
        DrawDeskScreen(Desk(), actions);
    } else {
        DrawSignInScreen(SignIn(), actions);
    }
}

void DeskSession::SignedInForGallery(std::string staff_number, std::string staff_name, const DeskCounter& counter) {
    staff_number_ = std::move(staff_number);
    staff_name_ = std::move(staff_name);
    office_id_ = counter.office_id;
    counter_ = counter.number;
}

void DeskSession::ShowCounterChoiceForGallery(std::string staff_number, std::string staff_name) {
    staff_number_ = std::move(staff_number);
    staff_name_ = std::move(staff_name);
    counter_ = 0;
}

void DeskSession::ShowSignInErrorForGallery(std::string error, bool locked) {
    typed_number_ = "1042";
    typed_pin_ = "12";
    focus_ = 1;
    sign_in_error_ = std::move(error);
    locked_ = locked;
}

void DeskSession::OpenTransferForGallery(std::string target, std::string note) {
    transfer_open_ = true;
    transfer_target_ = std::move(target);
    transfer_note_ = std::move(note);
}

void DeskSession::OpenFinishForGallery() { finish_open_ = true; }

void DeskSession::OpenReferralForGallery(std::string partner_id) {
    referral_open_ = true;
    referral_partner_ = std::move(partner_id);
}

void DeskSession::OpenHandoffForGallery(std::string reason, bool consent, std::string name) {
    handoff_open_ = true;
    handoff_reason_ = std::move(reason);
    handoff_consent_ = consent;
    handoff_name_ = consent ? std::move(name) : std::string();
}

}  // namespace anl::ui
