// anlaufstelle-ctl i18n check|status|format|export|import: the translation catalogues
// (i18n/catalogs) seen from the command line, for CI, administrators and translators.
#include <algorithm>
#include <charconv>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <optional>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "i18n/messages/messages.h"
#include "i18n/text/text.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ctl/ctl.h"

namespace anl::ctl {
namespace {
namespace fs = std::filesystem;
using messages::Messages;

struct I18nOptions {
    std::string dir;
    std::string lang;
    std::string key;
    std::string file;
    std::string format;  // csv, xliff, po; empty: from the file's extension
    std::string catalogue_dir;  // empty: the shipped one; "none": skip the cross-check
    std::string time_zone = "Europe/Berlin";
    std::vector<std::string> args;
    bool no_glyphs = false;
};

Result<Messages> LoadCatalogues(const I18nOptions& options) {
    fs::path dir = options.dir.empty() ? Messages::DefaultDir() : fs::path(options.dir);
    return Messages::Load(dir, {options.time_zone});
}

// The catalogues and the language --lang names (export and import work on one language).
struct CataloguesOfLanguage {
    Messages all;
    const messages::LanguageInfo* language = nullptr;  // points into `all`
};
Result<CataloguesOfLanguage> LoadCataloguesOfLanguage(const I18nOptions& options) {
    auto loaded = LoadCatalogues(options);
    if (!loaded) return loaded.error();
    const messages::LanguageInfo* language = loaded->FindLanguage(options.lang);
    if (language == nullptr) return MakeError(ErrorCode::kNotFound, "There is no language \"" + options.lang + "\".");
    return CataloguesOfLanguage{std::move(loaded.value()), language};
}

// ---------------------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------------------
void RunCheck(Context& ctx, const I18nOptions& options) {
    auto loaded = LoadCatalogues(options);
    if (!loaded) {
        Fail(ctx, loaded.error());
        return;
    }
    // Glyph coverage through the same font chains the screens draw with.
    std::unique_ptr<text::Engine> engine;
    messages::CoverageFn coverage;
    if (!options.no_glyphs) {
        auto created = text::Engine::Create();
        if (!created) {
            Fail(ctx, created.error());
            return;
        }
        engine = std::move(created.value());
        coverage = [&engine](std::string_view lang, std::string_view utf8) {
            return engine->FindUncoveredCodepoints(lang, utf8);
        };
    }
    std::vector<messages::Gap> gaps = messages::CheckCatalogues(loaded.value(), coverage);

    // The service catalogue's keys (offices, services, documents, finder) against services.toml.
    const fs::path catalogue_dir =
        options.catalogue_dir.empty() ? catalogue::DefaultCatalogueDir() : fs::path(options.catalogue_dir);
    if (options.catalogue_dir != "none") {
        auto site = catalogue::LoadCatalogue(catalogue_dir);
        if (!site) {
            Fail(ctx, site.error());
            return;
        }
        auto referenced = messages::CheckReferencedKeys(loaded.value(), catalogue::TranslationKeys(site.value()),
                                                        "the service catalogue " + catalogue_dir.string(),
                                                        "services.toml");
        gaps.insert(gaps.end(), referenced.begin(), referenced.end());
    }
    std::set<std::string> languages;
    for (const auto& gap : gaps) languages.insert(gap.language);
    if (ctx.json) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& gap : gaps) {
            list.push_back({{"language", gap.language}, {"file", gap.file}, {"line", gap.line},
                            {"key", gap.key}, {"problem", gap.problem}});
        }
        PrintJson({{"ok", gaps.empty()}, {"gaps", list}});
    } else {
        for (const auto& gap : gaps) std::cout << messages::Describe(gap) << "\n";
        std::size_t enabled = 0, keys = 0;
        for (const auto& language : loaded->Languages()) enabled += language.enabled ? 1 : 0;
        keys = loaded->MessagesOf("de").size();
        if (gaps.empty()) {
            std::cout << "i18n check: " << enabled << " languages, " << keys << " German keys: no gaps.\n";
        } else {
            std::cerr << "i18n check: " << gaps.size() << " gap" << (gaps.size() == 1 ? "" : "s") << " in "
                      << languages.size() << " language" << (languages.size() == 1 ? "" : "s") << ".\n";
        }
    }
    if (!gaps.empty()) ctx.exit_code = static_cast<int>(ErrorCode::kRejected);
}

