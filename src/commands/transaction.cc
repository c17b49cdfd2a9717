// Transactions: MULTI EXEC DISCARD WATCH UNWATCH.
//
// Queueing happens in Dispatch (commands with kNotQueued run at once). EXEC locks, in one
// ordered MultiLock, every shard that its queued commands' keys and the client's WATCHed
// keys live in (every shard of every db when a command reaches beyond its keys), then checks
// WATCH and runs the queue; the ops' own locks see the shards as held by this thread. So no
// other client observes part of a transaction, and a WATCHed key cannot change between the
// check and the commands.
#include <optional>

#include "commands/blocking.h"
#include "commands/context.h"
#include "commands/pubsub.h"
#include "commands/tracking.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/strutil.h"

namespace tessera::commands {

void Unwatch(ServerState& server, ClientState& client) {
  for (const auto& [db, key] : client.watched) {
    storage::KeyLoc loc = storage::Locate(server.store().db(db), key);
    storage::ShardGuard lk(*loc.shard);
    loc.shard->RemoveWatcher(key, &client.watch_dirty);
  }
  client.watched.clear();
  client.watch_dirty.store(false, std::memory_order_relaxed);
}

void ResetTransaction(ServerState& server, ClientState& client) {
  client.in_multi = false;
  client.multi_error = false;
  client.multi_denyoom = false;
  client.queue.clear();
  Unwatch(server, client);
}

void ReleaseClient(ServerState& server, ClientState& client) {
  CancelBlocked(server, client);
  ResetTransaction(server, client);
  if (client.monitor) {
    server.monitors().Remove(&client);
    client.monitor = false;
  }
  StopTracking(server, client);
  if (client.pubsub) {  // out of every map before the client goes (commands/pubsub.h)
    server.pubsub().UnsubscribeAll(client.pubsub.get());
    client.sub_count = client.psub_count = client.ssub_count = 0;
  }
}

namespace {

// The arguments of a queued command, as views into its buffer.
void QueuedArgs(const ClientState::QueuedCommand& q, std::vector<std::string_view>* args) {
  args->clear();
  size_t off = 0;
  for (uint32_t len : q.lens) {
    args->emplace_back(q.buf.data() + off, len);
    off += len;
  }
}

// MULTI -- O(1). Reply: OK.
void CmdMulti(CmdArgs, CommandContext& ctx) {
  if (ctx.client().in_multi) return ctx.reply().SendError("ERR MULTI calls can not be nested");
  ctx.client().in_multi = true;
  ctx.client().multi_error = false;
  ctx.client().multi_denyoom = false;
  ctx.reply().SendOk();
}

// DISCARD -- O(N) in queued commands. Reply: OK.
void CmdDiscard(CmdArgs, CommandContext& ctx) {
  if (!ctx.client().in_multi) return ctx.reply().SendError("ERR DISCARD without MULTI");
  ResetTransaction(ctx.server(), ctx.client());
  ctx.reply().SendOk();
}

// The shards EXEC must hold: those of every key argument of the queued commands (in the
// client's db) and of the WATCHed keys; every shard of every db when a command has no key
// arguments but reads or writes data, or reaches beyond its keys (SELECT).
std::vector<storage::Shard*> ShardsForExec(CommandContext& ctx) {
  ClientState& c = ctx.client();
  storage::Store& store = ctx.store();
  std::vector<storage::Shard*> out;
  bool everything = false;
  std::vector<std::string_view> args;
  for (const auto& q : c.queue) {
    QueuedArgs(q, &args);
    const CommandSpec* spec = Registry::Global().Find(args[0]);
    if (spec && !spec->subcommands.empty() && args.size() > 1)
      if (const CommandSpec* sub = FindSubcommand(*spec, args[1])) spec = sub;
    if (!spec) continue;
    auto keys = spec->KeyIndexes(args);
    if ((spec->flags & kKeyspaceWide) ||
        (keys.empty() && (spec->flags & (kWrite | kReadOnly)))) {
      everything = true;
      break;
    }
    for (size_t i : keys) out.push_back(storage::Locate(ctx.db(), args[i]).shard);
  }
  if (everything) {
    out.clear();
    for (int d = 0; d < store.num_dbs(); ++d)
      for (size_t i = 0; i < store.db(d).num_shards(); ++i) out.push_back(&store.db(d).shard(i));
    return out;
  }
  for (const auto& [db, key] : c.watched) out.push_back(storage::Locate(store.db(db), key).shard);
  return out;
}

// EXEC -- O(N) in queued commands. Reply: an array of the commands' replies; null when a
// WATCHed key changed; EXECABORT when a command was refused while queueing.
void CmdExec(CmdArgs, CommandContext& ctx) {
  ClientState& c = ctx.client();
  if (!c.in_multi) return ctx.reply().SendError("ERR EXEC without MULTI");
  if (c.multi_error) {
    ResetTransaction(ctx.server(), c);
    return ctx.reply().SendError(
        "EXECABORT Transaction discarded because of previous errors.");
  }
  // Out of memory with nothing to evict, a transaction holding a command that may grow
  // memory is refused whole, as Redis refuses it (before any lock is taken: eviction never
  // runs inside the transaction's holds).
  if (c.multi_denyoom && !ctx.server().MemoryAvailable()) {
    ResetTransaction(ctx.server(), c);
    return ctx.reply().SendError(StrCat("EXECABORT Transaction discarded because of: ", errors::kOom));
  }
  std::vector<ClientState::QueuedCommand> queue;
  {
    // The shards are found through the db index; a SWAPDB that ran while this waited for
    // them would leave the transaction holding the other db's shards, its commands then
    // unprotected. So the index is read again once they are held, until it did not move.
    auto mapping = [&] {
      std::vector<const storage::Db*> m;
      for (int d = 0; d < ctx.store().num_dbs(); ++d) m.push_back(&ctx.store().db(d));
      return m;
    };
    std::optional<storage::HeldShards> held;
    for (;;) {
      auto before = mapping();
      held.emplace(ShardsForExec(ctx));
      if (mapping() == before) break;
      held.reset();
    }
    // A WATCHed key that expired since WATCH counts as changed: looking it up now deletes
    // it, which sets the flag.
    for (const auto& [db, key] : c.watched) {
      storage::KeyLoc loc = storage::Locate(ctx.store().db(db), key);
      loc.shard->Find(key, loc.hash, FastClock::NowMs());
    }
    if (c.watch_dirty.load()) {
      ResetTransaction(ctx.server(), c);
      return ctx.reply().SendNullArray();
    }
    queue.swap(c.queue);
    c.in_multi = false;
    ctx.reply().StartArray(queue.size());
    std::vector<std::string_view> args;
    c.in_exec = true;  // blocking commands answer at once inside a transaction
    for (const auto& q : queue) {
      QueuedArgs(q, &args);
      Dispatch(absl::MakeConstSpan(args), ctx);
    }
    c.in_exec = false;
  }  // waiters on keys the transaction pushed to are served here, as the locks go
  ResetTransaction(ctx.server(), c);
}

// WATCH key [key ...] -- O(1) per key. Reply: OK.
void CmdWatch(CmdArgs args, CommandContext& ctx) {
  ClientState& c = ctx.client();
  if (c.in_multi) return ctx.reply().SendError("ERR WATCH inside MULTI is not allowed");
  for (size_t i = 1; i < args.size(); ++i) {
    bool already = false;
    for (const auto& [db, key] : c.watched) already |= (db == c.db && key == args[i]);
    if (already) continue;
    storage::KeyLoc loc = storage::Locate(ctx.db(), args[i]);
    storage::ShardGuard lk(*loc.shard);
    loc.shard->Find(args[i], loc.hash, FastClock::NowMs());  // drop it now if already expired
    loc.shard->AddWatcher(args[i], &c.watch_dirty);
    c.watched.emplace_back(c.db, std::string(args[i]));
  }
  ctx.reply().SendOk();
}

// UNWATCH -- O(N) in watched keys. Reply: OK.
void CmdUnwatch(CmdArgs, CommandContext& ctx) {
  Unwatch(ctx.server(), ctx.client());
  ctx.reply().SendOk();
}

constexpr uint32_t kTx = kNoScript | kLoading | kStale | kFast | kAllowBusy;

TESSERA_REGISTER_COMMANDS(
    transaction,
    Cmd("multi", 1, kTx | kNotQueued, {0, 0, 0}, CmdMulti, "transactions",
        "Starts a transaction.", "O(1)", "1.2.0"),
    Cmd("exec", 1, kNoScript | kLoading | kStale | kSkipSlowlog | kNotQueued, {0, 0, 0},
        CmdExec, "transactions", "Executes all commands in a transaction.",
        "Depends on commands in the transaction", "1.2.0"),
    Cmd("discard", 1, kTx | kNotQueued, {0, 0, 0}, CmdDiscard, "transactions",
        "Discards a transaction.", "O(N), when N is the number of queued commands", "2.0.0"),
    Cmd("watch", -2, kTx | kNotQueued, {1, -1, 1}, CmdWatch, "transactions",
        "Monitors changes to keys to determine the execution of a transaction.",
        "O(1) for every key.", "2.2.0"),
    Cmd("unwatch", 1, kTx, {0, 0, 0}, CmdUnwatch, "transactions",
        "Forgets about watched keys of a transaction.", "O(1)", "2.2.0"));

}  // namespace
}  // namespace tessera::commands
