// Catalogue edits for the administration: one field changed in the TOML files (only its
// lines; comments and the rest of the file stay), checked with the loader in a scratch
// directory before anything is written, and the readable difference of two catalogues.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <set>
#include <sstream>

#include "kiosk/catalogue/catalogue.h"

namespace anl::catalogue {

namespace fs = std::filesystem;

namespace {

std::string Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return std::string(s);
}

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Where the comment of a line starts ('#' outside a string), or npos.
size_t CommentAt(const std::string& line) {
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && quoted) { ++i; continue; }
        if (line[i] == '"') quoted = !quoted;
        else if (line[i] == '#' && !quoted) return i;
    }
    return std::string::npos;
}

// Whether `line` sets `key` ("key = ..." or "key=...").
bool SetsKey(const std::string& line, std::string_view key) {
    const std::string t = Trim(line);
    if (!t.starts_with(key)) return false;
    const std::string rest = Trim(std::string_view(t).substr(key.size()));
    return !rest.empty() && rest.front() == '=';
}

bool IsHeader(const std::string& line) { return Trim(line).starts_with("["); }

// Square brackets opened minus closed outside strings and comments.
int BracketBalance(const std::string& line) {
    int balance = 0;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\' && quoted) { ++i; continue; }
        if (line[i] == '"') quoted = !quoted;
        else if (!quoted && line[i] == '#') break;
        else if (!quoted && line[i] == '[') ++balance;
        else if (!quoted && line[i] == ']') --balance;
    }
    return balance;
}

std::string Quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// The typed list as a TOML array of strings: items split at `separator`, trimmed, empty ones dropped.
std::string TomlList(std::string_view typed, char separator) {
    std::string out = "[";
    std::string item;
    std::istringstream in{std::string(typed)};
    bool first = true;
    while (std::getline(in, item, separator)) {
        item = Trim(item);
        if (item.empty()) continue;
        out += (first ? "" : ", ") + Quoted(item);
        first = false;
    }
    return out + "]";
}

using Field = FieldEdit::Field;

const char* KeyOf(Field field) {
    switch (field) {
        case Field::kTypicalMinutes: return "typical_minutes";
        case Field::kNeedsAppointment: return "needs_appointment";
        case Field::kDocuments: return "documents";
        case Field::kOfficeHours: return "hours";
        case Field::kHolidays: return "holidays";
        case Field::kCounterName: return "name";
        case Field::kCounterServices: return "services";
        case Field::kCounterAdd:
        case Field::kCounterRemove: return "number";
        case Field::kKioskInactivity: return "inactivity_seconds";
        case Field::kKioskReadAloud: return "read_aloud";
        case Field::kKioskModes: return "accessible_modes";
        case Field::kKioskPrinter: return "printer";
        case Field::kFinderQuestionKey: return "question_key";
        case Field::kFinderAnswerService: return "service";
        case Field::kPartnerName: return "name";
        case Field::kPartnerAddress: return "address";
        case Field::kPartnerHours: return "hours";
        case Field::kPartnerLanguages: return "languages";
        case Field::kPartnerTopics: return "topics";
        case Field::kPartnerWeb: return "web";
        case Field::kPartnerAdd:
        case Field::kPartnerRemove: return "id";
        case Field::kServicePictogram:
        case Field::kOfficePictogram: return "pictogram";
        case Field::kSlotMinutes: return "slot_minutes";
        case Field::kSlotCapacity: return "slot_capacity";
        case Field::kSiteHours: return "hours";
        case Field::kSiteClosed: return "closed";
    }
    return "";
}

// Whether the edit is of the site's hours.toml rather than of the catalogue directory.
bool IsSiteHours(Field field) { return field == Field::kSiteHours || field == Field::kSiteClosed; }

// A new partner as typed: "name | address | hours | languages | topics" and an optional
// " | web page"; the parts trimmed. Nothing when there are fewer than five or more than six.
std::optional<std::vector<std::string>> PartnerParts(std::string_view typed) {
    std::vector<std::string> parts;
    size_t at = 0;
    while (true) {
        const size_t bar = typed.find('|', at);
        parts.push_back(Trim(typed.substr(at, bar == std::string_view::npos ? std::string_view::npos : bar - at)));
        if (bar == std::string_view::npos) break;
        at = bar + 1;
    }
    if (parts.size() < 5 || parts.size() > 6) return std::nullopt;
    return parts;
}

