#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "args.hh"
#include "kernels.hh"
#include "threads.hh"
#include "vectorize.hh"

namespace tensile {

namespace {

enum class PoolKind { kMax = 0, kAvg = 1 };

// The fields of Pool2DSpec (src/backend/backend.ts), in that order.
struct PoolShape {
  int64_t batch, in_h, in_w, channels, out_h, out_w, pool_h, pool_w, stride_h, stride_w, pad_top, pad_left;

  static PoolShape read(const Args& args, size_t index) {
    const std::vector<int64_t> v = args.ints(index, 12);
    for (size_t i = 0; i < 10; i++) {
      if (v[i] < 1) throw std::range_error("tensile native: pool2d spec sizes and strides must be >= 1");
    }
    if (v[10] < 0 || v[11] < 0) throw std::range_error("tensile native: pool2d padding must be >= 0");
    return {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]};
  }
  int64_t inputSize() const { return elements({batch, in_h, in_w, channels}); }
  int64_t outputSize() const { return elements({batch, out_h, out_w, channels}); }
};

// One output pixel's window, clipped to the image: padded cells never win a max and are not
// counted in an average (TF's convention, the js backend's).
struct Window {
  int64_t y0, y1, x0, x1;
  int64_t count() const { return std::max<int64_t>(0, (y1 - y0) * (x1 - x0)); }
};

// Calls visit(window, output pixel offset) for every output pixel of image n.
template <typename Visit>
void forEachWindow(const PoolShape& s, int64_t n, Visit visit) {
  for (int64_t oy = 0; oy < s.out_h; oy++) {
    const int64_t top = oy * s.stride_h - s.pad_top;
    for (int64_t ox = 0; ox < s.out_w; ox++) {
      const int64_t left = ox * s.stride_w - s.pad_left;
      const Window w{std::max<int64_t>(0, top), std::min(s.in_h, top + s.pool_h), std::max<int64_t>(0, left),
                     std::min(s.in_w, left + s.pool_w)};
      visit(w, ((n * s.out_h + oy) * s.out_w + ox) * s.channels);
    }
  }
}

// Images in parallel: each writes only its own part of the output, so overlapping windows
// never race.
template <typename Image>
void forEachImage(const PoolShape& s, Image image) {
#pragma omp parallel for
  for (int64_t n = 0; n < s.batch; n++) image(n);
}

// Adds one window's output gradient g to the first cell (row-major) holding the window's maximum
// per channel, the cell a running `>` keeps: a NaN in the first cell keeps it, a NaN elsewhere
// never wins. Two branch-free passes over the window so that the channel loops vectorise.
TENSILE_VECTOR_CLONES
void maxWindowBackward(const PoolShape& s, const Window& w, const float* xi, float* di, const float* g, float* best,
                       int32_t* taken) {
  const int64_t c = s.channels;
  const float* first = xi + (w.y0 * s.in_w + w.x0) * c;
  for (int64_t j = 0; j < c; j++) best[j] = first[j];
  for (int64_t y = w.y0; y < w.y1; y++) {
    for (int64_t xx = w.x0; xx < w.x1; xx++) {
      const float* p = xi + (y * s.in_w + xx) * c;
      for (int64_t j = 0; j < c; j++) best[j] = p[j] > best[j] ? p[j] : best[j];
    }
  }
  for (int64_t j = 0; j < c; j++) taken[j] = 0;
  for (int64_t y = w.y0; y < w.y1; y++) {
    for (int64_t xx = w.x0; xx < w.x1; xx++) {
      const float* p = xi + (y * s.in_w + xx) * c;
      float* d = di + (y * s.in_w + xx) * c;
      for (int64_t j = 0; j < c; j++) {
        const int32_t hit = !taken[j] & ((p[j] == best[j]) | (best[j] != best[j]));
        d[j] += hit ? g[j] : 0.f;
        taken[j] |= hit;
      }
    }
  }
}

// NaN wins, as in the js kernel: once the running maximum is NaN nothing replaces it.
inline float maxWithNaN(float acc, float v) { return v > acc || std::isnan(v) ? v : acc; }

}  // namespace

// Pooling is written here rather than on oneDNN: its 2.6 NHWC pooling ran at ~3 ns per element
// on these machines (4 ms for a 64x26x26x32 batch; these loops take a fraction of that), and
// its max backward pass needs a forward workspace the Backend interface does not keep.

// pool2d(kind, x, out, spec: Int32Array(12)); kind 0 = max, 1 = average.
Napi::Value Pool2d(const Napi::CallbackInfo& info) {
  Args args(info);
  const auto kind = static_cast<PoolKind>(args.integer(0, 0, 1));
  const PoolShape s = PoolShape::read(args, 3);
  const float* x = args.input(1, s.inputSize());
  float* out = args.output(2, s.outputSize());
  const SerialIfSmall threads(s.inputSize());
  const int64_t c = s.channels;
  forEachImage(s, [&](int64_t n) {
    forEachWindow(s, n, [&](const Window& w, int64_t at) {
      float* o = out + at;
      std::fill(o, o + c, kind == PoolKind::kMax ? -INFINITY : 0.f);
      for (int64_t y = w.y0; y < w.y1; y++) {
        for (int64_t xx = w.x0; xx < w.x1; xx++) {
          const float* p = x + ((n * s.in_h + y) * s.in_w + xx) * c;
          if (kind == PoolKind::kMax) {
            for (int64_t j = 0; j < c; j++) o[j] = maxWithNaN(o[j], p[j]);
          } else {
            for (int64_t j = 0; j < c; j++) o[j] += p[j];
          }
        }
      }
      if (kind == PoolKind::kAvg) {
        const float count = static_cast<float>(w.count());
        for (int64_t j = 0; j < c; j++) o[j] /= count;
      }
    });
  });
  return info.Env().Undefined();
}

// pool2dBackward(kind, dy, x, dx, spec): max sends each output's gradient to the first maximum
// of its window (row-major), average spreads it evenly over the window's real cells.
Napi::Value Pool2dBackward(const Napi::CallbackInfo& info) {
  Args args(info);
  const auto kind = static_cast<PoolKind>(args.integer(0, 0, 1));
  const PoolShape s = PoolShape::read(args, 4);
  const float* dy = args.input(1, s.outputSize());
  const float* x = args.input(2, s.inputSize());
  float* dx = args.output(3, s.inputSize());
  const SerialIfSmall threads(s.inputSize());
  const int64_t c = s.channels;
  const int64_t image = s.in_h * s.in_w * c;
  forEachImage(s, [&](int64_t n) {
    const float* xi = x + n * image;
    float* di = dx + n * image;
    std::memset(di, 0, sizeof(float) * image);
    std::vector<float> best(c);
    std::vector<int32_t> taken(c);
    forEachWindow(s, n, [&](const Window& w, int64_t at) {
      const float* g = dy + at;
      if (w.count() == 0) return;
      if (kind == PoolKind::kMax) {
        maxWindowBackward(s, w, xi, di, g, best.data(), taken.data());
        return;
      }
      const float count = static_cast<float>(w.count());
      for (int64_t y = w.y0; y < w.y1; y++) {
        for (int64_t xx = w.x0; xx < w.x1; xx++) {
          float* d = di + (y * s.in_w + xx) * c;
          for (int64_t j = 0; j < c; j++) d[j] += g[j] / count;
        }
      }
    });
  });
  return info.Env().Undefined();
}

}  // namespace tensile
