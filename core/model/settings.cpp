#include "model/settings.hpp"

#include <stdexcept>

namespace normlab::model {

namespace {

std::size_t read_count(const SettingSource& source, const std::string& name, std::size_t fallback) {
  if (!source.has(name)) return fallback;
  const long long value = source.integer(name);
  if (value < 0) throw std::invalid_argument("--" + name + " must not be negative (got " + std::to_string(value) + ")");
  return static_cast<std::size_t>(value);
}

}  // namespace

const std::set<std::string>& model_setting_names() {
  static const std::set<std::string> names = {"placement", "norm", "layers", "d-model", "heads",
                                              "seq",       "vocab", "seed",  "init",    "eps"};
  return names;
}

const std::set<std::string>& train_setting_names() {
  static const std::set<std::string> names = {"task", "lr", "warmup", "steps", "batch", "data-seed"};
  return names;
}

ModelConfig read_model_config(const SettingSource& source, ModelConfig defaults) {
  ModelConfig config = defaults;
  if (source.has("placement")) config.placement = parse_placement(source.text("placement"));
  if (source.has("norm")) config.norm = parse_model_norm(source.text("norm"));
  if (source.has("init")) config.init = parse_init_scheme(source.text("init"));
  config.layers = read_count(source, "layers", config.layers);
  config.d_model = read_count(source, "d-model", config.d_model);
  config.heads = read_count(source, "heads", config.heads);
  config.max_seq = read_count(source, "seq", config.max_seq);
  config.vocab = read_count(source, "vocab", config.vocab);
  config.seed = read_count(source, "seed", config.seed);
  if (source.has("eps")) config.eps = source.number("eps");
  config.qk_norm = config.qk_norm || source.has("qk-norm");
  validate(config);
  return config;
}

TrainConfig read_train_config(const SettingSource& source, TrainConfig defaults) {
  TrainConfig config = defaults;
  if (source.has("task")) config.task = parse_task(source.text("task"));
  if (source.has("lr")) config.learning_rate = source.number("lr");
  config.warmup_steps = read_count(source, "warmup", config.warmup_steps);
  config.steps = read_count(source, "steps", config.steps);
  config.batch_sequences = read_count(source, "batch", config.batch_sequences);
  config.data_seed = read_count(source, "data-seed", config.data_seed);
  validate(config);
  return config;
}

}  // namespace normlab::model
