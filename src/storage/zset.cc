#include "storage/zset.h"

#include <malloc.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "storage/chain_table.h"
#include "storage/packed.h"
#include "storage/score_tree.h"

namespace tessera::storage {

using ZTable = ChainTable<ZNode, ZNodeTraits>;

struct ZSetObject::Tree {
  ZTable table;      // member -> node
  ScoreTree order;   // the same nodes by (score, member)
  size_t node_bytes = 0;
};

namespace {

// A packed buffer stays below this (as a listpack must stay below 1 GB); past it the set
// converts whatever the limits say.
constexpr size_t kMaxPackedBytes = size_t(1) << 30;
constexpr double kMaxExactInt = 9007199254740992.0;  // 2^53

size_t Usable(const void* p) { return p ? malloc_usable_size(const_cast<void*>(p)) : 0; }

bool SmallInt(double d, int64_t* v) {
  if (!(std::fabs(d) <= kMaxExactInt) || d != std::trunc(d)) return false;
  *v = int64_t(d);
  return true;
}

size_t ScoreSize(double d) {
  int64_t v;
  return SmallInt(d, &v) ? packed::VarintSize(packed::Zigzag(v) << 1) : 9;
}

char* WriteScore(char* p, double d) {
  int64_t v;
  if (SmallInt(d, &v)) return packed::PutVarint(p, packed::Zigzag(v) << 1);
  *p++ = 1;
  memcpy(p, &d, 8);
  return p + 8;
}

const char* ReadScore(const char* p, double* d) {
  uint64_t head;
  p = packed::GetVarint(p, &head);
  if (head & 1) {
    memcpy(d, p, 8);
    return p + 8;
  }
  *d = double(packed::Unzigzag(head >> 1));
  return p;
}

// One packed entry at p: its score, member and end.
struct PEntry {
  double score;
  std::string_view member;
  const char* end;
};
PEntry ReadEntry(const char* p) {
  PEntry e;
  p = ReadScore(p, &e.score);
  e.member = packed::ReadRaw(p, &e.end);
  return e;
}

}  // namespace

ZSetObject::ZSetObject() = default;

ZSetObject::~ZSetObject() {
  if (is_tree()) {
    // The tree only points at the nodes; the table owns and frees them.
    delete tree_;
  } else {
    free(buf_);
  }
}

size_t ZSetObject::MemoryUsage() const {
  if (is_tree())
    return sizeof(*this) + sizeof(Tree) + tree_->table.MemoryUsage() +
           tree_->order.MemoryUsage() + tree_->node_bytes;
  return sizeof(*this) + Usable(buf_);
}

size_t ZSetObject::Size() const { return is_tree() ? tree_->table.size() : count_; }

int64_t ZSetObject::FindPacked(std::string_view member, double* score) const {
  const char* p = buf_;
  const char* end = buf_ + bytes_;
  while (p < end) {
    PEntry e = ReadEntry(p);
    if (e.member == member) {
      *score = e.score;
      return p - buf_;
    }
    p = e.end;
  }
  return -1;
}

bool ZSetObject::Score(std::string_view member, double* score) const {
  if (!is_tree()) return FindPacked(member, score) >= 0;
  auto link = tree_->table.FindLink(member, HashKey(member));
  if (!link) return false;
  *score = ZNodeScore(*link);
  return true;
}

void ZSetObject::InsertPacked(std::string_view member, double score) {
  const char* p = buf_;
  const char* end = buf_ + bytes_;
  while (p < end) {
    PEntry e = ReadEntry(p);
    if (ZLess(score, member, e.score, e.member)) break;
    p = e.end;
  }
  size_t off = size_t(p - buf_);
  size_t n = ScoreSize(score) + packed::RawSize(member.size());
  char* nb = static_cast<char*>(realloc(buf_, bytes_ + n));
  if (!nb) abort();
  buf_ = nb;
  memmove(buf_ + off + n, buf_ + off, bytes_ - off);
  packed::WriteRaw(WriteScore(buf_ + off, score), member);
  bytes_ += uint32_t(n);
  ++count_;
}

void ZSetObject::ErasePacked(size_t off) {
  size_t len = size_t(ReadEntry(buf_ + off).end - (buf_ + off));
  memmove(buf_ + off, buf_ + off + len, bytes_ - off - len);
  bytes_ -= uint32_t(len);
  --count_;
  if (count_ == 0) {
    free(buf_);
    buf_ = nullptr;
  } else if (char* nb = static_cast<char*>(realloc(buf_, bytes_))) {
    buf_ = nb;
  }
}

void ZSetObject::ToTree() {
  auto* t = new Tree();
  const char* p = buf_;
  const char* end = buf_ + bytes_;
  while (p < end) {  // in order: every insert appends to the tree's last leaf
    PEntry e = ReadEntry(p);
    ZNode* n = NewZNode(e.member, e.score);
    t->table.Insert(n, HashKey(e.member));
    t->order.Insert(n);
    t->node_bytes += ZNodeBytes(n);
    p = e.end;
  }
  free(buf_);
  tree_ = t;
  bytes_ = 0;
  count_ = kTreeMode;
}

void ZSetObject::Insert(std::string_view member, double score, const Limits& lim) {
  if (!is_tree()) {
    size_t n = ScoreSize(score) + packed::RawSize(member.size());
    if (int64_t(count_) + 1 <= lim.max_entries && int64_t(member.size()) <= lim.max_value &&
        bytes_ + n < kMaxPackedBytes)
      return InsertPacked(member, score);
    ToTree();
  }
  ZNode* n = NewZNode(member, score);
  tree_->table.Insert(n, HashKey(member));
  tree_->order.Insert(n);
  tree_->node_bytes += ZNodeBytes(n);
}

void ZSetObject::Update(std::string_view member, double old_score, double score) {
  if (!is_tree()) {
    double s;
    int64_t off = FindPacked(member, &s);
    if (off < 0) return;
    // Erase without giving the buffer back, then insert in order.
    size_t len = size_t(ReadEntry(buf_ + off).end - (buf_ + off));
    memmove(buf_ + off, buf_ + off + len, bytes_ - size_t(off) - len);
    bytes_ -= uint32_t(len);
    --count_;
    InsertPacked(member, score);
    return;
  }
  auto link = tree_->table.FindLink(member, HashKey(member));
  if (!link) return;
  ZNode* n = *link;
  tree_->order.Erase(old_score, member);
  SetZNodeScore(n, score);
  tree_->order.Insert(n);
}

bool ZSetObject::Set(std::string_view member, double score, const Limits& lim) {
  double old;
  if (Score(member, &old)) {
    if (old != score) Update(member, old, score);  // 0 and -0 are equal, as Redis compares
    return false;
  }
  Insert(member, score, lim);
  return true;
}

bool ZSetObject::Remove(std::string_view member) {
  if (!is_tree()) {
    double s;
    int64_t off = FindPacked(member, &s);
    if (off < 0) return false;
    ErasePacked(size_t(off));
    return true;
  }
  auto link = tree_->table.FindLink(member, HashKey(member));
  if (!link) return false;
  ZNode* n = *link;
  tree_->order.Erase(ZNodeScore(n), member);
  tree_->table.Unlink(link);
  tree_->node_bytes -= ZNodeBytes(n);
  free(n);
  return true;
}

size_t ZSetObject::Rank(std::string_view member, double score) const {
  if (is_tree())
    return tree_->order.CountBelow([&](const ZNode* n) {
      return ZLess(ZNodeScore(n), ZNodeMember(n), score, member);
    });
  size_t r = 0;
  for (const char* p = buf_; p < buf_ + bytes_; ++r) {
    PEntry e = ReadEntry(p);
    if (!ZLess(e.score, e.member, score, member)) break;
    p = e.end;
  }
  return r;
}

size_t ZSetObject::CountScoreBelow(double bound, bool inclusive) const {
  auto below = [&](double s) { return inclusive ? s <= bound : s < bound; };
  if (is_tree())
    return tree_->order.CountBelow([&](const ZNode* n) { return below(ZNodeScore(n)); });
  size_t r = 0;
  for (const char* p = buf_; p < buf_ + bytes_; ++r) {
    PEntry e = ReadEntry(p);
    if (!below(e.score)) break;
    p = e.end;
  }
  return r;
}

size_t ZSetObject::CountLexBelow(std::string_view bound, bool inclusive) const {
  auto below = [&](std::string_view m) {
    int c = m.compare(bound);
    return inclusive ? c <= 0 : c < 0;
  };
  if (is_tree())
    return tree_->order.CountBelow([&](const ZNode* n) { return below(ZNodeMember(n)); });
  size_t r = 0;
  for (const char* p = buf_; p < buf_ + bytes_; ++r) {
    PEntry e = ReadEntry(p);
    if (!below(e.member)) break;
    p = e.end;
  }
  return r;
}

void ZSetObject::Walk(size_t from, bool reverse, Visit f) const {
  if (from >= Size()) return;
  if (is_tree())
    return tree_->order.Walk(from, reverse, [&](ZNode* n) {
      return f(ZNodeMember(n), ZNodeScore(n));
    });
  const char* p = buf_;
  if (!reverse) {
    for (size_t i = 0; i < from; ++i) p = ReadEntry(p).end;
    for (const char* end = buf_ + bytes_; p < end;) {
      PEntry e = ReadEntry(p);
      if (!f(e.member, e.score)) return;
      p = e.end;
    }
    return;
  }
  // Entries only read forwards: note where each of the first from + 1 starts.
  std::vector<uint32_t> starts;
  starts.reserve(from + 1);
  for (size_t i = 0; i <= from; ++i) {
    starts.push_back(uint32_t(p - buf_));
    p = ReadEntry(p).end;
  }
  for (size_t i = starts.size(); i-- > 0;) {
    PEntry e = ReadEntry(buf_ + starts[i]);
    if (!f(e.member, e.score)) return;
  }
}

void ZSetObject::RemoveRanks(size_t from, size_t to) {
  if (from > to || to >= Size()) return;
  if (!is_tree()) {
    const char* p = buf_;
    for (size_t i = 0; i < from; ++i) p = ReadEntry(p).end;
    const char* q = p;
    for (size_t i = from; i <= to; ++i) q = ReadEntry(q).end;
    size_t off = size_t(p - buf_), len = size_t(q - p);
    memmove(buf_ + off, buf_ + off + len, bytes_ - off - len);
    bytes_ -= uint32_t(len);
    count_ -= uint32_t(to - from + 1);
    if (count_ == 0) {
      free(buf_);
      buf_ = nullptr;
    } else if (char* nb = static_cast<char*>(realloc(buf_, bytes_))) {
      buf_ = nb;
    }
    return;
  }
  std::vector<ZNode*> doomed;
  doomed.reserve(to - from + 1);
  tree_->order.Walk(from, false, [&](ZNode* n) {
    doomed.push_back(n);
    return doomed.size() < to - from + 1;
  });
  for (ZNode* n : doomed) {
    std::string_view m = ZNodeMember(n);
    tree_->order.Erase(ZNodeScore(n), m);
    tree_->table.Unlink(tree_->table.FindLink(m, HashKey(m)));
    tree_->node_bytes -= ZNodeBytes(n);
    free(n);
  }
}

uint64_t ZSetObject::Scan(uint64_t cursor, size_t count, Visit f) const {
  if (!is_tree()) {
    ForEach(f);
    return 0;
  }
  const ZTable& t = tree_->table;
  size_t seen = 0;
  uint64_t b = cursor;
  for (; b < t.bucket_count() && seen < count; ++b)
    t.ForEachInBucket(b, [&](ZNode* n) {
      f(ZNodeMember(n), ZNodeScore(n));
      ++seen;
    });
  return b >= t.bucket_count() ? 0 : b;
}

Object* ZSetObject::Clone() const {
  auto* c = new ZSetObject();
  if (is_tree()) {
    auto* t = new Tree();
    ForEach([&](std::string_view m, double s) {
      ZNode* n = NewZNode(m, s);
      t->table.Insert(n, HashKey(m));
      t->order.Insert(n);
      t->node_bytes += ZNodeBytes(n);
      return true;
    });
    c->tree_ = t;
    c->count_ = kTreeMode;
  } else if (bytes_) {
    c->buf_ = static_cast<char*>(malloc(bytes_));
    if (!c->buf_) abort();
    memcpy(c->buf_, buf_, bytes_);
    c->bytes_ = bytes_;
    c->count_ = count_;
  }
  return c;
}

}  // namespace tessera::storage
