// The administrator's Staff and Audit log pages, driven without a display against a real store
// (app::RunAdminStoreRequest, what the terminal's store worker runs): accounts listed, a member
// added with a PIN typed twice (shown as dots), roles changed, a PIN reset, a member removed;
// the last administrator kept by the store and its refusal said on the page; a desk colleague
// refused by the rights table; the audit log read with filters and pages and exported as CSV.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "i18n/messages/messages.h"
#include "kiosk/app/admin_requests.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/admin_session.h"

using namespace anl;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

struct StaffSite {
    fs::path dir;
    FakeClock clock{kMorning};
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;

    StaffSite() {
        dir = fs::temp_directory_path() / ("anl-admin-staff-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        auto m = messages::Messages::Load(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs", {"Europe/Berlin"});
        REQUIRE(m.ok());
        messages.emplace(std::move(m).value());
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        auto s = store::Store::Open(dir / "admin.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, *cat, core::Device{"admin-1", "site-1", 0, Role::kAdmin}).ok());
        REQUIRE(store->AddStaffAs("", "2077", "B. Yilmaz", "519364", {core::StaffRole::kDesk}).ok());
        REQUIRE(store->AddStaffAs("", "1042", "A. Demir", "482913", {core::StaffRole::kAdministrator}).ok());
    }
    ~StaffSite() {
        store.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    // What the terminal does with a request: the store's sign-in, or the store worker's run.
    void Run(ui::AdminSession& admin, const std::optional<ui::AdminRequest>& request) {
        REQUIRE(request.has_value());
        clock.Advance(kMicrosPerSecond);
        if (request->kind == ui::AdminRequest::Kind::kSignIn) {
            admin.OnSignIn(store->TrySignIn(request->staff_number, request->pin));
            return;
        }
        admin.OnStoreAnswer(*request, app::RunAdminStoreRequest(*store, *request, clock.NowUtcMicros()));
    }
    std::string T(std::string_view key, std::string_view lang = "en") const { return std::string(messages->Text(lang, key)); }
    std::optional<core::Staff> Find(const std::string& number) const {
        auto found = store->FindStaff(number);
        REQUIRE(found.ok());
        return *found;
    }
};

std::optional<ui::AdminRequest> Do(ui::AdminSession& admin, ui::Action kind, std::string id = {}, int value = 0,
                                   std::string text = {}) {
    return admin.Apply(ui::UiAction{kind, std::move(id), value, std::move(text)}, kMorning);
}

void Type(ui::AdminSession& admin, const std::string& field, const std::string& text) {
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminFieldFocus, field).has_value());
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminFieldType, {}, 0, text).has_value());
}

void SignIn(StaffSite& site, ui::AdminSession& admin) {
    Do(admin, ui::Action::kSignInFocus, {}, 0);
    Do(admin, ui::Action::kSignInType, {}, 0, "1042");
    Do(admin, ui::Action::kSignInFocus, {}, 1);
    Do(admin, ui::Action::kSignInType, {}, 0, "482913");
    site.Run(admin, Do(admin, ui::Action::kSignInSubmit));
    REQUIRE(admin.signed_in());
}

const ui::AdminStaffRow* Row(const ui::AdminStaffView& view, const std::string& number) {
    for (const auto& r : view.rows)
        if (r.number == number) return &r;
    return nullptr;
}

}  // namespace

