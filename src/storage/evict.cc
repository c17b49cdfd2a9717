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
  int64_t batch = batch_.load(std::memory_order_relaxed);
  if (v > batch || v < -batch)
    total_.fetch_add(s.pending.exchange(0, std::memory_order_relaxed),
                     std::memory_order_relaxed);
}

int64_t MemCounter::Read() const {
  return total_.load(std::memory_order_relaxed) +
         slots_[size_t(MySlot(kSlots))].pending.load(std::memory_order_relaxed);
}

// --- S3-FIFO ---

void SmallRing::Push(uint64_t hash, int64_t ms) {
  if (count_ == buf_.size()) {  // full: double, oldest first
    std::vector<Item> bigger(std::max<size_t>(4, buf_.size() * 2));
    for (size_t i = 0; i < count_; ++i) bigger[i] = buf_[(head_ + i) % buf_.size()];
    buf_.swap(bigger);
    head_ = 0;
  }
  buf_[(head_ + count_) % buf_.size()] = Item{hash, ms};
  ++count_;
}

SmallRing::Item SmallRing::Pop() {
  Item it = buf_[head_];
  head_ = (head_ + 1) % buf_.size();
  --count_;
  if (count_ == 0) head_ = 0;
  if (buf_.size() > 64 && count_ < buf_.size() / 4) Rebuild(buf_.size() / 2);
  return it;
}

void SmallRing::Rebuild(size_t cap) {
  std::vector<Item> out(std::max(cap, count_));
  for (size_t i = 0; i < count_; ++i) out[i] = buf_[(head_ + i) % buf_.size()];
  buf_.swap(out);
  head_ = 0;
}

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
  // About as many slots as the shard has keys (a power of two, at least 8): G remembers
  // about as many evicted keys as M holds. Growing starts it afresh.
  size_t want = 8;
  while (want < s.table.size()) want <<= 1;
  if (q.ghost.size() < want / 2 || q.ghost.empty()) {
    q.ghost.assign(want, 0);
    q.ghost.shrink_to_fit();
  }
  q.ghost[GhostBucket(q, h) + ((h >> 20) & 7)] = GhostFp(h);  // replaces a random older one
}

// Counts the state's bytes in the shard's memory and publishes what eviction reads without
// the lock.
void Sync(Shard& s, S3Fifo& q) {
  int64_t now = int64_t(q.Bytes());
  if (now != q.accounted) {
    s.AddUsed(now - q.accounted);
    q.accounted = now;
  }
  s.s3_small.store(std::max<int64_t>(q.small_live, 0), std::memory_order_relaxed);
  s.s3_head_ms.store(q.small.empty() ? INT64_MAX : q.small.Front().ms, std::memory_order_relaxed);
}

bool InSmall(Entry* e, uint64_t h) { return e->small_fifo() && HashKey(e->key()) == h; }

// The link of the oldest key still in S, taken off the queue (stale hashes are dropped on
// the way); empty when S is empty. *hash is set to the key's hash.
Link PopSmall(Shard& s, S3Fifo& q, uint64_t* hash) {
  while (!q.small.empty()) {
    uint64_t h = q.small.Pop().hash;
    Link l = s.table.FindIf(h, [h](Entry* e) { return InSmall(e, h); });
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
  SmallRing kept;
  while (!q.small.empty()) {
    SmallRing::Item it = q.small.Pop();
    if (seen.contains(it.hash)) continue;
    uint64_t h = it.hash;
    if (s.table.FindIf(h, [h](Entry* e) { return InSmall(e, h); })) {
      seen.insert(h);
      kept.Push(it.hash, it.ms);
    }
  }
  q.small = std::move(kept);
  q.small_live = int64_t(q.small.size());  // the flags are the truth; keep the count in step
}

// Leaves S for M with one frequency point, so the CLOCK hand passes it once (as a key at
// M's head survives one rotation); `f` 0 for a key that leaves unread without pressure.
void Promote(S3Fifo& q, Entry* e, uint32_t f = 1) {
  e->set_small_fifo(false);
  --q.small_live;
  SetFreq(e, f);
}

// One turn of M's CLOCK hand: evicts the first key in M with no frequency left, taking one
// point from each read key it passes. Bounded; false when the bound came first. `any`:
// the first key at the hand goes, whatever it is.
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
    q.small.Push(hash, FastClock::NowMs());
    ++q.small_live;
  }
  // Without memory pressure nothing pops S, so it is kept at 1/8 of the keys here: its
  // oldest keys move on to M (unread ones with no frequency: M's first to go).
  while (q.small_live > int64_t(s.table.size() / 8) + 16) {
    uint64_t h;
    Link l = PopSmall(s, q, &h);
    if (!l) {
      q.small_live = 0;
      break;
    }
    Promote(q, *l, Freq(*l) ? 1 : 0);
  }
  if (q.small.size() > 2 * size_t(std::max<int64_t>(q.small_live, 0)) + 1024) Compact(s, q);
  Sync(s, q);
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
  s.s3_small.store(0, std::memory_order_relaxed);
  s.s3_head_ms.store(INT64_MAX, std::memory_order_relaxed);
}

