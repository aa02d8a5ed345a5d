// The exercises the lessons ask, each answer computed by the code that the panels use: the norm engine
// (core/norm) for outputs and dense Jacobians, Eigen's SVD for rank and spectral norm, the toy
// transformer's depth probe, the kernel benchmark, and DeepNorm's table (Wang et al. 2022).
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "lessons/activation_matrix.hpp"
#include "lessons/axis_flip.hpp"
#include "lessons/exercises.hpp"
#include "lessons/hypersphere.hpp"
#include "model/probes.hpp"
#include "norm/norm.hpp"
#include "perf/benchmark.hpp"

namespace normlab::lessons {
namespace {

std::string number_text(double value) { return format_number(value); }

NormKind row_kind(const ExerciseInputs& inputs) {
  return inputs.word("norm") == "rms" ? NormKind::rms : NormKind::layer;
}

void declare_row_norm(ExerciseInputs& inputs, double eps) {
  inputs.word("norm", "layer", {"layer", "rms"}, "LayerNorm or RMSNorm");
  inputs.number("eps", eps, 0, 1, "added under the square root");
}

// A reproducible input vector of `d` values (the hypersphere panel's x1..x3 when d = 3 and given).
std::vector<double> input_vector(const ExerciseInputs& inputs, int d) {
  std::vector<double> x = seeded_normal_values(static_cast<std::size_t>(d), static_cast<std::uint64_t>(inputs.integer("seed")));
  return x;
}

Tensor<double> normalize_row(const std::vector<double>& x, NormKind kind, double eps) {
  NormConfig config;
  config.kind = kind;
  config.eps = eps;
  NormParameters<double> parameters;
  return norm_forward(Tensor<double>({1, x.size()}, x), config, parameters).output;
}

Eigen::VectorXd singular_values(const std::vector<double>& x, NormKind kind, double eps) {
  NormConfig config;
  config.kind = kind;
  config.eps = eps;
  NormParameters<double> parameters;
  const Tensor<double> jacobian = norm_jacobian(Tensor<double>({1, x.size()}, x), config, parameters, 0);
  const auto size = static_cast<Eigen::Index>(x.size());
  const Eigen::MatrixXd matrix = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      jacobian.data(), size, size);
  return Eigen::JacobiSVD<Eigen::MatrixXd>(matrix).singularValues();
}

std::string kind_name(NormKind kind) { return norm_kind_display_name(kind); }

// ---- geometry ------------------------------------------------------------------------------------

ExerciseAnswer jacobian_rank(const ExerciseInputs& inputs) {
  const int d = inputs.integer("d");
  const NormKind kind = row_kind(inputs);
  const double eps = inputs.number("eps");
  const Eigen::VectorXd sigma = singular_values(input_vector(inputs, d), kind, eps);
  const double cut = 1e-9 * sigma(0);
  const int rank = static_cast<int>((sigma.array() > cut).count());
  ExerciseAnswer answer;
  answer.value = rank;
  answer.tolerance = 0.25;
  answer.shown = std::to_string(rank);
  answer.worked = "The " + std::to_string(d) + " singular values of " + kind_name(kind) +
                  "'s Jacobian at a random x (eps = " + number_text(eps) + ") run from " + number_text(sigma(0)) +
                  " down to " + number_text(sigma(d - 1)) + "; " + std::to_string(d - rank) +
                  " of them are zero (below " + number_text(cut) + "), so the rank is **" + std::to_string(rank) + "**. ";
  const bool exact_scale = eps == 0.0;  // then scaling x (along x - mu for LayerNorm) changes nothing either
  if (kind == NormKind::layer) {
    answer.worked += exact_scale
                         ? "Two directions are lost: $(1, ..., 1)$, since adding the same c to every feature changes "
                           "nothing, and $x - mu$ itself, since with eps = 0 scaling the centred input changes nothing "
                           "either (the middle factor of J). With eps > 0 only $(1, ..., 1)$ is lost: rank $d - 1$."
                         : "The lost direction is $(1, ..., 1)$: adding the same c to every feature changes nothing. "
                           "(With eps = 0 the direction $x - mu$ is lost too: rank $d - 2$.)";
  } else {
    answer.worked += exact_scale ? "With eps = 0 the lost direction is x itself: scaling x changes nothing. RMSNorm "
                                   "subtracts no mean, so $(1, ..., 1)$ is kept."
                                 : "RMSNorm subtracts no mean, so no direction is lost while eps > 0: full rank.";
  }
  return answer;
}

ExerciseAnswer jacobian_spectral_norm(const ExerciseInputs& inputs) {
  const std::vector<double> x = {inputs.number("x1"), inputs.number("x2"), inputs.number("x3")};
  const double eps = inputs.number("eps");
  const Eigen::VectorXd sigma = singular_values(x, NormKind::layer, eps);
  const double mean = (x[0] + x[1] + x[2]) / 3.0;
  double variance = 0;
  for (double value : x) variance += (value - mean) * (value - mean) / 3.0;
  ExerciseAnswer answer;
  answer.value = sigma(0);
  answer.tolerance = 0.01 * sigma(0);
  answer.shown = number_text(sigma(0));
  answer.worked = "For x = (" + number_text(x[0]) + ", " + number_text(x[1]) + ", " + number_text(x[2]) +
                  "): mean " + number_text(mean) + ", variance " + number_text(variance) +
                  ". The largest singular value of the Jacobian is **" + number_text(sigma(0)) +
                  "** = $1 / sqrt(sigma^2 + eps)$ = " + number_text(1.0 / std::sqrt(variance + eps)) +
                  " (Xiong et al. 2020: of order $sqrt(d) / ||x||$). A small spread means a large gain.";
  return answer;
}

void declare_vector3(ExerciseInputs& inputs) {
  inputs.number("x1", 1, -10, 10, "first component");
  inputs.number("x2", 2, -10, 10, "second component");
  inputs.number("x3", 4, -10, 10, "third component");
}

ExerciseAnswer shift_invariance(const ExerciseInputs& inputs) {
  const std::vector<double> x = {inputs.number("x1"), inputs.number("x2"), inputs.number("x3")};
  const double shift = inputs.number("shift");
  const NormKind kind = row_kind(inputs);
  std::vector<double> shifted = x;
  for (double& value : shifted) value += shift;
  const Tensor<double> before = normalize_row(x, kind, inputs.number("eps"));
  const Tensor<double> after = normalize_row(shifted, kind, inputs.number("eps"));
  double largest = 0;
  for (std::size_t index = 0; index < x.size(); ++index) largest = std::max(largest, std::fabs(after[index] - before[index]));
  const bool unchanged = largest <= 1e-9;
  ExerciseAnswer answer;
  answer.kind = AnswerKind::choice;
  answer.correct_choice = unchanged ? 0 : 1;
  answer.shown = unchanged ? "the output does not change" : "the output changes";
  answer.worked = kind_name(kind) + "(x) = (" + number_text(before[0]) + ", " + number_text(before[1]) + ", " +
                  number_text(before[2]) + ") and " + kind_name(kind) + "(x + " + number_text(shift) + " (1, 1, 1)) = (" +
                  number_text(after[0]) + ", " + number_text(after[1]) + ", " + number_text(after[2]) +
                  "): the largest difference is " + number_text(largest) + ". ";
  answer.worked += kind == NormKind::layer
                       ? "Subtracting the mean removes any common shift before the variance is taken."
                       : "RMSNorm subtracts no mean: the shift changes the mean square and the direction.";
  return answer;
}

ExerciseAnswer output_norm(const ExerciseInputs& inputs) {
  const int d = inputs.integer("d");
  const NormKind kind = row_kind(inputs);
  const double eps = inputs.number("eps");
  const std::vector<double> x = input_vector(inputs, d);
  const Tensor<double> y = normalize_row(x, kind, eps);
  double squares = 0;
  for (double value : y.values) squares += value * value;
  ExerciseAnswer answer;
  answer.value = std::sqrt(squares);
  answer.tolerance = 0.005 * answer.value;
  answer.shown = number_text(answer.value);
  answer.worked = "||" + kind_name(kind) + "(x)|| for a random x in d = " + std::to_string(d) + " is **" +
                  number_text(answer.value) + "**; $sqrt(d)$ = " + number_text(std::sqrt(d)) +
                  ". Every output has mean square 1 (times $sigma^2 / (sigma^2 + eps)$ with eps > 0), so its length is "
                  "$sqrt(d)$ whatever x was.";
  return answer;
}

ExerciseAnswer output_sum(const ExerciseInputs& inputs) {
  const int d = inputs.integer("d");
  const NormKind kind = row_kind(inputs);
  const Tensor<double> y = normalize_row(input_vector(inputs, d), kind, inputs.number("eps"));
  double sum = 0;
  for (double value : y.values) sum += value;
  ExerciseAnswer answer;
  answer.value = sum;
  answer.tolerance = 1e-6 + 0.01 * std::fabs(sum);
  answer.shown = number_text(std::fabs(sum) < 1e-9 ? 0.0 : sum);
  answer.worked = "The components of " + kind_name(kind) + "(x) add up to **" + answer.shown + "**. " +
                  (kind == NormKind::layer
                       ? "LayerNorm subtracts the mean, so its outputs always sum to 0: they lie on a sphere of radius "
                         "$sqrt(d)$ inside the plane orthogonal to $(1, ..., 1)$, one dimension less than the space."
                       : "RMSNorm keeps the mean, so the sum is whatever the direction of x gives: its outputs fill the "
                         "whole sphere of radius $sqrt(d)$.");
  return answer;
}

void declare_random_vector(ExerciseInputs& inputs, int d) {
  inputs.integer("d", d, 2, 512, "the dimension");
  inputs.integer("seed", 7, 0, 1000000, "seed of the random vector");
  declare_row_norm(inputs, 0.0);
}

// The hypersphere panel's cloud through one norm: which sphere its images fill, read off the outputs.
ExerciseAnswer image_dimension(const ExerciseInputs& inputs) {
  const NormKind kind = row_kind(inputs);
  HypersphereSettings settings;
  settings.eps = inputs.number("eps");
  const std::vector<Vector> cloud =
      make_cloud(static_cast<std::size_t>(inputs.integer("cloud-count")), static_cast<std::size_t>(inputs.integer("dimension")),
                 inputs.number("cloud-offset"), inputs.number("cloud-spread"), static_cast<std::uint64_t>(inputs.integer("seed")));
  const CloudImages images = summarize_cloud_images(cloud, settings);
  const ImageSummary& image = kind == NormKind::layer ? images.layer : images.rms;
  ExerciseAnswer answer;
  answer.kind = AnswerKind::choice;
  answer.correct_choice = image.in_hyperplane ? 0 : 1;
  answer.shown = "a sphere of dimension " + std::to_string(image.sphere_dimension) +
                 (image.in_hyperplane ? ", inside the plane" : ", the whole sphere");
  answer.worked = "Measured on the " + std::to_string(image.count) + " outputs: " + image_sentence(image, kind_name(kind)) +
                  (kind == NormKind::layer ? " Centring puts every output in the plane; scaling puts it at one distance."
                                           : " RMSNorm only scales, so every direction of the input survives.");
  return answer;
}

// ---- batches -------------------------------------------------------------------------------------

void declare_batch(ExerciseInputs& inputs) {
  std::vector<std::string> presets;
  for (const ActivationPreset preset : all_presets()) presets.push_back(preset_name(preset));
  inputs.word("preset", preset_name(ActivationPreset::random_normal), presets, "the axis flip's input preset");
  inputs.integer("seed", 1, 0, 99999, "the preset's seed");
  inputs.integer("rows", 6, 2, 64, "samples in the full batch");
  inputs.integer("cols", 8, 1, 64, "features");
  inputs.word("norm", "batch", {"batch", "layer"}, "BatchNorm (train mode) or LayerNorm");
  inputs.number("beta", 0, -1000, 1000, "the shift added to every feature");
}

Tensor<double> normalize_matrix(const Tensor<double>& x, NormKind kind, double beta) {
  NormConfig config;
  config.kind = kind;
  NormParameters<double> parameters;
  const std::size_t features = x.shape[1];
  parameters.beta.assign(features, beta);
  return norm_forward(x, config, parameters).output;
}

Tensor<double> batch_matrix(const ExerciseInputs& inputs) {
  return make_preset(parse_preset(inputs.word("preset")),
                     {static_cast<std::size_t>(inputs.integer("rows")), static_cast<std::size_t>(inputs.integer("cols"))},
                     static_cast<std::uint64_t>(inputs.integer("seed")));
}

Tensor<double> first_row(const Tensor<double>& x) {
  return Tensor<double>({1, x.shape[1]}, std::vector<double>(x.values.begin(), x.values.begin() + x.shape[1]));
}

ExerciseAnswer batch_of_one(const ExerciseInputs& inputs) {
  const NormKind kind = inputs.word("norm") == "layer" ? NormKind::layer : NormKind::batch;
  const Tensor<double> x = batch_matrix(inputs);
  const Tensor<double> full = normalize_matrix(x, kind, inputs.number("beta"));
  const Tensor<double> alone = normalize_matrix(first_row(x), kind, inputs.number("beta"));
  double largest = 0;
  for (std::size_t feature = 0; feature < x.shape[1]; ++feature) {
    largest = std::max(largest, std::fabs(full[feature] - alone[feature]));
  }
  const bool changes = largest > 1e-9;
  ExerciseAnswer answer;
  answer.kind = AnswerKind::choice;
  answer.correct_choice = changes ? 0 : 1;
  answer.shown = changes ? "it changes" : "it stays the same";
  answer.worked = "Sample 1's " + kind_name(kind) + " output moves by up to **" + number_text(largest) +
                  "** when the batch shrinks from " + std::to_string(x.shape[0]) + " samples to 1. " +
                  (kind == NormKind::batch
                       ? "BatchNorm's statistics are each feature's over the batch: with one sample every value is its "
                         "own mean, so the output collapses to beta (" + number_text(alone[0]) + ")."
                       : "LayerNorm's statistics are the sample's own, over its features: the rest of the batch never "
                         "enters, so it needs no running statistics and works at batch size 1.");
  return answer;
}

ExerciseAnswer batch_one_output(const ExerciseInputs& inputs) {
  const Tensor<double> alone = normalize_matrix(first_row(batch_matrix(inputs)), NormKind::batch, inputs.number("beta"));
  double lowest = alone[0], highest = alone[0];
  for (double value : alone.values) lowest = std::min(lowest, value), highest = std::max(highest, value);
  ExerciseAnswer answer;
  answer.value = alone[0];
  answer.tolerance = 1e-6;
  answer.shown = number_text(alone[0]);
  answer.worked = "In train mode on one sample, every feature's batch mean is the value itself and its variance 0: "
                  "$x - mu$ = 0, so each output is $0 / sqrt(0 + eps) * gamma + beta$ = beta. Computed: from " +
                  number_text(lowest) + " to " + number_text(highest) + ", i.e. **" + answer.shown +
                  "** everywhere. (PyTorch refuses this in train mode: \"Expected more than 1 value per channel\".)";
  return answer;
}

ExerciseAnswer statistics_count(const ExerciseInputs& inputs) {
  const std::string word = inputs.word("norm");
  NormConfig config;
  config.kind = word == "instance" ? NormKind::instance : word == "group" ? NormKind::group : NormKind::batch;
  config.groups = static_cast<std::size_t>(inputs.integer("groups"));
  const Shape shape = {static_cast<std::size_t>(inputs.integer("samples")), static_cast<std::size_t>(inputs.integer("channels")),
                       static_cast<std::size_t>(inputs.integer("positions"))};
  const ReductionGroups groups = describe_reduction(config, shape);
  ExerciseAnswer answer;
  answer.value = static_cast<double>(groups.members.size());
  answer.tolerance = 0.25;
  answer.shown = std::to_string(groups.members.size());
  answer.worked = kind_name(config.kind) + " on an (N, C, L) = " + shape_to_string(shape) + " tensor keeps **" +
                  answer.shown + "** (mean, variance) pairs: " + groups.description + ", " +
                  std::to_string(groups.members.front().size()) + " values each.";
  return answer;
}

// ---- depth ---------------------------------------------------------------------------------------

void declare_depth(ExerciseInputs& inputs) {
  inputs.integer("layers", 24, 2, 200, "blocks L");
  inputs.word("width", "64", {"32", "64", "128", "256"}, "residual width d");
  inputs.integer("seed", 0, 0, 99999, "initialization seed");
}

model::DepthProbeResult probe(const ExerciseInputs& inputs, model::Placement placement, int layers) {
  model::ModelConfig config;
  config.placement = placement;
  config.layers = static_cast<std::size_t>(layers);
  config.d_model = static_cast<std::size_t>(std::stoi(inputs.word("width")));
  config.seed = static_cast<std::uint64_t>(inputs.integer("seed"));
  return model::depth_probe(config);
}

ExerciseAnswer top_hidden_norm(const ExerciseInputs& inputs) {
  const int layers = inputs.integer("layers");
  const double post = probe(inputs, model::Placement::post, layers).layers.back().hidden_norm;
  const double pre = probe(inputs, model::Placement::pre, layers).layers.back().hidden_norm;
  ExerciseAnswer answer;
  answer.kind = AnswerKind::choice;
  answer.correct_choice = pre > post ? 0 : 1;
  answer.shown = pre > post ? "pre-LN's" : "post-LN's";
  answer.worked = "At layer " + std::to_string(layers) + " of a fresh stack (d = " + inputs.word("width") +
                  "): post-LN **" + number_text(post) + "**, pre-LN **" + number_text(pre) + "** ($sqrt(d)$ = " +
                  number_text(std::sqrt(std::stod(inputs.word("width")))) +
                  "). Post-LN ends every block with a norm, so its stream stays at the norm's radius; pre-LN adds "
                  "every block's output to a stream nothing rescales (Xiong et al. 2020, Lemma 2).";
  return answer;
}

ExerciseAnswer gradient_trend(const ExerciseInputs& inputs) {
  const int deep = inputs.integer("layers");
  const int shallow = std::max(2, deep / 8);
  const double shallow_grad = probe(inputs, model::Placement::pre, shallow).layers.back().grad_norm_ffn_w2;
  const double deep_grad = probe(inputs, model::Placement::pre, deep).layers.back().grad_norm_ffn_w2;
  const double ratio = deep_grad / shallow_grad;
  ExerciseAnswer answer;
  answer.kind = AnswerKind::choice;
  answer.correct_choice = ratio < 0.9 ? 0 : ratio <= 1.1 ? 1 : 2;
  answer.shown = ratio < 0.9 ? "it shrinks" : ratio <= 1.1 ? "it stays about the same" : "it grows";
  answer.worked = "Pre-LN's last-layer FFN gradient ||dLoss/dW2||: " + number_text(shallow_grad) + " at L = " +
                  std::to_string(shallow) + ", " + number_text(deep_grad) + " at L = " + std::to_string(deep) +
                  " (ratio **" + number_text(ratio) + "**; $1 / sqrt(" + std::to_string(deep) + " / " +
                  std::to_string(shallow) + ")$ = " + number_text(std::sqrt(static_cast<double>(shallow) / deep)) +
                  "). Xiong et al.'s Theorem 1: of order $d sqrt(ln d / L)$ for pre-LN, which is why it trains without "
                  "warm-up; post-LN's does not shrink with L.";
  return answer;
}

// ---- speed and DeepNorm --------------------------------------------------------------------------

void declare_shape(ExerciseInputs& inputs) {
  inputs.integer("rows", 2048, 1, 65536, "rows of the float32 matrix");
  inputs.integer("cols", 4096, 1, 65536, "columns (features)");
}

ExerciseAnswer forward_bytes(const ExerciseInputs& inputs) {
  const double elements = static_cast<double>(inputs.integer("rows")) * inputs.integer("cols");
  const double mebibytes = elements * sizeof(float) * 2.0 / (1024.0 * 1024.0);
  ExerciseAnswer answer;
  answer.value = mebibytes;
  answer.tolerance = 0.02 * mebibytes;
  answer.shown = number_text(mebibytes) + " MiB";
  answer.worked = number_text(elements) + " float32 values are read once (4 bytes each) and the output written "
                  "once: **" + answer.shown + "**, the same for LayerNorm and RMSNorm. At a memory bandwidth of "
                  "20-30 GB/s that alone takes a few milliseconds, whatever the arithmetic.";
  return answer;
}

ExerciseAnswer speed_ratio(const ExerciseInputs& inputs) {
  perf::BenchmarkRequest request;
  request.rows = static_cast<std::size_t>(inputs.integer("rows"));
  request.cols = static_cast<std::size_t>(inputs.integer("cols"));
  request.names = {"memcpy", "layer_fwd", "rms_fwd"};
  // Short (the student waits for it), and timed on this thread's CPU clock, so that a machine busy with
  // other work does not charge its preemptions to whichever kernel was running.
  request.min_seconds_per_case = 0.1;
  request.min_repetitions = 9;
  request.thread_cpu_time = true;
  const perf::BenchmarkReport report = perf::run_benchmarks(request);
  const double layer = report.find("layer_fwd")->median_s, rms = report.find("rms_fwd")->median_s;
  const double ratio = rms / layer;
  const double options[] = {0.5, 0.85, 1.0};
  int nearest = 0;
  for (int index = 1; index < 3; ++index) {
    if (std::fabs(std::log(ratio / options[index])) < std::fabs(std::log(ratio / options[nearest]))) nearest = index;
  }
  ExerciseAnswer answer;
  answer.kind = AnswerKind::choice;
  answer.correct_choice = nearest;
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", ratio);
  answer.shown = std::string("RMSNorm / LayerNorm = ") + text + " here";
  answer.worked = "Measured just now on this machine (" + report.target + ", one thread, CPU time, " +
                  std::to_string(request.rows) + " x " + std::to_string(request.cols) + "): LayerNorm " +
                  number_text(layer * 1e3) + " ms, RMSNorm " + number_text(rms * 1e3) + " ms, memcpy of the same bytes " +
                  number_text(report.find("memcpy")->median_s * 1e3) + " ms. Ratio **" + text +
                  "**. By count RMSNorm needs about half the FLOPs, but both kernels are memory-bound, so the gap is "
                  "what LayerNorm's extra pass over each row costs. Zhang & Sennrich 2019 report 7% to 64% "
                  "whole-model speed-ups on GPUs, not a kernel ratio. Timings vary from run to run.";
  return answer;
}

void declare_deepnorm(ExerciseInputs& inputs) {
  inputs.word("architecture", "decoder-only", {"encoder-only", "decoder-only", "encoder-decoder"}, "the stack");
  inputs.integer("layers", 1000, 1, 100000, "N (encoder-only, encoder-decoder's encoder) or M (decoder-only)");
  inputs.integer("decoder-layers", 1000, 1, 100000, "M, the decoder's layers (encoder-decoder)");
  inputs.word("side", "encoder", {"encoder", "decoder"}, "encoder-decoder: whose constants");
}

ExerciseAnswer deepnorm_constant(const ExerciseInputs& inputs, bool alpha) {
  const std::string architecture = inputs.word("architecture");
  const std::size_t layers = static_cast<std::size_t>(inputs.integer("layers"));
  const DeepNormArchitecture kind = architecture == "encoder-only"   ? DeepNormArchitecture::encoder_only
                                    : architecture == "decoder-only" ? DeepNormArchitecture::decoder_only
                                                                     : DeepNormArchitecture::encoder_decoder;
  const std::size_t decoder = kind == DeepNormArchitecture::decoder_only ? layers
                                                                         : static_cast<std::size_t>(inputs.integer("decoder-layers"));
  const DeepNormConstants constants = deepnorm_constants(kind, layers, decoder, inputs.word("side") == "encoder");
  ExerciseAnswer answer;
  answer.value = alpha ? constants.alpha : constants.beta;
  answer.tolerance = 0.005 * answer.value;
  answer.shown = number_text(answer.value);
  const std::string count = std::to_string(layers);
  answer.worked = kind == DeepNormArchitecture::encoder_decoder
                      ? "DeepNet's table (Wang et al. 2022) for an encoder-decoder gives alpha = " +
                            number_text(constants.alpha) + " and beta = " + number_text(constants.beta) + "."
                      : "For a " + architecture + " stack of " + count + " layers DeepNet (Wang et al. 2022) sets "
                        "$alpha = (2 * " + count + ")^(1/4)$ = " + number_text(constants.alpha) + " and $beta = (8 * " +
                            count + ")^(-1/4)$ = " + number_text(constants.beta) + ".";
  answer.worked += " Each block computes $LN(alpha * x + G(x))$: the residual is weighted up, and the FFN, value and "
                   "output projections start scaled down by beta, so early updates stay small at any depth.";
  return answer;
}

}  // namespace

