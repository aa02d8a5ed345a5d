// Forward + backward of the toy transformer (issue 6's speed targets): batch of 4 sequences, T = 16,
// d = 64, 4 heads, L = 48 (target < 50 ms) and L = 1000 (target < 1 s), one core, float.
// The matmul backend and Highway's target are arguments, so one run compares the options recorded
// in core/model/simd_ops.hpp: Eigen as compiled (SSE2 in a portable build) against the Highway GEMM
// with runtime dispatch, at its best target and forced down to AVX2.
#include <benchmark/benchmark.h>

#include <hwy/targets.h>

#include "model/tasks.hpp"
#include "model/simd_ops.hpp"
#include "model/transformer.hpp"

namespace {

using normlab::model::MatmulBackend;

enum Variant : int { highway_best = 0, highway_avx2 = 1, eigen_as_compiled = 2 };

void select_variant(int variant) {
  normlab::model::set_matmul_backend(variant == eigen_as_compiled ? MatmulBackend::eigen : MatmulBackend::highway);
  hwy::DisableTargets(variant == highway_avx2 ? (HWY_AVX3 | HWY_AVX3_DL) : 0);
}

void BM_ForwardBackward(benchmark::State& state) {
  const int variant = static_cast<int>(state.range(1));
  select_variant(variant);
  normlab::model::ModelConfig config;
  config.placement = normlab::model::Placement::pre;
  config.layers = static_cast<std::size_t>(state.range(0));
  config.d_model = 64;
  config.heads = 4;
  config.max_seq = 16;
  config.vocab = 16;
  normlab::model::Transformer<float> model(config);
  normlab::model::Random random(7);
  const auto batch = normlab::model::make_random_batch(4, 16, config.vocab, random);
  for (auto _ : state) {
    benchmark::DoNotOptimize(model.forward(batch));
    benchmark::DoNotOptimize(model.backward().data());
  }
  // Multiply-adds of the dense products (forward 1x, backward 2x): per token and layer 12 d^2.
  const double flops = 3.0 * 2.0 * 12.0 * 64.0 * 64.0 * 64.0 * static_cast<double>(config.layers);
  state.counters["GFLOP/s"] = benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
  state.SetLabel((variant == eigen_as_compiled ? std::string("eigen") : "highway:" + normlab::model::simd_target_name()));
  select_variant(highway_best);
}

BENCHMARK(BM_ForwardBackward)
    ->ArgNames({"layers", "variant"})
    ->ArgsProduct({{48}, {highway_best, highway_avx2, eigen_as_compiled}})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ForwardBackward)
    ->ArgNames({"layers", "variant"})
    ->ArgsProduct({{1000}, {highway_best, eigen_as_compiled}})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
