#include "storage/store.h"

#include <new>

#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "storage/lazyfree.h"

namespace tessera::storage {

namespace {
std::atomic<uint32_t> g_lru_clock{0};
std::atomic<uint32_t> g_lfu_minutes{0};
thread_local const std::vector<Shard*>* t_held = nullptr;  // sorted; set by HeldShards
thread_local const ShardList* t_multi = nullptr;           // sorted; set by MultiLock
thread_local bool t_no_touch = false;
ReadyHook g_ready_hook = nullptr;

thread_local uint64_t t_ready_seq = 0;

// Serves the ready keys of every shard in `shards` (all held by this thread), oldest first
// across them, until none is left: serving a waiter may make another key ready (BLMOVE's
// destination).
template <typename Shards>
void ServeAllReady(const Shards& shards) {
  for (;;) {
    Shard* next = nullptr;
    for (Shard* s : shards)
      if (!s->ready.empty() && (!next || s->ready.front().first < next->ready.front().first))
        next = s;
    if (!next) return;
    next->ServeReady();
  }
}
}  // namespace

void SetNoTouch(bool on) { t_no_touch = on; }

namespace {
struct alignas(64) LookupBlock {
  std::atomic<uint64_t> hits{0}, misses{0};
};
std::mutex g_lookup_mu;
// Every thread's block, alive as long as the process (the list is never destroyed, so the
// blocks stay reachable to the end, for leak checkers too).
std::vector<LookupBlock*>& LookupBlocks() {
  static auto* blocks = new std::vector<LookupBlock*>;
  return *blocks;
}
thread_local bool t_count_lookups = false;
thread_local LookupBlock* t_lookups = nullptr;

void CountLookup(bool hit) {
  if (!t_lookups) {
    t_lookups = new LookupBlock;
    std::lock_guard lk(g_lookup_mu);
    LookupBlocks().push_back(t_lookups);
  }
  auto& c = hit ? t_lookups->hits : t_lookups->misses;
  c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}
}  // namespace

void SetCountLookups(bool on) { t_count_lookups = on; }

LookupStats SumLookupStats() {
  LookupStats st;
  std::lock_guard lk(g_lookup_mu);
  for (auto* b : LookupBlocks()) {
    st.hits += b->hits.load(std::memory_order_relaxed);
    st.misses += b->misses.load(std::memory_order_relaxed);
  }
  return st;
}

void ResetLookupStats() {
  std::lock_guard lk(g_lookup_mu);
  for (auto* b : LookupBlocks()) {
    b->hits.store(0, std::memory_order_relaxed);
    b->misses.store(0, std::memory_order_relaxed);
  }
}
void SetReadyHook(ReadyHook hook) { g_ready_hook = hook; }

bool HeldByThisThread(const Shard* s) {
  auto less = std::less<const Shard*>();
  return (t_held && std::binary_search(t_held->begin(), t_held->end(), s, less)) ||
         (t_multi && std::binary_search(t_multi->begin(), t_multi->end(), s, less));
}

void Shard::ServeReady() {
  std::string key = std::move(ready.front().second);
  ready.erase(ready.begin());  // a handful at most
  if (g_ready_hook) g_ready_hook(*this, key);
}

void Shard::NoteReady(const Entry* e) {
  if (e->type() != ValueType::kList && e->type() != ValueType::kZSet) return;
  if (waiting.contains(std::string(e->key()))) MarkReady(e->key());
}

void Shard::MarkReady(std::string_view key) {
  for (const auto& [seq, k] : ready)
    if (k == key) return;
  ready.emplace_back(++t_ready_seq, std::string(key));
}

uint64_t NextCas() {
  static std::atomic<uint64_t> next_block{1};
  constexpr uint64_t kBlock = 1024;
  thread_local uint64_t next = 0, end = 0;
  if (next == end) {
    next = next_block.fetch_add(kBlock, std::memory_order_relaxed);
    end = next + kBlock;
  }
  return next++;
}

namespace {
thread_local bool t_collect_emptied = false;
thread_local std::vector<std::string> t_emptied;
}  // namespace

void SetCollectEmptied(bool on) { t_collect_emptied = on; }
bool CollectingEmptied() { return t_collect_emptied; }
std::vector<std::string>& EmptiedKeys() { return t_emptied; }
void NoteEmptied(std::string_view key) {
  if (t_collect_emptied) t_emptied.emplace_back(key);
}

ValueChange::~ValueChange() {
  // The entry's own block does not change in place: only what it holds does.
  if (before_ >= 0) shard_.AddUsed(int64_t(e_->ValueMemoryUsage()) - before_);
  if (e_->enc() == Encoding::kObject && e_->object()->Size() == 0) {
    if (t_collect_emptied) t_emptied.emplace_back(e_->key());
    // Erase tells the watchers and subtracts what the entry holds now.
    shard_.Erase(shard_.table.FindLink(e_->key(), hash_));
    return;
  }
  if (e_->has_mc()) e_->set_cas(NextCas());  // a memcached item changed in place
  shard_.NoteChanged(e_->key());
}

KeyLocs LocateAll(Db& db, absl::Span<const std::string_view> keys, ShardList* shards) {
  KeyLocs locs;
  locs.reserve(keys.size());
  for (auto k : keys) {
    locs.push_back(Locate(db, k));
    shards->push_back(locs.back().shard);
  }
  return locs;
}

ShardGuard::ShardGuard(Shard& s) : shard_(s) {
  if (!HeldByThisThread(&s)) {
    s.mu.lock();
    locked_ = true;
  }
}

void Shard::SignalWatchers(std::string_view key) {
  auto it = watchers.find(std::string(key));
  if (it == watchers.end()) return;
  for (auto* flag : it->second) flag->store(true, std::memory_order_relaxed);
}

namespace {
// What WATCH's map holds for a key (its slot, the key beyond the short-string buffer, the
// vector) and for each client on it: an estimate for the clients' memory figure.
int64_t WatchKeyBytes(std::string_view key) { return 64 + (key.size() > 15 ? int64_t(key.size()) : 0); }
constexpr int64_t kWatcherBytes = 8;
}  // namespace

void Shard::AddWatcher(std::string_view key, std::atomic<bool>* dirty) {
  auto [it, fresh] = watchers.try_emplace(std::string(key));
  auto& v = it->second;
  int64_t add = fresh ? WatchKeyBytes(key) : 0;
  if (std::find(v.begin(), v.end(), dirty) == v.end()) {
    v.push_back(dirty);
    add += kWatcherBytes;
  }
  watch_bytes.store(watch_bytes.load(std::memory_order_relaxed) + add, std::memory_order_relaxed);
}

void Shard::RemoveWatcher(std::string_view key, std::atomic<bool>* dirty) {
  auto it = watchers.find(std::string(key));
  if (it == watchers.end()) return;
  auto& v = it->second;
  size_t before = v.size();
  v.erase(std::remove(v.begin(), v.end(), dirty), v.end());
  int64_t sub = int64_t(before - v.size()) * kWatcherBytes;
  if (v.empty()) {
    sub += WatchKeyBytes(key);
    watchers.erase(it);
  }
  watch_bytes.store(watch_bytes.load(std::memory_order_relaxed) - sub, std::memory_order_relaxed);
}

uint32_t LruClock() { return g_lru_clock.load(std::memory_order_relaxed); }
uint32_t LfuMinutes() { return g_lfu_minutes.load(std::memory_order_relaxed); }
void UpdateLruClock() {
  int64_t now = NowMs();
  g_lru_clock.store(uint32_t(now / kLruClockMs) & 0xFFFFFF, std::memory_order_relaxed);
  g_lfu_minutes.store(uint32_t(now / 60000) & 0xFFFF, std::memory_order_relaxed);
}
int64_t IdleMs(uint32_t stamp) {
  return int64_t((LruClock() - (stamp & 0xFFFFFF)) & 0xFFFFFF) * kLruClockMs;
}

namespace {
std::atomic<KeyEventHook> g_key_event_hook{nullptr};
std::atomic<void*> g_key_event_arg{nullptr};
}  // namespace

void SetKeyEventHook(KeyEventHook hook, void* arg) {
  g_key_event_arg.store(arg);
  g_key_event_hook.store(hook);
}

namespace {
thread_local bool t_report_new = false;
thread_local bool t_report_miss = false;
}  // namespace
void SetReportNew(bool on) { t_report_new = on; }

std::atomic<bool> g_invalidating{false};
namespace {
std::atomic<ChangeHook> g_change_hook{nullptr};
std::atomic<void*> g_change_arg{nullptr};
}  // namespace
void SetChangeHook(ChangeHook hook, void* arg) {
  g_change_arg.store(arg);
  g_change_hook.store(hook);
}
void SetInvalidating(bool on) { g_invalidating.store(on); }
void ReportChange(std::string_view key) {
  if (ChangeHook h = g_change_hook.load(std::memory_order_relaxed))
    h(g_change_arg.load(std::memory_order_relaxed), key);
}
void SetReportMiss(bool on) { t_report_miss = on; }

void ReportKeyEvent(const Db* db, KeyEvent ev, std::string_view key) {
  KeyEventHook h = g_key_event_hook.load(std::memory_order_relaxed);
  if (h && db) h(g_key_event_arg.load(std::memory_order_relaxed), *db, ev, key);
}

Shard::~Shard() = default;

void Shard::Account(Entry* e, int sign) {
  AddUsed(sign * int64_t(e->MemoryUsage()));
}

Link Shard::FindLink(std::string_view key, uint64_t hash, int64_t now_ms) {
  Link link = table.FindLink(key, hash);
  if (!link) {
    if (t_count_lookups) CountLookup(false);
    if (t_report_miss) ReportKeyEvent(db, KeyEvent::kKeyMiss, key);
    return Link();
  }
  Entry* e = *link;
  if (e->has_expire() && e->expire_at() <= now_ms) {
    ReportKeyEvent(db, KeyEvent::kExpired, e->key());
    Erase(link);
    expired_keys.fetch_add(1, std::memory_order_relaxed);
    if (t_count_lookups) CountLookup(false);
    if (t_report_miss) ReportKeyEvent(db, KeyEvent::kKeyMiss, key);
    return Link();
  }
  if (t_count_lookups) CountLookup(true);
  if (!t_no_touch) TouchAccess(e);
  return link;
}

Entry* Shard::Find(std::string_view key, uint64_t hash, int64_t now_ms) {
  Link link = FindLink(key, hash, now_ms);
  return link ? *link : nullptr;
}

void Shard::Insert(Entry* e, uint64_t hash) {
  if (t_report_new) ReportKeyEvent(db, KeyEvent::kNew, e->key());
  NoteChanged(e->key());
  if (!waiting.empty()) NoteReady(e);
  size_t before = table.MemoryUsage();
  table.Insert(e, hash);
  AddUsed(int64_t(table.MemoryUsage() - before));
  if (CurrentMemoryPolicy().get() == EvictionPolicy::kAllKeysS3Fifo) S3Admit(*this, e, hash);
  else if (e->small_fifo()) e->set_small_fifo(false);  // copied from another key (COPY)
  Account(e, +1);
  if (e->has_expire()) AddTtlKey(e->expire_at());
  key_count.store(table.size(), std::memory_order_relaxed);
}

void Shard::Replace(Link link, Entry* repl) {
  NoteChanged(repl->key());
  if (!waiting.empty()) NoteReady(repl);
  Entry* old = table.Replace(link, repl);
  // The key stays where it is in S3-FIFO's queues; LFU keeps its counter across an
  // overwrite, as Redis does; S3-FIFO counts the write as an access.
  repl->set_small_fifo(old->small_fifo());
  if (CurrentMemoryPolicy().lfu()) {
    repl->set_access(old->access());
  } else if (CurrentMemoryPolicy().get() == EvictionPolicy::kAllKeysS3Fifo) {
    repl->set_access((old->access() & 0xFF000000u) | (repl->access() & 0xFFFFFFu));
    TouchAccess(repl);
  }
  if (old->has_expire()) RemoveTtlKey();
  if (repl->has_expire()) AddTtlKey(repl->expire_at());
  Account(old, -1);
  Account(repl, +1);
  Entry::Destroy(old);
}

Entry* Shard::Detach(Link link) {
  Entry* e = table.Unlink(link);
  if (e->small_fifo()) S3Leave(*this);
  NoteChanged(e->key());
  if (e->has_expire()) RemoveTtlKey();
  Account(e, -1);
  key_count.store(table.size(), std::memory_order_relaxed);
  return e;
}

void Shard::Erase(Link link) { Entry::Destroy(Detach(link)); }

int64_t Shard::Evict(Link link) {
  int64_t before = used_bytes.load(std::memory_order_relaxed);
  ReportKeyEvent(db, KeyEvent::kEvicted, (*link)->key());
  Erase(link);
  evicted_keys.store(evicted_keys.load(std::memory_order_relaxed) + 1,
                     std::memory_order_relaxed);
  return before - used_bytes.load(std::memory_order_relaxed);
}

void Shard::SetExpire(Link link, int64_t ms) {
  Entry* e = *link;
  NoteChanged(e->key());
  if (e->has_expire()) {
    if (ms != 0) {  // room is there already: change in place
      e->set_expire_at(ms);
      NoteDeadline(ms);
      return;
    }
  } else if (ms == 0) {
    return;
  }
  Entry::Spec meta = e->MetaSpec();
  meta.has_expire = ms != 0;
  meta.expire_at = ms;
  // The new layout first: if it cannot be had, nothing has changed (Dispatch answers OOM).
  int64_t old_bytes = int64_t(e->MemoryUsage());  // with its value, which moves to n
  Entry* n = Entry::MoveWithMeta(e, meta);
  if (!n) throw std::bad_alloc();
  if (e->has_expire()) RemoveTtlKey();
  AddUsed(-old_bytes);
  table.Replace(link, n);
  Entry::FreeShell(e);
  if (ms != 0) AddTtlKey(ms);
  Account(n, +1);
}

bool Shard::SetMeta(Link link, const Entry::Spec& meta) {
  Entry* e = *link;
  Entry* n = Entry::MoveWithMeta(e, meta);
  if (!n) return false;
  Account(e, -1);
  if (e->has_expire()) RemoveTtlKey();
  table.Replace(link, n);
  Entry::FreeShell(e);
  if (n->has_expire()) AddTtlKey(n->expire_at());
  Account(n, +1);
  return true;
}

void Shard::Clear(std::vector<Entry*>* out) {
  if (!watchers.empty()) {
    for (auto& [key, flags] : watchers)
      if (table.FindLink(key, HashKey(key)))
        for (auto* f : flags) f->store(true, std::memory_order_relaxed);
  }
  if (out) table.Drain([out](Entry* e) { out->push_back(e); });
  else table.Clear();
  ttl_keys_ = 0;
  sweep_bucket_ = 0;
  sweep_min_ = INT64_MAX;
  next_due.store(INT64_MAX, std::memory_order_relaxed);
  s3.reset();
  s3_small.store(0, std::memory_order_relaxed);
  s3_head_ms.store(INT64_MAX, std::memory_order_relaxed);
  clock_hand = 0;
  key_count.store(0);
  expire_count.store(0);
  AddUsed(-used_bytes.load(std::memory_order_relaxed));
}

void Shard::AddTtlKey(int64_t deadline) {
  expire_count.store(++ttl_keys_, std::memory_order_relaxed);
  NoteDeadline(deadline);
}

void Shard::RemoveTtlKey() {
  expire_count.store(--ttl_keys_, std::memory_order_relaxed);
  if (ttl_keys_ == 0) {
    next_due.store(INT64_MAX, std::memory_order_relaxed);
    sweep_min_ = INT64_MAX;
  }
}

void Shard::NoteDeadline(int64_t deadline) {
  sweep_min_ = std::min(sweep_min_, deadline);
  if (deadline < next_due.load(std::memory_order_relaxed))
    next_due.store(deadline, std::memory_order_relaxed);
}

bool Shard::SweepExpired(int64_t now_ms, size_t buckets, size_t* erased) {
  size_t nb = table.bucket_count();
  size_t n = 0;
  for (size_t step = 0; step < buckets && ttl_keys_ > 0; ++step) {
    if (sweep_bucket_ >= nb) {  // a whole pass is done: the earliest deadline left is known
      next_due.store(sweep_min_, std::memory_order_relaxed);
      sweep_min_ = INT64_MAX;
      sweep_bucket_ = 0;
      break;
    }
    Link l = table.BucketLink(sweep_bucket_);
    while (*l.raw()) {
      Entry* e = *l;
      if (e->has_expire() && e->expire_at() <= now_ms) {
        ReportKeyEvent(db, KeyEvent::kExpired, e->key());
        Erase(l);  // l now links the next entry of the chain
        ++n;
        continue;
      }
      if (e->has_expire()) sweep_min_ = std::min(sweep_min_, e->expire_at());
      l = Link(reinterpret_cast<uint64_t*>(e));
    }
    ++sweep_bucket_;
  }
  if (ttl_keys_ == 0) {
    next_due.store(INT64_MAX, std::memory_order_relaxed);
    sweep_min_ = INT64_MAX;
    sweep_bucket_ = 0;
  }
  expired_keys.fetch_add(n, std::memory_order_relaxed);
  *erased += n;
  return sweep_bucket_ != 0;
}

Db::Db(size_t shards, MemCounter* mem) {
  size_t n = 1;
  while (n < shards) n <<= 1, ++shard_bits_;
  shards_.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    shards_.push_back(std::make_unique<Shard>());
    shards_.back()->db = this;
    if (mem) shards_.back()->mem = mem;
  }
}

