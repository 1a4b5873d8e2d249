// The terminal's own sync: the app's store service starts the sync worker in-process when the
// store is enrolled, pushes a ticket issued through it at once (the nudge, not the next
// long-poll), and reports online, then offline with the events waiting once the central stops.
// Also the sync status's texts (view model) in German and Arabic.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "kiosk/app/config_reload.h"
#include "kiosk/app/store_service.h"
#include "kiosk/ui/viewmodels/sync_badge.h"
#include "running_central.h"
#include "sync/config/config.h"
#include "sync_test_util.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace std::chrono_literals;

namespace {

// Drains the UI inbox (as the UI thread does) until `pred` holds or `limit` passed.
template <typename Pred>
bool DrainUntil(app::UiInbox& inbox, Pred pred, std::chrono::milliseconds limit) {
    return test::WaitUntil([&] { inbox.Drain(); return pred(); }, limit);
}

// How many long-polls the central holds now, read through its /metrics page (on the
// central's own thread, so no data race with it).
bool CentralHoldsLongPoll(const test::RunningCentral& central) {
    auto metrics = sync::MakeCurlTransport(central.url())->Send({"GET", "/metrics", "", "", 2000});
    return metrics.ok() && metrics->body.find("anl_central_long_polls_waiting 1") != std::string::npos;
}

}  // namespace

TEST_CASE("app sync: a ticket issued through the store service is pushed at once, online then offline with the pending count",
          "[app][sync]") {
    test::TempDir dir("anl-app-sync");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    const std::filesystem::path db = dir / "kiosk.db";
    const catalogue::Catalogue catalogue = test::OneOfficeCatalogue();
    SystemClock clock;
    {
        auto store = store::Store::Open(db, clock);
        REQUIRE(store.ok());
        store::SiteSettings site;
        site.site_id = "site-app";
        REQUIRE(store.value()->Initialise(site, catalogue, core::Device{"kiosk-1", "site-app", 0, anl::Role::kKiosk}).ok());
    }
    auto admin = sync::MakeCurlTransport(central.url());
    const std::string code = test::AddDevice(*admin, test::kAdminToken, "site-app", sync::Role::kKiosk);
    REQUIRE(sync::EnrollTerminal(db, central.url(), code, *admin).ok());

    app::UiInbox inbox([] {});
    std::string error;
    app::StoreService service(db, clock, catalogue, anl::Role::kKiosk, inbox, [](app::SnapshotPtr) {});
    service.Open([&](Error e) { error = e.message; });
    sync::ClientOptions options;
    options.long_poll_ms = 20'000;  // longer than the test waits: only the nudge can push in time
    options.min_backoff_ms = 20;
    options.max_backoff_ms = 200;
    service.StartSync(options, [&](Error e) { error = e.message; });
    auto status = [&] { return service.SyncStatus().value_or(sync::SyncStatus{}); };
    REQUIRE(DrainUntil(inbox, [&] { return status().online; }, 5s));
    CHECK(error.empty());

    auto issue = [&] {
        std::optional<Result<store::Outcome>> outcome;
        service.Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}, "",
                        [&](Result<store::Outcome> r) { outcome = std::move(r); });
        REQUIRE(DrainUntil(inbox, [&] { return outcome.has_value(); }, 5s));
        REQUIRE(outcome->ok());
    };
    // Once the worker is parked in its long-poll, the ticket must reach the central anyway.
    REQUIRE(DrainUntil(inbox, [&] { return CentralHoldsLongPoll(central); }, 5s));
    const auto began = std::chrono::steady_clock::now();
    issue();
    REQUIRE(DrainUntil(inbox, [&] { return status().online && status().waiting_to_send == 0 && status().rounds > 1; }, 3s));
    const auto pushed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
    CHECK(pushed_ms < 3s);
    WARN("issued to acknowledged by the central: " << pushed_ms.count() << " ms");

    // The central goes: the terminal keeps issuing and says offline, with what waits.
    central.Stop();
    issue();
    issue();
    REQUIRE(DrainUntil(inbox, [&] { return !status().online && status().waiting_to_send == 2; }, 5s));
    CHECK(status().last_success_us > 0);
}

