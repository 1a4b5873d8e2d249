// The allocation counter of a test binary that links counting_new.cpp, which replaces the
// global operator new (and so may be linked into a test binary once, and only into binaries
// that count: test_text_alloc, test_text_gl).
#pragma once

#include <atomic>
#include <cstddef>

namespace anl::text::testing {

// Calls of operator new (and operator new[]) since the program started; ImGui's allocator
// hooks in test_text_gl add theirs too.
std::atomic<std::size_t>& AllocationCount();

}  // namespace anl::text::testing
