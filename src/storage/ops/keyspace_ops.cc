#include "storage/ops/keyspace_ops.h"

#include "storage/lazyfree.h"

#include <new>
#include <random>

#include "core/clock.h"
#include "core/strutil.h"
#include "storage/ops/string_ops.h"

namespace tessera::ops::keyspace {

using storage::Entry;
using storage::KeyLoc;
using storage::LocateAll;
using storage::Link;
using storage::Locate;
using storage::MultiLock;
using storage::Shard;

namespace {
uint64_t RandomU64() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return rng();
}
}  // namespace

const char* TypeName(storage::ValueType t) {
  switch (t) {
    case storage::ValueType::kString: return "string";
    case storage::ValueType::kList: return "list";
    case storage::ValueType::kSet: return "set";
    case storage::ValueType::kZSet: return "zset";
    case storage::ValueType::kHash: return "hash";
  }
  return "none";
}

int64_t Del(Db& db, absl::Span<const std::string_view> keys, bool lazy,
            const std::function<void(std::string_view)>* deleted) {
  storage::ShardList shards;
  auto locs = LocateAll(db, keys, &shards);
  absl::InlinedVector<Entry*, 16> gone;
  int64_t n = 0;
  {
    MultiLock lk(shards);
    int64_t now = FastClock::NowMs();
    for (const auto& l : locs) {
      if (Link link = l.shard->FindLink(l.key, l.hash, now)) {
        if (deleted) (*deleted)(l.key);
        if (lazy) gone.push_back(l.shard->Detach(link));
        else l.shard->Erase(link);
        ++n;
      }
    }
  }
  // UNLINK: the values go after the locks, big ones on the lazy-free thread.
  for (Entry* e : gone) storage::FreeMaybeLazily(e);
  return n;
}

int64_t Exists(Db& db, absl::Span<const std::string_view> keys) {
  storage::ShardList shards;
  auto locs = LocateAll(db, keys, &shards);
  MultiLock lk(shards);
  int64_t now = FastClock::NowMs(), n = 0;
  for (const auto& l : locs)
    if (l.shard->Find(l.key, l.hash, now)) ++n;
  return n;
}

std::string_view Type(Db& db, std::string_view key) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  return e ? TypeName(e->type()) : "none";
}

int64_t ExpireAt(Db& db, std::string_view key, int64_t at_ms, ExpireFlags f) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  int64_t now = FastClock::NowMs();
  Link link = loc.shard->FindLink(key, loc.hash, now);
  if (!link) return 0;
  Entry* e = *link;
  int64_t cur = e->has_expire() ? e->expire_at() : -1;  // -1: no TTL, i.e. infinite
  if (f.nx && cur != -1) return 0;
  if (f.xx && cur == -1) return 0;
  if (f.gt && (cur == -1 || at_ms <= cur)) return 0;  // no TTL counts as infinite
  if (f.lt && cur != -1 && at_ms >= cur) return 0;
  if (at_ms <= now) {
    loc.shard->Erase(link);
    return 1;
  }
  loc.shard->SetExpire(link, at_ms);
  return 1;
}

int64_t PTtl(Db& db, std::string_view key) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  int64_t now = FastClock::NowMs();
  Entry* e = loc.shard->Find(key, loc.hash, now);
  if (!e) return -2;
  if (!e->has_expire()) return -1;
  int64_t left = e->expire_at() - now;
  return left < 0 ? 0 : left;
}

int64_t PExpireTime(Db& db, std::string_view key) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  if (!e) return -2;
  return e->has_expire() ? e->expire_at() : -1;
}

int64_t Persist(Db& db, std::string_view key) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->FindLink(key, loc.hash, FastClock::NowMs());
  if (!link || !(*link)->has_expire()) return 0;
  loc.shard->SetExpire(link, 0);
  return 1;
}

