// maxmemory-policy and its tuning parameters, as Redis names them, plus allkeys-s3fifo.
//
// Config owns one MemoryPolicy and CONFIG SET changes it; storage reads it on the hot path
// (how a lookup stamps an entry, how a new key enters the S3-FIFO queues) and when it evicts.
// Every field is an atomic so any thread may read it while CONFIG SET runs elsewhere.
#pragma once

#include <atomic>
#include <cstdint>
#include <string_view>

namespace tessera {

enum class EvictionPolicy : int {
  kNoEviction = 0,
  kAllKeysLru,
  kAllKeysLfu,
  kAllKeysRandom,
  kVolatileLru,
  kVolatileLfu,
  kVolatileRandom,
  kVolatileTtl,
  kAllKeysS3Fifo,
};

// Redis's names, indexed by EvictionPolicy.
inline constexpr std::string_view kEvictionPolicyNames[] = {
    "noeviction",     "allkeys-lru",     "allkeys-lfu",  "allkeys-random", "volatile-lru",
    "volatile-lfu",   "volatile-random", "volatile-ttl", "allkeys-s3fifo",
};
// The order Redis lists them in its CONFIG SET error, then ours.
inline constexpr EvictionPolicy kEvictionPolicyListOrder[] = {
    EvictionPolicy::kVolatileLru,  EvictionPolicy::kVolatileLfu,
    EvictionPolicy::kVolatileRandom, EvictionPolicy::kVolatileTtl,
    EvictionPolicy::kAllKeysLru,   EvictionPolicy::kAllKeysLfu,
    EvictionPolicy::kAllKeysRandom, EvictionPolicy::kNoEviction,
    EvictionPolicy::kAllKeysS3Fifo,
};

inline std::string_view EvictionPolicyName(EvictionPolicy p) {
  return kEvictionPolicyNames[int(p)];
}

struct MemoryPolicy {
  std::atomic<int64_t> policy{int64_t(EvictionPolicy::kNoEviction)};
  std::atomic<int64_t> samples{5};           // maxmemory-samples
  std::atomic<int64_t> tenacity{10};         // maxmemory-eviction-tenacity
  std::atomic<int64_t> lfu_log_factor{10};   // lfu-log-factor
  std::atomic<int64_t> lfu_decay_time{1};    // lfu-decay-time (minutes per halving step)

  EvictionPolicy get() const { return EvictionPolicy(policy.load(std::memory_order_relaxed)); }
  bool lfu() const {
    EvictionPolicy p = get();
    return p == EvictionPolicy::kAllKeysLfu || p == EvictionPolicy::kVolatileLfu;
  }
  bool volatile_only() const {
    EvictionPolicy p = get();
    return p == EvictionPolicy::kVolatileLru || p == EvictionPolicy::kVolatileLfu ||
           p == EvictionPolicy::kVolatileRandom || p == EvictionPolicy::kVolatileTtl;
  }
};

}  // namespace tessera
