// CLIENT TRACKING, CACHING, GETREDIR, TRACKINGINFO and the tracking table
// (commands/tracking.h).
#include "commands/tracking.h"

#include <algorithm>
#include <tuple>

#include "commands/context.h"
#include "commands/pubsub.h"
#include "core/clock.h"
#include "core/strutil.h"
#include "storage/store.h"

namespace tessera::commands {

namespace {

// The client whose command runs on this thread (NOLOOP skips its own changes).
thread_local uint64_t t_writer = 0;

absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

void AppendInvalidation(std::string* out, bool resp3, absl::Span<const std::string_view> keys,
                        bool null) {
  if (resp3) out->append(">2\r\n$10\r\ninvalidate\r\n");
  else out->append("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n");
  if (null) {
    out->append("_\r\n");  // Redis sends RESP3's null to RESP2 clients too
    return;
  }
  StrAppend(out, "*", keys.size(), "\r\n");
  for (std::string_view key : keys) {
    StrAppend(out, "$", key.size(), "\r\n");
    out->append(key);
    out->append("\r\n");
  }
}

// BCAST invalidations of the command running on this thread, sent together after it (as
// Redis sends a prefix's keys once per event-loop turn): one message per (prefix, client)
// with the keys in byte order, each once.
struct PendingBroadcast {
  std::string prefix;
  uint64_t id;
  std::string key;
  bool operator<(const PendingBroadcast& o) const {
    return std::tie(prefix, id, key) < std::tie(o.prefix, o.id, o.key);
  }
  bool operator==(const PendingBroadcast& o) const {
    return prefix == o.prefix && id == o.id && key == o.key;
  }
};
thread_local std::vector<PendingBroadcast> t_broadcast;

}  // namespace

void SetTrackingWriter(uint64_t id) { t_writer = id; }

thread_local bool t_tracking_batch = false;
thread_local bool t_tracking_pending = false;

void TrackingTable::ClientOn() {
  if (clients_.fetch_add(1) == 0) storage::SetInvalidating(true);
}
void TrackingTable::ClientOff() {
  if (clients_.fetch_sub(1) == 1) storage::SetInvalidating(false);
}

namespace {
std::atomic<ServerState*> g_tracking_server{nullptr};
void OnChange(void* arg, std::string_view key) {
  static_cast<ServerState*>(arg)->tracking().Invalidate(key);
}
}  // namespace

void FlushTrackingBatchWork() {
  t_tracking_pending = false;
  std::vector<PendingBroadcast> work;
  work.swap(t_broadcast);
  ServerState* server = g_tracking_server.load(std::memory_order_relaxed);
  if (!server) return;
  std::sort(work.begin(), work.end());
  work.erase(std::unique(work.begin(), work.end()), work.end());
  std::vector<std::string_view> keys;
  for (size_t i = 0; i < work.size();) {
    size_t j = i;
    keys.clear();
    for (; j < work.size() && work[j].prefix == work[i].prefix && work[j].id == work[i].id; ++j)
      keys.push_back(work[j].key);
    server->tracking().Send(work[i].id, keys, false);
    i = j;
  }
}

void InstallTracking(ServerState* server) {
  g_tracking_server.store(server);
  storage::SetChangeHook(&OnChange, server);
}

void RemoveTracking(ServerState* server) {
  ServerState* expect = server;
  if (g_tracking_server.compare_exchange_strong(expect, nullptr)) {
    storage::SetChangeHook(nullptr, nullptr);
    storage::SetInvalidating(false);
  }
}

void AfterTrackedCommand(ServerState& server, ClientState& c, const CommandSpec& spec,
                         CmdArgs args) {
  bool caching_cmd = spec.name == "client|caching";  // applies to the command after it
  if (!c.tracking_bcast && (spec.flags & kReadOnly)) {
    bool remember = c.tracking_optin ? c.tracking_caching == 1
                    : c.tracking_optout ? c.tracking_caching != -1
                                        : true;
    if (remember) server.tracking().Remember(c, spec, args);
  }
  if (!caching_cmd && !c.in_multi) c.tracking_caching = 0;
}

size_t TrackingTable::Keys() {
  std::lock_guard lk(mu_);
  return keys_.size();
}

size_t TrackingTable::Items() {
  std::lock_guard lk(mu_);
  size_t n = 0;
  for (const auto& [k, ids] : keys_) n += ids.size();
  return n;
}

size_t TrackingTable::Prefixes() {
  std::lock_guard lk(mu_);
  return prefixes_.size();
}

void TrackingTable::Remember(const ClientState& c, const CommandSpec& spec, CmdArgs args) {
  auto idx = spec.KeyIndexes(args);
  if (idx.empty()) return;
  std::vector<std::pair<std::string, std::vector<uint64_t>>> dropped;
  {
    std::lock_guard lk(mu_);
    for (size_t i : idx) {
      auto& ids = keys_[AV(args[i])];
      if (std::find(ids.begin(), ids.end(), c.id) == ids.end()) ids.push_back(c.id);
    }
    // tracking-table-max-keys: keys past it are invalidated and dropped (at most 100 per
    // call, so one read never pays for a limit lowered a lot at once)
    int64_t max = server_.config().tracking_table_max_keys();
    for (int n = 0; max > 0 && int64_t(keys_.size()) > max && n < 100; ++n) {
      auto it = keys_.begin();
      dropped.emplace_back(it->first, std::move(it->second));
      keys_.erase(it);
    }
  }
  for (const auto& [key, ids] : dropped) {
    std::string_view k = key;
    for (uint64_t id : ids) Send(id, {&k, 1}, false);
  }
}

void TrackingTable::Invalidate(std::string_view key) {
  std::vector<uint64_t> ids;
  {
    std::lock_guard lk(mu_);
    if (auto it = keys_.find(AV(key)); it != keys_.end()) {
      ids = std::move(it->second);
      keys_.erase(it);
    }
    for (const auto& [prefix, id] : prefixes_) {
      if (key.substr(0, prefix.size()) != prefix) continue;
      if (t_tracking_batch) {
        t_broadcast.push_back({prefix, id, std::string(key)});
        t_tracking_pending = true;
      } else {
        ids.push_back(id);
      }
    }
  }
  for (uint64_t id : ids) Send(id, {&key, 1}, false);
}

void TrackingTable::InvalidateAll() {
  {
    std::lock_guard lk(mu_);
    keys_.clear();
  }
  std::vector<uint64_t> ids;
  server_.clients().ForEach([&](ClientState& c) {
    if (c.tracking.load(std::memory_order_relaxed)) ids.push_back(c.id);
  });
  for (uint64_t id : ids) Send(id, {}, true);
}

void TrackingTable::AddPrefixes(uint64_t id, const std::vector<std::string>& prefixes) {
  std::lock_guard lk(mu_);
  if (prefixes.empty()) prefixes_.emplace_back("", id);
  for (const auto& p : prefixes) prefixes_.emplace_back(p, id);
}

void TrackingTable::RemovePrefixes(uint64_t id) {
  std::lock_guard lk(mu_);
  prefixes_.erase(std::remove_if(prefixes_.begin(), prefixes_.end(),
                                 [id](const auto& p) { return p.second == id; }),
                  prefixes_.end());
}

void TrackingTable::Send(uint64_t id, absl::Span<const std::string_view> keys, bool null) {
  auto limit = server_.config().output_limit(Config::ClientClass::kPubSub);
  int64_t now = NowMs();
  server_.clients().WithIds([&](ClientState* (*find)(const void*, uint64_t), const void* reg) {
    ClientState* t = find(reg, id);
    if (!t || !t->tracking.load(std::memory_order_relaxed)) return;
    if (t->tracking_noloop.load(std::memory_order_relaxed) && id == t_writer && !null) return;
    ClientState* dest = t;
    if (uint64_t redir = t->tracking_redirect.load(std::memory_order_relaxed)) {
      dest = find(reg, redir);
      if (!dest) {
        // As Redis: the client is told (RESP3 only), each time, and flagged (CLIENT LIST R,
        // TRACKINGINFO broken_redirect) until it turns tracking on again.
        t->tracking_broken.store(true, std::memory_order_relaxed);
        if (t->resp.load(std::memory_order_relaxed) != 3) return;
        if (std::shared_ptr<Subscriber> own = t->shared_pubsub())
          QueueFrame(own.get(), StrCat(">2\r\n$21\r\ntracking-redir-broken\r\n:", redir, "\r\n"),
                     limit, now);
        return;
      }
    }
    bool resp3 = dest->resp.load(std::memory_order_relaxed) == 3;
    // RESP2 cannot push: only a redirect client subscribed to __redis__:invalidate gets it
    if (!resp3 && (dest == t || !dest->subscribed())) return;
    std::shared_ptr<Subscriber> sub = dest->shared_pubsub();
    if (!sub) return;
    std::string frame;
    AppendInvalidation(&frame, resp3, keys, null);
    QueueFrame(sub.get(), frame, limit, now);
  });
}

void StopTracking(ServerState& server, ClientState& c) {
  if (!c.tracking.load()) return;
  c.tracking.store(false);
  if (c.tracking_bcast) server.tracking().RemovePrefixes(c.id);
  c.tracking_bcast = c.tracking_optin = c.tracking_optout = false;
  c.tracking_noloop.store(false);
  c.tracking_redirect.store(0);
  c.tracking_broken.store(false);
  c.tracking_caching = 0;
  c.tracking_prefixes.clear();
  server.tracking().ClientOff();
}

namespace {

// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
// -- O(1) (O(N) in prefixes). Reply: OK.
void CmdClientTracking(CmdArgs args, CommandContext& ctx) {
  auto& c = ctx.client();
  bool on;
  if (EqualsIgnoreCase(args[2], "ON")) on = true;
  else if (EqualsIgnoreCase(args[2], "OFF")) on = false;
  else return ctx.reply().SendError(errors::kSyntax);
  bool bcast = false, optin = false, optout = false, noloop = false;
  uint64_t redirect = 0;
  std::vector<std::string> prefixes;
  for (size_t i = 3; i < args.size(); ++i) {
    bool more = i + 1 < args.size();
    if (EqualsIgnoreCase(args[i], "REDIRECT") && more) {
      if (redirect)
        return ctx.reply().SendError("ERR A client can only redirect to a single other client");
      int64_t id;
      if (!ParseInt64(args[++i], &id)) return ctx.reply().SendError(errors::kNotInteger);
      bool exists = false;
      ctx.server().clients().ForEach([&](ClientState& o) { exists |= int64_t(o.id) == id; });
      if (!exists)
        return ctx.reply().SendError("ERR The client ID you want redirect to does not exist");
      redirect = uint64_t(id);
    } else if (EqualsIgnoreCase(args[i], "PREFIX") && more) {
      prefixes.emplace_back(args[++i]);
    } else if (EqualsIgnoreCase(args[i], "BCAST")) {
      bcast = true;
    } else if (EqualsIgnoreCase(args[i], "OPTIN")) {
      optin = true;
    } else if (EqualsIgnoreCase(args[i], "OPTOUT")) {
      optout = true;
    } else if (EqualsIgnoreCase(args[i], "NOLOOP")) {
      noloop = true;
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  auto& table = ctx.server().tracking();
  if (!on) {
    StopTracking(ctx.server(), c);
    return ctx.reply().SendOk();
  }
  if (!prefixes.empty() && !bcast)
    return ctx.reply().SendError("ERR PREFIX option requires BCAST mode to be enabled");
  if (c.tracking.load() && c.tracking_bcast != bcast)
    return ctx.reply().SendError(
        "ERR You can't switch BCAST mode on/off before disabling tracking for this client, "
        "and then re-enabling it with a different mode.");
  if (optin && optout)
    return ctx.reply().SendError("ERR You can't specify both OPTIN mode and OPTOUT mode");
  if ((optin && c.tracking_optout) || (optout && c.tracking_optin))
    return ctx.reply().SendError(
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and "
        "then re-enabling it with a different mode.");
  if (bcast && (optin || optout))
    return ctx.reply().SendError("ERR OPTIN and OPTOUT are not compatible with BCAST");
  // a client's prefixes must not overlap: each against those it has, then against the ones
  // given after it (Redis's order of checks and messages)
  auto overlap = [](const std::string& a, const std::string& b) {
    return a.compare(0, b.size(), b) == 0 || b.compare(0, a.size(), a) == 0;
  };
  for (size_t i = 0; i < prefixes.size(); ++i) {
    for (const auto& q : c.tracking_prefixes)
      if (overlap(prefixes[i], q))
        return ctx.reply().SendError(StrCat("ERR Prefix '", prefixes[i],
                                            "' overlaps with an existing prefix '", q,
                                            "'. Prefixes for a single client must not overlap."));
    for (size_t j = i + 1; j < prefixes.size(); ++j)
      if (overlap(prefixes[i], prefixes[j]))
        return ctx.reply().SendError(StrCat("ERR Prefix '", prefixes[i],
                                            "' overlaps with another provided prefix '",
                                            prefixes[j],
                                            "'. Prefixes for a single client must not overlap."));
  }
  if (!c.tracking.load()) table.ClientOn();
  SubscriberFor(c);  // its invalidations queue in its Pub/Sub queue
  c.tracking_redirect.store(redirect);
  c.tracking_broken.store(false);
  c.tracking_noloop.store(noloop);
  c.tracking_bcast = bcast;
  c.tracking_optin = optin;
  c.tracking_optout = optout;
  if (bcast) {
    // no prefix at all: every key (registered once, when tracking starts)
    if (!prefixes.empty() || !c.tracking.load()) table.AddPrefixes(c.id, prefixes);
    for (auto& p : prefixes) c.tracking_prefixes.push_back(std::move(p));
  }
  c.tracking.store(true);
  ctx.reply().SendOk();
}

// CLIENT CACHING YES|NO -- O(1). Reply: OK.
void CmdClientCaching(CmdArgs args, CommandContext& ctx) {
  auto& c = ctx.client();
  if (!c.tracking.load())
    return ctx.reply().SendError(
        "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN "
        "or OPTOUT mode enabled");
  if (EqualsIgnoreCase(args[2], "YES")) {
    if (!c.tracking_optin)
      return ctx.reply().SendError(
          "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.");
    c.tracking_caching = 1;
  } else if (EqualsIgnoreCase(args[2], "NO")) {
    if (!c.tracking_optout)
      return ctx.reply().SendError(
          "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.");
    c.tracking_caching = -1;
  } else {
    return ctx.reply().SendError(errors::kSyntax);
  }
  ctx.reply().SendOk();
}

// CLIENT GETREDIR -- O(1). Reply: the redirect id, 0 without one, -1 when not tracking.
void CmdClientGetRedir(CmdArgs, CommandContext& ctx) {
  auto& c = ctx.client();
  ctx.reply().SendLong(c.tracking.load() ? int64_t(c.tracking_redirect.load()) : -1);
}

// CLIENT TRACKINGINFO -- O(1). Reply: a map of flags, redirect and prefixes.
void CmdClientTrackingInfo(CmdArgs, CommandContext& ctx) {
  auto& c = ctx.client();
  auto& r = ctx.reply();
  std::vector<std::string_view> flags;
  bool on = c.tracking.load();
  if (!on) {
    flags.push_back("off");
  } else {
    flags.push_back("on");
    if (c.tracking_bcast) flags.push_back("bcast");
    if (c.tracking_optin) flags.push_back("optin");
    if (c.tracking_optout) flags.push_back("optout");
    if (c.tracking_caching == 1) flags.push_back("caching-yes");
    if (c.tracking_caching == -1) flags.push_back("caching-no");
    if (c.tracking_noloop.load()) flags.push_back("noloop");
    if (c.tracking_broken.load()) flags.push_back("broken_redirect");
  }
  r.StartMap(3);
  r.SendBulk("flags");
  r.StartSet(flags.size());
  for (auto f : flags) r.SendBulk(f);
  r.SendBulk("redirect");
  r.SendLong(on ? int64_t(c.tracking_redirect.load()) : -1);
  r.SendBulk("prefixes");
  r.StartArray(c.tracking_prefixes.size());
  for (const auto& p : c.tracking_prefixes) r.SendBulk(p);
}

}  // namespace

void RegisterTrackingCommands(std::vector<CommandSpec>* subs) {
  constexpr uint32_t kF = kNoScript | kLoading | kStale;
  subs->push_back(Cmd("tracking", -3, kF, {0, 0, 0}, CmdClientTracking, "connection",
                      "Controls server-assisted client-side caching for the connection.",
                      "O(1). Some options may introduce additional complexity.", "6.0.0"));
  subs->push_back(Cmd("caching", 3, kF, {0, 0, 0}, CmdClientCaching, "connection",
                      "Instructs the server whether to track the keys in the next request.",
                      "O(1)", "6.0.0"));
  subs->push_back(Cmd("getredir", 2, kF, {0, 0, 0}, CmdClientGetRedir, "connection",
                      "Returns the client ID to which the connection's tracking notifications "
                      "are redirected.",
                      "O(1)", "6.0.0"));
  subs->push_back(Cmd("trackinginfo", 2, kF, {0, 0, 0}, CmdClientTrackingInfo, "connection",
                      "Returns information about server-assisted client-side caching for the "
                      "connection.",
                      "O(1)", "6.2.0"));
}

}  // namespace tessera::commands
