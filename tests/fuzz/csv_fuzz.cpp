// CSV text -> parse_csv: a rows x cols matrix of finite values, or a one-line refusal.
#include <cmath>
#include <stdexcept>

#include "fuzz_support.hpp"
#include "io/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  try {
    const auto matrix = normlab::parse_csv(std::string(reinterpret_cast<const char*>(data), size), "f.csv");
    if (matrix.rank() != 2 || matrix.values.size() != matrix.shape[0] * matrix.shape[1]) std::abort();
    for (const double value : matrix.values) {
      if (!std::isfinite(value)) std::abort();
    }
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_one_clean_line(error.what());
  }
  return 0;
}
