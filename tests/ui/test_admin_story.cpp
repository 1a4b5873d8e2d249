// Issue 13's "Done when", as one story through the real view models, stores and a central on
// loopback: an administrator signs in, enables Tigrinya, reviews two Pashto messages in the
// editor (its live preview built), exports Pashto as XLIFF, imports it back with one change,
// publishes the translations through the central (as `config publish --translations` does),
// and a kiosk on another store shows the change after its next sync: asserted on the kiosk's
// view model, and (with a display) rendered by the terminal from the kiosk's store, with the
// administrator's steps, into build/tests/screens/admin-story/.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "kiosk/app/config_reload.h"
#include "kiosk/app/store_service.h"
#include "kiosk/ui/viewmodels/admin_session.h"
#include "kiosk/ui/viewmodels/desk_session.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "running_central.h"
#include "sync/config/config.h"
#include "sync_test_util.h"
#include "tests/support/skip.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSite = "site-story";
const std::string kHomeKey = "kiosk.home.title";
const std::string kChanged = "ښه راغلاست! موږ څنګه مرسته درسره وکړو؟";  // what the translator sends back

template <typename Pred>
bool DrainUntil(app::UiInbox& inbox, Pred pred, std::chrono::milliseconds limit) {
    return test::WaitUntil([&] { inbox.Drain(); return pred(); }, limit);
}

std::optional<ui::AdminRequest> Do(ui::AdminSession& admin, ui::Action kind, std::string id = {}, int value = 0,
                                   std::string text = {}) {
    return admin.Apply(ui::UiAction{kind, std::move(id), value, std::move(text)}, SystemClock().NowUtcMicros());
}

// The administrator's side: a copy of the shipped translations, the admin terminal's store.
struct AdminDesk {
    fs::path catalogs;
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;

    void Reload() {
        auto m = messages::Messages::Load(catalogs, {"Europe/Berlin"});
        REQUIRE(m.ok());
        messages.emplace(std::move(m).value());
    }
    // What the terminal does with a request (sign-in on the store, saves with the writers).
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

void RunTerminal(const std::string& args) {
    const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle " + args;
    INFO(cmd);
    const int rc = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(rc));
    REQUIRE(WEXITSTATUS(rc) == 0);
}

bool LayoutHasText(const fs::path& layout, const std::string& text) {
    std::ifstream in(layout);
    const auto json = nlohmann::json::parse(in);
    for (const auto& t : json["texts"])
        if (t["text"] == text) return true;
    return false;
}

}  // namespace

