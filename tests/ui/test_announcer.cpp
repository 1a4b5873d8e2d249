// The call display's announcements (kiosk/app/announcer.h): each call is the chime, then the
// call spoken in German, the visitor's language (where a voice or a recorded pack exists) and
// English; announcements queue in order, are never cut off by the next call, and a recall is
// announced again. Driven through the audio seam (a recording sink, and WAV files).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <fstream>
#include <filesystem>
#include <mutex>
#include <thread>

#include "i18n/messages/messages.h"
#include "kiosk/app/announcer.h"
#include "kiosk/app/store_service.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/board_model.h"
#include "tests/support/wait.h"

using namespace anl;
using namespace anl::app;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin

const messages::Messages& Shipped() {
    static const messages::Messages m = messages::Messages::Load(messages::Messages::DefaultDir()).value();
    return m;
}

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name)
        : path(fs::temp_directory_path() / ("anl-announce-" + name + "-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

// A loudspeaker that records what it sounds, one announcement at a time, and holds the
// first until the test opens the gate (so later calls arrive while it is sounding).
struct Speaker {
    std::mutex m;
    std::condition_variable cv;
    std::vector<std::uint64_t> numbers;
    std::vector<voice::Samples> sounded;
    int playing = 0, most_at_once = 0;
    bool gate_open = false;

    ChimeSink Sink() {
        return [this](std::uint64_t number, const std::vector<std::int16_t>& samples) {
            std::unique_lock lock(m);
            ++playing;
            most_at_once = std::max(most_at_once, playing);
            cv.wait(lock, [this] { return gate_open; });
            numbers.push_back(number);
            sounded.push_back(samples);
            --playing;
        };
    }
    void Open() {
        std::lock_guard lock(m);
        gate_open = true;
        cv.notify_all();
    }
    size_t Count() {
        std::lock_guard lock(m);
        return sounded.size();
    }
};

// Recorded packs whose clips are tones: each language at its own level, each clip of its own
// length, so an announcement's samples tell exactly which clips of which language it holds.
// (espeak-ng varies its output a little from call to call; recorded clips do not.)
voice::PromptPacks TonePacks(const fs::path& root, const std::vector<std::string>& langs) {
    for (size_t l = 0; l < langs.size(); ++l) {
        fs::create_directories(root / langs[l]);
        int i = 0;
        for (const auto& clip : voice::RequiredClips()) {
            voice::Samples tone(size_t(60 + i++) * voice::kSampleRate / 1000);
            for (size_t k = 0; k < tone.size(); ++k) tone[k] = std::int16_t((k % 40 < 20 ? 1 : -1) * int(2000 + 1000 * l));
            REQUIRE(voice::WriteWav(root / langs[l] / (clip + ".wav"), tone));
        }
    }
    auto packs = voice::PromptPacks::Load(root);
    REQUIRE(packs.Problems().empty());
    return packs;
}

bool Same(const voice::Samples& a, const voice::Samples& b) { return a == b; }  // no 100,000-sample dump on failure

std::vector<std::string> Langs(const AnnouncementPlan& plan) {
    std::vector<std::string> langs;
    for (const auto& p : plan.parts) langs.push_back(p.lang);
    return langs;
}

}  // namespace

TEST_CASE("An announcement speaks German, the visitor's language where it has a voice or a pack, then English",
          "[board][voice]") {
    const catalogue::Announcements settings;  // the default: de, visitor, en
    const voice::PromptPacks none;
    CHECK(Langs(PlanAnnouncement({"A-042", 3, "ar"}, settings, Shipped(), none)) == std::vector<std::string>{"de", "ar", "en"});
    CHECK(Langs(PlanAnnouncement({"A-042", 3, "uk"}, settings, Shipped(), none)) == std::vector<std::string>{"de", "uk", "en"});
    // No voice for Tigrinya and no pack: not spoken, not faked.
    CHECK(Langs(PlanAnnouncement({"A-042", 3, "ti"}, settings, Shipped(), none)) == std::vector<std::string>{"de", "en"});
    // A German visitor hears German once.
    CHECK(Langs(PlanAnnouncement({"A-042", 3, "de"}, settings, Shipped(), none)) == std::vector<std::string>{"de", "en"});
    // The sentence spells the number as staff say it, in the catalogue's words.
    const auto plan = PlanAnnouncement({"A-042", 3, "ar"}, settings, Shipped(), none);
    CHECK(plan.parts[0].sentence == "Nummer A, 0, 4, 2, bitte zu Schalter 3.");

    // A site's list and a recorded Tigrinya pack.
    TempDir dir("plan");
    fs::create_directories(dir.path / "ti");
    for (const auto& clip : voice::RequiredClips()) {
        REQUIRE(voice::WriteWav(dir.path / "ti" / (clip + ".wav"), voice::Samples(2205, 3000)));
    }
    const auto packs = voice::PromptPacks::Load(dir.path);
    catalogue::Announcements site;
    site.languages = {"visitor", "de"};
    CHECK(Langs(PlanAnnouncement({"A-042", 3, "ti"}, site, Shipped(), packs)) == std::vector<std::string>{"ti", "de"});
}

TEST_CASE("A-042 at counter 3 is announced as non-silent speech in de, ar and uk, after the chime", "[board][voice]") {
    const voice::PromptPacks none;
    for (const char* lang : {"de", "ar", "uk"}) {
        INFO(lang);
        catalogue::Announcements only;
        only.languages = {lang};
        const auto samples = ComposeAnnouncement(PlanAnnouncement({"A-042", 3, ""}, only, Shipped(), none), none);
        const size_t chime = ChimeSamples().size();
        // The chime, then at least a second and a half of speech, at most fifteen seconds.
        REQUIRE(samples.size() > chime + size_t(voice::kSampleRate) * 3 / 2);
        CHECK(samples.size() < chime + size_t(voice::kSampleRate) * 15);
        CHECK(std::equal(samples.begin(), samples.begin() + chime, ChimeSamples().begin()));
        CHECK(voice::Peak(voice::Samples(samples.begin() + chime, samples.end())) > 1000);
    }
}

TEST_CASE("An announcement is the chime, then each language's call after a pause, at the site's volume", "[board][voice]") {
    TempDir dir("compose");
    const auto packs = TonePacks(dir.path, {"de", "ar", "en"});
    catalogue::Announcements settings;
    const auto loud = ComposeAnnouncement(PlanAnnouncement({"A-042", 3, "ar"}, settings, Shipped(), packs), packs);
    voice::Samples expected = ChimeSamples();
    bool first = true;
    for (const char* lang : {"de", "ar", "en"}) {
        const auto pause = voice::Silence(first ? 400 : 700);
        expected.insert(expected.end(), pause.begin(), pause.end());
        const auto said = voice::SayCall(packs, lang, "A-042", 3, "");
        REQUIRE(said);
        expected.insert(expected.end(), said->begin(), said->end());
        first = false;
    }
    CHECK(Same(loud, expected));
    settings.volume = 50;
    const auto quiet = ComposeAnnouncement(PlanAnnouncement({"A-042", 3, "ar"}, settings, Shipped(), packs), packs);
    REQUIRE(quiet.size() == loud.size());
    for (size_t i = 0; i < loud.size(); i += 97) REQUIRE(quiet[i] == std::int16_t(loud[i] * 50 / 100));
}

TEST_CASE("Calls in quick succession and a recall: whole announcements, one at a time, in order", "[board][voice]") {
    Speaker speaker;
    TempDir dir("order");
    const catalogue::Announcements settings;
    const auto packs = TonePacks(dir.path, {"de", "ar", "uk", "en"});
    const CallToAnnounce calls[] = {{"A-042", 3, "ar"}, {"S-007", 1, "uk"}, {"A-042", 3, "ar"}};  // the last: a recall
    {
        Announcer announcer(speaker.Sink(), TonePacks(dir.path, {"de", "ar", "uk", "en"}));
        for (const auto& call : calls) announcer.Announce(call, settings, Shipped());
        // The first is sounding while the others wait; none is dropped or cut for the next.
        REQUIRE(anl::test::WaitUntil([&] { std::lock_guard l(speaker.m); return speaker.playing == 1; }, 20s));
        speaker.Open();
        REQUIRE(anl::test::WaitUntil([&] { return speaker.Count() == 3; }, 60s));
    }
    CHECK(speaker.most_at_once == 1);
    CHECK(speaker.numbers == std::vector<std::uint64_t>{1, 2, 3});
    for (size_t i = 0; i < 3; ++i) {
        INFO(i);
        // Each is the whole announcement of its call.
        CHECK(Same(speaker.sounded[i], ComposeAnnouncement(PlanAnnouncement(calls[i], settings, Shipped(), packs), packs)));
    }
    CHECK(Same(speaker.sounded[0], speaker.sounded[2]));  // the recall, announced again
    CHECK_FALSE(Same(speaker.sounded[0], speaker.sounded[1]));
}

TEST_CASE("The WAV seam (--audio wav:DIR) writes each announcement as a whole WAV file, numbered in order", "[board][voice]") {
    TempDir dir("wav");
    auto sink = AudioSink("wav:" + (dir.path / "out").string(), "");
    REQUIRE(sink);
    const catalogue::Announcements settings;
    const auto packs = TonePacks(dir.path / "packs", {"de", "ar", "en"});
    {
        Announcer announcer(std::move(sink).value(), TonePacks(dir.path / "packs", {"de", "ar", "en"}));
        announcer.Announce({"A-042", 3, "ar"}, settings, Shipped());
        announcer.Announce({"I-101", 12, "ps"}, settings, Shipped());
        REQUIRE(anl::test::WaitUntil([&] { return fs::exists(dir.path / "out" / "announcement-0002.wav"); }, 60s));
    }
    auto first = voice::ReadWav(dir.path / "out" / "announcement-0001.wav");
    auto second = voice::ReadWav(dir.path / "out" / "announcement-0002.wav");
    REQUIRE(first);
    REQUIRE(second);
    CHECK(Same(*first, ComposeAnnouncement(PlanAnnouncement({"A-042", 3, "ar"}, settings, Shipped(), packs), packs)));
    // Pashto has neither voice nor pack here: German and English only.
    CHECK(Same(*second, ComposeAnnouncement(PlanAnnouncement({"I-101", 12, "ps"}, settings, Shipped(), packs), packs)));
    CHECK_FALSE(fs::exists(dir.path / "out" / "announcement-0003.wav"));

    auto bad = AudioSink("speaker", "");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message == "--audio takes alsa or wav:DIR, not \"speaker\".");
}

