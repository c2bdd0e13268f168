#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <oneapi/dnnl/dnnl.hpp>

#include "args.hh"
#include "kernels.hh"
#include "threads.hh"

#include "vectorize.hh"

namespace tensile {

namespace {

// Codes shared with src/backend/native/codes.ts (the order of RECURRENT_ACTIVATIONS and RECURRENT_CELLS).
enum class Act { kLinear = 0, kRelu = 1, kSigmoid = 2, kTanh = 3, kHardSigmoid = 4 };
enum class Cell { kSimple = 0, kLstm = 1, kGru = 2, kGruResetAfter = 3 };
constexpr int kGates[] = {1, 4, 3, 3};
constexpr int kStates[] = {1, 2, 1, 1};
constexpr int kReserve[] = {1, 6, 5, 5};

// tanh as a rational function (Eigen's float approximation: within 4e-7 of tanh everywhere, and
// within 2e-7 relative near 0) and
// the sigmoid from it: plain arithmetic, so the loops below vectorise, where libm's tanhf and
// expf, one element at a time, took most of an LSTM step.
// Written out, not std::min/max: those come from before the pragma, so GCC would not inline them here.
inline float clamp(float x, float lo, float hi) { return x < lo ? lo : x > hi ? hi : x; }

inline float fastTanh(float x) {
  const float limit = 7.90531110763549805f;
  const float xc = clamp(x, -limit, limit);
  const float x2 = xc * xc;
  float p = -2.76076847742355e-16f;
  p = p * x2 + 2.00018790482477e-13f;
  p = p * x2 + -8.60467152213735e-11f;
  p = p * x2 + 5.12229709037114e-08f;
  p = p * x2 + 1.48572235717979e-05f;
  p = p * x2 + 6.37261928875436e-04f;
  p = p * x2 + 4.89352455891786e-03f;
  float q = 1.19825839466702e-06f;
  q = q * x2 + 1.18534705686654e-04f;
  q = q * x2 + 2.26843463243900e-03f;
  q = q * x2 + 4.89352518554385e-03f;
  return xc * p / q;
}

// v[j] = a(v[j]) for j < n.
TENSILE_VECTOR_CLONES void activateSpan(Act a, float* v, int64_t n) {
  switch (a) {
    case Act::kRelu:
      for (int64_t j = 0; j < n; j++) v[j] = v[j] > 0.f ? v[j] : 0.f;
      break;
    case Act::kSigmoid:
      for (int64_t j = 0; j < n; j++) v[j] = 0.5f * fastTanh(0.5f * v[j]) + 0.5f;
      break;
    case Act::kTanh:
      for (int64_t j = 0; j < n; j++) v[j] = fastTanh(v[j]);
      break;
    case Act::kHardSigmoid:
      for (int64_t j = 0; j < n; j++) v[j] = clamp(0.2f * v[j] + 0.5f, 0.f, 1.f);
      break;
    case Act::kLinear:
      break;
  }
}

// out[j] = a[j] + b[j] (+ c[j]).
inline void sum(float* out, const float* a, const float* b, int64_t n) {
  for (int64_t j = 0; j < n; j++) out[j] = a[j] + b[j];
}

// out[j] = a'(x) where y[j] = a(x): each activation's derivative from its output.
TENSILE_VECTOR_CLONES void derivativeSpan(Act a, const float* y, float* out, int64_t n) {
  switch (a) {
    case Act::kRelu:
      for (int64_t j = 0; j < n; j++) out[j] = y[j] > 0.f ? 1.f : 0.f;
      break;
    case Act::kSigmoid:
      for (int64_t j = 0; j < n; j++) out[j] = y[j] * (1.f - y[j]);
      break;
    case Act::kTanh:
      for (int64_t j = 0; j < n; j++) out[j] = 1.f - y[j] * y[j];
      break;
    case Act::kHardSigmoid:
      for (int64_t j = 0; j < n; j++) out[j] = y[j] > 0.f && y[j] < 1.f ? 0.2f : 0.f;
      break;
    case Act::kLinear:
      for (int64_t j = 0; j < n; j++) out[j] = 1.f;
      break;
  }
}

// One row of lstm's backward step: from dh, dc (ds) and the saved gates i, f, g, o, φ(c') with their
// slopes dv, the gates' gradients da; ds's c block becomes the gradient sent to the previous c.
// Separate arrays (restrict) so that the loop vectorises.
void lstmGradients(int64_t U, const float* __restrict gates, const float* __restrict dv, const float* __restrict c_prev,
                   float* __restrict ds, float* __restrict da) {
  for (int64_t j = 0; j < U; j++) {
    const float i = gates[j], f = gates[U + j], g = gates[2 * U + j], o = gates[3 * U + j], ac = gates[4 * U + j];
    const float dh = ds[j];
    const float dc = ds[U + j] + dh * o * dv[4 * U + j];
    da[j] = dc * g * dv[j];
    da[U + j] = dc * c_prev[j] * dv[U + j];
    da[2 * U + j] = dc * i * dv[2 * U + j];
    da[3 * U + j] = dh * ac * dv[3 * U + j];
    ds[U + j] = dc * f;
  }
}

// Row-major C[m x n] (row stride ldc) = op(A) op(B) (+ C when accumulate), on oneDNN's sgemm.
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda, const float* b, int64_t ldb,
          float* c, int64_t ldc, bool accumulate) {
  if (m == 0 || n == 0) return;
  const SerialIfSmall threads(m * n * k);
  if (dnnl::sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.f, a, lda, b, ldb, accumulate ? 1.f : 0.f, c, ldc) !=
      dnnl::status::success) {
    throw std::runtime_error("tensile native: recurrence: oneDNN sgemm failed");
  }
}

