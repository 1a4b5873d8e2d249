// site config: read, merge, filter, write and validate a site's configuration (see config.h).
#include "sync/config/config.h"

#include <stdlib.h>  // mkdtemp

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "i18n/messages/messages.h"

namespace anl::sync::config {
namespace fs = std::filesystem;
namespace {

Error Invalid(std::string message) { return MakeError(ErrorCode::kInvalidInput, std::move(message)); }

Result<ConfigFile> ReadConfigFile(const fs::path& file, std::string relative) {
    std::error_code ec;
    auto size = fs::file_size(file, ec);
    if (ec) return MakeError(ErrorCode::kNotFound, "Cannot read " + file.string() + ".");
    if (size > kMaxConfigFileBytes)
        return Invalid(file.string() + " is larger than " + std::to_string(kMaxConfigFileBytes / 1024) +
                       " KiB, the limit for one configuration file.");
    auto text = ReadTextFile(file);
    if (!text.ok()) return text.error();
    return ConfigFile{std::move(relative), std::move(text.value())};
}

// A temporary directory removed when it goes out of scope.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "anl-config-XXXXXX").string();
        if (mkdtemp(pattern.data())) path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// The loaders name files by their full path; a person knows them by the published path.
std::string WithoutPrefix(std::string message, const fs::path& dir) {
    std::string prefix = dir.string() + "/";
    for (auto at = message.find(prefix); at != std::string::npos; at = message.find(prefix, at))
        message.erase(at, prefix.size());
    return message;
}

Status WriteFile(const fs::path& file, const std::string& text) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return MakeError(ErrorCode::kStorage, "Cannot write " + file.string() + ".");
    return {};
}

Status WriteFiles(const std::vector<ConfigFile>& files, const fs::path& dir, int max_depth) {
    for (const auto& f : files) {
        // Checked by the decoder already; checked again because this writes to disk.
        if (!IsValidConfigPath(f.path, max_depth))
            return Invalid("The configuration file name \"" + f.path + "\" is not a plain relative *.toml path.");
        if (auto ok = WriteFile(dir / f.path, f.text); !ok) return ok;
    }
    return {};
}

}  // namespace

Result<std::string> ReadTextFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kNotFound, "Cannot read " + file.string() + ".");
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxConfigFileBytes)
        return Invalid(file.string() + " is larger than " + std::to_string(kMaxConfigFileBytes / 1024) +
                       " KiB, the limit for one configuration file.");
    return text.str();
}

Result<std::vector<ConfigFile>> ReadCatalogueDir(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return MakeError(ErrorCode::kNotFound, dir.string() + " is not a directory.");
    std::vector<ConfigFile> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
        auto file = ReadConfigFile(entry.path(), entry.path().filename().string());
        if (!file.ok()) return file.error();
        files.push_back(std::move(file.value()));
    }
    if (files.empty()) return Invalid(dir.string() + " holds no *.toml catalogue files.");
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return files;
}

Result<std::vector<ConfigFile>> ReadTranslationsDir(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return MakeError(ErrorCode::kNotFound, dir.string() + " is not a directory.");
    std::vector<ConfigFile> files;
    for (const auto& lang : fs::directory_iterator(dir, ec)) {
        if (!lang.is_directory()) continue;
        for (const auto& entry : fs::directory_iterator(lang.path(), ec)) {
            if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
            auto file =
                ReadConfigFile(entry.path(), lang.path().filename().string() + "/" + entry.path().filename().string());
            if (!file.ok()) return file.error();
            files.push_back(std::move(file.value()));
        }
    }
    if (files.empty()) return Invalid(dir.string() + " holds no <language>/*.toml translation files.");
    if (files.size() > kMaxConfigFiles)
        return Invalid(dir.string() + " holds more than " + std::to_string(kMaxConfigFiles) + " files.");
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    return files;
}

