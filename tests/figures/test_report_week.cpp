// A simulated week at a desk terminal's real store (seeded dice, a fake clock), reported by
// the real `anlaufstelle-ctl report` as JSON, CSV and XLSX, against figures this test works
// out itself from the raw event log: its own fold of the payloads, its own percentiles and
// its own Berlin clock (CET, CEST from 2026-03-29 01:00 UTC) — no figures or core code.
// The week holds the spring daylight-saving day and a visit across midnight.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../store/ctl_run.h"
#include "../store/store_fixtures.h"
#include "../support/skip.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"

namespace anl::test {
namespace {

using nlohmann::json;

constexpr Micros kMin = 60 * kMicrosPerSecond;
constexpr Micros kHourUs = 60 * kMin;
// Monday 2026-03-23 00:00 CET = 2026-03-22T23:00Z.
constexpr Micros kWeekStartUtc = 1'774'220'400LL * kMicrosPerSecond;
// Summer time begins 2026-03-29 at 01:00 UTC (02:00 CET becomes 03:00 CEST).
constexpr Micros kSummerTimeUtc = 1'774'746'000LL * kMicrosPerSecond;

// Local wall-clock time as if it were UTC ("naive"), and back.
Micros BerlinLocal(Micros utc) { return utc + (utc >= kSummerTimeUtc ? 2 : 1) * kHourUs; }
constexpr Micros kWeekStartLocal = kWeekStartUtc + kHourUs;
// UTC of local day `d` (0 = Monday 23rd) at hh:mm (not inside the 02:00-03:00 gap).
Micros Utc(int d, int hh, int mm) {
    const Micros local = kWeekStartLocal + d * 24 * kHourUs + hh * kHourUs + mm * kMin;
    const Micros summer_from = kWeekStartLocal + 6 * 24 * kHourUs + 2 * kHourUs;
    return local - (local >= summer_from ? 2 : 1) * kHourUs;
}
std::string DayOf(Micros utc) {
    const int d = static_cast<int>((BerlinLocal(utc) - kWeekStartLocal) / (24 * kHourUs));
    char buf[32];
    std::snprintf(buf, sizeof buf, "2026-03-%02d", 23 + d);
    return buf;
}
int HourOf(Micros utc) { return static_cast<int>(((BerlinLocal(utc) - kWeekStartLocal) % (24 * kHourUs)) / kHourUs); }

catalogue::Catalogue WeekCatalogue() {
    auto c = SmallCatalogue();
    catalogue::Service cm;
    cm.id = "fsa.case-management";
    cm.office_id = "fsa";
    cm.needs_appointment = true;
    c.services.push_back(cm);
    c.partners = {{"law-clinic", "Law Clinic e. V.", "Hauptstraße 1", "Di 16–19 Uhr", {"de", "ar"}, {"asylum-law"},
                   "https://law.example"}};
    c.case_management = {"fsa.case-management", {"several-offices", "housing-risk"}};
    return c;
}

// --- the simulation ---------------------------------------------------------------------
struct Counter {
    std::string office;
    int number = 0;
    std::string ticket;  // being served or called
    Micros free_at = 0;  // when the current step ends
    int step = 0;        // 0 idle, 1 called, 2 in service
};

void Ok(const Result<store::Outcome>& r) {
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
}

// Plays one local day: arrivals between 08:00 and 15:00, two counters at abh, one at fsa.
void PlayDay(store::Store& s, FakeClock& clock, std::mt19937_64& rng, int d, int visits) {
    auto roll = [&] { return std::uniform_real_distribution<double>(0, 1)(rng); };
    std::vector<Micros> arrivals;
    for (int i = 0; i < visits; ++i)
        arrivals.push_back(Utc(d, 8, 0) + static_cast<Micros>(roll() * 7 * 60) * kMin);
    std::sort(arrivals.begin(), arrivals.end());
    std::vector<Counter> counters = {{"abh", 1, "", 0, 0}, {"abh", 2, "", 0, 0}, {"fsa", 1, "", 0, 0}};
    const char* langs[] = {"de", "ar", "ps", "fa", "uk", "tr"};
    std::size_t next = 0;
    for (Micros now = Utc(d, 8, 0); now < Utc(d, 22, 0); now += kMin) {
        clock.Set(now);
        while (next < arrivals.size() && arrivals[next] <= now) {
            ++next;
            core::IssueTicket issue;
            const double r = roll();
            issue.service_id = r < 0.45 ? "abh.permit-extension" : r < 0.7 ? "abh.address-change" : "fsa.counselling";
            issue.lang = langs[static_cast<std::size_t>(roll() * 6) % 6];
            issue.interpreter = issue.lang != "de" && roll() < 0.4;
            if (issue.service_id != "fsa.counselling" && roll() < 0.2) issue.next_service_ids = {"fsa.counselling"};
            Ok(s.Execute(issue));
        }
        for (Counter& c : counters) {
            if (c.step != 0 && now < c.free_at) continue;
            if (c.step == 1) {  // called: comes to the counter, or not
                if (roll() < 0.08) {
                    Ok(s.Execute(core::Recall{c.ticket}));
                    Ok(s.Execute(core::MarkNoShow{c.ticket}));
                    c.step = 0;
                } else {
                    Ok(s.Execute(core::StartService{c.ticket}));
                    c.step = 2;
                    c.free_at = now + (4 + static_cast<Micros>(roll() * 20)) * kMin;
                }
                continue;
            }
            if (c.step == 2) {
                const double r = roll();
                if (c.office == "abh" && r < 0.12) {
                    Ok(s.Execute(core::Transfer{c.ticket, "fsa.counselling", ""}));
                } else {
                    if (r > 0.9) REQUIRE(s.GiveReferral({"law-clinic", c.office, s.state().tickets.at(c.ticket).service_id}).ok());
                    if (c.office == "fsa" && r < 0.1)
                        REQUIRE(s.HandToCaseManagement({c.ticket, "housing-risk", "", false, ""}).ok());
                    Ok(s.Execute(core::FinishService{c.ticket}));
                }
                c.step = 0;
            }
            auto called = s.Execute(core::CallNext{c.office, c.number});
            if (!called.ok()) continue;  // nobody waiting
            c.ticket = called->ticket_ids.front();
            c.step = 1;
            c.free_at = now + (1 + static_cast<Micros>(roll() * 3)) * kMin;
        }
    }
    // The day is over: nobody waits, no counter serves.
    for (const Counter& c : counters) REQUIRE(c.step == 0);
    REQUIRE(s.Queue().empty());
}

// A visit whose wait crosses a boundary: issued at `issued`, called at `called`, served 10 min.
void OneVisit(store::Store& s, FakeClock& clock, Micros issued, Micros called) {
    clock.Set(issued);
    Ok(s.Execute(core::IssueTicket{"abh.address-change", "ar", "", true, 0}));
    clock.Set(called);
    auto call = s.Execute(core::CallNext{"abh", 3});
    Ok(call);
    Ok(s.Execute(core::StartService{call->ticket_ids.front()}));
    clock.Set(called + 10 * kMin);
    Ok(s.Execute(core::FinishService{call->ticket_ids.front()}));
}

// --- the independent figures ----------------------------------------------------------------
struct Stop {
    std::string office, service, lang, day;
    int hour = 0, index = 0;
    bool interpreter = false;
    Micros created = 0, called = 0, started = 0, finished = 0;
    std::string end;  // "done", "no_show", "transferred", ""
};

struct Expected {
    std::map<std::string, Stop> stops;  // by ticket id
    std::vector<std::string> order;     // ticket ids in creation order
    std::map<std::tuple<std::string, std::string>, int> transfers;
    std::map<std::string, int> referrals;  // by local day
    std::map<std::string, int> handoffs;   // by local day
    std::map<std::tuple<std::string, std::string, int>, std::set<int>> counters;  // office, day, hour
};

Expected Fold(const std::vector<store::StoredEvent>& events) {
    Expected x;
    std::map<std::string, json> plans;  // visit id -> plan
    std::map<std::string, std::string> visit_of;
    std::map<std::string, std::vector<std::string>> tickets_of;
    auto add = [&](const std::string& id, Stop s) {
        s.day = DayOf(s.created);
        s.hour = HourOf(s.created);
        x.stops[id] = s;
        x.order.push_back(id);
    };
    for (const auto& stored : events) {
        const core::Event& e = stored.event;
        const json& p = e.payload;
        const std::string id = p.value("ticket_id", "");
        if (e.type == "ticket.issued") {
            Stop s;
            s.office = p["office_id"];
            s.service = p["service_id"];
            s.lang = p["lang"];
            s.interpreter = p["interpreter"];
            s.created = e.at_us;
            const std::string visit = p["visit_id"];
            visit_of[id] = visit;
            tickets_of[visit] = {id};
            plans[visit] = p.value("plan", json::array());
            add(id, s);
        } else if (e.type == "ticket.called" || e.type == "ticket.recalled") {
            Stop& s = x.stops.at(id);
            if (!s.called) s.called = e.at_us;
            x.counters[{s.office, DayOf(e.at_us), HourOf(e.at_us)}].insert(p["counter"].get<int>());
        } else if (e.type == "ticket.started") {
            x.stops.at(id).started = e.at_us;
        } else if (e.type == "ticket.no_show") {
            x.stops.at(id).end = "no_show";
        } else if (e.type == "referral.given") {
            ++x.referrals[DayOf(e.at_us)];
        } else if (e.type == "handoff.given") {
            ++x.handoffs[DayOf(e.at_us)];
        } else if (e.type == "ticket.finished" || e.type == "ticket.transferred") {
            Stop& s = x.stops.at(id);
            s.finished = e.at_us;
            s.end = e.type == "ticket.finished" ? "done" : "transferred";
            const std::string visit = visit_of.at(id);
            Stop n = s;
            n.index = s.index + 1;
            n.created = e.at_us;
            n.called = n.started = n.finished = 0;
            n.end = "";
            std::string new_id;
            if (e.type == "ticket.transferred") {
                new_id = p["new_ticket_id"];
                n.office = p["office_id"];
                n.service = p["service_id"];
                ++x.transfers[{s.office, n.office}];
            } else {
                // The next planned stop not begun: this test's plans have two stops at most.
                const json& plan = plans.at(visit);
                bool begun = false;
                for (const auto& t : tickets_of.at(visit))
                    if (t != tickets_of.at(visit).front() && x.stops.at(t).service == "fsa.counselling") begun = true;
                if (plan.size() < 2 || begun || tickets_of.at(visit).size() != 1) continue;
                new_id = e.device_id + "/" + std::to_string(e.seq);
                n.office = plan[1]["office_id"];
                n.service = plan[1]["service_id"];
            }
            visit_of[new_id] = visit;
            tickets_of[visit].push_back(new_id);
            add(new_id, n);
        }
    }
    return x;
}

struct Figures {
    int arrivals = 0, called = 0, served = 0, no_shows = 0, transferred = 0, walk_ins = 0;
    std::vector<double> waits, services;
};
double Mean(const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0 : sum / static_cast<double>(v.size());
}
double Percentile(std::vector<double> v, int percent) {  // nearest rank
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    std::size_t rank = (v.size() * static_cast<std::size_t>(percent) + 99) / 100;
    return v[std::max<std::size_t>(rank, 1) - 1];
}
void Count(Figures& f, const Stop& s) {
    ++f.arrivals;
    if (s.index == 0) ++f.walk_ins;
    if (s.called) {
        ++f.called;
        f.waits.push_back(double(s.called - s.created) / double(kMin));
    }
    if (s.end == "done") ++f.served;
    if (s.end == "no_show") ++f.no_shows;
    if (s.end == "transferred") ++f.transferred;
    if (s.started && (s.end == "done" || s.end == "transferred"))
        f.services.push_back(double(s.finished - s.started) / double(kMin));
}

// The report's table `name` as rows of {column: value}.
std::vector<json> Rows(const json& report, const std::string& name) {
    for (const auto& t : report["tables"]) {
        if (t["name"] != name) continue;
        std::vector<json> out;
        for (const auto& row : t["rows"]) {
            json o;
            for (std::size_t i = 0; i < t["columns"].size(); ++i) o[t["columns"][i].get<std::string>()] = row[i];
            out.push_back(o);
        }
        return out;
    }
    FAIL("no table " << name);
    return {};
}
json RowWith(const json& report, const std::string& table, const std::string& column, const json& value) {
    for (const auto& row : Rows(report, table))
        if (row[column] == value) return row;
    FAIL("no row " << column << "=" << value.dump() << " in " << table);
    return {};
}

void CheckQueue(const json& row, const Figures& f) {
    INFO(row.dump());
    CHECK(row["arrivals"] == f.arrivals);
    CHECK(row["walk_ins"] == f.walk_ins);
    CHECK(row["called"] == f.called);
    CHECK(row["served"] == f.served);
    CHECK(row["no_shows"] == f.no_shows);
    CHECK(row["transferred"] == f.transferred);
    CHECK(row["wait_count"] == static_cast<int>(f.waits.size()));
    CHECK(row["wait_mean"].get<double>() == Approx(Mean(f.waits)).margin(0.001));
    CHECK(row["wait_median"].get<double>() == Approx(Percentile(f.waits, 50)).margin(0.001));
    CHECK(row["wait_p90"].get<double>() == Approx(Percentile(f.waits, 90)).margin(0.001));
    CHECK(row["service_count"] == static_cast<int>(f.services.size()));
    CHECK(row["service_mean"].get<double>() == Approx(Mean(f.services)).margin(0.001));
    CHECK(row["service_p90"].get<double>() == Approx(Percentile(f.services, 90)).margin(0.001));
}

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("report: a simulated week matches figures worked out from the raw events", "[figures][report]") {
    TempDir dir;
    const auto db = dir / "desk.db";
    FakeClock clock(Utc(0, 7, 0));
    {
        auto s = OpenStore(db, clock);
        REQUIRE(s->Initialise(store::SiteSettings{}, WeekCatalogue(), core::Device{"desk-1", "site-1", 1, Role::kDesk}).ok());
        std::mt19937_64 rng(20260323);
        for (int d = 0; d < 7; ++d) {
            if (d == 6) OneVisit(*s, clock, Utc(6, 1, 50), kSummerTimeUtc + 10 * kMin);     // 01:50 CET -> 03:10 CEST
            PlayDay(*s, clock, rng, d, d == 6 ? 12 : 40);
            if (d == 5) OneVisit(*s, clock, Utc(5, 23, 50), Utc(6, 0, 10));                 // Sat 23:50 -> Sun 00:10
        }
        // The Monday after: outside the period, must not count.
        PlayDay(*s, clock, rng, 7, 5);
    }
    auto reopened = OpenStore(db, clock);
    auto events = reopened->ListEvents(0, 1'000'000);
    REQUIRE(events.ok());
    const Expected x = Fold(*events);

    const std::string base = "--db " + db.string() + " report --from 2026-03-23 --to 2026-03-29";
    auto run = Ctl(base + " --format json");
    INFO(run.out.substr(0, 2000));
    REQUIRE(run.exit_code == 0);
    const json report = json::parse(run.out);

    // Every group of the queue figures.
    Figures total;
    std::map<std::string, Figures> by_office, by_day, by_hour;
    for (const auto& id : x.order) {
        const Stop& s = x.stops.at(id);
        if (s.day < "2026-03-23" || s.day > "2026-03-29") continue;
        Count(total, s);
        Count(by_office[s.office], s);
        Count(by_day[s.day], s);
        char hour[8];
        std::snprintf(hour, sizeof hour, "%02d", s.hour);
        Count(by_hour[hour], s);
    }
    REQUIRE(total.arrivals > 250);
    REQUIRE(total.transferred > 5);
    REQUIRE(total.no_shows > 5);
    CheckQueue(Rows(report, "summary").at(0), total);
    for (const auto& [office, f] : by_office) CheckQueue(RowWith(report, "by_office", "office", office), f);
    for (const auto& [day, f] : by_day) CheckQueue(RowWith(report, "by_day", "day", day), f);
    for (const auto& [hour, f] : by_hour) CheckQueue(RowWith(report, "by_hour", "hour", hour), f);
    CHECK(Rows(report, "by_day").size() == 7);
    CHECK(Rows(report, "by_week").size() == 1);
    CheckQueue(RowWith(report, "by_week", "week", "2026-W13"), total);

    // The daylight-saving visit waited 20 minutes, not 80, and counts at 01 of the Sunday;
    // the visit across midnight waited 20 minutes and counts on the Saturday at 23.
    const json sunday_one = RowWith(report, "by_hour", "hour", "01");
    CHECK(sunday_one["arrivals"] == 1);
    CHECK(sunday_one["wait_mean"].get<double>() == Approx(20.0));
    const json late = RowWith(report, "by_hour", "hour", "23");
    CHECK(late["arrivals"] == 1);
    CHECK(late["wait_mean"].get<double>() == Approx(20.0));
    CHECK(Rows(report, "by_hour").size() == by_hour.size());

    // Transfers, languages, referrals, hand-offs.
    for (const auto& [key, n] : x.transfers) {
        bool found = false;
        for (const auto& row : Rows(report, "transfers"))
            if (row["from_office"] == std::get<0>(key) && row["to_office"] == std::get<1>(key)) {
                CHECK(row["transfers"] == n);
                found = true;
            }
        CHECK(found);
    }
    std::map<std::pair<std::string, std::string>, std::pair<int, int>> languages;
    for (const auto& id : x.order) {
        const Stop& s = x.stops.at(id);
        if (s.day < "2026-03-23" || s.day > "2026-03-29") continue;
        auto& l = languages[{s.office, s.lang}];
        ++l.first;
        if (s.interpreter) ++l.second;
    }
    CHECK(Rows(report, "languages").size() == languages.size());
    for (const auto& row : Rows(report, "languages")) {
        auto l = languages.at({row["office"], row["lang"]});
        CHECK(row["stops"] == l.first);
        CHECK(row["interpreter"] == l.second);
    }
    int referrals = 0, handoffs = 0;
    for (const auto& row : Rows(report, "referrals")) referrals += row["referrals"].get<int>();
    for (const auto& row : Rows(report, "handoffs")) handoffs += row["handoffs"].get<int>();
    int expected_referrals = 0, expected_handoffs = 0;
    for (const auto& [day, n] : x.referrals) expected_referrals += day <= "2026-03-29" ? n : 0;
    for (const auto& [day, n] : x.handoffs) expected_handoffs += day <= "2026-03-29" ? n : 0;
    CHECK(expected_referrals > 0);
    CHECK(referrals == expected_referrals);
    CHECK(handoffs == expected_handoffs);

    // Capacity: counters that called per office and hour, arrivals per office and hour.
    for (const auto& row : Rows(report, "capacity")) {
        auto it = x.counters.find({row["office"], row["day"], row["hour"].get<int>()});
        CHECK(row["open_counters"] == (it == x.counters.end() ? 0 : static_cast<int>(it->second.size())));
        int arrivals = 0;
        for (const auto& [id, s] : x.stops)
            if (s.office == row["office"] && s.day == row["day"] && s.hour == row["hour"].get<int>()) ++arrivals;
        CHECK(row["arrivals"] == arrivals);
        if (row["open_counters"].get<int>() > 0)
            CHECK(row["utilisation"].get<double>() ==
                  Approx(row["busy_minutes"].get<double>() / (60.0 * row["open_counters"].get<int>())).margin(0.002));
    }

    // The office filter: only abh's stops.
    auto abh = Ctl(base + " --office abh --format json");
    REQUIRE(abh.exit_code == 0);
    CheckQueue(Rows(json::parse(abh.out), "summary").at(0), by_office.at("abh"));

    // CSV: the summary's figures as the JSON has them.
    auto csv = Ctl(base + " --format csv");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("# summary\r\nfrom,to,site,office,sites,arrivals,", 0) == 0);
    CHECK(csv.out.find("\r\n# by_office\r\nsite,office,arrivals,") != std::string::npos);
    CHECK(csv.out.find(",site-1," + std::to_string(total.arrivals) + ",") != std::string::npos);

