// The central trusts nothing a device sends (issue 11, "Done when"): an enrolled kiosk pushes a
// forged ticket (a number outside its slot's block, arrival_at in 1970) to a real central on
// loopback. It is refused with a reason in the push reply, no desk sees it, and the kiosk's
// later genuine events still go through. Against SQLite, and against PostgreSQL when the ctest
// fixture provides one (ANL_TEST_POSTGRES_FILE; the ctest entry skips with 77 without it).
// Also: a genuine terminal whose event the central refuses marks it, leaves it out of its
// fold, keeps it for `sync status`, and goes on.
#include <catch2/catch.hpp>

#include <utility>  // Boost 1.74 asio uses std::exchange without including it

#include <boost/asio.hpp>

#include <thread>

#include "kiosk/store/store.h"
#include "sync/central/server.h"
#include "sync_test_util.h"

using namespace anl;
using namespace anl::sync;

namespace {

// A central on loopback over the test's store (SQLite, or PostgreSQL from the fixture).
struct LoopbackCentral {
    test::TestStore t;
    SystemClock clock;
    catalogue::Catalogue catalogue = test::OneOfficeCatalogue();
    std::unique_ptr<central::Service> service;
    boost::asio::io_context io{1};
    std::unique_ptr<central::Server> server;
    std::thread thread;
    std::vector<std::string> log;

    LoopbackCentral() {
        service = std::make_unique<central::Service>(*t.store, clock, test::kAdminToken);
        service->catalogue = &catalogue;
        service->log = [this](const std::string& line) { log.push_back(line); };
        central::ServerOptions options;
        options.port = 0;
        server = std::make_unique<central::Server>(io, *service, options);
        REQUIRE(server->Start().ok());
        thread = std::thread([this] { io.run(); });
    }
    ~LoopbackCentral() {
        io.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }
};

std::filesystem::path SetUpTerminal(const test::TempDir& dir, LoopbackCentral& central, const std::string& site,
                                    const std::string& device, Role role, int slot) {
    std::filesystem::path db = dir / (device + ".db");
    SystemClock clock;
    auto store = store::Store::Open(db, clock);
    REQUIRE(store.ok());
    store::SiteSettings settings;
    settings.site_id = site;
    REQUIRE(store.value()->Initialise(settings, test::OneOfficeCatalogue(),
                                      core::Device{device, site, slot, role})
                .ok());
    auto transport = MakeCurlTransport(central.url());
    std::string code = test::AddDevice(*transport, test::kAdminToken, site, role);
    REQUIRE(EnrollTerminal(db, central.url(), code, *transport).ok());
    return db;
}

Event ToWire(const core::Event& e) { return Event{e.device_id, e.seq, e.type, e.payload.dump(), e.at_us}; }

}  // namespace

