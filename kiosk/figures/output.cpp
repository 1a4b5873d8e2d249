// Reports as tables, JSON, CSV and XLSX (figures.h section 4). XLSX through libxlsxwriter.
#include <cmath>
#include <sstream>

#include <xlsxwriter.h>

#include "kiosk/figures/figures.h"

namespace anl::figures {
namespace {

using nlohmann::json;

// Minutes and shares with three decimals: enough to steer by, stable to compare.
json Round(double value) { return std::round(value * 1000.0) / 1000.0; }

const std::vector<std::string> kQueueColumns = {
    "arrivals",  "walk_ins",    "appointments", "called",      "served",    "no_shows",
    "transferred", "wait_count", "wait_mean",   "wait_median", "wait_p90",  "service_count",
    "service_mean", "service_median", "service_p90"};

std::vector<json> QueueCells(const QueueFigures& f) {
    return {f.arrivals,           f.walk_ins,          f.appointments,      f.called,
            f.served,             f.no_shows,          f.transferred,       f.wait.count,
            Round(f.wait.mean),   Round(f.wait.median), Round(f.wait.p90),  f.service.count,
            Round(f.service.mean), Round(f.service.median), Round(f.service.p90)};
}

Table Grouped(const std::string& name, const std::string& key_column, const std::vector<GroupRow>& rows) {
    Table t{name, {"site", key_column}, {}};
    t.columns.insert(t.columns.end(), kQueueColumns.begin(), kQueueColumns.end());
    for (const auto& r : rows) {
        std::vector<json> cells = {r.site_id, r.key};
        auto q = QueueCells(r.figures);
        cells.insert(cells.end(), q.begin(), q.end());
        t.rows.push_back(std::move(cells));
    }
    return t;
}

std::string CsvField(const json& cell) {
    std::string text = cell.is_string() ? cell.get<std::string>() : cell.dump();
    if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

const Table* Find(const std::vector<Table>& tables, std::string_view name) {
    for (const auto& t : tables)
        if (t.name == name) return &t;
    return nullptr;
}

int Column(const Table& t, std::string_view name) {
    for (std::size_t i = 0; i < t.columns.size(); ++i)
        if (t.columns[i] == name) return static_cast<int>(i);
    return -1;
}

}  // namespace

std::vector<Table> ReportTables(const Report& r) {
    std::vector<Table> tables;
    Table summary{"summary", {"from", "to", "site", "office", "sites"}, {}};
    summary.columns.insert(summary.columns.end(), kQueueColumns.begin(), kQueueColumns.end());
    summary.columns.push_back("feedback_recorded");
    std::string sites;
    for (const auto& s : r.sites) sites += (sites.empty() ? "" : " ") + s;
    std::vector<json> cells = {r.query.from_day, r.query.to_day, r.query.site_id, r.query.office_id, sites};
    auto q = QueueCells(r.total);
    cells.insert(cells.end(), q.begin(), q.end());
    cells.push_back(r.feedback_recorded ? "yes" : "no");
    summary.rows.push_back(std::move(cells));
    tables.push_back(std::move(summary));

    tables.push_back(Grouped("by_office", "office", r.by_office));
    tables.push_back(Grouped("by_service", "service", r.by_service));
    tables.push_back(Grouped("by_day", "day", r.by_day));
    tables.push_back(Grouped("by_week", "week", r.by_week));
    tables.push_back(Grouped("by_hour", "hour", r.by_hour));

    Table capacity{"capacity", {"site", "office", "day", "hour", "arrivals", "open_counters", "busy_minutes", "utilisation"}, {}};
    for (const auto& c : r.capacity)
        capacity.rows.push_back({c.site_id, c.office_id, c.day, c.hour, c.arrivals, c.open_counters,
                                 Round(c.busy_minutes), Round(c.utilisation)});
    tables.push_back(std::move(capacity));

    Table appointments{"appointments", {"site", "service", "day", "booked", "cancelled", "late_cancellations", "arrived", "no_shows"}, {}};
    for (const auto& a : r.appointments)
        appointments.rows.push_back({a.site_id, a.service_id, a.day, a.booked, a.cancelled, a.late_cancellations,
                                     a.arrived, a.no_shows});
    tables.push_back(std::move(appointments));

    Table transfers{"transfers", {"site", "from_office", "to_office", "transfers"}, {}};
    for (const auto& t : r.transfers) transfers.rows.push_back({t.site_id, t.from_office, t.to_office, t.transfers});
    tables.push_back(std::move(transfers));

    Table one_stop{"one_stop", {"site", "office", "later_stops", "called", "wait_mean", "wait_median", "wait_p90",
                                "compared", "fresh_wait_mean", "no_requeue", "no_requeue_share", "saved_minutes"}, {}};
    for (const auto& o : r.one_stop)
        one_stop.rows.push_back({o.site_id, o.office_id, o.later_stops, o.called, Round(o.wait.mean), Round(o.wait.median),
                                 Round(o.wait.p90), o.compared, Round(o.fresh_wait_mean), o.no_requeue,
                                 Round(o.no_requeue_share), Round(o.saved_minutes)});
    tables.push_back(std::move(one_stop));

    Table languages{"languages", {"site", "office", "lang", "stops", "interpreter"}, {}};
    for (const auto& l : r.languages) languages.rows.push_back({l.site_id, l.office_id, l.lang, l.stops, l.interpreter});
    tables.push_back(std::move(languages));

    Table referrals{"referrals", {"site", "partner", "office", "referrals"}, {}};
    for (const auto& x : r.referrals) referrals.rows.push_back({x.site_id, x.partner_id, x.office_id, x.referrals});
    tables.push_back(std::move(referrals));

    Table handoffs{"handoffs", {"site", "office", "handoffs", "with_appointment"}, {}};
    for (const auto& h : r.handoffs) handoffs.rows.push_back({h.site_id, h.office_id, h.handoffs, h.with_appointment});
    tables.push_back(std::move(handoffs));

    Table feedback{"feedback", {"site", "office", "answers", "mean_score", "score_1", "score_2", "score_3", "score_4", "score_5"}, {}};
    for (const auto& f : r.feedback)
        feedback.rows.push_back({f.site_id, f.office_id, f.answers, Round(f.mean_score), f.scores[0], f.scores[1],
                                 f.scores[2], f.scores[3], f.scores[4]});
    tables.push_back(std::move(feedback));

    Table reasons{"feedback_reasons", {"site", "office", "reason", "count"}, {}};
    for (const auto& x : r.feedback_reasons) reasons.rows.push_back({x.site_id, x.office_id, x.reason, x.count});
    tables.push_back(std::move(reasons));
    return tables;
}

json ReportToJson(const Report& r) {
    json tables = json::array();
    for (const auto& t : ReportTables(r)) {
        json rows = json::array();
        for (const auto& row : t.rows) rows.push_back(row);
        tables.push_back({{"name", t.name}, {"columns", t.columns}, {"rows", std::move(rows)}});
    }
    return {{"query",
             {{"from", r.query.from_day}, {"to", r.query.to_day}, {"site", r.query.site_id}, {"office", r.query.office_id}}},
            {"sites", r.sites},
            {"feedback_recorded", r.feedback_recorded},
            {"tables", std::move(tables)}};
}

Result<std::vector<Table>> TablesFromJson(const json& doc) {
    auto bad = [](const std::string& why) {
        return MakeError(ErrorCode::kInvalidInput, "The report is malformed: " + why + ".");
    };
    if (!doc.is_object() || !doc.contains("tables") || !doc["tables"].is_array()) return bad("it has no tables");
    std::vector<Table> out;
    for (const auto& t : doc["tables"]) {
        if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || !t.contains("columns") ||
            !t["columns"].is_array() || !t.contains("rows") || !t["rows"].is_array())
            return bad("a table lacks its name, columns or rows");
        Table table;
        table.name = t["name"].get<std::string>();
        if (!CheckInputText(table.name, TextShape::kSingleLine, 31, "A table's name").ok())
            return bad("a table's name is not a short line");
        for (const auto& c : t["columns"]) {
            if (!c.is_string()) return bad("a column name is not text");
            table.columns.push_back(c.get<std::string>());
        }
        for (const auto& row : t["rows"]) {
            if (!row.is_array() || row.size() != table.columns.size()) return bad("a row of " + table.name + " has the wrong width");
            std::vector<json> cells;
            for (const auto& cell : row) {
                if (!cell.is_string() && !cell.is_number()) return bad("a cell of " + table.name + " is neither text nor a number");
                cells.push_back(cell);
            }
            table.rows.push_back(std::move(cells));
        }
        out.push_back(std::move(table));
    }
    return out;
}

std::string TablesToCsv(const std::vector<Table>& tables) {
    std::ostringstream out;
    bool first = true;
    for (const auto& t : tables) {
        if (!first) out << "\r\n";
        first = false;
        out << "# " << t.name << "\r\n";
        for (std::size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << CsvField(t.columns[i]);
        out << "\r\n";
        for (const auto& row : t.rows) {
            for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CsvField(row[i]);
            out << "\r\n";
        }
    }
    return out.str();
}

Status WriteXlsx(const std::vector<Table>& tables, const std::string& path) {
    lxw_workbook* book = workbook_new(path.c_str());
    if (!book) return MakeError(ErrorCode::kStorage, "Could not create the spreadsheet " + path + ".");
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    for (const auto& t : tables) {
        lxw_worksheet* sheet = workbook_add_worksheet(book, t.name.c_str());
        if (!sheet) {
            workbook_close(book);
            return MakeError(ErrorCode::kInvalidInput, "A spreadsheet cannot have a sheet named " + t.name + ".");
        }
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), t.columns[c].c_str(), bold);
        for (std::size_t r = 0; r < t.rows.size(); ++r)
            for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
                const json& cell = t.rows[r][c];
                const auto row = static_cast<lxw_row_t>(r + 1);
                const auto col = static_cast<lxw_col_t>(c);
                if (cell.is_number()) worksheet_write_number(sheet, row, col, cell.get<double>(), nullptr);
                else worksheet_write_string(sheet, row, col, cell.get<std::string>().c_str(), nullptr);
            }
    }
    // The chart sheet: each chart reads its table's sheet (categories and one value column).
    lxw_worksheet* charts = workbook_add_worksheet(book, "charts");
    struct ChartSpec { const char* table; const char* category; const char* value; const char* title; uint8_t type; };
    const ChartSpec specs[] = {
        {"by_hour", "hour", "wait_mean", "Mean waiting time (minutes) by hour", LXW_CHART_COLUMN},
        {"by_day", "day", "arrivals", "Arrivals by day", LXW_CHART_LINE},
        {"languages", "lang", "stops", "Stops by visitor language", LXW_CHART_BAR},
    };
    int placed = 0;
    for (const auto& spec : specs) {
        const Table* t = Find(tables, spec.table);
        if (!t || t->rows.empty()) continue;
        const int category = Column(*t, spec.category), value = Column(*t, spec.value);
        if (category < 0 || value < 0) continue;
        lxw_chart* chart = workbook_add_chart(book, spec.type);
        const auto last = static_cast<lxw_row_t>(t->rows.size());
        lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
        chart_series_set_categories(series, t->name.c_str(), 1, static_cast<lxw_col_t>(category), last,
                                    static_cast<lxw_col_t>(category));
        chart_series_set_values(series, t->name.c_str(), 1, static_cast<lxw_col_t>(value), last,
                                static_cast<lxw_col_t>(value));
        chart_title_set_name(chart, spec.title);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        worksheet_insert_chart(charts, static_cast<lxw_row_t>(placed * 20), 0, chart);
        ++placed;
    }
    lxw_error closed = workbook_close(book);
    if (closed != LXW_NO_ERROR)
        return MakeError(ErrorCode::kStorage, "Could not write the spreadsheet " + path + ": " + lxw_strerror(closed) + ".");
    return {};
}

}  // namespace anl::figures
