// anlaufstelle-ctl appointment: appointment slots, as the kiosk's and desk's booking screens
// will use them (the same store and sync-client calls).
//
//   appointment slots --service S --date YYYY-MM-DD [--catalogue DIR]
//   appointment book --service S --slot ID [--lang L] [--offline]   prints the booking reference
//   appointment cancel --ref REFERENCE                               (desks)
//   appointment check-in --reference REF    the kiosk's "I have an appointment": a ticket on time
//   appointment escrow [--renew | --return]                          what this terminal holds
//   appointment list                                                 every booking it knows
//   appointment today --office O [--date D]                          an office's bookings that day (desks)
//   appointment move --ref REFERENCE --slot ID [--offline]           to another slot; old kept until new held
//
// Online (enrolled and the central reachable) a booking holds the slot at the central first;
// offline it comes from this terminal's escrow. Either way the booking is an event that the
// next sync round sends; a booking the central refuses shows as "refused" with its reason.
#include <algorithm>
#include <iostream>
#include <optional>

#include "kiosk/catalogue/catalogue.h"
#include "kiosk/ctl/store_session.h"
#include "sync/client/client.h"
#include "sync/client/escrow.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;
namespace sync = anl::sync;

struct AppointmentOptions {
    std::string service;
    std::string date;
    std::string slot;
    std::string lang = "de";
    std::string reference;
    std::string catalogue_dir;
    std::string office;
    bool offline = false;
    bool renew = false;
    bool give_back = false;
};

// The terminal's sync credentials and a transport, when it is enrolled.
struct Central {
    sync::Journal journal;
    std::unique_ptr<sync::Transport> transport;
};
std::optional<Central> ConnectCentral(anl::ctl::Context& ctx) {
    auto journal = sync::Journal::Load(ctx.db_path);
    if (!journal.ok() || !journal->enrolled()) return std::nullopt;
    std::string url = ctx.central_url.empty() ? journal->credentials().central_url : ctx.central_url;
    return Central{std::move(journal).value(), sync::MakeCurlTransport(url)};
}

// Sends the new event at once when the central is reachable; offline it waits for the next round.
void SyncSoon(anl::ctl::StoreSession& session, std::optional<Central>& central) {
    if (!central) return;
    sync::SyncEngine engine(*session.store, central->journal, *central->transport, session.clock);
    (void)engine.RunRound(0);
}

nlohmann::json AppointmentJson(const anl::core::Appointment& a, const std::string& zone) {
    return {{"id", a.id},
            {"reference", a.reference},
            {"slot", a.slot_id},
            {"service", a.service_id},
            {"start_us", a.start_us},
            {"local_start", anl::core::LocalDateTime(a.start_us, zone)},
            {"lang", a.lang},
            {"booked_by", a.booked_by},
            {"status", std::string(anl::core::AppointmentStatusName(a.status))},
            {"refused_because", a.refused_because},
            {"arrived_ticket", a.arrived_ticket}};
}

void PrintAppointment(const nlohmann::json& a) {
    std::cout << a["reference"].get<std::string>() << "  " << a["local_start"].get<std::string>() << "  "
              << a["service"].get<std::string>() << "  " << a["status"].get<std::string>();
    if (!a["refused_because"].get<std::string>().empty())
        std::cout << ": " << a["refused_because"].get<std::string>();
    std::cout << "\n";
}

}  // namespace

