// Command dispatch: the one place that turns an argument vector into a handler call.
#include "core/strutil.h"
#include "commands/context.h"
#include "core/clock.h"
#include "core/errors.h"

namespace tessera::commands {

void Dispatch(CmdArgs args, CommandContext& ctx) {
  if (args.empty()) return;
  const CommandSpec* spec = Registry::Global().Find(args[0]);
  if (!spec) {
    ctx.reply().SendError(errors::UnknownCommand(args[0], args.data() + 1, args.size() - 1));
    return;
  }
  if (!spec->ArityOk(args.size())) {
    spec->stats.rejected.fetch_add(1, std::memory_order_relaxed);
    ctx.reply().SendError(errors::WrongArgs(spec->name));
    return;
  }
  if (!spec->subcommands.empty() && (args.size() > 1 || !spec->handler)) {
    const CommandSpec* sub = FindSubcommand(*spec, args[1]);
    if (!sub) {
      spec->stats.rejected.fetch_add(1, std::memory_order_relaxed);
      ctx.reply().SendError(errors::UnknownSubcommand(args[1], spec->name));
      return;
    }
    if (!sub->ArityOk(args.size())) {
      sub->stats.rejected.fetch_add(1, std::memory_order_relaxed);
      ctx.reply().SendError(errors::WrongArgs(sub->name));
      return;
    }
    spec = sub;
  }
  if (spec->flags & kDenyOom) {
    // noeviction: writes that may grow memory are refused past maxmemory (eviction policies
    // come with their own issue).
    int64_t max = ctx.server().config().maxmemory();
    if (max > 0 && ctx.store().CachedUsedMemory() > max) {
      spec->stats.rejected.fetch_add(1, std::memory_order_relaxed);
      ctx.reply().SendError(errors::kOom);
      return;
    }
  }
  ctx.set_spec(spec);
  ClientState& client = ctx.client();
  client.last_cmd.store(spec->name.c_str(), std::memory_order_relaxed);
  ctx.reply().TakeErrorFlag();
#ifndef NDEBUG
  size_t before = ctx.reply().output()->size();
#endif
  uint64_t start = FastClock::Ticks();
  spec->handler(args, ctx);
  uint64_t took = FastClock::TicksToUs(FastClock::Ticks() - start);
#ifndef NDEBUG
  // Every handler sends exactly one reply; an empty output here means it sent none.
  if (ctx.reply().output()->size() == before && !client.close_after_reply)
    ctx.reply().SendError("ERR internal error: command sent no reply");
#endif
  spec->stats.calls.fetch_add(1, std::memory_order_relaxed);
  spec->stats.usec.fetch_add(took, std::memory_order_relaxed);
  if (ctx.reply().TakeErrorFlag()) spec->stats.failed.fetch_add(1, std::memory_order_relaxed);
  ctx.server().stats().total_commands.fetch_add(1, std::memory_order_relaxed);
  client.tot_cmds.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace tessera::commands