TEST_CASE("Staff page: list, add with the PIN typed twice, change roles, reset a PIN, remove, through the store",
          "[ui][admin][staff]") {
    StaffSite site;
    ui::AdminSession admin(*site.messages, {}, "en");
    SignIn(site, admin);
    site.Run(admin, Do(admin, ui::Action::kAdminPage, "staff"));
    REQUIRE(admin.page() == ui::AdminPage::kStaff);
    auto view = admin.Staff();
    REQUIRE(view.rows.size() == 2);
    REQUIRE(Row(view, "1042") != nullptr);
    CHECK(Row(view, "1042")->roles == site.T("admin.role.administrator"));
    CHECK(Row(view, "2077")->name == "B. Yilmaz");
    CHECK(Row(view, "2077")->state == site.T("admin.staff.active"));
    CHECK_FALSE(view.form_open);

    // A new member: the name's control character is dropped as typed, the PIN shows dots only.
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminStaffSelect, "").has_value());
    Type(admin, "number", "2090");
    Type(admin, "name", "Z. \x07Rahimi");
    Type(admin, "pin", "73a0418");  // letters never reach a PIN
    Type(admin, "pin2", "7304");
    Do(admin, ui::Action::kAdminStaffRole, "supervisor");
    view = admin.Staff();
    REQUIRE(view.form_open);
    REQUIRE(view.adding);
    REQUIRE(view.fields.size() == 4);
    CHECK(view.fields[1].shown == "Z. Rahimi");
    CHECK(view.fields[2].shown == "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2");
    CHECK(view.fields[2].shown.find('7') == std::string::npos);
    // Two different PINs: said, nothing asked of the store.
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminStaffSave).has_value());
    CHECK(admin.Staff().chrome.status == site.T("admin.staff.pins_differ"));
    CHECK(admin.Staff().chrome.status_error);
    Type(admin, "pin2", "18");
    auto add = Do(admin, ui::Action::kAdminStaffSave);
    REQUIRE(add.has_value());
    CHECK(add->kind == ui::AdminRequest::Kind::kAddStaff);
    CHECK(add->acting == "1042");
    site.Run(admin, add);
    view = admin.Staff();
    CHECK_FALSE(view.chrome.status_error);
    REQUIRE(Row(view, "2090") != nullptr);
    CHECK(Row(view, "2090")->name == "Z. Rahimi");
    CHECK(Row(view, "2090")->roles == site.T("admin.role.supervisor") + ", " + site.T("admin.role.desk"));
    auto signed_in = site.store->TrySignIn("2090", "730418");
    REQUIRE(signed_in.ok());
    CHECK(signed_in->signed_in);
    // A name of control characters only is the store's refusal, said as such.
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminStaffSelect, "").has_value());
    Type(admin, "number", "2091");
    Type(admin, "name", "\x01\x02");
    Type(admin, "pin", "123456");
    Type(admin, "pin2", "123456");
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminStaffSave).has_value());  // empty after filtering
    CHECK(admin.Staff().chrome.status == site.T("admin.staff.needs_number_name"));
    CHECK_FALSE(site.Find("2091").has_value());

    // Roles of a colleague: desk becomes supervisor too.
    Do(admin, ui::Action::kAdminStaffSelect, "2077");
    view = admin.Staff();
    REQUIRE(view.form_open);
    CHECK_FALSE(view.adding);
    CHECK(Row(view, "2077")->selected);
    Do(admin, ui::Action::kAdminStaffRole, "supervisor");
    site.Run(admin, Do(admin, ui::Action::kAdminStaffSave));
    REQUIRE(site.Find("2077").has_value());
    CHECK(site.Find("2077")->roles == core::StaffRoles{core::StaffRole::kSupervisor, core::StaffRole::kDesk});

    // A new PIN typed twice.
    Type(admin, "pin", "246810");
    Type(admin, "pin2", "246810");
    auto reset = Do(admin, ui::Action::kAdminStaffResetPin);
    REQUIRE(reset.has_value());
    site.Run(admin, reset);
    CHECK(admin.Staff().chrome.status ==
          site.messages->Format("en", "admin.staff.pin_reset", messages::Args().Code("number", "2077")));
    CHECK(site.store->TrySignIn("2077", "246810")->signed_in);

    // Removing asks first; confirmed, the store removes.
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminStaffRemove, {}, 1).has_value());  // not asked yet
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminStaffRemove, {}, 0).has_value());
    CHECK(admin.Staff().confirming_remove);
    site.Run(admin, Do(admin, ui::Action::kAdminStaffRemove, {}, 1));
    CHECK_FALSE(site.Find("2077").has_value());
    CHECK(Row(admin.Staff(), "2077") == nullptr);
}