TEST_CASE("Done when: enable Tigrinya, review Pashto, XLIFF out and back, publish, another store's kiosk shows it",
          "[ui][admin][sync][story]") {
    test::TempDir dir("anl-admin-story");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    const fs::path source = ANL_SOURCE_DIR;
    auto shipped = catalogue::LoadCatalogue(source / "assets/catalogue");
    REQUIRE(shipped.ok());
    SystemClock clock;

    // The administrator's terminal: its store with the site's administrator, and the
    // translations it edits (the site offers Tigrinya not yet).
    AdminDesk desk;
    desk.catalogs = dir / "catalogs";
    fs::copy(source / "i18n/catalogs", desk.catalogs, fs::copy_options::recursive);
    desk.Reload();
    {
        std::vector<messages::LanguageSetting> settings;
        int order = 0;
        for (const auto& l : desk.messages->Languages())
            settings.push_back({l.code, l.code != "ti" && l.enabled, ++order, l.code == "de"});
        REQUIRE(messages::WriteLanguageSettings(*desk.messages, settings).ok());
        desk.Reload();
        REQUIRE_FALSE(desk.messages->FindLanguage("ti")->enabled);
    }
    auto opened = store::Store::Open(dir / "admin.db", clock);
    REQUIRE(opened.ok());
    desk.store = std::move(opened).value();
    store::SiteSettings site;
    site.site_id = kSite;
    REQUIRE(desk.store->Initialise(site, shipped.value(), core::Device{"admin-1", kSite, 0, Role::kAdmin}).ok());
    REQUIRE(desk.store->AddStaffAs("", "1042", "A. Demir", "482913", {core::StaffRole::kAdministrator}).ok());
    auto key_screens = messages::ReadKeyScreens(source / "i18n/catalogs" / messages::kKeyScreensFile);
    REQUIRE(key_screens.ok());

    // Another store: a kiosk of the site, enrolled, syncing.
    const fs::path kiosk_db = dir / "kiosk.db";
    {
        auto store = store::Store::Open(kiosk_db, clock);
        REQUIRE(store.ok());
        REQUIRE(store.value()->Initialise(site, shipped.value(), core::Device{"kiosk-1", kSite, 0, Role::kKiosk}).ok());
    }
    auto transport = sync::MakeCurlTransport(central.url());
    const std::string code = test::AddDevice(*transport, test::kAdminToken, kSite, sync::Role::kKiosk);
    REQUIRE(sync::EnrollTerminal(kiosk_db, central.url(), code, *transport).ok());

    // 1. Sign in.
    ui::AdminSession admin(*desk.messages, key_screens.value(), "de");
    Do(admin, ui::Action::kSignInFocus, {}, 0);
    Do(admin, ui::Action::kSignInType, {}, 0, "1042");
    Do(admin, ui::Action::kSignInFocus, {}, 1);
    Do(admin, ui::Action::kSignInType, {}, 0, "482913");
    desk.Run(admin, Do(admin, ui::Action::kSignInSubmit));
    REQUIRE(admin.signed_in());
    REQUIRE(admin.page() == ui::AdminPage::kLanguages);

    // 2. Enable Tigrinya and save.
    Do(admin, ui::Action::kAdminToggleLanguage, "ti");
    desk.Run(admin, Do(admin, ui::Action::kAdminSaveLanguages));
    REQUIRE(desk.messages->FindLanguage("ti")->enabled);
    const auto languages = admin.Languages();
    CHECK(std::find_if(languages.rows.begin(), languages.rows.end(),
                       [](const auto& r) { return r.code == "ti" && r.enabled && !r.position.empty(); }) != languages.rows.end());

    // 3. Review two Pashto messages in the editor, each with its live preview.
    Do(admin, ui::Action::kAdminPage, "translations");
    Do(admin, ui::Action::kAdminEditLanguage, "ps");
    for (const std::string& key : {kHomeKey, std::string("kiosk.language.title")}) {
        INFO(key);
        REQUIRE(desk.messages->Status("ps", key) == messages::MessageStatus::kDraft);
        Do(admin, ui::Action::kAdminSelectMessage, key);
        const auto editor = admin.Editor();
        CHECK(editor.can_save);
        CHECK(editor.problems.empty());
        CHECK(editor.preview_widget == ui::PreviewWidget::kTitle);
        CHECK(editor.preview_text == desk.messages->Text("ps", key));  // the kiosk's own text, no placeholders
        desk.Run(admin, Do(admin, ui::Action::kAdminMarkReviewed));
        CHECK(desk.messages->Status("ps", key) == messages::MessageStatus::kReviewed);
    }

    // 4. Export Pashto as XLIFF; the translator changes one message; import it back.
    auto exported = messages::ExportLanguage(*desk.messages, "ps", messages::ExchangeFormat::kXliff);
    REQUIRE(exported.ok());
    std::string xliff = exported->contents;
    const auto unit = xliff.find("id=\"" + kHomeKey + "\"");
    REQUIRE(unit != std::string::npos);
    const std::string before(desk.messages->Text("ps", kHomeKey));
    const auto target = xliff.find("<target", unit);
    REQUIRE(target != std::string::npos);
    const auto text_at = xliff.find(before, target);
    REQUIRE(text_at != std::string::npos);
    REQUIRE(text_at < xliff.find("</trans-unit>", unit));
    xliff.replace(text_at, before.size(), kChanged);
    const fs::path file = dir / "ps.xlf";
    {
        std::ofstream out(file, std::ios::binary);
        out << xliff;
    }
    auto entries = messages::ReadExchangeFile(file, "ps", messages::ExchangeFormat::kXliff);
    REQUIRE(entries.ok());
    auto edits = messages::CheckImport(*desk.messages, "ps", entries.value(), file.string());
    INFO((edits ? std::string() : edits.error().message));
    REQUIRE(edits.ok());
    // Only the one change comes back as a new text (a status may come back too: an outdated
    // translation returns as a draft).
    std::vector<std::string> changed;
    for (const auto& e : edits.value())
        if (e.text != desk.messages->Text("ps", e.key)) changed.push_back(e.key);
    CHECK(changed == std::vector<std::string>{kHomeKey});
    REQUIRE(messages::WriteCatalogueEdits(*desk.messages, "ps", edits.value()).ok());
    desk.Reload();
    admin.SetMessages(*desk.messages);
    REQUIRE(desk.messages->Text("ps", kHomeKey) == kChanged);

    // 5. Publish the translations through the central, as `config publish --translations` does,
    //    and record it in the audit log as the administrator.
    auto translations = sync::config::ReadTranslationsDir(desk.catalogs);
    REQUIRE(translations.ok());
    sync::ConfigPublish publish;
    publish.site = kSite;
    publish.translations = translations.value();
    auto published = sync::PublishConfig(*transport, test::kAdminToken, publish);
    INFO((published ? std::string() : published.error().message));
    REQUIRE(published.ok());
    REQUIRE(desk.store->RecordConfigAudit("1042", "published", published->version).ok());

    // 6. The kiosk on the other store takes the version with its next sync and shows the change.
    {
        app::UiInbox inbox([] {});
        app::StoreService service(kiosk_db, clock, shipped.value(), Role::kKiosk, inbox, [](app::SnapshotPtr) {});
        service.Open([](Error e) { FAIL(e.message); });
        sync::ClientOptions options;
        options.long_poll_ms = 300;
        options.min_backoff_ms = 20;
        options.max_backoff_ms = 200;
        service.StartSync(options, [](Error) {});
        std::vector<std::string> errors;
        app::ConfigReloader reloader(kiosk_db, inbox, [&](Error e) { errors.push_back(e.message); });
        auto status = [&] { return service.SyncStatus().value_or(sync::SyncStatus{}); };
        std::shared_ptr<app::LoadedConfig> loaded;
        REQUIRE(DrainUntil(inbox, [&] {
            reloader.Notice(status());
            if (auto taken = reloader.Take()) loaded = taken;
            return loaded != nullptr && loaded->version == published->version;
        }, 20s));
        CHECK(errors.empty());
        ui::KioskFlow kiosk(loaded->catalogue, loaded->messages, ui::KioskSettings{});
        const auto picker = kiosk.LanguagePicker();
        CHECK(std::any_of(picker.languages.begin(), picker.languages.end(), [](const auto& l) { return l.code == "ti"; }));
        kiosk.Apply(ui::UiAction{ui::Action::kChooseLanguage, "ps", 0, {}}, clock.NowUtcMicros());
        CHECK(kiosk.lang() == "ps");
        CHECK(kiosk.Home().title == kChanged);
    }

    // The audit page shows the publication.
    auto audit = Do(admin, ui::Action::kAdminPage, "audit");
    REQUIRE(audit.has_value());
    {
        ui::AdminAnswer answer;
        auto log = desk.store->AuditLog("1042", audit->audit);
        REQUIRE(log.ok());
        answer.audit = log.value();
        admin.OnStoreAnswer(*audit, answer);
    }
    REQUIRE_FALSE(admin.Audit().rows.empty());
    CHECK(admin.Audit().rows.front().kind == desk.messages->Text("de", "admin.audit.kind.config_published"));
    CHECK(admin.Audit().rows.front().subject == std::to_string(published->version));

    // Rendered: the administrator's steps and the kiosk from its own store (with a display).
    if (!test::HaveDisplay()) return;
    const fs::path shots = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / "admin-story";
    fs::remove_all(shots);
    fs::create_directories(shots);
    const std::string translations_arg = " --translations " + desk.catalogs.string();
    RunTerminal("--role admin --lang de --screen languages" + translations_arg + " --screenshot " +
                (shots / "1-languages-ti-enabled.png").string());
    RunTerminal("--role admin --lang de --screen editor --edit-lang ps --edit-key kiosk.language.title" + translations_arg +
                " --screenshot " + (shots / "2-editor-ps-reviewed.png").string());
    RunTerminal("--role admin --lang de --screen editor --edit-lang ps --edit-key " + kHomeKey + translations_arg +
                " --screenshot " + (shots / "3-editor-ps-imported.png").string());
    RunTerminal("--role kiosk --db " + kiosk_db.string() + " --lang ps --screen home --screenshot " +
                (shots / "4-kiosk-other-store.png").string() + " --layout-log " + (shots / "4-kiosk-other-store.json").string());
    CHECK(LayoutHasText(shots / "4-kiosk-other-store.json", kChanged));
    RunTerminal("--role kiosk --db " + kiosk_db.string() + " --lang de --screen language --screenshot " +
                (shots / "5-kiosk-languages.png").string() + " --layout-log " + (shots / "5-kiosk-languages.json").string());
}

