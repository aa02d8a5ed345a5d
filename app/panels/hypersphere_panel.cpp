// The √d hypersphere: where LayerNorm and RMSNorm send a vector, in R^3 (where it can be seen) and in
// R^d (as a histogram of norms). LayerNorm centres x along the all-ones axis onto the plane orthogonal to
// it, then scales it along its ray onto a circle of radius sqrt(3 var/(var+eps)): a 1-sphere, not the
// 2-sphere RMSNorm fills (Xiong et al. 2020; Zhang & Sennrich 2019). Every number shown is computed by
// core/lessons/hypersphere; the scene is built by hypersphere_scene so tests can check it.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>

#include "gui/assets.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/viewport3d.hpp"
#include "gui/widgets.hpp"
#include "panels/hypersphere_scene.hpp"
#include "gui/panel.hpp"

namespace normlab::panels {
namespace {

using lessons::Vector;
namespace sphere = hypersphere;

enum class ShownNorm { layer, rms, both };

// The animation's timeline in seconds: a pause, the centring, a hold, the scaling.
constexpr double kLead = 0.4, kStageSeconds = 1.5, kHold = 0.5;

struct HypersphereState {
  // Declared parameters.
  double x1 = 2.0, x2 = -0.6, x3 = 0.9;
  ShownNorm norm = ShownNorm::both;
  double eps = 1e-5, gamma = 1.0, beta = 0.0;
  double shift = 1.5;
  int cloud_count = 400;
  double cloud_offset = 0.0, cloud_spread = 1.0;
  int seed = 1;
  int dimension = 256;
  // Interaction: the animation's stage in [0, 2] (0 = x, 1 = centred, 2 = normalized).
  double stage = 2.0;
  bool playing = false;
  double play_start_s = 0;
  int predicted_layer = -1, predicted_rms = -1;  // 0 = stays, 1 = moves, -1 = not chosen
  bool revealed = false;
  // Seen from the side of the plane, not down the all-ones axis: face-on, the circle would hide in the
  // sphere's outline and the plane would not look like a plane.
  gui::OrbitCamera camera = [] {
    gui::OrbitCamera side;
    side.yaw = side.default_yaw = 0.3f;
    side.pitch = side.default_pitch = 0.45f;
    side.eye_distance = side.default_eye_distance = 3.9f;
    return side;
  }();
  gui::Viewport3D view;
  // The cloud step's inputs and the high-d figure, rebuilt when what they depend on changes.
  std::vector<Vector> cloud;
  std::tuple<int, double, double, int> cloud_key{-1, 0, 0, -1};
  std::optional<figure::Figure> norms_figure;
  std::optional<lessons::HypersphereFigureRequest> figure_key;
  std::string figure_error;
  gui::PlotWidgetState plot;
};

constexpr int kMaxCloud = 2000;
constexpr int kMaxDimension = 1024;
constexpr int kMaxSeed = 1000000;

void declare_hypersphere(HypersphereState& state, params::ParameterSet& parameters) {
  parameters.number("x1", state.x1, -10, 10, "first component of the 3-vector x");
  parameters.number("x2", state.x2, -10, 10, "second component of x");
  parameters.number("x3", state.x3, -10, 10, "third component of x");
  parameters.choice("norm", state.norm, {{"layer", ShownNorm::layer}, {"rms", ShownNorm::rms}, {"both", ShownNorm::both}},
                    "which norm's image the 3-D steps show");
  parameters.number("eps", state.eps, 0, 1, "added to the variance (mean square) under the root");
  parameters.number("gamma", state.gamma, -4, 4, "the scale, one value for every feature");
  parameters.number("beta", state.beta, -2, 2, "LayerNorm's shift, one value for every feature");
  parameters.number("shift", state.shift, -10, 10, "c in x + c (1, 1, 1) (the shift step)");
  parameters.integer("cloud-count", state.cloud_count, 1, kMaxCloud, "vectors in the cloud");
  parameters.number("cloud-offset", state.cloud_offset, -10, 10, "mean of every component of the cloud");
  parameters.number("cloud-spread", state.cloud_spread, 0, 5, "standard deviation of every component");
  parameters.integer("seed", state.seed, 0, kMaxSeed, "the cloud's random seed");
  parameters.integer("d", state.dimension, 3, kMaxDimension, "dimension of the high-d step's vectors");
}

lessons::HypersphereSettings settings_of(const HypersphereState& state) {
  return {.eps = state.eps, .gamma = state.gamma, .beta = state.beta};
}

bool shows_layer(const HypersphereState& state) { return state.norm != ShownNorm::rms; }
bool shows_rms(const HypersphereState& state) { return state.norm != ShownNorm::layer; }

double smooth(double amount) {
  amount = std::clamp(amount, 0.0, 1.0);
  return amount * amount * (3 - 2 * amount);
}

// The stage reached `elapsed` seconds after Play.
double stage_at(double elapsed) {
  const double second_start = kLead + kStageSeconds + kHold;
  if (elapsed < second_start) return smooth((elapsed - kLead) / kStageSeconds);
  return 1.0 + smooth((elapsed - second_start) / kStageSeconds);
}

void start_playing(HypersphereState& state, const PanelContext& context) {
  state.play_start_s = context.time_s;
  state.playing = !context.deterministic;  // a screenshot shows where the animation ends
  state.stage = context.deterministic ? 2.0 : 0.0;
}

void enter_hypersphere(HypersphereState& state, PanelContext& context) {
  start_playing(state, context);
  state.revealed = false;
}

void advance(HypersphereState& state, const PanelContext& context) {
  if (!state.playing) return;
  state.stage = stage_at(context.time_s - state.play_start_s);
  if (state.stage >= 2.0) state.playing = false;
}

struct Colours {
  figure::Color input, layer, rms, axis, plane, sphere;
};

Colours colours_for(const PanelContext& context) {
  const figure::Theme theme = gui::figure_theme(context.theme);
  const bool dark = context.theme == gui::ThemeKind::dark;
  Colours colours;
  colours.input = theme.series_colors.at(0);
  colours.layer = theme.series_colors.at(1);
  colours.rms = theme.series_colors.at(2);
  colours.axis = theme.muted_text;
  // A projector washes out faint fills on white and crushes them on black: more opacity on dark.
  colours.plane = figure::with_alpha(colours.layer, dark ? 0.22f : 0.16f);
  colours.sphere = figure::with_alpha(colours.rms, dark ? 0.16f : 0.11f);
  return colours;
}

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

// ---- Controls ----------------------------------------------------------------------------------------

// A drag field rather than a slider: a slider's grab covers the digits a projector must show.
bool slider(const char* label, double& value, double low, double high, float width, const char* format = "%.3g",
            ImGuiSliderFlags flags = 0) {
  ImGui::SetNextItemWidth(width);
  const float speed = static_cast<float>((high - low) / 400);
  const bool changed = ImGui::DragScalar(label, ImGuiDataType_Double, &value, speed, &low, &high, format,
                                         flags | ImGuiSliderFlags_AlwaysClamp);
  value = std::clamp(value, low, high);  // Ctrl+click typing may leave the range
  return changed;
}

// A field `field_width` wide with its label to its right.
float labelled(float field_width, const char* label) {
  return field_width + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
}

// Continues the line of controls when the next item (`next_width` wide) fits, else starts a new line:
// presenting, large type pushed Play and the stage off the right edge.
void same_line(const PanelContext& context, float next_width) {
  const float gap = context.px(18);
  const float line_end = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + gap + next_width <= line_end) ImGui::SameLine(0, gap);
}

float play_width() { return labelled(0, "Playing") + 2 * ImGui::GetStyle().FramePadding.x; }

float prediction_width(const char* norm_name) {
  const ImGuiStyle& style = ImGui::GetStyle();
  return ImGui::CalcTextSize(norm_name).x + ImGui::CalcTextSize("staysmoves").x +
         2 * (ImGui::GetFrameHeight() + style.ItemInnerSpacing.x + style.ItemSpacing.x) + style.ItemSpacing.x;
}

void draw_norm_controls(HypersphereState& state, PanelContext& context) {
  int norm = static_cast<int>(state.norm);
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::Combo("norm", &norm, "LayerNorm\0RMSNorm\0both\0")) state.norm = static_cast<ShownNorm>(norm);
  same_line(context, labelled(context.px(110), "eps"));
  slider("eps", state.eps, 0.0, 1.0, context.px(110), "%.1e", ImGuiSliderFlags_Logarithmic);
  same_line(context, labelled(context.px(90), "gamma"));
  slider("gamma", state.gamma, -4.0, 4.0, context.px(90), "%.2f");
  same_line(context, labelled(context.px(90), "beta"));
  slider("beta", state.beta, -2.0, 2.0, context.px(90), "%.2f");
}

