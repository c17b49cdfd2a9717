// Sorted-set commands: ZADD ... ZSCAN, the range family (ZRANGE and its older forms,
// ZRANGESTORE, ZREMRANGEBY*), pops (ZPOPMIN/MAX, ZMPOP and the blocking BZPOPMIN/BZPOPMAX/
// BZMPOP, served through blocking.cc), ZRANDMEMBER and the algebra (ZUNION ZINTER ZDIFF,
// their STORE forms, ZINTERCARD).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "commands/blocking.h"
#include "commands/context.h"
#include "commands/notify.h"
#include "commands/mpop_args.h"
#include "commands/scan_args.h"
#include "storage/ops/zset_ops.h"

namespace tessera::commands {
namespace {

namespace zops = ops::zset;
using zops::Range;

zops::Limits Limits(CommandContext& ctx) {
  const Config& c = ctx.server().config();
  return {c.zset_max_listpack_entries(), c.zset_max_listpack_value()};
}

void SendCount(CommandContext& ctx, const OpResult<int64_t>& r) {
  if (!r) return ctx.SendStatus(r.status());
  ctx.reply().SendLong(*r);
}

// A range bound's number as Redis's zslParseRange reads it: strtod up to the argument's end
// (or a NUL in it), leading spaces allowed, "" meaning 0, no NaN; overflow gives inf.
bool ParseBoundNumber(std::string_view s, double* out) {
  char buf[128];
  std::string big;
  const char* p;
  if (s.size() < sizeof(buf)) {
    memcpy(buf, s.data(), s.size());
    buf[s.size()] = '\0';
    p = buf;
  } else {
    big.assign(s);
    p = big.c_str();
  }
  char* end;
  double v = strtod(p, &end);
  if (*end != '\0' || std::isnan(v)) return false;
  *out = v;
  return true;
}

bool ParseScoreBound(std::string_view s, zops::ScoreBound* b) {
  b->exclusive = !s.empty() && s[0] == '(';
  if (b->exclusive) s.remove_prefix(1);
  return ParseBoundNumber(s, &b->value);
}

bool ParseLexBound(std::string_view s, zops::LexBound* b) {
  if (s.empty()) return false;
  switch (s[0]) {
    case '+':
    case '-':
      if (s.size() != 1) return false;
      b->kind = s[0] == '+' ? zops::LexBound::kMax : zops::LexBound::kMin;
      return true;
    case '(':
    case '[':
      b->kind = s[0] == '(' ? zops::LexBound::kExclusive : zops::LexBound::kInclusive;
      b->value = s.substr(1);
      return true;
    default: return false;
  }
}

// Members (with scores when asked) as a range reply: RESP3 gives [member, score] pairs,
// RESP2 one flat array.
struct RangeReply {
  protocol::ReplyBuilder& r;
  bool withscores;
  void Begin(size_t n) {
    if (withscores && !r.resp3()) r.StartArray(2 * n);
    else r.StartArray(n);
  }
  void Item(std::string_view m, double s) {
    if (!withscores) return r.SendBulk(m);
    if (r.resp3()) r.StartArray(2);
    r.SendBulk(m);
    r.SendDouble(s);
  }
};

// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] -- O(log N) per
// member. Reply: members added (with CH: added or changed); with INCR the new score, or
// null when the condition stopped it.
void CmdZAdd(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  zops::AddOptions opt;
  size_t i = 2;
  for (; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (EqualsIgnoreCase(a, "NX")) opt.nx = true;
    else if (EqualsIgnoreCase(a, "XX")) opt.xx = true;
    else if (EqualsIgnoreCase(a, "GT")) opt.gt = true;
    else if (EqualsIgnoreCase(a, "LT")) opt.lt = true;
    else if (EqualsIgnoreCase(a, "CH")) opt.ch = true;
    else if (EqualsIgnoreCase(a, "INCR")) opt.incr = true;
    else break;
  }
  size_t elements = args.size() - i;
  if (elements == 0 || elements % 2) return r.SendError(errors::kSyntax);
  if (opt.nx && opt.xx) return r.SendError(errors::kZAddXxNx);
  if ((opt.gt && opt.nx) || (opt.lt && opt.nx) || (opt.gt && opt.lt))
    return r.SendError(errors::kZAddGtLtNx);
  if (opt.incr && elements > 2) return r.SendError(errors::kZAddIncrPair);
  std::vector<zops::ScoreMember> pairs;
  pairs.reserve(elements / 2);
  for (; i < args.size(); i += 2) {
    double s;
    if (!ParseDouble(args[i], &s)) return r.SendError(errors::kNotFloat);
    pairs.push_back({s, args[i + 1]});
  }
  double score = 0;
  bool done = false, modified = false;
  auto n = zops::Add(ctx.db(), args[1], opt, pairs, Limits(ctx), &score, &done, &modified);
  if (!n) return ctx.SendStatus(n.status());
  if (modified) Notify(ctx, notify::kZSet, opt.incr ? "zincr" : "zadd", args[1]);
  if (!opt.incr) return r.SendLong(*n);
  if (!done) return r.SendNull();
  r.SendDouble(score);
}

// ZINCRBY key increment member -- O(log N). Reply: the new score.
void CmdZIncrBy(CmdArgs args, CommandContext& ctx) {
  double d;
  if (!ParseDouble(args[2], &d)) return ctx.reply().SendError(errors::kNotFloat);
  zops::AddOptions opt;
  opt.incr = true;
  zops::ScoreMember p{d, args[3]};
  double score = 0;
  bool done = false, modified = false;
  auto n = zops::Add(ctx.db(), args[1], opt, {&p, 1}, Limits(ctx), &score, &done, &modified);
  if (!n) return ctx.SendStatus(n.status());
  if (modified) Notify(ctx, notify::kZSet, "zincr", args[1]);
  ctx.reply().SendDouble(score);
}

// ZREM key member [member ...] -- O(M log N). Reply: members removed.
void CmdZRem(CmdArgs args, CommandContext& ctx) {
  auto r = zops::Rem(ctx.db(), args[1], args.subspan(2));
  if (r && *r > 0) Notify(ctx, notify::kZSet, "zrem", args[1]);
  SendCount(ctx, r);
}
// ZCARD key -- O(1). Reply: the number of members.
void CmdZCard(CmdArgs args, CommandContext& ctx) { SendCount(ctx, zops::Card(ctx.db(), args[1])); }

// ZSCORE key member -- O(1). Reply: the score (a double in RESP3), or null.
void CmdZScore(CmdArgs args, CommandContext& ctx) {
  double s;
  OpStatus st = zops::Score(ctx.db(), args[1], args[2], &s);
  if (st == OpStatus::kKeyNotFound) return ctx.reply().SendNull();
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  ctx.reply().SendDouble(s);
}

// ZMSCORE key member [member ...] -- O(N). Reply: a score or null per member.
void CmdZMScore(CmdArgs args, CommandContext& ctx) {
  PendingReply b(ctx);
  OpStatus st = zops::MScore(ctx.db(), args[1], args.subspan(2), [&](bool found, double s) {
    if (found) b.rb.SendDouble(s);
    else b.rb.SendNull();
  });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  ctx.reply().StartArray(args.size() - 2);
  b.Flush();
}

void RankGeneric(CmdArgs args, CommandContext& ctx, bool reverse) {
  auto r = zops::Rank(ctx.db(), args[1], args[2], reverse);
  if (!r) return ctx.SendStatus(r.status());
  if (*r < 0) return ctx.reply().SendNull();
  ctx.reply().SendLong(*r);
}
// ZRANK key member -- O(log N). Reply: the rank, or null.
void CmdZRank(CmdArgs args, CommandContext& ctx) { RankGeneric(args, ctx, false); }
// ZREVRANK key member -- O(log N). Reply: the rank from the top, or null.
void CmdZRevRank(CmdArgs args, CommandContext& ctx) { RankGeneric(args, ctx, true); }

// ZCOUNT key min max -- O(log N). Reply: members with a score in [min, max].
void CmdZCount(CmdArgs args, CommandContext& ctx) {
  Range rg;
  rg.by = Range::kScore;
  if (!ParseScoreBound(args[2], &rg.min) || !ParseScoreBound(args[3], &rg.max))
    return ctx.reply().SendError(errors::kMinMaxNotFloat);
  SendCount(ctx, zops::Count(ctx.db(), args[1], rg));
}
// ZLEXCOUNT key min max -- O(log N). Reply: members between min and max.
void CmdZLexCount(CmdArgs args, CommandContext& ctx) {
  Range rg;
  rg.by = Range::kLex;
  if (!ParseLexBound(args[2], &rg.lmin) || !ParseLexBound(args[3], &rg.lmax))
    return ctx.reply().SendError(errors::kMinMaxNotLex);
  SendCount(ctx, zops::Count(ctx.db(), args[1], rg));
}

// The range family's one parser and runner (Redis's zrangeGenericCommand): the range
// arguments at `at` and `at + 1`, options after them. `by`/`reverse` preset by the older
// forms (ZRANGEBYSCORE, ZREVRANGE, ...); `dst` set for ZRANGESTORE.
void RangeGeneric(CmdArgs args, CommandContext& ctx, size_t at, int by, int reverse,
                  bool store = false) {
  auto& r = ctx.reply();
  bool withscores = false;
  int64_t offset = 0, limit = -1;
  for (size_t j = at + 2; j < args.size(); ++j) {
    size_t left = args.size() - j - 1;
    std::string_view a = args[j];
    if (!store && EqualsIgnoreCase(a, "WITHSCORES")) {
      withscores = true;
    } else if (EqualsIgnoreCase(a, "LIMIT") && left >= 2) {
      if (!ParseInt64(args[j + 1], &offset) || !ParseInt64(args[j + 2], &limit))
        return r.SendError(errors::kNotInteger);
      j += 2;
    } else if (reverse < 0 && EqualsIgnoreCase(a, "REV")) {
      reverse = 1;
    } else if (by < 0 && EqualsIgnoreCase(a, "BYLEX")) {
      by = Range::kLex;
    } else if (by < 0 && EqualsIgnoreCase(a, "BYSCORE")) {
      by = Range::kScore;
    } else {
      return r.SendError(errors::kSyntax);
    }
  }
  if (reverse < 0) reverse = 0;
  if (by < 0) by = Range::kRank;
  if (limit != -1 && by == Range::kRank) return r.SendError(errors::kLimitNeedsBy);
  if (withscores && by == Range::kLex) return r.SendError(errors::kWithScoresLex);
  Range rg;
  rg.by = Range::By(by);
  rg.reverse = reverse;
  if (by != Range::kRank) {  // a rank range ignores LIMIT offset -1
    rg.offset = offset;
    rg.limit = limit;
  }
  size_t min_at = at, max_at = at + 1;
  if (reverse && by != Range::kRank) std::swap(min_at, max_at);  // given as max, min
  switch (rg.by) {
    case Range::kRank:
      if (!ParseInt64(args[min_at], &rg.start) || !ParseInt64(args[max_at], &rg.stop))
        return r.SendError(errors::kNotInteger);
      break;
    case Range::kScore:
      if (!ParseScoreBound(args[min_at], &rg.min) || !ParseScoreBound(args[max_at], &rg.max))
        return r.SendError(errors::kMinMaxNotFloat);
      break;
    case Range::kLex:
      if (!ParseLexBound(args[min_at], &rg.lmin) || !ParseLexBound(args[max_at], &rg.lmax))
        return r.SendError(errors::kMinMaxNotLex);
      break;
  }
  if (store) {
    auto n = zops::RangeStore(ctx.db(), args[1], args[2], rg, Limits(ctx));
    if (n && *n > 0) Notify(ctx, notify::kZSet, "zrangestore", args[1]);
    return SendCount(ctx, n);
  }
  RangeReply out{r, withscores};
  OpStatus st = zops::GetRange(ctx.db(), args[1], rg, [&](size_t n) { out.Begin(n); },
                               [&](std::string_view m, double s) { out.Item(m, s); });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

// ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] --
// O(log N + M). Reply: the members (and scores).
void CmdZRange(CmdArgs args, CommandContext& ctx) { RangeGeneric(args, ctx, 2, -1, -1); }
// ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] -- O(log N + M).
// Reply: the size of the stored range.
void CmdZRangeStore(CmdArgs args, CommandContext& ctx) {
  RangeGeneric(args, ctx, 3, -1, -1, true);
}
// ZREVRANGE key start stop [WITHSCORES] -- O(log N + M).
void CmdZRevRange(CmdArgs args, CommandContext& ctx) {
  RangeGeneric(args, ctx, 2, Range::kRank, 1);
}
// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] -- O(log N + M).
void CmdZRangeByScore(CmdArgs args, CommandContext& ctx) {
  RangeGeneric(args, ctx, 2, Range::kScore, 0);
}
// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] -- O(log N + M).
void CmdZRevRangeByScore(CmdArgs args, CommandContext& ctx) {
  RangeGeneric(args, ctx, 2, Range::kScore, 1);
}
// ZRANGEBYLEX key min max [LIMIT offset count] -- O(log N + M).
void CmdZRangeByLex(CmdArgs args, CommandContext& ctx) {
  RangeGeneric(args, ctx, 2, Range::kLex, 0);
}
// ZREVRANGEBYLEX key max min [LIMIT offset count] -- O(log N + M).
void CmdZRevRangeByLex(CmdArgs args, CommandContext& ctx) {
  RangeGeneric(args, ctx, 2, Range::kLex, 1);
}

void RemRangeGeneric(CmdArgs args, CommandContext& ctx, Range::By by) {
  Range rg;
  rg.by = by;
  switch (by) {
    case Range::kRank:
      if (!ParseInt64(args[2], &rg.start) || !ParseInt64(args[3], &rg.stop))
        return ctx.reply().SendError(errors::kNotInteger);
      break;
    case Range::kScore:
      if (!ParseScoreBound(args[2], &rg.min) || !ParseScoreBound(args[3], &rg.max))
        return ctx.reply().SendError(errors::kMinMaxNotFloat);
      break;
    case Range::kLex:
      if (!ParseLexBound(args[2], &rg.lmin) || !ParseLexBound(args[3], &rg.lmax))
        return ctx.reply().SendError(errors::kMinMaxNotLex);
      break;
  }
  auto r = zops::RemRange(ctx.db(), args[1], rg);
  if (r && *r > 0)
    Notify(ctx, notify::kZSet,
           by == Range::kRank ? "zremrangebyrank"
                              : by == Range::kScore ? "zremrangebyscore" : "zremrangebylex",
           args[1]);
  SendCount(ctx, r);
}
// ZREMRANGEBYRANK key start stop -- O(log N + M). Reply: members removed.
void CmdZRemRangeByRank(CmdArgs args, CommandContext& ctx) {
  RemRangeGeneric(args, ctx, Range::kRank);
}
// ZREMRANGEBYSCORE key min max -- O(log N + M). Reply: members removed.
void CmdZRemRangeByScore(CmdArgs args, CommandContext& ctx) {
  RemRangeGeneric(args, ctx, Range::kScore);
}
// ZREMRANGEBYLEX key min max -- O(log N + M). Reply: members removed.
void CmdZRemRangeByLex(CmdArgs args, CommandContext& ctx) {
  RemRangeGeneric(args, ctx, Range::kLex);
}

// ZPOPMIN / ZPOPMAX key [count] -- O(M log N). Reply: [member, score]; with a count RESP3
// nests each pair.
void PopGeneric(CmdArgs args, CommandContext& ctx, bool max) {
  auto& r = ctx.reply();
  if (args.size() > 3) return r.SendError(errors::kSyntax);
  int64_t count = 1;
  if (args.size() == 3 && (!ParseInt64(args[2], &count) || count < 0))
    return r.SendError(errors::kMustBePositive);
  bool nested = r.resp3() && args.size() == 3;
  size_t popped = 0;
  OpStatus st = zops::Pop(
      ctx.db(), args[1], max, size_t(count),
      [&](size_t n) {
        popped = n;
        r.StartArray(nested ? n : 2 * n);
      },
      [&](std::string_view m, double s) {
        if (nested) r.StartArray(2);
        r.SendBulk(m);
        r.SendDouble(s);
      });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  if (popped > 0) Notify(ctx, notify::kZSet, max ? "zpopmax" : "zpopmin", args[1]);
}
void CmdZPopMin(CmdArgs args, CommandContext& ctx) { PopGeneric(args, ctx, false); }
void CmdZPopMax(CmdArgs args, CommandContext& ctx) { PopGeneric(args, ctx, true); }

// Pops for ZMPOP/BZMPOP/BZPOPMIN/BZPOPMAX; blocks when timeout_ms >= 0 and nothing is there.
// mpop: [key, [[member, score], ...]], else [key, member, score].
void MPopGeneric(CommandContext& ctx, CmdArgs keys, bool max, size_t count, bool mpop,
                 int64_t timeout_ms) {
  auto& r = ctx.reply();
  std::string popped;  // the key the members came from (keyspace notifications)
  auto begin = [&](std::string_view key, size_t n) {
    popped.assign(key);
    r.StartArray(mpop ? 2 : 3);
    r.SendBulk(key);
    if (mpop) r.StartArray(n);
  };
  auto out = [&](std::string_view m, double s) {
    if (mpop) r.StartArray(2);
    r.SendBulk(m);
    r.SendDouble(s);
  };
  OpStatus st;
  if (timeout_ms < 0 || ctx.client().in_exec) {
    st = zops::MPop(ctx.db(), keys, max, count, begin, out);
  } else {
    auto w = NewWaiter(ctx, mpop ? BlockedClient::kZMPop : BlockedClient::kZPop);
    for (auto k : keys) w->keys.emplace_back(k);
    w->max = max;
    w->count = count;
    st = zops::MPopOrWait(ctx.db(), keys, max, count, w, begin, out);
    if (st == OpStatus::kKeyNotFound) return Block(ctx, std::move(w), timeout_ms);
  }
  if (st == OpStatus::kKeyNotFound) return r.SendNullArray();
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  Notify(ctx, notify::kZSet, max ? "zpopmax" : "zpopmin", popped);
}

bool ParseSide(std::string_view a, bool* max) {
  if (EqualsIgnoreCase(a, "MIN")) *max = false;
  else if (EqualsIgnoreCase(a, "MAX")) *max = true;
  else return false;
  return true;
}

// BZPOPMIN / BZPOPMAX key [key ...] timeout -- O(log N). Reply: [key, member, score], or a
// null array after the timeout.
void CmdBZPopMin(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args.back(), ctx, &ms)) return;
  MPopGeneric(ctx, args.subspan(1, args.size() - 2), false, 1, false, ms);
}
void CmdBZPopMax(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args.back(), ctx, &ms)) return;
  MPopGeneric(ctx, args.subspan(1, args.size() - 2), true, 1, false, ms);
}

// ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] -- O(K + M log N). Reply: [key,
// [[member, score], ...]] from the first non-empty set, or a null array.
void CmdZMPop(CmdArgs args, CommandContext& ctx) {
  CmdArgs keys;
  bool max = false;
  size_t count;
  if (!ParseMPopArgs(args, 1, ctx, [&](std::string_view a) { return ParseSide(a, &max); },
                     &keys, &count))
    return;
  MPopGeneric(ctx, keys, max, count, true, -1);
}

// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] -- as ZMPOP, blocking.
void CmdBZMPop(CmdArgs args, CommandContext& ctx) {
  int64_t ms;
  if (!ParseBlockTimeout(args[1], ctx, &ms)) return;
  CmdArgs keys;
  bool max = false;
  size_t count;
  if (!ParseMPopArgs(args, 2, ctx, [&](std::string_view a) { return ParseSide(a, &max); },
                     &keys, &count))
    return;
  MPopGeneric(ctx, keys, max, count, true, ms);
}

// ZRANDMEMBER key [count [WITHSCORES]] -- O(N) in count. Reply: a member (null when
// missing), or with count an array (negative count: members may repeat).
void CmdZRandMember(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  if (args.size() == 2) {
    OpStatus st = zops::RandOne(ctx.db(), args[1],
                                [&](std::string_view m, double) { r.SendBulk(m); });
    if (st == OpStatus::kKeyNotFound) return r.SendNull();
    if (st != OpStatus::kOk) ctx.SendStatus(st);
    return;
  }
  int64_t count;
  if (!ParseInt64(args[2], &count)) return r.SendError(errors::kNotInteger);
  if (count == INT64_MIN) return r.SendError(errors::kCountRange);
  bool withscores = false;
  if (args.size() > 4 || (args.size() == 4 && !EqualsIgnoreCase(args[3], "WITHSCORES")))
    return r.SendError(errors::kSyntax);
  if (args.size() == 4) {
    withscores = true;
    if (count < -INT64_MAX / 2 || count > INT64_MAX / 2)
      return r.SendError("ERR value is out of range");
  }
  RangeReply out{r, withscores};
  PendingReply b(ctx);
  RangeReply body{b.rb, withscores};
  size_t n = 0;
  OpStatus st = zops::RandMember(ctx.db(), args[1], count, [&](size_t k) { n = k; },
                                 [&](std::string_view m, double s) { body.Item(m, s); });
  if (st != OpStatus::kOk) return ctx.SendStatus(st);
  out.Begin(n);
  b.Flush();
}

