// widgets: the screens' shared drawing kit (private to kiosk/ui). Big touch buttons, text
// that shrinks to fit its box (and records it in the layout log), cards, the kiosk's chrome,
// mirroring for right-to-left languages, and the theme's colours.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kiosk/base/base.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

// ---- Theme: calm, high contrast (text on background well above WCAG AA; the high-contrast
// palette holds every pair to 7:1, AAA). A role below is read from the palette in force this
// frame (UiContext::modes), so a screen writes theme::kText and draws in either look. ----
namespace theme {
struct Colour {
    ImU32 Palette::*role;
    operator ImU32() const;  // the role's colour in the palette in force (widgets.cpp)
};
inline constexpr Colour kBackground{&Palette::background};
inline constexpr Colour kSurface{&Palette::surface};
inline constexpr Colour kBorder{&Palette::border};
inline constexpr Colour kText{&Palette::text};
inline constexpr Colour kTextMuted{&Palette::text_muted};
inline constexpr Colour kPrimary{&Palette::primary};     // buttons that move forward
inline constexpr Colour kPrimaryText{&Palette::primary_text};
inline constexpr Colour kSelected{&Palette::selected};
inline constexpr Colour kWarning{&Palette::warning};
inline constexpr Colour kPositive{&Palette::positive};
inline constexpr Colour kHighlight{&Palette::highlight};  // the newest call
inline constexpr Colour kAmber{&Palette::amber};          // "few left": amber, dark enough on white
// Pictograms: one palette on every screen. What a visitor reads about (the wait, what to
// bring, the questions, where to go) in kPictogram; something that asks for action (an
// appointment) in kPictogramAttention; an office's own pictogram in that office's accent.
inline constexpr Colour kPictogram = kPrimary;
inline constexpr Colour kPictogramAttention = kWarning;
}  // namespace theme
// The palette in force this frame.
const Palette& CurrentPalette();
// An office's accent (OfficeAccent, in a view model) as the palette in force draws it, or
// `otherwise` when the view has none (0): the high-contrast palette has darker accents.
ImU32 AccentOr(ImU32 accent, ImU32 otherwise);
// The accent of the office at `index` in the palette in force.
ImU32 OfficeAccentNow(int index);

// The frame's context: sizes scale with the shorter screen side so 1920x1080 and 1080x1920
// look alike; `rtl` mirrors every horizontal position.
struct Frame {
    Rect screen;
    float s = 1;          // scale: 1.0 at a 1080 px short side
    bool rtl = false;
    std::string lang;
    bool portrait = false;  // lay out for a tall screen (not in low reach: its band is wide)
    AccessModes modes;     // the visitor's accessible modes this frame
    float text_scale = 1;  // kLargeTextScale in large-text mode: every text size is multiplied
    float Px(float v) const { return v * s; }
    // Low reach on a portrait kiosk: touch targets go below this line (the screen's top otherwise).
    float ReachTop() const;
    // Laid out wide (not portrait) on a screen narrower than a landscape one: the low-reach band
    // of a portrait kiosk. Screens with side-by-side cards stack or take fewer columns there.
    bool NarrowBand() const { return !portrait && screen.Width() < Px(1400); }
    // A rectangle given in left-to-right terms, placed for this frame's direction.
    Rect Place(const Rect& ltr) const { return PlaceIn(ltr, screen); }
    // The same within `container`: mirrored about the container's centre in RTL.
    Rect PlaceIn(const Rect& ltr, const Rect& container) const;
    // A rectangle placed at the start (left in LTR, right in RTL) edge of `container`.
    Rect Start(const Rect& container, float width) const;
    Rect End(const Rect& container, float width) const;
};

// Opens the full-screen window a screen draws into and returns its frame.
Frame BeginScreen(const char* name, std::string_view lang, ImU32 background);
Frame BeginScreen(const char* name, std::string_view lang);  // on theme::kBackground
void EndScreen();

UiContext& Context();
ImDrawList* Draw();

enum class VAlign { kTop, kCenter, kBottom };

// Draws `text` inside `box`, shrinking from `style.size_px` down to `min_scale` of it until it
// fits; logs the result. Returns the height used.
float FitText(const Frame& f, std::string_view text, const Rect& box, TextStyle style, VAlign valign = VAlign::kTop,
              float min_scale = 0.6f, std::string_view lang_override = {});
// The size FitText would draw `text` at in `box` (the same shrinking), without drawing it:
// for groups that share one size.
float FitSize(const Frame& f, std::string_view text, const Rect& box, const TextStyle& style, float min_scale = 0.6f,
              std::string_view lang_override = {});
