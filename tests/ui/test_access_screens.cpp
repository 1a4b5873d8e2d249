// The accessible modes on screen (label "screen", needs a display: packaging/test.sh starts
// Xvfb; docs/accessibility.md): every kiosk screen in large text and high contrast in all
// sixteen languages with every text fitting and asked for 50 % larger; low reach keeps every
// touch target of a portrait kiosk in its lower 1,100 px; the call display's numbers are tall
// enough for 8 m and it flashes with a call.
#include <catch2/catch.hpp>

#include <png.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/skip.h"

namespace fs = std::filesystem;

namespace {

struct Png {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
    const unsigned char* At(int x, int y) const { return &rgba[(size_t(y) * size_t(width) + size_t(x)) * 4]; }
};

Png ReadPng(const fs::path& path) {
    Png out;
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path.c_str())) return out;
    image.format = PNG_FORMAT_RGBA;
    out.rgba.resize(PNG_IMAGE_SIZE(image));
    if (!png_image_finish_read(&image, nullptr, out.rgba.data(), 0, nullptr)) return {};
    out.width = int(image.width);
    out.height = int(image.height);
    return out;
}

nlohmann::json ReadLayout(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

int Run(const std::string& cmd) {
    INFO(cmd);
    const int rc = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(rc));
    return WEXITSTATUS(rc);
}

const std::string kBin = std::string(ANL_BINARY_DIR) + "/bin/";

// Every screen of a role in a language, size and mode, with layout logs; returns the directory.
fs::path RenderAll(const std::string& role, const std::string& lang, const std::string& size, const std::string& mode) {
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / ("access-" + role + "-" + lang + "-" + size + "-" + mode);
    fs::remove_all(dir);
    fs::create_directories(dir);
    REQUIRE(Run(kBin + "anlaufstelle --role " + role + " --lang " + lang + " --size " + size + " --screen all --screenshot " +
                dir.string() + " --layout-log yes" + (mode.empty() ? "" : " --mode " + mode)) == 0);
    return dir;
}

std::map<std::string, nlohmann::json> Layouts(const fs::path& dir) {
    std::map<std::string, nlohmann::json> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.ends_with(".layout.json")) out[name.substr(0, name.size() - 12)] = ReadLayout(e.path());
    }
    return out;
}

std::vector<float> Box(const nlohmann::json& layout, const std::string& name) {
    for (const auto& b : layout["boxes"])
        if (b["name"] == name) return b["rect"].get<std::vector<float>>();
    FAIL("no box named " << name);
    return {};
}

}  // namespace

TEST_CASE("The gallery holds every kiosk screen in large text and high contrast in all 16 languages, every text fitting",
          "[ui][screen][access]") {
    if (!anl::test::HaveDisplay()) return;
    const fs::path out = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / "access-gallery";
    fs::remove_all(out);
    REQUIRE(Run(kBin + "anlaufstelle-ctl gallery --out " + out.string() +
                " --role kiosk --mode large-text,high-contrast --jobs 2 > " + (out.string() + ".txt")) == 0);
    const fs::path modes = out / "kiosk+large-text,high-contrast";
    int languages = 0, screens = 0;
    for (const auto& lang : fs::directory_iterator(modes)) {
        ++languages;
        const auto layouts = Layouts(lang.path());
        CHECK(layouts.size() >= 20);
        for (const auto& [screen, layout] : layouts) {
            ++screens;
            CHECK(fs::exists(lang.path() / (screen + ".png")));
            for (const auto& t : layout["texts"]) {
                INFO(lang.path().filename().string() << " " << screen << ": \"" << t["text"].get<std::string>() << "\" needs "
                                                     << t["size"].dump() << " in " << t["box"].dump());
                CHECK(t["fits"].get<bool>());
            }
        }
    }
    CHECK(languages == 16);
    CHECK(screens >= 16 * 20);
}

