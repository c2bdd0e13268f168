#include <oneapi/dnnl/dnnl.hpp>

#include "args.hh"
#include "bound.hh"
#include "cache.hh"
#include "kernels.hh"
#include "threads.hh"

namespace tensile {

using dnnl::algorithm;
using dnnl::memory;

namespace {

struct Eltwise {
  algorithm alg;
  float alpha;
};

// Unary op codes shared with src/backend/native/codes.ts.
constexpr Eltwise kUnary[] = {
    {algorithm::eltwise_linear, -1.f},  // neg: -1 * x + 0
    {algorithm::eltwise_abs, 0.f},    {algorithm::eltwise_square, 0.f},   {algorithm::eltwise_exp, 0.f},
    {algorithm::eltwise_sqrt, 0.f},   {algorithm::eltwise_relu, 0.f},     {algorithm::eltwise_logistic, 0.f},
    {algorithm::eltwise_tanh, 0.f},
};

// Activation backward codes: relu's saved tensor is its input (or output: both are > 0 at the
// same places), sigmoid's and tanh's is their output.
struct Backward {
  algorithm alg;
  int saved_arg;
};
constexpr Backward kBackward[] = {
    {algorithm::eltwise_relu, DNNL_ARG_SRC},
    {algorithm::eltwise_logistic_use_dst_for_bwd, DNNL_ARG_DST},
    {algorithm::eltwise_tanh_use_dst_for_bwd, DNNL_ARG_DST},
};

memory::desc flat(int64_t n) { return {{n}, memory::data_type::f32, memory::format_tag::a}; }

dnnl::eltwise_forward::primitive_desc forward(algorithm alg, float alpha, int64_t n) {
  return {dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, alg, flat(n), alpha, 0.f), context().engine};
}

}  // namespace

// unary(op, x, out)
Napi::Value Unary(const Napi::CallbackInfo& info) {
  Args args(info);
  const Eltwise op = kUnary[args.integer(0, 0, std::size(kUnary) - 1)];
  const int64_t n = args.integer(3, 1, INT32_MAX);
  const SerialIfSmall threads(n);
  const float* x = args.input(1, n);
  float* out = args.output(2, n);
  thread_local Cache<Bound> cache;
  Bound& b = cache.get({static_cast<int64_t>(op.alg), n}, [&] {
    return Bound(dnnl::eltwise_forward(forward(op.alg, op.alpha, n)), {{DNNL_ARG_SRC, flat(n)}, {DNNL_ARG_DST, flat(n)}});
  });
  b.run({{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}});
  return info.Env().Undefined();
}

// unaryBackward(op, dy, saved, dx, n)
Napi::Value UnaryBackward(const Napi::CallbackInfo& info) {
  Args args(info);
  const Backward op = kBackward[args.integer(0, 0, std::size(kBackward) - 1)];
  const int64_t n = args.integer(4, 1, INT32_MAX);
  const SerialIfSmall threads(n);
  const float* dy = args.input(1, n);
  const float* saved = args.input(2, n);
  float* dx = args.output(3, n);
  thread_local Cache<Bound> cache;
  Bound& b = cache.get({static_cast<int64_t>(op.alg), n}, [&] {
    const dnnl::eltwise_backward::desc d(op.alg, flat(n), flat(n), 0.f, 0.f);
    const dnnl::eltwise_backward::primitive_desc pd(d, context().engine, forward(op.alg, 0.f, n));
    return Bound(dnnl::eltwise_backward(pd), {{DNNL_ARG_DIFF_DST, flat(n)}, {op.saved_arg, flat(n)}, {DNNL_ARG_DIFF_SRC, flat(n)}});
  });
  b.run({{DNNL_ARG_DIFF_DST, dy}, {op.saved_arg, saved}, {DNNL_ARG_DIFF_SRC, dx}});
  return info.Env().Undefined();
}

}  // namespace tensile
