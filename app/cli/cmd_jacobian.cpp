// normlab-cli jacobian: the dense d x d Jacobian dy/dx of LayerNorm or RMSNorm at one vector x.
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "command.hpp"
#include "norm_command.hpp"

namespace normlab::cli {

namespace {

const std::string kUsage =
    "usage: normlab-cli jacobian --norm layer|rms|prms --in x.npy --out J.npy [--eps E] [--partial P]\n"
    "x is 1-D of length d (or a one-row CSV); J is d x d with J[i, j] = dy_i / dx_j, in x's dtype.\n"
    "Default eps as in apply (1e-5 for layer; the dtype's machine epsilon for rms/prms).";

int run_jacobian(const std::vector<std::string>& arguments) {
  const Options options(arguments, {"norm", "in", "out", "eps", "partial"});
  const std::string input_path = options.required_text("in");
  options.required_text("out");
  const AnyTensor input = load_tensor(input_path, "in");
  const NormConfig config = norm_config_from(options, std::holds_alternative<Tensor<float>>(input));
  if (config.kind != NormKind::layer && config.kind != NormKind::rms &&
      config.kind != NormKind::partial_rms) {
    throw std::invalid_argument("jacobian takes --norm layer, rms or prms (got " +
                                norm_kind_name(config.kind) + "; apply and grad handle the others)");
  }
  const Shape& shape = shape_of(input);
  const bool one_row = shape.size() == 2 && shape[0] == 1;
  if (shape.size() != 1 && !one_row) {
    throw std::invalid_argument("--in '" + input_path + "' has shape " + shape_to_string(shape) +
                                " but jacobian needs one vector x of shape (d,)");
  }
  checked_outputs(options, {"out"}, {"out"}, 2);
  return std::visit(
      [&](const auto& tensor) {
        using T = typename std::decay_t<decltype(tensor.values)>::value_type;
        const Tensor<T> vector(Shape{tensor.size()}, tensor.values);
        const NormParameters<T> defaults;
        const Tensor<T> jacobian = norm_jacobian(vector, config, defaults, 0);
        require_finite_result(jacobian, "out");
        save_tensor(options.text("out", ""), jacobian);
        return 0;
      },
      input);
}

const CommandRegistration kJacobian({"jacobian", "dense Jacobian dy/dx of LayerNorm or RMSNorm at a vector x",
                                     kUsage, &run_jacobian});

}  // namespace

}  // namespace normlab::cli
