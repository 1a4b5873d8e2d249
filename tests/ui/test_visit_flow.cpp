// The screens' view models and actions, driven without a display against a real store:
// a visitor takes a ticket at the kiosk, a desk calls and serves them, transfers them to
// another office with a note, a second desk calls and finishes them. Also the desk's sign-in
// failures and lock-out, and the kiosk's inactivity reset.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "i18n/messages/messages.h"
#include "kiosk/app/demo_site.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/board_model.h"
#include "kiosk/ui/viewmodels/desk_session.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "kiosk/ui/viewmodels/out_of_service.h"
#include "kiosk/ui/viewmodels/visitor_text.h"

using namespace anl;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

struct Site {
    fs::path dir;
    FakeClock clock{kMorning};
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;

    explicit Site(anl::Role role = anl::Role::kKiosk) {
        dir = fs::temp_directory_path() / ("anl-ui-test-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat.value());
        auto m = messages::Messages::Load(messages::Messages::DefaultDir());
        REQUIRE(m.ok());
        messages.emplace(std::move(m.value()));
        auto s = store::Store::Open(dir / "site.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, catalogue, core::Device{"t-1", "site-1", 0, role}).ok());
        REQUIRE(store->AddStaff("1042", "A. Demir", "2468").ok());
        REQUIRE(store->AddStaff("2001", "B. Kaya", "1357").ok());
    }
    ~Site() { store.reset(); fs::remove_all(dir); }

    ui::SnapshotPtr Snapshot() { return app::TakeSnapshot(*store, clock.NowUtcMicros()); }

    // What the terminal does with a desk's request (the same store calls the ctl makes).
    // A refusal is expected only when the test says so.
    enum class Expect { kDone, kRefused };
    void Run(ui::DeskSession& desk, const std::optional<ui::DeskRequest>& request, Expect expect = Expect::kDone) {
        REQUIRE(request.has_value());
        if (request->kind == ui::DeskRequest::Kind::kSignIn) {
            desk.OnSignIn(store->TrySignIn(request->staff_number, request->pin), clock.NowUtcMicros());
        } else {
            auto r = store->Execute(request->command, desk.staff_number());
            INFO((r.ok() ? std::string() : r.error().message));
            REQUIRE(r.ok() == (expect == Expect::kDone));
            desk.OnCommandDone(request->command, r ? Status{} : Status(r.error()),
                               r ? r->ticket_ids : std::vector<std::string>{});
        }
        desk.SetSnapshot(Snapshot());
    }

    std::string Display(const std::string& ticket_id) {
        return store->state().FindVisit(store->state().FindTicket(ticket_id)->visit_id)->display;
    }
};

ui::UiAction Act(ui::Action kind, std::string id = {}, int value = 0, std::string text = {}) {
    return ui::UiAction{kind, std::move(id), value, std::move(text)};
}

// Types the staff number and PIN and submits them, as staff do at the sign-in screen.
void SubmitSignIn(Site& site, ui::DeskSession& desk, const std::string& number, const std::string& pin) {
    desk.Apply(Act(ui::Action::kSignInType, {}, 0, number), site.clock.NowUtcMicros());
    desk.Apply(Act(ui::Action::kSignInFocus, {}, 1), site.clock.NowUtcMicros());
    desk.Apply(Act(ui::Action::kSignInType, {}, 1, pin), site.clock.NowUtcMicros());
    site.Run(desk, desk.Apply(Act(ui::Action::kSignInSubmit), site.clock.NowUtcMicros()));
}

void SignIn(Site& site, ui::DeskSession& desk, const std::string& number, const std::string& pin, int counter) {
    SubmitSignIn(site, desk, number, pin);
    REQUIRE(desk.signed_in());
    REQUIRE(desk.SignIn().choose_counter);
    desk.Apply(Act(ui::Action::kChooseCounter, std::to_string(counter)), site.clock.NowUtcMicros());
    REQUIRE(desk.at_counter());
}

}  // namespace

TEST_CASE("A visit runs kiosk -> desk -> transfer -> desk -> finish through the screens' actions", "[ui][flow]") {
    Site site;
    ui::KioskFlow kiosk(site.catalogue, *site.messages, ui::KioskSettings{});
    const Micros t0 = site.clock.NowUtcMicros();

    // Kiosk: Pashto, the foreigners' authority, extend a residence permit.
    REQUIRE(kiosk.screen() == ui::KioskScreen::kLanguage);
    auto picker = kiosk.LanguagePicker();
    REQUIRE(picker.languages.size() == 16);
    kiosk.Apply(Act(ui::Action::kChooseLanguage, "ps"), t0);
    REQUIRE(kiosk.screen() == ui::KioskScreen::kHome);
    auto home = kiosk.Home();
    CHECK(home.chrome.lang == "ps");
    REQUIRE(home.offices.size() == 3);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "abh"), t0);
    auto services = kiosk.OfficeServices();
    REQUIRE_FALSE(services.items.empty());
    kiosk.Apply(Act(ui::Action::kChooseService, "abh.permit-extension"), t0);
    auto service = kiosk.Service();
    CHECK_FALSE(service.documents.empty());
    CHECK(service.name == std::string(site.messages->Text("ps", "service.abh.permit-extension.name")));
    kiosk.Apply(Act(ui::Action::kContinue), t0);
    REQUIRE(kiosk.screen() == ui::KioskScreen::kQuestions);
    kiosk.Apply(Act(ui::Action::kSetInterpreter, {}, 1), t0);
    kiosk.Apply(Act(ui::Action::kSetPriority, "children"), t0);
    auto request = kiosk.Apply(Act(ui::Action::kTakeTicket), t0);
    REQUIRE(request.has_value());
    CHECK(request->service_ids == std::vector<std::string>{"abh.permit-extension"});
    CHECK(request->lang == "ps");
    CHECK(request->interpreter);
    CHECK(request->priority_id == "children");
    CHECK(kiosk.pending());

    // The terminal hands the request to the store, as kiosk_role does.
    core::IssueTicket issue{request->service_ids.front(), request->lang, request->priority_id, request->interpreter, 0};
    auto issued = site.store->Execute(issue);
    REQUIRE(issued.ok());
    const std::string ticket_id = issued->ticket_ids.front();
    auto snap = site.Snapshot();
    const core::Ticket* t = snap->state.FindTicket(ticket_id);
    REQUIRE(t != nullptr);
    const std::string number = snap->state.FindVisit(t->visit_id)->display;
    kiosk.OnTicketIssued(ui::IssuedTicket{number, t->office_id, 0});
    auto ticket = kiosk.Ticket();
    CHECK(ticket.number == number);
    CHECK(ticket.number.rfind("A-", 0) == 0);
    CHECK_FALSE(ticket.documents.empty());
    kiosk.Apply(Act(ui::Action::kTicketDone), t0);
    CHECK(kiosk.screen() == ui::KioskScreen::kLanguage);

    // Desk 1 at the foreigners' authority: sees the visitor with language and interpreter.
    ui::DeskSession desk1(site.catalogue, *site.messages, ui::DeskSettings{});
    desk1.SetSnapshot(site.Snapshot());
    SignIn(site, desk1, "1042", "2468", 1);
    CHECK(desk1.office_id() == "abh");
    auto view = desk1.Desk();
    REQUIRE(view.rows.size() == 1);
    CHECK(view.rows[0].number == number);
    CHECK(view.rows[0].interpreter);
    CHECK(view.rows[0].visitor_lang == "ps");
    CHECK_FALSE(view.rows[0].service_visitor.empty());  // the service in Pashto beside German
    site.clock.Advance(5 * kMicrosPerMinute);
    site.Run(desk1, desk1.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    CHECK(desk1.CurrentTicketId() == ticket_id);

    // The call display sees the call and would chime.
    ui::BoardModel board(site.catalogue, *site.messages, "de");
    board.SetSnapshot(site.Snapshot());
    CHECK(board.Board(site.clock.NowUtcMicros()).calls.front().number == number);
    CHECK(board.Board(site.clock.NowUtcMicros()).calls.front().counter == "1");
    CHECK(board.Board(site.clock.NowUtcMicros()).calls.front().newest);

    site.Run(desk1, desk1.Apply(Act(ui::Action::kStartService), site.clock.NowUtcMicros()));
    site.clock.Advance(10 * kMicrosPerMinute);
    desk1.Apply(Act(ui::Action::kOpenTransfer), site.clock.NowUtcMicros());
    REQUIRE(desk1.Desk().transfer_open);
    desk1.Apply(Act(ui::Action::kTransferTarget, "fsa.benefits"), site.clock.NowUtcMicros());
    desk1.Apply(Act(ui::Action::kTransferNoteType, {}, 0, "AsylbLG form checked"), site.clock.NowUtcMicros());
    site.Run(desk1, desk1.Apply(Act(ui::Action::kConfirmTransfer), site.clock.NowUtcMicros()));
    CHECK(desk1.CurrentTicketId().empty());

    // Desk 3 at social work: the same number, the note, and the history of both stops.
    ui::DeskSession desk3(site.catalogue, *site.messages, ui::DeskSettings{});
    desk3.SetSnapshot(site.Snapshot());
    SignIn(site, desk3, "2001", "1357", 3);
    CHECK(desk3.office_id() == "fsa");
    auto fsa = desk3.Desk();
    REQUIRE(fsa.rows.size() == 1);
    CHECK(fsa.rows[0].number == number);  // the visitor keeps their number
    CHECK(fsa.rows[0].stops == "2/2");  // its second stop (after the transfer)
    site.Run(desk3, desk3.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    auto serving = desk3.Desk();
    REQUIRE(serving.has_current);
    CHECK(serving.current_number == number);
    CHECK(serving.current_note == "AsylbLG form checked");
    REQUIRE(serving.history.size() == 2);
    site.Run(desk3, desk3.Apply(Act(ui::Action::kStartService), site.clock.NowUtcMicros()));
    desk3.Apply(Act(ui::Action::kOpenFinish), site.clock.NowUtcMicros());
    REQUIRE(desk3.Desk().finish_open);
    site.Run(desk3, desk3.Apply(Act(ui::Action::kFinish, "resolved"), site.clock.NowUtcMicros()));
    CHECK(desk3.CurrentTicketId().empty());

    auto end = site.Snapshot();
    const core::Visit* visit = end->state.FindVisit(end->state.FindTicket(ticket_id)->visit_id);
    REQUIRE(visit->ticket_ids.size() == 2);
    CHECK(end->state.FindTicket(visit->ticket_ids[0])->state == core::TicketState::kTransferred);
    CHECK(end->state.FindTicket(visit->ticket_ids[1])->state == core::TicketState::kDone);
    CHECK(end->state.FindTicket(visit->ticket_ids[1])->outcome == "resolved");
}

TEST_CASE("Desk sign-in: a wrong PIN says how many attempts are left, the lock-out says until when", "[ui][signin]") {
    Site site;
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    auto attempt = [&](const std::string& pin) {
        desk.Apply(Act(ui::Action::kSignInFocus, {}, 0), site.clock.NowUtcMicros());
        while (!desk.SignIn().staff_number.empty()) desk.Apply(Act(ui::Action::kSignInErase), site.clock.NowUtcMicros());
        desk.Apply(Act(ui::Action::kSignInType, {}, 0, "1042"), site.clock.NowUtcMicros());
        desk.Apply(Act(ui::Action::kSignInFocus, {}, 1), site.clock.NowUtcMicros());
        while (desk.SignIn().pin_length > 0) desk.Apply(Act(ui::Action::kSignInErase), site.clock.NowUtcMicros());
        desk.Apply(Act(ui::Action::kSignInType, {}, 1, pin), site.clock.NowUtcMicros());
        auto request = desk.Apply(Act(ui::Action::kSignInSubmit), site.clock.NowUtcMicros());
        if (request) site.Run(desk, request);
        return request.has_value();
    };
    REQUIRE(attempt("0000"));
    CHECK_FALSE(desk.signed_in());
    // In the staff member's language, from the catalogue, with the attempts left.
    CHECK(desk.SignIn().error == site.messages->Format("de", "desk.signin.wrong_pin",
                                                       messages::Args().Int("attempts", core::kMaxFailedSignIns - 1)));
    CHECK_FALSE(desk.SignIn().locked);
    CHECK(desk.SignIn().pin_length == 0);  // the PIN is not kept after a request
    for (int i = 2; i < core::kMaxFailedSignIns; ++i) REQUIRE(attempt("0000"));
    CHECK(desk.SignIn().error ==
          site.messages->Format("de", "desk.signin.wrong_pin", messages::Args().Int("attempts", 1)));
    const Micros lock_time = site.clock.NowUtcMicros();
    REQUIRE(attempt("0000"));  // the last wrong try locks the number and says until when
    CHECK(desk.SignIn().locked);
    const std::string locked_text = site.messages->Format(
        "de", "desk.signin.locked", messages::Args().Date("time", lock_time + core::kSignInLockout));
    CHECK(desk.SignIn().error == locked_text);
    CHECK(desk.SignIn().error.find("locked") == std::string::npos);  // never the store's English
    // Locked now: even the right PIN is refused and the form says so.
    desk.Apply(Act(ui::Action::kSignInFocus, {}, 0), site.clock.NowUtcMicros());
    desk.Apply(Act(ui::Action::kSignInErase), site.clock.NowUtcMicros());  // editing the number unlocks the form
    REQUIRE(attempt("2468"));
    CHECK_FALSE(desk.signed_in());
    CHECK(desk.SignIn().locked);
    CHECK(desk.SignIn().error == locked_text);
    // The form refuses to send again while locked (until the number is edited).
    desk.Apply(Act(ui::Action::kSignInType, {}, 1, "2468"), site.clock.NowUtcMicros());
    CHECK_FALSE(desk.Apply(Act(ui::Action::kSignInSubmit), site.clock.NowUtcMicros()).has_value());
    // After the lock-out the right PIN works again.
    site.clock.Advance(core::kSignInLockout + kMicrosPerSecond);
    desk.Apply(Act(ui::Action::kSignInFocus, {}, 0), site.clock.NowUtcMicros());
    desk.Apply(Act(ui::Action::kSignInErase), site.clock.NowUtcMicros());  // editing the number unlocks the form
    REQUIRE(attempt("2468"));
    CHECK(desk.signed_in());
}

TEST_CASE("The kiosk counts down and forgets the visitor after inactivity", "[ui][kiosk]") {
    Site site;
    ui::KioskSettings settings;
    ui::KioskFlow kiosk(site.catalogue, *site.messages, settings);
    const Micros t0 = site.clock.NowUtcMicros();
    kiosk.Apply(Act(ui::Action::kChooseLanguage, "ar"), t0);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "fsa"), t0);
    kiosk.Tick(t0 + 20 * kMicrosPerSecond);
    CHECK_FALSE(kiosk.OfficeServices().chrome.countdown_visible);
    kiosk.Tick(t0 + 33 * kMicrosPerSecond);
    auto view = kiosk.OfficeServices();
    CHECK(view.chrome.countdown_visible);
    CHECK(view.chrome.countdown_seconds == 12);
    CHECK(view.chrome.lang == "ar");
    // "I am still here" keeps everything.
    kiosk.Apply(Act(ui::Action::kStillHere), t0 + 34 * kMicrosPerSecond);
    kiosk.Tick(t0 + 40 * kMicrosPerSecond);
    CHECK(kiosk.screen() == ui::KioskScreen::kOfficeServices);
    CHECK_FALSE(kiosk.OfficeServices().chrome.countdown_visible);
    // Untouched until the reset: back to the picker, in the default language, nothing kept.
    kiosk.Tick(t0 + 34 * kMicrosPerSecond + settings.inactivity_reset);
    CHECK(kiosk.screen() == ui::KioskScreen::kLanguage);
    CHECK(kiosk.lang() == settings.default_lang);
    CHECK(kiosk.Home().chrome.lang == settings.default_lang);
    CHECK(kiosk.SecondsUntilChange(t0 + 100 * kMicrosPerSecond) > 0);
}

