// A desk's appointment actions beyond booking and cancelling (issue 12): moving a booking to
// another slot without ever leaving the visitor without one.
#include "kiosk/store/staff_only.h"
#include "kiosk/store/store.h"

namespace anl::store {

Result<core::Appointment> Store::MoveAppointment(std::string_view reference, const std::string& new_slot_id) {
    if (auto ok = OnlyADesk(self().role, "move an appointment"); !ok) return ok.error();
    const core::Appointment* old = nullptr;
    for (const auto& [id, a] : state().appointments)
        if (a.status == core::AppointmentStatus::kBooked && (a.id == reference || a.reference == reference)) old = &a;
    if (!old)
        return MakeError(ErrorCode::kNotFound,
                         "There is no booked appointment \"" + std::string(reference.substr(0, 80)) + "\".");
    const core::Appointment before = *old;  // the state changes under the pointer when we book
    auto slot = core::ParseSlotId(new_slot_id);
    if (!slot.ok()) return slot.error();
    if (slot->service_id != before.service_id)
        return MakeError(ErrorCode::kInvalidInput, "The slot " + new_slot_id + " belongs to " + slot->service_id +
                                                       ", but the appointment " + before.reference + " is for " +
                                                       before.service_id + ".");
    if (new_slot_id == before.slot_id)
        return MakeError(ErrorCode::kInvalidInput, "The appointment " + before.reference + " is in that slot already.");
    // First the new slot: if it cannot be held, the old booking stands untouched.
    auto booked = BookAppointment(core::BookAppointment{new_slot_id, before.lang});
    if (!booked.ok()) return booked.error();
    auto cancelled = CancelAppointment(before.id);
    if (!cancelled.ok())
        return MakeError(cancelled.error().code, "The new appointment " + booked->reference +
                                                     " is booked, but the old one " + before.reference +
                                                     " could not be cancelled: " + cancelled.error().message);
    return booked;
}

}  // namespace anl::store
