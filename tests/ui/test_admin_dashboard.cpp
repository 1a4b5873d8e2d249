// The key-figure dashboard without a display: who may open it (the rights table), the
// periods as local days, the figures computed from a seeded week in a real store and checked
// against counts worked out here from the raw events (not through kiosk/figures), the live view
// against the store's queue, and the view model's charts holding the same numbers as their tables.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "i18n/messages/messages.h"
#include "kiosk/app/demo_site.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/figures/figures.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/admin_session.h"

using namespace anl;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

struct Site {
    fs::path dir;
    FakeClock clock{kMorning};
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;

    Site() {
        dir = fs::temp_directory_path() / ("anl-dashboard-test-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        auto m = messages::Messages::Load(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs", {"Europe/Berlin"});
        REQUIRE(m.ok());
        messages.emplace(std::move(m).value());
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat).value();
        auto s = store::Store::Open(dir / "admin.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, catalogue, core::Device{"admin-1", "site-1", 0, Role::kAdmin}).ok());
    }
    ~Site() {
        store.reset();
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

std::optional<ui::AdminRequest> Do(ui::AdminSession& admin, ui::Action kind, std::string id = {}, int value = 0,
                                   std::string text = {}) {
    return admin.Apply(ui::UiAction{kind, std::move(id), value, std::move(text)}, kMorning);
}

void SignIn(Site& site, ui::AdminSession& admin, const std::string& number, const std::string& pin) {
    Do(admin, ui::Action::kSignInFocus, {}, 0);
    Do(admin, ui::Action::kSignInType, {}, 0, number);
    Do(admin, ui::Action::kSignInFocus, {}, 1);
    Do(admin, ui::Action::kSignInType, {}, 0, pin);
    auto request = Do(admin, ui::Action::kSignInSubmit);
    REQUIRE(request.has_value());
    admin.OnSignIn(site.store->TrySignIn(request->staff_number, request->pin));
}

// Monday 0 .. Sunday 6 of "2026-01-05", worked out here with <chrono> alone.
int Weekday(const std::string& day) {
    using namespace std::chrono;
    const year_month_day ymd{year(std::stoi(day.substr(0, 4))), month(unsigned(std::stoi(day.substr(5, 2)))),
                             std::chrono::day(unsigned(std::stoi(day.substr(8, 2))))};
    return int(weekday(sys_days(ymd)).iso_encoding()) - 1;
}

double Sum(const std::vector<std::vector<double>>& values) {
    double sum = 0;
    for (const auto& row : values)
        for (double v : row) sum += v;
    return sum;
}

}  // namespace

TEST_CASE("Dashboard: supervisors open the key figures alone, administrators everything, desk staff nothing",
          "[ui][admin][dashboard]") {
    Site site;
    REQUIRE(site.store->AddStaffAs("", "3001", "C. Weber", "246810", {core::StaffRole::kSupervisor}).ok());
    REQUIRE(site.store->AddStaffAs("", "2077", "B. Yilmaz", "519364", {core::StaffRole::kDesk}).ok());
    REQUIRE(site.store->AddStaffAs("", "1042", "A. Demir", "482913", {core::StaffRole::kAdministrator}).ok());
    ui::AdminSession admin(*site.messages, {}, "de");

    SignIn(site, admin, "2077", "519364");
    REQUIRE_FALSE(admin.signed_in());
    REQUIRE_FALSE(admin.RefreshKeyFigures().has_value());

    SignIn(site, admin, "3001", "246810");
    REQUIRE(admin.signed_in());
    REQUIRE(admin.page() == ui::AdminPage::kDashboard);
    // Their navigation shows the audit log (read_audit) and the dashboard only, and the
    // configuration pages do not open.
    const auto nav = admin.Dashboard().chrome.nav;
    REQUIRE(nav.size() == 2);
    CHECK(nav.front().id == "audit");
    CHECK(nav.back().id == "dashboard");
    Do(admin, ui::Action::kAdminPage, "languages");
    CHECK(admin.page() == ui::AdminPage::kDashboard);
    Do(admin, ui::Action::kAdminPage, "translations");
    CHECK(admin.page() == ui::AdminPage::kDashboard);
    Do(admin, ui::Action::kAdminPage, "catalogue");
    CHECK(admin.page() == ui::AdminPage::kDashboard);
    Do(admin, ui::Action::kAdminPage, "staff");
    CHECK(admin.page() == ui::AdminPage::kDashboard);
    // The app asks for today's figures at every office.
    auto request = admin.RefreshKeyFigures();
    REQUIRE(request.has_value());
    CHECK(request->kind == ui::AdminRequest::Kind::kKeyFigures);
    CHECK(request->period == figures::Period::kToday);
    CHECK(request->office_id.empty());
    CHECK(admin.Dashboard().note == "Die Kennzahlen werden berechnet …");

    Do(admin, ui::Action::kSignOut);
    SignIn(site, admin, "1042", "482913");
    REQUIRE(admin.page() == ui::AdminPage::kLanguages);
    CHECK(admin.Languages().chrome.nav.size() == 6);  // languages, translations, catalogue, staff, audit, dashboard
    auto opened = Do(admin, ui::Action::kAdminPage, "dashboard");
    REQUIRE(opened.has_value());
    CHECK(opened->kind == ui::AdminRequest::Kind::kKeyFigures);
    CHECK(admin.page() == ui::AdminPage::kDashboard);
}

TEST_CASE("Dashboard: periods are the site's local days", "[ui][admin][dashboard]") {
    // Monday 2026-01-05 08:30 Berlin.
    auto q = figures::PeriodQuery(figures::Period::kToday, kMorning, "Europe/Berlin");
    CHECK(q.from_day == "2026-01-05");
    CHECK(q.to_day == "2026-01-05");
    q = figures::PeriodQuery(figures::Period::kThisWeek, kMorning, "Europe/Berlin");
    CHECK(q.from_day == "2026-01-05");
    q = figures::PeriodQuery(figures::Period::kLast7Days, kMorning, "Europe/Berlin");
    CHECK(q.from_day == "2025-12-30");
    CHECK(q.to_day == "2026-01-05");
    q = figures::PeriodQuery(figures::Period::kThisMonth, kMorning + 5 * 24 * 3600 * kMicrosPerSecond, "Europe/Berlin", "abh");
    CHECK(q.from_day == "2026-01-01");
    CHECK(q.to_day == "2026-01-10");
    CHECK(q.office_id == "abh");
    // Sunday 2026-03-29 00:30 in Berlin (the night the clocks go forward) is still Saturday in
    // UTC: the week is the local one, from Monday 03-23.
    const Micros sunday_night = 1'774'740'600'000'000;  // 2026-03-28T23:30Z
    q = figures::PeriodQuery(figures::Period::kThisWeek, sunday_night, "Europe/Berlin");
    CHECK(q.from_day == "2026-03-23");
    CHECK(q.to_day == "2026-03-29");
    CHECK(figures::WeekdayOf("2026-03-29") == 6);
    CHECK(figures::WeekdayOf("2026-01-05") == 0);
    CHECK(figures::WeekdayOf("2026-02-30") == -1);
    for (figures::Period p : figures::kAllPeriods) CHECK(figures::ParsePeriod(figures::PeriodName(p)) == p);
}

TEST_CASE("Dashboard: a seeded week's figures match counts from the raw events, the live view the queue",
          "[ui][admin][dashboard]") {
    Site site;
    REQUIRE(app::SeedDemoWeek(*site.store, site.clock, site.catalogue).ok());
    // The terminal keeps its fold between dashboard requests: fed the week first, then this
    // morning, it must answer as a fold of everything at once.
    app::KeptFiguresFold kept;
    REQUIRE(app::KeyFiguresOf(*site.store, figures::Period::kLast7Days, "", site.clock.NowUtcMicros(), &kept).ok());
    const std::int64_t week_folded_to = kept.pos;
    REQUIRE(app::SeedDemoSite(*site.store, site.clock, site.catalogue, 24).ok());
    const Micros now = site.clock.NowUtcMicros();
    auto figures = app::KeyFiguresOf(*site.store, figures::Period::kLast7Days, "", now);
    REQUIRE(figures.ok());
    auto from_kept = app::KeyFiguresOf(*site.store, figures::Period::kLast7Days, "", now, &kept);
    REQUIRE(from_kept.ok());
    CHECK(kept.pos > week_folded_to);
    CHECK(figures::ReportToJson(from_kept->report) == figures::ReportToJson(figures->report));

    // Worked out here: every stop joins a queue by a ticket.issued (its first stop) or a
    // ticket.transferred (the new stop); by local weekday and hour; walk-ins and check-ins.
    std::map<std::pair<int, int>, int> by_cell;
    int arrivals = 0, appointments = 0, first_stops = 0;
    for (std::int64_t after = 0;;) {
        auto page = site.store->ListEvents(after, 1000);
        REQUIRE(page.ok());
        if (page->empty()) break;
        for (const auto& e : *page) {
            after = e.pos;
            if (e.event.type != "ticket.issued" && e.event.type != "ticket.transferred") continue;
            const std::string local = core::LocalDateTime(e.event.at_us, "Europe/Berlin");  // "2026-01-05 08:30"
            if (local.substr(0, 10) < "2025-12-30") continue;
            ++arrivals;
            ++by_cell[{Weekday(local.substr(0, 10)), std::stoi(local.substr(11, 2))}];
            if (e.event.type == "ticket.issued") {
                ++first_stops;
                if (e.event.payload.contains("appointment_id")) ++appointments;
            }
        }
    }
    const figures::Report& r = figures->report;
    REQUIRE(arrivals > 150);  // a week of a small centre, and this morning
    CHECK(r.total.arrivals == arrivals);
    CHECK(r.total.appointments == appointments);
    CHECK(appointments >= 9);  // three a working day
    CHECK(r.total.walk_ins == first_stops - appointments);
    const figures::WeekHours cells = figures::ArrivalsByWeekdayHour(r);
    for (int d = 0; d < 7; ++d)
        for (int h = 0; h < 24; ++h) {
            INFO("weekday " << d << " hour " << h);
            const auto it = by_cell.find({d, h});
            CHECK(cells[size_t(d)][size_t(h)] == (it == by_cell.end() ? 0 : it->second));
        }
    CHECK(cells[5] == std::array<int, 24>{});  // Saturday: closed

    // The live view: the store's queue now, per office.
    for (const figures::LiveOffice& live : figures->live) {
        INFO(live.office_id);
        int waiting = 0;
        Micros oldest = now;
        for (const auto& e : site.store->Queue(live.office_id))
            if (e.state == core::TicketState::kWaiting) ++waiting, oldest = std::min(oldest, e.arrival_at);
        CHECK(live.waiting == waiting);
        CHECK(live.longest_wait == Approx(double(now - oldest) / double(kMicrosPerMinute)));
    }
    // The demo morning: counter 1 serves at the first office, counter 2 called there.
    REQUIRE_FALSE(figures->live.empty());
    CHECK(figures->live.front().counters_open == 2);

    // The view: each chart holds the numbers its table says.
    ui::AdminSession admin(*site.messages, {}, "en");
    admin.SignedInForGallery("1042", "A. Demir", ui::AdminPage::kDashboard);
    admin.DashboardForGallery(figures::Period::kLast7Days, "arrivals", *figures);
    auto view = admin.Dashboard();
    CHECK(view.note.empty());
    CHECK(view.chart.kind == ui::AdminChartKind::kLine);
    CHECK(view.chart.x_labels.size() == 7);  // every day of the period, closed days too
    CHECK(Sum(view.chart.values) == Approx(arrivals));
    CHECK(view.live.rows.size() == site.catalogue.offices.size());
    Do(admin, ui::Action::kAdminDashboardChart, "heatmap");
    view = admin.Dashboard();
    CHECK(view.chart.y_labels.size() == 7);
    CHECK(Sum(view.chart.values) == Approx(arrivals));
    Do(admin, ui::Action::kAdminDashboardChart, "wait");
    view = admin.Dashboard();
    REQUIRE_FALSE(view.chart.values.empty());
    for (size_t i = 0; i < view.chart.values.size(); ++i) {
        const auto& row = view.chart.values[i];
        CHECK(row.size() == 3);
        CHECK(row[0] > 0);
        CHECK(row[2] >= row[1]);  // the 90th percentile is never below the median
    }
    CHECK(view.chart.table.rows.back().front() == "Total");
    Do(admin, ui::Action::kAdminDashboardChart, "walkins");
    view = admin.Dashboard();
    double walk_ins = 0, booked = 0;
    for (const auto& row : view.chart.values) walk_ins += row[0], booked += row[1];
    CHECK(walk_ins == Approx(r.total.walk_ins));
    CHECK(booked == Approx(appointments));

    // Picking another period asks again and shows "computing" until its figures come; an
    // answer to the earlier request is not shown as the new period's.
    auto month = Do(admin, ui::Action::kAdminDashboardPeriod, "month");
    REQUIRE(month.has_value());
    CHECK(month->period == figures::Period::kThisMonth);
    CHECK(admin.Dashboard().note == "Computing the key figures …");
    ui::AdminRequest stale = *month;
    stale.period = figures::Period::kLast7Days;
    admin.OnKeyFigures(stale, *figures);
    CHECK(admin.Dashboard().note == "Computing the key figures …");
    admin.OnKeyFigures(*month, app::KeyFiguresOf(*site.store, figures::Period::kThisMonth, "", now));
    CHECK(admin.Dashboard().note.empty());
    // An office of another site is not asked for.
    CHECK_FALSE(Do(admin, ui::Action::kAdminDashboardOffice, "nowhere").has_value());
    auto office = Do(admin, ui::Action::kAdminDashboardOffice, site.catalogue.offices.front().id);
    REQUIRE(office.has_value());
    auto one = app::KeyFiguresOf(*site.store, figures::Period::kThisMonth, office->office_id, now);
    REQUIRE(one.ok());
    CHECK(one->live.size() == 1);
    CHECK(one->report.total.arrivals < r.total.arrivals);
    CHECK_FALSE(app::KeyFiguresOf(*site.store, figures::Period::kToday, "nowhere", now).ok());
}
