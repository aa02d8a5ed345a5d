// Loading and saving the CLI's tensors by file extension (.npy or .csv), keeping the element type
// (float32 or float64) so that every command's output has its input's dtype.
#pragma once

#include <string>
#include <vector>

#include "io/npy.hpp"

namespace normlab::cli {

// Reads a .npy (float32/float64) or .csv (float64) file; `option` (e.g. "in") names it in errors.
// Refuses NaN/Inf values, naming the file and the index.
AnyTensor load_tensor(const std::string& path, const std::string& option);

// A per-feature vector (gamma, beta, running statistics): a 1-D array, or a one-row or one-column
// CSV/.npy matrix, of exactly `length` values, converted to T.
template <typename T>
std::vector<T> load_vector(const std::string& path, const std::string& option, std::size_t length);

// Checks before any work is done that an output can be written: a known extension (.npy, or .csv
// for rank <= 2) and an existing directory. Throws std::invalid_argument naming the option.
void check_output_path(const std::string& path, const std::string& option);
// Ensures no two output options name the same file.
void check_distinct_outputs(const std::vector<std::string>& paths);
// Refuses an output that is an existing input file, however it is spelt (another relative path, a
// symbolic or a hard link): writing it would replace the input. Options name both in the message.
void check_output_is_not_input(const std::string& output_path, const std::string& output_option,
                               const std::string& input_path, const std::string& input_option);

// Refuses a result holding NaN or Inf before anything is written, saying where and the usual cause
// (an overflow from a huge --gamma/--beta; zero variance with --eps 0 is refused earlier, by the engine).
template <typename T>
void require_finite_result(const Tensor<T>& tensor, const std::string& option);

// Writes atomically in the format given by the extension.
template <typename T>
void save_tensor(const std::string& path, const Tensor<T>& tensor);

template <typename T>
Tensor<T> tensor_as(const AnyTensor& tensor) {
  return std::visit([](const auto& held) { return held.template cast<T>(); }, tensor);
}

inline const Shape& shape_of(const AnyTensor& tensor) {
  return std::visit([](const auto& held) -> const Shape& { return held.shape; }, tensor);
}

}  // namespace normlab::cli
