// Referrals to partners and case-management hand-offs (core.h section 11): what a desk may
// decide, what the events carry (no visitor data; a name only with consent), how they fold,
// and how ValidateEvent judges forged ones.
#include <catch2/catch.hpp>

#include <functional>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::kMorning;
using anl::test::SmallCatalogue;
using anl::test::TestDevice;

namespace {

// The small catalogue with two partners and case management at the fsa office.
catalogue::Catalogue NetworkCatalogue() {
    catalogue::Catalogue c = SmallCatalogue();
    catalogue::Service cm;
    cm.id = "fsa.case-management";
    cm.office_id = "fsa";
    cm.needs_appointment = true;
    c.services.push_back(cm);
    c.partners = {{"law-clinic", "Law Clinic e. V.", "Hauptstraße 1", "Di 16–19 Uhr", {"de", "ar"}, {"asylum-law"}, ""},
                  {"debt-help", "Schuldnerberatung", "Domplatz 7", "Mo–Fr 9–12 Uhr", {"de"}, {"debt"}, ""}};
    c.case_management.service_id = "fsa.case-management";
    c.case_management.reasons = {"several-offices", "housing-risk"};
    return c;
}

// A booked appointment of `service`, folded into `state` as the store would.
std::string BookedAppointment(State& state, const std::string& service, std::int64_t seq) {
    Event e{"d1", seq, "appointment.booked",
            {{"appointment_id", "d1/" + std::to_string(seq)}, {"reference", "I-0330-0900-1"},
             {"slot_id", "site-1/" + service + "/2026-03-30T08:00Z/1"}, {"service_id", service}, {"lang", "ar"},
             {"start_us", kMorning + 24 * 60 * kMicrosPerMinute}, {"end_us", kMorning + 25 * 60 * kMicrosPerMinute}},
            kMorning};
    REQUIRE(ApplyEvent(state, e).applied);
    return "d1/" + std::to_string(seq);
}

std::string ReasonOf(const std::optional<EventRefusal>& r) { return r ? r->reason : std::string("accepted"); }

}  // namespace

TEST_CASE("referral: a desk refers to a partner of the directory, the event names no visitor", "[referral]") {
    auto cat = NetworkCatalogue();
    Actor desk{"d1", 5, 7, "1042"};
    auto given = DecideReferral(cat, desk, kMorning, GiveReferral{"law-clinic", "abh", "abh.permit-extension"});
    REQUIRE(given.ok());
    CHECK(given->type == "referral.given");
    CHECK(given->seq == 7);
    CHECK(given->payload == nlohmann::json{{"partner_id", "law-clinic"}, {"office_id", "abh"},
                                           {"service_id", "abh.permit-extension"}, {"staff", "1042"}});
    State state;
    CHECK(ApplyEvent(state, *given).applied);

    auto unknown = DecideReferral(cat, desk, kMorning, GiveReferral{"nobody", "abh", "abh.permit-extension"});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::kNotFound);
    CHECK(unknown.error().message.find("referral partners") != std::string::npos);
    auto wrong_office = DecideReferral(cat, desk, kMorning, GiveReferral{"law-clinic", "fsa", "abh.permit-extension"});
    REQUIRE_FALSE(wrong_office.ok());
    CHECK(wrong_office.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("handoff: flagged for case management with a configured reason and the first appointment", "[handoff]") {
    auto cat = NetworkCatalogue();
    TestDevice kiosk("k1", 1, cat);
    std::string ticket = kiosk.Issue("abh.permit-extension", kMorning);
    State state = kiosk.state;
    std::string appointment = BookedAppointment(state, "fsa.case-management", 40);
    Actor desk{"d1", 5, 41, "1042"};

    auto given = DecideHandoff(state, cat, desk, kMorning, {ticket, "housing-risk", appointment, false, ""});
    REQUIRE(given.ok());
    CHECK(given->type == "handoff.given");
    CHECK(given->payload["handoff_id"] == "d1/41");
    CHECK(given->payload["to_service_id"] == "fsa.case-management");
    CHECK(given->payload["office_id"] == "abh");
    CHECK(given->payload["name"] == "");  // by default nothing that names the visitor
    Applied applied = ApplyEvent(state, *given);
    REQUIRE(applied.applied);
    CHECK(applied.handoff_ids == std::vector<std::string>{"d1/41"});
    const Handoff& h = state.handoffs.at("d1/41");
    CHECK(h.reason == "housing-risk");
    CHECK(h.appointment_id == appointment);
    CHECK(h.display == kiosk.Display(ticket));
    CHECK_FALSE(h.consent);

    SECTION("a name only with the visitor's consent") {
        auto refused = DecideHandoff(state, cat, desk, kMorning, {ticket, "housing-risk", "", false, "Amina"});
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().code == ErrorCode::kRejected);
        desk.next_seq = 42;
        auto agreed = DecideHandoff(state, cat, desk, kMorning, {ticket, "housing-risk", "", true, "Amina"});
        REQUIRE(agreed.ok());
        CHECK(agreed->payload["name"] == "Amina");
        REQUIRE(ApplyEvent(state, *agreed).applied);
        CHECK(state.handoffs.at("d1/42").name == "Amina");
        CHECK(state.handoffs.at("d1/42").consent);
    }
    SECTION("a reason that is not configured, an unknown ticket, an appointment of another service") {
        CHECK(DecideHandoff(state, cat, desk, kMorning, {ticket, "free text", "", false, ""}).error().code ==
              ErrorCode::kInvalidInput);
        CHECK(DecideHandoff(state, cat, desk, kMorning, {"k1/99", "housing-risk", "", false, ""}).error().code ==
              ErrorCode::kNotFound);
        std::string other = BookedAppointment(state, "abh.family-reunification", 42);
        CHECK(DecideHandoff(state, cat, desk, kMorning, {ticket, "housing-risk", other, false, ""}).error().code ==
              ErrorCode::kInvalidInput);
    }
    SECTION("a site without case management refuses") {
        cat.case_management = {};
        CHECK(DecideHandoff(state, cat, desk, kMorning, {ticket, "housing-risk", "", false, ""}).error().code ==
              ErrorCode::kRejected);
    }
    SECTION("a name sent without consent is not kept by the reducer either") {
        Event forged = *given;
        forged.seq = 50;
        forged.payload["handoff_id"] = "d1/50";
        forged.payload["name"] = "Amina";
        REQUIRE(ApplyEvent(state, forged).applied);
        CHECK(state.handoffs.at("d1/50").name.empty());
    }
}