// The problem and its arrays (formulas on RecurrenceSpec in src/backend/backend.ts).
struct Problem {
  Cell cell;
  int64_t B, T, U, G, S, W;
  Act act, rec;
  const float *x, *r, *init, *rbias, *mask, *rmask;

  bool padding(int64_t b, int64_t t) const { return mask != nullptr && mask[b * T + t] == 0.f; }
  float keep(int64_t b, int64_t u) const { return rmask == nullptr ? 1.f : rmask[b * U + u]; }
  const float* previous(const float* states, int64_t b, int64_t t) const {
    return t == 0 ? init + b * S : states + (b * T + t - 1) * S;
  }
  // Rows are cheap; a parallel loop over them pays only for wide ones.
  bool parallel() const { return B * G >= 4096; }
};

Problem read(const Args& args, size_t first) {
  Problem p{};
  const std::vector<int64_t> spec = args.ints(first, 6);
  if (spec[0] < 0 || spec[0] > 3 || spec[4] < 0 || spec[4] > 4 || spec[5] < 0 || spec[5] > 4) {
    throw std::range_error("tensile native: recurrence: unknown cell or activation code");
  }
  p.cell = static_cast<Cell>(spec[0]);
  p.B = spec[1], p.T = spec[2], p.U = spec[3];
  if (p.B < 1 || p.T < 1 || p.U < 1) throw std::range_error("tensile native: recurrence: empty dimensions");
  p.act = static_cast<Act>(spec[4]), p.rec = static_cast<Act>(spec[5]);
  const int c = static_cast<int>(p.cell);
  p.G = kGates[c] * p.U, p.S = kStates[c] * p.U, p.W = kReserve[c] * p.U;
  p.x = args.input(first + 1, elements({p.B, p.T, p.G}));
  p.r = args.input(first + 2, elements({p.U, p.G}));
  p.init = args.input(first + 3, elements({p.B, p.S}));
  p.rbias = p.cell == Cell::kGruResetAfter ? args.input(first + 4, p.G) : nullptr;
  p.mask = args.present(first + 5) ? args.input(first + 5, elements({p.B, p.T})) : nullptr;
  p.rmask = args.present(first + 6) ? args.input(first + 6, elements({p.B, p.U})) : nullptr;
  return p;
}

}  // namespace

