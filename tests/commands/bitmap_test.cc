#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class BitmapTest : public CommandTest {
 protected:
  static std::string BitOffsetErr() {
    return Err("ERR bit offset is not an integer or out of range");
  }
  static std::string BitValueErr() { return Err("ERR bit is not an integer or out of range"); }
  static std::string TypeErr() {
    return Err("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not "
               "supported but i64 is.");
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, BitmapTest, ::testing::Values(2, 3));

class LcsTest : public CommandTest {};
INSTANTIATE_TEST_SUITE_P(Resp, LcsTest, ::testing::Values(2, 3));

TEST_P(BitmapTest, SetBitGetBit) {
  EXPECT_EQ(Run({"setbit", "b", "7", "1"}), Int(0));
  EXPECT_EQ(Run({"get", "b"}), Bulk(std::string("\x01", 1)));
  EXPECT_EQ(Run({"setbit", "b", "7", "1"}), Int(1));
  EXPECT_EQ(Run({"setbit", "b", "7", "0"}), Int(1));
  EXPECT_EQ(Run({"setbit", "b", "0", "1"}), Int(0));
  EXPECT_EQ(Run({"get", "b"}), Bulk("\x80"));
  EXPECT_EQ(Run({"setbit", "b", "23", "1"}), Int(0));  // grows with zero bytes
  EXPECT_EQ(Run({"strlen", "b"}), Int(3));
  EXPECT_EQ(Run({"getbit", "b", "0"}), Int(1));
  EXPECT_EQ(Run({"getbit", "b", "1"}), Int(0));
  EXPECT_EQ(Run({"getbit", "b", "23"}), Int(1));
  EXPECT_EQ(Run({"getbit", "b", "100000"}), Int(0));  // past the end
  EXPECT_EQ(Run({"getbit", "missing", "5"}), Int(0));
  EXPECT_EQ(Run({"object", "encoding", "b"}), Bulk("raw"));
  // Int-encoded values are their decimal text ("1" is 0x31), and become raw strings.
  EXPECT_EQ(Run({"set", "n", "1"}), Ok());
  EXPECT_EQ(Run({"getbit", "n", "2"}), Int(1));
  EXPECT_EQ(Run({"getbit", "n", "3"}), Int(1));
  EXPECT_EQ(Run({"getbit", "n", "7"}), Int(1));
  EXPECT_EQ(Run({"setbit", "n", "6", "1"}), Int(0));
  EXPECT_EQ(Run({"get", "n"}), Bulk("3"));
  EXPECT_EQ(Run({"object", "encoding", "n"}), Bulk("raw"));
  EXPECT_EQ(Run({"set", "e", "hello"}), Ok());
  EXPECT_EQ(Run({"setbit", "e", "0", "0"}), Int(0));  // no change, still unshared as Redis
  EXPECT_EQ(Run({"object", "encoding", "e"}), Bulk("raw"));
  // The TTL stays.
  EXPECT_EQ(Run({"set", "t", "v", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"setbit", "t", "100", "1"}), Int(0));
  EXPECT_EQ(Run({"ttl", "t"}), Int(100));
  // A heap value changes in place and keeps growing.
  EXPECT_EQ(Run({"set", "big", std::string(1000, 'x')}), Ok());
  EXPECT_EQ(Run({"setbit", "big", "80000", "1"}), Int(0));
  EXPECT_EQ(Run({"strlen", "big"}), Int(10001));
  EXPECT_EQ(Run({"getbit", "big", "80000"}), Int(1));
  EXPECT_EQ(Run({"getbit", "big", "1"}), Int(1));  // 'x' = 0x78
}