// The options after the keys of the algebra commands (Redis's zunionInterDiffGenericCommand):
// WEIGHTS and AGGREGATE (not for ZDIFF), WITHSCORES (not for the STORE forms).
struct AlgebraArgs {
  CmdArgs keys;
  std::vector<double> weights;
  zops::Aggregate agg = zops::Aggregate::kSum;
  bool withscores = false;
};

// Parses from args[at] (numkeys) on; false with the error sent. Redis looks the keys up
// before it reads the options, so a wrong-typed key wins over a bad option.
bool ParseAlgebra(CmdArgs args, size_t at, CommandContext& ctx, zops::Algebra op, bool store,
                  AlgebraArgs* a) {
  auto& r = ctx.reply();
  int64_t n;
  if (!ParseInt64(args[at], &n)) {
    r.SendError(errors::kNotInteger);
    return false;
  }
  if (n < 1) {
    r.SendError(StrCat("ERR at least 1 input key is needed for '", ctx.spec()->name,
                       "' command"));
    return false;
  }
  if (uint64_t(n) > args.size() - at - 1) {
    r.SendError(errors::kSyntax);
    return false;
  }
  a->keys = args.subspan(at + 1, size_t(n));
  std::string_view err;
  for (size_t j = at + 1 + size_t(n); j < args.size() && err.empty();) {
    size_t left = args.size() - j;
    std::string_view t = args[j];
    if (op != zops::Algebra::kDiff && left >= size_t(n) + 1 && EqualsIgnoreCase(t, "WEIGHTS")) {
      ++j;
      a->weights.clear();
      for (int64_t i = 0; i < n; ++i, ++j) {
        double w;
        if (!ParseDouble(args[j], &w)) {
          err = errors::kWeightNotFloat;
          break;
        }
        a->weights.push_back(w);
      }
    } else if (op != zops::Algebra::kDiff && left >= 2 && EqualsIgnoreCase(t, "AGGREGATE")) {
      std::string_view v = args[j + 1];
      if (EqualsIgnoreCase(v, "SUM")) a->agg = zops::Aggregate::kSum;
      else if (EqualsIgnoreCase(v, "MIN")) a->agg = zops::Aggregate::kMin;
      else if (EqualsIgnoreCase(v, "MAX")) a->agg = zops::Aggregate::kMax;
      else err = errors::kSyntax;
      j += 2;
    } else if (!store && EqualsIgnoreCase(t, "WITHSCORES")) {
      a->withscores = true;
      ++j;
    } else {
      err = errors::kSyntax;
    }
  }
  if (err.empty()) return true;
  if (zops::CheckInputs(ctx.db(), a->keys) == OpStatus::kWrongType)
    err = errors::kWrongType;
  r.SendError(err);
  return false;
}

