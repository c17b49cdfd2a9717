#include "protocol/resp_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tessera::protocol {
namespace {

using Cmd = std::vector<std::string>;
using Result = RespParser::Result;

// Feeds `input` in the given chunk sizes, keeping pending bytes contiguous as a connection
// does, and collects every command parsed. Stops at the first error.
struct FeedOutcome {
  std::vector<Cmd> cmds;
  bool error = false;
  std::string error_text;
};

FeedOutcome Feed(const std::string& input, const std::vector<size_t>& chunks,
                 RespParser::Limits limits = {}) {
  RespParser p;
  p.set_limits(limits);
  FeedOutcome out;
  std::string buf;
  size_t fed = 0, ci = 0;
  std::vector<std::string_view> args;
  while (fed < input.size() || !buf.empty()) {
    if (fed < input.size()) {
      size_t n = ci < chunks.size() ? chunks[ci++] : input.size() - fed;
      n = std::min(n, input.size() - fed);
      buf.append(input, fed, n);
      fed += n;
    }
    while (!buf.empty()) {
      size_t consumed = 0;
      Result r = p.Parse(buf.data(), buf.size(), &consumed, &args);
      if (r == Result::kError) {
        out.error = true;
        out.error_text = p.error();
        return out;
      }
      if (r == Result::kIncomplete) break;
      if (!args.empty()) out.cmds.emplace_back(args.begin(), args.end());
      buf.erase(0, consumed);  // moves the pending bytes, as compaction does
    }
    if (fed >= input.size() && !buf.empty()) break;  // incomplete tail
  }
  return out;
}

std::string Encode(const Cmd& c) {
  std::string s = "*" + std::to_string(c.size()) + "\r\n";
  for (const auto& a : c) s += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

const std::vector<Cmd> kCmds = {
    {"SET", "key", "value"},
    {"GET", "key"},
    {"SET", "bin", std::string("a\0b\r\nc", 6)},
    {"MSET", "a", "", "b", "2"},
    {"PING"},
    {"ECHO", std::string(70000, 'x')},
};

std::string AllEncoded() {
  std::string s;
  for (const auto& c : kCmds) s += Encode(c);
  return s;
}

TEST(RespParserTest, WholeInput) {
  auto out = Feed(AllEncoded(), {});
  ASSERT_FALSE(out.error) << out.error_text;
  EXPECT_EQ(out.cmds, kCmds);
}

TEST(RespParserTest, ByteByByte) {
  std::string in = AllEncoded();
  auto out = Feed(in, std::vector<size_t>(in.size(), 1));
  ASSERT_FALSE(out.error) << out.error_text;
  EXPECT_EQ(out.cmds, kCmds);
}

TEST(RespParserTest, RandomSplits) {
  std::string in = AllEncoded();
  std::mt19937 rng(12345);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<size_t> chunks;
    size_t total = 0;
    while (total < in.size()) {
      size_t n = 1 + rng() % (trial % 2 ? 7 : 5000);
      chunks.push_back(n);
      total += n;
    }
    auto out = Feed(in, chunks);
    ASSERT_FALSE(out.error) << out.error_text;
    ASSERT_EQ(out.cmds, kCmds) << "trial " << trial;
  }
}

TEST(RespParserTest, InlineCommands) {
  auto out = Feed("PING\r\nset a   b\nECHO \"hello world\" 'x y'\r\n\r\n", {});
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.cmds.size(), 3u);
  EXPECT_EQ(out.cmds[0], Cmd({"PING"}));
  EXPECT_EQ(out.cmds[1], Cmd({"set", "a", "b"}));
  EXPECT_EQ(out.cmds[2], Cmd({"ECHO", "hello world", "x y"}));
}

TEST(RespParserTest, InlineEscapes) {
  auto out = Feed("SET k \"a\\x41\\n\"\r\n", {});
  ASSERT_EQ(out.cmds.size(), 1u);
  EXPECT_EQ(out.cmds[0][2], "aA\n");
}

TEST(RespParserTest, InlineByteByByte) {
  std::string in = "SET k v\r\nGET k\r\n";
  auto out = Feed(in, std::vector<size_t>(in.size(), 1));
  ASSERT_EQ(out.cmds.size(), 2u);
  EXPECT_EQ(out.cmds[1], Cmd({"GET", "k"}));
}

