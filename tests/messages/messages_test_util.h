// Shared by the message tests: the shipped catalogues, and scratch copies to break on purpose.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sys/wait.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "i18n/messages/messages.h"

namespace anl::messages::testing {

inline std::filesystem::path ShippedDir() { return std::filesystem::path(ANL_SOURCE_DIR) / "i18n/catalogs"; }

inline const Messages& Shipped() {
    static Messages messages = [] {
        auto loaded = Messages::Load(ShippedDir(), {"Europe/Berlin"});
        if (!loaded) FAIL("the shipped catalogues did not load: " << loaded.error().message);
        return std::move(loaded).value();
    }();
    return messages;
}

// How many German keys are staff texts (desk.*, admin.*): the keys a visitor language may leave
// to its fallback chain. Counted, not written down: other branches add staff texts.
inline size_t GermanStaffKeys() {
    size_t n = 0;
    for (const Message* m : Shipped().MessagesOf("de")) n += m->key.rfind("desk.", 0) == 0 || m->key.rfind("admin.", 0) == 0;
    return n;
}

// A fresh temporary folder, removed when the object goes away.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "anl-messages-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

    // A copy of the shipped catalogues to break.
    static ScratchDir CopyOfShipped() {
        ScratchDir dir;
        std::filesystem::copy(ShippedDir(), dir.path(), std::filesystem::copy_options::recursive);
        return dir;
    }
    ScratchDir(ScratchDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

private:
    std::filesystem::path path_;
};

inline std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

inline void WriteFile(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// Replaces the first occurrence of `from` in a file; the test fails if it is not there.
inline void ReplaceInFile(const std::filesystem::path& path, const std::string& from, const std::string& to) {
    std::string text = ReadFile(path);
    size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    WriteFile(path, text);
}

// A minimal language folder: meta.toml with the given fallback, and one message file.
inline void WriteLanguage(const std::filesystem::path& dir, const std::string& code, const std::string& fallback,
                          const std::string& messages, const std::string& direction = "ltr",
                          const std::string& locale = "") {
    WriteFile(dir / code / "meta.toml",
              "code = \"" + code + "\"\nname = \"" + code + "\"\nenglish_name = \"" + code + "\"\ndirection = \"" +
                  direction + "\"\nlocale = \"" + (locale.empty() ? code : locale) + "\"\nfallback = [" + fallback +
                  "]\nenabled = true\n");
    WriteFile(dir / code / "ui.toml", messages);
}

#ifdef ANL_CTL_PATH
// Runs the real ctl; returns its exit code and stdout.
inline std::pair<int, std::string> RunCtl(const std::string& arguments) {
    std::string command = std::string(ANL_CTL_PATH) + " " + arguments + " 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::string out;
    std::array<char, 4096> buffer{};
    while (size_t n = fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
    int status = pclose(pipe.release());
    return {WEXITSTATUS(status), out};
}

#endif

}  // namespace anl::messages::testing