size_t Db::Size() const {
  size_t n = 0;
  for (const auto& s : shards_) n += s->key_count.load(std::memory_order_relaxed);
  return n;
}

int64_t Db::EstimateAvgTtl(int64_t now_ms) {
  size_t n = shards_.size(), step = std::max<size_t>(1, n / 16);
  int64_t sum = 0, count = 0;
  for (size_t i = 0; i < n && count < 512; i += step) {
    Shard& s = *shards_[i];
    if (s.expire_count.load(std::memory_order_relaxed) == 0) continue;
    ShardGuard lk(s);
    size_t nb = s.table.bucket_count(), got = 0;
    for (size_t b = 0; b < nb && b < 1024 && got < 32; ++b)
      s.table.ForEachInBucket(b, [&](Entry* e) {
        if (e->has_expire() && e->expire_at() > now_ms && got < 32) {
          sum += e->expire_at() - now_ms;
          ++got;
        }
      });
    count += int64_t(got);
  }
  return count ? sum / count : 0;
}

size_t Db::ExpiresSize() const {
  size_t n = 0;
  for (const auto& s : shards_) n += s->expire_count.load(std::memory_order_relaxed);
  return n;
}

void Db::Flush(bool async) {
  // Lock every shard first so FLUSHDB is atomic for other clients.
  std::vector<Shard*> all;
  for (auto& s : shards_) all.push_back(s.get());
  std::vector<Entry*> gone;
  {
    MultiLock lk(all);
    for (auto& s : shards_) s->Clear(async ? &gone : nullptr);
  }
  if (async) FreeLazily(std::move(gone));
}

