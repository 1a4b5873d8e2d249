// protocol, appointment slots: the wire format of the escrow endpoints. Kept beside
// protocol.h (same rules: strict JSON, named limits, one sentence per refusal) so the core
// message set stays as it is. Must never: open a socket, speak SQL, read a clock.
//
//  endpoint                          request          answer (2xx)    who
//  POST /v1/appointments/escrow      EscrowRequest    EscrowGrant     kiosk, desk, admin
//  POST /v1/appointments/hold        HoldRequest      HoldGranted     kiosk, desk, admin  ("book online")
//  POST /v1/appointments/return      ReturnRequest    EscrowGrant     kiosk, desk, admin
//  GET  /v1/appointments/slots?service=S&date=YYYY-MM-DD   SlotList   kiosk, desk, admin
// Boards never book: 403 "role". Bookings and cancellations themselves travel as events
// (appointment.booked / appointment.cancelled) in the normal push; the central answers a
// booking it cannot accept with an appointment.refused event that every terminal pulls.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::sync {

inline constexpr std::string_view kPathAppointmentsPrefix = "/v1/appointments/";
inline constexpr std::string_view kPathEscrow = "/v1/appointments/escrow";
inline constexpr std::string_view kPathHold = "/v1/appointments/hold";
inline constexpr std::string_view kPathReturn = "/v1/appointments/return";
inline constexpr std::string_view kPathSlots = "/v1/appointments/slots";

constexpr std::size_t kMaxSlotIdLength = 200;     // "site/service/2026-03-30T06:00Z/1"
constexpr std::size_t kMaxEscrowSlots = 256;      // slots named in one request or answer
constexpr std::size_t kMaxSlotList = 2048;        // slots of one service on one day
constexpr int kEscrowDays = 3;                    // the escrow covers today and the next 2 days
constexpr int kEscrowSlotsPerServiceDay = 2;      // per terminal, service and day
constexpr std::int64_t kEscrowLifetimeUs = 24LL * 3600 * 1'000'000;  // renewed every sync round
static_assert(kEscrowSlotsPerServiceDay * kEscrowDays * 32 <= static_cast<int>(kMaxEscrowSlots),
              "an escrow for 32 appointment services fits in one answer");

struct GrantedSlot {
    std::string slot;
    std::string service;
    Micros start_us = 0;
    Micros end_us = 0;
};

// "Renew my escrow": the terminal names the escrow slots it still holds unused (kept), and
// the highest seq it has written: the central answers only when it holds all of them, so a
// slot is never taken back while an offline booking of it is still on its way.
struct EscrowRequest {
    std::vector<std::string> keep;  // <= kMaxEscrowSlots
    std::int64_t written_seq = 0;
};
struct EscrowGrant {
    std::vector<GrantedSlot> slots;  // everything this terminal now holds, <= kMaxEscrowSlots
    Micros expires_us = 0;
};
// "Book online": reserve one slot for this terminal now (atomic at the central); the terminal
// then books it from its escrow at once.
struct HoldRequest {
    std::string slot;
};
struct HoldGranted {
    GrantedSlot slot;
    Micros expires_us = 0;
};
struct ReturnRequest {
    std::vector<std::string> slots;  // escrow slots given back, <= kMaxEscrowSlots
};
struct SlotState {
    std::string slot;
    Micros start_us = 0;
    Micros end_us = 0;
    std::string state;  // "free", "held" (in a terminal's escrow), "booked"
};
struct SlotList {
    std::vector<SlotState> slots;
};

std::string EncodeEscrowRequest(const EscrowRequest& m);
std::string EncodeEscrowGrant(const EscrowGrant& m);
std::string EncodeHoldRequest(const HoldRequest& m);
std::string EncodeHoldGranted(const HoldGranted& m);
std::string EncodeReturnRequest(const ReturnRequest& m);
std::string EncodeSlotList(const SlotList& m);
// Strict: over-long bodies, unknown or missing fields, wrong types and values outside the
// limits give kInvalidInput naming the field. Never throws.
Result<EscrowRequest> DecodeEscrowRequest(std::string_view body);
Result<EscrowGrant> DecodeEscrowGrant(std::string_view body);
Result<HoldRequest> DecodeHoldRequest(std::string_view body);
Result<HoldGranted> DecodeHoldGranted(std::string_view body);
Result<ReturnRequest> DecodeReturnRequest(std::string_view body);
Result<SlotList> DecodeSlotList(std::string_view body);

}  // namespace anl::sync
