// HyperLogLog values in Redis 7.0's byte format.
//
// Representation. A value is a string: a 16-byte header, then the registers.
//   bytes 0..3   "HYLL"
//   byte  4      encoding: 0 dense, 1 sparse (Redis also has an in-memory "raw" form that
//                never reaches a key; here the Union class plays that part)
//   bytes 5..7   unused, 0 in values we create, carried over untouched otherwise
//   bytes 8..15  cached cardinality, little endian; the top bit of byte 15 set means "stale"
// There are 16384 registers (14 index bits), each holding 0..63 in 6 bits.
//   dense:  12288 bytes; register i occupies bits 6i..6i+5 of the body, counting bits from the
//           least significant bit of byte 0 upwards (so 4 registers fill 3 bytes exactly).
//   sparse: a sequence of opcodes, each describing a run of consecutive registers:
//             ZERO   00llllll           1..64 registers at 0      (l = run - 1)
//             XZERO  01llllll llllllll  1..16384 registers at 0   (14-bit run - 1, high first)
//             VAL    1vvvvvll           1..4 registers at v + 1 (1..32)
// A well-formed sparse body covers exactly 16384 registers. Sparse keeps small sets tiny (a
// fresh key is one XZERO: 18 bytes); it is abandoned for dense for good when a register needs
// a value above 32 or an update would make the string longer than hll-sparse-max-bytes.
//
// Invariants we keep: values we write are byte-for-byte what Redis writes after the same
// commands, because replicas, RDB files and clients (GET) see these bytes. So the sparse
// update is Redis's algorithm step for step: find the opcode covering the register, rewrite
// it as at most three opcodes (run before, the new VAL, run after), then fuse equal
// neighbouring VALs in a short window. A different but "better" encoding would be valid HLL
// yet not identical, so we do not optimise it.
//
// Hostile bytes. A value can be anything a client SET. Every decoder is bounded by the string
// length. Redis's decoder reads the second byte of an XZERO even when the first is the last
// byte of the string, and finds the NUL that terminates every Redis string there; we read that
// missing byte as 0 too (ByteAfter), which keeps our answers on truncated values equal to
// Redis's without reading outside the string. One divergence remains, on such a value only:
// when PFADD splits that half XZERO, Redis writes the last byte of the new opcodes just past
// its string's end, over the NUL, and its next update there reads that byte back; we keep no
// hidden byte, so from the second update on the two values may differ.
//
// Estimator: Otmar Ertl's improved raw estimator ("New cardinality estimation algorithms for
// HyperLogLog sketches", 2017) over the histogram of register values, as Redis 7.0 computes
// it. Floating-point operations are done in the same order so the rounded integer is the same
// (this relies on no fused multiply-add contraction: GCC does not contract in ISO C++ mode,
// -std=c++20, and x86-64 without -march has no FMA anyway).
#include "storage/hll.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>

