// The desk's appointments, driven through its view model's actions against a real store (the
// store calls the terminal's worker makes, app::RunDeskRequest): today's bookings of the
// office, arrived, cancel, move and a follow-up through the slot picker; a hand-off with its
// first case-management appointment and the case managers' desk that sees its hand-offs; the
// slips the desk prints (a PNG printer) and the printer alert a desk may send.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "i18n/messages/messages.h"
#include "kiosk/app/desk_requests.h"
#include "kiosk/app/slip_printer.h"
#include "kiosk/app/store_service.h"
#include "kiosk/catalogue/catalogue.h"
#include "kiosk/store/store.h"
#include "kiosk/ui/viewmodels/desk_session.h"
#include "sync/protocol/protocol.h"
#include "tests/support/wait.h"

using namespace anl;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr Micros kMorning = 1'767'598'200'000'000;  // Monday 2026-01-05 08:30 Berlin
const char* const kZone = "Europe/Berlin";

struct Site {
    fs::path dir;
    FakeClock clock{kMorning};
    catalogue::Catalogue catalogue;
    std::optional<messages::Messages> messages;
    std::unique_ptr<store::Store> store;

    Site() {
        dir = fs::temp_directory_path() / ("anl-desk-appt-" + std::to_string(::getpid()) + "-" + std::to_string(rand()));
        fs::create_directories(dir);
        auto cat = catalogue::LoadCatalogue(catalogue::DefaultCatalogueDir());
        REQUIRE(cat.ok());
        catalogue = std::move(cat.value());
        auto m = messages::Messages::Load(messages::Messages::DefaultDir());
        REQUIRE(m.ok());
        messages.emplace(std::move(m.value()));
        REQUIRE(messages->SetTimeZone(kZone).ok());  // as the terminal does: times in the site's zone
        auto s = store::Store::Open(dir / "desk.db", clock);
        REQUIRE(s.ok());
        store = std::move(s.value());
        REQUIRE(store->Initialise(store::SiteSettings{}, catalogue, core::Device{"desk-1", "site-1", 0, Role::kDesk}).ok());
        REQUIRE(store->AddStaff("1042", "A. Demir", "2468").ok());
        // What the central granted this desk: every slot of these services over the next days.
        std::vector<store::EscrowSlot> escrow;
        for (const char* service : {"abh.settlement-permit", "abh.family-reunification", "int.case-management"}) {
            for (int day = 0; day < 8; ++day) {
                auto slots = core::DeriveSlots(catalogue, "site-1", service, core::LocalDayAfter(kMorning, day, kZone), kZone);
                REQUIRE(slots.ok());
                for (const auto& s : *slots)
                    if (s.start_us > kMorning)
                        escrow.push_back({s.id, s.service_id, s.start_us, s.end_us, kMorning + 30LL * 24 * 3600 * kMicrosPerSecond});
            }
        }
        REQUIRE(store->ReplaceEscrow(escrow).ok());
    }
    ~Site() { store.reset(); fs::remove_all(dir); }

    ui::SnapshotPtr Snapshot() { return app::TakeSnapshot(*store, clock.NowUtcMicros()); }

    // The first slot of `service` today at or after local "HH:MM".
    std::string SlotAt(const std::string& service, const std::string& hhmm, int days_ahead = 0) {
        auto slots = core::DeriveSlots(catalogue, "site-1", service, core::LocalDayAfter(kMorning, days_ahead, kZone), kZone);
        REQUIRE(slots.ok());
        for (const auto& s : *slots)
            if (core::LocalDateTime(s.start_us, kZone).substr(11, 5) >= hhmm) return s.id;
        FAIL("no slot at " << hhmm);
        return {};
    }
    core::Appointment Book(const std::string& slot, const std::string& lang) {
        auto booked = store->BookAppointment(core::BookAppointment{slot, lang});
        INFO((booked.ok() ? std::string() : booked.error().message));
        REQUIRE(booked.ok());
        return booked.value();
    }