// Issue 14's "Done when": screenshots of the large-text, high-contrast and low-reach modes in
// de, ar, ps and ti (left to right, right to left, a script without a voice, Ge'ez), made by
// the tool an operator runs (docs/accessibility.md, "The gallery"). Each mode by itself, low
// reach on a portrait kiosk (alone and with large text), every kiosk screen, every text fitting.
TEST_CASE("The modes' gallery: large text, high contrast and low reach in de, ar, ps and ti, every text fitting",
          "[ui][screen][access]") {
    if (!anl::test::HaveDisplay()) return;
    const fs::path out = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / "modes-gallery";
    fs::remove_all(out);
    fs::create_directories(out.parent_path());  // the tool's report goes beside it (a fresh build has no tests/screens yet)
    const std::string common = kBin + "anlaufstelle-ctl gallery --out " + out.string() + " --role kiosk --lang de ar ps ti --jobs 2";
    REQUIRE(Run(common + " --mode large-text --mode high-contrast > " + out.string() + "-landscape.txt") == 0);
    REQUIRE(Run(common + " --mode low-reach --mode low-reach,large-text --size 1080x1920 > " + out.string() +
                "-portrait.txt") == 0);
    int shots = 0;
    for (const char* modes : {"kiosk+large-text", "kiosk+high-contrast", "kiosk+low-reach", "kiosk+low-reach,large-text"}) {
        for (const char* lang : {"de", "ar", "ps", "ti"}) {
            const fs::path dir = out / modes / lang;
            INFO(dir.string());
            REQUIRE(fs::is_directory(dir));
            const auto layouts = Layouts(dir);
            CHECK(layouts.size() >= 30);
            // The end-of-visit feedback's screens are among them.
            CHECK(layouts.count("feedback-ticket") == 1);
            CHECK(layouts.count("feedback-visit-complete") == 1);
            for (const auto& [screen, layout] : layouts) {
                CHECK(fs::exists(dir / (screen + ".png")));
                ++shots;
                for (const auto& t : layout["texts"]) {
                    INFO(modes << " " << lang << " " << screen << ": \"" << t["text"].get<std::string>() << "\" needs "
                               << t["size"].dump() << " in " << t["box"].dump());
                    CHECK(t["fits"].get<bool>());
                }
            }
        }
    }
    CHECK(shots >= 4 * 4 * 30);
}

TEST_CASE("Large text asks every text 50 % larger, never draws one smaller, and where a box has room draws it so",
          "[ui][screen][access]") {
    if (!anl::test::HaveDisplay()) return;
    for (const char* lang : {"de", "ar"}) {
        const auto standard = Layouts(RenderAll("kiosk", lang, "1920x1080", ""));
        const auto large = Layouts(RenderAll("kiosk", lang, "1920x1080", "large-text"));
        int larger = 0, texts = 0, below = 0;
        double ratio_sum = 0;
        for (const auto& [screen, layout] : standard) {
            // Large text pages a long list and may lay a screen out otherwise: each text drawn in
            // both looks is compared (the n-th drawing of a text with its n-th drawing).
            std::map<std::string, std::vector<float>> was_sizes;
            for (const auto& t : layout["texts"]) was_sizes[t["text"].get<std::string>()].push_back(t["size_px"].get<float>());
            std::map<std::string, size_t> seen;
            for (const auto& t : large.at(screen)["texts"]) {
                const std::string text = t["text"].get<std::string>();
                const auto found = was_sizes.find(text);
                const size_t n = seen[text]++;
                if (found == was_sizes.end() || n >= found->second.size()) continue;  // only in large text (a page button)
                const float was = found->second[n], now = t["size_px"].get<float>();
                INFO(lang << " " << screen << ": \"" << text << "\" " << was << " -> " << now);
                CHECK(now >= was * 0.98f);  // never smaller than in the standard look
                // At most its asked size x 1.5: a layout of its own may give a text the room its
                // standard box lacked (there it may have shrunk to 60 %), never more.
                CHECK(now <= was * 1.5f / 0.6f + 0.5f);
                ++texts;
                ratio_sum += std::min(now / was, 1.5f);
                if (now >= was * 1.45f) ++larger;
                if (now < was * 1.3f) ++below;
            }
        }
        // Titles, buttons' labels, the language names, the paged lists and partners, and the
        // screens with pages or layouts of their own in large text (the ticket, the booking's
        // confirmation, the home screen, the check-in pad and its answers, the questions, the
        // service, the day picker and the times, the feedback, the language screen) grow the
        // full 50 %; the few that still give some of it back are in docs/accessibility.md.
        // Measured 2026-12-07: 99.2 % (de, 471 of 475) and 98.9 % (ar, 470 of 475) of the texts
        // the full 50 %, on average x1.499, one text (de and ar) below +30 %.
        INFO(lang << ": " << larger << " of " << texts << " texts drawn 50 % larger, on average x" << ratio_sum / texts
                  << ", " << below << " below +30 %");
        CHECK(texts > 400);
        CHECK(larger * 100 >= texts * 97);
        CHECK(ratio_sum / texts >= 1.48);
        CHECK(below * 100 <= texts * 1);
    }
}