// The alignment that puts text in `lang` at the frame's start side: a Persian name in a
// German table lines up with the German names (TextAlign::kStart follows the text's own
// direction, which would push it to the other edge).
TextAlign AlignToFrameStart(const Frame& f, std::string_view lang);
// Measures at most `max_width` wide.
ImVec2 MeasureText(const Frame& f, std::string_view text, const TextStyle& style, float max_width,
                   std::string_view lang_override = {});

// A pictogram (Material Icons name) centred in `box`.
void Pictogram(const Frame& f, std::string_view name, const Rect& box, ImU32 color);

// Records a named box in the layout log (tests find the back button by name).
void LogBox(std::string_view name, const Rect& rect);
// Records a touch target (a box named "touch"): the low-reach test finds every one.
void LogTouchTarget(const Rect& rect);

struct ButtonStyle {
    ImU32 fill = theme::kSurface;
    ImU32 border = theme::kBorder;
    ImU32 text = theme::kText;
    ImU32 icon = theme::kPrimary;
    float text_px = 40;
    bool bold = true;
    TextAlign align = TextAlign::kStart;
    float border_px = 2;
};
ButtonStyle PrimaryButton(float text_px = 40);
ButtonStyle QuietButton(float text_px = 34);

// A touch button: rounded card, optional pictogram at the start side, a label and an optional
// second line. Returns true when tapped (released inside). Never smaller than 72 px.
bool TouchButton(const Frame& f, const char* id, const Rect& box, std::string_view label, std::string_view icon,
                 const ButtonStyle& style, std::string_view hint = {}, bool selected = false, bool enabled = true);

// The kiosk's big answer button (an office's services, the finder's answers, partner topics):
// the one drawing the kiosk and the administrator's live preview share.
bool KioskChoiceButton(const Frame& f, const char* id, const Rect& cell, const ChoiceItem& item, ImU32 accent);
// A kiosk screen's title (a choice screen's question): 56 px bold, centred vertically.
void KioskTitle(const Frame& f, std::string_view text, const Rect& box);
// A kiosk paragraph (a service's description): 36 px, shrinking to 65 % at most.
void KioskBody(const Frame& f, std::string_view text, const Rect& box);

// The box a TouchButton's label gets inside `box` (padding, and the pictogram's room).
Rect TouchButtonTextBox(const Frame& f, const Rect& box, bool with_icon);

// A rounded card background.
void Card(const Rect& box, ImU32 fill = theme::kSurface, ImU32 border = theme::kBorder, float rounding = 18);

// The kiosk's top bar (back | language | start again), progress and inactivity overlay.
// Returns the content area below the bar. Low reach puts the bar at the foot and the content
// between the reach line and the bar; a screen to read (`reading`: its only touch targets sit
// at its foot) keeps the whole height above the bar.
// A kiosk list's pages in large text: "previous page" and "next page" (110 px high) at the foot
// of `area`, the arrows pointing the way the pages go (mirrored in right-to-left languages);
// a touch emits Action::kPage with the page asked. `area` loses the row and `gap` above it.
// Nothing when the list has one page.
void PageButtons(const Frame& f, Rect& area, float gap, int page, int pages, std::string_view previous_label,
                 std::string_view next_label, UiActions& actions);

Rect KioskChromeTop(const Frame& f, const KioskChrome& chrome, UiActions& actions, bool reading = false);
// A screen to read in low reach keeps the portrait arrangement (its touch targets at the foot).
Frame BeginReadingScreen(const char* name, std::string_view lang);
void KioskChromeOverlay(const Frame& f, const KioskChrome& chrome, UiActions& actions);

// The text size a DocumentChecklist of `documents` in `box` would use (to choose its columns).
float DocumentChecklistTextSize(const Frame& f, const std::vector<DocumentLine>& documents, const Rect& box,
                                float row_h, int columns);
// A checklist of documents with pictograms, one row each; returns the height used.
float DocumentChecklist(const Frame& f, const std::vector<DocumentLine>& documents, const Rect& box, float row_h,
                        int columns = 1);

// Reports whether the person touched or typed this frame.
void NoteInput(UiActions& actions);

inline Rect Inset(const Rect& r, float by) { return Rect{{r.min.x + by, r.min.y + by}, {r.max.x - by, r.max.y - by}}; }
inline Rect Inset(const Rect& r, float x, float y) { return Rect{{r.min.x + x, r.min.y + y}, {r.max.x - x, r.max.y - y}}; }

// A QR code's modules (size x size, 1 = dark) as dark squares on white with its quiet zone,
// as large as fits `box`, logged as `log_name`.
void DrawQr(const Rect& box, int size, const std::vector<unsigned char>& modules, std::string_view log_name);

}  // namespace anl::ui
