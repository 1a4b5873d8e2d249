// chime: the call display's sound seam. A new call plays a short two-tone chime.
// Owns: the chime's samples, the one audio worker that plays them in order, and where they
// go (ALSA on a device, a WAV file in tests and on machines without sound).
// Must never: block the UI thread (Play only queues; one worker thread plays) or speak text
// (announcer.h speaks: the chime, then the call, through the same sinks).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::app {

constexpr int kChimeSampleRate = 22050;

// The chime as 16-bit mono samples: two soft bell tones (E5 then C5) with a gentle decay,
// calm enough to hear fifty times an hour.
std::vector<std::int16_t> ChimeSamples();

// Where a chime's samples go. Called on the audio worker, one chime at a time; returns when
// the chime has been played (or written). `number` counts Play calls from 1.
using ChimeSink = std::function<void(std::uint64_t number, const std::vector<std::int16_t>& samples)>;

// ALSA's default device; silent when the machine has none.
ChimeSink AlsaSink();
// Writes each chime to `path` as a WAV file.
ChimeSink WavSink(std::filesystem::path path);

// One audio worker with a queue. Play() queues a chime and returns at once; the worker plays
// the queued chimes one after another, in the order of the calls. The destructor lets the
// chime that is playing finish, drops those still waiting (a display being switched off owes
// no one a chime) and joins the worker.
class Chime {
public:
    explicit Chime(ChimeSink sink);
    ~Chime();
    Chime(const Chime&) = delete;
    Chime& operator=(const Chime&) = delete;

    void Play();

private:
    void Work();

    ChimeSink sink_;
    std::vector<std::int16_t> samples_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::uint64_t> queue_;  // numbers of the chimes waiting
    std::uint64_t calls_ = 0;
    bool stopping_ = false;
    std::thread worker_;  // last: starts after everything it reads exists
};

// ALSA when the machine has a sound device, otherwise (or with a path) a WAV file.
std::unique_ptr<Chime> MakeChime(const std::filesystem::path& wav_path_or_empty);

}  // namespace anl::app
