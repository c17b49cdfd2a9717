#include "storage/ops/set_ops.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/strutil.h"
#include "storage/ops/object_ops.h"

namespace tessera::ops::set {

using storage::Entry;
using storage::KeyLoc;
using storage::Locate;
using storage::SetObject;
using storage::ShardGuard;
using storage::ValueChange;
using storage::ValueType;

namespace {

OpResult<SetObject*> Find(const KeyLoc& loc, Entry** e) {
  return FindObject<SetObject>(loc, ValueType::kSet, e);
}

// Up to n distinct members of s (all of them when n >= size), uniformly chosen.
void Distinct(const SetObject& s, size_t n, Visit out) {
  size_t size = s.Size();
  if (n >= size) return s.ForEach(out);
  auto& rng = storage::MemberRng();
  if (s.is_intset() || n * 3 > size) {
    std::vector<std::string> all;
    all.reserve(size);
    s.ForEach([&](std::string_view m) { all.emplace_back(m); });
    for (size_t i = 0; i < n; ++i) {
      std::swap(all[i], all[i + rng() % (size - i)]);
      out(all[i]);
    }
    return;
  }
  absl::flat_hash_set<std::string> seen;
  while (seen.size() < n)
    s.Random([&](std::string_view m) {
      if (seen.insert(std::string(m)).second) out(m);
    });
}

// The sets behind keys (null for a missing key); kWrongType when one holds another type.
OpStatus Gather(const storage::KeyLocs& locs, size_t from, std::vector<SetObject*>* sets) {
  for (size_t i = from; i < locs.size(); ++i) {
    Entry* e;
    auto r = Find(locs[i], &e);
    if (!r) return r.status();
    sets->push_back(*r);
  }
  return OpStatus::kOk;
}

// The result of op over sets (null entries: missing keys), built as a set with Redis's
// encoding rules, so an all-integer result comes out in numeric order as Redis's does.
std::unique_ptr<SetObject> Compute(Algebra op, const std::vector<SetObject*>& sets,
                                   int64_t max_intset) {
  auto result = std::make_unique<SetObject>();
  if (op == Algebra::kInter) {
    for (SetObject* s : sets)
      if (!s) return result;
    SetObject* smallest = *std::min_element(
        sets.begin(), sets.end(), [](SetObject* a, SetObject* b) { return a->Size() < b->Size(); });
    smallest->ForEach([&](std::string_view m) {
      for (SetObject* s : sets)
        if (s != smallest && !s->Contains(m)) return;
      result->Add(m, max_intset);
    });
  } else if (op == Algebra::kUnion) {
    for (SetObject* s : sets)
      if (s) s->ForEach([&](std::string_view m) { result->Add(m, max_intset); });
  } else if (sets[0]) {
    sets[0]->ForEach([&](std::string_view m) {
      for (size_t i = 1; i < sets.size(); ++i)
        if (sets[i] && sets[i]->Contains(m)) return;
      result->Add(m, max_intset);
    });
  }
  return result;
}

}  // namespace

OpResult<int64_t> Add(Db& db, std::string_view key, absl::Span<const std::string_view> members,
                      int64_t max_intset) {
  Locked<SetObject> o(db, key, ValueType::kSet, true);
  if (!o.ok()) return o.status();
  int64_t added = 0;
  auto vc = o.Change();
  for (auto m : members) added += o.obj->Add(m, max_intset);
  return added;
}

OpResult<int64_t> Rem(Db& db, std::string_view key, absl::Span<const std::string_view> members) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  int64_t n = 0;
  auto vc = o.Change();
  for (auto m : members) n += o.obj->Remove(m);
  return n;
}

OpResult<int64_t> Card(Db& db, std::string_view key) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  return int64_t(o.obj ? o.obj->Size() : 0);
}

OpStatus IsMember(Db& db, std::string_view key, absl::Span<const std::string_view> members,
                  absl::FunctionRef<void(bool)> out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  for (auto m : members) out(o.obj && o.obj->Contains(m));
  return OpStatus::kOk;
}

OpStatus Members(Db& db, std::string_view key, Begin begin, Visit out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  begin(o.obj ? o.obj->Size() : 0);
  if (o.obj) o.obj->ForEach(out);
  return OpStatus::kOk;
}

OpStatus PopOne(Db& db, std::string_view key, Visit out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  auto vc = o.Change();
  o.obj->PopRandom(out);
  return OpStatus::kOk;
}

OpStatus Pop(Db& db, std::string_view key, uint64_t count, Begin begin, Visit out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return OpStatus::kOk;
  }
  SetObject* s = o.obj;
  if (count >= s->Size()) {  // everything: the key goes
    begin(s->Size());
    s->ForEach(out);
    o.loc.shard->Erase(o.loc.shard->table.FindLink(o.loc.key, o.loc.hash));
    storage::NoteEmptied(o.loc.key);
    return OpStatus::kOk;
  }
  begin(size_t(count));
  auto vc = o.Change();
  for (uint64_t i = 0; i < count; ++i) s->PopRandom(out);
  return OpStatus::kOk;
}

