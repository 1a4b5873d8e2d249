// Kiosk, step 1: the three offices, one plain sentence each, "I am not sure", "I have an
// appointment", "Other help nearby" and "How was your visit?".
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

// One office as a touch target: its card with the office's colour at the start edge.
bool OfficeCardButton(const Frame& f, const OfficeCard& office, const Rect& card, ImU32 accent) {
    ImGui::SetCursorScreenPos(card.min);
    const bool tapped = ExploreGate(Context(), ImGui::GetID("##office"),
                                    ImGui::InvisibleButton("##office", ImVec2(card.Width(), card.Height())),
                                    office.name + ". " + office.summary);
    LogTouchTarget(card);
    Card(card, ImGui::IsItemActive() ? theme::kSelected : theme::kSurface, theme::kBorder, f.Px(24));
    const Rect b = f.Start(card, f.Px(14));
    Draw()->AddRectFilled(b.min, b.max, accent, f.Px(24), f.rtl ? ImDrawFlags_RoundCornersRight : ImDrawFlags_RoundCornersLeft);
    LogBox("office-" + office.id, card);
    return tapped;
}

// Large text (docs/accessibility.md). Page one: the title and the offices, a row each: the
// pictogram, the name (its column as wide as the longest name needs) and the sentence beside
// it, so both keep the full 50 % on a landscape screen (one above the other in portrait).
// Page two: the other ways in, two a row, each with its second line.
void DrawLargeHome(const Frame& f, const HomeView& view, Rect area, UiActions& actions) {
    const float gap = f.Px(24);
    PageButtons(f, area, gap, view.page, view.pages, view.previous_page_label, view.next_page_label, actions);
    if (view.page == 0) {
        TextStyle title;
        title.size_px = f.Px(60);
        title.bold = true;
        FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(125)}}, title, VAlign::kCenter);
        area.min.y += f.Px(125) + gap * 0.5f;
        const int count = int(view.offices.size());
        const float row_h = (area.Height() - gap * float(std::max(0, count - 1))) / float(std::max(1, count));
        TextStyle name;
        name.size_px = f.Px(46);
        name.bold = true;
        TextStyle summary;
        summary.size_px = f.Px(34);
        summary.color = theme::kTextMuted;
        const bool beside = !f.portrait && !f.NarrowBand();
        const float icon = std::min(f.Px(110), row_h - f.Px(24));
        const float text_w = area.Width() - f.Px(14 + 28 + 28) - icon - f.Px(24);
        float name_w = 0;
        for (const auto& o : view.offices) name_w = std::max(name_w, MeasureText(f, o.name, name, 1e6f).x + f.Px(12));
        name_w = std::clamp(name_w, text_w * 0.25f, text_w * 0.45f);
        for (int i = 0; i < count; ++i) {
            const OfficeCard& office = view.offices[size_t(i)];
            const ImU32 accent = AccentOr(office.accent, OfficeAccentNow(i));
            const Rect card{{area.min.x, area.min.y + float(i) * (row_h + gap)}, {area.max.x, area.min.y + float(i) * (row_h + gap) + row_h}};
            ImGui::PushID(i);
            const bool tapped = OfficeCardButton(f, office, card, accent);
            Rect inner = Inset(card, f.Px(28), f.Px(12));
            if (f.rtl) inner.max.x -= f.Px(14); else inner.min.x += f.Px(14);
            const Rect icon_box = f.Start(inner, icon);
            Pictogram(f, office.pictogram, Rect{{icon_box.min.x, inner.min.y + (inner.Height() - icon) * 0.5f},
                                                {icon_box.max.x, inner.min.y + (inner.Height() + icon) * 0.5f}}, accent);
            Rect text = inner;
            if (f.rtl) text.max.x -= icon + f.Px(24); else text.min.x += icon + f.Px(24);
            if (beside) {
                FitText(f, office.name, f.Start(text, name_w), name, VAlign::kCenter);
                FitText(f, office.summary, f.End(text, text.Width() - name_w - f.Px(24)), summary, VAlign::kCenter);
            } else {
                // The low-reach band has not the height for both at the full size: the name gives
                // up some (it is large already) so the sentence keeps more than the standard look's.
                const float name_need = MeasureText(f, office.name, name, text.Width()).y + f.Px(4);
                const float name_h = f.NarrowBand() ? std::min(name_need, text.Height() * 0.4f) : name_need;
                FitText(f, office.name, Rect{text.min, {text.max.x, text.min.y + name_h}}, name, VAlign::kTop);
                FitText(f, office.summary, Rect{{text.min.x, text.min.y + name_h}, text.max}, summary, VAlign::kTop);
            }
            if (tapped) actions.Emit(Action::kChooseOffice, office.id);
            ImGui::PopID();
        }
        return;
    }
    struct Way {
        const char* id;
        const std::string& label;
        const std::string& hint;
        const char* icon;
        Action action;
        const char* log;
    };
    std::vector<Way> ways;
    ways.push_back({"##not-sure", view.not_sure_label, view.not_sure_hint, "help", Action::kOpenFinder, "not-sure"});
    if (!view.appointment_label.empty())
        ways.push_back({"##checkin", view.appointment_label, view.appointment_hint, "event_available", Action::kOpenCheckIn, "have-appointment"});
    if (!view.nearby_label.empty())
        ways.push_back({"##nearby", view.nearby_label, view.nearby_hint, "support", Action::kOpenNearby, "nearby"});
    if (!view.feedback_label.empty())
        ways.push_back({"##feedback", view.feedback_label, view.feedback_hint, "sentiment_satisfied", Action::kOpenFeedback, "feedback"});
    const int columns = f.portrait ? 1 : 2;
    const int rows = (int(ways.size()) + columns - 1) / columns;
    const float w = (area.Width() - gap * float(columns - 1)) / float(columns);
    const float h = std::min(f.Px(320), (area.Height() - gap * float(rows - 1)) / float(std::max(1, rows)));
    ButtonStyle style = QuietButton(42);
    style.bold = true;
    style.align = TextAlign::kStart;
    style.border = theme::kPrimary;
    style.border_px = 3;
    for (size_t i = 0; i < ways.size(); ++i) {
        const int r = int(i) / columns, c = int(i) % columns;
        const Rect box = f.PlaceIn(Rect{{area.min.x + float(c) * (w + gap), area.min.y + float(r) * (h + gap)},
                                        {area.min.x + float(c) * (w + gap) + w, area.min.y + float(r) * (h + gap) + h}}, area);
        if (TouchButton(f, ways[i].id, box, ways[i].label, ways[i].icon, style, ways[i].hint)) actions.Emit(ways[i].action);
        LogBox(ways[i].log, box);
    }
}

}  // namespace

