#include "storage/ops/string_ops.h"

#include <cmath>
#include <limits>
#include <new>

#include "core/clock.h"
#include "core/strutil.h"

namespace tessera::ops::string {

using storage::Encoding;
using storage::Entry;
using storage::KeyLoc;
using storage::Link;
using storage::Locate;
using storage::Shard;
using storage::ValueType;

namespace {

// Creates the entry for spec at loc, replacing the current one if present (link is set). The
// entry gets the deadline expire_at (0 = none).
void StoreSpec(const KeyLoc& loc, Link link, Entry::Spec& spec, int64_t expire_at) {
  spec.access = storage::NewAccess();
  spec.has_expire = expire_at > 0;
  spec.expire_at = expire_at;
  Entry* e = Entry::Create(spec);
  if (!e) throw std::bad_alloc();  // the key keeps its value; Dispatch answers OOM
  if (link) loc.shard->Replace(link, e);
  else loc.shard->Insert(e, loc.hash);
}

void StoreInt(const KeyLoc& loc, Link link, int64_t v) {
  if (link && (*link)->enc() == Encoding::kInt) {
    storage::ValueChange vc(*loc.shard, *link, loc.hash, storage::ValueChange::kSameSize);
    (*link)->set_int_value(v);
    return;
  }
  Entry::Spec spec;
  if (link) spec = (*link)->MetaSpec();
  spec.key = loc.key;
  spec.type = ValueType::kString;
  spec.enc = Encoding::kInt;
  spec.int_value = v;
  spec.access = storage::NewAccess();
  spec.has_mc = false;
  Entry* e = Entry::Create(spec);
  if (!e) throw std::bad_alloc();  // the key keeps its value; Dispatch answers OOM
  if (link) loc.shard->Replace(link, e);
  else loc.shard->Insert(e, loc.hash);
}

}  // namespace

Entry::Spec MakeStringSpec(std::string_view key, std::string_view value) {
  Entry::Spec spec;
  spec.key = key;
  spec.type = ValueType::kString;
  int64_t n;
  if (value.size() <= 20 && ParseInt64(value, &n)) {
    spec.enc = Encoding::kInt;
    spec.int_value = n;
  } else if (value.size() <= storage::kMaxInlineString) {
    spec.enc = Encoding::kInline;
    spec.str_value = value;
  } else {
    spec.enc = Encoding::kHeap;
    spec.str_value = value;
  }
  return spec;
}

namespace {

// A buffer of `cap` bytes takes `n` without reallocating and without half of it left idle.
bool FitsWithoutWaste(size_t cap, size_t n) { return n <= cap && cap / 2 <= n; }

// Writes spec's value over the entry at link when it fits in place: same encoding and TTL
// layout, memcached metadata on both or neither (an item keeps its layout and gets spec's
// flags and, through ValueChange, a new CAS), and an inline value of the same length or a
// heap value that fits its buffer. No allocation, no free, no relinking, and the memory
// accounted does not change. The usual overwrite of a cache key with a same-sized value
// goes this way.
bool OverwriteInPlace(const KeyLoc& loc, Link link, const Entry::Spec& spec,
                      int64_t expire_at) {
  Entry* e = *link;
  if (e->type() != ValueType::kString || e->enc() != spec.enc || e->has_mc() != spec.has_mc ||
      e->has_expire() != (expire_at > 0))
    return false;
  bool fits = spec.enc == Encoding::kInt ||
              (spec.enc == Encoding::kInline &&
               e->inline_value().size() == spec.str_value.size()) ||
              (spec.enc == Encoding::kHeap && e->heap_value()->unique() &&
               FitsWithoutWaste(e->heap_value()->str().capacity(), spec.str_value.size()));
  if (!fits) return false;
  storage::ValueChange vc(*loc.shard, e, loc.hash, storage::ValueChange::kSameSize);
  if (spec.enc == Encoding::kInt) e->set_int_value(spec.int_value);
  else if (spec.enc == Encoding::kInline) e->OverwriteInline(spec.str_value);
  else e->MutableHeapValue()->assign(spec.str_value);  // unique: no reply holds the bytes
  e->set_mutated(spec.mutated);
  if (spec.has_mc) e->set_mc_flags(spec.mc_flags);
  storage::TouchAccess(e);  // an overwrite in place counts as an access
  // The entry has a deadline already (same TTL layout), so this changes it in place.
  if (expire_at > 0 && e->expire_at() != expire_at) loc.shard->SetExpire(link, expire_at);
  return true;
}

}  // namespace

void StoreString(const KeyLoc& loc, Link link, std::string_view value, int64_t expire_at,
                 bool mutated) {
  Entry::Spec spec = MakeStringSpec(loc.key, value);
  if (mutated && spec.enc == Encoding::kInt) {  // Redis keeps a changed value raw
    spec.enc = Encoding::kInline;
    spec.str_value = value;
  }
  spec.mutated = mutated;
  if (link && OverwriteInPlace(loc, link, spec, expire_at)) return;
  StoreSpec(loc, link, spec, expire_at);
}

void StoreBuiltString(const KeyLoc& loc, Link link, std::string&& value, int64_t expire_at) {
  if (value.size() <= storage::kMaxInlineString)
    return StoreString(loc, link, value, expire_at, true);
  Entry::Spec spec;
  spec.key = loc.key;
  spec.type = ValueType::kString;
  spec.enc = Encoding::kHeap;
  spec.heap_value = SharedBytes::New(std::move(value));
  spec.mutated = true;
  StoreSpec(loc, link, spec, expire_at);
}

const char* EncodingName(const Entry* e) {
  switch (e->enc()) {
    case Encoding::kInt: return "int";
    case Encoding::kInline:
      return (!e->mutated() && e->inline_value().size() <= 44) ? "embstr" : "raw";
    default: return "raw";
  }
}

OpStatus Get(Db& db, std::string_view key, Sink sink) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  if (!e) return OpStatus::kKeyNotFound;
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  sink(e->StringValue(buf), e->SharedValue());
  return OpStatus::kOk;
}

