// Messages: loading, fallback chain, status, plurals, dates, codes in right-to-left text,
// and what a broken catalogue file says.
#include <algorithm>

#include <unicode/ubidi.h>
#include <unicode/unistr.h>

#include "messages_test_util.h"

using namespace anl::messages;
using namespace anl::messages::testing;

namespace {

// 2026-03-01 09:30 UTC = 10:30 in Berlin (winter time).
constexpr anl::Micros kMarchFirst0930Utc = 1'772'357'400'000'000;

const char* kAllSixteen[] = {"de", "en", "ar", "fa", "fa-AF", "ps", "ckb", "kmr",
                             "tr", "ti", "so", "uk", "ru", "fr", "ka", "ro"};

// The text in visual order (left to right on screen), as a right-to-left paragraph shows it.
std::string VisualRtl(const std::string& logical) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(logical);
    UErrorCode status = U_ZERO_ERROR;
    UBiDi* bidi = ubidi_open();
    ubidi_setPara(bidi, text.getBuffer(), text.length(), UBIDI_RTL, nullptr, &status);
    std::vector<UChar> visual(static_cast<size_t>(text.length()) + 8);
    int32_t length = ubidi_writeReordered(bidi, visual.data(), static_cast<int32_t>(visual.size()),
                                          UBIDI_DO_MIRRORING | UBIDI_REMOVE_BIDI_CONTROLS, &status);
    ubidi_close(bidi);
    REQUIRE(U_SUCCESS(status));
    std::string out;
    icu::UnicodeString(visual.data(), length).toUTF8String(out);
    return out;
}

}  // namespace

TEST_CASE("all 16 languages load in picker order with their own names and directions", "[messages]") {
    const Messages& messages = Shipped();
    const auto& languages = messages.Languages();
    REQUIRE(languages.size() == 16);
    for (size_t i = 0; i < languages.size(); ++i) {
        CHECK(languages[i].code == kAllSixteen[i]);
        CHECK(languages[i].enabled);
        CHECK_FALSE(languages[i].name.empty());
    }
    CHECK(messages.FindLanguage("ps")->name == "پښتو");
    CHECK(messages.FindLanguage("ti")->name == "ትግርኛ");
    CHECK(messages.FindLanguage("ka")->name == "ქართული");
    CHECK(messages.FindLanguage("kmr")->name == "Kurmancî");
    CHECK(messages.FindLanguage("ckb")->name == "کوردیی ناوەندی");
    for (const char* rtl : {"ar", "fa", "fa-AF", "ps", "ckb"}) {
        CHECK(messages.FindLanguage(rtl)->direction == Direction::kRtl);
    }
    for (const char* ltr : {"de", "en", "kmr", "ti", "ka", "uk"}) {
        CHECK(messages.FindLanguage(ltr)->direction == Direction::kLtr);
    }
    CHECK(messages.Problems().empty());
}

TEST_CASE("every shipped visitor message formats in every language without falling to the key",
          "[messages]") {
    const Messages& messages = Shipped();
    Args args;
    args.Int("minutes", 7).Int("seconds", 12).Int("count", 3).Int("current", 1).Int("total", 3);
    args.Int("attempts", 2).Str("staff", "S").Code("ticket", "A-042").Code("counter", "3");
    args.Str("office", "X").Str("language", "Y").Int("index", 1).Str("service", "Z");
    args.Str("outcome", "O").Code("number", "1042").Int("calls", 1).Str("detail", "D");
    args.Code("reference", "A-0329-0830-1").Code("device", "kiosk-1");  // slips, printer alerts (kiosk/print)
    args.Date("time", kMarchFirst0930Utc).Int("hours", 2).Str("wait", "W");  // long waits: docs/screens.md
    args.Str("partner", "P");  // the desk's referral (a partner's name, as the partner writes it)
    args.Str("reason", "R");   // the case managers' desk: a hand-off's reason
    args.Code("key", "kiosk.home.title").Str("screens", "kiosk/home").Int("first", 1).Int("last", 10);  // administration
    args.Int("reviewed", 1).Int("draft", 2).Int("outdated", 3).Int("missing", 4);
    args.Str("name", "N").Str("file", "F");  // administration: staff, the audit export
    args.Str("subject", "S").Str("before", "B").Str("after", "A").Code("id", "abh").Int("version", 3)
        .Int("from", 2).Int("catalogue", 8).Int("translations", 48);  // administration: the catalogue's changes and versions
    args.Date("day", kMarchFirst0930Utc).Date("first_day", kMarchFirst0930Utc).Date("last_day", kMarchFirst0930Utc)
        .Double("share", 0.25);  // administration: the dashboard
    args.Str("question", "Q");  // administration: the guided finder's next question
    for (const char* lang : kAllSixteen) {
        for (const Message* message : messages.MessagesOf(lang)) {
            std::string text = messages.Format(lang, message->key, args);
            INFO(lang << " " << message->key << " -> " << text);
            CHECK(text != message->key);
            CHECK(text.find('{') == std::string::npos);  // no placeholder left unfilled
        }
    }
    CHECK(messages.MissedKeys().empty());
}