TEST_CASE("A visit with two stops asks the desk once for each office", "[ui][kiosk]") {
    Site site;
    ui::KioskFlow kiosk(site.catalogue, *site.messages, ui::KioskSettings{});
    const Micros t0 = site.clock.NowUtcMicros();
    kiosk.Apply(Act(ui::Action::kChooseLanguage, "uk"), t0);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "abh"), t0);
    kiosk.Apply(Act(ui::Action::kChooseService, "abh.address-change"), t0);
    kiosk.Apply(Act(ui::Action::kAddStop), t0);
    REQUIRE(kiosk.screen() == ui::KioskScreen::kHome);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "abh"), t0);
    for (const auto& item : kiosk.OfficeServices().items) CHECK(item.disabled);  // one stop per office
    kiosk.Apply(Act(ui::Action::kBack), t0);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "int"), t0);
    kiosk.Apply(Act(ui::Action::kChooseService, "int.language-course"), t0);
    auto service = kiosk.Service();
    REQUIRE(service.stops.size() == 1);
    kiosk.Apply(Act(ui::Action::kContinue), t0);
    auto request = kiosk.Apply(Act(ui::Action::kTakeTicket), t0);
    REQUIRE(request.has_value());
    CHECK(request->service_ids == std::vector<std::string>{"abh.address-change", "int.language-course"});
}

