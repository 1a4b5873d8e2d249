// Kiosk: booking an appointment. The day picker (the next working days as large cards, each
// saying free / few / full; a full day is muted and cannot be touched), large time buttons for
// the chosen day (with a calm sentence when the time chosen before was taken meanwhile), and
// the confirmation: the reference large in Latin letters and digits, its QR code, when, where
// and what to bring. No name is asked anywhere.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {


ImU32 DayColour(DayState state) {
    return state == DayState::kFree ? theme::kPositive : state == DayState::kFew ? theme::kAmber : theme::kTextMuted;
}

// The height a line of `text` gets: `standard` in the standard look; in large text what the
// text needs at its full size (a second line where it wraps), at most `most`.
float LineHeight(const Frame& f, std::string_view text, const TextStyle& style, float width, float standard, float most) {
    if (!f.modes.large_text) return standard;
    return std::clamp(MeasureText(f, text, style, width).y + f.Px(4), standard, most);
}

// The title line and the line below it; returns the content area under them.
Rect Heading(const Frame& f, Rect area, const std::string& title, const std::string& subtitle, ImU32 accent) {
    TextStyle t;
    t.size_px = f.Px(56);
    t.bold = true;
    // On a narrow screen (the low-reach band) a second line of the title would take the room
    // the days need at their full size: there it keeps one line (and may give some size back).
    const float title_h = LineHeight(f, title, t, area.Width(), f.Px(80), f.Px(area.Width() < f.Px(1400) ? 80 : 240));
    FitText(f, title, Rect{area.min, {area.max.x, area.min.y + title_h}}, t, VAlign::kCenter);
    area.min.y += title_h + f.Px(4);
    if (!subtitle.empty()) {
        TextStyle s;
        s.size_px = f.Px(40);
        s.bold = true;
        s.color = AccentOr(accent, theme::kTextMuted);
        const float subtitle_h = LineHeight(f, subtitle, s, area.Width(), f.Px(60), f.Px(180));
        FitText(f, subtitle, Rect{area.min, {area.max.x, area.min.y + subtitle_h}}, s, VAlign::kCenter);
        area.min.y += subtitle_h + f.Px(12);
    }
    return area;
}

// The height of a Notice of `text` across `width`: 110 px in the standard look, in large text
// as much as the sentence needs at its full size.
float NoticeHeight(const Frame& f, const std::string& text, float width) {
    if (!f.modes.large_text) return f.Px(110);
    TextStyle ts;
    ts.size_px = f.Px(36);
    return LineHeight(f, text, ts, width - f.Px(120), f.Px(110) - f.Px(16), f.Px(300)) + f.Px(16);
}

// One calm sentence in a light card with a pictogram at its start.
void Notice(const Frame& f, const Rect& box, std::string_view icon, const std::string& text, ImU32 icon_colour) {
    Card(box, theme::kSelected, 0, f.Px(18));
    const Rect icon_box = f.Start(Inset(box, f.Px(20), f.Px(8)), f.Px(60));
    Pictogram(f, icon, icon_box, icon_colour);
    Rect text_box = Inset(box, f.Px(20), f.Px(8));
    if (f.rtl) text_box.max.x -= f.Px(80); else text_box.min.x += f.Px(80);
    TextStyle ts;
    ts.size_px = f.Px(36);
    FitText(f, text, text_box, ts, VAlign::kCenter);
}

