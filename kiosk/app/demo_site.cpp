#include "kiosk/app/demo_site.h"

#include <algorithm>
#include <set>

#include "kiosk/figures/figures.h"

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

Status SeedDemoWeek(store::Store& store, FakeClock& clock, const catalogue::Catalogue& catalogue, int days) {
    if (!store.initialised()) {
        if (auto ok = store.Initialise(store::SiteSettings{}, catalogue, core::Device{"demo-1", "site-1", 0, Role::kKiosk}); !ok)
            return ok;
    }
    if (catalogue.offices.empty()) return {};
    static const char* kLangs[] = {"ar", "ps", "uk", "ar", "fa-AF", "ti", "de", "tr", "ar", "so", "ru", "uk", "fa"};
    std::vector<const catalogue::Service*> walk_in;
    const catalogue::Service* booked_service = nullptr;
    for (const auto& s : catalogue.services) {
        if (!s.needs_appointment) walk_in.push_back(&s);
        else if (booked_service == nullptr) booked_service = &s;
    }
    if (walk_in.empty()) return MakeError(ErrorCode::kInvalidInput, "The catalogue has no walk-in service.");
    const std::string zone = store.site().rules.time_zone;
    const Micros end = clock.NowUtcMicros();
    // Counters: two at the first office, one at each other office.
    struct Desk {
        std::string office;
        int counter;
        std::string ticket;
        Micros free_at = 0;
        int step = 0;  // 0 idle, 1 called, 2 in service
    };
    unsigned dice = 12345;  // a fixed sequence: the gallery's pictures never change
    auto roll = [&dice] {
        dice = dice * 1103515245u + 12345u;
        return double((dice >> 8) % 1000) / 1000.0;
    };
    for (int d = days; d >= 1; --d) {
        // 08:00 local on the day `d` days before the clock's: the clock's local day minus d, at
        // the same offset from its 08:00 as the demo morning (whole hours in a week without a
        // daylight-saving change; a changed offset only shifts the seeded day by an hour).
        const Micros day_start = end - Micros(d) * 24 * 3600 * kMicrosPerSecond;
        const std::string day = core::LocalServiceDay(day_start, zone);
        const Micros eight = day_start - (day_start % (3600 * kMicrosPerSecond)) -
                             Micros(std::stoi(core::LocalDateTime(day_start, zone).substr(11, 2)) - 8) * 3600 * kMicrosPerSecond;
        const int weekday = figures::WeekdayOf(day);
        if (weekday >= 5) continue;  // the centre is closed at weekends
        const int visits = (weekday == 0 ? 92 : 70) + int(roll() * 16);
        std::vector<Micros> arrivals;
        for (int i = 0; i < visits; ++i) {
            // More in the morning: two thirds before 11:00.
            const double r = roll();
            const double hours = r < 0.66 ? roll() * 3 : 3 + roll() * 4;
            arrivals.push_back(eight + Micros(hours * 60) * kMicrosPerMinute);
        }
        std::sort(arrivals.begin(), arrivals.end());
        // Three appointments of the day, booked the evening before, checked in on time.
        std::vector<std::pair<Micros, std::string>> check_ins;
        if (booked_service != nullptr) {
            auto slots = core::DeriveSlots(catalogue, store.site().site_id, booked_service->id, day, zone);
            if (slots.ok() && slots->size() >= 3) {
                clock.Set(eight - 12 * 3600 * kMicrosPerSecond);
                for (size_t i : {size_t(0), slots->size() / 2, slots->size() - 1}) {
                    const core::Slot& slot = (*slots)[i];
                    if (auto ok = store.AddToEscrow({slot.id, slot.service_id, slot.start_us, slot.end_us, slot.end_us}); !ok)
                        return ok;
                    auto booking = store.BookAppointment(core::BookAppointment{slot.id, kLangs[i % 13]});
                    if (!booking) return booking.error();
                    check_ins.push_back({slot.start_us - 10 * kMicrosPerMinute, booking->reference});
                }
            }
        }
        std::vector<Desk> desks = {{catalogue.offices[0].id, 1, "", 0, 0}, {catalogue.offices[0].id, 2, "", 0, 0}};
        for (size_t o = 1; o < catalogue.offices.size(); ++o) desks.push_back({catalogue.offices[o].id, 1, "", 0, 0});
        size_t next = 0, next_check_in = 0;
        for (Micros now = eight; now < eight + 12 * 3600 * kMicrosPerSecond; now += kMicrosPerMinute) {
            clock.Set(now);
            while (next < arrivals.size() && arrivals[next] <= now) {
                core::IssueTicket issue;
                issue.service_id = walk_in[size_t(roll() * double(walk_in.size())) % walk_in.size()]->id;
                if (roll() < 0.45) issue.service_id = walk_in.front()->id;  // most come for the first office
                issue.lang = kLangs[next % 13];
                issue.interpreter = issue.lang != "de" && roll() < 0.3;
                if (auto r = store.Execute(issue); !r) return r.error();
                ++next;
            }
            while (next_check_in < check_ins.size() && check_ins[next_check_in].first <= now) {
                if (auto r = store.CheckInAppointment(check_ins[next_check_in].second); !r) return r.error();
                ++next_check_in;
            }
            for (Desk& desk : desks) {
                if (desk.step != 0 && now < desk.free_at) continue;
                if (desk.step == 1) {
                    if (roll() < 0.05) {
                        (void)store.Execute(core::Recall{desk.ticket});
                        (void)store.Execute(core::MarkNoShow{desk.ticket});
                        desk.step = 0;
                    } else {
                        (void)store.Execute(core::StartService{desk.ticket});
                        desk.step = 2;
                        desk.free_at = now + Micros(5 + roll() * 20) * kMicrosPerMinute;
                        continue;
                    }
                }
                if (desk.step == 2) {
                    (void)store.Execute(core::FinishService{desk.ticket, "resolved"});
                    desk.step = 0;
                }
                auto called = store.Execute(core::CallNext{desk.office, desk.counter});
                if (!called.ok() || called->ticket_ids.empty()) continue;
                desk.ticket = called->ticket_ids.front();
                desk.step = 1;
                desk.free_at = now + Micros(1 + roll() * 2) * kMicrosPerMinute;
            }
        }
        // Closing time (20:00 at the latest): the last visitors are served to the end.
        for (Desk& desk : desks) {
            if (desk.step == 1) (void)store.Execute(core::StartService{desk.ticket});
            if (desk.step != 0) (void)store.Execute(core::FinishService{desk.ticket, "resolved"});
            desk.step = 0;
        }
    }
    clock.Set(end);
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
