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

#include <algorithm>
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

// A member of a non-empty table, drawn by rejection: a random bucket and a random position
// below M, again until the position holds a member. Uniform while M is at least the longest
// chain: M starts at 8 (chains are 1.5 long on average) and grows to any longer chain a
// draw meets, for this draw (which starts over) and for every later one on the table.
// (A chain longer than any met so far is under-drawn until some draw lands on it; with
// M fixed at 8, members past a chain's eighth were never drawn at all.)
inline Blob* RandomBlob(const BlobTable& t) {
  auto& rng = MemberRng();
  size_t m = std::max<size_t>(8, t.longest_chain_seen());
  for (;;) {
    size_t b = rng() % t.bucket_count();
    size_t pos = rng() % m;
    Blob* hit = nullptr;
    size_t i = 0;
    t.ForEachInBucket(b, [&](Blob* n) {
      if (i++ == pos) hit = n;
    });
    if (i > m) {  // a longer chain than M allows for: start over with M = its length
      t.note_chain(i);
      m = i;
      continue;
    }
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
