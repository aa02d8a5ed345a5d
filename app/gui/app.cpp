#include "gui/app.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <stdexcept>

#include "gui/assets.hpp"
#include "gui/demo.hpp"
#include "gui/lesson_runner.hpp"
#include "gui/screenshot.hpp"
#include "gui/theme.hpp"
#include "kernels/kernels.hpp"

namespace normlab::gui {
namespace {

constexpr float kFixedStep = 1.0f / 60.0f;

std::string current_simd_target() {
  try {
    return kernels::simd_target_name();
  } catch (const std::exception&) {
  }
  return "unknown";
}

}  // namespace

void configure_shell(ShellState& shell, const AppConfig& config) {
  shell.deterministic = shell.deterministic || config.deterministic;  // a lesson answer given below computes in place
  for (const std::string& file : config.files) {
    if (is_demo_file(file)) {
      open_demo(shell, file);
    } else {
      shell.files_to_open.push_back(file);
    }
  }
  if (!config.panel.empty() && !select_panel(shell, config.panel)) {
    throw std::invalid_argument("unknown panel '" + config.panel + "' (panels: " + panel_ids(shell) + ")");
  }
  if (!config.step.empty()) select_step(shell, config.step);
  load_lessons(shell, asset_path("lessons"), config.progress_path);
  if (!config.lesson.empty()) {
    open_lesson(shell, config.lesson, config.lesson_step);
    if (!config.lesson_answer.empty()) answer_lesson_question(shell, config.lesson_answer);
  }
  for (const std::string& setting : config.settings) apply_setting(shell, setting);
}

std::unique_ptr<App> App::create(const AppConfig& config, std::string& error) {
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  if (config.panels == nullptr || config.panels->empty()) {
    error = "no panels to show";
    return nullptr;
  }
  app->shell_ = make_shell_state(*config.panels);
  try {
    configure_shell(app->shell_, config);
  } catch (const std::invalid_argument& problem) {
    error = problem.what();
    return nullptr;
  }

  Settings settings;
  if (!config.settings_path.empty()) {
    std::string problem;
    settings = load_settings(config.settings_path, &problem);
    if (!problem.empty()) app->shell_.toasts.post(ToastKind::error, problem, 0.0);
  }
  if (config.files.empty() || !std::any_of(config.files.begin(), config.files.end(), is_demo_file)) {
    app->shell_.zoom = settings.zoom;  // else the demo's
    app->shell_.theme = settings.theme;
  }
  if (config.theme) app->shell_.theme = *config.theme;
  app->shell_.presentation = config.presentation;
  app->shell_.deterministic = config.deterministic;
  app->shell_.simd_target = current_simd_target();

  IMGUI_CHECKVERSION();
  app->imgui_ = ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // the layout is fixed by the shell; nothing to remember
  app->window_ = GlWindow::open(config.window, error);
  if (!app->window_) return nullptr;
  app->shell_.content_scale = config.scale.value_or(app->window_->content_scale());
  return app;
}

App::~App() {
  window_.reset();  // backends shut down while the context still exists
  if (imgui_ != nullptr) ImGui::DestroyContext(imgui_);
}

void App::refresh_style_if_needed() {
  const float scale = ui_scale(shell_);
  if (scale == styled_scale_ && shell_.theme == styled_theme_) return;
  if (scale != styled_scale_) {
    fonts_ = build_fonts(scale);
    shell_.font_note = fonts_.note;
    window_->upload_font_texture();
  }
  apply_theme(shell_.theme, scale);
  styled_scale_ = scale;
  styled_theme_ = shell_.theme;
}

void App::frame(const InjectedInput* input) {
  shell_.window_height = static_cast<float>(window_->framebuffer_height()) / shell_.content_scale;
  refresh_style_if_needed();
  window_->begin_frame(input, config_.deterministic ? kFixedStep : 0.0f);
  for (std::string& dropped : window_->take_dropped_files()) shell_.files_to_open.push_back(std::move(dropped));
  handle_shortcuts(shell_);
  draw_shell(shell_, fonts_, ImGui::GetIO().DeltaTime);
  last_frame_balanced_ = imgui_stacks_balanced();
  window_->end_frame(palette_for(shell_.theme).background);
  if (shell_.settings_changed && !config_.settings_path.empty()) {
    std::string problem;
    if (!save_settings(config_.settings_path, {shell_.zoom, shell_.theme}, &problem)) {
      shell_.toasts.post(ToastKind::error, "could not save settings: " + problem, shell_.time_s);
    }
  }
  shell_.settings_changed = false;
}

bool App::should_close() const { return shell_.quit_requested || window_->should_close(); }

void App::write_screenshot(const std::string& path) const {
  int width = 0, height = 0;
  const std::vector<unsigned char> pixels = last_frame(width, height);
  write_png(path, pixels, width, height);
}

std::string panel_listing(const std::vector<panels::PanelDescriptor>& panels) {
  std::string text;
  char line[512];
  for (const panels::PanelDescriptor& panel : panels) {
    std::snprintf(line, sizeof line, "%s  %s: %s\n", panel.id.c_str(), panel.title.c_str(), panel.summary.c_str());
    text += line;
    for (std::size_t step = 0; step < panel.steps.size(); ++step) {
      std::snprintf(line, sizeof line, "    step %zu  %s/%s  %s\n", step, panel.id.c_str(),
                    panel.steps[step].id.c_str(), panel.steps[step].title.c_str());
      text += line;
    }
    const std::unique_ptr<panels::PanelInstance> instance = panel.create();
    for (const params::Spec& spec : instance->parameters().specs())
      text += "    --set " + panel.id + "." + spec.id + "  " + spec.listing_text() + "\n";
  }
  return text;
}

int run_normlab(int argc, const char* const* argv, const std::vector<panels::PanelDescriptor>& panels) {
  LaunchOptions options;
  if (auto error = parse_launch_options(argc, argv, options)) {
    std::fprintf(stderr, "normlab: %s\n%s", error->c_str(), launch_usage());
    return 2;
  }
  if (options.help) {
    std::fputs(launch_usage(), stdout);
    return 0;
  }
  if (options.list_panels) {
    std::fputs(panel_listing(panels).c_str(), stdout);
    return 0;
  }
  if (options.list_lessons) {
    ShellState shell = make_shell_state(panels);
    load_lessons(shell, asset_path("lessons"), "");
    std::fputs(lesson_listing(*shell.lessons).c_str(), stdout);
    for (const std::string& refused : shell.lessons->refused) std::fprintf(stderr, "normlab: lesson refused: %s\n", refused.c_str());
    return 0;
  }
  const bool screenshot = !options.screenshot_path.empty();
  AppConfig config;
  config.panels = &panels;
  config.window.width = options.width;
  config.window.height = options.height;
  config.window.visible = !screenshot;
  config.window.offscreen = screenshot;
  config.deterministic = screenshot;
  config.settings_path = screenshot ? "" : default_settings_path();
  config.theme = options.theme;
  config.scale = screenshot ? std::optional<float>(options.scale.value_or(1.0f)) : options.scale;
  config.panel = options.panel;
  config.step = options.step;
  config.settings = options.settings;
  config.presentation = options.presentation;
  config.files = options.files;
  config.lesson = options.lesson;
  config.lesson_step = options.lesson_step;
  config.lesson_answer = options.lesson_answer;
  config.progress_path = screenshot ? "" : default_progress_path();
  if (!options.save_demo_path.empty()) {
    try {
      ShellState shell = make_shell_state(panels);
      configure_shell(shell, config);
      if (options.theme) shell.theme = *options.theme;
      save_demo(shell, options.save_demo_path);
      std::printf("wrote %s\n", options.save_demo_path.c_str());
      return 0;
    } catch (const std::exception& problem) {
      std::fprintf(stderr, "normlab: %s\n", problem.what());
      return 2;
    }
  }
  std::string error;
  std::unique_ptr<App> app = App::create(config, error);
  if (!app) {
    std::fprintf(stderr, "normlab: %s\n", error.c_str());
    return 1;
  }
  try {
    if (screenshot) {
      for (int frame = 0; frame < options.frames; ++frame) app->frame();
      app->write_screenshot(options.screenshot_path);
      std::printf("wrote %s (%d x %d)\n", options.screenshot_path.c_str(), options.width, options.height);
      return 0;
    }
    while (!app->should_close()) app->frame();
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "normlab: %s\n", failure.what());
    return 1;
  }
  return 0;
}

}  // namespace normlab::gui