    // What the terminal's store worker does with the request, then the new snapshot.
    ui::DeskAnswer Run(ui::DeskSession& desk, const std::optional<ui::DeskRequest>& request) {
        REQUIRE(request.has_value());
        ui::DeskAnswer answer;
        if (request->kind == ui::DeskRequest::Kind::kCommand) {
            auto r = store->Execute(request->command, desk.staff_number());
            REQUIRE(r.ok());
            desk.OnCommandDone(request->command, Status{}, r->ticket_ids);
        } else {
            answer = app::RunDeskRequest(*store, *request, desk.staff_number());
            desk.OnDeskAnswer(*request, answer);
        }
        desk.SetSnapshot(Snapshot());
        return answer;
    }
};

ui::UiAction Act(ui::Action kind, std::string id = {}) { return ui::UiAction{kind, std::move(id), 0, {}}; }

void SignIn(Site& site, ui::DeskSession& desk, int counter) {
    const Micros now = site.clock.NowUtcMicros();
    desk.Apply(Act(ui::Action::kSignInType, {}), now);
    desk.Apply(ui::UiAction{ui::Action::kSignInType, {}, 0, "1042"}, now);
    desk.Apply(ui::UiAction{ui::Action::kSignInFocus, {}, 1, {}}, now);
    desk.Apply(ui::UiAction{ui::Action::kSignInType, {}, 0, "2468"}, now);
    auto r = desk.Apply(Act(ui::Action::kSignInSubmit), now);
    REQUIRE(r);
    desk.OnSignIn(site.store->TrySignIn(r->staff_number, r->pin), now);
    REQUIRE(desk.signed_in());
    desk.Apply(Act(ui::Action::kChooseCounter, std::to_string(counter)), now);
    REQUIRE(desk.at_counter());
}

const ui::AppointmentRow* Row(const ui::DeskView& v, const std::string& reference) {
    for (const auto& r : v.appointments)
        if (r.reference == reference) return &r;
    return nullptr;
}

std::string Format(Site& site, std::string_view key, const messages::Args& args) { return site.messages->Format("de", key, args); }

}  // namespace