const std::vector<Exercise>& exercise_registry() {
  static const std::vector<Exercise> registry = {
      {"layernorm-jacobian-rank", "the rank of a row norm's Jacobian", AnswerKind::number, {},
       [](ExerciseInputs& inputs) { declare_random_vector(inputs, 8); }, jacobian_rank},
      {"layernorm-jacobian-gain", "the largest singular value of LayerNorm's Jacobian at x", AnswerKind::number, {},
       [](ExerciseInputs& inputs) {
         declare_vector3(inputs);
         inputs.number("eps", 0, 0, 1, "added under the square root");
       },
       jacobian_spectral_norm},
      {"shift-invariance", "does the output change when every feature is shifted by c?", AnswerKind::choice,
       {"It does not change", "It changes"},
       [](ExerciseInputs& inputs) {
         declare_vector3(inputs);
         inputs.number("shift", 3, -10, 10, "c in x + c (1, ..., 1)");
         declare_row_norm(inputs, 1e-5);
       },
       shift_invariance},
      {"output-length", "the length of a row norm's output", AnswerKind::number, {},
       [](ExerciseInputs& inputs) { declare_random_vector(inputs, 64); }, output_norm},
      {"output-sum", "the sum of a row norm's outputs", AnswerKind::number, {},
       [](ExerciseInputs& inputs) { declare_random_vector(inputs, 3); }, output_sum},
      {"image-dimension", "which sphere a cloud's images fill", AnswerKind::choice,
       {"A (d-2)-sphere inside the plane Σ = 0", "The whole (d-1)-sphere"},
       [](ExerciseInputs& inputs) {
         declare_row_norm(inputs, 1e-5);
         inputs.integer("dimension", 3, 3, 1024, "d, the vectors' dimension");
         inputs.integer("cloud-count", 400, 3, 2000, "vectors in the cloud");
         inputs.number("cloud-offset", 0, -10, 10, "mean of every component");
         inputs.number("cloud-spread", 1, 0.01, 5, "standard deviation of every component");
         inputs.integer("seed", 1, 0, 1000000, "the cloud's seed");
       },
       image_dimension},
      {"batch-of-one", "does sample 1's output change when the batch shrinks to that sample?", AnswerKind::choice,
       {"It changes", "It stays the same"}, declare_batch, batch_of_one},
      {"batchnorm-one-sample-output", "BatchNorm's train-mode output on a batch of one", AnswerKind::number, {},
       declare_batch, batch_one_output},
      {"statistics-count", "how many (mean, variance) pairs a norm keeps on an (N, C, L) tensor", AnswerKind::number, {},
       [](ExerciseInputs& inputs) {
         inputs.word("norm", "batch", {"batch", "instance", "group"}, "the variant");
         inputs.integer("samples", 4, 1, 64, "N");
         inputs.integer("channels", 6, 1, 64, "C");
         inputs.integer("positions", 5, 1, 64, "L");
         inputs.integer("groups", 2, 1, 64, "GroupNorm's G");
       },
       statistics_count},
      {"top-hidden-norm", "which stack's top hidden state is longer at initialization", AnswerKind::choice,
       {"Pre-LN's", "Post-LN's"}, declare_depth, top_hidden_norm},
      {"pre-ln-gradient-trend", "how pre-LN's last-layer gradient moves as L grows 8-fold", AnswerKind::choice,
       {"It shrinks", "It stays about the same", "It grows"}, declare_depth, gradient_trend},
      {"forward-bytes", "bytes a float32 row norm's forward pass must move", AnswerKind::number, {}, declare_shape,
       forward_bytes},
      {"rms-layer-time-ratio", "RMSNorm's forward time over LayerNorm's, measured", AnswerKind::choice,
       {"About 0.5 (half the FLOPs)", "About 0.85 (the often quoted 15% faster)", "About 1 (the same bytes to move)"},
       declare_shape, speed_ratio},
      {"deepnorm-alpha", "DeepNorm's residual weight alpha", AnswerKind::number, {}, declare_deepnorm,
       [](const ExerciseInputs& inputs) { return deepnorm_constant(inputs, true); }},
      {"deepnorm-beta", "DeepNorm's initialization scale beta", AnswerKind::number, {}, declare_deepnorm,
       [](const ExerciseInputs& inputs) { return deepnorm_constant(inputs, false); }},
  };
  return registry;
}

}  // namespace normlab::lessons
