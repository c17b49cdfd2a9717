#include "storage/ops/bitmap_ops.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>
#include <memory>
#include <new>

#include "absl/functional/function_ref.h"
#include "core/clock.h"
#include "storage/ops/string_ops.h"

namespace tessera::ops::bitmap {

using storage::Encoding;
using storage::Entry;
using storage::KeyLoc;
using storage::Link;
using storage::Locate;
using storage::ValueType;

namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int64_t Popcount(const unsigned char* p, size_t n) {
  int64_t bits = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    bits += std::popcount(w);
  }
  for (; i < n; ++i) bits += std::popcount(p[i]);
  return bits;
}

// Redis's redisBitpos: the position of the first `bit` in p[0, count). When there is none,
// -1 for a 1, and count * 8 for a 0 (the value is taken as zero-padded on the right).
int64_t ScanBit(const unsigned char* p, size_t count, int bit) {
  const unsigned char skip = bit ? 0x00 : 0xFF;
  const uint64_t skip_word = bit ? 0 : ~uint64_t(0);
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w != skip_word) break;
  }
  for (; i < count; ++i) {
    if (p[i] != skip) {
      unsigned char c = bit ? p[i] : static_cast<unsigned char>(~p[i]);
      return int64_t(i) * 8 + std::countl_zero(c);
    }
  }
  return bit ? -1 : int64_t(count) * 8;
}

// Turns a BITCOUNT/BITPOS range into byte indexes [*start, *end] of a value of `len` bytes
// (Redis's conversion: negative indexes count from the end, then both are clamped). For the
// BIT unit the masks select the bits of the first and last byte that lie OUTSIDE the range.
void ResolveRange(int64_t len, int64_t* start, int64_t* end, bool in_bits,
                  unsigned char* first_out_mask, unsigned char* last_out_mask) {
  int64_t total = in_bits ? len << 3 : len;
  if (*start < 0) *start = total + *start;
  if (*end < 0) *end = total + *end;
  if (*start < 0) *start = 0;
  if (*end < 0) *end = 0;
  if (*end >= total) *end = total - 1;
  *first_out_mask = *last_out_mask = 0;
  if (in_bits && *start <= *end) {
    *first_out_mask = static_cast<unsigned char>(~((1 << (8 - (*start & 7))) - 1) & 0xFF);
    *last_out_mask = static_cast<unsigned char>((1 << (7 - (*end & 7))) - 1);
    *start >>= 3;
    *end >>= 3;
  }
}

