// The list value: a chunked list of packed nodes, as Redis's quicklist of listpacks.
//
// Representation: a vector of nodes, each one malloc'd buffer of elements in the packed
// codec (storage/packed.h, Bidi elements: head, payload, back-length, so a node reads in
// both directions; integers in canonical form take their zigzag bytes, as in a listpack),
// with its byte and element counts. A node is filled up to
// list-max-listpack-size (`fill`): negative -1..-5 = 4, 8, 16, 32, 64 KB of elements;
// positive = at most that many elements (and 8 KB, as Redis's safety limit). An element
// larger than the limit gets a node of its own. Small lists are one node, held inline in
// the object (no separate node array).
//
// Costs: push and pop at either end touch one node (a memmove inside it, as a listpack
// does); LINDEX/LSET/LINSERT walk nodes from the nearer end and scan one node; LRANGE walks
// once. Changes in the middle rebuild the one node they touch, split by `fill`.
//
// Invariants: no node is empty; count_ is the sum of the nodes' counts; mem_ is what the
// object holds in the allocator (object, node array when not inline, node buffers).
// OBJECT ENCODING reports "quicklist", as Redis 7.0 does for every list.
//
// Threading: none; the owning shard's lock guards it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "storage/entry.h"
#include "storage/packed.h"

namespace tessera::storage {

class ListObject final : public Object {
 public:
  enum End { kHead, kTail };
  using Visit = absl::FunctionRef<void(std::string_view)>;

  ListObject();
  ~ListObject() override;
  ListObject(const ListObject&) = delete;
  ListObject& operator=(const ListObject&) = delete;

  size_t MemoryUsage() const override { return mem_; }
  const char* EncodingName() const override { return "quicklist"; }
  Object* Clone() const override;
  size_t Size() const override { return count_; }

  void Push(End end, std::string_view v, int64_t fill);
  // Removes the element at `end` and passes it to `out` before it goes.
  void Pop(End end, Visit out);
  // Element i (0 <= i < Size()).
  void At(size_t i, Visit out) const;
  // Elements [start, stop] (0 <= start <= stop < Size()), in order; reverse: from stop down.
  void Range(size_t start, size_t stop, Visit out, bool reverse = false) const;
  void Set(size_t i, std::string_view v, int64_t fill);
  // Inserts v before (or after) the first element equal to pivot; false when none is.
  bool Insert(std::string_view pivot, std::string_view v, bool after, int64_t fill);
  // LREM: removes up to `limit` (0 = all) elements equal to v, from the head (or the tail
  // when from_tail); returns how many.
  size_t Remove(std::string_view v, size_t limit, bool from_tail, int64_t fill);
  // Keeps elements [start, stop] only (start <= stop < Size()), deleting the rest.
  void Trim(size_t start, size_t stop);
  // Calls f(index, element) from the head (or tail) until f returns false.
  void Scan(bool from_tail, absl::FunctionRef<bool(size_t, std::string_view)> f) const;

 private:
  // 16 bytes. `front` is free room before the first element, so a push or pop at the head
  // moves no bytes (a node grown by head pushes keeps its slack in front). A node holds at
  // most 32768 elements (64 KB of 2-byte elements), so count fits 16 bits; front does too,
  // since only nodes within their 64 KB limit keep room in front.
  struct Node {
    char* buf = nullptr;
    uint32_t bytes = 0;   // of elements, from data() on
    uint16_t count = 0;
    uint16_t front = 0;
    char* data() const { return buf + front; }
  };
  static bool Fits(const Node& n, size_t add, int64_t fill);
  // Grows node n's buffer to hold at least `need` bytes, over-allocating up to `limit`.
  void Reserve(Node& n, size_t need, size_t limit);
  // Makes room for sz bytes at `end` of node n (at the head: in front of its elements).
  void MakeRoom(Node& n, size_t sz, End end, size_t limit);
  void FreeNode(Node& n);
  // The node holding element i and i's index inside it.
  size_t FindNode(size_t i, size_t* within) const;
  // An element while a node is rebuilt: its encoded bytes in the old node, or a new value.
  struct Piece {
    std::string_view bytes;
    bool encoded;
  };
  static std::string_view Value(const Piece& p, packed::Scratch* sc);
  // Replaces node ni by nodes holding `elems` (split by fill); none when elems is empty.
  void Rebuild(size_t ni, const std::vector<Piece>& elems, int64_t fill);
  void Elements(const Node& n, std::vector<Piece>* out) const;
  void AccountNodes(int64_t delta_capacity);
  void ReleaseArray();  // an empty list gives back a node array it had grown

  absl::InlinedVector<Node, 1> nodes_;
  size_t count_ = 0;
  size_t mem_ = 0;
};

}  // namespace tessera::storage
