// Waiting in tests: on a condition with a deadline, never a fixed sleep. A fixed sleep is too
// short on a loaded machine (a flaky failure) and too long everywhere else (a slow suite).
#pragma once

#include <chrono>
#include <thread>

namespace anl::test {

// Checks `condition` until it holds or `deadline` has passed (checking every `every` in
// between); returns whether it held. Use as REQUIRE(WaitUntil([&] { ... }, 5s)).
template <typename Condition>
bool WaitUntil(Condition condition, std::chrono::milliseconds deadline,
               std::chrono::milliseconds every = std::chrono::milliseconds(5)) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(every);
    }
    return condition();
}

}  // namespace anl::test