TEST_P(BitmapTest, SetBitGetBitErrors) {
  EXPECT_EQ(Run({"setbit", "b", "1"}), WrongArgs("setbit"));
  EXPECT_EQ(Run({"setbit", "b", "1", "1", "1"}), WrongArgs("setbit"));
  EXPECT_EQ(Run({"getbit", "b"}), WrongArgs("getbit"));
  EXPECT_EQ(Run({"getbit", "b", "1", "2"}), WrongArgs("getbit"));
  EXPECT_EQ(Run({"setbit", "b", "-1", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"setbit", "b", "x", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"setbit", "b", "#1", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"setbit", "b", "4294967296", "1"}), BitOffsetErr());  // 512 MB
  EXPECT_EQ(Run({"setbit", "b", "99999999999999999999", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"getbit", "b", "4294967296"}), BitOffsetErr());
  EXPECT_EQ(Run({"getbit", "b", "-5"}), BitOffsetErr());
  EXPECT_EQ(Run({"setbit", "b", "1", "2"}), BitValueErr());
  EXPECT_EQ(Run({"setbit", "b", "1", "-1"}), BitValueErr());
  EXPECT_EQ(Run({"setbit", "b", "1", "x"}), BitValueErr());
  EXPECT_EQ(Run({"exists", "b"}), Int(0));
  MakeList("l");
  EXPECT_EQ(Run({"setbit", "l", "1", "1"}), WrongType());
  EXPECT_EQ(Run({"getbit", "l", "1"}), WrongType());
  // Argument errors come before the type check.
  EXPECT_EQ(Run({"setbit", "l", "x", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"setbit", "l", "1", "x"}), BitValueErr());
  // The limit follows proto-max-bulk-len (in bytes): nothing is allocated past it.
  std::string err;
  ASSERT_EQ(config_.Set("proto-max-bulk-len", "20", &err), Config::SetResult::kOk) << err;
  EXPECT_EQ(Run({"setbit", "s", "160", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"setbit", "s", "159", "1"}), Int(0));
  EXPECT_EQ(Run({"strlen", "s"}), Int(20));
}

TEST_P(BitmapTest, BitCount) {
  EXPECT_EQ(Run({"set", "s", "foobar"}), Ok());
  EXPECT_EQ(Run({"bitcount", "s"}), Int(26));
  EXPECT_EQ(Run({"bitcount", "s", "0", "0"}), Int(4));
  EXPECT_EQ(Run({"bitcount", "s", "1", "1"}), Int(6));
  EXPECT_EQ(Run({"bitcount", "s", "1", "1", "BYTE"}), Int(6));
  EXPECT_EQ(Run({"bitcount", "s", "5", "30", "BIT"}), Int(17));
  EXPECT_EQ(Run({"bitcount", "s", "5", "30", "bit"}), Int(17));
  EXPECT_EQ(Run({"bitcount", "s", "0", "-1", "bit"}), Int(26));
  EXPECT_EQ(Run({"bitcount", "s", "-2", "-1"}), Int(7));
  EXPECT_EQ(Run({"bitcount", "s", "-1", "-2"}), Int(0));
  EXPECT_EQ(Run({"bitcount", "s", "100", "200"}), Int(0));
  EXPECT_EQ(Run({"bitcount", "s", "-100", "100"}), Int(26));
  EXPECT_EQ(Run({"bitcount", "missing"}), Int(0));
  EXPECT_EQ(Run({"set", "n", "12"}), Ok());
  EXPECT_EQ(Run({"bitcount", "n"}), Int(6));  // "12" = 0x31 0x32
  EXPECT_EQ(Run({"set", "empty", ""}), Ok());
  EXPECT_EQ(Run({"bitcount", "empty"}), Int(0));
}

TEST_P(BitmapTest, BitCountErrors) {
  EXPECT_EQ(Run({"bitcount"}), WrongArgs("bitcount"));
  EXPECT_EQ(Run({"set", "s", "foobar"}), Ok());
  EXPECT_EQ(Run({"bitcount", "s", "1"}), Syntax());  // 7.0: start needs an end
  EXPECT_EQ(Run({"bitcount", "s", "1", "2", "3", "4"}), Syntax());
  EXPECT_EQ(Run({"bitcount", "s", "1", "2", "foo"}), Syntax());
  EXPECT_EQ(Run({"bitcount", "s", "-1", "-2", "foo"}), Int(0));  // Redis answers first
  EXPECT_EQ(Run({"bitcount", "s", "a", "1"}), NotInt());
  EXPECT_EQ(Run({"bitcount", "s", "1", "a"}), NotInt());
  EXPECT_EQ(Run({"bitcount", "s", "1", "a", "foo"}), NotInt());
  // Redis 7.0 looks the key up first: a missing key is 0, a list WRONGTYPE, whatever the
  // other arguments say.
  EXPECT_EQ(Run({"bitcount", "missing", "1"}), Int(0));
  EXPECT_EQ(Run({"bitcount", "missing", "a", "b"}), Int(0));
  MakeList("l");
  EXPECT_EQ(Run({"bitcount", "l"}), WrongType());
  EXPECT_EQ(Run({"bitcount", "l", "1", "2", "foo"}), WrongType());
}

