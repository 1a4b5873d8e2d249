// The sync status over the role's screen: a window of its own drawn after the screen (whose
// window never comes to the front), taking no input, so a touch always reaches the screen.
#include "kiosk/ui/widgets.h"

namespace anl::ui {

namespace {

constexpr ImU32 kOfflineBand = IM_COL32(253, 236, 228, 255);

}  // namespace

void DrawSyncBadge(const SyncBadgeView& view) {
    if (!view.shown) return;
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin("sync-status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoInputs |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav);
    Frame f;
    f.screen = Rect{viewport->Pos, ImVec2(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y)};
    f.s = std::max(0.5f, std::min(viewport->Size.x, viewport->Size.y) / 1080.0f);
    f.lang = view.lang;
    f.rtl = Context().painter->IsRightToLeft(view.lang);
    const ImU32 dot = view.online ? theme::kPositive : theme::kWarning;
    std::string line = view.state;
    if (!view.waiting.empty()) line += " · " + view.waiting;

    if (view.prominent) {
        // The desk: a band across the foot of the screen. Offline it is tinted and says since
        // when the queue shown may miss other terminals' changes.
        const float h = f.Px(44);
        const Rect band{{f.screen.min.x, f.screen.max.y - h}, f.screen.max};
        if (!view.online) Draw()->AddRectFilled(band.min, band.max, kOfflineBand);
        LogBox("sync-status", band);
        const Rect inner = Inset(band, f.Px(24), f.Px(8));
        TextStyle st{f.Px(22), !view.online, view.online ? theme::kTextMuted : theme::kWarning, TextAlign::kStart};
        const float state_w = std::min(inner.Width() * 0.4f, MeasureText(f, line, st, inner.Width()).x + f.Px(36));
        const Rect state_box = f.PlaceIn(Rect{inner.min, {inner.min.x + state_w, inner.max.y}}, inner);
        const float r = f.Px(7);
        const float dot_x = f.rtl ? state_box.max.x - r : state_box.min.x + r;
        Draw()->AddCircleFilled(ImVec2(dot_x, (state_box.min.y + state_box.max.y) * 0.5f), r, dot);
        const Rect state_text = f.rtl ? Rect{state_box.min, {state_box.max.x - f.Px(28), state_box.max.y}}
                                      : Rect{{state_box.min.x + f.Px(28), state_box.min.y}, state_box.max};
        FitText(f, line, state_text, st, VAlign::kCenter);
        if (!view.stale_note.empty()) {
            const Rect note = f.PlaceIn(Rect{{inner.min.x + state_w + f.Px(16), inner.min.y}, inner.max}, inner);
            TextStyle ns{f.Px(22), false, theme::kText, TextAlign::kStart};
            FitText(f, view.stale_note, note, ns, VAlign::kCenter);
        }
    } else {
        // Kiosk and call display: a quiet note in the bottom end corner.
        TextStyle st{f.Px(17), false, theme::kTextMuted, TextAlign::kStart};
        const float w = MeasureText(f, line, st, f.screen.Width() * 0.5f).x + f.Px(40);
        const float h = f.Px(30);
        const Rect corner = f.End(Rect{{f.screen.min.x, f.screen.max.y - h}, f.screen.max}, w);
        Draw()->AddRectFilled(corner.min, corner.max, IM_COL32(246, 245, 241, 220), f.Px(8));
        LogBox("sync-status", corner);
        const float r = f.Px(5);
        const float dot_x = f.rtl ? corner.max.x - f.Px(14) : corner.min.x + f.Px(14);
        Draw()->AddCircleFilled(ImVec2(dot_x, (corner.min.y + corner.max.y) * 0.5f), r, dot);
        const Rect text = f.rtl ? Rect{{corner.min.x + f.Px(6), corner.min.y}, {corner.max.x - f.Px(26), corner.max.y}}
                                : Rect{{corner.min.x + f.Px(26), corner.min.y}, {corner.max.x - f.Px(6), corner.max.y}};
        FitText(f, line, text, st, VAlign::kCenter);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

}  // namespace anl::ui
