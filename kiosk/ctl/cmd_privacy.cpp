// anlaufstelle-ctl privacy: a visitor's request for information (GDPR Art. 15) or erasure
// (Art. 17) by booking reference or ticket number (core.h section 14, docs/DATA-PROTECTION.md).
//
//   privacy show  --reference REF [--day YYYY-MM-DD] [--format text|json]
//   privacy erase --reference REF [--day YYYY-MM-DD] [--format text|json] [--dry-run]
//     --db PATH       (default) this terminal's store, acting as --as N (--as-pin): an
//                     administrator on an admin terminal. erase records privacy.erased, which
//                     the central and every terminal carry out when they get it.
//     --central URL   the whole site at the central (GET/POST /v1/admin/privacy) with the
//                     admin token (--admin-token-file, ANL_ADMIN_TOKEN; then --site) or the
//                     enrolled admin terminal of --db (its own site).
// REF: a booking reference ("A-0329-0830-1"), a ticket number ("A-042", of --day, else of its
// most recent day) or a ticket id. show prints every event of the visitor with the personal
// fields it holds; erase empties them (the events keep their shape, the figures stay).
#include <ctime>
#include <iostream>

#include "kiosk/ctl/store_session.h"
#include "sync/client/client.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;
using nlohmann::json;

struct PrivacyOptions {
    std::string reference;
    std::string day;
    std::string format = "text";
    bool dry_run = false;
    std::string as;
    std::string as_pin;
    std::string site;
    std::string admin_token_file;
    std::string ca_file;
};

