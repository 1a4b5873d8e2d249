// central service: its log lines. One line each on stderr, which under systemd is the journal:
// there (JOURNAL_STREAM is set) a line starts with the journal's priority ("<4>"), elsewhere
// with the level's word ("warning: "). A line names the request it belongs to ("[req 3f9a1c-17]"),
// the id the central also sends back as X-Request-Id, so an operator finds a device's failed
// request in the log. Only numbers, ids and fixed words: never a token, a code or a payload
// (docs/DATA-PROTECTION.md); any control character is escaped.
#pragma once

#include <string>
#include <string_view>

namespace anl::sync::central {

enum class LogLevel { kError = 3, kWarning = 4, kInfo = 6 };

// The line as written (without its newline); `journal`: with the journal's priority prefix.
std::string FormatLogLine(LogLevel level, std::string_view request_id, std::string_view text, bool journal);
// Writes one line to stderr, for the request this thread is handling (ScopedRequestId).
void WriteLogLine(LogLevel level, std::string_view text);

// The request this thread handles now: set by the server around each call into the service.
class ScopedRequestId {
public:
    explicit ScopedRequestId(std::string_view id);
    ~ScopedRequestId();
    ScopedRequestId(const ScopedRequestId&) = delete;
    ScopedRequestId& operator=(const ScopedRequestId&) = delete;

private:
    std::string previous_;
};
std::string_view CurrentRequestId();

// A request id an upstream proxy sent (X-Request-Id) is kept when it is 1..64 characters of
// [A-Za-z0-9._-]; anything else is replaced by the central's own.
bool IsAcceptableRequestId(std::string_view id);

}  // namespace anl::sync::central