TEST_CASE("fallback chain: fa-AF -> fa -> en -> de, then the key itself", "[messages][fallback]") {
    ScratchDir dir;
    WriteLanguage(dir.path(), "de", "\"en\"",
                  "\"only.de\" = { text = \"Nur Deutsch\", status = \"reviewed\" }\n"
                  "\"in.en\" = { text = \"Deutsch\", status = \"reviewed\" }\n"
                  "\"in.fa\" = { text = \"Deutsch\", status = \"reviewed\" }\n"
                  "\"in.dari\" = { text = \"Deutsch\", status = \"reviewed\" }\n");
    WriteLanguage(dir.path(), "en", "\"de\"",
                  "\"in.en\" = { text = \"English\", status = \"reviewed\" }\n"
                  "\"in.fa\" = { text = \"English\", status = \"reviewed\" }\n");
    WriteLanguage(dir.path(), "fa", "\"en\", \"de\"", "\"in.fa\" = { text = \"فارسی\", status = \"draft\" }\n", "rtl",
                  "fa_IR");
    WriteLanguage(dir.path(), "fa-AF", "\"fa\", \"en\", \"de\"",
                  "\"in.dari\" = { text = \"دری\", status = \"draft\" }\n", "rtl", "fa_AF");
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    const Messages& messages = loaded.value();

    CHECK(messages.FallbackChain("fa-AF") == std::vector<std::string>{"fa-AF", "fa", "en", "de"});
    CHECK(messages.Format("fa-AF", "in.dari") == "دری");
    CHECK(messages.Format("fa-AF", "in.fa") == "فارسی");
    CHECK(messages.Format("fa-AF", "in.en") == "English");
    CHECK(messages.Format("fa-AF", "only.de") == "Nur Deutsch");
    CHECK(messages.MissedKeys().empty());

    CHECK(messages.Format("fa-AF", "no.such.key") == "no.such.key");
    REQUIRE(messages.MissedKeys().size() == 1);
    CHECK(messages.MissedKeys()[0].language == "fa-AF");
    CHECK(messages.MissedKeys()[0].key == "no.such.key");
    (void)messages.Format("fa-AF", "no.such.key");
    CHECK(messages.MissedKeys().size() == 1);  // recorded once

    // A language nobody configured reads English, then German.
    CHECK(messages.FallbackChain("xx") == std::vector<std::string>{"en", "de"});
    CHECK(messages.Format("xx", "only.de") == "Nur Deutsch");

    CHECK(messages.Status("fa-AF", "in.dari") == MessageStatus::kDraft);
    CHECK(messages.Status("fa-AF", "in.fa") == MessageStatus::kMissing);  // only a fallback has it
    CHECK(messages.Status("de", "only.de") == MessageStatus::kReviewed);
}

TEST_CASE("a fallback to a language without a folder is refused naming the file", "[messages][fallback]") {
    ScratchDir dir;
    WriteLanguage(dir.path(), "de", "\"en\"", "\"a\" = { text = \"A\", status = \"reviewed\" }\n");
    auto loaded = Messages::Load(dir.path());
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("meta.toml") && Catch::Contains("\"en\""));
}