TEST_P(BitmapTest, BitPos) {
  EXPECT_EQ(Run({"set", "s", std::string("\xff\xf0\x00", 3)}), Ok());
  EXPECT_EQ(Run({"bitpos", "s", "0"}), Int(12));
  EXPECT_EQ(Run({"bitpos", "s", "1"}), Int(0));
  EXPECT_EQ(Run({"bitpos", "s", "1", "2"}), Int(-1));
  EXPECT_EQ(Run({"bitpos", "s", "0", "2"}), Int(16));
  EXPECT_EQ(Run({"bitpos", "s", "1", "1"}), Int(8));
  EXPECT_EQ(Run({"bitpos", "s", "1", "-2", "-1"}), Int(8));
  EXPECT_EQ(Run({"bitpos", "s", "1", "7", "15", "BIT"}), Int(7));
  EXPECT_EQ(Run({"bitpos", "s", "0", "7", "15", "bit"}), Int(12));
  EXPECT_EQ(Run({"bitpos", "s", "1", "12", "-1", "BIT"}), Int(-1));
  EXPECT_EQ(Run({"bitpos", "s", "0", "0", "1", "BYTE"}), Int(12));
  EXPECT_EQ(Run({"bitpos", "s", "1", "5", "1"}), Int(-1));  // empty range
  // All ones: without an end the first clear bit is just past the value, with one none.
  EXPECT_EQ(Run({"set", "ones", std::string("\xff\xff", 2)}), Ok());
  EXPECT_EQ(Run({"bitpos", "ones", "0"}), Int(16));
  EXPECT_EQ(Run({"bitpos", "ones", "0", "0"}), Int(16));
  EXPECT_EQ(Run({"bitpos", "ones", "0", "0", "-1"}), Int(-1));
  EXPECT_EQ(Run({"bitpos", "ones", "0", "3", "9", "BIT"}), Int(-1));
  // A missing key is all zeros.
  EXPECT_EQ(Run({"bitpos", "missing", "1"}), Int(-1));
  EXPECT_EQ(Run({"bitpos", "missing", "0"}), Int(0));
  EXPECT_EQ(Run({"bitpos", "missing", "0", "5", "a"}), Int(0));
  // A long value scanned by words.
  std::string big(1000, '\0');
  big[777] = '\x01';
  EXPECT_EQ(Run({"set", "big", big}), Ok());
  EXPECT_EQ(Run({"bitpos", "big", "1"}), Int(777 * 8 + 7));
  EXPECT_EQ(Run({"bitpos", "big", "1", "778"}), Int(-1));
}

TEST_P(BitmapTest, BitPosErrors) {
  EXPECT_EQ(Run({"bitpos", "s"}), WrongArgs("bitpos"));
  EXPECT_EQ(Run({"set", "s", "foobar"}), Ok());
  EXPECT_EQ(Run({"bitpos", "s", "2"}), Err("ERR The bit argument must be 1 or 0."));
  EXPECT_EQ(Run({"bitpos", "s", "x"}), NotInt());
  EXPECT_EQ(Run({"bitpos", "s", "1", "a"}), NotInt());
  EXPECT_EQ(Run({"bitpos", "s", "1", "1", "a"}), NotInt());
  EXPECT_EQ(Run({"bitpos", "s", "1", "1", "2", "foo"}), Syntax());
  EXPECT_EQ(Run({"bitpos", "s", "1", "1", "a", "foo"}), Syntax());  // unit checked first
  EXPECT_EQ(Run({"bitpos", "s", "1", "1", "bit"}), NotInt());       // BIT needs an end
  EXPECT_EQ(Run({"bitpos", "s", "1", "1", "2", "bit", "x"}), Syntax());
  MakeList("l");
  EXPECT_EQ(Run({"bitpos", "l", "1"}), WrongType());
  EXPECT_EQ(Run({"bitpos", "l", "1", "x"}), WrongType());
  EXPECT_EQ(Run({"bitpos", "l", "3"}), Err("ERR The bit argument must be 1 or 0."));
}

