// The presets have the properties their descriptions claim, and import/paste refuse bad input clearly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>

#include "io/npy.hpp"
#include "io/parse_number.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"

namespace normlab::lessons {
namespace {

double column_mean(const Tensor<double>& matrix, std::size_t column) {
  double sum = 0;
  for (std::size_t row = 0; row < matrix.shape[0]; ++row) sum += matrix[row * matrix.shape[1] + column];
  return sum / static_cast<double>(matrix.shape[0]);
}
double row_mean(const Tensor<double>& matrix, std::size_t row) {
  double sum = 0;
  for (std::size_t column = 0; column < matrix.shape[1]; ++column) sum += matrix[row * matrix.shape[1] + column];
  return sum / static_cast<double>(matrix.shape[1]);
}

AxisFlipResult run(const Tensor<double>& activations, NormKind kind) {
  AxisFlipSettings settings;
  settings.kind = kind;
  return compute_axis_flip(activations, settings);
}

TEST(ActivationPresets, RandomNormalIsReproducibleAndStandard) {
  const auto first = make_preset(ActivationPreset::random_normal, {64, 64}, 42);
  const auto again = make_preset(ActivationPreset::random_normal, {64, 64}, 42);
  const auto other = make_preset(ActivationPreset::random_normal, {64, 64}, 43);
  EXPECT_EQ(first.values, again.values);
  EXPECT_NE(first.values, other.values);
  double sum = 0, square_sum = 0;
  for (const double value : first.values) {
    sum += value;
    square_sum += value * value;
  }
  const double mean = sum / 4096, variance = square_sum / 4096 - mean * mean;
  EXPECT_NEAR(mean, 0.0, 0.06);  // 4 standard errors of a mean of 4096 draws
  EXPECT_NEAR(variance, 1.0, 0.09);
}

TEST(ActivationPresets, ConstantOffsetIsRemovedByCentringNormsOnly) {
  const auto plain = make_preset(ActivationPreset::random_normal, {8, 6}, 3);
  const auto shifted = make_preset(ActivationPreset::constant_offset, {8, 6}, 3);
  for (std::size_t index = 0; index < plain.size(); ++index) {
    EXPECT_DOUBLE_EQ(shifted[index] - plain[index], kConstantOffset);
  }
  for (const NormKind kind : {NormKind::layer, NormKind::batch}) {
    const auto before = run(plain, kind), after = run(shifted, kind);
    for (std::size_t index = 0; index < plain.size(); ++index) EXPECT_NEAR(after.output[index], before.output[index], 1e-9);
  }
  const auto rms_before = run(plain, NormKind::rms), rms_after = run(shifted, NormKind::rms);
  double largest_change = 0;
  for (std::size_t index = 0; index < plain.size(); ++index) {
    largest_change = std::max(largest_change, std::abs(rms_after.output[index] - rms_before.output[index]));
  }
  EXPECT_GT(largest_change, 0.5);
}

TEST(ActivationPresets, OutlierFeatureAndTokenStandOutOnTheirAxis) {
  const auto feature = make_preset(ActivationPreset::outlier_feature, {8, 6}, 5);
  const auto token = make_preset(ActivationPreset::outlier_token, {8, 6}, 5);
  for (std::size_t column = 0; column < 6; ++column) {
    if (column == kOutlierIndex) EXPECT_GT(column_mean(feature, column), 10.0);
    else EXPECT_LT(std::abs(column_mean(feature, column)), 2.0);
  }
  for (std::size_t row = 0; row < 8; ++row) {
    if (row == kOutlierIndex) EXPECT_GT(row_mean(token, row), 10.0);
    else EXPECT_LT(std::abs(row_mean(token, row)), 2.0);
  }
  // BatchNorm brings the outlier feature back to mean 0; LayerNorm brings the outlier token back.
  EXPECT_NEAR(column_mean(run(feature, NormKind::batch).output, kOutlierIndex), 0.0, 1e-9);
  EXPECT_NEAR(row_mean(run(token, NormKind::layer).output, kOutlierIndex), 0.0, 1e-9);
}

TEST(ActivationPresets, ConstantRowNormalizesToBeta) {
  const auto activations = make_preset(ActivationPreset::constant_row, {5, 6}, 2);
  AxisFlipSettings settings;
  settings.beta = 0.5;
  const auto result = compute_axis_flip(activations, settings);
  for (std::size_t column = 0; column < 6; ++column) {
    EXPECT_DOUBLE_EQ(activations[kOutlierIndex * 6 + column], activations[kOutlierIndex * 6]);
    EXPECT_NEAR(result.output[kOutlierIndex * 6 + column], 0.5, 1e-12);
  }
}

TEST(ActivationPresets, SingleSampleCollapsesBatchNorm) {
  const auto activations = make_preset(ActivationPreset::single_sample, {8, 6}, 2);
  ASSERT_EQ(activations.shape, (Shape{1, 6}));
  for (const double value : run(activations, NormKind::batch).output.values) EXPECT_NEAR(value, 0.0, 1e-12);
}

TEST(ActivationPresets, WildScalesSpanSixDecadesAndBatchNormEqualizesThem) {
  const auto activations = make_preset(ActivationPreset::wild_scales, {32, 7}, 4);
  const auto plain = make_preset(ActivationPreset::random_normal, {32, 7}, 4);
  const auto output = run(activations, NormKind::batch).output;
  for (std::size_t column = 0; column < 7; ++column) {
    EXPECT_DOUBLE_EQ(activations[column] / plain[column], std::pow(10.0, static_cast<double>(column) - 3.0));
    double variance = 0;
    for (std::size_t row = 0; row < 32; ++row) variance += std::pow(output[row * 7 + column], 2) / 32;
    // Unit variance, except where the feature's own variance (~1e-6) is not large against eps = 1e-5.
    const double feature_variance = std::pow(10.0, 2.0 * (static_cast<double>(column) - 3.0));
    if (column >= 2) EXPECT_NEAR(variance, 1.0, 1e-2);
    else EXPECT_LT(variance, 1.0 - 0.5 * 1e-5 / (feature_variance + 1e-5));
  }
}

TEST(ActivationPresets, NamesRoundTripAndUnknownOnesAreRefused) {
  for (const auto preset : all_presets()) EXPECT_EQ(parse_preset(preset_name(preset)), preset);
  EXPECT_THROW(parse_preset("gaussian"), std::invalid_argument);
  EXPECT_THROW(make_preset(ActivationPreset::random_normal, {4}, 1), std::invalid_argument);
  EXPECT_THROW(make_preset(ActivationPreset::random_normal, {4, 0}, 1), std::invalid_argument);
}

TEST(ActivationEditing, SetCellRefusesBadInputAndKeepsTheTensor) {
  auto activations = make_preset(ActivationPreset::random_normal, {3, 4}, 1);
  const auto before = activations.values;
  EXPECT_THROW(set_cell(activations, 12, 1.0), std::invalid_argument);
  EXPECT_THROW(set_cell(activations, 2, std::nan("")), std::invalid_argument);
  EXPECT_EQ(activations.values, before);
  set_cell(activations, cell_index_2d(activations.shape, 2, 3), 7.5);
  EXPECT_DOUBLE_EQ(activations[11], 7.5);
  EXPECT_EQ(cell_index_3d({2, 3, 4}, 1, 2, 3), 23u);
}

TEST(ActivationImport, PastedTextFromASpreadsheetOrPython) {
  const auto pasted = parse_activation_text("[[1, 2.5, -3],\n [4\t5 6e-1]]\n\n");
  EXPECT_EQ(pasted.shape, (Shape{2, 3}));
  EXPECT_EQ(pasted.values, (std::vector<double>{1, 2.5, -3, 4, 5, 0.6}));
  EXPECT_THROW(parse_activation_text("1,2\n3"), std::invalid_argument);
  EXPECT_THROW(parse_activation_text("1,x"), std::invalid_argument);
  EXPECT_THROW(parse_activation_text("1,inf"), std::invalid_argument);
  EXPECT_THROW(parse_activation_text("  \n"), std::invalid_argument);
}

// Pasted text is untrusted: a bad token is quoted escaped and cut short in a one-line message, and
// numbers go through the strict parser (hex, inf, nan and out-of-range values are refused).
TEST(ActivationImport, PastedTokensAreQuotedAndParsedStrictly) {
  const auto message_of = [](const std::string& text) {
    try {
      parse_activation_text(text);
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string("(accepted)");
  };
  const std::string escape = message_of("1 2\n3 \x1b" "Ox");
  EXPECT_NE(escape.find("line 2: '\\x1bOx'"), std::string::npos) << escape;
  EXPECT_EQ(escape.find('\x1b'), std::string::npos) << escape;
  const std::string long_token = message_of("1," + std::string(100000, 'y'));
  EXPECT_LT(long_token.size(), 200u) << long_token.substr(0, 200);
  EXPECT_NE(long_token.find(std::string(kExcerptLength, 'y') + "..."), std::string::npos);
  EXPECT_EQ(message_of("0x10"), "line 1: '0x10' is not a finite number (" + std::string(kDecimalHint) + ")");
  for (const char* refused : {"nan", "-inf", "1e999", "0x1p3", "1.5.2"}) {
    EXPECT_NE(message_of(std::string("1 ") + refused), "(accepted)") << refused;
  }
  EXPECT_EQ(parse_activation_text("1e-300 -0.5 +2 .5 5.").values, (std::vector<double>{1e-300, -0.5, 2, 0.5, 5}));
  EXPECT_EQ(message_of("").find('\n'), std::string::npos);
  try {
    parse_preset("gauss\nian\x1b");
    ADD_FAILURE() << "an unknown preset was accepted";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("'gauss\\nian\\x1b'"), std::string::npos) << error.what();
  }
}

TEST(ActivationImport, NpyAndCsvFilesAndClearErrors) {
  const std::string directory = ::testing::TempDir();
  const std::string npy_path = directory + "/axis_flip_import.npy";
  write_npy(npy_path, Tensor<float>({2, 3, 2}, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  const auto cube = load_activation_file(npy_path);
  EXPECT_EQ(cube.shape, (Shape{2, 3, 2}));
  EXPECT_DOUBLE_EQ(cube[11], 12.0);
  const std::string csv_path = directory + "/axis_flip_import.csv";
  std::ofstream(csv_path) << "1,2\n3,4\n";
  EXPECT_EQ(load_activation_file(csv_path).values, (std::vector<double>{1, 2, 3, 4}));
  const std::string vector_path = directory + "/axis_flip_vector.npy";
  write_npy(vector_path, Tensor<double>({3}, std::vector<double>{1, 2, 3}));
  try {
    load_activation_file(vector_path);
    FAIL() << "a 1-D array must be refused";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("samples"), std::string::npos) << error.what();
  }
  EXPECT_THROW(load_activation_file(directory + "/missing.npy"), std::runtime_error);
  EXPECT_THROW(load_activation_file(directory + "/matrix.txt"), std::runtime_error);
  std::remove(npy_path.c_str());
  std::remove(csv_path.c_str());
  std::remove(vector_path.c_str());
}

}  // namespace
}  // namespace normlab::lessons
