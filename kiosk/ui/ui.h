// ui: the terminal's screens (kiosk, front desk, call display, administration). Each screen is a function of
// a plain view model that draws one frame through Dear ImGui's draw lists and the text engine,
// and reports what the person did as UiActions.
// Owns: the view-model structs, the actions, the screens' layout and look, the layout log.
// Must never: speak SQL, read the clock or files, decide anything about the queue (the core
// does), or draw a visitor-readable string except through the text engine (TextPainter).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "imgui.h"

// Index
//   1. The text seam (TextPainter) and the per-frame UI context
//   2. Actions
//   3. Kiosk view models and screens
//   4. Front desk view models and screens
//   4b. Administration: languages, the translation editor and its kiosk preview, the dashboard
//   5. Call display view model and screen
//   6. The layout log (tests read it)
//   7. Sync status (a corner of every screen of an enrolled terminal)

namespace anl::ui {

// ---------------------------------------------------------------------------------------
// 1. The text seam. Every visible string goes through a TextPainter (i18n/text behind it).
// ---------------------------------------------------------------------------------------
// A rectangle in screen pixels (ImGui's ImRect lives in imgui_internal.h).
struct Rect {
    ImVec2 min{}, max{};
    float Width() const { return max.x - min.x; }
    float Height() const { return max.y - min.y; }
    bool Contains(const Rect& r) const {
        return r.min.x >= min.x - 0.5f && r.min.y >= min.y - 0.5f && r.max.x <= max.x + 0.5f && r.max.y <= max.y + 0.5f;
    }
};

enum class TextAlign { kStart, kCenter, kEnd };  // start/end follow the paragraph direction

struct TextStyle {
    float size_px = 32;
    bool bold = false;
    ImU32 color = IM_COL32(20, 20, 20, 255);
    TextAlign align = TextAlign::kStart;
};

class TextPainter {
public:
    virtual ~TextPainter() = default;
    // The size of `text` laid out in `lang` and wrapped at `max_width` pixels.
    virtual ImVec2 Measure(std::string_view text, std::string_view lang, const TextStyle& style,
                           float max_width) = 0;
    // Draws `text` wrapped at box width, from the box's top, aligned within the box.
    virtual void Draw(ImDrawList* list, std::string_view text, std::string_view lang, const TextStyle& style,
                      const Rect& box) = 0;
    // The UTF-8 text of a Material Icons pictogram by name ("badge"), or "" if unknown.
    virtual std::string IconText(std::string_view icon_name) = 0;
    // Draws a pictogram of `size_px` with its ink centred on `center`.
    virtual void DrawIcon(ImDrawList* list, std::string_view icon_name, ImVec2 center, float size_px, ImU32 color) = 0;
    // Whether `lang` is written right to left (the whole layout mirrors).
    virtual bool IsRightToLeft(std::string_view lang) = 0;
};

struct LayoutLog;

// The visitor's accessible modes (docs/accessibility.md), switched on at the kiosk's language
// screen and forgotten with the session; the call display takes high contrast from its flag.
struct AccessModes {
    bool high_contrast = false;  // the high-contrast palette: every text on its background >= 7:1 (WCAG 2.2 AAA)
    bool large_text = false;     // every text asked for 50 % larger (it still shrinks to fit its box)
    bool low_reach = false;      // portrait: every touch target in the lower kLowReachPx of the screen
    bool explore_by_touch = false;  // a first touch reads a button aloud, a second touch on it acts
    bool operator==(const AccessModes&) const = default;
};
// Low reach: how far up from the foot of a portrait kiosk a seated visitor reaches (px at 1080 wide).
inline constexpr float kLowReachPx = 1100;
// Large text: how much larger every text is asked for.
inline constexpr float kLargeTextScale = 1.5f;
// Large text: a kiosk list shows this many answers a page (two columns of three in landscape,
// one column in portrait), so every label keeps the full 50 %.
inline constexpr int kLargeTextChoicesPerPage = 6;
inline constexpr int kLargeTextPartnersPerPage = 1;  // a whole card at the full 50 %: address and hours need the height

// The colours of one look. Screens name a role (theme::kText in widgets.h); the palette in
// force (standard or high contrast) says which colour it is this frame.
struct Palette {
    ImU32 background, surface, border, text, text_muted, primary, primary_text, selected, warning, positive,
        highlight, amber, pressed, pressed_primary, disabled_fill;
    ImU32 office_accents[4];
    // The call display: dark, bright text.
    ImU32 board_background, board_row, board_text, board_muted, board_flash;
};
const Palette& StandardPalette();
const Palette& HighContrastPalette();
// One pair of colours a screen draws text (or a pictogram a visitor must see) in, on a fill.
struct ContrastPair {
    std::string what;  // "muted text on card"
    ImU32 text, fill;
};
// Every text-on-fill pair the screens draw with `palette` (tests hold each to a contrast ratio).
std::vector<ContrastPair> TextPairs(const Palette& palette);
// The WCAG 2.2 contrast ratio of two opaque colours (1 to 21).
double ContrastRatio(ImU32 a, ImU32 b);

// The colour of the office at `index` in the catalogue (a visitor who cannot read finds
// "the green one" again on the ticket and the call display).
ImU32 OfficeAccent(int index);

// What every screen needs besides its view model; lives in ImGui's io.UserData for the frame
// (the ImGui context is the one global the style allows).
struct UiContext {
    TextPainter* painter = nullptr;
    LayoutLog* log = nullptr;  // optional: tests and --layout-log record boxes here
    AccessModes modes;         // the modes screens draw in this frame (the visitor's, the display's flag)
    // Explore by touch: the button a first touch armed (read aloud, not acted on) and what the
    // frame asks to be read; the app keeps them between frames and reads `explore_say`.
    ImGuiID explore_armed = 0;
    std::string explore_say;
    std::string explore_lang;  // its language ("" the screen's)
};
// Explore by touch for a button `id` that was `tapped` this frame: the first touch arms it and
// asks for `say` to be read (returns false), a second touch on the armed button acts (true).
// Without the mode, or with nothing to say (a bare pictogram), a tap acts at once.
bool ExploreGate(UiContext& context, ImGuiID id, bool tapped, std::string_view say, std::string_view lang = {});
// Installs `context` for screens drawn in the current ImGui context.
void SetUiContext(UiContext* context);

// ---------------------------------------------------------------------------------------
// 2. Actions: what a person did this frame. The app dispatches them to the core.
// ---------------------------------------------------------------------------------------
enum class Action {
    // kiosk
    kChooseLanguage,      // id = language code
    kOpenLanguagePicker,
    kStartAgain,
    kBack,
    kChooseOffice,        // id = office id
    kOpenFinder,
    kFinderAnswer,        // value = answer index
    kChooseService,       // id = service id
    kAddStop,             // pick another service at another office (one visit, several stops)
    kRemoveStop,          // value = stop index
    kContinue,            // service → questions
    kSetInterpreter,      // value = 1 yes, 0 no
    kSetPriority,         // id = priority class id ("" = none)
    kTakeTicket,
    kTicketDone,
    kStillHere,           // inactivity countdown dismissed
    kOpenCheckIn,         // home: "I have an appointment"
    kCheckInType,         // text = letters or digits tapped on the reference pad
    kCheckInErase,
    kCheckInSubmit,
    kBookAppointment,     // a service that needs an appointment: on to the day picker
    kChooseBookingDay,    // value = day index in the day picker
    kChooseBookingSlot,   // id = slot id (core::SlotId)
    kOpenNearby,          // home or the finder: "Other help nearby" (partner organisations)
    kChooseNearbyTopic,   // id = partner topic id
    kToggleHighContrast,  // the language screen's accessible modes (reset with the session)
    kToggleLargeText,
    kToggleLowReach,
    kToggleExploreByTouch,
    kReadAloud,           // the speaker: read the screen's main text, then its choices
    kPage,                // large text: value = the page of a long list to show (no scrolling gestures)
    kOpenFeedback,        // home: "How was your visit?" (the ticket-number pad first)
    kFeedbackWithoutNumber, // the ticket-number pad: answer without a number (the office list)
    kChooseFeedbackOffice,// id = office id the feedback is about
    kFeedbackScore,       // value = 1 (very dissatisfied) .. 5 (very satisfied)
    kFeedbackReason,      // id = reason id (toggles; at most three)
    kSendFeedback,
    kFeedbackDone,        // the thank-you: back to the home screen
    // front desk
    kSignInType,          // text = characters typed into the focused field
    kSignInErase,
    kSignInFocus,         // value = 0 staff number, 1 PIN
    kSignInSubmit,
    kChooseCounter,       // id = counter id
    kSelectTicket,        // id = ticket id
    kCallNext,
    kRecall,
    kStartService,
    kFinish,              // id = outcome id
    kNoShow,
    kPark,
    kReturnToQueue,       // the called or served visitor waits again, keeping their place
    kOpenTransfer,
    kTransferTarget,      // id = service id
    kTransferNoteType,    // text
    kTransferNoteErase,
    kConfirmTransfer,
    kOpenFinish,
    kOpenReferral,        // the partner directory for the visitor at the counter
    kReferralPartner,     // id = partner id
    kGiveReferral,
    kOpenHandoff,         // hand the visit to case management
    kHandoffReason,       // id = reason id
    kHandoffConsent,      // the visitor agrees that their name is kept (toggles)
    kHandoffNameType,     // text
    kHandoffNameErase,
    kConfirmHandoff,
    kOpenAppointments,    // the desk's appointments panel in place of the queue (toggles)
    kAppointmentArrive,   // id = appointment id: the visitor is here (checks in, a ticket on time)
    kAppointmentCancel,   // id = appointment id
    kOpenMove,            // id = appointment id: the slot picker for another slot of its service
    kOpenFollowUp,        // the slot picker for a follow-up of the visitor at the counter
    kSlotService,         // id = service id (follow-up)
    kSlotDay,             // id = local day "2026-01-07"
    kSlotPick,            // id = slot id
    kConfirmSlot,         // move, book, or hand off with the chosen first appointment
    kHandoffToSlots,      // hand-off: on to the first case-management appointment
    kCancelDialog,
    kSignOut,
    // administration (sign-in shares kSignIn*, sign-out kSignOut)
    kAdminPage,           // id = "languages" | "translations" | "catalogue" | "staff" | "audit" | "dashboard"
    kAdminToggleLanguage, // id = language code: enabled at the kiosk or not
    kAdminMoveLanguage,   // id = language code, value = -1 earlier, +1 later on the kiosk
    kAdminDefaultLanguage,// id = language code
    kAdminSaveLanguages,
    kAdminDiscard,        // forget unsaved changes of the page
    kAdminEditLanguage,   // id = language code whose translations are edited
    kAdminFilterStatus,   // id = "" (all) | "reviewed" | "draft" | "outdated" | "missing"
    kAdminFilterScreen,   // value = -1 previous, +1 next screen ("" = all screens first)
    kAdminSelectMessage,  // id = message key
    kAdminScroll,         // value = rows to move the message list by
    kAdminEditType,       // text = typed into the translation
    kAdminEditErase,      // the last character
    kAdminMarkReviewed,   // save the translation as reviewed (records the German source's hash)
    kAdminSaveDraft,      // save the translation as draft
    // administration: Staff and Audit log pages (kAdminPage id "staff" | "audit")
    kAdminFieldFocus,     // id = the field typed into next (AdminField::id)
    kAdminFieldType,      // text = typed into the focused field
    kAdminFieldErase,     // the focused field's last character
    kAdminStaffSelect,    // id = staff number, "" = a new member
    kAdminStaffRole,      // id = role word (administrator, supervisor, desk, case_manager): given or not
    kAdminStaffSave,      // add the new member, or save the selected member's roles
    kAdminStaffResetPin,  // the selected member's PIN becomes the one typed twice
    kAdminStaffRemove,    // value 0 = ask, 1 = confirmed
    kAdminAuditKind,      // value = -1 previous, +1 next kind ("" = all kinds first)
    kAdminAuditApply,     // read the log again with the filters typed
    kAdminAuditPage,      // value = -1 newer, +1 older page
    kAdminAuditExport,    // write the filtered log as CSV (the path typed, or next to the store)
    kAdminDashboardPeriod,// id = "today" | "week" | "last7" | "month"
    kAdminDashboardOffice,// id = office id ("" = every office)
    kAdminDashboardChart, // id = "wait" | "arrivals" | "heatmap" | "walkins" | "languages"
    kAdminCatalogueSelect,// id = "service:<id>" | "office:<id>" | "holidays" | "counter:<n>" | "new-counter" |
                          //      "kiosk" | "kiosk:<field>" | "site" | "site:<field>" | "question:<id>" |
                          //      "answer:<q>/<a>" | "partner:<id>" | "new-partner": what the Catalogue page edits
    kAdminCatalogueTab,   // id = "services" | "hours" | "counters" | "partners" | "kiosk" | "finder": the Catalogue page's tab
    kAdminCatalogueTick,  // id = a service id or a mode: ticked on or off in the typed list
    kAdminCatalogueField, // id = "minutes" | "appointment" | "documents" | "hours" | "holidays" | "name" |
                          //      "services" | "remove" | "add" | "inactivity" | "read_aloud" | "modes" | "key" | "service" |
                          //      "pictogram" | "slot_minutes" | "slot_capacity" | "office_pictogram" | "site_hours" | "closed" ...
    kAdminCatalogueApply, // check the typed value with the catalogue's loader; when it loads, a change
    kAdminSaveCatalogue,  // write the changes to the catalogue's files
    kAdminPublish,        // publish the saved catalogue and translations through the central
    kAdminRollback,       // value = the version whose content is published again
};

struct UiAction {
    Action kind;
    std::string id;
    int value = 0;
    std::string text;
};

struct UiActions {
    std::vector<UiAction> emitted;
    bool any_input = false;  // the person touched or typed (resets the inactivity timer)
    void Emit(Action kind, std::string id = {}, int value = 0, std::string text = {}) {
        emitted.push_back(UiAction{kind, std::move(id), value, std::move(text)});
    }
};

// ---------------------------------------------------------------------------------------
// 3. Kiosk. Every text below is already translated into the visitor's language.
// ---------------------------------------------------------------------------------------

// The frame every kiosk screen shares: back, language, start again, progress, countdown.
struct KioskChrome {
    std::string lang = "de";
    bool show_back = true;
    std::string back_label;
    std::string language_label;     // the current language's own name
    std::string start_again_label;
    int step = 0;                   // 1-based progress step, 0 = no progress bar
    int steps = 4;
    // Inactivity: shown when the visitor has not touched the screen for a while.
    bool countdown_visible = false;
    int countdown_seconds = 0;
    std::string countdown_title;    // "Are you still there?"
    std::string countdown_text;     // "The screen starts again in 12 seconds."
    std::string still_here_label;   // "Yes, continue"
    bool read_aloud = false;        // the speaker button: only for a language with a voice
};

struct LanguageChoice {
    std::string code;
    std::string own_name;  // in its own script, e.g. "پښتو"
    std::string hint;      // optional second line (e.g. the name in German), may be ""
};
struct LanguagePickerView {
    KioskChrome chrome;
    std::string title;     // "Choose your language" in the default language and English
    // The same, one language a line (large text: the two on one line would not keep the full size).
    std::vector<std::string> title_lines;
    std::vector<LanguageChoice> languages;
    AccessModes offered_modes{true, true, true, true};  // the toggles shown (the site's [kiosk] accessible_modes)
};
void DrawLanguagePickerScreen(const LanguagePickerView& view, UiActions& actions);

struct OfficeCard {
    std::string id;
    std::string name;
    std::string summary;    // one plain sentence
    std::string pictogram;  // Material Icons name
    ImU32 accent = 0;       // 0 = theme default
};
struct HomeView {
    KioskChrome chrome;
    std::string title;      // "How can we help you?"
    std::vector<OfficeCard> offices;
    std::string not_sure_label;   // "I am not sure"
    std::string not_sure_hint;    // "Answer two short questions"
    std::string appointment_label;  // "I have an appointment"
    std::string appointment_hint;   // "Enter the code from your appointment letter."
    std::string nearby_label;       // "Other help nearby" ("" when the site has no partners)
    std::string nearby_hint;        // "Counselling from other organisations in town"
    std::string feedback_label;     // "How was your visit?" ("" : not offered here)
    std::string feedback_hint;      // "Tell us. Anonymous, no name needed."
    // Large text: the offices on the first page (a row each, the name beside its sentence),
    // the other ways in on the second (two a row, with their second lines), turned with
    // PageButtons. 1 in the standard look.
    int page = 0;
    int pages = 1;
    std::string previous_page_label;
    std::string next_page_label;
};
void DrawHomeScreen(const HomeView& view, UiActions& actions);

// "I have an appointment": a large pad of Latin letters and digits for the booking reference
// (a barcode scanner may type it instead, on any screen). kiosk_checkin.cpp
struct CheckInView {
    KioskChrome chrome;
    std::string title;              // "Check in for your appointment"
    std::string hint;               // "Enter the code from your appointment letter."
    std::string typed;              // the reference so far, e.g. "A0115": Latin, left to right always
    std::vector<std::string> keys;  // "A".."Z", "0".."9" in pad order
    std::string submit_label;       // "Continue"
    bool can_submit = false;
    std::string error;              // "" or one sentence
    std::string skip_label;         // the feedback's number pad: "Without a number" ("" : none)
    Action skip_action = Action::kFeedbackWithoutNumber;
    // Large text: the long pad in two pages, the letters and the digits (`keys` is the page
    // shown), switched with a key of its own that shows the other page's first keys ("123").
    int pad_page = 0;
    int pad_pages = 1;
    std::string pad_switch_label;
};
// Large text: a pad of more keys than this comes in two pages (letters, digits).
inline constexpr size_t kLargeTextPadKeys = 16;
void DrawCheckInScreen(const CheckInView& view, UiActions& actions);

// What the check-in came to: on time (the number, where to wait), early, late (a ticket
// instead), unknown, cancelled, checked in already. kiosk_checkin.cpp
struct CheckInResultView {
    KioskChrome chrome;
    bool pending = false;           // the store has not answered yet
    bool ok = false;                // on time or checked in already: a number to wait with
    std::string pictogram;          // event_available, schedule, error ...
    std::string message;            // the sentence in the visitor's language
    std::string reference;          // "A-0115-1000-1"
    std::string your_number_label;  // "Your number"
    std::string number;             // "A-101" (ok only)
    std::string office_name;
    std::string wait_where;
    std::string take_ticket_label;  // late: "Take a ticket" (goes to the office's services)
    std::string take_ticket_office; // the office whose services it opens
    Action take_ticket_action = Action::kChooseOffice;  // the feedback's unknown number: without a number
    std::string done_label;         // "Done"
    ImU32 accent = 0;
};
void DrawCheckInResultScreen(const CheckInResultView& view, UiActions& actions);

struct ChoiceItem {
    std::string id;
    std::string label;
    std::string hint;       // optional second line
    std::string pictogram;
    bool selected = false;
    bool disabled = false;
};

// The guided finder ("I am not sure") and an office's list of services share one screen shape:
// a question and big answer buttons.
struct ChoiceListView {
    KioskChrome chrome;
    std::string title;
    std::string subtitle;
    std::string pictogram;
    ImU32 accent = 0;
    std::vector<ChoiceItem> items;
    Action item_action = Action::kChooseService;  // what tapping an item emits (id or index)
    // Large text: a long list in pages of kLargeTextChoicesPerPage, turned with two large
    // buttons (a touch kiosk needs no scrolling gesture). `items` is the page shown.
    int first_index = 0;  // the whole list's index of items[0] (an item's action carries it)
    int page = 0;
    int pages = 1;
    std::string previous_page_label;  // "Previous page"
    std::string next_page_label;      // "Next page"
};
void DrawChoiceListScreen(const ChoiceListView& view, UiActions& actions);

struct DocumentLine {
    std::string pictogram;
    std::string title;
};
struct StopLine {
    std::string office;
    std::string service;
    std::string pictogram;
    bool current = false;   // the ticket screen: the stop the number is for now
    ImU32 accent = 0;       // the office's colour (its pictogram's), 0 = theme default
};
// Large text: what a page of the service screen holds ("take a ticket" and "I also need
// another office" are on every page).
enum class ServicePage {
    kAbout,      // the office, the name and the description
    kWait,       // the office and the name again, today's wait and the appointment's sentence
    kDocuments,  // what to bring, kLargeTextDocumentsPerPage a page (the n-th such page the n-th few)
    kVisit,      // the visit's earlier stops
};
struct ServiceView {
    KioskChrome chrome;
    std::string office_name;
    std::string name;
    std::string description;
    std::string pictogram;
    ImU32 accent = 0;
    std::string documents_title;          // "Please bring"
    std::vector<DocumentLine> documents;
    std::string wait_text;                // "Waiting today: about 25 minutes"
    bool needs_appointment = false;
    bool offer_appointment = false;       // the wait is long (KioskSettings threshold): an appointment instead
    std::string appointment_text;         // "This service needs an appointment ..." / "The wait is long ..."
    std::string continue_label;           // "Take a ticket"
    std::string add_stop_label;           // "I also need another office"
    bool can_add_stop = true;
    std::string stops_title;              // "Your visit"
    std::vector<StopLine> stops;          // earlier stops of this visit
    // Large text: the pages (empty in the standard look), turned with PageButtons; `page` is shown.
    std::vector<ServicePage> large_pages;
    int page = 0;
    std::string previous_page_label;
    std::string next_page_label;
};
// Which of the service's documents pages `page` is (0 for the first), so it shows its few.
int ServiceDocumentsPageIndex(const std::vector<ServicePage>& pages, int page);
void DrawServiceScreen(const ServiceView& view, UiActions& actions);

struct QuestionsView {
    KioskChrome chrome;
    std::string title;                    // "Two questions that help us"
    std::string interpreter_question;
    std::string yes_label, no_label;
    int interpreter = -1;                 // -1 unanswered, 0 no, 1 yes
    std::string priority_question;
    std::vector<ChoiceItem> priorities;   // includes "none of these" with id ""
    std::string take_ticket_label;
    std::string privacy_note;             // "We do not ask for your name."
    // Large text: one question a page (the title and the interpreter, then the priority),
    // turned with PageButtons; "take a ticket" on both. 1 in the standard look.
    int page = 0;
    int pages = 1;
    std::string previous_page_label;
    std::string next_page_label;
};
void DrawQuestionsScreen(const QuestionsView& view, UiActions& actions);

// Large text: what a page of the ticket holds besides the number and the office.
enum class TicketPage {
    kWait,       // where to wait, the wait, and what happens next (or the printer's fault: at once)
    kVisit,      // what happens next when the printer's fault took its place, and the visit's stops
    kDocuments,  // the documents again, kLargeTextDocumentsPerPage a page (the n-th such page the n-th few)
};
inline constexpr int kLargeTextDocumentsPerPage = 4;
struct TicketView {
    KioskChrome chrome;
    std::string your_number_label;        // "Your number"
    std::string number;                   // "A-042": Latin letters and Western digits always
    std::string office_name;
    std::string wait_where;               // "Please wait in waiting area 1, ground floor"
    std::string wait_text;                // "About 25 minutes"
    std::string next_title;               // "What happens next"
    std::string next_text;
    std::string documents_title;
    std::vector<DocumentLine> documents;
    // A visit with several stops: every stop in order (the first is where to wait now) and
    // a sentence that one number serves them all. Empty for a visit with one stop.
    std::string stops_note;               // "You get one number for all stops ..."
    std::vector<StopLine> stops;
    std::string done_label;               // "Done"
    ImU32 accent = 0;
    // The ticket was issued but its slip did not print: "The printer is not working; remember
    // your number or take a photo" in place of what happens next. "" when it printed.
    std::string printer_problem;
    // Large text: the information in pages (large_pages, empty in the standard look), the
    // number on every one (a visitor must see it), turned with PageButtons; `page` is shown.
    std::vector<TicketPage> large_pages;
    int page = 0;
    std::string previous_page_label;      // "Previous page"
    std::string next_page_label;          // "Next page"
};
// Which of the ticket's documents pages `page` is (0 for the first), so it shows its few.
int DocumentsPageIndex(const std::vector<TicketPage>& pages, int page);
void DrawTicketScreen(const TicketView& view, UiActions& actions);

// Booking an appointment at the kiosk (kiosk_booking.cpp): a day picker (the next working
// days, each free / few / full; full days cannot be touched), large time buttons for the day,
// and the confirmation with the reference large, its QR code, when, where and what to bring.
// No name is asked.
enum class DayState { kFree, kFew, kFull };
struct BookingDayButton {
    std::string weekday;            // "Montag", in the visitor's language and calendar
    std::string date;               // "7. Dezember"
    std::string availability;       // "Free times" / "Only a few times left" / "Fully booked"
    DayState state = DayState::kFull;  // full: drawn muted and not touchable
};
struct BookingDaysView {
    KioskChrome chrome;
    std::string title;              // "Choose a day for your appointment"
    std::string service;            // the service's name
    std::string pictogram;
    ImU32 accent = 0;
    bool pending = false;           // the store worker has not answered yet
    std::string message;            // pending: "One moment"; no day at all: where to ask instead
    std::vector<BookingDayButton> days;  // the page shown; first_index + index = the action's value
    // Large text: the days in pages (kLargeTextDaysPerPage, fewer under a message), turned
    // with PageButtons. 1 in the standard look.
    int first_index = 0;
    int page = 0;
    int pages = 1;
    std::string previous_page_label;
    std::string next_page_label;
};
// Large text: the day picker's days a page (two columns of two, each day a wide card with the
// weekday and the date on one line), and under a message (no day free) one row of two.
inline constexpr int kLargeTextDaysPerPage = 4;
inline constexpr int kLargeTextDaysPerPageUnderMessage = 2;
void DrawBookingDaysScreen(const BookingDaysView& view, UiActions& actions);

struct BookingTimeButton {
    std::string slot_id;
    std::string label;              // "09:30", the locale's digits
};
struct BookingTimesView {
    KioskChrome chrome;
    std::string title;              // "Choose a time"
    std::string day;                // "Montag, 7. Dezember"
    std::string note;               // a calm sentence: the time chosen was taken meanwhile ("" none)
    ImU32 accent = 0;
    std::vector<BookingTimeButton> times;
};
void DrawBookingTimesScreen(const BookingTimesView& view, UiActions& actions);

// Large text: what a page of the booking's confirmation holds besides the reference.
enum class BookedPage {
    kWhen,       // when, the office and the service
    kHint,       // "booked", and what to do on the day or the printer's fault (then the first page)
    kDocuments,  // what to bring, kLargeTextDocumentsPerPage a page
};
struct BookedView {
    KioskChrome chrome;
    bool pending = false;           // the booking is being made
    std::string message;            // pending: "One moment"
    std::string title;              // "Your appointment is booked"
    std::string reference_label;    // "Your booking number"
    std::string reference;          // "A-0329-0830-1": Latin letters and digits always
    int qr_size = 0;                // the reference's QR code, qr_size x qr_size modules, 1 = dark
    std::vector<unsigned char> qr_modules;
    std::string when;               // "Montag, 7. Dezember 2026 um 09:30" in the visitor's language
    std::string office_name;
    std::string service_name;
    std::string check_in_hint;      // "On the day, show this code at the kiosk."
    std::string documents_title;
    std::vector<DocumentLine> documents;
    std::string printer_problem;    // the slip did not print: write the code down ("" printed)
    std::string done_label;
    ImU32 accent = 0;
    // Large text: the pages (empty in the standard look), the reference and its QR code on
    // every one; `page` is shown.
    std::vector<BookedPage> large_pages;
    int page = 0;
    std::string previous_page_label;
    std::string next_page_label;
};
void DrawBookedScreen(const BookedView& view, UiActions& actions);

// "Other help nearby": the partner organisations for one topic (the topics themselves are a
// ChoiceListView). Name, address and hours as the partner writes them, the languages spoken
// there (the visitor's own first, said in a sentence), a QR code of its web page or address.
// kiosk_nearby.cpp
struct PartnerCard {
    std::string id;
    std::string name;
    std::string address;
    std::string hours;
    std::string own_language;       // "العربية is spoken here." in the visitor's language; "" not spoken
    std::string languages;          // the endonyms, the visitor's first: "العربية · Deutsch · English"
    int qr_size = 0;                // the web page's (else the address's) QR code, 1 = dark
    std::vector<unsigned char> qr_modules;
};
struct PartnersView {
    KioskChrome chrome;
    std::string title;              // the topic, "Debts"
    std::string subtitle;           // "Other organisations in town. Scan the code with your phone."
    std::string pictogram;
    std::string languages_label;    // "Languages spoken there:"
    std::vector<PartnerCard> partners;  // the page shown
    // Large text: kLargeTextPartnersPerPage a page, turned as a ChoiceListView's.
    int page = 0;
    int pages = 1;
    std::string previous_page_label;
    std::string next_page_label;
};
void DrawPartnersScreen(const PartnersView& view, UiActions& actions);

// Visitor feedback (kiosk_feedback.cpp): the five-face scale (pictograms with a short word
// under each), then up to three reason chips and "send", then a thank-you. Anonymous: no
// name, no number, no free text. The office it is about is chosen before on a ChoiceListView.
struct FeedbackFace {
    int score = 0;            // 1 .. 5
    std::string pictogram;    // sentiment_very_dissatisfied .. sentiment_very_satisfied
    std::string label;        // "Very unhappy" ... in the visitor's language
    bool selected = false;
};
struct FeedbackView {
    enum class Step { kScore, kReasons, kThanks };
    KioskChrome chrome;
    Step step = Step::kScore;
    std::string title;        // score: the question; reasons: "What mattered? ..."; thanks: "Thank you!"
    std::string note;         // score: "Your answer is anonymous ..."; thanks: "Your answer helps us ..."
    std::string office_name;  // the office it is about ("" when the site has one)
    std::vector<FeedbackFace> faces;   // kScore; kReasons shows the chosen one
    std::vector<ChoiceItem> reasons;   // kReasons: selected ones, and the rest disabled once three are
    std::string send_label;   // "Send"
    std::string done_label;   // "Done"
};
void DrawFeedbackScreen(const FeedbackView& view, UiActions& actions);

// ---------------------------------------------------------------------------------------
// 4. Front desk. Staff texts in German or English; service names in German with the
//    visitor's language beside.
// ---------------------------------------------------------------------------------------
struct SignInView {
    std::string lang = "de";              // staff language
    std::string title;
    std::string staff_number_label, pin_label, submit_label;
    std::string staff_number;             // typed so far (digits)
    int pin_length = 0;                   // shown as dots, never the digits
    int focus = 0;                        // 0 staff number, 1 PIN
    std::string error;                    // one clear sentence, or ""
    bool locked = false;
    // Step two, once signed in: choose a counter.
    bool choose_counter = false;
    std::string counter_title;
    std::vector<ChoiceItem> counters;
};
void DrawSignInScreen(const SignInView& view, UiActions& actions);

struct QueueRow {
    std::string ticket_id;
    std::string number;                   // "A-042"
    std::string service;                  // German name
    std::string service_visitor;          // in the visitor's language ("" if German)
    std::string visitor_lang;             // code, e.g. "ps"
    std::string stops;                    // "2/3": this stop of the visit's stops ("" for one stop)
    std::string language;                 // the visitor's language, its own name
    bool interpreter = false;
    std::string priority;                 // label or ""
    std::string state;                    // "waiting", "called", "parked"
    int waited_minutes = 0;
    std::string waited;                   // in words: "12 Minuten", "1 Std. 5 Min.", "etwa 3 Stunden"
    bool selected = false;
};
// The queue's columns: only those some row fills (no empty column); the interpreter flag
// sits with the language, the visit's stops with the number.
enum class QueueColumn { kNumber, kService, kLanguage, kPriority, kWaited };
struct QueueColumnTitle {
    QueueColumn column;
    std::string title;
};
// One stop of the current visitor's visit: done, now or next, and who served it.
struct HistoryLine {
    std::string what;                     // "1. Ausländerbehörde: Aufenthaltserlaubnis verlängern"
    std::string when;                     // "erledigt · bedient von A. Demir"
    bool current = false;                 // the stop at this counter now
};
// One line of the details panel for the visitor at the counter: a label and its value.
struct DeskFact {
    std::string label;                    // "Anliegen"; "" continues the line above
    std::string value;
    std::string value_lang;               // the value's language ("" the staff's), e.g. "ps"
    std::string pictogram;                // drawn before the value, or ""
    bool alert = false;                   // needs attention (interpreter needed, a note)
};
struct ServiceOption {
    std::string id;
    std::string label;                    // German name and office
    std::string detail = {};              // a second, smaller line ("" none): a partner's address, hours, languages
};
// One booking of the desk's office today (appointments panel).
struct AppointmentRow {
    std::string id;                       // appointment id (actions)
    std::string time;                     // "09:30"
    std::string reference;                // "A-0107-0930-1"
    std::string service;                  // German name
    std::string language;                 // the visitor's language, its own name
    std::string visitor_lang;             // code
    std::string state;                    // "erwartet" / "angekommen · A-101"
    bool arrived = false;
};
// One hand-off to case management (the case managers' desk): no name without consent.
struct HandoffRow {
    std::string what;                     // "A-042 · Wohnungsverlust droht"
    std::string detail;                   // "Ausländerbehörde · 08:40 · Termin 07.01. 09:00 · Amina K."
};
// The slot picker: a service (follow-up only), a day of the next working days, a time.
struct SlotPickerView {
    std::string title, hint;              // hint: what is moved / for whom, or why nothing is free
    std::string service_label, day_label, time_label, confirm_label, skip_label;  // skip: hand off without
    std::vector<ServiceOption> services;  // empty: fixed service
    std::string service_selected;
    std::vector<ServiceOption> days;      // id day, label "Mi 07.01. (5)"
    std::string day_selected;
    std::vector<ServiceOption> times;     // id slot, label "09:30"
    std::string slot_selected;
};
struct DeskView {
    std::string lang = "de";
    std::string title;                    // office name
    std::string subtitle;                 // "Schalter 3 · A. Demir (1042)"
    std::vector<QueueColumnTitle> columns;
    std::vector<QueueRow> rows;
    std::string empty_text;
    std::string current_none_text;  // the card when nobody is at this counter
    std::string waiting_summary;          // "12 warten"
    // The visitor at this counter, if any: one panel with every detail.
    bool has_current = false;
    std::string current_title;            // "An Ihrem Schalter"
    std::string current_number;
    std::string current_state;            // "Aufgerufen um 09:40 Uhr" / "Bedient von ... um ..."
    std::string current_service;
    std::string current_service_visitor;
    std::string current_visitor_lang;
    std::string current_language;
    bool current_interpreter = false;
    std::string current_priority;
    std::string current_note;             // the note left with a transfer
    std::vector<DeskFact> current_facts;  // service, language, interpreter, priority, note, times
    std::string history_title;
    std::vector<HistoryLine> history;
    // Buttons: label and shortcut hint ("F1"). Enabled per the ticket's state.
    struct Button { Action action; std::string label; std::string shortcut; int key_index; bool enabled; };  // key_index: io.KeysDown index
    Button primary{Action::kCallNext, {}, {}, -1, false};  // call next (or resume the chosen one), F1
    std::vector<Button> buttons;          // the others, F2..F8
    std::vector<Button> current_actions;  // in the details panel: refer to a partner, case management
    std::string sign_out_label;
    std::string status_line;              // last result or error
    bool status_is_error = false;
    // A kiosk's printer does not print ("The printer at kiosk kiosk-1 ..."): shown in the header
    // in place of the subtitle while it stands. "" when every printer works.
    std::string device_alert;
    // Dialogs
    bool transfer_open = false;
    std::string transfer_title, transfer_note_label, transfer_confirm_label, cancel_label;
    std::vector<ServiceOption> transfer_targets;
    std::string transfer_selected;
    std::string transfer_note;
    bool finish_open = false;
    std::string finish_title;
    std::vector<ServiceOption> outcomes;
    // Referral to a partner: the directory (name, address, hours, languages as the partner
    // writes them), one chosen, confirmed.
    bool referral_open = false;
    std::string referral_title, referral_hint, referral_confirm_label;
    std::vector<ServiceOption> referral_partners;
    std::string referral_selected;
    // Hand-off to case management: a configured reason, then the consent step before a name.
    bool handoff_open = false;
    std::string handoff_title, handoff_consent_label, handoff_name_label, handoff_confirm_label;
    std::string handoff_next_label;  // "on to the first appointment" (the slot picker)
    std::vector<ServiceOption> handoff_reasons;
    std::string handoff_selected;
    bool handoff_consent = false;
    std::string handoff_name;
    // Appointments panel (replaces the queue while open): today's bookings of this office;
    // at the case-management office also its hand-offs.
    Button appointments_toggle{Action::kOpenAppointments, {}, {}, -1, true};
    bool appointments_open = false;
    std::string appointments_title, appointments_empty;
    std::vector<AppointmentRow> appointments;
    std::string arrive_label, move_label, cancel_appointment_label;
    std::string handoffs_title, handoffs_empty;
    std::vector<HandoffRow> handoffs;  // empty title: not the case managers' desk
    // Slot picker (move, follow-up, the hand-off's first appointment).
    bool slots_open = false;
    SlotPickerView slots;
    bool AnyDialogOpen() const { return transfer_open || finish_open || referral_open || handoff_open || slots_open; }
};
void DrawDeskScreen(const DeskView& view, UiActions& actions);

// ---------------------------------------------------------------------------------------
// 4b. Administration (mouse and keyboard, 1920x1080 and larger; German or English chrome).
//     Sign-in is the desk's SignInView. Every page has a navigation at the start side.
// ---------------------------------------------------------------------------------------
struct AdminNavItem {
    std::string id;      // "languages", "translations", "staff", "audit"
    std::string label;
    std::string pictogram;
    bool selected = false;
};
struct AdminChrome {
    std::string lang = "de";              // the administrator's language
    std::string product;                  // "Anlaufstelle – Verwaltung"
    std::string staff;                    // "A. Demir (1042)"
    std::string sign_out_label;
    std::vector<AdminNavItem> nav;
    std::string status;                   // what the last save did, or why it was refused
    bool status_error = false;
};

// One language of the catalogue with its numbers (the Languages page).
struct AdminLanguageRow {
    std::string code;
    std::string own_name;                 // in its own script
    std::string english_name;
    std::string position;                 // "3" on the kiosk, "" when disabled
    bool enabled = false, is_default = false;
    int reviewed = 0, draft = 0, outdated = 0, missing = 0;
    std::string counts;                   // "reviewed 120 · draft 40 · outdated 3 · missing 21"
};
struct AdminLanguagesView {
    AdminChrome chrome;
    std::string title, intro;
    std::string enabled_label, disabled_label, default_label, make_default_label, up_label, down_label;
    std::string save_label, discard_label;
    bool dirty = false;                   // unsaved changes
    std::vector<AdminLanguageRow> rows;   // the kiosk's order: enabled first, then the rest
    // The bar's legend, in the bar's colours.
    std::string legend_reviewed, legend_draft, legend_outdated, legend_missing;
};
void DrawAdminLanguagesScreen(const AdminLanguagesView& view, UiActions& actions);

// Which kiosk widget a message is previewed in: the widget the kiosk draws it with.
enum class PreviewWidget { kChoiceButton, kTitle, kBody };
struct AdminChip {
    std::string id, label;
    bool selected = false;
};
struct AdminMessageRow {
    std::string key;
    std::string german;                   // the source, one line
    std::string text;                     // the translation, one line ("" when missing)
    std::string status;                   // its status word
    int status_kind = 0;                  // messages::MessageStatus as int (the chip's colour)
    bool selected = false;
};
// Rows of the message list the editor shows at once (the mouse wheel scrolls the rest).
inline constexpr int kAdminListRows = 10;
struct AdminEditorView {
    AdminChrome chrome;
    std::string title;
    std::string language_label;           // "Language"
    std::vector<AdminChip> languages;     // every language but German
    std::string status_label;
    std::vector<AdminChip> statuses;      // all, reviewed, draft, outdated, missing
    std::string screen_label;             // "Screen"
    std::string screen;                   // the screen filter, "All screens" or "kiosk/home"
    std::vector<AdminMessageRow> rows;    // the visible part of the filtered list
    std::string rows_note;                // "12–30 of 184"
    std::string empty_note;               // no message matches the filters
    // The selected message.
    std::string key, seen_on;             // "kiosk/home, kiosk/services"
    std::string german_label, german;
    std::string translation_label, translation;  // what the administrator typed
    std::string edit_lang;                // the language edited (the translation's direction)
    std::vector<std::string> problems;    // the MessageFormat check, as they type
    std::string check_ok;                 // "No problems found" when none
    std::string mark_reviewed_label, save_draft_label;
    bool can_save = false;                // a message is selected and the check passes
    // The live preview: the text formatted with sample values, in the kiosk's widget, at the
    // kiosk's size (the kiosk at 1920x1080: scale 1), right to left for ar, fa, ps, ckb.
    std::string preview_label;            // "Preview on the kiosk (choice button)"
    PreviewWidget preview_widget = PreviewWidget::kBody;
    std::string preview_text;
};
void DrawAdminEditorScreen(const AdminEditorView& view, UiActions& actions);

// A text field of the Staff and Audit pages (mouse focus, keyboard typing).
struct AdminField {
    std::string id;                       // "number", "name", "pin", "pin2", "staff", "from", "to", "export"
    std::string label;
    std::string shown;                    // the text, or one dot per character of a PIN
    std::string hint;                     // shown greyed while empty ("2026-12-06")
    bool focused = false;
};
// One staff account (the Staff page's list).
struct AdminStaffRow {
    std::string number, name;
    std::string roles;                    // "Administrator, Desk"
    std::string state;                    // "active" or "locked until 09:15"
    bool locked = false;
    bool selected = false;
};
struct AdminStaffView {
    AdminChrome chrome;
    std::string title, intro;
    std::string number_header, name_header, roles_header, state_header;
    std::vector<AdminStaffRow> rows;
    std::string empty_note;               // nothing loaded (yet), or the store refused to list
    std::string new_label;                // "New staff member"
    // The form at the end side: a new member (number, name, PIN twice, roles) or the selected
    // one (roles; a new PIN typed twice; remove). Nothing when neither.
    bool form_open = false, adding = false;
    std::string form_title;               // "New staff member" / "A. Demir (1042)"
    std::vector<AdminField> fields;
    std::string roles_label;
    std::vector<AdminChip> roles;         // selected = given
    std::string save_label, reset_pin_label, remove_label;
    std::string confirm_remove, confirm_label, cancel_label;  // "Remove A. Demir (1042)?" when asked
    bool confirming_remove = false;
};
void DrawAdminStaffScreen(const AdminStaffView& view, UiActions& actions);

// One line of the audit log: who did what and when (numbers, ids and fixed words only).
struct AdminAuditRow {
    std::string when, device, kind, staff, subject, detail;
};
// Audit lines a page shows.
inline constexpr int kAdminAuditRows = 14;
struct AdminAuditView {
    AdminChrome chrome;
    std::string title, intro;
    std::string kind_label, kind;         // "Kind", "All kinds" or the kind's word
    std::vector<AdminField> fields;       // staff, from, to, export
    std::string apply_label, export_label, newer_label, older_label;
    std::string when_header, device_header, kind_header, staff_header, subject_header, detail_header;
    std::vector<AdminAuditRow> rows;      // newest first
    std::string rows_note, empty_note;
    bool can_newer = false, can_older = false;
};
void DrawAdminAuditScreen(const AdminAuditView& view, UiActions& actions);
// The Catalogue page: the site's services, offices with their appointment hours, holidays and
// partners as loaded; one field at a time edited, checked by the catalogue's loader (its
// message beside the field), the changes listed as a readable diff, then saved.
struct AdminCatalogueServiceRow {
    std::string select_id;                // "service:<id>"
    std::string id, prefix, pictogram, name, minutes, appointment, documents;
    bool selected = false, changed = false;
};
struct AdminCatalogueOfficeRow {
    std::string select_id;                // "office:<id>"
    std::string id, prefix, pictogram, name, hours;
    bool selected = false, changed = false;
};
struct AdminVersionRow {
    std::int64_t version = 0;
    std::string text;                     // "Version 3 · 6.12.2026 16:05 · catalogue 8 files ..."
    std::string rollback_label;
    bool current = false;                 // the newest: nothing to roll back to
};
// A row of the Counters, Kiosk or Finder tab: its cells from the start side.
struct AdminCatalogueRow {
    std::string select_id;                // "counter:3", "kiosk", "question:topic", "answer:topic/papers"
    std::string pictogram;                // before the second cell ("" none)
    std::vector<std::string> cells;
    bool selected = false, changed = false;
    bool heading = false;                 // a finder question above its answers (bold)
};
struct AdminCatalogueView {
    AdminChrome chrome;
    std::string title;
    std::vector<AdminChip> tabs;          // services, hours, counters, partners, kiosk, finder
    std::string tab = "services";         // the tab shown
    // The Counters, Kiosk and Finder tabs: a sentence, the column heads and the rows.
    std::string tab_intro;
    std::vector<std::string> columns;
    std::vector<AdminCatalogueRow> rows;
    std::string add_label;                // "New counter" ("" no such button)
    std::string add_id;                   // what it selects ("new-counter")
    bool add_selected = false;            // it is what the panel edits
    std::vector<AdminChip> ticks;         // the field's choices (a counter's services, the modes), ticked
    std::string services_label, offices_label, holidays_label, partners_label;
    std::vector<std::string> service_columns;  // prefix, service, duration, appointment, to bring
    std::vector<AdminCatalogueServiceRow> services;  // the visible part (the mouse wheel scrolls)
    std::string rows_note;                // "1–12 of 24"
    std::vector<AdminCatalogueOfficeRow> offices;
    std::string holidays;                 // "2026-12-24, 2026-12-25 ..."
    bool holidays_selected = false;
    std::string partners;                 // the partners' names
    // The field being edited.
    std::string subject;                  // "Service abh.eat-collect", or what to pick
    std::vector<AdminChip> fields;        // the subject's editable fields
    std::string field_hint;               // how the value is written
    std::string typed;                    // the value as typed
    std::string field_pictogram;          // a pictogram's name typed that the icon font has: drawn beside the field
    bool editing = false;                 // a subject and field are chosen
    std::vector<std::string> problems;    // the loader's messages for the typed value
    std::string apply_label;
    // The changes from the saved catalogue, checked and not yet saved.
    std::string changes_label, no_changes;
    std::vector<std::string> changes;     // "Service abh.eat-collect: duration 10 → 20 min"
    std::string save_label, discard_label;
    bool can_save = false;
    // Publishing and the versions the central keeps (newest first).
    std::string publish_label, versions_label, versions_note;
    std::vector<AdminVersionRow> versions;
};
inline constexpr int kAdminCatalogueRows = 12;
void DrawAdminCatalogueScreen(const AdminCatalogueView& view, UiActions& actions);

// The kiosk's widgets the editor previews in, at the kiosk's own size (scale 1 at 1080 px):
// the same calls the kiosk's screens make, so the preview shows the same glyphs.
inline constexpr float kKioskChoiceCellWidth = 917;   // two columns of the 1920x1080 kiosk
inline constexpr float kKioskChoiceCellHeight = 170;  // the tallest the kiosk makes a choice
inline constexpr float kKioskTitleWidth = 1732;       // a choice screen's title beside its pictogram
inline constexpr float kKioskBodyWidth = 1120;        // a service's description
// Draws the preview of `text` in `lang` as `widget` at the top of `area`.
void DrawKioskPreview(PreviewWidget widget, std::string_view text, std::string_view lang, const Rect& area);

// The key-figure dashboard (administrators and supervisors; docs/ADMIN.md, "Dashboard"): a
// period and an office picker, today's live view, and one chart at a time with its table
// beside it. Values come formatted; the chart draws the numbers in `values`.
struct AdminTable {
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};
enum class AdminChartKind { kBars, kLine, kHeatMap };
struct AdminChart {
    std::string id;                            // "wait", "arrivals", "heatmap", "walkins", "languages"
    AdminChartKind kind = AdminChartKind::kBars;
    std::string title;
    std::string unit;                          // the value axis: "minutes", "arrivals"
    std::vector<std::string> series;           // the legend: one name per bar of a group / line
    std::vector<std::string> x_labels;         // categories, days or hours
    std::vector<std::string> y_labels;         // the heat map's rows (weekdays)
    std::vector<std::vector<double>> values;   // bars and line: [x][series]; heat map: [y][x]
    AdminTable table;                          // the same numbers, as text
    std::string empty;                         // why nothing is drawn ("no arrivals in this period")
};
struct AdminDashboardView {
    AdminChrome chrome;
    std::string title;
    std::string period_label;                  // "Period"
    std::vector<AdminChip> periods;            // today, this week, last 7 days, this month
    std::string office_label;                  // "Office"
    std::vector<AdminChip> offices;            // all, then each office
    std::string range;                         // the period's days, "23.03.2026 – 29.03.2026"
    std::string live_title;                    // "Now"
    AdminTable live;                           // office, waiting now, longest wait, counters open
    std::vector<AdminChip> charts;             // which chart shows
    AdminChart chart;
    std::string note;                          // "Computing…" or why there are no figures
};
void DrawAdminDashboardScreen(const AdminDashboardView& view, UiActions& actions);

// ---------------------------------------------------------------------------------------
// 5. Call display, readable from five metres.
// ---------------------------------------------------------------------------------------
struct CallLine {
    std::string number;       // "A-042"
    std::string counter;      // "3"
    std::string office;
    bool newest = false;
};
struct WaitingLine {
    std::string office;
    std::string pictogram;
    int waiting = 0;
    std::string waiting_text; // "12 waiting"
    ImU32 accent = 0;
};
struct BoardView {
    std::string lang = "de";
    std::string title;           // "Aufruf", in the display's language
    // A second line in the waiting visitors' languages, one at a time (the language changes
    // with the clock): "When your number appears, please go to the counter shown."
    std::string second_line;
    std::string second_lang;     // its language ("" when there is none)
    std::string number_header;
    // The words around the counter number in "Schalter {counter}" ("Schalter", ""), so a row
    // reads "A-042 → Schalter 3" with the number large; in the catalogue's word order.
    std::string counter_before, counter_after;
    std::vector<CallLine> calls; // newest first
    std::string waiting_title;
    std::vector<WaitingLine> waiting;
    std::string empty_text;
    std::string empty_second;    // the empty state in second_lang ("" when the same)
    std::string announcement;    // the newest call in words, German and the visitor's language
    std::string announcement_lang;
    bool flash = false;          // a new call: the screen's edge and the newest call flash (visitors who cannot hear)
};
void DrawBoardScreen(const BoardView& view, UiActions& actions);

// ---------------------------------------------------------------------------------------
// 6. The layout log: every text and named box drawn in a frame, so tests check that text
//    fits its box and that right-to-left layouts mirror.
// ---------------------------------------------------------------------------------------
struct LoggedText {
    std::string text;
    Rect box;           // where the text had to fit
    ImVec2 size;          // what it needed at the size finally used
    float size_px = 0;
    bool fits = true;     // false: even the smallest allowed size overflowed the box
};
struct LoggedBox {
    std::string name;     // "back", "start-again", "language", "ticket-number" ...
    Rect rect;
};
struct LayoutLog {
    std::vector<LoggedText> texts;
    std::vector<LoggedBox> boxes;
    void Clear() { texts.clear(); boxes.clear(); }
    const LoggedBox* Find(std::string_view name) const {
        for (const auto& b : boxes) if (b.name == name) return &b;
        return nullptr;
    }
};

// ---------------------------------------------------------------------------------------
// 6b. Out of service: the terminal cannot work (its store does not open). A visitor at a
//     kiosk or call display sees a calm pictogram, ONE short sentence at a time in the
//     enabled languages in turn, and where to go instead; nothing technical (the detail goes
//     to the log). Staff at a desk read what is wrong. Nothing is changed on disk meanwhile.
// ---------------------------------------------------------------------------------------
struct OutOfServiceLine {
    std::string lang;
    std::string text;
};
struct OutOfServiceView {
    std::string lang;                       // the texts' language (a desk: de or en; a kiosk or
                                            // call display: the language shown now)
    bool for_visitors = false;              // kiosk and call display
    std::string pictogram;                  // visitors: large, calm
    std::string sentence;                   // visitors: "This machine is not working right now."
    std::string where;                      // visitors: "Please go to the reception desk."
    int language_index = 0;                 // visitors: which of the rotation's languages shows
    int language_count = 0;
    std::string title;                      // desk: for staff
    std::vector<OutOfServiceLine> lines;    // desk: what to do, in the staff's language
    std::string detail;                     // desk: what is wrong, for the administrator
};
void DrawOutOfServiceScreen(const OutOfServiceView& view);

// ---------------------------------------------------------------------------------------
// 7. Sync status: drawn over the role's screen by the app, from texts the view model made
//    (viewmodels/sync_badge.h). Small in a corner on the kiosk and the call display
//    (visitors need not care); a band across the desk's foot, with the stale-view note.
// ---------------------------------------------------------------------------------------
struct SyncBadgeView {
    bool shown = false;                   // only an enrolled terminal syncs
    bool online = false;
    bool prominent = false;               // the desk's band; otherwise a small corner note
    std::string lang;                     // the texts' language (mirrors in RTL)
    std::string state;                    // "Online" / "Offline"
    std::string waiting;                  // "To send: 3" ("" when nothing waits)
    std::string stale_note;               // desk, offline: since when the view may be stale
};
void DrawSyncBadge(const SyncBadgeView& view);

}  // namespace anl::ui
