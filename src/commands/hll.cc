// HyperLogLog commands: PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST, on string values in
// Redis's HLL format (storage/hll.h), so the bytes move between Tessera and Redis as they
// are (GET on one, SET on the other).
#include <memory>
#include <string>

#include "commands/context.h"
#include "commands/notify.h"
#include "core/strutil.h"
#include "storage/ops/hll_ops.h"

namespace tessera::commands {
namespace {

namespace hops = ops::hll;

size_t SparseMax(CommandContext& ctx) {
  return size_t(ctx.server().config().hll_sparse_max_bytes());
}

void SendFailure(CommandContext& ctx, OpStatus st, std::string_view err) {
  if (st == OpStatus::kCustom) return ctx.reply().SendError(err);
  ctx.SendStatus(st);
}

// PFADD key [element ...] -- O(1) per element. Reply: 1 when a register changed (or the key
// was created), else 0.
void CmdPfAdd(CmdArgs args, CommandContext& ctx) {
  std::string_view err;
  auto r = hops::Add(ctx.db(), args[1], args.subspan(2), SparseMax(ctx), &err);
  if (!r) return SendFailure(ctx, r.status(), err);
  if (*r) Notify(ctx, notify::kString, "pfadd", args[1]);
  ctx.reply().SendLong(*r);
}

// PFCOUNT key [key ...] -- O(1) for one key (cached), O(N) for a union. Reply: the
// estimated cardinality.
void CmdPfCount(CmdArgs args, CommandContext& ctx) {
  std::string_view err;
  auto r = hops::Count(ctx.db(), args.subspan(1), &err);
  if (!r) return SendFailure(ctx, r.status(), err);
  ctx.reply().SendLong(*r);
}

// PFMERGE destkey [sourcekey ...] -- O(N). Reply: OK.
void CmdPfMerge(CmdArgs args, CommandContext& ctx) {
  std::string_view err;
  OpStatus st = hops::Merge(ctx.db(), args[1], args.subspan(2), SparseMax(ctx), &err);
  if (st != OpStatus::kOk) return SendFailure(ctx, st, err);
  Notify(ctx, notify::kString, "pfadd", args[1]);
  ctx.reply().SendOk();
}

// PFDEBUG GETREG|DECODE|ENCODING|TODENSE key -- internal. Redis looks the key up before it
// reads the subcommand, so a missing key wins over an unknown subcommand.
void CmdPfDebug(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  std::string_view sub = args[1];
  hops::Debug what;
  bool known = true;
  if (EqualsIgnoreCase(sub, "GETREG")) what = hops::Debug::kGetReg;
  else if (EqualsIgnoreCase(sub, "DECODE")) what = hops::Debug::kDecode;
  else if (EqualsIgnoreCase(sub, "ENCODING")) what = hops::Debug::kEncoding;
  else if (EqualsIgnoreCase(sub, "TODENSE")) what = hops::Debug::kToDense;
  else known = false, what = hops::Debug::kEncoding;  // only checks the key
  auto res = std::make_unique<hops::DebugResult>();
  std::string_view err;
  OpStatus st = hops::RunDebug(ctx.db(), args[2], what, res.get(), &err);
  if (st != OpStatus::kOk) return SendFailure(ctx, st, err);
  if (!known) return r.SendError(StrCat("ERR Unknown PFDEBUG subcommand '", sub, "'"));
  switch (what) {
    case hops::Debug::kGetReg:
      r.StartArray(res->regs.size());
      for (uint8_t v : res->regs) r.SendLong(v);
      break;
    case hops::Debug::kDecode: r.SendBulk(res->text); break;  // a bulk in RESP3 too
    case hops::Debug::kEncoding: r.SendSimple(res->text); break;
    case hops::Debug::kToDense: r.SendLong(res->converted); break;
  }
}

// PFSELFTEST -- internal. Reply: OK, or the first failure as an error.
void CmdPfSelfTest(CmdArgs, CommandContext& ctx) {
  std::string failure =
      storage::hll::SelfTest(size_t(ctx.server().config().hll_sparse_max_bytes()));
  // Redis's addReplyError puts "ERR " before a message without a code of its own.
  if (!failure.empty()) return ctx.reply().SendError(StrCat("ERR ", failure));
  ctx.reply().SendOk();
}

TESSERA_REGISTER_COMMANDS(
    hyperloglog,
    Cmd("pfadd", -2, kWrite | kDenyOom | kFast, {1, 1, 1}, CmdPfAdd, "hyperloglog",
        "Adds elements to a HyperLogLog key. Creates the key if it doesn't exist.",
        "O(1) to add every element.", "2.8.9"),
    Cmd("pfcount", -2, kReadOnly, {1, -1, 1}, CmdPfCount, "hyperloglog",
        "Returns the approximated cardinality of the set(s) observed by the HyperLogLog "
        "key(s).", "O(1) with a very small average constant time when called with a single "
        "key. O(N) with N being the number of keys, and much bigger constant times, when "
        "called with multiple keys.", "2.8.9"),
    Cmd("pfmerge", -2, kWrite | kDenyOom, {1, -1, 1}, CmdPfMerge, "hyperloglog",
        "Merges one or more HyperLogLog values into a single key.",
        "O(N) to merge N HyperLogLogs, but with high constant times.", "2.8.9"),
    Cmd("pfdebug", 3, kWrite | kDenyOom | kAdmin, {2, 2, 1}, CmdPfDebug, "hyperloglog",
        "Internal commands for debugging HyperLogLog values.", "N/A", "2.8.9"),
    Cmd("pfselftest", 1, kAdmin, {0, 0, 0}, CmdPfSelfTest, "hyperloglog",
        "An internal command for testing HyperLogLog values.", "N/A", "2.8.9"));

}  // namespace
}  // namespace tessera::commands
