// Kiosk: "I have an appointment". The reference pad (Latin letters and digits as on the
// printed slip, large keys, never mirrored: the reference reads left to right in every
// language) and the answer: checked in with a number, early, late (a ticket instead), unknown,
// cancelled. A barcode scanner reaches the answer from any screen (KioskFlow::Keyboard).
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

// The reference typed so far, large, in its framed field (both looks). References are Latin
// letters and Western digits in every language.
void DrawTypedReference(const Frame& f, const CheckInView& view, const Rect& field, float inset_x) {
    Card(field, theme::kSurface, theme::kPrimary, f.Px(18));
    Draw()->AddRect(field.min, field.max, theme::kPrimary, f.Px(18), 0, f.Px(4));
    TextStyle typed;
    typed.size_px = f.Px(88);
    typed.bold = true;
    typed.align = TextAlign::kCenter;
    FitText(f, view.typed, Inset(field, f.Px(inset_x), f.Px(8)), typed, VAlign::kCenter, 0.6f, "en");
    LogBox("checkin-typed", field);
}

// The pad's keys in `pad`, `columns` a row (rows at most `max_key_h` high), and in large text
// the switch to the pad's other page after them.
void DrawPad(const Frame& f, const CheckInView& view, const Rect& pad, int columns, float gap, float max_key_h,
             UiActions& actions) {
    const size_t count = view.keys.size() + (view.pad_pages > 1 ? 1 : 0);
    const int rows = int((count + size_t(columns) - 1) / size_t(columns));
    const float key_w = (pad.Width() - gap * float(columns - 1)) / float(columns);
    const float key_h = std::min(max_key_h, (pad.Height() - gap * float(rows - 1)) / float(std::max(rows, 1)));
    ButtonStyle key = QuietButton(64);
    key.align = TextAlign::kCenter;
    key.bold = true;
    const Rect first_key{pad.min, {pad.min.x + key_w, pad.min.y + key_h}};
    if (f.text_scale > 1) {
        // Large text: one size for every key (a "W" that shrank alone looked out of place).
        TextStyle ts;
        ts.size_px = f.Px(key.text_px);
        ts.bold = true;
        float common = ts.size_px;
        for (const auto& k : view.keys) common = std::min(common, FitSize(f, k, TouchButtonTextBox(f, first_key, false), ts));
        key.text_px = common / f.s;
    }
    for (size_t i = 0; i < count; ++i) {
        const int r = int(i) / columns, c = int(i) % columns;
        // The reference reads left to right in every language: the pad is never mirrored.
        // Large text: the page switch ("123") takes the rest of its row, up to two keys' width,
        // so its label keeps a readable size.
        const int span = i == view.keys.size() && f.text_scale > 1 ? std::clamp(columns - c, 1, 2) : 1;
        const float w = key_w * float(span) + gap * float(span - 1);
        const Rect box{{pad.min.x + float(c) * (key_w + gap), pad.min.y + float(r) * (key_h + gap)},
                       {pad.min.x + float(c) * (key_w + gap) + w, pad.min.y + float(r) * (key_h + gap) + key_h}};
        ImGui::PushID(int(i));
        if (i < view.keys.size()) {
            if (TouchButton(f, "##key", box, view.keys[i], "", key)) actions.Emit(Action::kCheckInType, {}, 0, view.keys[i]);
            LogBox("checkin-key-" + view.keys[i], box);
        } else {
            ButtonStyle flip = QuietButton(48);
            flip.bold = true;
            TextStyle ts;
            ts.size_px = f.Px(flip.text_px);
            ts.bold = true;
            // On one line however narrow the key (the low-reach band's nine a row).
            flip.text_px = FitSize(f, view.pad_switch_label, TouchButtonTextBox(f, box, false), ts, 0.3f) / f.s;
            flip.align = TextAlign::kCenter;
            flip.border = theme::kPrimary;
            flip.border_px = 3;
            flip.fill = theme::kSelected;
            if (TouchButton(f, "##pad-page", box, view.pad_switch_label, "", flip))
                actions.Emit(Action::kPage, {}, 1 - view.pad_page);
            LogBox("checkin-pad-page", box);
        }
        ImGui::PopID();
    }
}

