#include <oneapi/dnnl/dnnl.hpp>

#include "args.hh"
#include "bound.hh"
#include "cache.hh"
#include "kernels.hh"
#include "threads.hh"
#include "window.hh"

namespace tensile {

using dnnl::memory;
using tag = memory::format_tag;

namespace {

enum class PoolKind { kMax = 0, kAvg = 1 };

// The fields of Pool2DSpec (src/backend/backend.ts), in that order, and the pooling kind.
struct PoolShape {
  PoolKind kind;
  int64_t batch, in_h, in_w, channels, out_h, out_w, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left;

  static PoolShape read(const Args& args, size_t kind_index, size_t index) {
    const auto kind = static_cast<PoolKind>(args.integer(kind_index, 0, 1));
    const std::vector<int64_t> v = args.ints(index, 12);
    for (size_t i = 0; i < 10; i++) {
      if (v[i] < 1) throw std::range_error("tensile native: pool2d spec sizes and strides must be >= 1");
    }
    if (v[10] < 0 || v[11] < 0) throw std::range_error("tensile native: pool2d padding must be >= 0");
    return {kind, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  }

  Key key() const {
    return {static_cast<int64_t>(kind), batch, in_h, in_w, channels, out_h, out_w, pool_h, pool_w, stride_h, stride_w,
            pad_top, pad_left};
  }
  int64_t inputSize() const { return elements({batch, in_h, in_w, channels}); }
  int64_t outputSize() const { return elements({batch, out_h, out_w, channels}); }
  memory::desc src() const { return {{batch, channels, in_h, in_w}, memory::data_type::f32, tag::nhwc}; }
  memory::desc dst() const { return {{batch, channels, out_h, out_w}, memory::data_type::f32, tag::nhwc}; }

  // Max pooling never picks a padded cell; average pooling leaves padded cells out of the count:
  // TF's conventions, which the js backend follows.
  dnnl::algorithm algorithm() const {
    return kind == PoolKind::kMax ? dnnl::algorithm::pooling_max : dnnl::algorithm::pooling_avg_exclude_padding;
  }

  dnnl::pooling_forward::primitive_desc forward(dnnl::prop_kind prop) const {
    const dnnl::pooling_forward::desc d(prop, algorithm(), src(), dst(), {stride_h, stride_w}, {pool_h, pool_w},
                                        {pad_top, pad_left}, padAfter());
    return {d, context().engine};
  }

  dnnl::pooling_backward::primitive_desc backward() const {
    const dnnl::pooling_backward::desc d(algorithm(), src(), dst(), {stride_h, stride_w}, {pool_h, pool_w},
                                         {pad_top, pad_left}, padAfter());
    return {d, context().engine, forward(dnnl::prop_kind::forward_training)};
  }

  memory::dims padAfter() const {
    return {trailingPad(in_h, out_h, pool_h, stride_h, pad_top), trailingPad(in_w, out_w, pool_w, stride_w, pad_left)};
  }
};

// Max pooling's backward pass needs to know where each maximum was: oneDNN records that in a
// workspace during a training forward pass, which the interface does not keep, so the backward
// call reruns the forward pass (cheap next to the convolutions around it) into kept memory.
// oneDNN's forward keeps the first maximum of a window on ties, the js backend's convention.
struct PoolBackwardEntry {
  Bound forward;
  Bound backward;
};

PoolBackwardEntry makeBackward(const PoolShape& s) {
  const auto pd = s.backward();
  PoolBackwardEntry e{Bound(), Bound(dnnl::pooling_backward(pd), {{DNNL_ARG_DIFF_DST, s.dst()}, {DNNL_ARG_DIFF_SRC, s.src()}})};
  if (s.kind == PoolKind::kMax) {
    const auto fwd = s.forward(dnnl::prop_kind::forward_training);
    e.forward = Bound(dnnl::pooling_forward(fwd), {{DNNL_ARG_SRC, s.src()}});
    e.forward.own(DNNL_ARG_DST, fwd.dst_desc());
    e.backward.share(DNNL_ARG_WORKSPACE, e.forward.own(DNNL_ARG_WORKSPACE, fwd.workspace_desc()));
  }
  return e;
}

}  // namespace

// pool2d(kind, x, out, spec: Int32Array(12)); kind 0 = max, 1 = average.
Napi::Value Pool2d(const Napi::CallbackInfo& info) {
  Args args(info);
  const PoolShape s = PoolShape::read(args, 0, 3);
  const SerialIfSmall threads(s.inputSize());
  const float* x = args.input(1, s.inputSize());
  float* out = args.output(2, s.outputSize());
  thread_local Cache<Bound> cache;
  Bound& b = cache.get(s.key(), [&] {
    return Bound(dnnl::pooling_forward(s.forward(dnnl::prop_kind::forward_inference)),
                 {{DNNL_ARG_SRC, s.src()}, {DNNL_ARG_DST, s.dst()}});
  });
  b.run({{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, out}});
  return info.Env().Undefined();
}

// pool2dBackward(kind, dy, x, dx, spec)
Napi::Value Pool2dBackward(const Napi::CallbackInfo& info) {
  Args args(info);
  const PoolShape s = PoolShape::read(args, 0, 4);
  const SerialIfSmall threads(s.inputSize());
  const float* dy = args.input(1, s.outputSize());
  const float* x = args.input(2, s.inputSize());
  float* dx = args.output(3, s.inputSize());
  thread_local Cache<PoolBackwardEntry> cache;
  PoolBackwardEntry& e = cache.get(s.key(), [&] { return makeBackward(s); });
  if (s.kind == PoolKind::kMax) e.forward.run({{DNNL_ARG_SRC, x}});
  e.backward.run({{DNNL_ARG_DIFF_DST, dy}, {DNNL_ARG_DIFF_SRC, dx}});
  return info.Env().Undefined();
}

}  // namespace tensile
