// protocol: strict JSON encode/decode of the sync messages (see protocol.h).
#include "sync/protocol/protocol.h"

#include <algorithm>
#include <array>
#include <set>

#include <nlohmann/json.hpp>

namespace anl::sync {
namespace {

using nlohmann::json;

Error Invalid(std::string message) { return MakeError(ErrorCode::kInvalidInput, std::move(message)); }

// ---------------------------------------------------------------------------------------
// Role policy. Event types are "<family>.<what>"; a role may send whole families.
// ---------------------------------------------------------------------------------------
struct RolePolicy {
    Role role;
    std::array<std::string_view, 12> families;  // empty entries unused; "*" = every family
    bool sees_personal;
};

// Why: a kiosk creates visits and tickets, checks visitors in and books; only counters call,
// serve, transfer, write notes, refer to partners and hand on to case management; kiosks and
// desks (which print slips too) report their printer; a call display only listens; administrators configure.
// Kiosks and desks record their own audit events (a refused action, a sign-in: docs/ROLES.md).
// A kiosk records visitors' anonymous feedback (feedback.given).
constexpr std::array<RolePolicy, 4> kPolicies = {{
    {Role::kKiosk, {"ticket.issued", "visit.created", "checkin.", "appointment.booked", "device.alert", "audit.", "feedback.given"}, false},
    {Role::kDesk, {"ticket.", "visit.", "call.", "note.", "checkin.", "appointment.", "desk.", "referral.", "handoff.", "device.alert", "audit."}, true},
    {Role::kBoard, {}, false},
    {Role::kAdmin, {"*"}, true},
}};

const RolePolicy& PolicyFor(Role role) {
    for (const auto& p : kPolicies)
        if (p.role == role) return p;
    ANL_ASSERT(!"every role has a policy");
    return kPolicies[0];
}

bool MatchesFamily(std::string_view type, std::string_view family) {
    if (family.empty()) return false;
    if (family == "*") return true;
    if (family.back() == '.') return type.substr(0, family.size()) == family;
    return type == family;
}

// ---------------------------------------------------------------------------------------
// Strict field readers: each one names the field in its error.
// ---------------------------------------------------------------------------------------
class Fields {
public:
    explicit Fields(const json& object) : object_(object) {}

    Result<std::int64_t> Int(const char* name, std::int64_t min, std::int64_t max) {
        const json* v = Find(name);
        if (!v) return Missing(name);
        if (!v->is_number_integer()) return Invalid(std::string("Field \"") + name + "\" must be an integer.");
        std::int64_t value = v->is_number_unsigned()
                                 ? static_cast<std::int64_t>(std::min<std::uint64_t>(v->get<std::uint64_t>(), INT64_MAX))
                                 : v->get<std::int64_t>();
        if (value < min || value > max)
            return Invalid(std::string("Field \"") + name + "\" is out of range (" + std::to_string(min) +
                           ".." + std::to_string(max) + ").");
        return value;
    }
    Result<std::string> String(const char* name, std::size_t min_len, std::size_t max_len) {
        const json* v = Find(name);
        if (!v) return Missing(name);
        if (!v->is_string()) return Invalid(std::string("Field \"") + name + "\" must be a string.");
        const auto& s = v->get_ref<const std::string&>();
        if (s.size() < min_len || s.size() > max_len)
            return Invalid(std::string("Field \"") + name + "\" must be " + std::to_string(min_len) + " to " +
                           std::to_string(max_len) + " bytes long.");
        return s;
    }
    Result<bool> Bool(const char* name) {
        const json* v = Find(name);
        if (!v) return Missing(name);
        if (!v->is_boolean()) return Invalid(std::string("Field \"") + name + "\" must be true or false.");
        return v->get<bool>();
    }
    Result<const json*> Array(const char* name, std::size_t max_items) {
        const json* v = Find(name);
        if (!v) return Missing(name);
        if (!v->is_array()) return Invalid(std::string("Field \"") + name + "\" must be an array.");
        if (v->size() > max_items)
            return Invalid(std::string("Field \"") + name + "\" holds more than " + std::to_string(max_items) +
                           " items.");
        return v;
    }
    Result<const json*> Any(const char* name) {
        const json* v = Find(name);
        if (!v) return Missing(name);
        return v;
    }
    bool Has(const char* name) const { return object_.contains(name); }
    Result<Role> RoleField(const char* name) {
        auto s = String(name, 1, 16);
        if (!s.ok()) return s.error();
        auto role = ParseRole(s.value());
        if (!role) return Invalid(std::string("Field \"") + name + "\" must be kiosk, desk, board or admin.");
        return *role;
    }
    Result<std::string> Id(const char* name, bool allow_empty = false) {
        auto s = String(name, allow_empty ? 0 : 1, kMaxIdLength);
        if (!s.ok()) return s.error();
        if (!(allow_empty && s.value().empty()) && !IsValidId(s.value()))
            return Invalid(std::string("Field \"") + name + "\" may hold only letters, digits, '.', '_' and '-'.");
        return s;
    }
    // Every key must have been read: an unknown field is refused, not ignored.
    Status NoOthers() const {
        for (const auto& [key, value] : object_.items()) {
            if (!seen_.count(key)) return Invalid("Unknown field \"" + Shorten(key) + "\".");
        }
        return {};
    }

private:
    static std::string Shorten(const std::string& s) { return s.size() > 40 ? s.substr(0, 40) + "..." : s; }
    const json* Find(const char* name) {
        seen_.insert(name);
        auto it = object_.find(name);
        return it == object_.end() ? nullptr : &*it;
    }
    Error Missing(const char* name) { return Invalid(std::string("Field \"") + name + "\" is missing."); }

