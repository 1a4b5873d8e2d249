// core: the service centre's queue, written as events. Visits, their stops (tickets at an
// office), calls, ticket numbers, queue order, waiting-time estimates and the staff PIN hash.
//   - Decide(state, command) checks a command against the rules and returns the event(s)
//     that record it, or an Error with one clear sentence. It never changes the state.
//   - ApplyEvent(state, event) folds one event into the state. It is pure and deterministic:
//     every device folds the same events in the same order and ends with the same state,
//     whether the event was decided here or arrived from another device through sync.
// Time is a parameter (UTC microseconds from the injected anl::Clock); the core reads no clock.
// Must never: speak SQL, draw, touch files or the network, or read the wall clock.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/base/base.h"
#include "kiosk/base/role.h"
#include "kiosk/catalogue/catalogue.h"

// Index
//   1. Rules a site can configure
//   2. Domain types: Visit, Ticket (a stop of a visit), Call, Staff, Device, State
//   3. Events
//   4. Commands and Decide
//   5. ApplyEvent (the reducer)
//   6. Queue order, positions and waiting-time estimates
//   7. Ticket numbers and the site's local day
//   8. Staff PINs
//   9. Appointment slots
//  10. Validating an event another device sent (ValidateEvent)
//  11. Referrals to partners and case-management hand-offs
//  12. Staff roles and rights; the audit log (docs/ROLES.md)
//  13. Retention of personal fields (docs/DATA-PROTECTION.md)
//  14. A visitor's request for information or erasure (GDPR Art. 15/17)

namespace anl::core {

// ---------------------------------------------------------------------------------------
// 1. Rules a site can configure
// ---------------------------------------------------------------------------------------
struct QueueRules {
    // Staff may recall a called visitor for this long: they may be in the toilet or
    // outside with a child. After it (or after enough calls) they may mark a no-show.
    Micros recall_window = 5 * kMicrosPerMinute;
    // A called visitor can be marked a no-show once called this many times (call + recalls)
    // or once the recall window has passed, whichever comes first.
    int calls_before_no_show = 2;
    // An appointment due within this window (or overdue) is served before walk-ins.
    Micros appointment_window = 15 * kMicrosPerMinute;
    // The site's local day (ticket numbers restart each local day): an IANA zone, via ICU.
    std::string time_zone = "Europe/Berlin";
    // Ticket numbers: device slot s issues from blocks s, s+device_slots, s+2*device_slots ...
    // each block holding numbers block*100+1 .. block*100+99 (see section 7).
    int device_slots = 10;
    // Waiting estimates use up to this many recent service times of the same service,
    // finished within the lookback; otherwise Service::typical_minutes.
    int recent_service_samples = 10;
    Micros recent_service_lookback = 3 * 60 * kMicrosPerMinute;
    // A counter counts as open when it called a visitor of the office within this time.
    Micros open_counter_lookback = 60 * kMicrosPerMinute;
    // Checking in for an appointment (section 9, JudgeCheckIn): from this long before its start
    // until this long after it the visitor joins the queue with appointment priority; earlier
    // they are told when to come back, later they are offered a walk-in ticket.
    Micros check_in_before = 30 * kMicrosPerMinute;
    Micros check_in_after = 15 * kMicrosPerMinute;
};

// ---------------------------------------------------------------------------------------
// 2. Domain types
// ---------------------------------------------------------------------------------------

// The state of one ticket (a visit's stop at one office). Transitions: see kTransitions in
// state_machine.cpp, written out as a table there.
enum class TicketState { kWaiting, kCalled, kRecalled, kInService, kDone, kNoShow, kParked, kTransferred };
std::string_view TicketStateName(TicketState state);  // "waiting", "in_service" ...
std::optional<TicketState> ParseTicketState(std::string_view name);
bool IsFinal(TicketState state);  // done, no_show, transferred: nothing may happen any more

// What a desk (or the reducer) does to a ticket; every pair (state, action) is either in
// the table or rejected with a clear sentence.
enum class Action { kCall, kRecall, kStart, kFinish, kNoShow, kReturnToQueue, kPark, kUnpark, kTransfer };
std::string_view ActionName(Action action);
// The state a ticket moves to, or a kRejected error naming the ticket, its state and the action.
Result<TicketState> Transition(TicketState from, Action action, std::string_view ticket_label);

// Why Decide refused a desk's command (Error::reason), for screens that explain it in the
// staff's language. Stable words: a catalogue key is made of them ("desk.refused.<reason>").
inline constexpr const char* kRefusedStateChanged = "state_changed";          // not allowed in the ticket's state
inline constexpr const char* kRefusedCalledElsewhere = "called_elsewhere";    // another desk's call stands
inline constexpr const char* kRefusedRecallWindowPassed = "recall_window_passed";
inline constexpr const char* kRefusedNoShowTooEarly = "no_show_too_early";    // recall first, or wait
inline constexpr const char* kRefusedSameService = "same_service";            // transfer to where it already is
inline constexpr const char* kRefusedNoneForCounter = "none_for_counter";    // visitors wait, for other counters' services

// A stop the visitor chose at the kiosk (one visit, several stops): where and for what.
struct PlannedStop {
    std::string office_id;
    std::string service_id;
    friend bool operator==(const PlannedStop&, const PlannedStop&) = default;
};

// One person's (or family's) visit to the centre. Its display number ("A-042") belongs to the
// visit, not the stop: a visitor sent on to another office keeps their number and their
// place (the one-stop idea), and is called by the same number there.
struct Visit {
    std::string id;              // "<device>/<seq>" of the creating event: unique everywhere
    std::string display;         // "A-042"
    char prefix = 'A';           // the first office's Office::ticket_prefix
    int number = 0;              // 42
    std::string service_day;     // the site's local day it was issued, "2026-01-01"
    Micros arrival_at = 0;       // when the ticket was taken; kept across transfers
    std::string lang;            // the visitor's language code, e.g. "ps"
    std::string priority_class;  // catalogue PriorityClass id or empty
    int priority_rank = 0;       // copied at issue so a later catalogue change keeps order
    bool interpreter = false;    // the visitor asked for an interpreter
    Micros appointment_due_at = 0;  // 0 for walk-ins
    std::string issued_by;       // device id of the kiosk that issued it
    std::vector<std::string> ticket_ids;  // its stops, in order; the last one is current
    // The stops chosen at issue, in order (plan[0] is the first ticket). When a planned stop is
    // finished the visit goes on to the next one that has not begun, keeping its place like
    // a transfer. Empty for visits issued before plans existed.
    std::vector<PlannedStop> plan;
};

// One stop of a visit: a ticket at one office for one service.
struct Ticket {
    std::string id;         // "<device>/<seq>" of the event that created it
    std::string visit_id;
    int stop_index = 0;     // 0 for the first office, 1 after the first transfer ...
    std::string office_id;
    std::string service_id;
    TicketState state = TicketState::kWaiting;
    Micros created_at = 0;
    int call_count = 0;          // calls and recalls since it last waited
    Micros first_called_at = 0;  // of the current calling round (reset on return to queue)
    Micros last_called_at = 0;
    int counter = 0;             // the counter that called it (0: none)
    // The device whose call stands (the first ticket.called in the order events are folded).
    // Only that desk may recall, start, finish, transfer, park, return or no-show the ticket
    // while it is called or in service; cleared when the ticket waits again.
    std::string called_by;
    std::string staff;           // staff number of the desk that called/served it, if known
    Micros started_at = 0;
    Micros finished_at = 0;      // done, no-show or transferred
    std::string outcome;         // set by Finish, e.g. "resolved", "follow_up"
    std::string note;            // a short note handed over with a transfer
    std::string transferred_to;  // id of the next stop when transferred
    int plan_index = -1;         // which of the visit's planned stops this is (-1: a transfer)
};

// A call shown on the call display and announced.
struct Call {
    std::string ticket_id;
    std::string display;
    std::string office_id;
    int counter = 0;
    Micros at = 0;
    bool recall = false;
    std::string device_id;
};

// What a staff member is (anl::StaffRole, kiosk/base/role.h): one or more per person; each
// grants rights (section 12, RoleGrants).
using anl::StaffRole;
using StaffRoles = std::set<StaffRole>;

// A staff member who may sign in at a desk. The PIN is stored only as an argon2id hash.
struct Staff {
    std::string number;       // staff number, e.g. "1042"
    std::string name;
    std::string pin_hash;     // HashPin()
    int failed_attempts = 0;  // since the last successful sign-in
    Micros locked_until = 0;  // sign-in refused before this time
    StaffRoles roles = {StaffRole::kDesk};  // never empty; staff from before roles are desk staff
};

// A terminal of the site. `slot` decides its ticket number blocks (section 7).
struct Device {
    std::string id;
    std::string site_id;
    int slot = 0;
    Role role = Role::kKiosk;
};

// --- appointment bookings (section 9; kiosk/core/appointments.cpp) -------------------------
// A booked appointment slot. Its id is "<device>/<seq>" of the booking event.
enum class AppointmentStatus { kBooked, kCancelled, kRefused };
std::string_view AppointmentStatusName(AppointmentStatus status);  // "booked", "cancelled", "refused"
struct Appointment {
    std::string id;
    std::string reference;   // printed for the visitor, e.g. "A-0329-0830-1" (no name)
    std::string slot_id;     // see SlotId()
    std::string service_id;
    Micros start_us = 0;
    Micros end_us = 0;
    std::string lang;
    std::string booked_by;   // device id
    Micros booked_at = 0;
    AppointmentStatus status = AppointmentStatus::kBooked;
    std::string refused_because;  // the central's sentence when refused
    // Set once by the check-in's ticket.issued (its payload's appointment_id): the ticket it
    // gave and when. A second check-in with the same reference is refused.
    std::string arrived_ticket;
    Micros arrived_at = 0;
};
// --- end appointment bookings ----------------------------------------------------------------

// --- case-management hand-offs (section 11; kiosk/core/referrals.cpp) -----------------------
// A visit flagged "for case management".
struct Handoff {
    std::string id;             // "<device>/<seq>" of the handoff.given event
    std::string ticket_id;      // the stop at the desk that handed it on
    std::string display;        // the visit's number that day ("A-042"), for the case manager
    std::string office_id;      // where it came from
    std::string service_id;
    std::string reason;         // catalogue::CaseManagement reason id
    std::string to_service_id;  // the case managers' service
    std::string appointment_id; // the first case-management appointment, "" when none
    bool consent = false;       // the visitor agreed that their name is kept
    std::string name;           // only with consent
    std::string given_by;       // device id
    Micros at_us = 0;
};

// Everything ApplyEvent folds. Ordered maps: iteration order is the same on every device.
struct State {
    std::map<std::string, Visit> visits;
    std::map<std::string, Ticket> tickets;
    std::deque<Call> recent_calls;  // newest last, at most kRecentCallsKept
    // (service_day, display) -> visit id, to find "A-042" and to keep numbers unique.
    std::map<std::pair<std::string, std::string>, std::string> visit_by_number;
    // (issuing device, prefix, service_day) -> tickets issued, for the next number.
    std::map<std::tuple<std::string, char, std::string>, int> issued_count;
    // Appointment bookings by id (section 9), and refusals that arrived before their booking.
    std::map<std::string, Appointment> appointments;
    std::map<std::string, std::string> refusals;
    // Case-management hand-offs by id (section 11).
    std::map<std::string, Handoff> handoffs;

