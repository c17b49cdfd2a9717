// SORT and SORT_RO (commands/sort.cc, storage/ops/sort_ops.cc) through the real registry, in
// RESP2 and RESP3, with replies checked against Redis 7.0: numeric and ALPHA order, DESC,
// LIMIT clamping, BY patterns (string keys, hash fields, missing keys), BY without '*'
// (container order, zsets by rank), GET # and GET patterns, STORE (a list, replacing any
// type, dropping the TTL, deleting the destination on an empty result), SORT_RO's refusal of
// STORE, the errors, the zset conversion to skiplist, COMMAND GETKEYS and SORT inside EXEC.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class SortTest : public CommandTest {
 protected:
  // An array of bulk strings, with std::nullopt for a null (a missing GET).
  std::string Items(std::initializer_list<std::optional<std::string_view>> items) const {
    std::string s = Arr(items.size());
    for (const auto& i : items) s += i ? Bulk(*i) : Nil();
    return s;
  }
  static std::string NotDouble() {
    return Err("ERR One or more scores can't be converted into double");
  }
  // l = [1, 2, 3], with weights w_1=30 w_2=10 w_3=20 and names n_1, n_2 (n_3 missing).
  void WeightedList() {
    ASSERT_EQ(Run({"rpush", "l", "1", "2", "3"}), Int(3));
    ASSERT_EQ(Run({"mset", "w_1", "30", "w_2", "10", "w_3", "20", "n_1", "one", "n_2", "two"}),
              Ok());
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, SortTest, ::testing::Values(2, 3));

TEST_P(SortTest, NumericAndDesc) {
  Run({"rpush", "l", "3", "1", "2", "10", "-5", "1.5"});
  EXPECT_EQ(Run({"sort", "l"}), Items({"-5", "1", "1.5", "2", "3", "10"}));
  EXPECT_EQ(Run({"sort", "l", "desc"}), Items({"10", "3", "2", "1.5", "1", "-5"}));
  EXPECT_EQ(Run({"sort", "l", "desc", "asc"}), Items({"-5", "1", "1.5", "2", "3", "10"}));
  EXPECT_EQ(Run({"sort_ro", "l", "desc"}), Items({"10", "3", "2", "1.5", "1", "-5"}));
  EXPECT_EQ(Run({"lrange", "l", "0", "-1"}), Items({"3", "1", "2", "10", "-5", "1.5"}));
  EXPECT_EQ(Run({"sort", "nokey"}), Arr(0));
}

TEST_P(SortTest, Alpha) {
  Run({"rpush", "l", "3", "1", "2", "10", "-5", "1.5"});
  EXPECT_EQ(Run({"sort", "l", "alpha"}), Items({"-5", "1", "1.5", "10", "2", "3"}));
  EXPECT_EQ(Run({"sort", "l", "alpha", "desc"}), Items({"3", "2", "10", "1.5", "1", "-5"}));
  Run({"rpush", "w", "a", "1", "b"});
  EXPECT_EQ(Run({"sort", "w", "alpha"}), Items({"1", "a", "b"}));
  EXPECT_EQ(Run({"sort", "w", "desc", "alpha", "limit", "0", "2"}), Items({"b", "a"}));
}

TEST_P(SortTest, NotADoubleError) {
  Run({"rpush", "w", "a", "1", "b"});
  EXPECT_EQ(Run({"sort", "w"}), NotDouble());
  EXPECT_EQ(Run({"sort_ro", "w"}), NotDouble());
  Run({"sadd", "s", "b", "c", "a"});
  EXPECT_EQ(Run({"sort", "s"}), NotDouble());
  EXPECT_EQ(Run({"sort", "s", "store", "d"}), NotDouble());
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  // A BY pattern's values are what must parse.
  Run({"rpush", "l", "1", "2", "3"});
  Run({"mset", "x_1", "b", "x_2", "a", "x_3", "c"});
  EXPECT_EQ(Run({"sort", "l", "by", "x_*"}), NotDouble());
  EXPECT_EQ(Run({"sort", "l", "by", "x_*", "alpha"}), Items({"2", "1", "3"}));
}

TEST_P(SortTest, SetsAndZSets) {
  Run({"sadd", "s", "3", "1", "2"});
  EXPECT_EQ(Run({"sort", "s"}), Items({"1", "2", "3"}));
  EXPECT_EQ(Run({"sort", "s", "desc"}), Items({"3", "2", "1"}));
  Run({"sadd", "s2", "b", "c", "a"});
  EXPECT_EQ(Run({"sort", "s2", "alpha"}), Items({"a", "b", "c"}));
  Run({"zadd", "z", "3", "a", "1", "b", "2", "c"});
  EXPECT_EQ(Run({"sort", "z", "alpha"}), Items({"a", "b", "c"}));  // by member, not score
}

