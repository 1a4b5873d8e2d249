// anlaufstelle-ctl sync, enroll and device: sync a terminal by hand, enrol it, and administer
// the central service's devices.
//
//   --central URL device add --site S --role kiosk|desk|board|admin [--name N] --admin-token-file F
//   --central URL device list | device revoke DEVICE           (DEVICE: an id, or #N for a registration)
//   --db PATH enroll --central URL --code CODE
//   --db PATH sync now | sync status
//   --db PATH sync run [--poll-ms N]   (the sync worker in the foreground until SIGINT/SIGTERM)
//
// The admin token comes from --admin-token-file or the ANL_ADMIN_TOKEN environment variable,
// never from the command line (it would show in `ps` and shell histories).
#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <mutex>

#include "kiosk/ctl/store_session.h"
#include "sync/client/client.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;
namespace sync = anl::sync;

struct DeviceOptions {
    std::string admin_token_file;
    std::string site;
    std::string role = "kiosk";
    std::string name;
    std::string device;
    std::string ca_file;
};

anl::Result<std::string> AdminToken(const std::string& file) { return sync::AdminTokenFrom(file); }

bool NeedCentral(anl::ctl::Context& ctx) {
    if (!ctx.central_url.empty()) return true;
    anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput, "Say which central service: --central http://HOST:PORT."));
    return false;
}

nlohmann::json DeviceJson(const sync::DeviceInfo& d) {
    return {{"registration", d.registration}, {"device", d.device},
            {"site", d.site},                 {"role", std::string(sync::RoleName(d.role))},
            {"name", d.name},                 {"state", std::string(sync::DeviceStateName(d.state))},
            {"acked_seq", d.acked_seq},       {"last_seen_us", d.last_seen_us}};
}

}  // namespace

