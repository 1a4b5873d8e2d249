#include "kiosk/app/desk_requests.h"

namespace anl::app {

namespace {

ui::DeskAnswer Appointment(store::Store& store, const ui::AppointmentRequest& r) {
    ui::DeskAnswer answer;
    using Op = ui::AppointmentRequest::Op;
    Result<core::Appointment> done = MakeError(ErrorCode::kInvalidInput, "unknown appointment request");
    switch (r.op) {
        case Op::kArrive: {
            auto checked = store.CheckInAppointment(r.reference);
            if (!checked.ok()) {
                answer.status = Status(checked.error());
                return answer;
            }
            answer.check_in = checked->verdict.reason;
            answer.ticket = checked->display;
            answer.come_back_from = checked->verdict.come_back_from;
            return answer;
        }
        // By id where the desk has it: a reference may name two bookings (two services of one
        // office at the same time and seat print the same one).
        case Op::kCancel: done = store.CancelAppointment(r.appointment_id.empty() ? r.reference : r.appointment_id); break;
        case Op::kMove: done = store.MoveAppointment(r.appointment_id.empty() ? r.reference : r.appointment_id, r.slot_id); break;
        case Op::kBook: done = store.BookAppointment(core::BookAppointment{r.slot_id, r.lang}); break;
    }
    if (!done.ok()) answer.status = Status(done.error());
    else if (r.op != Op::kCancel) answer.booked = std::move(done).value();
    return answer;
}

}  // namespace

ui::DeskAnswer RunDeskRequest(store::Store& store, const ui::DeskRequest& request, const std::string& staff_number) {
    ui::DeskAnswer answer;
    switch (request.kind) {
        case ui::DeskRequest::Kind::kReferral:
            if (auto r = store.GiveReferral(request.referral, staff_number); !r.ok()) answer.status = Status(r.error());
            break;
        case ui::DeskRequest::Kind::kHandoff: {
            core::HandToCaseManagement handoff = request.handoff;
            if (!request.handoff_slot.empty()) {
                // The first appointment first: a slot taken meanwhile leaves the visit as it was.
                auto booked = store.BookAppointment(core::BookAppointment{request.handoff_slot,
                                                                          request.handoff_lang.empty() ? "de" : request.handoff_lang});
                if (!booked.ok()) {
                    answer.status = Status(booked.error());
                    break;
                }
                answer.booked = booked.value();
                handoff.appointment_id = booked->id;
            }
            if (auto r = store.HandToCaseManagement(handoff, staff_number); !r.ok()) {
                answer.status = Status(r.error());
                if (answer.booked) {
                    // Not handed off: the booking made for it is given back, so no slot is lost.
                    (void)store.CancelAppointment(answer.booked->id);
                    answer.booked.reset();
                }
            }
            break;
        }
        case ui::DeskRequest::Kind::kAppointment: return Appointment(store, request.appointment);
        case ui::DeskRequest::Kind::kSignIn:
        case ui::DeskRequest::Kind::kCommand:
            ANL_ASSERT(!"sign-ins and commands have their own store calls");
            answer.status = Status(MakeError(ErrorCode::kInvalidInput, "Not a referral, hand-off or appointment request."));
            break;
    }
    return answer;
}

std::optional<print::Slip> DeskSlip(const catalogue::Catalogue& catalogue, const messages::Messages& messages,
                                    const ui::DeskRequest& request, const ui::DeskAnswer& answer) {
    if (!answer.status.ok()) return std::nullopt;
    if (answer.booked) return print::MakeBookingSlip(catalogue, messages, *answer.booked);
    if (request.kind == ui::DeskRequest::Kind::kReferral) {
        if (const catalogue::Partner* p = catalogue.FindPartner(request.referral.partner_id))
            return print::MakeReferralSlip(messages, request.slip_lang.empty() ? "de" : request.slip_lang, *p);
    }
    return std::nullopt;
}

}  // namespace anl::app
