// anlaufstelle-ctl config: publish a site's configuration to the central service, check it
// first, make PIN hashes for the staff file, and show what a terminal has applied.
//
//   --central URL config publish --site S [--catalogue DIR] [--translations DIR] [--hours FILE]
//                                [--staff FILE] [--admin-token-file F] [--ca FILE] [--as N --as-pin PIN]
//   config check [--catalogue DIR] [--translations DIR] [--hours FILE] [--staff FILE]
//   config hash-pin            (reads the PIN from stdin; prints the argon2id hash for the staff file)
//   --db PATH config show      (the applied version and its files)
//
// publish authenticates with the admin token (--admin-token-file or ANL_ADMIN_TOKEN) or, when
// neither is given, with the token of the --db terminal if it is enrolled as an admin device.
#include <iostream>
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
};

// Reads the parts named on the command line; parts not named stay absent (publish keeps the
// site's current ones).
anl::Result<sync::ConfigPublish> ReadParts(const ConfigOptions& o) {
    sync::ConfigPublish publish;
    publish.site = o.site;
    if (!o.catalogue_dir.empty()) {
        auto files = sync::config::ReadCatalogueDir(o.catalogue_dir);
        if (!files.ok()) return files.error();
        publish.catalogue = std::move(files.value());
    }
    if (!o.translations_dir.empty()) {
        auto files = sync::config::ReadTranslationsDir(o.translations_dir);
        if (!files.ok()) return files.error();
        publish.translations = std::move(files.value());
    }
    if (!o.hours_file.empty()) {
        auto text = sync::config::ReadTextFile(o.hours_file);
        if (!text.ok()) return text.error();
        publish.hours = std::move(text.value());
    }
    if (!o.staff_file.empty()) {
        auto staff = sync::config::ReadStaffFile(o.staff_file);
        if (!staff.ok()) return staff.error();
        publish.staff = std::move(staff.value());
    }
    if (!publish.catalogue && !publish.translations && !publish.hours && !publish.staff)
        return MakeError(ErrorCode::kInvalidInput,
                         "Name at least one part: --catalogue DIR, --translations DIR, --hours FILE or --staff FILE.");
    // Every part goes into a JSON body: a byte that is not UTF-8 is named here, in the file
    // it came from, not thrown by the JSON library.
    auto utf8 = [](const std::string& text, const std::string& where) -> anl::Status {
        const std::size_t bad = anl::FindMalformedUtf8(text);
        if (bad == std::string::npos) return {};
        return MakeError(ErrorCode::kInvalidInput, where + ": byte " + std::to_string(bad + 1) +
                                                       " is not UTF-8; save the file as UTF-8.");
    };
    for (const auto* files : {&publish.catalogue, &publish.translations})
        if (*files)
            for (const auto& file : **files)
                if (auto ok = utf8(file.text, file.path); !ok) return ok.error();
    if (publish.hours)
        if (auto ok = utf8(*publish.hours, o.hours_file); !ok) return ok.error();
    if (publish.staff) {
        for (const auto& member : *publish.staff) {
            if (auto ok = anl::CheckInputText(member.number, anl::TextShape::kSingleLine, 200,
                                              o.staff_file + ": a staff number");
                !ok)
                return ok.error();
            if (auto ok = anl::CheckInputText(member.name, anl::TextShape::kSingleLine, 200,
                                              o.staff_file + ": the name of staff " + member.number);
                !ok)
                return ok.error();
        }
    }
    return publish;
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
    publish->add_option("--admin-token-file", opts->admin_token_file, "File holding the administrator's token");
    publish->add_option("--ca", opts->ca_file, "For https: trust only the CA certificate(s) in this PEM file");
    publish->add_option("--as", opts->as, "Publish as this staff number of the --db admin terminal (needs publish_config)");
    publish->add_option("--as-pin", opts->as_pin, "The PIN of --as, or - to read it from stdin");
    publish->callback([&ctx, opts] {
        if (ctx.central_url.empty())
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput,
                                                       "Say which central service: --central http://HOST:PORT."));
        auto parts = ReadParts(*opts);
        if (!parts.ok()) return (void)anl::ctl::Fail(ctx, parts.error());
        auto token = sync::AdminTokenFrom(opts->admin_token_file);
        if (!token.ok()) {
            // No admin token: an enrolled admin terminal may publish for its own site.
            auto journal = sync::Journal::Load(ctx.db_path);
            if (!journal.ok() || !journal->enrolled() || journal->credentials().role != sync::Role::kAdmin)
                return (void)anl::ctl::Fail(ctx, token.error());
            token = journal->credentials().token;
        }
        if (!opts->as.empty()) {
            // Signed in and checked on the admin terminal first (refusals audited there); the
            // central checks the same right against the site's staff list (by_staff).
            auto session = anl::ctl::OpenStore(ctx);
            if (!session) return;
            std::string pin = opts->as_pin.empty() ? "-" : opts->as_pin;
            if (pin == "-") {
                std::getline(std::cin, pin);
                while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n')) pin.pop_back();
            }
            if (auto signed_in = session->store->SignIn(opts->as, pin); !signed_in.ok())
                return (void)anl::ctl::Fail(ctx, signed_in.error());
            if (auto ok = session->store->Authorise(opts->as, anl::core::Right::kPublishConfig, "config_publish"); !ok)
                return (void)anl::ctl::Fail(ctx, ok.error());
            if (parts->staff)
                if (auto ok = session->store->Authorise(opts->as, anl::core::Right::kManageStaff, "config_publish"); !ok)
                    return (void)anl::ctl::Fail(ctx, ok.error());
            parts->by_staff = opts->as;
        }
        auto transport = sync::MakeCurlTransport(ctx.central_url, opts->ca_file);
        auto published = sync::PublishConfig(*transport, token.value(), parts.value());
        if (!published.ok()) return (void)anl::ctl::Fail(ctx, published.error());
        if (ctx.json) anl::ctl::PrintJson({{"site", published->site}, {"version", published->version}});
        else
            std::cout << "Published configuration version " << published->version << " for site " << published->site
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
