// Front desk: the office's queue and the visitor at this counter, drawn from the DeskView in
// five parts, each its own function: the header (office, counter, staff, sign out), the queue
// table, the details panel for the visitor at the counter, the actions (one primary "call
// next" with F1, the others quiet with F2..F8) and the status line. Long queues are clipped
// (ImGuiListClipper) so 300 tickets cost what 15 do. Sizes are for reading from a chair at
// 1920x1080: body text 24 px (never drawn below 18), titles 30-40 px, the number 84 px.
#include <algorithm>
#include <cmath>

#include "kiosk/ui/desk_parts.h"

namespace anl::ui {

namespace {

constexpr float kBodyPx = 24;     // table cells, facts, buttons' second line
constexpr float kMinScale = 0.75f;  // 24 px shrinks to 18 px at most

// A column's share of the table width; the table spreads the present columns over all of it.
float ColumnShare(QueueColumn c) {
    switch (c) {
        case QueueColumn::kNumber: return 0.14f;
        case QueueColumn::kService: return 0.40f;
        case QueueColumn::kLanguage: return 0.21f;
        case QueueColumn::kPriority: return 0.12f;
        case QueueColumn::kWaited: return 0.16f;
    }
    return 0.1f;
}

void Cell(const Frame& f, const Rect& row, float x0, float x1, std::string_view text, TextStyle style,
          std::string_view lang = {}, VAlign valign = VAlign::kCenter) {
    Rect cell = f.PlaceIn(Rect{{x0, row.min.y}, {x1, row.max.y}}, row);
    cell = Inset(cell, f.Px(10), f.Px(2));
    if (!lang.empty()) style.align = AlignToFrameStart(f, lang);  // a column lines up, whatever the script
    FitText(f, text, cell, style, valign, kMinScale, lang);
}

void Dialog(const Frame& f, const DeskView& view, UiActions& actions) {
    ImGui::SetNextWindowPos(f.screen.min);
    ImGui::SetNextWindowSize(ImVec2(f.screen.Width(), f.screen.Height()));
    ImGui::SetNextWindowFocus();
    ImGui::Begin("##desk-dialog", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings);
    Draw()->AddRectFilled(f.screen.min, f.screen.max, IM_COL32(10, 14, 20, 150));
    const bool transfer = view.transfer_open;
    const bool referral = view.referral_open;
    const bool handoff = view.handoff_open;
    const auto& options = transfer ? view.transfer_targets
                          : referral ? view.referral_partners
                          : handoff  ? view.handoff_reasons
                                     : view.outcomes;
    const std::string& selected = transfer ? view.transfer_selected
                                  : referral ? view.referral_selected
                                             : view.handoff_selected;
    const Action choose = transfer ? Action::kTransferTarget
                          : referral ? Action::kReferralPartner
                          : handoff  ? Action::kHandoffReason
                                     : Action::kFinish;
    const std::string& dialog_title = transfer ? view.transfer_title
                                      : referral ? view.referral_title
                                      : handoff  ? view.handoff_title
                                                 : view.finish_title;
    // Below the list: the transfer's note, the referral's hint, the hand-off's consent step.
    const bool text_field = transfer || (handoff && view.handoff_consent);
    const float extra = transfer ? f.Px(160) : referral ? f.Px(60) : handoff ? f.Px(100) + (text_field ? f.Px(150) : 0.0f) : 0.0f;
    // Many targets (every service of the site) sit in a grid; a few outcomes in one column;
    // partners (long lines of their own words) in two columns at most.
    const int columns = options.size() > 8 ? (f.portrait || referral ? 2 : 3) : 1;
    const int rows = (int(options.size()) + columns - 1) / columns;
    const float row_h = std::max(72.0f, f.Px(referral ? 96 : 72));
    const float cell_gap = f.Px(10);
    // The hand-off's three buttons (cancel, hand off, on to the first appointment) need more room.
    const float w = std::min(f.screen.Width() - f.Px(80), f.Px(columns > 1 ? 1800 : handoff ? 1400 : 1000));
    const float list_h = float(rows) * (row_h + cell_gap);
    // Title, the list, the note (transfer only), the buttons, and the card's padding.
    const float h = f.Px(80) + list_h + extra + f.Px(110) + f.Px(72);
    const ImVec2 c{(f.screen.min.x + f.screen.max.x) * 0.5f, (f.screen.min.y + f.screen.max.y) * 0.5f};
    const Rect card{{c.x - w * 0.5f, c.y - h * 0.5f}, {c.x + w * 0.5f, c.y + h * 0.5f}};
    Card(card, theme::kSurface, 0, f.Px(20));
    Rect in = Inset(card, f.Px(36));
    TextStyle title;
    title.size_px = f.Px(40);
    title.bold = true;
    FitText(f, dialog_title, Rect{in.min, {in.max.x, in.min.y + f.Px(60)}}, title, VAlign::kCenter);
    const Rect list{{in.min.x, in.min.y + f.Px(80)}, {in.max.x, in.min.y + f.Px(80) + list_h}};
    const float cw = (list.Width() - cell_gap * float(columns - 1)) / float(columns);
    for (size_t i = 0; i < options.size(); ++i) {
        ImGui::PushID(int(i));
        const int column = int(i) / rows, row = int(i) % rows;
        const Rect b = f.PlaceIn(Rect{{list.min.x + float(column) * (cw + cell_gap), list.min.y + float(row) * (row_h + cell_gap)},
                                      {list.min.x + float(column) * (cw + cell_gap) + cw, list.min.y + float(row) * (row_h + cell_gap) + row_h}}, list);
        ButtonStyle style = QuietButton(26);
        style.align = TextAlign::kStart;
        const bool chosen = choose != Action::kFinish && options[i].id == selected;
        if (options[i].detail.empty()) {
            if (TouchButton(f, "##option", b, options[i].label, {}, style, {}, chosen)) actions.Emit(choose, options[i].id);
        } else {
            // A partner: its name large, then address, hours and languages on a second line
            // (one 22 px line of everything shrank to 15 px; staff screens never go under 18).
            if (TouchButton(f, "##option", b, {}, {}, style, {}, chosen)) actions.Emit(choose, options[i].id);
            const Rect text = Inset(b, f.Px(20), f.Px(6));
            TextStyle name;
            name.size_px = f.Px(26);
            name.bold = true;
            FitText(f, options[i].label, Rect{text.min, {text.max.x, text.min.y + text.Height() * 0.42f}}, name,
                    VAlign::kCenter, kMinScale);
            TextStyle detail;  // two lines at most, never under 18 px
            detail.size_px = f.Px(20);
            detail.color = theme::kTextMuted;
            FitText(f, options[i].detail, Rect{{text.min.x, text.min.y + text.Height() * 0.42f}, text.max}, detail,
                    VAlign::kCenter, 0.9f);
        }
        ImGui::PopID();
    }
    float y = list.max.y;
    if (referral) {
        TextStyle hs;
        hs.size_px = f.Px(26);
        hs.color = theme::kTextMuted;
        FitText(f, view.referral_hint, Rect{{in.min.x, y + f.Px(8)}, {in.max.x, y + f.Px(56)}}, hs, VAlign::kCenter, 0.6f);
    }
    if (handoff) {
        // The consent step: a large toggle; only when it is on may a name be typed.
        const Rect toggle{{in.min.x, y + f.Px(10)}, {in.max.x, y + f.Px(90)}};
        ButtonStyle ts = QuietButton(26);
        ts.align = TextAlign::kStart;
        if (TouchButton(f, "##consent", toggle, view.handoff_consent_label,
                        view.handoff_consent ? "check_box" : "check_box_outline_blank", ts, {}, view.handoff_consent)) {
            actions.Emit(Action::kHandoffConsent);
        }
        y = toggle.max.y;
    }
    if (text_field) {
        const bool name_field = handoff;
        const std::string& field_label = name_field ? view.handoff_name_label : view.transfer_note_label;
        const std::string& field_text = name_field ? view.handoff_name : view.transfer_note;
        // The note: typed text, drawn through the text engine.
        TextStyle ls;
        ls.size_px = f.Px(28);
        ls.color = theme::kTextMuted;
        FitText(f, field_label, Rect{{in.min.x, y + f.Px(8)}, {in.max.x, y + f.Px(48)}}, ls);
        const Rect note{{in.min.x, y + f.Px(52)}, {in.max.x, y + f.Px(140)}};
        Draw()->AddRectFilled(note.min, note.max, theme::kBackground, f.Px(10));
        Draw()->AddRect(note.min, note.max, theme::kPrimary, f.Px(10), 0, 3);
        TextStyle ns;
        ns.size_px = f.Px(30);
        FitText(f, field_text + "|", Inset(note, f.Px(16), f.Px(8)), ns, VAlign::kCenter, 0.6f);
        const ImGuiIO& io = ImGui::GetIO();
        std::string typed;
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            const unsigned c = io.InputQueueCharacters[i];
            if (c < 0x20) continue;
            if (c < 0x80) { typed.push_back(char(c)); }
            else if (c < 0x800) { typed.push_back(char(0xC0 | (c >> 6))); typed.push_back(char(0x80 | (c & 0x3F))); }
            else { typed.push_back(char(0xE0 | (c >> 12))); typed.push_back(char(0x80 | ((c >> 6) & 0x3F))); typed.push_back(char(0x80 | (c & 0x3F))); }
        }
        if (!typed.empty()) actions.Emit(name_field ? Action::kHandoffNameType : Action::kTransferNoteType, {}, 0, typed);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)))
            actions.Emit(name_field ? Action::kHandoffNameErase : Action::kTransferNoteErase);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) && !selected.empty()) {
            actions.Emit(name_field ? Action::kConfirmHandoff : Action::kConfirmTransfer);
        }
    }
    const Rect buttons{{in.min.x, in.max.y - f.Px(84)}, in.max};
    const bool three = handoff && !view.handoff_next_label.empty();
    const float bw = three ? (buttons.Width() - f.Px(48)) / 3 : (buttons.Width() - f.Px(24)) * 0.5f;
    if (TouchButton(f, "##cancel", f.Start(buttons, bw), view.cancel_label + "  (Esc)", "close", QuietButton(30))) {
        actions.Emit(Action::kCancelDialog);
    }
    if (transfer && TouchButton(f, "##confirm", f.End(buttons, bw), view.transfer_confirm_label, "send",
                                PrimaryButton(30), {}, false, !view.transfer_selected.empty())) {
        actions.Emit(Action::kConfirmTransfer);
    }
    if (referral && TouchButton(f, "##confirm", f.End(buttons, bw), view.referral_confirm_label, "handshake",
                                PrimaryButton(30), {}, false, !view.referral_selected.empty())) {
        actions.Emit(Action::kGiveReferral);
    }
    if (handoff) {
        // Hand off now, or go on to book the first case-management appointment (primary).
        const Rect middle = f.PlaceIn(Rect{{buttons.min.x + bw + f.Px(24), buttons.min.y},
                                           {buttons.min.x + 2 * bw + f.Px(24), buttons.max.y}}, buttons);
        if (TouchButton(f, "##confirm", three ? middle : f.End(buttons, bw), view.handoff_confirm_label, "assignment_ind",
                        three ? QuietButton(30) : PrimaryButton(30), {}, false, !view.handoff_selected.empty())) {
            actions.Emit(Action::kConfirmHandoff);
        }
        if (three && TouchButton(f, "##next", f.End(buttons, bw), view.handoff_next_label, "event", PrimaryButton(30), {},
                                 false, !view.handoff_selected.empty())) {
            actions.Emit(Action::kHandoffToSlots);
        }
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) actions.Emit(Action::kCancelDialog);
    ImGui::End();
}