TEST_CASE("The call display chimes for new calls only, never for old ones at start", "[ui][board]") {
    Site site;
    FakeClock& clock = site.clock;
    REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).ok());
    REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0}).ok());
    REQUIRE(site.store->Execute(core::CallNext{"abh", 2}, "1042").ok());
    ui::BoardModel board(site.catalogue, *site.messages, "de");
    CHECK_FALSE(board.SetSnapshot(site.Snapshot()));  // switched on: no chime for the old call
    CHECK_FALSE(board.SetSnapshot(site.Snapshot()));  // nothing new
    clock.Advance(kMicrosPerMinute);
    REQUIRE(site.store->Execute(core::CallNext{"abh", 1}, "1042").ok());
    CHECK(board.SetSnapshot(site.Snapshot()));
    auto view = board.Board(clock.NowUtcMicros());
    REQUIRE(view.calls.size() == 2);
    CHECK(view.calls[0].newest);
    CHECK(view.calls[0].counter == "1");
    CHECK_FALSE(view.calls[1].newest);
}

TEST_CASE("Regression: a desk whose call was overruled kept showing the visitor as its own", "[ui][desk][standing-call]") {
    Site site;  // its store is desk 1 ("t-1")
    auto other = store::Store::Open(site.dir / "desk2.db", site.clock);
    REQUIRE(other.ok());
    store::Store& desk2_store = *other.value();
    REQUIRE(desk2_store.Initialise(store::SiteSettings{}, site.catalogue, core::Device{"t-2", "site-1", 1, anl::Role::kDesk}).ok());
    REQUIRE(desk2_store.AddStaff("2001", "B. Kaya", "1357").ok());
    const std::string ticket = site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0})
                                   .value().ticket_ids.front();
    REQUIRE(desk2_store.ApplyRemoteEvents(site.store->ReadOutbox(0, 100).value()).ok());

    ui::DeskSession desk1(site.catalogue, *site.messages, ui::DeskSettings{});
    ui::DeskSession desk2(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk1, "1042", "2468", 1);
    desk2.OnSignIn(desk2_store.TrySignIn("2001", "1357"), site.clock.NowUtcMicros());
    desk2.Apply(Act(ui::Action::kChooseCounter, "2"), site.clock.NowUtcMicros());
    REQUIRE(desk2.at_counter());
    desk2.SetSnapshot(app::TakeSnapshot(desk2_store, site.clock.NowUtcMicros()));

    // Partitioned, both desks call the visitor.
    site.clock.Advance(kMicrosPerMinute);
    site.Run(desk1, desk1.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    auto call2 = desk2.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros());
    REQUIRE(call2.has_value());
    REQUIRE(desk2_store.Execute(call2->command, "2001").ok());
    desk2.SetSnapshot(app::TakeSnapshot(desk2_store, site.clock.NowUtcMicros()));
    REQUIRE(desk2.CurrentTicketId() == ticket);
    CHECK(desk2.Desk().has_current);

    // Sync: the central order placed desk 1's call first; desk 2 folds it in that order.
    // (Every event of each desk, audit entries of sign-ins included, desk 1's first.)
    std::vector<store::EventKey> central;
    for (const store::Store* s : {site.store.get(), &desk2_store}) {
        const auto outbox = s->ReadOutbox(0, 100);
        REQUIRE(outbox.ok());
        for (const core::Event& e : *outbox) central.push_back({e.device_id, e.seq});
    }
    REQUIRE(desk2_store.ApplyRemoteEvents(site.store->ReadOutbox(0, 100).value()).ok());
    REQUIRE(desk2_store.RebuildProjection(central).ok());
    desk2.SetSnapshot(app::TakeSnapshot(desk2_store, site.clock.NowUtcMicros()));

    CHECK(desk2.CurrentTicketId().empty());
    auto view = desk2.Desk();
    CHECK_FALSE(view.has_current);
    CHECK(view.status_is_error);
    const std::string display = desk2_store.state().FindVisit(desk2_store.state().FindTicket(ticket)->visit_id)->display;
    CHECK(view.status_line == site.messages->Format("de", "desk.call.overruled",
                                                    messages::Args().Code("ticket", display).Code("counter", "1")));
    // Desk 1 keeps its visitor and is not told anything.
    REQUIRE(site.store->ApplyRemoteEvents(desk2_store.ReadOutbox(0, 100).value()).ok());
    desk1.SetSnapshot(site.Snapshot());
    CHECK(desk1.CurrentTicketId() == ticket);
    CHECK_FALSE(desk1.Desk().status_is_error);
}

