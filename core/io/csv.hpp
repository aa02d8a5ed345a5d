// Plain CSV matrices: one row per line, numbers separated by commas. Reading gives a 2-D float64
// tensor (CSV carries no dtype); ragged rows and non-numbers are refused with the 1-based row and
// column named. Writing prints each value in the shortest form that reads back to the same bits.
#pragma once

#include <string>

#include "tensor/tensor.hpp"

namespace normlab {

// `source_name` names the text in error messages. Blank lines at the end are ignored; a line may end
// in "\r\n". Throws std::invalid_argument on bad content.
Tensor<double> parse_csv(const std::string& text, const std::string& source_name);
// Throws std::runtime_error when the file cannot be opened.
Tensor<double> read_csv(const std::string& path);

// Rank 2 writes one line per row; rank 1 writes a single line. Other ranks: std::invalid_argument.
template <typename T>
std::string format_csv(const Tensor<T>& tensor);
// Writes atomically (core/io/atomic_file.hpp).
template <typename T>
void write_csv(const std::string& path, const Tensor<T>& tensor);

}  // namespace normlab
