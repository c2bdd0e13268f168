#pragma once
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

namespace tensile {

using Key = std::vector<int64_t>;

struct KeyHash {
  size_t operator()(const Key& key) const {
    size_t h = key.size();
    for (int64_t v : key) h = h * 1000003u ^ std::hash<int64_t>{}(v);
    return h;
  }
};

// Primitives by problem shape. Creating a oneDNN primitive costs tens of microseconds, running a
// small one a few: training repeats the same shapes, so each is made once. The cache is cleared
// when full, which bounds memory for programs that see endless new shapes.
template <typename Value>
class Cache {
 public:
  template <typename Make>
  Value& get(const Key& key, Make make) {
    auto it = map_.find(key);
    if (it != map_.end()) return it->second;
    if (map_.size() >= kCapacity) map_.clear();
    return map_.emplace(key, make()).first->second;
  }

 private:
  static constexpr size_t kCapacity = 512;
  std::unordered_map<Key, Value, KeyHash> map_;
};

}  // namespace tensile
