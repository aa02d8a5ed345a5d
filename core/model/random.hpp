// Deterministic random numbers for initialization and synthetic tasks. std::mt19937_64's output is
// fixed by the standard, but std::normal_distribution and friends are not (libstdc++ and libc++
// differ), so the transforms from raw bits to uniform/normal values are our own: a model built from a
// seed is the same on every platform and standard library.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace normlab::model {

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * uniform(); }
  // Uniform integer in [0, count) by rejection, so no value is favoured.
  std::uint64_t below(std::uint64_t count) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % count;
    std::uint64_t draw = engine_();
    while (draw >= limit) draw = engine_();
    return draw % count;
  }
  // Standard normal by Box-Muller (both values of a pair are used).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform()));  // 1 - u is in (0, 1]
    const double angle = 2.0 * 3.14159265358979323846 * uniform();
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace normlab::model
