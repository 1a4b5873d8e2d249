// central service: validating a push against the site's order (core::ValidateEvent, core.h
// section 10; docs/SYNC.md "What the central refuses"). The rules live in kiosk/core; this
// file only feeds them the central's facts: the site's events folded in central order, the
// sender's slot, the site's catalogue and staff numbers, and the clock.
#include "sync/central/service.h"
#include "sync/config/config.h"

namespace anl::sync::central {
namespace {

// The site's order is read back in pages of this many events.
constexpr int kCatchUpPage = 4096;

// The wire event as the core's (the payload was checked to be a JSON object on entry).
core::Event ToCore(const Event& e) {
    return core::Event{e.device, e.seq, e.type, nlohmann::json::parse(e.payload, nullptr, false), e.at_us};
}

}  // namespace

Result<SiteView*> Service::CatchUp(const std::string& site) {
    SiteView& view = site_views_[site];
    for (;;) {
        auto page = store_.ReadAfter(site, view.cursor, kCatchUpPage);
        if (!page.ok()) {
            site_views_.erase(site);
            return page.error();
        }
        for (const StoredEvent& stored : page.value()) {
            view.cursor = stored.order;
            if (view.ahead.erase({stored.event.device, stored.event.seq})) continue;  // folded at validation
            core::ApplyEvent(view.state, ToCore(stored.event));
        }
        if (page->size() < static_cast<std::size_t>(kCatchUpPage)) break;
    }
    // The site's own catalogue and staff, once per published version.
    std::int64_t version = SiteConfigVersion(site);
    if (version != view.config_version) {
        view.catalogue.reset();
        view.staff.reset();
        view.staff_roles.reset();
        auto stored = version > 0 ? store_.ReadConfig(site) : Result<std::optional<StoredConfig>>(std::nullopt);
        if (stored.ok() && stored.value()) {
            auto config = DecodeAs<SiteConfig>((*stored)->body);
            if (config.ok()) {
                if (config->staff) {
                    view.staff.emplace();
                    view.staff_roles.emplace();
                    for (const auto& r : *config->staff) {
                        view.staff->insert(r.number);
                        auto roles = core::ParseStaffRoles(r.roles);  // checked by the protocol's decoder
                        (*view.staff_roles)[r.number] = roles.ok() ? roles.value() : core::StaffRoles{};
                    }
                }
                if (!config->catalogue.empty()) {
                    auto checked = config::Validate(config.value());  // validated at publication; parsed here
                    if (checked.ok() && checked->catalogue) view.catalogue = std::move(checked->catalogue);
                }
            }
        }
        view.config_version = version;
    }
    return &view;
}

Result<Rejections> Service::ValidatePush(const DeviceRecord& device, const std::vector<Event>& events) {
    Rejections rejected;
    auto view = CatchUp(device.site);
    if (!view.ok()) return view.error();
    SiteView& v = *view.value();
    const catalogue::Catalogue* site_catalogue = v.catalogue ? &*v.catalogue : catalogue;
    const Micros now = clock_.NowUtcMicros();
    // Only the contiguous new part: duplicates were checked when first pushed, and anything
    // after a gap is refused by the store (and pushed again later).
    std::int64_t expected = device.acked_seq + 1;
    for (const Event& e : events) {
        if (e.seq < expected) continue;
        if (e.seq > expected) break;
        ++expected;
        core::Event event = ToCore(e);
        core::EventCheckContext cx{v.state, rules, site_catalogue, v.staff ? &*v.staff : nullptr,
                                   device.slot >= 0 ? std::optional<int>(device.slot) : std::nullopt, now,
                                   core::kMaxEventAge};
        cx.staff_roles = v.staff_roles ? &*v.staff_roles : nullptr;  // rights (docs/ROLES.md): "forbidden"
        if (auto refusal = core::ValidateEvent(cx, event)) {
            rejected[e.seq] = RefusedEvent{e.seq, refusal->reason, refusal->message.substr(0, kMaxRejectMessageLength)};
            continue;
        }
        core::ApplyEvent(v.state, event);
        v.ahead.insert({e.device, e.seq});
    }
    return rejected;
}

}  // namespace anl::sync::central
