// The toy transformer's configuration: placement of the norms, the norm kind, sizes and initialization.
// One description read by the model, the probes, training, the CLI and (later) the app's depth panel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "norm/norm.hpp"

namespace normlab::model {

// Where the norms sit in each block (Xiong et al. 2020; Wang et al. 2022):
//   post:     x = Norm(x + Sublayer(x))                         (the original Transformer)
//   pre:      x = x + Sublayer(Norm(x)), and a final norm before the output head
//   deepnorm: x = Norm(alpha * x + Sublayer(x)), with beta-scaled initialization
//   none:     x = x + Sublayer(x), no normalization at all (the baseline)
enum class Placement { post, pre, deepnorm, none };

// Xavier (Glorot) uniform for every weight matrix and N(0, 1) embeddings, as in Xiong et al. 2020;
// or GPT-2's N(0, 0.02) for every weight and embedding. Biases start at 0, norm gains at 1.
enum class InitScheme { xavier, gpt2 };

Placement parse_placement(const std::string& name);  // "post", "pre", "deepnorm", "none"
std::string placement_name(Placement placement);
InitScheme parse_init_scheme(const std::string& name);  // "xavier", "gpt2"
std::string init_scheme_name(InitScheme scheme);
// Only LayerNorm and RMSNorm make sense inside the stack; throws std::invalid_argument otherwise.
NormKind parse_model_norm(const std::string& name);

struct ModelConfig {
  Placement placement = Placement::pre;
  NormKind norm = NormKind::layer;   // layer or rms
  std::size_t layers = 6;            // L blocks
  std::size_t d_model = 64;          // residual stream width d
  std::size_t heads = 4;             // attention heads; d_model must be divisible by it
  std::size_t max_seq = 16;          // positions with a learned embedding (sequence length T)
  std::size_t vocab = 16;            // token vocabulary
  bool qk_norm = false;              // normalize each head's queries and keys (no learned gain)
  InitScheme init = InitScheme::xavier;
  double eps = 1e-5;                 // the norms' eps, inside the square root
  std::uint64_t seed = 0;            // initialization seed

  std::size_t head_width() const { return d_model / heads; }
  std::size_t ffn_width() const { return 4 * d_model; }
  bool has_final_norm() const { return placement == Placement::pre; }
  bool has_block_norms() const { return placement != Placement::none; }
  bool operator==(const ModelConfig&) const = default;
};

// Throws std::invalid_argument naming the offending field (L = 0, d not divisible by heads, ...).
void validate(const ModelConfig& config);

// An upper estimate of the memory a forward and backward over `sequences` sequences of max_seq tokens
// takes (parameters, their gradients, with `training` Adam's two moments, and the cached activations),
// in bytes; depth_probe and train_model refuse a configuration beyond the memory budget
// (tensor/memory_budget.hpp) before allocating.
double model_memory_bytes(const ModelConfig& config, std::size_t sequences, bool training);
void require_model_memory(const ModelConfig& config, std::size_t sequences, bool training);

// DeepNorm's residual scale alpha and init scale beta. This toy is decoder-only, so it uses the
// DeepNet paper's decoder-only row: alpha = (2L)^(1/4), beta = (8L)^(-1/4). Other placements get
// alpha = beta = 1.
DeepNormConstants residual_constants(const ModelConfig& config);

}  // namespace normlab::model
