// Generic keyspace commands: DEL, EXISTS, TYPE, TTLs, KEYS, SCAN, RANDOMKEY, RENAME,
// DBSIZE, FLUSHDB, FLUSHALL.
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "commands/arg_cursor.h"
#include "commands/context.h"
#include "commands/notify.h"
#include "commands/tracking.h"
#include "commands/scan_args.h"
#include "core/clock.h"
#include "storage/ops/keyspace_ops.h"

namespace tessera::commands {
namespace {

namespace kops = ops::keyspace;

// DEL key [key ...] -- O(N). Reply: keys removed.
void DelGeneric(CmdArgs args, CommandContext& ctx, bool lazy) {
  if (!NotifyWanted(ctx.server(), notify::kGeneric))
    return ctx.reply().SendLong(kops::Del(ctx.db(), args.subspan(1), lazy));
  std::function<void(std::string_view)> deleted = [&ctx](std::string_view key) {
    Notify(ctx, notify::kGeneric, "del", key);
  };
  ctx.reply().SendLong(kops::Del(ctx.db(), args.subspan(1), lazy, &deleted));
}

void CmdDel(CmdArgs args, CommandContext& ctx) { DelGeneric(args, ctx, false); }

// UNLINK key [key ...] -- O(1) per key here; big values are freed in the background.
void CmdUnlink(CmdArgs args, CommandContext& ctx) { DelGeneric(args, ctx, true); }

// EXISTS key [key ...] -- O(N). Reply: how many of the keys exist (repeats count).
void CmdExists(CmdArgs args, CommandContext& ctx) {
  ctx.reply().SendLong(kops::Exists(ctx.db(), args.subspan(1)));
}

// TYPE key -- O(1). Reply: simple string.
void CmdType(CmdArgs args, CommandContext& ctx) {
  ctx.reply().SendSimple(kops::Type(ctx.db(), args[1]));
}

// EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT key time [NX|XX|GT|LT] -- O(1). Reply: 1 or 0.
void ExpireGeneric(CmdArgs args, CommandContext& ctx, bool seconds, bool absolute) {
  kops::ExpireFlags f;
  for (size_t i = 3; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (EqualsIgnoreCase(a, "NX")) f.nx = true;
    else if (EqualsIgnoreCase(a, "XX")) f.xx = true;
    else if (EqualsIgnoreCase(a, "GT")) f.gt = true;
    else if (EqualsIgnoreCase(a, "LT")) f.lt = true;
    else return ctx.reply().SendError(StrCat("ERR Unsupported option ", a));
  }
  if (f.nx && (f.xx || f.gt || f.lt))
    return ctx.reply().SendError(
        "ERR NX and XX, GT or LT options at the same time are not compatible");
  if (f.gt && f.lt)
    return ctx.reply().SendError("ERR GT and LT options at the same time are not compatible");
  int64_t when;
  if (!ParseInt64(args[2], &when)) return ctx.reply().SendError(errors::kNotInteger);
  if (seconds) {
    if (when > INT64_MAX / 1000 || when < INT64_MIN / 1000)
      return ctx.reply().SendError(errors::InvalidExpire(ctx.spec()->name));
    when *= 1000;
  }
  int64_t base = absolute ? 0 : FastClock::NowMs();
  if (when > INT64_MAX - base)
    return ctx.reply().SendError(errors::InvalidExpire(ctx.spec()->name));
  when += base;
  int64_t r = kops::ExpireAt(ctx.db(), args[1], when, f);
  // a deadline already past deletes the key: Redis reports that as "del"
  if (r == 1) Notify(ctx, notify::kGeneric, when <= FastClock::NowMs() ? "del" : "expire", args[1]);
  ctx.reply().SendLong(r);
}
void CmdExpire(CmdArgs a, CommandContext& c) { ExpireGeneric(a, c, true, false); }
void CmdPExpire(CmdArgs a, CommandContext& c) { ExpireGeneric(a, c, false, false); }
void CmdExpireAt(CmdArgs a, CommandContext& c) { ExpireGeneric(a, c, true, true); }
void CmdPExpireAt(CmdArgs a, CommandContext& c) { ExpireGeneric(a, c, false, true); }

// TTL/PTTL/EXPIRETIME/PEXPIRETIME key -- O(1). Reply: integer; -1 no TTL, -2 no key.
void TtlGeneric(CmdArgs args, CommandContext& ctx, bool ms, bool absolute) {
  int64_t v = absolute ? kops::PExpireTime(ctx.db(), args[1]) : kops::PTtl(ctx.db(), args[1]);
  // rounded to the nearest second; unsigned so a deadline near INT64_MAX cannot overflow
  if (v >= 0 && !ms) v = int64_t((uint64_t(v) + 500) / 1000);
  ctx.reply().SendLong(v);
}
void CmdTtl(CmdArgs a, CommandContext& c) { TtlGeneric(a, c, false, false); }
void CmdPTtl(CmdArgs a, CommandContext& c) { TtlGeneric(a, c, true, false); }
void CmdExpireTime(CmdArgs a, CommandContext& c) { TtlGeneric(a, c, false, true); }
void CmdPExpireTime(CmdArgs a, CommandContext& c) { TtlGeneric(a, c, true, true); }

// PERSIST key -- O(1). Reply: 1 if a TTL was removed, else 0.
void CmdPersist(CmdArgs args, CommandContext& ctx) {
  int64_t r = kops::Persist(ctx.db(), args[1]);
  if (r == 1) Notify(ctx, notify::kGeneric, "persist", args[1]);
  ctx.reply().SendLong(r);
}

// KEYS pattern -- O(N). Reply: array of keys.
void CmdKeys(CmdArgs args, CommandContext& ctx) {
  auto keys = kops::Keys(ctx.db(), args[1]);
  ctx.reply().StartArray(keys.size());
  for (const auto& k : keys) ctx.reply().SendBulk(k);
}

// As Redis's strtoul-based parse: a sign is accepted and "-1" wraps around; spaces, trailing
// garbage and out-of-range values are refused.
// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] -- O(1) per call.
// Reply: [next cursor, [keys]].
void CmdScan(CmdArgs args, CommandContext& ctx) {
  ScanArgs sa;
  if (auto err = ParseScanArgs(args, 1, true, &sa); !err.empty())
    return ctx.reply().SendError(err);
  auto r = kops::Scan(ctx.db(), sa.cursor, sa.pattern, sa.count, sa.type);
  ctx.reply().StartArray(2);
  ctx.reply().SendBulk(StrCat(r.next_cursor));
  ctx.reply().StartArray(r.keys.size());
  for (const auto& k : r.keys) ctx.reply().SendBulk(k);
}

// RANDOMKEY -- O(1). Reply: a key or null.
void CmdRandomKey(CmdArgs, CommandContext& ctx) {
  auto k = kops::RandomKey(ctx.db());
  if (k) ctx.reply().SendBulk(*k);
  else ctx.reply().SendNull();
}

void NotifyRename(CommandContext& ctx, std::string_view from, std::string_view to) {
  if (from == to) return;  // Redis answers without an event
  Notify(ctx, notify::kGeneric, "rename_from", from);
  Notify(ctx, notify::kGeneric, "rename_to", to);
}

// RENAME key newkey -- O(1). Reply: OK.
void CmdRename(CmdArgs args, CommandContext& ctx) {
  OpStatus st = kops::Rename(ctx.db(), args[1], args[2], false);
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  NotifyRename(ctx, args[1], args[2]);
  ctx.reply().SendOk();
}

// RENAMENX key newkey -- O(1). Reply: 1 if renamed, 0 if newkey exists.
void CmdRenameNx(CmdArgs args, CommandContext& ctx) {
  OpStatus st = kops::Rename(ctx.db(), args[1], args[2], true);
  if (st == OpStatus::kSkipped) return ctx.reply().SendLong(0);
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  NotifyRename(ctx, args[1], args[2]);
  ctx.reply().SendLong(1);
}

// DBSIZE -- O(1) (sums the shards). Reply: integer.
void CmdDbSize(CmdArgs, CommandContext& ctx) { ctx.reply().SendLong(int64_t(ctx.db().Size())); }

bool FlushModeOk(CmdArgs args) {
  return args.size() == 1 ||
         (args.size() == 2 && (EqualsIgnoreCase(args[1], "ASYNC") || EqualsIgnoreCase(args[1], "SYNC")));
}

// FLUSHDB [ASYNC|SYNC] -- O(N). Reply: OK.
void CmdFlushDb(CmdArgs args, CommandContext& ctx) {
  if (!FlushModeOk(args)) return ctx.reply().SendError(errors::kSyntax);
  ctx.db().Flush(/*async=*/args.size() == 2 && EqualsIgnoreCase(args[1], "ASYNC"));
  if (ctx.server().tracking().clients() > 0) ctx.server().tracking().InvalidateAll();
  ctx.reply().SendOk();
}

// FLUSHALL [ASYNC|SYNC] -- O(N). Reply: OK.
void CmdFlushAll(CmdArgs args, CommandContext& ctx) {
  if (!FlushModeOk(args)) return ctx.reply().SendError(errors::kSyntax);
  ctx.store().FlushAll(/*async=*/args.size() == 2 && EqualsIgnoreCase(args[1], "ASYNC"));
  if (ctx.server().tracking().clients() > 0) ctx.server().tracking().InvalidateAll();
  ctx.reply().SendOk();
}

// Parses a db index argument for COPY/MOVE; sends Redis's error and returns false when it is
// not an integer or out of range.
bool DbIndexArg(std::string_view arg, CommandContext& ctx, int* out) {
  int64_t id;
  if (!ParseInt64(arg, &id) || id < INT32_MIN || id > INT32_MAX) {
    ctx.reply().SendError(errors::kNotInteger);
    return false;
  }
  if (id < 0 || id >= ctx.store().num_dbs()) {
    ctx.reply().SendError(errors::kDbIndexOutOfRange);
    return false;
  }
  *out = int(id);
  return true;
}

// TOUCH key [key ...] -- O(N). Reply: how many of the keys exist.
void CmdTouch(CmdArgs args, CommandContext& ctx) {
  ctx.reply().SendLong(kops::Touch(ctx.db(), args.subspan(1)));
}

// COPY source destination [DB destination-db] [REPLACE] -- O(N) in the value's size.
// Reply: 1 if copied, 0 if not.
void CmdCopy(CmdArgs args, CommandContext& ctx) {
  int dst_db = ctx.client().db;
  bool replace = false;
  for (size_t i = 3; i < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "REPLACE")) {
      replace = true;
    } else if (EqualsIgnoreCase(args[i], "DB") && i + 1 < args.size()) {
      if (!DbIndexArg(args[++i], ctx, &dst_db)) return;
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  if (dst_db == ctx.client().db && args[1] == args[2])
    return ctx.reply().SendError("ERR source and destination objects are the same");
  bool ok = kops::Copy(ctx.db(), args[1], ctx.store().db(dst_db), args[2], replace);
  if (ok) Notify(ctx.server(), notify::kGeneric, "copy_to", args[2], dst_db);
  ctx.reply().SendLong(ok ? 1 : 0);
}

// MOVE key db -- O(1). Reply: 1 if moved, 0 if not.
void CmdMove(CmdArgs args, CommandContext& ctx) {
  int dst;
  if (!DbIndexArg(args[2], ctx, &dst)) return;
  if (dst == ctx.client().db)
    return ctx.reply().SendError("ERR source and destination objects are the same");
  bool moved = kops::Move(ctx.db(), ctx.store().db(dst), args[1]);
  if (moved) {
    Notify(ctx, notify::kGeneric, "move_from", args[1]);
    Notify(ctx.server(), notify::kGeneric, "move_to", args[1], dst);
  }
  ctx.reply().SendLong(moved ? 1 : 0);
}

// SWAPDB index1 index2 -- O(N) in shards. Reply: OK.
void CmdSwapDb(CmdArgs args, CommandContext& ctx) {
  int64_t a, b;
  if (!ParseInt64(args[1], &a) || a < INT32_MIN || a > INT32_MAX)
    return ctx.reply().SendError("ERR invalid first DB index");
  if (!ParseInt64(args[2], &b) || b < INT32_MIN || b > INT32_MAX)
    return ctx.reply().SendError("ERR invalid second DB index");
  int n = ctx.store().num_dbs();
  if (a < 0 || a >= n || b < 0 || b >= n)
    return ctx.reply().SendError(errors::kDbIndexOutOfRange);
  ctx.store().SwapDbs(int(a), int(b));
  ctx.reply().SendOk();
}

// WAIT numreplicas timeout -- O(1). Reply: replicas that acknowledged: 0, there are none.
void CmdWait(CmdArgs args, CommandContext& ctx) {
  int64_t n, timeout;
  if (!ParseInt64(args[1], &n)) return ctx.reply().SendError(errors::kNotInteger);
  if (!ParseInt64(args[2], &timeout))
    return ctx.reply().SendError("ERR timeout is not an integer or out of range");
  if (timeout < 0) return ctx.reply().SendError(errors::kTimeoutNegative);
  ctx.reply().SendLong(0);
}

// OBJECT ENCODING|IDLETIME|FREQ|REFCOUNT key -- O(1).
void ObjectGeneric(CmdArgs args, CommandContext& ctx, char what) {
  auto info = kops::Object(ctx.db(), args[2]);
  if (!info) return ctx.reply().SendNull();
  // The access stamp holds an LRU clock or an LFU counter, by policy (storage/evict.h).
  bool lfu = ctx.server().config().memory_policy().lfu();
  switch (what) {
    case 'e': return ctx.reply().SendBulk(info->encoding);
    case 'i':
      if (lfu)
        return ctx.reply().SendError(
            "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that "
            "when switching between policies at runtime LRU and LFU data will take some time "
            "to adjust.");
      return ctx.reply().SendLong(info->idle_seconds);
    case 'r': return ctx.reply().SendLong(1);
    default:
      if (!lfu)
        return ctx.reply().SendError(
            "ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
            "Please note that when switching between policies at runtime LRU and LFU data "
            "will take some time to adjust.");
      return ctx.reply().SendLong(info->freq);
  }
}
void CmdObjectEncoding(CmdArgs a, CommandContext& c) { ObjectGeneric(a, c, 'e'); }
void CmdObjectIdleTime(CmdArgs a, CommandContext& c) { ObjectGeneric(a, c, 'i'); }
void CmdObjectRefCount(CmdArgs a, CommandContext& c) { ObjectGeneric(a, c, 'r'); }
void CmdObjectFreq(CmdArgs a, CommandContext& c) { ObjectGeneric(a, c, 'f'); }
void CmdObjectHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "ENCODING <key>", "    Return the kind of internal representation used in order to store the value",
      "    associated with a <key>.",
      "FREQ <key>", "    Return the access frequency index of the <key>. The returned integer is",
      "    proportional to the logarithm of the recent access frequency of the key.",
      "IDLETIME <key>", "    Return the idle time of the <key>, that is the approximated number of",
      "    seconds elapsed since the last access to the key.",
      "REFCOUNT <key>", "    Return the number of references of the value associated with the specified",
      "    <key>.",
      "HELP", "    Print this help."};
  SendHelp(ctx, kLines);
}

