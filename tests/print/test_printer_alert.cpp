// A kiosk's printer fault reaches the desks: a device.alert event (validated like every event
// another device sends), the store's standing alerts, the desk header's sentence.
#include <catch2/catch.hpp>

#include "kiosk/ui/viewmodels/desk_session.h"
#include "sync/protocol/protocol.h"
#include "tests/store/store_fixtures.h"

namespace {
using namespace anl;
}  // namespace

TEST_CASE("device.alert: a kiosk says its printer failed, any other kind or state is refused", "[print][core]") {
    const core::Actor actor{"kiosk-1", 0, 7, ""};
    auto event = core::DecideDeviceAlert(actor, 1'767'600'000'000'000, "printer", true);
    REQUIRE(event.ok());
    CHECK(event->type == "device.alert");
    CHECK(event->seq == 7);
    auto alert = core::ReadDeviceAlert(*event);
    REQUIRE(alert);
    CHECK(alert->failed);
    CHECK(alert->device_id == "kiosk-1");
    CHECK_FALSE(core::DecideDeviceAlert(actor, 1'767'600'000'000'000, "toaster", true).ok());

    core::State state;
    core::QueueRules rules;
    core::EventCheckContext context{state, rules, nullptr, nullptr, std::nullopt, 0, 0, true};
    CHECK_FALSE(core::ValidateEvent(context, *event).has_value());
    core::Event forged = *event;
    forged.payload["state"] = "on fire";
    auto refused = core::ValidateEvent(context, forged);
    REQUIRE(refused.has_value());
    CHECK(refused->reason == std::string(core::kEventMalformed));
    forged.payload = {{"device_kind", "printer"}};
    CHECK(core::ValidateEvent(context, forged).has_value());

    // Only a terminal that prints sends it; the call display does not.
    CHECK(sync::RoleMaySend(sync::Role::kKiosk, "device.alert"));
    CHECK_FALSE(sync::RoleMaySend(sync::Role::kBoard, "device.alert"));
}

TEST_CASE("The store's standing device alerts: the newest per device, gone when it prints again", "[print][store]") {
    test::TempDir dir;
    FakeClock clock(1'767'600'000'000'000);
    auto store = test::InitStore(dir / "k.db", clock);
    auto none = store->StandingDeviceAlerts();
    REQUIRE(none.ok());
    CHECK(none->empty());
    REQUIRE(store->ReportDeviceAlert("printer", true).ok());
    auto standing = store->StandingDeviceAlerts();
    REQUIRE(standing.ok());
    REQUIRE(standing->size() == 1);
    CHECK(standing->front().device_id == "kiosk-1");
    CHECK(standing->front().device_kind == "printer");
    clock.Advance(60 * kMicrosPerSecond);
    REQUIRE(store->ReportDeviceAlert("printer", false).ok());
    auto cleared = store->StandingDeviceAlerts();
    REQUIRE(cleared.ok());
    CHECK(cleared->empty());
    CHECK_FALSE(store->ReportDeviceAlert("scanner", true).ok());
    // A day-old alert no longer stands.
    REQUIRE(store->ReportDeviceAlert("printer", true).ok());
    clock.Advance(store::Store::kDeviceAlertHorizon + kMicrosPerSecond);
    auto old = store->StandingDeviceAlerts();
    REQUIRE(old.ok());
    CHECK(old->empty());
}

TEST_CASE("A desk shows a kiosk's printer alert in its header", "[print][ui]") {
    auto catalogue = catalogue::LoadCatalogue(std::filesystem::path(ANL_SOURCE_DIR) / "assets" / "catalogue");
    REQUIRE(catalogue.ok());
    auto messages = messages::Messages::Load(std::filesystem::path(ANL_SOURCE_DIR) / "i18n" / "catalogs");
    REQUIRE(messages.ok());
    ui::DeskSession desk(*catalogue, *messages, {});
    desk.SignedInForGallery("1042", "A. Demir", ui::DeskCounter{catalogue->offices.front().id, 1});
    auto snapshot = std::make_shared<ui::QueueSnapshot>();
    desk.SetSnapshot(snapshot);
    CHECK(desk.Desk().device_alert.empty());
    auto alerting = std::make_shared<ui::QueueSnapshot>();
    alerting->device_alerts.push_back({"kiosk-2", "printer", true, 1'767'600'000'000'000});
    desk.SetSnapshot(alerting);
    const std::string alert = desk.Desk().device_alert;
    CHECK(alert.find("kiosk-2") != std::string::npos);
    CHECK(alert.find("Drucker") != std::string::npos);
}
