// The administrator's terminal, driven without a display: sign-in against a real store (the
// desk's check), the Languages page writing meta.toml through the same writer and reloaded with
// the kiosk's loader, the translation editor's check as the administrator types and "mark
// reviewed" writing the catalogue with the German source's hash. Each test works on a copy of
// the shipped catalogues; the shipped files are never written.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "i18n/messages/messages.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/admin_session.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "kiosk/ui/viewmodels/visitor_text.h"

using namespace anl;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

std::string ReadAll(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A site for the administrator: a copy of the shipped catalogues, a store with one staff member.
struct AdminSite {
    fs::path dir;
    FakeClock clock{kMorning};
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;

    AdminSite() {
        dir = fs::temp_directory_path() / ("anl-admin-test-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        fs::copy(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs", dir / "catalogs", fs::copy_options::recursive);
        Reload();
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        auto s = store::Store::Open(dir / "admin.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, *cat, core::Device{"admin-1", "site-1", 0, Role::kAdmin}).ok());
        // The site's administrator, and a desk colleague who may not administer.
        // (Without signing in only while the store has no administrator: the colleague first.)
        REQUIRE(store->AddStaffAs("", "2077", "B. Yilmaz", "519364", {core::StaffRole::kDesk}).ok());
        REQUIRE(store->AddStaffAs("", "1042", "A. Demir", "482913", {core::StaffRole::kAdministrator}).ok());
    }
    ~AdminSite() {
        store.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    fs::path Catalogs() const { return dir / "catalogs"; }
    void Reload() {
        auto m = messages::Messages::Load(Catalogs(), {"Europe/Berlin"});
        REQUIRE(m.ok());
        messages.emplace(std::move(m).value());
    }

    // What the terminal does with a request: the store's sign-in, or the writer and a reload.
    void Run(ui::AdminSession& admin, const std::optional<ui::AdminRequest>& request) {
        REQUIRE(request.has_value());
        if (request->kind == ui::AdminRequest::Kind::kSignIn) {
            admin.OnSignIn(store->TrySignIn(request->staff_number, request->pin));
            return;
        }
        Status saved;
        if (request->kind == ui::AdminRequest::Kind::kSaveLanguages) {
            saved = messages::WriteLanguageSettings(*messages, request->languages);
        } else if (auto written = messages::WriteCatalogueEdits(*messages, request->lang, {request->edit}); !written) {
            saved = written.error();
        }
        INFO((saved ? std::string() : saved.error().message));
        REQUIRE(saved.ok());
        Reload();
        admin.SetMessages(*messages);
        admin.OnSaved(*request, saved);
    }
};

std::optional<ui::AdminRequest> Do(ui::AdminSession& admin, ui::Action kind, std::string id = {}, int value = 0,
                                   std::string text = {}) {
    return admin.Apply(ui::UiAction{kind, std::move(id), value, std::move(text)}, kMorning);
}

void SignIn(AdminSite& site, ui::AdminSession& admin, const std::string& number, const std::string& pin) {
    Do(admin, ui::Action::kSignInFocus, {}, 0);
    Do(admin, ui::Action::kSignInType, {}, 0, number);
    Do(admin, ui::Action::kSignInFocus, {}, 1);
    Do(admin, ui::Action::kSignInType, {}, 0, pin);
    site.Run(admin, Do(admin, ui::Action::kSignInSubmit));
}

const ui::AdminLanguageRow& Row(const ui::AdminLanguagesView& view, const std::string& code) {
    auto it = std::find_if(view.rows.begin(), view.rows.end(), [&](const auto& r) { return r.code == code; });
    REQUIRE(it != view.rows.end());
    return *it;
}

// The Catalogue page on a copy of the shipped catalogue (site.dir/catalogue), signed in as the
// site's administrator. Not movable: the page keeps a pointer to `cat`.
struct CataloguePage {
    fs::path dir;
    catalogue::Catalogue cat;
    ui::AdminSession admin;

    CataloguePage(AdminSite& site, const std::string& lang)
        : dir(site.dir / "catalogue"), cat(Copied(dir)), admin(*site.messages, {}, lang) {
        admin.SetCatalogue(cat);
        SignIn(site, admin, "1042", "482913");
        Do(admin, ui::Action::kAdminPage, "catalogue");
    }
    CataloguePage(const CataloguePage&) = delete;

    // "Check and apply" as the terminal answers it: the edits judged by the catalogue's loader.
    ui::AdminCatalogueView Apply() {
        auto request = Do(admin, ui::Action::kAdminCatalogueApply);
        REQUIRE(request.has_value());
        admin.OnCatalogueChecked(*request, catalogue::CheckEdits(dir, request->catalogue_edits));
        return admin.CatalogueView();
    }
    // "Save": the checked edits written; the catalogue as it loads afterwards.
    catalogue::Catalogue Save() {
        auto request = Do(admin, ui::Action::kAdminSaveCatalogue);
        REQUIRE(request.has_value());
        REQUIRE(catalogue::WriteEdits(dir, request->catalogue_edits).ok());
        auto saved = catalogue::LoadCatalogue(dir);
        REQUIRE(saved.ok());
        return std::move(saved).value();
    }

private:
    static catalogue::Catalogue Copied(const fs::path& dir) {
        fs::copy(fs::path(ANL_SOURCE_DIR) / "assets/catalogue", dir, fs::copy_options::recursive);
        auto loaded = catalogue::LoadCatalogue(dir);
        REQUIRE(loaded.ok());
        return std::move(loaded).value();
    }
};

}  // namespace

TEST_CASE("Administration: sign-in with staff number and PIN checks the store, a wrong PIN is said, nothing opens before",
          "[ui][admin]") {
    AdminSite site;
    ui::AdminSession admin(*site.messages, {}, "de");
    REQUIRE(admin.page() == ui::AdminPage::kSignIn);
    // Before sign-in nothing of the pages answers.
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminSaveLanguages).has_value());
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminPage, "translations").has_value());
    REQUIRE(admin.page() == ui::AdminPage::kSignIn);

    SignIn(site, admin, "1042", "000000");
    REQUIRE_FALSE(admin.signed_in());
    REQUIRE(admin.SignIn().error.find("falsch") != std::string::npos);
    REQUIRE(admin.SignIn().pin_length == 0);  // the PIN is never kept

    SignIn(site, admin, "", "482913");  // the number is still typed
    REQUIRE(admin.signed_in());
    REQUIRE(admin.page() == ui::AdminPage::kLanguages);
    core::Staff administrator{"1042", "A. Demir", "", 0, 0};
    administrator.roles = {core::StaffRole::kAdministrator};
    REQUIRE(ui::MayAdminister(administrator));

    Do(admin, ui::Action::kSignOut);
    REQUIRE_FALSE(admin.signed_in());
    // A desk colleague's right PIN opens no administration: the rights table says no.
    SignIn(site, admin, "2077", "519364");
    REQUIRE_FALSE(admin.signed_in());
    REQUIRE(admin.SignIn().error.find("Verwaltung nicht") != std::string::npos);
    REQUIRE(admin.SignIn().staff_number.empty());  // cleared for the next person
    for (core::StaffRole role : {core::StaffRole::kDesk, core::StaffRole::kSupervisor, core::StaffRole::kCaseManager}) {
        core::Staff other{"2077", "B. Yilmaz", "", 0, 0};
        other.roles = {role};
        CHECK_FALSE(ui::MayAdminister(other));
    }
    SignIn(site, admin, "1042", "482913");
    REQUIRE(admin.signed_in());

    Do(admin, ui::Action::kSignOut);
    REQUIRE_FALSE(admin.signed_in());
    REQUIRE(admin.page() == ui::AdminPage::kSignIn);
}

