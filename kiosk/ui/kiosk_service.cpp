// Kiosk: one service. What it is for, what to bring (a checklist with pictograms), today's
// wait, whether it needs an appointment; take a ticket, or add a stop at another office.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

int ServiceDocumentsPageIndex(const std::vector<ServicePage>& pages, int page) {
    page = std::clamp(page, 0, int(pages.size()));
    return int(std::count(pages.begin(), pages.begin() + page, ServicePage::kDocuments));
}

namespace {

// The two ways on across the foot of `area` (which loses them): "take a ticket", the big one,
// at the end side; "I also need another office" at the start. Large text gives them the height
// and width their labels need at the full size, one above the other where the screen is narrow.
void ServiceButtons(const Frame& f, const ServiceView& view, Rect& area, ImU32 accent, UiActions& actions) {
    const float gap = f.Px(28);
    const bool large = f.modes.large_text;
    const bool stacked = large && view.can_add_stop && area.Width() < f.Px(1400);
    const float buttons_h = f.Px(large ? (stacked ? 150 : 180) : 130);  // stacked: the whole width, two lines fit in less
    const Rect bottom{{area.min.x, area.max.y - buttons_h}, area.max};
    area.max.y = bottom.min.y - gap;
    Rect take = bottom, add = bottom;
    if (stacked) {
        add = Rect{{area.min.x, area.max.y - buttons_h}, {area.max.x, area.max.y}};
        area.max.y = add.min.y - gap;
    } else if (view.can_add_stop) {
        const float add_w = bottom.Width() * (large ? 0.5f : 0.42f);
        take = f.End(bottom, bottom.Width() - add_w - gap);
        add = f.Start(bottom, add_w);
    }
    if (TouchButton(f, "##take", take, view.continue_label, view.needs_appointment ? "event" : "confirmation_number",
                    PrimaryButton(46))) {
        actions.Emit(view.needs_appointment ? Action::kBookAppointment : Action::kContinue);
    }
    LogBox("take-ticket", take);
    if (view.can_add_stop) {
        ButtonStyle style = QuietButton(34);
        style.border = accent;
        style.border_px = 3;
        if (TouchButton(f, "##add-stop", add, view.add_stop_label, "add_circle", style)) actions.Emit(Action::kAddStop);
        LogBox("add-stop", add);
    }
}

// A pictogram at the start of `row` (64 px, at its top) and `text` beside it; returns the
// height used (the text's own height at its full size, at least the pictogram's).
float FactRow(const Frame& f, const Rect& row, std::string_view icon, ImU32 icon_colour, std::string_view text,
              const TextStyle& style) {
    Rect text_box = row;
    if (f.rtl) text_box.max.x -= f.Px(84); else text_box.min.x += f.Px(84);
    const float need = std::max(f.Px(80), MeasureText(f, text, style, text_box.Width()).y + f.Px(8));
    text_box.max.y = std::min(row.max.y, row.min.y + need);
    const Rect icon_box = f.Start(row, f.Px(64));
    Pictogram(f, icon, Rect{{icon_box.min.x, row.min.y + f.Px(8)}, {icon_box.max.x, row.min.y + f.Px(72)}}, icon_colour);
    FitText(f, text, text_box, style, need <= f.Px(80) ? VAlign::kCenter : VAlign::kTop);
    return text_box.Height();
}

// Large text (docs/accessibility.md): one card the whole width with the page shown (what it
// is; the wait and the appointment; what to bring, a few a page; the visit so far), the two
// ways on below it on every page, the page buttons at the foot.
void DrawLargeService(const Frame& f, const ServiceView& view, Rect area, ImU32 accent, UiActions& actions) {
    const float gap = f.Px(28);
    const int pages = int(view.large_pages.size());
    const ServicePage shown = pages == 0 ? ServicePage::kAbout : view.large_pages[size_t(std::clamp(view.page, 0, pages - 1))];
    PageButtons(f, area, gap, view.page, pages, view.previous_page_label, view.next_page_label, actions);
    ServiceButtons(f, view, area, accent, actions);
    Card(area, theme::kSurface, theme::kBorder, f.Px(24));
    const Rect a = Inset(area, f.Px(36));
    float y = a.min.y;
    // The head on the wait's page too where the card has the room (not in the low-reach band).
    if (shown == ServicePage::kAbout || (shown == ServicePage::kWait && a.Height() >= f.Px(440))) {
        // The head: the service's pictogram, the office above the name (a long name wraps).
        const float icon = f.Px(110);
        Pictogram(f, view.pictogram, f.Start(Rect{a.min, {a.max.x, a.min.y + icon}}, icon), accent);
        Rect head = a;
        if (f.rtl) head.max.x -= icon + f.Px(28); else head.min.x += icon + f.Px(28);
        TextStyle office;
        office.size_px = f.Px(30);
        office.color = accent;
        office.bold = true;
        const float office_h = MeasureText(f, view.office_name, office, head.Width()).y + f.Px(4);
        FitText(f, view.office_name, Rect{head.min, {head.max.x, head.min.y + office_h}}, office);
        TextStyle name;
        name.size_px = f.Px(50);
        name.bold = true;
        const float name_top = head.min.y + office_h;
        const float name_h = MeasureText(f, view.name, name, head.Width()).y + f.Px(4);
        FitText(f, view.name, Rect{{head.min.x, name_top}, {head.max.x, std::min(a.max.y, name_top + name_h)}}, name);
        y = std::max(a.min.y + icon, name_top + name_h) + f.Px(24);
    }
    switch (shown) {
        case ServicePage::kAbout:
            KioskBody(f, view.description, Rect{{a.min.x, y}, a.max});
            break;
        case ServicePage::kWait: {
            TextStyle wait;
            wait.size_px = f.Px(36);
            wait.bold = true;
            y += FactRow(f, Rect{{a.min.x, y}, a.max}, "schedule", theme::kPictogram, view.wait_text, wait) + f.Px(16);
            if (view.needs_appointment || view.offer_appointment) {
                TextStyle appt;
                appt.size_px = f.Px(32);
                appt.color = theme::kWarning;
                const Rect row{{a.min.x, y}, a.max};
                FactRow(f, row, "event", theme::kPictogramAttention, view.appointment_text, appt);
                LogBox("appointment", row);
            }
            break;
        }
        case ServicePage::kDocuments: {
            TextStyle dt;
            dt.size_px = f.Px(42);
            dt.bold = true;
            const float dt_h = f.Px(90);
            const Rect dt_row{a.min, {a.max.x, a.min.y + dt_h}};
            Pictogram(f, "checklist", f.Start(dt_row, f.Px(60)), theme::kPictogram);
            Rect dt_text = dt_row;
            if (f.rtl) dt_text.max.x -= f.Px(80); else dt_text.min.x += f.Px(80);
            FitText(f, view.documents_title, dt_text, dt, VAlign::kCenter);
            const Rect docs{{a.min.x, dt_row.max.y + f.Px(12)}, a.max};
            const size_t first = size_t(ServiceDocumentsPageIndex(view.large_pages, view.page)) * kLargeTextDocumentsPerPage;
            const std::vector<DocumentLine> few(
                view.documents.begin() + std::ptrdiff_t(std::min(first, view.documents.size())),
                view.documents.begin() + std::ptrdiff_t(std::min(first + kLargeTextDocumentsPerPage, view.documents.size())));
            if (!few.empty()) DocumentChecklist(f, few, docs, std::min(f.Px(96), docs.Height() / float(few.size())), 1);
            break;
        }
        case ServicePage::kVisit: {
            TextStyle title;
            title.size_px = f.Px(34);
            title.bold = true;
            FitText(f, view.stops_title, Rect{a.min, {a.max.x, a.min.y + f.Px(76)}}, title, VAlign::kCenter);
            y = a.min.y + f.Px(88);
            // One row a stop: its office's pictogram in its colour, the office, the service below.
            for (const StopLine& stop : view.stops) {
                const float row_h = f.Px(150);
                if (y + row_h > a.max.y + 0.5f) break;
                const Rect row{{a.min.x, y}, {a.max.x, y + row_h}};
                Card(row, theme::kSelected, 0, f.Px(18));
                const Rect in = Inset(row, f.Px(20), f.Px(8));
                const float icon = f.Px(72);
                Pictogram(f, stop.pictogram, f.Start(Rect{{in.min.x, in.min.y + (in.Height() - icon) * 0.5f},
                                                          {in.max.x, in.min.y + (in.Height() + icon) * 0.5f}}, icon),
                          AccentOr(stop.accent, theme::kPictogram));
                Rect text = in;
                if (f.rtl) text.max.x -= icon + f.Px(24); else text.min.x += icon + f.Px(24);
                const float half = text.Height() * 0.5f;
                TextStyle office;
                office.size_px = f.Px(32);
                office.bold = true;
                office.color = AccentOr(stop.accent, theme::kText);
                FitText(f, stop.office, Rect{text.min, {text.max.x, text.min.y + half}}, office, VAlign::kBottom);
                TextStyle service;
                service.size_px = f.Px(30);
                FitText(f, stop.service, Rect{{text.min.x, text.min.y + half}, text.max}, service, VAlign::kTop);
                y = row.max.y + f.Px(16);
            }
            LogBox("visit-strip", Rect{a.min, {a.max.x, y}});
            break;
        }
    }
}

}  // namespace

