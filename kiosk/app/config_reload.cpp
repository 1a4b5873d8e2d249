#include "kiosk/app/config_reload.h"

#include <utility>

namespace anl::app {

ConfigReloader::ConfigReloader(std::filesystem::path store_path, UiInbox& inbox, std::function<void(Error)> on_error)
    : store_path_(std::move(store_path)), inbox_(inbox), on_error_(std::move(on_error)) {}

ConfigReloader::~ConfigReloader() = default;

void ConfigReloader::Notice(const sync::SyncStatus& status) {
    if (shown_version_ < 0) {
        shown_version_ = status.config_version;
        return;
    }
    // One load at a time; a version that arrives meanwhile is noticed with the next status.
    if (status.config_version <= shown_version_ || loading_) return;
    shown_version_ = status.config_version;
    loading_ = true;
    const std::int64_t version = status.config_version;
    worker_.Post([this, version] {
        const sync::ConfigLoaderDirs dirs = sync::LoaderDirsFor(store_path_);
        auto cat = catalogue::LoadCatalogue(dirs.catalogue);
        auto msgs = messages::Messages::Load(dirs.translations);
        // The site's hours (the administration's Opening hours tab shows them); none published: none.
        auto hours = dirs.hours.empty() ? Result<catalogue::SiteHours>(catalogue::SiteHours{}) : catalogue::LoadSiteHours(dirs.hours);
        if (!cat || !msgs || !hours) {
            inbox_.Post([this, e = !cat ? cat.error() : !msgs ? msgs.error() : hours.error()] {
                loading_ = false;
                on_error_(e);
            });
            return;
        }
        auto loaded = std::make_shared<LoadedConfig>(
            LoadedConfig{version, std::move(cat.value()), std::move(msgs.value()), std::move(hours.value())});
        inbox_.Post([this, loaded] {
            loading_ = false;
            ready_ = loaded;
        });
    });
}

std::shared_ptr<LoadedConfig> ConfigReloader::Take() { return std::exchange(ready_, nullptr); }

}  // namespace anl::app