// Large text (docs/accessibility.md): the days a page (BookingDaysView::pages), two wide
// cards a row, each with the weekday and the date on one line and the availability below;
// the page buttons at the foot.
void DrawLargeDays(const Frame& f, const BookingDaysView& view, Rect area, UiActions& actions) {
    const float gap = f.Px(24);
    PageButtons(f, area, gap, view.page, view.pages, view.previous_page_label, view.next_page_label, actions);
    // Where the screen is narrow (the low-reach band) the weekday and the date do not fit on
    // one line: each on its own, the two cards a row narrower.
    const bool stacked = area.Width() < f.Px(1400);
    const int columns = 2;
    const int rows = int((view.days.size() + size_t(columns) - 1) / size_t(columns));
    if (rows == 0) return;
    const float w = (area.Width() - gap * float(columns - 1)) / float(columns);
    const float h = std::min(f.Px(300), (area.Height() - gap * float(rows - 1)) / float(rows));
    for (size_t i = 0; i < view.days.size(); ++i) {
        const BookingDayButton& day = view.days[i];
        const int index = view.first_index + int(i);
        const int r = int(i) / columns, c = int(i) % columns;
        const Rect box = f.PlaceIn(Rect{{area.min.x + float(c) * (w + gap), area.min.y + float(r) * (h + gap)},
                                        {area.min.x + float(c) * (w + gap) + w, area.min.y + float(r) * (h + gap) + h}},
                                   area);
        const bool full = day.state == DayState::kFull;
        ButtonStyle style = QuietButton(40);
        if (!full) {
            style.border = DayColour(day.state);
            style.border_px = 3;
        }
        ImGui::PushID(index);
        if (TouchButton(f, "##day", box, "", "", style, {}, false, !full)) actions.Emit(Action::kChooseBookingDay, {}, index);
        ImGui::PopID();
        LogBox("booking-day-" + std::to_string(index), box);
        const Rect in = Inset(box, f.Px(24), f.Px(10));
        TextStyle weekday;
        weekday.size_px = f.Px(44);
        weekday.bold = true;
        weekday.color = full ? theme::kTextMuted : theme::kText;
        TextStyle date = weekday;
        date.size_px = f.Px(38);
        date.bold = false;
        TextStyle avail;
        avail.size_px = f.Px(32);
        avail.bold = !full;
        avail.color = DayColour(day.state);
        // The weekday and the date side by side, centred together; each keeps what it needs
        // (a share of the line by its width when both do not fit).
        const float space = f.Px(20);
        const ImVec2 wd = MeasureText(f, day.weekday, weekday, stacked ? in.Width() : 1e6f),
                     dt = MeasureText(f, day.date, date, stacked ? in.Width() : 1e6f);
        const float line1_w = stacked ? in.Width() : std::min(in.Width(), wd.x + space + dt.x);
        const float wd_w = (line1_w - space) * wd.x / std::max(1.0f, wd.x + dt.x);
        const float avail_w = in.Width() - f.Px(36);
        const float line1_h = (stacked ? wd.y + dt.y : std::max(wd.y, dt.y)) + f.Px(4);
        const float line2_h = MeasureText(f, day.availability, avail, avail_w).y + f.Px(4);
        const float both = line1_h + line2_h;
        // A card too low for the lines at the full size: the day keeps its room first, the
        // availability takes what is left.
        const float squeeze = std::min(1.0f, in.Height() / line1_h);
        const float top = in.min.y + std::max(0.0f, (in.Height() - both) * 0.5f);
        const float x0 = in.min.x + (in.Width() - line1_w) * 0.5f;
        const float y1 = top + line1_h * squeeze;
        if (stacked) {
            weekday.align = date.align = TextAlign::kCenter;
            const float split = top + (wd.y + f.Px(2)) * squeeze;
            FitText(f, day.weekday, Rect{{in.min.x, top}, {in.max.x, split}}, weekday, VAlign::kBottom);
            FitText(f, day.date, Rect{{in.min.x, split}, {in.max.x, y1}}, date, VAlign::kCenter);
        } else {
            FitText(f, day.weekday, f.PlaceIn(Rect{{x0, top}, {x0 + wd_w + f.Px(2), y1}}, in), weekday, VAlign::kBottom);
            FitText(f, day.date, f.PlaceIn(Rect{{x0 + wd_w + space, top}, {x0 + line1_w + f.Px(2), y1}}, in), date,
                    VAlign::kBottom);
        }
        // Then a dot and the availability in its colour, centred.
        avail.align = TextAlign::kCenter;
        const Rect avail_box{{in.min.x + f.Px(36), y1}, {in.max.x, std::min(in.max.y, y1 + line2_h)}};
        const float used = std::min(avail_box.Width(), MeasureText(f, day.availability, avail, avail_box.Width()).x);
        FitText(f, day.availability, avail_box, avail, VAlign::kCenter);
        const float cx = f.rtl ? avail_box.min.x + (avail_box.Width() + used) * 0.5f + f.Px(22)
                               : avail_box.min.x + (avail_box.Width() - used) * 0.5f - f.Px(22);
        Draw()->AddCircleFilled(ImVec2(cx, (avail_box.min.y + avail_box.max.y) * 0.5f), f.Px(11), DayColour(day.state));
    }
}

}  // namespace

