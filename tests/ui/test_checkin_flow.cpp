// "I have an appointment" through the kiosk's view model against a real store: a USB
// scanner's burst (the reference and Enter) on the home screen checks in; slow typing and text
// that is no reference do not; the pad checks in too; late offers a ticket, unknown says so.
#include <catch2/catch.hpp>

#include <filesystem>

#include "i18n/messages/messages.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"

using namespace anl;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMonday = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin
constexpr Micros kMinute = kMicrosPerMinute;
constexpr Micros kMs = 1000;

struct Site {
    fs::path dir;
    FakeClock clock{kMonday};
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;
    core::Slot slot;  // Wednesday 2026-01-07, 09:00 local, abh.settlement-permit

    Site() {
        dir = fs::temp_directory_path() / ("anl-checkin-test-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat.value());
        auto m = messages::Messages::Load(messages::Messages::DefaultDir());
        REQUIRE(m.ok());
        messages.emplace(std::move(m.value()));
        REQUIRE(messages->SetTimeZone("Europe/Berlin").ok());
        auto s = store::Store::Open(dir / "site.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, catalogue, core::Device{"k-1", "site-1", 0, anl::Role::kKiosk}).ok());
        auto slots = core::DeriveSlots(catalogue, "site-1", "abh.settlement-permit", "2026-01-07", "Europe/Berlin");
        REQUIRE(slots.ok());
        for (const auto& candidate : *slots)
            if (core::LocalDateTime(candidate.start_us, "Europe/Berlin") == "2026-01-07 09:00") slot = candidate;
        REQUIRE_FALSE(slot.id.empty());
        REQUIRE(store->ReplaceEscrow({{slot.id, slot.service_id, slot.start_us, slot.end_us, slot.start_us}}).ok());
    }
    ~Site() { store.reset(); fs::remove_all(dir); }

    std::string Book(const std::string& lang) {
        auto booked = store->BookAppointment({slot.id, lang});
        REQUIRE(booked.ok());
        return booked->reference;
    }
    // What the terminal does with the flow's request (the store worker's call).
    void Answer(ui::KioskFlow& flow) {
        auto reference = flow.TakeCheckInRequest();
        REQUIRE(reference.has_value());
        auto checked = store->CheckInAppointment(*reference);
        REQUIRE(checked.ok());
        flow.OnCheckIn(app::CheckInAnswerOf(*checked, catalogue));
    }
};

ui::UiAction Act(ui::Action kind, std::string id = {}, int value = 0, std::string text = {}) {
    return ui::UiAction{kind, std::move(id), value, std::move(text)};
}

// A scanner: every character a few milliseconds after the one before, then Enter.
Micros Scan(ui::KioskFlow& flow, const std::string& text, Micros at, Micros per_key = 8 * kMs) {
    for (char c : text) {
        flow.Keyboard(std::string(1, c), false, at);
        at += per_key;
    }
    flow.Keyboard("", true, at);
    return at;
}

}  // namespace

TEST_CASE("A scanner burst typed on the home screen checks the visitor in", "[ui][kiosk][checkin]") {
    Site site;
    const std::string reference = site.Book("ps");
    REQUIRE(reference == "A-0107-0900-B1");  // the office's second appointment service
    ui::KioskFlow flow(site.catalogue, *site.messages, ui::KioskSettings{});
    Micros t = site.slot.start_us - 10 * kMinute;
    site.clock.Set(t);
    flow.Apply(Act(ui::Action::kChooseLanguage, "ar"), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kHome);
    CHECK_FALSE(flow.Home().appointment_label.empty());  // "I have an appointment" is offered

    // Slow keys (a person at a keyboard) are no scan; nor is a burst that is no reference.
    for (char c : reference) flow.Keyboard(std::string(1, c), false, t += 400 * kMs);
    flow.Keyboard("", true, t += 8 * kMs);  // even with Enter right after the last key
    CHECK_FALSE(flow.TakeCheckInRequest().has_value());
    Scan(flow, "HELLO", t += kMinute);
    CHECK_FALSE(flow.TakeCheckInRequest().has_value());
    CHECK(flow.screen() == ui::KioskScreen::kHome);

    Scan(flow, reference, t += kMinute);
    CHECK(flow.screen() == ui::KioskScreen::kCheckInResult);
    CHECK(flow.CheckInResult().pending);
    site.Answer(flow);
    const ui::CheckInResultView view = flow.CheckInResult();
    CHECK(view.ok);
    CHECK(view.reference == reference);
    CHECK(view.number.rfind("A-", 0) == 0);
    CHECK(view.message == site.messages->Format("ar", "kiosk.checkin.done",
                                                messages::Args().Date("time", site.slot.start_us)));
    // The ticket waits with the appointment's priority; a second scan gives no second ticket.
    const auto& state = site.store->state();
    REQUIRE(state.visits.size() == 1);
    CHECK(state.visits.begin()->second.appointment_due_at == site.slot.start_us);
    flow.Apply(Act(ui::Action::kTicketDone), t);
    CHECK(flow.screen() == ui::KioskScreen::kLanguage);
    Scan(flow, reference, t += kMinute);
    site.Answer(flow);
    CHECK(flow.CheckInResult().message == std::string(site.messages->Text("ps", "kiosk.checkin.arrived")));
    CHECK(flow.lang() == "ps");  // scanned before choosing a language: the booking's language
    CHECK(flow.CheckInResult().number == view.number);
    CHECK(site.store->state().visits.size() == 1);
}

TEST_CASE("The reference pad checks in, and early, late and unknown each say so", "[ui][kiosk][checkin]") {
    Site site;
    const std::string reference = site.Book("de");
    ui::KioskFlow flow(site.catalogue, *site.messages, ui::KioskSettings{});
    Micros t = site.slot.start_us - 90 * kMinute;
    site.clock.Set(t);
    flow.Apply(Act(ui::Action::kChooseLanguage, "en"), t);
    flow.Apply(Act(ui::Action::kOpenCheckIn), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kCheckIn);
    CHECK(flow.CheckIn().keys.size() == 36);
    for (char c : std::string("A01070900B")) flow.Apply(Act(ui::Action::kCheckInType, {}, 0, std::string(1, c)), t);
    CHECK_FALSE(flow.CheckIn().can_submit);
    flow.Apply(Act(ui::Action::kCheckInType, {}, 0, "7"), t);
    flow.Apply(Act(ui::Action::kCheckInErase), t);
    flow.Apply(Act(ui::Action::kCheckInType, {}, 0, "1"), t);
    CHECK(flow.CheckIn().typed == "A-0107-0900-B1");
    REQUIRE(flow.CheckIn().can_submit);

    SECTION("early: when to come back") {
        flow.Apply(Act(ui::Action::kCheckInSubmit), t);
        site.Answer(flow);
        const auto view = flow.CheckInResult();
        CHECK_FALSE(view.ok);
        CHECK(view.message == site.messages->Format("en", "kiosk.checkin.early",
                                                    messages::Args().Date("time", site.slot.start_us - 30 * kMinute)));
        CHECK(view.message.find("8:30") != std::string::npos);
        CHECK(view.chrome.show_back);  // back to the pad
    }
    SECTION("late: a ticket instead, at the appointment's office") {
        site.clock.Set(site.slot.start_us + 20 * kMinute);
        flow.Apply(Act(ui::Action::kCheckInSubmit), t);
        site.Answer(flow);
        const auto view = flow.CheckInResult();
        CHECK(view.message == std::string(site.messages->Text("en", "kiosk.checkin.late")));
        CHECK(view.take_ticket_office == "abh");
        flow.Apply(Act(ui::Action::kChooseOffice, view.take_ticket_office), t);
        CHECK(flow.screen() == ui::KioskScreen::kOfficeServices);
        CHECK(site.store->state().visits.empty());
    }
    SECTION("unknown") {
        flow.Apply(Act(ui::Action::kCheckInErase), t);
        flow.Apply(Act(ui::Action::kCheckInType, {}, 0, "2"), t);
        flow.Apply(Act(ui::Action::kCheckInSubmit), t);
        site.Answer(flow);
        CHECK(flow.CheckInResult().message == std::string(site.messages->Text("en", "kiosk.checkin.not_found")));
        flow.Apply(Act(ui::Action::kBack), t);
        CHECK(flow.screen() == ui::KioskScreen::kCheckIn);
    }
    SECTION("on time") {
        site.clock.Set(site.slot.start_us);
        flow.Apply(Act(ui::Action::kCheckInSubmit), t);
        site.Answer(flow);
        CHECK(flow.CheckInResult().ok);
        CHECK(site.store->state().visits.size() == 1);
    }
}
