// Administration, Translations: the messages of one language (filtered by status and by the
// screen that shows them), the German source beside the translation being typed, the
// MessageFormat check as the administrator types, saving as reviewed or draft, and a live
// preview in the kiosk's own widget at the kiosk's size, in the language's direction.
#include <algorithm>

#include "kiosk/ui/admin_parts.h"

namespace anl::ui {

namespace {

ImU32 StatusColor(int kind) {
    switch (kind) {
        case 0: return IM_COL32(22, 110, 60, 255);   // reviewed
        case 1: return IM_COL32(150, 105, 0, 255);   // draft
        case 2: return IM_COL32(176, 60, 20, 255);   // outdated
        default: return IM_COL32(110, 110, 110, 255);  // missing
    }
}

float ChipRow(const Frame& f, const Rect& row, std::string_view label, const std::vector<AdminChip>& chips, float chip_w,
              Action action, const char* log_prefix, UiActions& actions) {
    TextStyle ls;
    ls.size_px = f.Px(20);
    ls.color = theme::kTextMuted;
    FitText(f, label, f.Start(row, f.Px(150)), ls, VAlign::kCenter);
    float x = f.Px(160);
    for (size_t i = 0; i < chips.size(); ++i) {
        ImGui::PushID(log_prefix);
        ImGui::PushID(int(i));
        const Rect c = f.PlaceIn(Rect{{row.min.x + x, row.min.y}, {row.min.x + x + chip_w, row.max.y}}, row);
        if (AdminButton(f, "##chip", c, chips[i].label, chips[i].selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet,
                        true, std::string(log_prefix) + (chips[i].id.empty() ? "all" : chips[i].id)))
            actions.Emit(action, chips[i].id);
        ImGui::PopID();
        ImGui::PopID();
        x += chip_w + f.Px(8);
    }
    return x;
}

}  // namespace

void DrawKioskPreview(PreviewWidget widget, std::string_view text, std::string_view lang, const Rect& area) {
    // The kiosk's frame: its language and direction, and its scale at 1920x1080 (1.0).
    Frame k;
    k.screen = area;
    k.s = 1.0f;
    k.lang = std::string(lang);
    k.rtl = Context().painter->IsRightToLeft(lang);
    Draw()->AddRectFilled(area.min, area.max, theme::kBackground, 12);
    const Rect in = Inset(area, 16);
    switch (widget) {
        case PreviewWidget::kChoiceButton: {
            const Rect cell = k.Start(Rect{in.min, {in.max.x, in.min.y + kKioskChoiceCellHeight}},
                                      std::min(kKioskChoiceCellWidth, in.Width()));
            ChoiceItem item;
            item.label = std::string(text);
            item.pictogram = "touch_app";
            (void)KioskChoiceButton(k, "##preview", cell, item, theme::kPrimary);
            LogBox("preview", cell);
            break;
        }
        case PreviewWidget::kTitle: {
            const Rect box = k.Start(Rect{in.min, {in.max.x, in.min.y + 90}}, std::min(kKioskTitleWidth, in.Width()));
            KioskTitle(k, text, box);
            LogBox("preview", box);
            break;
        }
        case PreviewWidget::kBody: {
            const Rect box = k.Start(in, std::min(kKioskBodyWidth, in.Width()));
            KioskBody(k, text, box);
            LogBox("preview", box);
            break;
        }
    }
}

void DrawAdminEditorScreen(const AdminEditorView& view, UiActions& actions) {
    const Frame f = BeginScreen("admin-editor", view.chrome.lang);
    const Rect area = AdminFrame(f, view.chrome, actions);
    TextStyle title;
    title.size_px = f.Px(36);
    title.bold = true;
    FitText(f, view.title, Rect{area.min, {area.max.x, area.min.y + f.Px(48)}}, title, VAlign::kTop);

    // Filters: language, status, screen.
    float y = area.min.y + f.Px(56);
    const float chip_h = f.Px(40);
    const float lang_w = std::min(f.Px(74), (area.Width() - f.Px(160)) / float(std::max<size_t>(1, view.languages.size())) - f.Px(8));
    ChipRow(f, Rect{{area.min.x, y}, {area.max.x, y + chip_h}}, view.language_label, view.languages, lang_w,
            Action::kAdminEditLanguage, "lang-", actions);
    y += chip_h + f.Px(10);
    const Rect status_row{{area.min.x, y}, {area.max.x, y + chip_h}};
    const float after = ChipRow(f, status_row, view.status_label, view.statuses, f.Px(130), Action::kAdminFilterStatus,
                                "status-", actions);
    {
        // The screen filter: previous, the screen, next.
        Rect rest = status_row;
        if (f.rtl) rest.max.x -= after + f.Px(24); else rest.min.x += after + f.Px(24);
        TextStyle ls;
        ls.size_px = f.Px(20);
        ls.color = theme::kTextMuted;
        FitText(f, view.screen_label, f.Start(rest, f.Px(110)), ls, VAlign::kCenter);
        if (f.rtl) rest.max.x -= f.Px(118); else rest.min.x += f.Px(118);
        // Previous at the start side, next at the end side; the chevrons point that way.
        const Rect prev = f.Start(rest, f.Px(44)), next = f.End(rest, f.Px(44));
        if (AdminButton(f, "##screen-prev", prev, {}, AdminButtonKind::kQuiet, true, "screen-prev"))
            actions.Emit(Action::kAdminFilterScreen, {}, -1);
        Pictogram(f, f.rtl ? "chevron_right" : "chevron_left", Inset(prev, f.Px(6)), theme::kText);
        if (AdminButton(f, "##screen-next", next, {}, AdminButtonKind::kQuiet, true, "screen-next"))
            actions.Emit(Action::kAdminFilterScreen, {}, +1);
        Pictogram(f, f.rtl ? "chevron_left" : "chevron_right", Inset(next, f.Px(6)), theme::kText);
        TextStyle ss;
        ss.size_px = f.Px(20);
        ss.bold = true;
        ss.align = TextAlign::kCenter;
        FitText(f, view.screen, Inset(rest, f.Px(52), 0), ss, VAlign::kCenter, 0.7f, "en");
        LogBox("screen-filter", rest);
    }
    y += chip_h + f.Px(16);

    // The list (start side) and the selected message (end side).
    const float main_h = f.Px(470);
    const Rect main{{area.min.x, y}, {area.max.x, y + main_h}};
    const Rect list = f.Start(main, main.Width() * 0.42f);
    Rect detail = main;
    if (f.rtl) detail.max.x = list.min.x - f.Px(24); else detail.min.x = list.max.x + f.Px(24);
    Card(list, theme::kSurface, theme::kBorder, f.Px(10));
    LogBox("message-list", list);
    const float note_h = f.Px(32);
    const float row_h = (list.Height() - note_h - f.Px(8)) / float(kAdminListRows);
    if (ImGui::IsMouseHoveringRect(list.min, list.max) && ImGui::GetIO().MouseWheel != 0)
        actions.Emit(Action::kAdminScroll, {}, ImGui::GetIO().MouseWheel > 0 ? -3 : 3);
    for (size_t i = 0; i < view.rows.size(); ++i) {
        const AdminMessageRow& row = view.rows[i];
        ImGui::PushID(row.key.c_str());
        const Rect r = Inset(Rect{{list.min.x, list.min.y + float(i) * row_h}, {list.max.x, list.min.y + float(i + 1) * row_h}},
                             f.Px(4), f.Px(2));
        ImGui::SetCursorScreenPos(r.min);
        if (ImGui::InvisibleButton("##row", ImVec2(r.Width(), r.Height()))) actions.Emit(Action::kAdminSelectMessage, row.key);
        if (row.selected) Draw()->AddRectFilled(r.min, r.max, theme::kSelected, f.Px(6));
        else if (ImGui::IsItemHovered()) Draw()->AddRectFilled(r.min, r.max, IM_COL32(240, 240, 236, 255), f.Px(6));
        const Rect status = f.End(r, f.Px(110));
        TextStyle st;
        st.size_px = f.Px(16);
        st.bold = true;
        st.color = StatusColor(row.status_kind);
        st.align = TextAlign::kCenter;
        FitText(f, row.status, status, st, VAlign::kCenter, 0.7f);
        Rect text = r;
        if (f.rtl) text.min.x = status.max.x + f.Px(8); else text.max.x = status.min.x - f.Px(8);
        text = Inset(text, f.Px(8), 0);
        TextStyle ks;
        ks.size_px = f.Px(14);
        ks.color = theme::kTextMuted;
        FitText(f, row.key, Rect{text.min, {text.max.x, text.min.y + text.Height() * 0.45f}}, ks, VAlign::kCenter, 0.6f, "en");
        TextStyle ts;
        ts.size_px = f.Px(17);
        ts.align = AlignToFrameStart(f, view.edit_lang);
        const std::string& line = row.text.empty() ? row.german : row.text;
        // One line: what does not fit is cut at the box (the whole text is beside).
        TextStyle clipped = ts;
        const Rect line_box{{text.min.x, text.min.y + text.Height() * 0.45f}, text.max};
        ImGui::PushClipRect(line_box.min, line_box.max, true);
        Context().painter->Draw(Draw(), line, row.text.empty() ? "de" : view.edit_lang, clipped, line_box);
        ImGui::PopClipRect();
        LogBox("row-" + row.key, r);
        ImGui::PopID();
    }
    {
        TextStyle ns;
        ns.size_px = f.Px(18);
        ns.color = theme::kTextMuted;
        ns.align = TextAlign::kCenter;
        const Rect note{{list.min.x, list.max.y - note_h}, list.max};
        FitText(f, view.rows.empty() ? view.empty_note : view.rows_note, note, ns, VAlign::kCenter);
    }

    // The selected message: where it is seen, German, the translation, the check, save.
    TextStyle label;
    label.size_px = f.Px(18);
    label.color = theme::kTextMuted;
    TextStyle key_style = label;
    key_style.bold = true;
    key_style.color = theme::kText;
    float dy = detail.min.y;
    FitText(f, view.key, Rect{{detail.min.x, dy}, {detail.max.x, dy + f.Px(26)}}, key_style, VAlign::kCenter, 0.6f, "en");
    dy += f.Px(28);
    // Where it is seen: up to two lines (a common word is on many screens).
    TextStyle seen = label;
    seen.size_px = f.Px(16);
    FitText(f, view.seen_on, Rect{{detail.min.x, dy}, {detail.max.x, dy + f.Px(46)}}, seen, VAlign::kTop, 0.7f);
    dy += f.Px(50);
    FitText(f, view.german_label, Rect{{detail.min.x, dy}, {detail.max.x, dy + f.Px(24)}}, label, VAlign::kCenter);
    dy += f.Px(26);
    const Rect german{{detail.min.x, dy}, {detail.max.x, dy + f.Px(84)}};
    Draw()->AddRectFilled(german.min, german.max, IM_COL32(238, 236, 230, 255), f.Px(8));
    TextStyle gs;
    gs.size_px = f.Px(22);
    gs.align = AlignToFrameStart(f, "de");
    FitText(f, view.german, Inset(german, f.Px(12), f.Px(8)), gs, VAlign::kTop, 0.7f, "de");
    LogBox("german", german);
    dy += f.Px(90);
    FitText(f, view.translation_label, Rect{{detail.min.x, dy}, {detail.max.x, dy + f.Px(24)}}, label, VAlign::kCenter);
    dy += f.Px(26);
    const Rect field{{detail.min.x, dy}, {detail.max.x, dy + f.Px(110)}};
    Draw()->AddRectFilled(field.min, field.max, theme::kSurface, f.Px(8));
    Draw()->AddRect(field.min, field.max, view.key.empty() ? theme::kBorder : theme::kPrimary, f.Px(8), 0, f.Px(3));
    TextStyle es;
    es.size_px = f.Px(24);
    es.align = AlignToFrameStart(f, view.edit_lang);
    // The caret at the end of the text (the end side of a right-to-left line).
    if (!view.key.empty()) FitText(f, view.translation + "\xE2\x80\x8B|", Inset(field, f.Px(12), f.Px(8)), es, VAlign::kTop, 0.6f, view.edit_lang);
    LogBox("translation", field);
    if (!view.key.empty()) {
        const std::string typed = TypedText();
        if (!typed.empty()) actions.Emit(Action::kAdminEditType, {}, 0, typed);
        const ImGuiIO& io = ImGui::GetIO();
        if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_V), false)) {
            if (const char* clip = ImGui::GetClipboardText()) actions.Emit(Action::kAdminEditType, {}, 0, clip);
        }
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) actions.Emit(Action::kAdminEditErase);
    }
    dy += f.Px(118);
    // The check, as they type.
    const Rect check{{detail.min.x, dy}, {detail.max.x, dy + f.Px(56)}};
    TextStyle cs;
    cs.size_px = f.Px(18);
    cs.bold = true;
    cs.color = view.problems.empty() ? theme::kPositive : theme::kWarning;
    std::string check_text = view.check_ok;
    for (const auto& p : view.problems) check_text += (check_text.empty() ? "" : "\n") + p;
    FitText(f, check_text, check, cs, VAlign::kTop, 0.7f, view.problems.empty() ? std::string_view() : std::string_view("en"));
    LogBox("check", check);
    const Rect buttons{{detail.min.x, main.max.y - f.Px(48)}, {detail.max.x, main.max.y}};
    const float bw = (buttons.Width() - f.Px(16)) * 0.5f;
    if (AdminButton(f, "##reviewed", f.End(buttons, bw), view.mark_reviewed_label, AdminButtonKind::kPrimary, view.can_save,
                    "mark-reviewed"))
        actions.Emit(Action::kAdminMarkReviewed);
    if (AdminButton(f, "##draft", f.Start(buttons, bw), view.save_draft_label, AdminButtonKind::kQuiet, view.can_save,
                    "save-draft"))
        actions.Emit(Action::kAdminSaveDraft);

    // The live preview, as the kiosk draws it.
    const Rect preview{{area.min.x, main.max.y + f.Px(20)}, area.max};
    TextStyle ps;
    ps.size_px = f.Px(20);
    ps.bold = true;
    FitText(f, view.preview_label, Rect{preview.min, {preview.max.x, preview.min.y + f.Px(30)}}, ps, VAlign::kCenter);
    const Rect stage{{preview.min.x, preview.min.y + f.Px(36)}, preview.max};
    if (!view.preview_text.empty()) DrawKioskPreview(view.preview_widget, view.preview_text, view.edit_lang, stage);
    else Draw()->AddRect(stage.min, stage.max, theme::kBorder, 12);
    EndScreen();
}

}  // namespace anl::ui
