#include "kiosk/ui/viewmodels/kiosk_flow.h"

#include "kiosk/ui/viewmodels/visitor_text.h"

#include "kiosk/core/core.h"
#include "kiosk/qr/qr.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace anl::ui {

namespace {
// Steps in the progress bar: home, choose, service, questions, ticket.
constexpr int kSteps = 5;
// The finder's last answer, "none of these": its item id (answers are numbered).
constexpr std::string_view kNearbyItem = "nearby";

// A partner topic's pictogram (Material Icons); an unknown topic gets a neutral one.
std::string_view TopicPictogram(std::string_view topic) {
    static const std::map<std::string_view, std::string_view> kPictograms = {
        {"asylum-law", "gavel"},        {"legal-general", "balance"},   {"debt", "money_off"},
        {"addiction", "no_drinks"},     {"violence", "shield"},         {"women", "woman"},
        {"pregnancy", "pregnant_woman"}, {"family", "family_restroom"}, {"trauma", "psychology"},
        {"youth", "emoji_people"},      {"lgbtiq", "favorite"},         {"discrimination", "report"},
        {"elderly", "elderly"},         {"disability", "accessible"},
    };
    auto found = kPictograms.find(topic);
    return found == kPictograms.end() ? std::string_view("support") : found->second;
}
}  // namespace

const char* ToString(KioskScreen screen) {
    switch (screen) {
        case KioskScreen::kLanguage: return "language";
        case KioskScreen::kHome: return "home";
        case KioskScreen::kOfficeServices: return "services";
        case KioskScreen::kFinder: return "finder";
        case KioskScreen::kService: return "service";
        case KioskScreen::kQuestions: return "questions";
        case KioskScreen::kTicket: return "ticket";
        case KioskScreen::kCheckIn: return "checkin";
        case KioskScreen::kCheckInResult: return "checkin_result";
        case KioskScreen::kBookDay: return "book_day";
        case KioskScreen::kBookTime: return "book_time";
        case KioskScreen::kBooked: return "booked";
        case KioskScreen::kNearbyTopics: return "nearby";
        case KioskScreen::kNearbyPartners: return "nearby_partners";
        case KioskScreen::kFeedbackOffice: return "feedback_office";
        case KioskScreen::kFeedbackScore: return "feedback";
        case KioskScreen::kFeedbackReasons: return "feedback_reasons";
        case KioskScreen::kFeedbackThanks: return "feedback_thanks";
        case KioskScreen::kFeedbackTicket: return "feedback_ticket";
        case KioskScreen::kFeedbackTicketResult: return "feedback_ticket_result";
    }
    return "language";
}

KioskSettings WithSiteSettings(KioskSettings base, const catalogue::KioskConfig& site) {
    base.inactivity_reset = Micros(site.inactivity_seconds) * kMicrosPerSecond;
    base.countdown_before = std::min<Micros>(15 * kMicrosPerSecond, base.inactivity_reset / 3);
    if (!site.read_aloud) base.read_aloud_langs.clear();
    base.offered_modes = AccessModes{site.Offers("high-contrast"), site.Offers("large-text"), site.Offers("low-reach"),
                                     site.Offers("explore-by-touch")};
    return base;
}

KioskFlow::KioskFlow(const catalogue::Catalogue& catalogue, const messages::Messages& messages, KioskSettings settings)
    : catalogue_(catalogue), messages_(messages), settings_(std::move(settings)) {
    // Every partner's QR code once here, not in every frame's view (the catalogue checked
    // the text; one that does not encode is shown without a code).
    for (const auto& p : catalogue_.partners) {
        if (auto code = qr::Encode(p.QrText()); code.ok())
            partner_qr_[p.id] = {code->size, std::vector<unsigned char>(code->modules.begin(), code->modules.end())};
    }
    Reset();
}

void KioskFlow::Reset() {
    screen_ = KioskScreen::kLanguage;
    history_.clear();
    lang_ = settings_.default_lang;
    office_id_.clear();
    finder_question_id_.clear();
    finder_path_.clear();
    service_id_.clear();
    stops_.clear();
    interpreter_ = -1;
    priority_id_.clear();
    pending_ = false;
    ticket_.reset();
    ticket_services_.clear();
    error_.clear();
    checkin_typed_.clear();
    checkin_request_.reset();
    checkin_pending_ = false;
    checkin_adopt_lang_ = false;
    checkin_answer_.reset();
    scan_buffer_.clear();
    booking_service_.clear();
    booking_days_.clear();
    booking_day_ = -1;
    booking_request_.reset();
    booking_pending_ = false;
    booking_taken_ = false;
    booking_failed_ = false;
    SetBooked(std::nullopt);
    nearby_topic_.clear();
    page_ = 0;
    feedback_office_.clear();
    feedback_score_ = 0;
    feedback_reasons_.clear();
    feedback_request_.reset();
    feedback_typed_.clear();
    feedback_ticket_request_.reset();
    feedback_ticket_pending_ = false;
    feedback_ticket_failed_ = false;
    feedback_given_already_ = false;
    feedback_ticket_answer_.reset();
    feedback_visit_.clear();
    // A new visitor starts in the standard look; whatever speaks stops.
    modes_ = AccessModes{};
    read_aloud_ = std::vector<std::string>{};
}

void KioskFlow::Go(KioskScreen next) {
    history_.push_back(screen_);
    screen_ = next;
}

void KioskFlow::Touched(Micros now) { last_touch_ = now; }

void KioskFlow::Tick(Micros now) {
    now_ = now;
    if (screen_ == KioskScreen::kLanguage && lang_ == settings_.default_lang && stops_.empty()) {
        last_touch_ = now;  // nothing of a visitor to forget
        return;
    }
    if (now - last_touch_ >= settings_.inactivity_reset) Reset();
}

double KioskFlow::SecondsUntilChange(Micros now) const {
    if (screen_ == KioskScreen::kLanguage && stops_.empty()) return 60.0;
    const Micros idle = now - last_touch_;
    const Micros countdown_start = settings_.inactivity_reset - settings_.countdown_before;
    if (idle < countdown_start) return double(countdown_start - idle) / double(kMicrosPerSecond);
    // During the countdown: wake on the next whole second.
    const Micros left = settings_.inactivity_reset - idle;
    const Micros to_next = left % kMicrosPerSecond;
    return std::max(0.05, double(to_next == 0 ? kMicrosPerSecond : to_next) / double(kMicrosPerSecond));
}

