// memcached's binary protocol: framing of request packets whole, byte by byte and at
// random splits; a body past the item size limit handed over with its extras and key and
// then swallowed without being buffered; a packet without the request magic; responses
// byte for byte.
#include "protocol/mc_binary.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tessera::protocol {
namespace {

std::string Packet(uint8_t op, std::string_view extras, std::string_view key,
                   std::string_view value, uint64_t cas = 0, uint32_t opaque = 0x01020304,
                   uint8_t magic = kMcBinRequest) {
  std::string p;
  p.push_back(char(magic));
  p.push_back(char(op));
  p.push_back(char(key.size() >> 8));
  p.push_back(char(key.size() & 0xFF));
  p.push_back(char(extras.size()));
  p.push_back(0);
  p.append("\0\0", 2);
  McBinPutU32(&p, uint32_t(extras.size() + key.size() + value.size()));
  McBinPutU32(&p, opaque);
  McBinPutU64(&p, cas);
  p.append(extras).append(key).append(value);
  return p;
}

struct Req {
  uint8_t opcode;
  std::string extras, key, value;
  uint64_t cas;
  uint32_t opaque;
  bool too_large;
  bool operator==(const Req& o) const {
    return opcode == o.opcode && extras == o.extras && key == o.key && value == o.value &&
           cas == o.cas && opaque == o.opaque && too_large == o.too_large;
  }
};

struct Outcome {
  std::vector<Req> reqs;
  bool closed = false;
  size_t max_buffered = 0;
};

Outcome Feed(const std::string& input, const std::vector<size_t>& chunks,
             int64_t max_item = 1024 * 1024) {
  McBinParser p;
  p.set_max_item_size(max_item);
  Outcome out;
  std::string buf;
  size_t fed = 0, ci = 0;
  McBinRequest req;
  while (fed < input.size()) {
    size_t n = ci < chunks.size() ? chunks[ci++] : input.size() - fed;
    n = std::min(std::max<size_t>(n, 1), input.size() - fed);
    buf.append(input, fed, n);
    fed += n;
    out.max_buffered = std::max(out.max_buffered, buf.size());
    while (!buf.empty()) {
      size_t consumed = 0;
      auto r = p.Parse(buf.data(), buf.size(), &consumed, &req);
      if (r == McBinParser::Result::kClose) {
        out.closed = true;
        return out;
      }
      if (r == McBinParser::Result::kIncomplete) {
        buf.erase(0, consumed);
        break;
      }
      out.reqs.push_back({req.h.opcode, std::string(req.extras), std::string(req.key),
                          std::string(req.value), req.h.cas, req.h.opaque, req.too_large});
      buf.erase(0, consumed);
    }
  }
  return out;
}

std::string Extras(uint32_t a, uint32_t b) {
  std::string e;
  McBinPutU32(&e, a);
  McBinPutU32(&e, b);
  return e;
}

TEST(McBinParser, SplitsHeaderExtrasKeyAndValue) {
  std::string in = Packet(kBinSet, Extras(7, 0), "key", "value", 42, 9) +
                   Packet(kBinGetK, "", "key", "") + Packet(kBinNoop, "", "", "");
  Outcome o = Feed(in, {});
  ASSERT_EQ(o.reqs.size(), 3u);
  EXPECT_EQ(o.reqs[0], (Req{kBinSet, Extras(7, 0), "key", "value", 42, 9, false}));
  EXPECT_EQ(o.reqs[1], (Req{kBinGetK, "", "key", "", 0, 0x01020304, false}));
  EXPECT_EQ(o.reqs[2].opcode, kBinNoop);
  EXPECT_FALSE(o.closed);
}

TEST(McBinParser, NumbersAreBigEndian) {
  std::string e;
  McBinPutU64(&e, 0x0102030405060708ull);
  McBinPutU32(&e, 0xA0B0C0D0u);
  EXPECT_EQ(e, std::string("\x01\x02\x03\x04\x05\x06\x07\x08\xA0\xB0\xC0\xD0", 12));
  EXPECT_EQ(McBinU64(e, 0), 0x0102030405060708ull);
  EXPECT_EQ(McBinU32(e, 8), 0xA0B0C0D0u);
}

TEST(McBinParser, AnySplitGivesTheSameRequests) {
  std::string in;
  for (int i = 0; i < 20; ++i)
    in += Packet(uint8_t(i % 2 ? kBinSet : kBinGet), i % 2 ? Extras(i, 0) : "",
                 "k" + std::to_string(i), i % 2 ? std::string(size_t(i * 37), 'x') : "");
  Outcome whole = Feed(in, {});
  ASSERT_EQ(whole.reqs.size(), 20u);
  std::vector<size_t> ones(in.size(), 1);
  Outcome bytewise = Feed(in, ones);
  EXPECT_EQ(bytewise.reqs, whole.reqs);
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<size_t> chunks;
    for (size_t total = 0; total < in.size();) {
      size_t n = 1 + rng() % 64;
      chunks.push_back(n);
      total += n;
    }
    EXPECT_EQ(Feed(in, chunks).reqs, whole.reqs) << "round " << round;
  }
}