// Large text on a landscape screen: the title across the top; the pad at the start (seven
// keys a row, the letters on one page and the digits on the other); at the end the hint, the
// reference so far, "erase" and "continue" (and the feedback's "without a number").
void DrawLargeCheckIn(const Frame& f, const CheckInView& view, Rect area, UiActions& actions) {
    const float gap = f.Px(20);
    TextStyle title;
    title.size_px = f.Px(56);
    title.bold = true;
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(130)}}, title, VAlign::kCenter);
    area.min.y += f.Px(130) + gap;
    // Keys 140 px wide with narrow gaps (a "W" keeps its 96 px), the reference so far in the
    // rest: "A-0107-09" needs about 760 px at its 50 % larger size.
    const Rect pad = f.Start(area, area.Width() * 0.57f);
    const Rect side = f.End(area, area.Width() * 0.43f - gap);
    DrawPad(f, view, pad, 7, f.Px(12), f.Px(170), actions);

    TextStyle hint;
    hint.size_px = f.Px(36);
    hint.color = theme::kTextMuted;
    const std::string_view said = view.error.empty() ? view.hint : view.error;
    const float hint_h = std::min(f.Px(240), MeasureText(f, said, hint, side.Width()).y + f.Px(8));
    FitText(f, said, Rect{side.min, {side.max.x, side.min.y + hint_h}}, hint, VAlign::kTop);
    float y = side.min.y + hint_h + gap;
    // As tall as "A-0107-09" needs at its full size (132 px: its line is about 180 px).
    const Rect field{{side.min.x, y}, {side.max.x, y + f.Px(210)}};
    DrawTypedReference(f, view, field, 10);

    // From the foot up: "continue" (with "erase" beside it), then "without a number".
    const float button_h = f.Px(120);
    const Rect bottom{{side.min.x, side.max.y - button_h}, side.max};
    const Rect erase = f.Start(bottom, f.Px(180));
    const Rect submit = f.End(bottom, bottom.Width() - f.Px(180) - gap);
    ButtonStyle quiet = QuietButton(34);
    quiet.align = TextAlign::kCenter;
    if (TouchButton(f, "##erase", erase, "", "backspace", quiet, {}, false, !view.typed.empty()))
        actions.Emit(Action::kCheckInErase);
    LogBox("checkin-erase", erase);
    ButtonStyle go = PrimaryButton(44);
    go.align = TextAlign::kCenter;
    if (TouchButton(f, "##submit", submit, view.submit_label, "arrow_forward", go, {}, false, view.can_submit))
        actions.Emit(Action::kCheckInSubmit);
    LogBox("checkin-submit", submit);
    if (!view.skip_label.empty()) {
        const Rect skip{{side.min.x, bottom.min.y - gap - button_h}, {side.max.x, bottom.min.y - gap}};
        ButtonStyle quiet_skip = QuietButton(40);
        quiet_skip.align = TextAlign::kCenter;
        if (TouchButton(f, "##skip", skip, view.skip_label, "sentiment_satisfied", quiet_skip)) actions.Emit(view.skip_action);
        LogBox("checkin-skip", skip);
    }
}

}  // namespace