// Office and queue at the start; counter, staff member and sign-out at the end.
Rect DrawDeskHeader(const Frame& f, const DeskView& view, const Rect& area, UiActions& actions) {
    const float gap = f.Px(24);
    const Rect header{area.min, {area.max.x, area.min.y + f.Px(76)}};
    const Rect sign_out = f.End(header, f.Px(270));
    if (TouchButton(f, "##sign-out", sign_out, view.sign_out_label, "logout", QuietButton(26))) actions.Emit(Action::kSignOut);
    LogBox("sign-out", sign_out);
    // Today's appointments (or back to the queue), beside sign-out.
    const float toggle_w = f.Px(330);
    const Rect toggle_box = f.rtl ? Rect{{sign_out.max.x + gap, header.min.y}, {sign_out.max.x + gap + toggle_w, header.max.y}}
                                  : Rect{{sign_out.min.x - gap - toggle_w, header.min.y}, {sign_out.min.x - gap, header.max.y}};
    if (!view.appointments_toggle.label.empty()) {
        if (TouchButton(f, "##appointments", toggle_box, view.appointments_toggle.label,
                        view.appointments_open ? "format_list_numbered" : "event", QuietButton(26), {}, view.appointments_open,
                        !view.AnyDialogOpen()))
            actions.Emit(Action::kOpenAppointments);
        LogBox("appointments-toggle", toggle_box);
    }
    Rect text = header;
    const Rect& end_button = view.appointments_toggle.label.empty() ? sign_out : toggle_box;
    if (f.rtl) text.min.x = end_button.max.x + gap; else text.max.x = end_button.min.x - gap;
    TextStyle title;
    title.size_px = f.Px(40);
    title.bold = true;
    FitText(f, view.title, f.Start(text, text.Width() * 0.58f), title, VAlign::kCenter, kMinScale);
    TextStyle sub;
    sub.size_px = f.Px(28);
    sub.color = theme::kTextMuted;
    sub.align = TextAlign::kEnd;  // towards the sign-out button
    if (view.device_alert.empty()) {
        FitText(f, view.subtitle, f.End(text, text.Width() * 0.42f - gap), sub, VAlign::kCenter, kMinScale);
    } else {
        sub.color = theme::kWarning;
        sub.bold = true;
        const Rect alert = f.End(text, text.Width() * 0.42f - gap);
        FitText(f, view.device_alert, alert, sub, VAlign::kCenter, kMinScale);
        LogBox("device-alert", alert);
    }
    LogBox("desk-header", header);
    return header;
}

