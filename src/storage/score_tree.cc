#include "storage/score_tree.h"

#include <algorithm>
#include <new>

namespace tessera::storage {

namespace {
constexpr size_t kLeafCap = 61;   // 8 + 16 + 61 * 8 = 512 bytes
constexpr size_t kInnerCap = 21;  // 8 + 21 * 24 = 512 bytes
constexpr size_t kLeafMin = kLeafCap / 4;
constexpr size_t kInnerMin = kInnerCap / 4;
}  // namespace

struct ScoreTree::Node {
  uint32_t n = 0;
  bool leaf = false;
};

struct ScoreTree::Leaf : Node {
  Leaf* prev = nullptr;
  Leaf* next = nullptr;
  ZNode* items[kLeafCap];
};

struct ScoreTree::Inner : Node {
  Node* kids[kInnerCap];
  uint64_t counts[kInnerCap];
  ZNode* maxes[kInnerCap];
};

namespace {

// Items of `items[0, n)` ordered before (score, member).
size_t LowerBound(ZNode* const* items, size_t n, double score, std::string_view member) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ZLess(ZNodeScore(items[mid]), ZNodeMember(items[mid]), score, member)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

}  // namespace

ScoreTree::~ScoreTree() {
  if (root_) FreeAll(root_);
}

ScoreTree::Leaf* ScoreTree::NewLeaf() {
  Leaf* l = new Leaf();
  l->leaf = true;
  bytes_ += malloc_usable_size(l);
  return l;
}

ScoreTree::Inner* ScoreTree::NewInner() {
  Inner* in = new Inner();
  bytes_ += malloc_usable_size(in);
  return in;
}

void ScoreTree::FreeNode(Node* n) {
  bytes_ -= malloc_usable_size(n);
  if (n->leaf) delete static_cast<Leaf*>(n);
  else delete static_cast<Inner*>(n);
}

void ScoreTree::FreeAll(Node* n) {
  if (!n->leaf) {
    Inner* in = static_cast<Inner*>(n);
    for (size_t i = 0; i < in->n; ++i) FreeAll(in->kids[i]);
  }
  FreeNode(n);
}

void ScoreTree::LinkAfter(Leaf* at, Leaf* sib) {
  sib->prev = at;
  sib->next = at->next;
  if (at->next) at->next->prev = sib;
  at->next = sib;
}

void ScoreTree::Unlink(Leaf* l) {
  if (l->prev) l->prev->next = l->next;
  if (l->next) l->next->prev = l->prev;
}

uint64_t ScoreTree::Count(const Node* n) {
  if (n->leaf) return n->n;
  const Inner* in = static_cast<const Inner*>(n);
  uint64_t c = 0;
  for (size_t i = 0; i < in->n; ++i) c += in->counts[i];
  return c;
}

ZNode* ScoreTree::MaxOf(const Node* n) {
  if (n->leaf) return static_cast<const Leaf*>(n)->items[n->n - 1];
  const Inner* in = static_cast<const Inner*>(n);
  return in->maxes[in->n - 1];
}

void ScoreTree::Insert(ZNode* x) {
  if (!root_) {
    Leaf* l = NewLeaf();
    l->items[0] = x;
    l->n = 1;
    root_ = l;
    size_ = 1;
    return;
  }
  if (Node* sib = InsertRec(root_, x, true, true)) {
    Inner* r = NewInner();
    r->n = 2;
    r->kids[0] = root_;
    r->kids[1] = sib;
    r->counts[0] = Count(root_);
    r->counts[1] = Count(sib);
    r->maxes[0] = MaxOf(root_);
    r->maxes[1] = MaxOf(sib);
    root_ = r;
  }
  ++size_;
}

ScoreTree::Node* ScoreTree::InsertRec(Node* node, ZNode* x, bool right_edge, bool left_edge) {
  double score = ZNodeScore(x);
  std::string_view member = ZNodeMember(x);
  if (node->leaf) {
    Leaf* l = static_cast<Leaf*>(node);
    size_t pos = LowerBound(l->items, l->n, score, member);
    if (l->n < kLeafCap) {
      std::copy_backward(l->items + pos, l->items + l->n, l->items + l->n + 1);
      l->items[pos] = x;
      ++l->n;
      return nullptr;
    }
    Leaf* sib = NewLeaf();
    LinkAfter(l, sib);
    if (pos == l->n && right_edge) {  // appending: keep l full
      sib->items[0] = x;
      sib->n = 1;
    } else if (pos == 0 && left_edge) {  // prepending: l keeps x alone, sib the full rest
      std::copy(l->items, l->items + l->n, sib->items);
      sib->n = l->n;
      l->items[0] = x;
      l->n = 1;
    } else {
      size_t half = l->n / 2;
      std::copy(l->items + half, l->items + l->n, sib->items);
      sib->n = uint32_t(l->n - half);
      l->n = uint32_t(half);
      Leaf* t = pos <= half ? l : sib;
      size_t p = pos <= half ? pos : pos - half;
      std::copy_backward(t->items + p, t->items + t->n, t->items + t->n + 1);
      t->items[p] = x;
      ++t->n;
    }
    return sib;
  }
  Inner* in = static_cast<Inner*>(node);
  size_t i = 0;
  while (i + 1 < in->n &&
         ZLess(ZNodeScore(in->maxes[i]), ZNodeMember(in->maxes[i]), score, member))
    ++i;
  ++in->counts[i];
  Node* split = InsertRec(in->kids[i], x, right_edge && i + 1 == in->n, left_edge && i == 0);
  in->maxes[i] = MaxOf(in->kids[i]);
  if (!split) return nullptr;
  in->counts[i] = Count(in->kids[i]);
  // The new child goes at i + 1; a full node splits first.
  Inner* target = in;
  size_t at = i + 1;
  Inner* sib = nullptr;
  if (in->n == kInnerCap) {
    sib = NewInner();
    size_t keep = (right_edge && at == in->n) ? in->n : in->n / 2;
    size_t move = in->n - keep;
    std::copy(in->kids + keep, in->kids + in->n, sib->kids);
    std::copy(in->counts + keep, in->counts + in->n, sib->counts);
    std::copy(in->maxes + keep, in->maxes + in->n, sib->maxes);
    sib->n = uint32_t(move);
    in->n = uint32_t(keep);
    if (at >= keep) {
      target = sib;
      at -= keep;
    }
  }
  std::copy_backward(target->kids + at, target->kids + target->n, target->kids + target->n + 1);
  std::copy_backward(target->counts + at, target->counts + target->n,
                     target->counts + target->n + 1);
  std::copy_backward(target->maxes + at, target->maxes + target->n,
                     target->maxes + target->n + 1);
  target->kids[at] = split;
  target->counts[at] = Count(split);
  target->maxes[at] = MaxOf(split);
  ++target->n;
  return sib;
}

bool ScoreTree::Erase(double score, std::string_view member) {
  if (!root_ || !EraseRec(root_, score, member)) return false;
  --size_;
  while (!root_->leaf && root_->n == 1) {
    Node* only = static_cast<Inner*>(root_)->kids[0];
    FreeNode(root_);
    root_ = only;
  }
  if (root_->n == 0) {
    FreeNode(root_);
    root_ = nullptr;
  }
  return true;
}

bool ScoreTree::EraseRec(Node* node, double score, std::string_view member) {
  if (node->leaf) {
    Leaf* l = static_cast<Leaf*>(node);
    size_t pos = LowerBound(l->items, l->n, score, member);
    if (pos == l->n || ZNodeScore(l->items[pos]) != score ||
        ZNodeMember(l->items[pos]) != member)
      return false;
    std::copy(l->items + pos + 1, l->items + l->n, l->items + pos);
    --l->n;
    return true;
  }
  Inner* in = static_cast<Inner*>(node);
  size_t i = 0;
  while (i < in->n && ZLess(ZNodeScore(in->maxes[i]), ZNodeMember(in->maxes[i]), score, member))
    ++i;
  if (i == in->n || !EraseRec(in->kids[i], score, member)) return false;
  --in->counts[i];
  Node* kid = in->kids[i];
  if (kid->n == 0) {
    if (kid->leaf) Unlink(static_cast<Leaf*>(kid));
    FreeNode(kid);
    std::copy(in->kids + i + 1, in->kids + in->n, in->kids + i);
    std::copy(in->counts + i + 1, in->counts + in->n, in->counts + i);
    std::copy(in->maxes + i + 1, in->maxes + in->n, in->maxes + i);
    --in->n;
    return true;
  }
  in->maxes[i] = MaxOf(kid);
  if (in->n > 1 && kid->n < (kid->leaf ? kLeafMin : kInnerMin)) Rebalance(in, i);
  return true;
}

// Child i of p is under its minimum: merge it with a neighbour, or even the two out.
void ScoreTree::Rebalance(Inner* p, size_t i) {
  size_t left = i > 0 ? i - 1 : i;
  size_t right = left + 1;
  Node* L = p->kids[left];
  Node* R = p->kids[right];
  size_t total = L->n + R->n;
  if (L->leaf) {
    Leaf* a = static_cast<Leaf*>(L);
    Leaf* b = static_cast<Leaf*>(R);
    if (total <= kLeafCap) {
      std::copy(b->items, b->items + b->n, a->items + a->n);
      a->n = uint32_t(total);
      b->n = 0;
    } else {
      size_t want = total / 2;
      if (a->n < want) {  // move b's first items to a's end
        size_t k = want - a->n;
        std::copy(b->items, b->items + k, a->items + a->n);
        std::copy(b->items + k, b->items + b->n, b->items);
        a->n += uint32_t(k);
        b->n -= uint32_t(k);
      } else {  // move a's last items to b's front
        size_t k = a->n - want;
        std::copy_backward(b->items, b->items + b->n, b->items + b->n + k);
        std::copy(a->items + want, a->items + a->n, b->items);
        a->n = uint32_t(want);
        b->n += uint32_t(k);
      }
    }
  } else {
    Inner* a = static_cast<Inner*>(L);
    Inner* b = static_cast<Inner*>(R);
    auto move_front = [](Inner* from, size_t k, Inner* to) {  // from's first k to to's end
      std::copy(from->kids, from->kids + k, to->kids + to->n);
      std::copy(from->counts, from->counts + k, to->counts + to->n);
      std::copy(from->maxes, from->maxes + k, to->maxes + to->n);
      std::copy(from->kids + k, from->kids + from->n, from->kids);
      std::copy(from->counts + k, from->counts + from->n, from->counts);
      std::copy(from->maxes + k, from->maxes + from->n, from->maxes);
      to->n += uint32_t(k);
      from->n -= uint32_t(k);
    };
    if (total <= kInnerCap) {
      move_front(b, b->n, a);
    } else {
      size_t want = total / 2;
      if (a->n < want) {
        move_front(b, want - a->n, a);
      } else {  // a's last k to b's front
        size_t k = a->n - want;
        std::copy_backward(b->kids, b->kids + b->n, b->kids + b->n + k);
        std::copy_backward(b->counts, b->counts + b->n, b->counts + b->n + k);
        std::copy_backward(b->maxes, b->maxes + b->n, b->maxes + b->n + k);
        std::copy(a->kids + want, a->kids + a->n, b->kids);
        std::copy(a->counts + want, a->counts + a->n, b->counts);
        std::copy(a->maxes + want, a->maxes + a->n, b->maxes);
        a->n = uint32_t(want);
        b->n += uint32_t(k);
      }
    }
  }
  p->counts[left] = Count(L);
  p->maxes[left] = MaxOf(L);
  if (R->n == 0) {
    if (R->leaf) Unlink(static_cast<Leaf*>(R));
    FreeNode(R);
    std::copy(p->kids + right + 1, p->kids + p->n, p->kids + right);
    std::copy(p->counts + right + 1, p->counts + p->n, p->counts + right);
    std::copy(p->maxes + right + 1, p->maxes + p->n, p->maxes + right);
    --p->n;
  } else {
    p->counts[right] = Count(R);
    p->maxes[right] = MaxOf(R);
  }
}

size_t ScoreTree::CountBelow(Pred below) const {
  size_t acc = 0;
  const Node* node = root_;
  while (node) {
    if (node->leaf) {
      const Leaf* l = static_cast<const Leaf*>(node);
      size_t lo = 0, hi = l->n;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (below(l->items[mid])) lo = mid + 1;
        else hi = mid;
      }
      return acc + lo;
    }
    const Inner* in = static_cast<const Inner*>(node);
    size_t i = 0;
    while (i < in->n && below(in->maxes[i])) acc += in->counts[i++];
    if (i == in->n) return acc;
    node = in->kids[i];
  }
  return acc;
}

void ScoreTree::Locate(size_t r, const Leaf** leaf, size_t* i) const {
  const Node* node = root_;
  while (!node->leaf) {
    const Inner* in = static_cast<const Inner*>(node);
    size_t k = 0;
    while (k + 1 < in->n && r >= in->counts[k]) r -= in->counts[k++];
    node = in->kids[k];
  }
  *leaf = static_cast<const Leaf*>(node);
  *i = r;
}

ZNode* ScoreTree::At(size_t r) const {
  const Leaf* l;
  size_t i;
  Locate(r, &l, &i);
  return l->items[i];
}

void ScoreTree::Walk(size_t from, bool reverse, Visit f) const {
  if (from >= size_) return;
  const Leaf* l;
  size_t i;
  Locate(from, &l, &i);
  for (;;) {
    if (!f(l->items[i])) return;
    if (!reverse) {
      if (++i == l->n) {
        l = l->next;
        i = 0;
        if (!l) return;
      }
    } else if (i == 0) {
      l = l->prev;
      if (!l) return;
      i = l->n - 1;
    } else {
      --i;
    }
  }
}

}  // namespace tessera::storage
