// Shared by the text tests: one engine per test binary run and small helpers.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "i18n/text/text.h"

namespace anl::text::testing {

inline Engine& SharedEngine() {
    static std::unique_ptr<Engine> engine = [] {
        auto e = Engine::Create();
        if (!e) FAIL("the text engine did not start: " << e.error().message);
        return std::move(e).value();
    }();
    return *engine;
}

// The text of a run or line: bytes [start, end) of the paragraph text.
inline std::string Slice(std::string_view text, std::uint32_t start, std::uint32_t end) {
    return std::string(text.substr(start, end - start));
}

}  // namespace anl::text::testing
