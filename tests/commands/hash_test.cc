// Hash commands (commands/hash.cc) through the real registry, in RESP2 and RESP3: replies,
// arity, WRONGTYPE, Redis's error texts, HINCRBYFLOAT's formatting, HRANDFIELD's shapes,
// HSCAN cursor walks, OBJECT ENCODING conversion, deletion of emptied hashes and WATCH.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class HashTest : public CommandTest {
 protected:
  std::string NullArray() const { return resp3() ? "_\r\n" : "*-1\r\n"; }
  // An array of bulk strings.
  static std::string Bulks(std::initializer_list<std::string_view> items) {
    std::string s = Arr(items.size());
    for (auto i : items) s += Bulk(i);
    return s;
  }
  // A map reply of the pairs, in order.
  std::string MapOf(std::initializer_list<std::pair<std::string_view, std::string_view>> kv) {
    std::string s = Map(kv.size());
    for (const auto& [k, v] : kv) s += Bulk(k) + Bulk(v);
    return s;
  }

  // HSET key f0 v0 ... f<n-1> v<n-1>.
  void Fill(const std::string& key, int n) {
    std::vector<std::string> args{"hset", key};
    for (int i = 0; i < n; ++i) {
      args.push_back("f" + std::to_string(i));
      args.push_back("v" + std::to_string(i));
    }
    ASSERT_EQ(Run(args), Int(n));
  }
  static std::map<std::string, std::string> Filled(int n) {
    std::map<std::string, std::string> m;
    for (int i = 0; i < n; ++i) m["f" + std::to_string(i)] = "v" + std::to_string(i);
    return m;
  }

  // HRANDFIELD ... WITHVALUES as (field, value) pairs, in either protocol's shape.
  std::vector<std::pair<std::string, std::string>> RandPairs(const std::string& key,
                                                             const std::string& count) {
    std::vector<std::pair<std::string, std::string>> out;
    ParsedReply r = ParseReply(Run({"hrandfield", key, count, "withvalues"}));
    EXPECT_EQ(r.type, '*');
    if (resp3()) {
      for (const ParsedReply& p : r.items) {
        EXPECT_EQ(p.type, '*');
        EXPECT_EQ(p.items.size(), 2u);
        if (p.items.size() == 2) out.emplace_back(p.items[0].str, p.items[1].str);
      }
    } else {
      EXPECT_EQ(r.items.size() % 2, 0u);
      for (size_t i = 0; i + 1 < r.items.size(); i += 2)
        out.emplace_back(r.items[i].str, r.items[i + 1].str);
    }
    return out;
  }

  // HRANDFIELD key count as a list of fields.
  std::vector<std::string> RandFields(const std::string& key, const std::string& count) {
    std::vector<std::string> out;
    ParsedReply r = ParseReply(Run({"hrandfield", key, count}));
    EXPECT_EQ(r.type, '*');
    for (const ParsedReply& f : r.items) {
      EXPECT_EQ(f.type, '$');
      out.push_back(f.str);
    }
    return out;
  }

  // Walks HSCAN from cursor 0 back to 0; every pair seen, and how many calls it took.
  std::map<std::string, std::string> ScanAll(const std::string& key, const std::string& count,
                                             const std::string& match, int* calls) {
    std::map<std::string, std::string> seen;
    std::string cursor = "0";
    *calls = 0;
    do {
      std::vector<std::string> args{"hscan", key, cursor, "count", count};
      if (!match.empty()) {
        args.push_back("match");
        args.push_back(match);
      }
      ParsedReply r = ParseReply(Run(args));
      EXPECT_EQ(r.type, '*');
      if (r.items.size() != 2 || r.items[1].type != '*') {
        ADD_FAILURE() << "bad HSCAN reply";
        break;
      }
      cursor = r.items[0].str;
      const auto& body = r.items[1].items;
      EXPECT_EQ(body.size() % 2, 0u);
      for (size_t i = 0; i + 1 < body.size(); i += 2) seen[body[i].str] = body[i + 1].str;
      if (++*calls > 10000) {
        ADD_FAILURE() << "the HSCAN walk does not end";
        break;
      }
    } while (cursor != "0");
    return seen;
  }

};
INSTANTIATE_TEST_SUITE_P(Resp, HashTest, ::testing::Values(2, 3));

