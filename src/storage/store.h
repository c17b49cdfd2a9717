// The keyspace: `databases` Dbs, each a power-of-two number of Shards. A key is hashed once;
// the top bits of the hash pick the shard, the low bits the bucket inside the shard's table.
//
// Concurrency model (DashMap-like): each shard has its own mutex. A single-key command
// locks one shard for the duration of its op; a multi-key command locks every shard it
// touches, in ascending (db, shard) order, through MultiLock, so two such commands can
// never deadlock and no client sees half of one. Nothing here ever blocks on I/O while
// holding a lock.
//
// Expiry: each entry with a TTL stores its deadline (8 bytes), and nothing else: there is no
// index of TTL keys, which would cost another 24-32 bytes per key. Reads expire lazily
// (Shard::Find). The active cycle (Store::ActiveExpireCycle, `hz` times a second) sweeps
// the buckets of the shards whose earliest deadline has come (each shard knows it: the
// minimum over its last sweep and every deadline set since), a bounded number of buckets
// at a time, so expired keys free their memory without being read. The price: a sweep
// visits every key of a shard that has something due, where an index would visit only
// the due keys; the sweep is paced by the cycle's time budget (25% of the period).
//
// Transactions: EXEC locks every shard its commands touch up front (HeldShards) and then
// runs them; the ops' own ShardGuard/MultiLock see that this thread holds a shard already
// and do not lock it again, so the whole transaction is atomic for other clients.
//
// WATCH: a shard keeps, per watched key, the dirty flags of the clients watching it; every
// change to the key under the shard lock (insert, replace, delete, expiry, TTL change,
// in-place update via NoteChanged, flush) sets them.
//
// Memory: each shard keeps `used_bytes` (entries, values, buckets, index, eviction state)
// up to date on every insert, replace and erase, and passes every change on to its Store's
// MemCounter (storage/evict.h), which the write path reads to enforce maxmemory.
//
// In-place changes of a value (LPUSH into a list, HSET, APPEND, INCR, ...) go through one
// path, ValueChange: memory delta, WATCH, and deletion of a collection left empty.
//
// Blocking commands (BLPOP, ...): a shard keeps the keys clients wait on (`waiting`, each
// with its waiters in the order they blocked). When such a key gets a value waiters take (a
// list or a sorted set), it is marked `ready`, and the ready keys are served before the
// shard's lock is released (ShardGuard, MultiLock, HeldShards all release through
// Shard::Unlock), so the element a waiter takes is handed over atomically: no other client
// can run in between. What a waiter is and how it is served belongs to the command layer
// (ReadyHook).
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"
#include "storage/entry.h"
#include "storage/evict.h"
#include "absl/container/inlined_vector.h"
#include "storage/table.h"