TEST_CASE("Administration, Languages: counts per status, enable, order and default are written to meta.toml and load",
          "[ui][admin]") {
    AdminSite site;
    // Tigrinya switched off before the administrator comes.
    REQUIRE(messages::WriteLanguageSettings(*site.messages, {{"ti", false, 10, false}, {"de", true, 1, true}}).ok());
    site.Reload();
    REQUIRE_FALSE(site.messages->FindLanguage("ti")->enabled);

    ui::AdminSession admin(*site.messages, {}, "de");
    SignIn(site, admin, "1042", "482913");
    ui::AdminLanguagesView view = admin.Languages();
    // German is the reference: all reviewed. Pashto's counts add up to the German keys it does
    // not leave to its fallback, as `i18n status` counts them.
    const auto& ps = Row(view, "ps");
    REQUIRE(ps.reviewed + ps.draft + ps.outdated + ps.missing > 100);
    REQUIRE(Row(view, "de").draft == 0);
    REQUIRE(Row(view, "de").is_default);
    REQUIRE(view.rows.back().code == "ti");  // not offered: after the offered ones
    REQUIRE(Row(view, "ti").position.empty());

    // An outdated translation: the German source of a reviewed Pashto text changes.
    {
        REQUIRE(site.messages->Find("de", "kiosk.home.title") != nullptr);
        const std::string german = site.messages->Find("de", "kiosk.home.title")->text;  // kept over the reload
        REQUIRE(messages::WriteCatalogueEdits(*site.messages, "ps",
                                              {{"kiosk.home.title", "ui.toml", site.messages->Find("ps", "kiosk.home.title")->text,
                                                messages::MessageStatus::kReviewed}})
                    .ok());
        site.Reload();
        REQUIRE(messages::WriteCatalogueEdits(*site.messages, "de",
                                              {{"kiosk.home.title", "ui.toml", german + " (neu)", messages::MessageStatus::kReviewed}})
                    .ok());
        site.Reload();
        admin.SetMessages(*site.messages);
        REQUIRE(Row(admin.Languages(), "ps").outdated >= 1);
    }

    Do(admin, ui::Action::kAdminToggleLanguage, "ti");
    Do(admin, ui::Action::kAdminMoveLanguage, "ti", -1);  // one place earlier than last
    Do(admin, ui::Action::kAdminDefaultLanguage, "en");
    // The default cannot be switched off.
    Do(admin, ui::Action::kAdminToggleLanguage, "en");
    REQUIRE(admin.Languages().chrome.status_error);
    view = admin.Languages();
    REQUIRE(view.dirty);
    REQUIRE(Row(view, "ti").enabled);
    const int ti_position = std::stoi(Row(view, "ti").position);
    REQUIRE(ti_position == int(view.rows.size()) - 1);
    site.Run(admin, Do(admin, ui::Action::kAdminSaveLanguages));

    // The files say so, and the kiosk's own loader and picker read it.
    const std::string ti_meta = ReadAll(site.Catalogs() / "ti/meta.toml");
    REQUIRE(ti_meta.find("enabled = true") != std::string::npos);
    REQUIRE(ti_meta.find("# Tigrinya") != std::string::npos);  // comments stay
    REQUIRE(ReadAll(site.Catalogs() / "en/meta.toml").find("default = true") != std::string::npos);
    REQUIRE(site.messages->FindLanguage("ti")->enabled);
    REQUIRE(messages::DefaultLanguage(*site.messages) == "en");
    const std::vector<std::string> picker = ui::EnabledLanguages(*site.messages);
    REQUIRE(picker.size() == view.rows.size());
    REQUIRE(picker[size_t(ti_position - 1)] == "ti");
    REQUIRE_FALSE(admin.Languages().dirty);
    REQUIRE_FALSE(admin.Languages().chrome.status_error);
}

