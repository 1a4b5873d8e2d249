// Booking an appointment at the kiosk, through the kiosk's view model against a real store
// (the store worker's calls made here in the test's thread): a day is picked, a time, the
// booking is confirmed with its reference and QR code; a time taken meanwhile brings the
// visitor back to the next free times; offline only the escrow's slots are offered; a full
// day cannot be picked; two kiosks offline never give out the same slot.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "i18n/messages/messages.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/qr/qr.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"

using namespace anl;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMonday = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin
constexpr Micros kMinute = kMicrosPerMinute;
const std::string kService = "abh.settlement-permit";
const std::string kZone = "Europe/Berlin";

struct Shared {
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    Shared() {
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat.value());
        auto m = messages::Messages::Load(messages::Messages::DefaultDir());
        REQUIRE(m.ok());
        messages.emplace(std::move(m.value()));
        REQUIRE(messages->SetTimeZone(kZone).ok());
    }
};

// One kiosk: its store with an escrow, its flow, and the store worker's part done in the test.
struct Kiosk {
    fs::path dir;
    FakeClock clock{kMonday};
    std::unique_ptr<store::Store> store;
    std::set<std::string> free_at_central;  // online: what the central lists as free
    bool online = false;

    Kiosk(const Shared& shared, const std::string& device, const std::vector<core::Slot>& escrow) {
        dir = fs::temp_directory_path() /
              ("anl-booking-test-" + std::to_string(::getpid()) + "-" + device + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        auto s = store::Store::Open(dir / "kiosk.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, shared.catalogue, core::Device{device, "site-1", 0, Role::kKiosk})
                    .ok());
        std::vector<store::EscrowSlot> held;
        for (const auto& slot : escrow)
            held.push_back({slot.id, slot.service_id, slot.start_us, slot.end_us, kMonday + 24 * 3600LL * kMicrosPerSecond});
        REQUIRE(store->ReplaceEscrow(held).ok());
    }
    ~Kiosk() {
        store.reset();
        fs::remove_all(dir);
    }
    const std::set<std::string>* Central() const { return online ? &free_at_central : nullptr; }

    // What the terminal does with the flow's request (StoreService::BookingDays / Book).
    void Answer(ui::KioskFlow& flow) {
        auto request = flow.TakeBookingRequest();
        REQUIRE(request.has_value());
        const Micros now = clock.NowUtcMicros();
        if (request->kind == ui::BookingRequest::Kind::kDays) {
            auto days = app::BookableDays(*store, request->service_id, now, Central());
            REQUIRE(days.ok());
            flow.OnBookingDays(request->service_id, std::move(days).value());
            return;
        }
        auto booked = store->BookAppointment({request->slot_id, request->lang});
        flow.OnBooking(app::BookingAnswerOf(booked, *store, request->service_id, now, Central()));
    }
};

ui::UiAction Act(ui::Action kind, std::string id = {}, int value = 0) { return ui::UiAction{kind, std::move(id), value, {}}; }

// The slots of the service on Wednesday 2026-01-07 (local), every seat.
std::vector<core::Slot> Wednesday(const Shared& shared) {
    auto slots = core::DeriveSlots(shared.catalogue, "site-1", kService, "2026-01-07", kZone);
    REQUIRE(slots.ok());
    REQUIRE(slots->size() >= 6);
    return *slots;
}

// Language, the service, "book an appointment", the store's days.
void OpenDayPicker(ui::KioskFlow& flow, Kiosk& kiosk, const std::string& lang, Micros t) {
    flow.Apply(Act(ui::Action::kChooseLanguage, lang), t);
    flow.Apply(Act(ui::Action::kChooseService, kService), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kService);
    CHECK(flow.Service().needs_appointment);
    flow.Apply(Act(ui::Action::kBookAppointment), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kBookDay);
    CHECK(flow.BookingDays().pending);
    kiosk.Answer(flow);
    CHECK_FALSE(flow.BookingDays().pending);
}

// The day picker's index of the day whose weekday reads `weekday` (-1 none).
int DayIndex(const ui::KioskFlow& flow, const std::string& weekday) {
    const auto view = flow.BookingDays();
    for (size_t i = 0; i < view.days.size(); ++i) {
        if (view.days[i].weekday == weekday) return int(i);
    }
    return -1;
}

// Noon UTC of a day in January 2026.
Micros Noon(int day_of_january) {
    return 1'767'225'600'000'000 + (day_of_january - 1) * 24 * 3600LL * kMicrosPerSecond + 12 * 60 * kMinute;
}

}  // namespace

