#include <algorithm>
#include <cmath>

#include <omp.h>

#include "args.hh"
#include "kernels.hh"
#include "threads.hh"
#include "vectorize.hh"

namespace tensile {

namespace {

// Elements [begin, end) of one step. In double, rounded once per result, as the js kernel does:
// float32 arithmetic drifts by ~1e-5 relative over a few steps, which the optimizer tests notice.
// The double square root and division dominate, hence the AVX2/AVX-512 clones (2 lanes on
// baseline x86-64). Plain restrict pointers: GCC 12 does not vectorise the loop when they come
// out of a struct.
TENSILE_VECTOR_CLONES
void adamRange(const float* __restrict param, const float* __restrict grad, const float* __restrict m,
               const float* __restrict v, float* __restrict out_param, float* __restrict out_m, float* __restrict out_v,
               double alpha, double beta1, double beta2, double epsilon, int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; i++) {
    const double g = grad[i];
    const double mi = beta1 * m[i] + (1 - beta1) * g;
    const double vi = beta2 * v[i] + (1 - beta2) * g * g;
    out_m[i] = static_cast<float>(mi);
    out_v[i] = static_cast<float>(vi);
    out_param[i] = static_cast<float>(param[i] - alpha * mi / (std::sqrt(vi) + epsilon));
  }
}

// An element costs about as much as 8 multiply-adds (the square root and division).
constexpr int64_t kAdamWorkPerElement = 8;

}  // namespace

// adam(param, grad, m, v, outParam, outM, outV, alpha, beta1, beta2, epsilon): one Adam step
// (formulas on AdamSpec in src/backend/backend.ts) in a single pass over the seven arrays,
// where the op-by-op version makes a dozen passes and as many temporary arrays.
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Args args(info);
  const int64_t n = args.length(0);
  const float *param = args.input(0, n), *grad = args.input(1, n), *m = args.input(2, n), *v = args.input(3, n);
  float *out_param = args.output(4, n), *out_m = args.output(5, n), *out_v = args.output(6, n);
  const double alpha = args.number(7), beta1 = args.number(8), beta2 = args.number(9), epsilon = args.number(10);
  const SerialIfSmall threads(n * kAdamWorkPerElement);
#pragma omp parallel
  {
    const int64_t count = omp_get_num_threads(), chunk = (n + count - 1) / count, t = omp_get_thread_num();
    adamRange(param, grad, m, v, out_param, out_m, out_v, alpha, beta1, beta2, epsilon, std::min(n, t * chunk),
              std::min(n, (t + 1) * chunk));
  }
  return info.Env().Undefined();
}

}  // namespace tensile
