// print: slips on paper. A walk-in ticket, a booking confirmation and a partner referral are
// laid out by our text engine into a 1-bit raster at the printer's dot width, so Arabic,
// Pashto, Tigrinya and Georgian print on receipt printers that have no such fonts, and sent
// through one Printer seam: an ESC/POS printer on a device file, a raw CUPS queue, or PNG files.
//   Owns: the slips' content (plain values), their layout (words from the message catalogues,
//   shaping, bidi and line breaking by i18n/text, QR codes by kiosk/qr), the ESC/POS byte
//   stream (GS v 0 raster in bands, feed, partial cut) and the three back-ends.
//   Must never: read the store or the clock (the caller passes what a slip says and when),
//   print a slip twice on its own (a failed print is an Error for the caller; nothing is
//   retried), crash on a printer fault (paper out, cable pulled, queue gone: an Error), or be
//   used from two threads at once with the same text engine (the kiosk prints on a worker
//   with its own engine).
//
// Index
//   1. Slips        TicketSlip, BookingSlip, ReferralSlip
//   2. Raster       the 1-bit image a printer receives
//   3. Layout       RenderSlip
//   4. ESC/POS      EncodeEscPos
//   5. Printers     Printer, OpenPrinter (spec strings: docs/printing.md)
//   6. From the catalogue   MakeTicketSlip, MakeBookingSlip (ids and minutes into words)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "i18n/messages/messages.h"
#include "i18n/text/text.h"
#include "kiosk/base/base.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/core/core.h"

namespace anl::print {

// ---------------------------------------------------------------------------------------
// 1. Slips: what a slip says, already in the visitor's language where it comes from the
//    catalogue (office names, documents, a wait in words). The labels around it ("Your
//    number", "Documents to bring") come from the message catalogues at layout time.
// ---------------------------------------------------------------------------------------

// A walk-in ticket, printed when the kiosk issues it.
struct TicketSlip {
    std::string lang;          // the visitor's language (BCP 47 code as the catalogues use)
    std::string number;        // "A-042": Latin letters and Western digits in every language
    std::string office;        // the office's name in the visitor's language
    std::string wait_where;    // where to wait, in the visitor's language
    std::string wait;          // the estimated wait in words, in the visitor's language
    std::vector<std::string> documents;  // documents to bring, in the visitor's language
    Micros issued_at = 0;      // UTC; shown in the site's time zone (Messages::SetTimeZone)
    std::string staff_service; // the service's German name, for the staff line
};

// A booking confirmation: the reference as text and as a QR code a kiosk scans at check-in.
struct BookingSlip {
    std::string lang;
    std::string reference;     // "A-0329-0830-1"
    Micros start_us = 0;       // the appointment's start, UTC
    std::string office;        // in the visitor's language
    std::string service;       // in the visitor's language
    std::vector<std::string> documents;
    std::string staff_service; // German, for the staff line
};

// A referral to a partner organisation (the partner directory fills it).
struct ReferralSlip {
    std::string lang;
    std::string partner;       // the partner's name
    std::string address;       // street, postcode and town; may hold '\n'
    std::string hours;         // opening hours as the directory writes them
    std::vector<std::string> languages;  // languages spoken there, each in its own name
    std::string qr_text;       // the partner's web page or address for the QR; "" = no QR
};

using Slip = std::variant<TicketSlip, BookingSlip, ReferralSlip>;

// A short file-system-safe name for a slip ("ticket-A-042", "booking-A-0329-0830-1",
// "referral"): the PNG back-end's file name and the CUPS job's title. No personal data.
std::string SlipName(const Slip& slip);

// ---------------------------------------------------------------------------------------
// 2. Raster: 1 bit a dot, rows top to bottom, each row `width / 8` bytes, the most
//    significant bit the leftmost dot, 1 = black: exactly what GS v 0 (m = 0) carries.
// ---------------------------------------------------------------------------------------

// Thermal printers at 203 dpi: the printable width in dots of 58 mm and 80 mm paper.
inline constexpr int kDots58mm = 384;
inline constexpr int kDots80mm = 576;

struct Raster {
    int width = 0;   // dots, a multiple of 8
    int height = 0;  // dots (rows)
    std::vector<std::uint8_t> bits;  // BytesPerRow() * height

