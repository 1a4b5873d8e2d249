// desk_session: the front desk as plain state (sign-in, counter, selection, dialogs) and the
// view models built from it and the queue snapshot. What staff do becomes a DeskRequest: a
// sign-in or a core::Command, which the app hands to the store worker (the same commands
// `anlaufstelle-ctl desk ...` runs).
// Must never: read the clock (time is passed in), touch the store, or draw.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/ui/ui.h"
#include "kiosk/ui/viewmodels/snapshot.h"

namespace anl::ui {

// The slot picker offers the free slots of this many days ahead (those that have any).
inline constexpr std::size_t kSlotPickerDays = 6;

struct DeskCounter {
    std::string office_id;
    int number = 0;
};

struct DeskSettings {
    std::string lang = "de";            // staff texts: a language that has them (de, en, ar)
    std::vector<DeskCounter> counters;  // empty: DefaultCounters(catalogue)
    // A desk set up at one counter (`--counter N`): every sign-in goes straight there, no
    // counter choice. 0: staff choose.
    int fixed_counter = 0;
    // Backend key indices (io.KeysDown) for F1..F8; the app fills them from GLFW.
    int function_keys[8] = {-1, -1, -1, -1, -1, -1, -1, -1};
};

// How long someone has waited, in words of `lang` (the catalogue's plural forms): "unter 1
// Minute", "12 Minuten", "1 Stunde", "1 Std. 5 Min.", from two hours "etwa 3 Stunden".
std::string WaitText(const messages::Messages& messages, std::string_view lang, int minutes);
// A person's name for running text: its spaces are no-break spaces, so a line never breaks
// between "A." and "Demir".
std::string UnbrokenName(std::string_view name);

// The catalogue's [[counter]]s; without any, two counters per office, numbered through the
// site (1, 2 at the first office, 3, 4 ...).
std::vector<DeskCounter> DefaultCounters(const catalogue::Catalogue& catalogue);

// A desk's appointment action (DeskRequest kAppointment), as `anlaufstelle-ctl appointment`
// runs it: check-in, cancel, move, book.
struct AppointmentRequest {
    enum class Op { kArrive, kCancel, kMove, kBook } op = Op::kArrive;
    std::string reference;  // kArrive, kCancel, kMove: the booking's reference (check-in, the status line)
    std::string slot_id;    // kMove, kBook: the new slot
    std::string lang = "de";  // kBook: the visitor's language (the slip's)
    std::string appointment_id = {};  // kCancel, kMove: the booking itself (two services of one office
                                      // can print the same reference for the same time and seat)
};

struct DeskRequest {
    enum class Kind { kSignIn, kCommand, kReferral, kHandoff, kAppointment } kind = Kind::kCommand;
    std::string staff_number;
    std::string pin;
    core::Command command;
    core::GiveReferral referral = {};          // kReferral: store::Store::GiveReferral
    core::HandToCaseManagement handoff = {};   // kHandoff: store::Store::HandToCaseManagement
    std::string handoff_slot = {};             // kHandoff: book this slot first, hand off with it ("" none)
    std::string handoff_lang = {};             // kHandoff: the visitor's language for that booking
    AppointmentRequest appointment = {};       // kAppointment
    std::string slip_lang = {};                // kReferral: the visitor's language (the printed slip's)
};

// What the store worker did with a kReferral, kHandoff or kAppointment request.
struct DeskAnswer {
    Status status;
    std::optional<core::Appointment> booked = {};  // a booking made (book, move, hand-off's first appointment)
    std::string check_in = {};                // kArrive: the verdict word (core kCheckIn*)
    std::string ticket = {};                  // kArrive on time: the ticket's number
    Micros come_back_from = 0;                // kArrive early
};

class DeskSession {
public:
    DeskSession(const catalogue::Catalogue& catalogue, const messages::Messages& messages, DeskSettings settings);

    std::optional<DeskRequest> Apply(const UiAction& action, Micros now);
    // Answers from the store worker.
    // The store's answer as data: refusals become the staff language's sentence (attempts
    // left, locked until when), never the store's English.
    void OnSignIn(const Result<core::SignInOutcome>& result, Micros now);
    // What a command did, or why it was refused, as the staff language's sentence (from the
    // catalogue, never the core's English). ticket_ids: the tickets it touched (the store's
    // Outcome), which names the visitor a "call next" called.
    void OnCommandDone(const core::Command& command, const Status& status, const std::vector<std::string>& ticket_ids);
    // What a referral or hand-off request did (kReferral, kHandoff), as the staff language's sentence.
    void OnNetworkDone(const DeskRequest& request, const Status& status);
    // The same with the whole answer (kAppointment, and a hand-off that booked).
    void OnDeskAnswer(const DeskRequest& request, const DeskAnswer& answer);
    // A new state of the queue. When it shows that another desk's call of this desk's
    // visitor stands (two desks called while partitioned; the central order decided), the
    // visitor is no longer this desk's and the staff member is told to call the next one.
    void SetSnapshot(SnapshotPtr snapshot);
    // The time "waited" is counted to (the UI passes the clock's time each frame).
    void SetNow(Micros now) { now_ = now; }

