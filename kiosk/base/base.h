// base: the few building blocks every module shares, and nothing else.
//   - Result<T>: a value or an Error that a user can cause (bad input, full disk, lost
//     network). Errors a user can cause are values, never exceptions or crashes.
//   - Clock: the one injected source of time (UTC microseconds). Tests use FakeClock.
//   - ANL_ASSERT: programmer errors, with a message that explains the rule.
//   - Text from outside: the one check of every byte a device, a file or a person sends
//     (well-formed UTF-8, no control characters) and the escape for printing it.
//   - DataDir: where a program finds the data it ships (catalogue, translations, assets).
// Must never: include anything from another module, allocate global mutable state.
#pragma once

#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

// Index
//   1. Asserts
//   2. Error and Result<T>
//   3. Clock
//   4. Text from outside
//   5. The data directory
//   6. Command lines

// ---------------------------------------------------------------------------------------
// 1. Asserts: ANL_ASSERT(x && "why this must hold") is on in every build (NDEBUG or not):
//    when it fails, the process prints "file:line: assertion failed: <expression with its
//    message>" to stderr and aborts. A broken rule must never go on quietly in a test.
//    ANL_ALWAYS/ANL_NEVER mark defensive branches that "cannot happen" and keep their safe
//    path: they always print the same report (so a test or a log shows it), then abort in
//    builds without NDEBUG (Debug, the sanitizer CI build) and return in release builds
//    (RelWithDebInfo, the installed programs), where the safe path is the better outcome
//    for the people at the counter than a dead terminal.
// ---------------------------------------------------------------------------------------
namespace anl::detail {
// Prints the report and aborts.
[[noreturn]] void AssertFailed(const char* file, int line, const char* kind, const char* expr) noexcept;
// Prints the report; aborts unless NDEBUG. Always returns `result` when it returns.
bool DefensiveFailed(const char* file, int line, const char* kind, const char* expr, bool result) noexcept;
}  // namespace anl::detail

