// Server commands: COMMAND, INFO, CONFIG, TIME.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "core/strutil.h"
#include "core/strutil.h"
#include "absl/strings/str_format.h"
#include "commands/arg_cursor.h"
#include "commands/context.h"
#include "core/clock.h"

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
  if (s.keys.first > 0) {
    // One key spec equivalent to the legacy (first, last, step) triple.
    r.StartSet(1);
    r.StartMap(3);
    r.SendBulk("flags");
    bool w = s.flags & kWrite;
    r.StartSet(1);
    r.SendSimple(w ? "RW" : "RO");
    r.SendBulk("begin_search");
    r.StartMap(2);
    r.SendBulk("type");
    r.SendBulk("index");
    r.SendBulk("spec");
    r.StartMap(1);
    r.SendBulk("index");
    r.SendLong(s.keys.first);
    r.SendBulk("find_keys");
    r.StartMap(2);
    r.SendBulk("type");
    r.SendBulk("range");
    r.SendBulk("spec");
    r.StartMap(3);
    r.SendBulk("lastkey");
    r.SendLong(s.keys.last < 0 ? s.keys.last : s.keys.last - s.keys.first);
    r.SendBulk("keystep");
    r.SendLong(s.keys.step);
    r.SendBulk("limit");
    r.SendLong(0);
  } else {
    r.StartSet(0);
  }
  r.StartArray(s.subcommands.size());
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
  auto idx = s->KeyIndexes(cmd.size());
  if (idx.empty()) return ctx.reply().SendError("ERR The command has no key arguments");
  ctx.reply().StartArray(idx.size());
  for (size_t i : idx) ctx.reply().SendBulk(cmd[i]);
}

std::string StrFormat2(double d) { return absl::StrFormat("%.2f", d); }

// "50", "99", "99.9": as Redis prints the percentile names (%g).
std::string FormatPct(double p) { return absl::StrFormat("%g", p); }

std::string HumanBytes(int64_t n) {
  double d = double(n);
  if (n < 1024) return StrCat(n, "B");
  if (n < 1024 * 1024) return absl::StrFormat("%.2fK", d / 1024);
  if (n < 1024ll * 1024 * 1024) return absl::StrFormat("%.2fM", d / (1024 * 1024));
  return absl::StrFormat("%.2fG", d / (1024.0 * 1024 * 1024));
}

int64_t RssBytes() {
  std::ifstream f("/proc/self/statm");
  int64_t size = 0, rss = 0;
  f >> size >> rss;
  return rss * sysconf(_SC_PAGESIZE);
}

