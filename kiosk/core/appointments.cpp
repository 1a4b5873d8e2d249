// Appointment slots (core.h, section 9): slot ids, cutting a day's slots from an office's
// hours, deciding a booking or a cancellation, and folding appointment.* events.
//
// Event payloads (all times UTC microseconds):
//   appointment.booked     appointment_id, reference, slot_id, service_id, start_us, end_us, lang
//   appointment.cancelled  appointment_id, slot_id
//   appointment.refused    appointment_id, slot_id, reason     (device kCentralDeviceId only)
// A check-in is no event of its own: it is the ticket.issued of the visitor's ticket, with
// appointment_id naming the booking (one event: the ticket and the arrival are one fact).
//
// The fold is order-independent on purpose: a booking stands until the central refuses it or
// a desk cancels it, and a refusal that arrives before its booking is remembered. So a
// terminal that folds its own offline bookings before the central placed them ends in the
// same state as one that folds the central order.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <memory>

#include <unicode/gregocal.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "kiosk/core/internal.h"

namespace anl::core {
namespace {

using nlohmann::json;
using internal::Int;
using internal::Str;

std::unique_ptr<icu::TimeZone> Zone(std::string_view name) {
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(
        icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())))));
    if (zone && *zone == icu::TimeZone::getUnknown()) zone.reset();
    return zone;
}

struct LocalDay {
    int year = 0, month = 0, day = 0;
};

std::optional<LocalDay> ParseDay(std::string_view day) {
    int y = 0, m = 0, d = 0;
    if (day.size() != 10 || std::sscanf(std::string(day).c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3) return std::nullopt;
    using namespace std::chrono;
    year_month_day ymd{year(y), month(static_cast<unsigned>(m)), std::chrono::day(static_cast<unsigned>(d))};
    if (!ymd.ok()) return std::nullopt;
    return LocalDay{y, m, d};
}

// UTC microseconds of a local wall-clock time. ICU resolves a time in the spring-forward gap
// forwards; offices are closed at night, so that never meets an opening hour.
Result<Micros> LocalToUtc(const icu::TimeZone& zone, const LocalDay& day, int minute_of_day) {
    UErrorCode status = U_ZERO_ERROR;
    icu::GregorianCalendar calendar(zone, status);
    if (U_FAILURE(status)) return MakeError(ErrorCode::kInternal, "ICU cannot make a calendar.");
    calendar.clear();
    calendar.set(day.year, day.month - 1, day.day, minute_of_day / 60, minute_of_day % 60, 0);
    UDate millis = calendar.getTime(status);
    if (U_FAILURE(status)) return MakeError(ErrorCode::kInvalidInput, "That local time does not exist.");
    return static_cast<Micros>(millis) * 1000;
}

// ISO weekday (1 = Monday) of a calendar day.
int IsoWeekday(const LocalDay& day) {
    using namespace std::chrono;
    sys_days days{year_month_day{year(day.year), month(static_cast<unsigned>(day.month)),
                                 std::chrono::day(static_cast<unsigned>(day.day))}};
    unsigned wd = weekday(days).iso_encoding();
    return static_cast<int>(wd);
}

// Local wall-clock parts of a UTC time.
struct LocalTime {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0;
};
LocalTime ToLocal(Micros utc, const icu::TimeZone& zone) {
    std::int32_t raw = 0, dst = 0;
    UErrorCode status = U_ZERO_ERROR;
    zone.getOffset(static_cast<UDate>(utc / 1000), false, raw, dst, status);
    if (U_FAILURE(status)) raw = dst = 0;
    using namespace std::chrono;
    auto local = sys_time<microseconds>(microseconds(utc + (static_cast<Micros>(raw) + dst) * 1000));
    auto day_start = floor<days>(local);
    year_month_day ymd{day_start};
    auto minutes = duration_cast<std::chrono::minutes>(local - day_start).count();
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(minutes / 60),
            static_cast<int>(minutes % 60)};
}


