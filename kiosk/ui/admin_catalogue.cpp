// Administration, Catalogue: the site's services (prefix, pictogram, duration, appointment,
// documents to bring), offices with their appointment hours, the holidays and the partners,
// as the loader read them. One field at a time is edited on the end side: typed, checked by
// the catalogue's loader (its message beside the field), and listed with the other changes
// as a readable diff before it is saved.
#include <algorithm>

#include "kiosk/ui/admin_parts.h"

namespace anl::ui {

namespace {

constexpr ImU32 kStripe = IM_COL32(238, 236, 230, 255);
constexpr ImU32 kChanged = IM_COL32(214, 160, 20, 255);

TextStyle Style(const Frame& f, float px, bool bold = false, ImU32 color = theme::kText) {
    TextStyle ts;
    ts.size_px = f.Px(px);
    ts.bold = bold;
    ts.color = color;
    ts.align = AlignToFrameStart(f, f.lang);
    return ts;
}

// A clickable row: stripe, selection frame, a mark at the start side when it has a change.
bool Row(const Frame& f, const char* id, const Rect& r, bool stripe, bool selected, bool changed, const std::string& log) {
    ImGui::SetCursorScreenPos(r.min);
    const bool clicked = ImGui::InvisibleButton(id, ImVec2(r.Width(), r.Height()));
    if (selected) Draw()->AddRectFilled(r.min, r.max, theme::kSelected, f.Px(6));
    else if (ImGui::IsItemHovered()) Draw()->AddRectFilled(r.min, r.max, IM_COL32(236, 241, 248, 255), f.Px(6));
    else if (stripe) Draw()->AddRectFilled(r.min, r.max, kStripe);
    if (selected) Draw()->AddRect(r.min, r.max, theme::kPrimary, f.Px(6), 0, f.Px(2));
    if (changed) {
        const Rect mark = f.Start(r, f.Px(6));
        Draw()->AddRectFilled(mark.min, mark.max, kChanged);
    }
    LogBox(log, r);
    return clicked;
}

}  // namespace

void DrawAdminCatalogueScreen(const AdminCatalogueView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-catalogue", view.chrome.lang);
    Rect area = AdminFrame(f, view.chrome, actions);
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(56)}}, Style(f, 40, true), VAlign::kTop);
    const Rect body{{area.min.x, area.min.y + f.Px(70)}, area.max};
    const float side_w = f.Px(560);
    const Rect side = f.End(body, side_w);
    Rect lists = body;
    if (f.rtl) lists.min.x = side.max.x + f.Px(28); else lists.max.x = side.min.x - f.Px(28);

    // --- Services --------------------------------------------------------------------------
    float y = lists.min.y;
    FitText(f, view.services_label, Rect{{lists.min.x, y}, {lists.max.x, y + f.Px(34)}}, Style(f, 26, true), VAlign::kCenter);
    y += f.Px(38);
    // Columns from the start side: prefix, pictogram + name, duration, appointment, documents.
    const float w[] = {f.Px(70), f.Px(330), f.Px(110), f.Px(110), 0};
    auto cells = [&](const Rect& r) {
        std::vector<Rect> out;
        float x = f.Px(12);
        for (size_t i = 0; i < 5; ++i) {
            const float cw = i == 4 ? r.Width() - x : w[i];
            out.push_back(f.PlaceIn(Rect{{r.min.x + x, r.min.y}, {r.min.x + x + cw, r.max.y}}, r));
            x += cw + f.Px(10);
        }
        return out;
    };
    {
        const Rect head{{lists.min.x, y}, {lists.max.x, y + f.Px(30)}};
        const auto c = cells(head);
        for (size_t i = 0; i < view.service_columns.size() && i < c.size(); ++i)
            FitText(f, view.service_columns[i], c[i], Style(f, 18, true, theme::kTextMuted), VAlign::kCenter, 0.7f);
        y += f.Px(32);
    }
    const float row_h = f.Px(40);
    const Rect table{{lists.min.x, y}, {lists.max.x, y + row_h * float(kAdminCatalogueRows)}};
    LogBox("service-list", table);
    if (ImGui::IsMouseHoveringRect(table.min, table.max) && ImGui::GetIO().MouseWheel != 0)
        actions.Emit(Action::kAdminScroll, {}, ImGui::GetIO().MouseWheel > 0 ? -3 : 3);
    for (size_t i = 0; i < view.services.size(); ++i) {
        const AdminCatalogueServiceRow& row = view.services[i];
        ImGui::PushID(row.select_id.c_str());
        const Rect r{{lists.min.x, y}, {lists.max.x, y + row_h}};
        if (Row(f, "##service", r, i % 2 == 1, row.selected, row.changed, "row-" + row.id))
            actions.Emit(Action::kAdminCatalogueSelect, row.select_id);
        const auto c = cells(Inset(r, 0, f.Px(4)));
        TextStyle prefix = Style(f, 22, true);
        prefix.align = TextAlign::kCenter;
        FitText(f, row.prefix, c[0], prefix, VAlign::kCenter);
        // The pictogram, then the service's name in the administrator's language.
        const Rect icon = f.Start(c[1], f.Px(32));
        Pictogram(f, row.pictogram, icon, theme::kPrimary);
        Rect name = c[1];
        if (f.rtl) name.max.x = icon.min.x - f.Px(8); else name.min.x = icon.max.x + f.Px(8);
        FitText(f, row.name, name, Style(f, 20), VAlign::kCenter, 0.6f);
        FitText(f, row.minutes, c[2], Style(f, 20), VAlign::kCenter, 0.7f);
        FitText(f, row.appointment, c[3], Style(f, 20), VAlign::kCenter, 0.7f);
        TextStyle docs = Style(f, 17, false, theme::kTextMuted);
        docs.align = AlignToFrameStart(f, "en");
        FitText(f, row.documents, c[4], docs, VAlign::kCenter, 0.4f, "en");
        ImGui::PopID();
        y += row_h;
    }
    y = table.max.y;
    FitText(f, view.rows_note, Rect{{lists.min.x, y}, {lists.max.x, y + f.Px(28)}}, Style(f, 16, false, theme::kTextMuted),
            VAlign::kCenter);
    y += f.Px(36);

    // --- Offices and their appointment hours ---------------------------------------------------
    FitText(f, view.offices_label, Rect{{lists.min.x, y}, {lists.max.x, y + f.Px(34)}}, Style(f, 26, true), VAlign::kCenter);
    y += f.Px(38);
    const float office_h = f.Px(48);  // the hours may take two lines
    for (size_t i = 0; i < view.offices.size(); ++i) {
        const AdminCatalogueOfficeRow& row = view.offices[i];
        ImGui::PushID(row.select_id.c_str());
        const Rect r{{lists.min.x, y}, {lists.max.x, y + office_h}};
        if (Row(f, "##office", r, i % 2 == 1, row.selected, row.changed, "row-" + row.id))
            actions.Emit(Action::kAdminCatalogueSelect, row.select_id);
        const auto c = cells(Inset(r, 0, f.Px(4)));
        TextStyle prefix = Style(f, 22, true);
        prefix.align = TextAlign::kCenter;
        FitText(f, row.prefix, c[0], prefix, VAlign::kCenter);
        FitText(f, row.name, c[1], Style(f, 20), VAlign::kCenter, 0.6f);
        Rect hours = c[2];
        if (f.rtl) hours.min.x = c[4].min.x; else hours.max.x = c[4].max.x;
        TextStyle hs = Style(f, 18);
        hs.align = AlignToFrameStart(f, "en");
        FitText(f, row.hours, hours, hs, VAlign::kCenter, 0.4f, "en");
        ImGui::PopID();
        y += office_h;
    }
    y += f.Px(8);

    // --- Holidays (one row, selectable) and partners -----------------------------------------
    FitText(f, view.holidays_label, Rect{{lists.min.x, y}, {lists.max.x, y + f.Px(34)}}, Style(f, 26, true), VAlign::kCenter);
    y += f.Px(38);
    {
        const Rect r{{lists.min.x, y}, {lists.max.x, y + f.Px(64)}};
        if (Row(f, "##holidays", r, false, view.holidays_selected, false, "row-holidays"))
            actions.Emit(Action::kAdminCatalogueSelect, "holidays");
        TextStyle hs = Style(f, 18);
        hs.align = AlignToFrameStart(f, "en");
        FitText(f, view.holidays, Inset(r, f.Px(12), f.Px(4)), hs, VAlign::kCenter, 0.6f, "en");
        y += f.Px(76);
    }
    // The partners, as far as the page has room (the status line may take the last rows).
    if (area.max.y - y >= f.Px(34 + 28)) {
        FitText(f, view.partners_label, Rect{{lists.min.x, y}, {lists.max.x, y + f.Px(34)}}, Style(f, 26, true), VAlign::kCenter);
        y += f.Px(36);
        const Rect r{{lists.min.x, y}, {lists.max.x, std::min(area.max.y, y + f.Px(64))}};
        TextStyle ps = Style(f, 18, false, theme::kTextMuted);
        ps.align = AlignToFrameStart(f, "de");
        FitText(f, view.partners, r, ps, VAlign::kTop, 0.5f, "de");
        LogBox("partners", r);
    }

    // --- The field being edited, then the changes ---------------------------------------------
    Draw()->AddRectFilled(side.min, side.max, theme::kSurface, f.Px(12));
    Draw()->AddRect(side.min, side.max, theme::kBorder, f.Px(12));
    LogBox("edit-panel", side);
    const Rect in = Inset(side, f.Px(20));
    float sy = in.min.y;
    FitText(f, view.subject, Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(36)}}, Style(f, 24, true), VAlign::kCenter, 0.6f);
    LogBox("subject", Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(36)}});
    sy += f.Px(44);
    {
        const float chip_w = (in.Width() - f.Px(10) * 2) / 3;
        for (size_t i = 0; i < view.fields.size(); ++i) {
            const AdminChip& chip = view.fields[i];
            ImGui::PushID(chip.id.c_str());
            const Rect b = f.PlaceIn(Rect{{in.min.x + float(i) * (chip_w + f.Px(10)), sy},
                                          {in.min.x + float(i) * (chip_w + f.Px(10)) + chip_w, sy + f.Px(48)}},
                                     in);
            if (AdminButton(f, "##field", b, chip.label, chip.selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet,
                            true, "field-" + chip.id))
                actions.Emit(Action::kAdminCatalogueField, chip.id);
            ImGui::PopID();
        }
        sy += f.Px(58);
    }
    FitText(f, view.field_hint, Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(48)}}, Style(f, 17, false, theme::kTextMuted),
            VAlign::kTop, 0.7f);
    sy += f.Px(52);
    const Rect field{{in.min.x, sy}, {in.max.x, sy + f.Px(96)}};
    Draw()->AddRectFilled(field.min, field.max, theme::kBackground, f.Px(8));
    Draw()->AddRect(field.min, field.max, !view.problems.empty() ? theme::kWarning : view.editing ? theme::kPrimary : theme::kBorder,
                    f.Px(8), 0, f.Px(3));
    if (view.editing) {
        TextStyle es = Style(f, 22);
        es.align = AlignToFrameStart(f, "en");
        FitText(f, view.typed + "\xE2\x80\x8B|", Inset(field, f.Px(12), f.Px(8)), es, VAlign::kTop, 0.6f, "en");
        const std::string typed = TypedText();
        if (!typed.empty()) actions.Emit(Action::kAdminEditType, {}, 0, typed);
        const ImGuiIO& io = ImGui::GetIO();
        if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V), false))
            if (const char* clip = ImGui::GetClipboardText()) actions.Emit(Action::kAdminEditType, {}, 0, clip);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) actions.Emit(Action::kAdminEditErase);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) actions.Emit(Action::kAdminCatalogueApply);
    }
    LogBox("value", field);
    sy += f.Px(104);
    // The loader's message beside the field (English: the loader's own words, with file and line).
    {
        const Rect problems{{in.min.x, sy}, {in.max.x, sy + f.Px(96)}};
        std::string text;
        for (const auto& p : view.problems) text += (text.empty() ? "" : "\n") + p;
        TextStyle ps = Style(f, 17, true, theme::kWarning);
        ps.align = AlignToFrameStart(f, "en");
        if (!text.empty()) FitText(f, text, problems, ps, VAlign::kTop, 0.6f, "en");
        LogBox("problems", problems);
        sy += f.Px(100);
    }
    if (AdminButton(f, "##apply", f.End(Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(52)}}, f.Px(300)), view.apply_label,
                    AdminButtonKind::kQuiet, view.editing, "apply"))
        actions.Emit(Action::kAdminCatalogueApply);
    sy += f.Px(70);
    Draw()->AddLine(ImVec2(in.min.x, sy), ImVec2(in.max.x, sy), theme::kBorder, 1.5f);
    sy += f.Px(12);
    FitText(f, view.changes_label, Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(32)}}, Style(f, 22, true), VAlign::kCenter, 0.7f);
    sy += f.Px(38);
    const float footer_h = f.Px(56);
    const float versions_h = f.Px(36) + f.Px(40) * 5;
    const Rect changes{{in.min.x, sy}, {in.max.x, in.max.y - footer_h - versions_h - f.Px(24)}};
    {
        std::string text;
        for (const auto& c : view.changes) text += (text.empty() ? "" : "\n") + c;
        FitText(f, text.empty() ? view.no_changes : text, changes,
                Style(f, 19, false, text.empty() ? theme::kTextMuted : theme::kText), VAlign::kTop, 0.35f);
        LogBox("changes", changes);
    }
    // The versions the central keeps, newest first; each earlier one can be published again.
    float vy = changes.max.y + f.Px(12);
    FitText(f, view.versions_label, Rect{{in.min.x, vy}, {in.max.x, vy + f.Px(32)}}, Style(f, 22, true), VAlign::kCenter, 0.7f);
    vy += f.Px(36);
    const Rect versions{{in.min.x, vy}, {in.max.x, vy + f.Px(40) * 5}};
    LogBox("versions", versions);
    if (view.versions.empty()) {
        FitText(f, view.versions_note, versions, Style(f, 17, false, theme::kTextMuted), VAlign::kTop, 0.6f);
    }
    for (size_t i = 0; i < view.versions.size() && i < 5; ++i) {
        const AdminVersionRow& row = view.versions[i];
        ImGui::PushID(int(row.version));
        const Rect r{{in.min.x, vy}, {in.max.x, vy + f.Px(40)}};
        if (i % 2 == 1) Draw()->AddRectFilled(r.min, r.max, kStripe);
        LogBox("version-" + std::to_string(row.version), r);
        const Rect button = f.End(Inset(r, 0, f.Px(3)), f.Px(170));
        Rect text = r;
        if (f.rtl) text.min.x = button.max.x + f.Px(8); else text.max.x = button.min.x - f.Px(8);
        FitText(f, row.text, Inset(text, f.Px(6), 0), Style(f, 17, row.current), VAlign::kCenter, 0.55f);
        if (!row.current && AdminButton(f, "##rollback", button, row.rollback_label, AdminButtonKind::kQuiet, true,
                                        "rollback-" + std::to_string(row.version)))
            actions.Emit(Action::kAdminRollback, {}, int(row.version));
        ImGui::PopID();
        vy += f.Px(40);
    }
    const Rect footer{{in.min.x, in.max.y - footer_h}, in.max};
    const float bw = (footer.Width() - f.Px(24)) / 3;
    if (AdminButton(f, "##publish", f.End(footer, bw), view.publish_label, AdminButtonKind::kPrimary, !view.can_save, "publish"))
        actions.Emit(Action::kAdminPublish);
    const Rect middle = f.PlaceIn(Rect{{footer.min.x + bw + f.Px(12), footer.min.y}, {footer.min.x + 2 * bw + f.Px(12), footer.max.y}}, footer);
    if (AdminButton(f, "##save", middle, view.save_label, AdminButtonKind::kPrimary, view.can_save, "save"))
        actions.Emit(Action::kAdminSaveCatalogue);
    if (AdminButton(f, "##discard", f.Start(footer, bw), view.discard_label, AdminButtonKind::kQuiet, view.can_save, "discard"))
        actions.Emit(Action::kAdminDiscard);
    EndScreen();
}

}  // namespace anl::ui
