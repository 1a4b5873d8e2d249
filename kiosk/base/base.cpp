#include "kiosk/base/base.h"

#include <chrono>

namespace anl {

Micros SystemClock::NowUtcMicros() const {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace anl
