// Kiosk: visitor feedback. Five faces with a short word under each (how was your visit?),
// then up to three reason chips and "send", then a thank-you. Anonymous: nothing is typed,
// no name or number is asked. The faces sit side by side (in the low-reach band too), as
// large as the row allows; reasons are big chips like the finder's answers.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {
namespace {

// A face's colour: the unhappy ones in the warning colour, the happy ones in the positive one,
// so a visitor who cannot read still sees which end is which (the pictograms say it too).
ImU32 FaceColour(int score) {
    if (score <= 2) return theme::kWarning;
    if (score >= 4) return theme::kPositive;
    return theme::kPictogram;
}

// One face: a card with the pictogram large and its word under it. Returns true when tapped.
bool FaceButton(const Frame& f, const FeedbackFace& face, const Rect& box) {
    ImGui::SetCursorScreenPos(box.min);
    const ImGuiID id = ImGui::GetID("##face");
    const bool tapped = ExploreGate(Context(), id, ImGui::InvisibleButton("##face", ImVec2(box.Width(), box.Height())),
                                    face.label);
    LogTouchTarget(box);
    const bool held = ImGui::IsItemActive();
    Card(box, held || face.selected ? theme::kSelected : theme::kSurface,
         face.selected ? theme::kPrimary : theme::kBorder, f.Px(24));
    if (face.selected) Draw()->AddRect(box.min, box.max, theme::kPrimary, f.Px(24), 0, f.Px(5));
    const Rect inner = Inset(box, f.Px(12), f.Px(16));
    // Large text: room for the word on two lines at its full size.
    const float label_h = f.modes.large_text ? std::min(f.Px(160), inner.Height() * 0.45f)
                                             : std::min(f.Px(110), inner.Height() * 0.4f);
    const float icon = std::min(inner.Width(), inner.Height() - label_h - f.Px(8));
    const Rect icon_box{{inner.min.x + (inner.Width() - icon) * 0.5f, inner.min.y},
                        {inner.min.x + (inner.Width() + icon) * 0.5f, inner.min.y + icon}};
    Pictogram(f, face.pictogram, icon_box, FaceColour(face.score));
    TextStyle word;
    word.size_px = f.Px(34);
    word.bold = true;
    word.align = TextAlign::kCenter;
    FitText(f, face.label, Rect{{inner.min.x, inner.max.y - label_h}, inner.max}, word, VAlign::kCenter, 0.55f);
    return tapped;
}

}  // namespace

