// messages: every text a person reads, as ICU MessageFormat, in every language the site offers.
// Owns: loading i18n/catalogs/<lang>/{meta.toml, *.toml}, the fallback chain (fa-AF -> fa ->
// en -> de), each message's review status, formatting with the visitor's locale (plurals,
// select, dates and times, numbers) and the catalogue check behind `anlaufstelle-ctl i18n check`.
// Must never: draw, shape or measure text (that is i18n/text), read the clock, or crash on a
// missing or broken message (it falls back, and as a last resort shows the key and records it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiosk/base/base.h"

// Index
//   1. Languages
//   2. Arguments
//   3. Messages (load, format, status)
//   4. The catalogue check
//   5. Catalogue files: the one reader and the one (atomic) writer
//   6. Exchange with translators: CSV, XLIFF 1.2, gettext PO

namespace anl::messages {

// ---------------------------------------------------------------------------------------
// 1. Languages: one folder each under i18n/catalogs/, described by its meta.toml.
// ---------------------------------------------------------------------------------------
enum class Direction { kLtr, kRtl };

struct LanguageInfo {
    std::string code;          // our code, e.g. "fa-AF" (also the folder name)
    std::string name;          // the language's own name in its own script, for the picker
    std::string english_name;  // for administrators and logs, e.g. "Dari"
    Direction direction = Direction::kLtr;
    std::string locale;        // ICU locale for plurals, numbers, dates, e.g. "fa_AF"
    std::vector<std::string> fallback;       // where a missing key is looked up next, in order
    std::vector<std::string> fallback_keys;  // key patterns ("desk.*") intentionally left to
                                             // the fallback chain (e.g. staff-only texts)
    bool enabled = true;       // offered at the kiosk
    int order = 0;             // position in the language picker
    std::string voice;         // speech voice hint (espeak-ng voice name), may be empty
    // Which digits numbers are written in (meta.toml `digits`): "latn" (0-9) or "native"
    // (the locale's own, e.g. Arabic-Indic in ar, Persian in fa). The rule on every visitor
    // screen (ticket, call display, desk): a visitor must match the ticket code "A-042" and
    // the counter "3" with what the call display shows and staff say aloud; codes are always
    // Latin (Code() below), so a language writes every other number in Latin digits too
    // unless its people read Latin digits poorly. Every shipped language says "latn" today
    // (docs/screens.md, "Digits"); a meta.toml without the field means "latn".
    enum class Digits { kLatin, kNative };
    Digits digits = Digits::kLatin;
    // meta.toml `default = true`: the kiosk's language when nobody has chosen one (its first
    // screen's title, and where it returns after a visitor). DefaultLanguage() below.
    bool is_default = false;
};

// ---------------------------------------------------------------------------------------
// 2. Arguments: named values for a message's placeholders.
//    Code(): ticket numbers, counter numbers and other codes. They stay exactly as given
//    (Latin letters, Western digits) and, in a right-to-left language, are isolated
//    left-to-right (U+2066 ... U+2069) so "A-042" never reads "042-A".
//    Int()/Double(): numbers in the visitor's locale, in the digits its meta.toml names
//    (LanguageInfo::digits: Latin for every shipped language, so one screen never mixes
//    "A-042" with Arabic-Indic or Persian digits).
//    Date(): a moment (UTC microseconds), shown in the site's time zone and visitor's locale.
// ---------------------------------------------------------------------------------------
struct CodeValue { std::string text; };
struct DateValue { Micros utc = 0; };
using ArgValue = std::variant<std::string, CodeValue, std::int64_t, double, DateValue>;

class Args {
public:
    Args& Str(std::string name, std::string value);
    Args& Code(std::string name, std::string value);
    Args& Int(std::string name, std::int64_t value);
    Args& Double(std::string name, double value);
    Args& Date(std::string name, Micros utc);

