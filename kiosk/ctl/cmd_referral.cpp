// anlaufstelle-ctl referral / handoff: what a desk does when the centre itself cannot help,
// or when a visit needs the integration office's case management (issue 12).
//
//   referral partners [--topic T]                              the partner directory
//   referral give --partner ID (--ticket A-001 | --service S) [--staff N]
//   handoff reasons                                            the configured reasons
//   handoff give --ticket A-001 --reason R [--appointment REF] [--consent [--name NAME]] [--staff N]
//   handoff list [--office O]                                  the case managers' view
//
// The desk's screens call the same store functions. No event carries visitor data; a name is
// kept only with --consent (the visitor agreed, docs/CASE_MANAGEMENT.md).
#include <iostream>

#include "kiosk/ctl/store_session.h"

namespace {

using anl::ErrorCode;
using anl::MakeError;
namespace core = anl::core;

struct NetworkOptions {
    std::string topic;
    std::string partner;
    std::string ticket;
    std::string service;
    std::string staff;
    std::string reason;
    std::string appointment;
    std::string name;
    std::string office;
    bool consent = false;
};

nlohmann::json PartnerJson(const anl::catalogue::Partner& p) {
    return {{"id", p.id},         {"name", p.name},     {"address", p.address}, {"hours", p.hours},
            {"languages", p.languages}, {"topics", p.topics}, {"web", p.web},         {"qr", p.QrText()}};
}

nlohmann::json HandoffJson(const anl::store::Store& s, const core::Handoff& h) {
    std::string reference;
    std::string when;
    if (auto it = s.state().appointments.find(h.appointment_id); it != s.state().appointments.end()) {
        reference = it->second.reference;
        when = core::LocalDateTime(it->second.start_us, s.site().rules.time_zone);
    }
    return {{"id", h.id},
            {"number", h.display},
            {"ticket_id", h.ticket_id},
            {"office", h.office_id},
            {"service", h.service_id},
            {"reason", h.reason},
            {"to_service", h.to_service_id},
            {"appointment", reference},
            {"appointment_local_start", when},
            {"consent", h.consent},
            {"name", h.name},
            {"given_by", h.given_by},
            {"at_us", h.at_us}};
}

void PrintHandoff(const nlohmann::json& h) {
    std::cout << anl::ctl::Shown(h["number"].get<std::string>()) << "  " << h["reason"].get<std::string>() << "  -> "
              << h["to_service"].get<std::string>();
    if (!h["appointment"].get<std::string>().empty())
        std::cout << "  " << h["appointment"].get<std::string>() << " " << h["appointment_local_start"].get<std::string>();
    if (!h["name"].get<std::string>().empty()) std::cout << "  (" << anl::ctl::Shown(h["name"].get<std::string>()) << ")";
    std::cout << "\n";
}

// --ticket resolved to its id, or an error already reported.
std::optional<std::string> ResolveTicket(anl::ctl::Context& ctx, const anl::store::Store& s, const std::string& ticket) {
    auto resolved = s.ResolveTicket(ticket);
    if (!resolved.ok()) {
        anl::ctl::Fail(ctx, resolved.error());
        return std::nullopt;
    }
    return *resolved;
}

}  // namespace

