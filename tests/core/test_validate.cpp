// ValidateEvent (core.h section 10): one forged event per rule, each refused with its reason,
// and the genuine events of a kiosk and a desk accepted.
#include <catch2/catch.hpp>

#include <functional>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::kMorning;
using anl::test::SmallCatalogue;
using anl::test::TestDevice;

namespace {

struct Site {
    catalogue::Catalogue catalogue = SmallCatalogue();
    QueueRules rules;
    std::set<std::string> staff = {"1042"};
    State state;  // the receiver's state: what it folded so far

    std::optional<EventRefusal> Check(const Event& e, std::optional<int> slot, Micros now = kMorning) {
        EventCheckContext cx{state, rules, &catalogue, &staff, slot, now, kMaxEventAge};
        return ValidateEvent(cx, e);
    }
    // Validates and, when accepted, folds: the way the central ingests a push.
    std::optional<EventRefusal> Take(const Event& e, std::optional<int> slot, Micros now = kMorning) {
        auto refused = Check(e, slot, now);
        if (!refused) ApplyEvent(state, e);
        return refused;
    }
};

// A genuine ticket.issued of kiosk "k1" (slot 1), then `forge` changes it.
Event Forged(TestDevice& kiosk, const std::function<void(Event&)>& forge) {
    auto events = kiosk.Do(IssueTicket{"abh.permit-extension", "de", "", false, 0}, kMorning);
    REQUIRE(events.ok());
    Event e = events->front();
    forge(e);
    return e;
}

std::string ReasonOf(const std::optional<EventRefusal>& r) { return r ? r->reason : std::string("accepted"); }

}  // namespace

TEST_CASE("validate: genuine events of a kiosk and a desk are accepted", "[validate]") {
    Site site;
    TestDevice kiosk("k1", 1, site.catalogue);
    TestDevice desk("d1", 5, site.catalogue);
    auto issued = kiosk.Do(IssueTicket{"abh.permit-extension", "ps", "children", true, 0}, kMorning);
    REQUIRE(issued.ok());
    for (const auto& e : *issued) CHECK(ReasonOf(site.Take(e, 1)) == "accepted");
    desk.state = site.state;
    const std::string id = issued->front().payload["ticket_id"];
    for (const Command& c : std::vector<Command>{CallTicket{id, 3}, StartService{id},
                                                  Transfer{id, "fsa.counselling", "bring the letter\nplease"}}) {
        auto events = desk.Do(c, kMorning + kMicrosPerMinute);
        REQUIRE(events.ok());
        for (const auto& e : *events) CHECK(ReasonOf(site.Take(e, 5, kMorning + kMicrosPerMinute)) == "accepted");
    }
}

TEST_CASE("validate: the done-when forgery: a number outside the block, arrival in 1970", "[validate]") {
    Site site;
    TestDevice kiosk("k1", 1, site.catalogue);
    Event e = Forged(kiosk, [](Event& f) {
        f.payload["number"] = 1;  // slot 0's block: slot 1 owns 101..199, 1101..1199 ...
        f.payload["display"] = "A-001";
        f.payload["arrival_at"] = 1;
    });
    CHECK(ReasonOf(site.Check(e, 1)) == kEventNumber);
}

