// The kiosk's printer: slips print on their own worker and report back through the UI inbox;
// a fault reaches the ticket screen as a sentence, the ticket itself unchanged.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>

#include "kiosk/app/slip_printer.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"
#include "tests/support/wait.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kCatalogs = fs::path(ANL_SOURCE_DIR) / "i18n" / "catalogs";

anl::print::TicketSlip Slip(const char* number) {
    anl::print::TicketSlip t;
    t.lang = "ti";
    t.number = number;
    t.office = "ቤት ጽሕፈት ወጻእተኛታት";
    t.wait = "about 25 minutes";
    t.issued_at = 1767598200000000;
    return t;
}

// Drains the inbox (the UI thread's part) until `done` or 20 s (fonts load on the worker).
bool DrainUntil(anl::app::UiInbox& inbox, const std::atomic<bool>& done) {
    return anl::test::WaitUntil([&] {
        inbox.Drain();
        return done.load();
    }, 20000ms);
}

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/anl-kiosk-print-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

TEST_CASE("The kiosk's printer prints a ticket on its worker and says so on the UI thread", "[print][app]") {
    TempDir dir;
    std::atomic<int> wakes{0};
    anl::app::UiInbox inbox([&] { ++wakes; });
    auto printer = anl::app::SlipPrinter::Open("png:" + dir.path.string(), kCatalogs, inbox);
    REQUIRE(printer.ok());
    std::atomic<bool> done{false};
    bool ok = false;
    const auto ui_thread = std::this_thread::get_id();
    bool on_ui_thread = false;
    (*printer)->Print(Slip("A-007"), "Europe/Berlin", [&](anl::Status printed) {
        ok = printed.ok();
        on_ui_thread = std::this_thread::get_id() == ui_thread;
        done = true;
    });
    REQUIRE(DrainUntil(inbox, done));
    CHECK(ok);
    CHECK(on_ui_thread);
    CHECK(wakes > 0);
    CHECK(fs::exists(dir.path / "ticket-A-007.png"));
}

TEST_CASE("A kiosk printer that is not there reports the fault once, a malformed spec is refused", "[print][app]") {
    TempDir dir;
    anl::app::UiInbox inbox([] {});
    CHECK_FALSE(anl::app::SlipPrinter::Open("lp0", kCatalogs, inbox).ok());
    auto printer = anl::app::SlipPrinter::Open("escpos:" + (dir.path / "lp0").string(), kCatalogs, inbox);
    REQUIRE(printer.ok());
    std::atomic<bool> done{false};
    int reports = 0;
    std::string message;
    (*printer)->Print(Slip("A-008"), "Europe/Berlin", [&](anl::Status printed) {
        ++reports;
        if (!printed) message = printed.error().message;
        done = true;
    });
    REQUIRE(DrainUntil(inbox, done));
    printer->reset();  // the worker has nothing left: no second report can come
    inbox.Drain();
    CHECK(reports == 1);
    CHECK(message.find("no such device") != std::string::npos);
}

TEST_CASE("A ticket whose slip did not print keeps its number, its screen says so", "[print][ui]") {
    auto catalogue = anl::catalogue::LoadCatalogue(fs::path(ANL_SOURCE_DIR) / "assets" / "catalogue");
    REQUIRE(catalogue.ok());
    auto messages = anl::messages::Messages::Load(kCatalogs);
    REQUIRE(messages.ok());
    anl::ui::KioskFlow kiosk(*catalogue, *messages, {});
    kiosk.ShowForGallery(anl::ui::KioskScreen::kTicket, "ps", 1767598200000000);
    const std::string number = kiosk.Ticket().number;
    REQUIRE(number.size() == 5);
    CHECK(kiosk.Ticket().printer_problem.empty());
    kiosk.OnPrintFailed("Z-999");  // another visitor's ticket: not this screen's
    CHECK(kiosk.Ticket().printer_problem.empty());
    kiosk.OnPrintFailed(number);
    CHECK(kiosk.Ticket().printer_problem == messages->Text("ps", "ticket.printer_problem"));
    CHECK(kiosk.Ticket().number == number);
}
