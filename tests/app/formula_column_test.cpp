// The axis flip's formula column (formula_blocks): which formulas each phase of the sweep shows, so the
// column stays as short as the wall needs, and what a finished sweep shows beside views that can and
// cannot be hovered. The texts themselves are core's (tests/lessons/axis_flip_formula_test.cpp).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "panels/axis_flip_formula.hpp"

namespace normlab::panels::axis_flip {
namespace {

// The formula lines' first words ("mu", "sigma^2", "x_hat", "y", with the screen's symbols).
std::vector<std::string> formula_names(const std::vector<TextBlock>& blocks) {
  std::vector<std::string> names;
  for (const TextBlock& block : blocks) {
    if (block.style == TextStyle::symbolic) names.push_back(block.text.substr(0, block.text.find(' ')));
  }
  return names;
}

class FormulaColumn : public ::testing::Test {
 protected:
  void SetUp() override {
    const Tensor<double> matrix = lessons::make_preset(lessons::ActivationPreset::random_normal, {8, 6}, 1);
    lessons::AxisFlipSettings settings;
    settings.kind = NormKind::batch;
    result_ = lessons::compute_axis_flip(matrix, settings);
    frame_.group = 3;
  }
  lessons::AxisFlipResult result_;
  lessons::SweepFrame frame_;
};

TEST_F(FormulaColumn, EachPhaseShowsItsOwnFormulas) {
  const std::vector<std::string> statistics = {"μ", "σ²"}, output = {"x_hat", "y"};
  frame_.phase = lessons::SweepPhase::highlight;
  std::vector<TextBlock> blocks = formula_blocks(result_, frame_, std::nullopt, true);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].style, TextStyle::heading);
  EXPECT_EQ(blocks[0].text, "Group 4 of 6: the cells that share statistics light up");
  frame_.phase = lessons::SweepPhase::statistics;
  EXPECT_EQ(formula_names(formula_blocks(result_, frame_, std::nullopt, true)), statistics);
  frame_.phase = lessons::SweepPhase::output;
  EXPECT_EQ(formula_names(formula_blocks(result_, frame_, std::nullopt, true)), output);
  // Every symbolic line comes with its numbers.
  blocks = formula_blocks(result_, frame_, std::nullopt, true);
  for (std::size_t index = 1; index < blocks.size(); index += 2) {
    EXPECT_EQ(blocks[index].style, TextStyle::symbolic);
    EXPECT_EQ(blocks[index + 1].style, TextStyle::substituted);
  }
}

TEST_F(FormulaColumn, AHoveredCellShowsItsGroupsFormulasInEveryPhase) {
  frame_.phase = lessons::SweepPhase::highlight;
  const std::size_t cell = 2 * 6 + 5;  // row 3, column 6: BatchNorm's group 6
  const std::vector<TextBlock> blocks = formula_blocks(result_, frame_, cell, true);
  EXPECT_EQ(blocks[0].text, "Group 6 of 6 (the hovered cell's)");
  EXPECT_EQ(formula_names(blocks), (std::vector<std::string>{"μ", "σ²", "x_hat", "y"}));
}

TEST_F(FormulaColumn, AFinishedSweepInvitesHoveringOnlyWhereCellsCanBeHovered) {
  frame_.finished = true;
  frame_.group = 5;
  const std::vector<TextBlock> matrices = formula_blocks(result_, frame_, std::nullopt, true);
  ASSERT_EQ(matrices.size(), 1u);
  EXPECT_EQ(matrices[0].text, "All 6 groups done: hover a cell for its numbers");
  const std::vector<TextBlock> cube = formula_blocks(result_, frame_, std::nullopt, false);
  EXPECT_EQ(cube[0].text, "All 6 groups done; the last one's numbers:");
  EXPECT_EQ(formula_names(cube), (std::vector<std::string>{"μ", "σ²", "x_hat", "y"}));
}

}  // namespace
}  // namespace normlab::panels::axis_flip
