// Exchange with translators: XLIFF 1.2 and gettext PO (and CSV) out and back, the outdated
// mark of a changed German source, and imports that change nothing when anything is wrong.
#include <cstdlib>

#include "messages_test_util.h"
#include "tests/support/skip.h"

using namespace anl::messages;
using namespace anl::messages::testing;

namespace {

const ExchangeFormat kFormats[] = {ExchangeFormat::kCsv, ExchangeFormat::kXliff, ExchangeFormat::kPo};
const char* Extension(ExchangeFormat format) {
    switch (format) {
        case ExchangeFormat::kCsv: return ".csv";
        case ExchangeFormat::kXliff: return ".xlf";
        case ExchangeFormat::kPo: return ".po";
    }
    return "";
}

// Exports `lang` to a file in `dir` and returns its path.
std::filesystem::path Export(const Messages& messages, const std::string& lang, ExchangeFormat format,
                             const std::filesystem::path& dir) {
    auto exported = ExportLanguage(messages, lang, format);
    REQUIRE(exported.ok());
    const auto path = dir / (lang + Extension(format));
    WriteFile(path, exported->contents);
    return path;
}

// Whether a program is on PATH (a translator's tool the test checks our files with).
bool HaveProgram(const std::string& name) {
    return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace

TEST_CASE("XLIFF, PO and CSV round trips of every language are lossless", "[i18n][exchange]") {
    ScratchDir scratch;
    const Messages& messages = Shipped();
    for (const auto& language : messages.Languages()) {
        if (language.code == "de") continue;
        for (ExchangeFormat format : kFormats) {
            INFO(language.code << Extension(format));
            const auto path = Export(messages, language.code, format, scratch.path());
            auto entries = ReadExchangeFile(path, language.code, format);
            REQUIRE(entries.ok());
            // Every text and status comes back as it went out ...
            std::size_t translated = 0;
            for (const ExchangeEntry& entry : *entries) {
                const Message* own = messages.Find(language.code, entry.key);
                if (own == nullptr) {
                    CHECK(entry.text.empty());
                    continue;
                }
                ++translated;
                CHECK(entry.text == own->text);
                CHECK(entry.source == messages.Find("de", entry.key)->text);
                const MessageStatus status = messages.Status(language.code, entry.key);
                CHECK(entry.status == (status == MessageStatus::kReviewed ? status : MessageStatus::kDraft));
            }
            CHECK(translated > 0);
            // ... so importing the untouched file changes nothing at all.
            auto edits = CheckImport(messages, language.code, *entries, path.string());
            REQUIRE(edits.ok());
            CHECK(edits->empty());
        }
    }
}

TEST_CASE("A PO export passes msgfmt --check", "[i18n][exchange]") {
    if (!HaveProgram("msgfmt")) {
        anl::test::Skip("msgfmt (Debian package gettext) is not installed");
        return;
    }
    ScratchDir scratch;
    for (const char* lang : {"ps", "ar", "ti", "uk"}) {
        const auto po = Export(Shipped(), lang, ExchangeFormat::kPo, scratch.path());
        INFO(ReadFile(po).substr(0, 600));
        CHECK(std::system(("msgfmt --check -o /dev/null " + po.string()).c_str()) == 0);
    }
}

TEST_CASE("translate-toolkit reads the XLIFF and PO exports", "[i18n][exchange]") {
    if (!HaveProgram("xliff2po") || !HaveProgram("po2xliff")) {
        anl::test::Skip("translate-toolkit (xliff2po, po2xliff) is not installed");
        return;
    }
    ScratchDir scratch;
    const auto xlf = Export(Shipped(), "ps", ExchangeFormat::kXliff, scratch.path());
    const auto po = scratch.path() / "from-xliff.po";
    REQUIRE(std::system(("xliff2po --progress=none -i " + xlf.string() + " -o " + po.string() + " 2>&1").c_str()) ==
            0);
    // translate-toolkit's PO holds the Pashto texts (a message of the kiosk's first screen).
    const Message* title = Shipped().Find("ps", "kiosk.home.title");
    REQUIRE(title != nullptr);
    CHECK(ReadFile(po).find(title->text) != std::string::npos);

    const auto our_po = Export(Shipped(), "ps", ExchangeFormat::kPo, scratch.path());
    const auto back = scratch.path() / "from-po.xlf";
    REQUIRE(std::system(("po2xliff --progress=none -i " + our_po.string() + " -o " + back.string() + " 2>&1").c_str()) ==
            0);
    CHECK(ReadFile(back).find(title->text) != std::string::npos);
}

TEST_CASE("A changed German source marks every reviewed translation of it outdated", "[i18n][exchange]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    {
        auto loaded = Messages::Load(dir.path());
        REQUIRE(loaded.ok());
        // Reviewed now: the entry records the hash of today's German text.
        REQUIRE(WriteCatalogueEdits(*loaded, "ru", {{"common.yes", "ui.toml", "Да", MessageStatus::kReviewed}}).ok());
        REQUIRE(WriteCatalogueEdits(*loaded, "uk", {{"common.yes", "ui.toml", "Так", MessageStatus::kReviewed}}).ok());
    }
    const std::string ru = ReadFile(dir.path() / "ru/ui.toml");
    CHECK(ru.find("source = \"" + SourceHash(Shipped().Find("de", "common.yes")->text) + "\"") != std::string::npos);
    {
        auto loaded = Messages::Load(dir.path());
        REQUIRE(loaded.ok());
        CHECK(loaded->Status("ru", "common.yes") == MessageStatus::kReviewed);
        // German changes its text.
        REQUIRE(WriteCatalogueEdits(*loaded, "de", {{"common.yes", "ui.toml", "Ja, bitte", MessageStatus::kReviewed}})
                    .ok());
    }
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    CHECK(loaded->Status("ru", "common.yes") == MessageStatus::kOutdated);
    CHECK(loaded->Status("uk", "common.yes") == MessageStatus::kOutdated);
    CHECK(loaded->Status("de", "common.yes") == MessageStatus::kReviewed);

    // The translator sees it: PO fuzzy with a note; XLIFF needs-review-translation.
    auto po = ExportLanguage(*loaded, "ru", ExchangeFormat::kPo);
    REQUIRE(po.ok());
    const auto at = po->contents.find("msgctxt \"common.yes\"");
    REQUIRE(at != std::string::npos);
    const std::string before = po->contents.substr(po->contents.rfind("\n\n", at), at - po->contents.rfind("\n\n", at));
    CHECK(before.find("#, fuzzy") != std::string::npos);
    CHECK(before.find("changed after this was reviewed") != std::string::npos);
    auto xliff = ExportLanguage(*loaded, "ru", ExchangeFormat::kXliff);
    REQUIRE(xliff.ok());
    CHECK(xliff->contents.find("<target state=\"needs-review-translation\">Да</target>") != std::string::npos);

    // The untouched file changes nothing (the mark stays); reviewing it again clears the mark.
    ScratchDir scratch;
    const auto path = scratch.path() / "ru.po";
    WriteFile(path, po->contents);
    auto entries = ReadExchangeFile(path, "ru", ExchangeFormat::kPo);
    REQUIRE(entries.ok());
    auto untouched = CheckImport(*loaded, "ru", *entries, path.string());
    REQUIRE(untouched.ok());
    CHECK(untouched->empty());
    std::string reviewed = po->contents;
    reviewed.replace(reviewed.find("#, fuzzy\nmsgctxt \"common.yes\"\nmsgid \"Ja, bitte\""),
                     std::string("#, fuzzy\n").size(), "");
    WriteFile(path, reviewed);
    entries = ReadExchangeFile(path, "ru", ExchangeFormat::kPo);
    REQUIRE(entries.ok());
    auto edits = CheckImport(*loaded, "ru", *entries, path.string());
    REQUIRE(edits.ok());
    REQUIRE(edits->size() == 1);
    REQUIRE(WriteCatalogueEdits(*loaded, "ru", *edits).ok());
    auto again = Messages::Load(dir.path());
    REQUIRE(again.ok());
    CHECK(again->Status("ru", "common.yes") == MessageStatus::kReviewed);
}

TEST_CASE("A translation of an older German text comes back as draft, never reviewed", "[i18n][exchange]") {
    ScratchDir scratch;
    const auto path = scratch.path() / "uk.po";
    // Not fuzzy (reviewed), but translated from a German text that is no longer today's.
    WriteFile(path, "msgctxt \"common.yes\"\nmsgid \"Jawohl\"\nmsgstr \"Так!\"\n");
    auto entries = ReadExchangeFile(path, "uk", ExchangeFormat::kPo);
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    CHECK((*entries)[0].status == MessageStatus::kReviewed);
    auto edits = CheckImport(Shipped(), "uk", *entries, path.string());
    REQUIRE(edits.ok());
    REQUIRE(edits->size() == 1);
    CHECK((*edits)[0].text == "Так!");
    CHECK((*edits)[0].status == MessageStatus::kDraft);
}

TEST_CASE("An import with a broken placeholder changes nothing and names file, line and key", "[i18n][exchange][ctl]") {
    for (const char* format : {"po", "xliff"}) {
        INFO(format);
        ScratchDir dir = ScratchDir::CopyOfShipped();
        const std::string file = (dir.path() / (std::string("ps.") + (format == std::string("po") ? "po" : "xlf"))).string();
        const std::string args = " --lang ps --dir " + dir.path().string() + " --file " + file;
        REQUIRE(RunCtl("i18n export" + args).first == 0);
        // Pashto's call announcement loses {counter} and gains {extra}.
        std::string text = ReadFile(file);
        const Message* announcement = Shipped().Find("ps", "board.announcement");
        REQUIRE(announcement != nullptr);
        std::string broken = announcement->text;
        REQUIRE(broken.find("{counter}") != std::string::npos);
        broken.replace(broken.find("{counter}"), 9, "{extra}");
        const auto at = text.find(announcement->text, text.find("board.announcement"));
        REQUIRE(at != std::string::npos);
        text.replace(at, announcement->text.size(), broken);
        WriteFile(file, text);
        int line = 1;
        for (std::size_t i = 0; i < text.find("board.announcement"); ++i) line += text[i] == '\n';

        const std::string before = ReadFile(dir.path() / "ps/ui.toml");
        const std::string command = std::string(ANL_CTL_PATH) + " i18n import" + args + " 2>&1";
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
        REQUIRE(pipe);
        std::string out;
        char buffer[4096];
        while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe.get())) out.append(buffer, n);
        const int status = pclose(pipe.release());
        CHECK(WEXITSTATUS(status) == 1);
        CHECK(out.find(file + " line " + std::to_string(line) + ", key \"board.announcement\"") != std::string::npos);
        CHECK(out.find("nothing was changed") != std::string::npos);
        CHECK(ReadFile(dir.path() / "ps/ui.toml") == before);
    }
}

