// central service: the key figures of a period (GET /v1/reports; kiosk/figures), folded from
// the sites' ordered event logs. For administrators only: the admin token may ask for any site
// or all of them; an enrolled admin terminal's token only for its own site.
#include <algorithm>

#include "kiosk/figures/figures.h"
#include "sync/central/http_plumbing.h"
#include "sync/central/service.h"

namespace anl::sync::central {

Outcome Service::Reports(const Request& request) {
    std::optional<std::string> own_site;  // an admin device's site; nullopt: the admin token
    if (!IsAdmin(request)) {
        auto device = Authenticate(request);
        if (!device.ok()) return Answer(RefuseError(device.error()));
        if (device->role != Role::kAdmin)
            return Answer(Refuse(403, "role", "Reports are for administrators: use an admin terminal or the admin token."));
        own_site = device->site;
    }
    figures::Query query;
    query.from_day = QueryText(request.target, "from").value_or("");
    query.to_day = QueryText(request.target, "to").value_or("");
    query.site_id = QueryText(request.target, "site").value_or("");
    query.office_id = QueryText(request.target, "office").value_or("");
    if (auto valid = figures::ValidateQuery(query); !valid.ok()) return Answer(RefuseError(valid.error()));
    if (own_site) {
        if (!query.site_id.empty() && query.site_id != *own_site)
            return Answer(Refuse(403, "site", "An admin device of site \"" + *own_site +
                                                  "\" may not read the figures of another site."));
        query.site_id = *own_site;
    }
    // The sites: the one asked for, or every site a device is registered for.
    std::vector<std::string> sites;
    if (!query.site_id.empty()) {
        sites.push_back(query.site_id);
    } else {
        auto devices = store_.ListDevices();
        if (!devices.ok()) return Answer(RefuseError(devices.error()));
        for (const auto& d : *devices)
            if (std::find(sites.begin(), sites.end(), d.site) == sites.end()) sites.push_back(d.site);
        std::sort(sites.begin(), sites.end());
    }
    const auto service_office = catalogue ? figures::ServiceOffices(*catalogue) : std::map<std::string, std::string>{};
    figures::Collector collector(query);
    for (const auto& site : sites) {
        // The site's kept fold, caught up with its order: each event is parsed and folded once
        // over the central's life, so a year's report costs its summary, not a year's fold.
        FiguresFold& kept = figures_folds_[site];
        if (!kept.fold || kept.fold->time_zone() != rules.time_zone) {
            auto begun = figures::SiteFold::Begin(site, rules.time_zone);
            if (!begun.ok()) return Answer(RefuseError(begun.error()));
            kept = FiguresFold{std::move(begun).value(), 0};
        }
        auto fed = ForEachSiteEvent(store_, site, kept.cursor, [&](const StoredEvent& stored) -> Status {
            const Event& e = stored.event;
            kept.fold->Add(core::Event{e.device, e.seq, e.type, nlohmann::json::parse(e.payload, nullptr, false), e.at_us});
            kept.cursor = stored.order;
            return {};
        });
        if (!fed.ok()) return Answer(RefuseError(fed.error()));
        collector.AddSite(*kept.fold, service_office);
    }
    ++counters_.reports;
    return Answer(JsonOk(figures::ReportToJson(collector.Finish()).dump(-1, ' ', false,
                                                                       nlohmann::json::error_handler_t::replace)));
}

}  // namespace anl::sync::central
