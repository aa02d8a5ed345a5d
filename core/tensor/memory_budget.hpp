// One memory budget for every request sized by the user (benchmark shapes, model sizes): a request
// whose buffers would exceed it is refused before anything is allocated, with the sizes in words.
// Without it a large request ends in a bare std::bad_alloc or, since Linux overcommits, in the
// kernel's OOM killer once the pages are touched (the process vanishes mid-run).
#pragma once

#include <string>

namespace normlab {

// The budget is this fraction of the machine's physical memory (other programs need the rest).
inline constexpr double kMemoryBudgetFraction = 0.5;

double physical_memory_bytes();  // +infinity when the system does not say
double memory_budget_bytes();

// "3.5 GiB"
std::string gibibytes(double bytes);

// Throws std::invalid_argument "<what> needs X GiB, more than NormLab's budget of Y GiB (half of this
// machine's Z GiB of memory)" when needed_bytes exceeds the budget. `what` is e.g. "a 1000 x 4096 benchmark".
void require_within_memory_budget(double needed_bytes, const std::string& what);

}  // namespace normlab
