// Set commands (commands/set.cc) through the real registry, in RESP2 and RESP3: replies and
// their set/array shapes, arity, WRONGTYPE (single and multi-key), Redis 7.0's error texts,
// SPOP/SRANDMEMBER counts, SMOVE's order of checks, the algebra and its STORE forms,
// SINTERCARD, SSCAN cursor walks, intset ordering and conversion, deletion of emptied sets,
// COMMAND GETKEYS and WATCH.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class SetTest : public CommandTest {
 protected:
  std::string NullArray() const { return resp3() ? "_\r\n" : "*-1\r\n"; }
  // The header of a set reply: '~' in RESP3, an array in RESP2.
  std::string SetHdr(size_t n) const { return resp3() ? StrCat("~", n, "\r\n") : Arr(n); }
  // A set reply of the members, in this order.
  std::string SetOf(std::initializer_list<std::string_view> items) const {
    std::string s = SetHdr(items.size());
    for (auto i : items) s += Bulk(i);
    return s;
  }
  // An array of bulk strings.
  static std::string Bulks(std::initializer_list<std::string_view> items) {
    std::string s = Arr(items.size());
    for (auto i : items) s += Bulk(i);
    return s;
  }
  // An SSCAN reply: [cursor, [members]].
  static std::string ScanReply(std::string_view cursor,
                               std::initializer_list<std::string_view> items) {
    return Arr(2) + Bulk(cursor) + Bulks(items);
  }

  // prefix0 ... prefix<n-1>.
  static std::vector<std::string> Names(const std::string& prefix, int n) {
    std::vector<std::string> v;
    for (int i = 0; i < n; ++i) v.push_back(prefix + std::to_string(i));
    return v;
  }
  static std::vector<std::string> Sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
  }
  // SADD key members...; all of them must be new.
  void SAdd(const std::string& key, const std::vector<std::string>& members) {
    std::vector<std::string> args{"sadd", key};
    args.insert(args.end(), members.begin(), members.end());
    ASSERT_EQ(Run(args), Int(int64_t(members.size())));
  }

  // The members of a set-shaped reply (SMEMBERS, SINTER, SPOP with a count, ...), sorted
  // (duplicates kept, so they show). The header must be '~' in RESP3 and '*' in RESP2.
  std::vector<std::string> SetMembers(const std::vector<std::string>& cmd) {
    ParsedReply r = ParseReply(Run(cmd));
    EXPECT_EQ(r.type, resp3() ? '~' : '*') << cmd[0];
    std::vector<std::string> out;
    for (const ParsedReply& m : r.items) {
      EXPECT_EQ(m.type, '$') << cmd[0];
      out.push_back(m.str);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  // The members of an array reply (SRANDMEMBER with a count), in reply order.
  std::vector<std::string> ArrayMembers(const std::vector<std::string>& cmd) {
    ParsedReply r = ParseReply(Run(cmd));
    EXPECT_EQ(r.type, '*') << cmd[0];
    std::vector<std::string> out;
    for (const ParsedReply& m : r.items) {
      EXPECT_EQ(m.type, '$') << cmd[0];
      out.push_back(m.str);
    }
    return out;
  }

  // Walks SSCAN from cursor 0 back to 0; every member seen, and how many calls it took.
  std::set<std::string> ScanAll(const std::string& key, const std::string& count,
                                const std::string& match, int* calls) {
    std::set<std::string> seen;
    std::string cursor = "0";
    *calls = 0;
    do {
      std::vector<std::string> args{"sscan", key, cursor, "count", count};
      if (!match.empty()) {
        args.push_back("match");
        args.push_back(match);
      }
      ParsedReply r = ParseReply(Run(args));
      EXPECT_EQ(r.type, '*');
      if (r.items.size() != 2 || r.items[0].type != '$' || r.items[1].type != '*') {
        ADD_FAILURE() << "bad SSCAN reply";
        break;
      }
      cursor = r.items[0].str;
      for (const ParsedReply& m : r.items[1].items) seen.insert(m.str);
      if (++*calls > 10000) {
        ADD_FAILURE() << "the SSCAN walk does not end";
        break;
      }
    } while (cursor != "0");
    return seen;
  }

};
INSTANTIATE_TEST_SUITE_P(Resp, SetTest, ::testing::Values(2, 3));

TEST_P(SetTest, AddCardIsMember) {
  EXPECT_EQ(Run({"sadd", "s", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"sadd", "s", "a", "c", "c"}), Int(1));  // only new members count, once
  EXPECT_EQ(Run({"sadd", "s", "a"}), Int(0));
  EXPECT_EQ(Run({"scard", "s"}), Int(3));
  EXPECT_EQ(Run({"scard", "nokey"}), Int(0));
  EXPECT_EQ(Run({"type", "s"}), Simple("set"));
  EXPECT_EQ(Run({"sismember", "s", "a"}), Int(1));
  EXPECT_EQ(Run({"sismember", "s", "zz"}), Int(0));
  EXPECT_EQ(Run({"sismember", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"SADD", "s", ""}), Int(1));  // the empty string is a member like any other
  EXPECT_EQ(Run({"SISMEMBER", "s", ""}), Int(1));
  EXPECT_EQ(SetMembers({"smembers", "s"}), Sorted({"", "a", "b", "c"}));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));  // reads create nothing
}

