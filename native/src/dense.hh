#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace tensile {

// A row-major float32 array of any rank up to oneDNN's limit, as tensors are stored.
inline dnnl::memory::desc dense(const dnnl::memory::dims& dims) {
  dnnl::memory::dims strides(dims.size(), 1);
  for (size_t i = dims.size(); i-- > 1;) strides[i - 1] = strides[i] * dims[i];
  return {dims, dnnl::memory::data_type::f32, strides};
}

}  // namespace tensile
