// Diagnostics: SLOWLOG, LATENCY, DEBUG, MONITOR.
#include <algorithm>
#include <chrono>
#include <thread>

#include "commands/context.h"
#include "core/strutil.h"

namespace tessera::commands {
namespace {

// SLOWLOG GET [count] -- O(N). Reply: entries, newest first.
void CmdSlowlogGet(CmdArgs args, CommandContext& ctx) {
  int64_t count = 10;
  if (args.size() == 3) {
    if (!ParseInt64(args[2], &count) || count < -1)
      return ctx.reply().SendError("ERR count should be greater than or equal to -1");
  }
  auto entries = ctx.server().slowlog().Get(count);
  auto& r = ctx.reply();
  r.StartArray(entries.size());
  for (const auto& e : entries) {
    r.StartArray(6);
    r.SendLong(int64_t(e.id));
    r.SendLong(e.unix_time);
    r.SendLong(e.duration_us);
    r.StartArray(e.args.size());
    for (const auto& a : e.args) r.SendBulk(a);
    r.SendBulk(e.addr);
    r.SendBulk(e.name);
  }
}
void CmdSlowlogLen(CmdArgs, CommandContext& ctx) {
  ctx.reply().SendLong(int64_t(ctx.server().slowlog().Len()));
}
void CmdSlowlogReset(CmdArgs, CommandContext& ctx) {
  ctx.server().slowlog().Reset();
  ctx.reply().SendOk();
}
void CmdSlowlogHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET [<count>]",
      "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
      "    Entries are made of:",
      "    id, timestamp, time in microseconds, arguments array, client IP and port,",
      "    client name",
      "LEN", "    Return the length of the slowlog.",
      "RESET", "    Reset the slowlog.",
      "HELP", "    Print this help."};
  SendHelp(ctx, kLines);
}

// LATENCY LATEST -- O(1). Reply: [event, time, latest ms, max ms] per event.
void CmdLatencyLatest(CmdArgs, CommandContext& ctx) {
  auto all = ctx.server().latency().All();
  auto& r = ctx.reply();
  r.StartArray(all.size());
  for (const auto& [name, ev] : all) {
    r.StartArray(4);
    r.SendBulk(name);
    r.SendLong(ev.history.back().unix_time);
    r.SendLong(ev.history.back().latency_ms);
    r.SendLong(ev.max_ms);
  }
}
// LATENCY HISTORY event -- O(N). Reply: [time, ms] pairs.
void CmdLatencyHistory(CmdArgs args, CommandContext& ctx) {
  LatencyEvent ev;
  if (!ctx.server().latency().History(args[2], &ev)) return ctx.reply().StartArray(0);
  ctx.reply().StartArray(ev.history.size());
  for (const auto& smp : ev.history) {
    ctx.reply().StartArray(2);
    ctx.reply().SendLong(smp.unix_time);
    ctx.reply().SendLong(smp.latency_ms);
  }
}
// LATENCY RESET [event ...] -- O(N). Reply: events reset.
void CmdLatencyReset(CmdArgs args, CommandContext& ctx) {
  std::vector<std::string_view> events(args.begin() + 2, args.end());
  ctx.reply().SendLong(int64_t(ctx.server().latency().Reset(events)));
}
void CmdLatencyHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "HISTORY <event>",
      "    Return time-latency samples for the <event> class.",
      "LATEST", "    Return the latest latency samples for all events.",
      "RESET [<event> ...]",
      "    Reset latency data of one or more <event> classes.",
      "    (default: reset all data for all event classes)",
      "HELP", "    Print this help."};
  SendHelp(ctx, kLines);
}

