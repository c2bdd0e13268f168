#include <cmath>

#include <oneapi/dnnl/dnnl.hpp>

#include "args.hh"
#include "bound.hh"
#include "cache.hh"
#include "dense.hh"
#include "kernels.hh"
#include "threads.hh"

namespace tensile {

namespace {

// oneDNN's logsoftmax takes the log of the sum with an approximation that is off by ~1e-6 near
// 1, which is where a confident classifier's sums are (a relative error of 1e-3 in its loss), so
// log-softmax is computed here with the C library's exp and log and a double sum.
void logSoftmax(const float* x, float* out, int64_t outer, int64_t axis, int64_t inner) {
#pragma omp parallel for collapse(2)
  for (int64_t o = 0; o < outer; o++) {
    for (int64_t i = 0; i < inner; i++) {
      const float* row = x + o * axis * inner + i;
      float* dst = out + o * axis * inner + i;
      float max = -INFINITY;
      for (int64_t d = 0; d < axis; d++) max = std::fmax(max, row[d * inner]);
      double sum = 0;
      for (int64_t d = 0; d < axis; d++) sum += std::exp(row[d * inner] - max);
      const float shift = max + static_cast<float>(std::log(sum));
      for (int64_t d = 0; d < axis; d++) dst[d * inner] = row[d * inner] - shift;
    }
  }
}

}  // namespace

// softmax(log, x, out, outer, axis, inner): softmax (or log-softmax when `log`) over the middle
// axis of x viewed as [outer, axis, inner].
Napi::Value Softmax(const Napi::CallbackInfo& info) {
  Args args(info);
  const bool log = args.flag(0);
  const dnnl::memory::dims dims{args.dim(3), args.dim(4), args.dim(5)};
  const float* x = args.input(1, elements(dims));
  float* out = args.output(2, elements(dims));
  const SerialIfSmall threads(elements(dims));
  if (log) {
    logSoftmax(x, out, dims[0], dims[1], dims[2]);
    return info.Env().Undefined();
  }
  thread_local Cache<Bound> cache;
  Bound& b = cache.get(dims, [&] {
    const dnnl::memory::desc md = dense(dims);
    return Bound(dnnl::softmax_forward({{dnnl::prop_kind::forward_inference, md, 1}, context().engine}),
                 {{DNNL_ARG_SRC, md}, {DNNL_ARG_DST, md}});
  });
  b.run({{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}});
  return info.Env().Undefined();
}

}  // namespace tensile