TEST_CASE("A PO file that is not what we wrote is refused with its line", "[i18n][exchange]") {
    ScratchDir scratch;
    const auto path = scratch.path() / "x.po";
    auto refused = [&](const std::string& text, const std::string& expected) {
        WriteFile(path, text);
        auto entries = ReadExchangeFile(path, "ps", ExchangeFormat::kPo);
        REQUIRE_FALSE(entries.ok());
        INFO(entries.error().message);
        CHECK(entries.error().message.find(expected) != std::string::npos);
    };
    refused("msgctxt \"common.yes\"\nmsgid \"Ja\"\nmsgstr \"a\\q\"\n", "x.po line 3: the escape \\q");
    refused("msgctxt \"common.yes\"\nmsgid \"Ja\"\nmsgid_plural \"Ja\"\nmsgstr[0] \"a\"\n", "x.po line 3: plural entries");
    refused("\nmsgid \"Ja\"\nmsgstr \"a\"\n", "x.po line 2: the entry has no msgctxt");
    refused("msgctxt \"common.yes\"\nmsgid \"Ja\nmsgstr \"a\"\n", "x.po line 2: a string must be in double quotes");
    refused("msgid \"\"\nmsgstr \"Language: ar\\n\"\n", "the language \"ar\", not \"ps\"");
    refused("msgctxt \"common.yes\"\nmsgstr \"a\"\n", "x.po line 2: \"msgstr\" is out of order");
    // Obsolete entries and comments are read past; continuation lines join.
    WriteFile(path, "# comment\n#~ msgctxt \"old\"\n#~ msgid \"x\"\n\n#, fuzzy\nmsgctxt \"common.yes\"\nmsgid \"\"\n\"Ja\"\n"
                    "msgstr \"Ho\"\n\"u\"\n");
    auto entries = ReadExchangeFile(path, "ps", ExchangeFormat::kPo);
    REQUIRE(entries.ok());
    REQUIRE(entries->size() == 1);
    CHECK((*entries)[0].line == 6);
    CHECK((*entries)[0].source == "Ja");
    CHECK((*entries)[0].text == "Hou");
    CHECK((*entries)[0].status == MessageStatus::kDraft);
}

