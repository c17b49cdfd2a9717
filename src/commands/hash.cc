// Hash commands: HSET ... HSCAN.
#include <cmath>

#include "commands/context.h"
#include "commands/notify.h"
#include "commands/scan_args.h"
#include "storage/ops/hash_ops.h"

namespace tessera::commands {
namespace {

namespace hops = ops::hash;

hops::Limits Limits(CommandContext& ctx) {
  const Config& c = ctx.server().config();
  return {c.hash_max_listpack_entries(), c.hash_max_listpack_value()};
}

// HSET key field value [field value ...] -- O(N) in pairs. Reply: fields added.
void CmdHSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 != 0) return ctx.reply().SendError(errors::WrongArgs(ctx.spec()->name));
  auto r = hops::Set(ctx.db(), args[1], args.subspan(2), Limits(ctx));
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kHash, "hset", args[1]);
  ctx.reply().SendLong(*r);
}

// HMSET key field value [field value ...] -- O(N) in pairs. Reply: OK.
void CmdHMSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 != 0) return ctx.reply().SendError(errors::WrongArgs(ctx.spec()->name));
  auto r = hops::Set(ctx.db(), args[1], args.subspan(2), Limits(ctx));
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kHash, "hset", args[1]);
  ctx.reply().SendOk();
}

// HSETNX key field value -- O(1). Reply: 1 when set, 0 when the field existed.
void CmdHSetNx(CmdArgs args, CommandContext& ctx) {
  auto r = hops::SetNx(ctx.db(), args[1], args[2], args[3], Limits(ctx));
  if (!r) return ctx.SendStatus(r.status());
  if (*r) Notify(ctx, notify::kHash, "hset", args[1]);
  ctx.reply().SendLong(*r);
}

