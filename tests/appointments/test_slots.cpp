// Appointment slots in the core: slot ids, cutting a day's slots from the hours (weekdays,
// holidays, summer time in Europe/Berlin), deciding bookings, and the order-independent fold.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "kiosk/core/core.h"

using namespace anl;
using namespace anl::core;

namespace {

constexpr const char* kZone = "Europe/Berlin";

catalogue::Catalogue TestCatalogue(const std::string& hours = "mon-fri 08:00-10:00") {
    catalogue::Catalogue c;
    c.version = 1;
    catalogue::Office office;
    office.id = "abh";
    office.ticket_prefix = 'A';
    c.offices.push_back(office);
    catalogue::Service appt;
    appt.id = "abh.appt";
    appt.office_id = "abh";
    appt.typical_minutes = 30;
    appt.needs_appointment = true;
    c.services.push_back(appt);
    catalogue::Service walk_in;
    walk_in.id = "abh.walk-in";
    walk_in.office_id = "abh";
    c.services.push_back(walk_in);
    c.office_hours["abh"] = catalogue::ParseOpeningHours(hours).value();
    c.service_slots["abh.appt"] = catalogue::SlotSettings{30, 2};
    c.holidays = {"2026-12-25"};
    return c;
}

Micros Utc(int y, int m, int d, int hh, int mm) {
    using namespace std::chrono;
    sys_days day{year_month_day{year(y), month(static_cast<unsigned>(m)), std::chrono::day(static_cast<unsigned>(d))}};
    return duration_cast<microseconds>(day.time_since_epoch()).count() + (hh * 60LL + mm) * kMicrosPerMinute;
}

Event Booked(const std::string& device, std::int64_t seq, const std::string& slot) {
    return Event{device, seq, "appointment.booked",
                 {{"appointment_id", device + "/" + std::to_string(seq)}, {"reference", "A-x"}, {"slot_id", slot},
                  {"service_id", "abh.appt"}, {"start_us", 1}, {"end_us", 2}, {"lang", "de"}},
                 10};
}
Event Refused(std::int64_t seq, const std::string& appointment) {
    return Event{std::string(kCentralDeviceId), seq, "appointment.refused",
                 {{"appointment_id", appointment}, {"slot_id", "s"}, {"reason", "not in escrow"}}, 20};
}

}  // namespace

TEST_CASE("opening hours parse into one period per weekday and refuse nonsense", "[appointments]") {
    auto week = catalogue::ParseOpeningHours("mon-fri 08:00-12:00");
    REQUIRE(week.ok());
    REQUIRE(week->size() == 5);
    CHECK(week->front().weekday == 1);
    CHECK(week->back().weekday == 5);
    CHECK(week->front().open_minute == 480);
    CHECK(week->front().close_minute == 720);
    auto two = catalogue::ParseOpeningHours("tue,thu 13:30-17:00");
    REQUIRE(two.ok());
    CHECK(two->size() == 2);
    CHECK_FALSE(catalogue::ParseOpeningHours("monday 08:00-12:00").ok());
    CHECK_FALSE(catalogue::ParseOpeningHours("mon 12:00-08:00").ok());
    CHECK_FALSE(catalogue::ParseOpeningHours("mon 8-12").ok());
    CHECK_FALSE(catalogue::ParseOpeningHours("fri-mon 08:00-09:00").ok());
}

TEST_CASE("a slot id names site, service, UTC start and seat, and reads back only in one spelling",
          "[appointments]") {
    std::string id = SlotId("site-1", "abh.appt", Utc(2026, 3, 30, 6, 0), 2);
    CHECK(id == "site-1/abh.appt/2026-03-30T06:00Z/2");
    auto slot = ParseSlotId(id);
    REQUIRE(slot.ok());
    CHECK(slot->site_id == "site-1");
    CHECK(slot->service_id == "abh.appt");
    CHECK(slot->start_us == Utc(2026, 3, 30, 6, 0));
    CHECK(slot->seat == 2);
    for (const char* bad : {"", "site-1/abh.appt/2026-03-30T06:00Z", "site-1/abh.appt/2026-03-30T06:00Z/0",
                            "site-1/abh.appt/2026-13-30T06:00Z/1", "site-1/abh.appt/2026-03-30T6:00Z/1",
                            "site-1/abh.appt/2026-03-30T06:00Z/01", "a/b/c/d/e"})
        CHECK_FALSE(ParseSlotId(bad).ok());
}

