// How the kiosk offers the languages (meta.toml enabled, order, default) as the
// administrator sets them, and the key->screen map the gallery writes (screens.toml).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "i18n/messages/impl.h"

namespace anl::messages {
namespace fs = std::filesystem;

namespace {

// "  enabled = true  # comment" -> whether the line sets `field`.
bool SetsField(std::string_view line, std::string_view field) {
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string_view::npos || line.substr(i, field.size()) != field) return false;
    i = line.find_first_not_of(" \t", i + field.size());
    return i != std::string_view::npos && line[i] == '=';
}

// The meta.toml text with `field` set to `value` (its line replaced, a trailing comment kept),
// added after the `after` line when it had none; with an empty value the line is removed.
std::string SetField(const std::string& text, std::string_view field, const std::string& value, std::string_view after) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    bool done = false;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!SetsField(lines[i], field)) continue;
        if (value.empty()) {
            lines.erase(lines.begin() + long(i));
        } else {
            const size_t comment = lines[i].find('#');  // values here are booleans and numbers
            lines[i] = std::string(field) + " = " + value +
                       (comment == std::string::npos ? std::string() : "  " + lines[i].substr(comment));
        }
        done = true;
        break;
    }
    if (!done && !value.empty()) {
        auto at = std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return SetsField(l, after); });
        lines.insert(at == lines.end() ? lines.end() : at + 1, std::string(field) + " = " + value);
    }
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
}

