// anlaufstelle-ctl voices: which languages are spoken, and how (docs/VOICE.md).
//   voices [--packs DIR]                       one line per enabled language: its code, then
//                                              "espeak-ng VOICE", "recorded prompts DIR" or "none"
//   voices say --lang CODE --text TEXT --out FILE.wav    espeak-ng speaks TEXT into a WAV file
//   voices check DIR                           every problem of the prompt pack in DIR (exit 1)
//   voices make-pack --lang CODE --out DIR     a prompt pack spoken by espeak-ng (the example)
// --packs defaults to <data dir>/voice, where a site drops its recorded packs.
#include <iostream>
#include <string>

#include "i18n/messages/messages.h"
#include "kiosk/ctl/ctl.h"
#include "kiosk/voice/voice.h"

namespace {

namespace fs = std::filesystem;
namespace voice = anl::voice;

struct VoicesOptions {
    std::string packs;
    std::string lang;
    std::string text;
    std::string out;
    std::string dir;
};

fs::path PacksDir(const VoicesOptions& o) { return o.packs.empty() ? anl::DataPath("voice") : fs::path(o.packs); }

// Cuts spaces and punctuation a clip must not say from both ends.
std::string Trim(std::string s) {
    const std::string_view cut = " \t.,:;";
    while (!s.empty() && cut.find(s.back()) != std::string_view::npos) s.pop_back();
    size_t start = 0;
    while (start < s.size() && cut.find(s[start]) != std::string_view::npos) ++start;
    return s.substr(start);
}

void Table(anl::ctl::Context& ctx, const VoicesOptions& o) {
    auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir());
    if (!messages) return (void)anl::ctl::Fail(ctx, messages.error());
    const fs::path dir = PacksDir(o);
    const voice::PromptPacks packs = voice::PromptPacks::Load(dir);
    for (const std::string& problem : packs.Problems()) {
        std::cerr << "anlaufstelle-ctl: a prompt pack is left out: " << anl::ctl::Shown(problem) << "\n";
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& info : messages->Languages()) {
        if (!info.enabled) continue;
        const voice::Source source = voice::SourceFor(packs, info.code);
        std::string how, detail;
        switch (source) {
            case voice::Source::kPack: how = "recorded prompts"; detail = (dir / info.code).string(); break;
            case voice::Source::kEspeak: how = "espeak-ng"; detail = voice::EspeakVoiceName(info.code); break;
            case voice::Source::kNone: how = "none"; break;
        }
        if (ctx.json) {
            rows.push_back({{"lang", info.code}, {"source", how}, {"detail", detail}});
        } else {
            std::cout << info.code << std::string(info.code.size() < 6 ? 6 - info.code.size() : 1, ' ') << how
                      << (detail.empty() ? "" : " " + anl::ctl::Shown(detail)) << "\n";
        }
    }
    if (ctx.json) anl::ctl::PrintJson(rows);
}

void Say(anl::ctl::Context& ctx, const VoicesOptions& o) {
    auto samples = voice::Synthesize(o.lang, o.text);
    if (!samples) return (void)anl::ctl::Fail(ctx, samples.error());
    if (auto written = voice::WriteWav(o.out, *samples); !written) return (void)anl::ctl::Fail(ctx, written.error());
    const double seconds = double(samples->size()) / voice::kSampleRate;
    if (ctx.json) {
        anl::ctl::PrintJson({{"out", o.out}, {"seconds", seconds}, {"voice", voice::EspeakVoiceName(o.lang)}});
    } else {
        std::printf("%s: %.1f s, espeak-ng %s\n", anl::ctl::Shown(o.out).c_str(), seconds,
                    voice::EspeakVoiceName(o.lang).c_str());
    }
}

void Check(anl::ctl::Context& ctx, const VoicesOptions& o) {
    auto problems = voice::CheckPack(o.dir);
    if (!problems) return (void)anl::ctl::Fail(ctx, problems.error());
    if (ctx.json) anl::ctl::PrintJson({{"pack", o.dir}, {"problems", *problems}});
    if (problems->empty()) {
        if (!ctx.json) std::cout << anl::ctl::Shown(o.dir) << ": ok\n";
        return;
    }
    if (!ctx.json) {
        for (const std::string& p : *problems) std::cerr << anl::ctl::Shown(p) << "\n";
    }
    anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInvalidInput,
                                       "The pack " + o.dir + " has " + std::to_string(problems->size()) +
                                           (problems->size() == 1 ? " problem." : " problems.")));
}