TEST_P(HashTest, SetGetLenStrLenExists) {
  EXPECT_EQ(Run({"hset", "h", "a", "1", "b", "2"}), Int(2));
  EXPECT_EQ(Run({"hset", "h", "a", "9", "c", "3"}), Int(1));  // only new fields count
  EXPECT_EQ(Run({"hset", "h", "x", "1", "x", "2"}), Int(1));  // twice in one call: last wins
  EXPECT_EQ(Run({"hget", "h", "x"}), Bulk("2"));
  EXPECT_EQ(Run({"hget", "h", "a"}), Bulk("9"));
  EXPECT_EQ(Run({"hget", "h", "nope"}), Nil());
  EXPECT_EQ(Run({"hget", "nokey", "a"}), Nil());
  EXPECT_EQ(Run({"hlen", "h"}), Int(4));
  EXPECT_EQ(Run({"hlen", "nokey"}), Int(0));
  EXPECT_EQ(Run({"hset", "h", "long", "hello world"}), Int(1));
  EXPECT_EQ(Run({"hstrlen", "h", "long"}), Int(11));
  EXPECT_EQ(Run({"hstrlen", "h", "a"}), Int(1));
  EXPECT_EQ(Run({"hstrlen", "h", "nope"}), Int(0));
  EXPECT_EQ(Run({"hstrlen", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"hexists", "h", "a"}), Int(1));
  EXPECT_EQ(Run({"hexists", "h", "nope"}), Int(0));
  EXPECT_EQ(Run({"hexists", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"type", "h"}), Simple("hash"));
  EXPECT_EQ(Run({"HSET", "h", "empty", ""}), Int(1));
  EXPECT_EQ(Run({"HGET", "h", "empty"}), Bulk(""));
  EXPECT_EQ(Run({"hstrlen", "h", "empty"}), Int(0));
  EXPECT_EQ(Run({"hexists", "h", "empty"}), Int(1));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));  // reads create nothing
}

TEST_P(HashTest, SetNxAndMSet) {
  EXPECT_EQ(Run({"hsetnx", "h", "f", "v"}), Int(1));
  EXPECT_EQ(Run({"hsetnx", "h", "f", "w"}), Int(0));
  EXPECT_EQ(Run({"hget", "h", "f"}), Bulk("v"));  // left alone
  EXPECT_EQ(Run({"hsetnx", "h", "g", "w"}), Int(1));
  EXPECT_EQ(Run({"hlen", "h"}), Int(2));
  EXPECT_EQ(Run({"hmset", "h", "f", "x", "g", "y", "z", "1"}), Ok());
  EXPECT_EQ(Run({"hget", "h", "f"}), Bulk("x"));
  EXPECT_EQ(Run({"hget", "h", "z"}), Bulk("1"));
  EXPECT_EQ(Run({"hlen", "h"}), Int(3));
  EXPECT_EQ(Run({"hmset", "new", "a", "b"}), Ok());
  EXPECT_EQ(Run({"hgetall", "new"}), MapOf({{"a", "b"}}));
}

TEST_P(HashTest, MGet) {
  Run({"hset", "h", "a", "1", "b", "2"});
  EXPECT_EQ(Run({"hmget", "h", "a", "nope", "b"}), Arr(3) + Bulk("1") + Nil() + Bulk("2"));
  EXPECT_EQ(Run({"hmget", "h", "b"}), Arr(1) + Bulk("2"));
  EXPECT_EQ(Run({"hmget", "nokey", "a", "b"}), Arr(2) + Nil() + Nil());
  EXPECT_EQ(Run({"hmget", "h", "a", "a"}), Arr(2) + Bulk("1") + Bulk("1"));
}

