// Golden comparisons: for every run the engine makes, the real hb-shape binary, given the same
// font file, script, direction, language and text, must print the same glyph ids.
#include <cstdio>
#include <sstream>

#include "tests/text/text_test_util.h"

namespace anl::text::testing {
namespace {

std::vector<char32_t> CodePoints(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        char32_t v = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < len; ++k) v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(v);
        i += len;
    }
    return out;
}

std::vector<std::uint32_t> HbShapeGlyphIds(const std::string& font, const std::string& script,
                                           bool rtl, std::string_view lang, std::string_view text,
                                           bool bot, bool eot) {
    std::ostringstream cmd;
    cmd << "hb-shape --no-glyph-names --no-positions --no-clusters --script=" << script
        << " --direction=" << (rtl ? "rtl" : "ltr") << " --language=" << lang
        << (bot ? " --bot" : "") << (eot ? " --eot" : "") << " --unicodes=";
    bool first = true;
    for (char32_t c : CodePoints(text)) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%sU+%04X", first ? "" : ",", static_cast<unsigned>(c));
        cmd << buf;
        first = false;
    }
    cmd << " '" << font << "' 2>&1";
    FILE* pipe = popen(cmd.str().c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) output += buf;
    REQUIRE(pclose(pipe) == 0);
    INFO("hb-shape printed: " << output);
    REQUIRE(output.size() >= 2);
    REQUIRE(output.front() == '[');
    std::vector<std::uint32_t> ids;
    std::istringstream in(output.substr(1, output.find(']') - 1));
    std::string id;
    while (std::getline(in, id, '|')) ids.push_back(static_cast<std::uint32_t>(std::stoul(id)));
    return ids;
}

struct Sample {
    const char* lang;
    const char* text;
    const char* main_font;  // the family that must draw the first letter
};

// Strings of our own, one or more per script and language.
const Sample kSamples[] = {
    {"ar", "مرحباً بكم في مركز الخدمة، خذ رقماً من فضلك", "Noto Sans Arabic UI"},
    {"fa", "لطفاً گذرنامه، عکس و اجازهٔ اقامت فعلی خود را همراه بیاورید", "Noto Naskh Arabic UI"},
    {"fa-AF", "می‌خواهم اجازهٔ اقامتم را تمدید کنم",
     "Noto Naskh Arabic UI"},
    {"ps", "د استوګنې اجازه", "Noto Naskh Arabic UI"},
    {"ps", "ټکټ ځای څوک ډېر ړومبی ږغ ښځه ګډ ژبه ټولنیز", "Noto Naskh Arabic UI"},
    {"ckb", "ڕێگەپێدانی نیشتەجێبوون، ماڵ و خوێندنگە", "Noto Naskh Arabic UI"},
    {"ti", "እንቋዕ ብደሓን መጻእኩም፡ ቁጽሪ ትኬትኩም ሓዙ።", "Noto Sans Ethiopic"},
    {"ka", "მოგესალმებით! ბინადრობის ნებართვის გაგრძელება", "Noto Sans Georgian"},
    {"ru", "Добро пожаловать! Возьмите талон, пожалуйста.", "Noto Sans"},
    {"uk", "Ласкаво просимо! Ґанок, їжа, єдність, дозвіл на проживання.", "Noto Sans"},
    {"de", "Aufenthaltstitel verlängern: Größe, Übergabe, Straße", "Noto Sans"},
    {"fr", "Pièce d'identité, déjà reçu, œuvre, Noël, garçon", "Noto Sans"},
    {"ro", "Înregistrare, școală, țară, până, mâine", "Noto Sans"},
    {"kmr", "Destûra rûniştinê dirêj bike, şêwirmendî û xwendin", "Noto Sans"},
    {"fr", "Cafe\u0301 re\u0301sume\u0301, d\u0065\u0301compose\u0301 et a\u0300 cote\u0302", "Noto Sans"},
    {"kmr", "\u015e \u015f \u00ca \u00ea \u00ce \u00ee \u00db \u00fb \u00c7 \u00e7 x\u0307", "Noto Sans"},
    {"tr", "İstanbul ılık IĞDIR ışık iyi İi Iı fi", "Noto Sans"},
    {"so", "Fadlan sug inta lambarkaaga la wacayo", "Noto Sans"},
    {"en", "Please take a ticket and wait", "Noto Sans"},
};

}  // namespace

TEST_CASE("every run's glyph ids equal hb-shape's for the same font, script, direction and text",
          "[text][shaping]") {
    Engine& engine = SharedEngine();
    for (const Sample& s : kSamples) {
        const std::string_view text = s.text;
        INFO("lang " << s.lang << ": " << s.text);
        Paragraph p = engine.LayoutUncached({text, s.lang, 24, 0, Align::kStart});
        REQUIRE(p.lines.size() == 1);
        REQUIRE_FALSE(p.lines[0].runs.empty());
        for (const Run& run : p.lines[0].runs) {
            const std::string run_text = Slice(text, run.start, run.end);
            INFO("run '" << run_text << "' font " << engine.Font(run.font).path << " script "
                         << ScriptName(run.script));
            std::vector<std::uint32_t> ours;
            for (const Glyph& g : run.glyphs) ours.push_back(g.id);
            auto theirs =
                HbShapeGlyphIds(engine.Font(run.font).path, ScriptName(run.script), run.rtl, s.lang,
                                run_text, run.start == 0, run.end == text.size());
            CHECK(ours == theirs);
            for (auto id : ours) CHECK(id != 0);  // no missing-glyph boxes
        }
    }
}

