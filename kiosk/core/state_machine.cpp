// The ticket state machine. The table below is the whole of it: a transition that is not
// in the table is rejected with a sentence naming the ticket, its state and the action.
#include <array>

#include "kiosk/core/core.h"

namespace anl::core {
namespace {

using S = TicketState;
constexpr int kStates = 8;
constexpr int kActions = 9;
constexpr std::optional<S> __ = std::nullopt;  // rejected

// Ticket states and the allowed transitions (rows: current state, columns: action).
//
// state       | call    recall    start       finish  no_show  return   park    unpark   transfer
// ------------+----------------------------------------------------------------------------------
// waiting     | called  -         -           -       -        -        parked  -        transferred
// called      | -       recalled  in_service  -       no_show  waiting  parked  -        transferred
// recalled    | -       recalled  in_service  -       no_show  waiting  parked  -        transferred
// in_service  | -       -         -           done    -        waiting  parked  -        transferred
// parked      | -       -         -           -       -        -        -       waiting  -
// done        | final: nothing allowed
// no_show     | final: nothing allowed
// transferred | final: the visit continues at its next stop (a new ticket, state waiting)
//
// Time rules on top of the table (checked in Decide, where the clock's time is known):
//   recall   only within QueueRules::recall_window after the first call (default 5 min);
//   no_show  only after QueueRules::calls_before_no_show calls or once the window has passed;
//   return   puts the visitor back with their original arrival time (they lose no place),
//            also from in_service: the visitor must fetch something, or went to the wrong desk.
// Why park from called/in_service: the visitor is sent to fetch a photo or a document and
// comes back later; unpark returns them to waiting with their original arrival time.
constexpr std::array<std::array<std::optional<S>, kActions>, kStates> kTransitions = {{
    //  call        recall        start          finish    no_show     return       park        unpark       transfer
    {{S::kCalled, __,           __,            __,       __,         __,          S::kParked, __,          S::kTransferred}},  // waiting
    {{__,         S::kRecalled, S::kInService, __,       S::kNoShow, S::kWaiting, S::kParked, __,          S::kTransferred}},  // called
    {{__,         S::kRecalled, S::kInService, __,       S::kNoShow, S::kWaiting, S::kParked, __,          S::kTransferred}},  // recalled
    {{__,         __,           __,            S::kDone, __,         S::kWaiting, S::kParked, __,          S::kTransferred}},  // in_service
    {{__,         __,           __,            __,       __,         __,          __,         __,          __}},               // done
    {{__,         __,           __,            __,       __,         __,          __,         __,          __}},               // no_show
    {{__,         __,           __,            __,       __,         __,          __,         S::kWaiting, __}},               // parked
    {{__,         __,           __,            __,       __,         __,          __,         __,          __}},               // transferred
}};

// What a person should do instead, per action, when it is refused.
std::string_view Hint(S from, Action action) {
    if (IsFinal(from)) return "it is closed; issue a new ticket if the visitor needs more help";
    switch (action) {
        case Action::kCall: return from == S::kParked ? "unpark it first" : "it is already called or being served";
        case Action::kRecall: return "only a called visitor can be recalled";
        case Action::kStart: return "call it first";
        case Action::kFinish: return "start the service first";
        case Action::kNoShow: return "only a called visitor can be marked a no-show";
        case Action::kReturnToQueue: return "only a called or served visitor can be put back in the queue";
        case Action::kPark: return "it is already parked";
        case Action::kUnpark: return "only a parked ticket can be unparked";
        case Action::kTransfer: return "unpark it first";
    }
    return "";
}

}  // namespace

std::string_view TicketStateName(TicketState state) {
    switch (state) {
        case S::kWaiting: return "waiting";
        case S::kCalled: return "called";
        case S::kRecalled: return "recalled";
        case S::kInService: return "in_service";
        case S::kDone: return "done";
        case S::kNoShow: return "no_show";
        case S::kParked: return "parked";
        case S::kTransferred: return "transferred";
    }
    return "unknown";
}

std::optional<TicketState> ParseTicketState(std::string_view name) {
    for (int i = 0; i < kStates; ++i) {
        auto s = static_cast<S>(i);
        if (TicketStateName(s) == name) return s;
    }
    return std::nullopt;
}

bool IsFinal(TicketState state) {
    return state == S::kDone || state == S::kNoShow || state == S::kTransferred;
}

std::string_view ActionName(Action action) {
    switch (action) {
        case Action::kCall: return "called";
        case Action::kRecall: return "recalled";
        case Action::kStart: return "started";
        case Action::kFinish: return "finished";
        case Action::kNoShow: return "marked a no-show";
        case Action::kReturnToQueue: return "put back in the queue";
        case Action::kPark: return "parked";
        case Action::kUnpark: return "unparked";
        case Action::kTransfer: return "transferred";
    }
    return "changed";
}

// Why a standing call: two desks may call the same visitor while partitioned. The central
// order keeps the first call; the other desk must not go on serving that visitor, or two
// desks would record one visit (docs/SYNC.md, "Conflicts").
bool NeedsStandingCall(Action action) { return action != Action::kCall && action != Action::kUnpark; }

bool MayServe(const Ticket& ticket, Action action, std::string_view device_id) {
    const bool at_counter = ticket.state == S::kCalled || ticket.state == S::kRecalled || ticket.state == S::kInService;
    if (!at_counter || ticket.called_by.empty() || !NeedsStandingCall(action)) return true;
    return ticket.called_by == device_id;
}

Result<TicketState> Transition(TicketState from, Action action, std::string_view ticket_label) {
    auto next = kTransitions[static_cast<int>(from)][static_cast<int>(action)];
    if (next) return *next;
    return MakeRefusal(kRefusedStateChanged,
                     "Ticket " + std::string(ticket_label) + " is " + std::string(TicketStateName(from)) +
                         " and cannot be " + std::string(ActionName(action)) + ": " +
                         std::string(Hint(from, action)) + ".");
}

}  // namespace anl::core
