// The printer seam: ESC/POS bytes to the byte, slips laid out in every script we print (no
// empty boxes), the booking slip's QR read back from its PNG with zbar, and printer faults
// (missing device, a reader that goes away mid-slip, a full device, a CUPS queue that does not
// exist) as errors, never as a success or a crash.
#include <catch2/catch.hpp>

#include <cups/cups.h>
#include <fcntl.h>
#include <png.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zbar.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "kiosk/print/print.h"
#include "tests/store/ctl_run.h"
#include "tests/support/skip.h"

namespace {

using namespace anl;
namespace fs = std::filesystem;

text::Engine& SharedEngine() {
    static std::unique_ptr<text::Engine> engine = [] {
        auto e = text::Engine::Create();
        if (!e) FAIL("the text engine did not start: " << e.error().message);
        return std::move(e).value();
    }();
    return *engine;
}

const messages::Messages& SharedMessages() {
    static messages::Messages m = [] {
        messages::LoadOptions options;
        options.time_zone = "Europe/Berlin";
        auto loaded = messages::Messages::Load(fs::path(ANL_SOURCE_DIR) / "i18n" / "catalogs", options);
        if (!loaded) FAIL(loaded.error().message);
        return std::move(loaded).value();
    }();
    return m;
}

struct TempDir {
    fs::path path;
    TempDir() {
        char pattern[] = "/tmp/anl-print-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// 2026-03-29 08:30 Europe/Berlin (06:30 UTC, the day summer time starts).
constexpr Micros kMorning = 1774765800LL * kMicrosPerSecond;

print::TicketSlip Ticket(std::string lang) {
    print::TicketSlip t;
    t.lang = std::move(lang);
    t.number = "A-042";
    t.office = "Ausländerbehörde";
    t.wait_where = "Wartebereich 1, Erdgeschoss";
    t.wait = "etwa 25 Minuten";
    t.documents = {"Reisepass", "Aufenthaltstitel"};
    t.issued_at = kMorning;
    t.staff_service = "Aufenthaltserlaubnis verlängern";
    return t;
}

print::BookingSlip Booking(std::string lang, std::string reference = "A-0329-0830-1") {
    print::BookingSlip b;
    b.lang = std::move(lang);
    b.reference = std::move(reference);
    b.start_us = kMorning + 24LL * 3600 * kMicrosPerSecond;
    b.office = "Ausländerbehörde";
    b.service = "Aufenthaltserlaubnis verlängern";
    b.documents = {"Reisepass"};
    b.staff_service = "Aufenthaltserlaubnis verlängern";
    return b;
}

print::ReferralSlip Referral(std::string lang) {
    print::ReferralSlip r;
    r.lang = std::move(lang);
    r.partner = "Caritas Migrationsberatung";
    r.address = "Lindenstraße 12\n50674 Köln";
    r.hours = "Mo–Do 9–16";
    r.languages = {"Deutsch", "العربية", "پښتو", "ትግርኛ", "ქართული"};
    r.qr_text = "https://caritas.example.org/migration";
    return r;
}

// The PNG as 8-bit grey (libpng's simplified reader).
std::vector<unsigned char> ReadGreyPng(const fs::path& file, int& width, int& height) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    REQUIRE(png_image_begin_read_from_file(&image, file.c_str()) != 0);
    image.format = PNG_FORMAT_GRAY;
    std::vector<unsigned char> pixels(PNG_IMAGE_SIZE(image));
    REQUIRE(png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr) != 0);
    width = static_cast<int>(image.width);
    height = static_cast<int>(image.height);
    return pixels;
}

std::string ZbarRead(std::vector<unsigned char> grey, int width, int height) {
    zbar::ImageScanner scanner;
    scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::Image image(width, height, "Y800", grey.data(), grey.size());
    scanner.scan(image);
    for (auto symbol = image.symbol_begin(); symbol != image.symbol_end(); ++symbol) return symbol->get_data();
    return "";
}

print::Raster Stripes(int width, int height) {
    print::Raster r = print::Raster::Blank(width, height);
    for (int y = 0; y < height; y += 2)
        for (int x = 0; x < width; ++x) r.SetBlack(x, y);
    return r;
}

}  // namespace

