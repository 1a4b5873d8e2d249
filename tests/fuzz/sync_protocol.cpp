// Fuzz target for the batch parser and the handshake: every message the central accepts from
// the network goes through sync::Decode, and pushes and hellos through the Service.
//
// Two ways to run it:
//   - libFuzzer: clang++ -fsanitize=fuzzer,address defines main and calls
//     LLVMFuzzerTestOneInput (build with -DANL_FUZZ_LIBFUZZER).
//   - Without clang (the default, under ctest): this file's own main runs a bounded,
//     seeded mutation loop over the seed corpus (tests/sync/corpus):
//       fuzz_sync_protocol CORPUS_DIR SECONDS [SEED]
//
// Properties checked on every input (a violation aborts, so both drivers report it):
//   1. Decode never crashes, throws or hangs, whatever the bytes.
//   2. Whatever Decode accepts, Encode writes back in a form Decode accepts again, equal.
//   3. The Service answers a hostile push or hello with 2xx or 4xx, never 5xx, and a 4xx
//      stores nothing.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

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

#ifndef ANL_FUZZ_LIBFUZZER
namespace {

// Tokens a JSON mutator should splice in: structure, our field names, edge numbers.
const std::vector<std::string> kDictionary = {
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "null", "true", "false", "-1", "0",
    "9007199254740993", "1e308", "-0", "\"type\"", "\"push\"", "\"hello\"", "\"events\"", "\"seq\"",
    "\"device\"", "\"payload\"", "\"at_us\"", "\"kiosk-1\"", "\"ticket.called\"", "\"protocol\"", "\"schema\"",
    "[[[[[[[[", "{\"a\":", std::string(300, 'x')};

std::string Mutate(std::string s, std::mt19937_64& rng, const std::vector<std::string>& corpus) {
    auto pick = [&](std::size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
    int rounds = 1 + static_cast<int>(pick(4));
    for (int r = 0; r < rounds; ++r) {
        switch (pick(7)) {
            case 0:
                if (!s.empty()) s[pick(s.size())] ^= static_cast<char>(1u << pick(8));
                break;
            case 1:
                if (!s.empty()) s.erase(pick(s.size()), 1 + pick(8));
                break;
            case 2: s.insert(pick(s.size() + 1), kDictionary[pick(kDictionary.size())]); break;
            case 3:
                if (!s.empty()) s.resize(pick(s.size()));
                break;
            case 4: {
                const std::string& other = corpus[pick(corpus.size())];
                if (!other.empty()) s.insert(pick(s.size() + 1), other.substr(pick(other.size())));
                break;
            }
            case 5:
                if (!s.empty()) s[pick(s.size())] = static_cast<char>(pick(256));
                break;
            default: {
                if (s.size() > 2) {
                    std::size_t a = pick(s.size()), len = 1 + pick(16);
                    s.insert(pick(s.size() + 1), s.substr(a, len));
                }
                break;
            }
        }
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: fuzz_sync_protocol CORPUS_DIR SECONDS [SEED]\n";
        return 64;
    }
    std::vector<std::string> corpus;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        corpus.push_back(text.str());
    }
    if (corpus.empty()) {
        std::cerr << "fuzz_sync_protocol: the seed corpus " << argv[1] << " is empty\n";
        return 1;
    }
    double seconds = std::atof(argv[2]);
    std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
    std::mt19937_64 rng(seed);
    for (const auto& input : corpus) RunOne(input);
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    long runs = 0;
    while (std::chrono::steady_clock::now() < until) {
        const std::string& base = corpus[std::uniform_int_distribution<std::size_t>(0, corpus.size() - 1)(rng)];
        RunOne(Mutate(base, rng, corpus));
        ++runs;
    }
    std::cout << "fuzz_sync_protocol: " << runs << " mutated inputs from " << corpus.size()
              << " seeds (seed " << seed << "), no property broken\n";
    return 0;
}
#endif
