// The terminal's appointment slots in its store: the escrow, booking offline only from it,
// cancelling at desks, refusals from the central, and all of it across a reopen.
#include <catch2/catch.hpp>

#include "../store/store_fixtures.h"

using namespace anl;
using namespace anl::test;

namespace {

// Monday 2026-11-30 09:00 UTC: the test's "now".
constexpr Micros kNow = 1'796'029'200'000'000;

catalogue::Catalogue WithHours() {
    auto c = SmallCatalogue();
    c.office_hours["abh"] = catalogue::ParseOpeningHours("mon-fri 08:00-12:00").value();
    c.service_slots["abh.family-reunification"] = catalogue::SlotSettings{60, 1};
    return c;
}

std::unique_ptr<store::Store> Init(const std::filesystem::path& file, const Clock& clock, const std::string& device,
                                   anl::Role role) {
    auto s = OpenStore(file, clock);
    REQUIRE(s->Initialise(store::SiteSettings{}, WithHours(), core::Device{device, "site-1", 1, role}).ok());
    return s;
}

// A slot of abh.family-reunification on Tuesday 2026-12-01 at `hour` local time (UTC+1).
std::string Slot(int hour) {
    return core::SlotId("site-1", "abh.family-reunification", kNow + (24 + hour - 1 - 9) * 3600LL * 1'000'000, 1);
}

store::EscrowSlot Escrowed(const std::string& slot, Micros expires = kNow + 24 * 3600LL * 1'000'000) {
    auto parsed = core::ParseSlotId(slot).value();
    return {slot, parsed.service_id, parsed.start_us, parsed.start_us + 3600LL * 1'000'000, expires};
}

}  // namespace

TEST_CASE("a terminal books offline only from its escrow, once per slot", "[appointments]") {
    TempDir dir;
    FakeClock clock(kNow);
    auto kiosk = Init(dir / "k.db", clock, "kiosk-1", anl::Role::kKiosk);
    REQUIRE(kiosk->ReplaceEscrow({Escrowed(Slot(8)), Escrowed(Slot(9))}).ok());
    REQUIRE(kiosk->Escrow()->size() == 2);

    auto booked = kiosk->BookAppointment({Slot(8), "ps"});
    INFO((booked.ok() ? "" : booked.error().message));
    REQUIRE(booked.ok());
    CHECK(booked->reference == "A-1201-0800-1");
    CHECK(booked->status == core::AppointmentStatus::kBooked);
    CHECK(*kiosk->PendingCount() == 1);  // the booking is an event in the outbox
    CHECK(kiosk->Escrow()->size() == 1);  // a given-out slot leaves the escrow

    auto again = kiosk->BookAppointment({Slot(8), "de"});
    CHECK(again.error().code == ErrorCode::kRejected);
    auto outside = kiosk->BookAppointment({Slot(10), "de"});
    REQUIRE_FALSE(outside.ok());
    CHECK(outside.error().code == ErrorCode::kRejected);
    CHECK(outside.error().message.find("escrow") != std::string::npos);
    CHECK(*kiosk->PendingCount() == 1);  // refusals write nothing

    // An expired hold is no longer the terminal's to give.
    clock.Set(kNow + 25 * 3600LL * 1'000'000);
    CHECK(kiosk->BookAppointment({Slot(9), "de"}).error().code == ErrorCode::kRejected);
    CHECK(kiosk->Escrow()->empty());
}

TEST_CASE("bookings, refusals and the appointment hours survive a reopen", "[appointments]") {
    TempDir dir;
    FakeClock clock(kNow);
    {
        auto kiosk = Init(dir / "k.db", clock, "kiosk-1", anl::Role::kKiosk);
        REQUIRE(kiosk->ReplaceEscrow({Escrowed(Slot(8)), Escrowed(Slot(9))}).ok());
        REQUIRE(kiosk->BookAppointment({Slot(8), "de"}).ok());
        auto mine = kiosk->BookAppointment({Slot(9), "ar"});
        REQUIRE(mine.ok());
        // The central refuses the second booking.
        core::Event refused{"central", 7, "appointment.refused",
                            {{"appointment_id", mine->id}, {"slot_id", Slot(9)}, {"reason", "Another terminal booked this slot first."}},
                            kNow};
        REQUIRE(kiosk->ApplyRemoteEvents({refused}).ok());
    }
    auto reopened = OpenStore(dir / "k.db", clock);
    auto all = reopened->Appointments();
    REQUIRE(all.size() == 2);
    CHECK(all[0].status == core::AppointmentStatus::kBooked);
    CHECK(all[1].status == core::AppointmentStatus::kRefused);
    CHECK(all[1].refused_because == "Another terminal booked this slot first.");
    CHECK(reopened->catalogue().office_hours.at("abh").size() == 5);
    REQUIRE(reopened->ReplaceEscrow({Escrowed(Slot(11))}).ok());
    CHECK(reopened->BookAppointment({Slot(11), "de"}).ok());  // the hours came back from the file
    // A re-fold in any order keeps the same statuses.
    REQUIRE(reopened->RebuildProjection().ok());
    CHECK(reopened->Appointments()[1].status == core::AppointmentStatus::kRefused);
}

TEST_CASE("a desk cancels a kiosk's booking, a kiosk cannot cancel", "[appointments]") {
    TempDir dir;
    FakeClock clock(kNow);
    auto kiosk = Init(dir / "k.db", clock, "kiosk-1", anl::Role::kKiosk);
    auto desk = Init(dir / "d.db", clock, "desk-1", anl::Role::kDesk);
    REQUIRE(kiosk->ReplaceEscrow({Escrowed(Slot(8))}).ok());
    auto booked = kiosk->BookAppointment({Slot(8), "de"});
    REQUIRE(booked.ok());
    CHECK(kiosk->CancelAppointment(booked->reference).error().code == ErrorCode::kRejected);

    auto outbox = kiosk->ReadOutbox(0, 10);
    REQUIRE(outbox.ok());
    REQUIRE(desk->ApplyRemoteEvents(*outbox).ok());
    auto cancelled = desk->CancelAppointment(booked->reference);
    INFO((cancelled.ok() ? "" : cancelled.error().message));
    REQUIRE(cancelled.ok());
    CHECK(cancelled->status == core::AppointmentStatus::kCancelled);
    CHECK(desk->CancelAppointment(booked->reference).error().code == ErrorCode::kNotFound);
    auto desk_outbox = desk->ReadOutbox(0, 10);
    REQUIRE(desk_outbox->size() == 1);
    CHECK(desk_outbox->front().type == "appointment.cancelled");
    CHECK(desk_outbox->front().payload["slot_id"] == Slot(8));
}