namespace tessera::storage::hll {
namespace {

static_assert(kDenseSize - kHeaderSize == kRegisters * 6 / 8 && kRegisters % 4 == 0,
              "4 registers pack into 3 bytes exactly");
constexpr int kHashBits = 64 - kPrecision;  // 50 bits left for the count
constexpr int kMaxCount = kHashBits + 1;    // 51: all 50 bits were 0
constexpr uint8_t kEncodingDense = 0;
constexpr uint8_t kEncodingSparse = 1;
constexpr uint8_t kRegisterMax = 63;
constexpr uint8_t kSparseValMax = 32;
constexpr uint32_t kSparseValMaxRun = 4;
constexpr uint32_t kSparseZeroMaxRun = 64;
constexpr uint32_t kSparseXZeroMaxRun = 16384;
constexpr size_t kCardOffset = 8;
constexpr uint8_t kStaleBit = 0x80;  // in byte 15

using Registers = std::array<uint8_t, kRegisters>;
// Indexed by register value; 64 slots so corrupt dense values (registers 52..63, which no
// hash can produce) still land in the array. The estimator ignores those slots, as Redis's.
using Histogram = std::array<int, 64>;

uint8_t At(std::string_view v, size_t i) { return static_cast<uint8_t>(v[i]); }
uint8_t ByteAfter(std::string_view v, size_t i) { return i + 1 < v.size() ? At(v, i + 1) : 0; }

// --- header -------------------------------------------------------------------------------

bool CacheValid(std::string_view v) { return (At(v, 15) & kStaleBit) == 0; }
uint64_t ReadCache(std::string_view v) {
  uint64_t card = 0;
  for (int i = 7; i >= 0; --i) card = (card << 8) | At(v, kCardOffset + i);
  return card;
}
void WriteCache(std::string* v, uint64_t card) {
  for (size_t i = 0; i < 8; ++i) (*v)[kCardOffset + i] = static_cast<char>(card >> (8 * i));
}

// --- dense --------------------------------------------------------------------------------
// `body` is the 12288-byte register area. A register starts at bit offset 0, 2, 4 or 6 of its
// byte; only at 4 and 6 does it spill into the next byte. The last register (16383) starts at
// offset 2 of the last byte, so no access goes past the body.

uint8_t DenseGet(const uint8_t* body, size_t i) {
  const size_t byte = i * 6 / 8;
  const unsigned shift = (i * 6) % 8;
  unsigned bits = body[byte] >> shift;
  if (shift > 2) bits |= unsigned{body[byte + 1]} << (8 - shift);
  return static_cast<uint8_t>(bits & kRegisterMax);
}

void DenseStore(uint8_t* body, size_t i, uint8_t val) {
  const size_t byte = i * 6 / 8;
  const unsigned shift = (i * 6) % 8;
  body[byte] = static_cast<uint8_t>((body[byte] & ~(kRegisterMax << shift)) | (val << shift));
  if (shift > 2) {
    const unsigned spill = 8 - shift;  // bits of the register that live in the low byte
    body[byte + 1] =
        static_cast<uint8_t>((body[byte + 1] & ~(kRegisterMax >> spill)) | (val >> spill));
  }
}

uint8_t* DenseBody(std::string* v) { return reinterpret_cast<uint8_t*>(v->data()) + kHeaderSize; }
const uint8_t* DenseBody(std::string_view v) {
  return reinterpret_cast<const uint8_t*>(v.data()) + kHeaderSize;
}

// Unpacks three bytes at a time: four registers fill them exactly.
void DenseUnpack(const uint8_t* body, Registers* regs) {
  for (size_t g = 0; g < kRegisters / 4; ++g) {
    const unsigned b0 = body[3 * g], b1 = body[3 * g + 1], b2 = body[3 * g + 2];
    (*regs)[4 * g] = b0 & 63;
    (*regs)[4 * g + 1] = ((b0 >> 6) | (b1 << 2)) & 63;
    (*regs)[4 * g + 2] = ((b1 >> 4) | (b2 << 4)) & 63;
    (*regs)[4 * g + 3] = b2 >> 2;
  }
}

bool DenseRaise(std::string* v, size_t index, uint8_t count) {
  uint8_t* body = DenseBody(v);
  if (DenseGet(body, index) >= count) return false;
  DenseStore(body, index, count);
  return true;
}

// --- sparse -------------------------------------------------------------------------------

enum class OpKind : uint8_t { kZero, kXZero, kVal };
struct SparseOp {
  OpKind kind;
  uint8_t value;  // kVal only
  uint8_t size;   // bytes the opcode occupies (an XZERO at the very end still counts 2)
  uint32_t run;
};

// Requires pos < v.size().
SparseOp DecodeOp(std::string_view v, size_t pos) {
  const uint8_t b = At(v, pos);
  switch (b >> 6) {
    case 0:
      return {OpKind::kZero, 0, 1, (b & 0x3fu) + 1};
    case 1:
      return {OpKind::kXZero, 0, 2, (((b & 0x3fu) << 8) | ByteAfter(v, pos)) + 1};
    default:
      return {OpKind::kVal, static_cast<uint8_t>(((b >> 2) & 0x1f) + 1), 1, (b & 0x3u) + 1};
  }
}

uint8_t ValByte(uint8_t value, uint32_t run) {
  return static_cast<uint8_t>(0x80 | ((value - 1) << 2) | (run - 1));
}

// Appends the shortest zero-run opcode for `run` registers (1..16384).
void AppendZeros(uint8_t* seq, size_t* n, uint32_t run) {
  if (run > kSparseZeroMaxRun) {
    seq[(*n)++] = static_cast<uint8_t>(0x40 | ((run - 1) >> 8));
    seq[(*n)++] = static_cast<uint8_t>((run - 1) & 0xff);
  } else {
    seq[(*n)++] = static_cast<uint8_t>(run - 1);
  }
}

// Walks a sparse body, calling on_val(first_register, run, value) for every VAL run. True when
// the body covers exactly kRegisters registers. A VAL reaching past the last register stops
// the walk before on_val sees it, so callbacks may index register arrays without checks.
template <typename OnVal>
bool WalkSparse(std::string_view v, OnVal&& on_val) {
  size_t reg = 0;  // cannot overflow: at most 16384 registers per byte of the string
  size_t pos = kHeaderSize;
  while (pos < v.size()) {
    const SparseOp op = DecodeOp(v, pos);
    pos += op.size;
    if (op.kind == OpKind::kVal) {
      if (reg + op.run > kRegisters) return false;
      on_val(reg, op.run, op.value);
    }
    reg += op.run;
  }
  return reg == kRegisters;
}

// Replaces a sparse *v by its dense form, carrying the header over (magic, unused bytes and
// the cache, stale or not). False, leaving *v alone, if the body does not decode.
bool SparseToDense(std::string* v) {
  std::string dense(kDenseSize, '\0');
  std::memcpy(dense.data(), v->data(), kHeaderSize);
  dense[4] = static_cast<char>(kEncodingDense);
  uint8_t* body = DenseBody(&dense);
  const bool ok = WalkSparse(*v, [body](size_t first, uint32_t run, uint8_t value) {
    for (size_t i = first; i < first + run; ++i) DenseStore(body, i, value);
  });
  if (!ok) return false;
  *v = std::move(dense);
  return true;
}

// Fuses VAL neighbours of equal value whose runs fit one VAL, looking at the five opcodes from
// `pos` on (Redis's window: the opcode before the rewritten one, the up to three new ones and
// the next). Each fusion shortens the string by one byte and uses up one step of the window.
void FuseVals(std::string* v, size_t pos) {
  for (int steps = 5; pos < v->size() && steps > 0; --steps) {
    const uint8_t b = At(*v, pos);
    if ((b & 0xc0) == 0x40) {
      pos += 2;
      continue;
    }
    if ((b & 0xc0) == 0) {
      pos += 1;
      continue;
    }
    if (pos + 1 < v->size() && (At(*v, pos + 1) & 0x80) != 0) {
      const SparseOp a = DecodeOp(*v, pos);
      const SparseOp c = DecodeOp(*v, pos + 1);
      if (a.value == c.value && a.run + c.run <= kSparseValMaxRun) {
        (*v)[pos + 1] = static_cast<char>(ValByte(a.value, a.run + c.run));
        v->erase(pos, 1);
        continue;  // the fused opcode may fuse again with the next one
      }
    }
    pos += 1;
  }
}

// Dense conversion in the middle of an update: then the register is set in the dense form.
AddResult PromoteAndRaise(std::string* v, size_t index, uint8_t count) {
  if (!SparseToDense(v)) return AddResult::kCorrupt;
  return DenseRaise(v, index, count) ? AddResult::kChanged : AddResult::kUnchanged;
}

// Raises register `index` to `count` in a sparse value (Redis's hllSparseSet). Does not
// touch the cache. Damage is noticed only on the way to the opcode covering `index`.
AddResult SparseRaise(std::string* v, size_t index, uint8_t count, size_t sparse_max_bytes) {
  if (count > kSparseValMax) return PromoteAndRaise(v, index, count);

  // Find the opcode covering `index`, remembering the one before it for FuseVals.
  const size_t end = v->size();
  size_t pos = kHeaderSize;
  size_t prev = kHeaderSize;  // kHeaderSize when there is no previous opcode
  size_t first = 0;           // first register of the opcode at pos
  SparseOp op{};
  bool found = false;
  while (pos < end) {
    op = DecodeOp(*v, pos);
    if (index < first + op.run) {
      found = true;
      break;
    }
    prev = pos;
    pos += op.size;
    first += op.run;
  }
  if (!found) return AddResult::kCorrupt;

  // Cheap cases: the register already holds as much, or it is a run of one that is
  // overwritten in place.
  if (op.kind == OpKind::kVal && op.value >= count) return AddResult::kUnchanged;
  if (op.kind != OpKind::kXZero && op.run == 1) {
    (*v)[pos] = static_cast<char>(ValByte(count, 1));
    FuseVals(v, prev);
    return AddResult::kChanged;
  }

  // General case: split the run around the register. Worst case XZERO VAL XZERO, 5 bytes.
  uint8_t seq[5];
  size_t n = 0;
  const size_t last = first + op.run - 1;
  const auto before = static_cast<uint32_t>(index - first);
  const auto after = static_cast<uint32_t>(last - index);
  if (op.kind == OpKind::kVal) {
    if (before > 0) seq[n++] = ValByte(op.value, before);
    seq[n++] = ValByte(count, 1);
    if (after > 0) seq[n++] = ValByte(op.value, after);
  } else {
    if (before > 0) AppendZeros(seq, &n, before);
    seq[n++] = ValByte(count, 1);
    if (after > 0) AppendZeros(seq, &n, after);
  }
  const ptrdiff_t delta = static_cast<ptrdiff_t>(n) - op.size;
  // The size limit is checked before growing: a sparse value may be exactly
  // sparse_max_bytes long.
  if (delta > 0 && end + static_cast<size_t>(delta) > sparse_max_bytes) {
    return PromoteAndRaise(v, index, count);
  }
  // A truncated trailing XZERO (op.size 2, one byte present): Redis computes the new length
  // as if both bytes were there, so the last byte of the new sequence falls off the end.
  v->replace(pos, std::min<size_t>(op.size, end - pos), reinterpret_cast<const char*>(seq), n);
  v->resize(static_cast<size_t>(static_cast<ptrdiff_t>(end) + delta));
  FuseVals(v, prev);
  return AddResult::kChanged;
}

// --- estimator ----------------------------------------------------------------------------

// sigma(x) = x + sum_{k>=1} x^(2^k) * 2^(k-1), summed until the sum stops changing.
double Sigma(double x) {
  if (x == 1.0) return INFINITY;
  double weight = 1.0;
  double sum = x;
  double prev;
  do {
    x *= x;
    prev = sum;
    sum += x * weight;
    weight += weight;
  } while (prev != sum);
  return sum;
}

// tau(x) = (1 - x - sum_{k>=1} (1 - x^(2^-k))^2 * 2^-k) / 3, summed likewise.
double Tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double weight = 1.0;
  double sum = 1.0 - x;
  double prev;
  do {
    x = std::sqrt(x);
    prev = sum;
    weight *= 0.5;
    const double gap = 1.0 - x;
    sum -= gap * gap * weight;
  } while (prev != sum);
  return sum / 3.0;
}

uint64_t Estimate(const Histogram& hist) {
  const double m = kRegisters;
  // Registers that saw the all-zero 50-bit suffix, then each count level from the top,
  // halving as we go down (a Horner scheme for sum hist[k] * 2^-k).
  double z = m * Tau((m - hist[kMaxCount]) / m);
  for (int k = kHashBits; k >= 1; --k) {
    z += hist[k];
    z *= 0.5;
  }
  z += m * Sigma(hist[0] / m);
  constexpr double kAlphaInf = 0.721347520444481703680;  // 1 / (2 ln 2)
  // All registers 0: z is infinite and the estimate 0. Every register above 51 (only a
  // damaged dense value has them): z is 0 and the quotient infinite. Redis's llroundl then
  // yields the x86 "integer indefinite" 0x8000000000000000, which it caches and replies as
  // a negative number; we spell that result out instead of leaving it to the conversion.
  const double e = kAlphaInf * m * m / z;
  if (!(e < 0x1p63)) return uint64_t{1} << 63;
  return static_cast<uint64_t>(std::llround(e));
}

void HistogramOf(const Registers& regs, Histogram* hist) {
  hist->fill(0);
  for (uint8_t r : regs) ++(*hist)[r];
}

// The histogram of a validated value; false if its sparse body does not decode.
bool HistogramOf(std::string_view v, Histogram* hist) {
  if (IsDense(v)) {
    Registers regs;
    DenseUnpack(DenseBody(v), &regs);
    HistogramOf(regs, hist);
    return true;
  }
  hist->fill(0);
  int nonzero = 0;
  const bool ok = WalkSparse(v, [&](size_t, uint32_t run, uint8_t value) {
    (*hist)[value] += static_cast<int>(run);
    nonzero += static_cast<int>(run);
  });
  (*hist)[0] = static_cast<int>(kRegisters) - nonzero;
  return ok;
}

}  // namespace

