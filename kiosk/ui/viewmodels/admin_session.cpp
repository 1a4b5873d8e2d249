#include "kiosk/ui/viewmodels/admin_session.h"
#include "kiosk/ui/viewmodels/sign_in_form.h"

#include <algorithm>

namespace anl::ui {

namespace {

using messages::MessageStatus;

constexpr std::size_t kMaxTranslationBytes = 2000;

bool LeftToFallback(const messages::LanguageInfo& info, std::string_view key) {
    return std::any_of(info.fallback_keys.begin(), info.fallback_keys.end(), [&](const std::string& pattern) {
        if (!pattern.empty() && pattern.back() == '*') return key.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1));
        return key == pattern;
    });
}

// One line for a list cell: line breaks as spaces.
std::string OneLine(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

void EraseLastCodePoint(std::string& text) {
    while (!text.empty()) {
        const unsigned char c = static_cast<unsigned char>(text.back());
        text.pop_back();
        if ((c & 0xC0) != 0x80) break;  // stop after the first byte of a character
    }
}

// The languages in the kiosk's order: the enabled ones by their order, then the others.
void Renumber(std::vector<messages::LanguageSetting>& settings) {
    std::stable_sort(settings.begin(), settings.end(), [](const auto& a, const auto& b) {
        if (a.enabled != b.enabled) return a.enabled;
        return a.order < b.order;
    });
    for (size_t i = 0; i < settings.size(); ++i) settings[i].order = int(i) + 1;
}

}  // namespace

bool MayAdminister(const core::Staff& staff) {
    return !staff.number.empty() && core::CheckRight(Role::kAdmin, &staff, core::Right::kPublishConfig).ok();
}

bool MayReadKeyFigures(const core::Staff& staff) {
    return !staff.number.empty() && core::CheckRight(Role::kAdmin, &staff, core::Right::kReadKeyFigures).ok();
}

messages::Args PreviewArgs(std::string_view pattern, Micros moment) {
    messages::Args args;
    auto names = messages::ArgumentNames(pattern);
    if (!names) return args;
    for (const std::string& name : names.value()) {
        if (name == "ticket" || name == "number" || name == "reference") args.Code(name, "A-042");
        else if (name == "counter") args.Code(name, "3");
        else if (name.find("time") != std::string::npos || name.find("date") != std::string::npos ||
                 name.find("day") != std::string::npos || name == "until" || name == "from")
            args.Date(name, moment);
        else if (name == "hours") args.Int(name, 2);
        else if (name == "attempts") args.Int(name, 3);
        else args.Int(name, 12);  // minutes, people, counts: a number every plural form handles
    }
    return args;
}

PreviewWidget PreviewWidgetFor(std::string_view key) {
    // Services, offices' services, finder answers and partner topics are the kiosk's big
    // choice buttons; titles and questions its headings; the rest running text.
    if (key.starts_with("service.") && key.ends_with(".name")) return PreviewWidget::kChoiceButton;
    if (key.starts_with("finder.") && key.find(".answer.") != std::string_view::npos) return PreviewWidget::kChoiceButton;
    if (key.starts_with("partner.topic.")) return PreviewWidget::kChoiceButton;
    if (key.ends_with(".title") || key.ends_with(".question")) return PreviewWidget::kTitle;
    return PreviewWidget::kBody;
}