namespace tessera::storage {

// LRU clock: 24 bits in units of kLruClockMs (Redis counts seconds; a finer unit keeps
// allkeys-lru an LRU when keys live for less than a second in a small cache; it wraps after
// 19 days instead of 194), updated by the background cycle `hz` times a second, with the
// LFU policies' minutes clock.
inline constexpr int64_t kLruClockMs = 100;
uint32_t LruClock();
void UpdateLruClock();
// Milliseconds since an LRU stamp (the low 24 bits of an access stamp).
int64_t IdleMs(uint32_t stamp);

// CLIENT NO-TOUCH: while set on this thread, lookups leave entries' LRU stamps alone.
void SetNoTouch(bool on);

// keyspace_hits/keyspace_misses: while set on this thread (a read command runs), every
// lookup (Shard::Find/FindLink) counts as a hit or a miss. Counted per thread (plain stores
// to lines no other thread writes) and summed when asked.
void SetCountLookups(bool on);
struct LookupStats {
  uint64_t hits = 0, misses = 0;
};
LookupStats SumLookupStats();
void ResetLookupStats();  // CONFIG RESETSTAT

// A client waiting on keys (a blocked BLPOP). Storage only keeps them in order; the command
// layer defines and serves them.
class KeyWaiter {
 public:
  virtual ~KeyWaiter() = default;
};
using WaiterRef = std::shared_ptr<KeyWaiter>;

class Shard;
class Db;

// Keyspace notifications for what storage does by itself: a key expired (read lazily or
// swept) or was evicted. Called with the key's shard locked, before the entry goes.
// Installed by the command layer (commands/notify.cc); one relaxed load when none is.
enum class KeyEvent : uint8_t { kExpired, kEvicted, kNew, kKeyMiss };
using KeyEventHook = void (*)(void* arg, const Db& db, KeyEvent ev, std::string_view key);
void SetKeyEventHook(KeyEventHook hook, void* arg);
void ReportKeyEvent(const Db* db, KeyEvent ev, std::string_view key);
// CLIENT TRACKING: every change of a key (the point that tells WATCH) is reported while some
// client tracks (SetInvalidating(true)); one relaxed load on every write otherwise.
using ChangeHook = void (*)(void* arg, std::string_view key);
void SetChangeHook(ChangeHook hook, void* arg);
void SetInvalidating(bool on);
extern std::atomic<bool> g_invalidating;
void ReportChange(std::string_view key);

// While set on this thread (a command runs and notifications want them): every key added
// reports kNew; every read lookup that misses (or finds the key expired) reports kKeyMiss.
void SetReportNew(bool on);
void SetReportMiss(bool on);

// Keys deleted because a change left their collection empty (Redis then reports "del" after
// the command's own event). Collected on this thread only while SetCollectEmptied(true)
// (a command runs with generic notifications on); the command layer takes and clears them.
void SetCollectEmptied(bool on);
bool CollectingEmptied();
std::vector<std::string>& EmptiedKeys();
void NoteEmptied(std::string_view key);  // an op that deletes an emptied key itself

// Serves the waiters of `key`, the oldest of s.ready, which the caller has just taken off
// it; called with s locked by this thread, before the lock is released. Installed once by
// the command layer (commands/blocking.cc).
using ReadyHook = void (*)(Shard& s, const std::string& key);
void SetReadyHook(ReadyHook hook);

class Shard {
 public:
  Shard() = default;
  ~Shard();
  std::mutex mu;

  // All members below require `mu`.