Applied Skip(std::string why) {
    Applied a;
    a.skipped_because = std::move(why);
    return a;
}

Applied Changed(const std::string& id) {
    Applied a;
    a.applied = true;
    a.appointment_ids.push_back(id);
    return a;
}

}  // namespace

std::string_view AppointmentStatusName(AppointmentStatus status) {
    switch (status) {
        case AppointmentStatus::kBooked: return "booked";
        case AppointmentStatus::kCancelled: return "cancelled";
        case AppointmentStatus::kRefused: return "refused";
    }
    return "booked";
}

std::string SlotId(std::string_view site, std::string_view service, Micros start_us, int seat) {
    using namespace std::chrono;
    auto t = sys_time<microseconds>(microseconds(start_us));
    auto day_start = floor<days>(t);
    year_month_day ymd{day_start};
    auto minutes = duration_cast<std::chrono::minutes>(t - day_start).count();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    return std::string(site) + "/" + std::string(service) + "/" + buf + "/" + std::to_string(seat);
}

Result<Slot> ParseSlotId(std::string_view id) {
    auto bad = [&] {
        return MakeError(ErrorCode::kInvalidInput, "\"" + std::string(id.substr(0, 80)) +
                                                       "\" is not a slot id (site/service/YYYY-MM-DDTHH:MMZ/seat).");
    };
    if (id.size() > 200) return bad();
    std::vector<std::string_view> parts;
    std::size_t from = 0;
    for (;;) {
        auto slash = id.find('/', from);
        parts.push_back(id.substr(from, slash == std::string_view::npos ? std::string_view::npos : slash - from));
        if (slash == std::string_view::npos) break;
        from = slash + 1;
    }
    if (parts.size() != 4 || parts[0].empty() || parts[1].empty() || parts[2].size() != 17 || parts[3].empty() ||
        parts[3].size() > 2)
        return bad();
    auto day = ParseDay(parts[2].substr(0, 10));
    int hour = 0, minute = 0;
    if (!day || parts[2][10] != 'T' || parts[2][13] != ':' || parts[2][16] != 'Z' ||
        std::sscanf(std::string(parts[2].substr(11, 5)).c_str(), "%2d:%2d", &hour, &minute) != 2 || hour > 23 ||
        minute > 59)
        return bad();
    int seat = 0;
    for (char c : parts[3]) {
        if (c < '0' || c > '9') return bad();
        seat = seat * 10 + (c - '0');
    }
    if (seat < 1) return bad();
    using namespace std::chrono;
    sys_days days{year_month_day{year(day->year), month(static_cast<unsigned>(day->month)),
                                 std::chrono::day(static_cast<unsigned>(day->day))}};
    Slot slot;
    slot.site_id = std::string(parts[0]);
    slot.service_id = std::string(parts[1]);
    slot.start_us = duration_cast<microseconds>(days.time_since_epoch()).count() +
                    (static_cast<Micros>(hour) * 60 + minute) * kMicrosPerMinute;
    slot.seat = seat;
    slot.id = SlotId(slot.site_id, slot.service_id, slot.start_us, slot.seat);
    if (slot.id != id) return bad();  // one spelling only: ids are compared as text everywhere
    return slot;
}

