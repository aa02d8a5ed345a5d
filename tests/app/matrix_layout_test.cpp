// The axis-flip panel's matrices side by side (fit_side_by_side): one cell size for every matrix of a
// row, as large as the height allows unless the width does not, and what is drawn is what was fitted.
// Run on an ImGui context without a renderer, with presentation mode's fonts (the large type that
// left the sweep's cells 29 px at 1080p before the fit).
#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <vector>

#include "gui/fonts.hpp"
#include "gui/shell.hpp"
#include "gui/theme.hpp"
#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/sweep_timeline.hpp"
#include "panels/axis_flip_matrix_view.hpp"

namespace normlab::panels::axis_flip {
namespace {

class MatrixLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    imgui_ = ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;
    ImGui::GetIO().DisplaySize = ImVec2(1920, 1080);
    fonts_ = gui::build_fonts(gui::kPresentationScale);
    gui::apply_theme(gui::ThemeKind::light, gui::kPresentationScale);
    context_.palette = &gui::palette_for(gui::ThemeKind::light);
    context_.fonts = &fonts_;
    context_.scale = gui::kPresentationScale;
    context_.presentation = true;

    const Tensor<double> matrix = lessons::make_preset(lessons::ActivationPreset::random_normal, {8, 6}, 1);
    lessons::AxisFlipSettings settings;
    settings.kind = NormKind::batch;
    batch_ = lessons::compute_axis_flip(matrix, settings);
    settings.kind = NormKind::layer;
    layer_ = lessons::compute_axis_flip(matrix, settings);
    frame_ = lessons::SweepTimeline(batch_.reduction.members.size()).at_time(0);

    // The BatchNorm sweep's row: its input (mu and sigma under the swept columns), its output, and
    // LayerNorm's output for comparison (mu and sigma beside every row: the widest of the three).
    input_.id = "input";
    input_.title = "Input x";
    output_.id = "output";
    output_.title = "Output y";
    output_.show_statistics = false;
    output_.reserve_statistics_space = true;
    other_.id = "other";
    other_.title = "LayerNorm output";
    row_ = {{&batch_, &frame_, &input_}, {&batch_, &frame_, &output_}, {&layer_, nullptr, &other_}};

    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("layout", nullptr, ImGuiWindowFlags_NoDecoration);
  }
  void TearDown() override {
    ImGui::End();
    ImGui::Render();
    ImGui::DestroyContext(imgui_);
  }

  // Draws the fitted row and returns each matrix's drawn cell side and on-screen size.
  struct Drawn {
    float cell;
    ImVec2 size;
  };
  std::vector<Drawn> draw_row(float gap) {
    std::vector<Drawn> drawn;
    MatrixViewState states[3];
    for (std::size_t index = 0; index < row_.size(); ++index) {
      if (index > 0) ImGui::SameLine(0, gap);
      const lessons::AxisFlipResult& result = *row_[index].result;
      const std::vector<double> values = result.output.values;
      const MatrixViewResult view =
          draw_matrix_view(result, values, row_[index].frame, states[index], *row_[index].options, context_);
      drawn.push_back({view.cell_size, ImGui::GetItemRectSize()});
    }
    return drawn;
  }

  ImGuiContext* imgui_ = nullptr;
  gui::FontSet fonts_;
  PanelContext context_;
  lessons::AxisFlipResult batch_, layer_;
  lessons::SweepFrame frame_;
  MatrixViewOptions input_, output_, other_;
  std::vector<SideBySideMatrix> row_;
};

TEST_F(MatrixLayout, AWideRowGetsTheCellsTheHeightAllowsAndLeavesTheRestOfTheWidth) {
  const ImVec2 size(1800, 700);
  const float gap = 32;
  const float width = fit_side_by_side(row_, size, gap, context_);
  EXPECT_LT(width, size.x - 200);  // 8 rows in 700 px: the height is what limits the cells
  const std::vector<Drawn> drawn = draw_row(gap);
  for (const Drawn& matrix : drawn) {
    EXPECT_FLOAT_EQ(matrix.cell, drawn.front().cell);  // one size: the same matrix, sliced two ways
    EXPECT_LE(matrix.size.y, size.y + 1);
  }
  // As tall as allowed: one more pixel of cell would make the tallest matrix overflow the height.
  float tallest = 0;
  for (const Drawn& matrix : drawn) tallest = std::max(tallest, matrix.size.y);
  EXPECT_GT(tallest + 8 * 1.0f, size.y - context_.px(12)) << "cells " << drawn.front().cell;
  const float drawn_width = drawn[0].size.x + drawn[1].size.x + drawn[2].size.x + 2 * gap;
  EXPECT_NEAR(drawn_width, width, 2.0f);
}

