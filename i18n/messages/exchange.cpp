// Exchange with translators: a language's messages as CSV, XLIFF 1.2 or gettext PO, and
// back (messages.h, section 6).
//
// XLIFF goes through libxml2 (the writer escapes, the reader refuses DTDs and never expands
// entities or fetches anything). PO is read and written here, strictly: libgettextpo's reader
// reports a syntax error through a handler that must not return and knows no line per
// message, and "file, line and key" is what a translator needs to mend a file.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "i18n/messages/impl.h"
#include "i18n/messages/messages.h"

namespace anl::messages {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kXliffNamespace = "urn:oasis:names:tc:xliff:document:1.2";
const std::vector<std::string> kCsvHeader = {"key", "file", "status", "de", "en", "text"};

std::string FileName(const Message& message) { return fs::path(message.file).filename().string(); }

// One row of the export: a German key the language does not leave to its fallback.
struct Row {
    const Message* german = nullptr;
    const Message* english = nullptr;
    const Message* own = nullptr;
    MessageStatus status = MessageStatus::kMissing;
};
std::vector<Row> RowsOf(const Messages& messages, std::string_view lang) {
    const LanguageInfo* language = messages.FindLanguage(lang);
    std::vector<Row> rows;
    for (const Message* german : messages.MessagesOf("de")) {
        if (language != nullptr && detail::LeftToFallback(*language, german->key)) continue;
        rows.push_back({german, messages.Find("en", german->key), messages.Find(lang, german->key),
                        messages.Status(lang, german->key)});
    }
    return rows;
}

// --- CSV ---------------------------------------------------------------------------------

std::string ExportCsv(const std::vector<Row>& rows) {
    std::string out;
    for (size_t i = 0; i < kCsvHeader.size(); ++i) out += (i ? "," : "") + CsvField(kCsvHeader[i]);
    out += "\n";
    for (const Row& row : rows) {
        const char* status = row.own ? ToString(row.status) : "draft";
        out += CsvField(row.german->key) + "," + CsvField(FileName(*row.german)) + "," + CsvField(status) + "," +
               CsvField(row.german->text) + "," + CsvField(row.english ? row.english->text : "") + "," +
               CsvField(row.own ? row.own->text : "") + "\n";
    }
    return out;
}

Result<std::vector<ExchangeEntry>> ReadCsv(std::string_view contents, const std::string& file) {
    auto rows = ParseCsv(contents, file);
    if (!rows) return rows.error();
    if (rows->empty() || rows->front().fields != kCsvHeader)
        return MakeError(ErrorCode::kInvalidInput,
                         file + " line 1: the header must be key,file,status,de,en,text (as exported).");
    std::vector<ExchangeEntry> entries;
    for (size_t r = 1; r < rows->size(); ++r) {
        const auto& [line, row] = (*rows)[r];
        if (row.size() != kCsvHeader.size())
            return MakeError(ErrorCode::kInvalidInput, file + " line " + std::to_string(line) + ": the row has " +
                                                           std::to_string(row.size()) + " columns, not 6.");
        const std::string& status = row[2];
        if (status != "draft" && status != "reviewed" && status != "outdated")
            return MakeError(ErrorCode::kInvalidInput, file + " line " + std::to_string(line) + ", key \"" + row[0] +
                                                           "\": status must be draft or reviewed, not \"" + status +
                                                           "\".");
        entries.push_back({line, row[0], row[3], row[5],
                           status == "reviewed" ? MessageStatus::kReviewed : MessageStatus::kDraft});
    }
    return entries;
}

// --- XLIFF 1.2 ---------------------------------------------------------------------------

// XLIFF states: reviewed is final; a draft is translated (not reviewed); outdated needs its
// translation reviewed again. Back: final and signed-off are reviewed, the rest draft.
const char* XliffState(MessageStatus status) {
    switch (status) {
        case MessageStatus::kReviewed: return "final";
        case MessageStatus::kOutdated: return "needs-review-translation";
        case MessageStatus::kDraft:
        case MessageStatus::kMissing: break;
    }
    return "translated";
}

struct WriterDeleter {
    void operator()(xmlTextWriter* writer) const { xmlFreeTextWriter(writer); }
};
struct BufferDeleter {
    void operator()(xmlBuffer* buffer) const { xmlBufferFree(buffer); }
};
const xmlChar* X(const char* text) { return reinterpret_cast<const xmlChar*>(text); }
const xmlChar* X(const std::string& text) { return X(text.c_str()); }

Result<std::string> ExportXliff(const std::vector<Row>& rows, std::string_view lang, const WhereSeenFn& where_seen) {
    std::unique_ptr<xmlBuffer, BufferDeleter> buffer(xmlBufferCreate());
    if (!buffer) return MakeError(ErrorCode::kInternal, "Out of memory while writing XLIFF.");
    std::unique_ptr<xmlTextWriter, WriterDeleter> writer(xmlNewTextWriterMemory(buffer.get(), 0));
    if (!writer) return MakeError(ErrorCode::kInternal, "Out of memory while writing XLIFF.");
    xmlTextWriter* w = writer.get();
    int rc = 0;
    auto ok = [&rc](int result) { rc = std::min(rc, result); };
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    ok(xmlTextWriterStartDocument(w, "1.0", "UTF-8", nullptr));
    ok(xmlTextWriterStartElement(w, X("xliff")));
    ok(xmlTextWriterWriteAttribute(w, X("version"), X("1.2")));
    ok(xmlTextWriterWriteAttribute(w, X("xmlns"), X(std::string(kXliffNamespace))));
    // One <file> per catalogue file, in the order German has them.
    std::map<std::string, std::vector<const Row*>> by_file;
    for (const Row& row : rows) by_file[FileName(*row.german)].push_back(&row);
    for (const auto& [file, file_rows] : by_file) {
        ok(xmlTextWriterStartElement(w, X("file")));
        ok(xmlTextWriterWriteAttribute(w, X("original"), X(file)));
        ok(xmlTextWriterWriteAttribute(w, X("source-language"), X("de")));
        ok(xmlTextWriterWriteAttribute(w, X("target-language"), X(std::string(lang))));
        ok(xmlTextWriterWriteAttribute(w, X("datatype"), X("plaintext")));
        ok(xmlTextWriterStartElement(w, X("body")));
        for (const Row* row : file_rows) {
            ok(xmlTextWriterStartElement(w, X("trans-unit")));
            ok(xmlTextWriterWriteAttribute(w, X("id"), X(row->german->key)));
            ok(xmlTextWriterWriteAttribute(w, X("resname"), X(row->german->key)));
            ok(xmlTextWriterWriteAttribute(w, X("xml:space"), X("preserve")));
            ok(xmlTextWriterWriteElement(w, X("source"), X(row->german->text)));
            if (row->own != nullptr) {
                ok(xmlTextWriterStartElement(w, X("target")));
                ok(xmlTextWriterWriteAttribute(w, X("state"), X(XliffState(row->status))));
                ok(xmlTextWriterWriteString(w, X(row->own->text)));
                ok(xmlTextWriterEndElement(w));
            }
            std::string note = "Seen on: " + where_seen(row->german->key) + ".";
            if (row->english != nullptr) note += " English: " + row->english->text;
            if (row->status == MessageStatus::kOutdated) note += " The German text changed after this was reviewed.";
            ok(xmlTextWriterStartElement(w, X("note")));
            ok(xmlTextWriterWriteAttribute(w, X("from"), X("developer")));
            ok(xmlTextWriterWriteString(w, X(note)));
            ok(xmlTextWriterEndElement(w));
            ok(xmlTextWriterEndElement(w));  // trans-unit
        }
        ok(xmlTextWriterEndElement(w));  // body
        ok(xmlTextWriterEndElement(w));  // file
    }
    ok(xmlTextWriterEndDocument(w));
    writer.reset();  // flushes into the buffer
    if (rc < 0) return MakeError(ErrorCode::kInternal, "The XLIFF file could not be written (libxml2).");
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                       static_cast<size_t>(xmlBufferLength(buffer.get())));
}

