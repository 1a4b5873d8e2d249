// anlaufstelle-ctl config: publish a site's configuration to the central service, check it
// first, make PIN hashes for the staff file, and show what a terminal has applied.
//
//   --central URL config publish --site S [--catalogue DIR] [--translations DIR] [--hours FILE]
//                                [--staff FILE] [--admin-token-file F] [--ca FILE] [--as N --as-pin PIN]
//   --central URL config versions --site S [--admin-token-file F]
//   --central URL config rollback --site S --to VERSION [--admin-token-file F] [--as N --as-pin PIN]
//   config check [--catalogue DIR] [--translations DIR] [--hours FILE] [--staff FILE]
//   config hash-pin            (reads the PIN from stdin; prints the argon2id hash for the staff file)
//   --db PATH config show      (the applied version and its files)
//
// publish authenticates with the admin token (--admin-token-file or ANL_ADMIN_TOKEN) or, when
// neither is given, with the token of the --db terminal if it is enrolled as an admin device.
#include <ctime>
#include <iostream>
#include <optional>
#include <string>

#include "kiosk/ctl/store_session.h"
#include "sync/client/client.h"
#include "sync/config/config.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;
namespace sync = anl::sync;

struct ConfigOptions {
    std::string site;
    std::string catalogue_dir;
    std::string translations_dir;
    std::string hours_file;
    std::string staff_file;
    std::string admin_token_file;
    std::string ca_file;
    std::string as;      // the staff member who publishes (docs/ROLES.md)
    std::string as_pin;
    std::int64_t rollback_to = 0;
};

// Reads the parts named on the command line (sync::config::ReadPublication); parts not named
// stay absent (publish keeps the site's current ones).
anl::Result<sync::ConfigPublish> ReadParts(const ConfigOptions& o) {
    return sync::config::ReadPublication(o.site, {o.catalogue_dir, o.translations_dir, o.hours_file, o.staff_file});
}

// The token a publication or rollback goes with (the admin token, else the --db terminal's
// when it is an enrolled admin terminal) and, with --as, the staff member signed in and
// checked on that terminal first (refusals audited there); the central checks the same rights
// against the site's staff list (by_staff). Nothing when Fail has said why.
std::optional<std::string> PublisherToken(anl::ctl::Context& ctx, const ConfigOptions& o, bool staff_changes,
                                          std::optional<std::string>& by_staff) {
    auto token = sync::AdminTokenFrom(o.admin_token_file);
    if (!token.ok()) {
        auto journal = sync::Journal::Load(ctx.db_path);
        if (!journal.ok() || !journal->enrolled() || journal->credentials().role != sync::Role::kAdmin) {
            anl::ctl::Fail(ctx, token.error());
            return std::nullopt;
        }
        token = journal->credentials().token;
    }
    if (!o.as.empty()) {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return std::nullopt;
        std::string pin = o.as_pin.empty() ? "-" : o.as_pin;
        if (pin == "-") {
            std::getline(std::cin, pin);
            while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n')) pin.pop_back();
        }
        if (auto signed_in = session->store->SignIn(o.as, pin); !signed_in.ok()) {
            anl::ctl::Fail(ctx, signed_in.error());
            return std::nullopt;
        }
        if (auto ok = session->store->Authorise(o.as, anl::core::Right::kPublishConfig, "config_publish"); !ok) {
            anl::ctl::Fail(ctx, ok.error());
            return std::nullopt;
        }
        if (staff_changes)
            if (auto ok = session->store->Authorise(o.as, anl::core::Right::kManageStaff, "config_publish"); !ok) {
                anl::ctl::Fail(ctx, ok.error());
                return std::nullopt;
            }
        by_staff = o.as;
    }
    return token.value();
}

