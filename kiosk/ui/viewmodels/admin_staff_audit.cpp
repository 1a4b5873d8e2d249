// admin_session, the Staff and Audit log pages: the staff accounts as the store lists them and
// a form to add a member, change roles, reset a PIN or remove one; the audit log with filters
// (kind, staff number, UTC days), pages of kAdminAuditRows and a CSV export. Every change is a
// request the store decides as the signed-in administrator (its rights table, the last
// administrator kept); this page only mirrors the store's answer.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "kiosk/ui/viewmodels/admin_session.h"

namespace anl::ui {

namespace {

constexpr std::size_t kMaxNameBytes = 200;
constexpr std::size_t kMaxNumberBytes = 32;
constexpr std::size_t kMaxPathBytes = 1024;
constexpr std::size_t kMaxDayBytes = 10;

void EraseLast(std::string& text) {
    while (!text.empty()) {
        const unsigned char c = static_cast<unsigned char>(text.back());
        text.pop_back();
        if ((c & 0xC0) != 0x80) break;
    }
}

// "2026-12-06" as the UTC midnight starting it; nullopt when not a day.
std::optional<Micros> ParseDay(const std::string& text) {
    unsigned y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    const std::chrono::year_month_day day{std::chrono::year(int(y)), std::chrono::month(m), std::chrono::day(d)};
    if (!day.ok()) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::sys_days(day).time_since_epoch()).count();
}

constexpr int kAuditKindCount = int(std::size(core::kAuditKinds));

}  // namespace

void AdminSession::ResetStaffAudit() {
    staff_.clear();
    staff_loaded_ = form_open_ = adding_ = confirming_remove_ = false;
    form_number_.clear();
    form_name_.clear();
    form_pin_.clear();
    form_pin2_.clear();
    form_roles_.clear();
    field_.clear();
    audit_kind_ = -1;
    audit_staff_.clear();
    audit_from_.clear();
    audit_to_.clear();
    export_path_.clear();
    audit_.clear();
    audit_loaded_ = false;
    audit_page_ = 0;
}

void AdminSession::OpenStaffForm(const std::string& number) {
    form_open_ = true;
    adding_ = number.empty();
    confirming_remove_ = false;
    form_number_ = number;
    form_name_.clear();
    form_pin_.clear();
    form_pin2_.clear();
    form_roles_ = {core::StaffRole::kDesk};
    field_ = adding_ ? "number" : "pin";
    if (!adding_) {
        auto it = std::find_if(staff_.begin(), staff_.end(), [&](const core::Staff& s) { return s.number == number; });
        if (it == staff_.end()) {
            form_open_ = false;
            return;
        }
        form_roles_ = it->roles;
    }
}

std::string* AdminSession::FocusedField() {
    if (page_ == AdminPage::kStaff && form_open_) {
        if (field_ == "number" && adding_) return &form_number_;
        if (field_ == "name" && adding_) return &form_name_;
        if (field_ == "pin") return &form_pin_;
        if (field_ == "pin2") return &form_pin2_;
    }
    if (page_ == AdminPage::kAudit) {
        if (field_ == "staff") return &audit_staff_;
        if (field_ == "from") return &audit_from_;
        if (field_ == "to") return &audit_to_;
        if (field_ == "export") return &export_path_;
    }
    return nullptr;
}

std::optional<core::AuditQuery> AdminSession::AuditQueryTyped() {
    core::AuditQuery q;
    auto from = audit_from_.empty() ? std::optional<Micros>(0) : ParseDay(audit_from_);
    auto to = audit_to_.empty() ? std::optional<Micros>(0) : ParseDay(audit_to_);
    if (!from || !to) {
        status_ = T("admin.audit.bad_day");
        status_error_ = true;
        return std::nullopt;
    }
    q.from_us = *from;
    // "to" names the last day shown: up to the start of the next.
    q.to_us = *to == 0 ? 0 : *to + Micros(24) * 3600 * kMicrosPerSecond;
    q.staff = audit_staff_;
    if (audit_kind_ >= 0 && audit_kind_ < kAuditKindCount) q.kind = std::string(core::kAuditKinds[audit_kind_]);
    return q;
}

