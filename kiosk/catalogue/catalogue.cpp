// The catalogue loader: reads every *.toml of a directory with toml++ (which keeps the
// source line of every node), builds the Catalogue and checks it as a whole. Every problem
// becomes one sentence "FILE:LINE: SUBJECT: WHAT", so an administrator can jump to it.
//
// Two passes: (1) each file is read strictly (known fields only, right types, sane values),
// remembering where every id and reference was written; (2) the whole is checked (unique
// ids, references resolve, ticket prefixes, the finder has no loops and every path ends at a
// service).
#include "kiosk/catalogue/catalogue.h"

#include <algorithm>
#include <map>
#include <set>
#include <system_error>
#include <tuple>

#include <toml++/toml.h>

namespace anl::catalogue {
namespace {

// Where something was written.
struct Where {
    std::string file;
    int line = 0;
};

// The source positions the whole-catalogue checks need, one record per entity, in the same
// order as the Catalogue's vectors.
struct OfficeWhere {
    Where table, id, ticket_prefix;
    bool prefix_valid = false;
};
struct ServiceWhere {
    Where table, id, office;
    std::vector<Where> documents;  // one per document_ids entry
};
struct SimpleWhere {
    Where table, id;
};
struct AnswerWhere {
    Where table, id, target;  // target: the line of `next` or `service`
};
struct QuestionWhere {
    Where table, id;
    std::vector<AnswerWhere> answers;
};
struct CounterWhere {
    Where table, number, office;
    std::vector<Where> services;  // one per service_ids entry
};
struct Positions {
    std::vector<SimpleWhere> partners;
    std::vector<CounterWhere> counters;
    std::optional<Where> kiosk;
    std::vector<OfficeWhere> offices;
    std::vector<ServiceWhere> services;
    std::vector<SimpleWhere> documents;
    std::vector<SimpleWhere> priorities;
    std::vector<QuestionWhere> questions;
    std::optional<Where> version;
    std::optional<Where> finder_start;
    std::optional<Where> case_management, case_management_service;
    std::optional<Where> announcements;
    std::optional<Where> feedback;
    std::optional<Where> retention;
};

class Problems {
public:
    explicit Problems(std::vector<Problem>& out) : out_(out) {}
    void Add(const Where& where, const std::string& subject, const std::string& what) {
        std::string message = where.file;
        if (where.line > 0) message += ":" + std::to_string(where.line);
        message += ": ";
        if (!subject.empty()) message += subject + ": ";
        message += what;
        out_.push_back(Problem{where.file, where.line, std::move(message)});
    }

private:
    std::vector<Problem>& out_;
};

Where At(const std::string& file, const toml::source_region& region) {
    return Where{file, static_cast<int>(region.begin.line)};
}

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

const char* TypeName(toml::node_type type) {
    switch (type) {
        case toml::node_type::string: return "text";
        case toml::node_type::integer: return "a whole number";
        case toml::node_type::floating_point: return "a decimal number";
        case toml::node_type::boolean: return "true or false";
        case toml::node_type::array: return "a list";
        case toml::node_type::table: return "a table";
        case toml::node_type::date:
        case toml::node_type::time:
        case toml::node_type::date_time: return "a date or time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

// Ids are short, lower-case and stable: they end up in tickets, events and translation keys.
bool IsValidId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    char previous = '.';
    for (char c : id) {
        bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        bool separator = c == '-' || c == '.';
        if (!word && !separator) return false;
        if (separator && (previous == '-' || previous == '.')) return false;
        previous = c;
    }
    return previous != '-' && previous != '.';
}

// "2026-12-25": a real calendar day written YYYY-MM-DD.
bool IsIsoDay(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// A partner's name, address or hours: printed on one slip line.
constexpr std::size_t kMaxPartnerText = 200;
// Case-management reasons: a short list a desk chooses from in one glance.
constexpr std::size_t kMaxCaseReasons = 10;
bool IsOneLine(const std::string& s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return false;
    return true;
}
// "de", "ckb", "fa-AF": two or three lower-case letters, optionally a region in capitals.
bool IsLanguageCode(const std::string& s) {
    std::size_t dash = s.find('-');
    std::string lang = s.substr(0, dash);
    if (lang.size() < 2 || lang.size() > 3) return false;
    for (char c : lang)
        if (c < 'a' || c > 'z') return false;
    if (dash == std::string::npos) return true;
    std::string region = s.substr(dash + 1);
    if (region.size() != 2) return false;
    for (char c : region)
        if (c < 'A' || c > 'Z') return false;
    return true;
}

// Reads the fields of one TOML table strictly: every field it asks for is remembered, so
// that RejectUnknown() can name a misspelt field instead of silently ignoring it.
class FieldReader {
public:
    FieldReader(const toml::table& table, std::string file, std::string kind, Problems& problems)
        : table_(table), file_(std::move(file)), kind_(std::move(kind)), problems_(problems) {
        subject_ = kind_;
    }

    Where TableWhere() const { return At(file_, table_.source()); }
    Where FieldWhere(std::string_view field) const {
        const toml::node* node = table_.get(field);
        return node ? At(file_, node->source()) : TableWhere();
    }
    const std::string& subject() const { return subject_; }
    void NameSubject(const std::string& id) { subject_ = kind_ + " " + Quoted(id); }

    // A text field. Required fields that are missing are reported; optional ones give nullopt.
    std::optional<std::string> Text(std::string_view field, bool required, const char* meaning) {
        const toml::node* node = Find(field, required, meaning);
        if (!node) return std::nullopt;
        if (const auto* s = node->as_string()) {
            if (s->get().empty()) {
                Report(field, "field " + Quoted(field) + " is empty; it must hold " + meaning);
                return std::nullopt;
            }
            return s->get();
        }
        WrongType(field, *node, "text in quotes");
        return std::nullopt;
    }

    std::optional<std::string> Id(const char* meaning) {
        auto id = Text("id", true, meaning);
        if (!id) return std::nullopt;
        if (!IsValidId(*id)) {
            Report("id", "field 'id' is " + Quoted(*id) +
                             ", but an id may only use a-z, 0-9 and single '-' or '.' between them");
            return std::nullopt;
        }
        NameSubject(*id);
        return id;
    }

    std::optional<std::int64_t> Integer(std::string_view field, bool required, const char* meaning) {
        const toml::node* node = Find(field, required, meaning);
        if (!node) return std::nullopt;
        if (const auto* i = node->as_integer()) return i->get();
        WrongType(field, *node, "a whole number");
        return std::nullopt;
    }

    std::optional<bool> Boolean(std::string_view field, bool required, const char* meaning) {
        const toml::node* node = Find(field, required, meaning);
        if (!node) return std::nullopt;
        if (const auto* b = node->as_boolean()) return b->get();
        WrongType(field, *node, "true or false");
        return std::nullopt;
    }

    // A list of texts; each entry comes back with the line it was written on.
    std::optional<std::vector<std::pair<std::string, Where>>> TextList(std::string_view field, bool required,
                                                                       const char* meaning) {
        const toml::node* node = Find(field, required, meaning);
        if (!node) return std::nullopt;
        const auto* array = node->as_array();
        if (!array) {
            WrongType(field, *node, "a list of texts in [ ]");
            return std::nullopt;
        }
        std::vector<std::pair<std::string, Where>> items;
        for (const toml::node& element : *array) {
            if (const auto* s = element.as_string()) {
                items.emplace_back(s->get(), At(file_, element.source()));
            } else {
                problems_.Add(At(file_, element.source()), subject_,
                              "field " + Quoted(field) + " must list texts in quotes, but one entry is " +
                                  TypeName(element.type()));
            }
        }
        return items;
    }

    // An array of tables under `field` (e.g. the answers of a finder question), written in
    // TOML as `[[written_as]]`.
    const toml::array* TableArray(std::string_view field, const char* written_as) {
        std::string meaning = std::string("[[") + written_as + "]] tables";
        const toml::node* node = Find(field, true, meaning.c_str());
        if (!node) return nullptr;
        const auto* array = node->as_array();
        if (!array || (!array->empty() && !array->is_array_of_tables())) {
            WrongType(field, *node, "a list of " + meaning);
            return nullptr;
        }
        return array;
    }

    // A pictogram: a Material Icons glyph name the installed font really draws.
    std::optional<std::string> Pictogram() {
        auto name = Text("pictogram", true, "a Material Icons glyph name, e.g. \"badge\"");
        if (!name) return std::nullopt;
        if (!PictogramCodepoint(*name)) {
            Report("pictogram", "field 'pictogram' names " + Quoted(*name) +
                                    ", which is not a Material Icons glyph of the installed font "
                                    "(see kiosk/catalogue/material-icons.txt)");
            return std::nullopt;
        }
        return name;
    }

    // A translation key: the explicit `field` when given, otherwise the derived default.
    std::string Key(std::string_view field, std::string derived) {
        auto key = Text(field, false, "a translation key");
        return key ? *key : derived;
    }

    void RejectUnknown() {
        for (auto&& [key, node] : table_) {
            if (known_.count(std::string(key.str()))) continue;
            std::string list;
            for (const auto& k : known_) list += (list.empty() ? "" : ", ") + k;
            problems_.Add(At(file_, key.source()), subject_,
                          "field " + Quoted(key.str()) + " is not a field of a " + kind_ + " (known: " + list + ")");
        }
    }

    void Report(std::string_view field, const std::string& what) {
        problems_.Add(FieldWhere(field), subject_, what);
    }

private:
    const toml::node* Find(std::string_view field, bool required, const char* meaning) {
        known_.insert(std::string(field));
        const toml::node* node = table_.get(field);
        if (!node && required) {
            problems_.Add(TableWhere(), subject_,
                          "field " + Quoted(field) + " is missing; it must hold " + meaning);
        }
        return node;
    }
    void WrongType(std::string_view field, const toml::node& node, const std::string& expected) {
        problems_.Add(At(file_, node.source()), subject_,
                      "field " + Quoted(field) + " must be " + expected + ", not " + TypeName(node.type()));
    }

    const toml::table& table_;
    std::string file_;
    std::string kind_;
    std::string subject_;
    Problems& problems_;
    std::set<std::string> known_;
};

// Sanity bounds for typical_minutes: a wait estimate built on 0 or 600 minutes is a typo.
constexpr std::int64_t kMinTypicalMinutes = 1;
constexpr std::int64_t kMaxTypicalMinutes = 240;

class Loader {
public:
    Loader(Catalogue& catalogue, Positions& where, Problems& problems)
        : cat_(catalogue), where_(where), problems_(problems) {}

    void ReadFile(const std::string& file, const toml::table& root) {
        for (auto&& [key, node] : root) {
            std::string name(key.str());
            Where key_where = At(file, key.source());
            if (name == "catalogue") {
                ReadHeader(file, node, key_where);
            } else if (name == "office" || name == "service" || name == "document" || name == "priority" ||
                       name == "partner" || name == "counter") {
                const auto* array = node.as_array();
                if (!array || !array->is_array_of_tables()) {
                    problems_.Add(key_where, "",
                                  Quoted(name) + " must be written as [[" + name + "]] tables, one per " + name);
                    continue;
                }
                for (const toml::node& element : *array) {
                    const toml::table& table = *element.as_table();
                    if (name == "office") ReadOffice(file, table);
                    if (name == "service") ReadService(file, table);
                    if (name == "document") ReadDocument(file, table);
                    if (name == "priority") ReadPriority(file, table);
                    if (name == "partner") ReadPartner(file, table);
                    if (name == "counter") ReadCounter(file, table);
                }
            } else if (name == "finder") {
                ReadFinder(file, node, key_where);
            } else if (name == "case_management") {
                ReadCaseManagement(file, node, key_where);
            } else if (name == "announcements") {
                ReadAnnouncements(file, node, key_where);
            } else if (name == "feedback") {
                ReadFeedback(file, node, key_where);
            } else if (name == "kiosk") {
                ReadKiosk(file, node, key_where);
            } else if (name == "retention") {
                ReadRetention(file, node, key_where);
            } else {
                problems_.Add(key_where, "",
                              Quoted(name) + " is not part of a catalogue (known: [catalogue], [[office]], "
                                             "[[service]], [[document]], [[priority]], [[partner]], [[counter]], "
                                             "[case_management], [announcements], [feedback], [kiosk], [retention], "
                                             "[finder])");
            }
        }
    }

private:
    void ReadHeader(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'catalogue' must be a [catalogue] table");
            return;
        }
        FieldReader r(*table, file, "catalogue", problems_);
        if (where_.version) {
            problems_.Add(r.TableWhere(), "catalogue",
                          "[catalogue] is written twice; it was first written at " + where_.version->file + ":" +
                              std::to_string(where_.version->line));
        }
        auto version = r.Integer("version", true, "the catalogue's version number (1 or more)");
        if (version) {
            if (*version < 1 || *version > 1'000'000'000) {
                r.Report("version", "field 'version' must be 1 or more, not " + std::to_string(*version));
            } else {
                cat_.version = static_cast<int>(*version);
            }
        }
        // Holidays (optional): local days without appointments, "2026-12-25".
        if (auto holidays = r.TextList("holidays", false, "local days without appointments, \"2026-12-25\"")) {
            for (const auto& [day, at] : *holidays) {
                if (!IsIsoDay(day)) r.Report("holidays", "field 'holidays' has " + Quoted(day) + ", but a day is written YYYY-MM-DD");
                else cat_.holidays.push_back(day);
            }
        }
        r.RejectUnknown();
        if (!where_.version) where_.version = r.TableWhere();
    }

    void ReadOffice(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "office", problems_);
        Office office;
        OfficeWhere w{r.TableWhere(), r.FieldWhere("id"), r.FieldWhere("ticket_prefix"), false};
        office.id = r.Id("the office's id, e.g. \"abh\"").value_or("");
        if (auto prefix = r.Text("ticket_prefix", true, "one capital letter A-Z, e.g. \"A\"")) {
            if (prefix->size() != 1 || (*prefix)[0] < 'A' || (*prefix)[0] > 'Z') {
                r.Report("ticket_prefix", "field 'ticket_prefix' is " + Quoted(*prefix) +
                                              ", but it must be one capital letter A-Z");
            } else {
                office.ticket_prefix = (*prefix)[0];
                w.prefix_valid = true;
            }
        }
        office.pictogram = r.Pictogram().value_or("");
        office.waiting_area_id = r.Text("waiting_area", true, "the id of the waiting area, e.g. \"ground-floor\"")
                                     .value_or("");
        if (!office.waiting_area_id.empty() && !IsValidId(office.waiting_area_id)) {
            r.Report("waiting_area", "field 'waiting_area' is " + Quoted(office.waiting_area_id) +
                                         ", but an id may only use a-z, 0-9 and single '-' or '.'");
        }
        office.name_key = r.Key("name_key", "office." + office.id + ".name");
        office.summary_key = r.Key("summary_key", "office." + office.id + ".summary");
        office.waiting_area_key = r.Key("waiting_area_key", "waiting-area." + office.waiting_area_id + ".name");
        // Appointment hours (optional): slots of the office's appointment services.
        if (auto hours = r.TextList("hours", false, "appointment hours like \"mon-fri 08:00-12:00\"")) {
            for (const auto& [text, at] : *hours) {
                auto periods = ParseOpeningHours(text);
                if (!periods.ok()) r.Report("hours", "field 'hours' has " + Quoted(text) + ": " + periods.error().message);
                else cat_.office_hours[office.id].insert(cat_.office_hours[office.id].end(), periods->begin(), periods->end());
            }
        }
        r.RejectUnknown();
        cat_.offices.push_back(std::move(office));
        where_.offices.push_back(std::move(w));
    }

    void ReadService(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "service", problems_);
        Service service;
        ServiceWhere w{r.TableWhere(), r.FieldWhere("id"), r.FieldWhere("office"), {}};
        service.id = r.Id("the service's id, e.g. \"abh.permit-extension\"").value_or("");
        service.office_id = r.Text("office", true, "the id of the office that serves it").value_or("");
        service.pictogram = r.Pictogram().value_or("");
        if (auto documents = r.TextList("documents", true, "the ids of the documents to bring ([] for none)")) {
            for (auto& [id, at] : *documents) {
                service.document_ids.push_back(id);
                w.documents.push_back(at);
            }
        }
        if (auto minutes = r.Integer("typical_minutes", true, "the typical minutes at the counter")) {
            if (*minutes < kMinTypicalMinutes || *minutes > kMaxTypicalMinutes) {
                r.Report("typical_minutes", "field 'typical_minutes' is " + std::to_string(*minutes) +
                                                ", but it must be between " + std::to_string(kMinTypicalMinutes) +
                                                " and " + std::to_string(kMaxTypicalMinutes) + " minutes");
            } else {
                service.typical_minutes = static_cast<int>(*minutes);
            }
        }
        service.needs_appointment =
            r.Boolean("needs_appointment", false, "true when the service is by appointment only").value_or(false);
        // Appointment slots (optional): length and how many visitors share a start time.
        if (auto minutes = r.Integer("slot_minutes", false, "the length of an appointment in minutes")) {
            if (*minutes < 5 || *minutes > 480) r.Report("slot_minutes", "field 'slot_minutes' must be between 5 and 480");
            else cat_.service_slots[service.id].slot_minutes = static_cast<int>(*minutes);
        }
        if (auto capacity = r.Integer("slot_capacity", false, "visitors served at the same start time")) {
            if (*capacity < 1 || *capacity > 20) r.Report("slot_capacity", "field 'slot_capacity' must be between 1 and 20");
            else cat_.service_slots[service.id].slot_capacity = static_cast<int>(*capacity);
        }
        service.name_key = r.Key("name_key", "service." + service.id + ".name");
        service.description_key = r.Key("description_key", "service." + service.id + ".description");
        r.RejectUnknown();
        cat_.services.push_back(std::move(service));
        where_.services.push_back(std::move(w));
    }

