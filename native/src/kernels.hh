#pragma once
#include <napi.h>

namespace tensile {

// The addon's functions, one per kernel family. Each writes into an output array the caller
// allocated; argument order is documented in src/backend/native/addon.ts.
Napi::Value Matmul(const Napi::CallbackInfo& info);
Napi::Value Conv2d(const Napi::CallbackInfo& info);
Napi::Value Conv2dBackwardInput(const Napi::CallbackInfo& info);
Napi::Value Conv2dBackwardFilter(const Napi::CallbackInfo& info);
Napi::Value Pool2d(const Napi::CallbackInfo& info);
Napi::Value Pool2dBackward(const Napi::CallbackInfo& info);
Napi::Value Unary(const Napi::CallbackInfo& info);
Napi::Value UnaryBackward(const Napi::CallbackInfo& info);
Napi::Value Binary(const Napi::CallbackInfo& info);
Napi::Value Softmax(const Napi::CallbackInfo& info);
Napi::Value Reduce(const Napi::CallbackInfo& info);
Napi::Value Adam(const Napi::CallbackInfo& info);
Napi::Value Recurrence(const Napi::CallbackInfo& info);
Napi::Value RecurrenceBackward(const Napi::CallbackInfo& info);
// Not a kernel: the serving front's reader of JSON number nests (number_nest.cc).
Napi::Value ReadNumberNest(const Napi::CallbackInfo& info);

#ifdef TENSILE_GLOO
// Adds the GlooGroup class (gloo.cc): collectives across processes, built when Gloo is installed.
void ExportGloo(Napi::Env env, Napi::Object exports);
#endif

}  // namespace tensile