TEST_CASE("Kiosk booking offline: a day, a time, the confirmation with reference and QR", "[ui][kiosk][booking]") {
    Shared shared;
    const auto wednesday = Wednesday(shared);
    // The escrow: three slots on Wednesday (09:00, 09:30, 10:00 local, first seat each).
    std::vector<core::Slot> escrow;
    for (const auto& s : wednesday) {
        const std::string local = core::LocalDateTime(s.start_us, kZone);
        if (s.seat == 1 && (local == "2026-01-07 09:00" || local == "2026-01-07 09:30" || local == "2026-01-07 10:00"))
            escrow.push_back(s);
    }
    REQUIRE(escrow.size() == 3);
    Kiosk kiosk(shared, "k-1", escrow);
    ui::KioskFlow flow(shared.catalogue, *shared.messages, ui::KioskSettings{});
    Micros t = kMonday;
    OpenDayPicker(flow, kiosk, "ar", t);

    // Ten working days; offline only Wednesday (the escrow's day) can be picked.
    const ui::BookingDaysView days = flow.BookingDays();
    REQUIRE(days.days.size() == size_t(ui::kBookingDays));
    CHECK(days.title == std::string(shared.messages->Text("ar", "kiosk.booking.choose_day")));
    const std::string wednesday_name = shared.messages->Format("ar", "kiosk.booking.weekday", messages::Args().Date("time", Noon(7)));
    const int wed = DayIndex(flow, wednesday_name);
    REQUIRE(wed >= 0);
    for (size_t i = 0; i < days.days.size(); ++i) {
        if (int(i) == wed) {
            CHECK(days.days[i].state != ui::DayState::kFull);
        } else {
            CHECK(days.days[i].state == ui::DayState::kFull);
            CHECK(days.days[i].availability == std::string(shared.messages->Text("ar", "kiosk.booking.full")));
        }
    }

    // A full day cannot be picked: nothing happens.
    const int full = wed == 0 ? 1 : 0;
    flow.Apply(Act(ui::Action::kChooseBookingDay, {}, full), t);
    CHECK(flow.screen() == ui::KioskScreen::kBookDay);
    CHECK_FALSE(flow.TakeBookingRequest().has_value());

    flow.Apply(Act(ui::Action::kChooseBookingDay, {}, wed), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kBookTime);
    const ui::BookingTimesView times = flow.BookingTimes();
    REQUIRE(times.times.size() == 3);  // the escrow's times only
    for (size_t i = 0; i < 3; ++i) {
        CHECK(times.times[i].slot_id == escrow[i].id);
        // In the visitor's language with ICU's conventions (Arabic digits, the site's zone).
        CHECK(times.times[i].label ==
              shared.messages->Format("ar", "kiosk.booking.time", messages::Args().Date("time", escrow[i].start_us)));
    }
    CHECK(times.note.empty());
    // A slot outside the escrow (another seat, another time) is never sent to the store.
    flow.Apply(Act(ui::Action::kChooseBookingSlot, wednesday.back().id), t);
    CHECK(flow.screen() == ui::KioskScreen::kBookTime);
    CHECK_FALSE(flow.TakeBookingRequest().has_value());

    flow.Apply(Act(ui::Action::kChooseBookingSlot, escrow[1].id), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kBooked);
    CHECK(flow.Booked().pending);
    kiosk.Answer(flow);
    const ui::BookedView booked = flow.Booked();
    REQUIRE_FALSE(booked.pending);
    REQUIRE(kiosk.store->Appointments().size() == 1);
    const core::Appointment a = kiosk.store->Appointments().front();
    CHECK(a.slot_id == escrow[1].id);
    CHECK(a.lang == "ar");
    CHECK(booked.reference == a.reference);
    CHECK(booked.reference == "A-0107-0930-B1");
    auto qr = qr::Encode(a.reference);
    REQUIRE(qr.ok());
    CHECK(booked.qr_size == qr->size);
    CHECK(booked.qr_modules == std::vector<unsigned char>(qr->modules.begin(), qr->modules.end()));
    CHECK(booked.when == shared.messages->Format("ar", "slip.booking.when", messages::Args().Date("time", escrow[1].start_us)));
    CHECK_FALSE(booked.office_name.empty());
    CHECK(booked.documents.size() == shared.catalogue.FindService(kService)->document_ids.size());
    CHECK(booked.printer_problem.empty());
    flow.OnBookingPrintFailed(a.reference);
    CHECK_FALSE(flow.Booked().printer_problem.empty());
    flow.Apply(Act(ui::Action::kTicketDone), t);
    CHECK(flow.screen() == ui::KioskScreen::kLanguage);
}