bool AllDigits(const std::string& s) {
    return !s.empty() && s.size() <= 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A message key as typed: "finder.topic.question" (what the catalogues' keys use).
bool IsKeyText(const std::string& s) {
    return !s.empty() && s.size() <= 120 && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    });
}

// A one-line text for a quoted TOML string: no control characters (the loader checks the rest).
bool IsOneLineText(const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The TOML value the typed text becomes, or a sentence why it cannot be one.
Result<std::string> TomlValue(const FieldEdit& edit) {
    const std::string typed = Trim(edit.value);
    switch (edit.field) {
        case Field::kTypicalMinutes:
            if (!AllDigits(typed)) return MakeError(ErrorCode::kInvalidInput, "field 'typical_minutes' takes a whole number of minutes");
            return typed;
        case Field::kKioskInactivity:
            if (!AllDigits(typed)) return MakeError(ErrorCode::kInvalidInput, "field 'inactivity_seconds' takes a whole number of seconds");
            return typed;
        case Field::kNeedsAppointment:
        case Field::kKioskReadAloud:
            if (typed != "true" && typed != "false")
                return MakeError(ErrorCode::kInvalidInput, std::string("field '") + KeyOf(edit.field) + "' is true or false");
            return typed;
        case Field::kDocuments:
        case Field::kCounterServices:
        case Field::kKioskModes:
        case Field::kHolidays: return TomlList(typed, ',');
        case Field::kOfficeHours: return TomlList(typed, ';');
        case Field::kCounterName:
            if (!IsOneLineText(typed)) return MakeError(ErrorCode::kInvalidInput, "field 'name' must be one line");
            return Quoted(typed);
        case Field::kCounterAdd:
            if (!IsOneLineText(typed) || typed.find(',') == std::string::npos)
                return MakeError(ErrorCode::kInvalidInput, "a new counter is typed as its office and its name: \"abh, Schalter 7\"");
            return typed;
        case Field::kCounterRemove: return std::string();
        case Field::kFinderQuestionKey:
            if (!IsKeyText(typed))
                return MakeError(ErrorCode::kInvalidInput, "field 'question_key' is a message key like \"finder.topic.question\" (a-z, 0-9, '.', '-', '_')");
            return Quoted(typed);
        case Field::kFinderAnswerService:
            if (!IsKeyText(typed)) return MakeError(ErrorCode::kInvalidInput, "field 'service' is a service's id like \"abh.permit-extension\"");
            return Quoted(typed);
        case Field::kKioskPrinter:
            if (typed.empty()) return Quoted("");  // no printer: the field is taken out
            if (auto spec = ParsePrinterSpec(typed); !spec.ok()) return spec.error();
            return Quoted(typed);
        case Field::kPartnerName:
        case Field::kPartnerAddress:
        case Field::kPartnerHours:
        case Field::kPartnerWeb:
            if (!IsOneLineText(typed))
                return MakeError(ErrorCode::kInvalidInput, std::string("field '") + KeyOf(edit.field) + "' must be one line");
            return Quoted(typed);
        case Field::kPartnerLanguages:
        case Field::kPartnerTopics: return TomlList(typed, ',');
        case Field::kPartnerAdd:
            if (!IsOneLineText(typed) || !PartnerParts(typed))
                return MakeError(ErrorCode::kInvalidInput,
                                 "a new partner is typed as its name, address, hours, languages and topics, split by '|': "
                                 "\"Beratung e. V. | Marktplatz 1, 34567 Neustadt | Mo–Fr 9–12 Uhr | de, ar | debt\"");
            return typed;
        case Field::kPartnerRemove: return std::string();
        case Field::kServicePictogram:
        case Field::kOfficePictogram:
            // The loader says whether the icon font has the glyph; here only what cannot be a name.
            if (!IsKeyText(typed)) return MakeError(ErrorCode::kInvalidInput, "field 'pictogram' is a Material Icons name like \"badge\" (a-z, 0-9, '_')");
            return Quoted(typed);
        case Field::kSlotMinutes:
        case Field::kSlotCapacity:
            if (typed.empty()) return std::string();  // taken out: SlotSettings' default
            if (!AllDigits(typed))
                return MakeError(ErrorCode::kInvalidInput, std::string("field '") + KeyOf(edit.field) + "' takes a whole number");
            return typed;
        case Field::kSiteHours: return TomlList(typed, ';');
        case Field::kSiteClosed: return TomlList(typed, ',');
    }
    return MakeError(ErrorCode::kInvalidInput, "unknown field");
}

bool HeaderIs(const std::string& line, const std::string& header) {
    const std::string t = Trim(line);
    return t == header || t.starts_with(header + " ") || t.starts_with(header + "#");
}

// The value written for `key` in lines [from, to), without comment and spaces, or nullopt.
std::optional<std::string> ValueIn(const std::vector<std::string>& lines, size_t from, size_t to, std::string_view key) {
    for (size_t i = from; i < to; ++i) {
        if (!SetsKey(lines[i], key)) continue;
        std::string v = lines[i].substr(lines[i].find('=') + 1);
        if (const size_t c = CommentAt(v); c != std::string::npos) v.resize(c);
        return Trim(v);
    }
    return std::nullopt;
}

// One table of a file: its header line and the line after its last.
struct Block {
    size_t header = 0, end = 0;
};

// The end of the block whose header is at `h`: the next header line (or the file's end).
size_t BlockEnd(const std::vector<std::string>& lines, size_t h) {
    size_t end = h + 1;
    while (end < lines.size() && !IsHeader(lines[end])) ++end;
    return end;
}

// The `header` block whose `id_key` is written as `id_value` ("" id_key: the first such block).
std::optional<Block> FindBlock(const std::vector<std::string>& lines, const std::string& header, std::string_view id_key,
                               const std::string& id_value, size_t from = 0, size_t to = std::string::npos) {
    to = std::min(to, lines.size());
    for (size_t h = from; h < to; ++h) {
        if (!HeaderIs(lines[h], header)) continue;
        const size_t end = BlockEnd(lines, h);
        if (id_key.empty() || ValueIn(lines, h + 1, end, id_key) == id_value) return Block{h, end};
    }
    return std::nullopt;
}

// Sets `key` to `value` in `block` (its lines, a list over several lines becoming one); a
// block without it gets it after `anchor`.
void SetKey(std::vector<std::string>& lines, const Block& block, size_t anchor, const std::string& key, const std::string& value) {
    for (size_t i = block.header + 1; i < block.end; ++i) {
        if (!SetsKey(lines[i], key)) continue;
        size_t last = i;
        int balance = BracketBalance(lines[i]);
        while (balance > 0 && last + 1 < block.end) balance += BracketBalance(lines[++last]);
        const size_t comment = CommentAt(lines[last]);
        const std::string tail = comment == std::string::npos ? "" : "  " + lines[last].substr(comment);
        const size_t indent = lines[i].find_first_not_of(" \t");
        lines[i] = lines[i].substr(0, indent == std::string::npos ? 0 : indent) + key + " = " + value + tail;
        lines.erase(lines.begin() + long(i) + 1, lines.begin() + long(last) + 1);
        return;
    }
    lines.insert(lines.begin() + long(anchor) + 1, key + " = " + value);
}

// Sets `key` to `value` in the file's root table (the lines before its first header), as SetKey
// does in a block; a root without it gets it at its end. hours.toml is all root table.
void SetRootKey(std::vector<std::string>& lines, const std::string& key, const std::string& value) {
    size_t end = 0;
    while (end < lines.size() && !IsHeader(lines[end])) ++end;
    for (size_t i = 0; i < end; ++i) {
        if (!SetsKey(lines[i], key)) continue;
        size_t last = i;
        int balance = BracketBalance(lines[i]);
        while (balance > 0 && last + 1 < end) balance += BracketBalance(lines[++last]);
        const size_t comment = CommentAt(lines[last]);
        const std::string tail = comment == std::string::npos ? "" : "  " + lines[last].substr(comment);
        lines[i] = key + " = " + value + tail;
        lines.erase(lines.begin() + long(i) + 1, lines.begin() + long(last) + 1);
        return;
    }
    lines.insert(lines.begin() + long(end), key + " = " + value);
}

// Takes `key`'s lines out of `block` (a list over several lines too); true when it was there.
bool RemoveKey(std::vector<std::string>& lines, const Block& block, const std::string& key) {
    for (size_t i = block.header + 1; i < block.end; ++i) {
        if (!SetsKey(lines[i], key)) continue;
        size_t last = i;
        int balance = BracketBalance(lines[i]);
        while (balance > 0 && last + 1 < block.end) balance += BracketBalance(lines[++last]);
        lines.erase(lines.begin() + long(i), lines.begin() + long(last) + 1);
        return true;
    }
    return false;
}

// The line an id field is written on in `block` (where a missing field goes after), else the header.
size_t IdLine(const std::vector<std::string>& lines, const Block& block, std::string_view id_key) {
    for (size_t i = block.header + 1; i < block.end; ++i)
        if (SetsKey(lines[i], id_key)) return i;
    return block.header;
}

using Files = std::map<fs::path, std::vector<std::string>>;

// The answer "question/answer" of the finder: its block in some file.
std::optional<std::pair<std::vector<std::string>*, Block>> FindAnswer(Files& files, const std::string& id) {
    const size_t slash = id.find('/');
    if (slash == std::string::npos) return std::nullopt;
    const std::string question = id.substr(0, slash), answer = id.substr(slash + 1);
    for (auto& [path, lines] : files) {
        auto q = FindBlock(lines, "[[finder.question]]", "id", Quoted(question));
        if (!q) continue;
        // Its answers follow it, up to the next question or another kind of table.
        size_t until = q->end;
        while (until < lines.size() && HeaderIs(lines[until], "[[finder.question.answer]]")) until = BlockEnd(lines, until);
        if (auto a = FindBlock(lines, "[[finder.question.answer]]", "id", Quoted(answer), q->end, until)) return std::make_pair(&lines, *a);
    }
    return std::nullopt;
}

// Applies one edit to the files in memory; an error says why it cannot be applied.
Status ApplyEdit(Files& files, const fs::path& dir, const FieldEdit& edit, const std::string& value) {
    const std::string key = KeyOf(edit.field);
    auto in_block = [&](const std::string& header, std::string_view id_key, const std::string& id_value) -> bool {
        for (auto& [path, lines] : files)
            if (auto block = FindBlock(lines, header, id_key, id_value)) {
                SetKey(lines, *block, id_key.empty() ? block->header : IdLine(lines, *block, id_key), key, value);
                return true;
            }
        return false;
    };
    // A table every site may lack ([kiosk]): a file of its own when no file has it.
    auto in_table = [&](const std::string& header, const std::string& new_file) {
        if (in_block(header, "", "")) return;
        auto& lines = files[dir / new_file];
        if (!lines.empty()) lines.push_back("");
        lines.push_back(header);
        lines.push_back(key + " = " + value);
    };
    const Status not_defined = MakeError(ErrorCode::kNotFound, "no file of the catalogue defines it");
    switch (edit.field) {
        case Field::kTypicalMinutes:
        case Field::kNeedsAppointment:
        case Field::kDocuments:
        case Field::kServicePictogram: return in_block("[[service]]", "id", Quoted(edit.id)) ? Status{} : not_defined;
        case Field::kSlotMinutes:
        case Field::kSlotCapacity:
            if (value.empty()) {  // the default again: the key taken out
                for (auto& [path, lines] : files)
                    if (auto block = FindBlock(lines, "[[service]]", "id", Quoted(edit.id))) {
                        RemoveKey(lines, *block, key);
                        return {};
                    }
                return not_defined;
            }
            return in_block("[[service]]", "id", Quoted(edit.id)) ? Status{} : not_defined;
        case Field::kOfficeHours:
        case Field::kOfficePictogram: return in_block("[[office]]", "id", Quoted(edit.id)) ? Status{} : not_defined;
        case Field::kSiteHours:
        case Field::kSiteClosed: return MakeError(ErrorCode::kInvalidInput, "the site's hours are not in the catalogue directory");
        case Field::kHolidays: return in_block("[catalogue]", "", "") ? Status{} : not_defined;
        case Field::kCounterName:
        case Field::kCounterServices: return in_block("[[counter]]", "number", Trim(edit.id)) ? Status{} : not_defined;
        case Field::kKioskInactivity:
        case Field::kKioskReadAloud:
        case Field::kKioskModes: in_table("[kiosk]", "kiosk.toml"); return {};
        case Field::kKioskPrinter:
            if (value == Quoted("")) {  // no printer: the key taken out (an empty text does not load)
                for (auto& [path, lines] : files)
                    if (auto block = FindBlock(lines, "[kiosk]", "", "")) RemoveKey(lines, *block, key);
                return {};
            }
            in_table("[kiosk]", "kiosk.toml");
            return {};
        case Field::kPartnerName:
        case Field::kPartnerAddress:
        case Field::kPartnerHours:
        case Field::kPartnerLanguages:
        case Field::kPartnerTopics: return in_block("[[partner]]", "id", Quoted(edit.id)) ? Status{} : not_defined;
        case Field::kPartnerWeb:
            if (value == Quoted("")) {  // no web page: the slip's QR carries the address
                for (auto& [path, lines] : files)
                    if (auto block = FindBlock(lines, "[[partner]]", "id", Quoted(edit.id))) {
                        RemoveKey(lines, *block, key);
                        return {};
                    }
                return not_defined;
            }
            return in_block("[[partner]]", "id", Quoted(edit.id)) ? Status{} : not_defined;
        case Field::kFinderQuestionKey: return in_block("[[finder.question]]", "id", Quoted(edit.id)) ? Status{} : not_defined;
        case Field::kFinderAnswerService: {
            auto answer = FindAnswer(files, edit.id);
            if (!answer) return not_defined;
            auto& [lines, block] = *answer;
            // An answer leads to a question or to a service: the service replaces a `next`.
            if (RemoveKey(*lines, block, "next")) --block.end;
            SetKey(*lines, block, IdLine(*lines, block, "id"), key, value);
            return {};
        }
        case Field::kCounterRemove:
        case Field::kPartnerRemove: {
            const bool counter = edit.field == Field::kCounterRemove;
            for (auto& [path, lines] : files) {
                auto block = counter ? FindBlock(lines, "[[counter]]", "number", Trim(edit.id))
                                     : FindBlock(lines, "[[partner]]", "id", Quoted(Trim(edit.id)));
                if (!block) continue;
                // The comment lines and blank lines at its end belong to the next table.
                size_t end = block->end;
                while (end > block->header + 1 && (Trim(lines[end - 1]).empty() || Trim(lines[end - 1]).starts_with("#"))) --end;
                size_t begin = block->header;
                if (begin > 0 && Trim(lines[begin - 1]).empty()) --begin;  // the blank line before it
                lines.erase(lines.begin() + long(begin), lines.begin() + long(end));
                return {};
            }
            return not_defined;
        }
        case Field::kCounterAdd: {
            if (!AllDigits(Trim(edit.id))) return MakeError(ErrorCode::kInvalidInput, "a counter's number is a whole number");
            const size_t comma = value.find(',');
            const std::string office = Trim(std::string_view(value).substr(0, comma));
            const std::string name = Trim(std::string_view(value).substr(comma + 1));
            // It offers every service of its office; ticked off on the page afterwards.
            std::string services;
            for (const Service& s : CheckCatalogue(dir).catalogue.services)
                if (s.office_id == office) services += (services.empty() ? "" : ", ") + Quoted(s.id);
            std::vector<std::string>* target = nullptr;
            for (auto& [path, lines] : files)
                if (FindBlock(lines, "[[counter]]", "", "")) { target = &lines; break; }
            if (target == nullptr) target = &files[dir / "counters.toml"];
            while (!target->empty() && Trim(target->back()).empty()) target->pop_back();
            if (!target->empty()) target->push_back("");
            target->insert(target->end(), {"[[counter]]", "number = " + Trim(edit.id), "office = " + Quoted(office),
                                           "name = " + Quoted(name), "services = [" + services + "]"});
            return {};
        }
        case Field::kPartnerAdd: {
            const std::vector<std::string> parts = *PartnerParts(value);  // TomlValue checked the form
            std::vector<std::string>* target = nullptr;
            for (auto& [path, lines] : files)
                if (FindBlock(lines, "[[partner]]", "", "")) { target = &lines; break; }
            if (target == nullptr) target = &files[dir / "partners.toml"];
            while (!target->empty() && Trim(target->back()).empty()) target->pop_back();
            if (!target->empty()) target->push_back("");
            target->insert(target->end(), {"[[partner]]", "id = " + Quoted(Trim(edit.id)), "name = " + Quoted(parts[0]),
                                           "address = " + Quoted(parts[1]), "hours = " + Quoted(parts[2]),
                                           "languages = " + TomlList(parts[3], ','), "topics = " + TomlList(parts[4], ',')});
            if (parts.size() == 6 && !parts[5].empty()) target->push_back("web = " + Quoted(parts[5]));
            return {};
        }
    }
    return not_defined;
}

std::string Joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
}

