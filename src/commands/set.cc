// Set commands: SADD ... SSCAN and the algebra (SINTER SUNION SDIFF, their STORE forms,
// SINTERCARD).
#include <algorithm>

#include "commands/context.h"
#include "commands/notify.h"
#include "commands/scan_args.h"
#include "storage/ops/set_ops.h"

namespace tessera::commands {
namespace {

namespace sops = ops::set;
using sops::Algebra;

int64_t MaxIntset(CommandContext& ctx) { return ctx.server().config().set_max_intset_entries(); }

void SendCount(CommandContext& ctx, const OpResult<int64_t>& r) {
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// SendCount, and the keyspace event on `key` when the count says something changed.
void SendCountNotify(CommandContext& ctx, const OpResult<int64_t>& r, std::string_view event,
                     std::string_view key) {
  if (r && *r > 0) Notify(ctx, notify::kSet, event, key);
  SendCount(ctx, r);
}

// SADD key member [member ...] -- O(1) per member. Reply: members added.
void CmdSAdd(CmdArgs args, CommandContext& ctx) {
  SendCountNotify(ctx, sops::Add(ctx.db(), args[1], args.subspan(2), MaxIntset(ctx)), "sadd",
                  args[1]);
}
// SREM key member [member ...] -- O(1) per member. Reply: members removed.
void CmdSRem(CmdArgs args, CommandContext& ctx) {
  SendCountNotify(ctx, sops::Rem(ctx.db(), args[1], args.subspan(2)), "srem", args[1]);
}
// SCARD key -- O(1). Reply: the number of members.
void CmdSCard(CmdArgs args, CommandContext& ctx) { SendCount(ctx, sops::Card(ctx.db(), args[1])); }

// SISMEMBER key member -- O(1). Reply: 1 or 0.
void CmdSIsMember(CmdArgs args, CommandContext& ctx) {
  OpStatus st = sops::IsMember(ctx.db(), args[1], args.subspan(2, 1),
                               [&](bool in) { ctx.reply().SendLong(in); });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// SMISMEMBER key member [member ...] -- O(N). Reply: 1 or 0 per member.
void CmdSMIsMember(CmdArgs args, CommandContext& ctx) {
  PendingReply b(ctx);
  OpStatus st = sops::IsMember(ctx.db(), args[1], args.subspan(2),
                               [&](bool in) { b.rb.SendLong(in); });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  ctx.reply().StartArray(args.size() - 2);
  b.Flush();
}

// SMEMBERS key -- O(N). Reply: a set of the members.
void CmdSMembers(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  OpStatus st = sops::Members(ctx.db(), args[1], [&](size_t n) { r.StartSet(n); },
                              [&](std::string_view m) { r.SendBulk(m); });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// SPOP key [count] -- O(N) in count. Reply: a member (null when missing), or with count a
// set of members.
void CmdSPop(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  if (args.size() > 3) return r.SendError(errors::kSyntax);
  if (args.size() == 2) {
    OpStatus st = sops::PopOne(ctx.db(), args[1], [&](std::string_view m) { r.SendBulk(m); });
    if (st == OpStatus::kKeyNotFound) return r.SendNull();
    if (st != OpStatus::kOk) return ctx.SendStatus(st);
    Notify(ctx, notify::kSet, "spop", args[1]);
    return;
  }
  int64_t count;
  if (!ParseInt64(args[2], &count) || count < 0) return r.SendError(errors::kMustBePositive);
  PendingReply b(ctx);
  size_t n = 0;
  OpStatus st = sops::Pop(ctx.db(), args[1], uint64_t(count), [&](size_t k) { n = k; },
                          [&](std::string_view m) { b.rb.SendBulk(m); });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  if (n > 0) Notify(ctx, notify::kSet, "spop", args[1]);
  r.StartSet(n);
  b.Flush();
}

// SRANDMEMBER key [count] -- O(N) in count. Reply: a member (null when missing), or with
// count an array (negative count: members may repeat).
void CmdSRandMember(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  if (args.size() > 3) return r.SendError(errors::kSyntax);
  if (args.size() == 2) {
    OpStatus st = sops::RandOne(ctx.db(), args[1], [&](std::string_view m) { r.SendBulk(m); });
    if (st == OpStatus::kKeyNotFound) return r.SendNull();
    if (st != OpStatus::kOk) ctx.SendStatus(st);
    return;
  }
  int64_t count;
  if (!ParseInt64(args[2], &count)) return r.SendError(errors::kNotInteger);
  if (count == INT64_MIN)
    return r.SendError(errors::kCountRange);
  PendingReply b(ctx);
  size_t n = 0;
  OpStatus st = sops::RandMember(ctx.db(), args[1], count, [&](size_t k) { n = k; },
                                 [&](std::string_view m) { b.rb.SendBulk(m); });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  r.StartArray(n);
  b.Flush();
}

// SMOVE source destination member -- O(1). Reply: 1 when moved, else 0.
void CmdSMove(CmdArgs args, CommandContext& ctx) {
  auto r = sops::Move(ctx.db(), args[1], args[2], args[3], MaxIntset(ctx));
  if (r && *r > 0 && args[1] != args[2]) {
    Notify(ctx, notify::kSet, "srem", args[1]);
    // Redis reports an emptied source's "del" between the two.
    auto& emptied = storage::EmptiedKeys();
    if (auto it = std::find(emptied.begin(), emptied.end(), args[1]); it != emptied.end()) {
      emptied.erase(it);
      Notify(ctx, notify::kGeneric, "del", args[1]);
    }
    Notify(ctx, notify::kSet, "sadd", args[2]);
  }
  SendCount(ctx, r);
}

void CombineGeneric(CmdArgs keys, CommandContext& ctx, Algebra op) {
  auto& r = ctx.reply();
  PendingReply b(ctx);
  size_t n = 0;
  OpStatus st = sops::Combine(ctx.db(), op, keys, [&](size_t k) { n = k; },
                              [&](std::string_view m) { b.rb.SendBulk(m); }, MaxIntset(ctx));
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  r.StartSet(n);
  b.Flush();
}

// SINTER key [key ...] -- O(N*M). Reply: a set.
void CmdSInter(CmdArgs args, CommandContext& ctx) {
  CombineGeneric(args.subspan(1), ctx, Algebra::kInter);
}
// SUNION key [key ...] -- O(N). Reply: a set.
void CmdSUnion(CmdArgs args, CommandContext& ctx) {
  CombineGeneric(args.subspan(1), ctx, Algebra::kUnion);
}
// SDIFF key [key ...] -- O(N). Reply: a set.
void CmdSDiff(CmdArgs args, CommandContext& ctx) {
  CombineGeneric(args.subspan(1), ctx, Algebra::kDiff);
}
// SINTERSTORE destination key [key ...] -- O(N*M). Reply: the size of the result.
void CmdSInterStore(CmdArgs args, CommandContext& ctx) {
  SendCountNotify(ctx, sops::CombineStore(ctx.db(), Algebra::kInter, args[1], args.subspan(2),
                                          MaxIntset(ctx)),
                  "sinterstore", args[1]);
}
// SUNIONSTORE destination key [key ...] -- O(N). Reply: the size of the result.
void CmdSUnionStore(CmdArgs args, CommandContext& ctx) {
  SendCountNotify(ctx, sops::CombineStore(ctx.db(), Algebra::kUnion, args[1], args.subspan(2),
                                          MaxIntset(ctx)),
                  "sunionstore", args[1]);
}
// SDIFFSTORE destination key [key ...] -- O(N). Reply: the size of the result.
void CmdSDiffStore(CmdArgs args, CommandContext& ctx) {
  SendCountNotify(ctx, sops::CombineStore(ctx.db(), Algebra::kDiff, args[1], args.subspan(2),
                                          MaxIntset(ctx)),
                  "sdiffstore", args[1]);
}

// SINTERCARD numkeys key [key ...] [LIMIT limit] -- O(N*M). Reply: the intersection's size.
void CmdSInterCard(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  int64_t n;
  if (!ParseInt64(args[1], &n) || n <= 0)
    return r.SendError("ERR numkeys should be greater than 0");
  if (uint64_t(n) > args.size() - 2)
    return r.SendError("ERR Number of keys can't be greater than number of args");
  uint64_t limit = 0;
  for (size_t i = 2 + size_t(n); i < args.size(); i += 2) {
    if (!EqualsIgnoreCase(args[i], "LIMIT") || i + 1 >= args.size())
      return r.SendError(errors::kSyntax);
    int64_t l;
    if (!ParseInt64(args[i + 1], &l) || l < 0) return r.SendError("ERR LIMIT can't be negative");
    limit = uint64_t(l);
  }
  SendCount(ctx, sops::InterCard(ctx.db(), args.subspan(2, size_t(n)), limit));
}

// SSCAN key cursor [MATCH pattern] [COUNT count] -- O(1) per call. Reply: [next cursor,
// [members]].
void CmdSScan(CmdArgs args, CommandContext& ctx) {
  ScanArgs sa;
  if (auto err = ParseScanArgs(args, 2, false, &sa); !err.empty())
    return ctx.reply().SendError(err);
  PendingReply b(ctx);
  auto next = sops::Scan(ctx.db(), args[1], sa.cursor, sa.pattern, sa.count,
                         [&](size_t n) { b.rb.StartArray(n); },
                         [&](std::string_view m) { b.rb.SendBulk(m); });
  if (!next) return ctx.SendStatus(next.status());
  ctx.reply().StartArray(2);
  ctx.reply().SendBulk(StrCat(*next));
  b.Flush();
}

constexpr uint32_t kW = kWrite | kDenyOom;

TESSERA_REGISTER_COMMANDS(
    set,
    Cmd("sadd", -3, kW | kFast, {1, 1, 1}, CmdSAdd, "set",
        "Adds one or more members to a set. Creates the key if it doesn't exist.",
        "O(1) for each element added, so O(N) to add N elements when the command is called "
        "with multiple arguments."),
    Cmd("srem", -3, kWrite | kFast, {1, 1, 1}, CmdSRem, "set",
        "Removes one or more members from a set. Deletes the set if the last member was "
        "removed.", "O(N) where N is the number of members to be removed."),
    Cmd("scard", 2, kReadOnly | kFast, {1, 1, 1}, CmdSCard, "set",
        "Returns the number of members in a set.", "O(1)"),
    Cmd("sismember", 3, kReadOnly | kFast, {1, 1, 1}, CmdSIsMember, "set",
        "Determines whether a member belongs to a set.", "O(1)"),
    Cmd("smismember", -3, kReadOnly | kFast, {1, 1, 1}, CmdSMIsMember, "set",
        "Determines whether multiple members belong to a set.",
        "O(N) where N is the number of elements being checked for membership", "6.2.0"),
    Cmd("smembers", 2, kReadOnly, {1, 1, 1}, CmdSMembers, "set",
        "Returns all members of a set.", "O(N) where N is the set cardinality."),
    Cmd("spop", -2, kWrite | kFast, {1, 1, 1}, CmdSPop, "set",
        "Returns one or more random members from a set after removing them. Deletes the set "
        "if the last member was popped.", "Without the count argument O(1), otherwise O(N) "
        "where N is the value of the passed count."),
    Cmd("srandmember", -2, kReadOnly, {1, 1, 1}, CmdSRandMember, "set",
        "Get one or multiple random members from a set",
        "Without the count argument O(1), otherwise O(N) where N is the absolute value of the "
        "passed count."),
    Cmd("smove", 4, kWrite | kFast, {1, 2, 1}, CmdSMove, "set",
        "Moves a member from one set to another.", "O(1)"),
    Cmd("sinter", -2, kReadOnly, {1, -1, 1}, CmdSInter, "set",
        "Returns the intersect of multiple sets.",
        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number "
        "of sets."),
    Cmd("sunion", -2, kReadOnly, {1, -1, 1}, CmdSUnion, "set",
        "Returns the union of multiple sets.",
        "O(N) where N is the total number of elements in all given sets."),
    Cmd("sdiff", -2, kReadOnly, {1, -1, 1}, CmdSDiff, "set",
        "Returns the difference of multiple sets.",
        "O(N) where N is the total number of elements in all given sets."),
    Cmd("sinterstore", -3, kW, {1, -1, 1}, CmdSInterStore, "set",
        "Stores the intersect of multiple sets in a key.",
        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number "
        "of sets."),
    Cmd("sunionstore", -3, kW, {1, -1, 1}, CmdSUnionStore, "set",
        "Stores the union of multiple sets in a key.",
        "O(N) where N is the total number of elements in all given sets."),
    Cmd("sdiffstore", -3, kW, {1, -1, 1}, CmdSDiffStore, "set",
        "Stores the difference of multiple sets in a key.",
        "O(N) where N is the total number of elements in all given sets."),
    WithCountedKeys<1>(Cmd("sintercard", -3, kReadOnly, {0, 0, 0}, CmdSInterCard, "set",
        "Returns the number of members of the intersect of multiple sets.",
        "O(N*M) worst case where N is the cardinality of the smallest set and M is the number "
        "of sets.", "7.0.0")),
    Cmd("sscan", -3, kReadOnly, {1, 1, 1}, CmdSScan, "set",
        "Iterates over members of a set.",
        "O(1) for every call. O(N) for a complete iteration, including enough command calls "
        "for the cursor to return back to 0. N is the number of elements inside the "
        "collection.", "2.8.0"));

}  // namespace
}  // namespace tessera::commands
