// Device alerts: a terminal's own hardware fault, as an event every desk learns through sync.
#include <algorithm>

#include "kiosk/core/internal.h"

namespace anl::core {

Result<Event> DecideDeviceAlert(const Actor& actor, Micros now, std::string_view device_kind, bool failed) {
    if (std::find(std::begin(kDeviceKinds), std::end(kDeviceKinds), device_kind) == std::end(kDeviceKinds))
        return MakeError(ErrorCode::kInvalidInput, "A device alert is about a printer; \"" +
                                                       std::string(device_kind.substr(0, 40)) + "\" is not known.");
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = "device.alert";
    e.at_us = now;
    e.payload = {{"device_kind", device_kind}, {"state", failed ? "failed" : "ok"}};
    return e;
}

std::optional<DeviceAlert> ReadDeviceAlert(const Event& e) {
    if (e.type != "device.alert" || !e.payload.is_object()) return std::nullopt;
    const auto kind = e.payload.find("device_kind");
    const auto state = e.payload.find("state");
    if (kind == e.payload.end() || state == e.payload.end() || !kind->is_string() || !state->is_string())
        return std::nullopt;
    const std::string& k = kind->get_ref<const std::string&>();
    const std::string& s = state->get_ref<const std::string&>();
    if (std::find(std::begin(kDeviceKinds), std::end(kDeviceKinds), k) == std::end(kDeviceKinds)) return std::nullopt;
    if (s != "failed" && s != "ok") return std::nullopt;
    return DeviceAlert{e.device_id, k, s == "failed", e.at_us};
}

}  // namespace anl::core
