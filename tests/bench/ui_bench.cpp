// ui_bench: the terminal's frame budget and footprint (needs a display, e.g. Xvfb).
//   1. CPU frame build time of the busiest screens, excluding the GL driver: view model +
//      screen + ImGui::Render(), without the backend's draw (goal: median <= 0.5 ms).
//        - front desk with 300 waiting tickets
//        - kiosk service screen in Pashto
//   2. Cold start to first frame and resident memory of `anlaufstelle --screenshot` against a
//      headless Chromium rendering an equivalent static HTML page of the same screen (same
//      texts, same fonts), measured in the same run, printed as ratios.
//   3. The floor under both: this program started with --gl-floor opens the same offscreen
//      window, GL context and ImGui and renders one frame with one word in ImGui's own font
//      (same libraries, no data, no text engine): what the GL driver and the window system
//      cost before the terminal does anything of its own.
//      And one traced run of the terminal (ANL_STARTUP_TRACE=1) shows where its time goes.
//   4. With --before PATH: another build of the terminal (e.g. main's) in the same runs, to
//      compare a change under the same load.
// Usage: ui_bench [--frames N] [--runs N] [--no-chromium] [--before PATH]
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "i18n/messages/messages.h"
#include "i18n/text/text.h"
#include "i18n/text/text_gl.h"
#include "imgui.h"
#include "kiosk/app/demo_site.h"
#include "kiosk/app/platform.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ui/text_painter.h"
#include "kiosk/ui/viewmodels/desk_session.h"
#include "kiosk/ui/viewmodels/kiosk_flow.h"

using namespace anl;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;

double Median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
double Percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

// Sum of resident memory (kB) of a process and all its descendants, from /proc.
long TreeRssKb(pid_t root) {
    std::vector<std::pair<pid_t, pid_t>> procs;  // pid, ppid
    std::vector<std::pair<pid_t, long>> rss;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::isdigit(static_cast<unsigned char>(name[0]))) continue;
        std::ifstream status(entry.path() / "status");
        std::string line;
        pid_t ppid = 0;
        long kb = 0;
        while (std::getline(status, line)) {
            if (line.rfind("PPid:", 0) == 0) ppid = std::atoi(line.c_str() + 5);
            if (line.rfind("VmRSS:", 0) == 0) kb = std::atol(line.c_str() + 6);
        }
        procs.push_back({std::atoi(name.c_str()), ppid});
        rss.push_back({std::atoi(name.c_str()), kb});
    }
    std::vector<pid_t> tree{root};
    for (bool grew = true; grew;) {
        grew = false;
        for (auto [pid, ppid] : procs) {
            if (std::find(tree.begin(), tree.end(), ppid) != tree.end() &&
                std::find(tree.begin(), tree.end(), pid) == tree.end()) {
                tree.push_back(pid);
                grew = true;
            }
        }
    }
    long total = 0;
    for (auto [pid, kb] : rss) {
        if (std::find(tree.begin(), tree.end(), pid) != tree.end()) total += kb;
    }
    return total;
}

struct RunResult {
    double seconds = 0;
    long peak_rss_kb = 0;
    bool ok = false;
};

// Runs a command to completion, sampling the process tree's resident memory every 10 ms.
// `stderr_path`: where the command's standard error goes (default: nowhere); `trace`: with
// ANL_STARTUP_TRACE=1, so the terminal prints its start-up phases there.
RunResult Measure(const std::vector<std::string>& args, const std::string& stderr_path = "/dev/null",
                  bool trace = false) {
    RunResult r;
    const auto start = Steady::now();
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        const int null = open("/dev/null", O_WRONLY);
        const int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(null, 1);
        dup2(err >= 0 ? err : null, 2);
        if (trace) setenv("ANL_STARTUP_TRACE", "1", 1);
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        std::_Exit(127);
    }
    int status = 0;
    for (;;) {
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        r.peak_rss_kb = std::max(r.peak_rss_kb, TreeRssKb(pid));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    r.seconds = std::chrono::duration<double>(Steady::now() - start).count();
    r.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    kill(-pid, SIGKILL);  // any helper a browser left behind
    return r;
}

