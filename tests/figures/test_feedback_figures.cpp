// Visitor feedback as a key figure (issue 15, "visitor feedback (scores and reasons, per
// office)"): a kiosk's store holds a week of seeded-dice feedback, and the real
// `anlaufstelle-ctl report` (JSON, CSV, XLSX) gives per office the answers, the mean score, how
// many gave each score and how often each reason was ticked, equal to what this test counts
// itself from the answers it gave (no figures or core code). Feedback just after local
// midnight and just before the next counts on its local day; a day outside the period does not.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../store/ctl_run.h"
#include "../store/store_fixtures.h"
#include "../support/skip.h"

namespace anl::test {
namespace {

using nlohmann::json;

constexpr Micros kMin = 60 * kMicrosPerSecond;
constexpr Micros kHourUs = 60 * kMin;
// Monday 2026-03-23 00:00 CET = 2026-03-22T23:00Z; the week's days 0..5 are all CET.
constexpr Micros kWeekStartUtc = 1'774'220'400LL * kMicrosPerSecond;
Micros CetToUtc(int day, int hh, int mm) { return kWeekStartUtc + day * 24 * kHourUs + hh * kHourUs + mm * kMin; }

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

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Expected {
    int answers = 0;
    int sum = 0;
    std::array<int, 5> scores{};
    std::map<std::string, int> reasons;
};

}  // namespace

TEST_CASE("report: visitor feedback per office matches the answers given", "[figures][report][feedback]") {
    TempDir dir;
    const auto db = dir / "kiosk.db";
    FakeClock clock(CetToUtc(0, 7, 0));
    const std::vector<std::string> offices = {"abh", "fsa"};
    const std::vector<std::string> reasons = {"waiting-time", "friendliness", "understood-everything",
                                              "needed-interpreter"};
    std::map<std::string, Expected> expected;  // by office, days 0..5 only
    {
        auto s = InitStore(db, clock);
        std::mt19937_64 rng(20260323);
        auto give = [&](Micros at, bool counted) {
            clock.Set(at);
            core::GiveFeedback f;
            f.office_id = offices[rng() % offices.size()];
            f.lang = rng() % 2 ? "ar" : "de";
            f.score = 1 + static_cast<int>(rng() % 5);
            for (const auto& r : reasons)
                if (f.reasons.size() < 3 && rng() % 3 == 0) f.reasons.push_back(r);
            auto given = s->GiveFeedback(f);
            INFO((given.ok() ? std::string() : given.error().message));
            REQUIRE(given.ok());
            if (!counted) return;
            Expected& x = expected[f.office_id];
            ++x.answers;
            x.sum += f.score;
            ++x.scores[static_cast<std::size_t>(f.score - 1)];
            for (const auto& r : f.reasons) ++x.reasons[r];
        };
        give(CetToUtc(0, 0, 30), true);  // 00:30 local on Monday: 2026-03-22T23:30Z, still the 23rd
        for (int d = 0; d < 7; ++d) {
            const int n = 5 + static_cast<int>(rng() % 10);
            for (int i = 0; i < n; ++i) give(CetToUtc(d, 8 + i % 9, static_cast<int>(rng() % 60)), d <= 5);
            // A ticket now and then: feedback stays apart from it.
            if (d % 2 == 0) Issue(*s);
        }
        give(CetToUtc(5, 23, 30), true);  // Saturday 23:30 local: counted on the 28th
    }
    REQUIRE(expected.size() == 2);

    const std::string base = "--db " + db.string() + " report --from 2026-03-23 --to 2026-03-28";
    auto run = Ctl(base + " --format json");
    INFO(run.out.substr(0, 2000));
    REQUIRE(run.exit_code == 0);
    const json report = json::parse(run.out);
    CHECK(report["feedback_recorded"] == true);
    CHECK(Rows(report, "summary").at(0)["feedback_recorded"] == "yes");

    const auto rows = Rows(report, "feedback");
    REQUIRE(rows.size() == expected.size());
    for (const auto& row : rows) {
        INFO(row.dump());
        const Expected& x = expected.at(row["office"].get<std::string>());
        CHECK(row["site"] == "site-1");
        CHECK(row["answers"] == x.answers);
        CHECK(row["mean_score"].get<double>() == Approx(double(x.sum) / double(x.answers)).margin(0.001));
        for (int score = 1; score <= 5; ++score)
            CHECK(row["score_" + std::to_string(score)] == x.scores[static_cast<std::size_t>(score - 1)]);
    }
    std::size_t reason_rows = 0;
    for (const auto& [office, x] : expected) reason_rows += x.reasons.size();
    const auto reason_table = Rows(report, "feedback_reasons");
    CHECK(reason_table.size() == reason_rows);
    for (const auto& row : reason_table) {
        INFO(row.dump());
        CHECK(row["count"] == expected.at(row["office"].get<std::string>()).reasons.at(row["reason"].get<std::string>()));
    }

    // One office: its row only.
    auto abh = Ctl(base + " --office abh --format json");
    REQUIRE(abh.exit_code == 0);
    const auto abh_rows = Rows(json::parse(abh.out), "feedback");
    REQUIRE(abh_rows.size() == 1);
    CHECK(abh_rows[0]["answers"] == expected.at("abh").answers);

    // A period without feedback says so.
    auto empty = Ctl("--db " + db.string() + " report --from 2026-04-01 --to 2026-04-02 --format json");
    REQUIRE(empty.exit_code == 0);
    CHECK(json::parse(empty.out)["feedback_recorded"] == false);
    CHECK(Rows(json::parse(empty.out), "feedback").empty());

    // CSV: the feedback sections with their headers.
    auto csv = Ctl(base + " --format csv");
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("\r\n# feedback\r\nsite,office,answers,mean_score,score_1,score_2,score_3,score_4,score_5\r\n") !=
          std::string::npos);
    CHECK(csv.out.find("\r\n# feedback_reasons\r\nsite,office,reason,count\r\n") != std::string::npos);
    CHECK(csv.out.find("site-1,abh," + std::to_string(expected.at("abh").answers) + ",") != std::string::npos);

    // XLSX: a sheet each, read back with a spreadsheet reader (openpyxl).
    const auto xlsx = dir / "feedback.xlsx";
    auto written = Ctl(base + " --format xlsx --out " + xlsx.string());
    INFO(written.out);
    REQUIRE(written.exit_code == 0);
    const auto dumped = dir / "feedback.json";
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
    for (const char* name : {"feedback", "feedback_reasons"}) {
        INFO(name);
        REQUIRE(sheets.contains(name));
        const auto table = Rows(report, name);
        const json& sheet = sheets[name]["rows"];
        REQUIRE(sheet.size() == table.size() + 1);
        for (std::size_t r = 0; r < table.size(); ++r)
            for (std::size_t c = 0; c < sheet[0].size(); ++c) {
                const json& want = table[r][sheet[0][c].get<std::string>()];
                if (want.is_number()) CHECK(sheet[r + 1][c].get<double>() == Approx(want.get<double>()));
                else CHECK(sheet[r + 1][c] == want);
            }
    }
}

}  // namespace anl::test
