// Events: JSON round trip and validation, a deterministic reducer, conflicts decided on two
// devices, and staff PIN hashing.
#include <catch2/catch.hpp>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::TestDevice;
using anl::test::kMorning;

TEST_CASE("Events survive a JSON round trip", "[core][events]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    d.Issue("abh.permit-extension", kMorning);
    const Event& e = d.log.front();
    CHECK(e.device_id == "kiosk-1");
    CHECK(e.seq == 1);
    CHECK(e.at_us == kMorning);
    auto back = EventFromJson(EventToJson(e));
    REQUIRE(back.ok());
    CHECK(*back == e);
}

TEST_CASE("Malformed events are refused with a reason", "[core][events]") {
    auto good = EventToJson(Event{"kiosk-1", 1, "ticket.parked", {{"ticket_id", "x"}}, 5});
    CHECK(EventFromJson(good).ok());
    for (auto [field, value] : std::vector<std::pair<std::string, nlohmann::json>>{
             {"device_id", 3}, {"device_id", ""}, {"seq", "1"}, {"seq", 0}, {"type", "ticket.exploded"},
             {"payload", "text"}, {"at_us", 1.5}}) {
        auto bad = good;
        bad[field] = value;
        auto r = EventFromJson(bad);
        INFO(field);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::kInvalidInput);
    }
    CHECK_FALSE(EventFromJson(nlohmann::json::array()).ok());
}

TEST_CASE("The reducer skips events that do not fit, without changing anything", "[core][events]") {
    State s;
    auto unknown_ticket = ApplyEvent(s, Event{"desk-1", 1, "ticket.called", {{"ticket_id", "k/1"}, {"counter", 1}}, 1});
    CHECK_FALSE(unknown_ticket.applied);
    auto missing_fields = ApplyEvent(s, Event{"kiosk-1", 1, "ticket.issued", {{"ticket_id", "k/1"}}, 1});
    CHECK_FALSE(missing_fields.applied);
    CHECK(s.visits.empty());
    CHECK(s.tickets.empty());
}

TEST_CASE("Folding the same events in the same order gives the same state everywhere", "[core][events]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto a = d.Issue("abh.permit-extension", kMorning);
    d.Issue("fsa.counselling", kMorning + 1);
    REQUIRE(d.Do(CallNext{"abh", 1}, kMorning + 2).ok());
    REQUIRE(d.Do(StartService{a}, kMorning + 3).ok());
    REQUIRE(d.Do(Transfer{a, "fsa.counselling", "note"}, kMorning + 4).ok());
    State other;
    for (const auto& e : d.log) {
        auto json = EventToJson(e).dump();  // as if it came over the wire
        auto parsed = EventFromJson(nlohmann::json::parse(json));
        REQUIRE(parsed.ok());
        REQUIRE(ApplyEvent(other, *parsed).applied);
    }
    REQUIRE(other.tickets.size() == d.state.tickets.size());
    for (const auto& [id, t] : d.state.tickets) {
        const Ticket* o = other.FindTicket(id);
        REQUIRE(o);
        CHECK(o->state == t.state);
        CHECK(o->stop_index == t.stop_index);
        CHECK(o->office_id == t.office_id);
        CHECK(o->first_called_at == t.first_called_at);
        CHECK(o->note == t.note);
    }
    CHECK(other.visit_by_number == d.state.visit_by_number);
    CHECK(other.issued_count == d.state.issued_count);
}

TEST_CASE("Two desks calling the same visitor offline: the first in order wins everywhere", "[core][events]") {
    auto cat = test::SmallCatalogue();
    TestDevice kiosk("kiosk-1", 0, cat);
    auto id = kiosk.Issue("abh.permit-extension", kMorning);
    TestDevice desk1("desk-1", 1, cat), desk2("desk-2", 2, cat);
    for (auto* desk : {&desk1, &desk2})
        for (const auto& e : kiosk.log) REQUIRE(ApplyEvent(desk->state, e).applied);
    REQUIRE(desk1.Do(CallNext{"abh", 1}, kMorning + 10).ok());
    REQUIRE(desk2.Do(CallNext{"abh", 2}, kMorning + 11).ok());
    // The central order puts desk-2's call first; every device folds in that order.
    std::vector<Event> order = kiosk.log;
    order.push_back(desk2.log.back());
    order.push_back(desk1.log.back());
    State a, b;
    std::vector<bool> applied_a, applied_b;
    for (const auto& e : order) applied_a.push_back(ApplyEvent(a, e).applied);
    for (const auto& e : order) applied_b.push_back(ApplyEvent(b, e).applied);
    CHECK(applied_a == std::vector<bool>{true, true, false});
    CHECK(applied_a == applied_b);
    CHECK(a.FindTicket(id)->counter == 2);
    CHECK(b.FindTicket(id)->counter == 2);
}

TEST_CASE("A repeated issued event is skipped, not counted twice", "[core][events]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    d.Issue("abh.permit-extension", kMorning);
    auto again = ApplyEvent(d.state, d.log.front());
    CHECK_FALSE(again.applied);
    CHECK(d.state.visits.size() == 1);
    CHECK(d.state.issued_count.begin()->second == 1);
}

TEST_CASE("PINs are hashed with argon2id and verified", "[core][auth]") {
    CHECK_FALSE(ValidatePin("12").ok());
    CHECK_FALSE(ValidatePin("12a4").ok());
    CHECK(ValidatePin("1234").ok());
    auto hash = HashPin("482913");
    REQUIRE(hash.ok());
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    CHECK(hash->find("482913") == std::string::npos);
    CHECK(VerifyPin(*hash, "482913"));
    CHECK_FALSE(VerifyPin(*hash, "482914"));
    CHECK_FALSE(VerifyPin("not a hash", "482913"));
    auto again = HashPin("482913");
    REQUIRE(again.ok());
    CHECK(*again != *hash);  // salted
}
