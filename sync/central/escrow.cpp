// central, appointment slots: escrow grants, online holds, returns, slot lists and the
// verdict on every booking in the central order (see escrow.h and docs/SYNC.md).
#include "sync/central/escrow.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "kiosk/core/core.h"
#include "sync/central/http_plumbing.h"

namespace anl::sync::central {
namespace {

using nlohmann::json;

// The refusal for an error of the ledger, the catalogue or a decoder. Not counted here: the
// Service counts every refusal the desk answers.
Response RefusalFor(const Error& error) {
    return Refusal(StatusFor(error.code), ReasonFor(error.code), error.message);
}

GrantedSlot ToGranted(const SlotRow& row) { return GrantedSlot{row.slot, row.service, row.start_us, row.end_us}; }

// A held row whose hold has run out is as good as free for someone else.
bool FreeFor(const std::optional<SlotRow>& row, const std::string& device, Micros now) {
    if (!row) return true;
    if (row->state != "held") return false;
    return row->device == device || row->expires_us <= now;
}

// A slot id that names another site is refused as such (403): a terminal only ever sees its own site.
std::optional<Response> OtherSite(const std::string& slot, const DeviceRecord& device) {
    auto parsed = core::ParseSlotId(slot);
    if (parsed.ok() && parsed->site_id != device.site)
        return Refusal(403, "site", "The slot " + slot.substr(0, 120) + " belongs to another site than this device's.");
    return std::nullopt;
}

}  // namespace

AppointmentDesk::AppointmentDesk(SlotLedger& ledger, catalogue::Catalogue catalogue, std::string time_zone,
                                 const Clock& clock)
    : ledger_(ledger), catalogue_(std::move(catalogue)), time_zone_(std::move(time_zone)), clock_(clock) {}

std::optional<Response> AppointmentDesk::CheckPush(const std::vector<Event>& events) const {
    for (const Event& e : events)
        if (e.type == "appointment.refused")
            return Refusal(403, "role", "Only the central service decides that a booking is refused.");
    return std::nullopt;
}

// The verdicts, in central order. A booking stands when its slot was held by the booking
// device (its escrow or an online hold; an expired hold that nobody else took still counts);
// otherwise the central appends appointment.refused with one sentence for the staff. A
// cancellation frees the slot of a standing booking.
Result<int> AppointmentDesk::CatchUp(LedgerTransaction& tx, const std::string& site) {
    auto cursor = tx.Cursor(site);
    if (!cursor.ok()) return cursor.error();
    std::int64_t at = *cursor;
    int refusals = 0;
    Micros now = clock_.NowUtcMicros();
    constexpr int kBatch = 256;
    for (;;) {
        auto events = tx.AppointmentEventsAfter(site, at, kBatch);
        if (!events.ok()) return events.error();
        for (const StoredEvent& stored : *events) {
            at = stored.order;
            const Event& e = stored.event;
            if (e.device == core::kCentralDeviceId) continue;
            json payload = json::parse(e.payload, nullptr, false);
            auto text = [&](const char* key) {
                return payload.is_object() && payload.contains(key) && payload[key].is_string()
                           ? payload[key].get<std::string>()
                           : std::string();
            };
            std::string appointment = text("appointment_id"), slot_id = text("slot_id");
            if (e.type == "appointment.cancelled") {
                auto row = tx.Find(site, slot_id);
                if (!row.ok()) return row.error();
                if (*row && (*row)->state == "booked" && (*row)->booking == appointment)
                    if (auto ok = tx.Remove(site, slot_id); !ok) return ok.error();
                continue;
            }
            if (e.type != "appointment.booked" || appointment.empty()) continue;
            std::string reason;
            auto slot = core::FindSlot(catalogue_, site, slot_id, time_zone_);
            if (!slot.ok()) {
                reason = slot.error().message;
            } else {
                auto row = tx.Find(site, slot_id);
                if (!row.ok()) return row.error();
                if (*row && (*row)->state == "booked" && (*row)->booking == appointment) continue;  // judged before
                if (*row && (*row)->state == "held" && (*row)->device == e.device) {
                    SlotRow booked = **row;
                    booked.state = "booked";
                    booked.booking = appointment;
                    booked.expires_us = 0;
                    if (auto ok = tx.Put(booked); !ok) return ok.error();
                    continue;
                }
                if (!*row) reason = "The slot was not in this terminal's escrow; please book the visitor another slot.";
                else if ((*row)->state == "booked")
                    reason = "Another terminal booked this slot first; please book the visitor another slot.";
                else reason = "This slot was in another terminal's escrow; please book the visitor another slot.";
            }
            json verdict = {{"appointment_id", appointment}, {"slot_id", slot_id}, {"reason", reason}};
            if (auto ok = tx.AppendCentralEvent(site, "appointment.refused", verdict.dump(), now); !ok) return ok.error();
            ++refusals;
        }
        if (events->size() < static_cast<std::size_t>(kBatch)) break;
    }
    // Everything up to the site's last event is judged (the site's lock keeps pushes out).
    auto last = tx.LastOrder(site);
    if (!last.ok()) return last.error();
    at = std::max(at, *last);
    if (at != *cursor)
        if (auto ok = tx.SetCursor(site, at); !ok) return ok.error();
    return refusals;
}

Result<int> AppointmentDesk::Adjudicate(const std::string& site) {
    int refusals = 0;
    auto ok = ledger_.InSiteTransaction(site, [&](LedgerTransaction& tx) -> Status {
        auto n = CatchUp(tx, site);
        if (!n.ok()) return n.error();
        refusals = *n;
        return {};
    });
    if (!ok.ok()) return ok.error();
    return refusals;
}

Result<EscrowGrant> AppointmentDesk::Granted(LedgerTransaction& tx, const DeviceRecord& device) {
    auto held = tx.HeldBy(device.site, device.device);
    if (!held.ok()) return held.error();
    EscrowGrant grant;
    Micros now = clock_.NowUtcMicros();
    for (const auto& row : *held) {
        if (row.start_us <= now) continue;  // a slot that has begun is of no use any more
        grant.slots.push_back(ToGranted(row));
        grant.expires_us = grant.expires_us == 0 ? row.expires_us : std::min(grant.expires_us, row.expires_us);
    }
    if (grant.expires_us == 0) grant.expires_us = now + kEscrowLifetimeUs;
    return grant;
}

// Renewal: slots the terminal no longer lists go back to the pool, the rest are extended,
// and each appointment service gets up to kEscrowSlotsPerServiceDay free slots a day for the
// next kEscrowDays local days (the earliest free ones, so the choice is deterministic).
Result<EscrowGrant> AppointmentDesk::Renew(LedgerTransaction& tx, const DeviceRecord& device,
                                           const EscrowRequest& request) {
    Micros now = clock_.NowUtcMicros();
    Micros expires = now + kEscrowLifetimeUs;
    std::set<std::string> keep(request.keep.begin(), request.keep.end());
    auto held = tx.HeldBy(device.site, device.device);
    if (!held.ok()) return held.error();
    std::map<std::pair<std::string, std::string>, int> held_per_service_day;
    for (SlotRow row : *held) {
        if (!keep.count(row.slot) || row.start_us <= now) {
            if (auto ok = tx.Remove(row.site, row.slot); !ok) return ok.error();
            continue;
        }
        row.expires_us = expires;
        if (auto ok = tx.Put(row); !ok) return ok.error();
        ++held_per_service_day[{row.service, core::LocalDayAfter(row.start_us, 0, time_zone_)}];
    }
    for (const auto& service : catalogue_.services) {
        if (!service.needs_appointment) continue;
        for (int d = 0; d < kEscrowDays; ++d) {
            std::string day = core::LocalDayAfter(now, d, time_zone_);
            int& have = held_per_service_day[{service.id, day}];
            if (have >= kEscrowSlotsPerServiceDay) continue;
            auto slots = core::DeriveSlots(catalogue_, device.site, service.id, day, time_zone_);
            if (!slots.ok()) return slots.error();
            if (slots->empty()) continue;
            auto rows = tx.InRange(device.site, service.id, slots->front().start_us, slots->back().start_us + 1);
            if (!rows.ok()) return rows.error();
            std::map<std::string, SlotRow> by_slot;
            for (auto& row : *rows) by_slot.emplace(row.slot, std::move(row));
            for (const auto& slot : *slots) {
                if (have >= kEscrowSlotsPerServiceDay) break;
                if (slot.start_us <= now) continue;
                auto it = by_slot.find(slot.id);
                std::optional<SlotRow> row;
                if (it != by_slot.end()) row = it->second;
                if (!FreeFor(row, device.device, now) || (row && row->device == device.device)) continue;
                SlotRow mine{device.site, slot.id, slot.service_id, slot.start_us, slot.end_us, "held", device.device,
                             expires, ""};
                if (auto ok = tx.Put(mine); !ok) return ok.error();
                ++have;
            }
        }
    }
    return Granted(tx, device);
}

Response AppointmentDesk::Handle(const Request& request, const DeviceRecord& device) {
    std::string_view path = PathOf(request.target);
    if (!RoleMaySend(device.role, "appointment.booked"))
        return Refusal(403, "role", "A " + std::string(RoleName(device.role)) + " may not book appointments.");
    Micros now = clock_.NowUtcMicros();

    if (path == kPathEscrow && request.method == "POST") {
        auto escrow = DecodeEscrowRequest(request.body);
        if (!escrow.ok()) return RefusalFor(escrow.error());
        for (const auto& slot : escrow->keep)
            if (auto other = OtherSite(slot, device)) return *other;
        EscrowGrant grant;
        std::optional<Response> refused;
        auto ok = ledger_.InSiteTransaction(device.site, [&](LedgerTransaction& tx) -> Status {
            auto acked = tx.AckedSeq(device.device);
            if (!acked.ok()) return acked.error();
            if (*acked < escrow->written_seq) {
                refused = Refusal(409, "push_first",
                                  "The central holds this terminal's events up to " + std::to_string(*acked) +
                                      " of " + std::to_string(escrow->written_seq) +
                                      "; push them before renewing the escrow.");
                return {};
            }
            if (auto n = CatchUp(tx, device.site); !n.ok()) return n.error();
            auto renewed = Renew(tx, device, *escrow);
            if (!renewed.ok()) return renewed.error();
            grant = std::move(renewed).value();
            return {};
        });
        if (!ok.ok()) return RefusalFor(ok.error());
        if (refused) return *refused;
        return JsonOk(EncodeEscrowGrant(grant));
    }

    if (path == kPathHold && request.method == "POST") {
        auto hold = DecodeHoldRequest(request.body);
        if (!hold.ok()) return RefusalFor(hold.error());
        if (auto other = OtherSite(hold->slot, device)) return *other;
        auto slot = core::FindSlot(catalogue_, device.site, hold->slot, time_zone_);
        if (!slot.ok()) return RefusalFor(slot.error());
        if (slot->start_us <= now) return Refusal(409, "rejected", "The slot " + slot->id + " has begun already.");
        HoldGranted granted;
        std::optional<Response> refused;
        auto ok = ledger_.InSiteTransaction(device.site, [&](LedgerTransaction& tx) -> Status {
            if (auto n = CatchUp(tx, device.site); !n.ok()) return n.error();
            auto row = tx.Find(device.site, slot->id);
            if (!row.ok()) return row.error();
            if (!FreeFor(*row, device.device, now)) {
                refused = Refusal(409, "taken", (*row)->state == "booked"
                                                    ? "The slot " + slot->id + " is booked already; choose another one."
                                                    : "The slot " + slot->id +
                                                          " is in another terminal's escrow; choose another one.");
                return {};
            }
            SlotRow mine{device.site, slot->id, slot->service_id, slot->start_us, slot->end_us, "held", device.device,
                         now + kEscrowLifetimeUs, ""};
            if (auto put = tx.Put(mine); !put) return put.error();
            granted = HoldGranted{ToGranted(mine), mine.expires_us};
            return {};
        });
        if (!ok.ok()) return RefusalFor(ok.error());
        if (refused) return *refused;
        return JsonOk(EncodeHoldGranted(granted));
    }

    if (path == kPathReturn && request.method == "POST") {
        auto back = DecodeReturnRequest(request.body);
        if (!back.ok()) return RefusalFor(back.error());
        for (const auto& slot : back->slots)
            if (auto other = OtherSite(slot, device)) return *other;
        EscrowGrant grant;
        auto ok = ledger_.InSiteTransaction(device.site, [&](LedgerTransaction& tx) -> Status {
            if (auto n = CatchUp(tx, device.site); !n.ok()) return n.error();
            for (const auto& slot : back->slots) {
                auto row = tx.Find(device.site, slot);
                if (!row.ok()) return row.error();
                // Only the holder's own hold goes back; anything else is left as it is.
                if (*row && (*row)->state == "held" && (*row)->device == device.device)
                    if (auto removed = tx.Remove(device.site, slot); !removed) return removed.error();
            }
            auto granted = Granted(tx, device);
            if (!granted.ok()) return granted.error();
            grant = std::move(granted).value();
            return {};
        });
        if (!ok.ok()) return RefusalFor(ok.error());
        return JsonOk(EncodeEscrowGrant(grant));
    }

    if (path == kPathSlots && request.method == "GET") {
        auto service = QueryText(request.target, "service");
        auto date = QueryText(request.target, "date");
        if (!service || !date || service->size() > kMaxSlotIdLength || date->size() > 10)
            return Refusal(400, "invalid", "Ask for slots with ?service=ID&date=YYYY-MM-DD.");
        auto slots = core::DeriveSlots(catalogue_, device.site, *service, *date, time_zone_);
        if (!slots.ok()) return RefusalFor(slots.error());
        SlotList list;
        auto ok = ledger_.InSiteTransaction(device.site, [&](LedgerTransaction& tx) -> Status {
            if (auto n = CatchUp(tx, device.site); !n.ok()) return n.error();
            if (slots->empty()) return {};
            auto rows = tx.InRange(device.site, *service, slots->front().start_us, slots->back().start_us + 1);
            if (!rows.ok()) return rows.error();
            std::map<std::string, SlotRow> by_slot;
            for (auto& row : *rows) by_slot.emplace(row.slot, std::move(row));
            for (const auto& slot : *slots) {
                auto it = by_slot.find(slot.id);
                std::string state = "free";
                if (it != by_slot.end())
                    state = it->second.state == "booked" ? "booked" : (it->second.expires_us > now ? "held" : "free");
                list.slots.push_back({slot.id, slot.start_us, slot.end_us, state});
            }
            return {};
        });
        if (!ok.ok()) return RefusalFor(ok.error());
        return JsonOk(EncodeSlotList(list));
    }
    return Refusal(404, "not_found", "There is no such appointment endpoint; see sync/protocol/appointments.h.");
}

}  // namespace anl::sync::central