bool S3EvictOne(Shard& s, bool from_small) {
  if (s.table.size() == 0) return false;
  if (!s.s3) s.s3 = std::make_unique<S3Fifo>();
  S3Fifo& q = *s.s3;
  int64_t now = FastClock::NowMs();
  bool done = false;
  // S's oldest keys: read ones move on to M, the first unread one goes (and is remembered).
  for (int step = 0; from_small && step < 64 && !done && q.small_live > 0; ++step) {
    uint64_t h;
    Link l = PopSmall(s, q, &h);
    if (!l) {
      q.small_live = 0;  // the queue lost track (cannot happen); repair the count
      break;
    }
    Entry* e = *l;
    if (Freq(e) > 0 && !Expired(e, now)) {
      Promote(q, e);
      continue;
    }
    GhostPut(s, q, h);
    s.Evict(l);
    done = true;
  }
  for (int step = 0; step < 16 && !done; ++step) done = EvictMain(s, now, false);
  if (!done) done = EvictMain(s, now, true);  // the bound came first: the key at the hand goes
  Sync(s, q);
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
  const Store* store = nullptr;  // whose dbs the lists below are about
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

// Walks s's buckets from a random one and hands the first `n` entries (with a TTL only,
// when volatile_only) to f; returns the link of the last one handed over. Every bucket is
// visited at most once, so a shard whose TTL keys are few is walked to the end at worst.
template <typename F>
static Link FindSampled(Shard& s, bool volatile_only, size_t n, F&& f) {
  size_t nb = s.table.bucket_count();
  if (nb == 0) return Link();
  size_t b = size_t(Rand()) % nb, got = 0;
  Link last;
  for (size_t step = 0; step < nb && got < n; ++step) {
    Link l = s.table.BucketLink((b + step) % nb);
    while (*l.raw() && got < n) {
      Entry* e = *l;
      if (!volatile_only || e->has_expire()) {
        f(e);
        last = l;
        ++got;
      }
      l = Link(reinterpret_cast<uint64_t*>(e));
    }
  }
  return last;
}

// Finds a shard of db i with keys (with TTL keys for the volatile policies) and locks it;
// null when none could be locked or none has keys. The policies that evict within one
// shard (random, S3-FIFO) take the larger of two random shards, which keeps the shards
// even (the power of two choices); the sampled ones any shard, from a random start.
static Shard* LockSomeShard(Db& db, bool volatile_only, bool* any, bool balance = false) {
  size_t n = db.num_shards();
  auto have = [&](Shard& s) {
    return volatile_only ? s.expire_count.load(std::memory_order_relaxed)
                         : s.key_count.load(std::memory_order_relaxed);
  };
  if (balance && n > 1) {
    Shard& a = db.shard(size_t(Rand()) % n);
    Shard& b = db.shard(size_t(Rand()) % n);
    Shard& big = have(a) >= have(b) ? a : b;
    if (have(big) > 0) {
      *any = true;
      if (TryLock(big)) return &big;
    }
  }
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

// S3-FIFO across shards: each shard keeps its own S, M and G, but whether to take from S
// or from M is decided over a sample of shards (S holding 10% of their keys), and S is
// taken from the sampled shard whose oldest S key is the oldest, so S behaves as one FIFO
// even when each shard holds only a few keys (a small cache over many shards).
static Shard* LockS3Shard(Db& db, bool* any, bool* from_small) {
  constexpr int kSample = 4;
  size_t n = db.num_shards();
  Shard* cand[kSample];
  int64_t small = 0, keys = 0;
  for (int i = 0; i < kSample; ++i) {
    cand[i] = &db.shard(size_t(Rand()) % n);
    small += cand[i]->s3_small.load(std::memory_order_relaxed);
    keys += int64_t(cand[i]->key_count.load(std::memory_order_relaxed));
  }
  Shard* pick = nullptr;
  *from_small = small > 0 && small * 10 >= keys;
  for (int i = 0; i < kSample; ++i) {
    Shard* c = cand[i];
    if (c->key_count.load(std::memory_order_relaxed) == 0) continue;
    if (*from_small) {
      if (c->s3_small.load(std::memory_order_relaxed) > 0 &&
          (!pick || c->s3_head_ms.load(std::memory_order_relaxed) <
                        pick->s3_head_ms.load(std::memory_order_relaxed)))
        pick = c;
    } else if (!pick || c->key_count.load(std::memory_order_relaxed) >
                            pick->key_count.load(std::memory_order_relaxed)) {
      pick = c;
    }
  }
  if (pick) {
    *any = true;
    if (TryLock(*pick)) return pick;
  }
  *from_small = false;
  return LockSomeShard(db, false, any);
}

int64_t Store::Evict(int64_t bytes, int64_t budget_us, bool* none_left, int64_t stop_at) {
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
    if (stop_at >= 0 && FastUsedMemory() <= stop_at) break;
    if (t_ev.store != this) {  // another Store than last time (tests make several)
      t_ev.store = this;
      t_ev.pool.clear();
      t_ev.dbs.clear();
    }
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
      bool from_small = false;
      Shard* s = pol == EvictionPolicy::kAllKeysS3Fifo ? LockS3Shard(db(dbi), &any, &from_small)
                                                       : LockSomeShard(db(dbi), vol, &any, true);
      if (s) {
        int64_t before = s->used_bytes.load(std::memory_order_relaxed);
        if (pol == EvictionPolicy::kAllKeysS3Fifo) {
          S3EvictOne(*s, from_small);
        } else if (vol) {
          // The first key with a TTL from a random bucket on.
          if (Link l = FindSampled(*s, true, 1, [](Entry*) {})) s->Evict(l);
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
        FindSampled(*s, vol, samples, [&](Entry* e) { PoolAdd(score(e), dbi, e->key()); });
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
