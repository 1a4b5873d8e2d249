// Administration, Languages: every language of the catalogue, in the kiosk's order (the
// enabled ones first, numbered as the kiosk's language buttons), offered or not, moved up and
// down, one default; and how far its translation is (reviewed, draft, outdated, missing) in a
// stacked bar with the numbers beside. Saved with the footer's button.
#include <algorithm>

#include "kiosk/ui/admin_parts.h"

namespace anl::ui {

namespace {

constexpr ImU32 kReviewedColor = IM_COL32(22, 110, 60, 255);
constexpr ImU32 kDraftColor = IM_COL32(214, 160, 20, 255);
constexpr ImU32 kOutdatedColor = IM_COL32(176, 60, 20, 255);
constexpr ImU32 kMissingColor = IM_COL32(208, 205, 196, 255);

// The bar: reviewed, draft, outdated, missing from the start side.
void StackedBar(const Frame& f, const Rect& box, const AdminLanguageRow& row) {
    const int total = std::max(1, row.reviewed + row.draft + row.outdated + row.missing);
    Draw()->AddRectFilled(box.min, box.max, kMissingColor, f.Px(4));
    float x = 0;
    const std::pair<int, ImU32> parts[] = {{row.reviewed, kReviewedColor}, {row.draft, kDraftColor},
                                           {row.outdated, kOutdatedColor}, {row.missing, kMissingColor}};
    for (const auto& [count, color] : parts) {
        const float w = box.Width() * float(count) / float(total);
        if (w > 0) {
            const Rect part = f.PlaceIn(Rect{{box.min.x + x, box.min.y}, {box.min.x + x + w, box.max.y}}, box);
            Draw()->AddRectFilled(part.min, part.max, color);
        }
        x += w;
    }
    LogBox("bar-" + row.code, box);
}

}  // namespace

void DrawAdminLanguagesScreen(const AdminLanguagesView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-languages", view.chrome.lang);
    Rect area = AdminFrame(f, view.chrome, actions);
    TextStyle title;
    title.size_px = f.Px(40);
    title.bold = true;
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(56)}}, title, VAlign::kTop);
    TextStyle intro;
    intro.size_px = f.Px(22);
    intro.color = theme::kTextMuted;
    FitText(f, view.intro, Rect{{area.min.x, area.min.y + f.Px(60)}, {area.max.x, area.min.y + f.Px(96)}}, intro);

    // Legend of the bar, at the end side of the heading.
    const Rect legend_row{{area.min.x, area.min.y + f.Px(104)}, {area.max.x, area.min.y + f.Px(134)}};
    {
        const std::pair<const std::string*, ImU32> legend[] = {{&view.legend_reviewed, kReviewedColor},
                                                               {&view.legend_draft, kDraftColor},
                                                               {&view.legend_outdated, kOutdatedColor},
                                                               {&view.legend_missing, kMissingColor}};
        float x = 0;
        for (const auto& [label, color] : legend) {
            const Rect swatch = f.PlaceIn(Rect{{legend_row.min.x + x, legend_row.min.y + f.Px(6)},
                                               {legend_row.min.x + x + f.Px(18), legend_row.min.y + f.Px(24)}},
                                          legend_row);
            Draw()->AddRectFilled(swatch.min, swatch.max, color, f.Px(3));
            TextStyle ls;
            ls.size_px = f.Px(20);
            const Rect text = f.PlaceIn(Rect{{legend_row.min.x + x + f.Px(26), legend_row.min.y},
                                             {legend_row.min.x + x + f.Px(220), legend_row.max.y}},
                                        legend_row);
            FitText(f, *label, text, ls, VAlign::kCenter);
            x += f.Px(230);
        }
    }

    const float footer_h = f.Px(64);
    const Rect list{{area.min.x, legend_row.max.y + f.Px(12)}, {area.max.x, area.max.y - footer_h - f.Px(16)}};
    const float row_h = std::min(f.Px(60), list.Height() / float(std::max<size_t>(1, view.rows.size())));
    // Columns from the start side: position, name, offered, up, down, default, bar and numbers.
    const float w_pos = f.Px(50), w_name = f.Px(300), w_on = f.Px(190), w_move = f.Px(120), w_def = f.Px(190);
    for (size_t i = 0; i < view.rows.size(); ++i) {
        const AdminLanguageRow& row = view.rows[i];
        ImGui::PushID(row.code.c_str());
        const Rect r{{list.min.x, list.min.y + float(i) * row_h}, {list.max.x, list.min.y + float(i + 1) * row_h}};
        if (i % 2 == 1) Draw()->AddRectFilled(r.min, r.max, IM_COL32(238, 236, 230, 255));
        LogBox("row-" + row.code, r);
        const Rect cell = Inset(r, 0, f.Px(4));
        float x = 0;
        auto next = [&](float w) {
            const Rect c = f.PlaceIn(Rect{{cell.min.x + x, cell.min.y}, {cell.min.x + x + w, cell.max.y}}, cell);
            x += w + f.Px(12);
            return c;
        };
        TextStyle ts;
        ts.size_px = std::min(f.Px(24), row_h * 0.45f);
        ts.bold = true;
        ts.color = row.enabled ? theme::kText : theme::kTextMuted;
        ts.align = TextAlign::kCenter;
        FitText(f, row.position, next(w_pos), ts, VAlign::kCenter);
        const Rect name = next(w_name);
        ts.align = AlignToFrameStart(f, row.code);
        // The language's own name in its own script, then the English name.
        const Rect own_box = f.PlaceIn(Rect{name.min, {name.min.x + name.Width() * 0.5f, name.max.y}}, name);
        FitText(f, row.own_name, own_box, ts, VAlign::kCenter, 0.6f, row.code);
        LogBox("name-" + row.code, own_box);
        TextStyle en = ts;
        en.bold = false;
        en.align = AlignToFrameStart(f, f.lang);
        const Rect en_box = f.PlaceIn(Rect{{name.min.x + name.Width() * 0.5f + f.Px(8), name.min.y}, name.max}, name);
        FitText(f, row.english_name, en_box, en, VAlign::kCenter);
        LogBox("english-" + row.code, en_box);
        if (AdminButton(f, "##on", next(w_on), row.enabled ? view.enabled_label : view.disabled_label,
                        row.enabled ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet, true, "toggle-" + row.code))
            actions.Emit(Action::kAdminToggleLanguage, row.code);
        const bool can_up = row.enabled && i > 0 && view.rows[i - 1].enabled;
        const bool can_down = row.enabled && i + 1 < view.rows.size() && view.rows[i + 1].enabled;
        if (AdminButton(f, "##up", next(w_move), view.up_label, AdminButtonKind::kQuiet, can_up, "up-" + row.code))
            actions.Emit(Action::kAdminMoveLanguage, row.code, -1);
        if (AdminButton(f, "##down", next(w_move), view.down_label, AdminButtonKind::kQuiet, can_down, "down-" + row.code))
            actions.Emit(Action::kAdminMoveLanguage, row.code, +1);
        const Rect def = next(w_def);
        if (row.is_default) {
            TextStyle ds;
            ds.size_px = ts.size_px;
            ds.bold = true;
            ds.color = theme::kPrimary;
            ds.align = TextAlign::kCenter;
            FitText(f, view.default_label, def, ds, VAlign::kCenter);
            LogBox("default-" + row.code, def);
        } else if (AdminButton(f, "##default", def, view.make_default_label, AdminButtonKind::kQuiet, row.enabled,
                               "make-default-" + row.code)) {
            actions.Emit(Action::kAdminDefaultLanguage, row.code);
        }
        // The rest: the bar above its numbers.
        const float rest_w = cell.Width() - x;
        const Rect rest = next(rest_w);
        StackedBar(f, Rect{{rest.min.x, rest.min.y + f.Px(2)}, {rest.max.x, rest.min.y + rest.Height() * 0.35f}}, row);
        TextStyle cs;
        cs.size_px = std::min(f.Px(18), row_h * 0.32f);
        cs.color = theme::kTextMuted;
        FitText(f, row.counts, Rect{{rest.min.x, rest.min.y + rest.Height() * 0.4f}, rest.max}, cs, VAlign::kCenter, 0.7f);
        ImGui::PopID();
    }

    const Rect footer{{area.min.x, area.max.y - footer_h}, area.max};
    const Rect save = f.End(footer, f.Px(280));
    if (AdminButton(f, "##save", save, view.save_label, AdminButtonKind::kPrimary, view.dirty, "save"))
        actions.Emit(Action::kAdminSaveLanguages);
    Rect rest = footer;
    if (f.rtl) rest.min.x = save.max.x + f.Px(16); else rest.max.x = save.min.x - f.Px(16);
    if (AdminButton(f, "##discard", f.End(rest, f.Px(240)), view.discard_label, AdminButtonKind::kQuiet, view.dirty, "discard"))
        actions.Emit(Action::kAdminDiscard);
    EndScreen();
}

}  // namespace anl::ui
