// Layout: bidi order of runs, line breaking per language, alignment, coverage, the cache.
#include <algorithm>

#include "tests/text/text_test_util.h"

namespace anl::text::testing {
namespace {

// The visual left-to-right sequence of a line's characters, rebuilt from glyph clusters: for
// each glyph (left to right) the text of its cluster, each cluster once.
std::string VisualText(std::string_view text, const Line& line) {
    std::string out;
    for (const Run& run : line.runs) {
        std::vector<std::uint32_t> starts;
        for (const Glyph& g : run.glyphs)
            if (starts.empty() || starts.back() != g.cluster) starts.push_back(g.cluster);
        // Cluster ends: the next larger cluster start in logical order, or the run end.
        std::vector<std::uint32_t> sorted = starts;
        std::sort(sorted.begin(), sorted.end());
        for (std::uint32_t s : starts) {
            auto next = std::upper_bound(sorted.begin(), sorted.end(), s);
            std::uint32_t e = next == sorted.end() ? run.end : *next;
            out += Slice(text, s, e);
        }
    }
    return out;
}

// The x of the glyph that starts the cluster at `byte` (its leftmost glyph).
float GlyphX(const Line& line, std::uint32_t byte) {
    for (const Run& run : line.runs) {
        float x = run.x;
        for (const Glyph& g : run.glyphs) {
            if (g.cluster == byte) return x;
            x += g.x_advance / 64.f;
        }
    }
    FAIL("no glyph starts at byte " << byte);
    return 0;
}

const Run* RunContaining(const Line& line, std::uint32_t byte) {
    for (const Run& run : line.runs)
        if (run.start <= byte && byte < run.end) return &run;
    return nullptr;
}

}  // namespace

TEST_CASE("a ticket number and a time inside Pashto read left to right, in the right place",
          "[text][bidi]") {
    Engine& engine = SharedEngine();
    const std::string text = "ستاسو ټکټ A-042 دی، په 10:30 راشئ";
    Paragraph p = engine.LayoutUncached({text, "ps", 24, 0, Align::kStart});
    REQUIRE(p.rtl);
    REQUIRE(p.lines.size() == 1);
    const Line& line = p.lines[0];
    const auto ticket = static_cast<std::uint32_t>(text.find("A-042"));
    const auto time = static_cast<std::uint32_t>(text.find("10:30"));
    const Run* ticket_run = RunContaining(line, ticket);
    const Run* time_run = RunContaining(line, time);
    const Run* first_word = RunContaining(line, 0);
    REQUIRE(ticket_run);
    REQUIRE(time_run);
    REQUIRE(first_word);
    CHECK_FALSE(ticket_run->rtl);
    CHECK_FALSE(time_run->rtl);
    CHECK(first_word->rtl);
    // Right to left: what comes first logically stands further right.
    CHECK(first_word->x > ticket_run->x);
    CHECK(ticket_run->x > time_run->x);
    // Inside the codes, characters stay in reading order left to right.
    const std::string visual = VisualText(text, line);
    CHECK(visual.find("A-042") != std::string::npos);
    CHECK(visual.find("10:30") != std::string::npos);
    // Start alignment of a right-to-left paragraph is the right edge.
    Paragraph boxed = engine.LayoutUncached({text, "ps", 24, 800, Align::kStart});
    CHECK(boxed.lines[0].x + boxed.lines[0].width == Approx(800).margin(0.01));
    Paragraph end = engine.LayoutUncached({text, "ps", 24, 800, Align::kEnd});
    CHECK(end.lines[0].x == Approx(0));
}

TEST_CASE("Arabic words inside a German sentence are reversed, the sentence is not",
          "[text][bidi]") {
    Engine& engine = SharedEngine();
    const std::string text = "Ihr Dolmetscher spricht عربي فصيح und Deutsch";
    Paragraph p = engine.LayoutUncached({text, "de", 24, 0, Align::kStart});
    REQUIRE_FALSE(p.rtl);
    const Line& line = p.lines[0];
    const auto a1 = static_cast<std::uint32_t>(text.find("عربي"));
    const auto a2 = static_cast<std::uint32_t>(text.find("فصيح"));
    const auto und = static_cast<std::uint32_t>(text.find("und"));
    // Visually: "Ihr Dolmetscher spricht", then the second Arabic word left of the first, then
    // "und".
    CHECK(GlyphX(line, 0) < GlyphX(line, a1));
    CHECK(GlyphX(line, a2) < GlyphX(line, a1));
    CHECK(GlyphX(line, a1) < GlyphX(line, und));
    CHECK(RunContaining(line, a1)->rtl);
    CHECK(RunContaining(line, a2)->rtl);
    CHECK_FALSE(RunContaining(line, und)->rtl);
    CHECK(engine.Font(RunContaining(line, a1)->font).family == "Noto Sans Arabic UI");
}

TEST_CASE("Arabic-script text with ticket code: bidi within wrapped lines",
          "[text][bidi][linebreak]") {
    Engine& engine = SharedEngine();
    const std::string text =
        "د استوګنې اجازه د تمدید لپاره ټکټ A-042 واخلئ، ستاسو وار په 10:30 دی.";
    Paragraph p = engine.LayoutUncached({text, "ps", 32, 400, Align::kStart});
    REQUIRE(p.lines.size() >= 2);
    bool found = false;
    for (const Line& line : p.lines) {
        if (const Run* r = RunContaining(line, static_cast<std::uint32_t>(text.find("A-042")))) {
            found = true;
            // "A-042" starts its line logically, so in a right-to-left line it stands rightmost.
            CHECK(r->x + r->width == Approx(line.width).margin(0.01));
        }
    }
    CHECK(found);
}

namespace {
// Every line but the last ends right after one of `separators` (trailing spaces cut).
void CheckBreaksOnlyAfter(std::string_view text, const Paragraph& p,
                          std::initializer_list<std::string_view> seps, float max_width) {
    REQUIRE(p.lines.size() >= 2);
    for (std::size_t i = 0; i + 1 < p.lines.size(); ++i) {
        const Line& line = p.lines[i];
        const std::uint32_t next_start = p.lines[i + 1].start;
        std::string_view before = text.substr(0, next_start);
        while (!before.empty() && before.back() == ' ') before.remove_suffix(1);
        bool ok = false;
        for (auto sep : seps)
            ok = ok || before.ends_with(sep) || text.substr(0, next_start).ends_with(sep);
        INFO("line " << i << " ends before byte " << next_start << ": '"
                     << Slice(text, line.start, line.end) << "'");
        CHECK(ok);
        CHECK(line.width <= max_width + 0.01f);
    }
}
}  // namespace

TEST_CASE("lines break between words, never inside one, and fit the width", "[text][linebreak]") {
    Engine& engine = SharedEngine();
    const std::string de =
        "Bitte bringen Sie Ihren Reisepass, ein aktuelles Passfoto und Ihre bisherige "
        "Aufenthaltserlaubnis mit. Die Wartezeit beträgt ungefähr zwanzig Minuten.";
    CheckBreaksOnlyAfter(de, engine.LayoutUncached({de, "de", 24, 300, Align::kStart}), {" "}, 300);

    const std::string ka =
        "გთხოვთ, თან იქონიოთ პასპორტი, ფოტოსურათი და ბინადრობის ამჟამინდელი ნებართვა. "
        "ლოდინის დრო დაახლოებით ოცი წუთია.";
    CheckBreaksOnlyAfter(ka, engine.LayoutUncached({ka, "ka", 24, 300, Align::kStart}), {" "}, 300);

    const std::string fa =
        "لطفاً گذرنامه، یک عکس جدید و اجازهٔ اقامت فعلی خود را همراه بیاورید. زمان انتظار حدود بیست "
        "دقیقه است.";
    CheckBreaksOnlyAfter(fa, engine.LayoutUncached({fa, "fa", 24, 300, Align::kStart}), {" "}, 300);
}

TEST_CASE("Ethiopic breaks after the word separator ፡ and at spaces, never inside a word",
          "[text][linebreak]") {
    Engine& engine = SharedEngine();
    const std::string with_wordspace = "ፓስፖርትኩም፡ሓድሽ፡ስእሊ፡ከምኡውን፡ናይ፡ሕጂ፡ፍቓድ፡መንበሪ፡ሒዝኩም፡ምጹ።";
    Paragraph p = engine.LayoutUncached({with_wordspace, "ti", 24, 250, Align::kStart});
    CheckBreaksOnlyAfter(with_wordspace, p, {"፡"}, 250);
    const std::string with_spaces = "ፓስፖርትኩም ሓድሽ ስእሊ ከምኡውን ናይ ሕጂ ፍቓድ መንበሪ ሒዝኩም ምጹ።";
    CheckBreaksOnlyAfter(with_spaces,
                         engine.LayoutUncached({with_spaces, "ti", 24, 250, Align::kStart}), {" "},
                         250);
}

TEST_CASE("a newline is a hard line break, and no width means one line per paragraph line",
          "[text][linebreak]") {
    Engine& engine = SharedEngine();
    Paragraph p = engine.LayoutUncached({"Schalter 3\nBitte warten", "de", 24, 0, Align::kStart});
    REQUIRE(p.lines.size() == 2);
    CHECK(p.lines[0].end == 10);
    CHECK(p.lines[1].start == 11);
    CHECK(p.lines[1].baseline > p.lines[0].baseline);
    CHECK(p.height > 2 * 24);
    Paragraph empty = engine.LayoutUncached({"", "ar", 24, 0, Align::kStart});
    CHECK(empty.lines.size() == 1);
    CHECK(empty.height > 0);
}

TEST_CASE("coverage: a code point no font covers is found, normal text in every language has none",
          "[text][coverage]") {
    Engine& engine = SharedEngine();
    auto missing = engine.FindUncoveredCodepoints("de", "Wartemarke 你好 A-042 你");
    CHECK(missing == std::vector<char32_t>{0x4F60, 0x597D});
    const std::pair<const char*, const char*> normal[] = {
        {"de", "Größe Übergabe"},   {"en", "Please wait"},
        {"ar", "مرحباً بكم"},        {"fa", "می‌خواهم"},
        {"fa-AF", "نوبت"},          {"ps", "ټکټ ځای څوک ډېر ړ ږ ښ ګ ڼ ۍ"},
        {"ckb", "ڕ ڵ ێ ە"},         {"kmr", "Destûra rûniştinê"},
        {"tr", "İstanbul ılık"},    {"ti", "እንቋዕ ብደሓን መጻእኩም፡"},
        {"so", "Fadlan sug"},       {"uk", "Ґанок їжа"},
        {"ru", "Добро пожаловать"}, {"fr", "œuvre déjà"},
        {"ka", "მოგესალმებით"},     {"ro", "școală țară"}};
    for (auto [lang, text] : normal) {
        INFO(lang << ": " << text);
        CHECK(engine.FindUncoveredCodepoints(lang, text).empty());
    }
    // Spaces, controls and format characters are not glyphs to cover.
    CHECK(engine.FindUncoveredCodepoints("fa", "\t\u200c\u200f\u00a0\n").empty());
}

TEST_CASE("the layout cache returns the same paragraph and shapes nothing on a hit",
          "[text][cache]") {
    auto created = Engine::Create();
    REQUIRE(created.ok());
    Engine& engine = *created.value();
    LayoutRequest request{"Ihre Nummer: A-042", "de", 24, 300, Align::kStart};
    auto first = engine.Layout(request);
    const auto shaped = engine.stats().paragraphs_shaped;
    auto second = engine.Layout(request);
    CHECK(first.get() == second.get());
    CHECK(engine.stats().paragraphs_shaped == shaped);
    CHECK(engine.stats().cache_hits == 1);
    // Every part of the key matters.
    CHECK(engine.Layout({request.text, "en", 24, 300, Align::kStart}).get() != first.get());
    CHECK(engine.Layout({request.text, "de", 25, 300, Align::kStart}).get() != first.get());
    CHECK(engine.Layout({request.text, "de", 24, 200, Align::kStart}).get() != first.get());
    CHECK(engine.Layout({request.text, "de", 24, 300, Align::kEnd}).get() != first.get());
    CHECK(engine.Layout({"Ihre Nummer: A-043", "de", 24, 300, Align::kStart}).get() != first.get());
    CHECK(engine.stats().paragraphs_shaped == shaped + 5);
    // A paragraph stays valid while held, even after the cache is cleared.
    engine.ClearLayoutCache();
    CHECK(first->lines.size() == 1);
    CHECK(engine.Layout(request).get() != first.get());
    auto size = engine.Measure(request);
    CHECK(size.width == Approx(first->width));
}

TEST_CASE("the layout cache stays within its capacity", "[text][cache]") {
    EngineOptions options;
    options.layout_cache_capacity = 16;
    auto created = Engine::Create(options);
    REQUIRE(created.ok());
    Engine& engine = *created.value();
    std::vector<std::string> texts;
    for (int i = 0; i < 100; ++i) texts.push_back("Nummer " + std::to_string(i));
    auto kept = engine.Layout({texts[0], "de", 24, 0, Align::kStart});
    for (const auto& t : texts) {
        engine.Layout({t, "de", 24, 0, Align::kStart});
        engine.Layout({texts[99], "de", 24, 0, Align::kStart});  // keep one hot
    }
    const auto shaped = engine.stats().paragraphs_shaped;
    engine.Layout({texts[99], "de", 24, 0, Align::kStart});
    CHECK(engine.stats().paragraphs_shaped == shaped);  // the hot one survived eviction
    CHECK(kept->lines.size() == 1);                     // a held paragraph outlives eviction
}

TEST_CASE("a missing font file gives one clear sentence", "[text][fonts]") {
    EngineOptions options;
    options.font_files = {{"Noto Sans Georgian", "/nonexistent/NotoSansGeorgian-Regular.ttf"}};
    auto engine = Engine::Create(options);
    REQUIRE_FALSE(engine.ok());
    CHECK(engine.error().message.find("/nonexistent/NotoSansGeorgian-Regular.ttf") !=
          std::string::npos);
}

TEST_CASE("IsRightToLeft knows the kiosk's languages", "[text]") {
    for (const char* rtl : {"ar", "fa", "fa-AF", "ps", "ckb"}) CHECK(IsRightToLeft(rtl));
    for (const char* ltr : {"de", "en", "kmr", "tr", "ti", "so", "uk", "ru", "fr", "ka", "ro"})
        CHECK_FALSE(IsRightToLeft(ltr));
    CHECK(IsRightToLeft("he"));
    CHECK_FALSE(IsRightToLeft("ja"));
}

}  // namespace anl::text::testing