Result<std::string> ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kNotFound, path.string() + " cannot be read.");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

Status WriteAtomically(const fs::path& path, const std::string& text) {
    const fs::path tmp = path.string() + ".new";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) return MakeError(ErrorCode::kStorage, tmp.string() + " cannot be written.");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) return MakeError(ErrorCode::kStorage, path.string() + " cannot be replaced (" + ec.message() + ").");
    return {};
}

// How an edit's subject is named in a problem: service "x", counter 7, [kiosk] ...
std::string SubjectOf(const FieldEdit& edit) {
    switch (edit.field) {
        case Field::kTypicalMinutes:
        case Field::kNeedsAppointment:
        case Field::kDocuments:
        case Field::kServicePictogram:
        case Field::kSlotMinutes:
        case Field::kSlotCapacity: return "service " + Quoted(edit.id);
        case Field::kOfficeHours:
        case Field::kOfficePictogram: return "office " + Quoted(edit.id);
        case Field::kSiteHours:
        case Field::kSiteClosed: return "hours.toml";
        case Field::kHolidays: return "[catalogue]";
        case Field::kCounterName:
        case Field::kCounterServices:
        case Field::kCounterAdd:
        case Field::kCounterRemove: return "counter " + Trim(edit.id);
        case Field::kKioskInactivity:
        case Field::kKioskReadAloud:
        case Field::kKioskModes:
        case Field::kKioskPrinter: return "[kiosk]";
        case Field::kFinderQuestionKey: return "finder question " + Quoted(edit.id);
        case Field::kFinderAnswerService: return "answer " + Quoted(edit.id);
        case Field::kPartnerName:
        case Field::kPartnerAddress:
        case Field::kPartnerHours:
        case Field::kPartnerLanguages:
        case Field::kPartnerTopics:
        case Field::kPartnerWeb:
        case Field::kPartnerAdd:
        case Field::kPartnerRemove: return "partner " + Quoted(edit.id);
    }
    return "";
}

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty()) return;
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

}  // namespace

