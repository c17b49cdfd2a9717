#include <chrono>
#include <thread>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class StringTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, StringTest, ::testing::Values(2, 3));

TEST_P(StringTest, GetSet) {
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(Run({"set", "k", "v"}), Ok());
  EXPECT_EQ(Run({"GET", "k"}), Bulk("v"));
  EXPECT_EQ(Run({"get"}), WrongArgs("get"));
  EXPECT_EQ(Run({"set", "k"}), WrongArgs("set"));
  MakeList("l");
  EXPECT_EQ(Run({"get", "l"}), WrongType());
  EXPECT_EQ(Run({"set", "l", "x"}), Ok());  // SET overwrites any type
  EXPECT_EQ(Run({"get", "l"}), Bulk("x"));
}

TEST_P(StringTest, SetOptions) {
  EXPECT_EQ(Run({"set", "k", "v", "NX"}), Ok());
  EXPECT_EQ(Run({"set", "k", "w", "nx"}), Nil());
  EXPECT_EQ(Run({"set", "k", "w", "XX"}), Ok());
  EXPECT_EQ(Run({"set", "nope", "w", "XX"}), Nil());
  EXPECT_EQ(Run({"set", "k", "x", "GET"}), Bulk("w"));
  EXPECT_EQ(Run({"set", "new", "x", "GET"}), Nil());
  EXPECT_EQ(Run({"set", "k", "v", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(100));
  EXPECT_EQ(Run({"set", "k", "v2", "KEEPTTL"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(100));
  EXPECT_EQ(Run({"set", "k", "v3"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"set", "k", "v", "PX", "5000"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(5));
  EXPECT_EQ(Run({"set", "k", "v", "EXAT", "99999999999"}), Ok());
  EXPECT_EQ(Run({"expiretime", "k"}), Int(99999999999));
  EXPECT_EQ(Run({"set", "k", "v", "PXAT", "99999999999000"}), Ok());
  EXPECT_EQ(Run({"pexpiretime", "k"}), Int(99999999999000));
  // errors
  EXPECT_EQ(Run({"set", "k", "v", "NX", "XX"}), Syntax());
  EXPECT_EQ(Run({"set", "k", "v", "EX", "10", "PX", "10"}), Syntax());
  EXPECT_EQ(Run({"set", "k", "v", "EX", "10", "KEEPTTL"}), Syntax());
  EXPECT_EQ(Run({"set", "k", "v", "EX"}), Syntax());
  EXPECT_EQ(Run({"set", "k", "v", "BOGUS"}), Syntax());
  EXPECT_EQ(Run({"set", "k", "v", "EX", "abc"}), NotInt());
  EXPECT_EQ(Run({"set", "k", "v", "EX", "0"}), Err("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(Run({"set", "k", "v", "PX", "-5"}), Err("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(Run({"set", "k", "v", "EX", "9223372036854775807"}),
            Err("ERR invalid expire time in 'set' command"));
  MakeList("l");
  EXPECT_EQ(Run({"set", "l", "v", "GET"}), WrongType());
}

// A value of the same size and kind is written over the old one in place; every other
// overwrite makes a new entry. Both must look the same from outside.
TEST_P(StringTest, OverwriteInPlaceKeepsSemantics) {
  auto used = [&] {
    std::string info = Run({"info", "memory"});
    size_t at = info.find("used_memory:");
    return std::stoll(info.substr(at + 12));
  };
  EXPECT_EQ(Run({"set", "k", "abcdef"}), Ok());
  int64_t before = used();
  EXPECT_EQ(Run({"set", "k", "uvwxyz"}), Ok());
  EXPECT_EQ(Run({"get", "k"}), Bulk("uvwxyz"));
  EXPECT_EQ(used(), before);
  EXPECT_EQ(Run({"object", "encoding", "k"}), Bulk("embstr"));
  // a changed value is raw; a SET of the same size makes it embstr again, as in Redis
  EXPECT_EQ(Run({"setrange", "k", "0", "U"}), Int(6));
  EXPECT_EQ(Run({"object", "encoding", "k"}), Bulk("raw"));
  EXPECT_EQ(Run({"set", "k", "abcdef"}), Ok());
  EXPECT_EQ(Run({"object", "encoding", "k"}), Bulk("embstr"));
  // TTLs: SET clears one, SET EX over a TTL changes it, KEEPTTL keeps it
  EXPECT_EQ(Run({"set", "k", "ghijkl", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(100));
  EXPECT_EQ(Run({"set", "k", "mnopqr", "EX", "200"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(200));
  EXPECT_EQ(Run({"set", "k", "stuvwx", "KEEPTTL"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(200));
  EXPECT_EQ(Run({"get", "k"}), Bulk("stuvwx"));
  EXPECT_EQ(Run({"set", "k", "yzabcd"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"set", "k", "efghij", "PX", "1"}), Ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_EQ(Run({"get", "k"}), Nil());  // the expiry index followed the in-place change
  // integers
  EXPECT_EQ(Run({"set", "n", "12"}), Ok());
  EXPECT_EQ(Run({"set", "n", "-987654321"}), Ok());
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("int"));
  EXPECT_EQ(Run({"incr", "n"}), Int(-987654320));
  // big values: written into their buffer when they fit it without wasting half of it
  const std::string big1(1000, 'a'), big2(900, 'b'), big3(400, 'c'), big4(3000, 'd');
  EXPECT_EQ(Run({"set", "b", big1}), Ok());
  before = used();
  EXPECT_EQ(Run({"set", "b", big2}), Ok());
  EXPECT_EQ(used(), before);
  EXPECT_EQ(Run({"get", "b"}), Bulk(big2));
  EXPECT_EQ(Run({"set", "b", big3}), Ok());  // inline now
  EXPECT_EQ(Run({"get", "b"}), Bulk(big3));
  EXPECT_EQ(Run({"set", "b", big4}), Ok());
  EXPECT_EQ(Run({"get", "b"}), Bulk(big4));
  EXPECT_EQ(Run({"append", "b", "e"}), Int(3001));
  EXPECT_EQ(Run({"set", "b", big1 + big1 + "12"}), Ok());
  EXPECT_EQ(Run({"strlen", "b"}), Int(2002));
  EXPECT_EQ(Run({"object", "encoding", "b"}), Bulk("raw"));
  // other sizes and kinds replace the entry
  EXPECT_EQ(Run({"set", "n", "abc"}), Ok());
  EXPECT_EQ(Run({"get", "n"}), Bulk("abc"));
  EXPECT_EQ(Run({"set", "n", "abcd"}), Ok());
  EXPECT_EQ(Run({"get", "n"}), Bulk("abcd"));
  EXPECT_EQ(Run({"set", "n", "5"}), Ok());
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("int"));
  MakeList("l");
  EXPECT_EQ(Run({"set", "l", "x"}), Ok());
  EXPECT_EQ(Run({"get", "l"}), Bulk("x"));
}

TEST_P(StringTest, SetNxSetExPSetEx) {
  EXPECT_EQ(Run({"setnx", "k", "1"}), Int(1));
  EXPECT_EQ(Run({"setnx", "k", "2"}), Int(0));
  EXPECT_EQ(Run({"get", "k"}), Bulk("1"));
  EXPECT_EQ(Run({"setnx", "k"}), WrongArgs("setnx"));
  EXPECT_EQ(Run({"setex", "s", "100", "v"}), Ok());
  EXPECT_EQ(Run({"ttl", "s"}), Int(100));
  EXPECT_EQ(Run({"setex", "s", "0", "v"}), Err("ERR invalid expire time in 'setex' command"));
  EXPECT_EQ(Run({"setex", "s", "x", "v"}), NotInt());
  EXPECT_EQ(Run({"psetex", "p", "100000", "v"}), Ok());
  EXPECT_EQ(Run({"ttl", "p"}), Int(100));
  EXPECT_EQ(Run({"psetex", "p", "-1", "v"}), Err("ERR invalid expire time in 'psetex' command"));
  EXPECT_EQ(Run({"setex", "s", "1"}), WrongArgs("setex"));
}

TEST_P(StringTest, GetSetGetDelGetEx) {
  EXPECT_EQ(Run({"getset", "k", "a"}), Nil());
  EXPECT_EQ(Run({"getset", "k", "b"}), Bulk("a"));
  EXPECT_EQ(Run({"getdel", "k"}), Bulk("b"));
  EXPECT_EQ(Run({"getdel", "k"}), Nil());
  EXPECT_EQ(Run({"set", "k", "v"}), Ok());
  EXPECT_EQ(Run({"getex", "k", "EX", "100"}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(100));
  EXPECT_EQ(Run({"getex", "k", "PERSIST"}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  EXPECT_EQ(Run({"getex", "k"}), Bulk("v"));
  EXPECT_EQ(Run({"getex", "k", "EX"}), Syntax());
  EXPECT_EQ(Run({"getex", "k", "FOO", "1"}), Syntax());
  EXPECT_EQ(Run({"getex", "k", "EX", "0"}), Err("ERR invalid expire time in 'getex' command"));
  EXPECT_EQ(Run({"getex", "nope", "EX", "10"}), Nil());
  EXPECT_EQ(Run({"getdel"}), WrongArgs("getdel"));
  EXPECT_EQ(Run({"getset", "k"}), WrongArgs("getset"));
  MakeList("l");
  EXPECT_EQ(Run({"getset", "l", "x"}), WrongType());
  EXPECT_EQ(Run({"getdel", "l"}), WrongType());
  EXPECT_EQ(Run({"getex", "l"}), WrongType());
}

TEST_P(StringTest, MGetMSet) {
  EXPECT_EQ(Run({"mset", "a", "1", "b", "2"}), Ok());
  MakeList("l");
  EXPECT_EQ(Run({"mget", "a", "b", "c", "l"}),
            Arr(4) + Bulk("1") + Bulk("2") + Nil() + Nil());
  EXPECT_EQ(Run({"mset", "a", "1", "b"}), WrongArgs("mset"));
  EXPECT_EQ(Run({"mset", "a"}), WrongArgs("mset"));
  EXPECT_EQ(Run({"mget"}), WrongArgs("mget"));
  EXPECT_EQ(Run({"msetnx", "a", "9", "z", "9"}), Int(0));
  EXPECT_EQ(Run({"get", "z"}), Nil());
  EXPECT_EQ(Run({"msetnx", "y", "9", "z", "9"}), Int(1));
  EXPECT_EQ(Run({"get", "z"}), Bulk("9"));
  EXPECT_EQ(Run({"msetnx", "y", "9", "z"}), WrongArgs("msetnx"));
  EXPECT_EQ(Run({"mset", "d", "1", "d", "2"}), Ok());
  EXPECT_EQ(Run({"get", "d"}), Bulk("2"));
}

TEST_P(StringTest, AppendStrlen) {
  EXPECT_EQ(Run({"append", "k", "hello"}), Int(5));
  EXPECT_EQ(Run({"append", "k", " world"}), Int(11));
  EXPECT_EQ(Run({"get", "k"}), Bulk("hello world"));
  EXPECT_EQ(Run({"strlen", "k"}), Int(11));
  EXPECT_EQ(Run({"strlen", "nope"}), Int(0));
  EXPECT_EQ(Run({"object", "encoding", "k"}), Bulk("raw"));
  EXPECT_EQ(Run({"set", "n", "12"}), Ok());
  EXPECT_EQ(Run({"append", "n", "3"}), Int(3));
  EXPECT_EQ(Run({"get", "n"}), Bulk("123"));
  std::string big(1000, 'x');
  EXPECT_EQ(Run({"set", "big", big}), Ok());
  for (int i = 0; i < 10; ++i) Run({"append", "big", big});
  EXPECT_EQ(Run({"strlen", "big"}), Int(11000));
  EXPECT_EQ(Run({"append", "k"}), WrongArgs("append"));
  EXPECT_EQ(Run({"strlen"}), WrongArgs("strlen"));
  MakeList("l");
  EXPECT_EQ(Run({"append", "l", "x"}), WrongType());
  EXPECT_EQ(Run({"strlen", "l"}), WrongType());
  std::string err;
  config_.Set("proto-max-bulk-len", "20", &err);
  EXPECT_EQ(Run({"append", "k", "0123456789"}),
            Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
}

TEST_P(StringTest, Counters) {
  EXPECT_EQ(Run({"incr", "c"}), Int(1));
  EXPECT_EQ(Run({"incrby", "c", "10"}), Int(11));
  EXPECT_EQ(Run({"decr", "c"}), Int(10));
  EXPECT_EQ(Run({"decrby", "c", "20"}), Int(-10));
  EXPECT_EQ(Run({"object", "encoding", "c"}), Bulk("int"));
  EXPECT_EQ(Run({"set", "c", "9223372036854775807"}), Ok());
  EXPECT_EQ(Run({"incr", "c"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"set", "c", "-9223372036854775808"}), Ok());
  EXPECT_EQ(Run({"decr", "c"}), Err("ERR increment or decrement would overflow"));
  EXPECT_EQ(Run({"decrby", "c", "-9223372036854775808"}), Err("ERR decrement would overflow"));
  EXPECT_EQ(Run({"set", "s", "abc"}), Ok());
  EXPECT_EQ(Run({"incr", "s"}), NotInt());
  EXPECT_EQ(Run({"set", "s", " 1"}), Ok());
  EXPECT_EQ(Run({"incr", "s"}), NotInt());
  EXPECT_EQ(Run({"incrby", "c", "x"}), NotInt());
  EXPECT_EQ(Run({"incrby", "c"}), WrongArgs("incrby"));
  EXPECT_EQ(Run({"incr"}), WrongArgs("incr"));
  MakeList("l");
  EXPECT_EQ(Run({"incr", "l"}), WrongType());
  EXPECT_EQ(Run({"set", "t", "5", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"incr", "t"}), Int(6));
  EXPECT_EQ(Run({"ttl", "t"}), Int(100));  // INCR keeps the TTL
}

TEST_P(StringTest, IncrByFloat) {
  EXPECT_EQ(Run({"incrbyfloat", "f", "10.5"}), Bulk("10.5"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "0.1"}), Bulk("10.6"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "-5.6"}), Bulk("5"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "5.0e3"}), Bulk("5005"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "abc"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"incrbyfloat", "f", "inf"}), Err("ERR increment would produce NaN or Infinity"));
  EXPECT_EQ(Run({"set", "s", "x"}), Ok());
  EXPECT_EQ(Run({"incrbyfloat", "s", "1"}), Err("ERR value is not a valid float"));
  EXPECT_EQ(Run({"incrbyfloat", "s"}), WrongArgs("incrbyfloat"));
  MakeList("l");
  EXPECT_EQ(Run({"incrbyfloat", "l", "1"}), WrongType());
}

TEST_P(StringTest, Ranges) {
  EXPECT_EQ(Run({"set", "k", "This is a string"}), Ok());
  EXPECT_EQ(Run({"getrange", "k", "0", "3"}), Bulk("This"));
  EXPECT_EQ(Run({"getrange", "k", "-3", "-1"}), Bulk("ing"));
  EXPECT_EQ(Run({"getrange", "k", "0", "-1"}), Bulk("This is a string"));
  EXPECT_EQ(Run({"getrange", "k", "10", "100"}), Bulk("string"));
  EXPECT_EQ(Run({"getrange", "k", "5", "3"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "k", "-1", "-5"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "nope", "0", "1"}), Bulk(""));
  EXPECT_EQ(Run({"getrange", "k", "a", "1"}), NotInt());
  EXPECT_EQ(Run({"getrange", "k", "0"}), WrongArgs("getrange"));
  EXPECT_EQ(Run({"setrange", "k", "10", "STRING"}), Int(16));
  EXPECT_EQ(Run({"get", "k"}), Bulk("This is a STRING"));
  EXPECT_EQ(Run({"setrange", "new", "3", "x"}), Int(4));
  EXPECT_EQ(Run({"get", "new"}), Bulk(std::string("\0\0\0x", 4)));
  EXPECT_EQ(Run({"setrange", "empty", "3", ""}), Int(0));
  EXPECT_EQ(Run({"exists", "empty"}), Int(0));
  EXPECT_EQ(Run({"setrange", "k", "-1", "x"}), Err("ERR offset is out of range"));
  EXPECT_EQ(Run({"setrange", "k", "x", "x"}), NotInt());
  EXPECT_EQ(Run({"setrange", "k", "536870912", "x"}),
            Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
  EXPECT_EQ(Run({"setrange", "k", "1"}), WrongArgs("setrange"));
  MakeList("l");
  EXPECT_EQ(Run({"getrange", "l", "0", "1"}), WrongType());
  EXPECT_EQ(Run({"setrange", "l", "0", "x"}), WrongType());
}

TEST_P(StringTest, RegressionsFromDifferential) {
  // an offset near INT64_MAX must be refused, not overflow into a huge allocation
  EXPECT_EQ(Run({"setrange", "k", "9223372036854775807", "x"}),
            Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)"));
  // the same expire option may repeat; the last value wins and only it is checked
  EXPECT_EQ(Run({"set", "k", "v", "EX", "abc", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"ttl", "k"}), Int(100));
  EXPECT_EQ(Run({"set", "k", "v", "EX", "100", "EX", "0"}),
            Err("ERR invalid expire time in 'set' command"));
  EXPECT_EQ(Run({"set", "k", "v", "NX", "NX"}), Nil());
  EXPECT_EQ(Run({"getex", "k", "PERSIST", "PERSIST"}), Bulk("v"));
  EXPECT_EQ(Run({"getex", "k", "EX", "abc", "EX", "50"}), Bulk("v"));
  EXPECT_EQ(Run({"ttl", "k"}), Int(50));
  EXPECT_EQ(Run({"getex", "k", "EX", "5", "PERSIST"}), Syntax());
  EXPECT_EQ(Run({"substr", "k", "0", "0"}), Bulk("v"));
}

TEST_P(StringTest, Encodings) {
  Run({"set", "i", "123"});
  Run({"set", "e", "hello"});
  Run({"set", "r", std::string(45, 'x')});
  Run({"set", "z", "0123"});
  EXPECT_EQ(Run({"object", "encoding", "i"}), Bulk("int"));
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("embstr"));
  EXPECT_EQ(Run({"object", "encoding", "r"}), Bulk("raw"));
  EXPECT_EQ(Run({"object", "encoding", "z"}), Bulk("embstr"));
  EXPECT_EQ(Run({"object", "encoding", "missing"}), Nil());
  EXPECT_EQ(Run({"get", "i"}), Bulk("123"));
}

}  // namespace
}  // namespace tessera::commands

namespace tessera::commands {
namespace {

// The allocator failing (Entry::Create returning null) gives the OOM error and leaves the
// key as it was; the server goes on.
TEST_P(StringTest, AllocationFailureGivesAnErrorAndChangesNothing) {
  const std::string oom = Err(errors::kOom);
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"set", "k", "v"}), oom);
  EXPECT_EQ(Run({"get", "k"}), Nil());
  EXPECT_EQ(Run({"set", "k", "1"}), Ok());
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"set", "k", "not an integer"}), oom);
  EXPECT_EQ(Run({"get", "k"}), Bulk("1"));
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"expire", "k", "100"}), oom);
  EXPECT_EQ(Run({"ttl", "k"}), Int(-1));
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"rename", "k", "k2"}), oom);
  EXPECT_EQ(Run({"get", "k"}), Bulk("1"));
  EXPECT_EQ(Run({"exists", "k2"}), Int(0));
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"copy", "k", "k3"}), oom);
  EXPECT_EQ(Run({"exists", "k3"}), Int(0));
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"rpush", "l", "a"}), oom);
  EXPECT_EQ(Run({"exists", "l"}), Int(0));
  storage::testing::FailEntryCreates(1);
  EXPECT_EQ(Run({"set", "k", "v", "GET"}), oom);  // no half-sent reply before the error
  EXPECT_EQ(Run({"dbsize"}), Int(1));
  // and afterwards everything works
  EXPECT_EQ(Run({"rename", "k", "k2"}), Ok());
  EXPECT_EQ(Run({"expire", "k2", "100"}), Int(1));
  EXPECT_EQ(Run({"get", "k2"}), Bulk("1"));
}

}  // namespace
}  // namespace tessera::commands
