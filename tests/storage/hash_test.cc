// HashObject (storage/hash.h): the packed ("listpack") encoding, the one-way conversion to
// the hashtable encoding at either limit, HSETNX, in-place value replacement, random
// operations against a std::map model in both encodings, the HSCAN cursor walk, random
// draws, Clone and the memory counter.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/entry.h"
#include "storage/hash.h"

namespace tessera::storage {
namespace {

using Limits = HashObject::Limits;
using Model = std::map<std::string, std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

// The field's value, or nullopt; checks that Get's result and its callback agree.
std::optional<std::string> GetField(const HashObject& h, std::string_view field) {
  std::optional<std::string> out;
  bool found = h.Get(field, [&](std::string_view v) { out = std::string(v); });
  EXPECT_EQ(found, out.has_value()) << field;
  return out;
}

// Every pair in the encoding's order.
Pairs InOrder(const HashObject& h) {
  Pairs out;
  h.ForEach([&](std::string_view f, std::string_view v) { out.emplace_back(f, v); });
  return out;
}

// Every pair as a map; a field seen twice is a failure.
Model Contents(const HashObject& h) {
  Model out;
  h.ForEach([&](std::string_view f, std::string_view v) {
    bool inserted = out.emplace(std::string(f), std::string(v)).second;
    EXPECT_TRUE(inserted) << "field twice: " << f;
  });
  EXPECT_EQ(out.size(), h.Size());
  return out;
}

std::string Field(int i) { return "field:" + std::to_string(i); }
std::string Value(int i) { return "value:" + std::to_string(i); }

TEST(HashObjectTest, SetGetDelPacked) {
  HashObject h;
  const Limits lim;
  EXPECT_TRUE(h.packed());
  EXPECT_STREQ(h.EncodingName(), "listpack");
  EXPECT_EQ(h.Size(), 0u);
  EXPECT_FALSE(GetField(h, "a").has_value());
  EXPECT_FALSE(h.Del("a"));

  EXPECT_TRUE(h.Set("a", "1", lim));
  EXPECT_TRUE(h.Set("b", "2", lim));
  EXPECT_TRUE(h.Set("c", "3", lim));
  EXPECT_TRUE(h.Set("", "", lim));  // empty field and value are ordinary ones
  EXPECT_EQ(h.Size(), 4u);
  EXPECT_EQ(GetField(h, "a"), "1");
  EXPECT_EQ(GetField(h, "b"), "2");
  EXPECT_EQ(GetField(h, "c"), "3");
  EXPECT_EQ(GetField(h, ""), "");
  EXPECT_FALSE(GetField(h, "d").has_value());
  EXPECT_FALSE(GetField(h, "aa").has_value());  // no prefix matches
  EXPECT_EQ(InOrder(h), (Pairs{{"a", "1"}, {"b", "2"}, {"c", "3"}, {"", ""}}));

  EXPECT_TRUE(h.Del("b"));
  EXPECT_FALSE(h.Del("b"));
  EXPECT_FALSE(GetField(h, "b").has_value());
  EXPECT_EQ(h.Size(), 3u);
  EXPECT_EQ(InOrder(h), (Pairs{{"a", "1"}, {"c", "3"}, {"", ""}}));  // order kept

  EXPECT_TRUE(h.Del(""));
  EXPECT_TRUE(h.Del("a"));
  EXPECT_TRUE(h.Del("c"));
  EXPECT_EQ(h.Size(), 0u);
  EXPECT_TRUE(InOrder(h).empty());
  EXPECT_TRUE(h.packed());

  // Usable again after being emptied.
  EXPECT_TRUE(h.Set("x", "y", lim));
  EXPECT_EQ(GetField(h, "x"), "y");
  EXPECT_EQ(h.Size(), 1u);
}

TEST(HashObjectTest, SetReturnsTrueOnlyForNewFields) {
  for (Limits lim : {Limits{512, 64}, Limits{0, 64}}) {  // packed, then hashtable from the start
    HashObject h;
    EXPECT_TRUE(h.Set("f", "1", lim));
    EXPECT_FALSE(h.Set("f", "2", lim));
    EXPECT_FALSE(h.Set("f", "2", lim));  // same value: still an update
    EXPECT_TRUE(h.Set("g", "1", lim));
    EXPECT_EQ(h.Size(), 2u);
    EXPECT_EQ(GetField(h, "f"), "2");
    EXPECT_EQ(h.packed(), lim.max_entries > 0);
    EXPECT_TRUE(h.Del("f"));
    EXPECT_TRUE(h.Set("f", "3", lim));  // new again after Del
    EXPECT_EQ(GetField(h, "f"), "3");
  }
}

TEST(HashObjectTest, OnlyNewLeavesExistingValues) {
  for (Limits lim : {Limits{512, 64}, Limits{0, 64}}) {
    HashObject h;
    EXPECT_TRUE(h.Set("f", "old", lim, /*only_new=*/true));
    EXPECT_FALSE(h.Set("f", "new", lim, /*only_new=*/true));
    EXPECT_EQ(GetField(h, "f"), "old");
    EXPECT_EQ(h.Size(), 1u);
    EXPECT_TRUE(h.Set("g", "v", lim, /*only_new=*/true));
    EXPECT_EQ(h.Size(), 2u);
    EXPECT_FALSE(h.Set("f", "new", lim));  // without only_new it overwrites
    EXPECT_EQ(GetField(h, "f"), "new");
  }
  // An existing field is left alone even when the refused value would not fit the packed
  // encoding: nothing converts.
  HashObject h;
  const Limits lim{4, 64};
  EXPECT_TRUE(h.Set("f", "v", lim));
  EXPECT_FALSE(h.Set("f", std::string(100, 'x'), lim, /*only_new=*/true));
  EXPECT_TRUE(h.packed());
  EXPECT_EQ(GetField(h, "f"), "v");
}

TEST(HashObjectTest, ConvertsWhenFieldCountPassesMaxEntries) {
  HashObject h;
  const Limits lim{4, 64};
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(h.Set(Field(i), Value(i), lim));
    EXPECT_TRUE(h.packed()) << i;
  }
  // Updating an existing field at the limit does not convert.
  EXPECT_FALSE(h.Set(Field(0), "changed", lim));
  EXPECT_TRUE(h.packed());
  EXPECT_STREQ(h.EncodingName(), "listpack");

