#include "storage/ops/hll_ops.h"

#include <memory>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "storage/ops/string_ops.h"

namespace tessera::ops::hll {

namespace h = storage::hll;
using storage::Encoding;
using storage::Entry;
using storage::KeyLoc;
using storage::Link;
using storage::ValueType;

namespace {

constexpr std::string_view kNoKey = "ERR The specified key does not exist";

// The HLL string of the entry at link (held), copied out to change; kWrongType for another
// type, kCustom (not an HLL) for an integer-encoded string or a bad header.
OpStatus Load(Entry* e, std::string* v, std::string_view* err) {
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  if (e->enc() == Encoding::kInt) {
    *err = h::kNotHllError;
    return OpStatus::kCustom;
  }
  char buf[24];
  v->assign(e->StringValue(buf));
  if (h::Validate(*v) != h::Check::kOk) {
    *err = h::kNotHllError;
    return OpStatus::kCustom;
  }
  return OpStatus::kOk;
}

// The changed value back under the key, keeping its TTL. A value copied out, changed and
// stored costs a copy of at most 12 KB (a dense HLL); Redis changes its string in place.
void Store(const KeyLoc& loc, Link link, std::string&& v) {
  int64_t expire_at = link ? (*link)->expire_at() : 0;
  string::StoreBuiltString(loc, link, std::move(v), expire_at);
}

OpStatus Fail(h::Check c, std::string_view* err) {
  *err = c == h::Check::kNotHll ? h::kNotHllError : h::kCorruptError;
  return OpStatus::kCustom;
}

}  // namespace

OpResult<int64_t> Add(Db& db, std::string_view key, absl::Span<const std::string_view> elements,
                      size_t sparse_max, std::string_view* err) {
  KeyLoc loc = storage::Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  std::string v;
  bool created = !link;
  if (created) {
    v = h::NewEmpty();
  } else if (OpStatus st = Load(*link, &v, err); st != OpStatus::kOk) {
    return st;
  }
  bool updated = false;
  h::Check c = h::PfAdd(&v, created, std::span<const std::string_view>(elements.data(),
                                                                        elements.size()),
                        sparse_max, &updated);
  if (c != h::Check::kOk) return Fail(c, err);
  if (updated) Store(loc, link, std::move(v));
  return int64_t(updated);
}

OpResult<int64_t> Count(Db& db, absl::Span<const std::string_view> keys, std::string_view* err) {
  if (keys.size() == 1) {
    KeyLoc loc = storage::Locate(db, keys[0]);
    storage::ShardGuard lk(*loc.shard);
    Link link = loc.shard->FindLink(loc.key, loc.hash, FastClock::NowMs());
    if (!link) return int64_t(0);
    std::string v;
    if (OpStatus st = Load(*link, &v, err); st != OpStatus::kOk) return st;
    uint64_t card = 0;
    bool written = false;
    h::Check c = h::CountCached(&v, &card, &written);
    if (c != h::Check::kOk) return Fail(c, err);
    if (written) Store(loc, link, std::move(v));
    return int64_t(card);
  }
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  auto u = std::make_unique<h::Union>();
  for (const KeyLoc& l : locs) {
    Entry* e = l.shard->Find(l.key, l.hash, FastClock::NowMs());
    if (!e) continue;
    std::string v;
    if (OpStatus st = Load(e, &v, err); st != OpStatus::kOk) return st;
    if (h::Check c = u->Merge(v); c != h::Check::kOk) return Fail(c, err);
  }
  return int64_t(u->Count());
}

OpStatus Merge(Db& db, std::string_view dst, absl::Span<const std::string_view> srcs,
               size_t sparse_max, std::string_view* err) {
  std::vector<std::string_view> all{dst};
  all.insert(all.end(), srcs.begin(), srcs.end());
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, all, &shards);
  storage::MultiLock lk(shards);
  auto u = std::make_unique<h::Union>();
  std::string dest;
  for (size_t i = 0; i < locs.size(); ++i) {
    const KeyLoc& l = locs[i];
    Entry* e = l.shard->Find(l.key, l.hash, FastClock::NowMs());
    if (!e) continue;
    std::string v;
    if (OpStatus st = Load(e, &v, err); st != OpStatus::kOk) return st;
    if (h::Check c = u->Merge(v); c != h::Check::kOk) return Fail(c, err);
    if (i == 0) dest = std::move(v);
  }
  const KeyLoc& d = locs[0];
  Link link = d.shard->FindLink(d.key, d.hash, FastClock::NowMs());
  if (!link) dest = h::NewEmpty();
  if (h::Check c = h::StoreMerged(&dest, *u, sparse_max); c != h::Check::kOk)
    return Fail(c, err);
  Store(d, link, std::move(dest));
  return OpStatus::kOk;
}

OpStatus RunDebug(Db& db, std::string_view key, Debug what, DebugResult* out,
                  std::string_view* err) {
  KeyLoc loc = storage::Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link) {
    *err = kNoKey;
    return OpStatus::kCustom;
  }
  std::string v;
  if (OpStatus st = Load(*link, &v, err); st != OpStatus::kOk) return st;
  switch (what) {
    case Debug::kGetReg:
    case Debug::kToDense: {
      bool converted = false;
      if (h::Check c = h::ToDense(&v, &converted); c != h::Check::kOk) return Fail(c, err);
      out->converted = converted;
      if (what == Debug::kGetReg && h::ReadRegisters(v, &out->regs) != h::Check::kOk)
        return Fail(h::Check::kCorrupt, err);
      if (converted) Store(loc, link, std::move(v));
      return OpStatus::kOk;
    }
    case Debug::kDecode: {
      auto text = h::Decode(v);
      if (!text) {
        *err = h::kNotSparseError;
        return OpStatus::kCustom;
      }
      out->text = std::move(*text);
      return OpStatus::kOk;
    }
    case Debug::kEncoding:
      out->text = std::string(h::EncodingName(v));
      return OpStatus::kOk;
  }
  return OpStatus::kOk;
}

}  // namespace tessera::ops::hll
