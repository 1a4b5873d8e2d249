// Configuration down: an administrator publishes a site's catalogue, translations, hours and
// staff; the central validates with the terminal's loaders and versions it; terminals fetch,
// validate and apply it in one transaction. The cases tagged [store] also run against
// PostgreSQL under the ctest fixture (sync_central_store_postgresql).
#include <catch2/catch.hpp>

#include <fstream>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "sync/client/client.h"
#include "sync/config/config.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;
using anl::test::Central;

namespace {

const std::filesystem::path kSourceDir = ANL_SOURCE_DIR;

std::vector<ConfigFile> ShippedCatalogue() {
    auto files = config::ReadCatalogueDir(kSourceDir / "assets/catalogue");
    REQUIRE(files.ok());
    return files.value();
}

std::vector<ConfigFile> ShippedTranslations() {
    auto files = config::ReadTranslationsDir(kSourceDir / "i18n/catalogs");
    REQUIRE(files.ok());
    return files.value();
}

constexpr const char* kHours = R"(
hours = ["mon-fri 08:00-12:00", "mon 13:00-15:30"]
closed = ["2026-12-25"]
)";

// Hashed once: each hash has its own salt, and the tests compare what travelled.
const std::vector<StaffRecord>& Staff() {
    static const std::vector<StaffRecord> staff = [] {
        auto hash = core::HashPin("4711");
        ANL_ASSERT(hash.ok() && "argon2id hashing works");
        return std::vector<StaffRecord>{{"101", "A. Berger", hash.value()}, {"102", "B. Yilmaz", hash.value()}};
    }();
    return staff;
}

ConfigPublish Everything(const std::string& site) {
    ConfigPublish p;
    p.site = site;
    p.catalogue = ShippedCatalogue();
    p.translations = ShippedTranslations();
    p.hours = kHours;
    p.staff = Staff();
    return p;
}

// The shipped catalogue with one service that names an office nobody defined.
std::vector<ConfigFile> BrokenCatalogue() {
    auto files = ShippedCatalogue();
    for (auto& f : files)
        if (f.path == "services.toml")
            f.text += "\n[[service]]\nid = \"abh.ghost\"\noffice = \"nowhere\"\npictogram = \"badge\"\n"
                      "documents = []\ntypical_minutes = 5\n";
    return files;
}

HttpResponse Get(Central& c, const std::string& path, const std::string& token) {
    auto r = c.transport.Send({"GET", path, token, ""});
    REQUIRE(r.ok());
    return r.value();
}

// A terminal's store, initialised with the shipped catalogue and enrolled through `c`.
struct Terminal {
    test::TempDir dir{"anl-config-terminal"};
    FakeClock clock;
    std::filesystem::path db;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Journal> journal;

    Terminal(Central& c, const std::string& site, Role role, const std::string& device, int slot) {
        db = dir / (device + ".db");
        auto opened = store::Store::Open(db, clock);
        REQUIRE(opened.ok());
        store = std::move(opened.value());
        auto shipped = catalogue::LoadCatalogue(kSourceDir / "assets/catalogue");
        REQUIRE(shipped.ok());
        store::SiteSettings settings;
        settings.site_id = site;
        REQUIRE(store->Initialise(settings, shipped.value(), core::Device{device, site, slot, role}).ok());
        std::string code = test::AddDevice(c.transport, test::kAdminToken, site, role);
        auto enrolled = EnrollTerminal(db, "local", code, c.transport);
        REQUIRE(enrolled.ok());
        auto loaded = Journal::Load(db);
        REQUIRE(loaded.ok());
        journal = std::make_unique<Journal>(std::move(loaded.value()));
    }
    Result<RoundSummary> Sync(Central& c) {
        SyncEngine engine(*store, *journal, c.transport, clock);
        return engine.RunRound(0);
    }
};

}  // namespace