std::optional<std::optional<AdminRequest>> AdminSession::ApplyStaffAudit(const UiAction& action) {
    auto say = [this](std::string text, bool error) {
        status_ = std::move(text);
        status_error_ = error;
    };
    AdminRequest r;
    r.acting = staff_number_;
    switch (action.kind) {
        case Action::kAdminPage:
            if (action.id == "staff" && may_configure_) {  // a supervisor: not theirs (the switch keeps the page)
                page_ = AdminPage::kStaff;
                status_.clear();
                field_.clear();
                form_open_ = false;
                r.kind = AdminRequest::Kind::kListStaff;
                return std::optional<AdminRequest>(r);
            }
            if (action.id == "audit") {
                page_ = AdminPage::kAudit;
                status_.clear();
                field_.clear();
                auto q = AuditQueryTyped();
                if (!q) return std::optional<AdminRequest>();
                r.kind = AdminRequest::Kind::kReadAudit;
                r.audit = *q;
                return std::optional<AdminRequest>(r);
            }
            return std::nullopt;  // the other pages' own
        case Action::kAdminDiscard:
            if (page_ != AdminPage::kStaff) return std::nullopt;
            if (confirming_remove_) confirming_remove_ = false;
            else form_open_ = false;
            status_.clear();
            return std::optional<AdminRequest>();
        default:
            break;
    }
    if (page_ != AdminPage::kStaff && page_ != AdminPage::kAudit) return std::nullopt;
    switch (action.kind) {
        case Action::kAdminFieldFocus:
            field_ = action.id;
            if (FocusedField() == nullptr) field_.clear();
            break;
        case Action::kAdminFieldType: {
            std::string* field = FocusedField();
            if (field == nullptr) break;
            const bool pin = field_ == "pin" || field_ == "pin2";
            std::string typed = FilterTypedText(action.text, TextShape::kSingleLine);
            if (pin) typed.erase(std::remove_if(typed.begin(), typed.end(), [](char c) { return c < '0' || c > '9'; }),
                                 typed.end());
            const std::size_t max = pin ? 12
                                    : field_ == "name" ? kMaxNameBytes
                                    : field_ == "export" ? kMaxPathBytes
                                    : field_ == "from" || field_ == "to" ? kMaxDayBytes
                                                                        : kMaxNumberBytes;
            if (field->size() + typed.size() <= max) *field += typed;
            break;
        }
        case Action::kAdminFieldErase:
            if (std::string* field = FocusedField()) EraseLast(*field);
            break;
        case Action::kAdminStaffSelect:
            if (page_ != AdminPage::kStaff) break;
            OpenStaffForm(action.id);
            status_.clear();
            break;
        case Action::kAdminStaffRole: {
            if (page_ != AdminPage::kStaff || !form_open_) break;
            const auto role = core::ParseStaffRole(action.id);
            if (!role) break;
            if (form_roles_.count(*role)) form_roles_.erase(*role);
            else form_roles_.insert(*role);
            status_.clear();
            break;
        }
        case Action::kAdminStaffSave:
            if (page_ != AdminPage::kStaff || !form_open_) break;
            if (form_roles_.empty()) { say(T("admin.staff.needs_role"), true); break; }
            if (adding_) {
                if (form_number_.empty() || form_name_.empty()) { say(T("admin.staff.needs_number_name"), true); break; }
                if (!core::ValidatePin(form_pin_)) { say(T("admin.staff.pin_rule"), true); break; }
                if (form_pin_ != form_pin2_) { say(T("admin.staff.pins_differ"), true); break; }
                r.kind = AdminRequest::Kind::kAddStaff;
                r.staff_number = form_number_;
                r.name = form_name_;
                r.pin = form_pin_;
            } else {
                r.kind = AdminRequest::Kind::kSetStaffRoles;
                r.staff_number = form_number_;
            }
            r.roles = form_roles_;
            return std::optional<AdminRequest>(r);
        case Action::kAdminStaffResetPin:
            if (page_ != AdminPage::kStaff || !form_open_ || adding_) break;
            if (!core::ValidatePin(form_pin_)) { say(T("admin.staff.pin_rule"), true); break; }
            if (form_pin_ != form_pin2_) { say(T("admin.staff.pins_differ"), true); break; }
            r.kind = AdminRequest::Kind::kResetStaffPin;
            r.staff_number = form_number_;
            r.pin = form_pin_;
            return std::optional<AdminRequest>(r);
        case Action::kAdminStaffRemove:
            if (page_ != AdminPage::kStaff || !form_open_ || adding_) break;
            if (action.value == 0) {
                confirming_remove_ = true;
                status_.clear();
                break;
            }
            if (!confirming_remove_) break;
            confirming_remove_ = false;
            r.kind = AdminRequest::Kind::kRemoveStaff;
            r.staff_number = form_number_;
            return std::optional<AdminRequest>(r);
        case Action::kAdminAuditKind:
            if (page_ != AdminPage::kAudit) break;
            audit_kind_ += action.value < 0 ? -1 : 1;
            if (audit_kind_ < -1) audit_kind_ = kAuditKindCount - 1;
            if (audit_kind_ >= kAuditKindCount) audit_kind_ = -1;
            [[fallthrough]];
        case Action::kAdminAuditApply: {
            if (page_ != AdminPage::kAudit) break;
            auto q = AuditQueryTyped();
            if (!q) break;
            status_.clear();
            r.kind = AdminRequest::Kind::kReadAudit;
            r.audit = *q;
            return std::optional<AdminRequest>(r);
        }
        case Action::kAdminAuditPage: {
            if (page_ != AdminPage::kAudit) break;
            const int pages = std::max(1, (int(audit_.size()) + kAdminAuditRows - 1) / kAdminAuditRows);
            audit_page_ = std::clamp(audit_page_ + (action.value < 0 ? -1 : 1), 0, pages - 1);
            break;
        }
        case Action::kAdminAuditExport: {
            if (page_ != AdminPage::kAudit) break;
            auto q = AuditQueryTyped();
            if (!q) break;
            r.kind = AdminRequest::Kind::kExportAudit;
            r.audit = *q;
            r.export_path = export_path_;
            return std::optional<AdminRequest>(r);
        }
        default:
            return std::nullopt;
    }
    return std::optional<AdminRequest>();
}

