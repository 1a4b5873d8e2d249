// Checking in with a printed booking reference (core.h section 9, JudgeCheckIn/DecideCheckIn;
// Store::CheckInAppointment): early, on time at both edges of the window, late, unknown,
// cancelled and twice; the ticket's appointment priority; the arrival across a reopen; and the
// forged check-ins every receiver refuses (ValidateEvent).
#include <catch2/catch.hpp>

#include "../core/fixtures.h"
#include "../store/store_fixtures.h"

using namespace anl;
using namespace anl::core;

namespace {

// Thursday 2026-01-15 09:00 in Berlin (08:00 UTC).
constexpr Micros kNine = anl::test::kMorning;
constexpr Micros kMinute = kMicrosPerMinute;
constexpr Micros kTen = kNine + 60 * kMinute;  // the appointment's start, 10:00 local

catalogue::Catalogue WithHours() {
    auto c = anl::test::SmallCatalogue();
    c.office_hours["abh"] = catalogue::ParseOpeningHours("mon-fri 08:00-12:00").value();
    c.service_slots["abh.family-reunification"] = catalogue::SlotSettings{30, 1};
    return c;
}

// One terminal's core: books and checks in the way the store does, folding its own events.
struct Terminal {
    catalogue::Catalogue catalogue = WithHours();
    QueueRules rules;
    State state;
    Actor actor{"k1", 1, 1, ""};
    std::vector<Event> log;

    void Fold(const Event& e) {
        REQUIRE(ApplyEvent(state, e).applied);
        log.push_back(e);
        ++actor.next_seq;
    }
    Appointment Book(Micros start, Micros now = kNine - 24 * 60 * kMinute) {
        auto e = DecideBooking(state, catalogue, "site-1", rules, actor, now,
                               {SlotId("site-1", "abh.family-reunification", start, 1), "ps"});
        REQUIRE(e.ok());
        Fold(*e);
        return state.appointments.at(e->payload["appointment_id"].get<std::string>());
    }
    Result<std::vector<Event>> CheckIn(std::string_view reference, Micros now) {
        auto events = DecideCheckIn(state, catalogue, rules, actor, now, reference);
        if (events.ok())
            for (const auto& e : *events) Fold(e);
        return events;
    }
};

std::string ReasonOf(const Result<std::vector<Event>>& r) { return r.ok() ? std::string(kCheckInOnTime) : r.error().reason; }

}  // namespace

TEST_CASE("check-in: the window decides early, on time and late, at its edges", "[appointments][checkin]") {
    Terminal k;
    Appointment a = k.Book(kTen);
    REQUIRE(a.reference == "A-0115-1000-1");

    // 31 minutes before: early, told when to come back (30 minutes before the start).
    CheckInVerdict early = JudgeCheckIn(k.state, k.rules, a.reference, kTen - 31 * kMinute);
    CHECK(early.reason == kCheckInEarly);
    CHECK(early.come_back_from == kTen - 30 * kMinute);
    CHECK(ReasonOf(k.CheckIn(a.reference, kTen - 31 * kMinute)) == kCheckInEarly);
    // Late: 16 minutes after the start.
    CHECK(ReasonOf(k.CheckIn(a.reference, kTen + 16 * kMinute)) == kCheckInLate);
    CHECK(k.log.size() == 1);  // refusals decide nothing

    SECTION("the first on-time minute") { CHECK(ReasonOf(k.CheckIn("a 0115 1000 1", kTen - 30 * kMinute)) == kCheckInOnTime); }
    SECTION("the last on-time minute") { CHECK(ReasonOf(k.CheckIn("A-0115-1000-1", kTen + 15 * kMinute)) == kCheckInOnTime); }
    SECTION("a site's own window (QueueRules)") {
        k.rules.check_in_before = 60 * kMinute;
        CHECK(ReasonOf(k.CheckIn(a.reference, kTen - 31 * kMinute)) == kCheckInOnTime);
    }
    REQUIRE(k.log.size() == 2);
    const Event& issued = k.log.back();
    CHECK(issued.type == "ticket.issued");
    CHECK(issued.payload["appointment_id"] == a.id);
    CHECK(issued.payload["appointment_due_at"] == kTen);
    CHECK(issued.payload["lang"] == "ps");  // the language the visitor booked in
    CHECK(k.state.appointments.at(a.id).arrived_ticket == issued.payload["ticket_id"]);
}