TEST_CASE("central store: config versions count up per site and a lost race changes nothing", "[store][config]") {
    test::TestStore t;
    std::string site = t.Name("site"), other = t.Name("other");
    CHECK(t.store->ConfigVersion(site).value() == 0);
    CHECK(!t.store->ReadConfig(site).value().has_value());
    CHECK(t.store->StoreConfig(site, 0, "first", 10).value() == 1);
    CHECK(t.store->StoreConfig(site, 1, "second", 20).value() == 2);
    // Another publication already took version 2: refused, version 2 keeps its body.
    auto raced = t.store->StoreConfig(site, 1, "late", 30);
    REQUIRE(!raced.ok());
    CHECK(raced.error().code == ErrorCode::kRejected);
    auto newest = t.store->ReadConfig(site);
    REQUIRE(newest.ok());
    REQUIRE(newest.value().has_value());
    CHECK((*newest)->version == 2);
    CHECK((*newest)->body == "second");
    CHECK((*newest)->published_us == 20);
    CHECK(t.store->ConfigVersion(other).value() == 0);  // sites are separate
}

TEST_CASE("config: publish, fetch by role, version in hello and pull", "[store][config]") {
    Central c;
    std::string site = c.t.Name("site");
    std::string desk_token = c.Enrol(site, Role::kDesk, c.t.Name("desk"));
    std::string kiosk_token = c.Enrol(site, Role::kKiosk, c.t.Name("kiosk"));
    std::string board_token = c.Enrol(site, Role::kBoard, c.t.Name("board"));

    CHECK(Get(c, "/v1/config", desk_token).status == 404);  // nothing published yet
    auto published = PublishConfig(c.transport, test::kAdminToken, Everything(site));
    REQUIRE(published.ok());
    CHECK(published->version == 1);

    auto hello = ExpectAnswer<HelloOk>(c.transport.Send({"POST", "/v1/hello", kiosk_token, Encode(sync::Hello{})}));
    REQUIRE(hello.ok());
    CHECK(hello->config_version == 1);
    auto pulled = ExpectAnswer<PullOk>(c.transport.Send({"POST", "/v1/pull", kiosk_token, Encode(Pull{})}));
    REQUIRE(pulled.ok());
    CHECK(pulled->config_version == 1);

    auto desk = FetchConfig(c.transport, desk_token);
    REQUIRE(desk.ok());
    CHECK(desk->version == 1);
    CHECK(desk->catalogue == ShippedCatalogue());
    CHECK(desk->hours == kHours);
    REQUIRE(desk->staff.has_value());
    CHECK(*desk->staff == Staff());
    // Kiosks and call displays never receive a staff record, not even the hashes.
    for (const auto& token : {kiosk_token, board_token}) {
        auto r = Get(c, "/v1/config", token);
        CHECK(r.status == 200);
        CHECK(r.body.find("argon2id") == std::string::npos);
        CHECK(r.body.find("A. Berger") == std::string::npos);
        auto got = DecodeAs<SiteConfig>(r.body);
        REQUIRE(got.ok());
        CHECK(!got->staff.has_value());
        CHECK(got->translations.size() == desk->translations.size());
    }

    // A publication of one part keeps the others.
    ConfigPublish hours_only;
    hours_only.site = site;
    hours_only.hours = "hours = [\"mon 09:00-11:00\"]\n";
    auto second = PublishConfig(c.transport, test::kAdminToken, hours_only);
    REQUIRE(second.ok());
    CHECK(second->version == 2);
    auto after = FetchConfig(c.transport, desk_token);
    REQUIRE(after.ok());
    CHECK(after->hours == *hours_only.hours);
    CHECK(after->catalogue == ShippedCatalogue());
    CHECK(after->staff.has_value());
}

