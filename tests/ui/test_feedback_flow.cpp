// Visitor feedback at the kiosk, through the kiosk's view model with the shipped catalogue and
// messages: home offers "How was your visit?"; the office, five faces with a word each in the
// visitor's language, up to three reasons, send, a thank-you that goes home. What is sent is the
// office, the language and the answers, nothing else: the core turns it into an event that
// ValidateEvent accepts, with no ticket id even after the visitor took a ticket.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "i18n/messages/messages.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"

using namespace anl;
namespace fs = std::filesystem;

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
    // The number on the slip first (the end-of-visit way, below); without one, the office.
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackTicket);
    flow.Apply(Act(ui::Action::kFeedbackWithoutNumber), t += kMicrosPerSecond);
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
    flow.Apply(Act(ui::Action::kFeedbackWithoutNumber), t += kMicrosPerSecond);
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
    flow.Apply(Act(ui::Action::kFeedbackWithoutNumber), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kChooseFeedbackOffice, d.catalogue.offices[0].id), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 1), t += kMicrosPerSecond);
    flow.Tick(t + settings.inactivity_reset);
    CHECK(flow.screen() == ui::KioskScreen::kLanguage);
    CHECK_FALSE(flow.TakeFeedbackRequest());
    flow.Apply(Act(ui::Action::kChooseLanguage, "de"), t += settings.inactivity_reset + kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kFeedbackWithoutNumber), t += kMicrosPerSecond);
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
    flow.Apply(Act(ui::Action::kFeedbackWithoutNumber), kMonday + 1);
    CHECK(flow.screen() == ui::KioskScreen::kFeedbackScore);
    CHECK(flow.Feedback().office_name.empty());  // nothing to tell apart
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 3), kMonday + 2);
    flow.Apply(Act(ui::Action::kSendFeedback), kMonday + 3);
    auto sent = flow.TakeFeedbackRequest();
    REQUIRE(sent);
    CHECK(sent->office_id == one.offices.front().id);
}

namespace {

// A kiosk's store with the shipped catalogue; the desks' work arrives in it as events (here
// executed on it directly, as the sync worker would fold them).
struct StoreSite {
    fs::path dir;
    FakeClock clock{kMonday};
    std::unique_ptr<store::Store> store;
    explicit StoreSite(const catalogue::Catalogue& catalogue) {
        dir = fs::temp_directory_path() / ("anl-feedback-test-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        auto s = store::Store::Open(dir / "kiosk.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, catalogue, core::Device{"k-1", "site-1", 0, anl::Role::kKiosk}).ok());
    }
    ~StoreSite() {
        store.reset();
        fs::remove_all(dir);
    }
    // What the terminal does with the flow's lookup (the store worker's call).
    void Answer(ui::KioskFlow& flow) {
        auto number = flow.TakeFeedbackTicketRequest();
        REQUIRE(number.has_value());
        auto end = store->FindVisitEnd(*number);
        REQUIRE(end.ok());
        flow.OnFeedbackTicket(*end);
    }
    void Type(ui::KioskFlow& flow, const std::string& text, Micros& t) {
        for (char c : text) flow.Apply(ui::UiAction{ui::Action::kCheckInType, {}, 0, std::string(1, c)}, t += kMicrosPerSecond);
    }
};

}  // namespace

