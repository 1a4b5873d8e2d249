// Ticket numbers: per prefix per local day, unique across devices issuing offline, and
// restarting at the site's local midnight (not UTC midnight).
#include <catch2/catch.hpp>

#include <set>

#include "fixtures.h"

using namespace anl;
using namespace anl::core;
using anl::test::TestDevice;
using anl::test::kMorning;

TEST_CASE("Number blocks follow the documented rule", "[core][numbering]") {
    CHECK(TicketNumber(0, 1, 10) == 1);
    CHECK(TicketNumber(0, 99, 10) == 99);
    CHECK(TicketNumber(0, 100, 10) == 1001);
    CHECK(TicketNumber(1, 1, 10) == 101);
    CHECK(TicketNumber(1, 100, 10) == 1101);
    CHECK(TicketNumber(9, 99, 10) == 999);
    CHECK(FormatTicketNumber('A', 42) == "A-042");
    CHECK(FormatTicketNumber('S', 1101) == "S-1101");
}

TEST_CASE("No two slots ever share a number", "[core][numbering]") {
    std::set<int> seen;
    for (int slot = 0; slot < 10; ++slot)
        for (int nth = 1; nth <= 500; ++nth) REQUIRE(seen.insert(TicketNumber(slot, nth, 10)).second);
}

TEST_CASE("Two kiosks issuing offline never share a number", "[core][numbering]") {
    auto cat = test::SmallCatalogue();
    TestDevice k1("kiosk-1", 0, cat), k2("kiosk-2", 1, cat);
    // Both offline the whole morning: each decides on its own state only.
    for (int i = 0; i < 120; ++i) {
        k1.Issue("abh.permit-extension", kMorning + i * kMicrosPerSecond);
        k2.Issue(i % 2 ? "abh.address-change" : "abh.permit-extension", kMorning + i * kMicrosPerSecond);
    }
    // Reconnected: every device folds everyone's events.
    State merged;
    for (const auto* log : {&k1.log, &k2.log})
        for (const auto& e : *log) REQUIRE(ApplyEvent(merged, e).applied);
    std::set<std::string> displays;
    for (const auto& [id, v] : merged.visits) REQUIRE(displays.insert(v.display).second);
    CHECK(displays.size() == 240);
    CHECK(displays.count("A-001"));
    CHECK(displays.count("A-101"));
    CHECK(displays.count("A-1001"));  // kiosk-1's 100th ticket moves to its next block
    // Numbering continues after sync: kiosk-1 counts only its own tickets.
    for (const auto& e : k2.log) REQUIRE(ApplyEvent(k1.state, e).applied);
    auto next = k1.Issue("abh.permit-extension", kMorning + 3600 * kMicrosPerSecond);
    CHECK(k1.Display(next) == "A-1022");
}

TEST_CASE("Offices number separately by their prefix", "[core][numbering]") {
    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto a = d.Issue("abh.permit-extension", kMorning);
    auto s = d.Issue("fsa.counselling", kMorning);
    auto a2 = d.Issue("abh.address-change", kMorning);
    CHECK(d.Display(a) == "A-001");
    CHECK(d.Display(s) == "S-001");
    CHECK(d.Display(a2) == "A-002");
}

TEST_CASE("Numbers restart at local midnight in Berlin, not UTC midnight", "[core][numbering]") {
    // 2026-01-15 22:59 UTC is 23:59 in Berlin; 23:01 UTC is already 00:01 on the 16th.
    Micros before = 1'768'517'940'000'000;  // 2026-01-15T22:59:00Z
    Micros after = before + 2 * kMicrosPerMinute;
    CHECK(LocalServiceDay(before, "Europe/Berlin") == "2026-01-15");
    CHECK(LocalServiceDay(after, "Europe/Berlin") == "2026-01-16");
    CHECK(LocalServiceDay(after, "UTC") == "2026-01-15");

    TestDevice d("kiosk-1", 0, test::SmallCatalogue());
    auto t1 = d.Issue("abh.permit-extension", before - kMicrosPerMinute);
    auto t2 = d.Issue("abh.permit-extension", before);
    auto t3 = d.Issue("abh.permit-extension", after);
    CHECK(d.Display(t1) == "A-001");
    CHECK(d.Display(t2) == "A-002");
    CHECK(d.Display(t3) == "A-001");
    CHECK(d.state.FindVisit(d.state.FindTicket(t3)->visit_id)->service_day == "2026-01-16");
    // Both A-001s exist; the reference finds the one of the asked day.
    CHECK(*ResolveTicket(d.state, "A-001", "2026-01-15") == t1);
    CHECK(*ResolveTicket(d.state, "A-001", "2026-01-16") == t3);
    // A day without that number finds the most recent one.
    CHECK(*ResolveTicket(d.state, "A-002", "2026-01-16") == t2);
}

TEST_CASE("Two devices across midnight stay unique per day", "[core][numbering]") {
    auto cat = test::SmallCatalogue();
    TestDevice k1("kiosk-1", 0, cat), k2("kiosk-2", 1, cat);
    Micros midnight = 1'768'518'000'000'000;  // 2026-01-16T00:00 Berlin = 23:00Z
    for (int i = -3; i < 3; ++i) {
        k1.Issue("abh.permit-extension", midnight + i * kMicrosPerMinute);
        k2.Issue("abh.permit-extension", midnight + i * kMicrosPerMinute);
    }
    State merged;
    for (const auto* log : {&k2.log, &k1.log})
        for (const auto& e : *log) REQUIRE(ApplyEvent(merged, e).applied);
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& [id, v] : merged.visits) REQUIRE(seen.insert({v.service_day, v.display}).second);
    CHECK(seen.count({"2026-01-15", "A-003"}));
    CHECK(seen.count({"2026-01-15", "A-103"}));
    CHECK(seen.count({"2026-01-16", "A-001"}));
    CHECK(seen.count({"2026-01-16", "A-101"}));
    CHECK_FALSE(seen.count({"2026-01-16", "A-004"}));
}

TEST_CASE("Summer time moves the local midnight", "[core][numbering]") {
    // 2026-07-01 21:59 UTC is 23:59 in Berlin (UTC+2); 22:01 UTC is the next day.
    Micros summer = 1'782'943'140'000'000;  // 2026-07-01T21:59:00Z
    CHECK(LocalServiceDay(summer, "Europe/Berlin") == "2026-07-01");
    CHECK(LocalServiceDay(summer + 2 * kMicrosPerMinute, "Europe/Berlin") == "2026-07-02");
}

TEST_CASE("An unknown time zone is an error, not UTC", "[core][numbering]") {
    CHECK(ValidateTimeZone("Europe/Berlin").ok());
    auto bad = ValidateTimeZone("Europe/Berlinn");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("Europe/Berlinn") != std::string::npos);
}

TEST_CASE("A device slot outside the site's slots cannot issue", "[core][numbering]") {
    TestDevice d("kiosk-1", 12, test::SmallCatalogue());
    auto r = d.Do(IssueTicket{"abh.permit-extension", "de", "", false, 0}, kMorning);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
}