std::string InfoSection(std::string_view name, CommandContext& ctx) {
  ServerState& srv = ctx.server();
  storage::Store& store = ctx.store();
  int64_t now = NowMs();
  std::string o;
  auto line = [&](std::string_view k, auto v) { StrAppend(&o, k, ":", v, "\r\n"); };
  if (name == "server") {
    o = "# Server\r\n";
    struct utsname u;
    uname(&u);
    line("redis_version", "7.0.15");
    line("tessera_version", "0.1.0");
    line("redis_git_sha1", "00000000");
    line("redis_git_dirty", 0);
    line("redis_build_id", "0");
    line("redis_mode", "standalone");
    line("os", StrCat(u.sysname, " ", u.release, " ", u.machine));
    line("arch_bits", 64);
    line("multiplexing_api", srv.multiplexing_api);
    line("atomicvar_api", "c11-builtin");
    line("gcc_version", StrCat(__GNUC__, ".", __GNUC_MINOR__, ".", __GNUC_PATCHLEVEL__));
    line("process_id", getpid());
    line("process_supervised", "no");
    line("run_id", srv.run_id);
    line("tcp_port", srv.config().port());
    line("server_time_usec", NowUs());
    int64_t up = (now - srv.start_ms()) / 1000;
    line("uptime_in_seconds", up);
    line("uptime_in_days", up / 86400);
    line("hz", srv.config().hz());
    line("configured_hz", srv.config().hz());
    line("lru_clock", storage::LruClock());
    line("io_threads_active", srv.io_threads > 1 ? 1 : 0);
    line("executable", srv.executable);
    line("config_file", srv.config().config_file());
  } else if (name == "clients") {
    o = "# Clients\r\n";
    line("connected_clients", srv.clients().Count());
    line("cluster_connections", 0);
    line("maxclients", srv.config().maxclients());
    size_t max_in = 0, max_out = 0;
    srv.clients().ForEach([&](ClientState& c) {
      max_in = std::max(max_in, c.qbuf.load());
      max_out = std::max(max_out, c.omem.load());
    });
    line("client_recent_max_input_buffer", max_in);
    line("client_recent_max_output_buffer", max_out);
    line("blocked_clients", 0);
    line("tracking_clients", 0);
    line("clients_in_timeout_table", 0);
  } else if (name == "memory") {
    o = "# Memory\r\n";
    int64_t used = store.UsedMemory();
    int64_t rss = RssBytes();
    line("used_memory", used);
    line("used_memory_human", HumanBytes(used));
    line("used_memory_rss", rss);
    line("used_memory_rss_human", HumanBytes(rss));
    int64_t peak = std::max(used, srv.stats().peak_memory.load());
    line("used_memory_peak", peak);
    line("used_memory_peak_human", HumanBytes(peak));
    int64_t sys = int64_t(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
    line("total_system_memory", sys);
    line("total_system_memory_human", HumanBytes(sys));
    line("used_memory_dataset", used);
    line("maxmemory", srv.config().maxmemory());
    line("maxmemory_human", HumanBytes(srv.config().maxmemory()));
    auto policy = srv.config().Get("maxmemory-policy");
    line("maxmemory_policy", policy.empty() ? std::string("noeviction") : policy[0].second);
    line("mem_fragmentation_ratio",
         absl::StrFormat("%.2f", used > 0 ? double(rss) / double(used) : 0.0));
    line("mem_allocator", "mimalloc");
  } else if (name == "persistence") {
    o = "# Persistence\r\n";
    line("loading", 0);
    line("async_loading", 0);
    line("rdb_changes_since_last_save", 0);
    line("rdb_bgsave_in_progress", 0);
    line("rdb_last_save_time", srv.start_ms() / 1000);
    line("rdb_last_bgsave_status", "ok");
    line("aof_enabled", 0);
    line("aof_rewrite_in_progress", 0);
    line("aof_last_write_status", "ok");
  } else if (name == "stats") {
    o = "# Stats\r\n";
    auto& st = srv.stats();
    line("total_connections_received", st.total_connections.load());
    line("total_commands_processed", TotalCommands());
    line("instantaneous_ops_per_sec", st.instantaneous_ops.load());
    line("total_net_input_bytes", st.net_input_bytes.load());
    line("total_net_output_bytes", st.net_output_bytes.load());
    line("instantaneous_input_kbps",
         StrFormat2(double(st.instantaneous_input_bps.load()) / 1024));
    line("instantaneous_output_kbps",
         StrFormat2(double(st.instantaneous_output_bps.load()) / 1024));
    line("rejected_connections", st.rejected_connections.load());
    line("expired_keys", store.ExpiredKeys());
    line("evicted_keys", 0);
    line("keyspace_hits", st.keyspace_hits.load());
    line("keyspace_misses", st.keyspace_misses.load());
    line("pubsub_channels", 0);
    line("pubsub_patterns", 0);
    line("total_blocking_keys", 0);
    line("total_error_replies", st.total_error_replies.load());
  } else if (name == "replication") {
    o = "# Replication\r\n";
    line("role", "master");
    line("connected_slaves", 0);
    line("master_failover_state", "no-failover");
    line("master_replid", srv.replid);
    line("master_replid2", std::string(40, '0'));
    line("master_repl_offset", 0);
    line("second_repl_offset", -1);
    line("repl_backlog_active", 0);
  } else if (name == "cpu") {
    o = "# CPU\r\n";
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    line("used_cpu_sys", absl::StrFormat("%.6f", ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6));
    line("used_cpu_user", absl::StrFormat("%.6f", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6));
    line("used_cpu_sys_children", "0.000000");
    line("used_cpu_user_children", "0.000000");
  } else if (name == "commandstats") {
    o = "# Commandstats\r\n";
    auto emit = [&](const CommandSpec& s) {
      uint64_t calls = s.stats.Calls(), usec = s.stats.Usec();
      uint64_t rej = s.stats.RejectedCalls(), failed = s.stats.Failed();
      if (calls == 0 && rej == 0) return;
      StrAppend(&o, "cmdstat_", s.name, ":calls=", calls, ",usec=", usec, ",usec_per_call=",
                      absl::StrFormat("%.2f", calls ? double(usec) / double(calls) : 0.0),
                      ",rejected_calls=", rej, ",failed_calls=", failed, "\r\n");
    };
    for (const auto* s : Registry::Global().All()) {
      emit(*s);
      for (const auto& sub : s->subcommands) emit(sub);
    }
  } else if (name == "modules") {
    o = "# Modules\r\n";
  } else if (name == "cluster") {
    o = "# Cluster\r\n";
    line("cluster_enabled", 0);
  } else if (name == "latencystats") {
    o = "# Latencystats\r\n";
    std::vector<double> pcts;
    auto setting = srv.config().Get("latency-tracking-info-percentiles");
    std::string list = setting.empty() ? "50 99 99.9" : setting[0].second;
    for (size_t pos = 0; pos < list.size();) {
      size_t sp = list.find(' ', pos);
      double d;
      if (ParseDouble(list.substr(pos, sp - pos), &d)) pcts.push_back(d);
      pos = sp == std::string::npos ? list.size() : sp + 1;
    }
    auto emit = [&](const CommandSpec& s) {
      if (s.stats.LatencyCount() == 0) return;
      StrAppend(&o, "latency_percentiles_usec_", s.name, ":");
      for (size_t i = 0; i < pcts.size(); ++i)
        StrAppend(&o, i ? "," : "", "p", FormatPct(pcts[i]), "=",
                  absl::StrFormat("%.3f", double(s.stats.LatencyPercentile(pcts[i])) / 1000.0));
      o += "\r\n";
    };
    for (const auto* s : Registry::Global().All()) {
      emit(*s);
      for (const auto& sub : s->subcommands) emit(sub);
    }
  } else if (name == "errorstats") {
    o = "# Errorstats\r\n";
    for (const auto& [code, n] : srv.stats().ErrorCounts())
      StrAppend(&o, "errorstat_", code, ":count=", n, "\r\n");
  } else if (name == "keyspace") {
    o = "# Keyspace\r\n";
    for (int i = 0; i < store.num_dbs(); ++i) {
      size_t keys = store.db(i).Size();
      if (keys == 0) continue;
      StrAppend(&o, "db", i, ":keys=", keys, ",expires=", store.db(i).ExpiresSize(),
                      ",avg_ttl=0\r\n");
    }
  }
  return o;
}

// INFO [section ...] -- O(1). Reply: text (verbatim in RESP3).
void CmdInfo(CmdArgs args, CommandContext& ctx) {
  // Redis's section order; `default` leaves out commandstats and latencystats.
  static const std::vector<std::string> kAll = {
      "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules",
      "commandstats", "errorstats", "latencystats", "cluster", "keyspace"};
  std::vector<std::string> kDefault;
  for (const auto& n : kAll)
    if (n != "commandstats" && n != "latencystats") kDefault.push_back(n);
  std::vector<std::string> sections;
  if (args.size() == 1) sections = kDefault;
  for (size_t i = 1; i < args.size(); ++i) {
    std::string s = AsciiLower(args[i]);
    if (s == "default") sections.insert(sections.end(), kDefault.begin(), kDefault.end());
    else if (s == "all" || s == "everything") sections.insert(sections.end(), kAll.begin(), kAll.end());
    else sections.push_back(s);
  }
  std::string out;
  std::vector<std::string> seen;
  for (const auto& s : sections) {
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
    seen.push_back(s);
    std::string text = InfoSection(s, ctx);
    if (text.empty()) continue;
    if (!out.empty()) out += "\r\n";
    out += text;
  }
  ctx.reply().SendVerbatim(out);
}

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
  ctx.reply().SendOk();
}