std::vector<std::string> Keys(Db& db, std::string_view pattern) {
  std::vector<std::string> out;
  bool all = pattern == "*";
  int64_t now = FastClock::NowMs();
  for (size_t i = 0; i < db.num_shards(); ++i) {
    Shard& s = db.shard(i);
    storage::ShardGuard lk(s);
    for (size_t b = 0; b < s.table.bucket_count(); ++b) {
      s.table.ForEachInBucket(b, [&](Entry* e) {
        if (e->has_expire() && e->expire_at() <= now) return;
        std::string_view k = e->key();
        if (all || GlobMatch(pattern, k)) out.emplace_back(k);
      });
    }
  }
  return out;
}

ScanResult Scan(Db& db, uint64_t cursor, std::string_view pattern, size_t count,
                std::optional<std::string_view> type) {
  ScanResult r;
  size_t nshards = db.num_shards();
  unsigned shard_bits = 0;
  while ((size_t(1) << shard_bits) < nshards) ++shard_bits;
  uint64_t shard = cursor & (nshards - 1);
  uint64_t bucket = cursor >> shard_bits;
  bool all = pattern.empty() || pattern == "*";
  int64_t now = FastClock::NowMs();
  size_t visited = 0;
  // Walk bucket by bucket across all shards; stop when `count` buckets' worth of keys has
  // been looked at or no shard has this bucket any more.
  while (true) {
    bool any_shard_has_bucket = false;
    for (; shard < nshards; ++shard) {
      Shard& s = db.shard(shard);
      storage::ShardGuard lk(s);
      if (bucket >= s.table.bucket_count()) continue;
      any_shard_has_bucket = true;
      s.table.ForEachInBucket(bucket, [&](Entry* e) {
        ++visited;
        if (e->has_expire() && e->expire_at() <= now) return;
        std::string_view k = e->key();
        if (!all && !GlobMatch(pattern, k)) return;
        if (type && !EqualsIgnoreCase(*type, TypeName(e->type()))) return;
        r.keys.emplace_back(k);
      });
      if (visited >= count) {
        ++shard;
        if (shard == nshards) {
          shard = 0;
          ++bucket;
        }
        r.next_cursor = (bucket << shard_bits) | shard;
        return r;
      }
    }
    shard = 0;
    ++bucket;
    if (!any_shard_has_bucket) break;
  }
  // A cursor past the last bucket of every shard ends the scan: check no shard grew.
  for (size_t i = 0; i < nshards; ++i) {
    Shard& s = db.shard(i);
    storage::ShardGuard lk(s);
    if (bucket < s.table.bucket_count()) {
      r.next_cursor = bucket << shard_bits;
      return r;
    }
  }
  r.next_cursor = 0;
  return r;
}

std::optional<std::string> RandomKey(Db& db) {
  size_t nshards = db.num_shards();
  int64_t now = FastClock::NowMs();
  // Start at a random shard and take the first one holding keys; inside it, a random bucket
  // and the first non-empty chain from there. Keys in sparse buckets are a little likelier,
  // as with Redis's random bucket pick; every key can come out.
  size_t first = RandomU64() % nshards;
  for (size_t i = 0; i < nshards; ++i) {
    Shard& s = db.shard((first + i) % nshards);
    if (s.key_count.load(std::memory_order_relaxed) == 0) continue;
    storage::ShardGuard lk(s);
    size_t nb = s.table.bucket_count();
    if (nb == 0 || s.table.size() == 0) continue;
    size_t b = RandomU64() % nb;
    std::vector<Entry*> chain;
    for (size_t step = 0; step < nb; ++step) {
      chain.clear();
      s.table.ForEachInBucket((b + step) % nb, [&](Entry* e) {
        if (!(e->has_expire() && e->expire_at() <= now)) chain.push_back(e);
      });
      if (!chain.empty()) return std::string(chain[RandomU64() % chain.size()]->key());
    }
  }
  return std::nullopt;
}

int64_t Touch(Db& db, absl::Span<const std::string_view> keys) {
  return Exists(db, keys);  // Find refreshes the LRU stamp of every key it finds
}

