// Front desk: the office's queue and the visitor at this counter. Every action has a key
// (F1..F7); long queues are clipped (ImGuiListClipper) so 300 tickets cost what 15 do.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

// Column widths as shares of the table; the first columns read from the start side.
// The two minute columns are wide enough for their titles ("Geschätzt") on one line.
constexpr float kColumnShare[] = {0.08f, 0.29f, 0.085f, 0.12f, 0.115f, 0.11f, 0.10f, 0.10f};
constexpr int kColumns = 8;

void Cell(const Frame& f, const Rect& row, float x0, float x1, std::string_view text, TextStyle style,
          std::string_view lang = {}, float min_scale = 0.7f) {
    Rect cell = f.PlaceIn(Rect{{x0, row.min.y}, {x1, row.max.y}}, row);
    cell = Inset(cell, f.Px(8), f.Px(4));
    if (!lang.empty()) style.align = AlignToFrameStart(f, lang);  // a column lines up, whatever the script
    FitText(f, text, cell, style, VAlign::kCenter, min_scale, lang);
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
    const auto& options = transfer ? view.transfer_targets : view.outcomes;
    // Many targets (every service of the site) sit in a grid; a few outcomes in one column.
    const int columns = options.size() > 8 ? (f.portrait ? 2 : 3) : 1;
    const int rows = (int(options.size()) + columns - 1) / columns;
    const float row_h = std::max(72.0f, f.Px(72));
    const float cell_gap = f.Px(10);
    const float w = std::min(f.screen.Width() - f.Px(80), f.Px(columns > 1 ? 1800 : 1000));
    const float list_h = float(rows) * (row_h + cell_gap);
    // Title, the list, the note (transfer only), the buttons, and the card's padding.
    const float h = f.Px(80) + list_h + (transfer ? f.Px(160) : 0.0f) + f.Px(110) + f.Px(72);
    const ImVec2 c{(f.screen.min.x + f.screen.max.x) * 0.5f, (f.screen.min.y + f.screen.max.y) * 0.5f};
    const Rect card{{c.x - w * 0.5f, c.y - h * 0.5f}, {c.x + w * 0.5f, c.y + h * 0.5f}};
    Card(card, theme::kSurface, 0, f.Px(20));
    Rect in = Inset(card, f.Px(36));
    TextStyle title;
    title.size_px = f.Px(40);
    title.bold = true;
    FitText(f, transfer ? view.transfer_title : view.finish_title, Rect{in.min, {in.max.x, in.min.y + f.Px(60)}},
            title, VAlign::kCenter);
    const Rect list{{in.min.x, in.min.y + f.Px(80)}, {in.max.x, in.min.y + f.Px(80) + list_h}};
    const float cw = (list.Width() - cell_gap * float(columns - 1)) / float(columns);
    for (size_t i = 0; i < options.size(); ++i) {
        ImGui::PushID(int(i));
        const int column = int(i) / rows, row = int(i) % rows;
        const Rect b = f.PlaceIn(Rect{{list.min.x + float(column) * (cw + cell_gap), list.min.y + float(row) * (row_h + cell_gap)},
                                      {list.min.x + float(column) * (cw + cell_gap) + cw, list.min.y + float(row) * (row_h + cell_gap) + row_h}}, list);
        ButtonStyle style = QuietButton(26);
        style.align = TextAlign::kStart;
        if (TouchButton(f, "##option", b, options[i].label, {}, style, {}, transfer && options[i].id == view.transfer_selected)) {
            actions.Emit(transfer ? Action::kTransferTarget : Action::kFinish, options[i].id);
        }
        ImGui::PopID();
    }
    float y = list.max.y;
    if (transfer) {
        // The note: typed text, drawn through the text engine.
        TextStyle ls;
        ls.size_px = f.Px(28);
        ls.color = theme::kTextMuted;
        FitText(f, view.transfer_note_label, Rect{{in.min.x, y + f.Px(8)}, {in.max.x, y + f.Px(48)}}, ls);
        const Rect note{{in.min.x, y + f.Px(52)}, {in.max.x, y + f.Px(140)}};
        Draw()->AddRectFilled(note.min, note.max, theme::kBackground, f.Px(10));
        Draw()->AddRect(note.min, note.max, theme::kPrimary, f.Px(10), 0, 3);
        TextStyle ns;
        ns.size_px = f.Px(30);
        FitText(f, view.transfer_note + "|", Inset(note, f.Px(16), f.Px(8)), ns, VAlign::kCenter, 0.6f);
        const ImGuiIO& io = ImGui::GetIO();
        std::string typed;
        for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
            const unsigned c = io.InputQueueCharacters[i];
            if (c < 0x20) continue;
            if (c < 0x80) { typed.push_back(char(c)); }
            else if (c < 0x800) { typed.push_back(char(0xC0 | (c >> 6))); typed.push_back(char(0x80 | (c & 0x3F))); }
            else { typed.push_back(char(0xE0 | (c >> 12))); typed.push_back(char(0x80 | ((c >> 6) & 0x3F))); typed.push_back(char(0x80 | (c & 0x3F))); }
        }
        if (!typed.empty()) actions.Emit(Action::kTransferNoteType, {}, 0, typed);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) actions.Emit(Action::kTransferNoteErase);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) && !view.transfer_selected.empty()) {
            actions.Emit(Action::kConfirmTransfer);
        }
    }
    const Rect buttons{{in.min.x, in.max.y - f.Px(84)}, in.max};
    const float bw = (buttons.Width() - f.Px(24)) * 0.5f;
    if (TouchButton(f, "##cancel", f.Start(buttons, bw), view.cancel_label + "  (Esc)", "close", QuietButton(30))) {
        actions.Emit(Action::kCancelDialog);
    }
    if (transfer && TouchButton(f, "##confirm", f.End(buttons, bw), view.transfer_confirm_label, "send",
                                PrimaryButton(30), {}, false, !view.transfer_selected.empty())) {
        actions.Emit(Action::kConfirmTransfer);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) actions.Emit(Action::kCancelDialog);
    ImGui::End();
}

}  // namespace

