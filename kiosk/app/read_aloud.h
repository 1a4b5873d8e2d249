// read_aloud: the kiosk's "read aloud" voice (docs/VOICE.md). Reads a screen's main text and
// then its choices in the visitor's language; touching a choice stops it at once.
// Owns: one worker that synthesises and plays in chunks of a quarter second through a
// ChimeSink, so Stop() silences it within one chunk.
// Must never: block the UI thread (Read and Stop only post), or pretend: a language that
// neither a recorded pack phrase nor espeak-ng speaks has no read-aloud (Available is false,
// and the screen shows no button).
// The kiosk's speaker button (KioskFlow::ReadAloudTexts, the terminal's SpeakOrStop) drives it.
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/app/chime.h"
#include "kiosk/voice/voice.h"

namespace anl::app {

// Whether the kiosk may show the read-aloud button for `lang`.
bool ReadAloudAvailable(const voice::PromptPacks& packs, std::string_view lang);

class ReadAloud {
public:
    // Each chunk goes to `sink` numbered from 1 across everything read.
    explicit ReadAloud(ChimeSink sink);
    ~ReadAloud();
    ReadAloud(const ReadAloud&) = delete;
    ReadAloud& operator=(const ReadAloud&) = delete;

    // Reads `texts` in order (the main text, then each choice), replacing whatever it was reading.
    void Read(std::string lang, std::vector<std::string> texts);
    // Stops now: the chunk sounding ends, nothing after it.
    void Stop();

private:
    void Work();

    ChimeSink sink_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string lang_;
    std::vector<std::string> texts_;
    std::uint64_t generation_ = 0;  // raised by Read and Stop: the worker drops older work
    std::uint64_t chunks_ = 0;
    bool stopping_ = false;
    std::thread worker_;  // last
};

}  // namespace anl::app
