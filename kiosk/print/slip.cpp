// The slips' layout: a column of paragraphs (and a QR code) laid out by the text engine at the
// printer's dot width, each rendered to 8-bit coverage and cut to 1 bit at half coverage.
// Sizes are in dots (203 dpi: 24 dots are 3 mm, the smallest text a visitor reads easily).
#include <algorithm>
#include <cmath>

#include "kiosk/print/print.h"
#include "kiosk/qr/qr.h"

namespace anl::print {
namespace {

constexpr int kMargin = 12;          // dots left and right of the text (most heads print to the edge)
constexpr float kBody = 26;          // body text, px = dots
constexpr float kLabel = 24;         // "Your number", small headings
constexpr float kHeading = 32;       // the office, the partner
constexpr float kHuge = 128;         // the ticket number
constexpr float kReference = 44;     // the booking reference
constexpr int kGap = 10;             // between blocks
constexpr std::uint8_t kInkThreshold = 128;  // coverage at or above: a black dot

// Builds the raster top to bottom; the width is fixed, the height grows.
class Column {
public:
    Column(text::Engine& engine, int width) : engine_(engine), raster_(Raster::Blank(width, 0)) {}

    void Gap(int dots) { Grow(dots); }

    // A paragraph in `lang`, wrapped to the paper, aligned (kStart: right in a right-to-left
    // language), each line's glyphs checked for the empty box.
    void Text(std::string_view text, std::string_view lang, float size, text::Align align) {
        if (text.empty()) return;
        text::LayoutRequest request;
        request.text = text;
        request.lang = lang;
        request.size_px = size;
        request.max_width_px = static_cast<float>(raster_.width - 2 * kMargin);
        request.align = align;
        const text::Paragraph paragraph = engine_.LayoutUncached(request);
        for (const auto& line : paragraph.lines)
            for (const auto& run : line.runs)
                for (const auto& glyph : run.glyphs)
                    if (glyph.id == 0) ++notdef_;
        for (char32_t c : engine_.FindUncoveredCodepoints(lang, text))
            if (std::find(uncovered_.begin(), uncovered_.end(), c) == uncovered_.end()) uncovered_.push_back(c);
        text::RenderOptions options;
        options.padding = 0;
        options.channels = 1;
        const text::Image image = text::RenderParagraph(engine_, paragraph, options);
        // The paragraph box is the wrap width, or narrower when no line wrapped: place it
        // by the alignment the engine used inside the box.
        const int box = image.width;
        const int room = raster_.width - 2 * kMargin;
        int left = kMargin;
        const bool at_right = (align == text::Align::kEnd) != paragraph.rtl;
        if (align == text::Align::kCenter)
            left = kMargin + std::max(0, room - box) / 2;
        else if (at_right)
            left = kMargin + std::max(0, room - box);
        const int top = raster_.height;
        Grow(image.height);
        for (int y = 0; y < image.height; ++y)
            for (int x = 0; x < image.width; ++x) {
                const int dx = left + x;
                if (dx < 0 || dx >= raster_.width) continue;
                if (image.pixels[static_cast<std::size_t>(y) * image.width + x] >= kInkThreshold)
                    raster_.SetBlack(dx, top + y);
            }
    }

    // A QR code, centred, `scale` dots a module, with its quiet zone.
    void Qr(const qr::QrCode& code, int scale) {
        const int side = (code.size + 2 * qr::kQuietZoneModules) * scale;
        const int left = std::max(0, (raster_.width - side) / 2);
        const int top = raster_.height;
        Grow(side);
        for (int y = 0; y < code.size; ++y)
            for (int x = 0; x < code.size; ++x)
                if (code.Dark(x, y))
                    for (int dy = 0; dy < scale; ++dy)
                        for (int dx = 0; dx < scale; ++dx) {
                            const int px = left + (x + qr::kQuietZoneModules) * scale + dx;
                            if (px < raster_.width)
                                raster_.SetBlack(px, top + (y + qr::kQuietZoneModules) * scale + dy);
                        }
    }

    // A dashed rule across the paper: where the visitor's part ends and the staff line begins.
    void Rule() {
        const int y = raster_.height + 1;
        Grow(4);
        for (int x = kMargin; x < raster_.width - kMargin; ++x)
            if ((x / 6) % 2 == 0) {
                raster_.SetBlack(x, y);
                raster_.SetBlack(x, y + 1);
            }
    }

