// Sorted-set commands (commands/zset.cc) through the real registry, in RESP2 and RESP3, with
// replies checked against Redis 7.0: ZADD's flags and their error texts, ZINCRBY, scores as
// RESP3 doubles or RESP2 bulks, ZRANGE in all its forms and ZRANGESTORE, the ZREM family,
// ZPOPMIN/MAX and ZMPOP reply shapes, BZPOPMIN served at once or by a later ZADD, the algebra
// (ZUNION/ZINTER/ZDIFF and their STORE forms, WEIGHTS, AGGREGATE), ZINTERCARD, ZRANDMEMBER,
// ZSCAN, the listpack -> skiplist conversion, WRONGTYPE, deletion of emptied sets and
// COMMAND GETKEYS.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/blocking.h"
#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

using Pairs = std::vector<std::pair<std::string_view, std::string_view>>;

class ZSetTest : public CommandTest {
 protected:
  // A score: a RESP3 double, a bulk string in RESP2.
  std::string Dbl(std::string_view s) const { return resp3() ? StrCat(",", s, "\r\n") : Bulk(s); }
  std::string NullArray() const { return resp3() ? "_\r\n" : "*-1\r\n"; }
  static std::string Bulks(std::initializer_list<std::string_view> items) {
    std::string s = Arr(items.size());
    for (auto i : items) s += Bulk(i);
    return s;
  }
  // A WITHSCORES reply: [member, score] pairs in RESP3, a flat array in RESP2.
  std::string Scored(const Pairs& items) const {
    std::string s = Arr(resp3() ? items.size() : 2 * items.size());
    for (const auto& [m, sc] : items) s += (resp3() ? Arr(2) : "") + Bulk(m) + Dbl(sc);
    return s;
  }
  // [member, score] pairs, nested in both protocols (ZMPOP).
  std::string Nested(const Pairs& items) const {
    std::string s = Arr(items.size());
    for (const auto& [m, sc] : items) s += Arr(2) + Bulk(m) + Dbl(sc);
    return s;
  }
  // Runs a command as client c, whose replies go to r.
  void RunAs(ClientState& c, protocol::ReplyBuilder& r, std::vector<std::string> args) {
    std::vector<std::string_view> v(args.begin(), args.end());
    CommandContext ctx(state_, c, r);
    Dispatch(absl::MakeConstSpan(v), ctx);
  }
  void Abcde() {
    ASSERT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"}), Int(5));
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, ZSetTest, ::testing::Values(2, 3));

TEST_P(ZSetTest, AddCountsNewMembersAndUpdatesScores) {
  EXPECT_EQ(Run({"zadd", "z", "1", "a", "2", "b", "3", "c"}), Int(3));
  EXPECT_EQ(Run({"zadd", "z", "10", "a", "4", "d"}), Int(1));  // a updated, d new
  EXPECT_EQ(Run({"zadd", "z", "1", "x", "2", "x"}), Int(1));   // the last score wins
  EXPECT_EQ(Run({"zscore", "z", "x"}), Dbl("2"));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Dbl("10"));
  EXPECT_EQ(Run({"zcard", "z"}), Int(5));
  EXPECT_EQ(Run({"zcard", "nokey"}), Int(0));
  EXPECT_EQ(Run({"type", "z"}), Simple("zset"));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"b", "x", "c", "d", "a"}));
}

