// Server commands: SHUTDOWN, TIME, LASTSAVE, ROLE. (COMMAND: command_info.cc; INFO:
// info.cc; CONFIG: config_cmd.cc; SLOWLOG, LATENCY, DEBUG, MONITOR: diagnostics.cc.)
#include "commands/context.h"
#include "core/clock.h"
#include "core/strutil.h"

namespace tessera::commands {
namespace {

// TIME -- O(1). Reply: [unix seconds, microseconds].
void CmdTime(CmdArgs, CommandContext& ctx) {
  int64_t us = NowUs();
  ctx.reply().StartArray(2);
  ctx.reply().SendBulk(StrCat(us / 1000000));
  ctx.reply().SendBulk(StrCat(us % 1000000));
}

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] -- O(N). No reply on success: the server
// stops accepting, lets replies in flight leave, and exits.
void CmdShutdown(CmdArgs args, CommandContext& ctx) {
  bool abort = false, save = false, nosave = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "NOSAVE")) nosave = true;
    else if (EqualsIgnoreCase(args[i], "SAVE")) save = true;
    else if (EqualsIgnoreCase(args[i], "NOW") || EqualsIgnoreCase(args[i], "FORCE")) continue;
    else if (EqualsIgnoreCase(args[i], "ABORT")) abort = true;
    else return ctx.reply().SendError(errors::kSyntax);
  }
  if ((save && nosave) || (abort && args.size() > 2)) return ctx.reply().SendError(errors::kSyntax);
  if (abort) return ctx.reply().SendError("ERR No shutdown in progress.");
  if (!ctx.server().request_shutdown)
    return ctx.reply().SendError("ERR Errors trying to SHUTDOWN. Check logs.");
  ctx.server().request_shutdown();
  ctx.client().close_after_reply = true;
}

// LASTSAVE -- O(1). Reply: the time of the last save: start-up, as nothing is saved yet.
void CmdLastSave(CmdArgs, CommandContext& ctx) {
  ctx.reply().SendLong(ctx.server().start_ms() / 1000);
}

// ROLE -- O(1). Reply: ["master", 0, []]: a master with no replicas.
void CmdRole(CmdArgs, CommandContext& ctx) {
  ctx.reply().StartArray(3);
  ctx.reply().SendBulk("master");
  ctx.reply().SendLong(0);
  ctx.reply().StartArray(0);
}

constexpr uint32_t kLS = kLoading | kStale;

}  // namespace

TESSERA_REGISTER_COMMANDS(
    server,
    Cmd("shutdown", -1, kAdmin | kNoScript | kLS | kNoMulti | kAllowBusy, {0, 0, 0},
        CmdShutdown, "server", "Synchronously saves the database(s) to disk and shuts down the "
        "Redis server.", "O(N) when saving, where N is the total number of keys in all databases "
        "when saving data, otherwise O(1)"),
    Cmd("lastsave", 1, kLS | kFast, {0, 0, 0}, CmdLastSave, "server",
        "Returns the Unix timestamp of the last successful save to disk.", "O(1)"),
    Cmd("role", 1, kNoScript | kLS | kFast, {0, 0, 0}, CmdRole, "server",
        "Returns the replication role.", "O(1)", "2.8.12"),
    Cmd("time", 1, kLS | kFast, {0, 0, 0}, CmdTime, "server", "Returns the server time.",
        "O(1)", "2.6.0"));

}  // namespace tessera::commands
