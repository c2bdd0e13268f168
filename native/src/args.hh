#pragma once
#include <cstdint>
#include <vector>

#include <napi.h>

namespace tensile {

// Argument readers. src/backend/native passes what the TS ops have validated (shapes that fit
// together, specs from the same formulas as the js backend); these readers still check every
// type, dimension and array length, so no call, however wrong, reads or writes out of bounds:
// it throws a TypeError or RangeError instead.
class Args {
 public:
  explicit Args(const Napi::CallbackInfo& info) : info_(info) {}

  // A Float32Array holding at least `min_length` elements.
  const float* input(size_t index, int64_t min_length) const;
  // The length of a Float32Array.
  int64_t length(size_t index) const { return static_cast<int64_t>(floats(index).ElementLength()); }
  // A Float32Array of exactly `length` elements, written by the kernel.
  float* output(size_t index, int64_t length) const;
  // An integer in [lo, hi].
  int64_t integer(size_t index, int64_t lo, int64_t hi) const;
  // A dimension: an integer in [1, 2^31).
  int64_t dim(size_t index) const { return integer(index, 1, INT32_MAX); }
  // Any finite number.
  double number(size_t index) const;
  bool flag(size_t index) const;
  bool present(size_t index) const;
  // An Int32Array of exactly `count` elements (shapes, packed specs).
  std::vector<int64_t> ints(size_t index, size_t count) const;
  std::vector<int64_t> ints(size_t index) const;

 private:
  Napi::Float32Array floats(size_t index) const;
  [[noreturn]] void fail(size_t index, const std::string& expected) const;
  const Napi::CallbackInfo& info_;
};

// Product of dims, refusing sizes no typed array can have.
int64_t elements(const std::vector<int64_t>& dims);

}  // namespace tensile