#define ANL_ASSERT(expr) \
    (static_cast<bool>(expr) ? void(0) : ::anl::detail::AssertFailed(__FILE__, __LINE__, "assertion", #expr))
#define ANL_ALWAYS(expr) \
    (static_cast<bool>(expr) ? true : ::anl::detail::DefensiveFailed(__FILE__, __LINE__, "ANL_ALWAYS", #expr, false))
#define ANL_NEVER(expr) \
    (static_cast<bool>(expr) ? ::anl::detail::DefensiveFailed(__FILE__, __LINE__, "ANL_NEVER", #expr, true) : false)

namespace anl {

// ---------------------------------------------------------------------------------------
// 2. Error and Result<T>
// ---------------------------------------------------------------------------------------

// What kind of thing went wrong; tools map these to exit codes (docs/ctl.md).
enum class ErrorCode {
    kInvalidInput = 1,      // the caller asked for something malformed or unknown
    kNotFound = 2,          // an id that does not exist
    kRejected = 3,          // valid request refused by a rule (e.g. a forbidden transition)
    kStorage = 4,           // the store could not read or write (disk full, read-only, locked)
    kCorrupt = 5,           // a file is damaged or not ours
    kNetwork = 6,           // a peer could not be reached or answered badly
    kUnauthorized = 7,      // sign-in, device token or role does not allow it
    kInternal = 8,          // a bug: should never reach a user
};

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;  // one clear sentence for a person: what happened and what to do
    // For refusals a screen explains in the user's language: a stable word naming the rule
    // ("recall_window_passed"), which the screen turns into a catalogue key. Empty otherwise.
    // The message stays English, for tools and logs.
    std::string reason = {};
};

inline Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }
inline Error MakeRefusal(std::string reason, std::string message) {
    return Error{ErrorCode::kRejected, std::move(message), std::move(reason)};
}

// A value or an Error. Small on purpose: ok(), value(), error(), and operator-> for values.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : data_(std::move(value)) {}
    Result(Error error) : data_(std::move(error)) {}

    bool ok() const { return data_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { ANL_ASSERT(ok() && "value() on a failed Result"); return std::get<0>(data_); }
    const T& value() const& { ANL_ASSERT(ok() && "value() on a failed Result"); return std::get<0>(data_); }
    T&& value() && { ANL_ASSERT(ok() && "value() on a failed Result"); return std::get<0>(std::move(data_)); }
    const Error& error() const { ANL_ASSERT(!ok() && "error() on a successful Result"); return std::get<1>(data_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, Error> data_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}
    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { ANL_ASSERT(!ok_ && "error() on a successful Result"); return error_; }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

// ---------------------------------------------------------------------------------------
// 3. Clock: time is injected. Store and wire carry UTC microseconds since the Unix epoch;
//    local time and calendars appear only at display.
// ---------------------------------------------------------------------------------------
using Micros = std::int64_t;
constexpr Micros kMicrosPerSecond = 1'000'000;
constexpr Micros kMicrosPerMinute = 60 * kMicrosPerSecond;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Micros NowUtcMicros() const = 0;  // wall clock, UTC
};

// The real clock (std::chrono::system_clock).
class SystemClock final : public Clock {
public:
    Micros NowUtcMicros() const override;
};

// A clock that tests move by hand.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Micros start = 1'767'225'600'000'000 /* 2026-01-01T00:00Z */) : now_(start) {}
    Micros NowUtcMicros() const override { return now_; }
    void Set(Micros now) { now_ = now; }
    void Advance(Micros delta) { now_ += delta; }

private:
    Micros now_;
};

// ---------------------------------------------------------------------------------------
// 4. Text from outside. Every string that enters from a device, a file, a flag or a text
//    field passes here before it is stored or shown: a malformed byte is a clear error
//    (never an exception deep in a JSON or ICU call), and nothing that reaches a screen, a
//    log or the operator's terminal can carry a control sequence that drives it.
// ---------------------------------------------------------------------------------------
enum class TextShape {
    kSingleLine,  // names, references, codes: no line breaks at all
    kMultiLine,   // notes: line feeds allowed (CR LF and CR become LF)
};

// True when `text` is well-formed UTF-8: no stray continuation bytes, no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// The offset of the first byte that starts no well-formed character, or npos when `text`
// is well-formed UTF-8: for error messages that say where ("line 3, byte 7").
std::size_t FindMalformedUtf8(std::string_view text);

// Refuses (kInvalidInput, one sentence naming `what` and the byte offset) text that is not
// well-formed UTF-8, longer than `max_bytes`, or that holds a character a person does not
// type: C0 controls (a tab and, for kMultiLine, a line feed excepted), DEL, C1 controls, and
// the bidi embedding/override/isolate controls (U+202A..U+202E, U+2066..U+2069) that could
// reorder what a desk shows. For what devices send: a hostile event is refused whole.
Status CheckInputText(std::string_view text, TextShape shape, std::size_t max_bytes, std::string_view what);

// For what people type or paste (ctl flags, a desk's note field, an imported file): refuses
// only malformed UTF-8 or too long text, and removes the rest of what CheckInputText
// refuses (an ESC sequence such as "ESC [ 3 1 m" as a whole; a tab becomes a space; CR LF
// and CR become LF in kMultiLine, a space in kSingleLine). Leading and trailing white space
// are trimmed.
Result<std::string> CleanInputText(std::string_view text, TextShape shape, std::size_t max_bytes,
                                   std::string_view what);

// For a text field, keystroke by keystroke (the desk's note, the sign-in fields): removes
// what CleanInputText removes and drops malformed bytes (a field cannot answer a keystroke
// with an error); trims nothing, so a typed space stays.
std::string FilterTypedText(std::string_view text, TextShape shape);

// For printing text of unknown origin on a terminal or in a log: control characters and
// malformed bytes become visible escapes (\x1b, \u{202e}); everything else is unchanged.
std::string EscapeForTerminal(std::string_view text);

// ---------------------------------------------------------------------------------------
// 5. The data directory: what a program ships (the service catalogue, the message
//    catalogues, everything under assets/), found by one rule that serves a build tree and
//    an installed or unpacked tree wherever it lies. The first that is given wins:
//      1. --data-dir DIR, a flag of every program (UseDataDir);
//      2. the environment variable ANL_DATA_DIR;
//      3. <the running program's directory>/../share/anlaufstelle (build/share/anlaufstelle
//         in a build tree, PREFIX/share/anlaufstelle installed).
//    It holds catalogue/ and i18n/catalogs/. No source or build path is compiled in.
// ---------------------------------------------------------------------------------------
inline constexpr const char* kDataDirVariable = "ANL_DATA_DIR";

// The running program's own file (/proc/self/exe); empty when the system does not say.
std::filesystem::path ExecutablePath();

// The --data-dir flag: makes DIR the data directory of this process and of the programs it
// starts (it sets ANL_DATA_DIR). Refuses a DIR that is not a directory, naming it.
Status UseDataDir(const std::string& dir);

// The data directory by the rule above, or an error that names where it looked and how to
// say where the data is.
Result<std::filesystem::path> FindDataDir();

// DIR/relative in the data directory the rule picks, whether or not it exists, so that a
// loader's error names the place it read (add MissingDataHint to that error).
std::filesystem::path DataPath(const std::filesystem::path& relative);

// For a loader's "does not exist" error about `missing`: when `missing` lies in a data
// directory that does not exist, FindDataDir()'s sentence (prefixed with a space); else "".
std::string MissingDataHint(const std::filesystem::path& missing);

// ---------------------------------------------------------------------------------------
// 6. Command lines: every program words a usage error the same way, starting with its own
//    name and naming the word it did not understand. Kept free of CLI11: a main passes the
//    parser's error name and message (CLI::ParseError::get_name(), what()).
// ---------------------------------------------------------------------------------------

// The exit code of a usage error (a missing, unknown or malformed option), for every program.
constexpr int kUsageExitCode = 64;

// "anlaufstelle-ctl: unknown option --foo (see anlaufstelle-ctl --help)". `error_name` is
// CLI11's class name ("ExtrasError" for words nobody expected, "RequiredError", ...); the
// words in `message` are escaped for the terminal.
std::string UsageErrorMessage(std::string_view program, std::string_view error_name, std::string_view message);

// Checks every command-line argument before a parser sees it: each must be well-formed
// UTF-8. Returns a clear error naming the argument (and the option it belongs to).
Status CheckArguments(int argc, const char* const* argv);

}  // namespace anl
