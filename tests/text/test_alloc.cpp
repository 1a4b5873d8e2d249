// An unchanged frame allocates nothing: layout cache hits and glyphs already in the atlas.
// Measured by replacing the global operator new in this test binary only (counting_new.cpp).
#include "tests/support/skip.h"
#include "tests/text/counting_new.h"
#include "tests/text/text_test_util.h"

namespace anl::text::testing {

TEST_CASE("a frame of cached layouts and known glyphs allocates nothing", "[text][cache][alloc]") {
    if (!kCountsAllocations) return anl::test::Skip("allocations are not counted under AddressSanitizer");
    auto created = Engine::Create();
    REQUIRE(created.ok());
    Engine& engine = *created.value();
    const LayoutRequest frame[] = {
        {"د استوګنې اجازه — A-042 په 10:30", "ps", 32, 600, Align::kStart},
        {"ቁጽሪ ትኬትኩም A-042 እዩ።", "ti", 24, 600, Align::kStart},
        {"თქვენი ბილეთის ნომერია A-042", "ka", 24, 600, Align::kCenter},
        {"Ihre Nummer ist A-042. Bitte warten Sie.", "de", 24, 300, Align::kEnd},
    };
    auto draw_frame = [&] {
        engine.BeginFrame();
        float height = 0;
        for (const auto& request : frame) {
            auto p = engine.Layout(request);
            height += p->height;
            for (const Line& line : p->lines)
                for (const Run& run : line.runs)
                    for (const Glyph& g : run.glyphs)
                        engine.GlyphImage(run.font, p->size_26_6, g.id);
        }
        return height;
    };
    const float first = draw_frame();  // shapes and rasterises: may allocate
    const auto shaped = engine.stats().paragraphs_shaped;
    const auto rasterised = engine.stats().glyphs_rasterised;
    const std::size_t before = AllocationCount().load();
    float later = 0;
    for (int i = 0; i < 100; ++i) later = draw_frame();
    const std::size_t during = AllocationCount().load() - before;
    CHECK(during == 0);
    CHECK(later == first);
    CHECK(engine.stats().paragraphs_shaped == shaped);
    CHECK(engine.stats().glyphs_rasterised == rasterised);
    // The counter counts: a cache miss allocates.
    const std::size_t before_miss = AllocationCount().load();
    engine.Layout({"Neue Nummer", "de", 24, 0, Align::kStart});
    CHECK(AllocationCount().load() > before_miss);
}

}  // namespace anl::text::testing
