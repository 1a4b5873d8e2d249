// Call display: the last calls large ("A-042 → Schalter 3"), the newest highlighted, and how
// many wait at each office. Dark background, bright large text: readable from five metres.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {
// The call display's own colours, from the palette in force (its high-contrast flag).
constexpr theme::Colour kBoardBackground{&Palette::board_background};
constexpr theme::Colour kBoardRow{&Palette::board_row};
constexpr theme::Colour kBoardText{&Palette::board_text};
constexpr theme::Colour kBoardMuted{&Palette::board_muted};

// Where a line of Noto text sits in its measured box: the baseline at this share of the
// height (ascender 1.069 em of 1.362 em), so words and numbers of different sizes share it.
constexpr float kBaselineShare = 0.785f;
constexpr float kOlderNumberPx = 126;

// One call: "A-042 → Schalter 3". The ticket number at the start, an arrow pictogram that
// points the way text reads (left in right-to-left languages), then the counter: its word(s)
// smaller, its number as large as the ticket number. Codes and digits stay Latin.
void DrawCallRow(const Frame& f, const BoardView& view, const CallLine& call, const Rect& row) {
    const float h = row.Height();
    Draw()->AddRectFilled(row.min, row.max, call.newest ? theme::kHighlight : kBoardRow, f.Px(20));
    // High contrast: the rows are black on black, so each older call gets a white outline.
    if (f.modes.high_contrast && !call.newest) Draw()->AddRect(row.min, row.max, kBoardText, f.Px(20), 0, f.Px(3));
    const ImU32 text = call.newest ? theme::kText : kBoardText;
    const float pad = f.Px(32);

    TextStyle number;
    // Readable from 8 m (docs/accessibility.md): older numbers 126 px (cap height 90 px, 57 mm on
    // a 55-inch 1080p screen), the newest 150 px.
    number.size_px = std::min(call.newest ? f.Px(150) : f.Px(kOlderNumberPx), h * 0.86f);
    number.bold = true;
    number.color = text;
    number.align = f.rtl ? TextAlign::kEnd : TextAlign::kStart;  // a Latin code, at the reading start
    Rect number_box = Inset(f.Start(row, row.Width() * 0.44f), pad, 0);
    // A line of text is 1.36 em high but a number's ink only its cap height (0.71 em): the box
    // may reach past the row's edges, so a 126 px number fits a 150 px row (its ink well inside).
    const float line_h = number.size_px * 1.4f;
    if (number_box.Height() < line_h) {
        const float more = (line_h - number_box.Height()) * 0.5f;
        number_box.min.y -= more;
        number_box.max.y += more;
    }
    FitText(f, call.number, number_box, number, VAlign::kCenter, 0.5f, "en");

    const float arrow = std::min(h * 0.72f, number.size_px * 0.8f);
    const float arrow_mid = row.min.x + row.Width() * 0.5f;
    const Rect arrow_box = f.PlaceIn(Rect{{arrow_mid - arrow * 0.5f, row.min.y + (h - arrow) * 0.5f},
                                          {arrow_mid + arrow * 0.5f, row.min.y + (h + arrow) * 0.5f}},
                                     row);
    Pictogram(f, f.rtl ? "arrow_back" : "arrow_forward", arrow_box, text);
    LogBox("call-arrow", arrow_box);

    // The counter group, from the start of its column: [before] number [after].
    const Rect group = Inset(f.End(row, row.Width() * 0.42f), pad * 0.5f, 0);
    TextStyle word;
    word.size_px = number.size_px * 0.46f;
    word.color = text;
    TextStyle digits = number;
    digits.align = TextAlign::kStart;
    const float space = word.size_px * 0.35f;
    auto width_of = [&](std::string_view s, const TextStyle& st, std::string_view lang = {}) {
        return s.empty() ? 0.0f : MeasureText(f, s, st, 0, lang).x;
    };
    float total = width_of(view.counter_before, word) + width_of(call.counter, digits, "en") +
                  width_of(view.counter_after, word) + space * float(!view.counter_before.empty() + !view.counter_after.empty());
    if (total > group.Width()) {  // a long word: everything a little smaller, in proportion
        const float k = std::max(0.6f, group.Width() / total);
        word.size_px *= k;
        digits.size_px *= k;
    }
    const float baseline = row.min.y + h * 0.5f + digits.size_px * 0.36f;  // digits look centred
    float pen = 0;  // distance from the group's start edge
    auto piece = [&](std::string_view s, const TextStyle& st, std::string_view lang = {}) {
        if (s.empty()) return;
        const ImVec2 size = MeasureText(f, s, st, 0, lang);
        const float top = baseline - size.y * kBaselineShare;
        const Rect ltr{{group.min.x + pen, top}, {group.min.x + pen + size.x + 2, top + size.y}};  // FitText keeps a pixel spare
        FitText(f, s, f.PlaceIn(ltr, group), st, VAlign::kTop, 1.0f, lang);
        pen += size.x + space;
    };
    piece(view.counter_before, word);
    piece(call.counter, digits, "en");
    piece(view.counter_after, word);
}
}  // namespace

