// Kiosk: the ticket. The number very large, where to wait, the wait, what happens next, the
// documents again, and every stop of the visit. Printing and read-aloud hook in here.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

int DocumentsPageIndex(const std::vector<TicketPage>& pages, int page) {
    page = std::clamp(page, 0, int(pages.size()));
    return int(std::count(pages.begin(), pages.begin() + page, TicketPage::kDocuments));
}

namespace {

// The number card's top, in both looks: "your number", the number, a rule and the office.
// The sizes are the looks' own (large text: a taller number box and the office in the rest of
// the card); the texts' sizes are the same, large text's 50 % is added where they are fitted.
struct NumberCardLayout {
    float inset;                         // from the card's edge
    float label_height;                  // "your number"
    float number_top, number_bottom;     // the number's box, from the inset top
    float above_rule, below_rule;        // the gaps around the rule under the number
    float office_height;                 // 0: the rest of the card
    float below_office;
};
constexpr NumberCardLayout kStandardNumberCard{40, 60, 64, 284, 16, 24, 70, 14};
constexpr NumberCardLayout kLargeNumberCard{36, 80, 80, 400, 12, 12, 0, 0};

// Draws the card and its top; returns the y below the office line (the card's inset box
// continues there in the standard look).
float DrawNumberCard(const Frame& f, const TicketView& view, const Rect& card, ImU32 accent,
                     const NumberCardLayout& layout) {
    Card(card, theme::kSurface, accent, f.Px(28));
    Draw()->AddRect(card.min, card.max, accent, f.Px(28), 0, f.Px(6));
    const Rect t = Inset(card, f.Px(layout.inset));
    TextStyle label;
    label.size_px = f.Px(38);
    label.align = TextAlign::kCenter;
    label.color = theme::kTextMuted;
    FitText(f, view.your_number_label, Rect{t.min, {t.max.x, t.min.y + f.Px(layout.label_height)}}, label,
            VAlign::kCenter);
    TextStyle number;
    number.size_px = f.Px(200);
    number.bold = true;
    number.align = TextAlign::kCenter;
    number.color = theme::kText;
    // Ticket numbers stay Latin letters and Western digits in every language.
    const Rect number_box{{t.min.x, t.min.y + f.Px(layout.number_top)}, {t.max.x, t.min.y + f.Px(layout.number_bottom)}};
    FitText(f, view.number, number_box, number, VAlign::kCenter, 0.5f, "en");
    LogBox("ticket-number", number_box);
    float y = number_box.max.y + f.Px(layout.above_rule);
    Draw()->AddLine(ImVec2(t.min.x, y), ImVec2(t.max.x, y), theme::kBorder, 2);
    y += f.Px(layout.below_rule);
    TextStyle office;
    office.size_px = f.Px(44);
    office.bold = true;
    office.align = TextAlign::kCenter;
    office.color = accent;
    const float office_bottom = layout.office_height > 0 ? y + f.Px(layout.office_height) : t.max.y;
    FitText(f, view.office_name, Rect{{t.min.x, y}, {t.max.x, office_bottom}}, office, VAlign::kCenter);
    return office_bottom + f.Px(layout.below_office);
}

// Texts stacked down a column, each box as high as its text needs at the size asked (at most
// what is left), so a page holds what fits at the full size and a long one wraps.
struct Stack {
    const Frame& f;
    Rect column;
    float y;
    float Next(std::string_view text, const TextStyle& style, float min_h, float after, VAlign valign = VAlign::kTop) {
        if (text.empty()) return y;
        const float need = std::max(min_h, MeasureText(f, text, style, column.Width()).y + f.Px(6));
        const Rect box{{column.min.x, y}, {column.max.x, std::min(column.max.y, y + need)}};
        FitText(f, text, box, style, valign);
        y = box.max.y + after;
        return box.min.y;
    }
};

// Large text (docs/accessibility.md): the number card at the start (the number 50 % larger
// than the standard's, on every page) and the information in pages (TicketPage) beside it;
// across the foot "done", then the page buttons. Portrait: card, page, page buttons, "done".
void DrawLargeTicket(const Frame& f, const TicketView& view, const Rect& area, ImU32 accent, UiActions& actions) {
    const float gap = f.Px(28);
    const float foot_h = f.Px(120);  // "done" as in the standard look; PageButtons (110 px) beside it
    const int pages = int(view.large_pages.size());
    const TicketPage shown = pages == 0 ? TicketPage::kWait : view.large_pages[size_t(std::clamp(view.page, 0, pages - 1))];
    Rect ticket, info, done;
    if (f.portrait) {
        done = Rect{{area.min.x, area.max.y - foot_h}, area.max};
        ticket = Rect{area.min, {area.max.x, area.min.y + f.Px(640)}};
        info = Rect{{area.min.x, ticket.max.y + gap}, {area.max.x, done.min.y - gap}};
        PageButtons(f, info, gap, view.page, pages, view.previous_page_label, view.next_page_label, actions);
    } else {
        // "A-042" at 300 px is about 900 px wide: the card takes just over half the width.
        Rect foot{{area.min.x, area.max.y - foot_h}, area.max};
        done = f.Start(foot, area.Width() * 0.32f);
        Rect pager = f.End(foot, area.Width() * 0.68f - gap);
        pager.min.y -= gap;  // PageButtons takes its gap above the row from the area it is given
        PageButtons(f, pager, gap, view.page, pages, view.previous_page_label, view.next_page_label, actions);
        const Rect top{area.min, {area.max.x, foot.min.y - gap}};
        ticket = f.Start(top, top.Width() * 0.52f);
        info = f.End(top, top.Width() * 0.48f - gap);
    }
    ButtonStyle finish = PrimaryButton(44);
    finish.align = TextAlign::kCenter;
    if (TouchButton(f, "##done", done, view.done_label, "check_circle", finish)) actions.Emit(Action::kTicketDone);
    LogBox("done", done);

    DrawNumberCard(f, view, ticket, accent, kLargeNumberCard);

    Card(info);
    const Rect in = Inset(info, f.Px(36));
    Stack stack{f, in, in.min.y};
    TextStyle h;
    h.size_px = f.Px(40);
    h.bold = true;
    TextStyle body;
    body.size_px = f.Px(30);
    switch (shown) {
        case TicketPage::kWait: {
            TextStyle where;
            where.size_px = f.Px(36);
            stack.Next(view.wait_where, where, 0, f.Px(28));
            // The wait: a clock pictogram at the start, the sentence beside it.
            TextStyle wait;
            wait.size_px = f.Px(38);
            wait.bold = true;
            const float icon = f.Px(84);
            Rect wait_column = stack.column;
            if (f.rtl) wait_column.max.x -= icon + f.Px(24); else wait_column.min.x += icon + f.Px(24);
            Stack beside{f, wait_column, stack.y};
            const float top = beside.Next(view.wait_text, wait, icon, f.Px(28), VAlign::kCenter);
            if (!view.wait_text.empty()) {
                const Rect clock = f.Start(Rect{{in.min.x, top}, {in.max.x, top + icon}}, icon);
                Pictogram(f, "schedule", clock, theme::kPictogram);
            }
            stack.y = beside.y;
            if (view.printer_problem.empty()) {
                stack.Next(view.next_title, h, 0, f.Px(8));
                stack.Next(view.next_text, body, 0, 0);
            } else {
                // No slip: the visitor must keep the number from this screen.
                TextStyle problem = body;
                problem.bold = true;
                problem.color = theme::kWarning;
                const float need = MeasureText(f, view.printer_problem, problem, in.Width() - f.Px(32)).y + f.Px(24);
                const Rect box{{in.min.x, stack.y}, {in.max.x, std::min(in.max.y, stack.y + need)}};
                Draw()->AddRectFilled(box.min, box.max, theme::kSelected, f.Px(10));
                FitText(f, view.printer_problem, Inset(box, f.Px(16), f.Px(8)), problem, VAlign::kCenter);
                LogBox("printer-problem", box);
            }
            break;
        }
        case TicketPage::kVisit: {
            if (!view.printer_problem.empty()) {
                stack.Next(view.next_title, h, 0, f.Px(8));
                stack.Next(view.next_text, body, 0, f.Px(24));
            }
            if (view.stops.empty()) break;
            if (stack.y > in.min.y) {
                Draw()->AddLine(ImVec2(in.min.x, stack.y), ImVec2(in.max.x, stack.y), theme::kBorder, 2);
                stack.y += f.Px(12);
            }
            TextStyle note = body;
            note.size_px = f.Px(29);
            note.color = theme::kTextMuted;
            stack.Next(view.stops_note, note, 0, f.Px(12));
            // One row a stop: its place in the visit, its office's pictogram, where and what.
            TextStyle step = body;
            step.size_px = f.Px(28);
            step.bold = true;
            step.align = TextAlign::kCenter;
            const float badge_w = f.Px(64), icon_w = f.Px(64);
            for (size_t i = 0; i < view.stops.size(); ++i) {
                const StopLine& stop = view.stops[i];
                TextStyle line = body;
                line.size_px = f.Px(28);
                line.bold = stop.current;
                const float text_w = in.Width() - badge_w - icon_w - f.Px(48);
                const float row_h = std::max(f.Px(80), MeasureText(f, stop.office + " · " + stop.service, line, text_w).y + f.Px(16));
                const Rect row{{in.min.x, stack.y}, {in.max.x, std::min(in.max.y, stack.y + row_h)}};
                if (stop.current) Draw()->AddRectFilled(row.min, row.max, theme::kSelected, f.Px(10));
                const Rect badge = f.Start(Inset(row, f.Px(8), 0), badge_w);
                const ImVec2 centre((badge.min.x + badge.max.x) * 0.5f, (badge.min.y + badge.max.y) * 0.5f);
                Draw()->AddCircleFilled(centre, f.Px(30), stop.current ? accent : theme::kBorder);
                step.color = stop.current ? theme::kSurface : theme::kText;
                FitText(f, std::to_string(i + 1), Rect{{centre.x - f.Px(30), centre.y - f.Px(30)}, {centre.x + f.Px(30), centre.y + f.Px(30)}},
                        step, VAlign::kCenter, 0.7f, "en");
                Rect icon = f.Start(Inset(row, f.Px(8), f.Px(8)), badge_w + f.Px(16) + icon_w);
                if (f.rtl) icon.max.x -= badge_w + f.Px(16); else icon.min.x += badge_w + f.Px(16);
                Pictogram(f, stop.pictogram.empty() ? "arrow_forward" : stop.pictogram, icon, AccentOr(stop.accent, theme::kPictogram));
                Rect text = Inset(row, f.Px(8), f.Px(4));
                if (f.rtl) text.max.x -= badge_w + icon_w + f.Px(40); else text.min.x += badge_w + icon_w + f.Px(40);
                FitText(f, stop.office + " · " + stop.service, text, line, VAlign::kCenter);
                stack.y = row.max.y + f.Px(8);
            }
            break;
        }
        case TicketPage::kDocuments: {
            stack.Next(view.documents_title, h, 0, f.Px(12));
            const Rect docs{{in.min.x, stack.y}, in.max};
            const size_t first = size_t(DocumentsPageIndex(view.large_pages, view.page)) * kLargeTextDocumentsPerPage;
            const std::vector<DocumentLine> few(view.documents.begin() + std::ptrdiff_t(std::min(first, view.documents.size())),
                                                view.documents.begin() + std::ptrdiff_t(std::min(first + kLargeTextDocumentsPerPage, view.documents.size())));
            if (!few.empty()) DocumentChecklist(f, few, docs, std::min(f.Px(120), docs.Height() / float(few.size())), 1);
            break;
        }
    }
}

}  // namespace