void CombineGeneric(CmdArgs args, CommandContext& ctx, zops::Algebra op) {
  AlgebraArgs a;
  if (!ParseAlgebra(args, 1, ctx, op, false, &a)) return;
  RangeReply out{ctx.reply(), a.withscores};
  OpStatus st = zops::Combine(ctx.db(), op, a.keys, a.weights, a.agg,
                              [&](size_t n) { out.Begin(n); },
                              [&](std::string_view m, double s) { out.Item(m, s); });
  if (st != OpStatus::kOk) ctx.SendStatus(st);
}

void CombineStoreGeneric(CmdArgs args, CommandContext& ctx, zops::Algebra op) {
  AlgebraArgs a;
  if (!ParseAlgebra(args, 2, ctx, op, true, &a)) return;
  auto r = zops::CombineStore(ctx.db(), op, args[1], a.keys, a.weights, a.agg, Limits(ctx));
  if (r && *r > 0)
    Notify(ctx, notify::kZSet,
           op == zops::Algebra::kUnion ? "zunionstore"
                                       : op == zops::Algebra::kInter ? "zinterstore" : "zdiffstore",
           args[1]);
  SendCount(ctx, r);
}

// ZUNION numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] --
// O(N) + O(M log M). Reply: the members in score order.
void CmdZUnion(CmdArgs args, CommandContext& ctx) {
  CombineGeneric(args, ctx, zops::Algebra::kUnion);
}
// ZINTER numkeys key [key ...] [WEIGHTS w ...] [AGGREGATE ...] [WITHSCORES] -- O(N*K).
void CmdZInter(CmdArgs args, CommandContext& ctx) {
  CombineGeneric(args, ctx, zops::Algebra::kInter);
}
// ZDIFF numkeys key [key ...] [WITHSCORES] -- O(L + (N-K) log N).
void CmdZDiff(CmdArgs args, CommandContext& ctx) {
  CombineGeneric(args, ctx, zops::Algebra::kDiff);
}
// ZUNIONSTORE / ZINTERSTORE / ZDIFFSTORE destination numkeys key [key ...] [options]. Reply:
// the size of the stored result.
void CmdZUnionStore(CmdArgs args, CommandContext& ctx) {
  CombineStoreGeneric(args, ctx, zops::Algebra::kUnion);
}
void CmdZInterStore(CmdArgs args, CommandContext& ctx) {
  CombineStoreGeneric(args, ctx, zops::Algebra::kInter);
}
void CmdZDiffStore(CmdArgs args, CommandContext& ctx) {
  CombineStoreGeneric(args, ctx, zops::Algebra::kDiff);
}