EditCheck CheckEdits(const fs::path& dir, const std::vector<FieldEdit>& edits) {
    EditCheck check;
    const std::string dir_name = dir.lexically_normal().string();
    auto fail = [&](std::string message) { check.problems.push_back(Problem{dir_name, 0, std::move(message)}); };
    std::vector<fs::path> paths;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".toml") paths.push_back(entry.path());
    if (ec || paths.empty()) {
        check.problems = CheckCatalogue(dir).problems;  // the loader says what is wrong with the directory
        if (check.problems.empty()) fail("this catalogue directory cannot be read");
        return check;
    }
    std::sort(paths.begin(), paths.end());
    Files files;
    std::map<fs::path, std::string> originals;
    for (const auto& path : paths) {
        auto text = ReadFile(path);
        if (!text.ok()) { fail(text.error().message); return check; }
        originals[path] = text.value();
        files[path] = Lines(text.value());
    }
    // The site's hours.toml beside the directory, read when an edit is of it (it may not exist yet).
    const fs::path hours_file = SiteHoursFileFor(dir);
    std::optional<std::vector<std::string>> hours_lines;
    std::optional<std::string> hours_original;
    for (const FieldEdit& edit : edits) {
        auto value = TomlValue(edit);
        if (!value.ok()) { fail(SubjectOf(edit) + ": " + value.error().message); return check; }
        if (IsSiteHours(edit.field)) {
            if (!hours_lines) {
                hours_lines.emplace();
                if (fs::exists(hours_file, ec)) {
                    auto text = ReadFile(hours_file);
                    if (!text.ok()) { fail(text.error().message); return check; }
                    hours_original = text.value();
                    *hours_lines = Lines(text.value());
                }
            }
            SetRootKey(*hours_lines, KeyOf(edit.field), value.value());
            continue;
        }
        if (auto applied = ApplyEdit(files, dir, edit, value.value()); !applied) {
            fail(SubjectOf(edit) + ": " + applied.error().message);
            return check;
        }
    }
    // The loader's own check, on the edited files in a scratch directory.
    static std::atomic<int> scratch_count{0};
    const fs::path scratch = fs::temp_directory_path() /
                             ("anl-catalogue-" + std::to_string(::getpid()) + "-" + std::to_string(++scratch_count));
    fs::create_directories(scratch, ec);
    Status written;
    for (const auto& [path, lines] : files)
        if (written) written = WriteAtomically(scratch / path.filename(), Joined(lines));
    if (!written) {
        fs::remove_all(scratch, ec);
        fail(written.error().message);
        return check;
    }
    CatalogueCheck loaded = CheckCatalogue(scratch);
    fs::remove_all(scratch, ec);
    const std::string scratch_name = scratch.lexically_normal().string();
    for (Problem& p : loaded.problems) {
        ReplaceAll(p.file, scratch_name, dir_name);
        ReplaceAll(p.message, scratch_name, dir_name);
    }
    check.problems = std::move(loaded.problems);
    check.catalogue = std::move(loaded.catalogue);
    for (const auto& [path, lines] : files) {
        std::string text = Joined(lines);
        if (text != originals[path]) check.files.push_back({path, std::move(text)});
    }
    if (hours_lines) {
        // The site's hours are judged by their own loader, as a publication's are (sync/config).
        std::string text = Joined(*hours_lines);
        auto hours = ParseSiteHours(text, hours_file.lexically_normal().string());
        if (!hours.ok()) {
            check.problems.push_back(Problem{hours_file.lexically_normal().string(), 0, hours.error().message});
        } else {
            check.site_hours = std::move(hours).value();
            if (text != hours_original) check.files.push_back({hours_file, std::move(text)});
        }
    }
    return check;
}