    struct Entry { std::string name; ArgValue value; };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    std::vector<Entry> entries_;
};

// ---------------------------------------------------------------------------------------
// 3. Messages
// ---------------------------------------------------------------------------------------
// A file says "reviewed" or "draft". Outdated is derived: a reviewed translation whose German
// source changed since (the entry's `source` is the hash of the German text it was reviewed
// against, SourceHash; a reviewed entry without one was reviewed before hashes were kept and
// counts as reviewed). Missing: the language has no text of its own.
enum class MessageStatus { kReviewed, kDraft, kOutdated, kMissing };
const char* ToString(MessageStatus status);  // "reviewed", "draft", "outdated", "missing"

// One message as written in a catalogue file.
struct Message {
    std::string key;
    std::string text;  // ICU MessageFormat pattern
    MessageStatus status = MessageStatus::kDraft;  // as written: kReviewed or kDraft
    std::string source_hash;  // `source`: SourceHash of the German text it was reviewed against
    std::string file;  // path of the catalogue file, for error messages
    int line = 0;      // line of the entry in that file
};

// A short fingerprint of a German source text (16 hex digits, FNV-1a 64 over its UTF-8
// bytes): kept with a reviewed translation so that a changed source shows it as outdated.
// Not a security measure; a collision only hides one outdated mark.
std::string SourceHash(std::string_view german_text);

// A problem found while loading that does not stop the program: a message file that is
// not valid TOML, an entry that is not { text, status }, a key defined twice, a message that
// is not valid MessageFormat. What is broken is skipped, so the fallback chain answers
// instead, and `i18n check` fails naming it. One clear sentence each.
struct LoadProblem {
    std::string file;
    int line = 0;
    std::string key;
    std::string message;  // "ui.toml line 12, key "kiosk.x": ..." style sentence
};

struct LoadOptions {
    // Time zone for dates and times (IANA id). Empty: the machine's time zone.
    std::string time_zone;
};

// A key Format() could not find in any language of the chain (shown as the key itself).
struct MissedKey {
    std::string language;
    std::string key;
};

// Immutable after Load except its caches; safe to share between the UI thread and workers
// (one mutex guards the caches and the ICU formatters, another the lazy loading).
class Messages {
public:
    // Finds every language folder under `dir` and reads its meta.toml. Fails (file, line and
    // key in one sentence) only when the folder or a meta.toml is unusable, so one
    // translator's typo never keeps the kiosk from starting: a broken message file or entry
    // becomes a LoadProblem (Problems(); `i18n check` lists them and fails). A language's
    // message files are parsed when it (or a language falling back to it) is first used, so
    // a terminal showing Pashto parses ps, en and de only: start-up stays short.
    static Result<Messages> Load(const std::filesystem::path& dir, const LoadOptions& options = {});

    // The catalogues shipped with the program: i18n/catalogs in the data directory
    // (kiosk/base: --data-dir, ANL_DATA_DIR, else ../share/anlaufstelle from the program).
    static std::filesystem::path DefaultDir();

    Messages(Messages&&) noexcept;
    Messages& operator=(Messages&&) noexcept;
    ~Messages();

    // Formats `key` for a visitor speaking `lang`, following the fallback chain. Never
    // fails: when no language of the chain has the key, returns the key and records it.
    std::string Format(std::string_view lang, std::string_view key, const Args& args = {}) const;

    // Formats `pattern`, a text not (yet) in the catalogue, as `lang`'s messages are formatted
    // (its locale, digits, direction, the site's time zone): the editor's live preview. An
    // error when the pattern does not parse or the arguments do not fit it.
    Result<std::string> FormatPattern(std::string_view lang, std::string_view pattern, const Args& args = {}) const;

    // A message without arguments, formatted once and kept: cheap enough for every frame.
    // The view stays valid as long as this Messages object.
    std::string_view Text(std::string_view lang, std::string_view key) const;

    // Prepares every message a visitor speaking `lang` may see (the whole fallback chain) so
    // that the first frame in that language formats from the cache: ICU builds plural rules
    // and number formats on first use, about 0.1 ms a message. Call it from a worker when a
    // visitor picks a language, or at start for the site's default language.
    void Warm(std::string_view lang) const;

