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

// `sequences` random sequences of config.max_seq tokens, drawn from data_seed (the weights come from
// config.seed), computed in float as the app and CLI run the model. A stop request is honoured between
// building the model, its forward and its backward pass (each ~1/3 of the time at L = 1000); the
// result then has no layers.
DepthProbeResult depth_probe(const ModelConfig& config, std::size_t sequences = 4, std::uint64_t data_seed = 1,
                             std::stop_token stop = {});

}  // namespace normlab::model
