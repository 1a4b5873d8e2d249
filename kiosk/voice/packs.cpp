// Recorded prompt packs (voice.h, section 3) and the call announcement (section 4).
#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "kiosk/voice/voice.h"

namespace anl::voice {
namespace fs = std::filesystem;

namespace {

// Phrase clips are named after catalogue keys: a-z, 0-9, '.', '-', '_'.
bool IsPhraseName(const std::string& stem) {
    if (stem.empty() || stem.size() > 120) return false;
    return std::all_of(stem.begin(), stem.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    });
}

// Every clip of the pack in `dir` by name ("digit-0", "phrase/kiosk.language.title"), and
// every problem found on the way, in a stable order.
struct Scan {
    std::map<std::string, Samples> clips;
    std::vector<std::string> order = {"{ticket}", "please-come-to", "counter", "{counter}"};
    std::vector<std::string> problems;
};

Scan ScanPack(const fs::path& dir) {
    Scan scan;
    for (const std::string& name : RequiredClips()) {
        const fs::path file = dir / (name + ".wav");
        std::error_code ec;
        if (!fs::exists(file, ec)) {
            scan.problems.push_back(file.string() + " is missing (the pack needs a clip \"" + name + "\").");
            continue;
        }
        auto samples = ReadWav(file);
        if (!samples) {
            scan.problems.push_back(samples.error().message);
        } else if (Peak(*samples) == 0) {
            scan.problems.push_back(file.string() + " is silent.");
        } else {
            scan.clips.emplace(name, std::move(samples).value());
        }
    }
    std::error_code ec;
    const fs::path order = dir / "announcement.txt";
    if (fs::exists(order, ec)) {
        std::ifstream in(order);
        std::string line, token;
        std::getline(in, line);
        std::istringstream words(line);
        std::vector<std::string> tokens;
        while (words >> token) tokens.push_back(token);
        const auto names = RequiredClips();
        for (const std::string& t : tokens) {
            const bool known = t == "{ticket}" || t == "{counter}" || std::find(names.begin(), names.end(), t) != names.end() ||
                               (t.rfind("phrase/", 0) == 0 && fs::exists(dir / (t + ".wav"), ec));
            if (!known) {
                scan.problems.push_back(order.string() + " names \"" + t +
                                        "\", which is neither {ticket}, {counter} nor a clip of the pack.");
            }
        }
        if (std::count(tokens.begin(), tokens.end(), "{ticket}") != 1 || std::count(tokens.begin(), tokens.end(), "{counter}") != 1) {
            scan.problems.push_back(order.string() + " must name {ticket} and {counter} once each.");
        }
        scan.order = tokens;
    }
    const fs::path phrases = dir / "phrase";
    if (fs::is_directory(phrases, ec)) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(phrases, ec)) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const fs::path& file : files) {
            const std::string stem = file.stem().string();
            if (file.extension() != ".wav" || !IsPhraseName(stem)) {
                scan.problems.push_back(file.string() + " is not a phrase clip (phrase/<catalogue key>.wav).");
                continue;
            }
            auto samples = ReadWav(file);
            if (!samples) {
                scan.problems.push_back(samples.error().message);
            } else {
                scan.clips.emplace("phrase/" + stem, std::move(samples).value());
            }
        }
    }
    return scan;
}

}  // namespace

std::vector<std::string> RequiredClips() {
    std::vector<std::string> names;
    for (char d = '0'; d <= '9'; ++d) names.push_back(std::string("digit-") + d);
    for (char l = 'a'; l <= 'z'; ++l) names.push_back(std::string("letter-") + l);
    names.push_back("please-come-to");
    names.push_back("counter");
    return names;
}

Result<std::vector<std::string>> CheckPack(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return MakeError(ErrorCode::kNotFound, dir.string() + " is not a folder (a pack is a folder of WAV clips).");
    }
    return ScanPack(dir).problems;
}

Result<PromptPack> PromptPack::Load(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return MakeError(ErrorCode::kNotFound, dir.string() + " is not a folder.");
    Scan scan = ScanPack(dir);
    if (!scan.problems.empty()) {
        std::string more = scan.problems.size() > 1
                               ? " (and " + std::to_string(scan.problems.size() - 1) + " more problems)"
                               : std::string();
        return MakeError(ErrorCode::kInvalidInput, scan.problems.front() + more);
    }
    PromptPack pack;
    pack.clips_ = std::move(scan.clips);
    pack.order_ = std::move(scan.order);
    return pack;
}

const Samples* PromptPack::Clip(const std::string& name) const {
    auto it = clips_.find(name);
    return it == clips_.end() ? nullptr : &it->second;
}

PromptPacks PromptPacks::Load(const fs::path& root) {
    PromptPacks packs;
    std::error_code ec;
    if (root.empty() || !fs::is_directory(root, ec)) return packs;  // no packs: espeak-ng only
    std::vector<fs::path> dirs;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (entry.is_directory(ec)) dirs.push_back(entry.path());
    }
    std::sort(dirs.begin(), dirs.end());
    for (const fs::path& dir : dirs) {
        auto pack = PromptPack::Load(dir);
        if (pack) {
            packs.packs_.emplace(dir.filename().string(), std::move(pack).value());
        } else {
            packs.problems_.push_back(pack.error().message);
        }
    }
    return packs;
}

const PromptPack* PromptPacks::Find(std::string_view lang) const {
    auto it = packs_.find(lang);
    return it == packs_.end() ? nullptr : &it->second;
}

Source SourceFor(const PromptPacks& packs, std::string_view lang) {
    if (packs.Find(lang) != nullptr) return Source::kPack;
    if (EspeakHas(lang)) return Source::kEspeak;
    return Source::kNone;
}

std::string SpellTicket(std::string_view display) {
    std::string spelled;
    for (char c : display) {
        const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        const bool digit = c >= '0' && c <= '9';
        if (!letter && !digit) continue;
        if (!spelled.empty()) spelled += ", ";
        spelled += letter ? char(c & ~0x20) : c;  // capital letters: espeak-ng says the letter's name
    }
    return spelled;
}

Result<Samples> SayCall(const PromptPacks& packs, std::string_view lang, std::string_view display, int counter,
                        std::string_view sentence) {
    if (const PromptPack* pack = packs.Find(lang)) {
        // A short breath between clips, a longer one before the counter, as staff would say it.
        const Samples gap = Silence(120), pause = Silence(350);
        Samples out;
        auto add = [&out](const Samples& s) { out.insert(out.end(), s.begin(), s.end()); };
        auto clip = [&](const std::string& name) {
            const Samples* s = pack->Clip(name);
            ANL_ASSERT(s != nullptr && "a loaded pack holds every required clip");
            add(*s);
            add(gap);
        };
        const auto& order = pack->Order();
        for (size_t i = 0; i < order.size(); ++i) {
            if (order[i] == "{ticket}") {
                for (char c : display) {
                    if (c >= '0' && c <= '9') clip(std::string("digit-") + c);
                    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) clip(std::string("letter-") + char(c | 0x20));
                }
                if (i + 1 < order.size()) add(pause);  // the number stands apart, as staff say it
            } else if (order[i] == "{counter}") {
                for (char c : std::to_string(std::max(0, counter))) clip(std::string("digit-") + c);
            } else {
                clip(order[i]);
            }
        }
        return out;
    }
    return Synthesize(lang, sentence);
}

}  // namespace anl::voice
