// DeepNorm (norm.hpp section 5): the DeepNet paper's constants (Wang et al. 2022, Table 1, as
// summarised in ../shared/REFERENCES.md) and the residual rule x_{l+1} = LN(alpha x_l + f(x_l)).
#include <cmath>
#include <stdexcept>
#include <string>

#include "norm/norm.hpp"

namespace normlab {

namespace {

void require_layers(std::size_t layers, const char* which) {
  if (layers == 0)
    throw std::invalid_argument(std::string("DeepNorm needs at least one ") + which + " layer");
}

}  // namespace

DeepNormConstants deepnorm_constants(DeepNormArchitecture architecture, std::size_t encoder_layers,
                                     std::size_t decoder_layers, bool for_encoder) {
  const double encoder_count = static_cast<double>(encoder_layers);
  const double decoder_count = static_cast<double>(decoder_layers);
  switch (architecture) {
    case DeepNormArchitecture::encoder_only:
      require_layers(encoder_layers, "encoder");
      return {std::pow(2.0 * encoder_count, 0.25), std::pow(8.0 * encoder_count, -0.25)};
    case DeepNormArchitecture::decoder_only:
      require_layers(decoder_layers, "decoder");
      return {std::pow(2.0 * decoder_count, 0.25), std::pow(8.0 * decoder_count, -0.25)};
    case DeepNormArchitecture::encoder_decoder: {
      require_layers(encoder_layers, "encoder");
      require_layers(decoder_layers, "decoder");
      if (for_encoder) {
        const double depth_product = std::pow(encoder_count, 4.0) * decoder_count;
        return {0.81 * std::pow(depth_product, 1.0 / 16.0), 0.87 * std::pow(depth_product, -1.0 / 16.0)};
      }
      return {std::pow(3.0 * decoder_count, 0.25), std::pow(12.0 * decoder_count, -0.25)};
    }
  }
  throw std::invalid_argument("unknown DeepNorm architecture");
}

template <typename T>
Tensor<T> deepnorm_residual(const Tensor<T>& residual, const Tensor<T>& sublayer_output, T alpha, T eps) {
  if (residual.shape != sublayer_output.shape) {
    throw std::invalid_argument("DeepNorm: the residual has shape " + shape_to_string(residual.shape) +
                                " but the sublayer output has shape " +
                                shape_to_string(sublayer_output.shape));
  }
  if (residual.shape.empty() || residual.size() == 0) {
    throw std::invalid_argument("DeepNorm needs a non-empty input of rank >= 1");
  }
  Tensor<T> scaled_sum(residual.shape);
  for (std::size_t flat = 0; flat < residual.size(); ++flat) {
    scaled_sum[flat] = alpha * residual[flat] + sublayer_output[flat];
  }
  const std::size_t features = residual.shape.back();
  Tensor<T> output(residual.shape);
  layer_norm_rows<T>(scaled_sum.data(), residual.size() / features, features, nullptr, nullptr, eps,
                     output.data(), nullptr, nullptr);
  return output;
}

template Tensor<float> deepnorm_residual<float>(const Tensor<float>&, const Tensor<float>&, float, float);
template Tensor<double> deepnorm_residual<double>(const Tensor<double>&, const Tensor<double>&, double,
                                                  double);

}  // namespace normlab
