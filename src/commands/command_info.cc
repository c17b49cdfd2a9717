// COMMAND and its subcommands (COUNT INFO DOCS LIST GETKEYS HELP), answered from the
// registry's specs.
#include <algorithm>

#include "commands/context.h"
#include "core/strutil.h"

namespace tessera::commands {
namespace {

void SendCommandInfo(const CommandSpec& s, protocol::ReplyBuilder& r) {
  r.StartArray(10);
  r.SendBulk(s.name);
  r.SendLong(s.arity);
  auto flags = FlagNames(s.flags);
  r.StartSet(flags.size());
  for (auto f : flags) r.SendSimple(f);
  r.SendLong(s.keys.first);
  r.SendLong(s.keys.last);
  r.SendLong(s.keys.step);
  auto cats = AclCategories(s);
  r.StartSet(cats.size());
  for (const auto& c : cats) r.SendSimple(c);
  r.StartSet(0);  // tips
  if (s.keys.first > 0 || s.keynum_index > 0) {
    // One key spec: the legacy (first, last, step) range, or a count followed by its keys.
    r.StartSet(1);
    r.StartMap(3);
    r.SendBulk("flags");
    bool w = s.flags & kWrite;
    r.StartSet(1);
    r.SendSimple((s.flags & kNotKey) ? "not_key" : w ? "RW" : "RO");
    r.SendBulk("begin_search");
    r.StartMap(2);
    r.SendBulk("type");
    r.SendBulk("index");
    r.SendBulk("spec");
    r.StartMap(1);
    r.SendBulk("index");
    r.SendLong(s.keynum_index > 0 ? s.keynum_index : s.keys.first);
    r.SendBulk("find_keys");
    r.StartMap(2);
    r.SendBulk("type");
    if (s.keynum_index > 0) {
      r.SendBulk("keynum");
      r.SendBulk("spec");
      r.StartMap(3);
      r.SendBulk("keynumidx");
      r.SendLong(0);
      r.SendBulk("firstkey");
      r.SendLong(1);
      r.SendBulk("keystep");
      r.SendLong(1);
    } else {
      r.SendBulk("range");
      r.SendBulk("spec");
      r.StartMap(3);
      r.SendBulk("lastkey");
      r.SendLong(s.keys.last < 0 ? s.keys.last : s.keys.last - s.keys.first);
      r.SendBulk("keystep");
      r.SendLong(s.keys.step);
      r.SendBulk("limit");
      r.SendLong(0);
    }
  } else {
    r.StartSet(0);
  }
  // No subcommands: an empty set in RESP3, as Redis (an array when there are some).
  if (s.subcommands.empty()) r.StartSet(0);
  else r.StartArray(s.subcommands.size());
  for (const auto& sub : s.subcommands) SendCommandInfo(sub, r);
}

void SendCommandDocs(const CommandSpec& s, protocol::ReplyBuilder& r) {
  r.StartMap(s.subcommands.empty() ? 4 : 5);
  r.SendBulk("summary");
  r.SendBulk(s.summary);
  r.SendBulk("since");
  r.SendBulk(s.since);
  r.SendBulk("group");
  r.SendBulk(s.group);
  r.SendBulk("complexity");
  r.SendBulk(s.complexity);
  if (!s.subcommands.empty()) {
    r.SendBulk("subcommands");
    r.StartMap(s.subcommands.size());
    for (const auto& sub : s.subcommands) {
      r.SendBulk(sub.name);
      SendCommandDocs(sub, r);
    }
  }
}

// COMMAND -- O(N). Reply: every command's info.
void CmdCommand(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 1) {
    return ctx.reply().SendError(errors::UnknownSubcommand(args[1], "command"));
  }
  const auto& all = Registry::Global().All();
  ctx.reply().StartArray(all.size());
  for (const auto* s : all) SendCommandInfo(*s, ctx.reply());
}

// COMMAND COUNT -- O(1). Reply: integer.
void CmdCommandCount(CmdArgs, CommandContext& ctx) {
  ctx.reply().SendLong(int64_t(Registry::Global().size()));
}

const CommandSpec* FindAny(std::string_view name) {
  size_t bar = name.find('|');
  if (bar == std::string_view::npos) return Registry::Global().Find(name);
  const CommandSpec* parent = Registry::Global().Find(name.substr(0, bar));
  return parent ? FindSubcommand(*parent, name.substr(bar + 1)) : nullptr;
}

// COMMAND INFO [command-name ...] -- O(N). Reply: info per name, null when unknown.
void CmdCommandInfo(CmdArgs args, CommandContext& ctx) {
  if (args.size() == 2) return CmdCommand(args.subspan(0, 1), ctx);
  ctx.reply().StartArray(args.size() - 2);
  for (size_t i = 2; i < args.size(); ++i) {
    const CommandSpec* s = FindAny(args[i]);
    if (s) SendCommandInfo(*s, ctx.reply());
    else ctx.reply().SendNull();  // Redis sends a null bulk here, even in RESP2
  }
}

// COMMAND DOCS [command-name ...] -- O(N). Reply: map of name to docs.
void CmdCommandDocs(CmdArgs args, CommandContext& ctx) {
  std::vector<const CommandSpec*> specs;
  if (args.size() == 2) {
    specs = Registry::Global().All();
  } else {
    for (size_t i = 2; i < args.size(); ++i)
      if (const CommandSpec* s = FindAny(args[i])) specs.push_back(s);
  }
  ctx.reply().StartMap(specs.size());
  for (const auto* s : specs) {
    ctx.reply().SendBulk(s->name);
    SendCommandDocs(*s, ctx.reply());
  }
}

// COMMAND LIST [FILTERBY MODULE m|ACLCAT c|PATTERN p] -- O(N). Reply: names.
void CmdCommandList(CmdArgs args, CommandContext& ctx) {
  std::string_view pattern, aclcat;
  bool module = false;
  if (args.size() != 2) {
    if (args.size() != 5 || !EqualsIgnoreCase(args[2], "FILTERBY"))
      return ctx.reply().SendError(errors::kSyntax);
    if (EqualsIgnoreCase(args[3], "PATTERN")) pattern = args[4];
    else if (EqualsIgnoreCase(args[3], "ACLCAT")) aclcat = args[4];
    else if (EqualsIgnoreCase(args[3], "MODULE")) module = true;
    else return ctx.reply().SendError(errors::kSyntax);
  }
  std::vector<std::string_view> names;
  auto consider = [&](const CommandSpec& s) {
    if (module) return;
    if (!pattern.empty() && !GlobMatch(pattern, s.name, true)) return;
    if (!aclcat.empty()) {
      auto cats = AclCategories(s);
      std::string want = StrCat("@", AsciiLower(aclcat));
      if (std::find(cats.begin(), cats.end(), want) == cats.end()) return;
    }
    names.push_back(s.name);
  };
  for (const auto* s : Registry::Global().All()) {
    consider(*s);
    for (const auto& sub : s->subcommands) consider(sub);
  }
  ctx.reply().StartArray(names.size());
  for (auto n : names) ctx.reply().SendBulk(n);
}

// COMMAND GETKEYS command [arg ...] -- O(N). Reply: the key names.
void CmdCommandGetKeys(CmdArgs args, CommandContext& ctx) {
  CmdArgs cmd = args.subspan(2);
  const CommandSpec* s = Registry::Global().Find(cmd[0]);
  if (!s) return ctx.reply().SendError("ERR Invalid command specified");
  if (!s->ArityOk(cmd.size()))
    return ctx.reply().SendError("ERR Invalid number of arguments specified for command");
  if (!s->subcommands.empty()) {
    const CommandSpec* sub = FindSubcommand(*s, cmd[1]);
    if (sub) s = sub;
  }
  // Keys counted by an argument: as Redis 7.0, a count that is not a positive integer or
  // that runs past the arguments is refused.
  if (s->keynum_index > 0) {
    int64_t n;
    size_t at = size_t(s->keynum_index);
    if (at >= cmd.size() || !ParseInt64(cmd[at], &n) || n <= 0 ||
        n >= int64_t(cmd.size() - at))
      return ctx.reply().SendError("ERR Invalid arguments specified for command");
  }
  auto idx = s->KeyIndexes(cmd);
  if (idx.empty()) return ctx.reply().SendError("ERR The command has no key arguments");
  ctx.reply().StartArray(idx.size());
  for (size_t i : idx) ctx.reply().SendBulk(cmd[i]);
}

void CmdCommandHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "(no subcommand)", "    Return details about all Redis commands.",
      "COUNT", "    Return the total number of commands in this Redis server.",
      "LIST", "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]", "    Return details about multiple Redis commands.",
      "DOCS [<command-name> ...]", "    Return documentation details about multiple Redis commands.",
      "GETKEYS <full-command>", "    Return the keys from a full Redis command.",
      "HELP", "    Print this help."};
  SendHelp(ctx, kLines);
}