TEST_CASE("a forged ticket from an enrolled kiosk is refused with a reason, no desk sees it, later events go on",
          "[forged]") {
    LoopbackCentral central;
    test::TempDir dir("anl-forged");
    const std::string site = central.t.Name("site-f");
    const std::string kiosk_id = central.t.Name("kiosk");
    const std::string desk_id = central.t.Name("desk");
    auto kiosk_db = SetUpTerminal(dir, central, site, kiosk_id, Role::kKiosk, 1);
    auto desk_db = SetUpTerminal(dir, central, site, desk_id, Role::kDesk, 2);
    auto kiosk_journal = Journal::Load(kiosk_db);
    REQUIRE(kiosk_journal.ok());
    const std::string kiosk_token = kiosk_journal->credentials().token;

    // The kiosk's events as its own core decides them (slot 1: numbers 101..199), with one forgery
    // between two genuine tickets, all pushed with the kiosk's real token.
    catalogue::Catalogue catalogue = test::OneOfficeCatalogue();
    core::QueueRules rules;
    core::State state;
    const Micros now = central.clock.NowUtcMicros();
    auto decide = [&](std::int64_t seq) {
        auto events = core::Decide(state, catalogue, rules, core::Actor{kiosk_id, 1, seq, ""}, now,
                                   core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
        REQUIRE(events.ok());
        return events->front();
    };
    core::Event genuine1 = decide(1);
    core::ApplyEvent(state, genuine1);
    core::Event forged = decide(2);
    forged.payload["number"] = 1;          // slot 0's block: the first desk call of the day
    forged.payload["display"] = "A-001";
    forged.payload["arrival_at"] = 1;      // 1970: ahead of everyone
    core::Event genuine3 = decide(3);      // the forgery was never folded: the next genuine number
    REQUIRE(genuine1.payload["display"] == "A-101");
    REQUIRE(genuine3.payload["display"] == "A-102");

    auto transport = MakeCurlTransport(central.url());
    Push push;
    push.events = {ToWire(genuine1), ToWire(forged)};
    auto first = ExpectAnswer<PushOk>(transport->Send({"POST", std::string(kPathPush), kiosk_token, Encode(push)}));
    REQUIRE(first.ok());
    CHECK(first->acked_seq == 2);  // acknowledged: it never blocks what follows
    CHECK(first->stored == 1);
    REQUIRE(first->rejected.size() == 1);
    CHECK(first->rejected[0].seq == 2);
    CHECK(first->rejected[0].reason == core::kEventNumber);
    CHECK(first->rejected[0].message.find(kiosk_id + "/2") != std::string::npos);

    // Sent again (a lost answer): a duplicate, still not stored.
    auto again = ExpectAnswer<PushOk>(transport->Send({"POST", std::string(kPathPush), kiosk_token, Encode(push)}));
    REQUIRE(again.ok());
    CHECK(again->duplicates == 2);
    CHECK(again->stored == 0);
    // ... and the refusal is said again, so a kiosk whose first answer was lost still learns it
    // (regression: the simulation's desks lost the reason with a dropped answer).
    REQUIRE(again->rejected.size() == 1);
    CHECK(again->rejected[0].seq == 2);
    CHECK(again->rejected[0].reason == core::kEventNumber);

    // The same forgery with a number inside the block: refused for its 1970 arrival.
    core::Event forged_time = decide(3);
    forged_time.payload["arrival_at"] = 1;
    push.events = {ToWire(forged_time)};
    auto second = ExpectAnswer<PushOk>(transport->Send({"POST", std::string(kPathPush), kiosk_token, Encode(push)}));
    REQUIRE(second.ok());
    REQUIRE(second->rejected.size() == 1);
    CHECK(second->rejected[0].reason == core::kEventTime);

    // The kiosk's later genuine event goes through.
    genuine3 = decide(4);
    push.events = {ToWire(genuine3)};
    auto third = ExpectAnswer<PushOk>(transport->Send({"POST", std::string(kPathPush), kiosk_token, Encode(push)}));
    REQUIRE(third.ok());
    CHECK(third->stored == 1);
    CHECK(third->rejected.empty());
    CHECK(third->acked_seq == 4);

    // Logged without personal data, counted per reason.
    REQUIRE(central.log.size() == 2);
    CHECK(central.log[0].find(kiosk_id + "/2 (ticket.issued)") != std::string::npos);
    CHECK(central.log[0].find(": number") != std::string::npos);
    CHECK(central.log[0].find("A-001") == std::string::npos);
    std::string metrics = central.service->MetricsText();
    CHECK(metrics.find("anl_central_events_rejected_total{reason=\"number\"} 1") != std::string::npos);
    CHECK(metrics.find("anl_central_events_rejected_total{reason=\"time\"} 1") != std::string::npos);

    // The desk pulls: wait, no A-001.
    SystemClock clock;
    auto desk = std::move(store::Store::Open(desk_db, clock).value());
    auto desk_journal = Journal::Load(desk_db);
    REQUIRE(desk_journal.ok());
    auto desk_transport = MakeCurlTransport(central.url());
    SyncEngine engine(*desk, desk_journal.value(), *desk_transport, clock);
    auto round = engine.RunRound(0);
    REQUIRE(round.ok());
    std::vector<std::string> displays;
    for (const auto& entry : desk->Queue("abh")) displays.push_back(entry.display);
    CHECK(displays == std::vector<std::string>{"A-101", "A-102"});
    auto next = desk->Execute(core::CallNext{"abh", 1});
    REQUIRE(next.ok());
    CHECK(desk->state().FindVisit(desk->state().FindTicket(next->ticket_ids.front())->visit_id)->display == "A-101");
}

TEST_CASE("a terminal whose event the central refuses marks it, keeps it out of its fold and goes on", "[forged]") {
    LoopbackCentral central;
    // The central knows only another office's service: the kiosk's first ticket names a service
    // the central's catalogue does not have (a kiosk with a stale catalogue).
    central.catalogue.services.front().id = "abh.other";
    test::TempDir dir("anl-refused");
    const std::string site = central.t.Name("site-r");
    const std::string kiosk_id = central.t.Name("kiosk");
    auto kiosk_db = SetUpTerminal(dir, central, site, kiosk_id, Role::kKiosk, 3);
    SystemClock clock;
    auto kiosk = std::move(store::Store::Open(kiosk_db, clock).value());
    REQUIRE(kiosk->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).ok());
    auto journal = Journal::Load(kiosk_db);
    REQUIRE(journal.ok());
    auto transport = MakeCurlTransport(central.url());
    SyncEngine engine(*kiosk, journal.value(), *transport, clock);
    auto round = engine.RunRound(0);
    REQUIRE(round.ok());
    REQUIRE(round->newly_rejected.size() == 1);
    CHECK(round->newly_rejected[0].seq == 1);
    CHECK(round->newly_rejected[0].reason.rfind("refused: unknown_reference: ", 0) == 0);
    CHECK(kiosk->PendingCount().value() == 0);  // acknowledged: nothing waits
    CHECK(kiosk->Queue("abh").empty());         // left out of the fold, as everywhere else
    auto refused = kiosk->RefusedEvents();
    REQUIRE(refused.ok());
    REQUIRE(refused->size() == 1);
    CHECK(refused->front().event.seq == 1);

    // The next genuine event goes through.
    central.catalogue.services.front().id = "abh.permit-extension";
    REQUIRE(kiosk->Execute(core::IssueTicket{"abh.permit-extension", "de", "", false, 0}).ok());
    auto later = engine.RunRound(0);
    REQUIRE(later.ok());
    CHECK(later->pushed == 1);
    CHECK(later->newly_rejected.empty());
    CHECK(kiosk->Queue("abh").size() == 1);
}