TEST_CASE("check-in: unknown, cancelled and a second check-in are refused, each with its reason",
          "[appointments][checkin]") {
    Terminal k;
    Appointment a = k.Book(kTen);
    Appointment b = k.Book(kTen + 30 * kMinute);

    CHECK(ReasonOf(k.CheckIn("Z-0101-0800-1", kTen)) == kCheckInUnknown);
    CHECK(ReasonOf(k.CheckIn("", kTen)) == kCheckInUnknown);
    CHECK(ReasonOf(k.CheckIn("A-0115-1000-2", kTen)) == kCheckInUnknown);  // another seat

    auto cancelled = DecideCancel(k.state, k.actor, kNine, b.reference);
    REQUIRE(cancelled.ok());
    k.Fold(*cancelled);
    CHECK(ReasonOf(k.CheckIn(b.reference, kTen + 30 * kMinute)) == kCheckInCancelled);

    REQUIRE(ReasonOf(k.CheckIn(a.reference, kTen)) == kCheckInOnTime);
    const std::size_t events = k.log.size();
    auto twice = k.CheckIn(a.reference, kTen + kMinute);
    CHECK(ReasonOf(twice) == kCheckInArrived);
    CHECK(k.log.size() == events);  // no second ticket
    // An IssueTicket naming the appointment directly is held to the same rules.
    IssueTicket again{"abh.family-reunification", "de", "", false, kTen};
    again.appointment_id = a.id;
    auto direct = Decide(k.state, k.catalogue, k.rules, k.actor, kTen + kMinute, again);
    REQUIRE_FALSE(direct.ok());
    CHECK(direct.error().reason == kCheckInArrived);
}

TEST_CASE("check-in: the appointment is served before walk-ins who came earlier", "[appointments][checkin]") {
    Terminal k;
    Appointment a = k.Book(kTen);
    auto walk_in = Decide(k.state, k.catalogue, k.rules, k.actor, kTen - 20 * kMinute,
                          IssueTicket{"abh.permit-extension", "de", "", false, 0});
    REQUIRE(walk_in.ok());
    k.Fold(walk_in->front());
    auto checked = k.CheckIn(a.reference, kTen - 10 * kMinute);
    REQUIRE(checked.ok());
    auto queue = ListQueue(k.state, k.catalogue, k.rules, "abh", kTen - 5 * kMinute);
    REQUIRE(queue.size() == 2);
    CHECK(queue[0].ticket_id == checked->front().payload["ticket_id"]);
    CHECK(queue[0].appointment_due_at == kTen);
}

TEST_CASE("check-in: references are read in any spelling a pad or scanner gives", "[appointments][checkin]") {
    CHECK(NormaliseReference(" a-0115 1000-1\n") == "A011510001");
    CHECK(LooksLikeReference("A-0115-1000-1"));
    CHECK(LooksLikeReference("a011510001"));
    CHECK(LooksLikeReference("S-1231-0730-12"));
    CHECK_FALSE(LooksLikeReference("A-042"));       // a ticket number
    CHECK_FALSE(LooksLikeReference("hello world"));
    CHECK_FALSE(LooksLikeReference("1-0115-1000-1"));
}