// Every required clip spoken by espeak-ng: digits and letters one by one, "please come to"
// and "counter" from the language's catalogue.
void MakePack(anl::ctl::Context& ctx, const VoicesOptions& o) {
    auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir());
    if (!messages) return (void)anl::ctl::Fail(ctx, messages.error());
    if (messages->FindLanguage(o.lang) == nullptr) {
        return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kNotFound,
                                                        "There is no catalogue for the language \"" + o.lang + "\"."));
    }
    if (!voice::EspeakHas(o.lang)) {
        return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kNotFound,
                                                        "espeak-ng has no voice for \"" + o.lang +
                                                            "\": such a pack must be recorded (docs/VOICE.md)."));
    }
    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) {
        return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kStorage,
                                                        "The folder " + o.out + " cannot be made: " + ec.message() + "."));
    }
    for (const std::string& clip : voice::RequiredClips()) {
        std::string text;
        if (clip.rfind("digit-", 0) == 0) {
            text = clip.substr(6);
        } else if (clip.rfind("letter-", 0) == 0) {
            text = std::string(1, char(clip[7] & ~0x20));  // the capital: espeak-ng says its name
        } else if (clip == "please-come-to") {
            text = std::string(messages->Text(o.lang, "board.please_come_to"));
        } else {
            text = Trim(messages->Format(o.lang, "board.counter", anl::messages::Args().Str("counter", "")));
        }
        auto samples = voice::Synthesize(o.lang, text);
        if (!samples) return (void)anl::ctl::Fail(ctx, samples.error());
        if (auto written = voice::WriteWav(fs::path(o.out) / (clip + ".wav"), *samples); !written) {
            return (void)anl::ctl::Fail(ctx, written.error());
        }
    }
    if (ctx.json) {
        anl::ctl::PrintJson({{"pack", o.out}, {"clips", voice::RequiredClips().size()}});
    } else {
        std::cout << anl::ctl::Shown(o.out) << ": " << voice::RequiredClips().size() << " clips, espeak-ng "
                  << voice::EspeakVoiceName(o.lang) << "\n";
    }
}

}  // namespace

ANL_CTL_COMMANDS(Voices) {
    auto o = std::make_shared<VoicesOptions>();
    auto* voices = app.add_subcommand("voices", "Which languages are spoken (espeak-ng, recorded prompts or none); "
                                                "hear a voice; check a prompt pack");
    voices->add_option("--packs", o->packs, "The prompt packs folder (default: <data dir>/voice)");
    voices->callback([&ctx, o, voices] {
        if (voices->get_subcommands().empty()) Table(ctx, *o);
    });

    auto* say = voices->add_subcommand("say", "Speak a text with espeak-ng into a WAV file");
    say->add_option("--lang", o->lang, "Language code (de, ar, uk ...)")->required();
    say->add_option("--text", o->text, "The text to speak")->required();
    say->add_option("--out", o->out, "The WAV file to write")->required();
    say->callback([&ctx, o] {
        if (auto ok = anl::ctl::CheckText(o->text, anl::TextShape::kMultiLine, 4000, "The text"); !ok) {
            return (void)anl::ctl::Fail(ctx, ok.error());
        }
        Say(ctx, *o);
    });

    auto* check = voices->add_subcommand("check", "Check a recorded prompt pack: every missing, wrong or unreadable clip");
    check->add_option("dir", o->dir, "The pack's folder, e.g. voice/ps")->required();
    check->callback([&ctx, o] { Check(ctx, *o); });

    auto* make = voices->add_subcommand("make-pack", "Make a prompt pack spoken by espeak-ng (the example pack)");
    make->add_option("--lang", o->lang, "Language code with an espeak-ng voice")->required();
    make->add_option("--out", o->out, "The pack's folder to write")->required();
    make->callback([&ctx, o] { MakePack(ctx, *o); });
}