TEST_CASE("the store refuses a forged event it pulls", "[forged]") {
    test::TempDir dir("anl-store-refuses");
    SystemClock clock;
    auto store = std::move(store::Store::Open(dir / "desk.db", clock).value());
    store::SiteSettings settings;
    REQUIRE(store->Initialise(settings, test::OneOfficeCatalogue(), core::Device{"desk-1", "site-1", 2, anl::Role::kDesk}).ok());
    catalogue::Catalogue catalogue = test::OneOfficeCatalogue();
    core::State state;
    const Micros now = clock.NowUtcMicros();
    auto decided = core::Decide(state, catalogue, core::QueueRules{}, core::Actor{"kiosk-1", 1, 1, ""}, now,
                                core::IssueTicket{"abh.permit-extension", "de", "", false, 0});
    REQUIRE(decided.ok());
    core::Event genuine = decided->front();
    core::Event forged = genuine;
    forged.seq = 2;
    forged.payload["ticket_id"] = "kiosk-1/2";
    forged.payload["visit_id"] = "visit:kiosk-1/2";
    forged.payload["arrival_at"] = 1;
    auto applied = store->ApplyRemoteEvents({genuine, forged});
    REQUIRE(applied.ok());
    CHECK(applied.value() == 2);  // both stored: the forgery marked refused, never folded
    CHECK(store->Queue("abh").size() == 1);
    auto refused = store->RefusedEvents();
    REQUIRE(refused.ok());
    REQUIRE(refused->size() == 1);
    CHECK(refused->front().event.seq == 2);
    CHECK(refused->front().skipped_because.rfind("refused: time: ", 0) == 0);
    // A re-fold (in any order) leaves it out again.
    REQUIRE(store->RebuildProjection().ok());
    CHECK(store->Queue("abh").size() == 1);
}