OpResult<SetOutcome> Set(Db& db, std::string_view key, std::string_view value,
                         const SetParams& p) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  SetOutcome out;
  if (link) {
    Entry* e = *link;
    out.had_old = true;
    if (p.get) {
      if (e->type() != ValueType::kString) return OpStatus::kWrongType;
      char buf[24];
      out.old = std::string(e->StringValue(buf));
    }
  }
  if ((p.cond == SetParams::kIfAbsent && link) || (p.cond == SetParams::kIfPresent && !link))
    return out;
  int64_t expire_at = p.expire_at_ms;
  if (p.keep_ttl && link) expire_at = (*link)->expire_at();
  StoreString(loc, link, value, expire_at);
  out.applied = true;
  return out;
}

OpStatus GetDel(Db& db, std::string_view key, Sink sink) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link) return OpStatus::kKeyNotFound;
  if ((*link)->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  sink((*link)->StringValue(buf), (*link)->SharedValue());
  loc.shard->Erase(link);
  return OpStatus::kOk;
}

OpStatus GetEx(Db& db, std::string_view key, int64_t expire_at_ms, bool* persist, Sink sink) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  int64_t now = FastClock::NowMs();
  Link link = loc.shard->FindLink(key, loc.hash, now);
  if (!link) return OpStatus::kKeyNotFound;
  if ((*link)->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  sink((*link)->StringValue(buf), (*link)->SharedValue());
  if (expire_at_ms > 0 && expire_at_ms <= now) loc.shard->Erase(link);
  else if (expire_at_ms > 0) loc.shard->SetExpire(link, expire_at_ms);
  else if (*persist && (*link)->has_expire()) loc.shard->SetExpire(link, 0);
  else *persist = false;  // nothing to remove
  return OpStatus::kOk;
}

void MGet(Db& db, absl::Span<const std::string_view> keys,
          absl::FunctionRef<void(size_t, std::optional<std::string_view>, const SharedBytes*)>
              out) {
  // All shards the keys live in are held at once, so an MGET never sees half of a
  // concurrent MSET (Redis gives the same guarantee with its single thread).
  storage::ShardList shards;
  storage::KeyLocs locs = storage::LocateAll(db, keys, &shards);
  storage::MultiLock lk(shards);
  int64_t now = FastClock::NowMs();
  char buf[24];
  for (size_t i = 0; i < locs.size(); ++i) {
    Entry* e = locs[i].shard->Find(locs[i].key, locs[i].hash, now);
    if (!e || e->type() != ValueType::kString) out(i, std::nullopt, nullptr);
    else out(i, e->StringValue(buf), e->SharedValue());
  }
}

