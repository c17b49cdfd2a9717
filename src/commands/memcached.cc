// memcached 1.6's text protocol over db 0 (see memcached.h). Reply strings, argument
// checks and their order follow memcached 1.6.18 as observed (tests/integration's
// memcached differential script compares the two byte for byte).
#include "commands/memcached.h"

#include <unistd.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "commands/server_state.h"
#include "core/clock.h"
#include "core/config.h"
#include "storage/ops/keyspace_ops.h"
#include "storage/ops/string_ops.h"

namespace tessera::commands {
namespace {

using protocol::McRequest;
using protocol::McParser;
using Frame = McRequest::Frame;
namespace sops = ops::string;
using sops::ItemMode;
using sops::ItemResult;

constexpr const char* kVersion = "1.6.18";
constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";
constexpr std::string_view kBadExptime = "CLIENT_ERROR invalid exptime argument";

// ---- statistics: per-thread counters (plain relaxed stores by their thread), summed by
// `stats`; a thread's counts are kept when it ends.
enum Stat : size_t {
  kCmdGet, kCmdSet, kCmdFlush, kCmdTouch, kGetHits, kGetMisses, kGetExpired, kGetFlushed,
  kDeleteMisses, kDeleteHits, kIncrMisses, kIncrHits, kDecrMisses, kDecrHits, kCasMisses,
  kCasHits, kCasBadval, kTouchHits, kTouchMisses, kStoreTooLarge, kTotalItems, kStatCount
};

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

void Count(Stat s, uint64_t n = 1) {
  thread_local ThreadCounters t;
  auto& a = t.c.v[s];
  a.store(a.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

void SumStats(uint64_t out[kStatCount]) {
  auto& r = Registry();
  std::lock_guard lk(r.mu);
  for (size_t i = 0; i < kStatCount; ++i) {
    out[i] = r.retired[i];
    for (Counters* c : r.live) out[i] += c->v[i].load(std::memory_order_relaxed);
    out[i] -= std::min(out[i], r.base[i]);
  }
}

void ResetStats() {
  uint64_t now[kStatCount];
  auto& r = Registry();
  std::lock_guard lk(r.mu);
  for (size_t i = 0; i < kStatCount; ++i) {
    now[i] = r.retired[i];
    for (Counters* c : r.live) now[i] += c->v[i].load(std::memory_order_relaxed);
    r.base[i] = now[i];
  }
}

std::atomic<int64_t> g_curr_conns{0};
std::atomic<uint64_t> g_total_conns{0};
std::atomic<int64_t> g_flush_at_ms{0};  // a delayed flush_all (0 = none)

storage::Db& Db0(McContext& ctx) { return ctx.server.store().db(0); }

// memcached's exptime: 0 = never; negative = already expired; up to 30 days relative;
// beyond, an absolute unix time (expired unless in the future).
int64_t Deadline(int32_t exptime) {
  if (exptime == 0) return 0;
  if (exptime < 0) return sops::kExpired;
  int64_t now = FastClock::NowMs();
  if (exptime > 30 * 24 * 3600) {
    int64_t at = int64_t(exptime) * 1000;
    return at <= now ? sops::kExpired : at;
  }
  return now + int64_t(exptime) * 1000;
}

// memcached's set_noreply_maybe: a last token "noreply" silences the reply, errors too.
bool NoReply(const std::vector<std::string_view>& t) { return t.back() == "noreply"; }

class Replier {
 public:
  Replier(McContext& ctx, bool noreply) : ctx_(ctx), noreply_(noreply) {}
  void Line(std::string_view s) {
    if (!noreply_) ctx_.reply.Line(s);
  }

 private:
  McContext& ctx_;
  bool noreply_;
};

// set add replace append prepend cas <key> <flags> <exptime> <bytes> [<cas>] [noreply]
void CmdStore(const McRequest& req, McContext& ctx, ItemMode mode) {
  const auto& t = req.tokens;
  Replier r(ctx, NoReply(t));
  switch (req.frame) {
    case Frame::kBadLength: return r.Line(kBadFormat);
    case Frame::kTooLarge:
      Count(kStoreTooLarge);
      return r.Line("SERVER_ERROR object too large for cache");
    case Frame::kBadChunk: return r.Line("CLIENT_ERROR bad data chunk");
    default: break;
  }
  uint32_t flags = 0;
  int32_t exptime = 0;
  uint64_t cas = 0;
  protocol::ParseMcFlags(t[2], &flags);  // the parser checked all three
  protocol::ParseMcInt32(t[3], &exptime);
  if (mode == ItemMode::kCas) protocol::ParseMcU64(t[5], &cas);
  Count(kCmdSet);
  ItemResult res = sops::StoreItem(Db0(ctx), t[1], req.data, flags, Deadline(exptime), mode, cas);
  if (mode == ItemMode::kCas)
    Count(res == ItemResult::kStored ? kCasHits
          : res == ItemResult::kExists ? kCasBadval : kCasMisses);
  if (res == ItemResult::kStored) Count(kTotalItems);
  switch (res) {
    case ItemResult::kStored: return r.Line("STORED");
    case ItemResult::kNotStored: return r.Line("NOT_STORED");
    case ItemResult::kExists: return r.Line("EXISTS");
    default: return r.Line("NOT_FOUND");
  }
}

// get gets <key>* / gat gats <exptime> <key>*
void CmdGet(const McRequest& req, McContext& ctx, bool with_cas, bool touch) {
  const auto& t = req.tokens;
  size_t first = touch ? 2 : 1;
  if (t.size() < 2) return ctx.reply.Line("ERROR");  // "gat <exptime>" alone gets END
  int64_t deadline = 0;
  if (touch) {
    int32_t ex;
    if (!protocol::ParseMcInt32(t[1], &ex)) return ctx.reply.Line(kBadExptime);
    deadline = Deadline(ex);
  }
  for (size_t i = first; i < t.size(); ++i)
    if (t[i].size() > McParser::kMaxKey) return ctx.reply.Line(kBadFormat);
  storage::Db& db = Db0(ctx);
  for (size_t i = first; i < t.size(); ++i) {
    std::string_view key = t[i];
    bool hit = sops::GetItem(db, key, with_cas, touch, deadline,
                             [&](const sops::ItemView& it) {
                               ctx.reply.Value(key, it.flags, it.value, it.owner,
                                               with_cas ? &it.cas : nullptr);
                             });
    Count(kCmdGet);
    Count(hit ? kGetHits : kGetMisses);
    if (touch) {
      Count(kCmdTouch);
      Count(hit ? kTouchHits : kTouchMisses);
    }
  }
  ctx.reply.Line("END");
}

// delete <key> [0] [noreply]
void CmdDelete(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() < 2 || t.size() > 4) return ctx.reply.Line("ERROR");
  bool noreply = NoReply(t);
  Replier r(ctx, noreply);
  if (t.size() > 2) {
    bool zero = t[2] == "0";
    bool ok = (t.size() == 3 && (zero || noreply)) || (t.size() == 4 && zero && noreply);
    if (!ok) return r.Line("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]");
  }
  if (t[1].size() > McParser::kMaxKey) return r.Line(kBadFormat);
  std::string_view key = t[1];
  bool hit = ops::keyspace::Del(Db0(ctx), absl::MakeConstSpan(&key, 1)) > 0;
  Count(hit ? kDeleteHits : kDeleteMisses);
  r.Line(hit ? "DELETED" : "NOT_FOUND");
}

// incr decr <key> <delta> [noreply]
void CmdIncr(const McRequest& req, McContext& ctx, bool incr) {
  const auto& t = req.tokens;
  if (t.size() != 3 && t.size() != 4) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  if (t[1].size() > McParser::kMaxKey) return r.Line(kBadFormat);
  uint64_t delta;
  if (!protocol::ParseMcU64(t[2], &delta))
    return r.Line("CLIENT_ERROR invalid numeric delta argument");
  uint64_t v = 0;
  ItemResult res = sops::IncrItem(Db0(ctx), t[1], delta, incr, &v);
  if (res == ItemResult::kNotFound) {
    Count(incr ? kIncrMisses : kDecrMisses);
    return r.Line("NOT_FOUND");
  }
  if (res == ItemResult::kNonNumeric)
    return r.Line("CLIENT_ERROR cannot increment or decrement non-numeric value");
  Count(incr ? kIncrHits : kDecrHits);
  r.Line(std::to_string(v));
}

// touch <key> <exptime> [noreply]
void CmdTouch(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() != 3 && t.size() != 4) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  if (t[1].size() > McParser::kMaxKey) return r.Line(kBadFormat);
  int32_t ex;
  if (!protocol::ParseMcInt32(t[2], &ex)) return r.Line(kBadExptime);
  Count(kCmdTouch);
  bool hit = sops::TouchItem(Db0(ctx), t[1], Deadline(ex)) == ItemResult::kStored;
  Count(hit ? kTouchHits : kTouchMisses);
  r.Line(hit ? "TOUCHED" : "NOT_FOUND");
}

// flush_all [delay] [noreply]
void CmdFlushAll(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() > 3) return ctx.reply.Line("ERROR");
  bool noreply = t.size() > 1 && t.back() == "noreply";
  Replier r(ctx, noreply);
  Count(kCmdFlush);
  int64_t at = 0;
  if (t.size() == (noreply ? 3u : 2u)) {
    int32_t delay;
    if (!protocol::ParseMcInt32(t[1], &delay)) return r.Line(kBadExptime);
    if (delay > 0) at = Deadline(delay);
  }
  if (at > 0) {
    g_flush_at_ms.store(at);
  } else {
    g_flush_at_ms.store(0);
    Db0(ctx).Flush();
  }
  r.Line("OK");
}

// verbosity <level> [noreply]
void CmdVerbosity(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.size() != 2 && t.size() != 3) return ctx.reply.Line("ERROR");
  Replier r(ctx, NoReply(t));
  uint32_t level;
  if (!protocol::ParseMcFlags(t[1], &level)) return r.Line(kBadFormat);
  r.Line("OK");
}