TEST(RespParserTest, EmptyMultibulkIsSkipped) {
  auto out = Feed("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n", {});
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.cmds.size(), 1u);
}

TEST(RespParserTest, Errors) {
  struct Case {
    std::string in, err;
  } cases[] = {
      {"*abc\r\n", "Protocol error: invalid multibulk length"},
      {"*3000000000\r\n", "Protocol error: invalid multibulk length"},
      {"*1\r\n+PING\r\n", "Protocol error: expected '$', got '+'"},
      {"*1\r\n$-5\r\n", "Protocol error: invalid bulk length"},
      {"*1\r\n$abc\r\n", "Protocol error: invalid bulk length"},
      {"SET \"a b\r\n", "Protocol error: unbalanced quotes in request"},
      {"SET \"a\"b c\r\n", "Protocol error: unbalanced quotes in request"},
  };
  for (const auto& c : cases) {
    auto out = Feed(c.in, {});
    EXPECT_TRUE(out.error) << c.in;
    EXPECT_EQ(out.error_text, c.err) << c.in;
  }
}

// A request wholly in the buffer takes the one-pass path (ParseWhole); fed byte by byte it
// takes the resumable one. Both must agree on every header form, valid or not.
TEST(RespParserTest, OnePassAndResumablePathsAgree) {
  const std::string cases[] = {
      "*1\r\n$0\r\n\r\n",                          // empty argument
      "*2\r\n$3\r\nGET\r\n$03\r\nabc\r\n",          // leading zero: invalid
      "*02\r\n$1\r\na\r\n$1\r\nb\r\n",              // leading zero in the count
      "*-1\r\n*1\r\n$4\r\nPING\r\n",                // null multibulk, then a command
      "*0\r\n*1\r\n$4\r\nPING\r\n",
      "*1\r\n$999999999999999999\r\nx",              // 18 digits: over proto-max-bulk-len
      "*1\r\n$9999999999999999999\r\nx",             // 19 digits: the general path
      "*1\r\n$99999999999999999999\r\nx",            // overflows int64
      "*1\r\n$3 \r\nabc\r\n",                        // a space before CRLF
      "*1\r\n$3\rabc\r\n",                           // CR without LF
      "*1\r\n$+3\r\nabc\r\n",
      "*1\r\n$3\r\nabcXY*1\r\n$4\r\nPING\r\n",       // trailing CRLF not checked
      "*2147483648\r\n",                             // over the multibulk limit
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n",
  };
  for (const auto& in : cases) {
    auto whole = Feed(in, {});
    auto bytes = Feed(in, std::vector<size_t>(in.size(), 1));
    EXPECT_EQ(whole.error, bytes.error) << in;
    EXPECT_EQ(whole.error_text, bytes.error_text) << in;
    EXPECT_EQ(whole.cmds, bytes.cmds) << in;
  }
  // and the one-pass path refuses what the limits refuse
  RespParser::Limits unauth;
  unauth.unauthenticated = true;
  std::string eleven = "*11\r\n";
  for (int i = 0; i < 11; ++i) eleven += "$1\r\na\r\n";
  auto out = Feed(eleven, {}, unauth);
  EXPECT_TRUE(out.error);
  EXPECT_EQ(out.error_text, "Protocol error: unauthenticated multibulk length");
  out = Feed("*1\r\n$16385\r\n" + std::string(16385, 'x') + "\r\n", {}, unauth);
  EXPECT_TRUE(out.error);
  EXPECT_EQ(out.error_text, "Protocol error: unauthenticated bulk length");
}

TEST(RespParserTest, Limits) {
  RespParser::Limits l;
  l.max_bulk_len = 10;
  auto out = Feed("*1\r\n$11\r\nhello world\r\n", {}, l);
  EXPECT_TRUE(out.error);
  EXPECT_EQ(out.error_text, "Protocol error: invalid bulk length");
  out = Feed("*1\r\n$10\r\nhelloworld\r\n", {}, l);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.cmds.size(), 1u);

  std::string long_inline(70 * 1024, 'a');
  out = Feed(long_inline, {});
  EXPECT_TRUE(out.error);
  EXPECT_EQ(out.error_text, "Protocol error: too big inline request");

  out = Feed("*1\r\n$" + std::string(70 * 1024, '1'), {});
  EXPECT_TRUE(out.error);
  EXPECT_EQ(out.error_text, "Protocol error: too big bulk count string");
}

