#include "kiosk/qr/qr.h"

#include <qrencode.h>

#include <memory>
#include <string>

namespace anl::qr {

Result<QrCode> Encode(std::string_view text) {
    if (text.empty()) return MakeError(ErrorCode::kInvalidInput, "a QR code needs a text to encode");
    if (auto checked = CheckInputText(text, TextShape::kSingleLine, kMaxTextBytes, "the text for a QR code");
        !checked.ok())
        return checked.error();

    // QRcode_encodeString wants a NUL-terminated string; case-sensitive 8-bit mode keeps
    // every byte of UTF-8 as it is.
    const std::string owned(text);
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString(owned.c_str(), /*version=*/0, QR_ECLEVEL_M, QR_MODE_8, /*casesensitive=*/1),
        &QRcode_free);
    if (!code) return MakeError(ErrorCode::kInvalidInput, "the text does not fit into a QR code");

    QrCode out;
    out.size = code->width;
    out.modules.resize(static_cast<std::size_t>(code->width) * code->width);
    // libqrencode: bit 0 of each byte says dark; the other bits describe the module's role.
    for (std::size_t i = 0; i < out.modules.size(); ++i) out.modules[i] = code->data[i] & 1u;
    return out;
}

}  // namespace anl::qr
