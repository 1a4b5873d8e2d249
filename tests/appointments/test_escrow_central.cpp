// The central's appointment slots: escrow grants (disjoint, renewed, returned, expired),
// online holds, the verdict on offline bookings in the central order, and hostile requests.
// Runs against SQLite, and against PostgreSQL under the ctest fixture ([ledger] cases).
#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "../sync/sync_test_util.h"
#include "kiosk/core/core.h"
#include "sync/central/escrow.h"

using namespace anl;
using namespace anl::sync;
using namespace anl::sync::central;
using nlohmann::json;

namespace {

// Monday 2026-11-30 06:00 UTC (07:00 in Berlin, before the office opens).
constexpr Micros kNow = 1'796'018'400'000'000;
constexpr Micros kHour = 3600LL * 1'000'000;
constexpr const char* kService = "abh.appt";

catalogue::Catalogue Catalogue() {
    catalogue::Catalogue c;
    c.version = 1;
    catalogue::Office office;
    office.id = "abh";
    c.offices.push_back(office);
    catalogue::Service appt;
    appt.id = kService;
    appt.office_id = "abh";
    appt.typical_minutes = 60;
    appt.needs_appointment = true;
    c.services.push_back(appt);
    c.office_hours["abh"] = catalogue::ParseOpeningHours("mon-sun 08:00-12:00").value();
    return c;
}

// A central service with its slot desk, on SQLite or (ANL_TEST_POSTGRES_FILE) PostgreSQL.
// Site and device names carry a random suffix, so tests never meet in a shared database.
struct World {
    test::TempDir dir{"anl-escrow"};
    FakeClock clock{kNow};
    std::unique_ptr<CentralStore> store;
    std::unique_ptr<SlotLedger> ledger;
    std::unique_ptr<Service> service;
    std::unique_ptr<AppointmentDesk> desk;
    std::string suffix = std::to_string(std::random_device{}());
    std::string site = "site-" + suffix;

    World() {
        std::string spec = (dir / "central.db").string();
        if (const char* file = std::getenv("ANL_TEST_POSTGRES_FILE")) {
            std::ifstream in(file);
            std::getline(in, spec);
        }
        auto opened = OpenCentralStore(spec);
        if (!opened.ok()) FAIL(opened.error().message);
        store = std::move(opened).value();
        auto slots = OpenSlotLedger(spec);
        if (!slots.ok()) FAIL(slots.error().message);
        ledger = std::move(slots).value();
        service = std::make_unique<Service>(*store, clock, test::kAdminToken);
        desk = std::make_unique<AppointmentDesk>(*ledger, Catalogue(), "Europe/Berlin", clock);
        service->appointments = desk.get();
    }

    // Registers and enrols a device; returns its token.
    std::string Device(const std::string& name, Role role, const std::string& in_site = "") {
        static int next_slot = 0;
        std::string code = name + suffix + "-code";
        auto added = store->AddDevice(in_site.empty() ? site : in_site, role, "", HashSecret(code), kNow * 2);
        REQUIRE(added.ok());
        std::string token = name + suffix + "-token";
        auto enrolled = store->Enroll(HashSecret(code), Id(name), in_site.empty() ? site : in_site, ++next_slot,
                                      HashSecret(token), kNow);
        REQUIRE(enrolled.ok());
        return token;
    }
    std::string Id(const std::string& name) const { return name + "-" + suffix; }

    Response Call(const std::string& method, const std::string& target, const std::string& token,
                  const std::string& body = "") {
        auto outcome = service->Handle(Request{method, target, token.empty() ? "" : "Bearer " + token, body});
        REQUIRE_FALSE(outcome.wait);
        return outcome.response;
    }
    EscrowGrant Escrow(const std::string& token, std::vector<std::string> keep = {}, std::int64_t written = 0) {
        auto r = Call("POST", std::string(kPathEscrow), token, EncodeEscrowRequest({std::move(keep), written}));
        INFO(r.body);
        REQUIRE(r.status == 200);
        return DecodeEscrowGrant(r.body).value();
    }
    std::map<std::string, std::string> Slots(const std::string& token, const std::string& day) {
        auto r = Call("GET", std::string(kPathSlots) + "?service=" + kService + "&date=" + day, token);
        INFO(r.body);
        REQUIRE(r.status == 200);
        std::map<std::string, std::string> out;
        auto list = DecodeSlotList(r.body);
        REQUIRE(list.ok());
        for (const auto& s : list->slots) out[s.slot] = s.state;
        return out;
    }
    // Pushes one appointment event as `device` with `seq`.
    Response Push(const std::string& token, const std::string& name, std::int64_t seq, const std::string& type,
                  const json& payload) {
        sync::Push push;
        push.events.push_back(Event{Id(name), seq, type, payload.dump(), clock.NowUtcMicros()});
        return Call("POST", std::string(kPathPush), token, Encode(push));
    }
    json Booking(const std::string& name, std::int64_t seq, const std::string& slot) {
        auto parsed = core::ParseSlotId(slot).value();
        return {{"appointment_id", Id(name) + "/" + std::to_string(seq)}, {"reference", "A-x"}, {"slot_id", slot},
                {"service_id", kService}, {"start_us", parsed.start_us}, {"end_us", parsed.start_us + kHour},
                {"lang", "de"}};
    }
    // The refusals a device pulls (appointment.refused written by the central).
    std::vector<json> Refusals(const std::string& token) {
        auto r = Call("POST", std::string(kPathPull), token, Encode(sync::Pull{0, 0, 256}));
        REQUIRE(r.status == 200);
        std::vector<json> out;
        auto pulled = DecodeAs<PullOk>(r.body);
        REQUIRE(pulled.ok());
        for (const auto& e : pulled->events)
            if (e.event.type == "appointment.refused" && e.event.device == "central")
                out.push_back(json::parse(e.event.payload));
        return out;
    }
};

std::string SlotAt(const World& w, int days_ahead, int local_hour) {
    // Local time is UTC+1 in winter.
    Micros day_start = kNow - 6 * kHour + days_ahead * 24 * kHour;
    return core::SlotId(w.site, kService, day_start + (local_hour - 1) * kHour, 1);
}

std::set<std::string> Ids(const EscrowGrant& g) {
    std::set<std::string> out;
    for (const auto& s : g.slots) out.insert(s.slot);
    return out;
}

std::vector<std::string> Keep(const EscrowGrant& g) {
    std::vector<std::string> out;
    for (const auto& s : g.slots) out.push_back(s.slot);
    return out;
}

}  // namespace