TEST_CASE("a day's slots follow the office hours, the slot length and the capacity", "[appointments]") {
    auto cat = TestCatalogue();
    // Monday 2026-11-30, winter time (UTC+1): 08:00-10:00 local, 30 minutes, 2 seats.
    auto slots = DeriveSlots(cat, "site-1", "abh.appt", "2026-11-30", kZone);
    REQUIRE(slots.ok());
    REQUIRE(slots->size() == 8);
    CHECK(slots->front().start_us == Utc(2026, 11, 30, 7, 0));
    CHECK(slots->front().end_us == Utc(2026, 11, 30, 7, 30));
    CHECK(slots->front().seat == 1);
    CHECK((*slots)[1].seat == 2);
    CHECK(slots->back().start_us == Utc(2026, 11, 30, 8, 30));
    CHECK(slots->back().end_us == Utc(2026, 11, 30, 9, 0));  // ends at closing, not after

    // Saturday: closed. A holiday (Friday 25 December): no slots.
    CHECK(DeriveSlots(cat, "site-1", "abh.appt", "2026-11-28", kZone)->empty());
    CHECK(DeriveSlots(cat, "site-1", "abh.appt", "2026-12-25", kZone)->empty());
    CHECK(DeriveSlots(cat, "site-1", "abh.appt", "2026-12-24", kZone)->size() == 8);

    // Errors a user can cause: a walk-in service, an unknown one, a bad day.
    CHECK(DeriveSlots(cat, "site-1", "abh.walk-in", "2026-11-30", kZone).error().code == ErrorCode::kInvalidInput);
    CHECK(DeriveSlots(cat, "site-1", "nope", "2026-11-30", kZone).error().code == ErrorCode::kNotFound);
    CHECK_FALSE(DeriveSlots(cat, "site-1", "abh.appt", "2026-02-30", kZone).ok());
    CHECK_FALSE(DeriveSlots(cat, "site-1", "abh.appt", "30.11.2026", kZone).ok());
}

TEST_CASE("summer time in Europe/Berlin moves the UTC start, never the local one", "[appointments]") {
    auto cat = TestCatalogue("mon-sun 08:00-10:00");
    // Saturday 28 March 2026 is winter time (UTC+1), Sunday 29 March summer time (UTC+2).
    auto before = DeriveSlots(cat, "site-1", "abh.appt", "2026-03-28", kZone);
    auto dst_day = DeriveSlots(cat, "site-1", "abh.appt", "2026-03-29", kZone);
    REQUIRE(before.ok());
    REQUIRE(dst_day.ok());
    CHECK(before->front().start_us == Utc(2026, 3, 28, 7, 0));
    CHECK(dst_day->front().start_us == Utc(2026, 3, 29, 6, 0));
    CHECK(dst_day->size() == before->size());
    CHECK(LocalDateTime(dst_day->front().start_us, kZone) == "2026-03-29 08:00");
    // And back on Sunday 25 October 2026.
    auto autumn = DeriveSlots(cat, "site-1", "abh.appt", "2026-10-25", kZone);
    REQUIRE(autumn.ok());
    CHECK(autumn->front().start_us == Utc(2026, 10, 25, 7, 0));
}

TEST_CASE("regression: a slot inside the skipped spring-forward hour is left out, not given twice",
          "[appointments]") {
    auto cat = TestCatalogue("sun 01:00-04:00");
    cat.service_slots["abh.appt"] = catalogue::SlotSettings{60, 1};
    auto slots = DeriveSlots(cat, "site-1", "abh.appt", "2026-03-29", kZone);
    REQUIRE(slots.ok());
    // 01:00 CET and 03:00 CEST exist; 02:00 does not.
    REQUIRE(slots->size() == 2);
    CHECK(slots->front().start_us == Utc(2026, 3, 29, 0, 0));
    CHECK((*slots)[1].start_us == Utc(2026, 3, 29, 1, 0));
    for (const auto& s : *slots) CHECK(s.end_us > s.start_us);
}

TEST_CASE("FindSlot knows only the slots the hours give, of its own site", "[appointments]") {
    auto cat = TestCatalogue();
    auto slots = DeriveSlots(cat, "site-1", "abh.appt", "2026-11-30", kZone).value();
    auto found = FindSlot(cat, "site-1", slots[3].id, kZone);
    REQUIRE(found.ok());
    CHECK(found->end_us == slots[3].end_us);
    CHECK(FindSlot(cat, "site-2", slots[3].id, kZone).error().code == ErrorCode::kRejected);
    // 07:15 local is between two slots; 3 seats do not exist; a Saturday is closed.
    CHECK(FindSlot(cat, "site-1", SlotId("site-1", "abh.appt", Utc(2026, 11, 30, 6, 15), 1), kZone).error().code ==
          ErrorCode::kNotFound);
    CHECK_FALSE(FindSlot(cat, "site-1", SlotId("site-1", "abh.appt", Utc(2026, 11, 30, 7, 0), 3), kZone).ok());
    CHECK_FALSE(FindSlot(cat, "site-1", SlotId("site-1", "abh.appt", Utc(2026, 11, 28, 7, 0), 1), kZone).ok());
}

