// The hand-written backward of the toy transformer against central finite differences, in double,
// for every placement, both norms, with and without QK-norm, on task batches (masked loss) and on
// random-token batches (every position counts).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "model/tasks.hpp"
#include "model/transformer.hpp"

namespace normlab::model {
namespace {

struct GradientCase {
  Placement placement;
  NormKind norm;
  bool qk_norm;
  InitScheme init;
};

std::string case_name(const GradientCase& gradient_case) {
  return placement_name(gradient_case.placement) + "_" + norm_kind_name(gradient_case.norm) +
         (gradient_case.qk_norm ? "_qknorm" : "") + "_" + init_scheme_name(gradient_case.init);
}

class GradientCheck : public ::testing::TestWithParam<GradientCase> {};

// Small but not degenerate: two blocks, two heads of width 3, vocabulary 5, odd sequence length.
ModelConfig small_config(const GradientCase& gradient_case) {
  ModelConfig config;
  config.placement = gradient_case.placement;
  config.norm = gradient_case.norm;
  config.qk_norm = gradient_case.qk_norm;
  config.init = gradient_case.init;
  config.layers = 2;
  config.d_model = 6;
  config.heads = 2;
  config.max_seq = 7;
  config.vocab = 5;
  config.seed = 11;
  return config;
}

// Max over all parameters of |analytic - numeric|, relative to the largest gradient entry.
double worst_relative_error(Transformer<double>& model, const TokenBatch& batch) {
  model.forward(batch);
  const std::vector<double> analytic = model.backward();
  std::vector<double>& parameters = model.parameters();
  double largest = 0.0, worst = 0.0;
  for (double value : analytic) largest = std::max(largest, std::abs(value));
  const double step = 1e-6;
  for (std::size_t index = 0; index < parameters.size(); ++index) {
    const double saved = parameters[index];
    parameters[index] = saved + step;
    const double loss_plus = model.forward(batch);
    parameters[index] = saved - step;
    const double loss_minus = model.forward(batch);
    parameters[index] = saved;
    const double numeric = (loss_plus - loss_minus) / (2 * step);
    worst = std::max(worst, std::abs(numeric - analytic[index]));
  }
  return worst / largest;
}

TEST_P(GradientCheck, BackwardMatchesFiniteDifferencesOnTaskBatch) {
  Transformer<double> model(small_config(GetParam()));
  Random random(3);
  const TokenBatch batch = make_task_batch(Task::reverse, 3, model.config().max_seq, model.config().vocab, random);
  EXPECT_LT(worst_relative_error(model, batch), 1e-6);
}

TEST_P(GradientCheck, BackwardMatchesFiniteDifferencesOnRandomTokens) {
  Transformer<double> model(small_config(GetParam()));
  Random random(4);
  const TokenBatch batch = make_random_batch(2, 6, model.config().vocab, random);
  EXPECT_LT(worst_relative_error(model, batch), 1e-6);
}

std::vector<GradientCase> all_cases() {
  std::vector<GradientCase> cases;
  for (Placement placement : {Placement::post, Placement::pre, Placement::deepnorm, Placement::none}) {
    for (NormKind norm : {NormKind::layer, NormKind::rms}) {
      for (bool qk_norm : {false, true}) cases.push_back({placement, norm, qk_norm, InitScheme::xavier});
    }
  }
  cases.push_back({Placement::pre, NormKind::layer, false, InitScheme::gpt2});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AllPlacements, GradientCheck, ::testing::ValuesIn(all_cases()),
                         [](const auto& info) { return case_name(info.param); });

// The probes' gradient columns are the Frobenius norms of the gradient's slices and of d(loss)/d(input).
TEST(Probes, GradientColumnsAreNormsOfTheGradient) {
  ModelConfig config = small_config({Placement::post, NormKind::layer, false, InitScheme::xavier});
  Transformer<double> model(config);
  Random random(5);
  model.forward(make_random_batch(2, 7, config.vocab, random));
  const auto& gradient = model.backward();
  const auto& last = model.layout().blocks.back();
  const std::size_t count = config.d_model * config.ffn_width();
  EXPECT_DOUBLE_EQ(model.probes().back().grad_norm_ffn_w1, vector_norm(gradient.data() + last.ffn_w1, count));
  EXPECT_DOUBLE_EQ(model.probes().back().grad_norm_ffn_w2, vector_norm(gradient.data() + last.ffn_w2, count));
  EXPECT_GT(model.probes().front().grad_norm_input, 0.0);
}

// The alignment probes are the mean cosine between an update and the stream it joins: with one of a
// pre-LN block's two updates zeroed, the other is the block's output minus its input.
TEST(Probes, AlignmentIsTheUpdatesCosineWithTheStream) {
  const auto mean_cosine = [](const std::vector<double>& stream, const std::vector<double>& updated,
                              std::size_t width) {
    double total = 0;
    const std::size_t rows = stream.size() / width;
    for (std::size_t row = 0; row < rows; ++row) {
      double dot = 0, stream_square = 0, update_square = 0;
      for (std::size_t col = 0; col < width; ++col) {
        const double h = stream[row * width + col], update = updated[row * width + col] - h;
        dot += h * update, stream_square += h * h, update_square += update * update;
      }
      total += dot / std::sqrt(stream_square * update_square);
    }
    return total / static_cast<double>(rows);
  };
  for (const bool keep_attention : {true, false}) {
    SCOPED_TRACE(keep_attention ? "FFN zeroed" : "attention zeroed");
    ModelConfig config = small_config({Placement::pre, NormKind::layer, false, InitScheme::xavier});
    Transformer<double> model(config);
    const auto& second = model.layout().blocks[1];
    const std::size_t width = config.d_model;
    auto& parameters = model.parameters();
    if (keep_attention) {
      std::fill_n(parameters.begin() + second.ffn_w2, width * config.ffn_width(), 0.0);
      std::fill_n(parameters.begin() + second.ffn_b2, width, 0.0);
    } else {
      std::fill_n(parameters.begin() + second.output, width * width, 0.0);
    }
    Random random(4);
    model.forward(make_random_batch(2, 7, config.vocab, random));
    const double expected = mean_cosine(model.stream_after(0), model.stream_after(1), width);
    const LayerProbe& probe = model.probes()[1];
    EXPECT_NEAR(keep_attention ? probe.attn_alignment : probe.ffn_alignment, expected, 1e-12);
    EXPECT_EQ(keep_attention ? probe.ffn_alignment : probe.attn_alignment, 0.0);  // a zero update
    EXPECT_GT(std::abs(expected), 1e-4);  // a real cosine, not a trivial zero
  }
}

}  // namespace
}  // namespace normlab::model