namespace anl::text::testing {

TEST_CASE("a word wider than the line is cut between characters instead of overflowing",
          "[text][linebreak]") {
    Engine& engine = SharedEngine();
    const std::string word = "Aufenthaltserlaubnisverlängerungsantrag";
    Paragraph p = engine.LayoutUncached({word, "de", 24, 120, Align::kStart});
    REQUIRE(p.lines.size() >= 3);
    std::string joined;
    for (const Line& line : p.lines) {
        CHECK(line.width <= 120.01f);
        CHECK(line.end > line.start);
        joined += Slice(word, line.start, line.end);
    }
    CHECK(joined == word);
    // Words that fit are never cut, even next to one that does not.
    Paragraph mixed =
        engine.LayoutUncached({"Bitte " + word + " abgeben", "de", 24, 120, Align::kStart});
    CHECK(Slice("Bitte " + word + " abgeben", mixed.lines.front().start, mixed.lines.front().end) ==
          "Bitte");
    CHECK(Slice("Bitte " + word + " abgeben", mixed.lines.back().start, mixed.lines.back().end)
              .ends_with("abgeben"));
}

}  // namespace anl::text::testing

#include <random>

namespace anl::text::testing {

TEST_CASE(
    "random mixed-script text, including invalid UTF-8 and bidi controls, keeps every layout "
    "invariant",
    "[text][robustness]") {
    Engine& engine = SharedEngine();
    const char* pieces[] = {"A-042",    " ",      "  ",     "\n",          "10:30",  "د",
                            "استوګنې",  "ڕێ",     "ቁጽሪ፡",   "ბილეთი",      "Größe",  "İı",
                            "\u0301",   "\u064b", "\u200d", "\u200c",      "\u202b", "\u202c",
                            "\u2067",   "\u2069", "\u200f", "\U0001F600",  "(",      ")",
                            "«",        "»",      "٣٤",     "\t",          ".",      "،",
                            "\xE2\x80", "\xC3",   "\xFF",   "\xED\xA0\x80"};
    const char* langs[] = {"de", "ar", "ps", "ti", "ka", "fa-AF", "xx"};
    std::mt19937 random(20261125);
    for (int round = 0; round < 300; ++round) {
        std::string text;
        const int count = static_cast<int>(random() % 24);
        bool valid = true;
        for (int i = 0; i < count; ++i) {
            const std::size_t pick = random() % std::size(pieces);
            if (pick >= std::size(pieces) - 4) valid = false;  // the last four are malformed UTF-8
            text += pieces[pick];
        }
        const char* lang = langs[random() % std::size(langs)];
        const float width = (random() % 3 == 0) ? 0.f : static_cast<float>(10 + random() % 300);
        const float size = static_cast<float>(1 + random() % 60);
        INFO("round " << round << " lang " << lang << " width " << width << " size " << size);
        Paragraph p = engine.LayoutUncached({text, lang, size, width, Align::kStart});
        REQUIRE_FALSE(p.lines.empty());
        std::uint32_t previous_end = 0;
        for (const Line& line : p.lines) {
            CHECK(line.start >= previous_end);
            CHECK(line.start <= line.end);
            CHECK(line.end <= text.size());
            previous_end = line.end;
            float x = 0;
            for (const Run& run : line.runs) {
                CHECK(run.start >= line.start);
                CHECK(run.end <= line.end);
                CHECK(run.start < run.end);
                CHECK(run.x == Approx(x).margin(0.01));
                x += run.width;
                for (const Glyph& g : run.glyphs) {
                    CHECK(g.cluster >= run.start);
                    CHECK(g.cluster < run.end);
                    if (valid) CHECK((static_cast<unsigned char>(text[g.cluster]) & 0xC0) != 0x80);
                }
            }
            CHECK(line.width == Approx(x).margin(0.01));
        }
    }
}

}  // namespace anl::text::testing

