// Front desk, appointments: today's bookings of this office, each with the time, reference,
// service, the visitor's language and whether they arrived, and three actions (arrived, move,
// cancel); at the case managers' office also the hand-offs to case management (reason, when,
// from which office; a name only with consent). And the slot picker for moving a booking,
// booking a follow-up and the hand-off's first appointment: a service (follow-up), a day of
// the next working days, a time. Long lists are clipped (ImGuiListClipper). Text 24 px,
// never below 18.
#include <algorithm>

#include "kiosk/ui/desk_parts.h"

namespace anl::ui {

namespace {

constexpr float kBodyPx = 24;
constexpr float kMinScale = 0.75f;  // 24 px shrinks to 18 px at most

// A clipped list of `count` rows of `row_h` in `box`; `row` draws row i in its rectangle.
template <typename DrawRow>
void ClippedList(const Frame& f, const char* id, const Rect& box, int count, float row_h, DrawRow row) {
    ImGui::SetCursorScreenPos(box.min);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::BeginChild(id, ImVec2(box.Width(), box.Height()), false, ImGuiWindowFlags_NoBackground);
    ImGuiListClipper clipper;
    clipper.Begin(count, row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const Rect r{{box.min.x, p.y}, {box.max.x, p.y + row_h - f.Px(6)}};
            ImGui::PushID(i);
            row(i, r);
            ImGui::PopID();
            ImGui::SetCursorScreenPos(ImVec2(box.min.x, p.y + row_h));
            ImGui::Dummy(ImVec2(1, 0));
        }
    }
    clipper.End();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

void Title(const Frame& f, std::string_view text, const Rect& box) {
    TextStyle t;
    t.size_px = f.Px(30);
    t.bold = true;
    FitText(f, text, box, t, VAlign::kCenter, kMinScale);
}

void Empty(const Frame& f, std::string_view text, const Rect& box) {
    TextStyle e;
    e.size_px = f.Px(28);
    e.color = theme::kTextMuted;
    FitText(f, text, box, e, VAlign::kTop, kMinScale);
}

void DrawAppointmentRow(const Frame& f, const DeskView& view, const AppointmentRow& a, const Rect& row, bool odd,
                        bool enabled, UiActions& actions) {
    if (a.arrived) Draw()->AddRectFilled(row.min, row.max, IM_COL32(226, 241, 228, 255), f.Px(8));
    else if (odd) Draw()->AddRectFilled(row.min, row.max, IM_COL32(246, 245, 241, 255), f.Px(8));
    const Rect in = Inset(row, f.Px(10), f.Px(4));
    // The actions at the end side: arrived, move, cancel (an arrived booking has none).
    const float gap = f.Px(10);
    const float bw = f.Px(168);
    const float actions_w = 3 * bw + 2 * gap;
    const Rect buttons = f.End(in, actions_w);
    if (!a.arrived) {
        const struct { Action action; const std::string* label; const char* id; } kinds[] = {
            {Action::kAppointmentArrive, &view.arrive_label, "##arrive"},
            {Action::kOpenMove, &view.move_label, "##move"},
            {Action::kAppointmentCancel, &view.cancel_appointment_label, "##cancel"}};
        for (int k = 0; k < 3; ++k) {
            const float x = buttons.min.x + float(k) * (bw + gap);
            const Rect b = f.PlaceIn(Rect{{x, in.min.y}, {x + bw, in.max.y}}, buttons);
            ButtonStyle style = k == 0 ? PrimaryButton(24) : QuietButton(24);
            style.align = TextAlign::kCenter;
            if (TouchButton(f, kinds[k].id, b, *kinds[k].label, {}, style, {}, false, enabled))
                actions.Emit(kinds[k].action, a.id);
        }
    }
    Rect text = f.Start(in, in.Width() - actions_w - f.Px(16));
    const Rect time = f.Start(text, f.Px(110));
    TextStyle ts;
    ts.size_px = f.Px(32);
    ts.bold = true;
    FitText(f, a.time, time, ts, VAlign::kCenter, kMinScale, "en");
    text = f.End(text, text.Width() - f.Px(120));
    const Rect top{text.min, {text.max.x, text.min.y + text.Height() * 0.5f}};
    const Rect bottom{{text.min.x, top.max.y}, text.max};
    TextStyle ref;
    ref.size_px = f.Px(kBodyPx);
    ref.bold = true;
    FitText(f, a.reference, f.Start(top, top.Width() * 0.5f), ref, VAlign::kCenter, kMinScale, "en");
    TextStyle state;
    state.size_px = f.Px(22);
    state.color = a.arrived ? theme::kPositive : theme::kTextMuted;
    state.bold = a.arrived;
    state.align = TextAlign::kEnd;
    FitText(f, a.state, f.End(top, top.Width() * 0.5f - f.Px(8)), state, VAlign::kCenter, 0.82f);
    TextStyle body;
    body.size_px = f.Px(22);
    const Rect service = f.Start(bottom, bottom.Width() * 0.64f);
    FitText(f, a.service, service, body, VAlign::kCenter, 0.82f);
    TextStyle lang = body;
    lang.color = theme::kTextMuted;
    lang.align = AlignToFrameStart(f, a.visitor_lang);
    FitText(f, a.language, f.End(bottom, bottom.Width() * 0.36f - f.Px(8)), lang, VAlign::kCenter, 0.82f, a.visitor_lang);
}

}  // namespace

void DrawDeskAppointments(const Frame& f, const DeskView& view, const Rect& card, UiActions& actions) {
    Card(card);
    LogBox("appointments", card);
    const Rect q = Inset(card, f.Px(16));
    const bool case_desk = !view.handoffs_title.empty();
    Rect list_area = q;
    Rect handoff_area{};
    if (case_desk) {
        list_area.max.y = q.min.y + q.Height() * 0.56f;
        handoff_area = Rect{{q.min.x, list_area.max.y + f.Px(12)}, q.max};
    }
    Title(f, view.appointments_title, Rect{list_area.min, {list_area.max.x, list_area.min.y + f.Px(48)}});
    const Rect list{{list_area.min.x, list_area.min.y + f.Px(56)}, list_area.max};
    if (view.appointments.empty()) {
        Empty(f, view.appointments_empty, Rect{list.min, {list.max.x, list.min.y + f.Px(60)}});
    } else {
        const bool enabled = !view.AnyDialogOpen();
        ClippedList(f, "##appointments", list, int(view.appointments.size()), f.Px(96), [&](int i, const Rect& r) {
            DrawAppointmentRow(f, view, view.appointments[size_t(i)], r, i % 2 == 1, enabled, actions);
        });
    }
    if (!case_desk) return;
    Draw()->AddLine(ImVec2(q.min.x, handoff_area.min.y - f.Px(6)), ImVec2(q.max.x, handoff_area.min.y - f.Px(6)),
                    theme::kBorder, 2);
    LogBox("handoffs", handoff_area);
    Title(f, view.handoffs_title, Rect{handoff_area.min, {handoff_area.max.x, handoff_area.min.y + f.Px(48)}});
    const Rect hl{{handoff_area.min.x, handoff_area.min.y + f.Px(56)}, handoff_area.max};
    if (view.handoffs.empty()) {
        Empty(f, view.handoffs_empty, Rect{hl.min, {hl.max.x, hl.min.y + f.Px(60)}});
        return;
    }
    ClippedList(f, "##handoffs", hl, int(view.handoffs.size()), f.Px(76), [&](int i, const Rect& r) {
        const HandoffRow& h = view.handoffs[size_t(i)];
        if (i % 2 == 1) Draw()->AddRectFilled(r.min, r.max, IM_COL32(246, 245, 241, 255), f.Px(8));
        const Rect in = Inset(r, f.Px(10), f.Px(2));
        TextStyle what;
        what.size_px = f.Px(kBodyPx);
        what.bold = true;
        FitText(f, h.what, Rect{in.min, {in.max.x, in.min.y + in.Height() * 0.5f}}, what, VAlign::kCenter, kMinScale);
        TextStyle detail;
        detail.size_px = f.Px(22);
        detail.color = theme::kTextMuted;
        FitText(f, h.detail, Rect{{in.min.x, in.min.y + in.Height() * 0.5f}, in.max}, detail, VAlign::kCenter, 0.82f);
    });
}

void DrawDeskSlotPicker(const Frame& f, const DeskView& view, UiActions& actions) {
    const SlotPickerView& p = view.slots;
    ImGui::SetNextWindowPos(f.screen.min);
    ImGui::SetNextWindowSize(ImVec2(f.screen.Width(), f.screen.Height()));
    ImGui::SetNextWindowFocus();
    ImGui::Begin("##desk-slots", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings);
    Draw()->AddRectFilled(f.screen.min, f.screen.max, IM_COL32(10, 14, 20, 150));
    const float row_h = std::max(72.0f, f.Px(76));
    const float gap = f.Px(10);
    const float label_h = f.Px(40);
    const int service_columns = 3, day_columns = 6, time_columns = 8;
    auto rows_of = [](size_t n, int columns) { return int((n + size_t(columns) - 1) / size_t(columns)); };
    const int service_rows = rows_of(p.services.size(), service_columns);
    const int day_rows = std::max(1, rows_of(p.days.size(), day_columns));
    // At most five rows of times (40 start times a day); the day's later ones would not be
    // seen, so a picker with more says so in its hint (none of the shipped services has them).
    const int time_rows = std::min(5, rows_of(p.times.size(), time_columns));
    auto block = [&](int rows) { return rows == 0 ? 0.0f : label_h + float(rows) * (row_h + gap) + f.Px(8); };
    const float w = std::min(f.screen.Width() - f.Px(80), f.Px(1800));
    const float h = f.Px(70) + (p.hint.empty() ? 0.0f : f.Px(48)) + block(service_rows) + block(day_rows) +
                    block(time_rows) + f.Px(110) + f.Px(72);
    const ImVec2 c{(f.screen.min.x + f.screen.max.x) * 0.5f, (f.screen.min.y + f.screen.max.y) * 0.5f};
    const Rect card{{c.x - w * 0.5f, std::max(f.screen.min.y + f.Px(8), c.y - h * 0.5f)},
                    {c.x + w * 0.5f, std::min(f.screen.max.y - f.Px(8), c.y + h * 0.5f)}};
    Card(card, theme::kSurface, 0, f.Px(20));
    LogBox("slot-picker", card);
    const Rect in = Inset(card, f.Px(36));
    TextStyle title;
    title.size_px = f.Px(36);
    title.bold = true;
    FitText(f, p.title, Rect{in.min, {in.max.x, in.min.y + f.Px(56)}}, title, VAlign::kCenter, kMinScale);
    float y = in.min.y + f.Px(70);
    if (!p.hint.empty()) {
        TextStyle hs;
        hs.size_px = f.Px(26);
        hs.color = theme::kWarning;
        hs.bold = true;
        FitText(f, p.hint, Rect{{in.min.x, y}, {in.max.x, y + f.Px(40)}}, hs, VAlign::kCenter, kMinScale);
        y += f.Px(48);
    }
    auto grid = [&](const char* id, std::string_view label, const std::vector<ServiceOption>& options, int columns,
                    int max_rows, const std::string& selected, Action action, std::string_view lang) {
        if (options.empty() || max_rows == 0) return;
        TextStyle ls;
        ls.size_px = f.Px(24);
        ls.bold = true;
        ls.color = theme::kTextMuted;
        FitText(f, label, Rect{{in.min.x, y}, {in.max.x, y + label_h - f.Px(4)}}, ls, VAlign::kCenter, kMinScale);
        y += label_h;
        const float cw = (in.Width() - gap * float(columns - 1)) / float(columns);
        for (size_t i = 0; i < options.size() && int(i) / columns < max_rows; ++i) {
            const int column = int(i) % columns, row = int(i) / columns;
            const float x = in.min.x + float(column) * (cw + gap), top = y + float(row) * (row_h + gap);
            const Rect b = f.PlaceIn(Rect{{x, top}, {x + cw, top + row_h}}, in);
            ImGui::PushID(id);
            ImGui::PushID(int(i));
            ButtonStyle style = QuietButton(26);
            style.align = lang.empty() ? TextAlign::kStart : TextAlign::kCenter;
            if (TouchButton(f, "##option", b, options[i].label, {}, style, {}, options[i].id == selected))
                actions.Emit(action, options[i].id);
            ImGui::PopID();
            ImGui::PopID();
        }
        y += float(std::min(max_rows, rows_of(options.size(), columns))) * (row_h + gap) + f.Px(8);
    };
    grid("services", p.service_label, p.services, service_columns, service_rows, p.service_selected, Action::kSlotService, {});
    grid("days", p.day_label, p.days, day_columns, day_rows, p.day_selected, Action::kSlotDay, "en");
    grid("times", p.time_label, p.times, time_columns, time_rows, p.slot_selected, Action::kSlotPick, "en");
    LogBox("slot-times", Rect{{in.min.x, y - block(time_rows)}, {in.max.x, y}});

    const Rect buttons{{in.min.x, in.max.y - f.Px(84)}, in.max};
    const int count = p.skip_label.empty() ? 2 : 3;
    const float bw = (buttons.Width() - f.Px(24) * float(count - 1)) / float(count);
    if (TouchButton(f, "##cancel", f.Start(buttons, bw), view.cancel_label + "  (Esc)", "close", QuietButton(30)))
        actions.Emit(Action::kCancelDialog);
    if (count == 3) {
        const Rect skip = f.PlaceIn(Rect{{buttons.min.x + bw + f.Px(24), buttons.min.y},
                                         {buttons.min.x + 2 * bw + f.Px(24), buttons.max.y}}, buttons);
        if (TouchButton(f, "##skip", skip, p.skip_label, "assignment_ind", QuietButton(28))) actions.Emit(Action::kConfirmHandoff);
    }
    if (TouchButton(f, "##confirm", f.End(buttons, bw), p.confirm_label, "event_available", PrimaryButton(30), {}, false,
                    !p.slot_selected.empty()))
        actions.Emit(Action::kConfirmSlot);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) actions.Emit(Action::kCancelDialog);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) && !p.slot_selected.empty())
        actions.Emit(Action::kConfirmSlot);
    ImGui::End();
}

}  // namespace anl::ui