constexpr uint32_t kLS = kLoading | kStale;

}  // namespace

TESSERA_REGISTER_COMMANDS(
    command_info,
    Container("command", -1, kLS, "server", "Returns detailed information about all commands.",
              {Cmd("count", 2, kLS, {}, CmdCommandCount, "server",
                   "Returns a count of commands.", "O(1)", "2.8.13"),
               Cmd("info", -2, kLS, {}, CmdCommandInfo, "server",
                   "Returns information about one, multiple or all commands.",
                   "O(N) where N is the number of commands to look up", "2.8.13"),
               Cmd("docs", -2, kLS, {}, CmdCommandDocs, "server",
                   "Returns documentary information about one, multiple or all commands.",
                   "O(N) where N is the number of commands to look up", "7.0.0"),
               Cmd("list", -2, kLS, {}, CmdCommandList, "server",
                   "Returns a list of command names.", "O(N) where N is the total number of Redis commands",
                   "7.0.0"),
               Cmd("getkeys", -4, kLS, {}, CmdCommandGetKeys, "server",
                   "Extracts the key names from an arbitrary command.",
                   "O(N) where N is the number of arguments to the command", "2.8.13"),
               Cmd("help", 2, kLS, {}, CmdCommandHelp, "server",
                   "Returns helpful text about the different subcommands.", "O(1)", "5.0.0")},
              CmdCommand));  // COMMAND alone lists every command

}  // namespace tessera::commands
