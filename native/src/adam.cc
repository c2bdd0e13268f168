#include <cmath>

#include "args.hh"
#include "kernels.hh"
#include "threads.hh"

namespace tensile {

// adam(param, grad, m, v, outParam, outM, outV, alpha, beta1, beta2, epsilon): one Adam step
// (formulas on AdamSpec in src/backend/backend.ts) in a single pass over the seven arrays,
// where the op-by-op version makes a dozen passes and as many temporary arrays.
Napi::Value Adam(const Napi::CallbackInfo& info) {
  Args args(info);
  const int64_t n = args.length(0);
  const float* param = args.input(0, n);
  const float* grad = args.input(1, n);
  const float* m = args.input(2, n);
  const float* v = args.input(3, n);
  float* out_param = args.output(4, n);
  float* out_m = args.output(5, n);
  float* out_v = args.output(6, n);
  const SerialIfSmall threads(n);
  // In double, rounded once per result, as the js kernel does: float32 arithmetic drifts by
  // ~1e-5 relative over a few steps, which the optimizer tests notice.
  const double alpha = args.number(7), beta1 = args.number(8), beta2 = args.number(9), epsilon = args.number(10);
#pragma omp parallel for simd
  for (int64_t i = 0; i < n; i++) {
    const double g = grad[i];
    const double mi = beta1 * m[i] + (1 - beta1) * g;
    const double vi = beta2 * v[i] + (1 - beta2) * g * g;
    out_m[i] = static_cast<float>(mi);
    out_v[i] = static_cast<float>(vi);
    out_param[i] = static_cast<float>(param[i] - alpha * mi / (std::sqrt(vi) + epsilon));
  }
  return info.Env().Undefined();
}

}  // namespace tensile