TEST_CASE("a booking is decided only for a future slot without a standing booking", "[appointments]") {
    auto cat = TestCatalogue();
    QueueRules rules;
    State state;
    std::string slot = SlotId("site-1", "abh.appt", Utc(2026, 11, 30, 7, 0), 1);
    Actor kiosk{"kiosk-1", 1, 5, ""};
    Micros now = Utc(2026, 11, 29, 12, 0);
    auto e = DecideBooking(state, cat, "site-1", rules, kiosk, now, {slot, "ps"});
    REQUIRE(e.ok());
    CHECK(e->type == "appointment.booked");
    CHECK(e->seq == 5);
    CHECK(e->payload["reference"] == "A-1130-0800-1");
    CHECK(e->payload["lang"] == "ps");
    REQUIRE(ApplyEvent(state, *e).applied);
    CHECK(DecideBooking(state, cat, "site-1", rules, Actor{"kiosk-2", 2, 1, ""}, now, {slot, "de"}).error().code ==
          ErrorCode::kRejected);
    CHECK(DecideBooking(state, cat, "site-1", rules, kiosk, Utc(2026, 11, 30, 7, 0),
                        {SlotId("site-1", "abh.appt", Utc(2026, 11, 30, 7, 0), 2), "de"})
              .error()
              .code == ErrorCode::kRejected);  // has begun
    auto cancel = DecideCancel(state, Actor{"desk-1", 0, 1, ""}, now, "A-1130-0800-1");
    REQUIRE(cancel.ok());
    REQUIRE(ApplyEvent(state, *cancel).applied);
    CHECK(state.appointments.begin()->second.status == AppointmentStatus::kCancelled);
    CHECK(DecideBooking(state, cat, "site-1", rules, Actor{"kiosk-2", 2, 1, ""}, now, {slot, "de"}).ok());
    CHECK_FALSE(DecideCancel(state, Actor{"desk-1", 0, 2, ""}, now, "A-1130-0800-1").ok());
}

TEST_CASE("regression: two services of one office at the same time and seat got the same reference",
          "[appointments][reference]") {
    // Both services of the office take appointments at 08:00 with seat 1; before the fix both
    // bookings printed "A-1130-0800-1" and a check-in could not tell them apart.
    auto cat = TestCatalogue();
    catalogue::Service second;
    second.id = "abh.appt2";
    second.office_id = "abh";
    second.typical_minutes = 30;
    second.needs_appointment = true;
    cat.services.push_back(second);
    cat.service_slots["abh.appt2"] = catalogue::SlotSettings{30, 2};
    QueueRules rules;
    State state;
    const Micros now = Utc(2026, 11, 29, 12, 0);
    auto first = DecideBooking(state, cat, "site-1", rules, Actor{"kiosk-1", 1, 1, ""}, now,
                               {SlotId("site-1", "abh.appt", Utc(2026, 11, 30, 7, 0), 1), "de"});
    auto other = DecideBooking(state, cat, "site-1", rules, Actor{"kiosk-1", 1, 2, ""}, now,
                               {SlotId("site-1", "abh.appt2", Utc(2026, 11, 30, 7, 0), 1), "de"});
    REQUIRE(first.ok());
    REQUIRE(other.ok());
    const std::string a = first->payload["reference"], b = other->payload["reference"];
    CHECK(a == "A-1130-0800-1");   // the office's first appointment service reads as before
    CHECK(b == "A-1130-0800-B1");  // the second carries its letter
    CHECK(NormaliseReference(a) != NormaliseReference(b));
    // Both are short, typeable on the kiosk's pad and recognised as references by the scanner.
    CHECK(LooksLikeReference(a));
    CHECK(LooksLikeReference(b));
    CHECK(NormaliseReference(b).size() <= 12);
    // Every slot of both services over a day has its own reference.
    std::set<std::string> seen;
    std::int64_t seq = 10;
    for (const char* service : {"abh.appt", "abh.appt2"}) {
        auto day = DeriveSlots(cat, "site-1", service, "2026-11-30", kZone);
        REQUIRE(day.ok());
        for (const auto& slot : *day) {
            auto e = DecideBooking(state, cat, "site-1", rules, Actor{"kiosk-1", 1, seq++, ""}, now, {slot.id, "de"});
            REQUIRE(e.ok());
            CHECK(seen.insert(NormaliseReference(std::string(e->payload["reference"]))).second);
        }
    }
    CHECK(seen.size() == 16);
    // The letters skip I and O, and many services still get distinct letters.
    for (int i = 0; i < 30; ++i) {
        catalogue::Service more;
        more.id = "abh.more" + std::to_string(i);
        more.office_id = "abh";
        more.needs_appointment = true;
        cat.services.push_back(more);
    }
    std::set<std::string> letters;
    for (const auto& s : cat.services) {
        if (!s.needs_appointment) continue;
        std::string l = ReferenceServiceLetters(cat, s.id);
        CHECK(l.find_first_of("IO") == std::string::npos);
        CHECK(letters.insert(l).second);
    }
}