TEST_CASE("validate: referral.given and handoff.given, genuine and forged", "[validate][referral][handoff]") {
    auto cat = NetworkCatalogue();
    QueueRules rules;
    std::set<std::string> staff = {"1042"};
    TestDevice kiosk("k1", 1, cat);
    std::string ticket = kiosk.Issue("abh.permit-extension", kMorning);
    State state = kiosk.state;
    std::string appointment = BookedAppointment(state, "fsa.case-management", 40);
    auto check = [&](const Event& e) {
        EventCheckContext cx{state, rules, &cat, &staff, 5, kMorning, kMaxEventAge};
        return ReasonOf(ValidateEvent(cx, e));
    };
    Actor desk{"d1", 5, 41, "1042"};
    Event referral = *DecideReferral(cat, desk, kMorning, GiveReferral{"law-clinic", "abh", "abh.permit-extension"});
    Event handoff = *DecideHandoff(state, cat, desk, kMorning, {ticket, "several-offices", appointment, true, "Amina"});
    CHECK(check(referral) == "accepted");
    CHECK(check(handoff) == "accepted");

    auto forged = [](Event e, const std::function<void(Event&)>& f) {
        f(e);
        return e;
    };
    // referral.given
    CHECK(check(forged(referral, [](Event& e) { e.payload["partner_id"] = "nobody"; })) == kEventUnknownReference);
    CHECK(check(forged(referral, [](Event& e) { e.payload.erase("partner_id"); })) == kEventMalformed);
    CHECK(check(forged(referral, [](Event& e) { e.payload["service_id"] = "fsa.counselling"; })) ==
          kEventUnknownReference);
    CHECK(check(forged(referral, [](Event& e) { e.payload["staff"] = "9999"; })) == kEventUnknownReference);
    CHECK(check(forged(referral, [](Event& e) { e.device_id = std::string(kCentralDeviceId); })) == kEventRole);
    // handoff.given
    CHECK(check(forged(handoff, [](Event& e) { e.payload["consent"] = false; })) == kEventConsent);
    CHECK(check(forged(handoff, [](Event& e) { e.payload.erase("consent"); })) == kEventMalformed);
    CHECK(check(forged(handoff, [](Event& e) { e.payload["name"] = std::string(200, 'x'); })) == kEventText);
    CHECK(check(forged(handoff, [](Event& e) { e.payload["handoff_id"] = "d2/1"; })) == kEventIds);
    CHECK(check(forged(handoff, [](Event& e) { e.payload["reason"] = "because"; })) == kEventUnknownReference);
    CHECK(check(forged(handoff, [](Event& e) { e.payload["to_service_id"] = "abh.permit-extension"; })) ==
          kEventUnknownReference);
    CHECK(check(forged(handoff, [](Event& e) { e.payload["ticket_id"] = "k1/99"; })) == kEventUnknownReference);
    CHECK(check(forged(handoff, [](Event& e) { e.payload["appointment_id"] = "d1/77"; })) == kEventUnknownReference);
    CHECK(check(forged(handoff, [](Event& e) { e.device_id = std::string(kCentralDeviceId); })) == kEventRole);
    ApplyEvent(state, handoff);
    CHECK(check(handoff) == kEventDuplicate);
}
