// SetObject (storage/set.h): both encodings against a std::set model, conversion at the
// intset limit and on a non-integer member, SSCAN's walk, and the uniformity of random
// draws (loosely: every member within 50%..150% of the mean).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "storage/set.h"

namespace tessera::storage {
namespace {

std::set<std::string> All(const SetObject& s) {
  std::set<std::string> out;
  s.ForEach([&](std::string_view m) { out.emplace(m); });
  return out;
}

TEST(SetObjectTest, IntsetStaysSortedAndConvertsAtTheLimit) {
  SetObject s;
  for (int v : {5, -3, 12, 0}) EXPECT_TRUE(s.Add(std::to_string(v), 4));
  EXPECT_FALSE(s.Add("5", 4));
  EXPECT_STREQ(s.EncodingName(), "intset");
  std::vector<std::string> order;
  s.ForEach([&](std::string_view m) { order.emplace_back(m); });
  EXPECT_EQ(order, (std::vector<std::string>{"-3", "0", "5", "12"}));
  EXPECT_TRUE(s.Add("7", 4));  // a fifth integer passes set-max-intset-entries 4
  EXPECT_STREQ(s.EncodingName(), "hashtable");
  EXPECT_EQ(All(s), (std::set<std::string>{"-3", "0", "5", "7", "12"}));
  EXPECT_TRUE(s.Remove("7"));
  EXPECT_STREQ(s.EncodingName(), "hashtable");  // never converts back
}

TEST(SetObjectTest, NonCanonicalIntegersAreStrings) {
  for (std::string m : {"007", "+1", "-0", " 1", "1.0", "9223372036854775808", "abc"}) {
    SetObject s;
    s.Add("1", 512);
    EXPECT_TRUE(s.Add(m, 512)) << m;
    EXPECT_STREQ(s.EncodingName(), "hashtable") << m;
    EXPECT_TRUE(s.Contains(m)) << m;
    EXPECT_TRUE(s.Contains("1"));
  }
  SetObject s;
  s.Add("-9223372036854775808", 512);
  EXPECT_STREQ(s.EncodingName(), "intset");
  EXPECT_FALSE(s.Contains("007"));
  EXPECT_FALSE(s.Remove("007"));
}

void RandomAgainstModel(int64_t max_intset, uint32_t seed) {
  std::mt19937 rng(seed);
  SetObject s;
  std::set<std::string> m;
  for (int step = 0; step < 5000; ++step) {
    std::string v = rng() % 5 ? std::to_string(int(rng() % 200) - 100)
                              : "m" + std::to_string(rng() % 50);
    int op = int(rng() % 4);
    if (op < 2) {
      ASSERT_EQ(s.Add(v, max_intset), m.insert(v).second) << step;
    } else if (op == 2) {
      ASSERT_EQ(s.Remove(v), m.erase(v) == 1) << step;
    } else if (!m.empty()) {
      std::string got;
      s.PopRandom([&](std::string_view x) { got = x; });
      ASSERT_EQ(m.erase(got), 1u) << step << " popped " << got;
    }
    ASSERT_EQ(s.Size(), m.size());
    ASSERT_EQ(s.Contains(v), m.count(v) == 1);
    if (step % 50 == 0) {
      ASSERT_EQ(All(s), m) << step;
    }
  }
  std::unique_ptr<Object> c(s.Clone());
  EXPECT_EQ(All(*static_cast<SetObject*>(c.get())), m);
}

TEST(SetObjectTest, RandomOpsIntsetLimit8) { RandomAgainstModel(8, 1); }
TEST(SetObjectTest, RandomOpsDefaultLimit) { RandomAgainstModel(512, 2); }
TEST(SetObjectTest, RandomOpsAlwaysTable) { RandomAgainstModel(0, 3); }

TEST(SetObjectTest, ScanWalkReturnsEveryMember) {
  SetObject s;
  for (int i = 0; i < 1000; ++i) s.Add("member:" + std::to_string(i), 512);
  for (size_t count : {1, 7, 100}) {
    std::set<std::string> seen;
    uint64_t cursor = 0;
    int calls = 0;
    do {
      cursor = s.Scan(cursor, count, [&](std::string_view m) { seen.emplace(m); });
      ASSERT_LT(++calls, 100000);
    } while (cursor != 0);
    EXPECT_EQ(seen.size(), 1000u) << count;
  }
}

// Every member drawn about as often as the others: a loose check that would catch a draw
// biased by chain position or bucket (e.g. always the head of a chain).
void CheckUniform(SetObject& s, size_t members, int draws) {
  std::map<std::string, int> counts;
  for (int i = 0; i < draws; ++i) s.Random([&](std::string_view m) { ++counts[std::string(m)]; });
  ASSERT_EQ(counts.size(), members);
  double mean = double(draws) / double(members);
  for (const auto& [m, n] : counts) {
    EXPECT_GT(n, mean * 0.5) << m;
    EXPECT_LT(n, mean * 1.5) << m;
  }
}

TEST(SetObjectTest, RandomDrawsAreUniform) {
  SetObject table, ints;
  for (int i = 0; i < 40; ++i) table.Add("m" + std::to_string(i), 512);
  for (int i = 0; i < 40; ++i) ints.Add(std::to_string(i * 3), 512);
  ASSERT_STREQ(table.EncodingName(), "hashtable");
  ASSERT_STREQ(ints.EncodingName(), "intset");
  CheckUniform(table, 40, 40000);
  CheckUniform(ints, 40, 40000);
}

// Popping a large set down to a few members keeps draws cheap and correct: the table is
// rebuilt smaller once it is sparse, and no member is lost or duplicated on the way.
TEST(SetObjectTest, PopDownALargeSet) {
  SetObject s;
  std::set<std::string> m;
  for (int i = 0; i < 20000; ++i) {
    s.Add("k" + std::to_string(i), 512);
    m.insert("k" + std::to_string(i));
  }
  size_t mem_full = s.MemoryUsage();
  while (s.Size() > 5) {
    std::string got;
    s.PopRandom([&](std::string_view x) { got = x; });
    ASSERT_EQ(m.erase(got), 1u);
  }
  EXPECT_EQ(All(s), m);
  EXPECT_LT(s.MemoryUsage(), mem_full / 20);  // blocks and buckets given back
}

}  // namespace
}  // namespace tessera::storage
