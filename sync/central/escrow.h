// central, appointment slots: the slot inventory of every site and the escrow rules.
//   Owns: which slot is free, held (in one terminal's escrow, until it expires) or booked;
//   the endpoints of sync/protocol/appointments.h; the verdict on every appointment.booked /
//   appointment.cancelled event in the central order (a booking stands only when its slot was
//   held by the booking device at that point; any other is refused with an appointment.refused
//   event written by the central, device core::kCentralDeviceId, that every terminal pulls).
//   Must never: change or reorder a stored event, give one slot to two devices, log a payload.
//
// Invariants (checked by tests/appointments against SQLite and PostgreSQL):
//   - a slot has at most one row: held by one device, or booked by one appointment;
//   - every booking event of a site gets exactly one verdict, in central order, once
//     (the cursor and the slot rows change in one transaction that holds the site's lock).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"
#include "sync/protocol/appointments.h"

namespace anl::sync::central {

// One slot the central knows about (free slots have no row).
struct SlotRow {
    std::string site;
    std::string slot;
    std::string service;
    Micros start_us = 0;
    Micros end_us = 0;
    std::string state;      // "held" or "booked"
    std::string device;     // the holder, or the device that booked it
    Micros expires_us = 0;  // held: free for others after this
    std::string booking;    // booked: the appointment id ("<device>/<seq>")
};

// The SQL of the slot inventory, inside one transaction (LedgerTransaction) that holds the
// site's lock, so pushes of the same site wait and the central order stays the order of verdicts.
class LedgerTransaction {
public:
    virtual ~LedgerTransaction() = default;
    virtual Result<std::optional<SlotRow>> Find(const std::string& site, const std::string& slot) = 0;
    // Rows of a service whose start lies in [from_us, to_us).
    virtual Result<std::vector<SlotRow>> InRange(const std::string& site, const std::string& service, Micros from_us,
                                                 Micros to_us) = 0;
    virtual Result<std::vector<SlotRow>> HeldBy(const std::string& site, const std::string& device) = 0;
    virtual Status Put(const SlotRow& row) = 0;  // insert or replace
    virtual Status Remove(const std::string& site, const std::string& slot) = 0;
    // Where the verdicts of the site have got to in its central order.
    virtual Result<std::int64_t> Cursor(const std::string& site) = 0;
    virtual Status SetCursor(const std::string& site, std::int64_t order) = 0;
    // The site's appointment.* events after `order`, in central order, at most `limit`.
    virtual Result<std::vector<StoredEvent>> AppointmentEventsAfter(const std::string& site, std::int64_t order,
                                                                    int limit) = 0;
    virtual Result<std::int64_t> LastOrder(const std::string& site) = 0;
    // The highest contiguous seq the central holds of a device.
    virtual Result<std::int64_t> AckedSeq(const std::string& device) = 0;
    // Appends an event written by the central itself to the site's order.
    virtual Status AppendCentralEvent(const std::string& site, const std::string& type, const std::string& payload,
                                      Micros now) = 0;
};

class SlotLedger {
public:
    virtual ~SlotLedger() = default;
    // Runs `body` in one transaction holding the site's lock; rolls back when it fails.
    virtual Status InSiteTransaction(const std::string& site,
                                     const std::function<Status(LedgerTransaction&)>& body) = 0;
};

// Its own connection to the central store's database (the same file, or the same PostgreSQL
// database), creating the slot tables when missing. Open the CentralStore first.
Result<std::unique_ptr<SlotLedger>> OpenSqliteLedger(const std::string& path);
Result<std::unique_ptr<SlotLedger>> OpenPostgresLedger(const std::string& conninfo);
Result<std::unique_ptr<SlotLedger>> OpenSlotLedger(const std::string& spec);  // like OpenCentralStore

// The endpoints and the verdicts. One per central service; Service routes to it.
class AppointmentDesk {
public:
    // `catalogue` and `time_zone` cut the slots (the same catalogue the terminals use).
    AppointmentDesk(SlotLedger& ledger, catalogue::Catalogue catalogue, std::string time_zone, const Clock& clock);

    // /v1/appointments/* for an authenticated device.
    Response Handle(const Request& request, const DeviceRecord& device);
    // A refusal for a push that carries an event only the central may write, else nullopt.
    std::optional<Response> CheckPush(const std::vector<Event>& events) const;
    // Gives a verdict on every appointment event of the site not judged yet. Returns the
    // number of refusals written (new events: wake the site's long-polls).
    Result<int> Adjudicate(const std::string& site);

private:
    Result<int> CatchUp(LedgerTransaction& tx, const std::string& site);
    Result<EscrowGrant> Renew(LedgerTransaction& tx, const DeviceRecord& device, const EscrowRequest& request);
    Result<EscrowGrant> Granted(LedgerTransaction& tx, const DeviceRecord& device);

    SlotLedger& ledger_;
    catalogue::Catalogue catalogue_;
    std::string time_zone_;
    const Clock& clock_;
};

}  // namespace anl::sync::central
