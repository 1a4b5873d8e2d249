// text_gl: ImDrawList quads and OpenGL texture uploads for the glyph atlas.
// The atlas is 8-bit coverage; ImGui's OpenGL3 shader multiplies vertex color by an RGBA
// texture, so pages are uploaded as white with coverage in alpha (as ImGui's own font atlas).
#include "i18n/text/text_gl.h"

#include <GL/gl.h>

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
        const int size = engine_.AtlasPageSize();
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, size, size, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
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
    GLint previous = 0;
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &previous);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    for (int page = 0; page < engine_.AtlasPageCount(); ++page) {
        auto dirty = engine_.AtlasDirtyRects(page);
        if (dirty.empty()) continue;
        PageTexture(page);
        glBindTexture(GL_TEXTURE_2D, textures_[page]);
        const std::uint8_t* pixels = engine_.AtlasPixels(page);
        for (const AtlasRect& r : dirty) {
            rgba_.resize(static_cast<std::size_t>(r.w) * r.h * 4);
            std::uint8_t* out = rgba_.data();
            for (int y = 0; y < r.h; ++y) {
                const std::uint8_t* row = pixels + static_cast<std::size_t>(r.y + y) * size + r.x;
                for (int x = 0; x < r.w; ++x) {
                    *out++ = 255;
                    *out++ = 255;
                    *out++ = 255;
                    *out++ = row[x];
                }
            }
            glTexSubImage2D(GL_TEXTURE_2D, 0, r.x, r.y, r.w, r.h, GL_RGBA, GL_UNSIGNED_BYTE,
                            rgba_.data());
        }
        engine_.ClearAtlasDirty(page);
    }
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(previous));
}

}  // namespace anl::text
