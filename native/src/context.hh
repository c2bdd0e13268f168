#pragma once
#include <oneapi/dnnl/dnnl.hpp>

namespace tensile {

// One engine and stream per JS thread: worker threads that load the addon get their own, so no
// state is shared between threads without a lock.
struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};

Context& context();

}  // namespace tensile
