// voice: speech for the call display and the kiosk (docs/VOICE.md).
// Owns: the one espeak-ng synthesiser, the table of which languages have an espeak-ng voice,
// recorded prompt packs (WAV clips per language, used before espeak-ng), reading and
// writing WAV files, and how a call announcement is put together ("A-042, counter 3").
// Must never: play sound (the app's audio seam plays what this returns), read the message
// catalogues (callers pass the sentence to speak), touch the store, or run on the UI thread
// (synthesis takes tens of milliseconds per sentence; callers use a worker).
//
// Index: 1. samples and WAV files  2. espeak-ng  3. prompt packs  4. announcements
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/base/base.h"

namespace anl::voice {

// ---------------------------------------------------------------------------------------
// 1. Samples and WAV files
// ---------------------------------------------------------------------------------------

// espeak-ng's rate and the chime's: everything this module returns is 16-bit mono at it,
// and a prompt pack's clips must be recorded (or converted) to it.
constexpr int kSampleRate = 22050;
using Samples = std::vector<std::int16_t>;

// Writes 16-bit mono PCM at kSampleRate.
Status WriteWav(const std::filesystem::path& path, const Samples& samples);
// Reads a WAV file that is 16-bit mono PCM at kSampleRate; anything else is an error naming
// the file and what it is instead ("44100 Hz", "2 channels", "not a WAV file").
Result<Samples> ReadWav(const std::filesystem::path& path);
// `ms` milliseconds of silence.
Samples Silence(int ms);
// The largest absolute sample: 0 for silence.
int Peak(const Samples& samples);
// Scales every sample by `percent` (0..100).
void ApplyVolume(Samples& samples, int percent);

// ---------------------------------------------------------------------------------------
// 2. espeak-ng
// ---------------------------------------------------------------------------------------
// espeak-ng keeps its state in globals and is not thread-safe: every call into it (in
// espeak.cpp) holds one process-wide mutex, so any thread may call these, one at a time.

// Words per minute for visitors: calmer than espeak-ng's 175.
constexpr int kCalmRate = 140;

// The espeak-ng voice the table names for a language code ("kmr" -> "ku", "fa-AF" -> "fa"),
// or the code itself for a language the table maps one to one. Whether espeak-ng really has
// it is EspeakHas()'s question.
std::string EspeakVoiceName(std::string_view lang);
// True when the installed espeak-ng loads the voice for `lang` (asked of the library, not
// assumed): false for Pashto, Tigrinya, Somali and Sorani with espeak-ng 1.51.
bool EspeakHas(std::string_view lang);
// The espeak-ng version the library reports ("1.51").
std::string EspeakVersion();
// Speaks UTF-8 `text` in `lang` into samples at kSampleRate. An error when espeak-ng has no
// voice for `lang` or cannot start (its data missing).
Result<Samples> Synthesize(std::string_view lang, std::string_view text, int words_per_minute = kCalmRate);

// ---------------------------------------------------------------------------------------
// 3. Prompt packs
// ---------------------------------------------------------------------------------------
// A pack is a folder of clips for one language, recorded by a site's interpreters:
//   PACKS/<lang>/digit-0.wav ... digit-9.wav   the digits as said in a ticket number
//   PACKS/<lang>/letter-a.wav ... letter-z.wav  the letters of the ticket prefixes
//   PACKS/<lang>/please-come-to.wav             "please come to"
//   PACKS/<lang>/counter.wav                    "counter"
//   PACKS/<lang>/phrase/<catalogue key>.wav     optional: a kiosk text, read instead of espeak-ng
//   PACKS/<lang>/announcement.txt               optional: the call's word order, one line of
//                                               {ticket}, {counter} and clip names
// Every clip: WAV, 16-bit mono PCM, 22050 Hz. The call "A-042, counter 3" is said by default
// ("{ticket} please-come-to counter {counter}") as letter-a digit-0 digit-4 digit-2, a pause,
// please-come-to, counter, digit-3; a Turkish pack may say "{ticket} {counter} counter please-come-to".

// The clips every pack must hold, without ".wav", in the order the check reports them.
std::vector<std::string> RequiredClips();

// Every problem with the pack in `dir`, each one sentence naming the file; empty when good.
// An error (not a list) when `dir` is not a readable folder.
Result<std::vector<std::string>> CheckPack(const std::filesystem::path& dir);

class PromptPack {
public:
    // Loads and checks every clip; an error gives the first problem and how many more.
    static Result<PromptPack> Load(const std::filesystem::path& dir);
    // A required clip or a phrase ("phrase/kiosk.language.title"); nullptr when absent.
    const Samples* Clip(const std::string& name) const;
    // The call's word order (announcement.txt), e.g. {"{ticket}", "please-come-to", "counter", "{counter}"}.
    const std::vector<std::string>& Order() const { return order_; }

private:
    std::map<std::string, Samples> clips_;
    std::vector<std::string> order_;
};

// The packs under one folder, one subfolder per language code. A language whose pack does
// not load is left out (Problems() says why), so a broken recording never silences the rest.
class PromptPacks {
public:
    PromptPacks() = default;
    static PromptPacks Load(const std::filesystem::path& root);
    const PromptPack* Find(std::string_view lang) const;
    const std::vector<std::string>& Problems() const { return problems_; }

private:
    std::map<std::string, PromptPack, std::less<>> packs_;
    std::vector<std::string> problems_;
};

// How a language is spoken: a recorded pack first, else espeak-ng, else not at all.
enum class Source { kPack, kEspeak, kNone };
Source SourceFor(const PromptPacks& packs, std::string_view lang);

// ---------------------------------------------------------------------------------------
// 4. Announcements
// ---------------------------------------------------------------------------------------

// A ticket number as staff say it, one letter or digit at a time, comma-separated for
// espeak-ng to pause between them: "A-042" -> "A, 0, 4, 2". Other characters are dropped.
std::string SpellTicket(std::string_view display);

// The call in one language. With a pack: its clips. Otherwise espeak-ng speaks `sentence`
// (the catalogue's "board.announce" with the spelled ticket and the counter filled in).
// An error when the language has neither.
Result<Samples> SayCall(const PromptPacks& packs, std::string_view lang, std::string_view display, int counter,
                        std::string_view sentence);

}  // namespace anl::voice
