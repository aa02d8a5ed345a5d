#include "io/npy.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "io/atomic_file.hpp"
#include "io/read_file.hpp"
#include "io/untrusted_text.hpp"

namespace normlab {

static_assert(std::endian::native == std::endian::little, "the .npy code assumes a little-endian host");

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLength = 6;

[[noreturn]] void fail(const std::string& source_name, const std::string& problem) {
  throw std::invalid_argument(source_name + ": " + problem);
}

// The header is a Python dict literal such as {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }.
// This reads exactly that grammar: quoted keys, and values that are strings, True/False or int tuples.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, const std::string& source_name)
      : text_(text), source_name_(source_name) {}

  struct Header {
    std::string descr;
    bool fortran_order = false;
    Shape shape;
  };

  Header parse() {
    Header header;
    bool has_descr = false, has_order = false, has_shape = false;
    expect('{');
    while (!peek_is('}')) {
      const std::string key = quoted();
      expect(':');
      if (key == "descr") {
        header.descr = quoted();
        has_descr = true;
      } else if (key == "fortran_order") {
        header.fortran_order = boolean();
        has_order = true;
      } else if (key == "shape") {
        header.shape = tuple();
        has_shape = true;
      } else {
        malformed("unexpected key '" + printable_excerpt(key) + "'");
      }
      if (!peek_is(',')) break;
      expect(',');
    }
    expect('}');
    skip_space();
    if (position_ != text_.size()) malformed("text after the closing brace");
    if (!has_descr || !has_order || !has_shape)
      malformed("it needs the keys 'descr', 'fortran_order' and 'shape'");
    return header;
  }

 private:
  [[noreturn]] void malformed(const std::string& detail) {
    fail(source_name_, "malformed .npy header (" + detail + ")");
  }
  void skip_space() {
    while (position_ < text_.size() &&
           (text_[position_] == ' ' || text_[position_] == '\n' || text_[position_] == '\t'))
      ++position_;
  }
  bool peek_is(char wanted) {
    skip_space();
    return position_ < text_.size() && text_[position_] == wanted;
  }
  void expect(char wanted) {
    if (!peek_is(wanted)) malformed(std::string("expected '") + wanted + "'");
    ++position_;
  }
  std::string quoted() {
    skip_space();
    if (position_ >= text_.size() || (text_[position_] != '\'' && text_[position_] != '"'))
      malformed("expected a quoted string");
    const char quote = text_[position_++];
    const std::size_t end = text_.find(quote, position_);
    if (end == std::string::npos) malformed("unterminated string");
    std::string value = text_.substr(position_, end - position_);
    position_ = end + 1;
    return value;
  }
  bool boolean() {
    skip_space();
    if (text_.compare(position_, 4, "True") == 0) return position_ += 4, true;
    if (text_.compare(position_, 5, "False") == 0) return position_ += 5, false;
    malformed("fortran_order must be True or False");
  }
  Shape tuple() {
    Shape shape;
    expect('(');
    while (!peek_is(')')) {
      std::size_t digits_end = position_;
      while (digits_end < text_.size() && text_[digits_end] >= '0' && text_[digits_end] <= '9') ++digits_end;
      if (digits_end == position_ || digits_end - position_ > 18)
        malformed("shape entries must be non-negative integers");
      shape.push_back(std::stoull(text_.substr(position_, digits_end - position_)));
      position_ = digits_end;
      if (position_ < text_.size() && text_[position_] == 'L') ++position_;  // Python 2 long suffix
      if (!peek_is(',')) break;
      expect(',');
    }
    expect(')');
    return shape;
  }

  const std::string& text_;
  const std::string& source_name_;
  std::size_t position_ = 0;
};

std::size_t little_endian_value(const std::string& bytes, std::size_t offset, std::size_t width) {
  std::size_t value = 0;
  for (std::size_t index = 0; index < width; ++index) {
    value |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[offset + index])) << (8 * index);
  }
  return value;
}

std::size_t checked_element_count(const Shape& shape, std::size_t element_size,
                                  const std::string& source_name) {
  std::size_t count = 1;
  for (const std::size_t extent : shape) {
    if (extent != 0 && count > std::numeric_limits<std::size_t>::max() / element_size / extent) {
      fail(source_name, "shape " + shape_to_string(shape) + " is too large");
    }
    count *= extent;
  }
  return count;
}

template <typename T>
Tensor<T> read_values(const std::string& bytes, std::size_t data_offset, const Shape& shape,
                      const std::string& source_name) {
  const std::size_t count = checked_element_count(shape, sizeof(T), source_name);
  const std::size_t expected_bytes = count * sizeof(T);
  const std::size_t available_bytes = bytes.size() - data_offset;
  if (available_bytes < expected_bytes) {
    fail(source_name, "truncated .npy data: shape " + shape_to_string(shape) + " needs " +
                          std::to_string(expected_bytes) + " bytes, the file has " +
                          std::to_string(available_bytes));
  }
  if (available_bytes > expected_bytes) {
    fail(source_name, "corrupt .npy file: " + std::to_string(available_bytes - expected_bytes) +
                          " unexpected bytes after the data of shape " + shape_to_string(shape));
  }
  Tensor<T> tensor(shape);
  if (expected_bytes > 0) std::memcpy(tensor.data(), bytes.data() + data_offset, expected_bytes);
  return tensor;
}

