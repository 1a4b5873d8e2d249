// Administration, Catalogue: the site's services (prefix, pictogram, duration, appointment,
// documents to bring), offices with their appointment hours, the holidays and the partners,
// as the loader read them. One field at a time is edited on the end side: typed, checked by
// the catalogue's loader (its message beside the field), and listed with the other changes
// as a readable diff before it is saved. Tabs show the counters (the services each offers
// ticked in the panel), the kiosk's settings and the guided finder's questions and answers.
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

// The Counters, Kiosk and Finder tabs: a sentence, column heads and the rows (the rows get
// smaller when there are many, down to a readable minimum), and an "add" button below.
void DrawTabRows(const Frame& f, const AdminCatalogueView& view, const Rect& lists, UiActions& actions) {
    // Column widths from the start side (0: the rest), px at 1080 high.
    const std::vector<float> widths = view.tab == "counters"   ? std::vector<float>{80, 260, 300, 0}
                                      : view.tab == "partners" ? std::vector<float>{250, 0, 200}
                                      : view.tab == "kiosk" || view.tab == "hours" ? std::vector<float>{330, 0}
                                                             : std::vector<float>{290, 0, 300};
    auto cells = [&](const Rect& r) {
        std::vector<Rect> out;
        float x = f.Px(12);
        float fixed = 0;
        for (float w : widths) fixed += f.Px(w) + f.Px(10);
        const float rest = std::max(f.Px(80), r.Width() - fixed - f.Px(12));
        for (float w : widths) {
            const float cw = w == 0 ? rest : f.Px(w);
            out.push_back(f.PlaceIn(Rect{{r.min.x + x, r.min.y}, {r.min.x + x + cw, r.max.y}}, r));
            x += cw + f.Px(10);
        }
        return out;
    };
    float y = lists.min.y;
    FitText(f, view.tab_intro, Rect{{lists.min.x, y}, {lists.max.x, y + f.Px(54)}}, Style(f, 19, false, theme::kTextMuted),
            VAlign::kTop, 0.6f);
    y += f.Px(62);
    {
        const Rect head{{lists.min.x, y}, {lists.max.x, y + f.Px(30)}};
        const auto c = cells(head);
        for (size_t i = 0; i < view.columns.size() && i < c.size(); ++i)
            FitText(f, view.columns[i], c[i], Style(f, 18, true, theme::kTextMuted), VAlign::kCenter, 0.7f);
        y += f.Px(34);
    }
    const float add_h = view.add_label.empty() ? 0 : f.Px(70);
    const float room = lists.max.y - y - add_h;
    const float row_h = view.rows.empty() ? f.Px(44) : std::clamp(room / float(view.rows.size()), f.Px(30), f.Px(48));
    const Rect table{{lists.min.x, y}, {lists.max.x, y + std::min(room, row_h * float(view.rows.size()))}};
    LogBox("tab-rows", table);
    for (size_t i = 0; i < view.rows.size() && y + row_h <= table.max.y + 0.5f; ++i) {
        const AdminCatalogueRow& row = view.rows[i];
        ImGui::PushID(int(i));
        const Rect r{{lists.min.x, y}, {lists.max.x, y + row_h}};
        if (Row(f, "##row", r, !row.heading && i % 2 == 1, row.selected, row.changed, "row-" + row.select_id))
            actions.Emit(Action::kAdminCatalogueSelect, row.select_id);
        if (row.heading) Draw()->AddLine(r.min, ImVec2(r.max.x, r.min.y), theme::kBorder, f.Px(1.5f));  // a question opens a group
        const auto c = cells(Inset(r, 0, f.Px(3)));
        const float text_px = row_h < f.Px(38) ? 17 : 20;
        for (size_t k = 0; k < row.cells.size() && k < c.size(); ++k) {
            Rect cell = c[k];
            // The finder's keys and a counter's number are codes: written left to right.
            // A partner's id and languages are codes too, and so are the site's hours and days
            // ("mon-fri 08:00-12:00", "2026-12-24") when there are any (else a translated "none").
            const bool site_value = view.tab == "hours" && k == 1 && !row.cells[k].empty() &&
                                    static_cast<unsigned char>(row.cells[k][0]) < 0x80;
            const bool code = (view.tab == "finder" && k == 0) || (view.tab == "counters" && k == 0) ||
                              (view.tab == "partners" && (k == 0 || k == 2)) || site_value;
            if (k == 1 && !row.pictogram.empty()) {
                const Rect icon = f.Start(cell, std::min(cell.Height(), f.Px(30)));
                Pictogram(f, row.pictogram, icon, theme::kPrimary);
                if (f.rtl) cell.max.x = icon.min.x - f.Px(8); else cell.min.x = icon.max.x + f.Px(8);
            }
            if (view.tab == "finder" && k == 0 && !row.heading) cell = f.End(cell, cell.Width() - f.Px(24));  // answers indented
            TextStyle ts = Style(f, code ? text_px - 2 : text_px, row.heading || (view.tab == "kiosk" && k == 0),
                                 code ? theme::kTextMuted : theme::kText);
            if (code) ts.align = AlignToFrameStart(f, "en");
            // A partner's name is data as the partner writes it (German, Latin script): its own
            // direction, so "e. V." keeps its full stop at the end in a right-to-left page.
            const bool latin_data = view.tab == "partners" && k == 1;
            FitText(f, row.cells[k], cell, ts, VAlign::kCenter, 0.5f, code ? "en" : latin_data ? "de" : "");
        }
        ImGui::PopID();
        y += row_h;
    }
    if (!view.add_label.empty()) {
        const Rect b = f.Start(Rect{{lists.min.x, lists.max.y - f.Px(56)}, {lists.max.x, lists.max.y}}, f.Px(300));
        if (AdminButton(f, "##add", b, view.add_label, view.add_selected ? AdminButtonKind::kSelected
                                                                                                        : AdminButtonKind::kQuiet,
                        true, "add"))
            actions.Emit(Action::kAdminCatalogueSelect, view.add_id);
    }
}

}  // namespace