    const json& object_;
    std::set<std::string> seen_{"type"};
};

#define ANL_TRY_ASSIGN(lhs, expr)               \
    do {                                        \
        auto anl_r_ = (expr);                   \
        if (!anl_r_.ok()) return anl_r_.error(); \
        lhs = std::move(anl_r_.value());        \
    } while (0)

constexpr std::int64_t kMaxSeq = (std::int64_t{1} << 53);  // exact in every JSON reader
constexpr std::int64_t kMaxTime = (std::int64_t{1} << 53);

Result<Event> DecodeEvent(const json& j, bool allow_marker, bool* marker, std::int64_t* order) {
    if (!j.is_object()) return Invalid("Every event must be a JSON object.");
    Fields f(j);
    Event e;
    if (order) ANL_TRY_ASSIGN(*order, f.Int("order", 1, kMaxSeq));
    ANL_TRY_ASSIGN(e.device, f.Id("device"));
    ANL_TRY_ASSIGN(e.seq, f.Int("seq", 1, kMaxSeq));
    bool is_marker = allow_marker && !j.contains("type");
    if (marker) *marker = is_marker;
    if (!is_marker) {
        ANL_TRY_ASSIGN(e.type, f.String("type", 1, kMaxEventTypeLength));
        if (!IsValidEventType(e.type)) return Invalid("Event type may hold only a-z, 0-9, '.', '_' and '-'.");
        ANL_TRY_ASSIGN(e.at_us, f.Int("at_us", 0, kMaxTime));
        const json* payload = nullptr;
        ANL_TRY_ASSIGN(payload, f.Any("payload"));
        if (!payload->is_object()) return Invalid("Field \"payload\" must be a JSON object.");
        e.payload = payload->dump();
        if (e.payload.size() > kMaxPayloadBytes)
            return Invalid("An event payload is larger than " + std::to_string(kMaxPayloadBytes) + " bytes.");
    }
    auto others = f.NoOthers();
    if (!others.ok()) return others.error();
    return e;
}

// Payload text was validated as a compact JSON object when it entered; splice it in as is
// so a pull answer need not parse every payload again.
void AppendEvent(std::string& out, const Event& e, const std::int64_t* order, bool marker) {
    out += '{';
    if (order) {
        out += "\"order\":";
        out += std::to_string(*order);
        out += ',';
    }
    out += "\"device\":";
    out += json(e.device).dump();
    out += ",\"seq\":";
    out += std::to_string(e.seq);
    if (!marker) {
        out += ",\"type\":";
        out += json(e.type).dump();
        out += ",\"at_us\":";
        out += std::to_string(e.at_us);
        out += ",\"payload\":";
        out += e.payload.empty() ? std::string("{}") : e.payload;
    }
    out += '}';
}

json RejectedJson(const std::vector<RefusedEvent>& rejected) {
    json out = json::array();
    for (const auto& r : rejected) out.push_back({{"seq", r.seq}, {"reason", r.reason}, {"message", r.message}});
    return out;
}

json DeviceInfoJson(const DeviceInfo& d) {
    return {{"registration", d.registration},   {"device", d.device}, {"site", d.site},
            {"role", RoleName(d.role)},         {"name", d.name},     {"state", DeviceStateName(d.state)},
            {"acked_seq", d.acked_seq},         {"last_seen_us", d.last_seen_us}};
}

Result<DeviceInfo> DecodeDeviceInfo(const json& j) {
    if (!j.is_object()) return Invalid("Every device must be a JSON object.");
    Fields f(j);
    DeviceInfo d;
    ANL_TRY_ASSIGN(d.registration, f.Int("registration", 1, kMaxSeq));
    ANL_TRY_ASSIGN(d.device, f.Id("device", true));
    ANL_TRY_ASSIGN(d.site, f.Id("site"));
    ANL_TRY_ASSIGN(d.role, f.RoleField("role"));
    ANL_TRY_ASSIGN(d.name, f.String("name", 0, kMaxNameLength));
    std::string state;
    ANL_TRY_ASSIGN(state, f.String("state", 1, 16));
    if (state == "pending") d.state = DeviceState::kPending;
    else if (state == "active") d.state = DeviceState::kActive;
    else if (state == "revoked") d.state = DeviceState::kRevoked;
    else return Invalid("Field \"state\" must be pending, active or revoked.");
    ANL_TRY_ASSIGN(d.acked_seq, f.Int("acked_seq", 0, kMaxSeq));
    ANL_TRY_ASSIGN(d.last_seen_us, f.Int("last_seen_us", 0, kMaxTime));
    auto others = f.NoOthers();
    if (!others.ok()) return others.error();
    return d;
}

// --- configuration down (section 5b) ---------------------------------------------------
json ConfigFilesJson(const std::vector<ConfigFile>& files) {
    json out = json::array();
    for (const auto& f : files) out.push_back({{"path", f.path}, {"text", f.text}});
    return out;
}

json StaffJson(const std::vector<StaffRecord>& staff) {
    json out = json::array();
    for (const auto& r : staff)
        out.push_back({{"number", r.number}, {"name", r.name}, {"pin_hash", r.pin_hash}, {"roles", r.roles}});
    return out;
}

// A part of a config: files under unique safe paths. `max_depth` 1: "offices.toml";
// 2: "de/ui.toml".
Result<std::vector<ConfigFile>> DecodeConfigFiles(Fields& f, const char* name, int max_depth) {
    const json* files = nullptr;
    ANL_TRY_ASSIGN(files, f.Array(name, kMaxConfigFiles));
    std::vector<ConfigFile> out;
    std::set<std::string> seen;
    for (const auto& fj : *files) {
        if (!fj.is_object()) return Invalid(std::string("Every entry of \"") + name + "\" must be a JSON object.");
        Fields ff(fj);
        ConfigFile file;
        ANL_TRY_ASSIGN(file.path, ff.String("path", 1, kMaxConfigPathLength));
        if (!IsValidConfigPath(file.path, max_depth))
            return Invalid(std::string("\"") + name + "\" names a file \"" + file.path +
                           "\" that is not a plain relative *.toml path" +
                           (max_depth > 1 ? " (LANGUAGE/FILE.toml)." : " (FILE.toml)."));
        if (!seen.insert(file.path).second)
            return Invalid(std::string("\"") + name + "\" holds the file \"" + file.path + "\" twice.");
        ANL_TRY_ASSIGN(file.text, ff.String("text", 0, kMaxConfigFileBytes));
        if (auto others = ff.NoOthers(); !others.ok()) return others.error();
        out.push_back(std::move(file));
    }
    return out;
}

Result<std::vector<StaffRecord>> DecodeStaff(Fields& f) {
    const json* staff = nullptr;
    ANL_TRY_ASSIGN(staff, f.Array("staff", kMaxStaffRecords));
    std::vector<StaffRecord> out;
    std::set<std::string> seen;
    for (const auto& sj : *staff) {
        if (!sj.is_object()) return Invalid("Every staff record must be a JSON object.");
        Fields sf(sj);
        StaffRecord r;
        ANL_TRY_ASSIGN(r.number, sf.String("number", 1, kMaxStaffNumberLength));
        ANL_TRY_ASSIGN(r.name, sf.String("name", 1, kMaxStaffNameLength));
        ANL_TRY_ASSIGN(r.pin_hash, sf.String("pin_hash", 1, kMaxPinHashLength));
        // Only a hash may travel: a record with anything else is refused, so a PIN typed
        // into the wrong column never leaves the administrator's machine twice.
        if (r.pin_hash.rfind("$argon2id$", 0) != 0)
            return Invalid("Staff number " + r.number + ": \"pin_hash\" must be an argon2id hash ($argon2id$...), never a PIN.");
        ANL_TRY_ASSIGN(r.roles, sf.String("roles", 1, 64));
        if (!IsValidStaffRoles(r.roles))
            return Invalid("Staff number " + r.number +
                           ": \"roles\" must name administrator, supervisor, desk or case_manager, each once.");
        if (!seen.insert(r.number).second) return Invalid("Staff number " + r.number + " appears twice.");
        if (auto others = sf.NoOthers(); !others.ok()) return others.error();
        out.push_back(std::move(r));
    }
    return out;
}

// Every key read and nothing else: the message, else the error naming the stray field.
template <typename T>
Result<Message> Finish(const Fields& f, T message) {
    auto others = f.NoOthers();
    if (!others.ok()) return others.error();
    return Message{std::move(message)};
}

// One decoder per message type; DecodeObject picks it by "type".
Result<Message> DecodeHelloMessage(const json& j) {
    Fields f(j);
    Hello m;
    ANL_TRY_ASSIGN(m.protocol, f.Int("protocol", 0, 1'000'000));
    ANL_TRY_ASSIGN(m.schema, f.Int("schema", 0, 1'000'000));
    ANL_TRY_ASSIGN(m.software, f.String("software", 0, kMaxNameLength));
    return Finish(f, std::move(m));
}

Result<Message> DecodeHelloOkMessage(const json& j) {
    Fields f(j);
    HelloOk m;
    ANL_TRY_ASSIGN(m.protocol, f.Int("protocol", 0, 1'000'000));
    ANL_TRY_ASSIGN(m.schema, f.Int("schema", 0, 1'000'000));
    ANL_TRY_ASSIGN(m.device, f.Id("device"));
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.role, f.RoleField("role"));
    ANL_TRY_ASSIGN(m.acked_seq, f.Int("acked_seq", 0, kMaxSeq));
    ANL_TRY_ASSIGN(m.server_time_us, f.Int("server_time_us", 0, kMaxTime));
    ANL_TRY_ASSIGN(m.config_version, f.Int("config_version", 0, kMaxSeq));
    return Finish(f, std::move(m));
}

Result<Message> DecodePushMessage(const json& j) {
    Fields f(j);
    Push m;
    const json* events = nullptr;
    ANL_TRY_ASSIGN(events, f.Array("events", kMaxBatchEvents));
    if (events->empty()) return Invalid("A push must carry at least one event.");
    m.events.reserve(events->size());
    for (const auto& ej : *events) {
        auto e = DecodeEvent(ej, false, nullptr, nullptr);
        if (!e.ok()) return e.error();
        if (!m.events.empty()) {
            const Event& prev = m.events.back();
            if (e->device != prev.device) return Invalid("All events of one push must come from one device.");
            if (e->seq != prev.seq + 1) return Invalid("The events of one push must have consecutive seq numbers.");
        }
        m.events.push_back(std::move(e.value()));
    }
    return Finish(f, std::move(m));
}

Result<Message> DecodePushOkMessage(const json& j) {
    Fields f(j);
    PushOk m;
    ANL_TRY_ASSIGN(m.acked_seq, f.Int("acked_seq", 0, kMaxSeq));
    ANL_TRY_ASSIGN(m.stored, f.Int("stored", 0, kMaxBatchEvents));
    ANL_TRY_ASSIGN(m.duplicates, f.Int("duplicates", 0, kMaxBatchEvents));
    ANL_TRY_ASSIGN(m.refused, f.Int("refused", 0, kMaxBatchEvents));
    const json* rejected = nullptr;
    ANL_TRY_ASSIGN(rejected, f.Array("rejected", kMaxBatchEvents));
    for (const auto& rj : *rejected) {
        if (!rj.is_object()) return Invalid("Every entry of \"rejected\" must be a JSON object.");
        Fields rf(rj);
        RefusedEvent r;
        ANL_TRY_ASSIGN(r.seq, rf.Int("seq", 1, kMaxSeq));
        ANL_TRY_ASSIGN(r.reason, rf.String("reason", 1, kMaxRejectReasonLength));
        ANL_TRY_ASSIGN(r.message, rf.String("message", 1, kMaxRejectMessageLength));
        if (auto others = rf.NoOthers(); !others.ok()) return others.error();
        m.rejected.push_back(std::move(r));
    }
    return Finish(f, std::move(m));
}

Result<Message> DecodePullMessage(const json& j) {
    Fields f(j);
    Pull m;
    ANL_TRY_ASSIGN(m.cursor, f.Int("cursor", 0, kMaxSeq));
    ANL_TRY_ASSIGN(m.wait_ms, f.Int("wait_ms", 0, kMaxPollWaitMs));
    ANL_TRY_ASSIGN(m.limit, f.Int("limit", 1, kMaxBatchEvents));
    if (f.Has("with_own")) ANL_TRY_ASSIGN(m.with_own, f.Bool("with_own"));
    return Finish(f, std::move(m));
}

Result<Message> DecodePullOkMessage(const json& j) {
    Fields f(j);
    PullOk m;
    const json* events = nullptr;
    ANL_TRY_ASSIGN(events, f.Array("events", kMaxBatchEvents));
    ANL_TRY_ASSIGN(m.cursor, f.Int("cursor", 0, kMaxSeq));
    ANL_TRY_ASSIGN(m.more, f.Bool("more"));
    ANL_TRY_ASSIGN(m.config_version, f.Int("config_version", 0, kMaxSeq));
    std::int64_t last_order = 0;
    for (const auto& ej : *events) {
        OrderedEvent oe;
        auto e = DecodeEvent(ej, true, &oe.marker, &oe.order);
        if (!e.ok()) return e.error();
        if (oe.order <= last_order) return Invalid("Pulled events must be in strictly increasing order.");
        last_order = oe.order;
        oe.event = std::move(e.value());
        m.events.push_back(std::move(oe));
    }
    if (m.cursor < last_order) return Invalid("The pull cursor lies before the events it answers.");
    return Finish(f, std::move(m));
}

Result<Message> DecodeEnrollMessage(const json& j) {
    Fields f(j);
    Enroll m;
    ANL_TRY_ASSIGN(m.code, f.String("code", 1, 64));
    ANL_TRY_ASSIGN(m.device, f.Id("device"));
    ANL_TRY_ASSIGN(m.protocol, f.Int("protocol", 0, 1'000'000));
    ANL_TRY_ASSIGN(m.schema, f.Int("schema", 0, 1'000'000));
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.slot, f.Int("slot", 0, kMaxSlot));
    return Finish(f, std::move(m));
}

