// Accessible modes without a display (docs/accessibility.md): the high-contrast palette holds
// every text/background pair to 7:1 (WCAG 2.2 AAA), the language screen's toggles switch the
// modes and a new session forgets them, the call display flashes with each call, and the
// read-aloud button reads the screen's main text then its choices through the audio seam.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "i18n/messages/messages.h"
#include "kiosk/app/announcer.h"
#include "kiosk/app/read_aloud.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ui/viewmodels/board_model.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "tests/support/wait.h"

using namespace anl;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

struct Data {
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    Data() {
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat.value());
        auto m = messages::Messages::Load(messages::Messages::DefaultDir());
        REQUIRE(m.ok());
        messages.emplace(std::move(m.value()));
    }
};

ui::UiAction Act(ui::Action kind, std::string id = {}) { return ui::UiAction{kind, std::move(id), 0, {}}; }

// The samples of a 16-bit mono WAV file (the announcer's WavDirSink writes them); none while
// the file is still being written.
std::vector<std::int16_t> ReadWav(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 44) return {};
    std::vector<std::int16_t> samples((bytes.size() - 44) / 2);
    std::memcpy(samples.data(), bytes.data() + 44, samples.size() * 2);
    return samples;
}

}  // namespace

TEST_CASE("High contrast: every text and pictogram on its fill is 7 to 1 or more (WCAG 2.2 AAA)", "[ui][access]") {
    const auto pairs = ui::TextPairs(ui::HighContrastPalette());
    REQUIRE(pairs.size() >= 40);
    for (const auto& pair : pairs) {
        INFO(pair.what << ": " << ui::ContrastRatio(pair.text, pair.fill) << ":1");
        CHECK(ui::ContrastRatio(pair.text, pair.fill) >= 7.0);
    }
    // The formula itself: black on white is 21:1, a colour on itself 1:1, WCAG's grey 4.5:1.
    CHECK(ui::ContrastRatio(IM_COL32(0, 0, 0, 255), IM_COL32(255, 255, 255, 255)) == Approx(21.0));
    CHECK(ui::ContrastRatio(IM_COL32(90, 90, 90, 255), IM_COL32(90, 90, 90, 255)) == Approx(1.0));
    CHECK(ui::ContrastRatio(IM_COL32(118, 118, 118, 255), IM_COL32(255, 255, 255, 255)) == Approx(4.54).epsilon(0.01));
}

TEST_CASE("The standard look keeps its texts at WCAG AA (4.5 to 1) at least", "[ui][access]") {
    for (const auto& pair : ui::TextPairs(ui::StandardPalette())) {
        INFO(pair.what << ": " << ui::ContrastRatio(pair.text, pair.fill) << ":1");
        CHECK(ui::ContrastRatio(pair.text, pair.fill) >= 4.5);
    }
}

TEST_CASE("The language screen switches high contrast, large text and low reach, and a new visitor starts without them",
          "[ui][access]") {
    Data d;
    ui::KioskFlow kiosk(d.catalogue, *d.messages, ui::KioskSettings{});
    kiosk.Touched(kMorning);
    CHECK(kiosk.modes() == ui::AccessModes{});
    kiosk.Apply(Act(ui::Action::kToggleHighContrast), kMorning);
    kiosk.Apply(Act(ui::Action::kToggleLargeText), kMorning);
    kiosk.Apply(Act(ui::Action::kToggleLowReach), kMorning);
    CHECK(kiosk.modes().high_contrast);
    CHECK(kiosk.modes().large_text);
    CHECK(kiosk.modes().low_reach);
    kiosk.Apply(Act(ui::Action::kToggleLowReach), kMorning);  // a second touch switches it off
    CHECK_FALSE(kiosk.modes().low_reach);
    // The modes stay with the visitor through the journey ...
    kiosk.Apply(Act(ui::Action::kChooseLanguage, "ar"), kMorning);
    CHECK(kiosk.screen() == ui::KioskScreen::kHome);
    CHECK(kiosk.modes().high_contrast);
    SECTION("... and end with start again") {
        kiosk.Apply(Act(ui::Action::kStartAgain), kMorning);
        CHECK(kiosk.modes() == ui::AccessModes{});
    }
    SECTION("... and end with the inactivity reset") {
        kiosk.Tick(kMorning + ui::KioskSettings{}.inactivity_reset + kMicrosPerSecond);
        CHECK(kiosk.screen() == ui::KioskScreen::kLanguage);
        CHECK(kiosk.modes() == ui::AccessModes{});
    }
    SECTION("... and end when the ticket is done") {
        kiosk.ShowForGallery(ui::KioskScreen::kTicket, "ar", kMorning);
        kiosk.Apply(Act(ui::Action::kTicketDone), kMorning);
        CHECK(kiosk.modes() == ui::AccessModes{});
    }
}

