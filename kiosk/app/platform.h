// platform: the terminal's one seam to the machine's window system and GPU.
// Owns: the GLFW window, the OpenGL 3 context, Dear ImGui's GLFW/OpenGL3 backends, the
// offscreen target that screenshots read back, and PNG writing of a rendered frame.
// Must never: know about queues, screens or languages; block on disk or network in a frame.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "kiosk/base/base.h"

struct GLFWwindow;

namespace anl::app {

struct WindowOptions {
    int width = 1920;
    int height = 1080;
    bool fullscreen = false;   // borderless on the primary monitor, at its own resolution
    bool offscreen = false;    // hidden window + framebuffer object: for --screenshot and tests
    std::string title = "Anlaufstelle";
};

// Parses "1920x1080" into width and height; an error names the expected form.
Result<std::pair<int, int>> ParseSize(const std::string& text);

class Platform;
// The window's key callback (installed by Platform::Open): hands keys to ImGui, holding back
// a release that comes before any frame saw its press. Declared here for its test.
void OnKeyLatched(GLFWwindow* window, int key, int scancode, int action, int mods);

class Platform {
public:
    Platform() = default;
    Platform(const Platform&) = delete;
    Platform& operator=(const Platform&) = delete;
    ~Platform();

    // Opens the window and GL context, creates the ImGui context and its backends.
    Status Open(const WindowOptions& options);
    // True once the user (or the window manager) asked to close.
    bool ShouldClose() const;
    // Sleeps until input arrives or `timeout_seconds` pass (0: return at once). Never spins.
    void WaitEvents(double timeout_seconds);
    // Wakes WaitEvents from another thread (a worker posted a result).
    void Wake();
    // True when input (touch, mouse, keys, resize, focus) arrived since the last call: the
    // program draws a frame only then, or when its state changed, so an idle screen costs nothing.
    bool TakeInputSeen() { const bool seen = input_seen_; input_seen_ = false; return seen; }
    // Keyboard text since the last call (a USB barcode scanner is a keyboard): the lines
    // ended by Enter, in order, and the printable ASCII typed after the last Enter.
    struct Typed {
        std::vector<std::string> lines;
        std::string tail;
    };
    Typed TakeTyped() { Typed t = std::move(typed_); typed_ = {}; return t; }
    // Starts an ImGui frame sized to the window (or the offscreen target).
    void BeginFrame();
    // Renders ImGui's draw data and presents it (or keeps it in the offscreen target).
    void EndFrame();
    // Reads back the last rendered frame and writes it as a PNG file (RGB, top row first).
    Status WriteScreenshot(const std::filesystem::path& path) const;
    int width() const { return width_; }
    int height() const { return height_; }
    GLFWwindow* window() const { return window_; }

private:
    GLFWwindow* window_ = nullptr;
    bool offscreen_ = false;
    unsigned framebuffer_ = 0;
    unsigned color_texture_ = 0;
    int width_ = 0;
    int height_ = 0;
    bool imgui_ready_ = false;
    bool input_seen_ = true;
    // Key presses no frame has seen yet, and releases waiting for one (OnKeyLatched).
    struct DeferredRelease { int key, scancode, mods; };
    std::vector<int> presses_unseen_;
    std::vector<DeferredRelease> releases_deferred_;
    Typed typed_;
    friend void NoteInput(GLFWwindow* window);
    friend void NoteChar(GLFWwindow* window, unsigned codepoint);
    friend void OnKeyLatched(GLFWwindow* window, int key, int scancode, int action, int mods);
};

}  // namespace anl::app
