#include "gui/shell.hpp"

#include <GLFW/glfw3.h>  // key codes only: ImGui 1.86's glfw backend indexes io.KeysDown by them
#include <imgui.h>
#include <imgui_internal.h>  // the context's stacks, for imgui_stacks_balanced

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "gui/demo.hpp"
#include "gui/lesson_runner.hpp"
#include "gui/theme.hpp"

namespace normlab::gui {
namespace {

constexpr float kSidebarWidth = 270.0f;
constexpr float kZoomStep = 1.1f;

bool key_pressed(int key) { return ImGui::IsKeyPressed(key, /*repeat=*/false); }

panels::PanelContext make_context(ShellState& shell, const FontSet& fonts, const ShellPanel& panel) {
  panels::PanelContext context;
  context.theme = shell.theme;
  context.palette = &palette_for(shell.theme);
  context.fonts = &fonts;
  context.scale = fonts.pixel_scale;
  context.presentation = shell.presentation;
  context.step = panel.step;
  context.step_id = panel.descriptor->steps[panel.step].id;
  context.panel_id = panel.descriptor->id;
  context.page = &shell.page;
  context.time_s = shell.time_s;
  context.deterministic = shell.deterministic;
  context.toasts = &shell.toasts;
  context.open_panel = [&shell](std::string_view id) { select_panel(shell, id); };
  return context;
}

// The row of step names under a panel's heading; clicking one jumps to it (steps are never locked).
void draw_step_bar(ShellPanel& panel, const Palette& palette, float scale) {
  const auto& steps = panel.descriptor->steps;
  if (steps.size() < 2) return;
  for (int index = 0; index < static_cast<int>(steps.size()); ++index) {
    if (index > 0) ImGui::SameLine(0, 6.0f * scale);
    const bool active = index == panel.step;
    ImGui::PushStyleColor(ImGuiCol_Button, active ? palette.accent : ImGui::GetStyle().Colors[ImGuiCol_Button]);
    ImGui::PushStyleColor(ImGuiCol_Text, active ? palette.background : palette.text);
    char label[160];
    std::snprintf(label, sizeof label, "%d  %s##step%d", index + 1, steps[index].title.c_str(), index);
    if (ImGui::Button(label)) panel.step = index;
    ImGui::PopStyleColor(2);
  }
}

}  // namespace

// Public (shell.hpp): the lesson page draws the live panel too.
void draw_current_step(ShellState& shell, const FontSet& fonts) {
  ShellPanel& panel = shell.panels[shell.current];
  panels::PanelContext context = make_context(shell, fonts, panel);
  if (shell.entered_panel != shell.current || shell.entered_step != panel.step) {
    if (shell.entered_panel >= 0) {
      ShellPanel& left = shell.panels[shell.entered_panel];
      panels::PanelContext left_context = make_context(shell, fonts, left);
      left_context.step = shell.entered_step;
      left_context.step_id = left.descriptor->steps[shell.entered_step].id;
      left.instance->leave_step(left_context);
    }
    panel.instance->enter_step(context);
    shell.entered_panel = shell.current;
    shell.entered_step = panel.step;
    shell.page.drawer_open = false;  // a step's drawer holds that step's controls
  }
  shell.page.begin_frame();
  panel.instance->draw(context);
}

namespace {

void draw_panel_body(ShellState& shell, const FontSet& fonts) {
  ImGui::BeginChild("##panel_body", ImVec2(0, 0), false);
  draw_current_step(shell, fonts);
  ImGui::EndChild();
}

void draw_menu_bar(ShellState& shell) {
  if (!ImGui::BeginMainMenuBar()) return;
  if (ImGui::BeginMenu("File")) {
    if (ImGui::MenuItem("Open demo...", "Ctrl+O")) shell.demo_dialog.requested = DemoDialogState::Mode::open;
    if (ImGui::MenuItem("Save demo...", "Ctrl+S")) shell.demo_dialog.requested = DemoDialogState::Mode::save;
    ImGui::Separator();
    if (ImGui::MenuItem("Quit", "Ctrl+Q")) shell.quit_requested = true;
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("View")) {
    if (ImGui::MenuItem("Light theme (projector)", nullptr, shell.theme == ThemeKind::light)) {
      shell.theme = ThemeKind::light;
      shell.settings_changed = true;
    }
    if (ImGui::MenuItem("Dark theme", nullptr, shell.theme == ThemeKind::dark)) {
      shell.theme = ThemeKind::dark;
      shell.settings_changed = true;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Zoom in", "Ctrl +")) change_zoom(shell, kZoomStep);
    if (ImGui::MenuItem("Zoom out", "Ctrl -")) change_zoom(shell, 1.0f / kZoomStep);
    if (ImGui::MenuItem("Reset zoom", "Ctrl 0")) change_zoom(shell, 0.0f);
    ImGui::Separator();
    ImGui::MenuItem("Panel list", nullptr, &shell.show_sidebar);
    if (ImGui::MenuItem("Presentation mode", "F5")) set_presentation(shell, true);
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Panels")) {
    for (int index = 0; index < static_cast<int>(shell.panels.size()); ++index) {
      const auto& descriptor = *shell.panels[index].descriptor;
      if (ImGui::MenuItem(descriptor.title.c_str(), nullptr, index == shell.current && !lesson_page_shown(shell))) {
        shell.current = index;
        leave_lessons(shell);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", descriptor.summary.c_str());
    }
    ImGui::EndMenu();
  }
  if (ImGui::BeginMenu("Keys")) {
    ImGui::MenuItem("F5: presentation mode, Esc: leave it", nullptr, false, false);
    ImGui::MenuItem("PageDown / PageUp (or arrows when presenting): next / previous step", nullptr, false,
                    false);
    ImGui::MenuItem("N / C when presenting: the step's notes / its drawer of controls", nullptr, false, false);
    ImGui::MenuItem("Ctrl + / Ctrl - / Ctrl 0: zoom in / out / reset", nullptr, false, false);
    ImGui::MenuItem("Ctrl+S / Ctrl+O: save / open a demo", nullptr, false, false);
    ImGui::EndMenu();
  }
  ImGui::EndMainMenuBar();
}

constexpr ImGuiWindowFlags kFixedWindow = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoBringToFrontOnFocus;

float status_bar_height() { return ImGui::GetFrameHeight() + 2.0f * ImGui::GetStyle().WindowPadding.y * 0.5f; }

void draw_status_bar(ShellState& shell, const FontSet& fonts, const Palette& palette) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  const float height = status_bar_height();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x, viewport->WorkPos.y + viewport->WorkSize.y - height));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkSize.x, height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, palette.panel_frame);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding,
                      ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().WindowPadding.y * 0.5f));
  ImGui::Begin("##status_bar", nullptr, kFixedWindow);
  ImGui::PushFont(fonts.small);
  ImGui::AlignTextToFramePadding();
  ImGui::Text("SIMD target: %s", shell.simd_target.empty() ? "unknown" : shell.simd_target.c_str());
  ImGui::SameLine(0, 28.0f * fonts.pixel_scale);
  ImGui::Text("Frame: %.1f ms", shell.frame_ms);
  ImGui::SameLine(0, 28.0f * fonts.pixel_scale);
  ImGui::Text("UI scale: %.2f", fonts.pixel_scale);
  const float gap = 28.0f * fonts.pixel_scale;
  const char* hint = "F5: present";
  const float hint_x = ImGui::GetWindowWidth() - ImGui::CalcTextSize(hint).x - ImGui::GetStyle().WindowPadding.x;
  // The note or last message ends in "..." short of the hint instead of running under it (a toast
  // showed the whole message).
  const auto draw_message = [&](const std::string& text, const ImVec4& colour) {
    ImGui::SameLine(0, gap);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float right = ImGui::GetWindowPos().x + hint_x - gap;
    if (right <= start.x) return;
    const ImVec2 size = ImGui::CalcTextSize(text.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), start, ImVec2(right, start.y + size.y), right, right,
                              text.c_str(), nullptr, &size);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(std::min(size.x, right - start.x), size.y));
  };
  if (!shell.font_note.empty()) {
    draw_message(shell.font_note, palette.warning);
  } else if (!shell.toasts.last_text().empty()) {
    draw_message(shell.toasts.last_text(), palette.muted_text);
  }
  ImGui::SameLine(hint_x);
  ImGui::TextColored(palette.muted_text, "%s", hint);
  ImGui::PopFont();
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

