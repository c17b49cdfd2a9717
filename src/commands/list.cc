// List commands: pushes and pops, ranges, LINSERT/LSET/LREM/LTRIM/LPOS, LMOVE/LMPOP, and the
// blocking forms (BLPOP BRPOP BLMOVE BRPOPLPUSH BLMPOP; machinery in blocking.cc).
#include "commands/arg_cursor.h"
#include "commands/blocking.h"
#include "commands/context.h"
#include "commands/mpop_args.h"
#include "commands/notify.h"
#include "storage/ops/list_ops.h"

namespace tessera::commands {
namespace {

namespace lops = ops::list;
using End = lops::End;

int64_t Fill(CommandContext& ctx) { return ctx.server().config().list_max_listpack_size(); }

void PushGeneric(CmdArgs args, CommandContext& ctx, End end, bool only_existing) {
  auto r = lops::Push(ctx.db(), args[1], args.subspan(2), end, only_existing, Fill(ctx));
  if (!r) return ctx.SendStatus(r.status());
  if (*r > 0) Notify(ctx, notify::kList, end == End::kHead ? "lpush" : "rpush", args[1]);
  ctx.reply().SendLong(*r);
}

// LPUSH key element [element ...] -- O(1) per element. Reply: the new length.
void CmdLPush(CmdArgs args, CommandContext& ctx) { PushGeneric(args, ctx, End::kHead, false); }
// RPUSH key element [element ...] -- O(1) per element. Reply: the new length.
void CmdRPush(CmdArgs args, CommandContext& ctx) { PushGeneric(args, ctx, End::kTail, false); }
// LPUSHX key element [element ...] -- O(1) per element. Reply: the new length, 0 if missing.
void CmdLPushX(CmdArgs args, CommandContext& ctx) { PushGeneric(args, ctx, End::kHead, true); }
// RPUSHX key element [element ...] -- O(1) per element. Reply: the new length, 0 if missing.
void CmdRPushX(CmdArgs args, CommandContext& ctx) { PushGeneric(args, ctx, End::kTail, true); }

void PopGeneric(CmdArgs args, CommandContext& ctx, End end) {
  if (args.size() > 3) return ctx.reply().SendError(errors::WrongArgs(ctx.spec()->name));
  int64_t count = 1;
  bool with_count = args.size() == 3;
  if (with_count && (!ParseInt64(args[2], &count) || count < 0))
    return ctx.reply().SendError(errors::kMustBePositive);
  auto& r = ctx.reply();
  OpStatus st = lops::Pop(
      ctx.db(), args[1], end, size_t(count),
      [&](size_t n) {
        if (with_count) r.StartArray(n);
      },
      [&](std::string_view v) { r.SendBulk(v); });
  if (st == OpStatus::kKeyNotFound) return with_count ? r.SendNullArray() : r.SendNull();
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  Notify(ctx, notify::kList, end == End::kHead ? "lpop" : "rpop", args[1]);
}

// LPOP key [count] -- O(N) in count. Reply: the element (null if missing), or with count an
// array (null array if missing).
void CmdLPop(CmdArgs args, CommandContext& ctx) { PopGeneric(args, ctx, End::kHead); }
// RPOP key [count] -- O(N) in count. Reply: as LPOP.
void CmdRPop(CmdArgs args, CommandContext& ctx) { PopGeneric(args, ctx, End::kTail); }

// LLEN key -- O(1). Reply: the length, 0 if missing.
void CmdLLen(CmdArgs args, CommandContext& ctx) {
  auto r = lops::Len(ctx.db(), args[1]);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// LRANGE key start stop -- O(S+N). Reply: the elements in the range.
void CmdLRange(CmdArgs args, CommandContext& ctx) {
  int64_t start, stop;
  if (!ParseInt64(args[2], &start) || !ParseInt64(args[3], &stop))
    return ctx.reply().SendError(errors::kNotInteger);
  auto& r = ctx.reply();
  OpStatus st = lops::Range(
      ctx.db(), args[1], start, stop, [&](size_t n) { r.StartArray(n); },
      [&](std::string_view v) { r.SendBulk(v); });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// LINDEX key index -- O(N). Reply: the element, null when out of range or missing.
void CmdLIndex(CmdArgs args, CommandContext& ctx) {
  int64_t i;
  if (!ParseInt64(args[2], &i)) return ctx.reply().SendError(errors::kNotInteger);
  OpStatus st = lops::Index(ctx.db(), args[1], i, [&](std::string_view v) {
    ctx.reply().SendBulk(v);
  });
  if (st == OpStatus::kKeyNotFound) return ctx.reply().SendNull();
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// LSET key index element -- O(N). Reply: OK.
void CmdLSet(CmdArgs args, CommandContext& ctx) {
  int64_t i;
  if (!ParseInt64(args[2], &i)) return ctx.reply().SendError(errors::kNotInteger);
  OpStatus st = lops::Set(ctx.db(), args[1], i, args[3], Fill(ctx));
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  Notify(ctx, notify::kList, "lset", args[1]);
  ctx.reply().SendOk();
}

// LINSERT key BEFORE|AFTER pivot element -- O(N). Reply: the new length, -1 without pivot,
// 0 when missing.
void CmdLInsert(CmdArgs args, CommandContext& ctx) {
  bool after;
  if (EqualsIgnoreCase(args[2], "AFTER")) after = true;
  else if (EqualsIgnoreCase(args[2], "BEFORE")) after = false;
  else return ctx.reply().SendError(errors::kSyntax);
  auto r = lops::Insert(ctx.db(), args[1], after, args[3], args[4], Fill(ctx));
  if (!r) return ctx.SendStatus(r.status());
  if (*r > 0) Notify(ctx, notify::kList, "linsert", args[1]);
  ctx.reply().SendLong(*r);
}

// LREM key count element -- O(N+M). Reply: how many were removed.
void CmdLRem(CmdArgs args, CommandContext& ctx) {
  int64_t count;
  if (!ParseInt64(args[2], &count)) return ctx.reply().SendError(errors::kNotInteger);
  auto r = lops::Rem(ctx.db(), args[1], count, args[3], Fill(ctx));
  if (!r) return ctx.SendStatus(r.status());
  if (*r > 0) Notify(ctx, notify::kList, "lrem", args[1]);
  ctx.reply().SendLong(*r);
}

// LTRIM key start stop -- O(N) in removed elements. Reply: OK.
void CmdLTrim(CmdArgs args, CommandContext& ctx) {
  int64_t start, stop;
  if (!ParseInt64(args[2], &start) || !ParseInt64(args[3], &stop))
    return ctx.reply().SendError(errors::kNotInteger);
  OpStatus st = lops::Trim(ctx.db(), args[1], start, stop);
  if (st == OpStatus::kOk) Notify(ctx, notify::kList, "ltrim", args[1]);
  else if (st != OpStatus::kKeyNotFound) return ctx.SendStatus(st);
  ctx.reply().SendOk();
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] -- O(N). Reply: the index
// of the first match (null if none), or with COUNT an array of indexes.
void CmdLPos(CmdArgs args, CommandContext& ctx) {
  int64_t rank = 1, count = 0, maxlen = 0;
  bool with_count = false;
  for (size_t i = 3; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return ctx.reply().SendError(errors::kSyntax);
    int64_t v;
    bool is_int = ParseInt64(args[i + 1], &v);
    if (EqualsIgnoreCase(args[i], "RANK")) {
      if (!is_int) return ctx.reply().SendError(errors::kNotInteger);
      if (v == 0 || v == INT64_MIN)
        return ctx.reply().SendError(
            "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
            "or use negative to start from the end of the list");
      rank = v;
    } else if (EqualsIgnoreCase(args[i], "COUNT")) {
      if (!is_int) return ctx.reply().SendError(errors::kNotInteger);
      if (v < 0) return ctx.reply().SendError("ERR COUNT can't be negative");
      count = v;
      with_count = true;
    } else if (EqualsIgnoreCase(args[i], "MAXLEN")) {
      if (!is_int) return ctx.reply().SendError(errors::kNotInteger);
      if (v < 0) return ctx.reply().SendError("ERR MAXLEN can't be negative");
      maxlen = v;
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  auto r = lops::Pos(ctx.db(), args[1], args[2], rank, with_count ? count : 1, maxlen);
  if (!r) return ctx.SendStatus(r.status());
  if (!with_count) {
    if (r->empty()) return ctx.reply().SendNull();
    return ctx.reply().SendLong((*r)[0]);
  }
  ctx.reply().StartArray(r->size());
  for (int64_t i : *r) ctx.reply().SendLong(i);
}

bool ParseEnd(std::string_view a, End* end) {
  if (EqualsIgnoreCase(a, "LEFT")) *end = End::kHead;
  else if (EqualsIgnoreCase(a, "RIGHT")) *end = End::kTail;
  else return false;
  return true;
}

// LMOVE / BLMOVE / RPOPLPUSH / BRPOPLPUSH. timeout < 0: never blocks.
void MoveGeneric(CmdArgs args, CommandContext& ctx, End from, End to, int64_t timeout_ms) {
  auto out = [&](std::string_view v) { ctx.reply().SendBulk(v); };
  OpStatus st;
  std::shared_ptr<BlockedClient> w;
  if (timeout_ms < 0 || ctx.client().in_exec) {
    st = lops::Move(ctx.db(), args[1], args[2], from, to, Fill(ctx), out);
  } else {
    w = NewWaiter(ctx, BlockedClient::kMove);
    w->keys = {std::string(args[1])};
    w->dst = std::string(args[2]);
    w->end = from;
    w->to = to;
    st = lops::MoveOrWait(ctx.db(), args[1], args[2], from, to, Fill(ctx), w, out);
    if (st == OpStatus::kKeyNotFound) return Block(ctx, std::move(w), timeout_ms);
  }
  if (st == OpStatus::kKeyNotFound) return ctx.reply().SendNull();
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  // as Redis: the push on the destination, then the pop on the source
  Notify(ctx, notify::kList, to == End::kHead ? "lpush" : "rpush", args[2]);
  Notify(ctx, notify::kList, from == End::kHead ? "lpop" : "rpop", args[1]);
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT -- O(1). Reply: the element, null if the
// source is missing.
void CmdLMove(CmdArgs args, CommandContext& ctx) {
  End from, to;
  if (!ParseEnd(args[3], &from) || !ParseEnd(args[4], &to))
    return ctx.reply().SendError(errors::kSyntax);
  MoveGeneric(args, ctx, from, to, -1);
}

// RPOPLPUSH source destination -- O(1). Reply: the element, null if the source is missing.
void CmdRPopLPush(CmdArgs args, CommandContext& ctx) {
  MoveGeneric(args, ctx, End::kTail, End::kHead, -1);
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout -- O(1). Reply: the element, or
// null after the timeout.
void CmdBLMove(CmdArgs args, CommandContext& ctx) {
  End from, to;
  if (!ParseEnd(args[3], &from) || !ParseEnd(args[4], &to))
    return ctx.reply().SendError(errors::kSyntax);
  int64_t ms;
  if (!ParseBlockTimeout(args[5], ctx, &ms)) return;
  MoveGeneric(args, ctx, from, to, ms);
}

// BRPOPLPUSH source destination timeout -- O(1). Reply: as BLMOVE.
void CmdBRPopLPush(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args[3], ctx, &ms)) return;
  MoveGeneric(args, ctx, End::kTail, End::kHead, ms);
}

// Pops for LMPOP/BLMPOP/BLPOP/BRPOP over keys; blocks when timeout_ms >= 0 and nothing is
// there. mpop: the reply is [key, [elements]], else [key, element].
void MPopGeneric(CommandContext& ctx, CmdArgs keys, End end, size_t count, bool mpop,
                 int64_t timeout_ms) {
  auto& r = ctx.reply();
  std::string popped;  // the key the elements came from (keyspace notifications)
  auto begin = [&](std::string_view key, size_t n) {
    popped.assign(key);
    r.StartArray(2);
    r.SendBulk(key);
    if (mpop) r.StartArray(n);
  };
  auto out = [&](std::string_view v) { r.SendBulk(v); };
  OpStatus st;
  if (timeout_ms < 0 || ctx.client().in_exec) {
    st = lops::MPop(ctx.db(), keys, end, count, begin, out);
  } else {
    auto w = NewWaiter(ctx, mpop ? BlockedClient::kMPop : BlockedClient::kPop);
    for (auto k : keys) w->keys.emplace_back(k);
    w->end = end;
    w->count = count;
    st = lops::MPopOrWait(ctx.db(), keys, end, count, w, begin, out);
    if (st == OpStatus::kKeyNotFound) return Block(ctx, std::move(w), timeout_ms);
  }
  if (st == OpStatus::kKeyNotFound) return r.SendNullArray();
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  Notify(ctx, notify::kList, end == End::kHead ? "lpop" : "rpop", popped);
}

// BLPOP key [key ...] timeout -- O(N) in keys. Reply: [key, element], or a null array after
// the timeout.
void CmdBLPop(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args.back(), ctx, &ms)) return;
  MPopGeneric(ctx, args.subspan(1, args.size() - 2), End::kHead, 1, false, ms);
}
// BRPOP key [key ...] timeout -- O(N) in keys. Reply: as BLPOP.
void CmdBRPop(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args.back(), ctx, &ms)) return;
  MPopGeneric(ctx, args.subspan(1, args.size() - 2), End::kTail, 1, false, ms);
}

bool ParseMPop(CmdArgs args, size_t at, CommandContext& ctx, CmdArgs* keys, End* end,
               size_t* count) {
  return ParseMPopArgs(args, at, ctx, [&](std::string_view a) { return ParseEnd(a, end); },
                       keys, count);
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count] -- O(N+M). Reply: [key, [elements]]
// from the first non-empty list, or a null array.
void CmdLMPop(CmdArgs args, CommandContext& ctx) {
  CmdArgs keys;
  End end;
  size_t count;
  if (!ParseMPop(args, 1, ctx, &keys, &end, &count)) return;
  MPopGeneric(ctx, keys, end, count, true, -1);
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count] -- O(N+M). Reply: as LMPOP,
// or a null array after the timeout.
void CmdBLMPop(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args[1], ctx, &ms)) return;
  CmdArgs keys;
  End end;
  size_t count;
  if (!ParseMPop(args, 2, ctx, &keys, &end, &count)) return;
  MPopGeneric(ctx, keys, end, count, true, ms);
}

constexpr uint32_t kW = kWrite | kDenyOom;

TESSERA_REGISTER_COMMANDS(
    list,
    Cmd("lpush", -3, kW | kFast, {1, 1, 1}, CmdLPush, "list",
        "Prepends one or more elements to a list. Creates the key if it doesn't exist.",
        "O(1) for each element added, so O(N) to add N elements when the command is called "
        "with multiple arguments."),
    Cmd("rpush", -3, kW | kFast, {1, 1, 1}, CmdRPush, "list",
        "Appends one or more elements to a list. Creates the key if it doesn't exist.",
        "O(1) for each element added, so O(N) to add N elements when the command is called "
        "with multiple arguments."),
    Cmd("lpushx", -3, kW | kFast, {1, 1, 1}, CmdLPushX, "list",
        "Prepends one or more elements to a list only when the list exists.",
        "O(1) for each element added, so O(N) to add N elements when the command is called "
        "with multiple arguments.", "2.2.0"),
    Cmd("rpushx", -3, kW | kFast, {1, 1, 1}, CmdRPushX, "list",
        "Appends an element to a list only when the list exists.",
        "O(1) for each element added, so O(N) to add N elements when the command is called "
        "with multiple arguments.", "2.2.0"),
    Cmd("lpop", -2, kWrite | kFast, {1, 1, 1}, CmdLPop, "list",
        "Returns the first elements in a list after removing it. Deletes the list if the last "
        "element was popped.", "O(N) where N is the number of elements returned"),
    Cmd("rpop", -2, kWrite | kFast, {1, 1, 1}, CmdRPop, "list",
        "Returns and removes the last elements of the list. Deletes the list if the last "
        "element was popped.", "O(N) where N is the number of elements returned"),
    Cmd("llen", 2, kReadOnly | kFast, {1, 1, 1}, CmdLLen, "list",
        "Returns the length of a list.", "O(1)"),
    Cmd("lrange", 4, kReadOnly, {1, 1, 1}, CmdLRange, "list",
        "Returns a range of elements from a list.",
        "O(S+N) where S is the distance of start offset from HEAD for small lists, from "
        "nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the "
        "specified range."),
    Cmd("lindex", 3, kReadOnly, {1, 1, 1}, CmdLIndex, "list",
        "Returns an element from a list by its index.",
        "O(N) where N is the number of elements to traverse to get to the element at index. "
        "This makes asking for the first or the last element of the list O(1)."),
    Cmd("lset", 4, kW, {1, 1, 1}, CmdLSet, "list",
        "Sets the value of an element in a list by its index.",
        "O(N) where N is the length of the list. Setting either the first or the last "
        "element of the list is O(1)."),
    Cmd("linsert", 5, kW, {1, 1, 1}, CmdLInsert, "list",
        "Inserts an element before or after another element in a list.",
        "O(N) where N is the number of elements to traverse before seeing the value pivot. "
        "This means that inserting somewhere on the left end on the list (head) can be "
        "considered O(1) and inserting somewhere on the right end (tail) is O(N).", "2.2.0"),
    Cmd("lrem", 4, kWrite, {1, 1, 1}, CmdLRem, "list",
        "Removes elements from a list. Deletes the list if the last element was removed.",
        "O(N+M) where N is the length of the list and M is the number of elements removed."),
    Cmd("ltrim", 4, kWrite, {1, 1, 1}, CmdLTrim, "list",
        "Removes elements from both ends a list. Deletes the list if all elements were "
        "trimmed.", "O(N) where N is the number of elements to be removed by the operation."),
    Cmd("lpos", -3, kReadOnly, {1, 1, 1}, CmdLPos, "list",
        "Returns the index of matching elements in a list.",
        "O(N) where N is the number of elements in the list, for the average case. When "
        "searching for elements near the head or the tail of the list, or when the MAXLEN "
        "option is provided, the command may run in constant time.", "6.0.6"),
    Cmd("lmove", 5, kW, {1, 2, 1}, CmdLMove, "list",
        "Returns an element after popping it from one list and pushing it to another. "
        "Deletes the list if the last element was moved.", "O(1)", "6.2.0"),
    Cmd("rpoplpush", 3, kW, {1, 2, 1}, CmdRPopLPush, "list",
        "Returns the last element of a list after removing and pushing it to another list. "
        "Deletes the list if the last element was popped.", "O(1)", "1.2.0"),
    WithCountedKeys<1>(Cmd("lmpop", -4, kWrite, {0, 0, 0}, CmdLMPop, "list",
        "Returns multiple elements from a list after removing them. Deletes the list if the "
        "last element was popped.",
        "O(N+M) where N is the number of provided keys and M is the number of elements "
        "returned.", "7.0.0")),
    Cmd("blpop", -3, kWrite | kNoScript | kBlocking, {1, -2, 1}, CmdBLPop, "list",
        "Removes and returns the first element in a list. Blocks until an element is "
        "available otherwise. Deletes the list if the last element was popped.",
        "O(N) where N is the number of provided keys.", "2.0.0"),
    Cmd("brpop", -3, kWrite | kNoScript | kBlocking, {1, -2, 1}, CmdBRPop, "list",
        "Removes and returns the last element in a list. Blocks until an element is "
        "available otherwise. Deletes the list if the last element was popped.",
        "O(N) where N is the number of provided keys.", "2.0.0"),
    Cmd("blmove", 6, kW | kNoScript | kBlocking, {1, 2, 1}, CmdBLMove, "list",
        "Pops an element from a list, pushes it to another list and returns it. Blocks until "
        "an element is available otherwise. Deletes the list if the last element was moved.",
        "O(1)", "6.2.0"),
    Cmd("brpoplpush", 4, kW | kNoScript | kBlocking, {1, 2, 1}, CmdBRPopLPush, "list",
        "Pops an element from a list, pushes it to another list and returns it. Block until "
        "an element is available otherwise. Deletes the list if the last element was "
        "popped.", "O(1)", "2.2.0"),
    WithCountedKeys<2>(Cmd("blmpop", -5, kWrite | kBlocking, {0, 0, 0}, CmdBLMPop, "list",
        "Pops the first element from one of multiple lists. Blocks until an element is "
        "available otherwise. Deletes the list if the last element was popped.",
        "O(N+M) where N is the number of provided keys and M is the number of elements "
        "returned.", "7.0.0")));

}  // namespace
}  // namespace tessera::commands
