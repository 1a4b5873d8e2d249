// central service: configuration down (GET /v1/config, POST /v1/admin/config). See
// protocol.h section 5b and docs/SYNC.md "Configuration down".
#include "sync/central/http_plumbing.h"
#include "sync/central/service.h"
#include "sync/config/config.h"

namespace anl::sync::central {
namespace {

// How stale a site's config version may be when another instance published it.
constexpr Micros kConfigVersionTtl = kMicrosPerSecond;

}  // namespace

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
        if (!device.ok() || device->role != Role::kAdmin)
            return Answer(Refuse(401, "auth",
                                 "Publishing a configuration needs the admin token or the token of an enrolled admin device."));
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
    Micros now = clock_.NowUtcMicros();
    SiteConfig next = config::Merge(current_config, publish.value(), current_version + 1, now);
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
    // Wake the site's long-polls: their answer names the new version, so terminals fetch it now.
    if (on_ingest) on_ingest(publish->site);
    return Answer(JsonOk(Encode(ConfigPublished{publish->site, version.value()})));
}

}  // namespace anl::sync::central