std::optional<TicketRequest> KioskFlow::Apply(const UiAction& action, Micros now) {
    // A list's page belongs to the list shown: another screen, question or topic starts at its first.
    struct PageReset {
        KioskFlow& flow;
        KioskScreen screen;
        std::string question, topic;
        ~PageReset() {
            if (flow.screen_ != screen || flow.finder_question_id_ != question || flow.nearby_topic_ != topic) flow.page_ = 0;
        }
    } page_reset{*this, screen_, finder_question_id_, nearby_topic_};
    now_ = now;
    last_touch_ = now;
    // Any touch but the speaker's stops the reading (a choice touched while it speaks).
    read_aloud_ = action.kind == Action::kReadAloud && CanReadAloud() ? ReadAloudTexts() : std::vector<std::string>{};
    switch (action.kind) {
        // A mode the site does not offer has no toggle; an action for it changes nothing.
        case Action::kToggleHighContrast: if (settings_.offered_modes.high_contrast) modes_.high_contrast = !modes_.high_contrast; break;
        case Action::kToggleLargeText: if (settings_.offered_modes.large_text) modes_.large_text = !modes_.large_text; break;
        case Action::kToggleLowReach: if (settings_.offered_modes.low_reach) modes_.low_reach = !modes_.low_reach; break;
        case Action::kToggleExploreByTouch: if (settings_.offered_modes.explore_by_touch) modes_.explore_by_touch = !modes_.explore_by_touch; break;
        case Action::kReadAloud: break;
        case Action::kPage: page_ = std::max(0, action.value); break;  // clamped where the list is paged
        case Action::kChooseLanguage:
            if (messages_.FindLanguage(action.id) != nullptr) {
                lang_ = action.id;
                if (screen_ == KioskScreen::kLanguage) {
                    // From the picker: back to where the visitor was, or to the start.
                    if (!history_.empty() && history_.back() != KioskScreen::kLanguage) {
                        screen_ = history_.back();
                        history_.pop_back();
                    } else {
                        history_.clear();
                        history_.push_back(KioskScreen::kLanguage);
                        screen_ = KioskScreen::kHome;
                    }
                }
            }
            break;
        case Action::kOpenLanguagePicker:
            Go(KioskScreen::kLanguage);
            break;
        case Action::kStartAgain:
            Reset();
            break;
        case Action::kBack:
            if (screen_ == KioskScreen::kFinder && !finder_path_.empty()) {
                finder_question_id_ = finder_path_.back();
                finder_path_.pop_back();
            } else if (!history_.empty()) {
                screen_ = history_.back();
                history_.pop_back();
            }
            break;
        case Action::kChooseOffice:
            if (catalogue_.FindOffice(action.id) != nullptr) {
                office_id_ = action.id;
                Go(KioskScreen::kOfficeServices);
            }
            break;
        case Action::kOpenFinder:
            finder_question_id_ = catalogue_.finder_start_question_id;
            finder_path_.clear();
            Go(KioskScreen::kFinder);
            break;
        case Action::kFinderAnswer: {
            if (action.id == kNearbyItem) {  // "none of these": help the centre does not give
                if (!catalogue_.partners.empty()) Go(KioskScreen::kNearbyTopics);
                break;
            }
            const catalogue::FinderQuestion* q = catalogue_.FindFinderQuestion(finder_question_id_);
            if (q == nullptr || action.value < 0 || action.value >= int(q->answers.size())) break;
            const catalogue::FinderAnswer& answer = q->answers[size_t(action.value)];
            if (!answer.next_question_id.empty()) {
                finder_path_.push_back(finder_question_id_);
                finder_question_id_ = answer.next_question_id;
            } else if (const catalogue::Service* s = catalogue_.FindService(answer.service_id)) {
                service_id_ = s->id;
                office_id_ = s->office_id;
                Go(KioskScreen::kService);
            }
            break;
        }
        case Action::kChooseService:
            if (const catalogue::Service* s = catalogue_.FindService(action.id)) {
                service_id_ = s->id;
                office_id_ = s->office_id;
                Go(KioskScreen::kService);
            }
            break;
        case Action::kAddStop:
            // This service becomes a stop of the visit; the visitor picks the next office.
            if (!service_id_.empty() && std::find(stops_.begin(), stops_.end(), service_id_) == stops_.end()) {
                stops_.push_back(service_id_);
            }
            service_id_.clear();
            history_.clear();
            history_.push_back(KioskScreen::kLanguage);
            screen_ = KioskScreen::kHome;
            break;
        case Action::kRemoveStop:
            if (action.value >= 0 && action.value < int(stops_.size())) stops_.erase(stops_.begin() + action.value);
            break;
        case Action::kContinue:
            Go(KioskScreen::kQuestions);
            break;
        case Action::kSetInterpreter:
            interpreter_ = action.value != 0 ? 1 : 0;
            break;
        case Action::kSetPriority:
            priority_id_ = catalogue_.FindPriorityClass(action.id) != nullptr ? action.id : "";
            break;
        case Action::kTakeTicket: {
            if (pending_) break;
            TicketRequest request;
            request.service_ids = stops_;
            if (!service_id_.empty() &&
                std::find(request.service_ids.begin(), request.service_ids.end(), service_id_) == request.service_ids.end()) {
                request.service_ids.push_back(service_id_);
            }
            if (request.service_ids.empty()) break;
            request.lang = lang_;
            request.interpreter = interpreter_ == 1;
            request.priority_id = priority_id_;
            ticket_services_ = request.service_ids;
            pending_ = true;
            error_.clear();
            Go(KioskScreen::kTicket);
            return request;
        }
        case Action::kTicketDone:
            Reset();
            break;
        case Action::kStillHere:
            break;  // the touch itself restarted the timer
        case Action::kOpenCheckIn:
            checkin_typed_.clear();
            Go(KioskScreen::kCheckIn);
            break;
        case Action::kCheckInType:
            if (screen_ == KioskScreen::kFeedbackTicket) {  // the same pad, for the ticket number
                for (char c : core::NormaliseReference(action.text))
                    if (feedback_typed_.size() < 5) feedback_typed_.push_back(c);
                break;
            }
            for (char c : core::NormaliseReference(action.text))
                if (checkin_typed_.size() < 16) checkin_typed_.push_back(c);
            break;
        case Action::kCheckInErase:
            if (screen_ == KioskScreen::kFeedbackTicket) {
                if (!feedback_typed_.empty()) feedback_typed_.pop_back();
                break;
            }
            if (!checkin_typed_.empty()) checkin_typed_.pop_back();
            break;
        case Action::kCheckInSubmit:
            if (screen_ == KioskScreen::kFeedbackTicket) {
                if (const std::string number = core::NormaliseTicketNumber(feedback_typed_); !number.empty())
                    StartFeedbackTicket(number);
                break;
            }
            if (core::LooksLikeReference(checkin_typed_)) StartCheckIn(checkin_typed_);
            break;
        case Action::kBookAppointment: {
            const catalogue::Service* s = catalogue_.FindService(service_id_);
            // A visitor who went back before the days came asks again; the stale answer is
            // for the same service and changes nothing.
            if (s == nullptr || !s->needs_appointment) break;
            booking_service_ = s->id;
            booking_days_.clear();
            booking_day_ = -1;
            booking_taken_ = false;
            booking_failed_ = false;
            booking_pending_ = true;
            booking_request_ = BookingRequest{BookingRequest::Kind::kDays, s->id, {}, lang_};
            Go(KioskScreen::kBookDay);
            break;
        }
        case Action::kChooseBookingDay:
            // A full day is not touchable; a stale tap on one changes nothing.
            if (screen_ != KioskScreen::kBookDay || booking_pending_ || action.value < 0 ||
                action.value >= int(booking_days_.size()) || booking_days_[size_t(action.value)].offered.empty())
                break;
            booking_day_ = action.value;
            booking_taken_ = false;
            Go(KioskScreen::kBookTime);
            break;
        case Action::kChooseBookingSlot: {
            if (screen_ != KioskScreen::kBookTime || booking_pending_ || booking_day_ < 0 ||
                booking_day_ >= int(booking_days_.size()))
                break;
            const auto& offered = booking_days_[size_t(booking_day_)].offered;
            if (std::none_of(offered.begin(), offered.end(), [&](const core::Slot& slot) { return slot.id == action.id; }))
                break;  // only a time this screen offered
            booking_pending_ = true;
            booking_failed_ = false;
            SetBooked(std::nullopt);
            booking_request_ = BookingRequest{BookingRequest::Kind::kBook, booking_service_, action.id, lang_};
            Go(KioskScreen::kBooked);
            break;
        }
        case Action::kOpenNearby:
            if (!catalogue_.partners.empty()) Go(KioskScreen::kNearbyTopics);
            break;
        case Action::kChooseNearbyTopic:
            // Only a topic some partner helps with; nothing of the choice is recorded.
            if (screen_ != KioskScreen::kNearbyTopics || catalogue_.PartnersFor(action.id).empty()) break;
            nearby_topic_ = action.id;
            Go(KioskScreen::kNearbyPartners);
            break;
        case Action::kOpenFeedback:
            if (catalogue_.offices.empty()) break;
            feedback_office_.clear();
            feedback_score_ = 0;
            feedback_reasons_.clear();
            feedback_visit_.clear();
            feedback_typed_.clear();
            feedback_ticket_answer_.reset();
            // The number on the slip first: the end of a visit is what the kiosk can check.
            Go(KioskScreen::kFeedbackTicket);
            break;
        case Action::kFeedbackWithoutNumber:
            if (screen_ != KioskScreen::kFeedbackTicket && screen_ != KioskScreen::kFeedbackTicketResult) break;
            if (feedback_ticket_pending_) break;
            OpenFeedbackWithoutNumber();
            break;
        case Action::kChooseFeedbackOffice:
            if (screen_ != KioskScreen::kFeedbackOffice || catalogue_.FindOffice(action.id) == nullptr) break;
            feedback_office_ = action.id;
            Go(KioskScreen::kFeedbackScore);
            break;
        case Action::kFeedbackScore:
            if (screen_ != KioskScreen::kFeedbackScore || feedback_office_.empty() ||
                action.value < core::kMinFeedbackScore || action.value > core::kMaxFeedbackScore)
                break;
            feedback_score_ = action.value;
            feedback_reasons_.clear();
            Go(KioskScreen::kFeedbackReasons);
            break;
        case Action::kFeedbackReason: {
            // A chip toggles; a fourth is not taken (the others are drawn disabled by then).
            if (screen_ != KioskScreen::kFeedbackReasons || !catalogue_.feedback.HasReason(action.id)) break;
            auto found = std::find(feedback_reasons_.begin(), feedback_reasons_.end(), action.id);
            if (found != feedback_reasons_.end()) {
                feedback_reasons_.erase(found);
            } else if (feedback_reasons_.size() < core::kMaxFeedbackReasons) {
                feedback_reasons_.push_back(action.id);
            }
            break;
        }
        case Action::kSendFeedback:
            if (screen_ != KioskScreen::kFeedbackReasons || feedback_office_.empty() || feedback_score_ == 0) break;
            // Office, language and the answers: nothing else of the visitor (core.h "visitor feedback").
            feedback_request_ = core::GiveFeedback{feedback_office_, "", lang_, feedback_score_, feedback_reasons_};
            // One answer a visit: remember the visit (not the answer) at this kiosk.
            if (!feedback_visit_.empty() && answered_visits_.insert(feedback_visit_).second) {
                answered_order_.push_back(feedback_visit_);
                if (answered_order_.size() > kAnsweredVisitsKept) {
                    answered_visits_.erase(answered_order_.front());
                    answered_order_.pop_front();
                }
            }
            feedback_visit_.clear();
            feedback_office_.clear();
            feedback_score_ = 0;
            feedback_reasons_.clear();
            history_.clear();  // no way back into answers already sent
            history_.push_back(KioskScreen::kLanguage);
            history_.push_back(KioskScreen::kHome);
            screen_ = KioskScreen::kFeedbackThanks;
            break;
        case Action::kFeedbackDone:
            if (screen_ != KioskScreen::kFeedbackThanks) break;
            history_.clear();
            history_.push_back(KioskScreen::kLanguage);
            screen_ = KioskScreen::kHome;
            break;
        default:
            break;
    }
    return std::nullopt;
}

void KioskFlow::OpenFeedbackWithoutNumber() {
    feedback_visit_.clear();
    feedback_ticket_answer_.reset();
    feedback_office_.clear();
    // With one office there is nothing to ask: straight to the faces.
    if (catalogue_.offices.size() == 1) {
        feedback_office_ = catalogue_.offices.front().id;
        Go(KioskScreen::kFeedbackScore);
    } else {
        Go(KioskScreen::kFeedbackOffice);
    }
}

void KioskFlow::StartFeedbackTicket(const std::string& number) {
    if (feedback_ticket_pending_) return;  // one request at a time
    feedback_ticket_request_ = number;
    feedback_ticket_pending_ = true;
    feedback_ticket_failed_ = false;
    feedback_given_already_ = false;
    feedback_ticket_answer_.reset();
    if (screen_ != KioskScreen::kFeedbackTicketResult) Go(KioskScreen::kFeedbackTicketResult);
}

std::optional<std::string> KioskFlow::TakeFeedbackTicketRequest() {
    auto request = std::move(feedback_ticket_request_);
    feedback_ticket_request_.reset();
    return request;
}

