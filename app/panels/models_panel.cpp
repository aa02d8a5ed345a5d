// The model table: which published models use which normalization and where it sits, as data
// (assets/models.json) with each row's source, sortable by any column; and the same rows counted.
#include <imgui.h>

#include <algorithm>
#include <optional>

#include "figure/figure.hpp"
#include "gui/plot_widget.hpp"
#include "gui/presentation_page.hpp"
#include "gui/assets.hpp"
#include "panels/model_table.hpp"
#include "gui/panel.hpp"

namespace normlab::panels {
namespace {

struct ModelsState {
  bool loaded = false;
  std::optional<ModelTable> table;
  std::string problem;
  gui::PlotWidgetState plot;
};

void draw_table(ModelsState& state, PanelContext& context) {
  std::vector<ModelRow>& rows = state.table->rows;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                     ImGuiTableFlags_SizingStretchProp;
  // No scrolling: the table is short and must show every row on a projected slide; presenting, its
  // rows share the page's height.
  const int table_rows = static_cast<int>(rows.size()) + 1;
  const float padding = context.presentation ? gui::row_padding_to_fill(table_rows, ImGui::GetContentRegionAvail().y * 0.92f)
                                             : ImGui::GetStyle().CellPadding.y;
  ImGui::PushStyleVar(ImGuiStyleVar_CellPadding, ImVec2(ImGui::GetStyle().CellPadding.x, padding));
  const bool drawn = ImGui::BeginTable("models", 5, kFlags);
  ImGui::PopStyleVar();
  if (!drawn) return;
  ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_DefaultSort, 1.5f, static_cast<int>(ModelColumn::model));
  ImGui::TableSetupColumn("Normalization", 0, 1.0f, static_cast<int>(ModelColumn::norm));
  ImGui::TableSetupColumn("Placement", 0, 0.85f, static_cast<int>(ModelColumn::placement));
  ImGui::TableSetupColumn("Paper", 0, 1.4f, static_cast<int>(ModelColumn::paper));
  ImGui::TableSetupColumn("Source", 0, 1.0f, static_cast<int>(ModelColumn::source));
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort != nullptr && sort->SpecsDirty) {
    if (sort->SpecsCount > 0) {
      sort_model_rows(rows, static_cast<ModelColumn>(sort->Specs[0].ColumnUserID),
                      sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
    }
    sort->SpecsDirty = false;
  }
  for (const ModelRow& row : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushFont(context.fonts->bold);
    ImGui::TextUnformatted(row.model.c_str());
    ImGui::PopFont();
    if (!row.note.empty()) {
      ImGui::SameLine();
      ImGui::TextColored(context.palette->accent, "(note)");
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", row.note.c_str());
    }
    ImGui::TableNextColumn();
    ImGui::TextColored(row.norm == "RMSNorm" ? context.palette->accent : context.palette->text, "%s",
                       row.norm.c_str());
    for (const std::string* text : {&row.placement, &row.paper}) {
      ImGui::TableNextColumn();
        ImGui::TextUnformatted(text->c_str());
    }
    ImGui::TableNextColumn();
    ImGui::TextColored(context.palette->muted_text, "%s", row.source.c_str());
  }
  ImGui::EndTable();
}

// The rows' notes and where the table comes from: the step's notes (N when presenting).
std::string table_notes(const ModelsState& state) {
  std::string notes;
  for (const ModelRow& row : state.table->rows) {
    if (!row.note.empty()) notes += row.model + ": " + row.note + ". ";
  }
  return notes + state.table->about;
}

// Grouped bars: placements on the x axis, one series per normalization, heights = number of models.
figure::Figure count_figure(const std::vector<ModelRow>& rows) {
  const auto counts = count_norm_placement(rows);
  std::vector<std::string> placements, norms;
  for (const auto& [key, count] : counts) {
    if (std::find(norms.begin(), norms.end(), key.first) == norms.end()) norms.push_back(key.first);
    if (std::find(placements.begin(), placements.end(), key.second) == placements.end()) {
      placements.push_back(key.second);
    }
  }
  figure::Figure figure;
  figure.title = "Which normalization, where";
  figure.subtitle = std::to_string(rows.size()) + " models from the table";
  figure.x_axis.label = "where the norm sits in the block";
  figure.y_axis.label = "number of models";
  figure.y_axis.min = 0.0;
  figure.legend = figure::LegendPlacement::top_left;  // the tallest bars are on the right
  for (const std::string& norm : norms) {
    figure::BarSeries bars;
    bars.name = norm;
    bars.categories = placements;
    for (const std::string& placement : placements) {
      auto found = counts.find({norm, placement});
      bars.values.push_back(found == counts.end() ? 0.0 : found->second);
    }
    bars.label_values = true;
    figure.series.push_back(bars);
  }
  return figure;
}

void draw_models(ModelsState& state, PanelContext& context) {
  if (!state.loaded) {
    state.loaded = true;
    try {
      state.table = load_model_table(gui::asset_path("models.json"));
    } catch (const std::exception& error) {
      state.problem = error.what();
    }
  }
  if (!state.table) {
    ImGui::TextColored(context.palette->error, "The model table could not be loaded: %s", state.problem.c_str());
    return;
  }
  gui::StepPage page(context);
  if (context.step_id == "table") page.add_notes(table_notes(state));
  page.draw_header();
  page.begin_central();
  if (context.step_id == "table") {
    draw_table(state, context);
  } else {
    gui::PlotOptions options;
    options.export_stem = "model_table_counts";
    draw_plot("counts", count_figure(state.table->rows), state.plot, context, options);
  }
  page.end_central();
}

}  // namespace

PanelDescriptor model_table_panel() {
  return {"models", "Model table", "Which models use which normalization, and where it sits (with sources).",
          {{"table", "The table"}, {"counted", "Counted"}}, make_panel_factory<ModelsState>({.draw = draw_models})};
}

}  // namespace normlab::panels
