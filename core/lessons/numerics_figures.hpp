// The numerics lesson figures: variance algorithms, LayerNorm on a matrix (core/catalog lists them; the
// Jacobian's figures live in jacobian_figures.hpp).
// Each computes everything it shows from core/ numerics: no number in a figure is typed in.
#pragma once

#include "figure/catalog.hpp"

namespace normlab::figure::catalog_figures {

// numerics_figures.cpp
Figure moments_cancellation(const FigureParameters& parameters);
Figure layernorm_heatmap(const FigureParameters& parameters);

}  // namespace normlab::figure::catalog_figures
