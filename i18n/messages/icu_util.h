// Private to i18n/messages: small bridges between our UTF-8 strings and ICU.
#pragma once

#include <string>
#include <string_view>

#include <unicode/messagepattern.h>
#include <unicode/unistr.h>

namespace anl::messages::detail {

inline icu::UnicodeString ToIcu(std::string_view utf8) {
    return icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

inline std::string ToUtf8(const icu::UnicodeString& text) {
    std::string out;
    text.toUTF8String(out);
    return out;
}

// The text of a pattern part (an argument name, a plural keyword ...).
inline std::string PartText(const icu::MessagePattern& pattern, const icu::MessagePattern::Part& part) {
    return ToUtf8(pattern.getSubstring(part));
}

// One sentence about a MessageFormat syntax error: where in the pattern and what ICU said.
std::string DescribeSyntaxError(std::string_view pattern, const UParseError& where, UErrorCode status);

}  // namespace anl::messages::detail