TEST_CASE("Low reach: on a portrait kiosk every touch target lies in the lower 1,100 px", "[ui][screen][access]") {
    if (!anl::test::HaveDisplay()) return;
    constexpr float kReachTop = 1920 - 1100;
    // Without the mode some targets sit higher (the test sees them), with it none does.
    {
        const auto layouts = Layouts(RenderAll("kiosk", "de", "1080x1920", ""));
        int above = 0;
        for (const auto& [screen, layout] : layouts)
            for (const auto& b : layout["boxes"])
                if (b["name"] == "touch" && b["rect"][1].get<float>() < kReachTop) ++above;
        CHECK(above > 0);
    }
    for (const char* lang : {"de", "ar", "ps", "ti"}) {
        for (const char* mode : {"low-reach", "low-reach,large-text,high-contrast"}) {
            const auto layouts = Layouts(RenderAll("kiosk", lang, "1080x1920", mode));
            int targets = 0;
            for (const auto& [screen, layout] : layouts) {
                if (screen == "out-of-service") continue;  // nothing to touch
                int here = 0;
                for (const auto& b : layout["boxes"]) {
                    if (b["name"] != "touch") continue;
                    const auto r = b["rect"].get<std::vector<float>>();
                    INFO(lang << " " << mode << " " << screen << ": a touch target at " << b["rect"].dump());
                    CHECK(r[1] >= kReachTop - 0.5f);
                    CHECK(r[3] <= 1920.5f);
                    ++here;
                }
                INFO(lang << " " << screen);
                CHECK(here > 0);
                targets += here;
                for (const auto& t : layout["texts"]) {
                    INFO(lang << " " << mode << " " << screen << ": \"" << t["text"].get<std::string>() << "\"");
                    CHECK(t["fits"].get<bool>());
                }
            }
            CHECK(targets > 50);
        }
    }
}

// The call display on a 55-inch 1920x1080 screen (docs/accessibility.md): 0.634 mm a pixel;
// a number read from 8 m by a visitor with low vision needs a cap height of 56 mm (DIN 1450's
// 1/250 of the distance, times 1.75 for visual acuity 0.4): 89 px.
TEST_CASE("The call display's numbers are readable from 8 m: their glyphs are at least 89 px (56 mm) tall",
          "[ui][screen][access][board]") {
    if (!anl::test::HaveDisplay()) return;
    constexpr double kMmPerPx = 55.0 * 25.4 * 16.0 / std::sqrt(16.0 * 16.0 + 9.0 * 9.0) / 1920.0;
    const int need_px = int(std::ceil(8000.0 / 250.0 * 1.75 / kMmPerPx));
    CHECK(need_px == 89);
    for (const char* mode : {"", "high-contrast"}) {
        const fs::path dir = RenderAll("board", "de", "1920x1080", mode);
        const Png png = ReadPng(dir / "board.png");
        const auto layout = ReadLayout(dir / "board.layout.json");
        REQUIRE(png.width == 1920);
        int rows = 0;
        for (const auto& b : layout["boxes"]) {
            if (b["name"] != "newest-call" && b["name"] != "call") continue;
            const auto r = b["rect"].get<std::vector<float>>();
            const bool newest = b["name"] == "newest-call";
            // The number sits in the row's first 44 %: the rows of its ink (dark on the
            // highlight, bright on the others), top to bottom, is the glyphs' height.
            int top = 1 << 20, bottom = -1;
            for (int y = int(r[1]) + 4; y < int(r[3]) - 4; ++y) {
                for (int x = int(r[0]) + 8; x < int(r[0] + (r[2] - r[0]) * 0.44f); ++x) {
                    const unsigned char* p = png.At(x, y);
                    const bool ink = newest ? (p[0] < 100 && p[1] < 100) : (p[0] > 200 && p[1] > 200 && p[2] > 200);
                    if (ink) top = std::min(top, y), bottom = std::max(bottom, y);
                }
            }
            INFO(mode << " " << b["name"].get<std::string>() << " at y " << r[1] << ": glyphs " << (bottom - top + 1) << " px");
            CHECK(bottom - top + 1 >= need_px);
            ++rows;
        }
        CHECK(rows >= 3);  // the newest and older calls, all of them
    }
}

