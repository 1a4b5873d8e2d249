// The call display's chime: one audio worker with a queue (kiosk/app/chime.h). The sink is the
// seam a sound card would sit behind; here it records what it was given.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/app/chime.h"

using namespace anl::app;
using namespace std::chrono_literals;

namespace {

// A sound card that plays a chime until the test opens the gate.
struct Recorder {
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::uint64_t> started, finished;
    int playing = 0, most_at_once = 0;
    bool gate_open = false;
    std::thread::id thread;
    std::size_t samples = 0;

    ChimeSink Sink() {
        return [this](std::uint64_t number, const std::vector<std::int16_t>& s) {
            std::unique_lock lock(m);
            started.push_back(number);
            most_at_once = std::max(most_at_once, ++playing);
            thread = std::this_thread::get_id();
            samples = s.size();
            cv.notify_all();
            cv.wait(lock, [this] { return gate_open; });
            --playing;
            finished.push_back(number);
            cv.notify_all();
        };
    }
    template <typename Pred>
    bool WaitUntil(Pred pred, std::chrono::milliseconds deadline = 10s) {
        std::unique_lock lock(m);
        return cv.wait_for(lock, deadline, pred);
    }
    void Open() {
        std::lock_guard lock(m);
        gate_open = true;
        cv.notify_all();
    }
};

}  // namespace

TEST_CASE("Chimes play one after another in the order of the calls, on one worker", "[ui][board][chime]") {
    Recorder card;
    Chime chime(card.Sink());
    // Play only queues: three calls return while the first chime is still sounding.
    chime.Play();
    chime.Play();
    chime.Play();
    REQUIRE(card.WaitUntil([&] { return card.started.size() == 1; }));
    {
        std::lock_guard lock(card.m);
        CHECK(card.started == std::vector<std::uint64_t>{1});  // the others wait their turn
        CHECK(card.thread != std::this_thread::get_id());
        CHECK(card.samples == ChimeSamples().size());
    }
    card.Open();
    REQUIRE(card.WaitUntil([&] { return card.finished.size() == 3; }));
    std::lock_guard lock(card.m);
    CHECK(card.finished == std::vector<std::uint64_t>{1, 2, 3});
    CHECK(card.most_at_once == 1);
}

TEST_CASE("Switching the display off lets the sounding chime finish and joins the worker", "[ui][board][chime]") {
    Recorder card;
    auto chime = std::make_unique<Chime>(card.Sink());
    for (int i = 0; i < 5; ++i) chime->Play();
    REQUIRE(card.WaitUntil([&] { return card.started.size() == 1; }));

    // Destroyed on another thread: the destructor must wait for the chime on the card.
    bool destroyed = false;
    int playing_when_destroyed = -1;
    std::vector<std::uint64_t> finished_when_destroyed;
    std::thread off([&] {
        chime.reset();
        std::lock_guard lock(card.m);
        destroyed = true;
        playing_when_destroyed = card.playing;
        finished_when_destroyed = card.finished;
        card.cv.notify_all();
    });
    // While the chime sounds the destructor does not return (a detached worker would let it).
    CHECK_FALSE(card.WaitUntil([&] { return destroyed; }, 500ms));
    card.Open();
    off.join();
    CHECK(playing_when_destroyed == 0);
    REQUIRE_FALSE(finished_when_destroyed.empty());
    CHECK(finished_when_destroyed.front() == 1);
    // Whatever played, played whole and in order; nothing plays after the destructor.
    std::lock_guard lock(card.m);
    CHECK(card.started == card.finished);
    CHECK(card.finished == finished_when_destroyed);
    for (std::size_t i = 0; i < card.finished.size(); ++i) CHECK(card.finished[i] == i + 1);
}

TEST_CASE("The WAV sink writes the whole chime", "[ui][board][chime]") {
    const auto path = std::filesystem::temp_directory_path() / ("anl-chime-" + std::to_string(::getpid()) + ".wav");
    std::filesystem::remove(path);
    WavSink(path)(1, ChimeSamples());
    REQUIRE(std::filesystem::exists(path));
    // RIFF header (44 bytes) and two bytes a sample.
    CHECK(std::filesystem::file_size(path) == 44 + 2 * ChimeSamples().size());
    std::filesystem::remove(path);
}