// Wide enough for the longest panel title in bold, and never narrower than kSidebarWidth.
float sidebar_width(const ShellState& shell, const FontSet& fonts) {
  float widest = 0.0f;
  for (const ShellPanel& panel : shell.panels) {
    widest = std::max(widest, fonts.bold->CalcTextSizeA(fonts.bold->FontSize, 1.0e9f, 0.0f,
                                                        panel.descriptor->title.c_str()).x);
  }
  const ImGuiStyle& style = ImGui::GetStyle();
  return std::max(kSidebarWidth * fonts.pixel_scale, widest + 2.0f * style.WindowPadding.x + 2.0f * style.FramePadding.x);
}

void draw_sidebar(ShellState& shell, const FontSet& fonts, const Palette& palette, float top, float height) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(viewport->WorkPos.x, top));
  ImGui::SetNextWindowSize(ImVec2(sidebar_width(shell, fonts), height));
  ImGui::PushStyleColor(ImGuiCol_WindowBg, palette.panel_frame);
  ImGui::Begin("##sidebar", nullptr, kFixedWindow);
  draw_lesson_sidebar_entry(shell, fonts, palette);
  ImGui::PushFont(fonts.small);
  ImGui::TextColored(palette.muted_text, "PANELS");
  ImGui::PopFont();
  ImGui::Spacing();
  for (int index = 0; index < static_cast<int>(shell.panels.size()); ++index) {
    const auto& descriptor = *shell.panels[index].descriptor;
    ImGui::PushID(index);
    const bool shown = index == shell.current && !lesson_page_shown(shell);
    ImGui::PushFont(shown ? fonts.bold : fonts.body);
    if (ImGui::Selectable(descriptor.title.c_str(), shown, 0, ImVec2(0, ImGui::GetTextLineHeight() * 1.4f))) {
      shell.current = index;
      leave_lessons(shell);
    }
    ImGui::PopFont();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", descriptor.summary.c_str());
    ImGui::PopID();
  }
  ImGui::End();
  ImGui::PopStyleColor();
}

