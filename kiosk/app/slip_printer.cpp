#include "kiosk/app/slip_printer.h"

namespace anl::app {

// Everything the worker uses, made on the worker.
struct SlipPrinter::Tools {
    std::unique_ptr<print::Printer> printer;
    std::filesystem::path messages_dir;
    std::optional<messages::Messages> messages;
    std::unique_ptr<text::Engine> engine;

    Status Ready() {
        if (!messages) {
            auto loaded = messages::Messages::Load(messages_dir);
            if (!loaded) return loaded.error();
            messages = std::move(loaded).value();
        }
        if (!engine) {
            auto created = text::Engine::Create();
            if (!created) return created.error();
            engine = std::move(created).value();
        }
        return {};
    }
};

Result<std::unique_ptr<SlipPrinter>> SlipPrinter::Open(std::string_view spec, std::filesystem::path messages_dir,
                                                       UiInbox& inbox) {
    auto printer = print::OpenPrinter(spec);
    if (!printer) return printer.error();
    return std::unique_ptr<SlipPrinter>(
        new SlipPrinter(std::string(spec), std::move(printer).value(), std::move(messages_dir), inbox));
}

SlipPrinter::SlipPrinter(std::string spec, std::unique_ptr<print::Printer> printer,
                         std::filesystem::path messages_dir, UiInbox& inbox)
    : spec_(std::move(spec)), inbox_(inbox), tools_(std::make_shared<Tools>()) {
    tools_->printer = std::move(printer);
    tools_->messages_dir = std::move(messages_dir);
    // Fonts and messages load now, so the first ticket prints as fast as the others.
    worker_.Post([tools = tools_] { (void)tools->Ready(); });
}

SlipPrinter::~SlipPrinter() = default;

void SlipPrinter::Print(print::Slip slip, std::string time_zone, std::function<void(Status)> done) {
    worker_.Post([tools = tools_, slip = std::move(slip), zone = std::move(time_zone), done = std::move(done),
                  inbox = &inbox_]() mutable {
        Status result = tools->Ready();
        if (result && !zone.empty() && tools->messages->TimeZone() != zone) result = tools->messages->SetTimeZone(zone);
        if (result) result = print::PrintSlip(*tools->printer, *tools->engine, *tools->messages, slip);
        inbox->Post([done = std::move(done), result = std::move(result)] { done(result); });
    });
}

}  // namespace anl::app