TEST_CASE("escrow: grants are disjoint, renewed, returned, and taken by others after expiry", "[ledger]") {
    World w;
    auto a = w.Device("kiosk-a", Role::kKiosk);
    auto b = w.Device("kiosk-b", Role::kKiosk);
    auto ga = w.Escrow(a);
    auto gb = w.Escrow(b);
    CHECK(ga.slots.size() == static_cast<std::size_t>(kEscrowSlotsPerServiceDay * kEscrowDays));
    CHECK(gb.slots.size() == ga.slots.size());
    for (const auto& id : Ids(ga)) CHECK_FALSE(Ids(gb).count(id));
    CHECK(ga.expires_us == kNow + kEscrowLifetimeUs);
    for (const auto& s : ga.slots) CHECK(s.start_us > kNow);  // today's past slots are never given

    // Renewing with everything kept changes nothing but the expiry (before the first slot begins).
    w.clock.Advance(kHour / 2);
    auto renewed = w.Escrow(a, Keep(ga));
    CHECK(Ids(renewed) == Ids(ga));
    CHECK(renewed.expires_us == kNow + kHour / 2 + kEscrowLifetimeUs);

    // Another device cannot hold a slot in a's escrow ...
    std::string held_by_a = *Ids(ga).rbegin();
    auto taken = w.Call("POST", std::string(kPathHold), b, EncodeHoldRequest({held_by_a}));
    CHECK(taken.status == 409);
    CHECK(taken.body.find("escrow") != std::string::npos);
    // ... until a returns it,
    auto back = w.Call("POST", std::string(kPathReturn), a, EncodeReturnRequest({{held_by_a}}));
    REQUIRE(back.status == 200);
    CHECK_FALSE(Ids(DecodeEscrowGrant(back.body).value()).count(held_by_a));
    CHECK(w.Call("POST", std::string(kPathHold), b, EncodeHoldRequest({held_by_a})).status == 200);

    // ... or until a's escrow expires without a renewal.
    std::string other = *Ids(ga).begin();
    for (const auto& id : Ids(ga))
        if (core::ParseSlotId(id)->start_us > kNow + 30 * kHour) other = id;
    w.clock.Set(kNow + kHour + kEscrowLifetimeUs + 1);
    CHECK(w.Call("POST", std::string(kPathHold), b, EncodeHoldRequest({other})).status == 200);
}