    static constexpr std::size_t kRecentCallsKept = 50;

    const Ticket* FindTicket(std::string_view id) const;
    const Visit* FindVisit(std::string_view id) const;
};

// ---------------------------------------------------------------------------------------
// 3. Events: the source of truth. Every state change is one event; the store keeps them in
//    its outbox in the same transaction as the state rows they change.
// ---------------------------------------------------------------------------------------
struct Event {
    std::string device_id;  // the device that decided it
    std::int64_t seq = 0;   // 1, 2, 3 ... per device, without gaps
    std::string type;       // see kEventTypes
    nlohmann::json payload;  // type-specific fields (event.cpp documents each)
    Micros at_us = 0;       // when it was decided, UTC

    friend bool operator==(const Event&, const Event&) = default;
};

// Every event type the reducer knows.
//   ticket.issued     a visit, its planned stops and its first ticket
//   ticket.called / ticket.recalled    ticket.started     ticket.no_show
//   ticket.finished {outcome}: also queues the visit's next planned stop, if any
//   ticket.returned   back to waiting                     ticket.parked / ticket.unparked
//   ticket.transferred {new ticket at another office/service, note}
inline constexpr std::string_view kEventTypes[] = {
    "ticket.issued",   "ticket.called",   "ticket.recalled",  "ticket.started",
    "ticket.finished", "ticket.no_show",  "ticket.returned",  "ticket.parked",
    "ticket.unparked", "ticket.transferred",
    // appointment slots (section 9): booked by a kiosk or desk, cancelled by a desk, refused
    // only by the central service (device kCentralDeviceId) when a slot was not the booker's.
    "appointment.booked", "appointment.cancelled", "appointment.refused",
    // a terminal's own hardware fault the desks should see (device alerts, below): its sender
    // only, no queue state changes.
    "device.alert",
    // referrals and case-management hand-offs (section 11): given by a desk
    "referral.given", "handoff.given",
    // the audit log (section 12): sign-ins, refusals, staff changes, configuration versions.
    // No queue state changes; no visitor text ever (ValidateEvent refuses any other field).
    "audit.sign_in", "audit.refused", "audit.staff", "audit.config",
    // a visitor's anonymous feedback at the kiosk (visitor feedback, below): no queue state
    // changes; nothing that could name the visitor (ValidateEvent refuses any other field).
    "feedback.given",
    // a visitor's request for erasure (section 14): the ids of the events whose personal fields
    // were emptied; every store that holds them empties them too. No queue state changes.
    "privacy.erased"};

nlohmann::json EventToJson(const Event& event);
// Validates shape and field types (events may come from the network).
Result<Event> EventFromJson(const nlohmann::json& json);

// Whether `action` is something only the desk whose call stands may do to a ticket that is
// called or in service (everything but calling and unparking).
bool NeedsStandingCall(Action action);
// Whether `device_id` may do `action` to `ticket`: false when another device's call stands.
bool MayServe(const Ticket& ticket, Action action, std::string_view device_id);

// ---------------------------------------------------------------------------------------
// 4. Commands and Decide
// ---------------------------------------------------------------------------------------

// Who decides: the device (its id, number slot and next free sequence number) and, at a
// desk, the signed-in staff member.
struct Actor {
    std::string device_id;
    int slot = 0;
    std::int64_t next_seq = 1;
    std::string staff_number;
};

// A visitor takes a ticket for a service (kiosk) or checks in for an appointment. A visit
// may have several stops: the first service, then next_service_ids in order (one ticket
// number; each later stop is queued when the one before it is finished).
struct IssueTicket {
    std::string service_id;
    std::string lang = "de";
    std::string priority_class;  // empty: none
    bool interpreter = false;
    Micros appointment_due_at = 0;
    std::vector<std::string> next_service_ids = {};  // later stops of the same visit, in order
    // A check-in (DecideCheckIn): the appointment it marks arrived. Empty for walk-ins.
    std::string appointment_id = {};

