// `normlab-cli sweep`: final loss against learning rate for several placements (warm-up or not).
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "command.hpp"
#include "io/atomic_file.hpp"
#include "model/settings.hpp"
#include "options.hpp"

namespace normlab::cli {
namespace {

void write_points(const std::string& out, const std::vector<model::SweepPoint>& points) {
  write_file_atomically(out, [&](std::ostream& stream) {
    stream << "config,lr,seed,final_loss,final_accuracy,outcome\n";
    char line[256];
    for (const auto& point : points) {
      std::snprintf(line, sizeof line, "%s,%.9g,%llu,%.9g,%.9g,%s\n", point.config.c_str(), point.learning_rate,
                    static_cast<unsigned long long>(point.seed), point.final_loss, point.final_accuracy,
                    model::outcome_name(point.outcome).c_str());
      stream << line;
    }
  });
}

int run_sweep(const std::vector<std::string>& arguments) {
  std::set<std::string> names = model::model_setting_names();
  names.insert(model::train_setting_names().begin(), model::train_setting_names().end());
  names.insert({"out", "lrs", "configs", "seeds"});
  names.erase("lr");
  names.erase("placement");
  const Options options(arguments, names, {"qk-norm"});
  const model::SettingSource source = model::settings_from(options);
  const model::ModelConfig base_model = model::read_model_config(source, {});
  model::TrainConfig train_defaults;
  train_defaults.warmup_steps = 100;
  const model::TrainConfig base_train = model::read_train_config(source, train_defaults);
  const std::vector<double> learning_rates = options.number_list("lrs");
  const std::string out = options.required_text("out");
  std::vector<std::uint64_t> seeds;
  if (options.has("seeds")) {
    for (const auto& text : options.text_list("seeds", "")) {
      const long long seed = parse_integer("seeds", text);
      if (seed < 0) throw std::invalid_argument("--seeds must not be negative (got " + std::to_string(seed) + ")");
      seeds.push_back(static_cast<std::uint64_t>(seed));
    }
  }
  std::vector<model::SweepEntry> entries;
  for (const auto& name : options.text_list("configs", "post,post+warmup,pre,deepnorm")) {
    entries.push_back(model::sweep_entry(name, base_model, base_train));
  }
  // Every finished run is saved at once (the file rewritten atomically), so a sweep stopped midway
  // keeps the runs it finished.
  std::vector<model::SweepPoint> done_points;
  const auto points = model::learning_rate_sweep(
      entries, learning_rates, seeds, {},
      [&](const model::SweepPoint& point, std::size_t done, std::size_t total) {
        std::fprintf(stderr, "[%zu/%zu] %s lr=%g seed %llu: final loss %.4f, accuracy %.1f%%, %s\n", done, total,
                     point.config.c_str(), point.learning_rate, static_cast<unsigned long long>(point.seed),
                     point.final_loss, 100.0 * point.final_accuracy, model::outcome_name(point.outcome).c_str());
        done_points.push_back(point);
        write_points(out, done_points);
      });
  write_points(out, points);
  std::printf("wrote %zu runs to %s\n", points.size(), out.c_str());
  return 0;
}

const CommandRegistration registration({
    "sweep",
    "learning-rate sweep of the toy transformer: final loss per placement and lr",
    "usage: normlab-cli sweep --lrs 1e-4,3e-4,1e-3,... --out sweep.csv [--configs post,post+warmup,pre,deepnorm]\n"
    "         [--norm layer|rms] [--layers L] [--d-model D] [--heads H] [--seq T] [--vocab V] [--task copy|reverse|sort]\n"
    "         [--steps N] [--warmup STEPS] [--batch B] [--seed S] [--data-seed S] [--seeds 1,2,3] [--init xavier|gpt2]\n"
    "         [--qk-norm]\n"
    "Each configuration is a placement (post, pre, deepnorm, none), with \"+warmup\" for a linear warm-up of\n"
    "--warmup steps (default 100; configurations without it use none). Trains every configuration at every\n"
    "learning rate (and, with --seeds, for every seed: it sets both the initialization and the data seed) and\n"
    "writes config,lr,seed,final_loss,final_accuracy,outcome (final_loss: held-out loss after training, or the\n"
    "last loss seen when the run diverged). outcome is learned (held-out loss below half of chance ln(symbols)),\n"
    "stalled (finite but not learned: in this toy such runs sit at chance) or diverged (NaN/Inf, or a batch\n"
    "loss above max(3 x chance, 2 x initial)). Each finished run is saved at once: a sweep stopped midway keeps them.",
    run_sweep,
});

}  // namespace
}  // namespace normlab::cli