void DrawDeskScreen(const DeskView& view, UiActions& actions) {
    const Frame f = BeginScreen("desk", view.lang);
    NoteInput(actions);
    const float margin = f.Px(24);
    // The foot keeps room for the sync status band (44 px, drawn over the screen by the app),
    // so an offline band never covers the status line.
    Rect area{{f.screen.min.x + margin, f.screen.min.y + margin}, {f.screen.max.x - margin, f.screen.max.y - f.Px(48)}};
    const float gap = f.Px(20);

    // Header: office, counter and staff, sign out.
    const Rect header{area.min, {area.max.x, area.min.y + f.Px(84)}};
    TextStyle title;
    title.size_px = f.Px(40);
    title.bold = true;
    const Rect sign_out = f.End(header, f.Px(240));
    if (TouchButton(f, "##sign-out", sign_out, view.sign_out_label, "logout", QuietButton(28))) actions.Emit(Action::kSignOut);
    Rect head_text = header;
    if (f.rtl) head_text.min.x = sign_out.max.x + gap; else head_text.max.x = sign_out.min.x - gap;
    FitText(f, view.title, f.Start(head_text, head_text.Width() * 0.5f), title, VAlign::kCenter);
    TextStyle sub;
    sub.size_px = f.Px(28);
    sub.color = theme::kTextMuted;
    sub.align = TextAlign::kEnd;
    FitText(f, view.subtitle, f.End(head_text, head_text.Width() * 0.5f), sub, VAlign::kCenter);
    area.min.y = header.max.y + gap;

    // Status line at the bottom.
    const Rect status{{area.min.x, area.max.y - f.Px(48)}, area.max};
    TextStyle st;
    st.size_px = f.Px(26);
    st.color = view.status_is_error ? theme::kWarning : theme::kTextMuted;
    st.bold = view.status_is_error;
    FitText(f, view.status_line, status, st, VAlign::kCenter);
    LogBox("status-line", status);
    area.max.y = status.min.y - f.Px(8);

    // Actions along the bottom, each with its key, always in the same place: two rows of four
    // (F1-F4 above F5-F8) so every label reads at a comfortable size on a 1920 px screen.
    const bool dialog_open = view.transfer_open || view.finish_open;
    const int count = int(view.buttons.size());
    const int rows = count > 4 ? 2 : 1;
    const int per_row = count > 0 ? (count + rows - 1) / rows : 1;
    const float bar_gap = f.Px(12);
    const float button_h = f.Px(76);
    const float action_h = float(rows) * button_h + float(rows - 1) * bar_gap;
    const Rect bar{{area.min.x, area.max.y - action_h}, area.max};
    area.max.y = bar.min.y - gap;
    const float bw = (bar.Width() - bar_gap * float(per_row - 1)) / float(per_row);
    auto button_rect = [&](int i) {
        const int row = i / per_row, column = i % per_row;
        const float x = bar.min.x + float(column) * (bw + bar_gap), y = bar.min.y + float(row) * (button_h + bar_gap);
        return f.PlaceIn(Rect{{x, y}, {x + bw, y + button_h}}, bar);
    };
    // One label size for all (the largest at which every label fits its button), so no action
    // looks more or less important because its word is longer.
    float label_px = 30;
    for (int i = 0; i < count; ++i) {
        const Rect inner = TouchButtonTextBox(f, button_rect(i), false);
        TextStyle label;
        label.size_px = f.Px(label_px);
        label.bold = true;
        const Rect label_box{inner.min, {inner.max.x, inner.min.y + inner.Height() * 0.56f}};
        label_px = std::min(label_px, FitSize(f, view.buttons[size_t(i)].label, label_box, label) / f.s);
    }
    for (int i = 0; i < count; ++i) {
        const DeskView::Button& b = view.buttons[size_t(i)];
        const Rect r = button_rect(i);
        ImGui::PushID(i);
        // The first action (call next) is the one used all day: the primary colour.
        ButtonStyle style = (i == 0 && b.enabled) ? PrimaryButton(label_px) : QuietButton(label_px);
        style.align = TextAlign::kStart;
        const bool pressed = TouchButton(f, "##action", r, b.label, {}, style, b.shortcut, false, b.enabled);
        const bool key = !dialog_open && b.key_index >= 0 && ImGui::IsKeyPressed(b.key_index, false);
        if (b.enabled && (pressed || key)) actions.Emit(b.action);
        LogBox("action-" + std::to_string(i), r);
        ImGui::PopID();
    }

    // Queue (start side) and the current visitor with the actions (end side).
    const bool narrow = f.portrait;
    Rect queue = area, side = area;
    if (narrow) {
        queue.max.y = area.min.y + area.Height() * 0.5f;
        side.min.y = queue.max.y + gap;
    } else {
        queue = f.Start(area, area.Width() * 0.64f);
        side = f.End(area, area.Width() * 0.36f - gap);
    }

    Card(queue);
    Rect q = Inset(queue, f.Px(16));
    const float row_h = f.Px(58);
    // Column titles.
    const Rect head_row{q.min, {q.max.x, q.min.y + row_h}};
    TextStyle ht;
    ht.size_px = f.Px(22);
    ht.bold = true;
    ht.color = theme::kTextMuted;
    float x = q.min.x;
    float xs[kColumns + 1];
    for (int c = 0; c < kColumns; ++c) { xs[c] = x; x += q.Width() * kColumnShare[c]; }
    xs[kColumns] = q.max.x;
    // Column positions are laid out left to right and placed per direction by Cell(). The
    // titles share one size, the largest at which each stays on one line in its column:
    // a title broken mid-word ("Geschätz-t") or titles in four sizes read badly.
    const int titles = std::min(kColumns, int(view.column_titles.size()));
    for (int c = 0; c < titles; ++c) {
        const float room = xs[c + 1] - xs[c] - f.Px(16);
        const float natural = MeasureText(f, view.column_titles[size_t(c)], ht, 1e6f).x;
        if (natural > room) ht.size_px = std::max(f.Px(14), ht.size_px * room / natural);
    }
    for (int c = 0; c < titles; ++c) {
        Cell(f, Rect{head_row.min, head_row.max}, xs[c], xs[c + 1], view.column_titles[size_t(c)], ht, {}, 0.55f);
    }
    Draw()->AddLine(ImVec2(q.min.x, head_row.max.y), ImVec2(q.max.x, head_row.max.y), theme::kBorder, 2);
    const Rect list{{q.min.x, head_row.max.y + f.Px(4)}, {q.max.x, q.max.y - f.Px(44)}};
    TextStyle summary;
    summary.size_px = f.Px(24);
    summary.color = theme::kTextMuted;
    FitText(f, view.waiting_summary, Rect{{q.min.x, q.max.y - f.Px(40)}, q.max}, summary, VAlign::kCenter);

    if (view.rows.empty()) {
        TextStyle empty;
        empty.size_px = f.Px(30);
        empty.align = TextAlign::kCenter;
        empty.color = theme::kTextMuted;
        FitText(f, view.empty_text, Rect{{list.min.x, list.min.y + f.Px(60)}, {list.max.x, list.min.y + f.Px(140)}}, empty);
    } else {
        ImGui::SetCursorScreenPos(list.min);
        ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
        ImGui::BeginChild("##queue", ImVec2(list.Width(), list.Height()), false, ImGuiWindowFlags_NoBackground);
        ImGuiListClipper clipper;
        clipper.Begin(int(view.rows.size()), row_h);
        TextStyle cs;
        cs.size_px = f.Px(26);
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
                const Rect row{{list.min.x, p.y}, {list.max.x, p.y + row_h}};
                ImGui::PushID(i);
                if (ImGui::InvisibleButton("##row", ImVec2(row.Width(), row_h))) actions.Emit(Action::kSelectTicket, r.ticket_id);
                ImGui::PopID();
                if (r.selected) Draw()->AddRectFilled(row.min, row.max, theme::kSelected, f.Px(8));
                else if (r.state == "called") Draw()->AddRectFilled(row.min, row.max, IM_COL32(255, 244, 200, 255), f.Px(8));
                else if (i % 2 == 1) Draw()->AddRectFilled(row.min, row.max, IM_COL32(248, 247, 244, 255), f.Px(8));
                const float dx = row.min.x - q.min.x;
                auto X = [&](int c) { return xs[c] + dx; };
                Cell(f, row, X(0), X(1), r.number, num, "en");
                // Service in German, the visitor's language beside (its own line, its own direction).
                if (r.service_visitor.empty()) {
                    Cell(f, row, X(1), X(2), r.service, cs);
                } else {
                    const Rect top{row.min, {row.max.x, row.min.y + row_h * 0.55f}};
                    const Rect bottom{{row.min.x, row.min.y + row_h * 0.5f}, row.max};
                    TextStyle s2 = cs;
                    s2.size_px = f.Px(23);
                    Cell(f, top, X(1), X(2), r.service, s2);
                    Cell(f, bottom, X(1), X(2), r.service_visitor, small, r.visitor_lang, 0.6f);
                }
                Cell(f, row, X(2), X(3), r.stops, cs, "en");
                Cell(f, row, X(3), X(4), r.language, cs, r.visitor_lang);
                if (r.interpreter) {
                    Pictogram(f, "record_voice_over",
                              f.PlaceIn(Rect{{X(4) + f.Px(8), row.min.y + f.Px(10)}, {X(4) + f.Px(46), row.max.y - f.Px(10)}}, row),
                              theme::kWarning);
                }
                Cell(f, row, X(5), X(6), r.priority, cs);
                Cell(f, row, X(6), X(7), std::to_string(r.waited_minutes) + "'", cs, "en");
                Cell(f, row, X(7), X(8), "~" + std::to_string(r.estimated_minutes) + "'", cs, "en");
            }
        }
        clipper.End();
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }

    // The current visitor.
    const Rect current = side;
    Card(current);
    Rect c = Inset(current, f.Px(24));
    TextStyle ct;
    ct.size_px = f.Px(26);
    ct.color = theme::kTextMuted;
    ct.bold = true;
    FitText(f, view.current_title, Rect{c.min, {c.max.x, c.min.y + f.Px(40)}}, ct, VAlign::kCenter);
    float y = c.min.y + f.Px(48);
    if (view.has_current) {
        TextStyle big;
        big.size_px = f.Px(84);
        big.bold = true;
        const Rect num_box{{c.min.x, y}, {c.max.x, y + f.Px(110)}};
        FitText(f, view.current_number, f.Start(num_box, num_box.Width() * 0.55f), big, VAlign::kCenter, 0.6f, "en");
        TextStyle state;
        state.size_px = f.Px(28);
        state.bold = true;
        state.color = theme::kPositive;
        state.align = TextAlign::kEnd;
        FitText(f, view.current_state, f.End(num_box, num_box.Width() * 0.45f), state, VAlign::kCenter);
        y += f.Px(120);
        TextStyle body;
        body.size_px = f.Px(28);
        FitText(f, view.current_service, Rect{{c.min.x, y}, {c.max.x, y + f.Px(44)}}, body, VAlign::kCenter);
        y += f.Px(44);
        TextStyle visitor = body;
        visitor.color = theme::kTextMuted;
        visitor.align = AlignToFrameStart(f, view.current_visitor_lang);
        FitText(f, view.current_service_visitor, Rect{{c.min.x, y}, {c.max.x, y + f.Px(44)}}, visitor, VAlign::kCenter,
                0.6f, view.current_visitor_lang);
        y += f.Px(52);
        std::string facts = view.current_language;
        if (view.current_interpreter) facts += " · " + view.interpreter_label;
        if (!view.current_priority.empty()) facts += " · " + view.current_priority;
        FitText(f, facts, Rect{{c.min.x, y}, {c.max.x, y + f.Px(44)}}, body, VAlign::kCenter);
        y += f.Px(52);
        if (!view.current_note.empty()) {
            const Rect note{{c.min.x, y}, {c.max.x, y + f.Px(72)}};
            Draw()->AddRectFilled(note.min, note.max, IM_COL32(255, 244, 200, 255), f.Px(8));
            TextStyle ns = body;
            ns.size_px = f.Px(24);
            FitText(f, view.current_note, Inset(note, f.Px(12), f.Px(6)), ns, VAlign::kCenter);
            y += f.Px(82);
        }
        // The visit's stops: done, now (this counter), next; who served each.
        FitText(f, view.history_title, Rect{{c.min.x, y}, {c.max.x, y + f.Px(40)}}, ct, VAlign::kCenter);
        y += f.Px(44);
        TextStyle what;
        what.size_px = f.Px(24);
        TextStyle when = what;
        when.size_px = f.Px(21);
        when.color = theme::kTextMuted;
        const float line_h = f.Px(66);
        for (const HistoryLine& line : view.history) {
            if (y + line_h > c.max.y) break;
            const Rect hr{{c.min.x, y}, {c.max.x, y + line_h - f.Px(4)}};
            if (line.current) Draw()->AddRectFilled(hr.min, hr.max, theme::kSelected, f.Px(8));
            const Rect in_line = Inset(hr, f.Px(10), f.Px(3));
            TextStyle w = what;
            w.bold = line.current;
            FitText(f, line.what, Rect{in_line.min, {in_line.max.x, in_line.min.y + f.Px(32)}}, w, VAlign::kCenter, 0.7f);
            FitText(f, line.when, Rect{{in_line.min.x, in_line.min.y + f.Px(32)}, in_line.max}, when, VAlign::kCenter, 0.7f);
            y += line_h;
        }
    } else {
        TextStyle empty;
        empty.size_px = f.Px(28);
        empty.color = theme::kTextMuted;
        FitText(f, view.current_none_text, Rect{{c.min.x, y}, {c.max.x, y + f.Px(80)}}, empty);
    }

    if (dialog_open) Dialog(f, view, actions);
    EndScreen();
}

}  // namespace anl::ui