ANL_CTL_COMMANDS(Appointment) {
    auto opts = std::make_shared<AppointmentOptions>();
    auto* group = app.add_subcommand("appointment", "Appointment slots: list, book, cancel, this terminal's escrow");
    group->require_subcommand(1);

    // --- slots ---------------------------------------------------------------------------
    auto* slots = group->add_subcommand("slots", "The slots of a service on a day (free, held, booked)");
    slots->add_option("--service", opts->service, "Service id, e.g. abh.settlement-permit")->required();
    slots->add_option("--date", opts->date, "The local day, YYYY-MM-DD")->required();
    slots->add_option("--catalogue", opts->catalogue_dir, "Catalogue directory (offline view; default: the shipped one)");
    slots->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        const std::string zone = s.site().rules.time_zone;
        auto escrow = s.Escrow();
        if (!escrow.ok()) return (void)anl::ctl::Fail(ctx, escrow.error());
        auto mine = [&](const std::string& id) {
            return std::any_of(escrow->begin(), escrow->end(), [&](const auto& e) { return e.slot_id == id; });
        };
        nlohmann::json out = nlohmann::json::array();
        std::string source = "central";
        auto central = ConnectCentral(ctx);
        std::optional<sync::SlotList> list;
        if (central) {
            auto answered = sync::ListSlots(central->journal, *central->transport, opts->service, opts->date);
            if (answered.ok()) list = std::move(answered).value();
            else if (answered.error().code != ErrorCode::kNetwork) return (void)anl::ctl::Fail(ctx, answered.error());
        }
        if (list) {
            for (const auto& slot : list->slots) {
                std::string state = mine(slot.slot) ? "escrow" : slot.state;
                out.push_back({{"slot", slot.slot}, {"start_us", slot.start_us},
                               {"local_start", anl::core::LocalDateTime(slot.start_us, zone)}, {"state", state}});
            }
        } else {
            // Offline: the slots from the catalogue; only this terminal's escrow is bookable.
            source = "this terminal";
            auto dir = opts->catalogue_dir.empty() ? anl::catalogue::DefaultCatalogueDir()
                                                   : std::filesystem::path(opts->catalogue_dir);
            auto catalogue = anl::catalogue::LoadCatalogue(dir);
            if (!catalogue.ok()) return (void)anl::ctl::Fail(ctx, catalogue.error());
            auto derived = anl::core::DeriveSlots(*catalogue, s.site().site_id, opts->service, opts->date, zone);
            if (!derived.ok()) return (void)anl::ctl::Fail(ctx, derived.error());
            for (const auto& slot : *derived) {
                std::string state = anl::core::StandingBooking(s.state(), slot.id) ? "booked"
                                    : mine(slot.id)                                ? "escrow"
                                                                                   : "ask the central";
                out.push_back({{"slot", slot.id}, {"start_us", slot.start_us},
                               {"local_start", anl::core::LocalDateTime(slot.start_us, zone)}, {"state", state}});
            }
        }
        if (ctx.json) return anl::ctl::PrintJson({{"source", source}, {"slots", out}});
        if (out.empty()) std::cout << "No appointment slots for " << opts->service << " on " << opts->date << ".\n";
        for (const auto& slot : out)
            std::cout << slot["local_start"].get<std::string>() << "  " << slot["slot"].get<std::string>() << "  "
                      << slot["state"].get<std::string>() << "\n";
    });

    // --- book ----------------------------------------------------------------------------
    auto* book = group->add_subcommand("book", "Book a slot for a visitor (no name needed); prints the reference");
    book->add_option("--service", opts->service, "Service id the slot belongs to")->required();
    book->add_option("--slot", opts->slot, "Slot id from `appointment slots`")->required();
    book->add_option("--lang", opts->lang, "The visitor's language code")->capture_default_str();
    book->add_flag("--offline", opts->offline, "Book from this terminal's escrow without asking the central");
    book->callback([&ctx, opts] {
        if (auto offered = anl::ctl::CheckVisitorLanguage(opts->lang); !offered)
            return (void)anl::ctl::Fail(ctx, offered.error());
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto slot = anl::core::ParseSlotId(opts->slot);
        if (!slot.ok()) return (void)anl::ctl::Fail(ctx, slot.error());
        if (slot->service_id != opts->service)
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput, "The slot " + opts->slot +
                                                                                     " belongs to the service " +
                                                                                     slot->service_id + "."));
        anl::core::BookAppointment command{opts->slot, opts->lang};
        auto central = opts->offline ? std::nullopt : ConnectCentral(ctx);
        anl::Result<anl::core::Appointment> booked = MakeError(ErrorCode::kNetwork, "not tried");
        if (central) booked = sync::BookOnline(s, central->journal, *central->transport, command);
        // Without the central (not enrolled, or the network is down) the escrow decides.
        if (!central || (!booked.ok() && booked.error().code == ErrorCode::kNetwork)) booked = s.BookAppointment(command);
        if (!booked.ok()) return (void)anl::ctl::Fail(ctx, booked.error());
        SyncSoon(*session, central);
        auto out = AppointmentJson(booked.value(), s.site().rules.time_zone);
        if (ctx.json) return anl::ctl::PrintJson(out);
        std::cout << "Booked " << out["reference"].get<std::string>() << " for " << out["local_start"].get<std::string>()
                  << " (" << out["service"].get<std::string>() << ").\n";
    });

    // --- cancel --------------------------------------------------------------------------
    auto* cancel = group->add_subcommand("cancel", "Cancel a booking by its reference (desks)");
    cancel->add_option("--ref", opts->reference, "The booking reference, e.g. A-0330-0800-1")->required();
    cancel->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto cancelled = session->store->CancelAppointment(opts->reference);
        if (!cancelled.ok()) return (void)anl::ctl::Fail(ctx, cancelled.error());
        auto central = ConnectCentral(ctx);
        SyncSoon(*session, central);
        auto out = AppointmentJson(cancelled.value(), session->store->site().rules.time_zone);
        if (ctx.json) return anl::ctl::PrintJson(out);
        std::cout << "Cancelled " << out["reference"].get<std::string>() << ".\n";
    });

    // --- check-in ------------------------------------------------------------------------
    auto* check_in = group->add_subcommand(
        "check-in", "Check a visitor in with the booking reference: on time a ticket with appointment priority");
    check_in->add_option("--reference,--ref", opts->reference, "The booking reference, e.g. A-0330-0800-1")->required();
    check_in->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto checked = s.CheckInAppointment(opts->reference);
        if (!checked.ok()) return (void)anl::ctl::Fail(ctx, checked.error());
        const anl::core::CheckInVerdict& v = checked->verdict;
        const std::string zone = s.site().rules.time_zone;
        const std::string shown = opts->reference.substr(0, 40);
        if (v.reason != anl::core::kCheckInOnTime) {
            // The same sentences the core gives (DecideCheckIn), with the reason word for scripts.
            std::string ref = v.appointment ? v.appointment->reference : shown;
            std::string when = v.appointment ? anl::core::LocalDateTime(v.appointment->start_us, zone) : "";
            std::string message = "There is no booked appointment \"" + shown + "\"; check the reference.";
            if (v.reason == anl::core::kCheckInCancelled) message = "The appointment " + ref + " was cancelled.";
            if (v.reason == anl::core::kCheckInArrived)
                message = "The appointment " + ref + " is checked in already (ticket " + v.appointment->arrived_ticket + ").";
            if (v.reason == anl::core::kCheckInEarly)
                message = "The appointment " + ref + " is at " + when + "; check in from " +
                          anl::core::LocalDateTime(v.come_back_from, zone) + ".";
            if (v.reason == anl::core::kCheckInLate)
                message = "The appointment " + ref + " was at " + when + "; it is too late to check in. Take a ticket instead.";
            return (void)anl::ctl::Fail(ctx, anl::MakeRefusal(v.reason, message));
        }
        auto central = ConnectCentral(ctx);
        SyncSoon(*session, central);
        const anl::core::Visit* visit = nullptr;
        if (const anl::core::Ticket* t = s.state().FindTicket(checked->ticket_id)) visit = s.state().FindVisit(t->visit_id);
        nlohmann::json out = AppointmentJson(*v.appointment, zone);
        out["ticket_id"] = checked->ticket_id;
        out["display"] = visit ? visit->display : checked->ticket_id;
        if (ctx.json) return anl::ctl::PrintJson(out);
        std::cout << "Checked in " << out["reference"].get<std::string>() << " (" << out["local_start"].get<std::string>()
                  << "): ticket " << out["display"].get<std::string>() << ".\n";
    });

    // --- escrow --------------------------------------------------------------------------
    auto* escrow = group->add_subcommand("escrow", "The slots this terminal may give out offline");
    escrow->add_flag("--renew", opts->renew, "Renew the escrow with the central now");
    escrow->add_flag("--return", opts->give_back, "Give every escrow slot back to the central");
    escrow->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        if (opts->renew || opts->give_back) {
            auto central = ConnectCentral(ctx);
            if (!central)
                return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kUnauthorized,
                                                           "This terminal is not enrolled; run `anlaufstelle-ctl --db " +
                                                               ctx.db_path + " enroll --central URL --code CODE`."));
            if (opts->give_back) {
                auto held = s.Escrow();
                if (!held.ok()) return (void)anl::ctl::Fail(ctx, held.error());
                std::vector<std::string> ids;
                for (const auto& e : *held) ids.push_back(e.slot_id);
                auto returned = sync::ReturnEscrow(s, central->journal, *central->transport, ids);
                if (!returned.ok()) return (void)anl::ctl::Fail(ctx, returned.error());
            } else {
                SyncSoon(*session, central);  // push first: the central renews only then
                auto renewed = sync::RenewEscrow(s, central->journal, *central->transport);
                if (!renewed.ok()) return (void)anl::ctl::Fail(ctx, renewed.error());
            }
        }
        auto held = s.Escrow();
        if (!held.ok()) return (void)anl::ctl::Fail(ctx, held.error());
        const std::string zone = s.site().rules.time_zone;
        nlohmann::json out = nlohmann::json::array();
        for (const auto& e : *held)
            out.push_back({{"slot", e.slot_id}, {"service", e.service_id}, {"start_us", e.start_us},
                           {"local_start", anl::core::LocalDateTime(e.start_us, zone)}, {"expires_us", e.expires_us}});
        if (ctx.json) return anl::ctl::PrintJson({{"escrow", out}});
        if (out.empty()) std::cout << "This terminal holds no escrow slots; it books only online.\n";
        for (const auto& e : out)
            std::cout << e["local_start"].get<std::string>() << "  " << e["service"].get<std::string>() << "  "
                      << e["slot"].get<std::string>() << "\n";
    });

    // --- list ----------------------------------------------------------------------------
    auto* list = group->add_subcommand("list", "Every booking this terminal knows (refused ones with the reason)");
    list->callback([&ctx] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        nlohmann::json out = nlohmann::json::array();
        for (const auto& a : session->store->Appointments())
            out.push_back(AppointmentJson(a, session->store->site().rules.time_zone));
        if (ctx.json) return anl::ctl::PrintJson({{"appointments", out}});
        if (out.empty()) std::cout << "No appointments.\n";
        for (const auto& a : out) PrintAppointment(a);
    });

    // --- the desk's day: today's appointments per office, and moving one -------------------
    auto* today = group->add_subcommand("today", "The booked appointments of an office on a day (desks)");
    today->add_option("--office", opts->office, "Office id, e.g. abh")->required();
    today->add_option("--date", opts->date, "The local day, YYYY-MM-DD (default: today)");
    today->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        if (!s.catalogue().FindOffice(opts->office))
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kNotFound, "There is no office \"" +
                                                                                 opts->office.substr(0, 64) + "\"."));
        const std::string zone = s.site().rules.time_zone;
        const std::string day = opts->date.empty() ? s.Today() : opts->date;
        nlohmann::json out = nlohmann::json::array();
        for (const auto& a : s.Appointments()) {
            const auto* service = s.catalogue().FindService(a.service_id);
            if (a.status != anl::core::AppointmentStatus::kBooked || !service || service->office_id != opts->office) continue;
            if (anl::core::LocalDateTime(a.start_us, zone).substr(0, 10) != day) continue;
            out.push_back(AppointmentJson(a, zone));
        }
        if (ctx.json) return anl::ctl::PrintJson({{"office", opts->office}, {"date", day}, {"appointments", out}});
        if (out.empty()) std::cout << "No appointments at " << opts->office << " on " << day << ".\n";
        for (const auto& a : out) PrintAppointment(a);
    });

    auto* move = group->add_subcommand("move", "Move a booking to another slot of its service (desks); the old one "
                                               "is cancelled only once the new one is held");
    move->add_option("--ref", opts->reference, "The booking reference, e.g. A-0330-0800-1")->required();
    move->add_option("--slot", opts->slot, "The new slot id from `appointment slots`")->required();
    move->add_flag("--offline", opts->offline, "Book the new slot from this terminal's escrow without asking the central");
    move->callback([&ctx, opts] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        auto central = opts->offline ? std::nullopt : ConnectCentral(ctx);
        anl::Result<anl::core::Appointment> moved = MakeError(ErrorCode::kNetwork, "not tried");
        if (central) {
            // Online: the central holds the new slot first; then the old booking is cancelled.
            const anl::core::Appointment* old = nullptr;
            for (const auto& [id, a] : s.state().appointments)
                if (a.status == anl::core::AppointmentStatus::kBooked && (a.reference == opts->reference || a.id == opts->reference))
                    old = &a;
            if (!old)
                return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kNotFound, "There is no booked appointment \"" +
                                                                                     opts->reference.substr(0, 80) + "\"."));
            const std::string old_id = old->id, lang = old->lang, service = old->service_id;
            auto slot = anl::core::ParseSlotId(opts->slot);
            if (!slot.ok()) return (void)anl::ctl::Fail(ctx, slot.error());
            if (slot->service_id != service)
                return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput, "The slot " + opts->slot +
                                                                                         " belongs to " + slot->service_id + "."));
            moved = sync::BookOnline(s, central->journal, *central->transport, {opts->slot, lang});
            if (moved.ok()) {
                if (auto cancelled = s.CancelAppointment(old_id); !cancelled.ok())
                    return (void)anl::ctl::Fail(ctx, cancelled.error());
            }
        }
        if (!central || (!moved.ok() && moved.error().code == ErrorCode::kNetwork))
            moved = s.MoveAppointment(opts->reference, opts->slot);
        if (!moved.ok()) return (void)anl::ctl::Fail(ctx, moved.error());
        SyncSoon(*session, central);
        auto out = AppointmentJson(moved.value(), s.site().rules.time_zone);
        if (ctx.json) return anl::ctl::PrintJson(out);
        std::cout << "Moved " << opts->reference << " to " << out["reference"].get<std::string>() << " at "
                  << out["local_start"].get<std::string>() << ".\n";
    });
}
