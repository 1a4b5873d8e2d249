// Text from outside: the UTF-8 check, the control-character rules and the terminal escape
// (base.h, section 4). One decoder serves all three, so they can never disagree about where
// a character starts.
#include <cstdio>
#include <vector>

#include "kiosk/base/base.h"

namespace anl {
namespace {

constexpr char32_t kMalformed = 0xFFFFFFFF;

// Decodes one code point at `text[pos]`; sets `length` to the bytes it used (1 for a
// malformed byte, so a caller can step over it). Returns kMalformed for anything that is not
// the shortest form of a scalar value.
char32_t DecodeAt(std::string_view text, std::size_t pos, std::size_t& length) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    const unsigned char lead = byte(0);
    length = 1;
    if (lead < 0x80) return lead;
    std::size_t needed = 0;
    char32_t cp = 0;
    char32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) { needed = 1; cp = lead & 0x1F; minimum = 0x80; }
    else if (lead >= 0xE0 && lead <= 0xEF) { needed = 2; cp = lead & 0x0F; minimum = 0x800; }
    else if (lead >= 0xF0 && lead <= 0xF4) { needed = 3; cp = lead & 0x07; minimum = 0x10000; }
    else return kMalformed;  // a continuation byte, an overlong lead (C0, C1) or F5..FF
    if (pos + needed >= text.size()) return kMalformed;  // cut off at the end
    for (std::size_t i = 1; i <= needed; ++i) {
        const unsigned char next = byte(i);
        if ((next & 0xC0) != 0x80) return kMalformed;
        cp = (cp << 6) | (next & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return kMalformed;
    length = needed + 1;
    return cp;
}

bool IsBidiControl(char32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

// C0 (except what the shape allows), DEL and C1, plus the bidi controls.
bool IsRefused(char32_t cp, TextShape shape) {
    if (cp == '\t') return false;
    if (cp == '\n') return shape == TextShape::kSingleLine;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || IsBidiControl(cp);
}

std::string Offset(std::size_t pos) { return "byte " + std::to_string(pos + 1); }

std::string CodePointName(char32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return buffer;
}

// Length of an ESC sequence starting at `pos` (ESC itself included): CSI "ESC [ params
// final", OSC "ESC ] ... BEL or ESC \", or ESC and one more byte. Removing a sequence whole
// keeps "ESC[31m" from leaving "[31m" behind in a name.
std::size_t EscapeSequenceLength(std::string_view text, std::size_t pos) {
    std::size_t i = pos + 1;
    if (i >= text.size()) return 1;
    if (text[i] == '[') {
        for (++i; i < text.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(text[i]);
            if (c >= 0x40 && c <= 0x7E) return i - pos + 1;
            if (c < 0x20 || c > 0x3F) return i - pos;  // not a CSI byte: stop before it
        }
        return i - pos;
    }
    if (text[i] == ']') {
        for (++i; i < text.size(); ++i) {
            if (text[i] == '\a') return i - pos + 1;
            if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '\\') return i - pos + 2;
        }
        return i - pos;
    }
    const unsigned char next = static_cast<unsigned char>(text[i]);
    return next >= 0x20 && next < 0x7F ? 2 : 1;
}

}  // namespace

bool IsValidUtf8(std::string_view text) { return FindMalformedUtf8(text) == std::string_view::npos; }

std::size_t FindMalformedUtf8(std::string_view text) {
    for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length)
        if (DecodeAt(text, pos, length) == kMalformed) return pos;
    return std::string_view::npos;
}

Status CheckInputText(std::string_view text, TextShape shape, std::size_t max_bytes, std::string_view what) {
    if (text.size() > max_bytes)
        return MakeError(ErrorCode::kInvalidInput, std::string(what) + " is longer than " +
                                                       std::to_string(max_bytes) + " bytes.");
    for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
        const char32_t cp = DecodeAt(text, pos, length);
        if (cp == kMalformed)
            return MakeError(ErrorCode::kInvalidInput,
                             std::string(what) + " is not valid UTF-8 (" + Offset(pos) + ").");
        if (IsRefused(cp, shape))
            return MakeError(ErrorCode::kInvalidInput, std::string(what) + " holds the control character " +
                                                           CodePointName(cp) + " (" + Offset(pos) + ").");
    }
    return {};
}

namespace {

// The one cleaning loop behind CleanInputText and FilterTypedText. Returns the offset of a
// malformed byte (npos when none) unless `drop_malformed`, which skips such bytes.
std::size_t CleanInto(std::string_view text, TextShape shape, bool drop_malformed, std::string& out) {
    out.reserve(out.size() + text.size());
    for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
        const char32_t cp = DecodeAt(text, pos, length);
        if (cp == kMalformed) {
            if (drop_malformed) continue;
            return pos;
        }
        if (cp == 0x1B) {
            length = EscapeSequenceLength(text, pos);
            continue;
        }
        if (cp == '\r' || cp == '\n') {
            if (cp == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') length = 2;
            out += shape == TextShape::kMultiLine ? '\n' : ' ';
            continue;
        }
        if (cp == '\t') {
            out += ' ';
            continue;
        }
        if (IsRefused(cp, shape)) continue;
        out.append(text.substr(pos, length));
    }
    return std::string_view::npos;
}

}  // namespace

