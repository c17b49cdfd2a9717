// Pub/Sub commands: SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH SSUBSCRIBE
// SUNSUBSCRIBE SPUBLISH PUBSUB, and the hub that delivers messages (commands/pubsub.h).
#include "commands/pubsub.h"

#include <algorithm>

#include "commands/context.h"
#include "core/clock.h"
#include "core/strutil.h"

namespace tessera::commands {

namespace {

// Debian's Abseil has its own string_view type: heterogeneous lookups take that one.
absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The frame every subscriber of one delivery gets, in RESP2 form ("*3\r\n$7\r\nmessage...");
// RESP3 receivers get it with '>' (a push) as its first byte instead.
void AppendBulk(std::string* out, std::string_view s) {
  StrAppend(out, "$", s.size(), "\r\n");
  out->append(s);
  out->append("\r\n");
}

void FormatMessage(std::string* out, std::string_view type, std::string_view pattern,
                   std::string_view channel, std::string_view message) {
  out->clear();
  out->append(pattern.data() ? "*4\r\n" : "*3\r\n");
  AppendBulk(out, type);
  if (pattern.data()) AppendBulk(out, pattern);
  AppendBulk(out, channel);
  AppendBulk(out, message);
}

// Queues one frame for s, unless its output is over the limit (then it is marked for closing
// and gets nothing more). Called with the hub's lock held (shared).
void Deliver(Subscriber* s, std::string_view frame, const Config::OutputLimit& lim,
             int64_t now_ms, bool patch_push = true) {
  ClientState* c = s->client;
  {
    std::lock_guard lk(s->mu);
    if (s->over_limit.load(std::memory_order_relaxed)) return;
    int64_t total =
        int64_t(s->pending.size() + frame.size() + c->omem.load(std::memory_order_relaxed));
    bool over = lim.hard > 0 && total > lim.hard;
    if (!over && lim.soft > 0 && total > lim.soft) {
      if (s->soft_since_ms == 0) s->soft_since_ms = now_ms;
      else if (now_ms - s->soft_since_ms > lim.soft_seconds * 1000) over = true;
    } else if (!over) {
      s->soft_since_ms = 0;
    }
    if (over) {
      s->over_limit.store(true);
      std::string().swap(s->pending);  // nothing of it will be sent
    } else {
      size_t at = s->pending.size();
      s->pending.append(frame);
      if (patch_push && c->resp.load(std::memory_order_relaxed) == 3) s->pending[at] = '>';
    }
    c->pubsub_pending.store(s->pending.size(), std::memory_order_relaxed);
  }
  s->has_pending.store(true);
  if (!s->wake_pending.exchange(true)) c->waker.Wake();
}

}  // namespace

bool PubSubHub::Subscribe(Subscriber* s, SubKind k, std::string_view name) {
  if (!s->names[int(k)].insert(std::string(name)).second) return false;
  std::unique_lock lk(mu_);
  auto [it, fresh] = maps_[int(k)].try_emplace(std::string(name));
  it->second.push_back(s);
  if (fresh) counts_[int(k)].fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool PubSubHub::Unsubscribe(Subscriber* s, SubKind k, std::string_view name) {
  auto own = s->names[int(k)].find(AV(name));
  if (own == s->names[int(k)].end()) return false;
  s->names[int(k)].erase(own);
  std::unique_lock lk(mu_);
  auto it = maps_[int(k)].find(AV(name));
  if (it == maps_[int(k)].end()) return true;
  auto& v = it->second;
  if (auto at = std::find(v.begin(), v.end(), s); at != v.end()) v.erase(at);
  if (v.empty()) {
    maps_[int(k)].erase(it);
    counts_[int(k)].fetch_sub(1, std::memory_order_relaxed);
  }
  return true;
}

void PubSubHub::UnsubscribeAll(Subscriber* s) {
  for (int k = 0; k < 3; ++k) {
    std::vector<std::string> names(s->names[k].begin(), s->names[k].end());
    for (const auto& n : names) Unsubscribe(s, SubKind(k), n);
  }
}

int64_t PubSubHub::Publish(std::string_view channel, std::string_view message, bool shard,
                           const Config::OutputLimit& limit, int64_t now_ms) {
  thread_local std::string frame;
  int64_t receivers = 0;
  std::shared_lock lk(mu_);
  const Map& direct = maps_[int(shard ? SubKind::kShard : SubKind::kChannel)];
  if (auto it = direct.find(AV(channel)); it != direct.end()) {
    FormatMessage(&frame, shard ? "smessage" : "message", {}, channel, message);
    for (Subscriber* s : it->second) Deliver(s, frame, limit, now_ms);
    receivers += int64_t(it->second.size());
  }
  if (!shard) {
    for (const auto& [pattern, subs] : maps_[int(SubKind::kPattern)]) {
      if (!GlobMatch(pattern, channel)) continue;
      FormatMessage(&frame, "pmessage", pattern, channel, message);
      for (Subscriber* s : subs) Deliver(s, frame, limit, now_ms);
      receivers += int64_t(subs.size());
    }
  }
  if (frame.capacity() > (64 << 10)) std::string().swap(frame);  // a big message's buffer
  return receivers;
}

std::vector<std::string> PubSubHub::Channels(std::string_view pattern, bool shard) {
  std::vector<std::string> out;
  std::shared_lock lk(mu_);
  for (const auto& [name, subs] : maps_[int(shard ? SubKind::kShard : SubKind::kChannel)])
    if (!pattern.data() || GlobMatch(pattern, name)) out.push_back(name);
  return out;
}

int64_t PubSubHub::NumSub(std::string_view channel, bool shard) {
  std::shared_lock lk(mu_);
  const Map& m = maps_[int(shard ? SubKind::kShard : SubKind::kChannel)];
  auto it = m.find(AV(channel));
  return it == m.end() ? 0 : int64_t(it->second.size());
}

int64_t PubSubHub::NumPat() { return Count(SubKind::kPattern); }

bool DrainPubSub(ClientState& c, std::string* out, bool* close) {
  Subscriber* s = c.pubsub.get();
  if (!s) return false;
  s->wake_pending.store(false);
  if (s->over_limit.load()) {
    *close = true;
    return true;
  }
  if (!s->has_pending.load()) return false;
  std::lock_guard lk(s->mu);
  s->has_pending.store(false);
  if (s->pending.empty()) return false;
  if (out->empty()) {
    out->swap(s->pending);
  } else {
    out->append(s->pending);
    s->pending.clear();
  }
  if (s->pending.capacity() > (1 << 20)) std::string().swap(s->pending);
  c.pubsub_pending.store(0, std::memory_order_relaxed);
  return true;
}

void QueueFrame(Subscriber* s, std::string_view frame, const Config::OutputLimit& limit,
                int64_t now_ms) {
  Deliver(s, frame, limit, now_ms, /*patch_push=*/false);
}

Subscriber* SubscriberFor(ClientState& c) {
  if (!c.pubsub) c.set_pubsub(std::make_shared<Subscriber>(&c));
  return c.pubsub.get();
}

bool InSubscribedMode(const ClientState& c) {
  return c.resp.load(std::memory_order_relaxed) == 2 && c.subscribed();
}

namespace {

Subscriber* SubscriberOf(CommandContext& ctx) { return SubscriberFor(ctx.client()); }

// Messages queued for this client before this command go out ahead of its reply, as they
// would in Redis (a RESP2 client must see them before it leaves subscribed mode).
void FlushOwn(CommandContext& ctx) {
  bool close = false;
  DrainPubSub(ctx.client(), ctx.reply().output(), &close);
}

void UpdateCounts(ClientState& c) {
  Subscriber* s = c.pubsub.get();
  c.sub_count.store(int(s->names[0].size()), std::memory_order_relaxed);
  c.psub_count.store(int(s->names[1].size()), std::memory_order_relaxed);
  c.ssub_count.store(int(s->names[2].size()), std::memory_order_relaxed);
}

// One confirmation: [kind, name, count] as a push in RESP3, an array in RESP2.
void SendConfirm(CommandContext& ctx, std::string_view kind, std::string_view name,
                 size_t count) {
  auto& r = ctx.reply();
  r.StartPush(3);
  r.SendBulk(kind);
  if (name.data()) r.SendBulk(name);
  else r.SendNull();
  r.SendLong(int64_t(count));
}

size_t CountFor(const Subscriber* s, SubKind k) {
  return k == SubKind::kShard ? s->names[2].size() : s->Count();
}

void SubscribeGeneric(CmdArgs args, CommandContext& ctx, SubKind k, std::string_view kind) {
  FlushOwn(ctx);
  Subscriber* s = SubscriberOf(ctx);
  for (size_t i = 1; i < args.size(); ++i) {
    ctx.server().pubsub().Subscribe(s, k, args[i]);
    SendConfirm(ctx, kind, args[i], CountFor(s, k));
  }
  UpdateCounts(ctx.client());
}

void UnsubscribeGeneric(CmdArgs args, CommandContext& ctx, SubKind k, std::string_view kind) {
  FlushOwn(ctx);
  Subscriber* s = SubscriberOf(ctx);
  auto& hub = ctx.server().pubsub();
  if (args.size() > 1) {
    for (size_t i = 1; i < args.size(); ++i) {
      hub.Unsubscribe(s, k, args[i]);
      SendConfirm(ctx, kind, args[i], CountFor(s, k));
    }
  } else if (s->names[int(k)].empty()) {
    SendConfirm(ctx, kind, {}, CountFor(s, k));
  } else {
    std::vector<std::string> names(s->names[int(k)].begin(), s->names[int(k)].end());
    for (const auto& n : names) {
      hub.Unsubscribe(s, k, n);
      SendConfirm(ctx, kind, n, CountFor(s, k));
    }
  }
  UpdateCounts(ctx.client());
}

// SUBSCRIBE channel [channel ...] -- O(N). Reply: a confirmation per channel.
void CmdSubscribe(CmdArgs args, CommandContext& ctx) {
  SubscribeGeneric(args, ctx, SubKind::kChannel, "subscribe");
}
// UNSUBSCRIBE [channel ...] -- O(N). Reply: a confirmation per channel left.
void CmdUnsubscribe(CmdArgs args, CommandContext& ctx) {
  UnsubscribeGeneric(args, ctx, SubKind::kChannel, "unsubscribe");
}
// PSUBSCRIBE pattern [pattern ...] -- O(N).
void CmdPSubscribe(CmdArgs args, CommandContext& ctx) {
  SubscribeGeneric(args, ctx, SubKind::kPattern, "psubscribe");
}
// PUNSUBSCRIBE [pattern ...] -- O(N+M).
void CmdPUnsubscribe(CmdArgs args, CommandContext& ctx) {
  UnsubscribeGeneric(args, ctx, SubKind::kPattern, "punsubscribe");
}
// SSUBSCRIBE shardchannel [shardchannel ...] -- O(N).
void CmdSSubscribe(CmdArgs args, CommandContext& ctx) {
  SubscribeGeneric(args, ctx, SubKind::kShard, "ssubscribe");
}
// SUNSUBSCRIBE [shardchannel ...] -- O(N).
void CmdSUnsubscribe(CmdArgs args, CommandContext& ctx) {
  UnsubscribeGeneric(args, ctx, SubKind::kShard, "sunsubscribe");
}

void PublishGeneric(CmdArgs args, CommandContext& ctx, bool shard) {
  auto limit = ctx.server().config().output_limit(Config::ClientClass::kPubSub);
  int64_t n = ctx.server().pubsub().Publish(args[1], args[2], shard, limit, NowMs());
  FlushOwn(ctx);  // a RESP3 client subscribed to the channel gets its message first
  ctx.reply().SendLong(n);
}

// PUBLISH channel message -- O(N+M). Reply: the number of clients that received it.
void CmdPublish(CmdArgs args, CommandContext& ctx) { PublishGeneric(args, ctx, false); }
// SPUBLISH shardchannel message -- O(N).
void CmdSPublish(CmdArgs args, CommandContext& ctx) { PublishGeneric(args, ctx, true); }

void ChannelsGeneric(CmdArgs args, CommandContext& ctx, bool shard) {
  if (args.size() > 3)
    return ctx.reply().SendError(
        StrCat("ERR unknown subcommand or wrong number of arguments for '", args[1],
               "'. Try PUBSUB HELP."));
  std::string_view pattern = args.size() == 3 ? args[2] : std::string_view();
  auto names = ctx.server().pubsub().Channels(pattern, shard);
  ctx.reply().StartArray(names.size());
  for (const auto& n : names) ctx.reply().SendBulk(n);
}

void NumSubGeneric(CmdArgs args, CommandContext& ctx, bool shard) {
  auto& r = ctx.reply();
  r.StartArray((args.size() - 2) * 2);
  for (size_t i = 2; i < args.size(); ++i) {
    r.SendBulk(args[i]);
    r.SendLong(ctx.server().pubsub().NumSub(args[i], shard));
  }
}

// PUBSUB CHANNELS [pattern] -- O(N).
void CmdPubsubChannels(CmdArgs args, CommandContext& ctx) { ChannelsGeneric(args, ctx, false); }
// PUBSUB SHARDCHANNELS [pattern] -- O(N).
void CmdPubsubShardChannels(CmdArgs args, CommandContext& ctx) {
  ChannelsGeneric(args, ctx, true);
}
// PUBSUB NUMSUB [channel ...] -- O(N).
void CmdPubsubNumSub(CmdArgs args, CommandContext& ctx) { NumSubGeneric(args, ctx, false); }
// PUBSUB SHARDNUMSUB [shardchannel ...] -- O(N).
void CmdPubsubShardNumSub(CmdArgs args, CommandContext& ctx) { NumSubGeneric(args, ctx, true); }
// PUBSUB NUMPAT -- O(1).
void CmdPubsubNumPat(CmdArgs, CommandContext& ctx) {
  ctx.reply().SendLong(ctx.server().pubsub().NumPat());
}

// PUBSUB HELP -- O(1).
void CmdPubsubHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "CHANNELS [<pattern>]",
      "    Return the currently active channels matching a <pattern> (default: '*').",
      "NUMPAT",
      "    Return number of subscriptions to patterns.",
      "NUMSUB [<channel> ...]",
      "    Return the number of subscribers for the specified channels, excluding",
      "    pattern subscriptions(default: no channels).",
      "SHARDCHANNELS [<pattern>]",
      "    Return the currently active shard level channels matching a <pattern> (default: "
      "'*').",
      "SHARDNUMSUB [<shardchannel> ...]",
      "    Return the number of subscribers for the specified shard level channel(s)",
      "HELP",
      "    Prints this help.",
  };
  SendHelp(ctx, kLines);
}

constexpr uint32_t kSub = kPubSub | kNoScript | kLoading | kStale;
constexpr uint32_t kPub = kPubSub | kLoading | kStale | kFast;
constexpr uint32_t kInfo = kPubSub | kLoading | kStale;

}  // namespace