    RenderedSlip Finish() && {
        Grow(kGap);
        return RenderedSlip{std::move(raster_), std::move(uncovered_), notdef_};
    }

private:
    void Grow(int rows) {
        raster_.height += rows;
        raster_.bits.resize(static_cast<std::size_t>(raster_.BytesPerRow()) * raster_.height, 0);
    }

    text::Engine& engine_;
    Raster raster_;
    std::vector<char32_t> uncovered_;
    int notdef_ = 0;
};

// Dots a module: the code with its quiet zone takes at most two thirds of the paper, 3 to 8
// dots a module (3 dots at 203 dpi are 0.375 mm, still read by a phone's camera).
int QrScale(const qr::QrCode& code, int width) {
    const int modules = code.size + 2 * qr::kQuietZoneModules;
    return std::clamp((width * 2 / 3) / modules, 3, 8);
}

void Documents(Column& c, const messages::Messages& m, std::string_view lang,
               const std::vector<std::string>& documents) {
    if (documents.empty()) return;
    c.Gap(kGap);
    c.Text(m.Text(lang, "ticket.documents_again"), lang, kLabel, text::Align::kStart);
    for (const auto& d : documents) c.Text("• " + d, lang, kBody, text::Align::kStart);
}

// Data written in its own script (a German address, opening hours): each line isolated
// (U+2068 ... U+2069) so it reads in its own direction inside a right-to-left slip
// ("50674 Köln" must not turn into "Köln 50674").
std::string Isolated(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        if (!out.empty()) out += '\n';
        out += "\u2068" + std::string(text.substr(start, end - start)) + "\u2069";
        start = end + 1;
    }
    return out;
}

Status CheckLanguage(const messages::Messages& m, std::string_view lang) {
    if (m.FindLanguage(lang) == nullptr)
        return MakeError(ErrorCode::kInvalidInput, "A slip cannot be printed in the unknown language \"" +
                                                       std::string(lang) + "\".");
    return {};
}

}  // namespace

Raster Raster::Blank(int width, int height) {
    ANL_ASSERT(width > 0 && width % 8 == 0 && "a raster row is whole bytes (GS v 0 counts bytes)");
    Raster r;
    r.width = width;
    r.height = height;
    r.bits.assign(static_cast<std::size_t>(width / 8) * height, 0);
    return r;
}

text::Image ToImage(const Raster& raster) {
    text::Image image;
    image.width = raster.width;
    image.height = raster.height;
    image.channels = 1;
    image.pixels.assign(static_cast<std::size_t>(raster.width) * raster.height, 255);
    for (int y = 0; y < raster.height; ++y)
        for (int x = 0; x < raster.width; ++x)
            if (raster.Black(x, y)) image.pixels[static_cast<std::size_t>(y) * raster.width + x] = 0;
    return image;
}

std::string SlipName(const Slip& slip) {
    // Only letters, digits and '-' from a code: it becomes a file name.
    const auto safe = [](std::string_view code) {
        std::string out;
        for (char ch : code)
            if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')
                out += ch;
        return out.substr(0, 40);
    };
    if (const auto* t = std::get_if<TicketSlip>(&slip)) return "ticket-" + safe(t->number);
    if (const auto* b = std::get_if<BookingSlip>(&slip)) return "booking-" + safe(b->reference);
    return "referral";
}

