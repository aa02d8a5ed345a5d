#include "catalog/figure_catalog.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "lessons/benchmark_figure.hpp"
#include "lessons/depth_figures.hpp"
#include "lessons/numerics_figures.hpp"
#include "lessons/numerics_lab.hpp"
#include "lessons/axis_flip_figures.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/hypersphere.hpp"
#include "lessons/implementation_check.hpp"
#include "lessons/jacobian_figures.hpp"
#include "lessons/training_lesson.hpp"

namespace normlab::figure {

namespace {

constexpr long long kMaxFigureSeed = 1000000000;

// The depth figures' parameters: the toy transformer's sizes (as `normlab-cli depth` takes them).
void declare_depth_parameters(FigureParameters& parameters, long long layers, std::string layers_description) {
  parameters.declare_integer("layers", layers, 1, 1000, std::move(layers_description));
  parameters.declare_integer("d-model", 64, 1, 1024, "width of the residual stream (d)");
  parameters.declare_integer("heads", 4, 1, 64, "attention heads (d must be divisible by them)");
  parameters.declare_integer("seq", 16, 1, 256, "tokens per sequence");
  parameters.declare_choice("norm", "layer", {"layer", "rms"}, "the norm in every block: LayerNorm or RMSNorm");
  parameters.declare_integer("seed", 0, 0, kMaxFigureSeed, "initialization seed");
}

void declare_stack_parameters(FigureParameters& parameters) {
  declare_depth_parameters(parameters, 12, "blocks in the stack (L)");
}

model::ModelConfig depth_config(const FigureParameters& parameters) {
  model::ModelConfig config;
  config.layers = static_cast<std::size_t>(parameters.integer("layers"));
  config.d_model = static_cast<std::size_t>(parameters.integer("d-model"));
  config.heads = static_cast<std::size_t>(parameters.integer("heads"));
  config.max_seq = static_cast<std::size_t>(parameters.integer("seq"));
  config.norm = model::parse_model_norm(parameters.text("norm"));
  config.seed = static_cast<std::uint64_t>(parameters.integer("seed"));
  return config;
}

// A comma-separated list of numbers within [low, high], each read by the one strict parser.
std::vector<double> number_list(const std::string& text, const std::string& what, double low, double high) {
  std::vector<double> values;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const double value = params::parse_number(std::string_view(text).substr(start, comma - start), what);
    if (value < low || value > high) {
      throw std::invalid_argument(what + "=" + params::format_number(value) + " is outside " +
                                  params::format_number(low) + " .. " + params::format_number(high));
    }
    values.push_back(value);
    start = comma + 1;
  }
  return values;
}

std::vector<std::uint64_t> seed_list(const std::string& text) {
  std::vector<std::uint64_t> seeds;
  for (const double value : number_list(text, "seeds", 0, kMaxFigureSeed)) {
    if (value != std::floor(value)) throw std::invalid_argument("seeds: " + params::format_number(value) + " is not a whole number");
    seeds.push_back(static_cast<std::uint64_t>(value));
  }
  return seeds;
}

std::vector<std::string> training_preset_words() {
  std::vector<std::string> words;
  for (const lessons::TrainingPreset& preset : lessons::training_presets()) words.push_back(preset.id);
  return words;
}

void declare_numerics_sweep(FigureParameters& parameters) {
  parameters.declare_integer("cols", 64, 2, 4096, "values per row (d)");
  parameters.declare_integer("rows", 32, 1, 1000, "random rows averaged at each offset");
  parameters.declare_number("spread", 1, 1e-6, 1e6, "standard deviation of the values around the row's mean");
  parameters.declare_number("min-offset", 1, 1e-3, 1e15, "smallest mean offset");
  parameters.declare_number("max-offset", 1e7, 1e-3, 1e15, "largest mean offset (at least min-offset)");
  parameters.declare_integer("points-per-decade", 4, 1, 20, "offsets sampled per factor of ten");
  parameters.declare_number("eps", 1e-5, 0, 1, "LayerNorm's eps (for the output error)");
  parameters.declare_integer("seed", 1, 0, kMaxFigureSeed, "random seed");
}

lessons::VarianceSweepRequest numerics_sweep_request(const FigureParameters& parameters) {
  lessons::VarianceSweepRequest request;
  request.cols = std::size_t(parameters.integer("cols"));
  request.rows = std::size_t(parameters.integer("rows"));
  request.spread = parameters.number("spread");
  request.min_offset = parameters.number("min-offset");
  request.max_offset = parameters.number("max-offset");
  if (request.max_offset < request.min_offset) {
    throw std::invalid_argument("max-offset=" + params::format_number(request.max_offset) + " is below min-offset=" +
                                params::format_number(request.min_offset));
  }
  request.points_per_decade = int(parameters.integer("points-per-decade"));
  request.eps = parameters.number("eps");
  request.seed = std::uint64_t(parameters.integer("seed"));
  return request;
}

}  // namespace

