// The model table's data (assets/models.json) and the operations the panel needs, kept apart from
// ImGui so tests can check loading, sorting and counting directly.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace normlab::panels {

struct ModelRow {
  std::string model, norm, placement, paper, source, note;
  std::string qk_norm = "no";  // "yes", "no", or how queries and keys are normalized ("cosine")
};

struct ModelTable {
  std::string about;
  std::vector<ModelRow> rows;
};

enum class ModelColumn { model, norm, placement, qk_norm, paper, source };

// The placements the table uses, in the order the filter offers them.
const std::vector<std::string>& model_placements();

// Throws std::runtime_error with a one-line reason (missing file, bad JSON, a row without a field).
ModelTable load_model_table(const std::string& path);

// Stable sort by one column, ties broken by model name.
void sort_model_rows(std::vector<ModelRow>& rows, ModelColumn column, bool ascending);

// The rows whose norm and placement equal the filters' ("" = any).
std::vector<ModelRow> filter_model_rows(const std::vector<ModelRow>& rows, const std::string& norm,
                                        const std::string& placement);

// How many rows use each (norm, placement) pair.
std::map<std::pair<std::string, std::string>, int> count_norm_placement(const std::vector<ModelRow>& rows);

// assets/ next to the sources (or $NORMLAB_ASSETS when set).

}  // namespace normlab::panels