std::string shape_literal(const Shape& shape) {
  std::string text = "(";
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    text += std::to_string(shape[axis]);
    if (shape.size() == 1 || axis + 1 < shape.size()) text += shape.size() == 1 ? "," : ", ";
  }
  return text + ")";
}

}  // namespace

AnyTensor parse_npy(const std::string& bytes, const std::string& source_name) {
  if (bytes.size() < kMagicLength + 2 || bytes.compare(0, kMagicLength, kMagic, kMagicLength) != 0) {
    fail(source_name, "not a .npy file (it does not start with the \\x93NUMPY magic)");
  }
  const int major_version = static_cast<unsigned char>(bytes[6]);
  if (major_version < 1 || major_version > 3) {
    fail(source_name, "unsupported .npy format version " + std::to_string(major_version) + ".x");
  }
  const std::size_t length_width = major_version == 1 ? 2 : 4;
  const std::size_t header_start = kMagicLength + 2 + length_width;
  if (bytes.size() < header_start) fail(source_name, "truncated .npy header");
  const std::size_t header_length = little_endian_value(bytes, kMagicLength + 2, length_width);
  if (bytes.size() - header_start < header_length) fail(source_name, "truncated .npy header");
  const std::string header_text = bytes.substr(header_start, header_length);
  const auto header = HeaderParser(header_text, source_name).parse();

  if (header.fortran_order) {
    fail(source_name, "Fortran-order arrays are not supported (save with numpy.ascontiguousarray)");
  }
  const std::size_t data_offset = header_start + header_length;
  if (header.descr == "<f4") return read_values<float>(bytes, data_offset, header.shape, source_name);
  if (header.descr == "<f8") return read_values<double>(bytes, data_offset, header.shape, source_name);
  if (header.descr == ">f4" || header.descr == ">f8") {
    fail(source_name, "big-endian dtype '" + printable_excerpt(header.descr) + "' is not supported (use '<f4' or '<f8')");
  }
  fail(source_name,
       "unsupported dtype '" + printable_excerpt(header.descr) + "' (NormLab reads float32 '<f4' and float64 '<f8')");
}

AnyTensor read_npy(const std::string& path) { return parse_npy(read_regular_file(path), path); }

// The header bytes of a version 1.0 .npy file for `tensor` (magic, version, length, padded dict).
template <typename T>
std::string npy_header(const Tensor<T>& tensor) {
  if (tensor.values.size() != element_count(tensor.shape)) {
    throw std::invalid_argument("tensor of shape " + shape_to_string(tensor.shape) + " holds " +
                                std::to_string(tensor.values.size()) + " values");
  }
  const std::string descr = sizeof(T) == 4 ? "<f4" : "<f8";
  std::string header =
      "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape_literal(tensor.shape) + ", }";
  // NumPy pads with spaces so that magic + version + length + header (ending in '\n') is a multiple of 64.
  const std::size_t prefix_length = kMagicLength + 2 + 2;
  const std::size_t unpadded = prefix_length + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header.push_back('\n');
  if (header.size() > 65535) throw std::invalid_argument("shape too long for a version 1.0 .npy header");
  std::string bytes(kMagic, kMagicLength);
  bytes.push_back('\x01');
  bytes.push_back('\x00');
  bytes.push_back(static_cast<char>(header.size() & 0xff));
  bytes.push_back(static_cast<char>((header.size() >> 8) & 0xff));
  return bytes + header;
}

template <typename T>
std::string serialize_npy(const Tensor<T>& tensor) {
  std::string bytes = npy_header(tensor);
  bytes.append(reinterpret_cast<const char*>(tensor.data()), tensor.values.size() * sizeof(T));
  return bytes;
}

// The data goes from the tensor to the file directly: no second copy of a large array in memory.
template <typename T>
void write_npy(const std::string& path, const Tensor<T>& tensor) {
  const std::string header = npy_header(tensor);
  write_file_atomically(path, [&](std::ostream& stream) {
    stream.write(header.data(), static_cast<std::streamsize>(header.size()));
    stream.write(reinterpret_cast<const char*>(tensor.data()),
                 static_cast<std::streamsize>(tensor.values.size() * sizeof(T)));
  });
}

template std::string serialize_npy<float>(const Tensor<float>&);
template std::string serialize_npy<double>(const Tensor<double>&);
template void write_npy<float>(const std::string&, const Tensor<float>&);
template void write_npy<double>(const std::string&, const Tensor<double>&);

}  // namespace normlab
