// central service: endpoints, authentication and rules (see service.h).
#include "sync/central/service.h"

#include <sodium.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include "sync/central/log.h"
#include "sync/central/escrow.h"
#include "sync/central/http_plumbing.h"

namespace anl::sync::central {
namespace {

constexpr Micros kConnectedWindowUs = 60 * kMicrosPerSecond;

std::string ToHex(const unsigned char* data, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

// "Bearer abc" -> "abc"; anything else -> "".
std::string BearerToken(const std::string& header) {
    constexpr std::string_view kPrefix = "Bearer ";
    if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return {};
    return header.substr(kPrefix.size());
}

}  // namespace

std::string HashSecret(std::string_view secret) {
    unsigned char hash[crypto_generichash_BYTES];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                       nullptr, 0);
    return ToHex(hash, sizeof hash);
}

std::string NewDeviceToken() {
    unsigned char bytes[kTokenBytes];
    randombytes_buf(bytes, sizeof bytes);
    return "anl_" + ToHex(bytes, sizeof bytes);
}

std::string NewEnrolCode() {
    static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    std::string code;
    for (std::size_t i = 0; i < kEnrolCodeChars; ++i) code += kAlphabet[randombytes_uniform(32)];
    return code;
}

Service::Service(CentralStore& store, const Clock& clock, const std::string& admin_token)
    : started_us(clock.NowUtcMicros()), store_(store), clock_(clock),
      admin_token_hash_(admin_token.empty() ? "" : HashSecret(admin_token)) {
    [[maybe_unused]] int sodium = sodium_init();
    ANL_ASSERT(sodium >= 0 && "libsodium initialises once /dev/urandom is readable");
}

Outcome Service::Handle(const Request& request) {
    std::string_view path = PathOf(request.target);
    bool post = request.method == "POST";
    bool get = request.method == "GET";
    if (path == kPathPush && post) return Push(request);
    if (path == kPathPull && (post || get)) return Pull(request);
    if (path == kPathHello && post) return Hello(request);
    if (path == kPathEnroll && post) return Enroll(request);
    if (path == kPathAdminDevices && post) return AdminAddDevice(request);
    if (path == kPathAdminDevices && get) return AdminListDevices(request);
    if (path == kPathAdminRevoke && post) return AdminRevoke(request);
    if (path == kPathConfig && get) return FetchConfig(request);
    if (path == kPathAdminConfig && post) return PublishConfig(request);
    if (path == kPathAdminConfig && get) return ConfigVersionList(request);
    if (path == kPathReports && get) return Reports(request);
    if (path == kPathAdminPrivacy && (get || post)) return Privacy(request);
    // Appointment slots (escrow.h): authenticated here, answered by the desk.
    if (path.substr(0, kPathAppointmentsPrefix.size()) == kPathAppointmentsPrefix && appointments) {
        auto device = Authenticate(request);
        if (!device.ok()) return Answer(RefuseError(device.error()));
        Response response = appointments->Handle(request, device.value());
        SiteChanged(device->site);  // a hold or booking may have added the central's verdicts
        if (response.status >= 400) ++counters_.errors[response.status == 409 ? "rejected" : "appointments"];
        return Answer(std::move(response));
    }
    if (path == "/healthz" && get) {
        // Ready only while the store can write: a cheap write transaction that changes nothing.
        auto probe = store_.ProbeWrite();
        if (!probe.ok()) {
            ++counters_.errors["not_ready"];
            return Answer(Response{503, "text/plain", "not ready: " + probe.error().message + "\n"});
        }
        return Answer(Response{200, "text/plain", "ok\n"});
    }
    if (path == "/metrics" && get) return Answer(Response{200, "text/plain; version=0.0.4", MetricsText()});
    return Answer(Refuse(404, "not_found", "There is no such endpoint; see sync/protocol/protocol.h."));
}

Response Service::Refuse(int status, const std::string& reason, const std::string& message) {
    ++counters_.errors[reason];
    return Refusal(status, reason, message);
}

Response Service::RefuseError(const Error& error) {
    return Refuse(StatusFor(error.code), ReasonFor(error.code), error.message);
}

Result<DeviceRecord> Service::Authenticate(const Request& request, std::string* token_hash, bool may_keep) {
    std::string token = BearerToken(request.authorization);
    if (token.empty() || token.size() > 256)
        return MakeError(ErrorCode::kUnauthorized, "This request carries no device token; enrol the terminal first.");
    std::string hash = HashSecret(token);
    auto device = may_keep ? PullingDevice(hash) : store_.DeviceByToken(hash);
    if (!device.ok()) return device.error();
    if (!device.value())
        return MakeError(ErrorCode::kUnauthorized,
                         "This device token is unknown or revoked; ask an administrator to enrol the terminal again.");
    if (token_hash) *token_hash = hash;
    Seen(**device);
    return std::move(**device);
}

bool Service::IsAdmin(const Request& request) const {
    if (admin_token_hash_.empty()) return false;
    std::string token = BearerToken(request.authorization);
    if (token.empty()) return false;
    std::string hash = HashSecret(token);
    return hash.size() == admin_token_hash_.size() &&
           sodium_memcmp(hash.data(), admin_token_hash_.data(), hash.size()) == 0;
}

Result<std::optional<DeviceRecord>> Service::PullingDevice(const std::string& token_hash) {
    const std::optional<int> epoch = revocation_notices ? revocation_notices() : std::nullopt;
    if (epoch != kept_epoch_) {
        kept_tokens_.clear();
        kept_epoch_ = epoch;
    }
    if (epoch) {
        auto kept = kept_tokens_.find(token_hash);
        if (kept != kept_tokens_.end()) {
            ++counters_.kept_token_uses;
            return std::optional<DeviceRecord>(kept->second);
        }
    }
    auto device = store_.DeviceByToken(token_hash);
    if (epoch && device.ok() && device.value()) {
        if (kept_tokens_.size() >= kMaxKeptTokens) kept_tokens_.clear();
        kept_tokens_.emplace(token_hash, **device);
    }
    return device;
}

void Service::DeviceRevoked() { kept_tokens_.clear(); }

void Service::Seen(const DeviceRecord& device) { last_seen_[device.registration] = clock_.NowUtcMicros(); }

Outcome Service::Hello(const Request& request) {
    auto device = Authenticate(request);
    if (!device.ok()) return Answer(RefuseError(device.error()));
    auto hello = DecodeAs<sync::Hello>(request.body);
    if (!hello.ok()) return Answer(RefuseError(hello.error()));
    auto compatible = CheckPeerVersions(hello->protocol, hello->schema);
    if (!compatible.ok()) return Answer(Refuse(409, "version", compatible.error().message));
    HelloOk ok;
    ok.device = device->device;
    ok.site = device->site;
    ok.role = device->role;
    ok.acked_seq = device->acked_seq;
    ok.server_time_us = clock_.NowUtcMicros();
    ok.config_version = SiteConfigVersion(device->site);
    return Answer(JsonOk(Encode(ok)));
}

Outcome Service::Push(const Request& request) {
    auto device = Authenticate(request);
    if (!device.ok()) return Answer(RefuseError(device.error()));
    auto push = DecodeAs<sync::Push>(request.body);
    if (!push.ok()) return Answer(RefuseError(push.error()));
    // Every rule is checked before anything is stored: a refused batch changes nothing.
    for (const Event& e : push->events) {
        if (e.device != device->device) {
            return Answer(Refuse(403, "device",
                                 "A device may push only its own events; this batch holds events of \"" + e.device +
                                     "\"."));
        }
        if (!RoleMaySend(device->role, e.type)) {
            return Answer(Refuse(403, "role",
                                 "A " + std::string(RoleName(device->role)) + " may not send \"" + e.type +
                                     "\" events."));
        }
    }
    if (appointments)  // appointment slots: only the central writes verdicts
        if (auto refused = appointments->CheckPush(push->events)) {
            ++counters_.errors["role"];
            return Answer(std::move(*refused));
        }
    // Every new event against the site's order (core::ValidateEvent): a refused one is
    // acknowledged but never stored, so the device's later events go on.
    auto rejected = ValidatePush(device.value(), push->events);
    if (!rejected.ok()) return Answer(RefuseError(rejected.error()));
    Micros now = clock_.NowUtcMicros();
    auto outcome = store_.Ingest(device.value(), push->events, now, rejected.value());
    if (!outcome.ok()) {
        site_views_.erase(device->site);  // folded ahead of a store that said no: fold again
        return Answer(RefuseError(outcome.error()));
    }
    for (const RefusedEvent& r : outcome->rejected) {
        if (!rejected->count(r.seq)) continue;  // refused when first sent: said again, counted once
        ++counters_.events_rejected[r.reason];
        const Event* e = nullptr;
        for (const Event& candidate : push->events)
            if (candidate.seq == r.seq) e = &candidate;
        std::string line = "refused event " + device->device + "/" + std::to_string(r.seq) + " (" +
                           (e ? e->type : std::string("?")) + ") of device " + device->device + " (" +
                           std::string(RoleName(device->role)) + ", site " + device->site + "): " + r.reason;
        if (log) log(line);
        else WriteLogLine(LogLevel::kWarning, line);
        // Rights (docs/ROLES.md): a staff member's event without the right leaves the central's
        // own audit entry, naming the staff number and the event's type, never its payload.
        if (r.reason == core::kEventForbidden && e) {
            auto payload = nlohmann::json::parse(e->payload, nullptr, false);
            std::string staff = payload.is_object() && payload.contains("staff") && payload["staff"].is_string()
                                    ? payload["staff"].get<std::string>()
                                    : std::string();
            if (staff.size() > core::kMaxAuditWordLength || staff.find(' ') != std::string::npos) staff.clear();
            auto right = core::RightForEventType(e->type);
            if (right)
                Audit(device->site, core::MakeAuditRefused(core::Actor{std::string(core::kCentralDeviceId), 0, 1, ""},
                                                           now, staff, *right, e->type));
        }
    }
    // A visitor's erasure from an admin terminal (core.h section 14): the central's copies too.
    if (outcome->stored > 0)
        ApplyPushedErasures(device.value(), push->events, outcome.value());
    // Appointment slots: judge new bookings now, so a refusal is in the order at once (only
    // pushes that carry appointment events pay for it). A failure here loses nothing: the next
    // such push or any slot request of the site catches up.
    if (appointments && outcome->stored > 0 &&
        std::any_of(push->events.begin(), push->events.end(),
                    [](const Event& e) { return e.type.rfind("appointment.", 0) == 0; })) {
        (void)appointments->Adjudicate(device->site);  // refusals wake the site's polls below
    }
    SiteChanged(device->site);  // its events, audit entries or verdicts: polls read them anew
    ++counters_.pushes;
    counters_.events_ingested += outcome->stored;
    counters_.duplicates += outcome->duplicates;
    if (outcome->stored > 0) {
        counters_.last_ingest_lag_seconds =
            static_cast<double>(now - push->events.back().at_us) / static_cast<double>(kMicrosPerSecond);
        if (on_ingest) on_ingest(device->site);
    }
    PushOk ok{outcome->acked_seq, outcome->stored, outcome->duplicates, outcome->refused, outcome->rejected};
    return Answer(JsonOk(Encode(ok)));
}

Outcome Service::Pull(const Request& request) {
    std::string token_hash;
    auto device = Authenticate(request, &token_hash, /*may_keep=*/true);
    if (!device.ok()) return Answer(RefuseError(device.error()));
    sync::Pull pull;
    if (request.method == "GET") {
        auto cursor = QueryInt(request.target, "cursor");
        auto wait_ms = QueryInt(request.target, "wait_ms");
        auto limit = QueryInt(request.target, "limit");
        pull.cursor = cursor.value_or(0);
        pull.wait_ms = static_cast<int>(std::clamp<std::int64_t>(wait_ms.value_or(0), -1, kMaxPollWaitMs + 1));
        pull.limit = static_cast<int>(std::clamp<std::int64_t>(limit.value_or(kMaxBatchEvents), -1,
                                                               static_cast<std::int64_t>(kMaxBatchEvents) + 1));
        // The GET form goes through the same strict decoder as the POST form.
        auto checked = DecodeAs<sync::Pull>(Encode(pull));
        if (!checked.ok()) return Answer(RefuseError(checked.error()));
    } else {
        auto decoded = DecodeAs<sync::Pull>(request.body);
        if (!decoded.ok()) return Answer(RefuseError(decoded.error()));
        pull = decoded.value();
    }
    ++counters_.pulls;
    bool empty = false;
    Response response = ReadPull(device.value(), pull, &empty);
    if (empty && pull.wait_ms > 0) return Outcome{{}, PollWait{device->site, token_hash, pull}};
    return Answer(std::move(response));
}

Response Service::AnswerPull(const PollWait& wait, bool* nothing_new) {
    if (nothing_new) *nothing_new = false;
    auto device = PullingDevice(wait.token_hash);
    if (!device.ok()) return RefuseError(device.error());
    if (!device.value())
        return Refuse(401, "auth", "This device token was revoked while waiting; ask an administrator.");
    Seen(**device);
    bool empty = false;
    Response response = ReadPull(**device, wait.pull, &empty);
    if (nothing_new) *nothing_new = empty && response.status == 200;
    return response;
}

void Service::SiteChanged(const std::string& site) { tails_.erase(site); }

void Service::ForgetSiteTails() { tails_.clear(); }

Result<std::vector<StoredEvent>> Service::ReadSiteAfter(const std::string& site, std::int64_t cursor, int limit) {
    const std::size_t wanted = limit > 0 ? static_cast<std::size_t>(limit) : 0;
    auto tail = tails_.find(site);
    if (tail != tails_.end() && cursor >= tail->second.after) {
        ++counters_.tail_reads;
        std::vector<StoredEvent> events;
        for (const StoredEvent& stored : tail->second.events) {
            if (stored.order <= cursor) continue;
            if (events.size() == wanted) break;
            events.push_back(stored);
        }
        return events;
    }
    auto events = store_.ReadAfter(site, cursor, limit);
    if (!events.ok()) return events;
    // Reached the end of the order (fewer than asked): nothing after these until the site
    // changes. A tail further back than the kept one covers more polls, so it replaces it.
    const bool reached_end = events->size() < wanted;
    if (reached_end && events->size() <= kMaxTailEvents && (tail == tails_.end() || cursor < tail->second.after))
        tails_[site] = SiteTail{cursor, events.value()};
    return events;
}

Response Service::ReadPull(const DeviceRecord& device, const sync::Pull& pull, bool* empty) {
    auto events = ReadSiteAfter(device.site, pull.cursor, pull.limit);
    if (!events.ok()) return RefuseError(events.error());
    PullOk ok;
    ok.cursor = pull.cursor;
    for (auto& stored : events.value()) {
        ok.cursor = stored.order;
        if (stored.event.device == device.device) {
            // Its own events: a marker, or in full for a device restored from a backup (its own
            // words, so nothing is redacted).
            if (pull.with_own) ok.events.push_back({stored.order, stored.event, false});
            else ok.events.push_back({stored.order, Event{stored.event.device, stored.event.seq, "", "", 0}, true});
            continue;
        }
        auto visible = RedactForRole(stored.event, device.role);
        if (visible) ok.events.push_back({stored.order, std::move(*visible), false});
    }
    ok.more = events->size() == static_cast<std::size_t>(pull.limit);
    ok.config_version = SiteConfigVersion(device.site);
    *empty = events->empty();
    return JsonOk(Encode(ok));
}

Outcome Service::Enroll(const Request& request) {
    auto enroll = DecodeAs<sync::Enroll>(request.body);
    if (!enroll.ok()) return Answer(RefuseError(enroll.error()));
    auto compatible = CheckPeerVersions(enroll->protocol, enroll->schema);
    if (!compatible.ok()) return Answer(Refuse(409, "version", compatible.error().message));
    if (enroll->device == "central")  // appointment slots: the central's own verdicts use this id
        return Answer(Refuse(409, "rejected", "The device id \"central\" is reserved; initialise the terminal with another id."));
    auto code = NormaliseEnrolCode(enroll->code);
    if (!code) return Answer(Refuse(400, "invalid", "An enrolment code has 12 letters and digits, like ABCD-EFGH-JKMN."));
    std::string token = NewDeviceToken();
    auto device = store_.Enroll(HashSecret(*code), enroll->device, enroll->site, enroll->slot, HashSecret(token),
                                clock_.NowUtcMicros());
    if (!device.ok()) return Answer(RefuseError(device.error()));
    ++counters_.enrolments;
    Enrolled ok{device->device, device->site, device->role, token};
    return Answer(JsonOk(Encode(ok)));
}

Outcome Service::AdminAddDevice(const Request& request) {
    if (!IsAdmin(request)) return Answer(Refuse(401, "auth", "Administrator endpoints need the admin token."));
    auto add = DecodeAs<DeviceAdd>(request.body);
    if (!add.ok()) return Answer(RefuseError(add.error()));
    std::string code = NewEnrolCode();
    Micros expires = clock_.NowUtcMicros() + kEnrolCodeLifetimeUs;
    auto device = store_.AddDevice(add->site, add->role, add->name, HashSecret(code), expires);
    if (!device.ok()) return Answer(RefuseError(device.error()));
    DeviceAdded ok{device->registration, device->site, device->role, FormatEnrolCode(code), expires};
    return Answer(JsonOk(Encode(ok)));
}

Outcome Service::AdminListDevices(const Request& request) {
    if (!IsAdmin(request)) return Answer(Refuse(401, "auth", "Administrator endpoints need the admin token."));
    auto devices = store_.ListDevices();
    if (!devices.ok()) return Answer(RefuseError(devices.error()));
    return Answer(JsonOk(Encode(DeviceList{std::move(devices.value())})));
}

Outcome Service::AdminRevoke(const Request& request) {
    if (!IsAdmin(request)) return Answer(Refuse(401, "auth", "Administrator endpoints need the admin token."));
    auto revoke = DecodeAs<DeviceRevoke>(request.body);
    if (!revoke.ok()) return Answer(RefuseError(revoke.error()));
    auto device = store_.Revoke(revoke->device);
    if (!device.ok()) return Answer(RefuseError(device.error()));
    DeviceRevoked();  // here at once; other instances by the store's notice
    last_seen_.erase(device->registration);
    return Answer(JsonOk(Encode(Message{device.value()})));
}

std::string Service::MetricsText() const {
    std::size_t long_polls_waiting = count_long_polls ? count_long_polls() : 0;
    Micros now = clock_.NowUtcMicros();
    std::size_t connected = 0;
    for (const auto& [registration, seen] : last_seen_)
        if (now - seen <= kConnectedWindowUs) ++connected;
    std::ostringstream out;
    out << "# HELP anl_central_events_ingested_total Events stored for the first time.\n"
        << "# TYPE anl_central_events_ingested_total counter\n"
        << "anl_central_events_ingested_total " << counters_.events_ingested << "\n"
        << "# HELP anl_central_duplicates_total Events received again and ignored.\n"
        << "# TYPE anl_central_duplicates_total counter\n"
        << "anl_central_duplicates_total " << counters_.duplicates << "\n"
        << "# HELP anl_central_pushes_total Accepted push requests.\n"
        << "# TYPE anl_central_pushes_total counter\n"
        << "anl_central_pushes_total " << counters_.pushes << "\n"
        << "# HELP anl_central_pulls_total Accepted pull requests.\n"
        << "# TYPE anl_central_pulls_total counter\n"
        << "anl_central_pulls_total " << counters_.pulls << "\n"
        << "# HELP anl_central_pull_tail_reads_total Pull answers read from a site's kept tail instead of the store.\n"
        << "# TYPE anl_central_pull_tail_reads_total counter\n"
        << "anl_central_pull_tail_reads_total " << counters_.tail_reads << "\n"
        << "# HELP anl_central_pull_kept_tokens_total Pulls whose device token was found among the kept ones, not asked of the store.\n"
        << "# TYPE anl_central_pull_kept_tokens_total counter\n"
        << "anl_central_pull_kept_tokens_total " << counters_.kept_token_uses << "\n"
        << "# HELP anl_central_devices_connected Devices heard from in the last minute.\n"
        << "# TYPE anl_central_devices_connected gauge\n"
        << "anl_central_devices_connected " << connected << "\n"
        << "# HELP anl_central_long_polls_waiting Pull requests parked until new events arrive.\n"
        << "# TYPE anl_central_long_polls_waiting gauge\n"
        << "anl_central_long_polls_waiting " << long_polls_waiting << "\n"
        << "# HELP anl_central_ingest_lag_seconds Receive time minus record time of the last pushed event.\n"
        << "# TYPE anl_central_ingest_lag_seconds gauge\n"
        << "anl_central_ingest_lag_seconds " << counters_.last_ingest_lag_seconds << "\n"
        << "# HELP anl_central_configs_published_total Configuration versions published.\n"
        << "# TYPE anl_central_configs_published_total counter\n"
        << "anl_central_configs_published_total " << counters_.configs_published << "\n"
        << "# HELP anl_central_configs_fetched_total Configurations handed to terminals.\n"
        << "# TYPE anl_central_configs_fetched_total counter\n"
        << "anl_central_configs_fetched_total " << counters_.configs_fetched << "\n"
        << "# HELP anl_central_reports_total Key-figure reports answered (GET /v1/reports).\n"
        << "# TYPE anl_central_reports_total counter\n"
        << "anl_central_reports_total " << counters_.reports << "\n"
        << "# HELP anl_central_connections_refused_total Connections closed at once: the connection cap was reached.\n"
        << "# TYPE anl_central_connections_refused_total counter\n"
        << "anl_central_connections_refused_total " << connections_refused.load() << "\n"
        << "# HELP anl_central_start_time_seconds When this process started (UTC); every counter here counts from then.\n"
        << "# TYPE anl_central_start_time_seconds gauge\n"
        << "anl_central_start_time_seconds " << started_us / kMicrosPerSecond << "\n"
        << "# HELP anl_central_events_rejected_total Events refused by the rules (core::ValidateEvent), by reason.\n"
        << "# TYPE anl_central_events_rejected_total counter\n";
    for (const auto& [reason, count] : counters_.events_rejected)
        out << "anl_central_events_rejected_total{reason=\"" << reason << "\"} " << count << "\n";
    out << "# HELP anl_central_forbidden_total Admin requests refused for want of a right (docs/ROLES.md), by right.\n"
        << "# TYPE anl_central_forbidden_total counter\n";
    for (const auto& [right, count] : counters_.forbidden)
        out << "anl_central_forbidden_total{right=\"" << right << "\"} " << count << "\n";
    out << "# HELP anl_central_errors_total Refused requests by reason.\n"
        << "# TYPE anl_central_errors_total counter\n";
    for (const auto& [reason, count] : counters_.errors)
        out << "anl_central_errors_total{reason=\"" << reason << "\"} " << count << "\n";
    return out.str();
}

}  // namespace anl::sync::central
