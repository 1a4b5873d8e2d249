#include "kiosk/ui/text_painter.h"

#include <cmath>

namespace anl::ui {

namespace {
text::Align ToEngine(TextAlign align) {
    switch (align) {
        case TextAlign::kStart: return text::Align::kStart;
        case TextAlign::kCenter: return text::Align::kCenter;
        case TextAlign::kEnd: return text::Align::kEnd;
    }
    return text::Align::kStart;
}
// Whole pixel sizes keep the layout cache and the atlas small while text shrinks to fit.
float Snap(float px) { return std::max(8.0f, std::round(px)); }
}  // namespace

ImVec2 EngineTextPainter::Measure(std::string_view text, std::string_view lang, const TextStyle& style,
                                  float max_width) {
    const text::Size size =
        engine_.Measure(text::LayoutRequest{text, lang, Snap(style.size_px), std::floor(max_width), ToEngine(style.align)});
    return ImVec2(size.width, size.height);
}

void EngineTextPainter::Draw(ImDrawList* list, std::string_view text, std::string_view lang, const TextStyle& style,
                             const Rect& box) {
    renderer_.DrawText(list,
                       text::LayoutRequest{text, lang, Snap(style.size_px), std::floor(box.Width()), ToEngine(style.align)},
                       ImVec2(std::round(box.min.x), std::round(box.min.y)), style.color);
}

std::string EngineTextPainter::IconText(std::string_view icon_name) {
    auto glyph = engine_.Pictogram(icon_name);
    return glyph.ok() ? glyph.value() : std::string();
}

void EngineTextPainter::DrawIcon(ImDrawList* list, std::string_view icon_name, ImVec2 center, float size_px,
                                 ImU32 color) {
    auto glyph = engine_.Pictogram(icon_name);
    if (!glyph.ok()) return;
    const text::LayoutRequest request{glyph.value(), "en", Snap(size_px), 0, text::Align::kStart};
    auto paragraph = engine_.Layout(request);
    if (paragraph->lines.empty() || paragraph->lines[0].runs.empty() || paragraph->lines[0].runs[0].glyphs.empty()) return;
    // Centre the ink, not the line box: an icon font's line metrics say little about its glyph.
    const text::Line& line = paragraph->lines[0];
    const text::Run& run = line.runs[0];
    const text::AtlasGlyph* a = engine_.GlyphImage(run.font, paragraph->size_26_6, run.glyphs[0].id);
    if (a == nullptr || a->w == 0) return;
    const float ink_x = line.x + run.x + float(a->left) + float(a->w) * 0.5f;
    const float ink_y = line.baseline - float(a->top) + float(a->h) * 0.5f;
    renderer_.Draw(list, *paragraph, ImVec2(std::round(center.x - ink_x), std::round(center.y - ink_y)), color);
}

}  // namespace anl::ui
