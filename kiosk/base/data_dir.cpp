// The data directory (base.h, section 4): one rule for every program and every tree.
#include <cstdlib>

#include "kiosk/base/base.h"

#ifndef ANL_DATA_FROM_BIN
#error "ANL_DATA_FROM_BIN (the data directory relative to the programs' directory) comes from cmake/AnlaufstelleLayout.cmake"
#endif

namespace anl {
namespace fs = std::filesystem;

namespace {

// Where the rule points, and how it got there (for the error).
struct Choice {
    fs::path dir;        // empty: the program cannot tell where it lies
    bool given = false;  // by --data-dir or ANL_DATA_DIR (else: next to the program)
    fs::path program;
};

Choice Choose() {
    Choice choice;
    if (const char* value = std::getenv(kDataDirVariable); value != nullptr && *value != '\0') {
        std::error_code ec;
        fs::path dir = fs::absolute(fs::path(value), ec);
        choice.dir = (ec ? fs::path(value) : dir).lexically_normal();
        choice.given = true;
        return choice;
    }
    choice.program = ExecutablePath();
    if (!choice.program.empty()) choice.dir = (choice.program.parent_path() / ANL_DATA_FROM_BIN).lexically_normal();
    return choice;
}

Error NotFound(const Choice& choice) {
    const std::string how = " Pass --data-dir DIR or set " + std::string(kDataDirVariable) +
                            " to the folder that holds catalogue/ and i18n/catalogs/ (an installed "
                            "PREFIX/share/anlaufstelle).";
    if (choice.given) {
        return MakeError(ErrorCode::kNotFound, "The data directory " + choice.dir.string() + " (named by --data-dir or " +
                                                   kDataDirVariable + ") is not a directory." + how);
    }
    if (choice.dir.empty()) {
        return MakeError(ErrorCode::kNotFound,
                         "The program's data (service catalogue, translations) cannot be found: the system does not "
                         "say where this program lies (/proc/self/exe), --data-dir was not given and " +
                             std::string(kDataDirVariable) + " is not set." + how);
    }
    return MakeError(ErrorCode::kNotFound,
                     "The program's data (service catalogue, translations) was not found: it looked in " +
                         choice.dir.string() + " (" + ANL_DATA_FROM_BIN + " from the program " +
                         choice.program.string() + "); --data-dir was not given and " + kDataDirVariable +
                         " is not set." + how);
}

}  // namespace

fs::path ExecutablePath() {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe;
}

Status UseDataDir(const std::string& dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) {
        return MakeError(ErrorCode::kNotFound, "'" + dir + "' is not a directory; name the folder that holds "
                                               "catalogue/ and i18n/catalogs/ (an installed PREFIX/share/anlaufstelle).");
    }
    fs::path absolute = fs::absolute(fs::path(dir), ec);
    if (ec) absolute = dir;
    ::setenv(kDataDirVariable, absolute.lexically_normal().c_str(), 1);
    return {};
}

Result<fs::path> FindDataDir() {
    Choice choice = Choose();
    std::error_code ec;
    if (choice.dir.empty() || !fs::is_directory(choice.dir, ec)) return NotFound(choice);
    return choice.dir;
}

fs::path DataPath(const fs::path& relative) {
    Choice choice = Choose();
    // Without a place to look, a relative path that names itself in the error.
    return choice.dir.empty() ? relative : choice.dir / relative;
}

std::string MissingDataHint(const fs::path& missing) {
    Choice choice = Choose();
    std::error_code ec;
    if (!choice.dir.empty() && fs::is_directory(choice.dir, ec)) return "";
    if (!choice.dir.empty()) {
        const fs::path inside = missing.lexically_normal().lexically_relative(choice.dir);
        if (inside.empty() || *inside.begin() == "..") return "";
    } else if (!missing.is_relative()) {
        return "";
    }
    return " " + NotFound(choice).message;
}

}  // namespace anl
