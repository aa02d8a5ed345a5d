// Transformer<T>: the hand-written backward pass (see transformer.hpp). Every step mirrors one line
// of block_forward() in reverse; tests/model/ checks the result against finite differences.
#include <algorithm>

#include "model/simd_ops.hpp"
#include "model/transformer.hpp"

namespace normlab::model {

namespace {

// bias_grad[col] += sum over rows of values[row, col]
template <typename T>
void add_column_sums(const T* values, std::size_t rows, std::size_t cols, T* bias_grad) {
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t col = 0; col < cols; ++col) bias_grad[col] += values[row * cols + col];
  }
}

template <typename T>
void add_into(T* target, const T* source, std::size_t count) {
  for (std::size_t index = 0; index < count; ++index) target[index] += source[index];
}

// Backward through a residual join. post_norm: out = Norm(alpha * skip + sublayer), whose input `sum`
// and statistics were kept; otherwise out = skip + sublayer. Writes both branches' gradients.
template <typename T>
void residual_join_backward(bool post_norm, NormKind kind, const T* sum, const RowStatistics<T>& statistics,
                            const T* gain, T alpha, const T* output_grad, std::size_t rows, std::size_t cols,
                            T* sublayer_grad, T* skip_grad, T* gain_grad, T* bias_grad) {
  const std::size_t elements = rows * cols;
  if (post_norm) {
    norm_rows_backward(kind, sum, output_grad, rows, cols, gain, statistics, sublayer_grad, gain_grad, bias_grad);
    for (std::size_t index = 0; index < elements; ++index) skip_grad[index] = alpha * sublayer_grad[index];
  } else {
    std::copy(output_grad, output_grad + elements, sublayer_grad);
    std::copy(output_grad, output_grad + elements, skip_grad);
  }
}

// Adds the gradient arriving through a sublayer's input to `stream_grad`: pre_norm: the sublayer read
// Norm(stream), so go back through that norm first (using `scratch`); otherwise it read the stream.
template <typename T>
void add_sublayer_input_grad(bool pre_norm, NormKind kind, const T* stream, const RowStatistics<T>& statistics,
                             const T* gain, const T* sublayer_input_grad, std::size_t rows, std::size_t cols,
                             T* scratch, T* stream_grad, T* gain_grad, T* bias_grad) {
  if (pre_norm) {
    norm_rows_backward(kind, stream, sublayer_input_grad, rows, cols, gain, statistics, scratch, gain_grad, bias_grad);
    add_into(stream_grad, scratch, rows * cols);
  } else {
    add_into(stream_grad, sublayer_input_grad, rows * cols);
  }
}

}  // namespace

template <typename T>
const std::vector<T>& Transformer<T>::backward() {
  std::fill(gradient_.begin(), gradient_.end(), T(0));
  const std::size_t width = config_.d_model;
  const std::size_t vocab = config_.vocab;
  const std::size_t row_count = rows();
  const std::size_t elements = row_count * width;
  if (stream_.empty() || stream_[0].size() != elements) {
    throw std::logic_error("Transformer::backward needs a forward pass first");
  }

  // d(loss)/d(logits) = (softmax - onehot) / (number of targets) on rows with a target, else 0.
  std::vector<T> logits_grad(output_probabilities_);
  const T per_target = target_count_ == 0 ? T(0) : T(1) / static_cast<T>(target_count_);
  for (std::size_t row = 0; row < row_count; ++row) {
    T* row_grad = logits_grad.data() + row * vocab;
    if (batch_.targets[row] == kNoTarget) {
      std::fill(row_grad, row_grad + vocab, T(0));
      continue;
    }
    row_grad[batch_.targets[row]] -= T(1);
    for (std::size_t token = 0; token < vocab; ++token) row_grad[token] *= per_target;
  }
  const T* head_input = config_.has_final_norm() ? final_normed_.data() : stream_[config_.layers].data();
  matmul_transposed_a(head_input, logits_grad.data(), grad(layout_.head), row_count, width, vocab, true);

  std::vector<T> stream_grad(elements), previous_grad(elements);
  matmul_transposed_b(logits_grad.data(), param(layout_.head), stream_grad.data(), row_count, vocab, width, false);
  if (config_.has_final_norm()) {
    std::vector<T> head_input_grad(stream_grad);
    norm_rows_backward(config_.norm, stream_[config_.layers].data(), head_input_grad.data(), row_count, width,
                       param(layout_.final_norm_gain), final_norm_, stream_grad.data(), grad(layout_.final_norm_gain),
                       grad(layout_.final_norm_bias));
  }
  for (std::size_t layer = config_.layers; layer-- > 0;) {
    block_backward(layer, stream_grad.data(), previous_grad.data());
    std::swap(stream_grad, previous_grad);
    const BlockSlices& slices = layout_.blocks[layer];
    probes_[layer].grad_norm_input = vector_norm(stream_grad.data(), elements);
    probes_[layer].grad_norm_ffn_w1 = vector_norm(grad(slices.ffn_w1), width * config_.ffn_width());
    probes_[layer].grad_norm_ffn_w2 = vector_norm(grad(slices.ffn_w2), width * config_.ffn_width());
    if (block_observer_) block_observer_(true, config_.layers - layer);
  }
  // Embeddings: each row's gradient goes to its token's and its position's vector.
  for (std::size_t row = 0; row < row_count; ++row) {
    const T* row_grad = stream_grad.data() + row * width;
    add_into(grad(layout_.token_embedding) + static_cast<std::size_t>(batch_.inputs[row]) * width, row_grad, width);
    add_into(grad(layout_.position_embedding) + (row % batch_.tokens) * width, row_grad, width);
  }
  return gradient_;
}