TEST_CASE("plurals follow each language's rules (ru, uk, ar, ro)", "[messages][plural]") {
    const Messages& messages = Shipped();
    auto wait = [&](const char* lang, int minutes) {
        return messages.Format(lang, "kiosk.service.wait_today", Args().Int("minutes", minutes));
    };
    CHECK(wait("en", 1) == "Waiting time today: about 1 minute");
    CHECK(wait("en", 5) == "Waiting time today: about 5 minutes");
    CHECK(wait("de", 1) == "Wartezeit heute: etwa 1 Minute");

    // Russian: one (1, 21), few (2-4, 22), many (5-20, 25); after "около" the genitive.
    CHECK(wait("ru", 1) == "Время ожидания сегодня: около 1 минуты");
    CHECK(wait("ru", 3) == "Время ожидания сегодня: около 3 минут");
    CHECK(wait("ru", 21) == "Время ожидания сегодня: около 21 минуты");
    CHECK(wait("ru", 25) == "Время ожидания сегодня: около 25 минут");

    auto ahead = [&](const char* lang, int count) {
        return messages.Format(lang, "ticket.people_ahead", Args().Int("count", count));
    };
    CHECK(ahead("uk", 0) == "Ви наступні.");
    CHECK(ahead("uk", 1) == "Перед вами 1 людина.");
    CHECK(ahead("uk", 3) == "Перед вами 3 людини.");
    CHECK(ahead("uk", 11) == "Перед вами 11 людей.");
    CHECK(ahead("uk", 22) == "Перед вами 22 людини.");

    // Arabic: six categories; Latin digits, as its meta.toml says (docs/screens.md, Digits).
    CHECK(ahead("ar", 0) == "دورك هو التالي.");
    CHECK(ahead("ar", 1) == "أمامك شخص واحد.");
    CHECK(ahead("ar", 2) == "أمامك شخصان.");
    CHECK(ahead("ar", 3) == "أمامك 3 أشخاص.");
    CHECK(ahead("ar", 11) == "أمامك 11 شخصاً.");
    CHECK(ahead("ar", 100) == "أمامك 100 شخص.");

    // Romanian: "few" covers 2-19 and "other" takes "de".
    CHECK(ahead("ro", 19) == "19 persoane înaintea dumneavoastră.");
    CHECK(ahead("ro", 20) == "20 de persoane înaintea dumneavoastră.");

    CHECK(messages.Format("ru", "kiosk.idle.countdown", Args().Int("seconds", 2)) ==
          "Начнём заново через 2 секунды.");
}

TEST_CASE("dates and numbers follow the visitor's locale in the site's time zone", "[messages][date]") {
    const Messages& messages = Shipped();
    const Args at = Args().Date("time", kMarchFirst0930Utc);
    CHECK(messages.Format("de", "ticket.issued_at", at) == "Gezogen am 01.03.2026 um 10:30 Uhr");
    CHECK(messages.Format("en", "ticket.issued_at", at) == "Taken on 1 Mar 2026 at 10:30");
    // Persian: the Solar Hijri calendar (10 Esfand 1404), in Latin digits like the ticket code.
    CHECK(messages.Format("fa", "ticket.issued_at", at) == "گرفته شده در 10 اسفند 1404 ساعت 10:30");
    // Arabic (ar): Latin digits too (meta.toml digits = "latn").
    std::string arabic = messages.Format("ar", "kiosk.checkin.done", at);
    CHECK_THAT(arabic, Catch::Contains("10:30"));
    // Georgian and Tigrinya keep Western digits in their locales.
    CHECK_THAT(messages.Format("ka", "kiosk.checkin.done", at), Catch::Contains("10:30"));

    // The time zone is the site's, not the process default.
    auto kabul = Messages::Load(ShippedDir(), {"Asia/Kabul"});
    REQUIRE(kabul.ok());
    CHECK(kabul->Format("de", "ticket.issued_at", at) == "Gezogen am 01.03.2026 um 14:00 Uhr");

    auto unknown = Messages::Load(ShippedDir(), {"Mars/Olympus"});
    REQUIRE_FALSE(unknown.ok());
    CHECK_THAT(unknown.error().message, Catch::Contains("Mars/Olympus"));
}

