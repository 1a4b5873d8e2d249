// Catalogue files (messages.h, section 5): the one reader (UTF-8 checked), the CSV table of
// `i18n export|import`, and the one atomic writer (temporary file, fsync, rename, fsync the
// folder), including a failure between the write and the rename.
#include <sys/stat.h>

#include "messages_test_util.h"

using namespace anl::messages;
using namespace anl::messages::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> FilesIn(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("ParseCsv reads what spreadsheet programs write and says where it is broken", "[messages][files]") {
    auto rows = ParseCsv("\xEF\xBB\xBF\"key\",text\r\n\"a\",\"one, \"\"two\"\"\nthree\"\n\nb,\n", "t.csv");
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 3);
    CHECK((*rows)[0].fields == std::vector<std::string>{"key", "text"});
    CHECK((*rows)[1].line == 2);
    CHECK((*rows)[1].fields == std::vector<std::string>{"a", "one, \"two\"\nthree"});
    CHECK((*rows)[2].line == 5);
    CHECK((*rows)[2].fields == std::vector<std::string>{"b", ""});

    auto open = ParseCsv("a,b\n\"c,d\n", "t.csv");
    REQUIRE_FALSE(open.ok());
    CHECK(open.error().message == "t.csv line 2: a quoted field is not closed.");

    auto latin1 = ParseCsv("key,text\nkiosk.x,M\xFCller\n", "t.csv");
    REQUIRE_FALSE(latin1.ok());
    CHECK(latin1.error().code == anl::ErrorCode::kInvalidInput);
    CHECK(latin1.error().message.starts_with("t.csv line 2, byte 10: this is not UTF-8"));

    CHECK(CsvField("say \"hi\"") == "\"say \"\"hi\"\"\"");
}

TEST_CASE("ReadCatalogueFile refuses a byte that is not UTF-8, naming line and byte", "[messages][files]") {
    ScratchDir dir;
    WriteFile(dir.path() / "ui.toml", "\"a\" = { text = \"ok\", status = \"draft\" }\n\"b\" = { text = \"\xE9\" }\n");
    auto read = ReadCatalogueFile(dir.path() / "ui.toml");
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == anl::ErrorCode::kInvalidInput);
    CHECK(read.error().message.find("ui.toml line 2, byte 17: this is not UTF-8") != std::string::npos);
    CHECK(ReadCatalogueFile(dir.path() / "none.toml").error().code == anl::ErrorCode::kNotFound);

    // The loader reads through it: a broken file is a load problem naming the line, not a crash.
    WriteLanguage(dir.path(), "de", "", "\"common.yes\" = { text = \"J\xE4\", status = \"reviewed\" }\n");
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    REQUIRE(loaded->Problems().size() == 1);
    CHECK(loaded->Problems()[0].message.find("line 1, byte 27: this is not UTF-8") != std::string::npos);
}

TEST_CASE("WriteFileAtomically replaces a file whole, keeping its permissions", "[messages][files]") {
    ScratchDir dir;
    const fs::path file = dir.path() / "ui.toml";
    WriteFile(file, "old\n");
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    REQUIRE(WriteFileAtomically(file, "new\n").ok());
    CHECK(ReadFile(file) == "new\n");
    CHECK(fs::status(file).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(FilesIn(dir.path()) == std::vector<std::string>{"ui.toml"});  // no temporary file left
    REQUIRE(WriteFileAtomically(dir.path() / "fresh.toml", "x").ok());
    CHECK(ReadFile(dir.path() / "fresh.toml") == "x");
}

TEST_CASE("A failure between the write and the rename leaves the old file intact", "[messages][files]") {
    ScratchDir dir;
    const fs::path file = dir.path() / "ui.toml";
    WriteFile(file, "old bytes\n");
    auto failed = WriteFileAtomically(file, "new bytes\n", WriteFaults{.fail_before_rename = true});
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == anl::ErrorCode::kStorage);
    CHECK(ReadFile(file) == "old bytes\n");
    CHECK(FilesIn(dir.path()) == std::vector<std::string>{"ui.toml"});  // the temporary file is gone

    // A folder that does not exist: a clear error, nothing made.
    auto nowhere = WriteFileAtomically(dir.path() / "no" / "ui.toml", "x");
    REQUIRE_FALSE(nowhere.ok());
    CHECK(nowhere.error().message.find("Cannot write a new") != std::string::npos);
}

