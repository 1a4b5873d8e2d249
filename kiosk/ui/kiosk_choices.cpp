// Kiosk: a question with big answers. Used for an office's services and for the guided
// finder ("I am not sure"), whose answers lead to another question or to a service.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

void DrawChoiceListScreen(const ChoiceListView& view, UiActions& actions) {
    const Frame f = BeginScreen("choices", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    const ImU32 accent = AccentOr(view.accent, theme::kPrimary);

    // Heading: pictogram at the start side, title and one line below (large text: the title's
    // box as tall as its 84 px need).
    const bool large = f.modes.large_text;
    const float title_h = f.Px(large ? 120 : 90);
    const float head_h = view.subtitle.empty() ? title_h + f.Px(10) : title_h + f.Px(large ? 100 : 70);
    Rect head{area.min, {area.max.x, area.min.y + head_h}};
    if (!view.pictogram.empty()) {
        const float icon = f.Px(96);
        const Rect icon_box = f.Start(head, icon);
        Pictogram(f, view.pictogram, Rect{icon_box.min, {icon_box.max.x, icon_box.min.y + icon}}, accent);
        if (f.rtl) head.max.x -= icon + f.Px(28); else head.min.x += icon + f.Px(28);
    }
    KioskTitle(f, view.title, Rect{head.min, {head.max.x, head.min.y + title_h}});
    if (!view.subtitle.empty()) {
        TextStyle sub;
        sub.size_px = f.Px(34);
        sub.color = theme::kTextMuted;
        FitText(f, view.subtitle, Rect{{head.min.x, head.min.y + title_h + f.Px(6)}, head.max}, sub);
    }
    area.min.y += head_h + f.Px(large ? 20 : 28);

    const float gap = f.Px(22);
    // A long list in large text comes in pages: "previous page" and "next page" at the foot.
    PageButtons(f, area, gap, view.page, view.pages, view.previous_page_label, view.next_page_label, actions);
    const int count = int(view.items.size());
    // One column in portrait (two for a long list), two in landscape; a third when the rows
    // would otherwise fall below a touch target's height (the 14 partner topics).
    const auto rows_for = [&](int c) { return std::max(1, (count + c - 1) / c); };
    const auto fits = [&](int c) { return float(rows_for(c)) * (f.Px(88) + gap) - gap <= area.Height(); };
    int columns = (f.portrait || count <= 3) ? 1 : 2;
    // Large text keeps two columns at most (its pages hold few enough answers for that).
    while (columns < (f.modes.large_text ? 2 : 3) && !fits(columns)) ++columns;
    const int rows = rows_for(columns);
    const float cell_w = (area.Width() - gap * float(columns - 1)) / float(columns);
    const float cell_h = std::clamp((area.Height() - gap * float(rows - 1)) / float(rows), f.Px(88),
                                    f.Px(f.modes.large_text ? 230 : 170));
    for (int i = 0; i < count; ++i) {
        const ChoiceItem& item = view.items[size_t(i)];
        // Fill down the first column, then the second: reading order stays natural.
        const int column = i / rows, row = i % rows;
        Rect cell{{area.min.x + float(column) * (cell_w + gap), area.min.y + float(row) * (cell_h + gap)},
                  {area.min.x + float(column) * (cell_w + gap) + cell_w, area.min.y + float(row) * (cell_h + gap) + cell_h}};
        cell = f.PlaceIn(cell, area);
        ImGui::PushID(i);
        if (KioskChoiceButton(f, "##item", cell, item, accent)) actions.Emit(view.item_action, item.id, view.first_index + i);
        LogBox("item-" + std::to_string(i), cell);
        ImGui::PopID();
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