// A moment as "2026-12-06T16:05:00Z".
std::string UtcTime(anl::Micros us) {
    std::time_t seconds = static_cast<std::time_t>(us / anl::kMicrosPerSecond);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void AddPublisherOptions(CLI::App* cmd, ConfigOptions& o) {
    cmd->add_option("--admin-token-file", o.admin_token_file, "File holding the administrator's token");
    cmd->add_option("--ca", o.ca_file, "For https: trust only the CA certificate(s) in this PEM file");
    cmd->add_option("--as", o.as, "Act as this staff number of the --db admin terminal (needs publish_config)");
    cmd->add_option("--as-pin", o.as_pin, "The PIN of --as, or - to read it from stdin");
}

void AddPartOptions(CLI::App* cmd, ConfigOptions& o) {
    cmd->add_option("--catalogue", o.catalogue_dir, "A catalogue directory (*.toml, like assets/catalogue)");
    cmd->add_option("--translations", o.translations_dir, "A translations directory (<lang>/*.toml, like i18n/catalogs)");
    cmd->add_option("--hours", o.hours_file, "An hours.toml: hours = [\"mon-fri 08:00-12:00\"], closed = [\"2026-12-25\"]");
    cmd->add_option("--staff", o.staff_file, "A staff file: [[staff]] number, name, pin_hash (argon2id, never a PIN)");
}

}  // namespace