std::string Iso(anl::Micros us) {
    std::time_t seconds = static_cast<std::time_t>(us / anl::kMicrosPerSecond);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// References, ticket numbers, ids and days travel in a URL query unescaped: letters, digits
// and - . _ / : only (every form a reference, number or id has).
anl::Status CheckPlain(const std::string& text, const char* option) {
    for (char c : text)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_' || c == '/' || c == ':'))
            return MakeError(ErrorCode::kInvalidInput, std::string(option) +
                                                           " takes letters, digits and - . _ / : only (e.g. A-042).");
    if (text.size() > 64) return MakeError(ErrorCode::kInvalidInput, std::string(option) + " is too long.");
    return {};
}

std::string ReadPinOption(const std::string& given) {
    std::string pin = given.empty() ? "-" : given;
    if (pin != "-") return pin;
    std::getline(std::cin, pin);
    while (!pin.empty() && (pin.back() == '\r' || pin.back() == '\n')) pin.pop_back();
    return pin;
}

void PrintShown(const json& shown) {
    const std::string display = shown.value("display", "");
    if (!display.empty())
        std::cout << "Visit " << anl::ctl::Shown(display) << " of " << anl::ctl::Shown(shown.value("service_day", ""));
    else
        std::cout << "Booking";
    if (shown.contains("site")) std::cout << " (site " << anl::ctl::Shown(shown["site"].get<std::string>()) << ")";
    std::cout << ": " << shown["events"].size() << " stored event(s)\n";
    for (const auto& e : shown["events"]) {
        std::cout << Iso(e.value("at_us", anl::Micros{0})) << "  " << anl::ctl::Shown(e.value("id", "")) << "  "
                  << anl::ctl::Shown(e.value("type", ""));
        for (const auto& [name, value] : e["personal"].items())
            std::cout << "  " << name << ": "
                      << anl::ctl::Shown(value.is_string() ? value.get<std::string>() : value.dump());
        std::cout << "\n";
    }
    std::size_t personal = 0;
    for (const auto& e : shown["events"]) personal += e["personal"].empty() ? 0 : 1;
    std::cout << personal << " event(s) hold personal fields.\n";
}

void PrintErased(const json& erased, bool dry_run) {
    std::cout << (dry_run ? "Would erase" : "Erased") << " the personal fields of " << erased.value("events", 0)
              << " event(s)";
    for (const auto& [name, n] : erased["fields"].items()) std::cout << ", " << n.get<int>() << " " << name;
    if (erased.contains("tickets"))
        std::cout << "; " << erased.value("tickets", 0) << " ticket note(s); " << erased.value("handoffs", 0)
                  << " hand-off(s)";
    std::cout << ".\n";
    const std::string recorded = erased.value("recorded", "");
    if (!recorded.empty())
        std::cout << "Recorded as " << anl::ctl::Shown(recorded)
                  << " (ids only); every terminal empties its copies when it syncs.\n";
}

anl::Result<json> AtCentral(anl::ctl::Context& ctx, const PrivacyOptions& o, bool erase) {
    if (auto plain = CheckPlain(o.site, "--site"); !plain.ok()) return plain.error();
    std::string token, ca_file = o.ca_file, staff;
    if (!o.admin_token_file.empty() || std::getenv("ANL_ADMIN_TOKEN")) {
        auto admin = anl::sync::AdminTokenFrom(o.admin_token_file);
        if (!admin.ok()) return admin.error();
        token = admin.value();
        if (o.site.empty())
            return MakeError(ErrorCode::kInvalidInput, "With the admin token, say which site: --site S.");
    } else {
        auto journal = anl::sync::Journal::Load(ctx.db_path);
        if (!journal.ok()) return journal.error();
        if (!journal->enrolled())
            return MakeError(ErrorCode::kUnauthorized,
                             "A visitor's request at the central needs the admin token (--admin-token-file or "
                             "ANL_ADMIN_TOKEN) or an enrolled admin terminal's store (--db).");
        token = journal->credentials().token;
        if (ca_file.empty()) ca_file = journal->credentials().ca_file;
        // The central asks who signed in at the admin terminal: sign in here first.
        if (o.as.empty())
            return MakeError(ErrorCode::kInvalidInput,
                             "Say who answers the request: --as N (an administrator) with --as-pin.");
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return MakeError(ErrorCode::kStorage, "");  // reported by OpenStore
        auto signed_in = session->store->SignIn(o.as, ReadPinOption(o.as_pin));
        if (!signed_in.ok()) return signed_in.error();
        staff = o.as;
    }
    auto transport = anl::sync::MakeCurlTransport(ctx.central_url, ca_file);
    anl::sync::HttpRequest request;
    request.token = token;
    request.timeout_ms = 120'000;  // the site's whole order is folded at the central
    if (erase) {
        request.method = "POST";
        request.path = std::string(anl::sync::kPathAdminPrivacy);
        request.body = json{{"site", o.site}, {"reference", o.reference}, {"day", o.day}, {"dry_run", o.dry_run},
                            {"staff", staff}}
                           .dump();
    } else {
        request.method = "GET";
        request.path = std::string(anl::sync::kPathAdminPrivacy) + "?reference=" + o.reference +
                       (o.site.empty() ? "" : "&site=" + o.site) + (o.day.empty() ? "" : "&day=" + o.day) +
                       (staff.empty() ? "" : "&staff=" + staff);
    }
    auto response = transport->Send(request);
    if (!response.ok()) return response.error();
    json body = json::parse(response->body, nullptr, false);
    if (response->status != 200) {
        std::string message = body.is_object() && body.contains("message") && body["message"].is_string()
                                  ? body["message"].get<std::string>()
                                  : "The central answered " + std::to_string(response->status) + ".";
        ErrorCode code = response->status == 401 || response->status == 403 ? ErrorCode::kUnauthorized
                         : response->status == 404                           ? ErrorCode::kNotFound
                         : response->status == 400                           ? ErrorCode::kInvalidInput
                                                                             : ErrorCode::kRejected;
        return MakeError(code, message);
    }
    if (!body.is_object()) return MakeError(ErrorCode::kNetwork, "The central's answer is not JSON.");
    return body;
}

anl::Result<json> AtStore(anl::ctl::Context& ctx, const PrivacyOptions& o, bool erase) {
    if (o.as.empty())
        return MakeError(ErrorCode::kInvalidInput,
                         "Say who answers the request: --as N (an administrator) with --as-pin.");
    auto session = anl::ctl::OpenStore(ctx);
    if (!session) return MakeError(ErrorCode::kStorage, "");  // reported by OpenStore
    anl::store::Store& store = *session->store;
    auto signed_in = store.SignIn(o.as, ReadPinOption(o.as_pin));
    if (!signed_in.ok()) return signed_in.error();
    auto to_events = [](const std::vector<anl::store::StoredEvent>& stored) {
        std::vector<anl::core::Event> events;
        for (const auto& e : stored) events.push_back(e.event);
        return events;
    };
    if (!erase) {
        auto found = store.FindVisitorData(o.as, o.reference, o.day);
        if (!found.ok()) return found.error();
        json shown = anl::core::VisitorDataToJson(found->match, to_events(found->events));
        shown["site"] = store.site().site_id;
        return shown;
    }
    auto erased = store.ErasePersonalData(o.as, o.reference, o.day, o.dry_run);
    if (!erased.ok()) return erased.error();
    return json{{"site", store.site().site_id}, {"dry_run", o.dry_run},  {"events", erased->events},
                {"fields", erased->fields},     {"tickets", erased->tickets}, {"handoffs", erased->handoffs},
                {"recorded", erased->recorded}};
}

}  // namespace

