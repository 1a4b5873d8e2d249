// protocol, appointment slots: strict JSON of the escrow messages (see appointments.h).
#include "sync/protocol/appointments.h"

#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "sync/protocol/protocol.h"

namespace anl::sync {
namespace {

using nlohmann::json;

Error Invalid(std::string message) { return MakeError(ErrorCode::kInvalidInput, std::move(message)); }

// Reads one message object field by field and checks that no field is left unread. A field
// that is missing or malformed does not stop the reading: the reader keeps the first such
// error and Done() returns it, so a decoder reads every field in one expression and checks
// once, and the first bad field in reading order is the one reported.
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
    // A nested object (a slot inside a grant): the same rules, no "type" to check.
    explicit Reader(json object) : j_(std::move(object)) {}

    std::string Text(const char* name, std::size_t max) {
        const json* v = Field(name, &json::is_string, "a string");
        if (!v) return {};
        const auto& s = v->get_ref<const std::string&>();
        if (s.empty() || s.size() > max) {
            Fail(name, "must be 1 to " + std::to_string(max) + " bytes long.");
            return {};
        }
        return s;
    }
    std::int64_t Int(const char* name, std::int64_t min = 0) {
        const json* v = Field(name, &json::is_number_integer, "an integer");
        if (!v) return 0;
        // JSON non-negative numbers parse as unsigned; anything above INT64_MAX is out of range.
        std::int64_t n = v->is_number_unsigned()
                             ? (v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                                    ? -1
                                    : static_cast<std::int64_t>(v->get<std::uint64_t>()))
                             : v->get<std::int64_t>();
        if (n < min) {
            Fail(name, "is out of range.");
            return 0;
        }
        return n;
    }
    // An array of slot ids.
    std::vector<std::string> Texts(const char* name, std::size_t max_items) {
        std::vector<std::string> out;
        for (const auto& v : Array(name, max_items)) {
            if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
                v.get_ref<const std::string&>().size() > kMaxSlotIdLength) {
                Fail(name, "must list slot ids.");
                return {};
            }
            out.push_back(v.get<std::string>());
        }
        return out;
    }
    const json& Array(const char* name, std::size_t max_items) {
        static const json kEmpty = json::array();
        const json* v = Field(name, &json::is_array, "an array");
        if (!v) return kEmpty;
        if (v->size() > max_items) {
            Fail(name, "holds more than " + std::to_string(max_items) + " items.");
            return kEmpty;
        }
        return *v;
    }
    const json& Object(const char* name) {
        static const json kEmpty = json::object();
        const json* v = Field(name, &json::is_object, "an object");
        return v ? *v : kEmpty;
    }
    // The first field that was missing or malformed, else the first field nobody read.
    Status Done() const {
        if (error_) return *error_;
        for (const auto& [key, value] : j_.items())
            if (key != "type" && !seen_.count(key)) return Invalid("Unknown field \"" + key.substr(0, 40) + "\".");
        return {};
    }

private:
    // Marks the field read and returns it when it has the wanted JSON type.
    const json* Field(const char* name, bool (json::*has_type)() const noexcept, const char* type_name) {
        seen_.insert(name);
        auto it = j_.find(name);
        if (it == j_.end() || !((*it).*has_type)()) {
            Fail(name, std::string("must be ") + type_name + ".");
            return nullptr;
        }
        return &*it;
    }
    // Keeps the first error only: that is the one a sequential reader would have returned.
    void Fail(const char* name, const std::string& what) {
        if (!error_) error_ = Invalid(std::string("Field \"") + name + "\" " + what);
    }

    json j_;
    std::set<std::string> seen_;
    std::optional<Error> error_;
};

json SlotJson(const GrantedSlot& s) {
    return {{"slot", s.slot}, {"service", s.service}, {"start_us", s.start_us}, {"end_us", s.end_us}};
}

Result<GrantedSlot> SlotFrom(const json& j) {
    if (!j.is_object()) return Invalid("A slot must be an object.");
    Reader r(j);
    GrantedSlot s{r.Text("slot", kMaxSlotIdLength), r.Text("service", kMaxSlotIdLength), r.Int("start_us"),
                  r.Int("end_us")};
    if (auto ok = r.Done(); !ok) return ok.error();
    return s;
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
    EscrowRequest m{r->Texts("keep", kMaxEscrowSlots), r->Int("written_seq")};
    if (auto ok = r->Done(); !ok) return ok.error();
    return m;
}

Result<EscrowGrant> DecodeEscrowGrant(std::string_view body) {
    auto r = Reader::Open(body, "escrow_grant");
    if (!r.ok()) return r.error();
    const json& slots = r->Array("slots", kMaxEscrowSlots);
    EscrowGrant grant;
    grant.expires_us = r->Int("expires_us");
    if (auto ok = r->Done(); !ok) return ok.error();
    for (const auto& j : slots) {
        auto s = SlotFrom(j);
        if (!s.ok()) return s.error();
        grant.slots.push_back(std::move(s).value());
    }
    return grant;
}

Result<HoldRequest> DecodeHoldRequest(std::string_view body) {
    auto r = Reader::Open(body, "hold_request");
    if (!r.ok()) return r.error();
    HoldRequest m{r->Text("slot", kMaxSlotIdLength)};
    if (auto ok = r->Done(); !ok) return ok.error();
    return m;
}

Result<HoldGranted> DecodeHoldGranted(std::string_view body) {
    auto r = Reader::Open(body, "hold_granted");
    if (!r.ok()) return r.error();
    const json& slot = r->Object("slot");
    Micros expires_us = r->Int("expires_us");
    if (auto ok = r->Done(); !ok) return ok.error();
    auto s = SlotFrom(slot);
    if (!s.ok()) return s.error();
    return HoldGranted{std::move(s).value(), expires_us};
}

Result<ReturnRequest> DecodeReturnRequest(std::string_view body) {
    auto r = Reader::Open(body, "return_request");
    if (!r.ok()) return r.error();
    ReturnRequest m{r->Texts("slots", kMaxEscrowSlots)};
    if (auto ok = r->Done(); !ok) return ok.error();
    return m;
}

Result<SlotList> DecodeSlotList(std::string_view body) {
    auto r = Reader::Open(body, "slot_list");
    if (!r.ok()) return r.error();
    const json& slots = r->Array("slots", kMaxSlotList);
    if (auto ok = r->Done(); !ok) return ok.error();
    SlotList list;
    for (const auto& j : slots) {
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