TEST_CASE("config: a malformed publication gets a clear 4xx and changes nothing", "[store][config]") {
    Central c;
    std::string site = c.t.Name("site");
    std::string desk_token = c.Enrol(site, Role::kDesk, c.t.Name("desk"));
    std::string kiosk_token = c.Enrol(site, Role::kKiosk, c.t.Name("kiosk"));
    REQUIRE(PublishConfig(c.transport, test::kAdminToken, Everything(site)).ok());
    auto before = c.t.store->ReadConfig(site).value();

    auto refused = [&](const ConfigPublish& p, int status, const std::string& says, const std::string& token) {
        auto r = c.Post("/v1/admin/config", token, Encode(p));
        INFO(r.body);
        CHECK(r.status == status);
        auto refusal = DecodeAs<ErrorMessage>(r.body);
        REQUIRE(refusal.ok());
        CHECK(refusal->message.find(says) != std::string::npos);
    };
    ConfigPublish broken{site, BrokenCatalogue(), std::nullopt, std::nullopt, std::nullopt};
    // The loader's sentence names the file as published, not a temporary path.
    refused(broken, 422, "services.toml", test::kAdminToken);
    refused(broken, 422, "nowhere", test::kAdminToken);
    ConfigPublish bad_hours{site, std::nullopt, std::nullopt, std::string("closed = []\nhours = [\"mon 12:00-08:00\"]\n"), std::nullopt};
    refused(bad_hours, 422, "hours.toml:2", test::kAdminToken);
    ConfigPublish bad_holiday{site, std::nullopt, std::nullopt, std::string("closed = [\"2026-02-30\"]\n"),
                              std::nullopt};
    refused(bad_holiday, 422, "calendar day", test::kAdminToken);
    auto translations = ShippedTranslations();
    for (auto& f : translations)
        if (f.path == "de/meta.toml") f.text = "name = [";
    ConfigPublish bad_translations{site, std::nullopt, translations, std::nullopt, std::nullopt};
    refused(bad_translations, 422, "Translations refused", test::kAdminToken);
    // Only hashes may travel; a path that would leave the directory is refused by the decoder.
    ConfigPublish pin{site, std::nullopt, std::nullopt, std::nullopt, std::vector<StaffRecord>{{"103", "C", "4711"}}};
    refused(pin, 400, "never a PIN", test::kAdminToken);
    ConfigPublish escape{site, std::vector<ConfigFile>{{"../../etc/x.toml", "a = 1"}}, std::nullopt, std::nullopt,
                         std::nullopt};
    refused(escape, 400, "relative", test::kAdminToken);
    // Neither a kiosk nor a desk may publish; only the admin token or an admin device.
    // Known terminals without the right: forbidden, not unknown (docs/ROLES.md).
    refused(Everything(site), 403, "admin terminal", kiosk_token);
    refused(Everything(site), 403, "admin terminal", desk_token);

    auto after = c.t.store->ReadConfig(site).value();
    REQUIRE(after.has_value());
    CHECK(after->version == before->version);
    CHECK(after->body == before->body);
    CHECK(c.service.MetricsText().find("anl_central_errors_total{reason=\"config\"} 5") != std::string::npos);
}

TEST_CASE("config: an admin device publishes for its own site only", "[store][config]") {
    Central c;
    std::string site = c.t.Name("site");
    std::string admin_token = c.Enrol(site, Role::kAdmin, c.t.Name("admin"));
    ConfigPublish hours{site, std::nullopt, std::nullopt, std::string(kHours), std::nullopt};
    auto ok = PublishConfig(c.transport, admin_token, hours);
    REQUIRE(ok.ok());
    CHECK(ok->version == 1);
    hours.site = c.t.Name("elsewhere");
    auto other = PublishConfig(c.transport, admin_token, hours);
    REQUIRE(!other.ok());
    CHECK(other.error().code == ErrorCode::kUnauthorized);
    CHECK(c.t.store->ConfigVersion(hours.site).value() == 0);
}