  // The entry for key, or nullptr. An entry whose TTL has passed is deleted here (lazy
  // expiry) and reported absent. Updates the entry's LRU stamp.
  Entry* Find(std::string_view key, uint64_t hash, int64_t now_ms);
  // As Find, but returns the link to the entry (for Replace/Erase).
  Link FindLink(std::string_view key, uint64_t hash, int64_t now_ms);
  // Adds a new entry (the key must be absent).
  void Insert(Entry* e, uint64_t hash);
  // Replaces *link's entry by `repl` (same key) and destroys the old one.
  void Replace(Link link, Entry* repl);
  // Removes and destroys *link's entry.
  void Erase(Link link);
  // Sets (ms > 0) or removes (ms == 0) the entry's deadline, keeping the index in step. May
  // move the entry to a new block (adding room for the deadline); *link is updated.
  void SetExpire(Link link, int64_t ms);
  // Moves *link's entry, value and all, to a new block with `meta`'s metadata (same key):
  // memcached's flags and CAS given to an item a RESP client wrote. The value does not
  // change, so no watcher or waiter is told. *link is updated; false when out of memory.
  bool SetMeta(Link link, const Entry::Spec& meta);
  // Removes *link's entry and returns it alive (RENAME moves entries between shards).
  Entry* Detach(Link link);
  // Call around an in-place change of an entry's value (APPEND on a heap string). Only the
  // lock holder writes used_bytes, so a plain load and store do (no locked instruction).
  void AddUsed(int64_t delta) {
    used_bytes.store(used_bytes.load(std::memory_order_relaxed) + delta,
                     std::memory_order_relaxed);
    mem->Add(delta);
  }
  // Destroys every entry (watchers of keys that existed are signalled); with `out`, moves
  // them there instead, for freeing later (FLUSHALL ASYNC).
  void Clear(std::vector<Entry*>* out = nullptr);
  // An in-place change of key's value (INCR on an int, APPEND to a heap string, ...): tells
  // the watchers. Structural changes (Insert, Replace, Detach, SetExpire) do it themselves.
  void NoteChanged(std::string_view key) {
    if (!watchers.empty()) SignalWatchers(key);
    if (g_invalidating.load(std::memory_order_relaxed)) ReportChange(key);
  }
  void AddWatcher(std::string_view key, std::atomic<bool>* dirty);
  void RemoveWatcher(std::string_view key, std::atomic<bool>* dirty);
  // Warms the cache for a lookup of `hash` that comes soon: stage 0 prefetches its bucket
  // slot; stage 1, once the slot has had time to arrive, the first entry the slot links
  // to. Many lookups prefetched stage by stage overlap their cache misses instead of
  // waiting for each in turn. Does nothing when the shard is locked by someone else.
  void Prefetch(uint64_t hash, int stage) {
    if (!mu.try_lock()) return;
    if (const uint64_t* slot = table.SlotFor(hash)) {
      if (stage == 0) __builtin_prefetch(slot);
      else if (*slot) __builtin_prefetch(LinkEntry(*slot));
    }
    mu.unlock();
  }
  // Evicts the key *link points at (maxmemory); returns the bytes it freed.
  int64_t Evict(Link link);
  // Sweeps up to `buckets` buckets from where the last call stopped, deleting entries whose
  // deadline is <= now (added to *erased); true while the pass over the table is not done.
  bool SweepExpired(int64_t now_ms, size_t buckets, size_t* erased);
  // Serves the ready keys' waiters, then releases mu. Every guard releases through it.
  void Unlock() {
    while (!ready.empty()) ServeReady();
    mu.unlock();
  }
  // Serves the oldest ready key.
  void ServeReady();
  // Queues key (waited on) to be served before the lock is released.
  void MarkReady(std::string_view key);

  Table table;
  // WATCHed keys of this shard and the dirty flags of the clients watching them.
  absl::flat_hash_map<std::string, std::vector<std::atomic<bool>*>> watchers;
  // Keys blocked clients wait on, each with its waiters in the order they blocked; and those
  // of them that got a list since the lock was taken (served by Unlock), with a sequence
  // number of this thread's: keys are served in the order they became ready, across every
  // shard a command holds, as Redis serves them.
  absl::flat_hash_map<std::string, std::deque<WaiterRef>> waiting;
  // A vector, not a deque: a libstdc++ deque allocates ~600 bytes when constructed, for
  // every shard of every db, and this list is nearly always empty.
  std::vector<std::pair<uint64_t, std::string>> ready;

  // allkeys-s3fifo's queues (null until used here) and its CLOCK hand over the buckets.
  std::unique_ptr<S3Fifo> s3;
  size_t clock_hand = 0;
  // What eviction reads of it without the lock: keys in S, arrival time of S's oldest.
  std::atomic<int64_t> s3_small{0};
  std::atomic<int64_t> s3_head_ms{INT64_MAX};
  const Db* db = nullptr;  // the Db this shard belongs to (keyspace notifications)
  // Where memory changes are added up for the whole store (one process-wide counter for
  // shards made outside a Store).
  MemCounter* mem = &MemCounter::Unowned();

  // Readable without the lock (DBSIZE, INFO).
  std::atomic<size_t> key_count{0};
  std::atomic<size_t> expire_count{0};  // keys with a TTL
  // The earliest deadline of any key (a lower bound: keys may have gone since); INT64_MAX
  // with no TTL keys. The cycle skips the shard until then.
  std::atomic<int64_t> next_due{INT64_MAX};
  std::atomic<int64_t> used_bytes{0};
  std::atomic<uint64_t> expired_keys{0};
  std::atomic<uint64_t> evicted_keys{0};
  std::atomic<int64_t> watch_bytes{0};  // what `watchers` holds (an estimate; clients' memory)

