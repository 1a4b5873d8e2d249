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

const char* KeyOf(FieldEdit::Field field) {
    switch (field) {
        case FieldEdit::Field::kTypicalMinutes: return "typical_minutes";
        case FieldEdit::Field::kNeedsAppointment: return "needs_appointment";
        case FieldEdit::Field::kDocuments: return "documents";
        case FieldEdit::Field::kOfficeHours: return "hours";
        case FieldEdit::Field::kHolidays: return "holidays";
    }
    return "";
}

// The TOML value the typed text becomes, or a sentence why it cannot be one.
Result<std::string> TomlValue(const FieldEdit& edit) {
    const std::string typed = Trim(edit.value);
    switch (edit.field) {
        case FieldEdit::Field::kTypicalMinutes:
            if (typed.empty() || typed.size() > 6 || !std::all_of(typed.begin(), typed.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return MakeError(ErrorCode::kInvalidInput, "field 'typical_minutes' takes a whole number of minutes");
            return typed;
        case FieldEdit::Field::kNeedsAppointment:
            if (typed != "true" && typed != "false")
                return MakeError(ErrorCode::kInvalidInput, "field 'needs_appointment' is true or false");
            return typed;
        case FieldEdit::Field::kDocuments: return TomlList(typed, ',');
        case FieldEdit::Field::kOfficeHours: return TomlList(typed, ';');
        case FieldEdit::Field::kHolidays: return TomlList(typed, ',');
    }
    return MakeError(ErrorCode::kInvalidInput, "unknown field");
}

// Sets `key` to `value` in the block of `lines` that `edit` names; false when no file block is it.
bool SetInBlock(std::vector<std::string>& lines, const FieldEdit& edit, const std::string& value) {
    const bool top = edit.field == FieldEdit::Field::kHolidays;
    const std::string header = top ? "[catalogue]"
                               : edit.field == FieldEdit::Field::kOfficeHours ? "[[office]]"
                                                                              : "[[service]]";
    for (size_t h = 0; h < lines.size(); ++h) {
        if (Trim(lines[h]) != header && !Trim(lines[h]).starts_with(header + " ") && !Trim(lines[h]).starts_with(header + "#"))
            continue;
        size_t end = h + 1;
        while (end < lines.size() && !IsHeader(lines[end])) ++end;
        size_t anchor = h;  // the line the field goes after when the block has none
        if (!top) {
            bool found = false;
            for (size_t i = h + 1; i < end; ++i) {
                if (!SetsKey(lines[i], "id")) continue;
                std::string v = lines[i].substr(lines[i].find('=') + 1);
                if (const size_t c = CommentAt(v); c != std::string::npos) v.resize(c);
                if (Trim(v) == Quoted(edit.id)) { found = true; anchor = i; }
                break;
            }
            if (!found) continue;
        }
        const char* key = KeyOf(edit.field);
        for (size_t i = h + 1; i < end; ++i) {
            if (!SetsKey(lines[i], key)) continue;
            size_t last = i;
            int balance = BracketBalance(lines[i]);
            while (balance > 0 && last + 1 < end) balance += BracketBalance(lines[++last]);
            const size_t comment = CommentAt(lines[last]);
            const std::string tail = comment == std::string::npos ? "" : "  " + lines[last].substr(comment);
            const size_t indent = lines[i].find_first_not_of(" \t");
            lines[i] = lines[i].substr(0, indent == std::string::npos ? 0 : indent) + key + " = " + value + tail;
            lines.erase(lines.begin() + long(i) + 1, lines.begin() + long(last) + 1);
            return true;
        }
        lines.insert(lines.begin() + long(anchor) + 1, std::string(key) + " = " + value);
        return true;
    }
    return false;
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
    std::map<fs::path, std::vector<std::string>> files;
    std::map<fs::path, std::string> originals;
    for (const auto& path : paths) {
        auto text = ReadFile(path);
        if (!text.ok()) { fail(text.error().message); return check; }
        originals[path] = text.value();
        files[path] = Lines(text.value());
    }
    for (const FieldEdit& edit : edits) {
        auto value = TomlValue(edit);
        const std::string subject = edit.field == FieldEdit::Field::kHolidays ? std::string("[catalogue]")
                                    : (edit.field == FieldEdit::Field::kOfficeHours ? "office " : "service ") + Quoted(edit.id);
        if (!value.ok()) { fail(subject + ": " + value.error().message); return check; }
        bool set = false;
        for (auto& [path, lines] : files)
            if ((set = SetInBlock(lines, edit, value.value()))) break;
        if (!set) { fail(subject + ": no file of the catalogue defines it"); return check; }
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
    return check;
}

Status WriteEdits(const fs::path& dir, const std::vector<FieldEdit>& edits) {
    EditCheck check = CheckEdits(dir, edits);
    if (!check.problems.empty()) {
        std::string more = check.problems.size() > 1 ? " (and " + std::to_string(check.problems.size() - 1) + " more)" : "";
        return MakeError(ErrorCode::kInvalidInput, check.problems.front().message + more + " Nothing was changed.");
    }
    std::map<fs::path, std::string> originals;
    for (const EditedFile& file : check.files) {
        auto before = ReadFile(file.path);
        if (!before.ok()) return before.error();
        originals[file.path] = before.value();
    }
    std::vector<fs::path> replaced;
    for (const EditedFile& file : check.files) {
        if (auto ok = WriteAtomically(file.path, file.text); !ok) {
            for (const auto& done : replaced) (void)WriteAtomically(done, originals[done]);
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
    }
    for (const Service& s : before.services)
        if (after.FindService(s.id) == nullptr) changes.push_back({Change::Subject::kService, s.id, std::nullopt, "-", ""});
    auto hours = [](const Catalogue& c, const std::string& office) {
        auto it = c.office_hours.find(office);
        return it == c.office_hours.end() ? std::string() : FormatHours(it->second);
    };
    for (const Office& o : after.offices) add(Change::Subject::kOffice, o.id, FieldEdit::Field::kOfficeHours, hours(before, o.id), hours(after, o.id));
    add(Change::Subject::kCatalogue, "", FieldEdit::Field::kHolidays, join(before.holidays), join(after.holidays));
    return changes;
}

}  // namespace anl::catalogue