    void ReadDocument(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "document", problems_);
        Document document;
        SimpleWhere w{r.TableWhere(), r.FieldWhere("id")};
        document.id = r.Id("the document's id, e.g. \"passport\"").value_or("");
        document.pictogram = r.Pictogram().value_or("");
        document.title_key = r.Key("title_key", "doc." + document.id + ".title");
        r.RejectUnknown();
        cat_.documents.push_back(std::move(document));
        where_.documents.push_back(std::move(w));
    }

    void ReadPriority(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "priority", problems_);
        PriorityClass priority;
        SimpleWhere w{r.TableWhere(), r.FieldWhere("id")};
        priority.id = r.Id("the priority class's id, e.g. \"children\"").value_or("");
        if (auto rank = r.Integer("rank", true, "a rank from 1 to 9 (higher is served earlier)")) {
            // 0 is what a walk-in without a class has; a class must rank above it.
            if (*rank < 1 || *rank > 9) {
                r.Report("rank", "field 'rank' is " + std::to_string(*rank) + ", but it must be between 1 and 9");
            } else {
                priority.rank = static_cast<int>(*rank);
            }
        }
        priority.pictogram = r.Pictogram().value_or("");
        priority.label_key = r.Key("label_key", "priority." + priority.id + ".label");
        r.RejectUnknown();
        cat_.priority_classes.push_back(std::move(priority));
        where_.priorities.push_back(std::move(w));
    }

    // A partner organisation: its texts are data shown as written (one line each, no control
    // characters: they end up on a printed slip and in a QR), its languages and topics ids.
    void ReadPartner(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "partner", problems_);
        Partner partner;
        SimpleWhere w{r.TableWhere(), r.FieldWhere("id")};
        partner.id = r.Id("the partner's id, e.g. \"caritas-migration\"").value_or("");
        auto line = [&](const char* field, bool required, const char* meaning) {
            auto text = r.Text(field, required, meaning);
            if (!text) return std::string();
            if (!IsOneLine(*text) || text->size() > kMaxPartnerText) {
                r.Report(field, "field " + Quoted(field) + " must be one line of at most " +
                                    std::to_string(kMaxPartnerText) + " bytes without control characters");
                return std::string();
            }
            return *text;
        };
        partner.name = line("name", true, "the organisation's name as it writes it");
        partner.address = line("address", true, "one line: street, postcode and town");
        partner.hours = line("hours", true, "the opening hours as the partner writes them");
        partner.web = line("web", false, "the partner's web page, https://...");
        if (!partner.web.empty() && partner.web.rfind("https://", 0) != 0 && partner.web.rfind("http://", 0) != 0) {
            r.Report("web", "field 'web' is " + Quoted(partner.web) + ", but a web page starts with https://");
            partner.web.clear();
        }
        if (auto languages = r.TextList("languages", true, "the codes of the languages spoken there, e.g. [\"de\", \"ar\"]")) {
            for (const auto& [code, at] : *languages) {
                if (!IsLanguageCode(code)) {
                    problems_.Add(at, r.subject(), "field 'languages' has " + Quoted(code) +
                                                       ", but a language is a code like \"de\", \"ckb\" or \"fa-AF\"");
                } else {
                    partner.languages.push_back(code);
                }
            }
            if (languages->empty()) r.Report("languages", "field 'languages' is empty; name at least one language");
        }
        if (auto topics = r.TextList("topics", true, "topic ids of what they help with, e.g. [\"debt\"]")) {
            for (const auto& [topic, at] : *topics) {
                if (!IsValidId(topic)) {
                    problems_.Add(at, r.subject(), "field 'topics' has " + Quoted(topic) +
                                                       ", but a topic id may only use a-z, 0-9 and single '-' or '.'");
                } else {
                    partner.topics.push_back(topic);
                }
            }
            if (topics->empty()) r.Report("topics", "field 'topics' is empty; name at least one topic");
        }
        r.RejectUnknown();
        cat_.partners.push_back(std::move(partner));
        where_.partners.push_back(std::move(w));
    }

    // A counter: its number, office, name (data shown as written) and the services offered.
    // Whether the office and services exist is checked with the whole catalogue (CheckWhole).
    void ReadCounter(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "counter", problems_);
        Counter counter;
        CounterWhere w{r.TableWhere(), r.FieldWhere("number"), r.FieldWhere("office"), {}};
        if (auto number = r.Integer("number", true, "the counter's number, 1 to 999, as the call display shows it")) {
            if (*number < 1 || *number > Counter::kMaxNumber) {
                r.Report("number", "field 'number' is " + std::to_string(*number) + ", but a counter's number is 1 to " +
                                       std::to_string(Counter::kMaxNumber));
            } else {
                counter.number = static_cast<int>(*number);
                r.NameSubject(std::to_string(counter.number));
            }
        }
        counter.office_id = r.Text("office", true, "the id of the office whose visitors are called there").value_or("");
        if (auto name = r.Text("name", true, "how staff name the counter, e.g. \"Schalter 3, Erdgeschoss\"")) {
            if (!IsOneLine(*name) || name->size() > Counter::kMaxName) {
                r.Report("name", "field 'name' must be one line of at most " + std::to_string(Counter::kMaxName) +
                                     " bytes without control characters");
            } else {
                counter.name = *name;
            }
        }
        if (auto services = r.TextList("services", true, "the ids of the services offered there, e.g. [\"abh.permit-extension\"]")) {
            for (auto& [id, at] : *services) {
                counter.service_ids.push_back(id);
                w.services.push_back(at);
            }
            if (services->empty()) r.Report("services", "field 'services' is empty; a counter offers at least one service");
        }
        r.RejectUnknown();
        cat_.counters.push_back(std::move(counter));
        where_.counters.push_back(std::move(w));
    }

    // The kiosk's settings: inactivity timeout, read-aloud, the accessible modes offered.
    void ReadKiosk(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'kiosk' must be a [kiosk] table");
            return;
        }
        FieldReader r(*table, file, "kiosk", problems_);
        if (where_.kiosk) {
            problems_.Add(r.TableWhere(), "kiosk",
                          "[kiosk] is written twice; it was first written at " + where_.kiosk->file + ":" +
                              std::to_string(where_.kiosk->line));
        }
        where_.kiosk = r.TableWhere();
        if (auto seconds = r.Integer("inactivity_seconds", false, "the seconds untouched before the kiosk starts again")) {
            if (*seconds < KioskConfig::kMinInactivitySeconds || *seconds > KioskConfig::kMaxInactivitySeconds) {
                r.Report("inactivity_seconds", "field 'inactivity_seconds' is " + std::to_string(*seconds) +
                                                   ", but it must be between " +
                                                   std::to_string(KioskConfig::kMinInactivitySeconds) + " and " +
                                                   std::to_string(KioskConfig::kMaxInactivitySeconds) + " seconds");
            } else {
                cat_.kiosk.inactivity_seconds = static_cast<int>(*seconds);
            }
        }
        if (auto read_aloud = r.Boolean("read_aloud", false, "true when the kiosk offers reading aloud"))
            cat_.kiosk.read_aloud = *read_aloud;
        if (auto modes = r.TextList("accessible_modes", false, "the accessible modes offered, e.g. [\"high-contrast\"]")) {
            std::vector<std::string> list;
            for (const auto& [mode, at] : *modes) {
                // A named copy: clang 14 (the fuzz build) refuses a lambda capturing a structured binding.
                const std::string& named = mode;
                const bool known = std::any_of(std::begin(KioskConfig::kModes), std::end(KioskConfig::kModes),
                                               [&](const char* m) { return named == m; });
                if (!known) {
                    std::string names;
                    for (const char* m : KioskConfig::kModes) names += (names.empty() ? "" : ", ") + std::string(m);
                    problems_.Add(at, r.subject(), "field 'accessible_modes' has " + Quoted(mode) +
                                                       ", which is not a mode of the kiosk (known: " + names + ")");
                } else if (std::find(list.begin(), list.end(), mode) != list.end()) {
                    problems_.Add(at, r.subject(), "field 'accessible_modes' lists " + Quoted(mode) + " twice");
                } else {
                    list.push_back(mode);
                }
            }
            cat_.kiosk.accessible_modes = std::move(list);
        }
        if (auto printer = r.Text("printer", false, "the kiosks' printer, e.g. \"escpos:/dev/usb/lp0?width=58\"")) {
            if (auto spec = ParsePrinterSpec(*printer); !spec.ok()) r.Report("printer", "field 'printer': " + spec.error().message);
            else cat_.kiosk.printer = *printer;
        }
        r.RejectUnknown();
    }

    // Case management: the case managers' service and the reasons a desk may choose.
    void ReadCaseManagement(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'case_management' must be a [case_management] table");
            return;
        }
        FieldReader r(*table, file, "case_management", problems_);
        if (where_.case_management) {
            problems_.Add(r.TableWhere(), "case_management",
                          "[case_management] is written twice; it was first written at " +
                              where_.case_management->file + ":" + std::to_string(where_.case_management->line));
        }
        where_.case_management = r.TableWhere();
        where_.case_management_service = r.FieldWhere("service");
        cat_.case_management.service_id =
            r.Text("service", true, "the id of the case managers' service, e.g. \"int.case-management\"").value_or("");
        if (auto reasons = r.TextList("reasons", true, "the reason ids a desk may choose, e.g. [\"several-offices\"]")) {
            if (reasons->empty() || reasons->size() > kMaxCaseReasons)
                r.Report("reasons", "field 'reasons' must list 1 to " + std::to_string(kMaxCaseReasons) +
                                        " reasons; a short list is what a desk can choose from");
            for (const auto& [id, at] : *reasons) {
                if (!IsValidId(id)) {
                    problems_.Add(at, r.subject(), "field 'reasons' has " + Quoted(id) +
                                                       ", but a reason id may only use a-z, 0-9 and single '-' or '.'");
                } else if (cat_.case_management.HasReason(id)) {
                    problems_.Add(at, r.subject(), "field 'reasons' lists " + Quoted(id) + " twice");
                } else {
                    cat_.case_management.reasons.push_back(id);
                }
            }
        }
        r.RejectUnknown();
    }

    // Visitor feedback: the reasons a visitor may tap (replaces the defaults when written).
    void ReadFeedback(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'feedback' must be a [feedback] table");
            return;
        }
        FieldReader r(*table, file, "feedback", problems_);
        if (where_.feedback) {
            problems_.Add(r.TableWhere(), "feedback",
                          "[feedback] is written twice; it was first written at " + where_.feedback->file + ":" +
                              std::to_string(where_.feedback->line));
        }
        where_.feedback = r.TableWhere();
        if (auto reasons = r.TextList("reasons", true, "the reason ids a visitor may tap, e.g. [\"waiting-time\"]")) {
            cat_.feedback.reasons.clear();
            if (reasons->empty() || reasons->size() > Feedback::kMaxReasons)
                r.Report("reasons", "field 'reasons' must list 1 to " + std::to_string(Feedback::kMaxReasons) +
                                        " reasons; a visitor takes in a short row of choices");
            for (const auto& [id, at] : *reasons) {
                if (!IsValidId(id)) {
                    problems_.Add(at, r.subject(), "field 'reasons' has " + Quoted(id) +
                                                       ", but a reason id may only use a-z, 0-9 and single '-' or '.'");
                } else if (cat_.feedback.HasReason(id)) {
                    problems_.Add(at, r.subject(), "field 'reasons' lists " + Quoted(id) + " twice");
                } else {
                    cat_.feedback.reasons.push_back(id);
                }
            }
        }
        r.RejectUnknown();
    }

    // How long personal fields are kept (docs/DATA-PROTECTION.md): days, 1 to 3650.
    void ReadRetention(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'retention' must be a [retention] table");
            return;
        }
        FieldReader r(*table, file, "retention", problems_);
        if (where_.retention) {
            problems_.Add(r.TableWhere(), "retention",
                          "[retention] is written twice; it was first written at " + where_.retention->file + ":" +
                              std::to_string(where_.retention->line));
        }
        where_.retention = r.TableWhere();
        if (auto days = r.Integer("days", true, "how many days visitors' personal fields are kept")) {
            if (*days < Retention::kMinDays || *days > Retention::kMaxDays) {
                r.Report("days", "field 'days' is " + std::to_string(*days) + ", but it must be " +
                                     std::to_string(Retention::kMinDays) + " to " + std::to_string(Retention::kMaxDays) +
                                     " (days personal fields are kept)");
            } else {
                cat_.retention.days = int(*days);
            }
        }
        r.RejectUnknown();
    }

    // The call display's announcements: languages in order, and the volume.
    void ReadAnnouncements(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'announcements' must be an [announcements] table");
            return;
        }
        FieldReader r(*table, file, "announcements", problems_);
        if (where_.announcements) {
            problems_.Add(r.TableWhere(), "announcements",
                          "[announcements] is written twice; it was first written at " + where_.announcements->file +
                              ":" + std::to_string(where_.announcements->line));
        }
        where_.announcements = r.TableWhere();
        if (auto langs = r.TextList("languages", false, "language codes in the order spoken, e.g. [\"de\", \"visitor\", \"en\"]")) {
            std::vector<std::string> list;
            for (const auto& [code, at] : *langs) {
                const bool code_like = !code.empty() && code.size() <= 8 &&
                                       std::all_of(code.begin(), code.end(), [](char c) {
                                           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
                                       });
                if (!code_like) {
                    problems_.Add(at, r.subject(), "field 'languages' has " + Quoted(code) +
                                                       ", but an entry is a language code (\"ar\") or \"visitor\"");
                } else if (std::find(list.begin(), list.end(), code) != list.end()) {
                    problems_.Add(at, r.subject(), "field 'languages' lists " + Quoted(code) + " twice");
                } else {
                    list.push_back(code);
                }
            }
            if (langs->empty() || langs->size() > 5)
                r.Report("languages", "field 'languages' must list 1 to 5 languages; every call waits for all of them");
            cat_.announcements.languages = std::move(list);
        }
        if (auto volume = r.Integer("volume", false, "the loudness in percent, 0 to 100")) {
            if (*volume < 0 || *volume > 100) {
                r.Report("volume", "field 'volume' is " + std::to_string(*volume) + ", but it must be 0 to 100 (percent)");
            } else {
                cat_.announcements.volume = int(*volume);
            }
        }
        r.RejectUnknown();
    }

    void ReadFinder(const std::string& file, const toml::node& node, const Where& key_where) {
        const auto* table = node.as_table();
        if (!table) {
            problems_.Add(key_where, "", "'finder' must be a [finder] table");
            return;
        }
        FieldReader r(*table, file, "finder", problems_);
        if (where_.finder_start) {
            problems_.Add(r.TableWhere(), "finder",
                          "[finder] is written twice; it was first written at " + where_.finder_start->file + ":" +
                              std::to_string(where_.finder_start->line));
        }
        Where start_where = r.FieldWhere("start");
        if (auto start = r.Text("start", true, "the id of the first question")) {
            cat_.finder_start_question_id = *start;
            where_.finder_start = start_where;
        } else if (!where_.finder_start) {
            where_.finder_start = r.TableWhere();
        }
        if (const toml::array* questions = r.TableArray("question", "finder.question")) {
            for (const toml::node& element : *questions) ReadQuestion(file, *element.as_table());
        }
        r.RejectUnknown();
    }

    void ReadQuestion(const std::string& file, const toml::table& table) {
        FieldReader r(table, file, "finder question", problems_);
        FinderQuestion question;
        QuestionWhere w{r.TableWhere(), r.FieldWhere("id"), {}};
        question.id = r.Id("the question's id, e.g. \"topic\"").value_or("");
        question.question_key = r.Key("question_key", "finder." + question.id + ".question");
        if (const toml::array* answers = r.TableArray("answer", "finder.question.answer")) {
            for (const toml::node& element : *answers) {
                FieldReader a(*element.as_table(), file, "answer", problems_);
                FinderAnswer answer;
                AnswerWhere aw{a.TableWhere(), a.FieldWhere("id"), a.TableWhere()};
                answer.id = a.Id("the answer's id, e.g. \"papers\"").value_or("");
                a.NameSubject(question.id + "/" + answer.id);
                answer.label_key = a.Key("label_key", "finder." + question.id + ".answer." + answer.id);
                answer.pictogram = a.Pictogram().value_or("");
                auto next = a.Text("next", false, "the id of the next question");
                auto service = a.Text("service", false, "the id of a service");
                if (next && service) {
                    // Follow neither: checking both would only add confusing follow-on problems.
                    a.Report("service", "an answer leads either to a question ('next') or to a service "
                                        "('service'), not both");
                    next.reset();
                    service.reset();
                } else if (!next && !service) {
                    problems_.Add(a.TableWhere(), a.subject(),
                                  "field 'next' or 'service' is missing; every answer must lead to a question "
                                  "or a service");
                }
                if (next) {
                    answer.next_question_id = *next;
                    aw.target = a.FieldWhere("next");
                }
                if (service) {
                    answer.service_id = *service;
                    aw.target = a.FieldWhere("service");
                }
                a.RejectUnknown();
                question.answers.push_back(std::move(answer));
                w.answers.push_back(std::move(aw));
            }
        }
        r.RejectUnknown();
        cat_.finder_questions.push_back(std::move(question));
        where_.questions.push_back(std::move(w));
    }

    Catalogue& cat_;
    Positions& where_;
    Problems& problems_;
};