// ZINTERCARD numkeys key [key ...] [LIMIT limit] -- O(N*K). Reply: the intersection's size.
void CmdZInterCard(CmdArgs args, CommandContext& ctx) {
  auto& r = ctx.reply();
  int64_t n;
  if (!ParseInt64(args[1], &n)) return r.SendError(errors::kNotInteger);
  if (n < 1) return r.SendError("ERR at least 1 input key is needed for 'zintercard' command");
  if (uint64_t(n) > args.size() - 2) return r.SendError(errors::kSyntax);
  CmdArgs keys = args.subspan(2, size_t(n));
  uint64_t limit = 0;
  std::string_view err;
  for (size_t i = 2 + size_t(n); i < args.size() && err.empty(); i += 2) {
    int64_t l;
    if (!EqualsIgnoreCase(args[i], "LIMIT") || i + 1 >= args.size()) err = errors::kSyntax;
    else if (!ParseInt64(args[i + 1], &l) || l < 0) err = "ERR LIMIT can't be negative";
    else limit = uint64_t(l);
  }
  if (!err.empty()) {
    if (zops::CheckInputs(ctx.db(), keys) == OpStatus::kWrongType) err = errors::kWrongType;
    return r.SendError(err);
  }
  SendCount(ctx, zops::InterCard(ctx.db(), keys, limit));
}