// --- public API ---------------------------------------------------------------------------

Check Validate(std::string_view v) {
  if (v.size() < kHeaderSize || v.substr(0, 4) != "HYLL") return Check::kNotHll;
  const uint8_t encoding = At(v, 4);
  if (encoding > kEncodingSparse) return Check::kNotHll;
  if (encoding == kEncodingDense && v.size() != kDenseSize) return Check::kNotHll;
  return Check::kOk;
}

Check ValidateContent(std::string_view v) {
  if (Check c = Validate(v); c != Check::kOk) return c;
  if (IsDense(v)) return Check::kOk;
  return WalkSparse(v, [](size_t, uint32_t, uint8_t) {}) ? Check::kOk : Check::kCorrupt;
}

std::string NewEmpty() {
  std::string v(kHeaderSize, '\0');
  std::memcpy(v.data(), "HYLL", 4);
  v[4] = static_cast<char>(kEncodingSparse);
  uint8_t seq[2];
  for (size_t left = kRegisters; left > 0;) {
    const auto run = static_cast<uint32_t>(std::min<size_t>(left, kSparseXZeroMaxRun));
    size_t n = 0;
    AppendZeros(seq, &n, run);
    v.append(reinterpret_cast<const char*>(seq), n);
    left -= run;
  }
  return v;
}

