// Reading the model's and the training's settings by name, shared by `normlab-cli depth/train/sweep`
// (and later the app's panels), so that every front end spells and checks them the same way.
// Names: placement, norm, layers, d-model, heads, seq, vocab, seed, init, eps, qk-norm (a flag);
// task, lr, warmup, steps, batch, data-seed.
#pragma once

#include <functional>
#include <set>
#include <string>

#include "model/train.hpp"

namespace normlab::model {

// Where settings come from. `text`, `integer` and `number` are only called for names `has` reports;
// they throw std::invalid_argument with a message naming the setting when a value is malformed.
struct SettingSource {
  std::function<bool(const std::string& name)> has;
  std::function<std::string(const std::string& name)> text;
  std::function<long long(const std::string& name)> integer;
  std::function<double(const std::string& name)> number;
};

// Adapts any options object with has(name), required_text(name), integer(name, fallback) and
// number(name, fallback) (the CLI's Options) without core/ depending on the CLI.
template <typename OptionsLike>
SettingSource settings_from(const OptionsLike& options) {
  return {[&options](const std::string& name) { return options.has(name); },
          [&options](const std::string& name) { return options.required_text(name); },
          [&options](const std::string& name) { return options.integer(name, 0); },
          [&options](const std::string& name) { return options.number(name, 0.0); }};
}

const std::set<std::string>& model_setting_names();  // value settings (qk-norm is a flag)
const std::set<std::string>& train_setting_names();

// Settings present override `defaults`; the result is validated (std::invalid_argument on error).
ModelConfig read_model_config(const SettingSource& source, ModelConfig defaults = {});
TrainConfig read_train_config(const SettingSource& source, TrainConfig defaults = {});

}  // namespace normlab::model