    // Every stop's service in order: service_id, then next_service_ids.
    std::vector<std::string> ServiceIds() const;
};
inline constexpr std::size_t kMaxStops = 4;  // a visit's planned stops; more is a case for case management
// A desk calls the first waiting visitor of its office whose service its counter offers (the
// catalogue's [[counter]] services; without a [[counter]] for it, any service of the office).
struct CallNext {
    std::string office_id;
    int counter = 0;
};
// A desk calls one particular waiting visitor (tapped in the list).
struct CallTicket {
    std::string ticket_id;
    int counter = 0;
};
struct Recall { std::string ticket_id; };
struct StartService { std::string ticket_id; };
struct FinishService { std::string ticket_id; std::string outcome = "resolved"; };
struct MarkNoShow { std::string ticket_id; };
struct ReturnToQueue { std::string ticket_id; };
struct Park { std::string ticket_id; };
struct Unpark { std::string ticket_id; };
// Sends the visitor on to another service (of this or another office), keeping their
// arrival time and number, with an optional short note for the next desk.
struct Transfer {
    std::string ticket_id;
    std::string to_service_id;
    std::string note;
};

using Command = std::variant<IssueTicket, CallNext, CallTicket, Recall, StartService,
                             FinishService, MarkNoShow, ReturnToQueue, Park, Unpark, Transfer>;

inline constexpr std::size_t kMaxNoteLength = 500;     // bytes; a note is short
inline constexpr std::size_t kMaxOutcomeLength = 64;

// Checks `command` against the state, the catalogue and the rules at time `now` and returns
// the event(s) that record it (seq from actor.next_seq on). Never changes `state`.
Result<std::vector<Event>> Decide(const State& state, const catalogue::Catalogue& catalogue,
                                  const QueueRules& rules, const Actor& actor, Micros now,
                                  const Command& command);

// Finds a ticket by id or by display number ("A-042", the visit's current stop), preferring
// the given service day and then the most recent day with that number.
Result<std::string> ResolveTicket(const State& state, std::string_view reference,
                                  std::string_view service_day);

// ---------------------------------------------------------------------------------------
// 5. ApplyEvent: folds one event. An event that no longer fits (another desk called the same
//    visitor first) changes nothing and says why; every device skips it the same way.
// ---------------------------------------------------------------------------------------
struct Applied {
    bool applied = false;
    std::string skipped_because;            // when !applied
    std::vector<std::string> visit_ids;     // visits whose rows changed
    std::vector<std::string> ticket_ids;    // tickets whose rows changed
    std::optional<Call> call;               // a call or recall to record
    std::vector<std::string> appointment_ids;  // appointments whose rows changed
    std::vector<std::string> handoff_ids;      // case-management hand-offs added
};
Applied ApplyEvent(State& state, const Event& event);

// ---------------------------------------------------------------------------------------
// 5b. A visit's stops as desks and ctl show them: done, now, next (planned, not yet begun).
// ---------------------------------------------------------------------------------------
enum class StopProgress {
    kDone,   // a ticket that is closed (done, transferred or no-show: see state)
    kNow,    // the visit's open ticket
    kNext,   // planned, queued once the stops before it are finished
    kEnded,  // planned but not reached: the visit ended (a no-show)
};
struct VisitStop {
    std::string ticket_id;  // "" for a planned stop not yet begun
    std::string office_id;
    std::string service_id;
    StopProgress progress = StopProgress::kNext;
    TicketState state = TicketState::kWaiting;  // the ticket's state, when there is one
    std::string staff;                          // staff number who served it, if known
};
std::vector<VisitStop> VisitStops(const State& state, std::string_view visit_id);
// The index in visit.plan of the next planned stop not yet begun, or -1.
int NextPlannedStop(const State& state, const Visit& visit);

// ---------------------------------------------------------------------------------------
// 6. Queue order. The waiting tickets of an office are served in this order:
//      1. higher priority class rank first (visitors with small children, disability ...);
//      2. then appointments due within QueueRules::appointment_window (or overdue), before
//         walk-ins and appointments due later;
//      3. then earlier arrival (the visit's arrival, kept across transfers);
//      4. then ticket id (device, then sequence number), so that equal keys still sort the
//         same on every device.
// ---------------------------------------------------------------------------------------
bool ServedBefore(const State& state, const Ticket& a, const Ticket& b, const QueueRules& rules,
                  Micros now);

// One line of an office's queue, as desks and ctl show it.
struct QueueEntry {
    std::string ticket_id;
    std::string display;
    std::string office_id;
    std::string service_id;
    TicketState state = TicketState::kWaiting;
    int position = 0;             // 1 = next to be called; 0 when not waiting
    int estimated_wait_minutes = 0;  // for waiting tickets
    std::string lang;
    bool interpreter = false;
    std::string priority_class;
    Micros arrival_at = 0;
    Micros appointment_due_at = 0;
    int counter = 0;
    std::string note;
};

// Open tickets of an office (all offices when office_id is empty): waiting ones in serving
// order with positions and estimates, then called / in service, then parked.
std::vector<QueueEntry> ListQueue(const State& state, const catalogue::Catalogue& catalogue,
                                  const QueueRules& rules, std::string_view office_id, Micros now);

// Minutes until the ticket is likely called: the expected service time of everyone ahead
// of it in its office (recent times of their service, else typical_minutes), divided among
// the office's open counters. 0 for a ticket that is not waiting.
int EstimateWaitMinutes(const State& state, const catalogue::Catalogue& catalogue,
                        const QueueRules& rules, std::string_view ticket_id, Micros now);

// Minutes a ticket taken now at `office_id` would wait: the expected service time of everyone
// waiting there (recent times of their service, else typical_minutes), divided among the
// office's open counters, rounded up. The one estimate for a new ticket: the kiosk's screens
// and ctl use it (EstimateWaitMinutes is the same sum for a ticket already waiting).
int EstimateNewTicketWaitMinutes(const State& state, const catalogue::Catalogue& catalogue,
                                 const QueueRules& rules, std::string_view office_id, Micros now);

// How a wait is said to a visitor (docs/screens.md, "Waiting times"): nobody says "175
// minutes". Under an hour in 5-minute steps (rounded up: 1-5 -> 5, 23 -> 25), up to two hours
// in minutes (5-minute steps too), beyond that in whole hours (rounded: 175 -> 3 hours).
// The catalogue's plural then says it in each language's grammar.
struct WaitWording {
    enum class Unit { kNone, kMinutes, kHours };
    Unit unit = Unit::kNone;  // kNone: no wait (0 or less)
    int value = 0;            // minutes or hours
};
WaitWording WordWait(int minutes);

// Counters of an office that called someone within rules.open_counter_lookback (at least 1).
int OpenCounters(const State& state, const QueueRules& rules, std::string_view office_id, Micros now);
// Whether a desk works at `counter` now, in the sense OpenCounters counts: a visitor is called
// to it or served there, or it called someone within rules.open_counter_lookback. An
// administrator cannot remove such a counter from the catalogue (its desk would be left
// calling to a number the call display no longer knows).
bool CounterInUse(const State& state, const QueueRules& rules, int counter, Micros now);

// ---------------------------------------------------------------------------------------
// 7. Ticket numbers and the site's local day.
//    Rule (unique per site per day without any network): a device registered with slot s
//    (0 <= s < device_slots) numbers its n-th ticket of a prefix on a local day as
//      block = s + ((n-1) / 99) * device_slots,  number = block * 100 + ((n-1) % 99) + 1
//    so slot 0 issues 1..99 then 1001..1099, slot 1 issues 101..199 then 1101..1199.
//    Two devices with different slots can never issue the same number, offline or not.
//    The day is the site's local calendar day in QueueRules::time_zone, computed with ICU.
// ---------------------------------------------------------------------------------------
int TicketNumber(int slot, int nth, int device_slots);
std::string FormatTicketNumber(char prefix, int number);  // 'A', 42 -> "A-042"
// "2026-01-01" for the local day of `utc` in `time_zone`.
std::string LocalServiceDay(Micros utc, std::string_view time_zone);
// Errors when ICU does not know the zone (a typo must not silently mean UTC).
Status ValidateTimeZone(std::string_view time_zone);

// ---------------------------------------------------------------------------------------
// 8. Staff PINs: argon2id (libsodium crypto_pwhash_str, interactive limits). The store keeps
//    the hash and the failed-attempt counter; hashing never happens in SQL.
// ---------------------------------------------------------------------------------------
inline constexpr int kMaxFailedSignIns = 5;                       // then locked ...
inline constexpr Micros kSignInLockout = 15 * kMicrosPerMinute;  // ... for this long
// What a sign-in attempt came to, as data a screen turns into its own words (the store's
// English sentence is for ctl and logs). A wrong number and a wrong PIN look the same.
struct SignInOutcome {
    bool signed_in = false;
    Staff staff;               // when signed_in (without the hash)
    bool locked = false;       // refused: the number is locked (this attempt may have locked it)
    int attempts_left = 0;     // refused and not locked: wrong tries left before the lock-out
    Micros locked_until = 0;   // locked: sign-in is possible again from this time (UTC)
};

Status ValidatePin(std::string_view pin);  // 4 to 12 digits
Result<std::string> HashPin(std::string_view pin);
bool VerifyPin(std::string_view pin_hash, std::string_view pin);

// ---------------------------------------------------------------------------------------
// 9. Appointment slots (kiosk/core/appointments.cpp). Services the catalogue marks
//    needs_appointment are booked into slots cut from their office's hours (local time,
//    QueueRules::time_zone) by slot_minutes, slot_capacity seats per start time, none on the
//    catalogue's holidays. A slot's id is stable and names site, service, UTC start and seat:
//      "<site>/<service>/<YYYY-MM-DDTHH:MMZ>/<seat>"   e.g. "site-1/abh.x/2026-03-30T06:00Z/1"
//    The central service owns which slot is free; a terminal books offline only from its
//    escrow (kiosk/store), and the central refuses any other booking with appointment.refused.
// ---------------------------------------------------------------------------------------
// The device id under which the central service writes its verdicts (appointment.refused).
inline constexpr std::string_view kCentralDeviceId = "central";

struct Slot {
    std::string id;
    std::string site_id;
    std::string service_id;
    Micros start_us = 0;
    Micros end_us = 0;
    int seat = 1;  // 1 .. slot_capacity
};
std::string SlotId(std::string_view site, std::string_view service, Micros start_us, int seat);
// Reads a slot id back (shape only: site, service, start, seat; end_us stays 0).
Result<Slot> ParseSlotId(std::string_view id);
// The slots of a service on a local day ("2026-03-29"), in start order then seat. Empty when
// the office is closed that weekday or the day is a holiday. Errors: unknown service, a
// service without appointments, a malformed day or time zone.
Result<std::vector<Slot>> DeriveSlots(const catalogue::Catalogue& catalogue, std::string_view site,
                                      std::string_view service_id, std::string_view day,
                                      std::string_view time_zone);
// The slot `id` as DeriveSlots would give it (with its end), or an error saying why no such
// slot exists (another site, unknown service, outside the hours, a holiday).
Result<Slot> FindSlot(const catalogue::Catalogue& catalogue, std::string_view site, std::string_view id,
                      std::string_view time_zone);
// The local day `days_ahead` days after the local day of `utc` ("2026-03-29").
std::string LocalDayAfter(Micros utc, int days_ahead, std::string_view time_zone);
// "2026-03-29 08:30": the local date and time of `utc`, for people.
std::string LocalDateTime(Micros utc, std::string_view time_zone);

// Booking a slot: checks the slot (it exists, lies ahead, has no standing booking here) and
// returns the appointment.booked event. Whether this terminal may give it out (its escrow, or
// a hold the central just granted) is the store's check.
struct BookAppointment {
    std::string slot_id;
    std::string lang = "de";
};
Result<Event> DecideBooking(const State& state, const catalogue::Catalogue& catalogue, std::string_view site,
                            const QueueRules& rules, const Actor& actor, Micros now,
                            const BookAppointment& command);
// Cancelling by appointment id or printed reference: the appointment.cancelled event.
Result<Event> DecideCancel(const State& state, const Actor& actor, Micros now, std::string_view reference);

// Checking in with a printed reference. JudgeCheckIn says what a check-in at `now` comes to,
// as data a screen says in the visitor's language (reason words are stable: catalogue keys
// "kiosk.checkin.<reason>"); DecideCheckIn turns an on-time one into the ticket.issued event
// (appointment_due_at = the slot's start, appointment_id = the booking) and refuses the
// others with Error::reason set to the same word. The rule (QueueRules):
//   start - check_in_before <= now <= start + check_in_after   on time: into the queue
//   earlier                                                     early (come back from ...)
//   later                                                       late (offer a walk-in ticket)
inline constexpr const char* kCheckInOnTime = "on_time";
inline constexpr const char* kCheckInEarly = "early";
inline constexpr const char* kCheckInLate = "late";
inline constexpr const char* kCheckInUnknown = "unknown";      // no such reference (or refused)
inline constexpr const char* kCheckInCancelled = "cancelled";
inline constexpr const char* kCheckInArrived = "arrived";      // checked in already: no second ticket
struct CheckInVerdict {
    std::string reason;               // one of the words above
    std::optional<Appointment> appointment;  // the booking the reference names, if any
    Micros come_back_from = 0;        // early: the first moment a check-in is on time
};
// The kiosk's day picker: the next `count` working days of a service (days its office gives
// slots: open that weekday, not a holiday), from the local day of `now` on, each with its
// slots that lie ahead and that `offered` says this terminal can give (online: free at the
// central; offline: in its escrow), at most 90 days ahead. A day is full without one such
// slot, few with at most kFewSlots or a quarter of its slots, free otherwise.
enum class DayAvailability { kFree, kFew, kFull };
std::string_view DayAvailabilityName(DayAvailability availability);  // "free", "few", "full"
inline constexpr int kFewSlots = 2;
struct SlotDay {
    std::string day;               // "2026-03-30", local
    int slots = 0;                 // every slot (seat) the hours give that day
    std::vector<Slot> offered;     // those ahead that can be given, in start order
    DayAvailability availability = DayAvailability::kFull;
};
Result<std::vector<SlotDay>> SlotDays(const catalogue::Catalogue& catalogue, std::string_view site,
                                      std::string_view service_id, Micros now, std::string_view time_zone, int count,
                                      const std::function<bool(const Slot&)>& offered);
// A reference as people type or a scanner sends it: upper-case Latin letters and digits only
// ("a 0329 0830 1" and "A-0329-0830-1" are the same). Empty when nothing is left.
std::string NormaliseReference(std::string_view typed);
// Whether `typed` has the shape of a printed reference (DecideBooking's "A-0329-0830-1", or
// "A-0329-0830-B1" for the office's second appointment service).
bool LooksLikeReference(std::string_view typed);
// The letters a reference carries for its service, so that two services of one office at the
// same time and seat never share one: "" for the office's first appointment service (in
// catalogue order), then "B", "C" ... (no I or O: they read as 1 and 0).
std::string ReferenceServiceLetters(const catalogue::Catalogue& catalogue, std::string_view service_id);
CheckInVerdict JudgeCheckIn(const State& state, const QueueRules& rules, std::string_view reference, Micros now);
Result<std::vector<Event>> DecideCheckIn(const State& state, const catalogue::Catalogue& catalogue,
                                         const QueueRules& rules, const Actor& actor, Micros now,
                                         std::string_view reference);
// The booked (standing) appointment of a slot, or nullptr.
const Appointment* StandingBooking(const State& state, std::string_view slot_id);
// Folds appointment.* events (called by ApplyEvent).
Applied ApplyAppointmentEvent(State& state, const Event& event);

// --- device alerts (kiosk/core/device_alerts.cpp) -------------------------------------------
// device.alert {device_kind: "printer", state: "failed" | "ok"}: a terminal says that its own
// printer stopped printing (the kiosk keeps issuing tickets and shows the number on screen)
// or works again. It changes nothing in the queue; desks show the newest alert per device
// and kind in their header. No free text: the printer's own sentence stays in its log.
inline constexpr std::string_view kDeviceKinds[] = {"printer"};
struct DeviceAlert {
    std::string device_id;
    std::string device_kind;  // one of kDeviceKinds
    bool failed = false;      // false: it works again
    Micros at_us = 0;
};
Result<Event> DecideDeviceAlert(const Actor& actor, Micros now, std::string_view device_kind, bool failed);
// Reads a device.alert event (nullopt for any other event or a malformed one).
std::optional<DeviceAlert> ReadDeviceAlert(const Event& event);

// --- visitor feedback (kiosk/core/feedback.cpp; docs/DATA-PROTECTION.md) ------------------
// feedback.given {office_id, service_id, lang, score, reasons}: how a visitor found their visit,
// given at the kiosk on the five-face scale (1 very dissatisfied .. 5 very satisfied) and up to
// kMaxFeedbackReasons reasons from the catalogue's list (catalogue::Feedback). Anonymous by
// construction: exactly these fields, no ticket or visit id, no ticket number, no free text,
// nothing the kiosk knows about the visitor besides their language. `service_id` is "" when the
// visitor did not say (feedback from the home screen names only the office). It changes
// nothing in the queue; the key figures count it (kiosk/figures).
inline constexpr int kMinFeedbackScore = 1;
inline constexpr int kMaxFeedbackScore = 5;
inline constexpr std::size_t kMaxFeedbackReasons = 3;
inline constexpr std::string_view kFeedbackFields[] = {"office_id", "service_id", "lang", "score", "reasons"};
struct GiveFeedback {
    std::string office_id;
    std::string service_id;  // "" : not said
    std::string lang;
    int score = 0;           // kMinFeedbackScore .. kMaxFeedbackScore
    std::vector<std::string> reasons;  // distinct ids of catalogue.feedback.reasons
};
// Checks office, service, language, score and reasons; the feedback.given event.
Result<Event> DecideFeedback(const catalogue::Catalogue& catalogue, const Actor& actor, Micros now,
                             const GiveFeedback& command);
// Reads a feedback.given event's answers (nullopt for another type or a malformed payload:
// a field missing or of the wrong type, a score out of range, too many or repeated reasons,
// any field besides kFeedbackFields).
std::optional<GiveFeedback> ReadFeedback(const Event& event);

// The end of a visit, for its feedback at the kiosk (docs/accessibility.md, "Visitor feedback"):
// a visitor on their way out types the number on their slip. Nothing of this is recorded: the
// lookup reads the state; the feedback itself stays the anonymous event above.
// A ticket number as typed on the kiosk's pad or sent by a scanner ("a42", "A-042", "a 0042") in
// its display form "A-042"; "" when it is not one (a Latin letter and one to four digits).
std::string NormaliseTicketNumber(std::string_view typed);
enum class VisitEndKind {
    kUnknown,   // no visit with that number today
    kUnderWay,  // a stop is still open, or a planned stop has not begun
    kFinished,  // every stop is closed (done, transferred on and done, or a no-show) and none is planned
};
struct VisitEnd {
    VisitEndKind kind = VisitEndKind::kUnknown;
    std::string visit_id;   // for the kiosk's memory of visits already answered; never in an event
    std::string display;    // "A-042"
    std::string office_id;  // finished: the last stop's office; under way: where the visitor is expected
};
// Today's (`service_day`) visit with number `typed`, and whether it is finished.
VisitEnd FindVisitEnd(const State& state, std::string_view typed, std::string_view service_day);

// ---------------------------------------------------------------------------------------
// 10. Validating an event another device sent (kiosk/core/validate.cpp). The one set of rules
//    the central service applies to every new event of a push and a terminal's store to every
//    event it pulls: each feeds the context from its own state. A refused event never enters
//    the order (central) or the fold (store); it never blocks the sender's later events.
//    Rules, one reason word each (stable: /metrics counts by it, the push reply carries it):
//      malformed          a field is missing or has the wrong type; an unknown type; a bad plan
//      text               a text fails anl::CheckInputText: not UTF-8, control or bidi-override
//                         characters, longer than kMaxEventTextLength (a note: kMaxNoteLength)
//      time               at_us before 2024 or more than kEventClockSkew ahead of the receiver's
//                         clock, or older than max_age (central: kMaxEventAge); arrival_at more
//                         than kPayloadTimeWindow from at_us; service_day not at_us's local day
//      ids                a new ticket, visit or appointment id that is not "<device>/<seq>" of
//                         the event itself (a device cannot create another's ticket)
//      duplicate          the ticket, visit or appointment exists; the display number was
//                         issued already that service day
//      number             prefix not A-Z or not the office's, number outside 1..99 of a block,
//                         a block not the sender's slot's, display code not prefix + number
//      unknown_reference  a ticket, office, service (of that office), priority class, staff
//                         number, appointment, partner or case-management reason that does not
//                         exist; a counter outside 1..kMaxCounter
//      transition         the ticket state machine does not allow the change in the ticket's
//                         state at this point of the order (Transition())
//      role               appointment.refused from anyone but the central service
//      checkin            a ticket.issued with appointment_id (a check-in) whose appointment is
//                         unknown, not booked, checked in already, of another service, or whose
//                         appointment_due_at is not its start or whose time is outside the
//                         check-in window (QueueRules::check_in_before / check_in_after)
//      role               appointment.refused from anyone but the central service; referral.given
//                         or handoff.given from the central service (a desk gives them)
//      consent            handoff.given carries a name without the visitor's consent
//      forbidden          the event's staff member has no role with the right it needs
//                         (section 12, RightForEventType), when the receiver knows the roles
//      anonymous          feedback.given carries a field besides kFeedbackFields (a ticket id,
//                         a number, a note: anything that could tie it to the visitor)
//    audit.* events (section 12) carry only their fixed fields: any other field is malformed.
//    feedback.given: a score outside 1..5, more than three or repeated reasons are malformed;
//    an office, service or reason not in the catalogue is unknown_reference; from the central
//    service it is role.
//    Which roles may send which types is the protocol's RoleMaySend (sync/protocol), checked
//    by the central before this.
// ---------------------------------------------------------------------------------------
inline constexpr const char* kEventMalformed = "malformed";
inline constexpr const char* kEventText = "text";
inline constexpr const char* kEventTime = "time";
inline constexpr const char* kEventIds = "ids";
inline constexpr const char* kEventDuplicate = "duplicate";
inline constexpr const char* kEventNumber = "number";
inline constexpr const char* kEventUnknownReference = "unknown_reference";
inline constexpr const char* kEventTransition = "transition";
inline constexpr const char* kEventRole = "role";
inline constexpr const char* kEventCheckIn = "checkin";
inline constexpr const char* kEventConsent = "consent";
inline constexpr const char* kEventForbidden = "forbidden";  // the staff member's roles lack the right (section 12)
inline constexpr const char* kEventAnonymous = "anonymous";  // feedback that could name the visitor

inline constexpr Micros kEarliestEventTime = 1'704'067'200LL * kMicrosPerSecond;  // 2024-01-01T00:00Z
inline constexpr Micros kEventClockSkew = 10 * kMicrosPerMinute;   // a device clock ahead of the receiver's
inline constexpr Micros kPayloadTimeWindow = 60 * kMicrosPerSecond; // arrival_at vs the event's at_us
inline constexpr Micros kMaxEventAge = 14LL * 24 * 60 * kMicrosPerMinute;  // the central's max_age: two weeks offline
inline constexpr std::size_t kMaxEventTextLength = 200;  // bytes of any text field but a note
inline constexpr int kMaxCounter = 999;

struct EventCheckContext {
    const State& state;                           // the receiver's state at this point of the order
    const QueueRules& rules;                      // device_slots and time_zone of the site
    const catalogue::Catalogue* catalogue = nullptr;  // nullptr: offices and services not checked
    const std::set<std::string>* staff = nullptr;     // staff numbers; nullptr: not checked
    std::optional<int> sender_slot;               // the sender's ticket-number slot; nullopt: not
                                                  // known here (a terminal: the central checked it)
    Micros now = 0;                               // the receiver's clock; 0: no clock check (a
                                                  // terminal's clock may be wrong: the central's judges)
    Micros max_age = 0;                           // 0: no lower bound (a terminal pulls all history)
    // Is `state` the site's order up to this event? The central's is; a terminal folds its own
    // unsent events among the pulled ones, so there the rules that depend on the state (a
    // ticket exists, a number is new, the state machine) are left to the reducer, which skips
    // what does not fit, and to the re-fold in central order.
    bool state_is_order = true;
    // Each staff number's roles (section 12): an event done by a staff member whose roles lack
    // its right (RightForEventType) is refused as "forbidden". nullptr: not checked.
    const std::map<std::string, StaffRoles>* staff_roles = nullptr;
};
struct EventRefusal {
    std::string reason;   // one of the words above
    std::string message;  // one sentence naming the event by "<device>/<seq>", no payload text
};
// nullopt: the event may enter the order. Pure: time comes from the context.
std::optional<EventRefusal> ValidateEvent(const EventCheckContext& context, const Event& event);
// "ticket.called" -> Action::kCall ...; nullopt for ticket.issued and other types.
std::optional<Action> ActionForEventType(std::string_view type);

// ---------------------------------------------------------------------------------------
// 11. Referrals to partners and case-management hand-offs (kiosk/core/referrals.cpp).
//    A desk refers a visitor to a partner organisation (catalogue::Partner) or hands the
//    visit to the integration office's case management with a configured reason. Both are
//    events without visitor data: which partner or reason, from which office and service,
//    and for a hand-off the ticket and the first appointment's id. A visitor's name is kept
//    only after the documented consent step (docs/CASE_MANAGEMENT.md): `name` must be empty
//    unless `consent` is true, and it travels as personal data (redacted for kiosks).
//      referral.given  partner_id, office_id, service_id, staff
//      handoff.given   handoff_id (the event's own id), ticket_id, office_id, service_id,
//                      reason, to_service_id (the case managers' service), appointment_id
//                      ("" when none booked yet), consent (bool), name ("" without consent), staff
// ---------------------------------------------------------------------------------------
inline constexpr std::size_t kMaxHandoffNameLength = 80;  // bytes; a name, nothing more

struct GiveReferral {
    std::string partner_id;
    std::string office_id;   // the desk's office (or the ticket's)
    std::string service_id;  // the service the visitor came for
};
// Checks the partner and the office's service; the referral.given event.
Result<Event> DecideReferral(const catalogue::Catalogue& catalogue, const Actor& actor, Micros now,
                             const GiveReferral& command);

struct HandToCaseManagement {
    std::string ticket_id;       // resolved ticket id (ResolveTicket)
    std::string reason;          // a reason of the catalogue's case management
    std::string appointment_id;  // "" or a standing booking of the case managers' service
    bool consent = false;
    std::string name;            // only with consent
};
// Checks ticket, reason, appointment and the consent rule; the handoff.given event.
Result<Event> DecideHandoff(const State& state, const catalogue::Catalogue& catalogue, const Actor& actor,
                            Micros now, const HandToCaseManagement& command);
// Folds referral.given (nothing to keep in the state: a statistic) and handoff.given.
Applied ApplyReferralEvent(State& state, const Event& event);

// ---------------------------------------------------------------------------------------
// 12. Staff roles and rights, and the audit log (kiosk/core/rights.cpp; docs/ROLES.md).
//    The ONE table of which staff role may do what. The store checks it before it performs an
//    action for a signed-in staff member, ValidateEvent checks it for every event that names
//    a staff member (so the central refuses what a tampered terminal let through), and the
//    central checks it for admin requests. Screens hide what a role may not do, but hiding
//    is a courtesy: the refusal comes from here.
//
//    right              administrator supervisor desk case_manager   why
//    publish_config           x                                    the site's configuration
//    manage_staff             x                                    accounts and roles
//    reset_pin                x                                    a PIN opens every right
//    read_key_figures         x            x                       controlling
//    read_audit               x            x                       who did what
//    serve_visitors                               x       x         call, recall, start,
//                                                                   finish, no-show, park,
//                                                                   return, transfer
//    manage_appointments                          x       x         book, move, cancel at a desk
//    refer_visitors                               x       x         referrals and hand-offs
//    read_handoffs                                        x         case-management hand-offs
//    answer_privacy_requests  x                                    a visitor's data shown or
//                                                                   erased (GDPR Art. 15/17)
//
//    A device's role bounds its staff (DeviceRoleAllows): a kiosk or a call display does
//    nothing for staff; a desk serves; staff management and configuration need an admin
//    terminal (or ctl on one). The last administrator of a site cannot be removed or demoted
//    (CheckKeepsAnAdministrator), here and at the central.
// ---------------------------------------------------------------------------------------
// Staff roles' names: anl::StaffRoleName / anl::ParseStaffRole (kiosk/base/role.h).
using anl::kAllStaffRoles;
using anl::ParseStaffRole;
using anl::StaffRoleName;
// "administrator,desk" (table order) and back. Parsing refuses an empty list, an unknown word
// and a repeated one, with a sentence naming them.
std::string FormatStaffRoles(const StaffRoles& roles);
Result<StaffRoles> ParseStaffRoles(std::string_view comma_separated);

enum class Right {
    kPublishConfig,
    kManageStaff,
    kResetPin,
    kReadKeyFigures,
    kReadAudit,
    kServeVisitors,
    kManageAppointments,
    kReferVisitors,
    kReadHandoffs,
    kAnswerPrivacyRequests,
};
inline constexpr Right kAllRights[] = {Right::kPublishConfig,   Right::kManageStaff,  Right::kResetPin,
                                       Right::kReadKeyFigures,  Right::kReadAudit,    Right::kServeVisitors,
                                       Right::kManageAppointments, Right::kReferVisitors, Right::kReadHandoffs,
                                       Right::kAnswerPrivacyRequests};
std::string_view RightName(Right right);  // "publish_config" ...
std::optional<Right> ParseRight(std::string_view name);
// The table above: does `role` grant `right`?
bool RoleGrants(StaffRole role, Right right);
// Does any of `roles` grant `right`?
bool Grants(const StaffRoles& roles, Right right);
// May a device of this role act for staff with `right` at all (see the paragraph above)?
bool DeviceRoleAllows(Role device_role, Right right);

// The stable word of a refusal for want of a right (Error::reason; a screen says it as
// "admin.refused.forbidden"). The Error's code is kUnauthorized.
inline constexpr const char* kRefusedForbidden = "forbidden";
// Who asks: the device's role and, when someone signed in, the staff member (nullptr: nobody
// signed in). Ok, or a kUnauthorized error with reason kRefusedForbidden naming the right.
Status CheckRight(Role device_role, const Staff* staff, Right right);
// The staff part of CheckRight alone: do the member's roles grant `right`? For actions whose
// device rule is checked elsewhere (a desk action: the central's RoleMaySend).
Status CheckStaffRoles(const Staff& staff, Right right);

// The right a desk command needs (IssueTicket: none, a kiosk's own action).
std::optional<Right> RightForCommand(const Command& command);
// The right an event needs when it names a staff member (its "staff" field): the desk's
// ticket.* actions serve_visitors, referral.given and handoff.given refer_visitors. nullopt:
// none (ticket.issued, device.alert, audit.* ...).
std::optional<Right> RightForEventType(std::string_view type);

// An administrator cannot lock out the last administrator: Ok when `after` (the whole staff
// list once a change is made) still has an administrator or `before` had none (a site set up
// before roles, or by files), else a kRejected error with reason "last_administrator".
inline constexpr const char* kRefusedLastAdministrator = "last_administrator";
Status CheckKeepsAnAdministrator(const std::vector<Staff>& before, const std::vector<Staff>& after);

// --- the audit log -------------------------------------------------------------------------
// Who did what and when, as events in the site's log (kept in the store and at the central,
// synced like every event, never sent to kiosks or call displays). Payloads hold numbers,
// ids and fixed words only, never a visitor's text (note, name, phone): ValidateEvent refuses
// an audit event with any other field.
//   audit.sign_in  staff ("" when the number is unknown: a mistyped PIN in the number field
//                  must not be kept), outcome: ok | wrong | locked
//   audit.refused  staff ("" when nobody signed in), right (RightName), action (a fixed word:
//                  a command or request, e.g. "call_next", "config_publish", "staff_remove")
//   audit.staff    staff (who did it), action: added | roles_set | pin_reset | removed,
//                  subject (the staff number changed), roles (FormatStaffRoles, "" when removed)
//   audit.config   staff ("" for the admin token), action: published | rolled_back, version
// The central writes audit events of its own under kCentralDeviceId (a refused admin request,
// a configuration published through it).
inline constexpr std::size_t kMaxAuditWordLength = 40;
Event MakeAuditSignIn(const Actor& actor, Micros now, std::string_view staff, std::string_view outcome);
Event MakeAuditRefused(const Actor& actor, Micros now, std::string_view staff, Right right, std::string_view action);
Event MakeAuditStaff(const Actor& actor, Micros now, std::string_view action, std::string_view subject,
                     const StaffRoles& roles);
Event MakeAuditConfig(const Actor& actor, Micros now, std::string_view action, std::int64_t version);

// One line of the audit log, as the admin screen and `anlaufstelle-ctl audit list` show it.
// Read from audit.* events and from the queue's own events (calls, transfers, cancellations),
// taking only numbers, ids and fixed words: never a note or a name.
struct AuditEntry {
    Micros at_us = 0;
    std::string device_id;
    std::string kind;     // see kAuditKinds
    std::string staff;    // who ("" when nobody signed in or unknown)
    std::string subject;  // what: a ticket id, a staff number, a configuration version, an appointment id
    std::string detail;   // a fixed word: the right refused, the new roles, the outcome, the target service
};
//   sign_in  sign_in_failed  refused  staff_added  staff_roles_set  pin_reset  staff_removed
//   config_published  config_rolled_back  call  recall  transfer  cancellation  erasure
//   (erasure: a privacy.erased event, section 14; subject: how many events, never which visitor)
inline constexpr std::string_view kAuditKinds[] = {
    "sign_in",          "sign_in_failed", "refused",      "staff_added", "staff_roles_set", "pin_reset",
    "staff_removed",    "config_published", "config_rolled_back", "call", "recall",      "transfer",
    "cancellation",     "erasure"};
// The audit line an event makes, or nullopt for events the audit log does not show.
std::optional<AuditEntry> ReadAuditEntry(const Event& event);
// A filter: entries with from_us <= at_us < to_us (0: open), of one staff number and one kind
// when not empty.
struct AuditQuery {
    Micros from_us = 0;
    Micros to_us = 0;
    std::string staff;
    std::string kind;
};
bool AuditMatches(const AuditQuery& query, const AuditEntry& entry);
// The entries as CSV (RFC 4180, CRLF): a header "at,device,kind,staff,subject,detail", then
// one line per entry with its UTC time as 2026-12-06T09:15:00Z. The entries hold numbers, ids
// and fixed words only, so neither does the file (`audit list --format csv`, the Audit page).
std::string FormatAuditCsv(const std::vector<AuditEntry>& entries);

// ---------------------------------------------------------------------------------------
// 13. Retention (kiosk/core/retention.cpp; docs/DATA-PROTECTION.md). A visitor's personal
//    fields are kept only this long; then every store (terminal, outbox, central) replaces
//    them with empty values of the same type. The event keeps its shape and still folds, so
//    queues and key figures stay as they were. The personal fields, by event type:
//      ticket.transferred  note             (a desk's free text about the visitor)
//      handoff.given       name, reason, consent   (the consent record and the case-management
//                                            reason, which may say much about a person)
//    A purged handoff.given has reason "" (ValidateEvent accepts it for that reason only).
// ---------------------------------------------------------------------------------------
inline constexpr int kDefaultRetentionDays = catalogue::Retention::kDefaultDays;  // a site sets its own (retention.toml)
// Empties the personal fields of `event`'s payload; returns the names of those that held
// something (empty: nothing personal was left in it).
std::vector<std::string> PurgePersonalFields(Event& event);

// ---------------------------------------------------------------------------------------
// 14. A visitor's request for information or erasure (GDPR Art. 15 and 17; kiosk/core/
//    privacy.cpp; docs/DATA-PROTECTION.md "A visitor's request"). The visitor names a booking
//    reference ("A-0329-0830-1") or a ticket number ("A-042", of a service day) or an
//    administrator a ticket id. MatchVisitor finds the visit and the booking behind it and
//    every stored event that belongs to them:
//      ticket.issued            of the visit (a check-in names its booking: appointment_id)
//      ticket.* (any change)    of one of the visit's tickets (transfers: either end)
//      appointment.*            of the booking, and of the case-management booking of a hand-off
//      handoff.given            of one of the visit's tickets
//    Referrals and feedback hold nothing about a visitor (no ticket in them) and are never
//    matched. Erasure empties the personal fields of these events as retention does
//    (PurgePersonalFields: the shape stays, the figures stay) and is recorded as
//      privacy.erased  staff (who, "" for the central's admin token),
//                      events: ["<device>/<seq>", ...] (ids only, never the text)
//    which every store that pulls it applies to its own copies. Sent by admin terminals and
//    the central service only; needs answer_privacy_requests (RightForEventType).
// ---------------------------------------------------------------------------------------
// One visit's events that hold personal fields (a few transfers, a hand-off): far more than a
// visit has, and 80 ids (a 64-byte device id, "/" and a sequence number each) stay within the
// protocol's 8 KiB payload.
inline constexpr std::size_t kMaxErasedEvents = 80;

struct VisitorMatch {
    std::string display;      // the visit's number ("A-042"), "" when only a booking matched
    std::string service_day;  // its local day ("2026-03-29"), "" likewise
    std::set<std::string> visit_ids, ticket_ids, appointment_ids, handoff_ids;
    std::vector<std::size_t> events;  // indices into the events given, in their order
};
// The visit and booking `reference` names in `state` (folded from `events`), and the indices
// of their events. `day` ("" or "2026-03-29", local in `time_zone`) picks the service day of a
// ticket number or the day of a booking (a reference names no year: it comes back a year
// later); without it the most recent day with that number or booking is meant. kNotFound when
// nothing matches; kInvalidInput for a malformed day. Pure.
Result<VisitorMatch> MatchVisitor(const State& state, const std::vector<Event>& events, std::string_view reference,
                                  std::string_view day, std::string_view time_zone);
// The personal fields `event` holds now, by name (those PurgePersonalFields would empty), with
// their values: what an information request shows. Empty: nothing personal in it.
std::map<std::string, nlohmann::json> PersonalFieldsOf(const Event& event);
// "<device>/<seq>" and back (the device id may itself contain '/': the last one separates).
std::string EventId(const Event& event);
std::optional<std::pair<std::string, std::int64_t>> ParseEventId(std::string_view id);
// What an information request answers (ctl privacy show, GET /v1/admin/privacy): the visit's
// number and day, the ids found, and per event of `visitor_events` (the matched ones, in order)
// its id, type, time and the personal fields it holds now:
//   {"display", "service_day", "visits", "tickets", "appointments", "handoffs",
//    "events": [{"id", "type", "at_us", "personal": {name: value}}]}
nlohmann::json VisitorDataToJson(const VisitorMatch& match, const std::vector<Event>& visitor_events);
// Empties in `state` what was folded from `event`'s personal fields (the note of the ticket a
// transfer made, a hand-off's name, reason and consent); returns the ticket and hand-off ids
// changed (Applied::ticket_ids / handoff_ids), so a store can write their rows again.
Applied ForgetPersonalFields(State& state, const Event& event);
// The privacy.erased event for `event_ids` (at most kMaxErasedEvents, each an EventId).
Event MakePrivacyErased(const Actor& actor, Micros now, std::string_view staff, const std::vector<std::string>& event_ids);
// The events a privacy.erased names, as (device, seq); nullopt for another type or a bad payload.
std::optional<std::vector<std::pair<std::string, std::int64_t>>> ReadPrivacyErased(const Event& event);

}  // namespace anl::core