struct DocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct ParserDeleter {
    void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};

bool IsXliff(const xmlNode* node, const char* name) {
    return node != nullptr && node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, X(name)) &&
           node->ns != nullptr && xmlStrEqual(node->ns->href, X(std::string(kXliffNamespace)));
}
std::string Attribute(const xmlNode* node, const char* name) {
    xmlChar* value = xmlGetProp(node, X(name));
    std::string out = value ? reinterpret_cast<const char*>(value) : "";
    xmlFree(value);
    return out;
}
// The text of an element that holds only text (XLIFF inline markup is not used by us).
Result<std::string> TextOf(const xmlNode* node, const std::string& where) {
    std::string out;
    for (const xmlNode* child = node->children; child != nullptr; child = child->next) {
        if (child->type == XML_TEXT_NODE || child->type == XML_CDATA_SECTION_NODE) {
            out += reinterpret_cast<const char*>(child->content);
        } else if (child->type == XML_ELEMENT_NODE) {
            return MakeError(ErrorCode::kInvalidInput, where + ": <" + reinterpret_cast<const char*>(child->name) +
                                                           "> inside <" + reinterpret_cast<const char*>(node->name) +
                                                           "> is not supported; write plain text.");
        }
    }
    return out;
}

struct FirstXmlError {
    int line = 0;
    std::string message;
};
// libxml2's structured error callback; `user` is the parser context.
void NoteFirstXmlError(void* user, xmlError* error) {
    auto* first = static_cast<FirstXmlError*>(static_cast<xmlParserCtxt*>(user)->_private);
    if (first == nullptr || error == nullptr || error->level < XML_ERR_ERROR || first->line > 0) return;
    first->line = error->line > 0 ? error->line : 1;
    first->message = error->message ? error->message : "";
}

