// The hypersphere lesson's numbers against formulas written out here: LayerNorm's radius and plane,
// RMSNorm's sphere, shift invariance, the animation's endpoints, and the histogram's mass.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "lessons/hypersphere.hpp"

namespace normlab::lessons {
namespace {

// Independent moments: one pass over sums of x and x^2 would cancel for large offsets, so these use
// long double and the definitions as written.
long double reference_mean(const std::vector<double>& x) {
  long double sum = 0;
  for (double value : x) sum += value;
  return sum / x.size();
}
long double reference_variance(const std::vector<double>& x) {
  const long double mean = reference_mean(x);
  long double sum = 0;
  for (double value : x) sum += (value - mean) * (value - mean);
  return sum / x.size();
}
double norm(const std::vector<double>& y) {
  long double sum = 0;
  for (double value : y) sum += static_cast<long double>(value) * value;
  return static_cast<double>(std::sqrt(sum));
}
double sum(const std::vector<double>& y) {
  long double total = 0;
  for (double value : y) total += value;
  return static_cast<double>(total);
}

const std::vector<std::vector<double>> kVectors = {
    {1.0, 2.0, 4.0}, {-3.0, 0.5, 0.25}, {10.0, 10.001, 9.999}, {0.3, -1.7, 2.2, 5.0, -0.4, 1.1, 0.0, 3.3}};

TEST(Hypersphere, LayerNormRadiusIsSqrtOfDVarOverVarPlusEps) {
  for (double eps : {0.0, 1e-5, 1e-3, 0.5}) {
    HypersphereSettings settings;
    settings.eps = eps;
    for (const auto& x : kVectors) {
      const long double var = reference_variance(x);
      const double expected = static_cast<double>(std::sqrt(x.size() * var / (var + eps)));
      EXPECT_NEAR(norm(layer_norm_vector(x, settings)), expected, 1e-12 * expected);
      EXPECT_NEAR(layer_norm_radius(x, settings), expected, 1e-12 * expected);
    }
  }
}

TEST(Hypersphere, SmallVarianceShrinksTheCircleWithEps) {
  HypersphereSettings settings;
  settings.eps = 1e-3;
  const std::vector<double> x = {10.0, 10.001, 9.999};  // var = 6.7e-7, far below eps
  EXPECT_LT(layer_norm_radius(x, settings), 0.1 * std::sqrt(3.0));
}

TEST(Hypersphere, LayerNormOutputsAreOrthogonalToOnes) {
  HypersphereSettings settings;
  settings.eps = 1e-5;
  for (const auto& x : kVectors) {
    const std::vector<double> y = layer_norm_vector(x, settings);
    EXPECT_NEAR(sum(y), 0.0, 1e-12 * x.size());
    // And the values are (x - mean) / sqrt(var + eps), component by component.
    const long double mean = reference_mean(x), var = reference_variance(x);
    for (std::size_t i = 0; i < x.size(); ++i) {
      EXPECT_NEAR(y[i], static_cast<double>((x[i] - mean) / std::sqrt(var + 1e-5L)), 1e-12);
    }
  }
}

TEST(Hypersphere, GammaAndBetaScaleAndShiftTheCircle) {
  HypersphereSettings settings;
  settings.eps = 0;
  settings.gamma = -2.0;
  settings.beta = 0.5;
  const std::vector<double> x = {1.0, 2.0, 4.0};
  const std::vector<double> y = layer_norm_vector(x, settings);
  EXPECT_NEAR(sum(y), 3 * 0.5, 1e-12);  // centred at beta (1, 1, 1)
  std::vector<double> shifted = y;
  for (double& value : shifted) value -= 0.5;
  EXPECT_NEAR(norm(shifted), 2.0 * std::sqrt(3.0), 1e-12);
}

TEST(Hypersphere, RmsNormOutputHasNormSqrtD) {
  HypersphereSettings settings;
  settings.eps = 0;
  for (const auto& x : kVectors) {
    const std::vector<double> y = rms_norm_vector(x, settings);
    EXPECT_NEAR(norm(y), std::sqrt(static_cast<double>(x.size())), 1e-12);
    // Along x's own ray: y = x / rms(x).
    long double squares = 0;
    for (double value : x) squares += static_cast<long double>(value) * value;
    const long double rms = std::sqrt(squares / x.size());
    for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(y[i], static_cast<double>(x[i] / rms), 1e-12);
  }
}

TEST(Hypersphere, ShiftAlongOnesLeavesLayerNormAndMovesRmsNorm) {
  HypersphereSettings settings;
  settings.eps = 1e-5;
  const std::vector<double> x = {1.0, 2.0, 4.0};
  std::vector<double> shifted = x;
  for (double& value : shifted) value += 3.0;
  const auto ln = layer_norm_vector(x, settings), ln_shifted = layer_norm_vector(shifted, settings);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(ln[i], ln_shifted[i], 1e-12);
  const auto rms = rms_norm_vector(x, settings), rms_shifted = rms_norm_vector(shifted, settings);
  double moved = 0;
  for (std::size_t i = 0; i < x.size(); ++i) moved += std::abs(rms[i] - rms_shifted[i]);
  EXPECT_GT(moved, 0.1);
}

TEST(Hypersphere, AnimationStagesEndWhereTheyShould) {
  HypersphereSettings settings;
  settings.eps = 1e-5;
  const std::vector<double> x = {1.0, 2.0, 4.0};
  const long double mean = reference_mean(x);
  const auto start = layer_norm_stage(x, 0.0, settings);
  const auto plane = layer_norm_stage(x, 1.0, settings);
  const auto end = layer_norm_stage(x, 2.0, settings);
  const auto ln = layer_norm_vector(x, settings);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_DOUBLE_EQ(start[i], x[i]);
    EXPECT_NEAR(plane[i], static_cast<double>(x[i] - mean), 1e-12);
    EXPECT_NEAR(end[i], ln[i], 1e-12);
  }
  // Half-way through the first stage the point has moved half the way along (1, 1, 1).
  const auto half = layer_norm_stage(x, 0.5, settings);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(half[i], static_cast<double>(x[i] - mean / 2), 1e-12);
  const auto rms_end = rms_norm_stage(x, 1.0, settings), rms_start = rms_norm_stage(x, 0.0, settings);
  const auto rms = rms_norm_vector(x, settings);
  for (std::size_t i = 0; i < x.size(); ++i) {
    EXPECT_DOUBLE_EQ(rms_start[i], x[i]);
    EXPECT_NEAR(rms_end[i], rms[i], 1e-12);
  }
}

TEST(Hypersphere, CloudIsReproducibleWithTheRequestedMoments) {
  const auto cloud = make_cloud(2000, 16, 3.0, 0.5, 42);
  EXPECT_EQ(cloud, make_cloud(2000, 16, 3.0, 0.5, 42));
  EXPECT_NE(cloud, make_cloud(2000, 16, 3.0, 0.5, 43));
  long double total = 0, squares = 0;
  for (const auto& x : cloud) {
    for (double value : x) total += value, squares += (value - 3.0) * (value - 3.0);
  }
  const double count = 2000.0 * 16;
  EXPECT_NEAR(static_cast<double>(total / count), 3.0, 0.02);
  EXPECT_NEAR(static_cast<double>(std::sqrt(squares / count)), 0.5, 0.02);
}

TEST(Hypersphere, HistogramHoldsEveryVectorOnce) {
  HypersphereSettings settings;
  const auto cloud = make_cloud(1234, 64, 0.5, 1.0, 7);
  const NormHistogram histogram = norm_histogram(cloud, settings, 30);
  std::size_t inputs = 0, outputs = 0;
  for (std::size_t count : histogram.input_counts) inputs += count;
  for (std::size_t count : histogram.layer_norm_counts) outputs += count;
  EXPECT_EQ(inputs, 1234u);
  EXPECT_EQ(outputs, 1234u);
  ASSERT_EQ(histogram.edges.size(), 31u);
  // Every ||LN(x)|| is sqrt(64 var/(var+eps)) ~ 8: the bin holding 8 holds them all.
  std::size_t bin = 0;
  while (bin + 1 < 30 && histogram.edges[bin + 1] <= 8.0 - 1e-3) ++bin;
  EXPECT_EQ(histogram.layer_norm_counts[bin], 1234u);
}

TEST(Hypersphere, ImageDimensionIsMeasured) {
  HypersphereSettings settings;
  settings.eps = 0;
  const auto cloud = make_cloud(200, 10, 1.0, 1.0, 3);
  std::vector<std::vector<double>> ln, rms;
  for (const auto& x : cloud) ln.push_back(layer_norm_vector(x, settings)), rms.push_back(rms_norm_vector(x, settings));
  const ImageSummary ln_summary = summarize_image(ln, 0.0), rms_summary = summarize_image(rms, 0.0);
  EXPECT_TRUE(ln_summary.in_hyperplane);
  EXPECT_EQ(ln_summary.sphere_dimension, 8u);
  EXPECT_NEAR(ln_summary.max_norm, std::sqrt(10.0), 1e-12);
  EXPECT_FALSE(rms_summary.in_hyperplane);
  EXPECT_EQ(rms_summary.sphere_dimension, 9u);
  EXPECT_NE(image_sentence(ln_summary, "LayerNorm").find("8-sphere"), std::string::npos);
  EXPECT_NE(image_sentence(rms_summary, "RMSNorm").find("9-sphere"), std::string::npos);
}

TEST(Hypersphere, ConstantInputWithoutEpsIsRefusedWithASentence) {
  HypersphereSettings settings;
  settings.eps = 0;
  const std::vector<double> constant = {2.0, 2.0, 2.0};
  EXPECT_THROW(layer_norm_vector(constant, settings), std::invalid_argument);
  EXPECT_THROW(layer_norm_radius(constant, settings), std::invalid_argument);
  EXPECT_THROW(rms_norm_vector(std::vector<double>{0.0, 0.0, 0.0}, settings), std::invalid_argument);
  settings.eps = 1e-5;  // with eps the constant vector goes to the centre of the circle
  for (double value : layer_norm_vector(constant, settings)) EXPECT_EQ(value, 0.0);
}

}  // namespace
}  // namespace normlab::lessons