TEST_CASE("the language's own font draws its script", "[text][fonts]") {
    Engine& engine = SharedEngine();
    for (const Sample& s : kSamples) {
        INFO("lang " << s.lang);
        Paragraph p = engine.LayoutUncached({s.text, s.lang, 24, 0, Align::kStart});
        // The run holding byte 0 (the first letter) is drawn by the preferred font.
        const Run* first = nullptr;
        for (const Run& run : p.lines[0].runs)
            if (run.start == 0) first = &run;
        REQUIRE(first != nullptr);
        CHECK(engine.Font(first->font).family == s.main_font);
    }
}

TEST_CASE("Turkish dotted and dotless i are distinct glyphs", "[text][shaping]") {
    Engine& engine = SharedEngine();
    Paragraph p = engine.LayoutUncached({"İiIı", "tr", 24, 0, Align::kStart});
    REQUIRE(p.lines[0].runs.size() == 1);
    const auto& g = p.lines[0].runs[0].glyphs;
    REQUIRE(g.size() == 4);
    CHECK(g[0].id != g[2].id);  // İ vs I
    CHECK(g[1].id != g[3].id);  // i vs ı
}

TEST_CASE(
    "Pashto letters without presentation forms join: contextual glyphs differ from isolated ones",
    "[text][shaping]") {
    Engine& engine = SharedEngine();
    // ګ alone and ګ between two letters must not be the same glyph, or the word falls apart.
    Paragraph alone = engine.LayoutUncached({"ګ", "ps", 24, 0, Align::kStart});
    Paragraph joined = engine.LayoutUncached({"بګب", "ps", 24, 0, Align::kStart});
    REQUIRE(alone.lines[0].runs[0].glyphs.size() == 1);
    REQUIRE(joined.lines[0].runs[0].glyphs.size() == 3);
    CHECK(joined.lines[0].runs[0].glyphs[1].id != alone.lines[0].runs[0].glyphs[0].id);
}

TEST_CASE("a pictogram by its Material Icons name is a glyph of the icon font in a run",
          "[text][fonts]") {
    Engine& engine = SharedEngine();
    auto home = engine.Pictogram("home");
    REQUIRE(home.ok());
    CHECK(home.value() == "\xEE\xA2\x8A");  // U+E88A
    const std::string text = "Start " + home.value();
    Paragraph p = engine.LayoutUncached({text, "de", 24, 0, Align::kStart});
    const Run& last = p.lines[0].runs.back();
    CHECK(engine.Font(last.font).family == "Material Icons");
    REQUIRE(last.glyphs.size() == 1);
    CHECK(last.glyphs[0].id != 0);
    CHECK_FALSE(engine.Pictogram("no_such_pictogram").ok());
}

}  // namespace anl::text::testing

namespace anl::text::testing {

TEST_CASE("shaping with HarfBuzz's OpenType functions equals shaping with hb_ft on the same font",
          "[text][shaping]") {
    EngineOptions with_ft;
    with_ft.shape_with_freetype_funcs = true;
    auto ft_engine = Engine::Create(with_ft);
    REQUIRE(ft_engine.ok());
    Engine& ot = SharedEngine();
    Engine& ft = *ft_engine.value();
    for (const Sample& s : kSamples) {
        INFO("lang " << s.lang << ": " << s.text);
        Paragraph a = ot.LayoutUncached({s.text, s.lang, 24, 0, Align::kStart});
        Paragraph b = ft.LayoutUncached({s.text, s.lang, 24, 0, Align::kStart});
        REQUIRE(a.lines[0].runs.size() == b.lines[0].runs.size());
        for (std::size_t r = 0; r < a.lines[0].runs.size(); ++r) {
            const auto& ga = a.lines[0].runs[r].glyphs;
            const auto& gb = b.lines[0].runs[r].glyphs;
            REQUIRE(ga.size() == gb.size());
            for (std::size_t i = 0; i < ga.size(); ++i) {
                CHECK(ga[i].id == gb[i].id);
                CHECK(ga[i].cluster == gb[i].cluster);
                CHECK(std::abs(ga[i].x_advance - gb[i].x_advance) <= 1);  // 1/64 px rounding
                CHECK(std::abs(ga[i].x_offset - gb[i].x_offset) <= 1);
                CHECK(std::abs(ga[i].y_offset - gb[i].y_offset) <= 1);
            }
        }
    }
}

}  // namespace anl::text::testing
