// Bitmap operations on string values (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD) and
// LCS. No protocol here: the command layer parses arguments and replies.
//
// Representation: a bitmap is a plain string value. Bit 0 is the most significant bit of
// byte 0, bit 8 the most significant bit of byte 1, and so on, as in Redis; bits past the end
// of the string read as 0. An int-encoded value is read as its decimal text; a write turns it
// into a raw string (as Redis's dbUnshareStringValue does). Writes that address a bit past
// the end grow the value with zero bytes: in place for a heap string, by rebuilding the entry
// for a small one. The caller has already bounded every offset by proto-max-bulk-len, so no
// request grows a value beyond it.
//
// Threading: each op locks the shards it touches for its duration (storage::ShardGuard or
// MultiLock), except LCS, whose O(N*M) computation runs on copies outside any lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/types/span.h"
#include "core/status.h"
#include "storage/store.h"

namespace tessera::ops::bitmap {

using storage::Db;

// ---------------------------------------------------------------------------------------
// Pure helpers over a value's bytes (unit-tested directly).

// A BITCOUNT/BITPOS range as given: indexes may be negative (from the end); `in_bits`
// selects the BIT unit instead of BYTE.
struct Range {
  int64_t start = 0;
  int64_t end = -1;
  bool in_bits = false;
};

// BITCOUNT over s: the whole string without a range.
int64_t CountBits(std::string_view s, const std::optional<Range>& range);

// BITPOS over s for `bit` (0 or 1). Without a start the whole string is searched; without
// an end (end_given false) a clear bit past the end counts as found (the value is
// zero-padded on the right), with one the answer is -1 when the range holds no such bit.
int64_t FindBit(std::string_view s, int bit, const std::optional<Range>& range,
                bool end_given);

// Reads a `bits`-wide integer (1..64) at bit `offset`; bits past the end of s read as 0.
uint64_t GetUnsignedField(std::string_view s, uint64_t offset, unsigned bits);
int64_t GetSignedField(std::string_view s, uint64_t offset, unsigned bits);
// Writes the low `bits` of v at bit `offset`; s must hold the whole field.
void SetField(std::string& s, uint64_t offset, unsigned bits, uint64_t v);

enum class Overflow : uint8_t { kWrap, kSat, kFail };
// Whether value + incr fits a `bits`-wide field: 0 if it does, 1 on overflow, -1 on
// underflow. On overflow *limit gets the wrapped (kWrap) or saturated (kSat) result.
// Redis's checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow, without their
// signed-overflow undefined behaviour.
int CheckUnsignedOverflow(uint64_t value, int64_t incr, unsigned bits, Overflow ow,
                          uint64_t* limit);
int CheckSignedOverflow(int64_t value, int64_t incr, unsigned bits, Overflow ow,
                        int64_t* limit);

// ---------------------------------------------------------------------------------------
// Ops.

// SETBIT: the bit's previous value; kWrongType. offset is already bounded by the caller.
OpResult<int64_t> SetBit(Db& db, std::string_view key, uint64_t offset, bool on);
// GETBIT: the bit (0 for a missing key); kWrongType.
OpResult<int64_t> GetBit(Db& db, std::string_view key, uint64_t offset);

// Redis 7.0 looks the key up before it checks BITCOUNT's and BITPOS's range arguments: a
// missing key answers 0 (or BITPOS's default) and a non-string WRONGTYPE whatever the range
// says. So an argument error travels to the op in `arg_error` and is returned only for an
// existing string.
struct BitCountArgs {
  std::optional<Range> range;
  OpStatus arg_error = OpStatus::kOk;
};
OpResult<int64_t> BitCount(Db& db, std::string_view key, const BitCountArgs& args);

struct BitPosArgs {
  int bit = 1;
  std::optional<Range> range;  // absent: the whole string
  bool end_given = false;
  OpStatus arg_error = OpStatus::kOk;
};
// BITPOS: the position, or -1; for a missing key -1 when looking for 1 and 0 for 0.
OpResult<int64_t> BitPos(Db& db, std::string_view key, const BitPosArgs& args);

enum class BitOpKind : uint8_t { kAnd, kOr, kXor, kNot };
// BITOP: stores op(sources) at dest (no TTL, whatever dest held) and returns its length;
// when every source is missing or empty, dest is deleted and 0 returned. kWrongType when a
// source is not a string. Atomic over all the keys (MultiLock).
OpResult<int64_t> BitOp(Db& db, BitOpKind op, std::string_view dest,
                        absl::Span<const std::string_view> sources);

// One BITFIELD subcommand, parsed. `overflow` is the OVERFLOW mode in force for it.
struct FieldOp {
  enum Code : uint8_t { kGet, kSet, kIncrBy };
  Code code = kGet;
  Overflow overflow = Overflow::kWrap;
  bool is_signed = true;
  uint8_t bits = 8;     // 1..64 signed, 1..63 unsigned
  uint64_t offset = 0;  // in bits, already multiplied for the #N form
  int64_t value = 0;    // SET value or INCRBY increment
};
// The reply of one subcommand; nullopt when OVERFLOW FAIL refused it.
using FieldReply = std::optional<int64_t>;
// BITFIELD: runs ops in order. With any SET/INCRBY the value is created or grown first to
// hold the farthest field written (even if FAIL then refuses every write, as Redis does);
// with only GETs nothing is written and a missing key reads as zeros. kWrongType.
OpResult<std::vector<FieldReply>> Bitfield(Db& db, std::string_view key,
                                           absl::Span<const FieldOp> ops);

// ---------------------------------------------------------------------------------------
// LCS. The two values are copied under the locks (LcsLoad), then the options are checked
// (Redis checks the types first) and the longest common subsequence is computed on the
// copies (ComputeLcs) without holding any shard.

struct LcsInput {
  // The values; "" for a missing key. Both are left "" when either is empty: every answer
  // is then empty, and a large other value is not copied for nothing.
  std::string a, b;
  // Why the LCS cannot be computed (the values are then not copied), or kOk:
  //   kStringTooLong  a value of 4 GB or more ("String too long for LCS")
  //   kOutOfMemory    Redis's table, (len1+1)*(len2+1) uint32s, would exceed
  //                   proto-max-bulk-len, which Redis 7.0 refuses ("... exceeds
  //                   proto-max-bulk-len"). Tessera's own table is 32 times smaller (one bit
  //                   per cell), but the limit is Redis's, so the answers are the same.
  OpStatus refused = OpStatus::kOk;
};
// kWrongType when either key holds a non-string.
OpResult<LcsInput> LcsLoad(Db& db, std::string_view key1, std::string_view key2,
                           int64_t max_bulk_len);

struct LcsMatch {
  uint32_t a_start, a_end, b_start, b_end, len;
};
struct LcsResult {
  uint32_t len = 0;
  std::string lcs;                // filled when want_string
  std::vector<LcsMatch> matches;  // filled when want_matches, last match first (as Redis)
};
struct LcsParams {
  bool want_string = true;
  bool want_matches = false;
  int64_t min_match_len = 0;
};
// The LCS of a and b with Redis's tie-breaking, so IDX reports the same ranges.
// kOutOfMemory when the table cannot be allocated ("failed allocating transient memory").
OpResult<LcsResult> ComputeLcs(std::string_view a, std::string_view b, const LcsParams& p);

}  // namespace tessera::ops::bitmap
