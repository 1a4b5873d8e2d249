// Sanitizer builds (ANL_SANITIZE) only.
#pragma once

namespace anl {

// Under AddressSanitizer only: marks every shared library loaded now as never to be unloaded.
// glfwTerminate unloads the GL driver (Mesa's swrast under Xvfb) while the blocks the driver
// keeps for the life of the process are still allocated: once its globals are unmapped,
// LeakSanitizer no longer sees them pointing at those blocks and reports them as leaks
// with a stack into an unmapped library that no suppression can name. Kept mapped, the
// blocks stay reachable and nothing is reported. Call it once the GL context exists.
// Does nothing in every other build.
void KeepLoadedLibrariesForLeakReports();

}  // namespace anl