std::string Html(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '&') out += "&amp;";
        else out += c;
    }
    return out;
}

// The kiosk service screen as a static page: the same texts, fonts and layout idea.
std::string ServicePage(const ui::ServiceView& v, bool rtl) {
    std::ostringstream h;
    h << "<!doctype html><html lang='" << v.chrome.lang << "' dir='" << (rtl ? "rtl" : "ltr") << "'><head><meta charset='utf-8'>"
      << "<style>@font-face{font-family:'Material Icons';src:url('file:///usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf');}"
      << ".i{font-family:'Material Icons';font-size:64px;color:#184a8c;vertical-align:middle}"
      << "body{margin:0;width:1920px;height:1080px;background:#f6f5f1;font-family:'Noto Sans','Noto Sans Arabic',sans-serif;color:#16181d}"
      << ".bar{display:flex;gap:20px;padding:32px 32px 0}.b{border:2px solid #d0cdc4;border-radius:20px;background:#fff;height:96px;display:flex;align-items:center;padding:0 24px;font-size:34px;gap:20px}"
      << ".sp{flex:1}.prog{display:flex;gap:12px;margin:24px 32px}.prog div{flex:1;height:10px;border-radius:5px;background:#d0cdc4}.prog .on{background:#184a8c}"
      << ".cols{display:flex;gap:28px;margin:0 32px;height:560px}.card{background:#fff;border:2px solid #d0cdc4;border-radius:24px;padding:36px}"
      << ".a{flex:52}.d{flex:48}h1{font-size:50px;margin:0}h2{font-size:42px;margin:0 0 20px}p{font-size:36px}"
      << ".doc{font-size:34px;border-bottom:1.5px solid #d0cdc4;padding:12px 0;display:flex;gap:20px;align-items:center}"
      << ".bot{display:flex;gap:28px;margin:28px 32px}.take{flex:58;background:#184a8c;color:#fff;border-radius:20px;height:130px;display:flex;align-items:center;justify-content:center;font-size:46px}"
      << ".add{flex:42;border:3px solid #184a8c;border-radius:20px;height:130px;display:flex;align-items:center;justify-content:center;font-size:34px;background:#fff}"
      << "</style></head><body>"
      << "<div class='bar'><div class='b'><span class='i'>" << (rtl ? "arrow_forward" : "arrow_back") << "</span>" << Html(v.chrome.back_label) << "</div><div class='sp'></div>"
      << "<div class='b'><span class='i'>language</span>" << Html(v.chrome.language_label) << "</div>"
      << "<div class='b'><span class='i'>home</span>" << Html(v.chrome.start_again_label) << "</div></div>"
      << "<div class='prog'>";
    for (int i = 0; i < v.chrome.steps; ++i) h << "<div" << (i < v.chrome.step ? " class='on'" : "") << "></div>";
    h << "</div><div class='cols'><div class='card a'><span class='i' style='font-size:110px'>" << v.pictogram << "</span>"
      << "<div style='color:#166e3c;font-size:30px'>" << Html(v.office_name) << "</div><h1>" << Html(v.name) << "</h1><p>"
      << Html(v.description) << "</p><p><span class='i'>schedule</span> " << Html(v.wait_text) << "</p></div>"
      << "<div class='card d'><h2><span class='i'>checklist</span> " << Html(v.documents_title) << "</h2>";
    for (const auto& d : v.documents) h << "<div class='doc'><span class='i'>" << d.pictogram << "</span>" << Html(d.title) << "</div>";
    h << "</div></div><div class='bot'><div class='add'><span class='i'>add_circle</span>" << Html(v.add_stop_label)
      << "</div><div class='take'><span class='i' style='color:#fff'>confirmation_number</span>" << Html(v.continue_label)
      << "</div></div></body></html>\n";
    return h.str();
}

struct FrameBench {
    app::Platform platform;
    std::unique_ptr<text::Engine> engine;
    std::unique_ptr<text::GlTextRenderer> renderer;
    std::unique_ptr<ui::EngineTextPainter> painter;
    ui::UiContext context;

