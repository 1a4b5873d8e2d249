// sync client, appointment slots (see escrow.h).
#include "sync/client/escrow.h"

#include <cctype>
#include <cstdlib>

namespace anl::sync {
namespace {

constexpr int kRequestTimeoutMs = 15'000;

// Holds the store mutex (when there is one) for one store call.
struct Locked {
    explicit Locked(std::mutex* m) : m_(m) {
        if (m_) m_->lock();
    }
    ~Locked() {
        if (m_) m_->unlock();
    }
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;
    std::mutex* m_;
};

// A 2xx answer decoded with `decode`, or the central's refusal as an error with a fitting code.
template <typename T, typename Decode>
Result<T> Answer(const Result<HttpResponse>& response, Decode decode) {
    if (!response.ok()) return response.error();
    if (response->status >= 200 && response->status < 300) {
        auto message = decode(response->body);
        if (!message.ok())
            return MakeError(ErrorCode::kNetwork, "The central service answered badly: " + message.error().message);
        return message;
    }
    auto refusal = DecodeAs<ErrorMessage>(response->body);
    std::string sentence =
        refusal.ok() ? refusal->message : "The central service answered HTTP " + std::to_string(response->status) + ".";
    int s = response->status;
    ErrorCode code = s == 401 || s == 403   ? ErrorCode::kUnauthorized
                     : s == 400 || s == 413 ? ErrorCode::kInvalidInput
                     : s == 404             ? ErrorCode::kNotFound
                     : s == 409             ? ErrorCode::kRejected
                                            : ErrorCode::kNetwork;
    return MakeError(code, sentence);
}

Status RequireEnrolled(const Journal& journal) {
    if (!journal.enrolled())
        return MakeError(ErrorCode::kUnauthorized, "This terminal is not enrolled; run anlaufstelle-ctl enroll first.");
    return {};
}

std::vector<store::EscrowSlot> ToEscrow(const EscrowGrant& grant) {
    std::vector<store::EscrowSlot> out;
    for (const auto& s : grant.slots) out.push_back({s.slot, s.service, s.start_us, s.end_us, grant.expires_us});
    return out;
}

}  // namespace

Result<std::size_t> RenewEscrow(store::Store& store, const Journal& journal, Transport& transport,
                                std::mutex* store_mutex) {
    if (auto ok = RequireEnrolled(journal); !ok) return ok.error();
    EscrowRequest request;
    {
        Locked lock(store_mutex);
        auto held = store.Escrow();
        if (!held.ok()) return held.error();
        for (const auto& slot : *held) request.keep.push_back(slot.slot_id);
        request.written_seq = store.LastOwnSeq();
    }
    auto grant = Answer<EscrowGrant>(transport.Send({"POST", std::string(kPathEscrow), journal.credentials().token,
                                                     EncodeEscrowRequest(request), kRequestTimeoutMs}),
                                     DecodeEscrowGrant);
    if (!grant.ok()) return grant.error();
    Locked lock(store_mutex);
    if (auto ok = store.ReplaceEscrow(ToEscrow(*grant)); !ok) return ok.error();
    return grant->slots.size();
}

Result<std::size_t> ReturnEscrow(store::Store& store, const Journal& journal, Transport& transport,
                                 const std::vector<std::string>& slots, std::mutex* store_mutex) {
    if (auto ok = RequireEnrolled(journal); !ok) return ok.error();
    auto grant = Answer<EscrowGrant>(transport.Send({"POST", std::string(kPathReturn), journal.credentials().token,
                                                     EncodeReturnRequest(ReturnRequest{slots}), kRequestTimeoutMs}),
                                     DecodeEscrowGrant);
    if (!grant.ok()) return grant.error();
    Locked lock(store_mutex);
    if (auto ok = store.ReplaceEscrow(ToEscrow(*grant)); !ok) return ok.error();
    return grant->slots.size();
}

Result<core::Appointment> BookOnline(store::Store& store, const Journal& journal, Transport& transport,
                                     const core::BookAppointment& command, std::mutex* store_mutex) {
    if (auto ok = RequireEnrolled(journal); !ok) return ok.error();
    auto held = Answer<HoldGranted>(transport.Send({"POST", std::string(kPathHold), journal.credentials().token,
                                                    EncodeHoldRequest(HoldRequest{command.slot_id}), kRequestTimeoutMs}),
                                    DecodeHoldGranted);
    if (!held.ok()) return held.error();
    Locked lock(store_mutex);
    const GrantedSlot& s = held->slot;
    if (auto ok = store.AddToEscrow({s.slot, s.service, s.start_us, s.end_us, held->expires_us}); !ok) return ok.error();
    return store.BookAppointment(command);
}

std::vector<RejectedEvent> RefusedOwnBookings(const store::Store& store, const std::string& device, Micros now) {
    std::vector<RejectedEvent> out;
    const std::string prefix = device + "/";
    for (const auto& [id, a] : store.state().appointments) {
        if (a.status != core::AppointmentStatus::kRefused || a.booked_by != device || id.rfind(prefix, 0) != 0 ||
            a.start_us <= now)
            continue;
        std::int64_t seq = std::atoll(id.c_str() + prefix.size());
        out.push_back({seq, "appointment.booked", a.refused_because});
    }
    return out;
}

Result<SlotList> ListSlots(const Journal& journal, Transport& transport, const std::string& service,
                           const std::string& day) {
    if (auto ok = RequireEnrolled(journal); !ok) return ok.error();
    for (char c : service + day)  // both go into the query string as they are
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'))
            return MakeError(ErrorCode::kInvalidInput, "A service id and a day use letters, digits, '.', '-' and '_'.");
    HttpRequest request{"GET", std::string(kPathSlots) + "?service=" + service + "&date=" + day,
                        journal.credentials().token, "", kRequestTimeoutMs};
    return Answer<SlotList>(transport.Send(request), DecodeSlotList);
}

}  // namespace anl::sync
