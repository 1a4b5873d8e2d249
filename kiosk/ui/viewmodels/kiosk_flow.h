// kiosk_flow: the kiosk's visitor journey as plain state, and the view models built from it.
// Language → home → (office's services | guided finder) → service → questions → ticket, with
// back, start again, language switch and the inactivity reset on every screen.
// Owns: what the visitor chose so far (never a name), which screen is shown, the countdown.
// Must never: read the clock (time is passed in), touch the store (a ticket is requested as a
// value the app hands to the store worker), or draw.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

enum class KioskScreen {
    kLanguage, kHome, kOfficeServices, kFinder, kService, kQuestions, kTicket, kCheckIn, kCheckInResult,
    kBookDay, kBookTime, kBooked, kNearbyTopics, kNearbyPartners,
    // Visitor feedback: which office (skipped with one), the five faces, reasons, thank-you.
    kFeedbackOffice, kFeedbackScore, kFeedbackReasons, kFeedbackThanks,
    // The end of a visit: the ticket number on the pad, and what the store says of it.
    kFeedbackTicket, kFeedbackTicketResult,
};
const char* ToString(KioskScreen screen);

struct KioskSettings {
    std::string default_lang = "de";
    Micros inactivity_reset = 45 * kMicrosPerSecond;   // the screen starts again after this
    Micros countdown_before = 15 * kMicrosPerSecond;   // the visible countdown before the reset
    // From this estimated wait on (minutes), the service screen offers an appointment instead
    // of a long wait (docs/screens.md, "Waiting times"). 0 = never.
    int appointment_offer_from_minutes = 120;
    // The languages the read-aloud button is shown for (a voice or a prompt pack speaks them:
    // app::ReadAloudAvailable); none by default, so no button pretends to speak.
    std::vector<std::string> read_aloud_langs;
    // The accessible modes the language screen offers (each true: its toggle is shown).
    AccessModes offered_modes{true, true, true, true};
};
// `base` with the site's kiosk settings of the catalogue ([kiosk], published by an
// administrator): its inactivity timeout (the countdown is the last third of it, at most 15 s),
// no read-aloud when the site switched it off, and the accessible modes it offers.
KioskSettings WithSiteSettings(KioskSettings base, const catalogue::KioskConfig& site);

// What the visitor asked for when they tapped "take a ticket": one visit, one or more stops.
struct TicketRequest {
    std::vector<std::string> service_ids;  // in the order the visitor will go
    std::string lang;
    bool interpreter = false;
    std::string priority_id;               // "" = none
};

// What the store answered.
struct IssuedTicket {
    std::string number;         // "A-042"
    std::string office_id;      // the first stop's office
    int estimated_minutes = -1; // -1 unknown
    bool print_failed = false;  // its slip did not print (OnPrintFailed)
};

// What the store answered to a check-in with a booking reference (Store::CheckInAppointment).
struct CheckInAnswer {
    std::string reason;           // core::kCheckInOnTime, "early", "late", "unknown", "cancelled", "arrived"
    std::string reference;        // the booking's printed reference ("" when unknown)
    std::string lang;             // the language it was booked in
    std::string office_id;        // the appointment's office
    std::string number;           // on time / arrived: the ticket's number, "A-101"
    Micros appointment_at = 0;    // the appointment's start (UTC)
    Micros come_back_from = 0;    // early: when check-in opens (UTC)
};