TEST_CASE("config: terminals apply the new version at their next sync, desks sign in offline", "[config]") {
    Central c;
    std::string site = c.t.Name("site");
    Terminal desk(c, site, Role::kDesk, c.t.Name("desk"), 1);
    Terminal kiosk(c, site, Role::kKiosk, c.t.Name("kiosk"), 2);
    REQUIRE(kiosk.store->AddStaff("999", "Local only", "1234").ok());  // not the central's to remove on a kiosk

    auto publish = Everything(site);
    REQUIRE(desk.Sync(c).ok());
    CHECK(desk.store->AppliedSiteConfig()->version == 0);
    REQUIRE(PublishConfig(c.transport, test::kAdminToken, publish).ok());

    auto round = desk.Sync(c);
    REQUIRE(round.ok());
    CHECK(round->config_applied == 1);
    CHECK(round->config_error.empty());
    auto applied = desk.store->AppliedSiteConfig();
    REQUIRE(applied.ok());
    CHECK(applied->version == 1);
    REQUIRE(applied->staff.has_value());
    CHECK(applied->staff->size() == 2);
    // Offline (no transport involved): the published hash signs in.
    auto signed_in = desk.store->SignIn("101", "4711");
    REQUIRE(signed_in.ok());
    CHECK(signed_in->name == "A. Berger");
    CHECK(!desk.store->SignIn("101", "0000").ok());
    // The files are beside the store for the directory loaders.
    auto dir = AppliedConfigDir(desk.db);
    CHECK(catalogue::LoadCatalogue(dir / "catalogue").ok());
    // The partner directory and case management travel with the catalogue (issue 12): in the
    // applied files for the screens, and in the store the desk's referrals are decided with.
    auto applied_catalogue = catalogue::LoadCatalogue(dir / "catalogue");
    REQUIRE(applied_catalogue.ok());
    CHECK(applied_catalogue->partners.size() >= 10);
    CHECK(desk.store->catalogue().partners.size() == applied_catalogue->partners.size());
    CHECK(desk.store->catalogue().case_management.service_id == "int.case-management");
    std::ifstream hours(dir / "hours.toml");
    CHECK(hours.good());
    auto loaders = LoaderDirsFor(desk.db);
    CHECK(loaders.catalogue == dir / "catalogue");
    CHECK(loaders.translations == dir / "translations");
    CHECK(loaders.hours == dir / "hours.toml");
    CHECK(LoaderDirsFor(desk.dir / "not-configured.db").catalogue == catalogue::DefaultCatalogueDir());

    REQUIRE(kiosk.Sync(c).ok());
    auto on_kiosk = kiosk.store->AppliedSiteConfig();
    REQUIRE(on_kiosk.ok());
    CHECK(on_kiosk->version == 1);
    CHECK(!kiosk.store->SignIn("101", "4711").ok());  // no staff record reached the kiosk
    CHECK(kiosk.store->SignIn("999", "1234").ok());

    // A new staff list removes who left and keeps the others.
    ConfigPublish staff{site, std::nullopt, std::nullopt, std::nullopt, std::vector<StaffRecord>{Staff()[1]}};
    REQUIRE(PublishConfig(c.transport, test::kAdminToken, staff).ok());
    auto again = desk.Sync(c);
    REQUIRE(again.ok());
    CHECK(again->config_applied == 2);
    CHECK(!desk.store->SignIn("101", "4711").ok());
    CHECK(desk.store->SignIn("102", "4711").ok());
    CHECK(desk.Sync(c)->config_applied == 0);  // nothing newer: nothing fetched

    // The directory is derived: lost (a crash before the swap), the next round writes it again.
    std::filesystem::remove_all(dir);
    REQUIRE(desk.Sync(c).ok());
    CHECK(catalogue::LoadCatalogue(dir / "catalogue").ok());
    CHECK(std::filesystem::exists(dir / "translations" / "de" / "ui.toml"));
}

TEST_CASE("config: a terminal keeps its old configuration when a new one does not validate", "[config]") {
    Central c;
    std::string site = c.t.Name("site");
    Terminal desk(c, site, Role::kDesk, c.t.Name("desk"), 1);
    SiteConfig good;
    good.site = site;
    good.version = 3;
    good.catalogue = ShippedCatalogue();
    good.hours = kHours;
    good.staff = Staff();
    REQUIRE(ApplyConfig(*desk.store, good, 100).ok());
    auto offices = desk.store->catalogue().offices.size();

    // Broken catalogue (a terminal's loader may be stricter than an older central's).
    SiteConfig broken = good;
    broken.version = 4;
    broken.catalogue = BrokenCatalogue();
    broken.staff = std::vector<StaffRecord>{};
    auto refused = ApplyConfig(*desk.store, broken, 200);
    REQUIRE(!refused.ok());
    CHECK(refused.error().message.find("services.toml") != std::string::npos);
    auto applied = desk.store->AppliedSiteConfig();
    REQUIRE(applied.ok());
    CHECK(applied->version == 3);
    CHECK(desk.store->catalogue().offices.size() == offices);
    CHECK(desk.store->SignIn("101", "4711").ok());  // the old staff list stays too

    // The store refuses an older or equal version, and a failing write leaves the old one.
    CHECK(ApplyConfig(*desk.store, good, 300).error().code == ErrorCode::kRejected);
    SiteConfig newer = good;
    newer.version = 5;
    newer.staff = std::vector<StaffRecord>{};
    store::FaultPlan faults;
    faults.fail_write = 3;
    REQUIRE(desk.store->SetFaultPlan(faults).ok());
    CHECK(!ApplyConfig(*desk.store, newer, 400).ok());
    REQUIRE(desk.store->SetFaultPlan({}).ok());
    CHECK(desk.store->AppliedSiteConfig()->version == 3);
    CHECK(desk.store->SignIn("101", "4711").ok());
    CHECK(desk.store->CheckIntegrity().ok());

    // Through a sync round: the refusal is reported, the version not fetched again.
    ConfigPublish hours{site, std::nullopt, std::nullopt, std::string(kHours), std::nullopt};
    for (int i = 0; i < 4; ++i) REQUIRE(PublishConfig(c.transport, test::kAdminToken, hours).ok());  // central at 4
    auto round = desk.Sync(c);
    REQUIRE(round.ok());
    CHECK(round->config_applied == 4);  // 4 > 3: applied (hours only, the catalogue stays)
}

