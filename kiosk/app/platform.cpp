// The GLFW + OpenGL 3 platform. Screenshots render into a framebuffer object of exactly the
// requested size, so a portrait 1080x1920 frame works on a 1920x1080 (or no) monitor.
#include "kiosk/app/platform.h"
#include "kiosk/base/sanitizer.h"

#define GL_GLEXT_PROTOTYPES 1
#include <GLFW/glfw3.h>
#include <GL/gl.h>
#include <GL/glext.h>
#include <png.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <utility>
#include <cstdio>
#include <memory>

#include "imgui.h"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"

namespace anl::app {

Result<std::pair<int, int>> ParseSize(const std::string& text) {
    int w = 0, h = 0;
    char x = 0;
    if (std::sscanf(text.c_str(), "%d%c%d", &w, &x, &h) != 3 || (x != 'x' && x != 'X') || w < 320 ||
        h < 320 || w > 8192 || h > 8192) {
        return MakeError(ErrorCode::kInvalidInput,
                         "The size \"" + text + "\" is not of the form WIDTHxHEIGHT, e.g. 1920x1080 or 1080x1920.");
    }
    return std::pair<int, int>{w, h};
}

// Input callbacks, installed before ImGui's (which chains to them): they only note that
// something happened.
void NoteInput(GLFWwindow* window) {
    if (auto* platform = static_cast<Platform*>(glfwGetWindowUserPointer(window))) platform->input_seen_ = true;
}

// Keeps printable ASCII for TakeTyped (a scanner's reference); bounded, a stuck key cannot grow it.
void NoteChar(GLFWwindow* window, unsigned codepoint) {
    auto* platform = static_cast<Platform*>(glfwGetWindowUserPointer(window));
    if (platform == nullptr || codepoint < 0x20 || codepoint > 0x7e) return;
    if (platform->typed_.tail.size() < 256) platform->typed_.tail.push_back(static_cast<char>(codepoint));
}

namespace {
void OnCursor(GLFWwindow* w, double, double) { NoteInput(w); }
void OnButton(GLFWwindow* w, int, int, int) { NoteInput(w); }
void OnScroll(GLFWwindow* w, double, double) { NoteInput(w); }
void OnKey(GLFWwindow* w, int, int, int, int) { NoteInput(w); }
void OnChar(GLFWwindow* w, unsigned c) {
    NoteInput(w);
    NoteChar(w, c);
}
void OnSize(GLFWwindow* w, int, int) { NoteInput(w); }
void OnFocus(GLFWwindow* w, int) { NoteInput(w); }
void OnRefresh(GLFWwindow* w) { NoteInput(w); }
}  // namespace

// ImGui 1.86 reads keys as "down now": a key pressed and released between two frames (a quick
// tap of F1, or a busy moment) was never seen down, and its shortcut was lost. A release that
// arrives before any frame saw the press waits until one has (EndFrame).
void OnKeyLatched(GLFWwindow* window, int key, int scancode, int action, int mods) {
    auto* platform = static_cast<Platform*>(glfwGetWindowUserPointer(window));
    if (platform != nullptr && action == GLFW_PRESS && (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) &&
        platform->typed_.lines.size() < 16) {
        platform->typed_.lines.push_back(std::move(platform->typed_.tail));
        platform->typed_.tail.clear();
    }
    if (platform != nullptr && key >= 0) {
        auto& unseen = platform->presses_unseen_;
        if (action == GLFW_PRESS) {
            if (std::find(unseen.begin(), unseen.end(), key) == unseen.end()) unseen.push_back(key);
        } else if (action == GLFW_RELEASE && std::find(unseen.begin(), unseen.end(), key) != unseen.end()) {
            platform->releases_deferred_.push_back({key, scancode, mods});
            platform->input_seen_ = true;
            return;
        }
    }
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);  // chains to OnKey
}

Platform::~Platform() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
    if (color_texture_ != 0) glDeleteTextures(1, &color_texture_);
    if (window_ != nullptr) glfwDestroyWindow(window_);
    glfwTerminate();
}