// CONFIG RESETSTAT -- O(1). Reply: OK.
void CmdConfigResetStat(CmdArgs, CommandContext& ctx) {
  auto& st = ctx.server().stats();
  ResetTotalCommands();
  st.total_connections = 0;
  st.rejected_connections = 0;
  st.keyspace_hits = 0;
  st.keyspace_misses = 0;
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

// TIME -- O(1). Reply: [unix seconds, microseconds].
void CmdTime(CmdArgs, CommandContext& ctx) {
  int64_t us = NowUs();
  ctx.reply().StartArray(2);
  ctx.reply().SendBulk(StrCat(us / 1000000));
  ctx.reply().SendBulk(StrCat(us % 1000000));
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
              CmdCommand),  // COMMAND alone lists every command
    Cmd("info", -1, kLS, {0, 0, 0}, CmdInfo, "server",
        "Returns information and statistics about the server.", "O(1)"),
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
                   "Returns helpful text about the different subcommands.", "O(1)", "5.0.0")}),
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
    Cmd("shutdown", -1, kAdmin | kNoScript | kLS | kNoMulti | kAllowBusy, {0, 0, 0},
        CmdShutdown, "server", "Synchronously saves the database(s) to disk and shuts down the "
        "Redis server.", "O(N) when saving, where N is the total number of keys in all databases "
        "when saving data, otherwise O(1)"),
    Cmd("debug", -2, kAdmin | kNoScript | kLS, {0, 0, 0}, CmdDebug, "server",
        "A container for debugging commands.", "Depends on subcommand."),
    Cmd("monitor", 1, kAdmin | kNoScript | kLS, {0, 0, 0}, CmdMonitor, "server",
        "Listens for all requests received by the server in real-time.", "O(1)"),
    Cmd("lastsave", 1, kLS | kFast, {0, 0, 0}, CmdLastSave, "server",
        "Returns the Unix timestamp of the last successful save to disk.", "O(1)"),
    Cmd("role", 1, kNoScript | kLS | kFast, {0, 0, 0}, CmdRole, "server",
        "Returns the replication role.", "O(1)", "2.8.12"),
    Cmd("time", 1, kLS | kFast, {0, 0, 0}, CmdTime, "server", "Returns the server time.",
        "O(1)", "2.6.0"));

}  // namespace tessera::commands
