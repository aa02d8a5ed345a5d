#include "norm_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <stdexcept>

#include "io/untrusted_text.hpp"

namespace normlab::cli {

namespace {

void reject_unless(bool applies, const Options& options, const std::string& option, const std::string& why) {
  if (!applies && options.has(option)) throw std::invalid_argument("option --" + option + " " + why);
}

}  // namespace

std::set<std::string> norm_option_names() {
  return {"norm", "in",   "eps",      "groups",       "partial",    "gamma",
          "beta", "mode", "momentum", "running-mean", "running-var"};
}

std::string norm_options_usage() {
  return "  --norm layer|rms|prms|batch|group|instance   which normalization\n"
         "  --in X.npy|X.csv       input; layer/rms/prms normalize the last axis of any rank; batch takes\n"
         "                         (N, C) or (N, C, L), group (N, C) or (N, C, L), instance (N, C, L)\n"
         "  --eps E                added inside the square root (default 1e-5; rms/prms: the machine "
         "epsilon\n"
         "                         of the input's dtype, as PyTorch's eps=None)\n"
         "  --groups G             group: number of channel groups (required, C divisible by G)\n"
         "  --partial P            prms: statistic from the first ceil(d*P) features (default 0.0625)\n"
         "  --gamma W --beta B     per-feature scale and shift (default ones and zeros; rms has no beta)\n"
         "  --mode train|eval      batch: batch statistics (default) or running statistics\n"
         "  --momentum M           batch: running-statistics momentum (default 0.1)\n"
         "  --running-mean M --running-var V   batch: running statistics (default zeros and ones)\n"
         "  Output dtype = input dtype; .csv input is float64.";
}

NormConfig norm_config_from(const Options& options, bool input_is_float32) {
  NormConfig config;
  config.kind = parse_norm_kind(options.required_text("norm"));
  const bool rms_kind = config.kind == NormKind::rms || config.kind == NormKind::partial_rms;
  const double default_eps = !rms_kind          ? 1e-5
                             : input_is_float32 ? double(std::numeric_limits<float>::epsilon())
                                                : std::numeric_limits<double>::epsilon();
  config.eps = options.number("eps", default_eps);
  if (config.eps < 0)
    throw std::invalid_argument("option --eps must be >= 0, got " + options.text("eps", ""));

  const bool is_group = config.kind == NormKind::group;
  const bool is_batch = config.kind == NormKind::batch;
  reject_unless(is_group, options, "groups", "only applies to --norm group");
  reject_unless(config.kind == NormKind::partial_rms, options, "partial", "only applies to --norm prms");
  reject_unless(is_batch, options, "mode", "only applies to --norm batch");
  reject_unless(is_batch, options, "momentum", "only applies to --norm batch");
  reject_unless(is_batch, options, "running-mean", "only applies to --norm batch");
  reject_unless(is_batch, options, "running-var", "only applies to --norm batch");
  reject_unless(!rms_kind, options, "beta", "does not apply: RMSNorm has no beta");

  if (is_group) {
    if (!options.has("groups")) throw std::invalid_argument("--norm group needs --groups G");
    const long long groups = options.integer("groups", 1);
    if (groups < 1)
      throw std::invalid_argument("option --groups must be >= 1, got " + options.text("groups", ""));
    config.groups = static_cast<std::size_t>(groups);
  }
  config.partial_fraction = options.number("partial", config.partial_fraction);
  if (!(config.partial_fraction > 0 && config.partial_fraction <= 1)) {
    throw std::invalid_argument("option --partial must be in (0, 1], got " + options.text("partial", ""));
  }
  const std::string mode = options.text("mode", "train");
  if (mode != "train" && mode != "eval") {
    throw std::invalid_argument("option --mode must be train or eval, got '" + printable_excerpt(mode) + "'");
  }
  config.training = mode == "train";
  config.momentum = options.number("momentum", config.momentum);
  if (!(config.momentum >= 0 && config.momentum <= 1)) {
    throw std::invalid_argument("option --momentum must be in [0, 1], got " + options.text("momentum", ""));
  }
  if (options.has("running-mean") != options.has("running-var")) {
    throw std::invalid_argument("--running-mean and --running-var go together: give both or neither");
  }
  return config;
}

template <typename T>
NormParameters<T> norm_parameters_from(const Options& options, const NormConfig& config,
                                       const Shape& input_shape) {
  const std::size_t channels = reduction_channel_count(config, input_shape);
  NormParameters<T> parameters;
  const auto load = [&](const std::string& option, std::vector<T>& target) {
    if (options.has(option)) target = load_vector<T>(options.text(option, ""), option, channels);
  };
  load("gamma", parameters.gamma);
  load("beta", parameters.beta);
  load("running-mean", parameters.running_mean);
  load("running-var", parameters.running_var);
  return parameters;
}

std::vector<std::string> checked_outputs(const Options& options,
                                         const std::vector<std::string>& output_options,
                                         const std::vector<std::string>& full_rank_outputs,
                                         std::size_t output_rank) {
  std::vector<std::string> paths;
  for (const auto& option : output_options) {
    if (!options.has(option)) continue;
    const std::string path = options.text(option, "");
    check_output_path(path, option);
    const bool full_rank =
        std::find(full_rank_outputs.begin(), full_rank_outputs.end(), option) != full_rank_outputs.end();
    if (full_rank && output_rank > 2 && std::filesystem::path(path).extension() == ".csv") {
      throw std::invalid_argument("--" + option + " '" + path + "': a " + std::to_string(output_rank) +
                                  "-D result cannot be written as CSV (use .npy)");
    }
    for (const char* input : {"in", "grad-out", "gamma", "beta", "running-mean", "running-var"}) {
      if (options.has(input)) check_output_is_not_input(path, option, options.text(input, ""), input);
    }
    paths.push_back(path);
  }
  check_distinct_outputs(paths);
  return paths;
}

void print_warnings(const std::string& command, const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings)
    std::fprintf(stderr, "normlab-cli %s: warning: %s\n", command.c_str(), warning.c_str());
}

namespace {

double seconds_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::size_t file_size_or_zero(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<std::size_t>(size);
}

StageNotes::StageNotes(const Options& options, std::string command, std::size_t input_bytes)
    : command_(std::move(command)),
      enabled_(options.has("progress") || (::isatty(STDERR_FILENO) && input_bytes >= (std::size_t{64} << 20))) {}

void StageNotes::stage(const std::string& what) {
  if (!enabled_) return;
  const double now = seconds_now();
  if (started_ > 0) std::fprintf(stderr, " (%.1f s)\n", now - started_);
  std::fprintf(stderr, "normlab-cli %s: %s...", command_.c_str(), what.c_str());
  std::fflush(stderr);
  started_ = now;
}

StageNotes::~StageNotes() {
  if (enabled_ && started_ > 0) std::fprintf(stderr, " (%.1f s)\n", seconds_now() - started_);
}

template NormParameters<float> norm_parameters_from<float>(const Options&, const NormConfig&, const Shape&);
template NormParameters<double> norm_parameters_from<double>(const Options&, const NormConfig&, const Shape&);

}  // namespace normlab::cli