void DrawAdminCatalogueScreen(const AdminCatalogueView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-catalogue", view.chrome.lang);
    Rect area = AdminFrame(f, view.chrome, actions);
    // The title at the start side, the tabs at the end side of the same row.
    const Rect top{area.min, {area.max.x, area.min.y + f.Px(56)}};
    const Rect tabs_row = f.End(top, top.Width() * 0.58f);
    Rect title = top;
    if (f.rtl) title.min.x = tabs_row.max.x + f.Px(16); else title.max.x = tabs_row.min.x - f.Px(16);
    FitText(f, view.title, title, Style(f, 36, true), VAlign::kTop, 0.6f);
    {
        // Each tab as wide as its label asks (a long "Services and offices" beside "Kiosk"),
        // sharing the row's width.
        const float gap = f.Px(10);
        const TextStyle label_style = Style(f, 24, true);  // as AdminButton draws a selected label
        std::vector<float> wants;
        float total = 0;
        for (const AdminChip& tab : view.tabs) {
            wants.push_back(std::max(f.Px(90), MeasureText(f, tab.label, label_style, 1e5f).x + f.Px(28)));
            total += wants.back();
        }
        const float room = tabs_row.Width() - gap * float(std::max<size_t>(1, view.tabs.size()) - 1);
        float x = tabs_row.min.x;
        for (size_t i = 0; i < view.tabs.size(); ++i) {
            const AdminChip& tab = view.tabs[i];
            const float tw = total > 0 ? room * wants[i] / total : room;
            ImGui::PushID(tab.id.c_str());
            const Rect b = f.PlaceIn(Rect{{x, tabs_row.min.y}, {x + tw, tabs_row.min.y + f.Px(48)}}, tabs_row);
            x += tw + gap;
            if (AdminButton(f, "##tab", b, tab.label, tab.selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet, true,
                            "tab-" + tab.id))
                actions.Emit(Action::kAdminCatalogueTab, tab.id);
            ImGui::PopID();
        }
    }
    const Rect body{{area.min.x, area.min.y + f.Px(70)}, area.max};
    const float side_w = f.Px(560);
    const Rect side = f.End(body, side_w);
    Rect lists = body;
    if (f.rtl) lists.min.x = side.max.x + f.Px(28); else lists.max.x = side.min.x - f.Px(28);
    if (view.tab != "services") DrawTabRows(f, view, lists, actions);
    else {

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
        // The office's pictogram, then its name, as the services show theirs.
        const Rect icon = f.Start(c[1], f.Px(32));
        Pictogram(f, row.pictogram, icon, theme::kPrimary);
        Rect name = c[1];
        if (f.rtl) name.max.x = icon.min.x - f.Px(8); else name.min.x = icon.max.x + f.Px(8);
        FitText(f, row.name, name, Style(f, 20), VAlign::kCenter, 0.6f);
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
    }  // the Services tab

    // --- The field being edited, then the changes ---------------------------------------------
    Draw()->AddRectFilled(side.min, side.max, theme::kSurface, f.Px(12));
    Draw()->AddRect(side.min, side.max, theme::kBorder, f.Px(12));
    LogBox("edit-panel", side);
    const Rect in = Inset(side, f.Px(20));
    float sy = in.min.y;
    FitText(f, view.subject, Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(36)}}, Style(f, 24, true), VAlign::kCenter, 0.6f);
    LogBox("subject", Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(36)}});
    sy += f.Px(44);
    float extra_rows_h = 0;  // a second row of fields, taken from the ticks' or the problems' room
    {
        // Three fields a row; the kiosk's four two a row, a service's six three a row, a
        // partner's seven four a row.
        const size_t per_row = view.fields.size() <= 3 ? 3 : view.fields.size() == 4 ? 2 : view.fields.size() == 6 ? 3 : 4;
        const float chip_w = (in.Width() - f.Px(10) * float(per_row - 1)) / float(per_row);
        const float chip_h = view.fields.size() > per_row ? f.Px(44) : f.Px(48);
        for (size_t i = 0; i < view.fields.size(); ++i) {
            const AdminChip& chip = view.fields[i];
            ImGui::PushID(chip.id.c_str());
            const float x = in.min.x + float(i % per_row) * (chip_w + f.Px(10));
            const float y = sy + float(i / per_row) * (chip_h + f.Px(8));
            const Rect b = f.PlaceIn(Rect{{x, y}, {x + chip_w, y + chip_h}}, in);
            if (AdminButton(f, "##field", b, chip.label, chip.selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet,
                            true, "field-" + chip.id))
                actions.Emit(Action::kAdminCatalogueField, chip.id);
            ImGui::PopID();
        }
        const size_t rows = std::max<size_t>(1, (view.fields.size() + per_row - 1) / per_row);
        const float rows_h = float(rows) * (chip_h + f.Px(8)) + f.Px(2);
        extra_rows_h = std::max(0.0f, rows_h - f.Px(58));
        sy += rows_h;
    }
    FitText(f, view.field_hint, Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(48)}}, Style(f, 17, false, theme::kTextMuted),
            VAlign::kTop, 0.7f);
    sy += f.Px(52);
    // A list of choices (a counter's services, the kiosk's modes): ticked, in the place of the
    // typed field and most of the problems' room; the value stays typeable (the loader's words).
    const float ticks_h = view.ticks.empty() ? 0 : f.Px(176) - extra_rows_h;
    if (!view.ticks.empty()) {
        const Rect box{{in.min.x, sy}, {in.max.x, sy + ticks_h}};
        LogBox("ticks", box);
        const size_t per_column = (view.ticks.size() + 1) / 2;
        const float th = std::min(f.Px(40), ticks_h / float(per_column));
        const float cw = (in.Width() - f.Px(10)) / 2;
        for (size_t i = 0; i < view.ticks.size(); ++i) {
            const AdminChip& tick = view.ticks[i];
            ImGui::PushID(tick.id.c_str());
            const float x = in.min.x + float(i / per_column) * (cw + f.Px(10));
            const float ty = sy + float(i % per_column) * th;
            const Rect r = f.PlaceIn(Rect{{x, ty}, {x + cw, ty + th - f.Px(2)}}, in);
            ImGui::SetCursorScreenPos(r.min);
            if (ImGui::InvisibleButton("##tick", ImVec2(r.Width(), r.Height()))) actions.Emit(Action::kAdminCatalogueTick, tick.id);
            const bool hovered = ImGui::IsItemHovered();
            if (hovered) Draw()->AddRectFilled(r.min, r.max, IM_COL32(236, 241, 248, 255), f.Px(4));
            const float box_px = std::min(r.Height() - f.Px(8), f.Px(22));
            const Rect mark = f.Start(Rect{{r.min.x, r.min.y + (r.Height() - box_px) / 2}, {r.max.x, r.min.y + (r.Height() + box_px) / 2}}, box_px);
            Draw()->AddRectFilled(mark.min, mark.max, tick.selected ? theme::kPrimary : theme::kBackground, f.Px(4));
            Draw()->AddRect(mark.min, mark.max, tick.selected ? theme::kPrimary : theme::kBorder, f.Px(4), 0, f.Px(2));
            if (tick.selected) {  // a check mark
                const ImVec2 a{mark.min.x + box_px * 0.22f, mark.min.y + box_px * 0.52f}, b{mark.min.x + box_px * 0.42f, mark.min.y + box_px * 0.72f},
                    c{mark.min.x + box_px * 0.78f, mark.min.y + box_px * 0.28f};
                Draw()->AddLine(a, b, theme::kPrimaryText, f.Px(2.5f));
                Draw()->AddLine(b, c, theme::kPrimaryText, f.Px(2.5f));
            }
            Rect label = r;
            if (f.rtl) label.max.x = mark.min.x - f.Px(8); else label.min.x = mark.max.x + f.Px(8);
            FitText(f, tick.label, label, Style(f, 16), VAlign::kCenter, 0.5f);
            LogBox("tick-" + tick.id, r);
            ImGui::PopID();
        }
        sy += ticks_h + f.Px(6);
    }
    const Rect field{{in.min.x, sy}, {in.max.x, sy + (view.ticks.empty() ? f.Px(96) : f.Px(80))}};
    Draw()->AddRectFilled(field.min, field.max, theme::kBackground, f.Px(8));
    Draw()->AddRect(field.min, field.max, !view.problems.empty() ? theme::kWarning : view.editing ? theme::kPrimary : theme::kBorder,
                    f.Px(8), 0, f.Px(3));
    if (view.editing) {
        TextStyle es = Style(f, 22);
        es.align = AlignToFrameStart(f, "en");
        Rect typed_box = Inset(field, f.Px(12), f.Px(8));
        if (!view.field_pictogram.empty()) {
            // The glyph the typed name stands for, at the end side: the administrator sees the choice.
            const Rect glyph = f.End(typed_box, std::min(typed_box.Height(), f.Px(72)));
            Pictogram(f, view.field_pictogram, glyph, theme::kPrimary);
            LogBox("field-pictogram", glyph);
            if (f.rtl) typed_box.min.x = glyph.max.x + f.Px(12); else typed_box.max.x = glyph.min.x - f.Px(12);
        }
        // A ticked list may be long (ten service ids): it shrinks further than a typed value.
        FitText(f, view.typed + "\xE2\x80\x8B|", typed_box, es, VAlign::kTop, view.ticks.empty() ? 0.6f : 0.45f, "en");
        const std::string typed = TypedText();
        if (!typed.empty()) actions.Emit(Action::kAdminEditType, {}, 0, typed);
        const ImGuiIO& io = ImGui::GetIO();
        if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V), false))
            if (const char* clip = ImGui::GetClipboardText()) actions.Emit(Action::kAdminEditType, {}, 0, clip);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) actions.Emit(Action::kAdminEditErase);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false)) actions.Emit(Action::kAdminCatalogueApply);
    }
    LogBox("value", field);
    sy += field.Height() + f.Px(8);
    // The loader's message beside the field (English: the loader's own words, with file and line).
    {
        const float problems_h = view.ticks.empty() ? std::max(f.Px(30), f.Px(96) - extra_rows_h) : f.Px(30);
        const Rect problems{{in.min.x, sy}, {in.max.x, sy + problems_h}};
        std::string text;
        for (const auto& p : view.problems) text += (text.empty() ? "" : "\n") + p;
        TextStyle ps = Style(f, 17, true, theme::kWarning);
        ps.align = AlignToFrameStart(f, "en");
        if (!text.empty()) FitText(f, text, problems, ps, VAlign::kTop, 0.6f, "en");
        LogBox("problems", problems);
        sy += problems.Height() + f.Px(4);
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
    // With ticks the panel is fuller: three versions shown instead of five (the newest ones).
    const int version_rows = view.ticks.empty() ? 5 : 3;
    const float versions_h = f.Px(36) + f.Px(40) * float(version_rows);
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
    const Rect versions{{in.min.x, vy}, {in.max.x, vy + f.Px(40) * float(version_rows)}};
    LogBox("versions", versions);
    if (view.versions.empty()) {
        FitText(f, view.versions_note, versions, Style(f, 17, false, theme::kTextMuted), VAlign::kTop, 0.6f);
    }
    for (size_t i = 0; i < view.versions.size() && i < size_t(version_rows); ++i) {
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