  EXPECT_TRUE(h.Set(Field(4), Value(4), lim));  // the 5th field
  EXPECT_FALSE(h.packed());
  EXPECT_STREQ(h.EncodingName(), "hashtable");
  EXPECT_EQ(h.Size(), 5u);
  Model want{{Field(0), "changed"}};
  for (int i = 1; i < 5; ++i) want[Field(i)] = Value(i);
  EXPECT_EQ(Contents(h), want);
  for (const auto& [f, v] : want) EXPECT_EQ(GetField(h, f), v);

  // No conversion back, even down to nothing.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(h.Del(Field(i)));
  EXPECT_EQ(h.Size(), 0u);
  EXPECT_FALSE(h.packed());
  EXPECT_STREQ(h.EncodingName(), "hashtable");
  EXPECT_TRUE(h.Set("a", "b", lim));
  EXPECT_FALSE(h.packed());
  EXPECT_EQ(GetField(h, "a"), "b");
}

TEST(HashObjectTest, ConvertsWhenAValuePassesMaxValue) {
  const Limits lim{128, 64};
  HashObject h;
  EXPECT_TRUE(h.Set("a", "1", lim));
  EXPECT_TRUE(h.Set("b", std::string(64, 'v'), lim));  // exactly the limit: stays packed
  EXPECT_TRUE(h.packed());
  EXPECT_TRUE(h.Set("c", std::string(65, 'w'), lim));  // one past it
  EXPECT_FALSE(h.packed());
  EXPECT_STREQ(h.EncodingName(), "hashtable");
  EXPECT_EQ(Contents(h), (Model{{"a", "1"}, {"b", std::string(64, 'v')},
                                {"c", std::string(65, 'w')}}));
  // Shrinking the value again does not convert back.
  EXPECT_FALSE(h.Set("c", "short", lim));
  EXPECT_TRUE(h.Del("b"));
  EXPECT_FALSE(h.packed());
  EXPECT_EQ(Contents(h), (Model{{"a", "1"}, {"c", "short"}}));
}

TEST(HashObjectTest, ConvertsWhenAFieldPassesMaxValue) {
  const Limits lim{128, 64};
  HashObject h;
  EXPECT_TRUE(h.Set("a", "1", lim));
  EXPECT_TRUE(h.Set(std::string(64, 'f'), "2", lim));
  EXPECT_TRUE(h.packed());
  EXPECT_TRUE(h.Set(std::string(65, 'g'), "3", lim));
  EXPECT_FALSE(h.packed());
  EXPECT_EQ(Contents(h), (Model{{"a", "1"}, {std::string(64, 'f'), "2"},
                                {std::string(65, 'g'), "3"}}));
}

TEST(HashObjectTest, ConvertsWhenAnUpdateIsTooLong) {
  const Limits lim{128, 64};
  HashObject h;
  EXPECT_TRUE(h.Set("a", "1", lim));
  EXPECT_TRUE(h.Set("b", "2", lim));
  EXPECT_FALSE(h.Set("a", std::string(65, 'x'), lim));  // an existing field: not new
  EXPECT_FALSE(h.packed());
  EXPECT_EQ(h.Size(), 2u);
  EXPECT_EQ(Contents(h), (Model{{"a", std::string(65, 'x')}, {"b", "2"}}));
}

// Values replaced in place by longer and shorter ones, across the 128-byte varint step,
// at the start, the middle and the end of the buffer: the other pairs stay intact.
TEST(HashObjectTest, PackedReplaceKeepsOthersIntact) {
  const Limits lim{64, 1000};
  HashObject h;
  Pairs want;
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(h.Set(Field(i), Value(i), lim));
    want.emplace_back(Field(i), Value(i));
  }
  ASSERT_TRUE(h.packed());
  const std::vector<size_t> lengths = {0, 1, 5, 127, 128, 300, 126, 2, 999, 0, 64};
  for (int target : {0, 3, 5}) {
    for (size_t len : lengths) {
      std::string v(len, char('a' + len % 26));
      EXPECT_FALSE(h.Set(Field(target), v, lim));
      want[size_t(target)].second = v;
      ASSERT_TRUE(h.packed());
      ASSERT_EQ(InOrder(h), want) << "field " << target << " len " << len;
      ASSERT_EQ(GetField(h, Field(target)), v);
    }
  }
  // And after a deletion in the middle, replacing around the gap.
  EXPECT_TRUE(h.Del(Field(2)));
  want.erase(want.begin() + 2);
  EXPECT_FALSE(h.Set(Field(1), std::string(200, 'z'), lim));
  want[1].second = std::string(200, 'z');
  EXPECT_FALSE(h.Set(Field(3), "", lim));
  want[2].second = "";
  EXPECT_EQ(InOrder(h), want);
}