TEST_CASE("Administration, Languages: a setting the loader would refuse changes nothing", "[ui][admin]") {
    AdminSite site;
    const std::string before = ReadAll(site.Catalogs() / "ps/meta.toml");
    // No default, two defaults, a disabled default, an unknown language: refused whole.
    REQUIRE_FALSE(messages::WriteLanguageSettings(*site.messages, {{"ps", true, 1, false}}).ok());
    REQUIRE_FALSE(messages::WriteLanguageSettings(*site.messages, {{"ps", true, 1, true}, {"de", true, 2, true}}).ok());
    REQUIRE_FALSE(messages::WriteLanguageSettings(*site.messages, {{"ps", false, 1, true}}).ok());
    REQUIRE_FALSE(messages::WriteLanguageSettings(*site.messages, {{"xx", true, 1, true}}).ok());
    // A write that fails half-way puts back what it replaced.
    messages::WriteFaults faults;
    faults.fail_before_rename = true;
    REQUIRE_FALSE(messages::WriteLanguageSettings(*site.messages, {{"ps", true, 3, true}}, faults).ok());
    REQUIRE(ReadAll(site.Catalogs() / "ps/meta.toml") == before);
}

TEST_CASE("Administration, editor: the MessageFormat check runs as the administrator types, and saving waits for it",
          "[ui][admin]") {
    AdminSite site;
    ui::AdminSession admin(*site.messages, {{"kiosk.service.wait_today", {"kiosk/service"}}}, "en");
    SignIn(site, admin, "1042", "482913");
    Do(admin, ui::Action::kAdminPage, "translations");
    Do(admin, ui::Action::kAdminEditLanguage, "ps");
    Do(admin, ui::Action::kAdminSelectMessage, "kiosk.service.wait_today");
    ui::AdminEditorView view = admin.Editor();
    REQUIRE(view.seen_on == "Seen on: kiosk/service");
    REQUIRE(view.problems.empty());
    REQUIRE(view.can_save);
    REQUIRE_FALSE(view.preview_text.empty());
    REQUIRE(view.preview_text.find("12") != std::string::npos);  // the sample minutes, formatted

    // A placeholder German does not have: said at once, the same sentence `i18n check` gives.
    Do(admin, ui::Action::kAdminEditType, {}, 0, " {ticket}");
    view = admin.Editor();
    REQUIRE_FALSE(view.problems.empty());
    REQUIRE(view.problems.front().find("{ticket} not in German") != std::string::npos);
    REQUIRE_FALSE(view.can_save);
    const std::string before = ReadAll(site.Catalogs() / "ps/ui.toml");
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminMarkReviewed).has_value());
    REQUIRE(admin.Editor().chrome.status_error);
    REQUIRE(ReadAll(site.Catalogs() / "ps/ui.toml") == before);

    // A plural left open: a syntax error.
    for (int i = 0; i < 9; ++i) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, " {minutes, plural, one {#}");
    REQUIRE_FALSE(admin.Editor().problems.empty());
}

