// worker: keeps disk (and later network) off the UI thread. The UI posts jobs to a worker
// thread; a job posts its result back to the UI inbox, which the UI drains once a frame.
// Must never: let a job touch ImGui or a view model directly (only through the inbox).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace anl::app {

// Results waiting for the UI thread. Post from any thread; Drain on the UI thread.
class UiInbox {
public:
    explicit UiInbox(std::function<void()> wake) : wake_(std::move(wake)) {}
    void Post(std::function<void()> result);
    // Runs every posted result on the calling (UI) thread; returns how many ran.
    int Drain();

private:
    std::mutex mutex_;
    std::deque<std::function<void()>> results_;
    std::function<void()> wake_;
};

// One background thread running jobs in the order they were posted.
class Worker {
public:
    Worker();
    ~Worker();  // finishes the jobs already posted, then joins
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;
    void Post(std::function<void()> job);
    // True while a job runs or waits (the UI may show "working").
    bool Busy();

private:
    void Run();
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool running_job_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace anl::app
