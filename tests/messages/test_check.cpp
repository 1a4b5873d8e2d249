// The catalogue check (`anlaufstelle-ctl i18n check`): passes on the shipped catalogues and
// names the gap in broken copies. Glyph coverage comes from the real text engine.
#include <memory>

#include "i18n/text/text.h"
#include "kiosk/catalogue/catalogue.h"
#include "messages_test_util.h"

using namespace anl::messages;
using namespace anl::messages::testing;

namespace {

anl::text::Engine& TextEngine() {
    static std::unique_ptr<anl::text::Engine> engine = [] {
        auto created = anl::text::Engine::Create();
        if (!created) FAIL("the text engine did not start: " << created.error().message);
        return std::move(created).value();
    }();
    return *engine;
}

CoverageFn RealCoverage() {
    return [](std::string_view lang, std::string_view utf8) { return TextEngine().FindUncoveredCodepoints(lang, utf8); };
}

std::vector<Gap> CheckDir(const std::filesystem::path& dir) {
    auto loaded = Messages::Load(dir, {"Europe/Berlin"});
    REQUIRE(loaded.ok());
    return CheckCatalogues(loaded.value(), RealCoverage());
}

std::string AllGaps(const std::vector<Gap>& gaps) {
    std::string text;
    for (const Gap& gap : gaps) text += Describe(gap) + "\n";
    return text;
}

}  // namespace

TEST_CASE("the shipped catalogues pass the check, glyphs included", "[check]") {
    std::vector<Gap> gaps = CheckCatalogues(Shipped(), RealCoverage());
    INFO(AllGaps(gaps));
    CHECK(gaps.empty());
}

TEST_CASE("check names a key missing from a language", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "fr/ui.toml", "\"ticket.where_to_wait\" = { text = \"Où attendre\", status = \"draft\" }\n",
                  "");
    std::vector<Gap> gaps = CheckDir(dir.path());
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].language == "fr");
    CHECK(gaps[0].key == "ticket.where_to_wait");
    CHECK_THAT(Describe(gaps[0]), Catch::Contains("fr/ui.toml") && Catch::Contains("the key is missing"));
}

TEST_CASE("check names a key German does not have", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "tr/ui.toml", "\"common.yes\"", "\"common.yess\"");
    std::vector<Gap> gaps = CheckDir(dir.path());
    INFO(AllGaps(gaps));
    REQUIRE(gaps.size() == 2);  // common.yes is missing, common.yess is extra
    CHECK(std::any_of(gaps.begin(), gaps.end(), [](const Gap& g) {
        return g.key == "common.yess" && g.problem.find("not in the German catalogue") != std::string::npos && g.line > 0;
    }));
}

TEST_CASE("check names a renamed placeholder", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "ru/ui.toml", "около {minutes, plural", "около {minuten, plural");
    std::vector<Gap> gaps = CheckDir(dir.path());
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].language == "ru");
    CHECK(gaps[0].key == "kiosk.service.wait_today");
    CHECK(gaps[0].problem == "the placeholders differ from German: {minuten} not in German; {minutes} missing.");
}

TEST_CASE("check names a plural without the categories the language needs", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "uk/ui.toml",
                  "{seconds, plural, one {# секунду} few {# секунди} many {# секунд} other {# секунди}}",
                  "{seconds, plural, one {# секунду} other {# секунди}}");
    std::vector<Gap> gaps = CheckDir(dir.path());
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].key == "kiosk.idle.countdown");
    CHECK_THAT(gaps[0].problem, Catch::Contains("{seconds} has no branch for few (e.g. 2), many (e.g. 0)"));
}

TEST_CASE("check names a glyph no font of the language's chain draws", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    // U+0F00 TIBETAN SYLLABLE OM: no font of the Georgian chain has it.
    ReplaceInFile(dir.path() / "ka/ui.toml", "text = \"უკან\"", "text = \"უკან \u0F00\"");
    std::vector<Gap> gaps = CheckDir(dir.path());
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].language == "ka");
    CHECK(gaps[0].key == "common.back");
    CHECK_THAT(gaps[0].problem, Catch::Contains("U+0F00 TIBETAN SYLLABLE OM"));
}