TEST(RespParserTest, NeededBytesHintForLargeBulk) {
  RespParser p;
  std::string in = "*2\r\n$4\r\nECHO\r\n$100000\r\nabc";
  size_t consumed;
  std::vector<std::string_view> args;
  EXPECT_EQ(p.Parse(in.data(), in.size(), &consumed, &args), Result::kIncomplete);
  EXPECT_EQ(p.needed_bytes(), in.size() - 3 + 100000 + 2);
}

TEST(RespParserTest, GarbageNeverCrashes) {
  std::mt19937 rng(7);
  const std::string alphabet = "*$\r\n0123456789-+abc \"'\\x";
  for (int trial = 0; trial < 2000; ++trial) {
    std::string in;
    size_t len = rng() % 64;
    for (size_t i = 0; i < len; ++i) in += alphabet[rng() % alphabet.size()];
    std::vector<size_t> chunks;
    for (size_t i = 0; i < in.size(); ++i) chunks.push_back(1 + rng() % 4);
    Feed(in, chunks);  // must not crash or hang
  }
}

}  // namespace
}  // namespace tessera::protocol

namespace tessera::protocol {
namespace {

TEST(RespParserTest, PeekKeysFindsTheSecondArgumentOfCompleteRequests) {
  std::string_view keys[8];
  const std::vector<std::string> reqs = {"*2\r\n$3\r\nGET\r\n$4\r\nkey1\r\n",
                                        "*1\r\n$4\r\nPING\r\n",
                                        "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$2\r\nv\n\r\n",
                                        "*3\r\n$3\r\nSET\r\n$5\r\nk\r\n23\r\n$1\r\nv\r\n"};
  std::string in;
  std::vector<size_t> ends;  // where each request ends
  for (const auto& r : reqs) ends.push_back((in += r).size());
  ASSERT_EQ(RespParser::PeekKeys(in.data(), in.size(), keys, 8), 4u);
  EXPECT_EQ(keys[0], "key1");
  EXPECT_EQ(keys[1], "");  // one argument
  EXPECT_EQ(keys[2], "");  // an empty key
  EXPECT_EQ(keys[3], "k\r\n23");  // binary-safe
  // at most `max`
  EXPECT_EQ(RespParser::PeekKeys(in.data(), in.size(), keys, 2), 2u);
  // stops before an incomplete request, at every cut
  for (size_t cut = 0; cut < in.size(); ++cut) {
    size_t n = RespParser::PeekKeys(in.data(), cut, keys, 8);
    size_t complete = 0;
    while (complete < ends.size() && ends[complete] <= cut) ++complete;
    EXPECT_EQ(n, complete) << "cut at " << cut;
  }
  // stops at a request with many arguments (complete or not): its arguments are not walked
  std::string many = "*65\r\n";
  for (int i = 0; i < 65; ++i) many += "$1\r\nx\r\n";
  std::string s2 = reqs[0] + many + reqs[0];
  EXPECT_EQ(RespParser::PeekKeys(s2.data(), s2.size(), keys, 8), 1u);
  std::string at_limit = "*64\r\n";
  for (int i = 0; i < 64; ++i) at_limit += "$1\r\ny\r\n";
  std::string s3 = at_limit + reqs[0];
  ASSERT_EQ(RespParser::PeekKeys(s3.data(), s3.size(), keys, 8), 2u);
  EXPECT_EQ(keys[0], "y");
  EXPECT_EQ(keys[1], "key1");
  // stops at inline commands and at malformed headers, whatever follows
  for (std::string bad : {"PING\r\n", "*x\r\n", "*2\r\n$3\r\nGET\r\n:4\r\n", "*-1\r\n",
                          "*0\r\n", "*2\r\n$-1\r\n", "*2\r\n$99999999999999999999\r\n"}) {
    std::string s = bad + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
    EXPECT_EQ(RespParser::PeekKeys(s.data(), s.size(), keys, 8), 0u) << bad;
  }
}

}  // namespace
}  // namespace tessera::protocol
