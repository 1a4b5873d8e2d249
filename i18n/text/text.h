// text: the text engine. Every string a visitor reads is laid out and drawn here.
//   Owns: the font chain per language (found at run time through fontconfig, never copied into
//   the repository), bidi (ICU ubidi), line breaking (ICU BreakIterator for the language),
//   script and font itemisation with fallback, HarfBuzz shaping, a FreeType glyph atlas
//   (CPU-side 8-bit coverage pages with dirty rectangles), a layout cache, CPU rendering to
//   images and PNG files. Drawing through ImGui/OpenGL is the separate target anl_text_gl
//   (i18n/text/text_gl.h), so tools and tests need no GL.
//   Must never: know about queues, tickets or screens; translate anything (catalogues are
//   i18n/messages); touch the GPU (that is text_gl); be used from two threads at once.
//
// Index
//   1. Languages          IsRightToLeft
//   2. Layout results     Glyph, Run, Line, Paragraph (units: 26.6 fixed point pixels = 1/64 px)
//   3. Engine             Create, Layout (cached), LayoutUncached, Measure, coverage,
//                         pictograms, and the glyph atlas (pages of 8-bit coverage, dirty
//                         rectangles, least-recently-used eviction)
//   4. CPU rendering      RenderParagraph, WritePng
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::text {

// ---------------------------------------------------------------------------------------
// 1. Languages. Codes are BCP 47 tags as the catalogues use them: de en ar fa fa-AF ps ckb
//    kmr tr ti so uk ru fr ka ro.
// ---------------------------------------------------------------------------------------

// True when the language is written right to left (its paragraphs and screens mirror).
// Allocation-free for the 16 supported languages; others ask ICU.
bool IsRightToLeft(std::string_view lang);

// ---------------------------------------------------------------------------------------
// 2. Layout results. Positions inside a glyph are HarfBuzz units: 26.6 fixed point pixels
//    (64 = one pixel). Line and run geometry is in float pixels.
// ---------------------------------------------------------------------------------------

enum class Align : std::uint8_t {
    kStart,  // left in a left-to-right paragraph, right in a right-to-left one
    kEnd,    // the opposite edge
    kCenter,
};

// One glyph of a run, as HarfBuzz positioned it.
struct Glyph {
    std::uint32_t id = 0;       // glyph index in the run's font file (what hb-shape prints)
    std::uint32_t cluster = 0;  // UTF-8 byte offset into the paragraph text
    std::int32_t x_advance = 0, y_advance = 0;  // 26.6 px
    std::int32_t x_offset = 0, y_offset = 0;    // 26.6 px, y up
};

// A run: glyphs of one font, one script and one direction, in visual (left-to-right) order.
struct Run {
    std::uint16_t font = 0;    // index into Engine::Font()
    std::uint32_t script = 0;  // ISO 15924 tag as a HarfBuzz tag, e.g. 'Arab'
    bool rtl = false;          // shaped right to left
    std::uint32_t start = 0;   // UTF-8 byte range [start, end) of the paragraph text
    std::uint32_t end = 0;
    float x = 0;      // left edge relative to the line's left edge, px
    float width = 0;  // sum of advances, px
    std::vector<Glyph> glyphs;
};

// A line: runs in visual order, left to right.
struct Line {
    std::uint32_t start = 0, end = 0;  // UTF-8 byte range of the line (trailing spaces cut)
    float x = 0;                       // left edge inside the paragraph box (alignment), px
    float baseline = 0;                // from the paragraph top, px
    float width = 0;                   // px
    float ascent = 0, descent = 0;     // px, both positive; the same for every line of a
                                       // paragraph (the tallest font used), so spacing is even
    std::vector<Run> runs;
};

// A laid-out paragraph. Immutable once made.
struct Paragraph {
    std::vector<Line> lines;
    float size_px = 0;
    std::int32_t size_26_6 = 0;  // the size glyphs are rasterised at
    float box_width = 0;         // the width alignment used (max width, or the widest line)
    float width = 0;             // widest line, px
    float height = 0;            // all lines, px
    bool rtl = false;            // paragraph direction (from the language)
};

struct LayoutRequest {
    std::string_view text;  // UTF-8, may contain '\n' (hard line break)
    std::string_view lang;  // BCP 47 code: picks the paragraph direction, the line
                            // breaking rules, the font chain and HarfBuzz's language
    float size_px = 24;
    float max_width_px = 0;  // wrap to this width; 0 = never wrap
    Align align = Align::kStart;
};

struct Size {
    float width = 0, height = 0;
};

// ---------------------------------------------------------------------------------------
// 3. Engine: fonts, layout, cache, atlas. One per program (the UI thread's).
// ---------------------------------------------------------------------------------------

struct FontInfo {
    std::string family;  // e.g. "Noto Sans Ethiopic"
    std::string path;    // the file fontconfig (or the configuration) named
};

struct EngineOptions {
    // Font files to use instead of asking fontconfig, as {family, path}. A family not listed
    // here is looked up with fontconfig.
    std::vector<std::pair<std::string, std::string>> font_files;
    // Material Icons name → code point list (the SCSS map fonts-material-design-icons-iconfont
    // ships).
    std::string pictogram_names_file =
        "/usr/share/fonts-material-design-icons-iconfont/scss/_variables.scss";
    int atlas_page_size = 1024;  // pixels per side of one atlas page (one GL texture)
    int atlas_max_pages = 4;     // beyond this, least-recently-used shelves are evicted
    std::size_t layout_cache_capacity = 4096;  // paragraphs kept by Layout()
    // Shape through hb_ft (FreeType's metrics callbacks) instead of HarfBuzz's own OpenType
    // functions. Same font file, size, glyphs and unhinted advances either way; the default is
    // twice as fast. Kept so tests can show both agree.
    bool shape_with_freetype_funcs = false;
};

// Counters for tests and benchmarks.
struct EngineStats {
    std::uint64_t paragraphs_shaped = 0;  // layouts computed (cache misses and uncached)
    std::uint64_t cache_hits = 0;
    std::uint64_t runs_shaped = 0;    // hb_shape calls: one per item, plus line-edge reshapes
    std::uint64_t runs_reshaped = 0;  // pieces of an item cut where HarfBuzz said unsafe
    std::uint64_t glyphs_rasterised = 0;
    std::uint64_t atlas_evictions = 0;  // shelves emptied to make room
    std::uint64_t atlas_overflows = 0;  // glyphs that found no room this frame (not drawn)
};

// A glyph's place in the atlas: page, pixel rectangle, and its bearing from the pen.
struct AtlasGlyph {
    std::uint16_t page = 0;
    std::uint16_t x = 0, y = 0, w = 0, h = 0;  // w == 0: nothing to draw (a space)
    std::int16_t left = 0;                     // bitmap left edge from the pen, px
    std::int16_t top = 0;                      // bitmap top edge above the baseline, px
};

struct AtlasRect {
    int x = 0, y = 0, w = 0, h = 0;
};

class Engine {
public:
    // Finds and loads every font of every chain. Fails with one sentence naming the missing
    // font and the Debian package that provides it.
    static Result<std::unique_ptr<Engine>> Create(const EngineOptions& options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Lays out a paragraph, or returns the cached layout for the same (text, lang, size,
    // width, align). A cache hit shapes nothing and allocates nothing. The paragraph stays
    // valid as long as the caller holds the pointer.
    std::shared_ptr<const Paragraph> Layout(const LayoutRequest& request);
    // Lays out without touching the cache (tools, benchmarks).
    Paragraph LayoutUncached(const LayoutRequest& request);
    // The laid-out size (through the cache).
    Size Measure(const LayoutRequest& request);
    void ClearLayoutCache();

    // Code points of utf8 that no font in lang's chain covers. Spaces, controls and format
    // characters (bidi marks, ZWJ) are ignored. Each code point is listed once, in order.
    std::vector<char32_t> FindUncoveredCodepoints(std::string_view lang,
                                                  std::string_view utf8) const;

    // A pictogram by its Material Icons name ("home", "badge", "translate"): the UTF-8 text
    // of its code point, to put into any string; it is then just a glyph in a run.
    Result<std::string> Pictogram(std::string_view material_name) const;

    // Fonts: every loaded font, and the chain (indices, most preferred first) for a language.
    std::span<const FontInfo> Fonts() const;
    const FontInfo& Font(std::uint16_t index) const;
    std::vector<std::uint16_t> FontChain(std::string_view lang) const;

    // Glyph atlas. BeginFrame() marks a new frame for least-recently-used eviction: glyphs
    // used in the current frame are never evicted.
    void BeginFrame();
    // The atlas place of one glyph of a run, rasterised on demand. nullptr when the atlas has
    // no room left this frame (counted in stats().atlas_overflows). The pointer is valid until
    // the next GlyphImage call (which may evict): copy what you need.
    const AtlasGlyph* GlyphImage(std::uint16_t font, std::int32_t size_26_6,
                                 std::uint32_t glyph_id);
    int AtlasPageSize() const;
    int AtlasPageCount() const;
    const std::uint8_t* AtlasPixels(int page) const;             // page_size * page_size bytes
    std::span<const AtlasRect> AtlasDirtyRects(int page) const;  // changed since ClearAtlasDirty
    void ClearAtlasDirty(int page);

    const EngineStats& stats() const;

    struct Impl;

private:
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Convenience for callers holding an engine.
inline Size MeasureParagraph(Engine& engine, const LayoutRequest& request) {
    return engine.Measure(request);
}
inline std::vector<char32_t> FindUncoveredCodepoints(const Engine& engine, std::string_view lang,
                                                     std::string_view utf8) {
    return engine.FindUncoveredCodepoints(lang, utf8);
}

// The ISO 15924 name of a Run::script ("Arab", "Ethi").
std::string ScriptName(std::uint32_t script);

// ---------------------------------------------------------------------------------------
// 4. CPU rendering (through the same atlas): `ctl text render`, screenshot tests.
// ---------------------------------------------------------------------------------------

struct Image {
    int width = 0, height = 0;
    int channels = 4;                  // 1 = gray coverage, 4 = RGBA
    std::vector<std::uint8_t> pixels;  // rows top to bottom, no padding
};

struct RenderOptions {
    int padding = 8;                        // px around the paragraph box
    int channels = 4;                       // 1: coverage only; 4: color on background
    std::uint32_t color = 0x202020ff;       // RGBA text color
    std::uint32_t background = 0xffffffff;  // RGBA background
};

// Renders a paragraph into a new image the size of its box plus padding.
Image RenderParagraph(Engine& engine, const Paragraph& paragraph,
                      const RenderOptions& options = {});

// Writes an 8-bit gray or RGBA PNG.
Status WritePng(const std::string& path, const Image& image);

}  // namespace anl::text
