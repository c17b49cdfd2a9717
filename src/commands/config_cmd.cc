// CONFIG GET SET RESETSTAT REWRITE HELP.
#include "commands/context.h"
#include "core/strutil.h"

namespace tessera::commands {
namespace {

// CONFIG GET parameter [parameter ...] -- O(N). Reply: map of name to value.
void CmdConfigGet(CmdArgs args, CommandContext& ctx) {
  std::vector<std::pair<std::string, std::string>> all;
  for (size_t i = 2; i < args.size(); ++i) {
    bool glob = args[i].find_first_of("*?[") != std::string_view::npos;
    for (auto& kv : ctx.server().config().Get(args[i])) {
      if (!glob) kv.first = std::string(args[i]);  // Redis echoes a plain name as typed
      bool dup = false;
      for (const auto& e : all) dup |= e.first == kv.first;
      if (!dup) all.push_back(std::move(kv));
    }
  }
  ctx.reply().StartMap(all.size());
  for (const auto& [k, v] : all) {
    ctx.reply().SendBulk(k);
    ctx.reply().SendBulk(v);
  }
}

// CONFIG SET parameter value [parameter value ...] -- O(N). Reply: OK.
void CmdConfigSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 != 0) return ctx.reply().SendError(errors::WrongArgs("config|set"));
  Config& cfg = ctx.server().config();
  // Validate all first so that a failing pair changes nothing (Redis applies all or none).
  for (size_t i = 2; i < args.size(); i += 2) {
    for (size_t j = 2; j < i; j += 2)
      if (EqualsIgnoreCase(args[j], args[i]))
        return ctx.reply().SendError(StrCat("ERR CONFIG SET failed (possibly related to argument '",
                                            AsciiLower(args[i]), "') - duplicate parameter"));
    auto found = cfg.Get(args[i]);
    bool exact = false;
    for (const auto& kv : found) exact |= EqualsIgnoreCase(kv.first, args[i]);
    if (!exact)
      return ctx.reply().SendError(StrCat(
          "ERR Unknown option or number of arguments for CONFIG SET - '", args[i], "'"));
  }
  EvictionPolicy policy_before = cfg.memory_policy().get();
  std::vector<std::pair<std::string, std::string>> old;
  for (size_t i = 2; i < args.size(); i += 2) {
    auto prev = cfg.Get(args[i]);
    std::string err;
    auto r = cfg.Set(args[i], args[i + 1], &err);
    if (r != Config::SetResult::kOk) {
      for (auto& [k, v] : old) cfg.Set(k, v, &err);  // roll back what was applied
      return ctx.reply().SendError(StrCat("ERR CONFIG SET failed (possibly related to argument '",
                                                AsciiLower(args[i]), "') - ", err));
    }
    for (auto& p : prev)
      if (EqualsIgnoreCase(p.first, args[i])) old.push_back(p);
  }
  // S3-FIFO's queues start empty: marks left from an earlier time under it are cleared.
  if (cfg.memory_policy().get() == EvictionPolicy::kAllKeysS3Fifo &&
      policy_before != EvictionPolicy::kAllKeysS3Fifo)
    ctx.store().ResetS3Fifo();
  // A lowered maxmemory evicts at once, for as long as a command may; the cron goes on.
  ctx.server().MemoryAvailable();
  ctx.reply().SendOk();
}

// CONFIG RESETSTAT -- O(1). Reply: OK.
void CmdConfigResetStat(CmdArgs, CommandContext& ctx) {
  auto& st = ctx.server().stats();
  ResetTotalCommands();
  st.total_connections = 0;
  st.rejected_connections = 0;
  storage::ResetLookupStats();
  st.total_error_replies = 0;
  st.ResetErrors();
  for (const auto* s : Registry::Global().All()) {
    auto reset = [](const CommandSpec& c) { c.stats.Reset(); };
    reset(*s);
    for (const auto& sub : s->subcommands) reset(sub);
  }
  ctx.reply().SendOk();
}

// CONFIG REWRITE -- O(1). Reply: OK once the TOML file holds the running configuration.
void CmdConfigRewrite(CmdArgs, CommandContext& ctx) {
  std::string err;
  if (!ctx.server().config().Rewrite(&err)) return ctx.reply().SendError(StrCat("ERR ", err));
  ctx.reply().SendOk();
}

void CmdConfigHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET <pattern>", "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>", "    Set the configuration <directive> to <value>.",
      "RESETSTAT", "    Reset statistics reported by the INFO command.",
      "REWRITE", "    Rewrite the configuration file.",
      "HELP", "    Print this help."};
  SendHelp(ctx, kLines);
}

constexpr uint32_t kLS = kLoading | kStale;

}  // namespace

TESSERA_REGISTER_COMMANDS(
    config,
    Container("config", -2, 0, "server", "A container for server configuration commands.",
              {Cmd("get", -3, kAdmin | kNoScript | kLS, {}, CmdConfigGet, "server",
                   "Returns the effective values of configuration parameters.",
                   "O(N) when N is the number of configuration parameters provided", "2.0.0"),
               Cmd("set", -4, kAdmin | kNoScript | kLS, {}, CmdConfigSet, "server",
                   "Sets configuration parameters in-flight.",
                   "O(N) when N is the number of configuration parameters provided", "2.0.0"),
               Cmd("resetstat", 2, kAdmin | kNoScript | kLS, {}, CmdConfigResetStat, "server",
                   "Resets the server's statistics.", "O(1)", "2.0.0"),
               Cmd("rewrite", 2, kAdmin | kNoScript | kLS, {}, CmdConfigRewrite, "server",
                   "Persists the effective configuration to file.", "O(1)", "2.8.0"),
               Cmd("help", 2, kLS, {}, CmdConfigHelp, "server",
                   "Returns helpful text about the different subcommands.", "O(1)", "5.0.0")}));

}  // namespace tessera::commands
