// .npy bytes -> parse_npy: a tensor whose byte size matches its shape, or a one-line refusal.
#include <stdexcept>

#include "fuzz_support.hpp"
#include "io/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  try {
    const normlab::AnyTensor tensor = normlab::parse_npy(std::string(reinterpret_cast<const char*>(data), size), "f.npy");
    std::visit(
        [](const auto& held) {
          if (held.values.size() != normlab::element_count(held.shape)) std::abort();
        },
        tensor);
  } catch (const std::invalid_argument& error) {
    normlab::fuzz::require_one_clean_line(error.what());
  }
  return 0;
}