TEST_P(ZSetTest, AddNxXxCh) {
  Run({"zadd", "z", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(Run({"zadd", "z", "nx", "10", "a", "4", "d"}), Int(1));  // only d
  EXPECT_EQ(Run({"zscore", "z", "a"}), Dbl("1"));
  EXPECT_EQ(Run({"zadd", "z", "xx", "20", "a", "5", "e"}), Int(0));  // e not created
  EXPECT_EQ(Run({"zscore", "z", "a"}), Dbl("20"));
  EXPECT_EQ(Run({"zscore", "z", "e"}), Nil());
  EXPECT_EQ(Run({"zadd", "z", "xx", "ch", "30", "a", "2", "b"}), Int(1));  // b unchanged
  EXPECT_EQ(Run({"zadd", "z", "ch", "30", "a", "2", "b", "7", "f"}), Int(1));
  EXPECT_EQ(Run({"zadd", "nokey", "xx", "1", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));  // XX creates no key
}

TEST_P(ZSetTest, AddGtLt) {
  Run({"zadd", "z", "30", "a"});
  EXPECT_EQ(Run({"zadd", "z", "gt", "25", "a"}), Int(0));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Dbl("30"));
  EXPECT_EQ(Run({"zadd", "z", "gt", "ch", "35", "a"}), Int(1));
  EXPECT_EQ(Run({"zadd", "z", "lt", "ch", "40", "a"}), Int(0));
  EXPECT_EQ(Run({"zadd", "z", "lt", "ch", "1", "a"}), Int(1));
  EXPECT_EQ(Run({"zscore", "z", "a"}), Dbl("1"));
  EXPECT_EQ(Run({"zadd", "z", "gt", "5", "new"}), Int(1));  // GT still adds new members
}

TEST_P(ZSetTest, AddIncr) {
  Run({"zadd", "z", "1", "a"});
  EXPECT_EQ(Run({"zadd", "z", "incr", "5", "a"}), Dbl("6"));
  EXPECT_EQ(Run({"zadd", "z", "nx", "incr", "5", "a"}), Nil());  // aborted: a null
  EXPECT_EQ(Run({"zadd", "z", "xx", "incr", "5", "nope"}), Nil());
  EXPECT_EQ(Run({"zadd", "z", "gt", "incr", "-100", "a"}), Nil());
  EXPECT_EQ(Run({"zadd", "z", "lt", "incr", "1", "a"}), Nil());
  EXPECT_EQ(Run({"zadd", "z", "lt", "incr", "-1", "a"}), Dbl("5"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "inf", "x"}), Dbl("inf"));
  EXPECT_EQ(Run({"zscore", "z", "nope"}), Nil());
  EXPECT_EQ(Run({"zscore", "z", "a"}), Dbl("5"));
}

TEST_P(ZSetTest, AddErrors) {
  Run({"zadd", "z", "1", "a"});
  const std::string gt_lt_nx =
      Err("ERR GT, LT, and/or NX options at the same time are not compatible");
  EXPECT_EQ(Run({"zadd", "z", "gt", "lt", "1", "a"}), gt_lt_nx);
  EXPECT_EQ(Run({"zadd", "z", "nx", "gt", "1", "a"}), gt_lt_nx);
  EXPECT_EQ(Run({"zadd", "z", "nx", "lt", "1", "a"}), gt_lt_nx);
  EXPECT_EQ(Run({"zadd", "z", "nx", "xx", "1", "a"}),
            Err("ERR XX and NX options at the same time are not compatible"));
  EXPECT_EQ(Run({"zadd", "z", "incr", "1", "a", "2", "b"}),
            Err("ERR INCR option supports a single increment-element pair"));
  const std::string not_float = Err("ERR value is not a valid float");
  EXPECT_EQ(Run({"zadd", "z", "abc", "a"}), not_float);
  EXPECT_EQ(Run({"zadd", "z", "nan", "a"}), not_float);
  EXPECT_EQ(Run({"zadd", "z", " 1", "a"}), not_float);
  EXPECT_EQ(Run({"zadd", "z", "1e400", "a"}), not_float);
  EXPECT_EQ(Run({"zadd", "z", "1", "a", "2"}), Syntax());
  EXPECT_EQ(Run({"zadd", "z", "1"}), WrongArgs("zadd"));
  EXPECT_EQ(Run({"zadd", "z"}), WrongArgs("zadd"));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "withscores"}), Scored({{"a", "1"}}));  // untouched
}

TEST_P(ZSetTest, IncrBy) {
  EXPECT_EQ(Run({"zincrby", "z", "1", "new"}), Dbl("1"));  // creates key and member
  EXPECT_EQ(Run({"zincrby", "z", "2.5", "new"}), Dbl("3.5"));
  Run({"zadd", "z", "0.1", "p"});
  EXPECT_EQ(Run({"zincrby", "z", "0.2", "p"}), Dbl("0.30000000000000004"));  // 17 digits
  EXPECT_EQ(Run({"zincrby", "z", "abc", "p"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"zincrby", "z", "inf", "x"}), Dbl("inf"));
  EXPECT_EQ(Run({"zincrby", "z", "-inf", "x"}), Err("ERR resulting score is not a number (NaN)"));
  EXPECT_EQ(Run({"zscore", "z", "x"}), Dbl("inf"));  // unchanged by the failed increment
  EXPECT_EQ(Run({"zincrby", "z", "1"}), WrongArgs("zincrby"));
}

TEST_P(ZSetTest, ScoreFormatting) {
  Run({"zadd", "z", "3.0", "q", "-0", "r", "1e17", "t", "123456789012345678", "u"});
  Run({"zadd", "z", "1.5e2", "g", "-inf", "y", "0x10", "h"});
  EXPECT_EQ(Run({"zscore", "z", "q"}), Dbl("3"));
  EXPECT_EQ(Run({"zscore", "z", "r"}), Dbl("0"));
  EXPECT_EQ(Run({"zscore", "z", "t"}), Dbl("1e+17"));
  EXPECT_EQ(Run({"zscore", "z", "u"}), Dbl("1.2345678901234568e+17"));
  EXPECT_EQ(Run({"zscore", "z", "g"}), Dbl("150"));
  EXPECT_EQ(Run({"zscore", "z", "y"}), Dbl("-inf"));
  EXPECT_EQ(Run({"zscore", "z", "h"}), Dbl("16"));
}

TEST_P(ZSetTest, MScore) {
  Run({"zadd", "z", "5", "a", "150", "g"});
  EXPECT_EQ(Run({"zmscore", "z", "a", "nope", "g"}), Arr(3) + Dbl("5") + Nil() + Dbl("150"));
  EXPECT_EQ(Run({"zmscore", "nokey", "a", "b"}), Arr(2) + Nil() + Nil());
  EXPECT_EQ(Run({"zmscore", "z"}), WrongArgs("zmscore"));
  EXPECT_EQ(Run({"zscore", "nokey", "a"}), Nil());
  EXPECT_EQ(Run({"zscore", "z"}), WrongArgs("zscore"));
}