Result<std::vector<Slot>> DeriveSlots(const catalogue::Catalogue& catalogue, std::string_view site,
                                      std::string_view service_id, std::string_view day, std::string_view time_zone) {
    const catalogue::Service* service = internal::FindService(catalogue, service_id);
    if (!service)
        return MakeError(ErrorCode::kNotFound, "There is no service \"" + std::string(service_id.substr(0, 64)) + "\".");
    if (!service->needs_appointment)
        return MakeError(ErrorCode::kInvalidInput, "The service \"" + service->id +
                                                       "\" takes tickets for today, not appointments.");
    auto local_day = ParseDay(day);
    if (!local_day)
        return MakeError(ErrorCode::kInvalidInput, "\"" + std::string(day.substr(0, 20)) + "\" is not a day; write YYYY-MM-DD.");
    auto zone = Zone(time_zone);
    if (!zone) return MakeError(ErrorCode::kInvalidInput, "The time zone \"" + std::string(time_zone) + "\" is unknown.");
    std::vector<Slot> slots;
    for (const auto& holiday : catalogue.holidays)
        if (holiday == day) return slots;
    const catalogue::Office* office = internal::FindOffice(catalogue, service->office_id);
    if (!ANL_ALWAYS(office != nullptr)) return slots;  // the catalogue loader checks references
    catalogue::SlotSettings settings;
    if (auto it = catalogue.service_slots.find(service->id); it != catalogue.service_slots.end()) settings = it->second;
    int length = settings.slot_minutes > 0 ? settings.slot_minutes : service->typical_minutes;
    ANL_ASSERT(length > 0 && "a slot has a length: the loader bounds slot_minutes and typical_minutes");
    int weekday = IsoWeekday(*local_day);
    auto hours = catalogue.office_hours.find(office->id);
    if (hours == catalogue.office_hours.end()) return slots;
    for (const auto& period : hours->second) {
        if (period.weekday != weekday) continue;
        for (int start = period.open_minute; start + length <= period.close_minute; start += length) {
            auto start_us = LocalToUtc(*zone, *local_day, start);
            auto end_us = LocalToUtc(*zone, *local_day, start + length);
            if (!start_us.ok()) return start_us.error();
            if (!end_us.ok()) return end_us.error();
            // The spring-forward hour does not exist: a slot inside it would start where the
            // next one starts (or end where it begins); it is left out, never given twice.
            if (*end_us <= *start_us) continue;
            if (!slots.empty() && std::any_of(slots.begin(), slots.end(), [&](const Slot& s) { return s.start_us == *start_us; }))
                continue;
            for (int seat = 1; seat <= settings.slot_capacity; ++seat) {
                Slot slot{SlotId(site, service->id, *start_us, seat), std::string(site), service->id, *start_us,
                          *end_us, seat};
                slots.push_back(std::move(slot));
            }
        }
    }
    std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
        return std::tie(a.start_us, a.seat) < std::tie(b.start_us, b.seat);
    });
    return slots;
}

Result<Slot> FindSlot(const catalogue::Catalogue& catalogue, std::string_view site, std::string_view id,
                      std::string_view time_zone) {
    auto parsed = ParseSlotId(id);
    if (!parsed.ok()) return parsed.error();
    if (parsed->site_id != site)
        return MakeError(ErrorCode::kRejected, "The slot " + parsed->id.substr(0, 120) + " belongs to another site.");
    auto zone = Zone(time_zone);
    if (!zone) return MakeError(ErrorCode::kInvalidInput, "The time zone \"" + std::string(time_zone) + "\" is unknown.");
    LocalTime local = ToLocal(parsed->start_us, *zone);
    char day[16];
    std::snprintf(day, sizeof day, "%04d-%02d-%02d", local.year, local.month, local.day);
    auto slots = DeriveSlots(catalogue, site, parsed->service_id, day, time_zone);
    if (!slots.ok()) return slots.error();
    for (const auto& slot : *slots)
        if (slot.id == parsed->id) return slot;
    return MakeError(ErrorCode::kNotFound, "There is no slot " + parsed->id.substr(0, 120) +
                                               ": the office gives no appointment then.");
}

std::string LocalDayAfter(Micros utc, int days_ahead, std::string_view time_zone) {
    auto zone = Zone(time_zone);
    LocalTime local = zone ? ToLocal(utc, *zone) : ToLocal(utc, *icu::TimeZone::getGMT());
    using namespace std::chrono;
    sys_days days{year_month_day{year(local.year), month(static_cast<unsigned>(local.month)),
                                 std::chrono::day(static_cast<unsigned>(local.day))}};
    year_month_day ymd{days + std::chrono::days(days_ahead)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()));
    return buf;
}

