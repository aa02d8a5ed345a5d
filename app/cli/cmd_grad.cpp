// normlab-cli grad: the backward pass of `apply` for a given output gradient dL/dY.
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "command.hpp"
#include "norm_command.hpp"

namespace normlab::cli {

namespace {

const std::string kUsage =
    "usage: normlab-cli grad --norm KIND --in X.npy --grad-out DY.npy --out-dx DX.npy [options]\n"
    "Backward pass of apply (batch: train mode unless --mode eval, which holds the running statistics\n"
    "constant). Outputs have the input's dtype.\n" +
    norm_options_usage() +
    "\n  --grad-out DY.npy      dL/dY, the input's shape\n"
    "  --out-dx DX.npy        dL/dX\n"
    "  --out-dgamma DG.npy    dL/dgamma (optional)\n"
    "  --out-dbeta DB.npy     dL/dbeta (optional; not for rms/prms)\n"
    "  --out Y.npy            the forward output as well (optional)";

template <typename T>
int grad_typed(const Options& options, const Tensor<T>& input, const AnyTensor& output_grad_file,
               const NormConfig& config) {
  NormParameters<T> parameters = norm_parameters_from<T>(options, config, input.shape);
  const Tensor<T> output_grad = tensor_as<T>(output_grad_file);
  // The gradient is taken at the statistics the forward used, before it updates the running ones.
  const NormGradients<T> gradients = norm_backward(input, output_grad, config, parameters);
  // The forward runs too, for its warnings (BatchNorm's collapse with N*L = 1) and the optional --out.
  const NormForward<T> forward = norm_forward(input, config, parameters);
  print_warnings("grad", forward.warnings);
  const Shape channel_shape{gradients.gamma_grad.size()};
  require_finite_result(gradients.input_grad, "out-dx");
  require_finite_result(Tensor<T>(channel_shape, gradients.gamma_grad), "out-dgamma");
  require_finite_result(Tensor<T>(Shape{gradients.beta_grad.size()}, gradients.beta_grad), "out-dbeta");
  if (options.has("out")) require_finite_result(forward.output, "out");
  save_tensor(options.required_text("out-dx"), gradients.input_grad);
  if (options.has("out-dgamma"))
    save_tensor(options.text("out-dgamma", ""), Tensor<T>(channel_shape, gradients.gamma_grad));
  if (options.has("out-dbeta"))
    save_tensor(options.text("out-dbeta", ""), Tensor<T>(channel_shape, gradients.beta_grad));
  if (options.has("out")) save_tensor(options.text("out", ""), forward.output);
  return 0;
}

int run_grad(const std::vector<std::string>& arguments) {
  auto option_names = norm_option_names();
  option_names.insert({"grad-out", "out-dx", "out-dgamma", "out-dbeta", "out"});
  const Options options(arguments, option_names);
  const std::string input_path = options.required_text("in");
  const std::string grad_path = options.required_text("grad-out");
  options.required_text("out-dx");
  const AnyTensor input = load_tensor(input_path, "in");
  const AnyTensor output_grad = load_tensor(grad_path, "grad-out");
  if (shape_of(output_grad) != shape_of(input)) {
    throw std::invalid_argument("--grad-out '" + grad_path + "' has shape " +
                                shape_to_string(shape_of(output_grad)) + " but --in has shape " +
                                shape_to_string(shape_of(input)));
  }
  const NormConfig config = norm_config_from(options, std::holds_alternative<Tensor<float>>(input));
  if (options.has("out-dbeta") && (config.kind == NormKind::rms || config.kind == NormKind::partial_rms)) {
    throw std::invalid_argument("option --out-dbeta does not apply: RMSNorm has no beta");
  }
  checked_outputs(options, {"out-dx", "out-dgamma", "out-dbeta", "out"}, {"out-dx", "out"},
                  shape_of(input).size());
  return std::visit([&](const auto& tensor) { return grad_typed(options, tensor, output_grad, config); },
                    input);
}

const CommandRegistration kGrad({"grad", "backward pass of apply: dX, dgamma, dbeta for a given dY", kUsage,
                                 &run_grad});

}  // namespace

}  // namespace normlab::cli
