// catalogue: the site's offices, services, documents to bring, the kiosk's guided finder
// and the priority classes, loaded and validated from assets/catalogue/*.toml.
// Owns: the catalogue types and their loader. Every visible text is a translation key
// (looked up through i18n/messages), never a literal.
// Must never: speak SQL, draw, or read the clock.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::catalogue {

// Something to bring (passport, photo, current permit ...).
struct Document {
    std::string id;         // stable id, e.g. "passport"
    std::string title_key;  // translation key, e.g. "doc.passport.title"
    std::string pictogram;  // Material Icons glyph name, e.g. "badge"
};

// One of the site's offices (foreigners' authority, social work, integration).
struct Office {
    std::string id;            // e.g. "abh"
    char ticket_prefix = 'A';  // first letter of its ticket numbers
    std::string name_key;      // translation key of the office's name
    std::string summary_key;   // one plain sentence: what this office does for you
    std::string pictogram;     // Material Icons glyph name
    std::string waiting_area_key;  // where to wait, e.g. "Waiting area 1, ground floor"
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

struct Catalogue {
    int version = 0;  // bumped by an administrator on every change; synced down later
    std::vector<Office> offices;
    std::vector<Service> services;
    std::vector<Document> documents;
    std::vector<PriorityClass> priority_classes;
    std::string finder_start_question_id;
    std::vector<FinderQuestion> finder_questions;

    const Office* FindOffice(std::string_view id) const;
    const Service* FindService(std::string_view id) const;
    const Document* FindDocument(std::string_view id) const;
    const PriorityClass* FindPriorityClass(std::string_view id) const;
    const FinderQuestion* FindFinderQuestion(std::string_view id) const;
};

// Loads every *.toml in `dir` and validates the whole: unique ids, every reference resolves,
// every finder path ends at a service. An error names file, line and field.
Result<Catalogue> LoadCatalogue(const std::filesystem::path& dir);

// The catalogue shipped with the program (assets/catalogue), found next to the binary
// or in the source tree.
std::filesystem::path DefaultCatalogueDir();

}  // namespace anl::catalogue
