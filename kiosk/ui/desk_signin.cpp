// Front desk: sign in with staff number and PIN, then choose the counter.
// Typing goes into the focused field; Tab switches, Enter signs in. The PIN shows as dots.
#include <algorithm>

#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

std::string TypedCharacters() {
    std::string out;
    const ImGuiIO& io = ImGui::GetIO();
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const ImWchar c = io.InputQueueCharacters[i];
        if (c >= '0' && c <= '9') out.push_back(char(c));  // staff numbers and PINs are digits
    }
    return out;
}

void Field(const Frame& f, const char* id, const Rect& box, std::string_view label, std::string_view value,
           bool focused, int index, UiActions& actions) {
    TextStyle ls;
    ls.size_px = f.Px(30);
    ls.color = theme::kTextMuted;
    FitText(f, label, Rect{box.min, {box.max.x, box.min.y + f.Px(44)}}, ls, VAlign::kBottom);
    const Rect input{{box.min.x, box.min.y + f.Px(52)}, box.max};
    ImGui::SetCursorScreenPos(input.min);
    if (ImGui::InvisibleButton(id, ImVec2(input.Width(), input.Height()))) actions.Emit(Action::kSignInFocus, {}, index);
    Draw()->AddRectFilled(input.min, input.max, theme::kSurface, f.Px(12));
    Draw()->AddRect(input.min, input.max, focused ? theme::kPrimary : theme::kBorder, f.Px(12), 0, focused ? f.Px(4) : 2.0f);
    TextStyle vs;
    vs.size_px = f.Px(44);
    vs.bold = true;
    FitText(f, value, Inset(input, f.Px(20), f.Px(6)), vs, VAlign::kCenter, 0.6f, "en");
    LogBox(index == 0 ? "staff-number" : "pin", input);
}

}  // namespace

void DrawSignInScreen(const SignInView& view, UiActions& actions) {
    const Frame f = BeginScreen("sign-in", view.lang);
    NoteInput(actions);
    const float w = std::min(f.screen.Width() - f.Px(80), f.Px(900));
    const ImVec2 c{(f.screen.min.x + f.screen.max.x) * 0.5f, (f.screen.min.y + f.screen.max.y) * 0.5f};
    TextStyle title;
    title.size_px = f.Px(52);
    title.bold = true;

    if (view.choose_counter) {
        const float h = f.Px(200) + f.Px(110) * float(view.counters.size());
        const Rect card{{c.x - w * 0.5f, c.y - h * 0.5f}, {c.x + w * 0.5f, c.y + h * 0.5f}};
        Card(card, theme::kSurface, theme::kBorder, f.Px(24));
        Rect in = Inset(card, f.Px(48));
        FitText(f, view.counter_title, Rect{in.min, {in.max.x, in.min.y + f.Px(80)}}, title, VAlign::kCenter);
        float y = in.min.y + f.Px(110);
        for (size_t i = 0; i < view.counters.size(); ++i) {
            ImGui::PushID(int(i));
            const Rect b{{in.min.x, y}, {in.max.x, y + f.Px(90)}};
            ButtonStyle style = QuietButton(38);
            style.align = TextAlign::kStart;
            if (TouchButton(f, "##counter", b, view.counters[i].label, view.counters[i].pictogram, style,
                            view.counters[i].hint)) {
                actions.Emit(Action::kChooseCounter, view.counters[i].id);
            }
            LogBox("counter-" + view.counters[i].id, b);
            ImGui::PopID();
            y += f.Px(110);
        }
        EndScreen();
        return;
    }

    // Keyboard: digits into the focused field, Tab to switch, Backspace, Enter.
    if (!view.locked) {
        const std::string typed = TypedCharacters();
        if (!typed.empty()) actions.Emit(Action::kSignInType, {}, view.focus, typed);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace))) actions.Emit(Action::kSignInErase, {}, view.focus);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false)) actions.Emit(Action::kSignInFocus, {}, 1 - view.focus);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
            ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false)) {
            actions.Emit(Action::kSignInSubmit);
        }
    }

    const float h = f.Px(760);
    const Rect card{{c.x - w * 0.5f, c.y - h * 0.5f}, {c.x + w * 0.5f, c.y + h * 0.5f}};
    Card(card, theme::kSurface, theme::kBorder, f.Px(24));
    Rect in = Inset(card, f.Px(56));
    const Rect head{in.min, {in.max.x, in.min.y + f.Px(80)}};
    Pictogram(f, "badge", f.Start(head, f.Px(72)), theme::kPrimary);
    Rect head_text = head;
    if (f.rtl) head_text.max.x -= f.Px(96); else head_text.min.x += f.Px(96);
    FitText(f, view.title, head_text, title, VAlign::kCenter);
    float y = in.min.y + f.Px(120);
    Field(f, "##staff", Rect{{in.min.x, y}, {in.max.x, y + f.Px(140)}}, view.staff_number_label, view.staff_number,
          view.focus == 0, 0, actions);
    y += f.Px(170);
    std::string masked;
    for (int i = 0; i < view.pin_length; ++i) masked += "\xE2\x80\xA2 ";  // U+2022 bullet
    Field(f, "##pin", Rect{{in.min.x, y}, {in.max.x, y + f.Px(140)}}, view.pin_label, masked, view.focus == 1, 1,
          actions);
    y += f.Px(170);
    TextStyle err;
    err.size_px = f.Px(30);
    err.color = theme::kWarning;
    err.bold = true;
    FitText(f, view.error, Rect{{in.min.x, y}, {in.max.x, y + f.Px(90)}}, err, VAlign::kCenter);
    const Rect submit{{in.min.x, in.max.y - f.Px(96)}, in.max};
    if (TouchButton(f, "##submit", submit, view.submit_label, "login", PrimaryButton(40), {}, false, !view.locked)) {
        actions.Emit(Action::kSignInSubmit);
    }
    LogBox("submit", submit);
    EndScreen();
}

}  // namespace anl::ui