Status WriteEdits(const fs::path& dir, const std::vector<FieldEdit>& edits) {
    EditCheck check = CheckEdits(dir, edits);
    if (!check.problems.empty()) {
        std::string more = check.problems.size() > 1 ? " (and " + std::to_string(check.problems.size() - 1) + " more)" : "";
        return MakeError(ErrorCode::kInvalidInput, check.problems.front().message + more + " Nothing was changed.");
    }
    std::map<fs::path, std::optional<std::string>> originals;  // nullopt: a new file (counters.toml, kiosk.toml)
    for (const EditedFile& file : check.files) {
        std::error_code ec;
        if (!fs::exists(file.path, ec)) { originals[file.path] = std::nullopt; continue; }
        auto before = ReadFile(file.path);
        if (!before.ok()) return before.error();
        originals[file.path] = before.value();
    }
    std::vector<fs::path> replaced;
    for (const EditedFile& file : check.files) {
        if (auto ok = WriteAtomically(file.path, file.text); !ok) {
            for (const auto& done : replaced) {
                std::error_code ec;
                if (originals[done]) (void)WriteAtomically(done, *originals[done]);
                else fs::remove(done, ec);
            }
            return MakeError(ok.error().code, ok.error().message + " Nothing was changed.");
        }
        replaced.push_back(file.path);
    }
    return {};
}