TEST_CASE("Administration, Done when (the administrator's part): sign in, enable Tigrinya, review two Pashto messages, "
          "the files changed",
          "[ui][admin]") {
    AdminSite site;
    REQUIRE(messages::WriteLanguageSettings(*site.messages, {{"ti", false, 10, false}, {"de", true, 1, true}}).ok());
    site.Reload();
    const std::string ps_before = ReadAll(site.Catalogs() / "ps/ui.toml");

    ui::AdminSession admin(*site.messages, {}, "de");
    SignIn(site, admin, "1042", "482913");
    Do(admin, ui::Action::kAdminToggleLanguage, "ti");
    site.Run(admin, Do(admin, ui::Action::kAdminSaveLanguages));
    REQUIRE(site.messages->FindLanguage("ti")->enabled);

    Do(admin, ui::Action::kAdminPage, "translations");
    Do(admin, ui::Action::kAdminEditLanguage, "ps");
    Do(admin, ui::Action::kAdminFilterStatus, "draft");
    const std::vector<ui::AdminMessageRow> drafts = admin.Editor().rows;
    REQUIRE(drafts.size() >= 2);
    for (const auto& row : drafts) REQUIRE(site.messages->Status("ps", row.key) == messages::MessageStatus::kDraft);
    std::vector<std::string> reviewed;
    for (int i = 0; i < 2; ++i) {
        const std::string key = admin.Editor().rows.front().key;  // the first draft left
        Do(admin, ui::Action::kAdminSelectMessage, key);
        REQUIRE(admin.Editor().can_save);
        site.Run(admin, Do(admin, ui::Action::kAdminMarkReviewed));
        REQUIRE(site.messages->Status("ps", key) == messages::MessageStatus::kReviewed);
        REQUIRE(site.messages->Find("ps", key)->source_hash == messages::SourceHash(site.messages->Find("de", key)->text));
        reviewed.push_back(key);
    }
    REQUIRE(reviewed[0] != reviewed[1]);
    // Reviewed ones leave the draft filter.
    for (const auto& row : admin.Editor().rows) REQUIRE(std::find(reviewed.begin(), reviewed.end(), row.key) == reviewed.end());
    const std::string ps_after = ReadAll(site.Catalogs() / "ps/ui.toml") + ReadAll(site.Catalogs() / "ps/services.toml");
    REQUIRE(ps_after != ps_before + ReadAll(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs/ps/services.toml"));
    REQUIRE(ReadAll(site.Catalogs() / "ti/meta.toml").find("enabled = true") != std::string::npos);
    // The catalogue still passes the check `config publish` and the kiosk rely on.
    for (const auto& gap : messages::CheckCatalogues(*site.messages, {})) {
        INFO(messages::Describe(gap));
        CHECK(gap.key.rfind("admin.", 0) != 0);
    }
}

TEST_CASE("Administration, editor: the preview's widget follows the kiosk's use of the key, sample values fit every "
          "placeholder kind",
          "[ui][admin]") {
    REQUIRE(ui::PreviewWidgetFor("service.abh.permit-extension.name") == ui::PreviewWidget::kChoiceButton);
    REQUIRE(ui::PreviewWidgetFor("finder.papers.answer.permit") == ui::PreviewWidget::kChoiceButton);
    REQUIRE(ui::PreviewWidgetFor("kiosk.home.title") == ui::PreviewWidget::kTitle);
    REQUIRE(ui::PreviewWidgetFor("kiosk.service.wait_today") == ui::PreviewWidget::kBody);
    AdminSite site;
    for (const messages::Message* german : site.messages->MessagesOf("de")) {
        auto formatted = site.messages->FormatPattern("ps", german->text, ui::PreviewArgs(german->text, kMorning));
        INFO(german->key);
        REQUIRE(formatted.ok());
    }
}

TEST_CASE("The key->screen map covers every visitor key", "[ui][admin][keymap]") {
    // Shipped beside the catalogues, generated by `anlaufstelle-ctl gallery --key-map` (docs/ADMIN.md).
    auto map = messages::ReadKeyScreens(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs" / messages::kKeyScreensFile);
    REQUIRE(map.ok());
    REQUIRE_FALSE(map->empty());
    auto shipped = messages::Messages::Load(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs");
    REQUIRE(shipped.ok());
    std::set<std::string> seen;
    for (const auto& entry : map.value()) {
        REQUIRE_FALSE(entry.screens.empty());
        seen.insert(entry.key);
    }
    // Visitor keys the gallery renders no state of yet (the call display's spoken sentence, the
    // sync badge of an enrolled terminal, a closed day, a finder result ...). The editor says
    // "not seen on any screen of the gallery" for them. Each gallery state added removes its
    // keys here: the test fails for a key listed that the map has, so the list only shrinks.
    const std::set<std::string> not_in_gallery_yet = {
        "board.announcement", "board.go_to_counter", "board.please_come_to", "common.change_language",
        "common.error_ask_staff", "common.offline", "common.please_wait", "kiosk.booking.taken_all",
        "kiosk.checkin.arrived", "kiosk.finder.result", "kiosk.finder.title", "kiosk.home.choose_office",
        "kiosk.language.hint", "kiosk.questions.interpreter_hint", "kiosk.service.added",
        "kiosk.service.book_appointment", "kiosk.service.bring_nothing", "kiosk.service.closed_today",
        "kiosk.service.people_waiting", "kiosk.service.wait_none", "kiosk.service.wait_unknown", "kiosk.visit.remove",
        "kiosk.visit.stops", "sync.offline", "sync.online", "sync.waiting", "ticket.estimated_wait_hours",
        "ticket.next_stop", "ticket.office", "ticket.people_ahead", "ticket.read_aloud", "ticket.take_printout",
        "ticket.title"};
    // A visitor key: every German key but the staff's (desk, administration).
    std::vector<std::string> unseen;
    for (const messages::Message* german : shipped->MessagesOf("de")) {
        if (german->key.rfind("desk.", 0) == 0 || german->key.rfind("admin.", 0) == 0) continue;
        const bool mapped = seen.contains(german->key) || !messages::ScreensOf(map.value(), german->key).empty();
        if (not_in_gallery_yet.contains(german->key)) {
            INFO(german->key << " is in the map now: remove it from not_in_gallery_yet");
            CHECK_FALSE(mapped);
            continue;
        }
        if (!mapped) unseen.push_back(german->key);
    }
    std::string list;
    for (const auto& key : unseen) list += key + "\n";
    INFO("visitor keys no screen of the gallery showed (run the gallery with --key-map again):\n" << list);
    REQUIRE(unseen.empty());
    // And no key the catalogue no longer has (shapes stand for catalogue keys).
    for (const auto& key : seen) {
        INFO(key);
        if (key.find('*') == std::string::npos) CHECK(shipped->Find("de", key) != nullptr);
    }
    CHECK(messages::KeyShape("service.abh.permit-extension.name") == "service.*.*.name");
    CHECK(messages::KeyShape("finder.papers.answer.permit") == "finder.*.*.*");
}

TEST_CASE("Administration, Catalogue: an edit is checked by the catalogue's loader, a wrong value shows its message, "
          "the diff lists the change, and saving writes only that line",
          "[ui][admin][catalogue]") {
    AdminSite site;
    const fs::path dir = site.dir / "catalogue";
    fs::copy(fs::path(ANL_SOURCE_DIR) / "assets/catalogue", dir, fs::copy_options::recursive);
    auto loaded = catalogue::LoadCatalogue(dir);
    REQUIRE(loaded.ok());
    catalogue::Catalogue cat = std::move(loaded).value();
    ui::AdminSession admin(*site.messages, {}, "de");
    admin.SetCatalogue(cat);
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminPage, "catalogue").has_value());
    REQUIRE(admin.page() == ui::AdminPage::kSignIn);  // nothing before sign-in
    SignIn(site, admin, "1042", "482913");
    Do(admin, ui::Action::kAdminPage, "catalogue");
    REQUIRE(admin.page() == ui::AdminPage::kCatalogue);

    // The lists: services with prefix, duration, appointment and documents; offices with hours.
    auto view = admin.CatalogueView();
    REQUIRE(view.services.size() == size_t(std::min<int>(ui::kAdminCatalogueRows, int(cat.services.size()))));
    auto service = std::find_if(view.services.begin(), view.services.end(), [](auto& r) { return r.id == "abh.eat-collect"; });
    REQUIRE(service != view.services.end());
    CHECK(service->prefix == "A");
    CHECK(service->minutes == "10 Min.");
    CHECK(service->appointment == "nein");
    CHECK(service->documents == "passport, current-permit, pin-letter");
    REQUIRE(view.offices.size() == cat.offices.size());
    CHECK(view.offices[0].hours.find("mon 08:00-12:00") != std::string::npos);
    CHECK(view.holidays.find("2026-12-24") != std::string::npos);
    CHECK_FALSE(view.partners.empty());
    CHECK(view.changes.empty());
    CHECK_FALSE(view.can_save);

    // The duration of a service: 600 minutes is refused with the loader's own sentence.
    Do(admin, ui::Action::kAdminCatalogueSelect, "service:abh.eat-collect");
    view = admin.CatalogueView();
    REQUIRE(view.editing);
    // Duration, appointment, documents, pictogram, slot length and capacity (not the prefix: docs/ADMIN.md).
    REQUIRE(view.fields.size() == 6);
    CHECK(view.typed == "10");
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "600");
    auto request = Do(admin, ui::Action::kAdminCatalogueApply);
    REQUIRE(request.has_value());
    REQUIRE(request->kind == ui::AdminRequest::Kind::kCheckCatalogue);
    admin.OnCatalogueChecked(*request, catalogue::CheckEdits(dir, request->catalogue_edits));
    view = admin.CatalogueView();
    REQUIRE_FALSE(view.problems.empty());
    CHECK(view.problems.front().find("typical_minutes") != std::string::npos);
    CHECK(view.problems.front().find("600") != std::string::npos);
    CHECK(view.changes.empty());
    CHECK_FALSE(view.can_save);
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminSaveCatalogue).has_value());

    // 20 loads: the change is listed, readable, and may be saved.
    for (int i = 0; i < 3; ++i) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "20");
    request = Do(admin, ui::Action::kAdminCatalogueApply);
    REQUIRE(request.has_value());
    admin.OnCatalogueChecked(*request, catalogue::CheckEdits(dir, request->catalogue_edits));
    view = admin.CatalogueView();
    CHECK(view.problems.empty());
    REQUIRE(view.changes.size() == 1);
    CHECK(view.changes[0].find("abh.eat-collect") != std::string::npos);
    CHECK(view.changes[0].find("Dauer von 10 auf 20 Min.") != std::string::npos);
    CHECK(view.can_save);

    // A holiday less: a second change beside the first.
    Do(admin, ui::Action::kAdminCatalogueSelect, "holidays");
    view = admin.CatalogueView();
    REQUIRE(view.typed.starts_with("2026-12-24, 2026-12-25"));
    request = Do(admin, ui::Action::kAdminCatalogueApply);  // unchanged: still one change
    admin.OnCatalogueChecked(*request, catalogue::CheckEdits(dir, request->catalogue_edits));
    CHECK(admin.CatalogueView().changes.size() == 1);

    request = Do(admin, ui::Action::kAdminSaveCatalogue);
    REQUIRE(request.has_value());
    REQUIRE(request->kind == ui::AdminRequest::Kind::kSaveCatalogue);
    const std::string before = ReadAll(dir / "services.toml");
    const Status saved = catalogue::WriteEdits(dir, request->catalogue_edits);
    REQUIRE(saved.ok());
    auto reloaded = catalogue::LoadCatalogue(dir);
    REQUIRE(reloaded.ok());
    cat = std::move(reloaded).value();
    admin.SetCatalogue(cat);
    admin.OnSaved(*request, saved);
    view = admin.CatalogueView();
    CHECK(view.chrome.status.find("Katalog gespeichert") != std::string::npos);
    CHECK(view.changes.empty());
    CHECK(cat.FindService("abh.eat-collect")->typical_minutes == 20);
    // Only the one line of services.toml changed; the other files are as shipped.
    const std::string after = ReadAll(dir / "services.toml");
    CHECK(after.size() == before.size());
    CHECK(ReadAll(dir / "offices.toml") == ReadAll(fs::path(ANL_SOURCE_DIR) / "assets/catalogue/offices.toml"));

    // Opening the page asks the central for its versions; publishing is signed by the staff
    // member signed in, and waits for unsaved changes to be saved.
    request = Do(admin, ui::Action::kAdminPage, "catalogue");
    REQUIRE(request.has_value());
    CHECK(request->kind == ui::AdminRequest::Kind::kListVersions);
    Do(admin, ui::Action::kAdminCatalogueSelect, "service:abh.eat-collect");
    Do(admin, ui::Action::kAdminEditErase);
    request = Do(admin, ui::Action::kAdminCatalogueApply);
    admin.OnCatalogueChecked(*request, catalogue::CheckEdits(dir, request->catalogue_edits));
    REQUIRE(admin.CatalogueView().can_save);
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminPublish).has_value());
    CHECK(admin.CatalogueView().chrome.status_error);
    Do(admin, ui::Action::kAdminDiscard);
    request = Do(admin, ui::Action::kAdminPublish);
    REQUIRE(request.has_value());
    CHECK(request->kind == ui::AdminRequest::Kind::kPublish);
    CHECK(request->by_staff == "1042");
    admin.OnPublished(*request, Result<std::int64_t>(std::int64_t{4}));
    CHECK(admin.CatalogueView().chrome.status.find("Version 4") != std::string::npos);
    admin.OnVersions(std::vector<ui::AdminConfigVersion>{{4, kMorning, 8, 48}, {3, kMorning - 3'600'000'000, 8, 48}});
    view = admin.CatalogueView();
    REQUIRE(view.versions.size() == 2);
    CHECK(view.versions[0].current);
    CHECK_FALSE(view.versions[1].current);
    CHECK(view.versions[1].text.find("Version 3") != std::string::npos);
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminRollback, {}, 4).has_value());  // the newest: nothing to roll back
    request = Do(admin, ui::Action::kAdminRollback, {}, 3);
    REQUIRE(request.has_value());
    CHECK(request->kind == ui::AdminRequest::Kind::kRollback);
    CHECK(request->rollback_to == 3);
    CHECK(request->by_staff == "1042");
    admin.OnPublished(*request, MakeError(ErrorCode::kUnauthorized, "Staff number 1042 may not publish_config."));
    view = admin.CatalogueView();
    CHECK(view.chrome.status_error);
    CHECK(view.chrome.status.find("publish_config") != std::string::npos);
    admin.OnVersions(MakeError(ErrorCode::kNetwork, "The central service cannot be reached."));
    CHECK(admin.CatalogueView().versions.empty());
    CHECK(admin.CatalogueView().versions_note.find("cannot be reached") != std::string::npos);
}

