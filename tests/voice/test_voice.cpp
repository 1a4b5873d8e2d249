// kiosk/voice: espeak-ng synthesis, which languages have a voice, WAV files, prompt packs
// and the call as clips.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

#include "i18n/messages/messages.h"
#include "kiosk/voice/voice.h"

using namespace anl::voice;
namespace fs = std::filesystem;

namespace {

// A fresh folder for one test, removed at the end.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / ("anl-voice-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

// A tone clip of `ms` milliseconds: stands in for a recording.
Samples Tone(int ms, int level = 8000) {
    Samples s(size_t(ms) * kSampleRate / 1000);
    for (size_t i = 0; i < s.size(); ++i) s[i] = std::int16_t(i % 50 < 25 ? level : -level);
    return s;
}

// A complete pack where clip i is a tone of (100 + i) ms, so a call's length tells which
// clips it used.
void WritePack(const fs::path& dir) {
    fs::create_directories(dir);
    int i = 0;
    for (const auto& name : RequiredClips()) REQUIRE(WriteWav(dir / (name + ".wav"), Tone(100 + i++)));
}

size_t ClipLength(const std::string& name) {
    const auto names = RequiredClips();
    const auto at = std::find(names.begin(), names.end(), name) - names.begin();
    return size_t(100 + at) * kSampleRate / 1000;
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace

TEST_CASE("espeak-ng speaks German, Arabic and English: non-silent audio of plausible length", "[voice]") {
    for (const char* lang : {"de", "ar", "en", "uk"}) {
        INFO(lang);
        REQUIRE(EspeakHas(lang));
        auto samples = Synthesize(lang, lang == std::string("ar") ? "الرقم ألف صفر أربعة اثنان، الشباك ثلاثة" :
                                        "A, 0, 4, 2, counter 3");
        REQUIRE(samples);
        // A sentence of about eight words at a calm rate: more than a second, less than ten.
        CHECK(samples->size() > size_t(kSampleRate));
        CHECK(samples->size() < size_t(10 * kSampleRate));
        CHECK(Peak(*samples) > 1000);
    }
}

TEST_CASE("Pashto, Tigrinya, Somali and Sorani have no espeak-ng voice, and saying so is an error, not silence",
          "[voice]") {
    for (const char* lang : {"ps", "ti", "so", "ckb"}) {
        INFO(lang);
        CHECK_FALSE(EspeakHas(lang));
        auto samples = Synthesize(lang, "1");
        REQUIRE_FALSE(samples);
        CHECK(samples.error().message.find(lang) != std::string::npos);
    }
    // Dari and Kurmanji through the table's names, checked with the library.
    CHECK(EspeakVoiceName("fa-AF") == "fa");
    CHECK(EspeakVoiceName("kmr") == "ku");
    CHECK(EspeakHas("fa-AF"));
    CHECK(EspeakHas("kmr"));
}

TEST_CASE("A ticket number is spelled letter by letter and digit by digit", "[voice]") {
    CHECK(SpellTicket("A-042") == "A, 0, 4, 2");
    CHECK(SpellTicket("s-7") == "S, 7");
    CHECK(SpellTicket("") == "");
}

TEST_CASE("A WAV file reads back as written, and other formats are named", "[voice]") {
    TempDir dir("wav");
    const Samples tone = Tone(200);
    REQUIRE(WriteWav(dir.path / "a.wav", tone));
    auto back = ReadWav(dir.path / "a.wav");
    REQUIRE(back);
    CHECK(*back == tone);

    // The same file at 44100 Hz, in stereo, and cut off.
    std::ifstream in(dir.path / "a.wav", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::string fast = bytes;
    fast[24] = char(0x44); fast[25] = char(0xac); fast[26] = 0; fast[27] = 0;  // 44100
    WriteBytes(dir.path / "fast.wav", fast);
    auto r = ReadWav(dir.path / "fast.wav");
    REQUIRE_FALSE(r);
    CHECK(r.error().message == (dir.path / "fast.wav").string() + " is recorded at 44100 Hz; clips must be 22050 Hz (16-bit mono).");
    std::string stereo = bytes;
    stereo[22] = 2;
    WriteBytes(dir.path / "stereo.wav", stereo);
    r = ReadWav(dir.path / "stereo.wav");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("2 channels") != std::string::npos);
    WriteBytes(dir.path / "cut.wav", bytes.substr(0, bytes.size() / 2));
    r = ReadWav(dir.path / "cut.wav");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("cut off") != std::string::npos);
    WriteBytes(dir.path / "text.wav", "hello, this is no sound");
    r = ReadWav(dir.path / "text.wav");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("not a WAV file") != std::string::npos);
}

