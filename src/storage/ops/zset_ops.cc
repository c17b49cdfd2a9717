#include "storage/ops/zset_ops.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/strutil.h"
#include "storage/blob_table.h"
#include "storage/ops/object_ops.h"
#include "storage/score_tree.h"
#include "storage/set.h"

namespace tessera::ops::zset {

using storage::Entry;
using storage::KeyLoc;
using storage::Locate;
using storage::SetObject;
using storage::ValueChange;
using storage::ValueType;
using storage::ZSetObject;

namespace {

using Item = std::pair<std::string, double>;

OpResult<ZSetObject*> Find(const KeyLoc& loc, Entry** e) {
  return FindObject<ZSetObject>(loc, ValueType::kZSet, e);
}

// Visits up to n members from rank `from` in the given direction.
void WalkN(const ZSetObject& z, size_t from, bool reverse, size_t n, Visit out) {
  if (n == 0) return;
  size_t left = n;
  z.Walk(from, reverse, [&](std::string_view m, double s) {
    out(m, s);
    return --left > 0;
  });
}

// The members r selects in reply order: the first rank to visit and how many.
void Select(const ZSetObject& z, const Range& r, size_t* first, size_t* n) {
  size_t lo, hi;
  RangeBounds(z, r, &lo, &hi);
  *n = 0;
  *first = 0;
  if (r.offset < 0 || lo >= hi) return;
  size_t count = hi - lo;
  size_t skip = size_t(r.offset);
  if (skip >= count) return;
  size_t avail = count - skip;
  *n = r.limit < 0 ? avail : std::min(avail, size_t(r.limit));
  *first = r.reverse ? hi - 1 - skip : lo + skip;
}

// Pops for PopLocked and Pop: z is the value of loc's key (entry e), held.
void PopFrom(const KeyLoc& loc, Entry* e, ZSetObject* z, bool max, size_t count, Begin begin,
             Visit out) {
  ValueChange vc(*loc.shard, e, loc.hash);
  size_t size = z->Size();
  size_t n = std::min(count, size);
  begin(n);
  if (n == 0) return;
  WalkN(*z, max ? size - 1 : 0, max, n, out);
  if (max) z->RemoveRanks(size - n, size - 1);
  else z->RemoveRanks(0, n - 1);
}

OpStatus MPopLocked(const storage::KeyLocs& locs, bool max, size_t count,
                    absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out) {
  for (const KeyLoc& l : locs) {
    Entry* e;
    auto r = Find(l, &e);
    if (!r) return r.status();
    if (!*r) continue;
    PopFrom(l, e, *r, max, count, [&](size_t n) { begin(l.key, n); }, out);
    return OpStatus::kOk;
  }
  return OpStatus::kKeyNotFound;
}

// One input of the algebra: a sorted set, a plain set (scores 1) or nothing (missing key).
struct Source {
  const ZSetObject* z = nullptr;
  const SetObject* s = nullptr;
  double weight = 1;
  size_t Size() const { return z ? z->Size() : s ? s->Size() : 0; }
  bool Score(std::string_view m, double* score) const {
    if (z) return z->Score(m, score);
    if (s && s->Contains(m)) {
      *score = 1;
      return true;
    }
    return false;
  }
  template <typename F>
  void ForEach(F&& f) const {
    if (z) z->ForEach([&](std::string_view m, double sc) {
      f(m, sc);
      return true;
    });
    else if (s) s->ForEach([&](std::string_view m) { f(m, 1.0); });
  }
};

OpStatus Gather(const storage::KeyLocs& locs, size_t n, absl::Span<const double> weights,
                std::vector<Source>* out) {
  for (size_t i = 0; i < n; ++i) {
    Source src;
    if (!weights.empty()) src.weight = weights[i];
    Entry* e = locs[i].shard->Find(locs[i].key, locs[i].hash, FastClock::NowMs());
    if (e) {
      if (e->type() == ValueType::kZSet) src.z = static_cast<const ZSetObject*>(e->object());
      else if (e->type() == ValueType::kSet) src.s = static_cast<const SetObject*>(e->object());
      else return OpStatus::kWrongType;
    }
    out->push_back(src);
  }
  return OpStatus::kOk;
}

// weight * score, where inf * 0 counts as 0 (as Redis).
double Weighted(double w, double s) {
  double v = w * s;
  return std::isnan(v) ? 0 : v;
}

void AggregateInto(double* t, double v, Aggregate agg) {
  switch (agg) {
    case Aggregate::kSum:
      *t += v;
      if (std::isnan(*t)) *t = 0;  // inf + -inf
      break;
    case Aggregate::kMin: *t = v < *t ? v : *t; break;
    case Aggregate::kMax: *t = v > *t ? v : *t; break;
  }
}

// The algebra's result in (score, member) order.
std::vector<Item> Compute(Algebra op, std::vector<Source> srcs, Aggregate agg) {
  std::vector<Item> out;
  if (srcs.empty()) return out;
  if (op != Algebra::kDiff)  // smallest first, as Redis orders its inputs
    std::stable_sort(srcs.begin(), srcs.end(),
                     [](const Source& a, const Source& b) { return a.Size() < b.Size(); });
  if (op == Algebra::kInter) {
    if (srcs[0].Size() == 0) return out;
    srcs[0].ForEach([&](std::string_view m, double s0) {
      double score = Weighted(srcs[0].weight, s0);
      for (size_t j = 1; j < srcs.size(); ++j) {
        double sj;
        if (!srcs[j].Score(m, &sj)) return;
        // Only the first input's product has NaN turned into 0 (as Redis): a NaN here
        // leaves MIN and MAX as they were, and SUM turns the sum into 0.
        AggregateInto(&score, srcs[j].weight * sj, agg);
      }
      out.emplace_back(std::string(m), score);
    });
  } else if (op == Algebra::kUnion) {
    absl::flat_hash_map<std::string, double> acc;
    for (const Source& src : srcs)
      src.ForEach([&](std::string_view m, double s) {
        double v = Weighted(src.weight, s);
        auto [it, fresh] = acc.try_emplace(std::string(m), v);
        if (!fresh) AggregateInto(&it->second, v, agg);
      });
    out.reserve(acc.size());
    for (auto& [m, s] : acc) out.emplace_back(m, s);
  } else {
    srcs[0].ForEach([&](std::string_view m, double s0) {
      double sj;
      for (size_t j = 1; j < srcs.size(); ++j)
        if (srcs[j].Score(m, &sj)) return;
      out.emplace_back(std::string(m), s0);
    });
  }
  std::sort(out.begin(), out.end(), [](const Item& a, const Item& b) {
    return storage::ZLess(a.second, a.first, b.second, b.first);
  });
  return out;
}

// A STORE command's result, in the encoding Redis gives it. ZUNIONSTORE and friends (and
// GEOSEARCHSTORE) build a skiplist and convert it to a listpack when small enough, so the
// whole result decides (by count and member lengths); ZRANGESTORE picks by count alone and
// converts on a long member as it goes (`by_count_only`). The difference shows in -0
// scores, which a listpack turns into 0.
std::unique_ptr<ZSetObject> Build(const std::vector<Item>& items, const Limits& lim,
                                  bool by_count_only = false) {
  auto z = std::make_unique<ZSetObject>();
  bool fits = int64_t(items.size()) <= lim.max_entries;
  if (!by_count_only)
    for (const Item& it : items) fits = fits && int64_t(it.first.size()) <= lim.max_value;
  if (!fits) z->UseTree();
  for (const Item& it : items) z->Insert(it.first, it.second, lim);  // in order: appends
  return z;
}

bool GteMin(std::string_view m, const LexBound& b) {
  switch (b.kind) {
    case LexBound::kMin: return true;
    case LexBound::kMax: return false;
    case LexBound::kInclusive: return m.compare(b.value) >= 0;
    case LexBound::kExclusive: return m.compare(b.value) > 0;
  }
  return false;
}

bool LteMax(std::string_view m, const LexBound& b) {
  switch (b.kind) {
    case LexBound::kMin: return false;
    case LexBound::kMax: return true;
    case LexBound::kInclusive: return m.compare(b.value) <= 0;
    case LexBound::kExclusive: return m.compare(b.value) < 0;
  }
  return false;
}

std::string MemberAt(const ZSetObject& z, size_t r) {
  std::string m;
  WalkN(z, r, false, 1, [&](std::string_view v, double) { m.assign(v); });
  return m;
}

// Lex ranges as Redis finds them. Meant for members of one score; for mixed scores Redis's
// answer still is deterministic and users rely on it, so it is reproduced: first the range
// is checked against the first and last members; then a listpack is scanned from the front
// for the first member >= min and on while members are <= max (from the back for a reverse
// range: the last member <= max, then back while >= min). A skiplist is searched in order,
// which is what a binary search over the tree gives for members of one score.
void LexBounds(const ZSetObject& z, const Range& r, size_t* lo, size_t* hi) {
  size_t n = z.Size();
  *lo = *hi = 0;
  if (n == 0 || !GteMin(MemberAt(z, n - 1), r.lmin) || !LteMax(MemberAt(z, 0), r.lmax)) return;
  if (!z.packed()) {
    auto below = [&](const LexBound& b, bool is_max) -> size_t {
      switch (b.kind) {
        case LexBound::kMin: return 0;
        case LexBound::kMax: return n;
        case LexBound::kInclusive: return z.CountLexBelow(b.value, is_max);
        case LexBound::kExclusive: return z.CountLexBelow(b.value, !is_max);
      }
      return 0;
    };
    *lo = below(r.lmin, false);
    *hi = std::max(*lo, below(r.lmax, true));
    return;
  }
  size_t i = 0;
  bool found = false;
  if (!r.reverse) {
    z.Walk(0, false, [&](std::string_view m, double) {
      if (!found) {
        if (!GteMin(m, r.lmin)) return ++i, true;
        if (!LteMax(m, r.lmax)) return false;
        found = true;
        *lo = i;
      } else if (!LteMax(m, r.lmax)) {
        return false;
      }
      *hi = ++i;
      return true;
    });
    return;
  }
  i = n;
  z.Walk(n - 1, true, [&](std::string_view m, double) {
    if (!found) {
      if (!LteMax(m, r.lmax)) return --i, true;
      if (!GteMin(m, r.lmin)) return false;
      found = true;
      *hi = i;
    } else if (!GteMin(m, r.lmin)) {
      return false;
    }
    *lo = --i;
    return true;
  });
}

}  // namespace

void RangeBounds(const ZSetObject& z, const Range& r, size_t* lo, size_t* hi) {
  size_t n = z.Size();
  *lo = *hi = 0;
  switch (r.by) {
    case Range::kRank: {
      int64_t start = r.start, stop = r.stop;
      if (!NormalizeRange(int64_t(n), &start, &stop)) return;
      if (r.reverse) {  // indexes count from the high end
        *lo = n - 1 - size_t(stop);
        *hi = n - size_t(start);
      } else {
        *lo = size_t(start);
        *hi = size_t(stop) + 1;
      }
      return;
    }
    case Range::kScore:
      // Below an inclusive min are the members < min; below an exclusive one, those <= min.
      *lo = z.CountScoreBelow(r.min.value, r.min.exclusive);
      *hi = z.CountScoreBelow(r.max.value, !r.max.exclusive);
      break;
    case Range::kLex:
      LexBounds(z, r, lo, hi);
      break;
  }
  if (*hi < *lo) *hi = *lo;
}

OpResult<int64_t> Add(Db& db, std::string_view key, const AddOptions& opt,
                      absl::Span<const ScoreMember> pairs, const Limits& lim,
                      double* incr_score, bool* incr_done, bool* modified) {
  if (incr_done) *incr_done = false;
  if (modified) *modified = false;
  // XX never creates the key (nor tells its watchers anything).
  Locked<ZSetObject> o(db, key, ValueType::kZSet, !opt.xx);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  int64_t added = 0, changed = 0;
  auto vc = o.Change();
  ZSetObject* z = o.obj;
  for (const ScoreMember& p : pairs) {
    double cur;
    if (z->Score(p.member, &cur)) {
      if (opt.nx) continue;
      double score = opt.incr ? cur + p.score : p.score;
      if (std::isnan(score)) return OpStatus::kScoreNaN;
      if ((opt.gt && score <= cur) || (opt.lt && score >= cur)) continue;
      if (score != cur) {
        z->Update(p.member, cur, score);
        ++changed;
      }
      if (incr_score) *incr_score = score;
    } else {
      if (opt.xx) continue;
      z->Insert(p.member, p.score, lim);
      ++added;
      if (incr_score) *incr_score = p.score;
    }
    if (incr_done) *incr_done = true;
  }
  if (modified) *modified = added + changed > 0;
  return opt.ch ? added + changed : added;
}

OpResult<int64_t> Rem(Db& db, std::string_view key, absl::Span<const std::string_view> members) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  int64_t n = 0;
  auto vc = o.Change();
  for (auto m : members) n += o.obj->Remove(m);
  return n;
}