// The last result or error, at the foot.
void DrawDeskStatusLine(const Frame& f, const DeskView& view, const Rect& status) {
    TextStyle st;
    st.size_px = f.Px(26);
    st.color = view.status_is_error ? theme::kWarning : theme::kTextMuted;
    st.bold = view.status_is_error;
    FitText(f, view.status_line, status, st, VAlign::kCenter, kMinScale);
    LogBox("status-line", status);
}

// "Call next" large in the primary colour under the details panel (end side); the other
// actions quiet in two rows under the queue. Every action keeps its place and its key.
void DrawDeskActions(const Frame& f, const DeskView& view, const Rect& primary_box, const Rect& others,
                     UiActions& actions) {
    const bool dialog_open = view.AnyDialogOpen();
    auto run = [&](const DeskView::Button& b, bool pressed) {
        const bool key = !dialog_open && b.key_index >= 0 && ImGui::IsKeyPressed(b.key_index, false);
        if (b.enabled && (pressed || key)) actions.Emit(b.action);
    };
    {
        const DeskView::Button& b = view.primary;
        ButtonStyle style = b.enabled ? PrimaryButton(40) : QuietButton(40);
        run(b, TouchButton(f, "##primary", primary_box, b.label, "campaign", style, b.shortcut, false, b.enabled));
        LogBox("primary-action", primary_box);
    }
    const int count = int(view.buttons.size());
    if (count == 0) return;
    const int rows = count > 4 ? 2 : 1;
    const int per_row = (count + rows - 1) / rows;
    const float gap = f.Px(12);
    const float bw = (others.Width() - gap * float(per_row - 1)) / float(per_row);
    const float bh = (others.Height() - gap * float(rows - 1)) / float(rows);
    auto box = [&](int i) {
        const float x = others.min.x + float(i % per_row) * (bw + gap), y = others.min.y + float(i / per_row) * (bh + gap);
        return f.PlaceIn(Rect{{x, y}, {x + bw, y + bh}}, others);
    };
    // Each label on one line with its key beside it at the end ("Erneut aufrufen   F2"): a
    // key under the label would be too small to read. One label size for all (the largest at
    // which every label fits), so no secondary action looks more important than another.
    const float key_w = f.Px(64);
    auto label_box = [&](int i) {
        const Rect inner = Inset(box(i), f.Px(20), f.Px(8));
        return f.Start(inner, inner.Width() - key_w - f.Px(12));
    };
    float label_px = 28;
    for (int i = 0; i < count; ++i) {
        TextStyle label;
        label.size_px = f.Px(label_px);
        label.bold = true;
        label_px = std::min(label_px, FitSize(f, view.buttons[size_t(i)].label, label_box(i), label, 0.7f) / f.s);
    }
    for (int i = 0; i < count; ++i) {
        const DeskView::Button& b = view.buttons[size_t(i)];
        const Rect r = box(i);
        ImGui::PushID(i);
        run(b, TouchButton(f, "##action", r, {}, {}, QuietButton(label_px), {}, false, b.enabled));
        TextStyle label;
        label.size_px = f.Px(label_px);
        label.bold = true;
        label.color = b.enabled ? theme::kText : theme::kTextMuted;
        FitText(f, b.label, label_box(i), label, VAlign::kCenter, 0.7f);
        // The key as a key cap at the end side (actions without a key have none).
        if (b.shortcut.empty()) {
            LogBox("action-" + std::to_string(i), r);
            ImGui::PopID();
            continue;
        }
        const Rect inner = Inset(r, f.Px(16), f.Px(8));
        const Rect cap_col = f.End(inner, key_w);
        const float cap_h = std::min(cap_col.Height(), f.Px(44));
        const Rect cap{{cap_col.min.x, (r.min.y + r.max.y - cap_h) * 0.5f}, {cap_col.max.x, (r.min.y + r.max.y + cap_h) * 0.5f}};
        Draw()->AddRect(cap.min, cap.max, b.enabled ? theme::kTextMuted : theme::kBorder, f.Px(8), 0, 2);
        TextStyle key;
        key.size_px = f.Px(22);
        key.bold = true;
        key.align = TextAlign::kCenter;
        key.color = b.enabled ? theme::kTextMuted : IM_COL32(150, 150, 150, 255);
        FitText(f, b.shortcut, cap, key, VAlign::kCenter, 0.9f, "en");
        LogBox("action-" + std::to_string(i), r);
        ImGui::PopID();
    }
}