TEST_CASE("An XLIFF file with a DOCTYPE, another language or broken XML is refused", "[i18n][exchange]") {
    ScratchDir scratch;
    const auto path = scratch.path() / "x.xlf";
    auto refused = [&](const std::string& text, const std::string& expected) {
        WriteFile(path, text);
        auto entries = ReadExchangeFile(path, "ps", ExchangeFormat::kXliff);
        REQUIRE_FALSE(entries.ok());
        INFO(entries.error().message);
        CHECK(entries.error().message.find(expected) != std::string::npos);
    };
    const std::string head = "<?xml version=\"1.0\"?>\n";
    const std::string open = "<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n";
    // An external entity (XXE) must never be read.
    refused(head + "<!DOCTYPE xliff [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n" + open +
                "<file target-language=\"ps\"><body><trans-unit id=\"common.yes\"><source>Ja</source>"
                "<target>&e;</target></trans-unit></body></file></xliff>\n",
            "DOCTYPE is not allowed");
    refused(head + open + "<file target-language=\"ar\"><body/></file></xliff>\n", "x.xlf line 3: the file is for the language \"ar\"");
    refused(head + open + "<file target-language=\"ps\"><body>\n<trans-unit id=\"a\"></body></file></xliff>\n",
            "x.xlf line 4: this is not well-formed XML");
    refused(head + "<xliff version=\"2.0\"/>\n", "the root must be <xliff version=\"1.2\">");
    refused(head + open + "<file target-language=\"ps\"><body>\n<trans-unit id=\"common.yes\"><source>Ja</source>"
                          "<target>Ho<g id=\"1\">u</g></target></trans-unit></body></file></xliff>\n",
            "x.xlf line 4, key \"common.yes\": <g> inside <target> is not supported");
}