// Booking at the kiosk. The journey (the app does the store and network work on the store
// worker, never the UI thread):
//   service (needs an appointment) --kBookAppointment--> day picker: BookingRequest kDays
//   OnBookingDays --> days (free / few / full)  --kChooseBookingDay (not full)--> time buttons
//   --kChooseBookingSlot--> BookingRequest kBook --> OnBooking: booked (confirmation)
//                                                             | taken: time buttons again with
//                                                               the next free times and a calm
//                                                               sentence | failed: ask staff
inline constexpr int kBookingDays = 10;  // the day picker's working days
struct BookingRequest {
    enum class Kind { kDays, kBook };
    Kind kind = Kind::kDays;
    std::string service_id;
    std::string slot_id;  // kBook
    std::string lang;     // kBook: the visitor's language, kept with the booking
};
struct BookedAppointment {
    std::string reference;      // "A-0329-0830-1"
    std::string service_id;
    Micros start_us = 0;        // UTC
    bool print_failed = false;  // its slip did not print (OnBookingPrintFailed)
};
struct BookingAnswer {
    enum class Kind { kBooked, kTaken, kFailed };
    Kind kind = Kind::kFailed;
    BookedAppointment booked;         // kBooked
    std::vector<core::SlotDay> days;  // kTaken: what this terminal can give now
};

// A USB barcode scanner is a keyboard: it types the QR's text quickly and ends with Enter.
// Keys closer together than this belong to one burst; a slower key starts a new one.
inline constexpr Micros kScannerKeyGap = 150 * 1000;

// Estimated waits for a new ticket, per office (from the core's estimate), refreshed by the app.
struct KioskFacts {
    std::map<std::string, int> wait_minutes_by_office;  // missing = unknown
};

class KioskFlow {
public:
    KioskFlow(const catalogue::Catalogue& catalogue, const messages::Messages& messages, KioskSettings settings);

    // Applies one action. Returns a ticket request when the visitor took a ticket.
    std::optional<TicketRequest> Apply(const UiAction& action, Micros now);
    // The person touched the screen: the inactivity timer starts again.
    void Touched(Micros now);
    // Moves the inactivity countdown; resets the whole journey when it runs out.
    void Tick(Micros now);
    // How long the UI may sleep before the countdown needs a new frame (seconds).
    double SecondsUntilChange(Micros now) const;

    void OnTicketIssued(const IssuedTicket& ticket);
    void OnTicketFailed(const std::string& message);
    // Ticket `number`'s slip did not print (kiosk/print): the ticket stays valid, and its
    // screen says so while it shows (a later visitor's ticket is not marked).
    void OnPrintFailed(std::string_view number);

    // Keyboard input on any screen (a barcode scanner): `chars` typed this frame, `enter` when
    // Enter was pressed after them. A quick burst ending in Enter that reads as a booking
    // reference checks in from wherever the visitor is (TakeCheckInRequest).
    void Keyboard(std::string_view chars, bool enter, Micros now);
    // The reference to check in with, once, when the visitor submitted one (pad or scanner);
    // the app hands it to the store worker and answers with OnCheckIn.
    std::optional<std::string> TakeCheckInRequest();
    void OnCheckIn(const CheckInAnswer& answer);
    void OnCheckInFailed(const std::string& message);

    // Booking: the request for the store worker, once (TakeBookingRequest), and its answers.
    std::optional<BookingRequest> TakeBookingRequest();
    void OnBookingDays(const std::string& service_id, std::vector<core::SlotDay> days);
    void OnBooking(const BookingAnswer& answer);
    // The booking slip of `reference` did not print: the confirmation says to write it down.
    void OnBookingPrintFailed(std::string_view reference);

    // Visitor feedback ("How was your visit?" on the home screen; the kiosk never learns when a
    // visit's last stop is finished, since the visitor leaves with their slip, so home is the way
    // in): the answers to record, once, when the visitor sent them. The app hands them to the
    // store worker (Store::GiveFeedback); nothing of them stays in the flow.
    std::optional<core::GiveFeedback> TakeFeedbackRequest();
    // The end-of-visit way in: "How was your visit?" first asks for the number on the slip (the
    // check-in pad, or a scanner); the app looks it up with the store worker
    // (Store::FindVisitEnd) and answers with OnFeedbackTicket. A finished visit goes straight to
    // the faces with the last stop's office known; one under way says where to wait; one
    // answered at this kiosk already is refused politely. "Without a number" keeps the office list.
    std::optional<std::string> TakeFeedbackTicketRequest();
    void OnFeedbackTicket(const core::VisitEnd& end);
    void OnFeedbackTicketFailed();