ANL_CTL_COMMANDS(Privacy) {
    auto o = std::make_shared<PrivacyOptions>();
    auto* group = app.add_subcommand("privacy", "A visitor's request for information or erasure (GDPR Art. 15/17)");
    group->require_subcommand(1);
    auto add_common = [o](CLI::App* cmd) {
        cmd->add_option("--reference", o->reference, "Booking reference (A-0329-0830-1), ticket number (A-042) or ticket id")
            ->required();
        cmd->add_option("--day", o->day, "The service day of a ticket number (default: its most recent day)");
        cmd->add_option("--format", o->format, "text or json (--json: json)")->check(CLI::IsMember({"text", "json"}));
        cmd->add_option("--as", o->as, "With --db: act as this administrator (signed in with --as-pin)");
        cmd->add_option("--as-pin", o->as_pin, "The PIN of --as, or - to read it from stdin");
        cmd->add_option("--site", o->site, "With --central and the admin token: the site");
        cmd->add_option("--admin-token-file", o->admin_token_file, "With --central: the administrator's token");
        cmd->add_option("--ca", o->ca_file, "With --central over https: trust only this CA file");
    };
    auto* show = group->add_subcommand("show", "Every stored event of the visitor with its personal fields");
    add_common(show);
    auto* erase = group->add_subcommand("erase", "Empty the visitor's personal fields everywhere (figures stay)");
    add_common(erase);
    erase->add_flag("--dry-run", o->dry_run, "Only count what would be erased");
    auto run = [&ctx, o](bool erasing) {
        if (auto plain = CheckPlain(o->reference, "--reference"); !plain.ok()) return (void)anl::ctl::Fail(ctx, plain.error());
        if (auto plain = CheckPlain(o->day, "--day"); !plain.ok()) return (void)anl::ctl::Fail(ctx, plain.error());
        if (auto plain = CheckPlain(o->as, "--as"); !plain.ok()) return (void)anl::ctl::Fail(ctx, plain.error());
        auto answer = ctx.central_url.empty() ? AtStore(ctx, *o, erasing) : AtCentral(ctx, *o, erasing);
        if (!answer.ok()) {
            if (ctx.exit_code == 0) anl::ctl::Fail(ctx, answer.error());
            return;
        }
        if (ctx.json || o->format == "json") return anl::ctl::PrintJson(*answer);
        if (erasing) PrintErased(*answer, o->dry_run);
        else PrintShown(*answer);
    };
    show->callback([run] { run(false); });
    erase->callback([run] { run(true); });
}
