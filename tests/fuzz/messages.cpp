// Fuzz target: the message catalogue loader and check (i18n/messages: TOML files of ICU
// MessageFormat texts). The input is one language's ui.toml beside a fixed, valid meta.toml;
// seed corpus tests/fuzz/messages/ (a shipped ui.toml cut down, and small pieces).
//
// Properties: whatever the bytes, loading, listing the problems (which parses the file),
// formatting every message and the catalogue check (`i18n check`) return without a crash,
// an uncaught exception or a hang; every problem is one sentence.
#include <cstdint>
#include <string_view>

#include "i18n/messages/messages.h"
#include "tests/fuzz/fuzz_util.h"

namespace {
constexpr std::string_view kMeta = R"(code = "de"
name = "Deutsch"
english_name = "German"
direction = "ltr"
locale = "de_DE"
fallback = []
enabled = true
order = 1
)";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static anl::fuzz::ScratchDir dir("anl-fuzz-messages");
    static const bool made = [] {
        std::filesystem::create_directories(dir.path / "de");
        anl::fuzz::WriteFile(dir.path / "de" / "meta.toml", kMeta);
        return true;
    }();
    (void)made;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    anl::fuzz::WriteFile(dir.path / "de" / "ui.toml", input);
    anl::messages::LoadOptions options;
    options.time_zone = "Europe/Berlin";
    auto loaded = anl::messages::Messages::Load(dir.path, options);
    anl::fuzz::Require(loaded.ok(), "a valid meta.toml loads whatever ui.toml holds", input);
    const anl::messages::Messages& messages = loaded.value();
    for (const auto& problem : messages.Problems())
        anl::fuzz::Require(!problem.message.empty(), "every load problem says what is wrong", input);
    for (const anl::messages::Message* message : messages.MessagesOf("de")) (void)messages.Format("de", message->key);
    for (const auto& gap : anl::messages::CheckCatalogues(messages, {}))
        anl::fuzz::Require(!gap.problem.empty(), "every gap says what is wrong", input);
    return 0;
}
