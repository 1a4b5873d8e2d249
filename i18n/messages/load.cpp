// Loading i18n/catalogs/<lang>/meta.toml and the message files beside it.
#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>
#include <unicode/messagepattern.h>
#include <unicode/parseerr.h>

#include "i18n/messages/icu_util.h"
#include "i18n/messages/impl.h"

namespace anl::messages {
namespace fs = std::filesystem;
using detail::LanguageData;

namespace {

// "ar/ui.toml line 12, key "kiosk.back": " — the start of every loading error sentence.
std::string Where(const std::string& file, int line, std::string_view key) {
    std::string where = file;
    if (line > 0) where += " line " + std::to_string(line);
    if (!key.empty()) where += ", key \"" + std::string(key) + "\"";
    return where + ": ";
}

Error Malformed(const std::string& file, int line, std::string_view key, const std::string& what) {
    return MakeError(ErrorCode::kCorrupt, Where(file, line, key) + what);
}

// The quoted or bare key at the start of a line, to name it in a TOML syntax error.
std::string KeyOnLine(std::string_view contents, int line) {
    std::istringstream in{std::string(contents)};
    std::string text;
    for (int i = 0; i < line && std::getline(in, text); ++i) {
    }
    size_t start = text.find_first_not_of(" \t");
    if (start == std::string::npos) return {};
    if (text[start] == '"') {
        size_t end = text.find('"', start + 1);
        return end == std::string::npos ? std::string() : text.substr(start + 1, end - start - 1);
    }
    size_t end = text.find_first_of(" \t=", start);
    return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Parses TOML text read from `file`; on a syntax error fills `failure` (file, line, key,
// sentence).
std::optional<toml::table> ParseText(std::string_view contents, const std::string& file, LoadProblem& failure) {
    try {
        return toml::parse(contents, file);
    } catch (const toml::parse_error& error) {
        failure.file = file;
        failure.line = static_cast<int>(error.source().begin.line);
        failure.key = KeyOnLine(contents, failure.line);
        failure.message = Where(failure.file, failure.line, failure.key) + "this is not valid TOML (" +
                          std::string(error.description()) + ").";
        return std::nullopt;
    }
}

// Reads and parses a catalogue file through the one reader (ReadCatalogueFile: a missing
// file or a malformed UTF-8 byte is a clear sentence, never an exception).
std::optional<toml::table> ParseFile(const fs::path& file, LoadProblem& failure) {
    auto contents = ReadCatalogueFile(file);
    if (!contents.ok()) {
        failure.file = file.string();
        failure.message = contents.error().message;
        return std::nullopt;
    }
    return ParseText(*contents, file.string(), failure);
}

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// Reads a required string field of meta.toml.
Result<std::string> MetaString(const toml::table& meta, const std::string& file, const char* field,
                               bool required = true) {
    const toml::node* node = meta.get(field);
    if (node == nullptr) {
        if (!required) return std::string();
        return Malformed(file, 0, field, std::string("the field ") + field + " is missing.");
    }
    if (!node->is_string()) {
        return Malformed(file, LineOf(*node), field, std::string("the field ") + field + " must be a string.");
    }
    return std::string(node->as_string()->get());
}

Result<std::vector<std::string>> MetaStringList(const toml::table& meta, const std::string& file,
                                                const char* field) {
    std::vector<std::string> list;
    const toml::node* node = meta.get(field);
    if (node == nullptr) return list;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        return Malformed(file, LineOf(*node), field,
                         std::string("the field ") + field + " must be a list of strings.");
    }
    for (const toml::node& item : *array) {
        if (!item.is_string()) {
            return Malformed(file, LineOf(item), field,
                             std::string("the field ") + field + " must be a list of strings.");
        }
        list.push_back(std::string(item.as_string()->get()));
    }
    return list;
}

Result<LanguageInfo> LoadMeta(const fs::path& path, const std::string& folder) {
    const std::string file = path.string();
    LoadProblem failure;
    auto parsed = ParseFile(path, failure);
    if (!parsed) return MakeError(ErrorCode::kCorrupt, failure.message);
    const toml::table& meta = *parsed;

    LanguageInfo info;
    auto code = MetaString(meta, file, "code");
    if (!code) return code.error();
    info.code = code.value();
    if (info.code != folder) {
        return Malformed(file, LineOf(*meta.get("code")), "code",
                         "the code \"" + info.code + "\" must equal the folder name \"" + folder + "\".");
    }
    for (auto [field, target] : {std::pair{"name", &info.name}, std::pair{"english_name", &info.english_name},
                                 std::pair{"locale", &info.locale}}) {
        auto value = MetaString(meta, file, field);
        if (!value) return value.error();
        if (value.value().empty()) return Malformed(file, 0, field, std::string("the field ") + field + " is empty.");
        *target = value.value();
    }
    auto voice = MetaString(meta, file, "voice", /*required=*/false);
    if (!voice) return voice.error();
    info.voice = voice.value();

    auto direction = MetaString(meta, file, "direction");
    if (!direction) return direction.error();
    if (direction.value() == "ltr") {
        info.direction = Direction::kLtr;
    } else if (direction.value() == "rtl") {
        info.direction = Direction::kRtl;
    } else {
        return Malformed(file, LineOf(*meta.get("direction")), "direction",
                         "direction must be \"ltr\" or \"rtl\", not \"" + direction.value() + "\".");
    }

    const toml::node* enabled = meta.get("enabled");
    if (enabled == nullptr || !enabled->is_boolean()) {
        return Malformed(file, enabled ? LineOf(*enabled) : 0, "enabled", "enabled must be true or false.");
    }
    info.enabled = enabled->as_boolean()->get();

    if (const toml::node* order = meta.get("order")) {
        if (!order->is_integer()) return Malformed(file, LineOf(*order), "order", "order must be a whole number.");
        info.order = static_cast<int>(order->as_integer()->get());
    }

    auto fallback = MetaStringList(meta, file, "fallback");
    if (!fallback) return fallback.error();
    info.fallback = fallback.value();
    auto fallback_keys = MetaStringList(meta, file, "fallback_keys");
    if (!fallback_keys) return fallback_keys.error();
    info.fallback_keys = fallback_keys.value();

    if (const toml::node* digits = meta.get("digits")) {
        const std::optional<std::string> value = digits->value<std::string>();
        if (value == "latn") {
            info.digits = LanguageInfo::Digits::kLatin;
        } else if (value == "native") {
            info.digits = LanguageInfo::Digits::kNative;
        } else {
            return Malformed(file, LineOf(*digits), "digits", "digits must be \"latn\" or \"native\".");
        }
    }

    if (const toml::node* is_default = meta.get("default")) {
        if (!is_default->is_boolean())
            return Malformed(file, LineOf(*is_default), "default", "default must be true or false.");
        info.is_default = is_default->as_boolean()->get();
    }

    static const std::set<std::string> kKnownFields = {"code",   "name",  "english_name", "direction",
                                                       "locale", "voice", "enabled",      "order",
                                                       "fallback", "fallback_keys", "digits", "default"};
    for (const auto& [key, node] : meta) {
        if (!kKnownFields.contains(std::string(key.str()))) {
            return Malformed(file, LineOf(node), key.str(), "this field is unknown (a typo?).");
        }
    }
    return info;
}

// Checks MessageFormat syntax (locale-independent) so a broken message is skipped early.
Status CheckSyntax(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    icu::MessagePattern pattern(detail::ToIcu(text), &where, status);
    if (U_FAILURE(status)) return MakeError(ErrorCode::kCorrupt, detail::DescribeSyntaxError(text, where, status));
    return {};
}

// Loads one message file (ui.toml, services.toml ...) into `language`. A file that is not
// valid TOML is skipped whole, a malformed entry alone; each becomes a LoadProblem, and the
// fallback chain answers for what was skipped.
void LoadMessageTable(const toml::table& table, const std::string& file, LanguageData& language,
                      std::vector<LoadProblem>& problems, std::unordered_set<const Message*>& broken) {
    auto problem = [&](int line, const std::string& key, const std::string& what) {
        problems.push_back({file, line, key, Where(file, line, key) + what});
    };
    const toml::table* parsed = &table;
    for (const auto& [toml_key, node] : *parsed) {
        const std::string key(toml_key.str());
        const int line = static_cast<int>(toml_key.source().begin.line);
        const toml::table* entry = node.as_table();
        if (entry == nullptr) {
            problem(line, key, "an entry must be { text = \"...\", status = \"draft\" }.");
            continue;
        }
        const toml::node* text = entry->get("text");
        const toml::node* status = entry->get("status");
        if (text == nullptr || status == nullptr) {
            problem(line, key,
                    "an entry needs text and status (write the key in quotes: \"" + key +
                        ".x\" = { text = \"...\", status = \"draft\" }).");
            continue;
        }
        if (!text->is_string()) {
            problem(line, key, "text must be a string.");
            continue;
        }
        Message message;
        message.key = key;
        message.text = std::string(text->as_string()->get());
        message.file = file;
        message.line = line;
        const std::string status_text = status->is_string() ? std::string(status->as_string()->get()) : "";
        if (status_text == "reviewed") {
            message.status = MessageStatus::kReviewed;
        } else if (status_text == "draft") {
            message.status = MessageStatus::kDraft;
        } else {
            problem(line, key, "status must be \"reviewed\" or \"draft\".");
            continue;
        }
        std::string unknown_field;
        for (const auto& [field, value] : *entry) {
            if (field.str() != "text" && field.str() != "status" && field.str() != "note" && field.str() != "source") {
                unknown_field = std::string(field.str());
            }
        }
        if (!unknown_field.empty()) {
            problem(line, key, "the field " + unknown_field + " is unknown (text, status, source, note).");
            continue;
        }
        if (const toml::node* source = entry->get("source")) {
            const std::string hash = source->is_string() ? std::string(source->as_string()->get()) : "";
            if (hash.size() != 16 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
                problem(line, key, "source must be the 16 hex digits of the German text's hash (SourceHash).");
                continue;
            }
            message.source_hash = hash;
        }
        if (message.text.empty()) {
            problem(line, key, "text is empty.");
            continue;
        }
        auto existing = language.messages.find(key);
        if (existing != language.messages.end()) {
            problem(line, key,
                    "this key is already defined in " + existing->second.file + " line " +
                        std::to_string(existing->second.line) + ".");
            continue;
        }
        anl::Status syntax = CheckSyntax(message.text);
        auto [it, inserted] = language.messages.emplace(key, std::move(message));
        ANL_ASSERT(inserted && "duplicates were rejected above");
        if (!syntax) {
            problem(line, key, syntax.error().message);
            broken.insert(&it->second);
        }
    }
}

void LoadMessageFile(const fs::path& path, LanguageData& language, std::vector<LoadProblem>& problems,
                     std::unordered_set<const Message*>& broken) {
    LoadProblem failure;
    auto parsed = ParseFile(path, failure);
    if (!parsed) {
        problems.push_back(std::move(failure));
        return;
    }
    LoadMessageTable(*parsed, path.string(), language, problems, broken);
}

}  // namespace

namespace detail {

Result<LanguageInfo> ReadMeta(const fs::path& path, const std::string& folder) { return LoadMeta(path, folder); }

std::vector<LoadProblem> CheckMessageText(std::string_view contents, const std::string& file) {
    std::vector<LoadProblem> problems;
    LoadProblem failure;
    auto parsed = ParseText(contents, file, failure);
    if (!parsed) return {std::move(failure)};
    LanguageData scratch;
    LoadMessageTable(*parsed, file, scratch, problems, scratch.broken);
    return problems;
}


Result<std::unique_ptr<icu::TimeZone>> MakeTimeZone(std::string_view iana_id) {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(ToIcu(iana_id)));
    if (*zone == icu::TimeZone::getUnknown()) {
        return MakeError(ErrorCode::kInvalidInput, "The time zone \"" + std::string(iana_id.substr(0, 60)) +
                                                       "\" is unknown (use an IANA name like Europe/Berlin).");
    }
    return zone;
}

std::string DescribeSyntaxError(std::string_view pattern, const UParseError& where, UErrorCode status) {
    std::string sentence = "the message is not valid ICU MessageFormat (" + std::string(u_errorName(status));
    if (where.offset >= 0) {
        // Show the text just before the error, as the translator wrote it.
        icu::UnicodeString text = ToIcu(pattern);
        int32_t from = std::max(0, where.offset - 12);
        sentence += " near \"" + ToUtf8(text.tempSubStringBetween(from, where.offset + 1)) + "\"";
    }
    return sentence + ").";
}

}  // namespace detail

const LanguageData& Messages::Impl::Loaded(size_t index) const {
    LanguageData& language = languages[index];
    if (language.loaded->load(std::memory_order_acquire)) return language;
    std::lock_guard lock(load_mutex);
    if (!language.loaded->load(std::memory_order_relaxed)) {
        for (const fs::path& file : language.files) {
            LoadMessageFile(file, language, language.problems, language.broken);
        }
        language.loaded->store(true, std::memory_order_release);
    }
    return language;
}

Result<Messages> Messages::Load(const fs::path& dir, const LoadOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return MakeError(ErrorCode::kNotFound,
                         "The catalogue folder " + dir.string() + " does not exist." + MissingDataHint(dir));
    }

