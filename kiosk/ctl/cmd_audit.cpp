// anlaufstelle-ctl audit list: who did what and when (docs/ROLES.md, "The audit log").
//
//   audit list --as N --as-pin PIN [--from DAY|US] [--to DAY|US] [--staff N] [--kind KIND]
//              [--format text|csv|json]
// DAY is a UTC calendar day (2026-12-06: from its start; --to: up to its start), US UTC
// microseconds. Needs read_audit (administrators and supervisors). The log holds numbers, ids
// and fixed words only, never a visitor's text.
#include <chrono>
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;

struct AuditOptions {
    std::string as;
    std::string as_pin;
    std::string from;
    std::string to;
    std::string staff;
    std::string kind;
    std::string format = "text";
};

// "2026-12-06" (UTC midnight) or microseconds; "" -> 0 (open).
anl::Result<anl::Micros> ParseWhen(const std::string& text, const char* option) {
    if (text.empty()) return anl::Micros{0};
    unsigned y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() == 10 && std::sscanf(text.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3) {
        std::chrono::year_month_day day{std::chrono::year(static_cast<int>(y)), std::chrono::month(m), std::chrono::day(d)};
        if (day.ok())
            return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::sys_days(day).time_since_epoch())
                .count();
    }
    if (!text.empty() && text.size() <= 18 && text.find_first_not_of("0123456789") == std::string::npos)
        return static_cast<anl::Micros>(std::stoll(text));
    return MakeError(ErrorCode::kInvalidInput, std::string(option) + " takes a day (2026-12-06) or UTC microseconds.");
}

std::string Iso(anl::Micros us) {
    std::time_t seconds = static_cast<std::time_t>(us / anl::kMicrosPerSecond);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

ANL_CTL_COMMANDS(Audit) {
    auto o = std::make_shared<AuditOptions>();
    auto* group = app.add_subcommand("audit", "The audit log: sign-ins, refusals, staff and configuration changes, calls");
    group->require_subcommand(1);
    auto* list = group->add_subcommand("list", "List audit entries, oldest first (needs read_audit)");
    list->add_option("--as", o->as, "Act as this staff number (signed in with --as-pin)")->required();
    list->add_option("--as-pin", o->as_pin, "The PIN of --as, or - to read it from stdin");
    list->add_option("--from", o->from, "From this UTC day (2026-12-06) or time (microseconds)");
    list->add_option("--to", o->to, "Before this UTC day or time");
    list->add_option("--staff", o->staff, "Only entries of this staff number");
    list->add_option("--kind", o->kind, "Only this kind: sign_in, sign_in_failed, refused, staff_added, ...");
    list->add_option("--format", o->format, "text, csv or json (--json: json)")
        ->check(CLI::IsMember({"text", "csv", "json"}));
    list->callback([&ctx, o] {
        anl::core::AuditQuery query;
        auto from = ParseWhen(o->from, "--from");
        auto to = ParseWhen(o->to, "--to");
        if (!from.ok()) return (void)anl::ctl::Fail(ctx, from.error());
        if (!to.ok()) return (void)anl::ctl::Fail(ctx, to.error());
        query.from_us = from.value();
        query.to_us = to.value();
        query.staff = o->staff;
        query.kind = o->kind;
        if (!query.kind.empty() &&
            std::find(std::begin(anl::core::kAuditKinds), std::end(anl::core::kAuditKinds), query.kind) ==
                std::end(anl::core::kAuditKinds))
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput, "--kind " + query.kind +
                                                                                     " is not a kind of audit entry."));
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto signed_in = session->store->SignIn(o->as, [&] {
            std::string pin = o->as_pin.empty() ? "-" : o->as_pin;
            if (pin != "-") return pin;
            std::getline(std::cin, pin);
            while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n')) pin.pop_back();
            return pin;
        }());
        if (!signed_in.ok()) return (void)anl::ctl::Fail(ctx, signed_in.error());
        auto entries = session->store->AuditLog(o->as, query);
        if (!entries.ok()) return (void)anl::ctl::Fail(ctx, entries.error());
        const std::string format = ctx.json ? "json" : o->format;
        if (format == "json") {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& e : *entries)
                out.push_back({{"at_us", e.at_us}, {"at", Iso(e.at_us)}, {"device", e.device_id}, {"kind", e.kind},
                               {"staff", e.staff}, {"subject", e.subject}, {"detail", e.detail}});
            return anl::ctl::PrintJson(out);
        }
        if (format == "csv") {  // the Audit page's export writes the same
            std::cout << anl::core::FormatAuditCsv(*entries);
            return;
        }
        for (const auto& e : *entries)
            std::cout << Iso(e.at_us) << "  " << anl::ctl::Shown(e.device_id) << "  " << e.kind << "  "
                      << anl::ctl::Shown(e.staff) << "  " << anl::ctl::Shown(e.subject) << "  "
                      << anl::ctl::Shown(e.detail) << "\n";
    });
}
