// protocol, appointment slots: strict JSON of the escrow messages (see appointments.h).
#include "sync/protocol/appointments.h"

#include <set>

#include <nlohmann/json.hpp>

#include "sync/protocol/protocol.h"

namespace anl::sync {
namespace {

using nlohmann::json;

Error Invalid(std::string message) { return MakeError(ErrorCode::kInvalidInput, std::move(message)); }

// Reads one message object: checks its type, and that no field is left unread.
class Reader {
public:
    static Result<Reader> Open(std::string_view body, std::string_view type) {
        if (body.size() > kMaxBodyBytes) return Invalid("The message is larger than the limit.");
        json j = json::parse(body, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return Invalid("The message is not a JSON object.");
        auto t = j.find("type");
        if (t == j.end() || !t->is_string() || *t != type)
            return Invalid("Expected a \"" + std::string(type) + "\" message.");
        return Reader(std::move(j));
    }
    Result<std::string> Text(const char* name, std::size_t max) {
        seen_.insert(name);
        auto it = j_.find(name);
        if (it == j_.end() || !it->is_string()) return Invalid(std::string("Field \"") + name + "\" must be a string.");
        const auto& s = it->get_ref<const std::string&>();
        if (s.empty() || s.size() > max)
            return Invalid(std::string("Field \"") + name + "\" must be 1 to " + std::to_string(max) + " bytes long.");
        return s;
    }
    Result<std::int64_t> Int(const char* name, std::int64_t min = 0) {
        seen_.insert(name);
        auto it = j_.find(name);
        if (it == j_.end() || !it->is_number_integer())
            return Invalid(std::string("Field \"") + name + "\" must be an integer.");
        // JSON non-negative numbers parse as unsigned; anything above INT64_MAX is out of range.
        std::int64_t v = it->is_number_unsigned()
                             ? (it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                                    ? -1
                                    : static_cast<std::int64_t>(it->get<std::uint64_t>()))
                             : it->get<std::int64_t>();
        if (v < min) return Invalid(std::string("Field \"") + name + "\" is out of range.");
        return v;
    }
    Result<std::vector<std::string>> Texts(const char* name, std::size_t max_items) {
        seen_.insert(name);
        auto it = j_.find(name);
        if (it == j_.end() || !it->is_array()) return Invalid(std::string("Field \"") + name + "\" must be an array.");
        if (it->size() > max_items)
            return Invalid(std::string("Field \"") + name + "\" holds more than " + std::to_string(max_items) +
                           " items.");
        std::vector<std::string> out;
        for (const auto& v : *it) {
            if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
                v.get_ref<const std::string&>().size() > kMaxSlotIdLength)
                return Invalid(std::string("Field \"") + name + "\" must list slot ids.");
            out.push_back(v.get<std::string>());
        }
        return out;
    }
    Result<const json*> Array(const char* name, std::size_t max_items) {
        seen_.insert(name);
        auto it = j_.find(name);
        if (it == j_.end() || !it->is_array()) return Invalid(std::string("Field \"") + name + "\" must be an array.");
        if (it->size() > max_items)
            return Invalid(std::string("Field \"") + name + "\" holds more than " + std::to_string(max_items) +
                           " items.");
        return &*it;
    }
    Result<const json*> Object(const char* name) {
        seen_.insert(name);
        auto it = j_.find(name);
        if (it == j_.end() || !it->is_object()) return Invalid(std::string("Field \"") + name + "\" must be an object.");
        return &*it;
    }
    Status NoOthers() const {
        for (const auto& [key, value] : j_.items())
            if (key != "type" && !seen_.count(key)) return Invalid("Unknown field \"" + key.substr(0, 40) + "\".");
        return {};
    }

private:
    explicit Reader(json j) : j_(std::move(j)) {}
    json j_;
    std::set<std::string> seen_;
};

json SlotJson(const GrantedSlot& s) {
    return {{"slot", s.slot}, {"service", s.service}, {"start_us", s.start_us}, {"end_us", s.end_us}};
}

Result<GrantedSlot> SlotFrom(const json& j) {
    if (!j.is_object()) return Invalid("A slot must be an object.");
    json copy = j;
    copy["type"] = "slot";
    auto reader = Reader::Open(copy.dump(), "slot");
    if (!reader.ok()) return reader.error();
    GrantedSlot s;
    auto slot = reader->Text("slot", kMaxSlotIdLength);
    auto service = reader->Text("service", kMaxSlotIdLength);
    auto start = reader->Int("start_us");
    auto end = reader->Int("end_us");
    for (const Error* e : {slot.ok() ? nullptr : &slot.error(), service.ok() ? nullptr : &service.error(),
                           start.ok() ? nullptr : &start.error(), end.ok() ? nullptr : &end.error()})
        if (e) return *e;
    if (auto ok = reader->NoOthers(); !ok) return ok.error();
    return GrantedSlot{*slot, *service, *start, *end};
}

}  // namespace

std::string EncodeEscrowRequest(const EscrowRequest& m) {
    return json{{"type", "escrow_request"}, {"keep", m.keep}, {"written_seq", m.written_seq}}.dump();
}
std::string EncodeEscrowGrant(const EscrowGrant& m) {
    json slots = json::array();
    for (const auto& s : m.slots) slots.push_back(SlotJson(s));
    return json{{"type", "escrow_grant"}, {"slots", slots}, {"expires_us", m.expires_us}}.dump();
}
std::string EncodeHoldRequest(const HoldRequest& m) { return json{{"type", "hold_request"}, {"slot", m.slot}}.dump(); }
std::string EncodeHoldGranted(const HoldGranted& m) {
    return json{{"type", "hold_granted"}, {"slot", SlotJson(m.slot)}, {"expires_us", m.expires_us}}.dump();
}
std::string EncodeReturnRequest(const ReturnRequest& m) {
    return json{{"type", "return_request"}, {"slots", m.slots}}.dump();
}
std::string EncodeSlotList(const SlotList& m) {
    json slots = json::array();
    for (const auto& s : m.slots)
        slots.push_back({{"slot", s.slot}, {"start_us", s.start_us}, {"end_us", s.end_us}, {"state", s.state}});
    return json{{"type", "slot_list"}, {"slots", slots}}.dump();
}

Result<EscrowRequest> DecodeEscrowRequest(std::string_view body) {
    auto r = Reader::Open(body, "escrow_request");
    if (!r.ok()) return r.error();
    auto keep = r->Texts("keep", kMaxEscrowSlots);
    if (!keep.ok()) return keep.error();
    auto written = r->Int("written_seq");
    if (!written.ok()) return written.error();
    if (auto ok = r->NoOthers(); !ok) return ok.error();
    return EscrowRequest{std::move(keep).value(), *written};
}

Result<EscrowGrant> DecodeEscrowGrant(std::string_view body) {
    auto r = Reader::Open(body, "escrow_grant");
    if (!r.ok()) return r.error();
    auto slots = r->Array("slots", kMaxEscrowSlots);
    if (!slots.ok()) return slots.error();
    auto expires = r->Int("expires_us");
    if (!expires.ok()) return expires.error();
    if (auto ok = r->NoOthers(); !ok) return ok.error();
    EscrowGrant grant;
    grant.expires_us = *expires;
    for (const auto& j : **slots) {
        auto s = SlotFrom(j);
        if (!s.ok()) return s.error();
        grant.slots.push_back(std::move(s).value());
    }
    return grant;
}

Result<HoldRequest> DecodeHoldRequest(std::string_view body) {
    auto r = Reader::Open(body, "hold_request");
    if (!r.ok()) return r.error();
    auto slot = r->Text("slot", kMaxSlotIdLength);
    if (!slot.ok()) return slot.error();
    if (auto ok = r->NoOthers(); !ok) return ok.error();
    return HoldRequest{*slot};
}

Result<HoldGranted> DecodeHoldGranted(std::string_view body) {
    auto r = Reader::Open(body, "hold_granted");
    if (!r.ok()) return r.error();
    auto slot = r->Object("slot");
    if (!slot.ok()) return slot.error();
    auto expires = r->Int("expires_us");
    if (!expires.ok()) return expires.error();
    if (auto ok = r->NoOthers(); !ok) return ok.error();
    auto s = SlotFrom(**slot);
    if (!s.ok()) return s.error();
    return HoldGranted{std::move(s).value(), *expires};
}

Result<ReturnRequest> DecodeReturnRequest(std::string_view body) {
    auto r = Reader::Open(body, "return_request");
    if (!r.ok()) return r.error();
    auto slots = r->Texts("slots", kMaxEscrowSlots);
    if (!slots.ok()) return slots.error();
    if (auto ok = r->NoOthers(); !ok) return ok.error();
    return ReturnRequest{std::move(slots).value()};
}

Result<SlotList> DecodeSlotList(std::string_view body) {
    auto r = Reader::Open(body, "slot_list");
    if (!r.ok()) return r.error();
    auto slots = r->Array("slots", kMaxSlotList);
    if (!slots.ok()) return slots.error();
    if (auto ok = r->NoOthers(); !ok) return ok.error();
    SlotList list;
    for (const auto& j : **slots) {
        if (!j.is_object() || !j.contains("slot") || !j["slot"].is_string() || !j.contains("state") ||
            !j["state"].is_string() || !j.contains("start_us") || !j["start_us"].is_number_integer() ||
            !j.contains("end_us") || !j["end_us"].is_number_integer() || j.size() != 4)
            return Invalid("A slot in \"slots\" must hold slot, start_us, end_us and state.");
        list.slots.push_back({j["slot"].get<std::string>(), j["start_us"].get<Micros>(), j["end_us"].get<Micros>(),
                              j["state"].get<std::string>()});
    }
    return list;
}

}  // namespace anl::sync
