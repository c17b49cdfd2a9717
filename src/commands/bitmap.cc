// Bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO) and LCS,
// which works on the same string values. Argument checks follow Redis 7.0 in order and text.
#include <optional>

#include "commands/context.h"
#include "commands/notify.h"
#include "core/strutil.h"
#include "storage/ops/bitmap_ops.h"

namespace tessera::commands {
namespace {

namespace bops = ops::bitmap;

// A bit offset as Redis's getBitOffsetFromArgument reads it: a strict non-negative integer
// whose byte lies below proto-max-bulk-len, so that no request can grow a value past the
// limit. With field_bits > 0 (BITFIELD) "#N" means N * field_bits; the product wraps as
// Redis's C multiplication does, and a wrapped negative result is refused.
bool ParseBitOffset(std::string_view arg, unsigned field_bits, int64_t max_bulk_len,
                    uint64_t* out) {
  bool hash = field_bits > 0 && !arg.empty() && arg[0] == '#';
  int64_t v;
  if (!ParseInt64(arg.substr(hash ? 1 : 0), &v)) return false;
  if (hash) v = int64_t(uint64_t(v) * field_bits);
  if (v < 0 || (v >> 3) >= max_bulk_len) return false;
  *out = uint64_t(v);
  return true;
}

int64_t MaxBulkLen(CommandContext& ctx) { return ctx.server().config().proto_max_bulk_len(); }

// SETBIT key offset value -- O(1). Reply: the bit's previous value.
void CmdSetBit(CmdArgs args, CommandContext& ctx) {
  uint64_t offset;
  if (!ParseBitOffset(args[2], 0, MaxBulkLen(ctx), &offset))
    return ctx.reply().SendError(errors::kBitOffset);
  int64_t on;
  if (!ParseInt64(args[3], &on) || (on & ~int64_t(1)) != 0)
    return ctx.reply().SendError(errors::kBitValue);
  auto r = bops::SetBit(ctx.db(), args[1], offset, on == 1);
  if (!r) return ctx.SendStatus(r.status());
  Notify(ctx, notify::kString, "setbit", args[1]);
  ctx.reply().SendLong(*r);
}

// GETBIT key offset -- O(1). Reply: the bit, 0 past the end or for a missing key.
void CmdGetBit(CmdArgs args, CommandContext& ctx) {
  uint64_t offset;
  if (!ParseBitOffset(args[2], 0, MaxBulkLen(ctx), &offset))
    return ctx.reply().SendError(errors::kBitOffset);
  auto r = bops::GetBit(ctx.db(), args[1], offset);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// Reads BYTE or BIT into *in_bits; false for anything else.
bool ParseUnit(std::string_view arg, bool* in_bits) {
  if (EqualsIgnoreCase(arg, "BIT")) *in_bits = true;
  else if (EqualsIgnoreCase(arg, "BYTE")) *in_bits = false;
  else return false;
  return true;
}

// BITCOUNT key [start end [BYTE|BIT]] -- O(N). Reply: the number of set bits in the range.
// (In 7.0 a start without an end is a syntax error.)
void CmdBitCount(CmdArgs args, CommandContext& ctx) {
  bops::BitCountArgs a;
  if (args.size() == 4 || args.size() == 5) {
    bops::Range r;
    if (!ParseInt64(args[2], &r.start) || !ParseInt64(args[3], &r.end)) {
      a.arg_error = OpStatus::kNotAnInteger;
    } else if (args.size() == 5 && !ParseUnit(args[4], &r.in_bits) &&
               !(r.start < 0 && r.end < 0 && r.start > r.end)) {
      // (Redis answers 0 for that empty negative range before it reads the unit.)
      a.arg_error = OpStatus::kSyntaxError;
    }
    a.range = r;
  } else if (args.size() != 2) {
    a.arg_error = OpStatus::kSyntaxError;
  }
  auto r = bops::BitCount(ctx.db(), args[1], a);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// BITPOS key bit [start [end [BYTE|BIT]]] -- O(N). Reply: the first position of the bit, or
// -1 (see ops::bitmap::FindBit for the rules at the end of the value).
void CmdBitPos(CmdArgs args, CommandContext& ctx) {
  int64_t bit;
  if (!ParseInt64(args[2], &bit)) return ctx.reply().SendError(errors::kNotInteger);
  if (bit != 0 && bit != 1) return ctx.reply().SendError(errors::kBitArg);
  bops::BitPosArgs a;
  a.bit = int(bit);
  size_t n = args.size();
  if (n >= 4 && n <= 6) {
    bops::Range r;
    if (!ParseInt64(args[3], &r.start)) a.arg_error = OpStatus::kNotAnInteger;
    else if (n == 6 && !ParseUnit(args[5], &r.in_bits)) a.arg_error = OpStatus::kSyntaxError;
    else if (n >= 5 && !ParseInt64(args[4], &r.end)) a.arg_error = OpStatus::kNotAnInteger;
    a.end_given = n >= 5;
    a.range = r;
  } else if (n != 3) {
    a.arg_error = OpStatus::kSyntaxError;
  }
  auto r = bops::BitPos(ctx.db(), args[1], a);
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// BITOP AND|OR|XOR|NOT destkey key [key ...] -- O(N). Reply: the length of the string
// stored at destkey (0, and destkey deleted, when every source is empty or missing).
void CmdBitOp(CmdArgs args, CommandContext& ctx) {
  bops::BitOpKind op;
  std::string_view name = args[1];
  if (EqualsIgnoreCase(name, "AND")) op = bops::BitOpKind::kAnd;
  else if (EqualsIgnoreCase(name, "OR")) op = bops::BitOpKind::kOr;
  else if (EqualsIgnoreCase(name, "XOR")) op = bops::BitOpKind::kXor;
  else if (EqualsIgnoreCase(name, "NOT")) op = bops::BitOpKind::kNot;
  else return ctx.reply().SendError(errors::kSyntax);
  if (op == bops::BitOpKind::kNot && args.size() != 4)
    return ctx.reply().SendError(errors::kBitopNot);
  auto r = bops::BitOp(ctx.db(), op, args[2], args.subspan(3));
  if (!r) return ctx.SendStatus(r.status());
  if (*r > 0) Notify(ctx, notify::kString, "set", args[2]);
  ctx.reply().SendLong(*r);
}

// A BITFIELD type: i1..i64 or u1..u63 (lower-case only, as Redis). Redis reads the width
// with strlen, so it stops at a NUL byte; so does this.
bool ParseFieldType(std::string_view arg, bops::FieldOp* op) {
  if (arg.empty() || (arg[0] != 'i' && arg[0] != 'u')) return false;
  op->is_signed = arg[0] == 'i';
  std::string_view width = arg.substr(1);
  width = width.substr(0, width.find('\0'));
  int64_t bits;
  if (!ParseInt64(width, &bits) || bits < 1 || bits > (op->is_signed ? 64 : 63)) return false;
  op->bits = uint8_t(bits);
  return true;
}

// BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment |
// OVERFLOW WRAP|SAT|FAIL] ... -- O(1) for each subcommand. BITFIELD_RO takes only GET.
// Reply: an array with one integer per GET/SET/INCRBY (SET: the old value, INCRBY: the new
// one), or null where OVERFLOW FAIL refused the write. Every argument is checked before the
// key is touched.
void BitfieldGeneric(CmdArgs args, CommandContext& ctx, bool read_only_command) {
  std::vector<bops::FieldOp> ops;
  bops::Overflow overflow = bops::Overflow::kWrap;
  bool writes = false;
  for (size_t j = 2; j < args.size(); ++j) {
    size_t more = args.size() - j - 1;
    std::string_view sub = args[j];
    bops::FieldOp op;
    if (EqualsIgnoreCase(sub, "GET") && more >= 2) {
      op.code = bops::FieldOp::kGet;
    } else if (EqualsIgnoreCase(sub, "SET") && more >= 3) {
      op.code = bops::FieldOp::kSet;
    } else if (EqualsIgnoreCase(sub, "INCRBY") && more >= 3) {
      op.code = bops::FieldOp::kIncrBy;
    } else if (EqualsIgnoreCase(sub, "OVERFLOW") && more >= 1) {
      std::string_view mode = args[++j];
      if (EqualsIgnoreCase(mode, "WRAP")) overflow = bops::Overflow::kWrap;
      else if (EqualsIgnoreCase(mode, "SAT")) overflow = bops::Overflow::kSat;
      else if (EqualsIgnoreCase(mode, "FAIL")) overflow = bops::Overflow::kFail;
      else return ctx.reply().SendError(errors::kBitfieldOverflowType);
      continue;
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
    if (!ParseFieldType(args[j + 1], &op)) return ctx.reply().SendError(errors::kBitfieldType);
    if (!ParseBitOffset(args[j + 2], op.bits, MaxBulkLen(ctx), &op.offset))
      return ctx.reply().SendError(errors::kBitOffset);
    if (op.code != bops::FieldOp::kGet) {
      writes = true;
      if (!ParseInt64(args[j + 3], &op.value)) return ctx.reply().SendError(errors::kNotInteger);
    }
    op.overflow = overflow;
    ops.push_back(op);
    j += op.code == bops::FieldOp::kGet ? 2 : 3;
  }
  if (writes && read_only_command) return ctx.reply().SendError(errors::kBitfieldRo);
  auto r = bops::Bitfield(ctx.db(), args[1], ops);
  if (!r) return ctx.SendStatus(r.status());
  // Redis reports "setbit" when some SET or INCRBY was applied (not refused by FAIL).
  for (size_t i = 0; i < ops.size() && i < r->size(); ++i)
    if (ops[i].code != bops::FieldOp::kGet && (*r)[i]) {
      Notify(ctx, notify::kString, "setbit", args[1]);
      break;
    }
  ctx.reply().StartArray(r->size());
  for (const auto& v : *r) {
    if (v) ctx.reply().SendLong(*v);
    else ctx.reply().SendNull();
  }
}
void CmdBitfield(CmdArgs args, CommandContext& ctx) { BitfieldGeneric(args, ctx, false); }
void CmdBitfieldRo(CmdArgs args, CommandContext& ctx) { BitfieldGeneric(args, ctx, true); }

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN] -- O(N*M).
// Reply: the longest common subsequence; with LEN its length; with IDX a map {matches: [[[a
// start, a end], [b start, b end] (, length)] ...], len: n}, matches from the last one.
// As in Redis the key types are checked before the options.
void CmdLcs(CmdArgs args, CommandContext& ctx) {
  auto in = bops::LcsLoad(ctx.db(), args[1], args[2], MaxBulkLen(ctx));
  if (!in) return ctx.reply().SendError(errors::kLcsType);
  bool want_len = false, want_idx = false, with_match_len = false;
  int64_t min_match_len = 0;
  for (size_t j = 3; j < args.size(); ++j) {
    std::string_view opt = args[j];
    bool more = j + 1 < args.size();
    if (EqualsIgnoreCase(opt, "IDX")) {
      want_idx = true;
    } else if (EqualsIgnoreCase(opt, "LEN")) {
      want_len = true;
    } else if (EqualsIgnoreCase(opt, "WITHMATCHLEN")) {
      with_match_len = true;
    } else if (EqualsIgnoreCase(opt, "MINMATCHLEN") && more) {
      if (!ParseInt64(args[++j], &min_match_len))
        return ctx.reply().SendError(errors::kNotInteger);
      if (min_match_len < 0) min_match_len = 0;
    } else {
      return ctx.reply().SendError(errors::kSyntax);
    }
  }
  if (want_idx && want_len) return ctx.reply().SendError(errors::kLcsIdxAndLen);
  if (in->refused == OpStatus::kStringTooLong) return ctx.reply().SendError(errors::kLcsTooLong);
  if (in->refused != OpStatus::kOk) return ctx.reply().SendError(errors::kLcsLimit);

  bops::LcsParams p;
  p.want_string = !want_idx && !want_len;
  p.want_matches = want_idx;
  p.min_match_len = min_match_len;
  auto r = bops::ComputeLcs(in->a, in->b, p);
  if (!r) return ctx.reply().SendError(errors::kLcsMemory);
  auto& reply = ctx.reply();
  if (want_len) return reply.SendLong(r->len);
  if (!want_idx) return reply.SendBulk(r->lcs);
  reply.StartMap(2);
  reply.SendBulk("matches");
  reply.StartArray(r->matches.size());
  for (const auto& m : r->matches) {
    reply.StartArray(with_match_len ? 3 : 2);
    reply.StartArray(2);
    reply.SendLong(m.a_start);
    reply.SendLong(m.a_end);
    reply.StartArray(2);
    reply.SendLong(m.b_start);
    reply.SendLong(m.b_end);
    if (with_match_len) reply.SendLong(m.len);
  }
  reply.SendBulk("len");
  reply.SendLong(r->len);
}

constexpr uint32_t kW = kWrite | kDenyOom;

TESSERA_REGISTER_COMMANDS(
    bitmap,
    Cmd("setbit", 4, kW, {1, 1, 1}, CmdSetBit, "bitmap",
        "Sets or clears the bit at offset in the string value stored at key", "O(1)", "2.2.0"),
    Cmd("getbit", 3, kReadOnly | kFast, {1, 1, 1}, CmdGetBit, "bitmap",
        "Returns the bit value at offset in the string value stored at key", "O(1)", "2.2.0"),
    Cmd("bitcount", -2, kReadOnly, {1, 1, 1}, CmdBitCount, "bitmap",
        "Count set bits in a string", "O(N)", "2.6.0"),
    Cmd("bitpos", -3, kReadOnly, {1, 1, 1}, CmdBitPos, "bitmap",
        "Find first bit set or clear in a string", "O(N)", "2.8.7"),
    Cmd("bitop", -4, kW, {2, -1, 1}, CmdBitOp, "bitmap",
        "Perform bitwise operations between strings", "O(N)", "2.6.0"),
    Cmd("bitfield", -2, kW, {1, 1, 1}, CmdBitfield, "bitmap",
        "Perform arbitrary bitfield integer operations on strings",
        "O(1) for each subcommand specified", "3.2.0"),
    Cmd("bitfield_ro", -2, kReadOnly | kFast, {1, 1, 1}, CmdBitfieldRo, "bitmap",
        "Perform arbitrary bitfield integer operations on strings. Read-only variant of "
        "BITFIELD", "O(1) for each subcommand specified", "6.0.0"),
    Cmd("lcs", -3, kReadOnly, {1, 2, 1}, CmdLcs, "string", "Find longest common substring",
        "O(N*M) where N and M are the lengths of s1 and s2, respectively", "7.0.0"));

}  // namespace
}  // namespace tessera::commands