TEST_CASE("Kiosk booking: a time taken meanwhile brings back the next free times, calmly", "[ui][kiosk][booking]") {
    Shared shared;
    const auto wednesday = Wednesday(shared);
    std::vector<core::Slot> escrow(wednesday.begin(), wednesday.begin() + 3);
    Kiosk kiosk(shared, "k-1", escrow);
    ui::KioskFlow flow(shared.catalogue, *shared.messages, ui::KioskSettings{});
    const Micros t = kMonday;
    OpenDayPicker(flow, kiosk, "de", t);
    const int wed = DayIndex(flow, shared.messages->Format("de", "kiosk.booking.weekday", messages::Args().Date("time", Noon(7))));
    REQUIRE(wed >= 0);
    flow.Apply(Act(ui::Action::kChooseBookingDay, {}, wed), t);
    REQUIRE(flow.BookingTimes().times.size() >= 2);
    const std::string chosen = flow.BookingTimes().times.front().slot_id;
    flow.Apply(Act(ui::Action::kChooseBookingSlot, chosen), t);
    // Meanwhile the same slot is booked on this terminal by another way (a desk, the ctl).
    REQUIRE(kiosk.store->BookAppointment({chosen, "en"}).ok());
    kiosk.Answer(flow);

    REQUIRE(flow.screen() == ui::KioskScreen::kBookTime);
    const ui::BookingTimesView again = flow.BookingTimes();
    CHECK(again.note == std::string(shared.messages->Text("de", "kiosk.booking.taken")));
    for (const auto& time : again.times) CHECK(time.slot_id != chosen);
    CHECK_FALSE(again.times.empty());
    CHECK(kiosk.store->Appointments().size() == 1);  // nothing booked twice
    // The visitor takes the next free time.
    flow.Apply(Act(ui::Action::kChooseBookingSlot, again.times.front().slot_id), t);
    kiosk.Answer(flow);
    REQUIRE(flow.screen() == ui::KioskScreen::kBooked);
    CHECK_FALSE(flow.Booked().reference.empty());
    CHECK(kiosk.store->Appointments().size() == 2);

    // When no time at all is left, the day picker says so in one sentence instead.
    Kiosk lonely(shared, "k-2", {wednesday.front()});
    ui::KioskFlow second(shared.catalogue, *shared.messages, ui::KioskSettings{});
    OpenDayPicker(second, lonely, "en", t);
    const int day = DayIndex(second, shared.messages->Format("en", "kiosk.booking.weekday", messages::Args().Date("time", Noon(7))));
    second.Apply(Act(ui::Action::kChooseBookingDay, {}, day), t);
    second.Apply(Act(ui::Action::kChooseBookingSlot, wednesday.front().id), t);
    REQUIRE(lonely.store->BookAppointment({wednesday.front().id, "en"}).ok());
    lonely.Answer(second);
    REQUIRE(second.screen() == ui::KioskScreen::kBookDay);
    CHECK(second.BookingDays().message == std::string(shared.messages->Text("en", "kiosk.booking.taken_all")));
}

TEST_CASE("Kiosk booking online offers the central's free slots besides the escrow", "[ui][kiosk][booking]") {
    Shared shared;
    const auto wednesday = Wednesday(shared);
    Kiosk kiosk(shared, "k-1", {wednesday.front()});
    // Online the central lists Thursday's first slots as free; offline they are not offered.
    auto thursday = core::DeriveSlots(shared.catalogue, "site-1", kService, "2026-01-08", kZone);
    REQUIRE(thursday.ok());
    REQUIRE(thursday->size() >= 4);
    for (size_t i = 0; i < 4; ++i) kiosk.free_at_central.insert((*thursday)[i].id);
    for (bool online : {false, true}) {
        kiosk.online = online;
        ui::KioskFlow flow(shared.catalogue, *shared.messages, ui::KioskSettings{});
        OpenDayPicker(flow, kiosk, "en", kMonday);
        const int thu = DayIndex(flow, shared.messages->Format("en", "kiosk.booking.weekday", messages::Args().Date("time", Noon(8))));
        REQUIRE(thu >= 0);
        CHECK((flow.BookingDays().days[size_t(thu)].state != ui::DayState::kFull) == online);
    }
}