void DrawTicketScreen(const TicketView& view, UiActions& actions) {
    const Frame f = BeginReadingScreen("ticket", view.chrome.lang);  // its touch targets at its foot
    Rect area = KioskChromeTop(f, view.chrome, actions, /*reading=*/true);
    const ImU32 accent = AccentOr(view.accent, theme::kPrimary);
    if (f.modes.large_text) {
        DrawLargeTicket(f, view, area, accent, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }
    const float gap = f.Px(28);

    // Landscape: the ticket card with "done" below it at the start, the information card the
    // whole height at the end (seven documents need the room). Portrait: ticket, information,
    // then "done" across the bottom.
    const float done_h = f.Px(120);
    Rect ticket = area, info = area, done;
    if (f.portrait) {
        done = Rect{{area.min.x, area.max.y - done_h}, area.max};
        ticket.max.y = area.min.y + f.Px(630);
        info.min.y = ticket.max.y + gap;
        info.max.y = done.min.y - gap;
    } else {
        ticket = f.Start(area, area.Width() * 0.38f);
        info = f.End(area, area.Width() * 0.62f - gap);
        done = Rect{{ticket.min.x, ticket.max.y - done_h}, ticket.max};
        ticket.max.y = done.min.y - gap;
    }
    if (TouchButton(f, "##done", done, view.done_label, "check_circle", PrimaryButton(44))) {
        actions.Emit(Action::kTicketDone);
    }
    LogBox("done", done);

    // The ticket card: number first, then office, place and wait.
    const Rect t = Inset(ticket, f.Px(kStandardNumberCard.inset));
    float y = DrawNumberCard(f, view, ticket, accent, kStandardNumberCard);
    TextStyle where;
    where.size_px = f.Px(36);
    where.align = TextAlign::kCenter;
    FitText(f, view.wait_where, Rect{{t.min.x, y}, {t.max.x, y + f.Px(100)}}, where, VAlign::kTop);
    y += f.Px(108);
    // The wait: a clock pictogram at the start, the sentence beside it.
    const Rect wait_row{{t.min.x, y}, {t.max.x, std::max(y + f.Px(72), t.max.y)}};
    const Rect clock_box = f.Start(wait_row, f.Px(64));
    Pictogram(f, "schedule", Rect{clock_box.min, {clock_box.max.x, clock_box.min.y + f.Px(64)}}, theme::kPictogram);
    Rect wait_text = wait_row;
    if (f.rtl) wait_text.max.x -= f.Px(84); else wait_text.min.x += f.Px(84);
    TextStyle wait;
    wait.size_px = f.Px(38);
    wait.bold = true;
    FitText(f, view.wait_text, wait_text, wait, VAlign::kTop);

    // What happens next, documents again, and the later stops.
    Card(info);
    Rect in = Inset(info, f.Px(36));
    TextStyle h;
    h.size_px = f.Px(40);
    h.bold = true;
    TextStyle body;
    body.size_px = f.Px(34);
    FitText(f, view.next_title, Rect{in.min, {in.max.x, in.min.y + f.Px(56)}}, h, VAlign::kCenter);
    const float next_h = f.Px(88);  // two lines at 30 px
    TextStyle next = body;
    next.size_px = f.Px(30);
    const Rect next_box{{in.min.x, in.min.y + f.Px(60)}, {in.max.x, in.min.y + f.Px(60) + next_h}};
    if (view.printer_problem.empty()) {
        FitText(f, view.next_text, next_box, next);
    } else {
        // No slip: the visitor must keep the number from this screen (the number stays large).
        Draw()->AddRectFilled(next_box.min, next_box.max, theme::kSelected, f.Px(10));
        next.bold = true;
        next.color = theme::kWarning;
        FitText(f, view.printer_problem, Inset(next_box, f.Px(8), f.Px(2)), next, VAlign::kCenter);
        LogBox("printer-problem", next_box);
    }
    float iy = in.min.y + f.Px(60) + next_h + f.Px(12);
    // Every stop of the visit: the one-number sentence (two lines at 29 px if it must), then one
    // row a stop. Compact: the documents above must stay readable (seven in Ukrainian, tests/ui).
    const float stop_row_h = f.Px(54);
    const float stops_h = view.stops.empty() ? 0 : f.Px(88) + stop_row_h * float(view.stops.size());
    FitText(f, view.documents_title, Rect{{in.min.x, iy}, {in.max.x, iy + f.Px(54)}}, h, VAlign::kCenter);
    iy += f.Px(54);
    const Rect docs{{in.min.x, iy}, {in.max.x, in.max.y - stops_h}};
    // One column, one document a line, as long as every title stays at 28 px or more; two
    // columns (narrow, titles wrap) only for a list too long for that.
    auto row_height = [&](int columns) {
        const int rows = int((view.documents.size() + size_t(columns) - 1) / size_t(columns));
        return rows == 0 ? 0.0f : std::min(f.Px(80), docs.Height() / float(rows));
    };
    int columns = 1;
    if (!f.portrait && view.documents.size() > 4 &&
        DocumentChecklistTextSize(f, view.documents, docs, row_height(1), 1) < f.Px(28)) {
        columns = 2;
    }
    const float row_h = row_height(columns);
    DocumentChecklist(f, view.documents, docs, row_h, columns);
    if (!view.stops.empty()) {
        float sy = in.max.y - stops_h;
        Draw()->AddLine(ImVec2(in.min.x, sy), ImVec2(in.max.x, sy), theme::kBorder, 2);
        TextStyle note = body;
        note.size_px = f.Px(29);  // two lines when it must, never below 28 px (read from 60 cm)
        note.color = theme::kTextMuted;
        FitText(f, view.stops_note, Rect{{in.min.x, sy}, {in.max.x, sy + f.Px(84)}}, note, VAlign::kCenter, 0.97f);
        sy += f.Px(88);
        TextStyle step = body;
        step.size_px = f.Px(28);
        step.bold = true;
        step.align = TextAlign::kCenter;
        for (size_t i = 0; i < view.stops.size(); ++i) {
            const StopLine& stop = view.stops[i];
            const Rect row{{in.min.x, sy}, {in.max.x, sy + stop_row_h - f.Px(6)}};
            if (stop.current) Draw()->AddRectFilled(row.min, row.max, theme::kSelected, f.Px(10));
            // The stop's place in the visit, then its office's pictogram, then where and what.
            const Rect badge = f.Start(Inset(row, f.Px(8), f.Px(6)), f.Px(44));
            Draw()->AddCircleFilled(ImVec2((badge.min.x + badge.max.x) * 0.5f, (badge.min.y + badge.max.y) * 0.5f),
                                    f.Px(21), stop.current ? accent : theme::kBorder);
            step.color = stop.current ? theme::kSurface : theme::kText;
            FitText(f, std::to_string(i + 1), badge, step, VAlign::kCenter, 0.7f, "en");
            Rect icon = f.Start(Inset(row, f.Px(8), f.Px(4)), f.Px(110));
            if (f.rtl) icon.max.x -= f.Px(60); else icon.min.x += f.Px(60);
            Pictogram(f, stop.pictogram.empty() ? "arrow_forward" : stop.pictogram, icon, AccentOr(stop.accent, theme::kPictogram));
            Rect text = Inset(row, f.Px(8), f.Px(2));
            if (f.rtl) text.max.x -= f.Px(120); else text.min.x += f.Px(120);
            TextStyle line = body;
            line.size_px = f.Px(28);
            line.bold = stop.current;
            FitText(f, stop.office + " · " + stop.service, text, line, VAlign::kCenter, 0.6f);
            sy += stop_row_h;
        }
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
