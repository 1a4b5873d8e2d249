// Out of service: drawn instead of the role's screen when the terminal cannot work. A kiosk
// or call display speaks to visitors: a large calm pictogram, one short sentence in one
// language at a time, and where to go instead, with a row of dots showing that the words
// change. A desk says in the staff's language what is wrong; the detail is for the
// administrator.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

void DrawForVisitors(const Frame& f, const OutOfServiceView& view) {
    const Rect area = Inset(f.screen, f.Px(80), f.Px(64));
    const float gap = f.Px(40);
    // Pictogram, sentence, where-to-go card, dots: stacked and centred.
    const float icon = f.Px(f.portrait ? 300 : 260);
    const float sentence_h = f.Px(f.portrait ? 320 : 200);
    const float where_h = f.Px(f.portrait ? 300 : 190);
    const float dots_h = f.Px(24);
    const float total = icon + sentence_h + where_h + dots_h + gap * 3;
    float y = area.min.y + std::max(0.0f, (area.Height() - total) * 0.5f);

    const float mid = (area.min.x + area.max.x) * 0.5f;
    const Rect icon_box{{mid - icon * 0.5f, y}, {mid + icon * 0.5f, y + icon}};
    Draw()->AddCircleFilled(ImVec2(mid, y + icon * 0.5f), icon * 0.5f, theme::kSelected, 64);
    Pictogram(f, view.pictogram, Inset(icon_box, icon * 0.2f), theme::kPictogram);
    LogBox("out-of-service-pictogram", icon_box);
    y += icon + gap;

    TextStyle sentence;
    sentence.size_px = f.Px(64);
    sentence.bold = true;
    sentence.align = TextAlign::kCenter;
    const Rect sentence_box{{area.min.x, y}, {area.max.x, y + sentence_h}};
    FitText(f, view.sentence, sentence_box, sentence, VAlign::kCenter, 0.6f);
    LogBox("out-of-service-sentence", sentence_box);
    y += sentence_h + gap;

    // Where to go instead: a card with a person at a desk.
    const float card_w = std::min(area.Width(), f.Px(1400));
    const Rect card{{mid - card_w * 0.5f, y}, {mid + card_w * 0.5f, y + where_h}};
    Card(card, theme::kSurface, theme::kBorder, f.Px(28));
    const Rect inner = Inset(card, f.Px(36), f.Px(24));
    const float person = std::min(inner.Height(), f.Px(120));
    const Rect person_box = f.PlaceIn(Rect{{inner.min.x, inner.min.y + (inner.Height() - person) * 0.5f},
                                           {inner.min.x + person, inner.min.y + (inner.Height() + person) * 0.5f}},
                                      inner);
    Pictogram(f, "support_agent", person_box, theme::kPictogram);
    Rect where_text = inner;
    if (f.rtl) where_text.max.x -= person + f.Px(36); else where_text.min.x += person + f.Px(36);
    TextStyle where;
    where.size_px = f.Px(52);
    FitText(f, view.where, where_text, where, VAlign::kCenter, 0.6f);
    LogBox("out-of-service-where", card);
    y += where_h + gap;

    // The rotation's dots: the words change, wait a moment for yours.
    if (view.language_count > 1) {
        const float r = f.Px(7), step = f.Px(26);
        const float width = step * float(view.language_count - 1);
        for (int i = 0; i < view.language_count; ++i) {
            // The first language's dot at the reading start.
            const int slot = f.rtl ? view.language_count - 1 - i : i;
            const ImVec2 c(mid - width * 0.5f + step * float(slot), y + dots_h * 0.5f);
            if (i == view.language_index) Draw()->AddCircleFilled(c, r * 1.4f, theme::kPrimary, 24);
            else Draw()->AddCircleFilled(c, r, theme::kBorder, 24);
        }
    }
}

void DrawForStaff(const Frame& f, const OutOfServiceView& view) {
    const Rect area = Inset(f.screen, f.Px(48), f.Px(40));
    const float gap = f.Px(20);
    float y = area.min.y;

    const float icon = f.Px(96);
    Pictogram(f, "report_problem", f.Start(Rect{{area.min.x, y}, {area.max.x, y + icon}}, icon), theme::kWarning);
    if (!view.title.empty()) {
        TextStyle title;
        title.size_px = f.Px(48);
        title.bold = true;
        Rect box{{area.min.x, y}, {area.max.x, y + icon}};
        if (f.rtl) box.max.x -= icon + gap; else box.min.x += icon + gap;
        FitText(f, view.title, box, title, VAlign::kCenter);
    }
    y += icon + gap * 2;

    const float detail_h = view.detail.empty() ? 0 : f.Px(110);
    const Rect lines{{area.min.x, y}, {area.max.x, area.max.y - detail_h}};
    if (!view.lines.empty()) {
        const float rh = std::min(f.Px(140), lines.Height() / float(view.lines.size()));
        TextStyle line;
        line.size_px = f.Px(34);
        float ly = lines.min.y;
        for (const OutOfServiceLine& l : view.lines) {
            TextStyle st = line;
            st.align = AlignToFrameStart(f, l.lang);
            FitText(f, l.text, Rect{{lines.min.x, ly}, {lines.max.x, ly + rh}}, st, VAlign::kCenter, 0.6f, l.lang);
            ly += rh;
        }
    }
    if (!view.detail.empty()) {
        const Rect box{{area.min.x, area.max.y - detail_h + gap}, area.max};
        Draw()->AddRectFilled(box.min, box.max, IM_COL32(253, 236, 228, 255), f.Px(12));
        TextStyle st;
        st.size_px = f.Px(24);
        st.color = theme::kText;
        FitText(f, view.detail, Inset(box, f.Px(20), f.Px(10)), st, VAlign::kCenter, 0.6f);
        LogBox("out-of-service-detail", box);
    }
}

}  // namespace

void DrawOutOfServiceScreen(const OutOfServiceView& view) {
    const Frame f = BeginScreen("out-of-service", view.lang);
    if (view.for_visitors) DrawForVisitors(f, view);
    else DrawForStaff(f, view);
    EndScreen();
}

}  // namespace anl::ui