void draw_play_controls(HypersphereState& state, PanelContext& context) {
  if (ImGui::Button(state.playing ? "Playing" : "Play")) start_playing(state, context);
  same_line(context, labelled(context.px(150), "stage"));
  ImGui::SetNextItemWidth(context.px(150));
  float stage = static_cast<float>(state.stage);
  if (ImGui::SliderFloat("stage", &stage, 0.0f, 2.0f, "%.2f")) {
    state.stage = stage;
    state.playing = false;
  }
}

// ---- The 3-D view and its labels -----------------------------------------------------------------------

struct LegendEntry {
  figure::Color colour;
  std::string text;
};

// The scene across the rest of the page, with axis labels at the axes' ends and a legend over its
// top-left corner (text over the view: a side column would take the width the picture needs).
void draw_view(HypersphereState& state, PanelContext& context, const sphere::SceneRequest& request,
               const std::vector<LegendEntry>& legend) {
  const sphere::BuiltScene built = sphere::build_scene(request);
  const figure::Theme theme = gui::figure_theme(context.theme);
  gui::ViewportStyle style;
  style.background = {theme.plot_background.red, theme.plot_background.green, theme.plot_background.blue, 1};
  style.scale = context.scale;
  ImVec2 size = ImGui::GetContentRegionAvail();
  size.y = std::max(size.y - ImGui::GetTextLineHeightWithSpacing(), context.px(160));
  const ImVec2 corner = ImGui::GetCursorScreenPos();
  state.view.draw(built.scene, state.camera, size, style);
  if (size.x < 8 || size.y < 8) return;
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  // Labels of axes that leave the view are cut at its edge rather than drawn over the controls.
  draw_list->PushClipRect(corner, ImVec2(corner.x + size.x, corner.y + size.y), true);
  const ImU32 muted = gui::to_u32(context.palette->muted_text), text = gui::to_u32(context.palette->text);
  const float reach = 1.05f;
  const char* const names[] = {"x1", "x2", "x3"};
  for (int axis = 0; axis < 3; ++axis) {
    gui::Vec3 end{0, 0, 0};
    end[axis] = reach;
    gui::Vec3 start{0, 0, 0};
    start[axis] = -reach;
    draw_list->AddLine(state.view.to_screen(start), state.view.to_screen(end), muted, context.px(1));
    const ImVec2 at = state.view.to_screen(end);
    draw_list->AddText(ImVec2(at.x + context.px(4), at.y - context.px(4)), text, names[axis]);
  }
  const float ones = 1.25f / std::sqrt(3.0f);
  const ImVec2 ones_end = state.view.to_screen({ones, ones, ones});
  draw_list->AddText(ImVec2(ones_end.x + context.px(4), ones_end.y), muted, "(1, 1, 1)");
  // The legend, one swatch per entry, on a backing so it stays readable over the translucent plane.
  const float line = ImGui::GetTextLineHeightWithSpacing(), swatch = ImGui::GetTextLineHeight() * 0.7f;
  float width = 0;
  for (const LegendEntry& entry : legend) width = std::max(width, ImGui::CalcTextSize(entry.text.c_str()).x);
  const ImVec2 origin(corner.x + context.px(8), corner.y + context.px(8));
  const float pad = context.px(6);
  draw_list->AddRectFilled(ImVec2(origin.x - pad, origin.y - pad),
                           ImVec2(origin.x + swatch + context.px(8) + width + pad, origin.y + line * legend.size() + pad),
                           gui::to_u32(ImVec4(theme.plot_background.red, theme.plot_background.green,
                                              theme.plot_background.blue, 0.85f)),
                           context.px(4));
  for (std::size_t index = 0; index < legend.size(); ++index) {
    const figure::Color& c = legend[index].colour;
    const float y = origin.y + line * index;
    const float inset = (ImGui::GetTextLineHeight() - swatch) / 2;
    draw_list->AddRectFilled(ImVec2(origin.x, y + inset), ImVec2(origin.x + swatch, y + inset + swatch),
                             gui::to_u32(ImVec4(c.red, c.green, c.blue, std::max(c.alpha, 0.6f))));
    draw_list->AddText(ImVec2(origin.x + swatch + context.px(8), y), text, legend[index].text.c_str());
  }
  draw_list->PopClipRect();
  ImGui::TextColored(context.palette->muted_text, "Drag to rotate, wheel to zoom, double-click to reset.");
}