Result<std::vector<ExchangeEntry>> ReadXliff(std::string_view contents, const std::string& file, std::string_view lang) {
    std::unique_ptr<xmlParserCtxt, ParserDeleter> ctxt(xmlNewParserCtxt());
    if (!ctxt) return MakeError(ErrorCode::kInternal, "Out of memory while reading " + file + ".");
    // The first error is the one to mend (later ones follow from it); it comes back here, not on
    // stderr. No network, no entity expansion, no DTD loading.
    FirstXmlError first;
    ctxt->_private = &first;
    ctxt->sax->serror = NoteFirstXmlError;
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(ctxt.get(), contents.data(),
                                                              static_cast<int>(contents.size()), file.c_str(),
                                                              "UTF-8", options));
    if (!doc || first.line > 0) {
        std::string message = first.message.empty() ? "not well-formed XML" : first.message;
        while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
        return MakeError(ErrorCode::kInvalidInput, file + " line " + std::to_string(first.line) +
                                                       ": this is not well-formed XML (" + message + ").");
    }
    if (doc->intSubset != nullptr || doc->extSubset != nullptr)
        return MakeError(ErrorCode::kInvalidInput, file + ": a DOCTYPE is not allowed in an XLIFF file.");
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!IsXliff(root, "xliff") || Attribute(root, "version") != "1.2")
        return MakeError(ErrorCode::kInvalidInput, file + " line " + std::to_string(root ? xmlGetLineNo(root) : 1) +
                                                       ": the root must be <xliff version=\"1.2\"> in the XLIFF 1.2 "
                                                       "namespace.");
    std::vector<ExchangeEntry> entries;
    for (const xmlNode* file_node = root->children; file_node != nullptr; file_node = file_node->next) {
        if (file_node->type != XML_ELEMENT_NODE) continue;
        const std::string file_where = file + " line " + std::to_string(xmlGetLineNo(file_node));
        if (!IsXliff(file_node, "file"))
            return MakeError(ErrorCode::kInvalidInput, file_where + ": only <file> elements belong in <xliff>.");
        if (const std::string target = Attribute(file_node, "target-language"); target != lang)
            return MakeError(ErrorCode::kInvalidInput, file_where + ": the file is for the language \"" + target +
                                                           "\", not \"" + std::string(lang) + "\".");
        for (const xmlNode* body = file_node->children; body != nullptr; body = body->next) {
            if (!IsXliff(body, "body")) continue;
            for (const xmlNode* unit = body->children; unit != nullptr; unit = unit->next) {
                if (unit->type != XML_ELEMENT_NODE) continue;
                const int line = static_cast<int>(xmlGetLineNo(unit));
                const std::string where = file + " line " + std::to_string(line);
                if (!IsXliff(unit, "trans-unit"))
                    return MakeError(ErrorCode::kInvalidInput, where + ": only <trans-unit> elements are supported "
                                                                     "in <body>.");
                ExchangeEntry entry;
                entry.line = line;
                entry.key = Attribute(unit, "id");
                const std::string key_where = where + ", key \"" + entry.key + "\"";
                std::string state;
                for (const xmlNode* part = unit->children; part != nullptr; part = part->next) {
                    if (IsXliff(part, "source")) {
                        auto text = TextOf(part, key_where);
                        if (!text) return text.error();
                        entry.source = std::move(text).value();
                    } else if (IsXliff(part, "target")) {
                        auto text = TextOf(part, key_where);
                        if (!text) return text.error();
                        entry.text = std::move(text).value();
                        state = Attribute(part, "state");
                    }
                }
                entry.status = state == "final" || state == "signed-off" ? MessageStatus::kReviewed
                                                                          : MessageStatus::kDraft;
                entries.push_back(std::move(entry));
            }
        }
    }
    return entries;
}