// Runs `change` on key's string value grown with zero bytes to at least min_len, creating
// the key when missing. A heap value changes in place (memory accounting and WATCH kept up
// to date); a smaller one is copied, changed and stored again as a raw string with its TTL.
// Requires the key's shard lock. kWrongType when the key holds another type.
OpStatus ModifyString(const KeyLoc& loc, size_t min_len,
                      absl::FunctionRef<void(std::string&)> change) {
  Link link = loc.shard->FindLink(loc.key, loc.hash, FastClock::NowMs());
  if (!link) {
    std::string s(min_len, '\0');
    change(s);
    ops::string::StoreBuiltString(loc, Link(), std::move(s), 0);
    return OpStatus::kOk;
  }
  Entry* e = *link;
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  if (e->enc() == Encoding::kHeap) {
    storage::ValueChange vc(*loc.shard, e, loc.hash);
    std::string* hs = e->MutableHeapValue();
    if (hs->size() < min_len) hs->resize(min_len, '\0');
    change(*hs);
    e->set_mutated();
    return OpStatus::kOk;
  }
  char buf[24];
  std::string s(e->StringValue(buf));
  if (s.size() < min_len) s.resize(min_len, '\0');
  change(s);
  int64_t expire_at = e->expire_at();
  ops::string::StoreBuiltString(loc, link, std::move(s), expire_at);
  return OpStatus::kOk;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Pure helpers

int64_t CountBits(std::string_view s, const std::optional<Range>& range) {
  const unsigned char* p = Bytes(s);
  int64_t start = 0, end = int64_t(s.size()) - 1;
  unsigned char first_out = 0, last_out = 0;
  if (range) {
    start = range->start;
    end = range->end;
    // Redis answers 0 here before looking at the unit.
    if (start < 0 && end < 0 && start > end) return 0;
    ResolveRange(int64_t(s.size()), &start, &end, range->in_bits, &first_out, &last_out);
  }
  if (start > end) return 0;
  int64_t count = Popcount(p + start, size_t(end - start + 1));
  if (first_out) count -= std::popcount(static_cast<unsigned char>(p[start] & first_out));
  if (last_out) count -= std::popcount(static_cast<unsigned char>(p[end] & last_out));
  return count;
}

int64_t FindBit(std::string_view s, int bit, const std::optional<Range>& range,
                bool end_given) {
  const unsigned char* p = Bytes(s);
  int64_t len = int64_t(s.size());
  int64_t start = 0, end = len - 1;
  unsigned char first_out = 0, last_out = 0;
  if (range) {
    start = range->start;
    if (end_given) end = range->end;
    else end = range->in_bits ? (len << 3) + 7 : len - 1;
    ResolveRange(len, &start, &end, range->in_bits, &first_out, &last_out);
  }
  // An empty range holds neither a 0 nor a 1.
  if (start > end) return -1;

  // As Redis: the first and last bytes of a BIT range are searched with their outside bits
  // forced to the value not looked for; the bytes between are scanned whole.
  int64_t bytes = end - start + 1;
  int64_t pos = -1;
  auto masked = [&](unsigned char c, unsigned char out_mask) {
    return static_cast<unsigned char>(bit ? (c & ~out_mask) : (c | out_mask));
  };
  bool done = false;
  if (first_out) {
    unsigned char c = masked(p[start], first_out);
    if (last_out && bytes == 1) c = masked(c, last_out);
    pos = ScanBit(&c, 1, bit);
    if (bytes == 1 || (pos != -1 && pos != 8)) {
      done = true;
    } else {
      ++start;
      --bytes;
    }
  }
  if (!done) {
    int64_t middle = bytes - (last_out ? 1 : 0);
    if (middle > 0) {
      pos = ScanBit(p + start, size_t(middle), bit);
      if (bytes == middle || (pos != -1 && pos != middle << 3)) {
        done = true;
      } else {
        start += middle;
        bytes -= middle;
      }
    }
  }
  if (!done) {
    unsigned char c = masked(p[end], last_out);
    pos = ScanBit(&c, 1, bit);
  }
  // With an explicit end, the bits right of the range are not taken as zero padding: a 0
  // found just past the range means the range has none.
  if (end_given && bit == 0 && pos == bytes << 3) return -1;
  if (pos != -1) pos += start << 3;
  return pos;
}

uint64_t GetUnsignedField(std::string_view s, uint64_t offset, unsigned bits) {
  const unsigned char* p = Bytes(s);
  uint64_t v = 0;
  for (unsigned j = 0; j < bits; ++j, ++offset) {
    uint64_t byte = offset >> 3;
    uint64_t b = byte < s.size() ? (p[byte] >> (7 - (offset & 7))) & 1 : 0;
    v = (v << 1) | b;
  }
  return v;
}

int64_t GetSignedField(std::string_view s, uint64_t offset, unsigned bits) {
  uint64_t v = GetUnsignedField(s, offset, bits);
  // Sign-extend from the field's top bit.
  if (bits < 64 && (v & (uint64_t(1) << (bits - 1)))) v |= ~uint64_t(0) << bits;
  return int64_t(v);
}

void SetField(std::string& s, uint64_t offset, unsigned bits, uint64_t v) {
  for (unsigned j = 0; j < bits; ++j, ++offset) {
    unsigned b = (v >> (bits - 1 - j)) & 1;
    unsigned shift = 7 - unsigned(offset & 7);
    auto& byte = reinterpret_cast<unsigned char&>(s[size_t(offset >> 3)]);
    byte = static_cast<unsigned char>((byte & ~(1u << shift)) | (b << shift));
  }
}

int CheckUnsignedOverflow(uint64_t value, int64_t incr, unsigned bits, Overflow ow,
                          uint64_t* limit) {
  uint64_t max = bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t(1) << bits) - 1;
  int64_t max_incr = int64_t(max - value);
  int64_t min_incr = int64_t(uint64_t(0) - value);
  int result = 0;
  if (value > max || (incr > 0 && incr > max_incr)) {
    result = 1;
    if (ow == Overflow::kSat) *limit = max;
  } else if (incr < 0 && incr < min_incr) {
    result = -1;
    if (ow == Overflow::kSat) *limit = 0;
  }
  if (result != 0 && ow == Overflow::kWrap) {
    uint64_t res = value + uint64_t(incr);
    if (bits < 64) res &= ~(~uint64_t(0) << bits);
    *limit = res;
  }
  return result;
}

