#include "kiosk/app/demo_site.h"

#include <set>

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

void AddDemoAppointments(ui::QueueSnapshot& snapshot, const catalogue::Catalogue& catalogue, Micros now) {
    static const char* kLangs[] = {"ar", "uk", "ps", "de", "ti", "fa", "tr", "so"};
    const std::string site = "site-1";
    const std::string zone = snapshot.time_zone.empty() ? "Europe/Berlin" : snapshot.time_zone;
    int n = 0;
    size_t arrived = 0;
    std::set<std::pair<std::string, Micros>> taken;  // (office, start): one booking per time and office in the demo
    core::Appointment first_cm;
    for (const auto& service : catalogue.services) {
        if (!service.needs_appointment) continue;
        const catalogue::Office* office = catalogue.FindOffice(service.office_id);
        for (int day = 0; day < 8; ++day) {
            auto slots = core::DeriveSlots(catalogue, site, service.id, core::LocalDayAfter(now, day, zone), zone);
            if (!slots.ok()) continue;
            int booked_today = 0;
            for (const core::Slot& slot : *slots) {
                if (slot.start_us <= now - 30 * kMicrosPerMinute) continue;
                // Today: every third slot is booked (the first one from half an hour ago, so it
                // has arrived); the days after: the escrow this desk may give out.
                if (day == 0 && booked_today < 3 && (slot.start_us < now + 30 * kMicrosPerMinute || n % 3 == 0) &&
                    taken.insert({service.office_id, slot.start_us}).second) {
                    core::Appointment a;
                    a.id = "demo-1/" + std::to_string(1000 + n);
                    const std::string local = core::LocalDateTime(slot.start_us, zone);  // "2026-01-05 09:00"
                    a.reference = std::string(1, office ? office->ticket_prefix : 'A') + "-" + local.substr(5, 2) +
                                  local.substr(8, 2) + "-" + local.substr(11, 2) + local.substr(14, 2) + "-" +
                                  std::to_string(slot.seat);
                    a.slot_id = slot.id;
                    a.service_id = service.id;
                    a.start_us = slot.start_us;
                    a.end_us = slot.end_us;
                    a.lang = kLangs[n % 8];
                    a.booked_by = "demo-1";
                    a.booked_at = now - 3 * 24 * 3600 * kMicrosPerSecond;
                    if (slot.start_us < now && arrived < snapshot.queue.size()) {
                        a.arrived_ticket = snapshot.queue[arrived++].ticket_id;
                        a.arrived_at = now - 35 * kMicrosPerMinute;
                    }
                    snapshot.state.appointments[a.id] = a;
                    ++booked_today;
                } else if (day > 0 || slot.start_us > now) {
                    snapshot.escrow.push_back(slot);
                }
                ++n;
            }
        }
        if (service.id == catalogue.case_management.service_id) {
            for (const auto& [id, a] : snapshot.state.appointments)
                if (a.service_id == service.id) first_cm = a;
        }
    }
    const auto& reasons = catalogue.case_management.reasons;
    if (catalogue.case_management.service_id.empty() || reasons.empty() || catalogue.offices.empty()) return;
    const std::string from_office = catalogue.offices.front().id;
    core::Handoff named;
    named.id = "desk-2/41";
    named.display = std::string(1, catalogue.offices.front().ticket_prefix) + "-007";
    named.office_id = from_office;
    named.reason = reasons.front();
    named.to_service_id = catalogue.case_management.service_id;
    named.appointment_id = first_cm.id;
    named.consent = true;
    named.name = "Amina K.";
    named.given_by = "desk-2";
    named.at_us = now - 50 * kMicrosPerMinute;
    snapshot.state.handoffs[named.id] = named;
    core::Handoff anonymous = named;
    anonymous.id = "desk-3/12";
    anonymous.display = std::string(1, catalogue.offices.back().ticket_prefix) + "-015";
    anonymous.office_id = catalogue.offices.back().id;
    anonymous.reason = reasons.back();
    anonymous.appointment_id.clear();
    anonymous.consent = false;
    anonymous.name.clear();
    anonymous.at_us = now - 20 * kMicrosPerMinute;
    snapshot.state.handoffs[anonymous.id] = anonymous;
}

}  // namespace anl::app