TEST_CASE("Explore by touch: a first touch reads a button, a second touch on it acts, another button reads first",
          "[ui][access]") {
    ui::UiContext context;
    // Without the mode a tap acts at once and nothing is read.
    CHECK(ui::ExploreGate(context, 11, true, "Take a ticket"));
    CHECK(context.explore_say.empty());
    context.modes.explore_by_touch = true;
    CHECK_FALSE(ui::ExploreGate(context, 11, false, "Take a ticket"));  // no touch this frame
    CHECK_FALSE(ui::ExploreGate(context, 11, true, "Take a ticket"));   // first touch: read, not act
    CHECK(context.explore_say == "Take a ticket");
    context.explore_say.clear();
    CHECK_FALSE(ui::ExploreGate(context, 12, true, "Back"));  // another button: read that one
    CHECK(context.explore_say == "Back");
    CHECK(ui::ExploreGate(context, 12, true, "Back"));        // the second touch on it acts
    CHECK(context.explore_armed == 0);
    CHECK_FALSE(ui::ExploreGate(context, 12, true, "Back"));  // and the next touch reads again
    CHECK(ui::ExploreGate(context, 13, true, ""));            // a bare pictogram acts at once
    // A language button is read in its own language.
    CHECK_FALSE(ui::ExploreGate(context, 14, true, "العربية", "ar"));
    CHECK(context.explore_lang == "ar");

    // Switched at the language screen, forgotten with the session.
    Data d;
    ui::KioskFlow kiosk(d.catalogue, *d.messages, ui::KioskSettings{});
    kiosk.Apply(Act(ui::Action::kToggleExploreByTouch), kMorning);
    CHECK(kiosk.modes().explore_by_touch);
    kiosk.Apply(Act(ui::Action::kStartAgain), kMorning);
    CHECK_FALSE(kiosk.modes().explore_by_touch);
}