void AdminSession::OnStoreAnswer(const AdminRequest& request, const AdminAnswer& answer) {
    using Kind = AdminRequest::Kind;
    if (answer.staff) {
        staff_ = *answer.staff;
        staff_loaded_ = true;
    }
    if (!answer.status) {
        const Error& e = answer.status.error();
        std::string text;
        if (e.reason == core::kRefusedLastAdministrator) text = T("admin.staff.last_admin");
        else if (e.reason == core::kRefusedForbidden) text = T("admin.staff.forbidden");
        else text = messages_->Format(lang_, "admin.save_failed", messages::Args().Str("reason", e.message));
        status_ = std::move(text);
        status_error_ = true;
        if (request.kind == Kind::kListStaff) staff_loaded_ = false;
        return;
    }
    status_error_ = false;
    const auto args = messages::Args().Code("number", request.staff_number);
    switch (request.kind) {
        case Kind::kListStaff: status_.clear(); break;
        case Kind::kAddStaff:
            status_ = messages_->Format(lang_, "admin.staff.added", args);
            OpenStaffForm(request.staff_number);
            break;
        case Kind::kSetStaffRoles:
            status_ = messages_->Format(lang_, "admin.staff.roles_saved", args);
            OpenStaffForm(request.staff_number);
            break;
        case Kind::kResetStaffPin:
            status_ = messages_->Format(lang_, "admin.staff.pin_reset", args);
            form_pin_.clear();
            form_pin2_.clear();
            break;
        case Kind::kRemoveStaff:
            status_ = messages_->Format(lang_, "admin.staff.removed", args);
            form_open_ = false;
            break;
        case Kind::kReadAudit:
            if (answer.audit) {
                audit_ = *answer.audit;
                audit_loaded_ = true;
                audit_page_ = 0;
            }
            break;
        case Kind::kExportAudit:
            status_ = messages_->Format(lang_, "admin.audit.exported",
                                        messages::Args().Int("count", answer.exported).Str("file", answer.written));
            break;
        default:
            break;
    }
}

