#pragma once
#include <initializer_list>
#include <unordered_map>
#include <utility>

#include <oneapi/dnnl/dnnl.hpp>

#include "context.hh"

namespace tensile {

// A primitive with its argument memories made once: a call only points them at the caller's
// arrays (user pointers, no copies) and executes.
struct Bound {
  dnnl::primitive primitive;
  std::unordered_map<int, dnnl::memory> args;

  Bound() = default;
  Bound(dnnl::primitive p, std::initializer_list<std::pair<int, dnnl::memory::desc>> user) : primitive(std::move(p)) {
    for (const auto& [arg, md] : user) args.emplace(arg, dnnl::memory(md, context().engine, nullptr));
  }

  // Memory the primitive keeps (blocked weights, scratch outputs), allocated once here.
  const dnnl::memory& own(int arg, const dnnl::memory::desc& md) {
    return args[arg] = dnnl::memory(md, context().engine);
  }
  void share(int arg, const dnnl::memory& mem) { args[arg] = mem; }

  void bind(int arg, const void* ptr) { args.at(arg).set_data_handle(const_cast<void*>(ptr)); }

  void run(std::initializer_list<std::pair<int, const void*>> handles) {
    for (const auto& [arg, ptr] : handles) bind(arg, ptr);
    primitive.execute(context().stream, args);
  }
};

// A reorder between a user array of layout `user` and memory the caller keeps.
inline Bound reorderFrom(const dnnl::memory::desc& user, const dnnl::memory& to) {
  const dnnl::engine& e = context().engine;
  Bound r(dnnl::reorder(dnnl::reorder::primitive_desc(e, user, e, to.get_desc())), {{DNNL_ARG_FROM, user}});
  r.share(DNNL_ARG_TO, to);
  return r;
}

inline Bound reorderTo(const dnnl::memory& from, const dnnl::memory::desc& user) {
  const dnnl::engine& e = context().engine;
  Bound r(dnnl::reorder(dnnl::reorder::primitive_desc(e, from.get_desc(), e, user)), {{DNNL_ARG_TO, user}});
  r.share(DNNL_ARG_FROM, from);
  return r;
}

}  // namespace tensile
