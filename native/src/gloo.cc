// Gloo collectives for elastic training across processes (src/elastic/collective/gloo.ts).
//
// A GlooGroup is one generation's group: connect() forms it by rendezvous through Redis
// (gloo::rendezvous::RedisStore under a PrefixStore unique to the job and generation) over Gloo's
// TCP transport; allreduce() sums float32 in place (ring algorithm: each element is reduced once
// and then copied to every rank, so all ranks get the same bits); broadcast() copies the root's
// bytes. Every call that blocks runs as a Napi::AsyncWorker on libuv's pool and returns a
// Promise, so the JS thread stays free. Gloo reports peer failures and timeouts by throwing; they
// reject the Promise with Gloo's message. The caller keeps one call in flight per group and must
// not touch an array while its call is pending (the worker holds a reference so it stays alive).
// A Redis that needs a password is reached through AuthenticatedRedisStore.
#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include <gloo/allreduce.h>
#include <gloo/broadcast.h>
#include <gloo/math.h>
#include <gloo/rendezvous/context.h>
#include <gloo/rendezvous/prefix_store.h>
#include <gloo/rendezvous/redis_store.h>
#include <gloo/transport/tcp/device.h>
#include <napi.h>

#include "kernels.hh"

namespace tensile {

namespace {

// Runs `work` off the JS thread; resolves the promise, or rejects it with what Gloo threw.
class GlooWork : public Napi::AsyncWorker {
 public:
  GlooWork(Napi::Env env, std::function<void()> work, Napi::Value keep)
      : Napi::AsyncWorker(env), work_(std::move(work)), deferred_(Napi::Promise::Deferred::New(env)) {
    if (!keep.IsUndefined()) keep_ = Napi::Persistent(keep.As<Napi::Object>());
  }
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      work_();
    } catch (const std::exception& e) {
      // gloo::IoException and gloo::TimeoutException derive from std::runtime_error; so does
      // gloo::EnforceNotMet (a key already set in the store).
      SetError(e.what());
    }
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::function<void()> work_;
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference keep_;
};

// Gloo's RedisStore, authenticated: its constructor connects, then AUTH is sent on the same
// connection (Gloo's own store has no password support). An empty password sends nothing.
class AuthenticatedRedisStore : public gloo::rendezvous::RedisStore {
 public:
  AuthenticatedRedisStore(const std::string& host, int port, const std::string& user, const std::string& password)
      : RedisStore(host, port) {
    if (password.empty()) return;
    void* sent = user.empty()
        ? redisCommand(redis_, "AUTH %b", password.data(), password.size())
        : redisCommand(redis_, "AUTH %b %b", user.data(), user.size(), password.data(), password.size());
    auto* reply = static_cast<redisReply*>(sent);
    if (reply == nullptr) throw std::runtime_error(std::string("gloo: redis AUTH failed: ") + redis_->errstr);
    const bool refused = reply->type == REDIS_REPLY_ERROR;
    const std::string message = refused ? std::string(reply->str, reply->len) : "";
    freeReplyObject(reply);
    if (refused) throw std::runtime_error("gloo: redis refused the password: " + message);
  }
};

class GlooGroup : public Napi::ObjectWrap<GlooGroup> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "GlooGroup", {
        InstanceMethod<&GlooGroup::Connect>("connect"),
        InstanceMethod<&GlooGroup::Allreduce>("allreduce"),
        InstanceMethod<&GlooGroup::Broadcast>("broadcast"),
        InstanceMethod<&GlooGroup::Close>("close"),
    });
  }

  explicit GlooGroup(const Napi::CallbackInfo& info) : Napi::ObjectWrap<GlooGroup>(info) {}

 private:
  // connect(redisHost, redisPort, redisUser, redisPassword, prefix, rank, size, timeoutMs, hostname): Promise<void>
  Napi::Value Connect(const Napi::CallbackInfo& info) {
    const std::string redisHost = info[0].As<Napi::String>();
    const int redisPort = info[1].As<Napi::Number>().Int32Value();
    const std::string redisUser = info[2].As<Napi::String>();
    const std::string redisPassword = info[3].As<Napi::String>();
    const std::string prefix = info[4].As<Napi::String>();
    const int rank = info[5].As<Napi::Number>().Int32Value();
    const int size = info[6].As<Napi::Number>().Int32Value();
    const auto timeout = std::chrono::milliseconds(info[7].As<Napi::Number>().Int64Value());
    const std::string hostname = info[8].As<Napi::String>();
    auto* work = new GlooWork(info.Env(), [this, redisHost, redisPort, redisUser, redisPassword, prefix, rank, size, timeout, hostname]() {
      gloo::transport::tcp::attr attr;
      attr.hostname = hostname;
      auto device = gloo::transport::tcp::CreateDevice(attr);
      AuthenticatedRedisStore redis(redisHost, redisPort, redisUser, redisPassword);
      gloo::rendezvous::PrefixStore store(prefix, redis);
      auto context = std::make_shared<gloo::rendezvous::Context>(rank, size);
      context->setTimeout(timeout);
      context->connectFullMesh(store, device);
      context_ = context;
    }, info.This());
    work->Queue();
    return work->promise();
  }

  std::shared_ptr<gloo::Context> connected(const Napi::Env& env) {
    if (!context_) throw Napi::Error::New(env, "gloo: the group is not connected (or was closed)");
    return context_;
  }

  // allreduce(Float32Array, timeoutMs?): Promise<void>, summing in place; a timeout > 0 replaces
  // the context's for this call (a step deadline shorter than the connection timeout).
  Napi::Value Allreduce(const Napi::CallbackInfo& info) {
    auto context = connected(info.Env());
    auto data = info[0].As<Napi::Float32Array>();
    float* ptr = data.Data();
    const size_t n = data.ElementLength();
    const int64_t timeoutMs = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Int64Value() : 0;
    auto* work = new GlooWork(info.Env(), [context, ptr, n, timeoutMs]() {
      gloo::AllreduceOptions opts(context);
      if (timeoutMs > 0) opts.setTimeout(std::chrono::milliseconds(timeoutMs));
      opts.setOutput(ptr, n);
      opts.setAlgorithm(gloo::AllreduceOptions::Algorithm::RING);
      opts.setReduceFunction(static_cast<void (*)(void*, const void*, const void*, size_t)>(&gloo::sum<float>));
      gloo::allreduce(opts);
    }, data);
    work->Queue();
    return work->promise();
  }

  // broadcast(Uint8Array, root): Promise<void>, in place.
  Napi::Value Broadcast(const Napi::CallbackInfo& info) {
    auto context = connected(info.Env());
    auto data = info[0].As<Napi::Uint8Array>();
    uint8_t* ptr = data.Data();
    const size_t n = data.ElementLength();
    const int root = info[1].As<Napi::Number>().Int32Value();
    auto* work = new GlooWork(info.Env(), [context, ptr, n, root]() {
      gloo::BroadcastOptions opts(context);
      opts.setOutput(ptr, n);
      opts.setRoot(root);
      gloo::broadcast(opts);
    }, data);
    work->Queue();
    return work->promise();
  }

  // close(): drops the context; its connections close when no call holds it any more.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    context_.reset();
    return info.Env().Undefined();
  }

  std::shared_ptr<gloo::Context> context_;
};

}  // namespace

void ExportGloo(Napi::Env env, Napi::Object exports) {
  exports.Set("GlooGroup", GlooGroup::Define(env));
}

}  // namespace tensile