bool IsDense(std::string_view v) { return At(v, 4) == kEncodingDense; }

void InvalidateCache(std::string* v) { (*v)[15] = static_cast<char>(At(*v, 15) | kStaleBit); }

std::string_view EncodingName(std::string_view v) { return IsDense(v) ? "dense" : "sparse"; }

uint64_t Hash(std::string_view element) {
  // MurmurHash64A (Austin Appleby), little-endian block loads as on the x86 Redis runs on;
  // Redis byte-swaps on big-endian machines so its hashes are the same everywhere.
  constexpr uint64_t kMul = 0xc6a4a7935bd1e995ULL;
  constexpr int kShift = 47;
  constexpr uint64_t kSeed = 0xadc83b19ULL;
  const auto* data = reinterpret_cast<const uint8_t*>(element.data());
  const size_t len = element.size();
  uint64_t h = kSeed ^ (uint64_t{len} * kMul);
  const size_t blocks = len / 8;
  for (size_t i = 0; i < blocks; ++i) {
    uint64_t k = 0;
    for (int b = 7; b >= 0; --b) k = (k << 8) | data[8 * i + b];
    k *= kMul;
    k ^= k >> kShift;
    k *= kMul;
    h ^= k;
    h *= kMul;
  }
  const uint8_t* tail = data + 8 * blocks;
  const size_t rest = len & 7;
  if (rest > 0) {
    for (size_t b = rest; b-- > 0;) h ^= uint64_t{tail[b]} << (8 * b);
    h *= kMul;
  }
  h ^= h >> kShift;
  h *= kMul;
  h ^= h >> kShift;
  return h;
}

