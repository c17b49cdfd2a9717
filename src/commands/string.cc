// String commands: GET/SET and friends, counters, ranges.
#include <optional>

#include "commands/arg_cursor.h"
#include "commands/context.h"
#include "commands/notify.h"
#include "core/clock.h"
#include "storage/ops/string_ops.h"

namespace tessera::commands {
namespace {

namespace sops = ops::string;

// Parses an EX/PX/EXAT/PXAT value into an absolute deadline in ms, with Redis's checks.
// Returns false (and sends the error) on a bad value.
bool ExpireArg(std::string_view arg, bool seconds, bool absolute, std::string_view cmd,
               CommandContext& ctx, int64_t* at_ms) {
  int64_t v;
  if (!ParseInt64(arg, &v)) {
    ctx.reply().SendError(errors::kNotInteger);
    return false;
  }
  if (v <= 0 || (seconds && v > INT64_MAX / 1000)) {
    ctx.reply().SendError(errors::InvalidExpire(cmd));
    return false;
  }
  if (seconds) v *= 1000;
  if (!absolute) {
    int64_t now = FastClock::NowMs();
    if (v > INT64_MAX - now) {
      ctx.reply().SendError(errors::InvalidExpire(cmd));
      return false;
    }
    v += now;
  }
  *at_ms = v;
  return true;
}

// EX/PX/EXAT/PXAT parsing shared by SET and GETEX. As in Redis, the same option may repeat
// (the last value wins, and only it is checked); two different kinds are a syntax error.
struct ExpireOpt {
  enum Kind { kNone, kEx, kPx, kExAt, kPxAt } kind = kNone;
  size_t value_idx = 0;