// recurrence(spec, xProj, recurrentKernel, initialState, recurrentBias?, mask?, recurrentMask?, states, reserve)
// spec: Int32Array [cell, batch, steps, units, activation, recurrentActivation]. One step at a
// time: the recurrent product of all rows as one gemm, then each row's gates.
Napi::Value Recurrence(const Napi::CallbackInfo& info) {
  Args args(info);
  const Problem p = read(args, 0);
  float* states = args.output(7, elements({p.B, p.T, p.S}));
  float* reserve = args.output(8, elements({p.B, p.T, p.W}));
  const int64_t U = p.U, G = p.G;
  const bool gru = p.cell == Cell::kGru;
  std::vector<float> m(p.B * U), q(p.B * G), qh(gru ? p.B * U : 0), rm(gru ? p.B * U : 0);
  for (int64_t t = 0; t < p.T; t++) {
#pragma omp parallel for if (p.parallel())
    for (int64_t b = 0; b < p.B; b++) {
      const float* prev = p.previous(states, b, t);
      for (int64_t u = 0; u < U; u++) m[b * U + u] = prev[u] * p.keep(b, u);
    }
    // q = m R (gru: only the z and r columns; its h columns need r first).
    const int64_t width = gru ? 2 * U : G;
    gemm(false, false, p.B, width, U, m.data(), U, p.r, G, q.data(), G, false);
#pragma omp parallel for if (p.parallel())
    for (int64_t b = 0; b < p.B; b++) {
      const float* prev = p.previous(states, b, t);
      float* out = states + (b * p.T + t) * p.S;
      float* saved = reserve + (b * p.T + t) * p.W;
      const float* x = p.x + (b * p.T + t) * G;
      const float* qb = q.data() + b * G;
      const float* mb = m.data() + b * U;
      std::memcpy(saved, mb, U * sizeof(float));
      if (p.padding(b, t)) {
        // The backward pass multiplies this row's saved values by zeros: they must be finite.
        std::fill(saved + U, saved + p.W, 0.f);
        std::memcpy(out, prev, p.S * sizeof(float));
        continue;
      }
      switch (p.cell) {
        case Cell::kSimple:
          sum(out, x, qb, U);
          activateSpan(p.act, out, U);
          break;
        case Cell::kLstm: {
          // The reserve's i, f, g, o blocks are the kernel's column blocks: activate them in place.
          float* gates = saved + U;
          sum(gates, x, qb, G);
          activateSpan(p.rec, gates, 2 * U);
          activateSpan(p.act, gates + 2 * U, U);
          activateSpan(p.rec, gates + 3 * U, U);
          float* ac = saved + 5 * U;
          for (int64_t j = 0; j < U; j++) ac[j] = out[U + j] = gates[U + j] * prev[U + j] + gates[j] * gates[2 * U + j];
          activateSpan(p.act, ac, U);
          for (int64_t j = 0; j < U; j++) out[j] = gates[3 * U + j] * ac[j];
          break;
        }
        case Cell::kGru:
          sum(saved + U, x, qb, 2 * U);
          activateSpan(p.rec, saved + U, 2 * U);
          for (int64_t j = 0; j < U; j++) rm[b * U + j] = saved[4 * U + j] = saved[2 * U + j] * mb[j];
          break;
        case Cell::kGruResetAfter: {
          float* qn = saved + 4 * U;
          for (int64_t j = 0; j < 2 * U; j++) saved[U + j] = x[j] + qb[j] + p.rbias[j];
          sum(qn, qb + 2 * U, p.rbias + 2 * U, U);
          activateSpan(p.rec, saved + U, 2 * U);
          float* n = saved + 3 * U;
          for (int64_t j = 0; j < U; j++) n[j] = x[2 * U + j] + saved[2 * U + j] * qn[j];
          activateSpan(p.act, n, U);
          for (int64_t j = 0; j < U; j++) out[j] = saved[U + j] * mb[j] + (1.f - saved[U + j]) * n[j];
          break;
        }
      }
    }
    if (!gru) continue;
    // gru's candidate: n = φ(x_h + (r m) R_h).
    gemm(false, false, p.B, U, U, rm.data(), U, p.r + 2 * U, G, qh.data(), U, false);
#pragma omp parallel for if (p.parallel())
    for (int64_t b = 0; b < p.B; b++) {
      if (p.padding(b, t)) continue;
      float* out = states + (b * p.T + t) * p.S;
      float* saved = reserve + (b * p.T + t) * p.W;
      const float* x = p.x + (b * p.T + t) * G;
      float* n = saved + 3 * U;
      sum(n, x + 2 * U, qh.data() + b * U, U);
      activateSpan(p.act, n, U);
      for (int64_t j = 0; j < U; j++) out[j] = saved[U + j] * saved[j] + (1.f - saved[U + j]) * n[j];
    }
  }
  return info.Env().Undefined();
}

