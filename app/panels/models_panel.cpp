// The model table: which published models use which normalization and where it sits, as data
// (assets/models.json) with each row's source, sortable by any column; and the same rows counted.
#include <imgui.h>

#include <algorithm>
#include <cctype>
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
  // Declared parameters: which rows are shown ("" = all).
  std::string norm_filter, placement_filter;
  int page = 0;            // of the table's rows, rows_per_page at a time
  int rows_per_page = 20;  // as many as fit the window (set every frame)
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

// A cell's text on one line, clipped by its column; the whole text in a tooltip when hovered.
void clipped_text(const std::string& text, const ImVec4& colour) {
  ImGui::TextColored(colour, "%s", text.c_str());
  if (ImGui::IsItemHovered() && ImGui::CalcTextSize(text.c_str()).x > ImGui::GetColumnWidth()) {
    ImGui::SetTooltip("%s", text.c_str());
  }
}

// One line per model, as many as fit: every row of every page fits the window, at the desk and on the
// wall, so nothing scrolls; the pager on the filters' line moves through the rest.
void draw_table(ModelsState& state, PanelContext& context, const std::vector<ModelRow>& rows) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("models", 6, kFlags)) return;
  ImGui::TableSetupColumn("Model", ImGuiTableColumnFlags_DefaultSort, 1.35f, static_cast<int>(ModelColumn::model));
  ImGui::TableSetupColumn("Normalization", 0, 0.85f, static_cast<int>(ModelColumn::norm));
  ImGui::TableSetupColumn("Placement", 0, 0.82f, static_cast<int>(ModelColumn::placement));
  ImGui::TableSetupColumn("QK-norm", 0, 0.55f, static_cast<int>(ModelColumn::qk_norm));
  ImGui::TableSetupColumn("Paper", 0, 1.15f, static_cast<int>(ModelColumn::paper));
  ImGui::TableSetupColumn("Source (hover for all of it)", 0, 3.0f, static_cast<int>(ModelColumn::source));
  ImGui::TableHeadersRow();
  if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort != nullptr && sort->SpecsDirty) {
    if (sort->SpecsCount > 0) {
      sort_model_rows(state.table->rows, static_cast<ModelColumn>(sort->Specs[0].ColumnUserID),
                      sort->Specs[0].SortDirection == ImGuiSortDirection_Ascending);
    }
    sort->SpecsDirty = false;
  }
  const std::size_t first = std::size_t(state.page) * std::size_t(state.rows_per_page);
  for (std::size_t index = first; index < rows.size() && index < first + std::size_t(state.rows_per_page); ++index) {
    const ModelRow& row = rows[index];
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
      clipped_text(*text, context.palette->text);
    }
    ImGui::TableNextColumn();
    clipped_text(row.source, context.palette->muted_text);
  }
  ImGui::EndTable();
}

// How many one-line rows fit under the legend in the space left, and the pager when they are not all.
void draw_table_step(ModelsState& state, PanelContext& context, gui::StepPage& page) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const std::vector<ModelRow> rows = filter_model_rows(state.table->rows, state.norm_filter, state.placement_filter);
  const float width = ImGui::GetContentRegionAvail().x;
  const float legend_height =
      context.presentation ? 0.0f : ImGui::CalcTextSize(state.table->about.c_str(), nullptr, false, width).y +
                                        style.ItemSpacing.y;
  const float row_height = ImGui::GetTextLineHeight() + 2 * style.CellPadding.y + 1.0f;
  const float room = ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing() - legend_height -
                     2 * style.ItemSpacing.y - row_height /* the header */;
  state.rows_per_page = std::max(3, int(room / row_height) - 1);
  const int pages = std::max(1, int((rows.size() + std::size_t(state.rows_per_page) - 1) / std::size_t(state.rows_per_page)));
  state.page = std::clamp(state.page, 0, pages - 1);

  // The filters and the pager are the table's own header: one picture with it.
  page.begin_central();
  draw_filters(state, context);
  ImGui::SameLine(0, context.px(20));
  if (pages > 1) {
    const std::size_t first = std::size_t(state.page * state.rows_per_page);
    ImGui::TextColored(context.palette->muted_text, "models %zu-%zu of %zu", first + 1,
                       std::min(rows.size(), first + std::size_t(state.rows_per_page)), rows.size());
    ImGui::SameLine();
    ImGui::BeginDisabled(state.page == 0);
    if (ImGui::ArrowButton("##previous-page", ImGuiDir_Left)) --state.page;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(state.page + 1 >= pages);
    if (ImGui::ArrowButton("##next-page", ImGuiDir_Right)) ++state.page;
    ImGui::EndDisabled();
    ImGui::SameLine(0, context.px(20));
  }
  // On the wall the hint would run off the page (and nobody hovers there).
  if (context.presentation) {
    ImGui::TextColored(context.palette->muted_text, "%zu models", rows.size());
  } else {
    ImGui::TextColored(context.palette->muted_text, "%zu models; sort by a header, hover (note) for more", rows.size());
  }
  if (!context.presentation) {  // what the placements mean, for the reader; on the wall the lecturer says it
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextColored(context.palette->muted_text, "%s", state.table->about.c_str());
    ImGui::PopTextWrapPos();
  }
  draw_table(state, context, rows);
  page.end_central();
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
  page.draw_header();
  if (context.step_id == "table") {
    draw_table_step(state, context, page);
  } else {
    draw_filters(state, context);
    gui::PlotOptions options;
    options.export_stem = "model_table_counts";
    page.begin_central();
    draw_plot("counts", count_figure(filter_model_rows(state.table->rows, state.norm_filter, state.placement_filter)),
              state.plot, context, options);
    page.end_central();
  }
}

}  // namespace

PanelDescriptor model_table_panel() {
  return {"models", "Model table", "Which models use which normalization, and where it sits (with sources).",
          {{"table", "The table"}, {"counted", "Counted"}}, make_panel_factory<ModelsState>({.draw = draw_models, .declare = declare_models})};
}

}  // namespace normlab::panels
