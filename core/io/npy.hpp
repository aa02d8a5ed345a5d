// NumPy .npy files (format versions 1.0, 2.0 and 3.0) holding little-endian float32 ('<f4') or
// float64 ('<f8') arrays in C order: the exchange format between NormLab, PyTorch and NumPy.
// Anything else (other dtypes, Fortran order, big-endian, truncated data, malformed headers) is
// refused with a one-line message naming the file and the problem.
#pragma once

#include <string>
#include <variant>

#include "tensor/tensor.hpp"

namespace normlab {

// The element type travels with the values so that output dtype = input dtype.
using AnyTensor = std::variant<Tensor<float>, Tensor<double>>;

// Parses the bytes of a .npy file; `source_name` names it in error messages. Throws
// std::invalid_argument (bad content) with a message starting with the source name.
AnyTensor parse_npy(const std::string& bytes, const std::string& source_name);
// Reads a file; throws std::runtime_error when it cannot be opened, std::invalid_argument on bad content.
AnyTensor read_npy(const std::string& path);

// The bytes of a version 1.0 .npy file (header padded to a multiple of 64 bytes, as NumPy writes it).
template <typename T>
std::string serialize_npy(const Tensor<T>& tensor);
// Writes atomically (core/io/atomic_file.hpp): on failure `path` is untouched.
template <typename T>
void write_npy(const std::string& path, const Tensor<T>& tensor);

}  // namespace normlab