std::string AdminSession::RolesText(const core::StaffRoles& roles) const {
    std::string out;
    for (core::StaffRole role : core::kAllStaffRoles)
        if (roles.count(role)) out += (out.empty() ? "" : ", ") + T("admin.role." + std::string(StaffRoleName(role)));
    return out;
}

std::string AdminSession::KindWord(std::string_view kind) const { return T("admin.audit.kind." + std::string(kind)); }

AdminField AdminSession::Field(std::string id, std::string_view label_key, const std::string& text, bool secret,
                               std::string hint) const {
    AdminField f;
    f.label = T(label_key);
    f.focused = field_ == id;
    f.id = std::move(id);
    if (secret) {
        for (std::size_t i = 0; i < text.size(); ++i) f.shown += "\xE2\x80\xA2";  // U+2022 bullet per digit, as the sign-in
    } else {
        f.shown = text;
    }
    f.hint = std::move(hint);
    return f;
}

AdminStaffView AdminSession::Staff() const {
    AdminStaffView v;
    v.chrome = Chrome();
    v.title = T("admin.staff.title");
    v.intro = T("admin.staff.intro");
    v.number_header = T("admin.staff.number");
    v.name_header = T("admin.staff.name");
    v.roles_header = T("admin.staff.roles");
    v.state_header = T("admin.staff.state");
    v.new_label = T("admin.staff.new");
    for (const core::Staff& s : staff_) {
        AdminStaffRow row;
        row.number = s.number;
        row.name = s.name;
        row.roles = RolesText(s.roles);
        row.locked = s.locked_until > now_;
        row.state = row.locked ? messages_->Format(lang_, "admin.staff.locked", messages::Args().Date("time", s.locked_until))
                               : T("admin.staff.active");
        row.selected = form_open_ && !adding_ && s.number == form_number_;
        v.rows.push_back(std::move(row));
    }
    if (v.rows.empty()) v.empty_note = T(staff_loaded_ ? "admin.staff.none" : "admin.staff.not_loaded");
    v.form_open = form_open_;
    v.adding = adding_;
    if (!form_open_) return v;
    if (adding_) {
        v.form_title = T("admin.staff.new");
        v.fields.push_back(Field("number", "admin.staff.number", form_number_, false));
        v.fields.push_back(Field("name", "admin.staff.name", form_name_, false));
        v.fields.push_back(Field("pin", "admin.staff.pin", form_pin_, true));
        v.fields.push_back(Field("pin2", "admin.staff.pin_again", form_pin2_, true));
    } else {
        auto it = std::find_if(staff_.begin(), staff_.end(), [&](const core::Staff& s) { return s.number == form_number_; });
        v.form_title = it == staff_.end() ? form_number_ : it->name + " (" + form_number_ + ")";
        v.fields.push_back(Field("pin", "admin.staff.new_pin", form_pin_, true));
        v.fields.push_back(Field("pin2", "admin.staff.pin_again", form_pin2_, true));
        v.reset_pin_label = T("admin.staff.reset_pin");
        v.remove_label = T("admin.staff.remove");
        v.confirming_remove = confirming_remove_;
        if (confirming_remove_) {
            v.confirm_remove = messages_->Format(lang_, "admin.staff.confirm_remove",
                                                 messages::Args().Str("name", v.form_title));
            v.confirm_label = T("admin.staff.remove");
            v.cancel_label = T("admin.discard");
        }
    }
    v.roles_label = T("admin.staff.roles");
    for (core::StaffRole role : core::kAllStaffRoles) {
        const std::string word(StaffRoleName(role));
        v.roles.push_back({word, T("admin.role." + word), form_roles_.count(role) > 0});
    }
    v.save_label = T(adding_ ? "admin.staff.add" : "admin.staff.save_roles");
    v.cancel_label = T("admin.discard");
    return v;
}