TEST_P(ZSetTest, RangeByRank) {
  Abcde();
  EXPECT_EQ(Run({"zrange", "z", "1", "2", "withscores"}), Scored({{"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(Run({"zrange", "z", "-2", "-1"}), Bulks({"d", "e"}));
  EXPECT_EQ(Run({"zrange", "z", "3", "1"}), Arr(0));
  EXPECT_EQ(Run({"zrange", "z", "0", "100"}), Bulks({"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "rev"}), Bulks({"e", "d", "c", "b", "a"}));
  EXPECT_EQ(Run({"zrange", "z", "0", "1", "rev", "withscores"}), Scored({{"e", "5"}, {"d", "4"}}));
  EXPECT_EQ(Run({"zrevrange", "z", "0", "1", "withscores"}), Scored({{"e", "5"}, {"d", "4"}}));
  EXPECT_EQ(Run({"zrange", "nokey", "0", "-1", "withscores"}), Arr(0));
  EXPECT_EQ(Run({"zrank", "z", "c"}), Int(2));
  EXPECT_EQ(Run({"zrevrank", "z", "c"}), Int(2));
  EXPECT_EQ(Run({"zrank", "z", "nope"}), Nil());
  EXPECT_EQ(Run({"zrank", "nokey", "a"}), Nil());
}

TEST_P(ZSetTest, RangeByScore) {
  Abcde();
  EXPECT_EQ(Run({"zrange", "z", "2", "4", "byscore"}), Bulks({"b", "c", "d"}));
  EXPECT_EQ(Run({"zrange", "z", "(2", "4", "byscore"}), Bulks({"c", "d"}));
  EXPECT_EQ(Run({"zrange", "z", "(2", "(4", "byscore"}), Bulks({"c"}));
  EXPECT_EQ(Run({"zrange", "z", "-inf", "+inf", "byscore", "limit", "1", "2"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrange", "z", "-inf", "+inf", "byscore", "limit", "1", "-1"}),
            Bulks({"b", "c", "d", "e"}));  // a negative count: all the rest
  EXPECT_EQ(Run({"zrange", "z", "-inf", "+inf", "byscore", "limit", "10", "2"}), Arr(0));
  EXPECT_EQ(Run({"zrange", "z", "4", "2", "byscore", "rev"}), Bulks({"d", "c", "b"}));
  EXPECT_EQ(Run({"zrange", "z", "2", "4", "byscore", "rev"}), Arr(0));  // REV: max first
  EXPECT_EQ(Run({"zrange", "z", "+inf", "-inf", "byscore", "rev", "limit", "0", "2", "withscores"}),
            Scored({{"e", "5"}, {"d", "4"}}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "2", "3", "withscores"}), Scored({{"b", "2"}, {"c", "3"}}));
  EXPECT_EQ(Run({"zrangebyscore", "z", "2", "3", "limit", "0", "1"}), Bulks({"b"}));
  EXPECT_EQ(Run({"zrevrangebyscore", "z", "3", "2"}), Bulks({"c", "b"}));
  EXPECT_EQ(Run({"zcount", "z", "2", "4"}), Int(3));
  EXPECT_EQ(Run({"zcount", "z", "(2", "+inf"}), Int(3));
}

TEST_P(ZSetTest, RangeByLex) {
  Abcde();
  EXPECT_EQ(Run({"zrange", "z", "-", "+", "bylex"}), Bulks({"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Run({"zrange", "z", "[b", "(d", "bylex"}), Bulks({"b", "c"}));
  EXPECT_EQ(Run({"zrange", "z", "(b", "+", "bylex", "limit", "1", "1"}), Bulks({"d"}));
  EXPECT_EQ(Run({"zrange", "z", "+", "-", "bylex", "rev"}), Bulks({"e", "d", "c", "b", "a"}));
  EXPECT_EQ(Run({"zrange", "z", "[d", "[b", "bylex", "rev"}), Bulks({"d", "c", "b"}));
  EXPECT_EQ(Run({"zrangebylex", "z", "-", "(c"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"zrevrangebylex", "z", "(c", "-"}), Bulks({"b", "a"}));
  EXPECT_EQ(Run({"zlexcount", "z", "-", "+"}), Int(5));
  EXPECT_EQ(Run({"zlexcount", "z", "[b", "[c"}), Int(2));
}

TEST_P(ZSetTest, RangeErrors) {
  Abcde();
  EXPECT_EQ(Run({"zrange", "z", "abc", "4", "byscore"}), Err("ERR min or max is not a float"));
  EXPECT_EQ(Run({"zcount", "z", "x", "4"}), Err("ERR min or max is not a float"));
  const std::string not_lex = Err("ERR min or max not valid string range item");
  EXPECT_EQ(Run({"zrange", "z", "a", "b", "bylex"}), not_lex);
  EXPECT_EQ(Run({"zlexcount", "z", "b", "c"}), not_lex);
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "limit", "0", "1"}),
            Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE "
                "or BYLEX"));
  EXPECT_EQ(Run({"zrange", "z", "-", "+", "bylex", "withscores"}),
            Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "byscore", "bylex"}), Syntax());
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "foo"}), Syntax());
  EXPECT_EQ(Run({"zrange", "z", "0", "-1", "limit", "0"}), Syntax());
  EXPECT_EQ(Run({"zrange", "z", "a", "1"}), NotInt());
  EXPECT_EQ(Run({"zrange", "z", "-", "+", "bylex", "limit", "x", "1"}), NotInt());
  EXPECT_EQ(Run({"zrange", "z", "0"}), WrongArgs("zrange"));
}

TEST_P(ZSetTest, RangeStore) {
  Abcde();
  EXPECT_EQ(Run({"zrangestore", "dst", "z", "0", "1"}), Int(2));
  EXPECT_EQ(Run({"zrange", "dst", "0", "-1", "withscores"}), Scored({{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(Run({"zrangestore", "dst", "z", "(b", "+", "bylex", "limit", "0", "2"}), Int(2));
  EXPECT_EQ(Run({"zrange", "dst", "0", "-1"}), Bulks({"c", "d"}));
  EXPECT_EQ(Run({"zrangestore", "dst", "z", "2", "4", "byscore", "rev"}), Int(0));
  EXPECT_EQ(Run({"exists", "dst"}), Int(0));  // an empty result deletes the destination
  EXPECT_EQ(Run({"zrangestore", "dst", "nokey", "0", "-1"}), Int(0));
  EXPECT_EQ(Run({"set", "str", "x"}), Ok());
  EXPECT_EQ(Run({"zrangestore", "str", "z", "0", "0"}), Int(1));  // replaces another type
  EXPECT_EQ(Run({"type", "str"}), Simple("zset"));
  EXPECT_EQ(Run({"zrangestore", "str", "z", "0", "0", "withscores"}), Syntax());
  EXPECT_EQ(Run({"zrangestore", "str"}), WrongArgs("zrangestore"));
}

TEST_P(ZSetTest, RemFamilyDeletesEmptiedKey) {
  Run({"zadd", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f"});
  EXPECT_EQ(Run({"zrem", "z", "a", "nope"}), Int(1));
  EXPECT_EQ(Run({"zrem", "z", "a"}), Int(0));
  EXPECT_EQ(Run({"zrem", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"zremrangebyrank", "z", "0", "0"}), Int(1));    // b
  EXPECT_EQ(Run({"zremrangebyrank", "z", "-1", "-1"}), Int(1));  // f
  EXPECT_EQ(Run({"zremrangebyscore", "z", "(3", "4"}), Int(1));  // d
  EXPECT_EQ(Run({"zrange", "z", "0", "-1"}), Bulks({"c", "e"}));
  EXPECT_EQ(Run({"zremrangebylex", "z", "-", "+"}), Int(2));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  EXPECT_EQ(Run({"zremrangebyrank", "z", "x", "1"}), NotInt());
  EXPECT_EQ(Run({"zremrangebyscore", "z", "x", "4"}), Err("ERR min or max is not a float"));
  EXPECT_EQ(Run({"zremrangebylex", "z", "x", "y"}),
            Err("ERR min or max not valid string range item"));
  Run({"zadd", "z", "1", "a", "2", "b"});
  EXPECT_EQ(Run({"zrem", "z", "a", "b", "a"}), Int(2));
  EXPECT_EQ(Run({"exists", "z"}), Int(0));
  EXPECT_EQ(Run({"set", "z", "v"}), Ok());  // the key can hold another type now
  EXPECT_EQ(Run({"zrem", "z"}), WrongArgs("zrem"));
}

// Without a count: one flat [member, score]. With one: pairs, nested only in RESP3.
TEST_P(ZSetTest, PopMinMaxShapes) {
  Run({"zadd", "p", "1", "a", "2", "b", "3", "c", "4", "d"});
  EXPECT_EQ(Run({"zpopmin", "p"}), Arr(2) + Bulk("a") + Dbl("1"));
  EXPECT_EQ(Run({"zpopmax", "p"}), Arr(2) + Bulk("d") + Dbl("4"));
  EXPECT_EQ(Run({"zpopmin", "p", "0"}), Arr(0));
  EXPECT_EQ(Run({"zpopmin", "p", "1"}), Scored({{"b", "2"}}));
  Run({"zadd", "p", "1", "a", "4", "d"});
  EXPECT_EQ(Run({"zpopmax", "p", "2"}), Scored({{"d", "4"}, {"c", "3"}}));
  EXPECT_EQ(Run({"zpopmin", "p", "5"}), Scored({{"a", "1"}}));
  EXPECT_EQ(Run({"exists", "p"}), Int(0));
  EXPECT_EQ(Run({"zpopmin", "p"}), Arr(0));  // an empty array, not a null
  EXPECT_EQ(Run({"zpopmax", "nokey", "3"}), Arr(0));
}

TEST_P(ZSetTest, PopArguments) {
  Run({"zadd", "p", "1", "a"});
  const std::string must_be_positive = Err("ERR value is out of range, must be positive");
  EXPECT_EQ(Run({"zpopmin", "p", "-1"}), must_be_positive);
  EXPECT_EQ(Run({"zpopmin", "nokey", "-1"}), must_be_positive);
  EXPECT_EQ(Run({"zpopmin", "p", "x"}), must_be_positive);
  EXPECT_EQ(Run({"zpopmin", "p", "1", "2"}), Syntax());
  EXPECT_EQ(Run({"zpopmax"}), WrongArgs("zpopmax"));
  EXPECT_EQ(Run({"zcard", "p"}), Int(1));
}

TEST_P(ZSetTest, MPop) {
  Run({"zadd", "m1", "1", "a", "2", "b", "3", "c"});
  EXPECT_EQ(Run({"zmpop", "2", "nokey", "m1", "min"}), Arr(2) + Bulk("m1") + Nested({{"a", "1"}}));
  EXPECT_EQ(Run({"zmpop", "2", "nokey", "m1", "max", "count", "5"}),
            Arr(2) + Bulk("m1") + Nested({{"c", "3"}, {"b", "2"}}));
  EXPECT_EQ(Run({"exists", "m1"}), Int(0));
  EXPECT_EQ(Run({"zmpop", "1", "nokey", "min"}), NullArray());
}

TEST_P(ZSetTest, MPopErrors) {
  Run({"zadd", "m1", "1", "a"});
  const std::string numkeys = Err("ERR numkeys should be greater than 0");
  const std::string count = Err("ERR count should be greater than 0");
  EXPECT_EQ(Run({"zmpop", "0", "m1", "min"}), numkeys);
  EXPECT_EQ(Run({"zmpop", "-1", "m1", "min"}), numkeys);
  EXPECT_EQ(Run({"zmpop", "2", "m1", "min"}), Syntax());
  EXPECT_EQ(Run({"zmpop", "1", "m1", "foo"}), Syntax());
  EXPECT_EQ(Run({"zmpop", "1", "m1", "min", "count", "0"}), count);
  EXPECT_EQ(Run({"zmpop", "1", "m1", "min", "count", "-1"}), count);
  EXPECT_EQ(Run({"zmpop", "1", "m1", "min", "count", "x"}), count);
  EXPECT_EQ(Run({"zmpop", "1", "m1", "min", "count", "1", "count", "2"}), Syntax());
  EXPECT_EQ(Run({"zmpop", "1", "m1"}), WrongArgs("zmpop"));
  EXPECT_EQ(Run({"zcard", "m1"}), Int(1));
}

TEST_P(ZSetTest, BlockingPopsAnswerAtOnceWhenDataOrInsideExec) {
  Run({"zadd", "b1", "5", "x", "6", "y", "7", "w"});
  EXPECT_EQ(Run({"bzpopmin", "nokey", "b1", "0"}), Arr(3) + Bulk("b1") + Bulk("x") + Dbl("5"));
  EXPECT_EQ(Run({"bzpopmax", "b1", "0"}), Arr(3) + Bulk("b1") + Bulk("w") + Dbl("7"));
  EXPECT_EQ(Run({"bzmpop", "0", "2", "nokey", "b1", "min"}),
            Arr(2) + Bulk("b1") + Nested({{"y", "6"}}));
  EXPECT_EQ(Run({"exists", "b1"}), Int(0));
  EXPECT_EQ(Run({"bzpopmin", "b1", "x"}), Err("ERR timeout is not a float or out of range"));
  EXPECT_EQ(Run({"bzpopmin", "b1", "-1"}), Err("ERR timeout is negative"));
  Run({"multi"});
  Run({"bzpopmin", "nokey", "0"});
  Run({"bzmpop", "0", "1", "nokey", "min"});
  EXPECT_EQ(Run({"exec"}), Arr(2) + NullArray() + NullArray());
  EXPECT_FALSE(client_.is_blocked());
}

// A second client waits on an empty key; a ZADD of several members serves it the lowest.
TEST_P(ZSetTest, WaiterServedByZAdd) {
  ClientState a;
  std::string out_a;
  protocol::ReplyBuilder ra(&out_a);
  ra.set_resp_version(GetParam());
  RunAs(a, ra, {"bzpopmin", "q", "0"});
  EXPECT_TRUE(a.is_blocked());
  EXPECT_EQ(out_a, "");
  EXPECT_EQ(Run({"zadd", "q", "2", "b", "1", "a"}), Int(2));
  EXPECT_TRUE(ResumeBlocked(state_, a, ra));
  EXPECT_EQ(out_a, Arr(3) + Bulk("q") + Bulk("a") + Dbl("1"));
  EXPECT_EQ(Run({"zrange", "q", "0", "-1"}), Bulks({"b"}));
}

TEST_P(ZSetTest, UnionInterDiff) {
  Run({"zadd", "a", "1", "x", "2", "y", "3", "z"});
  Run({"zadd", "b", "10", "y", "20", "z", "30", "w"});
  EXPECT_EQ(Run({"zunion", "2", "a", "b"}), Bulks({"x", "y", "z", "w"}));
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "withscores"}),
            Scored({{"x", "1"}, {"y", "12"}, {"z", "23"}, {"w", "30"}}));
  EXPECT_EQ(Run({"zunion", "2", "a", "a", "withscores"}),
            Scored({{"x", "2"}, {"y", "4"}, {"z", "6"}}));  // the same key twice sums
  EXPECT_EQ(Run({"zinter", "2", "a", "b", "withscores"}), Scored({{"y", "12"}, {"z", "23"}}));
  EXPECT_EQ(Run({"zinter", "2", "a", "nokey"}), Arr(0));
  EXPECT_EQ(Run({"zdiff", "2", "a", "b", "withscores"}), Scored({{"x", "1"}}));
  EXPECT_EQ(Run({"zdiff", "1", "a"}), Bulks({"x", "y", "z"}));
}

TEST_P(ZSetTest, WeightsAndAggregate) {
  Run({"zadd", "a", "1", "x", "2", "y", "3", "z"});
  Run({"zadd", "b", "10", "y", "20", "z", "30", "w"});
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "weights", "2", "1", "withscores"}),
            Scored({{"x", "2"}, {"y", "14"}, {"z", "26"}, {"w", "30"}}));
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "aggregate", "min", "withscores"}),
            Scored({{"x", "1"}, {"y", "2"}, {"z", "3"}, {"w", "30"}}));
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "aggregate", "max", "withscores"}),
            Scored({{"x", "1"}, {"y", "10"}, {"z", "20"}, {"w", "30"}}));
  EXPECT_EQ(Run({"zinter", "2", "a", "b", "aggregate", "max", "weights", "1", "-1", "withscores"}),
            Scored({{"y", "2"}, {"z", "3"}}));
  // inf * 0 counts as 0, and inf + -inf as 0 too.
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "weights", "inf", "-inf", "withscores"}),
            Scored({{"w", "-inf"}, {"y", "0"}, {"z", "0"}, {"x", "inf"}}));
}

