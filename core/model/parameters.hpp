// The toy transformer's parameters live in one flat vector; ParameterLayout names the slices. One flat
// vector makes Adam, gradient norms and finite-difference checks one loop each, and the gradient uses
// the same layout. Weight matrices are stored (inputs x outputs), row-major, so a layer is y = x W + b.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "model/model_config.hpp"

namespace normlab::model {

// Offsets into the flat parameter vector.
struct BlockSlices {
  std::size_t attn_norm_gain, attn_norm_bias;  // d each (the bias is unused, and stays 0, for RMSNorm)
  std::size_t query, key, value, output;       // d x d each
  std::size_t ffn_norm_gain, ffn_norm_bias;    // d each
  std::size_t ffn_w1, ffn_b1;                  // d x 4d, 4d
  std::size_t ffn_w2, ffn_b2;                  // 4d x d, d
};

struct ParameterLayout {
  std::size_t token_embedding = 0;     // vocab x d
  std::size_t position_embedding = 0;  // max_seq x d (learned, as GPT-2's)
  std::vector<BlockSlices> blocks;
  std::size_t final_norm_gain = 0, final_norm_bias = 0;  // d each (pre-LN only reads them)
  std::size_t head = 0;                // d x vocab (untied from the embedding)
  std::size_t total = 0;

  explicit ParameterLayout(const ModelConfig& config);
};

// Fresh parameters for `config`, deterministic from config.seed (see random.hpp), following
// config.init, with DeepNorm's beta applied to the FFN, value and output projections on top.
// `on_block` hears how many blocks are initialized (a deep stack takes seconds: a progress bar).
template <typename T>
std::vector<T> initial_parameters(const ModelConfig& config, const ParameterLayout& layout,
                                  const std::function<void(std::size_t blocks_done)>& on_block = {});

// Euclidean norm of a flat vector, accumulated in double.
template <typename T>
double vector_norm(const T* values, std::size_t count);

}  // namespace normlab::model