// Reports every id that appears twice, at the second place it was written.
template <typename Item, typename W>
void CheckUniqueIds(const std::vector<Item>& items, const std::vector<W>& where, const char* kind,
                    Problems& problems) {
    std::map<std::string, Where> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].id.empty()) continue;
        auto [it, inserted] = seen.emplace(items[i].id, where[i].id);
        if (!inserted) {
            problems.Add(where[i].id, std::string(kind) + " " + Quoted(items[i].id),
                         "field 'id' repeats an id first used at " + it->second.file + ":" +
                             std::to_string(it->second.line) + "; every " + kind + " needs its own id");
        }
    }
}

void CheckWhole(const Catalogue& cat, const Positions& where, const std::string& dir, Problems& problems) {
    Where dir_where{dir, 0};
    if (!where.version) problems.Add(dir_where, "", "no file holds [catalogue] with its version number");
    if (cat.offices.empty()) problems.Add(dir_where, "", "no file holds an [[office]]; a site needs at least one");
    if (cat.services.empty()) problems.Add(dir_where, "", "no file holds a [[service]]; a site needs at least one");

    CheckUniqueIds(cat.offices, where.offices, "office", problems);
    CheckUniqueIds(cat.services, where.services, "service", problems);
    CheckUniqueIds(cat.documents, where.documents, "document", problems);
    CheckUniqueIds(cat.priority_classes, where.priorities, "priority", problems);
    CheckUniqueIds(cat.finder_questions, where.questions, "finder question", problems);
    CheckUniqueIds(cat.partners, where.partners, "partner", problems);

    // Ticket prefixes: staff and the call display tell offices apart by the letter.
    std::map<char, std::size_t> prefix_owner;
    for (std::size_t i = 0; i < cat.offices.size(); ++i) {
        const Office& office = cat.offices[i];
        if (!where.offices[i].prefix_valid) continue;
        auto [it, inserted] = prefix_owner.emplace(office.ticket_prefix, i);
        if (!inserted) {
            problems.Add(where.offices[i].ticket_prefix, "office " + Quoted(office.id),
                         std::string("field 'ticket_prefix' uses '") + office.ticket_prefix +
                             "', which office " + Quoted(cat.offices[it->second].id) +
                             " already uses; each office needs its own letter");
        }
    }

    // Case management: hand-offs book the first appointment, so the service takes appointments.
    if (where.case_management_service && !cat.case_management.service_id.empty()) {
        const Service* s = cat.FindService(cat.case_management.service_id);
        if (!s) {
            problems.Add(*where.case_management_service, "case_management",
                         "field 'service' names unknown service " + Quoted(cat.case_management.service_id));
        } else if (!s->needs_appointment) {
            problems.Add(*where.case_management_service, "case_management",
                         "field 'service' names " + Quoted(s->id) +
                             ", which takes no appointments; a hand-off books the first case-management "
                             "appointment, so set needs_appointment = true there");
        }
    }

    std::map<std::string, int> services_per_office;
    for (std::size_t i = 0; i < cat.services.size(); ++i) {
        const Service& service = cat.services[i];
        const ServiceWhere& w = where.services[i];
        std::string subject = "service " + Quoted(service.id);
        if (!service.office_id.empty()) {
            if (cat.FindOffice(service.office_id)) {
                ++services_per_office[service.office_id];
            } else {
                problems.Add(w.office, subject,
                             "field 'office' names unknown office " + Quoted(service.office_id));
            }
        }
        std::set<std::string> listed;
        for (std::size_t d = 0; d < service.document_ids.size(); ++d) {
            const std::string& doc = service.document_ids[d];
            if (!cat.FindDocument(doc)) {
                problems.Add(w.documents[d], subject, "field 'documents' names unknown document " + Quoted(doc));
            } else if (!listed.insert(doc).second) {
                problems.Add(w.documents[d], subject, "field 'documents' lists document " + Quoted(doc) + " twice");
            }
        }
    }
    for (std::size_t i = 0; i < cat.offices.size(); ++i) {
        const Office& office = cat.offices[i];
        if (!office.id.empty() && services_per_office[office.id] == 0) {
            problems.Add(where.offices[i].id, "office " + Quoted(office.id),
                         "no [[service]] names this office; a visitor could not choose it");
        }
    }

    // Counters: one number each; the office and the services offered exist, and a counter
    // offers services of its own office (its queue is the office's). When counters are
    // written, every office has one: the desks sign in at the counters written here.
    std::map<int, Where> counter_numbers;
    std::set<std::string> offices_with_counter;
    for (std::size_t i = 0; i < cat.counters.size(); ++i) {
        const Counter& counter = cat.counters[i];
        const CounterWhere& w = where.counters[i];
        const std::string subject = "counter " + Quoted(std::to_string(counter.number));
        if (counter.number > 0) {
            auto [it, inserted] = counter_numbers.emplace(counter.number, w.number);
            if (!inserted) {
                problems.Add(w.number, subject,
                             "field 'number' repeats a number first used at " + it->second.file + ":" +
                                 std::to_string(it->second.line) + "; every counter needs its own number");
            }
        }
        const Office* office = counter.office_id.empty() ? nullptr : cat.FindOffice(counter.office_id);
        if (!counter.office_id.empty() && office == nullptr)
            problems.Add(w.office, subject, "field 'office' names unknown office " + Quoted(counter.office_id));
        if (office != nullptr) offices_with_counter.insert(office->id);
        std::set<std::string> listed;
        for (std::size_t s = 0; s < counter.service_ids.size(); ++s) {
            const std::string& id = counter.service_ids[s];
            const Service* service = cat.FindService(id);
            if (service == nullptr) {
                problems.Add(w.services[s], subject, "field 'services' names unknown service " + Quoted(id));
            } else if (!listed.insert(id).second) {
                problems.Add(w.services[s], subject, "field 'services' lists service " + Quoted(id) + " twice");
            } else if (office != nullptr && service->office_id != office->id) {
                problems.Add(w.services[s], subject,
                             "field 'services' names " + Quoted(id) + " of office " + Quoted(service->office_id) +
                                 ", but this counter calls the visitors of office " + Quoted(office->id));
            }
        }
    }
    if (!cat.counters.empty()) {
        for (std::size_t i = 0; i < cat.offices.size(); ++i) {
            const Office& office = cat.offices[i];
            if (!office.id.empty() && !offices_with_counter.count(office.id))
                problems.Add(where.offices[i].id, "office " + Quoted(office.id),
                             "no [[counter]] calls this office's visitors; add a counter for it");
        }
    }

    // The finder: a question leads through answers to further questions or to services.
    // It must start somewhere real, reach every question, never loop, and every path must
    // end at a service, so a visitor who is not sure is never left on a dead end.
    if (cat.finder_questions.empty() && !where.finder_start) return;
    if (where.finder_start && !cat.finder_start_question_id.empty() &&
        !cat.FindFinderQuestion(cat.finder_start_question_id)) {
        problems.Add(*where.finder_start, "finder",
                     "field 'start' names unknown question " + Quoted(cat.finder_start_question_id));
    }
    std::map<std::string, std::size_t> question_index;
    for (std::size_t q = 0; q < cat.finder_questions.size(); ++q) {
        question_index.emplace(cat.finder_questions[q].id, q);
    }
    for (std::size_t q = 0; q < cat.finder_questions.size(); ++q) {
        const FinderQuestion& question = cat.finder_questions[q];
        std::string subject = "finder question " + Quoted(question.id);
        if (question.answers.empty()) {
            problems.Add(where.questions[q].table, subject, "it has no answers, so a visitor would be stuck there");
        }
        std::set<std::string> answer_ids;
        for (std::size_t a = 0; a < question.answers.size(); ++a) {
            const FinderAnswer& answer = question.answers[a];
            const AnswerWhere& aw = where.questions[q].answers[a];
            std::string answer_subject = "answer " + Quoted(question.id + "/" + answer.id);
            if (!answer.id.empty() && !answer_ids.insert(answer.id).second) {
                problems.Add(aw.id, answer_subject, "field 'id' repeats another answer of the same question");
            }
            if (!answer.next_question_id.empty() && !question_index.count(answer.next_question_id)) {
                problems.Add(aw.target, answer_subject,
                             "field 'next' names unknown question " + Quoted(answer.next_question_id));
            }
            if (!answer.service_id.empty() && !cat.FindService(answer.service_id)) {
                problems.Add(aw.target, answer_subject,
                             "field 'service' names unknown service " + Quoted(answer.service_id));
            }
        }
    }

    // Depth-first search from every question; an edge back into the current path is a cycle.
    enum class Mark { kUnseen, kOnPath, kDone };
    std::vector<Mark> mark(cat.finder_questions.size(), Mark::kUnseen);
    std::vector<std::size_t> path;
    auto visit = [&](auto&& self, std::size_t q) -> void {
        mark[q] = Mark::kOnPath;
        path.push_back(q);
        const FinderQuestion& question = cat.finder_questions[q];
        for (std::size_t a = 0; a < question.answers.size(); ++a) {
            auto it = question_index.find(question.answers[a].next_question_id);
            if (it == question_index.end()) continue;
            std::size_t next = it->second;
            if (mark[next] == Mark::kOnPath) {
                std::string loop;
                auto from = std::find(path.begin(), path.end(), next);
                for (auto p = from; p != path.end(); ++p) loop += cat.finder_questions[*p].id + " -> ";
                loop += cat.finder_questions[next].id;
                problems.Add(where.questions[q].answers[a].target,
                             "answer " + Quoted(question.id + "/" + question.answers[a].id),
                             "field 'next' leads back to question " + Quoted(cat.finder_questions[next].id) +
                                 ", a loop a visitor could never leave (" + loop + ")");
            } else if (mark[next] == Mark::kUnseen) {
                self(self, next);
            }
        }
        path.pop_back();
        mark[q] = Mark::kDone;
    };
    auto start = question_index.find(cat.finder_start_question_id);
    if (start != question_index.end()) visit(visit, start->second);
    std::vector<bool> reachable(cat.finder_questions.size());
    for (std::size_t q = 0; q < mark.size(); ++q) reachable[q] = mark[q] == Mark::kDone;
    for (std::size_t q = 0; q < cat.finder_questions.size(); ++q) {
        if (mark[q] == Mark::kUnseen) visit(visit, q);
    }
    if (start != question_index.end()) {
        for (std::size_t q = 0; q < cat.finder_questions.size(); ++q) {
            if (!reachable[q] && !cat.finder_questions[q].id.empty()) {
                problems.Add(where.questions[q].id, "finder question " + Quoted(cat.finder_questions[q].id),
                             "no answer leads to this question from the start question " +
                                 Quoted(cat.finder_start_question_id));
            }
        }
    }
}

