// Screenshot tests (label "screen", need a display: packaging/test.sh starts Xvfb). Each runs
// the real terminal with --screenshot and its layout log, then checks the pixels and boxes:
// every screen renders and is not blank, right-to-left languages put the back button on the
// right, and no text overflows its box, in German, Arabic, Pashto, Tigrinya and Ukrainian,
// landscape and portrait.
#include <catch2/catch.hpp>

#include <png.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/skip.h"

namespace fs = std::filesystem;

namespace {

struct Png {
    int width = 0, height = 0;
    std::vector<unsigned char> rgba;
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

// Runs one terminal command that must succeed. Its standard error is kept, so a failure
// says why the terminal ended (a GL context refused, a sanitizer report), not only that it did.
void RunOk(const std::string& cmd) {
    static int run = 0;
    const fs::path err = fs::temp_directory_path() /
                         ("anl-screen-" + std::to_string(::getpid()) + "-" + std::to_string(++run) + ".err");
    const int rc = std::system((cmd + " 2>" + err.string()).c_str());
    std::string text;
    {
        std::ifstream in(err);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    fs::remove(err);
    INFO(cmd);
    INFO("status " << (WIFEXITED(rc) ? "exit " + std::to_string(WEXITSTATUS(rc))
                                      : "signal " + std::to_string(WIFSIGNALED(rc) ? WTERMSIG(rc) : -1))
                   << "; standard error:\n" << text);
    REQUIRE(WIFEXITED(rc));
    REQUIRE(WEXITSTATUS(rc) == 0);
}

// Without a display: skipped here, failed under CI (tests/support/skip.h).
bool HaveDisplay() { return anl::test::HaveDisplay(); }

// Renders every screen of a role in a language into a fresh directory; returns it.
fs::path RenderAll(const std::string& role, const std::string& lang, const std::string& size = "1920x1080") {
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / (role + "-" + lang + "-" + size);
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string terminal = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle";
    const std::string cmd = terminal + " --role " + role + " --lang " + lang + " --size " + size +
                            " --screen all --screenshot " + dir.string() + " --layout-log yes";
    RunOk(cmd);
    return dir;
}

nlohmann::json ReadLayout(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

// Not blank: the frame holds more than the background (enough pixels differ from the
// most common colour, in enough colours).
void CheckNotBlank(const fs::path& png_path, int want_w, int want_h) {
    const Png png = ReadPng(png_path);
    INFO(png_path.string());
    REQUIRE(png.width == want_w);
    REQUIRE(png.height == want_h);
    std::map<uint32_t, int> histogram;
    for (size_t i = 0; i + 3 < png.rgba.size(); i += 4 * 7) {  // every 7th pixel is plenty
        histogram[(uint32_t(png.rgba[i]) << 16) | (uint32_t(png.rgba[i + 1]) << 8) | png.rgba[i + 2]]++;
    }
    int total = 0, most = 0;
    for (auto& [c, n] : histogram) { total += n; most = std::max(most, n); }
    CHECK(histogram.size() > 20);                  // text is anti-aliased: many shades
    CHECK(double(total - most) / total > 0.02);    // more than 2% is not background
}

void CheckTextsFit(const nlohmann::json& layout, const std::string& where) {
    REQUIRE(layout.contains("texts"));
    for (const auto& t : layout["texts"]) {
        INFO(where << ": \"" << t["text"].get<std::string>() << "\" needs " << t["size"].dump() << " in box "
                   << t["box"].dump());
        CHECK(t["fits"].get<bool>());
    }
}

void CheckScreens(const std::string& role, const std::string& lang, const std::string& size, int w, int h) {
    const fs::path dir = RenderAll(role, lang, size);
    int screens = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".png") continue;
        ++screens;
        CheckNotBlank(entry.path(), w, h);
        fs::path layout = entry.path();
        layout.replace_extension(".layout.json");
        CheckTextsFit(ReadLayout(layout), entry.path().string());
    }
    CHECK(screens >= 1);
}

}  // namespace

TEST_CASE("Every kiosk screen renders, is not blank and fits its texts (de ar ps ti uk)", "[ui][screen]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "ar", "ps", "ti", "uk"}) {
        SECTION(lang) { CheckScreens("kiosk", lang, "1920x1080", 1920, 1080); }
    }
}

TEST_CASE("Kiosk screens work in portrait 1080x1920", "[ui][screen]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "ps"}) {
        SECTION(lang) { CheckScreens("kiosk", lang, "1080x1920", 1080, 1920); }
    }
}

TEST_CASE("Front desk and call display render and fit their texts", "[ui][screen]") {
    if (!HaveDisplay()) return;
    SECTION("desk de") { CheckScreens("desk", "de", "1920x1080", 1920, 1080); }
    SECTION("desk en") { CheckScreens("desk", "en", "1920x1080", 1920, 1080); }
    SECTION("board de") { CheckScreens("board", "de", "1920x1080", 1920, 1080); }
    SECTION("board ar") { CheckScreens("board", "ar", "1920x1080", 1920, 1080); }
}