    // XLSX read back with a spreadsheet reader (openpyxl): every sheet equals its table.
    const auto xlsx = dir / "week.xlsx";
    auto written = Ctl(base + " --format xlsx --out " + xlsx.string());
    INFO(written.out);
    REQUIRE(written.exit_code == 0);
    const auto dumped = dir / "week.json";
    // Debian's python3 (python3-openpyxl installs there), not one a PATH may put first.
    const std::string interpreter = std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    const std::string python = interpreter + " " + std::string(ANL_SOURCE_DIR) + "/tests/figures/xlsx_to_json.py " +
                               xlsx.string() + " > " + dumped.string() + " 2>&1";
    const int rc = std::system(python.c_str());
    if (WEXITSTATUS(rc) == kSkipExitCode) {
        if (UnderCi()) FAIL("python3-openpyxl is missing under CI (packaging/install-deps.sh installs it)");
        Skip("python3-openpyxl is not installed: the spreadsheet cannot be read back");
        return;
    }
    INFO(ReadFile(dumped));
    REQUIRE(WEXITSTATUS(rc) == 0);
    const json sheets = json::parse(ReadFile(dumped));
    CHECK(sheets["charts"]["charts"].get<int>() == 3);
    for (const auto& t : report["tables"]) {
        const std::string name = t["name"];
        INFO(name);
        REQUIRE(sheets.contains(name));
        const json& rows = sheets[name]["rows"];
        REQUIRE(rows.size() == t["rows"].size() + 1);
        CHECK(rows[0] == t["columns"]);
        for (std::size_t r = 0; r < t["rows"].size(); ++r)
            for (std::size_t c = 0; c < t["columns"].size(); ++c) {
                const json& want = t["rows"][r][c];
                const json& got = rows[r + 1][c];
                if (want.is_number()) CHECK(got.get<double>() == Approx(want.get<double>()));
                else if (want == "") CHECK(got.is_null());  // a spreadsheet's empty cell
                else CHECK(got == want);
            }
    }
    CheckQueue(RowWith(json{{"tables", json::array({{{"name", "s"}, {"columns", sheets["summary"]["rows"][0]},
                                                      {"rows", json::array({sheets["summary"]["rows"][1]})}}})}},
                       "s", "from", "2026-03-23"),
               total);

