#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace tensile {

// Activation codes shared with src/backend/native/codes.ts.
enum class Activation { kLinear = 0, kRelu = 1, kSigmoid = 2, kTanh = 3 };

inline dnnl::algorithm activationAlgorithm(Activation a) {
  switch (a) {
    case Activation::kRelu: return dnnl::algorithm::eltwise_relu;
    case Activation::kSigmoid: return dnnl::algorithm::eltwise_logistic;
    case Activation::kTanh: return dnnl::algorithm::eltwise_tanh;
    case Activation::kLinear: break;
  }
  return dnnl::algorithm::undef;
}

}  // namespace tensile
