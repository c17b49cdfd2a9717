// HyperLogLog values, byte-compatible with Redis 7.0: the string a PFADD leaves under a key,
// what PFCOUNT computes from it, and how PFMERGE and PFDEBUG rewrite it. The command layer
// (PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST) does key lookup, type checks on the key's object
// and replies; this module only sees the string value.
//
// The byte format (the "HYLL" header, dense and sparse encodings) is described at the top of
// hll.cc. In short: 16384 registers, 6 bits each; a value is either dense (16 + 12288 bytes)
// or sparse (run-length opcodes), and carries a cached cardinality in its header.
//
// Validation comes in two kinds, because Redis reports them differently:
//   * Validate() checks only the header and the dense length, as Redis does before every
//     command. Failing it means "not an HLL": reply kNotHllError (WRONGTYPE).
//   * Content errors are found later, while a sparse body is decoded (opcodes that cover
//     more or fewer than 16384 registers). They make the function report kCorrupt: reply
//     kCorruptError (INVALIDOBJ). Which function finds which damage follows Redis exactly,
//     including that PFADD only notices damage on the path to the register it touches and
//     that PFCOUNT returns a valid cached cardinality without decoding at all.
// Every function accepts any bytes: nothing reads outside the string, and functions that
// require a valid header check it and answer kNotHll instead of misbehaving.
//
// For the command layer, what redis-server 7.0.15 does around these calls: a non-string key
// gets the usual "WRONGTYPE Operation against a key holding the wrong kind of value"; an int
// encoded string is never an HLL (kNotHllError); PFCOUNT of a missing key is 0 and several keys
// skip missing ones; PFMERGE creates its destination even with no sources and replies +OK;
// PFDEBUG has a fixed arity of 3, answers "ERR The specified key does not exist" for a missing
// key, "ERR Unknown PFDEBUG subcommand '<name>'" otherwise, and sends DECODE as a bulk
// string under RESP3 too; PFSELFTEST replies +OK.
//
// Lifetimes: functions borrow their arguments for the duration of the call only; nothing
// keeps a pointer into a value. Threading: no shared state; a value must not be used from
// two threads at once when one of them writes it (the owning shard's lock guards it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tessera::storage::hll {

inline constexpr int kPrecision = 14;  // index bits taken from the hash
inline constexpr size_t kRegisters = size_t{1} << kPrecision;
inline constexpr size_t kHeaderSize = 16;
inline constexpr size_t kDenseSize = kHeaderSize + kRegisters * 6 / 8;
// hll-sparse-max-bytes: the default of Redis's config parameter (header included).
inline constexpr size_t kDefaultSparseMaxBytes = 3000;

// Error texts as Redis sends them (without the leading '-' of RESP).
inline constexpr std::string_view kNotHllError =
    "WRONGTYPE Key is not a valid HyperLogLog string value.";
inline constexpr std::string_view kCorruptError = "INVALIDOBJ Corrupted HLL object detected";
inline constexpr std::string_view kNotSparseError = "ERR HLL encoding is not sparse";

enum class Check { kOk, kNotHll, kCorrupt };

// The header test Redis applies to an existing string before any HLL command (its
// isHLLObjectOrReply): long enough for the header, "HYLL" magic, encoding 0 or 1, and a dense
// value exactly kDenseSize long. kOk or kNotHll, never kCorrupt. O(1).
Check Validate(std::string_view v);

// Validate() plus a full decode of a sparse body: kCorrupt unless its opcodes cover exactly
// kRegisters registers. This is the test PFCOUNT (uncached), PFMERGE and PFDEBUG TODENSE
// apply; useful to check a value once (e.g. after RESTORE). O(size).
Check ValidateContent(std::string_view v);

// The value of a fresh key: sparse, every register 0, cached cardinality 0 (valid). Note that
// PFADD invalidates the cache of a key it creates even when no element changes a register
// (Redis counts the creation as an update); PfAdd does that for you.
std::string NewEmpty();

// Marks the cached cardinality stale (the top bit of header byte 15). Requires
// v->size() >= kHeaderSize.
void InvalidateCache(std::string* v);

// True for the dense encoding. Requires Validate(v) == kOk.
bool IsDense(std::string_view v);
// PFDEBUG ENCODING: "dense" or "sparse" (a status reply). Requires Validate(v) == kOk.
std::string_view EncodingName(std::string_view v);

// MurmurHash64A with Redis's seed 0xadc83b19, as PFADD hashes an element.
uint64_t Hash(std::string_view element);

// Where an element lands: register `index` (low 14 bits of the hash) and `count`, the
// position (1-based) of the first set bit of the remaining 50 bits, 51 when they are all 0.
struct Pattern {
  uint32_t index;
  uint8_t count;
};
Pattern PatternOf(std::string_view element);

// PFADD key [element ...] on the key's value. `created`: *v was just made by NewEmpty()
// because the key did not exist. *updated is PFADD's reply (1 if true, else 0) and says the
// key was written (signal it modified, count a dirty change). kCorrupt: reply kCorruptError;
// *v may keep the changes of the elements before the damaged spot and *updated is false (Redis
// replies the error without signalling the key). kNotHll: reply kNotHllError.
Check PfAdd(std::string* v, bool created, std::span<const std::string_view> elements,
            size_t sparse_max_bytes, bool* updated);