TEST_CASE("A visit with two stops: kiosk -> desk finishes stop 1 -> the other office's desk calls the same visitor",
          "[ui][flow][visits]") {
    Site site;
    ui::KioskFlow kiosk(site.catalogue, *site.messages, ui::KioskSettings{});
    const Micros t0 = site.clock.NowUtcMicros();
    kiosk.Apply(Act(ui::Action::kChooseLanguage, "ar"), t0);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "abh"), t0);
    kiosk.Apply(Act(ui::Action::kChooseService, "abh.address-change"), t0);
    kiosk.Apply(Act(ui::Action::kAddStop), t0);
    kiosk.Apply(Act(ui::Action::kChooseOffice, "int"), t0);
    kiosk.Apply(Act(ui::Action::kChooseService, "int.language-course"), t0);
    kiosk.Apply(Act(ui::Action::kContinue), t0);
    auto request = kiosk.Apply(Act(ui::Action::kTakeTicket), t0);
    REQUIRE(request.has_value());

    // What the terminal does with the request: every stop goes to the core.
    core::IssueTicket issue;
    issue.service_id = request->service_ids.front();
    issue.next_service_ids.assign(request->service_ids.begin() + 1, request->service_ids.end());
    issue.lang = request->lang;
    auto issued = site.store->Execute(issue);
    REQUIRE(issued.ok());
    const std::string first = issued->ticket_ids.front();
    const std::string display = site.store->state().FindVisit(site.store->state().FindTicket(first)->visit_id)->display;
    kiosk.OnTicketIssued(ui::IssuedTicket{display, "abh", 10});
    auto ticket = kiosk.Ticket();
    REQUIRE(ticket.stops.size() == 2);  // the ticket screen shows every stop, the first one now
    CHECK(ticket.stops[0].current);
    CHECK_FALSE(ticket.stops[1].current);
    CHECK(ticket.stops[1].service == std::string(site.messages->Text("ar", "service.int.language-course.name")));

    // Desk at the foreigners' authority: the row says stop 1 of 2; the visitor's stops show.
    ui::DeskSession abh(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, abh, "1042", "2468", 1);
    abh.SetSnapshot(site.Snapshot());
    auto queue = abh.Desk();
    REQUIRE(queue.rows.size() == 1);
    CHECK(queue.rows[0].stops == "1/2");
    site.Run(abh, abh.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    site.Run(abh, abh.Apply(Act(ui::Action::kStartService), site.clock.NowUtcMicros()));
    auto serving = abh.Desk();
    REQUIRE(serving.history.size() == 2);
    CHECK(serving.history[0].current);
    CHECK(serving.history[0].when == std::string(site.messages->Text("de", "desk.stop.now")) + " · " +
                                         site.messages->Format("de", "desk.history.served_by_name",
                                                               messages::Args().Str("staff", ui::UnbrokenName("A. Demir"))));
    CHECK(serving.history[1].when == std::string(site.messages->Text("de", "desk.stop.next")));
    site.clock.Advance(8 * kMicrosPerMinute);
    abh.Apply(Act(ui::Action::kOpenFinish), site.clock.NowUtcMicros());
    site.Run(abh, abh.Apply(Act(ui::Action::kFinish, "resolved"), site.clock.NowUtcMicros()));
    CHECK(abh.CurrentTicketId().empty());

    // The integration office's desk calls the same number for the second stop.
    int int_counter = 0;
    for (const auto& c : ui::DefaultCounters(site.catalogue))
        if (c.office_id == "int" && int_counter == 0) int_counter = c.number;
    REQUIRE(int_counter > 0);
    ui::DeskSession integration(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, integration, "2001", "1357", int_counter);
    integration.SetSnapshot(site.Snapshot());
    auto waiting = integration.Desk();
    REQUIRE(waiting.rows.size() == 1);
    CHECK(waiting.rows[0].number == display);
    CHECK(waiting.rows[0].stops == "2/2");
    site.Run(integration, integration.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    auto called = integration.Desk();
    REQUIRE(called.has_current);
    CHECK(called.current_number == display);
    REQUIRE(called.history.size() == 2);
    CHECK(called.history[0].when == std::string(site.messages->Text("de", "desk.stop.done")) + " · " +
                                        site.messages->Format("de", "desk.history.served_by_name",
                                                              messages::Args().Str("staff", ui::UnbrokenName("A. Demir"))));
    CHECK(called.history[1].current);
}

TEST_CASE("Desk waiting times read in words with each language's plural forms, never a raw 50'", "[ui][desk][wait]") {
    Site site;
    const messages::Messages& m = *site.messages;
    struct Want { int minutes; const char* de; const char* en; const char* ru; };
    const Want wants[] = {
        {0, "unter 1 Minute", "under 1 minute", "меньше минуты"},
        {1, "1 Minute", "1 minute", "1 минута"},
        {2, "2 Minuten", "2 minutes", "2 минуты"},
        {21, "21 Minuten", "21 minutes", "21 минута"},
        {59, "59 Minuten", "59 minutes", "59 минут"},
        {60, "1 Stunde", "1 hour", "1 час"},
        {65, "1 Std. 5 Min.", "1 hr 5 min", "1 ч 5 мин"},
        {175, "etwa 3 Stunden", "about 3 hours", "около 3 часов"},
        {300, "etwa 5 Stunden", "about 5 hours", "около 5 часов"},
    };
    for (const Want& w : wants) {
        INFO(w.minutes << " minutes");
        CHECK(ui::WaitText(m, "de", w.minutes) == w.de);
        CHECK(ui::WaitText(m, "en", w.minutes) == w.en);
        CHECK(ui::WaitText(m, "ru", w.minutes) == w.ru);
    }
    CHECK(ui::WaitText(m, "de", -3) == "unter 1 Minute");  // a clock set back never shows "-3"

    // In the queue: the row says how long in words.
    (void)site.store->Execute(core::IssueTicket{"abh.permit-extension", "ru", "", false, 0}).value();
    site.clock.Advance(50 * kMicrosPerMinute);
    ui::DeskSession desk(site.catalogue, m, ui::DeskSettings{});
    SignIn(site, desk, "1042", "2468", 1);
    desk.SetSnapshot(site.Snapshot());
    desk.SetNow(site.clock.NowUtcMicros());
    const auto view = desk.Desk();
    REQUIRE(view.rows.size() == 1);
    CHECK(view.rows[0].waited_minutes == 50);
    CHECK(view.rows[0].waited == "50 Minuten");
    // Only columns a row fills: nobody has a priority, so no priority column.
    for (const auto& c : view.columns) CHECK(c.column != ui::QueueColumn::kPriority);
    CHECK(view.columns.back().title == std::string(m.Text("de", "desk.column.waited")));
}

TEST_CASE("Desk: 'call next' is the one primary action (F1), the details panel holds the visitor's facts",
          "[ui][desk][details]") {
    Site site;
    core::IssueTicket issue{"abh.permit-extension", "ps", "", true, 0};
    const std::string id = site.store->Execute(issue).value().ticket_ids.front();
    site.clock.Advance(65 * kMicrosPerMinute);
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk, "1042", "2468", 1);
    desk.SetSnapshot(site.Snapshot());
    auto idle = desk.Desk();
    CHECK(idle.primary.action == ui::Action::kCallNext);
    CHECK(idle.primary.label == std::string(site.messages->Text("de", "desk.action.call_next")));
    CHECK(idle.primary.shortcut == "F1");
    CHECK(idle.primary.enabled);
    for (const auto& b : idle.buttons) CHECK(b.action != ui::Action::kCallNext);  // not twice
    CHECK(idle.buttons.size() == 7);

    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    REQUIRE(desk.CurrentTicketId() == id);
    auto here = desk.Desk();
    CHECK_FALSE(here.primary.enabled);  // someone is at the counter
    REQUIRE(here.has_current);
    auto has = [&](const std::string& value) {
        return std::any_of(here.current_facts.begin(), here.current_facts.end(),
                           [&](const ui::DeskFact& f) { return f.value == value; });
    };
    const std::string interpreter(site.messages->Text("de", "desk.interpreter_needed"));
    const auto flag = std::find_if(here.current_facts.begin(), here.current_facts.end(),
                                   [&](const ui::DeskFact& f) { return f.value == interpreter; });
    REQUIRE(flag != here.current_facts.end());
    CHECK(flag->alert);
    CHECK(has(site.messages->FindLanguage("ps")->name));
    CHECK(here.current_service == std::string(site.messages->Text("de", "service.abh.permit-extension.name")));
    CHECK(has(here.current_service));
    CHECK(has(here.current_service_visitor));  // the service in Pashto too
    // Times: when the number was taken and how long the visitor waited, in words.
    const auto times = std::find_if(here.current_facts.begin(), here.current_facts.end(), [&](const ui::DeskFact& f) {
        return f.label == std::string(site.messages->Text("de", "desk.details.times"));
    });
    REQUIRE(times != here.current_facts.end());
    CHECK(times->value.find("gewartet: 1 Std. 5 Min.") != std::string::npos);
    CHECK(has(here.current_state));

    // Without an interpreter the panel says so (a missing line could be missed data).
    Site other;
    (void)other.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).value();
    ui::DeskSession desk2(other.catalogue, *other.messages, ui::DeskSettings{});
    SignIn(other, desk2, "1042", "2468", 1);
    desk2.SetSnapshot(other.Snapshot());
    other.Run(desk2, desk2.Apply(Act(ui::Action::kCallNext), other.clock.NowUtcMicros()));
    auto plain = desk2.Desk();
    CHECK(std::none_of(plain.current_facts.begin(), plain.current_facts.end(),
                       [&](const ui::DeskFact& f) { return f.value == interpreter; }));
    CHECK(std::any_of(plain.current_facts.begin(), plain.current_facts.end(), [&](const ui::DeskFact& f) {
        return f.value == std::string(other.messages->Text("de", "desk.interpreter.not_needed"));
    }));
}

