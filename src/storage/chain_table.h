// ChainTable: linear hashing over chained nodes, shared by the keyspace (one table per shard,
// over Entry) and by the large collections (hash fields, set members: storage/collection.h).
//
// Why our own table instead of a Swiss table: a Swiss table doubles at once, so just after
// each growth it sits half empty, and its per-key cost swings between ~10 and ~21 bytes for
// an 8-byte slot. Linear hashing grows one bucket at a time: when the average chain length
// passes kMaxLoad, exactly one bucket (the one at the split pointer) is split in two. The
// load factor therefore stays near kMaxLoad at every size, and the per-node cost of the
// table is a steady 8 / kMaxLoad bytes (about 5.3) plus the node's own block.
//
// Addressing: with 2^L <= nbuckets < 2^(L+1), a node with hash h lives in bucket
// h & (2^(L+1) - 1) if that is < nbuckets, else in h & (2^L - 1). Splitting bucket
// s = nbuckets - 2^L moves the nodes whose bit L is set to the new bucket nbuckets.
// Buckets live in fixed-size segments so that growing never copies or doubles an array;
// only the first segment starts small (4 buckets) and doubles up to the segment size, so a
// table with a handful of nodes does not hold a 2 KB segment.
//
// Tagged links: every link (a bucket slot, or a node's next field) holds the pointer to the
// next node in its low 48 bits and 16 bits of that node's hash in its top 16 bits (x86-64
// and AArch64 user addresses fit in 48 bits). A lookup compares tags before it
// dereferences, so walking a chain touches only the node that matches: a hit costs the
// bucket slot and one node, a miss usually the bucket slot alone.
//
// Iteration order is by bucket index. A split only moves nodes from bucket s to a higher
// bucket s + 2^L, so a cursor walking upwards never misses a node that was present for the
// whole walk (it may see some twice). The table never shrinks except by Clear(), which keeps
// that guarantee for SCAN, HSCAN and SSCAN.
//
// A node type N is described by Traits:
//   static std::string_view Key(const N*);   the bytes the node is found by
//   static void Destroy(N*);                 frees it (Clear)
// and keeps its chain link in its first 8 bytes (read and written with memcpy).
//
// Threading: not synchronised; the owner (a shard's lock) guards it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace tessera::storage {

uint64_t HashKey(std::string_view key);

// Bits of the hash used as link tags: independent of the shard (top bits) and the bucket
// (low bits).
inline uint64_t LinkTag(uint64_t h) { return (h >> 32) & 0xFFFF; }
inline constexpr uint64_t kPtrMask = (uint64_t(1) << 48) - 1;

inline uint64_t NodeNext(const void* n) {
  uint64_t v;
  memcpy(&v, n, 8);
  return v;
}
inline void SetNodeNext(void* n, uint64_t v) { memcpy(n, &v, 8); }

// Where a node is linked from: a bucket slot or the previous node's next field. `*link` is
// the node; valid until the chain it is in changes.
template <typename N>
class ChainLink {
 public:
  ChainLink() = default;
  explicit ChainLink(uint64_t* at) : at_(at) {}
  explicit operator bool() const { return at_ != nullptr; }
  N* operator*() const { return reinterpret_cast<N*>(*at_ & kPtrMask); }
  uint64_t* raw() const { return at_; }

 private:
  uint64_t* at_ = nullptr;
};

template <typename N, typename Traits>
class ChainTable {
 public:
  using Link = ChainLink<N>;
  static constexpr size_t kSegShift = 8;  // 256 buckets (2 KB) per segment
  static constexpr size_t kSegSize = size_t(1) << kSegShift;
  static constexpr double kMaxLoad = 1.5;

  static N* LinkNode(uint64_t raw) { return reinterpret_cast<N*>(raw & kPtrMask); }

  ChainTable() = default;
  ChainTable(const ChainTable&) = delete;
  ChainTable& operator=(const ChainTable&) = delete;
  ~ChainTable() { Clear(); }

  // The link that points at the key's node; false when the key is absent.
  Link FindLink(std::string_view key, uint64_t hash) {
    if (nbuckets_ == 0) return Link();
    uint64_t tag = LinkTag(hash);
    uint64_t* at = Slot(BucketFor(hash));
    while (uint64_t raw = *at) {
      N* n = LinkNode(raw);
      if ((raw >> 48) == tag && Traits::Key(n) == key) return Link(at);
      at = reinterpret_cast<uint64_t*>(n);  // the next field is the node's first 8 bytes
    }
    return Link();
  }

  // The link to the first node in hash's bucket that carries hash's tag and satisfies
  // pred(node); false when there is none (the S3-FIFO queue finds its keys by hash).
  template <typename P>
  Link FindIf(uint64_t hash, P&& pred) {
    if (nbuckets_ == 0) return Link();
    uint64_t tag = LinkTag(hash);
    uint64_t* at = Slot(BucketFor(hash));
    while (uint64_t raw = *at) {
      N* n = LinkNode(raw);
      if ((raw >> 48) == tag && pred(n)) return Link(at);
      at = reinterpret_cast<uint64_t*>(n);
    }
    return Link();
  }

