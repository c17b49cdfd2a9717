// BlobTable: the hashtable encoding of hashes and sets. A ChainTable (chain_table.h) whose
// nodes are single allocations ("blobs"):
//
//   [8-byte chain link] [key: raw string] [value: raw string, hashes only]
//
// (storage/packed.h: varint length, bytes). A 10-byte set member is one
// 24-byte block plus ~5.3 bytes of bucket slot, where Redis's dict needs a 24-byte
// dictEntry, an sds block and 8 bytes of bucket: ~30 bytes against ~60. (Keys stay raw
// strings, not integers: lookups compare them as stored.)
//
// Random members (SPOP, SRANDMEMBER, HRANDFIELD) are drawn uniformly in O(1) expected: a
// random bucket, then a random position below kMaxChain, retried when the position is past
// the chain's end, so every member has the same chance whatever its chain's length (chains
// longer than kMaxChain, very rare at a load of 1.5, give their tail no chance). A table
// that has become sparse (fewer than one member per 8 buckets) is rebuilt smaller so that
// drawing stays cheap; that is the one case where an HSCAN/SSCAN running meanwhile may miss
// members (a table otherwise never shrinks, see chain_table.h).
//
// Threading: none; the owning shard's lock guards it.
#pragma once

#include <malloc.h>

#include <cstdlib>
#include <random>
#include <string_view>
#include <vector>

#include "storage/chain_table.h"
#include "storage/packed.h"

namespace tessera::storage {

struct Blob;  // opaque: only the layout above

struct BlobTraits {
  static std::string_view Key(const Blob* b) {
    const char* next;
    return packed::ReadRaw(reinterpret_cast<const char*>(b) + 8, &next);
  }
  static void Destroy(Blob* b) { free(b); }
};

using BlobTable = ChainTable<Blob, BlobTraits>;

inline std::string_view BlobValue(const Blob* b) {
  const char* p;
  packed::ReadRaw(reinterpret_cast<const char*>(b) + 8, &p);
  return packed::ReadRaw(p, &p);
}

// A new blob for key (and value, when with_value). Aborts when out of memory, as new would.
inline Blob* NewBlob(std::string_view key, std::string_view value, bool with_value) {
  size_t n = 8 + packed::RawSize(key.size()) + (with_value ? packed::RawSize(value.size()) : 0);
  char* p = static_cast<char*>(malloc(n));
  if (!p) abort();
  SetNodeNext(p, 0);
  char* q = packed::WriteRaw(p + 8, key);
  if (with_value) packed::WriteRaw(q, value);
  return reinterpret_cast<Blob*>(p);
}

inline size_t BlobBytes(const Blob* b) { return malloc_usable_size(const_cast<Blob*>(b)); }

// This thread's generator for random members.
inline std::mt19937_64& MemberRng() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng;
}

// A uniformly drawn member of a non-empty table.
inline Blob* RandomBlob(const BlobTable& t) {
  constexpr size_t kMaxChain = 8;
  auto& rng = MemberRng();
  for (;;) {
    size_t b = rng() % t.bucket_count();
    size_t pos = rng() % kMaxChain;
    Blob* hit = nullptr;
    size_t i = 0;
    t.ForEachInBucket(b, [&](Blob* n) {
      if (i++ == pos) hit = n;
    });
    if (hit) return hit;
  }
}

// Rebuilds a sparse table smaller (see above); returns the change in bucket bytes.
inline int64_t ShrinkIfSparse(BlobTable* t) {
  if (t->bucket_count() < 64 || t->size() * 8 >= t->bucket_count()) return 0;
  int64_t before = int64_t(t->MemoryUsage());
  std::vector<Blob*> all;
  all.reserve(t->size());
  t->Drain([&](Blob* n) { all.push_back(n); });
  for (Blob* n : all) t->Insert(n, HashKey(BlobTraits::Key(n)));
  return int64_t(t->MemoryUsage()) - before;
}

}  // namespace tessera::storage
