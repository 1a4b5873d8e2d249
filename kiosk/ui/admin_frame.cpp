// Administration: the navigation every page shares (start side: product, who is signed in,
// the pages, sign-out) and the status line saying what the last save did.
#include <algorithm>

#include "kiosk/ui/admin_parts.h"

namespace anl::ui {

bool AdminButton(const Frame& f, const char* id, const Rect& box, std::string_view label, AdminButtonKind kind,
                 bool enabled, std::string_view log_name) {
    ImGui::SetCursorScreenPos(box.min);
    const bool clicked = ImGui::InvisibleButton(id, ImVec2(box.Width(), box.Height())) && enabled;
    const bool hovered = ImGui::IsItemHovered() && enabled;
    ImU32 fill = kind == AdminButtonKind::kPrimary ? theme::kPrimary
                 : kind == AdminButtonKind::kSelected ? theme::kSelected
                                                      : theme::kSurface;
    if (hovered && kind != AdminButtonKind::kPrimary) fill = IM_COL32(236, 241, 248, 255);
    if (!enabled) fill = IM_COL32(234, 233, 229, 255);
    Draw()->AddRectFilled(box.min, box.max, fill, f.Px(10));
    Draw()->AddRect(box.min, box.max, kind == AdminButtonKind::kQuiet ? theme::kBorder : theme::kPrimary, f.Px(10), 0,
                    kind == AdminButtonKind::kSelected ? f.Px(3) : 1.5f);
    TextStyle ts;
    ts.size_px = std::min(f.Px(24), box.Height() * 0.5f);
    ts.bold = kind != AdminButtonKind::kQuiet;
    ts.align = TextAlign::kCenter;
    ts.color = !enabled ? theme::kTextMuted : kind == AdminButtonKind::kPrimary ? theme::kPrimaryText : theme::kText;
    FitText(f, label, Inset(box, f.Px(10), f.Px(4)), ts, VAlign::kCenter, 0.7f);
    if (!log_name.empty()) LogBox(log_name, box);
    return clicked;
}

// What was typed this frame, as UTF-8 (control characters are left to the view model's filter).
std::string TypedText() {
    const ImGuiIO& io = ImGui::GetIO();
    std::string typed;
    for (int i = 0; i < io.InputQueueCharacters.Size; ++i) {
        const unsigned c = io.InputQueueCharacters[i];
        if (c < 0x20) continue;
        if (c < 0x80) {
            typed.push_back(char(c));
        } else if (c < 0x800) {
            typed.push_back(char(0xC0 | (c >> 6)));
            typed.push_back(char(0x80 | (c & 0x3F)));
        } else {
            typed.push_back(char(0xE0 | (c >> 12)));
            typed.push_back(char(0x80 | ((c >> 6) & 0x3F)));
            typed.push_back(char(0x80 | (c & 0x3F)));
        }
    }
    return typed;
}

Rect AdminFrame(const Frame& f, const AdminChrome& chrome, UiActions& actions) {
    NoteInput(actions);
    const float nav_w = f.Px(320);
    const Rect nav = f.Start(f.screen, nav_w);
    Draw()->AddRectFilled(nav.min, nav.max, theme::kSurface);
    Draw()->AddLine(f.rtl ? ImVec2(nav.min.x, nav.min.y) : ImVec2(nav.max.x, nav.min.y),
                    f.rtl ? ImVec2(nav.min.x, nav.max.y) : ImVec2(nav.max.x, nav.max.y), theme::kBorder, 2);
    LogBox("admin-nav", nav);
    const Rect in = Inset(nav, f.Px(24));
    TextStyle product;
    product.size_px = f.Px(28);
    product.bold = true;
    FitText(f, chrome.product, Rect{in.min, {in.max.x, in.min.y + f.Px(80)}}, product, VAlign::kTop);
    float y = in.min.y + f.Px(110);
    for (size_t i = 0; i < chrome.nav.size(); ++i) {
        const AdminNavItem& item = chrome.nav[i];
        ImGui::PushID(int(i));
        const Rect b{{in.min.x, y}, {in.max.x, y + f.Px(64)}};
        if (AdminButton(f, "##nav", b, item.label, item.selected ? AdminButtonKind::kSelected : AdminButtonKind::kQuiet,
                        true, "nav-" + item.id))
            actions.Emit(Action::kAdminPage, item.id);
        ImGui::PopID();
        y += f.Px(80);
    }
    TextStyle who;
    who.size_px = f.Px(22);
    who.color = theme::kTextMuted;
    FitText(f, chrome.staff, Rect{{in.min.x, in.max.y - f.Px(130)}, {in.max.x, in.max.y - f.Px(76)}}, who, VAlign::kBottom);
    if (AdminButton(f, "##signout", Rect{{in.min.x, in.max.y - f.Px(60)}, in.max}, chrome.sign_out_label,
                    AdminButtonKind::kQuiet, true, "sign-out"))
        actions.Emit(Action::kSignOut);

    Rect content = f.screen;
    if (f.rtl) content.max.x = nav.min.x; else content.min.x = nav.max.x;
    content = Inset(content, f.Px(32));
    if (!chrome.status.empty()) {
        const Rect line{{content.min.x, content.max.y - f.Px(48)}, content.max};
        Draw()->AddRectFilled(line.min, line.max, chrome.status_error ? IM_COL32(252, 232, 224, 255) : IM_COL32(226, 242, 232, 255),
                              f.Px(8));
        TextStyle st;
        st.size_px = f.Px(22);
        st.bold = true;
        st.color = chrome.status_error ? theme::kWarning : theme::kPositive;
        FitText(f, chrome.status, Inset(line, f.Px(16), f.Px(4)), st, VAlign::kCenter, 0.7f);
        LogBox("status", line);
        content.max.y -= f.Px(60);
    }
    return content;
}

}  // namespace anl::ui