TEST_CASE("Administration, Catalogue: a counter added and one removed through the page, the last of an office refused",
          "[ui][admin][catalogue][counter]") {
    AdminSite site;
    CataloguePage page(site, "de");
    ui::AdminSession& admin = page.admin;
    auto apply = [&] { return page.Apply(); };

    // A new counter: number, office and name typed in one field.
    Do(admin, ui::Action::kAdminCatalogueTab, "counters");
    auto view = admin.CatalogueView();
    REQUIRE(view.add_id == "new-counter");
    Do(admin, ui::Action::kAdminCatalogueSelect, view.add_id);
    view = admin.CatalogueView();
    REQUIRE(view.fields.size() == 1);
    CHECK(view.fields[0].id == "add");
    Do(admin, ui::Action::kAdminEditType, {}, 0, "7, fsa");  // no name: refused before the loader runs
    CHECK_FALSE(apply().problems.empty());
    Do(admin, ui::Action::kAdminEditType, {}, 0, ", Schalter 7, 1. Stock");
    view = apply();
    INFO((view.problems.empty() ? std::string() : view.problems.front()));
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 1);
    CHECK(view.changes[0].find("neu (fsa, Schalter 7, 1. Stock)") != std::string::npos);

    // Counter 6 removed: the second change; typing in the Remove field does nothing.
    Do(admin, ui::Action::kAdminCatalogueSelect, "counter:6");
    Do(admin, ui::Action::kAdminCatalogueField, "remove");
    Do(admin, ui::Action::kAdminEditType, {}, 0, "x");
    CHECK(admin.CatalogueView().typed.empty());
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 2);
    CHECK(view.changes[1].find("entfernt") != std::string::npos);

    // Counter 5 too: the integration office would have none left; the loader says so.
    Do(admin, ui::Action::kAdminCatalogueSelect, "counter:5");
    Do(admin, ui::Action::kAdminCatalogueField, "remove");
    view = apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("office 'int': no [[counter]] calls this office's visitors") != std::string::npos);
    CHECK(view.changes.size() == 2);  // the checked changes stay as they were

    // Saved: counters.toml holds counter 7 and no counter 6.
    const catalogue::Catalogue saved = page.Save();
    REQUIRE(saved.FindCounter(7) != nullptr);
    CHECK(saved.FindCounter(7)->office_id == "fsa");
    CHECK(saved.FindCounter(6) == nullptr);
    CHECK(saved.counters.size() == 6);
    // An unknown subject selects nothing.
    Do(admin, ui::Action::kAdminCatalogueSelect, "counter:42");
    CHECK(admin.CatalogueView().subject.find("42") == std::string::npos);
}