TEST_P(HashTest, GetAllKeysVals) {
  EXPECT_EQ(Run({"hgetall", "nokey"}), Map(0));
  EXPECT_EQ(Run({"hkeys", "nokey"}), Arr(0));
  EXPECT_EQ(Run({"hvals", "nokey"}), Arr(0));
  Run({"hset", "h", "f1", "v1", "f2", "v2", "f3", "v3"});
  // listpack: insertion order
  EXPECT_EQ(Run({"hgetall", "h"}), MapOf({{"f1", "v1"}, {"f2", "v2"}, {"f3", "v3"}}));
  EXPECT_EQ(Run({"hkeys", "h"}), Bulks({"f1", "f2", "f3"}));
  EXPECT_EQ(Run({"hvals", "h"}), Bulks({"v1", "v2", "v3"}));
  Run({"hdel", "h", "f2"});
  Run({"hset", "h", "f1", "changed"});
  EXPECT_EQ(Run({"hgetall", "h"}), MapOf({{"f1", "changed"}, {"f3", "v3"}}));

  // hashtable: some order, every pair once
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-entries", "2"}), Ok());
  Fill("big", 50);
  ASSERT_EQ(Run({"object", "encoding", "big"}), Bulk("hashtable"));
  ParsedReply all = ParseReply(Run({"hgetall", "big"}));
  EXPECT_EQ(all.type, resp3() ? '%' : '*');
  ASSERT_EQ(all.items.size(), 100u);
  std::map<std::string, std::string> got;
  for (size_t i = 0; i + 1 < all.items.size(); i += 2) got[all.items[i].str] = all.items[i + 1].str;
  EXPECT_EQ(got, Filled(50));
  std::set<std::string> keys;
  ParsedReply hkeys = ParseReply(Run({"hkeys", "big"}));
  for (const auto& k : hkeys.items) keys.insert(k.str);
  EXPECT_EQ(keys.size(), 50u);
  EXPECT_EQ(ParseReply(Run({"hvals", "big"})).items.size(), 50u);
}