namespace anl::text::testing {

TEST_CASE("lines of a paragraph are evenly spaced even when one holds a taller font",
          "[text][linebreak]") {
    Engine& engine = SharedEngine();
    const std::string text =
        "يرجى إحضار جواز السفر وصورة شخصية حديثة وتصريح الإقامة الحالي. مدة الانتظار اليوم "
        "حوالي عشرين دقيقة، ورقم تذكرتك هو A-042.";
    Paragraph p = engine.LayoutUncached({text, "ar", 24, 600, Align::kStart});
    REQUIRE(p.lines.size() >= 3);
    const float step = p.lines[1].baseline - p.lines[0].baseline;
    for (std::size_t i = 1; i < p.lines.size(); ++i)
        CHECK(p.lines[i].baseline - p.lines[i - 1].baseline == Approx(step));
    CHECK(p.height == Approx(step * p.lines.size()));
}

}  // namespace anl::text::testing

namespace anl::text::testing {

TEST_CASE("a tab or a control character never draws a missing-glyph box", "[text][shaping]") {
    Engine& engine = SharedEngine();
    const std::string text = "Schalter\t3\x01 A-042\x7F ok\xC2\x90!";
    Paragraph p = engine.LayoutUncached({text, "de", 24, 0, Align::kStart});
    REQUIRE(p.lines.size() == 1);
    for (const Run& run : p.lines[0].runs)
        for (const Glyph& g : run.glyphs) CHECK(g.id != 0);
    // The tab is as wide as a space.
    Paragraph spaced = engine.LayoutUncached({"Schalter 3", "de", 24, 0, Align::kStart});
    Paragraph tabbed = engine.LayoutUncached({"Schalter\t3", "de", 24, 0, Align::kStart});
    CHECK(tabbed.width == Approx(spaced.width));
}

}  // namespace anl::text::testing