Store::Store(int databases, int shards_per_db) {
  index_.reset(new std::atomic<Db*>[size_t(databases)]);
  for (int i = 0; i < databases; ++i) {
    dbs_.push_back(std::make_unique<Db>(size_t(shards_per_db), &mem_));
    index_[size_t(i)].store(dbs_.back().get());
  }
  UpdateLruClock();
}

int64_t Store::UsedMemory() const { return SumShards(&Shard::used_bytes); }

int64_t Store::WatchBytes() const { return SumShards(&Shard::watch_bytes); }

int64_t Store::StructureBytes() const {
  int64_t n = int64_t(sizeof(Store));
  for (const auto& db : dbs_)
    n += int64_t(sizeof(Db) + db->num_shards() * (sizeof(Shard) + sizeof(void*)));
  return n;
}

uint64_t Store::EvictedKeys() const { return SumShards(&Shard::evicted_keys); }

uint64_t Store::ExpiredKeys() const { return SumShards(&Shard::expired_keys); }

void Store::SwapDbs(int a, int b) {
  if (a == b) return;
  Db& da = db(a);
  Db& dbb = db(b);
  std::vector<Shard*> all;
  for (size_t i = 0; i < da.num_shards(); ++i) {
    all.push_back(&da.shard(i));
    all.push_back(&dbb.shard(i));
  }
  MultiLock lk(all);
  for (size_t i = 0; i < da.num_shards(); ++i) {
    Shard& sa = da.shard(i);
    Shard& sb = dbb.shard(i);
    // Same shard count and hashing: shard i of one db pairs with shard i of the other.
    for (Shard* s : {&sa, &sb}) {
      for (auto& [key, flags] : s->watchers) {
        uint64_t h = HashKey(key);
        if (sa.table.FindLink(key, h) || sb.table.FindLink(key, h))
          for (auto* f : flags) f->store(true, std::memory_order_relaxed);
      }
    }
    std::swap(sa.watchers, sb.watchers);  // watchers belong to the index, not the data
    int64_t wa = sa.watch_bytes.load(std::memory_order_relaxed);
    sa.watch_bytes.store(sb.watch_bytes.load(std::memory_order_relaxed), std::memory_order_relaxed);
    sb.watch_bytes.store(wa, std::memory_order_relaxed);
  }
  index_[size_t(a)].store(&dbb, std::memory_order_release);
  index_[size_t(b)].store(&da, std::memory_order_release);
}