TEST_P(SetTest, MIsMember) {
  Run({"sadd", "s", "a", "b", "1"});
  EXPECT_EQ(Run({"smismember", "s", "a", "nope", "1", "b"}),
            Arr(4) + Int(1) + Int(0) + Int(1) + Int(1));
  EXPECT_EQ(Run({"smismember", "s", "zz"}), Arr(1) + Int(0));
  EXPECT_EQ(Run({"smismember", "s", "a", "a"}), Arr(2) + Int(1) + Int(1));
  EXPECT_EQ(Run({"smismember", "nokey", "a", "b"}), Arr(2) + Int(0) + Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(SetTest, MembersOfIntsetAreNumericallySorted) {
  EXPECT_EQ(Run({"sadd", "i", "3", "1", "2"}), Int(3));
  EXPECT_EQ(Run({"object", "encoding", "i"}), Bulk("intset"));
  EXPECT_EQ(Run({"smembers", "i"}), SetOf({"1", "2", "3"}));
  Run({"sadd", "i", "100", "-5", "20"});
  EXPECT_EQ(Run({"smembers", "i"}), SetOf({"-5", "1", "2", "3", "20", "100"}));
  EXPECT_EQ(Run({"sismember", "i", "20"}), Int(1));
  EXPECT_EQ(Run({"sismember", "i", "020"}), Int(0));  // not canonical: another string
  EXPECT_EQ(Run({"smembers", "nokey"}), SetHdr(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(SetTest, RemDeletesEmptiedSet) {
  Run({"sadd", "s", "a", "b", "c"});
  EXPECT_EQ(Run({"srem", "s", "a", "nope"}), Int(1));
  EXPECT_EQ(Run({"srem", "s", "a"}), Int(0));
  EXPECT_EQ(Run({"srem", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"scard", "s"}), Int(2));
  EXPECT_EQ(Run({"srem", "s", "b", "c", "b"}), Int(2));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));  // emptied: gone
  EXPECT_EQ(Run({"type", "s"}), Simple("none"));
  EXPECT_EQ(Run({"scard", "s"}), Int(0));
  EXPECT_EQ(Run({"smembers", "s"}), SetHdr(0));
  EXPECT_EQ(Run({"set", "s", "str"}), Ok());  // the key can hold another type now
  EXPECT_EQ(Run({"get", "s"}), Bulk("str"));

  // The same for an intset.
  Run({"sadd", "i", "1", "2"});
  ASSERT_EQ(Run({"object", "encoding", "i"}), Bulk("intset"));
  EXPECT_EQ(Run({"srem", "i", "1", "2", "3"}), Int(2));
  EXPECT_EQ(Run({"exists", "i"}), Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(SetTest, WrongArity) {
  const std::vector<std::vector<std::string>> cmds = {
      {"sadd", "k"},
      {"sadd"},
      {"srem", "k"},
      {"scard"},
      {"scard", "k", "x"},
      {"sismember", "k"},
      {"sismember", "k", "m", "x"},
      {"smismember", "k"},
      {"smembers"},
      {"smembers", "k", "x"},
      {"spop"},
      {"srandmember"},
      {"smove", "a", "b"},
      {"smove", "a", "b", "m", "x"},
      {"sinter"},
      {"sunion"},
      {"sdiff"},
      {"sinterstore", "d"},
      {"sunionstore", "d"},
      {"sdiffstore", "d"},
      {"sintercard"},
      {"sintercard", "1"},
      {"sscan", "k"},
      {"sscan"},
  };
  for (const auto& cmd : cmds)
    EXPECT_EQ(Run(cmd), WrongArgs(cmd[0])) << cmd[0] << " " << cmd.size();
  EXPECT_EQ(Run({"exists", "k"}), Int(0));  // nothing was created
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
}

TEST_P(SetTest, WrongTypeSingleKey) {
  Run({"set", "s", "v"});
  const std::vector<std::vector<std::string>> cmds = {
      {"sadd", "s", "x"},
      {"srem", "s", "x"},
      {"scard", "s"},
      {"sismember", "s", "x"},
      {"smismember", "s", "x", "y"},
      {"smembers", "s"},
      {"spop", "s"},
      {"spop", "s", "2"},
      {"spop", "s", "0"},
      {"srandmember", "s"},
      {"srandmember", "s", "2"},
      {"srandmember", "s", "-2"},
      {"smove", "s", "d", "x"},
      {"sinter", "s"},
      {"sunion", "s"},
      {"sdiff", "s"},
      {"sinterstore", "d", "s"},
      {"sunionstore", "d", "s"},
      {"sdiffstore", "d", "s"},
      {"sintercard", "1", "s"},
      {"sscan", "s", "0"},
  };
  for (const auto& cmd : cmds) EXPECT_EQ(Run(cmd), WrongType()) << cmd[0] << " " << cmd.size();
  EXPECT_EQ(Run({"get", "s"}), Bulk("v"));   // untouched
  EXPECT_EQ(Run({"exists", "d"}), Int(0));  // no destination made

  MakeList("l");
  EXPECT_EQ(Run({"sadd", "l", "x"}), WrongType());
  EXPECT_EQ(Run({"smembers", "l"}), WrongType());
  EXPECT_EQ(Run({"llen", "l"}), Int(1));

  // And the other way: other types' commands against a set.
  Run({"sadd", "set", "m"});
  EXPECT_EQ(Run({"get", "set"}), WrongType());
  EXPECT_EQ(Run({"incr", "set"}), WrongType());
  EXPECT_EQ(Run({"lpush", "set", "x"}), WrongType());
  EXPECT_EQ(Run({"hset", "set", "f", "v"}), WrongType());
  EXPECT_EQ(Run({"smembers", "set"}), SetOf({"m"}));
}

TEST_P(SetTest, WrongTypeAmongSeveralKeys) {
  Run({"set", "str", "v"});
  Run({"sadd", "a", "x", "y"});
  Run({"sadd", "b", "y", "z"});
  const std::vector<std::vector<std::string>> cmds = {
      {"sinter", "a", "str"},
      {"sinter", "str", "a"},
      {"sinter", "a", "nokey", "str"},  // a missing key does not hide the wrong type
      {"sunion", "a", "str"},
      {"sunion", "a", "b", "str"},
      {"sdiff", "a", "str"},
      {"sdiff", "str", "a"},
      {"sdiff", "nokey", "str"},
      {"sinterstore", "d", "a", "str"},
      {"sinterstore", "d", "a", "nokey", "str"},
      {"sunionstore", "d", "a", "str"},
      {"sdiffstore", "d", "a", "str"},
      {"sdiffstore", "d", "str", "a"},
      {"sintercard", "2", "a", "str"},
      {"sintercard", "2", "nokey", "str"},
      {"sintercard", "3", "a", "b", "str", "limit", "1"},
      {"smove", "a", "str", "x"},   // the destination is no set
      {"smove", "a", "str", "zz"},  // ... checked before the member is looked for
      {"smove", "str", "a", "x"},   // the source is no set
  };
  for (const auto& cmd : cmds) EXPECT_EQ(Run(cmd), WrongType()) << cmd[0] << " " << cmd.size();
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  EXPECT_EQ(Run({"get", "str"}), Bulk("v"));
  EXPECT_EQ(SetMembers({"smembers", "a"}), Sorted({"x", "y"}));  // nothing moved

  // A failed STORE leaves an existing destination alone.
  Run({"set", "dst", "keep"});
  EXPECT_EQ(Run({"sunionstore", "dst", "a", "str"}), WrongType());
  EXPECT_EQ(Run({"get", "dst"}), Bulk("keep"));
}

TEST_P(SetTest, PopOne) {
  EXPECT_EQ(Run({"spop", "nokey"}), Nil());
  Run({"sadd", "s", "a", "b", "c"});
  std::set<std::string> popped;
  for (int i = 0; i < 3; ++i) {
    ParsedReply r = ParseReply(Run({"spop", "s"}));
    ASSERT_EQ(r.type, '$');
    EXPECT_TRUE(r.str == "a" || r.str == "b" || r.str == "c") << r.str;
    EXPECT_EQ(Run({"sismember", "s", r.str}), Int(0));
    popped.insert(r.str);
  }
  EXPECT_EQ(popped.size(), 3u);
  EXPECT_EQ(Run({"exists", "s"}), Int(0));  // the last pop deleted the key
  EXPECT_EQ(Run({"spop", "s"}), Nil());

  Run({"sadd", "one", "7"});
  EXPECT_EQ(Run({"spop", "one"}), Bulk("7"));
  EXPECT_EQ(Run({"exists", "one"}), Int(0));
}

TEST_P(SetTest, PopWithCount) {
  EXPECT_EQ(Run({"spop", "nokey", "3"}), SetHdr(0));
  EXPECT_EQ(Run({"spop", "nokey", "0"}), SetHdr(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));

  SAdd("s", Names("m", 10));
  EXPECT_EQ(Run({"spop", "s", "0"}), SetHdr(0));
  EXPECT_EQ(Run({"exists", "s"}), Int(1));  // nothing popped, the key stays
  EXPECT_EQ(Run({"scard", "s"}), Int(10));

  auto three = SetMembers({"spop", "s", "3"});
  ASSERT_EQ(three.size(), 3u);
  EXPECT_EQ(std::set<std::string>(three.begin(), three.end()).size(), 3u);  // distinct
  for (const auto& m : three) {
    EXPECT_EQ(m.substr(0, 1), "m");
    EXPECT_EQ(Run({"sismember", "s", m}), Int(0));
  }
  EXPECT_EQ(Run({"scard", "s"}), Int(7));

  // A count reaching the size returns everything and deletes the key.
  auto rest = SetMembers({"spop", "s", "100"});
  EXPECT_EQ(rest.size(), 7u);
  std::vector<std::string> all = rest;
  all.insert(all.end(), three.begin(), three.end());
  EXPECT_EQ(Sorted(all), Sorted(Names("m", 10)));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));

  // Exactly the size, on an intset: numeric order.
  Run({"sadd", "i", "3", "1", "2"});
  EXPECT_EQ(Run({"spop", "i", "3"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Run({"exists", "i"}), Int(0));
}

TEST_P(SetTest, PopArguments) {
  Run({"sadd", "k", "a"});
  const std::string must_be_positive = Err("ERR value is out of range, must be positive");
  EXPECT_EQ(Run({"spop", "k", "-1"}), must_be_positive);
  EXPECT_EQ(Run({"spop", "nokey", "-1"}), must_be_positive);
  EXPECT_EQ(Run({"spop", "k", "abc"}), must_be_positive);
  EXPECT_EQ(Run({"spop", "k", "1", "2"}), Syntax());
  EXPECT_EQ(Run({"spop", "nokey", "1", "2"}), Syntax());
  EXPECT_EQ(Run({"smembers", "k"}), SetOf({"a"}));  // nothing popped
}

TEST_P(SetTest, RandMemberMissingKeyAndArguments) {
  EXPECT_EQ(Run({"srandmember", "nokey"}), Nil());
  EXPECT_EQ(Run({"srandmember", "nokey", "3"}), "*0\r\n");
  EXPECT_EQ(Run({"srandmember", "nokey", "-3"}), "*0\r\n");
  EXPECT_EQ(Run({"srandmember", "nokey", "0"}), "*0\r\n");
  const std::string range_err = Err(
      "ERR value is out of range, value must between -9223372036854775807 and "
      "9223372036854775807");
  EXPECT_EQ(Run({"srandmember", "nokey", "-9223372036854775808"}), range_err);
  Run({"sadd", "k", "a"});
  EXPECT_EQ(Run({"srandmember", "k", "-9223372036854775808"}), range_err);
  EXPECT_EQ(Run({"srandmember", "k", "abc"}), NotInt());
  EXPECT_EQ(Run({"srandmember", "k", "99999999999999999999"}), NotInt());
  EXPECT_EQ(Run({"srandmember", "k", "1", "2"}), Syntax());
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(SetTest, RandMemberOneMemberShapes) {
  Run({"sadd", "k", "x"});
  EXPECT_EQ(Run({"srandmember", "k"}), Bulk("x"));
  EXPECT_EQ(Run({"srandmember", "k", "0"}), "*0\r\n");
  EXPECT_EQ(Run({"srandmember", "k", "1"}), Bulks({"x"}));
  EXPECT_EQ(Run({"srandmember", "k", "5"}), Bulks({"x"}));  // at most the set
  EXPECT_EQ(Run({"srandmember", "k", "-1"}), Bulks({"x"}));
  EXPECT_EQ(Run({"srandmember", "k", "-5"}), Bulks({"x", "x", "x", "x", "x"}));  // repeats
  EXPECT_EQ(Run({"scard", "k"}), Int(1));  // nothing removed
}

TEST_P(SetTest, RandMemberManyMembers) {
  // An intset, then a hashtable.
  for (const char* name : {"ints", "strs"}) {
    const std::string key = name;
    std::vector<std::string> members = key == "ints" ? Names("", 10) : Names("m", 40);
    SAdd(key, members);
    ASSERT_EQ(Run({"object", "encoding", key}), Bulk(key == "ints" ? "intset" : "hashtable"));
    const std::set<std::string> all(members.begin(), members.end());
    const int n = int(members.size());

    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      ParsedReply one = ParseReply(Run({"srandmember", key}));
      ASSERT_EQ(one.type, '$');
      EXPECT_EQ(all.count(one.str), 1u) << one.str;
      seen.insert(one.str);
    }
    EXPECT_GT(seen.size(), 1u) << key;

    // Positive counts: distinct members, all of them once the count reaches the size.
    for (int count : {1, 3, n / 2, n - 1, n, n + 10}) {
      auto got = ArrayMembers({"srandmember", key, std::to_string(count)});
      EXPECT_EQ(got.size(), size_t(std::min(count, n))) << key << " " << count;
      std::set<std::string> distinct(got.begin(), got.end());
      EXPECT_EQ(distinct.size(), got.size()) << key << " " << count;
      for (const auto& m : got) EXPECT_EQ(all.count(m), 1u) << m;
    }
    // Negative counts: exactly |count| members, repeats allowed.
    auto many = ArrayMembers({"srandmember", key, "-100"});
    EXPECT_EQ(many.size(), 100u);
    for (const auto& m : many) EXPECT_EQ(all.count(m), 1u) << m;
    EXPECT_EQ(Run({"scard", key}), Int(n));  // a read
  }
}

TEST_P(SetTest, Move) {
  Run({"sadd", "src", "a", "b"});
  EXPECT_EQ(Run({"smove", "src", "dst", "a"}), Int(1));  // creates the destination
  EXPECT_EQ(Run({"smembers", "dst"}), SetOf({"a"}));
  EXPECT_EQ(Run({"sismember", "src", "a"}), Int(0));
  EXPECT_EQ(Run({"scard", "src"}), Int(1));
  EXPECT_EQ(Run({"smove", "src", "dst", "zz"}), Int(0));  // not a member
  EXPECT_EQ(Run({"smove", "src", "fresh", "zz"}), Int(0));
  EXPECT_EQ(Run({"exists", "fresh"}), Int(0));
  EXPECT_EQ(Run({"smove", "src", "dst", "b"}), Int(1));
  EXPECT_EQ(Run({"exists", "src"}), Int(0));  // emptied: gone
  EXPECT_EQ(SetMembers({"smembers", "dst"}), Sorted({"a", "b"}));

  // A member the destination already has: still 1, and the source loses it.
  Run({"sadd", "x1", "m", "n"});
  Run({"sadd", "x2", "m"});
  EXPECT_EQ(Run({"smove", "x1", "x2", "m"}), Int(1));
  EXPECT_EQ(Run({"scard", "x2"}), Int(1));
  EXPECT_EQ(Run({"smembers", "x1"}), SetOf({"n"}));

  // src == dst: 1 when a member, else 0; nothing changes.
  Run({"sadd", "same", "m"});
  EXPECT_EQ(Run({"smove", "same", "same", "m"}), Int(1));
  EXPECT_EQ(Run({"smove", "same", "same", "q"}), Int(0));
  EXPECT_EQ(Run({"smembers", "same"}), SetOf({"m"}));

  // A missing source: 0, even when the destination is a string (Redis checks the source
  // first).
  EXPECT_EQ(Run({"smove", "nokey", "dst", "a"}), Int(0));
  Run({"set", "str", "v"});
  EXPECT_EQ(Run({"smove", "nokey", "str", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));

  // A wrong-typed destination is an error; the member stays where it was.
  Run({"sadd", "s3", "m"});
  EXPECT_EQ(Run({"smove", "s3", "str", "m"}), WrongType());
  EXPECT_EQ(Run({"sismember", "s3", "m"}), Int(1));
  EXPECT_EQ(Run({"get", "str"}), Bulk("v"));

  // Moving a string member into an intset converts it.
  Run({"sadd", "ints", "1", "2"});
  ASSERT_EQ(Run({"object", "encoding", "ints"}), Bulk("intset"));
  EXPECT_EQ(Run({"smove", "s3", "ints", "m"}), Int(1));
  EXPECT_EQ(Run({"object", "encoding", "ints"}), Bulk("hashtable"));
  EXPECT_EQ(SetMembers({"smembers", "ints"}), Sorted({"1", "2", "m"}));
}

TEST_P(SetTest, InterUnionDiff) {
  Run({"sadd", "a", "x", "y", "z"});
  Run({"sadd", "b", "y", "z", "w"});
  Run({"sadd", "c", "z", "v"});

  EXPECT_EQ(SetMembers({"sinter", "a"}), Sorted({"x", "y", "z"}));
  EXPECT_EQ(SetMembers({"sinter", "a", "b"}), Sorted({"y", "z"}));
  EXPECT_EQ(SetMembers({"sinter", "a", "b", "c"}), Sorted({"z"}));
  EXPECT_EQ(Run({"sinter", "a", "nokey"}), SetHdr(0));  // a missing key is empty
  EXPECT_EQ(Run({"sinter", "nokey", "a", "b"}), SetHdr(0));
  EXPECT_EQ(Run({"sinter", "nokey"}), SetHdr(0));

  EXPECT_EQ(SetMembers({"sunion", "a", "b"}), Sorted({"w", "x", "y", "z"}));
  EXPECT_EQ(SetMembers({"sunion", "a", "b", "c"}), Sorted({"v", "w", "x", "y", "z"}));
  EXPECT_EQ(SetMembers({"sunion", "nokey", "a", "nokey2", "c"}), Sorted({"v", "x", "y", "z"}));
  EXPECT_EQ(Run({"sunion", "nokey", "nokey2"}), SetHdr(0));

  // SDIFF: the first set minus the others.
  EXPECT_EQ(SetMembers({"sdiff", "a"}), Sorted({"x", "y", "z"}));
  EXPECT_EQ(SetMembers({"sdiff", "a", "b"}), Sorted({"x"}));
  EXPECT_EQ(SetMembers({"sdiff", "b", "a"}), Sorted({"w"}));
  EXPECT_EQ(SetMembers({"sdiff", "a", "c"}), Sorted({"x", "y"}));
  EXPECT_EQ(Run({"sdiff", "a", "b", "c"}), SetOf({"x"}));
  EXPECT_EQ(SetMembers({"sdiff", "a", "nokey"}), Sorted({"x", "y", "z"}));
  EXPECT_EQ(Run({"sdiff", "nokey", "a"}), SetHdr(0));
  EXPECT_EQ(Run({"sdiff", "a", "a"}), SetHdr(0));

  // All-integer results come out in numeric order, as Redis's intsets do.
  Run({"sadd", "i", "30", "10", "2"});
  Run({"sadd", "j", "5", "10", "1"});
  EXPECT_EQ(Run({"sunion", "i", "j"}), SetOf({"1", "2", "5", "10", "30"}));
  EXPECT_EQ(Run({"sinter", "i", "j"}), SetOf({"10"}));
  EXPECT_EQ(Run({"sdiff", "i", "j"}), SetOf({"2", "30"}));

  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
  EXPECT_EQ(Run({"scard", "a"}), Int(3));  // the sources are untouched
}

TEST_P(SetTest, StoreForms) {
  Run({"sadd", "a", "x", "y", "z"});
  Run({"sadd", "b", "y", "z", "w"});

  EXPECT_EQ(Run({"sinterstore", "d", "a", "b"}), Int(2));
  EXPECT_EQ(SetMembers({"smembers", "d"}), Sorted({"y", "z"}));
  EXPECT_EQ(Run({"sunionstore", "d", "a", "b"}), Int(4));  // replaces the old result
  EXPECT_EQ(SetMembers({"smembers", "d"}), Sorted({"w", "x", "y", "z"}));
  EXPECT_EQ(Run({"sdiffstore", "d", "a", "b"}), Int(1));
  EXPECT_EQ(Run({"smembers", "d"}), SetOf({"x"}));
  EXPECT_EQ(Run({"sunionstore", "u", "a", "nokey"}), Int(3));
  EXPECT_EQ(SetMembers({"smembers", "u"}), Sorted({"x", "y", "z"}));

  // A string destination is replaced, expiry and all.
  Run({"set", "str", "v", "ex", "100"});
  EXPECT_EQ(Run({"sinterstore", "str", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"type", "str"}), Simple("set"));
  EXPECT_EQ(Run({"ttl", "str"}), Int(-1));
  EXPECT_EQ(SetMembers({"smembers", "str"}), Sorted({"y", "z"}));
  Run({"set", "str2", "v"});
  EXPECT_EQ(Run({"sunionstore", "str2", "a"}), Int(3));
  EXPECT_EQ(Run({"type", "str2"}), Simple("set"));
  Run({"set", "str3", "v"});
  EXPECT_EQ(Run({"sdiffstore", "str3", "b", "a"}), Int(1));
  EXPECT_EQ(Run({"smembers", "str3"}), SetOf({"w"}));

  // An empty result deletes the destination, whatever it held.
  EXPECT_EQ(Run({"sinterstore", "d", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
  Run({"set", "s", "v"});
  EXPECT_EQ(Run({"sdiffstore", "s", "a", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "s"}), Int(0));
  Run({"sadd", "e", "m"});
  EXPECT_EQ(Run({"sunionstore", "e", "nokey", "nokey2"}), Int(0));
  EXPECT_EQ(Run({"exists", "e"}), Int(0));
  EXPECT_EQ(Run({"sdiffstore", "never", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"exists", "never"}), Int(0));

  // The destination may be one of the sources.
  EXPECT_EQ(Run({"sunionstore", "a", "a", "b"}), Int(4));
  EXPECT_EQ(SetMembers({"smembers", "a"}), Sorted({"w", "x", "y", "z"}));
  EXPECT_EQ(Run({"sinterstore", "b", "b", "a"}), Int(3));
  EXPECT_EQ(SetMembers({"smembers", "b"}), Sorted({"w", "y", "z"}));

  // The stored result follows the encoding rules.
  Run({"sadd", "i", "3", "1"});
  Run({"sadd", "j", "2"});
  EXPECT_EQ(Run({"sunionstore", "ij", "i", "j"}), Int(3));
  EXPECT_EQ(Run({"object", "encoding", "ij"}), Bulk("intset"));
  EXPECT_EQ(Run({"smembers", "ij"}), SetOf({"1", "2", "3"}));
  EXPECT_EQ(Run({"sunionstore", "mixed", "i", "a"}), Int(6));
  EXPECT_EQ(Run({"object", "encoding", "mixed"}), Bulk("hashtable"));
}

TEST_P(SetTest, InterCard) {
  Run({"sadd", "a", "x", "y", "z"});
  Run({"sadd", "b", "y", "z", "w"});
  EXPECT_EQ(Run({"sintercard", "1", "a"}), Int(3));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b"}), Int(2));
  EXPECT_EQ(Run({"SINTERCARD", "2", "a", "b", "LIMIT", "1"}), Int(1));
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "0"}), Int(2));  // 0: no limit
  EXPECT_EQ(Run({"sintercard", "2", "a", "b", "limit", "10"}), Int(2));
  EXPECT_EQ(Run({"sintercard", "2", "a", "nokey"}), Int(0));
  EXPECT_EQ(Run({"sintercard", "1", "nokey"}), Int(0));

  // LIMIT on a large intersection.
  SAdd("big1", Names("m", 300));
  SAdd("big2", Names("m", 300));
  EXPECT_EQ(Run({"sintercard", "2", "big1", "big2"}), Int(300));
  EXPECT_EQ(Run({"sintercard", "2", "big1", "big2", "limit", "1"}), Int(1));
  EXPECT_EQ(Run({"sintercard", "2", "big1", "big2", "limit", "50"}), Int(50));
  EXPECT_EQ(Run({"sintercard", "2", "big1", "big2", "limit", "1000"}), Int(300));

  // Arguments.
  const std::string numkeys = Err("ERR numkeys should be greater than 0");
  EXPECT_EQ(Run({"sintercard", "0", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "-1", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "abc", "a"}), numkeys);
  EXPECT_EQ(Run({"sintercard", "3", "a", "b"}),
            Err("ERR Number of keys can't be greater than number of args"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit", "-1"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit", "abc"}), Err("ERR LIMIT can't be negative"));
  EXPECT_EQ(Run({"sintercard", "1", "a", "FOO", "1"}), Syntax());
  EXPECT_EQ(Run({"sintercard", "1", "a", "limit"}), Syntax());
  EXPECT_EQ(Run({"sintercard", "1", "a", "b"}), Syntax());  // a key past numkeys
}

TEST_P(SetTest, ScanSmallIntsetAndArguments) {
  EXPECT_EQ(Run({"sscan", "nokey", "0"}), ScanReply("0", {}));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
  Run({"sadd", "i", "12", "5", "1", "10", "3"});
  ASSERT_EQ(Run({"object", "encoding", "i"}), Bulk("intset"));
  const std::string all = ScanReply("0", {"1", "3", "5", "10", "12"});
  EXPECT_EQ(Run({"sscan", "i", "0"}), all);
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "1"}), all);  // an intset comes back whole
  EXPECT_EQ(Run({"sscan", "i", "0", "match", "*"}), all);
  EXPECT_EQ(Run({"sscan", "i", "0", "MATCH", "1*", "COUNT", "100"}),
            ScanReply("0", {"1", "10", "12"}));
  EXPECT_EQ(Run({"sscan", "i", "0", "match", "zz*"}), ScanReply("0", {}));

  EXPECT_EQ(Run({"sscan", "i", "abc"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"sscan", "i", " 0"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "0"}), Syntax());
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "-1"}), Syntax());
  EXPECT_EQ(Run({"sscan", "i", "0", "count", "abc"}), NotInt());
  EXPECT_EQ(Run({"sscan", "i", "0", "count"}), Syntax());
  EXPECT_EQ(Run({"sscan", "i", "0", "foo", "bar"}), Syntax());
}

