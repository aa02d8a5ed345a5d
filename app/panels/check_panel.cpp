// Check my implementation: open the input x and a student's output y (path fields, or drop the files
// on the window), and see the reference, the difference as a heatmap, the largest error, the verdict
// and the likely mistake. Without files a planted mistake stands in, so the panel always shows a case.
// Everything shown comes from core/lessons/implementation_check (the same as `normlab-cli check`).
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <string>

#include "gui/assets.hpp"
#include "gui/panel.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/widgets.hpp"
#include "lessons/activation_matrix.hpp"
#include "lessons/implementation_check.hpp"

namespace normlab::panels {
namespace {

using lessons::ImplementationMistake;

struct CheckState {
  // Declared parameters.
  NormKind norm = NormKind::layer;
  double eps = 1e-5;
  int groups = 2;
  ImplementationMistake mistake = ImplementationMistake::unbiased_variance;
  std::string input_path, student_path;  // both set: check these files; otherwise the planted mistake
  // The path fields being typed, copied to the parameters by "Check files".
  std::array<char, 512> input_field{}, student_field{};
  std::string fields_show_input, fields_show_student;  // what the fields were last filled from
  // The last check, recomputed when what it depends on changes.
  std::string computed_for;
  std::optional<lessons::ImplementationCheck> check;
  std::optional<figure::Figure> figure;
  std::string problem;
  gui::PlotWidgetState plot;
};

void declare_check(CheckState& state, params::ParameterSet& parameters) {
  parameters.choice("norm", state.norm,
                    {{"layer", NormKind::layer},
                     {"rms", NormKind::rms},
                     {"batch", NormKind::batch},
                     {"group", NormKind::group},
                     {"instance", NormKind::instance}},
                    "the normalization the student implemented");
  parameters.number("eps", state.eps, 0.0, 1.0, "added inside the square root");
  parameters.integer("groups", state.groups, 1, 64, "GroupNorm: channel groups");
  std::vector<std::pair<std::string, ImplementationMistake>> mistakes;
  for (ImplementationMistake mistake : lessons::all_mistakes()) mistakes.emplace_back(lessons::mistake_id(mistake), mistake);
  parameters.choice("mistake", state.mistake, mistakes, "without files: the mistake planted in the example output");
  parameters.text("input-path", state.input_path, "the input x (.npy or .csv); with student-path, checks the files");
  parameters.text("student-path", state.student_path, "the student's output y (.npy or .csv), x's shape");
}

bool checks_files(const CheckState& state) { return !state.input_path.empty() && !state.student_path.empty(); }

std::string inputs_key(const CheckState& state) {
  char numbers[64];
  std::snprintf(numbers, sizeof numbers, "%.17g|%d|%d|%d", state.eps, state.groups, int(state.norm), int(state.mistake));
  return std::string(numbers) + "|" + state.input_path + "|" + state.student_path;
}

void recompute(CheckState& state) {
  state.computed_for = inputs_key(state);
  state.check.reset();
  state.figure.reset();
  state.problem.clear();
  try {
    lessons::ImplementationCheckRequest request;
    if (checks_files(state)) {
      request.config.kind = state.norm;
      request.config.eps = state.eps;
      request.config.groups = std::size_t(state.groups);
      request.input = lessons::load_activation_file(state.input_path);
      request.student_output = lessons::load_activation_file(state.student_path);
    } else {
      lessons::PlantedMistakeExample example;
      example.kind = state.norm;
      example.mistake = state.mistake;
      example.eps = state.eps;
      example.groups = std::size_t(state.groups);
      request = lessons::planted_mistake_request(example);
    }
    state.check = lessons::check_implementation(request);
    state.figure = lessons::implementation_check_figure(*state.check);
  } catch (const std::exception& error) {
    state.problem = error.what();
  }
}

void copy_to_field(const std::string& text, std::array<char, 512>& field) {
  std::snprintf(field.data(), field.size(), "%s", text.c_str());
}

// A dropped .npy/.csv fills the input first, then the student's output; a third starts over.
void open_check_file(CheckState& state, const std::string& path, PanelContext& context) {
  if (state.input_path.empty() || checks_files(state)) {
    state.input_path = path;
    state.student_path.clear();
  } else {
    state.student_path = path;
  }
  if (context.toasts) {
    context.toasts->post(gui::ToastKind::info,
                         checks_files(state) ? "Checking " + state.student_path + " against " + state.input_path
                                             : "Input " + path + ": now drop the student's output",
                         context.time_s);
  }
}

void draw_controls(CheckState& state, PanelContext& context) {
  int norm = int(state.norm == NormKind::instance ? 4 : state.norm == NormKind::group ? 3
                 : state.norm == NormKind::batch  ? 2 : state.norm == NormKind::rms ? 1 : 0);
  ImGui::SetNextItemWidth(context.px(150));
  if (ImGui::Combo("norm", &norm, "LayerNorm\0RMSNorm\0BatchNorm\0GroupNorm\0InstanceNorm\0")) {
    constexpr NormKind kKinds[] = {NormKind::layer, NormKind::rms, NormKind::batch, NormKind::group, NormKind::instance};
    state.norm = kKinds[norm];
  }
  ImGui::SameLine(0, context.px(20));
  ImGui::SetNextItemWidth(context.px(120));
  ImGui::InputDouble("eps", &state.eps, 0, 0, "%.3g");
  state.eps = std::clamp(state.eps, 0.0, 1.0);
  if (state.norm == NormKind::group) {
    ImGui::SameLine(0, context.px(20));
    ImGui::SetNextItemWidth(context.px(110));
    if (ImGui::InputInt("groups", &state.groups)) state.groups = std::clamp(state.groups, 1, 64);
  }
  ImGui::SameLine(0, context.px(20));
  ImGui::SetNextItemWidth(context.px(230));
  if (ImGui::BeginCombo("try a planted mistake", lessons::mistake_id(state.mistake).c_str())) {
    for (ImplementationMistake mistake : lessons::all_mistakes()) {
      if (ImGui::Selectable(lessons::mistake_id(mistake).c_str(), mistake == state.mistake)) {
        state.mistake = mistake;
        state.input_path.clear();  // a preset replaces the files
        state.student_path.clear();
      }
    }
    ImGui::EndCombo();
  }
  if (context.presentation) return;  // the wall shows the result; files are opened at the desk
  // A path set from outside (--set, a demo, a dropped file) shows in its field.
  if (state.fields_show_input != state.input_path || state.fields_show_student != state.student_path) {
    copy_to_field(state.input_path, state.input_field);
    copy_to_field(state.student_path, state.student_field);
    state.fields_show_input = state.input_path;
    state.fields_show_student = state.student_path;
  }
  ImGui::SetNextItemWidth(context.px(300));
  ImGui::InputTextWithHint("##input", "input x: path/to/x.npy or .csv", state.input_field.data(), state.input_field.size());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(context.px(300));
  ImGui::InputTextWithHint("##student", "student's output y: path/to/y.npy", state.student_field.data(),
                           state.student_field.size());
  ImGui::SameLine();
  if (ImGui::Button("Check files")) {
    state.input_path = state.input_field.data();
    state.student_path = state.student_field.data();
  }
}

void draw_verdict_heading(const CheckState& state, PanelContext& context) {
  const lessons::ImplementationCheck& check = *state.check;
  ImGui::PushFont(context.fonts->bold);
  ImGui::TextColored(check.output.passed ? context.palette->good : context.palette->error, "%s",
                     check.output.passed ? "Match" : "Mismatch");
  ImGui::PopFont();
  ImGui::SameLine();
  ImGui::TextColored(context.palette->muted_text, "%s",
                     checks_files(state) ? ("student " + state.student_path + " for input " + state.input_path).c_str()
                                         : ("planted mistake: " + lessons::mistake_id(state.mistake)).c_str());
}

void draw_candidates(const CheckState& state, PanelContext& context) {
  const auto& check = *state.check;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp;
  // Presenting, the rows share the page's height, as the model table's do.
  const float padding = context.presentation
                            ? gui::row_padding_to_fill(static_cast<int>(check.candidates.size()) + 1,
                                                       ImGui::GetContentRegionAvail().y * 0.92f)
                            : ImGui::GetStyle().CellPadding.y;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, padding));
  const bool drawn = ImGui::BeginTable("candidates", 3, kFlags);
  ImGui::PopStyleVar();
  if (!drawn) return;
  ImGui::TableSetupColumn("mistake", 0, 0.9f);
  ImGui::TableSetupColumn("off by (x tolerance)", 0, 0.7f);
  ImGui::TableSetupColumn("what it is", 0, 2.6f);
  ImGui::TableHeadersRow();
  for (const lessons::MistakeCandidate& candidate : check.candidates) {
    const bool diagnosed = check.diagnosis && check.diagnosis->words == candidate.words;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(diagnosed ? context.palette->error : context.palette->text, "%s%s",
                       lessons::mistake_id(candidate.mistake).c_str(), diagnosed ? "  <- likely" : "");
    ImGui::TableNextColumn();
    if (candidate.detectable) {
      ImGui::Text("%.3g", candidate.worst_ratio);
    } else {
      ImGui::TextColored(context.palette->muted_text, "this input cannot tell it apart");
    }
    // One line a row, so the whole list fits a 720p window; the sentence in full on hover.
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(candidate.words.c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", candidate.words.c_str());
  }
  ImGui::EndTable();
}

void draw_check(CheckState& state, PanelContext& context) {
  draw_controls(state, context);
  if (state.computed_for != inputs_key(state)) recompute(state);
  // On the wall the lecturer says what the prose says, and the heatmaps need the height.
  gui::StepPage page(context);
  if (context.presentation) {
    page.draw_header();
  } else {
    gui::draw_wrapped_note(gui::panel_text("check", context.step_id), context.palette->muted_text);
  }
  if (!state.check) {
    ImGui::TextColored(context.palette->error, "Cannot check: %s", state.problem.c_str());
    return;
  }
  if (context.step_id == "candidates") {  // the verdict's sentences are the first step's; here the list
    page.begin_central();  // the verdict heads the list of candidates it was chosen from
    draw_verdict_heading(state, context);
    draw_candidates(state, context);
    page.end_central();
    return;
  }
  // Presenting, the verdict and the heatmaps are one picture: what the check found, and where.
  if (context.presentation) page.begin_central();
  draw_verdict_heading(state, context);
  for (const std::string& line : lessons::verdict_lines(*state.check)) gui::draw_wrapped_note(line, context.palette->text);
  if (!context.presentation) gui::draw_wrapped_note(lessons::tolerance_words(*state.check), context.palette->muted_text);
  gui::PlotOptions options;
  options.export_stem = "check_difference";
  options.min_lines = 4;  // the verdict above comes first; at 720p the heatmaps take what is left
  // The page's picture only when presenting: at the desk nothing measures it.
  draw_plot("check-difference", *state.figure, state.plot, context, options);
  if (context.presentation) page.end_central();
}

}  // namespace

PanelDescriptor check_panel() {
  return {"check",
          "Check my implementation",
          "A student's LayerNorm/RMSNorm/BatchNorm output against the reference: the difference, the largest "
          "error and the likely mistake.",
          {{"difference", "The difference"}, {"candidates", "The candidate mistakes"}},
          make_panel_factory<CheckState>({.draw = draw_check, .declare = declare_check, .open = open_check_file}),
          {".npy", ".csv"}};
}

}  // namespace normlab::panels