// The office's queue: the present columns, one row per visitor, clipped to what shows.
void DrawDeskQueue(const Frame& f, const DeskView& view, const Rect& card, UiActions& actions) {
    Card(card);
    LogBox("queue", card);
    const Rect q = Inset(card, f.Px(16));
    const float row_h = f.Px(68);
    float total = 0;
    for (const auto& c : view.columns) total += ColumnShare(c.column);
    std::vector<float> xs{q.min.x};
    for (const auto& c : view.columns) xs.push_back(xs.back() + q.Width() * ColumnShare(c.column) / std::max(total, 0.01f));
    const size_t columns = view.columns.size();

    // Column titles, one size for all (the largest at which each stays on one line).
    const Rect head_row{q.min, {q.max.x, q.min.y + f.Px(48)}};
    TextStyle ht;
    ht.size_px = f.Px(24);
    ht.bold = true;
    ht.color = theme::kTextMuted;
    for (size_t c = 0; c < columns; ++c) {
        const float room = xs[c + 1] - xs[c] - f.Px(20);
        const float natural = MeasureText(f, view.columns[c].title, ht, 1e6f).x;
        if (natural > room) ht.size_px = std::max(f.Px(18), ht.size_px * room / natural);
    }
    const float flag_w = f.Px(40);  // the language column's interpreter flag, before the name
    for (size_t c = 0; c < columns; ++c) {
        const float x0 = xs[c] + (view.columns[c].column == QueueColumn::kLanguage ? flag_w : 0.0f);
        Cell(f, head_row, x0, xs[c + 1], view.columns[c].title, ht);
    }
    Draw()->AddLine(ImVec2(q.min.x, head_row.max.y), ImVec2(q.max.x, head_row.max.y), theme::kBorder, 2);

    const Rect foot{{q.min.x, q.max.y - f.Px(40)}, q.max};
    TextStyle summary;
    summary.size_px = f.Px(kBodyPx);
    summary.color = theme::kTextMuted;
    if (!view.rows.empty()) FitText(f, view.waiting_summary, foot, summary, VAlign::kCenter, kMinScale);
    const Rect list{{q.min.x, head_row.max.y + f.Px(6)}, {q.max.x, foot.min.y - f.Px(4)}};

    if (view.rows.empty()) {
        const float icon = f.Px(96);
        const ImVec2 c{(list.min.x + list.max.x) * 0.5f, list.min.y + list.Height() * 0.35f};
        Pictogram(f, "event_seat", Rect{{c.x - icon * 0.5f, c.y - icon * 0.5f}, {c.x + icon * 0.5f, c.y + icon * 0.5f}},
                  theme::kBorder);
        TextStyle empty;
        empty.size_px = f.Px(32);
        empty.align = TextAlign::kCenter;
        empty.color = theme::kTextMuted;
        FitText(f, view.empty_text, Rect{{list.min.x, c.y + icon * 0.6f}, {list.max.x, c.y + icon * 0.6f + f.Px(60)}}, empty,
                VAlign::kTop, kMinScale);
        return;
    }
    ImGui::SetCursorScreenPos(list.min);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::BeginChild("##queue", ImVec2(list.Width(), list.Height()), false, ImGuiWindowFlags_NoBackground);
    ImGuiListClipper clipper;
    clipper.Begin(int(view.rows.size()), row_h);
    TextStyle cs;
    cs.size_px = f.Px(kBodyPx);
    TextStyle num = cs;
    num.bold = true;
    num.size_px = f.Px(30);
    TextStyle small = cs;
    small.size_px = f.Px(20);
    small.color = theme::kTextMuted;
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const QueueRow& r = view.rows[size_t(i)];
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const Rect row{{list.min.x, p.y}, {list.max.x, p.y + row_h - f.Px(4)}};
            ImGui::PushID(i);
            if (ImGui::InvisibleButton("##row", ImVec2(list.Width(), row_h))) actions.Emit(Action::kSelectTicket, r.ticket_id);
            ImGui::PopID();
            if (r.selected) Draw()->AddRectFilled(row.min, row.max, theme::kSelected, f.Px(8));
            else if (r.state == "called") Draw()->AddRectFilled(row.min, row.max, IM_COL32(255, 244, 200, 255), f.Px(8));
            else if (i % 2 == 1) Draw()->AddRectFilled(row.min, row.max, IM_COL32(246, 245, 241, 255), f.Px(8));
            const Rect top{row.min, {row.max.x, row.min.y + row.Height() * 0.56f}};
            const Rect bottom{{row.min.x, row.min.y + row.Height() * 0.52f}, row.max};
            const float dx = row.min.x - q.min.x;
            for (size_t c = 0; c < columns; ++c) {
                const float x0 = xs[c] + dx, x1 = xs[c + 1] + dx;
                switch (view.columns[c].column) {
                    case QueueColumn::kNumber:
                        // The number, and which stop of the visit this is beside it ("2/3").
                        if (r.stops.empty()) {
                            Cell(f, row, x0, x1, r.number, num, "en");
                        } else {
                            TextStyle n = num;
                            n.size_px = f.Px(26);
                            Cell(f, top, x0, x1, r.number, n, "en", VAlign::kBottom);
                            Cell(f, bottom, x0, x1, r.stops, small, "en", VAlign::kTop);
                        }
                        break;
                    case QueueColumn::kService:
                        // German, and the visitor's language below (its own direction).
                        if (r.service_visitor.empty()) {
                            Cell(f, row, x0, x1, r.service, cs);
                        } else {
                            Cell(f, top, x0, x1, r.service, cs, {}, VAlign::kBottom);
                            Cell(f, bottom, x0, x1, r.service_visitor, small, r.visitor_lang, VAlign::kTop);
                        }
                        break;
                    case QueueColumn::kLanguage: {
                        // The interpreter flag first, in the same place on every row.
                        const float icon = f.Px(34);
                        const Rect slot = f.PlaceIn(Rect{{x0 + f.Px(8), row.min.y}, {x0 + f.Px(8) + icon, row.max.y}}, row);
                        if (r.interpreter) {
                            Pictogram(f, "record_voice_over",
                                      Rect{{slot.min.x, (row.min.y + row.max.y - icon) * 0.5f},
                                           {slot.max.x, (row.min.y + row.max.y + icon) * 0.5f}},
                                      theme::kWarning);
                        }
                        Cell(f, row, x0 + flag_w, x1, r.language, cs, r.visitor_lang);
                        break;
                    }
                    case QueueColumn::kPriority: Cell(f, row, x0, x1, r.priority, cs); break;
                    case QueueColumn::kWaited: Cell(f, row, x0, x1, r.waited, cs); break;
                }
            }
        }
    }
    clipper.End();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