void Store::FlushAll(bool async) {
  for (auto& db : dbs_) db->Flush(async);
}

void Store::ActiveExpireCycle(int64_t budget_us) {
  UpdateLruClock();
  int64_t start = NowUs();
  int64_t now_ms = start / 1000;
  size_t per_db = dbs_.empty() ? 0 : dbs_[0]->num_shards();
  size_t total = per_db * dbs_.size();
  // Passes over the shards whose earliest deadline has come, 64 buckets of one at a time
  // (its lock is held briefly), until none is due or the budget is spent; a shard's sweep
  // resumes where it stopped, so a burst of expiring keys goes at the rate the budget
  // allows.
  for (bool more = true; more;) {
    more = false;
    for (size_t step = 0; step < total; ++step) {
      size_t idx = (expire_cursor_ + step) % total;
      Shard& s = dbs_[idx / per_db]->shard(idx % per_db);
      if (s.next_due.load(std::memory_order_relaxed) > now_ms) continue;
      {
        std::unique_lock lk(s.mu, std::try_to_lock);
        if (!lk.owns_lock()) continue;  // busy: a client is working there; next cycle
        size_t erased = 0;
        if (s.SweepExpired(now_ms, 64, &erased)) more = true;
      }
      if ((step & 15) == 0 && NowUs() - start > budget_us) {
        expire_cursor_ = idx + 1;
        return;
      }
    }
  }
}

