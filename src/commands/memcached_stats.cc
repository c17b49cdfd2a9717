// The memcached front end's shared state: statistics, connections, flush_all, verbosity,
// the memory limit (see memcached_internal.h).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "commands/memcached.h"
#include "commands/memcached_internal.h"
#include "commands/server_state.h"
#include "core/clock.h"
#include "core/config.h"
#include "storage/ops/string_ops.h"

namespace tessera::commands {
namespace mc {
namespace {

// Per-thread counters (plain relaxed stores by their thread), summed by `stats`; a
// thread's counts are kept when it ends.
struct Counters {
  std::atomic<uint64_t> v[kStatCount] = {};
};

struct StatsRegistry {
  std::mutex mu;
  std::vector<Counters*> live;
  uint64_t retired[kStatCount] = {};
  uint64_t base[kStatCount] = {};  // `stats reset` subtracts what was counted before
};
StatsRegistry& Registry() {
  static auto* r = new StatsRegistry();  // outlives every thread's counters
  return *r;
}

struct ThreadCounters {
  Counters c;
  ThreadCounters() {
    std::lock_guard lk(Registry().mu);
    Registry().live.push_back(&c);
  }
  ~ThreadCounters() {
    auto& r = Registry();
    std::lock_guard lk(r.mu);
    for (size_t i = 0; i < kStatCount; ++i) r.retired[i] += c.v[i].load();
    std::erase(r.live, &c);
  }
};

// The counts since start (without the reset base).
void Totals(StatsRegistry& r, uint64_t out[kStatCount]) {
  for (size_t i = 0; i < kStatCount; ++i) {
    out[i] = r.retired[i];
    for (Counters* c : r.live) out[i] += c->v[i].load(std::memory_order_relaxed);
  }
}

void SumStats(uint64_t out[kStatCount]) {
  auto& r = Registry();
  std::lock_guard lk(r.mu);
  Totals(r, out);
  for (size_t i = 0; i < kStatCount; ++i) out[i] -= std::min(out[i], r.base[i]);
}

void ResetStats() {
  auto& r = Registry();
  std::lock_guard lk(r.mu);
  Totals(r, r.base);
}

std::atomic<int64_t> g_curr_conns{0};
std::atomic<uint64_t> g_total_conns{0};
std::atomic<int64_t> g_flush_at_ms{0};  // a delayed flush_all (0 = none)
std::atomic<uint32_t> g_verbosity{0};

// One statistic: text as it is, numbers in decimal.
template <typename T>
void Put(StatSink sink, std::string_view name, T v) {
  if constexpr (std::is_convertible_v<T, std::string_view>)
    sink(name, std::string_view(v));
  else
    sink(name, std::to_string(v));
}

void General(ServerState& server, StatSink sink) {
  auto S = [&](std::string_view n, auto v) { Put(sink, n, v); };
  const Config& cfg = server.config();
  uint64_t c[kStatCount];
  SumStats(c);
  int64_t now = FastClock::NowMs();
  storage::Db& db = server.store().db(0);
  int64_t bytes = 0;
  for (size_t i = 0; i < db.num_shards(); ++i)
    bytes += db.shard(i).used_bytes.load(std::memory_order_relaxed);
  S("pid", int64_t(getpid()));
  S("uptime", (now - server.start_ms()) / 1000);
  S("time", now / 1000);
  S("version", kVersion);
  S("pointer_size", int(8 * sizeof(void*)));
  S("max_connections", cfg.maxclients());
  S("curr_connections", g_curr_conns.load());
  S("total_connections", g_total_conns.load());
  S("cmd_get", c[kCmdGet]);
  S("cmd_set", c[kCmdSet]);
  S("cmd_flush", c[kCmdFlush]);
  S("cmd_touch", c[kCmdTouch]);
  S("get_hits", c[kGetHits]);
  S("get_misses", c[kGetMisses]);
  S("get_expired", c[kGetExpired]);
  S("get_flushed", c[kGetFlushed]);
  S("delete_misses", c[kDeleteMisses]);
  S("delete_hits", c[kDeleteHits]);
  S("incr_misses", c[kIncrMisses]);
  S("incr_hits", c[kIncrHits]);
  S("decr_misses", c[kDecrMisses]);
  S("decr_hits", c[kDecrHits]);
  S("cas_misses", c[kCasMisses]);
  S("cas_hits", c[kCasHits]);
  S("cas_badval", c[kCasBadval]);
  S("touch_hits", c[kTouchHits]);
  S("touch_misses", c[kTouchMisses]);
  S("store_too_large", c[kStoreTooLarge]);
  S("store_no_memory", c[kStoreNoMemory]);
  // Both front ends' traffic: the connections share one count.
  S("bytes_read", server.stats().net_input_bytes.load(std::memory_order_relaxed));
  S("bytes_written", server.stats().net_output_bytes.load(std::memory_order_relaxed));
  S("limit_maxbytes", cfg.maxmemory());
  S("threads", server.io_threads);
  S("bytes", bytes);
  S("curr_items", int64_t(db.Size()));
  S("total_items", c[kTotalItems]);
  S("evictions", server.store().EvictedKeys());
}

void Settings(ServerState& server, StatSink sink) {
  auto S = [&](std::string_view n, auto v) { Put(sink, n, v); };
  const Config& cfg = server.config();
  S("maxbytes", cfg.maxmemory());
  S("maxconns", cfg.maxclients());
  S("verbosity", g_verbosity.load(std::memory_order_relaxed));
  S("tcpport", cfg.memcached_port());
  S("udpport", 0);
  S("inter", cfg.bind());
  S("evictions", "on");
  S("cas_enabled", "yes");
  S("num_threads", server.io_threads);
  S("item_size_max", cfg.max_item_size());
  S("binding_protocol", "auto-negotiate");
}

}  // namespace

void Count(Stat s, uint64_t n) {
  thread_local ThreadCounters t;
  auto& a = t.c.v[s];
  a.store(a.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

bool EmitStats(ServerState& server, std::string_view group, StatSink sink) {
  if (group.empty()) {
    General(server, sink);
  } else if (group == "settings") {
    Settings(server, sink);
  } else if (group == "reset") {
    ResetStats();
  } else if (group == "items" || group == "slabs" || group == "sizes" || group == "conns") {
    // Tessera has no slab classes: these groups are empty.
  } else {
    return false;
  }
  return true;
}

int64_t Deadline(int64_t exptime) {
  if (exptime == 0) return 0;
  if (exptime < 0) return ops::string::kExpired;
  int64_t now = FastClock::NowMs();
  if (exptime > 30 * 24 * 3600) {
    int64_t at = exptime * 1000;
    return at <= now ? ops::string::kExpired : at;
  }
  return now + exptime * 1000;
}

void FlushAll(ServerState& server, int64_t delay) {
  int64_t at = delay > 0 ? Deadline(delay) : 0;
  if (at > 0) {
    g_flush_at_ms.store(at);
  } else {
    g_flush_at_ms.store(0);
    server.store().db(0).Flush();
  }
}

void SetVerbosity(uint32_t level) { g_verbosity.store(level, std::memory_order_relaxed); }

void SetMemLimit(ServerState& server, uint64_t megabytes) {
  std::string err;
  server.config().Set("maxmemory", std::to_string(megabytes * 1024 * 1024), &err);
}

}  // namespace mc

void McConnectionOpened() {
  mc::g_curr_conns.fetch_add(1, std::memory_order_relaxed);
  mc::g_total_conns.fetch_add(1, std::memory_order_relaxed);
}
void McConnectionClosed() { mc::g_curr_conns.fetch_sub(1, std::memory_order_relaxed); }

void McCron(ServerState& server, int64_t now_ms) {
  int64_t at = mc::g_flush_at_ms.load(std::memory_order_relaxed);
  if (at == 0 || now_ms < at) return;
  if (mc::g_flush_at_ms.compare_exchange_strong(at, 0)) server.store().db(0).Flush();
}

}  // namespace tessera::commands