// --- gettext PO ----------------------------------------------------------------------------

std::string PoString(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default: out += c;
        }
    }
    return out + "\"";
}

std::string ExportPo(const std::vector<Row>& rows, const LanguageInfo& language, const ExportOptions& options,
                     const WhereSeenFn& where_seen) {
    std::string out;
    out += "# " + language.english_name + " (" + language.code + ") messages of Anlaufstelle.\n";
    out += "# msgctxt is the message key; msgid the German source; fuzzy marks a draft or outdated text.\n";
    out += "msgid \"\"\nmsgstr \"\"\n";
    out += "\"Project-Id-Version: Anlaufstelle\\n\"\n";
    out += "\"PO-Revision-Date: " + (options.revision_date.empty() ? std::string("2026-01-01 00:00+0000")
                                                                    : options.revision_date) +
           "\\n\"\n";
    out += "\"Last-Translator: Anlaufstelle export\\n\"\n";
    out += "\"Language-Team: " + language.english_name + "\\n\"\n";
    out += "\"Language: " + language.code + "\\n\"\n";
    out += "\"MIME-Version: 1.0\\n\"\n";
    out += "\"Content-Type: text/plain; charset=UTF-8\\n\"\n";
    out += "\"Content-Transfer-Encoding: 8bit\\n\"\n";
    for (const Row& row : rows) {
        out += "\n#. Seen on: " + where_seen(row.german->key) + ".\n";
        if (row.english != nullptr) out += "#. English: " + row.english->text + "\n";
        if (row.status == MessageStatus::kOutdated) out += "#. The German text changed after this was reviewed.\n";
        out += "#: " + FileName(*row.german) + "\n";
        if (row.own != nullptr && row.status != MessageStatus::kReviewed) out += "#, fuzzy\n";
        out += "msgctxt " + PoString(row.german->key) + "\n";
        out += "msgid " + PoString(row.german->text) + "\n";
        out += "msgstr " + PoString(row.own ? row.own->text : "") + "\n";
    }
    return out;
}