bool MSet(Db& db, absl::Span<const std::string_view> kv, bool only_if_none_exist) {
  storage::KeyLocs locs;
  storage::ShardList shards;
  for (size_t i = 0; i + 1 < kv.size(); i += 2) {
    locs.push_back(Locate(db, kv[i]));
    shards.push_back(locs.back().shard);
  }
  storage::MultiLock lk(shards);
  int64_t now = FastClock::NowMs();
  if (only_if_none_exist) {
    for (const auto& l : locs)
      if (l.shard->Find(l.key, l.hash, now)) return false;
  }
  for (size_t i = 0; i < locs.size(); ++i) {
    Link link = locs[i].shard->FindLink(locs[i].key, locs[i].hash, now);
    StoreString(locs[i], link, kv[2 * i + 1], 0);
  }
  return true;
}

OpResult<int64_t> Append(Db& db, std::string_view key, std::string_view value,
                         int64_t max_len) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link) {
    if (int64_t(value.size()) > max_len) return OpStatus::kStringTooLong;
    StoreString(loc, Link(), value, 0);
    return int64_t(value.size());
  }
  Entry* e = *link;
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  std::string_view cur = e->StringValue(buf);
  int64_t total = int64_t(cur.size() + value.size());
  if (total > max_len) return OpStatus::kStringTooLong;
  if (e->enc() == Encoding::kHeap) {
    storage::ValueChange vc(*loc.shard, e, loc.hash);
    e->MutableHeapValue()->append(value);
    e->set_mutated();
    return total;
  }
  std::string joined;
  joined.reserve(size_t(total));
  joined.append(cur).append(value);
  StoreString(loc, link, joined, e->expire_at(), true);
  return total;
}

OpResult<int64_t> StrLen(Db& db, std::string_view key) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  if (!e) return int64_t(0);
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  return int64_t(e->StringValue(buf).size());
}

OpResult<int64_t> IncrBy(Db& db, std::string_view key, int64_t delta) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  int64_t cur = 0;
  if (link) {
    Entry* e = *link;
    if (e->type() != ValueType::kString) return OpStatus::kWrongType;
    if (e->enc() == Encoding::kInt) {
      cur = e->int_value();
    } else {
      char buf[24];
      std::string_view s = e->StringValue(buf);
      if (s.size() > 20 || !ParseInt64(s, &cur)) return OpStatus::kNotAnInteger;
    }
  }
  if ((delta < 0 && cur < 0 && delta < std::numeric_limits<int64_t>::min() - cur) ||
      (delta > 0 && cur > 0 && delta > std::numeric_limits<int64_t>::max() - cur))
    return OpStatus::kOverflow;
  int64_t v = cur + delta;
  StoreInt(loc, link, v);
  return v;
}

OpResult<std::string> IncrByFloat(Db& db, std::string_view key, long double delta) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  long double cur = 0;
  int64_t expire_at = 0;
  if (link) {
    Entry* e = *link;
    if (e->type() != ValueType::kString) return OpStatus::kWrongType;
    char buf[24];
    if (!ParseLongDouble(e->StringValue(buf), &cur)) return OpStatus::kNotAFloat;
    expire_at = e->expire_at();
  }
  long double v = cur + delta;
  if (std::isnan(v) || std::isinf(v)) return OpStatus::kNanOrInfinity;
  std::string text = FormatLongDoubleHuman(v);
  StoreString(loc, link, text, expire_at);
  return text;
}

OpStatus GetRange(Db& db, std::string_view key, int64_t start, int64_t end, Sink sink) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  if (!e) {
    sink("", nullptr);
    return OpStatus::kOk;
  }
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  std::string_view s = e->StringValue(buf);
  int64_t len = int64_t(s.size());
  if (start < 0 && end < 0 && start > end) {
    sink("", nullptr);
    return OpStatus::kOk;
  }
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len == 0) sink("", nullptr);
  else sink(s.substr(size_t(start), size_t(end - start + 1)), e->SharedValue());
  return OpStatus::kOk;
}

