// anlaufstelle-ctl report: the key figures of a period (kiosk/figures), from this terminal's
// store or from the central service.
//
//   report --from DATE --to DATE [--site S] [--office O] --format csv|xlsx|json [--out FILE]
//     --db PATH       (default) the terminal's store: its site's events as it knows them
//     --central URL   the central's GET /v1/reports: every site (the admin token) or the
//                     site of the enrolled admin terminal of --db (its device token)
//   Standard output by default; xlsx needs --out (a spreadsheet is not text).
#include <fstream>
#include <iostream>

#include "kiosk/ctl/store_session.h"
#include "kiosk/figures/figures.h"
#include "sync/client/client.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;

struct ReportOptions {
    anl::figures::Query query;
    std::string format = "csv";
    std::string out;
    std::string admin_token_file;
    std::string ca_file;
};

// Every event of the store, in local arrival order, except those refused by the rules.
anl::Result<anl::figures::Report> FromStore(anl::ctl::Context& ctx, const anl::figures::Query& query) {
    auto session = anl::ctl::OpenStore(ctx, false, true);
    if (!session) return MakeError(ErrorCode::kStorage, "");  // reported by OpenStore
    const anl::store::Store& store = *session->store;
    anl::figures::Collector collector(query);
    auto begun = collector.BeginSite(store.site().site_id, store.site().rules.time_zone,
                                     anl::figures::ServiceOffices(store.catalogue()));
    if (!begun.ok()) return begun.error();
    auto fed = store.ForEachEvent(0, [&](const anl::store::StoredEvent& e) -> anl::Status {
        if (e.skipped_because.rfind(anl::store::kRefusedPrefix, 0) != 0) collector.Add(e.event);
        return {};
    });
    if (!fed.ok()) return fed.error();
    return collector.Finish();
}

// "2026-03-23" and ids are letters, digits and - . _ : nothing to escape, checked first.
std::string QueryString(const anl::figures::Query& q) {
    std::string s = "?from=" + q.from_day + "&to=" + q.to_day;
    if (!q.site_id.empty()) s += "&site=" + q.site_id;
    if (!q.office_id.empty()) s += "&office=" + q.office_id;
    return s;
}

bool PlainId(const std::string& id) {
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_'))
            return false;
    return true;
}

anl::Result<nlohmann::json> FromCentral(anl::ctl::Context& ctx, const ReportOptions& o) {
    if (!PlainId(o.query.site_id) || !PlainId(o.query.office_id))
        return MakeError(ErrorCode::kInvalidInput, "Site and office ids are letters, digits, '-', '.' and '_'.");
    std::string token, ca_file = o.ca_file;
    if (!o.admin_token_file.empty() || std::getenv("ANL_ADMIN_TOKEN")) {
        auto admin = anl::sync::AdminTokenFrom(o.admin_token_file);
        if (!admin.ok()) return admin.error();
        token = admin.value();
    } else {
        auto journal = anl::sync::Journal::Load(ctx.db_path);
        if (!journal.ok()) return journal.error();
        if (!journal->enrolled())
            return MakeError(ErrorCode::kUnauthorized,
                             "Reports from the central need the admin token (--admin-token-file or ANL_ADMIN_TOKEN) "
                             "or an enrolled admin terminal's store (--db).");
        token = journal->credentials().token;
        if (ca_file.empty()) ca_file = journal->credentials().ca_file;
    }
    auto transport = anl::sync::MakeCurlTransport(ctx.central_url, ca_file);
    anl::sync::HttpRequest request;
    request.method = "GET";
    request.path = std::string(anl::sync::kPathReports) + QueryString(o.query);
    request.token = token;
    request.timeout_ms = 120'000;  // a year of a large centre is folded at the central
    auto response = transport->Send(request);
    if (!response.ok()) return response.error();
    nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
    if (response->status != 200) {
        std::string message = body.is_object() && body.contains("message") && body["message"].is_string()
                                  ? body["message"].get<std::string>()
                                  : "The central answered " + std::to_string(response->status) + ".";
        return MakeError(response->status == 401 || response->status == 403 ? ErrorCode::kUnauthorized
                                                                              : ErrorCode::kRejected,
                         message);
    }
    if (body.is_discarded()) return MakeError(ErrorCode::kNetwork, "The central's report is not JSON.");
    return body;
}

}  // namespace

ANL_CTL_COMMANDS(Report) {
    auto o = std::make_shared<ReportOptions>();
    auto* report = app.add_subcommand("report", "Key figures of a period as CSV, XLSX or JSON (docs/ctl.md)");
    report->add_option("--from", o->query.from_day, "First local day, e.g. 2026-03-23")->required();
    report->add_option("--to", o->query.to_day, "Last local day (included)")->required();
    report->add_option("--site", o->query.site_id, "Only this site");
    report->add_option("--office", o->query.office_id, "Only this office");
    report->add_option("--format", o->format, "csv, xlsx or json")->capture_default_str();
    report->add_option("--out", o->out, "Write to this file (default: standard output)");
    report->add_option("--admin-token-file", o->admin_token_file, "With --central: the administrator's token");
    report->add_option("--ca", o->ca_file, "With --central over https: trust only this CA file");
    report->callback([&ctx, o] {
        if (o->format != "csv" && o->format != "xlsx" && o->format != "json")
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput, "--format must be csv, xlsx or json."));
        if (o->format == "xlsx" && o->out.empty())
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput,
                                                       "An XLSX report needs --out FILE (a spreadsheet is not text)."));
        if (auto valid = anl::figures::ValidateQuery(o->query); !valid.ok()) return (void)anl::ctl::Fail(ctx, valid.error());

        nlohmann::json doc;
        if (ctx.central_url.empty()) {
            auto computed = FromStore(ctx, o->query);
            if (!computed.ok()) {
                if (ctx.exit_code == 0) anl::ctl::Fail(ctx, computed.error());
                return;
            }
            doc = anl::figures::ReportToJson(computed.value());
        } else {
            auto fetched = FromCentral(ctx, *o);
            if (!fetched.ok()) return (void)anl::ctl::Fail(ctx, fetched.error());
            doc = std::move(fetched).value();
        }
        auto tables = anl::figures::TablesFromJson(doc);
        if (!tables.ok()) return (void)anl::ctl::Fail(ctx, tables.error());

        if (o->format == "xlsx") {
            if (auto written = anl::figures::WriteXlsx(tables.value(), o->out); !written.ok())
                anl::ctl::Fail(ctx, written.error());
            return;
        }
        const std::string text = o->format == "json" ? anl::ctl::Dump(doc) + "\n" : anl::figures::TablesToCsv(tables.value());
        if (o->out.empty()) {
            std::cout << text;
            return;
        }
        std::ofstream file(o->out, std::ios::binary | std::ios::trunc);
        file << text;
        file.close();
        if (!file)
            anl::ctl::Fail(ctx, MakeError(ErrorCode::kStorage, "Could not write the report to " + o->out + "."));
    });
}
