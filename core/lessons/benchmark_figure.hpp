// The benchmark's answer as a figure: median time of memcpy (the floor), LayerNorm and RMSNorm forward
// on one shape, subtitled with the measured answer to the exercise "is RMSNorm faster?". The app's benchmark panel
// draws it and `normlab-cli export --figure kernel-speed` measures and exports it.
#pragma once

#include <string>

#include "figure/figure.hpp"
#include "perf/benchmark.hpp"

namespace normlab::figure {

// A case's name for people: "memcpy (the floor)", "LayerNorm forward", "RMSNorm backward",
// "LayerNorm forward, scalar loop", ...; an unknown name as it is.
std::string benchmark_case_label(const std::string& name);

// Bars of median time (ms) for memcpy, layer_fwd and rms_fwd, those that ran, in that order.
Figure benchmark_answer_figure(const perf::BenchmarkReport& report);

}  // namespace normlab::figure
