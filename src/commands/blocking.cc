#include "commands/blocking.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/cleanup/cleanup.h"
#include "commands/context.h"
#include "commands/notify.h"
#include "core/clock.h"
#include "core/strutil.h"

namespace tessera::commands {

namespace {

using storage::KeyLoc;
using storage::Shard;

std::atomic<const Config*> g_config{nullptr};
std::atomic<ServerState*> g_server{nullptr};

// Keyspace events of the waiters served on this thread, published after the command that
// served them (PublishServedEvents): Redis serves blocked clients after the command, so
// their pops (and the "del" of a key they emptied) follow the command's own events.
struct ServedEvent {
  uint32_t cls;
  std::string_view event;
  std::string key;
  const storage::Db* db;
};
thread_local std::vector<ServedEvent> t_served_events;

bool EventsWanted() {
  ServerState* s = g_server.load(std::memory_order_relaxed);
  return s && (s->config().notify_flags() & (notify::kKeyspace | notify::kKeyevent));
}

void QueueEvent(uint32_t cls, std::string_view event, std::string_view key, const storage::Db* db) {
  t_served_events.push_back({cls, event, std::string(key), db});
  t_served_events_pending = true;
}

int64_t Fill() {
  const Config* c = g_config.load(std::memory_order_relaxed);
  return c ? c->list_max_listpack_size() : -2;
}

// Keys whose BLMOVE waiter could not be served at once (destination shard busy).
struct Deferred {
  storage::Db* db;
  std::string key;
};
thread_local std::vector<Deferred> t_deferred;
thread_local int t_depth = 0;  // nested serving through BLMOVE destinations
thread_local std::vector<const Shard*> t_serving;  // shards being served on this thread

bool HeldHere(const Shard* s) {
  return storage::HeldByThisThread(s) ||
         std::find(t_serving.begin(), t_serving.end(), s) != t_serving.end();
}

// Pops for w from the list at loc (held), formats its reply and marks it served. False when
// it must stay queued (its BLMOVE destination could not be locked now).
bool ServeOne(BlockedClient* w, Shard& s, const KeyLoc& loc) {
  int expected = BlockedClient::kWaiting;
  if (!w->state.compare_exchange_strong(expected, BlockedClient::kServing)) return true;
  w->reply.clear();
  // A key this serve empties gets its "del" among the served events, after the pop, rather
  // than among the serving command's own.
  bool events = EventsWanted();
  bool collecting = storage::CollectingEmptied();
  storage::SetCollectEmptied(false);
  auto restore = absl::MakeCleanup([&] { storage::SetCollectEmptied(collecting); });
  using ops::list::End;
  protocol::ReplyBuilder rb(&w->reply);
  rb.set_resp_version(w->resp);
  auto bulk = [&](std::string_view v) { rb.SendBulk(v); };
  switch (w->kind) {
    case BlockedClient::kPop:
      ops::list::PopLocked(loc, w->end, 1, [&](size_t) {
        rb.StartArray(2);
        rb.SendBulk(loc.key);
      }, bulk);
      if (events) QueueEvent(notify::kList, w->end == End::kHead ? "lpop" : "rpop", loc.key, w->db);
      break;
    case BlockedClient::kMPop:
      ops::list::PopLocked(loc, w->end, w->count, [&](size_t n) {
        rb.StartArray(2);
        rb.SendBulk(loc.key);
        rb.StartArray(n);
      }, bulk);
      if (events) QueueEvent(notify::kList, w->end == End::kHead ? "lpop" : "rpop", loc.key, w->db);
      break;
    case BlockedClient::kZPop:
    case BlockedClient::kZMPop: {
      bool mpop = w->kind == BlockedClient::kZMPop;
      ops::zset::PopLocked(loc, w->max, w->count, [&](size_t n) {
        rb.StartArray(mpop ? 2 : 3);
        rb.SendBulk(loc.key);
        if (mpop) rb.StartArray(n);
      }, [&](std::string_view m, double score) {
        if (mpop) rb.StartArray(2);
        rb.SendBulk(m);
        rb.SendDouble(score);
      });
      if (events) QueueEvent(notify::kZSet, w->max ? "zpopmax" : "zpopmin", loc.key, w->db);
      break;
    }
    case BlockedClient::kMove: {
      KeyLoc d = storage::Locate(*w->db, w->dst);
      bool held = d.shard == &s || HeldHere(d.shard);
      if (!held && (t_depth >= 8 || !d.shard->mu.try_lock())) {
        w->state.store(BlockedClient::kWaiting, std::memory_order_release);
        t_deferred.push_back({w->db, std::string(loc.key)});
        t_blocking_deferred = true;
        return false;
      }
      if (!ops::list::DstIsListOrMissing(d)) {
        rb.SendError(errors::kWrongType);
      } else {
        std::string v;
        ops::list::PopLocked(loc, w->end, 1, [](size_t) {},
                             [&](std::string_view x) { v.assign(x); });
        ops::list::PushLocked(d, w->to, v, Fill());
        rb.SendBulk(v);
        if (events) {  // as LMOVE: the push, then the pop
          QueueEvent(notify::kList, w->to == End::kHead ? "lpush" : "rpush", w->dst, w->db);
          QueueEvent(notify::kList, w->end == End::kHead ? "lpop" : "rpop", loc.key, w->db);
        }
      }
      if (!held) {
        ++t_depth;
        d.shard->Unlock();  // serves the destination's own waiters first
        --t_depth;
      }
      break;
    }
  }
  if (events && !s.Find(loc.key, loc.hash, FastClock::NowMs()))
    QueueEvent(notify::kGeneric, "del", loc.key, w->db);
  w->state.store(BlockedClient::kServed, std::memory_order_release);
  w->waker.Wake();
  return true;
}

storage::ValueType WaitsFor(const BlockedClient& w) {
  return w.kind == BlockedClient::kZPop || w.kind == BlockedClient::kZMPop
             ? storage::ValueType::kZSet
             : storage::ValueType::kList;
}

// The store's ReadyHook: s is held by this thread; key has just become ready.
void ServeReadyKey(Shard& s, const std::string& key) {
  auto it = s.waiting.find(key);
  if (it == s.waiting.end()) return;
  t_serving.push_back(&s);
  auto& q = it->second;
  // Oldest first; a waiter for another type than the key's value (BLPOP on a key that got a
  // sorted set) keeps its place.
  for (size_t i = 0; i < q.size();) {
    auto* w = static_cast<BlockedClient*>(q[i].get());
    if (w->state.load(std::memory_order_acquire) != BlockedClient::kWaiting) {
      q.erase(q.begin() + ptrdiff_t(i));  // finished already (served elsewhere, timed out)
      continue;
    }
    KeyLoc loc = storage::Locate(*w->db, key);
    if (loc.shard != &s) break;  // cannot happen: a key's waiters live in its shard
    storage::Entry* e = s.Find(key, loc.hash, FastClock::NowMs());
    if (!e) break;
    if (e->type() != WaitsFor(*w)) {
      ++i;
      continue;
    }
    if (!ServeOne(w, s, loc)) break;
    q.erase(q.begin() + ptrdiff_t(i));
  }
  // ServeOne may have served other keys of this shard (a BLMOVE destination here): look
  // the queue up again rather than trusting the iterator.
  it = s.waiting.find(key);
  if (it != s.waiting.end() && it->second.empty()) s.waiting.erase(it);
  t_serving.pop_back();
}

// Removes w from the wait queues of its keys.
void Forget(BlockedClient* w) {
  for (const auto& k : w->keys) {
    KeyLoc loc = storage::Locate(*w->db, k);
    storage::ShardGuard lk(*loc.shard);
    auto it = loc.shard->waiting.find(k);
    if (it == loc.shard->waiting.end()) continue;
    auto& q = it->second;
    q.erase(std::remove_if(q.begin(), q.end(), [w](const auto& r) { return r.get() == w; }),
            q.end());
    if (q.empty()) loc.shard->waiting.erase(it);
  }
}

}  // namespace

bool ParseBlockTimeout(std::string_view arg, CommandContext& ctx, int64_t* ms) {
  long double v;
  if (!ParseLongDouble(arg, &v)) {  // Redis's string2ld rules: no spaces, no NaN
    ctx.reply().SendError("ERR timeout is not a float or out of range");
    return false;
  }
  long double t = ceill(v * 1000.0L);
  // Redis 7.0 casts the milliseconds to a long long: past its range (inf included) the
  // x86-64 cast gives LLONG_MIN, so a huge timeout is reported as negative.
  if (!(t < 9223372036854775808.0L) || t < 0) {
    ctx.reply().SendError(errors::kTimeoutNegative);
    return false;
  }
  int64_t tval = int64_t(t);
  *ms = tval;
  return true;
}

std::shared_ptr<BlockedClient> NewWaiter(CommandContext& ctx, BlockedClient::Kind kind) {
  auto w = std::make_shared<BlockedClient>();
  w->kind = kind;
  w->db = &ctx.db();
  w->resp = ctx.reply().resp_version();
  w->waker = ctx.client().waker;
  return w;
}

void Block(CommandContext& ctx, std::shared_ptr<BlockedClient> w, int64_t timeout_ms) {
  if (timeout_ms > 0) {
    w->deadline_ms = MonotonicMs() + timeout_ms;
    ctx.client().waker.WakeAt(w->deadline_ms);
  }
  ctx.client().set_blocked(std::move(w));
  ctx.server().blocked_clients.fetch_add(1, std::memory_order_relaxed);
}

bool ResumeBlocked(ServerState& server, ClientState& client, protocol::ReplyBuilder& reply) {
  if (!client.is_blocked()) return false;
  std::shared_ptr<BlockedClient> w = client.blocked();
  int st = w->state.load(std::memory_order_acquire);
  if (st == BlockedClient::kWaiting && w->deadline_ms > 0 && MonotonicMs() >= w->deadline_ms) {
    int expected = BlockedClient::kWaiting;
    w->state.compare_exchange_strong(expected, BlockedClient::kTimedOut);
    st = w->state.load(std::memory_order_acquire);
  }
  if (st == BlockedClient::kWaiting || st == BlockedClient::kServing) return false;
  switch (st) {
    case BlockedClient::kServed: reply.output()->append(w->reply); break;
    case BlockedClient::kUnblockedError:
      reply.SendError("UNBLOCKED client unblocked via CLIENT UNBLOCK");
      break;
    default:  // timed out, unblocked with TIMEOUT
      if (w->kind == BlockedClient::kMove) reply.SendNull();
      else reply.SendNullArray();
  }
  Forget(w.get());
  client.set_blocked(nullptr);
  client.waker.WakeAt(0);
  server.blocked_clients.fetch_sub(1, std::memory_order_relaxed);
  return true;
}

void CancelBlocked(ServerState& server, ClientState& client) {
  if (!client.is_blocked()) return;
  std::shared_ptr<BlockedClient> w = client.blocked();
  int expected = BlockedClient::kWaiting;
  while (!w->state.compare_exchange_weak(expected, BlockedClient::kCancelled)) {
    if (expected != BlockedClient::kWaiting && expected != BlockedClient::kServing) break;
    expected = BlockedClient::kWaiting;  // a server thread is mid-serve: it finishes soon
  }
  Forget(w.get());
  client.set_blocked(nullptr);
  server.blocked_clients.fetch_sub(1, std::memory_order_relaxed);
}

bool UnblockClient(ClientState& target, bool with_error) {
  std::shared_ptr<BlockedClient> w = target.blocked();
  if (!w) return false;
  int expected = BlockedClient::kWaiting;
  if (!w->state.compare_exchange_strong(
          expected, with_error ? BlockedClient::kUnblockedError : BlockedClient::kUnblockedTimeout))
    return false;
  w->waker.Wake();
  return true;
}

thread_local bool t_blocking_deferred = false;
thread_local bool t_served_events_pending = false;

void PublishServedEventsWork() {
  t_served_events_pending = false;
  std::vector<ServedEvent> events;
  events.swap(t_served_events);
  ServerState* server = g_server.load(std::memory_order_relaxed);
  if (!server) return;
  for (const ServedEvent& e : events) Notify(*server, e.cls, e.event, e.key, *e.db);
}

void ServeDeferredWork() {
  std::vector<Deferred> work;
  work.swap(t_deferred);
  t_blocking_deferred = false;
  for (const Deferred& d : work) {
    KeyLoc loc = storage::Locate(*d.db, d.key);
    // Lock the key's shard with the destinations its first BLMOVE waiters need, in order.
    storage::ShardList shards{loc.shard};
    {
      storage::ShardGuard peek(*loc.shard);
      auto it = loc.shard->waiting.find(d.key);
      if (it == loc.shard->waiting.end()) continue;
      for (const auto& r : it->second) {
        auto* w = static_cast<BlockedClient*>(r.get());
        if (w->kind == BlockedClient::kMove)
          shards.push_back(storage::Locate(*w->db, w->dst).shard);
        if (shards.size() >= 8) break;
      }
    }
    storage::MultiLock lk(shards);
    loc.shard->MarkReady(d.key);  // served as the locks are released
  }
  PublishServedEvents();
}

void InstallBlocking(ServerState* server) {
  g_config.store(&server->config(), std::memory_order_relaxed);
  g_server.store(server, std::memory_order_relaxed);
  storage::SetReadyHook(&ServeReadyKey);
}

void RemoveBlocking(ServerState* server) {
  ServerState* expect = server;
  g_server.compare_exchange_strong(expect, nullptr);
}

}  // namespace tessera::commands
