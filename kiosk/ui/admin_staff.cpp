// Administration, Staff: the accounts (number, name, roles, active or locked) at the start
// side, and the form at the end side: a new member (number, name, PIN typed twice, roles) or
// the selected one (roles, a new PIN typed twice, remove after a question). What the store
// refuses (the last administrator, a right missing) is said in the status line.
#include <algorithm>

#include "kiosk/ui/admin_form.h"

namespace anl::ui {

float AdminTitle(const Frame& f, const Rect& area, std::string_view title, std::string_view intro) {
    TextStyle ts;
    ts.size_px = f.Px(36);
    ts.bold = true;
    FitText(f, title, Rect{area.min, {area.max.x, area.min.y + f.Px(48)}}, ts, VAlign::kTop);
    TextStyle is;
    is.size_px = f.Px(20);
    is.color = theme::kTextMuted;
    FitText(f, intro, Rect{{area.min.x, area.min.y + f.Px(54)}, {area.max.x, area.min.y + f.Px(84)}}, is, VAlign::kTop, 0.7f);
    return f.Px(96);
}

void AdminTextField(const Frame& f, const Rect& box, const AdminField& field, UiActions& actions) {
    TextStyle ls;
    ls.size_px = f.Px(18);
    ls.color = theme::kTextMuted;
    FitText(f, field.label, Rect{box.min, {box.max.x, box.min.y + f.Px(24)}}, ls, VAlign::kCenter, 0.7f);
    const Rect input{{box.min.x, box.min.y + f.Px(28)}, box.max};
    ImGui::PushID(field.id.c_str());
    ImGui::SetCursorScreenPos(input.min);
    if (ImGui::InvisibleButton("##field", ImVec2(input.Width(), input.Height()))) actions.Emit(Action::kAdminFieldFocus, field.id);
    ImGui::PopID();
    Draw()->AddRectFilled(input.min, input.max, theme::kSurface, f.Px(8));
    Draw()->AddRect(input.min, input.max, field.focused ? theme::kPrimary : theme::kBorder, f.Px(8), 0,
                    field.focused ? f.Px(3) : 1.5f);
    TextStyle es;
    es.size_px = f.Px(22);
    es.align = AlignToFrameStart(f, "en");
    const Rect text = Inset(input, f.Px(12), f.Px(4));
    if (field.shown.empty() && !field.focused && !field.hint.empty()) {
        es.color = theme::kTextMuted;
        FitText(f, field.hint, text, es, VAlign::kCenter, 0.6f);
    } else {
        // Numbers, names, days and paths are typed left to right; the caret at their end.
        FitText(f, field.shown + (field.focused ? "|" : ""), text, es, VAlign::kCenter, 0.6f, "en");
    }
    LogBox("field-" + field.id, input);
}

void AdminFieldKeys(const std::vector<AdminField>& fields, UiActions& actions) {
    if (std::none_of(fields.begin(), fields.end(), [](const AdminField& f) { return f.focused; })) return;
    const std::string typed = TypedText();
    if (!typed.empty()) actions.Emit(Action::kAdminFieldType, {}, 0, typed);
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V), false)) {
        if (const char* clip = ImGui::GetClipboardText()) actions.Emit(Action::kAdminFieldType, {}, 0, clip);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) actions.Emit(Action::kAdminFieldErase);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false)) {
        // On to the next field (Shift: the previous).
        auto it = std::find_if(fields.begin(), fields.end(), [](const AdminField& f) { return f.focused; });
        long i = it - fields.begin() + (io.KeyShift ? -1 : 1);
        i = (i + long(fields.size())) % long(fields.size());
        actions.Emit(Action::kAdminFieldFocus, fields[size_t(i)].id);
    }
}

