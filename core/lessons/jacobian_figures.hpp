// The Jacobian lesson's figures (core/catalog lists them; the app's `jacobian` panel draws the same ones):
//   jacobian-matrix            heatmaps of J_LN and J_RMS at x
//   jacobian-spectrum          their singular values on a log axis, with the rank tolerance and 1/sqrt(var + eps)
//   jacobian-gradient-control  ||J||_2 and ||J^T dy||/||dy|| against the input's sigma (RMS), beside the exact value
//   jacobian-backprop          dy and dx = J^T dy, with dx . 1 and dx . x_hat
//   jacobian-batch-coupling    BatchNorm's N x N Jacobian of one feature, and its off-diagonal against N
// Every number drawn comes from core/lessons/jacobian_lesson.
#pragma once

#include <string>
#include <vector>

#include "figure/catalog.hpp"
#include "lessons/jacobian_lesson.hpp"

namespace normlab::lessons {

// What the x-based figures are computed from (the panel's declared parameters, the CLI's --set keys).
struct JacobianFigureInputs {
  JacobianInput input;
  std::vector<NormKind> kinds = {NormKind::layer, NormKind::rms};
  double eps = 0;
};

figure::Figure jacobian_matrix_figure(const std::vector<JacobianAnalysis>& analyses);
figure::Figure jacobian_spectrum_figure(const std::vector<JacobianAnalysis>& analyses);
figure::Figure gradient_control_figure(const std::vector<GradientControlSweep>& sweeps);
figure::Figure backprop_figure(const std::vector<BackpropResult>& results);
figure::Figure batch_coupling_figure(const BatchCoupling& coupling, double eps);

// One catalog entry by name (one of the five above); throws std::invalid_argument for another name.
figure::CatalogEntry jacobian_catalog_entry(const std::string& name);

}  // namespace normlab::lessons