TEST_CASE("Staff page: the last administrator cannot be demoted or removed, and the store's refusal is said",
          "[ui][admin][staff]") {
    StaffSite site;
    ui::AdminSession admin(*site.messages, {}, "de");
    SignIn(site, admin);
    site.Run(admin, Do(admin, ui::Action::kAdminPage, "staff"));
    Do(admin, ui::Action::kAdminStaffSelect, "1042");
    Do(admin, ui::Action::kAdminStaffRole, "administrator");
    Do(admin, ui::Action::kAdminStaffRole, "desk");
    site.Run(admin, Do(admin, ui::Action::kAdminStaffSave));
    CHECK(admin.Staff().chrome.status == site.T("admin.staff.last_admin", "de"));
    CHECK(admin.Staff().chrome.status_error);
    CHECK(site.Find("1042")->roles == core::StaffRoles{core::StaffRole::kAdministrator});
    Do(admin, ui::Action::kAdminStaffRemove, {}, 0);
    site.Run(admin, Do(admin, ui::Action::kAdminStaffRemove, {}, 1));
    CHECK(admin.Staff().chrome.status == site.T("admin.staff.last_admin", "de"));
    CHECK(site.Find("1042").has_value());
    // With a second administrator the first may go.
    REQUIRE(site.store->AddStaffAs("1042", "1050", "C. Weber", "102938", {core::StaffRole::kAdministrator}).ok());
    site.Run(admin, Do(admin, ui::Action::kAdminPage, "staff"));
    Do(admin, ui::Action::kAdminStaffSelect, "1042");
    Do(admin, ui::Action::kAdminStaffRole, "desk");
    Do(admin, ui::Action::kAdminStaffRole, "administrator");
    site.Run(admin, Do(admin, ui::Action::kAdminStaffSave));
    INFO(admin.Staff().chrome.status);
    CHECK_FALSE(admin.Staff().chrome.status_error);
    CHECK(site.Find("1042")->roles == core::StaffRoles{core::StaffRole::kDesk});
    // No longer an administrator: what they try next the rights table refuses.
    site.Run(admin, Do(admin, ui::Action::kAdminPage, "staff"));
    CHECK(admin.Staff().chrome.status == site.T("admin.staff.forbidden", "de"));
}

TEST_CASE("Staff page: a request as a desk colleague is refused by the store's rights table, said and audited",
          "[ui][admin][staff]") {
    StaffSite site;
    ui::AdminSession admin(*site.messages, {}, "en");
    SignIn(site, admin);
    auto list = Do(admin, ui::Action::kAdminPage, "staff");
    REQUIRE(list.has_value());
    // The screen mirrors the rights; the store decides: the same request as the desk colleague.
    ui::AdminRequest as_desk = *list;
    as_desk.acting = "2077";
    as_desk.kind = ui::AdminRequest::Kind::kRemoveStaff;
    as_desk.staff_number = "1042";
    const ui::AdminAnswer answer = app::RunAdminStoreRequest(*site.store, as_desk, kMorning);
    REQUIRE_FALSE(answer.status.ok());
    CHECK(answer.status.error().reason == core::kRefusedForbidden);
    admin.OnStoreAnswer(as_desk, answer);
    CHECK(admin.Staff().chrome.status == site.T("admin.staff.forbidden"));
    CHECK(site.Find("1042").has_value());
    auto log = site.store->AuditLog("1042", core::AuditQuery{0, 0, "2077", "refused"});
    REQUIRE(log.ok());
    CHECK(log->size() >= 1);
}