TEST_CASE("digits follow each language's meta.toml: Latin for every shipped language, native on request",
          "[messages][digits]") {
    const Messages& shipped = Shipped();
    for (const char* lang : kAllSixteen) {
        INFO(lang);
        CHECK(shipped.FindLanguage(lang)->digits == LanguageInfo::Digits::kLatin);
    }
    const Args three = Args().Int("count", 3);
    CHECK(shipped.Format("fa", "ticket.people_ahead", three).find("3") != std::string::npos);

    // Texts written into the catalogues follow the rule too ("6 months" in a document's name).
    for (const char* lang : kAllSixteen) {
        for (const Message* message : shipped.MessagesOf(lang)) {
            INFO(lang << " " << message->key << ": " << message->text);
            const icu::UnicodeString text = icu::UnicodeString::fromUTF8(message->text);
            bool native = false;
            for (int32_t i = 0; i < text.length(); ++i) {
                const UChar c = text.charAt(i);
                native = native || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9);
            }
            CHECK_FALSE(native);
        }
    }

    // A site that wants Arabic-Indic and Persian digits says so per language.
    ScratchDir dir = ScratchDir::CopyOfShipped();
    for (const char* lang : {"ar", "fa"}) {
        const auto meta = dir.path() / lang / "meta.toml";
        std::stringstream text;
        text << std::ifstream(meta).rdbuf();
        std::string changed = text.str();
        const auto at = changed.find("digits = \"latn\"");
        REQUIRE(at != std::string::npos);
        changed.replace(at, 15, "digits = \"native\"");
        std::ofstream(meta) << changed;
    }
    auto native = Messages::Load(dir.path(), {"Europe/Berlin"});
    REQUIRE(native.ok());
    CHECK(native->FindLanguage("ar")->digits == LanguageInfo::Digits::kNative);
    CHECK(native->Format("ar", "ticket.people_ahead", three) == "أمامك ٣ أشخاص.");
    CHECK_THAT(native->Format("fa", "ticket.people_ahead", three), Catch::Contains("۳"));
    CHECK(native->Format("tr", "ticket.people_ahead", three).find("3") != std::string::npos);

    // Anything else is refused with the file and the field named.
    {
        const auto meta = dir.path() / "ar" / "meta.toml";
        std::stringstream text;
        text << std::ifstream(meta).rdbuf();
        std::string changed = text.str();
        changed.replace(changed.find("digits = \"native\""), 17, "digits = \"arab\"");
        std::ofstream(meta) << changed;
    }
    auto bad = Messages::Load(dir.path(), {"Europe/Berlin"});
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().message, Catch::Contains("digits"));
}

TEST_CASE("ticket and counter codes stay Latin and read left to right inside right-to-left text",
          "[messages][bidi]") {
    const Messages& messages = Shipped();
    for (const char* lang : {"ar", "fa", "fa-AF", "ps", "ckb"}) {
        INFO(lang);
        std::string text = messages.Format(lang, "board.announcement", Args().Code("ticket", "A-042").Code("counter", "3"));
        CHECK_THAT(text, Catch::Contains("\u2066A-042\u2069"));
        CHECK_THAT(text, Catch::Contains("\u20663\u2069"));  // not ٣ or ۳
        CHECK_THAT(VisualRtl(text), Catch::Contains("A-042"));
    }
    // Why isolation: two codes side by side (a call-list row) would merge into one
    // left-to-right run and swap places; isolated, the ticket stays first (rightmost).
    ScratchDir dir;
    WriteLanguage(dir.path(), "de", "\"ar\"", "\"row\" = { text = \"{ticket} {counter}\", status = \"reviewed\" }\n");
    WriteLanguage(dir.path(), "ar", "\"de\"", "\"row\" = { text = \"{ticket} {counter}\", status = \"draft\" }\n", "rtl");
    auto row = Messages::Load(dir.path());
    REQUIRE(row.ok());
    CHECK(VisualRtl(row->Format("ar", "row", Args().Code("ticket", "A-042").Code("counter", "3"))) == "3 A-042");
    CHECK(VisualRtl(row->Format("ar", "row", Args().Str("ticket", "A-042").Str("counter", "3"))) == "A-042 3");

    // Left-to-right languages get the code unchanged, without invisible marks.
    CHECK(messages.Format("de", "board.announcement", Args().Code("ticket", "A-042").Code("counter", "3")) ==
          "Nummer A-042, bitte zu Schalter 3.");
}

