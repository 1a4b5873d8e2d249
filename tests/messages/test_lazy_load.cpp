// Lazy loading: a language's message files are parsed on first use (start-up reads only the
// languages a terminal shows), and first uses from several threads at once are safe.
#include <thread>
#include <vector>

#include "messages_test_util.h"

using namespace anl::messages;
using namespace anl::messages::testing;

TEST_CASE("Regression: start-up parsed all 16 catalogues where a language is now parsed on first use",
          "[messages][lazy]") {
    ScratchDir dir = ScratchDir::CopyOfShipped();
    auto loaded = Messages::Load(dir.path(), {"Europe/Berlin"});
    REQUIRE(loaded.ok());
    // Georgian is in no fallback chain of Pashto: breaking its file after Load does not touch
    // a Pashto visitor, which proves it was not parsed at Load.
    WriteFile(dir.path() / "ka" / "ui.toml", "\"kiosk.broken\" = { text = \"no end, status = \"draft\" }\n");
    CHECK(loaded->Format("ps", "ticket.title") == Shipped().Format("ps", "ticket.title"));
    CHECK(loaded->Format("de", "ticket.title") == Shipped().Format("de", "ticket.title"));
    // Problems() parses every language, so the check still finds the broken file.
    bool ka_broken = false;
    for (const LoadProblem& p : loaded->Problems()) ka_broken |= p.key == "kiosk.broken";
    CHECK(ka_broken);
    CHECK(loaded->Find("ka", "ticket.title") == nullptr);  // its file was skipped whole
}

TEST_CASE("first uses of many languages from several threads at once give the same texts", "[messages][lazy]") {
    auto loaded = Messages::Load(ShippedDir(), {"Europe/Berlin"});
    REQUIRE(loaded.ok());
    const Messages& messages = loaded.value();
    const char* langs[] = {"fa-AF", "ps", "ti", "uk", "ka", "ckb", "so", "ro"};
    std::vector<std::string> got(std::size(langs));
    std::vector<std::thread> threads;
    for (size_t i = 0; i < std::size(langs); ++i) {
        threads.emplace_back([&, i] { got[i] = std::string(messages.Text(langs[i], "ticket.title")); });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < std::size(langs); ++i) {
        INFO(langs[i]);
        CHECK(got[i] == Shipped().Format(langs[i], "ticket.title"));
        CHECK(got[i] != "ticket.title");
    }
}
