// central: the shared request plumbing (see http_plumbing.h).
#include "sync/central/http_plumbing.h"

#include <charconv>

namespace anl::sync::central {

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::optional<std::string> QueryText(std::string_view target, std::string_view key) {
    auto q = target.find('?');
    if (q == std::string_view::npos) return std::nullopt;
    std::string_view query = target.substr(q + 1);
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == key) return std::string(pair.substr(eq + 1));
        if (amp == std::string_view::npos) break;
        query = query.substr(amp + 1);
    }
    return std::nullopt;
}

std::optional<std::int64_t> QueryInt(std::string_view target, std::string_view key) {
    auto text = QueryText(target, key);
    if (!text) return std::nullopt;
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), out);
    if (ec != std::errc() || ptr != text->data() + text->size()) return -1;
    return out;
}

Response JsonOk(std::string body) { return Response{200, "application/json", std::move(body)}; }

Outcome Answer(Response response) { return Outcome{std::move(response), std::nullopt}; }

Response Refusal(int status, const std::string& reason, const std::string& message) {
    return Response{status, "application/json", Encode(ErrorMessage{reason, message})};
}

int StatusFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput: return 400;
        case ErrorCode::kUnauthorized: return 401;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kRejected: return 409;
        default: return 503;
    }
}

std::string ReasonFor(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidInput: return "invalid";
        case ErrorCode::kUnauthorized: return "auth";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kRejected: return "rejected";
        default: return "unavailable";
    }
}

}  // namespace anl::sync::central