// Random operations on the hash and on a std::map must agree. Each round starts a new hash,
// so that with small limits both encodings (and the conversion) are exercised repeatedly.
// With small_universe > 0, every fourth round (1, 5, 9, ...) draws its fields from that
// many names and only short values, so that it can stay packed. Returns how many rounds
// ended in each encoding.
struct Ended {
  int in_packed = 0;
  int in_table = 0;
};

Ended RandomAgainstModel(Limits lim, uint32_t seed, int rounds, int steps, int universe,
                         int small_universe = 0) {
  std::mt19937 rng(seed);
  Ended ended;
  for (int round = 0; round < rounds; ++round) {
    const bool narrow = small_universe > 0 && round % 4 == 1;
    const uint32_t names = uint32_t(narrow ? small_universe : universe);
    auto value = [&] {
      // Some values pass max_value (64) unless the round keeps them short.
      size_t len = !narrow && rng() % 8 == 0 ? rng() % 100 : rng() % 10;
      return std::string(len, char('a' + rng() % 26));
    };
    HashObject h;
    Model m;
    for (int step = 0; step < steps; ++step) {
      std::string f = "f" + std::to_string(rng() % names);
      int op = int(rng() % 20);
      if (op < 8) {
        std::string v = value();
        bool is_new = m.count(f) == 0;
        EXPECT_EQ(h.Set(f, v, lim), is_new) << "round " << round << " step " << step;
        m[f] = v;
      } else if (op < 10) {
        std::string v = value();
        bool is_new = m.count(f) == 0;
        EXPECT_EQ(h.Set(f, v, lim, /*only_new=*/true), is_new);
        if (is_new) m[f] = v;
      } else if (op < 15) {
        bool had = m.erase(f) == 1;
        EXPECT_EQ(h.Del(f), had) << "round " << round << " step " << step;
      } else {
        auto it = m.find(f);
        auto got = GetField(h, f);
        if (it == m.end()) {
          EXPECT_FALSE(got.has_value()) << f;
        } else {
          EXPECT_EQ(got, it->second) << f;
        }
      }
      EXPECT_EQ(h.Size(), m.size()) << "round " << round << " step " << step;
      if (step % 32 == 0) {
        EXPECT_EQ(Contents(h), m) << "round " << round << " step " << step;
        if (::testing::Test::HasFailure()) return ended;
      }
    }
    EXPECT_EQ(Contents(h), m) << "round " << round;
    for (const auto& [f, v] : m) EXPECT_EQ(GetField(h, f), v);
    // A packed hash respects its limits.
    if (h.packed()) {
      EXPECT_LE(int64_t(h.Size()), lim.max_entries);
      h.ForEach([&](std::string_view f, std::string_view v) {
        EXPECT_LE(int64_t(f.size()), lim.max_value);
        EXPECT_LE(int64_t(v.size()), lim.max_value);
      });
    }
    std::unique_ptr<Object> copy(h.Clone());
    EXPECT_EQ(Contents(*static_cast<HashObject*>(copy.get())), m);
    if (h.packed()) {
      ++ended.in_packed;
    } else {
      ++ended.in_table;
    }
    if (::testing::Test::HasFailure()) break;
  }
  return ended;
}