// The visitor at this counter: the number, then every detail in one panel (label beside
// value), then the visit's stops.
void DrawDeskCounterCard(const Frame& f, const DeskView& view, const Rect& card, UiActions& actions) {
    Card(card);
    LogBox("details", card);
    Rect c = Inset(card, f.Px(24));
    // The visitor's own actions at the foot of the panel: refer to a partner, case management.
    if (view.has_current && !view.current_actions.empty()) {
        // Three actions side by side: room for a label on two lines ("Case / management").
        const Rect row{{c.min.x, c.max.y - f.Px(view.current_actions.size() > 2 ? 88 : 72)}, c.max};
        c.max.y = row.min.y - f.Px(12);
        const float gap = f.Px(12);
        const float bw = (row.Width() - gap * float(view.current_actions.size() - 1)) / float(view.current_actions.size());
        for (size_t i = 0; i < view.current_actions.size(); ++i) {
            const DeskView::Button& b = view.current_actions[i];
            const Rect r = f.PlaceIn(Rect{{row.min.x + float(i) * (bw + gap), row.min.y},
                                          {row.min.x + float(i) * (bw + gap) + bw, row.max.y}}, row);
            ImGui::PushID(int(100 + i));
            // Three actions leave no room for pictograms beside whole words.
            const bool icons = view.current_actions.size() <= 2;
            ButtonStyle style = QuietButton(24);
            if (!icons) style.align = TextAlign::kCenter;
            const bool pressed = TouchButton(f, "##visitor-action", r, b.label,
                                             !icons ? ""
                                             : b.action == Action::kOpenReferral ? "handshake"
                                             : b.action == Action::kOpenFollowUp ? "event"
                                                                                 : "assignment_ind",
                                             style, {}, false, b.enabled && !view.AnyDialogOpen());
            if (pressed && b.enabled) actions.Emit(b.action);
            LogBox("visitor-action-" + std::to_string(i), r);
            ImGui::PopID();
        }
    }
    TextStyle ct;
    ct.size_px = f.Px(26);
    ct.color = theme::kTextMuted;
    ct.bold = true;
    FitText(f, view.current_title, Rect{c.min, {c.max.x, c.min.y + f.Px(38)}}, ct, VAlign::kCenter, kMinScale);
    float y = c.min.y + f.Px(40);
    if (!view.has_current) {
        TextStyle empty;
        empty.size_px = f.Px(32);
        empty.color = theme::kTextMuted;
        FitText(f, view.current_none_text, Rect{{c.min.x, y + f.Px(40)}, {c.max.x, y + f.Px(200)}}, empty, VAlign::kTop,
                kMinScale);
        return;
    }
    TextStyle big;
    big.size_px = f.Px(84);
    big.bold = true;
    FitText(f, view.current_number, Rect{{c.min.x, y}, {c.max.x, y + f.Px(100)}}, big, VAlign::kCenter, 0.6f, "en");
    y += f.Px(108);

    // Facts: label column at the start, values beside; a value wraps to two lines at most.
    const float label_w = std::min(c.Width() * 0.3f, f.Px(170));
    TextStyle label;
    label.size_px = f.Px(22);
    label.bold = true;
    label.color = theme::kTextMuted;
    TextStyle value;
    value.size_px = f.Px(kBodyPx);
    const float line_h = f.Px(38);
    for (const DeskFact& fact : view.current_facts) {
        const Rect values{{c.min.x + label_w, y}, c.max};
        TextStyle vs = value;
        vs.color = fact.alert ? theme::kWarning : theme::kText;
        vs.bold = fact.alert;
        const float icon = fact.pictogram.empty() ? 0.0f : f.Px(30);
        const float text_w = values.Width() - (icon > 0 ? icon + f.Px(10) : 0.0f);
        const float h = std::min(2.0f, std::max(1.0f, std::ceil(MeasureText(f, fact.value, vs, text_w, fact.value_lang).y /
                                                                 (value.size_px * 1.3f) - 0.2f))) * line_h;
        const Rect line{{c.min.x, y}, {c.max.x, y + h}};
        if (y + h > c.max.y) break;
        if (!fact.label.empty()) {
            Draw()->AddLine(ImVec2(c.min.x, y - f.Px(3)), ImVec2(c.max.x, y - f.Px(3)), IM_COL32(232, 230, 224, 255), 1);
            FitText(f, fact.label, f.Start(Rect{line.min, {line.max.x, line.min.y + line_h}}, label_w - f.Px(10)), label,
                    VAlign::kCenter, kMinScale);
        }
        Rect text = f.End(line, line.Width() - label_w);
        if (icon > 0) {
            const Rect slot = f.Start(text, icon);
            Pictogram(f, fact.pictogram, Rect{{slot.min.x, y + (line_h - icon) * 0.5f}, {slot.max.x, y + (line_h + icon) * 0.5f}},
                      fact.alert ? theme::kWarning : theme::kTextMuted);
            text = f.End(text, text_w);
        }
        if (!fact.value_lang.empty()) vs.align = AlignToFrameStart(f, fact.value_lang);
        FitText(f, fact.value, text, vs, h > line_h ? VAlign::kTop : VAlign::kCenter, kMinScale, fact.value_lang);
        y += h + f.Px(4);
    }

    // The visit's stops: done, now (this counter), next; who served each.
    if (view.history.size() < 2 || y + f.Px(44) + f.Px(60) > c.max.y) return;  // one stop: nothing to add
    y += f.Px(6);
    FitText(f, view.history_title, Rect{{c.min.x, y}, {c.max.x, y + f.Px(36)}}, ct, VAlign::kCenter, kMinScale);
    y += f.Px(40);
    TextStyle what = value;
    what.size_px = f.Px(22);
    TextStyle when = what;
    when.size_px = f.Px(20);
    when.color = theme::kTextMuted;
    const float stop_h = f.Px(60);
    for (const HistoryLine& line : view.history) {
        if (y + stop_h > c.max.y) break;
        const Rect hr{{c.min.x, y}, {c.max.x, y + stop_h - f.Px(4)}};
        if (line.current) Draw()->AddRectFilled(hr.min, hr.max, theme::kSelected, f.Px(8));
        const Rect in = Inset(hr, f.Px(10), f.Px(2));
        TextStyle w = what;
        w.bold = line.current;
        FitText(f, line.what, Rect{in.min, {in.max.x, in.min.y + in.Height() * 0.52f}}, w, VAlign::kCenter, 0.82f);
        FitText(f, line.when, Rect{{in.min.x, in.min.y + in.Height() * 0.52f}, in.max}, when, VAlign::kCenter, 0.9f);
        y += stop_h;
    }
}

}  // namespace

