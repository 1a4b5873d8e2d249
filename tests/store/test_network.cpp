// The desk's network in the store (issue 12): the partner directory and case management kept
// with the catalogue, referrals and hand-offs as events, a hand-off with its first
// case-management appointment, and all of it across a reopen and a rebuild; then the ctl twins.
#include <nlohmann/json.hpp>

#include "ctl_run.h"
#include "store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {

constexpr Micros kNow = 1'796'029'200'000'000;  // Monday 2026-11-30 09:00 UTC

catalogue::Catalogue Network() {
    auto c = SmallCatalogue();
    catalogue::Service cm;
    cm.id = "fsa.case-management";
    cm.office_id = "fsa";
    cm.needs_appointment = true;
    c.services.push_back(cm);
    for (int day = 1; day <= 5; ++day) c.office_hours["fsa"].push_back({day, 9 * 60, 12 * 60});  // mon-fri 09-12
    c.partners = {{"law-clinic", "Law Clinic e. V.", "Hauptstraße 1", "Di 16–19 Uhr", {"de", "ar"}, {"asylum-law"},
                   "https://law.example"}};
    c.case_management = {"fsa.case-management", {"several-offices", "housing-risk"}};
    return c;
}

std::unique_ptr<store::Store> Init(const std::filesystem::path& file, const Clock& clock, const std::string& role) {
    auto s = OpenStore(file, clock);
    REQUIRE(s->Initialise(store::SiteSettings{}, Network(),
                          core::Device{role + "-1", "site-1", 1, anl::ParseRole(role).value()}).ok());
    return s;
}

}  // namespace

TEST_CASE("store: partners and case management are kept with the catalogue", "[store][referral]") {
    TempDir dir;
    FakeClock clock(kNow);
    { auto s = Init(dir / "d.db", clock, "desk"); }
    auto s = OpenStore(dir / "d.db", clock);
    REQUIRE(s->catalogue().partners.size() == 1);
    const auto& p = s->catalogue().partners[0];
    CHECK(p.name == "Law Clinic e. V.");
    CHECK(p.hours == "Di 16–19 Uhr");
    CHECK(p.languages == std::vector<std::string>{"de", "ar"});
    CHECK(p.topics == std::vector<std::string>{"asylum-law"});
    CHECK(p.web == "https://law.example");
    CHECK(s->catalogue().case_management.service_id == "fsa.case-management");
    CHECK(s->catalogue().case_management.reasons.size() == 2);
}

