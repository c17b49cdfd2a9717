// What storage does for maxmemory: the used-memory counter the write path reads, the
// per-key access stamps each policy keeps, the S3-FIFO queues, and eviction itself.
//
// Access stamps (Entry::access(), 32 bits), by policy, as Redis keeps its `lru` field:
//   LRU and the others:  low 24 bits = LRU clock (seconds) at the last access
//   LFU:                 top 8 bits = logarithmic counter, low 16 bits = minutes clock at
//                        its last decrement (Redis's LFU: counter starts at 5, grows with
//                        probability 1/((c-5)*lfu-log-factor+1), loses one per
//                        lfu-decay-time minutes idle)
//   S3-FIFO:             top 8 bits = frequency 0..3 (bits 24-25), low 24 bits = LRU clock
// Switching policy at run time reinterprets the bits, as in Redis ("LRU and LFU data will
// take some time to adjust").
//
// S3-FIFO (allkeys-s3fifo; Yang et al., SOSP'23): a new key enters the small queue S; a key
// found in the ghost G (recently evicted from S) enters the main queue M directly. When the
// shard must evict and S holds at least 10% of its keys, S's oldest key leaves it: to M if
// it was read since it came in, else evicted and remembered in G. Otherwise M evicts: its
// keys are visited in a circle and each read key loses one frequency point instead of
// going. Each shard has its own queues; which queue to take from, and which shard's S, is
// decided over a sample of shards (Store::Evict), so S is close to one FIFO for the store.
// Per key this costs:
//   - S: the key's 64-bit hash and arrival time in a FIFO ring, only while the key is in S
//     (<= ~10% of keys when memory is full), so ~1.6 bytes per key;
//   - M: nothing. M is a CLOCK over the shard's hash table in bucket order (FIFO with
//     reinsertion, which is what M is), with the frequency bits in the access stamp; a key
//     promoted to M gets frequency 1 so it survives the hand's next pass, as a key at M's
//     head survives one rotation;
//   - G: a 16-bit fingerprint per ghost entry in 8-way buckets (about as many entries as the
//     shard has keys): 2 bytes per key, created on the first eviction.
// An exact M (a queue of every key) would cost 8 more bytes per key.
//
// Threading: everything that touches a shard requires its lock; Evict takes shards with a
// try-lock only, never one this thread holds, so it cannot deadlock inside EXEC or a
// MultiLock and never waits for a busy shard.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "core/memory_policy.h"
#include "storage/entry.h"

namespace tessera::storage {

class Shard;
class Store;

// The policy storage follows: Config's, installed by the server (a default-constructed one,
// noeviction, until then).
void InstallMemoryPolicy(const MemoryPolicy* p);
namespace detail {
extern const MemoryPolicy* g_policy;
}
inline const MemoryPolicy& CurrentMemoryPolicy() { return *detail::g_policy; }

uint32_t LruClock();  // store.h

// The access stamp of a new entry under the current policy.
uint32_t NewAccess();
// A lookup's update of e's stamp (LRU clock, LFU counter, S3-FIFO frequency).
void TouchAccessSlow(Entry* e, EvictionPolicy p);
inline void TouchAccess(Entry* e) {
  EvictionPolicy p = CurrentMemoryPolicy().get();
  if (p == EvictionPolicy::kAllKeysLfu || p == EvictionPolicy::kVolatileLfu ||
      p == EvictionPolicy::kAllKeysS3Fifo)
    return TouchAccessSlow(e, p);
  e->set_access((e->access() & 0xFF000000u) | LruClock());
}
// Redis's LFUDecrAndReturn: the counter after decay, without changing it (OBJECT FREQ).
uint32_t LfuCounter(const Entry* e);
// The minutes clock LFU stamps use (16 bits, as Redis).
uint32_t LfuMinutes();

// Used memory, readable on the write path at the cost of one atomic load. Each thread adds
// its changes to a slot of its own and moves them to the total once they pass the batch
// (16 KB, or maxmemory / 1024 when smaller), so threads do not fight over one cache line;
// the total lags the truth by at most a batch per other thread (reading includes the
// reader's own slot). INFO's used_memory sums the shards
// exactly instead.
class MemCounter {
 public:
  static constexpr int64_t kBatch = 16 * 1024;
  void Add(int64_t delta);
  int64_t Read() const;
  // A smaller batch for a small limit (maxmemory / 1024), so the error stays far below it.
  void set_batch(int64_t b) {
    if (batch_.load(std::memory_order_relaxed) != b) batch_.store(b, std::memory_order_relaxed);
  }
  static MemCounter& Unowned();

 private:
  struct alignas(64) Slot {
    std::atomic<int64_t> pending{0};
  };
  static constexpr int kSlots = 128;
  std::atomic<int64_t> total_{0};
  std::atomic<int64_t> batch_{kBatch};
  std::array<Slot, kSlots> slots_;
};

// S3-FIFO's small queue: (hash, time it came in) of the keys that entered S, oldest first,
// in a ring that grows and shrinks by halves.
class SmallRing {
 public:
  struct Item {
    uint64_t hash;
    int64_t ms;
  };
  void Push(uint64_t hash, int64_t ms);
  Item Pop();  // requires !empty()
  const Item& Front() const { return buf_[head_]; }
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }
  size_t Bytes() const { return buf_.capacity() * sizeof(Item); }

 private:
  void Rebuild(size_t cap);
  std::vector<Item> buf_;
  size_t head_ = 0, count_ = 0;
};

// A shard's S3-FIFO state (null until the policy is used on it).
struct S3Fifo {
  SmallRing small;              // stale entries (keys gone or out of S) are skipped
  int64_t small_live = 0;       // entries flagged kSmallFifo
  std::vector<uint16_t> ghost;  // fingerprints, 8 per bucket; empty until the first eviction
  int64_t accounted = 0;        // bytes of this state counted in the shard's used_bytes
  size_t Bytes() const { return sizeof(S3Fifo) + small.Bytes() + ghost.capacity() * 2; }
};

// Shard hooks (the shard's lock held).
void S3Admit(Shard& s, Entry* e, uint64_t hash);  // a key new to the shard
void S3Leave(Shard& s);                           // an entry flagged kSmallFifo went away
// Clears S3-FIFO marks and queues of the shard (switching the policy on).
void S3Reset(Shard& s);
// Evicts one key of the shard by S3-FIFO, from S (its oldest unread key) or from M (the
// CLOCK hand); false when it has none.
bool S3EvictOne(Shard& s, bool from_small);

}  // namespace tessera::storage
