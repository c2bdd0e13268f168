#include <optional>

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
using dnnl::algorithm;

namespace {

// The fields of Conv2DSpec (src/backend/backend.ts), in that order.
struct ConvShape {
  int64_t batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left;

  static ConvShape read(const Args& args, size_t index) {
    const std::vector<int64_t> v = args.ints(index, 15);
    for (size_t i = 0; i < 13; i++) {
      if (v[i] < 1) throw std::range_error("tensile native: conv2d spec sizes, strides and dilations must be >= 1");
    }
    if (v[13] < 0 || v[14] < 0) throw std::range_error("tensile native: conv2d padding must be >= 0");
    return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14]};
  }

  Key key() const {
    return {batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, dil_h, dil_w, pad_top, pad_left};
  }
  int64_t inputSize() const { return elements({batch, in_h, in_w, in_c}); }
  int64_t outputSize() const { return elements({batch, out_h, out_w, out_c}); }
  int64_t filterSize() const { return elements({k_h, k_w, in_c, out_c}); }
  int64_t work() const { return outputSize() * k_h * k_w * in_c; }

  memory::desc src() const { return {{batch, in_c, in_h, in_w}, memory::data_type::f32, tag::nhwc}; }
  memory::desc dst() const { return {{batch, out_c, out_h, out_w}, memory::data_type::f32, tag::nhwc}; }
  memory::desc filter(tag layout = tag::hwio) const { return {{out_c, in_c, k_h, k_w}, memory::data_type::f32, layout}; }
  memory::dims strides() const { return {stride_h, stride_w}; }
  memory::dims dilates() const { return {dil_h - 1, dil_w - 1}; }  // oneDNN counts the gaps
  memory::dims padBefore() const { return {pad_top, pad_left}; }
  memory::dims padAfter() const {
    return {trailingPad(in_h, out_h, (k_h - 1) * dil_h + 1, stride_h, pad_top),
            trailingPad(in_w, out_w, (k_w - 1) * dil_w + 1, stride_w, pad_left)};
  }

  dnnl::convolution_forward::primitive_desc forward() const {
    const dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, algorithm::convolution_direct, src(),
                                            filter(tag::any), dst(), strides(), dilates(), padBefore(), padAfter());
    return {d, context().engine};
  }
};

// A convolution whose filter oneDNN may want in a blocked layout: the HWIO array is reordered
// into memory kept here (a few KB for typical filters, so redoing it per call costs little,
// while caching it would need to know when a parameter's buffer changed).
struct ConvEntry {
  Bound conv;
  std::optional<Bound> filter_reorder;
};

// Points `arg` of `entry.conv` at a filter layout of oneDNN's choosing; when it is not HWIO,
// kept memory plus a reorder (from HWIO when `into`, to HWIO otherwise) bridge the two.
void bindFilter(ConvEntry& entry, const ConvShape& s, int arg, const memory::desc& chosen, bool into) {
  const memory::desc user = s.filter();
  if (chosen == user) {
    entry.conv.args.emplace(arg, memory(user, context().engine, nullptr));
    return;
  }
  const memory& kept = entry.conv.own(arg, chosen);
  entry.filter_reorder = into ? reorderFrom(user, kept) : reorderTo(kept, user);
}

ConvEntry makeForward(const ConvShape& s) {
  const auto pd = s.forward();
  ConvEntry e{Bound(dnnl::convolution_forward(pd), {{DNNL_ARG_SRC, s.src()}, {DNNL_ARG_DST, s.dst()}}), std::nullopt};
  bindFilter(e, s, DNNL_ARG_WEIGHTS, pd.weights_desc(), true);
  return e;
}