TEST_P(SortTest, LimitClamping) {
  Run({"rpush", "l", "3", "1", "2", "10", "-5", "1.5"});
  EXPECT_EQ(Run({"sort", "l", "limit", "1", "2"}), Items({"1", "1.5"}));
  EXPECT_EQ(Run({"sort", "l", "limit", "-1", "2"}), Items({"-5", "1"}));  // start clamps to 0
  EXPECT_EQ(Run({"sort", "l", "limit", "0", "-1"}),
            Items({"-5", "1", "1.5", "2", "3", "10"}));  // a negative count: everything
  EXPECT_EQ(Run({"sort", "l", "limit", "4", "10"}), Items({"3", "10"}));
  EXPECT_EQ(Run({"sort", "l", "limit", "10", "2"}), Arr(0));
  EXPECT_EQ(Run({"sort", "l", "limit", "2", "0"}), Arr(0));
  EXPECT_EQ(Run({"sort", "l", "limit", "0", "1", "limit", "1", "1"}), Items({"1"}));  // last
}

TEST_P(SortTest, ArgumentErrors) {
  Run({"rpush", "l", "1", "2"});
  EXPECT_EQ(Run({"sort", "l", "limit", "x", "1"}), NotInt());
  EXPECT_EQ(Run({"sort", "l", "limit", "0", "y"}), NotInt());
  EXPECT_EQ(Run({"sort", "l", "limit", "1"}), Syntax());  // too few arguments left
  EXPECT_EQ(Run({"sort", "l", "limit", "0", "1", "foo"}), Syntax());
  EXPECT_EQ(Run({"sort", "l", "foo"}), Syntax());
  EXPECT_EQ(Run({"sort", "l", "get"}), Syntax());
  EXPECT_EQ(Run({"sort", "l", "by"}), Syntax());
  EXPECT_EQ(Run({"sort", "l", "store"}), Syntax());
  EXPECT_EQ(Run({"sort"}), WrongArgs("sort"));
  EXPECT_EQ(Run({"sort_ro"}), WrongArgs("sort_ro"));
}

TEST_P(SortTest, SortRoRejectsStore) {
  Run({"rpush", "l", "2", "1"});
  EXPECT_EQ(Run({"sort_ro", "l", "store", "d"}), Syntax());
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  EXPECT_EQ(Run({"sort_ro", "l"}), Items({"1", "2"}));
}

TEST_P(SortTest, WrongType) {
  Run({"set", "str", "x"});
  Run({"hset", "h", "f", "v"});
  EXPECT_EQ(Run({"sort", "str"}), WrongType());
  EXPECT_EQ(Run({"sort_ro", "str"}), WrongType());
  EXPECT_EQ(Run({"sort", "h"}), WrongType());
  EXPECT_EQ(Run({"sort", "str", "by", "nosort"}), WrongType());
  EXPECT_EQ(Run({"sort", "h", "store", "d"}), WrongType());
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
}

TEST_P(SortTest, ByStringKeys) {
  WeightedList();
  EXPECT_EQ(Run({"sort", "l", "by", "w_*"}), Items({"2", "3", "1"}));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "desc"}), Items({"1", "3", "2"}));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "limit", "0", "2"}), Items({"2", "3"}));
}

TEST_P(SortTest, ByMissingKeysSortAsZero) {
  Run({"rpush", "l", "1", "2", "3"});
  Run({"mset", "w_1", "5", "w_2", "-1"});  // w_3 missing: 0
  EXPECT_EQ(Run({"sort", "l", "by", "w_*"}), Items({"2", "3", "1"}));
  // All missing: all equal, and the sort is stable.
  EXPECT_EQ(Run({"sort", "l", "by", "missing_*"}), Items({"1", "2", "3"}));
  EXPECT_EQ(Run({"sort", "l", "by", "missing_*", "desc"}), Items({"3", "2", "1"}));
}

TEST_P(SortTest, ByHashField) {
  Run({"rpush", "l", "1", "2", "3"});
  Run({"hset", "h_1", "f", "3", "g", "x"});
  Run({"hset", "h_2", "f", "1"});
  Run({"hset", "h_3", "f", "2"});
  EXPECT_EQ(Run({"sort", "l", "by", "h_*->f"}), Items({"2", "3", "1"}));
  EXPECT_EQ(Run({"sort", "l", "by", "h_*->nof"}), Items({"1", "2", "3"}));  // missing: 0
  EXPECT_EQ(Run({"sort", "l", "by", "h_*->f", "get", "h_*->g"}),
            Items({std::nullopt, std::nullopt, "x"}));
  EXPECT_EQ(Run({"sort", "l", "get", "h_*->f"}), Items({"3", "1", "2"}));
  EXPECT_EQ(Run({"sort", "l", "get", "h_*->"}), Items({std::nullopt, std::nullopt, std::nullopt}));
  Run({"mset", "w_1", "1", "w_2", "2", "w_3", "3"});
  EXPECT_EQ(Run({"sort", "l", "get", "w_*->f"}),  // a string is no hash: null
            Items({std::nullopt, std::nullopt, std::nullopt}));
}