TEST_CASE("Right-to-left languages put the back button on the right, left-to-right on the left", "[ui][screen]") {
    if (!HaveDisplay()) return;
    const std::vector<std::pair<std::string, bool>> cases{{"de", false}, {"uk", false}, {"ar", true}, {"ps", true}};
    for (const auto& [lang, rtl] : cases) {
        const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / ("rtl-" + lang);
        fs::create_directories(dir);
        const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle --role kiosk --lang " + lang +
                                " --screen service --screenshot " + (dir / "service.png").string() +
                                " --layout-log " + (dir / "service.json").string();
        RunOk(cmd);
        const auto layout = ReadLayout(dir / "service.json");
        std::map<std::string, std::vector<float>> boxes;
        for (const auto& b : layout["boxes"]) boxes[b["name"]] = b["rect"].get<std::vector<float>>();
        INFO(lang);
        REQUIRE(boxes.count("back"));
        REQUIRE(boxes.count("start-again"));
        REQUIRE(boxes.count("progress-first"));
        const float mid = layout["width"].get<float>() / 2;
        CHECK((boxes["back"][0] > mid) == rtl);          // back: the reading start edge
        CHECK((boxes["start-again"][2] < mid) == rtl);   // start again: the other edge
        CHECK((boxes["progress-first"][0] > mid) == rtl);  // progress fills from the start
        // "Take a ticket" sits where reading ends: its centre on the end side.
        CHECK(((boxes["take-ticket"][0] + boxes["take-ticket"][2]) / 2 < mid) == rtl);

        // And the pixels agree: the back arrow (dark blue) sits in the button's box.
        const Png png = ReadPng(dir / "service.png");
        REQUIRE(png.width == 1920);
        const auto& back = boxes["back"];
        int blue = 0;
        for (int y = int(back[1]); y < int(back[3]); ++y) {
            for (int x = int(back[0]); x < int(back[2]); ++x) {
                const unsigned char* p = &png.rgba[(size_t(y) * png.width + x) * 4];
                if (p[2] > 100 && p[0] < 80 && p[1] < 110) ++blue;
            }
        }
        CHECK(blue > 100);
    }
}

TEST_CASE("Booking screens: large day cards (mirrored in Pashto), large times, the reference and its QR code large",
          "[ui][screen][booking]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "ps", "ti"}) {
        const bool rtl = std::string(lang) == "ps";
        const fs::path dir = RenderAll("kiosk", lang);
        INFO(lang);
        // The day picker: ten cards, each a large touch target; the first at the start side.
        const auto days = ReadLayout(dir / "book-day.layout.json");
        std::vector<nlohmann::json> cards;
        for (int i = 0; i < 10; ++i) {
            bool found = false;
            for (const auto& b : days["boxes"]) {
                if (b["name"] != "booking-day-" + std::to_string(i)) continue;
                found = true;
                const auto r = b["rect"];
                CHECK(r[2].get<float>() - r[0].get<float>() >= 250);
                CHECK(r[3].get<float>() - r[1].get<float>() >= 200);
                cards.push_back(r);
            }
            CHECK(found);
        }
        REQUIRE(cards.size() == 10);
        CHECK((cards[0][0].get<float>() > cards[1][0].get<float>()) == rtl);
        // Times: large buttons.
        const auto times = ReadLayout(dir / "book-time.layout.json");
        int buttons = 0;
        for (const auto& b : times["boxes"]) {
            if (b["name"].get<std::string>().rfind("booking-time-", 0) != 0) continue;
            ++buttons;
            CHECK(b["rect"][3].get<float>() - b["rect"][1].get<float>() >= 100);
        }
        CHECK(buttons >= 3);
        // Regression: Tigrinya's "10:00 ቅ.ቀ." shrank alone; every time is drawn at one size.
        std::set<int> sizes;
        for (const auto& t : times["texts"])
            if (t["text"].get<std::string>().find(':') != std::string::npos) sizes.insert(int(t["size_px"].get<float>() * 10));
        CHECK(sizes.size() == 1);
        // Taken meanwhile: the calm note above the times.
        bool note = false;
        const auto taken = ReadLayout(dir / "book-taken.layout.json");
        for (const auto& b : taken["boxes"]) note = note || b["name"] == "booking-note";
        CHECK(note);
        // The confirmation: the reference in Latin letters and digits, large; the QR code large
        // enough for a phone or a scanner, and on the start side (right in Pashto).
        const auto booked = ReadLayout(dir / "booked.layout.json");
        bool reference = false;
        for (const auto& t : booked["texts"]) {
            const std::string text = t["text"];
            if (text.rfind("A-", 0) == 0 && text.size() >= 13) {
                reference = true;
                CHECK(t["size_px"].get<float>() >= 60);
            }
        }
        CHECK(reference);
        const nlohmann::json* qr = nullptr;
        for (const auto& b : booked["boxes"])
            if (b["name"] == "booked-qr") qr = &b;
        REQUIRE(qr != nullptr);
        const auto q = (*qr)["rect"];
        CHECK(q[2].get<float>() - q[0].get<float>() >= 250);
        CHECK(((q[0].get<float>() + q[2].get<float>()) * 0.5f > 960) == rtl);
    }
}

