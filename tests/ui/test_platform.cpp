// The platform seam under Xvfb (label "screen"): keys reach ImGui even when a press and its
// release arrive between two frames.
#include <catch2/catch.hpp>

#include <GLFW/glfw3.h>

#include <cstdlib>

#include "imgui.h"
#include "kiosk/app/platform.h"
#include "tests/support/skip.h"

using namespace anl;

TEST_CASE("Regression: a key pressed and released between two frames was lost (a quick F1 called nobody)",
          "[platform][screen]") {
    if (!anl::test::HaveDisplay()) return;  // skipped here, failed under CI
    app::Platform platform;
    app::WindowOptions options;
    options.width = 640;
    options.height = 480;
    options.offscreen = true;
    REQUIRE(platform.Open(options).ok());
    platform.BeginFrame();
    platform.EndFrame();

    // Both events in one batch, before the next frame: the frame still sees F1 pressed once.
    app::OnKeyLatched(platform.window(), GLFW_KEY_F1, 0, GLFW_PRESS, 0);
    app::OnKeyLatched(platform.window(), GLFW_KEY_F1, 0, GLFW_RELEASE, 0);
    CHECK(platform.TakeInputSeen());
    platform.BeginFrame();
    CHECK(ImGui::IsKeyPressed(GLFW_KEY_F1, false));
    platform.EndFrame();
    CHECK(platform.TakeInputSeen());  // one more frame, to see the key up
    platform.BeginFrame();
    CHECK_FALSE(ImGui::IsKeyDown(GLFW_KEY_F1));
    CHECK_FALSE(ImGui::IsKeyPressed(GLFW_KEY_F1, false));
    platform.EndFrame();

    // A key held over a frame is released at once.
    app::OnKeyLatched(platform.window(), GLFW_KEY_F2, 0, GLFW_PRESS, 0);
    platform.BeginFrame();
    CHECK(ImGui::IsKeyPressed(GLFW_KEY_F2, false));
    platform.EndFrame();
    app::OnKeyLatched(platform.window(), GLFW_KEY_F2, 0, GLFW_RELEASE, 0);
    platform.BeginFrame();
    CHECK_FALSE(ImGui::IsKeyDown(GLFW_KEY_F2));
    platform.EndFrame();
}
