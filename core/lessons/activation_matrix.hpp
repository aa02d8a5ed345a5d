// The axis-flip lesson's input: an activation matrix (rows = samples / tokens, columns = features) or a
// 3-D (N, C, L) tensor (samples, channels, positions) for InstanceNorm/GroupNorm, and the presets that
// each make one point about normalization axes.
//
// Contents
//   1. Presets              ActivationPreset, make_preset(), preset names and claims
//   2. Editing              set_cell(), cell_index_2d(), cell_index_3d()
//   3. Import               load_activation_file() (.npy or .csv), parse_activation_text() (pasted)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tensor/tensor.hpp"

namespace normlab::lessons {

// ---- 1. Presets ---------------------------------------------------------------------------------
// In every preset axis 0 holds samples (tokens) and axis 1 holds features (channels); a 3-D preset
// adds positions on axis 2. The claims are checked by tests/lessons.

enum class ActivationPreset {
  random_normal,     // N(0, 1), reproducible from the seed
  constant_offset,   // random_normal + kConstantOffset everywhere: LayerNorm and BatchNorm remove it
  outlier_feature,   // one feature (kOutlierIndex) far from the rest: BatchNorm tames it, LayerNorm not
  outlier_token,     // one sample (kOutlierIndex) far from the rest: LayerNorm tames it, BatchNorm not
  constant_row,      // sample kOutlierIndex has the same value in every feature: its LayerNorm output is beta
  single_sample,     // only one sample (N = 1): BatchNorm's output collapses to beta
  wild_scales,       // feature j scaled by 10^(j mod 7 - 3): from 1e-3 to 1e3
};

inline constexpr double kConstantOffset = 50.0;
inline constexpr double kOutlierShift = 20.0;
inline constexpr double kOutlierScale = 5.0;
inline constexpr std::size_t kOutlierIndex = 1;  // which feature / sample the outlier presets pick

const std::vector<ActivationPreset>& all_presets();
std::string preset_name(ActivationPreset preset);    // "random-normal", ... (CLI and figure keys)
std::string preset_label(ActivationPreset preset);   // "Random normal", ... (the app's spelling)
std::string preset_claim(ActivationPreset preset);   // one sentence: what the preset shows
ActivationPreset parse_preset(const std::string& name);  // throws std::invalid_argument

// Shape (samples, features) or (samples, channels, positions). single_sample forces samples = 1.
// Throws std::invalid_argument for a rank other than 2 or 3 or an empty axis.
Tensor<double> make_preset(ActivationPreset preset, const Shape& shape, std::uint64_t seed);

// Standard normal draws from a seed, identical on every platform (std::normal_distribution is not).
std::vector<double> seeded_normal_values(std::size_t count, std::uint64_t seed);

// ---- 2. Editing ---------------------------------------------------------------------------------

std::size_t cell_index_2d(const Shape& shape, std::size_t sample, std::size_t feature);
std::size_t cell_index_3d(const Shape& shape, std::size_t sample, std::size_t channel, std::size_t position);

// Sets one cell; throws std::invalid_argument for a non-finite value or an index out of range, and
// leaves the tensor unchanged then.
void set_cell(Tensor<double>& activations, std::size_t flat_index, double value);

// ---- 3. Import ----------------------------------------------------------------------------------

// Reads a 2-D or 3-D .npy (float32/float64) or a 2-D .csv (by extension). Throws std::runtime_error
// with a one-line message naming the file and the problem; non-finite values are rejected.
Tensor<double> load_activation_file(const std::string& path);

// Parses pasted text: one sample per line, features separated by commas, tabs or spaces (what a
// spreadsheet or a Python print gives). Brackets are ignored. Throws std::invalid_argument naming the
// line for ragged rows, non-numbers or non-finite values.
Tensor<double> parse_activation_text(const std::string& text);

}  // namespace normlab::lessons