TEST_CASE("an offline booking stands only when its slot was the booker's, the others are refused in the order",
          "[ledger]") {
    World w;
    auto a = w.Device("kiosk-a", Role::kKiosk);
    auto b = w.Device("kiosk-b", Role::kKiosk);
    auto d = w.Device("desk-d", Role::kDesk);
    auto ga = w.Escrow(a);
    std::string mine = ga.slots.front().slot;

    // a books its escrow slot offline; later b books the same slot (not its own) offline.
    REQUIRE(w.Push(a, "kiosk-a", 1, "appointment.booked", w.Booking("kiosk-a", 1, mine)).status == 200);
    REQUIRE(w.Push(b, "kiosk-b", 1, "appointment.booked", w.Booking("kiosk-b", 1, mine)).status == 200);
    // b also books a free slot that was never in its escrow.
    std::string free_slot = SlotAt(w, 2, 11);
    REQUIRE(w.Push(b, "kiosk-b", 2, "appointment.booked", w.Booking("kiosk-b", 2, free_slot)).status == 200);

    auto refusals = w.Refusals(a);  // every terminal pulls the verdicts
    REQUIRE(refusals.size() == 2);
    CHECK(refusals[0]["appointment_id"] == w.Id("kiosk-b") + "/1");
    CHECK(refusals[0]["reason"].get<std::string>().find("first") != std::string::npos);
    CHECK(refusals[1]["appointment_id"] == w.Id("kiosk-b") + "/2");
    CHECK(refusals[1]["reason"].get<std::string>().find("escrow") != std::string::npos);
    CHECK(w.Refusals(b).size() == 2);  // the booking terminal is told too

    auto day = core::LocalDayAfter(core::ParseSlotId(mine)->start_us, 0, "Europe/Berlin");
    CHECK(w.Slots(d, day)[mine] == "booked");
    // An online hold of a booked slot is refused at once.
    CHECK(w.Call("POST", std::string(kPathHold), b, EncodeHoldRequest({mine})).status == 409);

    // A desk cancels a's booking: the slot is free again, and b may hold and book it.
    REQUIRE(w.Push(d, "desk-d", 1, "appointment.cancelled",
                   {{"appointment_id", w.Id("kiosk-a") + "/1"}, {"slot_id", mine}})
                .status == 200);
    CHECK(w.Slots(d, day)[mine] == "free");
    REQUIRE(w.Call("POST", std::string(kPathHold), b, EncodeHoldRequest({mine})).status == 200);
    REQUIRE(w.Push(b, "kiosk-b", 3, "appointment.booked", w.Booking("kiosk-b", 3, mine)).status == 200);
    CHECK(w.Refusals(b).size() == 2);  // no new refusal
    CHECK(w.Slots(d, day)[mine] == "booked");

    // Verdicts are given once: judging again adds nothing.
    CHECK(w.desk->Adjudicate(w.site).value() == 0);
    CHECK(w.Refusals(d).size() == 2);
}

TEST_CASE("hostile slot requests get a clear 4xx and change nothing", "[ledger]") {
    World w;
    auto a = w.Device("kiosk-a", Role::kKiosk);
    auto board = w.Device("board-1", Role::kBoard);
    auto d = w.Device("desk-d", Role::kDesk);
    auto ga = w.Escrow(a);
    std::string day = core::LocalDayAfter(kNow, 1, "Europe/Berlin");
    auto before = w.Slots(d, day);
    auto events_before = w.store->CountSiteEvents(w.site).value();

    auto refused = [&](const Response& r, int status, const std::string& reason) {
        INFO(r.body);
        CHECK(r.status == status);
        auto message = DecodeAs<ErrorMessage>(r.body);
        // A refusal carries one sentence for a person.
        REQUIRE(message.ok());
        CHECK(message->message.size() > 10);
        CHECK(r.body.find("\"reason\":\"" + reason + "\"") != std::string::npos);
    };
    refused(w.Call("POST", std::string(kPathEscrow), board, EncodeEscrowRequest({})), 403, "role");
    refused(w.Call("POST", std::string(kPathHold), "", EncodeHoldRequest({SlotAt(w, 1, 9)})), 401, "auth");
    // Another site's slot, a malformed one, one outside the hours.
    std::string elsewhere = core::SlotId("other-site", kService, core::ParseSlotId(SlotAt(w, 1, 9))->start_us, 1);
    refused(w.Call("POST", std::string(kPathHold), a, EncodeHoldRequest({elsewhere})), 403, "site");
    refused(w.Call("POST", std::string(kPathEscrow), a, EncodeEscrowRequest({{elsewhere}, 0})), 403, "site");
    refused(w.Call("POST", std::string(kPathHold), a, EncodeHoldRequest({"not-a-slot"})), 400, "invalid");
    refused(w.Call("POST", std::string(kPathHold), a, EncodeHoldRequest({SlotAt(w, 1, 20)})), 404, "not_found");
    // An oversized batch, an unknown field, a wrong type.
    std::vector<std::string> many(kMaxEscrowSlots + 1, SlotAt(w, 1, 9));
    refused(w.Call("POST", std::string(kPathEscrow), a, EncodeEscrowRequest({many, 0})), 400, "invalid");
    refused(w.Call("POST", std::string(kPathHold), a, R"({"type":"hold_request","slot":"x","extra":1})"), 400, "invalid");
    refused(w.Call("POST", std::string(kPathEscrow), a, R"({"type":"escrow_request","keep":"x","written_seq":0})"),
            400, "invalid");
    // Renewing before the central holds the terminal's events: a slot could be in use.
    refused(w.Call("POST", std::string(kPathEscrow), a, EncodeEscrowRequest({{}, 3})), 409, "push_first");
    // Forging the central's verdict.
    refused(w.Push(d, "desk-d", 1, "appointment.refused", {{"appointment_id", "x/1"}, {"slot_id", "s"}}), 403, "role");
    // Slots of a service that takes no appointments, or on a day that is not a day.
    refused(w.Call("GET", std::string(kPathSlots) + "?service=" + kService + "&date=2026-13-01", a), 400, "invalid");
    refused(w.Call("GET", std::string(kPathSlots) + "?service=" + kService, a), 400, "invalid");

    CHECK(w.Slots(d, day) == before);
    CHECK(w.store->CountSiteEvents(w.site).value() == events_before);
    CHECK(Ids(w.Escrow(a, Keep(ga))) == Ids(ga));
}