ANL_CTL_COMMANDS(Referral) {
    auto o = std::make_shared<NetworkOptions>();

    // --- referral ------------------------------------------------------------------------
    auto* referral = app.add_subcommand("referral", "Partner referrals: the directory, and giving one (desks)");
    referral->require_subcommand(1);

    auto* partners = referral->add_subcommand("partners", "The partner directory of this site");
    partners->add_option("--topic", o->topic, "Only partners that help with this topic, e.g. debt");
    partners->callback([&ctx, o] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        const auto& cat = session->store->catalogue();
        nlohmann::json out = nlohmann::json::array();
        if (o->topic.empty()) {
            for (const auto& p : cat.partners) out.push_back(PartnerJson(p));
        } else {
            for (const auto* p : cat.PartnersFor(o->topic)) out.push_back(PartnerJson(*p));
        }
        if (ctx.json) return anl::ctl::PrintJson({{"partners", out}});
        if (out.empty()) std::cout << "No partners" << (o->topic.empty() ? "" : " for this topic") << ".\n";
        for (const auto& p : out)
            std::cout << p["id"].get<std::string>() << "  " << anl::ctl::Shown(p["name"].get<std::string>()) << "  "
                      << anl::ctl::Shown(p["address"].get<std::string>()) << "\n";
    });

    auto* give = referral->add_subcommand("give", "Refer the visitor to a partner (records no visitor data)");
    give->add_option("--partner", o->partner, "Partner id from `referral partners`")->required();
    auto* ticket_opt = give->add_option("--ticket", o->ticket, "The visitor's ticket (A-001): its office and service");
    auto* service_opt = give->add_option("--service", o->service, "Without a ticket: the service the visitor came for");
    ticket_opt->excludes(service_opt);
    give->add_option("--staff", o->staff, "Staff number of the person at the desk");
    give->callback([&ctx, o] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        if (auto known = anl::ctl::CheckStaffNumber(s, o->staff); !known) return (void)anl::ctl::Fail(ctx, known.error());
        core::GiveReferral command{o->partner, "", o->service};
        if (!o->ticket.empty()) {
            auto id = ResolveTicket(ctx, s, o->ticket);
            if (!id) return;
            const core::Ticket* t = s.state().FindTicket(*id);
            command.office_id = t->office_id;
            command.service_id = t->service_id;
        } else if (o->service.empty()) {
            return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kInvalidInput,
                                                       "Say whom the referral is for: --ticket A-001, or --service S."));
        } else if (const auto* service = s.catalogue().FindService(o->service)) {
            command.office_id = service->office_id;
        }
        auto given = s.GiveReferral(command, o->staff);
        if (!given.ok()) return (void)anl::ctl::Fail(ctx, given.error());
        const auto* partner = s.catalogue().FindPartner(o->partner);
        nlohmann::json out = {{"event", core::EventToJson(*given)}, {"partner", PartnerJson(*partner)}};
        if (ctx.json) return anl::ctl::PrintJson(out);
        std::cout << "Referred to " << anl::ctl::Shown(partner->name) << ", " << anl::ctl::Shown(partner->address)
                  << ".\n";
    });

    // --- handoff -------------------------------------------------------------------------
    auto* handoff = app.add_subcommand("handoff", "Case-management hand-offs: reasons, give one, the case managers' list");
    handoff->require_subcommand(1);

    auto* reasons = handoff->add_subcommand("reasons", "The configured reasons a desk may choose");
    reasons->callback([&ctx] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        const auto& cm = session->store->catalogue().case_management;
        if (ctx.json) return anl::ctl::PrintJson({{"service", cm.service_id}, {"reasons", cm.reasons}});
        if (cm.service_id.empty()) std::cout << "This site has no case management configured.\n";
        for (const auto& r : cm.reasons) std::cout << r << "\n";
    });

    auto* hand = handoff->add_subcommand("give", "Flag the visit for case management, with a configured reason");
    hand->add_option("--ticket", o->ticket, "The visitor's ticket (A-001)")->required();
    hand->add_option("--reason", o->reason, "A reason from `handoff reasons`")->required();
    hand->add_option("--appointment", o->appointment, "The first case-management appointment's reference");
    hand->add_flag("--consent", o->consent, "The visitor agreed that their name is kept (the consent step)");
    hand->add_option("--name", o->name, "The visitor's name; only with --consent");
    hand->add_option("--staff", o->staff, "Staff number of the person at the desk");
    hand->callback([&ctx, o] {
        if (auto ok = anl::ctl::CheckText(o->name, anl::TextShape::kSingleLine, core::kMaxHandoffNameLength, "The name");
            !ok)
            return (void)anl::ctl::Fail(ctx, ok.error());
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        auto& s = *session->store;
        if (auto known = anl::ctl::CheckStaffNumber(s, o->staff); !known) return (void)anl::ctl::Fail(ctx, known.error());
        auto id = ResolveTicket(ctx, s, o->ticket);
        if (!id) return;
        std::string appointment_id;
        if (!o->appointment.empty()) {
            for (const auto& [aid, a] : s.state().appointments)
                if ((a.reference == o->appointment || a.id == o->appointment) && a.status == core::AppointmentStatus::kBooked)
                    appointment_id = aid;
            if (appointment_id.empty())
                return (void)anl::ctl::Fail(ctx, MakeError(ErrorCode::kNotFound, "There is no booked appointment \"" +
                                                                                     o->appointment.substr(0, 80) + "\"."));
        }
        auto given = s.HandToCaseManagement({*id, o->reason, appointment_id, o->consent, o->name}, o->staff);
        if (!given.ok()) return (void)anl::ctl::Fail(ctx, given.error());
        auto out = HandoffJson(s, *given);
        if (ctx.json) return anl::ctl::PrintJson(out);
        std::cout << "Handed " << anl::ctl::Shown(out["number"].get<std::string>()) << " to case management ("
                  << out["reason"].get<std::string>() << ").\n";
    });

    auto* list = handoff->add_subcommand("list", "Hand-offs to case management, newest first");
    list->add_option("--office", o->office, "Only those handed on from this office");
    list->callback([&ctx, o] {
        auto session = anl::ctl::OpenStore(ctx);
        if (!session) return;
        nlohmann::json out = nlohmann::json::array();
        for (const auto& h : session->store->Handoffs())
            if (o->office.empty() || h.office_id == o->office) out.push_back(HandoffJson(*session->store, h));
        if (ctx.json) return anl::ctl::PrintJson({{"handoffs", out}});
        if (out.empty()) std::cout << "No hand-offs.\n";
        for (const auto& h : out) PrintHandoff(h);
    });
}