TEST_CASE("Desk appointments: today's bookings of the office, marked arrived, cancelled and moved through the slot picker",
          "[ui][desk][appointments]") {
    Site site;
    const auto at_nine = site.Book(site.SlotAt("abh.settlement-permit", "09:00"), "ps");
    const auto at_eleven = site.Book(site.SlotAt("abh.family-reunification", "11:00"), "uk");
    const auto tomorrow = site.Book(site.SlotAt("abh.settlement-permit", "09:00", 1), "ar");  // not today
    const auto at_int = site.Book(site.SlotAt("int.case-management", "10:00"), "ti");        // another office
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    desk.SetSnapshot(site.Snapshot());
    SignIn(site, desk, 1);  // Ausländerbehörde
    const Micros now = site.clock.NowUtcMicros();

    CHECK_FALSE(desk.Desk().appointments_open);
    CHECK(desk.Desk().appointments_toggle.label == site.messages->Text("de", "desk.appointments.open"));
    CHECK_FALSE(desk.Apply(Act(ui::Action::kOpenAppointments), now));
    ui::DeskView v = desk.Desk();
    REQUIRE(v.appointments_open);
    // Today's, of this office, by time: time, reference, service, language, arrived or not.
    REQUIRE(v.appointments.size() == 2);
    CHECK(v.appointments[0].reference == at_nine.reference);
    CHECK(v.appointments[1].reference == at_eleven.reference);
    CHECK(v.appointments[0].time == "09:00");
    CHECK(v.appointments[0].service == site.messages->Text("de", "service.abh.settlement-permit.name"));
    CHECK(v.appointments[0].visitor_lang == "ps");
    CHECK(v.appointments[0].language == site.messages->FindLanguage("ps")->name);
    CHECK_FALSE(v.appointments[0].arrived);
    CHECK(v.appointments[0].state == site.messages->Text("de", "desk.appointments.expected"));
    CHECK_FALSE(Row(v, tomorrow.reference));
    CHECK_FALSE(Row(v, at_int.reference));
    CHECK(v.handoffs_title.empty());  // not the case managers' desk

    // Arrived: on time (from 30 minutes before) the visitor gets a ticket with appointment priority.
    auto arrive = desk.Apply(Act(ui::Action::kAppointmentArrive, at_nine.id), now);
    REQUIRE(arrive);
    CHECK(arrive->kind == ui::DeskRequest::Kind::kAppointment);
    CHECK(arrive->appointment.op == ui::AppointmentRequest::Op::kArrive);
    const ui::DeskAnswer arrived = site.Run(desk, arrive);
    REQUIRE(arrived.status.ok());
    CHECK(arrived.check_in == core::kCheckInOnTime);
    CHECK_FALSE(arrived.ticket.empty());
    v = desk.Desk();
    CHECK(v.status_line == Format(site, "desk.appointments.done.arrived",
                                  messages::Args().Code("reference", at_nine.reference).Code("ticket", arrived.ticket)));
    CHECK_FALSE(v.status_is_error);
    REQUIRE(Row(v, at_nine.reference));
    CHECK(Row(v, at_nine.reference)->arrived);
    CHECK(Row(v, at_nine.reference)->state.find(arrived.ticket) != std::string::npos);
    // Too early: nothing stored, the desk says from when.
    const ui::DeskAnswer early = site.Run(desk, desk.Apply(Act(ui::Action::kAppointmentArrive, at_eleven.id), now));
    CHECK(early.check_in == core::kCheckInEarly);
    CHECK(desk.Desk().status_is_error);
    CHECK(desk.Desk().status_line == Format(site, "desk.appointments.checkin.early",
                                            messages::Args().Code("reference", at_eleven.reference).Date("time", early.come_back_from)));
    CHECK_FALSE(Row(desk.Desk(), at_eleven.reference)->arrived);

    // Move: the slot picker offers this desk's free slots of the booking's service, by day.
    CHECK_FALSE(desk.Apply(Act(ui::Action::kOpenMove, at_eleven.id), now));
    v = desk.Desk();
    REQUIRE(v.slots_open);
    CHECK(v.slots.services.empty());  // a move keeps its service
    REQUIRE(v.slots.days.size() >= 2);
    CHECK(v.slots.days.size() <= ui::kSlotPickerDays);
    CHECK(v.slots.day_selected == v.slots.days[0].id);
    CHECK(v.slots.slot_selected.empty());
    CHECK_FALSE(desk.Apply(Act(ui::Action::kConfirmSlot), now));  // no time chosen yet
    desk.Apply(Act(ui::Action::kSlotDay, v.slots.days[1].id), now);
    v = desk.Desk();
    REQUIRE_FALSE(v.slots.times.empty());
    for (const auto& t : v.slots.times) CHECK(core::ParseSlotId(t.id)->service_id == "abh.family-reunification");
    CHECK_FALSE(desk.Apply(Act(ui::Action::kSlotPick, "site-1/abh.family-reunification/2020-01-01T08:00Z/1"), now));
    CHECK(desk.Desk().slots.slot_selected.empty());  // not offered: not taken
    const std::string new_slot = v.slots.times[1].id;
    desk.Apply(Act(ui::Action::kSlotPick, new_slot), now);
    auto move = desk.Apply(Act(ui::Action::kConfirmSlot), now);
    REQUIRE(move);
    CHECK(move->appointment.op == ui::AppointmentRequest::Op::kMove);
    CHECK(move->appointment.reference == at_eleven.reference);
    CHECK(move->appointment.slot_id == new_slot);
    CHECK_FALSE(desk.Desk().slots_open);
    const ui::DeskAnswer moved = site.Run(desk, move);
    REQUIRE(moved.status.ok());
    REQUIRE(moved.booked);
    CHECK(moved.booked->slot_id == new_slot);
    CHECK(moved.booked->lang == "uk");  // the visitor's language goes with the booking
    CHECK(site.store->state().appointments.at(at_eleven.id).status == core::AppointmentStatus::kCancelled);
    CHECK_FALSE(Row(desk.Desk(), at_eleven.reference));  // no longer today
    CHECK(desk.Desk().status_line == Format(site, "desk.appointments.done.moved",
                                            messages::Args().Code("reference", moved.booked->reference).Date("time", moved.booked->start_us)));

    // The picker never offers a slot booked meanwhile (the moved-to one is gone from its day).
    desk.Apply(Act(ui::Action::kOpenAppointments), now);  // closes the panel
    desk.Apply(Act(ui::Action::kOpenAppointments), now);
    SECTION("cancel") {
        auto cancel = desk.Apply(Act(ui::Action::kAppointmentCancel, at_nine.id), now);
        REQUIRE(cancel);
        CHECK(cancel->appointment.op == ui::AppointmentRequest::Op::kCancel);
        REQUIRE(site.Run(desk, cancel).status.ok());
        CHECK(site.store->state().appointments.at(at_nine.id).status == core::AppointmentStatus::kCancelled);
        CHECK_FALSE(Row(desk.Desk(), at_nine.reference));
        CHECK(desk.Desk().status_line ==
              Format(site, "desk.appointments.done.cancelled", messages::Args().Code("reference", at_nine.reference)));
        // A cancelled booking offers no action any more.
        CHECK_FALSE(desk.Apply(Act(ui::Action::kAppointmentCancel, at_nine.id), now));
        CHECK_FALSE(desk.Apply(Act(ui::Action::kOpenMove, at_nine.id), now));
    }
    SECTION("a slot taken meanwhile is refused in the staff's words, the old booking stands") {
        const auto standing = site.Book(site.SlotAt("abh.settlement-permit", "10:30"), "fa");
        desk.SetSnapshot(site.Snapshot());
        desk.Apply(Act(ui::Action::kOpenMove, standing.id), now);
        v = desk.Desk();
        REQUIRE_FALSE(v.slots.times.empty());
        const std::string slot = v.slots.times[0].id;
        desk.Apply(Act(ui::Action::kSlotPick, slot), now);
        auto request = desk.Apply(Act(ui::Action::kConfirmSlot), now);
        site.Book(slot, "de");  // another desk's booking arrived first
        const ui::DeskAnswer refused = site.Run(desk, request);
        CHECK_FALSE(refused.status.ok());
        CHECK(desk.Desk().status_is_error);
        CHECK(desk.Desk().status_line == site.messages->Text("de", "desk.appointments.failed"));
        CHECK(site.store->state().appointments.at(standing.id).status == core::AppointmentStatus::kBooked);
    }
}