TEST_CASE("the appointment fold ends the same in any order, and honours refusals only from the central",
          "[appointments]") {
    std::vector<Event> events = {Booked("kiosk-1", 1, "s1"), Booked("kiosk-2", 1, "s1"), Refused(1, "kiosk-2/1"),
                                 Booked("kiosk-2", 2, "s2")};
    State in_order, refusal_first;
    for (const auto& e : events) ApplyEvent(in_order, e);
    for (std::size_t i : {2u, 0u, 3u, 1u}) ApplyEvent(refusal_first, events[i]);
    for (const State* s : {&in_order, &refusal_first}) {
        REQUIRE(s->appointments.size() == 3);
        CHECK(s->appointments.at("kiosk-1/1").status == AppointmentStatus::kBooked);
        CHECK(s->appointments.at("kiosk-2/1").status == AppointmentStatus::kRefused);
        CHECK(s->appointments.at("kiosk-2/1").refused_because == "not in escrow");
        CHECK(StandingBooking(*s, "s1")->id == "kiosk-1/1");
    }
    // A desk cannot forge the central's verdict.
    State forged;
    ApplyEvent(forged, Booked("kiosk-1", 1, "s1"));
    Event fake = Refused(1, "kiosk-1/1");
    fake.device_id = "desk-1";
    CHECK_FALSE(ApplyEvent(forged, fake).applied);
    CHECK(forged.appointments.at("kiosk-1/1").status == AppointmentStatus::kBooked);
    // The event types pass validation (they travel through sync).
    CHECK(EventFromJson(EventToJson(events[2])).ok());
}

TEST_CASE("the shipped catalogue gives appointment slots from its offices' hours", "[appointments]") {
    auto cat = catalogue::LoadCatalogue(ANL_SOURCE_DIR "/assets/catalogue");
    REQUIRE(cat.ok());
    // Tuesday 1 December 2026: 08:00-12:00 and 13:30-17:00 in 30-minute slots.
    auto tuesday = DeriveSlots(*cat, "site-1", "abh.settlement-permit", "2026-12-01", kZone);
    REQUIRE(tuesday.ok());
    CHECK(tuesday->size() == 8 + 7);
    CHECK(LocalDateTime(tuesday->back().start_us, kZone) == "2026-12-01 16:30");
    // Two visitors at a time for naturalisation information; none on Christmas Day.
    CHECK(DeriveSlots(*cat, "site-1", "abh.naturalisation-info", "2026-12-02", kZone)->size() == 16);
    CHECK(DeriveSlots(*cat, "site-1", "abh.settlement-permit", "2026-12-25", kZone)->empty());
}

TEST_CASE("regression: a misspelt appointment hour in the catalogue is refused with its file and line",
          "[appointments]") {
    auto dir = std::filesystem::temp_directory_path() / ("anl-hours-" + std::to_string(std::random_device{}()));
    std::filesystem::copy(ANL_SOURCE_DIR "/assets/catalogue", dir);
    {
        std::ifstream in(dir / "offices.toml");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto at = text.find("hours = [\"mon-fri 08:00-12:00\"");
        REQUIRE(at != std::string::npos);
        text.replace(at, 30, "hours = [\"mon-fri 8:00-12:00\"");
        std::ofstream(dir / "offices.toml") << text;
    }
    auto check = catalogue::CheckCatalogue(dir);
    std::filesystem::remove_all(dir);
    REQUIRE(check.problems.size() == 1);
    CHECK(check.problems[0].message.find("hours") != std::string::npos);
    CHECK(check.problems[0].file.find("offices.toml") != std::string::npos);
    CHECK(check.problems[0].line > 0);
}