TEST_CASE("ESC/POS: initialise, the raster as GS v 0 with its exact size bytes, feed, partial cut") {
    // 16 dots (2 bytes) x 3 rows: the first row the left half black, the last the right dot.
    print::Raster r = print::Raster::Blank(16, 3);
    for (int x = 0; x < 8; ++x) r.SetBlack(x, 0);
    r.SetBlack(15, 2);
    const std::vector<std::uint8_t> expected = {
        0x1b, 0x40,                                            // ESC @
        0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00,        // GS v 0, m=0, 2 bytes a row, 3 rows
        0xff, 0x00, 0x00, 0x00, 0x00, 0x01,                    // the dots, MSB leftmost
        0x1b, 0x64, 0x04,                                      // ESC d 4: feed
        0x1d, 0x56, 0x42, 0x00};                               // GS V 66 0: partial cut
    CHECK(print::EncodeEscPos(r) == expected);
}

TEST_CASE("ESC/POS: 58 and 80 mm rows, and a long slip in bands no printer buffer overflows") {
    for (const auto& [width, xl] : {std::pair{print::kDots58mm, 0x30}, std::pair{print::kDots80mm, 0x48}}) {
        const print::Raster r = Stripes(width, 300);
        const auto bytes = print::EncodeEscPos(r);  // bands of 128, 128, 44 rows
        const std::size_t row = static_cast<std::size_t>(width / 8);
        REQUIRE(bytes.size() == 2 + 3 * 8 + row * 300 + 7);
        const std::size_t band2 = 2 + 8 + row * 128;
        const std::size_t band3 = band2 + 8 + row * 128;
        CHECK(std::vector<std::uint8_t>(bytes.begin() + 2, bytes.begin() + 10) ==
              std::vector<std::uint8_t>{0x1d, 0x76, 0x30, 0x00, std::uint8_t(xl), 0x00, 0x80, 0x00});
        CHECK(std::vector<std::uint8_t>(bytes.begin() + band2, bytes.begin() + band2 + 8) ==
              std::vector<std::uint8_t>{0x1d, 0x76, 0x30, 0x00, std::uint8_t(xl), 0x00, 0x80, 0x00});
        CHECK(std::vector<std::uint8_t>(bytes.begin() + band3, bytes.begin() + band3 + 8) ==
              std::vector<std::uint8_t>{0x1d, 0x76, 0x30, 0x00, std::uint8_t(xl), 0x00, 0x2c, 0x00});
        CHECK(bytes[band3 + 8] == 0xff);  // row 256 is a black stripe
        // One band of all 300 rows: yH carries the 256.
        const auto one = print::EncodeEscPos(r, 300);
        CHECK(one[8] == 0x2c);
        CHECK(one[9] == 0x01);
    }
}

TEST_CASE("A printer spec chooses the back-end and the paper width, a bad spec is refused") {
    auto escpos = print::OpenPrinter("escpos:/dev/usb/lp0");
    REQUIRE(escpos.ok());
    CHECK((*escpos)->DotWidth() == print::kDots80mm);
    auto narrow = print::OpenPrinter("escpos:/dev/usb/lp0?width=58");
    REQUIRE(narrow.ok());
    CHECK((*narrow)->DotWidth() == print::kDots58mm);
    CHECK(print::OpenPrinter("cups:Kiosk?width=80").ok());
    CHECK(print::OpenPrinter("png:/tmp/slips").ok());
    for (const char* bad : {"", "lp0", "escpos:", "laser:/dev/lp0", "escpos:/dev/usb/lp0?width=62", "png:?width=58"}) {
        auto refused = print::OpenPrinter(bad);
        CHECK_FALSE(refused.ok());
        if (!refused.ok()) CHECK(refused.error().message.find("escpos:/dev/usb/lp0") != std::string::npos);
    }
}

TEST_CASE("The booking slip's QR code, read back from its PNG with zbar, is the reference") {
    TempDir dir;
    for (const char* spec : {"?width=58", ""}) {
        auto printer = print::OpenPrinter("png:" + dir.path.string() + spec);
        REQUIRE(printer.ok());
        for (const char* lang : {"de", "ar", "ti"}) {
            const auto slip = Booking(lang, std::string("B-0330-0830-") + (spec[0] ? "5" : "8"));
            REQUIRE(print::PrintSlip(**printer, SharedEngine(), SharedMessages(), slip).ok());
            const fs::path file = dir.path / (print::SlipName(slip) + ".png");
            REQUIRE(fs::exists(file));
            int w = 0, h = 0;
            auto grey = ReadGreyPng(file, w, h);
            CHECK(w == (*printer)->DotWidth());
            CHECK(ZbarRead(std::move(grey), w, h) == slip.reference);
        }
    }
}

