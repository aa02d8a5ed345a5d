#include "catalog/figure_catalog.hpp"

#include <stdexcept>

#include "lessons/benchmark_figure.hpp"
#include "lessons/depth_figures.hpp"
#include "lessons/numerics_figures.hpp"
#include "lessons/axis_flip_figures.hpp"
#include "io/untrusted_text.hpp"
#include "lessons/hypersphere.hpp"
#include "lessons/jacobian_figures.hpp"

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
      lessons::jacobian_catalog_entry("jacobian-matrix"),
      lessons::jacobian_catalog_entry("jacobian-spectrum"),
      lessons::jacobian_catalog_entry("jacobian-gradient-control"),
      lessons::jacobian_catalog_entry("jacobian-backprop"),
      lessons::jacobian_catalog_entry("jacobian-batch-coupling"),
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
