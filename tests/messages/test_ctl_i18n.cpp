// anlaufstelle-ctl i18n status|format|export|import, run as a person would run them.
#include <nlohmann/json.hpp>

#include "messages_test_util.h"

using namespace anl::messages;
using namespace anl::messages::testing;

TEST_CASE("i18n format prints a message with typed arguments", "[ctl]") {
    auto [code, out] = RunCtl("i18n format --dir " + ShippedDir().string() +
                              " --lang uk kiosk.service.wait_today minutes=5");
    CHECK(code == 0);
    CHECK(out == "Час очікування сьогодні: близько 5 хвилин\n");
    auto [code2, out2] = RunCtl("i18n format --dir " + ShippedDir().string() +
                                " --lang de ticket.issued_at time=2026-03-01T09:30:00Z");
    CHECK(code2 == 0);
    CHECK(out2 == "Gezogen am 01.03.2026 um 10:30 Uhr\n");
    auto [missing, _] = RunCtl("i18n format --dir " + ShippedDir().string() + " --lang de no.such.key");
    CHECK(missing == 2);
}

TEST_CASE("i18n status counts reviewed, draft and missing per language", "[ctl]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    ReplaceInFile(dir.path() / "ka/ui.toml", "\"common.yes\" = { text = \"დიახ\", status = \"draft\" }\n", "");
    auto [code, out] = RunCtl("--json i18n status --lang ka --dir " + dir.path().string());
    REQUIRE(code == 0);
    auto json = nlohmann::json::parse(out);
    REQUIRE(json["languages"].size() == 1);
    const auto& ka = json["languages"][0];
    CHECK(ka["code"] == "ka");
    CHECK(ka["reviewed"] == 0);
    CHECK(ka["missing"] == 1);
    // The staff texts Georgian leaves to the fallback: all but the desk's waiting times and details.
    size_t ka_desk = 0;
    for (const Message* m : Shipped().MessagesOf("ka")) ka_desk += m->key.rfind("desk.", 0) == 0;
    CHECK(ka_desk == 7);
    CHECK(ka["fallback"] == GermanStaffKeys() - ka_desk);
    CHECK(ka["draft"].get<size_t>() + 1 + GermanStaffKeys() - ka_desk == Shipped().MessagesOf("de").size());
}

TEST_CASE("i18n export and import round-trip a translator's edits", "[ctl]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    const std::string csv = (dir.path() / "ru.csv").string();
    const std::string args = " --lang ru --dir " + dir.path().string() + " --file " + csv;
    // A key Russian does not have yet, so the translator has something to add.
    ReplaceInFile(dir.path() / "ru/ui.toml", "\"common.no\" = { text = \"Нет\", status = \"draft\" }\n", "");

    auto [exported, _] = RunCtl("i18n export" + args);
    REQUIRE(exported == 0);
    auto [unchanged, unchanged_out] = RunCtl("i18n import" + args);
    CHECK(unchanged == 0);
    CHECK(unchanged_out == "Imported Russian: 0 changed, 0 added.\n");

    std::string table = ReadFile(csv);
    auto replace = [&](const std::string& from, const std::string& to) {
        size_t at = table.find(from);
        REQUIRE(at != std::string::npos);
        table.replace(at, from.size(), to);
    };
    replace("\"common.yes\",\"ui.toml\",\"draft\"", "\"common.yes\",\"ui.toml\",\"reviewed\"");
    replace("\"common.no\",\"ui.toml\",\"draft\",\"Nein\",\"No\",\"\"",
            "\"common.no\",\"ui.toml\",\"draft\",\"Nein\",\"No\",\"Нет, \"\"спасибо\"\"\"");
    WriteFile(csv, table);
    auto [imported, imported_out] = RunCtl("i18n import" + args);
    CHECK(imported == 0);
    CHECK(imported_out == "Imported Russian: 1 changed, 1 added.\n");

    auto loaded = Messages::Load(dir.path());
    REQUIRE(loaded.ok());
    CHECK(loaded->Status("ru", "common.yes") == MessageStatus::kReviewed);
    CHECK(loaded->Format("ru", "common.no") == "Нет, \"спасибо\"");
    CHECK(ReadFile(dir.path() / "ru/ui.toml").starts_with("# Russian:"));  // comments stay
}

TEST_CASE("i18n import refuses a row with wrong placeholders and changes nothing", "[ctl]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    const std::string csv = (dir.path() / "ar.csv").string();
    const std::string args = " --lang ar --dir " + dir.path().string() + " --file " + csv;
    REQUIRE(RunCtl("i18n export" + args).first == 0);
    ReplaceInFile(csv, "الشباك {counter}\"", "الشباك {counter} {extra}\"");
    const std::string before = ReadFile(dir.path() / "ar/ui.toml");
    auto [code, _] = RunCtl("i18n import" + args);
    CHECK(code == 1);
    CHECK(ReadFile(dir.path() / "ar/ui.toml") == before);
}