TEST_P(SetTest, ScanHashtableWalkReturnsEveryMember) {
  SAdd("s", Names("m", 300));
  ASSERT_EQ(Run({"object", "encoding", "s"}), Bulk("hashtable"));
  const std::vector<std::string> names = Names("m", 300);
  const std::set<std::string> want(names.begin(), names.end());
  for (const char* c : {"1", "7", "10", "50", "1000"}) {
    const std::string count = c;
    int calls = 0;
    EXPECT_EQ(ScanAll("s", count, "", &calls), want) << "count " << count;
    if (count == "7") {
      EXPECT_GT(calls, 1);  // not all in one reply
    }
  }
  // MATCH filters the members; the walk still ends at 0.
  int calls = 0;
  std::set<std::string> want_matched;
  for (const auto& m : want)
    if (m.rfind("m1", 0) == 0) want_matched.insert(m);
  EXPECT_EQ(want_matched.size(), 111u);  // m1, m10..m19, m100..m199
  EXPECT_EQ(ScanAll("s", "9", "m1*", &calls), want_matched);
  EXPECT_EQ(ScanAll("s", "9", "nothing*", &calls), std::set<std::string>());
}

TEST_P(SetTest, ObjectEncodingConvertsOnce) {
  Run({"sadd", "e", "1", "2", "3"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("intset"));
  Run({"sadd", "e", "a"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("hashtable"));
  EXPECT_EQ(SetMembers({"smembers", "e"}), Sorted({"1", "2", "3", "a"}));
  EXPECT_EQ(Run({"srem", "e", "a"}), Int(1));
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("hashtable"));  // never back
  EXPECT_EQ(Run({"sismember", "e", "2"}), Int(1));

  // A non-canonical integer is a string member.
  Run({"sadd", "c", "1"});
  EXPECT_EQ(Run({"sadd", "c", "01"}), Int(1));
  EXPECT_EQ(Run({"object", "encoding", "c"}), Bulk("hashtable"));
  EXPECT_EQ(Run({"scard", "c"}), Int(2));

  // set-max-intset-entries: 512 by default.
  std::vector<std::string> ints = Names("", 512);
  SAdd("d", ints);
  EXPECT_EQ(Run({"object", "encoding", "d"}), Bulk("intset"));
  Run({"sadd", "d", "512"});
  EXPECT_EQ(Run({"object", "encoding", "d"}), Bulk("hashtable"));
  EXPECT_EQ(Run({"scard", "d"}), Int(513));

  // ... and lowered at run time.
  EXPECT_EQ(Run({"config", "set", "set-max-intset-entries", "4"}), Ok());
  EXPECT_EQ(Run({"sadd", "n", "1", "2", "3", "4"}), Int(4));
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("intset"));  // at the limit
  EXPECT_EQ(Run({"sadd", "n", "5"}), Int(1));
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("hashtable"));
  EXPECT_EQ(SetMembers({"smembers", "n"}), Sorted({"1", "2", "3", "4", "5"}));
  EXPECT_EQ(Run({"sadd", "m", "1", "2", "3", "4", "5", "6"}), Int(6));  // in one call
  EXPECT_EQ(Run({"object", "encoding", "m"}), Bulk("hashtable"));
}

