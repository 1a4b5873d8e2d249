// anlaufstelle-central: the central service. A thin main: options, store, service, server.
#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <CLI/CLI.hpp>
#include <systemd/sd-daemon.h>

#include <fstream>
#include <iostream>
#include <optional>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"
#include "sync/central/central_store.h"
#include "sync/central/escrow.h"
#include "sync/central/server.h"
#include "sync/central/site_changes.h"
#include "sync/central/service.h"

namespace {

anl::Result<std::string> ReadAdminToken(const std::string& path) {
    std::ifstream in(path);
    if (!in) return anl::MakeError(anl::ErrorCode::kNotFound, "Cannot read the admin token file " + path + ".");
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16)
        return anl::MakeError(anl::ErrorCode::kInvalidInput,
                              "The admin token in " + path + " is shorter than 16 characters; use a long random one.");
    return token;
}

int Fail(const anl::Error& error) {
    std::cerr << "anlaufstelle-central: " << error.message << "\n";
    return static_cast<int>(error.code);
}

}  // namespace

int main(int argc, char** argv) {
    std::string listen = "127.0.0.1:8470";
    std::string db = "anlaufstelle-central.db";
    std::string store_url;
    std::string admin_token_file;
    std::string tls_cert, tls_key;
    CLI::App app{"anlaufstelle-central: the central service that orders and hands out every terminal's events"};
    app.set_version_flag("--version", std::string("anlaufstelle-central ") + ANL_VERSION + " (sync protocol " +
                                          std::to_string(anl::sync::kProtocolVersion) + ", event schema " +
                                          std::to_string(anl::sync::kSchemaVersion) + ")");
    app.add_option("--listen", listen, "ADDRESS:PORT to listen on")->capture_default_str();
    app.add_option("--db", db, "The embedded SQLite store (used unless --store is given)")->capture_default_str();
    app.add_option("--store", store_url, "A PostgreSQL store instead: postgresql://user@host:port/database");
    app.add_option("--admin-token-file", admin_token_file,
                   "A file whose first line is the administrator's token (without it, device administration is closed)");
    app.add_option("--tls-cert", tls_cert, "Serve HTTPS with this PEM certificate chain (needs --tls-key)");
    app.add_option("--tls-key", tls_key, "The PEM private key of --tls-cert");
    std::size_t max_connections = anl::sync::central::ServerOptions{}.max_connections;
    app.add_option("--max-connections", max_connections,
                   "Open connections at most (idle and long-polls included); more are closed at once. "
                   "Lowered to the file-descriptor limit minus 64")
        ->check(CLI::Range(std::size_t{1}, std::size_t{1'000'000}))
        ->capture_default_str();
    // Appointment slots (escrow.h): cut from this catalogue's hours in this time zone.
    std::string catalogue_dir;  // empty: the shipped one, catalogue/ in the data directory
    std::string time_zone = "Europe/Berlin";
    app.add_option("--catalogue", catalogue_dir,
                   "The service catalogue whose hours give the appointment slots (default: the shipped one)");
    app.add_option("--data-dir", "The shipped data (catalogue/, i18n/catalogs/); default: ANL_DATA_DIR, else "
                   "../share/anlaufstelle from the program")
        ->each([](const std::string& dir) {
            if (auto used = anl::UseDataDir(dir); !used.ok()) throw CLI::ValidationError(used.error().message);
        });
    bool log_requests = false;
    app.add_flag("--log-requests", log_requests,
                 "Log every request (method, path, status, time); without it only refused and failed ones");
    app.add_option("--time-zone", time_zone, "The sites' time zone for appointment hours")->capture_default_str();
    // The check-in window (core::JudgeCheckIn): the central judges every pushed check-in with
    // it, so it must be the one the site's terminals use (QueueRules check_in_before/after).
    int check_in_before = int(anl::core::QueueRules{}.check_in_before / anl::kMicrosPerMinute);
    int check_in_after = int(anl::core::QueueRules{}.check_in_after / anl::kMicrosPerMinute);
    app.add_option("--check-in-before", check_in_before,
                   "Minutes before an appointment from which a check-in is on time (the site's rule)")
        ->check(CLI::Range(0, 24 * 60))
        ->capture_default_str();
    app.add_option("--check-in-after", check_in_after,
                   "Minutes after an appointment's start until which a check-in is on time (the site's rule)")
        ->check(CLI::Range(0, 24 * 60))
        ->capture_default_str();
    // Settings from a file (the package's /etc/anlaufstelle/central.toml): KEY = VALUE lines with
    // the long option names; the command line wins over the file, an unknown key is an error.
    app.set_config("--config", "", "Read options from this TOML file (KEY = VALUE, the long option names without --)");
    if (auto ok = anl::CheckArguments(argc, argv); !ok) {
        std::cerr << "anlaufstelle-central: " << ok.error().message << "\n";
        return anl::kUsageExitCode;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
        std::cerr << anl::UsageErrorMessage("anlaufstelle-central", e.get_name(), e.what()) << "\n";
        return anl::kUsageExitCode;
    }

    auto options = anl::sync::central::ParseListen(listen);
    if (!options.ok()) return Fail(options.error());
    options->tls_cert_file = tls_cert;
    options->tls_key_file = tls_key;
    options->max_connections = max_connections;
    options->log_requests = log_requests;
    // The daily retention run per site (docs/DATA-PROTECTION.md): asked every hour.
    options->housekeeping_seconds = 3600;
    std::string admin_token;
    if (!admin_token_file.empty()) {
        auto token = ReadAdminToken(admin_token_file);
        if (!token.ok()) return Fail(token.error());
        admin_token = token.value();
    }
    auto store = anl::sync::central::OpenCentralStore(store_url.empty() ? db : store_url);
    if (!store.ok()) return Fail(store.error());

    anl::SystemClock clock;
    boost::asio::io_context io(1);
    anl::sync::central::Service service(*store.value(), clock, admin_token);
    // Appointment slots: the slot inventory on its own connection to the same database.
    if (auto zone = anl::core::ValidateTimeZone(time_zone); !zone.ok()) return Fail(zone.error());
    auto catalogue = anl::catalogue::LoadCatalogue(catalogue_dir.empty() ? anl::catalogue::DefaultCatalogueDir()
                                                                         : std::filesystem::path(catalogue_dir));
    if (!catalogue.ok()) return Fail(catalogue.error());
    // Event validation: the same time zone and catalogue (until a site publishes its own).
    const anl::catalogue::Catalogue validation_catalogue = catalogue.value();
    service.rules.time_zone = time_zone;
    service.rules.check_in_before = check_in_before * anl::kMicrosPerMinute;
    service.rules.check_in_after = check_in_after * anl::kMicrosPerMinute;
    service.catalogue = &validation_catalogue;
    auto ledger = anl::sync::central::OpenSlotLedger(store_url.empty() ? db : store_url);
    if (!ledger.ok()) return Fail(ledger.error());
    anl::sync::central::AppointmentDesk appointments(*ledger.value(), std::move(catalogue).value(), time_zone, clock);
    service.appointments = &appointments;
    anl::sync::central::Server server(io, service, options.value());
    auto started = server.Start();
    if (!started.ok()) return Fail(started.error());
    // Several instances on one PostgreSQL (docs/OPERATOR-GUIDE.md, scale-out): a push through
    // any of them wakes the polls parked here. SQLite: one process, its own wake-ups suffice.
    std::optional<anl::sync::central::SiteChangeListener> site_changes;
    if (store.value()->Kind() == "postgresql") {
        anl::sync::central::SiteChangeCallbacks callbacks;
        callbacks.site_changed = [&server](const std::string& site) { server.WakeSite(site); };
        callbacks.resync = [&server] { server.WakeEveryPoll(); };
        callbacks.device_revoked = [&service] { service.DeviceRevoked(); };
        site_changes.emplace(io, store_url, std::move(callbacks));
        if (auto listening = site_changes->Start(); !listening.ok()) return Fail(listening.error());
        // Pulls keep device tokens only while this instance hears every revocation (service.h).
        service.revocation_notices = [&site_changes]() -> std::optional<int> {
            if (!site_changes->listening()) return std::nullopt;
            return site_changes->reconnections();
        };
    }
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&io](const boost::system::error_code&, int) {
        sd_notify(0, "STOPPING=1");
        io.stop();
    });
    std::cout << "anlaufstelle-central: listening on " << options->address << ":" << server.port() << " with the "
              << store.value()->Kind() << " store" << (tls_cert.empty() ? "" : ", HTTPS only") << "; check-in from "
              << check_in_before << " min before to " << check_in_after << " min after an appointment" << std::endl;
    // Ready when /healthz would say so: listening, and the store takes a write. Under systemd
    // (Type=notify) this is what lets units ordered after the central start; elsewhere
    // sd_notify does nothing.
    if (auto probe = store.value()->ProbeWrite(); !probe.ok()) return Fail(probe.error());
    sd_notifyf(0, "READY=1\nSTATUS=listening on %s:%u", options->address.c_str(), unsigned(server.port()));
    io.run();
    return 0;
}
