// Private to i18n/messages: the loaded catalogues behind Messages.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <unicode/locid.h>
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

// A language: its meta.toml is read by Load; its message files on first use (LoadLanguage),
// so a terminal parses only the catalogues of the languages it shows and their fallbacks.
// Until `loaded` is set, `messages`, `broken` and `problems` are empty and only LoadLanguage
// (under Impl::load_mutex) writes them; afterwards nobody does, so readers need no lock.
struct LanguageData {
    LanguageInfo info;
    std::string meta_file;
    std::vector<std::filesystem::path> files;  // the message files, sorted
    StringMap<Message> messages;  // nodes never move: Message pointers stay valid
    std::unordered_set<const Message*> broken;  // did not parse: skipped by Format
    std::vector<LoadProblem> problems;          // what loading its files skipped
    std::unique_ptr<std::atomic<bool>> loaded = std::make_unique<std::atomic<bool>>(false);
    std::vector<size_t> chain;    // indices into Impl::languages, starting with this one
};

// An IANA zone, or a clear error for an unknown one (ICU answers "Etc/Unknown" silently).
Result<std::unique_ptr<icu::TimeZone>> MakeTimeZone(std::string_view iana_id);

// The ICU locale a language's messages format with: its locale, with "numbers=latn" when its
// meta.toml asks for Latin digits (ICU's "ar" would otherwise write Arabic-Indic digits).
inline icu::Locale FormatLocale(const LanguageInfo& info) {
    icu::Locale locale(info.locale.c_str());
    if (info.digits == LanguageInfo::Digits::kLatin) {
        UErrorCode status = U_ZERO_ERROR;
        locale.setKeywordValue("numbers", "latn", status);
    }
    return locale;
}

// Whether `info` leaves `key` to its fallback chain on purpose (meta.toml fallback_keys,
// "desk.*" patterns): such keys are neither gaps nor exported to translators.
bool LeftToFallback(const LanguageInfo& info, std::string_view key);

// The problems loading `contents` as the message file `file` would find (the loader's own
// rules): what the catalogue writer checks before it replaces a file.
std::vector<LoadProblem> CheckMessageText(std::string_view contents, const std::string& file);

// Reads a meta.toml with the loader's own rules (`folder`: the language folder's name).
Result<LanguageInfo> ReadMeta(const std::filesystem::path& path, const std::string& folder);

// A message compiled for its own language's locale, made on first use.
struct Compiled {
    std::unique_ptr<icu::MessageFormat> format;  // null when it failed to compile
};

}  // namespace anl::messages::detail

namespace anl::messages {

struct Messages::Impl {
    std::filesystem::path dir;
    // Picker order. Mutable: a language's message files are parsed on first use (Loaded).
    mutable std::vector<detail::LanguageData> languages;
    std::vector<LanguageInfo> infos;              // same order, for Languages()
    std::unique_ptr<icu::TimeZone> time_zone;

    // Lazy loading of message files (see LanguageData). Problems() loads every language and
    // gathers their problems here, in language order.
    mutable std::mutex load_mutex;
    mutable std::vector<LoadProblem> problems;
    mutable bool problems_gathered = false;

    // The fallback chain of a language we do not know: English, then German.
    std::vector<size_t> unknown_chain;

    // Caches, filled on first use. Guarded by `mutex` (the UI thread and workers may both
    // format; ICU formatters are not safe to share unguarded).
    mutable std::mutex mutex;
    mutable std::unordered_map<const Message*, detail::Compiled> compiled;
    mutable std::vector<detail::StringMap<std::string>> text_cache;  // per language index
    mutable detail::StringMap<std::string> unknown_language_text_cache;
    mutable std::vector<MissedKey> missed;
    mutable bool recording_keys = false;     // RecordUsedKeys
    mutable std::set<std::string, std::less<>> used_keys;

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
    // The language with its message files parsed (on first use; thread-safe).
    const detail::LanguageData& Loaded(size_t index) const;
    // Every language of `code`'s fallback chain loaded; returns the chain.
    const std::vector<size_t>& LoadedChainOf(std::string_view code) const {
        const std::vector<size_t>& chain = ChainOf(code);
        for (size_t index : chain) Loaded(index);
        return chain;
    }
    // Compiles (once) and returns the formatter of a message, or null. Caller holds mutex.
    icu::MessageFormat* CompiledFor(const Message& message, const detail::LanguageData& language) const;
};

}  // namespace anl::messages
