#include "context.hh"

namespace tensile {

Context& context() {
  thread_local Context instance;
  return instance;
}

}  // namespace tensile
