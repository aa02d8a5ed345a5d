#include "tensor/memory_budget.hpp"

#include <unistd.h>

#include <cstdio>
#include <limits>
#include <stdexcept>

namespace normlab {

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page_size > 0 ? double(pages) * double(page_size) : std::numeric_limits<double>::infinity();
}

double memory_budget_bytes() { return kMemoryBudgetFraction * physical_memory_bytes(); }

std::string gibibytes(double bytes) {
  char text[48];
  std::snprintf(text, sizeof text, "%.1f GiB", bytes / double(std::size_t{1} << 30));
  return text;
}

void require_within_memory_budget(double needed_bytes, const std::string& what) {
  if (!(needed_bytes <= memory_budget_bytes())) {
    throw std::invalid_argument(what + " needs " + gibibytes(needed_bytes) + ", more than NormLab's budget of " +
                                gibibytes(memory_budget_bytes()) + " (half of this machine's " +
                                gibibytes(physical_memory_bytes()) + " of memory)");
  }
}

}  // namespace normlab