TEST_CASE("app sync: a visitor's feedback given through the store service reaches the central as an anonymous event",
          "[app][sync][feedback]") {
    test::TempDir dir("anl-app-feedback");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    const std::filesystem::path db = dir / "kiosk.db";
    const catalogue::Catalogue catalogue = test::OneOfficeCatalogue();
    SystemClock clock;
    {
        auto store = store::Store::Open(db, clock);
        REQUIRE(store.ok());
        store::SiteSettings site;
        site.site_id = "site-fb";
        REQUIRE(store.value()->Initialise(site, catalogue, core::Device{"kiosk-1", "site-fb", 0, anl::Role::kKiosk}).ok());
    }
    auto admin = sync::MakeCurlTransport(central.url());
    const std::string code = test::AddDevice(*admin, test::kAdminToken, "site-fb", sync::Role::kKiosk);
    REQUIRE(sync::EnrollTerminal(db, central.url(), code, *admin).ok());

    app::UiInbox inbox([] {});
    std::string error;
    app::StoreService service(db, clock, catalogue, anl::Role::kKiosk, inbox, [](app::SnapshotPtr) {});
    service.Open([&](Error e) { error = e.message; });
    sync::ClientOptions options;
    options.long_poll_ms = 20'000;  // only the nudge can push in time
    options.min_backoff_ms = 20;
    options.max_backoff_ms = 200;
    service.StartSync(options, [&](Error e) { error = e.message; });
    auto status = [&] { return service.SyncStatus().value_or(sync::SyncStatus{}); };
    REQUIRE(DrainUntil(inbox, [&] { return status().online; }, 5s));
    REQUIRE(DrainUntil(inbox, [&] { return CentralHoldsLongPoll(central); }, 5s));
    const std::int64_t rounds = status().rounds;

    // What the kiosk's "send" hands over (KioskFlow::TakeFeedbackRequest), as the terminal does.
    service.GiveFeedback(core::GiveFeedback{"abh", "", "ps", 5, {"friendliness", "understood-everything"}});
    REQUIRE(DrainUntil(inbox, [&] { return status().rounds > rounds && status().waiting_to_send == 0; }, 5s));
    CHECK(error.empty());
    central.Stop();

    auto stored = sync::central::OpenSqliteStore((dir / "central.db").string());
    REQUIRE(stored.ok());
    auto events = stored.value()->ReadAfter("site-fb", 0, 100);
    REQUIRE(events.ok());
    const sync::Event* found = nullptr;
    for (const auto& stored_event : *events)
        if (stored_event.event.type == "feedback.given") found = &stored_event.event;
    REQUIRE(found != nullptr);
    const sync::Event& e = *found;
    CHECK(e.device == "kiosk-1");
    CHECK(nlohmann::json::parse(e.payload) == nlohmann::json{{"office_id", "abh"},
                                                              {"service_id", ""},
                                                              {"lang", "ps"},
                                                              {"score", 5},
                                                              {"reasons", {"friendliness", "understood-everything"}}});
}

TEST_CASE("app sync: a configuration published at the central is loaded off the UI thread and handed to it",
          "[app][sync][config]") {
    test::TempDir dir("anl-app-reload");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    const std::filesystem::path db = dir / "kiosk.db";
    const std::filesystem::path source = ANL_SOURCE_DIR;
    auto shipped = catalogue::LoadCatalogue(source / "assets/catalogue");
    REQUIRE(shipped.ok());
    SystemClock clock;
    {
        auto store = store::Store::Open(db, clock);
        REQUIRE(store.ok());
        store::SiteSettings site;
        site.site_id = "site-reload";
        REQUIRE(store.value()->Initialise(site, shipped.value(), core::Device{"kiosk-1", "site-reload", 0, anl::Role::kKiosk}).ok());
    }
    auto admin = sync::MakeCurlTransport(central.url());
    const std::string code = test::AddDevice(*admin, test::kAdminToken, "site-reload", sync::Role::kKiosk);
    REQUIRE(sync::EnrollTerminal(db, central.url(), code, *admin).ok());

    app::UiInbox inbox([] {});
    app::StoreService service(db, clock, shipped.value(), anl::Role::kKiosk, inbox, [](app::SnapshotPtr) {});
    service.Open([](Error e) { FAIL(e.message); });
    sync::ClientOptions options;
    options.long_poll_ms = 300;
    options.min_backoff_ms = 20;
    options.max_backoff_ms = 200;
    service.StartSync(options, [](Error) {});
    std::vector<std::string> errors;
    app::ConfigReloader reloader(db, inbox, [&](Error e) { errors.push_back(e.message); });
    auto status = [&] { return service.SyncStatus().value_or(sync::SyncStatus{}); };
    REQUIRE(DrainUntil(inbox, [&] { return status().online; }, 5s));
    reloader.Notice(status());  // what the terminal loaded at start
    CHECK(reloader.Take() == nullptr);

    // The administrator rewords the German welcome.
    auto translations = sync::config::ReadTranslationsDir(source / "i18n/catalogs");
    REQUIRE(translations.ok());
    const std::string welcome = "Guten Tag! Womit können wir helfen?";
    for (auto& file : translations.value()) {
        if (file.path != "de/ui.toml") continue;
        const std::string old_line = "\"kiosk.home.title\" = { text = \"Willkommen! Wobei können wir helfen?\"";
        const auto at = file.text.find(old_line);
        REQUIRE(at != std::string::npos);
        file.text.replace(at, old_line.size(), "\"kiosk.home.title\" = { text = \"" + welcome + "\"");
    }
    sync::ConfigPublish publish;
    publish.site = "site-reload";
    publish.translations = translations.value();
    auto published = sync::PublishConfig(*admin, test::kAdminToken, publish);
    REQUIRE(published.ok());

    std::shared_ptr<app::LoadedConfig> loaded;
    REQUIRE(DrainUntil(inbox, [&] {
        reloader.Notice(status());
        if (!loaded) loaded = reloader.Take();
        return loaded != nullptr;
    }, 10s));
    CHECK(errors.empty());
    CHECK(loaded->version == published->version);
    CHECK(loaded->messages.Text("de", "kiosk.home.title") == welcome);
    CHECK(loaded->messages.Text("ar", "kiosk.home.title") == "أهلاً وسهلاً! كيف يمكننا مساعدتك؟");  // untouched
    CHECK(loaded->catalogue.offices.size() == shipped->offices.size());
    // Handed over once.
    inbox.Drain();
    reloader.Notice(status());
    CHECK(reloader.Take() == nullptr);
}

