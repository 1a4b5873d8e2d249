// Visitor feedback: the kiosk's five-face scale and reason chips as one anonymous event
// (core.h, "visitor feedback"). Nothing in it can be tied to a visitor: the event's shape is
// fixed here, and ValidateEvent refuses any other field at every receiver.
#include <algorithm>
#include <cstdio>

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

std::string NormaliseTicketNumber(std::string_view typed) {
    std::string letters_digits;
    for (char c : typed) {
        if (c == '-' || c == ' ') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
        letters_digits.push_back(c);
        if (letters_digits.size() > 5) return {};
    }
    if (letters_digits.size() < 2 || letters_digits[0] < 'A' || letters_digits[0] > 'Z') return {};
    int number = 0;
    for (std::size_t i = 1; i < letters_digits.size(); ++i) {
        if (letters_digits[i] < '0' || letters_digits[i] > '9') return {};
        number = number * 10 + (letters_digits[i] - '0');
    }
    if (number == 0) return {};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%c-%03d", letters_digits[0], number);  // as numbering.cpp writes it
    return buf;
}

VisitEnd FindVisitEnd(const State& state, std::string_view typed, std::string_view service_day) {
    VisitEnd end;
    end.display = NormaliseTicketNumber(typed);
    if (end.display.empty()) return end;
    // Today's only: numbers start again every day, so yesterday's A-042 is someone else's.
    auto found = state.visit_by_number.find({std::string(service_day), end.display});
    if (found == state.visit_by_number.end()) return end;
    const Visit* visit = state.FindVisit(found->second);
    if (visit == nullptr || visit->ticket_ids.empty()) return end;
    const Ticket* current = state.FindTicket(visit->ticket_ids.back());
    if (current == nullptr) return end;
    end.visit_id = visit->id;
    end.office_id = current->office_id;
    if (!IsFinal(current->state)) {
        end.kind = VisitEndKind::kUnderWay;
        return end;
    }
    if (const int next = NextPlannedStop(state, *visit); next >= 0) {
        // Between two planned stops (the next one is queued as the last is finished).
        end.kind = VisitEndKind::kUnderWay;
        end.office_id = visit->plan[std::size_t(next)].office_id;
        return end;
    }
    end.kind = VisitEndKind::kFinished;
    return end;
}

}  // namespace anl::core
