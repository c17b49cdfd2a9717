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
// Buckets live in fixed-size segments so that growing never copies or doubles an array;
// only the first segment starts small (4 buckets) and doubles up to the segment size, so a
// shard with a handful of keys does not hold a 2 KB segment.
//
// Tagged links: every link (a bucket slot, or an entry's next field) holds the pointer to
// the next entry in its low 48 bits and 16 bits of that entry's hash in its top 16 bits
// (x86-64 and AArch64 user addresses fit in 48 bits). A lookup compares tags before it
// dereferences, so walking a chain touches only the entry that matches: a hit costs the
// bucket slot and one entry, a miss usually the bucket slot alone.
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

// Bits of the hash used as link tags: independent of the shard (top bits) and the bucket
// (low bits).
inline uint64_t LinkTag(uint64_t h) { return (h >> 32) & 0xFFFF; }
inline constexpr uint64_t kPtrMask = (uint64_t(1) << 48) - 1;
inline Entry* LinkEntry(uint64_t raw) { return reinterpret_cast<Entry*>(raw & kPtrMask); }

// Where an entry is linked from: a bucket slot or the previous entry's next field.
// `*link` is the entry; valid until the chain it is in changes.
class Link {
 public:
  Link() = default;
  explicit Link(uint64_t* at) : at_(at) {}
  explicit operator bool() const { return at_ != nullptr; }
  Entry* operator*() const { return LinkEntry(*at_); }
  uint64_t* raw() const { return at_; }

 private:
  uint64_t* at_ = nullptr;
};

class Table {
 public:
  static constexpr size_t kSegShift = 8;  // 256 buckets (2 KB) per segment
  static constexpr size_t kSegSize = size_t(1) << kSegShift;
  static constexpr double kMaxLoad = 1.5;

  Table() = default;
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;
  ~Table() { Clear(); }

  // The link that points at the key's entry; false when the key is absent.
  Link FindLink(std::string_view key, uint64_t hash);
  // Adds an entry whose key is not present.
  void Insert(Entry* e, uint64_t hash);
  // Detaches the entry that link points at and returns it (not freed).
  Entry* Unlink(Link link);
  // Swaps in `repl` (same key) for the entry link points at; returns the old one.
  Entry* Replace(Link link, Entry* repl);

  // The key's bucket slot, or null in an empty table (Shard::Prefetch).
  const uint64_t* SlotFor(uint64_t hash) const {
    return nbuckets_ ? Slot(BucketFor(hash)) : nullptr;
  }

  size_t size() const { return size_; }
  size_t bucket_count() const { return nbuckets_; }
  size_t MemoryUsage() const {
    return segs_.empty() ? 0 : (seg0_cap_ + (segs_.size() - 1) * kSegSize) * sizeof(uint64_t);
  }

  // Calls f(Entry*) for each entry in bucket b (< bucket_count()); f must not modify the
  // table.
  template <typename F>
  void ForEachInBucket(size_t b, F&& f) const {
    for (uint64_t raw = *Slot(b); raw; raw = LinkEntry(raw)->next_raw()) f(LinkEntry(raw));
  }
  // Destroys every entry and releases the buckets.
  void Clear();

 private:
  uint64_t* Slot(size_t b) const { return &segs_[b >> kSegShift][b & (kSegSize - 1)]; }
  size_t BucketFor(uint64_t h) const {
    size_t b = h & (2 * low_mask_ + 1);
    return b < nbuckets_ ? b : (h & low_mask_);
  }
  void SplitOne();

  std::vector<std::unique_ptr<uint64_t[]>> segs_;
  size_t nbuckets_ = 0;
  size_t seg0_cap_ = 0;  // buckets allocated in the first segment (<= kSegSize)
  size_t low_mask_ = 0;  // 2^L - 1
  size_t size_ = 0;
};

}  // namespace tessera::storage
