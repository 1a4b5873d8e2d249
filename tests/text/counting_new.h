// The allocation counter of a test binary that links counting_new.cpp, which replaces the
// global operator new (and so may be linked into a test binary once, and only into binaries
// that count: test_text_alloc, test_text_gl).
#pragma once

#include <atomic>
#include <cstddef>

// Under AddressSanitizer the global operator new stays ASan's own: a replacement that calls
// malloc meets memory ASan's runtime allocated with its new[] and reports a mismatch, and
// ASan's bookkeeping would be counted besides. The counts are then not measured, and the
// tests that assert on them say so (skipped) instead of passing without counting.
#if defined(__SANITIZE_ADDRESS__)
#define ANL_COUNTING_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ANL_COUNTING_NEW 0
#endif
#endif
#ifndef ANL_COUNTING_NEW
#define ANL_COUNTING_NEW 1
#endif

namespace anl::text::testing {

inline constexpr bool kCountsAllocations = ANL_COUNTING_NEW != 0;

// Calls of operator new (and operator new[]) since the program started; ImGui's allocator
// hooks in test_text_gl add theirs too.
std::atomic<std::size_t>& AllocationCount();

}  // namespace anl::text::testing
