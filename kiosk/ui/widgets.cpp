#include "kiosk/ui/widgets.h"

#include "i18n/text/text.h"

#include <algorithm>
#include <cmath>

namespace anl::ui {

// The standard look: calm, warm background, dark text (every pair above WCAG AA).
const Palette& StandardPalette() {
    static const Palette p{
        .background = IM_COL32(246, 245, 241, 255),
        .surface = IM_COL32(255, 255, 255, 255),
        .border = IM_COL32(208, 205, 196, 255),
        .text = IM_COL32(22, 24, 29, 255),
        .text_muted = IM_COL32(72, 76, 84, 255),
        .primary = IM_COL32(24, 74, 140, 255),
        .primary_text = IM_COL32(255, 255, 255, 255),
        .selected = IM_COL32(224, 236, 250, 255),
        .warning = IM_COL32(176, 60, 20, 255),
        .positive = IM_COL32(22, 110, 60, 255),
        .highlight = IM_COL32(255, 214, 0, 255),
        .amber = IM_COL32(130, 80, 0, 255),  // AA on a pressed card too (150, 96, 0 was 4.2:1)
        .pressed = IM_COL32(232, 229, 220, 255),
        .pressed_primary = IM_COL32(16, 52, 100, 255),
        .disabled_fill = IM_COL32(234, 233, 229, 255),
        // One accent per office so that a visitor who cannot read still finds "the blue one".
        .office_accents = {IM_COL32(24, 74, 140, 255), IM_COL32(22, 110, 60, 255), IM_COL32(150, 62, 20, 255),
                           IM_COL32(100, 50, 130, 255)},
        .board_background = IM_COL32(16, 22, 32, 255),
        .board_row = IM_COL32(30, 40, 56, 255),
        .board_text = IM_COL32(250, 250, 250, 255),
        .board_muted = IM_COL32(190, 198, 210, 255),
        .board_flash = IM_COL32(255, 214, 0, 255),
    };
    return p;
}

// High contrast (WCAG 2.2 AAA): white cards on white with black borders, black text, darker
// blue, green, red and accents, every text on its fill at 7:1 or more (tests/ui/test_access.cpp
// computes each pair). The offices keep their colours (darker), so "the green one" still holds.
const Palette& HighContrastPalette() {
    static const Palette p{
        .background = IM_COL32(255, 255, 255, 255),
        .surface = IM_COL32(255, 255, 255, 255),
        .border = IM_COL32(0, 0, 0, 255),
        .text = IM_COL32(0, 0, 0, 255),
        .text_muted = IM_COL32(40, 40, 40, 255),
        .primary = IM_COL32(0, 48, 120, 255),
        .primary_text = IM_COL32(255, 255, 255, 255),
        .selected = IM_COL32(255, 236, 140, 255),
        .warning = IM_COL32(150, 30, 0, 255),
        .positive = IM_COL32(0, 90, 30, 255),
        .highlight = IM_COL32(255, 214, 0, 255),
        .amber = IM_COL32(110, 60, 0, 255),
        .pressed = IM_COL32(255, 236, 140, 255),
        .pressed_primary = IM_COL32(0, 0, 0, 255),
        .disabled_fill = IM_COL32(235, 235, 235, 255),
        .office_accents = {IM_COL32(0, 48, 120, 255), IM_COL32(0, 90, 30, 255), IM_COL32(130, 40, 0, 255),
                           IM_COL32(90, 30, 120, 255)},
        .board_background = IM_COL32(0, 0, 0, 255),
        .board_row = IM_COL32(0, 0, 0, 255),
        .board_text = IM_COL32(255, 255, 255, 255),
        .board_muted = IM_COL32(235, 235, 235, 255),
        .board_flash = IM_COL32(255, 255, 255, 255),
    };
    return p;
}

std::vector<ContrastPair> TextPairs(const Palette& p) {
    std::vector<ContrastPair> pairs;
    // Texts and pictograms of the kiosk and desk, on every fill a text sits on.
    const std::pair<const char*, ImU32> inks[] = {
        {"text", p.text}, {"muted text", p.text_muted}, {"primary (links, pictograms, numbers)", p.primary},
        {"warning", p.warning}, {"positive", p.positive}, {"amber (few times left)", p.amber},
        {"office accent 1", p.office_accents[0]}, {"office accent 2", p.office_accents[1]},
        {"office accent 3", p.office_accents[2]}, {"office accent 4", p.office_accents[3]}};
    const std::pair<const char*, ImU32> fills[] = {
        {"background", p.background}, {"card", p.surface}, {"selected button", p.selected}, {"pressed button", p.pressed}};
    for (const auto& [ink, text] : inks)
        for (const auto& [fill_name, fill] : fills) pairs.push_back({std::string(ink) + " on " + fill_name, text, fill});
    pairs.push_back({"muted text on a disabled button", p.text_muted, p.disabled_fill});
    pairs.push_back({"primary button's label", p.primary_text, p.primary});
    pairs.push_back({"pressed primary button's label", p.primary_text, p.pressed_primary});
    pairs.push_back({"text on the newest call (highlight)", p.text, p.highlight});
    pairs.push_back({"call display text on its background", p.board_text, p.board_background});
    pairs.push_back({"call display text on a call row", p.board_text, p.board_row});
    pairs.push_back({"call display muted text on its background", p.board_muted, p.board_background});
    pairs.push_back({"call display muted text on a call row", p.board_muted, p.board_row});
    return pairs;
}

double ContrastRatio(ImU32 a, ImU32 b) {
    auto luminance = [](ImU32 c) {
        auto channel = [](unsigned v) {
            const double s = double(v) / 255.0;
            return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel((c >> IM_COL32_R_SHIFT) & 0xFF) + 0.7152 * channel((c >> IM_COL32_G_SHIFT) & 0xFF) +
               0.0722 * channel((c >> IM_COL32_B_SHIFT) & 0xFF);
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

const Palette& CurrentPalette() {
    const auto* context = static_cast<const UiContext*>(ImGui::GetIO().UserData);
    return context != nullptr && context->modes.high_contrast ? HighContrastPalette() : StandardPalette();
}

theme::Colour::operator ImU32() const { return CurrentPalette().*role; }

ImU32 OfficeAccent(int index) { return StandardPalette().office_accents[(index < 0 ? 0 : index) % 4]; }

ImU32 OfficeAccentNow(int index) { return CurrentPalette().office_accents[(index < 0 ? 0 : index) % 4]; }

ImU32 AccentOr(ImU32 accent, ImU32 otherwise) {
    if (accent == 0) return otherwise;
    const Palette& standard = StandardPalette();
    for (int i = 0; i < 4; ++i)
        if (standard.office_accents[i] == accent) return CurrentPalette().office_accents[i];
    return accent;
}

void SetUiContext(UiContext* context) { ImGui::GetIO().UserData = context; }

UiContext& Context() {
    auto* context = static_cast<UiContext*>(ImGui::GetIO().UserData);
    ANL_ASSERT(context != nullptr && context->painter != nullptr && "SetUiContext() before drawing a screen");
    return *context;
}

ImDrawList* Draw() { return ImGui::GetWindowDrawList(); }

Rect Frame::PlaceIn(const Rect& ltr, const Rect& container) const {
    if (!rtl) return ltr;
    const float left = container.min.x + (container.max.x - ltr.max.x);
    return Rect{{left, ltr.min.y}, {left + ltr.Width(), ltr.max.y}};
}

Rect Frame::Start(const Rect& c, float width) const {
    return rtl ? Rect{{c.max.x - width, c.min.y}, c.max} : Rect{c.min, {c.min.x + width, c.max.y}};
}

Rect Frame::End(const Rect& c, float width) const {
    return rtl ? Rect{c.min, {c.min.x + width, c.max.y}} : Rect{{c.max.x - width, c.min.y}, c.max};
}

float Frame::ReachTop() const {
    if (!modes.low_reach || screen.Height() <= screen.Width()) return screen.min.y;
    return std::max(screen.min.y, screen.max.y - Px(kLowReachPx));
}

Frame BeginScreen(const char* name, std::string_view lang) { return BeginScreen(name, lang, theme::kBackground); }

Frame BeginScreen(const char* name, std::string_view lang, ImU32 background) {
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
    ImGui::Begin(name, nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse);
    Frame f;
    f.screen = Rect{viewport->Pos, ImVec2(viewport->Pos.x + viewport->Size.x, viewport->Pos.y + viewport->Size.y)};
    f.s = std::max(0.5f, std::min(viewport->Size.x, viewport->Size.y) / 1080.0f);
    f.lang = std::string(lang);
    f.rtl = Context().painter->IsRightToLeft(lang);
    f.modes = Context().modes;
    // Low reach on a portrait kiosk: the screen is laid out in its lower kLowReachPx, a band
    // about as high as a landscape screen's content, so in the landscape arrangement.
    f.portrait = viewport->Size.y > viewport->Size.x && !f.modes.low_reach;
    f.text_scale = f.modes.large_text ? kLargeTextScale : 1.0f;
    Draw()->AddRectFilled(f.screen.min, f.screen.max, background);
    return f;
}

void EndScreen() {
    ImGui::End();
    ImGui::PopStyleVar(2);
}

ImVec2 MeasureText(const Frame& f, std::string_view text, const TextStyle& style, float max_width,
                   std::string_view lang_override) {
    TextStyle scaled = style;
    scaled.size_px *= f.text_scale;
    return Context().painter->Measure(text, lang_override.empty() ? f.lang : lang_override, scaled, max_width);
}

TextAlign AlignToFrameStart(const Frame& f, std::string_view lang) {
    return text::IsRightToLeft(lang) == f.rtl ? TextAlign::kStart : TextAlign::kEnd;
}

namespace {
// The longest word of `text` (by bytes, a good enough guess).
std::string_view LongestWord(std::string_view text) {
    std::string_view longest;
    for (size_t from = 0; from < text.size();) {
        size_t to = text.find(' ', from);
        if (to == std::string_view::npos) to = text.size();
        if (to - from > longest.size()) longest = text.substr(from, to - from);
        from = to + 1;
    }
    return longest;
}
// Wrapping breaks a word wider than the box inside the word ("Flüchtlingssozialarbei-t"), and
// the wrapped size still fits: the longest word must fit on its own line too. A word just as
// wide as the box still breaks when the wrap rounds the other way, so it keeps a pixel of room
// ("Fallmanagemen-t" on a desk button at 1920x1080).
bool WordTooWide(TextPainter& painter, std::string_view word, std::string_view lang, const TextStyle& style,
                 float width) {
    return painter.Measure(word, lang, style, 1e6f).x > width - 1.0f;
}
}  // namespace

float FitSize(const Frame& f, std::string_view text, const Rect& box, const TextStyle& style, float min_scale,
              std::string_view lang_override) {
    std::string_view lang = lang_override.empty() ? std::string_view(f.lang) : lang_override;
    TextPainter& painter = *Context().painter;
    TextStyle st = style;
    // Large text asks for every size 50 % larger; a box too small for that shrinks it, but never
    // below what the standard look would allow (so whatever fits there fits here).
    st.size_px *= f.text_scale;
    const float smallest = std::max(12.0f, style.size_px * min_scale);
    ImVec2 size = painter.Measure(text, lang, st, box.Width());
    const std::string_view longest = LongestWord(text);
    auto word_too_wide = [&] { return WordTooWide(painter, longest, lang, st, box.Width()); };
    // Shrink in small steps: a long German compound or a long Tigrinya sentence still fits.
    while ((size.y > box.Height() + 0.5f || size.x > box.Width() + 0.5f || word_too_wide()) && st.size_px > smallest) {
        st.size_px = std::max(smallest, st.size_px * 0.92f);
        size = painter.Measure(text, lang, st, box.Width());
    }
    return st.size_px / f.text_scale;  // in the caller's (unscaled) terms, like every size it passes
}

float FitText(const Frame& f, std::string_view text, const Rect& box, TextStyle style, VAlign valign,
              float min_scale, std::string_view lang_override) {
    if (text.empty()) return 0;
    std::string_view lang = lang_override.empty() ? std::string_view(f.lang) : lang_override;
    TextPainter& painter = *Context().painter;
    style.size_px = FitSize(f, text, box, style, min_scale, lang_override) * f.text_scale;
    const ImVec2 size = painter.Measure(text, lang, style, box.Width());
    // A word broken across two lines does not fit either (the gallery and the screen tests say so).
    const bool fits = size.y <= box.Height() + 0.5f && size.x <= box.Width() + 0.5f &&
                      !WordTooWide(painter, LongestWord(text), lang, style, box.Width());
    Rect at = box;
    if (valign == VAlign::kCenter) at.min.y = box.min.y + std::max(0.0f, (box.Height() - size.y) * 0.5f);
    if (valign == VAlign::kBottom) at.min.y = box.min.y + std::max(0.0f, box.Height() - size.y);
    at.max.y = std::max(at.max.y, at.min.y + size.y);
    ImGui::PushClipRect(box.min, box.max, true);
    painter.Draw(Draw(), text, lang, style, at);
    ImGui::PopClipRect();
    if (LayoutLog* log = Context().log) {
        log->texts.push_back(LoggedText{std::string(text), box, size, style.size_px, fits});
    }
    return size.y;
}

void Pictogram(const Frame& f, std::string_view name, const Rect& box, ImU32 color) {
    if (name.empty()) return;
    const float size = std::min(box.Width(), box.Height()) * 0.9f;
    Context().painter->DrawIcon(Draw(), name, ImVec2((box.min.x + box.max.x) * 0.5f, (box.min.y + box.max.y) * 0.5f),
                                size, color);
    (void)f;
}

void LogBox(std::string_view name, const Rect& rect) {
    if (LayoutLog* log = Context().log) log->boxes.push_back(LoggedBox{std::string(name), rect});
}

void LogTouchTarget(const Rect& rect) { LogBox("touch", rect); }

bool ExploreGate(UiContext& context, ImGuiID id, bool tapped, std::string_view say, std::string_view lang) {
    // A pictogram without words (the speaker, the modes' switches) has nothing to read: it acts.
    if (!tapped || !context.modes.explore_by_touch || say.empty()) return tapped;
    if (context.explore_armed == id) {
        context.explore_armed = 0;
        return true;
    }
    context.explore_armed = id;
    context.explore_say = std::string(say);
    context.explore_lang = std::string(lang);
    return false;
}

ButtonStyle PrimaryButton(float text_px) {
    ButtonStyle s;
    s.fill = theme::kPrimary;
    s.border = theme::kPrimary;
    s.text = theme::kPrimaryText;
    s.icon = theme::kPrimaryText;
    s.text_px = text_px;
    s.align = TextAlign::kCenter;
    return s;
}

ButtonStyle QuietButton(float text_px) {
    ButtonStyle s;
    s.text_px = text_px;
    s.bold = false;
    s.align = TextAlign::kCenter;
    return s;
}

void Card(const Rect& box, ImU32 fill, ImU32 border, float rounding) {
    Draw()->AddRectFilled(box.min, box.max, fill, rounding);
    if (border != 0) Draw()->AddRect(box.min, box.max, border, rounding, 0, 2.0f);
}

Rect TouchButtonTextBox(const Frame& f, const Rect& box, bool with_icon) {
    Rect inner = Inset(box, f.Px(24), f.Px(12));
    if (with_icon) {
        const float gap = std::min(inner.Height(), f.Px(72)) + f.Px(20);
        if (f.rtl) inner.max.x -= gap; else inner.min.x += gap;
    }
    return inner;
}

bool TouchButton(const Frame& f, const char* id, const Rect& box, std::string_view label, std::string_view icon,
                 const ButtonStyle& style, std::string_view hint, bool selected, bool enabled) {
    ANL_ASSERT(box.Height() >= 72 * std::min(1.0f, f.s) - 0.5f && "touch targets are at least 72 px high");
    ImGui::SetCursorScreenPos(box.min);
    std::string say(label);
    if (!hint.empty()) say += std::string(say.empty() ? "" : ". ") + std::string(hint);
    const bool tapped = ExploreGate(Context(), ImGui::GetID(id),
                                    ImGui::InvisibleButton(id, ImVec2(box.Width(), box.Height())) && enabled, say);
    const bool held = ImGui::IsItemActive() && enabled;
    ImU32 fill = selected ? theme::kSelected : style.fill;
    ImU32 border = selected ? theme::kPrimary : style.border;
    const float rounding = f.Px(20);
    if (held) fill = (style.fill == theme::kPrimary) ? ImU32(CurrentPalette().pressed_primary) : ImU32(CurrentPalette().pressed);
    if (!enabled) fill = CurrentPalette().disabled_fill;
    LogTouchTarget(box);
    Draw()->AddRectFilled(box.min, box.max, fill, rounding);
    if (style.border_px > 0 || selected) {
        Draw()->AddRect(box.min, box.max, border, rounding, 0, selected ? f.Px(5) : style.border_px);
    }
    const ImU32 text_color = enabled ? style.text : theme::kTextMuted;
    Rect inner = TouchButtonTextBox(f, box, !icon.empty());
    TextStyle ts;
    ts.size_px = f.Px(style.text_px);
    ts.bold = style.bold;
    ts.color = text_color;
    ts.align = style.align;
    if (!icon.empty()) {
        const Rect padded = Inset(box, f.Px(24), f.Px(12));
        const float icon_size = std::min(padded.Height(), f.Px(72));
        Rect icon_box = f.Start(padded, icon_size);
        // A centred one-line label takes its pictogram along: "✓ Ja" together in the middle,
        // not the tick at the edge and the word far from it.
        if (style.align == TextAlign::kCenter && hint.empty()) {
            TextStyle sized = ts;
            sized.size_px = FitSize(f, label, inner, ts);
            const float w = MeasureText(f, label, sized, 0).x + 2;
            const float gap = f.Px(20);
            if (w <= inner.Width()) {
                const float group = icon_size + gap + w;
                const float start = padded.min.x + (padded.Width() - group) * 0.5f;
                icon_box = f.PlaceIn(Rect{{start, padded.min.y}, {start + icon_size, padded.max.y}}, padded);
                inner = f.PlaceIn(Rect{{start + icon_size + gap, inner.min.y}, {start + group, inner.max.y}}, padded);
            }
        }
        Pictogram(f, icon, Rect{{icon_box.min.x, padded.min.y + (padded.Height() - icon_size) * 0.5f},
                                {icon_box.max.x, padded.min.y + (padded.Height() + icon_size) * 0.5f}},
                  enabled ? (selected ? theme::kPrimary : style.icon) : theme::kTextMuted);
    }
    if (hint.empty()) {
        FitText(f, label, inner, ts, VAlign::kCenter);
    } else {
        const float label_h = inner.Height() * 0.56f;
        FitText(f, label, Rect{inner.min, {inner.max.x, inner.min.y + label_h}}, ts, VAlign::kBottom);
        TextStyle hs = ts;
        hs.bold = false;
        hs.size_px = std::max(ts.size_px * 0.72f, std::min(ts.size_px, f.Px(28)));  // 28 px: read from 60 cm
        hs.color = enabled ? (style.fill == theme::kPrimary ? style.text : theme::kTextMuted) : theme::kTextMuted;
        FitText(f, hint, Rect{{inner.min.x, inner.min.y + label_h + f.Px(4)}, inner.max}, hs, VAlign::kTop);
    }
    return tapped;
}

bool KioskChoiceButton(const Frame& f, const char* id, const Rect& cell, const ChoiceItem& item, ImU32 accent) {
    ButtonStyle style = QuietButton(38);
    style.align = TextAlign::kStart;
    style.bold = true;
    style.icon = accent;
    return TouchButton(f, id, cell, item.label, item.pictogram, style, item.hint, item.selected, !item.disabled);
}

void KioskTitle(const Frame& f, std::string_view text, const Rect& box) {
    TextStyle title;
    title.size_px = f.Px(56);
    title.bold = true;
    FitText(f, text, box, title, VAlign::kCenter);
}

void KioskBody(const Frame& f, std::string_view text, const Rect& box) {
    TextStyle body;
    body.size_px = f.Px(36);
    FitText(f, text, box, body, VAlign::kTop, 0.65f);
}

void NoteInput(UiActions& actions) {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseClicked(0) || ImGui::IsMouseReleased(0) || io.InputQueueCharacters.Size > 0) {
        actions.any_input = true;
    }
    for (int k = 0; k < IM_ARRAYSIZE(io.KeysDown); ++k) {
        if (io.KeysDown[k] && io.KeysDownDuration[k] == 0.0f) actions.any_input = true;
    }
}

Frame BeginReadingScreen(const char* name, std::string_view lang) {
    Frame f = BeginScreen(name, lang);
    if (f.NarrowBand()) f.portrait = true;
    return f;
}

Rect KioskChromeTop(const Frame& f, const KioskChrome& chrome, UiActions& actions, bool reading) {
    NoteInput(actions);
    const float margin = f.Px(32);
    const float bar_h = f.Px(96);
    // Low reach: the bar at the foot of the screen, the content between the reach line and it.
    const bool at_foot = f.ReachTop() > f.screen.min.y;
    const float bar_top = at_foot ? f.screen.max.y - margin - bar_h : f.screen.min.y + margin;
    const Rect bar{{f.screen.min.x + margin, bar_top}, {f.screen.max.x - margin, bar_top + bar_h}};
    // The speaker (read aloud) is a square pictogram button between back and the language.
    const float speaker_w = chrome.read_aloud ? bar_h + f.Px(20) : 0.0f;
    // Each button as wide as its label needs (German and Tigrinya labels differ a lot),
    // between a comfortable minimum and a third of the bar. In portrait the bar is narrow:
    // "back" (a short word and an arrow) gives up room to the two long labels, so a Georgian
    // "start again" keeps a readable size instead of shrinking to a third.
    const bool narrow = f.screen.Width() < f.screen.Height();
    // The speaker's square takes its room from the two long labels ("back" is short already).
    const float back_share = narrow ? 0.22f : (chrome.read_aloud ? 0.28f : 0.32f);
    const float other_share = (narrow ? 0.36f : 0.32f) - (chrome.read_aloud ? (narrow ? 0.05f : 0.03f) : 0.0f);
    auto need_for = [&](std::string_view label) {
        TextStyle ts;
        ts.size_px = f.Px(34);
        const float text_w = MeasureText(f, label, ts, 10000).x;
        const float icon = std::min(bar.Height() - f.Px(24), f.Px(72));
        return text_w + icon + f.Px(24) * 2 + f.Px(20) + f.Px(8);
    };
    auto width_for = [&](std::string_view label, float share) {
        return std::clamp(need_for(label), std::min(f.Px(240), bar.Width() * share), bar.Width() * share);
    };
    // "Start again" may also take what the other two leave (no back button on the ticket).
    const float others = (chrome.show_back ? width_for(chrome.back_label, back_share) + f.Px(20) : 0.0f) +
                         width_for(chrome.language_label, other_share) + f.Px(20) + speaker_w;
    const float again_w = std::clamp(need_for(chrome.start_again_label), std::min(f.Px(240), bar.Width() * other_share),
                                     std::max(bar.Width() * other_share, bar.Width() - others));
    float y_after = !at_foot ? bar.max.y : reading ? f.screen.min.y + margin - f.Px(24) : f.ReachTop() - f.Px(28);
    if (chrome.show_back) {
        const Rect back = f.Start(bar, width_for(chrome.back_label, back_share));
        if (TouchButton(f, "##back", back, chrome.back_label, f.rtl ? "arrow_forward" : "arrow_back",
                        QuietButton(34))) {
            actions.Emit(Action::kBack);
        }
        LogBox("back", back);
    }
    // End side: start again (outermost), then the language.
    const Rect again = f.End(bar, again_w);
    if (TouchButton(f, "##again", again, chrome.start_again_label, "home", QuietButton(34))) {
        actions.Emit(Action::kStartAgain);
    }
    LogBox("start-again", again);
    Rect rest = bar;
    if (f.rtl) rest.min.x = again.max.x + f.Px(20); else rest.max.x = again.min.x - f.Px(20);
    const Rect language = f.End(rest, width_for(chrome.language_label, other_share));
    if (TouchButton(f, "##language", language, chrome.language_label, "language", QuietButton(34))) {
        actions.Emit(Action::kOpenLanguagePicker);
    }
    LogBox("language", language);
    if (chrome.read_aloud) {
        Rect before = rest;
        if (f.rtl) before.min.x = language.max.x + f.Px(20); else before.max.x = language.min.x - f.Px(20);
        const Rect speaker = f.End(before, bar_h);
        if (TouchButton(f, "##read-aloud", speaker, "", "volume_up", QuietButton(34))) actions.Emit(Action::kReadAloud);
        LogBox("read-aloud", speaker);
    }

    if (chrome.step > 0 && chrome.steps > 0) {
        // Progress: one segment a step, filled from the start side.
        const float y = y_after + f.Px(24);
        const float h = f.Px(10);
        const float gap = f.Px(12);
        const float seg = (bar.Width() - gap * float(chrome.steps - 1)) / float(chrome.steps);
        for (int i = 0; i < chrome.steps; ++i) {
            Rect r{{bar.min.x + float(i) * (seg + gap), y}, {bar.min.x + float(i) * (seg + gap) + seg, y + h}};
            r = f.PlaceIn(r, bar);
            if (i >= chrome.step && f.modes.high_contrast) {
                // High contrast: black is both the border and nearly the blue, so a step to come
                // is an outline and the steps done are filled.
                Draw()->AddRect(r.min, r.max, theme::kBorder, h * 0.5f, 0, f.Px(2));
            } else {
                Draw()->AddRectFilled(r.min, r.max, i < chrome.step ? theme::kPrimary : theme::kBorder, h * 0.5f);
            }
            if (i == 0) LogBox("progress-first", r);
        }
        y_after = y + h;
    }
    if (at_foot) return Rect{{bar.min.x, y_after + f.Px(28)}, {bar.max.x, bar.min.y - f.Px(28)}};
    return Rect{{bar.min.x, y_after + f.Px(28)}, {bar.max.x, f.screen.max.y - margin}};
}

void KioskChromeOverlay(const Frame& f, const KioskChrome& chrome, UiActions& actions) {
    if (!chrome.countdown_visible) return;
    // A calm dim layer over everything; one question, one big answer. Large text: a larger
    // card with each line as tall as its text needs at the full size.
    const bool large = f.modes.large_text;
    const float w = std::min(f.screen.Width() - f.Px(80), f.Px(large ? 1400 : 1000));
    const float h = std::min(f.screen.Height() - f.Px(80), f.Px(large ? 900 : 620));
    const ImVec2 c{(f.screen.min.x + f.screen.max.x) * 0.5f, (f.screen.min.y + f.screen.max.y) * 0.5f};
    const Rect card{{c.x - w * 0.5f, c.y - h * 0.5f}, {c.x + w * 0.5f, c.y + h * 0.5f}};
    // The overlay is its own window so it sits above the screen and takes the touches.
    ImGui::SetNextWindowPos(f.screen.min);
    ImGui::SetNextWindowSize(ImVec2(f.screen.Width(), f.screen.Height()));
    ImGui::SetNextWindowFocus();
    ImGui::Begin("##countdown", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoSavedSettings);
    Draw()->AddRectFilled(f.screen.min, f.screen.max, IM_COL32(10, 14, 20, 170));
    Card(card, theme::kSurface, 0, f.Px(28));
    const Rect inner = Inset(card, f.Px(48));
    TextStyle title;
    title.size_px = f.Px(52);
    title.bold = true;
    title.align = TextAlign::kCenter;
    // The lines' tops and bottoms from the card's inner top: title, seconds, sentence; the
    // button's height at the foot.
    struct Lines { float title_bottom, big_top, big_bottom, body_top, body_bottom, button_h; };
    const Lines at = large ? Lines{116, 126, 386, 396, 596, 150} : Lines{80, 90, 260, 270, 390, 110};
    FitText(f, chrome.countdown_title, Rect{inner.min, {inner.max.x, inner.min.y + f.Px(at.title_bottom)}}, title);
    TextStyle big = title;
    big.size_px = f.Px(140);
    big.color = theme::kPrimary;
    FitText(f, std::to_string(chrome.countdown_seconds),
            Rect{{inner.min.x, inner.min.y + f.Px(at.big_top)}, {inner.max.x, inner.min.y + f.Px(at.big_bottom)}}, big,
            VAlign::kCenter, 0.6f, "en");
    TextStyle body;
    body.size_px = f.Px(36);
    body.align = TextAlign::kCenter;
    body.color = theme::kTextMuted;
    FitText(f, chrome.countdown_text,
            Rect{{inner.min.x, inner.min.y + f.Px(at.body_top)}, {inner.max.x, inner.min.y + f.Px(at.body_bottom)}}, body);
    const Rect button{{inner.min.x + f.Px(80), inner.max.y - f.Px(at.button_h)}, {inner.max.x - f.Px(80), inner.max.y}};
    if (TouchButton(f, "##still-here", button, chrome.still_here_label, "touch_app", PrimaryButton(44))) {
        actions.Emit(Action::kStillHere);
    }
    LogBox("still-here", button);
    ImGui::End();
}

namespace {
// The one text size of a document checklist and each row's height at it (see DocumentChecklist).
float ChecklistLayout(const Frame& f, const std::vector<DocumentLine>& documents, const Rect& box, float row_h,
                      int columns, std::vector<float>& heights) {
    const int rows = (int(documents.size()) + columns - 1) / columns;
    const float gap = f.Px(28);
    const float col_w = (box.Width() - gap * float(columns - 1)) / float(columns);
    const float icon = std::min(row_h * 0.7f, f.Px(56));
    const float text_w = col_w - icon - f.Px(20);
    const float pad = f.Px(10);
    // Every title at one size: a list where each line shrank on its own looked ragged. A long
    // title wraps to a second line and its row grows; rows of short titles give up room. The
    // size is the largest (up to 34 px) at which all rows fit the box, down to 24 px (its
    // x-height still 20 arc minutes at 60 cm on a 24-inch 1080p screen); a title that does not
    // fit even then is drawn anyway (and logged as not fitting) rather than left out.
    TextStyle ts;
    ts.size_px = std::min(f.Px(34), row_h * 0.62f);
    const float floor_px = std::min(ts.size_px, f.Px(24));
    heights.assign(static_cast<size_t>(rows), 0.0f);
    for (;;) {
        std::fill(heights.begin(), heights.end(), 0.0f);
        for (size_t i = 0; i < documents.size(); ++i) {
            const float h = MeasureText(f, documents[i].title, ts, text_w).y + pad;
            heights[i % size_t(rows)] = std::max(heights[i % size_t(rows)], h);
        }
        float needed = 0;
        for (float h : heights) needed += std::max(h, icon + pad * 0.5f);
        if (needed <= box.Height() + 0.5f || ts.size_px <= floor_px) break;
        ts.size_px = std::max(floor_px, ts.size_px * 0.94f);
    }
    return ts.size_px;
}
}  // namespace

float DocumentChecklistTextSize(const Frame& f, const std::vector<DocumentLine>& documents, const Rect& box,
                                float row_h, int columns) {
    if (documents.empty()) return 0;
    std::vector<float> heights;
    return ChecklistLayout(f, documents, box, row_h, std::max(1, columns), heights);
}

float DocumentChecklist(const Frame& f, const std::vector<DocumentLine>& documents, const Rect& box, float row_h,
                        int columns) {
    columns = std::max(1, columns);
    const int rows = (int(documents.size()) + columns - 1) / columns;
    if (rows == 0) return 0;
    const float gap = f.Px(28);
    const float col_w = (box.Width() - gap * float(columns - 1)) / float(columns);
    const float icon = std::min(row_h * 0.7f, f.Px(56));
    const float pad = f.Px(10);
    std::vector<float> heights;
    TextStyle ts;
    ts.size_px = ChecklistLayout(f, documents, box, row_h, columns, heights);
    // Rows at least `base` high (the caller's row height when there is room), taller rows as needed.
    float base = row_h;
    auto total = [&](float b) {
        float sum = 0;
        for (float h : heights) sum += std::max(b, h);
        return sum;
    };
    while (base > icon + pad * 0.5f && total(base) > box.Height() + 0.5f) base -= 1.0f;
    float y_at = box.min.y;
    std::vector<float> row_y(static_cast<size_t>(rows)), row_hs(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r) {
        row_y[size_t(r)] = y_at;
        row_hs[size_t(r)] = std::max(base, heights[size_t(r)]);
        y_at += row_hs[size_t(r)];
    }
    for (size_t i = 0; i < documents.size(); ++i) {
        // Down the first column, then the next, starting at the reading start edge.
        const int column = int(i) / rows, row_index = int(i) % rows;
        const float y = row_y[size_t(row_index)], h = row_hs[size_t(row_index)];
        const float x = box.min.x + float(column) * (col_w + gap);
        const Rect row = f.PlaceIn(Rect{{x, y}, {x + col_w, y + h}}, box);
        const Rect icon_box = f.Start(row, icon);
        Pictogram(f, documents[i].pictogram,
                  Rect{{icon_box.min.x, y + (h - icon) * 0.5f}, {icon_box.max.x, y + (h + icon) * 0.5f}},
                  theme::kPictogram);
        Rect text = row;
        if (f.rtl) text.max.x -= icon + f.Px(20); else text.min.x += icon + f.Px(20);
        FitText(f, documents[i].title, text, ts, VAlign::kCenter, 1.0f);
        LogBox("document", row);
        if (row_index + 1 < rows && i + 1 < documents.size()) {
            Draw()->AddLine(ImVec2(text.min.x, y + h), ImVec2(text.max.x, y + h), theme::kBorder, 1.5f);
        }
    }
    return y_at - box.min.y;
}

// A QR code's modules as dark squares on white with its quiet zone, as large as fits `box`.
void DrawQr(const Rect& box, int size, const std::vector<unsigned char>& modules, std::string_view log_name) {
    if (size <= 0 || modules.size() < size_t(size) * size_t(size)) return;
    const int with_quiet = size + 8;  // 4 light modules each side (qr::kQuietZoneModules)
    const float module = std::max(1.0f, float(int(std::min(box.Width(), box.Height()) / float(with_quiet))));
    const float side = module * float(with_quiet);
    const ImVec2 origin{box.min.x + (box.Width() - side) * 0.5f, box.min.y + (box.Height() - side) * 0.5f};
    Draw()->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), IM_COL32(255, 255, 255, 255));
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            if (!modules[size_t(y) * size_t(size) + size_t(x)]) continue;
            const ImVec2 a{origin.x + float(x + 4) * module, origin.y + float(y + 4) * module};
            Draw()->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32(0, 0, 0, 255));
        }
    }
    LogBox(log_name, Rect{origin, {origin.x + side, origin.y + side}});
}

