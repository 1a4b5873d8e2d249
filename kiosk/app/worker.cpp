#include "kiosk/app/worker.h"

namespace anl::app {

void UiInbox::Post(std::function<void()> result) {
    {
        std::lock_guard lock(mutex_);
        results_.push_back(std::move(result));
    }
    if (wake_) wake_();
}

int UiInbox::Drain() {
    std::deque<std::function<void()>> ready;
    {
        std::lock_guard lock(mutex_);
        ready.swap(results_);
    }
    for (auto& r : ready) r();
    return int(ready.size());
}

Worker::Worker() : thread_([this] { Run(); }) {}

Worker::~Worker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void Worker::Post(std::function<void()> job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

bool Worker::Busy() {
    std::lock_guard lock(mutex_);
    return running_job_ || !jobs_.empty();
}

void Worker::Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and every posted job has run
        auto job = std::move(jobs_.front());
        jobs_.pop_front();
        running_job_ = true;
        lock.unlock();
        job();
        lock.lock();
        running_job_ = false;
    }
}

}  // namespace anl::app