// A strict reader of what ExportPo writes and what PO editors make of it: comments, the
// fuzzy flag, msgctxt/msgid/msgstr with continuation lines, obsolete (#~) entries skipped.
class PoReader {
public:
    PoReader(std::string_view contents, std::string file) : file_(std::move(file)) {
        std::size_t start = 0;
        while (start <= contents.size()) {
            auto end = contents.find('\n', start);
            if (end == std::string_view::npos) end = contents.size();
            std::string_view line = contents.substr(start, end - start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            lines_.emplace_back(line);
            start = end + 1;
        }
    }

    Result<std::vector<ExchangeEntry>> Read(std::string_view lang) {
        std::vector<ExchangeEntry> entries;
        Entry entry;
        std::string* open = nullptr;  // the string a continuation line extends
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            const int number = static_cast<int>(i + 1);
            std::string_view line = lines_[i];
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
            if (line.empty()) {
                if (auto done = Finish(entry, entries, lang); !done) return done.error();
                open = nullptr;
                continue;
            }
            // A comment or a keyword after a complete entry starts the next one, blank line or not.
            const bool starts_entry = line.front() == '#' || line.starts_with("msgctxt") ||
                                      (line.starts_with("msgid") && !line.starts_with("msgid_plural"));
            if (starts_entry && entry.has_msgstr) {
                if (auto done = Finish(entry, entries, lang); !done) return done.error();
                open = nullptr;
            }
            if (line.starts_with("#~")) {
                entry.obsolete = true;
                continue;
            }
            if (line.starts_with("#,")) {
                if (line.find("fuzzy") != std::string_view::npos) entry.fuzzy = true;
                continue;
            }
            if (line.front() == '#') continue;
            if (line.front() == '"') {
                if (open == nullptr) return Problem(number, "a string continues no keyword");
                auto text = Unquote(line, number);
                if (!text) return text.error();
                *open += text.value();
                continue;
            }
            const auto space = line.find(' ');
            const std::string_view keyword = line.substr(0, space);
            if (space == std::string_view::npos) return Problem(number, "\"" + std::string(keyword) + "\" has no string");
            auto text = Unquote(line.substr(space + 1), number);
            if (!text) return text.error();
            if (keyword == "msgctxt" || keyword == "msgid" || keyword == "msgstr") {
                if ((keyword == "msgctxt" && (entry.has_msgctxt || entry.has_msgid)) ||
                    (keyword == "msgid" && entry.has_msgid) || (keyword == "msgstr" && !entry.has_msgid))
                    return Problem(number, "\"" + std::string(keyword) + "\" is out of order (msgctxt, msgid, msgstr)");
                if (entry.line == 0) entry.line = number;
                if (keyword == "msgctxt") open = &entry.msgctxt, entry.has_msgctxt = true;
                if (keyword == "msgid") open = &entry.msgid, entry.has_msgid = true;
                if (keyword == "msgstr") open = &entry.msgstr, entry.has_msgstr = true;
                *open = text.value();
            } else if (keyword.starts_with("msgid_plural") || keyword.starts_with("msgstr[")) {
                return Problem(number, "plural entries (" + std::string(keyword) +
                                           ") are not used: plurals live inside the text as ICU MessageFormat");
            } else {
                return Problem(number, "\"" + std::string(keyword) + "\" is not a PO keyword");
            }
        }
        if (auto done = Finish(entry, entries, lang); !done) return done.error();
        return entries;
    }

private:
    struct Entry {
        int line = 0;
        std::string msgctxt, msgid, msgstr;
        bool has_msgctxt = false, has_msgid = false, has_msgstr = false, fuzzy = false, obsolete = false;
    };

    Error Problem(int line, const std::string& what) const {
        return MakeError(ErrorCode::kInvalidInput, file_ + " line " + std::to_string(line) + ": " + what + ".");
    }

