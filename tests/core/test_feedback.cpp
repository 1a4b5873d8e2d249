// Visitor feedback (core.h, "visitor feedback"): the kiosk's feedback.given event is anonymous
// by shape, and ValidateEvent refuses every forgery with its own reason: a ticket id or any
// other extra field, a score out of range, an unknown or repeated reason, too many reasons.
#include <catch2/catch.hpp>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::kMorning;
using anl::test::SmallCatalogue;

namespace {

std::string ReasonOf(const std::optional<EventRefusal>& r) { return r ? r->reason : std::string("accepted"); }

struct FeedbackSite {
    catalogue::Catalogue catalogue = SmallCatalogue();
    QueueRules rules;
    State state;
    Actor kiosk{"k1", 1, 7, ""};

    std::optional<EventRefusal> Check(const Event& e) {
        EventCheckContext cx{state, rules, &catalogue, nullptr, 1, kMorning, kMaxEventAge};
        return ValidateEvent(cx, e);
    }
    Event Genuine() {
        auto e = DecideFeedback(catalogue, kiosk, kMorning,
                                GiveFeedback{"abh", "abh.permit-extension", "ar", 4, {"waiting-time", "friendliness"}});
        REQUIRE(e.ok());
        return e.value();
    }
};

}  // namespace

TEST_CASE("feedback: a kiosk's feedback.given carries exactly office, service, language, score and reasons",
          "[feedback]") {
    FeedbackSite site;
    const Event e = site.Genuine();
    CHECK(e.type == "feedback.given");
    CHECK(e.device_id == "k1");
    CHECK(e.seq == 7);
    // Nothing that could tie it to a visitor: no ticket, visit, number, name or note.
    std::set<std::string> keys;
    for (const auto& [key, value] : e.payload.items()) keys.insert(key);
    CHECK(keys == std::set<std::string>{"office_id", "service_id", "lang", "score", "reasons"});
    CHECK(e.payload["score"] == 4);
    CHECK(e.payload["reasons"] == nlohmann::json::array({"waiting-time", "friendliness"}));
    CHECK(ReasonOf(site.Check(e)) == "accepted");
    // It round-trips through the wire form and folds without changing the queue.
    auto back = EventFromJson(EventToJson(e));
    REQUIRE(back.ok());
    CHECK(back.value() == e);
    Applied applied = ApplyEvent(site.state, e);
    CHECK(applied.applied);
    CHECK(site.state.tickets.empty());
    CHECK(site.state.visits.empty());
    auto read = ReadFeedback(e);
    REQUIRE(read);
    CHECK(read->office_id == "abh");
    CHECK(read->score == 4);
    // From the home screen only the office is said.
    auto office_only = DecideFeedback(site.catalogue, site.kiosk, kMorning, GiveFeedback{"fsa", "", "de", 1, {}});
    REQUIRE(office_only.ok());
    CHECK(ReasonOf(site.Check(office_only.value())) == "accepted");
}

TEST_CASE("feedback: DecideFeedback refuses what a screen must never send", "[feedback]") {
    FeedbackSite site;
    auto decide = [&](GiveFeedback f) { return DecideFeedback(site.catalogue, site.kiosk, kMorning, f); };
    CHECK_FALSE(decide({"nowhere", "", "de", 3, {}}).ok());
    CHECK_FALSE(decide({"abh", "fsa.counselling", "de", 3, {}}).ok());  // another office's service
    CHECK_FALSE(decide({"abh", "", "de", 0, {}}).ok());
    CHECK_FALSE(decide({"abh", "", "de", 6, {}}).ok());
    CHECK_FALSE(decide({"abh", "", "", 3, {}}).ok());
    CHECK_FALSE(decide({"abh", "", "de", 3, {"not-a-reason"}}).ok());
    CHECK_FALSE(decide({"abh", "", "de", 3, {"friendliness", "friendliness"}}).ok());
    CHECK_FALSE(decide({"abh", "", "de", 3, {"waiting-time", "friendliness", "understood-everything", "needed-interpreter"}}).ok());
    CHECK(decide({"abh", "", "de", 5, {"waiting-time", "friendliness", "understood-everything"}}).ok());
}

