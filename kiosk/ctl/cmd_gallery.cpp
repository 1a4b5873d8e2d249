// anlaufstelle-ctl gallery: every screen of the terminal in every enabled language, as PNGs.
//   gallery --out DIR [--size WxH] [--role kiosk|desk|board|admin ...] [--lang CODE ...] [--jobs N]
//           [--key-map FILE] [--mode standard|large-text,high-contrast,low-reach ...]
// Runs the anlaufstelle binary (next to this tool) once per role and language with
// `--screen all`, which renders each screen of the role with a demo morning (or the store
// given with --db) and writes DIR/<role>/<lang>/<screen>.png and its layout log. Afterwards
// it reads the layout logs and lists every text that did not fit its box. Needs a display
// (DISPLAY; packaging/test.sh starts Xvfb).
// The role "slips" (on by default) lays out every printed slip (ticket, booking, referral) in
// every language on 80 and 58 mm paper, in this process and without a display, and writes
// DIR/slips/<lang>/<slip>-<80|58>mm.png; a slip with a character no font has fails the run.
// --key-map FILE writes where each message is seen ("<role>/<screen>", from the keys each
// screen's layout log lists; "slips/<slip>" for the slips): i18n/catalogs/screens.toml, which
// the administrator's translation editor reads.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/base/role.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ctl/ctl.h"
#include "kiosk/print/print.h"

namespace {

namespace fs = std::filesystem;

struct GalleryOptions {
    std::string out;
    std::string size = "1920x1080";
    // --role words: the terminal's roles with screens, and "slips" (laid out here, no display).
    std::vector<std::string> roles{"kiosk", "desk", "board", "admin", "slips"};
    std::vector<std::string> langs;  // empty: every enabled language
    // Accessible modes to render the kiosk in (docs/accessibility.md): "standard", or the
    // terminal's --mode words joined by commas ("large-text,high-contrast"); each but the
    // standard look goes to DIR/<role>+<modes>/<lang>.
    std::vector<std::string> modes{"standard"};
    int jobs = 2;
    std::string terminal;            // the anlaufstelle binary; empty: next to this tool
    std::string key_map;             // write the key->screen map here ("" none)
};

struct Job {
    anl::Role role;
    std::string lang;
    std::string mode;  // "standard" or the terminal's --mode value
    fs::path dir;
    pid_t pid = -1;
};

fs::path TerminalNextToMe() {
    const fs::path me = anl::ExecutablePath();
    return me.empty() ? fs::path("anlaufstelle") : me.parent_path() / "anlaufstelle";
}

pid_t Start(const std::vector<std::string>& args) {
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        std::_Exit(127);
    }
    return pid;
}

// Monday 2026-01-05, 08:30 in Berlin: the terminal's gallery morning (kiosk/app/terminal.cpp).
constexpr anl::Micros kGalleryMorning = 1'767'598'200'000'000;

// Every slip kind in every language, at both paper widths. Returns the slips written; each
// slip with characters no font covers is listed in `missing` (file and code points).
using KeyScreenMap = std::map<std::string, std::vector<std::string>>;

// Notes the keys `messages` formatted since the last call as seen on `where`.
void NoteKeys(const anl::messages::Messages& messages, const std::string& where, KeyScreenMap& map) {
    for (const std::string& key : messages.TakeUsedKeys()) {
        auto& screens = map[key];
        if (std::find(screens.begin(), screens.end(), where) == screens.end()) screens.push_back(where);
    }
}