TEST_CASE("An unknown screen or role is refused with a sentence", "[ui][screen]") {
    if (!HaveDisplay()) return;
    const std::string terminal = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle";
    CHECK(std::system((terminal + " --role kiosk --screen nowhere --screenshot /dev/null 2>/dev/null").c_str()) != 0);
    CHECK(std::system((terminal + " --role kiosk --size 12x12 --screenshot /dev/null 2>/dev/null").c_str()) != 0);
}

TEST_CASE("Regression: a long Georgian priority answer overflowed its button on the questions screen", "[ui][screen]") {
    if (!HaveDisplay()) return;
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / "regression-ka-questions";
    fs::create_directories(dir);
    const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle --role kiosk --lang ka --screen questions" +
                            " --screenshot " + (dir / "questions.png").string() + " --layout-log " +
                            (dir / "questions.json").string();
    RunOk(cmd);
    CheckTextsFit(ReadLayout(dir / "questions.json"), "ka questions");
}

TEST_CASE("Regression: seven documents on the ticket screen were squeezed below a readable size", "[ui][screen]") {
    if (!HaveDisplay()) return;
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / "regression-uk-ticket";
    fs::create_directories(dir);
    const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle --role kiosk --lang uk --screen ticket" +
                            " --screenshot " + (dir / "ticket.png").string() + " --layout-log " +
                            (dir / "ticket.json").string();
    RunOk(cmd);
    const auto layout = ReadLayout(dir / "ticket.json");
    CheckTextsFit(layout, "uk ticket");
    for (const auto& t : layout["texts"]) {
        INFO(t["text"].get<std::string>());
        CHECK(t["size_px"].get<float>() >= 20.0f);  // readable from 60 cm
    }
}

// ---- Start-up and looks (branch screens): regression tests for what the gallery showed ----

namespace {

struct Shot {
    Png png;
    nlohmann::json layout;
};

// One screen with its layout log, into tests/screens/<name>.
Shot RenderOne(const std::string& name, const std::string& args) {
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / name;
    fs::create_directories(dir);
    const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle " + args + " --screenshot " +
                            (dir / "shot.png").string() + " --layout-log " + (dir / "shot.json").string();
    RunOk(cmd);
    return {ReadPng(dir / "shot.png"), ReadLayout(dir / "shot.json")};
}

std::vector<float> NamedBox(const nlohmann::json& layout, const std::string& name) {
    for (const auto& b : layout["boxes"]) {
        if (b["name"] == name) return b["rect"].get<std::vector<float>>();
    }
    FAIL("no box named " << name);
    return {};
}

// The texts drawn inside a rectangle, with their boxes.
std::vector<std::pair<std::string, std::vector<float>>> TextsIn(const nlohmann::json& layout, const std::vector<float>& r) {
    std::vector<std::pair<std::string, std::vector<float>>> out;
    for (const auto& t : layout["texts"]) {
        const auto box = t["box"].get<std::vector<float>>();
        if (box[0] >= r[0] - 1 && box[2] <= r[2] + 1 && box[1] >= r[1] - 1 && box[3] <= r[3] + 1) {
            out.emplace_back(t["text"].get<std::string>(), box);
        }
    }
    return out;
}

// Dark pixels (the newest call is dark text on yellow) in the left and right halves of a box.
std::pair<int, int> DarkLeftRight(const Png& png, const std::vector<float>& box) {
    int left = 0, right = 0;
    const float mid = (box[0] + box[2]) / 2;
    for (int y = int(box[1]); y < int(box[3]); ++y) {
        for (int x = int(box[0]); x < int(box[2]); ++x) {
            const unsigned char* p = &png.rgba[(size_t(y) * png.width + x) * 4];
            if (p[0] < 90 && p[1] < 90) (x < mid ? left : right)++;
        }
    }
    return {left, right};
}

}  // namespace