bool Copy(Db& src_db, std::string_view src, Db& dst_db, std::string_view dst, bool replace) {
  KeyLoc s = Locate(src_db, src), d = Locate(dst_db, dst);
  MultiLock lk({s.shard, d.shard});
  int64_t now = FastClock::NowMs();
  // As in Rename: a yes/no for dst first, since a later lookup may expire keys and move
  // links around in a shared chain.
  bool dst_exists = bool(d.shard->FindLink(dst, d.hash, now));
  Entry* e = s.shard->Find(src, s.hash, now);
  if (!e || (dst_exists && !replace)) return false;
  Entry::Spec meta = e->MetaSpec();
  meta.key = dst;
  meta.has_mc = false;
  Entry* copy = Entry::CopyWithMeta(e, meta);
  if (!copy) throw std::bad_alloc();  // nothing changed: Dispatch answers OOM
  if (Link dlink = d.shard->FindLink(dst, d.hash, now)) d.shard->Replace(dlink, copy);
  else d.shard->Insert(copy, d.hash);
  return true;
}

bool Move(Db& src_db, Db& dst_db, std::string_view key) {
  KeyLoc s = Locate(src_db, key), d = Locate(dst_db, key);
  MultiLock lk({s.shard, d.shard});
  int64_t now = FastClock::NowMs();
  if (d.shard->FindLink(key, d.hash, now)) return false;
  Link slink = s.shard->FindLink(key, s.hash, now);
  if (!slink) return false;
  Entry* e = s.shard->Detach(slink);
  d.shard->Insert(e, d.hash);  // same key, same hash: the entry moves as it is
  return true;
}

std::optional<ObjectInfo> Object(Db& db, std::string_view key) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Link link = loc.shard->table.FindLink(key, loc.hash);
  if (!link) return std::nullopt;
  Entry* e = *link;
  if (e->has_expire() && e->expire_at() <= FastClock::NowMs()) {
    loc.shard->Erase(link);
    return std::nullopt;
  }
  ObjectInfo info;
  if (e->type() == storage::ValueType::kString) info.encoding = ops::string::EncodingName(e);
  else if (e->enc() == storage::Encoding::kObject) info.encoding = e->object()->EncodingName();
  info.idle_seconds = storage::IdleMs(e->access()) / 1000;
  info.freq = storage::LfuCounter(e);
  info.memory_bytes = int64_t(e->MemoryUsage()) + 8;
  return info;
}

OpStatus Rename(Db& db, std::string_view src, std::string_view dst, bool nx) {
  KeyLoc s = Locate(db, src), d = Locate(db, dst);
  MultiLock lk({s.shard, d.shard});
  int64_t now = FastClock::NowMs();
  // Links are pointers into chains: a lookup that lazily expires a key can invalidate a link
  // found before it in the same shard. So: look dst up first (a yes/no only), then src, and
  // look dst up again after src is detached.
  bool dst_exists = bool(d.shard->FindLink(dst, d.hash, now));
  Link slink = s.shard->FindLink(src, s.hash, now);
  if (!slink) return OpStatus::kNoSuchKey;
  if (src == dst) return nx ? OpStatus::kSkipped : OpStatus::kOk;
  if (nx && dst_exists) return OpStatus::kSkipped;
  Entry* e = s.shard->Detach(slink);
  Entry::Spec meta = e->MetaSpec();
  meta.key = dst;
  Entry* moved = Entry::MoveWithMeta(e, meta);
  if (!moved) {  // the source goes back as it was; Dispatch answers OOM
    s.shard->Insert(e, s.hash);
    throw std::bad_alloc();
  }
  if (Link dlink = d.shard->FindLink(dst, d.hash, now)) d.shard->Erase(dlink);
  Entry::FreeShell(e);
  d.shard->Insert(moved, d.hash);
  return OpStatus::kOk;
}

}  // namespace tessera::ops::keyspace
