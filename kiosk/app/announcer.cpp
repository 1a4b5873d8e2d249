#include "kiosk/app/announcer.h"

#include <algorithm>
#include <system_error>

namespace anl::app {
namespace fs = std::filesystem;

namespace {
constexpr int kAfterChimeMs = 400;   // the chime rings out before the first word
constexpr int kBetweenLanguagesMs = 700;
}  // namespace

AnnouncementPlan PlanAnnouncement(const CallToAnnounce& call, const catalogue::Announcements& settings,
                                  const messages::Messages& messages, const voice::PromptPacks& packs) {
    AnnouncementPlan plan;
    plan.display = call.display;
    plan.counter = call.counter;
    plan.volume = settings.volume;
    for (const std::string& entry : settings.languages) {
        const std::string lang = entry == catalogue::Announcements::kVisitor ? call.visitor_lang : entry;
        if (lang.empty()) continue;
        const bool spoken = std::any_of(plan.parts.begin(), plan.parts.end(), [&](const SpokenPart& p) { return p.lang == lang; });
        if (spoken) continue;
        const voice::Source source = voice::SourceFor(packs, lang);
        if (source == voice::Source::kNone) continue;  // no voice and no pack: not spoken, not faked
        std::string sentence;
        if (source == voice::Source::kEspeak) {
            if (messages.FindLanguage(lang) == nullptr) continue;  // no words to speak in it
            sentence = messages.Format(lang, "board.announcement",
                                       messages::Args()
                                           .Code("ticket", voice::SpellTicket(call.display))
                                           .Code("counter", std::to_string(call.counter)));
        }
        plan.parts.push_back({lang, std::move(sentence)});
    }
    return plan;
}

voice::Samples ComposeAnnouncement(const AnnouncementPlan& plan, const voice::PromptPacks& packs) {
    voice::Samples out = ChimeSamples();
    static_assert(kChimeSampleRate == voice::kSampleRate, "the chime and speech share one rate");
    bool first = true;
    for (const SpokenPart& part : plan.parts) {
        auto said = voice::SayCall(packs, part.lang, plan.display, plan.counter, part.sentence);
        if (!said) continue;
        const voice::Samples pause = voice::Silence(first ? kAfterChimeMs : kBetweenLanguagesMs);
        out.insert(out.end(), pause.begin(), pause.end());
        out.insert(out.end(), said->begin(), said->end());
        first = false;
    }
    voice::ApplyVolume(out, plan.volume);
    return out;
}

ChimeSink WavDirSink(fs::path dir) {
    return [dir = std::move(dir)](std::uint64_t number, const std::vector<std::int16_t>& samples) {
        char name[64];
        std::snprintf(name, sizeof name, "announcement-%04llu.wav", static_cast<unsigned long long>(number));
        const fs::path path = dir / name;
        fs::path part = path;
        part += ".part";
        if (!voice::WriteWav(part, samples)) return;
        std::error_code ec;
        fs::rename(part, path, ec);
    };
}

Result<ChimeSink> AudioSink(const std::string& spec, const std::string& chime_wav) {
    if (spec.empty() || spec == "alsa") return chime_wav.empty() ? AlsaSink() : WavSink(chime_wav);
    if (spec.rfind("wav:", 0) == 0 && spec.size() > 4) {
        const fs::path dir = spec.substr(4);
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec || !fs::is_directory(dir)) {
            return MakeError(ErrorCode::kStorage, "The folder " + dir.string() + " for --audio cannot be made.");
        }
        return WavDirSink(dir);
    }
    return MakeError(ErrorCode::kInvalidInput, "--audio takes alsa or wav:DIR, not \"" + spec + "\".");
}

Announcer::Announcer(ChimeSink sink, voice::PromptPacks packs)
    : sink_(std::move(sink)), packs_(std::move(packs)), worker_([this] { Work(); }) {}

Announcer::~Announcer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
    }
    wake_.notify_one();
    worker_.join();
}

void Announcer::Announce(const CallToAnnounce& call, const catalogue::Announcements& settings,
                         const messages::Messages& messages) {
    AnnouncementPlan plan = PlanAnnouncement(call, settings, messages, packs_);
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(plan));
    }
    wake_.notify_one();
}

void Announcer::Work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        AnnouncementPlan plan = std::move(queue_.front());
        queue_.pop_front();
        const std::uint64_t number = ++played_;
        lock.unlock();
        // Outside the lock: Announce never waits for synthesis or the sound card, and the
        // sink returns only when the whole announcement has sounded, so none is cut off.
        sink_(number, ComposeAnnouncement(plan, packs_));
        lock.lock();
    }
}

}  // namespace anl::app