// A BY pattern without '*' skips sorting: lists keep their order, zsets go by rank.
TEST_P(SortTest, ByWithoutStarKeepsOrder) {
  Run({"rpush", "l", "3", "1", "2"});
  EXPECT_EQ(Run({"sort", "l", "by", "nosort"}), Items({"3", "1", "2"}));
  EXPECT_EQ(Run({"sort", "l", "by", "nosort", "desc"}), Items({"2", "1", "3"}));
  EXPECT_EQ(Run({"sort", "l", "by", "nosort", "limit", "1", "5"}), Items({"1", "2"}));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "by", "nosort"}), Items({"3", "1", "2"}));  // last BY
  Run({"zadd", "z", "3", "a", "1", "b", "2", "c"});
  EXPECT_EQ(Run({"sort", "z", "by", "nosort"}), Items({"b", "c", "a"}));
  EXPECT_EQ(Run({"sort", "z", "by", "nosort", "desc"}), Items({"a", "c", "b"}));
  EXPECT_EQ(Run({"sort", "z", "by", "nosort", "limit", "1", "1"}), Items({"c"}));
  EXPECT_EQ(Run({"sort", "z", "by", "nosort", "desc", "limit", "0", "2"}), Items({"a", "c"}));
  EXPECT_EQ(Run({"sort", "z", "by", "nosort", "alpha"}), Items({"b", "c", "a"}));
}

// With STORE, a set is sorted even under BY nosort, so the stored list is deterministic.
TEST_P(SortTest, ByWithoutStarOnSetWithStoreSortsAlpha) {
  Run({"sadd", "hs", "c", "a", "b", "e", "d", "f", "g", "h"});
  EXPECT_EQ(Run({"sort", "hs", "by", "nosort", "store", "d"}), Int(8));
  EXPECT_EQ(Run({"lrange", "d", "0", "-1"}), Items({"a", "b", "c", "d", "e", "f", "g", "h"}));
  EXPECT_EQ(Run({"sort", "hs", "by", "nosort", "desc", "limit", "1", "2", "store", "d"}), Int(2));
  EXPECT_EQ(Run({"lrange", "d", "0", "-1"}), Items({"g", "f"}));
}

TEST_P(SortTest, GetPatterns) {
  WeightedList();
  EXPECT_EQ(Run({"sort", "l", "get", "#"}), Items({"1", "2", "3"}));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "get", "#"}), Items({"2", "3", "1"}));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "get", "n_*"}), Items({"two", std::nullopt, "one"}));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "get", "#", "get", "n_*"}),
            Items({"2", "two", "3", std::nullopt, "1", "one"}));
  EXPECT_EQ(Run({"sort", "l", "get", "n_*", "get", "#"}),
            Items({"one", "1", "two", "2", std::nullopt, "3"}));
  EXPECT_EQ(Run({"sort", "l", "by", "nosort", "get", "n_*"}), Items({"one", "two", std::nullopt}));
  EXPECT_EQ(Run({"sort", "l", "alpha", "get", "#", "get", "w_*"}),
            Items({"1", "30", "2", "10", "3", "20"}));
  EXPECT_EQ(Run({"sort", "l", "get", "#x"}), Items({std::nullopt, std::nullopt, std::nullopt}));
  Run({"hset", "n_3", "f", "v"});  // a GET of a key of another type: null, no error
  EXPECT_EQ(Run({"sort", "l", "get", "n_*"}), Items({"one", "two", std::nullopt}));
}

TEST_P(SortTest, StoreWritesAList) {
  WeightedList();
  EXPECT_EQ(Run({"sort", "l", "desc", "store", "dst"}), Int(3));
  EXPECT_EQ(Run({"type", "dst"}), Simple("list"));
  EXPECT_EQ(Run({"lrange", "dst", "0", "-1"}), Items({"3", "2", "1"}));
  // A missing GET is stored as an empty string.
  EXPECT_EQ(Run({"sort", "l", "get", "n_*", "store", "dst"}), Int(3));
  EXPECT_EQ(Run({"lrange", "dst", "0", "-1"}), Items({"one", "two", ""}));
  // The last STORE wins; the earlier destination is not touched.
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "store", "d1", "store", "d2"}), Int(3));
  EXPECT_EQ(Run({"exists", "d1"}), Int(0));
  EXPECT_EQ(Run({"lrange", "d2", "0", "-1"}), Items({"2", "3", "1"}));
  // The source itself can be the destination.
  EXPECT_EQ(Run({"sort", "l", "limit", "0", "2", "store", "l"}), Int(2));
  EXPECT_EQ(Run({"lrange", "l", "0", "-1"}), Items({"1", "2"}));
}