TEST_CASE("check names a message that is not valid MessageFormat", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "so/ui.toml", "Su’aal {current} / {total}", "Su’aal {current / {total}");
    std::vector<Gap> gaps = CheckDir(dir.path());
    REQUIRE_FALSE(gaps.empty());
    CHECK(gaps[0].language == "so");
    CHECK(gaps[0].key == "kiosk.finder.progress");
    CHECK_THAT(gaps[0].problem, Catch::Contains("not valid ICU MessageFormat"));
}

TEST_CASE("staff texts may be left to the fallback chain only where meta.toml says so", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "ps/meta.toml", "fallback_keys = [\"desk.*\", \"admin.*\"]", "fallback_keys = []");
    std::vector<Gap> gaps = CheckDir(dir.path());
    // Every desk.* key Pashto does not have (all but the desk's 7 waiting times and details)
    // is now a gap.
    CHECK(gaps.size() == GermanStaffKeys() - 7);
    CHECK(std::all_of(gaps.begin(), gaps.end(), [](const Gap& g) { return g.language == "ps"; }));
}

TEST_CASE("anlaufstelle-ctl i18n check exits 0 on the shipped catalogues and 3 listing each gap",
          "[check][ctl]") {
    auto [ok_code, ok_out] = RunCtl("i18n check --dir " + ShippedDir().string());
    CHECK(ok_code == 0);
    CHECK_THAT(ok_out, Catch::Contains("no gaps"));

    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "ar/ui.toml", "{ticket}", "{tiket}");
    // German gains a key no other language has yet.
    WriteFile(dir.path() / "de/ui.toml", ReadFile(ShippedDir() / "de/ui.toml") +
                                             "\"kiosk.new\" = { text = \"Neu\", status = \"reviewed\" }\n");
    auto [code, out] = RunCtl("i18n check --dir " + dir.path().string());
    CHECK(code == 3);
    CHECK_THAT(out, Catch::Contains("ar/ui.toml") && Catch::Contains("{tiket} not in German"));
    CHECK_THAT(out, Catch::Contains("key \"kiosk.new\": the key is missing"));
}

TEST_CASE("every key the service catalogue uses has a German text, and no services text is stale", "[check]") {
    auto site = anl::catalogue::LoadCatalogue(anl::catalogue::DefaultCatalogueDir());
    REQUIRE(site.ok());
    std::vector<std::string> keys = anl::catalogue::TranslationKeys(site.value());
    REQUIRE(keys.size() > 50);
    CHECK(CheckReferencedKeys(Shipped(), keys, "the catalogue", "services.toml").empty());

    // A service added to the catalogue without a text, and a text whose service was removed.
    const std::string dropped = keys.front();
    keys.erase(keys.begin());
    keys.push_back("service.abh.imaginary.name");
    std::vector<Gap> gaps = CheckReferencedKeys(Shipped(), keys, "the catalogue", "services.toml");
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0].key == "service.abh.imaginary.name");
    CHECK(gaps[0].problem == "the catalogue uses this key, but German has no text for it.");
    CHECK(gaps[1].key == dropped);
    CHECK(gaps[1].line > 0);
    CHECK_THAT(gaps[1].problem, Catch::Contains("nothing in the catalogue uses this key"));
}

TEST_CASE("a disabled language is not offered and not held to completeness", "[check]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "ro/meta.toml", "enabled = true", "enabled = false");
    ReplaceInFile(dir.path() / "ro/ui.toml", "\"common.yes\" = { text = \"Da\", status = \"draft\" }\n", "");
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    CHECK_FALSE(loaded->FindLanguage("ro")->enabled);
    CHECK(CheckCatalogues(loaded.value(), RealCoverage()).empty());
    CHECK(loaded->Format("ro", "common.yes") == "Yes");  // still readable through its fallback
}