AdminAuditView AdminSession::Audit() const {
    AdminAuditView v;
    v.chrome = Chrome();
    v.title = T("admin.audit.title");
    v.intro = T("admin.audit.intro");
    v.kind_label = T("admin.audit.kind");
    v.kind = audit_kind_ >= 0 && audit_kind_ < kAuditKindCount ? KindWord(core::kAuditKinds[audit_kind_])
                                                                : T("admin.audit.all_kinds");
    v.fields.push_back(Field("staff", "admin.audit.staff", audit_staff_, false));
    v.fields.push_back(Field("from", "admin.audit.from", audit_from_, false, "2026-12-01"));
    v.fields.push_back(Field("to", "admin.audit.to", audit_to_, false, "2026-12-31"));
    v.fields.push_back(Field("export", "admin.audit.export_path", export_path_, false, T("admin.audit.export_default")));
    v.apply_label = T("admin.audit.apply");
    v.export_label = T("admin.audit.export");
    v.newer_label = T("admin.audit.newer");
    v.older_label = T("admin.audit.older");
    v.when_header = T("admin.audit.when");
    v.device_header = T("admin.audit.device");
    v.kind_header = T("admin.audit.kind");
    v.staff_header = T("admin.audit.staff");
    v.subject_header = T("admin.audit.subject");
    v.detail_header = T("admin.audit.detail");
    // Newest first: page 0 holds the last kAdminAuditRows entries.
    const int total = int(audit_.size());
    const int pages = std::max(1, (total + kAdminAuditRows - 1) / kAdminAuditRows);
    const int page = std::clamp(audit_page_, 0, pages - 1);
    const int first = page * kAdminAuditRows;  // counted from the newest
    for (int i = first; i < total && i < first + kAdminAuditRows; ++i) {
        const core::AuditEntry& e = audit_[size_t(total - 1 - i)];
        AdminAuditRow row;
        row.when = messages_->Format(lang_, "admin.audit.at", messages::Args().Date("time", e.at_us));
        row.device = e.device_id;
        row.kind = KindWord(e.kind);
        row.staff = e.staff;
        row.subject = e.subject;
        row.detail = e.detail;
        v.rows.push_back(std::move(row));
    }
    if (total == 0) v.empty_note = T(audit_loaded_ ? "admin.audit.none" : "admin.staff.not_loaded");
    else
        v.rows_note = messages_->Format(lang_, "admin.editor.rows",
                                        messages::Args()
                                            .Int("first", first + 1)
                                            .Int("last", std::min(first + kAdminAuditRows, total))
                                            .Int("total", total));
    v.can_newer = page > 0;
    v.can_older = page + 1 < pages;
    return v;
}

void AdminSession::StaffForGallery(std::vector<core::Staff> staff, std::optional<std::string> select) {
    page_ = AdminPage::kStaff;
    AdminRequest list;
    list.kind = AdminRequest::Kind::kListStaff;
    AdminAnswer answer;
    answer.staff = std::move(staff);
    OnStoreAnswer(list, answer);
    if (select) OpenStaffForm(*select);
}

void AdminSession::AuditForGallery(std::vector<core::AuditEntry> entries) {
    page_ = AdminPage::kAudit;
    AdminRequest read;
    read.kind = AdminRequest::Kind::kReadAudit;
    AdminAnswer answer;
    answer.audit = std::move(entries);
    OnStoreAnswer(read, answer);
}

}  // namespace anl::ui