TEST_CASE("Regression: the staff name broke between 'A.' and 'Demir' when the panel wrapped", "[ui][desk]") {
    CHECK(ui::UnbrokenName("A. Demir") == "A.\xC2\xA0" "Demir");
    CHECK(ui::UnbrokenName("Anna Maria Demir") == "Anna\xC2\xA0" "Maria\xC2\xA0" "Demir");
    Site site;
    (void)site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).value();
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk, "1042", "2468", 1);
    desk.SetSnapshot(site.Snapshot());
    CHECK(desk.Desk().subtitle.find("A.\xC2\xA0" "Demir") != std::string::npos);
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    site.Run(desk, desk.Apply(Act(ui::Action::kStartService), site.clock.NowUtcMicros()));
    const auto view = desk.Desk();
    CHECK(view.current_state.find("A.\xC2\xA0" "Demir") != std::string::npos);  // "Bedient von A. Demir um ..."
    CHECK(view.current_state.find("A. Demir") == std::string::npos);
}

TEST_CASE("Desk: return to queue (F8) puts the called or served visitor back, keeping their place", "[ui][desk]") {
    Site site;
    const std::string first = site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0})
                                  .value().ticket_ids.front();
    site.clock.Advance(kMicrosPerMinute);
    const std::string later = site.store->Execute(core::IssueTicket{"abh.address-change", "de", "", false, 0})
                                  .value().ticket_ids.front();
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk, "1042", "2468", 1);
    desk.SetSnapshot(site.Snapshot());
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    site.Run(desk, desk.Apply(Act(ui::Action::kStartService), site.clock.NowUtcMicros()));
    REQUIRE(desk.CurrentTicketId() == first);
    auto view = desk.Desk();
    const auto button = std::find_if(view.buttons.begin(), view.buttons.end(),
                                     [](const ui::DeskView::Button& b) { return b.action == ui::Action::kReturnToQueue; });
    REQUIRE(button != view.buttons.end());
    CHECK(button->enabled);
    CHECK(button->shortcut == "F8");
    CHECK(button->label == std::string(site.messages->Text("de", "desk.action.return")));

    site.Run(desk, desk.Apply(Act(ui::Action::kReturnToQueue), site.clock.NowUtcMicros()));
    CHECK(desk.CurrentTicketId().empty());
    const std::string display = site.Display(first);
    CHECK(desk.Desk().status_line ==
          site.messages->Format("de", "desk.returned", messages::Args().Code("ticket", display)));
    auto queue = site.store->Queue("abh");
    REQUIRE(queue.size() == 2);
    CHECK(queue[0].ticket_id == first);  // still before the visitor who came later
    CHECK(queue[1].ticket_id == later);
}

TEST_CASE("Desk status line: what a command did and why one was refused, in the staff's language", "[ui][desk]") {
    Site site;
    const std::string id = site.store->Execute(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0})
                               .value().ticket_ids.front();
    const std::string number = site.Display(id);
    ui::DeskSettings english;
    english.lang = "en";
    for (const ui::DeskSettings& settings : {ui::DeskSettings{}, english}) {
        const std::string& lang = settings.lang;
        INFO("desk language " << lang);
        ui::DeskSession desk(site.catalogue, *site.messages, settings);
        SignIn(site, desk, "1042", "2468", 1);
        // Called before this desk had a snapshot with the ticket: the number appears once one comes.
        site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
        auto view = desk.Desk();
        CHECK_FALSE(view.status_is_error);
        CHECK(view.status_line == site.messages->Format(lang, "desk.done.called",
                                                        messages::Args().Code("ticket", number).Code("counter", "1")));
        CHECK(view.status_line.find("ticket.") == std::string::npos);  // never an event type

        // No-show right after the first call: refused, and the sentence says what to do.
        site.Run(desk, desk.Apply(Act(ui::Action::kNoShow), site.clock.NowUtcMicros()), Site::Expect::kRefused);
        view = desk.Desk();
        CHECK(view.status_is_error);
        CHECK(view.status_line == site.messages->Format(lang, "desk.refused.no_show_too_early",
                                                        messages::Args().Code("ticket", number).Int("calls", 1)));

        // Six minutes on, the recall window (5 min) has passed.
        site.clock.Advance(6 * kMicrosPerMinute);
        site.Run(desk, desk.Apply(Act(ui::Action::kRecall), site.clock.NowUtcMicros()), Site::Expect::kRefused);
        CHECK(desk.Desk().status_line ==
              site.messages->Format(lang, "desk.refused.recall_window_passed", messages::Args().Code("ticket", number)));

        site.Run(desk, desk.Apply(Act(ui::Action::kPark), site.clock.NowUtcMicros()));
        CHECK(desk.Desk().status_line ==
              site.messages->Format(lang, "desk.done.parked", messages::Args().Code("ticket", number)));
        CHECK_FALSE(desk.Desk().status_is_error);
        desk.Apply(Act(ui::Action::kSelectTicket, id), site.clock.NowUtcMicros());
        site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));  // resume
        CHECK(desk.Desk().status_line ==
              site.messages->Format(lang, "desk.returned", messages::Args().Code("ticket", number)));
    }
}

