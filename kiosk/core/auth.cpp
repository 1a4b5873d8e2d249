// Staff PINs: argon2id through libsodium. Only the hash is ever stored.
#include <algorithm>
#include <cctype>

#include <sodium.h>

#include "kiosk/core/core.h"

namespace anl::core {

Status ValidatePin(std::string_view pin) {
    bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (pin.size() < 4 || pin.size() > 12 || !digits)
        return MakeError(ErrorCode::kInvalidInput, "A PIN has 4 to 12 digits and nothing else.");
    return {};
}

Result<std::string> HashPin(std::string_view pin) {
    if (auto ok = ValidatePin(pin); !ok) return ok.error();
    if (sodium_init() < 0)
        return MakeError(ErrorCode::kInternal, "The hashing library could not start; the PIN was not stored.");
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return MakeError(ErrorCode::kStorage, "There was not enough memory to hash the PIN; close other programs and try again.");
    return std::string(out);
}

bool VerifyPin(std::string_view pin_hash, std::string_view pin) {
    if (sodium_init() < 0) return false;
    std::string hash(pin_hash);  // needs a terminating NUL
    return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

}  // namespace anl::core