TEST_CASE("validate: one forged event per rule", "[validate]") {
    Site site;
    TestDevice kiosk("k1", 1, site.catalogue);
    TestDevice desk("d1", 5, site.catalogue);
    // A genuine ticket already in the order, for the rules that need one.
    auto first = kiosk.Do(IssueTicket{"abh.permit-extension", "de", "", false, 0}, kMorning);
    REQUIRE(first.ok());
    REQUIRE_FALSE(site.Take(first->front(), 1));
    const std::string ticket = first->front().payload["ticket_id"];
    desk.state = site.state;

    SECTION("number: outside the sender's slot") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) {
                  f.payload["number"] = 201;
                  f.payload["display"] = "A-201";
              }), 1)) == kEventNumber);
    }
    SECTION("number: 100 is no ticket number") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) {
                  f.payload["number"] = 100;
                  f.payload["display"] = "A-100";
              }), 1)) == kEventNumber);
    }
    SECTION("number: display code does not match prefix and number") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["display"] = "A-199"; }), 1)) == kEventNumber);
    }
    SECTION("number: prefix not the office's") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) {
                  f.payload["prefix"] = "S";
                  f.payload["display"] = "S-102";
              }), 1)) == kEventNumber);
    }
    SECTION("duplicate: a number issued already that day") {
        Event again = Forged(kiosk, [&](Event& f) {
            f.payload["number"] = first->front().payload["number"];
            f.payload["display"] = first->front().payload["display"];
        });
        CHECK(ReasonOf(site.Check(again, 1)) == kEventDuplicate);
    }
    SECTION("time: arrival_at far from the event's time") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["arrival_at"] = 1; }), 1)) == kEventTime);
    }
    SECTION("time: an event dated 1970") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.at_us = 1; }), 1)) == kEventTime);
    }
    SECTION("time: an event from the future") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.at_us += 3600 * kMicrosPerSecond; }), 1)) ==
              kEventTime);
    }
    SECTION("time: older than the central's max age") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event&) {}), 1, kMorning + 30 * 24 * 3600 * kMicrosPerSecond)) ==
              kEventTime);
    }
    SECTION("time: a service day that is not the event's local day") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["service_day"] = "2026-01-14"; }), 1)) ==
              kEventTime);
    }
    SECTION("ids: a ticket id that is not the event's own") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["ticket_id"] = "d1/1"; }), 1)) == kEventIds);
    }
    SECTION("unknown_reference: an office or service not in the catalogue") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["service_id"] = "fsa.counselling"; }), 1)) ==
              kEventUnknownReference);
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["priority_class"] = "vip"; }), 1)) ==
              kEventUnknownReference);
    }
    SECTION("malformed: a missing field, a rank without a class") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload.erase("lang"); }), 1)) == kEventMalformed);
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["priority_rank"] = 99; }), 1)) ==
              kEventMalformed);
    }
    SECTION("text: a control character or malformed UTF-8 in a text field") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["lang"] = "de\x1b[31m"; }), 1)) == kEventText);
        auto call = desk.Do(CallTicket{ticket, 2}, kMorning);
        REQUIRE(call.ok());
        Event e = call->front();
        e.payload["staff"] = std::string("10\xff");
        CHECK(ReasonOf(site.Check(e, 5)) == kEventText);
    }
    SECTION("text: a note longer than its limit") {
        REQUIRE_FALSE(site.Take(desk.Do(CallTicket{ticket, 2}, kMorning)->front(), 5));
        auto transfer = desk.Do(Transfer{ticket, "fsa.counselling", "ok"}, kMorning);
        REQUIRE(transfer.ok());
        Event e = transfer->front();
        e.payload["note"] = std::string(kMaxNoteLength + 1, 'x');
        CHECK(ReasonOf(site.Check(e, 5)) == kEventText);
    }
    SECTION("unknown_reference: a ticket, staff number or counter that does not exist") {
        auto call = desk.Do(CallTicket{ticket, 2}, kMorning);
        REQUIRE(call.ok());
        Event no_ticket = call->front();
        no_ticket.payload["ticket_id"] = "k1/99";
        CHECK(ReasonOf(site.Check(no_ticket, 5)) == kEventUnknownReference);
        Event no_staff = call->front();
        no_staff.payload["staff"] = "9999";
        CHECK(ReasonOf(site.Check(no_staff, 5)) == kEventUnknownReference);
        Event no_counter = call->front();
        no_counter.payload["counter"] = 0;
        CHECK(ReasonOf(site.Check(no_counter, 5)) == kEventUnknownReference);
    }
    SECTION("transition: finishing a ticket nobody called") {
        Event finish{"d1", 1, "ticket.finished", {{"ticket_id", ticket}, {"outcome", "resolved"}}, kMorning};
        CHECK(ReasonOf(site.Check(finish, 5)) == kEventTransition);
    }
    SECTION("ids: a transfer that does not create its own ticket") {
        REQUIRE_FALSE(site.Take(desk.Do(CallTicket{ticket, 2}, kMorning)->front(), 5));
        auto transfer = desk.Do(Transfer{ticket, "fsa.counselling", "ok"}, kMorning);
        REQUIRE(transfer.ok());
        Event e = transfer->front();
        e.payload["new_ticket_id"] = ticket;
        CHECK(ReasonOf(site.Check(e, 5)) == kEventIds);
    }
    SECTION("role: appointment.refused from a device") {
        Event e{"k1", 2, "appointment.refused", {{"appointment_id", "k1/1"}, {"slot_id", "x"}, {"reason", "r"}}, kMorning};
        CHECK(ReasonOf(site.Check(e, 1)) == kEventRole);
    }
    SECTION("a terminal that does not know the sender's slot still checks the rest") {
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) {
                  f.payload["number"] = 201;
                  f.payload["display"] = "A-201";
              }), std::nullopt)) == "accepted");
        CHECK(ReasonOf(site.Check(Forged(kiosk, [](Event& f) { f.payload["arrival_at"] = 1; }), std::nullopt)) ==
              kEventTime);
    }
}

TEST_CASE("validate: a forged check-in (ticket.issued naming an appointment) is refused", "[validate][checkin]") {
    Site site;
    TestDevice kiosk("k1", 1, site.catalogue);
    // No such booking at the receiver: a kiosk cannot invent an appointment to jump the queue.
    Event invented = Forged(kiosk, [](Event& f) {
        f.payload["appointment_id"] = "k1/99";
        f.payload["appointment_due_at"] = kMorning;
    });
    CHECK(ReasonOf(site.Check(invented, 1)) == kEventCheckIn);
    Event without_time = Forged(kiosk, [](Event& f) { f.payload["appointment_id"] = "k1/99"; });
    CHECK(ReasonOf(site.Check(without_time, 1)) == kEventCheckIn);
    Event mistyped = Forged(kiosk, [](Event& f) { f.payload["appointment_id"] = false; });
    CHECK(ReasonOf(site.Check(mistyped, 1)) == kEventMalformed);
    // (tests/appointments/test_checkin.cpp: cancelled, twice, another time, outside the window.)
}