OpResult<int64_t> SetRange(Db& db, std::string_view key, int64_t offset,
                           std::string_view value, int64_t max_len) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link) {
    if (value.empty()) return int64_t(0);
    if (offset > max_len - int64_t(value.size())) return OpStatus::kStringTooLong;
    std::string s(size_t(offset), '\0');
    s.append(value);
    StoreString(loc, Link(), s, 0, true);
    return int64_t(s.size());
  }
  Entry* e = *link;
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  std::string_view cur = e->StringValue(buf);
  if (value.empty()) return int64_t(cur.size());
  if (offset > max_len - int64_t(value.size())) return OpStatus::kStringTooLong;
  size_t need = size_t(offset) + value.size();
  if (e->enc() == Encoding::kHeap) {
    storage::ValueChange vc(*loc.shard, e, loc.hash);
    std::string* hs = e->MutableHeapValue();
    if (hs->size() < need) hs->resize(need, '\0');
    hs->replace(size_t(offset), value.size(), value);
    e->set_mutated();
    return int64_t(hs->size());
  }
  std::string s(cur);
  if (s.size() < need) s.resize(need, '\0');
  s.replace(size_t(offset), value.size(), value);
  StoreString(loc, link, s, e->expire_at(), true);
  return int64_t(s.size());
}

// ---- memcached items

namespace {

// Writes an item (value, flags, deadline > 0 or 0) at loc, over the entry at link if any,
// with a new CAS: in place when the layout allows, else as a new entry.
void WriteItem(const KeyLoc& loc, Link link, std::string_view value, uint32_t flags,
               int64_t expire_at) {
  Entry::Spec spec = MakeStringSpec(loc.key, value);
  spec.has_mc = true;
  spec.mc_flags = flags;
  spec.cas = storage::NextCas();
  if (link && OverwriteInPlace(loc, link, spec, expire_at)) return;
  StoreSpec(loc, link, spec, expire_at);
}

bool McSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// memcached's safe_strtoull over an item's value (which it reads followed by "\r\n").
bool ParseItemNumber(std::string_view v, uint64_t* out) {
  size_t i = 0;
  while (i < v.size() && McSpace(v[i])) ++i;
  bool neg = false;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) neg = v[i++] == '-';
  size_t start = i;
  uint64_t n = 0;
  for (; i < v.size() && v[i] >= '0' && v[i] <= '9'; ++i) {
    uint64_t d = uint64_t(v[i] - '0');
    if (n > (UINT64_MAX - d) / 10) return false;
    n = n * 10 + d;
  }
  if (i == start || (i < v.size() && !McSpace(v[i]))) return false;
  if (neg && n != 0) return false;
  *out = n;
  return true;
}

}  // namespace

ItemResult StoreItem(Db& db, std::string_view key, std::string_view value, uint32_t flags,
                     int64_t expire_at, ItemMode mode, uint64_t cas, int64_t max_item) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  Entry* e = link ? *link : nullptr;
  std::string joined;
  switch (mode) {
    case ItemMode::kSet:
      break;
    case ItemMode::kAdd:
      if (e) return ItemResult::kNotStored;
      break;
    case ItemMode::kReplace:
      if (!e) return ItemResult::kNotStored;
      break;
    case ItemMode::kAppend:
    case ItemMode::kPrepend: {
      if (!e || e->type() != ValueType::kString) return ItemResult::kNotStored;
      char buf[24];
      std::string_view old = e->StringValue(buf);
      joined.reserve(old.size() + value.size());
      if (mode == ItemMode::kAppend) joined.append(old).append(value);
      else joined.append(value).append(old);
      value = joined;
      flags = e->mc_flags();
      if (max_item && McItemSize(key.size(), flags, value.size()) > max_item)
        return ItemResult::kNotStored;
      expire_at = e->expire_at();
      break;
    }
    case ItemMode::kCas:
      if (!e) return ItemResult::kNotFound;
      if (e->type() != ValueType::kString || !e->has_mc() || e->cas() != cas)
        return ItemResult::kExists;
      break;
  }
  if (expire_at == kExpired) {  // stored and gone at once, as memcached's negative exptime
    if (link) loc.shard->Erase(link);
    return ItemResult::kStored;
  }
  WriteItem(loc, link, value, flags, expire_at);
  return ItemResult::kStored;
}

