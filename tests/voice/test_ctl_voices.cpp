// anlaufstelle-ctl voices, run as a program: the table, say, check and make-pack.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "kiosk/voice/voice.h"
#include "tests/store/ctl_run.h"

namespace {

namespace fs = std::filesystem;

struct Dir {
    fs::path path;
    Dir() {
        char pattern[] = "/tmp/anl-ctl-voices-XXXXXX";
        REQUIRE(mkdtemp(pattern) != nullptr);
        path = pattern;
    }
    ~Dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("anlaufstelle-ctl voices: one line per enabled language, its code first, then how it is spoken",
          "[voice][ctl]") {
    Dir packs;
    auto run = anl::test::Ctl("voices --packs " + packs.path.string());
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    const auto lines = Lines(run.out);
    REQUIRE(lines.size() == 16);  // the shipped catalogues enable all 16 languages
    CHECK(lines[0] == "de    espeak-ng de");
    const std::vector<std::string> expected = {"ar    espeak-ng ar",  "fa-AF espeak-ng fa", "kmr   espeak-ng ku",
                                               "uk    espeak-ng uk",  "ps    none",         "ti    none",
                                               "so    none",          "ckb   none"};
    for (const auto& line : expected) {
        INFO(line);
        CHECK(std::find(lines.begin(), lines.end(), line) != lines.end());
    }

    // A recorded Pashto pack (here the German example renamed: the check is of the format)
    // makes Pashto spoken from recorded prompts.
    auto made = anl::test::Ctl("voices make-pack --lang de --out " + (packs.path / "ps").string());
    INFO(made.out);
    REQUIRE(made.exit_code == 0);
    run = anl::test::Ctl("voices --packs " + packs.path.string());
    const auto with_pack = Lines(run.out);
    CHECK(std::find(with_pack.begin(), with_pack.end(), "ps    recorded prompts " + (packs.path / "ps").string()) !=
          with_pack.end());
}

TEST_CASE("anlaufstelle-ctl voices say writes speech, and a language without a voice is an error", "[voice][ctl]") {
    Dir dir;
    const fs::path out = dir.path / "ar.wav";
    auto run = anl::test::Ctl("voices say --lang ar --text 'الرقم ألف صفر أربعة اثنان' --out " + out.string());
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    auto samples = anl::voice::ReadWav(out);
    REQUIRE(samples);
    CHECK(samples->size() > size_t(anl::voice::kSampleRate) / 2);
    CHECK(anl::voice::Peak(*samples) > 1000);

    run = anl::test::Ctl("voices say --lang ti --text 'A' --out " + (dir.path / "ti.wav").string());
    CHECK(run.exit_code == 2);
    CHECK(run.out == "anlaufstelle-ctl: espeak-ng has no voice for the language \"ti\".\n");
    CHECK_FALSE(fs::exists(dir.path / "ti.wav"));
}

TEST_CASE("anlaufstelle-ctl voices check passes the example pack and lists a broken pack's problems", "[voice][ctl]") {
    const std::string example = std::string(ANL_BINARY_DIR) + "/share/anlaufstelle/voice-example/de";
    auto run = anl::test::Ctl("voices check " + example);
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(run.out == example + ": ok\n");

    Dir dir;
    const fs::path pack = dir.path / "ti";
    fs::copy(example, pack);
    fs::remove(pack / "digit-3.wav");
    {
        std::ofstream(pack / "counter.wav") << "RIFF";
    }
    run = anl::test::Ctl("voices check " + pack.string());
    INFO(run.out);
    CHECK(run.exit_code == 1);
    CHECK(run.out == (pack / "digit-3.wav").string() + " is missing (the pack needs a clip \"digit-3\").\n" +
                         (pack / "counter.wav").string() + " is not a WAV file (no RIFF/WAVE header).\n" +
                         "anlaufstelle-ctl: The pack " + pack.string() + " has 2 problems.\n");
}