Result<std::string> CleanInputText(std::string_view text, TextShape shape, std::size_t max_bytes,
                                   std::string_view what) {
    std::string out;
    if (const std::size_t bad = CleanInto(text, shape, false, out); bad != std::string_view::npos)
        return MakeError(ErrorCode::kInvalidInput, std::string(what) + " is not valid UTF-8 (" + Offset(bad) + ").");
    const auto first = out.find_first_not_of(" \n");
    if (first == std::string::npos) return std::string();
    const auto last = out.find_last_not_of(" \n");
    out = out.substr(first, last - first + 1);
    if (out.size() > max_bytes)
        return MakeError(ErrorCode::kInvalidInput, std::string(what) + " is longer than " +
                                                       std::to_string(max_bytes) + " bytes.");
    return out;
}

std::string FilterTypedText(std::string_view text, TextShape shape) {
    std::string out;
    CleanInto(text, shape, true, out);
    return out;
}

std::string EscapeForTerminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    char buffer[16];
    for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length) {
        const char32_t cp = DecodeAt(text, pos, length);
        if (cp == kMalformed) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned char>(text[pos]));
            out += buffer;
        } else if (cp < 0x20 || cp == 0x7F) {
            std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(cp));
            out += buffer;
        } else if ((cp >= 0x80 && cp <= 0x9F) || IsBidiControl(cp)) {
            std::snprintf(buffer, sizeof buffer, "\\u{%04x}", static_cast<unsigned>(cp));
            out += buffer;
        } else {
            out.append(text.substr(pos, length));
        }
    }
    return out;
}

// --- command lines (base.h, section 5) ------------------------------------------------------

std::string UsageErrorMessage(std::string_view program, std::string_view error_name, std::string_view message) {
    std::string text(message);
    // CLI11 names the error after the (sub)command that found the extra words when it has
    // one, so its sentence is what tells them apart.
    if (error_name == "ExtrasError" || message.starts_with("The following argument was not expected: ") ||
        message.starts_with("The following arguments were not expected: ")) {
        // CLI11: "The following argument(s) was/were not expected: c b a" (listed last first).
        const auto colon = message.find(": ");
        std::vector<std::string> words;
        std::string_view rest = colon == std::string_view::npos ? message : message.substr(colon + 2);
        while (!rest.empty()) {
            const auto space = rest.find(' ');
            if (space != 0) words.insert(words.begin(), std::string(rest.substr(0, space)));
            if (space == std::string_view::npos) break;
            rest.remove_prefix(space + 1);
        }
        bool all_options = !words.empty();
        for (const auto& word : words) all_options = all_options && word.starts_with('-');
        const bool several = words.size() > 1;
        text = all_options ? (several ? "unknown options" : "unknown option")
                           : (several ? "unexpected arguments" : "unexpected argument");
        for (const auto& word : words) text += " " + word;
    } else if (!text.empty()) {
        // CLI11 capitalises its sentences; after "program: " a lower-case start reads as one line.
        if (text[0] >= 'A' && text[0] <= 'Z' && !(text.size() > 1 && text[1] >= 'A' && text[1] <= 'Z'))
            text[0] = static_cast<char>(text[0] - 'A' + 'a');
        while (!text.empty() && (text.back() == '\n' || text.back() == '.')) text.pop_back();
    }
    const std::string name(program);
    return name + ": " + EscapeForTerminal(text) + " (see " + name + " --help)";
}

Status CheckArguments(int argc, const char* const* argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view argument = argv[i] == nullptr ? std::string_view() : std::string_view(argv[i]);
        if (IsValidUtf8(argument)) continue;
        // Name the option the value belongs to: "--note=..." or "--note" before it.
        std::string what = "argument " + std::to_string(i);
        if (argument.starts_with("--") && argument.find('=') != std::string_view::npos) {
            what = "the value of " + EscapeForTerminal(argument.substr(0, argument.find('=')));
        } else if (!argument.starts_with('-') && i > 1 && std::string_view(argv[i - 1]).starts_with("-") &&
                   IsValidUtf8(argv[i - 1])) {
            what = "the value of " + EscapeForTerminal(argv[i - 1]);
        }
        const std::size_t offset = FindMalformedUtf8(argument);
        return MakeError(ErrorCode::kInvalidInput, what + " is not valid UTF-8 (byte " + std::to_string(offset + 1) +
                                                       ": " + EscapeForTerminal(argument.substr(offset, 1)) +
                                                       "); type it again in UTF-8.");
    }
    return {};
}

}  // namespace anl