TEST_CASE("Text() formats once and hands out the same characters every frame", "[messages][cache]") {
    const Messages& messages = Shipped();
    std::string_view first = messages.Text("ps", "ticket.your_number");
    std::string_view again = messages.Text("ps", "ticket.your_number");
    CHECK(first == "ستاسو شمېره");
    CHECK(first.data() == again.data());
    CHECK(messages.Text("ti", "desk.action.call_next") == "Call next");  // staff text: English
    CHECK(messages.Text("xx", "common.back") == "Back");
    CHECK(messages.Text("xx", "common.back").data() == messages.Text("xx", "common.back").data());
}

// The one problem a load recorded, checked to be a single sentence.
static const LoadProblem& OnlyProblem(const Messages& messages) {
    REQUIRE(messages.Problems().size() == 1);
    const LoadProblem& problem = messages.Problems()[0];
    CHECK(std::count(problem.message.begin(), problem.message.end(), '\n') == 0);
    return problem;
}

TEST_CASE("malformed TOML names file, line and key, the language falls back and the kiosk still starts",
          "[messages][malformed]") {
    ScratchDir dir;
    WriteLanguage(dir.path(), "en", "", "\"ok\" = { text = \"Fine\", status = \"reviewed\" }\n");
    WriteLanguage(dir.path(), "de", "\"en\"",
                  "\"ok\" = { text = \"Gut\", status = \"reviewed\" }\n"
                  "\"kiosk.broken\" = { text = \"Kein Ende, status = \"draft\" }\n");
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    const LoadProblem& problem = OnlyProblem(loaded.value());
    CHECK(problem.line == 2);
    CHECK(problem.key == "kiosk.broken");
    CHECK_THAT(problem.message, Catch::Contains("de/ui.toml line 2, key \"kiosk.broken\": this is not valid TOML"));
    CHECK(loaded->Format("de", "ok") == "Fine");  // the whole file was skipped: English answers

    std::vector<Gap> gaps = CheckCatalogues(loaded.value(), {});
    REQUIRE_FALSE(gaps.empty());
    CHECK(gaps[0].language == "de");
    CHECK(gaps[0].key == "kiosk.broken");
    CHECK(gaps[0].line == 2);
    CHECK_THAT(Describe(gaps[0]), Catch::Contains("ui.toml:2: key \"kiosk.broken\": this is not valid TOML"));
}