// A plain set takes part with every score 1.
TEST_P(ZSetTest, AlgebraAcceptsPlainSets) {
  Run({"zadd", "a", "1", "x", "2", "y", "3", "z"});
  Run({"sadd", "s", "y", "w", "v"});
  EXPECT_EQ(Run({"zunion", "2", "a", "s", "withscores"}),
            Scored({{"v", "1"}, {"w", "1"}, {"x", "1"}, {"y", "3"}, {"z", "3"}}));
  EXPECT_EQ(Run({"zinter", "2", "a", "s", "withscores"}), Scored({{"y", "3"}}));
  EXPECT_EQ(Run({"zdiff", "2", "a", "s", "withscores"}), Scored({{"x", "1"}, {"z", "3"}}));
  EXPECT_EQ(Run({"zintercard", "2", "a", "s"}), Int(1));
}

TEST_P(ZSetTest, AlgebraStore) {
  Run({"zadd", "a", "1", "x", "2", "y", "3", "z"});
  Run({"zadd", "b", "10", "y", "20", "z", "30", "w"});
  EXPECT_EQ(Run({"zunionstore", "d", "2", "a", "b"}), Int(4));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}),
            Scored({{"x", "1"}, {"y", "12"}, {"z", "23"}, {"w", "30"}}));
  EXPECT_EQ(Run({"zinterstore", "d", "2", "a", "b", "weights", "0.5", "0.5"}), Int(2));
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}), Scored({{"y", "6"}, {"z", "11.5"}}));
  EXPECT_EQ(Run({"zinterstore", "d", "2", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));  // an empty result deletes the destination
  Run({"set", "d", "str"});
  EXPECT_EQ(Run({"zdiffstore", "d", "2", "a", "b"}), Int(1));  // replaces another type
  EXPECT_EQ(Run({"zrange", "d", "0", "-1", "withscores"}), Scored({{"x", "1"}}));
}

