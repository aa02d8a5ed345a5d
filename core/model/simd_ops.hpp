// The model's dense products and its GELU, with runtime SIMD dispatch.
//
// Why not plain Eigen: Eigen picks its SIMD at compile time from -m flags, and a portable build has
// none beyond SSE2. Options measured with bench/model_bench.cpp (forward + backward, batch 4 x T 16,
// d 64, float, one thread, AMD EPYC with AVX-512, Release, medians of 3; CPU time, because the
// shared 2-core machine ran at load ~10 and wall times were ~3x higher):
//   L = 48:   Eigen SSE2 (portable build) 36.3 ms | Eigen -mavx2 -mfma (not portable) 22.7 ms |
//             Highway dispatch, forced to AVX2 25.4 ms | Highway dispatch, AVX-512 20.7 ms (44 GFLOP/s)
//   L = 1000: Eigen SSE2 884 ms | Eigen -mavx2 -mfma 785 ms | Highway AVX-512 758 ms
// (Tiling the transpose in matmul_transposed_b later brought Highway AVX-512 to 18.6 ms at L = 48.)
// Chosen: a small Highway GEMM with HWY_DYNAMIC_DISPATCH: one portable binary that runs AVX-512,
// AVX2, SSE4 or scalar code as the user's CPU allows, and as fast as Eigen built for AVX2 here.
// Per-target Eigen units were rejected: Eigen's templates compiled under several ISAs in one program
// produce identical symbols, which the linker merges (an AVX2 copy could run on an SSE2-only CPU)
// unless each unit is isolated in its own shared object. OpenBLAS would add a dependency whose
// per-call overhead dominates at these tiny sizes (64 x 64 x 256). Eigen stays selectable
// (set_matmul_backend) for comparison; tests check both against plain loops on every target.
#pragma once

#include <cstddef>
#include <string>

namespace normlab::model {

enum class MatmulBackend { highway, eigen };
void set_matmul_backend(MatmulBackend backend);  // process-wide; highway by default
MatmulBackend matmul_backend();
std::string simd_target_name();  // the Highway target the dispatch picked, e.g. "AVX3"

// Row-major throughout. `accumulate` adds to c instead of overwriting it.
// c (rows x cols) = a (rows x inner) * b (inner x cols)
template <typename T>
void matmul(const T* a, const T* b, T* c, std::size_t rows, std::size_t inner, std::size_t cols, bool accumulate);
// c (a_cols x b_cols) = a^T * b, with a (rows x a_cols) and b (rows x b_cols): weight gradients.
template <typename T>
void matmul_transposed_a(const T* a, const T* b, T* c, std::size_t rows, std::size_t a_cols, std::size_t b_cols,
                         bool accumulate);
// c (rows x b_rows) = a * b^T, with a (rows x inner) and b (b_rows x inner): input gradients.
template <typename T>
void matmul_transposed_b(const T* a, const T* b, T* c, std::size_t rows, std::size_t inner, std::size_t b_rows,
                         bool accumulate);

// GELU, tanh form (as GPT-2): gelu(x) = x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))).
template <typename T>
void gelu_forward(const T* input, T* output, std::size_t count);
// input_grad = output_grad * gelu'(input)
template <typename T>
void gelu_backward(const T* input, const T* output_grad, T* input_grad, std::size_t count);

}  // namespace normlab::model
