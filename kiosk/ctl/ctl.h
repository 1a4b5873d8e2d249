// ctl: anlaufstelle-ctl, the scripting and operations tool. Everything a terminal can do,
// without a screen. A thin main: each command group lives in its own cmd_*.cpp and only
// calls the same module functions the screens' actions call.
//
// Exit codes (docs/ctl.md): 0 ok; 1 invalid input; 2 not found; 3 rejected by a rule;
// 4 storage error; 5 corrupt file; 6 network; 7 unauthorized; 8 internal; 64 usage.
// Errors go to stderr as one clear sentence; --json puts machine-readable output on stdout.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "kiosk/base/base.h"

namespace anl::ctl {

// Options every command sees (set before a subcommand's callback runs).
struct Context {
    std::string db_path = "anlaufstelle.db";  // --db: the terminal's local store
    std::string central_url;                  // --central: the central service, for sync
    bool json = false;                        // --json: machine-readable output on stdout
    int exit_code = 0;                        // set by a command's callback
    std::optional<Error> input_error;         // a value refused while parsing (exit 1, not 64)
};

// A command group adds its subcommands to the app. Register one with ANL_CTL_COMMANDS.
using RegisterFn = void (*)(CLI::App& app, Context& ctx);
bool AddCommandGroup(const char* name, RegisterFn fn);

// Reports a failed Result: prints its message to stderr (or {"error":...} with --json) and
// sets the exit code from its ErrorCode. Returns the exit code.
int Fail(Context& ctx, const Error& error);

// Prints a JSON value on stdout, one document per line. Never throws: malformed UTF-8 in
// stored text becomes U+FFFD (Dump).
void PrintJson(const nlohmann::json& value);
std::string Dump(const nlohmann::json& value);

// Text of unknown origin (names, notes, ids read from the store) for a terminal line:
// control characters become visible escapes (EscapeForTerminal).
std::string Shown(const std::string& text);

// Cleans free text a person typed into a flag (--note, --name): ESC sequences and control
// characters removed, trimmed (CleanInputText). Fails for malformed UTF-8 or too long text.
Status CheckText(std::string& value, TextShape shape, std::size_t max_bytes, std::string_view what);

}  // namespace anl::ctl

// In a cmd_*.cpp: ANL_CTL_COMMANDS(Queue) { app.add_subcommand(...); }
#define ANL_CTL_COMMANDS(group)                                                         \
    static void RegisterCommands_##group(CLI::App& app, ::anl::ctl::Context& ctx);      \
    [[maybe_unused]] static const bool kRegistered_##group =                            \
        ::anl::ctl::AddCommandGroup(#group, &RegisterCommands_##group);                 \
    static void RegisterCommands_##group(CLI::App& app, ::anl::ctl::Context& ctx)
