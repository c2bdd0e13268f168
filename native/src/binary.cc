#include <oneapi/dnnl/dnnl.hpp>

#include "args.hh"
#include "bound.hh"
#include "cache.hh"
#include "dense.hh"
#include "kernels.hh"
#include "threads.hh"

namespace tensile {

using dnnl::algorithm;

namespace {

// Binary op codes shared with src/backend/native/codes.ts. Comparisons write 1 or 0.
constexpr algorithm kBinary[] = {
    algorithm::binary_add, algorithm::binary_sub, algorithm::binary_mul, algorithm::binary_div, algorithm::binary_eq,
    algorithm::binary_gt,  algorithm::binary_ge,  algorithm::binary_lt,  algorithm::binary_le,
};

}  // namespace

// binary(op, a, aShape, b, bShape, out): out = op(a, b); out has aShape; bShape has the same
// rank, each dimension equal to a's or 1 (b broadcasts; src/backend/native swaps the operands
// or uses the js kernel for other cases).
Napi::Value Binary(const Napi::CallbackInfo& info) {
  Args args(info);
  const algorithm alg = kBinary[args.integer(0, 0, std::size(kBinary) - 1)];
  const dnnl::memory::dims a_dims = args.ints(2);
  const dnnl::memory::dims b_dims = args.ints(4, a_dims.size());
  if (a_dims.empty() || a_dims.size() > DNNL_MAX_NDIMS) {
    throw Napi::RangeError::New(info.Env(), "tensile native: binary supports ranks 1 to 12");
  }
  for (size_t i = 0; i < a_dims.size(); i++) {
    if (a_dims[i] < 1 || (b_dims[i] != a_dims[i] && b_dims[i] != 1)) {
      throw Napi::RangeError::New(info.Env(), "tensile native: binary needs non-empty shapes, b broadcasting to a");
    }
  }
  const float* a = args.input(1, elements(a_dims));
  const float* b = args.input(3, elements(b_dims));
  float* out = args.output(5, elements(a_dims));
  const SerialIfSmall threads(elements(a_dims));
  Key key = a_dims;
  key.insert(key.end(), b_dims.begin(), b_dims.end());
  key.push_back(static_cast<int64_t>(alg));
  thread_local Cache<Bound> cache;
  Bound& bound = cache.get(key, [&] {
    const dnnl::binary::desc d(alg, dense(a_dims), dense(b_dims), dense(a_dims));
    return Bound(dnnl::binary({d, context().engine}),
                 {{DNNL_ARG_SRC_0, dense(a_dims)}, {DNNL_ARG_SRC_1, dense(b_dims)}, {DNNL_ARG_DST, dense(a_dims)}});
  });
  bound.run({{DNNL_ARG_SRC_0, a}, {DNNL_ARG_SRC_1, b}, {DNNL_ARG_DST, out}});
  return info.Env().Undefined();
}

}  // namespace tensile
