// The administrator's screens under a display (label "screen"): every screen renders in
// German, English and Arabic, is not blank, fits its texts, and Arabic mirrors the navigation;
// and the translation editor's live preview shows a message with the same glyphs as the kiosk's
// own screen shows it (the layout logs' texts, sizes and boxes compared).
#include <catch2/catch.hpp>

#include <png.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "i18n/messages/messages.h"
#include "tests/support/skip.h"

namespace fs = std::filesystem;

namespace {

fs::path OutDir(const std::string& name) {
    const fs::path dir = fs::path(ANL_BINARY_DIR) / "tests" / "screens" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void RunTerminal(const std::string& args) {
    const std::string cmd = std::string(ANL_BINARY_DIR) + "/bin/anlaufstelle " + args;
    INFO(cmd);
    const int rc = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(rc));
    REQUIRE(WEXITSTATUS(rc) == 0);
}

nlohmann::json ReadLayout(const fs::path& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

// More than the background: enough pixels differ from the most common colour, in many shades.
void CheckNotBlank(const fs::path& path) {
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    REQUIRE(png_image_begin_read_from_file(&image, path.c_str()));
    image.format = PNG_FORMAT_RGBA;
    std::vector<unsigned char> rgba(PNG_IMAGE_SIZE(image));
    REQUIRE(png_image_finish_read(&image, nullptr, rgba.data(), 0, nullptr));
    CHECK(image.width == 1920);
    CHECK(image.height == 1080);
    std::map<uint32_t, int> histogram;
    for (size_t i = 0; i + 3 < rgba.size(); i += 4 * 7)
        histogram[(uint32_t(rgba[i]) << 16) | (uint32_t(rgba[i + 1]) << 8) | rgba[i + 2]]++;
    int total = 0, most = 0;
    for (auto& [c, n] : histogram) total += n, most = std::max(most, n);
    CHECK(histogram.size() > 20);
    CHECK(double(total - most) / total > 0.02);
}

const nlohmann::json* FindBox(const nlohmann::json& layout, const std::string& name) {
    for (const auto& b : layout["boxes"])
        if (b["name"] == name) return &b;
    return nullptr;
}

const nlohmann::json* FindText(const nlohmann::json& layout, const std::string& text) {
    for (const auto& t : layout["texts"])
        if (t["text"] == text) return &t;
    return nullptr;
}

}  // namespace

TEST_CASE("Administration screens render in de, en and ar, fit their texts, and Arabic mirrors the navigation",
          "[ui][screen][admin]") {
    if (!anl::test::HaveDisplay()) return;
    for (const char* lang : {"de", "en", "ar"}) {
        SECTION(lang) {
            const fs::path dir = OutDir(std::string("admin-") + lang);
            RunTerminal("--role admin --lang " + std::string(lang) + " --screen all --screenshot " + dir.string() +
                        " --layout-log yes");
            for (const char* screen : {"signin", "signin-error", "languages", "editor", "editor-error", "catalogue",
                                       "catalogue-error", "catalogue-diff", "catalogue-hours", "catalogue-pictogram",
                                       "catalogue-counters", "catalogue-partners", "catalogue-kiosk",
                                       "catalogue-finder", "staff", "staff-add", "staff-member",
                                       "staff-last-admin", "audit", "dashboard", "dashboard-today", "dashboard-arrivals",
                                       "dashboard-heatmap", "dashboard-walkins", "dashboard-languages"}) {
                INFO(lang << " " << screen);
                CheckNotBlank(dir / (std::string(screen) + ".png"));
                const auto layout = ReadLayout(dir / (std::string(screen) + ".layout.json"));
                for (const auto& t : layout["texts"]) {
                    INFO("\"" << t["text"].get<std::string>() << "\" needs " << t["size"].dump() << " in " << t["box"].dump());
                    CHECK(t["fits"].get<bool>());
                }
                if (std::string(screen) == "signin" || std::string(screen) == "signin-error") continue;
                const auto* nav = FindBox(layout, "admin-nav");
                REQUIRE(nav != nullptr);
                const bool right = (*nav)["rect"][0].get<float>() > 960;
                CHECK(right == (std::string(lang) == "ar"));
            }
            const auto languages = ReadLayout(dir / "languages.layout.json");
            for (const char* code : {"de", "ps", "ti", "ar", "uk"}) {
                CHECK(FindBox(languages, std::string("row-") + code) != nullptr);
                CHECK(FindBox(languages, std::string("bar-") + code) != nullptr);
                // The language's own name and its English name side by side, the own name at the
                // start side (regression: in Arabic both were drawn into the same half).
                const auto* own = FindBox(languages, std::string("name-") + code);
                const auto* english = FindBox(languages, std::string("english-") + code);
                REQUIRE(own != nullptr);
                REQUIRE(english != nullptr);
                const bool rtl = std::string(lang) == "ar";
                if (rtl) CHECK((*own)["rect"][0].get<float>() >= (*english)["rect"][2].get<float>());
                else CHECK((*own)["rect"][2].get<float>() <= (*english)["rect"][0].get<float>());
            }
            // Staff: every account a row; the new member's PINs as dots only; removing asks first;
            // the store's refusal to drop the last administrator in the status line.
            auto messages = anl::messages::Messages::Load(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs");
            REQUIRE(messages.ok());
            const std::string chrome_lang = std::string(lang);
            const auto staff = ReadLayout(dir / "staff.layout.json");
            for (const char* number : {"1042", "1107", "2077", "2081", "3015"})
                CHECK(FindBox(staff, std::string("staff-") + number) != nullptr);
            CHECK(FindBox(staff, "staff-form") == nullptr);
            const auto add = ReadLayout(dir / "staff-add.layout.json");
            CHECK(FindBox(add, "staff-form") != nullptr);
            CHECK(FindBox(add, "field-pin") != nullptr);
            CHECK(FindText(add, "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2") != nullptr);
            for (const auto& t : add["texts"]) CHECK(t["text"].get<std::string>().find("730418") == std::string::npos);
            CHECK(FindBox(ReadLayout(dir / "staff-member.layout.json"), "confirm-remove") != nullptr);
            const auto last = ReadLayout(dir / "staff-last-admin.layout.json");
            CHECK(FindBox(last, "status") != nullptr);
            CHECK(FindText(last, std::string(messages->Text(chrome_lang, "admin.staff.last_admin"))) != nullptr);
            const auto audit = ReadLayout(dir / "audit.layout.json");
            CHECK(FindBox(audit, "audit-row-13") != nullptr);
            CHECK(FindBox(audit, "audit-row-14") == nullptr);
            CHECK(FindText(audit, std::string(messages->Text(chrome_lang, "admin.audit.kind.config_rolled_back"))) != nullptr);
            // The dashboard: the chart at the start side, its table beside it at the end side (right
            // to left in Arabic), the live view above, and figures (not "computing") in every chart.
            for (const char* screen : {"dashboard", "dashboard-today", "dashboard-arrivals", "dashboard-heatmap",
                                       "dashboard-walkins", "dashboard-languages"}) {
                INFO(lang << " " << screen);
                const auto layout = ReadLayout(dir / (std::string(screen) + ".layout.json"));
                CHECK(FindBox(layout, "note") == nullptr);
                CHECK(FindBox(layout, "live-table") != nullptr);
                const auto* table = FindBox(layout, "chart-table");
                const auto* plot = FindBox(layout, "chart-plot");
                REQUIRE(table != nullptr);
                REQUIRE(plot != nullptr);
                const bool rtl = std::string(lang) == "ar";
                if (rtl) CHECK((*plot)["rect"][0].get<float>() >= (*table)["rect"][2].get<float>());
                else CHECK((*plot)["rect"][2].get<float>() <= (*table)["rect"][0].get<float>());
            }
            // The axis labels go through the text engine: the heat map's weekdays in the language.
            const auto heat = ReadLayout(dir / "dashboard-heatmap.layout.json");
            const std::string monday = std::string(lang) == "de" ? "Mo" : std::string(lang) == "en" ? "Mon" : "الإثنين";
            CHECK(FindText(heat, monday) != nullptr);
            // The check's error shows in the editor with a broken placeholder, and nothing can be saved.
            const auto error = ReadLayout(dir / "editor-error.layout.json");
            bool said = false;
            for (const auto& t : error["texts"]) said = said || t["text"].get<std::string>().find("{ticket}") != std::string::npos;
            CHECK(said);
            // The Catalogue page: the services listed, the loader's sentence beside a wrong
            // duration, the checked change in the diff, the versions with "roll back".
            const auto catalogue = ReadLayout(dir / "catalogue.layout.json");
            CHECK(FindBox(catalogue, "row-abh.eat-collect") != nullptr);
            CHECK(FindBox(catalogue, "row-abh") != nullptr);
            CHECK(FindBox(catalogue, "row-holidays") != nullptr);
            CHECK(FindBox(catalogue, "rollback-2") != nullptr);
            CHECK(FindBox(catalogue, "rollback-3") == nullptr);  // the newest: nothing to roll back to
            const auto wrong = ReadLayout(dir / "catalogue-error.layout.json");
            bool loader_said = false;
            for (const auto& t : wrong["texts"])
                loader_said = loader_said || t["text"].get<std::string>().find("'typical_minutes' is 600") != std::string::npos;
            CHECK(loader_said);
            const auto diff = ReadLayout(dir / "catalogue-diff.layout.json");
            bool listed = false;
            for (const auto& t : diff["texts"]) {
                const std::string text = t["text"].get<std::string>();
                listed = listed || (text.find("abh.eat-collect") != std::string::npos && text.find("20") != std::string::npos &&
                                    text.find("10") != std::string::npos);
            }
            CHECK(listed);
            // The other tabs: counter 2's services ticked (one off) and the change listed; the
            // kiosk's timeout refused with the loader's sentence; the finder's answers as rows.
            const auto counters = ReadLayout(dir / "catalogue-counters.layout.json");
            for (const char* box : {"tab-counters", "row-counter:1", "row-counter:6", "add", "ticks", "tick-abh.eat-collect"})
                CHECK(FindBox(counters, box) != nullptr);
            CHECK(FindBox(counters, "row-abh.eat-collect") == nullptr);  // the services' list is the other tab
            bool counter_listed = false;
            for (const auto& t : counters["texts"])
                counter_listed = counter_listed || t["text"].get<std::string>().find("abh.naturalisation-info") != std::string::npos;
            CHECK(counter_listed);
            // Partners: one row a partner, the first one's hours changed and listed.
            const auto partners = ReadLayout(dir / "catalogue-partners.layout.json");
            for (const char* box : {"tab-partners", "row-partner:refugee-law-clinic", "add"}) CHECK(FindBox(partners, box) != nullptr);
            bool hours_listed = false;
            for (const auto& t : partners["texts"])
                hours_listed = hours_listed || t["text"].get<std::string>().find("Sa 10–12") != std::string::npos;
            CHECK(hours_listed);
            const auto kiosk = ReadLayout(dir / "catalogue-kiosk.layout.json");
            CHECK(FindBox(kiosk, "row-kiosk:inactivity") != nullptr);
            bool timeout_said = false;
            for (const auto& t : kiosk["texts"])
                timeout_said = timeout_said || t["text"].get<std::string>().find("'inactivity_seconds' is 10") != std::string::npos;
            CHECK(timeout_said);
            // The site's opening hours: their tab, Thursday an hour longer checked and listed.
            const auto hours = ReadLayout(dir / "catalogue-hours.layout.json");
            for (const char* box : {"tab-hours", "row-site:site_hours", "row-site:closed"}) CHECK(FindBox(hours, box) != nullptr);
            bool longer_listed = false;
            for (const auto& t : hours["texts"])
                longer_listed = longer_listed || t["text"].get<std::string>().find("thu 13:00-18:30") != std::string::npos;
            CHECK(longer_listed);
            // A pictogram typed: its glyph beside the field, inside the panel.
            const auto pictogram = ReadLayout(dir / "catalogue-pictogram.layout.json");
            const auto* glyph = FindBox(pictogram, "field-pictogram");
            const auto* value = FindBox(pictogram, "value");
            REQUIRE(glyph != nullptr);
            REQUIRE(value != nullptr);
            CHECK((*glyph)["rect"][0].get<float>() >= (*value)["rect"][0].get<float>());
            CHECK((*glyph)["rect"][2].get<float>() <= (*value)["rect"][2].get<float>());
            const auto finder = ReadLayout(dir / "catalogue-finder.layout.json");
            CHECK(FindBox(finder, "row-question:topic") != nullptr);
            CHECK(FindBox(finder, "row-answer:papers/card") != nullptr);
        }
    }
}

TEST_CASE("The editor's live preview shows a Pashto service with the same glyphs as the kiosk's own screen",
          "[ui][screen][admin]") {
    if (!anl::test::HaveDisplay()) return;
    auto messages = anl::messages::Messages::Load(fs::path(ANL_SOURCE_DIR) / "i18n/catalogs");
    REQUIRE(messages.ok());
    const std::string key = "service.abh.permit-extension.name";
    const std::string text(messages->Text("ps", key));
    const fs::path dir = OutDir("admin-preview");
    RunTerminal("--role kiosk --lang ps --screen services --screenshot " + (dir / "kiosk.png").string() + " --layout-log " +
                (dir / "kiosk.json").string());
    RunTerminal("--role admin --lang de --screen editor --edit-lang ps --edit-key " + key + " --screenshot " +
                (dir / "admin.png").string() + " --layout-log " + (dir / "admin.json").string());
    const auto kiosk = ReadLayout(dir / "kiosk.json");
    const auto admin = ReadLayout(dir / "admin.json");
    const auto* on_kiosk = FindText(kiosk, text);
    const auto* in_preview = FindText(admin, text);
    REQUIRE(on_kiosk != nullptr);
    REQUIRE(in_preview != nullptr);
    INFO("kiosk " << on_kiosk->dump() << "\npreview " << in_preview->dump());
    CHECK((*on_kiosk)["size_px"].get<float>() == Approx((*in_preview)["size_px"].get<float>()));
    CHECK((*on_kiosk)["size"][0].get<float>() == Approx((*in_preview)["size"][0].get<float>()).margin(0.5));
    CHECK((*on_kiosk)["size"][1].get<float>() == Approx((*in_preview)["size"][1].get<float>()).margin(0.5));
    const auto width = [](const nlohmann::json& t) { return t["box"][2].get<float>() - t["box"][0].get<float>(); };
    CHECK(width(*on_kiosk) == Approx(width(*in_preview)).margin(0.5));
    CHECK((*in_preview)["fits"].get<bool>());
    // Right to left: the preview's button starts at the right edge of its stage, as on the kiosk.
    const auto* preview = FindBox(admin, "preview");
    REQUIRE(preview != nullptr);
    CHECK((*preview)["rect"][2].get<float>() > 1800);
}
