#include "kiosk/app/demo_site.h"

namespace anl::app {

Status SeedDemoSite(store::Store& store, FakeClock& clock, const catalogue::Catalogue& catalogue, int tickets,
                    const DemoStaff& staff) {
    if (!store.initialised()) {
        if (auto ok = store.Initialise(store::SiteSettings{}, catalogue, core::Device{"demo-1", "site-1", 0, Role::kKiosk}); !ok) {
            return ok;
        }
    }
    if (!staff.pin.empty()) {
        if (auto ok = store.AddStaff(staff.number, staff.name, staff.pin); !ok) return ok;
    }
    // Languages as a morning at a service centre might bring them.
    static const char* kLangs[] = {"ar", "ps", "uk", "fa-AF", "ti", "de", "tr", "so", "ru", "ckb", "fa", "ka", "kmr", "fr", "en", "ro"};
    std::vector<const catalogue::Service*> walk_in;
    for (const auto& s : catalogue.services) {
        if (!s.needs_appointment) walk_in.push_back(&s);
    }
    if (walk_in.empty()) return MakeError(ErrorCode::kInvalidInput, "The catalogue has no walk-in service.");
    for (int i = 0; i < tickets; ++i) {
        core::IssueTicket issue;
        // Most visitors come for the foreigners' authority; every office gets some.
        const catalogue::Service* s = walk_in[size_t((i * 7) % int(walk_in.size()))];
        if (i % 3 == 0) s = walk_in[size_t(i / 3) % std::min<size_t>(walk_in.size(), 8)];
        issue.service_id = s->id;
        issue.lang = kLangs[i % 16];
        issue.interpreter = i % 4 == 1;
        if (i % 9 == 4 && !catalogue.priority_classes.empty()) {
            issue.priority_class = catalogue.priority_classes[size_t(i / 9) % catalogue.priority_classes.size()].id;
        }
        if (auto r = store.Execute(issue); !r) return r.error();
        clock.Advance(90 * kMicrosPerSecond);
    }
    if (catalogue.offices.empty()) return {};
    // Calls: two finished at the first office, one transferred to the second office, one
    // at counter 1 in service, and calls at the other offices so the call display has lines.
    const std::string first = catalogue.offices[0].id;
    auto call = [&](const std::string& office, int counter) -> Result<std::string> {
        auto r = store.Execute(core::CallNext{office, counter}, staff.number);
        if (!r) return r.error();
        if (r->ticket_ids.empty()) return MakeError(ErrorCode::kNotFound, "Nobody is waiting.");
        return r->ticket_ids.front();
    };
    for (int round = 0; round < 2; ++round) {
        auto t = call(first, 2);
        if (!t) break;
        clock.Advance(2 * kMicrosPerMinute);
        (void)store.Execute(core::StartService{*t}, staff.number);
        clock.Advance(8 * kMicrosPerMinute);
        (void)store.Execute(core::FinishService{*t, "resolved"}, staff.number);
    }
    if (catalogue.offices.size() > 1) {
        if (auto t = call(first, 2)) {
            (void)store.Execute(core::StartService{*t}, staff.number);
            clock.Advance(6 * kMicrosPerMinute);
            std::string to;
            for (const auto& s : catalogue.services) {
                if (s.office_id == catalogue.offices[1].id && !s.needs_appointment) { to = s.id; break; }
            }
            (void)store.Execute(core::Transfer{*t, to, "Needs help with the AsylbLG application; papers checked."},
                                staff.number);
        }
        for (size_t o = 1; o < catalogue.offices.size(); ++o) {
            clock.Advance(kMicrosPerMinute);
            (void)call(catalogue.offices[o].id, int(2 * o + 1));
        }
    }
    clock.Advance(kMicrosPerMinute);
    if (auto t = call(first, 1)) (void)store.Execute(core::StartService{*t}, staff.number);
    clock.Advance(3 * kMicrosPerMinute);
    return {};
}

}  // namespace anl::app