OpStatus RandOne(Db& db, std::string_view key, Visit out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  o.obj->Random(out);
  return OpStatus::kOk;
}

OpStatus RandMember(Db& db, std::string_view key, int64_t count, Begin begin, Visit out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return OpStatus::kOk;
  }
  SetObject* s = o.obj;
  if (count < 0) {
    size_t n = size_t(-(count + 1)) + 1;
    begin(n);
    for (size_t i = 0; i < n; ++i) s->Random(out);
    return OpStatus::kOk;
  }
  begin(std::min(size_t(count), s->Size()));
  Distinct(*s, size_t(count), out);
  return OpStatus::kOk;
}

OpResult<int64_t> Move(Db& db, std::string_view src, std::string_view dst,
                       std::string_view member, int64_t max_intset) {
  storage::ShardList shards;
  std::string_view keys[2] = {src, dst};
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  Entry *se, *de;
  auto s = Find(locs[0], &se);
  if (s.ok() && !*s) return int64_t(0);
  if (!s) return s.status();
  auto d = Find(locs[1], &de);
  if (!d) return d.status();
  if (*s == *d) return int64_t((*s)->Contains(member));
  if (!(*s)->Contains(member)) return int64_t(0);
  {
    ValueChange vc(*locs[0].shard, se, locs[0].hash);
    (*s)->Remove(member);
  }
  auto dr = FindOrCreate<SetObject>(locs[1], ValueType::kSet, &de);
  ValueChange vc(*locs[1].shard, de, locs[1].hash);
  (*dr)->Add(member, max_intset);
  return int64_t(1);
}

OpStatus Combine(Db& db, Algebra op, absl::Span<const std::string_view> keys, Begin begin,
                 Visit out, int64_t max_intset) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  std::vector<SetObject*> sets;
  if (OpStatus st = Gather(locs, 0, &sets); st != OpStatus::kOk) return st;
  if (op == Algebra::kInter) {  // straight from the smallest set, in its order, as Redis
    for (SetObject* s : sets)
      if (!s) {
        begin(0);
        return OpStatus::kOk;
      }
    SetObject* smallest = *std::min_element(
        sets.begin(), sets.end(), [](SetObject* a, SetObject* b) { return a->Size() < b->Size(); });
    std::vector<std::string> hits;
    smallest->ForEach([&](std::string_view m) {
      for (SetObject* s : sets)
        if (s != smallest && !s->Contains(m)) return;
      hits.emplace_back(m);
    });
    begin(hits.size());
    for (const auto& m : hits) out(m);
    return OpStatus::kOk;
  }
  auto result = Compute(op, sets, max_intset);
  begin(result->Size());
  result->ForEach(out);
  return OpStatus::kOk;
}

OpResult<int64_t> CombineStore(Db& db, Algebra op, std::string_view dst,
                               absl::Span<const std::string_view> keys, int64_t max_intset) {
  storage::ShardList shards;
  std::vector<std::string_view> all(keys.begin(), keys.end());
  all.push_back(dst);
  storage::KeyLocs locs = storage::LocateAll(db, all, &shards);
  storage::MultiLock lk(shards);
  std::vector<SetObject*> sets;
  locs.pop_back();
  if (OpStatus st = Gather(locs, 0, &sets); st != OpStatus::kOk) return st;
  return StoreObject(Locate(db, dst), ValueType::kSet, Compute(op, sets, max_intset));
}

OpResult<int64_t> InterCard(Db& db, absl::Span<const std::string_view> keys, uint64_t limit) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  std::vector<SetObject*> sets;
  if (OpStatus st = Gather(locs, 0, &sets); st != OpStatus::kOk) return st;
  for (SetObject* s : sets)
    if (!s) return int64_t(0);
  SetObject* smallest = *std::min_element(
      sets.begin(), sets.end(), [](SetObject* a, SetObject* b) { return a->Size() < b->Size(); });
  uint64_t n = 0;
  // ForEach cannot stop early; the count stops growing at the limit.
  smallest->ForEach([&](std::string_view m) {
    if (limit && n >= limit) return;
    for (SetObject* s : sets)
      if (s != smallest && !s->Contains(m)) return;
    ++n;
  });
  return int64_t(n);
}

OpResult<uint64_t> Scan(Db& db, std::string_view key, uint64_t cursor, std::string_view pattern,
                        size_t count, Begin begin, Visit out) {
  Locked<SetObject> o(db, key, ValueType::kSet);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return uint64_t(0);
  }
  std::vector<std::string> got;
  uint64_t next = o.obj->Scan(cursor, count, [&](std::string_view m) {
    if (pattern.empty() || GlobMatch(pattern, m)) got.emplace_back(m);
  });
  begin(got.size());
  for (const auto& m : got) out(m);
  return next;
}

}  // namespace tessera::ops::set