Result<std::vector<StaffRecord>> ReadStaffFile(const fs::path& file) {
    auto text = ReadTextFile(file);
    if (!text.ok()) return text.error();
    toml::table root;
    try {
        root = toml::parse(text.value(), file.string());
    } catch (const toml::parse_error& e) {
        return Invalid(file.string() + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description()));
    }
    std::vector<StaffRecord> staff;
    const auto* list = root["staff"].as_array();
    if (!list) return Invalid(file.string() + " needs [[staff]] entries with number, name and pin_hash.");
    for (const auto& item : *list) {
        const auto* t = item.as_table();
        int line = static_cast<int>(item.source().begin.line);
        std::string where = file.string() + ":" + std::to_string(line) + ": ";
        if (!t) return Invalid(where + "write staff as [[staff]] entries.");
        StaffRecord r;
        for (const auto& [key, value] : *t) {
            std::string v = value.value<std::string>().value_or("");
            if (key.str() == "number") r.number = v;
            else if (key.str() == "name") r.name = v;
            else if (key.str() == "pin_hash") r.pin_hash = v;
            else if (key.str() == "roles") {
                // roles = ["administrator", "desk"] (docs/ROLES.md); without it: desk.
                const auto* words = value.as_array();
                std::string roles;
                for (std::size_t i = 0; words && i < words->size(); ++i)
                    roles += (i ? "," : "") + (*words)[i].value<std::string>().value_or("?");
                if (!words || !IsValidStaffRoles(roles))
                    return Invalid(where + "roles is a list of administrator, supervisor, desk and case_manager, "
                                           "each once, e.g. roles = [\"administrator\", \"desk\"].");
                r.roles = roles;
            } else
                return Invalid(where + "unknown field \"" + std::string(key.str()) +
                               "\" (number, name, pin_hash, roles; never a PIN).");
        }
        if (r.number.empty() || r.name.empty() || r.pin_hash.rfind("$argon2id$", 0) != 0)
            return Invalid(where + "each staff entry needs number, name and an argon2id pin_hash "
                                   "(make one with `anlaufstelle-ctl config hash-pin`).");
        staff.push_back(std::move(r));
    }
    return staff;
}

SiteConfig Merge(const std::optional<SiteConfig>& current, const ConfigPublish& publish, std::int64_t version,
                 Micros published_us) {
    SiteConfig next = current.value_or(SiteConfig{});
    next.site = publish.site;
    next.version = version;
    next.published_us = published_us;
    if (publish.catalogue) next.catalogue = *publish.catalogue;
    if (publish.translations) next.translations = *publish.translations;
    if (publish.hours) next.hours = *publish.hours;
    if (publish.staff) next.staff = *publish.staff;
    return next;
}

SiteConfig FilterForRole(SiteConfig config, Role role) {
    if (!RoleReceivesStaff(role)) config.staff.reset();
    return config;
}

Status WriteConfigDir(const SiteConfig& config, const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return MakeError(ErrorCode::kStorage, "Cannot create " + dir.string() + ".");
    fs::remove_all(dir / kCatalogueDir, ec);
    fs::remove_all(dir / kTranslationsDir, ec);
    fs::remove(dir / kHoursFile, ec);
    if (auto ok = WriteFiles(config.catalogue, dir / kCatalogueDir, 1); !ok) return ok;
    if (auto ok = WriteFiles(config.translations, dir / kTranslationsDir, 2); !ok) return ok;
    if (!config.hours.empty())
        if (auto ok = WriteFile(dir / kHoursFile, config.hours); !ok) return ok;
    return {};
}

Result<Checked> Validate(const SiteConfig& config) {
    Checked checked;
    if (!config.hours.empty()) {
        auto hours = catalogue::ParseSiteHours(config.hours, kHoursFile);
        if (!hours.ok()) return Invalid("Opening hours refused: " + hours.error().message);
        checked.hours = std::move(hours.value());
    }
    if (config.staff) {
        for (const auto& r : *config.staff)
            if (r.pin_hash.rfind("$argon2id$", 0) != 0)
                return Invalid("Staff number " + r.number + " has no argon2id PIN hash.");
    }
    if (config.catalogue.empty() && config.translations.empty()) return checked;
    ScratchDir scratch;
    if (scratch.path().empty()) return MakeError(ErrorCode::kStorage, "Cannot create a temporary directory.");
    SiteConfig files_only = config;
    files_only.hours.clear();
    if (auto ok = WriteConfigDir(files_only, scratch.path()); !ok) return ok.error();
    if (!config.catalogue.empty()) {
        auto loaded = catalogue::LoadCatalogue(scratch.path() / kCatalogueDir);
        if (!loaded.ok()) return Invalid("Catalogue refused: " + WithoutPrefix(loaded.error().message, scratch.path()));
        if (loaded->offices.empty()) return Invalid("Catalogue refused: it has no offices.");
        checked.catalogue = std::move(loaded.value());
    }
    if (!config.translations.empty()) {
        auto messages = messages::Messages::Load(scratch.path() / kTranslationsDir);
        if (!messages.ok())
            return Invalid("Translations refused: " + WithoutPrefix(messages.error().message, scratch.path()));
        // The terminal would start with a broken message skipped; a publication must be whole.
        if (!messages->Problems().empty()) {
            const auto& p = messages->Problems().front();
            std::string more = messages->Problems().size() > 1
                                   ? " (and " + std::to_string(messages->Problems().size() - 1) + " more)"
                                   : "";
            return Invalid("Translations refused: " + WithoutPrefix(p.message, scratch.path()) + more);
        }
        checked.languages = static_cast<int>(messages->Languages().size());
    }
    return checked;
}

}  // namespace anl::sync::config