// HGET key field -- O(1). Reply: the value, or null.
void CmdHGet(CmdArgs args, CommandContext& ctx) {
  OpStatus st = hops::Get(ctx.db(), args[1], args[2], [&](std::string_view v) {
    ctx.reply().SendBulk(v);
  });
  if (st == OpStatus::kKeyNotFound) return ctx.reply().SendNull();
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// HMGET key field [field ...] -- O(N). Reply: a value or null per field.
void CmdHMGet(CmdArgs args, CommandContext& ctx) {
  PendingReply b(ctx);  // the array header waits for the type check
  OpStatus st = hops::MGet(
      ctx.db(), args[1], args.subspan(2), [&](std::string_view v) { b.rb.SendBulk(v); },
      [&] { b.rb.SendNull(); });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  ctx.reply().StartArray(args.size() - 2);
  b.Flush();
}

// HDEL key field [field ...] -- O(N). Reply: fields removed.
void CmdHDel(CmdArgs args, CommandContext& ctx) {
  auto r = hops::Del(ctx.db(), args[1], args.subspan(2));
  if (!r) return ctx.SendStatus(r.status());
  if (*r > 0) Notify(ctx, notify::kHash, "hdel", args[1]);
  ctx.reply().SendLong(*r);
}

// HLEN key -- O(1). Reply: the number of fields.
void CmdHLen(CmdArgs args, CommandContext& ctx) {
  auto r = hops::Len(ctx.db(), args[1]);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// HSTRLEN key field -- O(1). Reply: the value's length, 0 when missing.
void CmdHStrLen(CmdArgs args, CommandContext& ctx) {
  auto r = hops::StrLen(ctx.db(), args[1], args[2]);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// HEXISTS key field -- O(1). Reply: 1 or 0.
void CmdHExists(CmdArgs args, CommandContext& ctx) {
  auto r = hops::Exists(ctx.db(), args[1], args[2]);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

enum class Part { kBoth, kKeys, kVals };

void GetAllGeneric(CmdArgs args, CommandContext& ctx, Part part) {
  auto& r = ctx.reply();
  OpStatus st = hops::GetAll(
      ctx.db(), args[1],
      [&](size_t n) { part == Part::kBoth ? r.StartMap(n) : r.StartArray(n); },
      [&](std::string_view f, std::string_view v) {
        if (part != Part::kVals) r.SendBulk(f);
        if (part != Part::kKeys) r.SendBulk(v);
      });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// HGETALL key -- O(N). Reply: a map of fields to values.
void CmdHGetAll(CmdArgs args, CommandContext& ctx) { GetAllGeneric(args, ctx, Part::kBoth); }
// HKEYS key -- O(N). Reply: the fields.
void CmdHKeys(CmdArgs args, CommandContext& ctx) { GetAllGeneric(args, ctx, Part::kKeys); }
// HVALS key -- O(N). Reply: the values.
void CmdHVals(CmdArgs args, CommandContext& ctx) { GetAllGeneric(args, ctx, Part::kVals); }

// HINCRBY key field increment -- O(1). Reply: the new value.
void CmdHIncrBy(CmdArgs args, CommandContext& ctx) {
  int64_t d;
  if (!ParseInt64(args[3], &d)) return ctx.reply().SendError(errors::kNotInteger);
  auto r = hops::IncrBy(ctx.db(), args[1], args[2], d, Limits(ctx));
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kHash, "hincrby", args[1]);
  ctx.reply().SendLong(*r);
}

// HINCRBYFLOAT key field increment -- O(1). Reply: the new value as a bulk string.
void CmdHIncrByFloat(CmdArgs args, CommandContext& ctx) {
  long double d;
  if (!ParseLongDouble(args[3], &d)) return ctx.reply().SendError(errors::kNotFloat);
  if (std::isnan(d) || std::isinf(d))
    return ctx.reply().SendError("ERR value is NaN or Infinity");
  auto r = hops::IncrByFloat(ctx.db(), args[1], args[2], d, Limits(ctx));
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kHash, "hincrbyfloat", args[1]);
  ctx.reply().SendBulk(*r);
}

// HRANDFIELD key [count [WITHVALUES]] -- O(N) in count. Reply: a field (null when
// missing), or with count an array of fields (RESP3 WITHVALUES: [field, value] pairs).
void CmdHRandField(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  if (args.size() == 2) {
    OpStatus st = hops::RandOne(ctx.db(), args[1],
                                [&](std::string_view f, std::string_view) { r.SendBulk(f); });
    if (st == OpStatus::kKeyNotFound) return r.SendNull();
    if (st != OpStatus::kOk) ctx.SendStatus(st);
    return;
  }
  int64_t count;
  if (!ParseInt64(args[2], &count)) return r.SendError(errors::kNotInteger);
  if (count == INT64_MIN)
    return r.SendError(errors::kCountRange);
  bool with_values = false;
  if (args.size() == 4) {
    if (!EqualsIgnoreCase(args[3], "WITHVALUES")) return r.SendError(errors::kSyntax);
    with_values = true;
  } else if (args.size() > 4) {
    return r.SendError(errors::kSyntax);
  }
  if (with_values && count < -INT64_MAX / 2) return r.SendError("ERR value is out of range");
  bool pairs = with_values && r.resp3();
  OpStatus st = hops::RandField(
      ctx.db(), args[1], count,
      [&](size_t n) { r.StartArray(with_values && !pairs ? 2 * n : n); },
      [&](std::string_view f, std::string_view v) {
        if (pairs) r.StartArray(2);
        r.SendBulk(f);
        if (with_values) r.SendBulk(v);
      });
  if (st == OpStatus::kKeyNotFound) return r.SendEmptyArray();
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// HSCAN key cursor [MATCH pattern] [COUNT count] -- O(1) per call. Reply: [next cursor,
// [field, value, ...]].
void CmdHScan(CmdArgs args, CommandContext& ctx) {
  ScanArgs sa;
  if (auto err = ParseScanArgs(args, 2, false, &sa); !err.empty())
    return ctx.reply().SendError(err);
  PendingReply b(ctx);  // the cursor comes first, but is known last
  auto next = hops::Scan(
      ctx.db(), args[1], sa.cursor, sa.pattern, sa.count,
      [&](size_t n) { b.rb.StartArray(2 * n); },
      [&](std::string_view f, std::string_view v) {
        b.rb.SendBulk(f);
        b.rb.SendBulk(v);
      });
  if (!next) return ctx.SendStatus(next.status());
  ctx.reply().StartArray(2);
  ctx.reply().SendBulk(StrCat(*next));
  b.Flush();
}

constexpr uint32_t kW = kWrite | kDenyOom;

TESSERA_REGISTER_COMMANDS(
    hash,
    Cmd("hset", -4, kW | kFast, {1, 1, 1}, CmdHSet, "hash",
        "Creates or modifies the value of a field in a hash.",
        "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the "
        "command is called with multiple field/value pairs.", "2.0.0"),
    Cmd("hsetnx", 4, kW | kFast, {1, 1, 1}, CmdHSetNx, "hash",
        "Sets the value of a field in a hash only when the field doesn't exist.", "O(1)",
        "2.0.0"),
    Cmd("hmset", -4, kW | kFast, {1, 1, 1}, CmdHMSet, "hash",
        "Sets the values of multiple fields.", "O(N) where N is the number of fields being set.",
        "2.0.0"),
    Cmd("hget", 3, kReadOnly | kFast, {1, 1, 1}, CmdHGet, "hash",
        "Returns the value of a field in a hash.", "O(1)", "2.0.0"),
    Cmd("hmget", -3, kReadOnly | kFast, {1, 1, 1}, CmdHMGet, "hash",
        "Returns the values of all fields in a hash.",
        "O(N) where N is the number of fields being requested.", "2.0.0"),
    Cmd("hdel", -3, kWrite | kFast, {1, 1, 1}, CmdHDel, "hash",
        "Deletes one or more fields and their values from a hash. Deletes the hash if no "
        "fields remain.", "O(N) where N is the number of fields to be removed.", "2.0.0"),
    Cmd("hlen", 2, kReadOnly | kFast, {1, 1, 1}, CmdHLen, "hash",
        "Returns the number of fields in a hash.", "O(1)", "2.0.0"),
    Cmd("hstrlen", 3, kReadOnly | kFast, {1, 1, 1}, CmdHStrLen, "hash",
        "Returns the length of the value of a field.", "O(1)", "3.2.0"),
    Cmd("hexists", 3, kReadOnly | kFast, {1, 1, 1}, CmdHExists, "hash",
        "Determines whether a field exists in a hash.", "O(1)", "2.0.0"),
    Cmd("hgetall", 2, kReadOnly, {1, 1, 1}, CmdHGetAll, "hash",
        "Returns all fields and values in a hash.", "O(N) where N is the size of the hash.",
        "2.0.0"),
    Cmd("hkeys", 2, kReadOnly, {1, 1, 1}, CmdHKeys, "hash", "Returns all fields in a hash.",
        "O(N) where N is the size of the hash.", "2.0.0"),
    Cmd("hvals", 2, kReadOnly, {1, 1, 1}, CmdHVals, "hash", "Returns all values in a hash.",
        "O(N) where N is the size of the hash.", "2.0.0"),
    Cmd("hincrby", 4, kW | kFast, {1, 1, 1}, CmdHIncrBy, "hash",
        "Increments the integer value of a field in a hash by a number. Uses 0 as initial "
        "value if the field doesn't exist.", "O(1)", "2.0.0"),
    Cmd("hincrbyfloat", 4, kW | kFast, {1, 1, 1}, CmdHIncrByFloat, "hash",
        "Increments the floating point value of a field by a number. Uses 0 as initial value "
        "if the field doesn't exist.", "O(1)", "2.6.0"),
    Cmd("hrandfield", -2, kReadOnly, {1, 1, 1}, CmdHRandField, "hash",
        "Returns one or more random fields from a hash.",
        "O(N) where N is the number of fields returned", "6.2.0"),
    Cmd("hscan", -3, kReadOnly, {1, 1, 1}, CmdHScan, "hash",
        "Iterates over fields and values of a hash.",
        "O(1) for every call. O(N) for a complete iteration, including enough command calls "
        "for the cursor to return back to 0. N is the number of elements inside the "
        "collection.", "2.8.0"));

}  // namespace
}  // namespace tessera::commands