TEST_CASE("Two kiosks offline never give out the same slot", "[ui][kiosk][booking][appointments]") {
    Shared shared;
    const auto wednesday = Wednesday(shared);
    // The central grants each kiosk its own escrow (never the same slot twice).
    std::vector<core::Slot> first, second;
    for (size_t i = 0; i < wednesday.size() && i < 8; ++i) (i % 2 ? second : first).push_back(wednesday[i]);
    Kiosk k1(shared, "k-1", first), k2(shared, "k-2", second);
    std::set<std::string> slots, references;
    for (Kiosk* k : {&k1, &k2}) {
        // Visitor after visitor books the first time offered until nothing is left.
        for (int visitor = 0; visitor < 10; ++visitor) {
            ui::KioskFlow flow(shared.catalogue, *shared.messages, ui::KioskSettings{});
            OpenDayPicker(flow, *k, "en", kMonday + visitor * kMinute);
            const auto days = flow.BookingDays();
            int pick = -1;
            for (size_t i = 0; i < days.days.size() && pick < 0; ++i)
                if (days.days[i].state != ui::DayState::kFull) pick = int(i);
            if (pick < 0) break;
            flow.Apply(Act(ui::Action::kChooseBookingDay, {}, pick), kMonday);
            flow.Apply(Act(ui::Action::kChooseBookingSlot, flow.BookingTimes().times.front().slot_id), kMonday);
            k->Answer(flow);
            REQUIRE(flow.screen() == ui::KioskScreen::kBooked);
        }
    }
    // Every slot of each escrow was booked exactly once, by its own kiosk only.
    for (auto [k, mine] : {std::pair{&k1, &first}, std::pair{&k2, &second}}) {
        const auto booked = k->store->Appointments();
        CHECK(booked.size() == mine->size());
        for (const auto& a : booked) {
            CHECK(std::any_of(mine->begin(), mine->end(), [&](const core::Slot& s) { return s.id == a.slot_id; }));
            CHECK(slots.insert(a.slot_id).second);
            CHECK(references.insert(core::NormaliseReference(a.reference)).second);
        }
    }
    CHECK(slots.size() == first.size() + second.size());
    // A stale or forged request for the other kiosk's slot is not booked: the visitor chooses again.
    auto refused = k1.store->BookAppointment({second.back().id, "en"});
    CHECK_FALSE(refused.ok());
    CHECK(app::BookingAnswerOf(refused, *k1.store, kService, kMonday, nullptr).kind == ui::BookingAnswer::Kind::kTaken);
}

TEST_CASE("Regression: back from the day picker before the days came left booking stuck 'pending'",
          "[ui][kiosk][booking]") {
    Shared shared;
    const auto wednesday = Wednesday(shared);
    Kiosk kiosk(shared, "k-1", {wednesday.front()});
    ui::KioskFlow flow(shared.catalogue, *shared.messages, ui::KioskSettings{});
    const Micros t = kMonday;
    flow.Apply(Act(ui::Action::kChooseLanguage, "en"), t);
    flow.Apply(Act(ui::Action::kChooseService, kService), t);
    flow.Apply(Act(ui::Action::kBookAppointment), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kBookDay);
    auto first = flow.TakeBookingRequest();
    REQUIRE(first.has_value());
    flow.Apply(Act(ui::Action::kBack), t);  // the visitor goes back while the store works
    REQUIRE(flow.screen() == ui::KioskScreen::kService);
    flow.OnBookingDays(kService, {});        // the late answer changes nothing here
    CHECK(flow.screen() == ui::KioskScreen::kService);
    flow.Apply(Act(ui::Action::kBookAppointment), t);  // and asks again: a new request
    REQUIRE(flow.screen() == ui::KioskScreen::kBookDay);
    kiosk.Answer(flow);
    CHECK_FALSE(flow.BookingDays().pending);
    const auto days = flow.BookingDays();
    CHECK(std::any_of(days.days.begin(), days.days.end(),
                      [](const ui::BookingDayButton& d) { return d.state != ui::DayState::kFull; }));
}
