// INFO: the sections Redis prints, in Redis's order.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "absl/strings/str_format.h"
#include "commands/context.h"
#include "commands/pubsub.h"
#include "commands/tracking.h"
#include "core/allocator.h"
#include "core/clock.h"
#include "storage/lazyfree.h"
#include "core/strutil.h"

namespace tessera::commands {
namespace {

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


// What a section writer sees: the command's context and the text being built.
struct InfoCtx {
  CommandContext& ctx;
  ServerState& srv;
  storage::Store& store;
  int64_t now;
  std::string& o;
};

void InfoServer(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
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
}

void InfoClients(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
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
  line("blocked_clients", srv.blocked_clients.load());
  line("tracking_clients", 0);
  line("clients_in_timeout_table", 0);
}

void InfoMemory(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
  auto ratio = [](int64_t a, int64_t b) { return StrFormat2(b > 0 ? double(a) / double(b) : 0.0); };
  auto pct = [](int64_t a, int64_t b) {
    return StrCat(StrFormat2(b > 0 ? 100.0 * double(a) / double(b) : 0.0), "%");
  };
  o = "# Memory\r\n";
  ServerState::MemoryFigures m = srv.Memory();
  int64_t rss = ProcessRssBytes();
  AllocatorInfo alloc = GetAllocatorInfo();
  line("used_memory", m.used);
  line("used_memory_human", HumanBytes(m.used));
  line("used_memory_rss", rss);
  line("used_memory_rss_human", HumanBytes(rss));
  line("used_memory_peak", m.peak);
  line("used_memory_peak_human", HumanBytes(m.peak));
  line("used_memory_peak_perc", pct(m.used, m.peak));
  line("used_memory_overhead", m.used - m.dataset);
  line("used_memory_startup", m.startup);
  line("used_memory_dataset", m.dataset);
  line("used_memory_dataset_perc", pct(m.dataset, m.used - m.startup));
  // mimalloc reports what it committed, not what it handed out nor what is resident.
  if (alloc.available) line("allocator_active", alloc.committed);
  int64_t sys = int64_t(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
  line("total_system_memory", sys);
  line("total_system_memory_human", HumanBytes(sys));
  line("used_memory_lua", 0);  // no scripting yet
  line("used_memory_scripts", 0);
  line("number_of_cached_scripts", 0);
  line("maxmemory", srv.config().maxmemory());
  line("maxmemory_human", HumanBytes(srv.config().maxmemory()));
  line("maxmemory_policy", EvictionPolicyName(srv.config().memory_policy().get()));
  if (alloc.available) {
    line("allocator_frag_ratio", ratio(alloc.committed, m.used));
    line("allocator_frag_bytes", alloc.committed - m.used);
  }
  line("mem_fragmentation_ratio", ratio(rss, m.used));
  line("mem_fragmentation_bytes", rss - m.used);
  line("mem_not_counted_for_evict", 0);
  line("mem_replication_backlog", 0);
  line("mem_clients_slaves", 0);
  line("mem_clients_normal", m.clients);
  line("mem_aof_buffer", 0);
  line("mem_allocator", alloc.available ? "mimalloc" : "libc");
  line("active_defrag_running", 0);
  line("lazyfree_pending_objects", storage::LazyFreePending());
  line("lazyfreed_objects", storage::LazyFreed());
}

void InfoPersistence(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
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
}

void InfoStats(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
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
  line("evicted_keys", store.EvictedKeys());
  storage::LookupStats lookups = storage::SumLookupStats();
  line("keyspace_hits", lookups.hits);
  line("keyspace_misses", lookups.misses);
  line("pubsub_channels", srv.pubsub().Count(SubKind::kChannel));
  line("pubsub_patterns", srv.pubsub().Count(SubKind::kPattern));
  line("pubsubshard_channels", srv.pubsub().Count(SubKind::kShard));
  line("tracking_total_keys", srv.tracking().Keys());
  line("tracking_total_items", srv.tracking().Items());
  line("tracking_total_prefixes", srv.tracking().Prefixes());
  size_t blocking_keys = 0;  // keys with waiters, counted under each shard's lock
  for (int d = 0; d < store.num_dbs(); ++d)
    for (size_t i = 0; i < store.db(d).num_shards(); ++i) {
      storage::Shard& s = store.db(d).shard(i);
      storage::ShardGuard lk(s);
      blocking_keys += s.waiting.size();
    }
  line("total_blocking_keys", blocking_keys);
  line("total_error_replies", st.total_error_replies.load());
}

void InfoReplication(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
  o = "# Replication\r\n";
  line("role", "master");
  line("connected_slaves", 0);
  line("master_failover_state", "no-failover");
  line("master_replid", srv.replid);
  line("master_replid2", std::string(40, '0'));
  line("master_repl_offset", 0);
  line("second_repl_offset", -1);
  line("repl_backlog_active", 0);
}

void InfoCpu(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
  o = "# CPU\r\n";
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  line("used_cpu_sys", absl::StrFormat("%.6f", ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6));
  line("used_cpu_user", absl::StrFormat("%.6f", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6));
  line("used_cpu_sys_children", "0.000000");
  line("used_cpu_user_children", "0.000000");
}

void InfoCommandstats(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
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
}

void InfoModules(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  o = "# Modules\r\n";
}

void InfoCluster(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  auto line = [&o](std::string_view k, const auto& v) { StrAppend(&o, k, ":", v, "\r\n"); };
  o = "# Cluster\r\n";
  line("cluster_enabled", 0);
}

void InfoLatencystats(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
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
}

void InfoErrorstats(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  o = "# Errorstats\r\n";
  for (const auto& [code, n] : srv.stats().ErrorCounts())
    StrAppend(&o, "errorstat_", code, ":count=", n, "\r\n");
}

void InfoKeyspace(InfoCtx& x) {
  auto& [ctx, srv, store, now, out] = x;
  std::string& o = out;  // a variable, so lambdas can capture it (clang 14)
  o = "# Keyspace\r\n";
  for (int i = 0; i < store.num_dbs(); ++i) {
    size_t keys = store.db(i).Size();
    if (keys == 0) continue;
    size_t expires = store.db(i).ExpiresSize();
    StrAppend(&o, "db", i, ":keys=", keys, ",expires=", expires,
              ",avg_ttl=", expires ? store.db(i).EstimateAvgTtl(now) : 0, "\r\n");
  }
}

using SectionFn = void (*)(InfoCtx&);
constexpr std::pair<std::string_view, SectionFn> kSections[] = {
    {"server", InfoServer},
    {"clients", InfoClients},
    {"memory", InfoMemory},
    {"persistence", InfoPersistence},
    {"stats", InfoStats},
    {"replication", InfoReplication},
    {"cpu", InfoCpu},
    {"commandstats", InfoCommandstats},
    {"modules", InfoModules},
    {"cluster", InfoCluster},
    {"latencystats", InfoLatencystats},
    {"errorstats", InfoErrorstats},
    {"keyspace", InfoKeyspace},
};

std::string InfoSection(std::string_view name, CommandContext& ctx) {
  std::string o;
  for (auto [n, fn] : kSections) {
    if (n != name) continue;
    InfoCtx x{ctx, ctx.server(), ctx.store(), NowMs(), o};
    fn(x);
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

constexpr uint32_t kLS = kLoading | kStale;

}  // namespace

TESSERA_REGISTER_COMMANDS(
    info,
    Cmd("info", -1, kLS, {0, 0, 0}, CmdInfo, "server",
        "Returns information and statistics about the server.", "O(1)"));

}  // namespace tessera::commands