TEST_CASE("The call display hands each new call and each recall to the announcer, oldest first", "[board][voice]") {
    TempDir dir("board");
    FakeClock clock{kMorning};
    auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
    REQUIRE(cat);
    auto opened = store::Store::Open(dir.path / "site.db", clock);
    REQUIRE(opened);
    auto& store = *opened.value();
    REQUIRE(store.Initialise(store::SiteSettings{}, *cat, core::Device{"t-1", "site-1", 0, Role::kKiosk}).ok());
    REQUIRE(store.AddStaff("1042", "A. Demir", "2468").ok());
    auto snapshot = [&] { return TakeSnapshot(store, clock.NowUtcMicros()); };
    REQUIRE(store.Execute(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0}).ok());
    REQUIRE(store.Execute(core::IssueTicket{"fsa.counselling", "uk", "", false, 0}).ok());
    ui::BoardModel board(*cat, Shipped(), "de");
    CHECK_FALSE(board.SetSnapshot(snapshot()));
    CHECK(board.FreshCalls().empty());

    clock.Advance(kMicrosPerMinute);
    auto first = store.Execute(core::CallNext{"abh", 3}, "1042");
    REQUIRE(first);
    clock.Advance(kMicrosPerSecond);
    REQUIRE(store.Execute(core::CallNext{"fsa", 1}, "1042").ok());
    REQUIRE(board.SetSnapshot(snapshot()));
    REQUIRE(board.FreshCalls().size() == 2);  // two calls between snapshots: both, in order
    CHECK(board.FreshCalls()[0].display == "A-001");
    CHECK(board.FreshCalls()[0].counter == 3);
    CHECK(board.VisitorLang(board.FreshCalls()[0]) == "ar");
    CHECK(board.VisitorLang(board.FreshCalls()[1]) == "uk");

    clock.Advance(kMicrosPerMinute);
    REQUIRE(store.Execute(core::Recall{first->ticket_ids.at(0)}, "1042").ok());
    REQUIRE(board.SetSnapshot(snapshot()));
    REQUIRE(board.FreshCalls().size() == 1);
    CHECK(board.FreshCalls()[0].display == "A-001");
    CHECK(board.FreshCalls()[0].recall);
    CHECK_FALSE(board.SetSnapshot(snapshot()));
    CHECK(board.FreshCalls().empty());
}