TEST_P(SetTest, CommandGetKeys) {
  EXPECT_EQ(Run({"command", "getkeys", "sintercard", "2", "a", "b", "LIMIT", "1"}),
            "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Run({"command", "getkeys", "sintercard", "1", "a"}), Bulks({"a"}));
  EXPECT_EQ(Run({"command", "getkeys", "smove", "a", "b", "m"}), Bulks({"a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "sinterstore", "d", "a", "b"}), Bulks({"d", "a", "b"}));
  EXPECT_EQ(Run({"command", "getkeys", "sadd", "k", "m1", "m2"}), Bulks({"k"}));
}

TEST_P(SetTest, WatchSeesSetWrites) {
  Run({"sadd", "s", "a"});
  // Another client's SADD.
  EXPECT_EQ(Run({"watch", "s"}), Ok());
  EXPECT_EQ(RunOther({"sadd", "s", "b"}), Int(1));
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"scard", "s"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"exec"}), NullArray());
  EXPECT_EQ(Run({"scard", "s"}), Int(2));

  // This client's own SADD between WATCH and MULTI.
  EXPECT_EQ(Run({"watch", "s"}), Ok());
  EXPECT_EQ(Run({"sadd", "s", "c"}), Int(1));
  Run({"multi"});
  Run({"scard", "s"});
  EXPECT_EQ(Run({"exec"}), NullArray());

  // An SREM that deletes the key.
  EXPECT_EQ(Run({"watch", "s"}), Ok());
  EXPECT_EQ(RunOther({"srem", "s", "a", "b", "c"}), Int(3));
  Run({"multi"});
  Run({"scard", "s"});
  EXPECT_EQ(Run({"exec"}), NullArray());
  EXPECT_EQ(Run({"exists", "s"}), Int(0));

  // A STORE and an SMOVE writing the watched key.
  Run({"sadd", "x", "1", "2"});
  EXPECT_EQ(Run({"watch", "w"}), Ok());
  EXPECT_EQ(RunOther({"sunionstore", "w", "x"}), Int(2));
  Run({"multi"});
  Run({"scard", "w"});
  EXPECT_EQ(Run({"exec"}), NullArray());
  EXPECT_EQ(Run({"watch", "w"}), Ok());
  EXPECT_EQ(RunOther({"smove", "x", "w", "1"}), Int(1));
  Run({"multi"});
  Run({"scard", "w"});
  EXPECT_EQ(Run({"exec"}), NullArray());

  // Reads do not abort; the transaction's own set commands run.
  EXPECT_EQ(Run({"watch", "x"}), Ok());
  EXPECT_EQ(RunOther({"smembers", "x"}), SetOf({"2"}));
  EXPECT_EQ(RunOther({"sismember", "x", "2"}), Int(1));
  EXPECT_EQ(RunOther({"srandmember", "x"}), Bulk("2"));
  Run({"multi"});
  EXPECT_EQ(Run({"sadd", "x", "3"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"scard", "x"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"exec"}), Arr(2) + Int(1) + Int(2));
}

}  // namespace
}  // namespace tessera::commands