TEST_CASE("Audit page: the log newest first with kind, staff and day filters, pages, and a CSV export beside the store",
          "[ui][admin][audit]") {
    StaffSite site;
    ui::AdminSession admin(*site.messages, {}, "en");
    SignIn(site, admin);
    // Twenty PIN resets make two pages.
    for (int i = 0; i < 20; ++i) {
        site.clock.Advance(kMicrosPerSecond);
        REQUIRE(site.store->ResetStaffPin("1042", "2077", std::to_string(100000 + i)).ok());
    }
    REQUIRE_FALSE(site.store->TrySignIn("2077", "000000")->signed_in);  // a failed sign-in
    auto read = Do(admin, ui::Action::kAdminPage, "audit");
    REQUIRE(read.has_value());
    CHECK(read->kind == ui::AdminRequest::Kind::kReadAudit);
    site.Run(admin, read);
    auto view = admin.Audit();
    REQUIRE(view.rows.size() == size_t(ui::kAdminAuditRows));
    CHECK(view.rows.front().kind == site.T("admin.audit.kind.sign_in_failed"));  // newest first
    CHECK(view.rows.front().staff == "2077");
    CHECK(view.can_older);
    CHECK_FALSE(view.can_newer);
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminAuditPage, {}, +1).has_value());
    view = admin.Audit();
    CHECK(view.can_newer);
    CHECK_FALSE(view.can_older);
    // The oldest entries: the site's staff added while setting up, and the sign-in.
    bool added = false;
    for (const auto& r : view.rows) added = added || r.kind == site.T("admin.audit.kind.staff_added");
    CHECK(added);

    // Kind: the first kind after "all" is sign_in.
    auto by_kind = Do(admin, ui::Action::kAdminAuditKind, {}, +1);
    REQUIRE(by_kind.has_value());
    CHECK(by_kind->audit.kind == "sign_in");
    site.Run(admin, by_kind);
    view = admin.Audit();
    REQUIRE(view.rows.size() == 1);
    CHECK(view.rows[0].staff == "1042");
    CHECK(view.kind == site.T("admin.audit.kind.sign_in"));
    Do(admin, ui::Action::kAdminAuditKind, {}, -1);  // back to all
    // Staff and days: a malformed day is said, nothing read.
    Type(admin, "staff", "2077");
    Type(admin, "from", "2026-13-01");
    REQUIRE_FALSE(Do(admin, ui::Action::kAdminAuditApply).has_value());
    CHECK(admin.Audit().chrome.status == site.T("admin.audit.bad_day"));
    for (int i = 0; i < 10; ++i) Do(admin, ui::Action::kAdminFieldErase);
    Type(admin, "from", "2026-01-05");
    Type(admin, "to", "2026-01-05");
    auto filtered = Do(admin, ui::Action::kAdminAuditApply);
    REQUIRE(filtered.has_value());
    CHECK(filtered->audit.staff == "2077");
    CHECK(filtered->audit.from_us == 1'767'571'200'000'000);
    CHECK(filtered->audit.to_us == 1'767'571'200'000'000 + 86'400'000'000);
    site.Run(admin, filtered);
    view = admin.Audit();
    REQUIRE(view.rows.size() == 1);
    CHECK(view.rows[0].kind == site.T("admin.audit.kind.sign_in_failed"));
    Type(admin, "from", "");
    for (int i = 0; i < 10; ++i) Do(admin, ui::Action::kAdminFieldErase);
    Type(admin, "from", "2026-01-06");
    site.Run(admin, Do(admin, ui::Action::kAdminAuditApply));
    CHECK(admin.Audit().rows.empty());
    CHECK(admin.Audit().empty_note == site.T("admin.audit.none"));

    // Export with the filters cleared: every line, beside the store.
    for (const char* field : {"staff", "from", "to"}) {
        Do(admin, ui::Action::kAdminFieldFocus, field);
        for (int i = 0; i < 12; ++i) Do(admin, ui::Action::kAdminFieldErase);
    }
    auto exported = Do(admin, ui::Action::kAdminAuditExport);
    REQUIRE(exported.has_value());
    site.Run(admin, exported);
    CHECK_FALSE(admin.Audit().chrome.status_error);
    std::vector<fs::path> csv;
    for (const auto& e : fs::directory_iterator(site.dir))
        if (e.path().extension() == ".csv") csv.push_back(e.path());
    REQUIRE(csv.size() == 1);
    CHECK(csv[0].filename().string().starts_with("audit-"));
    std::ifstream in(csv[0]);
    std::stringstream text;
    text << in.rdbuf();
    const std::string body = text.str();
    CHECK(body.starts_with("at,device,kind,staff,subject,detail\r\n"));
    CHECK(std::count(body.begin(), body.end(), '\n') == 1 + 2 + 1 + 20 + 1);  // header, added x2, sign-in, resets, failed
    CHECK(body.find("2026-01-05T07:30:") != std::string::npos);
    CHECK(body.find("B. Yilmaz") == std::string::npos);  // names are not in the log: numbers only
    CHECK(admin.Audit().chrome.status.find(csv[0].string()) != std::string::npos);
    // A path typed into a folder that is not there: said, nothing written.
    Type(admin, "export", (site.dir / "missing" / "log.csv").string());
    site.Run(admin, Do(admin, ui::Action::kAdminAuditExport));
    CHECK(admin.Audit().chrome.status_error);
    CHECK_FALSE(fs::exists(site.dir / "missing"));
}
