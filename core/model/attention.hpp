// Causal multi-head self-attention on (sequences * tokens) x d matrices of queries, keys and values;
// head h owns columns [h * head_width, (h + 1) * head_width). Token i attends to tokens 0..i of its
// own sequence. Scores are scaled by 1 / sqrt(head_width).
#pragma once

#include <cstddef>

namespace normlab::model {

struct AttentionShape {
  std::size_t sequences = 1;
  std::size_t tokens = 1;      // per sequence
  std::size_t heads = 1;
  std::size_t head_width = 1;  // d / heads
  std::size_t width() const { return heads * head_width; }
  std::size_t probability_count() const { return sequences * heads * tokens * tokens; }
};

// probabilities: [sequence][head][query token][key token] (entries above the diagonal are 0);
// context: (sequences * tokens) x d, the probability-weighted values.
template <typename T>
void causal_attention_forward(const AttentionShape& shape, const T* query, const T* key, const T* value,
                              T* probabilities, T* context);

// Gradients with respect to query, key and value (overwritten) from the context's gradient.
template <typename T>
void causal_attention_backward(const AttentionShape& shape, const T* query, const T* key, const T* value,
                               const T* probabilities, const T* context_grad, T* query_grad, T* key_grad,
                               T* value_grad);

}  // namespace normlab::model