void KioskFlow::OnFeedbackTicket(const core::VisitEnd& end) {
    if (!feedback_ticket_pending_) return;  // the visitor started again meanwhile
    feedback_ticket_pending_ = false;
    if (screen_ != KioskScreen::kFeedbackTicketResult) return;
    const bool answered = !end.visit_id.empty() && answered_visits_.count(end.visit_id) > 0;
    if (end.kind == core::VisitEndKind::kFinished && !answered && catalogue_.FindOffice(end.office_id) != nullptr) {
        // Straight to the faces, about the last stop's office; "back" returns to the pad.
        feedback_visit_ = end.visit_id;
        feedback_office_ = end.office_id;
        feedback_score_ = 0;
        feedback_reasons_.clear();
        screen_ = KioskScreen::kFeedbackScore;
        return;
    }
    feedback_given_already_ = end.kind == core::VisitEndKind::kFinished && answered;
    feedback_ticket_answer_ = end;
    feedback_ticket_answer_->visit_id.clear();  // not needed to say where to wait
}

void KioskFlow::OnFeedbackTicketFailed() {
    feedback_ticket_pending_ = false;
    feedback_ticket_failed_ = true;
}

std::optional<core::GiveFeedback> KioskFlow::TakeFeedbackRequest() {
    auto request = std::move(feedback_request_);
    feedback_request_.reset();
    return request;
}

void KioskFlow::OnTicketIssued(const IssuedTicket& ticket) {
    pending_ = false;
    ticket_ = ticket;
}

void KioskFlow::OnPrintFailed(std::string_view number) {
    if (ticket_ && ticket_->number == number) ticket_->print_failed = true;
}

void KioskFlow::OnTicketFailed(const std::string& message) {
    pending_ = false;
    error_ = message;
    if (screen_ == KioskScreen::kTicket && !history_.empty()) {
        screen_ = history_.back();
        history_.pop_back();
    }
}

void KioskFlow::StartCheckIn(const std::string& reference) {
    if (checkin_pending_ || pending_) return;  // one request at a time
    checkin_adopt_lang_ = screen_ == KioskScreen::kLanguage;
    checkin_request_ = reference;
    checkin_pending_ = true;
    checkin_answer_.reset();
    if (screen_ != KioskScreen::kCheckInResult) Go(KioskScreen::kCheckInResult);
}

void KioskFlow::Keyboard(std::string_view chars, bool enter, Micros now) {
    now_ = now;
    if (!chars.empty()) {
        // A slow key (a person) starts a new burst; a scanner types the whole text at once.
        if (now - scan_last_key_ > kScannerKeyGap) scan_buffer_.clear();
        if (scan_buffer_.size() + chars.size() <= 64) scan_buffer_.append(chars);
        scan_last_key_ = now;
    }
    if (!enter) return;
    const bool burst = !scan_buffer_.empty() && now - scan_last_key_ <= kScannerKeyGap;
    std::string text = burst ? scan_buffer_ : std::string();
    scan_buffer_.clear();
    // On the feedback's pad a scanner (or a keyboard) may send the ticket number.
    if (screen_ == KioskScreen::kFeedbackTicket && !core::NormaliseTicketNumber(text).empty()) {
        last_touch_ = now;
        feedback_typed_ = core::NormaliseReference(text);
        StartFeedbackTicket(core::NormaliseTicketNumber(text));
        return;
    }
    if (text.empty() || !core::LooksLikeReference(text)) return;
    last_touch_ = now;  // a scan is the visitor's action
    StartCheckIn(core::NormaliseReference(text));
}

std::optional<std::string> KioskFlow::TakeCheckInRequest() {
    auto request = std::move(checkin_request_);
    checkin_request_.reset();
    return request;
}

void KioskFlow::OnCheckIn(const CheckInAnswer& answer) {
    checkin_pending_ = false;
    checkin_answer_ = answer;
    // Scanned on the language picker: the visitor chose no language yet; the booking knows it.
    if (checkin_adopt_lang_ && !answer.lang.empty() && messages_.FindLanguage(answer.lang) != nullptr) lang_ = answer.lang;
    checkin_adopt_lang_ = false;
}

void KioskFlow::OnCheckInFailed(const std::string& message) {
    checkin_pending_ = false;
    checkin_answer_ = CheckInAnswer{"failed", {}, {}, {}, {}, 0, 0};
    error_ = message;
}

std::optional<BookingRequest> KioskFlow::TakeBookingRequest() {
    auto request = std::move(booking_request_);
    booking_request_.reset();
    return request;
}

void KioskFlow::OnBookingDays(const std::string& service_id, std::vector<core::SlotDay> days) {
    if (service_id != booking_service_ || screen_ != KioskScreen::kBookDay) return;  // the visitor left meanwhile
    booking_pending_ = false;
    booking_days_ = std::move(days);
}

void KioskFlow::OnBooking(const BookingAnswer& answer) {
    if (!booking_pending_ || screen_ != KioskScreen::kBooked) return;
    booking_pending_ = false;
    if (answer.kind == BookingAnswer::Kind::kBooked) {
        SetBooked(answer.booked);
        return;
    }
    if (answer.kind == BookingAnswer::Kind::kFailed) {
        booking_failed_ = true;
        return;
    }
    // Taken meanwhile: the time buttons again with what can be given now, on the same day if
    // it still has times, else the next day that has, and a calm sentence instead of an error.
    const std::string day = booking_day_ >= 0 && booking_day_ < int(booking_days_.size())
                                ? booking_days_[size_t(booking_day_)].day
                                : std::string();
    booking_days_ = answer.days;
    booking_day_ = -1;
    for (size_t i = 0; i < booking_days_.size() && booking_day_ < 0; ++i)
        if (booking_days_[i].day >= day && !booking_days_[i].offered.empty()) booking_day_ = int(i);
    for (size_t i = 0; i < booking_days_.size() && booking_day_ < 0; ++i)
        if (!booking_days_[i].offered.empty()) booking_day_ = int(i);
    booking_taken_ = true;
    // Back from the confirmation to the times (or, with no time left anywhere, the days).
    while (!history_.empty() && screen_ != KioskScreen::kBookTime && screen_ != KioskScreen::kBookDay) {
        screen_ = history_.back();
        history_.pop_back();
    }
    if (booking_day_ < 0 && screen_ == KioskScreen::kBookTime && !history_.empty()) {
        screen_ = history_.back();
        history_.pop_back();
    }
}

void KioskFlow::SetBooked(std::optional<BookedAppointment> booked) {
    booked_ = std::move(booked);
    booked_qr_size_ = 0;
    booked_qr_.clear();
    if (!booked_) return;
    // Encoded once here, not in every frame's view.
    if (auto code = qr::Encode(booked_->reference); code.ok()) {
        booked_qr_size_ = code->size;
        booked_qr_.assign(code->modules.begin(), code->modules.end());
    }
}

void KioskFlow::OnBookingPrintFailed(std::string_view reference) {
    if (booked_ && booked_->reference == reference) booked_->print_failed = true;
}

void KioskFlow::ShowBookingForGallery(KioskScreen screen, const std::string& service_id, std::vector<core::SlotDay> days,
                                      int day, bool taken, std::optional<BookedAppointment> booked,
                                      std::string_view lang, Micros now) {
    Reset();
    lang_ = std::string(lang);
    now_ = now;
    last_touch_ = now;
    service_id_ = service_id;
    booking_service_ = service_id;
    if (const catalogue::Service* s = catalogue_.FindService(service_id)) office_id_ = s->office_id;
    booking_days_ = std::move(days);
    booking_day_ = day;
    booking_taken_ = taken;
    SetBooked(std::move(booked));
    history_ = {KioskScreen::kLanguage, KioskScreen::kHome, KioskScreen::kOfficeServices, KioskScreen::kService};
    if (screen == KioskScreen::kBookTime || screen == KioskScreen::kBooked) history_.push_back(KioskScreen::kBookDay);
    if (screen == KioskScreen::kBooked) history_.push_back(KioskScreen::kBookTime);
    screen_ = screen;
}

void KioskFlow::ShowNearbyForGallery(std::string_view topic, std::string_view lang, Micros now) {
    Reset();
    lang_ = std::string(lang);
    now_ = now;
    last_touch_ = now;
    history_ = {KioskScreen::kLanguage, KioskScreen::kHome};
    screen_ = KioskScreen::kNearbyTopics;
    if (!topic.empty()) {
        history_.push_back(KioskScreen::kNearbyTopics);
        nearby_topic_ = std::string(topic);
        screen_ = KioskScreen::kNearbyPartners;
    }
}

void KioskFlow::ShowCheckInForGallery(std::string_view typed, std::optional<CheckInAnswer> answer, std::string_view lang,
                                      Micros now) {
    Reset();
    lang_ = std::string(lang);
    now_ = now;
    last_touch_ = now;
    history_ = {KioskScreen::kLanguage, KioskScreen::kHome};
    checkin_typed_ = core::NormaliseReference(typed);
    if (answer) {
        history_.push_back(KioskScreen::kCheckIn);
        checkin_answer_ = std::move(answer);
        screen_ = KioskScreen::kCheckInResult;
    } else {
        screen_ = KioskScreen::kCheckIn;
    }
}