TEST_CASE("Desk status line: a command refused because another desk got there first", "[ui][desk]") {
    Site site;
    const std::string id = site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0})
                               .value().ticket_ids.front();
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk, "1042", "2468", 1);
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    site.Run(desk, desk.Apply(Act(ui::Action::kStartService), site.clock.NowUtcMicros()));
    // Finished elsewhere (the ctl, another desk of this store) before this desk's snapshot came.
    REQUIRE(site.store->Execute(core::FinishService{id, "resolved"}, "2001").ok());
    auto finish = desk.Apply(Act(ui::Action::kFinish, "resolved"), site.clock.NowUtcMicros());
    site.Run(desk, finish, Site::Expect::kRefused);
    CHECK(desk.Desk().status_line ==
          site.messages->Format("de", "desk.refused.state_changed", messages::Args().Code("ticket", site.Display(id))));
}

TEST_CASE("Desk status line: a supervisor's call is refused by the rights table and said so", "[ui][desk][rights]") {
    Site site;
    // A supervisor reads key figures and the audit log but serves nobody (docs/ROLES.md).
    REQUIRE(site.store->AddStaffAs("", "3001", "C. Nowak", "8642", {core::StaffRole::kSupervisor}).ok());
    site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).value();
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk, "3001", "8642", 1);
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()), Site::Expect::kRefused);
    CHECK(desk.Desk().status_is_error);
    CHECK(desk.Desk().status_line == site.messages->Text("de", "desk.refused.forbidden"));
}

TEST_CASE("Snapshots carry the site's time zone, and messages show times in it", "[ui][time]") {
    Site site;
    CHECK(site.Snapshot()->time_zone == "Europe/Berlin");
    // 08:30 Berlin is 07:30 UTC in January.
    const std::string berlin = [&] {
        REQUIRE(site.messages->SetTimeZone("Europe/Berlin").ok());
        return site.messages->Format("de", "desk.current.called_at", messages::Args().Date("time", kMorning));
    }();
    CHECK(berlin.find("08:30") != std::string::npos);
    REQUIRE(site.messages->SetTimeZone("UTC").ok());
    CHECK(site.messages->Format("de", "desk.current.called_at", messages::Args().Date("time", kMorning)).find("07:30") !=
          std::string::npos);
    auto bad = site.messages->SetTimeZone("Mars/Olympus");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("Mars/Olympus") != std::string::npos);
    CHECK(site.messages->TimeZone() == "UTC");  // unchanged
}

TEST_CASE("Regression: the visit history showed a bare staff number for staff this terminal has no name for",
          "[ui][desk]") {
    Site site;
    const std::string id = site.store->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0})
                               .value().ticket_ids.front();
    REQUIRE(site.store->Execute(core::CallNext{"abh", 1}, "9999").ok());  // a number with no staff record here
    REQUIRE(site.store->Execute(core::StartService{id}, "9999").ok());
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    SignIn(site, desk, "1042", "2468", 1);
    desk.SetSnapshot(site.Snapshot());
    auto view = desk.Desk();
    REQUIRE(view.has_current);
    REQUIRE(view.history.size() == 1);
    const std::string by = site.messages->Format(
        "de", "desk.history.served_by_name",
        messages::Args().Str("staff", site.messages->Format("de", "desk.history.staff_number",
                                                            messages::Args().Code("number", "9999"))));
    CHECK(view.history[0].when == std::string(site.messages->Text("de", "desk.stop.now")) + " · " + by);
}

TEST_CASE("Regression: a desk started with --counter still asked for the counter after sign-in", "[ui][desk]") {
    Site site;
    ui::DeskSettings settings;
    settings.fixed_counter = 3;  // social work's first counter
    ui::DeskSession desk(site.catalogue, *site.messages, settings);
    for (int round = 0; round < 2; ++round) {  // and again after signing out
        SubmitSignIn(site, desk, "1042", "2468");
        REQUIRE(desk.signed_in());
        CHECK(desk.at_counter());
        CHECK_FALSE(desk.SignIn().choose_counter);
        CHECK(desk.counter() == 3);
        CHECK(desk.office_id() == "fsa");
        desk.Apply(Act(ui::Action::kSignOut), site.clock.NowUtcMicros());
        CHECK_FALSE(desk.signed_in());
    }
}

TEST_CASE("Out of service: visitors read one calm sentence at a time and where to go, never the detail, staff read what is wrong",
          "[ui][broken]") {
    Site site;
    const std::string detail = "kiosk.db is not an Anlaufstelle database (not an SQLite file).";
    const std::vector<std::string> languages = ui::EnabledLanguages(*site.messages);
    REQUIRE(languages.size() == 16);
    // One language at a time, changing every kRotationPeriod, through every enabled language.
    std::vector<std::string> seen;
    for (size_t i = 0; i < languages.size(); ++i) {
        const Micros t = kMorning + Micros(i) * ui::kRotationPeriod;
        const ui::OutOfServiceView kiosk = ui::MakeOutOfServiceView(*site.messages, anl::Role::kKiosk, "de", detail, t);
        CHECK(kiosk.for_visitors);
        CHECK(kiosk.language_count == 16);
        CHECK(kiosk.sentence == std::string(site.messages->Text(kiosk.lang, "kiosk.out_of_service.title")));
        CHECK(kiosk.where == std::string(site.messages->Text(kiosk.lang, "kiosk.out_of_service.where")));
        CHECK_FALSE(kiosk.pictogram.empty());
        // Nothing technical for the public.
        CHECK(kiosk.detail.empty());
        CHECK(kiosk.lines.empty());
        CHECK(kiosk.title.empty());
        CHECK(kiosk.sentence.find("SQLite") == std::string::npos);
        seen.push_back(kiosk.lang);
        // Within the period the language stays.
        CHECK(ui::MakeOutOfServiceView(*site.messages, anl::Role::kKiosk, "de", detail, t + ui::kRotationPeriod - 1).lang ==
              kiosk.lang);
    }
    std::vector<std::string> sorted_seen = seen, sorted_languages = languages;
    std::sort(sorted_seen.begin(), sorted_seen.end());
    std::sort(sorted_languages.begin(), sorted_languages.end());
    CHECK(sorted_seen == sorted_languages);
    // The same moment, the same picture (screenshots are deterministic); the gallery finds the
    // moment showing a given language.
    const Micros ar_at = ui::MomentShowingLanguage(*site.messages, "ar", kMorning);
    CHECK(ar_at >= kMorning);
    CHECK(ui::MakeOutOfServiceView(*site.messages, anl::Role::kKiosk, "de", detail, ar_at).lang == "ar");
    CHECK(ui::MakeOutOfServiceView(*site.messages, anl::Role::kBoard, "de", detail, ar_at).sentence ==
          std::string(site.messages->Text("ar", "board.out_of_service")));

    const ui::OutOfServiceView desk = ui::MakeOutOfServiceView(*site.messages, anl::Role::kDesk, "en", detail, kMorning);
    CHECK_FALSE(desk.for_visitors);
    CHECK(desk.lang == "en");
    CHECK(desk.title == std::string(site.messages->Text("en", "desk.broken.title")));
    REQUIRE(desk.lines.size() == 1);
    CHECK(desk.lines[0].text == std::string(site.messages->Text("en", "desk.broken.body")));
    CHECK(desk.detail.find(detail) != std::string::npos);
}