TEST_CASE("config: protocol refuses unsafe file paths and keeps the parts it was given", "[config]") {
    CHECK(IsValidConfigPath("offices.toml", 1));
    CHECK(IsValidConfigPath("fa-AF/services.toml", 2));
    CHECK(!IsValidConfigPath("de/ui.toml", 1));
    CHECK(!IsValidConfigPath("../x.toml", 2));
    CHECK(!IsValidConfigPath("de/../../x.toml", 3));
    CHECK(!IsValidConfigPath(".hidden.toml", 1));
    CHECK(!IsValidConfigPath("de//ui.toml", 2));
    CHECK(!IsValidConfigPath("/etc/x.toml", 2));
    CHECK(!IsValidConfigPath("offices.txt", 1));
    ConfigPublish p;
    p.site = "s";
    p.hours = "";
    auto round_trip = DecodeAs<ConfigPublish>(Encode(p));
    REQUIRE(round_trip.ok());
    CHECK(round_trip->hours.has_value());
    CHECK(!round_trip->catalogue.has_value());
    CHECK(!round_trip->staff.has_value());
    CHECK(!DecodeAs<ConfigPublish>(R"({"type":"config_publish","site":"s"})").ok());  // nothing to publish
}

// `anlaufstelle-ctl sync run` keeps the store open while the terminal program (another
// process) writes events; the worker then marks them sent after the central took them.
TEST_CASE("regression: the sync worker could not mark sent what another process wrote after it opened the store",
          "[config]") {
    test::TempDir dir("anl-two-processes");
    FakeClock clock;
    auto shipped = catalogue::LoadCatalogue(kSourceDir / "assets/catalogue");
    REQUIRE(shipped.ok());
    auto worker_view = store::Store::Open(dir / "kiosk.db", clock);
    REQUIRE(worker_view.ok());
    REQUIRE(worker_view.value()->Initialise(store::SiteSettings{}, shipped.value(), core::Device{"kiosk-1", "site-1", 0, anl::Role::kKiosk}).ok());
    {
        auto terminal = store::Store::Open(dir / "kiosk.db", clock);
        REQUIRE(terminal.ok());
        REQUIRE(terminal.value()->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).ok());
    }
    auto outbox = worker_view.value()->ReadOutbox(0, 10);
    REQUIRE(outbox.ok());
    REQUIRE(outbox->size() == 1);
    REQUIRE(worker_view.value()->MarkSent(1).ok());  // was: "this device has written events up to 0"
    CHECK(worker_view.value()->SentUpTo() == 1);
    CHECK(worker_view.value()->PendingCount().value() == 0);
    CHECK(!worker_view.value()->MarkSent(2).ok());  // still refused beyond what exists
}