TEST_CASE("Front desk: readable from the chair, one primary action, the details in one panel, waits in words",
          "[ui][screen][desk]") {
    if (!HaveDisplay()) return;
    const fs::path dir = RenderAll("desk", "de");
    for (const char* screen : {"queue", "queue-free", "queue-empty"}) {
        INFO(screen);
        const auto layout = ReadLayout(dir / (std::string(screen) + ".layout.json"));
        CheckTextsFit(layout, screen);
        // Every text at 18 px or more (the desk's 13-14 px captions were unreadable), labels
        // and titles larger.
        for (const auto& t : layout["texts"]) {
            INFO(t["text"].get<std::string>());
            CHECK(t["size_px"].get<float>() >= 18.0f);
            // Waiting times in words: no raw minutes mark ("50'", "~10'").
            const std::string text = t["text"];
            CHECK(text.find('\'') == std::string::npos);
        }
        // "Call next" is the one large button, with its key.
        const auto primary = NamedBox(layout, "primary-action");
        CHECK(primary[3] - primary[1] >= 150.0f);
        CHECK(primary[2] - primary[0] >= 600.0f);
        std::string in_primary;
        float label_px = 0;
        for (const auto& t : layout["texts"]) {
            const auto box = t["box"].get<std::vector<float>>();
            if (box[0] >= primary[0] && box[2] <= primary[2] && box[1] >= primary[1] && box[3] <= primary[3]) {
                in_primary += t["text"].get<std::string>() + "|";
                if (t["text"] == "Nächste Person aufrufen") label_px = t["size_px"].get<float>();
            }
        }
        CHECK(in_primary == "Nächste Person aufrufen|F1|");
        CHECK(label_px >= 36.0f);
        for (const auto& b : layout["boxes"]) {  // every other action is smaller
            const std::string name = b["name"];
            if (name.rfind("action-", 0) != 0) continue;
            const auto r = b["rect"].get<std::vector<float>>();
            CHECK((r[2] - r[0]) * (r[3] - r[1]) < 0.5f * (primary[2] - primary[0]) * (primary[3] - primary[1]));
        }
    }
    // At the counter: number, service, language, the interpreter flag and the times in the panel.
    const auto queue = ReadLayout(dir / "queue.layout.json");
    std::string details;
    for (const auto& [text, box] : TextsIn(queue, NamedBox(queue, "details"))) details += text + "|";
    INFO(details);
    CHECK(details.find("Dolmetschen nötig") != std::string::npos);
    CHECK(details.find("Nummer gezogen um") != std::string::npos);
    CHECK(details.find("Bedient von A.\xC2\xA0" "Demir") != std::string::npos);  // the name in one piece
    // The queue table: no column without content.
    std::string titles;
    for (const auto& [text, box] : TextsIn(queue, NamedBox(queue, "queue"))) titles += text + "|";
    CHECK(titles.find("Geschätzt") == std::string::npos);
    CHECK(titles.find("Dolmetschen|") == std::string::npos);  // the flag sits with the language
    CHECK(titles.find("Minuten") != std::string::npos);  // waited, in words
}

TEST_CASE("Front desk in Arabic: right to left, the primary action mirrored to the left, every text fitting",
          "[ui][screen][desk]") {
    if (!HaveDisplay()) return;
    const Shot shot = RenderOne("desk-ar", "--role desk --lang ar --screen queue");
    CheckTextsFit(shot.layout, "desk ar");
    const auto primary = NamedBox(shot.layout, "primary-action");
    const auto queue = NamedBox(shot.layout, "queue");
    const auto details = NamedBox(shot.layout, "details");
    CHECK(primary[0] < 100.0f);         // the end side is the left in Arabic
    CHECK(details[2] < queue[0]);       // details on the left, the queue on the right
    CHECK(queue[2] > 1820.0f);
    for (const auto& t : shot.layout["texts"]) CHECK(t["size_px"].get<float>() >= 18.0f);
}

TEST_CASE("Desk appointments, slot picker and the case managers' desk: every text fits at 18 px or more (de en ar)",
          "[ui][screen][desk][appointments]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "en", "ar"}) {
        // The referral dialog regression: its partner lines had shrunk to 15 px.
        for (const char* screen : {"appointments", "move", "follow-up", "handoff-appointment", "case-management", "referral",
                                   "handoff"}) {
            INFO(lang << " " << screen);
            const Shot shot = RenderOne(std::string("desk-") + screen + "-" + lang,
                                        std::string("--role desk --lang ") + lang + " --screen " + screen);
            CheckTextsFit(shot.layout, screen);
            for (const auto& t : shot.layout["texts"]) {
                INFO(t["text"].get<std::string>());
                CHECK(t["size_px"].get<float>() >= 18.0f);
            }
            const std::string name = screen;
            if (name == "appointments" || name == "case-management") {
                // Rows: time, reference, service, language and the three actions of an expected visitor.
                std::string texts;
                for (const auto& [text, box] : TextsIn(shot.layout, NamedBox(shot.layout, "appointments"))) texts += text + "|";
                CHECK(texts.find("-0105-") != std::string::npos);  // a reference of the gallery's day
                CHECK(NamedBox(shot.layout, "appointments-toggle")[2] > 0);
            }
            if (name == "case-management") {
                std::string handoffs;
                for (const auto& [text, box] : TextsIn(shot.layout, NamedBox(shot.layout, "handoffs"))) handoffs += text + "|";
                CHECK(handoffs.find("Amina") != std::string::npos);  // the one with consent
                CHECK(handoffs.find("-015") != std::string::npos);   // the one without, by number only
            }
            if (name == "move" || name == "follow-up" || name == "handoff-appointment") {
                std::string times;
                for (const auto& [text, box] : TextsIn(shot.layout, NamedBox(shot.layout, "slot-picker"))) times += text + "|";
                if (std::string(lang) != "ar") CHECK(times.find(":") != std::string::npos);  // the chosen day's times
            }
        }
    }
}