ConvEntry makeBackwardInput(const ConvShape& s) {
  const dnnl::convolution_backward_data::desc d(algorithm::convolution_direct, s.src(), s.filter(tag::any), s.dst(),
                                                s.strides(), s.dilates(), s.padBefore(), s.padAfter());
  const dnnl::convolution_backward_data::primitive_desc pd(d, context().engine, s.forward());
  ConvEntry e{Bound(dnnl::convolution_backward_data(pd), {{DNNL_ARG_DIFF_DST, s.dst()}, {DNNL_ARG_DIFF_SRC, s.src()}}),
              std::nullopt};
  bindFilter(e, s, DNNL_ARG_WEIGHTS, pd.weights_desc(), true);
  return e;
}

ConvEntry makeBackwardFilter(const ConvShape& s) {
  const dnnl::convolution_backward_weights::desc d(algorithm::convolution_direct, s.src(), s.filter(tag::any), s.dst(),
                                                   s.strides(), s.dilates(), s.padBefore(), s.padAfter());
  const dnnl::convolution_backward_weights::primitive_desc pd(d, context().engine, s.forward());
  ConvEntry e{Bound(dnnl::convolution_backward_weights(pd), {{DNNL_ARG_SRC, s.src()}, {DNNL_ARG_DIFF_DST, s.dst()}}),
              std::nullopt};
  bindFilter(e, s, DNNL_ARG_DIFF_WEIGHTS, pd.diff_weights_desc(), false);
  return e;
}

// How one of the three kernels binds the call's arrays (a, b, out): the primitive argument each
// one is, its size, and which one is the HWIO filter (an input, or the output of the backward
// pass for the filter).
struct ConvKind {
  int args[3];
  int64_t (ConvShape::*sizes[3])() const;
  int filter;
  ConvEntry (*make)(const ConvShape&);
};

const ConvKind kForward{{DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                        {&ConvShape::inputSize, &ConvShape::filterSize, &ConvShape::outputSize}, 1, makeForward};
const ConvKind kBackwardInput{{DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                              {&ConvShape::outputSize, &ConvShape::filterSize, &ConvShape::inputSize}, 1,
                              makeBackwardInput};
const ConvKind kBackwardFilter{{DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS},
                               {&ConvShape::inputSize, &ConvShape::outputSize, &ConvShape::filterSize}, 2,
                               makeBackwardFilter};

// (a, b, out, spec: Int32Array(15)), the spec being Conv2DSpec's fields in declaration order.
Napi::Value runConv(const Napi::CallbackInfo& info, const ConvKind& kind, Cache<ConvEntry>& cache) {
  Args args(info);
  const ConvShape s = ConvShape::read(args, 3);
  const SerialIfSmall threads(s.work());
  const float* a = args.input(0, (s.*kind.sizes[0])());
  const float* b = args.input(1, (s.*kind.sizes[1])());
  float* out = args.output(2, (s.*kind.sizes[2])());
  ConvEntry& e = cache.get(s.key(), [&] { return kind.make(s); });
  if (!e.filter_reorder) {
    e.conv.run({{kind.args[0], a}, {kind.args[1], b}, {kind.args[2], out}});
  } else if (kind.filter == 1) {
    e.filter_reorder->run({{DNNL_ARG_FROM, b}});
    e.conv.run({{kind.args[0], a}, {kind.args[2], out}});
  } else {
    e.conv.run({{kind.args[0], a}, {kind.args[1], b}});
    e.filter_reorder->run({{DNNL_ARG_TO, out}});
  }
  return info.Env().Undefined();
}

}  // namespace

// conv2d(x, filter, out, spec)
Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  thread_local Cache<ConvEntry> cache;
  return runConv(info, kForward, cache);
}

// conv2dBackwardInput(dy, filter, dx, spec)
Napi::Value Conv2dBackwardInput(const Napi::CallbackInfo& info) {
  thread_local Cache<ConvEntry> cache;
  return runConv(info, kBackwardInput, cache);
}

// conv2dBackwardFilter(x, dy, dFilter, spec)
Napi::Value Conv2dBackwardFilter(const Napi::CallbackInfo& info) {
  thread_local Cache<ConvEntry> cache;
  return runConv(info, kBackwardFilter, cache);
}

}  // namespace tensile
