// sync client: configuration down. Fetch the site's configuration when the central names a
// newer version, validate it with the terminal's own loaders, apply it to the store in one
// transaction and refresh "<store>.config/". See client.h section 6 and docs/SYNC.md.
#include <system_error>

#include "i18n/messages/messages.h"
#include "sync/client/client.h"
#include "sync/client/store_lock.h"
#include "sync/config/config.h"

namespace anl::sync {
namespace fs = std::filesystem;
namespace {

constexpr int kConfigTimeoutMs = 30'000;  // a configuration is up to a few MiB

// The store keeps files under the directory layout's paths ("catalogue/offices.toml").
std::vector<std::pair<std::string, std::string>> StoreFiles(const SiteConfig& config) {
    std::vector<std::pair<std::string, std::string>> files;
    for (const auto& f : config.catalogue) files.emplace_back(std::string(config::kCatalogueDir) + "/" + f.path, f.text);
    for (const auto& f : config.translations)
        files.emplace_back(std::string(config::kTranslationsDir) + "/" + f.path, f.text);
    if (!config.hours.empty()) files.emplace_back(config::kHoursFile, config.hours);
    return files;
}

SiteConfig FromStoreFiles(const store::SiteConfigRecord& record) {
    SiteConfig config;
    config.version = record.version;
    config.published_us = record.published_us;
    const std::string catalogue_prefix = std::string(config::kCatalogueDir) + "/";
    const std::string translations_prefix = std::string(config::kTranslationsDir) + "/";
    for (const auto& [path, text] : record.files) {
        if (path.rfind(catalogue_prefix, 0) == 0) config.catalogue.push_back({path.substr(catalogue_prefix.size()), text});
        else if (path.rfind(translations_prefix, 0) == 0)
            config.translations.push_back({path.substr(translations_prefix.size()), text});
        else if (path == config::kHoursFile) config.hours = text;
    }
    return config;
}

// Writes the new directory beside the old one and swaps them, so a reader sees the old
// files or the new ones. The store is the truth: a crash here is healed by
// RestoreAppliedConfigDir.
Status WriteAppliedDir(const fs::path& store_path, const SiteConfig& config) {
    fs::path dir = AppliedConfigDir(store_path);
    fs::path fresh = dir.string() + ".new";
    fs::path old = dir.string() + ".old";
    std::error_code ec;
    fs::remove_all(fresh, ec);
    if (auto ok = config::WriteConfigDir(config, fresh); !ok) return ok;
    fs::remove_all(old, ec);
    if (fs::exists(dir, ec)) fs::rename(dir, old, ec);
    fs::rename(fresh, dir, ec);
    if (ec) return MakeError(ErrorCode::kStorage, "Cannot put the configuration in place at " + dir.string() + ".");
    fs::remove_all(old, ec);
    return {};
}

}  // namespace

fs::path AppliedConfigDir(const fs::path& store_path) { return fs::path(store_path.string() + ".config"); }

Result<ConfigPublished> PublishConfig(Transport& transport, const std::string& token, const ConfigPublish& publish) {
    return ExpectAnswer<ConfigPublished>(
        transport.Send({"POST", std::string(kPathAdminConfig), token, Encode(publish), kConfigTimeoutMs}));
}

Result<ConfigVersions> ListConfigVersions(Transport& transport, const std::string& token, const std::string& site) {
    if (!IsValidId(site)) return MakeError(ErrorCode::kInvalidInput, "A site id holds only letters, digits, '.', '_' and '-'.");
    return ExpectAnswer<ConfigVersions>(
        transport.Send({"GET", std::string(kPathAdminConfig) + "?site=" + site, token, "", kConfigTimeoutMs}));
}

namespace {

Result<Credentials> AdminTerminal(const fs::path& store_path) {
    auto journal = Journal::Load(store_path);
    if (!journal.ok()) return journal.error();
    if (!journal->enrolled() || journal->credentials().role != Role::kAdmin)
        return MakeError(ErrorCode::kInvalidInput, "This terminal is not enrolled as an admin terminal with the central "
                                                   "service; enrol it (anlaufstelle-ctl sync enroll) to publish.");
    return journal->credentials();
}

}  // namespace

Result<ConfigPublished> PublishAsAdminTerminal(const fs::path& store_path, ConfigPublish publish) {
    auto terminal = AdminTerminal(store_path);
    if (!terminal.ok()) return terminal.error();
    if (publish.site.empty()) publish.site = terminal->site;
    auto transport = MakeCurlTransport(terminal->central_url, terminal->ca_file);
    return PublishConfig(*transport, terminal->token, publish);
}

Result<ConfigVersions> ConfigVersionsAsAdminTerminal(const fs::path& store_path) {
    auto terminal = AdminTerminal(store_path);
    if (!terminal.ok()) return terminal.error();
    auto transport = MakeCurlTransport(terminal->central_url, terminal->ca_file);
    return ListConfigVersions(*transport, terminal->token, terminal->site);
}

Result<SiteConfig> FetchConfig(Transport& transport, const std::string& device_token) {
    return ExpectAnswer<SiteConfig>(transport.Send({"GET", std::string(kPathConfig), device_token, "", kConfigTimeoutMs}));
}

Status ApplyConfig(store::Store& store, const SiteConfig& config, Micros now, std::mutex* store_mutex) {
    // Validated again here: the terminal's loaders decide what it can use, not the central's.
    auto checked = config::Validate(config);
    if (!checked.ok()) return checked.error();
    store::SiteConfigRecord record;
    record.version = config.version;
    record.published_us = config.published_us;
    record.applied_us = now;
    record.catalogue = checked->catalogue;
    record.files = StoreFiles(config);
    if (config.staff) {
        record.staff.emplace();
        for (const auto& r : *config.staff) {
            core::Staff member{r.number, r.name, r.pin_hash, 0, 0};
            auto roles = core::ParseStaffRoles(r.roles);  // checked by the protocol's decoder
            if (roles.ok()) member.roles = std::move(roles).value();
            record.staff->push_back(std::move(member));
        }
    }
    StoreLock lock(store_mutex);
    if (store.initialised() && store.site().site_id != config.site && !config.site.empty())
        return MakeError(ErrorCode::kRejected, "The configuration is for site \"" + config.site +
                                                   "\" but this terminal belongs to site \"" + store.site().site_id + "\".");
    if (auto ok = store.ApplySiteConfig(record); !ok) return ok;
    return WriteAppliedDir(store.path(), config);
}

Status RestoreAppliedConfigDir(const store::Store& store) {
    auto record = store.AppliedSiteConfig();
    if (!record.ok()) return record.error();
    if (record->version == 0) return {};
    return WriteAppliedDir(store.path(), FromStoreFiles(record.value()));
}

ConfigLoaderDirs LoaderDirsFor(const fs::path& store_path) {
    fs::path dir = AppliedConfigDir(store_path);
    std::error_code ec;
    ConfigLoaderDirs dirs{catalogue::DefaultCatalogueDir(), messages::Messages::DefaultDir(), {}};
    if (fs::is_directory(dir / config::kCatalogueDir, ec)) dirs.catalogue = dir / config::kCatalogueDir;
    if (fs::is_directory(dir / config::kTranslationsDir, ec)) dirs.translations = dir / config::kTranslationsDir;
    if (fs::exists(dir / config::kHoursFile, ec)) dirs.hours = dir / config::kHoursFile;
    return dirs;
}

Status SyncEngine::UpdateConfig(RoundSummary& summary) {
    if (applied_config_version_ < 0) {
        StoreLock lock(store_mutex_);
        auto applied = store_.AppliedSiteConfig();
        if (!applied.ok()) return applied.error();
        applied_config_version_ = applied->version;
        // A crash between the store's commit and the directory swap: the store is the truth.
        std::error_code ec;
        if (applied->version > 0 && !fs::exists(AppliedConfigDir(store_.path()), ec))
            if (auto restored = RestoreAppliedConfigDir(store_); !restored.ok()) return restored.error();
    }
    if (central_config_version_ <= applied_config_version_ || central_config_version_ == refused_config_version_)
        return {};
    auto config = FetchConfig(transport_, journal_.credentials().token);
    if (!config.ok()) return config.error();
    if (config->version <= applied_config_version_) return {};  // answered by an older instance
    auto applied = ApplyConfig(store_, config.value(), clock_.NowUtcMicros(), store_mutex_);
    if (!applied.ok()) {
        if (applied.error().code == ErrorCode::kStorage || applied.error().code == ErrorCode::kCorrupt)
            return applied.error();  // the disk, not the configuration: try again next round
        // The old configuration stays; this version is not fetched again until a newer one.
        refused_config_version_ = config->version;
        summary.config_error = "Configuration version " + std::to_string(config->version) +
                               " was not applied: " + applied.error().message;
        return {};
    }
    applied_config_version_ = config->version;
    summary.config_applied = config->version;
    return {};
}

}  // namespace anl::sync