TEST_P(SortTest, StoreReplacesAnyTypeAndDropsTtl) {
  Run({"rpush", "l", "2", "1", "3"});
  Run({"set", "dst", "v"});
  ASSERT_EQ(Run({"expire", "dst", "100"}), Int(1));
  EXPECT_EQ(Run({"sort", "l", "store", "dst"}), Int(3));
  EXPECT_EQ(Run({"type", "dst"}), Simple("list"));
  EXPECT_EQ(Run({"ttl", "dst"}), Int(-1));
  EXPECT_EQ(Run({"lrange", "dst", "0", "-1"}), Items({"1", "2", "3"}));
  Run({"zadd", "zdst", "1", "m"});
  EXPECT_EQ(Run({"sort", "l", "desc", "store", "zdst"}), Int(3));
  EXPECT_EQ(Run({"lrange", "zdst", "0", "-1"}), Items({"3", "2", "1"}));
}

TEST_P(SortTest, StoreOfEmptyResultDeletesDestination) {
  Run({"rpush", "l", "1", "2"});
  Run({"sadd", "dst", "a"});
  EXPECT_EQ(Run({"sort", "l", "limit", "5", "1", "store", "dst"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  Run({"set", "dst", "v"});
  EXPECT_EQ(Run({"sort", "nokey", "store", "dst"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
  EXPECT_EQ(Run({"sort", "nokey", "store", "dst"}), Int(0));  // and creates nothing
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));
}

// SORT (and SORT_RO) turn a listpack zset into a skiplist, as Redis does.
TEST_P(SortTest, ConvertsZSetToSkiplist) {
  Run({"zadd", "z", "1", "a", "2", "b"});
  ASSERT_EQ(Run({"object", "encoding", "z"}), Bulk("listpack"));
  EXPECT_EQ(Run({"sort", "z", "by", "nosort"}), Items({"a", "b"}));
  EXPECT_EQ(Run({"object", "encoding", "z"}), Bulk("skiplist"));
  Run({"zadd", "z2", "1", "a"});
  EXPECT_EQ(Run({"sort_ro", "z2", "alpha"}), Items({"a"}));
  EXPECT_EQ(Run({"object", "encoding", "z2"}), Bulk("skiplist"));
  Run({"zadd", "z3", "1", "a"});
  EXPECT_EQ(Run({"sort_ro", "z3"}), NotDouble());  // even when the sort then fails
  EXPECT_EQ(Run({"object", "encoding", "z3"}), Bulk("skiplist"));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}),
            resp3() ? Arr(2) + Arr(2) + Bulk("a") + ",1\r\n" + Arr(2) + Bulk("b") + ",2\r\n"
                    : Items({"a", "1", "b", "2"}));
}

TEST_P(SortTest, CommandGetKeys) {
  auto keys = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"command", "getkeys"});
    return Run(args);
  };
  EXPECT_EQ(keys({"sort", "l"}), Items({"l"}));
  EXPECT_EQ(keys({"sort", "l", "store", "d"}), Items({"l", "d"}));
  EXPECT_EQ(keys({"sort", "l", "store", "d", "store", "e"}), Items({"l", "e"}));
  EXPECT_EQ(keys({"sort", "l", "STORE", "d", "LIMIT", "0", "1"}), Items({"l", "d"}));
  EXPECT_EQ(keys({"sort", "l", "limit", "store", "x", "store", "d"}), Items({"l", "d"}));
  EXPECT_EQ(keys({"sort", "l", "get", "store", "store", "d"}), Items({"l", "d"}));
  EXPECT_EQ(keys({"sort", "l", "by", "store"}), Items({"l"}));
  EXPECT_EQ(keys({"sort", "l", "store"}), Items({"l"}));
  EXPECT_EQ(keys({"sort", "l", "store", "d", "limit", "0"}), Items({"l", "d"}));
  EXPECT_EQ(keys({"sort_ro", "l", "by", "x", "get", "y"}), Items({"l"}));
}

TEST_P(SortTest, InsideMultiExecWithPatterns) {
  WeightedList();
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "get", "#"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"sort", "l", "by", "w_*", "get", "n_*", "store", "dst"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"lrange", "dst", "0", "-1"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"sort_ro", "l", "by", "h_*->f", "desc"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"exec"}), Arr(4) + Items({"2", "3", "1"}) + Int(3) + Items({"two", "", "one"}) +
                               Items({"3", "2", "1"}));
}

}  // namespace
}  // namespace tessera::commands