TEST_CASE("Call display: a second line in the waiting visitors' languages in turn, every text from the catalogue",
          "[ui][board]") {
    Site site;
    ui::BoardModel board(site.catalogue, *site.messages, "de");
    // Nobody waits: the empty state in German and, below, in English.
    board.SetSnapshot(site.Snapshot());
    ui::BoardView empty = board.Board(kMorning);
    CHECK(empty.title == std::string(site.messages->Text("de", "board.title")));
    CHECK(empty.empty_text == std::string(site.messages->Text("de", "board.empty")));
    CHECK(empty.second_lang == "en");
    CHECK(empty.empty_second == std::string(site.messages->Text("en", "board.empty")));
    CHECK(empty.second_line == std::string(site.messages->Text("en", "board.hint")));

    // Visitors in Pashto, Arabic and German wait (German is the display's own), one is called.
    for (const char* lang : {"ps", "ar", "de", "ar"}) {
        REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", lang, "", false, 0}).ok());
    }
    REQUIRE(site.store->Execute(core::CallNext{"abh", 1}, "1042").ok());
    board.SetSnapshot(site.Snapshot());
    const std::vector<std::string> second = board.SecondLanguages();
    CHECK(second.size() == 2);
    CHECK(std::find(second.begin(), second.end(), "ps") != second.end());
    CHECK(std::find(second.begin(), second.end(), "ar") != second.end());
    std::vector<std::string> shown;
    for (int i = 0; i < 4; ++i) {
        const ui::BoardView v = board.Board(kMorning + i * ui::kRotationPeriod);
        CHECK(v.second_line == std::string(site.messages->Text(v.second_lang, "board.hint")));
        shown.push_back(v.second_lang);
    }
    CHECK(shown[0] != shown[1]);
    CHECK(shown[0] == shown[2]);
    CHECK(shown[1] == shown[3]);
}

namespace {
// Whether `text` holds a digit of `script`: Latin 0-9, Arabic-Indic U+0660.., Persian U+06F0..
bool HasLatinDigit(const std::string& text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool HasNativeDigit(const std::string& text) {
    // U+0660..U+0669 = D9 A0..D9 A9, U+06F0..U+06F9 = DB B0..DB B9 in UTF-8.
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
        if ((a == 0xD9 && b >= 0xA0 && b <= 0xA9) || (a == 0xDB && b >= 0xB0 && b <= 0xB9)) return true;
    }
    return false;
}
}  // namespace

TEST_CASE("Digits: a ticket screen in ar and fa writes every number in one kind of digits, Latin like its code",
          "[ui][digits]") {
    Site site;
    for (const char* lang : {"ar", "fa", "ps", "ckb", "fa-AF"}) {
        INFO(lang);
        ui::KioskFlow kiosk(site.catalogue, *site.messages, ui::KioskSettings{});
        kiosk.ShowForGallery(ui::KioskScreen::kTicket, lang, kMorning);
        kiosk.ShowCountdownForGallery(kMorning);  // the countdown's seconds are numbers too
        const ui::TicketView ticket = kiosk.Ticket();
        std::vector<std::string> texts = {ticket.number, ticket.wait_text, ticket.your_number_label, ticket.office_name,
                                          ticket.wait_where, ticket.next_text, ticket.stops_note,
                                          ticket.chrome.countdown_text};
        CHECK(HasLatinDigit(ticket.number));      // "A-042": a code, always Latin
        CHECK(HasLatinDigit(ticket.wait_text));   // "about 25 minutes"
        CHECK(HasLatinDigit(ticket.chrome.countdown_text));
        for (const std::string& text : texts) {
            INFO(text);
            CHECK_FALSE(HasNativeDigit(text));
        }
        // The service screen's wait, in hours too.
        kiosk.SetFacts(ui::KioskFacts{{{"abh", 175}, {"int", 175}, {"fsa", 175}, {"jc", 175}}});
        kiosk.ShowForGallery(ui::KioskScreen::kService, lang, kMorning);
        const std::string wait = kiosk.Service().wait_text;
        CHECK(HasLatinDigit(wait));
        CHECK_FALSE(HasNativeDigit(wait));
    }
}

TEST_CASE("Long waits are said in words: 5-minute steps, then hours, from the threshold an appointment is offered",
          "[ui][kiosk][wait]") {
    Site site;
    ui::KioskSettings settings;
    settings.appointment_offer_from_minutes = 90;
    ui::KioskFlow kiosk(site.catalogue, *site.messages, settings);
    kiosk.ShowForGallery(ui::KioskScreen::kService, "de", kMorning);
    const std::string office = [&] {
        for (const auto& s : site.catalogue.services)
            if (site.messages->Text("de", s.name_key) == kiosk.Service().name) return s.office_id;
        return std::string();
    }();
    REQUIRE_FALSE(office.empty());
    auto service_at = [&](int minutes, const char* lang) {
        kiosk.SetFacts(ui::KioskFacts{{{office, minutes}}});
        kiosk.ShowForGallery(ui::KioskScreen::kService, lang, kMorning);
        return kiosk.Service();
    };
    CHECK(service_at(23, "de").wait_text == "Wartezeit heute: etwa 25 Minuten");
    CHECK(service_at(175, "de").wait_text == "Wartezeit heute: etwa 3 Stunden");
    CHECK(service_at(175, "en").wait_text == "Waiting time today: about 3 hours");
    CHECK(service_at(0, "de").wait_text == std::string(site.messages->Text("de", "kiosk.service.wait_none")));
    // Russian and Ukrainian: the genitive after "около"/"близько".
    CHECK(service_at(175, "ru").wait_text == "Время ожидания сегодня: около 3 часов");
    CHECK(service_at(121, "ru").wait_text == "Время ожидания сегодня: около 2 часов");
    CHECK(service_at(1, "ru").wait_text == "Время ожидания сегодня: около 5 минут");
    CHECK(service_at(175, "uk").wait_text == "Час очікування сьогодні: близько 3 годин");
    // The threshold: below it no offer, from it the appointment sentence.
    const ui::ServiceView short_wait = service_at(85, "de");
    CHECK_FALSE(short_wait.offer_appointment);
    const ui::ServiceView long_wait = service_at(90, "de");
    CHECK(long_wait.offer_appointment);
    CHECK(long_wait.appointment_text == std::string(site.messages->Text("de", "kiosk.service.long_wait_appointment")));
    // Unknown wait: no offer.
    kiosk.SetFacts(ui::KioskFacts{});
    kiosk.ShowForGallery(ui::KioskScreen::kService, "de", kMorning);
    CHECK_FALSE(kiosk.Service().offer_appointment);
}