// DEBUG SLEEP seconds | DEBUG HELP -- the subcommands tools use; others are refused.
void CmdDebug(CmdArgs args, CommandContext& ctx) {
  // As Redis 7: refused unless enable-debug-command allows it (local: loopback peers only).
  std::string allow = ctx.server().config().enable_debug_command();
  bool local = ctx.client().addr.rfind("127.", 0) == 0 || ctx.client().addr.rfind("::1", 0) == 0;
  if (allow == "no" || (allow == "local" && !local))
    return ctx.reply().SendError(
        "ERR DEBUG command not allowed. If the enable-debug-command option is set to "
        "\"local\", you can run it from a local connection, otherwise you need to set this "
        "option in the configuration file, and then restart the server.");
  if (EqualsIgnoreCase(args[1], "SLEEP") && args.size() == 3) {
    double secs;
    if (!ParseDouble(args[2], &secs) || secs < 0) return ctx.reply().SendError(errors::kNotFloat);
    secs = std::min(secs, 1e9);  // the conversion to microseconds stays in range
    std::this_thread::sleep_for(std::chrono::microseconds(int64_t(secs * 1e6)));
    return ctx.reply().SendOk();
  }
  if (EqualsIgnoreCase(args[1], "HELP") && args.size() == 2) {
    static constexpr std::string_view kLines[] = {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "SLEEP <seconds>", "    Stop the server for <seconds>. Decimals allowed.",
        "HELP", "    Print this help."};
    return SendHelp(ctx, kLines);
  }
  ctx.reply().SendError(StrCat("ERR unknown subcommand or wrong number of arguments for '",
                               args[1].substr(0, 128), "'. Try DEBUG HELP."));
}

// MONITOR -- O(1). Reply: OK, then every command the server runs, one line each.
void CmdMonitor(CmdArgs, CommandContext& ctx) {
  if (!ctx.client().monitor) {
    ctx.server().monitors().Add(&ctx.client());
    ctx.client().monitor = true;
  }
  ctx.reply().SendOk();
}

constexpr uint32_t kLS = kLoading | kStale;

}  // namespace

TESSERA_REGISTER_COMMANDS(
    diagnostics,
    Container("slowlog", -2, 0, "server", "A container for slow log commands.",
              {Cmd("get", -2, kAdmin | kLS, {}, CmdSlowlogGet, "server",
                   "Returns the slow log's entries.", "O(N) where N is the number of entries returned", "2.2.12"),
               Cmd("len", 2, kAdmin | kLS, {}, CmdSlowlogLen, "server",
                   "Returns the number of entries in the slow log.", "O(1)", "2.2.12"),
               Cmd("reset", 2, kAdmin | kLS, {}, CmdSlowlogReset, "server",
                   "Clears all entries from the slow log.", "O(N) where N is the number of entries in the slowlog", "2.2.12"),
               Cmd("help", 2, kLS, {}, CmdSlowlogHelp, "server",
                   "Show helpful text about the different subcommands", "O(1)", "6.2.0")}),
    Container("latency", -2, 0, "server", "A container for latency diagnostics commands.",
              {Cmd("latest", 2, kAdmin | kNoScript | kLS, {}, CmdLatencyLatest, "server",
                   "Returns the latest latency samples for all events.", "O(1)", "2.8.13"),
               Cmd("history", 3, kAdmin | kNoScript | kLS, {}, CmdLatencyHistory, "server",
                   "Returns timestamp-latency samples for an event.", "O(1)", "2.8.13"),
               Cmd("reset", -2, kAdmin | kNoScript | kLS, {}, CmdLatencyReset, "server",
                   "Resets the latency data for one or more events.", "O(1)", "2.8.13"),
               Cmd("help", 2, kLS, {}, CmdLatencyHelp, "server",
                   "Returns helpful text about the different subcommands.", "O(1)", "2.8.13")}),
    Cmd("debug", -2, kAdmin | kNoScript | kLS, {0, 0, 0}, CmdDebug, "server",
        "A container for debugging commands.", "Depends on subcommand."),
    Cmd("monitor", 1, kAdmin | kNoScript | kLS, {0, 0, 0}, CmdMonitor, "server",
        "Listens for all requests received by the server in real-time.", "O(1)"));

}  // namespace tessera::commands
