// The one espeak-ng synthesiser (voice.h, section 2).
//
// espeak-ng keeps its whole state (voice, parameters, the callback) in globals and is not
// thread-safe, so this file is the only one that calls it and every call holds Lock(). It is
// initialised once, on first use, in synchronous mode: espeak_Synth returns when the whole
// text has passed through the callback, which appends to the buffer of the call in progress.
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <mutex>

#include "kiosk/voice/voice.h"

namespace anl::voice {
namespace {

// The table: language codes of our catalogues whose espeak-ng voice has another name.
// Every other code is asked for under its own name. The answer is always the library's.
struct VoiceName {
    std::string_view lang;
    std::string_view espeak;
};
constexpr VoiceName kVoiceNames[] = {
    {"fa-AF", "fa"},  // Dari: espeak-ng has no Dari; its Persian voice reads Dari text
                      // understandably (same script, close pronunciation); docs/VOICE.md
    {"kmr", "ku"},    // espeak-ng's "Kurdish" is Kurmanji in Latin script
};

std::mutex& Lock() {
    static std::mutex mutex;
    return mutex;
}

// Holds Lock(). Returns espeak-ng's sample rate, or 0 when it could not start.
int Initialised() {
    static const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    return rate > 0 ? rate : 0;
}

int Collect(short* wav, int count, espeak_EVENT* events) {
    if (wav != nullptr && count > 0 && events != nullptr && events->user_data != nullptr) {
        auto* out = static_cast<Samples*>(events->user_data);
        out->insert(out->end(), wav, wav + count);
    }
    return 0;  // go on
}

// Holds Lock(). True when espeak-ng loaded the voice for `lang`.
bool SelectVoice(std::string_view lang) {
    const std::string name = EspeakVoiceName(lang);
    return espeak_SetVoiceByName(name.c_str()) == EE_OK;
}

}  // namespace

std::string EspeakVoiceName(std::string_view lang) {
    for (const auto& v : kVoiceNames) {
        if (v.lang == lang) return std::string(v.espeak);
    }
    return std::string(lang);
}

bool EspeakHas(std::string_view lang) {
    if (lang.empty()) return false;
    std::lock_guard lock(Lock());
    return Initialised() != 0 && SelectVoice(lang);
}

std::string EspeakVersion() {
    std::lock_guard lock(Lock());
    const char* path = nullptr;
    const char* version = espeak_Info(&path);
    return version != nullptr ? version : "";
}

Result<Samples> Synthesize(std::string_view lang, std::string_view text, int words_per_minute) {
    std::lock_guard lock(Lock());
    const int rate = Initialised();
    if (rate == 0) {
        return MakeError(ErrorCode::kNotFound, "espeak-ng could not start: its voice data (espeak-ng-data) is missing.");
    }
    ANL_ASSERT(rate == kSampleRate && "espeak-ng speaks at 22050 Hz; the audio seam and the packs assume it");
    if (lang.empty() || !SelectVoice(lang)) {
        return MakeError(ErrorCode::kNotFound, "espeak-ng has no voice for the language \"" + std::string(lang) + "\".");
    }
    espeak_SetParameter(espeakRATE, std::clamp(words_per_minute, espeakRATE_MINIMUM, espeakRATE_MAXIMUM), 0);
    espeak_SetSynthCallback(Collect);
    Samples samples;
    const std::string copy(text);  // espeak_Synth wants a terminated string
    const espeak_ERROR err = espeak_Synth(copy.c_str(), copy.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr,
                                          &samples);
    espeak_Synchronize();
    if (err != EE_OK) return MakeError(ErrorCode::kInternal, "espeak-ng could not speak the text.");
    return samples;
}

}  // namespace anl::voice