Pattern PatternOf(std::string_view element) {
  const uint64_t h = Hash(element);
  // The sentinel bit above the 50 count bits bounds the scan at kMaxCount.
  const uint64_t bits = (h >> kPrecision) | (uint64_t{1} << kHashBits);
  uint8_t count = 1;
  for (uint64_t b = 1; (bits & b) == 0; b <<= 1) ++count;
  return {static_cast<uint32_t>(h & (kRegisters - 1)), count};
}

AddResult SetRegister(std::string* v, uint32_t index, uint8_t count, size_t sparse_max_bytes) {
  if (Validate(*v) != Check::kOk) return AddResult::kNotHll;
  if (index >= kRegisters || count == 0 || count > kRegisterMax) return AddResult::kUnchanged;
  AddResult r;
  if (IsDense(*v)) {
    r = DenseRaise(v, index, count) ? AddResult::kChanged : AddResult::kUnchanged;
  } else {
    r = SparseRaise(v, index, count, sparse_max_bytes);
  }
  // Redis invalidates at the end of PFADD when anything changed; doing it per change leaves
  // the same bytes.
  if (r == AddResult::kChanged) InvalidateCache(v);
  return r;
}

AddResult Add(std::string* v, std::string_view element, size_t sparse_max_bytes) {
  const Pattern p = PatternOf(element);
  return SetRegister(v, p.index, p.count, sparse_max_bytes);
}