int CheckSignedOverflow(int64_t value, int64_t incr, unsigned bits, Overflow ow,
                        int64_t* limit) {
  int64_t max = bits == 64 ? std::numeric_limits<int64_t>::max()
                           : (int64_t(1) << (bits - 1)) - 1;
  int64_t min = -max - 1;
  // Redis computes these with wrapping arithmetic; the extreme SET values (a value far out
  // of a narrow field's range) depend on it, so do the same without undefined behaviour.
  int64_t max_incr = int64_t(uint64_t(max) - uint64_t(value));
  int64_t min_incr = int64_t(uint64_t(min) - uint64_t(value));
  int result = 0;
  if (value > max || (bits != 64 && incr > max_incr) ||
      (value >= 0 && incr > 0 && incr > max_incr)) {
    result = 1;
    if (ow == Overflow::kSat) *limit = max;
  } else if (value < min || (bits != 64 && incr < min_incr) ||
             (value < 0 && incr < 0 && incr < min_incr)) {
    result = -1;
    if (ow == Overflow::kSat) *limit = min;
  }
  if (result != 0 && ow == Overflow::kWrap) {
    uint64_t c = uint64_t(value) + uint64_t(incr);
    if (bits < 64) {
      uint64_t msb = uint64_t(1) << (bits - 1);
      uint64_t mask = ~uint64_t(0) << bits;
      c = (c & msb) ? (c | mask) : (c & ~mask);
    }
    *limit = int64_t(c);
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// Ops

OpResult<int64_t> SetBit(Db& db, std::string_view key, uint64_t offset, bool on) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  int64_t old = 0;
  OpStatus st = ModifyString(loc, size_t(offset >> 3) + 1, [&](std::string& s) {
    auto& byte = reinterpret_cast<unsigned char&>(s[size_t(offset >> 3)]);
    unsigned shift = 7 - unsigned(offset & 7);
    old = (byte >> shift) & 1;
    byte = static_cast<unsigned char>((byte & ~(1u << shift)) | (unsigned(on) << shift));
  });
  if (st != OpStatus::kOk) return st;
  return old;
}

OpResult<int64_t> GetBit(Db& db, std::string_view key, uint64_t offset) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  if (!e) return int64_t(0);
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  char buf[24];
  return int64_t(GetUnsignedField(e->StringValue(buf), offset, 1));
}

OpResult<int64_t> BitCount(Db& db, std::string_view key, const BitCountArgs& args) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  if (!e) return int64_t(0);
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  if (args.arg_error != OpStatus::kOk) return args.arg_error;
  char buf[24];
  return CountBits(e->StringValue(buf), args.range);
}

