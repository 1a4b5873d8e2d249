// Shared by the fuzz targets (tests/fuzz/*.cpp): a broken property aborts with what broke,
// so libFuzzer and the corpus replay (replay_main.cpp) both report it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace anl::fuzz {

inline void Require(bool ok, const char* why, std::string_view input) {
    if (ok) return;
    std::fprintf(stderr, "fuzz property broken: %s\ninput (%zu bytes): %.400s\n", why, input.size(),
                 std::string(input).c_str());
    std::abort();
}

// A directory of the target's own under the system's temporary directory, removed at exit.
struct ScratchDir {
    std::filesystem::path path;
    explicit ScratchDir(const std::string& name) {
        path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
};

inline void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    Require(out.good(), "the fuzz target writes its scratch file", "");
}

}  // namespace anl::fuzz