TEST_P(ZSetTest, AlgebraErrors) {
  Run({"zadd", "a", "1", "x"});
  Run({"zadd", "b", "1", "y"});
  EXPECT_EQ(Run({"zunion", "0", "a"}),
            Err("ERR at least 1 input key is needed for 'zunion' command"));
  EXPECT_EQ(Run({"zunion", "-1", "a"}),
            Err("ERR at least 1 input key is needed for 'zunion' command"));
  EXPECT_EQ(Run({"zinterstore", "d", "0", "a"}),
            Err("ERR at least 1 input key is needed for 'zinterstore' command"));
  EXPECT_EQ(Run({"zdiffstore", "d", "0", "a"}),
            Err("ERR at least 1 input key is needed for 'zdiffstore' command"));
  EXPECT_EQ(Run({"zunion", "3", "a", "b"}), Syntax());
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "weights", "1"}), Syntax());
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "weights", "1", "x"}),
            Err("ERR weight value is not a float"));
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "weights", "1", "nan"}),
            Err("ERR weight value is not a float"));
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "aggregate", "foo"}), Syntax());
  EXPECT_EQ(Run({"zunion", "2", "a", "b", "foo"}), Syntax());
  EXPECT_EQ(Run({"zunionstore", "d", "2", "a", "b", "withscores"}), Syntax());
  EXPECT_EQ(Run({"zdiffstore", "d", "2", "a", "b", "weights", "1", "1"}), Syntax());
  EXPECT_EQ(Run({"zdiff", "2", "a", "b", "aggregate", "min"}), Syntax());
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
}