TEST(McBinParser, LargeBodyComesBackEarlyAndIsSwallowed) {
  std::string big(100000, 'v');
  std::string in = Packet(kBinSet, Extras(1, 0), "big", big) + Packet(kBinNoop, "", "", "");
  std::vector<size_t> chunks(in.size() / 1000 + 1, 1000);
  Outcome o = Feed(in, chunks, 1000);
  ASSERT_EQ(o.reqs.size(), 2u);
  EXPECT_TRUE(o.reqs[0].too_large);
  EXPECT_EQ(o.reqs[0].key, "big");
  EXPECT_EQ(o.reqs[0].extras, Extras(1, 0));
  EXPECT_EQ(o.reqs[0].value, "");
  EXPECT_EQ(o.reqs[1].opcode, kBinNoop);
  EXPECT_FALSE(o.reqs[1].too_large);
  EXPECT_LE(o.max_buffered, 2000u);  // the value never piles up
}

TEST(McBinParser, HugeDeclaredBodyIsNotBuffered) {
  // A header announcing 4 GB: the parser asks for no more than the header and key.
  std::string in = Packet(kBinGet, "", "k", "");
  in[8] = in[9] = in[10] = in[11] = char(0xFF);
  McBinParser p;
  McBinRequest req;
  size_t consumed = 0;
  ASSERT_EQ(p.Parse(in.data(), in.size(), &consumed, &req), McBinParser::Result::kOk);
  EXPECT_TRUE(req.too_large);
  EXPECT_EQ(consumed, kMcBinHeader + 1);
  EXPECT_TRUE(p.swallowing());
}

TEST(McBinParser, LengthsThatDoNotAddUpGiveEmptyViews) {
  std::string in = Packet(kBinGet, "", "abc", "");
  in[3] = 10;  // keylen 10 in a 3-byte body
  Outcome o = Feed(in, {});
  ASSERT_EQ(o.reqs.size(), 1u);
  EXPECT_EQ(o.reqs[0].key, "");
  EXPECT_EQ(o.reqs[0].value, "");
}

TEST(McBinParser, WrongMagicCloses) {
  std::string in = Packet(kBinNoop, "", "", "") + Packet(kBinNoop, "", "", "", 0, 0, 0x81);
  Outcome o = Feed(in, {});
  EXPECT_EQ(o.reqs.size(), 1u);
  EXPECT_TRUE(o.closed);
}

TEST(McBinReply, ResponsesAsMemcachedWritesThem) {
  std::string out;
  McBinReply r(&out, nullptr);
  McBinHeader h;
  h.opcode = kBinGetK;
  h.opaque = 0xDEADBEEF;
  std::string flags;
  McBinPutU32(&flags, 5);
  r.Send(h, kBinOk, 0x1122334455667788ull, flags, "k1", "hello");
  std::string want("\x81\x0c\x00\x02\x04\x00\x00\x00\x00\x00\x00\x0b\xde\xad\xbe\xef"
                   "\x11\x22\x33\x44\x55\x66\x77\x88\x00\x00\x00\x05k1hello", 35);
  EXPECT_EQ(out, want);
  out.clear();
  h.opcode = kBinAdd;
  r.Error(h, kBinKeyExists);
  EXPECT_EQ(out.substr(6, 2), std::string("\x00\x02", 2));
  EXPECT_EQ(out.substr(24), "Data exists for key.");
}

}  // namespace
}  // namespace tessera::protocol
