#include "tensor_files.hpp"

#include <cmath>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "io/csv.hpp"

namespace normlab::cli {

namespace {

enum class FileFormat { npy, csv };

FileFormat format_of(const std::string& path, const std::string& option) {
  const std::string extension = std::filesystem::path(path).extension().string();
  if (extension == ".npy") return FileFormat::npy;
  if (extension == ".csv") return FileFormat::csv;
  throw std::invalid_argument("--" + option + " '" + path + "': unknown file type '" + extension +
                              "' (use .npy or .csv)");
}

template <typename T>
void require_finite(const Tensor<T>& tensor, const std::string& path) {
  for (std::size_t flat = 0; flat < tensor.size(); ++flat) {
    if (!std::isfinite(tensor[flat])) {
      throw std::invalid_argument(path + ": contains " +
                                  std::string(std::isnan(tensor[flat]) ? "NaN" : "Inf") + " at flat index " +
                                  std::to_string(flat) + " (inputs must be finite)");
    }
  }
}

bool is_vector_shape(const Shape& shape) {
  std::size_t long_axes = 0;
  for (const std::size_t extent : shape) long_axes += extent != 1 ? 1 : 0;
  return shape.size() >= 1 && shape.size() <= 2 && long_axes <= 1;
}

}  // namespace

AnyTensor load_tensor(const std::string& path, const std::string& option) {
  if (path.empty()) throw std::invalid_argument("--" + option + " needs a file name");
  const FileFormat format = format_of(path, option);
  if (!std::filesystem::exists(path))
    throw std::invalid_argument("--" + option + " '" + path + "': no such file");
  AnyTensor tensor = format == FileFormat::npy ? read_npy(path) : AnyTensor(read_csv(path));
  std::visit([&](const auto& held) { require_finite(held, path); }, tensor);
  return tensor;
}

template <typename T>
std::vector<T> load_vector(const std::string& path, const std::string& option, std::size_t length) {
  const AnyTensor tensor = load_tensor(path, option);
  const Shape& shape = shape_of(tensor);
  if (!is_vector_shape(shape) || element_count(shape) != length) {
    throw std::invalid_argument("--" + option + " '" + path + "' has shape " + shape_to_string(shape) +
                                " but needs " + std::to_string(length) + " values (one per feature/channel)");
  }
  return tensor_as<T>(tensor).values;
}

void check_output_path(const std::string& path, const std::string& option) {
  if (path.empty()) throw std::invalid_argument("--" + option + " needs a file name");
  format_of(path, option);
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::is_directory(parent)) {
    throw std::invalid_argument("--" + option + " '" + path + "': directory '" + parent.string() +
                                "' does not exist");
  }
  if (std::filesystem::is_directory(path)) {
    throw std::invalid_argument("--" + option + " '" + path + "' is a directory");
  }
}

void check_distinct_outputs(const std::vector<std::string>& paths) {
  std::set<std::string> seen;
  for (const auto& path : paths) {
    const std::string normal = std::filesystem::absolute(path).lexically_normal().string();
    if (!seen.insert(normal).second)
      throw std::invalid_argument("two outputs name the same file '" + path + "'");
  }
}

void check_output_is_not_input(const std::string& output_path, const std::string& output_option,
                               const std::string& input_path, const std::string& input_option) {
  std::error_code error;
  if (std::filesystem::equivalent(output_path, input_path, error) && !error) {
    throw std::invalid_argument("--" + output_option + " '" + output_path + "' is the input file --" + input_option +
                                " '" + input_path + "': writing it would replace the input (choose another name)");
  }
}

template <typename T>
void require_finite_result(const Tensor<T>& tensor, const std::string& option) {
  for (std::size_t flat = 0; flat < tensor.size(); ++flat) {
    if (std::isnan(tensor[flat])) {
      throw std::invalid_argument("the result for --" + option + " has NaN at flat index " + std::to_string(flat) +
                                  ": an intermediate value overflowed (smaller --gamma/--beta or inputs, or float64 input)");
    }
    if (std::isinf(tensor[flat])) {
      throw std::invalid_argument("the result for --" + option + " has Inf at flat index " + std::to_string(flat) +
                                  ": it overflows the data type (smaller --gamma/--beta, a larger --eps or float64 input)");
    }
  }
}

template <typename T>
void save_tensor(const std::string& path, const Tensor<T>& tensor) {
  if (format_of(path, "out") == FileFormat::npy) {
    write_npy(path, tensor);
  } else {
    write_csv(path, tensor);
  }
}

template std::vector<float> load_vector<float>(const std::string&, const std::string&, std::size_t);
template std::vector<double> load_vector<double>(const std::string&, const std::string&, std::size_t);
template void require_finite_result<float>(const Tensor<float>&, const std::string&);
template void require_finite_result<double>(const Tensor<double>&, const std::string&);
template void save_tensor<float>(const std::string&, const Tensor<float>&);
template void save_tensor<double>(const std::string&, const Tensor<double>&);

}  // namespace normlab::cli