TEST_P(BitmapTest, BitOp) {
  EXPECT_EQ(Run({"set", "a", "foof"}), Ok());
  EXPECT_EQ(Run({"set", "b", "ab"}), Ok());
  EXPECT_EQ(Run({"bitop", "AND", "d", "a", "b"}), Int(4));
  EXPECT_EQ(Run({"get", "d"}), Bulk(std::string("\x60\x62\x00\x00", 4)));
  EXPECT_EQ(Run({"bitop", "or", "d", "a", "b"}), Int(4));
  EXPECT_EQ(Run({"get", "d"}), Bulk(std::string("\x67\x6f\x6f\x66", 4)));
  EXPECT_EQ(Run({"bitop", "XOR", "d", "a", "b", "missing"}), Int(4));
  EXPECT_EQ(Run({"get", "d"}), Bulk(std::string("\x07\x0d\x6f\x66", 4)));
  EXPECT_EQ(Run({"bitop", "NOT", "d", "b"}), Int(2));
  EXPECT_EQ(Run({"get", "d"}), Bulk(std::string("\x9e\x9d", 2)));
  EXPECT_EQ(Run({"object", "encoding", "d"}), Bulk("raw"));
  // The destination may be a source.
  EXPECT_EQ(Run({"bitop", "NOT", "b", "b"}), Int(2));
  EXPECT_EQ(Run({"get", "b"}), Bulk(std::string("\x9e\x9d", 2)));
  // Int-encoded sources are their text.
  EXPECT_EQ(Run({"set", "n", "12"}), Ok());
  EXPECT_EQ(Run({"bitop", "AND", "d", "n", "n"}), Int(2));
  EXPECT_EQ(Run({"get", "d"}), Bulk("12"));
  EXPECT_EQ(Run({"object", "encoding", "d"}), Bulk("raw"));
  // The result replaces any value and TTL; empty sources delete the destination.
  EXPECT_EQ(Run({"set", "t", "v", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"bitop", "OR", "t", "a"}), Int(4));
  EXPECT_EQ(Run({"ttl", "t"}), Int(-1));
  MakeList("dl");
  EXPECT_EQ(Run({"bitop", "OR", "dl", "a"}), Int(4));
  EXPECT_EQ(Run({"type", "dl"}), Simple("string"));
  EXPECT_EQ(Run({"bitop", "AND", "t", "missing", "missing2"}), Int(0));
  EXPECT_EQ(Run({"exists", "t"}), Int(0));
  // Long values (word loops).
  std::string x(3000, '\x0f'), y(2000, '\xf0');
  EXPECT_EQ(Run({"set", "x", x}), Ok());
  EXPECT_EQ(Run({"set", "y", y}), Ok());
  EXPECT_EQ(Run({"bitop", "OR", "d", "x", "y"}), Int(3000));
  EXPECT_EQ(Run({"bitcount", "d"}), Int(2000 * 8 + 1000 * 4));
  EXPECT_EQ(Run({"bitop", "AND", "d", "x", "y"}), Int(3000));
  EXPECT_EQ(Run({"bitcount", "d"}), Int(0));
}

TEST_P(BitmapTest, BitOpErrors) {
  EXPECT_EQ(Run({"bitop", "and", "d"}), WrongArgs("bitop"));
  EXPECT_EQ(Run({"bitop", "and"}), WrongArgs("bitop"));
  EXPECT_EQ(Run({"bitop", "nand", "d", "a"}), Syntax());
  EXPECT_EQ(Run({"bitop", "not", "d", "a", "b"}),
            Err("ERR BITOP NOT must be called with a single source key."));
  EXPECT_EQ(Run({"set", "a", "x"}), Ok());
  MakeList("l");
  EXPECT_EQ(Run({"bitop", "or", "d", "a", "l"}), WrongType());
  EXPECT_EQ(Run({"exists", "d"}), Int(0));
}