OpResult<int64_t> BitPos(Db& db, std::string_view key, const BitPosArgs& args) {
  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
  // A missing key is an endless run of zeros.
  if (!e) return int64_t(args.bit ? -1 : 0);
  if (e->type() != ValueType::kString) return OpStatus::kWrongType;
  if (args.arg_error != OpStatus::kOk) return args.arg_error;
  char buf[24];
  return FindBit(e->StringValue(buf), args.bit, args.range, args.end_given);
}

OpResult<int64_t> BitOp(Db& db, BitOpKind op, std::string_view dest,
                        absl::Span<const std::string_view> sources) {
  KeyLoc dloc = Locate(db, dest);
  storage::ShardList shards = {dloc.shard};
  storage::KeyLocs locs = storage::LocateAll(db, sources, &shards);
  storage::MultiLock lk(shards);
  int64_t now = FastClock::NowMs();

  // Views of the sources (int-encoded ones formatted into their own buffers); they stay
  // valid until dest is written, after the result is computed.
  std::vector<std::array<char, 24>> bufs(sources.size());
  std::vector<std::string_view> vals(sources.size());
  size_t maxlen = 0;
  for (size_t i = 0; i < locs.size(); ++i) {
    Entry* e = locs[i].shard->Find(locs[i].key, locs[i].hash, now);
    if (!e) continue;
    if (e->type() != ValueType::kString) return OpStatus::kWrongType;
    vals[i] = e->StringValue(bufs[i].data());
    maxlen = std::max(maxlen, vals[i].size());
  }

  Link link = dloc.shard->FindLink(dest, dloc.hash, now);
  if (maxlen == 0) {
    if (link) {
      dloc.shard->Erase(link);
      storage::NoteEmptied(dest);  // reported as "del", as Redis does
    }
    return int64_t(0);
  }
  // Byte j of a shorter source is 0. One pass per source keeps the loops simple enough
  // for the compiler to vectorise.
  std::string res(maxlen, '\0');
  auto* r = reinterpret_cast<unsigned char*>(res.data());
  if (!vals[0].empty()) memcpy(r, vals[0].data(), vals[0].size());
  if (op == BitOpKind::kNot) {
    for (size_t j = 0; j < maxlen; ++j) r[j] = static_cast<unsigned char>(~r[j]);
  }
  for (size_t i = 1; i < vals.size(); ++i) {
    const unsigned char* s = Bytes(vals[i]);
    size_t n = vals[i].size();
    switch (op) {
      case BitOpKind::kAnd:
        for (size_t j = 0; j < n; ++j) r[j] &= s[j];
        memset(r + n, 0, maxlen - n);
        break;
      case BitOpKind::kOr:
        for (size_t j = 0; j < n; ++j) r[j] |= s[j];
        break;
      case BitOpKind::kXor:
        for (size_t j = 0; j < n; ++j) r[j] ^= s[j];
        break;
      case BitOpKind::kNot:
        break;  // a single source (checked by the caller)
    }
  }
  ops::string::StoreBuiltString(dloc, link, std::move(res), 0);
  return int64_t(maxlen);
}