std::string LocalDateTime(Micros utc, std::string_view time_zone) {
    auto zone = Zone(time_zone);
    LocalTime t = zone ? ToLocal(utc, *zone) : ToLocal(utc, *icu::TimeZone::getGMT());
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
    return buf;
}

std::string_view DayAvailabilityName(DayAvailability availability) {
    switch (availability) {
        case DayAvailability::kFree: return "free";
        case DayAvailability::kFew: return "few";
        case DayAvailability::kFull: return "full";
    }
    return "full";
}

Result<std::vector<SlotDay>> SlotDays(const catalogue::Catalogue& catalogue, std::string_view site,
                                      std::string_view service_id, Micros now, std::string_view time_zone, int count,
                                      const std::function<bool(const Slot&)>& offered) {
    std::vector<SlotDay> days;
    for (int ahead = 0; ahead < 90 && int(days.size()) < count; ++ahead) {
        const std::string day = LocalDayAfter(now, ahead, time_zone);
        auto slots = DeriveSlots(catalogue, site, service_id, day, time_zone);
        if (!slots.ok()) return slots.error();
        if (slots->empty()) continue;  // closed that weekday, or a holiday: not a working day
        SlotDay d;
        d.day = day;
        d.slots = int(slots->size());
        for (const auto& slot : *slots)
            if (slot.start_us > now && (!offered || offered(slot))) d.offered.push_back(slot);
        const int free = int(d.offered.size());
        d.availability = free == 0                                      ? DayAvailability::kFull
                         : (free <= kFewSlots || free * 4 <= d.slots) ? DayAvailability::kFew
                                                                        : DayAvailability::kFree;
        days.push_back(std::move(d));
    }
    return days;
}

std::string NormaliseReference(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push_back(c);
        if (out.size() > 40) return {};  // no reference is that long
    }
    return out;
}

std::string ReferenceServiceLetters(const catalogue::Catalogue& catalogue, std::string_view service_id) {
    // Letters a visitor cannot mistake for a digit (no I, no O). The office's first
    // appointment service has none, so its references read as they always did.
    static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    const catalogue::Service* service = internal::FindService(catalogue, service_id);
    if (service == nullptr) return {};
    std::size_t index = 0;
    for (const auto& s : catalogue.services) {
        if (s.id == service->id) break;
        if (s.office_id == service->office_id && s.needs_appointment) ++index;
    }
    if (index == 0) return {};
    if (index < kLetters.size()) return std::string(1, kLetters[index]);
    // More appointment services in one office than letters: two letters, still unique.
    return std::string{kLetters[(index / kLetters.size()) % kLetters.size()], kLetters[index % kLetters.size()]};
}

bool LooksLikeReference(std::string_view typed) {
    // DecideBooking's shape: the office's letter, MMDD, HHMM, the service's letters (none, one
    // or two) and a seat of 1 or 2 digits.
    std::string n = NormaliseReference(typed);
    if (n.size() < 10 || n.size() > 13 || n[0] < 'A' || n[0] > 'Z') return false;
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (!std::all_of(n.begin() + 1, n.begin() + 9, digit)) return false;
    std::size_t i = 9;
    while (i < n.size() && i < 11 && !digit(n[i])) ++i;
    const std::size_t seat_digits = n.size() - i;
    return seat_digits >= 1 && seat_digits <= 2 && std::all_of(n.begin() + long(i), n.end(), digit);
}