TEST_P(HashTest, DelRemovesEmptiedHash) {
  Run({"hset", "h", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(Run({"hdel", "h", "a", "nope"}), Int(1));
  EXPECT_EQ(Run({"hdel", "h", "a"}), Int(0));
  EXPECT_EQ(Run({"hdel", "nokey", "a"}), Int(0));
  EXPECT_EQ(Run({"hlen", "h"}), Int(2));
  EXPECT_EQ(Run({"hdel", "h", "b", "c", "b"}), Int(2));
  EXPECT_EQ(Run({"exists", "h"}), Int(0));  // emptied: gone
  EXPECT_EQ(Run({"type", "h"}), Simple("none"));
  EXPECT_EQ(Run({"hlen", "h"}), Int(0));
  EXPECT_EQ(Run({"hgetall", "h"}), Map(0));
  // The key can hold another type now.
  EXPECT_EQ(Run({"set", "h", "s"}), Ok());
  EXPECT_EQ(Run({"get", "h"}), Bulk("s"));

  // The same for a hashtable-encoded hash.
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-entries", "2"}), Ok());
  Fill("t", 10);
  ASSERT_EQ(Run({"object", "encoding", "t"}), Bulk("hashtable"));
  std::vector<std::string> del{"hdel", "t"};
  for (int i = 0; i < 10; ++i) del.push_back("f" + std::to_string(i));
  EXPECT_EQ(Run(del), Int(10));
  EXPECT_EQ(Run({"exists", "t"}), Int(0));
}

TEST_P(HashTest, WrongArity) {
  const std::vector<std::vector<std::string>> cmds = {
      {"hset", "k", "f"},
      {"hset", "k", "f", "v", "g"},  // an odd number of field/value arguments
      {"hset", "k"},
      {"hsetnx", "k", "f"},
      {"hsetnx", "k", "f", "v", "x"},
      {"hmset", "k", "f"},
      {"hmset", "k", "f", "v", "g"},
      {"hget", "k"},
      {"hget", "k", "f", "g"},
      {"hmget", "k"},
      {"hdel", "k"},
      {"hlen"},
      {"hlen", "k", "x"},
      {"hstrlen", "k"},
      {"hstrlen", "k", "f", "x"},
      {"hexists", "k"},
      {"hexists", "k", "f", "x"},
      {"hkeys"},
      {"hkeys", "k", "x"},
      {"hvals"},
      {"hvals", "k", "x"},
      {"hgetall"},
      {"hgetall", "k", "x"},
      {"hincrby", "k", "f"},
      {"hincrby", "k", "f", "1", "2"},
      {"hincrbyfloat", "k", "f"},
      {"hincrbyfloat", "k", "f", "1", "2"},
      {"hrandfield"},
      {"hscan", "k"},
  };
  for (const auto& cmd : cmds)
    EXPECT_EQ(Run(cmd), WrongArgs(cmd[0])) << cmd[0] << " " << cmd.size();
  EXPECT_EQ(Run({"exists", "k"}), Int(0));  // nothing was created
}

TEST_P(HashTest, WrongTypeBothWays) {
  Run({"set", "s", "v"});
  const std::vector<std::vector<std::string>> cmds = {
      {"hset", "s", "f", "v"},
      {"hsetnx", "s", "f", "v"},
      {"hmset", "s", "f", "v"},
      {"hget", "s", "f"},
      {"hmget", "s", "f", "g"},
      {"hdel", "s", "f"},
      {"hlen", "s"},
      {"hstrlen", "s", "f"},
      {"hexists", "s", "f"},
      {"hkeys", "s"},
      {"hvals", "s"},
      {"hgetall", "s"},
      {"hincrby", "s", "f", "1"},
      {"hincrbyfloat", "s", "f", "1.5"},
      {"hrandfield", "s"},
      {"hrandfield", "s", "2"},
      {"hrandfield", "s", "-2", "withvalues"},
      {"hscan", "s", "0"},
  };
  for (const auto& cmd : cmds) EXPECT_EQ(Run(cmd), WrongType()) << cmd[0];
  EXPECT_EQ(Run({"get", "s"}), Bulk("v"));  // untouched
  MakeList("l");
  EXPECT_EQ(Run({"hget", "l", "a"}), WrongType());
  EXPECT_EQ(Run({"hset", "l", "a", "b"}), WrongType());
  Run({"hset", "h", "f", "v"});
  EXPECT_EQ(Run({"get", "h"}), WrongType());
  EXPECT_EQ(Run({"lpush", "h", "x"}), WrongType());
  EXPECT_EQ(Run({"incr", "h"}), WrongType());
  EXPECT_EQ(Run({"hget", "h", "f"}), Bulk("v"));
}

TEST_P(HashTest, IncrBy) {
  EXPECT_EQ(Run({"hincrby", "h", "n", "5"}), Int(5));  // creates key and field
  EXPECT_EQ(Run({"hincrby", "h", "n", "-7"}), Int(-2));
  EXPECT_EQ(Run({"hincrby", "h", "n", "0"}), Int(-2));
  EXPECT_EQ(Run({"hget", "h", "n"}), Bulk("-2"));

  Run({"hset", "h", "s", "abc", "f", "1.5", "sp", " 1"});
  EXPECT_EQ(Run({"hincrby", "h", "s", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hincrby", "h", "f", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hincrby", "h", "sp", "1"}), Err("ERR hash value is not an integer"));
  EXPECT_EQ(Run({"hget", "h", "s"}), Bulk("abc"));

  EXPECT_EQ(Run({"hincrby", "h", "n", "abc"}), Err("ERR value is not an integer or out of range"));
  EXPECT_EQ(Run({"hincrby", "h", "n", "1.5"}), NotInt());
  EXPECT_EQ(Run({"hincrby", "h", "n", "99999999999999999999"}), NotInt());
  EXPECT_EQ(Run({"hincrby", "h", "n", ""}), NotInt());

  Run({"hset", "h", "big", "9223372036854775807", "small", "-9223372036854775808"});
  EXPECT_EQ(Run({"hincrby", "h", "big", "1"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"hincrby", "h", "small", "-1"}),
            Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"hget", "h", "big"}), Bulk("9223372036854775807"));  // unchanged
  EXPECT_EQ(Run({"hincrby", "h", "big", "-1"}), Int(9223372036854775806));
  EXPECT_EQ(Run({"hincrby", "h", "small", "9223372036854775807"}), Int(-1));

  // A refused increment creates nothing.
  EXPECT_EQ(Run({"hincrby", "nokey", "f", "abc"}), NotInt());
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(HashTest, IncrByFloat) {
  Run({"hset", "h", "x", "10.5"});
  EXPECT_EQ(Run({"hincrbyfloat", "h", "x", "0.5"}), Bulk("11"));
  EXPECT_EQ(Run({"hget", "h", "x"}), Bulk("11"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "y", "5.0e3"}), Bulk("5000"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "z", "1.5"}), Bulk("1.5"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "z", "-3"}), Bulk("-1.5"));
  EXPECT_EQ(Run({"hincrby", "h", "x", "1"}), Int(12));  // "11" is an integer again
  EXPECT_EQ(Run({"hincrbyfloat", "new", "f", "2.25"}), Bulk("2.25"));  // creates the key
  EXPECT_EQ(Run({"exists", "new"}), Int(1));

  Run({"hset", "h", "s", "abc"});
  EXPECT_EQ(Run({"hincrbyfloat", "h", "s", "1"}), Err("ERR hash value is not a float"));
  EXPECT_EQ(Run({"hget", "h", "s"}), Bulk("abc"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "x", "abc"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "x", ""}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "x", "inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"hincrbyfloat", "h", "x", "-inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"hget", "h", "x"}), Bulk("12"));  // unchanged

  // Refused increments create nothing.
  EXPECT_EQ(Run({"hincrbyfloat", "nokey", "f", "inf"}), Err("ERR value is NaN or Infinity"));
  EXPECT_EQ(Run({"hincrbyfloat", "nokey", "f", "abc"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(HashTest, RandFieldMissingKeyAndArguments) {
  EXPECT_EQ(Run({"hrandfield", "nokey"}), Nil());
  EXPECT_EQ(Run({"hrandfield", "nokey", "3"}), "*0\r\n");
  EXPECT_EQ(Run({"hrandfield", "nokey", "-3"}), "*0\r\n");
  EXPECT_EQ(Run({"hrandfield", "nokey", "3", "withvalues"}), "*0\r\n");
  const std::string range_err = Err(
      "ERR value is out of range, value must between -9223372036854775807 and "
      "9223372036854775807");
  EXPECT_EQ(Run({"hrandfield", "nokey", "-9223372036854775808"}), range_err);
  Run({"hset", "k", "f", "v"});
  EXPECT_EQ(Run({"hrandfield", "k", "-9223372036854775808"}), range_err);
  EXPECT_EQ(Run({"hrandfield", "k", "-9223372036854775808", "withvalues"}), range_err);
  EXPECT_EQ(Run({"hrandfield", "k", "-9223372036854775807", "withvalues"}),
            Err("ERR value is out of range"));
  EXPECT_EQ(Run({"hrandfield", "k", "abc"}), NotInt());
  EXPECT_EQ(Run({"hrandfield", "k", "1", "withvalue"}), Syntax());
  EXPECT_EQ(Run({"hrandfield", "k", "1", "withvalues", "x"}), Syntax());
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
}

TEST_P(HashTest, RandFieldOneFieldShapes) {
  Run({"hset", "k", "f", "v"});
  EXPECT_EQ(Run({"hrandfield", "k"}), Bulk("f"));
  EXPECT_EQ(Run({"hrandfield", "k", "0"}), "*0\r\n");
  EXPECT_EQ(Run({"hrandfield", "k", "1"}), "*1\r\n$1\r\nf\r\n");
  EXPECT_EQ(Run({"hrandfield", "k", "5"}), "*1\r\n$1\r\nf\r\n");  // at most the hash
  EXPECT_EQ(Run({"hrandfield", "k", "1", "WITHVALUES"}),
            resp3() ? "*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n" : "*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
  std::string five = "*5\r\n";
  for (int i = 0; i < 5; ++i) five += Bulk("f");
  EXPECT_EQ(Run({"hrandfield", "k", "-5"}), five);  // repeats allowed
  std::string pair = resp3() ? "*2\r\n$1\r\nf\r\n$1\r\nv\r\n" : "$1\r\nf\r\n$1\r\nv\r\n";
  EXPECT_EQ(Run({"hrandfield", "k", "-2", "withvalues"}),
            (resp3() ? "*2\r\n" : "*4\r\n") + pair + pair);
}

TEST_P(HashTest, RandFieldManyFields) {
  // First a listpack-encoded hash, then (after lowering the limit) a hashtable-encoded one.
  for (const char* name : {"small", "large"}) {
    const std::string key = name;
    if (key == "large") {
      ASSERT_EQ(Run({"config", "set", "hash-max-listpack-entries", "8"}), Ok());
    }
    const int n = key == "small" ? 5 : 40;
    Fill(key, n);
    ASSERT_EQ(Run({"object", "encoding", key}), Bulk(key == "small" ? "listpack" : "hashtable"));
    const auto all = Filled(n);

    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      ParsedReply one = ParseReply(Run({"hrandfield", key}));
      ASSERT_EQ(one.type, '$');
      EXPECT_EQ(all.count(one.str), 1u) << one.str;
      seen.insert(one.str);
    }
    EXPECT_GT(seen.size(), 1u) << key;

    // Positive counts: distinct fields, all of them when the count reaches the size. For
    // the hashtable both ways of drawing are used (few of many, and most of them).
    for (int count : {1, 3, n / 2, n - 1, n, n + 10}) {
      auto fields = RandFields(key, std::to_string(count));
      EXPECT_EQ(fields.size(), size_t(std::min(count, n))) << key << " " << count;
      std::set<std::string> distinct(fields.begin(), fields.end());
      EXPECT_EQ(distinct.size(), fields.size()) << key << " " << count;
      for (const auto& f : fields) EXPECT_EQ(all.count(f), 1u) << f;
    }
    // Negative counts: exactly |count| fields, repeats allowed.
    auto many = RandFields(key, "-100");
    EXPECT_EQ(many.size(), 100u);
    for (const auto& f : many) EXPECT_EQ(all.count(f), 1u) << f;

    // WITHVALUES: each field with its own value.
    for (const char* c : {"3", "-7", "1000"}) {
      const std::string count = c;
      auto pairs = RandPairs(key, count);
      size_t want = count == "3" ? size_t(3) : count == "-7" ? size_t(7) : size_t(n);
      EXPECT_EQ(pairs.size(), want) << key << " " << count;
      for (const auto& [f, v] : pairs) {
        auto it = all.find(f);
        ASSERT_NE(it, all.end()) << f;
        EXPECT_EQ(v, it->second);
      }
    }
  }
}

TEST_P(HashTest, ScanSmallHashAndArguments) {
  EXPECT_EQ(Run({"hscan", "nokey", "0"}), Arr(2) + Bulk("0") + Arr(0));
  Run({"hset", "h", "a", "1", "b", "2", "c", "3"});
  const std::string all = Arr(2) + Bulk("0") + Bulks({"a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(Run({"hscan", "h", "0"}), all);
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "1"}), all);  // a listpack comes back whole
  EXPECT_EQ(Run({"hscan", "h", "0", "match", "*"}), all);
  EXPECT_EQ(Run({"hscan", "h", "0", "MATCH", "b*", "COUNT", "100"}),
            Arr(2) + Bulk("0") + Bulks({"b", "2"}));
  EXPECT_EQ(Run({"hscan", "h", "0", "match", "zz*"}), Arr(2) + Bulk("0") + Arr(0));

  EXPECT_EQ(Run({"hscan", "h", "abc"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"hscan", "h", " 0"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "0"}), Err("ERR syntax error"));
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "-1"}), Syntax());
  EXPECT_EQ(Run({"hscan", "h", "0", "count", "abc"}), NotInt());
  EXPECT_EQ(Run({"hscan", "h", "0", "count"}), Syntax());
  EXPECT_EQ(Run({"hscan", "h", "0", "foo", "bar"}), Syntax());
}

