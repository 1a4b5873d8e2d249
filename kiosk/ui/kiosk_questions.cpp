// Kiosk: two questions that help the desk. An interpreter (the visitor's language is already
// known) and a priority class as the site configured them. Never a name.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

// A question's head: its pictogram at the start, the question (as many lines as it needs at
// its size) beside it; returns the head's bottom.
float QuestionHead(const Frame& f, std::string_view icon, std::string_view question, const Rect& column) {
    TextStyle q;
    q.size_px = f.Px(42);
    q.bold = true;
    Rect text = column;
    if (f.rtl) text.max.x -= f.Px(100); else text.min.x += f.Px(100);
    const float h = std::max(f.Px(84), MeasureText(f, question, q, text.Width()).y + f.Px(8));
    text.max.y = text.min.y + h;
    const Rect icon_box = f.Start(Rect{{column.min.x, text.min.y}, {column.max.x, text.max.y}}, f.Px(84));
    Pictogram(f, icon, Rect{{icon_box.min.x, icon_box.min.y + (h - f.Px(84)) * 0.5f},
                            {icon_box.max.x, icon_box.min.y + (h + f.Px(84)) * 0.5f}}, theme::kPictogram);
    FitText(f, question, text, q, VAlign::kCenter);
    return text.max.y;
}

// Large text (docs/accessibility.md): one question a page, the screen's sentence and the
// interpreter's first, each the full width; "previous page" / "next page" above the foot, "take a ticket" on both pages.
void DrawLargeQuestions(const Frame& f, const QuestionsView& view, Rect area, UiActions& actions) {
    const float gap = f.Px(24);
    const float bottom_h = f.Px(120);
    const Rect take{{area.min.x, area.max.y - bottom_h}, area.max};
    const Rect take_button = f.End(take, f.portrait ? take.Width() : take.Width() * 0.5f);
    if (TouchButton(f, "##take", take_button, view.take_ticket_label, "confirmation_number", PrimaryButton(46)))
        actions.Emit(Action::kTakeTicket);
    LogBox("take-ticket", take_button);
    TextStyle note_style;
    note_style.size_px = f.Px(30);
    note_style.color = theme::kTextMuted;
    Rect note = f.portrait ? Rect{{area.min.x, take.min.y - f.Px(100)}, {area.max.x, take.min.y - f.Px(12)}}
                           : f.Start(take, take.Width() * 0.5f - gap);
    const Rect lock = f.Start(note, f.Px(56));
    Pictogram(f, "lock", Rect{{lock.min.x, note.min.y + (note.Height() - f.Px(56)) * 0.5f},
                              {lock.max.x, note.min.y + (note.Height() + f.Px(56)) * 0.5f}}, theme::kTextMuted);
    if (f.rtl) note.max.x -= f.Px(76); else note.min.x += f.Px(76);
    FitText(f, view.privacy_note, note, note_style, VAlign::kCenter);
    LogBox("privacy-note", note);
    area.max.y = f.portrait ? take.min.y - f.Px(100) - gap * 0.5f : take.min.y - gap;
    PageButtons(f, area, gap, view.page, view.pages, view.previous_page_label, view.next_page_label, actions);

    Card(area);
    const Rect in = Inset(area, f.Px(32), f.Px(28));
    if (view.page == 0) {
        // The screen's sentence first (the priority's page needs its height for the answers).
        TextStyle title;
        title.size_px = f.Px(44);
        const float title_h = MeasureText(f, view.title, title, in.Width()).y + f.Px(8);
        FitText(f, view.title, Rect{in.min, {in.max.x, in.min.y + title_h}}, title, VAlign::kTop);
        const float y = QuestionHead(f, "record_voice_over", view.interpreter_question,
                                     Rect{{in.min.x, in.min.y + title_h + gap}, in.max}) + gap;
        const Rect answers{{in.min.x, y}, {in.max.x, std::min(in.max.y, y + f.Px(180))}};
        const float half = (answers.Width() - gap) * 0.5f;
        const Rect yes = f.Start(answers, half), no = f.End(answers, half);
        ButtonStyle ans = QuietButton(40);
        ans.bold = true;
        ans.align = TextAlign::kCenter;
        if (TouchButton(f, "##yes", yes, view.yes_label, "check", ans, {}, view.interpreter == 1))
            actions.Emit(Action::kSetInterpreter, {}, 1);
        if (TouchButton(f, "##no", no, view.no_label, "close", ans, {}, view.interpreter == 0))
            actions.Emit(Action::kSetInterpreter, {}, 0);
        LogBox("interpreter-yes", yes);
        return;
    }
    const float y = QuestionHead(f, "family_restroom", view.priority_question, in) + gap;
    const Rect list{{in.min.x, y}, in.max};
    LogBox("priority-card", area);
    const int count = int(view.priorities.size());
    const int columns = f.portrait ? 1 : std::min(count, 2);
    const int rows = (count + columns - 1) / columns;
    const float cw = (list.Width() - gap * float(columns - 1)) / float(columns);
    const float ch = std::clamp((list.Height() - gap * float(rows - 1)) / float(rows), f.Px(72), f.Px(200));
    // All answers at one size, the largest at which every one fits.
    ButtonStyle style = QuietButton(36);
    style.align = TextAlign::kStart;
    TextStyle label;
    label.size_px = f.Px(style.text_px);
    float common = label.size_px;
    for (const ChoiceItem& item : view.priorities) {
        if (!item.hint.empty()) continue;  // a hinted answer lays out its two lines itself
        common = std::min(common, FitSize(f, item.label, TouchButtonTextBox(f, Rect{{0, 0}, {cw, ch}}, !item.pictogram.empty()),
                                          label, 0.7f));
    }
    style.text_px = common / f.s;
    for (int i = 0; i < count; ++i) {
        const ChoiceItem& item = view.priorities[size_t(i)];
        const int row = i / columns, column = i % columns;
        const Rect cell = f.PlaceIn(Rect{{list.min.x + float(column) * (cw + gap), list.min.y + float(row) * (ch + gap)},
                                         {list.min.x + float(column) * (cw + gap) + cw, list.min.y + float(row) * (ch + gap) + ch}},
                                    list);
        ImGui::PushID(i);
        if (TouchButton(f, "##priority", cell, item.label, item.pictogram, style, item.hint, item.selected))
            actions.Emit(Action::kSetPriority, item.id);
        LogBox("priority-answer", cell);
        ImGui::PopID();
    }
}

}  // namespace

