// The catalogue check: German is the reference every other language is compared with.
#include <algorithm>
#include <map>
#include <set>

#include <unicode/datefmt.h>
#include <unicode/messagepattern.h>
#include <unicode/numfmt.h>
#include <unicode/plurrule.h>
#include <unicode/uchar.h>

#include "i18n/messages/icu_util.h"
#include "i18n/messages/impl.h"

namespace anl::messages {
namespace detail {

bool MatchesPattern(std::string_view key, std::string_view pattern) {
    if (!pattern.empty() && pattern.back() == '*') {
        return key.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
    }
    return key == pattern;
}

bool LeftToFallback(const LanguageInfo& info, std::string_view key) {
    return std::any_of(info.fallback_keys.begin(), info.fallback_keys.end(),
                       [&](const std::string& pattern) { return MatchesPattern(key, pattern); });
}

}  // namespace detail

namespace {
using detail::LeftToFallback;

constexpr const char* kReference = "de";
// Whole numbers a plural must handle well: wait minutes, seconds, people waiting.
constexpr int kPluralCheckedUpTo = 1000;

std::string Join(const std::vector<std::string>& items, const char* separator = ", ") {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string CodePointName(char32_t c) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(c));
    char name[128] = {};
    UErrorCode status = U_ZERO_ERROR;
    u_charName(static_cast<UChar32>(c), U_UNICODE_CHAR_NAME, name, sizeof name, &status);
    std::string text = hex;
    if (U_SUCCESS(status) && name[0] != '\0') text += std::string(" ") + name;
    return text;
}

// The smallest whole number that falls into `category`, to make the gap concrete.
std::string ExampleFor(const icu::PluralRules& rules, const std::string& category) {
    for (int n = 0; n <= kPluralCheckedUpTo; ++n) {
        if (detail::ToUtf8(rules.select(n)) == category) return std::to_string(n);
    }
    return "?";
}

// Plural categories the locale uses for whole numbers 0..1000 that a plural argument of
// `pattern` gives no branch for (an explicit "=N" covers N). One entry a plural argument.
std::vector<std::string> MissingPluralCategories(const icu::MessagePattern& pattern, const icu::PluralRules& rules) {
    std::vector<std::string> problems;
    for (int32_t i = 0; i < pattern.countParts(); ++i) {
        const auto& start = pattern.getPart(i);
        if (start.getType() != UMSGPAT_PART_TYPE_ARG_START || start.getArgType() != UMSGPAT_ARG_TYPE_PLURAL) continue;
        const int32_t limit = pattern.getLimitPartIndex(i);
        std::string name;
        std::set<std::string> keywords;
        std::set<double> explicit_values;
        for (int32_t j = i + 1; j < limit; ++j) {
            const auto& part = pattern.getPart(j);
            if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME) {
                name = detail::PartText(pattern, part);
            } else if (part.getType() == UMSGPAT_PART_TYPE_ARG_SELECTOR) {
                std::string selector = detail::PartText(pattern, part);
                if (!selector.empty() && selector[0] == '=') {
                    explicit_values.insert(pattern.getNumericValue(pattern.getPart(j + 1)));
                } else {
                    keywords.insert(selector);
                }
            } else if (part.getType() == UMSGPAT_PART_TYPE_MSG_START) {
                j = pattern.getLimitPartIndex(j);  // skip the branch's own message
            }
        }
        std::set<std::string> missing;
        for (int n = 0; n <= kPluralCheckedUpTo; ++n) {
            if (explicit_values.contains(n)) continue;
            std::string category = detail::ToUtf8(rules.select(static_cast<int32_t>(n)));
            if (!keywords.contains(category)) missing.insert(category);
        }
        if (!missing.empty()) {
            std::vector<std::string> examples;
            for (const std::string& category : missing) examples.push_back(category + " (e.g. " + ExampleFor(rules, category) + ")");
            problems.push_back("the plural {" + name + "} has no branch for " + Join(examples) +
                               ", which this language uses for whole numbers");
        }
    }
    return problems;
}