sphere::SceneRequest base_request(const HypersphereState& state, const Colours& colours) {
  sphere::SceneRequest request;
  request.settings = settings_of(state);
  request.show_plane = shows_layer(state);
  request.show_sphere = shows_rms(state);
  request.axis_color = colours.axis;
  request.plane_color = colours.plane;
  request.circle_color = colours.layer;
  request.sphere_color = colours.sphere;
  const double sphere_reach = std::sqrt(3.0) * (std::abs(state.gamma) + std::abs(state.beta));
  request.extent = std::max(1.0, sphere_reach) * 1.05;
  return request;
}

void include_in_view(sphere::SceneRequest& request, const Vector& point) {
  request.extent = std::max(request.extent, lessons::norm_of(point) * 1.05);
}

// ---- Steps -----------------------------------------------------------------------------------------------

// The 3-vector x as three drag fields.
void draw_vector_input(HypersphereState& state, PanelContext& context) {
  ImGui::SetNextItemWidth(context.px(220));
  double x[3] = {state.x1, state.x2, state.x3};
  const double low = -10, high = 10;
  if (ImGui::DragScalarN("x", ImGuiDataType_Double, x, 3, 0.02f, &low, &high, "%.2f")) {
    state.x1 = std::clamp(x[0], low, high), state.x2 = std::clamp(x[1], low, high), state.x3 = std::clamp(x[2], low, high);
  }
}

