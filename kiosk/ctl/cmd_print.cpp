// anlaufstelle-ctl print: a slip as the terminal prints it, for scripts, tests and a printer
// check at the counter.
//   print ticket --ticket A-042 [--printer SPEC] [--catalogue DIR]
//   print booking --reference A-0329-0830-1 [--printer SPEC] [--catalogue DIR]
//   print referral --partner ID [--lang L] [--printer SPEC] [--catalogue DIR]
// Without --printer, the catalogue's [kiosk] printer.
// SPEC: escpos:/dev/usb/lp0[?width=58], cups:QUEUE, png:DIR (docs/printing.md). The slip is
// printed once; a printer fault is an error (exit 4 device, 2 unknown queue, 6 no CUPS).
#include <iostream>
#include <string>

#include "kiosk/ctl/store_session.h"
#include "kiosk/print/print.h"

namespace {

struct PrintOptions {
    std::string ticket;
    std::string reference;
    std::string partner;
    std::string lang = "de";
    std::string printer;
    std::string catalogue_dir;
};

// Everything a slip needs besides the store: messages in the site's zone, the catalogue's
// words (documents are not in the store), the text engine and the printer.
struct SlipTools {
    std::optional<anl::messages::Messages> messages;
    std::optional<anl::catalogue::Catalogue> catalogue;
    std::unique_ptr<anl::text::Engine> engine;
    std::unique_ptr<anl::print::Printer> printer;
};

std::optional<SlipTools> Prepare(anl::ctl::Context& ctx, const PrintOptions& o, const anl::store::Store& s) {
    SlipTools tools;
    auto messages = anl::messages::Messages::Load(anl::messages::Messages::DefaultDir());
    if (!messages) return anl::ctl::Fail(ctx, messages.error()), std::nullopt;
    if (auto zone = messages->SetTimeZone(s.site().rules.time_zone); !zone)
        return anl::ctl::Fail(ctx, zone.error()), std::nullopt;
    tools.messages = std::move(messages).value();
    auto catalogue = anl::catalogue::LoadCatalogue(
        o.catalogue_dir.empty() ? anl::catalogue::DefaultCatalogueDir() : std::filesystem::path(o.catalogue_dir));
    if (!catalogue) return anl::ctl::Fail(ctx, catalogue.error()), std::nullopt;
    tools.catalogue = std::move(catalogue).value();
    // Without --printer: the site's kiosk printer ([kiosk] printer), as a kiosk started without
    // --printer prints.
    const std::string spec = !o.printer.empty() ? o.printer : tools.catalogue->kiosk.printer;
    if (spec.empty())
        return anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInvalidInput,
                                                  "No printer: give --printer SPEC, or set [kiosk] printer in the catalogue.")),
               std::nullopt;
    auto printer = anl::print::OpenPrinter(spec);
    if (!printer) return anl::ctl::Fail(ctx, printer.error()), std::nullopt;
    tools.printer = std::move(printer).value();
    auto engine = anl::text::Engine::Create();
    if (!engine) return anl::ctl::Fail(ctx, engine.error()), std::nullopt;
    tools.engine = std::move(engine).value();
    return tools;
}

void Print(anl::ctl::Context& ctx, SlipTools& tools, const anl::print::Slip& slip) {
    if (auto printed = anl::print::PrintSlip(*tools.printer, *tools.engine, *tools.messages, slip); !printed) {
        anl::ctl::Fail(ctx, printed.error());
        return;
    }
    const std::string name = anl::print::SlipName(slip);
    if (ctx.json)
        anl::ctl::PrintJson({{"printed", name}, {"printer", tools.printer->Spec()}});
    else
        std::cout << "printed " << name << " on " << anl::ctl::Shown(tools.printer->Spec()) << "\n";
}

}  // namespace

ANL_CTL_COMMANDS(Print) {
    auto opts = std::make_shared<PrintOptions>();
    auto* group = app.add_subcommand("print", "Print a ticket or booking slip (ESC/POS device, CUPS queue or PNG)");
    group->require_subcommand(1);
    const auto common = [opts](CLI::App* cmd) {
        cmd->add_option("--printer", opts->printer,
                        "escpos:/dev/usb/lp0[?width=58], cups:QUEUE or png:DIR (docs/printing.md); default: the "
                        "catalogue's [kiosk] printer");
        cmd->add_option("--catalogue", opts->catalogue_dir, "Catalogue directory (default: the shipped one)");
    };

    auto* ticket = group->add_subcommand("ticket", "Print a walk-in ticket as the kiosk does when it issues one");
    ticket->add_option("--ticket", opts->ticket, "Ticket number (A-042) or ticket id")->required();
    common(ticket);
    ticket->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto id = s.ResolveTicket(opts->ticket);
        if (!id) return (void)anl::ctl::Fail(ctx, id.error());
        const anl::core::Ticket* t = s.state().FindTicket(*id);
        const anl::core::Visit* v = t ? s.state().FindVisit(t->visit_id) : nullptr;
        if (!ANL_ALWAYS(t != nullptr && v != nullptr)) return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInternal, "The ticket's visit is missing."));
        int wait = 0;
        for (const auto& e : s.Queue())
            if (e.ticket_id == t->id) wait = e.estimated_wait_minutes;
        auto tools = Prepare(ctx, *opts, s);
        if (!tools) return;
        Print(ctx, *tools,
              anl::print::MakeTicketSlip(*tools->catalogue, *tools->messages, v->lang.empty() ? "de" : v->lang,
                                         v->display, t->service_id, wait, v->arrival_at));
    });

    auto* booking = group->add_subcommand("booking", "Print a booking confirmation with its QR code");
    booking->add_option("--reference", opts->reference, "The booking reference, e.g. A-0329-0830-1")->required();
    common(booking);
    booking->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        std::optional<anl::core::Appointment> found;
        for (auto& a : s.Appointments())
            if (a.reference == opts->reference) found = a;
        if (!found)
            return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kNotFound,
                                                            "There is no booking " + anl::ctl::Shown(opts->reference) +
                                                                " in this store; `appointment list` shows them."));
        auto tools = Prepare(ctx, *opts, s);
        if (!tools) return;
        Print(ctx, *tools, anl::print::MakeBookingSlip(*tools->catalogue, *tools->messages, *found));
    });

    auto* referral = group->add_subcommand("referral", "Print a referral slip for a partner of the directory");
    referral->add_option("--partner", opts->partner, "The partner's id (`referral partners` lists them)")->required();
    referral->add_option("--lang", opts->lang, "The visitor's language")->capture_default_str();
    common(referral);
    referral->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto tools = Prepare(ctx, *opts, *session->store);
        if (!tools) return;
        const anl::catalogue::Partner* partner = tools->catalogue->FindPartner(opts->partner);
        if (partner == nullptr)
            return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kNotFound,
                                                            "There is no partner " + anl::ctl::Shown(opts->partner) +
                                                                " in the directory; `referral partners` lists them."));
        if (tools->messages->FindLanguage(opts->lang) == nullptr)
            return (void)anl::ctl::Fail(ctx, anl::MakeError(anl::ErrorCode::kInvalidInput,
                                                            "--lang " + anl::ctl::Shown(opts->lang) +
                                                                " is not a language of this site."));
        Print(ctx, *tools, anl::print::MakeReferralSlip(*tools->messages, opts->lang, *partner));
    });
}
