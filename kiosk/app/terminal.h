// terminal: the anlaufstelle program's wiring. Loads the catalogue, the messages and the text
// engine, opens the platform, runs one role (kiosk, desk, board, admin) with its store on a worker
// thread, and sleeps between events. Also renders one named screen to a PNG (--screenshot).
#pragma once

#include <string>
#include <vector>

#include "kiosk/base/role.h"

namespace anl::app {

struct TerminalOptions {
    Role role = Role::kKiosk;             // kiosk | desk | board | admin
    std::string db = "anlaufstelle.db";   // the local store
    bool db_given = false;                // --db was on the command line
    std::string lang;                     // visitor (kiosk, board) or staff (desk) language
    bool fullscreen = false;
    int width = 1920, height = 1080;
    std::string screen;                   // with screenshot: which screen, e.g. "service"; "all":
                                          // every screen, and screenshot names a directory
    std::string screenshot;               // PNG path: render one frame and exit
    std::string layout_log;               // JSON path: every text box of the last frame
    std::string chime_wav;                // write the chime here instead of playing it
    std::string audio;                    // board: "alsa" (default) or "wav:DIR", one WAV per announcement;
                                          // kiosk: where read-aloud speaks (wav:DIR, one WAV per chunk)
    std::string mode;                     // accessible modes, "high-contrast,large-text,low-reach": a
                                          // screenshot's (the gallery), the call display's look
    std::string voice_packs;              // board: recorded prompt packs (default <data dir>/voice)
    std::string printer;                  // kiosk: where tickets print (docs/printing.md), "" none
    int counter = 0;
    std::string sync_status;              // screenshot: show the sync status, "online" or
                                          // "offline", optionally ":N" events waiting
    std::string translations;             // admin: the catalogue folder edited ("" = the one shown)
    std::string catalogue;                // admin: the service catalogue folder edited ("" = the one shown)
    std::string edit_lang, edit_key;      // admin screenshot: the editor's language and message
    std::string edit_text;                // admin screenshot: the translation as typed
    bool edit_text_given = false;
    int frames = 1;                       // screenshot: frames to render before reading back (the
                                          // first is complete: glyphs are uploaded before it draws)
};

// The screens a role can show with --screen, in gallery order.
std::vector<std::string> ScreenNames(Role role);

// Runs the terminal; returns the process exit code. Errors go to stderr as one sentence.
int RunTerminal(const TerminalOptions& options);

}  // namespace anl::app