    // All languages in picker order (disabled ones included; check `enabled`).
    const std::vector<LanguageInfo>& Languages() const;
    const LanguageInfo* FindLanguage(std::string_view code) const;

    // The languages a lookup for `lang` tries, in order, starting with `lang` itself.
    std::vector<std::string> FallbackChain(std::string_view lang) const;

    // Status of the message in `lang` itself (kMissing when only a fallback has it; kOutdated
    // when it was reviewed against another German text than today's).
    MessageStatus Status(std::string_view lang, std::string_view key) const;

    // The message as written in `lang` itself, or nullptr.
    const Message* Find(std::string_view lang, std::string_view key) const;

    // Every message of a language, sorted by key.
    std::vector<const Message*> MessagesOf(std::string_view lang) const;

    // Messages skipped while loading (see LoadProblem). Parses every language's files first.
    const std::vector<LoadProblem>& Problems() const;

    // Keys that fell through the whole chain since loading (for the administrator's view).
    std::vector<MissedKey> MissedKeys() const;

    // Which keys the screens ask for: while on, every Format and Text records its key (the
    // gallery's key->screen map, i18n/catalogs/screens.toml). TakeUsedKeys returns them,
    // sorted, and empties the record.
    void RecordUsedKeys(bool on) const;
    std::vector<std::string> TakeUsedKeys() const;

    // The catalogue folder these messages came from.
    const std::filesystem::path& Dir() const;

