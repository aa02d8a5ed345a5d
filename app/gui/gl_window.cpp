#include "gui/gl_window.hpp"

// glad before anything that includes GL headers; GLFW_INCLUDE_NONE comes from the build.
#include <glad/gl.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "gui/viewport3d.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <stdexcept>

namespace normlab::gui {
namespace {

std::string last_glfw_error;

void remember_glfw_error(int code, const char* description) {
  last_glfw_error = "GLFW error " + std::to_string(code) + ": " + (description ? description : "");
}

// GLFW is initialized once per process and terminated at exit: tests open dozens of windows in turn,
// and re-initializing for each reconnects to the X server each time, which under load sometimes
// failed ("Failed to open display").
bool glfw_ready = false;

}  // namespace

std::string no_display_message(const std::string& glfw_reason) {
  return "this app needs a display, and none could be opened (" + glfw_reason +
         "). Without one, use normlab-cli (the same computations, headless; see normlab-cli --help), or "
         "run the app under a virtual display: xvfb-run -a normlab --screenshot out.png";
}

std::unique_ptr<GlWindow> GlWindow::open(const WindowOptions& options, std::string& error) {
  glfwSetErrorCallback(remember_glfw_error);
  last_glfw_error.clear();
  if (!glfw_ready) {
    // A display that is set but refuses the connection is tried again briefly: a loaded X server
    // (Xvfb on a busy 2-core CI machine) was seen to refuse about one connection in a hundred.
    const bool display_set = std::getenv("DISPLAY") != nullptr;
    bool initialized = glfwInit() == GLFW_TRUE;
    for (int attempt = 1; !initialized && display_set && attempt <= 3; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
      initialized = glfwInit() == GLFW_TRUE;
    }
    if (!initialized) {
      error = no_display_message(last_glfw_error.empty() ? "glfwInit failed" : last_glfw_error);
      return nullptr;
    }
    glfw_ready = true;
    std::atexit(glfwTerminate);
  }
  std::unique_ptr<GlWindow> window(new GlWindow());
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  window->window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (window->window_ == nullptr) {
    error = "could not create an OpenGL 3.3 core window (" + last_glfw_error + ")";
    return nullptr;
  }
  glfwMakeContextCurrent(window->window_);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    error = "could not load OpenGL 3.3 functions (glad)";
    return nullptr;
  }
  glfwSwapInterval(options.offscreen ? 0 : 1);
  window->capture_presented_ = options.capture_presented && !options.offscreen;
  if (options.offscreen) {
    window->offscreen_ = true;
    window->offscreen_width_ = options.width;
    window->offscreen_height_ = options.height;
    glGenFramebuffers(1, &window->framebuffer_);
    glGenRenderbuffers(1, &window->colour_buffer_);
    glBindRenderbuffer(GL_RENDERBUFFER, window->colour_buffer_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, options.width, options.height);
    glBindFramebuffer(GL_FRAMEBUFFER, window->framebuffer_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, window->colour_buffer_);
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
      error = "could not create a " + std::to_string(options.width) + " x " + std::to_string(options.height) +
              " offscreen framebuffer";
      return nullptr;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
  }
  // ImGui's backend keeps its state in ImGui's io, not in the window's user pointer, which is ours.
  glfwSetWindowUserPointer(window->window_, window.get());
  glfwSetDropCallback(window->window_, &GlWindow::on_drop);
  ImGui_ImplGlfw_InitForOpenGL(window->window_, /*install_callbacks=*/true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  window->imgui_backends_ = true;
  prepare_scene_shaders();
  return window;
}

void GlWindow::on_drop(GLFWwindow* window, int count, const char** paths) {
  auto* self = static_cast<GlWindow*>(glfwGetWindowUserPointer(window));
  if (self == nullptr) return;
  for (int index = 0; index < count; ++index) self->dropped_files_.emplace_back(paths[index]);
}

std::vector<std::string> GlWindow::take_dropped_files() {
  std::vector<std::string> files;
  files.swap(dropped_files_);
  return files;
}

GlWindow::~GlWindow() {
  if (imgui_backends_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
  }
  if (framebuffer_ != 0) glDeleteFramebuffers(1, &framebuffer_);
  if (colour_buffer_ != 0) glDeleteRenderbuffers(1, &colour_buffer_);
  forget_scene_shaders();
  if (window_ != nullptr) glfwDestroyWindow(window_);
}

float GlWindow::content_scale() const {
  float x_scale = 1.0f, y_scale = 1.0f;
  glfwGetWindowContentScale(window_, &x_scale, &y_scale);
  return std::clamp(std::max(x_scale, y_scale), 0.5f, 4.0f);
}

int GlWindow::framebuffer_height() const {
  if (offscreen_) return offscreen_height_;
  int width = 0, height = 0;
  glfwGetFramebufferSize(window_, &width, &height);
  return height;
}

bool GlWindow::should_close() const { return glfwWindowShouldClose(window_) != 0; }

void GlWindow::upload_font_texture() {
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void GlWindow::begin_frame(const InjectedInput* input, float fixed_delta_s) {
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  if (offscreen_) {
    io.DisplaySize = ImVec2(static_cast<float>(offscreen_width_), static_cast<float>(offscreen_height_));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  }
  if (fixed_delta_s > 0.0f) io.DeltaTime = fixed_delta_s;
  if (input != nullptr) {
    io.MousePos = input->mouse_pos;
    for (int button = 0; button < 3; ++button) io.MouseDown[button] = input->mouse_down[button];
    io.MouseWheel = input->mouse_wheel;
    std::fill(std::begin(io.KeysDown), std::end(io.KeysDown), false);
    for (int key : input->keys_down) {
      if (key >= 0 && key < static_cast<int>(IM_ARRAYSIZE(io.KeysDown))) io.KeysDown[key] = true;
    }
    io.KeyCtrl = input->ctrl;
    io.KeyShift = input->shift;
    if (!input->typed.empty()) io.AddInputCharactersUTF8(input->typed.c_str());
    io.KeyAlt = io.KeySuper = false;
  }
  ImGui::NewFrame();
}

void GlWindow::end_frame(const ImVec4& clear_colour) {
  ImGui::Render();
  // Bind the frame's target every frame rather than trusting what a pass during the frame (an
  // offscreen 3-D view) left bound: drawn anywhere else, the frame never reaches the window.
  int width = offscreen_width_, height = offscreen_height_;
  if (!offscreen_) glfwGetFramebufferSize(window_, &width, &height);
  glBindFramebuffer(GL_FRAMEBUFFER, offscreen_ ? framebuffer_ : 0);
  glViewport(0, 0, width, height);
  glClearColor(clear_colour.x, clear_colour.y, clear_colour.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (offscreen_) return;
  if (capture_presented_) capture_back_buffer(width, height);
  glfwSwapBuffers(window_);
}

void GlWindow::capture_back_buffer(int width, int height) {
  // Read the default framebuffer explicitly, whatever is bound for drawing: this is what the swap
  // will show, so a frame drawn into some other framebuffer must not pass for a presented one.
  GLint previous_read = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous_read);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, 0);
  glReadBuffer(GL_BACK);
  presented_.resize(static_cast<std::size_t>(width) * height * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, presented_.data());
  presented_width_ = width;
  presented_height_ = height;
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous_read));
}

std::vector<unsigned char> GlWindow::read_pixels(int& width, int& height) const {
  std::vector<unsigned char> pixels;
  if (offscreen_) {
    width = offscreen_width_;
    height = offscreen_height_;
    pixels.resize(static_cast<std::size_t>(width) * height * 4);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_);
    glReadBuffer(GL_COLOR_ATTACHMENT0);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  } else if (capture_presented_) {
    width = presented_width_;
    height = presented_height_;
    pixels = presented_;
  } else {
    throw std::runtime_error("this window keeps no copy of its frames (WindowOptions::capture_presented)");
  }
  // GL's rows start at the bottom; images start at the top.
  const std::size_t row_bytes = static_cast<std::size_t>(width) * 4;
  for (int row = 0; row < height / 2; ++row) {
    std::swap_ranges(pixels.begin() + row * row_bytes, pixels.begin() + (row + 1) * row_bytes,
                     pixels.begin() + (height - 1 - row) * row_bytes);
  }
  return pixels;
}

}  // namespace normlab::gui