MultiLock::MultiLock(absl::Span<Shard* const> shards) : shards_(shards.begin(), shards.end()) {
  std::sort(shards_.begin(), shards_.end(), std::less<Shard*>());
  shards_.erase(std::unique(shards_.begin(), shards_.end()), shards_.end());
  if (t_held || t_multi)
    shards_.erase(std::remove_if(shards_.begin(), shards_.end(), HeldByThisThread),
                  shards_.end());
  for (Shard* s : shards_) s->mu.lock();
  prev_ = t_multi;
  t_multi = &shards_;
}

HeldShards::HeldShards(std::vector<Shard*> shards) : shards_(std::move(shards)) {
  std::sort(shards_.begin(), shards_.end(), std::less<Shard*>());
  shards_.erase(std::unique(shards_.begin(), shards_.end()), shards_.end());
  for (Shard* s : shards_) s->mu.lock();
  t_held = &shards_;
}

HeldShards::~HeldShards() {
  ServeAllReady(shards_);  // pushes inside MULTI/EXEC wake their waiters after the EXEC
  t_held = nullptr;
  for (auto it = shards_.rbegin(); it != shards_.rend(); ++it) (*it)->mu.unlock();
}

MultiLock::~MultiLock() {
  ServeAllReady(shards_);
  t_multi = prev_;
  for (auto it = shards_.rbegin(); it != shards_.rend(); ++it) (*it)->mu.unlock();
}

}  // namespace tessera::storage
