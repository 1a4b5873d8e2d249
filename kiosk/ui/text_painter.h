// text_painter: the screens' TextPainter backed by the text engine (i18n/text) and its
// ImDrawList/OpenGL glyph renderer. The one place kiosk/ui meets i18n/text.
#pragma once

#include "i18n/text/text.h"
#include "i18n/text/text_gl.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

class EngineTextPainter final : public TextPainter {
public:
    EngineTextPainter(text::Engine& engine, text::GlTextRenderer& renderer) : engine_(engine), renderer_(renderer) {}
    ImVec2 Measure(std::string_view text, std::string_view lang, const TextStyle& style, float max_width) override;
    void Draw(ImDrawList* list, std::string_view text, std::string_view lang, const TextStyle& style,
              const Rect& box) override;
    std::string IconText(std::string_view icon_name) override;
    void DrawIcon(ImDrawList* list, std::string_view icon_name, ImVec2 center, float size_px, ImU32 color) override;
    bool IsRightToLeft(std::string_view lang) override { return text::IsRightToLeft(lang); }

private:
    text::Engine& engine_;
    text::GlTextRenderer& renderer_;
};

}  // namespace anl::ui
