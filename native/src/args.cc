#include "args.hh"

#include <cmath>
#include <stdexcept>
#include <string>

namespace tensile {

namespace {
constexpr int64_t kMaxElements = int64_t{1} << 40;
}

void Args::fail(size_t index, const std::string& expected) const {
  throw Napi::TypeError::New(info_.Env(), "tensile native: argument " + std::to_string(index) + " must be " + expected);
}

Napi::Float32Array Args::floats(size_t index) const {
  const Napi::Value v = info_[index];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) fail(index, "a Float32Array");
  return v.As<Napi::Float32Array>();
}

const float* Args::input(size_t index, int64_t min_length) const {
  Napi::Float32Array a = floats(index);
  if (static_cast<int64_t>(a.ElementLength()) < min_length) {
    fail(index, "a Float32Array of at least " + std::to_string(min_length) + " elements, found " + std::to_string(a.ElementLength()));
  }
  return a.Data();
}

float* Args::output(size_t index, int64_t length) const {
  Napi::Float32Array a = floats(index);
  if (static_cast<int64_t>(a.ElementLength()) != length) {
    fail(index, "a Float32Array of " + std::to_string(length) + " elements, found " + std::to_string(a.ElementLength()));
  }
  return a.Data();
}

int64_t Args::integer(size_t index, int64_t lo, int64_t hi) const {
  const Napi::Value v = info_[index];
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1.5;
  if (!(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)) || d != static_cast<double>(static_cast<int64_t>(d))) {
    fail(index, "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<int64_t>(d);
}

double Args::number(size_t index) const {
  const Napi::Value v = info_[index];
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!std::isfinite(d)) fail(index, "a finite number");
  return d;
}

bool Args::flag(size_t index) const {
  const Napi::Value v = info_[index];
  if (!v.IsBoolean()) fail(index, "a boolean");
  return v.As<Napi::Boolean>().Value();
}

bool Args::present(size_t index) const { return !info_[index].IsUndefined() && !info_[index].IsNull(); }

std::vector<int64_t> Args::ints(size_t index) const {
  const Napi::Value v = info_[index];
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) fail(index, "an Int32Array");
  Napi::Int32Array a = v.As<Napi::Int32Array>();
  return std::vector<int64_t>(a.Data(), a.Data() + a.ElementLength());
}

std::vector<int64_t> Args::ints(size_t index, size_t count) const {
  std::vector<int64_t> out = ints(index);
  if (out.size() != count) fail(index, "an Int32Array of " + std::to_string(count) + " elements");
  return out;
}

int64_t elements(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0 || (d > 0 && n > kMaxElements / d)) throw std::range_error("tensile native: tensor too large");
    n *= d;
  }
  return n;
}

}  // namespace tensile