// ---------------------------------------------------------------------------------------
// status
// ---------------------------------------------------------------------------------------
void RunStatus(Context& ctx, const I18nOptions& options) {
    auto loaded = LoadCatalogues(options);
    if (!loaded) {
        Fail(ctx, loaded.error());
        return;
    }
    const Messages& all = loaded.value();
    if (!options.lang.empty() && all.FindLanguage(options.lang) == nullptr) {
        Fail(ctx, MakeError(ErrorCode::kNotFound, "There is no language \"" + options.lang + "\"."));
        return;
    }
    const auto german = all.MessagesOf("de");
    nlohmann::json rows = nlohmann::json::array();
    if (!ctx.json) {
        std::printf("%-6s %-28s %-8s %8s %6s %8s %8s %9s\n", "code", "language", "enabled", "reviewed", "draft",
                    "outdated", "missing", "fallback");
    }
    for (const auto& language : all.Languages()) {
        if (!options.lang.empty() && language.code != options.lang) continue;
        int reviewed = 0, draft = 0, outdated = 0, missing = 0, by_fallback = 0;
        for (const auto* message : german) {
            switch (all.Status(language.code, message->key)) {
                case messages::MessageStatus::kReviewed: ++reviewed; break;
                case messages::MessageStatus::kDraft: ++draft; break;
                case messages::MessageStatus::kOutdated: ++outdated; break;
                case messages::MessageStatus::kMissing: {
                    bool intended = std::any_of(
                        language.fallback_keys.begin(), language.fallback_keys.end(), [&](const std::string& p) {
                            return p.ends_with('*') ? message->key.starts_with(p.substr(0, p.size() - 1))
                                                    : message->key == p;
                        });
                    ++(intended ? by_fallback : missing);
                    break;
                }
            }
        }
        if (ctx.json) {
            rows.push_back({{"code", language.code}, {"name", language.name}, {"english_name", language.english_name},
                            {"enabled", language.enabled}, {"reviewed", reviewed}, {"draft", draft},
                            {"outdated", outdated}, {"missing", missing}, {"fallback", by_fallback}});
        } else {
            std::printf("%-6s %-28s %-8s %8d %6d %8d %8d %9d\n", language.code.c_str(), language.english_name.c_str(),
                        language.enabled ? "yes" : "no", reviewed, draft, outdated, missing, by_fallback);
        }
    }
    if (ctx.json) PrintJson({{"languages", rows}});
}

// ---------------------------------------------------------------------------------------
// format
// ---------------------------------------------------------------------------------------

// "2026-01-01T10:30:00Z" (UTC) as microseconds, or nothing.
std::optional<Micros> ParseUtc(const std::string& text) {
    std::tm tm{};
    std::istringstream in(text);
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M");
    if (in.fail()) return std::nullopt;
    int seconds = 0;
    if (in.peek() == ':') {
        in.get();
        in >> seconds;
    }
    if (in.get() != 'Z' || in.peek() != EOF) return std::nullopt;
    tm.tm_sec = seconds;
    return static_cast<Micros>(timegm(&tm)) * kMicrosPerSecond;
}