TEST(HashObjectTest, RandomOpsSmallMaxEntries) {
  // Around a limit of 8: rounds over 16 names convert, rounds over 8 names with short values
  // cannot.
  Ended ended = RandomAgainstModel(Limits{8, 64}, 1, 40, 150, 16, /*small_universe=*/8);
  EXPECT_GE(ended.in_packed, 10);
  EXPECT_GT(ended.in_table, 0);
}

TEST(HashObjectTest, RandomOpsSmallMaxEntriesLongRun) {
  RandomAgainstModel(Limits{8, 64}, 2, 1, 4000, 24);
}

TEST(HashObjectTest, RandomOpsLargeMaxEntries) {
  // Default limits, more names than max_entries: converts part way through.
  Ended ended = RandomAgainstModel(Limits{512, 64}, 3, 1, 6000, 1500);
  EXPECT_EQ(ended.in_table, 1);
}

TEST(HashObjectTest, RandomOpsAlwaysPacked) {
  // Limits nothing reaches: the packed encoding alone, with values up to 100 bytes.
  Ended ended = RandomAgainstModel(Limits{1 << 20, 1 << 20}, 4, 4, 3000, 300);
  EXPECT_EQ(ended.in_packed, 4);
  EXPECT_EQ(ended.in_table, 0);
}

TEST(HashObjectTest, RandomOpsAlwaysHashtable) {
  // max_entries 0: the first field already converts.
  Ended ended = RandomAgainstModel(Limits{0, 64}, 5, 2, 4000, 500);
  EXPECT_EQ(ended.in_packed, 0);
  EXPECT_EQ(ended.in_table, 2);
}