TEST_P(ZSetTest, InterCard) {
  Run({"zadd", "a", "1", "x", "2", "y", "3", "z"});
  Run({"zadd", "b", "10", "y", "20", "z", "30", "w"});
  EXPECT_EQ(Run({"zintercard", "2", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"zintercard", "2", "a", "b", "limit", "1"}), Int(1));
  EXPECT_EQ(Run({"zintercard", "2", "a", "b", "limit", "0"}), Int(2));  // 0: no limit
  EXPECT_EQ(Run({"zintercard", "2", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"zintercard", "2", "a", "b", "limit", "-1"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"zintercard", "2", "a", "b", "limit", "x"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"zintercard", "0", "a"}),
            Err("ERR at least 1 input key is needed for 'zintercard' command"));
  EXPECT_EQ(Run({"zintercard", "3", "a", "b"}), Syntax());
  EXPECT_EQ(Run({"zintercard", "1", "a", "foo", "1"}), Syntax());
  EXPECT_EQ(Run({"zintercard", "x", "a"}), NotInt());
}

TEST_P(ZSetTest, RandMemberOneMember) {
  EXPECT_EQ(Run({"zrandmember", "nokey"}), Nil());
  EXPECT_EQ(Run({"zrandmember", "nokey", "3"}), Arr(0));
  EXPECT_EQ(Run({"zrandmember", "nokey", "-3", "withscores"}), Arr(0));
  Run({"zadd", "r", "1", "x"});
  EXPECT_EQ(Run({"zrandmember", "r"}), Bulk("x"));
  EXPECT_EQ(Run({"zrandmember", "r", "0", "withscores"}), Arr(0));
  EXPECT_EQ(Run({"zrandmember", "r", "5"}), Bulks({"x"}));  // at most the set
  EXPECT_EQ(Run({"zrandmember", "r", "5", "withscores"}), Scored({{"x", "1"}}));
  EXPECT_EQ(Run({"zrandmember", "r", "-3"}), Bulks({"x", "x", "x"}));  // repeats
  EXPECT_EQ(Run({"zrandmember", "r", "-2", "withscores"}), Scored({{"x", "1"}, {"x", "1"}}));
  EXPECT_EQ(Run({"zcard", "r"}), Int(1));
}

