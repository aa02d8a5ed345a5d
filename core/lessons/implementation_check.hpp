// "Check my implementation": a student's normalization output (and optionally its input gradient)
// compared with the reference computed by core/norm's engine, element by element, with a stated
// tolerance; and, when the output is wrong, the likely mistake, found by recomputing each classic
// mistake (through the same engine) and seeing which one reproduces the student's output within the
// same tolerance. Shared by `normlab-cli check` (autograders) and the app's check panel.
//
// The tolerance is relative to float32 rounding: a correct float32 implementation combines |x|, the
// group mean and sigma and gamma/beta, each rounded to u = 2^-24, and accumulates about sqrt(n) u over
// a sum of n terms; so element i may differ from the (float64) reference by
//   tol_i = 8 (1 + sqrt(n)) u (|y_i| + |gamma_c| (|x_i| + |mu_g|) / sigma_g + |beta_c|)
// with n the number of elements per statistic and sigma_g = sqrt(var_g + eps) (RMSNorm: mu = 0).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "figure/catalog.hpp"
#include "figure/figure.hpp"
#include "norm/norm.hpp"

namespace normlab::lessons {

enum class ImplementationMistake {
  none,                   // the correct layer (what the reference computes)
  unbiased_variance,      // variance divided by n - 1
  eps_outside_root,       // (x - mu) / (sigma + eps)
  eps_missing,            // (x - mu) / sigma
  wrong_axis,             // statistics over another set of elements (e.g. BatchNorm's columns)
  mean_not_subtracted,    // x / sqrt(var + eps): the variance is right, the numerator is not centred
  no_centering,           // x / sqrt(mean(x^2) + eps): RMSNorm's statistic where the mean belongs
  centered_rms,           // RMSNorm that subtracts the mean (LayerNorm)
  gamma_beta_swapped,     // x_hat * beta + gamma
  affine_missing,         // x_hat without gamma and beta
};

// "unbiased-variance", ...: the words the CLI, the panel's parameters and the catalog use.
std::string mistake_id(ImplementationMistake mistake);
// Every mistake with an id, `none` first (the planted-mistake presets).
const std::vector<ImplementationMistake>& all_mistakes();
ImplementationMistake parse_mistake(const std::string& id);  // throws std::invalid_argument

struct ImplementationCheckRequest {
  NormConfig config;                      // kind, eps, groups (BatchNorm: batch statistics, train mode)
  Tensor<double> input;                   // x
  Tensor<double> student_output;          // the student's y, x's shape
  std::vector<double> gamma, beta;        // empty = ones / zeros
  std::optional<Tensor<double>> output_grad;         // dL/dy, to check the student's dL/dx
  std::optional<Tensor<double>> student_input_grad;  // the student's dL/dx (needs output_grad)
};

// One classic mistake recomputed on the request's input.
struct MistakeCandidate {
  ImplementationMistake mistake = ImplementationMistake::none;
  std::string words;          // what the mistake is, in a sentence
  double worst_ratio = 0;     // max_i |student_i - candidate_i| / tol_i  (<= 1: it reproduces the output)
  bool detectable = true;     // false when the candidate itself is within tolerance of the reference
};

struct ElementComparison {
  Tensor<double> reference;
  Tensor<double> difference;      // student - reference
  Tensor<double> tolerance;       // tol_i
  double largest_error = 0;       // max |difference|
  std::size_t largest_error_index = 0;
  double worst_ratio = 0;         // max |difference_i| / tol_i
  std::size_t worst_ratio_index = 0;
  bool passed = false;            // worst_ratio <= 1
};

struct ImplementationCheck {
  NormConfig config;
  Shape shape;
  std::size_t statistic_size = 0;     // n, elements per mean/variance
  std::string reduction_words;        // "each sample's 8 features"
  ElementComparison output;
  std::vector<MistakeCandidate> candidates;    // every mistake that applies to this kind and input
  std::optional<MistakeCandidate> diagnosis;   // on a mismatch: the candidate that reproduces it best
  std::optional<ElementComparison> input_grad; // when a gradient was given
};

// Throws std::invalid_argument with one readable line for unusable input: shapes that differ or do
// not fit the kind, non-finite values, gamma/beta of the wrong length, beta for RMSNorm.
ImplementationCheck check_implementation(const ImplementationCheckRequest& request);

// The output a student who made `mistake` would hand in (none = the reference): the presets and the
// catalog figure plant mistakes with it. Throws std::invalid_argument when the mistake does not apply.
Tensor<double> planted_mistake_output(const ImplementationCheckRequest& request, ImplementationMistake mistake);

// "[2, 5]": an element's index, for messages.
std::string element_words(const Shape& shape, std::size_t flat_index);
// The tolerance rule in words, with n filled in.
std::string tolerance_words(const ImplementationCheck& check);
// The verdict in words: match (with what this input cannot detect) or mismatch (largest error, where,
// and the diagnosed mistake). One line per sentence.
std::vector<std::string> verdict_lines(const ImplementationCheck& check);

// The check drawn: the reference output | student - reference (the largest error outlined), as
// heatmaps of the tensor seen as (product of the leading axes) x (last axis), large ones pooled.
figure::Figure implementation_check_figure(const ImplementationCheck& check);

// A planted-mistake example for the panel's preset and the catalog: rows x cols random values whose
// rows have different offsets and small scales (so eps and the axis matter), checked against the
// output `mistake` produces.
struct PlantedMistakeExample {
  NormKind kind = NormKind::layer;
  ImplementationMistake mistake = ImplementationMistake::unbiased_variance;
  std::size_t rows = 6, cols = 8, groups = 2;
  double eps = 1e-5;
  unsigned seed = 7;
};
ImplementationCheckRequest planted_mistake_request(const PlantedMistakeExample& example);

// The catalog's "check-planted-mistake" figure (norm, mistake, eps, groups, seed), the panel's preset.
figure::CatalogEntry implementation_check_catalog_entry();

}  // namespace normlab::lessons
