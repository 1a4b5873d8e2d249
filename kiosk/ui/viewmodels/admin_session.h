// admin_session: the administrator's terminal as plain state (sign-in, page, the Languages
// page's unsaved settings, the translation editor's filters, selection and typed text) and
// the views built from it and the site's message catalogue. What the administrator does
// becomes an AdminRequest (sign in, save the languages, save a translation), which the app
// runs on a worker with the same functions `anlaufstelle-ctl` uses
// (messages::WriteLanguageSettings, messages::WriteCatalogueEdits), then loads the catalogue
// again and hands it back (SetMessages).
// Must never: read the clock or files, touch the store, or draw.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/figures/figures.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

// Whether a signed-in staff member may use the administrator's terminal: its pages change
// the site's configuration (languages, translations), so the rights table's publish_config
// (administrators; core.h section 12, docs/ROLES.md). Desk staff and supervisors are told
// so at sign-in; the refusal is the core's, the screen only says it.
bool MayAdminister(const core::Staff& staff);
// Whether they may see the key-figure dashboard: the rights table's read_key_figures
// (administrators and supervisors). A supervisor signs in to the dashboard alone.
bool MayReadKeyFigures(const core::Staff& staff);

struct AdminRequest {
    enum class Kind {
        kSignIn, kSaveLanguages, kSaveMessage, kKeyFigures, kCheckCatalogue, kSaveCatalogue,
        kPublish,       // the catalogue and translations edited, as a new version through the central
        kListVersions,  // the versions the central keeps
        kRollback,      // rollback_to's content again, as a new version
        // Staff and audit: run on the store worker (app::RunAdminStoreRequest) as `acting`.
        kListStaff, kAddStaff, kSetStaffRoles, kResetStaffPin, kRemoveStaff, kReadAudit, kExportAudit,
    } kind = Kind::kSignIn;
    std::string staff_number, pin;                   // kSignIn; staff: the member changed, the new PIN
    std::vector<messages::LanguageSetting> languages;  // kSaveLanguages
    std::string lang;                                // kSaveMessage: the language written
    messages::CatalogueEdit edit;                    // kSaveMessage
    std::string acting;                              // staff and audit: the signed-in administrator
    std::string name;                                // kAddStaff
    core::StaffRoles roles;                          // kAddStaff, kSetStaffRoles
    core::AuditQuery audit;                          // kReadAudit, kExportAudit
    std::string export_path;                         // kExportAudit: "" = next to the store
    figures::Period period = figures::Period::kToday;  // kKeyFigures: the store's events of this
    std::string office_id;                           // period (at this office, "" all), computed
                                                     // in the site's time zone at the app's now
    // kCheckCatalogue: the changes so far and the one typed, in order (catalogue::CheckEdits);
    // kSaveCatalogue: the checked changes (catalogue::WriteEdits).
    std::vector<catalogue::FieldEdit> catalogue_edits;
    std::string by_staff;                            // kPublish, kRollback: who signs the version
    std::int64_t rollback_to = 0;                    // kRollback
};

// The store's answer to a staff or audit request (app::RunAdminStoreRequest).
struct AdminAnswer {
    Status status;                                   // the refusal or failure, as the store said it
    std::optional<std::vector<core::Staff>> staff;   // the accounts after the change (no PIN hashes)
    std::optional<std::vector<core::AuditEntry>> audit;  // kReadAudit: the matching entries, oldest first
    std::string written;                             // kExportAudit: the file written
    int exported = 0;                                // kExportAudit: lines written
};

// One configuration version the central keeps (sync's ConfigVersionInfo, as the page needs it).
struct AdminConfigVersion {
    std::int64_t version = 0;
    Micros published_us = 0;
    std::int64_t catalogue_files = 0, translation_files = 0;
};

enum class AdminPage { kSignIn, kLanguages, kTranslations, kStaff, kAudit, kDashboard, kCatalogue };
// The dashboard's charts, in the order of its tabs.
inline constexpr const char* kDashboardCharts[] = {"wait", "arrivals", "heatmap", "walkins", "languages"};

// Sample values the preview formats a message with: a ticket "A-042" at counter "3", 12
// minutes, 2 hours ... and `moment` for dates and times (passed in: no clock here).
messages::Args PreviewArgs(std::string_view pattern, Micros moment);
// The kiosk widget a message is drawn in, from its key and the screens that show it.
PreviewWidget PreviewWidgetFor(std::string_view key);

