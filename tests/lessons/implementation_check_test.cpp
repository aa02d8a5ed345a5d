// "Check my implementation": a student's implementation written out here as a plain loop (one per
// mistake, not through core/norm), checked by core: correct float32 code passes, each classic mistake
// fails and is named, noise is not misnamed, unusable input is refused in one line.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "lessons/implementation_check.hpp"

namespace normlab::lessons {
namespace {

using Mistake = ImplementationMistake;

// How a hand-written student normalization goes wrong (all false = correct).
struct Slip {
  bool unbiased = false;          // divide the variance by n - 1
  bool eps_outside = false;       // (x - mu) / (sigma + eps)
  bool eps_missing = false;       // (x - mu) / sigma
  bool numerator_raw = false;     // x / sqrt(var + eps)
  bool mean_square = false;       // x / sqrt(mean(x^2) + eps), for a kind that should centre
  bool center_rms = false;        // RMSNorm that subtracts the mean
  bool swap_affine = false;       // x_hat * beta + gamma
  bool skip_affine = false;       // x_hat
};

// A student's normalization of the elements `members(g)` of each group g, in float32 like most
// student code: statistics, then y = x_hat * gamma[channel] + beta[channel].
template <typename Members, typename Channel>
Tensor<double> student_norm(const Tensor<double>& x, std::size_t group_count, Members members, Channel channel,
                            bool centered, double eps, const std::vector<double>& gamma,
                            const std::vector<double>& beta, const Slip& slip) {
  Tensor<double> y(x.shape);
  for (std::size_t group = 0; group < group_count; ++group) {
    const std::vector<std::size_t> elements = members(group);
    const float n = float(elements.size());
    float mean = 0, square = 0;
    for (std::size_t flat : elements) mean += float(x[flat]);
    mean /= n;
    const bool subtract = (centered && !slip.mean_square) || slip.center_rms;
    for (std::size_t flat : elements) {
      const float centred = float(x[flat]) - (subtract ? mean : 0.0f);
      square += centred * centred;
    }
    const float variance = square / (slip.unbiased ? n - 1 : n);
    const float feps = float(eps);
    const float denominator = slip.eps_missing   ? std::sqrt(variance)
                              : slip.eps_outside ? std::sqrt(variance) + feps
                                                 : std::sqrt(variance + feps);
    for (std::size_t flat : elements) {
      const float numerator = float(x[flat]) - (subtract && !slip.numerator_raw ? mean : 0.0f);
      const float x_hat = numerator / denominator;
      const std::size_t c = channel(flat);
      const float g = gamma.empty() ? 1.0f : float(gamma[c]);
      const float b = beta.empty() ? 0.0f : float(beta[c]);
      y[flat] = slip.skip_affine ? x_hat : slip.swap_affine ? x_hat * b + g : x_hat * g + b;
    }
  }
  return y;
}

// (rows, cols) LayerNorm/RMSNorm over rows, or BatchNorm over columns when `by_column`.
Tensor<double> student_2d(const Tensor<double>& x, bool by_column, bool centered, double eps,
                          const std::vector<double>& gamma, const std::vector<double>& beta, const Slip& slip) {
  const std::size_t rows = x.shape[0], cols = x.shape[1];
  const auto members = [&](std::size_t group) {
    std::vector<std::size_t> elements;
    for (std::size_t k = 0; k < (by_column ? rows : cols); ++k)
      elements.push_back(by_column ? k * cols + group : group * cols + k);
    return elements;
  };
  return student_norm(x, by_column ? cols : rows, members, [&](std::size_t flat) { return flat % cols; }, centered,
                      eps, gamma, beta, slip);
}

Tensor<double> random_rows(std::size_t rows, std::size_t cols, double spread, unsigned seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> offset(-2.0, 2.0);
  Tensor<double> x(Shape{rows, cols});
  for (std::size_t row = 0; row < rows; ++row) {
    const double row_offset = offset(generator);
    for (std::size_t col = 0; col < cols; ++col) x[row * cols + col] = row_offset + spread * normal(generator);
  }
  return x;
}

std::vector<double> ramp(std::size_t count, double start, double step) {
  std::vector<double> values;
  for (std::size_t index = 0; index < count; ++index) values.push_back(start + step * double(index));
  return values;
}

ImplementationCheckRequest request_for(NormKind kind, const Tensor<double>& x, const Tensor<double>& student,
                                       double eps, std::vector<double> gamma = {}, std::vector<double> beta = {}) {
  ImplementationCheckRequest request;
  request.config.kind = kind;
  request.config.eps = eps;
  request.input = x;
  request.student_output = student;
  request.gamma = std::move(gamma);
  request.beta = std::move(beta);
  return request;
}

void expect_diagnosis(const ImplementationCheck& check, Mistake mistake, const std::string& phrase = "") {
  EXPECT_FALSE(check.output.passed) << "worst ratio " << check.output.worst_ratio;
  ASSERT_TRUE(check.diagnosis.has_value()) << verdict_lines(check).back();
  EXPECT_EQ(mistake_id(check.diagnosis->mistake), mistake_id(mistake)) << check.diagnosis->words;
  EXPECT_LE(check.diagnosis->worst_ratio, 1.0);
  if (!phrase.empty()) {
    EXPECT_NE(check.diagnosis->words.find(phrase), std::string::npos) << check.diagnosis->words;
  }
  const auto lines = verdict_lines(check);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("mismatch: largest error", 0), 0u) << lines[0];
  EXPECT_NE(lines[1].find("likely mistake: "), std::string::npos);
}

// Row spread 0.05 (var 2.5e-3) with eps 1e-3: eps moves the output by ~20%, so every eps slip shows.
constexpr double kEps = 1e-3;
const Tensor<double> kRows = random_rows(6, 16, 0.05, 3);
const std::vector<double> kGamma = ramp(16, 0.5, 0.1), kBeta = ramp(16, -0.4, 0.05);

TEST(ImplementationCheck, CorrectFloat32ImplementationsPassForEveryKind) {
  const Tensor<double> wide = random_rows(32, 512, 1.0, 5);
  const std::vector<double> gamma = ramp(512, 0.5, 0.002), beta = ramp(512, -0.5, 0.002);
  for (bool centered : {true, false}) {
    const Tensor<double> y = student_2d(wide, false, centered, 1e-5, gamma, centered ? beta : std::vector<double>{}, {});
    const auto check = check_implementation(request_for(centered ? NormKind::layer : NormKind::rms, wide, y, 1e-5,
                                                        gamma, centered ? beta : std::vector<double>{}));
    EXPECT_TRUE(check.output.passed) << verdict_lines(check).front();
    EXPECT_FALSE(check.diagnosis.has_value());
    EXPECT_EQ(verdict_lines(check).front().rfind("match: ", 0), 0u);
  }
  const Tensor<double> batch = student_2d(wide, true, true, 1e-5, gamma, beta, {});
  EXPECT_TRUE(check_implementation(request_for(NormKind::batch, wide, batch, 1e-5, gamma, beta)).output.passed);
}

TEST(ImplementationCheck, UnbiasedVarianceIsNamed) {
  Slip slip;
  slip.unbiased = true;
  const auto check = check_implementation(
      request_for(NormKind::layer, kRows, student_2d(kRows, false, true, kEps, kGamma, kBeta, slip), kEps, kGamma, kBeta));
  expect_diagnosis(check, Mistake::unbiased_variance, "n - 1");
}

TEST(ImplementationCheck, EpsOutsideTheRootAndEpsMissingAreNamedApart) {
  Slip outside;
  outside.eps_outside = true;
  expect_diagnosis(check_implementation(request_for(NormKind::layer, kRows,
                                                    student_2d(kRows, false, true, kEps, kGamma, kBeta, outside), kEps,
                                                    kGamma, kBeta)),
                   Mistake::eps_outside_root, "outside the square root");
  Slip missing;
  missing.eps_missing = true;
  expect_diagnosis(check_implementation(request_for(NormKind::rms, kRows,
                                                    student_2d(kRows, false, false, kEps, kGamma, {}, missing), kEps,
                                                    kGamma)),
                   Mistake::eps_missing);
}

TEST(ImplementationCheck, BatchStatisticsForLayerNormAndBackAreTheWrongAxis) {
  const auto layer_by_columns = check_implementation(request_for(
      NormKind::layer, kRows, student_2d(kRows, true, true, kEps, kGamma, kBeta, {}), kEps, kGamma, kBeta));
  expect_diagnosis(layer_by_columns, Mistake::wrong_axis, "matches BatchNorm");
  const auto batch_by_rows = check_implementation(request_for(
      NormKind::batch, kRows, student_2d(kRows, false, true, kEps, kGamma, kBeta, {}), kEps, kGamma, kBeta));
  expect_diagnosis(batch_by_rows, Mistake::wrong_axis, "matches LayerNorm");
}

TEST(ImplementationCheck, GroupCountReadAsChannelsPerGroupIsTheWrongAxis) {
  // (N, C) = (4, 12) with G = 2: a student who makes groups of 2 channels makes 6 groups.
  const Tensor<double> x = random_rows(4, 12, 0.05, 9);
  const auto members = [](std::size_t group) {
    std::vector<std::size_t> elements;
    for (std::size_t k = 0; k < 2; ++k) elements.push_back((group / 6) * 12 + (group % 6) * 2 + k);
    return elements;
  };
  const Tensor<double> y =
      student_norm(x, 24, members, [](std::size_t flat) { return flat % 12; }, true, kEps, {}, {}, {});
  auto request = request_for(NormKind::group, x, y, kEps);
  request.config.groups = 2;
  expect_diagnosis(check_implementation(request), Mistake::wrong_axis, "GroupNorm with 6 groups");
}

TEST(ImplementationCheck, MissingMeanSubtractionIsNamedInBothForms) {
  Slip raw;
  raw.numerator_raw = true;
  expect_diagnosis(check_implementation(request_for(NormKind::layer, kRows,
                                                    student_2d(kRows, false, true, kEps, kGamma, kBeta, raw), kEps,
                                                    kGamma, kBeta)),
                   Mistake::mean_not_subtracted, "not subtracted");
  Slip square;
  square.mean_square = true;
  expect_diagnosis(check_implementation(request_for(NormKind::layer, kRows,
                                                    student_2d(kRows, false, true, kEps, kGamma, kBeta, square), kEps,
                                                    kGamma, kBeta)),
                   Mistake::no_centering, "mean(x^2)");
  Slip centred;
  centred.center_rms = true;
  expect_diagnosis(check_implementation(request_for(NormKind::rms, kRows,
                                                    student_2d(kRows, false, false, kEps, kGamma, {}, centred), kEps,
                                                    kGamma)),
                   Mistake::centered_rms, "LayerNorm");
}

TEST(ImplementationCheck, SwappedAndMissingGammaBetaAreNamed) {
  Slip swap;
  swap.swap_affine = true;
  expect_diagnosis(check_implementation(request_for(NormKind::layer, kRows,
                                                    student_2d(kRows, false, true, kEps, kGamma, kBeta, swap), kEps,
                                                    kGamma, kBeta)),
                   Mistake::gamma_beta_swapped, "swapped");
  Slip skip;
  skip.skip_affine = true;
  expect_diagnosis(check_implementation(request_for(NormKind::batch, kRows,
                                                    student_2d(kRows, true, true, kEps, kGamma, kBeta, skip), kEps,
                                                    kGamma, kBeta)),
                   Mistake::affine_missing, "not applied");
}

TEST(ImplementationCheck, InstanceNormOverTheWholeSampleIsTheWrongAxis) {
  // (N, C, L) = (2, 3, 8): InstanceNorm takes each (sample, channel) row; the slip pools the sample.
  const Tensor<double> rows = random_rows(6, 8, 0.05, 11);
  const Tensor<double> x(Shape{2, 3, 8}, rows.values);
  const auto members = [](std::size_t sample) {
    std::vector<std::size_t> elements;
    for (std::size_t k = 0; k < 24; ++k) elements.push_back(sample * 24 + k);
    return elements;
  };
  const Tensor<double> y =
      student_norm(x, 2, members, [](std::size_t flat) { return (flat / 8) % 3; }, true, kEps, {}, {}, {});
  expect_diagnosis(check_implementation(request_for(NormKind::instance, x, y, kEps)), Mistake::wrong_axis,
                   "GroupNorm with 1 group");
}

TEST(ImplementationCheck, NoiseIsAMismatchWithoutAMisnamedMistake) {
  Tensor<double> y = student_2d(kRows, false, true, kEps, kGamma, kBeta, {});
  y[17] += 0.01;
  const auto check = check_implementation(request_for(NormKind::layer, kRows, y, kEps, kGamma, kBeta));
  EXPECT_FALSE(check.output.passed);
  EXPECT_EQ(check.output.largest_error_index, 17u);
  EXPECT_EQ(element_words(kRows.shape, 17), "[1, 1]");
  EXPECT_FALSE(check.diagnosis.has_value()) << check.diagnosis->words;
  EXPECT_NE(verdict_lines(check)[0].find("at [1, 1]"), std::string::npos) << verdict_lines(check)[0];
}

TEST(ImplementationCheck, AMistakeThisInputCannotSeeIsSaidAndPasses) {
  // Unit-variance rows and eps 1e-5: eps outside the root moves y by ~5e-6 of |y|, under float32's tolerance.
  const Tensor<double> x = random_rows(8, 256, 1.0, 13);
  Slip outside;
  outside.eps_outside = true;
  const auto check = check_implementation(request_for(NormKind::layer, x, student_2d(x, false, true, 1e-5, {}, {}, outside), 1e-5));
  EXPECT_TRUE(check.output.passed);
  const auto lines = verdict_lines(check);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("eps-outside-root"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[1].find("unbiased-variance"), std::string::npos) << lines[1];
}

TEST(ImplementationCheck, GradientIsComparedWithTheBackward) {
  const Tensor<double>& x = kRows;
  const std::size_t rows = 6, cols = 16;
  Tensor<double> dy(x.shape);
  for (std::size_t flat = 0; flat < dy.size(); ++flat) dy[flat] = std::sin(0.7 * double(flat));
  // dx = r (g - mean(g) - x_hat mean(g x_hat)), g = dy gamma (PyTorch's LayerNorm backward), and a
  // slip that drops the mean(g) term.
  Tensor<double> dx(x.shape), dx_slip(x.shape);
  for (std::size_t row = 0; row < rows; ++row) {
    double mean = 0, var = 0, mean_g = 0, mean_gx = 0;
    for (std::size_t col = 0; col < cols; ++col) mean += x[row * cols + col] / cols;
    for (std::size_t col = 0; col < cols; ++col) var += std::pow(x[row * cols + col] - mean, 2) / cols;
    const double r = 1 / std::sqrt(var + kEps);
    for (std::size_t col = 0; col < cols; ++col) {
      const double g = dy[row * cols + col] * kGamma[col], x_hat = (x[row * cols + col] - mean) * r;
      mean_g += g / cols;
      mean_gx += g * x_hat / cols;
    }
    for (std::size_t col = 0; col < cols; ++col) {
      const double g = dy[row * cols + col] * kGamma[col], x_hat = (x[row * cols + col] - mean) * r;
      dx[row * cols + col] = r * (g - mean_g - x_hat * mean_gx);
      dx_slip[row * cols + col] = r * (g - x_hat * mean_gx);
    }
  }
  auto request = request_for(NormKind::layer, x, student_2d(x, false, true, kEps, kGamma, kBeta, {}), kEps, kGamma, kBeta);
  request.output_grad = dy;
  request.student_input_grad = dx;
  const auto good = check_implementation(request);
  ASSERT_TRUE(good.input_grad.has_value());
  EXPECT_TRUE(good.input_grad->passed) << verdict_lines(good).back();
  request.student_input_grad = dx_slip;
  const auto bad = check_implementation(request);
  EXPECT_FALSE(bad.input_grad->passed);
  EXPECT_NE(verdict_lines(bad).back().find("gradient mismatch"), std::string::npos);
}

TEST(ImplementationCheck, UnusableInputIsRefusedInOneLine) {
  const auto refuses = [](ImplementationCheckRequest request, const std::string& phrase) {
    try {
      check_implementation(request);
      ADD_FAILURE() << "accepted: " << phrase;
    } catch (const std::invalid_argument& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find(phrase), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  };
  const Tensor<double> y = student_2d(kRows, false, true, kEps, {}, {}, {});
  refuses(request_for(NormKind::layer, kRows, Tensor<double>(Shape{6, 15}), kEps), "has shape (6, 15) but the input has (6, 16)");
  Tensor<double> with_nan = y;
  with_nan[5] = std::nan("");
  refuses(request_for(NormKind::layer, kRows, with_nan, kEps), "NaN at [0, 5]");
  refuses(request_for(NormKind::rms, kRows, y, kEps, {}, kBeta), "no beta");
  refuses(request_for(NormKind::layer, kRows, y, kEps, ramp(3, 1, 0)), "gamma has 3 values");
  refuses(request_for(NormKind::instance, kRows, y, kEps), "3-D");
}

TEST(ImplementationCheck, EveryPlantedMistakeIsDiagnosedAsItself) {
  for (Mistake mistake : all_mistakes()) {
    PlantedMistakeExample example;
    example.mistake = mistake;
    example.kind = mistake == Mistake::centered_rms ? NormKind::rms : NormKind::layer;
    const auto check = check_implementation(planted_mistake_request(example));
    if (mistake == Mistake::none) {
      EXPECT_TRUE(check.output.passed);
      continue;
    }
    expect_diagnosis(check, mistake);
    const figure::Figure figure = implementation_check_figure(check);
    ASSERT_EQ(figure.panels.size(), 2u);
    EXPECT_EQ(figure.title.rfind("Mismatch", 0), 0u);
  }
}

}  // namespace
}  // namespace normlab::lessons