    // Forgets everything about the visitor: back to the language picker.
    void Reset();

    KioskScreen screen() const { return screen_; }
    const std::string& lang() const { return lang_; }
    bool pending() const { return pending_; }

    // Test and gallery hooks: put the journey into a given state without tapping through it.
    void ShowForGallery(KioskScreen screen, std::string_view lang, Micros now);
    void ShowCountdownForGallery(Micros now);
    void ShowCheckInForGallery(std::string_view typed, std::optional<CheckInAnswer> answer, std::string_view lang,
                               Micros now);
    void SetFacts(KioskFacts facts) { facts_ = std::move(facts); }
    // Booking screens with given days (and a chosen day, the taken note, a booking).
    void ShowBookingForGallery(KioskScreen screen, const std::string& service_id, std::vector<core::SlotDay> days,
                               int day, bool taken, std::optional<BookedAppointment> booked, std::string_view lang,
                               Micros now);

    LanguagePickerView LanguagePicker() const;
    HomeView Home() const;
    ChoiceListView OfficeServices() const;
    ChoiceListView Finder() const;
    ServiceView Service() const;
    QuestionsView Questions() const;
    TicketView Ticket() const;
    CheckInView CheckIn() const;
    CheckInResultView CheckInResult() const;
    BookingDaysView BookingDays() const;
    BookingTimesView BookingTimes() const;
    BookedView Booked() const;
    // "Other help nearby": the topics some partner helps with (in the order the directory
    // first names them), and the partners of the chosen topic, the visitor's language first.
    ChoiceListView NearbyTopics() const;
    PartnersView NearbyPartners() const;
    const std::string& nearby_topic() const { return nearby_topic_; }
    // Gallery: the partners of `topic`.
    void ShowNearbyForGallery(std::string_view topic, std::string_view lang, Micros now);
    const std::string& booking_service() const { return booking_service_; }
    // Feedback: the office list, the faces, the reasons (with what was chosen) and the thank-you.
    ChoiceListView FeedbackOffices() const;
    FeedbackView Feedback() const;
    // Gallery: a feedback screen with a plausible answer (the second office, "okay" chosen,
    // one reason ticked on the reasons screen).
    void ShowFeedbackForGallery(KioskScreen screen, std::string_view lang, Micros now);
    // The ticket-number pad ("A04" typed) and its answers (given_already: a visit answered here).
    CheckInView FeedbackTicket() const;
    CheckInResultView FeedbackTicketResult() const;
    void ShowFeedbackTicketForGallery(std::optional<core::VisitEnd> answer, bool given_already, std::string_view lang,
                                      Micros now);

    // Draws the current screen with its view model.
    void DrawCurrent(UiActions& actions) const;

    // The visitor's accessible modes (switched at the language screen, reset with the session).
    const AccessModes& modes() const { return modes_; }
    // Modes a site switched on for every visitor (`anlaufstelle --mode`): the views lay out for
    // them as for the visitor's own (large text pages long lists). Not reset with the session.
    void SetAlwaysOnModes(const AccessModes& modes) { always_on_ = modes; }
    bool LargeText() const { return modes_.large_text || always_on_.large_text; }
    // What the read-aloud button reads on the current screen: its main text first, then each
    // choice, in the visitor's language (empty where the language has no voice).
    std::vector<std::string> ReadAloudTexts() const;
    bool CanReadAloud() const;
    // The read-aloud request of the last action, once: the texts to read (kReadAloud), or
    // an empty list meaning "stop" (any other touch). nullopt: nothing to change.
    std::optional<std::vector<std::string>> TakeReadAloud();

private:
    std::string T(std::string_view key) const;
    std::string F(std::string_view key, const messages::Args& args) const;
    KioskChrome Chrome(int step, bool show_back) const;
    int WaitMinutes(const std::string& office_id) const;  // -1 unknown
    std::string WaitText(const std::string& office_id) const;
    std::vector<DocumentLine> Documents(const catalogue::Service& service) const;
    int OfficeIndex(const std::string& office_id) const;
    void Go(KioskScreen next);
    std::vector<std::string> VisitOffices() const;
    void StartCheckIn(const std::string& reference);
    void SetBooked(std::optional<BookedAppointment> booked);