void draw_heading(ShellPanel& panel, const FontSet& fonts, const Palette& palette) {
  ImGui::PushFont(fonts.heading);
  ImGui::TextUnformatted(panel.descriptor->title.c_str());
  ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, palette.muted_text);
  ImGui::TextWrapped("%s", panel.descriptor->summary.c_str());
  ImGui::PopStyleColor();
}

void draw_normal(ShellState& shell, const FontSet& fonts, const Palette& palette) {
  draw_menu_bar(shell);
  const ImGuiViewport* viewport = ImGui::GetMainViewport();  // WorkPos excludes the menu bar
  const float status_height = status_bar_height();
  const float top = viewport->WorkPos.y;
  const float height = viewport->WorkSize.y - status_height;
  float left = viewport->WorkPos.x;
  if (shell.show_sidebar) {
    draw_sidebar(shell, fonts, palette, top, height);
    left += sidebar_width(shell, fonts);
  }
  ImGui::SetNextWindowPos(ImVec2(left, top));
  ImGui::SetNextWindowSize(ImVec2(viewport->WorkPos.x + viewport->WorkSize.x - left, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(24.0f * fonts.pixel_scale, 16.0f * fonts.pixel_scale));
  ImGui::Begin("##main", nullptr, kFixedWindow);
  ImGui::PopStyleVar();
  ShellPanel& panel = shell.panels[shell.current];
  if (lesson_page_shown(shell)) {
    draw_lesson_page(shell, fonts, palette);
  } else {
    draw_heading(panel, fonts, palette);
    ImGui::Spacing();
    draw_step_bar(panel, palette, fonts.pixel_scale);
    ImGui::Separator();
    ImGui::Spacing();
    draw_panel_body(shell, fonts);
  }
  ImGui::End();
  draw_status_bar(shell, fonts, palette);
}

void draw_presentation(ShellState& shell, const FontSet& fonts, const Palette& palette) {
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->Pos);
  ImGui::SetNextWindowSize(viewport->Size);
  const float scale = fonts.pixel_scale;
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(40.0f * scale / kPresentationScale,
                                                          24.0f * scale / kPresentationScale));
  ImGui::Begin("##presentation", nullptr, kFixedWindow);
  ImGui::PopStyleVar();
  ShellPanel& panel = shell.panels[shell.current];
  const auto& steps = panel.descriptor->steps;
  // The title in bold body type, not the desk's heading size: the height goes to the step's picture.
  ImGui::PushFont(fonts.bold);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(lesson_page_shown(shell) ? lesson_heading(shell).c_str() : panel.descriptor->title.c_str());
  ImGui::PopFont();
  char where[200];
  std::snprintf(where, sizeof where, "Step %d of %d: %s", panel.step + 1, static_cast<int>(steps.size()),
                steps[panel.step].title.c_str());
  if (lesson_page_shown(shell)) std::snprintf(where, sizeof where, "%s", lesson_position(shell).c_str());
  ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(where).x - ImGui::GetStyle().WindowPadding.x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(palette.muted_text, "%s", where);
  ImGui::Separator();
  ImGui::Spacing();
  // The footer's line at the bottom (the hint, or the latest message) is the panel's rest: a toast
  // floating over the page covered the content it talked about.
  const float footer = ImGui::GetTextLineHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
  ImGui::BeginChild("##presentation_body", ImVec2(0, -footer), false);
  const ImVec2 body_min = ImGui::GetWindowPos();
  const ImVec2 body_max(body_min.x + ImGui::GetWindowWidth(), body_min.y + ImGui::GetWindowHeight());
  if (lesson_page_shown(shell)) {
    draw_lesson_page(shell, fonts, palette);
  } else {
    draw_current_step(shell, fonts);
  }
  ImGui::EndChild();
  draw_page_notes(shell.page, body_min, body_max, scale);
  ImGui::PushFont(fonts.small);
  if (!shell.toasts.active().empty()) {
    const Toast& toast = shell.toasts.active().back();
    const ImVec4 colour = toast.kind == ToastKind::error     ? palette.error
                          : toast.kind == ToastKind::success ? palette.good
                                                             : palette.text;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float right = start.x + ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(toast.text.c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    ImGui::RenderTextEllipsis(ImGui::GetWindowDrawList(), start, ImVec2(right, start.y + size.y), right, right,
                              toast.text.c_str(), nullptr, &size);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(std::min(size.x, right - start.x), size.y));
  } else {
    char footer_text[200];
    std::snprintf(footer_text, sizeof footer_text,
                  "Panel %d of %d    PageDown / PageUp: step    N: notes    C: controls    Esc: leave",
                  shell.current + 1, static_cast<int>(shell.panels.size()));
    ImGui::TextColored(palette.muted_text, "%s", footer_text);
  }
  ImGui::PopFont();
  ImGui::End();
}

}  // namespace

