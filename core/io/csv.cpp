#include "io/csv.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "io/atomic_file.hpp"
#include "io/parse_number.hpp"
#include "io/read_file.hpp"
#include "io/untrusted_text.hpp"

namespace normlab {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto newline = text.find('\n', start);
    lines.push_back(text.substr(start, newline == std::string::npos ? std::string::npos : newline - start));
    if (newline == std::string::npos) break;
    start = newline + 1;
  }
  while (!lines.empty() && trimmed(lines.back()).empty()) lines.pop_back();
  return lines;
}

// Why parse_decimal refused a cell, in words: NaN and Inf are named (inputs must be finite).
std::string why_not_decimal(const std::string& cell) {
  char* end = nullptr;
  const double loose = std::strtod(cell.c_str(), &end);
  const bool whole_cell = !cell.empty() && end == cell.c_str() + cell.size();
  if (whole_cell && std::isnan(loose)) return "is NaN (inputs must be finite)";
  if (whole_cell && std::isinf(loose)) {
    return cell.find_first_of("iI") != std::string::npos ? "is Inf (inputs must be finite)"
                                                         : "is out of the float64 range";
  }
  return std::string("is not a number (write ") + kDecimalHint + ")";
}

double parse_cell(const std::string& cell_text, const std::string& source_name, std::size_t row,
                  std::size_t col) {
  const std::string cell = trimmed(cell_text);
  const std::optional<double> value = parse_decimal(cell);
  if (!value) {
    throw std::invalid_argument(source_name + ": row " + std::to_string(row) + ", column " + std::to_string(col) +
                                ": '" + printable_excerpt(cell) + "' " + why_not_decimal(cell));
  }
  return *value;
}

template <typename T>
void append_shortest(std::string& text, T value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  text.append(buffer, result.ptr);
}

}  // namespace

Tensor<double> parse_csv(const std::string& text, const std::string& source_name) {
  const std::vector<std::string> lines = split_lines(text);
  if (lines.empty()) throw std::invalid_argument(source_name + ": empty CSV file (no numbers)");
  std::vector<double> values;
  std::size_t cols = 0;
  for (std::size_t line_index = 0; line_index < lines.size(); ++line_index) {
    const std::size_t row = line_index + 1;
    std::size_t row_cols = 0;
    std::size_t start = 0;
    while (true) {
      const auto comma = lines[line_index].find(',', start);
      const std::string cell =
          lines[line_index].substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      values.push_back(parse_cell(cell, source_name, row, ++row_cols));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (line_index == 0) {
      cols = row_cols;
    } else if (row_cols != cols) {
      throw std::invalid_argument(source_name + ": row " + std::to_string(row) + " has " +
                                  std::to_string(row_cols) + " values but row 1 has " + std::to_string(cols) +
                                  " (ragged rows)");
    }
  }
  return Tensor<double>(Shape{lines.size(), cols}, std::move(values));
}

Tensor<double> read_csv(const std::string& path) { return parse_csv(read_regular_file(path), path); }

template <typename T>
std::string format_csv(const Tensor<T>& tensor) {
  if (tensor.rank() != 1 && tensor.rank() != 2) {
    throw std::invalid_argument("CSV holds 1-D or 2-D data, got shape " + shape_to_string(tensor.shape) +
                                " (use .npy)");
  }
  const std::size_t cols = tensor.shape.back();
  const std::size_t rows = tensor.rank() == 2 ? tensor.shape[0] : 1;
  std::string text;
  for (std::size_t row = 0; row < rows; ++row) {
    for (std::size_t col = 0; col < cols; ++col) {
      if (col > 0) text.push_back(',');
      append_shortest(text, tensor[row * cols + col]);
    }
    text.push_back('\n');
  }
  return text;
}

template <typename T>
void write_csv(const std::string& path, const Tensor<T>& tensor) {
  const std::string text = format_csv(tensor);
  write_file_atomically(path, [&](std::ostream& stream) { stream << text; });
}

template std::string format_csv<float>(const Tensor<float>&);
template std::string format_csv<double>(const Tensor<double>&);
template void write_csv<float>(const std::string&, const Tensor<float>&);
template void write_csv<double>(const std::string&, const Tensor<double>&);

}  // namespace normlab