  // Adds a node whose key is not present.
  void Insert(N* n, uint64_t hash) {
    if (nbuckets_ == 0) {
      seg0_cap_ = 4;
      segs_.emplace_back(new uint64_t[seg0_cap_]());
      nbuckets_ = 1;
      low_mask_ = 0;
    }
    uint64_t* slot = Slot(BucketFor(hash));
    SetNodeNext(n, *slot);
    *slot = reinterpret_cast<uint64_t>(n) | (LinkTag(hash) << 48);
    ++size_;
    if (double(size_) > kMaxLoad * double(nbuckets_)) SplitOne();
  }

  // Detaches the node that link points at and returns it (not freed).
  N* Unlink(Link link) {
    N* n = *link;
    *link.raw() = NodeNext(n);
    SetNodeNext(n, 0);
    --size_;
    return n;
  }

  // Swaps in `repl` (same key) for the node link points at; returns the old one.
  N* Replace(Link link, N* repl) {
    N* old = *link;
    uint64_t tag_bits = *link.raw() & ~kPtrMask;  // same key, same tag
    SetNodeNext(repl, NodeNext(old));
    *link.raw() = reinterpret_cast<uint64_t>(repl) | tag_bits;
    SetNodeNext(old, 0);
    return old;
  }

  // The key's bucket slot, or null in an empty table (prefetching).
  const uint64_t* SlotFor(uint64_t hash) const {
    return nbuckets_ ? Slot(BucketFor(hash)) : nullptr;
  }

  size_t size() const { return size_; }
  size_t bucket_count() const { return nbuckets_; }
  // The longest chain a random draw has met (storage/blob_table.h RandomBlob), kept so that
  // later draws give members of long chains their full share.
  size_t longest_chain_seen() const { return longest_chain_seen_; }
  void note_chain(size_t n) const {
    if (n > longest_chain_seen_) longest_chain_seen_ = n;
  }
  size_t MemoryUsage() const {
    return segs_.empty() ? 0 : (seg0_cap_ + (segs_.size() - 1) * kSegSize) * sizeof(uint64_t);
  }

  // Calls f(N*) for each node in bucket b (< bucket_count()); f must not modify the table.
  template <typename F>
  void ForEachInBucket(size_t b, F&& f) const {
    for (uint64_t raw = *Slot(b); raw; raw = NodeNext(LinkNode(raw))) f(LinkNode(raw));
  }
  // The first link of bucket b, for walking a chain node by node.
  Link BucketLink(size_t b) { return Link(Slot(b)); }

  // Hands every node to f (which takes ownership) and leaves the table empty, without
  // destroying them: for moving the nodes into another table.
  template <typename F>
  void Drain(F&& f) {
    for (size_t b = 0; b < nbuckets_; ++b) {
      uint64_t raw = *Slot(b);
      while (raw) {
        N* n = LinkNode(raw);
        raw = NodeNext(n);
        SetNodeNext(n, 0);
        f(n);
      }
    }
    segs_.clear();
    seg0_cap_ = 0;
    nbuckets_ = 0;
    low_mask_ = 0;
    size_ = 0;
  }

  // Destroys every node and releases the buckets.
  void Clear() {
    for (size_t b = 0; b < nbuckets_; ++b) {
      uint64_t raw = *Slot(b);
      while (raw) {
        N* n = LinkNode(raw);
        raw = NodeNext(n);
        Traits::Destroy(n);
      }
    }
    segs_.clear();
    seg0_cap_ = 0;
    nbuckets_ = 0;
    low_mask_ = 0;
    size_ = 0;
  }

 private:
  uint64_t* Slot(size_t b) const { return &segs_[b >> kSegShift][b & (kSegSize - 1)]; }
  size_t BucketFor(uint64_t h) const {
    size_t b = h & (2 * low_mask_ + 1);
    return b < nbuckets_ ? b : (h & low_mask_);
  }

  void SplitOne() {
    size_t from = nbuckets_ - (low_mask_ + 1);
    size_t to = nbuckets_;
    if (to < kSegSize) {
      if (to >= seg0_cap_) {  // the first segment doubles until it is a full segment
        size_t cap = std::min(seg0_cap_ * 2, kSegSize);
        std::unique_ptr<uint64_t[]> seg(new uint64_t[cap]());
        std::copy(segs_[0].get(), segs_[0].get() + seg0_cap_, seg.get());
        segs_[0] = std::move(seg);
        seg0_cap_ = cap;
      }
    } else if ((to >> kSegShift) >= segs_.size()) {
      segs_.emplace_back(new uint64_t[kSegSize]());
    }
    ++nbuckets_;
    size_t high_bit = low_mask_ + 1;
    uint64_t chain = *Slot(from);
    uint64_t* keep = Slot(from);
    uint64_t* move = Slot(to);
    *keep = 0;
    *move = 0;
    while (chain) {  // each link value carries its node's tag along
      N* n = LinkNode(chain);
      uint64_t next = NodeNext(n);
      uint64_t* dst = (HashKey(Traits::Key(n)) & high_bit) ? move : keep;
      SetNodeNext(n, *dst);
      *dst = chain;
      chain = next;
    }
    if (nbuckets_ == 2 * high_bit) low_mask_ = 2 * high_bit - 1;
  }

  std::vector<std::unique_ptr<uint64_t[]>> segs_;
  size_t nbuckets_ = 0;
  size_t seg0_cap_ = 0;  // buckets allocated in the first segment (<= kSegSize)
  size_t low_mask_ = 0;  // 2^L - 1
  size_t size_ = 0;
  mutable size_t longest_chain_seen_ = 0;  // see longest_chain_seen()
};

}  // namespace tessera::storage
