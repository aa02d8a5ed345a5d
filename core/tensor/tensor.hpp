// A dense, row-major (C order) tensor: the one container every part of NormLab passes around.
// Deliberately plain: a shape and a flat vector of values, so the CLI, the app, the kernels and the
// tests agree on layout without adapters. Element [i0, i1, ..., ik] lives at the usual C-order offset.
#pragma once

#include <cstddef>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace normlab {

using Shape = std::vector<std::size_t>;

inline std::size_t element_count(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

inline std::string shape_to_string(const Shape& shape) {
  std::string text = "(";
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    if (axis > 0) text += ", ";
    text += std::to_string(shape[axis]);
  }
  if (shape.size() == 1) text += ",";
  return text + ")";
}

template <typename T>
struct Tensor {
  Shape shape;
  std::vector<T> values;

  Tensor() = default;
  explicit Tensor(Shape tensor_shape, T fill = T(0))
      : shape(std::move(tensor_shape)), values(element_count(shape), fill) {}
  Tensor(Shape tensor_shape, std::vector<T> tensor_values)
      : shape(std::move(tensor_shape)), values(std::move(tensor_values)) {
    if (values.size() != element_count(shape)) {
      throw std::invalid_argument("tensor of shape " + shape_to_string(shape) + " needs " +
                                  std::to_string(element_count(shape)) + " values, got " +
                                  std::to_string(values.size()));
    }
  }

  std::size_t rank() const { return shape.size(); }
  std::size_t size() const { return values.size(); }
  T* data() { return values.data(); }
  const T* data() const { return values.data(); }
  T& operator[](std::size_t flat_index) { return values[flat_index]; }
  const T& operator[](std::size_t flat_index) const { return values[flat_index]; }

  // Converts element type (float <-> double) keeping the shape.
  template <typename U>
  Tensor<U> cast() const {
    return Tensor<U>(shape, std::vector<U>(values.begin(), values.end()));
  }
};

}  // namespace normlab
