// Glyph atlas: growth to several pages, least-recently-used eviction under many sizes, dirty
// rectangles, and glyphs that still draw correctly after their neighbours were evicted.
#include "tests/text/text_test_util.h"

namespace anl::text::testing {
namespace {

const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789";

std::unique_ptr<Engine> SmallAtlasEngine(int page_size, int max_pages) {
    EngineOptions options;
    options.atlas_page_size = page_size;
    options.atlas_max_pages = max_pages;
    auto e = Engine::Create(options);
    REQUIRE(e.ok());
    return std::move(e).value();
}

void DrawAllGlyphs(Engine& engine, const Paragraph& p) {
    for (const Line& line : p.lines)
        for (const Run& run : line.runs)
            for (const Glyph& g : run.glyphs) engine.GlyphImage(run.font, p.size_26_6, g.id);
}

}  // namespace

TEST_CASE(
    "the atlas grows page by page, then evicts least recently used glyphs, and still draws right",
    "[text][atlas]") {
    auto engine = SmallAtlasEngine(512, 2);
    for (int size = 8; size <= 64; size += 2) {
        engine->BeginFrame();
        Paragraph p =
            engine->LayoutUncached({kAlphabet, "de", static_cast<float>(size), 0, Align::kStart});
        DrawAllGlyphs(*engine, p);
    }
    CHECK(engine->AtlasPageCount() == 2);
    CHECK(engine->stats().atlas_evictions > 0);
    CHECK(engine->stats().atlas_overflows == 0);

    // After all that churn, a paragraph renders exactly as it does from a fresh atlas.
    engine->BeginFrame();
    auto fresh = SmallAtlasEngine(512, 2);
    fresh->BeginFrame();
    const LayoutRequest request{"Größe İı ქართული ትግርኛ پښتو", "de", 20, 0, Align::kStart};
    Image churned = RenderParagraph(*engine, engine->LayoutUncached(request));
    Image clean = RenderParagraph(*fresh, fresh->LayoutUncached(request));
    REQUIRE(churned.pixels.size() == clean.pixels.size());
    CHECK(churned.pixels == clean.pixels);
    std::size_t inked = 0;
    for (std::size_t i = 0; i < clean.pixels.size(); i += 4) inked += clean.pixels[i] < 128;
    CHECK(inked > 200);  // the image is not blank
}

TEST_CASE("glyphs used in the current frame are never evicted: they overflow instead",
          "[text][atlas]") {
    auto engine = SmallAtlasEngine(128, 1);
    engine->BeginFrame();
    Paragraph p = engine->LayoutUncached({kAlphabet, "de", 40, 0, Align::kStart});
    std::vector<AtlasGlyph> placed;
    for (const Run& run : p.lines[0].runs)
        for (const Glyph& g : run.glyphs)
            if (const AtlasGlyph* a = engine->GlyphImage(run.font, p.size_26_6, g.id);
                a && a->w > 0)
                placed.push_back(*a);
    CHECK(engine->stats().atlas_overflows > 0);
    CHECK(engine->stats().atlas_evictions == 0);
    // Whatever was placed does not overlap.
    for (std::size_t i = 0; i < placed.size(); ++i)
        for (std::size_t j = i + 1; j < placed.size(); ++j) {
            const AtlasGlyph& a = placed[i];
            const AtlasGlyph& b = placed[j];
            bool overlap = a.page == b.page && a.x < b.x + b.w && b.x < a.x + a.w &&
                           a.y < b.y + b.h && b.y < a.y + a.h;
            CHECK_FALSE(overlap);
        }
}

TEST_CASE("dirty rectangles cover new glyphs only", "[text][atlas]") {
    auto engine = SmallAtlasEngine(256, 2);
    engine->BeginFrame();
    Paragraph p = engine->LayoutUncached({"AB", "en", 24, 0, Align::kStart});
    const Run& run = p.lines[0].runs[0];
    engine->GlyphImage(run.font, p.size_26_6, run.glyphs[0].id);
    REQUIRE(engine->AtlasPageCount() == 1);
    auto dirty = engine->AtlasDirtyRects(0);
    REQUIRE(dirty.size() == 1);
    CHECK(dirty[0].w == 256);  // a new page is sent whole
    engine->ClearAtlasDirty(0);
    engine->GlyphImage(run.font, p.size_26_6, run.glyphs[0].id);
    CHECK(engine->AtlasDirtyRects(0).empty());  // a known glyph changes nothing
    const AtlasGlyph b = *engine->GlyphImage(run.font, p.size_26_6, run.glyphs[1].id);
    dirty = engine->AtlasDirtyRects(0);
    REQUIRE(dirty.size() == 1);
    CHECK(dirty[0].x <= b.x);
    CHECK(dirty[0].y <= b.y);
    CHECK(dirty[0].x + dirty[0].w >= b.x + b.w);
    CHECK(dirty[0].y + dirty[0].h >= b.y + b.h);
    CHECK(dirty[0].w < 64);
}

TEST_CASE("render writes a PNG", "[text][render]") {
    Engine& engine = SharedEngine();
    engine.BeginFrame();
    Paragraph p = engine.LayoutUncached({"ბილეთი A-042", "ka", 24, 0, Align::kStart});
    Image image = RenderParagraph(engine, p);
    CHECK(image.width == static_cast<int>(std::ceil(p.box_width)) + 16);
    const std::string path = std::string(ANL_BINARY_DIR) + "/tests/text_render_test.png";
    REQUIRE(WritePng(path, image).ok());
    FILE* f = std::fopen(path.c_str(), "rb");
    REQUIRE(f);
    unsigned char sig[8] = {};
    CHECK(std::fread(sig, 1, 8, f) == 8);
    std::fclose(f);
    CHECK(sig[1] == 'P');
    CHECK(sig[2] == 'N');
    CHECK(sig[3] == 'G');
    CHECK_FALSE(WritePng("/nonexistent-dir/x.png", image).ok());
}

}  // namespace anl::text::testing