void StatLine(McContext& ctx, std::string_view name, const std::string& value) {
  std::string s = "STAT ";
  s.append(name).append(" ").append(value);
  ctx.reply.Line(s);
}

// stats [settings|reset]
void CmdStats(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  Config& cfg = ctx.server.config();
  if (t.size() == 2 && t[1] == "reset") {
    ResetStats();
    return ctx.reply.Line("RESET");
  }
  auto S = [&](std::string_view n, auto v) {
    if constexpr (std::is_convertible_v<decltype(v), std::string_view>)
      StatLine(ctx, n, std::string(v));
    else
      StatLine(ctx, n, std::to_string(v));
  };
  if (t.size() == 2 && t[1] == "settings") {
    S("maxbytes", cfg.maxmemory());
    S("maxconns", cfg.maxclients());
    S("tcpport", cfg.memcached_port());
    S("udpport", 0);
    S("inter", cfg.bind());
    S("evictions", "on");
    S("cas_enabled", "yes");
    S("num_threads", ctx.server.io_threads);
    S("item_size_max", cfg.max_item_size());
    S("binding_protocol", "ascii");
    ctx.reply.Line("END");
    return;
  }
  if (t.size() > 1) {
    if (t[1] == "items" || t[1] == "slabs" || t[1] == "sizes" || t[1] == "conns")
      return ctx.reply.Line("END");
    return ctx.reply.Line("ERROR");
  }
  uint64_t c[kStatCount];
  SumStats(c);
  int64_t now = FastClock::NowMs();
  storage::Db& db = Db0(ctx);
  int64_t bytes = 0;
  for (size_t i = 0; i < db.num_shards(); ++i)
    bytes += db.shard(i).used_bytes.load(std::memory_order_relaxed);
  S("pid", int64_t(getpid()));
  S("uptime", (now - ctx.server.start_ms()) / 1000);
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
  S("limit_maxbytes", cfg.maxmemory());
  S("threads", ctx.server.io_threads);
  S("bytes", bytes);
  S("curr_items", int64_t(db.Size()));
  S("total_items", c[kTotalItems]);
  S("evictions", 0);
  ctx.reply.Line("END");
}

}  // namespace

