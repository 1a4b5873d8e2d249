// site config: a site's configuration (catalogue, translations, opening hours, staff) as the
//   protocol carries it, checked with the terminal's own loaders.
//   Owns: reading an administrator's directories and files into a publication, merging a
//   publication into the site's current configuration, filtering it for a receiving role,
//   writing it to a directory, and validation with catalogue::LoadCatalogue,
//   messages::Messages::Load and catalogue::ParseSiteHours. The central service validates
//   with it before it stores a version; the sync client validates again before it applies one.
//   Must never: speak SQL or HTTP, or see a PIN (staff travel as argon2id hashes).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "sync/protocol/protocol.h"

namespace anl::sync::config {

// Layout of a configuration written to a directory (WriteConfigDir, and the terminal's
// applied copy "<store>.config/"):
//   catalogue/*.toml      the catalogue directory (catalogue::LoadCatalogue)
//   translations/<lang>/  i18n/catalogs (messages::Messages::Load)
//   hours.toml            the site's opening hours and closed days (catalogue::ParseSiteHours)
inline constexpr const char* kCatalogueDir = "catalogue";
inline constexpr const char* kTranslationsDir = "translations";
inline constexpr const char* kHoursFile = "hours.toml";

// The *.toml files directly inside a catalogue directory, sorted by name.
Result<std::vector<ConfigFile>> ReadCatalogueDir(const std::filesystem::path& dir);
// The <lang>/*.toml files of a translations directory (like i18n/catalogs), sorted.
Result<std::vector<ConfigFile>> ReadTranslationsDir(const std::filesystem::path& dir);
// A staff file: [[staff]] number = "...", name = "...", pin_hash = "$argon2id$..." (never a PIN),
// roles = ["administrator", "desk"] (optional; without it the member is desk staff).
Result<std::vector<StaffRecord>> ReadStaffFile(const std::filesystem::path& file);
// Reads one small text file whole (hours.toml).
Result<std::string> ReadTextFile(const std::filesystem::path& file);

// What an administrator publishes, by path; an empty path leaves that part out (the site
// keeps its current one).
struct PublishSources {
    std::filesystem::path catalogue_dir;     // *.toml, like assets/catalogue
    std::filesystem::path translations_dir;  // <lang>/*.toml, like i18n/catalogs
    std::filesystem::path hours_file;        // hours.toml
    std::filesystem::path staff_file;        // [[staff]] with argon2id hashes
};
// What the administration's Publish sends: the catalogue directory edited, the translations, and
// the site's hours.toml beside the catalogue directory when there is one
// (catalogue::SiteHoursFileFor: a published configuration's layout).
PublishSources EditedSources(const std::filesystem::path& catalogue_dir, const std::filesystem::path& translations_dir);
// Reads the named parts into a publication for `site`: every file UTF-8 (a bad byte is named
// in its file), staff numbers and names single lines, at least one part named. The one reader
// behind `anlaufstelle-ctl config publish` and the administration's Publish (publication.cpp).
Result<ConfigPublish> ReadPublication(const std::string& site, const PublishSources& sources);

// The site's next version: the parts of `publish` replace those of `current`, the rest stays.
SiteConfig Merge(const std::optional<SiteConfig>& current, const ConfigPublish& publish, std::int64_t version,
                 Micros published_us);

// What a device of `role` receives: staff records only for desks and administrators.
SiteConfig FilterForRole(SiteConfig config, Role role);

// What validation found, for the caller to use (the terminal applies the parsed catalogue).
struct Checked {
    std::optional<catalogue::Catalogue> catalogue;  // set when the config has a catalogue
    std::optional<catalogue::SiteHours> hours;      // set when the config has hours
    int languages = 0;                              // languages in the translations (0: none)
};
// Writes the config to a fresh temporary directory and loads every part with the terminal's
// loaders. An error is one sentence naming the file and line as published
// ("catalogue/services.toml:12: ...").
Result<Checked> Validate(const SiteConfig& config);

// Writes the config into `dir` (created; existing files of the layout are replaced).
Status WriteConfigDir(const SiteConfig& config, const std::filesystem::path& dir);

}  // namespace anl::sync::config