    static Raster Blank(int width, int height);
    int BytesPerRow() const { return width / 8; }
    bool Black(int x, int y) const {
        return (bits[static_cast<std::size_t>(y) * BytesPerRow() + x / 8] >> (7 - x % 8)) & 1;
    }
    void SetBlack(int x, int y) {
        bits[static_cast<std::size_t>(y) * BytesPerRow() + x / 8] |= std::uint8_t(0x80 >> (x % 8));
    }
};

// The raster as an 8-bit grey image (black 0, white 255) for PNG files and previews.
text::Image ToImage(const Raster& raster);

// ---------------------------------------------------------------------------------------
// 3. Layout
// ---------------------------------------------------------------------------------------

struct RenderedSlip {
    Raster raster;
    // Characters the fonts of the slip's language do not cover, and glyphs that came out as
    // the empty box (.notdef): both must be empty for a slip the visitor can read. Tests
    // and the gallery check them; a printer prints the slip anyway (a number with a box
    // beside it is better than no ticket).
    std::vector<char32_t> uncovered;
    int notdef_glyphs = 0;
};

// Lays out `slip` at `width_dots` (kDots58mm or kDots80mm; any multiple of 8 from 192 to
// 1024): words from `messages` in the slip's language, right to left for a right-to-left
// language, a German line for staff on tickets and bookings. Errors: a width the printers
// cannot take, an unknown language, a reference or QR text that cannot become a QR code.
Result<RenderedSlip> RenderSlip(text::Engine& engine, const messages::Messages& messages,
                                const Slip& slip, int width_dots);

// ---------------------------------------------------------------------------------------
// 4. ESC/POS: ESC @ (initialise), the raster as GS v 0 images of at most `band_rows` rows
//    each (a long slip never overflows a small printer's buffer), ESC d 4 (feed past the
//    cutter), GS V 1 (partial cut).
// ---------------------------------------------------------------------------------------
inline constexpr int kBandRows = 128;
std::vector<std::uint8_t> EncodeEscPos(const Raster& raster, int band_rows = kBandRows);

// ---------------------------------------------------------------------------------------
// 5. Printers. One spec string chooses the back-end (docs/printing.md):
//      escpos:/dev/usb/lp0            ESC/POS on a device file, 80 mm paper (576 dots)
//      escpos:/dev/usb/lp0?width=58   the same on 58 mm paper (384 dots)
//      cups:QUEUE[?width=58]          the ESC/POS bytes to a raw CUPS queue (CUPS_FORMAT_RAW)
//      png:DIR[?width=58]             one PNG file a slip in DIR (tests, preview, gallery)
// ---------------------------------------------------------------------------------------

class Printer {
public:
    virtual ~Printer() = default;
    // The printable width: what RenderSlip lays out at.
    virtual int DotWidth() const = 0;
    // Sends one slip, once. Errors (paper out, device missing, cable pulled, a short or
    // failed write, a queue that does not exist, no CUPS server) say so in one sentence and
    // that the slip may be missing or cut short; the caller decides what the visitor sees.
    // `name` (SlipName) titles the job or names the PNG file.
    virtual Status Print(const Raster& raster, std::string_view name) = 0;
    // The spec it was opened with, for logs ("escpos:/dev/usb/lp0?width=58").
    virtual std::string Spec() const = 0;
};

// Parses a spec and makes its printer. Nothing is opened yet (a printer switched off at
// start-up is a fault of the first slip, not of the program): errors here are malformed
// specs only.
Result<std::unique_ptr<Printer>> OpenPrinter(std::string_view spec);

// Lays out and prints one slip: RenderSlip at the printer's width, then Print.
Status PrintSlip(Printer& printer, text::Engine& engine, const messages::Messages& messages,
                 const Slip& slip);

// ---------------------------------------------------------------------------------------
// 6. From the catalogue: what the store knows (ids, minutes, times) in the visitor's words,
//    the same words the ticket screen uses (office name, waiting area, "about 25 minutes",
//    documents). Unknown ids leave their line empty rather than failing: a ticket is printed.
// ---------------------------------------------------------------------------------------

// `wait_minutes` < 0: unknown (the catalogue's "kiosk.service.wait_unknown").
TicketSlip MakeTicketSlip(const catalogue::Catalogue& catalogue, const messages::Messages& messages,
                          std::string_view lang, std::string_view number, std::string_view service_id,
                          int wait_minutes, Micros issued_at);

BookingSlip MakeBookingSlip(const catalogue::Catalogue& catalogue, const messages::Messages& messages,
                            const core::Appointment& appointment);

// A partner of the directory as its referral slip in `lang`: name, address, hours as the
// partner writes them, the languages spoken there each in its own name (codes the catalogues
// do not know are shown as the code), and the partner's web page (else its address) as QR.
ReferralSlip MakeReferralSlip(const messages::Messages& messages, std::string_view lang,
                              const catalogue::Partner& partner);

}  // namespace anl::print
