// Xiong et al.'s quantities at initialization: one forward and backward of a freshly initialized
// model on one batch of random tokens, read out per layer (what `normlab-cli depth` writes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <vector>

#include "model/transformer.hpp"

namespace normlab::model {

struct DepthProbeResult {
  std::vector<LayerProbe> layers;  // bottom layer first
  double loss = 0;                 // the batch's next-token cross-entropy
};

// The batch every depth figure probes with, unless asked otherwise.
inline constexpr std::size_t kProbeSequences = 4;
inline constexpr std::uint64_t kProbeDataSeed = 1;

// `sequences` random sequences of config.max_seq tokens, drawn from data_seed (the weights come from
// config.seed), computed in float as the app and CLI run the model. A stop request is honoured between
// building the model, its forward and its backward pass (at L = 1000 here: 1.5 s, 0.9 s and 0.3 s);
// the result then has no layers.
DepthProbeResult depth_probe(const ModelConfig& config, std::size_t sequences = kProbeSequences,
                             std::uint64_t data_seed = kProbeDataSeed, std::stop_token stop = {});

}  // namespace normlab::model
