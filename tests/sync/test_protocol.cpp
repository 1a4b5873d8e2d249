// The wire format: round trips, strict refusals, the handshake and the role policy.
#include <catch2/catch.hpp>

#include "sync/protocol/protocol.h"

using namespace anl::sync;

namespace {

Event MakeEvent(std::int64_t seq, std::string type = "ticket.issued", std::string payload = R"({"ticket":"A-001"})") {
    return Event{"kiosk-1", seq, std::move(type), std::move(payload), 1'767'225'600'000'000 + seq};
}

}  // namespace

TEST_CASE("every message survives encode and decode unchanged", "[protocol]") {
    Push push;
    push.events = {MakeEvent(1), MakeEvent(2)};
    auto decoded = DecodeAs<Push>(Encode(push));
    REQUIRE(decoded.ok());
    REQUIRE(decoded->events.size() == 2);
    CHECK(decoded->events[1] == push.events[1]);

    PullOk pull_ok;
    pull_ok.events.push_back({7, MakeEvent(3), false});
    pull_ok.events.push_back({9, Event{"desk-2", 4, "", "", 0}, true});
    pull_ok.cursor = 12;
    pull_ok.more = true;
    auto p = DecodeAs<PullOk>(Encode(pull_ok));
    REQUIRE(p.ok());
    CHECK(p->cursor == 12);
    CHECK(p->more);
    CHECK(p->events[0].order == 7);
    CHECK(p->events[0].event == pull_ok.events[0].event);
    CHECK(p->events[1].marker);
    CHECK(p->events[1].event.device == "desk-2");

    // A restored device asks for its own events in full; the field is on the wire only then.
    Pull pull;
    pull.cursor = 5;
    CHECK(Encode(pull).find("with_own") == std::string::npos);
    CHECK_FALSE(DecodeAs<Pull>(Encode(pull))->with_own);
    pull.with_own = true;
    auto restored = DecodeAs<Pull>(Encode(pull));
    REQUIRE(restored.ok());
    CHECK(restored->with_own);
    CHECK(restored->cursor == 5);

    HelloOk hello_ok{kProtocolVersion, kSchemaVersion, "desk-1", "site-a", Role::kDesk, 41, 5};
    auto h = DecodeAs<HelloOk>(Encode(hello_ok));
    REQUIRE(h.ok());
    CHECK(h->role == Role::kDesk);
    CHECK(h->acked_seq == 41);

    DeviceList list;
    list.devices.push_back({3, "kiosk-1", "site-a", Role::kKiosk, "Eingang", DeviceState::kActive, 12, 99});
    auto l = DecodeAs<DeviceList>(Encode(list));
    REQUIRE(l.ok());
    CHECK(l->devices.at(0).name == "Eingang");
    CHECK(l->devices.at(0).state == DeviceState::kActive);

    auto enroll = DecodeAs<Enroll>(Encode(Enroll{"ABCD-EFGH-JKMN", "kiosk-2", 1, 1, "site-a", 3}));
    REQUIRE(enroll.ok());
    CHECK(enroll->site == "site-a");
    CHECK(enroll->slot == 3);
    CHECK(!DecodeAs<Enroll>(Encode(Enroll{"ABCD-EFGH-JKMN", "kiosk-2", 1, 1, "site-a", kMaxSlot + 1})).ok());

    auto info = DecodeAs<DeviceInfo>(Encode(Message{list.devices[0]}));
    REQUIRE(info.ok());
    CHECK(info->registration == 3);
}

TEST_CASE("the decoder refuses what it does not know", "[protocol]") {
    CHECK(!Decode("").ok());
    CHECK(!Decode("not json").ok());
    CHECK(!Decode("[]").ok());
    CHECK(!Decode(R"({"type":"launch_missiles"})").ok());
    CHECK(!Decode(R"({"type":"pull","cursor":0,"wait_ms":0})").ok());                      // missing
    CHECK(!Decode(R"({"type":"pull","cursor":0,"wait_ms":0,"limit":1,"extra":1})").ok());  // extra
    CHECK(!Decode(R"({"type":"pull","cursor":-1,"wait_ms":0,"limit":1})").ok());           // range
    CHECK(!Decode(R"({"type":"pull","cursor":0,"wait_ms":999999,"limit":1})").ok());
    CHECK(!Decode(R"({"type":"pull","cursor":"0","wait_ms":0,"limit":1})").ok());          // mistyped
    CHECK(Decode(R"({"type":"pull","cursor":0,"wait_ms":0,"limit":1})").ok());
    auto unknown = Decode(R"({"type":"push","events":[]})");
    REQUIRE(!unknown.ok());
    CHECK(unknown.error().code == anl::ErrorCode::kInvalidInput);
}

TEST_CASE("a push must be one device's consecutive, bounded events", "[protocol]") {
    Push push;
    push.events = {MakeEvent(1), MakeEvent(3)};
    CHECK(!DecodeAs<Push>(Encode(push)).ok());

    push.events = {MakeEvent(1), MakeEvent(2)};
    push.events[1].device = "kiosk-2";
    CHECK(!DecodeAs<Push>(Encode(push)).ok());

    push.events = {MakeEvent(1, "Ticket Issued")};
    CHECK(!DecodeAs<Push>(Encode(push)).ok());

    push.events = {MakeEvent(1, "ticket.issued", "[1,2]")};
    CHECK(!DecodeAs<Push>(Encode(push)).ok());

    std::string big = R"({"x":")" + std::string(kMaxPayloadBytes, 'a') + R"("})";
    push.events = {MakeEvent(1, "ticket.issued", big)};
    auto too_big = DecodeAs<Push>(Encode(push));
    REQUIRE(!too_big.ok());
    CHECK(too_big.error().message.find("payload") != std::string::npos);

    push.events.clear();
    for (std::size_t i = 1; i <= kMaxBatchEvents + 1; ++i) push.events.push_back(MakeEvent(static_cast<std::int64_t>(i)));
    CHECK(!DecodeAs<Push>(Encode(push)).ok());
}

TEST_CASE("deeply nested or oversized bodies are refused before parsing", "[protocol]") {
    std::string deep(10'000, '[');
    CHECK(!Decode(deep).ok());
    std::string huge(kMaxBodyBytes + 1, ' ');
    auto r = Decode(huge);
    REQUIRE(!r.ok());
    CHECK(r.error().message.find("larger") != std::string::npos);
}

TEST_CASE("the handshake refuses an incompatible peer with a clear message", "[protocol]") {
    CHECK(CheckPeerVersions(kProtocolVersion, kSchemaVersion).ok());
    auto wrong_protocol = CheckPeerVersions(kProtocolVersion + 1, kSchemaVersion);
    REQUIRE(!wrong_protocol.ok());
    CHECK(wrong_protocol.error().message.find("protocol") != std::string::npos);
    auto newer_schema = CheckPeerVersions(kProtocolVersion, kSchemaVersion + 1);
    REQUIRE(!newer_schema.ok());
    CHECK(newer_schema.error().message.find("schema") != std::string::npos);
}

TEST_CASE("roles limit what a device sends and what it receives", "[protocol]") {
    CHECK(RoleMaySend(Role::kKiosk, "ticket.issued"));
    CHECK(!RoleMaySend(Role::kKiosk, "ticket.called"));
    CHECK(!RoleMaySend(Role::kKiosk, "note.added"));
    CHECK(RoleMaySend(Role::kDesk, "ticket.called"));
    CHECK(!RoleMaySend(Role::kBoard, "ticket.issued"));
    CHECK(RoleMaySend(Role::kAdmin, "catalogue.changed"));
    // Referrals and case-management hand-offs are a desk's (issue 12): never a kiosk's or a display's.
    CHECK(RoleMaySend(Role::kDesk, "referral.given"));
    CHECK(RoleMaySend(Role::kDesk, "handoff.given"));
    CHECK(!RoleMaySend(Role::kKiosk, "referral.given"));
    CHECK(!RoleMaySend(Role::kKiosk, "handoff.given"));
    CHECK(!RoleMaySend(Role::kBoard, "handoff.given"));
    // Visitor feedback is given at a kiosk only (issue 14): a desk or display cannot speak for a visitor.
    CHECK(RoleMaySend(Role::kKiosk, "feedback.given"));
    CHECK(!RoleMaySend(Role::kDesk, "feedback.given"));
    CHECK(!RoleMaySend(Role::kBoard, "feedback.given"));
    CHECK(!RoleMaySend(Role::kKiosk, "feedback.forged"));
    // A hand-off's name (kept only with consent) is blanked for a kiosk.
    Event handoff{"desk-1", 2, "handoff.given", R"({"handoff_id":"desk-1/2","consent":true,"name":"Amina"})", 0};
    CHECK(RedactForRole(handoff, Role::kKiosk)->payload.find("Amina") == std::string::npos);
    CHECK(RedactForRole(handoff, Role::kDesk)->payload.find("Amina") != std::string::npos);

    Event note{"desk-1", 1, "note.added", R"({"note":"needs Pashto interpreter"})", 0};
    CHECK(!RedactForRole(note, Role::kKiosk));
    CHECK(!RedactForRole(note, Role::kBoard));
    CHECK(RedactForRole(note, Role::kDesk)->payload == note.payload);

    Event issued{"kiosk-1", 1, "ticket.issued", R"({"name":"Amina","number":"A-042"})", 0};
    auto for_board = RedactForRole(issued, Role::kBoard);
    REQUIRE(for_board);
    CHECK(for_board->payload == R"({"name":"","number":"A-042"})");
    CHECK(RedactForRole(issued, Role::kDesk)->payload == issued.payload);

    Event transfer{"desk-1", 2, "ticket.transferred", R"({"note":"Dari interpreter","staff":"1042","ticket_id":"t1"})", 0};
    auto for_kiosk = RedactForRole(transfer, Role::kKiosk);
    REQUIRE(for_kiosk);
    CHECK(for_kiosk->payload == R"({"note":"","staff":"","ticket_id":"t1"})");
}

TEST_CASE("enrolment codes forgive case, dashes and look-alike letters", "[protocol]") {
    auto code = NormaliseEnrolCode("abcd-efgh-jkm0");
    REQUIRE(code);
    CHECK(*code == "ABCDEFGHJKM0");
    CHECK(FormatEnrolCode(*code) == "ABCD-EFGH-JKM0");
    CHECK(NormaliseEnrolCode("ABCD EFGH JKMO") == code);
    CHECK(!NormaliseEnrolCode("ABCD-EFGH"));
    CHECK(!NormaliseEnrolCode("ABCD-EFGH-JKMU"));  // U is not in the alphabet
}

TEST_CASE("a body that names a key twice, at any depth, is refused with a clear error", "[protocol]") {
    auto refused = [](const std::string& body) {
        auto decoded = Decode(body);
        REQUIRE_FALSE(decoded.ok());
        CHECK(decoded.error().message.find("names a field twice") != std::string::npos);
    };
    refused(R"({"type":"hello","protocol":3,"protocol":2,"schema":1,"software":""})");
    refused(R"({"type":"push","events":[{"device":"k","seq":1,"type":"ticket.issued","at_us":1,)"
            R"("payload":{"number":101,"number":1}}]})");
    refused(R"({"type":"hello","type":"hello","protocol":3,"schema":1,"software":""})");
    // The same key in sibling objects is no duplicate.
    CHECK(Decode(R"({"type":"push","events":[{"device":"k","seq":1,"type":"t","at_us":1,"payload":{"a":1}},)"
                 R"({"device":"k","seq":2,"type":"t","at_us":1,"payload":{"a":1}}]})")
              .ok());
}

TEST_CASE("push_ok carries the refused events with their reasons (protocol 3)", "[protocol]") {
    PushOk ok{4, 2, 0, 0, {RefusedEvent{3, "number", "ticket.issued k/3: number 1 lies outside ..."}}};
    auto decoded = DecodeAs<PushOk>(Encode(ok));
    REQUIRE(decoded.ok());
    REQUIRE(decoded->rejected.size() == 1);
    CHECK(decoded->rejected[0].seq == 3);
    CHECK(decoded->rejected[0].reason == "number");
    CHECK(kProtocolVersion >= 3);
    CHECK_FALSE(Decode(R"({"type":"push_ok","acked_seq":1,"stored":1,"duplicates":0,"refused":0})").ok());
}

TEST_CASE("staff records carry their roles and a publication who publishes (protocol 4)", "[protocol][rights]") {
    CHECK(kProtocolVersion == 4);
    ConfigPublish publish;
    publish.site = "site-1";
    publish.staff = std::vector<StaffRecord>{{"1", "Admin A.", "$argon2id$v=19$x", "administrator,desk"}};
    publish.by_staff = "1";
    auto decoded = DecodeAs<ConfigPublish>(Encode(publish));
    REQUIRE(decoded.ok());
    CHECK(decoded->staff->front().roles == "administrator,desk");
    CHECK(decoded->by_staff == std::optional<std::string>("1"));
    // Roles are names from the table, each once; a record without roles is refused.
    for (const char* roles : {"admin", "desk,desk", "", "desk,"}) {
        INFO(roles);
        std::string body = Encode(publish);
        body.replace(body.find("administrator,desk"), 18, roles);
        CHECK_FALSE(Decode(body).ok());
    }
    CHECK(IsValidStaffRoles("case_manager,supervisor"));
    CHECK_FALSE(Decode(R"({"type":"config_publish","site":"s","staff":[{"number":"1","name":"A","pin_hash":"$argon2id$x"}]})").ok());
    CHECK(RoleMaySend(Role::kDesk, "audit.sign_in"));
    CHECK(RoleMaySend(Role::kKiosk, "audit.refused"));
    CHECK_FALSE(RoleMaySend(Role::kBoard, "audit.refused"));
    CHECK_FALSE(RedactForRole(Event{"desk-1", 1, "audit.sign_in", R"({"staff":"1","outcome":"ok"})", 5}, Role::kKiosk));
}