// Walks cursor 0 .. 0 with `count`; every field must come back at least once.
void ExpectFullScan(const HashObject& h, size_t count, const Model& want) {
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = h.Scan(cursor, count, [&](std::string_view f, std::string_view v) {
      auto it = want.find(std::string(f));
      ASSERT_NE(it, want.end()) << "unknown field " << f;
      EXPECT_EQ(v, it->second);
      seen.emplace(f);
    });
    ASSERT_LT(++calls, 100000) << "the cursor walk does not end";
  } while (cursor != 0);
  EXPECT_EQ(seen.size(), want.size()) << "count " << count;
  if (count == 1) {
    EXPECT_GT(calls, 1);  // a large table is not returned in one call
  }
}

TEST(HashObjectTest, ScanHashtableReturnsEveryField) {
  const Limits lim{8, 64};
  HashObject h;
  Model want;
  for (int i = 0; i < 500; ++i) {
    h.Set(Field(i), Value(i), lim);
    want[Field(i)] = Value(i);
  }
  ASSERT_FALSE(h.packed());
  for (size_t count : {1, 2, 3, 7, 10, 100, 1000}) ExpectFullScan(h, count, want);

  // After deleting some (not enough to shrink the table), the rest still all come back.
  for (int i = 0; i < 500; i += 3) {
    h.Del(Field(i));
    want.erase(Field(i));
  }
  for (size_t count : {1, 4, 10}) ExpectFullScan(h, count, want);
}

TEST(HashObjectTest, ScanPackedReturnsAllAtOnce) {
  const Limits lim;
  HashObject h;
  Model want;
  for (int i = 0; i < 20; ++i) {
    h.Set(Field(i), Value(i), lim);
    want[Field(i)] = Value(i);
  }
  ASSERT_TRUE(h.packed());
  Model got;
  uint64_t next = h.Scan(0, 1, [&](std::string_view f, std::string_view v) {
    got.emplace(std::string(f), std::string(v));
  });
  EXPECT_EQ(next, 0u);
  EXPECT_EQ(got, want);
}

TEST(HashObjectTest, RandomReturnsExistingFieldsUniformly) {
  const Limits lim{4, 64};
  HashObject h;
  Model want;
  for (int i = 0; i < 20; ++i) {
    h.Set(Field(i), Value(i), lim);
    want[Field(i)] = Value(i);
  }
  ASSERT_FALSE(h.packed());
  std::map<std::string, int> counts;
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i) {
    h.Random([&](std::string_view f, std::string_view v) {
      auto it = want.find(std::string(f));
      ASSERT_NE(it, want.end()) << "unknown field " << f;
      EXPECT_EQ(v, it->second);
      ++counts[std::string(f)];
    });
  }
  EXPECT_EQ(counts.size(), want.size());  // every field drawn
  const double mean = double(kDraws) / double(want.size());
  for (const auto& [f, n] : counts) {
    EXPECT_GE(n, 0.5 * mean) << f;
    EXPECT_LE(n, 1.5 * mean) << f;
  }
}

TEST(HashObjectTest, RandomPackedAndAfterDeletes) {
  const Limits lim;
  HashObject h;
  for (int i = 0; i < 10; ++i) h.Set(Field(i), Value(i), lim);
  ASSERT_TRUE(h.packed());
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) {
    h.Random([&](std::string_view f, std::string_view v) {
      EXPECT_EQ(GetField(h, f), std::string(v));
      seen.emplace(f);
    });
  }
  EXPECT_EQ(seen.size(), 10u);

  // A hashtable hash with most fields deleted draws only the survivors.
  HashObject t;
  const Limits tiny{4, 64};
  for (int i = 0; i < 300; ++i) t.Set(Field(i), Value(i), tiny);
  for (int i = 0; i < 300; ++i)
    if (i % 50 != 0) t.Del(Field(i));
  ASSERT_EQ(t.Size(), 6u);
  ASSERT_FALSE(t.packed());
  std::set<std::string> drawn;
  for (int i = 0; i < 3000; ++i)
    t.Random([&](std::string_view f, std::string_view) { drawn.emplace(f); });
  EXPECT_EQ(drawn, (std::set<std::string>{Field(0), Field(50), Field(100), Field(150),
                                          Field(200), Field(250)}));

  // PackedAt follows the encoding's order.
  std::string f2;
  h.PackedAt(2, [&](std::string_view f, std::string_view) { f2 = f; });
  EXPECT_EQ(f2, Field(2));
}

