// ScoreTree: the order of a large sorted set (storage/zset.h). A B+ tree of pointers to
// member nodes, ordered by (score, member bytes), whose inner nodes keep each child's
// number of items, so rank, select-by-rank and counting below a bound are O(log n).
//
// Representation:
//   leaf  - up to kLeafCap node pointers in order, linked to its neighbours both ways (for
//           walking ranges in either direction); 512 bytes.
//   inner - up to kInnerCap children, each with its item count and its largest item (a
//           pointer to the member node itself, so there are no separator copies to keep);
//           512 bytes.
// Invariants: every leaf and inner node but the root is non-empty; an inner node's counts
// and maxima are those of its children; items are strictly increasing. A node left under a
// quarter full by an erase merges with a neighbour or takes items from it, so a set that
// shrinks gives its memory back.
//
// Appending past the last item (scores that only grow, such as timestamps) and prepending
// before the first split a full node unevenly, leaving the old node full: a set built in
// order packs its leaves completely, ~8.4 bytes per member, instead of half full.
//
// The tree does not own the member nodes (the set's member table does).
// Threading: none; the owning shard's lock guards it.
#pragma once

#include <malloc.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "storage/packed.h"

namespace tessera::storage {

// A sorted-set member: [8-byte chain link][8-byte score][member: packed Raw]. One malloc
// block; the member table (a ChainTable) links it through its first 8 bytes.
struct ZNode;

inline double ZNodeScore(const ZNode* n) {
  double d;
  memcpy(&d, reinterpret_cast<const char*>(n) + 8, 8);
  return d;
}
inline void SetZNodeScore(ZNode* n, double d) { memcpy(reinterpret_cast<char*>(n) + 8, &d, 8); }
inline std::string_view ZNodeMember(const ZNode* n) {
  const char* next;
  return packed::ReadRaw(reinterpret_cast<const char*>(n) + 16, &next);
}
// Aborts when out of memory, as new would.
inline ZNode* NewZNode(std::string_view member, double score) {
  char* p = static_cast<char*>(malloc(16 + packed::RawSize(member.size())));
  if (!p) abort();
  memset(p, 0, 8);
  memcpy(p + 8, &score, 8);
  packed::WriteRaw(p + 16, member);
  return reinterpret_cast<ZNode*>(p);
}
inline size_t ZNodeBytes(const ZNode* n) { return malloc_usable_size(const_cast<ZNode*>(n)); }

struct ZNodeTraits {
  static std::string_view Key(const ZNode* n) { return ZNodeMember(n); }
  static void Destroy(ZNode* n) { free(n); }
};

// (score, member) order.
inline bool ZLess(double sa, std::string_view ma, double sb, std::string_view mb) {
  return sa < sb || (sa == sb && ma.compare(mb) < 0);
}

class ScoreTree {
 public:
  using Pred = absl::FunctionRef<bool(const ZNode*)>;
  using Visit = absl::FunctionRef<bool(ZNode*)>;

  ScoreTree() = default;
  ScoreTree(const ScoreTree&) = delete;
  ScoreTree& operator=(const ScoreTree&) = delete;
  ~ScoreTree();

  // Adds n, whose (score, member) must not be in the tree yet.
  void Insert(ZNode* n);
  // Removes the item (score, member); false when it is not there. Does not free it.
  bool Erase(double score, std::string_view member);
  size_t size() const { return size_; }
  // Bytes of the tree's own nodes.
  size_t MemoryUsage() const { return bytes_; }
  // The number of items for which below(item) holds; `below` must hold for a prefix of the
  // order (item < bound, item <= bound).
  size_t CountBelow(Pred below) const;
  // The item at rank r < size().
  ZNode* At(size_t r) const;
  // Items from rank `from` (< size()) upwards, or downwards when `reverse`, until f returns
  // false. f must not change the tree.
  void Walk(size_t from, bool reverse, Visit f) const;

 private:
  struct Node;
  struct Leaf;
  struct Inner;
  Node* InsertRec(Node* node, ZNode* x, bool right_edge, bool left_edge);
  bool EraseRec(Node* node, double score, std::string_view member);
  void Rebalance(Inner* p, size_t i);
  Leaf* NewLeaf();
  Inner* NewInner();
  void FreeNode(Node* n);
  void FreeAll(Node* n);
  void LinkAfter(Leaf* at, Leaf* sib);
  void Unlink(Leaf* l);
  // Items under n, and its largest item (n not empty).
  static uint64_t Count(const Node* n);
  static ZNode* MaxOf(const Node* n);
  void Locate(size_t r, const Leaf** leaf, size_t* i) const;

  Node* root_ = nullptr;
  size_t size_ = 0;
  size_t bytes_ = 0;
};

}  // namespace tessera::storage
