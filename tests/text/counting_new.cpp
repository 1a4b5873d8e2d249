// Replaces the global operator new of the test binary it is linked into, counting every call:
// the "an unchanged frame allocates nothing" tests read the count around a frame.
#include <cstdlib>
#include <new>

#include "tests/text/counting_new.h"

namespace anl::text::testing {
std::atomic<std::size_t>& AllocationCount() {
    static std::atomic<std::size_t> count{0};  // the binary's one counter, by design
    return count;
}
}  // namespace anl::text::testing

#if ANL_COUNTING_NEW
void* operator new(std::size_t n) {
    anl::text::testing::AllocationCount().fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    return operator new(n);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
#endif  // ANL_COUNTING_NEW