class AdminSession {
public:
    // `lang`: the administrator's language (de or en; any other shows English texts laid out
    // in its direction). `key_screens`: where each message is seen (i18n/catalogs/screens.toml).
    AdminSession(const messages::Messages& messages, std::vector<messages::KeyScreens> key_screens, std::string lang);

    std::optional<AdminRequest> Apply(const UiAction& action, Micros now);
    // The store's answer to a sign-in, as the administrator's sentence.
    void OnSignIn(const Result<core::SignInOutcome>& result);
    // What a save did: on success the app loads the catalogue again and calls SetMessages.
    void OnSaved(const AdminRequest& request, const Status& status);
    // What the store did with a staff or audit request.
    void OnStoreAnswer(const AdminRequest& request, const AdminAnswer& answer);
    // The catalogue as loaded again after a save (or a configuration change).
    void SetMessages(const messages::Messages& messages);
    // The key figures the app computed for the last kKeyFigures request (OnKeyFigures) or
    // why it could not; the dashboard shows "computing" until then.
    void OnKeyFigures(const AdminRequest& request, Result<figures::Dashboard> figures);
    // The request for fresh figures while the dashboard shows (the app asks again when the
    // store's state changed, so the live view follows); nullopt on any other page.
    std::optional<AdminRequest> RefreshKeyFigures() const;
    // The site's catalogue as loaded (the Catalogue page; the app keeps it alive and passes it
    // again after a save). Unsaved changes are forgotten.
    void SetCatalogue(const catalogue::Catalogue& catalogue);
    // The site's opening hours and closed days as loaded (hours.toml beside the catalogue,
    // catalogue::SiteHoursFileFor); the app passes them at start and after a save.
    void SetSiteHours(const catalogue::SiteHours& hours);
    // The counters a desk works at now (QueueSnapshot::counters_in_use): the page marks them
    // and refuses to remove them.
    void SetCountersInUse(std::set<int> counters);
    // What the loader said about a kCheckCatalogue request: its problems beside the field, or
    // the edits become the page's changes (diffed against the loaded catalogue).
    void OnCatalogueChecked(const AdminRequest& request, const catalogue::EditCheck& check);
    // What the central answered to kPublish / kRollback (the new version) and kListVersions.
    void OnPublished(const AdminRequest& request, const Result<std::int64_t>& version);
    void OnVersions(const Result<std::vector<AdminConfigVersion>>& versions);
    // The moment sample dates are shown at (the app passes the clock's time).
    void SetNow(Micros now) { now_ = now; }

    AdminPage page() const { return page_; }
    bool signed_in() const { return !staff_number_.empty(); }
    const std::string& edit_lang() const { return edit_lang_; }
    const std::string& selected_key() const { return selected_; }
    const std::vector<messages::LanguageSetting>& language_settings() const { return settings_; }
    figures::Period period() const { return period_; }
    const std::string& office() const { return office_; }

    SignInView SignIn() const;
    AdminLanguagesView Languages() const;
    AdminEditorView Editor() const;
    AdminStaffView Staff() const;
    AdminAuditView Audit() const;
    AdminDashboardView Dashboard() const;  // kiosk/ui/viewmodels/admin_dashboard.cpp
    AdminCatalogueView CatalogueView() const;
    void DrawCurrent(UiActions& actions) const;

