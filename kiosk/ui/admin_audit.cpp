// Administration, Audit log: who did what and when (sign-ins and failures, refusals, staff
// changes, configuration versions, calls, transfers, cancellations), newest first, filtered
// by kind, staff number and UTC days, in pages; exported as CSV to a path typed or beside the
// store. The lines hold numbers, ids and fixed words only, never a visitor's text.
#include <algorithm>

#include "kiosk/ui/admin_form.h"

namespace anl::ui {

void DrawAdminAuditScreen(const AdminAuditView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-audit", view.chrome.lang);
    const Rect area = AdminFrame(f, view.chrome, actions);
    float y = area.min.y + AdminTitle(f, area, view.title, view.intro);

    // Filters: the kind (previous / next), staff number, from, to, apply.
    const float filter_h = f.Px(80);
    const Rect filters{{area.min.x, y}, {area.max.x, y + filter_h}};
    {
        const float kind_w = f.Px(430);
        const Rect kind = f.Start(filters, kind_w);
        TextStyle ls;
        ls.size_px = f.Px(18);
        ls.color = theme::kTextMuted;
        FitText(f, view.kind_label, Rect{kind.min, {kind.max.x, kind.min.y + f.Px(24)}}, ls, VAlign::kCenter);
        const Rect row{{kind.min.x, kind.min.y + f.Px(28)}, kind.max};
        const Rect prev = f.Start(row, f.Px(52)), next = f.End(row, f.Px(52));
        if (AdminButton(f, "##kind-prev", prev, {}, AdminButtonKind::kQuiet, true, "kind-prev"))
            actions.Emit(Action::kAdminAuditKind, {}, -1);
        Pictogram(f, f.rtl ? "chevron_right" : "chevron_left", Inset(prev, f.Px(8)), theme::kText);
        if (AdminButton(f, "##kind-next", next, {}, AdminButtonKind::kQuiet, true, "kind-next"))
            actions.Emit(Action::kAdminAuditKind, {}, +1);
        Pictogram(f, f.rtl ? "chevron_left" : "chevron_right", Inset(next, f.Px(8)), theme::kText);
        TextStyle ks;
        ks.size_px = f.Px(22);
        ks.bold = true;
        ks.align = TextAlign::kCenter;
        FitText(f, view.kind, Inset(row, f.Px(60), 0), ks, VAlign::kCenter, 0.6f);
        LogBox("kind-filter", row);
        float x = kind_w + f.Px(24);
        const float field_w = f.Px(220);
        for (size_t i = 0; i < 3 && i < view.fields.size(); ++i) {
            AdminTextField(f, f.PlaceIn(Rect{{filters.min.x + x, filters.min.y}, {filters.min.x + x + field_w, filters.max.y}}, filters),
                           view.fields[i], actions);
            x += field_w + f.Px(16);
        }
        const Rect apply = f.PlaceIn(Rect{{filters.min.x + x, filters.min.y + f.Px(28)},
                                          {std::min(filters.max.x, filters.min.x + x + f.Px(200)), filters.max.y}},
                                     filters);
        if (AdminButton(f, "##apply", apply, view.apply_label, AdminButtonKind::kPrimary, true, "audit-apply"))
            actions.Emit(Action::kAdminAuditApply);
    }
    AdminFieldKeys(view.fields, actions);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) actions.Emit(Action::kAdminAuditApply);
    y += filter_h + f.Px(20);

