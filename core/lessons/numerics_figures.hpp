// The numerics lesson figures: variance algorithms, LayerNorm on a matrix (core/catalog lists them; the
// Jacobian's figures live in jacobian_figures.hpp).
// Each computes everything it shows from core/ numerics: no number in a figure is typed in.
#pragma once

#include "figure/catalog.hpp"

namespace normlab::figure::catalog_figures {

// Each figure's declared inputs, then its builder (which reads them).
void declare_moments_cancellation(FigureParameters& parameters);
Figure moments_cancellation(const FigureParameters& parameters);
void declare_layernorm_heatmap(FigureParameters& parameters);
Figure layernorm_heatmap(const FigureParameters& parameters);

}  // namespace normlab::figure::catalog_figures