OpResult<int64_t> Card(Db& db, std::string_view key) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  return int64_t(o.obj ? o.obj->Size() : 0);
}

OpStatus Score(Db& db, std::string_view key, std::string_view member, double* score) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj || !o.obj->Score(member, score)) return OpStatus::kKeyNotFound;
  return OpStatus::kOk;
}

OpStatus MScore(Db& db, std::string_view key, absl::Span<const std::string_view> members,
                absl::FunctionRef<void(bool, double)> out) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  for (auto m : members) {
    double s = 0;
    bool found = o.obj && o.obj->Score(m, &s);
    out(found, s);
  }
  return OpStatus::kOk;
}

OpResult<int64_t> Rank(Db& db, std::string_view key, std::string_view member, bool reverse) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  double s;
  if (!o.obj || !o.obj->Score(member, &s)) return int64_t(-1);
  size_t r = o.obj->Rank(member, s);
  return int64_t(reverse ? o.obj->Size() - 1 - r : r);
}

OpResult<int64_t> Count(Db& db, std::string_view key, const Range& r) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  size_t lo, hi;
  RangeBounds(*o.obj, r, &lo, &hi);
  return int64_t(hi - lo);
}

OpStatus GetRange(Db& db, std::string_view key, const Range& r, Begin begin, Visit out) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return OpStatus::kOk;
  }
  size_t first, n;
  Select(*o.obj, r, &first, &n);
  begin(n);
  WalkN(*o.obj, first, r.reverse, n, out);
  return OpStatus::kOk;
}

