// The per-shard hash table: linear hashing over chained entries.
//
// Why our own table instead of a Swiss table: a Swiss table doubles at once, so just after
// each growth it sits half empty, and its per-key cost swings between ~10 and ~21 bytes for
// an 8-byte slot. Linear hashing grows one bucket at a time: when the average chain length
// passes kMaxLoad, exactly one bucket (the one at the split pointer) is split in two. The
// load factor therefore stays near kMaxLoad at every key count, and the per-key cost of the
// table is a steady 8 / kMaxLoad bytes (about 5.3) plus the entry's own block.
//
// Addressing: with 2^L <= nbuckets < 2^(L+1), a key with hash h lives in bucket
// h & (2^(L+1) - 1) if that is < nbuckets, else in h & (2^L - 1). Splitting bucket
// s = nbuckets - 2^L moves the keys whose bit L is set to the new bucket nbuckets.
// Buckets live in fixed-size segments so that growing never copies or doubles an array.
//
// Iteration order is by bucket index. A split only moves keys from bucket s to a higher
// bucket s + 2^L, so a cursor walking upwards never misses a key that was present for the
// whole walk (it may see some twice). The table never shrinks except by Clear(), which keeps
// that guarantee for SCAN.
//
// Threading: not synchronised; the owning shard's lock guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "storage/entry.h"

namespace tessera::storage {

uint64_t HashKey(std::string_view key);
inline uint8_t HashTag(uint64_t h) { return uint8_t(h >> 40); }

class Table {
 public:
  static constexpr size_t kSegShift = 8;  // 256 buckets (2 KB) per segment
  static constexpr size_t kSegSize = size_t(1) << kSegShift;
  static constexpr double kMaxLoad = 1.5;

  Table() = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;
  ~Table() { Clear(); }

  // The link (bucket slot or a predecessor's next field) that points at the key's entry, or
  // nullptr when the key is absent.
  Entry** FindLink(std::string_view key, uint64_t hash);
  // Adds an entry whose key is not present.
  void Insert(Entry* e, uint64_t hash);
  // Detaches the entry that *link points at and returns it (not freed).
  Entry* Unlink(Entry** link);
  // Swaps in `repl` (same key) for the entry *link points at; returns the old one.
  Entry* Replace(Entry** link, Entry* repl);

  size_t size() const { return size_; }
  size_t bucket_count() const { return nbuckets_; }
  size_t MemoryUsage() const { return segs_.size() * kSegSize * sizeof(Entry*); }

  // Calls f(Entry*) for each entry in bucket b (< bucket_count()); f must not modify the
  // table.
  template <typename F>
  void ForEachInBucket(size_t b, F&& f) const {
    for (Entry* e = *Slot(b); e; e = e->next()) f(e);
  }
  // Destroys every entry and releases the buckets.
  void Clear();

 private:
  Entry** Slot(size_t b) const { return &segs_[b >> kSegShift][b & (kSegSize - 1)]; }
  size_t BucketFor(uint64_t h) const {
    size_t b = h & (2 * low_mask_ + 1);
    return b < nbuckets_ ? b : (h & low_mask_);
  }
  void SplitOne();

  std::vector<std::unique_ptr<Entry*[]>> segs_;
  size_t nbuckets_ = 0;
  size_t low_mask_ = 0;  // 2^L - 1
  size_t size_ = 0;
};

}  // namespace tessera::storage