    bool signed_in() const { return !staff_number_.empty(); }
    bool at_counter() const { return counter_ > 0; }
    const std::string& staff_number() const { return staff_number_; }
    const std::string& office_id() const { return office_id_; }
    int counter() const { return counter_; }
    // The ticket at this counter (called, recalled or in service), or "".
    std::string CurrentTicketId() const;

    SignInView SignIn() const;
    DeskView Desk() const;
    void DrawCurrent(UiActions& actions) const;

    // Gallery and test hooks.
    void SignedInForGallery(std::string staff_number, std::string staff_name, const DeskCounter& counter);
    void ShowCounterChoiceForGallery(std::string staff_number, std::string staff_name);
    void ShowSignInErrorForGallery(std::string error, bool locked);
    void OpenTransferForGallery(std::string target, std::string note);
    void OpenFinishForGallery();
    void OpenReferralForGallery(std::string partner_id);
    void OpenHandoffForGallery(std::string reason, bool consent, std::string name);
    void OpenAppointmentsForGallery();
    // The slot picker for a follow-up of the visitor at the counter (or, with `handoff`, for
    // the first case-management appointment), the first free day and time chosen.
    void OpenSlotsForGallery(bool handoff);
    void OpenMoveForGallery();  // the slot picker for the first of today's bookings
    // A slip (booking, referral) did not print: the status line says so (the alert is the app's).
    void OnPrintFailed();

private:
    std::string T(std::string_view key) const;
    std::string ServiceName(const std::string& service_id, std::string_view lang) const;
    std::string OfficeName(const std::string& office_id) const;
    std::string StaffName(const std::string& number) const;
    std::string StopsProgress(const core::Visit& visit, const std::string& ticket_id) const;
    std::string TicketDisplay(const std::string& ticket_id) const;
    QueueRow Row(const core::QueueEntry& entry, Micros now) const;
    // The visitor at this counter: number, state, the details panel's facts and the visit's stops.
    void CurrentVisitor(const std::string& ticket_id, DeskView& view) const;
    void TakeCounter(int number);  // a counter of settings_.counters; an unknown number changes nothing
    std::string DoneText(const core::Command& command, const std::string& ticket_id) const;
    std::string RefusalText(const core::Command& command, const Error& error, const std::string& ticket_id) const;

    const catalogue::Catalogue& catalogue_;
    const messages::Messages& messages_;
    DeskSettings settings_;
    SnapshotPtr snapshot_;
    Micros now_ = 0;

    // Sign-in form (the PIN lives here only until the request is made).
    std::string typed_number_;
    std::string typed_pin_;
    int focus_ = 0;
    std::string sign_in_error_;
    bool locked_ = false;
    // Signed in.
    std::string staff_number_;
    std::string staff_name_;
    std::string office_id_;
    int counter_ = 0;
    std::string selected_ticket_;
    std::string held_ticket_;  // the visitor at this counter in the last snapshot
    bool transfer_open_ = false;
    std::string transfer_target_;
    std::string transfer_note_;
    bool finish_open_ = false;
    bool referral_open_ = false;
    std::string referral_partner_;
    bool handoff_open_ = false;
    std::string handoff_reason_;
    bool handoff_consent_ = false;
    std::string handoff_name_;  // only while the consent step is ticked; never kept after the request
    // Appointments panel and slot picker.
    bool appointments_open_ = false;
    enum class SlotMode { kNone, kMove, kFollowUp, kHandoff } slot_mode_ = SlotMode::kNone;
    std::string move_appointment_;  // kMove: the booking's id
    std::string slot_service_;
    std::string slot_day_;
    std::string slot_id_;
    std::string slot_lang_ = "de";  // the visitor's language for a new booking
    core::HandToCaseManagement pending_handoff_;  // kHandoff: the dialog's choices, until the slot
    const core::Appointment* FindAppointment(const std::string& id) const;
    // Services a follow-up can be booked for (needs_appointment): `first` (the visitor's own)
    // first when it takes appointments, then this office's, then the others.
    std::vector<std::string> FollowUpServices(const std::string& first) const;
    void OpenSlots(SlotMode mode, std::string service_id, std::string lang);
    // Free slots of a service this desk can give (its escrow, not booked), by local day.
    std::vector<std::pair<std::string, std::vector<core::Slot>>> FreeSlotDays(const std::string& service_id) const;
    void FillAppointments(DeskView& view) const;
    void FillSlots(DeskView& view) const;
    std::string LocalTime(Micros utc) const;  // "09:30"
    std::string DayLabel(const std::string& day) const;  // "Mi 07.01."
    void CloseDialogs();
    std::string status_;
    bool status_is_error_ = false;
    // The last command's answer, kept to word the status line again when a newer snapshot
    // knows the visitor's number (a "call next" may call a ticket this desk has not seen yet).
    struct CommandReport {
        core::Command command;
        Status status;
        std::string ticket_id;
    };
    std::optional<CommandReport> last_report_;
    void WordStatus();
};

}  // namespace anl::ui