OpResult<std::vector<FieldReply>> Bitfield(Db& db, std::string_view key,
                                           absl::Span<const FieldOp> ops) {
  std::vector<FieldReply> out;
  out.reserve(ops.size());
  bool writes = false;
  uint64_t highest = 0;  // the farthest bit written
  for (const auto& op : ops) {
    if (op.code == FieldOp::kGet) continue;
    writes = true;
    highest = std::max(highest, op.offset + op.bits - 1);
  }

  auto get = [&](std::string_view s, const FieldOp& op) {
    out.emplace_back(op.is_signed ? GetSignedField(s, op.offset, op.bits)
                                  : int64_t(GetUnsignedField(s, op.offset, op.bits)));
  };

  KeyLoc loc = Locate(db, key);
  storage::ShardGuard lk(*loc.shard);
  if (!writes) {
    Entry* e = loc.shard->Find(key, loc.hash, FastClock::NowMs());
    if (e && e->type() != ValueType::kString) return OpStatus::kWrongType;
    char buf[24];
    std::string_view s = e ? e->StringValue(buf) : std::string_view();
    for (const auto& op : ops) get(s, op);
    return out;
  }

  OpStatus st = ModifyString(loc, size_t(highest >> 3) + 1, [&](std::string& s) {
    for (const auto& op : ops) {
      if (op.code == FieldOp::kGet) {
        get(s, op);
        continue;
      }
      // SET answers the old value, INCRBY the new one; both go through the overflow check.
      bool incr = op.code == FieldOp::kIncrBy;
      uint64_t store;
      int64_t reply;
      int overflow;
      if (op.is_signed) {
        int64_t old = GetSignedField(s, op.offset, op.bits);
        int64_t limit = 0;
        int64_t v = incr ? int64_t(uint64_t(old) + uint64_t(op.value)) : op.value;
        overflow = CheckSignedOverflow(incr ? old : op.value, incr ? op.value : 0, op.bits,
                                       op.overflow, &limit);
        if (overflow) v = limit;
        store = uint64_t(v);
        reply = incr ? v : old;
      } else {
        uint64_t old = GetUnsignedField(s, op.offset, op.bits);
        uint64_t limit = 0;
        uint64_t v = incr ? old + uint64_t(op.value) : uint64_t(op.value);
        overflow = CheckUnsignedOverflow(incr ? old : uint64_t(op.value), incr ? op.value : 0,
                                         op.bits, op.overflow, &limit);
        if (overflow) v = limit;
        store = v;
        reply = int64_t(incr ? v : old);
      }
      if (overflow && op.overflow == Overflow::kFail) {
        out.emplace_back(std::nullopt);
        continue;
      }
      SetField(s, op.offset, op.bits, store);
      out.emplace_back(reply);
    }
  });
  if (st != OpStatus::kOk) return st;
  return out;
}

// ---------------------------------------------------------------------------------------
// LCS

OpResult<LcsInput> LcsLoad(Db& db, std::string_view key1, std::string_view key2,
                           int64_t max_bulk_len) {
  KeyLoc l1 = Locate(db, key1), l2 = Locate(db, key2);
  storage::MultiLock lk({l1.shard, l2.shard});
  int64_t now = FastClock::NowMs();
  Entry* e1 = l1.shard->Find(key1, l1.hash, now);
  Entry* e2 = l2.shard->Find(key2, l2.hash, now);
  if ((e1 && e1->type() != ValueType::kString) || (e2 && e2->type() != ValueType::kString))
    return OpStatus::kWrongType;
  char b1[24], b2[24];
  std::string_view a = e1 ? e1->StringValue(b1) : std::string_view();
  std::string_view b = e2 ? e2->StringValue(b2) : std::string_view();
  LcsInput in;
  constexpr uint64_t kMaxLen = std::numeric_limits<uint32_t>::max() - 1;
  if (a.size() >= kMaxLen || b.size() >= kMaxLen) {
    in.refused = OpStatus::kStringTooLong;
  } else if ((uint64_t(a.size()) + 1) * (uint64_t(b.size()) + 1) * sizeof(uint32_t) >
             uint64_t(max_bulk_len)) {
    in.refused = OpStatus::kOutOfMemory;
  } else if (!a.empty() && !b.empty()) {
    // (With an empty side every answer is empty, so the other value is not copied.)
    in.a = std::string(a);
    in.b = std::string(b);
  }
  return in;
}