int RenderSlips(const fs::path& out, const std::vector<std::string>& langs, nlohmann::json& missing,
                std::string& error, KeyScreenMap& slip_keys) {
    anl::messages::LoadOptions zone;
    zone.time_zone = "Europe/Berlin";
    auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir(), zone);
    if (!messages) return error = messages.error().message, 0;
    auto catalogue = anl::catalogue::LoadCatalogue(anl::catalogue::DefaultCatalogueDir());
    if (!catalogue) return error = catalogue.error().message, 0;
    auto engine = anl::text::Engine::Create();
    if (!engine) return error = engine.error().message, 0;
    // The first service that asks for documents: a slip with every part filled.
    const anl::catalogue::Service* service = nullptr;
    for (const auto& s : catalogue->services)
        if (!service && !s.document_ids.empty()) service = &s;
    if (!service) return error = "The catalogue has no service with documents to show on a slip.", 0;
    int written = 0;
    messages->RecordUsedKeys(true);
    for (const auto& lang : langs) {
        anl::core::Appointment booking;
        booking.reference = std::string(1, 'A') + "-0106-0830-1";
        booking.service_id = service->id;
        booking.start_us = kGalleryMorning + 24LL * 3600 * anl::kMicrosPerSecond;
        booking.lang = lang;
        // Sample partner data (the partner directory fills it in the terminal): languages
        // in their own scripts, as the directory lists them.
        anl::print::ReferralSlip referral;
        referral.lang = lang;
        referral.partner = "Caritas Migrationsberatung";
        referral.address = "Lindenstraße 12\n50674 Köln";
        referral.hours = "Mo–Do 09:00–16:00";
        referral.languages = {"Deutsch", "English", "العربية", "پښتو", "ትግርኛ", "ქართული"};
        referral.qr_text = "https://www.caritas.example/koeln/migration";
        std::vector<std::pair<std::string, anl::print::Slip>> slips;
        (void)messages->TakeUsedKeys();
        slips.emplace_back("ticket", anl::print::MakeTicketSlip(*catalogue, *messages, lang, "A-042", service->id, 25, kGalleryMorning));
        NoteKeys(*messages, "slips/ticket", slip_keys);
        slips.emplace_back("booking", anl::print::MakeBookingSlip(*catalogue, *messages, booking));
        NoteKeys(*messages, "slips/booking", slip_keys);
        slips.emplace_back("referral", referral);
        const fs::path dir = out / "slips" / lang;
        std::error_code ec;
        fs::create_directories(dir, ec);
        for (const auto& [name, slip] : slips) {
            for (const int width : {anl::print::kDots80mm, anl::print::kDots58mm}) {
                auto rendered = anl::print::RenderSlip(**engine, *messages, slip, width);
                NoteKeys(*messages, "slips/" + name, slip_keys);
                if (!rendered) return error = rendered.error().message, written;
                const fs::path file =
                    dir / (name + (width == anl::print::kDots80mm ? "-80mm.png" : "-58mm.png"));
                if (auto ok = anl::text::WritePng(file.string(), anl::print::ToImage(rendered->raster)); !ok)
                    return error = ok.error().message, written;
                ++written;
                if (!rendered->uncovered.empty() || rendered->notdef_glyphs > 0) {
                    nlohmann::json points = nlohmann::json::array();
                    for (char32_t c : rendered->uncovered) points.push_back(static_cast<std::uint32_t>(c));
                    missing.push_back({{"file", file.string()}, {"code_points", points},
                                       {"empty_boxes", rendered->notdef_glyphs}});
                }
            }
        }
    }
    return written;
}