TEST_CASE("The rotation is a function of the clock: the same moment, the same language", "[ui][rotation]") {
    CHECK(ui::RotationIndex(0, 0) == 0);
    CHECK(ui::RotationIndex(kMorning, 1) == 0);
    const size_t at = ui::RotationIndex(kMorning, 16);
    CHECK(ui::RotationIndex(kMorning, 16) == at);
    CHECK(ui::RotationIndex(kMorning + 16 * ui::kRotationPeriod, 16) == at);
    CHECK(ui::RotationIndex(kMorning + ui::UntilNextRotation(kMorning), 16) == (at + 1) % 16);
    CHECK(ui::RotationIndex(kMorning + ui::UntilNextRotation(kMorning) - 1, 16) == at);
    CHECK(ui::UntilNextRotation(5 * ui::kRotationPeriod) == ui::kRotationPeriod);
    CHECK(ui::UntilNextRotation(5 * ui::kRotationPeriod + 1) == ui::kRotationPeriod - 1);
}

// ---- Referral and case-management hand-off from the desk (issue 12) --------------------------

namespace {
// What the terminal does with a desk's referral or hand-off request (StoreService::Network).
Status RunNetwork(Site& site, ui::DeskSession& desk, const ui::DeskRequest& request) {
    Status status;
    if (request.kind == ui::DeskRequest::Kind::kReferral) {
        auto r = site.store->GiveReferral(request.referral, desk.staff_number());
        if (!r.ok()) status = Status(r.error());
    } else {
        auto r = site.store->HandToCaseManagement(request.handoff, desk.staff_number());
        if (!r.ok()) status = Status(r.error());
    }
    desk.OnNetworkDone(request, status);
    desk.SetSnapshot(site.Snapshot());
    return status;
}
bool HasButton(const ui::DeskView& v, ui::Action action, bool enabled) {
    return std::any_of(v.current_actions.begin(), v.current_actions.end(),
                       [&](const auto& b) { return b.action == action && b.enabled == enabled; });
}
}  // namespace

TEST_CASE("Desk: a referral to a partner and a hand-off to case management, with the consent step", "[ui][referral]") {
    Site site(anl::Role::kDesk);
    REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0}).ok());
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    desk.SetSnapshot(site.Snapshot());
    SignIn(site, desk, "1042", "2468", 1);
    CHECK(HasButton(desk.Desk(), ui::Action::kOpenReferral, false));  // nobody at the counter yet
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), site.clock.NowUtcMicros()));
    const std::string ticket = desk.CurrentTicketId();
    REQUIRE_FALSE(ticket.empty());
    CHECK(HasButton(desk.Desk(), ui::Action::kOpenReferral, true));
    CHECK(HasButton(desk.Desk(), ui::Action::kOpenHandoff, true));

    // Referral: the directory as the partners write it; nothing is given before one is chosen.
    const Micros now = site.clock.NowUtcMicros();
    CHECK_FALSE(desk.Apply(Act(ui::Action::kOpenReferral), now));
    ui::DeskView v = desk.Desk();
    REQUIRE(v.referral_open);
    REQUIRE(v.referral_partners.size() == site.catalogue.partners.size());
    CHECK(v.referral_partners[0].label.find(site.catalogue.partners[0].name) == 0);
    CHECK(v.referral_title == site.messages->Text("de", "desk.referral.title"));
    CHECK_FALSE(desk.Apply(Act(ui::Action::kGiveReferral), now));
    CHECK_FALSE(desk.Apply(Act(ui::Action::kReferralPartner, "not-a-partner"), now));
    CHECK(desk.Desk().referral_selected.empty());
    desk.Apply(Act(ui::Action::kReferralPartner, "refugee-law-clinic"), now);
    auto referral = desk.Apply(Act(ui::Action::kGiveReferral), now);
    REQUIRE(referral);
    CHECK(referral->kind == ui::DeskRequest::Kind::kReferral);
    CHECK(referral->referral.office_id == "abh");
    CHECK(referral->referral.service_id == "abh.permit-extension");
    CHECK_FALSE(desk.Desk().referral_open);
    REQUIRE(RunNetwork(site, desk, *referral).ok());
    CHECK(desk.Desk().status_line ==
          site.messages->Format("de", "desk.referral.done",
                                messages::Args().Str("partner", site.catalogue.FindPartner("refugee-law-clinic")->name)));
    auto events = site.store->ListEvents(0, 100);
    REQUIRE(events.ok());
    CHECK(events->back().event.type == "referral.given");
    CHECK_FALSE(events->back().event.payload.contains("lang"));  // nothing about the visitor

    // Hand-off: a configured reason; a name only after the consent step, and gone when it is undone.
    desk.Apply(Act(ui::Action::kOpenHandoff), now);
    REQUIRE(desk.Desk().handoff_open);
    CHECK(desk.Desk().handoff_reasons.size() == site.catalogue.case_management.reasons.size());
    desk.Apply(Act(ui::Action::kHandoffNameType, {}, 0, "Amina"), now);
    CHECK(desk.Desk().handoff_name.empty());  // no consent, no name
    desk.Apply(Act(ui::Action::kHandoffReason, "housing-risk"), now);
    desk.Apply(Act(ui::Action::kHandoffConsent), now);
    desk.Apply(Act(ui::Action::kHandoffNameType, {}, 0, "Amina"), now);
    CHECK(desk.Desk().handoff_name == "Amina");
    desk.Apply(Act(ui::Action::kHandoffConsent), now);  // the visitor changed their mind
    CHECK(desk.Desk().handoff_name.empty());
    auto without_name = desk.Apply(Act(ui::Action::kConfirmHandoff), now);
    REQUIRE(without_name);
    CHECK(without_name->kind == ui::DeskRequest::Kind::kHandoff);
    CHECK(without_name->handoff.ticket_id == ticket);
    CHECK(without_name->handoff.reason == "housing-risk");
    CHECK_FALSE(without_name->handoff.consent);
    CHECK(without_name->handoff.name.empty());
    REQUIRE(RunNetwork(site, desk, *without_name).ok());
    CHECK(desk.Desk().status_line ==
          site.messages->Format("de", "desk.handoff.done", messages::Args().Code("ticket", "A-001")));
    REQUIRE(site.store->Handoffs().size() == 1);
    CHECK(site.store->Handoffs()[0].name.empty());

    desk.Apply(Act(ui::Action::kOpenHandoff), now);
    desk.Apply(Act(ui::Action::kHandoffReason, "several-offices"), now);
    desk.Apply(Act(ui::Action::kHandoffConsent), now);
    desk.Apply(Act(ui::Action::kHandoffNameType, {}, 0, "Amina K.\x1b[2J"), now);  // typed text is filtered
    auto with_name = desk.Apply(Act(ui::Action::kConfirmHandoff), now);
    REQUIRE(with_name);
    CHECK(with_name->handoff.consent);
    CHECK(with_name->handoff.name == "Amina K.");
    REQUIRE(RunNetwork(site, desk, *with_name).ok());
    CHECK(site.store->Handoffs().size() == 2);
}