TEST_P(HashTest, ScanHashtableWalkReturnsEveryPair) {
  ASSERT_EQ(Run({"config", "set", "hash-max-listpack-entries", "2"}), Ok());
  Fill("h", 200);
  ASSERT_EQ(Run({"object", "encoding", "h"}), Bulk("hashtable"));
  const auto want = Filled(200);
  for (const char* c : {"1", "5", "10", "1000"}) {
    const std::string count = c;
    int calls = 0;
    EXPECT_EQ(ScanAll("h", count, "", &calls), want) << "count " << count;
    if (count == "5") {
      EXPECT_GT(calls, 1);  // not all in one reply
    }
  }
  // MATCH filters the fields; the walk still ends at 0.
  int calls = 0;
  auto matched = ScanAll("h", "7", "f1*", &calls);
  std::map<std::string, std::string> want_matched;
  for (const auto& [f, v] : want)
    if (f.rfind("f1", 0) == 0) want_matched[f] = v;
  EXPECT_EQ(matched, want_matched);
  EXPECT_EQ(want_matched.size(), 111u);  // f1, f10..f19, f100..f199
}

TEST_P(HashTest, ObjectEncodingConvertsOnce) {
  Run({"hset", "e", "f", "v"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("listpack"));
  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-entries", "2"}), Ok());
  Run({"hset", "e", "g", "v"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("listpack"));  // 2 fields: at the limit
  Run({"hset", "e", "h", "v"});
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("hashtable"));
  EXPECT_EQ(Run({"hdel", "e", "g", "h"}), Int(2));
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("hashtable"));  // never back
  EXPECT_EQ(Run({"hgetall", "e"}), MapOf({{"f", "v"}}));

  // HSETNX and HINCRBY convert too.
  Run({"hsetnx", "n", "a", "1"});
  Run({"hsetnx", "n", "b", "1"});
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("listpack"));
  Run({"hsetnx", "n", "c", "1"});
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("hashtable"));
  Run({"hincrby", "i", "a", "1"});
  Run({"hincrby", "i", "b", "1"});
  Run({"hincrby", "i", "c", "1"});
  EXPECT_EQ(Run({"object", "encoding", "i"}), Bulk("hashtable"));
  EXPECT_EQ(Run({"hget", "i", "c"}), Bulk("1"));

  // hash-max-listpack-value (64 by default): 64 bytes stay packed, 65 convert.
  Run({"hset", "lv", "f", std::string(64, 'x')});
  EXPECT_EQ(Run({"object", "encoding", "lv"}), Bulk("listpack"));
  Run({"hset", "lv", "f", std::string(65, 'x')});
  EXPECT_EQ(Run({"object", "encoding", "lv"}), Bulk("hashtable"));
  EXPECT_EQ(Run({"hstrlen", "lv", "f"}), Int(65));
  Run({"hset", "lf", std::string(65, 'k'), "v"});  // a long field converts as well
  EXPECT_EQ(Run({"object", "encoding", "lf"}), Bulk("hashtable"));
  EXPECT_EQ(Run({"hget", "lf", std::string(65, 'k')}), Bulk("v"));

  EXPECT_EQ(Run({"config", "set", "hash-max-listpack-value", "3"}), Ok());
  Run({"hset", "v3", "f", "abc"});
  EXPECT_EQ(Run({"object", "encoding", "v3"}), Bulk("listpack"));
  Run({"hset", "v4", "f", "abcd"});
  EXPECT_EQ(Run({"object", "encoding", "v4"}), Bulk("hashtable"));
}