Result<Message> DecodeEnrolledMessage(const json& j) {
    Fields f(j);
    Enrolled m;
    ANL_TRY_ASSIGN(m.device, f.Id("device"));
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.role, f.RoleField("role"));
    ANL_TRY_ASSIGN(m.token, f.String("token", 16, 256));
    return Finish(f, std::move(m));
}

Result<Message> DecodeDeviceAddMessage(const json& j) {
    Fields f(j);
    DeviceAdd m;
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.role, f.RoleField("role"));
    ANL_TRY_ASSIGN(m.name, f.String("name", 0, kMaxNameLength));
    return Finish(f, std::move(m));
}

Result<Message> DecodeDeviceAddedMessage(const json& j) {
    Fields f(j);
    DeviceAdded m;
    ANL_TRY_ASSIGN(m.registration, f.Int("registration", 1, kMaxSeq));
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.role, f.RoleField("role"));
    ANL_TRY_ASSIGN(m.enrol_code, f.String("enrol_code", 1, 64));
    ANL_TRY_ASSIGN(m.expires_us, f.Int("expires_us", 0, kMaxTime));
    return Finish(f, std::move(m));
}

Result<Message> DecodeDeviceListMessage(const json& j) {
    Fields f(j);
    DeviceList m;
    const json* devices = nullptr;
    ANL_TRY_ASSIGN(devices, f.Array("devices", 100'000));
    for (const auto& dj : *devices) {
        auto d = DecodeDeviceInfo(dj);
        if (!d.ok()) return d.error();
        m.devices.push_back(std::move(d.value()));
    }
    return Finish(f, std::move(m));
}

Result<Message> DecodeDeviceRevokeMessage(const json& j) {
    Fields f(j);
    DeviceRevoke m;
    ANL_TRY_ASSIGN(m.device, f.String("device", 1, kMaxIdLength + 1));
    return Finish(f, std::move(m));
}

Result<Message> DecodeDeviceMessage(const json& j) {
    // "type" counts as read, so the device fields decode straight from the message.
    auto d = DecodeDeviceInfo(j);
    if (!d.ok()) return d.error();
    return Message{std::move(d.value())};
}

Result<Message> DecodeConfigPublishMessage(const json& j) {
    Fields f(j);
    ConfigPublish m;
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    if (f.Has("catalogue")) ANL_TRY_ASSIGN(m.catalogue, DecodeConfigFiles(f, "catalogue", 1));
    if (f.Has("translations")) ANL_TRY_ASSIGN(m.translations, DecodeConfigFiles(f, "translations", 2));
    if (f.Has("hours")) ANL_TRY_ASSIGN(m.hours, f.String("hours", 0, kMaxConfigFileBytes));
    if (f.Has("staff")) ANL_TRY_ASSIGN(m.staff, DecodeStaff(f));
    if (f.Has("by_staff")) ANL_TRY_ASSIGN(m.by_staff, f.String("by_staff", 1, kMaxStaffNumberLength));
    if (f.Has("rollback_to")) ANL_TRY_ASSIGN(m.rollback_to, f.Int("rollback_to", 1, kMaxSeq));
    const bool parts = m.catalogue || m.translations || m.hours || m.staff;
    if (m.rollback_to && parts) return Invalid("A config rollback names a version and no parts.");
    if (!m.rollback_to && !parts)
        return Invalid("A config publication needs at least one of catalogue, translations, hours or staff.");
    return Finish(f, std::move(m));
}

Result<Message> DecodeConfigPublishedMessage(const json& j) {
    Fields f(j);
    ConfigPublished m;
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.version, f.Int("version", 1, kMaxSeq));
    return Finish(f, std::move(m));
}

Result<Message> DecodeConfigMessage(const json& j) {
    Fields f(j);
    SiteConfig m;
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    ANL_TRY_ASSIGN(m.version, f.Int("version", 1, kMaxSeq));
    ANL_TRY_ASSIGN(m.published_us, f.Int("published_us", 0, kMaxTime));
    ANL_TRY_ASSIGN(m.catalogue, DecodeConfigFiles(f, "catalogue", 1));
    ANL_TRY_ASSIGN(m.translations, DecodeConfigFiles(f, "translations", 2));
    ANL_TRY_ASSIGN(m.hours, f.String("hours", 0, kMaxConfigFileBytes));
    if (f.Has("staff")) ANL_TRY_ASSIGN(m.staff, DecodeStaff(f));
    return Finish(f, std::move(m));
}

Result<Message> DecodeConfigVersionsMessage(const json& j) {
    Fields f(j);
    ConfigVersions m;
    ANL_TRY_ASSIGN(m.site, f.Id("site"));
    const json* versions = nullptr;
    ANL_TRY_ASSIGN(versions, f.Array("versions", 100'000));
    for (const auto& vj : *versions) {
        if (!vj.is_object()) return Invalid("Each config version is an object.");
        Fields v(vj);
        ConfigVersionInfo info;
        ANL_TRY_ASSIGN(info.version, v.Int("version", 1, kMaxSeq));
        ANL_TRY_ASSIGN(info.published_us, v.Int("published_us", 0, kMaxTime));
        ANL_TRY_ASSIGN(info.catalogue_files, v.Int("catalogue_files", 0, 100'000));
        ANL_TRY_ASSIGN(info.translation_files, v.Int("translation_files", 0, 100'000));
        ANL_TRY_ASSIGN(info.hours, v.Bool("hours"));
        ANL_TRY_ASSIGN(info.staff, v.Int("staff", -1, 100'000));
        if (auto others = v.NoOthers(); !others.ok()) return others.error();
        m.versions.push_back(info);
    }
    return Finish(f, std::move(m));
}

Result<Message> DecodeErrorMessage(const json& j) {
    Fields f(j);
    ErrorMessage m;
    ANL_TRY_ASSIGN(m.reason, f.String("reason", 1, 32));
    ANL_TRY_ASSIGN(m.message, f.String("message", 1, 1024));
    return Finish(f, std::move(m));
}

using MessageDecoder = Result<Message> (*)(const json&);
constexpr std::pair<std::string_view, MessageDecoder> kDecoders[] = {
        {"hello", DecodeHelloMessage},
        {"hello_ok", DecodeHelloOkMessage},
        {"push", DecodePushMessage},
        {"push_ok", DecodePushOkMessage},
        {"pull", DecodePullMessage},
        {"pull_ok", DecodePullOkMessage},
        {"enroll", DecodeEnrollMessage},
        {"enrolled", DecodeEnrolledMessage},
        {"device_add", DecodeDeviceAddMessage},
        {"device_added", DecodeDeviceAddedMessage},
        {"device_list", DecodeDeviceListMessage},
        {"device_revoke", DecodeDeviceRevokeMessage},
        {"device", DecodeDeviceMessage},
        {"config_publish", DecodeConfigPublishMessage},
        {"config_published", DecodeConfigPublishedMessage},
        {"config", DecodeConfigMessage},
        {"config_versions", DecodeConfigVersionsMessage},
        {"error", DecodeErrorMessage},
};

Result<Message> DecodeObject(const json& j) {
    if (!j.is_object()) return Invalid("A message must be a JSON object.");
    auto type_it = j.find("type");
    if (type_it == j.end() || !type_it->is_string()) return Invalid("A message needs a \"type\" string.");
    const std::string& type = type_it->get_ref<const std::string&>();
    for (const auto& [name, decode] : kDecoders)
        if (name == type) return decode(j);
    std::string shown = type.size() > 40 ? type.substr(0, 40) + "..." : type;
    return Invalid("Unknown message type \"" + shown + "\".");
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------
Status CheckPeerVersions(int peer_protocol, int peer_schema) {
    if (peer_protocol != kProtocolVersion) {
        return MakeError(ErrorCode::kRejected,
                         "The peer speaks sync protocol " + std::to_string(peer_protocol) + " but this program speaks " +
                             std::to_string(kProtocolVersion) + "; update the older of the two to the same release.");
    }
    if (peer_schema < kMinSchemaVersion || peer_schema > kSchemaVersion) {
        return MakeError(ErrorCode::kRejected,
                         "The peer writes event schema " + std::to_string(peer_schema) + " but this program accepts " +
                             std::to_string(kMinSchemaVersion) + " to " + std::to_string(kSchemaVersion) +
                             "; update the older of the two to the same release.");
    }
    return {};
}

// ---------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------
bool RoleMaySend(Role role, std::string_view event_type) {
    for (auto family : PolicyFor(role).families)
        if (MatchesFamily(event_type, family)) return true;
    return false;
}

bool RoleSeesPersonalData(Role role) { return PolicyFor(role).sees_personal; }

// Notes, and the audit log (who signed in, who was refused what): staff terminals only.
bool IsStaffOnlyEvent(std::string_view event_type) {
    return MatchesFamily(event_type, "note.") || MatchesFamily(event_type, "audit.");
}

const std::vector<std::string_view>& PersonalPayloadKeys() {
    static const std::vector<std::string_view> keys = {
        "name", "given_name", "family_name", "birth_date", "phone", "email",
        "address", "note", "notes", "comment", "staff_note", "personal", "staff"};
    return keys;
}

std::optional<Event> RedactForRole(const Event& event, Role receiver) {
    if (RoleSeesPersonalData(receiver)) return event;
    if (IsStaffOnlyEvent(event.type)) return std::nullopt;
    // Cheap pre-check: most payloads carry no personal key at all.
    bool maybe_personal = false;
    for (auto key : PersonalPayloadKeys()) {
        if (event.payload.find(std::string("\"") + std::string(key) + "\"") != std::string::npos) {
            maybe_personal = true;
            break;
        }
    }
    if (!maybe_personal) return event;
    json payload = json::parse(event.payload, nullptr, false);
    if (!ANL_ALWAYS(payload.is_object())) return std::nullopt;  // validated on entry
    // Blank, do not remove: the reducer on a kiosk still needs the event's shape (a transfer
    // without its "note" key would be skipped there and the kiosk's queue would diverge).
    for (auto key : PersonalPayloadKeys()) {
        auto it = payload.find(std::string(key));
        if (it == payload.end()) continue;
        if (it->is_string()) *it = "";
        else payload.erase(it);
    }
    Event redacted = event;
    redacted.payload = payload.dump();
    return redacted;
}

bool operator==(const Event& a, const Event& b) {
    return a.device == b.device && a.seq == b.seq && a.type == b.type && a.payload == b.payload &&
           a.at_us == b.at_us;
}

bool IsValidId(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
               c == '_' || c == '-';
    });
}

bool IsValidEventType(std::string_view type) {
    if (type.empty() || type.size() > kMaxEventTypeLength) return false;
    return std::all_of(type.begin(), type.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

bool operator==(const ConfigFile& a, const ConfigFile& b) { return a.path == b.path && a.text == b.text; }
bool operator==(const StaffRecord& a, const StaffRecord& b) {
    return a.number == b.number && a.name == b.name && a.pin_hash == b.pin_hash && a.roles == b.roles;
}

bool IsValidConfigPath(std::string_view path, int max_depth) {
    if (path.empty() || path.size() > kMaxConfigPathLength) return false;
    if (path.size() < 6 || path.substr(path.size() - 5) != ".toml") return false;
    int depth = 0;
    std::size_t start = 0;
    for (;;) {
        std::size_t slash = path.find('/', start);
        std::string_view part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        // No empty part, no "." or ".." and no hidden file: nothing can leave the directory.
        if (part.empty() || part.front() == '.') return false;
        if (!std::all_of(part.begin(), part.end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '_' || c == '-';
            }))
            return false;
        if (++depth > max_depth) return false;
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    return true;
}

bool IsValidStaffRoles(std::string_view roles) {
    std::set<std::string_view> seen;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = roles.find(',', start);
        std::string_view word = roles.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!ParseStaffRole(word) || !seen.insert(word).second) return false;
        if (end == std::string_view::npos) return true;
        start = end + 1;
    }
}

bool RoleReceivesStaff(Role role) { return role == Role::kDesk || role == Role::kAdmin; }

std::string_view DeviceStateName(DeviceState state) {
    switch (state) {
        case DeviceState::kPending: return "pending";
        case DeviceState::kActive: return "active";
        case DeviceState::kRevoked: return "revoked";
    }
    return "pending";
}

// ---------------------------------------------------------------------------------------
// Encode / decode
// ---------------------------------------------------------------------------------------
std::string_view MessageTypeName(const Message& message) {
    static constexpr std::array<std::string_view, std::variant_size_v<Message>> kNames = {
        "hello",       "hello_ok",     "push",        "push_ok",       "pull",   "pull_ok", "enroll",
        "enrolled",    "device_add",   "device_added", "device_list", "device_revoke", "device", "error",
        "config_publish", "config_published", "config", "config_versions"};
    return kNames[message.index()];
}

std::string Encode(const Message& message) {
    const std::string type(MessageTypeName(message));
    return std::visit(
        [&](const auto& m) -> std::string {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Hello>) {
                return json{{"type", type}, {"protocol", m.protocol}, {"schema", m.schema}, {"software", m.software}}
                    .dump();
            } else if constexpr (std::is_same_v<T, HelloOk>) {
                return json{{"type", type},          {"protocol", m.protocol},
                            {"schema", m.schema},    {"device", m.device},
                            {"site", m.site},        {"role", RoleName(m.role)},
                            {"acked_seq", m.acked_seq}, {"server_time_us", m.server_time_us},
                            {"config_version", m.config_version}}
                    .dump();
            } else if constexpr (std::is_same_v<T, Push>) {
                std::string out = "{\"type\":\"push\",\"events\":[";
                for (std::size_t i = 0; i < m.events.size(); ++i) {
                    if (i) out += ',';
                    AppendEvent(out, m.events[i], nullptr, false);
                }
                out += "]}";
                return out;
            } else if constexpr (std::is_same_v<T, PushOk>) {
                return json{{"type", type},
                            {"acked_seq", m.acked_seq},
                            {"stored", m.stored},
                            {"duplicates", m.duplicates},
                            {"refused", m.refused},
                            {"rejected", RejectedJson(m.rejected)}}
                    .dump();
            } else if constexpr (std::is_same_v<T, Pull>) {
                json j{{"type", type}, {"cursor", m.cursor}, {"wait_ms", m.wait_ms}, {"limit", m.limit}};
                if (m.with_own) j["with_own"] = true;
                return j.dump();
            } else if constexpr (std::is_same_v<T, PullOk>) {
                std::string out = "{\"type\":\"pull_ok\",\"events\":[";
                for (std::size_t i = 0; i < m.events.size(); ++i) {
                    if (i) out += ',';
                    AppendEvent(out, m.events[i].event, &m.events[i].order, m.events[i].marker);
                }
                out += "],\"cursor\":" + std::to_string(m.cursor) + ",\"more\":" + (m.more ? "true" : "false") +
                       ",\"config_version\":" + std::to_string(m.config_version) + "}";
                return out;
            } else if constexpr (std::is_same_v<T, Enroll>) {
                return json{{"type", type},
                            {"code", m.code},
                            {"device", m.device},
                            {"protocol", m.protocol},
                            {"schema", m.schema},
                            {"site", m.site},
                            {"slot", m.slot}}
                    .dump();
            } else if constexpr (std::is_same_v<T, Enrolled>) {
                return json{{"type", type},
                            {"device", m.device},
                            {"site", m.site},
                            {"role", RoleName(m.role)},
                            {"token", m.token}}
                    .dump();
            } else if constexpr (std::is_same_v<T, DeviceAdd>) {
                return json{{"type", type}, {"site", m.site}, {"role", RoleName(m.role)}, {"name", m.name}}.dump();
            } else if constexpr (std::is_same_v<T, DeviceAdded>) {
                return json{{"type", type},
                            {"registration", m.registration},
                            {"site", m.site},
                            {"role", RoleName(m.role)},
                            {"enrol_code", m.enrol_code},
                            {"expires_us", m.expires_us}}
                    .dump();
            } else if constexpr (std::is_same_v<T, DeviceList>) {
                json devices = json::array();
                for (const auto& d : m.devices) devices.push_back(DeviceInfoJson(d));
                return json{{"type", type}, {"devices", devices}}.dump();
            } else if constexpr (std::is_same_v<T, DeviceRevoke>) {
                return json{{"type", type}, {"device", m.device}}.dump();
            } else if constexpr (std::is_same_v<T, DeviceInfo>) {
                json j = DeviceInfoJson(m);
                j["type"] = type;
                return j.dump();
            } else if constexpr (std::is_same_v<T, ErrorMessage>) {
                return json{{"type", type}, {"reason", m.reason}, {"message", m.message}}.dump();
            } else if constexpr (std::is_same_v<T, ConfigPublish>) {
                json j = {{"type", type}, {"site", m.site}};
                if (m.catalogue) j["catalogue"] = ConfigFilesJson(*m.catalogue);
                if (m.translations) j["translations"] = ConfigFilesJson(*m.translations);
                if (m.hours) j["hours"] = *m.hours;
                if (m.staff) j["staff"] = StaffJson(*m.staff);
                if (m.by_staff) j["by_staff"] = *m.by_staff;
                if (m.rollback_to) j["rollback_to"] = *m.rollback_to;
                return j.dump();
            } else if constexpr (std::is_same_v<T, ConfigPublished>) {
                return json{{"type", type}, {"site", m.site}, {"version", m.version}}.dump();
            } else if constexpr (std::is_same_v<T, ConfigVersions>) {
                json versions = json::array();
                for (const auto& v : m.versions)
                    versions.push_back({{"version", v.version},
                                        {"published_us", v.published_us},
                                        {"catalogue_files", v.catalogue_files},
                                        {"translation_files", v.translation_files},
                                        {"hours", v.hours},
                                        {"staff", v.staff}});
                return json{{"type", type}, {"site", m.site}, {"versions", versions}}.dump();
            } else {
                static_assert(std::is_same_v<T, SiteConfig>);
                json j = {{"type", type},
                          {"site", m.site},
                          {"version", m.version},
                          {"published_us", m.published_us},
                          {"catalogue", ConfigFilesJson(m.catalogue)},
                          {"translations", ConfigFilesJson(m.translations)},
                          {"hours", m.hours}};
                if (m.staff) j["staff"] = StaffJson(*m.staff);
                return j.dump();
            }
        },
        message);
}

Result<Message> Decode(std::string_view body) {
    if (body.size() > kMaxBodyBytes)
        return Invalid("The message is larger than " + std::to_string(kMaxBodyBytes) + " bytes.");
    // Depth limit: nlohmann recurses; a hostile "[[[[..." must not exhaust the stack.
    int depth = 0, max_depth = 0;
    bool in_string = false, escaped = false;
    for (char c : body) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') max_depth = std::max(max_depth, ++depth);
        else if (c == '}' || c == ']') --depth;
    }
    if (max_depth > 32) return Invalid("The message is nested too deeply.");
    // A key given twice (at any depth) is refused: readers that keep the first and readers that
    // keep the last would see two different messages.
    std::vector<std::set<std::string>> keys_in_open_objects;
    bool duplicate = false;
    json::parser_callback_t no_duplicates = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start: keys_in_open_objects.emplace_back(); break;
            case json::parse_event_t::object_end: keys_in_open_objects.pop_back(); break;
            case json::parse_event_t::key:
                if (!keys_in_open_objects.back().insert(parsed.get<std::string>()).second) duplicate = true;
                break;
            default: break;
        }
        return true;
    };
    json j = json::parse(body.begin(), body.end(), no_duplicates, false);
    if (duplicate) return Invalid("The message names a field twice; send every field once.");
    if (j.is_discarded()) return Invalid("The message is not valid JSON.");
    return DecodeObject(j);
}

std::optional<std::string> NormaliseEnrolCode(std::string_view typed) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string out;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        if (kAlphabet.find(c) == std::string_view::npos) return std::nullopt;
        out += c;
        if (out.size() > kEnrolCodeChars) return std::nullopt;
    }
    if (out.size() != kEnrolCodeChars) return std::nullopt;
    return out;
}

std::string FormatEnrolCode(std::string_view normalised) {
    std::string out;
    for (std::size_t i = 0; i < normalised.size(); ++i) {
        if (i && i % 4 == 0) out += '-';
        out += normalised[i];
    }
    return out;
}

}  // namespace anl::sync
