#pragma once
#include <algorithm>
#include <cstdint>

namespace tensile {

// Padding after the last window along one axis. TF's specs give only the leading padding; oneDNN
// wants both sides. When the last rows are never reached ('valid' with a stride that leaves
// some over), the formula gives a negative number, and 0 yields the same output size.
inline int64_t trailingPad(int64_t in, int64_t out, int64_t extent, int64_t stride, int64_t lead) {
  return std::max<int64_t>(0, (out - 1) * stride + extent - in - lead);
}

}  // namespace tensile
