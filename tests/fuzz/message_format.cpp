// Fuzz target: the MessageFormat checker's ArgumentNames (i18n/messages/check.cpp), which the
// catalogue check runs on every translator's text. Seed corpus tests/fuzz/message_format/.
//
// Properties: whatever the bytes, it returns names or one error sentence (no crash, no
// uncaught exception, no hang); names are sorted, unique and not empty.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "i18n/messages/messages.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    auto names = anl::messages::ArgumentNames(input);
    if (!names.ok()) {
        anl::fuzz::Require(!names.error().message.empty(), "a pattern that does not parse gets a sentence", input);
        return 0;
    }
    const auto& list = names.value();
    anl::fuzz::Require(std::is_sorted(list.begin(), list.end()), "argument names are sorted", input);
    anl::fuzz::Require(std::adjacent_find(list.begin(), list.end()) == list.end(), "argument names are unique", input);
    for (const auto& name : list) anl::fuzz::Require(!name.empty(), "no argument name is empty", input);
    return 0;
}