bool GetItem(Db& db, std::string_view key, bool want_cas, bool touch, int64_t expire_at,
             absl::FunctionRef<void(const ItemView&)> visit) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link || (*link)->type() != ValueType::kString) return false;
  if (want_cas && !(*link)->has_mc()) {
    // Written by a RESP client: the item gets flags 0 and a CAS from now on.
    Entry::Spec meta = (*link)->MetaSpec();
    meta.has_mc = true;
    meta.mc_flags = 0;
    meta.cas = storage::NextCas();
    loc.shard->SetMeta(link, meta);
  }
  Entry* e = *link;
  char buf[24];
  visit(ItemView{e->StringValue(buf), e->mc_flags(), e->cas(), e->SharedValue()});
  if (touch) {
    if (expire_at == kExpired) loc.shard->Erase(link);
    else loc.shard->SetExpire(link, expire_at);
  }
  return true;
}

ItemResult TouchItem(Db& db, std::string_view key, int64_t expire_at) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link) return ItemResult::kNotFound;
  if (expire_at == kExpired) loc.shard->Erase(link);
  else loc.shard->SetExpire(link, expire_at);
  return ItemResult::kStored;
}

bool ApplyDelta(std::string_view value, uint64_t delta, bool incr, uint64_t* out,
                std::string* stored) {
  uint64_t v;
  if (value.empty() || !ParseItemNumber(value, &v)) return false;
  v = incr ? v + delta : (delta > v ? 0 : v - delta);
  *out = v;
  *stored = std::to_string(v);
  if (stored->size() < value.size()) stored->resize(value.size(), ' ');  // keeps the length
  return true;
}

ItemResult IncrItem(Db& db, std::string_view key, uint64_t delta, bool incr, uint64_t* out) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link) return ItemResult::kNotFound;
  Entry* e = *link;
  if (e->type() != ValueType::kString) return ItemResult::kNonNumeric;
  char buf[24];
  std::string res;
  if (!ApplyDelta(e->StringValue(buf), delta, incr, out, &res)) return ItemResult::kNonNumeric;
  WriteItem(loc, link, res, e->mc_flags(), e->expire_at());
  return ItemResult::kStored;
}

std::string_view ItemHandle::value() { return (*link_)->StringValue(buf_); }

uint64_t ItemHandle::cas() {
  if (!(*link_)->has_mc()) {
    Entry::Spec meta = (*link_)->MetaSpec();
    meta.has_mc = true;
    meta.mc_flags = 0;
    meta.cas = storage::NextCas();
    loc_.shard->SetMeta(link_, meta);
  }
  return (*link_)->cas();
}

void ItemHandle::Bump() {
  Entry* e = *link_;
  storage::TouchAccess(e);
}

void ItemHandle::SetExpire(int64_t at) {
  if (at == kExpired) return Delete();
  loc_.shard->SetExpire(link_, at);
}

void ItemHandle::NewCas() {
  cas();  // gives a RESP-written item its metadata
  (*link_)->set_cas(storage::NextCas());
}

void ItemHandle::Delete() {
  loc_.shard->Erase(link_);
  link_ = storage::Link();
}

void ItemHandle::Store(std::string_view value, uint32_t flags, int64_t expire_at,
                       uint8_t state) {
  if (expire_at == kExpired) {
    if (link_) Delete();
    return;
  }
  WriteItem(loc_, link_, value, flags, expire_at);
  link_ = loc_.shard->FindLink(loc_.key, loc_.hash, FastClock::NowMs());
  if (link_) (*link_)->set_mc_state(state);
}

void WithItem(Db& db, std::string_view key, absl::FunctionRef<void(ItemHandle&)> f) {
  ItemHandle h(Locate(db, key));
  storage::ShardGuard lk(*h.loc_.shard);
  storage::SetNoTouch(true);
  h.link_ = h.loc_.shard->FindLink(key, h.loc_.hash, FastClock::NowMs());
  storage::SetNoTouch(false);
  if (h.link_) h.prior_access_ = (*h.link_)->access() & 0xFFFFFFu;
  f(h);
}

}  // namespace tessera::ops::string