TEST_CASE("Desk follow-up: the visitor at the counter gets a booking in their language from the slot picker",
          "[ui][desk][appointments]") {
    Site site;
    REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", "ti", "", false, 0}).ok());
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    desk.SetSnapshot(site.Snapshot());
    SignIn(site, desk, 1);
    const Micros now = site.clock.NowUtcMicros();
    auto has_follow_up = [&](bool enabled) {
        const auto v = desk.Desk();
        return std::any_of(v.current_actions.begin(), v.current_actions.end(),
                           [&](const auto& b) { return b.action == ui::Action::kOpenFollowUp && b.enabled == enabled; });
    };
    CHECK(has_follow_up(false));  // nobody at the counter
    CHECK_FALSE(desk.Apply(Act(ui::Action::kOpenFollowUp), now));
    CHECK_FALSE(desk.Desk().slots_open);
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), now));
    REQUIRE_FALSE(desk.CurrentTicketId().empty());
    CHECK(has_follow_up(true));
    desk.Apply(Act(ui::Action::kOpenFollowUp), now);
    ui::DeskView v = desk.Desk();
    REQUIRE(v.slots_open);
    // Services that take appointments, this office's first; the visitor's own walk-in service takes none.
    REQUIRE_FALSE(v.slots.services.empty());
    CHECK(v.slots.services[0].id.rfind("abh.", 0) == 0);
    CHECK(std::none_of(v.slots.services.begin(), v.slots.services.end(),
                       [](const auto& s) { return s.id == "abh.permit-extension"; }));
    CHECK(v.slots.title == Format(site, "desk.slots.title_follow_up", messages::Args().Code("ticket", "A-001")));
    // Another service: its days and times; one nobody granted this desk offers none and says so.
    desk.Apply(Act(ui::Action::kSlotService, "abh.settlement-permit"), now);
    v = desk.Desk();
    CHECK(v.slots.service_selected == "abh.settlement-permit");
    REQUIRE_FALSE(v.slots.times.empty());
    CHECK(v.slots.hint.empty());
    desk.Apply(Act(ui::Action::kSlotService, "int.qualification-recognition"), now);
    v = desk.Desk();
    CHECK(v.slots.days.empty());
    CHECK(v.slots.hint == site.messages->Text("de", "desk.slots.none"));
    CHECK_FALSE(desk.Apply(Act(ui::Action::kSlotService, "abh.permit-extension"), now));  // takes no appointments
    CHECK(desk.Desk().slots.service_selected == "int.qualification-recognition");
    desk.Apply(Act(ui::Action::kSlotService, "abh.settlement-permit"), now);
    const std::string slot = desk.Desk().slots.times[0].id;
    desk.Apply(Act(ui::Action::kSlotPick, slot), now);
    auto book = desk.Apply(Act(ui::Action::kConfirmSlot), now);
    REQUIRE(book);
    CHECK(book->appointment.op == ui::AppointmentRequest::Op::kBook);
    CHECK(book->appointment.lang == "ti");
    const ui::DeskAnswer booked = site.Run(desk, book);
    REQUIRE(booked.status.ok());
    REQUIRE(booked.booked);
    CHECK(booked.booked->slot_id == slot);
    CHECK(booked.booked->lang == "ti");
    CHECK(core::StandingBooking(site.store->state(), slot));
    CHECK(desk.Desk().status_line == Format(site, "desk.appointments.done.booked",
                                            messages::Args().Code("reference", booked.booked->reference).Date("time", booked.booked->start_us)));
    // The slip it prints: the booking, in the visitor's language.
    auto slip = app::DeskSlip(site.catalogue, *site.messages, *book, booked);
    REQUIRE(slip);
    REQUIRE(std::holds_alternative<print::BookingSlip>(*slip));
    CHECK(std::get<print::BookingSlip>(*slip).reference == booked.booked->reference);
    CHECK(std::get<print::BookingSlip>(*slip).lang == "ti");
    // Nothing printed for a refusal, a check-in or a cancellation.
    CHECK_FALSE(app::DeskSlip(site.catalogue, *site.messages, *book, ui::DeskAnswer{MakeError(ErrorCode::kInvalidInput, "taken")}));
    ui::DeskRequest cancel{ui::DeskRequest::Kind::kAppointment, {}, {}, {}};
    cancel.appointment.op = ui::AppointmentRequest::Op::kCancel;
    CHECK_FALSE(app::DeskSlip(site.catalogue, *site.messages, cancel, ui::DeskAnswer{}));
}