void DrawFeedbackScreen(const FeedbackView& view, UiActions& actions) {
    const bool thanks = view.step == FeedbackView::Step::kThanks;
    const Frame f = thanks ? BeginReadingScreen("feedback", view.chrome.lang) : BeginScreen("feedback", view.chrome.lang);
    Rect area = KioskChromeTop(f, view.chrome, actions, /*reading=*/thanks);
    const float gap = f.Px(24);

    if (thanks) {
        // A calm screen to read, its one button at the foot.
        const float done_h = f.Px(120);
        const Rect done{{area.min.x, area.max.y - done_h}, area.max};
        const Rect done_button = f.portrait ? done : f.End(done, done.Width() * 0.45f);
        if (TouchButton(f, "##done", done_button, view.done_label, "check_circle", PrimaryButton(44)))
            actions.Emit(Action::kFeedbackDone);
        LogBox("feedback-done", done_button);
        Rect body{area.min, {area.max.x, done.min.y - gap}};
        const float icon = std::min(f.Px(260), body.Height() * 0.4f);
        const float title_h = f.Px(f.modes.large_text ? 170 : 130);  // large text: "Thank you!" at its full size
        const float block = icon + f.Px(40) + title_h + f.Px(200);
        body.min.y += std::max(0.0f, (body.Height() - block) * 0.5f);
        Pictogram(f, "favorite", Rect{{body.min.x, body.min.y}, {body.max.x, body.min.y + icon}}, theme::kPositive);
        float y = body.min.y + icon + f.Px(40);
        TextStyle title;
        title.size_px = f.Px(72);
        title.bold = true;
        title.align = TextAlign::kCenter;
        const Rect title_box{{body.min.x, y}, {body.max.x, y + title_h}};
        FitText(f, view.title, title_box, title, VAlign::kCenter);
        LogBox("feedback-thanks", title_box);
        y += title_h;
        TextStyle note;
        note.size_px = f.Px(42);
        note.align = TextAlign::kCenter;
        note.color = theme::kTextMuted;
        FitText(f, view.note, Rect{{body.min.x, y}, {body.max.x, std::min(body.max.y, y + f.Px(200))}}, note);
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }

    // Heading: the question (or the reasons' title), the office it is about, the privacy note.
    // Large text: each as tall as it needs at its full size (a second line where it wraps).
    const bool large = f.modes.large_text;
    auto height = [&](std::string_view text, const TextStyle& style, float width, float standard, float most) {
        if (!large) return standard;
        return std::clamp(MeasureText(f, text, style, width).y + f.Px(4), standard, most);
    };
    TextStyle title;
    title.size_px = f.Px(56);
    title.bold = true;
    const float title_h = height(view.title, title, area.Width(), f.Px(90), f.Px(240));
    const Rect title_box{area.min, {area.max.x, area.min.y + title_h}};
    FitText(f, view.title, title_box, title, VAlign::kCenter);
    LogBox("feedback-title", title_box);
    area.min.y += title_h + f.Px(8);
    TextStyle sub;
    sub.size_px = f.Px(34);
    sub.color = theme::kTextMuted;
    if (!view.office_name.empty()) {
        TextStyle office = sub;
        office.bold = true;
        office.color = theme::kText;
        const float office_h = height(view.office_name, office, area.Width(), f.Px(56), f.Px(150));
        FitText(f, view.office_name, Rect{area.min, {area.max.x, area.min.y + office_h}}, office, VAlign::kCenter);
        area.min.y += office_h + f.Px(8);
    }
    if (!view.note.empty()) {
        const float note_h = height(view.note, sub, area.Width() - f.Px(64), f.Px(100), f.Px(220));
        const Rect note_box{area.min, {area.max.x, area.min.y + note_h}};
        const Rect lock = f.Start(note_box, f.Px(48));
        Pictogram(f, "lock", Rect{{lock.min.x, note_box.min.y}, {lock.max.x, note_box.min.y + f.Px(48)}}, theme::kTextMuted);
        Rect text = note_box;
        if (f.rtl) text.max.x -= f.Px(64); else text.min.x += f.Px(64);
        FitText(f, view.note, text, sub);
        LogBox("feedback-note", note_box);
        area.min.y += note_h + f.Px(12);
    }

    if (view.step == FeedbackView::Step::kScore) {
        // Five faces in one row, very dissatisfied at the start side: as tall as they may be.
        const int count = int(view.faces.size());
        const float face_gap = f.Px(f.portrait || f.NarrowBand() ? 14 : 28);
        const float w = (area.Width() - face_gap * float(count - 1)) / float(std::max(count, 1));
        const float h = std::min(area.Height(), std::max(w * 1.45f, f.Px(200)));
        const float top = area.min.y + (area.Height() - h) * (f.portrait ? 0.3f : 0.35f);
        for (int i = 0; i < count; ++i) {
            const Rect cell = f.PlaceIn(Rect{{area.min.x + float(i) * (w + face_gap), top},
                                             {area.min.x + float(i) * (w + face_gap) + w, top + h}}, area);
            ImGui::PushID(i);
            if (FaceButton(f, view.faces[size_t(i)], cell))
                actions.Emit(Action::kFeedbackScore, {}, view.faces[size_t(i)].score);
            LogBox("face-" + std::to_string(view.faces[size_t(i)].score), cell);
            ImGui::PopID();
        }
        KioskChromeOverlay(f, view.chrome, actions);
        EndScreen();
        return;
    }

    // Reasons: the chosen face small at the start side of the send row, the chips above.
    const float send_h = f.Px(120);
    const Rect send_row{{area.min.x, area.max.y - send_h}, area.max};
    const Rect send = f.End(send_row, f.portrait ? send_row.Width() * 0.6f : send_row.Width() * 0.4f);
    if (TouchButton(f, "##send", send, view.send_label, "send", PrimaryButton(44))) actions.Emit(Action::kSendFeedback);
    LogBox("feedback-send", send);
    for (const FeedbackFace& face : view.faces) {
        if (!face.selected) continue;
        const Rect chosen = f.Start(send_row, send_row.Width() - send.Width() - gap);
        const Rect icon = f.Start(chosen, send_h);
        Pictogram(f, face.pictogram, icon, FaceColour(face.score));
        Rect word = chosen;
        if (f.rtl) word.max.x -= send_h + f.Px(16); else word.min.x += send_h + f.Px(16);
        TextStyle label;
        label.size_px = f.Px(40);
        label.bold = true;
        FitText(f, face.label, word, label, VAlign::kCenter);
        LogBox("feedback-chosen", chosen);
    }
    Rect list{area.min, {area.max.x, send_row.min.y - gap}};
    const int count = int(view.reasons.size());
    const int columns = (f.portrait || f.NarrowBand()) ? 1 : 2;
    const int rows = std::max(1, (count + columns - 1) / columns);
    const float cw = (list.Width() - gap * float(columns - 1)) / float(columns);
    const float ch = std::clamp((list.Height() - gap * float(rows - 1)) / float(rows), f.Px(88), f.Px(large ? 220 : 150));
    for (int i = 0; i < count; ++i) {
        const ChoiceItem& item = view.reasons[size_t(i)];
        const int column = i / rows, row = i % rows;
        const Rect cell = f.PlaceIn(Rect{{list.min.x + float(column) * (cw + gap), list.min.y + float(row) * (ch + gap)},
                                         {list.min.x + float(column) * (cw + gap) + cw, list.min.y + float(row) * (ch + gap) + ch}},
                                    list);
        ImGui::PushID(i);
        if (KioskChoiceButton(f, "##reason", cell, item, theme::kPictogram)) actions.Emit(Action::kFeedbackReason, item.id);
        LogBox("reason-" + item.id, cell);
        ImGui::PopID();
    }
    KioskChromeOverlay(f, view.chrome, actions);
    EndScreen();
}

}  // namespace anl::ui