void DrawServiceScreen(const ServiceView& view, UiActions& actions) {
    const Frame f = BeginScreen("service", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    const ImU32 accent = AccentOr(view.accent, theme::kPrimary);
    if (f.modes.large_text && !view.large_pages.empty()) {
        DrawLargeService(f, view, area, accent, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }
    const float gap = f.Px(28);

    // Bottom: the two ways on. "Take a ticket" is the big one, at the end side.
    ServiceButtons(f, view, area, accent, actions);

    // Earlier stops of this visit, as a strip above the buttons: the title, then each stop
    // with its office's pictogram in the office's colour, the office in bold and the service
    // below it, so a visitor finds "the green one" again.
    if (!view.stops.empty()) {
        const float strip_h = f.Px(f.portrait ? 200 : 124);
        const Rect strip{{area.min.x, area.max.y - strip_h}, area.max};
        area.max.y = strip.min.y - gap;
        Card(strip, theme::kSelected, 0, f.Px(18));
        LogBox("visit-strip", strip);
        Rect inner = Inset(strip, f.Px(24), f.Px(12));
        TextStyle ts;
        ts.size_px = f.Px(34);
        ts.bold = true;
        Rect list = inner;
        if (f.portrait) {
            // The title on its own line, the stops below at full width.
            FitText(f, view.stops_title, Rect{inner.min, {inner.max.x, inner.min.y + f.Px(52)}}, ts, VAlign::kCenter);
            list.min.y += f.Px(60);
        } else {
            const float title_w = std::min(inner.Width() * 0.22f, f.Px(300));
            FitText(f, view.stops_title, f.Start(inner, title_w), ts, VAlign::kCenter);
            if (f.rtl) list.max.x -= title_w + f.Px(24); else list.min.x += title_w + f.Px(24);
        }
        const float each = list.Width() / float(view.stops.size());
        for (size_t i = 0; i < view.stops.size(); ++i) {
            const StopLine& stop = view.stops[i];
            const Rect cell = f.PlaceIn(Rect{{list.min.x + float(i) * each, list.min.y}, {list.min.x + float(i + 1) * each, list.max.y}}, list);
            const float icon = std::min(cell.Height(), f.Px(72));
            const Rect icon_box = f.Start(Rect{{cell.min.x, cell.min.y + (cell.Height() - icon) * 0.5f},
                                               {cell.max.x, cell.min.y + (cell.Height() + icon) * 0.5f}}, icon);
            Pictogram(f, stop.pictogram, icon_box, AccentOr(stop.accent, theme::kPictogram));
            Rect text = Inset(cell, f.Px(8), 0);
            if (f.rtl) text.max.x -= icon + f.Px(16); else text.min.x += icon + f.Px(16);
            const float half = text.Height() * 0.5f;
            TextStyle office;
            office.size_px = f.Px(32);
            office.bold = true;
            office.color = AccentOr(stop.accent, theme::kText);
            FitText(f, stop.office, Rect{text.min, {text.max.x, text.min.y + half}}, office, VAlign::kBottom);
            TextStyle service;
            service.size_px = f.Px(30);
            FitText(f, stop.service, Rect{{text.min.x, text.min.y + half}, text.max}, service, VAlign::kTop);
        }
    }

    // Two columns in landscape (about | documents), stacked in portrait.
    Rect about = area, docs = area;
    if (f.portrait) {
        about.max.y = area.min.y + area.Height() * 0.5f;
        docs.min.y = about.max.y + gap;
    } else {
        about = f.Start(area, area.Width() * 0.52f);
        docs = f.End(area, area.Width() * 0.48f - gap);
    }

    // About: pictogram, office, name, description, wait, appointment.
    Card(about, theme::kSurface, theme::kBorder, f.Px(24));
    Rect a = Inset(about, f.Px(36));
    const float icon = f.Px(110);
    const Rect icon_box = f.Start(Rect{a.min, {a.max.x, a.min.y + icon}}, icon);
    Pictogram(f, view.pictogram, icon_box, accent);
    Rect head{a.min, {a.max.x, a.min.y + icon}};
    if (f.rtl) head.max.x -= icon + f.Px(28); else head.min.x += icon + f.Px(28);
    TextStyle office;
    office.size_px = f.Px(30);
    office.color = accent;
    office.bold = true;
    FitText(f, view.office_name, Rect{head.min, {head.max.x, head.min.y + f.Px(44)}}, office);
    TextStyle name;
    name.size_px = f.Px(50);
    name.bold = true;
    FitText(f, view.name, Rect{{head.min.x, head.min.y + f.Px(44)}, {head.max.x, head.max.y + f.Px(40)}}, name, VAlign::kTop, 0.55f);
    float y = a.min.y + icon + f.Px(56);
    const bool appointment_row = view.needs_appointment || view.offer_appointment;
    const float facts_h = f.Px(appointment_row ? 230 : 90);
    KioskBody(f, view.description, Rect{{a.min.x, y}, {a.max.x, a.max.y - facts_h - f.Px(16)}});
    TextStyle body;
    body.size_px = f.Px(36);
    // Facts at the bottom of the card: the wait and, if so, the appointment.
    Rect facts{{a.min.x, a.max.y - facts_h}, a.max};
    const Rect wait_row{facts.min, {facts.max.x, facts.min.y + f.Px(80)}};
    const Rect wait_icon = f.Start(wait_row, f.Px(64));
    Pictogram(f, "schedule", Rect{{wait_icon.min.x, wait_row.min.y + f.Px(8)}, {wait_icon.max.x, wait_row.min.y + f.Px(72)}}, theme::kPictogram);
    Rect wait_text = wait_row;
    if (f.rtl) wait_text.max.x -= f.Px(84); else wait_text.min.x += f.Px(84);
    TextStyle wait = body;
    wait.bold = true;
    FitText(f, view.wait_text, wait_text, wait, VAlign::kCenter);
    if (appointment_row) {
        const Rect appt_row{{facts.min.x, wait_row.max.y + f.Px(10)}, facts.max};
        const Rect appt_icon = f.Start(appt_row, f.Px(64));
        Pictogram(f, "event", Rect{{appt_icon.min.x, appt_row.min.y + f.Px(8)}, {appt_icon.max.x, appt_row.min.y + f.Px(72)}}, theme::kPictogramAttention);
        Rect appt_text = appt_row;
        if (f.rtl) appt_text.max.x -= f.Px(84); else appt_text.min.x += f.Px(84);
        TextStyle appt = body;
        appt.color = theme::kWarning;
        appt.size_px = f.Px(32);
        FitText(f, view.appointment_text, appt_text, appt, VAlign::kTop);
        LogBox("appointment", appt_row);
    }

    // Documents to bring.
    Card(docs, theme::kSurface, theme::kBorder, f.Px(24));
    Rect d = Inset(docs, f.Px(36));
    TextStyle dt;
    dt.size_px = f.Px(42);
    dt.bold = true;
    // The low-reach band's column is narrow: room for the title on two lines.
    const float dt_h = f.Px(f.NarrowBand() ? 100 : 64);
    const Rect dt_row{d.min, {d.max.x, d.min.y + dt_h}};
    const Rect dt_icon = f.Start(dt_row, f.Px(60));
    Pictogram(f, "checklist", dt_icon, theme::kPictogram);
    Rect dt_text = dt_row;
    if (f.rtl) dt_text.max.x -= f.Px(80); else dt_text.min.x += f.Px(80);
    FitText(f, view.documents_title, dt_text, dt, VAlign::kCenter);
    d.min.y += dt_h + f.Px(20);
    const float row_h = view.documents.empty() ? 0 : std::min(f.Px(96), d.Height() / float(view.documents.size()));
    DocumentChecklist(f, view.documents, d, row_h);

    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
