// Private to i18n/text: the engine's state behind Engine::Impl.
#pragma once

#include <fontconfig/fontconfig.h>
#include <hb-ft.h>
#include <hb.h>
#include <unicode/brkiter.h>
#include <unicode/ubidi.h>
#include <unicode/uscript.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

// FreeType's headers are named through macros that ft2build.h defines.
#include <ft2build.h>
#include FT_FREETYPE_H

#include "i18n/text/text.h"

namespace anl::text {

// A font file loaded once: its bytes, mapped read-only (FreeType and HarfBuzz faces point into
// them), and the set of code points its cmap covers.
struct LoadedFont {
    FontInfo info;
    hb_blob_t* blob = nullptr;
    hb_face_t* face = nullptr;
    hb_set_t* coverage = nullptr;
};

// One font at one pixel size: the FreeType face that rasterises and the hb_ft font that shapes,
// so a run is shaped with exactly the font that draws it.
struct SizedFont {
    std::uint16_t font = 0;
    std::int32_t size_26_6 = 0;
    FT_Face face = nullptr;
    hb_font_t* hb = nullptr;
    std::int32_t ascender = 0, descender = 0, line_gap = 0;  // 26.6 px, descender positive
};

// Pages of 8-bit coverage, each cut into shelves (rows of one height). Invariants:
//   - every slot lies inside its shelf, every shelf inside its page;
//   - slots_ holds exactly the glyphs listed in their shelf's keys;
//   - a shelf's last_used is the newest last use of any of its glyphs;
//   - shelves of height 0 are spare entries (merged away), own no glyphs and no pixels.
// When no page has room and no page may be added, the least recently used band of adjacent
// shelves tall enough (none used in the current frame) is emptied, merged into one shelf and
// reused: eviction is per shelf, which keeps the packer simple and still drops the glyphs
// nobody drew for the longest time.
class GlyphAtlas {
public:
    GlyphAtlas(int page_size, int max_pages) : page_size_(page_size), max_pages_(max_pages) {}

    void BeginFrame() { ++frame_; }
    // Looks a glyph up and marks it used in this frame.
    const AtlasGlyph* Find(std::uint64_t key);
    // Stores a bitmap (rows of `pitch` bytes). nullptr when there is no room this frame.
    const AtlasGlyph* Insert(std::uint64_t key, int width, int height, int left, int top,
                             const std::uint8_t* rows, int pitch, EngineStats& stats);

    int page_size() const { return page_size_; }
    int page_count() const { return static_cast<int>(pages_.size()); }
    const std::uint8_t* pixels(int page) const { return pages_[page].pixels.data(); }
    std::span<const AtlasRect> dirty(int page) const { return pages_[page].dirty; }
    void ClearDirty(int page) { pages_[page].dirty.clear(); }

private:
    struct Page {
        std::vector<std::uint8_t> pixels;
        std::vector<AtlasRect> dirty;
        int next_shelf_y = 0;
    };
    struct Shelf {
        int page = 0, y = 0, height = 0, next_x = 0;
        std::uint64_t last_used = 0;
        std::vector<std::uint64_t> keys;
    };
    struct Slot {
        AtlasGlyph glyph;
        std::uint32_t shelf = 0;
        std::uint64_t last_used = 0;
    };

    int FindShelf(int w, int h, EngineStats& stats);
    void MarkDirty(int page, AtlasRect rect);

    int page_size_;
    int max_pages_;
    std::uint64_t frame_ = 1;
    std::vector<Page> pages_;
    std::vector<Shelf> shelves_;
    std::unordered_map<std::uint64_t, Slot> slots_;
};

struct CacheEntry {
    std::string text, lang;
    float size_px = 0, max_width_px = 0;
    Align align = Align::kStart;
    std::shared_ptr<const Paragraph> paragraph;
    std::uint64_t last_used = 0;
};

// One shaping item: a maximal logical range with one bidi level, one script, one font.
struct Item {
    std::int32_t start = 0, end = 0;  // UTF-16 indices
    UBiDiLevel level = 0;
    UScriptCode script = USCRIPT_COMMON;
    std::uint16_t font = 0;
    std::uint32_t glyph_begin = 0, glyph_end = 0;  // into Scratch::infos/positions
};

// Buffers reused by every layout so a cold layout allocates little.
struct Scratch {
    std::vector<char16_t> u16;
    std::vector<std::uint32_t> u16_to_byte;  // size u16.size() + 1
    std::vector<UScriptCode> scripts;
    std::vector<std::uint16_t> fonts;
    std::vector<Item> items;
    std::vector<hb_glyph_info_t> infos;
    std::vector<hb_glyph_position_t> positions;
    std::vector<std::int64_t> prefix_advance;  // size u16.size() + 1, 26.6
    std::vector<std::pair<std::int32_t, std::int32_t>> line_ranges;
};

struct Engine::Impl {
    ~Impl();

    EngineOptions options;
    FT_Library ft = nullptr;
    std::vector<std::unique_ptr<LoadedFont>> fonts;
    std::vector<FontInfo> font_infos;
    std::vector<std::unique_ptr<SizedFont>> sized;
    // Chains by kind (see fonts.cpp): font indices, most preferred first.
    std::vector<std::vector<std::uint16_t>> chains;
    std::unordered_map<std::string, char32_t> pictograms;
    std::vector<std::pair<std::string, std::unique_ptr<icu::BreakIterator>>> breakers;
    UBiDi* para_bidi = nullptr;
    UBiDi* line_bidi = nullptr;
    hb_buffer_t* buffer = nullptr;
    Scratch scratch;
    GlyphAtlas atlas{1024, 4};
    std::unordered_map<std::uint64_t, CacheEntry> cache;
    std::uint64_t cache_clock = 0;
    EngineStats stats;

    const std::vector<std::uint16_t>& ChainFor(std::string_view lang) const;
    SizedFont* Sized(std::uint16_t font, std::int32_t size_26_6);
    icu::BreakIterator* BreakerFor(std::string_view lang);
    void LayoutInto(const LayoutRequest& request, Paragraph& out);
};

// fonts.cpp
Status LoadFonts(Engine::Impl& impl);
Status LoadPictogramNames(Engine::Impl& impl);

// Decodes UTF-8 (invalid bytes become U+FFFD) into UTF-16 with a map back to byte offsets.
void DecodeUtf8(std::string_view utf8, std::vector<char16_t>& u16,
                std::vector<std::uint32_t>& u16_to_byte);
void AppendUtf8(std::string& out, char32_t c);

}  // namespace anl::text
