#pragma once
#include <cstdint>

#include <omp.h>

namespace tensile {

// Work (multiply-adds or elements) below which a kernel runs on the calling thread alone: waking
// the pool costs more than such problems take (the 1-sample MLP predict ran twice as fast serial on a busy 2-core machine).
constexpr int64_t kSerialWork = int64_t{1} << 18;

// Limits oneDNN to one thread for a small problem, for both creating and running its primitive
// (oneDNN sizes per-thread buffers when it creates a primitive, so the two must agree: they do,
// because the decision depends only on the problem's shape).
class SerialIfSmall {
 public:
  explicit SerialIfSmall(int64_t work) : previous_(omp_get_max_threads()), serial_(work < kSerialWork) {
    if (serial_) omp_set_num_threads(1);
  }
  ~SerialIfSmall() {
    if (serial_) omp_set_num_threads(previous_);
  }
  SerialIfSmall(const SerialIfSmall&) = delete;
  SerialIfSmall& operator=(const SerialIfSmall&) = delete;

 private:
  int previous_;
  bool serial_;
};

}  // namespace tensile