OpResult<LcsResult> ComputeLcs(std::string_view a, std::string_view b, const LcsParams& p) {
  // Redis fills LCS(i, j) = length of the LCS of a[0, i) and b[0, j) for the whole table,
  // then walks back from (alen, blen): on equal bytes diagonally, otherwise towards the
  // larger neighbour, preferring j-1 on a tie. The walk needs only that choice per cell, so
  // the table here holds one bit per cell ("go to i-1"). The lengths are kept for two lines
  // only, and the lines run along the shorter string (rows of b, or columns of a), so they
  // stay small whatever the shape of the table.
  const uint64_t alen = a.size(), blen = b.size();
  const uint64_t width = blen + 1;
  const bool walk = p.want_string || p.want_matches;
  std::unique_ptr<uint64_t[]> up;
  if (walk) {
    uint64_t words = ((alen + 1) * width + 63) / 64;
    up.reset(new (std::nothrow) uint64_t[words]());  // zeroed
    if (!up) return OpStatus::kOutOfMemory;
  }
  auto set_up = [&](uint64_t i, uint64_t j) {
    uint64_t n = i * width + j;
    up[n >> 6] |= uint64_t(1) << (n & 63);
  };
  auto up_bit = [&](uint64_t i, uint64_t j) {
    uint64_t n = i * width + j;
    return (up[n >> 6] >> (n & 63)) & 1;
  };
  LcsResult r;
  if (blen <= alen) {
    // prev = row i-1, cur = row i, indexed by j.
    std::vector<uint32_t> prev(blen + 1, 0), cur(blen + 1, 0);
    for (uint64_t i = 1; i <= alen; ++i) {
      for (uint64_t j = 1; j <= blen; ++j) {
        if (a[i - 1] == b[j - 1]) {
          cur[j] = prev[j - 1] + 1;
        } else if (prev[j] > cur[j - 1]) {  // LCS(i-1, j) > LCS(i, j-1)
          cur[j] = prev[j];
          if (walk) set_up(i, j);
        } else {
          cur[j] = cur[j - 1];
        }
      }
      std::swap(prev, cur);
    }
    r.len = prev[blen];
  } else {
    // prev = column j-1, cur = column j, indexed by i.
    std::vector<uint32_t> prev(alen + 1, 0), cur(alen + 1, 0);
    for (uint64_t j = 1; j <= blen; ++j) {
      for (uint64_t i = 1; i <= alen; ++i) {
        if (a[i - 1] == b[j - 1]) {
          cur[i] = prev[i - 1] + 1;
        } else if (cur[i - 1] > prev[i]) {  // LCS(i-1, j) > LCS(i, j-1)
          cur[i] = cur[i - 1];
          if (walk) set_up(i, j);
        } else {
          cur[i] = prev[i];
        }
      }
      std::swap(prev, cur);
    }
    r.len = prev[alen];
  }
  if (!walk) return r;

  if (p.want_string) r.lcs.assign(r.len, '\0');
  uint32_t idx = r.len;
  // The range being grown backwards; a_start == alen means none.
  uint64_t a_start = alen, a_end = 0, b_start = 0, b_end = 0;
  uint64_t i = alen, j = blen;
  while (i > 0 && j > 0) {
    bool emit = false;
    if (a[i - 1] == b[j - 1]) {
      if (p.want_string) r.lcs[idx - 1] = a[i - 1];
      if (a_start == alen) {
        a_start = a_end = i - 1;
        b_start = b_end = j - 1;
      } else if (a_start == i && b_start == j) {
        --a_start;
        --b_start;
      } else {
        emit = true;
      }
      if (a_start == 0 || b_start == 0) emit = true;
      --idx;
      --i;
      --j;
    } else {
      if (up_bit(i, j)) --i;
      else --j;
      if (a_start != alen) emit = true;
    }
    if (emit) {
      uint64_t match_len = a_end - a_start + 1;
      if (p.want_matches && (p.min_match_len == 0 || int64_t(match_len) >= p.min_match_len)) {
        r.matches.push_back({uint32_t(a_start), uint32_t(a_end), uint32_t(b_start),
                             uint32_t(b_end), uint32_t(match_len)});
      }
      a_start = alen;
    }
  }
  return r;
}

}  // namespace tessera::ops::bitmap
