// Xiong et al.'s quantities at initialization: one forward and backward of a freshly initialized
// model on one batch of random tokens, read out per layer (what `normlab-cli depth` writes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
//
// `observe` (on the probing thread) hears where the probe is, for a progress bar: after each block is
// initialized and after each block of the forward and the backward pass.
struct ProbeProgress {
  const char* phase = "";  // "initializing", "forward", "backward"
  std::size_t layer = 0;   // the block just finished, 1-based in the order the pass visits them
  std::size_t layers = 0;  // blocks in the stack
  double fraction = 0;     // of the whole probe's time, 0 .. 1
};
using ProbeObserver = std::function<void(const ProbeProgress&)>;
DepthProbeResult depth_probe(const ModelConfig& config, std::size_t sequences = kProbeSequences,
                             std::uint64_t data_seed = kProbeDataSeed, std::stop_token stop = {},
                             const ProbeObserver& observe = {});

}  // namespace normlab::model