    bool Open() {
        app::WindowOptions w;
        w.offscreen = true;
        if (auto ok = platform.Open(w); !ok) {
            std::fprintf(stderr, "ui_bench: %s\n", ok.error().message.c_str());
            return false;
        }
        auto e = text::Engine::Create();
        if (!e) {
            std::fprintf(stderr, "ui_bench: %s\n", e.error().message.c_str());
            return false;
        }
        engine = std::move(e.value());
        renderer = std::make_unique<text::GlTextRenderer>(*engine);
        painter = std::make_unique<ui::EngineTextPainter>(*engine, *renderer);
        context.painter = painter.get();
        ui::SetUiContext(&context);
        return true;
    }

    // Times `frames` frames of `draw` (view model + screen + ImGui::Render), after a warm-up
    // that lets the layout cache and the glyph atlas settle. Returns per-frame milliseconds.
    template <typename F>
    std::vector<double> Time(int frames, F&& draw) {
        for (int i = 0; i < 5; ++i) {  // warm up through the real renderer, atlas uploaded
            platform.BeginFrame();
            ui::UiActions a;
            draw(a);
            renderer->Upload();
            platform.EndFrame();
        }
        std::vector<double> ms;
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1920, 1080);
        io.DeltaTime = 1.0f / 60;
        for (int i = 0; i < frames; ++i) {
            const auto t0 = Steady::now();
            engine->BeginFrame();
            ImGui::NewFrame();
            ui::UiActions a;
            draw(a);
            ImGui::Render();  // builds the draw lists; the GL backend does not run
            ms.push_back(std::chrono::duration<double, std::milli>(Steady::now() - t0).count());
        }
        return ms;
    }
};

}  // namespace

// --gl-floor: the window system and GL driver alone (see 3. above).
int GlFloor() {
    app::Platform platform;
    app::WindowOptions w;
    w.offscreen = true;
    if (auto ok = platform.Open(w); !ok) return 1;
    platform.BeginFrame();
    // One line in ImGui's own font: a textured, blended draw, so the driver compiles the same
    // shader variant the terminal's text needs.
    ImGui::GetForegroundDrawList()->AddText(ImVec2(40, 40), IM_COL32(22, 24, 29, 255), "floor");
    platform.EndFrame();  // clears, renders the draw data, waits for the GPU
    return 0;
}

