// HyperLogLog commands (commands/hll.cc) through the real registry, in RESP2 and RESP3, with
// replies checked against Redis 7.0: PFADD's 0/1, PFCOUNT of one and several keys, PFMERGE
// into new and existing destinations, PFDEBUG and PFSELFTEST, arity, the two WRONGTYPE texts
// (another type; a string that is no HLL), INVALIDOBJ for a corrupted sparse body, and the
// sparse -> dense promotion by hll-sparse-max-bytes. The HLL algorithm and its byte format
// are unit-tested in tests/storage/hll_test.cc.
#include <string>
#include <utility>
#include <vector>

#include "commands/command_test_base.h"

namespace tessera::commands {
namespace {

class HllTest : public CommandTest {
 protected:
  static std::string NotHll() {
    return Err("WRONGTYPE Key is not a valid HyperLogLog string value.");
  }
  static std::string Corrupted() { return Err("INVALIDOBJ Corrupted HLL object detected"); }
  // A 16-byte HLL header: magic, encoding (0 dense, 1 sparse), 3 unused bytes, and a cached
  // cardinality marked invalid (bit 7 of its last byte) so a count decodes the registers.
  static std::string Header(char encoding) {
    std::string h("HYLL", 4);
    h += encoding;
    h += std::string(10, '\0');
    h += '\x80';
    return h;
  }
  std::string Encoding(const std::string& key) { return Run({"pfdebug", "encoding", key}); }
  // PFADD key e<from> ... e<to-1>.
  std::string AddRange(const std::string& key, int from, int to) {
    std::vector<std::string> args{"pfadd", key};
    for (int i = from; i < to; ++i) args.push_back(StrCat("e", i));
    return Run(args);
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, HllTest, ::testing::Values(2, 3));

TEST_P(HllTest, AddReturnsWhetherARegisterChanged) {
  EXPECT_EQ(Run({"pfadd", "h", "a", "b", "c"}), Int(1));
  EXPECT_EQ(Run({"pfadd", "h", "a"}), Int(0));
  EXPECT_EQ(Run({"pfadd", "h", "c", "b", "a"}), Int(0));
  EXPECT_EQ(Run({"pfadd", "h"}), Int(0));  // no elements, existing key
  EXPECT_EQ(Run({"pfadd", "h", "d"}), Int(1));
  EXPECT_EQ(Run({"type", "h"}), Simple("string"));  // an HLL is a string
  EXPECT_EQ(Run({"pfcount", "h"}), Int(4));
}

TEST_P(HllTest, AddWithoutElementsCreatesAnEmptyHll) {
  EXPECT_EQ(Run({"pfadd", "h"}), Int(1));
  EXPECT_EQ(Run({"exists", "h"}), Int(1));
  EXPECT_EQ(Run({"pfcount", "h"}), Int(0));
  EXPECT_EQ(Encoding("h"), Simple("sparse"));
  EXPECT_EQ(Run({"pfadd", "h"}), Int(0));
}

TEST_P(HllTest, CountOfSeveralKeysIsTheUnion) {
  EXPECT_EQ(Run({"pfcount", "nokey"}), Int(0));
  EXPECT_EQ(Run({"exists", "nokey"}), Int(0));
  Run({"pfadd", "h", "a", "b", "c"});
  Run({"pfadd", "h3", "x"});
  EXPECT_EQ(Run({"pfcount", "h", "nokey"}), Int(3));
  EXPECT_EQ(Run({"pfcount", "h", "h3"}), Int(4));
  EXPECT_EQ(Run({"pfcount", "h3", "h"}), Int(4));
  EXPECT_EQ(Run({"pfcount", "h", "h", "h"}), Int(3));
  ASSERT_EQ(AddRange("big", 0, 1000), Int(1));
  ASSERT_EQ(AddRange("big2", 500, 1500), Int(1));
  EXPECT_EQ(Run({"pfcount", "big"}), Int(1008));  // Redis's estimate, to the unit
  EXPECT_EQ(Run({"pfcount", "big", "h"}), Int(1012));
  EXPECT_EQ(Run({"pfcount", "big", "big2"}), Int(1509));
}

TEST_P(HllTest, MergeIntoNewAndExistingDestination) {
  Run({"pfadd", "h", "a", "b", "c"});
  Run({"pfadd", "h3", "x"});
  EXPECT_EQ(Run({"pfmerge", "dst", "h", "h3"}), Ok());
  EXPECT_EQ(Run({"pfcount", "dst"}), Int(4));
  EXPECT_EQ(Run({"pfmerge", "h3", "h"}), Ok());  // the destination is also a source
  EXPECT_EQ(Run({"pfcount", "h3"}), Int(4));
  EXPECT_EQ(Run({"pfcount", "h"}), Int(3));  // sources unchanged
  ASSERT_EQ(AddRange("big", 0, 1000), Int(1));
  ASSERT_EQ(AddRange("big2", 500, 1500), Int(1));
  EXPECT_EQ(Run({"pfmerge", "u", "big", "big2"}), Ok());
  EXPECT_EQ(Run({"pfcount", "u"}), Run({"pfcount", "big", "big2"}));
  EXPECT_EQ(Run({"pfcount", "u"}), Int(1509));
}

TEST_P(HllTest, MergeOfNothingCreatesAnEmptyHll) {
  EXPECT_EQ(Run({"pfmerge", "d"}), Ok());
  EXPECT_EQ(Run({"exists", "d"}), Int(1));
  EXPECT_EQ(Run({"pfcount", "d"}), Int(0));
  EXPECT_EQ(Run({"pfmerge", "d2", "nokey"}), Ok());
  EXPECT_EQ(Encoding("d2"), Simple("sparse"));
  EXPECT_EQ(Run({"pfcount", "d2"}), Int(0));
  Run({"pfadd", "h", "a", "b", "c"});
  EXPECT_EQ(Run({"pfmerge", "h"}), Ok());  // merging only itself changes nothing
  EXPECT_EQ(Run({"pfcount", "h"}), Int(3));
}

TEST_P(HllTest, WrongTypeForOtherTypes) {
  Run({"pfadd", "h", "a"});
  Run({"rpush", "l", "a"});
  EXPECT_EQ(Run({"pfadd", "l", "a"}), WrongType());
  EXPECT_EQ(Run({"pfcount", "l"}), WrongType());
  EXPECT_EQ(Run({"pfcount", "h", "l"}), WrongType());
  EXPECT_EQ(Run({"pfmerge", "l", "h"}), WrongType());
  EXPECT_EQ(Run({"pfmerge", "h", "l"}), WrongType());
  EXPECT_EQ(Run({"llen", "l"}), Int(1));
  EXPECT_EQ(Run({"pfcount", "h"}), Int(1));
}

TEST_P(HllTest, WrongTypeForStringsThatAreNoHll) {
  Run({"pfadd", "h", "a"});
  Run({"set", "s", "hello"});
  EXPECT_EQ(Run({"pfadd", "s", "a"}), NotHll());
  EXPECT_EQ(Run({"pfcount", "s"}), NotHll());
  EXPECT_EQ(Run({"pfcount", "h", "s"}), NotHll());
  EXPECT_EQ(Run({"pfmerge", "s", "h"}), NotHll());
  EXPECT_EQ(Run({"pfmerge", "h", "s"}), NotHll());
  EXPECT_EQ(Run({"pfdebug", "encoding", "s"}), NotHll());
  EXPECT_EQ(Run({"get", "s"}), Bulk("hello"));
  Run({"set", "e", ""});
  EXPECT_EQ(Run({"pfadd", "e", "a"}), NotHll());
  // The header is checked: magic, encoding, a dense body's length, the header's length.
  Run({"set", "magic", "HYLX" + Header(1).substr(4) + std::string(10, '\0')});
  Run({"set", "enc", Header(2) + std::string(10, '\0')});
  Run({"set", "dense", Header(0) + std::string(10, '\0')});
  Run({"set", "short", Header(1).substr(0, 15)});
  Run({"set", "text", "HYLLxxxxxxxxxxxxxxxxxx"});
  for (const char* k : {"magic", "enc", "dense", "short", "text"})
    EXPECT_EQ(Run({"pfcount", k}), NotHll()) << k;
}

TEST_P(HllTest, CorruptedSparseBody) {
  // A sparse body whose opcodes cover 1 register instead of 16384.
  Run({"set", "bad", Header(1) + std::string(1, '\0')});
  EXPECT_EQ(Run({"pfcount", "bad"}), Corrupted());
  EXPECT_EQ(Run({"pfcount", "bad", "bad"}), Corrupted());
  EXPECT_EQ(Run({"pfadd", "bad", "a"}), Corrupted());
  EXPECT_EQ(Run({"pfmerge", "d", "bad"}), Corrupted());
  EXPECT_EQ(Run({"pfdebug", "getreg", "bad"}), Corrupted());
  EXPECT_EQ(Run({"get", "bad"}), Bulk(Header(1) + std::string(1, '\0')));  // untouched
  // The same header with one XZERO of all 16384 registers is a valid empty HLL.
  Run({"set", "ok", Header(1) + "\x7f\xff"});
  EXPECT_EQ(Run({"pfcount", "ok"}), Int(0));
  EXPECT_EQ(Run({"pfadd", "ok", "a"}), Int(1));
  EXPECT_EQ(Run({"pfcount", "ok"}), Int(1));
  // And an all-zero dense body of the right length.
  Run({"set", "dense", Header(0) + std::string(12288, '\0')});
  EXPECT_EQ(Run({"pfcount", "dense"}), Int(0));
  EXPECT_EQ(Encoding("dense"), Simple("dense"));
  EXPECT_EQ(Run({"pfadd", "dense", "a"}), Int(1));
  EXPECT_EQ(Run({"pfcount", "dense"}), Int(1));
}

TEST_P(HllTest, SparseToDenseBySparseMaxBytes) {
  ASSERT_EQ(Run({"config", "set", "hll-sparse-max-bytes", "30"}), Ok());
  EXPECT_EQ(Run({"pfadd", "p", "a"}), Int(1));
  EXPECT_EQ(Encoding("p"), Simple("sparse"));
  EXPECT_EQ(Run({"strlen", "p"}), Int(21));
  EXPECT_EQ(Run({"pfadd", "p", "b", "c", "d", "e"}), Int(1));  // the sparse body outgrows 30
  EXPECT_EQ(Encoding("p"), Simple("dense"));
  EXPECT_EQ(Run({"strlen", "p"}), Int(12304));  // 16 + 16384 * 6 / 8
  EXPECT_EQ(Run({"pfcount", "p"}), Int(5));
  // Merging a dense source makes the destination dense; sparse sources keep it sparse.
  Run({"pfadd", "sp", "a"});
  EXPECT_EQ(Run({"pfmerge", "m2", "sp"}), Ok());
  EXPECT_EQ(Encoding("m2"), Simple("sparse"));
  EXPECT_EQ(Run({"pfmerge", "sp", "p"}), Ok());
  EXPECT_EQ(Encoding("sp"), Simple("dense"));
  EXPECT_EQ(Run({"pfcount", "sp"}), Int(5));
  // At 0 the next change promotes.
  ASSERT_EQ(Run({"config", "set", "hll-sparse-max-bytes", "3000"}), Ok());
  Run({"pfadd", "hh", "a"});
  ASSERT_EQ(Run({"config", "set", "hll-sparse-max-bytes", "0"}), Ok());
  EXPECT_EQ(Run({"pfadd", "hh", "b"}), Int(1));
  EXPECT_EQ(Encoding("hh"), Simple("dense"));
  EXPECT_EQ(Run({"pfcount", "hh"}), Int(2));
}

TEST_P(HllTest, SparseStaysSparseUnderTheDefault) {
  ASSERT_EQ(AddRange("q", 0, 200), Int(1));
  EXPECT_EQ(Encoding("q"), Simple("sparse"));
  EXPECT_EQ(Run({"pfcount", "q"}), Int(200));
}

TEST_P(HllTest, Debug) {
  Run({"pfadd", "h", "a", "b"});
  EXPECT_EQ(Run({"pfdebug", "todense", "h"}), Int(1));
  EXPECT_EQ(Run({"pfdebug", "todense", "h"}), Int(0));  // already dense
  EXPECT_EQ(Run({"pfdebug", "Encoding", "h"}), Simple("dense"));
  EXPECT_EQ(Run({"pfdebug", "decode", "h"}), Err("ERR HLL encoding is not sparse"));
  EXPECT_EQ(Run({"pfcount", "h"}), Int(2));
  const std::string missing = Err("ERR The specified key does not exist");
  EXPECT_EQ(Run({"pfdebug", "encoding", "nokey"}), missing);
  EXPECT_EQ(Run({"pfdebug", "getreg", "nokey"}), missing);
  EXPECT_EQ(Run({"pfdebug", "todense", "nokey"}), missing);
  EXPECT_EQ(Run({"pfdebug", "foo", "nokey"}), missing);  // the key is looked up first
  EXPECT_EQ(Run({"pfdebug", "foo", "h"}), Err("ERR Unknown PFDEBUG subcommand 'foo'"));
}

// DECODE lists the sparse opcodes; Redis 7.0 sends a bulk string in RESP3 too.
TEST_P(HllTest, DebugDecode) {
  Run({"pfadd", "h", "a", "b"});
  EXPECT_EQ(Run({"pfdebug", "decode", "h"}), Bulk("Z:12711 v:2,1 Z:3068 v:1,1 Z:603"));
  EXPECT_EQ(Encoding("h"), Simple("sparse"));
}

// GETREG answers every register, and converts a sparse HLL to dense as Redis does.
TEST_P(HllTest, DebugGetReg) {
  Run({"pfadd", "h", "a", "b", "c"});
  ASSERT_EQ(Encoding("h"), Simple("sparse"));
  ParsedReply r = ParseReply(Run({"pfdebug", "GETREG", "h"}));
  ASSERT_EQ(r.type, '*');
  ASSERT_EQ(r.items.size(), 16384u);
  std::vector<std::pair<size_t, int64_t>> set;
  for (size_t i = 0; i < r.items.size(); ++i) {
    ASSERT_EQ(r.items[i].type, ':');
    if (r.items[i].num) set.emplace_back(i, r.items[i].num);
  }
  EXPECT_EQ(set, (std::vector<std::pair<size_t, int64_t>>{{8436, 1}, {12711, 2}, {15780, 1}}));
  EXPECT_EQ(Encoding("h"), Simple("dense"));
}

// Redis's self test checks that small cardinalities stay sparse under the configured limit,
// so a tiny hll-sparse-max-bytes makes it fail.
TEST_P(HllTest, SelfTestUsesTheSparseLimit) {
  ASSERT_EQ(Run({"config", "set", "hll-sparse-max-bytes", "30"}), Ok());
  EXPECT_EQ(Run({"pfselftest"}), Err("ERR TESTFAILED sparse encoding not used"));
  ASSERT_EQ(Run({"config", "set", "hll-sparse-max-bytes", "3000"}), Ok());
  EXPECT_EQ(Run({"pfselftest"}), Ok());
}

TEST_P(HllTest, SelfTestAndArity) {
  EXPECT_EQ(Run({"pfselftest"}), Ok());
  EXPECT_EQ(Run({"pfselftest", "x"}), WrongArgs("pfselftest"));
  EXPECT_EQ(Run({"pfadd"}), WrongArgs("pfadd"));
  EXPECT_EQ(Run({"pfcount"}), WrongArgs("pfcount"));
  EXPECT_EQ(Run({"pfmerge"}), WrongArgs("pfmerge"));
  EXPECT_EQ(Run({"pfdebug", "encoding"}), WrongArgs("pfdebug"));
  EXPECT_EQ(Run({"pfdebug", "encoding", "k", "x"}), WrongArgs("pfdebug"));
}

}  // namespace
}  // namespace tessera::commands
