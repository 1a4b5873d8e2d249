// Kiosk: one service. What it is for, what to bring (a checklist with pictograms), today's
// wait, whether it needs an appointment; take a ticket, or add a stop at another office.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {


void DrawServiceScreen(const ServiceView& view, UiActions& actions) {
    const Frame f = BeginScreen("service", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    const ImU32 accent = AccentOr(view.accent, theme::kPrimary);
    const float gap = f.Px(28);

    // Bottom: the two ways on. "Take a ticket" is the big one, at the end side.
    const float buttons_h = f.Px(130);
    const Rect bottom{{area.min.x, area.max.y - buttons_h}, area.max};
    area.max.y = bottom.min.y - gap;
    const float add_w = view.can_add_stop ? bottom.Width() * 0.42f : 0.0f;
    const Rect take = view.can_add_stop ? f.End(bottom, bottom.Width() - add_w - gap) : bottom;
    if (TouchButton(f, "##take", take, view.continue_label, view.needs_appointment ? "event" : "confirmation_number",
                    PrimaryButton(46))) {
        actions.Emit(view.needs_appointment ? Action::kBookAppointment : Action::kContinue);
    }
    LogBox("take-ticket", take);
    if (view.can_add_stop) {
        const Rect add = f.Start(bottom, add_w);
        ButtonStyle style = QuietButton(34);
        style.border = accent;
        style.border_px = 3;
        if (TouchButton(f, "##add-stop", add, view.add_stop_label, "add_circle", style)) actions.Emit(Action::kAddStop);
        LogBox("add-stop", add);
    }

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