TEST_CASE("feedback: ValidateEvent refuses forged feedback, each with its reason", "[feedback][validate]") {
    FeedbackSite site;
    auto forged = [&](const std::function<void(Event&)>& forge) {
        Event e = site.Genuine();
        forge(e);
        return ReasonOf(site.Check(e));
    };
    // A ticket id (or number, or note) would tie the answers to a visit: refused as such.
    CHECK(forged([](Event& e) { e.payload["ticket_id"] = "k1/3"; }) == kEventAnonymous);
    CHECK(forged([](Event& e) { e.payload["visit_id"] = "visit:k1/3"; }) == kEventAnonymous);
    CHECK(forged([](Event& e) { e.payload["display"] = "A-042"; }) == kEventAnonymous);
    CHECK(forged([](Event& e) { e.payload["note"] = "the man in the blue coat"; }) == kEventAnonymous);
    // Score out of range, missing fields, wrong types.
    CHECK(forged([](Event& e) { e.payload["score"] = 0; }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload["score"] = 6; }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload["score"] = "5"; }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload.erase("lang"); }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload["reasons"] = "waiting-time"; }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload["lang"] = "d e"; }) == kEventMalformed);
    // Reasons: at most three, none twice, each configured.
    CHECK(forged([](Event& e) {
              e.payload["reasons"] = {"waiting-time", "friendliness", "understood-everything", "needed-interpreter"};
          }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload["reasons"] = {"friendliness", "friendliness"}; }) == kEventMalformed);
    CHECK(forged([](Event& e) { e.payload["reasons"] = {"rude-guard"}; }) == kEventUnknownReference);
    // Offices and services of the catalogue only.
    CHECK(forged([](Event& e) { e.payload["office_id"] = "nowhere"; }) == kEventUnknownReference);
    CHECK(forged([](Event& e) { e.payload["service_id"] = "fsa.counselling"; }) == kEventUnknownReference);
    CHECK(forged([](Event& e) {
              e.payload["service_id"] = "";
              e.payload["office_id"] = "nowhere";
          }) == kEventUnknownReference);
    // Free text hidden in a reason is refused by the text rules before anything else.
    CHECK(forged([](Event& e) { e.payload["reasons"] = {"a\u202Eb"}; }) == kEventText);
    // The central does not give feedback.
    CHECK(forged([](Event& e) { e.device_id = std::string(kCentralDeviceId); }) == kEventRole);
    // A site that configured its own reasons refuses the defaults it dropped.
    const Event before = site.Genuine();  // waiting time and friendliness
    site.catalogue.feedback.reasons = {"waiting-time", "signage"};
    Event own = before;
    own.payload["reasons"] = {"signage"};
    CHECK(ReasonOf(site.Check(own)) == "accepted");
    CHECK(ReasonOf(site.Check(before)) == kEventUnknownReference);  // "friendliness" is no longer listed
    site.catalogue.feedback = {};
    // The reducer skips a malformed one the same way on every device.
    Event bad = site.Genuine();
    bad.payload["ticket_id"] = "k1/3";
    CHECK_FALSE(ApplyEvent(site.state, bad).applied);
}

