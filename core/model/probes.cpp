#include "model/probes.hpp"

#include "model/tasks.hpp"

namespace normlab::model {

DepthProbeResult depth_probe(const ModelConfig& config, std::size_t sequences, std::uint64_t data_seed,
                             std::stop_token stop) {
  DepthProbeResult result;
  require_model_memory(config, sequences, /*training=*/false);
  Transformer<float> model(config);
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