TEST_CASE("Regression: the call display showed a bare counter number instead of A-042 to Schalter 3 with a mirrored arrow",
          "[ui][screen][board]") {
    if (!HaveDisplay()) return;
    const std::vector<std::tuple<std::string, bool, std::string>> cases{
        {"de", false, "Schalter"}, {"ar", true, "الشباك"}, {"ti", false, "መስኮት"}};
    for (const auto& [lang, rtl, word] : cases) {
        INFO(lang);
        const Shot shot = RenderOne("board-call-" + lang, "--role board --lang " + lang);
        CheckTextsFit(shot.layout, "board " + lang);
        const auto row = NamedBox(shot.layout, "newest-call");
        const auto arrow = NamedBox(shot.layout, "call-arrow");
        const auto texts = TextsIn(shot.layout, row);
        // The ticket number, the counter's word and the counter's number, in reading order.
        std::vector<float> number, counter_word, counter_number;
        for (const auto& [text, box] : texts) {
            if (text.size() == 5 && text[1] == '-') number = box;
            else if (text == word) counter_word = box;
            else if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) counter_number = box;
        }
        REQUIRE(number.size() == 4);
        REQUIRE(counter_word.size() == 4);
        REQUIRE(counter_number.size() == 4);
        auto centre = [](const std::vector<float>& b) { return (b[0] + b[2]) / 2; };
        if (rtl) {
            CHECK(centre(number) > centre(arrow));
            CHECK(centre(arrow) > centre(counter_word));
            CHECK(centre(counter_word) > centre(counter_number));
        } else {
            CHECK(centre(number) < centre(arrow));
            CHECK(centre(arrow) < centre(counter_word));
            CHECK(centre(counter_word) < centre(counter_number));
        }
        // Readable from five metres: the numbers are large, the word not small.
        for (const auto& t : shot.layout["texts"]) {
            const auto box = t["box"].get<std::vector<float>>();
            if (box == counter_number) CHECK(t["size_px"].get<float>() >= 100);
            if (box == counter_word) CHECK(t["size_px"].get<float>() >= 48);
        }
        // The arrow points the way the row reads: its head (the heavier half) towards the counter.
        const auto [left, right] = DarkLeftRight(shot.png, arrow);
        CHECK(left + right > 200);
        CHECK((left > right) == rtl);
    }
}

TEST_CASE("Regression: ticket documents shrank one by one (ragged sizes) and one dropped out when they wrapped",
          "[ui][screen][ticket]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "uk", "ka", "ps"}) {
        for (const char* size : {"1920x1080", "1080x1920"}) {
            INFO(lang << " " << size);
            const Shot shot = RenderOne(std::string("ticket-docs-") + lang + "-" + size,
                                        std::string("--role kiosk --screen ticket --lang ") + lang + " --size " + size);
            CheckTextsFit(shot.layout, "ticket");
            // The gallery's ticket lists seven documents: each row drawn, each title at one size.
            std::set<float> sizes;
            int rows = 0;
            for (const auto& b : shot.layout["boxes"]) {
                if (b["name"] != "document") continue;
                ++rows;
                const auto texts = TextsIn(shot.layout, b["rect"].get<std::vector<float>>());
                REQUIRE(texts.size() == 1);
                for (const auto& t : shot.layout["texts"]) {
                    if (t["text"] == texts[0].first) sizes.insert(t["size_px"].get<float>());
                }
                CHECK(b["rect"][3].get<float>() <= float(shot.png.height));
            }
            CHECK(rows == 7);
            REQUIRE(sizes.size() == 1);
            CHECK(*sizes.begin() >= 24.0f);  // read from 60 cm (28 px when the visit has one stop)
        }
    }
}

TEST_CASE("Regression: the long priority answer was drawn smaller than the others", "[ui][screen][questions]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "ka", "ar"}) {
        INFO(lang);
        const Shot shot = RenderOne(std::string("questions-") + lang, std::string("--role kiosk --screen questions --lang ") + lang);
        CheckTextsFit(shot.layout, "questions");
        std::set<float> sizes;
        for (const auto& b : shot.layout["boxes"]) {
            if (b["name"] != "priority-answer") continue;
            for (const auto& [text, box] : TextsIn(shot.layout, b["rect"].get<std::vector<float>>())) {
                for (const auto& t : shot.layout["texts"]) {
                    if (t["text"] == text) sizes.insert(t["size_px"].get<float>());
                }
            }
        }
        REQUIRE(sizes.size() == 1);
        CHECK(*sizes.begin() >= 32.0f);
    }
}

