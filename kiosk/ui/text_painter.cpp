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

}  // namespace anl::ui
