#include "panels/model_table.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace normlab::panels {
namespace {

const std::string& column_text(const ModelRow& row, ModelColumn column) {
  switch (column) {
    case ModelColumn::norm: return row.norm;
    case ModelColumn::placement: return row.placement;
    case ModelColumn::paper: return row.paper;
    case ModelColumn::source: return row.source;
    case ModelColumn::qk_norm: return row.qk_norm;
    case ModelColumn::model: break;
  }
  return row.model;
}

std::string required_string(const nlohmann::json& object, const char* key, std::size_t row_index,
                            const std::string& path) {
  auto field = object.find(key);
  if (field == object.end() || !field->is_string()) {
    throw std::runtime_error(path + ": row " + std::to_string(row_index + 1) + " has no text field \"" + key +
                             "\"");
  }
  return field->get<std::string>();
}

}  // namespace

const std::vector<std::string>& model_placements() {
  static const std::vector<std::string> placements = {"Pre-norm", "Post-norm", "Sandwich", "Res-post-norm",
                                                      "Parallel"};
  return placements;
}

ModelTable load_model_table(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  const nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) throw std::runtime_error(path + " is not a JSON object");
  auto models = doc.find("models");
  if (models == doc.end() || !models->is_array()) throw std::runtime_error(path + " has no \"models\" array");
  ModelTable table;
  table.about = doc.value("about", "");
  for (std::size_t index = 0; index < models->size(); ++index) {
    const nlohmann::json& entry = (*models)[index];
    if (!entry.is_object()) throw std::runtime_error(path + ": row " + std::to_string(index + 1) + " is not an object");
    table.rows.push_back({required_string(entry, "model", index, path), required_string(entry, "norm", index, path),
                          required_string(entry, "placement", index, path),
                          required_string(entry, "paper", index, path),
                          required_string(entry, "source", index, path), entry.value("note", ""),
                          entry.value("qk_norm", "no")});
    const auto& placements = model_placements();
    if (std::find(placements.begin(), placements.end(), table.rows.back().placement) == placements.end()) {
      throw std::runtime_error(path + ": row " + std::to_string(index + 1) + " has an unknown placement \"" +
                               table.rows.back().placement + "\"");
    }
  }
  return table;
}

void sort_model_rows(std::vector<ModelRow>& rows, ModelColumn column, bool ascending) {
  std::stable_sort(rows.begin(), rows.end(), [&](const ModelRow& left, const ModelRow& right) {
    const std::string& left_text = column_text(left, column);
    const std::string& right_text = column_text(right, column);
    if (left_text != right_text) return ascending ? left_text < right_text : left_text > right_text;
    return left.model < right.model;
  });
}

std::vector<ModelRow> filter_model_rows(const std::vector<ModelRow>& rows, const std::string& norm,
                                        const std::string& placement) {
  std::vector<ModelRow> kept;
  for (const ModelRow& row : rows) {
    if ((norm.empty() || row.norm == norm) && (placement.empty() || row.placement == placement)) kept.push_back(row);
  }
  return kept;
}

std::map<std::pair<std::string, std::string>, int> count_norm_placement(const std::vector<ModelRow>& rows) {
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const ModelRow& row : rows) ++counts[{row.norm, row.placement}];
  return counts;
}

}  // namespace normlab::panels
