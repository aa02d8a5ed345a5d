// The numerics lesson figures: variance algorithms, LayerNorm on a matrix, Jacobian spectra (core/catalog lists them).
// Each computes everything it shows from core/ numerics: no number in a figure is typed in.
#pragma once

#include "figure/catalog.hpp"

namespace normlab::figure::catalog_figures {

// Each figure's declared inputs, then its builder (which reads them).
void declare_moments_cancellation(FigureParameters& parameters);
Figure moments_cancellation(const FigureParameters& parameters);
void declare_layernorm_heatmap(FigureParameters& parameters);
Figure layernorm_heatmap(const FigureParameters& parameters);
void declare_jacobian_spectrum(FigureParameters& parameters);
Figure jacobian_spectrum(const FigureParameters& parameters);

}  // namespace normlab::figure::catalog_figures