TEST_CASE("feedback flow: at the end of a visit the number on the slip leads to the faces, once, through the real store",
          "[feedback]") {
    const Shared& d = Data();
    StoreSite site(d.catalogue);
    // A visit with two stops at two offices.
    const std::string first_service = "abh.permit-extension", second_service = "fsa.counselling";
    REQUIRE(d.catalogue.FindService(first_service));
    REQUIRE(d.catalogue.FindService(second_service));
    auto issued = site.store->Execute(core::IssueTicket{first_service, "de", "", false, 0, {second_service}});
    REQUIRE(issued.ok());
    const std::string first = issued->ticket_ids.front();
    const core::Visit visit = *site.store->state().FindVisit(site.store->state().FindTicket(first)->visit_id);
    const std::string typed = visit.display.substr(0, 1) + visit.display.substr(2);  // "A001" on the pad

    ui::KioskSettings settings;
    settings.read_aloud_langs = {"de"};
    ui::KioskFlow flow(d.catalogue, *d.messages, settings);
    Micros t = kMonday;
    flow.Apply(Act(ui::Action::kChooseLanguage, "de"), t);
    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackTicket);
    // The pad: the offices' letters and the digits only; nothing to send before a number.
    ui::CheckInView pad = flow.FeedbackTicket();
    CHECK(pad.title == d.messages->Text("de", "kiosk.feedback.ticket_title"));
    CHECK(pad.skip_label == d.messages->Text("de", "kiosk.feedback.without_number"));
    CHECK(std::find(pad.keys.begin(), pad.keys.end(), std::string(1, visit.prefix)) != pad.keys.end());
    CHECK(pad.keys.size() < 26);
    CHECK_FALSE(pad.can_submit);
    flow.Apply(Act(ui::Action::kCheckInSubmit), t += kMicrosPerSecond);
    CHECK_FALSE(flow.TakeFeedbackTicketRequest());
    flow.Apply(Act(ui::Action::kReadAloud), t += kMicrosPerSecond);
    auto read = flow.TakeReadAloud();
    REQUIRE(read);
    CHECK(read->front() == pad.title + ". " + pad.hint);
    CHECK(read->back() == pad.skip_label);

    // While the visit is under way: "not finished yet", the number and where to wait.
    site.Type(flow, typed, t);
    pad = flow.FeedbackTicket();
    CHECK(pad.typed == visit.display);
    CHECK(pad.can_submit);
    flow.Apply(Act(ui::Action::kCheckInSubmit), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackTicketResult);
    CHECK(flow.FeedbackTicketResult().pending);
    site.Answer(flow);
    ui::CheckInResultView result = flow.FeedbackTicketResult();
    CHECK(result.message == d.messages->Text("de", "kiosk.feedback.not_finished"));
    CHECK(result.number == visit.display);
    const catalogue::Office* abh = d.catalogue.FindOffice("abh");
    REQUIRE(abh);
    CHECK(result.office_name == d.messages->Text("de", abh->name_key));
    CHECK(result.wait_where == d.messages->Text("de", abh->waiting_area_key));
    CHECK_FALSE(flow.TakeFeedbackRequest());

    // The desks finish the first stop: the visit goes on at the second office.
    REQUIRE(site.store->Execute(core::CallNext{"abh", 1}, "2001").ok());
    REQUIRE(site.store->Execute(core::StartService{first}, "2001").ok());
    REQUIRE(site.store->Execute(core::FinishService{first, "resolved"}, "2001").ok());
    flow.Apply(Act(ui::Action::kBack), t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackTicket);
    flow.Apply(Act(ui::Action::kCheckInSubmit), t += kMicrosPerSecond);
    site.Answer(flow);
    result = flow.FeedbackTicketResult();
    CHECK(result.message == d.messages->Text("de", "kiosk.feedback.not_finished"));
    const catalogue::Office* fsa = d.catalogue.FindOffice("fsa");
    REQUIRE(fsa);
    CHECK(result.office_name == d.messages->Text("de", fsa->name_key));

    // The last stop is finished: "your visit is complete", the faces, about the last office.
    const std::string second = site.store->state().FindVisit(visit.id)->ticket_ids.back();
    REQUIRE(site.store->Execute(core::CallNext{"fsa", 4}, "2002").ok());
    REQUIRE(site.store->Execute(core::StartService{second}, "2002").ok());
    REQUIRE(site.store->Execute(core::FinishService{second, "resolved"}, "2002").ok());
    flow.Apply(Act(ui::Action::kBack), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kCheckInSubmit), t += kMicrosPerSecond);
    site.Answer(flow);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackScore);
    ui::FeedbackView faces = flow.Feedback();
    CHECK(faces.title == d.messages->Text("de", "kiosk.feedback.visit_complete"));
    CHECK(faces.office_name == d.messages->Text("de", fsa->name_key));
    flow.Apply(Act(ui::Action::kReadAloud), t += kMicrosPerSecond);
    read = flow.TakeReadAloud();
    REQUIRE(read);
    CHECK(read->front() == faces.title);
    flow.Apply(Act(ui::Action::kFeedbackScore, {}, 5), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kFeedbackReason, d.catalogue.feedback.reasons.front()), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kSendFeedback), t += kMicrosPerSecond);
    auto sent = flow.TakeFeedbackRequest();
    REQUIRE(sent);
    CHECK(sent->office_id == "fsa");
    CHECK(sent->score == 5);
    // Recorded through the store: the event names the office and the answers, nothing of the visit.
    auto event = site.store->GiveFeedback(*sent);
    REQUIRE(event.ok());
    const std::string wire = event->payload.dump();
    for (const std::string& id : {visit.id, first, second, visit.display, typed}) {
        INFO(id << " in " << wire);
        CHECK(wire.find(id) == std::string::npos);
    }
    CHECK(core::ReadFeedback(*event));

    // One answer a visit: the same number again (another visitor, after the reset) is refused
    // politely, and nothing more is sent.
    flow.Apply(Act(ui::Action::kFeedbackDone), t += kMicrosPerSecond);
    flow.Tick(t += settings.inactivity_reset + kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kLanguage);
    flow.Apply(Act(ui::Action::kChooseLanguage, "ar"), t += kMicrosPerSecond);
    flow.Apply(Act(ui::Action::kOpenFeedback), t += kMicrosPerSecond);
    CHECK(flow.FeedbackTicket().typed.empty());  // the last visitor's number is forgotten
    site.Type(flow, typed, t);
    flow.Apply(Act(ui::Action::kCheckInSubmit), t += kMicrosPerSecond);
    site.Answer(flow);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackTicketResult);
    CHECK(flow.FeedbackTicketResult().message == d.messages->Text("ar", "kiosk.feedback.given_already"));
    CHECK_FALSE(flow.TakeFeedbackRequest());

    // An unknown number says so and offers to answer without one; a scanner's burst works too.
    flow.Apply(Act(ui::Action::kBack), t += kMicrosPerSecond);
    flow.Keyboard(std::string(1, visit.prefix) + "-999", true, t += kMicrosPerSecond);
    REQUIRE(flow.screen() == ui::KioskScreen::kFeedbackTicketResult);
    site.Answer(flow);
    result = flow.FeedbackTicketResult();
    CHECK(result.message == d.messages->Text("ar", "kiosk.feedback.unknown_number"));
    CHECK(result.take_ticket_label == d.messages->Text("ar", "kiosk.feedback.without_number"));
    CHECK(result.take_ticket_action == ui::Action::kFeedbackWithoutNumber);
    flow.Apply(Act(ui::Action::kFeedbackWithoutNumber), t += kMicrosPerSecond);
    CHECK(flow.screen() == ui::KioskScreen::kFeedbackOffice);
}
