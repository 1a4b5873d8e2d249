// anl_text_gl end to end: a paragraph drawn through ImDrawList with the atlas textures and
// rendered by ImGui's OpenGL3 backend has the same pixels as the CPU rendering through the
// same atlas. Needs a display (packaging/test.sh starts Xvfb); without one it is skipped
// (exit 77), and under CI it fails.
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "kiosk/base/sanitizer.h"
#include "i18n/text/text_gl.h"
#include "tests/support/skip.h"
#include "tests/text/counting_new.h"

namespace {
// Allocations made while drawing: ours through operator new (counting_new.cpp), ImGui's
// through its allocator, counted on the same counter.
void* CountingImGuiAlloc(std::size_t size, void*) {
    anl::text::testing::AllocationCount().fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size);
}
void CountingImGuiFree(void* p, void*) {
    std::free(p);
}
}  // namespace

namespace anl::text::testing {

TEST_CASE("text drawn through ImDrawList and OpenGL matches the CPU rendering",
          "[text][gl][screen]") {
    if (!anl::test::HaveDisplay()) return;  // skipped here, failed under CI
    REQUIRE(glfwInit());  // a display is set: it must work
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    const int width = 640, height = 200;
    GLFWwindow* window = glfwCreateWindow(width, height, "test_text_gl", nullptr, nullptr);
    REQUIRE(window != nullptr);
    glfwMakeContextCurrent(window);
    anl::KeepLoadedLibrariesForLeakReports();  // the GL driver is loaded now

    ImGui::SetAllocatorFunctions(CountingImGuiAlloc, CountingImGuiFree, nullptr);
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.IniFilename = nullptr;
    REQUIRE(ImGui_ImplOpenGL3_Init("#version 130"));

    auto created = Engine::Create();
    REQUIRE(created.ok());
    Engine& engine = *created.value();
    {
        GlTextRenderer renderer(engine);
        const LayoutRequest request{"د استوګنې اجازه A-042 ტ ቁጽሪ", "ps", 28, 600, Align::kStart};
        auto paragraph = engine.Layout(request);
        const ImVec2 origin(10, 20);
        std::vector<unsigned char> pixels(static_cast<std::size_t>(width) * height * 4);
        std::size_t drawing_allocations_after_warmup = 0;
        for (int frame = 0; frame < 4; ++frame) {  // later frames draw from a warm atlas
            engine.BeginFrame();
            ImGui_ImplOpenGL3_NewFrame();
            ImGui::NewFrame();
            const std::size_t before = AllocationCount().load();
            auto laid_out = engine.Layout(request);  // a cache hit
            renderer.Draw(ImGui::GetBackgroundDrawList(), *laid_out, origin, IM_COL32_WHITE);
            renderer.Upload();
            if (frame == 0 && kCountsAllocations) CHECK(AllocationCount().load() > before);  // fills the atlas
            if (frame >= 2) drawing_allocations_after_warmup += AllocationCount().load() - before;
            ImGui::Render();
            glViewport(0, 0, width, height);
            glClearColor(0, 0, 0, 1);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            glFinish();
            glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
            for (int page = 0; page < engine.AtlasPageCount(); ++page)
                CHECK(engine.AtlasDirtyRects(page).empty());
        }
        CHECK(drawing_allocations_after_warmup == 0);  // an unchanged frame allocates nothing
        RenderOptions options;
        options.channels = 1;
        options.padding = 0;
        Image cpu = RenderParagraph(engine, *paragraph, options);
        // Compare coverage: GL rows are bottom-up.
        long lit = 0, differing = 0;
        for (int y = 0; y < cpu.height; ++y)
            for (int x = 0; x < cpu.width; ++x) {
                const int gx = x + static_cast<int>(origin.x), gy = y + static_cast<int>(origin.y);
                if (gx >= width || gy >= height) continue;
                const int gl = pixels[(static_cast<std::size_t>(height - 1 - gy) * width + gx) * 4];
                const int want = cpu.pixels[static_cast<std::size_t>(y) * cpu.width + x];
                lit += want > 128;
                differing += std::abs(gl - want) > 8;
            }
        Image readback;  // kept for a person to look at: build/tests/text_gl_readback.png
        readback.width = width;
        readback.height = height;
        readback.channels = 4;
        for (int y = height - 1; y >= 0; --y)
            readback.pixels.insert(readback.pixels.end(),
                                   pixels.begin() + static_cast<std::ptrdiff_t>(y) * width * 4,
                                   pixels.begin() + static_cast<std::ptrdiff_t>(y + 1) * width * 4);
        CHECK(WritePng(std::string(ANL_BINARY_DIR) + "/tests/text_gl_readback.png", readback).ok());
        CHECK(lit > 500);
        CHECK(differing < lit / 50);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
}

}  // namespace anl::text::testing
