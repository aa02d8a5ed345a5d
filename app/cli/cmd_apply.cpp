// normlab-cli apply: the forward pass of one normalization layer on a tensor file.
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "command.hpp"
#include "norm_command.hpp"

namespace normlab::cli {

namespace {

const std::string kUsage =
    "usage: normlab-cli apply --norm KIND --in X.npy --out Y.npy [options]\n"
    "Normalizes X as PyTorch would and writes Y with X's shape and dtype.\n" +
    norm_options_usage() +
    "\n  --out Y.npy|Y.csv      the normalized output\n"
    "  --out-running-mean M.npy --out-running-var V.npy   batch, train mode: the updated running statistics\n"
    "  --progress             name each stage (reading, normalizing, writing) and its time on stderr; on\n"
    "                         by itself when stderr is a terminal and the input holds 64 MiB or more";

// Float32 input is computed by the float instantiation, which reduces in double and rounds each
// output once: the result is the exactly rounded value, within the last float digit of PyTorch's.
template <typename T>
int apply_typed(const Options& options, const Tensor<T>& input, const NormConfig& config, StageNotes& notes) {
  NormParameters<T> parameters = norm_parameters_from<T>(options, config, input.shape);
  notes.stage("normalizing " + shape_to_string(input.shape) + (sizeof(T) == 4 ? " float32" : " float64"));
  const NormForward<T> forward = norm_forward(input, config, parameters);
  print_warnings("apply", forward.warnings);
  const Shape channel_shape{parameters.running_mean.size()};
  const Tensor<T> running_mean(channel_shape, parameters.running_mean), running_var(channel_shape, parameters.running_var);
  require_finite_result(forward.output, "out");
  require_finite_result(running_mean, "out-running-mean");
  require_finite_result(running_var, "out-running-var");
  notes.stage("writing " + options.required_text("out"));
  save_tensor(options.required_text("out"), forward.output);
  if (options.has("out-running-mean")) {
    save_tensor(options.text("out-running-mean", ""), running_mean);
  }
  if (options.has("out-running-var")) {
    save_tensor(options.text("out-running-var", ""), running_var);
  }
  return 0;
}

int run_apply(const std::vector<std::string>& arguments) {
  auto option_names = norm_option_names();
  option_names.insert({"out", "out-running-mean", "out-running-var"});
  const Options options(arguments, option_names, {"progress"});
  const std::string input_path = options.required_text("in");
  options.required_text("out");
  StageNotes notes(options, "apply", file_size_or_zero(input_path));
  notes.stage("reading " + input_path);
  const AnyTensor input = load_tensor(input_path, "in");
  const NormConfig config = norm_config_from(options, std::holds_alternative<Tensor<float>>(input));
  if ((options.has("out-running-mean") || options.has("out-running-var")) &&
      !(config.kind == NormKind::batch && config.training)) {
    throw std::invalid_argument("--out-running-mean/--out-running-var need --norm batch in train mode");
  }
  checked_outputs(options, {"out", "out-running-mean", "out-running-var"}, {"out"}, shape_of(input).size());
  return std::visit([&](const auto& tensor) { return apply_typed(options, tensor, config, notes); }, input);
}

const CommandRegistration kApply({"apply",
                                  "normalize a tensor file (layer, rms, prms, batch, group, instance)",
                                  kUsage, &run_apply});

}  // namespace

}  // namespace normlab::cli
