// KeepLoadedLibrariesForLeakReports: see sanitizer.h.
#include "kiosk/base/sanitizer.h"

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#include <dlfcn.h>
#include <link.h>
#endif

namespace anl {

#if defined(__SANITIZE_ADDRESS__)
namespace {
int PinLibrary(dl_phdr_info* info, std::size_t, void*) {
    // The main program has an empty name; the vDSO cannot be opened by name.
    if (info->dlpi_name == nullptr || info->dlpi_name[0] == '\0') return 0;
    // RTLD_NOLOAD: only a library that is loaded already; RTLD_NODELETE: never unmap it. The
    // extra reference is never closed on purpose.
    (void)dlopen(info->dlpi_name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    return 0;
}
}  // namespace

void KeepLoadedLibrariesForLeakReports() { dl_iterate_phdr(PinLibrary, nullptr); }
#else
void KeepLoadedLibrariesForLeakReports() {}
#endif

}  // namespace anl