TEST_CASE("The pack check passes a complete pack and names each missing, wrong or unreadable clip", "[voice][pack]") {
    TempDir dir("pack");
    const fs::path pack = dir.path / "ps";
    WritePack(pack);
    fs::create_directories(pack / "phrase");
    REQUIRE(WriteWav(pack / "phrase" / "kiosk.language.title.wav", Tone(300)));
    auto good = CheckPack(pack);
    REQUIRE(good);
    CHECK(good->empty());
    REQUIRE(PromptPack::Load(pack));
    CHECK(PromptPack::Load(pack)->Clip("phrase/kiosk.language.title") != nullptr);

    fs::remove(pack / "digit-7.wav");
    WriteBytes(pack / "counter.wav", "not a wav");
    REQUIRE(WriteWav(pack / "letter-q.wav", Samples(2000, 0)));
    WriteBytes(pack / "phrase" / "Bad Name.wav", "x");
    auto bad = CheckPack(pack);
    REQUIRE(bad);
    REQUIRE(bad->size() == 4);
    CHECK((*bad)[0] == (pack / "digit-7.wav").string() + " is missing (the pack needs a clip \"digit-7\").");
    CHECK((*bad)[1] == (pack / "letter-q.wav").string() + " is silent.");
    CHECK((*bad)[2] == (pack / "counter.wav").string() + " is not a WAV file (no RIFF/WAVE header).");
    CHECK((*bad)[3].find("Bad Name.wav is not a phrase clip") != std::string::npos);
    auto load = PromptPack::Load(pack);
    REQUIRE_FALSE(load);
    CHECK(load.error().message.find("(and 3 more problems)") != std::string::npos);

    auto none = CheckPack(dir.path / "nothing");
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("is not a folder") != std::string::npos);
}

TEST_CASE("A language with a pack is spoken from its clips, in the order staff say a call", "[voice][pack]") {
    TempDir dir("packs");
    WritePack(dir.path / "ps");
    fs::create_directories(dir.path / "ti");  // an empty folder: a broken pack, left out
    const PromptPacks packs = PromptPacks::Load(dir.path);
    CHECK(SourceFor(packs, "ps") == Source::kPack);
    CHECK(SourceFor(packs, "ti") == Source::kNone);
    CHECK(SourceFor(packs, "de") == Source::kEspeak);
    REQUIRE(packs.Problems().size() == 1);
    CHECK(packs.Problems()[0].find("digit-0.wav is missing") != std::string::npos);

    auto call = SayCall(packs, "ps", "A-042", 3, "");
    REQUIRE(call);
    // letter-a, digit-0, digit-4, digit-2, a pause, please-come-to, counter, digit-3; a gap
    // after each clip.
    size_t expected = Silence(350).size();
    for (const char* clip : {"letter-a", "digit-0", "digit-4", "digit-2", "please-come-to", "counter", "digit-3"}) {
        expected += ClipLength(clip) + Silence(120).size();
    }
    CHECK(call->size() == expected);
    // The clip after the first gap is digit-0 (100 ms + 26 letters later is letter-a).
    const size_t second = ClipLength("letter-a") + Silence(120).size();
    CHECK((*call)[second] != 0);
    CHECK((*call)[second + ClipLength("digit-0")] == 0);  // digit-0 ended: the gap

    auto none = SayCall(packs, "ti", "A-042", 3, "A, 0, 4, 2");
    REQUIRE_FALSE(none);
}

TEST_CASE("The catalogues' voice hints (meta.toml voice) agree with the voice table and the library", "[voice]") {
    const auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir());
    REQUIRE(messages);
    for (const auto& info : messages->Languages()) {
        INFO(info.code);
        if (info.voice.empty()) {
            CHECK_FALSE(EspeakHas(info.code));  // "none yet" must be true of the library
        } else {
            CHECK(EspeakVoiceName(info.code) == info.voice);
            CHECK(EspeakHas(info.code));
        }
    }
}

TEST_CASE("A pack's announcement.txt sets the call's word order, and a wrong one is named", "[voice][pack]") {
    TempDir dir("order");
    WritePack(dir.path / "tr");
    // Turkish: "A-042, 3 numaralı gişeye lütfen gidin": the counter before the words.
    WriteBytes(dir.path / "tr" / "announcement.txt", "{ticket} {counter} counter please-come-to\n");
    const PromptPacks packs = PromptPacks::Load(dir.path);
    REQUIRE(packs.Problems().empty());
    auto call = SayCall(packs, "tr", "A-042", 3, "");
    REQUIRE(call);
    const size_t gap = Silence(120).size();
    size_t at = Silence(350).size();
    for (const char* clip : {"letter-a", "digit-0", "digit-4", "digit-2"}) at += ClipLength(clip) + gap;
    // After the number and its pause: digit-3 first, then "counter", then "please come to".
    const size_t digit3 = ClipLength("digit-3");
    CHECK((*call)[at + digit3 - 1] != 0);
    CHECK((*call)[at + digit3] == 0);
    at += digit3 + gap;
    CHECK((*call)[at + ClipLength("counter") - 1] != 0);
    CHECK((*call)[at + ClipLength("counter")] == 0);
    CHECK(call->size() == at + ClipLength("counter") + gap + ClipLength("please-come-to") + gap);

    WriteBytes(dir.path / "tr" / "announcement.txt", "{ticket} gişe\n");
    auto bad = CheckPack(dir.path / "tr");
    REQUIRE(bad);
    REQUIRE(bad->size() == 2);
    CHECK((*bad)[0] == (dir.path / "tr" / "announcement.txt").string() +
                           " names \"gişe\", which is neither {ticket}, {counter} nor a clip of the pack.");
    CHECK((*bad)[1] == (dir.path / "tr" / "announcement.txt").string() + " must name {ticket} and {counter} once each.");
}