 private:
  void Account(Entry* e, int sign);
  void AddTtlKey(int64_t deadline);
  void RemoveTtlKey();
  void NoteDeadline(int64_t deadline);
  size_t ttl_keys_ = 0;          // expire_count's value, under the lock
  size_t sweep_bucket_ = 0;      // where the expiry sweep goes on
  int64_t sweep_min_ = INT64_MAX;  // earliest deadline seen by this pass or set since
  void SignalWatchers(std::string_view key);
  void NoteReady(const Entry* e);
};

// The one path for changing a value in place. Construct it before the change and let it go
// after: it accounts the memory the change took or freed, tells the key's WATCHers (keyspace
// notifications and client tracking will hook in here), and deletes the key when the change
// left its collection empty, as Redis does. Requires the shard's lock; the entry must stay
// in place during the change (inserting other keys of the same shard is fine).
class ValueChange {
 public:
  enum SizeHint { kMaySize, kSameSize };
  // kSameSize: the change keeps the value's memory as it was (SET over a value of the same
  // length), so nothing is measured.
  ValueChange(Shard& shard, Entry* e, uint64_t hash, SizeHint hint = kMaySize)
      : shard_(shard), e_(e), hash_(hash),
        before_(hint == kSameSize ? -1 : int64_t(e->ValueMemoryUsage())) {}
  ValueChange(const ValueChange&) = delete;
  ValueChange& operator=(const ValueChange&) = delete;
  ~ValueChange();

 private:
  Shard& shard_;
  Entry* e_;
  uint64_t hash_;
  int64_t before_;
};

class Db {
 public:
  // `shards` is rounded up to a power of two; memory changes go to `mem` when given.
  explicit Db(size_t shards, MemCounter* mem = nullptr);
  size_t num_shards() const { return shards_.size(); }
  size_t ShardIndex(uint64_t hash) const { return shard_bits_ ? hash >> (64 - shard_bits_) : 0; }
  Shard& ShardFor(uint64_t hash) { return *shards_[ShardIndex(hash)]; }
  Shard& shard(size_t i) { return *shards_[i]; }
  size_t Size() const;          // keys, without locking (may lag concurrent writes)
  size_t ExpiresSize() const;
  // INFO keyspace's avg_ttl: the mean remaining TTL (ms) of up to 512 TTL keys sampled
  // from up to 16 shards (Redis's figure is an estimate from its expiry sampling too).
  int64_t EstimateAvgTtl(int64_t now_ms);
  // Removes every key (all shards locked at once); `async`: their values are freed on the
  // lazy-free thread.
  void Flush(bool async = false);

 private:
  std::vector<std::unique_ptr<Shard>> shards_;
  unsigned shard_bits_ = 0;
};

class Store {
 public:
  Store(int databases, int shards_per_db);
  int num_dbs() const { return int(dbs_.size()); }
  // The Db at index i now. SWAPDB exchanges two indexes while other threads run: a command
  // that fetched its Db just before the swap finishes on that Db object, as if it had run
  // just before the SWAPDB.
  Db& db(int i) { return *index_[size_t(i)].load(std::memory_order_acquire); }
  // SWAPDB: exchanges the contents seen at indexes a and b, atomically for other clients
  // (every shard of both is locked). WATCHers stay with their index, and those watching a
  // key that exists in either db are signalled, as Redis does.
  void SwapDbs(int a, int b);
  int64_t UsedMemory() const;  // sums every shard exactly: O(shards)
  // What WATCH's per-shard maps hold (counted as the clients' memory, not the data's).
  int64_t WatchBytes() const;
  // What the store's own structures take whatever it holds (dbs, shards, counters).
  int64_t StructureBytes() const;
  // The same figure from the running counter (one atomic load; see MemCounter for its
  // bound), for checks on the hot path such as maxmemory.
  int64_t FastUsedMemory() const { return mem_.Read(); }
  MemCounter& mem_counter() { return mem_; }
  uint64_t ExpiredKeys() const;
  uint64_t EvictedKeys() const;
  // Evicts keys under the current policy until `bytes` are freed or `budget_us` has passed
  // (0 = no time limit). Returns the bytes freed; *none_left is set when the policy found
  // nothing to evict (noeviction, or volatile-* with no key that has a TTL). With
  // `stop_at` >= 0 it also stops once FastUsedMemory() is at most `stop_at`: other threads
  // free memory meanwhile (a DEL, a FLUSHDB), and a target computed before they did must
  // not go on evicting keys the limit no longer asks for.
  int64_t Evict(int64_t bytes, int64_t budget_us, bool* none_left, int64_t stop_at = -1);
  // Switching to allkeys-s3fifo: clears every shard's S3-FIFO marks, one shard at a time.
  void ResetS3Fifo();
  void FlushAll(bool async = false);
  // One active-expiry pass over every shard with TTL keys, within `budget_us`.
  void ActiveExpireCycle(int64_t budget_us);