// PFADD of one element (PfAdd's step). kChanged when a register grew (the value was rewritten and
// its cache invalidated), kUnchanged when not (the value is untouched), kCorrupt when the sparse
// body could not be updated (the value keeps the changes of earlier calls, as in Redis; reply
// kCorruptError). A sparse value becomes dense when the element needs a count above 32 or the
// update would make it longer than sparse_max_bytes (hll-sparse-max-bytes). kNotHll if
// Validate(*v) fails. PFADD replies 1 if the key was created or any call returned kChanged.
enum class AddResult { kCorrupt = -1, kUnchanged = 0, kChanged = 1, kNotHll = 2 };
AddResult Add(std::string* v, std::string_view element, size_t sparse_max_bytes);
// The same for a register directly: raises register `index` to `count` (1..63) if it is
// lower. Same results and promotion rules as Add.
AddResult SetRegister(std::string* v, uint32_t index, uint8_t count, size_t sparse_max_bytes);

// Cardinalities are uint64_t; reply them as signed 64-bit integers, as Redis does: a damaged
// dense value whose registers are all above 51 estimates 2^63, which Redis replies (and
// caches, setting the stale bit with it) as -9223372036854775808.
//
// PFCOUNT of one key. If the cached cardinality is valid it is returned as is (without
// looking at the body: Redis does not notice corruption then). Otherwise it is computed and
// stored in the header: *cache_written tells the command layer the value changed (Redis
// then signals the key as modified and counts a dirty write). kCorrupt when a sparse body
// does not decode (value untouched). kNotHll if Validate(*v) fails.
Check CountCached(std::string* v, uint64_t* card, bool* cache_written);
// The estimate computed from the registers, ignoring and not touching the cache.
Check Count(std::string_view v, uint64_t* card);

// The register maxima of several values: PFCOUNT with several keys and PFMERGE. Keys that do
// not exist are skipped by the caller (they are empty HLLs). 16 KiB of registers: fine on a
// handler's stack.
class Union {
 public:
  Union() { regs_.fill(0); }

  // Folds v in. kNotHll (Validate fails) or kCorrupt (sparse body does not decode): the
  // command fails with that error and the union must not be used further. Redis checks and
  // merges key by key in argument order, so the first bad key decides the error.
  Check Merge(std::string_view v);
  // PFCOUNT k1 k2 ...: the estimate over the merged registers (no cache involved).
  uint64_t Count() const;
  // Whether a dense value was merged: PFMERGE then makes its destination dense.
  bool saw_dense() const { return saw_dense_; }
  const std::array<uint8_t, kRegisters>& registers() const { return regs_; }

 private:
  std::array<uint8_t, kRegisters> regs_;
  bool saw_dense_ = false;
};

// PFMERGE dest src...: writes the union into *dest and invalidates its cache. *dest is the
// destination's existing value, or NewEmpty() when the key does not exist. As in Redis the
// destination must itself have been merged into u first (PFMERGE's key list starts with it),
// which is also what validated it. The result's encoding follows Redis 7.0: dest becomes
// dense if it was, or if u.saw_dense(); otherwise it stays sparse and takes the registers
// one by one in index order through the PFADD update (so it may still turn dense when
// it outgrows sparse_max_bytes or meets a register above 32). kCorrupt if a sparse dest
// cannot be converted (dest untouched), kNotHll if Validate(*dest) fails. A sparse dest costs
// O(nonzero registers x sparse length), as in Redis: some tens of millions of byte steps at
// worst with the default limit of 3000.
Check StoreMerged(std::string* dest, const Union& u, size_t sparse_max_bytes);

// The 16384 registers of v, without changing it.
Check ReadRegisters(std::string_view v, std::array<uint8_t, kRegisters>* regs);

// PFDEBUG TODENSE: converts a sparse value to dense in place (header bytes, cache included,
// carried over). *converted: whether it was sparse (reply 1) or already dense (reply 0); a
// conversion is a write. kCorrupt if the sparse body does not decode (value untouched).
// PFDEBUG GETREG first does the same conversion, then lists ReadRegisters().
Check ToDense(std::string* v, bool* converted);

// PFDEBUG DECODE: the sparse opcodes as Redis prints them, space separated: "z:<len>" for
// ZERO, "Z:<len>" for XZERO, "v:<value>,<len>" for VAL; "" for an empty body. The body is
// printed as far as it goes, without checking that it covers 16384 registers. nullopt for a
// dense value (reply kNotSparseError). Requires Validate(v) == kOk (nullopt otherwise).
std::optional<std::string> Decode(std::string_view v);

// PFSELFTEST: checks the register packing, the sparse and dense paths against each other
// and the estimator's error. "" when all pass, else a description of the first failure
// (reply it as an error). Takes a few hundred milliseconds (a million additions). As Redis,
// the sparse path grows under `sparse_max_bytes` (hll-sparse-max-bytes) and must still be
// sparse at each checkpoint below half of it ("TESTFAILED sparse encoding not used").
std::string SelfTest(size_t sparse_max_bytes = kDefaultSparseMaxBytes);

}  // namespace tessera::storage::hll