TEST_CASE("config: the central keeps every version, lists them, and a rollback publishes an old one as the next",
          "[store][config]") {
    Central c;
    std::string site = c.t.Name("site");
    Terminal kiosk(c, site, Role::kKiosk, c.t.Name("kiosk"), 1);
    // v1: the shipped catalogue and two staff; v2: a service's duration changed, one staff left.
    REQUIRE(PublishConfig(c.transport, test::kAdminToken, Everything(site)).ok());
    auto changed = ShippedCatalogue();
    bool edited = false;
    for (auto& f : changed) {
        if (f.path != "services.toml") continue;
        const auto at = f.text.find("id = \"abh.eat-collect\"");
        REQUIRE(at != std::string::npos);
        const auto minutes = f.text.find("typical_minutes = 10", at);
        REQUIRE(minutes != std::string::npos);
        f.text.replace(minutes, 20, "typical_minutes = 25");
        edited = true;
    }
    REQUIRE(edited);
    ConfigPublish v2{site, changed, std::nullopt, std::nullopt, std::vector<StaffRecord>{Staff()[1]}};
    REQUIRE(PublishConfig(c.transport, test::kAdminToken, v2)->version == 2);
    REQUIRE(kiosk.Sync(c).ok());
    REQUIRE(kiosk.store->AppliedSiteConfig()->version == 2);
    CHECK(kiosk.store->catalogue().FindService("abh.eat-collect")->typical_minutes == 25);

    auto versions = ListConfigVersions(c.transport, test::kAdminToken, site);
    REQUIRE(versions.ok());
    REQUIRE(versions->versions.size() == 2);
    CHECK(versions->versions[0].version == 2);  // newest first
    CHECK(versions->versions[1].version == 1);
    CHECK(versions->versions[1].catalogue_files == std::int64_t(ShippedCatalogue().size()));
    CHECK(versions->versions[1].hours);
    CHECK(versions->versions[0].staff == 1);
    CHECK(versions->versions[1].staff == 2);

    // Roll back to v1: v3 has v1's catalogue, and the kiosk moves forward to it.
    ConfigPublish rollback;
    rollback.site = site;
    rollback.rollback_to = 1;
    auto v3 = PublishConfig(c.transport, test::kAdminToken, rollback);
    REQUIRE(v3.ok());
    CHECK(v3->version == 3);
    auto round = kiosk.Sync(c);
    REQUIRE(round.ok());
    CHECK(round->config_applied == 3);
    CHECK(kiosk.store->catalogue().FindService("abh.eat-collect")->typical_minutes == 10);
    auto stored = c.t.store->ReadConfig(site);
    REQUIRE(stored.ok());
    auto v3_config = DecodeAs<SiteConfig>((*stored)->body);
    REQUIRE(v3_config.ok());
    auto v1_stored = c.t.store->ReadConfigVersion(site, 1);
    REQUIRE(v1_stored.ok());
    REQUIRE(v1_stored->has_value());
    auto v1_config = DecodeAs<SiteConfig>((*v1_stored)->body);
    REQUIRE(v1_config.ok());
    CHECK(v3_config->catalogue == v1_config->catalogue);
    CHECK(v3_config->translations == v1_config->translations);
    CHECK(v3_config->hours == v1_config->hours);
    // The staff list stays the current one: a rollback brings back nobody who left.
    REQUIRE(v3_config->staff.has_value());
    CHECK(v3_config->staff->size() == 1);
    CHECK(ListConfigVersions(c.transport, test::kAdminToken, site)->versions.size() == 3);

    // Only an earlier version, never a later or unknown one; never with parts beside it.
    rollback.rollback_to = 3;
    CHECK(PublishConfig(c.transport, test::kAdminToken, rollback).error().code == ErrorCode::kNotFound);
    rollback.rollback_to = 99;
    CHECK(PublishConfig(c.transport, test::kAdminToken, rollback).error().code == ErrorCode::kNotFound);
    rollback.rollback_to = 1;
    rollback.hours = kHours;
    CHECK(!PublishConfig(c.transport, test::kAdminToken, rollback).ok());
    CHECK(c.t.store->ConfigVersion(site).value() == 3);
    // Rights: a staff member without publish_config is refused (403), and so are a kiosk's
    // token for the list and a rollback.
    rollback.hours.reset();
    rollback.by_staff = "102";
    auto refused = PublishConfig(c.transport, test::kAdminToken, rollback);
    REQUIRE(!refused.ok());
    CHECK(refused.error().code == ErrorCode::kUnauthorized);
    CHECK(refused.error().message.find("publish_config") != std::string::npos);
    const std::string kiosk_token = kiosk.journal->credentials().token;
    CHECK(Get(c, std::string(kPathAdminConfig) + "?site=" + site, kiosk_token).status == 403);
    rollback.by_staff.reset();
    CHECK(!PublishConfig(c.transport, kiosk_token, rollback).ok());
    CHECK(c.t.store->ConfigVersion(site).value() == 3);
}
