// Command dispatch: the one place that turns an argument vector into a handler call.
#include <new>

#include "commands/blocking.h"
#include "commands/context.h"
#include "commands/notify.h"
#include "commands/pubsub.h"
#include "commands/tracking.h"
#include "core/clock.h"
#include "core/errors.h"
#include "core/strutil.h"

namespace tessera::commands {

namespace {

void Queue(CmdArgs args, ClientState& client) {
  ClientState::QueuedCommand q;
  size_t total = 0;
  for (auto a : args) total += a.size();
  q.buf.reserve(total);
  for (auto a : args) {
    q.buf.append(a);
    q.lens.push_back(uint32_t(a.size()));
  }
  client.queue.push_back(std::move(q));
}

bool AllowedSubscribed(const CommandSpec& spec) {
  static constexpr std::string_view kAllowed[] = {
      "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe",
      "punsubscribe", "quit", "reset"};
  for (auto n : kAllowed)
    if (spec.name == n) return true;
  return false;
}

}  // namespace

void Dispatch(CmdArgs args, CommandContext& ctx) {
  if (args.empty()) return;
  ClientState& client = ctx.client();
  // A command refused before it runs; inside MULTI it also dooms the transaction.
  auto reject = [&](const CommandSpec* s, std::string_view msg) {
    if (s) s->stats.Rejected();
    if (client.in_multi) client.multi_error = true;
    ctx.reply().SendError(msg);
  };
  const CommandSpec* spec = Registry::Global().Find(args[0]);
  if (!spec)
    return reject(nullptr,
                  errors::UnknownCommand(args[0], args.data() + 1, args.size() - 1));
  if (!spec->ArityOk(args.size())) return reject(spec, errors::WrongArgs(spec->name));
  if (!spec->subcommands.empty() && (args.size() > 1 || !spec->handler)) {
    const CommandSpec* sub = FindSubcommand(*spec, args[1]);
    if (!sub) return reject(spec, errors::UnknownSubcommand(args[1], spec->name));
    if (!sub->ArityOk(args.size())) return reject(sub, errors::WrongArgs(sub->name));
    spec = sub;
  }
  if (!client.authenticated && !(spec->flags & kNoAuth)) {
    if (!ctx.server().config().requirepass().empty())
      return reject(spec, "NOAUTH Authentication required.");
    client.authenticated = true;  // the password was removed meanwhile
  }
  // maxmemory, as Redis's processCommand: evict first (never inside EXEC, whose locks are
  // held); when nothing is left to evict, refuse what may grow memory, and inside MULTI
  // anything that would be queued. EXEC checks its queued commands itself.
  if (!client.in_exec && ctx.server().config().maxmemory() > 0 &&
      !ctx.server().MemoryAvailable() &&
      ((spec->flags & kDenyOom) || (client.in_multi && !(spec->flags & kNotQueued))))
    return reject(spec, errors::kOom);
  // RESP2 subscribed mode, as Redis: only the Pub/Sub commands that keep the connection in
  // it, PING, QUIT and RESET (EXEC's queued commands are not checked, as in Redis).
  if (!client.in_exec && InSubscribedMode(client) && !AllowedSubscribed(*spec))
    return reject(spec, StrCat("ERR Can't execute '", spec->name,
                               "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET "
                               "are allowed in this context"));
  if (client.in_multi && (spec->flags & kNoMulti))
    return reject(spec, "ERR Command not allowed inside a transaction");
  if (client.in_multi && !(spec->flags & kNotQueued)) {
    if (spec->flags & kDenyOom) client.multi_denyoom = true;
    Queue(args, client);
    ctx.reply().SendSimple("QUEUED");
    return;
  }
  ctx.set_spec(spec);
  client.last_cmd.store(spec->name.c_str(), std::memory_order_relaxed);
  if (ctx.server().monitors().active() && !(spec->flags & (kAdmin | kSkipMonitor))) {
    std::vector<std::string_view> a(args.begin(), args.end());
    if (spec->redact) spec->redact(a);
    ctx.server().monitors().Feed(client, client.db, a);
  }
  uint64_t errors_before = ctx.reply().errors_sent();
#ifndef NDEBUG
  size_t before = ctx.reply().output()->size();
#endif
  protocol::ReplyBuilder::Mark mark = ctx.reply().mark();
  // CLIENT NO-TOUCH: this client's reads leave LRU stamps alone; TOUCH always touches.
  bool no_touch = client.no_touch && !(spec->flags & kAlwaysTouch);
  if (no_touch) storage::SetNoTouch(true);
  // keyspace_hits/misses count the lookups of read commands, as Redis's lookupKeyRead.
  bool reads = spec->flags & kReadOnly;
  if (reads) storage::SetCountLookups(true);
  // Keyspace notifications (commands/notify.h; off: one load and a branch): keys a change
  // emptied get their "del" after the command's own events; "new" for keys a write adds,
  // "keymiss" for a read's misses (classes n and m).
  bool emptied = false, report_new = false, report_miss = false;
  if (uint32_t nf = ctx.server().config().notify_flags();
      nf & (notify::kKeyspace | notify::kKeyevent)) {
    bool writes = spec->flags & kWrite;
    emptied = writes && (nf & notify::kGeneric);
    report_new = writes && (nf & notify::kNew);
    report_miss = reads && (nf & notify::kKeyMiss);
    if (emptied) storage::SetCollectEmptied(true);
    if (report_new) storage::SetReportNew(true);
    if (report_miss) storage::SetReportMiss(true);
  }
  SetTrackingWriter(client.id);  // NOLOOP: this client's own changes
  uint64_t start = FastClock::CommandStart();
  bool batch = !client.in_exec;  // EXEC's inner commands batch with EXEC
  if (batch) BeginTrackingBatch();
  try {
    spec->handler(args, ctx);
  } catch (const std::bad_alloc&) {
    // The allocator failed (a huge value, an address-space limit): ops throw before they
    // change anything they cannot finish, the shard locks went with the unwinding, and
    // the client gets an error instead of the half-built reply.
    ctx.reply().Rewind(mark);
    ctx.reply().SendError(errors::kOom);
  }
  if (batch) EndTrackingBatch();
  if (client.tracking.load(std::memory_order_relaxed))
    AfterTrackedCommand(ctx.server(), client, *spec, args);
  if (report_new) storage::SetReportNew(false);
  if (report_miss) storage::SetReportMiss(false);
  if (emptied) {
    storage::SetCollectEmptied(false);
    for (const auto& k : storage::EmptiedKeys()) Notify(ctx, notify::kGeneric, "del", k);
    storage::EmptiedKeys().clear();
  }
  PublishServedEvents();
  if (reads) storage::SetCountLookups(false);
  if (no_touch) storage::SetNoTouch(false);
  uint64_t took_ns = FastClock::TicksToNs(FastClock::CommandEnd() - start);
  uint64_t took = took_ns / 1000;  // microseconds
  const Config& cfg = ctx.server().config();
  int64_t slower = cfg.slowlog_log_slower_than();
  if (slower >= 0 && int64_t(took) >= slower && !(spec->flags & kSkipSlowlog)) {
    std::vector<std::string_view> a(args.begin(), args.end());
    if (spec->redact) spec->redact(a);
    ctx.server().slowlog().Record(a, int64_t(took), client, size_t(cfg.slowlog_max_len()));
  }
  int64_t lat = cfg.latency_monitor_threshold();
  if (lat > 0 && int64_t(took / 1000) >= lat)
    ctx.server().latency().Record((spec->flags & kFast) ? "fast-command" : "command",
                                  int64_t(took / 1000));
#ifndef NDEBUG
  // Every handler sends exactly one reply; an empty output here means it sent none.
  if (ctx.reply().output()->size() == before && !client.close_after_reply &&
      client.reply_mode == ClientState::ReplyMode::kOn && !client.is_blocked())
    ctx.reply().SendError("ERR internal error: command sent no reply");
#endif
  spec->stats.Ran(took_ns, ctx.reply().errors_sent() != errors_before);
  Bump(client.tot_cmds);  // only the client's own thread writes it
  if (!client.in_exec) ServeDeferred();
}

}  // namespace tessera::commands
