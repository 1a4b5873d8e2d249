// anlaufstelle-ctl backup and restore: a terminal's store (and its enrolment) to one file and
// back (docs/OPERATOR-GUIDE.md, "Backup and restore").
//
//   --db PATH backup --out FILE      while the terminal runs (SQLite's online backup)
//   --db PATH restore --from FILE    with the terminal stopped; then one sync round, so the
//                                    terminal has every event the central holds before it serves
#include <iostream>

#include "kiosk/ctl/store_session.h"
#include "sync/client/client.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;
namespace sync = anl::sync;

}  // namespace

ANL_CTL_COMMANDS(Backup) {
    auto out = std::make_shared<std::string>();
    auto* backup = app.add_subcommand("backup", "Copy the store and its enrolment into one file, while the terminal runs");
    backup->add_option("--out", *out, "The backup file to write (must not exist yet)")->required();
    backup->callback([&ctx, out] {
        auto session = anl::ctl::OpenStore(ctx, false, false);
        if (!session) return;
        auto journal = sync::Journal::Text(ctx.db_path);
        if (!journal.ok()) return (void)anl::ctl::Fail(ctx, journal.error());
        if (auto ok = session->store->BackupTo(*out, journal.value()); !ok) return (void)anl::ctl::Fail(ctx, ok.error());
        std::error_code ec;
        const auto bytes = std::filesystem::file_size(*out, ec);
        if (ctx.json)
            anl::ctl::PrintJson({{"backup", *out}, {"bytes", ec ? 0 : bytes}, {"enrolled", !journal->empty()}});
        else
            std::cout << "Backed up " << ctx.db_path << " to " << anl::ctl::Shown(*out) << " ("
                      << (ec ? 0 : bytes) << " bytes" << (journal->empty() ? ", not enrolled" : ", with its enrolment")
                      << ").\n";
    });

    auto from = std::make_shared<std::string>();
    auto no_sync = std::make_shared<bool>(false);
    auto* restore = app.add_subcommand("restore", "Put a backup in the place of the store (stop the terminal first)");
    restore->add_option("--from", *from, "The backup file (anlaufstelle-ctl backup)")->required();
    restore->add_flag("--no-sync", *no_sync,
                      "Do not sync right after restoring (the terminal must then sync before it serves)");
    restore->callback([&ctx, from, no_sync] {
        anl::SystemClock clock;
        auto journal = anl::store::Store::RestoreBackup(*from, ctx.db_path, clock);
        if (!journal.ok()) return (void)anl::ctl::Fail(ctx, journal.error());
        if (auto ok = sync::Journal::Restore(ctx.db_path, journal.value()); !ok) return (void)anl::ctl::Fail(ctx, ok.error());
        const std::string kept = ctx.db_path + ".before-restore";
        nlohmann::json report = {{"restored", ctx.db_path}, {"from", *from}, {"enrolled", !journal->empty()}};
        std::error_code ec;
        if (std::filesystem::exists(kept, ec)) report["replaced_store_kept_as"] = kept;
        if (!ctx.json) {
            std::cout << "Restored " << ctx.db_path << " from " << anl::ctl::Shown(*from) << ".\n";
            if (report.contains("replaced_store_kept_as"))
                std::cout << "The store it replaced is kept as " << kept << ".\n";
        }
        // Events this device sent after the backup are at the central only: one round now
        // brings them back (and with them the numbering of this device's next event), before
        // the terminal can give out a number the central holds already.
        if (!journal->empty() && !*no_sync) {
            auto session = anl::ctl::OpenStore(ctx);
            if (!session) return;
            auto loaded = sync::Journal::Load(ctx.db_path);
            if (!loaded.ok()) return (void)anl::ctl::Fail(ctx, loaded.error());
            auto transport = sync::MakeCurlTransport(
                ctx.central_url.empty() ? loaded->credentials().central_url : ctx.central_url, loaded->credentials().ca_file);
            sync::SyncEngine engine(*session->store, loaded.value(), *transport, session->clock);
            auto round = engine.RunRound(0);
            if (!round.ok()) {
                if (ctx.json) anl::ctl::PrintJson(report);
                return (void)anl::ctl::Fail(
                    ctx, MakeError(round.error().code,
                                   "Restored, but not synced: " + round.error().message +
                                       " Run `anlaufstelle-ctl --db " + ctx.db_path +
                                       " sync now` before the terminal serves visitors again."));
            }
            report["synced"] = {{"pushed", round->pushed}, {"pulled", round->pulled}};
            if (!ctx.json)
                std::cout << "Synced: " << round->pushed << " sent, " << round->pulled << " received.\n";
        } else if (!journal->empty() && !ctx.json) {
            std::cout << "Not synced (--no-sync): run `anlaufstelle-ctl --db " << ctx.db_path
                      << " sync now` before the terminal serves visitors again.\n";
        }
        if (ctx.json) anl::ctl::PrintJson(report);
    });
}
