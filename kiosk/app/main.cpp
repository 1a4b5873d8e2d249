// anlaufstelle: the terminal.
#include <CLI/CLI.hpp>
#include <iostream>

#include "imgui.h"
#include "kiosk/app/platform.h"

int main(int argc, char** argv) {
    CLI::App cli{"Anlaufstelle terminal"};
    std::string size = "1920x1080", screenshot;
    cli.add_option("--size", size);
    cli.add_option("--screenshot", screenshot);
    CLI11_PARSE(cli, argc, argv);
    auto wh = anl::app::ParseSize(size);
    if (!wh) { std::cerr << wh.error().message << "\n"; return 1; }
    anl::app::Platform platform;
    anl::app::WindowOptions o;
    o.width = wh->first; o.height = wh->second; o.offscreen = !screenshot.empty();
    if (auto s = platform.Open(o); !s) { std::cerr << s.error().message << "\n"; return 1; }
    for (int i = 0; i < 3; ++i) {
        platform.BeginFrame();
        ImGui::GetForegroundDrawList()->AddRectFilled(ImVec2(100, 100), ImVec2(400, 300), IM_COL32(200, 0, 0, 255));
        platform.EndFrame();
    }
    if (!screenshot.empty()) {
        auto s = anl::app::WritePng(screenshot, platform.ReadPixels(), platform.width(), platform.height());
        if (!s) { std::cerr << s.error().message << "\n"; return 1; }
    }
    return 0;
}