template <typename T>
void Transformer<T>::block_backward(std::size_t layer, const T* output_grad, T* input_grad) {
  const BlockSlices& slices = layout_.blocks[layer];
  const BlockActivations& block = blocks_[layer];
  const std::size_t width = config_.d_model;
  const std::size_t hidden_width = config_.ffn_width();
  const std::size_t row_count = rows();
  const std::size_t elements = row_count * width;
  const NormKind kind = config_.norm;
  const Placement placement = config_.placement;
  const bool post_norm = placement == Placement::post || placement == Placement::deepnorm;
  const bool pre_norm = placement == Placement::pre;
  for (auto* buffer : {&scratch_rows_a_, &scratch_rows_b_, &scratch_rows_c_, &scratch_rows_d_, &scratch_rows_e_}) {
    buffer->resize(elements);
  }
  scratch_hidden_.resize(row_count * hidden_width);
  T* middle_grad = scratch_rows_a_.data();
  T* sublayer_grad = scratch_rows_b_.data();  // d(loss)/d(sublayer output)
  T* work = scratch_rows_c_.data();

  // ---- FFN sublayer, in reverse ----
  residual_join_backward(post_norm, kind, block.ffn_sum.data(), block.ffn_norm, param(slices.ffn_norm_gain), alpha_,
                         output_grad, row_count, width, sublayer_grad, middle_grad, grad(slices.ffn_norm_gain),
                         grad(slices.ffn_norm_bias));
  add_column_sums(sublayer_grad, row_count, width, grad(slices.ffn_b2));
  matmul_transposed_a(block.hidden.data(), sublayer_grad, grad(slices.ffn_w2), row_count, hidden_width, width, true);
  T* hidden_grad = scratch_hidden_.data();
  matmul_transposed_b(sublayer_grad, param(slices.ffn_w2), hidden_grad, row_count, width, hidden_width, false);
  gelu_backward(block.hidden_pre.data(), hidden_grad, hidden_grad, row_count * hidden_width);
  add_column_sums(hidden_grad, row_count, hidden_width, grad(slices.ffn_b1));
  matmul_transposed_a(ffn_input(layer), hidden_grad, grad(slices.ffn_w1), row_count, width, hidden_width, true);
  matmul_transposed_b(hidden_grad, param(slices.ffn_w1), work, row_count, hidden_width, width, false);
  add_sublayer_input_grad(pre_norm, kind, block.middle.data(), block.ffn_norm, param(slices.ffn_norm_gain), work,
                          row_count, width, scratch_rows_d_.data(), middle_grad, grad(slices.ffn_norm_gain),
                          grad(slices.ffn_norm_bias));

  // ---- attention sublayer, in reverse ----
  residual_join_backward(post_norm, kind, block.attn_sum.data(), block.attn_norm, param(slices.attn_norm_gain), alpha_,
                         middle_grad, row_count, width, sublayer_grad, input_grad, grad(slices.attn_norm_gain),
                         grad(slices.attn_norm_bias));
  matmul_transposed_a(block.context.data(), sublayer_grad, grad(slices.output), row_count, width, width, true);
  T* context_grad = work;
  matmul_transposed_b(sublayer_grad, param(slices.output), context_grad, row_count, width, width, false);
  T* query_grad = scratch_rows_a_.data();  // middle_grad is no longer needed
  T* key_grad = scratch_rows_b_.data();
  T* value_grad = scratch_rows_d_.data();
  const T* query = config_.qk_norm ? block.query_normed.data() : block.query.data();
  const T* key = config_.qk_norm ? block.key_normed.data() : block.key.data();
  causal_attention_backward(shape_, query, key, block.value.data(), block.probabilities.data(), context_grad,
                            query_grad, key_grad, value_grad);
  if (config_.qk_norm) {
    const std::size_t head_rows = row_count * config_.heads;
    T* raw_grad = scratch_rows_e_.data();
    norm_rows_backward<T>(kind, block.query.data(), query_grad, head_rows, shape_.head_width, nullptr, block.query_norm,
                          raw_grad, nullptr, nullptr);
    std::copy(raw_grad, raw_grad + elements, query_grad);
    norm_rows_backward<T>(kind, block.key.data(), key_grad, head_rows, shape_.head_width, nullptr, block.key_norm,
                          raw_grad, nullptr, nullptr);
    std::copy(raw_grad, raw_grad + elements, key_grad);
  }
  const T* attn_input = attention_input(layer);
  matmul_transposed_a(attn_input, query_grad, grad(slices.query), row_count, width, width, true);
  matmul_transposed_a(attn_input, key_grad, grad(slices.key), row_count, width, width, true);
  matmul_transposed_a(attn_input, value_grad, grad(slices.value), row_count, width, width, true);
  T* attn_input_grad = work;  // context_grad is no longer needed
  matmul_transposed_b(query_grad, param(slices.query), attn_input_grad, row_count, width, width, false);
  matmul_transposed_b(key_grad, param(slices.key), attn_input_grad, row_count, width, width, true);
  matmul_transposed_b(value_grad, param(slices.value), attn_input_grad, row_count, width, width, true);
  add_sublayer_input_grad(pre_norm, kind, stream_[layer].data(), block.attn_norm, param(slices.attn_norm_gain),
                          attn_input_grad, row_count, width, scratch_rows_e_.data(), input_grad,
                          grad(slices.attn_norm_gain), grad(slices.attn_norm_bias));
}

template const std::vector<float>& Transformer<float>::backward();
template const std::vector<double>& Transformer<double>::backward();
template void Transformer<float>::block_backward(std::size_t, const float*, float*);
template void Transformer<double>::block_backward(std::size_t, const double*, double*);

}  // namespace normlab::model
