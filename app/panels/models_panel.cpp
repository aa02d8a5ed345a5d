// The model table: which published models use which normalization and where it sits, as data
// (assets/models.json) with each row's source, sortable by any column; and the same rows counted.
#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "figure/figure.hpp"
#include "gui/plot_widget.hpp"
#include "gui/assets.hpp"
#include "panels/model_table.hpp"
#include "gui/panel.hpp"

namespace normlab::panels {
namespace {

struct ModelsState {
  // Declared parameters: which rows are shown ("" = all).
  std::string norm_filter, placement_filter;
  bool loaded = false;
  std::optional<ModelTable> table;
  std::string problem;
  gui::PlotWidgetState plot;
};

void declare_models(ModelsState& state, params::ParameterSet& parameters) {
  parameters.choice("norm", state.norm_filter,
                    {{"all", std::string()}, {"layer", std::string("LayerNorm")}, {"rms", std::string("RMSNorm")}},
                    "show only the models with this normalization");
  std::vector<std::pair<std::string, std::string>> placements = {{"all", ""}};
  for (const std::string& placement : model_placements()) {
    std::string word = placement;
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    placements.emplace_back(word, placement);
  }
  parameters.choice("placement", state.placement_filter, placements, "show only the models with this placement");
}

// The filters as combo boxes over the same choices the parameters declare.
void draw_filters(ModelsState& state, PanelContext& context) {
  const auto combo = [&](const char* label, std::string& filter, const std::vector<std::string>& values) {
    ImGui::SetNextItemWidth(context.px(170));
    if (!ImGui::BeginCombo(label, filter.empty() ? "all" : filter.c_str())) return;
    if (ImGui::Selectable("all", filter.empty())) filter.clear();
    for (const std::string& value : values) {
      if (ImGui::Selectable(value.c_str(), filter == value)) filter = value;
    }
    ImGui::EndCombo();
  };
  combo("normalization", state.norm_filter, {"LayerNorm", "RMSNorm"});
  ImGui::SameLine(0, context.px(20));
  combo("placement", state.placement_filter, model_placements());
}

void draw_table(ModelsState& state, PanelContext& context) {
  std::vector<ModelRow>& all_rows = state.table->rows;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                     ImGuiTableFlags_SizingStretchProp;
  // No scrolling: the table is short and must show every row on a projected slide.
  if (!ImGui::BeginTable("models", 6, kFlags)) return;
  ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_DefaultSort, 1.55f, static_cast<int>(ModelColumn::model));
  ImGui::TableSetupColumn("Normalization", 0, 0.95f, static_cast<int>(ModelColumn::norm));
  ImGui::TableSetupColumn("Placement", 0, 0.8f, static_cast<int>(ModelColumn::placement));
  ImGui::TableSetupColumn("QK-norm", 0, 0.65f, static_cast<int>(ModelColumn::qk_norm));
  ImGui::TableSetupColumn("Paper", 0, 1.0f, static_cast<int>(ModelColumn::paper));
  ImGui::TableSetupColumn("Source", 0, 2.4f, static_cast<int>(ModelColumn::source));
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort != nullptr && sort->SpecsDirty) {
    if (sort->SpecsCount > 0) {
      sort_model_rows(all_rows, static_cast<ModelColumn>(sort->Specs[0].ColumnUserID),
                      sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
    }
    sort->SpecsDirty = false;
  }
  for (const ModelRow& row : filter_model_rows(all_rows, state.norm_filter, state.placement_filter)) {
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
    for (const std::string* text : {&row.placement, &row.qk_norm, &row.paper}) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(text->c_str());
    }
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(context.palette->muted_text, "%s", row.source.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndTable();
}

void draw_notes(const ModelsState& state, PanelContext& context) {
  const float wrap = ImGui::GetContentRegionAvail().x;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap);
  for (const ModelRow& row : filter_model_rows(state.table->rows, state.norm_filter, state.placement_filter)) {
    if (row.note.empty()) continue;
    ImGui::TextColored(context.palette->muted_text, "%s: %s.", row.model.c_str(), row.note.c_str());
  }
  if (!context.presentation) {  // background for the reader; on the wall it would push the table off
    ImGui::Spacing();
    ImGui::TextColored(context.palette->muted_text, "%s", state.table->about.c_str());
  }
  ImGui::PopTextWrapPos();
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
  draw_filters(state, context);
  if (context.step_id == "table") {
    ImGui::SameLine(0, context.px(20));
    ImGui::TextColored(context.palette->muted_text, "Click a column header to sort by it; hover (note) for more.");
    draw_table(state, context);
    ImGui::Spacing();
    if (!context.presentation) draw_notes(state, context);  // on the wall the notes would push rows off
  } else {
    gui::PlotOptions options;
    options.export_stem = "model_table_counts";
    draw_plot("counts", count_figure(filter_model_rows(state.table->rows, state.norm_filter, state.placement_filter)),
              state.plot, context, options);
  }
}

}  // namespace

PanelDescriptor model_table_panel() {
  return {"models", "Model table", "Which models use which normalization, and where it sits (with sources).",
          {{"table", "The table"}, {"counted", "Counted"}}, make_panel_factory<ModelsState>({.draw = draw_models, .declare = declare_models})};
}

}  // namespace normlab::panels
