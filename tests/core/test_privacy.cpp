// A visitor's request for information or erasure (core.h section 14): which events belong to
// the visitor a reference names (and none of anyone else's), which personal fields they hold,
// what an erasure empties in the fold, and how ValidateEvent judges privacy.erased.
#include <catch2/catch.hpp>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::kMorning;
using anl::test::SmallCatalogue;
using anl::test::TestDevice;

namespace {

constexpr Micros kMinute = kMicrosPerMinute;

catalogue::Catalogue PrivacyCatalogue() {
    catalogue::Catalogue c = SmallCatalogue();
    catalogue::Service cm;
    cm.id = "fsa.case-management";
    cm.office_id = "fsa";
    cm.needs_appointment = true;
    c.services.push_back(cm);
    c.case_management.service_id = "fsa.case-management";
    c.case_management.reasons = {"several-offices", "housing-risk"};
    return c;
}

// Two visitors on one morning: both sent on with a note; the first handed to case management
// with consent and a name. Returns the first visitor's ticket.
struct Morning {
    TestDevice desk{"desk-1", 1, PrivacyCatalogue()};
    std::string first, second, first_next;
    Morning() {
        first = desk.Issue("abh.permit-extension", kMorning);
        second = desk.Issue("abh.permit-extension", kMorning + kMinute);
        for (const auto& [ticket, note] : {std::pair{first, std::string("Note-FIRST-OTTER")},
                                           std::pair{second, std::string("Note-SECOND-HERON")}}) {
            REQUIRE(desk.Do(CallTicket{ticket, 1}, kMorning + 5 * kMinute).ok());
            REQUIRE(desk.Do(StartService{ticket}, kMorning + 6 * kMinute).ok());
            auto moved = desk.Do(Transfer{ticket, "fsa.counselling", note}, kMorning + 10 * kMinute);
            REQUIRE(moved.ok());
        }
        first_next = desk.state.FindTicket(first)->transferred_to;
        Actor actor{"desk-1", 1, static_cast<std::int64_t>(desk.log.size()) + 1, "1042"};
        auto handoff = DecideHandoff(desk.state, PrivacyCatalogue(), actor, kMorning + 20 * kMinute,
                                     HandToCaseManagement{first_next, "housing-risk", "", true, "Amina NAME-IBIS"});
        REQUIRE(handoff.ok());
        REQUIRE(ApplyEvent(desk.state, *handoff).applied);
        desk.log.push_back(*handoff);
    }
};

std::set<std::string> TypesOf(const Morning& m, const VisitorMatch& match) {
    std::set<std::string> types;
    for (std::size_t i : match.events) types.insert(m.desk.log[i].type);
    return types;
}

}  // namespace