    Result<std::string> Unquote(std::string_view quoted, int line) const {
        while (!quoted.empty() && (quoted.back() == ' ' || quoted.back() == '\t')) quoted.remove_suffix(1);
        if (quoted.size() < 2 || quoted.front() != '"' || quoted.back() != '"')
            return Problem(line, "a string must be in double quotes");
        std::string out;
        for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
            char c = quoted[i];
            if (c == '"') return Problem(line, "a double quote inside a string must be written \\\"");
            if (c != '\\') {
                out += c;
                continue;
            }
            if (++i + 1 > quoted.size() - 1) return Problem(line, "a string ends in a lone backslash");
            switch (quoted[i]) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                default: return Problem(line, std::string("the escape \\") + quoted[i] + " is not supported");
            }
        }
        return out;
    }

    Status Finish(Entry& entry, std::vector<ExchangeEntry>& entries, std::string_view lang) {
        Entry done = std::move(entry);
        entry = Entry{};
        if (done.obsolete || (!done.has_msgid && !done.has_msgstr && !done.has_msgctxt)) return {};
        if (!done.has_msgid || !done.has_msgstr) return Problem(done.line, "an entry needs msgid and msgstr");
        if (!done.has_msgctxt) {
            if (!done.msgid.empty())
                return Problem(done.line, "the entry has no msgctxt (the message key): export the file again "
                                          "with anlaufstelle-ctl i18n export");
            // The header: it must be for this language.
            const auto at = done.msgstr.find("Language: ");
            if (at != std::string::npos) {
                const auto end = done.msgstr.find('\n', at);
                const std::string language = done.msgstr.substr(at + 10, end == std::string::npos ? end : end - at - 10);
                if (language != lang)
                    return Problem(done.line, "the file is for the language \"" + language + "\", not \"" +
                                                  std::string(lang) + "\"");
            }
            return {};
        }
        entries.push_back({done.line, done.msgctxt, done.msgid, done.msgstr,
                           done.fuzzy ? MessageStatus::kDraft : MessageStatus::kReviewed});
        return {};
    }

    std::string file_;
    std::vector<std::string> lines_;
};

}  // namespace

Result<ExchangeFormat> ParseExchangeFormat(std::string_view word, std::string_view file_name) {
    if (word.empty()) {
        const std::string extension = fs::path(std::string(file_name)).extension().string();
        if (extension == ".xlf" || extension == ".xliff") return ExchangeFormat::kXliff;
        if (extension == ".po" || extension == ".pot") return ExchangeFormat::kPo;
        if (extension == ".csv") return ExchangeFormat::kCsv;
        return MakeError(ErrorCode::kInvalidInput, "Say the format (--format csv, xliff or po): the file name \"" +
                                                       std::string(file_name) + "\" does not tell it.");
    }
    if (word == "csv") return ExchangeFormat::kCsv;
    if (word == "xliff") return ExchangeFormat::kXliff;
    if (word == "po") return ExchangeFormat::kPo;
    return MakeError(ErrorCode::kInvalidInput,
                     "The format \"" + EscapeForTerminal(word) + "\" is not known: csv, xliff or po.");
}

std::string WhereSeenFromKey(std::string_view key) {
    // "kiosk.home.title" -> "kiosk: home"; "board.announcement" -> "board".
    const auto first = key.find('.');
    if (first == std::string_view::npos) return std::string(key);
    const std::string role(key.substr(0, first));
    const auto second = key.find('.', first + 1);
    if (second == std::string_view::npos) return role;
    return role + ": " + std::string(key.substr(first + 1, second - first - 1));
}

