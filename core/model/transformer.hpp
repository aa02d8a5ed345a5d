// A toy decoder-only transformer, small enough to run on a laptop's core and to differentiate by hand:
// token + learned position embeddings, L blocks of causal multi-head self-attention and a GELU FFN
// (4d hidden) with residual connections, the norms placed as ModelConfig says, an output head, and
// the mean next-token cross-entropy. Every gradient is written out by hand (transformer_backward.cpp)
// and checked against finite differences in tests/model/.
//
// Templated on the scalar: float for speed, double for the finite-difference check.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "model/attention.hpp"
#include "model/model_config.hpp"
#include "model/parameters.hpp"
#include "model/row_norms.hpp"

namespace normlab::model {

// A batch of token sequences. targets[i] is the token that position i should predict, or
// kNoTarget when position i does not count in the loss (e.g. the question half of a task).
inline constexpr int kNoTarget = -1;
struct TokenBatch {
  std::size_t sequences = 0;
  std::size_t tokens = 0;    // per sequence, at most ModelConfig::max_seq
  std::vector<int> inputs;   // sequences * tokens, each in [0, vocab)
  std::vector<int> targets;  // sequences * tokens, each in [0, vocab) or kNoTarget
};

// What Xiong et al. 2020 look at, per layer (issue 6): means over tokens of per-token L2 norms, and
// Frobenius norms of gradients of the loss.
struct LayerProbe {
  double hidden_norm = 0;       // residual stream after the layer (post-LN: after its last norm)
  double attn_out_norm = 0;     // attention sublayer's output (after the output projection)
  double ffn_out_norm = 0;      // FFN sublayer's output (after W2 and its bias)
  // Mean over tokens of the cosine between a sublayer's output and the stream it is added to: how much
  // an update lengthens the stream beyond its own size (|h + u|^2 = |h|^2 + 2|h||u|cos + |u|^2).
  double attn_alignment = 0;
  double ffn_alignment = 0;
  double grad_norm_input = 0;   // ||dLoss/d(layer input)||_F
  double grad_norm_ffn_w1 = 0;  // ||dLoss/dW1||_F
  double grad_norm_ffn_w2 = 0;  // ||dLoss/dW2||_F
};

template <typename T>
class Transformer {
 public:
  // `on_block_initialized` hears how many blocks have their initial weights (see initial_parameters).
  explicit Transformer(const ModelConfig& config,
                       const std::function<void(std::size_t blocks_done)>& on_block_initialized = {});

  const ModelConfig& config() const { return config_; }
  const ParameterLayout& layout() const { return layout_; }
  std::vector<T>& parameters() { return parameters_; }
  const std::vector<T>& parameters() const { return parameters_; }

  // Runs the model on `batch`, keeps what the backward needs, returns the mean cross-entropy over the
  // positions with a target (in nats). Throws std::invalid_argument on a malformed batch.
  double forward(const TokenBatch& batch);
  // Gradient of the last forward's loss with respect to every parameter (same layout as parameters()).
  const std::vector<T>& backward();
  const std::vector<T>& gradient() const { return gradient_; }
  // Called after each block of forward() and backward() with the number of blocks that pass has done,
  // so long runs can report progress ("layer 412 of 1000").
  void observe_blocks(std::function<void(bool backward, std::size_t blocks_done)> observer) {
    block_observer_ = std::move(observer);
  }

  // Per-layer probes of the last forward (norms) and backward (gradients), bottom layer first.
  const std::vector<LayerProbe>& probes() const { return probes_; }
  // The residual stream after block `layer` in the last forward, (sequences * tokens) x d.
  const std::vector<T>& stream_after(std::size_t layer) const { return stream_.at(layer + 1); }
  // Post-LN/DeepNorm: what block `layer`'s last norm received (alpha * middle + FFN output); empty
  // for the other placements.
  const std::vector<T>& last_norm_input(std::size_t layer) const { return blocks_.at(layer).ffn_sum; }
  // Softmax of the last forward's logits, (sequences * tokens) x vocab.
  const std::vector<T>& output_probabilities() const { return output_probabilities_; }

 private:
  // Activations of one block for the backward. Which are filled depends on the placement.
  struct BlockActivations {
    std::vector<T> attn_input;                 // pre-LN: norm1(x); otherwise x itself is used
    RowStatistics<T> attn_norm;                // pre: of x; post/deepnorm: of the residual sum
    std::vector<T> query, key, value;          // projections (before QK-norm)
    std::vector<T> query_normed, key_normed;   // QK-norm only
    RowStatistics<T> query_norm, key_norm;
    std::vector<T> probabilities, context;
    std::vector<T> attn_sum;                   // post/deepnorm: alpha x + attention output
    std::vector<T> middle;                     // the stream between the two sublayers
    std::vector<T> ffn_input;                  // pre-LN: norm2(middle)
    RowStatistics<T> ffn_norm;
    std::vector<T> hidden_pre, hidden;         // x W1 + b1 and its GELU
    std::vector<T> ffn_sum;                    // post/deepnorm: alpha middle + FFN output
  };

  void check_batch(const TokenBatch& batch) const;
  void block_forward(std::size_t layer, const T* input, T* output);
  // Takes d(loss)/d(block output) in output_grad, leaves d(loss)/d(block input) in input_grad.
  void block_backward(std::size_t layer, const T* output_grad, T* input_grad);
  const T* attention_input(std::size_t layer) const;
  const T* ffn_input(std::size_t layer) const;
  T* param(std::size_t offset) { return parameters_.data() + offset; }
  const T* param(std::size_t offset) const { return parameters_.data() + offset; }
  T* grad(std::size_t offset) { return gradient_.data() + offset; }
  std::size_t rows() const { return shape_.sequences * shape_.tokens; }

  ModelConfig config_;
  ParameterLayout layout_;
  std::vector<T> parameters_;
  std::vector<T> gradient_;
  T alpha_ = T(1);  // residual scale (DeepNorm's alpha, else 1)

  AttentionShape shape_;
  TokenBatch batch_;
  std::vector<std::vector<T>> stream_;  // stream_[l]: input of block l; stream_[L]: last block's output
  std::vector<BlockActivations> blocks_;
  std::vector<T> final_normed_;
  RowStatistics<T> final_norm_;
  std::vector<T> output_probabilities_;  // softmax of the logits, rows x vocab
  std::size_t target_count_ = 0;
  std::vector<LayerProbe> probes_;
  std::function<void(bool backward, std::size_t blocks_done)> block_observer_;
  // Scratch shared by the blocks (sized on first use).
  std::vector<T> scratch_rows_a_, scratch_rows_b_, scratch_rows_c_, scratch_rows_d_, scratch_rows_e_;
  std::vector<T> scratch_hidden_;
};

// Mean over rows of each row's L2 norm (the probes' per-token mean).
template <typename T>
double mean_row_norm(const T* values, std::size_t rows, std::size_t cols);

}  // namespace normlab::model