TEST_CASE("Hand-off with the first case-management appointment, and the case managers' desk sees its hand-offs, names only with consent",
          "[ui][desk][handoff][appointments]") {
    Site site;
    REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", "ar", "", false, 0}).ok());
    REQUIRE(site.store->Execute(core::IssueTicket{"abh.permit-extension", "fa", "", false, 0}).ok());
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    desk.SetSnapshot(site.Snapshot());
    SignIn(site, desk, 1);
    const Micros now = site.clock.NowUtcMicros();

    // First visitor: reason, consent and name, then on to the first appointment.
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), now));
    const std::string first_ticket = desk.CurrentTicketId();
    desk.Apply(Act(ui::Action::kOpenHandoff), now);
    CHECK(desk.Desk().handoff_next_label == site.messages->Text("de", "desk.handoff.next"));
    CHECK_FALSE(desk.Apply(Act(ui::Action::kHandoffToSlots), now));  // no reason chosen yet
    CHECK_FALSE(desk.Desk().slots_open);
    desk.Apply(Act(ui::Action::kHandoffReason, "housing-risk"), now);
    desk.Apply(Act(ui::Action::kHandoffConsent), now);
    desk.Apply(ui::UiAction{ui::Action::kHandoffNameType, {}, 0, "Amina K."}, now);
    desk.Apply(Act(ui::Action::kHandoffToSlots), now);
    ui::DeskView v = desk.Desk();
    CHECK_FALSE(v.handoff_open);
    REQUIRE(v.slots_open);
    CHECK(v.slots.title == site.messages->Text("de", "desk.slots.title_handoff"));
    CHECK(v.slots.skip_label == site.messages->Text("de", "desk.slots.skip"));
    REQUIRE_FALSE(v.slots.times.empty());
    for (const auto& t : v.slots.times) CHECK(core::ParseSlotId(t.id)->service_id == "int.case-management");
    const std::string slot = v.slots.times[0].id;
    desk.Apply(Act(ui::Action::kSlotPick, slot), now);
    auto handoff = desk.Apply(Act(ui::Action::kConfirmSlot), now);
    REQUIRE(handoff);
    CHECK(handoff->kind == ui::DeskRequest::Kind::kHandoff);
    CHECK(handoff->handoff.ticket_id == first_ticket);
    CHECK(handoff->handoff.reason == "housing-risk");
    CHECK(handoff->handoff.consent);
    CHECK(handoff->handoff.name == "Amina K.");
    CHECK(handoff->handoff_slot == slot);
    CHECK(handoff->handoff_lang == "ar");
    const ui::DeskAnswer handed = site.Run(desk, handoff);
    REQUIRE(handed.status.ok());
    REQUIRE(handed.booked);
    CHECK(handed.booked->lang == "ar");
    REQUIRE(site.store->Handoffs().size() == 1);
    CHECK(site.store->Handoffs()[0].appointment_id == handed.booked->id);
    CHECK(desk.Desk().status_line ==
          Format(site, "desk.handoff.done_booked",
                 messages::Args().Code("ticket", "A-001").Code("reference", handed.booked->reference).Date("time", handed.booked->start_us)));
    // Its slip: the case-management booking in the visitor's language.
    auto slip = app::DeskSlip(site.catalogue, *site.messages, *handoff, handed);
    REQUIRE(slip);
    CHECK(std::get<print::BookingSlip>(*slip).reference == handed.booked->reference);

    // Second visitor: no consent, handed off without an appointment from the slot picker.
    site.Run(desk, desk.Apply(Act(ui::Action::kStartService), now));
    site.Run(desk, desk.Apply(Act(ui::Action::kFinish, "referred"), now));
    site.Run(desk, desk.Apply(Act(ui::Action::kCallNext), now));
    desk.Apply(Act(ui::Action::kOpenHandoff), now);
    desk.Apply(Act(ui::Action::kHandoffReason, "several-offices"), now);
    desk.Apply(Act(ui::Action::kHandoffToSlots), now);
    auto without = desk.Apply(Act(ui::Action::kConfirmHandoff), now);  // "hand off without"
    REQUIRE(without);
    CHECK(without->kind == ui::DeskRequest::Kind::kHandoff);
    CHECK(without->handoff_slot.empty());
    CHECK_FALSE(without->handoff.consent);
    REQUIRE(site.Run(desk, without).status.ok());
    REQUIRE(site.store->Handoffs().size() == 2);

    // The desk at the foreigners' authority lists no hand-offs.
    desk.Apply(Act(ui::Action::kOpenAppointments), now);
    CHECK(desk.Desk().handoffs_title.empty());
    CHECK(desk.Desk().handoffs.empty());

    // The case managers' desk (counter at the integration office): its hand-offs, newest
    // first, with where from and the first appointment; a name only with consent.
    ui::DeskSession cm(site.catalogue, *site.messages, ui::DeskSettings{});
    cm.SetSnapshot(site.Snapshot());
    int cm_counter = 0;
    for (const auto& c : ui::DefaultCounters(site.catalogue))
        if (c.office_id == "int" && cm_counter == 0) cm_counter = c.number;
    REQUIRE(cm_counter > 0);
    SignIn(site, cm, cm_counter);
    cm.Apply(Act(ui::Action::kOpenAppointments), now);
    v = cm.Desk();
    CHECK(v.handoffs_title == site.messages->Text("de", "desk.handoffs.title"));
    REQUIRE(v.handoffs.size() == 2);
    const std::string reason_several(site.messages->Text("de", "case-management.reason.several-offices"));
    const std::string reason_housing(site.messages->Text("de", "case-management.reason.housing-risk"));
    CHECK(v.handoffs[0].what.find("A-002") != std::string::npos);
    CHECK(v.handoffs[0].what.find(reason_several) != std::string::npos);
    CHECK(v.handoffs[0].detail.find("Amina") == std::string::npos);
    CHECK(v.handoffs[1].what.find(reason_housing) != std::string::npos);
    CHECK(v.handoffs[1].detail.find("Amina") != std::string::npos);
    CHECK(v.handoffs[1].detail.find(handed.booked->reference) != std::string::npos);
    CHECK(v.handoffs[1].detail.find(site.messages->Text("de", "office.abh.name")) != std::string::npos);
    // And its appointments today: the first case-management appointment is one of them when it is today.
    const bool today = core::LocalDateTime(handed.booked->start_us, kZone).substr(0, 10) == site.store->Today();
    CHECK(bool(Row(v, handed.booked->reference)) == today);
}

