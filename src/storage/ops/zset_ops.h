// Sorted-set operations (ZADD ... ZSCAN, the algebra ZUNION/ZINTER/ZDIFF with their STORE
// forms, and the pops BZPOPMIN/BZPOPMAX/BZMPOP block on). No protocol: members go to
// callbacks while the shard locks are held, so their string_views are valid only inside
// the callback. `lim` carries zset-max-listpack-entries/value (storage/zset.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/types/span.h"
#include "core/status.h"
#include "storage/store.h"
#include "storage/zset.h"

namespace tessera::ops::zset {

using storage::Db;
using Limits = storage::ZSetObject::Limits;
using Visit = absl::FunctionRef<void(std::string_view member, double score)>;
using Begin = absl::FunctionRef<void(size_t)>;

struct ScoreBound {
  double value = 0;
  bool exclusive = false;
};
struct LexBound {
  enum Kind : uint8_t { kMin, kMax, kInclusive, kExclusive };  // kMin "-", kMax "+"
  Kind kind = kMin;
  std::string_view value;
};

// A range of members, as ZRANGE's forms select them. For kScore and kLex, min and max are
// the bounds in ascending terms whatever `reverse` says (the command layer swaps ZRANGE
// REV's arguments).
struct Range {
  enum By : uint8_t { kRank, kScore, kLex };
  By by = kRank;
  bool reverse = false;
  int64_t start = 0, stop = -1;  // kRank: Redis's indexes (negative from the end)
  ScoreBound min, max;           // kScore
  LexBound lmin, lmax;           // kLex
  int64_t offset = 0;            // LIMIT offset count (a negative offset selects nothing)
  int64_t limit = -1;            // negative: no limit
};

struct AddOptions {
  bool nx = false, xx = false, gt = false, lt = false, ch = false, incr = false;
};
struct ScoreMember {
  double score;
  std::string_view member;
};

// ZADD: the count to reply (members added, plus those whose score changed with CH). With
// incr (one pair): *incr_done tells whether the member was added or updated (else the
// reply is null), *incr_score its new score; kScoreNaN when the sum is not a number.
// *modified: whether any member was added or changed its score (keyspace notifications).
OpResult<int64_t> Add(Db& db, std::string_view key, const AddOptions& opt,
                      absl::Span<const ScoreMember> pairs, const Limits& lim,
                      double* incr_score = nullptr, bool* incr_done = nullptr,
                      bool* modified = nullptr);
OpResult<int64_t> Rem(Db& db, std::string_view key, absl::Span<const std::string_view> members);
OpResult<int64_t> Card(Db& db, std::string_view key);
// ZSCORE: kKeyNotFound when the key or the member is missing.
OpStatus Score(Db& db, std::string_view key, std::string_view member, double* score);
// ZMSCORE: out(found, score) per member.
OpStatus MScore(Db& db, std::string_view key, absl::Span<const std::string_view> members,
                absl::FunctionRef<void(bool, double)> out);
// ZRANK / ZREVRANK: the rank, or -1 when the key or member is missing.
OpResult<int64_t> Rank(Db& db, std::string_view key, std::string_view member, bool reverse);
// ZCOUNT / ZLEXCOUNT: members in a kScore or kLex range.
OpResult<int64_t> Count(Db& db, std::string_view key, const Range& r);
// ZRANGE and its older forms: begin(n), then the members in reply order.
OpStatus GetRange(Db& db, std::string_view key, const Range& r, Begin begin, Visit out);
// ZRANGESTORE: the range of src becomes dst (deleted when empty); its size.
OpResult<int64_t> RangeStore(Db& db, std::string_view dst, std::string_view src, const Range& r,
                             const Limits& lim);
// ZREMRANGEBYRANK/SCORE/LEX: how many were removed.
OpResult<int64_t> RemRange(Db& db, std::string_view key, const Range& r);
// ZPOPMIN / ZPOPMAX: up to count members from the low (or high) end; begin(n) first.
OpStatus Pop(Db& db, std::string_view key, bool max, size_t count, Begin begin, Visit out);
// ZMPOP: pops from the first non-empty key; begin(key, n) first. kKeyNotFound when every
// key is missing; kWrongType when a key before the first zset holds another type.
OpStatus MPop(Db& db, absl::Span<const std::string_view> keys, bool max, size_t count,
              absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out);
// BZPOPMIN/BZPOPMAX/BZMPOP: as MPop, except that when there is nothing to take `waiter` is
// queued on every key (while their locks are held) and kKeyNotFound is returned.
OpStatus MPopOrWait(Db& db, absl::Span<const std::string_view> keys, bool max, size_t count,
                    const storage::WaiterRef& waiter,
                    absl::FunctionRef<void(std::string_view, size_t)> begin, Visit out);
// Serving a waiter (commands/blocking.cc), the shard held: pops from the zset at loc.
void PopLocked(const storage::KeyLoc& loc, bool max, size_t count, Begin begin, Visit out);
// ZRANDMEMBER with a count (negative: may repeat); begin(n) first.
OpStatus RandMember(Db& db, std::string_view key, int64_t count, Begin begin, Visit out);
// ZRANDMEMBER without a count: one member, or kKeyNotFound.
OpStatus RandOne(Db& db, std::string_view key, Visit out);

enum class Algebra { kUnion, kInter, kDiff };
enum class Aggregate { kSum, kMin, kMax };
// ZUNION/ZINTER/ZDIFF: the result in (score, member) order; begin(n) first. Plain sets are
// inputs too (every member scores 1). weights: one per key, or empty (all 1).
OpStatus Combine(Db& db, Algebra op, absl::Span<const std::string_view> keys,
                 absl::Span<const double> weights, Aggregate agg, Begin begin, Visit out);
// The STORE forms: the result replaces dst (deleted when empty); its size.
OpResult<int64_t> CombineStore(Db& db, Algebra op, std::string_view dst,
                               absl::Span<const std::string_view> keys,
                               absl::Span<const double> weights, Aggregate agg,
                               const Limits& lim);
// kWrongType when one of keys holds neither a sorted set nor a set (Redis reports that before
// a bad option of the algebra commands).
OpStatus CheckInputs(Db& db, absl::Span<const std::string_view> keys);
// ZINTERCARD: the size of the intersection; counting stops at limit (0 = no limit).
OpResult<int64_t> InterCard(Db& db, absl::Span<const std::string_view> keys, uint64_t limit);
// ZSCAN: members and scores from cursor on matching pattern (empty = all); the next cursor.
OpResult<uint64_t> Scan(Db& db, std::string_view key, uint64_t cursor, std::string_view pattern,
                        size_t count, Begin begin, Visit out);

// GEO searches: for each [min, max) score range in order, visits the members inside it in
// (score, member) order until visit returns false. A missing key visits nothing.
OpStatus WalkScoreRanges(Db& db, std::string_view key,
                         absl::Span<const std::pair<double, double>> ranges,
                         absl::FunctionRef<bool(std::string_view, double)> visit);
// GEOSEARCHSTORE / GEORADIUS STORE: these members and scores become dst (deleted when none).
OpResult<int64_t> StoreMembers(Db& db, std::string_view dst,
                               std::vector<std::pair<std::string, double>> items,
                               const Limits& lim);

// The rank interval [*lo, *hi) of r's members in ascending order (r.reverse and LIMIT not
// applied). Exposed for GEO searches, which walk score ranges.
void RangeBounds(const storage::ZSetObject& z, const Range& r, size_t* lo, size_t* hi);

}  // namespace tessera::ops::zset