// The Material Icons names, generated at build time from material-icons.txt (sorted).
struct IconEntry {
    std::string_view name;
    char32_t codepoint;
};
constexpr IconEntry kIcons[] = {
#include "material_icons.inc"
};
static_assert(std::is_sorted(std::begin(kIcons), std::end(kIcons),
                             [](const IconEntry& a, const IconEntry& b) { return a.name < b.name; }),
              "material-icons.txt must be sorted by name: PictogramCodepoint searches it by halving");

template <typename T>
const T* FindById(const std::vector<T>& items, std::string_view id) {
    for (const auto& item : items) {
        if (item.id == id) return &item;
    }
    return nullptr;
}

}  // namespace

const Office* Catalogue::FindOffice(std::string_view id) const { return FindById(offices, id); }
const Service* Catalogue::FindService(std::string_view id) const { return FindById(services, id); }
const Document* Catalogue::FindDocument(std::string_view id) const { return FindById(documents, id); }
const PriorityClass* Catalogue::FindPriorityClass(std::string_view id) const {
    return FindById(priority_classes, id);
}
const FinderQuestion* Catalogue::FindFinderQuestion(std::string_view id) const {
    return FindById(finder_questions, id);
}
const Partner* Catalogue::FindPartner(std::string_view id) const { return FindById(partners, id); }