void DrawAdminStaffScreen(const AdminStaffView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-staff", view.chrome.lang);
    const Rect area = AdminFrame(f, view.chrome, actions);
    const float top = area.min.y + AdminTitle(f, Rect{area.min, {area.max.x - f.Px(300), area.max.y}}, view.title, view.intro);
    {
        const Rect title_row{area.min, {area.max.x, area.min.y + f.Px(56)}};
        if (AdminButton(f, "##new", f.End(title_row, f.Px(280)), view.new_label, AdminButtonKind::kPrimary, true, "staff-new"))
            actions.Emit(Action::kAdminStaffSelect, std::string());
    }
    const Rect main{{area.min.x, top}, area.max};
    const Rect list = f.Start(main, main.Width() * 0.56f);
    Rect form = main;
    if (f.rtl) form.max.x = list.min.x - f.Px(24); else form.min.x = list.max.x + f.Px(24);

    // The accounts: a header and one row each (number, name, roles, state).
    Card(list, theme::kSurface, theme::kBorder, f.Px(10));
    LogBox("staff-list", list);
    const float widths[] = {0.18f, 0.28f, 0.32f, 0.22f};
    auto cells = [&](const Rect& row, auto&& each) {
        float x = 0;
        for (int c = 0; c < 4; ++c) {
            const float w = row.Width() * widths[c];
            each(c, f.PlaceIn(Rect{{row.min.x + x, row.min.y}, {row.min.x + x + w, row.max.y}}, row));
            x += w;
        }
    };
    const float row_h = f.Px(60);
    const Rect inner = Inset(list, f.Px(12));
    {
        const Rect header{inner.min, {inner.max.x, inner.min.y + f.Px(40)}};
        const std::string* names[] = {&view.number_header, &view.name_header, &view.roles_header, &view.state_header};
        TextStyle hs;
        hs.size_px = f.Px(18);
        hs.bold = true;
        hs.color = theme::kTextMuted;
        cells(header, [&](int c, const Rect& cell) { FitText(f, *names[c], Inset(cell, f.Px(8), 0), hs, VAlign::kCenter, 0.7f); });
        Draw()->AddLine({inner.min.x, header.max.y}, {inner.max.x, header.max.y}, theme::kBorder, 1.5f);
    }
    float y = inner.min.y + f.Px(48);
    for (const AdminStaffRow& row : view.rows) {
        if (y + row_h > inner.max.y) break;
        const Rect r{{inner.min.x, y}, {inner.max.x, y + row_h - f.Px(4)}};
        ImGui::PushID(row.number.c_str());
        ImGui::SetCursorScreenPos(r.min);
        if (ImGui::InvisibleButton("##row", ImVec2(r.Width(), r.Height()))) actions.Emit(Action::kAdminStaffSelect, row.number);
        if (row.selected) Draw()->AddRectFilled(r.min, r.max, theme::kSelected, f.Px(6));
        else if (ImGui::IsItemHovered()) Draw()->AddRectFilled(r.min, r.max, IM_COL32(240, 240, 236, 255), f.Px(6));
        ImGui::PopID();
        cells(r, [&](int c, const Rect& cell) {
            TextStyle ts;
            ts.size_px = f.Px(c == 2 ? 18 : 20);
            ts.bold = c == 0;
            if (c == 3) ts.color = row.locked ? theme::kWarning : theme::kPositive;
            const std::string& text = c == 0 ? row.number : c == 1 ? row.name : c == 2 ? row.roles : row.state;
            // Numbers and names as typed (left to right in any chrome).
            FitText(f, text, Inset(cell, f.Px(8), 0), ts, VAlign::kCenter, 0.6f, c < 2 ? std::string_view("en") : std::string_view());
        });
        LogBox("staff-" + row.number, r);
        y += row_h;
    }
    if (view.rows.empty()) {
        TextStyle ns;
        ns.size_px = f.Px(20);
        ns.color = theme::kTextMuted;
        ns.align = TextAlign::kCenter;
        FitText(f, view.empty_note, Rect{{inner.min.x, y}, {inner.max.x, y + f.Px(60)}}, ns, VAlign::kCenter);
    }

    if (!view.form_open) {
        AdminFieldKeys({}, actions);
        EndScreen();
        return;
    }
    // The form.
    Card(form, theme::kSurface, theme::kPrimary, f.Px(10));
    LogBox("staff-form", form);
    const Rect in = Inset(form, f.Px(20));
    float fy = in.min.y;
    TextStyle ft;
    ft.size_px = f.Px(26);
    ft.bold = true;
    FitText(f, view.form_title, Rect{{in.min.x, fy}, {in.max.x, fy + f.Px(36)}}, ft, VAlign::kCenter, 0.7f);
    fy += f.Px(48);
    for (const AdminField& field : view.fields) {
        AdminTextField(f, Rect{{in.min.x, fy}, {in.max.x, fy + f.Px(80)}}, field, actions);
        fy += f.Px(90);
    }
    AdminFieldKeys(view.fields, actions);
    TextStyle ls;
    ls.size_px = f.Px(18);
    ls.color = theme::kTextMuted;
    FitText(f, view.roles_label, Rect{{in.min.x, fy}, {in.max.x, fy + f.Px(24)}}, ls, VAlign::kCenter);
    fy += f.Px(28);
    {
        const float gap = f.Px(8);
        const float w = (in.Width() - gap) / 2;
        for (size_t i = 0; i < view.roles.size(); ++i) {
            const AdminChip& role = view.roles[i];
            const float x = float(i % 2) * (w + gap);
            const float ry = fy + float(i / 2) * f.Px(52);
            const Rect c = f.PlaceIn(Rect{{in.min.x + x, ry}, {in.min.x + x + w, ry + f.Px(44)}}, in);
            ImGui::PushID(role.id.c_str());
            // A given role is drawn selected.
            if (AdminButton(f, "##role", c, role.label,
                            role.selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet, true, "role-" + role.id))
                actions.Emit(Action::kAdminStaffRole, role.id);
            ImGui::PopID();
        }
        fy += float((view.roles.size() + 1) / 2) * f.Px(52) + f.Px(12);
    }
    const float bw = (in.Width() - f.Px(12)) / 2;
    const Rect buttons{{in.min.x, fy}, {in.max.x, fy + f.Px(52)}};
    if (AdminButton(f, "##save", f.Start(buttons, bw), view.save_label, AdminButtonKind::kPrimary, true, "staff-save"))
        actions.Emit(Action::kAdminStaffSave);
    if (AdminButton(f, "##cancel", f.End(buttons, bw), view.cancel_label, AdminButtonKind::kQuiet, true, "staff-cancel"))
        actions.Emit(Action::kAdminDiscard);
    fy += f.Px(64);
    if (!view.adding) {
        const Rect more{{in.min.x, fy}, {in.max.x, fy + f.Px(52)}};
        if (AdminButton(f, "##reset", f.Start(more, bw), view.reset_pin_label, AdminButtonKind::kQuiet, true, "staff-reset-pin"))
            actions.Emit(Action::kAdminStaffResetPin);
        if (AdminButton(f, "##remove", f.End(more, bw), view.remove_label, AdminButtonKind::kQuiet, !view.confirming_remove,
                        "staff-remove"))
            actions.Emit(Action::kAdminStaffRemove, {}, 0);
        fy += f.Px(64);
        if (view.confirming_remove) {
            const Rect ask{{in.min.x, fy}, {in.max.x, std::min(in.max.y, fy + f.Px(120))}};
            Draw()->AddRectFilled(ask.min, ask.max, IM_COL32(252, 232, 224, 255), f.Px(8));
            TextStyle qs;
            qs.size_px = f.Px(20);
            qs.bold = true;
            qs.color = theme::kWarning;
            FitText(f, view.confirm_remove, Rect{Inset(ask, f.Px(12)).min, {ask.max.x - f.Px(12), ask.min.y + f.Px(52)}}, qs,
                    VAlign::kCenter, 0.6f);
            const Rect yes_no{{ask.min.x + f.Px(12), ask.max.y - f.Px(58)}, {ask.max.x - f.Px(12), ask.max.y - f.Px(10)}};
            const float yw = (yes_no.Width() - f.Px(12)) / 2;
            if (AdminButton(f, "##confirm", f.Start(yes_no, yw), view.confirm_label, AdminButtonKind::kPrimary, true,
                            "staff-confirm-remove"))
                actions.Emit(Action::kAdminStaffRemove, {}, 1);
            if (AdminButton(f, "##keep", f.End(yes_no, yw), view.cancel_label, AdminButtonKind::kQuiet, true, "staff-keep"))
                actions.Emit(Action::kAdminDiscard);
            LogBox("confirm-remove", ask);
        }
    }
    EndScreen();
}

}  // namespace anl::ui
