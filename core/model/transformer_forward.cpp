// Transformer<T>: construction and the forward pass (see transformer.hpp).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "model/simd_ops.hpp"
#include "model/transformer.hpp"

namespace normlab::model {

template <typename T>
double mean_row_norm(const T* values, std::size_t rows, std::size_t cols) {
  if (rows == 0) return 0.0;
  double total = 0.0;
  for (std::size_t row = 0; row < rows; ++row) total += vector_norm(values + row * cols, cols);
  return total / static_cast<double>(rows);
}

// Mean over rows of cos(a_row, b_row); a row pair with a zero vector counts as 0.
template <typename T>
double mean_row_cosine(const T* a, const T* b, std::size_t rows, std::size_t cols) {
  if (rows == 0) return 0.0;
  double total = 0.0;
  for (std::size_t row = 0; row < rows; ++row) {
    double dot = 0.0, a_square = 0.0, b_square = 0.0;
    for (std::size_t col = 0; col < cols; ++col) {
      const double a_value = a[row * cols + col], b_value = b[row * cols + col];
      dot += a_value * b_value;
      a_square += a_value * a_value;
      b_square += b_value * b_value;
    }
    if (a_square > 0 && b_square > 0) total += dot / std::sqrt(a_square * b_square);
  }
  return total / static_cast<double>(rows);
}

template <typename T>
Transformer<T>::Transformer(const ModelConfig& config,
                            const std::function<void(std::size_t blocks_done)>& on_block_initialized)
    : config_(config),
      layout_((validate(config), config)),
      parameters_(initial_parameters<T>(config, layout_, on_block_initialized)),
      gradient_(layout_.total, T(0)), alpha_(static_cast<T>(residual_constants(config).alpha)) {
  shape_.heads = config.heads;
  shape_.head_width = config.head_width();
}

template <typename T>
void Transformer<T>::check_batch(const TokenBatch& batch) const {
  const std::size_t count = batch.sequences * batch.tokens;
  if (batch.sequences == 0 || batch.tokens == 0) throw std::invalid_argument("the batch is empty");
  if (batch.tokens > config_.max_seq) {
    throw std::invalid_argument("sequences of " + std::to_string(batch.tokens) + " tokens exceed the model's " +
                                std::to_string(config_.max_seq) + " positions");
  }
  if (batch.inputs.size() != count || batch.targets.size() != count) {
    throw std::invalid_argument("the batch needs " + std::to_string(count) + " inputs and targets");
  }
  const int vocab = static_cast<int>(config_.vocab);
  for (std::size_t index = 0; index < count; ++index) {
    if (batch.inputs[index] < 0 || batch.inputs[index] >= vocab) {
      throw std::invalid_argument("token " + std::to_string(batch.inputs[index]) + " is outside the vocabulary");
    }
    if (batch.targets[index] != kNoTarget && (batch.targets[index] < 0 || batch.targets[index] >= vocab)) {
      throw std::invalid_argument("target " + std::to_string(batch.targets[index]) + " is outside the vocabulary");
    }
  }
}

template <typename T>
const T* Transformer<T>::attention_input(std::size_t layer) const {
  return config_.placement == Placement::pre ? blocks_[layer].attn_input.data() : stream_[layer].data();
}

template <typename T>
const T* Transformer<T>::ffn_input(std::size_t layer) const {
  return config_.placement == Placement::pre ? blocks_[layer].ffn_input.data() : blocks_[layer].middle.data();
}

template <typename T>
double Transformer<T>::forward(const TokenBatch& batch) {
  check_batch(batch);
  batch_ = batch;
  shape_.sequences = batch.sequences;
  shape_.tokens = batch.tokens;
  const std::size_t width = config_.d_model;
  const std::size_t row_count = rows();
  stream_.resize(config_.layers + 1);
  blocks_.resize(config_.layers);
  probes_.assign(config_.layers, LayerProbe{});
  for (auto& state : stream_) state.resize(row_count * width);

  // The stream starts as token embedding + position embedding.
  for (std::size_t row = 0; row < row_count; ++row) {
    const T* token = param(layout_.token_embedding) + static_cast<std::size_t>(batch.inputs[row]) * width;
    const T* position = param(layout_.position_embedding) + (row % batch.tokens) * width;
    for (std::size_t col = 0; col < width; ++col) stream_[0][row * width + col] = token[col] + position[col];
  }
  for (std::size_t layer = 0; layer < config_.layers; ++layer) {
    block_forward(layer, stream_[layer].data(), stream_[layer + 1].data());
    probes_[layer].hidden_norm = mean_row_norm(stream_[layer + 1].data(), row_count, width);
    if (block_observer_) block_observer_(false, layer + 1);
  }

  const T* head_input = stream_[config_.layers].data();
  if (config_.has_final_norm()) {
    final_normed_.resize(row_count * width);
    norm_rows_forward(config_.norm, head_input, row_count, width, param(layout_.final_norm_gain),
                      param(layout_.final_norm_bias), static_cast<T>(config_.eps), final_normed_.data(), final_norm_);
    head_input = final_normed_.data();
  }
  const std::size_t vocab = config_.vocab;
  output_probabilities_.resize(row_count * vocab);
  matmul(head_input, param(layout_.head), output_probabilities_.data(), row_count, width, vocab, false);

  // Softmax and cross-entropy per row, in double so that the loss of a float model is not the
  // weakest digit; the probabilities are kept for the backward.
  double loss_sum = 0.0;
  target_count_ = 0;
  for (std::size_t row = 0; row < row_count; ++row) {
    T* logits = output_probabilities_.data() + row * vocab;
    const double max_logit = *std::max_element(logits, logits + vocab);
    double total = 0.0;
    for (std::size_t token = 0; token < vocab; ++token) total += std::exp(static_cast<double>(logits[token]) - max_logit);
    const double log_total = std::log(total) + max_logit;
    if (batch.targets[row] != kNoTarget) {
      loss_sum += log_total - static_cast<double>(logits[batch.targets[row]]);
      ++target_count_;
    }
    for (std::size_t token = 0; token < vocab; ++token) {
      logits[token] = static_cast<T>(std::exp(static_cast<double>(logits[token]) - log_total));
    }
  }
  return target_count_ == 0 ? 0.0 : loss_sum / static_cast<double>(target_count_);
}

template <typename T>
void Transformer<T>::block_forward(std::size_t layer, const T* input, T* output) {
  const BlockSlices& slices = layout_.blocks[layer];
  BlockActivations& block = blocks_[layer];
  const std::size_t width = config_.d_model;
  const std::size_t hidden_width = config_.ffn_width();
  const std::size_t row_count = rows();
  const std::size_t elements = row_count * width;
  const T eps = static_cast<T>(config_.eps);
  const NormKind kind = config_.norm;
  const Placement placement = config_.placement;
  const bool post_norm = placement == Placement::post || placement == Placement::deepnorm;
  auto ensure = [](std::vector<T>& buffer, std::size_t count) { buffer.resize(count); };
  ensure(scratch_rows_a_, elements);

  // ---- attention sublayer ----
  if (placement == Placement::pre) {
    ensure(block.attn_input, elements);
    norm_rows_forward(kind, input, row_count, width, param(slices.attn_norm_gain), param(slices.attn_norm_bias), eps,
                      block.attn_input.data(), block.attn_norm);
  }
  const T* attn_input = placement == Placement::pre ? block.attn_input.data() : input;
  ensure(block.query, elements);
  ensure(block.key, elements);
  ensure(block.value, elements);
  matmul(attn_input, param(slices.query), block.query.data(), row_count, width, width, false);
  matmul(attn_input, param(slices.key), block.key.data(), row_count, width, width, false);
  matmul(attn_input, param(slices.value), block.value.data(), row_count, width, width, false);
  const T* query = block.query.data();
  const T* key = block.key.data();
  if (config_.qk_norm) {
    // Each head's query and key vectors are contiguous runs of head_width values: normalize them as
    // rows of a (rows * heads) x head_width matrix, without a learned gain.
    ensure(block.query_normed, elements);
    ensure(block.key_normed, elements);
    const std::size_t head_rows = row_count * config_.heads;
    norm_rows_forward<T>(kind, query, head_rows, shape_.head_width, nullptr, nullptr, eps, block.query_normed.data(),
                         block.query_norm);
    norm_rows_forward<T>(kind, key, head_rows, shape_.head_width, nullptr, nullptr, eps, block.key_normed.data(),
                         block.key_norm);
    query = block.query_normed.data();
    key = block.key_normed.data();
  }
  ensure(block.probabilities, shape_.probability_count());
  ensure(block.context, elements);
  causal_attention_forward(shape_, query, key, block.value.data(), block.probabilities.data(), block.context.data());
  T* attn_out = scratch_rows_a_.data();
  matmul(block.context.data(), param(slices.output), attn_out, row_count, width, width, false);
  probes_[layer].attn_out_norm = mean_row_norm(attn_out, row_count, width);
  probes_[layer].attn_alignment = mean_row_cosine(input, attn_out, row_count, width);

  ensure(block.middle, elements);
  if (post_norm) {
    ensure(block.attn_sum, elements);
    for (std::size_t index = 0; index < elements; ++index) block.attn_sum[index] = alpha_ * input[index] + attn_out[index];
    norm_rows_forward(kind, block.attn_sum.data(), row_count, width, param(slices.attn_norm_gain),
                      param(slices.attn_norm_bias), eps, block.middle.data(), block.attn_norm);
  } else {
    for (std::size_t index = 0; index < elements; ++index) block.middle[index] = input[index] + attn_out[index];
  }

  // ---- FFN sublayer ----
  if (placement == Placement::pre) {
    ensure(block.ffn_input, elements);
    norm_rows_forward(kind, block.middle.data(), row_count, width, param(slices.ffn_norm_gain),
                      param(slices.ffn_norm_bias), eps, block.ffn_input.data(), block.ffn_norm);
  }
  const T* ffn_in = ffn_input(layer);
  ensure(block.hidden_pre, row_count * hidden_width);
  ensure(block.hidden, row_count * hidden_width);
  const T* bias1 = param(slices.ffn_b1);
  for (std::size_t row = 0; row < row_count; ++row) std::copy(bias1, bias1 + hidden_width, block.hidden_pre.data() + row * hidden_width);
  matmul(ffn_in, param(slices.ffn_w1), block.hidden_pre.data(), row_count, width, hidden_width, true);
  gelu_forward(block.hidden_pre.data(), block.hidden.data(), row_count * hidden_width);
  T* ffn_out = scratch_rows_a_.data();
  const T* bias2 = param(slices.ffn_b2);
  for (std::size_t row = 0; row < row_count; ++row) std::copy(bias2, bias2 + width, ffn_out + row * width);
  matmul(block.hidden.data(), param(slices.ffn_w2), ffn_out, row_count, hidden_width, width, true);
  probes_[layer].ffn_out_norm = mean_row_norm(ffn_out, row_count, width);
  probes_[layer].ffn_alignment = mean_row_cosine(block.middle.data(), ffn_out, row_count, width);

  if (post_norm) {
    ensure(block.ffn_sum, elements);
    for (std::size_t index = 0; index < elements; ++index) block.ffn_sum[index] = alpha_ * block.middle[index] + ffn_out[index];
    norm_rows_forward(kind, block.ffn_sum.data(), row_count, width, param(slices.ffn_norm_gain),
                      param(slices.ffn_norm_bias), eps, output, block.ffn_norm);
  } else {
    for (std::size_t index = 0; index < elements; ++index) output[index] = block.middle[index] + ffn_out[index];
  }
}

template class Transformer<float>;
template class Transformer<double>;
template double mean_row_norm<float>(const float*, std::size_t, std::size_t);
template double mean_row_norm<double>(const double*, std::size_t, std::size_t);

}  // namespace normlab::model