// recurrenceBackward(spec, xProj, recurrentKernel, initialState, recurrentBias?, mask?, recurrentMask?,
//                    states, reserve, dStates, dxProj, dRecurrentKernel, dInitialState, dRecurrentBias?)
// Backpropagation through time: per step (last first) each row's gate gradients, then the
// gradient reaching the previous state as one gemm; the recurrent kernel's gradient at the end
// as one gemm over all steps.
Napi::Value RecurrenceBackward(const Napi::CallbackInfo& info) {
  Args args(info);
  const Problem p = read(args, 0);
  const int64_t U = p.U, G = p.G, S = p.S, N = p.B * p.T;
  const float* states = args.input(7, elements({p.B, p.T, S}));
  const float* reserve = args.input(8, elements({p.B, p.T, p.W}));
  const float* d_states = args.input(9, elements({p.B, p.T, S}));
  float* dx = args.output(10, elements({p.B, p.T, G}));
  float* d_r = args.output(11, elements({U, G}));
  float* d_init = args.output(12, elements({p.B, S}));
  const bool gru = p.cell == Cell::kGru, reset_after = p.cell == Cell::kGruResetAfter;
  float* d_bias = reset_after ? args.output(13, G) : nullptr;
  // dq: the gradient of the recurrent product's columns for every row and step (gruResetAfter's
  // differs from dx in its h block); the others use dx itself.
  std::vector<float> dq_all(reset_after ? N * G : 0);
  float* dq = reset_after ? dq_all.data() : dx;
  std::vector<float> carry(p.B * S, 0.f), ds(p.B * S), dm(p.B * U), drm(gru ? p.B * U : 0);
  // Each row's activation derivatives at this step, in the reserve's block order (lstm i, f, g, o, φ(c'); gru z, r, n).
  std::vector<float> slopes(p.B * 5 * U);
  for (int64_t t = p.T - 1; t >= 0; t--) {
    // dS = dStates + what later steps sent back; the gates' gradients (gru: the candidate's first).
#pragma omp parallel for if (p.parallel())
    for (int64_t b = 0; b < p.B; b++) {
      const int64_t row = b * p.T + t;
      float* dsb = ds.data() + b * S;
      for (int64_t j = 0; j < S; j++) dsb[j] = d_states[row * S + j] + carry[b * S + j];
      float* da = dx + row * G;
      float* dqb = dq + row * G;
      if (p.padding(b, t)) {
        std::fill(da, da + G, 0.f);
        if (reset_after) std::fill(dqb, dqb + G, 0.f);
        continue;
      }
      const float* saved = reserve + row * p.W;
      const float* prev = p.previous(states, b, t);
      float* dv = slopes.data() + b * 5 * U;
      switch (p.cell) {
        case Cell::kSimple:
          derivativeSpan(p.act, states + row * S, dv, U);
          for (int64_t j = 0; j < U; j++) da[j] = dsb[j] * dv[j];
          break;
        case Cell::kLstm:
          derivativeSpan(p.rec, saved + U, dv, 2 * U);
          derivativeSpan(p.act, saved + 3 * U, dv + 2 * U, U);
          derivativeSpan(p.rec, saved + 4 * U, dv + 3 * U, U);
          derivativeSpan(p.act, saved + 5 * U, dv + 4 * U, U);
          lstmGradients(U, saved + U, dv, prev + U, dsb, da);
          break;
        case Cell::kGru:
        case Cell::kGruResetAfter:
          derivativeSpan(p.rec, saved + U, dv, 2 * U);
          derivativeSpan(p.act, saved + 3 * U, dv + 2 * U, U);
          for (int64_t j = 0; j < U; j++) da[2 * U + j] = dsb[j] * (1.f - saved[U + j]) * dv[2 * U + j];
          break;
      }
    }
    if (gru) gemm(false, true, p.B, U, U, dx + t * G + 2 * U, p.T * G, p.r + 2 * U, G, drm.data(), U, false);
    if (gru || reset_after) {
#pragma omp parallel for if (p.parallel())
      for (int64_t b = 0; b < p.B; b++) {
        if (p.padding(b, t)) continue;
        const int64_t row = b * p.T + t;
        const float* saved = reserve + row * p.W;
        const float* dsb = ds.data() + b * S;
        float* da = dx + row * G;
        float* dqb = dq + row * G;
        const float* dv = slopes.data() + b * 5 * U;
        for (int64_t j = 0; j < U; j++) {
          const float m = saved[j], r = saved[2 * U + j], n = saved[3 * U + j], extra = saved[4 * U + j];
          const float dn = da[2 * U + j];
          da[j] = dsb[j] * (m - n) * dv[j];
          da[U + j] = (reset_after ? dn * extra : drm[b * U + j] * m) * dv[U + j];
          if (reset_after) dqb[j] = da[j], dqb[U + j] = da[U + j], dqb[2 * U + j] = dn * r;
        }
      }
    }
    // dm = dq R (the columns that used m) + gru's direct terms; rows are strided T * G apart in dq.
    const float* dq_t = dq + t * G;
    gemm(false, true, p.B, U, gru ? 2 * U : G, dq_t, p.T * G, p.r, G, dm.data(), U, false);
#pragma omp parallel for if (p.parallel())
    for (int64_t b = 0; b < p.B; b++) {
      const float* dsb = ds.data() + b * S;
      float* cb = carry.data() + b * S;
      if (p.padding(b, t)) {
        std::memcpy(cb, dsb, S * sizeof(float));
        continue;
      }
      const float* saved = reserve + (b * p.T + t) * p.W;
      for (int64_t u = 0; u < U; u++) {
        float g = dm[b * U + u];
        if (gru || reset_after) g += dsb[u] * saved[U + u];
        if (gru) g += drm[b * U + u] * saved[2 * U + u];
        cb[u] = g * p.keep(b, u);
      }
      if (p.cell == Cell::kLstm) std::memcpy(cb + U, dsb + U, U * sizeof(float));
    }
  }
  std::memcpy(d_init, carry.data(), p.B * S * sizeof(float));
  // dR = Σ over rows and steps of mᵀ dq (gru: (r m)ᵀ dn for the h columns), m read from the reserve.
  gemm(true, false, U, gru ? 2 * U : G, N, reserve, p.W, dq, G, d_r, G, false);
  if (gru) gemm(true, false, U, U, N, reserve + 4 * U, p.W, dx + 2 * U, G, d_r + 2 * U, G, false);
  if (reset_after) {
    std::fill(d_bias, d_bias + G, 0.f);
    for (int64_t n = 0; n < N; n++)
      for (int64_t j = 0; j < G; j++) d_bias[j] += dq[n * G + j];
  }
  return info.Env().Undefined();
}

}  // namespace tensile