void McExecute(const McRequest& req, McContext& ctx) {
  const auto& t = req.tokens;
  if (t.empty()) return ctx.reply.Line("ERROR");
  std::string_view c = t[0];
  if (req.frame != Frame::kLine) {  // the parser framed a storage command
    if (c == "set") return CmdStore(req, ctx, ItemMode::kSet);
    if (c == "add") return CmdStore(req, ctx, ItemMode::kAdd);
    if (c == "replace") return CmdStore(req, ctx, ItemMode::kReplace);
    if (c == "append") return CmdStore(req, ctx, ItemMode::kAppend);
    if (c == "prepend") return CmdStore(req, ctx, ItemMode::kPrepend);
    if (c == "cas") return CmdStore(req, ctx, ItemMode::kCas);
    return ctx.reply.Line("ERROR");  // ms: the meta commands come later
  }
  if (c == "get") return CmdGet(req, ctx, false, false);
  if (c == "gets") return CmdGet(req, ctx, true, false);
  if (c == "gat") return CmdGet(req, ctx, false, true);
  if (c == "gats") return CmdGet(req, ctx, true, true);
  if (c == "delete") return CmdDelete(req, ctx);
  if (c == "incr") return CmdIncr(req, ctx, true);
  if (c == "decr") return CmdIncr(req, ctx, false);
  if (c == "touch") return CmdTouch(req, ctx);
  if (c == "flush_all") return CmdFlushAll(req, ctx);
  if (c == "verbosity") return CmdVerbosity(req, ctx);
  if (c == "stats") return CmdStats(req, ctx);
  if (c == "version") return ctx.reply.Line(std::string("VERSION ") + kVersion);
  if (c == "mn") return ctx.reply.Line("MN");
  if (c == "quit") {
    ctx.close = true;
    return;
  }
  ctx.reply.Line("ERROR");
}

void McConnectionOpened() {
  g_curr_conns.fetch_add(1, std::memory_order_relaxed);
  g_total_conns.fetch_add(1, std::memory_order_relaxed);
}
void McConnectionClosed() { g_curr_conns.fetch_sub(1, std::memory_order_relaxed); }

void McCron(ServerState& server, int64_t now_ms) {
  int64_t at = g_flush_at_ms.load(std::memory_order_relaxed);
  if (at == 0 || now_ms < at) return;
  if (g_flush_at_ms.compare_exchange_strong(at, 0)) server.store().db(0).Flush();
}

}  // namespace tessera::commands