CheckInVerdict JudgeCheckIn(const State& state, const QueueRules& rules, std::string_view reference, Micros now) {
    CheckInVerdict verdict;
    verdict.reason = kCheckInUnknown;
    const std::string wanted = NormaliseReference(reference);
    if (wanted.empty()) return verdict;
    // A reference names a local day without its year, so the same one comes back a year later:
    // the booking nearest to now wins, a standing one before a cancelled one.
    const Appointment* best = nullptr;
    auto rank = [](const Appointment& a) { return a.status == AppointmentStatus::kBooked ? 0 : 1; };
    for (const auto& [id, a] : state.appointments) {
        if (a.status == AppointmentStatus::kRefused || NormaliseReference(a.reference) != wanted) continue;
        if (!best || rank(a) < rank(*best) ||
            (rank(a) == rank(*best) && std::llabs(a.start_us - now) < std::llabs(best->start_us - now)))
            best = &a;
    }
    if (!best) return verdict;
    verdict.appointment = *best;
    if (best->status == AppointmentStatus::kCancelled) {
        verdict.reason = kCheckInCancelled;
    } else if (!best->arrived_ticket.empty()) {
        verdict.reason = kCheckInArrived;
    } else if (now < best->start_us - rules.check_in_before) {
        verdict.reason = kCheckInEarly;
        verdict.come_back_from = best->start_us - rules.check_in_before;
    } else if (now > best->start_us + rules.check_in_after) {
        verdict.reason = kCheckInLate;
    } else {
        verdict.reason = kCheckInOnTime;
    }
    return verdict;
}

Result<std::vector<Event>> DecideCheckIn(const State& state, const catalogue::Catalogue& catalogue,
                                         const QueueRules& rules, const Actor& actor, Micros now,
                                         std::string_view reference) {
    CheckInVerdict verdict = JudgeCheckIn(state, rules, reference, now);
    const std::string shown(reference.substr(0, 40));
    if (verdict.reason == kCheckInUnknown)
        return MakeRefusal(kCheckInUnknown, "There is no booked appointment \"" + shown + "\"; check the reference.");
    const Appointment& a = *verdict.appointment;
    const std::string when = LocalDateTime(a.start_us, rules.time_zone);
    if (verdict.reason == kCheckInCancelled)
        return MakeRefusal(kCheckInCancelled, "The appointment " + a.reference + " was cancelled.");
    if (verdict.reason == kCheckInArrived)
        return MakeRefusal(kCheckInArrived, "The appointment " + a.reference + " is checked in already (ticket " +
                                                a.arrived_ticket + ").");
    if (verdict.reason == kCheckInEarly)
        return MakeRefusal(kCheckInEarly, "The appointment " + a.reference + " is at " + when +
                                              "; check in from " + LocalDateTime(verdict.come_back_from, rules.time_zone) +
                                              ".");
    if (verdict.reason == kCheckInLate)
        return MakeRefusal(kCheckInLate, "The appointment " + a.reference + " was at " + when +
                                             "; it is too late to check in. Take a ticket instead.");
    IssueTicket issue;
    issue.service_id = a.service_id;
    issue.lang = a.lang.empty() ? "de" : a.lang;
    issue.appointment_due_at = a.start_us;
    issue.appointment_id = a.id;
    return Decide(state, catalogue, rules, actor, now, issue);
}

const Appointment* StandingBooking(const State& state, std::string_view slot_id) {
    for (const auto& [id, a] : state.appointments)
        if (a.slot_id == slot_id && a.status == AppointmentStatus::kBooked) return &a;
    return nullptr;
}

