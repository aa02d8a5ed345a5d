// `normlab-cli train`: trains the toy transformer on a synthetic task and writes its learning curve.
#include <cstdio>

#include "command.hpp"
#include "io/atomic_file.hpp"
#include "model/settings.hpp"
#include "options.hpp"

namespace normlab::cli {
namespace {

void write_curve(const std::string& out, const std::vector<model::TrainStep>& curve) {
  write_file_atomically(out, [&](std::ostream& stream) {
    stream << "step,loss,grad_norm,update_norm,lr\n";
    char line[256];
    for (const auto& step : curve) {
      std::snprintf(line, sizeof line, "%zu,%.9g,%.9g,%.9g,%.9g\n", step.step, step.loss, step.grad_norm,
                    step.update_norm, step.learning_rate);
      stream << line;
    }
  });
}

int run_train(const std::vector<std::string>& arguments) {
  std::set<std::string> names = model::model_setting_names();
  names.insert(model::train_setting_names().begin(), model::train_setting_names().end());
  names.insert("out");
  const Options options(arguments, names, {"qk-norm"});
  const model::SettingSource source = model::settings_from(options);
  const model::ModelConfig model_config = model::read_model_config(source);
  const model::TrainConfig train_config = model::read_train_config(source);
  const std::string out = options.required_text("out");
  // The curve so far is rewritten (atomically) every kSavedStepInterval steps, so a run killed midway
  // leaves its learning curve up to the last save.
  constexpr std::size_t kSavedStepInterval = 50;
  std::vector<model::TrainStep> curve;
  const model::TrainResult result =
      model::train_model(model_config, train_config, {}, [&](const model::TrainStep& step, std::size_t) {
        curve.push_back(step);
        if (curve.size() % kSavedStepInterval == 0) write_curve(out, curve);
      });
  write_curve(out, result.curve);
  if (result.diverged) {
    std::printf("outcome: diverged: %s (wrote %zu steps to %s)\n", result.divergence_reason.c_str(),
                result.curve.size(), out.c_str());
  } else {
    std::printf("outcome: %s: trained %zu steps: held-out loss %.4f -> %.4f (chance %.4f), answer accuracy %.1f%%; "
                "wrote %s\n",
                model::outcome_name(result.outcome).c_str(), result.curve.size(), result.initial_loss,
                result.final_loss, result.chance_loss, 100.0 * result.final_accuracy, out.c_str());
  }
  return 0;
}

const CommandRegistration registration({
    "train",
    "train the toy transformer on copy/reverse/sort and write its learning curve",
    "usage: normlab-cli train --placement post|pre|deepnorm|none --norm layer|rms --layers L --d-model D\n"
    "         --lr LR --warmup STEPS --steps N --task copy|reverse|sort --seed S --out curve.csv\n"
    "         [--heads H] [--seq T] [--vocab V] [--batch B] [--data-seed S] [--init xavier|gpt2] [--qk-norm]\n"
    "Adam (0.9, 0.98) with a linear warm-up to LR over STEPS steps (0: none). Writes\n"
    "step,loss,grad_norm,update_norm,lr per step. A run that blows up (NaN/Inf, or loss above\n"
    "max(3 x chance, 2 x initial)) stops and is reported as diverged; that is a result, exit code 0.\n"
    "The outcome line says learned (held-out loss below half of chance), stalled (finite, not learned) or diverged.\n"
    "The curve is rewritten every 50 steps, so a run stopped midway (Ctrl+C) leaves the steps done so far.",
    run_train,
});

}  // namespace
}  // namespace normlab::cli
