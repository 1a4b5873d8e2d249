// The central service: its store (the same cases against SQLite and, under the ctest
// PostgreSQL fixture, against PostgreSQL), the endpoints' rules, hostile requests, and the
// real Beast server on loopback.
#include <catch2/catch.hpp>

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include "sync/central/central_store.h"
#include "sync/central/server.h"
#include "sync/central/service.h"
#include "sync_test_util.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace anl::sync;
using namespace anl::sync::central;
using namespace std::chrono_literals;
using anl::test::TestStore;
using anl::test::Central;

namespace {

Event E(const std::string& device, std::int64_t seq, const std::string& type = "ticket.issued",
        const std::string& payload = R"({"n":1})") {
    return Event{device, seq, type, payload, 1'000 + seq};
}

// A genuine ticket.issued of a kiosk with ticket-number slot `slot`, decided at `now` as
// its core would (the central validates what a push carries: core::ValidateEvent).
Event Issued(const std::string& device, int slot, std::int64_t seq, Micros now) {
    core::State state;
    auto events = core::Decide(state, test::OneOfficeCatalogue(), core::QueueRules{}, core::Actor{device, slot, seq, ""},
                               now, core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
    REQUIRE(events.ok());
    const core::Event& e = events->front();
    return Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us};
}

DeviceRecord EnrolledDevice(CentralStore& store, const std::string& site, Role role, const std::string& device,
                      std::string* token_hash = nullptr) {
    static int next_slot = 0;  // distinct slots: ticket-issuing devices of a site need them
    std::string code = device + "-code";
    auto added = store.AddDevice(site, role, "", HashSecret(code), 1'000'000'000'000'000);
    REQUIRE(added.ok());
    std::string hash = HashSecret(device + "-token");
    auto enrolled = store.Enroll(HashSecret(code), device, site, ++next_slot, hash, 5);
    REQUIRE(enrolled.ok());
    if (token_hash) *token_hash = hash;
    return enrolled.value();
}

}  // namespace

TEST_CASE("central store: each (device, seq) is stored exactly once and gaps are refused", "[store]") {
    TestStore t;
    auto device = EnrolledDevice(*t.store, t.Name("site"), Role::kKiosk, t.Name("kiosk"));
    auto before = t.store->CountSiteEvents(device.site);
    REQUIRE(before.ok());

    std::vector<Event> first = {E(device.device, 1), E(device.device, 2), E(device.device, 3)};
    auto a = t.store->Ingest(device, first, 10);
    REQUIRE(a.ok());
    CHECK(a->stored == 3);
    CHECK(a->acked_seq == 3);

    auto again = t.store->Ingest(device, first, 11);
    REQUIRE(again.ok());
    CHECK(again->stored == 0);
    CHECK(again->duplicates == 3);
    CHECK(again->acked_seq == 3);

    auto gap = t.store->Ingest(device, {E(device.device, 5), E(device.device, 6)}, 12);
    REQUIRE(gap.ok());
    CHECK(gap->stored == 0);
    CHECK(gap->refused == 2);
    CHECK(gap->acked_seq == 3);

    auto overlap = t.store->Ingest(device, {E(device.device, 3), E(device.device, 4)}, 13);
    REQUIRE(overlap.ok());
    CHECK(overlap->stored == 1);
    CHECK(overlap->duplicates == 1);
    CHECK(overlap->acked_seq == 4);

    CHECK(t.store->CountSiteEvents(device.site).value() == before.value() + 4);
    auto events = t.store->ReadAfter(device.site, 0, 100);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(events->at(i).event.seq == static_cast<std::int64_t>(i + 1));
    CHECK(events->at(0).order < events->at(3).order);
    auto tail = t.store->ReadAfter(device.site, events->at(1).order, 100);
    REQUIRE(tail.ok());
    CHECK(tail->size() == 2);
}

TEST_CASE("central store: a duplicate with other content means lost history and is refused", "[store]") {
    TestStore t;
    auto device = EnrolledDevice(*t.store, t.Name("site"), Role::kKiosk, t.Name("kiosk"));
    REQUIRE(t.store->Ingest(device, {E(device.device, 1)}, 10).ok());
    auto changed = t.store->Ingest(device, {E(device.device, 1, "ticket.issued", R"({"n":2})")}, 11);
    REQUIRE(!changed.ok());
    CHECK(changed.error().code == ErrorCode::kRejected);
    CHECK(changed.error().message.find("lost its history") != std::string::npos);
}

TEST_CASE("central store: enrolment codes work once, revocation works at once", "[store]") {
    TestStore t;
    std::string site = t.Name("site");
    auto added = t.store->AddDevice(site, Role::kDesk, "Schalter 3", HashSecret("CODE1"), 1'000);
    REQUIRE(added.ok());
    CHECK(!t.store->Enroll(HashSecret("CODE1"), t.Name("desk"), site, 1, HashSecret("tok"), 2'000).ok());  // expired

    auto fresh = t.store->AddDevice(site, Role::kDesk, "", HashSecret("CODE2" + t.suffix), 1'000'000);
    REQUIRE(fresh.ok());
    auto wrong_site = t.store->Enroll(HashSecret("CODE2" + t.suffix), t.Name("desk"), t.Name("other-site"), 1,
                                      HashSecret("tok" + t.suffix), 5);
    REQUIRE(!wrong_site.ok());
    CHECK(wrong_site.error().message.find("is for site") != std::string::npos);  // and the code still works:
    auto enrolled = t.store->Enroll(HashSecret("CODE2" + t.suffix), t.Name("desk"), site, 1, HashSecret("tok" + t.suffix), 5);
    REQUIRE(enrolled.ok());
    CHECK(enrolled->state == DeviceState::kActive);
    auto twice = t.store->Enroll(HashSecret("CODE2" + t.suffix), t.Name("desk2"), site, 2, HashSecret("tok2" + t.suffix), 6);
    REQUIRE(!twice.ok());
    CHECK(twice.error().code == ErrorCode::kUnauthorized);

    auto other = t.store->AddDevice(site, Role::kDesk, "", HashSecret("CODE3" + t.suffix), 1'000'000);
    REQUIRE(other.ok());
    auto taken = t.store->Enroll(HashSecret("CODE3" + t.suffix), t.Name("desk"), site, 2, HashSecret("tok3" + t.suffix), 6);
    REQUIRE(!taken.ok());
    CHECK(taken.error().code == ErrorCode::kRejected);
    CHECK(taken.error().message.find("already enrolled") != std::string::npos);
    auto same_slot = t.store->Enroll(HashSecret("CODE3" + t.suffix), t.Name("desk3"), site, 1, HashSecret("tok3" + t.suffix), 6);
    REQUIRE(!same_slot.ok());
    CHECK(same_slot.error().message.find("slot 1") != std::string::npos);

    auto found = t.store->DeviceByToken(HashSecret("tok" + t.suffix));
    REQUIRE(found.ok());
    REQUIRE(found->has_value());
    CHECK((*found)->device == t.Name("desk"));

    auto revoked = t.store->Revoke(t.Name("desk"));
    REQUIRE(revoked.ok());
    CHECK(revoked->state == DeviceState::kRevoked);
    CHECK(!t.store->DeviceByToken(HashSecret("tok" + t.suffix)).value().has_value());
    auto push = t.store->Ingest(enrolled.value(), {E(t.Name("desk"), 1, "ticket.called")}, 7);
    REQUIRE(!push.ok());
    CHECK(push.error().code == ErrorCode::kUnauthorized);
    CHECK(t.store->Revoke("#" + std::to_string(other->registration)).ok());
    CHECK(t.store->Revoke(t.Name("nobody")).error().code == ErrorCode::kNotFound);
}

TEST_CASE("central store: a site reads only its own events", "[store]") {
    TestStore t;
    auto a = EnrolledDevice(*t.store, t.Name("site-a"), Role::kKiosk, t.Name("kiosk-a"));
    auto b = EnrolledDevice(*t.store, t.Name("site-b"), Role::kKiosk, t.Name("kiosk-b"));
    REQUIRE(t.store->Ingest(a, {E(a.device, 1)}, 1).ok());
    REQUIRE(t.store->Ingest(b, {E(b.device, 1), E(b.device, 2)}, 2).ok());
    CHECK(t.store->ReadAfter(a.site, 0, 100)->size() == 1);
    CHECK(t.store->ReadAfter(b.site, 0, 100)->size() == 2);
}

// The administration's Catalogue page lists the versions and rolls back through these calls;
// here against each store (PostgreSQL under the ctest fixture: sync_central_store_postgresql).
TEST_CASE("central store: configuration versions are kept, listed newest first, read one by one, and a rollback "
          "stores an old body as the next version",
          "[store][config]") {
    TestStore t;
    const std::string site = t.Name("site-config"), other = t.Name("site-other");
    auto none = t.store->ConfigVersion(site);
    REQUIRE(none.ok());
    CHECK(none.value() == 0);
    REQUIRE(t.store->ReadConfig(site).ok());
    CHECK_FALSE(t.store->ReadConfig(site)->has_value());
    auto v1 = t.store->StoreConfig(site, 0, R"({"catalogue":"first"})", 1'000);
    REQUIRE(v1.ok());
    CHECK(v1.value() == 1);
    auto v2 = t.store->StoreConfig(site, 1, R"({"catalogue":"second"})", 2'000);
    REQUIRE(v2.ok());
    CHECK(v2.value() == 2);
    // A publication that read version 1 and comes second: refused, nothing changes.
    auto late = t.store->StoreConfig(site, 1, R"({"catalogue":"late"})", 2'500);
    REQUIRE_FALSE(late.ok());
    CHECK(late.error().code == ErrorCode::kRejected);
    CHECK(t.store->ConfigVersion(site).value() == 2);

    auto first = t.store->ReadConfigVersion(site, 1);
    REQUIRE(first.ok());
    REQUIRE(first->has_value());
    CHECK((*first)->version == 1);
    CHECK((*first)->published_us == 1'000);
    CHECK((*first)->body == R"({"catalogue":"first"})");
    auto missing = t.store->ReadConfigVersion(site, 99);
    REQUIRE(missing.ok());
    CHECK_FALSE(missing->has_value());
    CHECK_FALSE(t.store->ReadConfigVersion(other, 1)->has_value());  // another site has none

    // Rollback: version 1's body again, as version 3; every version stays readable.
    auto v3 = t.store->StoreConfig(site, 2, (*first)->body, 3'000);
    REQUIRE(v3.ok());
    CHECK(v3.value() == 3);
    auto newest = t.store->ReadConfig(site);
    REQUIRE(newest.ok());
    REQUIRE(newest->has_value());
    CHECK((*newest)->version == 3);
    CHECK((*newest)->body == R"({"catalogue":"first"})");
    auto list = t.store->ListConfigs(site);
    REQUIRE(list.ok());
    REQUIRE(list->size() == 3);
    CHECK((*list)[0].version == 3);
    CHECK((*list)[1].version == 2);
    CHECK((*list)[2].version == 1);
    CHECK((*list)[1].body == R"({"catalogue":"second"})");
    CHECK((*list)[2].published_us == 1'000);
    auto others = t.store->ListConfigs(other);
    REQUIRE(others.ok());
    CHECK(others->empty());
}

// ---------------------------------------------------------------------------------------
// The endpoints, in process
// ---------------------------------------------------------------------------------------
namespace {

std::string PushBody(std::vector<Event> events) {
    Push p;
    p.events = std::move(events);
    return Encode(p);
}

}  // namespace

TEST_CASE("service: hostile requests get clear 4xx answers and change nothing", "[service]") {
    Central c;
    std::string site = c.t.Name("site");
    std::string kiosk = c.t.Name("kiosk");
    std::string desk = c.t.Name("desk");
    std::string kiosk_token = c.Enrol(site, Role::kKiosk, kiosk);
    std::string desk_token = c.Enrol(site, Role::kDesk, desk);
    std::string other_site_token = c.Enrol(c.t.Name("elsewhere"), Role::kDesk, c.t.Name("desk-elsewhere"));
    auto before = c.t.store->CountEvents().value();

    auto expect = [&](const HttpResponse& r, int status, const std::string& reason) {
        INFO(r.body);
        CHECK(r.status == status);
        auto refusal = DecodeAs<ErrorMessage>(r.body);
        REQUIRE(refusal.ok());
        CHECK(refusal->reason == reason);
        CHECK(!refusal->message.empty());
    };
    expect(c.Post("/v1/push", "", PushBody({E(kiosk, 1)})), 401, "auth");
    expect(c.Post("/v1/push", "anl_wrong", PushBody({E(kiosk, 1)})), 401, "auth");
    expect(c.Post("/v1/push", kiosk_token, "{\"type\":\"push\",\"events\":[{"), 400, "invalid");
    expect(c.Post("/v1/push", kiosk_token, R"({"type":"format_disk"})"), 400, "invalid");
    expect(c.Post("/v1/push", kiosk_token, PushBody({E(desk, 1)})), 403, "device");        // someone else's
    expect(c.Post("/v1/push", kiosk_token, PushBody({E(kiosk, 1, "ticket.called")})), 403, "role");
    expect(c.Post("/v1/push", other_site_token, PushBody({E(desk, 1, "ticket.called")})), 403, "device");
    expect(c.Post("/v1/admin/devices", desk_token, Encode(DeviceAdd{site, Role::kAdmin, ""})), 401, "auth");
    expect(c.Post("/v1/enroll", "", Encode(Enroll{"AAAA-BBBB-CCCC", c.t.Name("x"), kProtocolVersion, kSchemaVersion, site, 9})), 401, "auth");
    expect(c.Post("/v1/hello", kiosk_token, Encode(Hello{kProtocolVersion + 1, kSchemaVersion, "future"})), 409,
           "version");
    expect(c.Post("/v1/nowhere", kiosk_token, "{}"), 404, "not_found");
    CHECK(c.t.store->CountEvents().value() == before);
    CHECK(c.service.MetricsText().find("anl_central_errors_total{reason=\"role\"} 1") != std::string::npos);
}

TEST_CASE("service: a revoked device is refused at once", "[service]") {
    Central c;
    std::string kiosk = c.t.Name("kiosk");
    std::string token = c.Enrol(c.t.Name("site"), Role::kKiosk, kiosk);
    CHECK(c.Post("/v1/push", token, PushBody({Issued(kiosk, 1, 1, c.clock.NowUtcMicros())})).status == 200);
    auto revoked = AdminRevokeDevice(c.transport, test::kAdminToken, kiosk);
    REQUIRE(revoked.ok());
    CHECK(revoked->state == DeviceState::kRevoked);
    CHECK(c.Post("/v1/push", token, PushBody({E(kiosk, 2)})).status == 401);
    CHECK(c.Post("/v1/pull", token, Encode(Pull{})).status == 401);
}

TEST_CASE("service: pulls keep device tokens only while every revocation is heard", "[service]") {
    Central c;
    const std::string site = c.t.Name("site");
    std::optional<int> epoch;  // what the listener would say: nullopt while it hears nothing
    auto kept = [&] {
        const std::string text = c.service.MetricsText();
        const std::string name = "\nanl_central_pull_kept_tokens_total ";
        return std::atoll(text.c_str() + text.find(name) + name.size());
    };
    auto pull = [&](const std::string& token) { return c.Post("/v1/pull", token, Encode(Pull{})).status; };
    // Another instance's revocation, as this one sees it: the store changed, no call here.
    auto revoke_elsewhere = [&](const std::string& device) { REQUIRE(c.t.store->Revoke(device).ok()); };

    // Unset: nothing is kept.
    const std::string first = c.Enrol(site, Role::kBoard, c.t.Name("board-1"));
    CHECK(pull(first) == 200);
    CHECK(pull(first) == 200);
    CHECK(kept() == 0);

    // Heard (epoch 0): the second pull takes the kept device. The notice of a revocation
    // elsewhere lets every kept token go.
    c.service.revocation_notices = [&] { return epoch; };
    epoch = 0;
    CHECK(pull(first) == 200);
    CHECK(pull(first) == 200);
    CHECK(kept() == 1);
    revoke_elsewhere(c.t.Name("board-1"));
    c.service.DeviceRevoked();
    CHECK(pull(first) == 401);

    // Not heard (the listener lost its connection): a revocation elsewhere, whose notice
    // never comes, is seen at once, because nothing is kept meanwhile.
    const std::string second = c.Enrol(site, Role::kBoard, c.t.Name("board-2"));
    CHECK(pull(second) == 200);
    epoch = std::nullopt;
    CHECK(pull(second) == 200);
    revoke_elsewhere(c.t.Name("board-2"));
    CHECK(pull(second) == 401);

    // Heard again after a reconnection (a new epoch): a notice may have been missed in
    // between, so what was kept before is let go.
    const std::string third = c.Enrol(site, Role::kBoard, c.t.Name("board-3"));
    epoch = 1;
    CHECK(pull(third) == 200);
    CHECK(pull(third) == 200);
    const auto uses = kept();
    CHECK(uses >= 2);
    epoch = std::nullopt;
    revoke_elsewhere(c.t.Name("board-3"));
    epoch = 2;
    CHECK(pull(third) == 401);

    // A revocation through this instance lets go at once, without a notice.
    const std::string fourth = c.Enrol(site, Role::kBoard, c.t.Name("board-4"));
    CHECK(pull(fourth) == 200);
    CHECK(pull(fourth) == 200);
    REQUIRE(AdminRevokeDevice(c.transport, test::kAdminToken, c.t.Name("board-4")).ok());
    CHECK(pull(fourth) == 401);
}

TEST_CASE("service: kiosks and call displays never receive staff notes or staff numbers", "[service]") {
    Central c;
    std::string site = c.t.Name("site");
    std::string desk = c.t.Name("desk");
    std::string kiosk = c.t.Name("kiosk");
    std::string kiosk_token = c.Enrol(site, Role::kKiosk, kiosk);  // slot 1
    std::string desk_token = c.Enrol(site, Role::kDesk, desk);
    std::string board_token = c.Enrol(site, Role::kBoard, c.t.Name("board"));
    std::string desk2_token = c.Enrol(site, Role::kDesk, c.t.Name("desk2"));
    const Micros now = c.clock.NowUtcMicros();
    REQUIRE(c.Post("/v1/push", kiosk_token, PushBody({Issued(kiosk, 1, 1, now)})).status == 200);
    const std::string ticket = kiosk + "/1";
    Event call{desk, 1, "ticket.called", R"({"counter":2,"staff":"1042","ticket_id":")" + ticket + R"("})", now};
    Event transfer{desk, 2, "ticket.transferred",
                   R"({"new_ticket_id":")" + desk + R"(/2","note":"needs a Dari interpreter","office_id":"abh",)"
                   R"("service_id":"abh.other","staff":"1042","ticket_id":")" + ticket + R"("})", now};
    auto pushed = ExpectAnswer<PushOk>(c.transport.Send({"POST", "/v1/push", desk_token, PushBody({call, transfer})}));
    REQUIRE(pushed.ok());
    CHECK(pushed->stored == 2);

    auto board = ExpectAnswer<PullOk>(c.transport.Send({"POST", "/v1/pull", board_token, Encode(Pull{})}));
    REQUIRE(board.ok());
    REQUIRE(board->events.size() == 3);
    CHECK(board->events[2].event.type == "ticket.transferred");
    for (const auto& e : board->events) CHECK(e.event.payload.find("1042") == std::string::npos);
    CHECK(board->events[2].event.payload.find("Dari") == std::string::npos);
    CHECK(board->events[2].event.payload.find("\"note\":\"\"") != std::string::npos);

    auto colleague = ExpectAnswer<PullOk>(c.transport.Send({"POST", "/v1/pull", desk2_token, Encode(Pull{})}));
    REQUIRE(colleague.ok());
    CHECK(colleague->events.at(2).event.payload.find("Dari") != std::string::npos);

    auto own = ExpectAnswer<PullOk>(c.transport.Send({"POST", "/v1/pull", desk_token, Encode(Pull{})}));
    REQUIRE(own.ok());
    CHECK(own->events.at(2).marker);  // its own event comes back only as its place in the order
    CHECK(own->cursor == own->events.at(2).order);
}

TEST_CASE("service: the polls woken by one push share one read of the site's tail, and a change is never hidden",
          "[service]") {
    Central c;
    const std::string site = c.t.Name("site");
    const std::string kiosk = c.t.Name("kiosk");
    const std::string kiosk_token = c.Enrol(site, Role::kKiosk, kiosk);
    std::vector<std::string> boards;
    for (int i = 0; i < 4; ++i) boards.push_back(c.Enrol(site, Role::kBoard, c.t.Name("board" + std::to_string(i))));
    auto pull = [&](const std::string& token, std::int64_t cursor) {
        Pull p;
        p.cursor = cursor;
        auto answer = ExpectAnswer<PullOk>(c.transport.Send({"POST", "/v1/pull", token, Encode(p)}));
        REQUIRE(answer.ok());
        return answer.value();
    };
    // The kiosk's tickets as its core decides them, one after the other.
    core::State kiosk_state;
    std::int64_t next_seq = 1;
    auto issue = [&]() {
        auto events = core::Decide(kiosk_state, test::OneOfficeCatalogue(), core::QueueRules{},
                                   core::Actor{kiosk, 1, next_seq, ""}, c.clock.NowUtcMicros() + next_seq,
                                   core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
        REQUIRE(events.ok());
        const core::Event& e = events->front();
        REQUIRE(core::ApplyEvent(kiosk_state, e).applied);
        ++next_seq;
        return Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us};
    };
    auto push = [&](test::LocalTransport& transport) {
        auto pushed = ExpectAnswer<PushOk>(transport.Send({"POST", "/v1/push", kiosk_token, PushBody({issue()})}));
        REQUIRE(pushed.ok());
        REQUIRE(pushed->stored == 1);
    };
    push(c.transport);

    // Four displays at the same cursor: one store read, three from the tail, the same answer.
    const std::int64_t before = c.service.counters().tail_reads;
    std::int64_t cursor = -1;
    for (const auto& token : boards) {
        auto answer = pull(token, 0);
        REQUIRE(answer.events.size() == 1);
        CHECK(answer.events[0].event.type == "ticket.issued");
        if (cursor >= 0) CHECK(answer.cursor == cursor);
        cursor = answer.cursor;
    }
    CHECK(c.service.counters().tail_reads - before == 3);
    CHECK(pull(boards[0], cursor).events.empty());  // nothing after the tail's end

    // The next push through this service is seen at once.
    push(c.transport);
    auto second = pull(boards[1], cursor);
    REQUIRE(second.events.size() == 1);
    CHECK(second.events[0].event.seq == 2);
    CHECK(pull(boards[2], cursor).events.size() == 1);

    // Another instance on the same store (PostgreSQL's scale-out): its push reaches this one
    // as a notice, and the server calls SiteChanged before it wakes the polls. Until then
    // this instance answers from what it read, as a read a moment earlier would.
    Service other{*c.t.store, c.clock, test::kAdminToken};
    test::LocalTransport other_transport{other};
    push(other_transport);
    CHECK(pull(boards[3], second.cursor).events.empty());
    c.service.SiteChanged(site);
    auto third = pull(boards[3], second.cursor);
    REQUIRE(third.events.size() == 1);
    CHECK(third.events[0].event.seq == 3);
    // The same after a reconnected listener (every site forgotten at once).
    push(other_transport);
    c.service.ForgetSiteTails();
    CHECK(pull(boards[0], third.cursor).events.size() == 1);
    // A poll behind the tail (a display back from an outage) reads the store from its cursor.
    CHECK(pull(boards[1], 0).events.size() == 4);
}

TEST_CASE("service: GET /v1/pull is validated like the POST form", "[service]") {
    Central c;
    std::string token = c.Enrol(c.t.Name("site"), Role::kBoard, c.t.Name("board"));
    CHECK(c.transport.Send({"GET", "/v1/pull?cursor=0&wait_ms=0&limit=10", token, ""})->status == 200);
    CHECK(c.transport.Send({"GET", "/v1/pull?cursor=-1&wait_ms=0&limit=10", token, ""})->status == 400);
    CHECK(c.transport.Send({"GET", "/v1/pull?cursor=0&wait_ms=999999&limit=10", token, ""})->status == 400);
    CHECK(c.transport.Send({"GET", "/v1/pull?cursor=zero", token, ""})->status == 400);
}

// ---------------------------------------------------------------------------------------
// The real server on loopback
// ---------------------------------------------------------------------------------------
TEST_CASE("server: long-polls wake on a push, limits hold, metrics count the waiting", "[server]") {
    TestStore t;
    SystemClock clock;
    Service service(*t.store, clock, test::kAdminToken);
    boost::asio::io_context io(1);
    ServerOptions options;
    options.port = 0;
    Server server(io, service, options);
    REQUIRE(server.Start().ok());
    std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    std::thread loop([&io] { io.run(); });

    auto admin = MakeCurlTransport(url);
    int slot = 0;
    auto enrol = [&](Role role, const std::string& device) {
        std::string code = test::AddDevice(*admin, test::kAdminToken, t.Name("site"), role);
        auto ok = ExpectAnswer<sync::Enrolled>(admin->Send({"POST", "/v1/enroll", "", Encode(Enroll{code, device, kProtocolVersion, kSchemaVersion, t.Name("site"), ++slot})}));
        REQUIRE(ok.ok());
        return ok->token;
    };
    std::string kiosk = t.Name("kiosk");
    std::string kiosk_token = enrol(Role::kKiosk, kiosk);
    std::string board_token = enrol(Role::kBoard, t.Name("board"));

    // A board waits; the kiosk's push must reach it long before the poll's timeout.
    auto started = std::chrono::steady_clock::now();
    auto waiting = std::async(std::launch::async, [&] {
        auto board = MakeCurlTransport(url);
        Pull pull;
        pull.wait_ms = 10'000;
        return ExpectAnswer<PullOk>(board->Send({"POST", "/v1/pull", board_token, Encode(pull), 20'000}));
    });
    // The poll is held (read through /metrics, on the central's own thread).
    REQUIRE(test::WaitUntil([&] {
        auto metrics = admin->Send({"GET", "/metrics", "", "", 5000});
        return metrics.ok() && metrics->body.find("anl_central_long_polls_waiting 1") != std::string::npos;
    }, 5s));

    auto kiosk_transport = MakeCurlTransport(url);
    auto pushed = ExpectAnswer<PushOk>(
        kiosk_transport->Send({"POST", "/v1/push", kiosk_token, PushBody({Issued(kiosk, 1, 1, clock.NowUtcMicros())})}));
    REQUIRE(pushed.ok());
    auto woke = waiting.get();
    auto elapsed = std::chrono::steady_clock::now() - started;
    REQUIRE(woke.ok());
    CHECK(woke->events.size() == 1);
    CHECK(elapsed < std::chrono::seconds(5));

    // An oversized body is refused by the server before it is read.
    std::string huge(kMaxBodyBytes + 10, 'x');
    auto too_big = kiosk_transport->Send({"POST", "/v1/push", kiosk_token, huge});
    if (too_big.ok()) CHECK(too_big->status == 413);  // or the server closed the connection early
    CHECK(admin->Send({"GET", "/healthz", "", "", 5000})->body == "ok\n");
    CHECK(t.store->CountEvents().value() >= 1);

    io.stop();
    loop.join();
}
