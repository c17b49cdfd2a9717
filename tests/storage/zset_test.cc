// ZSetObject in both encodings, and the ScoreTree under it, against a std::set model:
// random inserts, updates, removals and rank-range removals, checking order, ranks, counts
// below bounds and walks both ways after each batch.
#include "storage/zset.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tessera::storage {
namespace {

using Model = std::set<std::pair<double, std::string>>;

void CheckSame(const ZSetObject& z, const Model& m, std::mt19937_64& rng) {
  ASSERT_EQ(z.Size(), m.size());
  std::vector<std::pair<double, std::string>> got;
  z.ForEach([&](std::string_view mem, double s) {
    got.emplace_back(s, std::string(mem));
    return true;
  });
  std::vector<std::pair<double, std::string>> want(m.begin(), m.end());
  ASSERT_EQ(got, want);
  if (m.empty()) return;
  // Ranks, reverse walks and counts at random points.
  for (int k = 0; k < 20; ++k) {
    size_t r = rng() % m.size();
    auto it = std::next(m.begin(), ptrdiff_t(r));
    EXPECT_EQ(z.Rank(it->second, it->first), r);
    double s;
    ASSERT_TRUE(z.Score(it->second, &s));
    EXPECT_EQ(s, it->first);
    size_t below = 0, upto = 0;
    for (const auto& e : m) {
      below += e.first < it->first;
      upto += e.first <= it->first;
    }
    EXPECT_EQ(z.CountScoreBelow(it->first, false), below);
    EXPECT_EQ(z.CountScoreBelow(it->first, true), upto);
    std::vector<std::string> rev;
    z.Walk(r, true, [&](std::string_view mem, double) {
      rev.emplace_back(mem);
      return rev.size() < 5;
    });
    for (size_t i = 0; i < rev.size(); ++i)
      EXPECT_EQ(rev[i], std::next(m.begin(), ptrdiff_t(r - i))->second);
  }
}

void RunModel(ZSetObject::Limits lim, int rounds, int universe, uint64_t seed) {
  std::mt19937_64 rng(seed);
  ZSetObject z;
  Model m;
  std::map<std::string, double> score;
  size_t empty_usage = z.MemoryUsage();
  for (int round = 0; round < rounds; ++round) {
    for (int op = 0; op < 200; ++op) {
      std::string mem = "m" + std::to_string(rng() % size_t(universe));
      double s = double(int64_t(rng() % 100) - 50) / ((rng() % 3) + 1);  // ties and fractions
      int kind = int(rng() % 10);
      auto it = score.find(mem);
      if (kind < 6) {
        bool added = z.Set(mem, s, lim);
        EXPECT_EQ(added, it == score.end());
        if (it != score.end()) {
          m.erase({it->second, mem});
          if (it->second == s) s = it->second;  // equal scores keep the stored one
        }
        m.insert({s, mem});
        score[mem] = s;
      } else if (kind < 9) {
        EXPECT_EQ(z.Remove(mem), it != score.end());
        if (it != score.end()) {
          m.erase({it->second, mem});
          score.erase(it);
        }
      } else if (!m.empty()) {
        size_t from = rng() % m.size();
        size_t to = std::min(m.size() - 1, from + rng() % 8);
        z.RemoveRanks(from, to);
        auto a = std::next(m.begin(), ptrdiff_t(from));
        auto b = std::next(m.begin(), ptrdiff_t(to + 1));
        for (auto i = a; i != b; ++i) score.erase(i->second);
        m.erase(a, b);
      }
    }
    CheckSame(z, m, rng);
    std::unique_ptr<Object> c(z.Clone());
    CheckSame(*static_cast<ZSetObject*>(c.get()), m, rng);
  }
  // Removing everything gives the tree's nodes back.
  while (!m.empty()) {
    ASSERT_TRUE(z.Remove(m.begin()->second));
    m.erase(m.begin());
  }
  if (z.packed()) {
    EXPECT_EQ(z.MemoryUsage(), empty_usage);
  }
}

TEST(ZSetObject, PackedMatchesModel) {
  ZSetObject::Limits lim{1 << 20, 64};
  RunModel(lim, 10, 100, 1);
}

TEST(ZSetObject, TreeMatchesModel) {
  ZSetObject::Limits lim{0, 64};
  RunModel(lim, 30, 3000, 2);
  RunModel(lim, 10, 50, 3);  // a small tree: merges down to one leaf
}

TEST(ZSetObject, ConvertsPastTheLimits) {
  ZSetObject z;
  ZSetObject::Limits lim{4, 8};
  for (int i = 0; i < 4; ++i) z.Insert("m" + std::to_string(i), i, lim);
  EXPECT_STREQ(z.EncodingName(), "listpack");
  z.Insert("m4", 4, lim);
  EXPECT_STREQ(z.EncodingName(), "skiplist");
  ZSetObject w;
  w.Insert("a-very-long-member", 1, lim);
  EXPECT_STREQ(w.EncodingName(), "skiplist");
}

TEST(ZSetObject, ScoresRoundTripInThePackedForm) {
  ZSetObject z;
  ZSetObject::Limits lim;
  const double scores[] = {0.0, -0.0, 1, -1, 0.1, 1e300, -1e-300, 9007199254740992.0,
                           9007199254740993.0 * 2, std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(), 123456789012.0};
  int i = 0;
  for (double s : scores) z.Insert("m" + std::to_string(i++), s, lim);
  i = 0;
  for (double s : scores) {
    double got;
    ASSERT_TRUE(z.Score("m" + std::to_string(i++), &got));
    EXPECT_EQ(got, s);
    // -0 is an integer to a listpack, so it comes back as 0, as from Redis's.
    EXPECT_EQ(std::signbit(got), std::signbit(s) && s != 0);
  }
}

TEST(ZSetObject, InOrderInsertsPackLeaves) {
  ZSetObject::Limits lim{0, 64};
  ZSetObject asc, rnd;
  std::vector<int> order(100000);
  for (int i = 0; i < 100000; ++i) order[size_t(i)] = i;
  for (int i : order) asc.Insert("member" + std::to_string(i), i, lim);
  std::mt19937_64 rng(5);
  std::shuffle(order.begin(), order.end(), rng);
  for (int i : order) rnd.Insert("member" + std::to_string(i), i, lim);
  // Ascending inserts fill leaves completely; random ones about 70%.
  EXPECT_LT(asc.MemoryUsage(), rnd.MemoryUsage());
  EXPECT_EQ(asc.Rank("member500", 500), 500u);
  EXPECT_EQ(rnd.Rank("member99999", 99999), 99999u);
  // Three levels deep: remove a random half (merges and borrows), then check every rank.
  for (size_t i = 0; i < order.size(); i += 2) {
    ASSERT_TRUE(rnd.Remove("member" + std::to_string(order[i])));
    ASSERT_TRUE(asc.Remove("member" + std::to_string(order[i])));
  }
  for (ZSetObject* z : {&asc, &rnd}) {
    ASSERT_EQ(z->Size(), 50000u);
    size_t r = 0;
    double last = -1;
    z->ForEach([&](std::string_view m, double s) {
      EXPECT_GT(s, last);
      last = s;
      EXPECT_EQ(z->Rank(m, s), r++);
      return true;
    });
    EXPECT_EQ(r, 50000u);
  }
}

}  // namespace
}  // namespace tessera::storage
