// catalogue: the site's offices, services, documents to bring, the kiosk's guided finder
// and the priority classes, loaded and validated from assets/catalogue/*.toml.
// Owns: the catalogue types and their loader. Every visible text is a translation key
// (looked up through i18n/messages), never a literal.
// Must never: speak SQL, draw, or read the clock.
//
// Files (any *.toml in the directory may hold any of these; see assets/catalogue/README.md):
//   [catalogue] version   [[office]]   [[service]]   [[document]]   [[priority]]   [[partner]]
//   [[counter]]   [kiosk]   [case_management]   [feedback]   [finder] start   [[finder.question]]   [[finder.question.answer]]
// Translation keys follow from the ids (a file may set an explicit *_key field instead),
// and their texts live in i18n/catalogs/<lang>/services.toml:
//   office.<id>.name  office.<id>.summary  waiting-area.<id>.name
//   service.<id>.name  service.<id>.description  doc.<id>.title  priority.<id>.label
//   finder.<question>.question  finder.<question>.answer.<answer>  case-management.reason.<id>
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::catalogue {

// Something to bring (passport, photo, current permit ...).
struct Document {
    std::string id;         // stable id, e.g. "passport"
    std::string title_key;  // translation key, e.g. "doc.passport.title"
    std::string pictogram;  // Material Icons glyph name, e.g. "badge"
};

// --- Appointment hours (appointment slots, kiosk/core/appointments.cpp) ------------------
// One opening period of an office on one weekday, in the site's local time. Appointment
// slots of the office's services are cut from these periods.
struct OpeningPeriod {
    int weekday = 1;       // 1 = Monday ... 7 = Sunday (ISO 8601)
    int open_minute = 0;   // minutes after local midnight, e.g. 8:00 -> 480
    int close_minute = 0;  // exclusive; a slot must end by then
};
// Parses "mon-fri 08:00-12:00" or "tue,thu 13:30-15:30" into one period per weekday; an
// error says what is wrong in one sentence (used by the loader and its tests).
Result<std::vector<OpeningPeriod>> ParseOpeningHours(std::string_view text);
// How a service's appointments are cut (kept beside the Service, so its fields stay as they were).
struct SlotSettings {
    int slot_minutes = 0;   // appointment length; 0: the service's typical_minutes
    int slot_capacity = 1;  // visitors served at the same start time (counters)
};
// --- end appointment hours -----------------------------------------------------------------

// One of the site's offices (foreigners' authority, social work, integration).
struct Office {
    std::string id;            // e.g. "abh"
    char ticket_prefix = 'A';  // first letter of its ticket numbers
    std::string name_key;      // translation key of the office's name
    std::string summary_key;   // one plain sentence: what this office does for you
    std::string pictogram;     // Material Icons glyph name
    std::string waiting_area_key;  // where to wait, e.g. "Waiting area 1, ground floor"
    std::string waiting_area_id;   // e.g. "ground-floor"; offices may share a waiting area
};

// One service of an office.
struct Service {
    std::string id;                  // e.g. "abh.permit-extension"
    std::string office_id;           // the office that serves it
    std::string name_key;            // translation key of its name
    std::string description_key;     // what it is for, in one or two plain sentences
    std::string pictogram;           // Material Icons glyph name
    std::vector<std::string> document_ids;  // what to bring, in the order to show
    int typical_minutes = 10;        // typical time at the counter, for wait estimates
    bool needs_appointment = false;  // true: the kiosk offers booking, not a ticket
};

// A priority class a visitor may claim at the kiosk (small children, reduced mobility).
struct PriorityClass {
    std::string id;          // e.g. "children"
    int rank = 0;            // higher is served earlier; walk-ins without a class have 0
    std::string label_key;   // translation key of what the visitor taps
    std::string pictogram;
};

// The guided finder for "I am not sure": each answer leads to another question or a service.
struct FinderAnswer {
    std::string id;  // unique within its question, e.g. "papers"
    std::string label_key;
    std::string pictogram;
    std::string next_question_id;  // exactly one of next_question_id / service_id is set
    std::string service_id;
};
struct FinderQuestion {
    std::string id;
    std::string question_key;
    std::vector<FinderAnswer> answers;
};

// A partner organisation the desk may refer a visitor to (welfare organisations, migrant
// organisations, counselling services: help the centre itself does not give). Its name,
// address and hours are data, shown as the partner writes them (no translation keys); the
// labels around them come from the message catalogues.
struct Partner {
    std::string id;                      // stable id, e.g. "caritas-migration"; in referral events
    std::string name;                    // e.g. "Caritas – Migrationsdienst"
    std::string address;                 // one line: street, postcode, town
    std::string hours;                   // as the partner writes them, e.g. "Mo–Do 9–16 Uhr"
    std::vector<std::string> languages;  // language codes spoken there ("de", "ar", "ti" ...)
    std::vector<std::string> topics;     // what they help with: topic ids, e.g. "debt"
    std::string web;                     // web page for the slip's QR; empty: the address is used
    // What the referral slip's QR carries: the web page, else the address.
    const std::string& QrText() const { return web.empty() ? address : web; }
    // A topic's text for visitors: the key partner.topic.<id> (services.toml).
    static std::string TopicKey(std::string_view topic) { return "partner.topic." + std::string(topic); }
};

// Case management (the integration office's case managers): the service hand-offs go to and
// the short list of reasons a desk may give (no free text). Written in the catalogue as
//   [case_management] service = "int.case-management", reasons = ["several-offices", ...]
// A reason's text is the key case-management.reason.<id> (services.toml).
struct CaseManagement {
    std::string service_id;                // a needs_appointment service; empty: no hand-offs here
    std::vector<std::string> reasons;      // reason ids, in the order the desk shows them
    bool HasReason(std::string_view id) const {
        for (const auto& r : reasons)
            if (r == id) return true;
        return false;
    }
    static std::string ReasonKey(std::string_view id) { return "case-management.reason." + std::string(id); }
};

// Visitor feedback at the kiosk (docs/accessibility.md, "Visitor feedback"): the reasons a
// visitor may tap after the five-face scale (no free text). Written in the catalogue as
//   [feedback] reasons = ["waiting-time", "friendliness", ...]
// and, when not written, the defaults below. A reason's text is the key
// feedback.reason.<id> (services.toml, beside the other texts a site configures).
struct Feedback {
    static constexpr std::size_t kMaxReasons = 8;  // a row of chips a visitor can take in
    std::vector<std::string> reasons = {"waiting-time", "friendliness", "understood-everything", "needed-interpreter"};
    bool HasReason(std::string_view id) const {
        for (const auto& r : reasons)
            if (r == id) return true;
        return false;
    }
    static std::string ReasonKey(std::string_view id) { return "feedback.reason." + std::string(id); }
};

// How long visitors' personal fields are kept before every terminal and the central empty them
// (retention.toml, [retention] days; docs/DATA-PROTECTION.md). A site setting: published with
// the catalogue, read by `retention run` and the daily automatic run.
struct Retention {
    static constexpr int kDefaultDays = 90;
    static constexpr int kMinDays = 1;
    static constexpr int kMaxDays = 3650;  // ten years: anything longer is a typo
    int days = kDefaultDays;
};

// How the call display announces a call (docs/VOICE.md): the languages in the order spoken
// ("visitor": the called visitor's own; a language without a voice or pack is skipped) and
// the loudness of speech and chime, 0-100 percent. [announcements] in the catalogue.
struct Announcements {
    static constexpr const char* kVisitor = "visitor";
    std::vector<std::string> languages = {"de", kVisitor, "en"};
    int volume = 100;
};

// A counter of the site: the number the call display and the slip show, the office whose
// visitors are called there, its name as staff say it (data, one line, like a partner's name)
// and the services offered there (services of its office). [[counter]] in counters.toml.
// Without any [[counter]] the desks use two counters per office (ui::DefaultCounters).
struct Counter {
    static constexpr int kMaxNumber = 999;        // core::kMaxCounter: three digits on the display
    static constexpr std::size_t kMaxName = 80;   // one line of the desk's counter choice
    int number = 0;
    std::string office_id;
    std::string name;
    std::vector<std::string> service_ids;  // in the order written; at least one
    bool Offers(std::string_view service) const {
        for (const auto& s : service_ids)
            if (s == service) return true;
        return false;
    }
};

// The kiosk's settings for the site ([kiosk] in kiosk.toml; without it these defaults).
struct KioskConfig {
    static constexpr int kMinInactivitySeconds = 20;   // less, and a visitor reading is interrupted
    static constexpr int kMaxInactivitySeconds = 600;  // more, and the next visitor finds a stranger's journey
    // The accessible modes a kiosk may offer at its language screen (docs/accessibility.md).
    static constexpr const char* kModes[] = {"high-contrast", "large-text", "low-reach", "explore-by-touch"};
    int inactivity_seconds = 45;  // the screen starts again after this long untouched
    bool read_aloud = true;       // the speaker button, for the languages a voice speaks
    // The kiosks' ticket printer (a PrinterSpec: "escpos:/dev/usb/lp0?width=58", "cups:QUEUE"):
    // the site's one model of kiosk, set once for all of them. Empty: no printer. A kiosk
    // started with --printer uses its own (a kiosk whose printer hangs elsewhere).
    std::string printer;
    std::vector<std::string> accessible_modes = {"high-contrast", "large-text", "low-reach", "explore-by-touch"};
    bool Offers(std::string_view mode) const {
        for (const auto& m : accessible_modes)
            if (m == mode) return true;
        return false;
    }
};

// Where slips are printed (docs/printing.md): "escpos:DEVICE", "cups:QUEUE" or "png:DIR", with
// "?width=58" for 58 mm paper (80 mm otherwise). One reading for the catalogue's [kiosk] printer,
// the terminal's --printer and ctl's print commands (print::OpenPrinter opens what it names).
struct PrinterSpec {
    enum class Kind { kEscPos, kCups, kPng };
    Kind kind = Kind::kEscPos;
    std::string target;  // the device, the queue or the folder
    int width_mm = 80;   // 58 or 80
};
// The spec read, or an error that names it and shows the forms above.
Result<PrinterSpec> ParsePrinterSpec(std::string_view spec);

struct Catalogue {
    int version = 0;  // bumped by an administrator on every change; synced down later
    std::vector<Office> offices;
    std::vector<Service> services;
    std::vector<Document> documents;
    std::vector<PriorityClass> priority_classes;
    std::string finder_start_question_id;
    std::vector<FinderQuestion> finder_questions;
    // Appointment slots: local days without appointments ("2026-12-25"), each office's
    // appointment hours (an office without hours gives none) and each service's slot settings
    // (a service without an entry uses SlotSettings{}).
    std::vector<std::string> holidays;
    std::map<std::string, std::vector<OpeningPeriod>> office_hours;
    std::map<std::string, SlotSettings> service_slots;
    // Partner organisations for referrals, in file order (partners.toml).
    std::vector<Partner> partners;
    CaseManagement case_management;
    Feedback feedback;
    Announcements announcements;
    // The site's counters in file order (empty: the desks' default counters), and the kiosk's settings.
    std::vector<Counter> counters;
    KioskConfig kiosk;
    Retention retention;

    const Office* FindOffice(std::string_view id) const;
    const Service* FindService(std::string_view id) const;
    const Document* FindDocument(std::string_view id) const;
    const PriorityClass* FindPriorityClass(std::string_view id) const;
    const FinderQuestion* FindFinderQuestion(std::string_view id) const;
    const Partner* FindPartner(std::string_view id) const;
    const Counter* FindCounter(int number) const;
    // The partners that help with `topic`, in file order.
    std::vector<const Partner*> PartnersFor(std::string_view topic) const;
};

// Loads every *.toml in `dir` and validates the whole: unique ids, every reference resolves,
// every finder path ends at a service. An error names file, line and field. When there are
// several problems the error gives the first and says how many more (CheckCatalogue lists all).
Result<Catalogue> LoadCatalogue(const std::filesystem::path& dir);

// One problem in a catalogue directory.
struct Problem {
    std::string file;     // the file as found in the directory, e.g. "assets/catalogue/services.toml"
    int line = 0;         // 1-based; 0 when it concerns a whole file or the directory
    std::string message;  // one sentence: "FILE:LINE: service 'x': field 'office' names unknown office 'abx'"
};

// The loader's full answer: the catalogue as far as it could be read, and every problem.
// Use the catalogue only when `problems` is empty.
struct CatalogueCheck {
    Catalogue catalogue;
    std::vector<Problem> problems;
};
CatalogueCheck CheckCatalogue(const std::filesystem::path& dir);

// The catalogue shipped with the program: catalogue/ in the data directory (kiosk/base:
// --data-dir, ANL_DATA_DIR, else ../share/anlaufstelle from the program). When the data
// directory is not found, LoadCatalogue's error says where it looked.
std::filesystem::path DefaultCatalogueDir();

// Every translation key the catalogue refers to, sorted and unique (for coverage checks).
std::vector<std::string> TranslationKeys(const Catalogue& catalogue);

// The Material Icons codepoint of a pictogram name ("badge" -> U+EA67), or nothing when the
// installed icon font has no such glyph. The list is kiosk/catalogue/material-icons.txt.
std::optional<char32_t> PictogramCodepoint(std::string_view name);

// ---------------------------------------------------------------------------------------
// Site opening hours (hours.toml, site_hours.cpp): when the service centre's doors are open
// for walk-ins and the days it is closed, published by an administrator through the central
// service. Local time of the site; the day-and-time syntax of appointment hours:
//   hours = ["mon-fri 08:00-12:00", "thu 13:00-17:30"]   # a day not named is closed
//   closed = ["2026-12-24", "2026-12-25"]                # closed all day
// ---------------------------------------------------------------------------------------
struct OpeningInterval {
    int open_minute = 0;   // minutes after local midnight
    int close_minute = 0;  // after open_minute, at most 1440
};
struct SiteHours {
    std::array<std::vector<OpeningInterval>, 7> week;  // [0] Monday .. [6] Sunday, sorted, not overlapping
    std::vector<std::string> closed_days;              // "YYYY-MM-DD", sorted, unique
    bool IsClosedDay(std::string_view date) const;
};
// Parses and validates hours.toml text; `where` names it in errors ("hours.toml:3: ...").
Result<SiteHours> ParseSiteHours(std::string_view text, const std::string& where = "hours.toml");
// Reads and parses an hours.toml; a file that is not there is a site without hours (nothing
// open, nothing closed), as a configuration without hours.toml is.
Result<SiteHours> LoadSiteHours(const std::filesystem::path& file);

// ---------------------------------------------------------------------------------------
// Editing (edit.cpp, the administration's Catalogue page): one field of a service, an office,
// a counter, a partner, a finder question or answer, [kiosk] or [catalogue] set to a typed
// value, or a counter or partner added or removed; or the site's opening hours and closed days
// in the hours.toml beside the catalogue directory (SiteHoursFileFor). Only that field's lines
// of the TOML file change (comments and everything else stay); the result is checked by this
// loader in a scratch directory (hours.toml by ParseSiteHours) before anything is written.
// An office's ticket_prefix is not editable here: docs/ADMIN.md says why.
// ---------------------------------------------------------------------------------------
struct FieldEdit {
    enum class Field {
        kTypicalMinutes, kNeedsAppointment, kDocuments, kOfficeHours, kHolidays,
        kCounterName, kCounterServices, kCounterAdd, kCounterRemove,
        kKioskInactivity, kKioskReadAloud, kKioskModes, kKioskPrinter,
        kFinderQuestionKey, kFinderAnswerService,
        kPartnerName, kPartnerAddress, kPartnerHours, kPartnerLanguages, kPartnerTopics, kPartnerWeb,
        kPartnerAdd, kPartnerRemove,
        kServicePictogram, kSlotMinutes, kSlotCapacity, kOfficePictogram,
        kSiteHours, kSiteClosed,  // hours.toml: hours = [...], closed = [...]
    };
    Field field = Field::kTypicalMinutes;
    // The service's or office's id; a counter's number ("7"); a finder question's id, or
    // "question/answer" for an answer; a partner's id (a new one's for kPartnerAdd); empty for
    // kHolidays, the kiosk's fields and the site's hours.
    std::string id;
    // As typed: "20"; "true" / "false"; documents "passport, photo"; hours
    // "mon-fri 08:00-12:00; tue,thu 13:30-17:00" (periods split at ';'); holidays "2026-12-24, 2026-12-25";
    // a counter's name "Schalter 7"; its services "abh.eat-collect, abh.address-change"; a new
    // counter "abh, Schalter 7" (office, then name; it offers every service of the office);
    // kCounterRemove: ignored; inactivity "60"; modes "high-contrast, large-text"; the kiosks'
    // printer "escpos:/dev/usb/lp0?width=58" ("" for none); a question's message key
    // "finder.topic.question"; an answer's service "abh.permit-extension"; a partner's name,
    // address, hours or web page as one line ("" takes the web page out); its languages
    // "de, ar" and topics "debt, family"; a new partner "name | address | hours | languages |
    // topics" (and " | web page"); kPartnerRemove: ignored; a pictogram "badge" (a Material
    // Icons name); slot minutes "15" and capacity "2" ("" takes the field out: the defaults of
    // SlotSettings); the site's hours "mon-fri 08:00-12:00; thu 13:00-17:30" (periods split at
    // ';', the syntax of hours.toml) and closed days "2026-12-24, 2026-12-31".
    std::string value;
};
struct EditedFile {
    std::filesystem::path path;  // a file of the directory
    std::string text;            // its new text
};
struct EditCheck {
    std::vector<EditedFile> files;  // the files the edits change, with their new text
    Catalogue catalogue;            // the edited catalogue as the loader read it
    std::vector<Problem> problems;  // the loader's (file names those of `dir`); empty: it loads
    std::optional<SiteHours> site_hours;  // the site's hours as edited, when an edit touches them
};
// Applies `edits` in order to the files of `dir` in memory and loads the result.
EditCheck CheckEdits(const std::filesystem::path& dir, const std::vector<FieldEdit>& edits);
// Writes the files `edits` change when the result loads; otherwise nothing, and the error is
// the loader's first problem.
Status WriteEdits(const std::filesystem::path& dir, const std::vector<FieldEdit>& edits);
// An office's hours as the edit field takes them: "mon 08:00-12:00; tue 08:00-12:00".
std::string FormatHours(const std::vector<OpeningPeriod>& periods);
// The site's hours.toml that goes with a catalogue directory: beside it, as in a published
// configuration's layout (catalogue/ and hours.toml side by side, sync/config/config.h).
std::filesystem::path SiteHoursFileFor(const std::filesystem::path& catalogue_dir);
// The site's hours as the edit field takes them, each time once with its days:
// "mon-fri 08:00-12:00; thu 13:00-17:30" ("" when closed every day).
std::string FormatSiteHours(const SiteHours& hours);

// One difference between two catalogues, for a readable list before publishing
// ("service abh.eat-collect: duration 10 -> 20 min"). A service added or removed has no field
// (before "" for added, "-" for removed); a counter added or removed has field kCounterAdd or
// kCounterRemove (after: "office, name" of the new one), a partner kPartnerAdd (after: its
// name) or kPartnerRemove.
struct Change {
    enum class Subject { kService, kOffice, kCatalogue, kCounter, kKiosk, kFinderQuestion, kFinderAnswer, kPartner, kSite };
    Subject subject = Subject::kService;
    std::string id;
    std::optional<FieldEdit::Field> field;
    std::string before, after;
};
// What changed from `before` to `after` in the editable fields (services' durations,
// appointments, documents, pictograms and slot settings, offices' hours and pictograms, holidays,
// counters, partners, the kiosk's settings, the finder's question keys and answers' services),
// services in `after`'s order.
std::vector<Change> Diff(const Catalogue& before, const Catalogue& after);
// What changed in the site's hours (subject kSite, fields kSiteHours and kSiteClosed).
std::vector<Change> Diff(const SiteHours& before, const SiteHours& after);

}  // namespace anl::catalogue
