// central store: the rules both implementations share (see central_store.h).
#include "sync/central/central_store.h"

#include "kiosk/core/core.h"

namespace anl::sync::central {

DeviceState ParseDeviceState(std::string_view stored) {
    if (stored == "active") return DeviceState::kActive;
    if (stored == "revoked") return DeviceState::kRevoked;
    return DeviceState::kPending;
}

Status ForEachSiteEvent(CentralStore& store, const std::string& site, std::int64_t after,
                        const std::function<Status(const StoredEvent&)>& visit) {
    constexpr int kPage = 10'000;
    for (;;) {
        auto page = store.ReadAfter(site, after, kPage);
        if (!page.ok()) return page.error();
        if (page->empty()) return {};  // not a short page: a store may cap a page below kPage
        for (const StoredEvent& stored : page.value()) {
            if (auto visited = visit(stored); !visited.ok()) return visited;
            after = stored.order;
        }
    }
}

Result<IngestPlan> PlanIngest(std::int64_t acked_seq, const std::vector<Event>& events,
                              const std::function<Result<StoredMatch>(const Event&)>& same_as_stored,
                              const Rejections& rejected) {
    IngestPlan plan;
    plan.outcome.acked_seq = acked_seq;
    for (const Event& e : events) {
        if (e.seq <= plan.outcome.acked_seq) {
            auto same = same_as_stored(e);
            if (!same.ok()) return same.error();
            if (!same->same) {
                return MakeError(ErrorCode::kRejected,
                                 "The central already holds a different event " + std::to_string(e.seq) +
                                     " from device \"" + e.device +
                                     "\"; this terminal lost its history: re-initialise it with a new device id.");
            }
            ++plan.outcome.duplicates;
            if (!same->refused_as.empty())
                plan.outcome.rejected.push_back(RefusedEvent{
                    e.seq, same->refused_as,
                    e.type + " " + e.device + "/" + std::to_string(e.seq) + " was refused when first sent (" +
                        same->refused_as + ")."});
        } else if (e.seq == plan.outcome.acked_seq + 1) {
            if (auto it = rejected.find(e.seq); it != rejected.end()) {
                plan.to_reject.push_back(&e);
                plan.outcome.rejected.push_back(it->second);
            } else {
                plan.to_store.push_back(&e);
                ++plan.outcome.stored;
            }
            plan.outcome.acked_seq = e.seq;
        } else {
            ++plan.outcome.refused;
        }
    }
    return plan;
}

Status CheckEnrolment(const PendingCode& code, Micros now, const std::string& site, int slot,
                      const std::string& device, const EnrolmentLookups& lookups) {
    if (!code.found || code.expires_us < now) {
        return MakeError(ErrorCode::kUnauthorized,
                         "This enrolment code is unknown, already used or expired; ask an administrator for a new one.");
    }
    if (code.site != site) {
        return MakeError(ErrorCode::kRejected, "This enrolment code is for site \"" + code.site +
                                                   "\" but the terminal is set up for site \"" + site +
                                                   "\"; use a code for its site or initialise it again.");
    }
    // Ticket numbers are unique per site and day only while slots are.
    if (RoleMaySend(code.role, "ticket.issued")) {
        auto holders = lookups.slot_holders();
        if (!holders.ok()) return holders.error();
        for (const auto& [holder, role_name] : holders.value()) {
            auto other = ParseRole(role_name);
            if (other && RoleMaySend(*other, "ticket.issued")) {
                return MakeError(ErrorCode::kRejected, "Ticket-number slot " + std::to_string(slot) + " at site \"" +
                                                           site + "\" belongs to device \"" + holder +
                                                           "\"; initialise this terminal with another --slot.");
            }
        }
    }
    auto taken = lookups.device_enrolled();
    if (!taken.ok()) return taken.error();
    if (taken.value()) {
        return MakeError(ErrorCode::kRejected, "The device id \"" + device +
                                                   "\" is already enrolled; initialise this terminal with a new device id.");
    }
    return {};
}

std::optional<std::string> PurgedPayload(const std::string& type, const std::string& payload, RetentionPurge& purge) {
    core::Event event;
    event.type = type;
    event.payload = nlohmann::json::parse(payload, nullptr, false);
    auto fields = core::PurgePersonalFields(event);
    if (fields.empty()) return std::nullopt;
    ++purge.events;
    for (const auto& f : fields) ++purge.fields[f];
    return event.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool SameOrErasedPayload(const std::string& type, const std::string& stored, const std::string& resent) {
    if (stored == resent) return true;
    RetentionPurge ignored;
    auto erased = PurgedPayload(type, stored, ignored);
    if (!erased) return false;
    auto a = nlohmann::json::parse(*erased, nullptr, false), b = nlohmann::json::parse(resent, nullptr, false);
    return !a.is_discarded() && a == b;
}

}  // namespace anl::sync::central
