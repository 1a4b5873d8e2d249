// Ticket numbers and the site's local day (rule in core.h, section 7). The local day comes
// from ICU's time-zone data (the same tzdata the system ships), not a fixed offset, so that
// summer time moves midnight correctly.
#include <chrono>
#include <cstdio>
#include <memory>

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

std::unique_ptr<icu::TimeZone> MakeZone(std::string_view name) {
    return std::unique_ptr<icu::TimeZone>(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())))));
}

bool IsUnknownZone(const icu::TimeZone& zone) { return zone == icu::TimeZone::getUnknown(); }

}  // namespace

int TicketNumber(int slot, int nth, int device_slots) {
    ANL_ASSERT(nth >= 1 && "the first ticket of a day is the 1st");
    ANL_ASSERT(slot >= 0 && slot < device_slots && "a device slot lies within the site's slots");
    int block = slot + ((nth - 1) / 99) * device_slots;
    return block * 100 + ((nth - 1) % 99) + 1;
}

std::string FormatTicketNumber(char prefix, int number) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%c-%03d", prefix, number);
    return buf;
}

Status ValidateTimeZone(std::string_view time_zone) {
    auto zone = MakeZone(time_zone);
    if (!zone || IsUnknownZone(*zone))
        return MakeError(ErrorCode::kInvalidInput, "The time zone \"" + std::string(time_zone).substr(0, 60) +
                                                       "\" is unknown; use an IANA name such as Europe/Berlin.");
    return {};
}

std::string LocalServiceDay(Micros utc, std::string_view time_zone) {
    auto zone = MakeZone(time_zone);
    std::int32_t raw = 0, dst = 0;
    if (ANL_ALWAYS(zone && !IsUnknownZone(*zone))) {  // the store validates the zone at init
        UErrorCode status = U_ZERO_ERROR;
        zone->getOffset(static_cast<UDate>(utc / 1000), false, raw, dst, status);
        if (U_FAILURE(status)) raw = dst = 0;
    }
    using namespace std::chrono;
    auto local = sys_time<microseconds>(microseconds(utc + (static_cast<Micros>(raw) + dst) * 1000));
    year_month_day ymd{floor<days>(local)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

}  // namespace anl::core