TEST_CASE("[announcements] in the catalogue: the site's languages and volume, and clear errors", "[board][voice][catalogue]") {
    TempDir dir("catalogue");
    for (const auto& entry : fs::directory_iterator(catalogue::DefaultCatalogueDir())) {
        if (entry.path().extension() == ".toml") fs::copy(entry.path(), dir.path / entry.path().filename());
    }
    auto write = [&](const std::string& text) { std::ofstream(dir.path / "announcements.toml") << text; };

    auto shipped = catalogue::LoadCatalogue(dir.path);
    REQUIRE(shipped);
    CHECK(shipped->announcements.languages == std::vector<std::string>{"de", "visitor", "en"});
    CHECK(shipped->announcements.volume == 90);

    write("[announcements]\nlanguages = [\"visitor\", \"ar\"]\nvolume = 40\n");
    auto site = catalogue::LoadCatalogue(dir.path);
    REQUIRE(site);
    CHECK(site->announcements.languages == std::vector<std::string>{"visitor", "ar"});
    CHECK(site->announcements.volume == 40);

    fs::remove(dir.path / "announcements.toml");
    auto absent = catalogue::LoadCatalogue(dir.path);
    REQUIRE(absent);
    CHECK(absent->announcements.volume == 100);  // the defaults

    write("[announcements]\nlanguages = [\"de\", \"de\"]\nvolume = 140\n");
    auto bad = catalogue::CheckCatalogue(dir.path);
    std::vector<std::string> messages;
    for (const auto& p : bad.problems) messages.push_back(p.message);
    INFO(messages.size());
    const std::string file = (dir.path / "announcements.toml").string();
    CHECK(std::find(messages.begin(), messages.end(), file + ":2: announcements: field 'languages' lists 'de' twice") != messages.end());
    CHECK(std::find(messages.begin(), messages.end(),
                    file + ":3: announcements: field 'volume' is 140, but it must be 0 to 100 (percent)") != messages.end());
}