ShellState make_shell_state(const std::vector<panels::PanelDescriptor>& panels) {
  ShellState shell;
  for (const panels::PanelDescriptor& descriptor : panels) {
    shell.panels.push_back({&descriptor, descriptor.create(), 0});
  }
  return shell;
}

std::string panel_ids(const ShellState& shell) {
  std::string list;
  for (const ShellPanel& panel : shell.panels) list += (list.empty() ? "" : ", ") + panel.descriptor->id;
  return list;
}

float presentation_fit(float window_height) {
  if (!(window_height > 0.0f)) return 1.0f;
  return std::clamp(std::round(10.0f * window_height / kPresentationHeight) / 10.0f, 0.6f, 2.0f);
}

float ui_scale(const ShellState& shell) {
  const float presenting = kPresentationScale * presentation_fit(shell.window_height);
  return shell.content_scale * clamp_zoom(shell.zoom) * (shell.presentation ? presenting : 1.0f);
}

bool select_panel(ShellState& shell, std::string_view panel_id) {
  for (int index = 0; index < static_cast<int>(shell.panels.size()); ++index) {
    if (shell.panels[index].descriptor->id == panel_id) {
      shell.current = index;
      return true;
    }
  }
  return false;
}

void step_forward(ShellState& shell) {
  if (lesson_page_shown(shell)) return lesson_forward(shell);
  ShellPanel& panel = shell.panels[shell.current];
  if (panel.step + 1 < static_cast<int>(panel.descriptor->steps.size())) {
    ++panel.step;
  } else if (shell.current + 1 < static_cast<int>(shell.panels.size())) {
    ++shell.current;
    shell.panels[shell.current].step = 0;
  }
}

