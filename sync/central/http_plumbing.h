// central: the request plumbing the event endpoints (service.cpp, service_config.cpp) and the
// appointment slot endpoints (escrow.cpp) share: reading the request target, and answers and
// refusals in the protocol's format. Private to sync/central. Counting refusals in the
// metrics is Service::Refuse's business, not this file's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/base/base.h"
#include "sync/central/service.h"

namespace anl::sync::central {

// "/v1/pull?cursor=3&wait_ms=10" -> "/v1/pull".
std::string_view PathOf(std::string_view target);
// The value of `key` in the target's query, nullopt when the key is absent.
std::optional<std::string> QueryText(std::string_view target, std::string_view key);
// The same as a number; a value that is present but not a number is -1, which every field's
// range check refuses.
std::optional<std::int64_t> QueryInt(std::string_view target, std::string_view key);

// A 200 answer with a JSON body.
Response JsonOk(std::string body);
// An answer to send at once (no long-poll).
Outcome Answer(Response response);

// A refusal in the protocol's error format (ErrorMessage).
Response Refusal(int status, const std::string& reason, const std::string& message);
// The HTTP status and the refusal reason for an error a store or a decoder returned.
int StatusFor(ErrorCode code);
std::string ReasonFor(ErrorCode code);

}  // namespace anl::sync::central