TEST_P(BitmapTest, Bitfield) {
  EXPECT_EQ(Run({"bitfield", "k", "SET", "i8", "0", "100", "GET", "i8", "0"}),
            Arr(2) + Int(0) + Int(100));
  EXPECT_EQ(Run({"bitfield", "k", "INCRBY", "i8", "0", "27", "GET", "u4", "0"}),
            Arr(2) + Int(127) + Int(7));
  // Default WRAP.
  EXPECT_EQ(Run({"bitfield", "k", "incrby", "i8", "0", "1"}), Arr(1) + Int(-128));
  // SAT and FAIL apply to the subcommands after them.
  EXPECT_EQ(Run({"bitfield", "k", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-100", "OVERFLOW",
                 "FAIL", "INCRBY", "i8", "0", "-1", "GET", "i8", "0"}),
            Arr(3) + Int(-128) + Nil() + Int(-128));
  EXPECT_EQ(Run({"bitfield", "u", "OVERFLOW", "SAT", "SET", "u8", "0", "300", "INCRBY", "u8",
                 "0", "-1000", "INCRBY", "u8", "0", "1000"}),
            Arr(3) + Int(0) + Int(0) + Int(255));
  EXPECT_EQ(Run({"bitfield", "u", "OVERFLOW", "WRAP", "INCRBY", "u8", "0", "2", "SET", "u8",
                 "0", "-1"}),
            Arr(2) + Int(1) + Int(1));
  EXPECT_EQ(Run({"bitfield", "u", "GET", "u8", "0"}), Arr(1) + Int(255));
  // #N offsets are multiplied by the width; fields cross byte boundaries.
  EXPECT_EQ(Run({"bitfield", "h", "SET", "u8", "#1", "255", "GET", "u4", "6", "GET", "u4",
                 "#3"}),
            Arr(3) + Int(0) + Int(3) + Int(15));
  EXPECT_EQ(Run({"get", "h"}), Bulk(std::string("\x00\xff", 2)));
  // 64-bit fields.
  EXPECT_EQ(Run({"bitfield", "w", "SET", "i64", "0", "-1", "GET", "u63", "0", "INCRBY", "i64",
                 "0", "-9223372036854775808"}),
            Arr(3) + Int(0) + Int(9223372036854775807) + Int(9223372036854775807));
  // Reading a missing key or past the end gives zeros and writes nothing.
  EXPECT_EQ(Run({"bitfield", "missing", "GET", "i16", "100"}), Arr(1) + Int(0));
  EXPECT_EQ(Run({"exists", "missing"}), Int(0));
  EXPECT_EQ(Run({"bitfield", "missing"}), Arr(0));
  // A write refused by FAIL still creates the key, as Redis.
  EXPECT_EQ(Run({"bitfield", "f", "OVERFLOW", "FAIL", "SET", "u2", "0", "5"}), Arr(1) + Nil());
  EXPECT_EQ(Run({"get", "f"}), Bulk(std::string("\x00", 1)));
  // Int-encoded values are their text; the TTL stays.
  EXPECT_EQ(Run({"set", "n", "1", "EX", "100"}), Ok());
  EXPECT_EQ(Run({"bitfield", "n", "GET", "u8", "0", "SET", "u8", "0", "50"}),
            Arr(2) + Int(49) + Int(49));
  EXPECT_EQ(Run({"get", "n"}), Bulk("2"));
  EXPECT_EQ(Run({"ttl", "n"}), Int(100));
  EXPECT_EQ(Run({"bitfield_ro", "n", "GET", "u8", "0", "get", "i4", "4"}),
            Arr(2) + Int(50) + Int(2));
  EXPECT_EQ(Run({"bitfield_ro", "n", "OVERFLOW", "SAT", "GET", "u8", "0"}), Arr(1) + Int(50));
  EXPECT_EQ(Run({"bitfield_ro", "missing"}), Arr(0));
}

