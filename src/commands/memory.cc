// MEMORY USAGE, STATS, DOCTOR, PURGE, MALLOC-STATS: what the memory accounting knows
// (ServerState::Memory, storage's per-shard counts) and what the allocator says.
#include "commands/context.h"
#include "core/allocator.h"
#include "core/strutil.h"
#include "storage/ops/keyspace_ops.h"

namespace tessera::commands {
namespace {

namespace kops = ops::keyspace;

// MEMORY USAGE key [SAMPLES count] -- O(1): every value keeps its allocator bytes as a
// running count, so nothing is sampled and SAMPLES is checked but changes nothing.
// Reply: bytes, or null when the key is missing.
void CmdMemoryUsage(CmdArgs args, CommandContext& ctx) {
  for (size_t i = 3; i < args.size(); i += 2) {
    if (!EqualsIgnoreCase(args[i], "samples") || i + 1 >= args.size())
      return ctx.reply().SendError(errors::kSyntax);
    int64_t n;
    if (!ParseInt64(args[i + 1], &n)) return ctx.reply().SendError(errors::kNotInteger);
    if (n < 0) return ctx.reply().SendError(errors::kSyntax);
  }
  auto info = kops::Object(ctx.db(), args[2]);
  if (!info) return ctx.reply().SendNull();
  ctx.reply().SendLong(info->memory_bytes);
}

// MEMORY STATS -- O(dbs x shards). Reply: a map with Redis's field names, where Tessera
// has the figure.
void CmdMemoryStats(CmdArgs, CommandContext& ctx) {
  ServerState& srv = ctx.server();
  storage::Store& store = ctx.store();
  ServerState::MemoryFigures m = srv.Memory();
  AllocatorInfo alloc = GetAllocatorInfo();
  int64_t rss = ProcessRssBytes();
  struct DbFigures {
    int index;
    int64_t main, expires;  // expires: 0, TTLs have no index (storage/store.h)
  };
  std::vector<DbFigures> dbs;
  int64_t keys = 0;
  for (int d = 0; d < store.num_dbs(); ++d) {
    storage::Db& db = store.db(d);
    size_t n = db.Size();
    if (n == 0) continue;
    keys += int64_t(n);
    DbFigures f{d, 0, 0};
    for (size_t i = 0; i < db.num_shards(); ++i) {
      storage::Shard& s = db.shard(i);
      storage::ShardGuard lk(s);
      f.main += int64_t(s.table.MemoryUsage());
    }
    dbs.push_back(f);
  }
  auto& r = ctx.reply();
  size_t fields = 18 + dbs.size() + (alloc.available ? 3 : 0);
  r.StartMap(fields);
  auto num = [&r](std::string_view k, int64_t v) {
    r.SendBulk(k);
    r.SendLong(v);
  };
  auto dbl = [&r](std::string_view k, double v) {
    r.SendBulk(k);
    r.SendDouble(v);
  };
  num("peak.allocated", m.peak);
  num("total.allocated", m.used);
  num("startup.allocated", m.startup);
  num("replication.backlog", 0);
  num("clients.slaves", 0);
  num("clients.normal", m.clients);
  num("cluster.links", 0);
  num("aof.buffer", 0);
  num("lua.caches", 0);
  num("functions.caches", 0);
  for (const auto& f : dbs) {
    r.SendBulk(StrCat("db.", f.index));
    r.StartMap(3);
    num("overhead.hashtable.main", f.main);
    num("overhead.hashtable.expires", f.expires);
    num("overhead.hashtable.slot-to-keys", 0);
  }
  num("overhead.total", m.used - m.dataset);
  num("keys.count", keys);
  num("keys.bytes-per-key", keys ? (m.used - m.startup) / keys : 0);
  num("dataset.bytes", m.dataset);
  int64_t above_startup = m.used - m.startup;
  dbl("dataset.percentage", above_startup > 0 ? 100.0 * double(m.dataset) / double(above_startup) : 0);
  dbl("peak.percentage", m.peak > 0 ? 100.0 * double(m.used) / double(m.peak) : 0);
  if (alloc.available) {
    num("allocator.active", alloc.committed);
    dbl("allocator-fragmentation.ratio", m.used ? double(alloc.committed) / double(m.used) : 0);
    num("allocator-fragmentation.bytes", alloc.committed - m.used);
  }
  dbl("fragmentation", m.used ? double(rss) / double(m.used) : 0);
  num("fragmentation.bytes", rss - m.used);
}

// MEMORY DOCTOR -- O(dbs x shards). Reply: a verbatim report of what looks wrong.
void CmdMemoryDoctor(CmdArgs, CommandContext& ctx) {
  ServerState::MemoryFigures m = ctx.server().Memory();
  int64_t rss = ProcessRssBytes();
  std::string report;
  if (m.used - m.startup < 5 * 1024 * 1024) {
    report = "This instance holds less than 5 MB of data: too little for the figures below "
             "to mean anything. Nothing to report.\n";
  } else {
    std::vector<std::string> issues;
    if (m.peak > m.used * 3 / 2)
      issues.push_back(StrCat(
          " * Peak memory: the instance once used ", m.peak, " bytes, over 150% of the ",
          m.used, " it uses now. Memory freed since then may still be held by the process; "
          "MEMORY PURGE returns what the allocator can give back.\n"));
    if (rss > m.used * 14 / 10)
      issues.push_back(StrCat(" * High RSS: the process's resident set (", rss,
                              " bytes) is more than 1.4 times the memory it accounts for (",
                              m.used, "), from a past peak or fragmentation.\n"));
    if (m.clients > m.used / 2 && m.clients > 10 * 1024 * 1024)
      issues.push_back(StrCat(" * Client buffers: clients hold ", m.clients,
                              " bytes of query and output buffers, more than the data. Look "
                              "for slow readers in CLIENT LIST (omem, qbuf).\n"));
    int64_t max = ctx.server().config().maxmemory();
    if (max > 0 && ctx.store().EvictedKeys() > 0)
      issues.push_back(StrCat(" * Evictions: ", ctx.store().EvictedKeys(),
                              " keys were evicted to stay under maxmemory (", max,
                              " bytes).\n"));
    if (issues.empty()) {
      report = "No memory issue found.\n";
    } else {
      report = "Memory issues found:\n\n";
      for (const auto& i : issues) StrAppend(&report, i, "\n");
    }
  }
  ctx.reply().SendVerbatim(report);
}

// MEMORY PURGE -- O(N) in allocator pages. Reply: OK.
void CmdMemoryPurge(CmdArgs, CommandContext& ctx) {
  AllocatorPurge();
  ctx.reply().SendOk();
}

// MEMORY MALLOC-STATS -- Reply: the allocator's own report, verbatim.
void CmdMemoryMallocStats(CmdArgs, CommandContext& ctx) {
  std::string text = AllocatorStatsText();
  if (text.empty()) text = "Stats not supported for the current allocator";
  ctx.reply().SendVerbatim(text);
}

void CmdMemoryHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DOCTOR", "    Return memory problems reports.",
      "MALLOC-STATS", "    Return internal statistics report from the memory allocator.",
      "PURGE", "    Attempt to purge dirty pages for reclamation by the allocator.",
      "STATS", "    Return information about the memory usage of the server.",
      "USAGE <key> [SAMPLES <count>]",
      "    Return memory in bytes used by <key> and its value. Nested values are",
      "    sampled up to <count> times (default: 5, 0 means sample all).",
      "HELP", "    Prints this help."};
  SendHelp(ctx, kLines);
}

}  // namespace