TEST_CASE("Regression: portrait office cards had their text stuck to the top edge", "[ui][screen][home]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"ar", "uk"}) {
        INFO(lang);
        const Shot shot = RenderOne(std::string("home-portrait-") + lang,
                                    std::string("--role kiosk --screen home --size 1080x1920 --lang ") + lang);
        CheckTextsFit(shot.layout, "home portrait");
        int cards = 0;
        for (const auto& b : shot.layout["boxes"]) {
            if (b["name"].get<std::string>().rfind("office-", 0) != 0) continue;
            ++cards;
            const auto card = b["rect"].get<std::vector<float>>();
            const auto texts = TextsIn(shot.layout, card);
            REQUIRE(texts.size() == 2);  // the office's name and its sentence
            float top = card[3], bottom = card[1];
            for (const auto& [text, box] : texts) {
                top = std::min(top, box[1]);
                bottom = std::max(bottom, box[3]);
            }
            // The name's box begins well below the card's top: the block is centred.
            CHECK(top - card[1] > 0.15f * (card[3] - card[1]));
        }
        CHECK(cards == 3);
    }
}

TEST_CASE("Regression: screenshots rendered four frames to let the atlas settle, but the first frame is already complete",
          "[ui][screen][startup]") {
    if (!HaveDisplay()) return;
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / "first-frame";
    fs::create_directories(dir);
    const std::string terminal = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle";
    for (const char* args : {"--role kiosk --lang ti --screen ticket", "--role kiosk --lang ar --screen language",
                             "--role board --lang uk", "--role desk --lang de --screen queue"}) {
        INFO(args);
        for (const char* frames : {"1", "3"}) {
            const std::string cmd = terminal + " " + args + " --frames " + frames + " --screenshot " +
                                    (dir / (std::string("f") + frames + ".png")).string();
            RunOk(cmd);
        }
        const Png one = ReadPng(dir / "f1.png"), three = ReadPng(dir / "f3.png");
        REQUIRE(one.width > 0);
        CHECK(one.rgba == three.rgba);
    }
}

TEST_CASE("The sync status shows in German and Arabic, in the end corner (mirrored for Arabic), and the desk says since when",
          "[ui][screen][sync]") {
    if (!HaveDisplay()) return;
    const Shot de = RenderOne("sync-kiosk-de", "--role kiosk --screen home --lang de --size 1080x1920 --sync-status offline:3");
    const Shot ar = RenderOne("sync-kiosk-ar", "--role kiosk --screen home --lang ar --size 1080x1920 --sync-status offline:3");
    const auto de_box = NamedBox(de.layout, "sync-status");
    const auto ar_box = NamedBox(ar.layout, "sync-status");
    CHECK(de_box[2] > 1000);  // bottom right
    CHECK(ar_box[0] < 80);    // bottom left: the mirrored side
    CHECK(de_box[3] - de_box[1] < 40);  // small: visitors need not care
    auto texts = [](const Shot& s, const std::vector<float>& box) {
        std::string all;
        for (const auto& [text, r] : TextsIn(s.layout, box)) all += text;
        return all;
    };
    CHECK(texts(de, de_box) == "Offline · Zu senden: 3");
    CHECK(texts(ar, ar_box).find("غير متصل") != std::string::npos);
    const Shot desk = RenderOne("sync-desk-de", "--role desk --screen queue --lang de --sync-status offline:2");
    const auto band = NamedBox(desk.layout, "sync-status");
    CHECK(band[2] - band[0] > 1900);  // across the desk's foot
    CHECK(texts(desk, band).find("Keine Verbindung zur Zentrale seit") != std::string::npos);
    // Regression: the offline band covered the desk's status line (what a command did).
    for (const auto& b : desk.layout["boxes"]) {
        const std::string name = b["name"];
        if (name != "status-line" && name.rfind("action-", 0) != 0) continue;
        INFO(name);
        CHECK(b["rect"][3].get<float>() <= band[1] + 0.5f);
    }
    const Shot plain = RenderOne("sync-none", "--role kiosk --screen home --lang de");
    for (const auto& b : plain.layout["boxes"]) CHECK(b["name"] != "sync-status");  // not enrolled: no status
}

TEST_CASE("Regression: in portrait the questions card covered the note that we do not ask for a name",
          "[ui][screen][questions]") {
    if (!HaveDisplay()) return;
    for (const char* size : {"1080x1920", "720x1280"}) {
        INFO(size);
        const Shot shot = RenderOne(std::string("questions-portrait-") + size,
                                    std::string("--role kiosk --screen questions --lang ar --size ") + size);
        CheckTextsFit(shot.layout, "questions portrait");
        std::vector<float> card, note;
        for (const auto& b : shot.layout["boxes"]) {
            if (b["name"] == "priority-card") card = b["rect"].get<std::vector<float>>();
            if (b["name"] == "privacy-note") note = b["rect"].get<std::vector<float>>();
        }
        REQUIRE(card.size() == 4);
        REQUIRE(note.size() == 4);
        CHECK(card[3] <= note[1]);  // the card ends above the note
    }
}

// ---- Visitor screens' public face (issue 11) -------------------------------------------------

namespace {
// Whether UTF-8 `text` holds an Arabic-Indic (U+0660..) or Persian (U+06F0..) digit.
bool HasNativeDigit(const std::string& text) {
    for (size_t i = 0; i + 1 < text.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]), b = static_cast<unsigned char>(text[i + 1]);
        if ((a == 0xD9 && b >= 0xA0 && b <= 0xA9) || (a == 0xDB && b >= 0xB0 && b <= 0xB9)) return true;
    }
    return false;
}
}  // namespace

