// Visitor feedback at the kiosk, through the kiosk's view model with the shipped catalogue and
// messages: home offers "How was your visit?"; the office, five faces with a word each in the
// visitor's language, up to three reasons, send, a thank-you that goes home. What is sent is the
// office, the language and the answers, nothing else: the core turns it into an event that
// ValidateEvent accepts, with no ticket id even after the visitor took a ticket.
#include <catch2/catch.hpp>

#include <algorithm>

#include "i18n/messages/messages.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"

using namespace anl;

namespace {

constexpr Micros kMonday = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

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
    }
};

const Shared& Data() {
    static const Shared shared;
    return shared;
}

ui::UiAction Act(ui::Action kind, std::string id = {}, int value = 0) { return ui::UiAction{kind, std::move(id), value, {}}; }

std::vector<std::string> Ticked(const ui::FeedbackView& v) {
    std::vector<std::string> ids;
    for (const auto& r : v.reasons)
        if (r.selected) ids.push_back(r.id);
    return ids;
}

}  // namespace

TEST_CASE("feedback flow: home, office, five faces, up to three reasons, send, thank-you, home", "[feedback]") {
    const Shared& d = Data();
    REQUIRE(d.catalogue.offices.size() > 1);
    ui::KioskFlow flow(d.catalogue, *d.messages, ui::KioskSettings{});
    Micros t = kMonday;
    flow.Apply(Act(ui::Action::kChooseLanguage, "ar"), t);
    REQUIRE(flow.screen() == ui::KioskScreen::kHome);
    // The home screen offers it in the visitor's language.
    CHECK(flow.Home().feedback_label == d.messages->Text("ar", "kiosk.home.feedback"));
    CHECK_FALSE(flow.Home().feedback_label.empty());

    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackOffice);
    const ui::ChoiceListView offices = flow.FeedbackOffices();
    REQUIRE(offices.items.size() == d.catalogue.offices.size());
    CHECK(offices.item_action == ui::Action::kChooseFeedbackOffice);
    // A score before an office, or an unknown office, changes nothing.
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 4), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kChooseFeedbackOffice, "nowhere"), t);
    CHECK(flow.screen() == ui::KioskScreen::kFeedbackOffice);
    const std::string office = d.catalogue.offices[1].id;
    flow.Apply(Act(ui::Action::kChooseFeedbackOffice, office), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackScore);

    // Five faces, very dissatisfied .. very satisfied, each with its word in Arabic.
    ui::FeedbackView v = flow.Feedback();
    CHECK(v.step == ui::FeedbackView::Step::kScore);
    REQUIRE(v.faces.size() == 5);
    CHECK(v.faces.front().pictogram == "sentiment_very_dissatisfied");
    CHECK(v.faces.back().pictogram == "sentiment_very_satisfied");
    for (int i = 0; i < 5; ++i) {
        CHECK(v.faces[size_t(i)].score == i + 1);
        CHECK(v.faces[size_t(i)].label == d.messages->Text("ar", "kiosk.feedback.score." + std::to_string(i + 1)));
        CHECK(catalogue::PictogramCodepoint(v.faces[size_t(i)].pictogram).has_value());
    }
    CHECK(v.office_name == d.messages->Text("ar", d.catalogue.offices[1].name_key));
    CHECK(v.note == d.messages->Text("ar", "kiosk.feedback.anonymous"));
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 0), t);  // out of range: nothing
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 6), t);
    CHECK(flow.screen() == ui::KioskScreen::kFeedbackScore);
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 2), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackReasons);

    // Reasons: the catalogue's, each with its text; a fourth is not taken and the rest are
    // drawn disabled once three are ticked; a tick toggles.
    v = flow.Feedback();
    CHECK(v.step == ui::FeedbackView::Step::kReasons);
    REQUIRE(v.reasons.size() == d.catalogue.feedback.reasons.size());
    REQUIRE(v.reasons.size() >= 4);
    for (const auto& r : v.reasons) CHECK(r.label == d.messages->Text("ar", catalogue::Feedback::ReasonKey(r.id)));
    CHECK(std::count_if(v.faces.begin(), v.faces.end(), [](const auto& f) { return f.selected; }) == 1);
    CHECK(v.faces[1].selected);
    const auto& reasons = d.catalogue.feedback.reasons;
    for (const auto& id : reasons) flow.Apply(Act(ui::Action::kFeedbackReason, id), t += kMicrosPerSecond);
    v = flow.Feedback();
    CHECK(Ticked(v) == std::vector<std::string>(reasons.begin(), reasons.begin() + 3));
    CHECK(v.reasons[3].disabled);
    flow.Apply(Act(ui::Action::kFeedbackReason, reasons[1]), t += kMicrosPerSecond);  // untick
    flow.Apply(Act(ui::Action::kFeedbackReason, "not-configured"), t);
    v = flow.Feedback();
    CHECK(Ticked(v) == std::vector<std::string>{reasons[0], reasons[2]});
    CHECK_FALSE(v.reasons[3].disabled);
    CHECK_FALSE(flow.TakeFeedbackRequest());  // nothing is sent before "send"

    flow.Apply(Act(ui::Action::kSendFeedback), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackThanks);
    auto sent = flow.TakeFeedbackRequest();
    REQUIRE(sent);
    CHECK(sent->office_id == office);
    CHECK(sent->service_id.empty());
    CHECK(sent->lang == "ar");
    CHECK(sent->score == 2);
    CHECK(sent->reasons == std::vector<std::string>{reasons[0], reasons[2]});
    CHECK_FALSE(flow.TakeFeedbackRequest());  // once
    // Sending twice from the thank-you sends nothing more; there is no way back into the answers.
    flow.Apply(Act(ui::Action::kSendFeedback), t);
    CHECK_FALSE(flow.TakeFeedbackRequest());
    v = flow.Feedback();
    CHECK(v.step == ui::FeedbackView::Step::kThanks);
    CHECK(v.title == d.messages->Text("ar", "kiosk.feedback.thanks"));
    CHECK_FALSE(v.chrome.show_back);
    flow.Apply(Act(ui::Action::kFeedbackDone), t += kMicrosPerSecond);
    CHECK(flow.screen() == ui::KioskScreen::kHome);
    CHECK(flow.lang() == "ar");

    // The core makes an anonymous event of it that the central accepts.
    core::Actor kiosk{"kiosk-1", 1, 3, ""};
    auto event = core::DecideFeedback(d.catalogue, kiosk, t, *sent);
    REQUIRE(event.ok());
    CHECK_FALSE(event->payload.contains("ticket_id"));
    core::State state;
    core::QueueRules rules;
    core::EventCheckContext cx{state, rules, &d.catalogue, nullptr, 1, t, core::kMaxEventAge};
    CHECK_FALSE(core::ValidateEvent(cx, event.value()));
}

