// slip_printer: the terminal's printer (--printer SPEC). Slips are laid out and sent on their
// own worker thread with their own text engine and messages (the UI thread's engine must never
// be used from two threads, and the UI's messages are replaced when a configuration arrives);
// the result comes back through the UI inbox. A slip is sent once: a fault is reported, never
// retried, so a visitor never holds two tickets.
// Must never: block the UI thread, touch a view model from the worker.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "kiosk/app/worker.h"
#include "kiosk/print/print.h"

namespace anl::app {

class SlipPrinter {
public:
    // Parses the spec (a malformed one is an error now; a printer switched off is the first
    // slip's fault) and starts loading fonts and messages from `messages_dir` on the worker.
    static Result<std::unique_ptr<SlipPrinter>> Open(std::string_view spec, std::filesystem::path messages_dir,
                                                     UiInbox& inbox);
    ~SlipPrinter();  // finishes a slip already being sent, then joins

    // Lays out and prints `slip` on the worker, dates in `time_zone`; `done` runs on the UI
    // thread with the outcome.
    void Print(print::Slip slip, std::string time_zone, std::function<void(Status)> done);

    const std::string& spec() const { return spec_; }

private:
    struct Tools;
    SlipPrinter(std::string spec, std::unique_ptr<print::Printer> printer, std::filesystem::path messages_dir,
                UiInbox& inbox);
    std::string spec_;
    UiInbox& inbox_;
    std::shared_ptr<Tools> tools_;  // used only on the worker
    Worker worker_;                 // last: stops first
};

}  // namespace anl::app
