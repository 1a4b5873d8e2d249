// Out of service: drawn instead of the role's screen when the terminal cannot work. A kiosk
// or call display speaks to visitors in every language at once (nobody chose one yet); a
// desk says in the staff's language what is wrong. The detail is for the administrator.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

void DrawOutOfServiceScreen(const OutOfServiceView& view) {
    const Frame f = BeginScreen("out-of-service", view.lang);
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

    // Every language's sentence in its own script and direction, two columns (one in portrait).
    const float detail_h = view.detail.empty() ? 0 : f.Px(110);
    const Rect lines{{area.min.x, y}, {area.max.x, area.max.y - detail_h}};
    const int count = int(view.lines.size());
    if (count > 0) {
        const int columns = (f.portrait || count == 1) ? 1 : 2;
        const int rows = (count + columns - 1) / columns;
        const float cw = (lines.Width() - gap * float(columns - 1)) / float(columns);
        const float rh = std::min(f.Px(140), lines.Height() / float(rows));
        TextStyle line;
        line.size_px = std::min(f.Px(34), rh * 0.42f);
        // One size for all, the largest at which every sentence fits its cell.
        float common = line.size_px;
        for (const OutOfServiceLine& l : view.lines) {
            common = std::min(common, FitSize(f, l.text, Rect{{0, 0}, {cw - f.Px(16), rh - f.Px(8)}}, line, 0.6f, l.lang));
        }
        line.size_px = common;
        for (int i = 0; i < count; ++i) {
            const OutOfServiceLine& l = view.lines[size_t(i)];
            const int row = i % rows, column = i / rows;
            const Rect cell = f.PlaceIn(Rect{{lines.min.x + float(column) * (cw + gap), lines.min.y + float(row) * rh},
                                             {lines.min.x + float(column) * (cw + gap) + cw, lines.min.y + float(row + 1) * rh}},
                                        lines);
            TextStyle st = line;
            st.align = AlignToFrameStart(f, l.lang);
            FitText(f, l.text, Inset(cell, f.Px(8), f.Px(4)), st, VAlign::kCenter, 0.6f, l.lang);
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
    EndScreen();
}

}  // namespace anl::ui
