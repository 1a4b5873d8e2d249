// Fuzz target: the sync protocol decoder and the central's handling of hostile bodies.
// Every message the central accepts from the network goes through sync::Decode (the public
// decoder only, so the target survives changes to how it is split inside), and pushes and
// hellos through the Service.
//
// Built two ways (tests/fuzz/CMakeLists.txt): with libFuzzer in a clang build (ANL_FUZZ=ON,
// packaging/fuzz.sh), and with replay_main.cpp in every build, where ctest replays the seed
// corpus tests/fuzz/sync_protocol/ once.
//
// Properties checked on every input (a violation aborts, so both drivers report it):
//   1. Decode never crashes, throws or hangs, whatever the bytes.
//   2. Whatever Decode accepts, Encode writes back in a form Decode accepts again, equal.
//   3. The Service answers a hostile push or hello with 2xx or 4xx, never 5xx, and a 4xx
//      stores nothing.
#include <cstdio>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "sync/central/central_store.h"
#include "sync/central/service.h"
#include "sync/protocol/protocol.h"

namespace {

using namespace anl;
using namespace anl::sync;

void Require(bool ok, const char* why, const std::string& input) {
    if (ok) return;
    std::fprintf(stderr, "fuzz property broken: %s\ninput (%zu bytes): %.400s\n", why, input.size(), input.c_str());
    std::abort();
}

// One central with one enrolled kiosk, shared by all inputs of a run.
struct Target {
    std::filesystem::path dir;
    FakeClock clock;
    std::unique_ptr<central::CentralStore> store;
    std::unique_ptr<central::Service> service;
    std::string token;

    Target() {
        dir = std::filesystem::temp_directory_path() / ("anl-fuzz-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
        auto opened = central::OpenSqliteStore((dir / "central.db").string());
        Require(opened.ok(), "the fuzz target's store opens", "");
        store = std::move(opened.value());
        service = std::make_unique<central::Service>(*store, clock, "fuzz-admin-token-0123456789");
        auto added = service->Handle({"POST", "/v1/admin/devices", "Bearer fuzz-admin-token-0123456789",
                                      Encode(DeviceAdd{"site-1", Role::kKiosk, ""})});
        auto code = DecodeAs<DeviceAdded>(added.response.body);
        Require(code.ok(), "the fuzz target registers a device", added.response.body);
        auto enrolled = service->Handle({"POST", "/v1/enroll", "", Encode(Enroll{code->enrol_code, "kiosk-1", kProtocolVersion, kSchemaVersion, "site-1", 0})});
        auto answer = DecodeAs<Enrolled>(enrolled.response.body);
        Require(answer.ok(), "the fuzz target enrols a device", enrolled.response.body);
        token = "Bearer " + answer->token;
    }
    ~Target() {
        service.reset();
        store.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

Target& TheTarget() {
    static Target target;
    return target;
}

void RunOne(const std::string& input) {
    auto decoded = Decode(input);
    if (decoded.ok()) {
        std::string again = Encode(decoded.value());
        auto redecoded = Decode(again);
        Require(redecoded.ok(), "an accepted message encodes to one that decodes", input);
        Require(Encode(redecoded.value()) == again, "encode/decode is stable", input);
    }
    Target& t = TheTarget();
    for (const char* path : {"/v1/push", "/v1/hello"}) {
        auto before = t.store->CountEvents().value();
        auto outcome = t.service->Handle({"POST", path, t.token, input});
        int status = outcome.response.status;
        Require(outcome.wait.has_value() || (status >= 200 && status < 500), "hostile input never causes a 5xx", input);
        if (status >= 400) Require(t.store->CountEvents().value() == before, "a refusal stores nothing", input);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    RunOne(std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