void DrawBookingDaysScreen(const BookingDaysView& view, UiActions& actions) {
    const Frame f = BeginScreen("book_day", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    area = Heading(f, area, view.title, view.service, view.accent);
    const float gap = f.Px(24);

    if (!view.message.empty()) {
        const Rect box{area.min, {area.max.x, area.min.y + NoticeHeight(f, view.message, area.Width())}};
        Notice(f, box, view.pending ? "hourglass_empty" : "event_busy", view.message,
               view.pending ? theme::kPictogram : theme::kPictogramAttention);
        LogBox("booking-message", box);
        area.min.y = box.max.y + gap;
    }
    if (f.modes.large_text) {
        DrawLargeDays(f, view, area, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }
    // Ten days: 5 x 2 in landscape, 2 x 5 in portrait; cards as large as the room allows.
    const int columns = f.portrait ? 2 : f.NarrowBand() ? 4 : 5;
    const int rows = int((view.days.size() + size_t(columns) - 1) / size_t(columns));
    if (rows > 0) {
        const float w = (area.Width() - gap * float(columns - 1)) / float(columns);
        const float h = std::min(f.Px(320), (area.Height() - gap * float(rows - 1)) / float(rows));
        for (size_t i = 0; i < view.days.size(); ++i) {
            const BookingDayButton& day = view.days[i];
            const int r = int(i) / columns, c = int(i) % columns;
            const Rect box = f.PlaceIn(Rect{{area.min.x + float(c) * (w + gap), area.min.y + float(r) * (h + gap)},
                                            {area.min.x + float(c) * (w + gap) + w, area.min.y + float(r) * (h + gap) + h}},
                                       area);
            const bool full = day.state == DayState::kFull;
            ButtonStyle style = QuietButton(40);
            if (!full) {
                style.border = DayColour(day.state);
                style.border_px = 3;
            }
            ImGui::PushID(int(i));
            if (TouchButton(f, "##day", box, "", "", style, {}, false, !full))
                actions.Emit(Action::kChooseBookingDay, {}, int(i));
            ImGui::PopID();
            LogBox("booking-day-" + std::to_string(i), box);
            // The weekday large, the date below, then a dot and the availability in its colour.
            const Rect in = Inset(box, f.Px(20), f.Px(14));
            const float line = in.Height() / 3.0f;
            TextStyle weekday;
            weekday.size_px = f.Px(44);
            weekday.bold = true;
            weekday.align = TextAlign::kCenter;
            weekday.color = full ? theme::kTextMuted : theme::kText;
            FitText(f, day.weekday, Rect{in.min, {in.max.x, in.min.y + line}}, weekday, VAlign::kCenter);
            TextStyle date = weekday;
            date.size_px = f.Px(38);
            date.bold = false;
            FitText(f, day.date, Rect{{in.min.x, in.min.y + line}, {in.max.x, in.min.y + 2 * line}}, date, VAlign::kCenter);
            TextStyle avail;
            avail.size_px = f.Px(32);
            avail.bold = !full;
            avail.align = TextAlign::kCenter;
            avail.color = DayColour(day.state);
            const Rect avail_box{{in.min.x + f.Px(36), in.min.y + 2 * line}, in.max};
            const float used = std::min(avail_box.Width(), MeasureText(f, day.availability, avail, avail_box.Width()).x);
            FitText(f, day.availability, avail_box, avail, VAlign::kCenter);
            // The dot at the start of the (centred) words.
            const float cx = f.rtl ? avail_box.min.x + (avail_box.Width() + used) * 0.5f + f.Px(22)
                                   : avail_box.min.x + (avail_box.Width() - used) * 0.5f - f.Px(22);
            Draw()->AddCircleFilled(ImVec2(cx, (avail_box.min.y + avail_box.max.y) * 0.5f), f.Px(11), DayColour(day.state));
        }
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

void DrawBookingTimesScreen(const BookingTimesView& view, UiActions& actions) {
    const Frame f = BeginScreen("book_time", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    area = Heading(f, area, view.title, view.day, view.accent);
    const float gap = f.Px(24);
    if (!view.note.empty()) {
        const Rect box{area.min, {area.max.x, area.min.y + NoticeHeight(f, view.note, area.Width())}};
        Notice(f, box, "info", view.note, theme::kPictogram);
        LogBox("booking-note", box);
        area.min.y = box.max.y + gap;
    }
    // Large time buttons, 6 a row in landscape (4 in portrait), never below the 72 px target;
    // large text: 4 a row (3 on a narrow screen), so "11:00 ص" keeps its full size.
    const bool large = f.modes.large_text;
    const int columns = large ? (f.portrait || f.NarrowBand() ? 3 : 4) : f.portrait ? 4 : 6;
    const int rows = int((view.times.size() + size_t(columns) - 1) / size_t(columns));
    if (rows > 0) {
        const float w = (area.Width() - gap * float(columns - 1)) / float(columns);
        const float h = std::clamp((area.Height() - gap * float(rows - 1)) / float(rows), f.Px(72), f.Px(large ? 160 : 140));
        ButtonStyle style = QuietButton(56);
        style.align = TextAlign::kCenter;
        style.border = AccentOr(view.accent, theme::kPrimary);
        style.border_px = 3;
        // One size for every time (the widest decides), not ragged sizes button by button.
        const Rect text_box = TouchButtonTextBox(f, Rect{{0, 0}, {w, h}}, false);
        TextStyle label;
        label.size_px = f.Px(style.text_px);
        label.bold = style.bold;
        float shared = label.size_px;
        for (const auto& time : view.times) shared = std::min(shared, FitSize(f, time.label, text_box, label));
        style.text_px = shared / f.s;
        for (size_t i = 0; i < view.times.size(); ++i) {
            const int r = int(i) / columns, c = int(i) % columns;
            const Rect box = f.PlaceIn(Rect{{area.min.x + float(c) * (w + gap), area.min.y + float(r) * (h + gap)},
                                            {area.min.x + float(c) * (w + gap) + w, area.min.y + float(r) * (h + gap) + h}},
                                       area);
            ImGui::PushID(int(i));
            if (TouchButton(f, "##time", box, view.times[i].label, "", style))
                actions.Emit(Action::kChooseBookingSlot, view.times[i].slot_id);
            ImGui::PopID();
            LogBox("booking-time-" + std::to_string(i), box);
        }
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

namespace {

// Large text (docs/accessibility.md): the reference across the top, 50 % larger ("A-0106-0800-1"
// needs about 1,100 px); below it the QR code at the start and the page beside it (when and
// where, then booked and what to do on the day, then the documents a few a page); "done" and the page buttons across the foot.
// Portrait: reference, QR code, page, page buttons, "done".
void DrawLargeBooked(const Frame& f, const BookedView& view, const Rect& area, ImU32 accent, UiActions& actions) {
    const float gap = f.Px(28);
    const float foot_h = f.Px(120);
    const int pages = int(view.large_pages.size());
    const BookedPage shown = pages == 0 ? BookedPage::kWhen : view.large_pages[size_t(std::clamp(view.page, 0, pages - 1))];
    Rect code, qr, info, done;
    if (f.portrait) {
        done = Rect{{area.min.x, area.max.y - foot_h}, area.max};
        code = Rect{area.min, {area.max.x, area.min.y + f.Px(280)}};
        qr = Rect{{area.min.x, code.max.y + gap}, {area.max.x, code.max.y + gap + f.Px(400)}};
        info = Rect{{area.min.x, qr.max.y + gap}, {area.max.x, done.min.y - gap}};
        PageButtons(f, info, gap, view.page, pages, view.previous_page_label, view.next_page_label, actions);
    } else {
        const Rect foot{{area.min.x, area.max.y - foot_h}, area.max};
        done = f.Start(foot, area.Width() * 0.32f);
        Rect pager = f.End(foot, area.Width() * 0.68f - gap);
        pager.min.y -= gap;  // PageButtons takes its gap above the row from the area it is given
        PageButtons(f, pager, gap, view.page, pages, view.previous_page_label, view.next_page_label, actions);
        code = Rect{area.min, {area.max.x, area.min.y + f.Px(230)}};
        const Rect middle{{area.min.x, code.max.y + gap}, {area.max.x, foot.min.y - gap}};
        qr = f.Start(middle, middle.Height());
        info = f.End(middle, middle.Width() - middle.Height() - gap);
    }
    ButtonStyle finish = PrimaryButton(44);
    finish.align = TextAlign::kCenter;
    if (TouchButton(f, "##done", done, view.done_label, "check_circle", finish)) actions.Emit(Action::kTicketDone);
    LogBox("done", done);

    Card(code, theme::kSurface, accent, f.Px(28));
    Draw()->AddRect(code.min, code.max, accent, f.Px(28), 0, f.Px(6));
    const Rect c = Inset(code, f.Px(24), f.Px(12));
    TextStyle label;
    label.size_px = f.Px(36);
    label.align = TextAlign::kCenter;
    label.color = theme::kTextMuted;
    TextStyle reference;
    reference.size_px = f.Px(96);
    reference.bold = true;
    reference.align = TextAlign::kCenter;
    Rect label_box, reference_box;
    if (f.portrait) {
        label_box = Rect{c.min, {c.max.x, c.min.y + f.Px(70)}};
        reference_box = Rect{{c.min.x, label_box.max.y}, c.max};
    } else {
        // The label at the start, the reference beside it.
        label_box = f.Start(c, c.Width() - f.Px(1150));
        reference_box = f.End(c, f.Px(1130));
        label.align = TextAlign::kStart;
    }
    FitText(f, view.reference_label, label_box, label, VAlign::kCenter);
    FitText(f, view.reference, reference_box, reference, VAlign::kCenter, 0.5f, "en");
    LogBox("booked-reference", reference_box);
    Card(qr, theme::kSurface, theme::kBorder, f.Px(28));
    DrawQr(Inset(qr, f.Px(16)), view.qr_size, view.qr_modules, "booked-qr");

    Card(info, theme::kSurface, theme::kBorder, f.Px(28));
    const Rect in = Inset(info, f.Px(36), f.Px(28));
    float y = in.min.y;
    // Each text as high as it needs at its size (at most what is left).
    auto next = [&](std::string_view text, const TextStyle& style, float after) {
        if (text.empty()) return Rect{};
        const float need = MeasureText(f, text, style, in.Width()).y + f.Px(6);
        const Rect box{{in.min.x, y}, {in.max.x, std::min(in.max.y, y + need)}};
        FitText(f, text, box, style, VAlign::kTop);
        y = box.max.y + after;
        return box;
    };
    if (shown == BookedPage::kWhen) {
        TextStyle when;
        when.size_px = f.Px(44);
        when.bold = true;
        LogBox("booked-when", next(view.when, when, f.Px(12)));
        TextStyle office;
        office.size_px = f.Px(40);
        office.bold = true;
        office.color = accent;
        next(view.office_name, office, f.Px(4));
        TextStyle service;
        service.size_px = f.Px(34);
        next(view.service_name, service, 0);
    } else if (shown == BookedPage::kHint) {
        // The printer's fault replaces the check-in hint: the code must be written down.
        const bool problem = !view.printer_problem.empty();
        Pictogram(f, problem ? "error" : "event_available", Rect{in.min, {in.max.x, in.min.y + f.Px(110)}},
                  problem ? theme::kPictogramAttention : theme::kPositive);
        y += f.Px(120);
        TextStyle title;
        title.size_px = f.Px(48);
        title.bold = true;
        title.align = TextAlign::kCenter;
        next(view.title, title, f.Px(16));
        TextStyle hint;
        hint.size_px = f.Px(34);
        hint.bold = problem;
        hint.color = problem ? theme::kWarning : theme::kText;
        hint.align = TextAlign::kCenter;
        LogBox("booked-hint", next(problem ? view.printer_problem : view.check_in_hint, hint, 0));
    } else {
        TextStyle docs_title;
        docs_title.size_px = f.Px(36);
        docs_title.bold = true;
        next(view.documents_title, docs_title, f.Px(12));
        const size_t first = size_t(std::count(view.large_pages.begin(), view.large_pages.begin() + view.page, BookedPage::kDocuments)) *
                             kLargeTextDocumentsPerPage;
        const std::vector<DocumentLine> few(view.documents.begin() + std::ptrdiff_t(std::min(first, view.documents.size())),
                                            view.documents.begin() + std::ptrdiff_t(std::min(first + kLargeTextDocumentsPerPage, view.documents.size())));
        const Rect docs{{in.min.x, y}, in.max};
        if (!few.empty()) DocumentChecklist(f, few, docs, std::min(f.Px(120), docs.Height() / float(few.size())), 1);
    }
}

}  // namespace

void DrawBookedScreen(const BookedView& view, UiActions& actions) {
    const Frame f = BeginReadingScreen("booked", view.chrome.lang);  // its touch targets at its foot
    Rect area = KioskChromeTop(f, view.chrome, actions, /*reading=*/true);
    const ImU32 accent = AccentOr(view.accent, theme::kPrimary);
    const float gap = f.Px(28);
    const float done_h = f.Px(120);
    if (f.modes.large_text && !view.reference.empty()) {
        DrawLargeBooked(f, view, area, accent, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }

    if (view.reference.empty()) {
        // Waiting for the booking, or it failed: one pictogram and one sentence.
        Rect card = Inset(Rect{area.min, {area.max.x, area.max.y - done_h - gap}}, f.portrait ? 0 : area.Width() * 0.15f, 0);
        Card(card, theme::kSurface, theme::kBorder, f.Px(28));
        const Rect in = Inset(card, f.Px(44));
        const float mid = (in.min.y + in.max.y) * 0.5f;
        Pictogram(f, view.pending ? "hourglass_empty" : "error", Rect{{in.min.x, mid - f.Px(150)}, {in.max.x, mid - f.Px(40)}},
                  view.pending ? theme::kPictogram : theme::kPictogramAttention);
        TextStyle message;
        message.size_px = f.Px(44);
        message.bold = true;
        message.align = TextAlign::kCenter;
        FitText(f, view.message, Rect{{in.min.x, mid - f.Px(20)}, {in.max.x, mid + f.Px(160)}}, message, VAlign::kTop);
        LogBox("booked-message", card);
    } else {
        // Start side: the reference large and its QR code. End side: when, where, what to bring.
        Rect code = area, info = area, done;
        if (f.portrait) {
            done = Rect{{area.min.x, area.max.y - done_h}, area.max};
            code.max.y = area.min.y + f.Px(700);
            info.min.y = code.max.y + gap;
            info.max.y = done.min.y - gap;
        } else {
            code = f.Start(area, area.Width() * 0.40f);
            info = f.End(area, area.Width() * 0.60f - gap);
            done = Rect{{code.min.x, code.max.y - done_h}, code.max};
            code.max.y = done.min.y - gap;
        }
        Card(code, theme::kSurface, accent, f.Px(28));
        Draw()->AddRect(code.min, code.max, accent, f.Px(28), 0, f.Px(6));
        Rect c = Inset(code, f.Px(32));
        TextStyle label;
        label.size_px = f.Px(36);
        label.align = TextAlign::kCenter;
        label.color = theme::kTextMuted;
        FitText(f, view.reference_label, Rect{c.min, {c.max.x, c.min.y + f.Px(56)}}, label, VAlign::kCenter);
        // The reference reads left to right in every language: Latin letters and digits.
        TextStyle reference;
        reference.size_px = f.Px(96);
        reference.bold = true;
        reference.align = TextAlign::kCenter;
        const Rect reference_box{{c.min.x, c.min.y + f.Px(60)}, {c.max.x, c.min.y + f.Px(180)}};
        FitText(f, view.reference, reference_box, reference, VAlign::kCenter, 0.5f, "en");
        LogBox("booked-reference", reference_box);
        DrawQr(Rect{{c.min.x, reference_box.max.y + f.Px(16)}, c.max}, view.qr_size, view.qr_modules, "booked-qr");

        Card(info, theme::kSurface, theme::kBorder, f.Px(28));
        Rect in = Inset(info, f.Px(40), f.Px(32));
        const Rect title_row{in.min, {in.max.x, in.min.y + f.Px(76)}};
        Pictogram(f, "event_available", f.Start(title_row, f.Px(72)), theme::kPositive);
        Rect title_text = title_row;
        if (f.rtl) title_text.max.x -= f.Px(92); else title_text.min.x += f.Px(92);
        TextStyle title;
        title.size_px = f.Px(48);
        title.bold = true;
        FitText(f, view.title, title_text, title, VAlign::kCenter);
        float y = title_row.max.y + f.Px(16);
        TextStyle when;
        when.size_px = f.Px(44);
        when.bold = true;
        // The date line's own height (one line, two when the language's date is long).
        const float when_h = std::clamp(MeasureText(f, view.when, when, in.Width()).y + f.Px(8), f.Px(64), f.Px(124));
        const Rect when_box{{in.min.x, y}, {in.max.x, y + when_h}};
        FitText(f, view.when, when_box, when, VAlign::kTop);
        LogBox("booked-when", when_box);
        y = when_box.max.y + f.Px(8);
        TextStyle office;
        office.size_px = f.Px(40);
        office.bold = true;
        office.color = accent;
        FitText(f, view.office_name, Rect{{in.min.x, y}, {in.max.x, y + f.Px(60)}}, office, VAlign::kCenter);
        y += f.Px(64);
        TextStyle service;
        service.size_px = f.Px(34);
        FitText(f, view.service_name, Rect{{in.min.x, y}, {in.max.x, y + f.Px(56)}}, service, VAlign::kCenter);
        y += f.Px(64);
        // The printer's fault replaces the check-in hint: the code must be written down.
        TextStyle hint;
        hint.size_px = f.Px(34);
        hint.bold = !view.printer_problem.empty();
        hint.color = view.printer_problem.empty() ? theme::kText : theme::kWarning;
        const Rect hint_box{{in.min.x, y}, {in.max.x, y + f.Px(100)}};
        FitText(f, view.printer_problem.empty() ? view.check_in_hint : view.printer_problem, hint_box, hint, VAlign::kTop);
        LogBox("booked-hint", hint_box);
        y = hint_box.max.y + f.Px(8);
        Draw()->AddLine(ImVec2(in.min.x, y), ImVec2(in.max.x, y), theme::kBorder, 2);
        y += f.Px(16);
        TextStyle docs_title;
        docs_title.size_px = f.Px(36);
        docs_title.bold = true;
        FitText(f, view.documents_title, Rect{{in.min.x, y}, {in.max.x, y + f.Px(56)}}, docs_title, VAlign::kCenter);
        y += f.Px(64);
        const Rect docs{{in.min.x, y}, in.max};
        if (!view.documents.empty() && docs.Height() > f.Px(60)) {
            const float row_h = std::min(f.Px(64), docs.Height() / float(view.documents.size()));
            const int columns = row_h < f.Px(52) ? 2 : 1;
            DocumentChecklist(f, view.documents, docs, columns == 2 ? std::min(f.Px(64), docs.Height() / float((view.documents.size() + 1) / 2)) : row_h, columns);
        }
        if (TouchButton(f, "##done", done, view.done_label, "check_circle", PrimaryButton(44))) actions.Emit(Action::kTicketDone);
        LogBox("done", done);
    }
    if (view.reference.empty() && !view.pending) {
        const Rect done = f.End(Rect{{area.min.x, area.max.y - done_h}, area.max}, std::min(area.Width(), f.Px(620)));
        ButtonStyle primary = PrimaryButton(44);
        primary.align = TextAlign::kCenter;
        if (TouchButton(f, "##done", done, view.done_label, "check_circle", primary)) actions.Emit(Action::kTicketDone);
        LogBox("done", done);
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