 private:
  // The sum of one counter over every shard of every db, without locking.
  template <typename T>
  T SumShards(std::atomic<T> Shard::*field) const {
    T n = 0;
    for (const auto& db : dbs_)
      for (size_t i = 0; i < db->num_shards(); ++i)
        n += (db->shard(i).*field).load(std::memory_order_relaxed);
    return n;
  }

  std::vector<std::unique_ptr<Db>> dbs_;                // owns the Db objects
  std::unique_ptr<std::atomic<Db*>[]> index_;           // db index -> Db (SWAPDB)
  size_t expire_cursor_ = 0;  // which (db, shard) the next cycle starts at
  MemCounter mem_;
};

// memcached's CAS uniques: a new one for every write of an item that carries them. Unique
// across threads (each takes blocks of numbers from one counter), never 0.
uint64_t NextCas();

// A key located in a db: its hash and shard, computed once.
struct KeyLoc {
  std::string_view key;
  uint64_t hash;
  Shard* shard;
};
inline KeyLoc Locate(Db& db, std::string_view key) {
  uint64_t h = HashKey(key);
  return {key, h, &db.ShardFor(h)};
}

// Small inline vectors for the keys and shards of one multi-key command: no heap
// allocation up to 16 of them.
using KeyLocs = absl::InlinedVector<KeyLoc, 16>;
using ShardList = absl::InlinedVector<Shard*, 16>;

// Locates each key and appends its shard to *shards (for a MultiLock over all of them).
KeyLocs LocateAll(Db& db, absl::Span<const std::string_view> keys, ShardList* shards);

// Locks one shard unless this thread already holds it (inside EXEC). Use it instead of
// locking Shard::mu directly on every command path.
class ShardGuard {
 public:
  explicit ShardGuard(Shard& s);
  ShardGuard(const ShardGuard&) = delete;
  ShardGuard& operator=(const ShardGuard&) = delete;
  ~ShardGuard() {
    if (locked_) shard_.Unlock();
  }

 private:
  Shard& shard_;
  bool locked_ = false;
};

// Locks a set of shards in one fixed order (by the shards' addresses), so
// multi-key commands are atomic and deadlock-free. Duplicates are locked once, and shards
// this thread already holds (inside EXEC) are skipped.
class MultiLock {
 public:
  MultiLock() = default;
  explicit MultiLock(absl::Span<Shard* const> shards);
  MultiLock(const MultiLock&) = delete;
  MultiLock& operator=(const MultiLock&) = delete;
  ~MultiLock();

 private:
  ShardList shards_;
  const ShardList* prev_ = nullptr;  // an enclosing MultiLock's shards (restored after)
};

// EXEC's lock: takes every shard in `shards` (in MultiLock's order) and registers them as
// held by this thread until destroyed. Not nestable.
class HeldShards {
 public:
  explicit HeldShards(std::vector<Shard*> shards);
  HeldShards(const HeldShards&) = delete;
  HeldShards& operator=(const HeldShards&) = delete;
  ~HeldShards();

 private:
  std::vector<Shard*> shards_;  // sorted, unique
};

// True when this thread holds `s` through HeldShards or MultiLock.
bool HeldByThisThread(const Shard* s);

}  // namespace tessera::storage