TEST_CASE("app sync: a store that is not enrolled runs no sync worker", "[app][sync]") {
    test::TempDir dir("anl-app-nosync");
    SystemClock clock;
    const catalogue::Catalogue catalogue = test::OneOfficeCatalogue();
    app::UiInbox inbox([] {});
    bool opened = false;
    app::StoreService service(dir / "alone.db", clock, catalogue, anl::Role::kKiosk, inbox, [&](app::SnapshotPtr) { opened = true; });
    service.Open([](Error) {});
    service.StartSync({}, [](Error e) { FAIL(e.message); });
    REQUIRE(DrainUntil(inbox, [&] { return opened; }, 5s));
    // The store's worker runs its jobs in order: once a sign-in posted after StartSync has
    // answered, StartSync has decided.
    bool answered = false;
    service.SignIn("0000", "0000", [&](Result<core::SignInOutcome>) { answered = true; });
    REQUIRE(DrainUntil(inbox, [&] { return answered; }, 5s));
    CHECK_FALSE(service.SyncStatus().has_value());
}

TEST_CASE("sync status texts: German and Arabic, the desk's stale note, nothing when not enrolled", "[ui][sync]") {
    auto messages = messages::Messages::Load(messages::Messages::DefaultDir());
    REQUIRE(messages.ok());
    const ui::SyncFacts offline{true, false, 3, 1'767'598'200'000'000};
    const ui::SyncBadgeView de = ui::MakeSyncBadge(offline, messages.value(), "de", true);
    CHECK(de.shown);
    CHECK(de.state == "Offline");
    CHECK(de.waiting == "Zu senden: 3");
    CHECK(de.stale_note.find("Keine Verbindung zur Zentrale seit") == 0);
    const ui::SyncBadgeView ar = ui::MakeSyncBadge(offline, messages.value(), "ar", false);
    CHECK(ar.state == "غير متصل");
    CHECK(ar.waiting.find("بانتظار الإرسال") == 0);
    CHECK(ar.stale_note.empty());  // the kiosk: visitors need not know
    const ui::SyncBadgeView online = ui::MakeSyncBadge(ui::SyncFacts{true, true, 0, 1}, messages.value(), "de", true);
    CHECK(online.state == "Online");
    CHECK(online.waiting.empty());
    CHECK(online.stale_note.empty());
    const ui::SyncBadgeView never = ui::MakeSyncBadge(ui::SyncFacts{true, false, 1, 0}, messages.value(), "en", true);
    CHECK(never.stale_note.find("Not yet connected") == 0);
    CHECK_FALSE(ui::MakeSyncBadge(ui::SyncFacts{}, messages.value(), "de", true).shown);
}

TEST_CASE("administration: the catalogue page's publish goes through the central as the signed-in staff member, "
          "a colleague without publish_config is refused, and a rollback is a new version a kiosk syncs to",
          "[app][sync][admin]") {
    test::TempDir dir("anl-admin-publish");
    test::RunningCentral central(dir / "central.db", test::FreeLoopbackPort());
    const std::filesystem::path shipped = std::filesystem::path(ANL_SOURCE_DIR) / "assets/catalogue";
    auto shipped_catalogue = catalogue::LoadCatalogue(shipped);
    REQUIRE(shipped_catalogue.ok());
    SystemClock clock;
    auto enrolled = [&](const std::string& name, anl::Role role, int slot) {
        const std::filesystem::path db = dir / (name + ".db");
        auto store = store::Store::Open(db, clock);
        REQUIRE(store.ok());
        store::SiteSettings site;
        site.site_id = "site-admin";
        REQUIRE(store.value()->Initialise(site, shipped_catalogue.value(), core::Device{name, "site-admin", slot, role}).ok());
        auto admin = sync::MakeCurlTransport(central.url());
        const std::string code = test::AddDevice(*admin, test::kAdminToken, "site-admin", role);
        REQUIRE(sync::EnrollTerminal(db, central.url(), code, *admin).ok());
        return db;
    };
    const std::filesystem::path admin_db = enrolled("admin-1", anl::Role::kAdmin, 0);
    // v1 by the operator: the shipped catalogue and the site's staff (an administrator, a desk colleague).
    auto hash = core::HashPin("482913");
    REQUIRE(hash.ok());
    sync::ConfigPublish v1;
    v1.site = "site-admin";
    v1.catalogue = sync::config::ReadCatalogueDir(shipped).value();
    v1.staff = std::vector<sync::StaffRecord>{{"1042", "A. Demir", hash.value(), "administrator"},
                                              {"2077", "B. Yilmaz", hash.value(), "desk"}};
    auto operator_transport = sync::MakeCurlTransport(central.url());
    REQUIRE(sync::PublishConfig(*operator_transport, test::kAdminToken, v1).ok());

    // The administrator's edit (the page's writer), published as the page does: the folder read
    // by the same function `config publish` uses, signed by the staff member signed in.
    const std::filesystem::path edited = dir / "catalogue";
    std::filesystem::copy(shipped, edited);
    REQUIRE(catalogue::WriteEdits(edited, {{catalogue::FieldEdit::Field::kTypicalMinutes, "abh.eat-collect", "20"}}).ok());
    auto publication = sync::config::ReadPublication("", {edited, {}, {}, {}});
    REQUIRE(publication.ok());
    publication->by_staff = "2077";  // a desk colleague: the central says 403
    auto refused = sync::PublishAsAdminTerminal(admin_db, publication.value());
    REQUIRE(!refused.ok());
    CHECK(refused.error().code == ErrorCode::kUnauthorized);
    CHECK(refused.error().message.find("publish_config") != std::string::npos);
    publication->by_staff = std::nullopt;  // an admin terminal must name who publishes once the site has an administrator
    CHECK(!sync::PublishAsAdminTerminal(admin_db, publication.value()).ok());
    publication->by_staff = "1042";
    auto v2 = sync::PublishAsAdminTerminal(admin_db, publication.value());
    REQUIRE(v2.ok());
    CHECK(v2->version == 2);
    CHECK(v2->site == "site-admin");

    // The versions list; roll back to v1: v3 with v1's catalogue.
    auto versions = sync::ConfigVersionsAsAdminTerminal(admin_db);
    REQUIRE(versions.ok());
    REQUIRE(versions->versions.size() == 2);
    CHECK(versions->versions.front().version == 2);
    sync::ConfigPublish rollback;
    rollback.rollback_to = 1;
    rollback.by_staff = "1042";
    auto v3 = sync::PublishAsAdminTerminal(admin_db, rollback);
    REQUIRE(v3.ok());
    CHECK(v3->version == 3);
    CHECK(sync::ConfigVersionsAsAdminTerminal(admin_db)->versions.size() == 3);

    // A kiosk of the site syncs and moves forward to v3: the duration is v1's again.
    const std::filesystem::path kiosk_db = enrolled("kiosk-1", anl::Role::kKiosk, 1);
    auto store = store::Store::Open(kiosk_db, clock);
    REQUIRE(store.ok());
    auto journal = sync::Journal::Load(kiosk_db);
    REQUIRE(journal.ok());
    auto transport = sync::MakeCurlTransport(central.url());
    sync::SyncEngine engine(*store.value(), journal.value(), *transport, clock);
    auto round = engine.RunRound(0);
    REQUIRE(round.ok());
    CHECK(round->config_applied == 3);
    CHECK(store.value()->catalogue().FindService("abh.eat-collect")->typical_minutes == 10);
    // A kiosk's token may not publish or roll back.
    CHECK(!sync::PublishAsAdminTerminal(kiosk_db, rollback).ok());
}
