// The sorted-set value, in one of two encodings, as Redis 7.0's:
//   listpack - one buffer of (score, member) entries sorted by score, then member bytes;
//              found by a scan. While the set has at most zset-max-listpack-entries members
//              and none is longer than zset-max-listpack-value bytes. An entry is
//                [score] [member: packed Raw (varint length, bytes)]
//              where the score is a varint head: even = an integer score, zigzag(v) << 1
//              (|v| <= 2^53, so the double converts exactly; -0 is stored as 0, as Redis's
//              listpack stores it);
//              1 = an 8-byte IEEE double follows. Integer scores, the common case (ranks,
//              timestamps), take 1-8 bytes instead of 8.
//   skiplist - (the name Redis reports) a ScoreTree (storage/score_tree.h) for order and
//              rank plus a ChainTable from member to its node, for ZSCORE in O(1). Both
//              index the same nodes, one allocation per member:
//                [8-byte chain link] [8-byte score] [member: packed Raw]
//              A 10-byte member is one 32-byte block, ~5.3 bytes of bucket slot and ~11
//              bytes of tree leaf: ~48 bytes, where Redis's skiplist and dict need ~100.
// A sorted set converts once, when it outgrows either limit, and never converts back (as
// Redis, except that results of the STORE commands are built fresh, hence small ones come
// out as listpack there too).
//
// Ranks are 0-based positions in (score, member) order. MemoryUsage is O(1): the buffer's
// allocator size, or a running count of the nodes, tree nodes and buckets.
//
// Threading: none; the owning shard's lock guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "storage/entry.h"

namespace tessera::storage {

class ScoreTree;
struct ZNode;

class ZSetObject final : public Object {
 public:
  struct Limits {
    int64_t max_entries = 128;  // zset-max-listpack-entries
    int64_t max_value = 64;     // zset-max-listpack-value
  };
  // A member and its score; return false to stop a walk.
  using Visit = absl::FunctionRef<bool(std::string_view member, double score)>;

  ZSetObject();
  ~ZSetObject() override;
  ZSetObject(const ZSetObject&) = delete;
  ZSetObject& operator=(const ZSetObject&) = delete;

  size_t MemoryUsage() const override;
  const char* EncodingName() const override { return is_tree() ? "skiplist" : "listpack"; }
  Object* Clone() const override;
  size_t Size() const override;

  // The member's score; false when absent.
  bool Score(std::string_view member, double* score) const;
  // Adds a member that is not present.
  void Insert(std::string_view member, double score, const Limits& lim);
  // Changes a present member's score.
  void Update(std::string_view member, double old_score, double score);
  // Sets member's score, adding it when absent; true when added.
  bool Set(std::string_view member, double score, const Limits& lim);
  bool Remove(std::string_view member);

  // Members ordered before (score, member): its rank when present.
  size_t Rank(std::string_view member, double score) const;
  // Members whose score is below `bound` (or <= bound when `inclusive`).
  size_t CountScoreBelow(double bound, bool inclusive) const;
  // Members below `bound` in byte order (or <= when `inclusive`); meant for sets whose
  // members share one score, as Redis's lex commands are.
  size_t CountLexBelow(std::string_view bound, bool inclusive) const;

  // Visits members from rank `from` onwards (downwards when `reverse`) until f returns false
  // or the set ends. from < Size().
  void Walk(size_t from, bool reverse, Visit f) const;
  // Removes ranks [from, to], inclusive; to < Size().
  void RemoveRanks(size_t from, size_t to);
  // Every member in order.
  void ForEach(Visit f) const { if (Size()) Walk(0, false, f); }
  // ZSCAN: members from cursor on, about `count`; the next cursor (0 = done). A listpack is
  // returned whole.
  uint64_t Scan(uint64_t cursor, size_t count, Visit f) const;
  bool packed() const { return !is_tree(); }
  // An empty set switched to the tree form before it is filled: what Redis's STORE
  // commands build when the result will not fit a listpack (scores then keep -0).
  void UseTree() { if (!is_tree()) ToTree(); }

 private:
  struct Tree;
  static constexpr uint32_t kTreeMode = UINT32_MAX;  // count_ when tree_ is in use
  bool is_tree() const { return count_ == kTreeMode; }
  void ToTree();
  // Packed: the offset of the member's entry, or -1; *score gets its score.
  int64_t FindPacked(std::string_view member, double* score) const;
  void InsertPacked(std::string_view member, double score);
  void ErasePacked(size_t off);

  union {
    char* buf_ = nullptr;  // packed entries
    Tree* tree_;
  };
  uint32_t bytes_ = 0;  // packed: bytes used in buf_
  uint32_t count_ = 0;  // packed: entries; kTreeMode once converted
};

// Redis's member order: bytes compared as unsigned, a prefix first.
inline int CompareMembers(std::string_view a, std::string_view b) { return a.compare(b); }

}  // namespace tessera::storage