TEST_CASE("Out of service: visitors see a large pictogram, one sentence and where to go, nothing technical",
          "[ui][screen][broken]") {
    if (!HaveDisplay()) return;
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        for (const std::string lang : {"ka", "ar"}) {
            for (const std::string role : {"kiosk", "board"}) {
                INFO(role << " " << lang << " " << size);
                const Shot shot = RenderOne("broken-" + role + "-" + lang + "-" + size,
                                            "--role " + role + " --lang " + lang + " --size " + size +
                                                " --screen out-of-service");
                CheckTextsFit(shot.layout, "out of service " + lang);
                // Two texts (the sentence, where to go), neither technical; large and calm.
                REQUIRE(shot.layout["texts"].size() == 2);
                for (const auto& t : shot.layout["texts"]) {
                    const std::string text = t["text"].get<std::string>();
                    CHECK(text.find(".db") == std::string::npos);
                    CHECK(text.find("SQLite") == std::string::npos);
                    CHECK(t["size_px"].get<float>() >= 40.0f);
                }
                const auto icon = NamedBox(shot.layout, "out-of-service-pictogram");
                CHECK(icon[3] - icon[1] >= 200.0f);
            }
        }
    }
}

TEST_CASE("Digits: the ticket screen in ar and fa shows one kind of digits, Latin like the ticket code",
          "[ui][screen][digits]") {
    if (!HaveDisplay()) return;
    for (const std::string lang : {"ar", "fa"}) {
        INFO(lang);
        const Shot shot = RenderOne("digits-ticket-" + lang, "--role kiosk --lang " + lang + " --screen ticket");
        bool latin = false;
        for (const auto& t : shot.layout["texts"]) {
            const std::string text = t["text"].get<std::string>();
            INFO(text);
            CHECK_FALSE(HasNativeDigit(text));
            latin = latin || text.find_first_of("0123456789") != std::string::npos;
        }
        CHECK(latin);  // the code and the wait
    }
}

TEST_CASE("The call display's second line speaks a waiting visitor's language, and fits", "[ui][screen][board]") {
    if (!HaveDisplay()) return;
    for (const std::string size : {"1920x1080", "1080x1920"}) {
        INFO(size);
        const Shot shot = RenderOne("board-second-" + size, "--role board --lang de --size " + size);
        CheckTextsFit(shot.layout, "board " + size);
        const auto line = NamedBox(shot.layout, "board-second-line");
        const auto texts = TextsIn(shot.layout, line);
        REQUIRE(texts.size() == 1);
        CHECK_FALSE(texts[0].first.empty());
    }
}

TEST_CASE("Other help nearby: large topic buttons, partner cards with a large QR code, every text readable and "
          "mirrored in Arabic", "[ui][screen][nearby]") {
    if (!HaveDisplay()) return;
    for (const char* lang : {"de", "ar", "ti"}) {
        for (const char* size : {"1920x1080", "1080x1920"}) {
            const bool rtl = std::string(lang) == "ar";
            const bool portrait = std::string(size) == "1080x1920";
            const std::string name = std::string("nearby-") + lang + "-" + size;
            INFO(name);
            // Home: the entry, a large touch target beside "not sure".
            const Shot home = RenderOne(name + "-home", std::string("--role kiosk --lang ") + lang + " --size " + size +
                                                            " --screen home");
            CheckTextsFit(home.layout, name + " home");
            const auto entry = NamedBox(home.layout, "nearby");
            CHECK(entry[3] - entry[1] >= 100);
            CHECK(entry[2] - entry[0] >= 300);
            // Topics: one large button a topic, texts at the kiosk's readable size.
            const Shot topics = RenderOne(name + "-topics", std::string("--role kiosk --lang ") + lang + " --size " +
                                                                size + " --screen nearby");
            CheckTextsFit(topics.layout, name + " topics");
            int buttons = 0;
            for (const auto& b : topics.layout["boxes"]) {
                if (b["name"].get<std::string>().rfind("item-", 0) != 0) continue;
                ++buttons;
                CHECK(b["rect"][3].get<float>() - b["rect"][1].get<float>() >= 88);
                CHECK(b["rect"][3].get<float>() <= topics.layout["height"].get<float>());  // all on the screen
            }
            CHECK(buttons >= 10);
            for (const auto& t : topics.layout["texts"]) {
                INFO(t["text"].get<std::string>());
                CHECK(t["size_px"].get<float>() >= 20.0f);  // readable from 60 cm
            }
            // Partners: cards with name, address, hours and languages, every text readable; the
            // QR code large enough for a phone, at the card's end side (left in Arabic).
            const Shot partners = RenderOne(name + "-partners", std::string("--role kiosk --lang ") + lang + " --size " +
                                                                    size + " --screen nearby-partners");
            CheckTextsFit(partners.layout, name + " partners");
            for (const auto& t : partners.layout["texts"]) {
                INFO(t["text"].get<std::string>());
                CHECK(t["size_px"].get<float>() >= 20.0f);
            }
            int cards = 0;
            for (int i = 0;; ++i) {
                bool found = false;
                std::vector<float> card, qr;
                for (const auto& b : partners.layout["boxes"]) {
                    if (b["name"] == "partner-" + std::to_string(i)) card = b["rect"].get<std::vector<float>>(), found = true;
                    if (b["name"] == "partner-qr-" + std::to_string(i)) qr = b["rect"].get<std::vector<float>>();
                }
                if (!found) break;
                ++cards;
                REQUIRE(qr.size() == 4);
                CHECK(qr[2] - qr[0] >= 200);
                CHECK(((qr[0] + qr[2]) * 0.5f < (card[0] + card[2]) * 0.5f) == rtl);
                if (i == 1 && !portrait) CHECK((card[0] > 960) != rtl);  // the second card: right in LTR, left in RTL
                // The name, address and hours are inside their card.
                CHECK(TextsIn(partners.layout, card).size() >= 4);
            }
            CHECK(cards >= 2);
        }
    }
}

