// Private to i18n/messages: the loaded catalogues behind Messages.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <unicode/msgfmt.h>
#include <unicode/timezone.h>

#include "i18n/messages/messages.h"

namespace anl::messages::detail {

struct StringViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>;

struct LanguageData {
    LanguageInfo info;
    std::string meta_file;
    StringMap<Message> messages;  // nodes never move: Message pointers stay valid
    std::vector<size_t> chain;    // indices into Impl::languages, starting with this one
};

// A message compiled for its own language's locale, made on first use.
struct Compiled {
    std::unique_ptr<icu::MessageFormat> format;  // null when it failed to compile
};

}  // namespace anl::messages::detail

namespace anl::messages {

struct Messages::Impl {
    std::filesystem::path dir;
    std::vector<detail::LanguageData> languages;  // picker order
    std::vector<LanguageInfo> infos;              // same order, for Languages()
    std::vector<LoadProblem> problems;
    std::unordered_set<const Message*> broken;    // did not parse: skipped by Format
    std::unique_ptr<icu::TimeZone> time_zone;

    // The fallback chain of a language we do not know: English, then German.
    std::vector<size_t> unknown_chain;

    // Caches, filled on first use. Guarded by `mutex` (the UI thread and workers may both
    // format; ICU formatters are not safe to share unguarded).
    mutable std::mutex mutex;
    mutable std::unordered_map<const Message*, detail::Compiled> compiled;
    mutable std::vector<detail::StringMap<std::string>> text_cache;  // per language index
    mutable detail::StringMap<std::string> unknown_language_text_cache;
    mutable std::vector<MissedKey> missed;

    int IndexOf(std::string_view code) const {
        for (size_t i = 0; i < languages.size(); ++i) {
            if (languages[i].info.code == code) return static_cast<int>(i);
        }
        return -1;
    }
    const std::vector<size_t>& ChainOf(std::string_view code) const {
        int index = IndexOf(code);
        return index < 0 ? unknown_chain : languages[static_cast<size_t>(index)].chain;
    }
    // Compiles (once) and returns the formatter of a message, or null. Caller holds mutex.
    icu::MessageFormat* CompiledFor(const Message& message, const detail::LanguageData& language) const;
};

}  // namespace anl::messages