TEST_CASE("Administration, Catalogue: a counter a desk works at is marked in use and cannot be removed",
          "[ui][admin][catalogue][counter]") {
    AdminSite site;
    CataloguePage page(site, "de");
    ui::AdminSession& admin = page.admin;
    Do(admin, ui::Action::kAdminCatalogueTab, "counters");

    // The desk colleague calls a visitor to counter 3 (social work): the terminal's snapshot
    // says counter 3 is in use, and the page hears it as the terminal tells it.
    auto issued = site.store->Execute(core::IssueTicket{"fsa.counselling", "ar", "", false, 0});
    REQUIRE(issued.ok());
    auto called = site.store->Execute(core::CallNext{"fsa", 3}, "2077");
    REQUIRE(called.ok());
    auto snapshot = app::TakeSnapshot(*site.store, site.clock.NowUtcMicros());
    REQUIRE(site.store->catalogue().counters.size() == 6);  // the store keeps the catalogue's counters
    CHECK(snapshot->counters_in_use == std::set<int>{3});
    admin.SetCountersInUse(snapshot->counters_in_use);
    auto row = [&](const std::string& id) {
        const auto view = admin.CatalogueView();
        auto it = std::find_if(view.rows.begin(), view.rows.end(), [&](const auto& r) { return r.select_id == id; });
        REQUIRE(it != view.rows.end());
        return *it;
    };
    CHECK(row("counter:3").cells[2].find("besetzt") != std::string::npos);
    CHECK(row("counter:4").cells[2].find("besetzt") == std::string::npos);

    // Removing counter 3 is refused on the page, before the loader: no request, the reason beside it.
    Do(admin, ui::Action::kAdminCatalogueSelect, "counter:3");
    Do(admin, ui::Action::kAdminCatalogueField, "remove");
    CHECK_FALSE(Do(admin, ui::Action::kAdminCatalogueApply).has_value());
    auto view = admin.CatalogueView();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("arbeitet gerade") != std::string::npos);
    CHECK(view.changes.empty());

    // Counter 4 is free: its removal is checked; then its desk starts before the save, and the
    // save is refused too.
    Do(admin, ui::Action::kAdminCatalogueSelect, "counter:4");
    Do(admin, ui::Action::kAdminCatalogueField, "remove");
    REQUIRE(page.Apply().changes.size() == 1);
    admin.SetCountersInUse({3, 4});
    CHECK_FALSE(Do(admin, ui::Action::kAdminSaveCatalogue).has_value());
    CHECK(admin.CatalogueView().chrome.status_error);
    CHECK(admin.CatalogueView().chrome.status.find("Schalter") != std::string::npos);

    // The visitor at counter 3 is served and an hour passes without a call: it is free again.
    const std::string ticket = called->ticket_ids.front();
    REQUIRE(site.store->Execute(core::StartService{ticket}, "2077").ok());
    REQUIRE(site.store->Execute(core::FinishService{ticket, "resolved"}, "2077").ok());
    site.clock.Advance(61 * kMicrosPerMinute);
    CHECK(app::TakeSnapshot(*site.store, site.clock.NowUtcMicros())->counters_in_use.empty());
}