ANL_CTL_COMMANDS(Config) {
    auto opts = std::make_shared<ConfigOptions>();
    auto* config = app.add_subcommand("config", "Hand a site's catalogue, translations, hours and staff down to its terminals");
    config->require_subcommand(1);

    // --- publish ----------------------------------------------------------------------------
    auto* publish = config->add_subcommand("publish", "Publish a new configuration version for a site");
    publish->add_option("--site", opts->site, "The site whose terminals receive it")->required();
    AddPartOptions(publish, *opts);
    AddPublisherOptions(publish, *opts);
    publish->callback([&ctx, opts] {
        if (ctx.central_url.empty())
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput,
                                                       "Say which central service: --central http://HOST:PORT."));
        auto parts = ReadParts(*opts);
        if (!parts.ok()) return (void)anl::ctl::Fail(ctx, parts.error());
        auto token = PublisherToken(ctx, *opts, parts->staff.has_value(), parts->by_staff);
        if (!token) return;
        auto transport = sync::MakeCurlTransport(ctx.central_url, opts->ca_file);
        auto published = sync::PublishConfig(*transport, *token, parts.value());
        if (!published.ok()) return (void)anl::ctl::Fail(ctx, published.error());
        if (ctx.json) anl::ctl::PrintJson({{"site", published->site}, {"version", published->version}});
        else
            std::cout << "Published configuration version " << published->version << " for site " << published->site
                      << "; its terminals apply it at their next sync.\n";
    });

    // --- versions -----------------------------------------------------------------------------
    auto* versions = config->add_subcommand("versions", "List the configuration versions the central keeps for a site");
    versions->add_option("--site", opts->site, "The site")->required();
    versions->add_option("--admin-token-file", opts->admin_token_file, "File holding the administrator's token");
    versions->add_option("--ca", opts->ca_file, "For https: trust only the CA certificate(s) in this PEM file");
    versions->callback([&ctx, opts] {
        if (ctx.central_url.empty())
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput,
                                                       "Say which central service: --central http://HOST:PORT."));
        ConfigOptions o = *opts;
        o.as.clear();  // reading needs no staff member
        std::optional<std::string> unused;
        auto token = PublisherToken(ctx, o, false, unused);
        if (!token) return;
        auto transport = sync::MakeCurlTransport(ctx.central_url, opts->ca_file);
        auto listed = sync::ListConfigVersions(*transport, *token, opts->site);
        if (!listed.ok()) return (void)anl::ctl::Fail(ctx, listed.error());
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : listed->versions)
            out.push_back({{"version", v.version},
                           {"published_us", v.published_us},
                           {"catalogue_files", v.catalogue_files},
                           {"translation_files", v.translation_files},
                           {"hours", v.hours},
                           {"staff", v.staff}});
        if (ctx.json) return anl::ctl::PrintJson({{"site", listed->site}, {"versions", out}});
        if (listed->versions.empty()) std::cout << "No configuration has been published for site " << listed->site << ".\n";
        for (const auto& v : listed->versions)
            std::cout << "version " << v.version << "  published " << UtcTime(v.published_us) << "  catalogue "
                      << v.catalogue_files << " files, translations " << v.translation_files << " files, hours "
                      << (v.hours ? "yes" : "no") << ", staff " << (v.staff < 0 ? std::string("none") : std::to_string(v.staff))
                      << "\n";
    });

    // --- rollback -----------------------------------------------------------------------------
    auto* rollback = config->add_subcommand(
        "rollback", "Publish an earlier version's catalogue, translations and hours again, as a new version");
    rollback->add_option("--site", opts->site, "The site")->required();
    rollback->add_option("--to", opts->rollback_to, "The earlier version (see config versions)")->required();
    AddPublisherOptions(rollback, *opts);
    rollback->callback([&ctx, opts] {
        if (ctx.central_url.empty())
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput,
                                                       "Say which central service: --central http://HOST:PORT."));
        sync::ConfigPublish publish;
        publish.site = opts->site;
        publish.rollback_to = opts->rollback_to;
        auto token = PublisherToken(ctx, *opts, false, publish.by_staff);
        if (!token) return;
        auto transport = sync::MakeCurlTransport(ctx.central_url, opts->ca_file);
        auto published = sync::PublishConfig(*transport, *token, publish);
        if (!published.ok()) return (void)anl::ctl::Fail(ctx, published.error());
        if (ctx.json) anl::ctl::PrintJson({{"site", published->site}, {"version", published->version}, {"rolled_back_to", opts->rollback_to}});
        else
            std::cout << "Published version " << opts->rollback_to << "'s content again as configuration version "
                      << published->version << " for site " << published->site
                      << "; its terminals apply it at their next sync.\n";
    });

    // --- check ------------------------------------------------------------------------------
    auto* check = config->add_subcommand("check", "Validate configuration parts as the central and the terminals will");
    AddPartOptions(check, *opts);
    check->callback([&ctx, opts] {
        ConfigOptions o = *opts;
        o.site = "check";
        auto parts = ReadParts(o);
        if (!parts.ok()) return (void)anl::ctl::Fail(ctx, parts.error());
        auto whole = sync::config::Merge(std::nullopt, parts.value(), 1, 0);
        auto checked = sync::config::Validate(whole);
        if (!checked.ok()) return (void)anl::ctl::Fail(ctx, checked.error());
        nlohmann::json out = {{"ok", true},
                              {"catalogue_files", whole.catalogue.size()},
                              {"translation_files", whole.translations.size()},
                              {"languages", checked->languages},
                              {"hours", !whole.hours.empty()},
                              {"staff", whole.staff ? whole.staff->size() : 0}};
        if (ctx.json) anl::ctl::PrintJson(out);
        else std::cout << "The configuration is valid: " << out.dump() << "\n";
    });

    // --- hash-pin ---------------------------------------------------------------------------
    auto* hash = config->add_subcommand("hash-pin", "Read a PIN from stdin and print its argon2id hash for a staff file");
    hash->callback([&ctx] {
        std::string pin;
        std::getline(std::cin, pin);
        while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n')) pin.pop_back();
        auto hashed = anl::core::HashPin(pin);
        if (!hashed.ok()) return (void)anl::ctl::Fail(ctx, hashed.error());
        if (ctx.json) anl::ctl::PrintJson({{"pin_hash", hashed.value()}});
        else std::cout << hashed.value() << "\n";
    });

    // --- show -------------------------------------------------------------------------------
    auto* show = config->add_subcommand("show", "Show the configuration this terminal has applied");
    show->callback([&ctx] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto applied = session->store->AppliedSiteConfig();
        if (!applied.ok()) return (void)anl::ctl::Fail(ctx, applied.error());
        nlohmann::json files = nlohmann::json::array();
        for (const auto& [path, text] : applied->files) files.push_back({{"path", path}, {"bytes", text.size()}});
        nlohmann::json out = {{"version", applied->version},
                              {"published_us", applied->published_us},
                              {"applied_us", applied->applied_us},
                              {"files", files},
                              {"staff", applied->staff ? static_cast<long>(applied->staff->size()) : -1},
                              {"directory", sync::AppliedConfigDir(ctx.db_path).string()}};
        if (ctx.json) {
            anl::ctl::PrintJson(out);
        } else if (applied->version == 0) {
            std::cout << "No configuration received from the central service yet.\n";
        } else {
            std::cout << "Configuration version " << applied->version << " (" << applied->files.size() << " files"
                      << (applied->staff ? ", " + std::to_string(applied->staff->size()) + " staff" : std::string())
                      << "), files in " << out["directory"].get<std::string>() << "\n";
        }
    });
}
