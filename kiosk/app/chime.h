// chime: the call display's sound seam. A new call plays a short two-tone chime.
// Owns: the chime's samples and the ways to play them (ALSA on a device, a WAV file in tests).
// Must never: block the UI thread (playback runs on its own thread) or speak text (speech is
// another seam, later).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::app {

constexpr int kChimeSampleRate = 22050;

// The chime as 16-bit mono samples: two soft bell tones (E5 then C5) with a gentle decay,
// calm enough to hear fifty times an hour.
std::vector<std::int16_t> ChimeSamples();

class Chime {
public:
    virtual ~Chime() = default;
    // Starts the chime and returns at once.
    virtual void Play() = 0;
};

// Writes each chime to `path` as a WAV file (tests and machines without sound).
class WavFileChime final : public Chime {
public:
    explicit WavFileChime(std::filesystem::path path) : path_(std::move(path)) {}
    void Play() override;
    int plays() const { return plays_; }

private:
    std::filesystem::path path_;
    int plays_ = 0;
};

// Plays through ALSA's default device on a detached thread; silent when no device exists.
class AlsaChime final : public Chime {
public:
    void Play() override;
};

// Writes samples as a 16-bit mono PCM WAV file.
Status WriteWav(const std::filesystem::path& path, const std::vector<std::int16_t>& samples, int sample_rate);

// ALSA when the machine has a sound device, otherwise (or with a path) a WAV file.
std::unique_ptr<Chime> MakeChime(const std::filesystem::path& wav_path_or_empty);

}  // namespace anl::app