TEST_CASE("The call display flashes three times, once a second, with each new call", "[ui][access][board]") {
    Data d;
    ui::BoardModel board(d.catalogue, *d.messages, "de");
    CHECK_FALSE(board.Board(kMorning).flash);
    board.Flash(kMorning);
    CHECK(board.Board(kMorning).flash);
    CHECK(board.Board(kMorning + 400'000).flash);
    CHECK_FALSE(board.Board(kMorning + 600'000).flash);   // off between pulses
    CHECK(board.Board(kMorning + 1'100'000).flash);
    CHECK(board.Board(kMorning + 2'200'000).flash);       // the third pulse
    CHECK_FALSE(board.Board(kMorning + 3'100'000).flash);  // and then calm
    CHECK(board.UntilFlashChange(kMorning + 100'000) == 400'000);
    CHECK(board.UntilFlashChange(kMorning + 3'100'000) == 0);
    // Never faster than three flashes a second (WCAG 2.3.1).
    CHECK(ui::BoardModel::kFlashPeriod >= 1'000'000 / 3);
}

TEST_CASE("Read aloud: the button is absent for a language without a voice, not fake", "[ui][access][voice]") {
    Data d;
    ui::KioskSettings settings;
    const voice::PromptPacks none;
    for (const auto& l : d.messages->Languages())
        if (l.enabled && app::ReadAloudAvailable(none, l.code)) settings.read_aloud_langs.push_back(l.code);
    ui::KioskFlow kiosk(d.catalogue, *d.messages, settings);
    kiosk.ShowForGallery(ui::KioskScreen::kHome, "ar", kMorning);
    CHECK(kiosk.Home().chrome.read_aloud);
    kiosk.ShowForGallery(ui::KioskScreen::kHome, "ps", kMorning);  // espeak-ng has no Pashto voice
    CHECK_FALSE(kiosk.Home().chrome.read_aloud);
    kiosk.Apply(Act(ui::Action::kReadAloud), kMorning);
    const auto nothing = kiosk.TakeReadAloud();
    REQUIRE(nothing.has_value());
    CHECK(nothing->empty());  // nothing to read: a stop at most
    kiosk.ShowForGallery(ui::KioskScreen::kHome, "ti", kMorning);
    CHECK_FALSE(kiosk.Home().chrome.read_aloud);
}

TEST_CASE("Read aloud reads the main text then the choices into the audio seam, and a touch on a choice stops it",
          "[ui][access][voice]") {
    Data d;
    ui::KioskSettings settings;
    settings.read_aloud_langs = {"de", "ar"};
    ui::KioskFlow kiosk(d.catalogue, *d.messages, settings);
    kiosk.ShowForGallery(ui::KioskScreen::kHome, "de", kMorning);
    const ui::HomeView home = kiosk.Home();
    kiosk.Apply(Act(ui::Action::kReadAloud), kMorning);
    const auto texts = kiosk.TakeReadAloud();
    REQUIRE(texts.has_value());
    // The title, each office, then not sure, the appointment, other help nearby and feedback.
    REQUIRE(texts->size() == 1 + home.offices.size() + 4);
    CHECK(texts->back().starts_with(home.feedback_label));
    CHECK(texts->front() == home.title);               // the main text first
    CHECK((*texts)[1].starts_with(home.offices[0].name));  // then each choice, in order
    CHECK(kiosk.screen() == ui::KioskScreen::kHome);    // reading changes nothing else

    // Through the seam the terminal uses for --audio wav:DIR: each chunk a WAV file.
    const fs::path dir = fs::temp_directory_path() / ("anl-read-aloud-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    auto sink = app::AudioSink("wav:" + dir.string(), "");
    REQUIRE(sink.ok());
    size_t expected = 0;
    for (const auto& t : *texts) {
        auto samples = voice::Synthesize("de", t);
        REQUIRE(samples.ok());
        expected += samples->size();
    }
    auto heard = [&] {
        size_t samples = 0;
        double energy = 0;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec)) {
            for (std::int16_t s : ReadWav(e.path())) energy += double(s) * double(s), ++samples;
        }
        return std::pair{samples, samples ? std::sqrt(energy / double(samples)) : 0.0};
    };
    {
        app::ReadAloud reader(std::move(sink).value());
        reader.Read(std::string(kiosk.lang()), *texts);
        REQUIRE(anl::test::WaitUntil([&] { return heard().first * 100 >= expected * 95; }, 60s));
    }
    const auto [samples, rms] = heard();
    // Plausible: the German home screen's six texts take several seconds at a calm rate, and
    // are not silence.
    const double seconds = double(samples) / voice::kSampleRate;
    INFO(samples << " samples, " << seconds << " s, RMS " << rms);
    CHECK(seconds > 5.0);
    CHECK(seconds < 120.0);
    CHECK(rms > 300.0);

    // A touch on a choice (any other action) asks the reader to stop.
    kiosk.Apply(Act(ui::Action::kReadAloud), kMorning);
    REQUIRE(kiosk.TakeReadAloud().has_value());
    kiosk.Apply(Act(ui::Action::kChooseOffice, home.offices[0].id), kMorning);
    const auto stop = kiosk.TakeReadAloud();
    REQUIRE(stop.has_value());
    CHECK(stop->empty());
    CHECK_FALSE(kiosk.TakeReadAloud().has_value());  // said once
    fs::remove_all(dir);
}

TEST_CASE("Read aloud has words for every kiosk screen a visitor reaches in a language with a voice", "[ui][access][voice]") {
    Data d;
    ui::KioskSettings settings;
    settings.read_aloud_langs = {"de"};
    ui::KioskFlow kiosk(d.catalogue, *d.messages, settings);
    using S = ui::KioskScreen;
    for (S s : {S::kHome, S::kOfficeServices, S::kFinder, S::kService, S::kQuestions, S::kTicket}) {
        kiosk.ShowForGallery(s, "de", kMorning);
        INFO(ui::ToString(s));
        CHECK(kiosk.CanReadAloud());
        CHECK(kiosk.ReadAloudTexts().size() >= 2);  // a main text and at least one choice
    }
    kiosk.ShowCheckInForGallery("A01", std::nullopt, "de", kMorning);
    CHECK(kiosk.ReadAloudTexts().size() >= 2);
    kiosk.ShowNearbyForGallery("", "de", kMorning);
    CHECK(kiosk.ReadAloudTexts().size() >= 2);
    kiosk.Reset();  // the language picker: no visitor language yet, no speaker
    CHECK_FALSE(kiosk.CanReadAloud());
}

TEST_CASE("Large text: the ticket, the home screen, the pad, the questions, the service and the day picker come in pages, "
          "and read aloud reads the page shown",
          "[ui][access]") {
    Data d;
    ui::KioskSettings settings;
    settings.read_aloud_langs = {"de"};
    ui::KioskFlow kiosk(d.catalogue, *d.messages, settings);
    auto said = [&](std::string_view text) {
        for (const auto& t : kiosk.ReadAloudTexts())
            if (t.find(text) != std::string::npos) return true;
        return false;
    };
    auto page = [&](int n) { kiosk.Apply(ui::UiAction{ui::Action::kPage, {}, n, {}}, kMorning); };
    SECTION("The standard look has one page each") {
        kiosk.ShowForGallery(ui::KioskScreen::kTicket, "de", kMorning);
        CHECK(kiosk.Ticket().large_pages.empty());
        CHECK(kiosk.Home().pages == 1);
        CHECK(kiosk.Questions().pages == 1);
        CHECK(kiosk.CheckIn().pad_pages == 1);
        CHECK(kiosk.CheckIn().keys.size() == 36);
        kiosk.ShowForGallery(ui::KioskScreen::kService, "de", kMorning);
        CHECK(kiosk.Service().large_pages.empty());
    }
    kiosk.SetAlwaysOnModes(ui::AccessModes{false, true, false, false});
    SECTION("The ticket: where and the wait, the stops, the documents four a page; the number on every page") {
        kiosk.ShowForGallery(ui::KioskScreen::kTicket, "de", kMorning);
        const ui::TicketView first = kiosk.Ticket();
        REQUIRE(first.documents.size() == 7);  // the gallery's service
        using P = ui::TicketPage;
        CHECK(first.large_pages == std::vector<P>{P::kWait, P::kVisit, P::kDocuments, P::kDocuments});
        CHECK(first.page == 0);
        CHECK(said(first.number));
        CHECK(said(first.wait_where));
        CHECK_FALSE(said(first.documents.back().title));
        CHECK(said(first.next_page_label));
        page(3);
        CHECK(kiosk.Ticket().page == 3);
        CHECK(said(first.number));  // the number on every page
        CHECK(said(first.documents.back().title));
        CHECK_FALSE(said(first.documents.front().title));  // on the page before
        CHECK_FALSE(said(first.wait_where));
        CHECK(said(first.previous_page_label));
        CHECK_FALSE(said(first.next_page_label));  // the last page
        page(99);
        CHECK(kiosk.Ticket().page == 3);  // clamped to the last page
    }
    SECTION("The home screen: the offices, then the other ways; another screen starts at the first page") {
        kiosk.ShowForGallery(ui::KioskScreen::kHome, "de", kMorning);
        const ui::HomeView home = kiosk.Home();
        CHECK(home.pages == 2);
        CHECK(said(home.offices.front().name));
        CHECK_FALSE(said(home.not_sure_label));
        page(1);
        CHECK(said(home.not_sure_label));
        CHECK_FALSE(said(home.offices.front().name));
        kiosk.Apply(Act(ui::Action::kOpenFinder), kMorning);
        kiosk.Apply(Act(ui::Action::kBack), kMorning);
        REQUIRE(kiosk.screen() == ui::KioskScreen::kHome);
        CHECK(kiosk.Home().page == 0);
    }
    SECTION("The check-in pad: the letters, then the digits, switched by a key of the pad") {
        kiosk.ShowCheckInForGallery("A01", std::nullopt, "de", kMorning);
        ui::CheckInView pad = kiosk.CheckIn();
        CHECK(pad.pad_pages == 2);
        CHECK(pad.keys.size() == 26);
        CHECK(pad.keys.front() == "A");
        CHECK(pad.pad_switch_label == "123");
        page(1);
        pad = kiosk.CheckIn();
        CHECK(pad.keys.size() == 10);
        CHECK(pad.keys.front() == "1");
        CHECK(pad.pad_switch_label == "ABC");
        CHECK(pad.typed == "A-01");  // typing is kept across the pad's pages
    }
    SECTION("The questions: the interpreter, then the priority") {
        kiosk.ShowForGallery(ui::KioskScreen::kQuestions, "de", kMorning);
        const ui::QuestionsView q = kiosk.Questions();
        CHECK(q.pages == 2);
        CHECK(said(q.interpreter_question));
        CHECK_FALSE(said(q.priority_question));
        CHECK(said(q.take_ticket_label));
        page(1);
        CHECK(said(q.priority_question));
        CHECK_FALSE(said(q.interpreter_question));
        CHECK(said(q.take_ticket_label));
    }
    SECTION("The service: what it is, the wait, what to bring, the visit so far; \"take a ticket\" on every page") {
        kiosk.ShowForGallery(ui::KioskScreen::kService, "de", kMorning);
        const ui::ServiceView v = kiosk.Service();
        using P = ui::ServicePage;
        REQUIRE(v.large_pages.size() >= 3);
        CHECK(std::vector<P>(v.large_pages.begin(), v.large_pages.begin() + 3) == std::vector<P>{P::kAbout, P::kWait, P::kDocuments});
        CHECK((v.large_pages.back() == P::kVisit) == !v.stops.empty());
        REQUIRE_FALSE(v.documents.empty());
        CHECK(said(v.description));
        CHECK_FALSE(said(v.wait_text));
        CHECK_FALSE(said(v.documents.front().title));
        CHECK(said(v.continue_label));
        page(1);
        CHECK(said(v.wait_text));
        CHECK_FALSE(said(v.description));
        CHECK(said(v.continue_label));
        page(2);
        CHECK(said(v.documents.front().title));
        CHECK_FALSE(said(v.wait_text));
        CHECK(said(v.continue_label));
        if (!v.stops.empty()) {
            page(int(v.large_pages.size()) - 1);
            CHECK(said(v.stops.front().service));
            CHECK_FALSE(said(v.documents.front().title));
            CHECK_FALSE(said(v.next_page_label));
        }
    }
    SECTION("The day picker: four days a page, two under a message; a day's touch carries its place in the whole list") {
        const std::string service = "abh.family-reunification";
        REQUIRE(d.catalogue.FindService(service) != nullptr);
        std::vector<core::SlotDay> days;
        for (int i = 0; i < 10; ++i) {
            core::SlotDay day;
            day.day = "2026-01-" + std::string(i + 5 < 10 ? "0" : "") + std::to_string(i + 5);
            day.slots = 4;
            day.offered.push_back(core::Slot{"slot-" + std::to_string(i), "site-1", service, kMorning + Micros(i + 1) * 86'400'000'000,
                                             kMorning + Micros(i + 1) * 86'400'000'000 + 1'800'000'000, 1});
            day.availability = core::DayAvailability::kFree;
            days.push_back(day);
        }
        kiosk.ShowBookingForGallery(ui::KioskScreen::kBookDay, service, days, -1, false, std::nullopt, "de", kMorning);
        ui::BookingDaysView v = kiosk.BookingDays();
        CHECK(v.pages == 3);
        CHECK(v.days.size() == size_t(ui::kLargeTextDaysPerPage));
        CHECK(said(v.days.front().weekday));
        CHECK(said(v.next_page_label));
        const std::string fifth_weekday = [&] {
            page(1);
            return kiosk.BookingDays().days.front().weekday + ", " + kiosk.BookingDays().days.front().date;
        }();
        v = kiosk.BookingDays();
        CHECK(v.first_index == ui::kLargeTextDaysPerPage);
        CHECK(said(fifth_weekday));
        CHECK(said(v.previous_page_label));
        page(2);
        CHECK(kiosk.BookingDays().days.size() == 2);  // the last page: days 9 and 10
        // No day free: the message above, two days a page.
        for (auto& day : days) day.offered.clear(), day.availability = core::DayAvailability::kFull;
        kiosk.ShowBookingForGallery(ui::KioskScreen::kBookDay, service, days, -1, false, std::nullopt, "de", kMorning);
        v = kiosk.BookingDays();
        CHECK_FALSE(v.message.empty());
        CHECK(v.pages == 5);
        CHECK(v.days.size() == size_t(ui::kLargeTextDaysPerPageUnderMessage));
    }
}
