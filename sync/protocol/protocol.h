// protocol: the one wire format between terminals and the central service, and nothing else.
//   Owns: version constants, the handshake rule, limits, message types and their strict
//   JSON encode/decode, the role policy (which events a role may send and what it receives).
//   Must never: open a socket or a file, speak SQL, read a clock, hold state.
//   Both sides include this header; a change to anything below that an older peer would
//   misread bumps kProtocolVersion.
//
// Index
//   1. Versions and the handshake
//   2. Limits
//   3. Roles and what each may send or receive
//   4. Events on the wire
//   5. Messages (one struct each) and the endpoints that carry them
//   5b. Configuration down (catalogue, translations, hours, staff), versioned per site
//   6. Encode / decode
//
// Transport: JSON over HTTP/1.1. Every request but /v1/enroll carries
// "Authorization: Bearer <token>" (a device token, or the admin token for /v1/admin/*).
// Every answer that is not 2xx carries an ErrorMessage with one clear sentence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/base/base.h"
#include "kiosk/base/role.h"

namespace anl::sync {

// ---------------------------------------------------------------------------------------
// 1. Versions and the handshake
// ---------------------------------------------------------------------------------------
// kProtocolVersion: the shape of the messages below. Peers must agree exactly.
// kSchemaVersion: the meaning of event payloads (the core's event schema). A central service
// stores payloads it does not interpret, so it accepts any schema from kMinSchemaVersion up
// to its own; a terminal refuses a central whose schema is older than the events it writes.
// 2: hello_ok and pull_ok carry the site's config_version; config messages (section 5b).
// 3: push_ok carries "rejected": the events the central refused, each with seq, reason and
//    message (PushOk below); a body that names a key twice is refused.
// 4: staff records carry their roles; config_publish may name the staff member who publishes
//    (by_staff); audit.* events (docs/ROLES.md).
constexpr int kProtocolVersion = 4;
constexpr int kSchemaVersion = 1;
constexpr int kMinSchemaVersion = 1;
static_assert(kMinSchemaVersion <= kSchemaVersion, "the oldest schema accepted cannot be newer than ours");

// The handshake: ok when the peer speaks our protocol version and a schema we accept;
// otherwise a kRejected error that names both versions and says which side to upgrade.
Status CheckPeerVersions(int peer_protocol, int peer_schema);

// ---------------------------------------------------------------------------------------
// 2. Limits. Every input from the network is bounded by these before anything else happens.
// ---------------------------------------------------------------------------------------
constexpr std::size_t kMaxIdLength = 64;            // device ids, site ids
constexpr std::size_t kMaxEventTypeLength = 64;     // "ticket.called"
constexpr std::size_t kMaxNameLength = 120;         // a device's human-readable name
constexpr std::size_t kMaxPayloadBytes = 8 * 1024;  // one event's JSON payload
constexpr std::size_t kMaxBatchEvents = 256;        // events in one push or one pull answer
constexpr std::size_t kMaxEventOverheadBytes = 512; // everything in an event but the payload
constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;   // one request or response body
constexpr std::size_t kMaxHeaderBytes = 8 * 1024;        // all headers of one request
constexpr std::size_t kTokenBytes = 32;                  // random bytes in a device token
constexpr std::size_t kEnrolCodeChars = 12;              // "ABCD-EFGH-JKLM" without dashes
constexpr int kMaxPollWaitMs = 30'000;                   // the longest long-poll
constexpr std::int64_t kEnrolCodeLifetimeUs = 7LL * 24 * 3600 * 1'000'000;  // a week
static_assert(kMaxBatchEvents * (kMaxPayloadBytes + kMaxEventOverheadBytes) <= kMaxBodyBytes,
              "a full batch of the largest events must fit in one body");
static_assert(kMaxIdLength + kMaxEventTypeLength + 3 * 20 + 64 <= kMaxEventOverheadBytes,
              "an event's fixed fields must fit in its overhead allowance");
static_assert(kTokenBytes >= 32, "device tokens must carry at least 256 bits");
static_assert(kEnrolCodeChars * 5 >= 60, "enrolment codes must carry at least 60 bits");

// ---------------------------------------------------------------------------------------
// 3. Roles. A device's role limits which event types it may send, and what it receives:
//    kiosks and call displays never receive staff notes or personal fields (the central
//    service drops or redacts them before they leave).
// ---------------------------------------------------------------------------------------
// The roles themselves are anl::Role (kiosk/base/role.h), shared with the terminal and its store.
using anl::ParseRole;
using anl::Role;
using anl::RoleName;

// May a device of this role originate an event of this type?
bool RoleMaySend(Role role, std::string_view event_type);
// Does a device of this role see personal fields and staff notes?
bool RoleSeesPersonalData(Role role);
// Is this event type staff-only as a whole (never sent to a kiosk or display)?
bool IsStaffOnlyEvent(std::string_view event_type);
// Payload keys that hold personal data; removed for roles that must not see them.
const std::vector<std::string_view>& PersonalPayloadKeys();

// ---------------------------------------------------------------------------------------
// 4. Events on the wire. An event is identified by (device, seq): seq counts from 1 per
//    device without gaps. `order` is its position in the central service's order of a site,
//    assigned once when the central stores it; every device applies events in that order.
// ---------------------------------------------------------------------------------------
struct Event {
    std::string device;   // [A-Za-z0-9._-], 1..kMaxIdLength
    std::int64_t seq = 0; // >= 1
    std::string type;     // [a-z0-9._-], 1..kMaxEventTypeLength
    std::string payload;  // a JSON object, compact text, <= kMaxPayloadBytes
    Micros at_us = 0;     // when the device recorded it (UTC microseconds), >= 0
};
bool operator==(const Event& a, const Event& b);

// An event as a pull hands it out. A device's own events come back as markers (no type,
// no payload): they only tell the device where the central placed them.
struct OrderedEvent {
    std::int64_t order = 0;  // >= 1, strictly increasing within one answer
    Event event;
    bool marker = false;     // true: the receiver's own event; type and payload are empty
};

// Redacts an event for a receiving role: nullopt when the role must not see it at all.
std::optional<Event> RedactForRole(const Event& event, Role receiver);

// Character rules, shared by decoder and central store.
bool IsValidId(std::string_view id);
bool IsValidEventType(std::string_view type);

// ---------------------------------------------------------------------------------------
// 5. Messages. Every message is a JSON object with "type" naming one of these; any other
//    type, a missing or extra field, or a value out of bounds is refused.
// ---------------------------------------------------------------------------------------
//  endpoint                 request            answer (2xx)
//  POST /v1/hello           Hello              HelloOk          device token
//  POST /v1/push            Push               PushOk           device token
//  POST /v1/pull            Pull               PullOk           device token (long-poll)
//  GET  /v1/pull?cursor=N&wait_ms=N&limit=N    PullOk           device token (long-poll)
//  POST /v1/enroll          Enroll             Enrolled         the enrolment code is the key
//  POST /v1/admin/devices   DeviceAdd          DeviceAdded      admin token
//  GET  /v1/admin/devices   -                  DeviceList       admin token
//  POST /v1/admin/revoke    DeviceRevoke       DeviceInfo       admin token
//  GET  /v1/config         -                  SiteConfig       device token (filtered by role)
//  POST /v1/admin/config    ConfigPublish      ConfigPublished  admin token, or an admin device's
//  GET  /v1/admin/config?site=S  -             ConfigVersions   admin token, or an admin device's (its site)
//  GET  /v1/reports?from=&to=[&site=][&office=]  key figures (figures::ReportToJson)
//                                              admin token (any site), or an admin device's (its site)
//  GET  /healthz            -                  "ok"
//  GET  /metrics            -                  Prometheus text
inline constexpr std::string_view kPathHello = "/v1/hello";
inline constexpr std::string_view kPathPush = "/v1/push";
inline constexpr std::string_view kPathPull = "/v1/pull";
inline constexpr std::string_view kPathEnroll = "/v1/enroll";
inline constexpr std::string_view kPathAdminDevices = "/v1/admin/devices";
inline constexpr std::string_view kPathAdminRevoke = "/v1/admin/revoke";
inline constexpr std::string_view kPathConfig = "/v1/config";
inline constexpr std::string_view kPathAdminConfig = "/v1/admin/config";
inline constexpr std::string_view kPathReports = "/v1/reports";
// A visitor's request (core.h section 14), administrators only: GET ?site=S&reference=R[&day=D]
// shows the visitor's events and their personal fields; POST {"site", "reference", "day",
// "dry_run"} erases them (central_store.h EraseEvents) and appends privacy.erased to the site.
inline constexpr std::string_view kPathAdminPrivacy = "/v1/admin/privacy";

// The handshake: a device says which versions it speaks; the central answers with its own
// and what it knows of the device (where to resume pushing).
struct Hello {
    int protocol = kProtocolVersion;
    int schema = kSchemaVersion;
    std::string software;  // e.g. "anlaufstelle 0.1.0", for the operator's eyes only
};
struct HelloOk {
    int protocol = kProtocolVersion;
    int schema = kSchemaVersion;
    std::string device;
    std::string site;
    Role role = Role::kKiosk;
    std::int64_t acked_seq = 0;  // highest contiguous seq the central holds for this device
    Micros server_time_us = 0;
    std::int64_t config_version = 0;  // the site's newest published configuration (0: none)
};

// Push: consecutive events of the authenticated device. The central stores each exactly once:
// seq <= acked_seq is a duplicate (ignored), acked_seq + 1 is stored, anything after a gap
// is refused. The answer's acked_seq says where the device resumes.
struct Push {
    std::vector<Event> events;  // 1..kMaxBatchEvents, all of the authenticated device
};
// An event the central refused to put in the order (protocol 3): its payload broke a rule of
// core::ValidateEvent (kiosk/core, core.h section 10). It counts as acknowledged: acked_seq
// passes it, so it never blocks the device's later events; the device records the refusal
// and leaves the event out of its own fold.
constexpr std::size_t kMaxRejectReasonLength = 32;     // "number", "time" ... (core.h section 10)
constexpr std::size_t kMaxRejectMessageLength = 512;
struct RefusedEvent {
    std::int64_t seq = 0;
    std::string reason;   // a stable word: malformed, text, time, ids, duplicate, number, unknown_reference, transition, role
    std::string message;  // one sentence for the operator, naming the event by "<device>/<seq>"
};
struct PushOk {
    std::int64_t acked_seq = 0;
    std::int64_t stored = 0;      // newly stored by this request
    std::int64_t duplicates = 0;  // already held, ignored
    std::int64_t refused = 0;     // after a gap, not stored; resend from acked_seq + 1
    std::vector<RefusedEvent> rejected;  // refused by the rules, acknowledged, never stored
};

// Pull: the site's events after `cursor` in central order. With none waiting, the central
// holds the request up to wait_ms for new ones (long-poll), then answers (maybe empty).
struct Pull {
    std::int64_t cursor = 0;  // 0 = from the beginning; otherwise a PullOk.cursor
    int wait_ms = 0;          // 0..kMaxPollWaitMs
    int limit = static_cast<int>(kMaxBatchEvents);  // 1..kMaxBatchEvents
    // The device's own events in full instead of markers: asked by a device restored from a
    // backup (the central holds more of its events than its store), so they come back before it
    // numbers another. Optional on the wire ("with_own": true), absent when false.
    bool with_own = false;
};
struct PullOk {
    std::vector<OrderedEvent> events;
    std::int64_t cursor = 0;  // pass back in the next Pull
    bool more = false;        // true: more events wait; pull again at once
    std::int64_t config_version = 0;  // the site's newest published configuration (0: none)
};

struct Enroll {
    std::string code;    // the one-time enrolment code (dashes and case ignored)
    std::string device;  // the terminal's own device id, used in all its events
    int protocol = kProtocolVersion;
    int schema = kSchemaVersion;
    std::string site;    // the site the terminal was initialised for: must be the code's site
    int slot = 0;        // its ticket-number slot: unique among a site's ticket-issuing devices
};
constexpr int kMaxSlot = 999;
struct Enrolled {
    std::string device;
    std::string site;
    Role role = Role::kKiosk;
    std::string token;  // the device token: shown once, the central keeps only its hash
};

struct DeviceAdd {
    std::string site;
    Role role = Role::kKiosk;
    std::string name;  // optional, 0..kMaxNameLength
};
struct DeviceAdded {
    std::int64_t registration = 0;
    std::string site;
    Role role = Role::kKiosk;
    std::string enrol_code;  // one-time, shown once
    Micros expires_us = 0;
};

enum class DeviceState { kPending, kActive, kRevoked };
std::string_view DeviceStateName(DeviceState state);

struct DeviceInfo {
    std::int64_t registration = 0;
    std::string device;  // empty until enrolled
    std::string site;
    Role role = Role::kKiosk;
    std::string name;
    DeviceState state = DeviceState::kPending;
    std::int64_t acked_seq = 0;
    Micros last_seen_us = 0;
    int slot = -1;  // its ticket-number slot once enrolled (the central's own; not on the wire)
};
struct DeviceList {
    std::vector<DeviceInfo> devices;
};
struct DeviceRevoke {
    std::string device;  // a device id, or "#N" for a registration not yet enrolled
};

// Every refusal: a machine-readable reason and one sentence for a person.
struct ErrorMessage {
    std::string reason;  // e.g. "version", "auth", "role", "site", "invalid", "too_large"
    std::string message;
};

// ---------------------------------------------------------------------------------------
// 5b. Configuration down. An administrator publishes a site's configuration; the central
//    validates it with the terminal's own loaders, stores it as the site's next version and
//    names that version in every hello_ok and pull_ok. A terminal whose applied version is
//    older fetches GET /v1/config, validates it again and applies it in one transaction.
//    Files travel as text under relative paths: "offices.toml" (catalogue), "de/ui.toml"
//    (translations). Staff travel as argon2id PIN hashes, never PINs, and only to desks and
//    administrators: kiosks and call displays never receive a staff record.
// ---------------------------------------------------------------------------------------
constexpr std::size_t kMaxConfigFiles = 256;               // files in one part (catalogue or translations)
constexpr std::size_t kMaxConfigPathLength = 96;           // "fa-AF/services.toml"
constexpr std::size_t kMaxConfigFileBytes = 256 * 1024;    // one catalogue or translation file
constexpr std::size_t kMaxStaffRecords = 2000;             // staff of one site
constexpr std::size_t kMaxStaffNumberLength = 32;
constexpr std::size_t kMaxStaffNameLength = 200;
constexpr std::size_t kMaxPinHashLength = 256;             // "$argon2id$v=19$m=...,t=...,p=...$salt$hash"
static_assert(kMaxConfigFileBytes <= kMaxBodyBytes / 4, "one file must leave room for the rest of a config");

struct ConfigFile {
    std::string path;  // relative, [A-Za-z0-9._-] components, at most one "/", ends in ".toml"
    std::string text;  // UTF-8, <= kMaxConfigFileBytes
};
bool operator==(const ConfigFile& a, const ConfigFile& b);
struct StaffRecord {
    std::string number;    // 1..kMaxStaffNumberLength
    std::string name;      // 1..kMaxStaffNameLength
    std::string pin_hash;  // argon2id encoded hash ("$argon2id$..."), never a PIN
    std::string roles = "desk";  // anl::StaffRole names, comma-separated, each once: "administrator,desk"
};
// Is `roles` a non-empty comma-separated list of staff role names (anl::ParseStaffRole), each once?
bool IsValidStaffRoles(std::string_view roles);
bool operator==(const StaffRecord& a, const StaffRecord& b);

// A publication: only the parts present replace the site's current ones; absent parts stay.
struct ConfigPublish {
    std::string site;
    std::optional<std::vector<ConfigFile>> catalogue;     // the *.toml of a catalogue directory
    std::optional<std::vector<ConfigFile>> translations;  // "<lang>/<file>.toml" of i18n/catalogs
    std::optional<std::string> hours;                     // the text of an hours.toml
    std::optional<std::vector<StaffRecord>> staff;        // the site's whole staff list
    // Who publishes (protocol 4): the staff number signed in at the admin terminal. The central
    // checks that the site's current staff list gives that number publish_config (and
    // manage_staff when staff change) and refuses with 403 otherwise. An admin terminal must
    // name one once the site's staff list has an administrator; the admin token need not.
    std::optional<std::string> by_staff = std::nullopt;
    // Rollback: publish the stored content of this earlier version again, as the next version
    // (terminals move forward to it). No parts are given then; rights and checks as above.
    std::optional<std::int64_t> rollback_to = std::nullopt;
};
struct ConfigPublished {
    std::string site;
    std::int64_t version = 0;
};
// A site's configuration as one version, as a terminal of `role`-filtering receives it.
struct SiteConfig {
    std::string site;
    std::int64_t version = 0;   // >= 1
    Micros published_us = 0;
    std::vector<ConfigFile> catalogue;     // empty: the terminal keeps its shipped catalogue
    std::vector<ConfigFile> translations;  // empty: the terminal keeps its shipped translations
    std::string hours;                     // empty: no opening hours published
    std::optional<std::vector<StaffRecord>> staff;  // only for desks and administrators
};
// The versions the central keeps of a site's configuration (GET /v1/admin/config?site=S),
// newest first: what each holds, not its content.
struct ConfigVersionInfo {
    std::int64_t version = 0;
    Micros published_us = 0;
    std::int64_t catalogue_files = 0;    // 0: the shipped catalogue
    std::int64_t translation_files = 0;  // 0: the shipped translations
    bool hours = false;
    std::int64_t staff = -1;             // staff records; -1: no staff list
};
struct ConfigVersions {
    std::string site;
    std::vector<ConfigVersionInfo> versions;
};
// Is `path` a safe relative config file path with at most `max_depth` components?
bool IsValidConfigPath(std::string_view path, int max_depth);
// Does a device of this role receive staff records (for sign-in without network)?
bool RoleReceivesStaff(Role role);

using Message = std::variant<Hello, HelloOk, Push, PushOk, Pull, PullOk, Enroll, Enrolled,
                             DeviceAdd, DeviceAdded, DeviceList, DeviceRevoke, DeviceInfo,
                             ErrorMessage, ConfigPublish, ConfigPublished, SiteConfig, ConfigVersions>;

// ---------------------------------------------------------------------------------------
// 6. Encode / decode. Decoding is strict: a body over kMaxBodyBytes, malformed JSON, an
//    unknown "type", a missing, extra or mistyped field, or a value outside the limits above
//    gives kInvalidInput with a sentence naming the field. Never throws.
// ---------------------------------------------------------------------------------------
std::string Encode(const Message& message);
Result<Message> Decode(std::string_view body);

// Decode and require one particular message type ("expected a push message").
template <typename T>
Result<T> DecodeAs(std::string_view body) {
    auto message = Decode(body);
    if (!message.ok()) return message.error();
    if (auto* value = std::get_if<T>(&message.value())) return std::move(*value);
    if (auto* refusal = std::get_if<ErrorMessage>(&message.value())) {
        return MakeError(ErrorCode::kRejected, refusal->message);
    }
    return MakeError(ErrorCode::kInvalidInput, "The peer answered with an unexpected message type.");
}

// The name in "type" for each message (e.g. "push_ok").
std::string_view MessageTypeName(const Message& message);

// Enrolment codes: 12 characters of Crockford base32, shown as "ABCD-EFGH-JKLM".
// Normalise accepts any case, dashes and spaces, and maps I/L to 1 and O to 0.
std::optional<std::string> NormaliseEnrolCode(std::string_view typed);
std::string FormatEnrolCode(std::string_view normalised);

}  // namespace anl::sync