void DrawCheckInScreen(const CheckInView& view, UiActions& actions) {
    const Frame f = BeginScreen("checkin", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    if (f.modes.large_text && !f.portrait && !f.NarrowBand()) {
        DrawLargeCheckIn(f, view, area, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }
    const float gap = f.Px(20);

    TextStyle title;
    title.size_px = f.Px(56);
    title.bold = true;
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(80)}}, title, VAlign::kCenter);
    area.min.y += f.Px(84);
    TextStyle hint;
    hint.size_px = f.Px(36);
    hint.color = theme::kTextMuted;
    FitText(f, view.error.empty() ? view.hint : view.error, Rect{area.min, {area.max.x, area.min.y + f.Px(56)}}, hint,
            VAlign::kCenter);
    area.min.y += f.Px(68);

    // The reference so far, large, with "erase" at its end.
    const float field_h = f.Px(130);
    const Rect field_row{area.min, {area.max.x, area.min.y + field_h}};
    const float erase_w = f.Px(200);
    const Rect erase = f.End(field_row, erase_w);
    Rect field = f.Start(field_row, field_row.Width() - erase_w - gap);
    DrawTypedReference(f, view, field, 24);
    ButtonStyle quiet = QuietButton(34);
    quiet.align = TextAlign::kCenter;
    if (TouchButton(f, "##erase", erase, "", "backspace", quiet, {}, false, !view.typed.empty()))
        actions.Emit(Action::kCheckInErase);
    LogBox("checkin-erase", erase);
    area.min.y = field_row.max.y + gap * 1.5f;

    // The pad: 12 keys a row in landscape, 6 in portrait; "continue" below.
    const float submit_h = f.Px(120);
    const Rect pad{area.min, {area.max.x, area.max.y - submit_h - gap * 1.5f}};
    // Low reach lays a portrait kiosk out in a wide band, narrower than a landscape screen: 9
    // keys a row keeps them large.
    int columns = f.portrait ? 6 : (f.screen.Width() < f.Px(1400) ? 9 : 12);
    // A short pad (the ticket number's letters and digits) in two even rows: larger keys.
    if (!f.portrait && view.keys.size() <= 16) columns = std::min(columns, int(view.keys.size() + 1) / 2);
    DrawPad(f, view, pad, columns, gap, f.Px(150), actions);
    const Rect submit = f.End(Rect{{area.min.x, area.max.y - submit_h}, area.max}, std::min(area.Width(), f.Px(620)));
    ButtonStyle go = PrimaryButton(44);
    go.align = TextAlign::kCenter;
    if (TouchButton(f, "##submit", submit, view.submit_label, "arrow_forward", go, {}, false, view.can_submit))
        actions.Emit(Action::kCheckInSubmit);
    LogBox("checkin-submit", submit);
    // The feedback's pad: a visitor without their slip answers without a number.
    if (!view.skip_label.empty()) {
        const Rect skip = f.Start(Rect{{area.min.x, area.max.y - submit_h}, area.max},
                                  std::min(area.Width() - submit.Width() - gap, f.Px(620)));
        ButtonStyle quiet_skip = QuietButton(40);
        quiet_skip.align = TextAlign::kCenter;
        if (TouchButton(f, "##skip", skip, view.skip_label, "sentiment_satisfied", quiet_skip)) actions.Emit(view.skip_action);
        LogBox("checkin-skip", skip);
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

namespace {

// Large text with a number, on a wide screen (docs/accessibility.md): the number card at the
// start as on the ticket ("your number", the number 50 % larger, the office), beside it the
// pictogram, the sentence, the reference and where to wait, each as tall as it needs.
void DrawLargeCheckInNumber(const Frame& f, const CheckInResultView& view, const Rect& area, ImU32 accent) {
    const float gap = f.Px(28);
    const Rect number_card = f.Start(area, area.Width() * 0.46f);
    const Rect info = f.End(area, area.Width() * 0.54f - gap);
    Card(number_card, theme::kSurface, accent, f.Px(28));
    Draw()->AddRect(number_card.min, number_card.max, accent, f.Px(28), 0, f.Px(6));
    const Rect t = Inset(number_card, f.Px(36));
    TextStyle label;
    label.size_px = f.Px(36);
    label.align = TextAlign::kCenter;
    label.color = theme::kTextMuted;
    FitText(f, view.your_number_label, Rect{t.min, {t.max.x, t.min.y + f.Px(80)}}, label, VAlign::kCenter);
    TextStyle number;
    number.size_px = f.Px(170);
    number.bold = true;
    number.align = TextAlign::kCenter;
    const Rect number_box{{t.min.x, t.min.y + f.Px(90)}, {t.max.x, t.min.y + f.Px(370)}};
    FitText(f, view.number, number_box, number, VAlign::kCenter, 0.5f, "en");
    LogBox("checkin-number", number_box);
    float y = number_box.max.y + f.Px(12);
    Draw()->AddLine(ImVec2(t.min.x, y), ImVec2(t.max.x, y), theme::kBorder, 2);
    y += f.Px(12);
    TextStyle office;
    office.size_px = f.Px(42);
    office.bold = true;
    office.align = TextAlign::kCenter;
    office.color = accent;
    FitText(f, view.office_name, Rect{{t.min.x, y}, t.max}, office, VAlign::kCenter);

    Card(info, theme::kSurface, theme::kBorder, f.Px(28));
    const Rect in = Inset(info, f.Px(36));
    Pictogram(f, view.pictogram, Rect{in.min, {in.max.x, in.min.y + f.Px(100)}}, theme::kPositive);
    y = in.min.y + f.Px(112);
    // Each text as tall as it needs at its size, stacked down the card.
    auto next = [&](std::string_view text, const TextStyle& style, std::string_view lang, float after) {
        if (text.empty()) return;
        const float need = MeasureText(f, text, style, in.Width(), lang).y + f.Px(6);
        const Rect box{{in.min.x, y}, {in.max.x, std::min(in.max.y, y + need)}};
        FitText(f, text, box, style, VAlign::kTop, 0.6f, lang);
        y = box.max.y + after;
    };
    TextStyle message;
    message.size_px = f.Px(44);
    message.bold = true;
    message.align = TextAlign::kCenter;
    const float message_top = y;
    next(view.message, message, {}, 0);
    LogBox("checkin-message", Rect{{in.min.x, message_top}, {in.max.x, y}});
    y += f.Px(16);
    TextStyle ref;
    ref.size_px = f.Px(40);
    ref.align = TextAlign::kCenter;
    ref.color = theme::kTextMuted;
    next(view.reference, ref, "en", f.Px(16));
    TextStyle where;
    where.size_px = f.Px(34);
    where.align = TextAlign::kCenter;
    next(view.wait_where, where, {}, 0);
}

}  // namespace

void DrawCheckInResultScreen(const CheckInResultView& view, UiActions& actions) {
    const Frame f = BeginScreen("checkin_result", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    const ImU32 accent = AccentOr(view.accent, theme::kPrimary);
    const float gap = f.Px(28);
    const float buttons_h = f.Px(120);
    const bool large = f.modes.large_text;

    // One calm card: pictogram, the sentence, the reference; on time the number as large as
    // on a ticket, the office and where to wait.
    Rect card{area.min, {area.max.x, area.max.y - buttons_h - gap}};
    if (large && view.ok && !view.number.empty() && !f.portrait && !f.NarrowBand()) {
        DrawLargeCheckInNumber(f, view, card, accent);
    } else {
        if (!f.portrait) card = Inset(card, area.Width() * 0.12f, 0);
        Card(card, theme::kSurface, view.ok ? accent : theme::kBorder, f.Px(28));
        if (view.ok) Draw()->AddRect(card.min, card.max, accent, f.Px(28), 0, f.Px(6));
        Rect in = Inset(card, f.Px(44));
        const ImU32 icon_colour = view.ok ? theme::kPositive : (view.pending ? theme::kPictogram : theme::kPictogramAttention);
        TextStyle message;
        message.size_px = f.Px(44);
        message.bold = true;
        message.align = TextAlign::kCenter;
        // The sentence's own height (up to four lines), so the reference sits right below it.
        // Large text: up to five lines of the sentence, the reference's line as tall as it needs.
        const float message_h = std::clamp(MeasureText(f, view.message, message, in.Width()).y + f.Px(8), f.Px(70),
                                           view.ok ? f.Px(110) : f.Px(large ? 400 : 260));
        const float ref_h = f.Px(large ? 90 : 60), ref_step = f.Px(large ? 102 : 72);
        // Without a number the few lines sit in the middle of the card, not at its top.
        if (!view.ok) {
            const float content = f.Px(112) + message_h + f.Px(8) + (view.reference.empty() ? 0 : ref_step);
            in.min.y += std::max(0.0f, (in.Height() - content) * 0.5f);
        }
        Pictogram(f, view.pictogram, Rect{in.min, {in.max.x, in.min.y + f.Px(100)}}, icon_colour);
        float y = in.min.y + f.Px(112);
        FitText(f, view.message, Rect{{in.min.x, y}, {in.max.x, y + message_h}}, message, VAlign::kTop);
        LogBox("checkin-message", Rect{{in.min.x, y}, {in.max.x, y + message_h}});
        y += message_h + f.Px(8);
        if (!view.reference.empty()) {
            TextStyle ref;
            ref.size_px = f.Px(40);
            ref.align = TextAlign::kCenter;
            ref.color = theme::kTextMuted;
            FitText(f, view.reference, Rect{{in.min.x, y}, {in.max.x, y + ref_h}}, ref, VAlign::kCenter, 0.6f, "en");
            y += ref_step;
        }
        if (view.ok && !view.number.empty()) {
            Draw()->AddLine(ImVec2(in.min.x, y), ImVec2(in.max.x, y), theme::kBorder, 2);
            y += f.Px(16);
            TextStyle label;
            label.size_px = f.Px(36);
            label.align = TextAlign::kCenter;
            label.color = theme::kTextMuted;
            FitText(f, view.your_number_label, Rect{{in.min.x, y}, {in.max.x, y + f.Px(54)}}, label, VAlign::kCenter);
            y += f.Px(56);
            TextStyle number;
            number.size_px = f.Px(170);
            number.bold = true;
            number.align = TextAlign::kCenter;
            const Rect number_box{{in.min.x, y}, {in.max.x, y + f.Px(170)}};
            FitText(f, view.number, number_box, number, VAlign::kCenter, 0.5f, "en");
            LogBox("checkin-number", number_box);
            y = number_box.max.y + f.Px(8);
            TextStyle office;
            office.size_px = f.Px(42);
            office.bold = true;
            office.align = TextAlign::kCenter;
            office.color = accent;
            FitText(f, view.office_name, Rect{{in.min.x, y}, {in.max.x, y + f.Px(64)}}, office, VAlign::kCenter);
            y += f.Px(70);
            TextStyle where;
            where.size_px = f.Px(34);
            where.align = TextAlign::kCenter;
            FitText(f, view.wait_where, Rect{{in.min.x, y}, {in.max.x, std::max(y + f.Px(50), in.max.y)}}, where);
        }
    }

    // Buttons: "done" always (not while waiting for the store); late: a ticket instead.
    const Rect row{{area.min.x, area.max.y - buttons_h}, area.max};
    if (!view.pending) {
        const bool two = !view.take_ticket_label.empty();
        const float w = two ? (row.Width() - gap) * 0.5f : std::min(row.Width(), f.Px(620));
        const Rect done = f.End(row, w);
        ButtonStyle primary = PrimaryButton(44);
        primary.align = TextAlign::kCenter;
        ButtonStyle quiet = QuietButton(40);
        quiet.align = TextAlign::kCenter;
        quiet.bold = true;
        if (TouchButton(f, "##done", done, view.done_label, "check_circle", two ? quiet : primary))
            actions.Emit(Action::kTicketDone);
        LogBox("done", done);
        if (two) {
            const Rect ticket = f.Start(row, w);
            if (TouchButton(f, "##take-ticket", ticket, view.take_ticket_label, "confirmation_number", primary))
                actions.Emit(view.take_ticket_action, view.take_ticket_office);
            LogBox("checkin-take-ticket", ticket);
        }
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