TEST_CASE("Administration, Catalogue: a partner's hours changed and a new partner added through the page, saved and loaded",
          "[ui][admin][catalogue][partner]") {
    AdminSite site;
    CataloguePage page(site, "en");
    ui::AdminSession& admin = page.admin;
    auto apply = [&] { return page.Apply(); };
    const catalogue::Catalogue& cat = page.cat;
    Do(admin, ui::Action::kAdminCatalogueTab, "partners");
    auto view = admin.CatalogueView();
    REQUIRE(view.rows.size() == cat.partners.size());
    CHECK(view.rows[0].select_id == "partner:" + cat.partners[0].id);
    CHECK(view.rows[0].cells[1] == cat.partners[0].name);
    REQUIRE(view.add_id == "new-partner");

    // The clinic's hours: the field shows what is saved, the typed value is checked and listed.
    Do(admin, ui::Action::kAdminCatalogueSelect, "partner:refugee-law-clinic");
    Do(admin, ui::Action::kAdminCatalogueField, "partner_hours");
    CHECK(admin.CatalogueView().typed == cat.FindPartner("refugee-law-clinic")->hours);
    while (!admin.CatalogueView().typed.empty()) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "Di 16–19 Uhr");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 1);
    CHECK(view.changes[0].find("hours were") != std::string::npos);
    CHECK(view.changes[0].find("now Di 16–19 Uhr") != std::string::npos);

    // A web page without https:// is the loader's refusal, beside the field; the change list stays.
    Do(admin, ui::Action::kAdminCatalogueField, "web");
    while (!admin.CatalogueView().typed.empty()) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "www.rlc.example");
    view = apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("https://") != std::string::npos);
    CHECK(view.changes.size() == 1);

    // A new partner typed in one line.
    Do(admin, ui::Action::kAdminCatalogueSelect, "new-partner");
    Do(admin, ui::Action::kAdminEditType, {}, 0,
       "stadt-schulden | Schuldnerberatung der Stadt | Rathausplatz 2, 34567 Neustadt | Mo–Fr 8–12 Uhr | de, tr | debt");
    view = apply();
    INFO((view.problems.empty() ? std::string() : view.problems.front()));
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 2);
    CHECK(view.changes[1].find("Schuldnerberatung der Stadt") != std::string::npos);

    const catalogue::Catalogue saved = page.Save();
    CHECK(saved.FindPartner("refugee-law-clinic")->hours == "Di 16–19 Uhr");
    REQUIRE(saved.FindPartner("stadt-schulden") != nullptr);
    CHECK(saved.FindPartner("stadt-schulden")->languages == std::vector<std::string>{"de", "tr"});
}