Check PfAdd(std::string* v, bool created, std::span<const std::string_view> elements,
            size_t sparse_max_bytes, bool* updated) {
  *updated = created;
  if (Check c = Validate(*v); c != Check::kOk) return c;
  for (std::string_view e : elements) {
    switch (Add(v, e, sparse_max_bytes)) {
      case AddResult::kChanged:
        *updated = true;
        break;
      case AddResult::kUnchanged:
        break;
      case AddResult::kCorrupt:
        *updated = false;
        return Check::kCorrupt;
      case AddResult::kNotHll:  // Add keeps the header intact, so only a first call sees this
        return Check::kNotHll;
    }
  }
  if (created) InvalidateCache(v);
  return Check::kOk;
}

Check Count(std::string_view v, uint64_t* card) {
  if (Check c = Validate(v); c != Check::kOk) return c;
  Histogram hist;
  if (!HistogramOf(v, &hist)) return Check::kCorrupt;
  *card = Estimate(hist);
  return Check::kOk;
}

Check CountCached(std::string* v, uint64_t* card, bool* cache_written) {
  *cache_written = false;
  if (Check c = Validate(*v); c != Check::kOk) return c;
  if (CacheValid(*v)) {
    *card = ReadCache(*v);
    return Check::kOk;
  }
  if (Check c = Count(*v, card); c != Check::kOk) return c;
  WriteCache(v, *card);
  *cache_written = true;
  return Check::kOk;
}

Check Union::Merge(std::string_view v) {
  if (Check c = Validate(v); c != Check::kOk) return c;
  if (IsDense(v)) {
    saw_dense_ = true;
    Registers regs;
    DenseUnpack(DenseBody(v), &regs);
    for (size_t i = 0; i < kRegisters; ++i) regs_[i] = std::max(regs_[i], regs[i]);
    return Check::kOk;
  }
  const bool ok = WalkSparse(v, [this](size_t first, uint32_t run, uint8_t value) {
    for (size_t i = first; i < first + run; ++i) regs_[i] = std::max(regs_[i], value);
  });
  return ok ? Check::kOk : Check::kCorrupt;
}

uint64_t Union::Count() const {
  Histogram hist;
  HistogramOf(regs_, &hist);
  return Estimate(hist);
}

Check StoreMerged(std::string* dest, const Union& u, size_t sparse_max_bytes) {
  if (Check c = Validate(*dest); c != Check::kOk) return c;
  if (u.saw_dense() && !IsDense(*dest) && !SparseToDense(dest)) return Check::kCorrupt;
  const Registers& regs = u.registers();
  for (size_t i = 0; i < kRegisters; ++i) {
    if (regs[i] == 0) continue;
    // A sparse destination may turn dense part way through, as in Redis.
    if (IsDense(*dest)) {
      DenseRaise(dest, i, regs[i]);
    } else {
      // Redis ignores the result here; a destination that was merged into u decodes.
      SparseRaise(dest, i, regs[i], sparse_max_bytes);
    }
  }
  InvalidateCache(dest);
  return Check::kOk;
}

Check ReadRegisters(std::string_view v, std::array<uint8_t, kRegisters>* regs) {
  if (Check c = Validate(v); c != Check::kOk) return c;
  if (IsDense(v)) {
    DenseUnpack(DenseBody(v), regs);
    return Check::kOk;
  }
  regs->fill(0);
  const bool ok = WalkSparse(v, [regs](size_t first, uint32_t run, uint8_t value) {
    for (size_t i = first; i < first + run; ++i) (*regs)[i] = value;
  });
  return ok ? Check::kOk : Check::kCorrupt;
}

