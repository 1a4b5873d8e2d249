// kiosk_flow: the kiosk's visitor journey as plain state, and the view models built from it.
// Language → home → (office's services | guided finder) → service → questions → ticket, with
// back, start again, language switch and the inactivity reset on every screen.
// Owns: what the visitor chose so far (never a name), which screen is shown, the countdown.
// Must never: read the clock (time is passed in), touch the store (a ticket is requested as a
// value the app hands to the store worker), or draw.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ui/ui.h"

namespace anl::ui {

enum class KioskScreen { kLanguage, kHome, kOfficeServices, kFinder, kService, kQuestions, kTicket };
const char* ToString(KioskScreen screen);

struct KioskSettings {
    std::string default_lang = "de";
    Micros inactivity_reset = 45 * kMicrosPerSecond;   // the screen starts again after this
    Micros countdown_before = 15 * kMicrosPerSecond;   // the visible countdown before the reset
    // From this estimated wait on (minutes), the service screen offers an appointment instead
    // of a long wait (docs/screens.md, "Waiting times"). 0 = never.
    int appointment_offer_from_minutes = 120;
};

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

    // Forgets everything about the visitor: back to the language picker.
    void Reset();

    KioskScreen screen() const { return screen_; }
    const std::string& lang() const { return lang_; }
    bool pending() const { return pending_; }

    // Test and gallery hooks: put the journey into a given state without tapping through it.
    void ShowForGallery(KioskScreen screen, std::string_view lang, Micros now);
    void ShowCountdownForGallery(Micros now);
    void SetFacts(KioskFacts facts) { facts_ = std::move(facts); }

    LanguagePickerView LanguagePicker() const;
    HomeView Home() const;
    ChoiceListView OfficeServices() const;
    ChoiceListView Finder() const;
    ServiceView Service() const;
    QuestionsView Questions() const;
    TicketView Ticket() const;

    // Draws the current screen with its view model.
    void DrawCurrent(UiActions& actions) const;

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
};

}  // namespace anl::ui