TEST_CASE("check-in: forged check-ins are refused by every receiver (ValidateEvent)", "[appointments][checkin][validate]") {
    Terminal k;
    Appointment a = k.Book(kTen);
    Appointment b = k.Book(kTen + 30 * kMinute);
    // The receiver (the central) has folded the bookings.
    State central;
    for (const auto& e : k.log) ApplyEvent(central, e);
    std::set<std::string> staff;
    auto check = [&](const Event& e) {
        EventCheckContext cx{central, k.rules, &k.catalogue, &staff, 1, e.at_us, kMaxEventAge};
        auto r = ValidateEvent(cx, e);
        return r ? r->reason : std::string("accepted");
    };
    auto genuine = k.CheckIn(a.reference, kTen - 5 * kMinute);
    REQUIRE(genuine.ok());
    const Event good = genuine->front();

    Event unknown = good;
    unknown.payload["appointment_id"] = "k1/99";
    CHECK(check(unknown) == kEventCheckIn);
    Event wrong_time = good;
    wrong_time.payload["appointment_due_at"] = kTen + 30 * kMinute;
    CHECK(check(wrong_time) == kEventCheckIn);
    Event other_booking = good;  // b's id with a's time
    other_booking.payload["appointment_id"] = b.id;
    CHECK(check(other_booking) == kEventCheckIn);
    Event too_early = good;  // two hours before: outside the window
    too_early.at_us = kTen - 120 * kMinute;
    too_early.payload["arrival_at"] = too_early.at_us;
    CHECK(check(too_early) == kEventCheckIn);
    Event not_text = good;
    not_text.payload["appointment_id"] = 7;
    CHECK(check(not_text) == kEventMalformed);

    CHECK(check(good) == "accepted");
    ApplyEvent(central, good);
    // The same appointment checked in again (another kiosk, offline): refused, no second ticket.
    Event second = good;
    second.seq = good.seq + 1;
    second.payload["ticket_id"] = "k1/" + std::to_string(second.seq);
    second.payload["visit_id"] = "visit:k1/" + std::to_string(second.seq);
    second.payload["number"] = 102;
    second.payload["display"] = "A-102";
    CHECK(check(second) == kEventCheckIn);

    // A cancelled appointment cannot be checked in by a forged event either.
    auto cancel = DecideCancel(central, Actor{"d1", 5, 1, ""}, kNine, b.reference);
    REQUIRE(cancel.ok());
    ApplyEvent(central, *cancel);
    Event cancelled = second;
    cancelled.payload["appointment_id"] = b.id;
    cancelled.payload["appointment_due_at"] = b.start_us;
    CHECK(check(cancelled) == kEventCheckIn);
}

TEST_CASE("check-in at the store: one ticket, the arrival kept across a reopen", "[appointments][checkin][store]") {
    anl::test::TempDir dir;
    FakeClock clock(kNine - 24 * 60 * kMinute);
    const auto start = kTen;
    const std::string slot = SlotId("site-1", "abh.family-reunification", start, 1);
    std::string reference;
    {
        auto kiosk = anl::test::OpenStore(dir / "k.db", clock);
        REQUIRE(kiosk->Initialise(store::SiteSettings{}, WithHours(), Device{"kiosk-1", "site-1", 1, anl::Role::kKiosk}).ok());
        REQUIRE(kiosk->ReplaceEscrow({{slot, "abh.family-reunification", start, start + 30 * kMinute,
                                        start}}).ok());
        auto booked = kiosk->BookAppointment({slot, "ar"});
        REQUIRE(booked.ok());
        reference = booked->reference;

        clock.Set(start - 45 * kMinute);
        auto early = kiosk->CheckInAppointment(reference);
        REQUIRE(early.ok());
        CHECK(early->verdict.reason == kCheckInEarly);
        CHECK(early->ticket_id.empty());
        CHECK(*kiosk->PendingCount() == 1);

        clock.Set(start - 10 * kMinute);
        auto on_time = kiosk->CheckInAppointment(reference);
        REQUIRE(on_time.ok());
        REQUIRE(on_time->verdict.reason == kCheckInOnTime);
        REQUIRE_FALSE(on_time->ticket_id.empty());
        CHECK(kiosk->state().FindVisit(kiosk->state().FindTicket(on_time->ticket_id)->visit_id)->appointment_due_at == start);
        CHECK(*kiosk->PendingCount() == 2);
    }
    auto reopened = anl::test::OpenStore(dir / "k.db", clock);
    auto twice = reopened->CheckInAppointment(reference);
    REQUIRE(twice.ok());
    CHECK(twice->verdict.reason == kCheckInArrived);
    CHECK(*reopened->PendingCount() == 2);
    REQUIRE(reopened->Appointments().size() == 1);
    CHECK_FALSE(reopened->Appointments()[0].arrived_ticket.empty());
    CHECK(reopened->CheckInAppointment("Z-0000-0000-1")->verdict.reason == kCheckInUnknown);
}