TEST_P(BitmapTest, BitfieldErrors) {
  EXPECT_EQ(Run({"bitfield"}), WrongArgs("bitfield"));
  EXPECT_EQ(Run({"bitfield_ro"}), WrongArgs("bitfield_ro"));
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8"}), Syntax());
  EXPECT_EQ(Run({"bitfield", "k", "SET", "i8", "0"}), Syntax());
  EXPECT_EQ(Run({"bitfield", "k", "OVERFLOW"}), Syntax());
  EXPECT_EQ(Run({"bitfield", "k", "FOO", "i8", "0"}), Syntax());
  EXPECT_EQ(Run({"bitfield", "k", "OVERFLOW", "BOGUS", "GET", "i8", "0"}),
            Err("ERR Invalid OVERFLOW type specified"));
  for (const char* t : {"u64", "i65", "i0", "u0", "x8", "I8", "i08", "i+8", "i", ""})
    EXPECT_EQ(Run({"bitfield", "k", "GET", t, "0"}), TypeErr()) << t;
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "-1"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "#-1"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "##1"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "x"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "4294967296"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "#536870912"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "GET", "i8", "#536870911"}), Arr(1) + Int(0));
  // "#N" wraps as Redis's multiplication and a negative result is refused.
  EXPECT_EQ(Run({"bitfield", "k", "SET", "i64", "#9223372036854775807", "1"}), BitOffsetErr());
  EXPECT_EQ(Run({"bitfield", "k", "SET", "i8", "0", "x"}), NotInt());
  EXPECT_EQ(Run({"bitfield", "k", "INCRBY", "i8", "0", "1.5"}), NotInt());
  EXPECT_EQ(Run({"exists", "k"}), Int(0));  // nothing ran
  // An error anywhere stops the whole command before anything is written.
  EXPECT_EQ(Run({"bitfield", "k", "SET", "i8", "0", "1", "GET", "u64", "0"}), TypeErr());
  EXPECT_EQ(Run({"exists", "k"}), Int(0));
  EXPECT_EQ(Run({"bitfield_ro", "k", "SET", "i8", "0", "1"}),
            Err("ERR BITFIELD_RO only supports the GET subcommand"));
  EXPECT_EQ(Run({"bitfield_ro", "k", "INCRBY", "i8", "0", "1"}),
            Err("ERR BITFIELD_RO only supports the GET subcommand"));
  MakeList("l");
  EXPECT_EQ(Run({"bitfield", "l"}), WrongType());
  EXPECT_EQ(Run({"bitfield", "l", "GET", "i8", "0"}), WrongType());
  EXPECT_EQ(Run({"bitfield", "l", "SET", "i8", "0", "1"}), WrongType());
  EXPECT_EQ(Run({"bitfield_ro", "l", "GET", "i8", "0"}), WrongType());
  // BITFIELD_RO's own error comes before the type check.
  EXPECT_EQ(Run({"bitfield_ro", "l", "SET", "i8", "0", "1"}),
            Err("ERR BITFIELD_RO only supports the GET subcommand"));
}

