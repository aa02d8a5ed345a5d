// Runs a check once per Highway target this machine can execute (AVX3, AVX2, SSE4, ... SCALAR), by
// forcing each in turn through hwy::SetSupportedTargetsForTest, so every compiled copy of the kernels
// is compared with the reference, not only the one dispatch would pick.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hwy/targets.h"
#include "kernels/kernels.hpp"

namespace normlab::kernels::testing {

inline std::vector<std::int64_t> runnable_targets() {
  hwy::SetSupportedTargetsForTest(0);
  std::vector<std::int64_t> targets;
  for (std::int64_t remaining = hwy::SupportedTargets() & HWY_TARGETS; remaining != 0;
       remaining &= remaining - 1) {
    targets.push_back(remaining & -remaining);
  }
  return targets;
}

inline void for_each_target(const std::function<void(const std::string& target)>& check) {
  const auto targets = runnable_targets();
  ASSERT_GE(targets.size(), 1u);
  for (const std::int64_t target : targets) {
    hwy::SetSupportedTargetsForTest(target);
    hwy::GetChosenTarget().Update(hwy::SupportedTargets());
    const std::string name = hwy::TargetName(target);
    // Proves the forcing reached the dispatch table: otherwise the sweep would test one target N times.
    ASSERT_EQ(simd_target_name(), name);
    SCOPED_TRACE("target " + name);
    check(name);
  }
  hwy::SetSupportedTargetsForTest(0);
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
}

}  // namespace normlab::kernels::testing