TEST_CASE("a wrong entry shape or status names file, line and key", "[messages][malformed]") {
    ScratchDir dir;
    WriteLanguage(dir.path(), "en", "", "\"ok\" = { text = \"Fine\", status = \"reviewed\" }\n");
    SECTION("status") {
        WriteLanguage(dir.path(), "de", "\"en\"",
                      "\"ok\" = { text = \"Gut\", status = \"reviewed\" }\n\n"
                      "\"kiosk.x\" = { text = \"X\", status = \"fertig\" }\n");
        auto loaded = Messages::Load(dir.path());
        REQUIRE(loaded.ok());
        CHECK_THAT(OnlyProblem(loaded.value()).message,
                   Catch::Contains("de/ui.toml line 3, key \"kiosk.x\": status must be"));
        CHECK(loaded->Format("de", "ok") == "Gut");  // the rest of the file is there
        CHECK(loaded->Status("de", "kiosk.x") == MessageStatus::kMissing);
    }
    SECTION("an unquoted dotted key becomes a table without text") {
        WriteLanguage(dir.path(), "de", "\"en\"", "kiosk.x = { text = \"X\", status = \"draft\" }\n");
        auto loaded = Messages::Load(dir.path());
        REQUIRE(loaded.ok());
        CHECK_THAT(OnlyProblem(loaded.value()).message, Catch::Contains("line 1") && Catch::Contains("in quotes"));
    }
    SECTION("the same key in two files") {
        WriteLanguage(dir.path(), "de", "\"en\"", "\"ok\" = { text = \"Gut\", status = \"reviewed\" }\n");
        WriteFile(dir.path() / "de" / "services.toml", "\n\"ok\" = { text = \"Nochmal\", status = \"draft\" }\n");
        auto loaded = Messages::Load(dir.path());
        REQUIRE(loaded.ok());
        CHECK_THAT(OnlyProblem(loaded.value()).message,
                   Catch::Contains("key \"ok\"") && Catch::Contains("services.toml line 2") &&
                       Catch::Contains("already defined in") && Catch::Contains("ui.toml line 1"));
    }
}

TEST_CASE("a broken meta.toml stops loading with file, line and field", "[messages][malformed]") {
    ScratchDir dir;
    WriteLanguage(dir.path(), "de", "", "\"ok\" = { text = \"Gut\", status = \"reviewed\" }\n");
    ReplaceInFile(dir.path() / "de/meta.toml", "direction = \"ltr\"", "direction = \"sideways\"");
    auto loaded = Messages::Load(dir.path());
    REQUIRE_FALSE(loaded.ok());
    CHECK_THAT(loaded.error().message, Catch::Contains("de/meta.toml line 4, key \"direction\"") &&
                                           Catch::Contains("\"sideways\""));
}

TEST_CASE("malformed MessageFormat names file, line and key, and the fallback answers instead",
          "[messages][malformed]") {
    ScratchDir dir;
    WriteLanguage(dir.path(), "de", "\"en\"",
                  "\"kiosk.wait\" = { text = \"etwa {minutes, plural, one {# Minute} other {# Minuten}}\", "
                  "status = \"reviewed\" }\n");
    WriteLanguage(dir.path(), "en", "\"de\"",
                  "# comment\n\"kiosk.wait\" = { text = \"about {minutes, plural, one {# minute} other {# minutes}\", "
                  "status = \"reviewed\" }\n");
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    REQUIRE(loaded->Problems().size() == 1);
    const LoadProblem& problem = loaded->Problems()[0];
    CHECK(problem.line == 2);
    CHECK(problem.key == "kiosk.wait");
    CHECK_THAT(problem.message, Catch::Contains("en/ui.toml line 2, key \"kiosk.wait\": the message is not valid ICU "
                                                "MessageFormat"));
    CHECK(loaded->Format("en", "kiosk.wait", Args().Int("minutes", 2)) == "etwa 2 Minuten");
}

TEST_CASE("ArgumentNames lists placeholders at every depth", "[messages]") {
    auto names = ArgumentNames("{count, plural, one {# at {office}} other {# at {office} by {time, time, short}}}");
    REQUIRE(names.ok());
    CHECK(names.value() == std::vector<std::string>{"count", "office", "time"});
    CHECK_FALSE(ArgumentNames("{unclosed").ok());
}

TEST_CASE("Warm prepares a language without changing what Format says", "[messages][cache]") {
    auto loaded = Messages::Load(ShippedDir(), {"Europe/Berlin"});
    REQUIRE(loaded.ok());
    const Args args = Args().Int("minutes", 3).Code("ticket", "A-042").Code("counter", "3");
    const std::string cold = Shipped().Format("ar", "kiosk.service.wait_today", args);
    loaded->Warm("ar");
    loaded->Warm("no-such-language");  // reads English and German; must not fail
    CHECK(loaded->Format("ar", "kiosk.service.wait_today", args) == cold);
    CHECK(loaded->Format("ar", "board.announcement", args) ==
          Shipped().Format("ar", "board.announcement", args));
    CHECK(loaded->MissedKeys().empty());
}