void PageButtons(const Frame& f, Rect& area, float gap, int page, int pages, std::string_view previous_label,
                 std::string_view next_label, UiActions& actions) {
    if (pages <= 1) return;
    const float row_h = f.Px(110);
    const Rect row{{area.min.x, area.max.y - row_h}, area.max};
    const float w = std::min((row.Width() - gap) * 0.5f, f.Px(640));
    ButtonStyle pager = QuietButton(40);
    pager.bold = true;
    pager.align = TextAlign::kCenter;
    pager.border = theme::kPrimary;
    const Rect previous = f.Start(row, w), next = f.End(row, w);
    // In right-to-left languages the next page is to the left: its arrow points there.
    if (TouchButton(f, "##previous-page", previous, previous_label, f.rtl ? "arrow_forward" : "arrow_back", pager, {}, false,
                    page > 0))
        actions.Emit(Action::kPage, {}, page - 1);
    if (TouchButton(f, "##next-page", next, next_label, f.rtl ? "arrow_back" : "arrow_forward", pager, {}, false,
                    page + 1 < pages))
        actions.Emit(Action::kPage, {}, page + 1);
    LogBox("previous-page", previous);
    LogBox("next-page", next);
    area.max.y = row.min.y - gap;
}

}  // namespace anl::ui