std::string Quoted(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string DefaultLanguage(const Messages& messages) {
    std::vector<const LanguageInfo*> enabled;
    for (const LanguageInfo& l : messages.Languages())
        if (l.enabled) enabled.push_back(&l);
    std::stable_sort(enabled.begin(), enabled.end(), [](auto* a, auto* b) { return a->order < b->order; });
    for (const LanguageInfo* l : enabled)
        if (l->is_default) return l->code;
    for (const LanguageInfo* l : enabled)
        if (l->code == "de") return l->code;
    return enabled.empty() ? std::string("de") : enabled.front()->code;
}

Status WriteLanguageSettings(const Messages& messages, const std::vector<LanguageSetting>& settings,
                             const WriteFaults& faults) {
    auto refuse = [](std::string why) { return MakeError(ErrorCode::kInvalidInput, why + " Nothing was changed."); };
    int defaults = 0, enabled = 0;
    std::set<std::string> seen;
    for (const LanguageSetting& s : settings) {
        if (messages.FindLanguage(s.code) == nullptr) return refuse("There is no language \"" + s.code + "\".");
        if (!seen.insert(s.code).second) return refuse("The language \"" + s.code + "\" is given twice.");
        defaults += s.is_default ? 1 : 0;
        enabled += s.enabled ? 1 : 0;
        if (s.is_default && !s.enabled) return refuse("The default language \"" + s.code + "\" must be enabled.");
    }
    if (enabled == 0) return refuse("At least one language must be enabled.");
    if (defaults != 1) return refuse("Exactly one language must be the default.");

    // The new files, each checked with the loader's own rules in a scratch folder first.
    static std::atomic<int> scratch_count{0};
    const fs::path scratch = fs::temp_directory_path() /
                             ("anl-languages-" + std::to_string(::getpid()) + "-" + std::to_string(++scratch_count));
    std::map<fs::path, std::string> originals, contents;
    Status checked;
    for (const LanguageSetting& s : settings) {
        const fs::path meta = messages.Dir() / s.code / "meta.toml";
        auto read = ReadCatalogueFile(meta);
        if (!read.ok()) { checked = read.error(); break; }
        std::string text = SetField(read.value(), "enabled", s.enabled ? "true" : "false", "locale");
        text = SetField(text, "order", std::to_string(s.order), "enabled");
        text = SetField(text, "default", s.is_default ? "true" : "", "order");
        std::error_code ec;
        fs::create_directories(scratch / s.code, ec);
        if (auto ok = WriteFileAtomically(scratch / s.code / "meta.toml", text); !ok) { checked = ok; break; }
        auto info = detail::ReadMeta(scratch / s.code / "meta.toml", s.code);
        if (!info.ok()) {
            checked = MakeError(ErrorCode::kRejected, meta.string() + ": the new file would not load: " + info.error().message);
            break;
        }
        if (text != read.value()) originals[meta] = read.value(), contents[meta] = std::move(text);
    }
    std::error_code ec;
    fs::remove_all(scratch, ec);
    if (!checked) return MakeError(checked.error().code, checked.error().message + " Nothing was changed.");

    std::vector<fs::path> replaced;
    for (const auto& [path, text] : contents) {
        if (auto ok = WriteFileAtomically(path, text, faults); !ok) {
            for (const auto& done : replaced) (void)WriteFileAtomically(done, originals[done]);
            return MakeError(ok.error().code, ok.error().message + " Nothing was changed.");
        }
        replaced.push_back(path);
    }
    return {};
}

std::string KeyShape(std::string_view key) {
    static const std::set<std::string, std::less<>> kKinds = {"name", "description", "title", "question", "label", "summary"};
    std::vector<std::string_view> parts;
    for (size_t start = 0;;) {
        const size_t dot = key.find('.', start);
        parts.push_back(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    std::string shape(parts.front());
    for (size_t i = 1; i < parts.size(); ++i) {
        const bool kept = i + 1 == parts.size() && kKinds.contains(parts[i]);
        shape += "." + (kept ? std::string(parts[i]) : std::string("*"));
    }
    return shape;
}

std::vector<std::string> ScreensOf(const std::vector<KeyScreens>& map, std::string_view key) {
    auto find = [&map](std::string_view k) -> const KeyScreens* {
        auto it = std::lower_bound(map.begin(), map.end(), k, [](const KeyScreens& e, std::string_view v) { return e.key < v; });
        return it != map.end() && it->key == k ? &*it : nullptr;
    };
    if (const KeyScreens* own = find(key)) return own->screens;
    if (const KeyScreens* shape = find(KeyShape(key))) return shape->screens;
    return {};
}

Result<std::vector<KeyScreens>> ReadKeyScreens(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::vector<KeyScreens>{};
    auto text = ReadCatalogueFile(file);
    if (!text.ok()) return text.error();
    toml::table table;
    try {
        table = toml::parse(text.value(), file.string());
    } catch (const toml::parse_error& error) {
        return MakeError(ErrorCode::kCorrupt, file.string() + " line " + std::to_string(error.source().begin.line) +
                                                  ": " + std::string(error.description()));
    }
    std::vector<KeyScreens> map;
    for (const auto& [key, node] : table) {
        const toml::array* screens = node.as_array();
        KeyScreens entry{std::string(key.str()), {}};
        if (screens != nullptr) {
            for (const toml::node& s : *screens)
                if (auto v = s.value<std::string>()) entry.screens.push_back(*v);
        }
        if (screens == nullptr || entry.screens.size() != screens->size())
            return MakeError(ErrorCode::kCorrupt, file.string() + " line " +
                                                      std::to_string(node.source().begin.line) + ", key \"" +
                                                      entry.key + "\": screens must be a list of strings.");
        map.push_back(std::move(entry));
    }
    std::sort(map.begin(), map.end(), [](const KeyScreens& a, const KeyScreens& b) { return a.key < b.key; });
    return map;
}

std::string KeyScreensText(const std::vector<KeyScreens>& map) {
    std::vector<const KeyScreens*> sorted;
    for (const auto& entry : map) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->key < b->key; });
    std::string out =
        "# Where each message is seen: \"<role>/<screen>\" of the gallery. Generated by\n"
        "#   anlaufstelle-ctl gallery --key-map i18n/catalogs/screens.toml\n"
        "# (the keys each screen formatted); the administrator's translation editor reads it.\n";
    for (const KeyScreens* entry : sorted) {
        out += Quoted(entry->key) + " = [";
        for (size_t i = 0; i < entry->screens.size(); ++i) out += (i ? ", " : "") + Quoted(entry->screens[i]);
        out += "]\n";
    }
    return out;
}

}  // namespace anl::messages
