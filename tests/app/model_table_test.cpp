// The model table's data file and the operations the panel applies to it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "panels/model_table.hpp"
#include "panels/registry.hpp"

namespace normlab::panels {
namespace {

TEST(ModelTable, EveryRowOfTheShippedTableHasItsSource) {
  const ModelTable table = load_model_table(std::string(NORMLAB_SOURCE_DIR) + "/assets/models.json");
  ASSERT_GE(table.rows.size(), 20u);
  const auto& placements = model_placements();
  for (const ModelRow& row : table.rows) {
    EXPECT_FALSE(row.source.empty()) << row.model;
    // A source is a paper or a model card, never an internal file name.
    EXPECT_EQ(row.source.find("seed"), std::string::npos) << row.model << ": " << row.source;
    EXPECT_EQ(row.source.find("§"), std::string::npos) << row.model << ": " << row.source;
    EXPECT_TRUE(row.norm == "LayerNorm" || row.norm == "RMSNorm") << row.model << ": " << row.norm;
    EXPECT_NE(std::find(placements.begin(), placements.end(), row.placement), placements.end()) << row.model;
    EXPECT_TRUE(row.qk_norm == "yes" || row.qk_norm == "no" || row.qk_norm == "cosine") << row.model;
  }
  // Every placement the filter offers has a model behind it.
  for (const std::string& placement : placements) {
    EXPECT_FALSE(filter_model_rows(table.rows, "", placement).empty()) << placement;
  }
}

TEST(ModelTable, FiltersKeepExactlyTheMatchingRows) {
  const ModelTable table = load_model_table(std::string(NORMLAB_SOURCE_DIR) + "/assets/models.json");
  const auto rms_pre = filter_model_rows(table.rows, "RMSNorm", "Pre-norm");
  ASSERT_FALSE(rms_pre.empty());
  for (const ModelRow& row : rms_pre) EXPECT_TRUE(row.norm == "RMSNorm" && row.placement == "Pre-norm") << row.model;
  std::size_t counted = 0;
  for (const std::string& placement : model_placements()) counted += filter_model_rows(table.rows, "", placement).size();
  EXPECT_EQ(counted, table.rows.size());
  EXPECT_EQ(filter_model_rows(table.rows, "", "").size(), table.rows.size());
  EXPECT_EQ(filter_model_rows(table.rows, "LayerNorm", "").size() + filter_model_rows(table.rows, "RMSNorm", "").size(),
            table.rows.size());
}

TEST(ModelTable, SortingOrdersByTheColumnAndReversesWithDirection) {
  ModelTable table = load_model_table(std::string(NORMLAB_SOURCE_DIR) + "/assets/models.json");
  sort_model_rows(table.rows, ModelColumn::norm, true);
  EXPECT_TRUE(std::is_sorted(table.rows.begin(), table.rows.end(),
                             [](const ModelRow& a, const ModelRow& b) { return a.norm < b.norm; }));
  auto descending = table.rows;
  sort_model_rows(descending, ModelColumn::norm, false);
  EXPECT_TRUE(std::is_sorted(descending.begin(), descending.end(),
                             [](const ModelRow& a, const ModelRow& b) { return a.norm > b.norm; }));
  // Ties are broken by model name in both directions.
  for (std::size_t index = 1; index < descending.size(); ++index) {
    if (descending[index - 1].norm == descending[index].norm) {
      EXPECT_LT(descending[index - 1].model, descending[index].model);
    }
  }
}

TEST(ModelTable, CountsCoverEveryRowOnce) {
  const std::vector<ModelRow> rows = {{"a", "LayerNorm", "Post-norm", "", "s", ""},
                                      {"b", "RMSNorm", "Pre-norm", "", "s", ""},
                                      {"c", "RMSNorm", "Pre-norm", "", "s", ""}};
  const auto counts = count_norm_placement(rows);
  EXPECT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts.at({"RMSNorm", "Pre-norm"}), 2);
  EXPECT_EQ(counts.at({"LayerNorm", "Post-norm"}), 1);
}

TEST(ModelTable, BadFilesGiveOneLineReasons) {
  const auto folder = std::filesystem::temp_directory_path() / ("normlab_model_table_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  const std::string path = (folder / "models.json").string();
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "not a JSON object"},
      {R"({"rows": []})", "no \"models\" array"},
      {R"({"models": [{"model": "X", "norm": "LayerNorm"}]})", "row 1 has no text field \"placement\""},
      {R"({"models": [{"model": "X", "norm": "LayerNorm", "placement": "Middle", "paper": "p", "source": "s"}]})",
       "row 1 has an unknown placement \"Middle\""},
  };
  for (const auto& [text, expected] : cases) {
    std::ofstream(path) << text;
    try {
      load_model_table(path);
      ADD_FAILURE() << "accepted " << text;
    } catch (const std::runtime_error& error) {
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  }
  EXPECT_THROW(load_model_table((folder / "absent.json").string()), std::runtime_error);
  std::filesystem::remove_all(folder);
}

TEST(PanelRegistry, IdsAreUniqueAndEveryPanelDeclaresItself) {
  const auto& registry = panel_registry();
  ASSERT_GE(registry.size(), 3u);
  for (const PanelDescriptor& panel : registry) {
    EXPECT_FALSE(panel.title.empty()) << panel.id;
    EXPECT_FALSE(panel.summary.empty()) << panel.id;
    EXPECT_FALSE(panel.steps.empty()) << panel.id;
    EXPECT_EQ(find_panel(panel.id), &panel);
    EXPECT_EQ(std::count_if(registry.begin(), registry.end(), [&](const auto& other) { return other.id == panel.id; }), 1);
    EXPECT_NE(panel.create(), nullptr);
  }
  EXPECT_EQ(find_panel("no-such-panel"), nullptr);
}

}  // namespace
}  // namespace normlab::panels