const std::vector<CatalogEntry>& figure_catalog() {
  using namespace catalog_figures;
  // One entry per figure; add new figures here (their builders live next to the concept they show).
  static const std::vector<CatalogEntry> catalog = {
      {"moments-cancellation",
       "relative error of float32 variance vs the rows' mean offset: one-pass, textbook and corrected two-pass, Welford",
       declare_moments_cancellation, moments_cancellation},
      {"numerics-variance",
       "relative error of four variance algorithms in float32, bfloat16 and float16 (emulated) vs the mean offset",
       declare_numerics_sweep, [](const FigureParameters& parameters) {
         return lessons::variance_error_figure(lessons::sweep_variance(numerics_sweep_request(parameters)));
       }},
      {"numerics-layernorm-error",
       "LayerNorm output error each variance algorithm causes in float32, bfloat16 and float16 vs the mean offset",
       declare_numerics_sweep, [](const FigureParameters& parameters) {
         return lessons::layernorm_error_figure(lessons::sweep_variance(numerics_sweep_request(parameters)));
       }},
      {"numerics-epsilon",
       "LayerNorm's eps in float16 (or bfloat16): how much of it var + eps keeps, and a constant row's output",
       [](FigureParameters& parameters) {
         parameters.declare_choice("format", "float16", {"float16", "bfloat16"}, "the 16-bit format");
         parameters.declare_text("eps", "1e-6,1e-5,1e-3,1e-8", "the eps values compared (comma-separated)");
         parameters.declare_number("value", 0.3, -1e4, 1e4, "the constant row's value");
         parameters.declare_integer("cols", 64, 1, 4096, "values in the constant row (d)");
         parameters.declare_choice("algorithm", "corrected", {"one-pass", "textbook", "corrected", "welford"},
                                   "the variance algorithm");
       },
       [](const FigureParameters& parameters) {
         return lessons::epsilon_figure(lessons::study_epsilon(
             lessons::parse_lab_format(parameters.text("format")), lessons::parse_eps_list(parameters.text("eps")),
             parameters.number("value"), std::size_t(parameters.integer("cols")),
             lessons::parse_algorithm(parameters.text("algorithm"))));
       }},
      {"layernorm-heatmap",
       "a random activation matrix and its LayerNorm output, one row's reduction group outlined",
       declare_layernorm_heatmap,
       layernorm_heatmap},
      lessons::jacobian_catalog_entry("jacobian-matrix"),
      lessons::jacobian_catalog_entry("jacobian-spectrum"),
      lessons::jacobian_catalog_entry("jacobian-gradient-control"),
      lessons::jacobian_catalog_entry("jacobian-backprop"),
      lessons::jacobian_catalog_entry("jacobian-batch-coupling"),
      lessons::axis_flip_catalog_entry("axis-flip-matrix"),
      lessons::axis_flip_catalog_entry("axis-flip-batch-size"),
      lessons::axis_flip_catalog_entry("axis-flip-train-eval"),
      lessons::axis_flip_catalog_entry("axis-flip-cube"),
      lessons::implementation_check_catalog_entry(),
      {"hypersphere-norms",
       "histogram of ||x|| and ||LayerNorm(x)|| over a cloud in R^d: LayerNorm's norms sit at sqrt(d var/(var+eps))",
       [](FigureParameters& parameters) {
         parameters.declare_integer("d", 256, 2, 4096, "dimension of the vectors");
         parameters.declare_integer("count", 2000, 1, 100000, "vectors in the cloud");
         parameters.declare_number("offset", 0.5, -1e6, 1e6, "mean of every component");
         parameters.declare_number("spread", 1, 0, 1e6, "standard deviation of every component");
         parameters.declare_number("eps", 1e-5, 0, 1e6, "added to the variance under the root");
         parameters.declare_number("gamma", 1, -1e6, 1e6, "LayerNorm's scale (one value for every feature)");
         parameters.declare_number("beta", 0, -1e6, 1e6, "LayerNorm's shift (removed before measuring the norm)");
         parameters.declare_integer("bins", 40, 1, 1000, "histogram bins");
         parameters.declare_integer("seed", 1, 0, kMaxFigureSeed, "random seed");
       },
       [](const FigureParameters& parameters) {
         lessons::HypersphereFigureRequest request;
         request.dimension = static_cast<std::size_t>(parameters.integer("d"));
         request.count = static_cast<std::size_t>(parameters.integer("count"));
         request.offset = parameters.number("offset");
         request.spread = parameters.number("spread");
         request.settings.eps = parameters.number("eps");
         request.settings.gamma = parameters.number("gamma");
         request.settings.beta = parameters.number("beta");
         request.bins = static_cast<std::size_t>(parameters.integer("bins"));
         request.seed = static_cast<std::uint64_t>(parameters.integer("seed"));
         return lessons::hypersphere_norms_figure(request);
       }},
      {"kernel-speed",
       "measures memcpy, LayerNorm and RMSNorm forward on this machine (exercise 3: LayerNorm vs RMSNorm time) and plots "
       "their median times, or plots a saved run",
       [](FigureParameters& parameters) {
         parameters.declare_integer("rows", 2048, 1, 65536, "rows of the float32 matrix");
         parameters.declare_integer("cols", 4096, 1, 65536, "columns (the normalized axis)");
         parameters.declare_integer("threads", 1, 1, 64, "row-parallel threads");
         parameters.declare_number("seconds-per-case", 0.25, 0.001, 60, "minimum time spent repeating each case");
         parameters.declare_text("from", "",
                                 "a run saved by normlab-cli bench --json (or the app): plot it instead of measuring");
       },
       [](const FigureParameters& parameters) {
         if (const std::string& saved = parameters.text("from"); !saved.empty()) {
           return benchmark_answer_figure(perf::load_report(saved));
         }
         perf::BenchmarkRequest request;
         request.rows = static_cast<std::size_t>(parameters.integer("rows"));
         request.cols = static_cast<std::size_t>(parameters.integer("cols"));
         request.threads = static_cast<std::size_t>(parameters.integer("threads"));
         request.min_seconds_per_case = parameters.number("seconds-per-case");
         request.names = {"memcpy", "layer_fwd", "rms_fwd"};
         return benchmark_answer_figure(perf::run_benchmarks(request));
       }},
      {"depth-hidden-norms",
       "hidden-state norm after each layer of the toy transformer at initialization: post-LN, pre-LN, "
       "DeepNorm",
       declare_stack_parameters,
       [](const FigureParameters& parameters) {
         return depth_hidden_norm_figure(compare_depths(depth_config(parameters), depth_figure_placements()));
       }},
      {"depth-gradients",
       "gradient norm of each layer's FFN weight W2 at initialization: post-LN, pre-LN, DeepNorm",
       declare_stack_parameters,
       [](const FigureParameters& parameters) {
         return depth_gradient_figure(compare_depths(depth_config(parameters), depth_figure_placements()));
       }},
      {"depth-last-layer",
       "the top layer's FFN W2 gradient against depth L at initialization (Xiong et al.'s Theorem 1)",
       [](FigureParameters& parameters) {
         declare_depth_parameters(parameters, 96, "the deepest stack; depths double from 3 up to it");
       },
       [](const FigureParameters& parameters) {
         const model::ModelConfig config = depth_config(parameters);
         return depth_last_layer_figure(
             sweep_depths(config, doubling_depths(config.layers), depth_figure_placements()));
       }},
      {"training-curves",
       "trains a training preset's configurations side by side: loss, gradient norm and update norm per step",
       [](FigureParameters& parameters) {
         parameters.declare_choice("preset", "warmup", training_preset_words(), "the story the runs tell");
         parameters.declare_integer("seed", 1, 0, kMaxFigureSeed, "initialization and data seed of every run");
       },
       [](const FigureParameters& parameters) {
         const auto runs =
             lessons::preset_runs_with_seed(lessons::find_training_preset(parameters.text("preset")),
                                            static_cast<std::uint64_t>(parameters.integer("seed")));
         return lessons::training_curves_figure(runs, lessons::train_all(runs));
       }},
      {"lr-sweep",
       "final loss against the learning rate for a training preset's configurations, mean and range over seeds",
       [](FigureParameters& parameters) {
         parameters.declare_choice("preset", "warmup", training_preset_words(), "the configurations swept");
         parameters.declare_text("lrs", "3e-3,1e-2,3e-2", "peak learning rates, comma-separated (1e-8 .. 10)");
         parameters.declare_text("seeds", "1,2,3", "seeds (initialization and data), comma-separated");
       },
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
  FigureParameters parameters;
  entry.declare(parameters);
  for (const auto& [key, value] : overrides) {
    try {
      parameters.set(key, value);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("figure " + name + ": " + error.what());
    }
  }
  return entry.build(parameters);
}

}  // namespace normlab::figure