    // Gallery and test hooks.
    void SignedInForGallery(std::string staff_number, std::string staff_name, AdminPage page);
    // The dashboard on `chart` ("wait", "arrivals" ...) over `period`, with figures given.
    void DashboardForGallery(figures::Period period, std::string chart, figures::Dashboard figures);
    void ShowSignInErrorForGallery(std::string error);
    // The editor on `lang`, with `key` selected and `typed` as its translation ("" keeps the file's).
    void EditForGallery(std::string lang, std::string key, std::optional<std::string> typed);
    // The Staff and Audit pages as if the store had answered with these (the gallery has no
    // staff of its own); `select` opens that member's form ("" the new member's form).
    void StaffForGallery(std::vector<core::Staff> staff, std::optional<std::string> select);
    void AuditForGallery(std::vector<core::AuditEntry> entries);
    // The Catalogue page with `subject` ("service:<id>" ...) and `field` chosen and `typed` typed.
    void CatalogueEditForGallery(std::string subject, std::string field, std::string typed);

private:
    std::string T(std::string_view key) const;
    AdminChrome Chrome() const;
    void ResetLanguageSettings();
    std::vector<const messages::Message*> FilteredKeys() const;  // German messages passing the filters
    std::vector<std::string> ScreensOf(std::string_view key) const;
    std::vector<std::string> AllScreens() const;
    void Select(const std::string& key);
    std::string StatusWord(messages::MessageStatus status) const;
    // Staff and Audit pages (admin_staff_audit.cpp): nullopt when `action` is not theirs.
    std::optional<std::optional<AdminRequest>> ApplyStaffAudit(const UiAction& action);
    void ResetStaffAudit();
    void OpenStaffForm(const std::string& number);  // "" = a new member
    std::string* FocusedField();
    std::string RolesText(const core::StaffRoles& roles) const;
    std::string KindWord(std::string_view kind) const;
    std::optional<core::AuditQuery> AuditQueryTyped();  // nullopt: a day is malformed (said in status_)
    AdminField Field(std::string id, std::string_view label_key, const std::string& text, bool secret,
                     std::string hint = {}) const;
    // Catalogue page.
    std::optional<AdminRequest> ApplyCatalogue(const UiAction& action);
    std::string CatalogueValue(const std::string& subject, const std::string& field) const;
    std::optional<catalogue::FieldEdit> TypedEdit() const;
    std::string ChangeText(const catalogue::Change& change) const;
    std::string CounterInUseText(const std::string& number) const;
    std::string SubjectText(catalogue::Change::Subject subject, const std::string& id) const;
    std::vector<std::string> TickChoices() const;
    void TabRows(AdminCatalogueView& v) const;  // the Hours, Counters, Partners, Kiosk and Finder tabs

    const messages::Messages* messages_;
    std::vector<messages::KeyScreens> key_screens_;
    std::string lang_;
    Micros now_ = 0;
    AdminPage page_ = AdminPage::kSignIn;
    // Sign-in.
    std::string typed_number_, typed_pin_;
    int focus_ = 0;
    bool locked_ = false;
    std::string sign_in_error_;
    std::string staff_number_, staff_name_;
    // Status line after a save.
    std::string status_;
    bool status_error_ = false;
    // Languages page: the settings as shown (saved or not).
    std::vector<messages::LanguageSetting> settings_;
    bool dirty_ = false;
    // Editor.
    std::string edit_lang_ = "ps";
    std::string status_filter_;   // "" all, or a status word
    int screen_filter_ = -1;      // index into AllScreens(), -1 all
    int first_row_ = 0;
    std::string selected_;
    std::string typed_;           // the translation being edited
    // Staff page: the accounts as the store listed them, the form.
    std::vector<core::Staff> staff_;
    bool staff_loaded_ = false;
    bool form_open_ = false, adding_ = false, confirming_remove_ = false;
    std::string form_number_;     // the member the form is about (adding: typed)
    std::string form_name_, form_pin_, form_pin2_;
    core::StaffRoles form_roles_;
    std::string field_;           // the focused field's id
    // Audit page: the filters typed, the entries read (oldest first), the page shown.
    int audit_kind_ = -1;         // index into core::kAuditKinds, -1 all
    std::string audit_staff_, audit_from_, audit_to_, export_path_;
    std::vector<core::AuditEntry> audit_;
    bool audit_loaded_ = false;
    int audit_page_ = 0;          // 0 = the newest entries
    // Dashboard.
    bool may_configure_ = false;  // the signed-in member may also use the configuration pages
    figures::Period period_ = figures::Period::kToday;
    std::string office_;          // "" every office
    std::string chart_ = "wait";
    std::optional<figures::Dashboard> figures_;  // for period_ and office_, once computed
    std::string figures_error_;
    bool pending_ = false;        // the period or office changed: figures_ are the old ones
    std::string Minutes(double minutes) const;
    // Catalogue page.
    const catalogue::Catalogue* catalogue_ = nullptr;
    catalogue::SiteHours site_hours_;               // as saved (hours.toml)
    std::string cat_subject_, cat_field_, cat_typed_;
    std::vector<std::string> cat_problems_;         // the loader's, for cat_typed_
    std::set<int> counters_in_use_;
    std::vector<catalogue::FieldEdit> cat_edits_;   // checked, not saved
    std::vector<catalogue::Change> cat_changes_;    // cat_edits_ against *catalogue_
    int cat_first_row_ = 0;
    std::string cat_tab_ = "services";
    std::vector<AdminConfigVersion> versions_;  // newest first
    std::string versions_note_;                 // why there are none
};

}  // namespace anl::ui
