// anlaufstelle-ctl simulate: a whole day of a site, played through the real core, stores and
// sync client against a central service on loopback at a fake clock, then every invariant
// checked (sync/sim/sim.h; docs/ctl.md, "simulate").
//
//   simulate --day busy|small [--sites N] [--seed S] [--keep DIR]
//
// Exit 0 when every invariant held; 8 (internal: a bug to report) when one broke, each
// broken one named on stderr.
#include <unistd.h>

#include <iostream>
#include <random>

#include "kiosk/ctl/ctl.h"
#include "sync/sim/sim.h"

namespace {

namespace sim = anl::sync::sim;

struct SimulateFlags {
    std::string day = "busy";
    int sites = 1;
    std::uint64_t seed = 1;
    std::string keep;   // the stores stay in this directory ("": a temporary one, removed)
    std::string spoil;  // hidden, tests only: spoil the record so the checker must fail
};

}  // namespace

ANL_CTL_COMMANDS(Simulate) {
    auto flags = std::make_shared<SimulateFlags>();
    auto* simulate = app.add_subcommand(
        "simulate", "Play a whole day (kiosks, desks, appointments, outages, a power cut) at a fake clock and check "
                    "that nothing was lost, doubled or given twice");
    simulate->add_option("--day", flags->day, "busy: 4 kiosks, 12 desks, 1,500 visitors per site; small: 1 kiosk, 3 desks, 120")
        ->check(CLI::IsMember({"busy", "small"}))
        ->capture_default_str();
    simulate->add_option("--sites", flags->sites, "Sites on the one central service")
        ->check(CLI::Range(1, 50))
        ->capture_default_str();
    simulate->add_option("--seed", flags->seed, "The seed of every random choice: the same seed plays the same day")
        ->capture_default_str();
    simulate->add_option("--keep", flags->keep, "Keep the stores and the central's database in this new directory");
    simulate->add_option("--spoil", flags->spoil)->check(CLI::IsMember({"lose-event", "double-event"}))->group("");
    simulate->callback([&ctx, flags] {
        sim::DayOptions options;
        options.size = flags->day == "small" ? sim::SmallDay() : sim::BusyDay();
        options.sites = flags->sites;
        options.seed = flags->seed;
        options.spoil = flags->spoil == "lose-event"     ? sim::Spoil::kLoseEvent
                        : flags->spoil == "double-event" ? sim::Spoil::kDoubleEvent
                                                         : sim::Spoil::kNone;
        std::error_code ec;
        if (flags->keep.empty()) {
            options.work_dir = std::filesystem::temp_directory_path() /
                               ("anl-simulate-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}()));
        } else {
            options.work_dir = flags->keep;
            if (std::filesystem::exists(options.work_dir, ec) && !std::filesystem::is_empty(options.work_dir, ec))
                return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInvalidInput,
                                                                "--keep " + anl::ctl::Shown(flags->keep) +
                                                                    " is not empty; name a new directory."));
        }
        std::filesystem::create_directories(options.work_dir, ec);
        if (ec)
            return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kStorage, "Cannot create " +
                                                                                           options.work_dir.string() + ": " +
                                                                                           ec.message()));
        options.progress = [](const std::string& line) { std::cerr << "simulate: " << line << "\n"; };
        auto report = sim::RunDay(options);
        if (flags->keep.empty()) std::filesystem::remove_all(options.work_dir, ec);
        if (!report.ok()) return (void)anl::ctl::Fail(ctx, report.error());
        if (ctx.json)
            anl::ctl::PrintJson(sim::ReportToJson(*report));
        else
            std::cout << sim::FormatReport(*report);
        if (!report->violations.empty())
            anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInternal,
                                               std::to_string(report->violations.size()) +
                                                   " invariant(s) of the day broke (listed above): this is a bug, "
                                                   "please report it with the seed " + std::to_string(flags->seed) + "."));
    });
}