int main(int argc, char** argv) {
    if (argc > 1 && !std::strcmp(argv[1], "--gl-floor")) return GlFloor();
    int frames = 300, runs = 5;
    bool chromium = true;
    std::string before;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--frames") && i + 1 < argc) frames = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--no-chromium")) chromium = false;
        else if (!std::strcmp(argv[i], "--before") && i + 1 < argc) before = argv[++i];
    }
    auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
    auto msgs = messages::Messages::Load(messages::Messages::DefaultDir());
    if (!cat || !msgs) {
        std::fprintf(stderr, "ui_bench: catalogue or messages did not load\n");
        return 1;
    }
    const catalogue::Catalogue& catalogue = cat.value();
    const messages::Messages& messages = msgs.value();

    // A store with 300 waiting tickets (memory-backed directory when there is one).
    const fs::path dir = (fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path()) /
                         ("anl-ui-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    FakeClock clock(kMorning);
    ui::SnapshotPtr busy;
    {
        auto store = store::Store::Open(dir / "busy.db", clock);
        if (!store || !app::SeedDemoSite(**store, clock, catalogue, 12).ok()) {
            std::fprintf(stderr, "ui_bench: could not seed the store\n");
            return 1;
        }
        // 300 more visitors for the first office, in every language, some with an interpreter.
        std::vector<std::string> services;
        for (const auto& s : catalogue.services) {
            if (s.office_id == catalogue.offices[0].id && !s.needs_appointment) services.push_back(s.id);
        }
        const char* langs[] = {"ar", "ps", "uk", "fa-AF", "ti", "tr", "so", "ru", "ckb", "ka"};
        for (int i = 0; i < 300; ++i) {
            core::IssueTicket issue{services[size_t(i) % services.size()], langs[i % 10], i % 11 == 3 ? "children" : "",
                                    i % 4 == 1, 0};
            if (!(*store)->Execute(issue).ok()) {
                std::fprintf(stderr, "ui_bench: could not issue ticket %d\n", i);
                return 1;
            }
            clock.Advance(20 * kMicrosPerSecond);
        }
        busy = app::TakeSnapshot(**store, clock.NowUtcMicros());
    }
    int waiting_first_office = 0;
    for (const auto& e : busy->queue) {
        if (e.office_id == catalogue.offices[0].id && e.state == core::TicketState::kWaiting) ++waiting_first_office;
    }

    FrameBench bench;
    if (!bench.Open()) return 1;

    // 1a. Desk with every waiting ticket of the site in one office's list.
    ui::DeskSession desk(catalogue, messages, ui::DeskSettings{});
    desk.SetSnapshot(busy);
    desk.SetNow(clock.NowUtcMicros());
    desk.SignedInForGallery("1042", "A. Demir", {catalogue.offices[0].id, 1});
    const auto desk_view = desk.Desk();
    const auto desk_vm_ms = bench.Time(frames, [&](ui::UiActions& a) { ui::DrawDeskScreen(desk.Desk(), a); });
    const auto desk_screen_ms = bench.Time(frames, [&](ui::UiActions& a) { ui::DrawDeskScreen(desk_view, a); });

    // 1b. Kiosk service screen in Pashto.
    ui::KioskFlow kiosk(catalogue, messages, ui::KioskSettings{});
    kiosk.SetFacts(ui::KioskFacts{busy->new_ticket_wait});
    kiosk.ShowForGallery(ui::KioskScreen::kService, "ps", clock.NowUtcMicros());
    const auto service_view = kiosk.Service();
    const auto kiosk_vm_ms = bench.Time(frames, [&](ui::UiActions& a) { ui::DrawServiceScreen(kiosk.Service(), a); });
    const auto kiosk_screen_ms = bench.Time(frames, [&](ui::UiActions& a) { ui::DrawServiceScreen(service_view, a); });

    std::printf("Terminal frame build (CPU, without the GL backend), %d frames each\n", frames);
    std::printf("  desk, %zu rows in the list (%d waiting), view model + screen: median %.3f ms, p95 %.3f ms\n",
                desk_view.rows.size(), waiting_first_office, Median(desk_vm_ms), Percentile(desk_vm_ms, 0.95));
    std::printf("  desk, screen only:                             median %.3f ms, p95 %.3f ms\n", Median(desk_screen_ms),
                Percentile(desk_screen_ms, 0.95));
    std::printf("  kiosk service (ps), view model + screen:       median %.3f ms, p95 %.3f ms\n", Median(kiosk_vm_ms),
                Percentile(kiosk_vm_ms, 0.95));
    std::printf("  kiosk service (ps), screen only:               median %.3f ms, p95 %.3f ms\n", Median(kiosk_screen_ms),
                Percentile(kiosk_screen_ms, 0.95));
    std::printf("  goal: median <= 0.5 ms -> %s\n",
                std::max(Median(desk_vm_ms), Median(kiosk_vm_ms)) <= 0.5 ? "met" : "NOT met");

    // 2. Cold start to first frame and resident memory, against headless Chromium.
    std::error_code ec;
    const fs::path me = ExecutablePath();
    fs::path terminal = me.parent_path().parent_path() / "bin" / "anlaufstelle";
    if (!fs::exists(terminal)) terminal = me.parent_path() / "anlaufstelle";
    std::vector<double> ours_s, chrome_s, floor_s, before_s;
    std::vector<double> ours_mb, chrome_mb, floor_mb, before_mb;
    const std::string html_path = (dir / "kiosk-service-ps.html").string();
    std::ofstream(html_path) << ServicePage(service_view, text::IsRightToLeft("ps"));
    for (int r = 0; r < runs; ++r) {
        auto ours = Measure({terminal.string(), "--role", "kiosk", "--lang", "ps", "--screen", "service", "--db",
                             (dir / "busy.db").string(), "--frames", "1", "--screenshot", (dir / "ours.png").string()});
        if (ours.ok) {
            ours_s.push_back(ours.seconds);
            ours_mb.push_back(double(ours.peak_rss_kb) / 1024);
        }
        if (!before.empty()) {
            auto b = Measure({before, "--role", "kiosk", "--lang", "ps", "--screen", "service", "--db",
                              (dir / "busy.db").string(), "--frames", "1", "--screenshot", (dir / "before.png").string()});
            if (b.ok) {
                before_s.push_back(b.seconds);
                before_mb.push_back(double(b.peak_rss_kb) / 1024);
            }
        }
        auto floor = Measure({me.string(), "--gl-floor"});
        if (floor.ok) {
            floor_s.push_back(floor.seconds);
            floor_mb.push_back(double(floor.peak_rss_kb) / 1024);
        }
        if (chromium && fs::exists("/usr/bin/chromium")) {
            const fs::path profile = dir / ("chromium-profile-" + std::to_string(r));
            auto theirs = Measure({"/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                   "--disable-background-networking", "--no-first-run", "--user-data-dir=" + profile.string(),
                                   "--window-size=1920,1080", "--screenshot=" + (dir / "chromium.png").string(),
                                   "file://" + html_path});
            if (theirs.ok) {
                chrome_s.push_back(theirs.seconds);
                chrome_mb.push_back(double(theirs.peak_rss_kb) / 1024);
            }
            fs::remove_all(profile, ec);
        }
    }
    std::printf("Cold start to first frame (process start to PNG written and exit), %d runs, medians\n", runs);
    std::printf("  anlaufstelle kiosk service (ps):     %.3f s, peak resident %.1f MB\n", Median(ours_s), Median(ours_mb));
    if (!chrome_s.empty()) {
        std::printf("  headless chromium, same page (HTML): %.3f s, peak resident %.1f MB (all its processes)\n",
                    Median(chrome_s), Median(chrome_mb));
        std::printf("  ratio chromium/anlaufstelle: start %.1fx, memory %.1fx\n", Median(chrome_s) / Median(ours_s),
                    Median(chrome_mb) / Median(ours_mb));
    } else {
        std::printf("  headless chromium: not measured (not installed or --no-chromium)\n");
    }
    std::printf("  goals: start <= 0.25 s -> %s, memory <= 60 MB -> %s\n", Median(ours_s) <= 0.25 ? "met" : "NOT met",
                Median(ours_mb) <= 60 ? "met" : "NOT met");
    if (!before_s.empty()) {
        std::printf("  before (%s): %.3f s, peak resident %.1f MB\n", before.c_str(), Median(before_s), Median(before_mb));
    }
    if (!floor_s.empty()) {
        std::printf("  floor: window + GL context + ImGui + one frame of one word, no data: %.3f s, peak resident %.1f MB\n",
                    Median(floor_s), Median(floor_mb));
        std::printf("  above the floor (the terminal's own share): %.3f s, %.1f MB\n", Median(ours_s) - Median(floor_s),
                    Median(ours_mb) - Median(floor_mb));
    }
    // One traced run: the terminal's own account of its start-up phases.
    const std::string trace_path = (dir / "trace.txt").string();
    auto traced = Measure({terminal.string(), "--role", "kiosk", "--lang", "ps", "--screen", "service", "--db",
                           (dir / "busy.db").string(), "--frames", "1", "--screenshot", (dir / "ours.png").string()},
                          trace_path, true);
    if (traced.ok) {
        std::printf("One traced run (ANL_STARTUP_TRACE=1; the loading thread's phases overlap the window's):\n");
        std::ifstream trace(trace_path);
        for (std::string line; std::getline(trace, line);) std::printf("  %s\n", line.c_str());
    }
    fs::remove_all(dir, ec);
    return 0;
}
