// Device alerts: a terminal's own printer fault as an event (core.h, "device alerts"), and the
// alerts that stand, read from the events every device synced.
#include <algorithm>
#include <map>

#include "kiosk/store/sql.h"
#include "kiosk/store/store.h"

namespace anl::store {

Status Store::ReportDeviceAlert(std::string_view device_kind, bool failed) {
    auto event = ExecuteDecided([&](const core::State&, const core::Actor& actor, Micros now,
                                    sql::Connection&) -> Result<core::Event> {
        return core::DecideDeviceAlert(actor, now, device_kind, failed);
    });
    if (!event.ok()) return event.error();
    return {};
}

Result<std::vector<core::DeviceAlert>> Store::StandingDeviceAlerts() const {
    auto& db = connection();
    // The events table has no index on type: the horizon keeps the fold small, and only desks
    // ask (on each snapshot).
    auto s = db.Prepare("SELECT device_id, seq, payload, at_us FROM events "
                        "WHERE type = 'device.alert' AND applied = 1 AND at_us >= ? ORDER BY at_us, device_id, seq");
    if (!s.ok()) return s.error();
    s->BindAll(NowForAppointments() - kDeviceAlertHorizon);
    std::map<std::pair<std::string, std::string>, core::DeviceAlert> newest;
    for (;;) {
        auto row = db.Next(*s);
        if (!row.ok()) return row.error();
        if (!*row) break;
        core::Event e;
        e.device_id = s->Text(0);
        e.seq = s->Int(1);
        e.type = "device.alert";
        e.payload = nlohmann::json::parse(s->Text(2), nullptr, false);
        e.at_us = s->Int(3);
        if (auto alert = core::ReadDeviceAlert(e)) newest[{alert->device_id, alert->device_kind}] = *alert;
    }
    std::vector<core::DeviceAlert> standing;
    for (auto& [key, alert] : newest)
        if (alert.failed) standing.push_back(std::move(alert));
    std::sort(standing.begin(), standing.end(),
              [](const core::DeviceAlert& a, const core::DeviceAlert& b) { return a.at_us > b.at_us; });
    return standing;
}

}  // namespace anl::store
