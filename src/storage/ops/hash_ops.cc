#include "storage/ops/hash_ops.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/strutil.h"
#include "storage/ops/object_ops.h"

namespace tessera::ops::hash {

using storage::Entry;
using storage::HashObject;
using storage::KeyLoc;
using storage::Locate;
using storage::ShardGuard;
using storage::ValueChange;
using storage::ValueType;


OpResult<int64_t> Set(Db& db, std::string_view key, absl::Span<const std::string_view> pairs,
                      const Limits& lim) {
  Locked<HashObject> o(db, key, ValueType::kHash, true);
  if (!o.ok()) return o.status();
  int64_t added = 0;
  auto vc = o.Change();
  for (size_t i = 0; i + 1 < pairs.size(); i += 2) added += o.obj->Set(pairs[i], pairs[i + 1], lim);
  return added;
}

OpResult<int64_t> SetNx(Db& db, std::string_view key, std::string_view field,
                        std::string_view value, const Limits& lim) {
  Locked<HashObject> o(db, key, ValueType::kHash, true);
  if (!o.ok()) return o.status();
  auto vc = o.Change();
  return int64_t(o.obj->Set(field, value, lim, true));
}

OpStatus Get(Db& db, std::string_view key, std::string_view field, Visit out) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  if (!o.obj || !o.obj->Get(field, out)) return OpStatus::kKeyNotFound;
  return OpStatus::kOk;
}

OpStatus MGet(Db& db, std::string_view key, absl::Span<const std::string_view> fields,
              Visit out, absl::FunctionRef<void()> missing) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  for (auto f : fields)
    if (!o.obj || !o.obj->Get(f, out)) missing();
  return OpStatus::kOk;
}

OpResult<int64_t> Del(Db& db, std::string_view key, absl::Span<const std::string_view> fields) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  if (!o.obj) return int64_t(0);
  int64_t n = 0;
  auto vc = o.Change();
  for (auto f : fields) n += o.obj->Del(f);
  return n;
}

OpResult<int64_t> Len(Db& db, std::string_view key) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  return int64_t(o.obj ? o.obj->Size() : 0);
}

OpResult<int64_t> StrLen(Db& db, std::string_view key, std::string_view field) {
  int64_t n = 0;
  OpStatus st = Get(db, key, field, [&](std::string_view v) { n = int64_t(v.size()); });
  if (st == OpStatus::kWrongType) return st;
  return n;
}

OpResult<int64_t> Exists(Db& db, std::string_view key, std::string_view field) {
  OpStatus st = Get(db, key, field, [](std::string_view) {});
  if (st == OpStatus::kWrongType) return st;
  return int64_t(st == OpStatus::kOk);
}

OpStatus GetAll(Db& db, std::string_view key, absl::FunctionRef<void(size_t)> begin, Pair out) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  begin(o.obj ? o.obj->Size() : 0);
  if (o.obj) o.obj->ForEach(out);
  return OpStatus::kOk;
}

OpResult<int64_t> IncrBy(Db& db, std::string_view key, std::string_view field, int64_t delta,
                         const Limits& lim) {
  Locked<HashObject> o(db, key, ValueType::kHash, true);
  if (!o.ok()) return o.status();
  int64_t cur = 0;
  bool ok = true;
  o.obj->Get(field, [&](std::string_view v) { ok = ParseInt64(v, &cur); });
  // A failure needs an existing field, so no hash created just now is left empty.
  if (!ok) return OpStatus::kHashNotInteger;
  if ((delta > 0 && cur > INT64_MAX - delta) || (delta < 0 && cur < INT64_MIN - delta))
    return OpStatus::kOverflow;
  cur += delta;
  auto vc = o.Change();
  char buf[24];
  o.obj->Set(field, std::string_view(buf, FormatInt64(cur, buf)), lim);
  return cur;
}

OpResult<std::string> IncrByFloat(Db& db, std::string_view key, std::string_view field,
                                  long double delta, const Limits& lim) {
  Locked<HashObject> o(db, key, ValueType::kHash, true);
  if (!o.ok()) return o.status();
  long double cur = 0;
  bool ok = true;
  o.obj->Get(field, [&](std::string_view v) { ok = ParseLongDouble(v, &cur); });
  if (!ok) return OpStatus::kHashNotFloat;
  long double v = cur + delta;
  if (std::isnan(v) || std::isinf(v)) {
    if (o.obj->Size() == 0) o.loc.shard->Erase(o.loc.shard->table.FindLink(o.loc.key, o.loc.hash));
    return OpStatus::kNanOrInfinity;
  }
  auto vc = o.Change();
  std::string text = FormatLongDoubleHuman(v);
  o.obj->Set(field, text, lim);
  return text;
}

OpStatus RandOne(Db& db, std::string_view key, Pair out) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  o.obj->Random(out);
  return OpStatus::kOk;
}

OpStatus RandField(Db& db, std::string_view key, int64_t count,
                   absl::FunctionRef<void(size_t)> begin, Pair out) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  if (!o.obj) return OpStatus::kKeyNotFound;
  HashObject* h = o.obj;
  size_t size = h->Size();
  if (count < 0) {  // repeats allowed: |count| independent draws
    size_t n = size_t(-(count + 1)) + 1;
    begin(n);
    for (size_t i = 0; i < n; ++i) h->Random(out);
    return OpStatus::kOk;
  }
  size_t n = size_t(count);
  if (n >= size) {
    begin(size);
    h->ForEach(out);
    return OpStatus::kOk;
  }
  begin(n);
  auto& rng = storage::MemberRng();
  if (h->packed() || n * 3 > size) {
    // Many of them: a partial shuffle of all the fields.
    // Copies: an integer field or value is only text while its callback runs.
    std::vector<std::pair<std::string, std::string>> all;
    all.reserve(size);
    h->ForEach([&](std::string_view f, std::string_view v) { all.emplace_back(f, v); });
    for (size_t i = 0; i < n; ++i) {
      std::swap(all[i], all[i + rng() % (size - i)]);
      out(all[i].first, all[i].second);
    }
    return OpStatus::kOk;
  }
  // Few of a large hash: draw until n distinct (expected O(n), n < size / 3).
  absl::flat_hash_set<std::string> seen;
  while (seen.size() < n)
    h->Random([&](std::string_view f, std::string_view v) {
      if (seen.insert(std::string(f)).second) out(f, v);
    });
  return OpStatus::kOk;
}

OpResult<uint64_t> Scan(Db& db, std::string_view key, uint64_t cursor, std::string_view pattern,
                        size_t count, absl::FunctionRef<void(size_t)> begin, Pair out) {
  Locked<HashObject> o(db, key, ValueType::kHash);
  if (!o.ok()) return o.status();
  if (!o.obj) {
    begin(0);
    return uint64_t(0);
  }
  std::vector<std::pair<std::string, std::string>> got;  // copies, as above
  uint64_t next = o.obj->Scan(cursor, count, [&](std::string_view f, std::string_view v) {
    if (pattern.empty() || GlobMatch(pattern, f)) got.emplace_back(f, v);
  });
  begin(got.size());
  for (auto& [f, v] : got) out(f, v);
  return next;
}

}  // namespace tessera::ops::hash