Result<PrinterSpec> ParsePrinterSpec(std::string_view spec) {
    const std::string given(spec);
    const auto usage = [&given](const std::string& why) {
        return MakeError(ErrorCode::kInvalidInput, "The printer \"" + given + "\" " + why +
                                                       "; use escpos:/dev/usb/lp0, cups:QUEUE or png:DIR, with ?width=58 "
                                                       "for 58 mm paper.");
    };
    if (!IsOneLine(given)) return usage("is not one line of text");
    const std::size_t colon = spec.find(':');
    if (colon == std::string_view::npos) return usage("names no kind of printer");
    const std::string_view kind = spec.substr(0, colon);
    std::string_view target = spec.substr(colon + 1);
    PrinterSpec out;
    if (const std::size_t q = target.rfind("?width="); q != std::string_view::npos) {
        const std::string_view mm = target.substr(q + 7);
        if (mm == "58") out.width_mm = 58;
        else if (mm == "80") out.width_mm = 80;
        else return usage("asks for a paper width other than 58 or 80 mm");
        target = target.substr(0, q);
    }
    if (target.empty()) return usage("names no device, queue or folder");
    if (kind == "escpos") out.kind = PrinterSpec::Kind::kEscPos;
    else if (kind == "cups") out.kind = PrinterSpec::Kind::kCups;
    else if (kind == "png") out.kind = PrinterSpec::Kind::kPng;
    else return usage("is of an unknown kind");
    out.target = std::string(target);
    return out;
}
const Counter* Catalogue::FindCounter(int number) const {
    for (const auto& c : counters)
        if (c.number == number) return &c;
    return nullptr;
}
std::vector<const Partner*> Catalogue::PartnersFor(std::string_view topic) const {
    std::vector<const Partner*> found;
    for (const auto& p : partners)
        if (std::find(p.topics.begin(), p.topics.end(), topic) != p.topics.end()) found.push_back(&p);
    return found;
}