TEST_CASE("Slips in Pashto, Tigrinya, Arabic and Georgian print every character (no empty boxes)") {
    for (const char* lang : {"ps", "ti", "ar", "ka", "fa-AF", "ckb", "de"}) {
        INFO(lang);
        const std::vector<print::Slip> slips = {Ticket(lang), Booking(lang), Referral(lang)};
        for (const auto& slip : slips) {
            INFO(print::SlipName(slip));
            for (int width : {print::kDots58mm, print::kDots80mm}) {
                auto rendered = print::RenderSlip(SharedEngine(), SharedMessages(), slip, width);
                REQUIRE(rendered.ok());
                CHECK(rendered->uncovered.empty());
                CHECK(rendered->notdef_glyphs == 0);
                CHECK(rendered->raster.width == width);
                CHECK(rendered->raster.height > 300);
            }
        }
    }
    // The check itself sees a character no font has (a private-use code point).
    auto t = Ticket("ti");
    t.wait_where = "\xf0\x90\x80\x80";  // U+10000, Linear B: no font of ours has it
    auto rendered = print::RenderSlip(SharedEngine(), SharedMessages(), t, print::kDots80mm);
    REQUIRE(rendered.ok());
    CHECK(rendered->uncovered == std::vector<char32_t>{0x10000});
    CHECK(rendered->notdef_glyphs == 1);
}

TEST_CASE("A right-to-left slip starts its lines at the right edge") {
    // A referral whose address is one short word: its line's ink sits at the start edge.
    const auto ink_columns = [](const std::string& lang) {
        print::ReferralSlip r;
        r.lang = lang;
        r.partner = "Caritas";
        r.address = "X";
        auto rendered = print::RenderSlip(SharedEngine(), SharedMessages(), r, print::kDots80mm);
        REQUIRE(rendered.ok());
        // The last text line (the address): leftmost and rightmost ink of the bottom rows.
        const auto& raster = rendered->raster;
        int left = raster.width, right = -1;
        for (int y = raster.height - 60; y < raster.height; ++y)
            for (int x = 0; x < raster.width; ++x)
                if (raster.Black(x, y)) {
                    left = std::min(left, x);
                    right = std::max(right, x);
                }
        return std::pair{left, right};
    };
    const auto [ltr_left, ltr_right] = ink_columns("de");
    const auto [rtl_left, rtl_right] = ink_columns("ar");
    CHECK(ltr_left < 40);
    CHECK(ltr_right < 100);
    CHECK(rtl_left > print::kDots80mm - 100);
    CHECK(rtl_right > print::kDots80mm - 40);
}

TEST_CASE("An unknown language, a bad width or a reference that is no QR text is an error") {
    CHECK_FALSE(print::RenderSlip(SharedEngine(), SharedMessages(), Ticket("zz"), print::kDots80mm).ok());
    CHECK_FALSE(print::RenderSlip(SharedEngine(), SharedMessages(), Ticket("de"), 300).ok());
    CHECK_FALSE(print::RenderSlip(SharedEngine(), SharedMessages(), Booking("de", ""), print::kDots80mm).ok());
}

TEST_CASE("A missing printer device is an error that says so, and no file is made") {
    TempDir dir;
    const fs::path device = dir.path / "lp0";
    auto printer = print::OpenPrinter("escpos:" + device.string());
    REQUIRE(printer.ok());
    auto printed = (*printer)->Print(Stripes(print::kDots80mm, 16), "ticket-A-001");
    REQUIRE_FALSE(printed.ok());
    CHECK(printed.error().message.find("no such device") != std::string::npos);
    CHECK(printed.error().message.find("Nothing was printed") != std::string::npos);
    CHECK_FALSE(fs::exists(device));
}

TEST_CASE("A printer that is full (paper out) is an error, not a success") {
    if (!fs::exists("/dev/full")) {
        test::Skip("no /dev/full here");
        return;
    }
    auto printer = print::OpenPrinter("escpos:/dev/full");
    REQUIRE(printer.ok());
    auto printed = (*printer)->Print(Stripes(print::kDots80mm, 16), "ticket-A-001");
    REQUIRE_FALSE(printed.ok());
    CHECK(printed.error().message.find("paper out") != std::string::npos);
}