// Text ICU itself writes for this locale: its digits and a date with month and day period.
std::string LocaleSampleText(const icu::Locale& locale) {
    UErrorCode status = U_ZERO_ERROR;
    std::string sample;
    std::unique_ptr<icu::NumberFormat> numbers(icu::NumberFormat::createInstance(locale, status));
    if (U_SUCCESS(status)) {
        icu::UnicodeString digits;
        numbers->format(static_cast<int64_t>(1234567890), digits);
        sample += detail::ToUtf8(digits);
    }
    std::unique_ptr<icu::DateFormat> dates(
        icu::DateFormat::createDateTimeInstance(icu::DateFormat::kMedium, icu::DateFormat::kShort, locale));
    if (dates) {
        icu::UnicodeString text;
        // 2026-01-01 09:30 and 21:30 UTC: morning and evening markers, a month name.
        dates->format(1767259800000.0, text);
        text += u" ";
        dates->format(1767303000000.0, text);
        sample += " " + detail::ToUtf8(text);
    }
    return sample;
}

// Code points nobody needs a glyph for: format controls (ZWNJ in Persian, isolates, marks)
// and line breaks are handled by shaping and layout, not drawn.
bool NeedsNoGlyph(char32_t c) {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
           u_iscntrl(static_cast<UChar32>(c)) || c == U'\u200E' || c == U'\u200F';
}

void CheckCoverage(const CoverageFn& coverage, const LanguageInfo& language, const std::string& file, int line,
                   const std::string& key, const std::string& text, std::vector<Gap>& gaps) {
    std::vector<char32_t> uncovered = coverage(language.code, text);
    std::vector<std::string> names;
    for (char32_t c : uncovered) {
        if (NeedsNoGlyph(c)) continue;
        std::string name = CodePointName(c);
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    if (!names.empty()) {
        gaps.push_back({language.code, file, line, key,
                        "no font of the " + language.english_name + " font chain draws " + Join(names) + "."});
    }
}

// What `i18n check` finds wrong with one message of `language` (`german`: the reference
// message, null when German has none): placeholders that differ from German, a pattern that
// does not parse in the language's locale, plural categories the locale uses but the pattern
// lacks. One sentence each. The catalogue check and the administrator's editor share it.
std::vector<std::string> MessageProblems(const LanguageInfo& language, const icu::Locale& locale,
                                         const icu::PluralRules& rules, const Message* german, std::string_view text) {
    std::vector<std::string> problems;
    auto names = ArgumentNames(text);
    if (!names) return {names.error().message};
    if (german != nullptr && language.code != kReference) {
        auto german_names = ArgumentNames(german->text);
        if (german_names && german_names.value() != names.value()) {
            std::vector<std::string> extra, lacking;
            std::set_difference(names->begin(), names->end(), german_names->begin(), german_names->end(),
                                std::back_inserter(extra));
            std::set_difference(german_names->begin(), german_names->end(), names->begin(), names->end(),
                                std::back_inserter(lacking));
            std::string problem = "the placeholders differ from German:";
            if (!extra.empty()) problem += " {" + Join(extra, "}, {") + "} not in German;";
            if (!lacking.empty()) problem += " {" + Join(lacking, "}, {") + "} missing;";
            problem.back() = '.';
            problems.push_back(problem);
        }
    }
    // Parses in its own locale (plural rules, date and number styles).
    UErrorCode format_status = U_ZERO_ERROR;
    UParseError where{};
    icu::MessageFormat format(detail::ToIcu(text), locale, where, format_status);
    if (U_FAILURE(format_status)) {
        problems.push_back(detail::DescribeSyntaxError(text, where, format_status));
        return problems;
    }
    UErrorCode pattern_status = U_ZERO_ERROR;
    icu::MessagePattern pattern(detail::ToIcu(text), nullptr, pattern_status);
    if (U_SUCCESS(pattern_status)) {
        for (const std::string& problem : MissingPluralCategories(pattern, rules)) problems.push_back(problem + ".");
    }
    return problems;
}

}  // namespace

std::vector<std::string> CheckMessage(const Messages& messages, std::string_view lang, std::string_view key,
                                      std::string_view text) {
    const LanguageInfo* language = messages.FindLanguage(lang);
    if (language == nullptr) return {"there is no language \"" + std::string(lang) + "\"."};
    const icu::Locale locale(language->locale.c_str());
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(locale, status));
    if (U_FAILURE(status) || locale.isBogus()) return {"ICU does not know the locale \"" + language->locale + "\"."};
    const Message* german = messages.Find(kReference, key);
    if (german == nullptr) return {"the key is not in the German catalogue."};
    return MessageProblems(*language, locale, *rules, german, text);
}