    const catalogue::Catalogue& catalogue_;
    const messages::Messages& messages_;
    KioskSettings settings_;
    KioskFacts facts_;

    KioskScreen screen_ = KioskScreen::kLanguage;
    std::vector<KioskScreen> history_;
    std::string lang_;
    std::string office_id_;
    std::string finder_question_id_;
    std::vector<std::string> finder_path_;  // questions answered, for "back"
    std::string service_id_;
    std::vector<std::string> stops_;        // services chosen earlier in this visit
    int interpreter_ = -1;
    std::string priority_id_;
    bool pending_ = false;
    std::optional<IssuedTicket> ticket_;
    std::vector<std::string> ticket_services_;
    std::string error_;
    Micros last_touch_ = 0;
    Micros now_ = 0;
    // Check-in: the reference on the pad, the one waiting for the store, its answer.
    std::string checkin_typed_;
    std::optional<std::string> checkin_request_;
    bool checkin_pending_ = false;
    bool checkin_adopt_lang_ = false;  // no language chosen yet: say it in the booking's
    std::optional<CheckInAnswer> checkin_answer_;
    // Booking: the service, the days the store worker answered, the day chosen, the request
    // waiting for the worker, whether one is under way, the time taken meanwhile, the booking.
    std::string booking_service_;
    std::vector<core::SlotDay> booking_days_;
    int booking_day_ = -1;
    std::optional<BookingRequest> booking_request_;
    bool booking_pending_ = false;
    bool booking_taken_ = false;
    bool booking_failed_ = false;
    std::optional<BookedAppointment> booked_;
    int booked_qr_size_ = 0;                 // its reference's QR code (SetBooked)
    std::vector<unsigned char> booked_qr_;
    // "Other help nearby": the topic chosen (nothing about the visitor is recorded), and every
    // partner's QR code, encoded once (by partner id).
    std::string nearby_topic_;
    std::map<std::string, std::pair<int, std::vector<unsigned char>>> partner_qr_;
    // Visitor feedback under way: the office, the face (0: none yet), the reasons ticked; and
    // the answers waiting for the store worker. Cleared once sent.
    std::string feedback_office_;
    int feedback_score_ = 0;
    std::vector<std::string> feedback_reasons_;
    std::optional<core::GiveFeedback> feedback_request_;
    // The end-of-visit way: the number on the pad, the one waiting for the store worker, its
    // answer, and the visit being answered (its id only, to refuse a second answer; it never
    // goes into the answer, docs/DATA-PROTECTION.md).
    std::string feedback_typed_;
    std::optional<std::string> feedback_ticket_request_;
    bool feedback_ticket_pending_ = false;
    bool feedback_ticket_failed_ = false;
    bool feedback_given_already_ = false;
    std::optional<core::VisitEnd> feedback_ticket_answer_;
    std::string feedback_visit_;
    // Visits whose feedback was sent at this kiosk (ids only, no answer, in memory only: gone
    // with a restart), the oldest dropped beyond kAnsweredVisitsKept. Survives Reset: it is
    // about visits, not the visitor at the screen.
    static constexpr std::size_t kAnsweredVisitsKept = 5000;
    std::set<std::string> answered_visits_;
    std::deque<std::string> answered_order_;
    void StartFeedbackTicket(const std::string& number);
    // Large text: keeps the page (page_) of a long list in `v` (kLargeTextChoicesPerPage a page).
    void PageChoices(ChoiceListView& v) const;
    int page_ = 0;  // the page of the list shown (large text); 0 on every other screen
    void OpenFeedbackWithoutNumber();
    AccessModes modes_;
    AccessModes always_on_;
    std::optional<std::vector<std::string>> read_aloud_;
    // The scanner's burst so far and when its last key came.
    std::string scan_buffer_;
    Micros scan_last_key_ = 0;
};

}  // namespace anl::ui