// A score as ZSCAN prints it (Redis's d2string): integers up to 2^62 in full, "-0", else
// %.17g (where ZSCORE's %.17g would print 1e+17).
std::string ScanScore(double d) {
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  constexpr double kLim = double(INT64_MAX / 2);
  if (d >= -kLim && d <= kLim) {
    int64_t ll = int64_t(d);
    if (double(ll) == d) return StrCat(ll);
  }
  return FormatDouble(d);
}

// ZSCAN key cursor [MATCH pattern] [COUNT count] -- O(1) per call. Reply: [next cursor,
// [member, score, ...]] (scores as bulk strings).
void CmdZScan(CmdArgs args, CommandContext& ctx) {
  ScanArgs sa;
  if (auto err = ParseScanArgs(args, 2, false, &sa); !err.empty())
    return ctx.reply().SendError(err);
  PendingReply b(ctx);
  auto next = zops::Scan(ctx.db(), args[1], sa.cursor, sa.pattern, sa.count,
                         [&](size_t n) { b.rb.StartArray(2 * n); },
                         [&](std::string_view m, double s) {
                           b.rb.SendBulk(m);
                           b.rb.SendBulk(ScanScore(s));
                         });
  if (!next) return ctx.SendStatus(next.status());
  ctx.reply().StartArray(2);
  ctx.reply().SendBulk(StrCat(*next));
  b.Flush();
}

// Keys of the algebra's STORE forms: the destination, then numkeys keys from args[2].
void StoreThenCountedKeys(absl::Span<const std::string_view> args, std::vector<size_t>* out) {
  if (args.size() > 1) out->push_back(1);
  KeysCountedAt<2>(args, out);
}

CommandSpec StoreForm(CommandSpec spec) {
  spec.find_keys = &StoreThenCountedKeys;
  spec.keynum_index = 2;
  return spec;
}

constexpr uint32_t kW = kWrite | kDenyOom;
constexpr const char* kAlgebraCost = "O(N)+O(M*log(M)) with N being the sum of the sizes of "
                                     "the input sorted sets, and M being the number of "
                                     "elements in the resulting sorted set.";

