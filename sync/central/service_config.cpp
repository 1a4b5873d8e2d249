// central service: configuration down (GET /v1/config, POST /v1/admin/config). See
// protocol.h section 5b and docs/SYNC.md "Configuration down".
#include <algorithm>
#include <iostream>

#include "sync/central/http_plumbing.h"
#include "sync/central/service.h"
#include "sync/central/log.h"
#include "sync/config/config.h"

namespace anl::sync::central {
namespace {

// How stale a site's config version may be when another instance published it.
constexpr Micros kConfigVersionTtl = kMicrosPerSecond;

// A config's staff as the core's type, for the rights rules (no hashes needed).
std::vector<core::Staff> StaffOf(const SiteConfig& config) {
    std::vector<core::Staff> out;
    if (!config.staff) return out;
    for (const auto& r : *config.staff) {
        core::Staff s;
        s.number = r.number;
        auto roles = core::ParseStaffRoles(r.roles);
        s.roles = roles.ok() ? roles.value() : core::StaffRoles{};
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

void Service::Forbidden(const std::string& site, const std::string& device, const std::string& role,
                        const std::string& staff, core::Right right) {
    ++counters_.forbidden[std::string(core::RightName(right))];
    // Numbers and fixed words only: the log is read by operators, never holds a payload.
    std::string line = "refused " + std::string(core::RightName(right)) + " to device " +
                       (device.empty() ? std::string("(admin token)") : device) + " (" + role + ", site " + site +
                       ")" + (staff.empty() ? std::string() : ", staff " + staff);
    if (log) log(line);
    else WriteLogLine(LogLevel::kWarning, line);
    Audit(site, core::MakeAuditRefused(core::Actor{std::string(core::kCentralDeviceId), 0, 1, ""}, clock_.NowUtcMicros(),
                                       staff, right, "config_publish"));
}

void Service::Audit(const std::string& site, const core::Event& event) {
    // The central's own audit entry, in the site's order like every event (docs/ROLES.md). A
    // store that cannot write it fails the request's own writes too; say so in the log.
    if (auto ok = store_.AppendCentralEvent(site, event.type, event.payload.dump(), event.at_us); !ok.ok()) {
        std::string line = "could not record an audit entry for site " + site + ": " + ok.error().message;
        if (log) log(line);
        else WriteLogLine(LogLevel::kWarning, line);
        return;
    }
    SiteChanged(site);
    if (on_ingest) on_ingest(site);
}

std::optional<Response> Service::CheckPublisher(const ConfigPublish& publish, const std::optional<SiteConfig>& current,
                                                const std::optional<DeviceRecord>& admin_device) {
    const std::string device = admin_device ? admin_device->device : "";
    const auto staff = current ? StaffOf(*current) : std::vector<core::Staff>{};
    const bool site_has_admin = std::any_of(staff.begin(), staff.end(), [](const core::Staff& s) {
        return s.roles.count(core::StaffRole::kAdministrator) > 0;
    });
    if (!publish.by_staff) {
        if (!admin_device || !site_has_admin) return std::nullopt;
        Forbidden(publish.site, device, "admin", "", core::Right::kPublishConfig);
        return Refuse(403, "forbidden", "Sign in at the admin terminal: the site's configuration is published by a "
                                        "staff member with the right publish_config.");
    }
    auto it = std::find_if(staff.begin(), staff.end(), [&](const core::Staff& s) { return s.number == *publish.by_staff; });
    const core::Staff* member = it == staff.end() ? nullptr : &*it;
    for (core::Right right : {core::Right::kPublishConfig, core::Right::kManageStaff}) {
        if (right == core::Right::kManageStaff && !publish.staff) continue;
        if (member && core::Grants(member->roles, right)) continue;
        Forbidden(publish.site, device, admin_device ? "admin" : "admin token", *publish.by_staff, right);
        return Refuse(403, "forbidden", "Staff number " + *publish.by_staff + " may not " +
                                            std::string(core::RightName(right)) + " at site \"" + publish.site + "\".");
    }
    return std::nullopt;
}

std::int64_t Service::SiteConfigVersion(const std::string& site) {
    Micros now = clock_.NowUtcMicros();
    auto cached = config_versions_.find(site);
    if (cached != config_versions_.end() && now - cached->second.second < kConfigVersionTtl)
        return cached->second.first;
    auto version = store_.ConfigVersion(site);
    // A store that cannot answer fails the request's own reads too; 0 never makes a terminal fetch.
    if (!version.ok()) return 0;
    config_versions_[site] = {version.value(), now};
    return version.value();
}

Outcome Service::FetchConfig(const Request& request) {
    auto device = Authenticate(request);
    if (!device.ok()) return Answer(RefuseError(device.error()));
    auto stored = store_.ReadConfig(device->site);
    if (!stored.ok()) return Answer(RefuseError(stored.error()));
    if (!stored.value())
        return Answer(Refuse(404, "not_found", "No configuration has been published for site \"" + device->site + "\"."));
    auto config = DecodeAs<SiteConfig>((*stored)->body);
    if (!ANL_ALWAYS(config.ok())) return Answer(Refuse(503, "unavailable", "The stored configuration cannot be read."));
    ++counters_.configs_fetched;
    // Kiosks and call displays never receive a staff record; desks do, to sign in offline.
    return Answer(JsonOk(Encode(config::FilterForRole(std::move(config.value()), device->role))));
}

Outcome Service::PublishConfig(const Request& request) {
    bool admin_token = IsAdmin(request);
    std::optional<DeviceRecord> admin_device;
    if (!admin_token) {
        auto device = Authenticate(request);
        if (!device.ok())
            return Answer(Refuse(401, "auth",
                                 "Publishing a configuration needs the admin token or the token of an enrolled admin device."));
        // A known device without the right: forbidden, not unknown (docs/ROLES.md).
        if (!core::DeviceRoleAllows(device->role, core::Right::kPublishConfig)) {
            Forbidden(device->site, device->device, std::string(RoleName(device->role)), "", core::Right::kPublishConfig);
            return Answer(Refuse(403, "forbidden", "A " + std::string(RoleName(device->role)) +
                                                       " terminal may not publish a configuration; use an admin terminal."));
        }
        admin_device = std::move(device.value());
    }
    auto publish = DecodeAs<ConfigPublish>(request.body);
    if (!publish.ok()) return Answer(RefuseError(publish.error()));
    if (admin_device && admin_device->site != publish->site)
        return Answer(Refuse(403, "site", "An admin device of site \"" + admin_device->site +
                                              "\" may not publish for site \"" + publish->site + "\"."));
    auto current = store_.ReadConfig(publish->site);
    if (!current.ok()) return Answer(RefuseError(current.error()));
    std::optional<SiteConfig> current_config;
    std::int64_t current_version = 0;
    if (current.value()) {
        auto decoded = DecodeAs<SiteConfig>((*current)->body);
        if (!ANL_ALWAYS(decoded.ok())) return Answer(Refuse(503, "unavailable", "The stored configuration cannot be read."));
        current_config = std::move(decoded.value());
        current_version = (*current)->version;
    }
    // Rights (docs/ROLES.md): the staff member who publishes, by the site's current staff list.
    // An admin terminal names one once that list has an administrator; the admin token is
    // the operator's and need not.
    if (auto refused = CheckPublisher(publish.value(), current_config, admin_device)) return Answer(std::move(*refused));
    Micros now = clock_.NowUtcMicros();
    SiteConfig next;
    if (publish->rollback_to) {
        // A rollback publishes a kept version's catalogue, translations and hours again as the
        // next version, so terminals move forward to it. The staff list stays the current one:
        // an old list would bring back removed colleagues and their old PINs.
        auto old = store_.ReadConfigVersion(publish->site, *publish->rollback_to);
        if (!old.ok()) return Answer(RefuseError(old.error()));
        if (!old.value() || *publish->rollback_to >= current_version)
            return Answer(Refuse(404, "not_found", "Site \"" + publish->site + "\" has no earlier configuration version " +
                                                       std::to_string(*publish->rollback_to) + "."));
        auto decoded = DecodeAs<SiteConfig>((*old)->body);
        if (!ANL_ALWAYS(decoded.ok())) return Answer(Refuse(503, "unavailable", "The stored configuration cannot be read."));
        next = std::move(decoded.value());
        next.staff = current_config ? current_config->staff : std::nullopt;
        next.version = current_version + 1;
        next.published_us = now;
    } else {
        next = config::Merge(current_config, publish.value(), current_version + 1, now);
    }
    // An administrator cannot lock out the last administrator.
    if (publish->staff && current_config && current_config->staff) {
        auto keeps = core::CheckKeepsAnAdministrator(StaffOf(*current_config), StaffOf(next));
        if (!keeps.ok()) {
            Forbidden(publish->site, admin_device ? admin_device->device : "", "admin", publish->by_staff.value_or(""),
                      core::Right::kManageStaff);
            return Answer(Refuse(403, "last_administrator", keeps.error().message));
        }
    }
    // The same loaders the terminal uses: what passes here, a terminal can apply.
    auto checked = config::Validate(next);
    if (!checked.ok()) return Answer(Refuse(422, "config", checked.error().message));
    std::string body = Encode(next);
    if (body.size() > kMaxBodyBytes)
        return Answer(Refuse(413, "too_large", "The configuration would be larger than " +
                                                   std::to_string(kMaxBodyBytes / (1024 * 1024)) +
                                                   " MiB; publish fewer or smaller files."));
    auto version = store_.StoreConfig(publish->site, current_version, body, now);
    if (!version.ok()) return Answer(RefuseError(version.error()));
    ++counters_.configs_published;
    config_versions_[publish->site] = {version.value(), now};
    Audit(publish->site, core::MakeAuditConfig(core::Actor{std::string(core::kCentralDeviceId), 0, 1,
                                                           publish->by_staff.value_or("")},
                                               now, publish->rollback_to ? "rolled_back" : "published", version.value()));
    // Wake the site's long-polls: their answer names the new version, so terminals fetch it now.
    SiteChanged(publish->site);
    if (on_ingest) on_ingest(publish->site);
    return Answer(JsonOk(Encode(ConfigPublished{publish->site, version.value()})));
}

Outcome Service::ConfigVersionList(const Request& request) {
    const std::string site = QueryText(request.target, "site").value_or("");
    if (!IsValidId(site)) return Answer(Refuse(400, "invalid", "Name the site: GET /v1/admin/config?site=S."));
    if (!IsAdmin(request)) {
        auto device = Authenticate(request);
        if (!device.ok())
            return Answer(Refuse(401, "auth", "The configuration versions need the admin token or the token of an enrolled admin device."));
        if (!core::DeviceRoleAllows(device->role, core::Right::kPublishConfig))
            return Answer(Refuse(403, "forbidden", "A " + std::string(RoleName(device->role)) +
                                                       " terminal may not read the configuration versions; use an admin terminal."));
        if (device->site != site)
            return Answer(Refuse(403, "site", "An admin device of site \"" + device->site +
                                                  "\" may not read the configuration versions of site \"" + site + "\"."));
    }
    auto stored = store_.ListConfigs(site);
    if (!stored.ok()) return Answer(RefuseError(stored.error()));
    ConfigVersions out;
    out.site = site;
    for (const StoredConfig& s : stored.value()) {
        auto config = DecodeAs<SiteConfig>(s.body);
        if (!ANL_ALWAYS(config.ok())) return Answer(Refuse(503, "unavailable", "The stored configuration cannot be read."));
        out.versions.push_back(ConfigVersionInfo{s.version, s.published_us, std::int64_t(config->catalogue.size()),
                                                 std::int64_t(config->translations.size()), !config->hours.empty(),
                                                 config->staff ? std::int64_t(config->staff->size()) : -1});
    }
    return Answer(JsonOk(Encode(out)));
}

}  // namespace anl::sync::central