ANL_CTL_COMMANDS(Sync) {
    // --- device add | list | revoke ------------------------------------------------------
    auto dev = std::make_shared<DeviceOptions>();
    auto* device = app.add_subcommand("device", "Register, list and revoke the central service's devices");
    device->require_subcommand(1);
    device->add_option("--admin-token-file", dev->admin_token_file, "File holding the administrator's token");
    device->add_option("--ca", dev->ca_file, "For https: trust only the CA certificate(s) in this PEM file");

    auto* add = device->add_subcommand("add", "Register a device and print its one-time enrolment code");
    add->add_option("--site", dev->site, "The site the device belongs to")->required();
    add->add_option("--role", dev->role, "kiosk, desk, board or admin")->capture_default_str();
    add->add_option("--name", dev->name, "A name for people, e.g. \"Counter 3\"");
    add->callback([&ctx, dev] {
        if (!NeedCentral(ctx)) return;
        auto token = AdminToken(dev->admin_token_file);
        if (!token.ok()) return (void)anl::ctl::Fail(ctx, token.error());
        auto role = sync::ParseRole(dev->role);
        if (!role) return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput, "--role must be kiosk, desk, board or admin."));
        auto transport = sync::MakeCurlTransport(ctx.central_url, dev->ca_file);
        auto added = sync::AdminAddDevice(*transport, token.value(), sync::DeviceAdd{dev->site, *role, dev->name});
        if (!added.ok()) return (void)anl::ctl::Fail(ctx, added.error());
        if (ctx.json) {
            anl::ctl::PrintJson({{"registration", added->registration},
                                 {"site", added->site},
                                 {"role", std::string(sync::RoleName(added->role))},
                                 {"enrol_code", added->enrol_code},
                                 {"expires_us", added->expires_us}});
        } else {
            std::cout << "Registered #" << added->registration << " (" << sync::RoleName(added->role) << " at "
                      << added->site << "). Enrolment code, valid once for 7 days: " << added->enrol_code << "\n";
        }
    });

    auto* list = device->add_subcommand("list", "List every registered device");
    list->callback([&ctx, dev] {
        if (!NeedCentral(ctx)) return;
        auto token = AdminToken(dev->admin_token_file);
        if (!token.ok()) return (void)anl::ctl::Fail(ctx, token.error());
        auto transport = sync::MakeCurlTransport(ctx.central_url, dev->ca_file);
        auto devices = sync::AdminListDevices(*transport, token.value());
        if (!devices.ok()) return (void)anl::ctl::Fail(ctx, devices.error());
        if (ctx.json) {
            nlohmann::json all = nlohmann::json::array();
            for (const auto& d : devices->devices) all.push_back(DeviceJson(d));
            anl::ctl::PrintJson({{"devices", all}});
            return;
        }
        for (const auto& d : devices->devices) {
            std::cout << "#" << d.registration << "  " << (d.device.empty() ? "(not enrolled)" : d.device) << "  "
                      << d.site << "  " << sync::RoleName(d.role) << "  " << sync::DeviceStateName(d.state)
                      << "  acked " << d.acked_seq << (d.name.empty() ? "" : "  " + d.name) << "\n";
        }
    });

    auto* revoke = device->add_subcommand("revoke", "Revoke a device at once (its token stops working)");
    revoke->add_option("device", dev->device, "Device id, or #N for a registration")->required();
    revoke->callback([&ctx, dev] {
        if (!NeedCentral(ctx)) return;
        auto token = AdminToken(dev->admin_token_file);
        if (!token.ok()) return (void)anl::ctl::Fail(ctx, token.error());
        auto transport = sync::MakeCurlTransport(ctx.central_url, dev->ca_file);
        auto revoked = sync::AdminRevokeDevice(*transport, token.value(), dev->device);
        if (!revoked.ok()) return (void)anl::ctl::Fail(ctx, revoked.error());
        if (ctx.json) anl::ctl::PrintJson(DeviceJson(revoked.value()));
        else std::cout << "Revoked " << dev->device << ".\n";
    });

    // --- enroll -----------------------------------------------------------------------------
    auto code = std::make_shared<std::string>();
    auto ca = std::make_shared<std::string>();
    auto* enroll = app.add_subcommand("enroll", "Exchange an enrolment code for this terminal's device token");
    enroll->add_option("--code", *code, "The code from `device add`")->required();
    enroll->add_option("--ca", *ca, "For https: trust only the CA certificate(s) in this PEM file (remembered)");
    enroll->callback([&ctx, code, ca] {
        if (!NeedCentral(ctx)) return;
        std::string ca_file = ca->empty() ? "" : std::filesystem::absolute(*ca).string();
        auto transport = sync::MakeCurlTransport(ctx.central_url, ca_file);
        auto enrolled = sync::EnrollTerminal(ctx.db_path, ctx.central_url, *code, *transport, ca_file);
        if (!enrolled.ok()) return (void)anl::ctl::Fail(ctx, enrolled.error());
        if (ctx.json) {
            anl::ctl::PrintJson({{"device", enrolled->device},
                                 {"site", enrolled->site},
                                 {"role", std::string(sync::RoleName(enrolled->role))},
                                 {"central", enrolled->central_url}});
        } else {
            std::cout << "Enrolled " << enrolled->device << " as " << sync::RoleName(enrolled->role) << " at "
                      << enrolled->site << " with " << enrolled->central_url << ".\n";
        }
    });

    // --- sync now | status ---------------------------------------------------------------
    auto* sync_cmd = app.add_subcommand("sync", "Sync this terminal with the central service");
    sync_cmd->require_subcommand(1);
    auto* now = sync_cmd->add_subcommand("now", "Push every waiting event and pull everything new, then exit");
    now->callback([&ctx] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto journal = sync::Journal::Load(ctx.db_path);
        if (!journal.ok()) return (void)anl::ctl::Fail(ctx, journal.error());
        if (!journal->enrolled())
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kUnauthorized,
                                                       "This terminal is not enrolled; run `anlaufstelle-ctl --db " +
                                                           ctx.db_path + " enroll --central URL --code CODE`."));
        auto transport = sync::MakeCurlTransport(
            ctx.central_url.empty() ? journal->credentials().central_url : ctx.central_url, journal->credentials().ca_file);
        sync::SyncEngine engine(*session->store, journal.value(), *transport, session->clock);
        auto round = engine.RunRound(0);
        if (!round.ok()) return (void)anl::ctl::Fail(ctx, round.error());
        auto pending = session->store->PendingCount();
        nlohmann::json rejected = nlohmann::json::array();
        for (const auto& r : round->newly_rejected)
            rejected.push_back({{"seq", r.seq}, {"type", r.type}, {"reason", r.reason}});
        if (ctx.json) {
            anl::ctl::PrintJson({{"pushed", round->pushed},
                                 {"pulled", round->pulled},
                                 {"reordered", round->rebuilt},
                                 {"waiting_to_send", pending.ok() ? pending.value() : -1},
                                 {"cursor", journal->cursor()},
                                 {"config_applied", round->config_applied},
                                 {"config_error", round->config_error},
                                 {"config_version", engine.central_config_version()},
                                 {"rejected", rejected}});
        } else {
            std::cout << "Synced: " << round->pushed << " sent, " << round->pulled << " received"
                      << (round->rebuilt ? ", queue re-ordered by the central order" : "") << ".\n";
            if (round->config_applied)
                std::cout << "Applied configuration version " << round->config_applied << ".\n";
            if (!round->config_error.empty()) std::cout << round->config_error << "\n";
            for (const auto& r : round->newly_rejected)
                std::cout << "Turned down by the central order: event " << r.seq << " (" << r.type << "): " << r.reason
                          << "\n";
        }
    });

    // --- sync run: the terminal's worker as a process of its own -------------------------
    // For a terminal program that does not run the worker itself (or a headless device): the
    // same SyncClient, on the same store file. Local changes made by another process are
    // seen at the end of each long-poll, so --poll-ms bounds how late they leave.
    auto poll_ms = std::make_shared<int>(2000);
    auto* run = sync_cmd->add_subcommand("run", "Run the sync worker until stopped (SIGINT or SIGTERM)");
    run->add_option("--poll-ms", *poll_ms, "Longest wait for news from the central (100..25000)")
        ->check(CLI::Range(100, 25'000))
        ->capture_default_str();
    run->callback([&ctx, poll_ms] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        // Block the stop signals before the worker thread starts, then wait for them here.
        sigset_t stop;
        sigemptyset(&stop);
        sigaddset(&stop, SIGINT);
        sigaddset(&stop, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &stop, nullptr);
        std::mutex store_mutex;
        sync::ClientOptions options;
        options.long_poll_ms = *poll_ms;
        options.max_backoff_ms = 5'000;  // come back soon after the central returns
        auto client = sync::SyncClient::Start(*session->store, store_mutex, session->clock, options);
        if (!client.ok()) return (void)anl::ctl::Fail(ctx, client.error());
        std::cout << "Syncing " << ctx.db_path << " until stopped (SIGINT or SIGTERM).\n" << std::flush;
        sync::SyncStatus shown;
        shown.online = true;  // so that "offline" is reported when the first round fails
        bool first = true;
        for (;;) {
            timespec second{1, 0};
            if (sigtimedwait(&stop, nullptr, &second) > 0) break;
            auto now = client.value()->status();
            if (first ? now.rounds == 0 : (now.online == shown.online && now.config_version == shown.config_version &&
                                           now.config_error == shown.config_error))
                continue;
            first = false;
            if (ctx.json) {
                anl::ctl::PrintJson({{"online", now.online},
                                     {"waiting_to_send", now.waiting_to_send},
                                     {"config_version", now.config_version},
                                     {"config_error", now.config_error},
                                     {"last_error", now.last_error}});
            } else {
                std::cout << (now.online ? "online" : "offline: " + now.last_error) << "; configuration version "
                          << now.config_version << (now.config_error.empty() ? "" : " (" + now.config_error + ")")
                          << "\n" << std::flush;
            }
            shown = now;
        }
        client.value().reset();  // stops and joins the worker
        std::cout << "Stopped.\n";
    });

    auto* status = sync_cmd->add_subcommand("status", "Show enrolment, events waiting to be sent and the last sync");
    status->callback([&ctx] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto journal = sync::Journal::Load(ctx.db_path);
        if (!journal.ok()) return (void)anl::ctl::Fail(ctx, journal.error());
        auto pending = session->store->PendingCount();
        nlohmann::json out = {{"enrolled", journal->enrolled()},
                              {"waiting_to_send", pending.ok() ? pending.value() : -1},
                              {"cursor", journal->cursor()},
                              {"last_success_us", journal->last_success_us()}};
        auto config = session->store->AppliedSiteConfig();
        if (!config.ok()) return (void)anl::ctl::Fail(ctx, config.error());
        out["config_version"] = config->version;
        out["config_applied_us"] = config->applied_us;
        // Events kept out of the queue because they broke a rule (refused by the central, or
        // by this store when pulled): how many, and the last few with their reasons.
        auto refused = session->store->RefusedEvents();
        if (!refused.ok()) return (void)anl::ctl::Fail(ctx, refused.error());
        constexpr std::size_t kLastRefusals = 5;
        out["refused_count"] = refused->size();
        nlohmann::json last = nlohmann::json::array();
        for (std::size_t i = refused->size() > kLastRefusals ? refused->size() - kLastRefusals : 0; i < refused->size(); ++i) {
            const auto& r = (*refused)[i];
            last.push_back({{"event", r.event.device_id + "/" + std::to_string(r.event.seq)},
                            {"type", r.event.type},
                            {"reason", r.skipped_because.substr(anl::store::kRefusedPrefix.size())}});
        }
        out["refused_last"] = std::move(last);
        if (journal->enrolled()) {
            out["device"] = journal->credentials().device;
            out["site"] = journal->credentials().site;
            out["role"] = std::string(sync::RoleName(journal->credentials().role));
            out["central"] = journal->credentials().central_url;
        }
        if (ctx.json) {
            anl::ctl::PrintJson(out);
        } else if (!journal->enrolled()) {
            std::cout << "Not enrolled. " << out["waiting_to_send"] << " events wait to be sent.\n";
        } else {
            std::cout << "Device " << journal->credentials().device << " (" << out["role"].get<std::string>()
                      << " at " << journal->credentials().site << "), central " << journal->credentials().central_url
                      << ": " << out["waiting_to_send"] << " events wait to be sent; last sync "
                      << (journal->last_success_us()
                              ? anl::core::LocalDateTime(journal->last_success_us(), session->store->site().rules.time_zone) +
                                    " (" + session->store->site().rules.time_zone + ")"
                              : "never")
                      << "; configuration "
                      << (config->version ? "version " + std::to_string(config->version) : std::string("not received yet"))
                      << ".\n";
        }
        if (!ctx.json && !refused->empty()) {
            std::cout << refused->size() << " event(s) refused (kept out of the queue); the last:\n";
            for (const auto& r : out["refused_last"])
                std::cout << "  " << anl::EscapeForTerminal(r["event"].get<std::string>()) << " "
                          << anl::EscapeForTerminal(r["type"].get<std::string>()) << ": "
                          << anl::EscapeForTerminal(r["reason"].get<std::string>()) << "\n";
        }
    });
}
