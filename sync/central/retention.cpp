// central: retention per site (central_store.h "retention per site"; docs/DATA-PROTECTION.md).
// Each site keeps personal fields as long as its published catalogue says ([retention] days);
// the daily run (Service::RunRetentionIfDue) and `anlaufstelle-ctl retention run
// --central-store` use these. No SQL here: the stores' ReadAfter and EraseEvents do it.
#include <algorithm>

#include "kiosk/core/core.h"
#include "sync/central/central_store.h"
#include "sync/config/config.h"

namespace anl::sync::central {

Result<std::vector<std::string>> KnownSites(CentralStore& store) {
    auto devices = store.ListDevices();
    if (!devices.ok()) return devices.error();
    std::vector<std::string> sites;
    for (const auto& d : *devices)
        if (std::find(sites.begin(), sites.end(), d.site) == sites.end()) sites.push_back(d.site);
    std::sort(sites.begin(), sites.end());
    return sites;
}

Result<int> SiteRetentionDays(CentralStore& store, const std::string& site, int fallback_days) {
    auto stored = store.ReadConfig(site);
    if (!stored.ok()) return stored.error();
    if (!stored.value()) return fallback_days;
    auto config = DecodeAs<SiteConfig>((*stored)->body);
    if (!config.ok() || config->catalogue.empty()) return fallback_days;
    auto checked = config::Validate(config.value());  // validated at publication; parsed here
    if (!checked.ok() || !checked->catalogue) return fallback_days;
    return checked->catalogue->retention.days;
}

Result<RetentionPurge> PurgeSitePersonalData(CentralStore& store, const std::string& site, Micros older_than,
                                             bool dry_run) {
    std::vector<std::pair<std::string, std::int64_t>> keys;
    RetentionPurge counted;
    auto read = ForEachSiteEvent(store, site, 0, [&](const StoredEvent& stored) -> Status {
        const Event& e = stored.event;
        if (e.at_us >= older_than || (e.type != "ticket.transferred" && e.type != "handoff.given")) return {};
        if (PurgedPayload(e.type, e.payload, counted)) keys.emplace_back(e.device, e.seq);
        return {};
    });
    if (!read.ok()) return read.error();
    if (dry_run || keys.empty()) return counted;
    return store.EraseEvents(site, keys);
}

}  // namespace anl::sync::central