void DrawQuestionsScreen(const QuestionsView& view, UiActions& actions) {
    const Frame f = BeginScreen("questions", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    if (f.modes.large_text && view.pages > 1) {
        DrawLargeQuestions(f, view, area, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }
    const float gap = f.Px(24);

    TextStyle title;
    title.size_px = f.Px(44);
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(68)}}, title, VAlign::kCenter);
    area.min.y += f.Px(76);

    // Heights are budgeted so a long priority answer gets two lines at a readable size.
    const float bottom_h = f.Px(120);
    const Rect take{{area.min.x, area.max.y - bottom_h}, area.max};
    const Rect take_button = f.End(take, f.portrait ? take.Width() : take.Width() * 0.55f);
    if (TouchButton(f, "##take", take_button, view.take_ticket_label, "confirmation_number", PrimaryButton(46))) {
        actions.Emit(Action::kTakeTicket);
    }
    LogBox("take-ticket", take_button);
    if (!f.portrait) {
        // The privacy note sits beside the button, on the start side.
        Rect note = f.Start(take, take.Width() * 0.45f - gap);
        const Rect icon = f.Start(note, f.Px(56));
        Pictogram(f, "lock", Rect{{icon.min.x, note.min.y + (note.Height() - f.Px(56)) * 0.5f},
                                  {icon.max.x, note.min.y + (note.Height() + f.Px(56)) * 0.5f}}, theme::kTextMuted);
        if (f.rtl) note.max.x -= f.Px(76); else note.min.x += f.Px(76);
        TextStyle ts;
        ts.size_px = f.Px(30);
        ts.color = theme::kTextMuted;
        FitText(f, view.privacy_note, note, ts, VAlign::kCenter);
    } else {
        TextStyle ts;
        ts.size_px = f.Px(30);
        ts.color = theme::kTextMuted;
        const Rect note{{area.min.x, take.min.y - f.Px(90)}, {area.max.x, take.min.y - f.Px(16)}};
        FitText(f, view.privacy_note, note, ts, VAlign::kCenter);
        LogBox("privacy-note", note);
    }
    // The questions end above the note (portrait) or the button row (landscape).
    area.max.y = take.min.y - (f.portrait ? f.Px(90) + gap * 0.5f : gap * 1.5f);

    // Question 1: interpreter, two big answers.
    Rect q1{area.min, {area.max.x, area.min.y + f.Px(208)}};
    Card(q1);
    Rect q1i = Inset(q1, f.Px(32), f.Px(24));
    TextStyle q;
    q.size_px = f.Px(42);
    q.bold = true;
    const Rect q1_head{q1i.min, {q1i.max.x, q1i.min.y + f.Px(70)}};
    const Rect q1_icon = f.Start(q1_head, f.Px(64));
    Pictogram(f, "record_voice_over", q1_icon, theme::kPictogram);
    Rect q1_text = q1_head;
    if (f.rtl) q1_text.max.x -= f.Px(84); else q1_text.min.x += f.Px(84);
    FitText(f, view.interpreter_question, q1_text, q, VAlign::kCenter);
    const Rect answers{{q1i.min.x, q1i.min.y + f.Px(86)}, q1i.max};
    const float half = (answers.Width() - gap) * 0.5f;
    const Rect yes = f.Start(answers, half), no = f.End(answers, half);
    ButtonStyle ans = QuietButton(40);
    ans.bold = true;
    if (TouchButton(f, "##yes", yes, view.yes_label, "check", ans, {}, view.interpreter == 1)) {
        actions.Emit(Action::kSetInterpreter, {}, 1);
    }
    if (TouchButton(f, "##no", no, view.no_label, "close", ans, {}, view.interpreter == 0)) {
        actions.Emit(Action::kSetInterpreter, {}, 0);
    }
    LogBox("interpreter-yes", yes);
    area.min.y = q1.max.y + gap;

    // Question 2: priority classes, one button each.
    if (!view.priorities.empty()) {
        Rect q2 = area;
        Card(q2);
        LogBox("priority-card", q2);
        Rect q2i = Inset(q2, f.Px(32), f.Px(24));
        const Rect q2_head{q2i.min, {q2i.max.x, q2i.min.y + f.Px(70)}};
        const Rect q2_icon = f.Start(q2_head, f.Px(64));
        Pictogram(f, "family_restroom", q2_icon, theme::kPictogram);
        Rect q2_text = q2_head;
        if (f.rtl) q2_text.max.x -= f.Px(84); else q2_text.min.x += f.Px(84);
        FitText(f, view.priority_question, q2_text, q, VAlign::kCenter);
        Rect list{{q2i.min.x, q2i.min.y + f.Px(86)}, q2i.max};
        const int count = int(view.priorities.size());
        const int columns = f.portrait ? 1 : (count == 4 ? 2 : std::min(count, 3));
        const int rows = (count + columns - 1) / columns;
        const float cw = (list.Width() - gap * float(columns - 1)) / float(columns);
        const float ch = std::clamp((list.Height() - gap * float(rows - 1)) / float(rows), std::max(72.0f, f.Px(72)), f.Px(150));
        // All answers at one size (the largest at which every one fits), so a long answer does
        // not stand out smaller than its neighbours.
        ButtonStyle style = QuietButton(36);
        style.align = TextAlign::kStart;
        TextStyle label;
        label.size_px = f.Px(style.text_px);
        label.bold = style.bold;
        float common = label.size_px;
        for (const ChoiceItem& item : view.priorities) {
            if (!item.hint.empty()) continue;  // a hinted answer lays out its two lines itself
            const Rect text = TouchButtonTextBox(f, Rect{{0, 0}, {cw, ch}}, !item.pictogram.empty());
            common = std::min(common, FitSize(f, item.label, text, label, 0.7f));
        }
        style.text_px = common / f.s;
        for (int i = 0; i < count; ++i) {
            const ChoiceItem& item = view.priorities[size_t(i)];
            const int row = i / columns, column = i % columns;
            const Rect cell = f.PlaceIn(Rect{{list.min.x + float(column) * (cw + gap), list.min.y + float(row) * (ch + gap)},
                                           {list.min.x + float(column) * (cw + gap) + cw, list.min.y + float(row) * (ch + gap) + ch}}, list);
            ImGui::PushID(i);
            if (TouchButton(f, "##priority", cell, item.label, item.pictogram, style, item.hint, item.selected)) {
                actions.Emit(Action::kSetPriority, item.id);
            }
            LogBox("priority-answer", cell);
            ImGui::PopID();
        }
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