// name=value, name:int=5, name:double=1.5, name:date=2026-01-01T10:30Z, name:code=A-042,
// name:str=text. Without a type: a whole number is an int, an ISO UTC time a date, else text.
Result<messages::Args> ParseArgs(const std::vector<std::string>& items) {
    messages::Args args;
    for (const std::string& item : items) {
        size_t equals = item.find('=');
        if (equals == std::string::npos || equals == 0) {
            return MakeError(ErrorCode::kInvalidInput, "The argument \"" + item + "\" is not name=value.");
        }
        std::string name = item.substr(0, equals), value = item.substr(equals + 1), type;
        if (size_t colon = name.find(':'); colon != std::string::npos) {
            type = name.substr(colon + 1);
            name = name.substr(0, colon);
        }
        std::int64_t number = 0;
        auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
        const bool is_int = error == std::errc() && end == value.data() + value.size() && !value.empty();
        const auto date = ParseUtc(value);
        if (type == "code") {
            args.Code(name, value);
        } else if (type == "str") {
            args.Str(name, value);
        } else if (type == "int" || (type.empty() && is_int)) {
            if (!is_int) return MakeError(ErrorCode::kInvalidInput, "\"" + value + "\" is not a whole number.");
            args.Int(name, number);
        } else if (type == "double") {
            char* rest = nullptr;
            double d = std::strtod(value.c_str(), &rest);
            if (rest == value.c_str() || *rest != '\0') {
                return MakeError(ErrorCode::kInvalidInput, "\"" + value + "\" is not a number.");
            }
            args.Double(name, d);
        } else if (type == "date" || (type.empty() && date)) {
            if (!date) {
                return MakeError(ErrorCode::kInvalidInput,
                                 "\"" + value + "\" is not a UTC time like 2026-01-01T10:30:00Z.");
            }
            args.Date(name, *date);
        } else if (type.empty()) {
            args.Str(name, value);
        } else {
            return MakeError(ErrorCode::kInvalidInput,
                             "The type \"" + type + "\" is unknown (use str, code, int, double or date).");
        }
    }
    return args;
}

void RunFormat(Context& ctx, const I18nOptions& options) {
    auto loaded = LoadCatalogues(options);
    if (!loaded) {
        Fail(ctx, loaded.error());
        return;
    }
    auto args = ParseArgs(options.args);
    if (!args) {
        Fail(ctx, args.error());
        return;
    }
    const Messages& all = loaded.value();
    std::string text = all.Format(options.lang, options.key, args.value());
    const auto missed = all.MissedKeys();
    if (ctx.json) {
        std::string from;
        for (const auto& code : all.FallbackChain(options.lang)) {
            if (all.Find(code, options.key) != nullptr) {
                from = code;
                break;
            }
        }
        PrintJson({{"text", text}, {"language", from}, {"status", messages::ToString(all.Status(options.lang, options.key))}});
    } else {
        std::cout << text << "\n";
    }
    if (!missed.empty()) {
        Fail(ctx, MakeError(ErrorCode::kNotFound, "No language of the fallback chain of \"" + options.lang +
                                                      "\" has the key \"" + options.key + "\"."));
    }
}

// ---------------------------------------------------------------------------------------
// export / import: a language for a translator as CSV (any spreadsheet program), XLIFF 1.2
// or gettext PO (translation tools), and back (i18n/messages, section 6). Import checks every
// entry first and writes nothing on any error.
// ---------------------------------------------------------------------------------------
// "2026-12-06 10:00+0000", the PO header's revision date.
std::string RevisionDate() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M+0000", &tm);
    return buffer;
}

void RunExport(Context& ctx, const I18nOptions& options) {
    auto loaded = LoadCataloguesOfLanguage(options);
    if (!loaded) {
        Fail(ctx, loaded.error());
        return;
    }
    auto format = messages::ParseExchangeFormat(options.format, options.file);
    if (!format) {
        Fail(ctx, format.error());
        return;
    }
    auto contents = messages::ExportLanguage(loaded->all, options.lang, *format, {{}, RevisionDate()});
    if (!contents) {
        Fail(ctx, contents.error());
        return;
    }
    if (auto written = messages::WriteFileAtomically(options.file, contents->contents); !written) {
        Fail(ctx, written.error());
        return;
    }
    const int rows = contents->messages;
    if (ctx.json) {
        PrintJson({{"file", options.file}, {"language", options.lang}, {"rows", rows}});
    } else {
        std::cout << "Exported " << rows << " messages of " << loaded->language->english_name << " to "
                  << EscapeForTerminal(options.file) << ".\n";
    }
}