TEST_F(MatrixLayout, ANarrowRowGetsTheLargestCellsWhoseRowFitsTheWidth) {
  const ImVec2 size(1150, 2000);
  const float gap = 32;
  const float width = fit_side_by_side(row_, size, gap, context_);
  const std::vector<Drawn> drawn = draw_row(gap);
  const float drawn_width = drawn[0].size.x + drawn[1].size.x + drawn[2].size.x + 2 * gap;
  EXPECT_LE(drawn_width, size.x + 3);
  EXPECT_NEAR(drawn_width, width, 2.0f);
  // The width is what limits: the cells could not be a pixel larger (six columns in each of three).
  EXPECT_GT(drawn_width + 18 * 1.0f, size.x);
  for (const Drawn& matrix : drawn) EXPECT_FLOAT_EQ(matrix.cell, drawn.front().cell);
  EXPECT_GT(drawn.front().cell, context_.px(12));  // the axis words wrap before the cells collapse
}

TEST_F(MatrixLayout, StackedAxisWordsAreCountedInTheHeight) {
  // Narrow and short, as the sweep at 1080p in presentation mode: the words go on two lines, the
  // height limits the cells, and the matrices, mu and sigma under the swept column and the colour
  // bars fill it without overflowing.
  const ImVec2 size(1200, 600);
  fit_side_by_side(row_, size, 32, context_);
  for (const SideBySideMatrix& matrix : row_) EXPECT_TRUE(matrix.options->stack_axis_words);
  frame_.phase = lessons::SweepPhase::output;  // the swept column's mu and sigma are drawn under it
  const std::vector<Drawn> drawn = draw_row(32);
  float tallest = 0;
  for (const Drawn& matrix : drawn) {
    EXPECT_LE(matrix.size.y, size.y + 1);
    EXPECT_FLOAT_EQ(matrix.cell, drawn.front().cell);
    tallest = std::max(tallest, matrix.size.y);
  }
  EXPECT_GT(tallest, size.y - 8);  // eight rows: within a pixel per row of the height
}

// Everything a matrix draws (cells, numbers, mu and sigma, the colour bar and its label) lies within
// the width it claims (give or take a stroke's half width), so the next matrix in the row cannot cover
// it: at small cells the colour bar, wider than the cells, hid the next matrix's label before the
// widget claimed it.
TEST_F(MatrixLayout, EachMatrixDrawsWithinTheWidthItClaims) {
  for (const float row_width : {700.0f, 1100.0f, 1800.0f}) {
    fit_side_by_side(row_, ImVec2(row_width, 600), 32, context_);
    frame_.phase = lessons::SweepPhase::output;
    ImDrawList* draw_list = ImGui::GetWindowDrawList();
    MatrixViewState states[3];
    for (std::size_t index = 0; index < row_.size(); ++index) {
      if (index > 0) ImGui::SameLine(0, 32);
      const int first_vertex = draw_list->VtxBuffer.Size;
      const lessons::AxisFlipResult& result = *row_[index].result;
      draw_matrix_view(result, result.output.values, row_[index].frame, states[index], *row_[index].options,
                       context_);
      const float left = ImGui::GetItemRectMin().x, right = ImGui::GetItemRectMax().x;
      float drawn_left = right, drawn_right = left;
      for (int vertex = first_vertex; vertex < draw_list->VtxBuffer.Size; ++vertex) {
        drawn_left = std::min(drawn_left, draw_list->VtxBuffer[vertex].pos.x);
        drawn_right = std::max(drawn_right, draw_list->VtxBuffer[vertex].pos.x);
      }
      EXPECT_GE(drawn_left, left - 2) << "row " << row_width << ", matrix " << index;
      EXPECT_LE(drawn_right, right + 2) << "row " << row_width << ", matrix " << index;
    }
    ImGui::NewLine();
  }
}

TEST_F(MatrixLayout, TheCellsStayWithinTheWidgetsLimits) {
  // Too small for anything: the cells keep their minimum and nothing is negative or NaN.
  const float width = fit_side_by_side(row_, ImVec2(50, 50), 10, context_);
  EXPECT_GT(width, 0);
  for (const SideBySideMatrix& matrix : row_) {
    EXPECT_GE(matrix.options->max_cell, context_.px(3));
    EXPECT_FLOAT_EQ(matrix.options->max_cell, row_.front().options->max_cell);
  }
  // Plenty of room: the largest cell the widget draws.
  fit_side_by_side(row_, ImVec2(1e5f, 1e5f), 10, context_);
  for (const SideBySideMatrix& matrix : row_) EXPECT_FLOAT_EQ(matrix.options->max_cell, context_.px(64));
}

}  // namespace
}  // namespace normlab::panels::axis_flip