TEST_P(LcsTest, Lcs) {
  EXPECT_EQ(Run({"mset", "key1", "ohmytext", "key2", "mynewtext"}), Ok());
  EXPECT_EQ(Run({"lcs", "key1", "key2"}), Bulk("mytext"));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "LEN"}), Int(6));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "IDX"}),
            Map(2) + Bulk("matches") + Arr(2) +                          //
                Arr(2) + Arr(2) + Int(4) + Int(7) + Arr(2) + Int(5) + Int(8) +  //
                Arr(2) + Arr(2) + Int(2) + Int(3) + Arr(2) + Int(0) + Int(1) +  //
                Bulk("len") + Int(6));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "idx", "minmatchlen", "4", "withmatchlen"}),
            Map(2) + Bulk("matches") + Arr(1) +  //
                Arr(3) + Arr(2) + Int(4) + Int(7) + Arr(2) + Int(5) + Int(8) + Int(4) +
                Bulk("len") + Int(6));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "IDX", "MINMATCHLEN", "-5"}),
            Run({"lcs", "key1", "key2", "IDX"}));
  EXPECT_EQ(Run({"lcs", "key1", "key2", "LEN", "WITHMATCHLEN"}), Int(6));
  // Missing keys are empty strings; int-encoded values their text.
  EXPECT_EQ(Run({"lcs", "key1", "missing"}), Bulk(""));
  EXPECT_EQ(Run({"lcs", "missing", "missing2", "IDX"}),
            Map(2) + Bulk("matches") + Arr(0) + Bulk("len") + Int(0));
  EXPECT_EQ(Run({"mset", "n1", "12345", "n2", "2345"}), Ok());
  EXPECT_EQ(Run({"lcs", "n1", "n2", "IDX", "WITHMATCHLEN"}),
            Map(2) + Bulk("matches") + Arr(1) +  //
                Arr(3) + Arr(2) + Int(1) + Int(4) + Arr(2) + Int(0) + Int(3) + Int(4) +
                Bulk("len") + Int(4));
  EXPECT_EQ(Run({"lcs", "key1", "key1"}), Bulk("ohmytext"));
}

TEST_P(LcsTest, LcsErrors) {
  EXPECT_EQ(Run({"lcs", "a"}), WrongArgs("lcs"));
  EXPECT_EQ(Run({"mset", "a", "abc", "b", "bcd"}), Ok());
  EXPECT_EQ(Run({"lcs", "a", "b", "foo"}), Syntax());
  EXPECT_EQ(Run({"lcs", "a", "b", "MINMATCHLEN"}), Syntax());
  EXPECT_EQ(Run({"lcs", "a", "b", "MINMATCHLEN", "x"}), NotInt());
  EXPECT_EQ(Run({"lcs", "a", "b", "IDX", "LEN"}),
            Err("ERR If you want both the length and indexes, please just use IDX."));
  EXPECT_EQ(Run({"lcs", "a", "b", "IDX", "LEN", "foo"}), Syntax());
  // Redis 7.0 refuses when its (len1+1)*(len2+1)*4-byte table would pass
  // proto-max-bulk-len, after the options are checked.
  EXPECT_EQ(Run({"setrange", "big1", "20000", "x"}), Int(20001));
  EXPECT_EQ(Run({"setrange", "big2", "20000", "y"}), Int(20001));
  const std::string limit =
      Err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  EXPECT_EQ(Run({"lcs", "big1", "big2"}), limit);
  EXPECT_EQ(Run({"lcs", "big1", "big2", "LEN"}), limit);
  EXPECT_EQ(Run({"lcs", "big1", "big2", "IDX", "LEN"}),
            Err("ERR If you want both the length and indexes, please just use IDX."));
  EXPECT_EQ(Run({"lcs", "big1", "big2", "foo"}), Syntax());
  EXPECT_EQ(Run({"lcs", "big1", "missing", "IDX"}),
            Map(2) + Bulk("matches") + Arr(0) + Bulk("len") + Int(0));
  std::string err;
  ASSERT_EQ(config_.Set("proto-max-bulk-len", "1mb", &err), Config::SetResult::kOk) << err;
  EXPECT_EQ(Run({"lcs", "a", "b", "LEN"}), Int(2));
  EXPECT_EQ(Run({"setrange", "mid1", "499", "x"}), Int(500));
  EXPECT_EQ(Run({"lcs", "mid1", "mid1", "LEN"}), Int(500));  // 501 * 501 * 4 bytes fit
  EXPECT_EQ(Run({"setrange", "mid2", "600", "x"}), Int(601));
  EXPECT_EQ(Run({"lcs", "mid2", "mid2", "LEN"}), limit);  // 602 * 602 * 4 do not
  MakeList("l");
  EXPECT_EQ(Run({"lcs", "l", "a"}), Err("ERR The specified keys must contain string values"));
  EXPECT_EQ(Run({"lcs", "a", "l", "foo"}),
            Err("ERR The specified keys must contain string values"));
}

}  // namespace
}  // namespace tessera::commands
