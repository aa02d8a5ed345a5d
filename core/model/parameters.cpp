#include "model/parameters.hpp"

#include <cmath>

#include "model/random.hpp"

namespace normlab::model {

ParameterLayout::ParameterLayout(const ModelConfig& config) {
  const std::size_t width = config.d_model;
  const std::size_t hidden = config.ffn_width();
  auto take = [this](std::size_t count) {
    const std::size_t offset = total;
    total += count;
    return offset;
  };
  token_embedding = take(config.vocab * width);
  position_embedding = take(config.max_seq * width);
  blocks.resize(config.layers);
  for (auto& block : blocks) {
    block.attn_norm_gain = take(width);
    block.attn_norm_bias = take(width);
    block.query = take(width * width);
    block.key = take(width * width);
    block.value = take(width * width);
    block.output = take(width * width);
    block.ffn_norm_gain = take(width);
    block.ffn_norm_bias = take(width);
    block.ffn_w1 = take(width * hidden);
    block.ffn_b1 = take(hidden);
    block.ffn_w2 = take(hidden * width);
    block.ffn_b2 = take(width);
  }
  final_norm_gain = take(width);
  final_norm_bias = take(width);
  head = take(width * config.vocab);
}

namespace {

template <typename T>
void fill_constant(std::vector<T>& values, std::size_t offset, std::size_t count, double value) {
  for (std::size_t index = 0; index < count; ++index) values[offset + index] = static_cast<T>(value);
}

template <typename T>
void fill_normal(std::vector<T>& values, std::size_t offset, std::size_t count, double stddev, Random& random) {
  for (std::size_t index = 0; index < count; ++index) values[offset + index] = static_cast<T>(stddev * random.normal());
}

// Xavier/Glorot uniform, U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)), as fairseq's
// transformer (Xiong et al.'s code base) initializes every projection.
template <typename T>
void fill_weight(std::vector<T>& values, std::size_t offset, std::size_t fan_in, std::size_t fan_out,
                 const ModelConfig& config, double gain, Random& random) {
  if (config.init == InitScheme::gpt2) {
    fill_normal(values, offset, fan_in * fan_out, 0.02 * gain, random);
    return;
  }
  const double bound = gain * std::sqrt(6.0 / static_cast<double>(fan_in + fan_out));
  for (std::size_t index = 0; index < fan_in * fan_out; ++index) {
    values[offset + index] = static_cast<T>(random.uniform(-bound, bound));
  }
}

}  // namespace

template <typename T>
std::vector<T> initial_parameters(const ModelConfig& config, const ParameterLayout& layout,
                                  const std::function<void(std::size_t blocks_done)>& on_block) {
  validate(config);
  std::vector<T> values(layout.total, T(0));
  Random random(config.seed);
  const std::size_t width = config.d_model;
  const std::size_t hidden = config.ffn_width();
  const double embedding_stddev = config.init == InitScheme::xavier ? 1.0 : 0.02;
  // DeepNet scales the FFN, value and output projections by beta (query and key are left alone).
  const double beta = residual_constants(config).beta;
  fill_normal(values, layout.token_embedding, config.vocab * width, embedding_stddev, random);
  fill_normal(values, layout.position_embedding, config.max_seq * width, embedding_stddev, random);
  for (const auto& block : layout.blocks) {
    fill_constant(values, block.attn_norm_gain, width, 1.0);
    fill_weight(values, block.query, width, width, config, 1.0, random);
    fill_weight(values, block.key, width, width, config, 1.0, random);
    fill_weight(values, block.value, width, width, config, beta, random);
    fill_weight(values, block.output, width, width, config, beta, random);
    fill_constant(values, block.ffn_norm_gain, width, 1.0);
    fill_weight(values, block.ffn_w1, width, hidden, config, beta, random);
    fill_weight(values, block.ffn_w2, hidden, width, config, beta, random);
    if (on_block) on_block(static_cast<std::size_t>(&block - layout.blocks.data()) + 1);
  }
  fill_constant(values, layout.final_norm_gain, width, 1.0);
  fill_weight(values, layout.head, width, config.vocab, config, 1.0, random);
  return values;
}

template <typename T>
double vector_norm(const T* values, std::size_t count) {
  double sum = 0.0;
  for (std::size_t index = 0; index < count; ++index) sum += static_cast<double>(values[index]) * values[index];
  return std::sqrt(sum);
}

template std::vector<float> initial_parameters<float>(const ModelConfig&, const ParameterLayout&,
                                                      const std::function<void(std::size_t)>&);
template std::vector<double> initial_parameters<double>(const ModelConfig&, const ParameterLayout&,
                                                        const std::function<void(std::size_t)>&);
template double vector_norm<float>(const float*, std::size_t);
template double vector_norm<double>(const double*, std::size_t);

}  // namespace normlab::model
