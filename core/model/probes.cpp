#include "model/probes.hpp"

#include "model/tasks.hpp"

namespace normlab::model {

DepthProbeResult depth_probe(const ModelConfig& config, std::size_t sequences, std::uint64_t data_seed,
                             std::stop_token stop, const ProbeObserver& observe) {
  DepthProbeResult result;
  require_model_memory(config, sequences, /*training=*/false);
  // The phases' shares of a probe's time, as measured at L = 1000 (see the header): building 1.5 s,
  // forward 0.9 s, backward 0.3 s.
  constexpr double kBuildShare = 1.5 / 2.7, kForwardShare = 0.9 / 2.7;
  const std::size_t layers = config.layers;
  std::function<void(std::size_t)> on_block_initialized;
  if (observe) {
    on_block_initialized = [&observe, layers](std::size_t blocks_done) {
      observe({"initializing", blocks_done, layers,
               kBuildShare * static_cast<double>(blocks_done) / static_cast<double>(layers)});
    };
  }
  Transformer<float> model(config, on_block_initialized);
  if (observe) {
    model.observe_blocks([&observe, layers](bool backward, std::size_t blocks_done) {
      const double pass = static_cast<double>(blocks_done) / static_cast<double>(layers);
      observe({backward ? "backward" : "forward", blocks_done, layers,
               backward ? kBuildShare + kForwardShare + (1 - kBuildShare - kForwardShare) * pass
                        : kBuildShare + kForwardShare * pass});
    });
  }
  Random random(data_seed);
  const TokenBatch batch = make_random_batch(sequences, config.max_seq, config.vocab, random);
  if (stop.stop_requested()) return result;
  result.loss = model.forward(batch);
  if (stop.stop_requested()) return result;
  model.backward();
  result.layers = model.probes();
  return result;
}

}  // namespace normlab::model
