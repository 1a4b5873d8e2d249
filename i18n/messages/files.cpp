// Catalogue files (messages.h, section 5): the one reader, the one atomic writer, the CSV
// table translators exchange, and the writer of catalogue entries behind `i18n import`.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "i18n/messages/impl.h"

namespace anl::messages {
namespace fs = std::filesystem;

namespace {

// "line 3, byte 7" for the first malformed byte of `text`.
std::string MalformedPlace(std::string_view text) {
    const std::size_t bad = FindMalformedUtf8(text);
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < bad && i < text.size(); ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
    return "line " + std::to_string(line) + ", byte " + std::to_string(bad - line_start + 1);
}

Error Errno(const std::string& what) {
    return MakeError(ErrorCode::kStorage, what + " (" + std::strerror(errno) + ").");
}

// A TOML basic string: quotes, backslashes and every control character escaped.
std::string TomlString(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            default:
                if (u < 0x20 || u == 0x7F) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04X", u);
                    out += buffer;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// A reviewed entry keeps the hash of the German text it was reviewed against.
std::string EntryLine(const CatalogueEdit& edit, const std::string& source_hash) {
    std::string line = TomlString(edit.key) + " = { text = " + TomlString(edit.text) + ", status = \"" +
                       ToString(edit.status) + "\"";
    if (edit.status == MessageStatus::kReviewed && !source_hash.empty()) line += ", source = \"" + source_hash + "\"";
    return line + " }";
}

std::vector<std::string> SplitLines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            break;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

}  // namespace

Result<std::string> ReadCatalogueFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kNotFound, "Cannot read " + path.string() + ".");
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return MakeError(ErrorCode::kStorage, "Cannot read " + path.string() + " to the end.");
    std::string text = std::move(buffer).str();
    if (!IsValidUtf8(text))
        return MakeError(ErrorCode::kInvalidInput, path.string() + " " + MalformedPlace(text) +
                                                       ": this is not UTF-8; save the file as UTF-8.");
    return text;
}

Status WriteFileAtomically(const fs::path& path, std::string_view contents, const WriteFaults& faults) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::string temporary = (dir / ("." + path.filename().string() + ".new-XXXXXX")).string();
    const int fd = mkstemp(temporary.data());
    if (fd < 0) return Errno("Cannot write a new " + path.string() + " in " + dir.string());
    auto give_up = [&](Error error) {
        ::close(fd);
        ::unlink(temporary.c_str());
        return error;
    };
    // The new file keeps the old one's permissions (mkstemp makes it 0600).
    struct stat old_stat {};
    const mode_t mode = ::stat(path.c_str(), &old_stat) == 0 ? (old_stat.st_mode & 07777) : 0644;
    if (::fchmod(fd, mode) != 0) return give_up(Errno("Cannot set the permissions of a new " + path.string()));
    for (std::size_t written = 0; written < contents.size();) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return give_up(Errno("Cannot write " + path.string() + " (disk full?)"));
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return give_up(Errno("Cannot save " + path.string() + " to disk"));
    if (faults.fail_before_rename) {
        errno = EIO;
        return give_up(Errno("Cannot replace " + path.string() + " (simulated failure before the rename)"));
    }
    if (::close(fd) != 0) {
        ::unlink(temporary.c_str());
        return Errno("Cannot save " + path.string() + " to disk");
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        const Error error = Errno("Cannot replace " + path.string());
        ::unlink(temporary.c_str());
        return error;
    }
    // The rename itself is durable only once the folder is synced.
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd < 0) return Errno("Cannot open the folder " + dir.string() + " to save " + path.string());
    const int synced = ::fsync(dir_fd);
    ::close(dir_fd);
    if (synced != 0) return Errno("Cannot save the folder " + dir.string());
    return {};
}

std::string CsvField(std::string_view value) {
    std::string out = "\"";
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::string_view file) {
    if (!IsValidUtf8(text))
        return MakeError(ErrorCode::kInvalidInput, std::string(file) + " " + MalformedPlace(text) +
                                                       ": this is not UTF-8; save the table as UTF-8 (CSV UTF-8).");
    std::vector<CsvRow> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, field_started = false;
    int line = 1, row_line = 1;
    std::size_t start = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;  // spreadsheet programs add a BOM
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                field += c;
            }
        } else if (c == '"' && !field_started) {
            quoted = field_started = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            field_started = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(std::move(field));
            field.clear();
            field_started = false;
            if (!(row.size() == 1 && row[0].empty())) rows.push_back({row_line, std::move(row)});
            row.clear();
            row_line = ++line;
        } else {
            field += c;
            field_started = true;
        }
    }
    if (quoted)
        return MakeError(ErrorCode::kInvalidInput,
                         std::string(file) + " line " + std::to_string(row_line) + ": a quoted field is not closed.");
    if (field_started || !row.empty()) {
        row.push_back(std::move(field));
        rows.push_back({row_line, std::move(row)});
    }
    return rows;
}

