// anlaufstelle-ctl gallery: every screen of the terminal in every enabled language, as PNGs.
//   gallery --out DIR [--size WxH] [--role kiosk|desk|board ...] [--lang CODE ...] [--jobs N]
// Runs the anlaufstelle binary (next to this tool) once per role and language with
// `--screen all`, which renders each screen of the role with a demo morning (or the store
// given with --db) and writes DIR/<role>/<lang>/<screen>.png and its layout log. Afterwards
// it reads the layout logs and lists every text that did not fit its box. Needs a display
// (DISPLAY; packaging/test.sh starts Xvfb).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <vector>

#include "i18n/messages/messages.h"
#include "kiosk/base/role.h"
#include "kiosk/ctl/ctl.h"

namespace {

namespace fs = std::filesystem;

struct GalleryOptions {
    std::string out;
    std::string size = "1920x1080";
    std::vector<std::string> role_names;  // --role words; empty: every role with screens
    std::vector<anl::Role> roles{anl::Role::kKiosk, anl::Role::kDesk, anl::Role::kBoard};
    std::vector<std::string> langs;  // empty: every enabled language
    int jobs = 2;
    std::string terminal;            // the anlaufstelle binary; empty: next to this tool
};

struct Job {
    anl::Role role;
    std::string lang;
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

int Run(anl::ctl::Context& ctx, const GalleryOptions& o) {
    auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir());
    if (!messages) return anl::ctl::Fail(ctx, messages.error());
    std::vector<std::string> langs = o.langs;
    if (langs.empty()) {
        for (const auto& l : messages->Languages()) {
            if (l.enabled) langs.push_back(l.code);
        }
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
    for (const auto& role : o.roles) {
        for (const auto& lang : langs) {
            // The desk in the languages that have its texts (the others show it in English).
            if (role == anl::Role::kDesk) {
                const auto* info = messages->FindLanguage(lang);
                bool desk_texts = info != nullptr;
                if (info) {
                    for (const auto& pattern : info->fallback_keys) desk_texts = desk_texts && pattern != "desk.*";
                }
                if (!desk_texts) continue;
            }
            jobs.push_back({role, lang, fs::path(o.out) / std::string(anl::RoleName(role)) / lang});
        }
    }
    size_t next = 0, running = 0;
    int failed = 0;
    std::vector<Job*> active;
    while (next < jobs.size() || running > 0) {
        while (running < size_t(std::max(1, o.jobs)) && next < jobs.size()) {
            Job& j = jobs[next++];
            fs::create_directories(j.dir);
            std::vector<std::string> args{terminal.string(), "--role", std::string(anl::RoleName(j.role)), "--lang", j.lang, "--size", o.size,
                                          "--screen", "all", "--screenshot", j.dir.string(), "--layout-log", "yes"};
            if (ctx.db_path != "anlaufstelle.db") {
                args.push_back("--db");
                args.push_back(ctx.db_path);
            }
            j.pid = Start(args);
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
                std::vector<std::string> args{terminal.string(), "--role", std::string(anl::RoleName(j.role)), "--lang", j.lang, "--size", o.size,
                                              "--screen", "all", "--screenshot", j.dir.string(), "--layout-log", "yes"};
                if (ctx.db_path != "anlaufstelle.db") {
                    args.push_back("--db");
                    args.push_back(ctx.db_path);
                }
                int retry_status = 0;
                const pid_t again = Start(args);
                ok = again > 0 && waitpid(again, &retry_status, 0) == again && WIFEXITED(retry_status) &&
                     WEXITSTATUS(retry_status) == 0;
            }
            if (!ok) ++failed;
            if (!ctx.json) std::cout << (ok ? "rendered " : "FAILED   ") << anl::RoleName(j.role) << " " << j.lang << "\n";
        }
    }
    // Texts that did not fit their boxes, from every layout log.
    nlohmann::json overflow = nlohmann::json::array();
    int pngs = 0;
    for (const auto& j : jobs) {
        std::error_code ec;
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
    if (ctx.json) {
        anl::ctl::PrintJson({{"out", o.out}, {"pngs", pngs}, {"failed", failed}, {"overflowing_texts", overflow}});
    } else {
        std::cout << pngs << " screens in " << o.out << "; " << failed << " runs failed; " << overflow.size()
                  << " texts did not fit their box\n";
        for (const auto& t : overflow) {
            std::cout << "  " << t["file"].get<std::string>() << ": " << t["text"].get<std::string>() << "\n";
        }
    }
    if (failed > 0) {
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
    cmd->add_option("--role", o->role_names, "Only these roles (kiosk desk board)")
        ->check(CLI::IsMember({"kiosk", "desk", "board"}));
    cmd->add_option("--lang", o->langs, "Only these languages");
    cmd->add_option("--jobs", o->jobs, "Terminals rendering at the same time")->check(CLI::Range(1, 16));
    cmd->add_option("--terminal", o->terminal, "The anlaufstelle binary (default: next to this tool)");
    cmd->callback([&ctx, o] {
        if (!o->role_names.empty()) {
            o->roles.clear();
            for (const auto& name : o->role_names) o->roles.push_back(anl::ParseRole(name).value());  // checked above
        }
        Run(ctx, *o);
    });
}