TEST_P(ZSetTest, RandMemberCountsAndErrors) {
  for (int i = 0; i < 20; ++i) Run({"zadd", "r", std::to_string(i), StrCat("m", i)});
  for (int count : {1, 7, 19, 20, 30}) {
    ParsedReply r = ParseReply(Run({"zrandmember", "r", std::to_string(count)}));
    ASSERT_EQ(r.type, '*');
    std::set<std::string> distinct;
    for (const ParsedReply& m : r.items) distinct.insert(m.str);
    EXPECT_EQ(r.items.size(), size_t(std::min(count, 20))) << count;
    EXPECT_EQ(distinct.size(), r.items.size()) << count;  // no repeats for a positive count
  }
  ParsedReply many = ParseReply(Run({"zrandmember", "r", "-50"}));
  EXPECT_EQ(many.items.size(), 50u);
  EXPECT_EQ(Run({"zrandmember", "r", "x"}), NotInt());
  EXPECT_EQ(Run({"zrandmember", "r", "1", "foo"}), Syntax());
  EXPECT_EQ(Run({"zrandmember", "r", "1", "withscores", "x"}), Syntax());
  EXPECT_EQ(Run({"zrandmember", "r", "-9223372036854775808"}),
            Err("ERR value is out of range, value must between -9223372036854775807 and "
                "9223372036854775807"));
  EXPECT_EQ(Run({"zrandmember", "r", "-9223372036854775807", "withscores"}),
            Err("ERR value is out of range"));
  EXPECT_EQ(Run({"zrandmember", "r", "-4611686018427387904", "withscores"}),
            Err("ERR value is out of range"));
}

// ZSCAN replies with scores as bulk strings, in RESP3 too.
TEST_P(ZSetTest, Scan) {
  EXPECT_EQ(Run({"zscan", "nokey", "0"}), Arr(2) + Bulk("0") + Arr(0));
  Run({"zadd", "sc", "1", "a", "2", "b", "3", "c", "1.5", "x"});
  EXPECT_EQ(Run({"zscan", "sc", "0"}),
            Arr(2) + Bulk("0") + Bulks({"a", "1", "x", "1.5", "b", "2", "c", "3"}));
  EXPECT_EQ(Run({"zscan", "sc", "0", "match", "[ab]"}),
            Arr(2) + Bulk("0") + Bulks({"a", "1", "b", "2"}));
  EXPECT_EQ(Run({"zscan", "sc", "0", "count", "0"}), Syntax());
  EXPECT_EQ(Run({"zscan", "sc", "0", "count", "x"}), NotInt());
  EXPECT_EQ(Run({"zscan", "sc", "x"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"zscan", "sc", "0", "foo", "1"}), Syntax());
  EXPECT_EQ(Run({"zscan", "sc", "0", "novalues"}), Syntax());  // 7.0 has no NOVALUES
}

