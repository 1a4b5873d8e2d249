// The data directory (kiosk/base, section 4): --data-dir > ANL_DATA_DIR > ../share/anlaufstelle
// from the program. The installed tree is checked end to end by tests/install.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "kiosk/base/base.h"

namespace fs = std::filesystem;

namespace {

// A fresh directory for one test, and ANL_DATA_DIR as it was before.
struct Scratch {
    fs::path dir;
    Scratch() {
        dir = fs::temp_directory_path() / ("anl-data-dir-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir);
        ::unsetenv(anl::kDataDirVariable);
    }
    ~Scratch() {
        ::unsetenv(anl::kDataDirVariable);
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

}  // namespace

TEST_CASE("Without flag or variable the data directory is ../share/anlaufstelle from the program", "[base][data-dir]") {
    Scratch scratch;
    const fs::path program = anl::ExecutablePath();
    REQUIRE_FALSE(program.empty());
    auto found = anl::FindDataDir();
    REQUIRE(found.ok());
    // The build tree has the installed layout: build/tests/test_base -> build/share/anlaufstelle.
    CHECK(found.value() == (program.parent_path() / ".." / "share" / "anlaufstelle").lexically_normal());
    CHECK(fs::is_directory(found.value() / "catalogue"));
    CHECK(fs::is_directory(found.value() / "i18n" / "catalogs"));
    CHECK(anl::DataPath("catalogue") == found.value() / "catalogue");
    CHECK(anl::MissingDataHint(found.value() / "no-such-folder").empty());
}

TEST_CASE("ANL_DATA_DIR names the data directory, and --data-dir wins over it", "[base][data-dir]") {
    Scratch scratch;
    fs::create_directories(scratch.dir / "from-env");
    fs::create_directories(scratch.dir / "from-flag");
    ::setenv(anl::kDataDirVariable, (scratch.dir / "from-env").c_str(), 1);
    auto found = anl::FindDataDir();
    REQUIRE(found.ok());
    CHECK(found.value() == scratch.dir / "from-env");
    CHECK(anl::DataPath("i18n/catalogs") == scratch.dir / "from-env" / "i18n/catalogs");

    REQUIRE(anl::UseDataDir((scratch.dir / "from-flag").string()).ok());
    found = anl::FindDataDir();
    REQUIRE(found.ok());
    CHECK(found.value() == scratch.dir / "from-flag");
}

TEST_CASE("The flag --data-dir refuses a folder that does not exist and keeps the one before", "[base][data-dir]") {
    Scratch scratch;
    ::setenv(anl::kDataDirVariable, scratch.dir.c_str(), 1);
    const fs::path missing = scratch.dir / "missing";
    auto used = anl::UseDataDir(missing.string());
    REQUIRE_FALSE(used.ok());
    CHECK(used.error().code == anl::ErrorCode::kNotFound);
    CHECK_THAT(used.error().message, Catch::Contains(missing.string()) && Catch::Contains("not a directory"));
    auto found = anl::FindDataDir();
    REQUIRE(found.ok());
    CHECK(found.value() == scratch.dir);
    CHECK_FALSE(anl::UseDataDir("").ok());
}

TEST_CASE("A data directory that is not there gives an error naming where it looked", "[base][data-dir]") {
    Scratch scratch;
    const fs::path missing = scratch.dir / "gone";
    ::setenv(anl::kDataDirVariable, missing.c_str(), 1);
    auto found = anl::FindDataDir();
    REQUIRE_FALSE(found.ok());
    CHECK(found.error().code == anl::ErrorCode::kNotFound);
    CHECK_THAT(found.error().message,
               Catch::Contains(missing.string()) && Catch::Contains("ANL_DATA_DIR") && Catch::Contains("--data-dir"));
    // A loader's "does not exist" for a path inside it gains that sentence; elsewhere nothing.
    CHECK(anl::MissingDataHint(missing / "catalogue") == " " + found.error().message);
    CHECK(anl::MissingDataHint(scratch.dir / "elsewhere").empty());
}