void KioskFlow::ShowForGallery(KioskScreen screen, std::string_view lang, Micros now) {
    Reset();
    lang_ = std::string(lang);
    now_ = now;
    last_touch_ = now;
    // A plausible journey: the foreigners' authority's first service with documents,
    // a second stop at social work, interpreter yes, small children.
    const catalogue::Service* first = nullptr;
    for (const auto& s : catalogue_.services) {
        if (!s.document_ids.empty() && !s.needs_appointment) { first = &s; break; }
    }
    if (first == nullptr && !catalogue_.services.empty()) first = &catalogue_.services.front();
    const catalogue::Service* second = nullptr;
    for (const auto& s : catalogue_.services) {
        if (first != nullptr && s.office_id != first->office_id && !s.needs_appointment) { second = &s; break; }
    }
    if (first != nullptr) office_id_ = first->office_id;
    history_ = {KioskScreen::kLanguage, KioskScreen::kHome};
    switch (screen) {
        case KioskScreen::kLanguage: history_.clear(); break;
        case KioskScreen::kHome: history_ = {KioskScreen::kLanguage}; break;
        case KioskScreen::kOfficeServices: break;
        case KioskScreen::kFinder: finder_question_id_ = catalogue_.finder_start_question_id; break;
        case KioskScreen::kService:
            if (first) service_id_ = first->id;
            if (second) stops_ = {second->id};
            if (second) std::swap(service_id_, stops_.front()), office_id_ = second->office_id;
            history_.push_back(KioskScreen::kOfficeServices);
            break;
        case KioskScreen::kQuestions:
            if (first) service_id_ = first->id;
            interpreter_ = 1;
            if (!catalogue_.priority_classes.empty()) priority_id_ = catalogue_.priority_classes.back().id;
            history_.push_back(KioskScreen::kService);
            break;
        case KioskScreen::kTicket:
            if (first) ticket_services_.push_back(first->id);
            if (second) ticket_services_.push_back(second->id);
            if (first) {
                const catalogue::Office* o = catalogue_.FindOffice(first->office_id);
                ticket_ = IssuedTicket{std::string(1, o ? o->ticket_prefix : 'A') + "-042", first->office_id, 25};
            }
            history_.push_back(KioskScreen::kQuestions);
            break;
        case KioskScreen::kCheckIn:
        case KioskScreen::kCheckInResult:
            break;  // ShowCheckInForGallery fills these
        case KioskScreen::kBookDay:
        case KioskScreen::kBookTime:
        case KioskScreen::kBooked:
            break;  // ShowBookingForGallery fills these
        case KioskScreen::kNearbyTopics:
        case KioskScreen::kNearbyPartners:
            break;  // ShowNearbyForGallery fills these
        case KioskScreen::kFeedbackOffice:
        case KioskScreen::kFeedbackScore:
        case KioskScreen::kFeedbackReasons:
        case KioskScreen::kFeedbackThanks:
        case KioskScreen::kFeedbackTicket:
        case KioskScreen::kFeedbackTicketResult:
            break;  // ShowFeedbackForGallery fills these
    }
    screen_ = screen;
}

void KioskFlow::ShowCountdownForGallery(Micros now) {
    now_ = now;
    last_touch_ = now - (settings_.inactivity_reset - 12 * kMicrosPerSecond);
}

std::string KioskFlow::T(std::string_view key) const { return std::string(messages_.Text(lang_, key)); }

std::string KioskFlow::F(std::string_view key, const messages::Args& args) const {
    return messages_.Format(lang_, key, args);
}

int KioskFlow::OfficeIndex(const std::string& office_id) const {
    for (size_t i = 0; i < catalogue_.offices.size(); ++i) {
        if (catalogue_.offices[i].id == office_id) return int(i);
    }
    return 0;
}

std::vector<std::string> KioskFlow::VisitOffices() const {
    std::vector<std::string> offices;
    for (const auto& id : stops_) {
        if (const auto* s = catalogue_.FindService(id)) offices.push_back(s->office_id);
    }
    return offices;
}

KioskChrome KioskFlow::Chrome(int step, bool show_back) const {
    KioskChrome c;
    c.lang = lang_;
    c.show_back = show_back;
    c.back_label = T("common.back");
    const messages::LanguageInfo* info = messages_.FindLanguage(lang_);
    c.language_label = info ? info->name : lang_;
    c.start_again_label = T("common.start_again");
    c.step = step;
    c.steps = kSteps;
    c.read_aloud = CanReadAloud();
    const Micros idle = now_ - last_touch_;
    const Micros countdown_start = settings_.inactivity_reset - settings_.countdown_before;
    if (idle >= countdown_start && screen_ != KioskScreen::kLanguage) {
        c.countdown_visible = true;
        const Micros left = std::max<Micros>(0, settings_.inactivity_reset - idle);
        c.countdown_seconds = int((left + kMicrosPerSecond - 1) / kMicrosPerSecond);
        c.countdown_title = T("kiosk.idle.title");
        c.countdown_text = F("kiosk.idle.countdown", messages::Args().Int("seconds", c.countdown_seconds));
        c.still_here_label = T("kiosk.idle.stay");
    }
    return c;
}

int KioskFlow::WaitMinutes(const std::string& office_id) const {
    auto found = facts_.wait_minutes_by_office.find(office_id);
    return found == facts_.wait_minutes_by_office.end() ? -1 : found->second;
}

std::string KioskFlow::WaitText(const std::string& office_id) const {
    return WaitInWords(messages_, lang_, WaitMinutes(office_id), "kiosk.service.wait_today",
                       "kiosk.service.wait_today_hours");
}

std::vector<DocumentLine> KioskFlow::Documents(const catalogue::Service& service) const {
    std::vector<DocumentLine> lines;
    for (const auto& id : service.document_ids) {
        if (const catalogue::Document* d = catalogue_.FindDocument(id)) lines.push_back({d->pictogram, T(d->title_key)});
    }
    return lines;
}

LanguagePickerView KioskFlow::LanguagePicker() const {
    LanguagePickerView v;
    v.chrome = Chrome(0, false);
    // The picker speaks to everyone: the site's language and English.
    const std::string local = std::string(messages_.Text(settings_.default_lang, "kiosk.language.title"));
    const std::string english = std::string(messages_.Text("en", "kiosk.language.title"));
    v.chrome.lang = settings_.default_lang;
    v.title = local == english ? local : local + "  ·  " + english;
    v.title_lines = {local};
    if (local != english) v.title_lines.push_back(english);
    std::vector<const messages::LanguageInfo*> enabled;
    for (const auto& l : messages_.Languages()) {
        if (l.enabled) enabled.push_back(&l);
    }
    std::stable_sort(enabled.begin(), enabled.end(), [](auto* a, auto* b) { return a->order < b->order; });
    for (const auto* l : enabled) v.languages.push_back({l->code, l->name, {}});
    v.offered_modes = settings_.offered_modes;
    return v;
}