std::string FormatHours(const std::vector<OpeningPeriod>& periods) {
    static const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    auto hhmm = [](int m) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "%02d:%02d", (m / 60) % 100, m % 60);
        return std::string(buf);
    };
    std::string out;
    for (const OpeningPeriod& p : periods) {
        if (p.weekday < 1 || p.weekday > 7) continue;
        out += (out.empty() ? "" : "; ") + std::string(kDays[p.weekday - 1]) + " " + hhmm(p.open_minute) + "-" + hhmm(p.close_minute);
    }
    return out;
}

std::vector<Change> Diff(const Catalogue& before, const Catalogue& after) {
    std::vector<Change> changes;
    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
        return out;
    };
    auto add = [&](Change::Subject subject, const std::string& id, FieldEdit::Field field, std::string old_value,
                   std::string new_value) {
        if (old_value != new_value) changes.push_back({subject, id, field, std::move(old_value), std::move(new_value)});
    };
    for (const Service& s : after.services) {
        const Service* old = before.FindService(s.id);
        if (old == nullptr) {
            changes.push_back({Change::Subject::kService, s.id, std::nullopt, "", ""});
            continue;
        }
        add(Change::Subject::kService, s.id, FieldEdit::Field::kTypicalMinutes, std::to_string(old->typical_minutes),
            std::to_string(s.typical_minutes));
        add(Change::Subject::kService, s.id, FieldEdit::Field::kNeedsAppointment, old->needs_appointment ? "true" : "false",
            s.needs_appointment ? "true" : "false");
        add(Change::Subject::kService, s.id, FieldEdit::Field::kDocuments, join(old->document_ids), join(s.document_ids));
        add(Change::Subject::kService, s.id, Field::kServicePictogram, old->pictogram, s.pictogram);
        // Slot settings in force: the capacity always a number, the length "" for the default
        // (the service's duration).
        auto slot = [&](const Catalogue& c, bool minutes) {
            auto it = c.service_slots.find(s.id);
            const SlotSettings settings = it == c.service_slots.end() ? SlotSettings{} : it->second;
            if (!minutes) return std::to_string(settings.slot_capacity);
            return settings.slot_minutes == 0 ? std::string() : std::to_string(settings.slot_minutes);
        };
        add(Change::Subject::kService, s.id, Field::kSlotMinutes, slot(before, true), slot(after, true));
        add(Change::Subject::kService, s.id, Field::kSlotCapacity, slot(before, false), slot(after, false));
    }
    for (const Service& s : before.services)
        if (after.FindService(s.id) == nullptr) changes.push_back({Change::Subject::kService, s.id, std::nullopt, "-", ""});
    auto hours = [](const Catalogue& c, const std::string& office) {
        auto it = c.office_hours.find(office);
        return it == c.office_hours.end() ? std::string() : FormatHours(it->second);
    };
    for (const Office& o : after.offices) {
        add(Change::Subject::kOffice, o.id, FieldEdit::Field::kOfficeHours, hours(before, o.id), hours(after, o.id));
        if (const Office* old = before.FindOffice(o.id)) add(Change::Subject::kOffice, o.id, Field::kOfficePictogram, old->pictogram, o.pictogram);
    }
    add(Change::Subject::kCatalogue, "", FieldEdit::Field::kHolidays, join(before.holidays), join(after.holidays));
    for (const Counter& c : after.counters) {
        const std::string id = std::to_string(c.number);
        const Counter* old = before.FindCounter(c.number);
        if (old == nullptr) {
            changes.push_back({Change::Subject::kCounter, id, Field::kCounterAdd, "", c.office_id + ", " + c.name});
            continue;
        }
        add(Change::Subject::kCounter, id, Field::kCounterName, old->name, c.name);
        add(Change::Subject::kCounter, id, Field::kCounterServices, join(old->service_ids), join(c.service_ids));
    }
    for (const Counter& c : before.counters)
        if (after.FindCounter(c.number) == nullptr)
            changes.push_back({Change::Subject::kCounter, std::to_string(c.number), Field::kCounterRemove, "-", ""});
    add(Change::Subject::kKiosk, "", Field::kKioskInactivity, std::to_string(before.kiosk.inactivity_seconds),
        std::to_string(after.kiosk.inactivity_seconds));
    add(Change::Subject::kKiosk, "", Field::kKioskReadAloud, before.kiosk.read_aloud ? "true" : "false",
        after.kiosk.read_aloud ? "true" : "false");
    add(Change::Subject::kKiosk, "", Field::kKioskModes, join(before.kiosk.accessible_modes), join(after.kiosk.accessible_modes));
    add(Change::Subject::kKiosk, "", Field::kKioskPrinter, before.kiosk.printer, after.kiosk.printer);
    for (const Partner& p : after.partners) {
        const Partner* old = before.FindPartner(p.id);
        if (old == nullptr) {
            changes.push_back({Change::Subject::kPartner, p.id, Field::kPartnerAdd, "", p.name});
            continue;
        }
        add(Change::Subject::kPartner, p.id, Field::kPartnerName, old->name, p.name);
        add(Change::Subject::kPartner, p.id, Field::kPartnerAddress, old->address, p.address);
        add(Change::Subject::kPartner, p.id, Field::kPartnerHours, old->hours, p.hours);
        add(Change::Subject::kPartner, p.id, Field::kPartnerLanguages, join(old->languages), join(p.languages));
        add(Change::Subject::kPartner, p.id, Field::kPartnerTopics, join(old->topics), join(p.topics));
        add(Change::Subject::kPartner, p.id, Field::kPartnerWeb, old->web, p.web);
    }
    for (const Partner& p : before.partners)
        if (after.FindPartner(p.id) == nullptr) changes.push_back({Change::Subject::kPartner, p.id, Field::kPartnerRemove, "-", ""});
    for (const FinderQuestion& q : after.finder_questions) {
        const FinderQuestion* old = before.FindFinderQuestion(q.id);
        if (old == nullptr) continue;
        add(Change::Subject::kFinderQuestion, q.id, Field::kFinderQuestionKey, old->question_key, q.question_key);
        // Where an answer leads: its service, or "-> question" for a further question.
        auto target = [](const FinderAnswer& a) { return a.service_id.empty() ? "-> " + a.next_question_id : a.service_id; };
        for (const FinderAnswer& a : q.answers)
            for (const FinderAnswer& o : old->answers)
                if (o.id == a.id) add(Change::Subject::kFinderAnswer, q.id + "/" + a.id, Field::kFinderAnswerService, target(o), target(a));
    }
    return changes;
}

std::vector<Change> Diff(const SiteHours& before, const SiteHours& after) {
    std::vector<Change> changes;
    auto join = [](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
        return out;
    };
    const std::string old_hours = FormatSiteHours(before), new_hours = FormatSiteHours(after);
    if (old_hours != new_hours) changes.push_back({Change::Subject::kSite, "", Field::kSiteHours, old_hours, new_hours});
    const std::string old_closed = join(before.closed_days), new_closed = join(after.closed_days);
    if (old_closed != new_closed) changes.push_back({Change::Subject::kSite, "", Field::kSiteClosed, old_closed, new_closed});
    return changes;
}

}  // namespace anl::catalogue
