#include "catalog/figure_catalog.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "lessons/benchmark_figure.hpp"
#include "lessons/depth_figures.hpp"
#include "lessons/numerics_figures.hpp"
#include "lessons/axis_flip_figures.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/hypersphere.hpp"
#include "lessons/training_lesson.hpp"
#include "io/parse_number.hpp"

namespace normlab::figure {

namespace {

// The depth figures' parameters: the toy transformer's sizes (as `normlab-cli depth` takes them).
std::vector<FigureParameter> depth_parameters() {
  return {{"layers", "12", "blocks in the stack (L)"},
          {"d-model", "64", "width of the residual stream (d)"},
          {"heads", "4", "attention heads (d must be divisible by them)"},
          {"seq", "16", "tokens per sequence"},
          {"norm", "layer", "layer or rms"},
          {"seed", "0", "initialization seed"}};
}

model::ModelConfig depth_config(const FigureParameters& parameters) {
  model::ModelConfig config;
  config.layers = static_cast<std::size_t>(parameters.integer("layers", 1, 1000));
  config.d_model = static_cast<std::size_t>(parameters.integer("d-model", 1, 1024));
  config.heads = static_cast<std::size_t>(parameters.integer("heads", 1, 64));
  config.max_seq = static_cast<std::size_t>(parameters.integer("seq", 1, 256));
  config.norm = model::parse_model_norm(parameters.text("norm"));
  config.seed = static_cast<std::uint64_t>(parameters.integer("seed", 0, 1000000000));
  return config;
}

// A comma-separated list read through the one strict number parser; `what` names the parameter.
std::vector<double> number_list(const std::string& text, const std::string& what, double low, double high) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::optional<double> value = parse_decimal(std::string_view(text).substr(start, comma - start));
    if (!value || *value < low || *value > high) {
      throw std::invalid_argument("parameter '" + what + "': '" + printable_excerpt(text) +
                                  "' is not a comma-separated list of numbers in [" + std::to_string(low) + ", " +
                                  std::to_string(high) + "]");
    }
    values.push_back(*value);
    start = comma + 1;
  }
  return values;
}

std::vector<std::uint64_t> seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  for (double value : number_list(text, "seeds", 0, 1e9)) {
    if (value != std::floor(value)) throw std::invalid_argument("parameter 'seeds': seeds are whole numbers");
    seeds.push_back(static_cast<std::uint64_t>(value));
  }
  return seeds;
}

}  // namespace

