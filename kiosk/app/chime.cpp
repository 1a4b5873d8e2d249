#include "kiosk/app/chime.h"
#include "kiosk/voice/voice.h"

#include <alsa/asoundlib.h>

#include <cmath>
#include <fstream>

namespace anl::app {

std::vector<std::int16_t> ChimeSamples() {
    const double kTones[] = {659.25, 523.25};  // E5, C5: the familiar "ding-dong"
    const double kToneSeconds = 0.55;
    const int per_tone = int(kToneSeconds * kChimeSampleRate);
    std::vector<std::int16_t> samples;
    samples.reserve(size_t(per_tone) * 2);
    for (double freq : kTones) {
        for (int i = 0; i < per_tone; ++i) {
            const double t = double(i) / kChimeSampleRate;
            const double attack = std::min(1.0, t / 0.01);  // no click at the start
            const double envelope = attack * std::exp(-4.0 * t);
            // A bell is its tone plus a quieter octave.
            const double wave = std::sin(2 * M_PI * freq * t) + 0.3 * std::sin(4 * M_PI * freq * t);
            samples.push_back(std::int16_t(0.35 * 32767 * envelope * wave / 1.3));
        }
    }
    return samples;
}

// One WAV writer for every sound of the terminal (kiosk/voice).
static_assert(kChimeSampleRate == voice::kSampleRate, "the chime and the voices share one sample rate");

ChimeSink WavSink(std::filesystem::path path) {
    return [path = std::move(path)](std::uint64_t, const std::vector<std::int16_t>& samples) {
        (void)voice::WriteWav(path, samples);
    };
}

ChimeSink AlsaSink() {
    return [](std::uint64_t, const std::vector<std::int16_t>& samples) {
        snd_pcm_t* pcm = nullptr;
        if (snd_pcm_open(&pcm, "default", SND_PCM_STREAM_PLAYBACK, 0) < 0) return;  // no sound device
        if (snd_pcm_set_params(pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, kChimeSampleRate, 1,
                               200000) == 0) {
            snd_pcm_sframes_t written = snd_pcm_writei(pcm, samples.data(), samples.size());
            if (written < 0) snd_pcm_recover(pcm, int(written), 1);
            snd_pcm_drain(pcm);
        }
        snd_pcm_close(pcm);
    };
}

Chime::Chime(ChimeSink sink) : sink_(std::move(sink)), samples_(ChimeSamples()), worker_([this] { Work(); }) {}

Chime::~Chime() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    wake_.notify_one();
    worker_.join();
}

void Chime::Play() {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(++calls_);
    }
    wake_.notify_one();
}

void Chime::Work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        const std::uint64_t number = queue_.front();
        queue_.pop_front();
        lock.unlock();
        sink_(number, samples_);  // outside the lock: Play never waits for the sound card
        lock.lock();
    }
}

std::unique_ptr<Chime> MakeChime(const std::filesystem::path& wav_path_or_empty) {
    return std::make_unique<Chime>(wav_path_or_empty.empty() ? AlsaSink() : WavSink(wav_path_or_empty));
}

}  // namespace anl::app