TESSERA_REGISTER_COMMANDS(
    zset,
    Cmd("zadd", -4, kW | kFast, {1, 1, 1}, CmdZAdd, "sorted_set",
        "Adds one or more members to a sorted set, or updates their scores. Creates the key if "
        "it doesn't exist.", "O(log(N)) for each item added, where N is the number of elements "
        "in the sorted set.", "1.2.0"),
    Cmd("zincrby", 4, kW | kFast, {1, 1, 1}, CmdZIncrBy, "sorted_set",
        "Increments the score of a member in a sorted set.",
        "O(log(N)) where N is the number of elements in the sorted set.", "1.2.0"),
    Cmd("zrem", -3, kWrite | kFast, {1, 1, 1}, CmdZRem, "sorted_set",
        "Removes one or more members from a sorted set. Deletes the sorted set if all members "
        "were removed.", "O(M*log(N)) with N being the number of elements in the sorted set "
        "and M the number of elements to be removed.", "1.2.0"),
    Cmd("zcard", 2, kReadOnly | kFast, {1, 1, 1}, CmdZCard, "sorted_set",
        "Returns the number of members in a sorted set.", "O(1)", "1.2.0"),
    Cmd("zscore", 3, kReadOnly | kFast, {1, 1, 1}, CmdZScore, "sorted_set",
        "Returns the score of a member in a sorted set.", "O(1)", "1.2.0"),
    Cmd("zmscore", -3, kReadOnly | kFast, {1, 1, 1}, CmdZMScore, "sorted_set",
        "Returns the score of one or more members in a sorted set.",
        "O(N) where N is the number of members being requested.", "6.2.0"),
    Cmd("zrank", 3, kReadOnly | kFast, {1, 1, 1}, CmdZRank, "sorted_set",
        "Returns the index of a member in a sorted set ordered by ascending scores.",
        "O(log(N))", "2.0.0"),
    Cmd("zrevrank", 3, kReadOnly | kFast, {1, 1, 1}, CmdZRevRank, "sorted_set",
        "Returns the index of a member in a sorted set ordered by descending scores.",
        "O(log(N))", "2.0.0"),
    Cmd("zcount", 4, kReadOnly | kFast, {1, 1, 1}, CmdZCount, "sorted_set",
        "Returns the count of members in a sorted set that have scores within a range.",
        "O(log(N)) with N being the number of elements in the sorted set.", "2.0.0"),
    Cmd("zlexcount", 4, kReadOnly | kFast, {1, 1, 1}, CmdZLexCount, "sorted_set",
        "Returns the number of members in a sorted set within a lexicographical range.",
        "O(log(N)) with N being the number of elements in the sorted set.", "2.8.9"),
    Cmd("zrange", -4, kReadOnly, {1, 1, 1}, CmdZRange, "sorted_set",
        "Returns members in a sorted set within a range of indexes.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements returned.", "1.2.0"),
    Cmd("zrangestore", -5, kW, {1, 2, 1}, CmdZRangeStore, "sorted_set",
        "Stores a range of members from sorted set in a key.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements stored into the destination key.", "6.2.0"),
    Cmd("zrevrange", -4, kReadOnly, {1, 1, 1}, CmdZRevRange, "sorted_set",
        "Returns members in a sorted set within a range of indexes in reverse order.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements returned.", "1.2.0"),
    Cmd("zrangebyscore", -4, kReadOnly, {1, 1, 1}, CmdZRangeByScore, "sorted_set",
        "Returns members in a sorted set within a range of scores.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements being returned.", "1.0.5"),
    Cmd("zrevrangebyscore", -4, kReadOnly, {1, 1, 1}, CmdZRevRangeByScore, "sorted_set",
        "Returns members in a sorted set within a range of scores in reverse order.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements being returned.", "2.2.0"),
    Cmd("zrangebylex", -4, kReadOnly, {1, 1, 1}, CmdZRangeByLex, "sorted_set",
        "Returns members in a sorted set within a lexicographical range.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements being returned.", "2.8.9"),
    Cmd("zrevrangebylex", -4, kReadOnly, {1, 1, 1}, CmdZRevRangeByLex, "sorted_set",
        "Returns members in a sorted set within a lexicographical range in reverse order.",
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of "
        "elements being returned.", "2.8.9"),
    Cmd("zremrangebyrank", 4, kWrite, {1, 1, 1}, CmdZRemRangeByRank, "sorted_set",
        "Removes members in a sorted set within a range of indexes. Deletes the sorted set if "
        "all members were removed.", "O(log(N)+M) with N being the number of elements in the "
        "sorted set and M the number of elements removed by the operation.", "2.0.0"),
    Cmd("zremrangebyscore", 4, kWrite, {1, 1, 1}, CmdZRemRangeByScore, "sorted_set",
        "Removes members in a sorted set within a range of scores. Deletes the sorted set if "
        "all members were removed.", "O(log(N)+M) with N being the number of elements in the "
        "sorted set and M the number of elements removed by the operation.", "1.2.0"),
    Cmd("zremrangebylex", 4, kWrite, {1, 1, 1}, CmdZRemRangeByLex, "sorted_set",
        "Removes members in a sorted set within a lexicographical range. Deletes the sorted "
        "set if all members were removed.", "O(log(N)+M) with N being the number of elements "
        "in the sorted set and M the number of elements removed by the operation.", "2.8.9"),
    Cmd("zpopmin", -2, kWrite | kFast, {1, 1, 1}, CmdZPopMin, "sorted_set",
        "Returns the lowest-scoring members from a sorted set after removing them. Deletes the "
        "sorted set if the last member was popped.", "O(log(N)*M) with N being the number of "
        "elements in the sorted set, and M being the number of elements popped.", "5.0.0"),
    Cmd("zpopmax", -2, kWrite | kFast, {1, 1, 1}, CmdZPopMax, "sorted_set",
        "Returns the highest-scoring members from a sorted set after removing them. Deletes "
        "the sorted set if the last member was popped.", "O(log(N)*M) with N being the number "
        "of elements in the sorted set, and M being the number of elements popped.", "5.0.0"),
    WithCountedKeys<1>(Cmd("zmpop", -4, kWrite, {0, 0, 0}, CmdZMPop, "sorted_set",
        "Returns the highest- or lowest-scoring members from one or more sorted sets after "
        "removing them. Deletes the sorted set if the last member was popped.",
        "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of "
        "elements in the sorted set, and M being the number of elements popped.", "7.0.0")),
    Cmd("bzpopmin", -3, kWrite | kFast | kBlocking, {1, -2, 1}, CmdBZPopMin, "sorted_set",
        "Removes and returns the member with the lowest score from one or more sorted sets. "
        "Blocks until a member is available otherwise. Deletes the sorted set if the last "
        "element was popped.", "O(log(N)) with N being the number of elements in the sorted "
        "set.", "5.0.0"),
    Cmd("bzpopmax", -3, kWrite | kFast | kBlocking, {1, -2, 1}, CmdBZPopMax, "sorted_set",
        "Removes and returns the member with the highest score from one or more sorted sets. "
        "Blocks until a member available otherwise.  Deletes the sorted set if the last "
        "element was popped.", "O(log(N)) with N being the number of elements in the sorted "
        "set.", "5.0.0"),
    WithCountedKeys<2>(Cmd("bzmpop", -5, kWrite | kBlocking, {0, 0, 0}, CmdBZMPop,
        "sorted_set", "Removes and returns a member by score from one or more sorted sets. "
        "Blocks until a member is available otherwise. Deletes the sorted set if the last "
        "element was popped.", "O(K) + O(M*log(N)) where K is the number of provided keys, N "
        "being the number of elements in the sorted set, and M being the number of elements "
        "popped.", "7.0.0")),
    Cmd("zrandmember", -2, kReadOnly, {1, 1, 1}, CmdZRandMember, "sorted_set",
        "Returns one or more random members from a sorted set.",
        "O(N) where N is the number of members returned", "6.2.0"),
    WithCountedKeys<1>(Cmd("zunion", -3, kReadOnly, {0, 0, 0}, CmdZUnion,
        "sorted_set", "Returns the union of multiple sorted sets.", kAlgebraCost, "6.2.0")),
    WithCountedKeys<1>(Cmd("zinter", -3, kReadOnly, {0, 0, 0}, CmdZInter, "sorted_set",
        "Returns the intersect of multiple sorted sets.",
        "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
        "number of input sorted sets and M being the number of elements in the resulting "
        "sorted set.", "6.2.0")),
    WithCountedKeys<1>(Cmd("zdiff", -3, kReadOnly, {0, 0, 0}, CmdZDiff, "sorted_set",
        "Returns the difference between multiple sorted sets.",
        "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the "
        "sets, N is the size of the first set, and K is the size of the result set.",
        "6.2.0")),
    StoreForm(Cmd("zunionstore", -4, kW, {0, 0, 0}, CmdZUnionStore, "sorted_set",
        "Stores the union of multiple sorted sets in a key.", kAlgebraCost, "2.0.0")),
    StoreForm(Cmd("zinterstore", -4, kW, {0, 0, 0}, CmdZInterStore, "sorted_set",
        "Stores the intersect of multiple sorted sets in a key.",
        "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the "
        "number of input sorted sets and M being the number of elements in the resulting "
        "sorted set.", "2.0.0")),
    StoreForm(Cmd("zdiffstore", -4, kW, {0, 0, 0}, CmdZDiffStore, "sorted_set",
        "Stores the difference of multiple sorted sets in a key.",
        "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the "
        "sets, N is the size of the first set, and K is the size of the result set.",
        "6.2.0")),
    WithCountedKeys<1>(Cmd("zintercard", -3, kReadOnly, {0, 0, 0}, CmdZInterCard,
        "sorted_set", "Returns the number of members of the intersect of multiple sorted sets.",
        "O(N*K) worst case with N being the smallest input sorted set, K being the number of "
        "input sorted sets.", "7.0.0")),
    Cmd("zscan", -3, kReadOnly, {1, 1, 1}, CmdZScan, "sorted_set",
        "Iterates over members and scores of a sorted set.",
        "O(1) for every call. O(N) for a complete iteration, including enough command calls "
        "for the cursor to return back to 0. N is the number of elements inside the "
        "collection.", "2.8.0"));

}  // namespace
}  // namespace tessera::commands