TEST_CASE("Visitor feedback: five large faces in one row with a word each (mirrored in Arabic), reasons, thank-you, "
          "in all 16 languages", "[ui][screen][feedback]") {
    if (!HaveDisplay()) return;
    std::vector<std::string> langs;
    for (const auto& e : fs::directory_iterator(fs::path(ANL_SOURCE_DIR) / "i18n" / "catalogs"))
        if (e.is_directory()) langs.push_back(e.path().filename().string());
    REQUIRE(langs.size() == 16);
    for (const std::string& lang : langs) {
        const bool rtl = lang == "ar" || lang == "fa" || lang == "fa-AF" || lang == "ps" || lang == "ckb";
        const bool both_sizes = lang == "de" || lang == "ar";
        for (const std::string size : {"1920x1080", "1080x1920"}) {
            if (!both_sizes && size == "1080x1920") continue;
            const std::string name = "feedback-" + lang + "-" + size;
            INFO(name);
            const std::string args = "--role kiosk --lang " + lang + " --size " + size + " --screen ";
            // Home offers it, a large touch target.
            const Shot home = RenderOne(name + "-home", args + "home");
            CheckTextsFit(home.layout, name + " home");
            const auto entry = NamedBox(home.layout, "feedback");
            CHECK(entry[3] - entry[1] >= 100);
            CHECK(entry[2] - entry[0] >= 300);
            // The faces: five in one row, each at least 150 px wide, its word inside it and
            // fitting; very dissatisfied at the start side (the right in right-to-left).
            const Shot faces = RenderOne(name + "-faces", args + "feedback");
            CheckTextsFit(faces.layout, name + " faces");
            std::vector<std::vector<float>> boxes;
            for (int score = 1; score <= 5; ++score) boxes.push_back(NamedBox(faces.layout, "face-" + std::to_string(score)));
            for (int i = 0; i < 5; ++i) {
                const auto& b = boxes[size_t(i)];
                CHECK(b[2] - b[0] >= 150);
                CHECK(b[3] - b[1] >= 200);
                CHECK(b[1] == Approx(boxes[0][1]));  // one row
                CHECK(TextsIn(faces.layout, b).size() == 1);
                if (i > 0) CHECK((rtl ? b[2] <= boxes[size_t(i - 1)][0] : b[0] >= boxes[size_t(i - 1)][2]));
            }
            for (const auto& t : faces.layout["texts"]) CHECK(t["size_px"].get<float>() >= 20.0f);
            CheckNotBlank(fs::path(ANL_BINARY_DIR) / "tests" / "screens" / (name + "-faces") / "shot.png",
                          size == "1920x1080" ? 1920 : 1080, size == "1920x1080" ? 1080 : 1920);
            // Reasons: large chips, "send", the chosen face beside it.
            const Shot reasons = RenderOne(name + "-reasons", args + "feedback-reasons");
            CheckTextsFit(reasons.layout, name + " reasons");
            int chips = 0;
            for (const auto& b : reasons.layout["boxes"]) {
                if (b["name"].get<std::string>().rfind("reason-", 0) != 0) continue;
                ++chips;
                CHECK(b["rect"][3].get<float>() - b["rect"][1].get<float>() >= 88);
            }
            CHECK(chips == 4);
            const auto send = NamedBox(reasons.layout, "feedback-send");
            CHECK(send[3] - send[1] >= 100);
            NamedBox(reasons.layout, "feedback-chosen");
            // The thank-you and the office question.
            const Shot thanks = RenderOne(name + "-thanks", args + "feedback-thanks");
            CheckTextsFit(thanks.layout, name + " thanks");
            NamedBox(thanks.layout, "feedback-done");
            const Shot office = RenderOne(name + "-office", args + "feedback-office");
            CheckTextsFit(office.layout, name + " office");
            NamedBox(office.layout, "item-0");
        }
    }
}
