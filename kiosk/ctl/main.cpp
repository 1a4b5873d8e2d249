// anlaufstelle-ctl: wires the command groups (cmd_*.cpp) into one CLI11 app.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <vector>

#include "kiosk/ctl/ctl.h"

namespace anl::ctl {
namespace {

struct Group {
    const char* name;
    RegisterFn fn;
};

// Filled during static initialisation by ANL_CTL_COMMANDS; read once in main.
std::vector<Group>& Groups() {
    static std::vector<Group> groups;
    return groups;
}

}  // namespace

bool AddCommandGroup(const char* name, RegisterFn fn) {
    Groups().push_back({name, fn});
    return true;
}

int Fail(Context& ctx, const Error& error) {
    ctx.exit_code = static_cast<int>(error.code);
    if (ctx.json) {
        nlohmann::json j = {{"error", error.message}, {"code", ctx.exit_code}};
        if (!error.reason.empty()) j["reason"] = error.reason;  // a refusal's stable word
        std::cerr << Dump(j) << "\n";
    } else {
        // A message may quote what someone typed or stored ("no service \"...\""): escaped, so
        // it cannot drive the operator's terminal.
        std::cerr << "anlaufstelle-ctl: " << EscapeForTerminal(error.message) << "\n";
    }
    return ctx.exit_code;
}

std::string Dump(const nlohmann::json& value) {
    // Text stored before the input checks may hold malformed UTF-8, where dump() would
    // throw (type_error 316): such a byte is shown as U+FFFD instead. Control characters
    // come out as \u001b escapes, so JSON output cannot drive a terminal either.
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void PrintJson(const nlohmann::json& value) { std::cout << Dump(value) << "\n"; }

std::string Shown(const std::string& text) { return EscapeForTerminal(text); }

Status CheckText(std::string& value, TextShape shape, std::size_t max_bytes, std::string_view what) {
    auto cleaned = CleanInputText(value, shape, max_bytes, what);
    if (!cleaned) return cleaned.error();
    value = std::move(cleaned).value();
    return {};
}

namespace {

// Options whose value is free text a person writes: cleaned (CleanInputText) by their
// command, not refused for a control character. Every other value is an id, a code, a
// number, a language or a path: one line, no control characters.
bool IsFreeText(const CLI::Option& option) {
    return option.check_name("--note") || option.check_name("--name") || option.check_name("text");
}

// Adds the control-character check to every option of `app` and its subcommands. A refused
// value is an input error (exit 1), not a usage error: the words were understood.
void CheckEveryValue(CLI::App& app, Context& ctx) {
    for (CLI::Option* option : app.get_options()) {
        if (option->get_expected_max() == 0 || IsFreeText(*option)) continue;  // flags carry no text
        const std::string name = option->get_name();
        option->check(CLI::Validator(
            [&ctx, name](std::string& value) -> std::string {
                auto ok = CheckInputText(value, TextShape::kSingleLine, 4096, "The value of " + name);
                if (ok) return {};
                ctx.input_error = ok.error();
                return ok.error().message;
            },
            "", "text"));
    }
    for (CLI::App* sub : app.get_subcommands({})) CheckEveryValue(*sub, ctx);
}

}  // namespace

}  // namespace anl::ctl

// The first word a chosen command group left unparsed ("lisst" in "queue lisst"), or "".
static std::string FirstLeftOver(const CLI::App& app) {
    for (const std::string& word : app.remaining()) return word;  // fallthrough leaves it here
    for (const CLI::App* sub : app.get_subcommands()) {
        for (const std::string& word : sub->remaining()) return word;
        if (auto deeper = FirstLeftOver(*sub); !deeper.empty()) return deeper;
    }
    return {};
}

int main(int argc, char** argv) {
    anl::ctl::Context ctx;
    // Every argument is checked before CLI11 or a JSON library sees it: a malformed byte is
    // an input error with a clear sentence, never an exception (docs/ctl.md, exit codes).
    if (auto ok = anl::CheckArguments(argc, argv); !ok) {
        ctx.json = std::any_of(argv + 1, argv + argc, [](const char* a) { return std::string_view(a) == "--json"; });
        return anl::ctl::Fail(ctx, ok.error());
    }
    try {
        CLI::App app{"anlaufstelle-ctl: run an Anlaufstelle site from the command line"};
        app.require_subcommand(1);
        app.fallthrough();  // global options may follow the subcommand: "ticket issue --db x"
        app.add_option("--db", ctx.db_path, "The terminal's local store (SQLite file)")
            ->check(CLI::Validator([](std::string& v) { return v.empty() ? "needs a file name, e.g. --db kiosk.db" : ""; },
                                   "", "not empty"));
        app.add_option("--central", ctx.central_url, "The central service, e.g. http://127.0.0.1:8470");
        app.add_flag("--json", ctx.json, "Machine-readable output on stdout");
        app.add_option("--data-dir", "The shipped data (catalogue/, i18n/catalogs/); default: ANL_DATA_DIR, else "
                       "../share/anlaufstelle from the program")
            ->each([](const std::string& dir) {
                if (auto used = anl::UseDataDir(dir); !used.ok()) throw CLI::ValidationError(used.error().message);
            });
        for (const auto& group : anl::ctl::Groups()) group.fn(app, ctx);
        anl::ctl::CheckEveryValue(app, ctx);
        try {
            app.parse(argc, argv);
        } catch (const CLI::ParseError& e) {
            if (e.get_exit_code() == 0) return app.exit(e);  // --help
            if (ctx.input_error) return anl::ctl::Fail(ctx, *ctx.input_error);
            // "queue lisst": CLI11 says only that a subcommand is required; the word it did
            // not know is left over in the group that was chosen, and is what to name.
            if (auto word = FirstLeftOver(app); !word.empty()) {
                std::cerr << anl::UsageErrorMessage("anlaufstelle-ctl", "ExtrasError",
                                                    "The following argument was not expected: " + word)
                          << "\n";
                return anl::kUsageExitCode;
            }
            std::cerr << anl::UsageErrorMessage("anlaufstelle-ctl", e.get_name(), e.what()) << "\n";
            return anl::kUsageExitCode;
        }
        return ctx.exit_code;
    } catch (const std::exception& e) {
        // A bug, not something the user did: one sentence and the documented code, never an
        // abort (exit 134) with a library's message.
        return anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInternal,
                                                  std::string("internal error (please report it): ") + e.what()));
    }
}