Result<Event> DecideBooking(const State& state, const catalogue::Catalogue& catalogue, std::string_view site,
                            const QueueRules& rules, const Actor& actor, Micros now, const BookAppointment& command) {
    auto slot = FindSlot(catalogue, site, command.slot_id, rules.time_zone);
    if (!slot.ok()) return slot.error();
    if (slot->start_us <= now)
        return MakeError(ErrorCode::kRejected, "The slot " + slot->id + " has begun already; choose a later one.");
    if (StandingBooking(state, slot->id))
        return MakeError(ErrorCode::kRejected, "The slot " + slot->id + " is booked already; choose another one.");
    if (command.lang.empty() || command.lang.size() > 16)
        return MakeError(ErrorCode::kInvalidInput, "A language code has 1 to 16 characters.");
    const catalogue::Service* service = internal::FindService(catalogue, slot->service_id);
    const catalogue::Office* office = service ? internal::FindOffice(catalogue, service->office_id) : nullptr;
    auto zone = Zone(rules.time_zone);
    LocalTime local = ToLocal(slot->start_us, *zone);
    // The printed reference names the office, local day, time, service and seat: a slot
    // stands for one booking, and two services of one office at the same time and seat differ
    // by the service's letter (ReferenceServiceLetters).
    char reference[48];
    std::snprintf(reference, sizeof reference, "%c-%02d%02d-%02d%02d-%s%d", office ? office->ticket_prefix : 'A',
                  local.month, local.day, local.hour, local.minute,
                  ReferenceServiceLetters(catalogue, slot->service_id).c_str(), slot->seat);
    std::string id = internal::EntityId(actor.device_id, actor.next_seq);
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = "appointment.booked";
    e.at_us = now;
    e.payload = {{"appointment_id", id},       {"reference", reference},       {"slot_id", slot->id},
                 {"service_id", slot->service_id}, {"start_us", slot->start_us}, {"end_us", slot->end_us},
                 {"lang", command.lang}};
    return e;
}

Result<Event> DecideCancel(const State& state, const Actor& actor, Micros now, std::string_view reference) {
    const Appointment* found = nullptr;
    for (const auto& [id, a] : state.appointments) {
        if (a.status != AppointmentStatus::kBooked) continue;
        if (a.id == reference || a.reference == reference) found = &a;
    }
    if (!found)
        return MakeError(ErrorCode::kNotFound, "There is no booked appointment \"" +
                                                   std::string(reference.substr(0, 80)) + "\".");
    Event e;
    e.device_id = actor.device_id;
    e.seq = actor.next_seq;
    e.type = "appointment.cancelled";
    e.at_us = now;
    e.payload = {{"appointment_id", found->id}, {"slot_id", found->slot_id}};
    return e;
}

Applied ApplyAppointmentEvent(State& state, const Event& e) {
    const json& p = e.payload;
    auto id = Str(p, "appointment_id");
    if (!id) return Skip(e.type + " lacks appointment_id");
    if (e.type == "appointment.booked") {
        auto reference = Str(p, "reference"), slot = Str(p, "slot_id"), service = Str(p, "service_id"),
             lang = Str(p, "lang");
        auto start = Int(p, "start_us"), end = Int(p, "end_us");
        if (!reference || !slot || !service || !lang || !start || !end) return Skip("appointment.booked lacks a field");
        if (state.appointments.count(*id)) return Skip("appointment " + *id + " exists already");
        Appointment a{*id, *reference, *slot, *service, *start, *end, *lang, e.device_id, e.at_us,
                      AppointmentStatus::kBooked, "", "", 0};
        if (auto refused = state.refusals.find(*id); refused != state.refusals.end()) {
            a.status = AppointmentStatus::kRefused;
            a.refused_because = refused->second;
        }
        state.appointments.emplace(*id, std::move(a));
        return Changed(*id);
    }
    if (e.type == "appointment.cancelled") {
        auto it = state.appointments.find(*id);
        if (it == state.appointments.end()) return Skip("no appointment " + *id);
        if (it->second.status != AppointmentStatus::kBooked)
            return Skip("appointment " + *id + " is " + std::string(AppointmentStatusName(it->second.status)));
        it->second.status = AppointmentStatus::kCancelled;
        return Changed(*id);
    }
    if (e.type == "appointment.refused") {
        // Only the central service decides which booking of a slot stands.
        if (e.device_id != kCentralDeviceId) return Skip("only the central service refuses a booking");
        std::string reason = Str(p, "reason").value_or("refused by the central service");
        state.refusals[*id] = reason;
        auto it = state.appointments.find(*id);
        if (it == state.appointments.end()) {
            Applied a;
            a.applied = true;  // remembered for the booking when it arrives
            return a;
        }
        it->second.status = AppointmentStatus::kRefused;
        it->second.refused_because = reason;
        return Changed(*id);
    }
    return Skip("unknown event type " + e.type);
}

}  // namespace anl::core
