// The memcached parser: framing of command lines and data blocks, whole and split at every
// byte and at random points, memcached's number syntax, malformed lines, values over the
// item size limit (swallowed without being buffered) and the long-line rule.
#include "protocol/mc_parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tessera::protocol {
namespace {

using Frame = McRequest::Frame;
using Result = McParser::Result;

// One parsed request, copied out of the buffer.
struct Req {
  std::vector<std::string> tokens;
  std::string data;
  Frame frame;
  bool operator==(const Req& o) const {
    return tokens == o.tokens && data == o.data && frame == o.frame;
  }
};

struct Outcome {
  std::vector<Req> reqs;
  bool closed = false;
  size_t max_buffered = 0;  // the most bytes ever pending (swallowed data must not pile up)
};

// Feeds `input` in chunks of the given sizes (the rest at once), keeping pending bytes
// contiguous as a connection does.
Outcome Feed(const std::string& input, const std::vector<size_t>& chunks,
             int64_t max_item = 1024 * 1024) {
  McParser p;
  p.set_max_item_size(max_item);
  Outcome out;
  std::string buf;
  size_t fed = 0, ci = 0;
  McRequest req;
  while (fed < input.size()) {
    size_t n = ci < chunks.size() ? chunks[ci++] : input.size() - fed;
    n = std::min(std::max<size_t>(n, 1), input.size() - fed);
    buf.append(input, fed, n);
    fed += n;
    out.max_buffered = std::max(out.max_buffered, buf.size());
    while (!buf.empty()) {
      size_t consumed = 0;
      Result r = p.Parse(buf.data(), buf.size(), &consumed, &req);
      if (r == Result::kClose) {
        out.closed = true;
        return out;
      }
      if (r == Result::kIncomplete) {
        buf.erase(0, consumed);
        break;
      }
      Req q{{}, std::string(req.data), req.frame};
      for (auto t : req.tokens) q.tokens.emplace_back(t);
      out.reqs.push_back(q);
      buf.erase(0, consumed);
    }
  }
  return out;
}

Outcome FeedWhole(const std::string& input, int64_t max_item = 1024 * 1024) {
  return Feed(input, {}, max_item);
}

TEST(McParser, CommandLines) {
  auto o = FeedWhole("get a b c\r\nversion\r\n  delete   k  \nstats\r\n");
  ASSERT_EQ(o.reqs.size(), 4u);
  EXPECT_EQ(o.reqs[0].tokens, (std::vector<std::string>{"get", "a", "b", "c"}));
  EXPECT_EQ(o.reqs[1].tokens, (std::vector<std::string>{"version"}));
  EXPECT_EQ(o.reqs[2].tokens, (std::vector<std::string>{"delete", "k"}));  // "\n" alone ends
  EXPECT_EQ(o.reqs[3].frame, Frame::kLine);
}

TEST(McParser, EmptyLineHasNoTokens) {
  auto o = FeedWhole("\r\n\n");
  ASSERT_EQ(o.reqs.size(), 2u);
  EXPECT_TRUE(o.reqs[0].tokens.empty());
}

TEST(McParser, StorageCommandsCarryData) {
  auto o = FeedWhole(
      "set k 1 0 5\r\nhello\r\ncas k 0 0 2 77 noreply\r\nab\r\nappend k 0 0 0\r\n\r\n");
  ASSERT_EQ(o.reqs.size(), 3u);
  EXPECT_EQ(o.reqs[0].frame, Frame::kData);
  EXPECT_EQ(o.reqs[0].data, "hello");
  EXPECT_EQ(o.reqs[1].data, "ab");
  EXPECT_EQ(o.reqs[1].tokens.back(), "noreply");
  EXPECT_EQ(o.reqs[2].data, "");
}

TEST(McParser, DataMayHoldNewlinesAndBinaryBytes) {
  std::string v("a\r\nb\0c\n", 7);
  auto o = FeedWhole("set k 0 0 7\r\n" + v + "\r\nget k\r\n");
  ASSERT_EQ(o.reqs.size(), 2u);
  EXPECT_EQ(o.reqs[0].data, v);
  EXPECT_EQ(o.reqs[1].tokens[0], "get");
}

TEST(McParser, BadChunkIsConsumedAndTheRestParses) {
  auto o = FeedWhole("set k 0 0 3\r\nabcde\r\nget k\r\n");
  ASSERT_EQ(o.reqs.size(), 3u);
  EXPECT_EQ(o.reqs[0].frame, Frame::kBadChunk);
  EXPECT_TRUE(o.reqs[1].tokens.empty());  // the "\r\n" after the 5 bytes read
  EXPECT_EQ(o.reqs[2].tokens[0], "get");
}

TEST(McParser, BadLengthsConsumeOnlyTheLine) {
  for (const char* line : {"set k 0 0 -1", "set k 0 0 x", "set k 0 0 1x", "set k x 0 1",
                           "set k -1 0 1", "set k 0 y 1", "set k 0 0 2147483646",
                           "cas k 0 0 1 x"}) {
    auto o = FeedWhole(std::string(line) + "\r\nget k\r\n");
    ASSERT_EQ(o.reqs.size(), 2u) << line;
    EXPECT_EQ(o.reqs[0].frame, Frame::kBadLength) << line;
    EXPECT_EQ(o.reqs[1].tokens[0], "get") << line;
  }
  std::string long_key(251, 'k');
  auto o = FeedWhole("set " + long_key + " 0 0 1\r\nx\r\n");
  EXPECT_EQ(o.reqs[0].frame, Frame::kBadLength);
}

TEST(McParser, WrongTokenCountIsAPlainLine) {
  // memcached answers ERROR and reads the data as the next command.
  auto o = FeedWhole("set k 0 0\r\nabc\r\ncas k 0 0 1\r\nx\r\n");
  ASSERT_EQ(o.reqs.size(), 4u);
  for (const auto& r : o.reqs) EXPECT_EQ(r.frame, Frame::kLine);
}

TEST(McParser, NumbersAsMemcachedReadsThem) {
  uint32_t f;
  EXPECT_TRUE(ParseMcFlags("4294967297", &f));  // cut to 32 bits
  EXPECT_EQ(f, 1u);
  EXPECT_TRUE(ParseMcFlags("+5", &f));
  EXPECT_EQ(f, 5u);
  EXPECT_TRUE(ParseMcFlags("-0", &f));
  EXPECT_FALSE(ParseMcFlags("-1", &f));
  EXPECT_FALSE(ParseMcFlags("18446744073709551616", &f));  // ERANGE
  EXPECT_FALSE(ParseMcFlags("0x10", &f));
  EXPECT_FALSE(ParseMcFlags("", &f));
  int32_t v;
  EXPECT_TRUE(ParseMcInt32("-1", &v));
  EXPECT_EQ(v, -1);
  EXPECT_TRUE(ParseMcInt32("4294967297", &v));
  EXPECT_EQ(v, 1);
  EXPECT_TRUE(ParseMcInt32("2147483648", &v));
  EXPECT_EQ(v, INT32_MIN);
  uint64_t u;
  EXPECT_TRUE(ParseMcU64("18446744073709551615", &u));
  EXPECT_EQ(u, UINT64_MAX);
  EXPECT_FALSE(ParseMcU64("-5", &u));
  EXPECT_FALSE(ParseMcU64("5a", &u));
}

TEST(McParser, TooLargeValueIsSwallowedWithoutBuffering) {
  const int64_t limit = 4096;
  std::string big(100000, 'x');
  std::string input = "set k 0 0 100000\r\n" + big + "\r\nget k\r\n";
  auto o = Feed(input, std::vector<size_t>(2000, 100), limit);
  ASSERT_EQ(o.reqs.size(), 2u);
  EXPECT_EQ(o.reqs[0].frame, Frame::kTooLarge);
  EXPECT_EQ(o.reqs[1].tokens, (std::vector<std::string>{"get", "k"}));
  EXPECT_LT(o.max_buffered, 1000u);
}

TEST(McParser, ItemLimitCountsHeaderKeyAndFlags) {
  // memcached: 59 bytes of item overhead, the key, 4 more for non-zero flags.
  const int64_t limit = 1000;
  auto fits = [&](const std::string& key, int flags, int n) {
    std::string in = "set " + key + " " + std::to_string(flags) + " 0 " + std::to_string(n) +
                     "\r\n" + std::string(size_t(n), 'v') + "\r\n";
    return FeedWhole(in, limit).reqs.at(0).frame == Frame::kData;
  };
  EXPECT_TRUE(fits("k", 0, 1000 - 59 - 1));
  EXPECT_FALSE(fits("k", 0, 1000 - 59));
  EXPECT_TRUE(fits("key", 1, 1000 - 63 - 3));
  EXPECT_FALSE(fits("key", 1, 1000 - 63 - 2));
}

TEST(McParser, LongLineWithoutNewlineCloses) {
  EXPECT_TRUE(FeedWhole(std::string(3000, 'x')).closed);
  // A multi-key get may be long.
  std::string get = "get";
  for (int i = 0; i < 1000; ++i) get += " key" + std::to_string(i);
  auto o = Feed(get + "\r\n", {2500});
  ASSERT_FALSE(o.closed);
  ASSERT_EQ(o.reqs.size(), 1u);
  EXPECT_EQ(o.reqs[0].tokens.size(), 1001u);
}

TEST(McParser, TooManyTokensKeepTheRestInTheLast) {
  std::string line = "touch";
  for (int i = 0; i < 30; ++i) line += " t" + std::to_string(i);
  auto o = FeedWhole(line + "\r\n");
  ASSERT_EQ(o.reqs.size(), 1u);
  ASSERT_EQ(o.reqs[0].tokens.size(), McParser::kMaxTokens - 1);
  EXPECT_EQ(o.reqs[0].tokens.back().substr(0, 4), "t21 ");
}

// Every split of a mixed stream gives the same requests as the whole stream.
TEST(McParser, AnySplitGivesTheSameRequests) {
  std::string input =
      "set a 5 0 3\r\nabc\r\nget a b\r\nset big 0 0 5000\r\n" + std::string(5000, 'z') +
      "\r\nincr n 5\r\nset bad 0 0 2\r\nxyz\r\nms k 2 T10\r\nhi\r\nmn\r\nquit\r\n";
  const int64_t limit = 2048;  // the 5000-byte value is refused
  auto whole = FeedWhole(input, limit);
  ASSERT_EQ(whole.reqs.size(), 9u);
  EXPECT_EQ(whole.reqs[2].frame, Frame::kTooLarge);
  EXPECT_EQ(whole.reqs[4].frame, Frame::kBadChunk);
  EXPECT_TRUE(whole.reqs[5].tokens.empty());  // the "\n" left after the bad chunk
  EXPECT_EQ(whole.reqs[6].data, "hi");
  for (size_t cut = 1; cut < input.size(); cut += 7) {
    auto two = Feed(input, {cut}, limit);
    ASSERT_EQ(two.reqs, whole.reqs) << "cut at " << cut;
  }
  auto bytes = Feed(input, std::vector<size_t>(input.size(), 1), limit);
  EXPECT_EQ(bytes.reqs, whole.reqs);
  std::mt19937 rng(42);
  for (int round = 0; round < 50; ++round) {
    std::vector<size_t> chunks;
    for (size_t left = input.size(); left > 0;) {
      size_t n = std::min<size_t>(left, 1 + rng() % 300);
      chunks.push_back(n);
      left -= n;
    }
    EXPECT_EQ(Feed(input, chunks, limit).reqs, whole.reqs) << "round " << round;
  }
}

}  // namespace
}  // namespace tessera::protocol