  // If args[*i] is an expire option with a value after it, takes both and returns true.
  bool Accept(CmdArgs args, size_t* i) {
    if (*i + 1 >= args.size()) return false;
    std::string_view a = args[*i];
    Kind k;
    if (EqualsIgnoreCase(a, "EX")) k = kEx;
    else if (EqualsIgnoreCase(a, "PX")) k = kPx;
    else if (EqualsIgnoreCase(a, "EXAT")) k = kExAt;
    else if (EqualsIgnoreCase(a, "PXAT")) k = kPxAt;
    else return false;
    if (kind != kNone && kind != k) return false;
    kind = k;
    value_idx = ++*i;
    return true;
  }
  bool Resolve(CmdArgs args, std::string_view cmd, CommandContext& ctx, int64_t* at_ms) const {
    return ExpireArg(args[value_idx], kind == kEx || kind == kExAt,
                     kind == kExAt || kind == kPxAt, cmd, ctx, at_ms);
  }
};

// A sink that sends the value as a bulk reply; a large one by reference, without a copy.
auto BulkSink(CommandContext& ctx) {
  return [&ctx](std::string_view v, const SharedBytes* owner) { ctx.reply().SendBulk(v, owner); };
}

// Keyspace events of a write that stored a string: "set", and "expire" when it set a TTL.
void NotifySet(CommandContext& ctx, std::string_view key, bool expire) {
  Notify(ctx, notify::kString, "set", key);
  if (expire) Notify(ctx, notify::kGeneric, "expire", key);
}

// GET key -- O(1). Reply: bulk string or null.
void CmdGet(CmdArgs args, CommandContext& ctx) {
  OpStatus st = sops::Get(ctx.db(), args[1], BulkSink(ctx));
  if (st == OpStatus::kKeyNotFound) ctx.reply().SendNull();
  else if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL] -- O(1).
// Reply: OK, or null when NX/XX refused; with GET the old value or null.
void CmdSet(CmdArgs args, CommandContext& ctx) {
  sops::SetParams p;
  ExpireOpt ex;
  for (size_t i = 3; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (EqualsIgnoreCase(a, "NX") && p.cond != sops::SetParams::kIfPresent) {
      p.cond = sops::SetParams::kIfAbsent;
    } else if (EqualsIgnoreCase(a, "XX") && p.cond != sops::SetParams::kIfAbsent) {
      p.cond = sops::SetParams::kIfPresent;
    } else if (EqualsIgnoreCase(a, "GET")) {
      p.get = true;
    } else if (EqualsIgnoreCase(a, "KEEPTTL") && ex.kind == ExpireOpt::kNone) {
      p.keep_ttl = true;
    } else if (!p.keep_ttl && ex.Accept(args, &i)) {
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  if (ex.kind != ExpireOpt::kNone && !ex.Resolve(args, "set", ctx, &p.expire_at_ms)) return;
  auto r = sops::Set(ctx.db(), args[1], args[2], p);
  if (!r) return ctx.SendStatus(r.status());
  if (r->applied) NotifySet(ctx, args[1], ex.kind != ExpireOpt::kNone);
  if (p.get) {
    if (r->had_old) ctx.reply().SendBulk(r->old);
    else ctx.reply().SendNull();
  } else if (r->applied) {
    ctx.reply().SendOk();
  } else {
    ctx.reply().SendNull();
  }
}

// SETNX key value -- O(1). Reply: 1 if set, 0 if the key existed.
void CmdSetNx(CmdArgs args, CommandContext& ctx) {
  sops::SetParams p;
  p.cond = sops::SetParams::kIfAbsent;
  auto r = sops::Set(ctx.db(), args[1], args[2], p);
  if (r->applied) NotifySet(ctx, args[1], false);
  ctx.reply().SendLong(r->applied ? 1 : 0);
}

// SETEX key seconds value / PSETEX key ms value -- O(1). Reply: OK.
void SetExGeneric(CmdArgs args, CommandContext& ctx, bool seconds) {
  sops::SetParams p;
  std::string_view name = seconds ? "setex" : "psetex";
  if (!ExpireArg(args[2], seconds, false, name, ctx, &p.expire_at_ms)) return;
  sops::Set(ctx.db(), args[1], args[3], p);
  NotifySet(ctx, args[1], true);
  ctx.reply().SendOk();
}
void CmdSetEx(CmdArgs args, CommandContext& ctx) { SetExGeneric(args, ctx, true); }
void CmdPSetEx(CmdArgs args, CommandContext& ctx) { SetExGeneric(args, ctx, false); }

// GETSET key value -- O(1). Reply: the old value or null.
void CmdGetSet(CmdArgs args, CommandContext& ctx) {
  sops::SetParams p;
  p.get = true;
  auto r = sops::Set(ctx.db(), args[1], args[2], p);
  if (!r) return ctx.SendStatus(r.status());
  NotifySet(ctx, args[1], false);
  if (r->had_old) ctx.reply().SendBulk(r->old);
  else ctx.reply().SendNull();
}

// GETDEL key -- O(1). Reply: the value or null.
void CmdGetDel(CmdArgs args, CommandContext& ctx) {
  OpStatus st = sops::GetDel(ctx.db(), args[1], BulkSink(ctx));
  if (st == OpStatus::kKeyNotFound) ctx.reply().SendNull();
  else if (st != OpStatus::kOk) ctx.SendStatus(st);
  else Notify(ctx, notify::kGeneric, "del", args[1]);
}

// GETEX key [EX s|PX ms|EXAT ts|PXAT ms-ts|PERSIST] -- O(1). Reply: the value or null.
void CmdGetEx(CmdArgs args, CommandContext& ctx) {
  int64_t at = 0;
  bool persist = false;
  ExpireOpt ex;
  for (size_t i = 2; i < args.size(); ++i) {
    if (EqualsIgnoreCase(args[i], "PERSIST") && ex.kind == ExpireOpt::kNone) persist = true;
    else if (!persist && ex.Accept(args, &i)) {
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  if (ex.kind != ExpireOpt::kNone && !ex.Resolve(args, "getex", ctx, &at)) return;
  OpStatus st = sops::GetEx(ctx.db(), args[1], at, &persist, BulkSink(ctx));
  if (st == OpStatus::kKeyNotFound) ctx.reply().SendNull();
  else if (st != OpStatus::kOk) ctx.SendStatus(st);
  else if (ex.kind != ExpireOpt::kNone)  // a deadline already past deleted the key
    Notify(ctx, notify::kGeneric, at <= FastClock::NowMs() ? "del" : "expire", args[1]);
  else if (persist)  // a TTL was removed
    Notify(ctx, notify::kGeneric, "persist", args[1]);
}

// MGET key [key ...] -- O(N). Reply: array of values or nulls.
void CmdMGet(CmdArgs args, CommandContext& ctx) {
  ctx.reply().StartArray(args.size() - 1);
  sops::MGet(ctx.db(), args.subspan(1),
             [&](size_t, std::optional<std::string_view> v, const SharedBytes* o) {
    if (v) ctx.reply().SendBulk(*v, o);
    else ctx.reply().SendNull();
  });
}

// MSET key value [key value ...] -- O(N). Reply: OK.
void CmdMSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 == 0) return ctx.reply().SendError(errors::WrongArgs("mset"));
  sops::MSet(ctx.db(), args.subspan(1), false);
  for (size_t i = 1; i < args.size(); i += 2) Notify(ctx, notify::kString, "set", args[i]);
  ctx.reply().SendOk();
}

// MSETNX key value [key value ...] -- O(N). Reply: 1 if all were set, 0 if none was.
void CmdMSetNx(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 == 0) return ctx.reply().SendError(errors::WrongArgs("msetnx"));
  bool set = sops::MSet(ctx.db(), args.subspan(1), true);
  if (set)
    for (size_t i = 1; i < args.size(); i += 2) Notify(ctx, notify::kString, "set", args[i]);
  ctx.reply().SendLong(set ? 1 : 0);
}

// APPEND key value -- O(1) amortised. Reply: the new length.
void CmdAppend(CmdArgs args, CommandContext& ctx) {
  auto r = sops::Append(ctx.db(), args[1], args[2], ctx.server().config().proto_max_bulk_len());
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kString, "append", args[1]);
  ctx.reply().SendLong(*r);
}

// STRLEN key -- O(1). Reply: the length, 0 when missing.
void CmdStrLen(CmdArgs args, CommandContext& ctx) {
  auto r = sops::StrLen(ctx.db(), args[1]);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// Redis reports INCR, DECR, INCRBY and DECRBY alike as "incrby".
void IncrGeneric(CommandContext& ctx, std::string_view key, int64_t delta,
                 std::string_view event) {
  auto r = sops::IncrBy(ctx.db(), key, delta);
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kString, event, key);
  ctx.reply().SendLong(*r);
}

// INCR key / DECR key -- O(1). Reply: the new value.
void CmdIncr(CmdArgs args, CommandContext& ctx) { IncrGeneric(ctx, args[1], 1, "incrby"); }
void CmdDecr(CmdArgs args, CommandContext& ctx) { IncrGeneric(ctx, args[1], -1, "incrby"); }

// INCRBY key increment / DECRBY key decrement -- O(1). Reply: the new value.
void CmdIncrBy(CmdArgs args, CommandContext& ctx) {
  int64_t d;
  if (!ParseInt64(args[2], &d)) return ctx.reply().SendError(errors::kNotInteger);
  IncrGeneric(ctx, args[1], d, "incrby");
}
void CmdDecrBy(CmdArgs args, CommandContext& ctx) {
  int64_t d;
  if (!ParseInt64(args[2], &d)) return ctx.reply().SendError(errors::kNotInteger);
  if (d == INT64_MIN) return ctx.reply().SendError("ERR decrement would overflow");
  IncrGeneric(ctx, args[1], -d, "incrby");
}

// INCRBYFLOAT key increment -- O(1). Reply: the new value as a bulk string.
void CmdIncrByFloat(CmdArgs args, CommandContext& ctx) {
  long double d;
  if (!ParseLongDouble(args[2], &d)) return ctx.reply().SendError(errors::kNotFloat);
  auto r = sops::IncrByFloat(ctx.db(), args[1], d);
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kString, "incrbyfloat", args[1]);
  ctx.reply().SendBulk(*r);
}

// GETRANGE key start end (SUBSTR is its old name) -- O(N). Reply: bulk string.
void CmdGetRange(CmdArgs args, CommandContext& ctx) {
  int64_t start, end;
  if (!ParseInt64(args[2], &start) || !ParseInt64(args[3], &end))
    return ctx.reply().SendError(errors::kNotInteger);
  OpStatus st = sops::GetRange(ctx.db(), args[1], start, end,
                               BulkSink(ctx));
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// SETRANGE key offset value -- O(1) (O(M) to copy). Reply: the new length.
void CmdSetRange(CmdArgs args, CommandContext& ctx) {
  int64_t off;
  if (!ParseInt64(args[2], &off)) return ctx.reply().SendError(errors::kNotInteger);
  if (off < 0) return ctx.reply().SendError(errors::kOffsetOutOfRange);
  auto r = sops::SetRange(ctx.db(), args[1], off, args[3],
                          ctx.server().config().proto_max_bulk_len());
  if (!r) return ctx.SendStatus(r.status());
  if (!args[3].empty()) Notify(ctx, notify::kString, "setrange", args[1]);
  ctx.reply().SendLong(*r);
}

constexpr uint32_t kW = kWrite | kDenyOom;

TESSERA_REGISTER_COMMANDS(
    string,
    Cmd("get", 2, kReadOnly | kFast, {1, 1, 1}, CmdGet, "string",
        "Returns the string value of a key.", "O(1)"),
    Cmd("set", -3, kW, {1, 1, 1}, CmdSet, "string",
        "Sets the string value of a key, ignoring its type. The key is created if it doesn't "
        "exist.", "O(1)"),
    Cmd("setnx", 3, kW | kFast, {1, 1, 1}, CmdSetNx, "string",
        "Set the string value of a key only when the key doesn't exist.", "O(1)"),
    Cmd("setex", 4, kW, {1, 1, 1}, CmdSetEx, "string",
        "Sets the string value and expiration time of a key. Creates the key if it doesn't "
        "exist.", "O(1)", "2.0.0"),
    Cmd("psetex", 4, kW, {1, 1, 1}, CmdPSetEx, "string",
        "Sets both string value and expiration time in milliseconds of a key.", "O(1)",
        "2.6.0"),
    Cmd("getset", 3, kW | kFast, {1, 1, 1}, CmdGetSet, "string",
        "Returns the previous string value of a key after setting it to a new value.", "O(1)"),
    Cmd("getdel", 2, kWrite | kFast, {1, 1, 1}, CmdGetDel, "string",
        "Returns the string value of a key after deleting the key.", "O(1)", "6.2.0"),
    Cmd("getex", -2, kWrite | kFast, {1, 1, 1}, CmdGetEx, "string",
        "Returns the string value of a key after setting its expiration time.", "O(1)",
        "6.2.0"),
    Cmd("mget", -2, kReadOnly | kFast, {1, -1, 1}, CmdMGet, "string",
        "Atomically returns the string values of one or more keys.", "O(N)"),
    Cmd("mset", -3, kW, {1, -1, 2}, CmdMSet, "string",
        "Atomically creates or modifies the string values of one or more keys.", "O(N)",
        "1.0.1"),
    Cmd("msetnx", -3, kW, {1, -1, 2}, CmdMSetNx, "string",
        "Atomically modifies the string values of one or more keys only when all keys don't "
        "exist.", "O(N)", "1.0.1"),
    Cmd("append", 3, kW | kFast, {1, 1, 1}, CmdAppend, "string",
        "Appends a string to the value of a key. Creates the key if it doesn't exist.", "O(1)",
        "2.0.0"),
    Cmd("strlen", 2, kReadOnly | kFast, {1, 1, 1}, CmdStrLen, "string",
        "Returns the length of a string value.", "O(1)", "2.2.0"),
    Cmd("incr", 2, kW | kFast, {1, 1, 1}, CmdIncr, "string",
        "Increments the integer value of a key by one. Uses 0 as initial value if the key "
        "doesn't exist.", "O(1)"),
    Cmd("decr", 2, kW | kFast, {1, 1, 1}, CmdDecr, "string",
        "Decrements the integer value of a key by one. Uses 0 as initial value if the key "
        "doesn't exist.", "O(1)"),
    Cmd("incrby", 3, kW | kFast, {1, 1, 1}, CmdIncrBy, "string",
        "Increments the integer value of a key by a number. Uses 0 as initial value if the "
        "key doesn't exist.", "O(1)"),
    Cmd("decrby", 3, kW | kFast, {1, 1, 1}, CmdDecrBy, "string",
        "Decrements a number from the integer value of a key. Uses 0 as initial value if the "
        "key doesn't exist.", "O(1)"),
    Cmd("incrbyfloat", 3, kW | kFast, {1, 1, 1}, CmdIncrByFloat, "string",
        "Increment the floating point value of a key by a number. Uses 0 as initial value if "
        "the key doesn't exist.", "O(1)", "2.6.0"),
    Cmd("getrange", 4, kReadOnly, {1, 1, 1}, CmdGetRange, "string",
        "Returns a substring of the string stored at a key.", "O(N)", "2.4.0"),
    Cmd("substr", 4, kReadOnly, {1, 1, 1}, CmdGetRange, "string",
        "Returns a substring from a string value.", "O(N)", "1.0.0"),
    Cmd("setrange", 4, kW, {1, 1, 1}, CmdSetRange, "string",
        "Overwrites a part of a string value with another by an offset. Creates the key if it "
        "doesn't exist.", "O(1)", "2.2.0"));

}  // namespace
}  // namespace tessera::commands