Check ToDense(std::string* v, bool* converted) {
  *converted = false;
  if (Check c = Validate(*v); c != Check::kOk) return c;
  if (IsDense(*v)) return Check::kOk;
  if (!SparseToDense(v)) return Check::kCorrupt;
  *converted = true;
  return Check::kOk;
}

std::optional<std::string> Decode(std::string_view v) {
  if (Validate(v) != Check::kOk || IsDense(v)) return std::nullopt;
  std::string out;
  for (size_t pos = kHeaderSize; pos < v.size();) {
    const SparseOp op = DecodeOp(v, pos);
    pos += op.size;
    if (!out.empty()) out += ' ';
    switch (op.kind) {
      case OpKind::kZero:
        out += "z:" + std::to_string(op.run);
        break;
      case OpKind::kXZero:
        out += "Z:" + std::to_string(op.run);
        break;
      case OpKind::kVal:
        out += "v:" + std::to_string(op.value) + "," + std::to_string(op.run);
        break;
    }
  }
  return out;
}

// --- self test ----------------------------------------------------------------------------

std::string SelfTest(size_t sparse_max_bytes) {
  std::mt19937_64 rng(0x5eed);

  // 1. Packing: every register keeps its own value while all its neighbours are rewritten.
  {
    std::string v = NewEmpty();
    bool converted;
    ToDense(&v, &converted);
    uint8_t* body = DenseBody(&v);
    Registers want;
    for (int round = 0; round < 4; ++round) {
      for (size_t i = 0; i < kRegisters; ++i) {
        want[i] = static_cast<uint8_t>(rng() & kRegisterMax);
        DenseStore(body, i, want[i]);
      }
      Registers got;
      DenseUnpack(body, &got);
      for (size_t i = 0; i < kRegisters; ++i) {
        if (got[i] != want[i] || DenseGet(body, i) != want[i]) {
          return "TESTFAILED Register error at " + std::to_string(i);
        }
      }
    }
  }

  // 2. The sparse and dense paths hold the same registers after the same additions, and the
  //    estimate stays within 5 standard errors (1.04 / sqrt(16384) each) of the truth.
  std::string sparse = NewEmpty();
  std::string dense = NewEmpty();
  bool converted;
  ToDense(&dense, &converted);
  const double rel_std_err = 1.04 / std::sqrt(double{kRegisters});
  uint64_t checkpoint = 10;
  for (uint64_t added = 1; added <= 1'000'000; ++added) {
    const uint64_t x = rng();
    const std::string_view element(reinterpret_cast<const char*>(&x), sizeof(x));
    const Pattern p = PatternOf(element);
    SetRegister(&sparse, p.index, p.count, sparse_max_bytes);
    SetRegister(&dense, p.index, p.count, sparse_max_bytes);
    if (added != checkpoint) continue;
    checkpoint *= 10;
    if (added < sparse_max_bytes / 2 && IsDense(sparse)) return "TESTFAILED sparse encoding not used";
    Registers a, b;
    if (ReadRegisters(sparse, &a) != Check::kOk || ReadRegisters(dense, &b) != Check::kOk ||
        a != b) {
      return "TESTFAILED sparse and dense registers differ after " + std::to_string(added) +
             " additions";
    }
    uint64_t card = 0;
    bool written;
    CountCached(&dense, &card, &written);
    const double err = std::fabs(static_cast<double>(card) - static_cast<double>(added));
    // Small cardinalities are counted almost exactly; allow one element of slack there.
    if (err > 1 && err > 5 * rel_std_err * static_cast<double>(added)) {
      return "TESTFAILED too big error. card:" + std::to_string(card) +
             " real:" + std::to_string(added);
    }
    uint64_t cached = 0;
    CountCached(&dense, &cached, &written);
    if (cached != card || written) return "TESTFAILED cached cardinality mismatch";
  }
  return "";
}

}  // namespace tessera::storage::hll