TEST_CASE("The desk prints its slips into a PNG printer, and may raise the printer alert", "[ui][desk][print]") {
    Site site;
    // A referral's slip: the partner, in the visitor's language.
    ui::DeskRequest referral{ui::DeskRequest::Kind::kReferral, {}, {}, {}};
    referral.referral = core::GiveReferral{"refugee-law-clinic", "abh", "abh.permit-extension"};
    referral.slip_lang = "ps";
    auto slip = app::DeskSlip(site.catalogue, *site.messages, referral, ui::DeskAnswer{});
    REQUIRE(slip);
    REQUIRE(std::holds_alternative<print::ReferralSlip>(*slip));
    CHECK(std::get<print::ReferralSlip>(*slip).lang == "ps");

    char pattern[] = "/tmp/anl-desk-print-XXXXXX";
    REQUIRE(mkdtemp(pattern) != nullptr);
    const fs::path out = pattern;
    {
        app::UiInbox inbox([] {});
        auto printer = app::SlipPrinter::Open("png:" + out.string(), fs::path(ANL_SOURCE_DIR) / "i18n" / "catalogs", inbox);
        REQUIRE(printer.ok());
        std::atomic<int> done{0};
        bool ok = true;
        const auto booking = site.Book(site.SlotAt("abh.settlement-permit", "10:00", 1), "ti");
        ui::DeskRequest book{ui::DeskRequest::Kind::kAppointment, {}, {}, {}};
        book.appointment.op = ui::AppointmentRequest::Op::kBook;
        ui::DeskAnswer answer;
        answer.booked = booking;
        auto booking_slip = app::DeskSlip(site.catalogue, *site.messages, book, answer);
        REQUIRE(booking_slip);
        for (const print::Slip* s : {&*slip, &*booking_slip}) {
            (*printer)->Print(*s, kZone, [&](Status printed) {
                ok = ok && printed.ok();
                ++done;
            });
        }
        REQUIRE(test::WaitUntil([&] {
            inbox.Drain();
            return done.load() == 2;
        }, 20000ms));
        CHECK(ok);
        int pngs = 0;
        bool booking_png = false;
        for (const auto& entry : fs::directory_iterator(out)) {
            if (entry.path().extension() != ".png") continue;
            ++pngs;
            if (entry.path().filename().string().find(booking.reference) != std::string::npos) booking_png = true;
        }
        CHECK(pngs == 2);
        CHECK(booking_png);
    }
    fs::remove_all(out);

    // A desk's printer fails: the device alert, which the central takes from a desk too.
    CHECK(sync::RoleMaySend(sync::Role::kDesk, "device.alert"));
    REQUIRE(site.store->ReportDeviceAlert("printer", true).ok());
    auto standing = site.store->StandingDeviceAlerts();
    REQUIRE(standing.ok());
    REQUIRE(standing->size() == 1);
    CHECK(standing->front().device_id == "desk-1");
    ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
    desk.SetSnapshot(site.Snapshot());
    CHECK(desk.Desk().device_alert == site.messages->Text("de", "desk.printer_alert_own"));  // not "the kiosk desk-1"
    desk.OnPrintFailed();
    CHECK(desk.Desk().status_is_error);
    CHECK(desk.Desk().status_line == site.messages->Text("de", "desk.print.failed"));
}

