#include "storage/ops/list_ops.h"

#include <algorithm>

#include "core/clock.h"
#include "storage/ops/object_ops.h"

namespace tessera::ops::list {

using storage::Entry;
using storage::KeyLoc;
using storage::ListObject;
using storage::Locate;
using storage::ShardGuard;
using storage::ValueChange;
using storage::ValueType;

namespace {

OpResult<ListObject*> Find(const KeyLoc& loc, Entry** e) {
  return FindObject<ListObject>(loc, ValueType::kList, e);
}

}  // namespace

OpResult<int64_t> Push(Db& db, std::string_view key, absl::Span<const std::string_view> values,
                       End end, bool only_existing, int64_t fill) {
  KeyLoc loc = Locate(db, key);
  ShardGuard lk(*loc.shard);
  Entry* e;
  auto r = only_existing ? Find(loc, &e) : FindOrCreate<ListObject>(loc, ValueType::kList, &e);
  if (!r) return r.status();
  if (!*r) return int64_t(0);
  ListObject* l = *r;
  {
    ValueChange vc(*loc.shard, e, loc.hash);
    for (auto v : values) l->Push(end, v, fill);
  }
  return int64_t(l->Size());
}

void PopLocked(const KeyLoc& loc, End end, size_t count, absl::FunctionRef<void(size_t)> begin,
               Visit out) {
  Entry* e = loc.shard->Find(loc.key, loc.hash, FastClock::NowMs());
  auto* l = static_cast<ListObject*>(e->object());
  size_t n = std::min(count, l->Size());
  begin(n);
  ValueChange vc(*loc.shard, e, loc.hash);
  for (size_t i = 0; i < n; ++i) l->Pop(end, out);
}

OpStatus Pop(Db& db, std::string_view key, End end, size_t count,
             absl::FunctionRef<void(size_t)> begin, Visit out) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  PopLocked(o.loc, end, count, begin, out);
  return OpStatus::kOk;
}

OpResult<int64_t> Len(Db& db, std::string_view key) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  return int64_t(o.obj ? o.obj->Size() : 0);
}

OpStatus Range(Db& db, std::string_view key, int64_t start, int64_t stop,
               absl::FunctionRef<void(size_t)> begin, Visit out) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj || !NormalizeRange(int64_t(o.obj->Size()), &start, &stop)) {
    begin(0);
    return OpStatus::kOk;
  }
  begin(size_t(stop - start + 1));
  o.obj->Range(size_t(start), size_t(stop), out);
  return OpStatus::kOk;
}

OpStatus Index(Db& db, std::string_view key, int64_t index, Visit out) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  int64_t n = int64_t(o.obj->Size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return OpStatus::kKeyNotFound;
  o.obj->At(size_t(index), out);
  return OpStatus::kOk;
}

OpStatus Set(Db& db, std::string_view key, int64_t index, std::string_view value,
             int64_t fill) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kNoSuchKey;
  int64_t n = int64_t(o.obj->Size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return OpStatus::kIndexOutOfRange;
  auto vc = o.Change();
  o.obj->Set(size_t(index), value, fill);
  return OpStatus::kOk;
}

OpResult<int64_t> Insert(Db& db, std::string_view key, bool after, std::string_view pivot,
                         std::string_view value, int64_t fill) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  bool found;
  {
    auto vc = o.Change();
    found = o.obj->Insert(pivot, value, after, fill);
  }
  return found ? int64_t(o.obj->Size()) : int64_t(-1);
}

OpResult<int64_t> Rem(Db& db, std::string_view key, int64_t count, std::string_view value,
                      int64_t fill) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  size_t limit = count == 0 ? 0 : count < 0 ? size_t(-(count + 1)) + 1 : size_t(count);
  auto vc = o.Change();
  return int64_t(o.obj->Remove(value, limit, count < 0, fill));
}

OpStatus Trim(Db& db, std::string_view key, int64_t start, int64_t stop) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  ListObject* l = o.obj;
  if (!NormalizeRange(int64_t(l->Size()), &start, &stop)) {
    storage::NoteEmptied(o.loc.key);
    o.loc.shard->Erase(o.loc.shard->table.FindLink(o.loc.key, o.loc.hash));
    return OpStatus::kOk;
  }
  auto vc = o.Change();
  l->Trim(size_t(start), size_t(stop));
  return OpStatus::kOk;
}