TEST_CASE("Administration, Catalogue: the site's opening hours and closed days on their tab, checked by ParseSiteHours "
          "as typed, listed, saved in hours.toml and loaded",
          "[ui][admin][catalogue][site-hours]") {
    AdminSite site;
    CataloguePage page(site, "de");
    ui::AdminSession& admin = page.admin;
    // The site's hours.toml beside the catalogue (a published configuration's layout).
    const fs::path hours_file = catalogue::SiteHoursFileFor(page.dir);
    REQUIRE(hours_file == site.dir / "hours.toml");
    fs::copy_file(fs::path(ANL_SOURCE_DIR) / "assets/hours.toml", hours_file);
    auto hours = catalogue::LoadSiteHours(hours_file);
    REQUIRE(hours.ok());
    admin.SetSiteHours(hours.value());

    Do(admin, ui::Action::kAdminCatalogueTab, "hours");
    auto view = admin.CatalogueView();
    CHECK(view.tab == "hours");
    REQUIRE(view.rows.size() == 2);
    CHECK(view.rows[0].select_id == "site:site_hours");
    CHECK(view.rows[0].cells[0] == "Öffnungszeiten");
    CHECK(view.rows[0].cells[1] == "mon-fri 08:00-12:00; thu 13:00-17:30");
    CHECK(view.rows[1].cells[1] == "2026-12-24, 2026-12-25, 2026-12-31");

    // Thursday until 12:00 only, typed with an afternoon that closes before it opens: the
    // parser's sentence under the field, no change.
    Do(admin, ui::Action::kAdminCatalogueSelect, "site:site_hours");
    view = admin.CatalogueView();
    CHECK(view.subject == "Öffnungszeiten des Standorts");
    REQUIRE(view.fields.size() == 2);
    CHECK(view.typed == "mon-fri 08:00-12:00; thu 13:00-17:30");
    for (int i = 0; i < 5; ++i) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "12:30");
    view = page.Apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("hours.toml") != std::string::npos);
    CHECK(view.problems[0].find("the closing time must come after the opening time") != std::string::npos);
    CHECK(view.changes.empty());
    CHECK_FALSE(view.can_save);

    // Until 18:30: listed in German, both lines.
    for (int i = 0; i < 5; ++i) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "18:30");
    view = page.Apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 1);
    CHECK(view.changes[0] == "Öffnungszeiten des Standorts: bisher mon-fri 08:00-12:00; thu 13:00-17:30, neu "
                             "mon-fri 08:00-12:00; thu 13:00-18:30");
    CHECK(view.rows[0].changed);

    // New Year's Eve open after all: a closed day less, said as removed.
    Do(admin, ui::Action::kAdminCatalogueSelect, "site:closed");
    view = admin.CatalogueView();
    CHECK(view.typed == "2026-12-24, 2026-12-25, 2026-12-31");
    for (int i = 0; i < 12; ++i) Do(admin, ui::Action::kAdminEditErase);
    view = page.Apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 2);
    CHECK(view.changes[1] == "Öffnungszeiten des Standorts: Schließtage entfernt 2026-12-31; neu –");

    // Saved: hours.toml holds both, the catalogue's files are as they were.
    const std::string offices = ReadAll(page.dir / "offices.toml");
    const catalogue::Catalogue saved = page.Save();
    (void)saved;
    auto reloaded = catalogue::LoadSiteHours(hours_file);
    REQUIRE(reloaded.ok());
    CHECK(catalogue::FormatSiteHours(reloaded.value()) == "mon-fri 08:00-12:00; thu 13:00-18:30");
    CHECK(reloaded->closed_days == std::vector<std::string>{"2026-12-24", "2026-12-25"});
    CHECK(ReadAll(page.dir / "offices.toml") == offices);
    CHECK(ReadAll(hours_file).find("# The site's opening hours for walk-ins") != std::string::npos);
}

TEST_CASE("Administration, Catalogue: a pictogram typed shows its glyph beside the field once the icon font has it, "
          "an unknown one is the loader's refusal, and a service's slot length and capacity are edited within its limits",
          "[ui][admin][catalogue][pictogram][slots]") {
    AdminSite site;
    CataloguePage page(site, "en");
    ui::AdminSession& admin = page.admin;

    Do(admin, ui::Action::kAdminCatalogueSelect, "service:abh.eat-collect");
    Do(admin, ui::Action::kAdminCatalogueField, "pictogram");
    auto view = admin.CatalogueView();
    CHECK(view.typed == "credit_card");
    CHECK(view.field_pictogram == "credit_card");
    while (!admin.CatalogueView().typed.empty()) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "bad");
    CHECK(admin.CatalogueView().field_pictogram.empty());  // "bad" is no glyph (yet)
    Do(admin, ui::Action::kAdminEditType, {}, 0, "ge_x");
    view = page.Apply();
    CHECK(view.field_pictogram.empty());
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("'badge_x', which is not a Material Icons glyph") != std::string::npos);
    CHECK(view.changes.empty());
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditErase);
    CHECK(admin.CatalogueView().field_pictogram == "badge");
    view = page.Apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 1);
    CHECK(view.changes[0] == "Service abh.eat-collect: pictogram was credit_card, now badge");

    // The office's pictogram, beside its name in the list.
    REQUIRE(view.offices[0].pictogram == "badge");
    Do(admin, ui::Action::kAdminCatalogueSelect, "office:abh");
    Do(admin, ui::Action::kAdminCatalogueField, "office_pictogram");
    while (!admin.CatalogueView().typed.empty()) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "how_to_reg");
    view = page.Apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 2);
    CHECK(view.field_pictogram == "how_to_reg");

    // Appointment slots: 3 minutes is the loader's refusal; 30 minutes and two at a time load.
    Do(admin, ui::Action::kAdminCatalogueSelect, "service:abh.family-reunification");
    Do(admin, ui::Action::kAdminCatalogueField, "slot_minutes");
    CHECK(admin.CatalogueView().typed == "60");
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "3");
    view = page.Apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("field 'slot_minutes' must be between 5 and 480") != std::string::npos);
    CHECK(view.changes.size() == 2);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "30");
    view = page.Apply();
    REQUIRE(view.problems.empty());
    Do(admin, ui::Action::kAdminCatalogueField, "slot_capacity");
    CHECK(admin.CatalogueView().typed == "1");
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "2");
    view = page.Apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 4);
    auto listed = [&](const std::string& change) {
        INFO(change);
        CHECK(std::find(view.changes.begin(), view.changes.end(), change) != view.changes.end());
    };
    listed("Service abh.family-reunification: slot length was 60, now 30 min");
    listed("Service abh.family-reunification: visitors per slot from 1 to 2");
    listed("Office abh: pictogram was badge, now how_to_reg");

    const catalogue::Catalogue saved = page.Save();
    CHECK(saved.FindService("abh.eat-collect")->pictogram == "badge");
    CHECK(saved.FindOffice("abh")->pictogram == "how_to_reg");
    CHECK(saved.service_slots.at("abh.family-reunification").slot_minutes == 30);
    CHECK(saved.service_slots.at("abh.family-reunification").slot_capacity == 2);
}