// ---------------------------------------------------------------------------------------
// Readiness and the connection cap
// ---------------------------------------------------------------------------------------
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace {

template <typename Pred>
bool WaitFor(Pred pred, std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return pred();
}

int ConnectLoopback(std::uint16_t port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

TEST_CASE("healthz says not ready (503 and why) while the store cannot write", "[health]") {
    test::TempDir dir("anl-health");
    const std::string path = (dir / "central.db").string();
    auto store = central::OpenSqliteStore(path);
    REQUIRE(store.ok());
    FakeClock clock;
    central::Service service(*store.value(), clock, test::kAdminToken);
    auto health = [&] { return service.Handle({"GET", "/healthz", "", ""}).response; };
    CHECK(health().status == 200);

    // Another process holds the store's write lock (a stuck backup, a second central on the
    // same file): the central cannot write, and says so.
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    auto refused = health();
    CHECK(refused.status == 503);
    CHECK(refused.body.rfind("not ready: ", 0) == 0);
    CHECK(service.MetricsText().find("anl_central_errors_total{reason=\"not_ready\"} 1") != std::string::npos);

    REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(other);
    CHECK(health().status == 200);
}

TEST_CASE("the central caps open connections: idle sockets beyond the cap are closed at once", "[health]") {
    test::TempDir dir("anl-cap");
    auto store = central::OpenSqliteStore((dir / "central.db").string());
    REQUIRE(store.ok());
    SystemClock clock;
    central::Service service(*store.value(), clock, test::kAdminToken);
    boost::asio::io_context io(1);
    central::ServerOptions options;
    options.port = 0;
    options.max_connections = 40;
    central::Server server(io, service, options);
    REQUIRE(server.Start().ok());
    REQUIRE(server.max_connections() == 40);
    std::thread loop([&io] { io.run(); });

    // 300 idle sockets: 40 are kept, the rest closed by the server at once.
    std::vector<int> sockets;
    for (int i = 0; i < 300; ++i) {
        int fd = ConnectLoopback(server.port());
        if (fd >= 0) sockets.push_back(fd);
    }
    CHECK(sockets.size() == 300);  // the kernel's backlog accepts them; the server closes the excess
    CHECK(WaitFor([&] { return service.connections_refused.load() >= 260; }, std::chrono::seconds(10)));
    CHECK(server.open_connections() <= 40);
    // A socket beyond the cap reads end-of-file: closed, no descriptor held for it.
    char byte = 0;
    timeval timeout{5, 0};
    ::setsockopt(sockets.back(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    CHECK(::recv(sockets.back(), &byte, 1, 0) == 0);
    CHECK(service.MetricsText().find("anl_central_connections_refused_total 260\n") != std::string::npos);

    for (int fd : sockets) ::close(fd);
    CHECK(WaitFor([&] { return server.open_connections() == 0; }, std::chrono::seconds(10)));
    // Below the cap again: a request is served.
    auto transport = MakeCurlTransport("http://127.0.0.1:" + std::to_string(server.port()));
    auto ok = transport->Send({"GET", "/healthz", "", "", 5000});
    REQUIRE(ok.ok());
    CHECK(ok->status == 200);
    io.stop();
    loop.join();
}

TEST_CASE("visitor feedback from a kiosk reaches the central, and a forged one with a ticket id is refused as not anonymous",
          "[forged][feedback]") {
    LoopbackCentral central;
    test::TempDir dir("anl-feedback");
    const std::string site = central.t.Name("site-fb");
    const std::string kiosk_id = central.t.Name("kiosk");
    auto kiosk_db = SetUpTerminal(dir, central, site, kiosk_id, Role::kKiosk, 4);
    SystemClock clock;
    auto kiosk = std::move(store::Store::Open(kiosk_db, clock).value());

    // A visitor's ticket, then their feedback, recorded by the kiosk's store like every event.
    REQUIRE(kiosk->Execute(core::IssueTicket{"abh.permit-extension", "ar", "", true, 0}).ok());
    auto given = kiosk->GiveFeedback(core::GiveFeedback{"abh", "", "ar", 2, {"waiting-time", "needed-interpreter"}});
    REQUIRE(given.ok());
    CHECK(given->seq == 2);
    auto journal = Journal::Load(kiosk_db);
    REQUIRE(journal.ok());
    auto transport = MakeCurlTransport(central.url());
    SyncEngine engine(*kiosk, journal.value(), *transport, clock);
    auto round = engine.RunRound(0);
    REQUIRE(round.ok());
    CHECK(round->newly_rejected.empty());
    CHECK(kiosk->PendingCount().value() == 0);

    // The central holds it, exactly as given: no ticket id, no number, nothing else.
    auto stored = central.t.store->ReadAfter(site, 0, 100);
    REQUIRE(stored.ok());
    std::vector<std::string> types;
    const Event* feedback = nullptr;
    for (const auto& s : stored.value()) {
        types.push_back(s.event.type);
        if (s.event.type == "feedback.given") feedback = &s.event;
    }
    CHECK(std::count(types.begin(), types.end(), "ticket.issued") == 1);
    REQUIRE(feedback != nullptr);
    CHECK(feedback->device == kiosk_id);
    const auto payload = nlohmann::json::parse(feedback->payload);
    CHECK(payload == nlohmann::json{{"office_id", "abh"},
                                    {"service_id", ""},
                                    {"lang", "ar"},
                                    {"score", 2},
                                    {"reasons", {"waiting-time", "needed-interpreter"}}});

    // A tampered kiosk adds the visitor's ticket id to its next feedback: refused, not stored.
    core::Event forged = given.value();
    forged.seq = 3;
    forged.payload["ticket_id"] = kiosk_id + "/1";
    const std::string token = journal->credentials().token;
    Push push;
    push.events = {ToWire(forged)};
    auto answer = ExpectAnswer<PushOk>(transport->Send({"POST", std::string(kPathPush), token, Encode(push)}));
    REQUIRE(answer.ok());
    CHECK(answer->stored == 0);
    REQUIRE(answer->rejected.size() == 1);
    CHECK(answer->rejected[0].seq == 3);
    CHECK(answer->rejected[0].reason == core::kEventAnonymous);
    auto after = central.t.store->ReadAfter(site, 0, 100);
    REQUIRE(after.ok());
    CHECK(after->size() == stored->size());
    CHECK(central.service->MetricsText().find("anl_central_events_rejected_total{reason=\"anonymous\"} 1") !=
          std::string::npos);
}
