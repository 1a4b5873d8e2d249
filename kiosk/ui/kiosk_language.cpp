// Kiosk, step 0: the language picker. Every enabled language as a big button, its name in its
// own script and shaped in its own language (no flags: a flag is not a language).
#include <algorithm>
#include <cmath>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

void DrawLanguagePickerScreen(const LanguagePickerView& view, UiActions& actions) {
    const Frame f = BeginScreen("language-picker", view.chrome.lang);
    NoteInput(actions);
    const bool large = f.modes.large_text;
    const float margin = f.Px(large ? 32 : 48);
    Rect area{{f.screen.min.x + margin, f.screen.min.y + margin}, {f.screen.max.x - margin, f.screen.max.y - margin}};

    TextStyle title;
    title.size_px = f.Px(56);
    title.bold = true;
    title.align = TextAlign::kCenter;
    if (large) {
        // Large text: one language a line at the full size, the pictogram at the start of the
        // first (above them the languages would lose the room their names need).
        const float icon = f.Px(64), line_h = f.Px(114);
        float y = area.min.y;
        for (size_t i = 0; i < view.title_lines.size(); ++i) {
            const Rect line{{area.min.x + icon + f.Px(16), y}, {area.max.x - icon - f.Px(16), y + line_h}};
            FitText(f, view.title_lines[i], line, title, VAlign::kCenter);
            if (i == 0) {
                const float w = std::min(line.Width(), MeasureText(f, view.title_lines[i], title, line.Width()).x);
                const float x = (line.min.x + line.max.x - w) * 0.5f - icon - f.Px(16);
                const Rect icon_box = f.PlaceIn(Rect{{x, y + (line_h - icon) * 0.5f}, {x + icon, y + (line_h + icon) * 0.5f}}, area);
                Pictogram(f, "translate", icon_box, theme::kPictogram);
            }
            y += line_h;
        }
        area.min.y = y + f.Px(24);
    } else {
        const float title_h = f.Px(150);
        Pictogram(f, "translate", Rect{{area.min.x, area.min.y}, {area.max.x, area.min.y + f.Px(64)}}, theme::kPictogram);
        FitText(f, view.title, Rect{{area.min.x, area.min.y + f.Px(72)}, {area.max.x, area.min.y + title_h}}, title,
                VAlign::kTop);
        area.min.y += title_h + f.Px(32);
    }

    // The accessible modes at the foot, as pictograms a visitor who cannot read finds: high
    // contrast, large text, low reach (wheelchair), explore by touch; each lit while on (the frame's modes: the
    // visitor's, or a kiosk started with --mode).
    const float toggle_h = f.Px(110);
    {
        const Rect row{{area.min.x, area.max.y - toggle_h}, area.max};
        struct Toggle { const char* id; const char* icon; bool on; Action action; const char* log; bool offered; };
        const AccessModes& offered = view.offered_modes;
        const Toggle toggles[] = {
            {"##high-contrast", "contrast", f.modes.high_contrast, Action::kToggleHighContrast, "mode-high-contrast", offered.high_contrast},
            {"##large-text", "format_size", f.modes.large_text, Action::kToggleLargeText, "mode-large-text", offered.large_text},
            {"##low-reach", "accessible", f.modes.low_reach, Action::kToggleLowReach, "mode-low-reach", offered.low_reach},
            {"##explore", "touch_app", f.modes.explore_by_touch, Action::kToggleExploreByTouch, "mode-explore-by-touch", offered.explore_by_touch},
        };
        // The site's [kiosk] accessible_modes: only the modes it offers, centred.
        const float w = f.Px(150), gap = f.Px(32);
        const int shown = int(std::count_if(std::begin(toggles), std::end(toggles), [](const Toggle& t) { return t.offered; }));
        const float total = w * float(shown) + gap * float(std::max(0, shown - 1));
        float x = row.min.x + (row.Width() - total) * 0.5f;
        for (const Toggle& t : toggles) {
            if (!t.offered) continue;
            const Rect box = f.PlaceIn(Rect{{x, row.min.y}, {x + w, row.max.y}}, row);
            if (TouchButton(f, t.id, box, "", t.icon, QuietButton(34), {}, t.on)) actions.Emit(t.action);
            LogBox(t.log, box);
            x += w + gap;
        }
        if (shown > 0) area.max.y = row.min.y - f.Px(large ? 24 : 32);  // a site offering none: the languages take the room
    }
    // Low reach: the languages below the reach line too (the title may stay above it).
    area.min.y = std::max(area.min.y, f.ReachTop());

    const int count = int(view.languages.size());
    if (count == 0) {
        EndScreen();
        return;
    }
    const int columns = f.portrait ? 2 : 4;
    const int rows = (count + columns - 1) / columns;
    const float gap = f.Px(large ? 20 : 24);
    const float cell_w = (area.Width() - gap * float(columns - 1)) / float(columns);
    const float cell_h = std::min(f.Px(170), (area.Height() - gap * float(rows - 1)) / float(rows));
    const float used_h = cell_h * float(rows) + gap * float(rows - 1);
    const float top = area.min.y + std::max(0.0f, (area.Height() - used_h) * 0.5f);
    for (int i = 0; i < count; ++i) {
        const auto& language = view.languages[size_t(i)];
        const int row = i / columns, column = i % columns;
        Rect cell{{area.min.x + float(column) * (cell_w + gap), top + float(row) * (cell_h + gap)},
                  {area.min.x + float(column) * (cell_w + gap) + cell_w, top + float(row) * (cell_h + gap) + cell_h}};
        cell = f.PlaceIn(cell, area);
        ImGui::PushID(i);
        ImGui::SetCursorScreenPos(cell.min);
        // Explore by touch reads the language's name in that language (where it has a voice).
        const bool tapped = ExploreGate(Context(), ImGui::GetID("##lang"),
                                        ImGui::InvisibleButton("##lang", ImVec2(cell.Width(), cell.Height())),
                                        language.own_name, language.code);
        LogTouchTarget(cell);
        const bool held = ImGui::IsItemActive();
        Draw()->AddRectFilled(cell.min, cell.max, held ? theme::kSelected : theme::kSurface, f.Px(20));
        Draw()->AddRect(cell.min, cell.max, theme::kBorder, f.Px(20), 0, 2.0f);
        TextStyle name;
        name.size_px = f.Px(48);
        name.bold = true;
        name.align = TextAlign::kCenter;
        const Rect inner = Inset(cell, f.Px(16));
        if (language.hint.empty()) {
            FitText(f, language.own_name, inner, name, VAlign::kCenter, 0.6f, language.code);
        } else {
            const float split = inner.min.y + inner.Height() * 0.62f;
            FitText(f, language.own_name, Rect{inner.min, {inner.max.x, split}}, name, VAlign::kBottom, 0.6f,
                    language.code);
            TextStyle hint = name;
            hint.bold = false;
            hint.size_px = f.Px(28);
            hint.color = theme::kTextMuted;
            FitText(f, language.hint, Rect{{inner.min.x, split + f.Px(6)}, inner.max}, hint, VAlign::kTop);
        }
        LogBox("language-" + language.code, cell);
        if (tapped) actions.Emit(Action::kChooseLanguage, language.code);
        ImGui::PopID();
    }
    EndScreen();
}

}  // namespace anl::ui
