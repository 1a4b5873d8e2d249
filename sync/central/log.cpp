// central service: log lines (log.h).
#include "sync/central/log.h"

#include <cstdlib>
#include <iostream>

#include "kiosk/base/base.h"

namespace anl::sync::central {
namespace {

thread_local std::string current_request_id;

std::string_view LevelWord(LogLevel level) {
    switch (level) {
        case LogLevel::kError: return "error";
        case LogLevel::kWarning: return "warning";
        case LogLevel::kInfo: return "info";
    }
    return "info";
}

}  // namespace

std::string FormatLogLine(LogLevel level, std::string_view request_id, std::string_view text, bool journal) {
    std::string line;
    if (journal) line = "<" + std::to_string(static_cast<int>(level)) + ">";
    else line = std::string(LevelWord(level)) + ": ";
    if (!request_id.empty()) line += "[req " + EscapeForTerminal(request_id) + "] ";
    line += EscapeForTerminal(text);
    return line;
}

void WriteLogLine(LogLevel level, std::string_view text) {
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    std::cerr << FormatLogLine(level, current_request_id, text, journal) + "\n" << std::flush;
}

ScopedRequestId::ScopedRequestId(std::string_view id) : previous_(std::move(current_request_id)) {
    current_request_id = std::string(id);
}
ScopedRequestId::~ScopedRequestId() { current_request_id = std::move(previous_); }

std::string_view CurrentRequestId() { return current_request_id; }

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace anl::sync::central