TEST_CASE("feedback flow: back, the inactivity reset, read aloud, and no ticket id after a ticket", "[feedback]") {
    const Shared& d = Data();
    ui::KioskSettings settings;
    settings.read_aloud_langs = {"de"};
    ui::KioskFlow flow(d.catalogue, *d.messages, settings);
    Micros t = kMonday;
    flow.Apply(Act(ui::Action::kChooseLanguage, "de"), t);
    // A visitor who took a ticket, then gives feedback: nothing of the ticket goes with it.
    const std::string service = d.catalogue.services.front().id;
    flow.Apply(Act(ui::Action::kChooseService, service), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kContinue), t += kMicrosPerSecond);
    auto ticket = flow.Apply(Act(ui::Action::kTakeTicket), t += kMicrosPerSecond);
    REQUIRE(ticket);
    flow.OnTicketIssued(ui::IssuedTicket{"A-042", d.catalogue.services.front().office_id, 10, false});
    flow.Apply(Act(ui::Action::kTicketDone), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kChooseLanguage, "de"), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kChooseFeedbackOffice, d.catalogue.offices[0].id), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackScore);

    // Read aloud: the question, the office, the note, then each face's word.
    flow.Apply(Act(ui::Action::kReadAloud), t += kMicrosPerSecond);
    auto read = flow.TakeReadAloud();
    REQUIRE(read);
    REQUIRE(read->size() == 8);
    CHECK(read->front() == d.messages->Text("de", "kiosk.feedback.question"));
    CHECK(read->back() == d.messages->Text("de", "kiosk.feedback.score.5"));

    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 5), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackReasons);
    flow.Apply(Act(ui::Action::kReadAloud), t += kMicrosPerSecond);
    read = flow.TakeReadAloud();
    REQUIRE(read);
    CHECK(std::find(read->begin(), read->end(), d.messages->Text("de", "feedback.reason.needed-interpreter")) != read->end());
    CHECK(read->back() == d.messages->Text("de", "kiosk.feedback.send"));
    flow.Apply(Act(ui::Action::kBack), t += kMicrosPerSecond);
    CHECK(flow.screen() == ui::KioskScreen::kFeedbackScore);
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 4), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kSendFeedback), t += kMicrosPerSecond);
    auto sent = flow.TakeFeedbackRequest();
    REQUIRE(sent);
    CHECK(sent->score == 4);
    CHECK(sent->reasons.empty());  // reasons are optional
    auto event = core::DecideFeedback(d.catalogue, core::Actor{"kiosk-1", 1, 9, ""}, t, *sent);
    REQUIRE(event.ok());
    for (const auto& [key, value] : event->payload.items()) {
        INFO(key);
        CHECK((key == "office_id" || key == "service_id" || key == "lang" || key == "score" || key == "reasons"));
        if (value.is_string()) CHECK(value.get<std::string>().find("A-042") == std::string::npos);
    }

    // Left half-way: the inactivity reset forgets the answers and sends nothing.
    flow.Apply(Act(ui::Action::kFeedbackDone), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kChooseFeedbackOffice, d.catalogue.offices[0].id), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 1), t += kMicrosPerSecond);
    flow.Tick(t + settings.inactivity_reset);
    CHECK(flow.screen() == ui::KioskScreen::kLanguage);
    CHECK_FALSE(flow.TakeFeedbackRequest());
    flow.Apply(Act(ui::Action::kChooseLanguage, "de"), t += settings.inactivity_reset + kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kChooseFeedbackOffice, d.catalogue.offices[0].id), t += kMicrosPerSecond);
    const ui::FeedbackView fresh = flow.Feedback();
    CHECK(std::none_of(fresh.faces.begin(), fresh.faces.end(), [](const auto& f) { return f.selected; }));
}

TEST_CASE("feedback flow: a site with one office goes straight to the faces", "[feedback]") {
    const Shared& d = Data();
    catalogue::Catalogue one = d.catalogue;
    one.offices.resize(1);
    ui::KioskFlow flow(one, *d.messages, ui::KioskSettings{});
    flow.Apply(Act(ui::Action::kChooseLanguage, "en"), kMonday);
    flow.Apply(Act(ui::Action::kOpenFeedback), kMonday + 1);
    CHECK(flow.screen() == ui::KioskScreen::kFeedbackScore);
    CHECK(flow.Feedback().office_name.empty());  // nothing to tell apart
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 3), kMonday + 2);
    flow.Apply(Act(ui::Action::kSendFeedback), kMonday + 3);
    auto sent = flow.TakeFeedbackRequest();
    REQUIRE(sent);
    CHECK(sent->office_id == one.offices.front().id);
}
