// qr: QR codes for booking references and partner addresses, drawn on the kiosk's screen and
// printed on slips. A thin seam over libqrencode (the well-kept encoder Debian ships).
// Owns: turning a short text into a square of dark and light modules.
// Must never: draw, scale or print (the screen and the printer do that from the modules).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::qr {

// A QR code as modules, without the quiet zone: `size` x `size`, row-major, 1 = dark.
// Whoever draws it leaves at least kQuietZoneModules light modules around it.
struct QrCode {
    int size = 0;
    std::vector<std::uint8_t> modules;

    bool Dark(int x, int y) const { return modules[static_cast<std::size_t>(y) * size + x] != 0; }
};
inline constexpr int kQuietZoneModules = 4;

// Encodes `text` (UTF-8, 1..kMaxTextBytes bytes, no control characters) with error
// correction level M, which survives a crease or a smudge on a thermal slip. Booking
// references ("A-0329-0830-1") come out as small codes that scan from a phone or a USB
// scanner. Errors: empty or too long text, a control character, invalid UTF-8.
inline constexpr std::size_t kMaxTextBytes = 512;
Result<QrCode> Encode(std::string_view text);

}  // namespace anl::qr
