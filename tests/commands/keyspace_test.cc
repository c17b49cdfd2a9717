#include <set>

#include "commands/command_test_base.h"
#include "core/clock.h"

namespace tessera::commands {
namespace {

class KeyspaceTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, KeyspaceTest, ::testing::Values(2, 3));

TEST_P(KeyspaceTest, DelExistsType) {
  Run({"mset", "a", "1", "b", "2"});
  MakeList("l");
  EXPECT_EQ(Run({"exists", "a", "a", "b", "c"}), Int(3));
  EXPECT_EQ(Run({"type", "a"}), Simple("string"));
  EXPECT_EQ(Run({"type", "l"}), Simple("list"));
  EXPECT_EQ(Run({"type", "c"}), Simple("none"));
  EXPECT_EQ(Run({"del", "a", "c", "l"}), Int(2));
  EXPECT_EQ(Run({"unlink", "b"}), Int(1));
  EXPECT_EQ(Run({"exists", "a", "b"}), Int(0));
  EXPECT_EQ(Run({"del"}), WrongArgs("del"));
  EXPECT_EQ(Run({"exists"}), WrongArgs("exists"));
  EXPECT_EQ(Run({"type"}), WrongArgs("type"));
}

TEST_P(KeyspaceTest, ExpireFamily) {
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"ttl", "nope"}), Int(-2));
  EXPECT_EQ(Run({"expire", "k", "100"}), Int(1));
  EXPECT_EQ(Run({"ttl", "k"}), Int(100));
  EXPECT_EQ(Run({"expire", "k", "50", "NX"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "50", "XX"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "40", "GT"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "60", "GT"}), Int(1));
  EXPECT_EQ(Run({"expire", "k", "70", "LT"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "30", "LT"}), Int(1));
  EXPECT_EQ(Run({"pexpire", "k", "200000"}), Int(1));
  EXPECT_EQ(Run({"ttl", "k"}), Int(200));
  int64_t at = NowMs() / 1000 + 500;
  EXPECT_EQ(Run({"expireat", "k", std::to_string(at)}), Int(1));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(at));
  EXPECT_EQ(Run({"pexpireat", "k", std::to_string(at * 1000)}), Int(1));
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(at * 1000));
  EXPECT_EQ(Run({"persist", "k"}), Int(1));
  EXPECT_EQ(Run({"persist", "k"}), Int(0));
  EXPECT_EQ(Run({"pttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"expiretime", "k"}), Int(-1));
  EXPECT_EQ(Run({"expiretime", "nope"}), Int(-2));
  // GT on a key without TTL: no TTL counts as infinite
  EXPECT_EQ(Run({"expire", "k", "10", "GT"}), Int(0));
  EXPECT_EQ(Run({"expire", "k", "10", "LT"}), Int(1));
  EXPECT_EQ(Run({"expire", "nope", "10"}), Int(0));
  // a deadline in the past deletes
  EXPECT_EQ(Run({"expire", "k", "-1"}), Int(1));
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  // errors
  Run({"set", "k", "v"});
  EXPECT_EQ(Run({"expire", "k", "abc"}), NotInt());
  EXPECT_EQ(Run({"expire", "k", "10", "NX", "XX"}),
            Err("ERR NX and XX, GT or LT options at the same time are not compatible"));
  EXPECT_EQ(Run({"expire", "k", "10", "GT", "LT"}),
            Err("ERR GT and LT options at the same time are not compatible"));
  EXPECT_EQ(Run({"expire", "k", "10", "FOO"}), Err("ERR Unsupported option FOO"));
  EXPECT_EQ(Run({"expire", "k", "9223372036854775807"}),
            Err("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(Run({"expire", "k"}), WrongArgs("expire"));
  EXPECT_EQ(Run({"ttl"}), WrongArgs("ttl"));
  EXPECT_EQ(Run({"persist"}), WrongArgs("persist"));
  MakeList("l");
  EXPECT_EQ(Run({"expire", "l", "100"}), Int(1));  // TTLs apply to every type
  EXPECT_EQ(Run({"ttl", "l"}), Int(100));
}

TEST_P(KeyspaceTest, KeysScanRandom) {
  for (int i = 0; i < 200; ++i) Run({"set", "user:" + std::to_string(i), "v"});
  Run({"set", "other", "v"});
  MakeList("alist");
  std::string keys = Run({"keys", "user:1?"});
  EXPECT_EQ(keys.substr(0, 5), Arr(10));
  EXPECT_EQ(Run({"keys", "nomatch*"}), Arr(0));
  // full scan returns every key exactly as KEYS * does
  std::set<std::string> seen;
  std::string cursor = "0";
  int guard = 0;
  do {
    std::string r = Run({"scan", cursor, "COUNT", "7"});
    // parse: *2\r\n$N\r\n<cursor>\r\n*M\r\n($L\r\n<key>\r\n)*
    size_t p = r.find("\r\n$") + 3;
    size_t nl = r.find("\r\n", p);
    size_t clen = std::stoul(r.substr(p, nl - p));
    cursor = r.substr(nl + 2, clen);
    size_t pos = nl + 2 + clen + 2;
    pos = r.find("\r\n", pos) + 2;  // skip *M
    while (pos < r.size()) {
      size_t e = r.find("\r\n", pos);
      size_t len = std::stoul(r.substr(pos + 1, e - pos - 1));
      seen.insert(r.substr(e + 2, len));
      pos = e + 2 + len + 2;
    }
    ASSERT_LT(++guard, 10000);
  } while (cursor != "0");
  EXPECT_EQ(seen.size(), 202u);
  std::string typed = Run({"scan", "0", "COUNT", "1000", "TYPE", "list"});
  EXPECT_NE(typed.find("alist"), std::string::npos);
  EXPECT_EQ(typed.find("other"), std::string::npos);
  std::string matched = Run({"scan", "0", "COUNT", "1000", "MATCH", "oth*"});
  EXPECT_NE(matched.find("other"), std::string::npos);
  EXPECT_EQ(matched.find("user:"), std::string::npos);
  EXPECT_EQ(Run({"scan", "abc"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"scan", "0", "COUNT", "0"}), Syntax());
  EXPECT_EQ(Run({"scan", "0", "COUNT", "x"}), NotInt());
  EXPECT_EQ(Run({"scan", "0", "FOO", "x"}), Syntax());
  EXPECT_EQ(Run({"scan", "0", "MATCH"}), Syntax());
  EXPECT_EQ(Run({"scan"}), WrongArgs("scan"));
  EXPECT_EQ(Run({"keys"}), WrongArgs("keys"));
  std::string rk = Run({"randomkey"});
  EXPECT_EQ(rk[0], '$');
  EXPECT_EQ(Run({"randomkey", "x"}), WrongArgs("randomkey"));
  Run({"flushall"});
  EXPECT_EQ(Run({"randomkey"}), Nil());
}

TEST_P(KeyspaceTest, RandomKeyFindsALoneKey) {
  Run({"set", "onlykey", "v"});
  for (int i = 0; i < 50; ++i) ASSERT_EQ(Run({"randomkey"}), Bulk("onlykey"));
}

TEST_P(KeyspaceTest, ScanCursorParsesLikeStrtoul) {
  EXPECT_EQ(Run({"scan", "-1"}).substr(0, 4), Arr(2));
  EXPECT_EQ(Run({"scan", "+0"}).substr(0, 4), Arr(2));
  EXPECT_EQ(Run({"scan", " 0"}), Err("ERR invalid cursor"));
  EXPECT_EQ(Run({"scan", "99999999999999999999999"}), Err("ERR invalid cursor"));
}

TEST_P(KeyspaceTest, Rename) {
  Run({"set", "a", "1"});
  Run({"expire", "a", "100"});
  EXPECT_EQ(Run({"rename", "a", "b"}), Ok());
  EXPECT_EQ(Run({"get", "b"}), Bulk("1"));
  EXPECT_EQ(Run({"ttl", "b"}), Int(100));
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
  EXPECT_EQ(Run({"rename", "a", "b"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"rename", "b", "b"}), Ok());
  Run({"set", "c", "3"});
  EXPECT_EQ(Run({"renamenx", "b", "c"}), Int(0));
  EXPECT_EQ(Run({"renamenx", "b", "d"}), Int(1));
  EXPECT_EQ(Run({"rename", "d", "c"}), Ok());
  EXPECT_EQ(Run({"get", "c"}), Bulk("1"));
  EXPECT_EQ(Run({"renamenx", "zz", "c"}), Err("ERR no such key"));
  EXPECT_EQ(Run({"rename", "a"}), WrongArgs("rename"));
  MakeList("l");
  EXPECT_EQ(Run({"rename", "l", "l2"}), Ok());  // any type moves
  EXPECT_EQ(Run({"type", "l2"}), Simple("list"));
  // many renames within and across shards keep the table consistent
  for (int i = 0; i < 300; ++i) Run({"set", "r" + std::to_string(i), std::to_string(i)});
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(Run({"rename", "r" + std::to_string(i), "r" + std::to_string(i + 1000)}), Ok());
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(Run({"get", "r" + std::to_string(i + 1000)}), Bulk(std::to_string(i)));
}

TEST_P(KeyspaceTest, DbSizeFlushSelect) {
  Run({"mset", "a", "1", "b", "2"});
  EXPECT_EQ(Run({"dbsize"}), Int(2));
  EXPECT_EQ(Run({"select", "1"}), Ok());
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  Run({"set", "a", "other"});
  EXPECT_EQ(Run({"get", "a"}), Bulk("other"));
  EXPECT_EQ(Run({"flushdb"}), Ok());
  EXPECT_EQ(Run({"select", "0"}), Ok());
  EXPECT_EQ(Run({"get", "a"}), Bulk("1"));
  EXPECT_EQ(Run({"select", "16"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"select", "-1"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"select", "x"}), NotInt());
  EXPECT_EQ(Run({"select"}), WrongArgs("select"));
  EXPECT_EQ(Run({"flushdb", "bogus"}), Syntax());
  EXPECT_EQ(Run({"flushall", "ASYNC"}), Ok());
  EXPECT_EQ(Run({"dbsize"}), Int(0));
  EXPECT_EQ(Run({"dbsize", "x"}), WrongArgs("dbsize"));
}

TEST_P(KeyspaceTest, MaxMemoryRefusesDenyOomCommands) {
  for (int i = 0; i < 100; ++i) Run({"set", "k" + std::to_string(i), std::string(100, 'x')});
  std::string err;
  config_.Set("maxmemory", "1000", &err);
  const std::string oom = Err("OOM command not allowed when used memory > 'maxmemory'.");
  EXPECT_EQ(Run({"set", "new", "v"}), oom);
  EXPECT_EQ(Run({"incr", "n"}), oom);
  EXPECT_EQ(Run({"get", "k1"}), Bulk(std::string(100, 'x')));  // reads still work
  EXPECT_EQ(Run({"del", "k1"}), Int(1));                         // and so do deletes
  config_.Set("maxmemory", "0", &err);
  EXPECT_EQ(Run({"set", "new", "v"}), Ok());
}

TEST_P(KeyspaceTest, CopyMoveTouchWait) {
  Run({"set", "a", "1", "EX", "100"});
  EXPECT_EQ(Run({"copy", "a", "b"}), Int(1));
  EXPECT_EQ(Run({"get", "b"}), Bulk("1"));
  EXPECT_EQ(Run({"ttl", "b"}), Int(100));
  EXPECT_EQ(Run({"copy", "a", "b"}), Int(0));
  Run({"set", "a", "2"});
  EXPECT_EQ(Run({"copy", "a", "b", "REPLACE"}), Int(1));
  EXPECT_EQ(Run({"get", "b"}), Bulk("2"));
  EXPECT_EQ(Run({"copy", "a", "a"}), Err("ERR source and destination objects are the same"));
  EXPECT_EQ(Run({"copy", "a", "a", "DB", "3"}), Int(1));
  EXPECT_EQ(Run({"copy", "nope", "x"}), Int(0));
  EXPECT_EQ(Run({"copy", "a", "x", "DB", "99"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"copy", "a", "x", "DB", "z"}), NotInt());
  EXPECT_EQ(Run({"copy", "a", "x", "FOO"}), Syntax());
  EXPECT_EQ(Run({"copy", "a"}), WrongArgs("copy"));
  std::string big(5000, 'q');
  Run({"set", "big", big});
  EXPECT_EQ(Run({"copy", "big", "big2"}), Int(1));
  EXPECT_EQ(Run({"get", "big2"}), Bulk(big));
  Run({"append", "big", "!"});  // the copy is independent
  EXPECT_EQ(Run({"strlen", "big2"}), Int(5000));
  MakeList("l");
  EXPECT_EQ(Run({"copy", "l", "l2"}), Int(1));
  EXPECT_EQ(Run({"type", "l2"}), Simple("list"));

  EXPECT_EQ(Run({"move", "a", "1"}), Int(1));
  EXPECT_EQ(Run({"exists", "a"}), Int(0));
  EXPECT_EQ(Run({"move", "a", "1"}), Int(0));
  Run({"set", "a", "again"});
  EXPECT_EQ(Run({"move", "a", "1"}), Int(0));  // exists there
  EXPECT_EQ(Run({"move", "a", "0"}), Err("ERR source and destination objects are the same"));
  EXPECT_EQ(Run({"move", "a", "16"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"move", "a", "x"}), NotInt());
  Run({"select", "1"});
  EXPECT_EQ(Run({"get", "a"}), Bulk("2"));
  Run({"select", "0"});

  EXPECT_EQ(Run({"touch", "a", "b", "zz"}), Int(2));
  EXPECT_EQ(Run({"touch"}), WrongArgs("touch"));
  EXPECT_EQ(Run({"wait", "0", "0"}), Int(0));
  EXPECT_EQ(Run({"wait", "x", "0"}), NotInt());
  EXPECT_EQ(Run({"wait", "0", "-1"}), Err("ERR timeout is negative"));
}

TEST_P(KeyspaceTest, SwapDb) {
  Run({"set", "k", "zero"});
  Run({"select", "1"});
  Run({"set", "k", "one"});
  Run({"select", "0"});
  EXPECT_EQ(Run({"swapdb", "0", "1"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk("one"));
  EXPECT_EQ(Run({"dbsize"}), Int(1));
  Run({"select", "1"});
  EXPECT_EQ(Run({"get", "k"}), Bulk("zero"));
  Run({"select", "0"});
  EXPECT_EQ(Run({"swapdb", "0", "0"}), Ok());
  EXPECT_EQ(Run({"swapdb", "0", "16"}), Err("ERR DB index is out of range"));
  EXPECT_EQ(Run({"swapdb", "x", "1"}), Err("ERR invalid first DB index"));
  EXPECT_EQ(Run({"swapdb", "0", "y"}), Err("ERR invalid second DB index"));
  EXPECT_EQ(Run({"swapdb", "0"}), WrongArgs("swapdb"));
  // a WATCHed key whose db is swapped counts as changed, and the watch stays with db 0
  Run({"watch", "k"});
  Run({"swapdb", "0", "1"});
  Run({"multi"});
  Run({"get", "k"});
  EXPECT_EQ(Run({"exec"}), resp3() ? "_\r\n" : "*-1\r\n");
  Run({"watch", "k"});
  Run({"swapdb", "0", "1"});
  EXPECT_EQ(Run({"unwatch"}), Ok());  // must find the watch entry where it was put
  size_t left = 0;
  for (int d = 0; d < 2; ++d)
    for (size_t i = 0; i < store_.db(d).num_shards(); ++i) left += store_.db(d).shard(i).watchers.size();
  EXPECT_EQ(left, 0u);
}

TEST_P(KeyspaceTest, Object) {
  Run({"set", "a", "1"});
  EXPECT_EQ(Run({"object", "refcount", "a"}), Int(1));
  EXPECT_EQ(Run({"object", "idletime", "a"}), Int(0));
  EXPECT_EQ(Run({"object", "encoding"}), WrongArgs("object|encoding"));
  EXPECT_EQ(Run({"object", "bogus", "a"}), Err("ERR unknown subcommand 'bogus'. Try OBJECT HELP."));
  EXPECT_EQ(Run({"object"}), WrongArgs("object"));
  MakeList("l");
  EXPECT_EQ(Run({"object", "encoding", "l"}), Bulk("quicklist"));
}

}  // namespace
}  // namespace tessera::commands
