#include <cstdlib>
#include <exception>
#include <string>

#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <omp.h>
#include <napi.h>
#include <oneapi/dnnl/dnnl.hpp>

#include "kernels.hh"

namespace tensile {

namespace {

// Signals are held back while a kernel runs. A signal delivered during a multithreaded oneDNN
// 2.6 gemm (Debian's build, libgomp) corrupts the heap: reproduced in plain C++ with SIGPROF, the
// signal Node's --cpu-prof sends, and cured by this mask. OpenMP workers start inside a kernel,
// so they inherit the full mask and never take process signals; the JS thread gets them after.
class SignalsHeld {
 public:
  SignalsHeld() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous_);
  }
  ~SignalsHeld() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;

 private:
  sigset_t previous_;
};

// oneDNN and the argument checks report errors by throwing; JS gets them as Error objects.
template <Napi::Value (*Kernel)(const Napi::CallbackInfo&)>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  const SignalsHeld held;
  try {
    return Kernel(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("tensile native: oneDNN: ") + e.what());
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

// Training frees and allocates the same large arrays every step. By default glibc maps each
// array over 128 KB fresh from the kernel and unmaps it when freed, so every step page-faults
// through megabytes again (a 5.5 MB activation cost ~5 ms that way here, 4x the op that filled
// it). These settings keep freed memory in the process for reuse: the price is that memory, once
// used, is not returned to the system (up to 512 MB beyond the peak), as with PyTorch's allocator.
void keepFreedMemory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

// The thread pool is oneDNN's OpenMP team, sized to the machine unless TENSILE_NUM_THREADS says
// otherwise (OpenMP threads are per calling thread, so this applies to the JS thread that loaded us).
int configureThreads() {
  const char* requested = std::getenv("TENSILE_NUM_THREADS");
  if (requested != nullptr && *requested != '\0') {
    const int n = std::atoi(requested);
    if (n >= 1) omp_set_num_threads(n);
  }
  return omp_get_max_threads();
}

// setThreads(n): the size of the OpenMP team of the calling JS thread's kernels; returns it.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  if (info.Length() != 1 || !info[0].IsNumber() || info[0].As<Napi::Number>().Int32Value() < 1) {
    throw Napi::TypeError::New(info.Env(), "setThreads: expected a positive integer");
  }
  omp_set_num_threads(info[0].As<Napi::Number>().Int32Value());
  return Napi::Number::New(info.Env(), omp_get_max_threads());
}

}  // namespace

}  // namespace tensile

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  using namespace tensile;
  keepFreedMemory();
  exports.Set("threads", Napi::Number::New(env, configureThreads()));
  const dnnl_version_t* v = dnnl_version();
  exports.Set("onednnVersion", Napi::String::New(env, std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                                                          std::to_string(v->patch)));
  exports.Set("matmul", Napi::Function::New<guarded<Matmul>>(env, "matmul"));
  exports.Set("conv2d", Napi::Function::New<guarded<Conv2d>>(env, "conv2d"));
  exports.Set("conv2dBackwardInput", Napi::Function::New<guarded<Conv2dBackwardInput>>(env, "conv2dBackwardInput"));
  exports.Set("conv2dBackwardFilter", Napi::Function::New<guarded<Conv2dBackwardFilter>>(env, "conv2dBackwardFilter"));
  exports.Set("pool2d", Napi::Function::New<guarded<Pool2d>>(env, "pool2d"));
  exports.Set("pool2dBackward", Napi::Function::New<guarded<Pool2dBackward>>(env, "pool2dBackward"));
  exports.Set("unary", Napi::Function::New<guarded<Unary>>(env, "unary"));
  exports.Set("unaryBackward", Napi::Function::New<guarded<UnaryBackward>>(env, "unaryBackward"));
  exports.Set("binary", Napi::Function::New<guarded<Binary>>(env, "binary"));
  exports.Set("softmax", Napi::Function::New<guarded<Softmax>>(env, "softmax"));
  exports.Set("reduce", Napi::Function::New<guarded<Reduce>>(env, "reduce"));
  exports.Set("adam", Napi::Function::New<guarded<Adam>>(env, "adam"));
  exports.Set("setThreads", Napi::Function::New<guarded<SetThreads>>(env, "setThreads"));
#ifdef TENSILE_GLOO
  ExportGloo(env, exports);
#endif
  exports.Set("recurrence", Napi::Function::New<guarded<Recurrence>>(env, "recurrence"));
  exports.Set("recurrenceBackward", Napi::Function::New<guarded<RecurrenceBackward>>(env, "recurrenceBackward"));
  exports.Set("readNumberNest", Napi::Function::New<guarded<ReadNumberNest>>(env, "readNumberNest"));
  return exports;
}

NODE_API_MODULE(tensile_native, Init)
