#include <optional>

#include <oneapi/dnnl/dnnl.hpp>

#include "activation.hh"
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

  dnnl::convolution_forward::desc forwardDesc() const {
    return {dnnl::prop_kind::forward_training, algorithm::convolution_direct, src(), filter(tag::any), dst(),
            strides(), dilates(), padBefore(), padAfter()};
  }
  dnnl::convolution_forward::desc forwardDesc(const memory::desc& bias) const {
    return {dnnl::prop_kind::forward_training, algorithm::convolution_direct, src(), filter(tag::any), bias, dst(),
            strides(), dilates(), padBefore(), padAfter()};
  }
  // The forward primitive a backward one is told to match.
  dnnl::convolution_forward::primitive_desc forward() const { return {forwardDesc(), context().engine}; }
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

// What the forward kernel applies to its output: act(conv + bias), as oneDNN bias and post-op.
struct Epilogue {
  bool bias;
  Activation activation;
};

ConvEntry makeForward(const ConvShape& s, const Epilogue& epilogue) {
  dnnl::primitive_attr attr;
  if (epilogue.activation != Activation::kLinear) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, activationAlgorithm(epilogue.activation), 0.f, 0.f);
    attr.set_post_ops(ops);
  }
  const memory::desc bias({s.out_c}, memory::data_type::f32, tag::a);
  const auto d = epilogue.bias ? dnnl::convolution_forward::desc(s.forwardDesc(bias)) : s.forwardDesc();
  const dnnl::convolution_forward::primitive_desc pd(d, attr, context().engine);
  ConvEntry e{Bound(dnnl::convolution_forward(pd), {{DNNL_ARG_SRC, s.src()}, {DNNL_ARG_DST, s.dst()}}), std::nullopt};
  if (epilogue.bias) e.conv.args.emplace(DNNL_ARG_BIAS, memory(bias, context().engine, nullptr));
  bindFilter(e, s, DNNL_ARG_WEIGHTS, pd.weights_desc(), true);
  return e;
}

ConvEntry makeBackwardInput(const ConvShape& s, const Epilogue&) {
  const dnnl::convolution_backward_data::desc d(algorithm::convolution_direct, s.src(), s.filter(tag::any), s.dst(),
                                                s.strides(), s.dilates(), s.padBefore(), s.padAfter());
  const dnnl::convolution_backward_data::primitive_desc pd(d, context().engine, s.forward());
  ConvEntry e{Bound(dnnl::convolution_backward_data(pd), {{DNNL_ARG_DIFF_DST, s.dst()}, {DNNL_ARG_DIFF_SRC, s.src()}}),
              std::nullopt};
  bindFilter(e, s, DNNL_ARG_WEIGHTS, pd.weights_desc(), true);
  return e;
}

ConvEntry makeBackwardFilter(const ConvShape& s, const Epilogue&) {
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
  ConvEntry (*make)(const ConvShape&, const Epilogue&);
  bool epilogue;  // the forward kernel only: (bias | undefined, activation) follow the spec
};

const ConvKind kForward{{DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST},
                        {&ConvShape::inputSize, &ConvShape::filterSize, &ConvShape::outputSize}, 1, makeForward, true};
const ConvKind kBackwardInput{{DNNL_ARG_DIFF_DST, DNNL_ARG_WEIGHTS, DNNL_ARG_DIFF_SRC},
                              {&ConvShape::outputSize, &ConvShape::filterSize, &ConvShape::inputSize}, 1,
                              makeBackwardInput, false};
const ConvKind kBackwardFilter{{DNNL_ARG_SRC, DNNL_ARG_DIFF_DST, DNNL_ARG_DIFF_WEIGHTS},
                               {&ConvShape::inputSize, &ConvShape::outputSize, &ConvShape::filterSize}, 2,
                               makeBackwardFilter, false};

// (a, b, out, spec: Int32Array(15)), the spec being Conv2DSpec's fields in declaration order.
Napi::Value runConv(const Napi::CallbackInfo& info, const ConvKind& kind, Cache<ConvEntry>& cache) {
  Args args(info);
  const ConvShape s = ConvShape::read(args, 3);
  const SerialIfSmall threads(s.work());
  const float* a = args.input(0, (s.*kind.sizes[0])());
  const float* b = args.input(1, (s.*kind.sizes[1])());
  float* out = args.output(2, (s.*kind.sizes[2])());
  Epilogue epilogue{false, Activation::kLinear};
  const float* bias = nullptr;
  if (kind.epilogue) {
    epilogue = {args.present(4), static_cast<Activation>(args.integer(5, 0, 3))};
    if (epilogue.bias) bias = args.input(4, s.out_c);
  }
  Key key = s.key();
  key.insert(key.end(), {epilogue.bias, static_cast<int64_t>(epilogue.activation)});
  ConvEntry& e = cache.get(key, [&] { return kind.make(s, epilogue); });
  if (bias != nullptr) e.conv.bind(DNNL_ARG_BIAS, bias);
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

// conv2d(x, filter, out, spec, bias | undefined, activation)
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
