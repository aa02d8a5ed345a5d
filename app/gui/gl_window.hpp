// The GL seam: the only place that knows GLFW, OpenGL and ImGui's platform/renderer backends. The shell
// and the panels produce ImGui draw lists; this turns them into pixels on a window or an offscreen
// framebuffer (screenshot mode), and feeds device input (real or injected by tests) to ImGui.
#pragma once

#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

struct GLFWwindow;

namespace normlab::gui {

struct WindowOptions {
  int width = 1600;
  int height = 900;
  bool visible = true;
  // Render into an offscreen framebuffer of width x height instead of the window's back buffer, so a
  // screenshot's size does not depend on the screen or a window manager.
  bool offscreen = false;
  std::string title = "NormLab";
  // Windowed only: keep a copy of each frame as presented (the default framebuffer's back buffer, read
  // just before the swap), for tests that check what a person in front of the window sees. Costs a
  // full-frame read per frame.
  bool capture_presented = false;
};

// Input a test injects for one frame; it replaces what the devices report (ImGui 1.86 input API:
// io.MousePos / io.MouseDown / io.MouseWheel / io.KeysDown indexed by GLFW key codes / io.KeyCtrl).
struct InjectedInput {
  ImVec2 mouse_pos = ImVec2(-1.0e30f, -1.0e30f);  // far away = no mouse
  bool mouse_down[3] = {false, false, false};
  float mouse_wheel = 0.0f;
  std::vector<int> keys_down;  // GLFW key codes held this frame
  bool ctrl = false;
  bool shift = false;
  std::string typed;  // characters typed this frame (UTF-8), as io.AddInputCharactersUTF8 takes them
};

// "this app needs a display ..." with the alternatives; shared by the app and its test.
std::string no_display_message(const std::string& glfw_reason);

class GlWindow {
 public:
  // Creates the window, a GL 3.3 core context (glad) and ImGui's backends on the current ImGui
  // context. Returns nullptr with `error` set (one line) when there is no display or no GL 3.3.
  static std::unique_ptr<GlWindow> open(const WindowOptions& options, std::string& error);
  ~GlWindow();
  GlWindow(const GlWindow&) = delete;
  GlWindow& operator=(const GlWindow&) = delete;

  float content_scale() const;
  int framebuffer_height() const;  // pixels: the offscreen target's, or the window's framebuffer
  bool should_close() const;
  // Re-uploads ImGui's font atlas after the fonts were rebuilt.
  void upload_font_texture();
  // Polls events and starts the ImGui frame. fixed_delta_s > 0 forces the time step (deterministic).
  void begin_frame(const InjectedInput* input, float fixed_delta_s);
  // Renders the ImGui frame over `clear_colour`; swaps unless offscreen.
  void end_frame(const ImVec4& clear_colour);
  // The last rendered frame as RGBA rows, top row first: the offscreen target's, or (windowed, with
  // capture_presented) the last frame the window presented.
  std::vector<unsigned char> read_pixels(int& width, int& height) const;
  // Paths of files dropped on the window since the last call.
  std::vector<std::string> take_dropped_files();

 private:
  GlWindow() = default;
  GLFWwindow* window_ = nullptr;
  bool offscreen_ = false;
  bool capture_presented_ = false;
  std::vector<unsigned char> presented_;  // bottom row first, as GL reads it
  int presented_width_ = 0, presented_height_ = 0;
  int offscreen_width_ = 0, offscreen_height_ = 0;
  unsigned framebuffer_ = 0, colour_buffer_ = 0;
  bool imgui_backends_ = false;
  std::vector<std::string> dropped_files_;
  static void on_drop(GLFWwindow* window, int count, const char** paths);
  void capture_back_buffer(int width, int height);
};

}  // namespace normlab::gui
