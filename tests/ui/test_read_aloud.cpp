// The kiosk's read-aloud voice (kiosk/app/read_aloud.h): reads the main text then the choices,
// stops within a chunk when a choice is touched, and is absent for languages without a voice.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

#include "kiosk/app/read_aloud.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace anl::app;
using namespace std::chrono_literals;

namespace {

// A loudspeaker that records chunks and can hold one until the test releases it.
struct Speaker {
    std::mutex m;
    std::condition_variable cv;
    size_t chunks = 0, samples = 0;
    bool hold_after_first = false, released = false;
    ChimeSink Sink() {
        return [this](std::uint64_t, const std::vector<std::int16_t>& s) {
            std::unique_lock lock(m);
            ++chunks;
            samples += s.size();
            cv.notify_all();
            if (hold_after_first) cv.wait(lock, [this] { return released; });
        };
    }
};

}  // namespace

TEST_CASE("Read aloud exists for languages with a voice, not for Pashto or Tigrinya", "[kiosk][voice]") {
    const voice::PromptPacks none;
    CHECK(ReadAloudAvailable(none, "ar"));
    CHECK(ReadAloudAvailable(none, "de"));
    CHECK_FALSE(ReadAloudAvailable(none, "ps"));
    CHECK_FALSE(ReadAloudAvailable(none, "ti"));
}

TEST_CASE("Read aloud speaks the main text then the choices, and a touch stops it within a chunk", "[kiosk][voice]") {
    Speaker speaker;
    const auto main_text = voice::Synthesize("de", "Wählen Sie Ihre Sprache.");
    const auto choice = voice::Synthesize("de", "Aufenthalt verlängern");
    REQUIRE(main_text);
    REQUIRE(choice);
    {
        ReadAloud reader(speaker.Sink());
        reader.Read("de", {"Wählen Sie Ihre Sprache.", "Aufenthalt verlängern"});
        // The whole of both, give or take espeak-ng's small variation from call to call.
        const size_t whole = main_text->size() + choice->size();
        REQUIRE(anl::test::WaitUntil([&] { std::lock_guard l(speaker.m); return speaker.samples * 100 >= whole * 95; }, 20s));
    }
    Speaker touched;
    touched.hold_after_first = true;
    {
        ReadAloud reader(touched.Sink());
        reader.Read("de", {"Wählen Sie Ihre Sprache. Tippen Sie auf Ihre Sprache.", "Aufenthalt verlängern"});
        REQUIRE(anl::test::WaitUntil([&] { std::lock_guard l(touched.m); return touched.chunks == 1; }, 20s));
        reader.Stop();  // the visitor touches a choice while the first chunk sounds
        {
            std::lock_guard l(touched.m);
            touched.released = true;
            touched.cv.notify_all();
        }
        // Nothing more may sound. An absence can only be waited for up to a bound: a reader
        // that went on would hand the next chunk over within milliseconds of the release.
        CHECK_FALSE(anl::test::WaitUntil([&] { std::lock_guard l(touched.m); return touched.chunks >= 2; }, 1500ms));
    }
    CHECK(touched.chunks == 1);
}
