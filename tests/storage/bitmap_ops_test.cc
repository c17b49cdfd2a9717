// ops::bitmap without a parser: the pure helpers, the LCS table against Redis's full-table
// algorithm, and the ops on a Store (including concurrent writers).
#include "storage/ops/bitmap_ops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "storage/ops/string_ops.h"
#include "storage/store.h"

namespace tessera::ops::bitmap {
namespace {

TEST(BitmapOpsTest, CountBits) {
  std::string s = "foobar";
  EXPECT_EQ(CountBits(s, std::nullopt), 26);
  EXPECT_EQ(CountBits(s, Range{1, 1, false}), 6);
  EXPECT_EQ(CountBits(s, Range{5, 30, true}), 17);
  EXPECT_EQ(CountBits(s, Range{-1, -2, false}), 0);
  EXPECT_EQ(CountBits(s, Range{-1, -2, true}), 0);
  EXPECT_EQ(CountBits(s, Range{100, 200, true}), 0);
  EXPECT_EQ(CountBits("", std::nullopt), 0);
  EXPECT_EQ(CountBits("", Range{0, -1, false}), 0);
  // Every bit range of a value matches a bit-by-bit count.
  std::string v = "\xa5\x0f\xf0\x3c\x99";
  for (int64_t a = -45; a < 45; ++a) {
    for (int64_t b = -45; b < 45; ++b) {
      int64_t total = int64_t(v.size()) * 8;
      int64_t lo = a < 0 ? std::max<int64_t>(0, total + a) : a;
      int64_t hi = b < 0 ? std::max<int64_t>(0, total + b) : std::min(b, total - 1);
      int64_t want = 0;
      if (!(a < 0 && b < 0 && a > b)) {
        for (int64_t i = lo; i <= hi; ++i) want += GetUnsignedField(v, uint64_t(i), 1);
      }
      EXPECT_EQ(CountBits(v, Range{a, b, true}), want) << a << " " << b;
    }
  }
}

TEST(BitmapOpsTest, FindBit) {
  std::string s("\xff\xf0\x00", 3);
  EXPECT_EQ(FindBit(s, 0, std::nullopt, false), 12);
  EXPECT_EQ(FindBit(s, 1, std::nullopt, false), 0);
  EXPECT_EQ(FindBit(s, 1, Range{2, -1, false}, false), -1);
  EXPECT_EQ(FindBit(s, 1, Range{7, 15, true}, true), 7);
  EXPECT_EQ(FindBit(s, 0, Range{7, 15, true}, true), 12);
  std::string ones("\xff\xff", 2);
  EXPECT_EQ(FindBit(ones, 0, std::nullopt, false), 16);
  EXPECT_EQ(FindBit(ones, 0, Range{0, -1, false}, true), -1);
  EXPECT_EQ(FindBit(ones, 0, Range{1, -1, false}, false), 16);
  EXPECT_EQ(FindBit("", 0, std::nullopt, false), -1);
  EXPECT_EQ(FindBit("", 1, std::nullopt, false), -1);
  // Whole-word scanning agrees with a byte-by-byte answer at every position.
  for (size_t pos = 0; pos < 200; ++pos) {
    std::string z(25, '\0');
    z[pos / 8] = char(0x80 >> (pos % 8));
    EXPECT_EQ(FindBit(z, 1, std::nullopt, false), int64_t(pos));
    std::string o(25, '\xff');
    o[pos / 8] = char(~(0x80 >> (pos % 8)));
    EXPECT_EQ(FindBit(o, 0, std::nullopt, false), int64_t(pos));
  }
}

TEST(BitmapOpsTest, Fields) {
  std::string s(3, '\0');
  SetField(s, 7, 5, 23);  // Redis's example: 00000001|01110000
  EXPECT_EQ(s, std::string("\x01\x70\x00", 3));
  EXPECT_EQ(GetUnsignedField(s, 7, 5), 23u);
  EXPECT_EQ(GetSignedField(s, 7, 5), 23 - 32);
  EXPECT_EQ(GetUnsignedField(s, 20, 64), 0u);  // past the end reads zeros
  SetField(s, 0, 8, 0xff);
  EXPECT_EQ(GetSignedField(s, 0, 8), -1);
  EXPECT_EQ(GetSignedField(s, 0, 4), -1);
  std::string w(8, '\xff');
  EXPECT_EQ(GetSignedField(w, 0, 64), -1);
  EXPECT_EQ(GetUnsignedField(w, 1, 63), uint64_t(INT64_MAX));
}

TEST(BitmapOpsTest, Overflow) {
  uint64_t u = 0;
  EXPECT_EQ(CheckUnsignedOverflow(250, 10, 8, Overflow::kWrap, &u), 1);
  EXPECT_EQ(u, 4u);
  EXPECT_EQ(CheckUnsignedOverflow(250, 10, 8, Overflow::kSat, &u), 1);
  EXPECT_EQ(u, 255u);
  EXPECT_EQ(CheckUnsignedOverflow(5, -10, 8, Overflow::kSat, &u), -1);
  EXPECT_EQ(u, 0u);
  EXPECT_EQ(CheckUnsignedOverflow(5, -10, 8, Overflow::kWrap, &u), -1);
  EXPECT_EQ(u, 251u);
  EXPECT_EQ(CheckUnsignedOverflow(5, 250, 8, Overflow::kFail, &u), 0);
  EXPECT_EQ(CheckUnsignedOverflow(uint64_t(-1), 0, 8, Overflow::kWrap, &u), 1);  // SET -1
  EXPECT_EQ(u, 255u);
  int64_t i = 0;
  EXPECT_EQ(CheckSignedOverflow(127, 1, 8, Overflow::kWrap, &i), 1);
  EXPECT_EQ(i, -128);
  EXPECT_EQ(CheckSignedOverflow(-128, -1, 8, Overflow::kSat, &i), -1);
  EXPECT_EQ(i, -128);
  EXPECT_EQ(CheckSignedOverflow(200, 0, 8, Overflow::kWrap, &i), 1);
  EXPECT_EQ(i, -56);
  EXPECT_EQ(CheckSignedOverflow(INT64_MAX, 1, 64, Overflow::kWrap, &i), 1);
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_EQ(CheckSignedOverflow(INT64_MIN, -1, 64, Overflow::kSat, &i), -1);
  EXPECT_EQ(i, INT64_MIN);
  EXPECT_EQ(CheckSignedOverflow(-1, INT64_MIN, 64, Overflow::kSat, &i), -1);
  EXPECT_EQ(CheckSignedOverflow(-1, INT64_MIN + 1, 64, Overflow::kSat, &i), 0);
  // Redis's wrapping arithmetic: INT64_MIN into an i8 counts as an overflow (saturates high).
  EXPECT_EQ(CheckSignedOverflow(INT64_MIN, 0, 8, Overflow::kSat, &i), 1);
  EXPECT_EQ(i, 127);
}

// Redis's lcsCommand, with the full uint32 table, as the reference.
LcsResult ReferenceLcs(std::string_view a, std::string_view b, int64_t min_match_len) {
  size_t alen = a.size(), blen = b.size();
  std::vector<uint32_t> dp((alen + 1) * (blen + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return dp[j + i * (blen + 1)]; };
  for (size_t i = 1; i <= alen; ++i)
    for (size_t j = 1; j <= blen; ++j)
      at(i, j) = a[i - 1] == b[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
  LcsResult r;
  r.len = at(alen, blen);
  r.lcs.assign(r.len, '\0');
  uint32_t idx = r.len;
  size_t as = alen, ae = 0, bs = 0, be = 0, i = alen, j = blen;
  while (i > 0 && j > 0) {
    bool emit = false;
    if (a[i - 1] == b[j - 1]) {
      r.lcs[--idx] = a[i - 1];
      if (as == alen) {
        as = ae = i - 1;
        bs = be = j - 1;
      } else if (as == i && bs == j) {
        --as;
        --bs;
      } else {
        emit = true;
      }
      if (as == 0 || bs == 0) emit = true;
      --i;
      --j;
    } else {
      if (at(i - 1, j) > at(i, j - 1)) --i;
      else --j;
      if (as != alen) emit = true;
    }
    if (emit) {
      uint32_t len = uint32_t(ae - as + 1);
      if (min_match_len == 0 || len >= min_match_len)
        r.matches.push_back({uint32_t(as), uint32_t(ae), uint32_t(bs), uint32_t(be), len});
      as = alen;
    }
  }
  return r;
}

TEST(LcsOpsTest, MatchesRedisAlgorithm) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 400; ++trial) {
    auto make = [&] {
      std::string s(rng() % 70, ' ');
      for (auto& c : s) c = char('a' + rng() % (1 + trial % 4));
      return s;
    };
    std::string a = make(), b = make();
    int64_t min_len = trial % 3;
    LcsParams p;
    p.want_string = true;
    p.want_matches = true;
    p.min_match_len = min_len;
    auto got = ComputeLcs(a, b, p);
    ASSERT_TRUE(got.ok());
    LcsResult want = ReferenceLcs(a, b, min_len);
    ASSERT_EQ(got->len, want.len) << a << " / " << b;
    ASSERT_EQ(got->lcs, want.lcs) << a << " / " << b;
    ASSERT_EQ(got->matches.size(), want.matches.size()) << a << " / " << b;
    for (size_t k = 0; k < want.matches.size(); ++k) {
      const auto &g = got->matches[k], &w = want.matches[k];
      EXPECT_EQ(std::tie(g.a_start, g.a_end, g.b_start, g.b_end, g.len),
                std::tie(w.a_start, w.a_end, w.b_start, w.b_end, w.len));
    }
    LcsParams len_only;
    len_only.want_string = false;
    EXPECT_EQ(ComputeLcs(a, b, len_only)->len, want.len);
  }
}

class BitmapStoreTest : public ::testing::Test {
 protected:
  storage::Store store_{1, 4};
  storage::Db& db() { return store_.db(0); }
};

TEST_F(BitmapStoreTest, OpsOnValues) {
  EXPECT_EQ(*SetBit(db(), "k", 100, true), 0);
  EXPECT_EQ(*GetBit(db(), "k", 100), 1);
  EXPECT_EQ(*BitCount(db(), "k", BitCountArgs{}), 1);
  BitPosArgs pos;
  pos.bit = 1;
  EXPECT_EQ(*BitPos(db(), "k", pos), 100);
  BitCountArgs bad;
  bad.arg_error = OpStatus::kSyntaxError;
  EXPECT_EQ(BitCount(db(), "k", bad).status(), OpStatus::kSyntaxError);
  EXPECT_EQ(*BitCount(db(), "missing", bad), 0);  // the key decides first
  std::string_view srcs[] = {"k", "missing"};
  EXPECT_EQ(*BitOp(db(), BitOpKind::kOr, "d", srcs), 13);
  EXPECT_EQ(*BitCount(db(), "d", BitCountArgs{}), 1);
  std::vector<FieldOp> ops(3);
  ops[0].code = FieldOp::kIncrBy;
  ops[0].bits = 4;
  ops[0].value = 9;  // 0 + 9 does not fit an i4
  ops[0].overflow = Overflow::kFail;
  ops[1] = ops[0];
  ops[1].value = 5;
  ops[2].code = FieldOp::kGet;
  ops[2].bits = 4;
  auto r = Bitfield(db(), "f", ops);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, (std::vector<FieldReply>{std::nullopt, 5, 5}));
  EXPECT_EQ(*GetBit(db(), "f", 1), 1);  // 0101....
}

TEST_F(BitmapStoreTest, LcsLoadRefusesHugeTablesWithoutCopying) {
  constexpr int64_t kMaxBulk = 512 << 20;  // proto-max-bulk-len's default
  auto loc = storage::Locate(db(), "a");
  std::string big(70000, 'x');
  {
    storage::ShardGuard lk(*loc.shard);
    ops::string::StoreString(loc, storage::Link(), big, 0);
  }
  auto loc2 = storage::Locate(db(), "b");
  {
    storage::ShardGuard lk(*loc2.shard);
    ops::string::StoreString(loc2, storage::Link(), big, 0);
  }
  auto in = LcsLoad(db(), "a", "b", kMaxBulk);
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->refused, OpStatus::kOutOfMemory);
  EXPECT_TRUE(in->a.empty());
  // Against an empty value nothing needs copying.
  auto empty = LcsLoad(db(), "a", "missing", kMaxBulk);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->refused, OpStatus::kOk);
  EXPECT_TRUE(empty->a.empty());
  // A long value against a short one fits: the length lines run along the short one.
  auto loc3 = storage::Locate(db(), "c");
  {
    storage::ShardGuard lk(*loc3.shard);
    ops::string::StoreString(loc3, storage::Link(), "xyx", 0);
  }
  auto small = LcsLoad(db(), "a", "c", kMaxBulk);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->refused, OpStatus::kOk);
  EXPECT_EQ(small->a.size(), 70000u);
  LcsParams p;
  p.want_matches = true;
  auto r = ComputeLcs(small->a, small->b, p);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lcs, "xx");
  EXPECT_EQ(r->len, 2u);
  ASSERT_EQ(r->matches.size(), 2u);  // as redis-server 7.0 answers
  EXPECT_EQ(r->matches[0].a_start, 69999u);
  EXPECT_EQ(r->matches[0].b_start, 2u);
  EXPECT_EQ(r->matches[1].a_start, 69998u);
  EXPECT_EQ(r->matches[1].b_start, 0u);
}

TEST_F(BitmapStoreTest, ConcurrentSetBitsAllLand) {
  // Writers on the same key serialise on its shard: every bit set by any thread is kept,
  // through the inline-to-heap growth of the value.
  constexpr int kThreads = 4, kBits = 3000;
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = t; i < kBits * kThreads; i += kThreads)
        SetBit(db(), "bits", uint64_t(i) * 3, true);
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(*BitCount(db(), "bits", BitCountArgs{}), kBits * kThreads);
}

}  // namespace
}  // namespace tessera::ops::bitmap