TEST_CASE("WriteCatalogueEdits changes nothing when a file cannot be replaced", "[messages][files]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    const std::string ui = ReadFile(dir.path() / "ru/ui.toml");
    const std::string services = ReadFile(dir.path() / "ru/services.toml");
    const Message* service = nullptr;
    for (const Message* m : loaded->MessagesOf("ru"))
        if (fs::path(m->file).filename() == "services.toml") service = m;
    REQUIRE(service != nullptr);
    const std::vector<CatalogueEdit> edits = {
        {"common.yes", "ui.toml", "Да!", MessageStatus::kReviewed},
        {service->key, "services.toml", "Другое", MessageStatus::kDraft},
    };
    auto failed = WriteCatalogueEdits(*loaded, "ru", edits, WriteFaults{.fail_before_rename = true});
    REQUIRE_FALSE(failed.ok());
    CHECK(ReadFile(dir.path() / "ru/ui.toml") == ui);
    CHECK(ReadFile(dir.path() / "ru/services.toml") == services);

    // A text the loader would refuse (not MessageFormat) is refused before anything is written.
    auto broken = WriteCatalogueEdits(*loaded, "ru", {{"common.yes", "ui.toml", "Да {", MessageStatus::kDraft}});
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.find("nothing was changed") != std::string::npos);
    CHECK(ReadFile(dir.path() / "ru/ui.toml") == ui);

    auto written = WriteCatalogueEdits(*loaded, "ru", edits);
    REQUIRE(written.ok());
    CHECK(written->changed == 2);
    auto reloaded = Messages::Load(dir.path());
    REQUIRE(reloaded.ok());
    CHECK(reloaded->Format("ru", "common.yes") == "Да!");
    CHECK(reloaded->Status("ru", "common.yes") == MessageStatus::kReviewed);
    CHECK(reloaded->Format("ru", service->key) == "Другое");
}

#ifdef ANL_CTL_PATH
TEST_CASE("i18n import: a malformed row or a non-UTF-8 table changes no byte", "[messages][files][ctl]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    const std::string csv = (dir.path() / "uk.csv").string();
    const std::string args = " --lang uk --dir " + dir.path().string() + " --file " + csv;
    REQUIRE(RunCtl("i18n export" + args).first == 0);
    const std::string before = ReadFile(dir.path() / "uk/ui.toml");
    const std::string table = ReadFile(csv);

    // A good edit and, further down, a row with a column missing: neither is written.
    std::string edited = table;
    const std::string yes = "\"common.yes\",\"ui.toml\",\"draft\"";
    REQUIRE(edited.find(yes) != std::string::npos);
    edited.replace(edited.find(yes), yes.size(), "\"common.yes\",\"ui.toml\",\"reviewed\"");
    edited += "\"common.no\",\"ui.toml\",\"draft\",\"Nein\"\n";
    WriteFile(csv, edited);
    CHECK(RunCtl("i18n import" + args).first == 1);
    CHECK(ReadFile(dir.path() / "uk/ui.toml") == before);

    // A byte that is not UTF-8 (a table saved as Latin-1).
    WriteFile(csv, table + "\"common.no\",\"ui.toml\",\"draft\",\"Nein\",\"No\",\"\xED\xE5\"\n");
    CHECK(RunCtl("i18n import" + args).first == 1);
    CHECK(ReadFile(dir.path() / "uk/ui.toml") == before);

    // An ESC sequence in a translation.
    std::string escaped = table;
    const auto at = escaped.find('\n', escaped.find(yes));
    escaped.insert(at - 1, "\x1b[2J");
    WriteFile(csv, escaped);
    CHECK(RunCtl("i18n import" + args).first == 1);
    CHECK(ReadFile(dir.path() / "uk/ui.toml") == before);
}
#endif