Status Platform::Open(const WindowOptions& options) {
    // A display that is named but does not answer yet (a kiosk started with the session,
    // before its X server accepts clients; a server busy with other clients' frames) gets
    // a few seconds; one that is not named fails at once.
    const char* display = std::getenv("DISPLAY");
    const int attempts = (display != nullptr && *display != '\0') ? 10 : 1;
    bool started = false;
    for (int attempt = 0; attempt < attempts && !started; ++attempt) {
        if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(300));
        started = glfwInit() == GLFW_TRUE;
    }
    if (!started) {
        const char* why = nullptr;
        glfwGetError(&why);
        return MakeError(ErrorCode::kInternal,
                         std::string("No display is available (") + (why ? why : "GLFW could not start") +
                             "): start the terminal inside a graphical session (or set DISPLAY).");
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GL_TRUE);
    offscreen_ = options.offscreen;
    if (offscreen_) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);

    GLFWmonitor* monitor = nullptr;
    width_ = options.width;
    height_ = options.height;
    if (options.fullscreen && !offscreen_) {
        monitor = glfwGetPrimaryMonitor();
        if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
            width_ = mode->width;
            height_ = mode->height;
        }
    }
    window_ = glfwCreateWindow(width_, height_, options.title.c_str(), monitor, nullptr);
    if (window_ == nullptr) {
        return MakeError(ErrorCode::kInternal, "The window could not be opened: this machine offers no OpenGL 3.3.");
    }
    glfwMakeContextCurrent(window_);
    anl::KeepLoadedLibrariesForLeakReports();  // the GL driver is loaded now
    glfwSwapInterval(1);
    glfwSetWindowUserPointer(window_, this);
    glfwSetCursorPosCallback(window_, OnCursor);
    glfwSetMouseButtonCallback(window_, OnButton);
    glfwSetScrollCallback(window_, OnScroll);
    glfwSetKeyCallback(window_, OnKey);
    glfwSetCharCallback(window_, OnChar);
    glfwSetFramebufferSizeCallback(window_, OnSize);
    glfwSetWindowFocusCallback(window_, OnFocus);
    glfwSetWindowRefreshCallback(window_, OnRefresh);

    if (offscreen_) {
        glGenTextures(1, &color_texture_);
        glBindTexture(GL_TEXTURE_2D, color_texture_);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width_, height_, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
        glGenFramebuffers(1, &framebuffer_);
        glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_texture_, 0);
        if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
            return MakeError(ErrorCode::kInternal, "The offscreen framebuffer could not be created.");
        }
    }

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk remembers nothing between runs
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    glfwSetKeyCallback(window_, OnKeyLatched);  // in front of ImGui's, which it calls
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imgui_ready_ = true;
    return {};
}

bool Platform::ShouldClose() const { return glfwWindowShouldClose(window_) != 0; }

void Platform::WaitEvents(double timeout_seconds) {
    if (timeout_seconds <= 0) {
        glfwPollEvents();
    } else {
        glfwWaitEventsTimeout(timeout_seconds);
    }
}

void Platform::Wake() { glfwPostEmptyEvent(); }

void Platform::BeginFrame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (offscreen_) {
        io.DisplaySize = ImVec2(float(width_), float(height_));
        io.DisplayFramebufferScale = ImVec2(1, 1);
    } else {
        int w = 0, h = 0;
        glfwGetFramebufferSize(window_, &w, &h);
        width_ = w;
        height_ = h;
    }
    ImGui::NewFrame();
}

void Platform::EndFrame() {
    ImGui::Render();
    if (offscreen_) glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glViewport(0, 0, width_, height_);
    glClearColor(1, 1, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (offscreen_) {
        glFinish();
    } else {
        glfwSwapBuffers(window_);
    }
    // This frame saw every press so far: releases held back for it go to ImGui now, and the
    // next frame sees the key up.
    presses_unseen_.clear();
    for (const DeferredRelease& r : std::exchange(releases_deferred_, {})) {
        ImGui_ImplGlfw_KeyCallback(window_, r.key, r.scancode, GLFW_RELEASE, r.mods);
        input_seen_ = true;
    }
}

Status Platform::WriteScreenshot(const std::filesystem::path& path) const {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!file) {
        return MakeError(ErrorCode::kStorage, "The screenshot " + path.string() + " could not be written.");
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    // Read back in bands of rows, each written as soon as it arrives: a frame-sized buffer
    // would add 8 MB (1920x1080 RGBA) to the start-up peak (docs/PERFORMANCE.md).
    constexpr int kBandRows = 64;
    std::vector<unsigned char> band(size_t(width_) * kBandRows * 4);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return MakeError(ErrorCode::kStorage, "The screenshot " + path.string() + " could not be encoded.");
    }
    png_init_io(png, file.get());
    // A frame is opaque: written as RGB (the filler byte dropped), a quarter less to compress.
    // One filter (Sub) and fast compression: screens are flat colour and text, which Sub and
    // level 1 compress nearly as well as the adaptive filters at level 3, in half the time.
    png_set_IHDR(png, info, png_uint_32(width_), png_uint_32(height_), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    png_set_filler(png, 0, PNG_FILLER_AFTER);

    if (offscreen_) glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(offscreen_ ? GL_COLOR_ATTACHMENT0 : GL_FRONT);
    const size_t row = size_t(width_) * 4;
    for (int top = 0; top < height_; top += kBandRows) {
        const int rows = std::min(kBandRows, height_ - top);
        // OpenGL's first row is the bottom one; PNG's is the top one.
        glReadPixels(0, height_ - top - rows, width_, rows, GL_RGBA, GL_UNSIGNED_BYTE, band.data());
        for (int r = rows - 1; r >= 0; --r) png_write_row(png, band.data() + size_t(r) * row);
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return {};
}

}  // namespace anl::app