TESSERA_REGISTER_COMMANDS(
    keyspace,
    Cmd("del", -2, kWrite, {1, -1, 1}, CmdDel, "generic", "Deletes one or more keys.",
        "O(N) where N is the number of keys that will be removed."),
    Cmd("unlink", -2, kWrite | kFast, {1, -1, 1}, CmdUnlink, "generic",
        "Asynchronously deletes one or more keys.", "O(1) for each key removed.", "4.0.0"),
    Cmd("exists", -2, kReadOnly | kFast, {1, -1, 1}, CmdExists, "generic",
        "Determines whether one or more keys exist.", "O(N) where N is the number of keys.",
        "1.0.0"),
    Cmd("type", 2, kReadOnly | kFast, {1, 1, 1}, CmdType, "generic",
        "Determines the type of value stored at a key.", "O(1)"),
    Cmd("expire", -3, kWrite | kFast, {1, 1, 1}, CmdExpire, "generic",
        "Sets the expiration time of a key in seconds.", "O(1)"),
    Cmd("pexpire", -3, kWrite | kFast, {1, 1, 1}, CmdPExpire, "generic",
        "Sets the expiration time of a key in milliseconds.", "O(1)", "2.6.0"),
    Cmd("expireat", -3, kWrite | kFast, {1, 1, 1}, CmdExpireAt, "generic",
        "Sets the expiration time of a key to a Unix timestamp.", "O(1)", "1.2.0"),
    Cmd("pexpireat", -3, kWrite | kFast, {1, 1, 1}, CmdPExpireAt, "generic",
        "Sets the expiration time of a key to a Unix milliseconds timestamp.", "O(1)",
        "2.6.0"),
    Cmd("ttl", 2, kReadOnly | kFast, {1, 1, 1}, CmdTtl, "generic",
        "Returns the expiration time in seconds of a key.", "O(1)"),
    Cmd("pttl", 2, kReadOnly | kFast, {1, 1, 1}, CmdPTtl, "generic",
        "Returns the expiration time in milliseconds of a key.", "O(1)", "2.6.0"),
    Cmd("expiretime", 2, kReadOnly | kFast, {1, 1, 1}, CmdExpireTime, "generic",
        "Returns the expiration time of a key as a Unix timestamp.", "O(1)", "7.0.0"),
    Cmd("pexpiretime", 2, kReadOnly | kFast, {1, 1, 1}, CmdPExpireTime, "generic",
        "Returns the expiration time of a key as a Unix milliseconds timestamp.", "O(1)",
        "7.0.0"),
    Cmd("persist", 2, kWrite | kFast, {1, 1, 1}, CmdPersist, "generic",
        "Removes the expiration time of a key.", "O(1)", "2.2.0"),
    Cmd("keys", 2, kReadOnly, {0, 0, 0}, CmdKeys, "generic",
        "Returns all key names that match a pattern.", "O(N)"),
    Cmd("scan", -2, kReadOnly, {0, 0, 0}, CmdScan, "generic",
        "Iterates over the key names in the database.",
        "O(1) for every call. O(N) for a complete iteration.", "2.8.0"),
    Cmd("randomkey", 1, kReadOnly, {0, 0, 0}, CmdRandomKey, "generic",
        "Returns a random key name from the database.", "O(1)"),
    Cmd("rename", 3, kWrite, {1, 2, 1}, CmdRename, "generic",
        "Renames a key and overwrites the destination.", "O(1)"),
    Cmd("renamenx", 3, kWrite | kFast, {1, 2, 1}, CmdRenameNx, "generic",
        "Renames a key only when the target key name doesn't exist.", "O(1)"),
    Container("object", -2, 0, "generic", "A container for object introspection commands.",
              {Cmd("encoding", 3, kReadOnly, {2, 2, 1}, CmdObjectEncoding, "generic",
                   "Returns the internal encoding of a Redis object.", "O(1)", "2.2.3"),
               Cmd("idletime", 3, kReadOnly, {2, 2, 1}, CmdObjectIdleTime, "generic",
                   "Returns the time since the last access to a Redis object.", "O(1)", "2.2.3"),
               Cmd("freq", 3, kReadOnly, {2, 2, 1}, CmdObjectFreq, "generic",
                   "Returns the logarithmic access frequency counter of a Redis object.", "O(1)",
                   "4.0.0"),
               Cmd("refcount", 3, kReadOnly, {2, 2, 1}, CmdObjectRefCount, "generic",
                   "Returns the reference count of a value of a key.", "O(1)", "2.2.3"),
               Cmd("help", 2, kLoading | kStale, {}, CmdObjectHelp, "generic",
                   "Returns helpful text about the different subcommands.", "O(1)", "6.2.0")}),
    Cmd("touch", -2, kReadOnly | kFast | kAlwaysTouch, {1, -1, 1}, CmdTouch, "generic",
        "Returns the number of existing keys out of those specified after updating the time "
        "they were last accessed.", "O(N) where N is the number of keys that will be touched.",
        "3.2.1"),
    Cmd("copy", -3, kWrite | kDenyOom | kKeyspaceWide, {1, 2, 1}, CmdCopy, "generic",
        "Copies the value of a key to a new key.",
        "O(N) worst case for collections, where N is the number of nested items.", "6.2.0"),
    Cmd("move", 3, kWrite | kFast | kKeyspaceWide, {1, 1, 1}, CmdMove, "generic",
        "Moves a key to another database.", "O(1)"),
    Cmd("swapdb", 3, kWrite | kFast | kKeyspaceWide, {0, 0, 0}, CmdSwapDb, "server",
        "Swaps two Redis databases.",
        "O(N) where N is the count of clients watching or blocking on keys from both databases.",
        "4.0.0"),
    Cmd("wait", 3, 0, {0, 0, 0}, CmdWait, "generic",
        "Blocks until the asynchronous replication of all preceding write commands sent by the "
        "connection is completed.", "O(1)", "3.0.0"),
    Cmd("dbsize", 1, kReadOnly | kFast, {0, 0, 0}, CmdDbSize, "server",
        "Returns the number of keys in the database.", "O(1)"),
    Cmd("flushdb", -1, kWrite, {0, 0, 0}, CmdFlushDb, "server",
        "Remove all keys from the current database.",
        "O(N) where N is the number of keys in the selected database"),
    Cmd("flushall", -1, kWrite, {0, 0, 0}, CmdFlushAll, "server",
        "Removes all keys from all databases.",
        "O(N) where N is the total number of keys in all databases"));

}  // namespace
}  // namespace tessera::commands