int Run(anl::ctl::Context& ctx, const GalleryOptions& o) {
    auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir());
    if (!messages) return anl::ctl::Fail(ctx, messages.error());
    std::vector<std::string> langs = o.langs;
    if (langs.empty()) {
        for (const auto& l : messages->Languages()) {
            if (l.enabled) langs.push_back(l.code);
        }
    }
    const bool want_slips = std::find(o.roles.begin(), o.roles.end(), "slips") != o.roles.end();
    const bool want_screens = std::any_of(o.roles.begin(), o.roles.end(), [](const auto& r) { return r != "slips"; });
    nlohmann::json missing_glyphs = nlohmann::json::array();
    KeyScreenMap slip_keys;  // which slip formats which message
    int slips = 0;
    if (want_slips) {
        std::string error;
        slips = RenderSlips(o.out, langs, missing_glyphs, error, slip_keys);
        if (!error.empty()) return anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInternal, error));
        if (!ctx.json) std::cout << "rendered " << slips << " slips in " << (fs::path(o.out) / "slips").string() << "\n";
    }
    if (!want_screens) {
        if (ctx.json) anl::ctl::PrintJson({{"out", o.out}, {"slips", slips}, {"slips_missing_glyphs", missing_glyphs}});
        for (const auto& m : missing_glyphs)
            if (!ctx.json) std::cout << "  missing glyphs: " << m["file"].get<std::string>() << "\n";
        if (!missing_glyphs.empty()) ctx.exit_code = static_cast<int>(anl::ErrorCode::kInternal);
        return ctx.exit_code;
    }
    const fs::path terminal = o.terminal.empty() ? TerminalNextToMe() : fs::path(o.terminal);
    if (!fs::exists(terminal)) {
        return anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kNotFound,
                                                  "The terminal program " + terminal.string() +
                                                      " does not exist: build the target anlaufstelle first."));
    }
    if (getenv("DISPLAY") == nullptr || *getenv("DISPLAY") == '\0') {
        return anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInvalidInput,
                                                  "The gallery needs a display: set DISPLAY (e.g. start Xvfb :99 and "
                                                  "export DISPLAY=:99)."));
    }
    std::vector<Job> jobs;
    for (const auto& mode : o.modes)
    for (const auto& role_name : o.roles) {
        const std::optional<anl::Role> role = anl::ParseRole(role_name);
        if (!role) continue;  // "slips": rendered above, in this process
        // The modes are the kiosk's (a visitor's) and the call display's high contrast.
        if (mode != "standard" && *role != anl::Role::kKiosk && !(*role == anl::Role::kBoard && mode == "high-contrast")) continue;
        const std::string dir_name = mode == "standard" ? role_name : role_name + "+" + mode;
        for (const auto& lang : langs) {
            // The desk in the languages that have its texts (the others show it in English).
            // The administration likewise (German, English, Arabic).
            if (*role == anl::Role::kDesk || *role == anl::Role::kAdmin) {
                const char* staff_keys = *role == anl::Role::kDesk ? "desk.*" : "admin.*";
                const auto* info = messages->FindLanguage(lang);
                bool desk_texts = info != nullptr;
                if (info) {
                    for (const auto& pattern : info->fallback_keys) desk_texts = desk_texts && pattern != staff_keys;
                }
                if (!desk_texts) continue;
            }
            jobs.push_back({*role, lang, mode, fs::path(o.out) / dir_name / lang});
        }
    }
    auto ArgsFor = [&](const Job& j) {
        std::vector<std::string> args{terminal.string(), "--role", std::string(anl::RoleName(j.role)), "--lang", j.lang, "--size", o.size,
                                      "--screen", "all", "--screenshot", j.dir.string(), "--layout-log", "yes"};
        if (j.mode != "standard") args.insert(args.end(), {"--mode", j.mode});
        if (ctx.db_path != "anlaufstelle.db") args.insert(args.end(), {"--db", ctx.db_path});
        return args;
    };
    size_t next = 0, running = 0;
    int failed = 0;
    std::vector<Job*> active;
    while (next < jobs.size() || running > 0) {
        while (running < size_t(std::max(1, o.jobs)) && next < jobs.size()) {
            Job& j = jobs[next++];
            fs::create_directories(j.dir);
            j.pid = Start(ArgsFor(j));
            ++running;
        }
        int status = 0;
        const pid_t done = wait(&status);
        if (done < 0) break;
        --running;
        for (auto& j : jobs) {
            if (j.pid != done) continue;
            bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            if (!ok) {
                // A busy X server sometimes refuses a connection: one more try, alone.
                int retry_status = 0;
                const pid_t again = Start(ArgsFor(j));
                ok = again > 0 && waitpid(again, &retry_status, 0) == again && WIFEXITED(retry_status) &&
                     WEXITSTATUS(retry_status) == 0;
            }
            if (!ok) ++failed;
            if (!ctx.json)
                std::cout << (ok ? "rendered " : "FAILED   ") << anl::RoleName(j.role) << " " << j.lang
                          << (j.mode == "standard" ? "" : " (" + j.mode + ")") << "\n";
        }
    }
    // Texts that did not fit their boxes, from every layout log; and which screen formats
    // which message, in the terminal's screen order.
    nlohmann::json overflow = nlohmann::json::array();
    int pngs = 0;
    KeyScreenMap key_screens = std::move(slip_keys);
    for (const auto& j : jobs) {
        std::error_code ec;
        if (!o.key_map.empty()) {
            std::vector<fs::path> logs;
            for (const auto& entry : fs::directory_iterator(j.dir, ec))
                if (entry.path().string().ends_with(".layout.json")) logs.push_back(entry.path());
            std::sort(logs.begin(), logs.end());
            for (const fs::path& file : logs) {
                std::ifstream in(file);
                const auto log = nlohmann::json::parse(in, nullptr, false);
                if (log.is_discarded() || !log.contains("keys")) continue;
                const std::string screen = file.filename().string().substr(0, file.filename().string().size() - 12);
                const std::string where = std::string(anl::RoleName(j.role)) + "/" + screen;
                for (const auto& key : log["keys"]) {
                    auto& screens = key_screens[key.get<std::string>()];
                    if (std::find(screens.begin(), screens.end(), where) == screens.end()) screens.push_back(where);
                }
            }
        }
        for (const auto& entry : fs::directory_iterator(j.dir, ec)) {
            if (entry.path().extension() == ".png") ++pngs;
            if (entry.path().string().ends_with(".layout.json")) {
                std::ifstream in(entry.path());
                const auto log = nlohmann::json::parse(in, nullptr, false);
                if (log.is_discarded() || !log.contains("texts")) continue;
                for (const auto& t : log["texts"]) {
                    if (!t.value("fits", true)) {
                        overflow.push_back({{"file", entry.path().string()}, {"text", t.value("text", "")}});
                    }
                }
            }
        }
    }
    if (!o.key_map.empty()) {
        // The service catalogue's texts also by shape: one service shown stands for all.
        KeyScreenMap shapes;
        for (const auto& [key, screens] : key_screens) {
            const anl::messages::Message* german = messages->Find("de", key);
            if (german == nullptr || fs::path(german->file).filename() != "services.toml") continue;
            auto& shape = shapes[anl::messages::KeyShape(key)];
            for (const auto& s : screens)
                if (std::find(shape.begin(), shape.end(), s) == shape.end()) shape.push_back(s);
        }
        for (auto& [shape, screens] : shapes) key_screens.emplace(shape, std::move(screens));
        std::vector<anl::messages::KeyScreens> map;
        for (auto& [key, screens] : key_screens) map.push_back({key, std::move(screens)});
        if (auto ok = anl::messages::WriteFileAtomically(o.key_map, anl::messages::KeyScreensText(map)); !ok)
            return anl::ctl::Fail(ctx, ok.error());
        if (!ctx.json) std::cout << "wrote where " << map.size() << " messages are seen to " << o.key_map << "\n";
    }
    if (ctx.json) {
        anl::ctl::PrintJson({{"out", o.out}, {"pngs", pngs}, {"failed", failed}, {"overflowing_texts", overflow},
                             {"slips", slips}, {"slips_missing_glyphs", missing_glyphs}});
    } else {
        std::cout << pngs << " screens in " << o.out << "; " << failed << " runs failed; " << overflow.size()
                  << " texts did not fit their box\n";
        for (const auto& t : overflow) {
            std::cout << "  " << t["file"].get<std::string>() << ": " << t["text"].get<std::string>() << "\n";
        }
        for (const auto& m : missing_glyphs) std::cout << "  missing glyphs: " << m["file"].get<std::string>() << "\n";
    }
    if (failed > 0 || !missing_glyphs.empty()) {
        ctx.exit_code = static_cast<int>(anl::ErrorCode::kInternal);
    }
    return ctx.exit_code;
}

}  // namespace