OpResult<int64_t> RangeStore(Db& db, std::string_view dst, std::string_view src, const Range& r,
                             const Limits& lim) {
  storage::ShardList shards;
  std::string_view keys[2] = {src, dst};
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  Entry* e;
  auto z = Find(locs[0], &e);
  if (!z) return z.status();
  std::vector<Item> items;
  if (*z) {
    size_t first, n;
    Select(**z, r, &first, &n);
    items.reserve(n);
    WalkN(**z, first, r.reverse, n,
          [&](std::string_view m, double s) { items.emplace_back(std::string(m), s); });
    if (r.reverse) std::reverse(items.begin(), items.end());  // Build appends in order
  }
  return StoreObject(locs[1], ValueType::kZSet, Build(items, lim, true));
}

OpResult<int64_t> RemRange(Db& db, std::string_view key, const Range& r) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  size_t lo, hi;
  RangeBounds(*o.obj, r, &lo, &hi);
  if (lo >= hi) return int64_t(0);
  auto vc = o.Change();
  o.obj->RemoveRanks(lo, hi - 1);
  return int64_t(hi - lo);
}

OpStatus Pop(Db& db, std::string_view key, bool max, size_t count, Begin begin, Visit out) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return OpStatus::kOk;
  }
  PopFrom(o.loc, o.entry, o.obj, max, count, begin, out);
  return OpStatus::kOk;
}