TEST_P(HashTest, WatchSeesHashWrites) {
  Run({"hset", "h", "f", "v"});
  // Another client's HSET.
  EXPECT_EQ(Run({"watch", "h"}), Ok());
  EXPECT_EQ(RunOther({"hset", "h", "f", "w"}), Int(0));
  EXPECT_EQ(Run({"multi"}), Ok());
  EXPECT_EQ(Run({"hget", "h", "f"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"exec"}), NullArray());
  EXPECT_EQ(Run({"hget", "h", "f"}), Bulk("w"));

  // This client's own HSET between WATCH and MULTI.
  EXPECT_EQ(Run({"watch", "h"}), Ok());
  EXPECT_EQ(Run({"hset", "h", "g", "1"}), Int(1));
  Run({"multi"});
  Run({"hget", "h", "f"});
  EXPECT_EQ(Run({"exec"}), NullArray());

  // HINCRBY and an HDEL that deletes the key.
  for (const std::vector<std::string>& w :
       {std::vector<std::string>{"hincrby", "h", "g", "1"},
        std::vector<std::string>{"hdel", "h", "f", "g"}}) {
    EXPECT_EQ(Run({"watch", "h"}), Ok());
    std::string out;
    protocol::ReplyBuilder rb(&out);
    rb.set_resp_version(other_.resp);
    std::vector<std::string_view> views(w.begin(), w.end());
    CommandContext ctx(state_, other_, rb);
    Dispatch(absl::MakeConstSpan(views), ctx);
    EXPECT_EQ(out[0], ':') << w[0];
    Run({"multi"});
    Run({"hlen", "h"});
    EXPECT_EQ(Run({"exec"}), NullArray()) << w[0];
  }
  EXPECT_EQ(Run({"exists", "h"}), Int(0));

  // Reads do not abort; the transaction's own hash commands run.
  Run({"hset", "h2", "f", "v"});
  EXPECT_EQ(Run({"watch", "h2"}), Ok());
  EXPECT_EQ(RunOther({"hget", "h2", "f"}), Bulk("v"));
  EXPECT_EQ(RunOther({"hgetall", "h2"}), MapOf({{"f", "v"}}));
  Run({"multi"});
  EXPECT_EQ(Run({"hset", "h2", "g", "2"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"hincrby", "h2", "g", "3"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"hget", "h2", "g"}), Simple("QUEUED"));
  EXPECT_EQ(Run({"exec"}), Arr(3) + Int(1) + Int(5) + Bulk("5"));
}

}  // namespace
}  // namespace tessera::commands