ANL_CTL_COMMANDS(Gallery) {
    auto o = std::make_shared<GalleryOptions>();  // kept alive by the callback
    auto* cmd = app.add_subcommand("gallery", "Render every terminal screen in every enabled language to PNG files");
    cmd->add_option("--out", o->out, "Directory for DIR/<role>/<lang>/<screen>.png")->required();
    cmd->add_option("--size", o->size, "Screen size, WIDTHxHEIGHT (1920x1080, 1080x1920)");
    cmd->add_option("--role", o->roles, "Only these roles (kiosk desk board slips)")
        ->check(CLI::IsMember({"kiosk", "desk", "board", "admin", "slips"}));
    cmd->add_option("--lang", o->langs, "Only these languages");
    cmd->add_option("--mode", o->modes,
                    "Accessible modes to render the kiosk in: standard (default), or the terminal's --mode words "
                    "joined by commas (large-text,high-contrast,low-reach); each to DIR/kiosk+MODES/<lang>")
        ->check([](const std::string& v) -> std::string {
            if (v == "standard") return {};
            for (size_t from = 0; from <= v.size();) {
                const size_t comma = std::min(v.find(',', from), v.size());
                const std::string word = v.substr(from, comma - from);
                if (word != "high-contrast" && word != "large-text" && word != "low-reach")
                    return "standard, or high-contrast, large-text, low-reach joined by commas";
                from = comma + 1;
            }
            return {};
        });
    cmd->add_option("--jobs", o->jobs, "Terminals rendering at the same time")->check(CLI::Range(1, 16));
    cmd->add_option("--terminal", o->terminal, "The anlaufstelle binary (default: next to this tool)");
    cmd->add_option("--key-map", o->key_map,
                    "Write where each message is seen (<role>/<screen>) to this file, e.g. i18n/catalogs/screens.toml");
    cmd->callback([&ctx, o] { Run(ctx, *o); });
}