TESSERA_REGISTER_COMMANDS(
    pubsub,
    Cmd("subscribe", -2, kSub, {0, 0, 0}, CmdSubscribe, "pubsub",
        "Listens for messages published to channels.", "O(N) where N is the number of channels "
        "to subscribe to.", "2.0.0"),
    Cmd("unsubscribe", -1, kSub, {0, 0, 0}, CmdUnsubscribe, "pubsub",
        "Stops listening to messages posted to channels.",
        "O(N) where N is the number of clients already subscribed to a channel.", "2.0.0"),
    Cmd("psubscribe", -2, kSub, {0, 0, 0}, CmdPSubscribe, "pubsub",
        "Listens for messages published to channels that match one or more patterns.",
        "O(N) where N is the number of patterns the client is already subscribed to.", "2.0.0"),
    Cmd("punsubscribe", -1, kSub, {0, 0, 0}, CmdPUnsubscribe, "pubsub",
        "Stops listening to messages published to channels that match one or more patterns.",
        "O(N+M) where N is the number of patterns the client is already subscribed and M is "
        "the number of total patterns subscribed in the system (by any client).", "2.0.0"),
    Cmd("ssubscribe", -2, kSub | kNotKey, {1, -1, 1}, CmdSSubscribe, "pubsub",
        "Listens for messages published to shard channels.",
        "O(N) where N is the number of shard channels to subscribe to.", "7.0.0"),
    Cmd("sunsubscribe", -1, kSub | kNotKey, {1, -1, 1}, CmdSUnsubscribe, "pubsub",
        "Stops listening to messages posted to shard channels.",
        "O(N) where N is the number of clients already subscribed to a shard channel.",
        "7.0.0"),
    Cmd("publish", 3, kPub, {0, 0, 0}, CmdPublish, "pubsub", "Posts a message to a channel.",
        "O(N+M) where N is the number of clients subscribed to the receiving channel and M is "
        "the total number of subscribed patterns (by any client).", "2.0.0"),
    Cmd("spublish", 3, kPub | kNotKey, {1, 1, 1}, CmdSPublish, "pubsub",
        "Post a message to a shard channel",
        "O(N) where N is the number of clients subscribed to the receiving shard channel.",
        "7.0.0"),
    Container("pubsub", -2, 0, "pubsub", "A container for Pub/Sub commands.",
              {Cmd("channels", -2, kInfo, {0, 0, 0}, CmdPubsubChannels, "pubsub",
                   "Returns the active channels.",
                   "O(N) where N is the number of active channels, and assuming constant time "
                   "pattern matching (relatively short channels and patterns)", "2.8.0"),
               Cmd("numpat", 2, kInfo, {0, 0, 0}, CmdPubsubNumPat, "pubsub",
                   "Returns a count of unique pattern subscriptions.", "O(1)", "2.8.0"),
               Cmd("numsub", -2, kInfo, {0, 0, 0}, CmdPubsubNumSub, "pubsub",
                   "Returns a count of subscribers to channels.",
                   "O(N) for the NUMSUB subcommand, where N is the number of requested "
                   "channels", "2.8.0"),
               Cmd("shardchannels", -2, kInfo, {0, 0, 0}, CmdPubsubShardChannels,
                   "pubsub", "Returns the active shard channels.",
                   "O(N) where N is the number of active shard channels, and assuming constant "
                   "time pattern matching (relatively short shard channels).", "7.0.0"),
               Cmd("shardnumsub", -2, kInfo, {0, 0, 0}, CmdPubsubShardNumSub, "pubsub",
                   "Returns the count of subscribers of shard channels.",
                   "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested "
                   "shard channels", "7.0.0"),
               Cmd("help", 2, kLoading | kStale, {0, 0, 0}, CmdPubsubHelp, "pubsub",
                   "Returns helpful text about the different subcommands.", "O(1)", "6.2.0")}));

}  // namespace tessera::commands