    // The log: when, device, kind, staff, subject, detail.
    const float bottom_h = f.Px(92);
    const Rect table{{area.min.x, y}, {area.max.x, area.max.y - bottom_h}};
    Card(table, theme::kSurface, theme::kBorder, f.Px(10));
    LogBox("audit-list", table);
    const Rect inner = Inset(table, f.Px(12), f.Px(8));
    const float widths[] = {0.20f, 0.11f, 0.20f, 0.10f, 0.17f, 0.22f};
    auto cells = [&](const Rect& row, auto&& each) {
        float x = 0;
        for (int c = 0; c < 6; ++c) {
            const float w = row.Width() * widths[c];
            each(c, f.PlaceIn(Rect{{row.min.x + x, row.min.y}, {row.min.x + x + w, row.max.y}}, row));
            x += w;
        }
    };
    const float header_h = f.Px(36);
    {
        const Rect header{inner.min, {inner.max.x, inner.min.y + header_h}};
        const std::string* names[] = {&view.when_header,  &view.device_header,  &view.kind_header,
                                      &view.staff_header, &view.subject_header, &view.detail_header};
        TextStyle hs;
        hs.size_px = f.Px(18);
        hs.bold = true;
        hs.color = theme::kTextMuted;
        cells(header, [&](int c, const Rect& cell) { FitText(f, *names[c], Inset(cell, f.Px(6), 0), hs, VAlign::kCenter, 0.7f); });
        Draw()->AddLine({inner.min.x, header.max.y}, {inner.max.x, header.max.y}, theme::kBorder, 1.5f);
    }
    const float row_h = (inner.Height() - header_h - f.Px(4)) / float(kAdminAuditRows);
    if (ImGui::IsMouseHoveringRect(table.min, table.max) && ImGui::GetIO().MouseWheel != 0)
        actions.Emit(Action::kAdminAuditPage, {}, ImGui::GetIO().MouseWheel > 0 ? -1 : 1);
    for (size_t i = 0; i < view.rows.size(); ++i) {
        const AdminAuditRow& row = view.rows[i];
        const float ry = inner.min.y + header_h + f.Px(4) + float(i) * row_h;
        const Rect r{{inner.min.x, ry}, {inner.max.x, ry + row_h}};
        if (i % 2 == 1) Draw()->AddRectFilled(r.min, r.max, IM_COL32(246, 245, 241, 255), f.Px(4));
        cells(r, [&](int c, const Rect& cell) {
            TextStyle ts;
            ts.size_px = f.Px(18);
            ts.bold = c == 2;
            const std::string& text = c == 0   ? row.when
                                      : c == 1 ? row.device
                                      : c == 2 ? row.kind
                                      : c == 3 ? row.staff
                                      : c == 4 ? row.subject
                                               : row.detail;
            // Ids and fixed words as stored: left to right in any chrome.
            FitText(f, text, Inset(cell, f.Px(6), 0), ts, VAlign::kCenter, 0.6f,
                    c == 0 || c == 2 ? std::string_view() : std::string_view("en"));
        });
        LogBox("audit-row-" + std::to_string(i), r);
    }
    if (view.rows.empty()) {
        TextStyle ns;
        ns.size_px = f.Px(20);
        ns.color = theme::kTextMuted;
        ns.align = TextAlign::kCenter;
        FitText(f, view.empty_note, Rect{{inner.min.x, inner.min.y + header_h + f.Px(20)}, {inner.max.x, inner.min.y + header_h + f.Px(80)}},
                ns, VAlign::kCenter);
    }

    // Pages and the export.
    const Rect bottom{{area.min.x, area.max.y - bottom_h + f.Px(12)}, area.max};
    {
        const Rect pages = f.Start(bottom, f.Px(560));
        const Rect row{{pages.min.x, pages.min.y + f.Px(28)}, pages.max};
        const float bw = f.Px(150);
        if (AdminButton(f, "##newer", f.Start(row, bw), view.newer_label, AdminButtonKind::kQuiet, view.can_newer, "audit-newer"))
            actions.Emit(Action::kAdminAuditPage, {}, -1);
        if (AdminButton(f, "##older", f.End(row, bw), view.older_label, AdminButtonKind::kQuiet, view.can_older, "audit-older"))
            actions.Emit(Action::kAdminAuditPage, {}, +1);
        TextStyle ns;
        ns.size_px = f.Px(18);
        ns.color = theme::kTextMuted;
        ns.align = TextAlign::kCenter;
        FitText(f, view.rows.empty() ? std::string() : view.rows_note, Inset(row, bw + f.Px(8), 0), ns, VAlign::kCenter);
        const Rect exp = f.End(bottom, bottom.Width() - f.Px(600));
        const Rect button = f.End(exp, f.Px(220));
        Rect field = exp;
        if (f.rtl) field.min.x = button.max.x + f.Px(16); else field.max.x = button.min.x - f.Px(16);
        if (view.fields.size() > 3) AdminTextField(f, field, view.fields[3], actions);
        const Rect b{{button.min.x, button.min.y + f.Px(28)}, button.max};
        if (AdminButton(f, "##export", b, view.export_label, AdminButtonKind::kPrimary, true, "audit-export"))
            actions.Emit(Action::kAdminAuditExport);
    }
    EndScreen();
}

}  // namespace anl::ui