Result<ExportedLanguage> ExportLanguage(const Messages& messages, std::string_view lang, ExchangeFormat format,
                                        const ExportOptions& options) {
    const LanguageInfo* language = messages.FindLanguage(lang);
    if (language == nullptr) return MakeError(ErrorCode::kNotFound, "There is no language \"" + std::string(lang) + "\".");
    if (lang == "de") return MakeError(ErrorCode::kInvalidInput, "German is the source language; it is not exported.");
    const WhereSeenFn where_seen = options.where_seen ? options.where_seen : WhereSeenFn(WhereSeenFromKey);
    const std::vector<Row> rows = RowsOf(messages, lang);
    ExportedLanguage exported;
    exported.messages = static_cast<int>(rows.size());
    switch (format) {
        case ExchangeFormat::kCsv: exported.contents = ExportCsv(rows); break;
        case ExchangeFormat::kXliff: {
            auto xliff = ExportXliff(rows, lang, where_seen);
            if (!xliff) return xliff.error();
            exported.contents = std::move(xliff).value();
            break;
        }
        case ExchangeFormat::kPo: exported.contents = ExportPo(rows, *language, options, where_seen); break;
    }
    return exported;
}

Result<std::vector<ExchangeEntry>> ReadExchangeFile(const fs::path& path, std::string_view lang, ExchangeFormat format) {
    auto contents = ReadCatalogueFile(path);  // UTF-8 checked, with the line of a bad byte
    if (!contents) return contents.error();
    const std::string file = path.string();
    switch (format) {
        case ExchangeFormat::kCsv: return ReadCsv(*contents, file);
        case ExchangeFormat::kXliff: return ReadXliff(*contents, file, lang);
        case ExchangeFormat::kPo: return PoReader(*contents, file).Read(lang);
    }
    return MakeError(ErrorCode::kInternal, "Unknown exchange format.");
}

Result<std::vector<CatalogueEdit>> CheckImport(const Messages& messages, std::string_view lang,
                                               const std::vector<ExchangeEntry>& entries, std::string_view file) {
    std::vector<CatalogueEdit> changes;
    std::vector<std::string> problems;
    std::set<std::string> seen;
    for (const ExchangeEntry& entry : entries) {
        const std::string where = std::string(file) + " line " + std::to_string(entry.line) + ", key \"" +
                                  EscapeForTerminal(entry.key) + "\": ";
        const Message* german = messages.Find("de", entry.key);
        if (german == nullptr) {
            problems.push_back(where + "the key is not in the German catalogue.");
            continue;
        }
        if (!seen.insert(entry.key).second) {
            problems.push_back(where + "the key appears twice.");
            continue;
        }
        if (entry.text.empty()) continue;  // not translated yet
        // A translation is shown to visitors: no control character or ESC sequence in it.
        if (auto clean = CheckInputText(entry.text, TextShape::kSingleLine, 4096, "the text"); !clean) {
            problems.push_back(where + clean.error().message);
            continue;
        }
        auto names = ArgumentNames(entry.text);
        if (!names) {
            problems.push_back(where + names.error().message);
            continue;
        }
        auto german_names = ArgumentNames(german->text);
        if (german_names && german_names.value() != names.value()) {
            std::string expected;
            for (const auto& name : german_names.value()) expected += " {" + name + "}";
            problems.push_back(where + "the placeholders must be those of German:" +
                               (expected.empty() ? std::string(" none") : expected) + ".");
            continue;
        }
        // Reviewed against an older German text: it needs a new review, so it comes in as draft.
        MessageStatus status = entry.status;
        if (!entry.source.empty() && entry.source != german->text) status = MessageStatus::kDraft;
        const Message* own = messages.Find(lang, entry.key);
        const MessageStatus now = messages.Status(lang, entry.key);
        // Unchanged; an outdated text sent back still marked for review stays outdated.
        if (own != nullptr && own->text == entry.text &&
            (now == status || (now == MessageStatus::kOutdated && status == MessageStatus::kDraft)))
            continue;
        changes.push_back({entry.key, FileName(*german), entry.text, status});
    }
    if (!problems.empty()) {
        std::string list;
        for (const auto& problem : problems) list += "\n  " + problem;
        return MakeError(ErrorCode::kInvalidInput, std::to_string(problems.size()) + " entr" +
                                                       (problems.size() == 1 ? "y" : "ies") + " of " +
                                                       std::string(file) + " cannot be imported; nothing was changed:" +
                                                       list);
    }
    return changes;
}

}  // namespace anl::messages
