// text_gl: draws laid-out paragraphs with Dear ImGui (ImDrawList) and keeps the engine's
// glyph-atlas pages in OpenGL textures, uploading only dirty rectangles.
//   Owns: one GL texture per atlas page.
//   Must never: lay out or shape text (that is text.h); draw with ImGui::Text.
// Use, once per frame on the UI thread with the GL context current:
//   engine.BeginFrame();  renderer.Draw(list, *engine.Layout(req), pos, color) ...;
//   renderer.Upload();    then ImGui::Render() and the OpenGL3 backend as usual.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <vector>

#include "i18n/text/text.h"

namespace anl::text {

class GlTextRenderer {
public:
    explicit GlTextRenderer(Engine& engine) : engine_(engine) {}
    ~GlTextRenderer();  // deletes the textures: the GL context must still be current
    GlTextRenderer(const GlTextRenderer&) = delete;
    GlTextRenderer& operator=(const GlTextRenderer&) = delete;

    // Emits one textured quad per visible glyph; glyphs not yet in the atlas are rasterised.
    // top_left is the paragraph box's top-left corner in screen pixels.
    void Draw(ImDrawList* list, const Paragraph& paragraph, ImVec2 top_left, ImU32 color);
    // Lays out (through the engine's cache) and draws. Returns the paragraph's size.
    Size DrawText(ImDrawList* list, const LayoutRequest& request, ImVec2 top_left, ImU32 color);
    // Sends every changed atlas rectangle to its texture. Call after drawing, before rendering.
    void Upload();

    ImTextureID PageTexture(int page);

private:
    Engine& engine_;
    std::vector<unsigned> textures_;  // GLuint per atlas page (GL_R8, swizzled to white + alpha)
};

}  // namespace anl::text