void step_back(ShellState& shell) {
  if (lesson_page_shown(shell)) return lesson_back(shell);
  ShellPanel& panel = shell.panels[shell.current];
  if (panel.step > 0) {
    --panel.step;
  } else if (shell.current > 0) {
    --shell.current;
    ShellPanel& previous = shell.panels[shell.current];
    previous.step = static_cast<int>(previous.descriptor->steps.size()) - 1;
  }
}

void change_zoom(ShellState& shell, float factor) {
  const float zoom = factor == 0.0f ? 1.0f : clamp_zoom(shell.zoom * factor);
  if (zoom != shell.zoom) {
    shell.zoom = zoom;
    shell.settings_changed = true;
  }
}

void set_presentation(ShellState& shell, bool on) { shell.presentation = on; }

void handle_shortcuts(ShellState& shell) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;  // typing into a field: keys are text, not commands
  if (key_pressed(GLFW_KEY_F5)) set_presentation(shell, !shell.presentation);
  if (shell.presentation && key_pressed(GLFW_KEY_ESCAPE)) set_presentation(shell, false);
  if (key_pressed(GLFW_KEY_PAGE_DOWN)) step_forward(shell);
  if (key_pressed(GLFW_KEY_PAGE_UP)) step_back(shell);
  if (shell.presentation) {
    if (key_pressed(GLFW_KEY_RIGHT) || key_pressed(GLFW_KEY_DOWN) || key_pressed(GLFW_KEY_SPACE)) {
      step_forward(shell);
    }
    if (key_pressed(GLFW_KEY_LEFT) || key_pressed(GLFW_KEY_UP)) step_back(shell);
    if (!io.KeyCtrl && key_pressed(GLFW_KEY_N)) shell.page.show_notes = !shell.page.show_notes;
    if (!io.KeyCtrl && key_pressed(GLFW_KEY_C)) shell.page.drawer_open = !shell.page.drawer_open;
  }
  if (io.KeyCtrl) {
    if (key_pressed(GLFW_KEY_EQUAL) || key_pressed(GLFW_KEY_KP_ADD)) change_zoom(shell, kZoomStep);
    if (key_pressed(GLFW_KEY_MINUS) || key_pressed(GLFW_KEY_KP_SUBTRACT)) change_zoom(shell, 1.0f / kZoomStep);
    if (key_pressed(GLFW_KEY_0) || key_pressed(GLFW_KEY_KP_0)) change_zoom(shell, 0.0f);
    if (key_pressed(GLFW_KEY_Q)) shell.quit_requested = true;
    if (key_pressed(GLFW_KEY_S)) shell.demo_dialog.requested = DemoDialogState::Mode::save;
    if (key_pressed(GLFW_KEY_O)) shell.demo_dialog.requested = DemoDialogState::Mode::open;
  }
}