void draw_vector_step(HypersphereState& state, PanelContext& context) {
  const Vector input = {state.x1, state.x2, state.x3};
  const lessons::HypersphereSettings settings = settings_of(state);
  const double mean = lessons::mean_of(input), variance = lessons::variance_of(input);
  const double radius = lessons::layer_norm_radius(input, settings);
  gui::StepPage page(context);
  page.add_notes("mean = " + format("%.3g", mean) + ", σ = " + format("%.3g", std::sqrt(variance)) +
                 ", circle radius |γ|·√(3 var/(var+ε)) = " + format("%.4g", radius) + ", sphere radius |γ|·√3 = " +
                 format("%.4g", std::abs(state.gamma) * std::sqrt(3.0)) + ".");
  page.draw_header([&] {
    draw_vector_input(state, context);
    same_line(context, labelled(context.px(120), "norm"));
    draw_norm_controls(state, context);
  });
  if (!page.presenting()) same_line(context, play_width());
  draw_play_controls(state, context);
  const char* stage_key = state.stage < 1.0 ? "vector.stage1" : state.stage < 2.0 ? "vector.stage2" : "vector.done";
  const std::string& stage_words = gui::panel_text("hypersphere", stage_key);
  same_line(context, ImGui::CalcTextSize(stage_words.c_str()).x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(context.palette->muted_text, "%s", stage_words.c_str());

  const Colours colours = colours_for(context);
  sphere::SceneRequest request = base_request(state, colours);
  request.circle_radius = shows_layer(state) ? radius : 0.0;
  include_in_view(request, input);
  request.points.push_back({input, colours.input, 1.2f});
  request.segments.push_back({{0, 0, 0}, input, figure::with_alpha(colours.input, 0.9f)});
  if (shows_layer(state)) {
    const Vector plane = lessons::centred(input);
    const Vector moving = lessons::layer_norm_stage(input, state.stage, settings);
    request.segments.push_back({input, state.stage < 1.0 ? moving : plane, colours.layer});
    if (state.stage > 1.0) request.segments.push_back({plane, moving, colours.layer});
    request.points.push_back({moving, colours.layer, 1.0f});
  }
  if (shows_rms(state)) {
    const Vector moving = lessons::rms_norm_stage(input, std::max(0.0, state.stage - 1.0), settings);
    request.points.push_back({moving, colours.rms, 1.0f});
  }
  page.begin_central();
  draw_view(state, context, request,
            {{colours.input, "x"}, {colours.layer, "LayerNorm(x), its circle and plane"},
             {colours.rms, "RMSNorm(x) and its sphere"}, {colours.axis, "all-ones axis"}});
  page.end_central();
}

void ensure_cloud(HypersphereState& state) {
  const std::tuple<int, double, double, int> key{state.cloud_count, state.cloud_offset, state.cloud_spread, state.seed};
  if (key == state.cloud_key) return;
  state.cloud = lessons::make_cloud(static_cast<std::size_t>(state.cloud_count), 3, state.cloud_offset,
                                    state.cloud_spread, static_cast<std::uint64_t>(state.seed));
  state.cloud_key = key;
}

void draw_cloud_controls(HypersphereState& state, PanelContext& context) {
  ImGui::SetNextItemWidth(context.px(80));
  ImGui::DragInt("count", &state.cloud_count, 4.0f, 1, kMaxCloud);
  state.cloud_count = std::clamp(state.cloud_count, 1, kMaxCloud);
  same_line(context, labelled(context.px(90), "offset"));
  slider("offset", state.cloud_offset, -10.0, 10.0, context.px(90), "%.2f");
  same_line(context, labelled(context.px(90), "spread"));
  slider("spread", state.cloud_spread, 0.0, 5.0, context.px(90), "%.2f");
  same_line(context, labelled(context.px(120), "seed"));
  ImGui::SetNextItemWidth(context.px(120));
  if (ImGui::InputInt("seed", &state.seed)) state.seed = std::clamp(state.seed, 0, kMaxSeed);
}

void draw_cloud_step(HypersphereState& state, PanelContext& context) {
  ensure_cloud(state);
  const lessons::HypersphereSettings settings = settings_of(state);
  const lessons::CloudImages images = lessons::summarize_cloud_images(state.cloud, settings);
  gui::StepPage page(context);
  page.add_notes("LayerNorm radii here: " + format("%.3g", images.layer.min_norm) + " to " +
                 format("%.3g", images.layer.max_norm) + "; RMSNorm: " + format("%.3g", images.rms.min_norm) + " to " +
                 format("%.3g", images.rms.max_norm) + ".");
  page.draw_header([&] {
    draw_cloud_controls(state, context);
    draw_norm_controls(state, context);
  });
  if (!page.presenting()) same_line(context, play_width());
  draw_play_controls(state, context);
  const Colours colours = colours_for(context);
  sphere::SceneRequest request = base_request(state, colours);
  request.circle_radius = shows_layer(state) ? std::abs(state.gamma) * std::sqrt(3.0) : 0.0;
  request.points.reserve(state.cloud.size() * 2);
  const float fade = static_cast<float>(std::min(state.stage / 2.0, 1.0));
  // The view holds 95% of the inputs: a few far outliers would shrink the circle and sphere to a dot.
  std::vector<double> input_norms;
  for (const Vector& x : state.cloud) input_norms.push_back(lessons::norm_of(x));
  const auto quantile = input_norms.begin() + static_cast<std::ptrdiff_t>(0.95 * (input_norms.size() - 1));
  std::nth_element(input_norms.begin(), quantile, input_norms.end());
  request.extent = std::max(request.extent, *quantile * 1.05);
  for (const Vector& x : state.cloud) {
    if (shows_layer(state)) {
      request.points.push_back({lessons::layer_norm_stage(x, state.stage, settings),
                                figure::mix(colours.input, colours.layer, fade), 0.6f});
    }
    if (shows_rms(state)) {
      request.points.push_back({lessons::rms_norm_stage(x, state.stage / 2.0, settings),
                                figure::mix(colours.input, colours.rms, fade), 0.6f});
    }
  }
  page.begin_central();
  draw_view(state, context, request,
            {{colours.input, "x (points start here)"}, {colours.layer, "LayerNorm(x): onto the circle"},
             {colours.rms, "RMSNorm(x): onto the sphere"}});
  page.end_central();
}

// Exercise 2: x + c (1, 1, 1). The student predicts before the images are shown.
void draw_prediction(const char* norm_name, int& prediction) {
  ImGui::BeginGroup();  // moves to the next line as one piece
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(norm_name);
  ImGui::SameLine();
  ImGui::RadioButton((std::string("stays##") + norm_name).c_str(), &prediction, 0);
  ImGui::SameLine();
  ImGui::RadioButton((std::string("moves##") + norm_name).c_str(), &prediction, 1);
  ImGui::EndGroup();
}

std::string verdict(const char* norm_name, double distance, double scale, int prediction) {
  const bool moves = distance > 1e-9 * std::max(scale, 1.0);
  std::string text = std::string(norm_name) + (moves ? " moves" : " stays") + " (|change| = " +
                     format(moves ? "%.3g" : "%.1e", distance) + ")";
  if (prediction >= 0) text += (prediction == 1) == moves ? ": you predicted right." : ": not what you predicted.";
  return text;
}

void draw_shift_step(HypersphereState& state, PanelContext& context) {
  gui::StepPage page(context);
  page.draw_header([&] { slider("shift c", state.shift, -10.0, 10.0, context.px(120), "%.2f"); });
  if (!page.presenting()) same_line(context, ImGui::CalcTextSize("Adding c·(1, 1, 1) to x:").x);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Adding c·(1, 1, 1) to x:");
  same_line(context, prediction_width("LayerNorm(x)"));
  draw_prediction("LayerNorm(x)", state.predicted_layer);
  same_line(context, prediction_width("RMSNorm(x)"));
  draw_prediction("RMSNorm(x)", state.predicted_rms);
  same_line(context, labelled(0, "Reveal") + 2 * ImGui::GetStyle().FramePadding.x);
  if (ImGui::Button(state.revealed ? "Hide" : "Reveal")) state.revealed = !state.revealed;

  const lessons::HypersphereSettings settings = settings_of(state);
  const Vector input = {state.x1, state.x2, state.x3};
  Vector shifted = input;
  for (double& value : shifted) value += state.shift;
  const Vector layer = lessons::layer_norm_vector(input, settings), layer_shifted = lessons::layer_norm_vector(shifted, settings);
  const Vector rms = lessons::rms_norm_vector(input, settings), rms_shifted = lessons::rms_norm_vector(shifted, settings);
  const auto distance = [](const Vector& a, const Vector& b) {
    Vector difference = a;
    for (std::size_t i = 0; i < a.size(); ++i) difference[i] -= b[i];
    return lessons::norm_of(difference);
  };
  if (state.revealed) {
    gui::draw_wrapped_note(verdict("LayerNorm(x)", distance(layer, layer_shifted), lessons::norm_of(layer), state.predicted_layer) +
                               " " + verdict("RMSNorm(x)", distance(rms, rms_shifted), lessons::norm_of(rms), state.predicted_rms) +
                               " LayerNorm subtracts the mean, so the shift cancels; RMSNorm keeps it.",
                           context.palette->text);
  }
  const Colours colours = colours_for(context);
  sphere::SceneRequest request = base_request(state, colours);
  request.show_plane = request.show_sphere = true;
  request.circle_radius = lessons::layer_norm_radius(input, settings);
  include_in_view(request, input);
  include_in_view(request, shifted);
  request.points.push_back({input, colours.input, 1.2f});
  request.points.push_back({shifted, colours.input, 0.9f});
  request.segments.push_back({input, shifted, colours.input});
  if (state.revealed) {
    request.points.push_back({layer, colours.layer, 1.2f});
    request.points.push_back({layer_shifted, colours.layer, 0.8f});
    request.points.push_back({rms, colours.rms, 1.2f});
    request.points.push_back({rms_shifted, colours.rms, 0.8f});
  }
  page.begin_central();
  draw_view(state, context, request,
            {{colours.input, "x (large) and x + c·(1, 1, 1)"}, {colours.layer, "LayerNorm of both"},
             {colours.rms, "RMSNorm of both"}});
  page.end_central();
}

void draw_high_d_step(HypersphereState& state, PanelContext& context) {
  gui::StepPage page(context);
  page.draw_header([&] {
    ImGui::SetNextItemWidth(context.px(90));
    ImGui::DragInt("d", &state.dimension, 2.0f, 3, kMaxDimension, "%d", ImGuiSliderFlags_Logarithmic);
    state.dimension = std::clamp(state.dimension, 3, kMaxDimension);
    same_line(context, labelled(context.px(80), "count"));
    draw_cloud_controls(state, context);
    same_line(context, labelled(context.px(110), "eps"));
    slider("eps", state.eps, 0.0, 1.0, context.px(110), "%.1e", ImGuiSliderFlags_Logarithmic);
  });
  lessons::HypersphereFigureRequest request;
  request.dimension = static_cast<std::size_t>(state.dimension);
  request.count = static_cast<std::size_t>(state.cloud_count);
  request.offset = state.cloud_offset;
  request.spread = state.cloud_spread;
  request.seed = static_cast<std::uint64_t>(state.seed);
  request.settings = settings_of(state);
  if (!state.figure_key || !(*state.figure_key == request)) {
    // Remembered before building, so a refused request is not rebuilt every frame.
    state.figure_key = request;
    state.norms_figure.reset();
    state.figure_error.clear();
    try {
      state.norms_figure = lessons::hypersphere_norms_figure(request);
    } catch (const std::invalid_argument& error) {
      state.figure_error = error.what();
    }
  }
  if (!state.norms_figure) {
    ImGui::TextColored(context.palette->error, "%s", state.figure_error.c_str());
    return;
  }
  gui::PlotOptions options;
  options.export_stem = "hypersphere_norms";
  options.min_lines = 14;
  page.begin_central();
  draw_plot("hypersphere-norms", *state.norms_figure, state.plot, context, options);
  page.end_central();
}

void draw_hypersphere(HypersphereState& state, PanelContext& context) {
  advance(state, context);
  // The core refuses what has no answer (a constant x with eps = 0) with a sentence; the controls stay
  // drawn above it so the student can change the input back.
  try {
    if (context.step_id == "cloud") {
      draw_cloud_step(state, context);
    } else if (context.step_id == "shift") {
      draw_shift_step(state, context);
    } else if (context.step_id == "high-d") {
      draw_high_d_step(state, context);
    } else {
      draw_vector_step(state, context);
    }
  } catch (const std::invalid_argument& error) {
    ImGui::TextColored(context.palette->error, "%s", error.what());
  }
}

}  // namespace

PanelDescriptor hypersphere_panel() {
  return {"hypersphere",
          "The √d hypersphere",
          "Where LayerNorm and RMSNorm send a vector: a circle against a sphere in R^3, norms at √d in R^d.",
          {{"vector", "One vector"}, {"cloud", "A cloud"}, {"shift", "Exercise: shift"}, {"high-d", "High d"}},
          make_panel_factory<HypersphereState>(
              {.draw = draw_hypersphere, .declare = declare_hypersphere, .enter_step = enter_hypersphere})};
}

}  // namespace normlab::panels
