// Eviction (maxmemory) and the access stamps it reads: see evict.h.
#include "storage/evict.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "core/clock.h"
#include "storage/store.h"

namespace tessera::storage {

namespace detail {
MemoryPolicy g_default_policy;
const MemoryPolicy* g_policy = &g_default_policy;
}  // namespace detail

namespace {

constexpr uint32_t kLfuInit = 5;  // Redis's LFU_INIT_VAL
constexpr uint32_t kFreqShift = 24;
constexpr uint32_t kFreqMask = 3u << kFreqShift;

// A small per-thread generator (xorshift64*): eviction sampling and the LFU increment
// need many cheap random numbers and no quality beyond that.
uint64_t Rand() {
  thread_local uint64_t x = 0;
  if (x == 0) x = (uint64_t(NowUs()) ^ reinterpret_cast<uintptr_t>(&x)) | 1;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  return x * 0x2545F4914F6CDD1Dull;
}

uint32_t Freq(const Entry* e) { return (e->access() >> kFreqShift) & 3; }
void SetFreq(Entry* e, uint32_t f) {
  e->set_access((e->access() & ~kFreqMask) | (f << kFreqShift));
}

uint32_t LfuIncr(uint32_t counter, int64_t log_factor) {
  if (counter >= 255) return 255;
  double r = double(Rand() >> 11) / double(uint64_t(1) << 53);
  double base = counter > kLfuInit ? double(counter - kLfuInit) : 0.0;
  return r < 1.0 / (base * double(log_factor) + 1.0) ? counter + 1 : counter;
}

std::atomic<int> g_next_slot{0};
int MySlot(int slots) {
  thread_local int slot = -1;
  if (slot < 0) slot = g_next_slot.fetch_add(1, std::memory_order_relaxed);
  return slot % slots;
}

bool Expired(const Entry* e, int64_t now_ms) {
  return e->has_expire() && e->expire_at() <= now_ms;
}

}  // namespace

void InstallMemoryPolicy(const MemoryPolicy* p) {
  detail::g_policy = p ? p : &detail::g_default_policy;
}

uint32_t NewAccess() {
  if (CurrentMemoryPolicy().lfu()) return (kLfuInit << 24) | LfuMinutes();
  return LruClock();
}

void TouchAccessSlow(Entry* e, EvictionPolicy p) {
  if (p == EvictionPolicy::kAllKeysS3Fifo) {
    uint32_t f = std::min<uint32_t>(Freq(e) + 1, 3);
    e->set_access((e->access() & 0xFC000000u) | (f << kFreqShift) | LruClock());
    return;
  }
  uint32_t c = LfuIncr(LfuCounter(e), CurrentMemoryPolicy().lfu_log_factor.load(
                                          std::memory_order_relaxed));
  e->set_access((c << 24) | LfuMinutes());
}

uint32_t LfuCounter(const Entry* e) {
  uint32_t a = e->access();
  uint32_t counter = a >> 24, ldt = a & 0xFFFF, now = LfuMinutes();
  uint32_t elapsed = now >= ldt ? now - ldt : 65535 - ldt + now;
  int64_t decay = CurrentMemoryPolicy().lfu_decay_time.load(std::memory_order_relaxed);
  uint64_t periods = decay > 0 ? elapsed / uint64_t(decay) : 0;
  return periods >= counter ? 0 : counter - uint32_t(periods);
}

// --- MemCounter ---

MemCounter& MemCounter::Unowned() {
  static MemCounter c;
  return c;
}

void MemCounter::Add(int64_t delta) {
  Slot& s = slots_[size_t(MySlot(kSlots))];
  int64_t v = s.pending.fetch_add(delta, std::memory_order_relaxed) + delta;
  if (v > kBatch || v < -kBatch)
    total_.fetch_add(s.pending.exchange(0, std::memory_order_relaxed),
                     std::memory_order_relaxed);
}

int64_t MemCounter::Read() const {
  return total_.load(std::memory_order_relaxed) +
         slots_[size_t(MySlot(kSlots))].pending.load(std::memory_order_relaxed);
}

// --- S3-FIFO ---

namespace {

uint16_t GhostFp(uint64_t h) {
  uint16_t f = uint16_t(h >> 32);
  return f ? f : 1;
}

// The ghost's bucket for h: 8 slots, the low bits of the hash (the top ones pick the shard).
size_t GhostBucket(const S3Fifo& q, uint64_t h) { return (h & (q.ghost.size() / 8 - 1)) * 8; }

bool GhostTake(S3Fifo& q, uint64_t h) {
  if (q.ghost.empty()) return false;
  size_t b = GhostBucket(q, h);
  uint16_t fp = GhostFp(h);
  for (size_t i = 0; i < 8; ++i)
    if (q.ghost[b + i] == fp) {
      q.ghost[b + i] = 0;
      return true;
    }
  return false;
}

void GhostPut(Shard& s, S3Fifo& q, uint64_t h) {
  // As many slots as the shard has keys (a power of two, at least 64): G remembers about as
  // many evicted keys as M holds. Growing starts it afresh.
  size_t want = 64;
  while (want < s.table.size()) want <<= 1;
  if (q.ghost.size() < want / 2 || q.ghost.empty()) {
    q.ghost.assign(want, 0);
    q.ghost.shrink_to_fit();
  }
  q.ghost[GhostBucket(q, h) + ((h >> 20) & 7)] = GhostFp(h);  // replaces a random older one
}

void Reaccount(Shard& s, S3Fifo& q) {
  int64_t now = int64_t(q.Bytes());
  if (now != q.accounted) {
    s.AddUsed(now - q.accounted);
    q.accounted = now;
  }
}

// The link of the oldest key still in S, taken off the queue (stale hashes are dropped on
// the way); empty when S is empty. *hash is set to the key's hash.
Link PopSmall(Shard& s, S3Fifo& q, uint64_t* hash) {
  while (!q.small.empty()) {
    uint64_t h = q.small.front();
    q.small.pop_front();
    Link l = s.table.FindIf(h, [h](Entry* e) { return e->small_fifo() && HashKey(e->key()) == h; });
    if (l) {
      *hash = h;
      return l;
    }
  }
  return Link();
}

// Drops the queue's stale and repeated hashes (keys deleted while in S, or deleted and set
// again); runs when they outnumber the live ones, so its cost is amortised.
void Compact(Shard& s, S3Fifo& q) {
  absl::flat_hash_set<uint64_t> seen;
  std::deque<uint64_t> kept;
  for (uint64_t h : q.small) {
    if (seen.contains(h)) continue;
    if (s.table.FindIf(h, [h](Entry* e) { return e->small_fifo() && HashKey(e->key()) == h; })) {
      seen.insert(h);
      kept.push_back(h);
    }
  }
  q.small.swap(kept);
  q.small_live = int64_t(q.small.size());  // the flags are the truth; keep the count in step
}

// Leaves S: the key moves to M with one frequency point, so the CLOCK hand passes it once.
void Promote(S3Fifo& q, Entry* e) {
  e->set_small_fifo(false);
  --q.small_live;
  SetFreq(e, 1);
}

// One turn of M's CLOCK hand: evicts the first key in M with no frequency left, taking one
// point from each read key it passes. Bounded; false when the bound came first.
bool EvictMain(Shard& s, int64_t now_ms, bool any) {
  size_t nb = s.table.bucket_count();
  if (nb == 0) return false;
  for (size_t visited = 0; visited < std::min<size_t>(nb * 4, 4096); ++visited) {
    size_t b = s.clock_hand % nb;
    Link l = s.table.BucketLink(b);
    while (*l.raw()) {
      Entry* e = *l;
      if (!e->small_fifo() || any) {
        uint32_t f = Freq(e);
        if (f == 0 || any || Expired(e, now_ms)) {
          s.Evict(l);  // the hand stays: the bucket's next key is visited next
          return true;
        }
        SetFreq(e, f - 1);
      }
      l = Link(reinterpret_cast<uint64_t*>(e));
    }
    s.clock_hand = b + 1;
  }
  return false;
}

}  // namespace

void S3Admit(Shard& s, Entry* e, uint64_t hash) {
  if (!s.s3) s.s3 = std::make_unique<S3Fifo>();
  S3Fifo& q = *s.s3;
  if (GhostTake(q, hash)) {  // evicted from S a short while ago: straight into M
    e->set_small_fifo(false);
    SetFreq(e, 1);
  } else {
    e->set_small_fifo(true);
    SetFreq(e, 0);
    q.small.push_back(hash);
    ++q.small_live;
  }
  // Without memory pressure nothing pops S, so it is kept at 1/8 of the keys here: its
  // oldest keys move on to M (with their frequency: unread ones are M's first to go).
  while (q.small_live > int64_t(s.table.size() / 8) + 16) {
    uint64_t h;
    Link l = PopSmall(s, q, &h);
    if (!l) {
      q.small_live = 0;
      break;
    }
    Entry* old = *l;
    uint32_t f = Freq(old);
    Promote(q, old);
    SetFreq(old, f ? 1 : 0);
  }
  if (q.small.size() > 2 * size_t(std::max<int64_t>(q.small_live, 0)) + 1024) Compact(s, q);
  Reaccount(s, q);
}

void S3Leave(Shard& s) {
  if (s.s3 && s.s3->small_live > 0) --s.s3->small_live;
}

void S3Reset(Shard& s) {
  size_t nb = s.table.bucket_count();
  for (size_t b = 0; b < nb; ++b)
    s.table.ForEachInBucket(b, [](Entry* e) {
      e->set_small_fifo(false);
      SetFreq(e, 0);
    });
  if (s.s3) {
    s.AddUsed(-s.s3->accounted);
    s.s3.reset();
  }
}

bool S3EvictOne(Shard& s) {
  if (s.table.size() == 0) return false;
  if (!s.s3) s.s3 = std::make_unique<S3Fifo>();
  S3Fifo& q = *s.s3;
  int64_t now = FastClock::NowMs();
  bool done = false;
  for (int step = 0; step < 64 && !done; ++step) {
    if (q.small_live > 0 && q.small_live * 10 >= int64_t(s.table.size())) {
      uint64_t h;
      Link l = PopSmall(s, q, &h);
      if (!l) {
        q.small_live = 0;  // the queue lost track (cannot happen); repair the count
        continue;
      }
      Entry* e = *l;
      if (Freq(e) > 0 && !Expired(e, now)) {
        Promote(q, e);
        continue;
      }
      GhostPut(s, q, h);
      s.Evict(l);
      done = true;
    } else {
      done = EvictMain(s, now, false);
    }
  }
  if (!done) done = EvictMain(s, now, true);  // the bound came first: the key at the hand goes
  Reaccount(s, q);
  return done;
}

// --- Eviction across the store ---

namespace {

// A candidate of the sampled policies: a key, not an entry pointer (entries move and die
// while the pool keeps them), with the score the policy ranks it by (higher goes first).
struct Candidate {
  uint64_t score;
  int db;
  std::string key;
};
constexpr size_t kPoolSize = 16;  // as Redis's EVPOOL_SIZE

struct ThreadEviction {
  std::vector<Candidate> pool;  // ascending by score
  std::vector<int> dbs;         // dbs that had keys at the last refresh
  bool dbs_volatile = false;
  uint32_t rounds = 0;
};
thread_local ThreadEviction t_ev;

bool IsVolatile(EvictionPolicy p) {
  return p == EvictionPolicy::kVolatileLru || p == EvictionPolicy::kVolatileLfu ||
         p == EvictionPolicy::kVolatileRandom || p == EvictionPolicy::kVolatileTtl;
}

void PoolAdd(uint64_t score, int db, std::string_view key) {
  auto& pool = t_ev.pool;
  if (pool.size() == kPoolSize && score <= pool.front().score) return;
  for (auto& c : pool)
    if (c.db == db && c.key == key) return;
  auto at = std::upper_bound(pool.begin(), pool.end(), score,
                             [](uint64_t s, const Candidate& c) { return s < c.score; });
  pool.insert(at, Candidate{score, db, std::string(key)});
  if (pool.size() > kPoolSize) pool.erase(pool.begin());
}

// Locks a shard for eviction: never one this thread holds, never waiting for it.
bool TryLock(Shard& s) { return !HeldByThisThread(&s) && s.mu.try_lock(); }

}  // namespace

// Finds a shard of db i with keys (with TTL keys for the volatile policies), starting at a
// random one, and locks it; null when none could be locked or none has keys.
static Shard* LockSomeShard(Db& db, bool volatile_only, bool* any) {
  size_t n = db.num_shards();
  size_t first = size_t(Rand()) % n;
  for (size_t i = 0; i < n; ++i) {
    Shard& s = db.shard((first + i) % n);
    size_t have = volatile_only ? s.expire_count.load(std::memory_order_relaxed)
                                : s.key_count.load(std::memory_order_relaxed);
    if (have == 0) continue;
    *any = true;
    if (TryLock(s)) return &s;
  }
  return nullptr;
}

int64_t Store::Evict(int64_t bytes, int64_t budget_us, bool* none_left) {
  *none_left = false;
  const MemoryPolicy& mp = CurrentMemoryPolicy();
  EvictionPolicy pol = mp.get();
  if (pol == EvictionPolicy::kNoEviction) {
    *none_left = true;
    return 0;
  }
  bool vol = IsVolatile(pol);
  size_t samples = size_t(std::clamp<int64_t>(mp.samples.load(std::memory_order_relaxed), 1, 64));
  int64_t start = NowUs();
  int64_t freed = 0;
  for (uint64_t round = 0; freed < bytes; ++round) {
    if (round && (round & 7) == 0 && NowUs() - start > budget_us) break;
    // The dbs worth looking at, refreshed now and then (summing every shard is not free).
    if (t_ev.rounds++ % 128 == 0 || t_ev.dbs.empty() || t_ev.dbs_volatile != vol) {
      t_ev.dbs.clear();
      t_ev.dbs_volatile = vol;
      for (int i = 0; i < num_dbs(); ++i)
        if ((vol ? db(i).ExpiresSize() : db(i).Size()) > 0) t_ev.dbs.push_back(i);
      if (t_ev.dbs.empty()) {
        *none_left = true;
        return freed;
      }
    }
    bool any = false;
    if (pol == EvictionPolicy::kAllKeysS3Fifo || pol == EvictionPolicy::kAllKeysRandom ||
        pol == EvictionPolicy::kVolatileRandom) {
      int dbi = t_ev.dbs[size_t(Rand()) % t_ev.dbs.size()];
      Shard* s = LockSomeShard(db(dbi), vol, &any);
      if (s) {
        int64_t before = s->used_bytes.load(std::memory_order_relaxed);
        if (pol == EvictionPolicy::kAllKeysS3Fifo) {
          S3EvictOne(*s);
        } else if (vol) {
          // A random deadline between the first and the last, and the key at or after it.
          int64_t lo = s->expires.begin()->first, hi = s->expires.rbegin()->first;
          int64_t t = lo + int64_t(Rand() % uint64_t(hi - lo + 1));
          auto it = s->expires.lower_bound({t, nullptr});
          if (it == s->expires.end()) it = s->expires.begin();
          Entry* e = it->second;
          s->Evict(s->table.FindLink(e->key(), HashKey(e->key())));
        } else {
          size_t nb = s->table.bucket_count();
          size_t b = size_t(Rand()) % nb;
          for (size_t step = 0; step < nb; ++step) {
            Link l = s->table.BucketLink((b + step) % nb);
            if (!*l.raw()) continue;
            size_t len = 0;
            s->table.ForEachInBucket((b + step) % nb, [&](Entry*) { ++len; });
            for (size_t k = size_t(Rand()) % len; k > 0; --k)
              l = Link(reinterpret_cast<uint64_t*>(*l));
            s->Evict(l);
            break;
          }
        }
        freed += before - s->used_bytes.load(std::memory_order_relaxed);
        s->Unlock();
      }
    } else {
      // Sampled LRU/LFU/TTL, as Redis: sample a few keys of each db into the pool, then
      // evict the pool's best candidate that still exists.
      int64_t now = FastClock::NowMs();
      for (int dbi : t_ev.dbs) {
        Shard* s = LockSomeShard(db(dbi), vol, &any);
        if (!s) continue;
        auto score = [&](const Entry* e) -> uint64_t {
          if (Expired(e, now)) return UINT64_MAX;
          switch (pol) {
            case EvictionPolicy::kAllKeysLfu:
            case EvictionPolicy::kVolatileLfu: return 255 - LfuCounter(e);
            case EvictionPolicy::kVolatileTtl: return UINT64_MAX - 1 - uint64_t(e->expire_at());
            default: return uint64_t(IdleMs(e->access()));
          }
        };
        if (pol == EvictionPolicy::kVolatileTtl) {
          // The soonest deadlines of the shard: its index is ordered by them.
          size_t k = 0;
          for (auto it = s->expires.begin(); it != s->expires.end() && k < samples; ++it, ++k)
            PoolAdd(score(it->second), dbi, it->second->key());
        } else if (vol) {
          int64_t lo = s->expires.begin()->first, hi = s->expires.rbegin()->first;
          auto it = s->expires.lower_bound({lo + int64_t(Rand() % uint64_t(hi - lo + 1)), nullptr});
          for (size_t k = 0; k < std::min(samples, s->expires.size()); ++k, ++it) {
            if (it == s->expires.end()) it = s->expires.begin();
            PoolAdd(score(it->second), dbi, it->second->key());
          }
        } else {
          size_t nb = s->table.bucket_count(), got = 0;
          size_t b = size_t(Rand()) % nb;
          for (size_t step = 0; step < nb && step < samples * 8 && got < samples; ++step)
            s->table.ForEachInBucket((b + step) % nb, [&](Entry* e) {
              if (got++ < samples) PoolAdd(score(e), dbi, e->key());
            });
        }
        s->Unlock();
      }
      while (!t_ev.pool.empty()) {
        Candidate c = std::move(t_ev.pool.back());
        t_ev.pool.pop_back();
        KeyLoc loc = Locate(db(c.db), c.key);
        if (!TryLock(*loc.shard)) continue;
        Link l = loc.shard->table.FindLink(c.key, loc.hash);
        if (l && (!vol || (*l)->has_expire())) {
          freed += loc.shard->Evict(l);
          loc.shard->Unlock();
          break;
        }
        loc.shard->Unlock();
      }
    }
    if (!any) t_ev.rounds = 0;  // the dbs listed are empty now: look again next round
  }
  return freed;
}

void Store::ResetS3Fifo() {
  for (auto& d : dbs_)
    for (size_t i = 0; i < d->num_shards(); ++i) {
      ShardGuard lk(d->shard(i));
      S3Reset(d->shard(i));
    }
}

}  // namespace tessera::storage