TESSERA_REGISTER_COMMANDS(
    memory,
    Container("memory", -2, 0, "server", "A container for memory diagnostics commands.",
              {Cmd("usage", -3, kReadOnly, {2, 2, 1}, CmdMemoryUsage, "server",
                   "Estimates the memory usage of a key.", "O(N) where N is the number of samples.",
                   "4.0.0"),
               Cmd("stats", 2, 0, {}, CmdMemoryStats, "server",
                   "Returns details about memory usage.", "O(1)", "4.0.0"),
               Cmd("doctor", 2, 0, {}, CmdMemoryDoctor, "server",
                   "Outputs a memory problems report.", "O(1)", "4.0.0"),
               Cmd("purge", 2, 0, {}, CmdMemoryPurge, "server",
                   "Asks the allocator to release memory.", "Depends on how much memory is allocated, could be slow", "4.0.0"),
               Cmd("malloc-stats", 2, 0, {}, CmdMemoryMallocStats, "server",
                   "Returns the allocator statistics.", "Depends on how much memory is allocated, could be slow", "4.0.0"),
               Cmd("help", 2, kLoading | kStale, {}, CmdMemoryHelp, "server",
                   "Returns helpful text about the different subcommands.", "O(1)", "4.0.0")}));

}  // namespace tessera::commands
