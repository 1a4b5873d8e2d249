// Fuzz target: the site catalogue loader (kiosk/catalogue, TOML through toml++). The input is
// one catalogue file (any file may hold offices, services, documents, finder and priorities);
// seed corpus tests/fuzz/catalogue/ (the shipped catalogue in one file, and small pieces).
//
// Properties: whatever the bytes, CheckCatalogue returns (no crash, no uncaught exception,
// no hang); every problem names its file; LoadCatalogue agrees with CheckCatalogue.
#include <cstdint>
#include <string_view>

#include "kiosk/catalogue/catalogue.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static anl::fuzz::ScratchDir dir("anl-fuzz-catalogue");
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    anl::fuzz::WriteFile(dir.path / "catalogue.toml", input);
    const anl::catalogue::CatalogueCheck check = anl::catalogue::CheckCatalogue(dir.path);
    for (const auto& problem : check.problems)
        anl::fuzz::Require(!problem.message.empty(), "every catalogue problem says what is wrong", input);
    const auto loaded = anl::catalogue::LoadCatalogue(dir.path);
    anl::fuzz::Require(loaded.ok() == check.problems.empty(), "LoadCatalogue agrees with CheckCatalogue", input);
    return 0;
}
