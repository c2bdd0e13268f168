// The serving front's hot loop in C++: a JSON nest of numbers (`[[0.1, 2], [3e-4, 5]]`) read from
// a request body's bytes straight into a Float32Array or Int32Array, with the same rules and to
// the same bits as src/serve/json/tensorBodyScanner.ts's JS nest reader (which serves when the
// addon is absent; both are tested against JSON.parse). Anything it does not take, it leaves to
// the JS scanner's general path by answering undefined.
//
// A float32 value is float32(double(x)), what storing JSON.parse's double in a Float32Array gives,
// found the cheapest way that is exact (as in src/serve/json/jsonNumber.ts):
//  1. up to 2^53 and |e| <= 22: m and 10^|e| are exact doubles, one operation rounds (Clinger);
//  2. up to 19 digits, normal float32 range: an approximation `a` within 2^-50 a of x decides the
//     float32 when it is farther than 2^-40 a from the midpoint between the float32s around it;
//  3. otherwise std::from_chars (correctly rounded double), then the float32 of that.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "kernels.hh"

namespace tensile {

namespace {

constexpr int kMaxRank = 8;  // as fromNestedArray
constexpr int kMaxApproxDigits = 19;
constexpr int kMaxExactExponent = 22;
constexpr uint64_t kMaxExactMantissa = uint64_t{1} << 53;
constexpr double kMidpointMargin = 0x1p-40;
constexpr double kFloat32NormalMin = 1.2e-38;
constexpr double kFloat32SafeMax = 3.4e38;
constexpr int kExponentCap = 100000;  // past it the value is 0 or infinite either way (way 3 decides)

// 10^i, each correctly rounded, for way 2's exponents (and exact up to 10^22 for way 1).
struct Powers {
  double p[81];
  Powers() {
    for (int i = 0; i <= 80; i++) {
      char text[8];
      const int n = std::snprintf(text, sizeof text, "1e%d", i);
      std::from_chars(text, text + n, p[i]);
    }
  }
};
const Powers kPow10;

inline bool isDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') < 10; }

constexpr uint64_t kZeroDigits = 0x3030303030303030;
constexpr uint64_t kPow10Int[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// How many bytes of a little-endian word, from its first, are ASCII digits (0 to 8). A byte t of
// word ^ '0...' is a digit's when t < 10: its high bit is set otherwise, in t or in (t & 0x7f) + 0x76
// (which cannot carry into the next byte).
inline int leadingDigits(uint64_t w) {
  const uint64_t t = w ^ kZeroDigits;
  const uint64_t notDigit = (t | ((t & 0x7F7F7F7F7F7F7F7F) + 0x7676767676767676)) & 0x8080808080808080;
  return notDigit == 0 ? 8 : __builtin_ctzll(notDigit) / 8;
}

// The value of eight ASCII digits in a little-endian word (the first digit lowest): pairs, then
// quads, then the eight, each step one multiply-add across the lanes.
inline uint32_t eightDigitValue(uint64_t w) {
  w -= 0x3030303030303030;
  w = (w * 10) + (w >> 8);
  const uint64_t mask = 0x000000FF000000FF;
  return static_cast<uint32_t>((((w & mask) * 0x000F424000000064) + (((w >> 16) & mask) * 0x0000271000000001)) >> 32);
}

// One number of the nest.
struct Number {
  uint64_t mantissa = 0;  // the first 19 significant digits
  int digits = 0;         // significant digits seen (past 19 only counted)
  int exponent = 0;       // the power of ten to scale the mantissa by
  bool negative = false;
};

class NestReader {
 public:
  NestReader(const uint8_t* bytes, size_t pos, size_t end, bool int32) : s_(bytes), pos_(pos), end_(end), int32_(int32) {
    // A number and its comma take at least two bytes: room for all of them in one allocation
    // (up to a bound, past which the vector grows as usual).
    const size_t room = std::min<size_t>((end - pos) / 2 + 1, size_t{1} << 20);
    if (int32) {
      ints_.reserve(room);
    } else {
      floats_.reserve(room);
    }
  }

  // Reads the nest at pos (its '['); false when it is not one the fast path takes.
  bool read() {
    std::fill(shape_, shape_ + kMaxRank, -1);
    return nest(0);
  }

  size_t end() const { return pos_; }
  int rank() const { return rank_; }
  const int* shape() const { return shape_; }
  const std::vector<float>& floats() const { return floats_; }
  const std::vector<int32_t>& ints() const { return ints_; }

 private:
  int peek() const { return pos_ < end_ ? s_[pos_] : -1; }

  void space() {
    while (pos_ < end_ && (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\r' || s_[pos_] == '\t')) pos_++;
  }

  // After an item: 1 past a comma (another follows), 0 past the closing ']', -1 otherwise.
  int next() {
    space();
    const int c = peek();
    pos_++;
    return c == ',' ? 1 : c == ']' ? 0 : -1;
  }

  bool nest(int depth) {
    if (depth >= kMaxRank) return false;
    pos_++;
    space();
    // The first array to reach a number fixes the rank; every other must reach numbers at the same depth.
    const bool leaf = rank_ == 0 ? peek() != '[' : depth == rank_ - 1;
    if (leaf && rank_ == 0) rank_ = depth + 1;
    int n = 0;
    int more;
    do {
      space();
      if (leaf ? !value() : (peek() != '[' || !nest(depth + 1))) return false;
      n++;
    } while ((more = next()) == 1);
    if (more < 0) return false;
    // The first array finished at each depth sets its length (an empty one never gets here).
    if (shape_[depth] == -1) shape_[depth] = n;
    return shape_[depth] == n;
  }

  bool value() {
    const size_t start = pos_;
    Number x;
    if (!scan(x)) return false;
    if (int32_) {
      const double v = toDouble(x, start);
      if (!(v >= -2147483648.0 && v < 2147483648.0 && v == std::trunc(v))) return false;
      ints_.push_back(static_cast<int32_t>(v));
    } else {
      floats_.push_back(toFloat32(x, start));
    }
    return true;
  }

  // The JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool scan(Number& x) {
    x.negative = peek() == '-';
    if (x.negative) pos_++;
    int c = peek();
    if (c == '0') {
      pos_++;
      if (pos_ < end_ && isDigit(s_[pos_])) return false;  // a leading zero
    } else if (c >= 0 && isDigit(static_cast<uint8_t>(c))) {
      digitRun(x, false);
    } else {
      return false;
    }
    if (peek() == '.') {
      pos_++;
      if (!(pos_ < end_ && isDigit(s_[pos_]))) return false;
      digitRun(x, true);
    }
    c = peek();
    if (c == 'e' || c == 'E') {
      pos_++;
      const bool negativeExponent = peek() == '-';
      if (peek() == '-' || peek() == '+') pos_++;
      if (!(pos_ < end_ && isDigit(s_[pos_]))) return false;
      int e = 0;
      while (pos_ < end_ && isDigit(s_[pos_])) e = std::min(kExponentCap, e * 10 + (s_[pos_++] - '0'));
      x.exponent += negativeExponent ? -e : e;
    }
    return true;
  }

  // Leading zeros of a fraction are not significant; each fraction digit kept moves the point,
  // each integer digit past the 19th raises it (such a number goes to way 3 anyway).
  void digitRun(Number& x, bool fraction) {
    if (fraction && x.digits == 0) {
      while (pos_ < end_ && s_[pos_] == '0') {
        pos_++;
        x.exponent--;
      }
    }
    // Up to eight digits a step, as long as they fit in the mantissa's 19; the rest (and a run
    // too close to the body's end for an 8-byte read) one a step.
    uint64_t word;
    while (pos_ + 8 <= end_) {
      std::memcpy(&word, s_ + pos_, 8);
      const int k = leadingDigits(word);
      if (k == 0 || x.digits + k > kMaxApproxDigits) break;
      x.mantissa = x.mantissa * kPow10Int[k] + eightDigitValue(k == 8 ? word : (word << (64 - 8 * k)) | (kZeroDigits >> (8 * k)));
      x.digits += k;
      if (fraction) x.exponent -= k;
      pos_ += k;
      if (k < 8) return;  // a non-digit follows
    }
    while (pos_ < end_ && isDigit(s_[pos_])) {
      if (x.digits < kMaxApproxDigits) {
        x.mantissa = x.mantissa * 10 + (s_[pos_] - '0');
        if (fraction) x.exponent--;
      } else if (!fraction) {
        x.exponent++;
      }
      x.digits++;
      pos_++;
    }
  }

  // Way 1 when it applies, else nothing (NaN).
  static double exact(const Number& x) {
    if (x.digits > kMaxApproxDigits || x.mantissa > kMaxExactMantissa || x.exponent < -kMaxExactExponent || x.exponent > kMaxExactExponent) return NAN;
    const double m = static_cast<double>(x.mantissa);
    const double v = x.exponent >= 0 ? m * kPow10.p[x.exponent] : m / kPow10.p[-x.exponent];
    return x.negative ? -v : v;
  }

  // Way 3: the correctly rounded double of the number's text. from_chars leaves the value alone
  // past the double range; JSON.parse gives an infinity above it and a zero below it.
  double converted(const Number& x, size_t start) const {
    double v = 0;
    const auto [_, ec] = std::from_chars(reinterpret_cast<const char*>(s_ + start), reinterpret_cast<const char*>(s_ + pos_), v);
    if (ec == std::errc::result_out_of_range) {
      const bool above = std::min(x.digits, kMaxApproxDigits) + x.exponent > 0;  // the decimal order of the value
      v = above ? INFINITY : 0.0;
      if (x.negative) v = -v;
    }
    return v;
  }

  double toDouble(const Number& x, size_t start) const {
    if (x.digits == 0) return x.negative ? -0.0 : 0.0;
    const double v = exact(x);
    return std::isnan(v) ? converted(x, start) : v;
  }

  float toFloat32(const Number& x, size_t start) const {
    if (x.digits == 0) return x.negative ? -0.0f : 0.0f;
    const double v = exact(x);
    if (!std::isnan(v)) return static_cast<float>(v);
    if (x.digits <= kMaxApproxDigits) {
      const float f = nearFloat32(x.mantissa, x.exponent);
      if (f != 0) return x.negative ? -f : f;
    }
    return static_cast<float>(converted(x, start));
  }

  // Way 2: the float32 nearest to m * 10^exponent when the approximation decides it, else 0.
  static float nearFloat32(uint64_t mantissa, int exponent) {
    if (exponent < -80 || exponent > 40) return 0;
    const double m = static_cast<double>(mantissa);
    const double a = exponent >= 0 ? m * kPow10.p[exponent] : m / kPow10.p[-exponent];
    if (!(a >= kFloat32NormalMin && a <= kFloat32SafeMax)) return 0;
    const float f = static_cast<float>(a);
    // The float32 neighbour on a's side of f (f is positive and normal: its bits plus or minus
    // one), and the midpoint between them (exact in double).
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    bits += a >= f ? 1 : -1;
    float g;
    std::memcpy(&g, &bits, 4);
    const double midpoint = (static_cast<double>(f) + static_cast<double>(g)) / 2;
    return std::fabs(a - midpoint) > a * kMidpointMargin ? f : 0;
  }

  const uint8_t* s_;
  size_t pos_;
  const size_t end_;
  const bool int32_;
  int rank_ = 0;
  int shape_[kMaxRank];
  std::vector<float> floats_;
  std::vector<int32_t> ints_;
};

template <typename T, typename Array>
Napi::Value copyOut(Napi::Env env, const std::vector<T>& values) {
  Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(env, values.size() * sizeof(T));
  std::memcpy(buffer.Data(), values.data(), values.size() * sizeof(T));
  return Array::New(env, values.size(), buffer, 0);
}

}  // namespace

// readNumberNest(bytes: Uint8Array, start, end, int32: boolean, result: Int32Array(2 + 8)):
// the values of the nest at `start` as a new Float32Array (Int32Array when int32), with
// result = [position after it, rank, ...shape]; undefined when the fast path does not take it.
Napi::Value ReadNumberNest(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  if (info.Length() != 5 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array ||
      !info[1].IsNumber() || !info[2].IsNumber() || !info[3].IsBoolean() || !info[4].IsTypedArray() ||
      info[4].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array || info[4].As<Napi::Int32Array>().ElementLength() != 2 + kMaxRank) {
    throw Napi::TypeError::New(env, "readNumberNest: expected (Uint8Array, start, end, int32: boolean, Int32Array(10))");
  }
  Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
  const int64_t start = info[1].As<Napi::Number>().Int64Value();
  const int64_t end = info[2].As<Napi::Number>().Int64Value();
  if (!(0 <= start && start < end && end <= static_cast<int64_t>(bytes.ElementLength()) && bytes.Data()[start] == '[')) {
    throw Napi::RangeError::New(env, "readNumberNest: expected 0 <= start < end <= bytes.length, with a '[' at start");
  }
  NestReader reader(bytes.Data(), static_cast<size_t>(start), static_cast<size_t>(end), info[3].As<Napi::Boolean>().Value());
  if (!reader.read()) return env.Undefined();
  int32_t* result = info[4].As<Napi::Int32Array>().Data();
  result[0] = static_cast<int32_t>(reader.end());
  result[1] = reader.rank();
  std::copy(reader.shape(), reader.shape() + kMaxRank, result + 2);
  return info[3].As<Napi::Boolean>().Value() ? copyOut<int32_t, Napi::Int32Array>(env, reader.ints())
                                             : copyOut<float, Napi::Float32Array>(env, reader.floats());
}

}  // namespace tensile