Result<EditCounts> WriteCatalogueEdits(const Messages& messages, std::string_view lang,
                                       const std::vector<CatalogueEdit>& edits, const WriteFaults& faults) {
    const fs::path folder = messages.Dir() / std::string(lang);
    std::map<fs::path, std::string> originals;  // as read; empty for a file made new
    std::map<fs::path, std::vector<std::string>> files;
    auto lines_of = [&](const fs::path& path) -> Result<std::vector<std::string>*> {
        if (auto found = files.find(path); found != files.end()) return &found->second;
        std::string original;
        std::error_code ec;
        if (fs::exists(path, ec)) {
            auto read = ReadCatalogueFile(path);
            if (!read.ok()) return read.error();
            original = std::move(read).value();
        }
        auto lines = SplitLines(original);
        originals[path] = std::move(original);
        return &files.emplace(path, std::move(lines)).first->second;
    };
    EditCounts counts;
    std::set<std::string> edited;
    for (const CatalogueEdit& edit : edits) {
        if (edit.status != MessageStatus::kReviewed && edit.status != MessageStatus::kDraft)
            return MakeError(ErrorCode::kInvalidInput, "The key \"" + edit.key +
                                                           "\" can be written as reviewed or draft only. Nothing was changed.");
        edited.insert(edit.key);
        const Message* german = lang == "de" ? nullptr : messages.Find("de", edit.key);
        const std::string source_hash = german != nullptr ? SourceHash(german->text) : std::string();
        const Message* own = messages.Find(lang, edit.key);
        if (own != nullptr) {
            auto lines = lines_of(own->file);
            if (!lines.ok()) return lines.error();
            const std::size_t index = static_cast<std::size_t>(own->line - 1);
            if (own->line < 1 || index >= (*lines)->size() || !(**lines)[index].ends_with("}"))
                return MakeError(ErrorCode::kRejected, own->file + " line " + std::to_string(own->line) + ", key \"" +
                                                           edit.key + "\": the entry spans several lines; edit it by "
                                                                      "hand. Nothing was changed.");
            (**lines)[index] = EntryLine(edit, source_hash);
            ++counts.changed;
        } else {
            if (edit.file.empty() || fs::path(edit.file).filename() != fs::path(edit.file))
                return MakeError(ErrorCode::kInvalidInput,
                                 "The key \"" + edit.key + "\" names no catalogue file of its own (\"" + edit.file +
                                     "\"). Nothing was changed.");
            auto lines = lines_of(folder / edit.file);
            if (!lines.ok()) return lines.error();
            (*lines)->push_back(EntryLine(edit, source_hash));
            ++counts.added;
        }
    }
    // Every new file must load as the old one did, before anything is written.
    std::map<fs::path, std::string> contents;
    for (const auto& [path, lines] : files) {
        std::string text;
        for (const auto& line : lines) text += line + "\n";
        std::set<std::string> known;
        for (const auto& problem : detail::CheckMessageText(originals[path], path.string()))
            known.insert(problem.message);
        for (const auto& problem : detail::CheckMessageText(text, path.string()))
            if (!known.contains(problem.message))
                return MakeError(ErrorCode::kRejected,
                                 "The import would break the catalogue, so nothing was changed: " + problem.message);
        contents[path] = std::move(text);
    }
    std::vector<fs::path> replaced;
    for (const auto& [path, text] : contents) {
        if (auto ok = WriteFileAtomically(path, text, faults); !ok) {
            // Put back what this import already replaced (a file it made new is removed).
            for (const auto& done : replaced) {
                std::error_code ec;
                if (originals[done].empty()) fs::remove(done, ec);
                else (void)WriteFileAtomically(done, originals[done]);
            }
            return MakeError(ok.error().code, ok.error().message + " Nothing was changed.");
        }
        replaced.push_back(path);
    }
    return counts;
}

}  // namespace anl::messages