TEST_CASE("Regression: two services of one office print the same reference for one time, and the desk cancelled the wrong booking",
          "[ui][desk][appointments]") {
    for (const bool cancel_first : {true, false}) {  // whichever one a lookup by reference would find
        INFO("cancel the " << (cancel_first ? "first" : "second") << " booking");
        Site site;
        const auto settlement = site.Book(site.SlotAt("abh.settlement-permit", "10:00"), "ps");
        const auto family = site.Book(site.SlotAt("abh.family-reunification", "10:00"), "uk");
        // Office prefix, day, time and seat were once the same reference for both; a service
        // letter tells them apart now (core DecideBooking), and the desk acts by id anyway.
        CHECK(settlement.reference != family.reference);
        const core::Appointment& gone = cancel_first ? settlement : family;
        const core::Appointment& kept = cancel_first ? family : settlement;
        ui::DeskSession desk(site.catalogue, *site.messages, ui::DeskSettings{});
        desk.SetSnapshot(site.Snapshot());
        SignIn(site, desk, 1);
        const Micros now = site.clock.NowUtcMicros();
        desk.Apply(Act(ui::Action::kOpenAppointments), now);
        REQUIRE(site.Run(desk, desk.Apply(Act(ui::Action::kAppointmentCancel, gone.id), now)).status.ok());
        CHECK(site.store->state().appointments.at(gone.id).status == core::AppointmentStatus::kCancelled);
        CHECK(site.store->state().appointments.at(kept.id).status == core::AppointmentStatus::kBooked);
        // And moving the remaining one moves that one.
        desk.Apply(Act(ui::Action::kOpenMove, kept.id), now);
        desk.Apply(Act(ui::Action::kSlotPick, desk.Desk().slots.times.at(0).id), now);
        const ui::DeskAnswer moved = site.Run(desk, desk.Apply(Act(ui::Action::kConfirmSlot), now));
        REQUIRE(moved.status.ok());
        CHECK(moved.booked->service_id == kept.service_id);
        CHECK(site.store->state().appointments.at(kept.id).status == core::AppointmentStatus::kCancelled);
    }
}
