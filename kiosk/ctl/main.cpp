// anlaufstelle-ctl: wires the command groups (cmd_*.cpp) into one CLI11 app.
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
        std::cerr << j.dump() << "\n";
    } else {
        std::cerr << "anlaufstelle-ctl: " << error.message << "\n";
    }
    return ctx.exit_code;
}

void PrintJson(const nlohmann::json& value) { std::cout << value.dump() << "\n"; }

}  // namespace anl::ctl

int main(int argc, char** argv) {
    anl::ctl::Context ctx;
    CLI::App app{"anlaufstelle-ctl: run an Anlaufstelle site from the command line"};
    app.require_subcommand(1);
    app.fallthrough();  // global options may follow the subcommand: "ticket issue --db x"
    app.add_option("--db", ctx.db_path, "The terminal's local store (SQLite file)");
    app.add_option("--central", ctx.central_url, "The central service, e.g. http://127.0.0.1:8470");
    app.add_flag("--json", ctx.json, "Machine-readable output on stdout");
    app.add_option("--data-dir", "The shipped data (catalogue/, i18n/catalogs/); default: ANL_DATA_DIR, else "
                   "../share/anlaufstelle from the program")
        ->each([](const std::string& dir) {
            if (auto used = anl::UseDataDir(dir); !used.ok()) throw CLI::ValidationError(used.error().message);
        });
    for (const auto& group : anl::ctl::Groups()) group.fn(app, ctx);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 64;
    }
    return ctx.exit_code;
}
