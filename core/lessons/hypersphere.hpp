// The hypersphere lesson: where LayerNorm and RMSNorm send a vector x in R^d, computed, not asserted.
// LayerNorm first centres x (slides it along the all-ones axis onto the hyperplane 1^T y = 0), then
// divides by sigma (slides it along its ray onto the sphere of radius sqrt(d var/(var+eps)) inside that
// plane): the image is a (d-2)-sphere. RMSNorm only rescales along the ray: its image fills the
// (d-1)-sphere of radius sqrt(d) (Xiong et al. 2020; Zhang & Sennrich 2019).
//
// Contents
//   1. The two norms           HypersphereSettings, layer_norm_vector(), rms_norm_vector(), moments
//   2. The projection stages   centred(), layer_norm_stage(), rms_norm_stage(), layer_norm_radius()
//   3. The image, measured     ImageSummary, summarize_image(), image_sentence()
//   4. Clouds and histograms   make_cloud(), NormHistogram, norm_histogram(), hypersphere_norms_figure()
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "figure/figure.hpp"

namespace normlab::lessons {

// ---- 1. The two norms -------------------------------------------------------------------------------

struct HypersphereSettings {
  double eps = 1e-5;   // added to the variance (LayerNorm) or the mean square (RMSNorm) under the root
  double gamma = 1.0;  // one scale shared by every feature (the lesson's scalar version of the weight)
  double beta = 0.0;   // LayerNorm's shift; RMSNorm has none (Zhang & Sennrich drop re-centring)
  bool operator==(const HypersphereSettings&) const = default;
};

using Vector = std::vector<double>;

double mean_of(std::span<const double> x);
double variance_of(std::span<const double> x);  // population variance (divides by d), two-pass
double norm_of(std::span<const double> x);      // Euclidean norm
double sum_of(std::span<const double> x);

// gamma (x - mean) / sqrt(var + eps) + beta.
Vector layer_norm_vector(std::span<const double> x, const HypersphereSettings& settings);
// gamma x / sqrt(mean(x^2) + eps).
Vector rms_norm_vector(std::span<const double> x, const HypersphereSettings& settings);

// ---- 2. The projection stages -------------------------------------------------------------------------

// x - mean(x) 1: x moved along the all-ones axis onto the hyperplane orthogonal to it.
Vector centred(std::span<const double> x);
// LayerNorm as an animation: t = 0 is x, t = 1 centred(x), t = 2 layer_norm_vector(x); linear in between
// (the second stage runs along the ray from the origin when beta = 0). t is clamped to [0, 2].
Vector layer_norm_stage(std::span<const double> x, double t, const HypersphereSettings& settings);
// RMSNorm as an animation: s = 0 is x, s = 1 rms_norm_vector(x), along the ray; s clamped to [0, 1].
Vector rms_norm_stage(std::span<const double> x, double s, const HypersphereSettings& settings);

// ||LN(x) - beta 1|| = |gamma| sqrt(d var / (var + eps)): sqrt(d) |gamma| when eps = 0.
double layer_norm_radius(std::span<const double> x, const HypersphereSettings& settings);

// ---- 3. The image, measured ---------------------------------------------------------------------------

// What a set of outputs (one vector of dimension d per row) satisfies, read off the numbers.
struct ImageSummary {
  std::size_t dimension = 0;  // d
  std::size_t count = 0;      // vectors measured
  double max_abs_centred_sum = 0;  // max |sum(y - beta 1)|: 0 means every output lies in the hyperplane
  double min_sum = 0, max_sum = 0;  // of sum(y - beta 1)
  double min_norm = 0, max_norm = 0;  // of ||y - beta 1||
  bool in_hyperplane = false;  // max |sum| <= 1e-9 sqrt(d) max_norm
  // The sphere's dimension: d-2 inside the (d-1)-dimensional hyperplane when every output lies in it,
  // else d-1 (a sphere filling R^d's unit directions).
  std::size_t sphere_dimension = 0;
};
ImageSummary summarize_image(const std::vector<Vector>& outputs, double beta);
// "LayerNorm: all 2000 outputs sum to 0 (|sum| <= 3.1e-15), norm 31.99: a 1022-sphere in the
// 1023-dimensional hyperplane orthogonal to (1, ..., 1)." or "RMSNorm: sums -45 to 44 (in no hyperplane),
// norm 32: the 1023-sphere in R^1024."
std::string image_sentence(const ImageSummary& summary, const std::string& norm_name);

// Both norms' images of one cloud, measured.
struct CloudImages {
  ImageSummary layer, rms;
};
CloudImages summarize_cloud_images(const std::vector<Vector>& cloud, const HypersphereSettings& settings);

// ---- 4. Clouds and histograms -------------------------------------------------------------------------

// `count` vectors of dimension `dimension`: offset + spread * N(0, 1) per component, identical from a
// seed on every platform.
std::vector<Vector> make_cloud(std::size_t count, std::size_t dimension, double offset, double spread,
                               std::uint64_t seed);

// Counts of ||x|| and ||LN(x)|| over one set of equal-width bins covering both.
struct NormHistogram {
  std::vector<double> edges;  // bins + 1, increasing
  std::vector<std::size_t> input_counts, layer_norm_counts;  // per bin
};
NormHistogram norm_histogram(const std::vector<Vector>& cloud, const HypersphereSettings& settings,
                             std::size_t bins);

struct HypersphereFigureRequest {
  std::size_t dimension = 256;
  std::size_t count = 2000;
  double offset = 0.5, spread = 1.0;
  std::uint64_t seed = 1;
  std::size_t bins = 40;
  HypersphereSettings settings;
  bool operator==(const HypersphereFigureRequest&) const = default;
};
// The histogram of ||x|| against ||LN(x)|| (with gamma's scale and beta's shift removed), sqrt(d) marked,
// subtitled with both norms' image sentences, computed on the same cloud.
figure::Figure hypersphere_norms_figure(const HypersphereFigureRequest& request);

}  // namespace normlab::lessons