const std::vector<CatalogEntry>& figure_catalog() {
  using namespace catalog_figures;
  // One entry per figure; add new figures here (their builders live next to the concept they show).
  static const std::vector<CatalogEntry> catalog = {
      {"moments-cancellation",
       "relative error of float32 variance vs the rows' mean offset: one-pass, two-pass, Welford",
       {{"cols", "64", "values per row (d)"},
        {"rows", "64", "random rows averaged at each offset"},
        {"spread", "1", "standard deviation of the values around the row's mean"},
        {"max-offset", "1e6", "largest mean offset (the smallest is 1)"},
        {"points-per-decade", "4", "offsets sampled per factor of ten"},
        {"seed", "1", "random seed"}},
       moments_cancellation},
      {"layernorm-heatmap",
       "a random activation matrix and its LayerNorm output, one row's reduction group outlined",
       {{"rows", "6", "samples (matrix rows)"},
        {"cols", "8", "features (matrix columns), normalized over"},
        {"eps", "1e-5", "added to the variance inside the square root"},
        {"highlight-row", "2", "row whose reduction group is outlined (1-based; 0 = none)"},
        {"seed", "7", "random seed"}},
       layernorm_heatmap},
      {"jacobian-spectrum",
       "singular values of the LayerNorm and RMSNorm Jacobians of one row (Eigen SVD)",
       {{"cols", "8", "features in the row (d)"},
        {"offset", "1", "mean added to the row (makes its sigma and RMS differ)"},
        {"eps", "0", "added inside the square root (0 shows the exact rank)"},
        {"seed", "3", "random seed"}},
       jacobian_spectrum},
      lessons::axis_flip_catalog_entry("axis-flip-matrix"),
      lessons::axis_flip_catalog_entry("axis-flip-batch-size"),
      lessons::axis_flip_catalog_entry("axis-flip-train-eval"),
      lessons::axis_flip_catalog_entry("axis-flip-cube"),
      {"hypersphere-norms",
       "histogram of ||x|| and ||LayerNorm(x)|| over a cloud in R^d: LayerNorm's norms sit at sqrt(d var/(var+eps))",
       {{"d", "256", "dimension of the vectors"},
        {"count", "2000", "vectors in the cloud"},
        {"offset", "0.5", "mean of every component"},
        {"spread", "1", "standard deviation of every component"},
        {"eps", "1e-5", "added to the variance under the root"},
        {"gamma", "1", "LayerNorm's scale (one value for every feature)"},
        {"beta", "0", "LayerNorm's shift (removed before measuring the norm)"},
        {"bins", "40", "histogram bins"},
        {"seed", "1", "random seed"}},
       [](const FigureParameters& parameters) {
         lessons::HypersphereFigureRequest request;
         request.dimension = static_cast<std::size_t>(parameters.integer("d", 2, 4096));
         request.count = static_cast<std::size_t>(parameters.integer("count", 1, 100000));
         request.offset = parameters.number_in("offset", -1e6, 1e6);
         request.spread = parameters.number_in("spread", 0, 1e6);
         request.settings.eps = parameters.number_in("eps", 0, 1e6);
         request.settings.gamma = parameters.number_in("gamma", -1e6, 1e6);
         request.settings.beta = parameters.number_in("beta", -1e6, 1e6);
         request.bins = static_cast<std::size_t>(parameters.integer("bins", 1, 1000));
         request.seed = static_cast<std::uint64_t>(parameters.integer("seed", 0, 1000000000));
         return lessons::hypersphere_norms_figure(request);
       }},
      {"kernel-speed",
       "measures memcpy, LayerNorm and RMSNorm forward on this machine (exercise 3: LayerNorm vs RMSNorm time) and plots "
       "their median times, or plots a saved run",
       {{"rows", "2048", "rows of the float32 matrix"},
        {"cols", "4096", "columns (the normalized axis)"},
        {"threads", "1", "row-parallel threads"},
        {"seconds-per-case", "0.25", "minimum time spent repeating each case"},
        {"from", "", "a run saved by normlab-cli bench --json (or the app): plot it instead of measuring"}},
       [](const FigureParameters& parameters) {
         if (const std::string& saved = parameters.text("from"); !saved.empty()) {
           return benchmark_answer_figure(perf::load_report(saved));
         }
         perf::BenchmarkRequest request;
         request.rows = static_cast<std::size_t>(parameters.integer("rows", 1, 65536));
         request.cols = static_cast<std::size_t>(parameters.integer("cols", 1, 65536));
         request.threads = static_cast<std::size_t>(parameters.integer("threads", 1, 64));
         request.min_seconds_per_case = parameters.number_in("seconds-per-case", 0.001, 60);
         request.names = {"memcpy", "layer_fwd", "rms_fwd"};
         return benchmark_answer_figure(perf::run_benchmarks(request));
       }},
      {"depth-hidden-norms",
       "hidden-state norm after each layer of the toy transformer at initialization: post-LN, pre-LN, "
       "DeepNorm",
       depth_parameters(),
       [](const FigureParameters& parameters) {
         return depth_hidden_norm_figure(compare_depths(depth_config(parameters), depth_figure_placements()));
       }},
      {"depth-gradients",
       "gradient norm of each layer's FFN weight W2 at initialization: post-LN, pre-LN, DeepNorm",
       depth_parameters(),
       [](const FigureParameters& parameters) {
         return depth_gradient_figure(compare_depths(depth_config(parameters), depth_figure_placements()));
       }},
      {"depth-last-layer",
       "the top layer's FFN W2 gradient against depth L at initialization (Xiong et al.'s Theorem 1)",
       [] {
         std::vector<FigureParameter> parameters = depth_parameters();
         parameters.front() = {"layers", "96", "the deepest stack; depths double from 3 up to it"};
         return parameters;
       }(),
       [](const FigureParameters& parameters) {
         const model::ModelConfig config = depth_config(parameters);
         return depth_last_layer_figure(
             sweep_depths(config, doubling_depths(config.layers), depth_figure_placements()));
       }},
      {"training-curves",
       "trains a training preset's configurations side by side: loss, gradient norm and update norm per step",
       {{"preset", "warmup", "the story: " + lessons::training_preset_ids()},
        {"seed", "1", "initialization and data seed of every run"}},
       [](const FigureParameters& parameters) {
         const auto runs = lessons::preset_runs_with_seed(
             lessons::find_training_preset(parameters.text("preset")),
             static_cast<std::uint64_t>(parameters.integer("seed", 0, 1000000000)));
         return lessons::training_curves_figure(runs, lessons::train_all(runs));
       }},
      {"lr-sweep",
       "final loss against the learning rate for a training preset's configurations, mean and range over seeds",
       {{"preset", "warmup", "the configurations: " + lessons::training_preset_ids()},
        {"lrs", "3e-3,1e-2,3e-2", "peak learning rates, comma-separated"},
        {"seeds", "1,2,3", "seeds (initialization and data), comma-separated"}},
       [](const FigureParameters& parameters) {
         const auto& preset = lessons::find_training_preset(parameters.text("preset"));
         return lessons::lr_sweep_figure(lessons::sweep_learning_rates(
             preset.runs, number_list(parameters.text("lrs"), "lrs", 1e-8, 10), seed_list(parameters.text("seeds"))));
       }},
  };
  return catalog;
}

const CatalogEntry& find_catalog_entry(const std::string& name) {
  std::string known;
  for (const auto& entry : figure_catalog()) {
    if (entry.name == name) return entry;
    known += (known.empty() ? "" : ", ") + entry.name;
  }
  throw std::invalid_argument("unknown figure '" + printable_excerpt(name) + "' (known: " + known + ")");
}

Figure build_catalog_figure(const std::string& name, const std::map<std::string, std::string>& overrides) {
  const CatalogEntry& entry = find_catalog_entry(name);
  std::map<std::string, std::string> values;
  for (const auto& parameter : entry.parameters) values[parameter.key] = parameter.default_value;
  for (const auto& [key, value] : overrides) {
    if (!values.count(key)) {
      std::string known;
      for (const auto& parameter : entry.parameters) known += (known.empty() ? "" : ", ") + parameter.key;
      throw std::invalid_argument("figure '" + name + "' has no parameter '" + printable_excerpt(key) + "' (it has: " + known +
                                  ")");
    }
    values[key] = value;
  }
  return entry.build(FigureParameters(std::move(values)));
}

}  // namespace normlab::figure
