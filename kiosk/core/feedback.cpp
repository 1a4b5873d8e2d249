// Visitor feedback: the kiosk's five-face scale and reason chips as one anonymous event
// (core.h, "visitor feedback"). Nothing in it can be tied to a visitor: the event's shape is
// fixed here, and ValidateEvent refuses any other field at every receiver.
#include <algorithm>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

bool IsLanguageCode(std::string_view lang) {
    return !lang.empty() && lang.size() <= 16 && std::all_of(lang.begin(), lang.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
}

bool DistinctShortList(const std::vector<std::string>& reasons) {
    if (reasons.size() > kMaxFeedbackReasons) return false;
    for (std::size_t i = 0; i < reasons.size(); ++i)
        for (std::size_t j = i + 1; j < reasons.size(); ++j)
            if (reasons[i] == reasons[j]) return false;
    return true;
}

}  // namespace

Result<Event> DecideFeedback(const catalogue::Catalogue& catalogue, const Actor& actor, Micros now,
                             const GiveFeedback& command) {
    const catalogue::Office* office = internal::FindOffice(catalogue, command.office_id);
    if (office == nullptr) return MakeError(ErrorCode::kInvalidInput, "Feedback names an office not in the catalogue.");
    if (!command.service_id.empty()) {
        const catalogue::Service* service = internal::FindService(catalogue, command.service_id);
        if (service == nullptr || service->office_id != office->id)
            return MakeError(ErrorCode::kInvalidInput, "Feedback names a service office " + office->id + " does not offer.");
    }
    if (!IsLanguageCode(command.lang)) return MakeError(ErrorCode::kInvalidInput, "Feedback has no valid language code.");
    if (command.score < kMinFeedbackScore || command.score > kMaxFeedbackScore)
        return MakeError(ErrorCode::kInvalidInput, "A feedback score is 1 to 5, not " + std::to_string(command.score) + ".");
    if (!DistinctShortList(command.reasons))
        return MakeError(ErrorCode::kInvalidInput, "Feedback gives at most three different reasons.");
    for (const auto& reason : command.reasons)
        if (!catalogue.feedback.HasReason(reason))
            return MakeError(ErrorCode::kInvalidInput, "Feedback names a reason the catalogue does not list.");
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = "feedback.given";
    e.at_us = now;
    e.payload = {{"office_id", command.office_id},
                 {"service_id", command.service_id},
                 {"lang", command.lang},
                 {"score", command.score},
                 {"reasons", command.reasons}};
    return e;
}

std::optional<GiveFeedback> ReadFeedback(const Event& e) {
    if (e.type != "feedback.given" || !e.payload.is_object()) return std::nullopt;
    const nlohmann::json& p = e.payload;
    if (p.size() != std::size(kFeedbackFields)) return std::nullopt;
    for (std::string_view field : kFeedbackFields)
        if (!p.contains(std::string(field))) return std::nullopt;
    if (!p["office_id"].is_string() || !p["service_id"].is_string() || !p["lang"].is_string() ||
        !p["score"].is_number_integer() || !p["reasons"].is_array())
        return std::nullopt;
    GiveFeedback f;
    f.office_id = p["office_id"].get<std::string>();
    f.service_id = p["service_id"].get<std::string>();
    f.lang = p["lang"].get<std::string>();
    const std::int64_t score = p["score"].get<std::int64_t>();
    if (score < kMinFeedbackScore || score > kMaxFeedbackScore) return std::nullopt;
    f.score = static_cast<int>(score);
    for (const auto& reason : p["reasons"]) {
        if (!reason.is_string()) return std::nullopt;
        f.reasons.push_back(reason.get<std::string>());
    }
    if (f.office_id.empty() || !IsLanguageCode(f.lang) || !DistinctShortList(f.reasons)) return std::nullopt;
    return f;
}

}  // namespace anl::core