TEST_CASE("store: a desk refers and hands on, a kiosk may not", "[store][referral][handoff]") {
    TempDir dir;
    FakeClock clock(kNow);
    auto desk = Init(dir / "d.db", clock, "desk");
    std::string ticket = Issue(*desk);

    auto referral = desk->GiveReferral({"law-clinic", "abh", "abh.permit-extension"}, "");
    REQUIRE(referral.ok());
    CHECK(referral->type == "referral.given");
    CHECK(*desk->PendingCount() == 2);  // the ticket and the referral wait to be sent

    // The first case-management appointment, booked from the desk's escrow.
    auto slot = core::DeriveSlots(desk->catalogue(), "site-1", "fsa.case-management", "2026-12-01",
                                  desk->site().rules.time_zone);
    REQUIRE(slot.ok());
    REQUIRE_FALSE(slot->empty());
    const core::Slot& first = slot->front();
    REQUIRE(desk->ReplaceEscrow({{first.id, first.service_id, first.start_us, first.end_us, kNow + 86'400'000'000}}).ok());
    auto booked = desk->BookAppointment({first.id, "ar"});
    REQUIRE(booked.ok());

    auto handed = desk->HandToCaseManagement({ticket, "housing-risk", booked->id, false, ""}, "");
    INFO((handed.ok() ? "" : handed.error().message));
    REQUIRE(handed.ok());
    CHECK(handed->display == "A-101");
    CHECK(handed->appointment_id == booked->id);
    CHECK(handed->name.empty());
    CHECK(desk->HandToCaseManagement({ticket, "housing-risk", "", false, "Amina"}, "").error().code ==
          ErrorCode::kRejected);

    // Across a reopen and a rebuild from the events.
    desk.reset();
    auto again = OpenStore(dir / "d.db", clock);
    REQUIRE(again->Handoffs().size() == 1);
    CHECK(again->Handoffs()[0].reason == "housing-risk");
    CHECK(again->Handoffs()[0].display == "A-101");
    REQUIRE(again->RebuildProjection().ok());
    REQUIRE(again->Handoffs().size() == 1);
    CHECK(again->Handoffs()[0].appointment_id == booked->id);

    auto kiosk = Init(dir / "k.db", clock, "kiosk");
    CHECK(kiosk->GiveReferral({"law-clinic", "abh", "abh.permit-extension"}, "").error().code == ErrorCode::kRejected);
}

TEST_CASE("store: moving a booking books the new slot first, the old one stands when the new is not held",
          "[store][appointments]") {
    TempDir dir;
    FakeClock clock(kNow);
    auto desk = Init(dir / "d.db", clock, "desk");
    auto slots = core::DeriveSlots(desk->catalogue(), "site-1", "fsa.case-management", "2026-12-01",
                                   desk->site().rules.time_zone);
    REQUIRE(slots.ok());
    REQUIRE(slots->size() >= 3);
    auto escrowed = [&](const core::Slot& s) {
        return store::EscrowSlot{s.id, s.service_id, s.start_us, s.end_us, kNow + 86'400'000'000};
    };
    REQUIRE(desk->ReplaceEscrow({escrowed((*slots)[0]), escrowed((*slots)[1])}).ok());
    auto booked = desk->BookAppointment({(*slots)[0].id, "ti"});
    REQUIRE(booked.ok());

    // A slot this terminal does not hold: refused, and the visitor keeps the old booking.
    auto refused = desk->MoveAppointment(booked->reference, (*slots)[2].id);
    REQUIRE_FALSE(refused.ok());
    CHECK(desk->state().appointments.at(booked->id).status == core::AppointmentStatus::kBooked);
    CHECK(desk->MoveAppointment(booked->reference, "site-1/abh.permit-extension/2026-12-01T08:00Z/1").error().code ==
          ErrorCode::kInvalidInput);
    CHECK(desk->MoveAppointment("X-0000-0000-1", (*slots)[1].id).error().code == ErrorCode::kNotFound);

    auto moved = desk->MoveAppointment(booked->reference, (*slots)[1].id);
    INFO((moved.ok() ? "" : moved.error().message));
    REQUIRE(moved.ok());
    CHECK(moved->slot_id == (*slots)[1].id);
    CHECK(moved->lang == "ti");  // the visitor's language goes with the booking
    CHECK(desk->state().appointments.at(booked->id).status == core::AppointmentStatus::kCancelled);
    CHECK(desk->state().appointments.at(moved->id).status == core::AppointmentStatus::kBooked);
}

TEST_CASE("anlaufstelle-ctl referral and handoff: the desk's twins", "[store][ctl][referral][handoff]") {
    TempDir dir;
    std::string db = "--db " + (dir / "x.db").string();
    REQUIRE(Ctl(db + " init --role desk --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue").exit_code == 0);

    auto partners = Ctl(db + " referral partners --topic asylum-law --json");
    INFO(partners.out);
    REQUIRE(partners.exit_code == 0);
    auto list = nlohmann::json::parse(partners.out)["partners"];
    REQUIRE(list.size() == 2);
    CHECK(list[0]["id"] == "refugee-law-clinic");
    CHECK(list[0]["qr"] == "https://www.rlc-neustadt.example/beratung");

    REQUIRE(Ctl(db + " ticket issue --service abh.permit-extension --lang ar").exit_code == 0);
    auto given = Ctl(db + " referral give --partner refugee-law-clinic --ticket A-001 --json");
    INFO(given.out);
    REQUIRE(given.exit_code == 0);
    auto event = nlohmann::json::parse(given.out)["event"];
    CHECK(event["type"] == "referral.given");
    CHECK(event["payload"] == nlohmann::json{{"partner_id", "refugee-law-clinic"}, {"office_id", "abh"},
                                             {"service_id", "abh.permit-extension"}, {"staff", ""}});
    CHECK(Ctl(db + " referral give --partner nobody --ticket A-001").exit_code == 2);
    CHECK(Ctl(db + " referral give --partner refugee-law-clinic").exit_code == 1);

    auto reasons = Ctl(db + " handoff reasons --json");
    REQUIRE(reasons.exit_code == 0);
    CHECK(nlohmann::json::parse(reasons.out)["service"] == "int.case-management");

    // No name without consent; free text is not a reason.
    CHECK(Ctl(db + " handoff give --ticket A-001 --reason housing-risk --name Amina").exit_code == 3);
    CHECK(Ctl(db + " handoff give --ticket A-001 --reason 'no flat'").exit_code == 1);
    auto handed = Ctl(db + " handoff give --ticket A-001 --reason several-offices --consent --name 'Amina K.' --json");
    INFO(handed.out);
    REQUIRE(handed.exit_code == 0);
    CHECK(nlohmann::json::parse(handed.out)["name"] == "Amina K.");
    auto handoffs = Ctl(db + " handoff list --json");
    REQUIRE(handoffs.exit_code == 0);
    auto h = nlohmann::json::parse(handoffs.out)["handoffs"];
    REQUIRE(h.size() == 1);
    CHECK(h[0]["number"] == "A-001");
    CHECK(h[0]["reason"] == "several-offices");
    CHECK(h[0]["to_service"] == "int.case-management");

    // The desk's day: an office's bookings (none yet here), an unknown office named.
    auto today = Ctl(db + " appointment today --office int --json");
    INFO(today.out);
    REQUIRE(today.exit_code == 0);
    CHECK(nlohmann::json::parse(today.out)["appointments"].empty());
    CHECK(Ctl(db + " appointment today --office nowhere").exit_code == 2);
    CHECK(Ctl(db + " appointment move --ref X-0000-0000-1 --slot x --offline").exit_code == 2);
}