void PopLocked(const KeyLoc& loc, bool max, size_t count, Begin begin, Visit out) {
  Entry* e;
  auto z = Find(loc, &e);
  if (!z || !*z) return begin(0);
  PopFrom(loc, e, *z, max, count, begin, out);
}

OpStatus MPop(Db& db, absl::Span<const std::string_view> keys, bool max, size_t count,
              absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  return MPopLocked(locs, max, count, begin, out);
}

OpStatus MPopOrWait(Db& db, absl::Span<const std::string_view> keys, bool max, size_t count,
                    const storage::WaiterRef& waiter,
                    absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  OpStatus st = MPopLocked(locs, max, count, begin, out);
  if (st == OpStatus::kKeyNotFound) EnqueueWaiter(locs, waiter);
  return st;
}

OpStatus RandMember(Db& db, std::string_view key, int64_t count, Begin begin, Visit out) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj || count == 0) {
    begin(0);
    return OpStatus::kOk;
  }
  const ZSetObject& z = *o.obj;
  size_t size = z.Size();
  auto& rng = storage::MemberRng();
  auto at = [&](size_t r) { WalkN(z, r, false, 1, out); };
  if (count < 0) {
    size_t n = size_t(-(count + 1)) + 1;
    begin(n);
    for (size_t i = 0; i < n; ++i) at(rng() % size);
    return OpStatus::kOk;
  }
  size_t n = size_t(count);
  if (n >= size) {
    begin(size);
    z.ForEach([&](std::string_view m, double s) {
      out(m, s);
      return true;
    });
    return OpStatus::kOk;
  }
  begin(n);
  if (n * 3 > size) {  // a partial shuffle of all ranks
    std::vector<uint32_t> ranks(size);
    for (size_t i = 0; i < size; ++i) ranks[i] = uint32_t(i);
    for (size_t i = 0; i < n; ++i) {
      std::swap(ranks[i], ranks[i + rng() % (size - i)]);
      at(ranks[i]);
    }
    return OpStatus::kOk;
  }
  absl::flat_hash_set<size_t> seen;
  while (seen.size() < n) {
    size_t r = rng() % size;
    if (seen.insert(r).second) at(r);
  }
  return OpStatus::kOk;
}

