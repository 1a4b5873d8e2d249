// CPU rendering of a laid-out paragraph through the glyph atlas, and PNG output (libpng).
#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "i18n/text/internal.h"

namespace anl::text {

Image RenderParagraph(Engine& engine, const Paragraph& paragraph, const RenderOptions& options) {
    Image image;
    image.channels = options.channels == 1 ? 1 : 4;
    image.width = static_cast<int>(std::ceil(paragraph.box_width)) + 2 * options.padding;
    image.height = static_cast<int>(std::ceil(paragraph.height)) + 2 * options.padding;
    image.width = std::max(image.width, 1);
    image.height = std::max(image.height, 1);
    const std::uint8_t fg[4] = {std::uint8_t(options.color >> 24),
                                std::uint8_t(options.color >> 16), std::uint8_t(options.color >> 8),
                                std::uint8_t(options.color)};
    const std::uint8_t bg[4] = {
        std::uint8_t(options.background >> 24), std::uint8_t(options.background >> 16),
        std::uint8_t(options.background >> 8), std::uint8_t(options.background)};
    image.pixels.resize(static_cast<std::size_t>(image.width) * image.height * image.channels);
    for (std::size_t i = 0; i < image.pixels.size(); i += image.channels) {
        if (image.channels == 1)
            image.pixels[i] = 0;
        else
            std::copy(bg, bg + 4, image.pixels.begin() + static_cast<std::ptrdiff_t>(i));
    }
    const int page_size = engine.AtlasPageSize();
    for (const Line& line : paragraph.lines) {
        for (const Run& run : line.runs) {
            float pen = options.padding + line.x + run.x;
            const float baseline = options.padding + line.baseline;
            for (const Glyph& g : run.glyphs) {
                const AtlasGlyph* a = engine.GlyphImage(run.font, paragraph.size_26_6, g.id);
                if (a && a->w > 0) {
                    const int x0 = static_cast<int>(std::lround(pen + g.x_offset / 64.f)) + a->left;
                    const int y0 =
                        static_cast<int>(std::lround(baseline - g.y_offset / 64.f)) - a->top;
                    const std::uint8_t* src = engine.AtlasPixels(a->page);
                    for (int r = 0; r < a->h; ++r) {
                        const int y = y0 + r;
                        if (y < 0 || y >= image.height) continue;
                        for (int c = 0; c < a->w; ++c) {
                            const int x = x0 + c;
                            if (x < 0 || x >= image.width) continue;
                            const unsigned cov =
                                src[static_cast<std::size_t>(a->y + r) * page_size + a->x + c];
                            if (cov == 0) continue;
                            std::uint8_t* dst =
                                &image.pixels[(static_cast<std::size_t>(y) * image.width + x) *
                                              image.channels];
                            if (image.channels == 1) {
                                dst[0] = static_cast<std::uint8_t>(std::min(255u, dst[0] + cov));
                            } else {
                                const unsigned alpha = cov * fg[3] / 255;
                                for (int k = 0; k < 3; ++k)
                                    dst[k] = static_cast<std::uint8_t>(
                                        (fg[k] * alpha + dst[k] * (255 - alpha)) / 255);
                                dst[3] =
                                    static_cast<std::uint8_t>(alpha + dst[3] * (255 - alpha) / 255);
                            }
                        }
                    }
                }
                pen += g.x_advance / 64.f;
            }
        }
    }
    return image;
}

Status WritePng(const std::string& path, const Image& image) {
    if (image.width <= 0 || image.height <= 0 || (image.channels != 1 && image.channels != 4) ||
        image.pixels.size() !=
            static_cast<std::size_t>(image.width) * image.height * image.channels)
        return MakeError(ErrorCode::kInvalidInput,
                         "The image to write as PNG is empty or malformed.");
    FILE* file = std::fopen(path.c_str(), "wb");
    if (!file) return MakeError(ErrorCode::kStorage, "Cannot write the PNG file " + path + ".");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(file);
        return MakeError(ErrorCode::kStorage, "Writing the PNG file " + path + " failed.");
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, image.width, image.height, 8,
                 image.channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGBA,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < image.height; ++y)
        png_write_row(
            png, image.pixels.data() + static_cast<std::size_t>(y) * image.width * image.channels);
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    if (std::fclose(file) != 0)
        return MakeError(ErrorCode::kStorage, "Writing the PNG file " + path + " failed.");
    return {};
}

}  // namespace anl::text
