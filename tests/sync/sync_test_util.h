// Helpers for the sync tests: a temporary directory, an in-process transport to a central
// Service, and the fault-injecting transport of sync/sim (drop, lose the answer, duplicate,
// delay and reorder, cut mid-body), driven by a seeded RNG so a failing run can be repeated.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "kiosk/catalogue/catalogue.h"
#include "sync/central/central_store.h"
#include "sync/central/service.h"
#include "sync/client/client.h"
#include "sync/sim/sim.h"

namespace anl::test {

class TempDir {
public:
    explicit TempDir(const std::string& name) {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// A loopback port free at the moment of asking (the kernel's choice for port 0).
inline std::uint16_t FreeLoopbackPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// The smallest catalogue a terminal can work with: one office (prefix A), one service.
inline catalogue::Catalogue OneOfficeCatalogue() {
    catalogue::Catalogue c;
    catalogue::Office abh;
    abh.id = "abh";
    abh.ticket_prefix = 'A';
    c.offices = {abh};
    catalogue::Service permit;
    permit.id = "abh.permit-extension";
    permit.office_id = "abh";
    c.services = {permit};
    return c;
}

// The central store under test: PostgreSQL when the ctest fixture wrote a connection string
// to the file named by ANL_TEST_POSTGRES_FILE, otherwise a fresh SQLite file. Tests use
// unique site and device names (Name), so they never see each other's rows in a shared
// PostgreSQL database. Needs Catch2 (included by every test file before this header).
struct TestStore {
    TempDir dir{"anl-central"};
    std::unique_ptr<sync::central::CentralStore> store;
    std::string suffix = std::to_string(std::random_device{}());

    TestStore() {
        std::string spec = (dir / "central.db").string();
        if (const char* file = std::getenv("ANL_TEST_POSTGRES_FILE")) {
            std::ifstream in(file);
            std::getline(in, spec);
        }
        auto opened = sync::central::OpenCentralStore(spec);
        if (!opened.ok()) FAIL(opened.error().message);
        store = std::move(opened.value());
    }
    std::string Name(const std::string& base) const { return base + "-" + suffix; }
};

// Calls the central Service directly, as the Beast server would. A pull that would wait is
// answered at once (the simulation has no real time to wait in).
class LocalTransport : public sync::Transport {
public:
    explicit LocalTransport(sync::central::Service& service) : service_(service) {}
    Result<sync::HttpResponse> Send(const sync::HttpRequest& request) override {
        sync::central::Request r{request.method, request.path,
                                 request.token.empty() ? "" : "Bearer " + request.token, request.body};
        auto outcome = service_.Handle(r);
        sync::central::Response response =
            outcome.wait ? service_.AnswerPull(*outcome.wait) : std::move(outcome.response);
        return sync::HttpResponse{response.status, std::move(response.body)};
    }

private:
    sync::central::Service& service_;
};

// The fault-injecting transport and its rates live in the simulation module (sync/sim), which
// `anlaufstelle-ctl simulate` shares with these tests.
using sync::sim::FaultRates;
using sync::sim::FaultyTransport;

// Registers a device with the admin token and returns its enrolment code.
inline std::string AddDevice(sync::Transport& transport, const std::string& admin_token, const std::string& site,
                             sync::Role role) {
    auto added = sync::AdminAddDevice(transport, admin_token, sync::DeviceAdd{site, role, ""});
    ANL_ASSERT(added.ok() && "the admin token registers a device");
    return added->enrol_code;
}

inline constexpr const char* kAdminToken = "test-admin-token-0123456789";

// A central Service on a TestStore with a fake clock, reached in process.
struct Central {
    TestStore t;
    FakeClock clock;
    sync::central::Service service{*t.store, clock, kAdminToken};
    LocalTransport transport{service};
    int slots = 0;

    // Enrols a device through the endpoints and returns its token.
    std::string Enrol(const std::string& site, sync::Role role, const std::string& device) {
        std::string code = AddDevice(transport, kAdminToken, site, role);
        sync::Enroll enroll;
        enroll.code = code;
        enroll.device = device;
        enroll.site = site;
        enroll.slot = ++slots;
        auto ok = sync::ExpectAnswer<sync::Enrolled>(transport.Send({"POST", "/v1/enroll", "", Encode(enroll)}));
        REQUIRE(ok.ok());
        return ok->token;
    }
    sync::HttpResponse Post(const std::string& path, const std::string& token, const std::string& body) {
        auto r = transport.Send({"POST", path, token, body});
        REQUIRE(r.ok());
        return r.value();
    }
};

}  // namespace anl::test