TEST_CASE("A printer that goes away mid-slip (cable pulled) is an error saying the slip may be cut short") {
    TempDir dir;
    const fs::path fifo = dir.path / "lp0";
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    auto printer = print::OpenPrinter("escpos:" + fifo.string());
    REQUIRE(printer.ok());

    // No reader at all: the device is there but nothing is connected.
    auto unconnected = (*printer)->Print(Stripes(print::kDots80mm, 16), "ticket-A-001");
    REQUIRE_FALSE(unconnected.ok());
    CHECK(unconnected.error().message.find("not connected") != std::string::npos);

    // A reader that takes 1000 bytes, then closes: the rest of the slip has nowhere to go.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    REQUIRE(reader >= 0);
    REQUIRE(fcntl(reader, F_SETPIPE_SZ, 4096) >= 0);  // a small printer buffer
    std::vector<std::uint8_t> received;
    std::thread printer_side([&] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        std::uint8_t buffer[256];
        while (received.size() < 1000 && std::chrono::steady_clock::now() < deadline) {
            pollfd p{reader, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            const ssize_t n = ::read(reader, buffer, std::min<std::size_t>(sizeof buffer, 1000 - received.size()));
            if (n > 0) received.insert(received.end(), buffer, buffer + n);
        }
        ::close(reader);
    });
    auto printed = (*printer)->Print(Stripes(print::kDots80mm, 400), "ticket-A-001");
    printer_side.join();
    REQUIRE_FALSE(printed.ok());
    CHECK(printed.error().message.find("cut short") != std::string::npos);
    CHECK(printed.error().message.find("connection closed") != std::string::npos);
    REQUIRE(received.size() >= 2);
    CHECK(received[0] == 0x1b);
    CHECK(received[1] == 0x40);
}

TEST_CASE("A CUPS queue that does not exist is a clear error, nothing is printed") {
    auto printer = print::OpenPrinter("cups:anlaufstelle-no-such-queue");
    REQUIRE(printer.ok());
    auto printed = (*printer)->Print(Stripes(print::kDots80mm, 16), "ticket-A-001");
    REQUIRE_FALSE(printed.ok());
    const std::string& message = printed.error().message;
    const bool says_which = message.find("no CUPS printer queue named \"anlaufstelle-no-such-queue\"") != std::string::npos ||
                            message.find("No CUPS server answers") != std::string::npos;
    CHECK(says_which);
}

TEST_CASE("A slip through a real raw CUPS queue (ANL_TEST_CUPS_QUEUE) is accepted") {
    const char* queue = std::getenv("ANL_TEST_CUPS_QUEUE");
    cups_dest_t* dests = nullptr;
    const int count = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
    const bool answers = cupsLastError() <= IPP_STATUS_OK_EVENTS_COMPLETE;
    cupsFreeDests(count, dests);
    if (queue == nullptr || !answers) {
        test::Skip("no cupsd answers here, or ANL_TEST_CUPS_QUEUE names no raw queue to print to");
        return;
    }
    auto printer = print::OpenPrinter(std::string("cups:") + queue);
    REQUIRE(printer.ok());
    CHECK(print::PrintSlip(**printer, SharedEngine(), SharedMessages(), Ticket("de")).ok());
}

TEST_CASE("anlaufstelle-ctl print referral: a partner of the directory on a slip whose QR is its web page",
          "[print][ctl][referral]") {
    char pattern[] = "/tmp/anl-referral-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    const fs::path dir = pattern;
    const std::string db = "--db " + (dir / "d.db").string();
    REQUIRE(anl::test::Ctl(db + " init --role desk --device desk-1 --catalogue " + std::string(ANL_SOURCE_DIR) +
                           "/assets/catalogue").exit_code == 0);
    auto printed = anl::test::Ctl(db + " print referral --partner refugee-law-clinic --lang ar --printer png:" +
                                  (dir / "slips").string());
    INFO(printed.out);
    REQUIRE(printed.exit_code == 0);
    int width = 0, height = 0;
    auto grey = ReadGreyPng(dir / "slips" / "referral.png", width, height);
    CHECK(width == print::kDots80mm);
    CHECK(ZbarRead(grey, width, height) == "https://www.rlc-neustadt.example/beratung");

    auto unknown = anl::test::Ctl(db + " print referral --partner no-such-partner --printer png:" + dir.string());
    CHECK(unknown.exit_code != 0);
    CHECK(unknown.out.find("no-such-partner") != std::string::npos);
    auto lang = anl::test::Ctl(db + " print referral --partner refugee-law-clinic --lang zz --printer png:" + dir.string());
    CHECK(lang.exit_code != 0);
    std::error_code ec;
    fs::remove_all(dir, ec);
}