OpStatus RandOne(Db& db, std::string_view key, Visit out) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  WalkN(*o.obj, storage::MemberRng()() % o.obj->Size(), false, 1, out);
  return OpStatus::kOk;
}

OpStatus Combine(Db& db, Algebra op, absl::Span<const std::string_view> keys,
                 absl::Span<const double> weights, Aggregate agg, Begin begin, Visit out) {
  std::vector<Item> items;
  {
    storage::ShardList shards;
    storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
    storage::MultiLock lk(shards);
    std::vector<Source> srcs;
    if (OpStatus st = Gather(locs, locs.size(), weights, &srcs); st != OpStatus::kOk) return st;
    items = Compute(op, std::move(srcs), agg);
  }
  begin(items.size());
  for (const Item& it : items) out(it.first, it.second);
  return OpStatus::kOk;
}

OpResult<int64_t> CombineStore(Db& db, Algebra op, std::string_view dst,
                               absl::Span<const std::string_view> keys,
                               absl::Span<const double> weights, Aggregate agg,
                               const Limits& lim) {
  storage::ShardList shards;
  std::vector<std::string_view> all(keys.begin(), keys.end());
  all.push_back(dst);
  storage::KeyLocs locs = storage::LocateAll(db, all, &shards);
  storage::MultiLock lk(shards);
  std::vector<Source> srcs;
  if (OpStatus st = Gather(locs, keys.size(), weights, &srcs); st != OpStatus::kOk) return st;
  std::vector<Item> items = Compute(op, std::move(srcs), agg);
  return StoreObject(locs.back(), ValueType::kZSet, Build(items, lim));
}

OpStatus WalkScoreRanges(Db& db, std::string_view key,
                         absl::Span<const std::pair<double, double>> ranges,
                         absl::FunctionRef<bool(std::string_view, double)> visit) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kOk;
  for (const auto& [min, max] : ranges) {
    size_t lo = o.obj->CountScoreBelow(min, false);
    size_t hi = o.obj->CountScoreBelow(max, false);
    if (lo >= hi) continue;
    size_t left = hi - lo;
    bool stop = false;
    o.obj->Walk(lo, false, [&](std::string_view m, double s) {
      if (!visit(m, s)) stop = true;
      return !stop && --left > 0;
    });
    if (stop) break;
  }
  return OpStatus::kOk;
}

OpResult<int64_t> StoreMembers(Db& db, std::string_view dst, std::vector<Item> items,
                               const Limits& lim) {
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return storage::ZLess(a.second, a.first, b.second, b.first);
  });
  KeyLoc loc = Locate(db, dst);
  storage::ShardGuard lk(*loc.shard);
  return StoreObject(loc, ValueType::kZSet, Build(items, lim));
}

OpStatus CheckInputs(Db& db, absl::Span<const std::string_view> keys) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  std::vector<Source> srcs;
  return Gather(locs, locs.size(), {}, &srcs);
}

OpResult<int64_t> InterCard(Db& db, absl::Span<const std::string_view> keys, uint64_t limit) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  std::vector<Source> srcs;
  if (OpStatus st = Gather(locs, locs.size(), {}, &srcs); st != OpStatus::kOk) return st;
  std::stable_sort(srcs.begin(), srcs.end(),
                   [](const Source& a, const Source& b) { return a.Size() < b.Size(); });
  int64_t n = 0;
  if (srcs[0].Size() == 0) return n;
  // Stops early at the limit: a walk that returns false from the z-set visitor.
  bool done = false;
  auto visit = [&](std::string_view m) {
    if (done) return;
    double s;
    for (size_t j = 1; j < srcs.size(); ++j)
      if (!srcs[j].Score(m, &s)) return;
    if (++n == int64_t(limit) && limit) done = true;
  };
  if (srcs[0].z)
    srcs[0].z->ForEach([&](std::string_view m, double) {
      visit(m);
      return !done;
    });
  else
    srcs[0].s->ForEach(visit);
  return n;
}

OpResult<uint64_t> Scan(Db& db, std::string_view key, uint64_t cursor, std::string_view pattern,
                        size_t count, Begin begin, Visit out) {
  Locked<ZSetObject> o(db, key, ValueType::kZSet);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return uint64_t(0);
  }
  std::vector<Item> got;
  uint64_t next = o.obj->Scan(cursor, count, [&](std::string_view m, double s) {
    if (pattern.empty() || GlobMatch(pattern, m)) got.emplace_back(std::string(m), s);
    return true;
  });
  begin(got.size());
  for (const auto& [m, s] : got) out(m, s);
  return next;
}

}  // namespace tessera::ops::zset