CatalogueCheck CheckCatalogue(const std::filesystem::path& dir) {
    CatalogueCheck check;
    Problems problems(check.problems);
    std::string dir_name = dir.lexically_normal().string();
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        problems.Add(Where{dir_name, 0}, "",
                     "this catalogue directory does not exist; pass the directory that holds the catalogue's "
                     "*.toml files." + MissingDataHint(dir));
        return check;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") files.push_back(entry.path());
    }
    if (ec) {
        problems.Add(Where{dir_name, 0}, "", "this catalogue directory cannot be read (" + ec.message() + ")");
        return check;
    }
    if (files.empty()) {
        problems.Add(Where{dir_name, 0}, "", "this catalogue directory holds no *.toml files");
        return check;
    }
    // Sorted, so "first defined at" and the order of services are the same on every machine.
    std::sort(files.begin(), files.end());

    Positions where;
    Loader loader(check.catalogue, where, problems);
    for (const auto& path : files) {
        std::string file = path.lexically_normal().string();
        try {
            toml::table root = toml::parse_file(path.string());
            loader.ReadFile(file, root);
        } catch (const toml::parse_error& e) {
            problems.Add(Where{file, static_cast<int>(e.source().begin.line)}, "",
                         "this is not valid TOML: " + std::string(e.description()));
        }
    }
    CheckWhole(check.catalogue, where, dir_name, problems);
    // In file and line order, so the list reads like a compiler's and an editor can follow it.
    std::stable_sort(check.problems.begin(), check.problems.end(), [](const Problem& a, const Problem& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    return check;
}

Result<Catalogue> LoadCatalogue(const std::filesystem::path& dir) {
    CatalogueCheck check = CheckCatalogue(dir);
    if (check.problems.empty()) return std::move(check.catalogue);
    std::string message = check.problems.front().message;
    if (check.problems.size() > 1) {
        message += " (and " + std::to_string(check.problems.size() - 1) +
                   " more; `anlaufstelle-ctl catalogue validate --dir " + dir.string() + "` lists them all)";
    }
    return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

std::filesystem::path DefaultCatalogueDir() { return DataPath("catalogue"); }

std::vector<std::string> TranslationKeys(const Catalogue& catalogue) {
    std::set<std::string> keys;
    for (const auto& o : catalogue.offices) keys.insert({o.name_key, o.summary_key, o.waiting_area_key});
    for (const auto& s : catalogue.services) keys.insert({s.name_key, s.description_key});
    for (const auto& d : catalogue.documents) keys.insert(d.title_key);
    for (const auto& p : catalogue.priority_classes) keys.insert(p.label_key);
    for (const auto& r : catalogue.case_management.reasons) keys.insert(CaseManagement::ReasonKey(r));
    for (const auto& r : catalogue.feedback.reasons) keys.insert(Feedback::ReasonKey(r));
    for (const auto& p : catalogue.partners)
        for (const auto& t : p.topics) keys.insert(Partner::TopicKey(t));
    for (const auto& q : catalogue.finder_questions) {
        keys.insert(q.question_key);
        for (const auto& a : q.answers) keys.insert(a.label_key);
    }
    return {keys.begin(), keys.end()};
}

std::optional<char32_t> PictogramCodepoint(std::string_view name) {
    const auto* end = std::end(kIcons);
    const auto* it = std::lower_bound(std::begin(kIcons), end, name,
                                      [](const IconEntry& e, std::string_view n) { return e.name < n; });
    if (it == end || it->name != name) return std::nullopt;
    return it->codepoint;
}

}  // namespace anl::catalogue
