#include "gui/export_dialog.hpp"

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "figure/figure.hpp"

namespace normlab::gui {
namespace {

constexpr figure::ExportFormat kFormats[] = {figure::ExportFormat::png, figure::ExportFormat::svg,
                                             figure::ExportFormat::pdf, figure::ExportFormat::csv};
constexpr const char* kFormatLabels[] = {"PNG image", "SVG (vector)", "PDF (vector)", "CSV (the data)"};

}  // namespace

figure::ExportFormat export_format(const ExportDialogState& state) {
  return kFormats[std::clamp(state.format, 0, 3)];
}

figure::ExportOptions export_options(const ExportDialogState& state, ThemeKind screen_theme) {
  figure::ExportOptions options;
  const SizePreset& size = kExportSizes[std::clamp(state.size_preset, 0, static_cast<int>(kExportSizes.size()) - 1)];
  options.width_px = size.width_px;
  options.height_px = size.height_px;
  options.dpi = kExportDpis[std::clamp(state.dpi_preset, 0, static_cast<int>(kExportDpis.size()) - 1)];
  const ThemeKind theme = state.theme_choice == 1   ? ThemeKind::light
                          : state.theme_choice == 2 ? ThemeKind::dark
                                                    : screen_theme;
  options.theme = theme == ThemeKind::dark ? figure::dark_theme() : figure::light_theme();
  options.transparent = state.transparent;
  return options;
}

std::string export_path(const ExportDialogState& state, const std::string& file_stem) {
  std::filesystem::path folder(state.folder.data());
  if (folder.empty()) folder = std::filesystem::current_path();
  const std::string file = file_stem + "." + figure::export_format_name(export_format(state));
  return std::filesystem::absolute(folder / file).lexically_normal().string();
}

std::string export_with(const figure::Figure& figure, const ExportDialogState& state, ThemeKind screen_theme,
                        const std::string& file_stem) {
  const std::string path = export_path(state, file_stem);
  figure::export_figure(figure, export_format(state), path, export_options(state, screen_theme));
  return path;
}

void draw_export_button(const figure::Figure& figure, ExportDialogState& state, panels::PanelContext& context,
                        const std::string& file_stem) {
  const char* label = "Export...";
  const float width = ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, ImGui::GetContentRegionAvail().x - width));
  if (ImGui::Button(label)) ImGui::OpenPopup("export_popup");
  if (!ImGui::BeginPopup("export_popup")) return;
  ImGui::PushFont(context.fonts->bold);
  ImGui::TextUnformatted("Export this figure");
  ImGui::PopFont();
  ImGui::Separator();
  for (int index = 0; index < 4; ++index) {
    if (index > 0) ImGui::SameLine();
    ImGui::RadioButton(kFormatLabels[index], &state.format, index);
  }
  const bool image = export_format(state) != figure::ExportFormat::csv;
  ImGui::BeginDisabled(!image);
  ImGui::SetNextItemWidth(context.px(340));
  if (ImGui::BeginCombo("size", kExportSizes[state.size_preset].label)) {
    for (int index = 0; index < static_cast<int>(kExportSizes.size()); ++index) {
      if (ImGui::Selectable(kExportSizes[index].label, index == state.size_preset)) state.size_preset = index;
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(context.px(340));
  const std::string dpi_label = std::to_string(static_cast<int>(kExportDpis[state.dpi_preset])) + " dpi";
  if (ImGui::BeginCombo("resolution", dpi_label.c_str())) {
    for (int index = 0; index < static_cast<int>(kExportDpis.size()); ++index) {
      const std::string option = std::to_string(static_cast<int>(kExportDpis[index])) + " dpi" +
                                 (kExportDpis[index] == 96    ? " (as on a normal screen)"
                                  : kExportDpis[index] == 192 ? " (slides: text twice as large)"
                                                              : "");
      if (ImGui::Selectable(option.c_str(), index == state.dpi_preset)) state.dpi_preset = index;
    }
    ImGui::EndCombo();
  }
  ImGui::RadioButton("theme on screen", &state.theme_choice, 0);
  ImGui::SameLine();
  ImGui::RadioButton("light", &state.theme_choice, 1);
  ImGui::SameLine();
  ImGui::RadioButton("dark", &state.theme_choice, 2);
  ImGui::Checkbox("transparent background", &state.transparent);
  ImGui::EndDisabled();
  ImGui::SetNextItemWidth(context.px(340));
  ImGui::InputTextWithHint("folder", "current directory", state.folder.data(), state.folder.size());
  const std::string path = export_path(state, file_stem);
  ImGui::TextColored(context.palette->muted_text, "writes %s", path.c_str());
  if (ImGui::Button("Write file", ImVec2(context.px(160), 0))) {
    try {
      state.last_written = export_with(figure, state, context.theme, file_stem);
      state.last_error.clear();
      context.toasts->post(ToastKind::success, "Exported " + state.last_written, context.time_s);
    } catch (const std::exception& error) {
      state.last_error = error.what();
      context.toasts->post(ToastKind::error, "Export failed: " + state.last_error, context.time_s);
    }
  }
  ImGui::SameLine();
  if (ImGui::Button("Close")) ImGui::CloseCurrentPopup();
  if (!state.last_error.empty()) ImGui::TextColored(context.palette->error, "%s", state.last_error.c_str());
  if (!state.last_written.empty()) ImGui::TextColored(context.palette->good, "wrote %s", state.last_written.c_str());
  ImGui::EndPopup();
}

}  // namespace normlab::gui