void RunImport(Context& ctx, const I18nOptions& options) {
    auto loaded = LoadCataloguesOfLanguage(options);
    if (!loaded) {
        Fail(ctx, loaded.error());
        return;
    }
    auto format = messages::ParseExchangeFormat(options.format, options.file);
    if (!format) {
        Fail(ctx, format.error());
        return;
    }
    auto entries = messages::ReadExchangeFile(options.file, options.lang, *format);
    if (!entries) {
        Fail(ctx, entries.error());
        return;
    }
    auto changes = messages::CheckImport(loaded->all, options.lang, *entries, options.file);
    if (!changes) {
        // One line a problem, then the summary.
        std::string summary = changes.error().message;
        std::istringstream lines(summary);
        std::string line;
        std::getline(lines, summary);
        while (std::getline(lines, line)) std::cerr << EscapeForTerminal(line) << "\n";
        Fail(ctx, MakeError(changes.error().code, summary));
        return;
    }
    // Apply through the one catalogue writer: checked first, each file replaced atomically.
    auto written = messages::WriteCatalogueEdits(loaded->all, options.lang, *changes);
    if (!written) {
        Fail(ctx, written.error());
        return;
    }
    if (ctx.json) {
        PrintJson({{"language", options.lang}, {"changed", written->changed}, {"added", written->added}});
    } else {
        std::cout << "Imported " << loaded->language->english_name << ": " << written->changed << " changed, "
                  << written->added << " added.\n";
    }
}

}  // namespace
}  // namespace anl::ctl

ANL_CTL_COMMANDS(I18n) {
    using anl::ctl::I18nOptions;
    auto options = std::make_shared<I18nOptions>();
    auto* group = app.add_subcommand("i18n", "Translation catalogues: check, status, format, export, import");
    group->require_subcommand(1);

    auto* check = group->add_subcommand(
        "check", "Check every enabled language against German: keys, placeholders, syntax, plurals, glyphs");
    check->add_option("--dir", options->dir, "Catalogue folder (default: the shipped i18n/catalogs)");
    check->add_option("--catalogue", options->catalogue_dir,
                      "Service catalogue whose keys services.toml must match (default: the shipped one; none: skip)");
    check->add_flag("--no-glyphs", options->no_glyphs, "Skip the font coverage check (no fonts needed)");
    check->callback([&ctx, options] { anl::ctl::RunCheck(ctx, *options); });

    auto* status = group->add_subcommand("status", "Count reviewed, draft, outdated and missing messages per language");
    status->add_option("--dir", options->dir, "Catalogue folder");
    status->add_option("--lang", options->lang, "Only this language");
    status->callback([&ctx, options] { anl::ctl::RunStatus(ctx, *options); });

    auto* format = group->add_subcommand("format", "Format one message (name=value, name:code=A-042, name:date=...Z)");
    format->add_option("--dir", options->dir, "Catalogue folder");
    format->add_option("--lang", options->lang, "Language code, e.g. fa-AF")->required();
    format->add_option("--tz", options->time_zone, "Time zone for dates (default Europe/Berlin)");
    format->add_option("key", options->key, "Message key, e.g. kiosk.service.wait_today")->required();
    format->add_option("args", options->args, "Arguments: name=value ...");
    format->callback([&ctx, options] { anl::ctl::RunFormat(ctx, *options); });

    auto* exporter = group->add_subcommand(
        "export", "Write a language's messages for a translator: CSV, XLIFF 1.2 or gettext PO");
    exporter->add_option("--dir", options->dir, "Catalogue folder");
    exporter->add_option("--lang", options->lang, "Language code")->required();
    exporter->add_option("--file", options->file, "File to write")->required();
    exporter->add_option("--format", options->format, "csv, xliff or po (default: from the file's extension)")
        ->check(CLI::IsMember({"csv", "xliff", "po"}));
    exporter->callback([&ctx, options] { anl::ctl::RunExport(ctx, *options); });

    auto* importer = group->add_subcommand(
        "import", "Read a translator's CSV, XLIFF or PO file back (checks every entry first; writes nothing on any error)");
    importer->add_option("--dir", options->dir, "Catalogue folder");
    importer->add_option("--lang", options->lang, "Language code")->required();
    importer->add_option("--file", options->file, "File to read")->required();
    importer->add_option("--format", options->format, "csv, xliff or po (default: from the file's extension)")
        ->check(CLI::IsMember({"csv", "xliff", "po"}));
    importer->callback([&ctx, options] { anl::ctl::RunImport(ctx, *options); });
}