TEST_CASE("day picker: the next 10 working days, each free, few or full", "[appointments][daypicker]") {
    auto cat = TestCatalogue("mon-fri 08:00-10:00");  // 4 start times x 2 seats = 8 slots a day
    cat.holidays = {"2026-12-25", "2026-12-28"};
    auto all = [](const Slot&) { return true; };
    // An ordinary day: Wednesday 2026-12-02, 07:00 local (06:00 UTC), before opening.
    auto ordinary = SlotDays(cat, "site-1", "abh.appt", Utc(2026, 12, 2, 6, 0), kZone, 10, all);
    REQUIRE(ordinary.ok());
    REQUIRE(ordinary->size() == 10);
    CHECK(ordinary->front().day == "2026-12-02");
    CHECK(ordinary->front().slots == 8);
    CHECK(ordinary->front().availability == DayAvailability::kFree);
    std::vector<std::string> days;
    for (const auto& d : *ordinary) days.push_back(d.day);
    // Weekends are no working days.
    CHECK(days == std::vector<std::string>{"2026-12-02", "2026-12-03", "2026-12-04", "2026-12-07", "2026-12-08",
                                           "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-14", "2026-12-15"});
    // Later the same morning only the slots ahead count: 08:45 local leaves 09:00 and 09:30.
    auto later = SlotDays(cat, "site-1", "abh.appt", Utc(2026, 12, 2, 7, 45), kZone, 1, all);
    REQUIRE(later.ok());
    CHECK(later->front().offered.size() == 4);
    CHECK(DayAvailabilityName(later->front().availability) == std::string("free"));

    // Holidays: Friday 25 December and Monday 28 December are skipped.
    auto christmas = SlotDays(cat, "site-1", "abh.appt", Utc(2026, 12, 24, 12, 0), kZone, 3, all);
    REQUIRE(christmas.ok());
    REQUIRE(christmas->size() == 3);
    CHECK(christmas->at(0).day == "2026-12-24");
    CHECK(christmas->at(0).availability == DayAvailability::kFull);  // its hours are over at 13:00
    CHECK(christmas->at(1).day == "2026-12-29");
    CHECK(christmas->at(2).day == "2026-12-30");

    // A fully booked day and a day with few: what this terminal can give decides.
    auto booked = [](const Slot& s) {
        const std::string local = LocalDateTime(s.start_us, kZone);
        if (local.starts_with("2026-12-03")) return false;                       // fully booked
        if (local.starts_with("2026-12-04")) return local.ends_with("09:30");    // 2 seats left
        return true;
    };
    auto picker = SlotDays(cat, "site-1", "abh.appt", Utc(2026, 12, 2, 6, 0), kZone, 3, booked);
    REQUIRE(picker.ok());
    CHECK(picker->at(0).availability == DayAvailability::kFree);
    CHECK(picker->at(1).availability == DayAvailability::kFull);
    CHECK(picker->at(1).offered.empty());
    CHECK(picker->at(2).availability == DayAvailability::kFew);
    CHECK(picker->at(2).offered.size() == 2);

    // Unknown service or a walk-in service: an error, not an empty picker.
    CHECK_FALSE(SlotDays(cat, "site-1", "nope", Utc(2026, 12, 2, 6, 0), kZone, 10, all).ok());
    CHECK_FALSE(SlotDays(cat, "site-1", "abh.walk-in", Utc(2026, 12, 2, 6, 0), kZone, 10, all).ok());
}

TEST_CASE("day picker: daylight-saving change days keep their local times and every slot", "[appointments][daypicker]") {
    auto cat = TestCatalogue("mon-sun 08:00-10:00");
    auto all = [](const Slot&) { return true; };
    for (const auto& [now, day] : {std::pair{Utc(2026, 3, 28, 20, 0), "2026-03-29"}, std::pair{Utc(2026, 10, 24, 20, 0), "2026-10-25"}}) {
        INFO(day);
        auto picker = SlotDays(cat, "site-1", "abh.appt", now, kZone, 2, all);
        REQUIRE(picker.ok());
        REQUIRE(picker->size() == 2);
        const SlotDay& change = picker->at(1);  // the Sunday of the clock change
        CHECK(change.day == day);
        CHECK(change.slots == 8);
        REQUIRE(change.offered.size() == 8);
        CHECK(LocalDateTime(change.offered.front().start_us, kZone) == std::string(day) + " 08:00");
        CHECK(LocalDateTime(change.offered.back().start_us, kZone) == std::string(day) + " 09:30");
        CHECK(change.availability == DayAvailability::kFree);
    }
}
