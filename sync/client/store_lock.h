// Private to sync/client: holds the terminal's store mutex (when there is one) for one store
// call, never across the network.
#pragma once

#include <mutex>

namespace anl::sync {

class StoreLock {
public:
    explicit StoreLock(std::mutex* m) : m_(m) {
        if (m_) m_->lock();
    }
    ~StoreLock() {
        if (m_) m_->unlock();
    }
    StoreLock(const StoreLock&) = delete;
    StoreLock& operator=(const StoreLock&) = delete;

private:
    std::mutex* m_;
};

}  // namespace anl::sync