void DrawBoardScreen(const BoardView& view, UiActions& actions) {
    const Frame f = BeginScreen("board", view.lang, kBoardBackground);
    NoteInput(actions);
    const float margin = f.Px(40);
    Rect area{{f.screen.min.x + margin, f.screen.min.y + margin}, {f.screen.max.x - margin, f.screen.max.y - margin}};
    const float gap = f.Px(28);

    TextStyle title;
    title.size_px = f.Px(52);
    title.bold = true;
    title.color = kBoardText;
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(76)}}, title, VAlign::kCenter);
    area.min.y += f.Px(76);
    if (!view.second_line.empty()) {
        // The waiting visitors' languages in turn, each in its own direction, at the frame's start.
        TextStyle second;
        second.size_px = f.Px(38);
        second.color = kBoardMuted;
        second.align = AlignToFrameStart(f, view.second_lang);
        const Rect box{area.min, {area.max.x, area.min.y + f.Px(60)}};
        FitText(f, view.second_line, box, second, VAlign::kCenter, 0.6f, view.second_lang);
        LogBox("board-second-line", box);
    }
    area.min.y += f.Px(84);

    Rect calls = area, waiting = area;
    if (f.portrait) {
        calls.max.y = area.min.y + area.Height() * 0.68f;
        waiting.min.y = calls.max.y + gap;
    } else {
        calls = f.Start(area, area.Width() * 0.64f);
        waiting = f.End(area, area.Width() * 0.36f - gap);
    }

    // Column head over the numbers; each row says its counter in words ("Schalter 3").
    TextStyle head;
    head.size_px = f.Px(32);
    head.color = kBoardMuted;
    const Rect head_row{calls.min, {calls.max.x, calls.min.y + f.Px(50)}};
    FitText(f, view.number_header, Inset(f.Start(head_row, head_row.Width() * 0.5f), f.Px(32), 0), head, VAlign::kCenter);
    Rect list{{calls.min.x, head_row.max.y + f.Px(12)}, calls.max};

    if (view.calls.empty()) {
        TextStyle empty;
        empty.size_px = f.Px(44);
        empty.color = kBoardMuted;
        empty.align = TextAlign::kCenter;
        FitText(f, view.empty_text, Rect{{list.min.x, list.min.y + f.Px(120)}, {list.max.x, list.min.y + f.Px(260)}}, empty);
        if (!view.empty_second.empty()) {
            empty.size_px = f.Px(38);
            FitText(f, view.empty_second, Rect{{list.min.x, list.min.y + f.Px(280)}, {list.max.x, list.min.y + f.Px(400)}},
                    empty, VAlign::kTop, 0.6f, view.second_lang);
        }
    }
    // The newest call on the highlight; below it as many older calls as fit at a row height
    // whose number is still readable from eight metres (kOlderNumberPx).
    const float newest_h = f.Px(220);
    const float min_row_h = f.Px(kOlderNumberPx / 0.86f);
    const int older_fit = std::max(0, int((list.Height() - newest_h) / (min_row_h + gap)));
    const int shown = std::min<int>(int(view.calls.size()), 1 + older_fit);
    const float row_h =
        shown > 1 ? std::min(f.Px(150), (list.Height() - newest_h - gap * float(shown - 1)) / float(shown - 1)) : 0;
    float y = list.min.y;
    for (int i = 0; i < shown; ++i) {
        const CallLine& call = view.calls[size_t(i)];
        const float h = call.newest ? newest_h : row_h;
        const Rect row{{list.min.x, y}, {list.max.x, y + h}};
        DrawCallRow(f, view, call, row);
        LogBox(call.newest ? "newest-call" : "call", row);
        y += h + gap;
    }

    // Waiting per office.
    Draw()->AddRectFilled(waiting.min, waiting.max, kBoardRow, f.Px(20));
    Rect w = Inset(waiting, f.Px(32));
    TextStyle wt = head;
    wt.size_px = f.Px(44);
    wt.bold = true;
    wt.color = kBoardText;
    FitText(f, view.waiting_title, Rect{w.min, {w.max.x, w.min.y + f.Px(60)}}, wt, VAlign::kCenter);
    float wy = w.min.y + f.Px(84);
    const float each = view.waiting.empty() ? 0 : std::min(f.Px(200), (w.max.y - wy) / float(view.waiting.size()));
    for (size_t i = 0; i < view.waiting.size(); ++i) {
        const WaitingLine& line = view.waiting[i];
        const ImU32 accent = AccentOr(line.accent, OfficeAccentNow(int(i)));
        const Rect row{{w.min.x, wy}, {w.max.x, wy + each - f.Px(16)}};
        const Rect band = f.Start(row, f.Px(10));
        Draw()->AddRectFilled(band.min, band.max, accent, f.Px(4));
        Rect text = row;
        if (f.rtl) text.max.x -= f.Px(28); else text.min.x += f.Px(28);
        const Rect count_box = f.End(text, f.Px(130));
        TextStyle count;
        count.size_px = f.Px(96);
        count.bold = true;
        count.color = kBoardText;
        count.align = TextAlign::kCenter;
        FitText(f, std::to_string(line.waiting), count_box, count, VAlign::kCenter, 0.5f, "en");
        if (f.rtl) text.min.x = count_box.max.x + f.Px(12); else text.max.x = count_box.min.x - f.Px(12);
        TextStyle name;
        name.size_px = f.Px(42);
        name.bold = true;
        name.color = kBoardText;
        FitText(f, line.office, Rect{text.min, {text.max.x, text.min.y + text.Height() * 0.6f}}, name, VAlign::kBottom);
        TextStyle sub = name;
        sub.bold = false;
        sub.size_px = f.Px(32);
        sub.color = kBoardMuted;
        FitText(f, line.waiting_text, Rect{{text.min.x, text.min.y + text.Height() * 0.6f + f.Px(4)}, text.max}, sub);
        wy += each;
    }
    if (view.flash) {
        // A wide frame round the whole screen in the flash colour: seen from anywhere in the room.
        const float w = f.Px(36);
        Draw()->AddRect(ImVec2(f.screen.min.x + w * 0.5f, f.screen.min.y + w * 0.5f),
                        ImVec2(f.screen.max.x - w * 0.5f, f.screen.max.y - w * 0.5f), CurrentPalette().board_flash, 0, 0, w);
        LogBox("call-flash", f.screen);
    }
    EndScreen();
}

}  // namespace anl::ui
