// anlaufstelle-ctl init: creates (or updates) a terminal's store from a catalogue.
//
//   init [--catalogue DIR] [--site ID] [--device ID] [--slot N] [--role ROLE] [--time-zone TZ]
//
// The slot decides the device's ticket-number blocks (docs/ctl.md): every device of a site
// that issues tickets needs its own slot (0-9). Running init again updates the catalogue.
#include <iostream>

#include "kiosk/base/role.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ctl/store_session.h"

namespace {
struct InitOptions {
    std::string catalogue_dir;
    std::string site = "site-1";
    std::string device;  // "" : "<role>-1" ("kiosk-1", "admin-1" ...)
    int slot = 0;
    std::string role = "kiosk";
    std::string time_zone = "Europe/Berlin";
};
}  // namespace

ANL_CTL_COMMANDS(Init) {
    auto opts = std::make_shared<InitOptions>();
    auto* cmd = app.add_subcommand("init", "Create or update the store: site, catalogue and this device");
    cmd->add_option("--catalogue", opts->catalogue_dir, "Catalogue directory (default: the shipped one)");
    cmd->add_option("--site", opts->site, "Site id")->capture_default_str();
    cmd->add_option("--device", opts->device, "This device's id (default: ROLE-1, e.g. kiosk-1)");
    cmd->add_option("--slot", opts->slot, "Ticket-number slot of this device, unique per site (0-9)")
        ->capture_default_str();
    cmd->add_option("--role", opts->role, "kiosk, desk, board or admin (an operator's store)")
        ->check(CLI::IsMember({"kiosk", "desk", "board", "admin"}))
        ->capture_default_str();
    cmd->add_option("--time-zone", opts->time_zone, "The site's IANA time zone (local day for numbering)")
        ->capture_default_str();
    cmd->callback([&ctx, opts] {
        std::filesystem::path dir =
            opts->catalogue_dir.empty() ? anl::catalogue::DefaultCatalogueDir() : std::filesystem::path(opts->catalogue_dir);
        auto catalogue = anl::catalogue::LoadCatalogue(dir);
        if (!catalogue.ok()) {
            anl::ctl::Fail(ctx, catalogue.error());
            return;
        }
        auto session = anl::ctl::OpenStore(ctx, /*create=*/true, /*need_site=*/false);
        if (!session) return;
        // An admin store named "kiosk-1" would sign its audit entries as a kiosk's.
        if (opts->device.empty()) opts->device = opts->role + "-1";
        anl::store::SiteSettings site;
        site.site_id = opts->site;
        site.rules.time_zone = opts->time_zone;
        anl::core::Device self{opts->device, opts->site, opts->slot, anl::ParseRole(opts->role).value()};  // checked by IsMember
        if (auto ok = session->store->Initialise(site, *catalogue, self); !ok) {
            anl::ctl::Fail(ctx, ok.error());
            return;
        }
        const auto& c = session->store->catalogue();
        if (ctx.json) {
            anl::ctl::PrintJson({{"db", ctx.db_path},
                                 {"site", opts->site},
                                 {"device", opts->device},
                                 {"slot", opts->slot},
                                 {"time_zone", opts->time_zone},
                                 {"offices", c.offices.size()},
                                 {"services", c.services.size()},
                                 {"schema", anl::store::SchemaVersion()}});
        } else {
            std::cout << "Initialised " << ctx.db_path << ": site " << opts->site << ", device " << opts->device
                      << " (slot " << opts->slot << "), " << c.offices.size() << " offices, " << c.services.size()
                      << " services, time zone " << opts->time_zone << ".\n";
        }
    });
}
