#include <algorithm>
#include <cmath>

#include "args.hh"
#include "kernels.hh"
#include "threads.hh"

namespace tensile {

namespace {

// Sums accumulate in double, as the js backend does (1e8 + 1 - 1e8 must give 1), and a NaN wins
// a max or min: oneDNN's reduction primitive does neither, so reductions are written here.
struct Sum {
  static constexpr double init = 0;
  static double combine(double acc, float x) { return acc + x; }
};
struct Max {
  static constexpr double init = -INFINITY;
  static double combine(double acc, float x) { return x > acc || std::isnan(x) ? x : acc; }
};
struct Min {
  static constexpr double init = INFINITY;
  static double combine(double acc, float x) { return x < acc || std::isnan(x) ? x : acc; }
};

// Reduces the middle axis of x viewed as [outer, length, inner], a block of columns at a time so
// the accumulators stay in registers and each row of x is read with unit stride.
template <typename Op>
void reduceMiddle(const float* x, float* out, int64_t outer, int64_t length, int64_t inner) {
  constexpr int64_t kBlock = 64;
  const int64_t blocks = (inner + kBlock - 1) / kBlock;
#pragma omp parallel for collapse(2)
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t blk = 0; blk < blocks; blk++) {
      const int64_t i0 = blk * kBlock;
      const int64_t n = std::min(kBlock, inner - i0);
      double acc[kBlock];
      std::fill(acc, acc + n, Op::init);
      const float* base = x + o * length * inner + i0;
      for (int64_t r = 0; r < length; r++) {
        const float* row = base + r * inner;
        for (int64_t j = 0; j < n; j++) acc[j] = Op::combine(acc[j], row[j]);
      }
      for (int64_t j = 0; j < n; j++) out[o * inner + i0 + j] = static_cast<float>(acc[j]);
    }
  }
}

}  // namespace

// reduce(op, x, out, outer, length, inner): op 0 = sum, 1 = max, 2 = min over the middle axis of
// x viewed as [outer, length, inner] (src/backend/native merges contiguous reduced axes into it).
Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Args args(info);
  const int64_t op = args.integer(0, 0, 2);
  const int64_t outer = args.dim(3), length = args.dim(4), inner = args.dim(5);
  const float* x = args.input(1, elements({outer, length, inner}));
  float* out = args.output(2, elements({outer, inner}));
  const SerialIfSmall threads(outer * length * inner);
  if (op == 0) reduceMiddle<Sum>(x, out, outer, length, inner);
  if (op == 1) reduceMiddle<Max>(x, out, outer, length, inner);
  if (op == 2) reduceMiddle<Min>(x, out, outer, length, inner);
  return info.Env().Undefined();
}

}  // namespace tensile
