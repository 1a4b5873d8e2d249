// Visitor feedback: the kiosk records a visitor's answers as one anonymous feedback.given event
// (core.h, "visitor feedback"), synced through the outbox like every event.
#include "kiosk/store/sql.h"
#include "kiosk/store/store.h"

namespace anl::store {

Result<core::Event> Store::GiveFeedback(const core::GiveFeedback& command) {
    // The central takes feedback from kiosks only (sync/protocol RoleMaySend); say so here
    // rather than keep an event that would be refused.
    if (self().role != Role::kKiosk && self().role != Role::kAdmin)
        return MakeError(ErrorCode::kRejected,
                         "Visitors give feedback at a kiosk; a " + std::string(RoleName(self().role)) + " cannot record it.");
    return ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                              sql::Connection&) -> Result<core::Event> {
        return core::DecideFeedback(catalogue(), actor, now, command);
    });
}

Result<core::VisitEnd> Store::FindVisitEnd(std::string_view typed_number) {
    // Another connection (the sync worker's pull, a desk on the same file) may have finished
    // the visit's last stop a moment ago.
    if (auto fresh = RefreshIfChanged(); !fresh.ok()) return fresh.error();
    return core::FindVisitEnd(state(), typed_number, Today());
}

}  // namespace anl::store