OpResult<std::vector<int64_t>> Pos(Db& db, std::string_view key, std::string_view element,
                                   int64_t rank, int64_t count, int64_t maxlen) {
  Locked<ListObject> o(db, key, ValueType::kList);
  if (!o.ok()) return o.status();
  std::vector<int64_t> found;
  if (!o.obj) return found;
  int64_t skip = (rank < 0 ? -rank : rank) - 1;
  int64_t seen = 0;
  o.obj->Scan(rank < 0, [&](size_t idx, std::string_view v) {
    if (maxlen > 0 && seen++ >= maxlen) return false;
    if (v != element) return true;
    if (skip > 0) {
      --skip;
      return true;
    }
    found.push_back(int64_t(idx));
    return count == 0 || int64_t(found.size()) < count;
  });
  return found;
}

bool DstIsListOrMissing(const KeyLoc& dst) {
  Entry* e = dst.shard->Find(dst.key, dst.hash, FastClock::NowMs());
  return !e || e->type() == ValueType::kList;
}

OpStatus PushLocked(const KeyLoc& dst, End end, std::string_view v, int64_t fill) {
  Entry* e;
  auto r = FindOrCreate<ListObject>(dst, ValueType::kList, &e);
  if (!r) return r.status();
  ValueChange vc(*dst.shard, e, dst.hash);
  (*r)->Push(end, v, fill);
  return OpStatus::kOk;
}

namespace {

// LMOVE's body with both shards held. kKeyNotFound: src missing.
OpStatus MoveLocked(const KeyLoc& s, const KeyLoc& d, End from, End to, int64_t fill,
                    Visit out) {
  Entry* e;
  auto r = Find(s, &e);
  if (!r) return r.status();
  if (!*r) return OpStatus::kKeyNotFound;
  if (!DstIsListOrMissing(d)) return OpStatus::kWrongType;
  std::string v;
  PopLocked(s, from, 1, [](size_t) {}, [&](std::string_view x) { v.assign(x); });
  PushLocked(d, to, v, fill);
  out(v);
  return OpStatus::kOk;
}

// LMPOP's body with every key's shard held.
OpStatus MPopLocked(const storage::KeyLocs& locs, End end, size_t count,
                    absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out) {
  for (const KeyLoc& l : locs) {
    Entry* e;
    auto r = Find(l, &e);
    if (!r) return r.status();
    if (!*r) continue;
    PopLocked(l, end, count, [&](size_t n) { begin(l.key, n); }, out);
    return OpStatus::kOk;
  }
  return OpStatus::kKeyNotFound;
}

}  // namespace

OpStatus Move(Db& db, std::string_view src, std::string_view dst, End from, End to,
              int64_t fill, Visit out) {
  storage::ShardList shards;
  std::string_view keys[2] = {src, dst};
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  return MoveLocked(locs[0], locs[1], from, to, fill, out);
}

OpStatus MoveOrWait(Db& db, std::string_view src, std::string_view dst, End from, End to,
                    int64_t fill, const storage::WaiterRef& waiter, Visit out) {
  storage::ShardList shards;
  std::string_view keys[2] = {src, dst};
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  OpStatus st = MoveLocked(locs[0], locs[1], from, to, fill, out);
  if (st == OpStatus::kKeyNotFound) {
    locs.pop_back();  // only the source is waited on
    EnqueueWaiter(locs, waiter);
  }
  return st;
}

OpStatus MPop(Db& db, absl::Span<const std::string_view> keys, End end, size_t count,
              absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  return MPopLocked(locs, end, count, begin, out);
}

OpStatus MPopOrWait(Db& db, absl::Span<const std::string_view> keys, End end, size_t count,
                    const storage::WaiterRef& waiter,
                    absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out) {
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  OpStatus st = MPopLocked(locs, end, count, begin, out);
  if (st == OpStatus::kKeyNotFound) EnqueueWaiter(locs, waiter);
  return st;
}

}  // namespace tessera::ops::list