    std::vector<fs::path> folders;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_directory() && fs::exists(entry.path() / "meta.toml")) folders.push_back(entry.path());
    }
    std::sort(folders.begin(), folders.end());
    if (folders.empty()) {
        return MakeError(ErrorCode::kNotFound, "The catalogue folder " + dir.string() +
                                                   " has no language (no <lang>/meta.toml).");
    }

    for (const fs::path& folder : folders) {
        LanguageData language;
        language.meta_file = (folder / "meta.toml").string();
        auto info = LoadMeta(folder / "meta.toml", folder.filename().string());
        if (!info) return info.error();
        language.info = std::move(info.value());

        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(folder, ec)) {
            if (entry.is_regular_file() && entry.path().extension() == ".toml" &&
                entry.path().filename() != "meta.toml") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        language.files = std::move(files);  // parsed on first use: Impl::Loaded
        impl->languages.push_back(std::move(language));
    }

    std::stable_sort(impl->languages.begin(), impl->languages.end(),
                     [](const LanguageData& a, const LanguageData& b) { return a.info.order < b.info.order; });

    // Fallback chains: the language, then its fallbacks in order (each once).
    for (LanguageData& language : impl->languages) {
        language.chain.push_back(static_cast<size_t>(impl->IndexOf(language.info.code)));
        for (const std::string& code : language.info.fallback) {
            int index = impl->IndexOf(code);
            if (index < 0) {
                return Malformed(language.meta_file, 0, "fallback",
                                 "the fallback language \"" + code + "\" has no catalogue folder.");
            }
            if (std::find(language.chain.begin(), language.chain.end(), size_t(index)) == language.chain.end()) {
                language.chain.push_back(static_cast<size_t>(index));
            }
        }
        impl->infos.push_back(language.info);
    }
    for (const char* code : {"en", "de"}) {
        if (int index = impl->IndexOf(code); index >= 0) impl->unknown_chain.push_back(static_cast<size_t>(index));
    }

    if (options.time_zone.empty()) {
        impl->time_zone.reset(icu::TimeZone::createDefault());
    } else {
        auto zone = detail::MakeTimeZone(options.time_zone);
        if (!zone) return zone.error();
        impl->time_zone = std::move(zone.value());
    }
    impl->text_cache.resize(impl->languages.size());
    return Messages(std::move(impl));
}

}  // namespace anl::messages