std::vector<Gap> CheckCatalogues(const Messages& messages, const CoverageFn& coverage) {
    std::vector<Gap> gaps;
    for (const LoadProblem& problem : messages.Problems()) {
        // The load sentence already starts with file, line and key; keep only what is wrong.
        std::string what = problem.message;
        if (size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
        std::string language = std::filesystem::path(problem.file).parent_path().filename().string();
        gaps.push_back({language, problem.file, problem.line, problem.key, what});
    }

    const LanguageInfo* reference = messages.FindLanguage(kReference);
    if (reference == nullptr) {
        gaps.push_back({kReference, "", 0, "", "there is no German catalogue, the reference for every language."});
        return gaps;
    }
    const std::vector<const Message*> reference_messages = messages.MessagesOf(kReference);
    std::map<std::string, const Message*> reference_by_key;
    for (const Message* message : reference_messages) reference_by_key[message->key] = message;

    for (const LanguageInfo& language : messages.Languages()) {
        const std::filesystem::path folder = messages.Dir() / language.code;
        const icu::Locale locale(language.locale.c_str());
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(locale, status));
        if (U_FAILURE(status) || locale.isBogus()) {
            gaps.push_back({language.code, (folder / "meta.toml").string(), 0, "locale",
                            "ICU does not know the locale \"" + language.locale + "\"."});
            continue;
        }

        // Every German key exists here (unless left to the fallback chain on purpose).
        if (language.enabled && language.code != kReference) {
            for (const Message* german : reference_messages) {
                if (messages.Find(language.code, german->key) != nullptr || LeftToFallback(language, german->key)) {
                    continue;
                }
                const std::string file = (folder / std::filesystem::path(german->file).filename()).string();
                gaps.push_back({language.code, file, 0, german->key,
                                "the key is missing (German has it in " + german->file + " line " +
                                    std::to_string(german->line) + ")."});
            }
        }

        for (const Message* message : messages.MessagesOf(language.code)) {
            auto german = reference_by_key.find(message->key);
            if (german == reference_by_key.end()) {
                gaps.push_back({language.code, message->file, message->line, message->key,
                                "the key is not in the German catalogue (a typo, or a key German no longer has)."});
            }
            if (!ArgumentNames(message->text)) continue;  // already reported as a load problem
            const Message* german_message = german == reference_by_key.end() ? nullptr : german->second;
            for (std::string& problem : MessageProblems(language, locale, *rules, german_message, message->text)) {
                gaps.push_back({language.code, message->file, message->line, message->key, std::move(problem)});
            }

            if (coverage && language.enabled) {
                CheckCoverage(coverage, language, message->file, message->line, message->key, message->text, gaps);
            }
        }

        if (coverage && language.enabled) {
            const std::string meta = (folder / "meta.toml").string();
            CheckCoverage(coverage, language, meta, 0, "name", language.name, gaps);
            CheckCoverage(coverage, language, meta, 0, "locale", LocaleSampleText(locale), gaps);
        }
    }
    return gaps;
}

std::vector<Gap> CheckReferencedKeys(const Messages& messages, const std::vector<std::string>& referenced,
                                     std::string_view referenced_by, std::string_view owned_file) {
    std::vector<Gap> gaps;
    const std::set<std::string> wanted(referenced.begin(), referenced.end());
    for (const std::string& key : wanted) {
        if (messages.Find(kReference, key) == nullptr) {
            gaps.push_back({kReference, (messages.Dir() / kReference / owned_file).string(), 0, key,
                            std::string(referenced_by) + " uses this key, but German has no text for it."});
        }
    }
    for (const Message* message : messages.MessagesOf(kReference)) {
        if (std::filesystem::path(message->file).filename() == owned_file && !wanted.contains(message->key)) {
            gaps.push_back({kReference, message->file, message->line, message->key,
                            "nothing in " + std::string(referenced_by) + " uses this key (a stale text?)."});
        }
    }
    return gaps;
}

std::string Describe(const Gap& gap) {
    std::string text = gap.file.empty() ? "[" + gap.language + "]" : gap.file;
    if (gap.line > 0) text += ":" + std::to_string(gap.line);
    text += ": ";
    if (!gap.key.empty()) text += "key \"" + gap.key + "\": ";
    return text + gap.problem;
}

}  // namespace anl::messages
