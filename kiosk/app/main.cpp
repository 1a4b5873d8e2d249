// anlaufstelle: the terminal. One binary, four roles: the kiosk at the entrance, the front
// desk at a counter, the call display in the waiting room, the administrator's desk.
#include <iostream>

#include <CLI/CLI.hpp>

#include "kiosk/app/platform.h"
#include "kiosk/app/terminal.h"

int main(int argc, char** argv) {
    // A malformed byte in an argument is a usage error, named, before any parser sees it.
    if (auto ok = anl::CheckArguments(argc, argv); !ok) {
        std::cerr << "anlaufstelle: " << ok.error().message << "\n";
        return anl::kUsageExitCode;
    }
    anl::app::TerminalOptions o;
    std::string size = "1920x1080";
    CLI::App cli{"Anlaufstelle terminal: kiosk, front desk, call display and administration"};
    // Read as a word and checked against the roles with screens, then made the enum.
    std::string role = "kiosk";
    cli.add_option("--role", role, "kiosk | desk | board | admin")->check(CLI::IsMember({"kiosk", "desk", "board", "admin"}));
    auto* db = cli.add_option("--db", o.db, "The local store (SQLite file)");
    cli.add_option("--lang", o.lang, "Language: the kiosk's start, the desk's staff texts (de, en, ar; others show English), the board's");
    cli.add_flag("--fullscreen", o.fullscreen, "Fill the primary monitor");
    cli.add_option("--size", size, "Window or screenshot size, WIDTHxHEIGHT (1920x1080, 1080x1920)");
    cli.add_option("--screen", o.screen, "With --screenshot: the screen to render (see --list-screens)");
    cli.add_option("--screenshot", o.screenshot, "Render one screen to this PNG file and exit");
    cli.add_option("--layout-log", o.layout_log, "With --screenshot: write every text box to this JSON file");
    cli.add_option("--frames", o.frames, "With --screenshot: frames to render first");
    cli.add_option("--sync-status", o.sync_status,
                   "With --screenshot: show the sync status as an enrolled terminal would, online|offline[:WAITING]")
        ->check([](const std::string& v) {
            const std::string state = v.substr(0, v.find(':'));
            return state == "online" || state == "offline" ? std::string() : std::string("online or offline, then :N");
        });
    cli.add_option("--chime-wav", o.chime_wav, "Call display: write each announcement to this WAV file instead of playing it");
    cli.add_option("--audio", o.audio, "Call display and kiosk read-aloud: alsa (default) or wav:DIR, each announcement as DIR/announcement-NNNN.wav");
    cli.add_option("--mode", o.mode,
                   "Accessible modes, comma-separated: high-contrast, large-text, low-reach (a screenshot's; the call "
                   "display's high contrast; docs/accessibility.md)");
    cli.add_option("--voice-packs", o.voice_packs, "Call display: the recorded prompt packs (default: <data dir>/voice; docs/VOICE.md)");
    cli.add_option("--printer", o.printer,
                   "Kiosk: print each ticket; desk: booking and referral slips; on escpos:/dev/usb/lp0[?width=58], "
                   "cups:QUEUE or png:DIR (docs/printing.md)");
    cli.add_option("--counter", o.counter, "Front desk: this desk's counter (1, 2 ... through the site); staff then skip the counter choice");
    cli.add_option("--data-dir", "The shipped data (catalogue/, i18n/catalogs/); default: ANL_DATA_DIR, else "
                   "../share/anlaufstelle from the program")
        ->each([](const std::string& dir) {
            if (auto used = anl::UseDataDir(dir); !used.ok()) throw CLI::ValidationError(used.error().message);
        });
    cli.add_option("--translations", o.translations,
                   "Administration: the translations to edit (<lang>/*.toml, like i18n/catalogs); default: those shown");
    cli.add_option("--catalogue", o.catalogue,
                   "Administration: the service catalogue to edit (*.toml, like assets/catalogue); default: the one shown");
    cli.add_option("--edit-lang", o.edit_lang, "With --screenshot, administration: the language the editor shows");
    cli.add_option("--edit-key", o.edit_key, "With --screenshot, administration: the message the editor shows");
    auto* edit_text = cli.add_option("--edit-text", o.edit_text,
                                     "With --screenshot, administration: the translation as typed in the editor");
    bool list = false;
    cli.add_flag("--list-screens", list, "Print the role's screen names and exit");
    // Settings from a file (the packages' /etc/anlaufstelle/kiosk.toml ...): KEY = VALUE lines
    // with the long option names; the command line wins over the file, an unknown key is an error.
    cli.set_config("--config", "", "Read options from this TOML file (KEY = VALUE, the long option names without --)");
    try {
        cli.parse(argc, argv);
        o.role = anl::ParseRole(role).value();  // IsMember let only a terminal role through
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return cli.exit(e);  // --help
        std::cerr << anl::UsageErrorMessage("anlaufstelle", e.get_name(), e.what()) << "\n";
        return anl::kUsageExitCode;
    }
    o.db_given = db->count() > 0;
    o.edit_text_given = edit_text->count() > 0;
    if (list) {
        for (const auto& name : anl::app::ScreenNames(o.role)) std::printf("%s\n", name.c_str());
        return 0;
    }
    auto wh = anl::app::ParseSize(size);
    if (!wh) {
        std::fprintf(stderr, "anlaufstelle: %s\n", wh.error().message.c_str());
        return 64;
    }
    o.width = wh->first;
    o.height = wh->second;
    return anl::app::RunTerminal(o);
}