    // Dates and times from now on in `time_zone` (IANA id): the site's zone, which a
    // terminal learns from its store after the messages are loaded. Fails, changing
    // nothing, for an unknown zone. The one change after Load; guarded like the caches.
    anl::Status SetTimeZone(std::string_view time_zone);
    std::string TimeZone() const;

private:
    struct Impl;
    explicit Messages(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The argument (placeholder) names a MessageFormat pattern uses, sorted, at any nesting
// depth; or an error sentence when the pattern does not parse.
Result<std::vector<std::string>> ArgumentNames(std::string_view pattern);

// ---------------------------------------------------------------------------------------
// 4. The catalogue check (`anlaufstelle-ctl i18n check`): German is the reference.
//    - every German key exists in every enabled language, or matches its fallback_keys
//    - no language has a key German does not have
//    - placeholder names equal German's
//    - every message parses as MessageFormat in its locale, and every plural gives each
//      category its locale uses for whole numbers 0..1000 (Russian one/few/many ...)
//    - every character of every enabled language's texts is covered by the font chain
// ---------------------------------------------------------------------------------------
struct Gap {
    std::string language;
    std::string file;  // the file to fix (for a missing key: where the key belongs)
    int line = 0;
    std::string key;
    std::string problem;  // one sentence: what is wrong
};

// Returns the code points of `utf8` that no font of `lang`'s font chain can draw.
// The ctl passes the text engine's FindUncoveredCodepoints; messages stays free of fonts.
using CoverageFn = std::function<std::vector<char32_t>(std::string_view lang, std::string_view utf8)>;

// Checks loaded messages. `coverage` may be empty to skip the glyph check.
std::vector<Gap> CheckCatalogues(const Messages& messages, const CoverageFn& coverage);

// Cross-checks keys another part of the program refers to (the service catalogue's office,
// service and document keys): each key German has no text for is a gap, and each German key
// of `owned_file` (e.g. "services.toml") nobody refers to is a gap too (a stale text).
std::vector<Gap> CheckReferencedKeys(const Messages& messages, const std::vector<std::string>& referenced,
                                     std::string_view referenced_by, std::string_view owned_file);

// What `i18n check` finds wrong with `text` as the `lang` message of `key`, one sentence
// each: placeholders that differ from German's, a pattern that does not parse in the
// language's locale, plural categories the locale uses that it lacks. Empty: it is fine.
// The administrator's editor runs it as they type (the very check CheckCatalogues runs).
std::vector<std::string> CheckMessage(const Messages& messages, std::string_view lang, std::string_view key,
                                      std::string_view text);

// Formats a gap as one line: "ar/ui.toml:12: key "kiosk.x": placeholder {n} is not in German".
std::string Describe(const Gap& gap);

// ---------------------------------------------------------------------------------------
// 5. Catalogue files. Every catalogue file is read through ReadCatalogueFile and written
//    through WriteFileAtomically; `i18n export|import` exchange a language with translators
//    as a CSV table (ParseCsv, CsvField) and write it back with WriteCatalogueEdits.
// ---------------------------------------------------------------------------------------

// The whole text of a catalogue, meta or CSV file. A missing file (kNotFound) and a byte
// that is not UTF-8 (kInvalidInput, naming file, line and byte) are clear sentences.
Result<std::string> ReadCatalogueFile(const std::filesystem::path& path);

// Fault seam for tests: stop after the temporary file is written and synced, before the
// rename (as a crash or a full disk would there).
struct WriteFaults {
    bool fail_before_rename = false;
};

// Replaces `path` with `contents` so that a reader (or a crash) sees the old file or the new
// one, never a mix: a temporary file in the same folder, fsync, rename over, fsync the
// folder. On failure the old file is unchanged and the temporary file removed.
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           const WriteFaults& faults = {});

// One row of a CSV table (RFC 4180: quoted fields, "" inside quotes, newlines inside quotes,
// CR LF or LF between rows, a leading BOM skipped), with the line it starts on.
struct CsvRow {
    int line = 0;
    std::vector<std::string> fields;
};
// Fails (kInvalidInput, file and line) for malformed UTF-8 or a quoted field left open.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, std::string_view file);
// One field, always quoted.
std::string CsvField(std::string_view value);

// A message to write into a language's catalogue: the entry of `key` is replaced in place
// (comments and order stay) or, for a key the language does not have yet, appended to
// `file` (the file name German keeps it in, e.g. "ui.toml").
// A reviewed edit records today's German source hash (`source`), so a later change of the
// German text marks it outdated.
struct CatalogueEdit {
    std::string key;
    std::string file;
    std::string text;
    MessageStatus status = MessageStatus::kDraft;  // kReviewed or kDraft
};
struct EditCounts {
    int changed = 0;
    int added = 0;
};
// Writes `edits` into `lang`'s files under messages.Dir(). Every new file is checked with
// the loader's own rules before anything is written (an entry over several lines, or text
// the loader would refuse, changes nothing), then each file is replaced atomically; when a
// later file fails, the ones already replaced are put back.
Result<EditCounts> WriteCatalogueEdits(const Messages& messages, std::string_view lang,
                                       const std::vector<CatalogueEdit>& edits, const WriteFaults& faults = {});

// How the kiosk offers the languages (meta.toml `enabled`, `order`, `default`), as the
// administrator's Languages screen sets them.
struct LanguageSetting {
    std::string code;
    bool enabled = true;
    int order = 0;
    bool is_default = false;
};
// The kiosk's default language: the enabled language marked `default` (the first in picker
// order when several are), else German, else the first enabled language, else "de".
std::string DefaultLanguage(const Messages& messages);
// Writes `settings` into the languages' meta.toml files under messages.Dir() (only the lines
// `enabled`, `order` and `default` change; comments stay). Refused, changing nothing: an
// unknown language, no enabled language, not exactly one default, a default that is not
// enabled, or a file the loader (the one kiosks and `config publish` use) would refuse. Each
// file is replaced atomically; when a later one fails, those already replaced are put back.
// Load the messages again afterwards to see the change.
Status WriteLanguageSettings(const Messages& messages, const std::vector<LanguageSetting>& settings,
                             const WriteFaults& faults = {});

// Where each message is seen: i18n/catalogs/screens.toml, written by `anlaufstelle-ctl
// gallery --key-map` from the keys each screen of the gallery formatted.
//   "kiosk.home.title" = ["kiosk/home", "kiosk/services"]
struct KeyScreens {
    std::string key;
    std::vector<std::string> screens;  // "<role>/<screen>", in gallery order
};
inline constexpr const char* kKeyScreensFile = "screens.toml";
// The shape of a key of the service catalogue's texts (services.toml: offices, services,
// documents, finder, partners): its ids as "*" ("service.abh.permit-extension.name" ->
// "service.*.*.name", "finder.papers.answer.permit" -> "finder.*.*.*"). The gallery shows one
// service of an office, one finder question; the same code shows every other one, so the map
// records the shape too.
std::string KeyShape(std::string_view key);
// The screens that show `key` (`map` sorted by key): its own entry, else its shape's.
std::vector<std::string> ScreensOf(const std::vector<KeyScreens>& map, std::string_view key);
// Reads a key->screen map; a missing file is an empty map, a broken one an error naming its line.
Result<std::vector<KeyScreens>> ReadKeyScreens(const std::filesystem::path& file);
// The map as the file's text (sorted by key), with a header saying how it is made.
std::string KeyScreensText(const std::vector<KeyScreens>& map);

// ---------------------------------------------------------------------------------------
// 6. Exchange with translators (`anlaufstelle-ctl i18n export|import --format`), one
//    language a file, every German key the language does not leave to its fallback:
//    - csv:   key, file, status, de, en, text (any spreadsheet program)
//    - xliff: XLIFF 1.2 (libxml2), one <file> per catalogue file, <trans-unit id=KEY> with the
//             German <source>, the <target> and its state, and a <note> with the English text
//             and where the message appears
//    - po:    gettext PO (libgettextpo), msgctxt = key, msgid = German, msgstr = the text,
//             draft and outdated marked fuzzy; passes `msgfmt --check`
//    Status on the way back: xliff state final or signed-off, and a PO entry that is not
//    fuzzy, are "reviewed"; every other translated entry is "draft"; an empty text is left out.
// ---------------------------------------------------------------------------------------
enum class ExchangeFormat { kCsv, kXliff, kPo };
// "csv", "xliff", "po"; an empty word takes the format from `file_name`'s extension (.csv,
// .xlf/.xliff, .po/.pot).
Result<ExchangeFormat> ParseExchangeFormat(std::string_view word, std::string_view file_name = {});

// Where a message is seen, for the translator's note (e.g. "kiosk, home screen").
using WhereSeenFn = std::function<std::string(std::string_view key)>;
// The default: said from the key's prefix ("kiosk.home.title" -> "kiosk: home").
std::string WhereSeenFromKey(std::string_view key);

struct ExportOptions {
    WhereSeenFn where_seen;       // empty: WhereSeenFromKey
    std::string revision_date;    // PO header PO-Revision-Date, "2026-12-06 10:00+0000"
};
// The file a translator gets for `lang` (not German), and how many messages it holds.
struct ExportedLanguage {
    std::string contents;
    int messages = 0;
};
Result<ExportedLanguage> ExportLanguage(const Messages& messages, std::string_view lang, ExchangeFormat format,
                                   const ExportOptions& options = {});

// One entry read back from a translator's file, with its line there.
struct ExchangeEntry {
    int line = 0;
    std::string key;
    std::string source;  // the German text the file carries (may be older than today's)
    std::string text;    // empty: not translated (skipped)
    MessageStatus status = MessageStatus::kDraft;
};
// Reads a translator's file for `lang`. Anything that does not parse, or a file for another
// language, fails with file and line; nothing is half read.
Result<std::vector<ExchangeEntry>> ReadExchangeFile(const std::filesystem::path& path, std::string_view lang,
                                                    ExchangeFormat format);

// Checks every entry against German (known key, once only, clean single-line text, valid
// MessageFormat, the same placeholders as German) and returns the edits that change
// something. An entry translated from an older German text than today's comes back as a
// draft, never as reviewed. Any problem: one error listing each as
// "FILE line N, key "K": ..." and no edit at all.
Result<std::vector<CatalogueEdit>> CheckImport(const Messages& messages, std::string_view lang,
                                               const std::vector<ExchangeEntry>& entries, std::string_view file);

}  // namespace anl::messages