HomeView KioskFlow::Home() const {
    HomeView v;
    v.chrome = Chrome(1, true);
    v.title = T(stops_.empty() ? "kiosk.home.title" : "kiosk.home.choose_office");
    for (size_t i = 0; i < catalogue_.offices.size(); ++i) {
        const auto& o = catalogue_.offices[i];
        v.offices.push_back({o.id, T(o.name_key), T(o.summary_key), o.pictogram, OfficeAccent(int(i))});
    }
    v.not_sure_label = T("kiosk.home.not_sure");
    v.not_sure_hint = T("kiosk.home.not_sure_hint");
    if (stops_.empty()) {  // a second stop of a visit is no check-in
        v.appointment_label = T("kiosk.home.have_appointment");
        v.appointment_hint = T("kiosk.checkin.enter_code");
    }
    if (!catalogue_.partners.empty()) {
        v.nearby_label = T("kiosk.nearby.title");
        v.nearby_hint = T("kiosk.nearby.hint");
    }
    if (stops_.empty() && !catalogue_.offices.empty()) {  // not in the middle of choosing a visit's stops
        v.feedback_label = T("kiosk.home.feedback");
        v.feedback_hint = T("kiosk.home.feedback_hint");
    }
    if (LargeText()) {
        v.pages = 2;
        v.page = std::clamp(page_, 0, 1);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

namespace {
// "A011510001" -> "A-0115-1000-1": the printed reference's groups, easier to compare.
std::string GroupReference(const std::string& typed) {
    std::string out;
    for (size_t i = 0; i < typed.size(); ++i) {
        if (i == 1 || i == 5 || i == 9) out.push_back('-');
        out.push_back(typed[i]);
    }
    return out;
}
}  // namespace

CheckInView KioskFlow::CheckIn() const {
    CheckInView v;
    v.chrome = Chrome(0, true);
    v.title = T("kiosk.checkin.title");
    v.hint = T("kiosk.checkin.enter_code");
    v.typed = GroupReference(checkin_typed_);
    // Letters as on the printed slip: the office's letter comes first, then digits.
    for (char c = 'A'; c <= 'Z'; ++c) v.keys.push_back(std::string(1, c));
    for (char c = '1'; c <= '9'; ++c) v.keys.push_back(std::string(1, c));
    v.keys.push_back("0");
    if (LargeText() && v.keys.size() > kLargeTextPadKeys) {
        // Large text: the letters and the digits on two pages of the pad, so each key's label
        // keeps the full 50 %; the switch key shows the other page's first three keys.
        v.pad_pages = 2;
        v.pad_page = std::clamp(page_, 0, 1);
        const auto digits = std::find(v.keys.begin(), v.keys.end(), "1");
        std::vector<std::string> letters(v.keys.begin(), digits), numbers(digits, v.keys.end());
        const std::vector<std::string>& other = v.pad_page == 0 ? numbers : letters;
        for (size_t i = 0; i < std::min<size_t>(3, other.size()); ++i) v.pad_switch_label += other[i];
        v.keys = v.pad_page == 0 ? std::move(letters) : std::move(numbers);
    }
    v.submit_label = T("common.continue");
    v.can_submit = core::LooksLikeReference(checkin_typed_);
    return v;
}

CheckInResultView KioskFlow::CheckInResult() const {
    CheckInResultView v;
    v.done_label = T("ticket.done");
    v.your_number_label = T("ticket.your_number");
    if (checkin_pending_ || !checkin_answer_) {
        v.chrome = Chrome(0, false);
        v.pending = true;
        v.pictogram = "hourglass_empty";
        v.message = T("common.please_wait");
        return v;
    }
    const CheckInAnswer& a = *checkin_answer_;
    v.reference = a.reference;
    const catalogue::Office* office = catalogue_.FindOffice(a.office_id);
    v.accent = OfficeAccent(OfficeIndex(a.office_id));
    if (a.reason == core::kCheckInOnTime || a.reason == core::kCheckInArrived) {
        v.ok = true;
        v.pictogram = "event_available";
        v.message = a.reason == core::kCheckInOnTime
                        ? F("kiosk.checkin.done", messages::Args().Date("time", a.appointment_at))
                        : T("kiosk.checkin.arrived");
        v.number = a.number;
        v.office_name = office ? T(office->name_key) : "";
        v.wait_where = office ? T(office->waiting_area_key) : "";
    } else if (a.reason == core::kCheckInEarly) {
        v.pictogram = "schedule";
        v.message = F("kiosk.checkin.early", messages::Args().Date("time", a.come_back_from));
    } else if (a.reason == core::kCheckInLate) {
        v.pictogram = "schedule";
        v.message = T("kiosk.checkin.late");
        if (office) {
            v.take_ticket_label = T("kiosk.service.take_ticket");
            v.take_ticket_office = office->id;
        }
    } else if (a.reason == core::kCheckInCancelled) {
        v.pictogram = "event_busy";
        v.message = T("kiosk.checkin.cancelled");
    } else if (a.reason == core::kCheckInUnknown) {
        v.pictogram = "help";
        v.message = T("kiosk.checkin.not_found");
    } else {
        v.pictogram = "error";
        v.message = T("common.error_ask_staff");
    }
    v.chrome = Chrome(0, !v.ok);  // back to the pad to correct a reference
    return v;
}

void KioskFlow::PageChoices(ChoiceListView& v) const {
    const int count = int(v.items.size());
    if (!LargeText() || count <= kLargeTextChoicesPerPage) return;
    v.pages = (count + kLargeTextChoicesPerPage - 1) / kLargeTextChoicesPerPage;
    v.page = std::clamp(page_, 0, v.pages - 1);
    v.first_index = v.page * kLargeTextChoicesPerPage;
    const int last = std::min(count, v.first_index + kLargeTextChoicesPerPage);
    v.items = std::vector<ChoiceItem>(v.items.begin() + v.first_index, v.items.begin() + last);
    v.previous_page_label = T("kiosk.page.previous");
    v.next_page_label = T("kiosk.page.next");
}

ChoiceListView KioskFlow::OfficeServices() const {
    ChoiceListView v;
    v.chrome = Chrome(2, true);
    const catalogue::Office* office = catalogue_.FindOffice(office_id_);
    v.title = office ? T(office->name_key) : "";
    v.subtitle = T("kiosk.office.choose_service");
    v.pictogram = office ? office->pictogram : "";
    v.accent = OfficeAccent(OfficeIndex(office_id_));
    v.item_action = Action::kChooseService;
    const auto visit_offices = VisitOffices();
    for (const auto& s : catalogue_.services) {
        if (s.office_id != office_id_) continue;
        ChoiceItem item;
        item.id = s.id;
        item.label = T(s.name_key);
        item.pictogram = s.pictogram;
        if (s.needs_appointment) item.hint = T("kiosk.service.needs_appointment");
        // One visit, several stops: a second stop is at another office.
        item.disabled = std::find(visit_offices.begin(), visit_offices.end(), s.office_id) != visit_offices.end();
        v.items.push_back(std::move(item));
    }
    PageChoices(v);
    return v;
}

ChoiceListView KioskFlow::Finder() const {
    ChoiceListView v;
    v.chrome = Chrome(2, true);
    v.pictogram = "help";
    v.item_action = Action::kFinderAnswer;
    const catalogue::FinderQuestion* q = catalogue_.FindFinderQuestion(finder_question_id_);
    v.title = q ? T(q->question_key) : T("kiosk.finder.title");
    v.subtitle = F("kiosk.finder.progress",
                   messages::Args().Int("current", int64_t(finder_path_.size()) + 1).Int("total", 2));
    if (q != nullptr) {
        for (size_t i = 0; i < q->answers.size(); ++i) {
            const auto& a = q->answers[i];
            v.items.push_back({std::to_string(i), T(a.label_key), {}, a.pictogram, false, false});
        }
    }
    // The way out when no answer fits: help the centre itself does not give.
    if (!catalogue_.partners.empty())
        v.items.push_back({std::string(kNearbyItem), T("kiosk.finder.none_fits"), T("kiosk.nearby.title"), "support", false,
                           false});
    PageChoices(v);
    return v;
}

ServiceView KioskFlow::Service() const {
    ServiceView v;
    v.chrome = Chrome(3, true);
    const catalogue::Service* s = catalogue_.FindService(service_id_);
    if (s == nullptr) return v;
    const catalogue::Office* office = catalogue_.FindOffice(s->office_id);
    v.office_name = office ? T(office->name_key) : "";
    v.name = T(s->name_key);
    v.description = T(s->description_key);
    v.pictogram = s->pictogram;
    v.accent = OfficeAccent(OfficeIndex(s->office_id));
    v.documents_title = s->document_ids.empty() ? T("kiosk.service.bring_nothing") : T("kiosk.service.what_to_bring");
    v.documents = Documents(*s);
    v.wait_text = WaitText(s->office_id);
    v.needs_appointment = s->needs_appointment;
    v.appointment_text = T("kiosk.service.needs_appointment");
    // A long wait today: the appointment is offered instead (the same row as a service that
    // needs one, in the same words everywhere).
    const int wait = WaitMinutes(s->office_id);
    v.offer_appointment = !s->needs_appointment && settings_.appointment_offer_from_minutes > 0 &&
                          wait >= settings_.appointment_offer_from_minutes;
    if (v.offer_appointment) v.appointment_text = T("kiosk.service.long_wait_appointment");
    v.continue_label = T(s->needs_appointment ? "kiosk.service.book_appointment" : "kiosk.service.take_ticket");
    v.add_stop_label = T("kiosk.service.add_other");
    // A visit has at most one stop per office.
    auto offices = VisitOffices();
    offices.push_back(s->office_id);
    std::sort(offices.begin(), offices.end());
    offices.erase(std::unique(offices.begin(), offices.end()), offices.end());
    v.can_add_stop = offices.size() < catalogue_.offices.size();
    v.stops_title = T("kiosk.visit.title");
    for (const auto& id : stops_) {
        if (const auto* stop = catalogue_.FindService(id)) {
            const auto* o = catalogue_.FindOffice(stop->office_id);
            v.stops.push_back({o ? T(o->name_key) : "", T(stop->name_key), stop->pictogram, false,
                               OfficeAccent(OfficeIndex(stop->office_id))});
        }
    }
    if (LargeText()) {
        // Large text: what the service is, then the wait (and the appointment), then what to
        // bring a few a page, then the visit so far; "take a ticket" on every page.
        v.large_pages = {ServicePage::kAbout, ServicePage::kWait, ServicePage::kDocuments};
        for (size_t d = kLargeTextDocumentsPerPage; d < v.documents.size(); d += kLargeTextDocumentsPerPage)
            v.large_pages.push_back(ServicePage::kDocuments);
        if (!v.stops.empty()) v.large_pages.push_back(ServicePage::kVisit);
        v.page = std::clamp(page_, 0, int(v.large_pages.size()) - 1);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

QuestionsView KioskFlow::Questions() const {
    QuestionsView v;
    v.chrome = Chrome(4, true);
    v.title = T("kiosk.questions.priority_hint");
    v.interpreter_question = T("kiosk.questions.interpreter");
    v.yes_label = T("common.yes");
    v.no_label = T("common.no");
    v.interpreter = interpreter_;
    v.priority_question = T("kiosk.questions.priority");
    for (const auto& p : catalogue_.priority_classes) {
        v.priorities.push_back({p.id, T(p.label_key), {}, p.pictogram, priority_id_ == p.id, false});
    }
    v.priorities.push_back({"", T("kiosk.questions.priority_none"), {}, "do_not_disturb_on", priority_id_.empty(), false});
    v.take_ticket_label = T("kiosk.service.take_ticket");
    v.privacy_note = error_.empty() ? T("kiosk.questions.no_name") : error_;
    if (LargeText() && !v.priorities.empty()) {
        v.pages = 2;
        v.page = std::clamp(page_, 0, 1);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

TicketView KioskFlow::Ticket() const {
    TicketView v;
    v.chrome = Chrome(5, false);
    v.your_number_label = T("ticket.your_number");
    v.done_label = T("ticket.done");
    if (ticket_ && ticket_->print_failed) v.printer_problem = T("ticket.printer_problem");
    if (pending_ || !ticket_) {
        v.number = "…";
        v.office_name = T("common.please_wait");
        return v;
    }
    v.number = ticket_->number;
    const catalogue::Office* office = catalogue_.FindOffice(ticket_->office_id);
    v.office_name = office ? T(office->name_key) : "";
    v.accent = OfficeAccent(OfficeIndex(ticket_->office_id));
    v.wait_where = office ? T(office->waiting_area_key) : "";
    v.wait_text = WaitInWords(messages_, lang_, ticket_->estimated_minutes, "ticket.estimated_wait",
                              "ticket.estimated_wait_hours");
    v.next_title = T("ticket.next_title");
    v.next_text = T("ticket.next_steps");
    v.documents_title = T("ticket.documents_again");
    if (!ticket_services_.empty()) {
        if (const auto* s = catalogue_.FindService(ticket_services_.front())) v.documents = Documents(*s);
    }
    if (ticket_services_.size() > 1) {
        v.stops_note = T("kiosk.visit.one_ticket");
        for (size_t i = 0; i < ticket_services_.size(); ++i) {
            if (const auto* s = catalogue_.FindService(ticket_services_[i])) {
                const auto* o = catalogue_.FindOffice(s->office_id);
                v.stops.push_back({o ? T(o->name_key) : "", T(s->name_key), o ? o->pictogram : "", i == 0,
                                   OfficeAccent(OfficeIndex(s->office_id))});
            }
        }
    }
    if (LargeText()) {
        // Large text: where and how long, then what happens next, then the documents (when
        // there are any), each page with the number, so every text keeps its full 50 %.
        v.large_pages.push_back(TicketPage::kWait);
        if (!v.stops.empty() || !v.printer_problem.empty()) v.large_pages.push_back(TicketPage::kVisit);
        for (size_t d = 0; d < v.documents.size(); d += kLargeTextDocumentsPerPage) v.large_pages.push_back(TicketPage::kDocuments);
        v.page = std::clamp(page_, 0, int(v.large_pages.size()) - 1);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

namespace {
// Noon (UTC) of a local day "2026-12-07": a moment on that day in every European zone, for
// formatting the day's name and date (the time itself is never shown).
Micros NoonOf(const std::string& day) {
    int y = 0, m = 0, d = 0;
    if (std::sscanf(day.c_str(), "%d-%d-%d", &y, &m, &d) != 3) return 0;
    using namespace std::chrono;
    const sys_days date{year_month_day{year(y), month(unsigned(m)), std::chrono::day(unsigned(d))}};
    return duration_cast<microseconds>(date.time_since_epoch()).count() + 12 * 60 * kMicrosPerMinute;
}
}  // namespace

BookingDaysView KioskFlow::BookingDays() const {
    BookingDaysView v;
    v.chrome = Chrome(4, true);
    v.title = T("kiosk.booking.choose_day");
    const catalogue::Service* s = catalogue_.FindService(booking_service_);
    if (s != nullptr) {
        v.service = T(s->name_key);
        v.pictogram = s->pictogram;
        v.accent = OfficeAccent(OfficeIndex(s->office_id));
    }
    v.pending = booking_pending_;
    if (booking_pending_) {
        v.message = T("common.please_wait");
        return v;
    }
    bool any = false;
    for (const auto& day : booking_days_) {
        BookingDayButton b;
        const Micros noon = NoonOf(day.day);
        b.weekday = F("kiosk.booking.weekday", messages::Args().Date("time", noon));
        b.date = F("kiosk.booking.date", messages::Args().Date("time", noon));
        // "Full" means nothing this terminal can give: a day is never offered beyond that.
        const core::DayAvailability a = day.offered.empty() ? core::DayAvailability::kFull : day.availability;
        b.state = a == core::DayAvailability::kFree ? DayState::kFree
                  : a == core::DayAvailability::kFew ? DayState::kFew
                                                     : DayState::kFull;
        b.availability = T(b.state == DayState::kFree  ? "kiosk.booking.free"
                           : b.state == DayState::kFew ? "kiosk.booking.few"
                                                       : "kiosk.booking.full");
        any = any || b.state != DayState::kFull;
        v.days.push_back(std::move(b));
    }
    if (!any) v.message = T(booking_taken_ ? "kiosk.booking.taken_all" : "kiosk.booking.none");
    const int per_page = v.message.empty() ? kLargeTextDaysPerPage : kLargeTextDaysPerPageUnderMessage;
    if (LargeText() && int(v.days.size()) > per_page) {
        const int count = int(v.days.size());
        v.pages = (count + per_page - 1) / per_page;
        v.page = std::clamp(page_, 0, v.pages - 1);
        v.first_index = v.page * per_page;
        const int last = std::min(count, v.first_index + per_page);
        v.days = std::vector<BookingDayButton>(v.days.begin() + v.first_index, v.days.begin() + last);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

BookingTimesView KioskFlow::BookingTimes() const {
    BookingTimesView v;
    v.chrome = Chrome(4, true);
    v.title = T("kiosk.booking.choose_time");
    const catalogue::Service* s = catalogue_.FindService(booking_service_);
    if (s != nullptr) v.accent = OfficeAccent(OfficeIndex(s->office_id));
    if (booking_taken_) v.note = T("kiosk.booking.taken");
    if (booking_day_ < 0 || booking_day_ >= int(booking_days_.size())) return v;
    const core::SlotDay& day = booking_days_[size_t(booking_day_)];
    const Micros noon = NoonOf(day.day);
    v.day = F("kiosk.booking.day", messages::Args().Date("time", noon));  // the locale's own order and commas
    // One button a start time: seats of the same time are one choice for the visitor (the
    // first offered seat is booked).
    Micros last = -1;
    for (const auto& slot : day.offered) {
        if (slot.start_us == last) continue;
        last = slot.start_us;
        v.times.push_back({slot.id, F("kiosk.booking.time", messages::Args().Date("time", slot.start_us))});
    }
    return v;
}

BookedView KioskFlow::Booked() const {
    BookedView v;
    v.done_label = T("ticket.done");
    const catalogue::Service* s = catalogue_.FindService(booked_ ? booked_->service_id : booking_service_);
    const catalogue::Office* office = s ? catalogue_.FindOffice(s->office_id) : nullptr;
    if (s) v.accent = OfficeAccent(OfficeIndex(s->office_id));
    if (booking_pending_ || (!booked_ && !booking_failed_)) {
        v.chrome = Chrome(5, false);
        v.pending = true;
        v.message = T("common.please_wait");
        return v;
    }
    if (!booked_) {
        v.chrome = Chrome(5, true);
        v.message = T("common.error_ask_staff");
        return v;
    }
    v.chrome = Chrome(5, false);
    v.title = T("kiosk.booking.booked");
    v.reference_label = T("slip.booking.reference");
    v.reference = booked_->reference;
    v.qr_size = booked_qr_size_;
    v.qr_modules = booked_qr_;
    v.when = F("slip.booking.when", messages::Args().Date("time", booked_->start_us));
    v.office_name = office ? T(office->name_key) : "";
    v.service_name = s ? T(s->name_key) : "";
    v.check_in_hint = T("slip.booking.check_in");
    if (s) {
        v.documents_title = s->document_ids.empty() ? T("kiosk.service.bring_nothing") : T("kiosk.service.what_to_bring");
        v.documents = Documents(*s);
    }
    if (booked_->print_failed) v.printer_problem = T("kiosk.booking.printer_problem");
    if (LargeText()) {
        // The printer's fault first: the visitor must write the reference down before leaving.
        v.large_pages = {BookedPage::kWhen, BookedPage::kHint};
        if (!v.printer_problem.empty()) std::swap(v.large_pages[0], v.large_pages[1]);
        for (size_t d = 0; d < v.documents.size(); d += kLargeTextDocumentsPerPage) v.large_pages.push_back(BookedPage::kDocuments);
        v.page = std::clamp(page_, 0, int(v.large_pages.size()) - 1);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

ChoiceListView KioskFlow::NearbyTopics() const {
    ChoiceListView v;
    v.chrome = Chrome(0, true);
    v.title = T("kiosk.nearby.choose_topic");
    v.subtitle = T("kiosk.nearby.hint");
    v.pictogram = "support";
    v.item_action = Action::kChooseNearbyTopic;
    std::vector<std::string> topics;  // in the order the directory first names them
    for (const auto& p : catalogue_.partners) {
        for (const auto& t : p.topics)
            if (std::find(topics.begin(), topics.end(), t) == topics.end()) topics.push_back(t);
    }
    for (const auto& t : topics)
        v.items.push_back({t, T(catalogue::Partner::TopicKey(t)), {}, std::string(TopicPictogram(t)), false, false});
    PageChoices(v);
    return v;
}

PartnersView KioskFlow::NearbyPartners() const {
    PartnersView v;
    v.chrome = Chrome(0, true);
    v.title = T(catalogue::Partner::TopicKey(nearby_topic_));
    v.pictogram = std::string(TopicPictogram(nearby_topic_));
    v.subtitle = T("kiosk.nearby.scan");
    v.languages_label = T("slip.referral.languages");
    std::vector<const catalogue::Partner*> partners = catalogue_.PartnersFor(nearby_topic_);
    const auto speaks = [&](const catalogue::Partner* p) {
        return std::find(p->languages.begin(), p->languages.end(), lang_) != p->languages.end();
    };
    // Where the visitor's own language is spoken comes first; otherwise the directory's order.
    std::stable_sort(partners.begin(), partners.end(), [&](auto* a, auto* b) { return speaks(a) && !speaks(b); });
    const messages::LanguageInfo* own = messages_.FindLanguage(lang_);
    const std::string own_name = own != nullptr && !own->name.empty() ? own->name : lang_;
    for (const catalogue::Partner* p : partners) {
        PartnerCard c;
        c.id = p->id;
        c.name = p->name;
        c.address = p->address;
        c.hours = p->hours;
        if (speaks(p)) c.own_language = F("kiosk.nearby.spoken_here", messages::Args().Str("language", own_name));
        // Each language in its own name, isolated so mixed scripts keep their order.
        std::vector<std::string> codes;
        if (speaks(p)) codes.push_back(lang_);
        for (const auto& code : p->languages)
            if (code != lang_) codes.push_back(code);
        for (const auto& code : codes) {
            const messages::LanguageInfo* info = messages_.FindLanguage(code);
            const std::string name = info != nullptr && !info->name.empty() ? info->name : code;
            c.languages += (c.languages.empty() ? "" : " · ") + ("\u2068" + name + "\u2069");
        }
        if (auto qr = partner_qr_.find(p->id); qr != partner_qr_.end()) {
            c.qr_size = qr->second.first;
            c.qr_modules = qr->second.second;
        }
        v.partners.push_back(std::move(c));
    }
    // Large text: one card a row, a few a page.
    if (LargeText() && int(v.partners.size()) > kLargeTextPartnersPerPage) {
        const int count = int(v.partners.size());
        v.pages = (count + kLargeTextPartnersPerPage - 1) / kLargeTextPartnersPerPage;
        v.page = std::clamp(page_, 0, v.pages - 1);
        const int first = v.page * kLargeTextPartnersPerPage, last = std::min(count, first + kLargeTextPartnersPerPage);
        v.partners = std::vector<PartnerCard>(v.partners.begin() + first, v.partners.begin() + last);
        v.previous_page_label = T("kiosk.page.previous");
        v.next_page_label = T("kiosk.page.next");
    }
    return v;
}

namespace {
// The five faces, very dissatisfied to very satisfied (Material Icons).
constexpr std::string_view kFacePictograms[] = {"sentiment_very_dissatisfied", "sentiment_dissatisfied",
                                                "sentiment_neutral", "sentiment_satisfied",
                                                "sentiment_very_satisfied"};
static_assert(std::size(kFacePictograms) == std::size_t(core::kMaxFeedbackScore - core::kMinFeedbackScore + 1));

// A feedback reason's pictogram; a reason a site added gets a neutral one.
std::string_view ReasonPictogram(std::string_view reason) {
    static const std::map<std::string_view, std::string_view> kPictograms = {
        {"waiting-time", "schedule"},
        {"friendliness", "favorite"},
        {"understood-everything", "lightbulb"},
        {"needed-interpreter", "record_voice_over"},
    };
    auto found = kPictograms.find(reason);
    return found == kPictograms.end() ? std::string_view("chat") : found->second;
}
}  // namespace

CheckInView KioskFlow::FeedbackTicket() const {
    CheckInView v;
    v.chrome = Chrome(0, true);
    v.title = T("kiosk.feedback.ticket_title");
    v.hint = T("kiosk.feedback.ticket_hint");
    const std::string number = core::NormaliseTicketNumber(feedback_typed_);
    v.typed = number.empty() ? feedback_typed_ : number;
    // Only what a ticket number is made of: the offices' letters and the digits (fewer, larger keys).
    std::set<char> letters;
    for (const auto& o : catalogue_.offices) letters.insert(o.ticket_prefix);
    for (char c : letters) v.keys.push_back(std::string(1, c));
    for (char c = '1'; c <= '9'; ++c) v.keys.push_back(std::string(1, c));
    v.keys.push_back("0");
    v.submit_label = T("common.continue");
    v.can_submit = !number.empty();
    v.skip_label = T("kiosk.feedback.without_number");
    return v;
}

CheckInResultView KioskFlow::FeedbackTicketResult() const {
    CheckInResultView v;
    v.done_label = T("ticket.done");
    v.your_number_label = T("ticket.your_number");
    v.chrome = Chrome(0, !feedback_ticket_pending_);  // back to the pad to correct the number
    if (feedback_ticket_pending_ || (!feedback_ticket_answer_ && !feedback_ticket_failed_)) {
        v.pending = true;
        v.pictogram = "hourglass_empty";
        v.message = T("common.please_wait");
        return v;
    }
    if (feedback_ticket_failed_) {
        v.pictogram = "error";
        v.message = T("common.error_ask_staff");
        return v;
    }
    const core::VisitEnd& end = *feedback_ticket_answer_;
    v.reference = end.display;
    if (feedback_given_already_) {
        v.pictogram = "check_circle";
        v.message = T("kiosk.feedback.given_already");
    } else if (end.kind == core::VisitEndKind::kUnderWay) {
        // Not yet: the number as on the ticket, and where the visitor is expected now.
        const catalogue::Office* office = catalogue_.FindOffice(end.office_id);
        v.ok = true;
        v.reference.clear();
        v.pictogram = "hourglass_top";
        v.message = T("kiosk.feedback.not_finished");
        v.number = end.display;
        v.office_name = office ? T(office->name_key) : "";
        v.wait_where = office ? T(office->waiting_area_key) : "";
        v.accent = OfficeAccent(OfficeIndex(end.office_id));
    } else {
        v.pictogram = "help";
        v.message = T("kiosk.feedback.unknown_number");
        v.take_ticket_label = T("kiosk.feedback.without_number");
        v.take_ticket_action = Action::kFeedbackWithoutNumber;
    }
    return v;
}

void KioskFlow::ShowFeedbackTicketForGallery(std::optional<core::VisitEnd> answer, bool given_already,
                                             std::string_view lang, Micros now) {
    Reset();
    lang_ = std::string(lang);
    now_ = now;
    last_touch_ = now;
    history_ = {KioskScreen::kLanguage, KioskScreen::kHome};
    const char prefix = catalogue_.offices.empty() ? 'A' : catalogue_.offices.front().ticket_prefix;
    feedback_typed_ = std::string(1, prefix) + "04";
    if (!answer) {
        screen_ = KioskScreen::kFeedbackTicket;
        return;
    }
    history_.push_back(KioskScreen::kFeedbackTicket);
    screen_ = KioskScreen::kFeedbackTicketResult;
    if (answer->kind == core::VisitEndKind::kFinished && !given_already) {
        feedback_visit_ = answer->visit_id;
        feedback_office_ = answer->office_id;
        screen_ = KioskScreen::kFeedbackScore;
        return;
    }
    feedback_given_already_ = given_already;
    feedback_ticket_answer_ = std::move(answer);
}

ChoiceListView KioskFlow::FeedbackOffices() const {
    ChoiceListView v;
    v.chrome = Chrome(0, true);
    v.title = T("kiosk.feedback.choose_office");
    v.subtitle = T("kiosk.feedback.anonymous");
    v.pictogram = "sentiment_satisfied";
    v.item_action = Action::kChooseFeedbackOffice;
    for (const auto& o : catalogue_.offices) v.items.push_back({o.id, T(o.name_key), {}, o.pictogram, false, false});
    PageChoices(v);
    return v;
}

FeedbackView KioskFlow::Feedback() const {
    FeedbackView v;
    v.chrome = Chrome(0, screen_ != KioskScreen::kFeedbackThanks);
    v.done_label = T("ticket.done");
    v.send_label = T("kiosk.feedback.send");
    if (catalogue_.offices.size() > 1) {
        if (const catalogue::Office* o = catalogue_.FindOffice(feedback_office_)) v.office_name = T(o->name_key);
    }
    for (int score = core::kMinFeedbackScore; score <= core::kMaxFeedbackScore; ++score) {
        v.faces.push_back({score, std::string(kFacePictograms[score - core::kMinFeedbackScore]),
                           T("kiosk.feedback.score." + std::to_string(score)), score == feedback_score_});
    }
    switch (screen_) {
        case KioskScreen::kFeedbackReasons: {
            v.step = FeedbackView::Step::kReasons;
            v.title = T("kiosk.feedback.reasons_title");
            const bool full = feedback_reasons_.size() >= core::kMaxFeedbackReasons;
            for (const auto& id : catalogue_.feedback.reasons) {
                const bool ticked = std::find(feedback_reasons_.begin(), feedback_reasons_.end(), id) != feedback_reasons_.end();
                v.reasons.push_back({id, T(catalogue::Feedback::ReasonKey(id)), {}, std::string(ReasonPictogram(id)),
                                     ticked, full && !ticked});
            }
            break;
        }
        case KioskScreen::kFeedbackThanks:
            v.step = FeedbackView::Step::kThanks;
            v.title = T("kiosk.feedback.thanks");
            v.note = T("kiosk.feedback.thanks_text");
            v.office_name.clear();
            v.faces.clear();
            break;
        default:
            v.step = FeedbackView::Step::kScore;
            // After the number of a finished visit: the kiosk says so before it asks.
            v.title = feedback_visit_.empty() ? T("kiosk.feedback.question") : T("kiosk.feedback.visit_complete");
            v.note = T("kiosk.feedback.anonymous");
            break;
    }
    return v;
}

void KioskFlow::ShowFeedbackForGallery(KioskScreen screen, std::string_view lang, Micros now) {
    Reset();
    lang_ = std::string(lang);
    now_ = now;
    last_touch_ = now;
    history_ = {KioskScreen::kLanguage, KioskScreen::kHome};
    if (!catalogue_.offices.empty()) feedback_office_ = catalogue_.offices[std::min<size_t>(1, catalogue_.offices.size() - 1)].id;
    if (screen == KioskScreen::kFeedbackReasons) {
        feedback_score_ = 3;
        if (!catalogue_.feedback.reasons.empty()) feedback_reasons_ = {catalogue_.feedback.reasons.front()};
    }
    if (screen == KioskScreen::kFeedbackOffice) feedback_office_.clear();
    screen_ = screen;
}

void KioskFlow::DrawCurrent(UiActions& actions) const {
    switch (screen_) {
        case KioskScreen::kLanguage: DrawLanguagePickerScreen(LanguagePicker(), actions); break;
        case KioskScreen::kHome: DrawHomeScreen(Home(), actions); break;
        case KioskScreen::kOfficeServices: DrawChoiceListScreen(OfficeServices(), actions); break;
        case KioskScreen::kFinder: DrawChoiceListScreen(Finder(), actions); break;
        case KioskScreen::kService: DrawServiceScreen(Service(), actions); break;
        case KioskScreen::kQuestions: DrawQuestionsScreen(Questions(), actions); break;
        case KioskScreen::kTicket: DrawTicketScreen(Ticket(), actions); break;
        case KioskScreen::kCheckIn: DrawCheckInScreen(CheckIn(), actions); break;
        case KioskScreen::kCheckInResult: DrawCheckInResultScreen(CheckInResult(), actions); break;
        case KioskScreen::kBookDay: DrawBookingDaysScreen(BookingDays(), actions); break;
        case KioskScreen::kBookTime: DrawBookingTimesScreen(BookingTimes(), actions); break;
        case KioskScreen::kBooked: DrawBookedScreen(Booked(), actions); break;
        case KioskScreen::kNearbyTopics: DrawChoiceListScreen(NearbyTopics(), actions); break;
        case KioskScreen::kNearbyPartners: DrawPartnersScreen(NearbyPartners(), actions); break;
        case KioskScreen::kFeedbackOffice: DrawChoiceListScreen(FeedbackOffices(), actions); break;
        case KioskScreen::kFeedbackScore:
        case KioskScreen::kFeedbackReasons:
        case KioskScreen::kFeedbackThanks: DrawFeedbackScreen(Feedback(), actions); break;
        case KioskScreen::kFeedbackTicket: DrawCheckInScreen(FeedbackTicket(), actions); break;
        case KioskScreen::kFeedbackTicketResult: DrawCheckInResultScreen(FeedbackTicketResult(), actions); break;
    }
}

bool KioskFlow::CanReadAloud() const {
    const auto& langs = settings_.read_aloud_langs;
    return screen_ != KioskScreen::kLanguage && std::find(langs.begin(), langs.end(), lang_) != langs.end();
}

std::optional<std::vector<std::string>> KioskFlow::TakeReadAloud() {
    auto out = std::move(read_aloud_);
    read_aloud_.reset();
    return out;
}

namespace {
// "Please bring: passport, photo." as one sentence to read aloud ("" without documents).
std::string Listed(const std::string& title, const std::vector<DocumentLine>& documents) {
    if (documents.empty()) return {};
    std::string out = title;
    if (!out.ends_with(":")) out += ":";  // "Please bring:" has its own in some languages
    for (const auto& d : documents) out += " " + d.title + ",";
    out.back() = '.';
    return out;
}
}  // namespace

std::vector<std::string> KioskFlow::ReadAloudTexts() const {
    std::vector<std::string> out;
    auto say = [&out](const std::string& text) {
        if (!text.empty()) out.push_back(text);
    };
    // A label and its second line as one choice ("Residence permit. Extend, change, new.").
    auto choice = [&say](const std::string& label, const std::string& hint) {
        say(hint.empty() ? label : label + ". " + hint);
    };
    switch (screen_) {
        case KioskScreen::kLanguage: break;  // no visitor language yet: the picker has no speaker
        case KioskScreen::kHome: {
            const HomeView v = Home();
            // Large text: the page shown, the offices' or the other ways'.
            if (v.page == 0) {
                say(v.title);
                for (const auto& o : v.offices) choice(o.name, o.summary);
            }
            if (v.pages == 1 || v.page == 1) {
                choice(v.not_sure_label, v.not_sure_hint);
                choice(v.appointment_label, v.appointment_hint);
                choice(v.nearby_label, v.nearby_hint);
                choice(v.feedback_label, v.feedback_hint);
            }
            if (v.page > 0) say(v.previous_page_label);
            if (v.page + 1 < v.pages) say(v.next_page_label);
            break;
        }
        case KioskScreen::kOfficeServices:
        case KioskScreen::kFinder:
        case KioskScreen::kNearbyTopics:
        case KioskScreen::kFeedbackOffice: {
            const ChoiceListView v = screen_ == KioskScreen::kFinder           ? Finder()
                                     : screen_ == KioskScreen::kOfficeServices ? OfficeServices()
                                     : screen_ == KioskScreen::kFeedbackOffice ? FeedbackOffices()
                                                                                : NearbyTopics();
            choice(v.title, v.subtitle);
            for (const auto& item : v.items)  // the page shown (large text pages a long list)
                if (!item.disabled) choice(item.label, item.hint);
            if (v.page > 0) say(v.previous_page_label);
            if (v.page + 1 < v.pages) say(v.next_page_label);
            break;
        }
        case KioskScreen::kService: {
            const ServiceView v = Service();
            const auto shown = [&v](ServicePage page) {
                return v.large_pages.empty() || v.large_pages[size_t(v.page)] == page;
            };
            if (shown(ServicePage::kAbout)) say(v.name + ". " + v.description);
            if (!v.large_pages.empty() && shown(ServicePage::kWait)) say(v.name + ".");
            if (shown(ServicePage::kWait)) {
                say(v.wait_text);
                if (v.needs_appointment || v.offer_appointment || v.large_pages.empty()) say(v.appointment_text);
            }
            if (v.large_pages.empty()) {
                say(Listed(v.documents_title, v.documents));
            } else if (shown(ServicePage::kDocuments)) {
                // Large text: the few of the page shown ("nothing to bring" has no list: its title says it).
                const auto first = v.documents.begin() +
                                   std::min<std::ptrdiff_t>(std::ptrdiff_t(v.documents.size()),
                                                            ServiceDocumentsPageIndex(v.large_pages, v.page) * kLargeTextDocumentsPerPage);
                const auto last = first + std::min<std::ptrdiff_t>(kLargeTextDocumentsPerPage, v.documents.end() - first);
                const std::vector<DocumentLine> few(first, last);
                say(few.empty() ? v.documents_title : Listed(v.documents_title, few));
            } else if (shown(ServicePage::kVisit)) {
                say(v.stops_title);
                for (const auto& stop : v.stops) say(stop.office + ". " + stop.service);
            }
            if (!v.large_pages.empty()) {
                if (v.page > 0) say(v.previous_page_label);
                if (v.page + 1 < int(v.large_pages.size())) say(v.next_page_label);
            }
            say(v.continue_label);
            if (v.can_add_stop) say(v.add_stop_label);
            break;
        }
        case KioskScreen::kQuestions: {
            const QuestionsView v = Questions();
            // Large text: the question of the page shown (the interpreter's first).
            if (v.pages == 1 || v.page == 0) {
                say(v.title);
                say(v.interpreter_question);
                say(v.yes_label);
                say(v.no_label);
            }
            if (v.pages == 1 || v.page == 1) {
                say(v.priority_question);
                for (const auto& p : v.priorities) choice(p.label, p.hint);
            }
            if (v.page > 0) say(v.previous_page_label);
            if (v.page + 1 < v.pages) say(v.next_page_label);
            say(v.take_ticket_label);
            break;
        }
        case KioskScreen::kTicket: {
            const TicketView v = Ticket();
            say(v.your_number_label + ": " + v.number + ". " + v.office_name + ".");
            if (v.large_pages.empty()) {
                say(v.wait_where);
                say(v.wait_text);
                say(v.printer_problem.empty() ? v.next_text : v.printer_problem);
            } else {
                // Large text: the page shown (TicketPage), then where the page buttons lead.
                switch (v.large_pages[size_t(v.page)]) {
                    case TicketPage::kWait:
                        say(v.wait_where);
                        say(v.wait_text);
                        say(v.printer_problem.empty() ? v.next_text : v.printer_problem);
                        break;
                    case TicketPage::kVisit:
                        if (!v.printer_problem.empty()) say(v.next_text);
                        say(v.stops_note);
                        for (const auto& stop : v.stops) say(stop.office + ". " + stop.service);
                        break;
                    case TicketPage::kDocuments: {
                        const auto first = v.documents.begin() + DocumentsPageIndex(v.large_pages, v.page) * kLargeTextDocumentsPerPage;
                        const auto last = first + std::min<std::ptrdiff_t>(kLargeTextDocumentsPerPage, v.documents.end() - first);
                        say(Listed(v.documents_title, std::vector<DocumentLine>(first, last)));
                        break;
                    }
                }
                if (v.page > 0) say(v.previous_page_label);
                if (v.page + 1 < int(v.large_pages.size())) say(v.next_page_label);
            }
            say(v.done_label);
            break;
        }
        case KioskScreen::kCheckIn: {
            const CheckInView v = CheckIn();
            choice(v.title, v.hint);
            say(v.error);
            say(v.submit_label);
            break;
        }
        case KioskScreen::kFeedbackTicket: {
            const CheckInView v = FeedbackTicket();
            choice(v.title, v.hint);
            say(v.submit_label);
            say(v.skip_label);
            break;
        }
        case KioskScreen::kCheckInResult:
        case KioskScreen::kFeedbackTicketResult: {
            const CheckInResultView v = screen_ == KioskScreen::kCheckInResult ? CheckInResult() : FeedbackTicketResult();
            say(v.message);
            if (v.ok) say(v.your_number_label + ": " + v.number + ". " + v.office_name + ". " + v.wait_where);
            say(v.take_ticket_label);
            say(v.done_label);
            break;
        }
        case KioskScreen::kBookDay: {
            const BookingDaysView v = BookingDays();
            choice(v.title, v.service);
            say(v.message);
            for (const auto& d : v.days)  // the page shown (large text pages the days)
                if (d.state != DayState::kFull) say(d.weekday + ", " + d.date + ". " + d.availability);
            if (v.page > 0) say(v.previous_page_label);
            if (v.page + 1 < v.pages) say(v.next_page_label);
            break;
        }
        case KioskScreen::kBookTime: {
            const BookingTimesView v = BookingTimes();
            choice(v.title, v.day);
            say(v.note);
            for (const auto& t : v.times) say(t.label);
            break;
        }
        case KioskScreen::kBooked: {
            const BookedView v = Booked();
            const BookedPage shown = v.large_pages.empty() ? BookedPage::kWhen : v.large_pages[size_t(v.page)];
            if (v.large_pages.empty()) {
                say(v.pending ? v.message : v.title + ". " + v.when + ". " + v.office_name + ". " + v.service_name + ".");
                say(v.check_in_hint);
                say(v.printer_problem);
            } else if (shown == BookedPage::kWhen) {
                say(v.when + ". " + v.office_name + ". " + v.service_name + ".");
            } else if (shown == BookedPage::kHint) {
                // Large text: the reference on every page, then what the page shown says.
                say(v.title + ". " + v.reference_label + ": " + v.reference + ".");
                say(v.printer_problem.empty() ? v.check_in_hint : v.printer_problem);
            } else {
                say(v.reference_label + ": " + v.reference + ".");
                const int index = int(std::count(v.large_pages.begin(), v.large_pages.begin() + v.page, BookedPage::kDocuments));
                const auto first = v.documents.begin() + std::ptrdiff_t(index) * kLargeTextDocumentsPerPage;
                const auto last = first + std::min<std::ptrdiff_t>(kLargeTextDocumentsPerPage, v.documents.end() - first);
                say(Listed(v.documents_title, std::vector<DocumentLine>(first, last)));
            }
            if (v.page > 0) say(v.previous_page_label);
            if (v.page + 1 < int(v.large_pages.size())) say(v.next_page_label);
            say(v.done_label);
            break;
        }
        case KioskScreen::kNearbyPartners: {
            const PartnersView v = NearbyPartners();
            choice(v.title, v.subtitle);
            for (const auto& p : v.partners) say(p.name + ". " + p.address + ". " + p.hours);
            if (v.page > 0) say(v.previous_page_label);
            if (v.page + 1 < v.pages) say(v.next_page_label);
            break;
        }
        case KioskScreen::kFeedbackScore:
        case KioskScreen::kFeedbackReasons:
        case KioskScreen::kFeedbackThanks: {
            const FeedbackView v = Feedback();
            say(v.title);
            say(v.office_name);
            say(v.note);
            if (v.step == FeedbackView::Step::kScore) {
                for (const auto& face : v.faces) say(face.label);
            } else if (v.step == FeedbackView::Step::kReasons) {
                for (const auto& reason : v.reasons)
                    if (!reason.disabled) say(reason.label);
                say(v.send_label);
            } else {
                say(v.done_label);
            }
            break;
        }
    }
    return out;
}

}  // namespace anl::ui