void DrawHomeScreen(const HomeView& view, UiActions& actions) {
    const Frame f = BeginScreen("home", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions);
    if (f.modes.large_text && view.pages > 1) {
        DrawLargeHome(f, view, area, actions);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }

    TextStyle title;
    title.size_px = f.Px(60);
    title.bold = true;
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(90)}}, title, VAlign::kCenter);
    area.min.y += f.Px(110);

    const float gap = f.Px(28);
    // Office cards as rows (pictogram beside the words) in portrait and in the low-reach band.
    const bool rows = f.portrait || f.NarrowBand();
    const float not_sure_h = f.Px(rows ? 210 : 150);  // portrait and the low-reach band: the hint on two lines
    // "Other help nearby" (when the site has partners): a row of its own below, full width,
    // so the other two keep their room; the office cards give up the height.
    // "How was your visit?" shares that row (half each when both are offered).
    const bool nearby = !view.nearby_label.empty(), feedback = !view.feedback_label.empty();
    const float nearby_h = !nearby && !feedback ? 0.0f : f.Px(f.portrait ? 150 : 110);
    const float bottom_h = not_sure_h + (nearby_h > 0 ? nearby_h + gap : 0.0f);
    Rect cards{area.min, {area.max.x, area.max.y - bottom_h - gap}};
    const int count = int(view.offices.size());
    for (int i = 0; i < count; ++i) {
        const OfficeCard& office = view.offices[size_t(i)];
        const ImU32 accent = AccentOr(office.accent, OfficeAccentNow(int(i)));
        Rect card;
        if (rows) {
            const float h = (cards.Height() - gap * float(count - 1)) / float(count);
            card = Rect{{cards.min.x, cards.min.y + float(i) * (h + gap)}, {cards.max.x, cards.min.y + float(i) * (h + gap) + h}};
        } else {
            const float w = (cards.Width() - gap * float(count - 1)) / float(count);
            card = f.PlaceIn(Rect{{cards.min.x + float(i) * (w + gap), cards.min.y},
                                  {cards.min.x + float(i) * (w + gap) + w, cards.max.y}}, cards);
        }
        ImGui::PushID(i);
        ImGui::SetCursorScreenPos(card.min);
        const bool tapped = ExploreGate(Context(), ImGui::GetID("##office"),
                                        ImGui::InvisibleButton("##office", ImVec2(card.Width(), card.Height())),
                                        office.name + ". " + office.summary);
        LogTouchTarget(card);
        const bool held = ImGui::IsItemActive();
        Card(card, held ? theme::kSelected : theme::kSurface, theme::kBorder, f.Px(24));
        // The office's colour as a band on the start edge (portrait) or the top (landscape).
        const float band = f.Px(14);
        if (rows) {
            const Rect b = f.Start(card, band);
            Draw()->AddRectFilled(b.min, b.max, accent, f.Px(24), f.rtl ? ImDrawFlags_RoundCornersRight : ImDrawFlags_RoundCornersLeft);
        } else {
            Draw()->AddRectFilled(card.min, ImVec2(card.max.x, card.min.y + band), accent, f.Px(24), ImDrawFlags_RoundCornersTop);
        }
        const Rect inner = Inset(card, f.NarrowBand() ? f.Px(36) : f.Px(36), f.NarrowBand() ? f.Px(12) : f.Px(36));
        TextStyle name;
        name.size_px = f.Px(46);
        name.bold = true;
        TextStyle summary;
        summary.size_px = f.Px(34);
        summary.color = theme::kTextMuted;
        if (rows) {
            const float icon = std::min(inner.Height(), f.Px(140));
            const Rect icon_box = f.Start(inner, icon);
            Pictogram(f, office.pictogram, Rect{{icon_box.min.x, inner.min.y + (inner.Height() - icon) * 0.5f},
                                                {icon_box.max.x, inner.min.y + (inner.Height() + icon) * 0.5f}}, accent);
            Rect text = inner;
            if (f.rtl) text.max.x -= icon + f.Px(32); else text.min.x += icon + f.Px(32);
            // The name and the sentence as one block, centred beside the pictogram: cards are
            // tall in portrait, and text stuck to the top edge left them looking empty.
            name.size_px = f.Px(52);
            summary.size_px = f.Px(38);
            const float name_h = std::min(f.Px(80), text.Height() * 0.5f);  // the band's rows are low
            const float summary_h = MeasureText(f, office.summary, summary, text.Width()).y;
            const float block = name_h + f.Px(12) + std::min(summary_h, text.Height() - name_h - f.Px(12));
            text.min.y += std::max(0.0f, (text.Height() - block) * 0.5f);
            FitText(f, office.name, Rect{text.min, {text.max.x, text.min.y + name_h}}, name, VAlign::kBottom);
            FitText(f, office.summary, Rect{{text.min.x, text.min.y + name_h + f.Px(12)}, text.max}, summary);
        } else {
            // Shorter cards (the "Other help nearby" row below takes height): a smaller
            // pictogram and the name closer, so the sentence keeps its room.
            const bool compact = inner.Height() < f.Px(480);
            const float icon = f.Px(compact ? 100 : 150);
            Pictogram(f, office.pictogram, Rect{{inner.min.x, inner.min.y + f.Px(10)}, {inner.max.x, inner.min.y + f.Px(10) + icon}}, accent);
            float y = inner.min.y + icon + f.Px(compact ? 24 : 36);
            name.align = TextAlign::kCenter;
            summary.align = TextAlign::kCenter;
            const float name_h = f.Px(compact ? 100 : 130);
            FitText(f, office.name, Rect{{inner.min.x, y}, {inner.max.x, y + name_h}}, name, compact ? VAlign::kCenter : VAlign::kTop);
            y += name_h + f.Px(compact ? 8 : 20);
            FitText(f, office.summary, Rect{{inner.min.x, y}, inner.max}, summary);
        }
        LogBox("office-" + office.id, card);
        if (tapped) actions.Emit(Action::kChooseOffice, office.id);
        ImGui::PopID();
    }

    // "I am not sure" and, beside it, "I have an appointment" (absent for a visit's next stop).
    const Rect bottom{{area.min.x, area.max.y - bottom_h}, {area.max.x, area.max.y - bottom_h + not_sure_h}};
    const bool appointment = !view.appointment_label.empty();
    const float half = (bottom.Width() - gap) * 0.5f;
    const Rect not_sure = appointment ? f.Start(bottom, half) : bottom;
    ButtonStyle style = QuietButton(42);
    style.bold = true;
    style.align = TextAlign::kStart;
    style.border = theme::kPrimary;
    style.border_px = 3;
    if (TouchButton(f, "##not-sure", not_sure, view.not_sure_label, "help", style, view.not_sure_hint)) {
        actions.Emit(Action::kOpenFinder);
    }
    LogBox("not-sure", not_sure);
    if (appointment) {
        const Rect checkin = f.End(bottom, half);
        if (TouchButton(f, "##checkin", checkin, view.appointment_label, "event_available", style, view.appointment_hint))
            actions.Emit(Action::kOpenCheckIn);
        LogBox("have-appointment", checkin);
    }
    if (nearby_h > 0) {
        const Rect row{{area.min.x, area.max.y - nearby_h}, area.max};
        const float row_half = (row.Width() - gap) * 0.5f;
        if (nearby) {
            const Rect other = feedback ? f.Start(row, row_half) : row;
            if (TouchButton(f, "##nearby", other, view.nearby_label, "support", style, view.nearby_hint))
                actions.Emit(Action::kOpenNearby);
            LogBox("nearby", other);
        }
        if (feedback) {
            const Rect visit = nearby ? f.End(row, row_half) : row;
            if (TouchButton(f, "##feedback", visit, view.feedback_label, "sentiment_satisfied", style, view.feedback_hint))
                actions.Emit(Action::kOpenFeedback);
            LogBox("feedback", visit);
        }
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