TEST_P(ZSetTest, EncodingByEntries) {
  ASSERT_EQ(Run({"config", "set", "zset-max-listpack-entries", "2"}), Ok());
  Run({"zadd", "e", "1", "a", "2", "b"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("listpack"));
  Run({"zadd", "e", "3", "c"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("skiplist"));
  EXPECT_EQ(Run({"zrem", "e", "c", "b"}), Int(2));
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("skiplist"));  // no way back
  EXPECT_EQ(Run({"zrange", "e", "0", "-1", "withscores"}), Scored({{"a", "1"}}));
  // The old name is an alias.
  ASSERT_EQ(Run({"config", "set", "zset-max-ziplist-entries", "5"}), Ok());
  EXPECT_EQ(Run({"config", "get", "zset-max-listpack-entries"}),
            Map(1) + Bulk("zset-max-listpack-entries") + Bulk("5"));
}

TEST_P(ZSetTest, EncodingByValueLength) {
  ASSERT_EQ(Run({"config", "set", "zset-max-listpack-value", "4"}), Ok());
  Run({"zadd", "e", "1", "abcd"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("listpack"));
  Run({"zadd", "e", "2", "abcde"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("skiplist"));
  Run({"zadd", "f", "1", "abcde"});  // created big
  EXPECT_EQ(Run({"object", "encoding", "f"}), Bulk("skiplist"));
  EXPECT_EQ(Run({"zunionstore", "g", "1", "e"}), Int(2));
  EXPECT_EQ(Run({"object", "encoding", "g"}), Bulk("skiplist"));
  // A new destination is sized by what it holds under the current limits.
  ASSERT_EQ(Run({"config", "set", "zset-max-listpack-value", "64"}), Ok());
  EXPECT_EQ(Run({"zrangestore", "h", "e", "0", "-1"}), Int(2));
  EXPECT_EQ(Run({"object", "encoding", "h"}), Bulk("listpack"));
  EXPECT_EQ(Run({"zrange", "h", "0", "-1"}), Bulks({"abcd", "abcde"}));
}

TEST_P(ZSetTest, WrongType) {
  Run({"set", "s", "v"});
  Run({"zadd", "a", "1", "x"});
  const std::vector<std::vector<std::string>> cmds = {
      {"zadd", "s", "1", "a"},
      {"zincrby", "s", "1", "a"},
      {"zscore", "s", "a"},
      {"zmscore", "s", "a"},
      {"zcard", "s"},
      {"zrem", "s", "a"},
      {"zrange", "s", "0", "1"},
      {"zrangestore", "d", "s", "0", "1"},
      {"zremrangebyrank", "s", "0", "1"},
      {"zpopmin", "s"},
      {"zmpop", "1", "s", "min"},
      {"bzpopmin", "s", "0"},
      {"zrandmember", "s"},
      {"zscan", "s", "0"},
      {"zunion", "2", "a", "s"},
      {"zunionstore", "d", "2", "a", "s"},
      {"zinter", "2", "nokey", "s"},  // a missing key does not hide the wrong type
      {"zdiff", "2", "nokey", "s"},
      {"zintercard", "2", "nokey", "s"},
  };
  for (const auto& cmd : cmds) EXPECT_EQ(Run(cmd), WrongType()) << cmd[0] << " " << cmd.size();
  EXPECT_EQ(Run({"get", "s"}), Bulk("v"));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  // And the other way.
  EXPECT_EQ(Run({"get", "a"}), WrongType());
  EXPECT_EQ(Run({"sadd", "a", "x"}), WrongType());
  EXPECT_EQ(Run({"zcard", "a"}), Int(1));
}

TEST_P(ZSetTest, CommandGetKeys) {
  EXPECT_EQ(Run({"command", "getkeys", "zunionstore", "d", "2", "a", "b", "weights", "1", "2"}),
            Bulks({"d", "a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "zinterstore", "d", "1", "a"}), Bulks({"d", "a"}));
  EXPECT_EQ(Run({"command", "getkeys", "zdiffstore", "d", "2", "a", "b"}), Bulks({"d", "a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "zunion", "2", "a", "b"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "zintercard", "2", "a", "b", "limit", "1"}),
            Bulks({"a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "zmpop", "2", "a", "b", "min", "count", "3"}),
            Bulks({"a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "bzmpop", "0", "3", "a", "b", "c", "max"}),
            Bulks({"a", "b", "c"}));
  EXPECT_EQ(Run({"command", "getkeys", "bzpopmin", "a", "b", "0"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "zrangestore", "d", "s", "0", "-1"}), Bulks({"d", "s"}));
  EXPECT_EQ(Run({"command", "getkeys", "zadd", "k", "1", "a"}), Bulks({"k"}));
}

// Redis 7.0 rejects a numkeys that is not positive or runs past the arguments.
TEST_P(ZSetTest, CommandGetKeysBadNumKeys) {
  const std::string invalid = Err("ERR Invalid arguments specified for command");
  EXPECT_EQ(Run({"command", "getkeys", "zunionstore", "d", "5", "a"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "zunionstore", "d", "0", "a"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "zunion", "3", "a", "b"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "zunion", "0", "a"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "zmpop", "0", "a", "min"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "zmpop", "3", "a", "b"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "bzmpop", "0", "0", "a", "min"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "sintercard", "3", "a"}), invalid);
  EXPECT_EQ(Run({"command", "getkeys", "zunion", "x", "a"}), invalid);
  // A count that fits takes what follows as keys, whatever it is, as Redis does.
  EXPECT_EQ(Run({"command", "getkeys", "lmpop", "2", "a", "left"}), Bulks({"a", "left"}));
}

}  // namespace
}  // namespace tessera::commands
