#include "model/model_config.hpp"

#include <stdexcept>

#include "tensor/memory_budget.hpp"
#include "io/untrusted_text.hpp"

namespace normlab::model {

Placement parse_placement(const std::string& name) {
  if (name == "post") return Placement::post;
  if (name == "pre") return Placement::pre;
  if (name == "deepnorm") return Placement::deepnorm;
  if (name == "none") return Placement::none;
  throw std::invalid_argument("unknown placement '" + printable_excerpt(name) + "' (expected post, pre, deepnorm or none)");
}

std::string placement_name(Placement placement) {
  switch (placement) {
    case Placement::post: return "post";
    case Placement::pre: return "pre";
    case Placement::deepnorm: return "deepnorm";
    case Placement::none: return "none";
  }
  return "?";
}

InitScheme parse_init_scheme(const std::string& name) {
  if (name == "xavier") return InitScheme::xavier;
  if (name == "gpt2") return InitScheme::gpt2;
  throw std::invalid_argument("unknown initialization '" + printable_excerpt(name) + "' (expected xavier or gpt2)");
}

std::string init_scheme_name(InitScheme scheme) { return scheme == InitScheme::xavier ? "xavier" : "gpt2"; }

NormKind parse_model_norm(const std::string& name) {
  if (name == "layer") return NormKind::layer;
  if (name == "rms") return NormKind::rms;
  throw std::invalid_argument("unknown norm '" + printable_excerpt(name) + "' for the transformer (expected layer or rms)");
}

void validate(const ModelConfig& config) {
  auto fail = [](const std::string& message) { throw std::invalid_argument(message); };
  if (config.layers == 0) fail("the number of layers must be at least 1");
  if (config.d_model == 0) fail("d-model must be at least 1");
  if (config.heads == 0) fail("the number of heads must be at least 1");
  if (config.d_model % config.heads != 0) {
    fail("d-model " + std::to_string(config.d_model) + " is not divisible by heads " +
         std::to_string(config.heads));
  }
  if (config.max_seq < 2) fail("the sequence length must be at least 2 (one token predicts the next)");
  if (config.vocab < 2) fail("the vocabulary needs at least 2 tokens");
  if (config.norm != NormKind::layer && config.norm != NormKind::rms) {
    fail("the transformer's norm must be layer or rms");
  }
  if (!(config.eps >= 0.0)) fail("eps must be non-negative");
}

double model_memory_bytes(const ModelConfig& config, std::size_t sequences, bool training) {
  const double d = double(config.d_model), layers = double(config.layers), tokens = double(sequences) * double(config.max_seq);
  const double parameters = layers * (12 * d * d + 13 * d) + 2 * double(config.vocab) * d + double(config.max_seq) * d + 2 * d;
  // Per layer: ~24 token-by-d activations (norm inputs and outputs, q, k, v, the FFN's 4d hidden twice,
  // their gradients) and three head-by-T-by-T attention maps (scores, probabilities, their gradient).
  const double activations = layers * (24 * tokens * d + 3 * double(config.heads) * double(sequences) *
                                                              double(config.max_seq) * double(config.max_seq)) +
                             3 * tokens * double(config.vocab);
  return (parameters * (training ? 4 : 2) + activations) * sizeof(float);
}

void require_model_memory(const ModelConfig& config, std::size_t sequences, bool training) {
  require_within_memory_budget(model_memory_bytes(config, sequences, training),
                               "a transformer of " + std::to_string(config.layers) + " layers, d-model " +
                                   std::to_string(config.d_model) + ", on " + std::to_string(sequences) +
                                   " sequences of " + std::to_string(config.max_seq) + " tokens");
}

DeepNormConstants residual_constants(const ModelConfig& config) {
  if (config.placement != Placement::deepnorm) return {};
  return deepnorm_constants(DeepNormArchitecture::decoder_only, 0, config.layers, false);
}

}  // namespace normlab::model
