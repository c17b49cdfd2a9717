#include "storage/list.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "storage/packed.h"

namespace tessera::storage {

namespace {

// Node limit in bytes for a fill setting (Redis's list-max-listpack-size): -1..-5 are
// 4..64 KB; a positive count also stops at 8 KB, Redis's safety limit.
size_t NodeBytesLimit(int64_t fill) {
  if (fill >= 0) return 8192;
  int64_t k = std::min<int64_t>(-fill, 5);
  return size_t(4096) << (k - 1);
}

size_t Usable(const void* p) { return p ? malloc_usable_size(const_cast<void*>(p)) : 0; }

}  // namespace

ListObject::ListObject() { mem_ = sizeof(*this); }

ListObject::~ListObject() {
  for (Node& n : nodes_) free(n.buf);
}

void ListObject::AccountNodes(int64_t delta) { mem_ = size_t(int64_t(mem_) + delta); }

bool ListObject::Fits(const Node& n, size_t add, int64_t fill) {
  if (fill >= 0 && n.count >= uint64_t(std::max<int64_t>(fill, 1))) return false;
  return n.bytes + add <= NodeBytesLimit(fill);
}

void ListObject::Reserve(Node& n, size_t need, size_t limit) {
  size_t cap = Usable(n.buf);
  if (need <= cap) return;
  // Grow by half again, so a node filled one push at a time is copied O(log) times, but
  // never past the node's limit: a full node then wastes nothing.
  size_t want = std::max(need, std::min(cap + cap / 2, limit));
  void* p = realloc(n.buf, want);
  if (!p) abort();  // as operator new would: the process is out of memory
  n.buf = static_cast<char*>(p);
  AccountNodes(int64_t(Usable(p)) - int64_t(cap));
}

void ListObject::FreeNode(Node& n) {
  AccountNodes(-int64_t(Usable(n.buf)));
  free(n.buf);
  n = Node{};
}

void ListObject::MakeRoom(Node& n, size_t sz, End end, size_t limit) {
  size_t cap = Usable(n.buf);
  if (end == kTail) {
    if (cap - n.front - n.bytes >= sz) return;
    if (cap - n.bytes >= sz) {  // the room is in front: move the elements down
      memmove(n.buf, n.data(), n.bytes);
      n.front = 0;
      return;
    }
    Reserve(n, n.front + n.bytes + sz, limit);
    return;
  }
  if (n.front >= sz) return;
  if (n.bytes + sz > cap) {
    Reserve(n, n.bytes + sz, limit);
    cap = Usable(n.buf);
  }
  // All the slack goes in front, where the next head pushes will land.
  size_t front = cap - n.bytes;
  if (front > 0xFFFF) front = sz <= 0xFFFF ? sz : 0;  // an oversized node: just enough
  if (front < sz) {  // an element too big for a 16-bit front: shift the elements instead
    memmove(n.buf + sz, n.data(), n.bytes);
    n.front = 0;
    return;
  }
  memmove(n.buf + front, n.data(), n.bytes);
  n.front = uint16_t(front);
}

void ListObject::Push(End end, std::string_view v, int64_t fill) {
  size_t sz = packed::ElemSize(v);
  size_t arr_before = nodes_.capacity() > 1 ? nodes_.capacity() * sizeof(Node) : 0;
  bool fresh = nodes_.empty() || !Fits(end == kHead ? nodes_.front() : nodes_.back(), sz, fill);
  if (fresh) {
    if (end == kHead) nodes_.insert(nodes_.begin(), Node{});
    else nodes_.push_back(Node{});
  }
  Node& n = end == kHead ? nodes_.front() : nodes_.back();
  if (fresh && nodes_.size() > 2 && sz <= NodeBytesLimit(fill)) {
    // A long list growing at this end: the new node will fill, so it gets its whole
    // buffer now instead of a dozen reallocations whose freed blocks the allocator keeps.
    Reserve(n, NodeBytesLimit(fill), NodeBytesLimit(fill));
  }
  MakeRoom(n, sz, end, NodeBytesLimit(fill));
  if (end == kHead) {
    if (n.front >= sz) {
      n.front = uint16_t(n.front - sz);
    }  // else MakeRoom shifted the elements up by sz: the new one goes at the start
    packed::Write(n.data(), v);
  } else {
    packed::Write(n.data() + n.bytes, v);
  }
  n.bytes += uint32_t(sz);
  ++n.count;
  ++count_;
  size_t arr_after = nodes_.capacity() > 1 ? nodes_.capacity() * sizeof(Node) : 0;
  AccountNodes(int64_t(arr_after) - int64_t(arr_before));
}

void ListObject::Pop(End end, Visit out) {
  Node& n = end == kHead ? nodes_.front() : nodes_.back();
  packed::Scratch sc;
  const char* next;
  if (end == kHead) {
    out(packed::Read(n.data(), &next, &sc));
    size_t sz = size_t(next - n.data());
    if (n.front + sz <= 0xFFFF) {
      n.front = uint16_t(n.front + sz);  // no bytes move
    } else {
      memmove(n.data(), next, n.bytes - sz);
    }
    n.bytes -= uint32_t(sz);
  } else {
    const char* start = packed::Prev(n.data() + n.bytes);
    out(packed::Read(start, &next, &sc));
    n.bytes = uint32_t(start - n.data());
  }
  --n.count;
  --count_;
  if (n.count == 0) {
    FreeNode(n);
    if (end == kHead) nodes_.erase(nodes_.begin());
    else nodes_.pop_back();
    if (nodes_.empty()) ReleaseArray();
  }
}

void ListObject::ReleaseArray() {
  if (nodes_.capacity() <= 1) return;
  AccountNodes(-int64_t(nodes_.capacity() * sizeof(Node)));
  absl::InlinedVector<Node, 1>().swap(nodes_);
}

size_t ListObject::FindNode(size_t i, size_t* within) const {
  if (i < count_ / 2) {
    for (size_t ni = 0;; ++ni) {
      if (i < nodes_[ni].count) {
        *within = i;
        return ni;
      }
      i -= nodes_[ni].count;
    }
  }
  size_t from_end = count_ - 1 - i;  // 0 = the last element
  for (size_t ni = nodes_.size(); ni-- > 0;) {
    if (from_end < nodes_[ni].count) {
      *within = nodes_[ni].count - 1 - from_end;
      return ni;
    }
    from_end -= nodes_[ni].count;
  }
  *within = 0;
  return 0;  // not reached: i < count_
}

void ListObject::At(size_t i, Visit out) const {
  size_t w;
  const Node& n = nodes_[FindNode(i, &w)];
  const char* p;
  if (w <= n.count / 2) {
    p = n.data();
    for (size_t k = 0; k < w; ++k) p = packed::Skip(p);
  } else {
    p = n.data() + n.bytes;
    for (size_t k = n.count; k > w; --k) p = packed::Prev(p);
  }
  packed::Scratch sc;
  const char* next;
  out(packed::Read(p, &next, &sc));
}

void ListObject::Range(size_t start, size_t stop, Visit out, bool reverse) const {
  size_t w;
  size_t left = stop - start + 1;
  packed::Scratch sc;
  if (!reverse) {
    size_t ni = FindNode(start, &w);
    const char* p = nodes_[ni].data();
    for (size_t k = 0; k < w; ++k) p = packed::Skip(p);
    while (left > 0) {
      const Node& n = nodes_[ni];
      const char* end = n.data() + n.bytes;
      for (; p < end && left > 0; --left) out(packed::Read(p, &p, &sc));
      if (++ni < nodes_.size()) p = nodes_[ni].data();
    }
    return;
  }
  size_t ni = FindNode(stop, &w);
  const char* p = nodes_[ni].data() + nodes_[ni].bytes;
  for (size_t k = nodes_[ni].count; k > w + 1; --k) p = packed::Prev(p);
  const char* next;
  while (left > 0) {
    const char* begin = nodes_[ni].data();
    for (; p > begin && left > 0; --left) {
      p = packed::Prev(p);
      out(packed::Read(p, &next, &sc));
    }
    if (left > 0 && ni-- > 0) p = nodes_[ni].data() + nodes_[ni].bytes;
  }
}

void ListObject::Scan(bool from_tail, absl::FunctionRef<bool(size_t, std::string_view)> f) const {
  const char* next;
  packed::Scratch sc;
  if (!from_tail) {
    size_t idx = 0;
    for (const Node& n : nodes_)
      for (const char* p = n.data(); p < n.data() + n.bytes; ++idx)
        if (!f(idx, packed::Read(p, &p, &sc))) return;
    return;
  }
  size_t idx = count_;
  for (size_t ni = nodes_.size(); ni-- > 0;) {
    const Node& n = nodes_[ni];
    for (const char* p = n.data() + n.bytes; p > n.data();) {
      p = packed::Prev(p);
      if (!f(--idx, packed::Read(p, &next, &sc))) return;
    }
  }
}

void ListObject::Elements(const Node& n, std::vector<Piece>* out) const {
  out->clear();
  out->reserve(n.count);
  for (const char* p = n.data(); p < n.data() + n.bytes;) {
    const char* q = packed::Skip(p);
    out->push_back({std::string_view(p, size_t(q - p)), true});
    p = q;
  }
}

std::string_view ListObject::Value(const Piece& pc, packed::Scratch* sc) {
  if (!pc.encoded) return pc.bytes;
  const char* next;
  return packed::Read(pc.bytes.data(), &next, sc);
}

void ListObject::Rebuild(size_t ni, const std::vector<Piece>& elems, int64_t fill) {
  // The new nodes are built before the old buffer (which pieces point into) is freed.
  std::vector<Node> built;
  size_t arr_before = nodes_.capacity() > 1 ? nodes_.capacity() * sizeof(Node) : 0;
  for (const Piece& e : elems) {
    size_t sz = e.encoded ? e.bytes.size() : packed::ElemSize(e.bytes);
    if (built.empty() || (!Fits(built.back(), sz, fill) && built.back().count > 0))
      built.push_back(Node{});
    Node& n = built.back();
    Reserve(n, n.bytes + sz, NodeBytesLimit(fill));
    if (e.encoded) memcpy(n.data() + n.bytes, e.bytes.data(), sz);
    else packed::Write(n.data() + n.bytes, e.bytes);
    n.bytes += uint32_t(sz);
    ++n.count;
  }
  count_ -= nodes_[ni].count;
  FreeNode(nodes_[ni]);
  nodes_.erase(nodes_.begin() + ptrdiff_t(ni));
  for (const Node& n : built) count_ += n.count;
  nodes_.insert(nodes_.begin() + ptrdiff_t(ni), built.begin(), built.end());
  size_t arr_after = nodes_.capacity() > 1 ? nodes_.capacity() * sizeof(Node) : 0;
  AccountNodes(int64_t(arr_after) - int64_t(arr_before));
  if (nodes_.empty()) ReleaseArray();
}

void ListObject::Set(size_t i, std::string_view v, int64_t fill) {
  size_t w;
  size_t ni = FindNode(i, &w);
  std::vector<Piece> elems;
  Elements(nodes_[ni], &elems);
  elems[w] = {v, false};
  Rebuild(ni, elems, fill);
}

bool ListObject::Insert(std::string_view pivot, std::string_view v, bool after, int64_t fill) {
  std::vector<Piece> elems;
  packed::Scratch sc;
  for (size_t ni = 0; ni < nodes_.size(); ++ni) {
    Elements(nodes_[ni], &elems);
    for (size_t k = 0; k < elems.size(); ++k) {
      if (Value(elems[k], &sc) != pivot) continue;
      elems.insert(elems.begin() + ptrdiff_t(after ? k + 1 : k), Piece{v, false});
      Rebuild(ni, elems, fill);
      return true;
    }
  }
  return false;
}

size_t ListObject::Remove(std::string_view v, size_t limit, bool from_tail, int64_t fill) {
  size_t removed = 0;
  std::vector<Piece> elems, kept;
  packed::Scratch sc;
  for (size_t step = 0; step < nodes_.size();) {
    size_t ni = from_tail ? nodes_.size() - 1 - step : step;
    Elements(nodes_[ni], &elems);
    kept.clear();
    size_t here = 0;
    for (size_t k = 0; k < elems.size(); ++k) {
      size_t idx = from_tail ? elems.size() - 1 - k : k;
      if (Value(elems[idx], &sc) == v && (limit == 0 || removed + here < limit)) ++here;
      else kept.push_back(elems[idx]);
    }
    if (here == 0) {
      ++step;
      continue;
    }
    if (from_tail) std::reverse(kept.begin(), kept.end());
    size_t before = nodes_.size();
    Rebuild(ni, kept, fill);
    removed += here;
    // Walk on past the nodes the rebuild produced (none when the node went away).
    step += 1 + nodes_.size() - before;
    if (limit != 0 && removed >= limit) break;
  }
  return removed;
}

void ListObject::Trim(size_t start, size_t stop) {
  std::vector<Piece> elems;
  // Whole nodes past stop, then before start; then the edges of the two boundary nodes.
  size_t w;
  size_t last = FindNode(stop, &w);
  if (w + 1 < nodes_[last].count) {
    Elements(nodes_[last], &elems);
    elems.resize(w + 1);
    Rebuild(last, elems, 1 << 30);  // one node: the same elements minus a tail
  }
  while (nodes_.size() > last + 1) {
    count_ -= nodes_.back().count;
    FreeNode(nodes_.back());
    nodes_.pop_back();
  }
  size_t first = FindNode(start, &w);
  size_t drop = first;
  for (size_t k = 0; k < drop; ++k) {
    count_ -= nodes_[k].count;
    FreeNode(nodes_[k]);
  }
  nodes_.erase(nodes_.begin(), nodes_.begin() + ptrdiff_t(drop));
  if (w > 0) {
    Elements(nodes_[0], &elems);
    elems.erase(elems.begin(), elems.begin() + ptrdiff_t(w));
    Rebuild(0, elems, 1 << 30);
  }
}

Object* ListObject::Clone() const {
  auto* c = new ListObject();
  for (const Node& n : nodes_) {
    Node copy;
    c->Reserve(copy, n.bytes, n.bytes);
    if (n.bytes) memcpy(copy.data(), n.data(), n.bytes);
    copy.bytes = n.bytes;
    copy.count = n.count;
    c->nodes_.push_back(copy);
    c->count_ += n.count;
  }
  if (c->nodes_.capacity() > 1) c->AccountNodes(int64_t(c->nodes_.capacity() * sizeof(Node)));
  return c;
}

}  // namespace tessera::storage