AdminSession::AdminSession(const messages::Messages& messages, std::vector<messages::KeyScreens> key_screens,
                           std::string lang)
    : messages_(&messages), key_screens_(std::move(key_screens)), lang_(std::move(lang)) {
    std::sort(key_screens_.begin(), key_screens_.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    ResetLanguageSettings();
    if (messages_->FindLanguage(edit_lang_) == nullptr) {
        for (const auto& l : messages_->Languages())
            if (l.code != "de") { edit_lang_ = l.code; break; }
    }
}

std::string AdminSession::T(std::string_view key) const { return std::string(messages_->Text(lang_, key)); }

void AdminSession::ResetLanguageSettings() {
    settings_.clear();
    const std::string default_lang = messages::DefaultLanguage(*messages_);
    for (const auto& l : messages_->Languages()) settings_.push_back({l.code, l.enabled, l.order, l.code == default_lang});
    Renumber(settings_);
    dirty_ = false;
}

void AdminSession::SetMessages(const messages::Messages& messages) {
    messages_ = &messages;
    ResetLanguageSettings();
    if (messages_->FindLanguage(edit_lang_) == nullptr) edit_lang_ = "en";
}

std::optional<AdminRequest> AdminSession::Apply(const UiAction& action, Micros now) {
    now_ = now;
    auto say = [this](std::string text, bool error) {
        status_ = std::move(text);
        status_error_ = error;
    };
    if (ApplySignInField(action, typed_number_, typed_pin_, focus_, locked_)) return std::nullopt;
    switch (action.kind) {
        case Action::kSignInSubmit:
            if (locked_ || signed_in()) break;
            if (typed_number_.empty()) { focus_ = 0; break; }
            if (typed_pin_.empty()) { focus_ = 1; break; }
            {
                AdminRequest r;
                r.kind = AdminRequest::Kind::kSignIn;
                r.staff_number = typed_number_;
                r.pin = typed_pin_;
                typed_pin_.clear();  // never kept longer than the request
                return r;
            }
        case Action::kSignOut:
            staff_number_.clear();
            staff_name_.clear();
            typed_number_.clear();
            typed_pin_.clear();
            status_.clear();
            page_ = AdminPage::kSignIn;
            ResetLanguageSettings();
            ResetStaffAudit();
            may_configure_ = false;
            figures_.reset();
            figures_error_.clear();
            pending_ = false;
            period_ = figures::Period::kToday;
            office_.clear();
            chart_ = "wait";
            break;
        default:
            break;
    }
    if (!signed_in()) return std::nullopt;  // nothing below before sign-in
    if (auto handled = ApplyStaffAudit(action)) return *handled;

    if (page_ == AdminPage::kCatalogue && action.kind != Action::kAdminPage) return ApplyCatalogue(action);

    auto find = [this](const std::string& code) {
        return std::find_if(settings_.begin(), settings_.end(), [&](const auto& s) { return s.code == code; });
    };
    switch (action.kind) {
        case Action::kAdminPage:
            status_.clear();
            if (action.id == "dashboard") {
                page_ = AdminPage::kDashboard;
                return RefreshKeyFigures();
            }
            if (!may_configure_) break;  // a supervisor: the configuration pages are not theirs
            page_ = action.id == "translations" ? AdminPage::kTranslations
                    : action.id == "catalogue"  ? AdminPage::kCatalogue
                                                : AdminPage::kLanguages;
            if (page_ == AdminPage::kCatalogue) {  // the versions list, fresh from the central
                AdminRequest r;
                r.kind = AdminRequest::Kind::kListVersions;
                return r;
            }
            break;
        case Action::kAdminDashboardPeriod: {
            const auto period = figures::ParsePeriod(action.id);
            if (!period || page_ != AdminPage::kDashboard) break;
            if (*period != period_) pending_ = true;
            period_ = *period;
            return RefreshKeyFigures();
        }
        case Action::kAdminDashboardOffice:
            if (page_ != AdminPage::kDashboard) break;
            if (!action.id.empty() && figures_ &&
                std::none_of(figures_->offices.begin(), figures_->offices.end(),
                             [&](const auto& o) { return o.id == action.id; }))
                break;  // not an office of this site
            if (action.id != office_) pending_ = true;
            office_ = action.id;
            return RefreshKeyFigures();
        case Action::kAdminDashboardChart:
            for (const char* id : kDashboardCharts)
                if (action.id == id) chart_ = action.id;
            break;
        case Action::kAdminToggleLanguage: {
            auto it = find(action.id);
            if (it == settings_.end()) break;
            if (it->enabled && it->is_default) { say(T("admin.languages.default_stays"), true); break; }
            if (it->enabled && std::count_if(settings_.begin(), settings_.end(), [](auto& s) { return s.enabled; }) == 1) break;
            if (!it->enabled) it->order = int(settings_.size()) + 1;  // joins at the end of the kiosk's row
            it->enabled = !it->enabled;
            Renumber(settings_);
            dirty_ = true;
            status_.clear();
            break;
        }
        case Action::kAdminMoveLanguage: {
            auto it = find(action.id);
            if (it == settings_.end() || !it->enabled) break;
            const long index = it - settings_.begin();
            const long other = index + (action.value < 0 ? -1 : 1);
            if (other < 0 || other >= long(settings_.size()) || !settings_[size_t(other)].enabled) break;
            std::swap(settings_[size_t(index)].order, settings_[size_t(other)].order);
            Renumber(settings_);
            dirty_ = true;
            status_.clear();
            break;
        }
        case Action::kAdminDefaultLanguage: {
            auto it = find(action.id);
            if (it == settings_.end() || !it->enabled) break;
            for (auto& s : settings_) s.is_default = s.code == action.id;
            dirty_ = true;
            status_.clear();
            break;
        }
        case Action::kAdminSaveLanguages:
            if (!dirty_) break;
            {
                AdminRequest r;
                r.kind = AdminRequest::Kind::kSaveLanguages;
                r.languages = settings_;
                return r;
            }
        case Action::kAdminDiscard:
            if (page_ == AdminPage::kLanguages) ResetLanguageSettings();
            else Select(selected_);
            status_.clear();
            break;
        case Action::kAdminEditLanguage:
            if (action.id == "de" || messages_->FindLanguage(action.id) == nullptr) break;
            edit_lang_ = action.id;
            first_row_ = 0;
            Select(selected_);
            status_.clear();
            break;
        case Action::kAdminFilterStatus:
            status_filter_ = action.id;
            first_row_ = 0;
            break;
        case Action::kAdminFilterScreen: {
            const int count = int(AllScreens().size());
            screen_filter_ += action.value < 0 ? -1 : 1;
            if (screen_filter_ < -1) screen_filter_ = count - 1;
            if (screen_filter_ >= count) screen_filter_ = -1;
            first_row_ = 0;
            break;
        }
        case Action::kAdminScroll: {
            const int total = int(FilteredKeys().size());
            first_row_ = std::clamp(first_row_ + action.value, 0, std::max(0, total - kAdminListRows));
            break;
        }
        case Action::kAdminSelectMessage:
            if (messages_->Find("de", action.id) != nullptr) Select(action.id);
            status_.clear();
            break;
        case Action::kAdminEditType: {
            if (selected_.empty()) break;
            const std::string typed = FilterTypedText(action.text, TextShape::kSingleLine);
            if (typed_.size() + typed.size() <= kMaxTranslationBytes) typed_ += typed;
            break;
        }
        case Action::kAdminEditErase:
            EraseLastCodePoint(typed_);
            break;
        case Action::kAdminMarkReviewed:
        case Action::kAdminSaveDraft: {
            if (selected_.empty()) break;
            if (typed_.empty() || !messages::CheckMessage(*messages_, edit_lang_, selected_, typed_).empty()) {
                say(T("admin.editor.fix_first"), true);
                break;
            }
            const messages::Message* german = messages_->Find("de", selected_);
            AdminRequest r;
            r.kind = AdminRequest::Kind::kSaveMessage;
            r.lang = edit_lang_;
            r.edit.key = selected_;
            r.edit.file = std::filesystem::path(german->file).filename().string();
            r.edit.text = typed_;
            r.edit.status = action.kind == Action::kAdminMarkReviewed ? MessageStatus::kReviewed : MessageStatus::kDraft;
            return r;
        }
        default:
            break;
    }
    return std::nullopt;
}

void AdminSession::OnSignIn(const Result<core::SignInOutcome>& result) {
    if (result.ok() && result->signed_in) {
        if (!MayAdminister(result->staff) && !MayReadKeyFigures(result->staff)) {
            // The PIN was right but the roles say no: the number is cleared for whoever
            // comes next (an administrator), not kept as after a mistyped PIN.
            sign_in_error_ = T("admin.signin.not_allowed");
            typed_number_.clear();
            focus_ = 0;
            return;
        }
        staff_number_ = result->staff.number;
        staff_name_ = result->staff.name;
        sign_in_error_.clear();
        locked_ = false;
        may_configure_ = MayAdminister(result->staff);
        page_ = may_configure_ ? AdminPage::kLanguages : AdminPage::kDashboard;
        return;
    }
    focus_ = 1;
    if (!result.ok()) {  // the store failed, not the administrator
        sign_in_error_ = T("common.error_ask_staff");
        locked_ = false;
        return;
    }
    locked_ = result->locked;
    sign_in_error_ = locked_ ? messages_->Format(lang_, "desk.signin.locked", messages::Args().Date("time", result->locked_until))
                             : messages_->Format(lang_, "desk.signin.wrong_pin",
                                                 messages::Args().Int("attempts", result->attempts_left));
}

void AdminSession::OnSaved(const AdminRequest& request, const Status& status) {
    if (!status) {
        status_ = messages_->Format(lang_, "admin.save_failed", messages::Args().Str("reason", status.error().message));
        status_error_ = true;
        return;
    }
    status_error_ = false;
    if (request.kind == AdminRequest::Kind::kSaveLanguages) {
        status_ = T("admin.languages.saved");
    } else if (request.kind == AdminRequest::Kind::kSaveCatalogue) {
        status_ = T("admin.catalogue.saved");
    } else {
        status_ = messages_->Format(lang_, request.edit.status == MessageStatus::kReviewed ? "admin.editor.saved_reviewed"
                                                                                          : "admin.editor.saved_draft",
                                    messages::Args().Code("key", request.edit.key));
    }
}

std::string AdminSession::StatusWord(MessageStatus status) const {
    return T(std::string("admin.status.") + messages::ToString(status));
}

std::vector<std::string> AdminSession::ScreensOf(std::string_view key) const {
    return messages::ScreensOf(key_screens_, key);
}

std::vector<std::string> AdminSession::AllScreens() const {
    std::vector<std::string> all;
    for (const auto& e : key_screens_)
        for (const auto& s : e.screens)
            if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
    std::sort(all.begin(), all.end());
    return all;
}

std::vector<const messages::Message*> AdminSession::FilteredKeys() const {
    std::vector<const messages::Message*> out;
    const messages::LanguageInfo* info = messages_->FindLanguage(edit_lang_);
    if (info == nullptr) return out;
    const std::vector<std::string> screens = AllScreens();
    const std::string screen = screen_filter_ >= 0 && screen_filter_ < int(screens.size()) ? screens[size_t(screen_filter_)] : "";
    for (const messages::Message* german : messages_->MessagesOf("de")) {
        if (LeftToFallback(*info, german->key)) continue;
        if (!status_filter_.empty() && messages::ToString(messages_->Status(edit_lang_, german->key)) != status_filter_) continue;
        if (!screen.empty()) {
            const auto seen = ScreensOf(german->key);
            if (std::find(seen.begin(), seen.end(), screen) == seen.end()) continue;
        }
        out.push_back(german);
    }
    return out;
}

void AdminSession::Select(const std::string& key) {
    selected_ = key;
    const messages::Message* own = key.empty() ? nullptr : messages_->Find(edit_lang_, key);
    typed_ = own != nullptr ? own->text : std::string();
}

AdminChrome AdminSession::Chrome() const {
    AdminChrome c;
    c.lang = lang_;
    c.product = T("admin.product");
    c.staff = staff_name_.empty() ? staff_number_ : staff_name_ + " (" + staff_number_ + ")";
    c.sign_out_label = T("admin.sign_out");
    if (may_configure_) {
        c.nav.push_back({"languages", T("admin.nav.languages"), "language", page_ == AdminPage::kLanguages});
        c.nav.push_back({"translations", T("admin.nav.translations"), "translate", page_ == AdminPage::kTranslations});
        c.nav.push_back({"catalogue", T("admin.nav.catalogue"), "list_alt", page_ == AdminPage::kCatalogue});
        c.nav.push_back({"staff", T("admin.nav.staff"), "badge", page_ == AdminPage::kStaff});
    }
    // Supervisors read the audit log too (the rights table's read_audit).
    c.nav.push_back({"audit", T("admin.nav.audit"), "history", page_ == AdminPage::kAudit});
    c.nav.push_back({"dashboard", T("admin.nav.dashboard"), "insights", page_ == AdminPage::kDashboard});
    c.status = status_;
    c.status_error = status_error_;
    return c;
}

SignInView AdminSession::SignIn() const {
    SignInView v;
    v.lang = lang_;
    v.title = T("admin.signin.title");
    v.staff_number_label = T("desk.signin.staff_number");
    v.pin_label = T("desk.signin.pin");
    v.submit_label = T("desk.signin.submit");
    v.staff_number = typed_number_;
    v.pin_length = int(typed_pin_.size());
    v.focus = focus_;
    v.error = sign_in_error_;
    v.locked = locked_;
    return v;
}

AdminLanguagesView AdminSession::Languages() const {
    AdminLanguagesView v;
    v.chrome = Chrome();
    v.title = T("admin.languages.title");
    v.intro = T("admin.languages.intro");
    v.enabled_label = T("admin.languages.enabled");
    v.disabled_label = T("admin.languages.disabled");
    v.default_label = T("admin.languages.default");
    v.make_default_label = T("admin.languages.make_default");
    v.up_label = T("admin.languages.up");
    v.down_label = T("admin.languages.down");
    v.save_label = T("admin.save");
    v.discard_label = T("admin.discard");
    v.legend_reviewed = StatusWord(MessageStatus::kReviewed);
    v.legend_draft = StatusWord(MessageStatus::kDraft);
    v.legend_outdated = StatusWord(MessageStatus::kOutdated);
    v.legend_missing = StatusWord(MessageStatus::kMissing);
    v.dirty = dirty_;
    const std::vector<const messages::Message*> german = messages_->MessagesOf("de");
    int position = 0;
    for (const auto& s : settings_) {
        const messages::LanguageInfo* info = messages_->FindLanguage(s.code);
        if (info == nullptr) continue;
        AdminLanguageRow row;
        row.code = s.code;
        row.own_name = info->name;
        row.english_name = info->english_name;
        row.enabled = s.enabled;
        row.is_default = s.is_default;
        row.position = s.enabled ? std::to_string(++position) : "";
        for (const messages::Message* m : german) {
            if (LeftToFallback(*info, m->key)) continue;
            switch (messages_->Status(s.code, m->key)) {
                case MessageStatus::kReviewed: ++row.reviewed; break;
                case MessageStatus::kDraft: ++row.draft; break;
                case MessageStatus::kOutdated: ++row.outdated; break;
                case MessageStatus::kMissing: ++row.missing; break;
            }
        }
        row.counts = messages_->Format(lang_, "admin.languages.counts",
                                       messages::Args()
                                           .Int("reviewed", row.reviewed)
                                           .Int("draft", row.draft)
                                           .Int("outdated", row.outdated)
                                           .Int("missing", row.missing));
        v.rows.push_back(std::move(row));
    }
    return v;
}

AdminEditorView AdminSession::Editor() const {
    AdminEditorView v;
    v.chrome = Chrome();
    v.title = T("admin.editor.title");
    v.language_label = T("admin.editor.language");
    for (const auto& l : messages_->Languages()) {
        if (l.code == "de") continue;
        v.languages.push_back({l.code, l.code, l.code == edit_lang_});
    }
    v.status_label = T("admin.editor.status");
    v.statuses.push_back({"", T("admin.status.all"), status_filter_.empty()});
    for (MessageStatus s : {MessageStatus::kReviewed, MessageStatus::kDraft, MessageStatus::kOutdated, MessageStatus::kMissing})
        v.statuses.push_back({messages::ToString(s), StatusWord(s), status_filter_ == messages::ToString(s)});
    v.screen_label = T("admin.editor.screen");
    const std::vector<std::string> screens = AllScreens();
    v.screen = screen_filter_ >= 0 && screen_filter_ < int(screens.size()) ? screens[size_t(screen_filter_)]
                                                                            : T("admin.editor.all_screens");
    const std::vector<const messages::Message*> keys = FilteredKeys();
    const int first = std::clamp(first_row_, 0, std::max(0, int(keys.size()) - kAdminListRows));
    for (int i = first; i < int(keys.size()) && i < first + kAdminListRows; ++i) {
        const messages::Message* german = keys[size_t(i)];
        AdminMessageRow row;
        row.key = german->key;
        row.german = OneLine(german->text);
        const messages::Message* own = messages_->Find(edit_lang_, german->key);
        row.text = own ? OneLine(own->text) : "";
        const MessageStatus status = messages_->Status(edit_lang_, german->key);
        row.status = StatusWord(status);
        row.status_kind = int(status);
        row.selected = german->key == selected_;
        v.rows.push_back(std::move(row));
    }
    if (keys.empty()) v.empty_note = T("admin.editor.empty");
    else
        v.rows_note = messages_->Format(lang_, "admin.editor.rows",
                                        messages::Args()
                                            .Int("first", first + 1)
                                            .Int("last", std::min<int>(first + kAdminListRows, int(keys.size())))
                                            .Int("total", int(keys.size())));
    v.edit_lang = edit_lang_;
    v.german_label = T("admin.editor.german");
    const messages::LanguageInfo* info = messages_->FindLanguage(edit_lang_);
    v.translation_label = messages_->Format(lang_, "admin.editor.translation",
                                            messages::Args().Str("language", info ? info->english_name : edit_lang_));
    v.mark_reviewed_label = T("admin.editor.mark_reviewed");
    v.save_draft_label = T("admin.editor.save_draft");
    if (selected_.empty()) {
        v.german = T("admin.editor.none_selected");
        return v;
    }
    v.key = selected_;
    // Visitors' screens and slips first, the administration's own last; at most ten named (a
    // service's name is on twenty screens, which would not fit the line): the rest as "+N".
    std::vector<std::string> seen = ScreensOf(selected_);
    std::stable_partition(seen.begin(), seen.end(), [](const std::string& s) { return !s.starts_with("admin/"); });
    constexpr std::size_t kNamedScreens = 10;
    std::string list;
    for (std::size_t i = 0; i < seen.size() && i < kNamedScreens; ++i) list += (list.empty() ? "" : ", ") + seen[i];
    if (seen.size() > kNamedScreens) list += " +" + std::to_string(seen.size() - kNamedScreens);
    v.seen_on = seen.empty() ? T("admin.editor.seen_nowhere")
                             : messages_->Format(lang_, "admin.editor.seen_on", messages::Args().Str("screens", list));
    if (const messages::Message* german = messages_->Find("de", selected_)) v.german = german->text;
    v.translation = typed_;
    v.problems = typed_.empty() ? std::vector<std::string>{T("admin.editor.empty_text")}
                                : messages::CheckMessage(*messages_, edit_lang_, selected_, typed_);
    if (v.problems.empty()) v.check_ok = T("admin.editor.check_ok");
    v.can_save = v.problems.empty();
    v.preview_widget = PreviewWidgetFor(selected_);
    v.preview_label = T(v.preview_widget == PreviewWidget::kChoiceButton ? "admin.editor.preview_button"
                        : v.preview_widget == PreviewWidget::kTitle     ? "admin.editor.preview_title"
                                                                        : "admin.editor.preview_body");
    if (v.can_save) {
        auto formatted = messages_->FormatPattern(edit_lang_, typed_, PreviewArgs(typed_, now_));
        v.preview_text = formatted ? formatted.value() : typed_;
    }
    return v;
}

void AdminSession::DrawCurrent(UiActions& actions) const {
    switch (page_) {
        case AdminPage::kSignIn: DrawSignInScreen(SignIn(), actions); break;
        case AdminPage::kLanguages: DrawAdminLanguagesScreen(Languages(), actions); break;
        case AdminPage::kTranslations: DrawAdminEditorScreen(Editor(), actions); break;
        case AdminPage::kStaff: DrawAdminStaffScreen(Staff(), actions); break;
        case AdminPage::kAudit: DrawAdminAuditScreen(Audit(), actions); break;
        case AdminPage::kDashboard: DrawAdminDashboardScreen(Dashboard(), actions); break;
        case AdminPage::kCatalogue: DrawAdminCatalogueScreen(CatalogueView(), actions); break;
    }
}

void AdminSession::SignedInForGallery(std::string staff_number, std::string staff_name, AdminPage page) {
    staff_number_ = std::move(staff_number);
    staff_name_ = std::move(staff_name);
    page_ = page;
    may_configure_ = true;
}

void AdminSession::ShowSignInErrorForGallery(std::string error) {
    typed_number_ = "1042";
    sign_in_error_ = std::move(error);
}

void AdminSession::EditForGallery(std::string lang, std::string key, std::optional<std::string> typed) {
    edit_lang_ = std::move(lang);
    Select(key);
    if (typed) typed_ = *typed;
    // The list shows the selected message.
    const auto keys = FilteredKeys();
    for (size_t i = 0; i < keys.size(); ++i)
        if (keys[i]->key == selected_) first_row_ = std::max(0, int(i) - 2);
}

// --- Catalogue page -----------------------------------------------------------------------

namespace {

using catalogue::FieldEdit;

// The page's name of each field (its chip, hint and change texts: admin.catalogue.field.<name>).
constexpr std::pair<const char*, FieldEdit::Field> kFieldNames[] = {
    {"minutes", FieldEdit::Field::kTypicalMinutes},   {"appointment", FieldEdit::Field::kNeedsAppointment},
    {"documents", FieldEdit::Field::kDocuments},      {"hours", FieldEdit::Field::kOfficeHours},
    {"holidays", FieldEdit::Field::kHolidays},        {"name", FieldEdit::Field::kCounterName},
    {"services", FieldEdit::Field::kCounterServices}, {"add", FieldEdit::Field::kCounterAdd},
    {"remove", FieldEdit::Field::kCounterRemove},     {"inactivity", FieldEdit::Field::kKioskInactivity},
    {"read_aloud", FieldEdit::Field::kKioskReadAloud}, {"modes", FieldEdit::Field::kKioskModes},
    {"key", FieldEdit::Field::kFinderQuestionKey},    {"service", FieldEdit::Field::kFinderAnswerService},
    {"printer", FieldEdit::Field::kKioskPrinter},     {"partner_name", FieldEdit::Field::kPartnerName},
    {"address", FieldEdit::Field::kPartnerAddress},   {"partner_hours", FieldEdit::Field::kPartnerHours},
    {"languages", FieldEdit::Field::kPartnerLanguages}, {"topics", FieldEdit::Field::kPartnerTopics},
    {"web", FieldEdit::Field::kPartnerWeb},           {"partner_add", FieldEdit::Field::kPartnerAdd},
    {"partner_remove", FieldEdit::Field::kPartnerRemove}, {"pictogram", FieldEdit::Field::kServicePictogram},
    {"slot_minutes", FieldEdit::Field::kSlotMinutes}, {"slot_capacity", FieldEdit::Field::kSlotCapacity},
    {"office_pictogram", FieldEdit::Field::kOfficePictogram}, {"site_hours", FieldEdit::Field::kSiteHours},
    {"closed", FieldEdit::Field::kSiteClosed},
};

std::optional<FieldEdit::Field> FieldOf(std::string_view name) {
    for (const auto& [n, f] : kFieldNames)
        if (name == n) return f;
    return std::nullopt;
}

const char* NameOf(FieldEdit::Field field) {
    for (const auto& [n, f] : kFieldNames)
        if (field == f) return n;
    return "";
}

// The fields a subject ("service:<id>", "office:<id>", "holidays", "counter:<n>", "new-counter",
// "kiosk", "question:<id>", "answer:<q>/<a>", "partner:<id>", "new-partner", "site") has on the page.
// An office's ticket prefix is not among them: docs/ADMIN.md, "Ticket prefixes".
std::vector<std::string> FieldsOf(std::string_view subject) {
    if (subject.starts_with("service:")) return {"minutes", "appointment", "documents", "pictogram", "slot_minutes", "slot_capacity"};
    if (subject.starts_with("office:")) return {"hours", "office_pictogram"};
    if (subject == "site") return {"site_hours", "closed"};
    if (subject == "holidays") return {"holidays"};
    if (subject.starts_with("counter:")) return {"name", "services", "remove"};
    if (subject == "new-counter") return {"add"};
    if (subject == "kiosk") return {"inactivity", "read_aloud", "modes", "printer"};
    if (subject.starts_with("partner:")) return {"partner_name", "address", "partner_hours", "languages", "topics", "web", "partner_remove"};
    if (subject == "new-partner") return {"partner_add"};
    if (subject.starts_with("question:")) return {"key"};
    if (subject.starts_with("answer:")) return {"service"};
    return {};
}

// The page's tabs, in order.
constexpr const char* kCatalogueTabs[] = {"services", "hours", "counters", "partners", "kiosk", "finder"};

// The items of a typed list ("a, b, c"), trimmed, empty ones dropped.
std::vector<std::string> ListItems(std::string_view typed) {
    std::vector<std::string> items;
    size_t at = 0;
    while (at <= typed.size()) {
        size_t comma = typed.find(',', at);
        if (comma == std::string_view::npos) comma = typed.size();
        std::string_view item = typed.substr(at, comma - at);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) items.emplace_back(item);
        at = comma + 1;
    }
    return items;
}

// A counter's number as a subject's id ("7"), or 0.
int CounterNumber(std::string_view id) {
    if (id.empty() || id.size() > 3 || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
    return std::stoi(std::string(id));
}

const catalogue::FinderAnswer* FindAnswer(const catalogue::Catalogue& cat, std::string_view id) {
    const size_t slash = id.find('/');
    if (slash == std::string_view::npos) return nullptr;
    const catalogue::FinderQuestion* q = cat.FindFinderQuestion(id.substr(0, slash));
    if (q == nullptr) return nullptr;
    for (const auto& a : q->answers)
        if (a.id == id.substr(slash + 1)) return &a;
    return nullptr;
}

std::string IdOf(std::string_view subject) {
    const size_t colon = subject.find(':');
    return colon == std::string_view::npos ? std::string() : std::string(subject.substr(colon + 1));
}

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

}  // namespace

void AdminSession::SetSiteHours(const catalogue::SiteHours& hours) {
    site_hours_ = hours;
    cat_typed_ = CatalogueValue(cat_subject_, cat_field_);
}

void AdminSession::SetCatalogue(const catalogue::Catalogue& catalogue) {
    catalogue_ = &catalogue;
    cat_edits_.clear();
    cat_changes_.clear();
    cat_problems_.clear();
    cat_typed_ = CatalogueValue(cat_subject_, cat_field_);
}

std::string AdminSession::CatalogueValue(const std::string& subject, const std::string& field) const {
    const auto f = FieldOf(field);
    if (catalogue_ == nullptr || !f) return "";
    const std::string id = IdOf(subject);
    for (auto it = cat_edits_.rbegin(); it != cat_edits_.rend(); ++it)  // a change not yet saved
        if (it->field == *f && it->id == id) return it->value;
    switch (*f) {
        case FieldEdit::Field::kTypicalMinutes:
        case FieldEdit::Field::kNeedsAppointment:
        case FieldEdit::Field::kDocuments:
        case FieldEdit::Field::kServicePictogram: {
            const catalogue::Service* s = catalogue_->FindService(id);
            if (s == nullptr) return "";
            if (*f == FieldEdit::Field::kTypicalMinutes) return std::to_string(s->typical_minutes);
            if (*f == FieldEdit::Field::kNeedsAppointment) return s->needs_appointment ? "true" : "false";
            if (*f == FieldEdit::Field::kServicePictogram) return s->pictogram;
            return Joined(s->document_ids);
        }
        case FieldEdit::Field::kSlotMinutes:
        case FieldEdit::Field::kSlotCapacity: {
            auto it = catalogue_->service_slots.find(id);
            const catalogue::SlotSettings slots = it == catalogue_->service_slots.end() ? catalogue::SlotSettings{} : it->second;
            if (*f == FieldEdit::Field::kSlotCapacity) return std::to_string(slots.slot_capacity);
            return slots.slot_minutes == 0 ? "" : std::to_string(slots.slot_minutes);  // "": the service's duration
        }
        case FieldEdit::Field::kOfficePictogram: {
            const catalogue::Office* o = catalogue_->FindOffice(id);
            return o ? o->pictogram : "";
        }
        case FieldEdit::Field::kSiteHours: return catalogue::FormatSiteHours(site_hours_);
        case FieldEdit::Field::kSiteClosed: return Joined(site_hours_.closed_days);
        case FieldEdit::Field::kOfficeHours: {
            auto it = catalogue_->office_hours.find(id);
            return it == catalogue_->office_hours.end() ? "" : catalogue::FormatHours(it->second);
        }
        case FieldEdit::Field::kHolidays: return Joined(catalogue_->holidays);
        case FieldEdit::Field::kCounterName:
        case FieldEdit::Field::kCounterServices: {
            const catalogue::Counter* c = catalogue_->FindCounter(CounterNumber(id));
            if (c == nullptr) return "";
            return *f == FieldEdit::Field::kCounterName ? c->name : Joined(c->service_ids);
        }
        case FieldEdit::Field::kCounterAdd:
        case FieldEdit::Field::kCounterRemove: return "";
        case FieldEdit::Field::kKioskInactivity: return std::to_string(catalogue_->kiosk.inactivity_seconds);
        case FieldEdit::Field::kKioskReadAloud: return catalogue_->kiosk.read_aloud ? "true" : "false";
        case FieldEdit::Field::kKioskModes: return Joined(catalogue_->kiosk.accessible_modes);
        case FieldEdit::Field::kKioskPrinter: return catalogue_->kiosk.printer;
        case FieldEdit::Field::kPartnerName:
        case FieldEdit::Field::kPartnerAddress:
        case FieldEdit::Field::kPartnerHours:
        case FieldEdit::Field::kPartnerLanguages:
        case FieldEdit::Field::kPartnerTopics:
        case FieldEdit::Field::kPartnerWeb: {
            const catalogue::Partner* p = catalogue_->FindPartner(id);
            if (p == nullptr) return "";
            if (*f == FieldEdit::Field::kPartnerName) return p->name;
            if (*f == FieldEdit::Field::kPartnerAddress) return p->address;
            if (*f == FieldEdit::Field::kPartnerHours) return p->hours;
            if (*f == FieldEdit::Field::kPartnerLanguages) return Joined(p->languages);
            if (*f == FieldEdit::Field::kPartnerTopics) return Joined(p->topics);
            return p->web;
        }
        case FieldEdit::Field::kPartnerAdd:
        case FieldEdit::Field::kPartnerRemove: return "";
        case FieldEdit::Field::kFinderQuestionKey: {
            const catalogue::FinderQuestion* q = catalogue_->FindFinderQuestion(id);
            return q ? q->question_key : "";
        }
        case FieldEdit::Field::kFinderAnswerService: {
            const catalogue::FinderAnswer* a = FindAnswer(*catalogue_, id);
            return a ? a->service_id : "";
        }
    }
    return "";
}

// The choices ticked on or off for the field edited: a counter's services (those of its
// office, in the catalogue's order) or the kiosk's accessible modes.
std::vector<std::string> AdminSession::TickChoices() const {
    std::vector<std::string> choices;
    if (catalogue_ == nullptr) return choices;
    if (cat_field_ == "services" && cat_subject_.starts_with("counter:")) {
        const catalogue::Counter* c = catalogue_->FindCounter(CounterNumber(IdOf(cat_subject_)));
        if (c == nullptr) return choices;
        for (const auto& s : catalogue_->services)
            if (s.office_id == c->office_id) choices.push_back(s.id);
    } else if (cat_field_ == "modes") {
        for (const char* m : catalogue::KioskConfig::kModes) choices.push_back(m);
    }
    return choices;
}

std::optional<FieldEdit> AdminSession::TypedEdit() const {
    const auto f = FieldOf(cat_field_);
    if (!f) return std::nullopt;
    if (*f == FieldEdit::Field::kCounterAdd) {
        // "7, abh, Schalter 7": the number, then the office and the name.
        const size_t comma = cat_typed_.find(',');
        std::string number = cat_typed_.substr(0, comma);
        number.erase(std::remove(number.begin(), number.end(), ' '), number.end());
        return FieldEdit{*f, number, comma == std::string::npos ? std::string() : cat_typed_.substr(comma + 1)};
    }
    if (*f == FieldEdit::Field::kPartnerAdd) {
        // "caritas-debt | Caritas … | address | hours | de, ar | debt": the id, then the partner.
        const size_t bar = cat_typed_.find('|');
        std::string id = cat_typed_.substr(0, bar);
        id.erase(std::remove(id.begin(), id.end(), ' '), id.end());
        return FieldEdit{*f, id, bar == std::string::npos ? std::string() : cat_typed_.substr(bar + 1)};
    }
    return FieldEdit{*f, IdOf(cat_subject_), cat_typed_};
}

std::optional<AdminRequest> AdminSession::ApplyCatalogue(const UiAction& action) {
    constexpr std::size_t kMaxValueBytes = 4000;
    switch (action.kind) {
        case Action::kAdminCatalogueSelect: {
            if (action.id.starts_with("kiosk:") || action.id.starts_with("site:")) {  // a row of the Kiosk or Hours tab: its field
                const size_t colon = action.id.find(':');
                const std::string subject = action.id.substr(0, colon), field = action.id.substr(colon + 1);
                const auto subject_fields = FieldsOf(subject);
                if (catalogue_ == nullptr || std::find(subject_fields.begin(), subject_fields.end(), field) == subject_fields.end()) break;
                cat_subject_ = subject;
                cat_field_ = field;
                cat_tab_ = subject == "site" ? "hours" : "kiosk";
                cat_typed_ = CatalogueValue(cat_subject_, cat_field_);
                cat_problems_.clear();
                status_.clear();
                break;
            }
            const auto fields = FieldsOf(action.id);
            if (fields.empty() || catalogue_ == nullptr) break;
            const std::string id = IdOf(action.id);
            if (action.id.starts_with("service:") && catalogue_->FindService(id) == nullptr) break;
            if (action.id.starts_with("office:") && catalogue_->FindOffice(id) == nullptr) break;
            if (action.id.starts_with("counter:") && catalogue_->FindCounter(CounterNumber(id)) == nullptr) break;
            if (action.id.starts_with("question:") && catalogue_->FindFinderQuestion(id) == nullptr) break;
            if (action.id.starts_with("answer:") && FindAnswer(*catalogue_, id) == nullptr) break;
            if (action.id.starts_with("partner:") && catalogue_->FindPartner(id) == nullptr) break;
            cat_subject_ = action.id;
            cat_field_ = fields.front();
            // The tab that shows the subject (a gallery or test may select without the tab).
            cat_tab_ = action.id.starts_with("counter:") || action.id == "new-counter"       ? "counters"
                       : action.id.starts_with("partner:") || action.id == "new-partner"     ? "partners"
                       : action.id == "kiosk"                                                ? "kiosk"
                       : action.id == "site"                                                 ? "hours"
                       : action.id.starts_with("question:") || action.id.starts_with("answer:") ? "finder"
                                                                                               : "services";
            cat_typed_ = CatalogueValue(cat_subject_, cat_field_);
            cat_problems_.clear();
            status_.clear();
            break;
        }
        case Action::kAdminCatalogueField: {
            const auto fields = FieldsOf(cat_subject_);
            if (std::find(fields.begin(), fields.end(), action.id) == fields.end()) break;
            cat_field_ = action.id;
            cat_typed_ = CatalogueValue(cat_subject_, cat_field_);
            cat_problems_.clear();
            break;
        }
        case Action::kAdminCatalogueTab:
            if (std::find_if(std::begin(kCatalogueTabs), std::end(kCatalogueTabs), [&](const char* t) { return action.id == t; }) ==
                std::end(kCatalogueTabs))
                break;
            cat_tab_ = action.id;
            break;
        case Action::kAdminCatalogueTick: {
            const auto choices = TickChoices();
            if (std::find(choices.begin(), choices.end(), action.id) == choices.end()) break;
            auto ticked = ListItems(cat_typed_);
            const bool on = std::find(ticked.begin(), ticked.end(), action.id) == ticked.end();
            if (on) ticked.push_back(action.id);
            else ticked.erase(std::remove(ticked.begin(), ticked.end(), action.id), ticked.end());
            // Written in the order of the choices (a tick does not reorder the list).
            std::vector<std::string> ordered;
            for (const auto& c : choices)
                if (std::find(ticked.begin(), ticked.end(), c) != ticked.end()) ordered.push_back(c);
            cat_typed_ = Joined(ordered);
            cat_problems_.clear();
            break;
        }
        case Action::kAdminEditType: {
            if (cat_field_.empty() || cat_field_ == "remove" || cat_field_ == "partner_remove") break;
            const std::string typed = FilterTypedText(action.text, TextShape::kSingleLine);
            if (cat_typed_.size() + typed.size() <= kMaxValueBytes) cat_typed_ += typed;
            cat_problems_.clear();
            break;
        }
        case Action::kAdminEditErase:
            if (cat_field_.empty()) break;
            EraseLastCodePoint(cat_typed_);
            cat_problems_.clear();
            break;
        case Action::kAdminScroll: {
            const int total = catalogue_ ? int(catalogue_->services.size()) : 0;
            cat_first_row_ = std::clamp(cat_first_row_ + action.value, 0, std::max(0, total - kAdminCatalogueRows));
            break;
        }
        case Action::kAdminCatalogueApply: {
            auto edit = TypedEdit();
            if (!edit) break;
            // A question's text is a message key: one the catalogue has a German text for (the
            // loader knows no messages, so the page checks it).
            if (edit->field == FieldEdit::Field::kFinderQuestionKey && messages_->Find("de", edit->value) == nullptr) {
                cat_problems_ = {messages_->Format(lang_, "admin.catalogue.unknown_key", messages::Args().Code("key", edit->value))};
                break;
            }
            // A counter a desk works at stays (core::CounterInUse): its desk would go on calling
            // visitors to a number the call display no longer knows.
            if (edit->field == FieldEdit::Field::kCounterRemove && counters_in_use_.count(CounterNumber(edit->id)) > 0) {
                cat_problems_ = {CounterInUseText(edit->id)};
                break;
            }
            AdminRequest r;
            r.kind = AdminRequest::Kind::kCheckCatalogue;
            for (const FieldEdit& e : cat_edits_)  // the same field typed again replaces its change
                if (!(e.field == edit->field && e.id == edit->id)) r.catalogue_edits.push_back(e);
            r.catalogue_edits.push_back(std::move(*edit));
            status_.clear();
            return r;
        }
        case Action::kAdminSaveCatalogue: {
            if (cat_edits_.empty()) break;
            // A desk may have started at the counter since the removal was checked.
            for (const FieldEdit& e : cat_edits_)
                if (e.field == FieldEdit::Field::kCounterRemove && counters_in_use_.count(CounterNumber(e.id)) > 0) {
                    status_ = CounterInUseText(e.id);
                    status_error_ = true;
                    return std::nullopt;
                }
            AdminRequest r;
            r.kind = AdminRequest::Kind::kSaveCatalogue;
            r.catalogue_edits = cat_edits_;
            return r;
        }
        case Action::kAdminPublish: {
            // Saved changes only: what is published is what the files hold. The rights table
            // let this staff member in (MayAdminister: publish_config); the central checks again.
            if (!cat_edits_.empty()) {
                status_ = T("admin.catalogue.save_first");
                status_error_ = true;
                break;
            }
            AdminRequest r;
            r.kind = AdminRequest::Kind::kPublish;
            r.by_staff = staff_number_;
            return r;
        }
        case Action::kAdminRollback: {
            if (versions_.empty() || action.value <= 0 || action.value >= versions_.front().version) break;
            AdminRequest r;
            r.kind = AdminRequest::Kind::kRollback;
            r.by_staff = staff_number_;
            r.rollback_to = action.value;
            return r;
        }
        case Action::kAdminDiscard:
            cat_edits_.clear();
            cat_changes_.clear();
            cat_problems_.clear();
            cat_typed_ = CatalogueValue(cat_subject_, cat_field_);
            status_.clear();
            break;
        default:
            break;
    }
    return std::nullopt;
}

void AdminSession::SetCountersInUse(std::set<int> counters) { counters_in_use_ = std::move(counters); }

std::string AdminSession::CounterInUseText(const std::string& number) const {
    return messages_->Format(lang_, "admin.catalogue.counter_in_use", messages::Args().Code("number", number));
}

void AdminSession::OnCatalogueChecked(const AdminRequest& request, const catalogue::EditCheck& check) {
    cat_problems_.clear();
    if (!check.problems.empty()) {
        for (const auto& p : check.problems) cat_problems_.push_back(p.message);
        return;
    }
    cat_changes_ = catalogue_ ? catalogue::Diff(*catalogue_, check.catalogue) : std::vector<catalogue::Change>{};
    if (check.site_hours)
        for (auto& change : catalogue::Diff(site_hours_, *check.site_hours)) cat_changes_.push_back(std::move(change));
    // An edit that changes nothing the loader reads (the saved value typed again) is dropped:
    // saving it would only rewrite the file's lines.
    cat_edits_.clear();
    for (const FieldEdit& e : request.catalogue_edits) {
        const bool changes = std::any_of(cat_changes_.begin(), cat_changes_.end(), [&](const catalogue::Change& c) {
            return c.field == e.field && c.id == e.id;
        });
        if (changes) cat_edits_.push_back(e);
    }
    status_ = T("admin.catalogue.applied");
    status_error_ = false;
}

void AdminSession::OnPublished(const AdminRequest& request, const Result<std::int64_t>& version) {
    if (!version.ok()) {
        status_ = messages_->Format(lang_, "admin.catalogue.publish_failed", messages::Args().Str("reason", version.error().message));
        status_error_ = true;
        return;
    }
    status_error_ = false;
    status_ = request.kind == AdminRequest::Kind::kRollback
                  ? messages_->Format(lang_, "admin.catalogue.rolled_back",
                                      messages::Args().Int("from", int(request.rollback_to)).Int("version", int(version.value())))
                  : messages_->Format(lang_, "admin.catalogue.published", messages::Args().Int("version", int(version.value())));
}

void AdminSession::OnVersions(const Result<std::vector<AdminConfigVersion>>& versions) {
    versions_.clear();
    versions_note_.clear();
    if (!versions.ok()) {
        versions_note_ = messages_->Format(lang_, "admin.catalogue.versions_unavailable",
                                           messages::Args().Str("reason", versions.error().message));
        return;
    }
    versions_ = versions.value();
    if (versions_.empty()) versions_note_ = T("admin.catalogue.no_versions");
}

std::string AdminSession::SubjectText(catalogue::Change::Subject subject, const std::string& id) const {
    using S = catalogue::Change::Subject;
    switch (subject) {
        case S::kService: return messages_->Format(lang_, "admin.catalogue.service", messages::Args().Code("id", id));
        case S::kOffice: return messages_->Format(lang_, "admin.catalogue.office", messages::Args().Code("id", id));
        case S::kCatalogue: return T("admin.catalogue.holidays");
        case S::kCounter: return messages_->Format(lang_, "admin.catalogue.counter", messages::Args().Code("number", id));
        case S::kKiosk: return T("admin.catalogue.kiosk");
        case S::kFinderQuestion: return messages_->Format(lang_, "admin.catalogue.question", messages::Args().Code("id", id));
        case S::kFinderAnswer: return messages_->Format(lang_, "admin.catalogue.answer", messages::Args().Code("id", id));
        case S::kPartner: return messages_->Format(lang_, "admin.catalogue.partner", messages::Args().Code("id", id));
        case S::kSite: return T("admin.catalogue.site");
    }
    return id;
}

std::string AdminSession::ChangeText(const catalogue::Change& change) const {
    const std::string subject = SubjectText(change.subject, change.id);
    if (change.field == FieldEdit::Field::kCounterRemove || change.field == FieldEdit::Field::kPartnerRemove)
        return messages_->Format(lang_, "admin.catalogue.change.removed", messages::Args().Str("subject", subject));
    if (change.field == FieldEdit::Field::kCounterAdd || change.field == FieldEdit::Field::kPartnerAdd)
        return messages_->Format(lang_, change.field == FieldEdit::Field::kCounterAdd ? "admin.catalogue.change.add" : "admin.catalogue.change.partner_add",
                                 messages::Args().Str("subject", subject).Str("after", change.after));
    if (!change.field) return messages_->Format(lang_, change.before.empty() ? "admin.catalogue.change.added" : "admin.catalogue.change.removed",
                                                messages::Args().Str("subject", subject));
    auto word = [this](const std::string& value) {
        if (value == "true") return T("admin.catalogue.yes");
        if (value == "false") return T("admin.catalogue.no");
        return value.empty() ? std::string("–") : value;
    };
    std::string before = change.before, after = change.after;
    if (*change.field == FieldEdit::Field::kHolidays || *change.field == FieldEdit::Field::kCounterServices ||
        *change.field == FieldEdit::Field::kKioskModes || *change.field == FieldEdit::Field::kPartnerLanguages ||
        *change.field == FieldEdit::Field::kPartnerTopics || *change.field == FieldEdit::Field::kSiteClosed) {
        // Items taken out and items added, not both whole lists.
        auto split = [](const std::string& list) {
            std::vector<std::string> days;
            for (size_t at = 0; at < list.size();) {
                size_t comma = list.find(", ", at);
                if (comma == std::string::npos) comma = list.size();
                days.push_back(list.substr(at, comma - at));
                at = comma + 2;
            }
            return days;
        };
        const auto old_days = split(change.before), new_days = split(change.after);
        std::vector<std::string> removed, added;
        for (const auto& d : old_days)
            if (std::find(new_days.begin(), new_days.end(), d) == new_days.end()) removed.push_back(d);
        for (const auto& d : new_days)
            if (std::find(old_days.begin(), old_days.end(), d) == old_days.end()) added.push_back(d);
        before = Joined(removed);
        after = Joined(added);
    }
    return messages_->Format(lang_, std::string("admin.catalogue.change.") + NameOf(*change.field),
                             messages::Args().Str("subject", subject).Str("before", word(before)).Str("after", word(after)));
}

AdminCatalogueView AdminSession::CatalogueView() const {
    AdminCatalogueView v;
    v.chrome = Chrome();
    v.title = T("admin.catalogue.title");
    v.services_label = T("admin.catalogue.services");
    v.offices_label = T("admin.catalogue.offices");
    v.holidays_label = T("admin.catalogue.holidays");
    v.partners_label = T("admin.catalogue.partners");
    v.service_columns = {T("admin.catalogue.col.prefix"), T("admin.catalogue.col.service"), T("admin.catalogue.col.minutes"),
                         T("admin.catalogue.col.appointment"), T("admin.catalogue.col.documents")};
    v.apply_label = T("admin.catalogue.apply");
    v.changes_label = T("admin.catalogue.changes");
    v.no_changes = T("admin.catalogue.no_changes");
    v.save_label = T("admin.save");
    v.discard_label = T("admin.discard");
    if (catalogue_ == nullptr) return v;
    auto changed = [this](std::string_view id, std::initializer_list<FieldEdit::Field> fields) {
        return std::any_of(cat_edits_.begin(), cat_edits_.end(), [&](const FieldEdit& e) {
            return e.id == id && std::find(fields.begin(), fields.end(), e.field) != fields.end();
        });
    };
    const int total = int(catalogue_->services.size());
    const int first = std::clamp(cat_first_row_, 0, std::max(0, total - kAdminCatalogueRows));
    for (int i = first; i < total && i < first + kAdminCatalogueRows; ++i) {
        const catalogue::Service& s = catalogue_->services[size_t(i)];
        AdminCatalogueServiceRow row;
        row.id = s.id;
        row.select_id = "service:" + s.id;
        const catalogue::Office* office = catalogue_->FindOffice(s.office_id);
        row.prefix = office ? std::string(1, office->ticket_prefix) : "";
        row.pictogram = s.pictogram;
        row.name = T(s.name_key);
        row.minutes = messages_->Format(lang_, "admin.catalogue.minutes", messages::Args().Int("minutes", s.typical_minutes));
        row.appointment = T(s.needs_appointment ? "admin.catalogue.yes" : "admin.catalogue.no");
        // The first three in the list's cell, "+N" for the rest (all of them in the edit field).
        row.documents = Joined(std::vector<std::string>(s.document_ids.begin(), s.document_ids.begin() + long(std::min<size_t>(3, s.document_ids.size()))));
        if (s.document_ids.size() > 3) row.documents += " +" + std::to_string(s.document_ids.size() - 3);
        row.selected = cat_subject_ == row.select_id;
        row.changed = changed(s.id, {FieldEdit::Field::kTypicalMinutes, FieldEdit::Field::kNeedsAppointment, FieldEdit::Field::kDocuments,
                                     FieldEdit::Field::kServicePictogram, FieldEdit::Field::kSlotMinutes, FieldEdit::Field::kSlotCapacity});
        v.services.push_back(std::move(row));
    }
    if (total > 0)
        v.rows_note = messages_->Format(lang_, "admin.editor.rows",
                                        messages::Args().Int("first", first + 1).Int("last", std::min(first + kAdminCatalogueRows, total)).Int("total", total));
    for (const catalogue::Office& o : catalogue_->offices) {
        AdminCatalogueOfficeRow row;
        row.id = o.id;
        row.select_id = "office:" + o.id;
        row.prefix = std::string(1, o.ticket_prefix);
        row.pictogram = o.pictogram;
        row.name = T(o.name_key);
        auto hours = catalogue_->office_hours.find(o.id);
        row.hours = hours == catalogue_->office_hours.end() ? "–" : catalogue::FormatHours(hours->second);
        row.selected = cat_subject_ == row.select_id;
        row.changed = changed(o.id, {FieldEdit::Field::kOfficeHours, FieldEdit::Field::kOfficePictogram});
        v.offices.push_back(std::move(row));
    }
    v.holidays = Joined(catalogue_->holidays);
    v.holidays_selected = cat_subject_ == "holidays";
    std::vector<std::string> partners;
    for (const auto& p : catalogue_->partners)
        if (partners.size() < 4) partners.push_back(p.name);
    v.partners = Joined(partners);
    if (catalogue_->partners.size() > partners.size()) v.partners += " +" + std::to_string(catalogue_->partners.size() - partners.size());

    const std::string id = IdOf(cat_subject_);
    using S = catalogue::Change::Subject;
    if (cat_subject_.starts_with("service:")) v.subject = SubjectText(S::kService, id);
    else if (cat_subject_.starts_with("office:")) v.subject = SubjectText(S::kOffice, id);
    else if (cat_subject_ == "holidays") v.subject = T("admin.catalogue.holidays");
    else if (cat_subject_.starts_with("counter:")) v.subject = SubjectText(S::kCounter, id);
    else if (cat_subject_ == "new-counter") v.subject = T("admin.catalogue.new_counter");
    else if (cat_subject_ == "kiosk") v.subject = T("admin.catalogue.kiosk");
    else if (cat_subject_ == "site") v.subject = T("admin.catalogue.site");
    else if (cat_subject_.starts_with("partner:")) v.subject = SubjectText(S::kPartner, id);
    else if (cat_subject_ == "new-partner") v.subject = T("admin.catalogue.new_partner");
    else if (cat_subject_.starts_with("question:")) v.subject = SubjectText(S::kFinderQuestion, id);
    else if (cat_subject_.starts_with("answer:")) v.subject = SubjectText(S::kFinderAnswer, id);
    else v.subject = T("admin.catalogue.none_selected");
    for (const std::string& field : FieldsOf(cat_subject_))
        v.fields.push_back({field, T("admin.catalogue.field." + field), field == cat_field_});
    v.editing = !cat_field_.empty() && !cat_subject_.empty();
    if (v.editing) v.field_hint = T("admin.catalogue.hint." + cat_field_);
    v.typed = cat_typed_;
    // A pictogram typed: the glyph beside the field, once the icon font has it.
    if (cat_field_ == "pictogram" || cat_field_ == "office_pictogram") {
        std::string name = cat_typed_;
        name.erase(std::remove(name.begin(), name.end(), ' '), name.end());
        if (catalogue::PictogramCodepoint(name)) v.field_pictogram = name;
    }
    // A list of choices is ticked rather than typed (it may be typed too).
    const auto ticked = ListItems(cat_typed_);
    for (const std::string& choice : TickChoices()) {
        const catalogue::Service* service = catalogue_->FindService(choice);
        v.ticks.push_back({choice, service ? T(service->name_key) : T("admin.catalogue.mode." + choice),
                           std::find(ticked.begin(), ticked.end(), choice) != ticked.end()});
    }
    for (const char* tab : kCatalogueTabs) v.tabs.push_back({tab, T(std::string("admin.catalogue.tab.") + tab), cat_tab_ == tab});
    v.tab = cat_tab_;
    TabRows(v);
    v.problems = cat_problems_;
    for (const auto& change : cat_changes_) v.changes.push_back(ChangeText(change));
    v.can_save = !cat_edits_.empty();
    v.publish_label = T("admin.catalogue.publish");
    v.versions_label = T("admin.catalogue.versions");
    v.versions_note = versions_note_;
    for (const AdminConfigVersion& version : versions_) {
        AdminVersionRow row;
        row.version = version.version;
        row.text = messages_->Format(lang_, "admin.catalogue.version_row",
                                     messages::Args()
                                         .Int("version", int(version.version))
                                         .Date("time", version.published_us)
                                         .Int("catalogue", int(version.catalogue_files))
                                         .Int("translations", int(version.translation_files)));
        row.current = &version == &versions_.front();
        row.rollback_label = T("admin.catalogue.rollback");
        v.versions.push_back(std::move(row));
    }
    return v;
}

void AdminSession::TabRows(AdminCatalogueView& v) const {
    auto changed = [this](const std::string& id, std::initializer_list<FieldEdit::Field> fields) {
        return std::any_of(cat_edits_.begin(), cat_edits_.end(), [&](const FieldEdit& e) {
            return e.id == id && std::find(fields.begin(), fields.end(), e.field) != fields.end();
        });
    };
    if (cat_tab_ == "counters") {
        v.tab_intro = T("admin.catalogue.counters_intro");
        v.columns = {T("admin.catalogue.col.number"), T("admin.catalogue.col.office"), T("admin.catalogue.col.name"),
                     T("admin.catalogue.col.offers")};
        for (const catalogue::Counter& c : catalogue_->counters) {
            AdminCatalogueRow row;
            row.select_id = "counter:" + std::to_string(c.number);
            const catalogue::Office* office = catalogue_->FindOffice(c.office_id);
            row.pictogram = office ? office->pictogram : "";
            std::size_t of_office = 0;
            for (const auto& s : catalogue_->services) of_office += s.office_id == c.office_id ? 1 : 0;
            row.cells = {std::to_string(c.number), office ? T(office->name_key) : c.office_id,
                         counters_in_use_.count(c.number) > 0 ? c.name + " · " + T("admin.catalogue.in_use") : c.name,
                         c.service_ids.size() == of_office
                             ? T("admin.catalogue.all_services")
                             : messages_->Format(lang_, "admin.catalogue.services_of",
                                                 messages::Args().Int("count", int(c.service_ids.size())).Int("total", int(of_office)))};
            row.selected = cat_subject_ == row.select_id;
            const std::string number = std::to_string(c.number);
            row.changed = changed(number, {FieldEdit::Field::kCounterName, FieldEdit::Field::kCounterServices,
                                           FieldEdit::Field::kCounterRemove});
            v.rows.push_back(std::move(row));
        }
        v.add_label = T("admin.catalogue.new_counter");
        v.add_id = "new-counter";
        v.add_selected = cat_subject_ == "new-counter";
    } else if (cat_tab_ == "partners") {
        v.tab_intro = T("admin.catalogue.partners_intro");
        // The address and hours are in the panel once a partner is chosen.
        v.columns = {T("admin.catalogue.col.id"), T("admin.catalogue.col.name"), T("admin.catalogue.col.languages")};
        for (const catalogue::Partner& p : catalogue_->partners) {
            AdminCatalogueRow row;
            row.select_id = "partner:" + p.id;
            row.cells = {p.id, p.name, Joined(p.languages)};
            row.selected = cat_subject_ == row.select_id;
            row.changed = changed(p.id, {FieldEdit::Field::kPartnerName, FieldEdit::Field::kPartnerAddress,
                                         FieldEdit::Field::kPartnerHours, FieldEdit::Field::kPartnerLanguages,
                                         FieldEdit::Field::kPartnerTopics, FieldEdit::Field::kPartnerWeb,
                                         FieldEdit::Field::kPartnerRemove});
            v.rows.push_back(std::move(row));
        }
        v.add_label = T("admin.catalogue.new_partner");
        v.add_id = "new-partner";
        v.add_selected = cat_subject_ == "new-partner";
    } else if (cat_tab_ == "hours") {
        // The site's opening hours and closed days (hours.toml beside the catalogue).
        v.tab_intro = T("admin.catalogue.hours_intro");
        v.columns = {T("admin.catalogue.col.setting"), T("admin.catalogue.col.value")};
        const std::string hours = catalogue::FormatSiteHours(site_hours_);
        const std::pair<const char*, std::string> settings[] = {
            {"site_hours", hours.empty() ? T("admin.catalogue.no_site_hours") : hours},
            {"closed", site_hours_.closed_days.empty() ? T("admin.catalogue.none") : Joined(site_hours_.closed_days)},
        };
        for (const auto& [field, value] : settings) {
            AdminCatalogueRow row;
            row.select_id = std::string("site:") + field;
            row.cells = {T(std::string("admin.catalogue.field.") + field), value};
            row.selected = cat_subject_ == "site" && cat_field_ == field;
            row.changed = changed("", {*FieldOf(field)});
            v.rows.push_back(std::move(row));
        }
    } else if (cat_tab_ == "kiosk") {
        v.tab_intro = T("admin.catalogue.kiosk_intro");
        v.columns = {T("admin.catalogue.col.setting"), T("admin.catalogue.col.value")};
        const catalogue::KioskConfig& k = catalogue_->kiosk;
        std::vector<std::string> modes;
        for (const auto& m : k.accessible_modes) modes.push_back(T("admin.catalogue.mode." + m));
        const std::pair<const char*, std::string> settings[] = {
            {"inactivity", messages_->Format(lang_, "admin.catalogue.seconds", messages::Args().Int("seconds", k.inactivity_seconds))},
            {"read_aloud", T(k.read_aloud ? "admin.catalogue.yes" : "admin.catalogue.no")},
            {"modes", modes.empty() ? T("admin.catalogue.none") : Joined(modes)},
            {"printer", k.printer.empty() ? T("admin.catalogue.no_printer") : k.printer},
        };
        for (const auto& [field, value] : settings) {
            AdminCatalogueRow row;
            row.select_id = std::string("kiosk:") + field;
            row.cells = {T(std::string("admin.catalogue.setting.") + field), value};
            row.selected = cat_subject_ == "kiosk" && cat_field_ == field;
            row.changed = changed("", {*FieldOf(field)});
            v.rows.push_back(std::move(row));
        }
    } else if (cat_tab_ == "finder") {
        v.tab_intro = T("admin.catalogue.finder_intro");
        v.columns = {T("admin.catalogue.col.key"), T("admin.catalogue.col.text"), T("admin.catalogue.col.leads_to")};
        for (const catalogue::FinderQuestion& q : catalogue_->finder_questions) {
            AdminCatalogueRow heading;
            heading.select_id = "question:" + q.id;
            heading.heading = true;
            heading.cells = {q.question_key, T(q.question_key), ""};
            heading.selected = cat_subject_ == heading.select_id;
            heading.changed = changed(q.id, {FieldEdit::Field::kFinderQuestionKey});
            v.rows.push_back(std::move(heading));
            for (const catalogue::FinderAnswer& a : q.answers) {
                AdminCatalogueRow row;
                row.select_id = "answer:" + q.id + "/" + a.id;
                row.pictogram = a.pictogram;
                const catalogue::Service* service = catalogue_->FindService(a.service_id);
                const catalogue::FinderQuestion* next = catalogue_->FindFinderQuestion(a.next_question_id);
                row.cells = {a.label_key, T(a.label_key),
                             service ? T(service->name_key)
                             : next  ? messages_->Format(lang_, "admin.catalogue.next_question", messages::Args().Str("question", T(next->question_key)))
                                     : std::string()};
                row.selected = cat_subject_ == row.select_id;
                row.changed = changed(q.id + "/" + a.id, {FieldEdit::Field::kFinderAnswerService});
                v.rows.push_back(std::move(row));
            }
        }
    }
}

void AdminSession::CatalogueEditForGallery(std::string subject, std::string field, std::string typed) {
    page_ = AdminPage::kCatalogue;
    ApplyCatalogue(UiAction{Action::kAdminCatalogueSelect, std::move(subject), 0, {}});
    ApplyCatalogue(UiAction{Action::kAdminCatalogueField, std::move(field), 0, {}});
    cat_typed_ = std::move(typed);
}

}  // namespace anl::ui