    // The central, holding the same events, answers GET /v1/reports with the same tables, to
    // administrators only.
    using namespace sync::central;
    auto central = OpenSqliteStore((dir / "central.db").string());
    REQUIRE(central.ok());
    CentralStore& cs = *central.value();
    auto enrol = [&](const std::string& site, Role role, const std::string& device, int slot) {
        REQUIRE(cs.AddDevice(site, role, "", HashSecret(device + "-code"), 1'000'000'000'000'000).ok());
        auto enrolled = cs.Enroll(HashSecret(device + "-code"), device, site, slot, HashSecret(device + "-token"), 5);
        REQUIRE(enrolled.ok());
        return enrolled.value();
    };
    const auto desk = enrol("site-1", Role::kDesk, "desk-1", 1);
    enrol("site-1", Role::kAdmin, "admin-1", 2);
    enrol("site-2", Role::kAdmin, "admin-2", 3);
    std::vector<sync::Event> wire;
    for (const auto& e : *events) wire.push_back({e.event.device_id, e.event.seq, e.event.type, e.event.payload.dump(), e.event.at_us});
    auto ingested = cs.Ingest(desk, wire, clock.NowUtcMicros());
    REQUIRE(ingested.ok());
    REQUIRE(ingested->stored == static_cast<std::int64_t>(wire.size()));
    Service service(cs, clock, "the-admin-token");
    auto get = [&](const std::string& query, const std::string& token) {
        return service.Handle({"GET", "/v1/reports?" + query, token.empty() ? "" : "Bearer " + token, ""}).response;
    };
    const std::string period = "from=2026-03-23&to=2026-03-29";
    for (const std::string token : {"the-admin-token", "admin-1-token"}) {
        auto answer = get(period, token);
        INFO(token << ": " << answer.body.substr(0, 300));
        REQUIRE(answer.status == 200);
        json tables = json::parse(answer.body)["tables"];
        REQUIRE(tables.size() == report["tables"].size());
        for (std::size_t i = 0; i < tables.size(); ++i) {
            INFO(tables[i]["name"]);
            if (tables[i]["name"] == "summary") {  // the query's own columns name the site
                json a = tables[i]["rows"][0], b = report["tables"][i]["rows"][0];
                a.erase(a.begin(), a.begin() + 5);
                b.erase(b.begin(), b.begin() + 5);
                CHECK(a == b);
            } else {
                CHECK(tables[i] == report["tables"][i]);
            }
        }
    }
    CHECK(get(period, "desk-1-token").status == 403);             // not an administrator
    CHECK(get(period + "&site=site-1", "admin-2-token").status == 403);  // another site's admin
    CHECK(get(period, "").status == 401);
    CHECK(get("from=2026-03-29&to=2026-03-23", "the-admin-token").status == 400);
    // The admin token without a site: every site, the empty one included.
    auto all = json::parse(get(period, "the-admin-token").body);
    CHECK(all["sites"] == json::array({"site-1", "site-2"}));
}

// The central keeps each site's fold between reports (service_reports.cpp) and folds only
// what arrived since. A report after more events arrived must equal the report of a central
// that folds everything at once, for every period and office asked, and the kept fold must
// have let go of the tickets closed days ago.
TEST_CASE("report: the central's kept fold, fed in two parts, answers as a fold of everything", "[figures][report]") {
    TempDir dir;
    const auto db = dir / "desk.db";
    FakeClock clock(Utc(0, 7, 0));
    {
        auto s = OpenStore(db, clock);
        REQUIRE(s->Initialise(store::SiteSettings{}, WeekCatalogue(), core::Device{"desk-1", "site-1", 1, Role::kDesk}).ok());
        std::mt19937_64 rng(20260324);
        for (int d = 0; d < 8; ++d) PlayDay(*s, clock, rng, d, 30);
    }
    auto reopened = OpenStore(db, clock);
    auto events = reopened->ListEvents(0, 1'000'000);
    REQUIRE(events.ok());
    std::vector<sync::Event> wire;
    for (const auto& e : *events) wire.push_back({e.event.device_id, e.event.seq, e.event.type, e.event.payload.dump(), e.event.at_us});
    // Cut in the middle of Thursday: tickets open at the cut go on in the second part.
    const auto cut = std::find_if(wire.begin(), wire.end(), [](const sync::Event& e) { return e.at_us >= Utc(3, 11, 0); });
    REQUIRE(cut != wire.end());

    using namespace sync::central;
    auto open = [&](const std::string& name) {
        auto central = OpenSqliteStore((dir / name).string());
        REQUIRE(central.ok());
        auto& cs = *central.value();
        REQUIRE(cs.AddDevice("site-1", Role::kDesk, "", HashSecret("desk-1-code"), 1'000'000'000'000'000).ok());
        auto desk = cs.Enroll(HashSecret("desk-1-code"), "desk-1", "site-1", 1, HashSecret("desk-1-token"), 5);
        REQUIRE(desk.ok());
        return std::make_pair(std::move(central).value(), desk.value());
    };
    auto [kept_store, kept_desk] = open("kept.db");
    auto [fresh_store, fresh_desk] = open("fresh.db");
    Service kept(*kept_store, clock, "the-admin-token");
    auto report = [](Service& service, const std::string& query) {
        auto answer = service.Handle({"GET", "/v1/reports?" + query, "Bearer the-admin-token", ""}).response;
        INFO(answer.body.substr(0, 300));
        REQUIRE(answer.status == 200);
        return json::parse(answer.body);
    };
    const std::vector<std::string> queries = {"from=2026-03-23&to=2026-03-29", "from=2026-03-25&to=2026-03-26",
                                              "from=2026-03-23&to=2026-03-31&office=abh", "from=2026-03-30&to=2026-03-30"};

    REQUIRE(kept_store->Ingest(kept_desk, {wire.begin(), cut}, clock.NowUtcMicros()).ok());
    const json early = report(kept, queries[0]);  // folds the first part and keeps it
    REQUIRE(kept_store->Ingest(kept_desk, {cut, wire.end()}, clock.NowUtcMicros()).ok());
    REQUIRE(fresh_store->Ingest(fresh_desk, wire, clock.NowUtcMicros()).ok());
    for (const auto& query : queries) {
        INFO(query);
        Service fresh(*fresh_store, clock, "the-admin-token");  // a central just started
        const json whole = report(fresh, query);
        CHECK(report(kept, query)["tables"] == whole["tables"]);
    }
    CHECK(early["tables"] != report(kept, queries[0])["tables"]);  // the second part counted

    // The fold itself: every stop kept, only the last days' tickets in its reducer state.
    auto fold = figures::SiteFold::Begin("site-1", "Europe/Berlin");
    REQUIRE(fold.ok());
    for (const auto& e : *events) fold.value()->Add(e.event);
    const std::size_t stops = fold.value()->stops();
    CHECK(stops >= 8 * 30);
    CHECK(fold.value()->tickets_in_state() > 0);
    CHECK(fold.value()->tickets_in_state() * 2 < stops);
}

TEST_CASE("report: refuses a bad period and an unknown format with one sentence", "[figures][report]") {
    TempDir dir;
    FakeClock clock;
    InitStore(dir / "s.db", clock);
    const std::string base = "--db " + (dir / "s.db").string() + " report";
    auto bad_day = Ctl(base + " --from 2026-02-30 --to 2026-03-01");
    CHECK(bad_day.exit_code == 1);
    CHECK(bad_day.out.find("is not a date") != std::string::npos);
    auto reversed = Ctl(base + " --from 2026-03-02 --to 2026-03-01");
    CHECK(reversed.exit_code == 1);
    auto format = Ctl(base + " --from 2026-03-01 --to 2026-03-01 --format pdf");
    CHECK(format.exit_code == 1);
    auto xlsx = Ctl(base + " --from 2026-03-01 --to 2026-03-01 --format xlsx");
    CHECK(xlsx.exit_code == 1);
    CHECK(xlsx.out.find("--out") != std::string::npos);
    auto empty = Ctl(base + " --from 2026-03-01 --to 2026-03-01 --format json");
    REQUIRE(empty.exit_code == 0);
    CHECK(Rows(json::parse(empty.out), "summary").at(0)["arrivals"] == 0);
}

}  // namespace anl::test