TEST_CASE("feedback: the ticket number a visitor types on the kiosk's pad", "[feedback]") {
    CHECK(NormaliseTicketNumber("A042") == "A-042");
    CHECK(NormaliseTicketNumber("a42") == "A-042");
    CHECK(NormaliseTicketNumber("A-042") == "A-042");
    CHECK(NormaliseTicketNumber("s 7") == "S-007");
    CHECK(NormaliseTicketNumber("A1234") == "A-1234");
    CHECK(NormaliseTicketNumber("").empty());
    CHECK(NormaliseTicketNumber("A").empty());
    CHECK(NormaliseTicketNumber("A000").empty());
    CHECK(NormaliseTicketNumber("42").empty());
    CHECK(NormaliseTicketNumber("AB42").empty());
    CHECK(NormaliseTicketNumber("A12345").empty());
    CHECK(NormaliseTicketNumber("A-0329-0830-1").empty());  // a booking reference is not a ticket number
    CHECK(NormaliseTicketNumber("A\n42").empty());
}

TEST_CASE("feedback: a visit is finished for its feedback only when every stop is, and the answer names none of it",
          "[feedback]") {
    auto catalogue = SmallCatalogue();
    anl::test::TestDevice d("desk-1", 0, catalogue);
    IssueTicket two_stops;
    two_stops.service_id = "abh.permit-extension";
    two_stops.lang = "ar";
    two_stops.next_service_ids = {"fsa.counselling"};
    auto issued = d.Do(two_stops, kMorning);
    REQUIRE(issued.ok());
    const std::string first = issued->front().payload["ticket_id"].get<std::string>();
    const Visit visit = *d.state.FindVisit(d.state.FindTicket(first)->visit_id);
    const std::string day = visit.service_day;
    const std::string typed = visit.display.substr(0, 1) + visit.display.substr(2);  // "A001" as on the pad

    VisitEnd end = FindVisitEnd(d.state, typed, day);
    CHECK(end.kind == VisitEndKind::kUnderWay);
    CHECK(end.visit_id == visit.id);
    CHECK(end.display == visit.display);
    CHECK(end.office_id == "abh");
    // Yesterday's number, a number nobody has, and garbage are unknown.
    CHECK(FindVisitEnd(d.state, typed, "2026-01-14").kind == VisitEndKind::kUnknown);
    CHECK(FindVisitEnd(d.state, "A999", day).kind == VisitEndKind::kUnknown);
    CHECK(FindVisitEnd(d.state, "hello", day).kind == VisitEndKind::kUnknown);
    CHECK(FindVisitEnd(d.state, "A999", day).visit_id.empty());

    REQUIRE(d.Do(CallNext{"abh", 1}, kMorning + 10 * kMicrosPerMinute).ok());
    CHECK(FindVisitEnd(d.state, typed, day).kind == VisitEndKind::kUnderWay);  // called: not finished
    REQUIRE(d.Do(StartService{first}, kMorning + 11 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(FinishService{first, "resolved"}, kMorning + 20 * kMicrosPerMinute).ok());
    // The first stop is finished, the second waits: still under way, now at the second office.
    end = FindVisitEnd(d.state, typed, day);
    CHECK(end.kind == VisitEndKind::kUnderWay);
    CHECK(end.office_id == "fsa");

    const std::string second = d.state.FindVisit(visit.id)->ticket_ids.back();
    REQUIRE(d.Do(CallNext{"fsa", 2}, kMorning + 25 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(StartService{second}, kMorning + 26 * kMicrosPerMinute).ok());
    REQUIRE(d.Do(FinishService{second, "resolved"}, kMorning + 40 * kMicrosPerMinute).ok());
    end = FindVisitEnd(d.state, typed, day);
    CHECK(end.kind == VisitEndKind::kFinished);
    CHECK(end.office_id == "fsa");  // the last stop's office: the feedback is about it

    // The feedback given after it carries the office and the answers, nothing of the visit.
    auto e = DecideFeedback(catalogue, Actor{"k1", 1, 40, ""}, kMorning + 41 * kMicrosPerMinute,
                            GiveFeedback{end.office_id, "", "ar", 5, {}});
    REQUIRE(e.ok());
    const std::string wire = e->payload.dump();
    for (const std::string& id : {visit.id, first, second, visit.display, typed}) {
        INFO(id);
        CHECK(wire.find(id) == std::string::npos);
    }
}
