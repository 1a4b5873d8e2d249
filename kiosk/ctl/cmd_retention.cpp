// anlaufstelle-ctl retention: purges visitors' personal fields older than the retention period
// (core.h section 13, docs/DATA-PROTECTION.md) from the terminal's store: the events (the
// outbox too) and the rows folded from them. Key figures stay as they were.
//
//   retention run [--days N] [--dry-run]                  the terminal's store (--db)
//   retention run --central-store SPEC [--days N] [--dry-run]
//                      the central's event store (a SQLite path or postgresql://...), every site
//   Without --days: the site's setting ([retention] days of its catalogue, retention.toml; at
//   the central each site's published one), 90 when it has none. --dry-run only counts.
//   Terminals and the central also run it by themselves once a day (docs/DATA-PROTECTION.md).
#include <iostream>

#include "kiosk/ctl/store_session.h"
#include "sync/central/central_store.h"

namespace {
struct RetentionOptions {
    int days = anl::core::kDefaultRetentionDays;  // when --days is not given: the site's setting
    bool dry_run = false;
    std::string central_store;
};
}  // namespace

ANL_CTL_COMMANDS(Retention) {
    auto o = std::make_shared<RetentionOptions>();
    auto* group = app.add_subcommand("retention", "Purge visitors' personal fields after the retention period");
    group->require_subcommand(1);
    auto* run = group->add_subcommand("run", "Purge personal fields older than --days and say what was purged");
    auto* days_option =
        run->add_option("--days", o->days, "Keep personal fields this many days (default: the site's [retention] days)");
    run->add_flag("--dry-run", o->dry_run, "Only count what would be purged");
    run->add_option("--central-store", o->central_store, "Purge the central's event store (path or postgresql://...)");
    run->callback([&ctx, o, days_option] {
        const bool days_given = days_option->count() > 0;
        if (days_given && (o->days < anl::catalogue::Retention::kMinDays || o->days > anl::catalogue::Retention::kMaxDays))
            return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInvalidInput, "--days must be 1 to 3650."));
        const anl::Micros now = anl::SystemClock().NowUtcMicros();
        auto cutoff_for = [now](int days) { return now - static_cast<anl::Micros>(days) * 24 * 3600 * anl::kMicrosPerSecond; };
        if (!o->central_store.empty()) {
            auto central = anl::sync::central::OpenCentralStore(o->central_store);
            if (!central.ok()) return (void)anl::ctl::Fail(ctx, central.error());
            if (days_given) {
                const anl::Micros cutoff = cutoff_for(o->days);
                auto purged = central.value()->PurgePersonalData(cutoff, o->dry_run);
                if (!purged.ok()) return (void)anl::ctl::Fail(ctx, purged.error());
                if (ctx.json) {
                    anl::ctl::PrintJson({{"dry_run", o->dry_run}, {"days", o->days}, {"older_than_us", cutoff},
                                         {"events", purged->events}, {"fields", purged->fields}});
                    return;
                }
                std::cout << (o->dry_run ? "Would purge" : "Purged") << " personal fields older than " << o->days
                          << " days at the central: " << purged->events << " event(s)";
                for (const auto& [field, n] : purged->fields) std::cout << ", " << n << " " << field;
                std::cout << ".\n";
                return;
            }
            // Each site by its own published period.
            auto sites = anl::sync::central::KnownSites(*central.value());
            if (!sites.ok()) return (void)anl::ctl::Fail(ctx, sites.error());
            nlohmann::json per_site = nlohmann::json::array();
            for (const auto& site : *sites) {
                auto days = anl::sync::central::SiteRetentionDays(*central.value(), site, anl::core::kDefaultRetentionDays);
                if (!days.ok()) return (void)anl::ctl::Fail(ctx, days.error());
                auto purged = anl::sync::central::PurgeSitePersonalData(*central.value(), site, cutoff_for(*days), o->dry_run);
                if (!purged.ok()) return (void)anl::ctl::Fail(ctx, purged.error());
                per_site.push_back({{"site", site}, {"days", *days}, {"events", purged->events}, {"fields", purged->fields}});
                if (ctx.json) continue;
                std::cout << (o->dry_run ? "Would purge" : "Purged") << " personal fields older than " << *days
                          << " days at the central for site " << anl::ctl::Shown(site) << ": " << purged->events
                          << " event(s)";
                for (const auto& [field, n] : purged->fields) std::cout << ", " << n << " " << field;
                std::cout << ".\n";
            }
            if (ctx.json) anl::ctl::PrintJson({{"dry_run", o->dry_run}, {"sites", per_site}});
            return;
        }
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        if (!days_given) o->days = session->store->catalogue().retention.days;
        const anl::Micros cutoff = cutoff_for(o->days);
        auto purged = session->store->PurgePersonalData(cutoff, o->dry_run);
        if (!purged.ok()) return (void)anl::ctl::Fail(ctx, purged.error());
        const auto& p = purged.value();
        if (ctx.json) {
            anl::ctl::PrintJson({{"dry_run", o->dry_run},
                                 {"days", o->days},
                                 {"older_than_us", cutoff},
                                 {"events", p.events},
                                 {"fields", p.fields},
                                 {"tickets", p.tickets},
                                 {"handoffs", p.handoffs},
                                 {"waiting_to_send", p.waiting_to_send}});
            return;
        }
        std::cout << (o->dry_run ? "Would purge" : "Purged") << " personal fields older than " << o->days
                  << " days: " << p.events << " event(s)";
        for (const auto& [field, n] : p.fields) std::cout << ", " << n << " " << field;
        std::cout << "; " << p.tickets << " ticket note(s); " << p.handoffs << " hand-off(s).\n";
        if (p.waiting_to_send > 0)
            std::cout << p.waiting_to_send << " event(s) of this terminal are not sent yet; they are purged by a run "
                      << "after the next sync.\n";
    });
}