void DrawDeskScreen(const DeskView& view, UiActions& actions) {
    const Frame f = BeginScreen("desk", view.lang);
    NoteInput(actions);
    const float margin = f.Px(24), gap = f.Px(20);
    // The foot keeps room for the sync status band (44 px, drawn over the screen by the app),
    // so an offline band never covers the status line.
    Rect area{{f.screen.min.x + margin, f.screen.min.y + margin}, {f.screen.max.x - margin, f.screen.max.y - f.Px(48)}};
    area.min.y = DrawDeskHeader(f, view, area, actions).max.y + gap;
    const Rect status{{area.min.x, area.max.y - f.Px(46)}, area.max};
    DrawDeskStatusLine(f, view, status);
    area.max.y = status.min.y - f.Px(8);

    // Queue at the start, details at the end; the actions under each: the others under the
    // queue, "call next" under the details, where the eye goes when the counter is free.
    const float actions_h = f.Px(2 * 80 + 12);
    Rect queue = area, side = area;
    if (f.portrait) {
        queue.max.y = area.min.y + (area.Height() - actions_h * 2) * 0.55f;
        side = Rect{{area.min.x, queue.max.y + gap}, {area.max.x, area.max.y - actions_h * 2 - gap}};
        const Rect primary{{area.min.x, side.max.y + gap}, {area.max.x, side.max.y + gap + actions_h - gap}};
        const Rect others{{area.min.x, primary.max.y + gap}, area.max};
        if (view.appointments_open) DrawDeskAppointments(f, view, queue, actions);
        else DrawDeskQueue(f, view, queue, actions);
        DrawDeskCounterCard(f, view, side, actions);
        DrawDeskActions(f, view, primary, others, actions);
    } else {
        queue = f.Start(area, area.Width() * 0.62f);
        side = f.End(area, area.Width() * 0.38f - gap);
        const Rect others = Rect{{queue.min.x, queue.max.y - actions_h}, queue.max};
        const Rect primary = Rect{{side.min.x, side.max.y - actions_h}, side.max};
        queue.max.y = others.min.y - gap;
        side.max.y = primary.min.y - gap;
        if (view.appointments_open) DrawDeskAppointments(f, view, queue, actions);
        else DrawDeskQueue(f, view, queue, actions);
        DrawDeskCounterCard(f, view, side, actions);
        DrawDeskActions(f, view, primary, others, actions);
    }
    if (view.slots_open) DrawDeskSlotPicker(f, view, actions);
    else if (view.AnyDialogOpen()) Dialog(f, view, actions);
    EndScreen();
}

}  // namespace anl::ui