Result<RenderedSlip> RenderSlip(text::Engine& engine, const messages::Messages& m, const Slip& slip,
                                int width_dots) {
    if (width_dots < 192 || width_dots > 1024 || width_dots % 8 != 0)
        return MakeError(ErrorCode::kInvalidInput, "A slip is " + std::to_string(width_dots) +
                                                       " dots wide; printers take multiples of 8 from 192 to 1024.");
    Column c(engine, width_dots);
    c.Gap(kGap);
    constexpr auto kStart = text::Align::kStart;
    constexpr auto kCenter = text::Align::kCenter;

    if (const auto* t = std::get_if<TicketSlip>(&slip)) {
        if (auto ok = CheckLanguage(m, t->lang); !ok) return ok.error();
        const std::string& lang = t->lang;
        c.Text(m.Text(lang, "ticket.your_number"), lang, kLabel, kCenter);
        // Ticket numbers stay Latin letters and Western digits in every language.
        c.Text(t->number, "en", kHuge, kCenter);
        c.Text(t->office, lang, kHeading, kCenter);
        c.Gap(kGap);
        c.Text(m.Text(lang, "ticket.where_to_wait"), lang, kLabel, kStart);
        c.Text(t->wait_where, lang, kBody, kStart);
        c.Gap(kGap);
        c.Text(t->wait, lang, kBody, kStart);
        Documents(c, m, lang, t->documents);
        c.Gap(kGap);
        c.Text(m.Format(lang, "ticket.issued_at", messages::Args().Date("time", t->issued_at)), lang, kLabel, kStart);
        c.Text(m.Text(lang, "ticket.keep"), lang, kLabel, kStart);
        // The end-of-visit feedback: the kiosk takes this slip's number (docs/accessibility.md).
        c.Text(m.Text(lang, "ticket.feedback_after"), lang, kLabel, kStart);
        c.Gap(kGap);
        c.Rule();
        c.Gap(kGap);
        const auto* language = m.FindLanguage(lang);
        c.Text(m.Format("de", "desk.slip.ticket",
                        messages::Args()
                            .Code("ticket", t->number)
                            .Str("service", t->staff_service)
                            .Str("language", language->english_name)
                            .Date("time", t->issued_at)),
               "de", kLabel, text::Align::kStart);
        return std::move(c).Finish();
    }

    if (const auto* b = std::get_if<BookingSlip>(&slip)) {
        if (auto ok = CheckLanguage(m, b->lang); !ok) return ok.error();
        auto code = qr::Encode(b->reference);
        if (!code.ok()) return code.error();
        const std::string& lang = b->lang;
        c.Text(m.Text(lang, "slip.booking.title"), lang, kHeading, kCenter);
        c.Gap(kGap);
        c.Text(m.Text(lang, "slip.booking.reference"), lang, kLabel, kCenter);
        c.Text(b->reference, "en", kReference, kCenter);
        c.Qr(*code, QrScale(*code, width_dots));
        c.Text(m.Text(lang, "slip.booking.check_in"), lang, kLabel, kCenter);
        c.Gap(kGap);
        c.Text(m.Format(lang, "slip.booking.when", messages::Args().Date("time", b->start_us)), lang, kHeading, kStart);
        c.Text(b->office, lang, kBody, kStart);
        c.Text(b->service, lang, kBody, kStart);
        Documents(c, m, lang, b->documents);
        c.Gap(kGap);
        c.Rule();
        c.Gap(kGap);
        const auto* language = m.FindLanguage(lang);
        c.Text(m.Format("de", "desk.slip.booking",
                        messages::Args()
                            .Code("reference", b->reference)
                            .Str("service", b->staff_service)
                            .Str("language", language->english_name)
                            .Date("time", b->start_us)),
               "de", kLabel, text::Align::kStart);
        return std::move(c).Finish();
    }

    const auto& r = std::get<ReferralSlip>(slip);
    if (auto ok = CheckLanguage(m, r.lang); !ok) return ok.error();
    const std::string& lang = r.lang;
    c.Text(m.Text(lang, "slip.referral.title"), lang, kLabel, kCenter);
    c.Text(r.partner, lang, kHeading, kCenter);
    c.Gap(kGap);
    c.Text(m.Text(lang, "slip.referral.address"), lang, kLabel, kStart);
    c.Text(Isolated(r.address), lang, kBody, kStart);
    if (!r.hours.empty()) {
        c.Gap(kGap);
        c.Text(m.Text(lang, "slip.referral.hours"), lang, kLabel, kStart);
        c.Text(Isolated(r.hours), lang, kBody, kStart);
    }
    if (!r.languages.empty()) {
        c.Gap(kGap);
        c.Text(m.Text(lang, "slip.referral.languages"), lang, kLabel, kStart);
        // Each name in its own script, isolated (U+2068 ... U+2069) so the separators keep the
        // list's order even where two right-to-left names meet in a left-to-right line.
        std::string spoken;
        for (const auto& l : r.languages) spoken += (spoken.empty() ? "" : " · ") + ("\u2068" + l + "\u2069");
        c.Text(spoken, lang, kBody, kStart);
    }
    if (!r.qr_text.empty()) {
        auto code = qr::Encode(r.qr_text);
        if (!code.ok()) return code.error();
        c.Gap(kGap);
        c.Qr(*code, QrScale(*code, width_dots));
        c.Text(m.Text(lang, "slip.referral.scan"), lang, kLabel, kCenter);
    }
    return std::move(c).Finish();
}

Status PrintSlip(Printer& printer, text::Engine& engine, const messages::Messages& messages, const Slip& slip) {
    auto rendered = RenderSlip(engine, messages, slip, printer.DotWidth());
    if (!rendered.ok()) return rendered.error();
    return printer.Print(rendered->raster, SlipName(slip));
}

}  // namespace anl::print
