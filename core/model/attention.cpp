#include "model/attention.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace normlab::model {

namespace {

template <typename T>
T dot(const T* left, const T* right, std::size_t count) {
  T sum = T(0);
  for (std::size_t index = 0; index < count; ++index) sum += left[index] * right[index];
  return sum;
}

template <typename T>
void add_scaled(T* target, const T* source, T scale, std::size_t count) {
  for (std::size_t index = 0; index < count; ++index) target[index] += scale * source[index];
}

}  // namespace

template <typename T>
void causal_attention_forward(const AttentionShape& shape, const T* query, const T* key, const T* value,
                              T* probabilities, T* context) {
  const std::size_t width = shape.width();
  const T scale = T(1) / std::sqrt(static_cast<T>(shape.head_width));
  std::fill(context, context + shape.sequences * shape.tokens * width, T(0));
  for (std::size_t sequence = 0; sequence < shape.sequences; ++sequence) {
    const std::size_t first_row = sequence * shape.tokens;
    for (std::size_t head = 0; head < shape.heads; ++head) {
      const std::size_t column = head * shape.head_width;
      for (std::size_t query_token = 0; query_token < shape.tokens; ++query_token) {
        T* row_probabilities = probabilities + ((sequence * shape.heads + head) * shape.tokens + query_token) * shape.tokens;
        const T* query_row = query + (first_row + query_token) * width + column;
        T max_score = -INFINITY;
        for (std::size_t key_token = 0; key_token <= query_token; ++key_token) {
          const T score = scale * dot(query_row, key + (first_row + key_token) * width + column, shape.head_width);
          row_probabilities[key_token] = score;
          max_score = std::max(max_score, score);
        }
        // Softmax shifted by the row maximum, so exp never overflows.
        T total = T(0);
        for (std::size_t key_token = 0; key_token <= query_token; ++key_token) {
          row_probabilities[key_token] = std::exp(row_probabilities[key_token] - max_score);
          total += row_probabilities[key_token];
        }
        T* context_row = context + (first_row + query_token) * width + column;
        for (std::size_t key_token = 0; key_token <= query_token; ++key_token) {
          row_probabilities[key_token] /= total;
          add_scaled(context_row, value + (first_row + key_token) * width + column, row_probabilities[key_token],
                     shape.head_width);
        }
        std::fill(row_probabilities + query_token + 1, row_probabilities + shape.tokens, T(0));
      }
    }
  }
}

template <typename T>
void causal_attention_backward(const AttentionShape& shape, const T* query, const T* key, const T* value,
                               const T* probabilities, const T* context_grad, T* query_grad, T* key_grad,
                               T* value_grad) {
  const std::size_t width = shape.width();
  const std::size_t total = shape.sequences * shape.tokens * width;
  const T scale = T(1) / std::sqrt(static_cast<T>(shape.head_width));
  std::fill(query_grad, query_grad + total, T(0));
  std::fill(key_grad, key_grad + total, T(0));
  std::fill(value_grad, value_grad + total, T(0));
  std::vector<T> probability_grad(shape.tokens);
  for (std::size_t sequence = 0; sequence < shape.sequences; ++sequence) {
    const std::size_t first_row = sequence * shape.tokens;
    for (std::size_t head = 0; head < shape.heads; ++head) {
      const std::size_t column = head * shape.head_width;
      for (std::size_t query_token = 0; query_token < shape.tokens; ++query_token) {
        const T* row_probabilities =
            probabilities + ((sequence * shape.heads + head) * shape.tokens + query_token) * shape.tokens;
        const T* context_grad_row = context_grad + (first_row + query_token) * width + column;
        // dP_j = dC . v_j; dV_j += P_j dC; softmax backward: dS_j = P_j (dP_j - sum_k P_k dP_k).
        T weighted = T(0);
        for (std::size_t key_token = 0; key_token <= query_token; ++key_token) {
          const std::size_t key_offset = (first_row + key_token) * width + column;
          probability_grad[key_token] = dot(context_grad_row, value + key_offset, shape.head_width);
          weighted += row_probabilities[key_token] * probability_grad[key_token];
          add_scaled(value_grad + key_offset, context_grad_row, row_probabilities[key_token], shape.head_width);
        }
        const std::size_t query_offset = (first_row + query_token) * width + column;
        for (std::size_t key_token = 0; key_token <= query_token; ++key_token) {
          const std::size_t key_offset = (first_row + key_token) * width + column;
          const T score_grad = scale * row_probabilities[key_token] * (probability_grad[key_token] - weighted);
          add_scaled(query_grad + query_offset, key + key_offset, score_grad, shape.head_width);
          add_scaled(key_grad + key_offset, query + query_offset, score_grad, shape.head_width);
        }
      }
    }
  }
}

template void causal_attention_forward<float>(const AttentionShape&, const float*, const float*, const float*, float*,
                                              float*);
template void causal_attention_forward<double>(const AttentionShape&, const double*, const double*, const double*,
                                               double*, double*);
template void causal_attention_backward<float>(const AttentionShape&, const float*, const float*, const float*,
                                               const float*, const float*, float*, float*, float*);
template void causal_attention_backward<double>(const AttentionShape&, const double*, const double*, const double*,
                                                const double*, const double*, double*, double*, double*);

}  // namespace normlab::model