bool imgui_stacks_balanced() {
  const ImGuiContext& context = *ImGui::GetCurrentContext();
  // One window stays open between NewFrame and Render: ImGui's implicit "Debug##Default".
  return context.CurrentWindowStack.Size == 1 && context.ColorStack.Size == 0 && context.StyleVarStack.Size == 0 &&
         context.FontStack.Size == 0 && context.GroupStack.Size == 0 && context.BeginPopupStack.Size == 0;
}

void open_demo_with_toast(ShellState& shell, const std::string& path) {
  try {
    open_demo(shell, path);
    shell.toasts.post(ToastKind::success, "Opened the demo " + path, shell.time_s);
  } catch (const std::exception& problem) {
    shell.toasts.post(ToastKind::error, problem.what(), shell.time_s);
  }
}

void save_demo_with_toast(ShellState& shell, const std::string& path) {
  try {
    save_demo(shell, path);
    shell.toasts.post(ToastKind::success, "Saved the demo as " + path, shell.time_s);
  } catch (const std::exception& problem) {
    shell.toasts.post(ToastKind::error, std::string("Could not save the demo: ") + problem.what(), shell.time_s);
  }
}

void open_pending_files(ShellState& shell, const FontSet& fonts) {
  std::vector<std::string> files;
  files.swap(shell.files_to_open);
  for (const std::string& path : files) {
    if (is_demo_file(path)) {
      open_demo_with_toast(shell, path);
      continue;
    }
    std::string extension = std::filesystem::path(path).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char letter) { return static_cast<char>(std::tolower(letter)); });
    std::vector<std::string> known_list;
    for (const ShellPanel& panel : shell.panels) {
      for (const std::string& option : panel.descriptor->opens) {
        if (std::find(known_list.begin(), known_list.end(), option) == known_list.end()) known_list.push_back(option);
      }
    }
    std::string known;
    for (const std::string& option : known_list) known += (known.empty() ? "" : ", ") + option;
    // The panel on screen gets the file when it opens that kind (two panels open .npy); otherwise the
    // first panel that does.
    std::vector<std::size_t> order = {static_cast<std::size_t>(shell.current)};
    for (std::size_t index = 0; index < shell.panels.size(); ++index) {
      if (index != order.front()) order.push_back(index);
    }
    bool opened = false;
    for (std::size_t index : order) {
      if (opened || index >= shell.panels.size()) break;
      ShellPanel& panel = shell.panels[index];
      const auto& opens = panel.descriptor->opens;
      if (std::find(opens.begin(), opens.end(), extension) == opens.end()) continue;
      shell.current = static_cast<int>(index);
      panels::PanelContext context = make_context(shell, fonts, panel);
      panel.instance->open_file(path, context);
      opened = true;
    }
    if (!opened) {
      shell.toasts.post(ToastKind::error,
                        "Cannot open " + std::filesystem::path(path).filename().string() + ": NormLab opens " + known +
                            " files",
                        shell.time_s);
    }
  }
}

void draw_shell(ShellState& shell, const FontSet& fonts, float delta_s) {
  shell.time_s += delta_s;
  open_pending_files(shell, fonts);
  // Smoothed so the number is readable; the first frame takes the raw value.
  const float frame_ms = delta_s * 1000.0f;
  shell.frame_ms = shell.frame_ms == 0.0f ? frame_ms : 0.9f * shell.frame_ms + 0.1f * frame_ms;
  shell.toasts.expire(shell.time_s);
  const Palette& palette = palette_for(shell.theme);
  ImGui::PushFont(fonts.body);
  if (shell.presentation) {
    draw_presentation(shell, fonts, palette);
  } else {
    draw_normal(shell, fonts, palette);
  }
  draw_demo_dialog(shell, fonts.pixel_scale);
  if (!shell.presentation) draw_toasts(shell.toasts, palette, fonts.pixel_scale, status_bar_height());
  ImGui::PopFont();
}

}  // namespace normlab::gui