TEST(HashObjectTest, CloneCopiesBothEncodings) {
  for (Limits lim : {Limits{512, 64}, Limits{4, 64}}) {
    HashObject h;
    Model want;
    for (int i = 0; i < 30; ++i) {
      h.Set(Field(i), Value(i), lim);
      want[Field(i)] = Value(i);
    }
    std::unique_ptr<Object> copy(h.Clone());
    auto* c = static_cast<HashObject*>(copy.get());
    EXPECT_EQ(c->packed(), h.packed());
    EXPECT_STREQ(c->EncodingName(), h.EncodingName());
    EXPECT_EQ(c->Size(), h.Size());
    EXPECT_EQ(Contents(*c), want);
    if (h.packed()) {
      EXPECT_EQ(InOrder(*c), InOrder(h));
    }
    EXPECT_GT(c->MemoryUsage(), 0u);

    // The copy is independent of the original.
    EXPECT_FALSE(c->Set(Field(0), "changed", lim));
    EXPECT_TRUE(c->Del(Field(1)));
    EXPECT_EQ(GetField(h, Field(0)), Value(0));
    EXPECT_EQ(GetField(h, Field(1)), Value(1));
    EXPECT_EQ(Contents(h), want);
    h.Set(Field(2), "orig-changed", lim);
    EXPECT_EQ(GetField(*c, Field(2)), Value(2));
  }
  // An empty hash clones to an empty one.
  HashObject empty;
  std::unique_ptr<Object> copy(empty.Clone());
  EXPECT_EQ(copy->Size(), 0u);
  EXPECT_TRUE(Contents(*static_cast<HashObject*>(copy.get())).empty());
}

TEST(HashObjectTest, MemoryUsageFollowsPackedFields) {
  const Limits lim;
  HashObject h;
  const size_t base = h.MemoryUsage();
  EXPECT_GT(base, 0u);
  size_t prev = base;
  for (int i = 0; i < 100; ++i) {
    h.Set(Field(i), std::string(40, 'v'), lim);
    EXPECT_GE(h.MemoryUsage(), prev) << i;
    prev = h.MemoryUsage();
  }
  ASSERT_TRUE(h.packed());
  EXPECT_GT(prev, base + 100 * 40);  // at least the value bytes
  for (int i = 0; i < 100; ++i) h.Del(Field(i));
  EXPECT_LE(h.MemoryUsage(), base + 64);  // the buffer is given back
}

TEST(HashObjectTest, MemoryUsageFollowsHashtableFields) {
  const Limits lim{8, 64};
  HashObject h;
  const size_t base = h.MemoryUsage();
  size_t checkpoint = base;
  for (int i = 0; i < 2000; ++i) {
    h.Set(Field(i), std::string(20, 'v'), lim);
    if (i % 100 == 99) {
      EXPECT_GT(h.MemoryUsage(), checkpoint) << i;
      checkpoint = h.MemoryUsage();
    }
  }
  ASSERT_FALSE(h.packed());
  const size_t peak = h.MemoryUsage();
  EXPECT_GT(peak, base + 2000 * 20);

  // Replacing values by longer ones grows it, by shorter ones shrinks it back.
  for (int i = 0; i < 2000; ++i) h.Set(Field(i), std::string(60, 'w'), lim);
  EXPECT_GT(h.MemoryUsage(), peak);
  for (int i = 0; i < 2000; ++i) h.Set(Field(i), std::string(20, 'v'), lim);
  EXPECT_LT(h.MemoryUsage(), peak + peak / 10);

  for (int i = 0; i < 2000; ++i) h.Del(Field(i));
  EXPECT_EQ(h.Size(), 0u);
  // The blocks are gone and the sparse table was rebuilt small: only a few buckets and the
  // table's own struct remain.
  EXPECT_LT(h.MemoryUsage(), base + 2048);
  EXPECT_LT(h.MemoryUsage(), peak / 10);
}

}  // namespace
}  // namespace tessera::storage