// Issue 13, the catalogue's new parts: on the Catalogue page the administrator ticks a
// service off counter 2, sets the kiosk's inactivity timeout to 90 s and offers only two
// accessible modes, and points a finder answer at another service; each is checked by the
// loader and listed as a change, saved, published through the central (as the page's Publish
// sends the catalogue folder), and a kiosk on another store starts again after 90 s, offers
// the two modes, and a desk there signs in at the counters as published.
TEST_CASE("Catalogue page: counters, kiosk settings, partners, finder answers, the site's opening hours and a service's "
          "appointment slots reach another store's kiosk and desk",
          "[ui][admin][sync][story][catalogue]") {
    test::TempDir dir("anl-admin-catalogue-story");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    const fs::path source = ANL_SOURCE_DIR;
    const fs::path catalogue_dir = dir / "catalogue";
    fs::copy(source / "assets/catalogue", catalogue_dir, fs::copy_options::recursive);
    auto shipped = catalogue::LoadCatalogue(catalogue_dir);
    REQUIRE(shipped.ok());
    catalogue::Catalogue cat = shipped.value();
    SystemClock clock;
    AdminDesk desk;
    desk.catalogs = source / "i18n/catalogs";  // read only here
    desk.Reload();
    auto opened = store::Store::Open(dir / "admin.db", clock);
    REQUIRE(opened.ok());
    desk.store = std::move(opened).value();
    store::SiteSettings site;
    site.site_id = kSite;
    REQUIRE(desk.store->Initialise(site, cat, core::Device{"admin-1", kSite, 0, Role::kAdmin}).ok());
    REQUIRE(desk.store->AddStaffAs("", "1042", "A. Demir", "482913", {core::StaffRole::kAdministrator}).ok());
    const fs::path kiosk_db = dir / "kiosk.db";
    {
        auto store = store::Store::Open(kiosk_db, clock);
        REQUIRE(store.ok());
        REQUIRE(store.value()->Initialise(site, cat, core::Device{"kiosk-1", kSite, 0, Role::kKiosk}).ok());
    }
    auto transport = sync::MakeCurlTransport(central.url());
    const std::string code = test::AddDevice(*transport, test::kAdminToken, kSite, sync::Role::kKiosk);
    REQUIRE(sync::EnrollTerminal(kiosk_db, central.url(), code, *transport).ok());

    ui::AdminSession admin(*desk.messages, {}, "de");
    admin.SetCatalogue(cat);
    Do(admin, ui::Action::kSignInFocus, {}, 0);
    Do(admin, ui::Action::kSignInType, {}, 0, "1042");
    Do(admin, ui::Action::kSignInFocus, {}, 1);
    Do(admin, ui::Action::kSignInType, {}, 0, "482913");
    desk.Run(admin, Do(admin, ui::Action::kSignInSubmit));
    REQUIRE(admin.signed_in());
    Do(admin, ui::Action::kAdminPage, "catalogue");
    // Each typed or ticked value goes through the loader before it becomes a change.
    auto apply = [&] {
        auto request = Do(admin, ui::Action::kAdminCatalogueApply);
        REQUIRE(request.has_value());
        REQUIRE(request->kind == ui::AdminRequest::Kind::kCheckCatalogue);
        admin.OnCatalogueChecked(*request, catalogue::CheckEdits(catalogue_dir, request->catalogue_edits));
        return admin.CatalogueView();
    };

    // Counters: the tab lists the six; counter 2 offers one service less (ticked off).
    Do(admin, ui::Action::kAdminCatalogueTab, "counters");
    auto view = admin.CatalogueView();
    REQUIRE(view.rows.size() == 6);
    CHECK(view.rows[1].cells[0] == "2");
    CHECK(view.rows[1].cells[3] == "alle Dienste des Amts");
    Do(admin, ui::Action::kAdminCatalogueSelect, "counter:2");
    Do(admin, ui::Action::kAdminCatalogueField, "services");
    view = admin.CatalogueView();
    REQUIRE(view.ticks.size() == 10);  // the services of the foreigners' authority
    CHECK(std::all_of(view.ticks.begin(), view.ticks.end(), [](const ui::AdminChip& t) { return t.selected; }));
    Do(admin, ui::Action::kAdminCatalogueTick, "abh.naturalisation-info");
    Do(admin, ui::Action::kAdminCatalogueTick, "fsa.counselling");  // not a service of this office: no tick
    view = apply();
    INFO((view.problems.empty() ? std::string() : view.problems.front()));
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 1);
    CHECK(view.changes[0].find("bietet nicht mehr abh.naturalisation-info; neu –") != std::string::npos);

    // The kiosk's settings: 10 s is refused with the loader's sentence; 90 s and two modes load.
    Do(admin, ui::Action::kAdminCatalogueTab, "kiosk");
    REQUIRE(admin.CatalogueView().rows.size() == 4);
    Do(admin, ui::Action::kAdminCatalogueSelect, "kiosk:inactivity");
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "10");
    view = apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("kiosk.toml:3: kiosk: field 'inactivity_seconds' is 10") != std::string::npos);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "90");
    view = apply();
    REQUIRE(view.problems.empty());
    Do(admin, ui::Action::kAdminCatalogueSelect, "kiosk:modes");
    Do(admin, ui::Action::kAdminCatalogueTick, "low-reach");
    Do(admin, ui::Action::kAdminCatalogueTick, "explore-by-touch");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 3);
    CHECK(std::any_of(view.changes.begin(), view.changes.end(),
                      [](const std::string& c) { return c.find("Neustart nach 45 s, neu nach 90 s") != std::string::npos; }));
    // The kiosks' printer: a spec the loader cannot read is refused, a 58 mm ESC/POS printer loads.
    Do(admin, ui::Action::kAdminCatalogueSelect, "kiosk:printer");
    Do(admin, ui::Action::kAdminEditType, {}, 0, "usb-printer");
    view = apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("escpos:/dev/usb/lp0, cups:QUEUE or png:DIR") != std::string::npos);
    while (!admin.CatalogueView().typed.empty()) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "escpos:/dev/usb/lp0?width=58");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 4);

    // Partners: the clinic's hours.
    Do(admin, ui::Action::kAdminCatalogueTab, "partners");
    Do(admin, ui::Action::kAdminCatalogueSelect, "partner:refugee-law-clinic");
    Do(admin, ui::Action::kAdminCatalogueField, "partner_hours");
    while (!admin.CatalogueView().typed.empty()) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "Di 16–19 Uhr");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 5);

    // The finder: an answer to another service; a question key without a German text is refused.
    Do(admin, ui::Action::kAdminCatalogueTab, "finder");
    REQUIRE(admin.CatalogueView().rows.size() == 23);  // 4 questions and their 19 answers
    Do(admin, ui::Action::kAdminCatalogueSelect, "question:topic");
    Do(admin, ui::Action::kAdminEditType, {}, 0, "x");
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminCatalogueApply).has_value());
    CHECK(admin.CatalogueView().problems.at(0).find("finder.topic.questionx") != std::string::npos);
    Do(admin, ui::Action::kAdminCatalogueSelect, "answer:papers/card");
    CHECK(admin.CatalogueView().typed == "abh.eat-collect");
    for (int i = 0; i < 15; ++i) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "abh.lost-document");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 6);

    // The site's opening hours: no hours.toml beside the catalogue yet (a site that never had
    // them); the first edit writes one. An overlap is the parser's refusal.
    Do(admin, ui::Action::kAdminCatalogueTab, "hours");
    Do(admin, ui::Action::kAdminCatalogueSelect, "site:site_hours");
    CHECK(admin.CatalogueView().typed.empty());
    Do(admin, ui::Action::kAdminEditType, {}, 0, "mon-fri 08:00-12:00; thu 11:00-18:00");
    view = apply();
    REQUIRE(view.problems.size() == 1);
    CHECK(view.problems[0].find("hours overlap on thu") != std::string::npos);
    for (int i = 0; i < 11; ++i) Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "13:00-18:00");
    view = apply();
    REQUIRE(view.problems.empty());
    Do(admin, ui::Action::kAdminCatalogueSelect, "site:closed");
    Do(admin, ui::Action::kAdminEditType, {}, 0, "2026-12-24, 2026-12-31");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 8);
    CHECK(view.changes[6] == "Öffnungszeiten des Standorts: bisher –, neu mon-fri 08:00-12:00; thu 13:00-18:00");

    // A service's appointment length: the family reunification's hour becomes 45 minutes.
    Do(admin, ui::Action::kAdminCatalogueTab, "services");
    Do(admin, ui::Action::kAdminCatalogueSelect, "service:abh.family-reunification");
    Do(admin, ui::Action::kAdminCatalogueField, "slot_minutes");
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditErase);
    Do(admin, ui::Action::kAdminEditType, {}, 0, "45");
    view = apply();
    REQUIRE(view.problems.empty());
    REQUIRE(view.changes.size() == 9);

    // Saved, loaded again, published through the central as the page's Publish does.
    auto save = Do(admin, ui::Action::kAdminSaveCatalogue);
    REQUIRE(save.has_value());
    REQUIRE(catalogue::WriteEdits(catalogue_dir, save->catalogue_edits).ok());
    auto reloaded = catalogue::LoadCatalogue(catalogue_dir);
    REQUIRE(reloaded.ok());
    cat = std::move(reloaded).value();
    auto saved_hours = catalogue::LoadSiteHours(catalogue::SiteHoursFileFor(catalogue_dir));
    REQUIRE(saved_hours.ok());
    admin.SetSiteHours(saved_hours.value());
    admin.SetCatalogue(cat);
    CHECK(cat.kiosk.inactivity_seconds == 90);
    CHECK(saved_hours->closed_days == std::vector<std::string>{"2026-12-24", "2026-12-31"});
    auto publish_request = Do(admin, ui::Action::kAdminPublish);
    REQUIRE(publish_request.has_value());
    REQUIRE(publish_request->kind == ui::AdminRequest::Kind::kPublish);
    // What the page's Publish reads (the terminal adds the translations it edits): the catalogue
    // and the hours.toml beside it.
    const sync::config::PublishSources sources = sync::config::EditedSources(catalogue_dir, {});
    CHECK(sources.hours_file == dir / "hours.toml");
    auto publish = sync::config::ReadPublication(kSite, sources);
    REQUIRE(publish.ok());
    REQUIRE(publish->hours.has_value());
    auto published = sync::PublishConfig(*transport, test::kAdminToken, publish.value());
    INFO((published ? std::string() : published.error().message));
    REQUIRE(published.ok());

    // The kiosk on the other store takes the version with its next sync.
    app::UiInbox inbox([] {});
    app::StoreService service(kiosk_db, clock, shipped.value(), Role::kKiosk, inbox, [](app::SnapshotPtr) {});
    service.Open([](Error e) { FAIL(e.message); });
    sync::ClientOptions options;
    options.long_poll_ms = 300;
    options.min_backoff_ms = 20;
    options.max_backoff_ms = 200;
    service.StartSync(options, [](Error) {});
    std::vector<std::string> errors;
    app::ConfigReloader reloader(kiosk_db, inbox, [&](Error e) { errors.push_back(e.message); });
    auto status = [&] { return service.SyncStatus().value_or(sync::SyncStatus{}); };
    std::shared_ptr<app::LoadedConfig> loaded;
    REQUIRE(DrainUntil(inbox, [&] {
        reloader.Notice(status());
        if (auto taken = reloader.Take()) loaded = taken;
        return loaded != nullptr && loaded->version == published->version;
    }, 20s));
    CHECK(errors.empty());
    const catalogue::Catalogue& there = loaded->catalogue;
    CHECK(there.kiosk.inactivity_seconds == 90);
    CHECK(there.kiosk.printer == "escpos:/dev/usb/lp0?width=58");
    CHECK(there.FindPartner("refugee-law-clinic")->hours == "Di 16–19 Uhr");
    CHECK_FALSE(there.FindCounter(2)->Offers("abh.naturalisation-info"));
    CHECK(there.service_slots.at("abh.family-reunification").slot_minutes == 45);
    // The site's hours are in the configuration the kiosk's store applied (its hours.toml).
    const sync::ConfigLoaderDirs there_dirs = sync::LoaderDirsFor(kiosk_db);
    REQUIRE_FALSE(there_dirs.hours.empty());
    auto there_hours = catalogue::LoadSiteHours(there_dirs.hours);
    REQUIRE(there_hours.ok());
    CHECK(catalogue::FormatSiteHours(there_hours.value()) == "mon-fri 08:00-12:00; thu 13:00-18:00");
    CHECK(there_hours->IsClosedDay("2026-12-31"));
    CHECK_FALSE(there_hours->IsClosedDay("2026-12-25"));
    // And the terminal's reloader hands them over with the catalogue (ApplyReloadedConfig).
    CHECK(catalogue::FormatSiteHours(loaded->hours) == "mon-fri 08:00-12:00; thu 13:00-18:00");
    // As the terminal builds its kiosk (MakeRole): 90 s untouched, and it starts again.
    ui::KioskSettings base;
    base.read_aloud_langs = {"de"};
    const ui::KioskSettings settings = ui::WithSiteSettings(base, there.kiosk);
    CHECK(settings.inactivity_reset == 90 * kMicrosPerSecond);
    CHECK(settings.read_aloud_langs == std::vector<std::string>{"de"});
    ui::KioskFlow kiosk(there, loaded->messages, settings);
    const Micros t0 = clock.NowUtcMicros();
    kiosk.Apply(ui::UiAction{ui::Action::kChooseLanguage, "de", 0, {}}, t0);
    REQUIRE(kiosk.screen() == ui::KioskScreen::kHome);
    kiosk.Tick(t0 + 60 * kMicrosPerSecond);  // the old 45 s would have reset it
    CHECK(kiosk.screen() == ui::KioskScreen::kHome);
    kiosk.Tick(t0 + 91 * kMicrosPerSecond);
    CHECK(kiosk.screen() == ui::KioskScreen::kLanguage);
    // Two modes offered: their toggles only; a toggle of another changes nothing.
    const auto picker = kiosk.LanguagePicker();
    CHECK(picker.offered_modes.high_contrast);
    CHECK(picker.offered_modes.large_text);
    CHECK_FALSE(picker.offered_modes.low_reach);
    CHECK_FALSE(picker.offered_modes.explore_by_touch);
    kiosk.Apply(ui::UiAction{ui::Action::kToggleLowReach, {}, 0, {}}, t0 + 92 * kMicrosPerSecond);
    CHECK_FALSE(kiosk.modes().low_reach);
    // The finder answer leads to the new service.
    const auto* papers = there.FindFinderQuestion("papers");
    REQUIRE(papers != nullptr);
    CHECK(std::any_of(papers->answers.begin(), papers->answers.end(),
                      [](const auto& a) { return a.id == "card" && a.service_id == "abh.lost-document"; }));
    // A desk there signs in at the counters as published.
    const auto counters = ui::DefaultCounters(there);
    REQUIRE(counters.size() == 6);
    CHECK(counters[1].number == 2);
    CHECK(counters[1].office_id == "abh");
}