TEST_CASE("privacy: a ticket number finds the visitor's events and nobody else's", "[privacy]") {
    Morning m;
    const std::string display = m.desk.Display(m.first);
    const std::string day = m.desk.state.FindVisit(m.desk.state.FindTicket(m.first)->visit_id)->service_day;
    auto match = MatchVisitor(m.desk.state, m.desk.log, display, "", "Europe/Berlin");
    INFO((match.ok() ? "" : match.error().message));
    REQUIRE(match.ok());
    CHECK(match->display == display);
    CHECK(match->service_day == day);
    CHECK(match->ticket_ids == std::set<std::string>{m.first, m.first_next});
    CHECK(match->handoff_ids.size() == 1);
    CHECK(TypesOf(m, *match) ==
          std::set<std::string>{"ticket.issued", "ticket.called", "ticket.started", "ticket.transferred", "handoff.given"});
    CHECK(match->events.size() == 5);
    for (std::size_t i : match->events) {
        const std::string text = m.desk.log[i].payload.dump();
        CHECK(text.find("SECOND") == std::string::npos);  // never the other visitor's
    }
    // Lower case, a ticket id, and the day given: the same visit.
    std::string lower = display;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(MatchVisitor(m.desk.state, m.desk.log, lower, day, "Europe/Berlin")->events == match->events);
    CHECK(MatchVisitor(m.desk.state, m.desk.log, m.first_next, "", "Europe/Berlin")->events == match->events);
    // Another day, an unknown number, a malformed day.
    auto other_day = MatchVisitor(m.desk.state, m.desk.log, display, "2025-01-01", "Europe/Berlin");
    REQUIRE_FALSE(other_day.ok());
    CHECK(other_day.error().code == ErrorCode::kNotFound);
    CHECK(MatchVisitor(m.desk.state, m.desk.log, "Z-999", "", "Europe/Berlin").error().code == ErrorCode::kNotFound);
    CHECK(MatchVisitor(m.desk.state, m.desk.log, display, "15.01.2026", "Europe/Berlin").error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("privacy: the personal fields an information request shows", "[privacy]") {
    Morning m;
    auto match = MatchVisitor(m.desk.state, m.desk.log, m.desk.Display(m.first), "", "Europe/Berlin");
    REQUIRE(match.ok());
    std::vector<Event> events;
    for (std::size_t i : match->events) events.push_back(m.desk.log[i]);
    auto shown = VisitorDataToJson(*match, events);
    REQUIRE(shown["events"].size() == 5);
    int personal = 0;
    for (const auto& e : shown["events"]) {
        if (e["personal"].empty()) continue;
        ++personal;
        if (e["type"] == "ticket.transferred") CHECK(e["personal"] == nlohmann::json{{"note", "Note-FIRST-OTTER"}});
        if (e["type"] == "handoff.given")
            CHECK(e["personal"] ==
                  nlohmann::json{{"name", "Amina NAME-IBIS"}, {"reason", "housing-risk"}, {"consent", true}});
    }
    CHECK(personal == 2);
    CHECK(shown["tickets"].size() == 2);
}

TEST_CASE("privacy: a booking reference finds the booking and the check-in's visit", "[privacy]") {
    TestDevice desk{"desk-1", 1, PrivacyCatalogue()};
    const Micros start = kMorning + 30 * kMinute;
    Event booked{"kiosk-1", 1, "appointment.booked",
                 {{"appointment_id", "kiosk-1/1"}, {"reference", "F-0115-0930-1"},
                  {"slot_id", "site-1/abh.family-reunification/2026-01-15T08:30Z/1"},
                  {"service_id", "abh.family-reunification"}, {"lang", "ar"}, {"start_us", start},
                  {"end_us", start + 30 * kMinute}},
                 kMorning - 24 * 60 * kMinute};
    Event other{"kiosk-1", 2, "appointment.booked",
                {{"appointment_id", "kiosk-1/2"}, {"reference", "F-0115-1000-1"},
                 {"slot_id", "site-1/abh.family-reunification/2026-01-15T09:00Z/1"},
                 {"service_id", "abh.family-reunification"}, {"lang", "de"}, {"start_us", start + 30 * kMinute},
                 {"end_us", start + 60 * kMinute}},
                kMorning - 24 * 60 * kMinute};
    REQUIRE(ApplyEvent(desk.state, booked).applied);
    REQUIRE(ApplyEvent(desk.state, other).applied);
    desk.log.push_back(booked);
    desk.log.push_back(other);
    Actor kiosk{"kiosk-1", 0, 3, ""};
    auto checked_in = DecideCheckIn(desk.state, PrivacyCatalogue(), desk.rules(), kiosk, start - 10 * kMinute,
                                    "f 0115 0930 1");
    INFO((checked_in.ok() ? "" : checked_in.error().message));
    REQUIRE(checked_in.ok());
    for (const auto& e : *checked_in) {
        REQUIRE(ApplyEvent(desk.state, e).applied);
        desk.log.push_back(e);
    }
    auto match = MatchVisitor(desk.state, desk.log, "F-0115-0930-1", "", "Europe/Berlin");
    REQUIRE(match.ok());
    CHECK(match->appointment_ids == std::set<std::string>{"kiosk-1/1"});
    CHECK(match->visit_ids.size() == 1);
    CHECK(match->events == std::vector<std::size_t>{0, 2});  // the booking and the check-in, not the other booking
}

TEST_CASE("privacy: forgetting an event's personal fields empties what the fold took from it", "[privacy]") {
    Morning m;
    auto match = MatchVisitor(m.desk.state, m.desk.log, m.desk.Display(m.first), "", "Europe/Berlin");
    REQUIRE(match.ok());
    for (std::size_t i : match->events) (void)ForgetPersonalFields(m.desk.state, m.desk.log[i]);
    CHECK(m.desk.state.FindTicket(m.first_next)->note.empty());
    const Handoff& h = m.desk.state.handoffs.begin()->second;
    CHECK((h.name.empty() && h.reason.empty() && !h.consent));
    // The other visitor's note stays.
    const std::string second_next = m.desk.state.FindTicket(m.second)->transferred_to;
    CHECK(m.desk.state.FindTicket(second_next)->note == "Note-SECOND-HERON");
}

TEST_CASE("privacy: privacy.erased carries ids only and is validated like every event", "[privacy]") {
    Morning m;
    State state = m.desk.state;
    QueueRules rules;
    EventCheckContext cx{state, rules, nullptr, nullptr, std::nullopt, 0, 0, true};
    Actor admin{"admin-1", 9, 1, "7"};
    Event erased = MakePrivacyErased(admin, kMorning + kMinute, "7", {"desk-1/4", "desk-1/11"});
    CHECK(erased.type == "privacy.erased");
    CHECK(erased.payload == nlohmann::json{{"staff", "7"}, {"events", {"desk-1/4", "desk-1/11"}}});
    CHECK_FALSE(ValidateEvent(cx, erased));
    CHECK(ApplyEvent(state, erased).applied);
    auto keys = ReadPrivacyErased(erased);
    REQUIRE(keys);
    CHECK(*keys == std::vector<std::pair<std::string, std::int64_t>>{{"desk-1", 4}, {"desk-1", 11}});

    Event with_text = erased;
    with_text.payload["note"] = "Note-FIRST-OTTER";
    CHECK(ValidateEvent(cx, with_text)->reason == kEventMalformed);
    Event bad_id = erased;
    bad_id.payload["events"] = {"Note-FIRST-OTTER"};
    CHECK(ValidateEvent(cx, bad_id)->reason == kEventMalformed);
    Event none = erased;
    none.payload["events"] = nlohmann::json::array();
    CHECK(ValidateEvent(cx, none)->reason == kEventMalformed);
    // Only administrators may erase (section 12).
    std::map<std::string, StaffRoles> roles = {{"7", {StaffRole::kAdministrator}}, {"8", {StaffRole::kSupervisor}}};
    std::set<std::string> staff = {"7", "8"};
    EventCheckContext with_roles{state, rules, nullptr, &staff, std::nullopt, 0, 0, true, &roles};
    CHECK_FALSE(ValidateEvent(with_roles, erased));
    Event by_supervisor = erased;
    by_supervisor.payload["staff"] = "8";
    CHECK(ValidateEvent(with_roles, by_supervisor)->reason == kEventForbidden);
    CHECK(RightForEventType("privacy.erased") == Right::kAnswerPrivacyRequests);
    // The audit log shows how many events, never which.
    auto line = ReadAuditEntry(erased);
    REQUIRE(line);
    CHECK(line->kind == "erasure");
    CHECK(line->subject == "2");
}

TEST_CASE("privacy: event ids parse back, devices with a slash too", "[privacy]") {
    CHECK(ParseEventId("desk-1/12") == std::pair<std::string, std::int64_t>{"desk-1", 12});
    CHECK(ParseEventId("site/desk/3") == std::pair<std::string, std::int64_t>{"site/desk", 3});
    CHECK_FALSE(ParseEventId("desk-1"));
    CHECK_FALSE(ParseEventId("/3"));
    CHECK_FALSE(ParseEventId("desk-1/0"));
    CHECK_FALSE(ParseEventId("desk-1/x"));
    CHECK_FALSE(ParseEventId("desk-1/99999999999999999999"));
}
