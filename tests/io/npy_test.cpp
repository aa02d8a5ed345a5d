// .npy: round trips of float32/float64 of several ranks, headers written by NumPy (versions 1.0 and
// 2.0, byte for byte as numpy.save lays them out), and every refusal with its message.
#include "io/npy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>

namespace normlab {
namespace {

std::string message_of(const std::string& bytes) {
  try {
    parse_npy(bytes, "test.npy");
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

// A .npy image with the given header dict (version 1.0 or 2.0), padded as NumPy pads it, plus data.
std::string npy_image(const std::string& dict, const std::string& data, int major_version = 1) {
  const std::size_t prefix = major_version == 1 ? 10 : 12;
  std::string header = dict;
  header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
  header.push_back('\n');
  std::string bytes = "\x93NUMPY";
  bytes.push_back(static_cast<char>(major_version));
  bytes.push_back('\0');
  const std::size_t length = header.size();
  for (std::size_t byte = 0; byte < (major_version == 1 ? 2u : 4u); ++byte) {
    bytes.push_back(static_cast<char>((length >> (8 * byte)) & 0xff));
  }
  return bytes + header + data;
}

template <typename T>
std::string raw_bytes(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

TEST(Npy, RoundTripKeepsShapeDtypeAndBits) {
  const Tensor<float> matrix({2, 3}, {1.5f, -2.0f, 3.25f, 1e-30f, 7.0f, -0.0f});
  const auto parsed = std::get<Tensor<float>>(parse_npy(serialize_npy(matrix), "m.npy"));
  EXPECT_EQ(parsed.shape, matrix.shape);
  EXPECT_EQ(std::memcmp(parsed.data(), matrix.data(), sizeof(float) * 6), 0);

  const Tensor<double> cube({2, 1, 2}, {0.1, 0.2, 1e300, -5e-324});
  const auto parsed_cube = std::get<Tensor<double>>(parse_npy(serialize_npy(cube), "c.npy"));
  EXPECT_EQ(parsed_cube.shape, cube.shape);
  EXPECT_EQ(parsed_cube.values, cube.values);

  const Tensor<double> vector({3}, {1, 2, 3});
  const std::string bytes = serialize_npy(vector);
  EXPECT_NE(bytes.find("'shape': (3,), }"), std::string::npos) << "NumPy's 1-tuple spelling";
  EXPECT_EQ(bytes.size() % 64, 24u % 64) << "header padded to 64 bytes, then 3 doubles";
}

TEST(Npy, WritesAtomicallyToDisk) {
  const auto directory =
      std::filesystem::temp_directory_path() / ("normlab_npy_" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const std::string path = (directory / "x.npy").string();
  write_npy(path, Tensor<float>({2}, {1, 2}));
  EXPECT_EQ(std::get<Tensor<float>>(read_npy(path)).values, (std::vector<float>{1, 2}));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(directory), {}), 1) << "no temporary left";
  std::filesystem::remove_all(directory);
}

TEST(Npy, ReadsNumPyVersionOneAndTwoHeaders) {
  const std::string data = raw_bytes(std::vector<double>{1, 2, 3, 4, 5, 6});
  const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
  for (const int version : {1, 2}) {
    const auto tensor = std::get<Tensor<double>>(parse_npy(npy_image(dict, data, version), "v.npy"));
    EXPECT_EQ(tensor.shape, (Shape{2, 3}));
    EXPECT_EQ(tensor[5], 6.0);
  }
  // Keys in another order and a 0-d array.
  const auto scalar = std::get<Tensor<float>>(parse_npy(
      npy_image("{'shape': (), 'fortran_order': False, 'descr': '<f4'}", raw_bytes(std::vector<float>{2.5f})),
      "s"));
  EXPECT_TRUE(scalar.shape.empty());
  EXPECT_EQ(scalar[0], 2.5f);
}

// The message for a .npy image whose header is `dict` followed by four float32 values.
std::string message_for_header(const std::string& dict) {
  return message_of(npy_image(dict, raw_bytes(std::vector<float>{1, 2, 3, 4})));
}

TEST(Npy, RefusesWhatItCannotRead) {
  const struct {
    const char* dict;
    const char* phrase;
  } cases[] = {
      {"{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", "unsupported dtype '<i8'"},
      {"{'descr': '>f4', 'fortran_order': False, 'shape': (4,), }", "big-endian"},
      {"{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", "Fortran-order"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }", "truncated .npy data"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "unexpected bytes"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (x,), }", "malformed .npy header"},
      {"{'descr': '<f4', 'shape': (4,), }", "malformed"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", "no error"},
  };
  for (const auto& refusal : cases) {
    EXPECT_NE(message_for_header(refusal.dict).find(refusal.phrase), std::string::npos) << refusal.dict;
  }
  EXPECT_NE(message_of("hello world, not numpy").find("not a .npy file"), std::string::npos);
  const std::string whole = npy_image("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }",
                                      raw_bytes(std::vector<float>{1, 2, 3, 4}));
  EXPECT_NE(message_of(whole.substr(0, 40)).find("truncated .npy header"), std::string::npos);
  EXPECT_THROW(read_npy("/nonexistent/normlab/x.npy"), std::runtime_error);
}

}  // namespace
}  // namespace normlab

namespace normlab {
namespace {

// A header key or dtype with a terminal escape, a newline or 10 KB of text is quoted escaped and short.
TEST(Npy, UntrustedHeaderTextIsQuotedOnOneShortLine) {
  for (const std::string& key : {std::string("evil\x1b[2J\nkey"), std::string(10000, 'k')}) {
    const std::string message = message_of(npy_image("{'" + key + "': 1, }", ""));
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_EQ(message.find('\x1b'), std::string::npos) << message;
    EXPECT_LT(message.size(), 150u) << message;
  }
  EXPECT_NE(message_of(npy_image("{'evil\x1b[2J': 1, }", "")).find("'evil\\x1b[2J'"), std::string::npos);
  const std::string dtype = message_of(npy_image("{'descr': '<i8\n', 'fortran_order': False, 'shape': (1,), }", ""));
  EXPECT_NE(dtype.find("'<i8\\n'"), std::string::npos) << dtype;
}

}  // namespace
}  // namespace normlab
