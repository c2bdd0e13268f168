#include <oneapi/dnnl/dnnl.hpp>

#include "activation.hh"
#include "args.hh"
#include "bound.hh"
#include "cache.hh"
#include "kernels.hh"
#include "threads.hh"

namespace tensile {

using dnnl::memory;
using tag = memory::format_tag;

namespace {

struct Problem {
  int64_t batch, m, n, k, a_batch, b_batch;
  bool transpose_a, transpose_b, bias;
  Activation activation;
};

// A stored [rows, cols] matrix per batch entry, read transposed when `transposed`.
memory::desc operand(int64_t batch, int64_t rows, int64_t cols, bool transposed) {
  memory::dims strides = transposed ? memory::dims{rows * cols, 1, rows} : memory::dims{rows * cols, cols, 1};
  return memory::desc({batch, rows, cols}, memory::data_type::f32, strides);
}

Bound make(const Problem& p) {
  const memory::desc a = operand(p.a_batch, p.m, p.k, p.transpose_a);
  const memory::desc b = operand(p.b_batch, p.k, p.n, p.transpose_b);
  const memory::desc bias({1, 1, p.n}, memory::data_type::f32, tag::abc);
  const memory::desc c({p.batch, p.m, p.n}, memory::data_type::f32, tag::abc);
  dnnl::primitive_attr attr;
  if (p.activation != Activation::kLinear) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, activationAlgorithm(p.activation), 0.f, 0.f);
    attr.set_post_ops(ops);
  }
  if (!p.bias) {
    const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, c), attr, context().engine);
    return Bound(dnnl::matmul(pd), {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_DST, c}});
  }
  const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, bias, c), attr, context().engine);
  return Bound(dnnl::matmul(pd), {{DNNL_ARG_SRC, a}, {DNNL_ARG_WEIGHTS, b}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, c}});
}

}  // namespace

// matmul(a, b, bias | undefined, out, batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride, activation)
// A batch stride is 0 (one matrix shared by every batch entry) or the matrix size.
Napi::Value Matmul(const Napi::CallbackInfo& info) {
  Args args(info);
  Problem p{};
  p.batch = args.dim(4), p.m = args.dim(5), p.n = args.dim(6), p.k = args.dim(7);
  p.transpose_a = args.flag(8), p.transpose_b = args.flag(9);
  const int64_t a_stride = args.integer(10, 0, INT32_MAX), b_stride = args.integer(11, 0, INT32_MAX);
  p.activation = static_cast<Activation>(args.integer(12, 0, 3));
  if ((a_stride != 0 && a_stride != p.m * p.k) || (b_stride != 0 && b_stride != p.k * p.n)) {
    throw Napi::RangeError::New(info.Env(), "tensile native: matmul batch strides must be 0 or the matrix size");
  }
  p.a_batch = a_stride == 0 ? 1 : p.batch;
  p.b_batch = b_stride == 0 ? 1 : p.batch;
  p.bias = args.present(2);
  // One matrix B for a whole batch of A: a single taller product is faster than a batch of them.
  if (p.b_batch == 1 && p.a_batch == p.batch && !p.transpose_a) {
    p.m *= p.batch;
    p.batch = p.a_batch = 1;
  }
  const float* a = args.input(0, elements({p.a_batch, p.m, p.k}));
  const float* b = args.input(1, elements({p.b_batch, p.k, p.n}));
  const float* bias = p.bias ? args.input(2, p.n) : nullptr;
  float* out = args.output(3, elements({p.batch, p.m, p.n}));
  // oneDNN 2.6 broadcasts B's batch but refuses to broadcast A's: a shared A runs one product per entry.
  const int64_t entries = p.a_batch == p.batch ? 1 : p.batch;
  if (entries > 1) p.batch = p.a_batch = p.b_batch = 1;
  const SerialIfSmall threads(entries * p.batch * p.m * p.n * p.k);

  thread_local Cache<Bound> cache;
  Bound& bound = cache.get(
      {p.batch, p.m, p.n, p.k, p.a_batch, p.b_batch, p.transpose_a, p.transpose_b, p.bias, static_cast<int64_t>(p.activation)},
      [&] { return make(p); });
  for (int64_t i = 0; i < entries; i++) {
    const float* ai = a + i * a_stride;
    const float* bi = b + i * b_stride;
    float* oi = out + i * p.m * p.n;
    if (p.bias) {
      bound.run({{DNNL_ARG_SRC, ai}, {DNNL_ARG_WEIGHTS, bi}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, oi}});
    } else {
      bound.run({{DNNL_ARG_SRC, ai}, {DNNL_ARG_WEIGHTS, bi}, {DNNL_ARG_DST, oi}});
    }
  }
  return info.Env().Undefined();
}

}  // namespace tensile
