// text_gl: ImDrawList quads and OpenGL texture uploads for the glyph atlas.
// The atlas is 8-bit coverage; ImGui's OpenGL3 shader multiplies vertex color by an RGBA
// texture. Pages are one-channel (GL_R8) textures that the sampler swizzles to white with
// coverage in alpha (1, 1, 1, r): a quarter of the memory of an RGBA page, and uploads copy
// the atlas rows as they are, without a conversion buffer.
#include "i18n/text/text_gl.h"

#include <GL/gl.h>
#include <GL/glext.h>  // GL_R8, GL_RED, GL_TEXTURE_SWIZZLE_RGBA (OpenGL 3.3 core)

#include <cmath>
#include <cstdint>

namespace anl::text {

GlTextRenderer::~GlTextRenderer() {
    if (!textures_.empty())
        glDeleteTextures(static_cast<GLsizei>(textures_.size()), textures_.data());
}

ImTextureID GlTextRenderer::PageTexture(int page) {
    while (static_cast<int>(textures_.size()) <= page) {
        GLint previous = 0;
        glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
        GLuint texture = 0;
        glGenTextures(1, &texture);
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        const GLint swizzle[4] = {GL_ONE, GL_ONE, GL_ONE, GL_RED};
        glTexParameteriv(GL_TEXTURE_2D, GL_TEXTURE_SWIZZLE_RGBA, swizzle);
        const int size = engine_.AtlasPageSize();
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, size, size, 0, GL_RED, GL_UNSIGNED_BYTE, nullptr);
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
        textures_.push_back(texture);
        // A new texture holds nothing yet: Upload() sends the page's dirty rectangles, and a
        // new atlas page starts fully dirty.
    }
    return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(textures_[page]));
}

void GlTextRenderer::Draw(ImDrawList* list, const Paragraph& paragraph, ImVec2 top_left,
                          ImU32 color) {
    const float inv = 1.0f / static_cast<float>(engine_.AtlasPageSize());
    int current_page = -1;
    for (const Line& line : paragraph.lines) {
        const float baseline = top_left.y + line.baseline;
        for (const Run& run : line.runs) {
            float pen = top_left.x + line.x + run.x;
            for (const Glyph& g : run.glyphs) {
                const AtlasGlyph* a = engine_.GlyphImage(run.font, paragraph.size_26_6, g.id);
                if (a && a->w > 0) {
                    if (a->page != current_page) {
                        if (current_page >= 0) list->PopTextureID();
                        current_page = a->page;
                        list->PushTextureID(PageTexture(current_page));
                    }
                    const float x0 = std::round(pen + g.x_offset / 64.f) + a->left;
                    const float y0 = std::round(baseline - g.y_offset / 64.f) - a->top;
                    list->PrimReserve(6, 4);
                    list->PrimRectUV(ImVec2(x0, y0), ImVec2(x0 + a->w, y0 + a->h),
                                     ImVec2(a->x * inv, a->y * inv),
                                     ImVec2((a->x + a->w) * inv, (a->y + a->h) * inv), color);
                }
                pen += g.x_advance / 64.f;
            }
        }
    }
    if (current_page >= 0) list->PopTextureID();
}

Size GlTextRenderer::DrawText(ImDrawList* list, const LayoutRequest& request, ImVec2 top_left,
                              ImU32 color) {
    auto paragraph = engine_.Layout(request);
    Draw(list, *paragraph, top_left, color);
    return {paragraph->box_width, paragraph->height};
}

void GlTextRenderer::Upload() {
    const int size = engine_.AtlasPageSize();
    GLint previous = 0, row_length = 0, alignment = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &row_length);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &alignment);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, size);  // rectangles are read straight out of the page
    for (int page = 0; page < engine_.AtlasPageCount(); ++page) {
        auto dirty = engine_.AtlasDirtyRects(page);
        if (dirty.empty()) continue;
        PageTexture(page);
        glBindTexture(GL_TEXTURE_2D, textures_[page]);
        const std::uint8_t* pixels = engine_.AtlasPixels(page);
        for (const AtlasRect& r : dirty) {
            glTexSubImage2D(GL_TEXTURE_2D, 0, r.x, r.y, r.w, r.h, GL_RED, GL_UNSIGNED_BYTE,
                            pixels + static_cast<std::size_t>(r.y) * size + r.x);
        }
        engine_.ClearAtlasDirty(page);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, row_length);
    glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
}

}  // namespace anl::text
