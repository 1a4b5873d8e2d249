#include "kiosk/app/read_aloud.h"

#include <algorithm>

namespace anl::app {

namespace {
constexpr size_t kChunk = voice::kSampleRate / 4;  // a touch stops speech within a quarter second
}

bool ReadAloudAvailable(const voice::PromptPacks& packs, std::string_view lang) {
    return voice::SourceFor(packs, lang) == voice::Source::kEspeak;  // packs hold calls, not screens (yet)
}

ReadAloud::ReadAloud(ChimeSink sink) : sink_(std::move(sink)), worker_([this] { Work(); }) {}

ReadAloud::~ReadAloud() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        ++generation_;
    }
    wake_.notify_one();
    worker_.join();
}

void ReadAloud::Read(std::string lang, std::vector<std::string> texts) {
    {
        std::lock_guard lock(mutex_);
        lang_ = std::move(lang);
        texts_ = std::move(texts);
        ++generation_;
    }
    wake_.notify_one();
}

void ReadAloud::Stop() {
    {
        std::lock_guard lock(mutex_);
        texts_.clear();
        ++generation_;
    }
    wake_.notify_one();
}

void ReadAloud::Work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !texts_.empty(); });
        if (stopping_) return;
        const std::uint64_t generation = generation_;
        const std::string lang = lang_;
        const std::string text = texts_.front();
        texts_.erase(texts_.begin());
        lock.unlock();
        auto samples = voice::Synthesize(lang, text);
        lock.lock();
        if (!samples) continue;
        for (size_t at = 0; at < samples->size() && generation == generation_ && !stopping_; at += kChunk) {
            const std::uint64_t number = ++chunks_;
            lock.unlock();
            sink_(number, std::vector<std::int16_t>(samples->begin() + at,
                                                    samples->begin() + std::min(samples->size(), at + kChunk)));
            lock.lock();
        }
    }
}

}  // namespace anl::app
