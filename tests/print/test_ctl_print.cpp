// anlaufstelle-ctl print, run as a program: the ticket from the store on each back-end, and
// printer faults as one sentence with the documented exit code.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/store/ctl_run.h"

namespace {

namespace fs = std::filesystem;

struct Store {
    fs::path dir;
    std::string db;
    Store() {
        char pattern[] = "/tmp/anl-ctl-print-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        dir = pattern;
        db = "--db " + (dir / "k.db").string();
        auto init = anl::test::Ctl(db + " init --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue");
        INFO(init.out);
        REQUIRE(init.exit_code == 0);
        auto issued = anl::test::Ctl(db + " ticket issue --service abh.permit-extension --lang ti");
        INFO(issued.out);
        REQUIRE(issued.exit_code == 0);
    }
    ~Store() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

}  // namespace

TEST_CASE("anlaufstelle-ctl print ticket: a PNG slip and the ESC/POS bytes of a device", "[print][ctl]") {
    Store s;
    auto png = anl::test::Ctl(s.db + " print ticket --ticket A-001 --printer png:" + (s.dir / "slips").string());
    INFO(png.out);
    REQUIRE(png.exit_code == 0);
    CHECK(fs::file_size(s.dir / "slips" / "ticket-A-001.png") > 1000);

    // A device file (here a plain file standing in for /dev/usb/lp0) on 58 mm paper.
    const fs::path device = s.dir / "lp0";
    std::ofstream(device).close();
    auto escpos = anl::test::Ctl(s.db + " print ticket --ticket A-001 --printer 'escpos:" + device.string() + "?width=58'");
    INFO(escpos.out);
    REQUIRE(escpos.exit_code == 0);
    std::ifstream in(device, std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 20);
    CHECK(std::vector<unsigned char>(bytes.begin(), bytes.begin() + 8) ==
          std::vector<unsigned char>{0x1b, 0x40, 0x1d, 0x76, 0x30, 0x00, 0x30, 0x00});  // 48 bytes = 384 dots
    CHECK(std::vector<unsigned char>(bytes.end() - 4, bytes.end()) ==
          std::vector<unsigned char>{0x1d, 0x56, 0x42, 0x00});  // the partial cut ends the slip
}

TEST_CASE("anlaufstelle-ctl print: a missing device, an unknown queue or booking is an error", "[print][ctl]") {
    Store s;
    auto missing = anl::test::Ctl(s.db + " print ticket --ticket A-001 --printer escpos:" + (s.dir / "lp9").string());
    CHECK(missing.exit_code == 4);
    CHECK(missing.out.find("no such device") != std::string::npos);
    auto queue = anl::test::Ctl(s.db + " print ticket --ticket A-001 --printer cups:anlaufstelle-no-such-queue");
    CHECK((queue.exit_code == 2 || queue.exit_code == 6));
    CHECK(queue.out.find("CUPS") != std::string::npos);
    auto spec = anl::test::Ctl(s.db + " print ticket --ticket A-001 --printer lp0");
    CHECK(spec.exit_code == 1);
    auto booking = anl::test::Ctl(s.db + " print booking --reference A-0101-0800-1 --printer png:" + s.dir.string());
    CHECK(booking.exit_code == 2);
    CHECK(booking.out.find("no booking") != std::string::npos);
    auto ticket = anl::test::Ctl(s.db + " print ticket --ticket A-999 --printer png:" + s.dir.string());
    CHECK(ticket.exit_code == 2);
}

TEST_CASE("anlaufstelle-ctl print without --printer uses the catalogue's kiosk printer, and says when there is none",
          "[print][ctl][catalogue]") {
    Store s;
    const fs::path catalogue = s.dir / "catalogue";
    fs::copy(fs::path(ANL_SOURCE_DIR) / "assets/catalogue", catalogue, fs::copy_options::recursive);
    auto none = anl::test::Ctl(s.db + " print ticket --ticket A-001 --catalogue " + catalogue.string());
    CHECK(none.exit_code != 0);
    CHECK(none.out.find("No printer: give --printer SPEC, or set [kiosk] printer") != std::string::npos);
    {
        std::ofstream out(catalogue / "kiosk.toml", std::ios::app);
        out << "printer = \"png:" << (s.dir / "site-printer").string() << "?width=58\"\n";
    }
    auto printed = anl::test::Ctl(s.db + " print ticket --ticket A-001 --catalogue " + catalogue.string());
    INFO(printed.out);
    REQUIRE(printed.exit_code == 0);
    CHECK(fs::file_size(s.dir / "site-printer" / "ticket-A-001.png") > 1000);
    // --printer still wins.
    auto own = anl::test::Ctl(s.db + " print ticket --ticket A-001 --catalogue " + catalogue.string() + " --printer png:" +
                              (s.dir / "own").string());
    REQUIRE(own.exit_code == 0);
    CHECK(fs::exists(s.dir / "own" / "ticket-A-001.png"));
}
