// config_reload: a terminal shows the configuration its sync worker applied (catalogue and
// translations handed down by the central) without restarting. The reloader notices a newer
// applied version in the sync status, loads its files on a worker thread (never the UI
// thread), and hands the loaded configuration to the UI thread through its inbox; the
// terminal swaps it in when nobody is mid-way (terminal.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>

#include "i18n/messages/messages.h"
#include "kiosk/app/worker.h"
#include "kiosk/catalogue/catalogue.h"
#include "sync/client/client.h"

namespace anl::app {

struct LoadedConfig {
    std::int64_t version = 0;
    catalogue::Catalogue catalogue;
    messages::Messages messages;
    catalogue::SiteHours hours;  // the applied hours.toml (none: empty)
};

class ConfigReloader {
public:
    // `store_path`: the terminal's store, whose applied configuration lives beside it
    // (sync::LoaderDirsFor). `on_error`: a configuration that does not load (kept: the
    // terminal goes on with what it shows), on the UI thread.
    ConfigReloader(std::filesystem::path store_path, UiInbox& inbox, std::function<void(Error)> on_error);
    ~ConfigReloader();  // waits for a load in progress
    ConfigReloader(const ConfigReloader&) = delete;
    ConfigReloader& operator=(const ConfigReloader&) = delete;

    // UI thread, with each sync status. The first one tells what the terminal loaded at
    // start; a later, newer config_version starts loading it.
    void Notice(const sync::SyncStatus& status);
    // UI thread: the loaded configuration, once, or nullptr when none is ready.
    std::shared_ptr<LoadedConfig> Take();

private:
    std::filesystem::path store_path_;
    UiInbox& inbox_;
    std::function<void(Error)> on_error_;
    std::int64_t shown_version_ = -1;  // -1: no status seen yet
    bool loading_ = false;
    std::shared_ptr<LoadedConfig> ready_;
    Worker worker_;  // last: joined first, before the members its jobs use
};

}  // namespace anl::app
