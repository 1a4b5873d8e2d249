// The QR seam: what Encode gives decodes back to the same text (read with zbar, as a
// scanner would), and bad text is refused with a sentence rather than encoded.
#include <catch2/catch.hpp>

#include <zbar.h>

#include <string>
#include <vector>

#include "kiosk/qr/qr.h"

namespace {

// Renders the code with its quiet zone at `scale` pixels a module (8-bit grey, dark = 0)
// and returns what zbar reads from it ("" when nothing).
std::string DecodeWithZbar(const anl::qr::QrCode& code, int scale = 4) {
    const int side = (code.size + 2 * anl::qr::kQuietZoneModules) * scale;
    std::vector<unsigned char> grey(static_cast<std::size_t>(side) * side, 255);
    for (int y = 0; y < code.size; ++y)
        for (int x = 0; x < code.size; ++x)
            if (code.Dark(x, y))
                for (int dy = 0; dy < scale; ++dy)
                    for (int dx = 0; dx < scale; ++dx) {
                        const int px = (x + anl::qr::kQuietZoneModules) * scale + dx;
                        const int py = (y + anl::qr::kQuietZoneModules) * scale + dy;
                        grey[static_cast<std::size_t>(py) * side + px] = 0;
                    }
    zbar::ImageScanner scanner;
    scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
    scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
    zbar::Image image(side, side, "Y800", grey.data(), grey.size());
    scanner.scan(image);
    for (auto symbol = image.symbol_begin(); symbol != image.symbol_end(); ++symbol) return symbol->get_data();
    return "";
}

}  // namespace

TEST_CASE("A booking reference encodes into a QR code that decodes back to it") {
    for (const std::string text : {"A-0329-0830-1", "https://beratung.example.org/termine", "Ü-ä 1"}) {
        auto code = anl::qr::Encode(text);
        REQUIRE(code.ok());
        CHECK(code.value().size >= 21);  // version 1 or larger
        CHECK(code.value().modules.size() == static_cast<std::size_t>(code.value().size * code.value().size));
        CHECK(DecodeWithZbar(code.value()) == text);
    }
}

TEST_CASE("Text a QR code must not carry is refused with a sentence") {
    CHECK_FALSE(anl::qr::Encode("").ok());
    CHECK_FALSE(anl::qr::Encode(std::string("A-\x1b[31m", 7)).ok());       // a terminal escape
    CHECK_FALSE(anl::qr::Encode(std::string("A-\xff", 3)).ok());           // not UTF-8
    CHECK_FALSE(anl::qr::Encode(std::string(anl::qr::kMaxTextBytes + 1, 'x')).ok());
    auto refused = anl::qr::Encode(std::string("A-\xff", 3));
    CHECK(refused.error().message.find("QR") != std::string::npos);
}