TEST_CASE("The call display flashes with a call: a wide bright frame round the screen", "[ui][screen][access][board]") {
    if (!anl::test::HaveDisplay()) return;
    for (const char* mode : {"", "high-contrast"}) {
        const fs::path dir = RenderAll("board", "ar", "1920x1080", mode);
        const Png calm = ReadPng(dir / "board.png"), flash = ReadPng(dir / "board-flash.png");
        REQUIRE(calm.width == 1920);
        REQUIRE(flash.width == 1920);
        auto bright_edge = [](const Png& png) {
            int bright = 0, total = 0;
            for (int x = 0; x < png.width; x += 16)
                for (int y : {4, png.height - 5}) {
                    const unsigned char* p = png.At(x, y);
                    bright += p[0] > 200 && p[1] > 180;
                    ++total;
                }
            for (int y = 0; y < png.height; y += 16)
                for (int x : {4, png.width - 5}) {
                    const unsigned char* p = png.At(x, y);
                    bright += p[0] > 200 && p[1] > 180;
                    ++total;
                }
            return double(bright) / total;
        };
        INFO(mode);
        CHECK(bright_edge(calm) < 0.05);
        CHECK(bright_edge(flash) > 0.95);
        CHECK(ReadLayout(dir / "board-flash.layout.json").dump().find("call-flash") != std::string::npos);
        CHECK(ReadLayout(dir / "board.layout.json").dump().find("call-flash") == std::string::npos);
    }
}

TEST_CASE("High contrast on screen: the kiosk's background is white and its text black, the board's background black",
          "[ui][screen][access]") {
    if (!anl::test::HaveDisplay()) return;
    const fs::path kiosk = RenderAll("kiosk", "de", "1920x1080", "high-contrast");
    const Png home = ReadPng(kiosk / "home.png");
    REQUIRE(home.width == 1920);
    const unsigned char* corner = home.At(2, 2);
    CHECK((corner[0] == 255 && corner[1] == 255 && corner[2] == 255));
    const fs::path board = RenderAll("board", "de", "1920x1080", "high-contrast");
    const Png b = ReadPng(board / "board.png");
    const unsigned char* dark = b.At(2, 2);
    CHECK((dark[0] == 0 && dark[1] == 0 && dark[2] == 0));
    // The language screen shows the modes' four switches.
    const auto language = ReadLayout(kiosk / "language.layout.json");
    for (const char* name : {"mode-high-contrast", "mode-large-text", "mode-low-reach", "mode-explore-by-touch"})
        CHECK(Box(language, name).size() == 4);
}

TEST_CASE("An unknown accessible mode is refused with a sentence", "[ui][screen][access]") {
    CHECK(Run(kBin + "anlaufstelle --role kiosk --mode huge --screen home --screenshot /dev/null 2> " +
              (fs::path(ANL_BINARY_DIR) / "tests" / "access-mode.txt").string()) != 0);
    std::ifstream in(fs::path(ANL_BINARY_DIR) / "tests" / "access-mode.txt");
    const std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(said.find("--mode takes high-contrast, large-text and low-reach, not \"huge\"") != std::string::npos);
}
