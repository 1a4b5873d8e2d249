// The call display as a program: `anlaufstelle --role board --audio wav:DIR` announces a
// scripted morning's calls (made with anlaufstelle-ctl on its store) as WAV files, in order,
// each whole, a recall again. Needs a display (Xvfb under packaging/test.sh); skipped without.
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "i18n/messages/messages.h"
#include "kiosk/app/announcer.h"
#include "tests/store/ctl_run.h"
#include "tests/support/skip.h"
#include "tests/support/wait.h"

extern char** environ;

using namespace anl;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> Announcements(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".wav") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

TEST_CASE("anlaufstelle --role board --audio wav:DIR announces a scripted morning in order", "[board][voice][screen]") {
    if (!anl::test::HaveDisplay()) return;
    char pattern[] = "/tmp/anl-board-audio-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    const fs::path dir = pattern;
    const std::string db = "--db " + (dir / "site.db").string();
    REQUIRE(anl::test::Ctl(db + " init --catalogue " + std::string(ANL_SOURCE_DIR) + "/assets/catalogue").exit_code == 0);
    for (const char* lang : {"ar", "ti", "uk"}) {
        const std::string service = lang == std::string("ti") ? "fsa.counselling" : "abh.permit-extension";
        REQUIRE(anl::test::Ctl(db + " ticket issue --service " + service + " --lang " + lang).exit_code == 0);
    }
    REQUIRE(anl::test::Ctl(db + " desk call-next --office abh --counter 2").exit_code == 0);  // A-001, before

    // Recorded tone packs for German, Ukrainian and English make the announcements exact
    // (espeak-ng varies a little from run to run); Tigrinya has none.
    const fs::path packs_dir = dir / "packs";
    for (const char* lang : {"de", "uk", "en"}) {
        fs::create_directories(packs_dir / lang);
        int i = 0;
        for (const auto& clip : voice::RequiredClips()) {
            voice::Samples tone(size_t(50 + i) * voice::kSampleRate / 1000, std::int16_t(1500 + 10 * i));
            ++i;
            REQUIRE(voice::WriteWav(packs_dir / lang / (clip + ".wav"), tone));
        }
    }
    const fs::path out = dir / "out";
    const std::string terminal = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle";
    const std::string store = (dir / "site.db").string(), audio = "wav:" + out.string(), packs = packs_dir.string();
    const char* argv[] = {terminal.c_str(), "--role", "board", "--db", store.c_str(), "--size", "960x540",
                          "--audio", audio.c_str(), "--voice-packs", packs.c_str(), nullptr};
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, terminal.c_str(), nullptr, nullptr, const_cast<char**>(argv), environ) == 0);

    // The display is live once it announces a recall of A-001 (its first snapshot holds the
    // first call, which it does not announce: a display switched on owes no one a call).
    bool live = false;
    for (int i = 0; i < 60 && !live; ++i) {
        REQUIRE(anl::test::Ctl(db + " desk recall --ticket A-001").exit_code == 0);
        live = anl::test::WaitUntil([&] { return !Announcements(out).empty(); }, 1s);
    }
    REQUIRE(live);

    // The morning: S-001 (Tigrinya) at counter 1 and A-002 (Ukrainian) at counter 3 a moment
    // later, then A-002 recalled.
    REQUIRE(anl::test::Ctl(db + " desk call-next --office fsa --counter 1").exit_code == 0);
    REQUIRE(anl::test::Ctl(db + " desk call-next --office abh --counter 3").exit_code == 0);
    REQUIRE(anl::test::Ctl(db + " desk recall --ticket A-002").exit_code == 0);

    const auto messages = messages::Messages::Load(messages::Messages::DefaultDir()).value();
    const auto loaded = voice::PromptPacks::Load(packs_dir);
    catalogue::Announcements settings;
    settings.volume = 90;  // the shipped announcements.toml
    auto expect = [&](const app::CallToAnnounce& call) {
        return app::ComposeAnnouncement(app::PlanAnnouncement(call, settings, messages, loaded), loaded);
    };
    const std::vector<voice::Samples> wanted = {expect({"S-001", 1, "ti"}), expect({"A-002", 3, "uk"}),
                                                expect({"A-002", 3, "uk"})};
    auto last_three_match = [&] {
        const auto files = Announcements(out);
        if (files.size() < 4) return false;
        for (size_t i = 0; i < 3; ++i) {
            auto samples = voice::ReadWav(files[files.size() - 3 + i]);
            if (!samples || *samples != wanted[i]) return false;
        }
        return true;
    };
    const bool announced = anl::test::WaitUntil(last_three_match, 90s, 50ms);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(announced);
    std::error_code ec;
    fs::remove_all(dir, ec);
}
