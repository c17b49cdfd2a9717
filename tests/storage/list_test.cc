// ListObject (storage/list.h) against a std::deque model, for node sizes that split often
// (fill 2 and 3: a few elements per node) and for the byte-sized defaults; plus the packed
// codec at its length boundaries and the memory counter.
#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

#include "storage/list.h"
#include "storage/packed.h"

namespace tessera::storage {
namespace {

std::vector<std::string> All(const ListObject& l) {
  std::vector<std::string> out;
  if (l.Size() == 0) return out;
  l.Range(0, l.Size() - 1, [&](std::string_view v) { out.emplace_back(v); });
  return out;
}

std::vector<std::string> Model(const std::deque<std::string>& d) {
  return std::vector<std::string>(d.begin(), d.end());
}

TEST(PackedTest, RoundTripAtLengthBoundaries) {
  for (size_t len : {0, 1, 62, 63, 64, 65, 125, 126, 127, 128, 129, 8191, 8192, 16384, 70000}) {
    std::string v(len, 'a' + char(len % 26));
    std::string buf(packed::ElemSize(v) * 2 + 16, '\0');
    char* end = packed::Write(buf.data(), v);
    end = packed::Write(end, "x");
    ASSERT_EQ(size_t(end - buf.data()), packed::ElemSize(v) + packed::ElemSize("x"));
    packed::Scratch sc;
    const char* next;
    EXPECT_EQ(packed::Read(buf.data(), &next, &sc), v) << len;
    EXPECT_EQ(packed::Skip(buf.data()), next);
    EXPECT_EQ(packed::Read(next, &next, &sc), "x");
    EXPECT_EQ(next, end);
    // Backwards from the end: the last element, then the first.
    const char* p = packed::Prev(end);
    EXPECT_EQ(packed::Read(p, &next, &sc), "x");
    EXPECT_EQ(packed::Prev(p), buf.data()) << len;
  }
}

// Canonical integers are stored in their zigzag bytes and read back as the same text;
// anything else that looks numeric stays a string.
TEST(PackedTest, IntegersCompactAndExact) {
  for (std::string v : {"0", "1", "-1", "63", "64", "-64", "127", "128", "255", "256",
                        "123456", "-123456", "4294967295", "9223372036854775807",
                        "-9223372036854775808", "007", "-0", "+1", " 1", "1 ", "1.0",
                        "9223372036854775808", "-9223372036854775809", "", "-", "12a"}) {
    int64_t iv = 0;
    bool is_int = packed::AsCanonicalInt(v, &iv);
    EXPECT_EQ(is_int, std::to_string(iv) == v && !v.empty() && v.size() <= 20 &&
                          (v == std::to_string(iv)))
        << v;
    std::string buf(64, '\0');
    char* end = packed::Write(buf.data(), v);
    EXPECT_EQ(size_t(end - buf.data()), packed::ElemSize(v)) << v;
    packed::Scratch sc;
    const char* next;
    EXPECT_EQ(packed::Read(buf.data(), &next, &sc), v) << v;
    EXPECT_EQ(packed::Prev(end), buf.data()) << v;
    char* fend = packed::WriteFwd(buf.data(), v);
    EXPECT_EQ(size_t(fend - buf.data()), packed::FwdSize(v)) << v;
    EXPECT_EQ(packed::ReadFwd(buf.data(), &next, &sc), v) << v;
    EXPECT_EQ(packed::SkipFwd(buf.data()), fend) << v;
  }
  EXPECT_EQ(packed::ElemSize("123456"), 5u);  // head, 3 zigzag bytes, back-length
  EXPECT_EQ(packed::ElemSize("0123456"), 9u);
}

TEST(ListObjectTest, PushPopBothEnds) {
  ListObject l;
  l.Push(ListObject::kTail, "b", -2);
  l.Push(ListObject::kHead, "a", -2);
  l.Push(ListObject::kTail, "c", -2);
  EXPECT_EQ(All(l), (std::vector<std::string>{"a", "b", "c"}));
  std::string got;
  l.Pop(ListObject::kTail, [&](std::string_view v) { got = v; });
  EXPECT_EQ(got, "c");
  l.Pop(ListObject::kHead, [&](std::string_view v) { got = v; });
  EXPECT_EQ(got, "a");
  EXPECT_EQ(l.Size(), 1u);
  EXPECT_STREQ(l.EncodingName(), "quicklist");
}

// Random operations on the list and on a deque must agree after every step.
void RandomAgainstModel(int64_t fill, uint32_t seed, int steps) {
  std::mt19937 rng(seed);
  ListObject l;
  std::deque<std::string> m;
  size_t base_mem = l.MemoryUsage();
  auto value = [&] {
    size_t len = rng() % 4 == 0 ? rng() % 300 : rng() % 8;  // some span the 128-byte varint
    return std::string(len, char('a' + rng() % 4));
  };
  for (int step = 0; step < steps; ++step) {
    int op = int(rng() % 10);
    std::string v = value();
    if (op < 3 || m.empty()) {
      bool head = rng() % 2;
      l.Push(head ? ListObject::kHead : ListObject::kTail, v, fill);
      head ? m.push_front(v) : m.push_back(v);
    } else if (op == 3) {
      std::string got;
      bool head = rng() % 2;
      l.Pop(head ? ListObject::kHead : ListObject::kTail, [&](std::string_view x) { got = x; });
      ASSERT_EQ(got, head ? m.front() : m.back());
      head ? m.pop_front() : m.pop_back();
    } else if (op == 4) {
      size_t i = rng() % m.size();
      l.Set(i, v, fill);
      m[i] = v;
    } else if (op == 5) {
      std::string pivot = m[rng() % m.size()];
      bool after = rng() % 2;
      ASSERT_TRUE(l.Insert(pivot, v, after, fill));
      auto it = std::find(m.begin(), m.end(), pivot);
      m.insert(after ? it + 1 : it, v);
    } else if (op == 6) {
      std::string target = m[rng() % m.size()];
      size_t limit = rng() % 3;
      bool tail = rng() % 2;
      size_t removed = l.Remove(target, limit, tail, fill);
      size_t want = 0;
      if (!tail) {
        for (auto it = m.begin(); it != m.end();)
          if (*it == target && (limit == 0 || want < limit)) it = m.erase(it), ++want;
          else ++it;
      } else {
        for (size_t k = m.size(); k-- > 0;) {
          if (m[k] == target && (limit == 0 || want < limit)) {
            m.erase(m.begin() + ptrdiff_t(k));
            ++want;
          }
        }
      }
      ASSERT_EQ(removed, want);
    } else if (op == 7 && m.size() > 2) {
      size_t a = rng() % m.size(), b = a + rng() % (m.size() - a);
      l.Trim(a, b);
      m = std::deque<std::string>(m.begin() + ptrdiff_t(a), m.begin() + ptrdiff_t(b) + 1);
    } else if (op == 8) {
      size_t i = rng() % m.size();
      std::string got;
      l.At(i, [&](std::string_view x) { got = x; });
      ASSERT_EQ(got, m[i]);
    } else {
      size_t a = rng() % m.size(), b = a + rng() % (m.size() - a);
      std::vector<std::string> rev;
      l.Range(a, b, [&](std::string_view x) { rev.emplace_back(x); }, true);
      std::vector<std::string> want(m.rbegin() + ptrdiff_t(m.size() - 1 - b),
                                    m.rbegin() + ptrdiff_t(m.size() - a));
      ASSERT_EQ(rev, want);
    }
    ASSERT_EQ(l.Size(), m.size()) << "step " << step;
    if (step % 16 == 0) {
      ASSERT_EQ(All(l), Model(m)) << "step " << step;
    }
  }
  ASSERT_EQ(All(l), Model(m));
  std::unique_ptr<Object> copy(l.Clone());
  EXPECT_EQ(All(*static_cast<ListObject*>(copy.get())), Model(m));
  EXPECT_EQ(copy->MemoryUsage() > 0, true);
  while (l.Size() > 0) l.Pop(ListObject::kHead, [](std::string_view) {});
  EXPECT_EQ(l.MemoryUsage(), base_mem);  // every node buffer given back
}

TEST(ListObjectTest, RandomOpsSmallNodes) { RandomAgainstModel(2, 1, 4000); }
TEST(ListObjectTest, RandomOpsThreePerNode) { RandomAgainstModel(3, 2, 4000); }
TEST(ListObjectTest, RandomOpsFourKbNodes) { RandomAgainstModel(-1, 3, 4000); }
TEST(ListObjectTest, RandomOpsDefault) { RandomAgainstModel(-2, 4, 4000); }

TEST(ListObjectTest, RandomOpsSixtyFourKbNodes) { RandomAgainstModel(-5, 5, 4000); }

// Head pushes land in the room kept in front of a node; the largest nodes (64 KB of
// empty strings, 32768 of them) and elements bigger than a node still come back intact.
TEST(ListObjectTest, HeadRoomAtTheLimits) {
  ListObject l;
  for (int i = 0; i < 40000; ++i) l.Push(ListObject::kHead, "", -5);
  EXPECT_EQ(l.Size(), 40000u);
  std::string big(100000, 'b');
  l.Push(ListObject::kHead, big, -5);
  l.Push(ListObject::kHead, "x", -5);
  std::string got;
  l.At(0, [&](std::string_view v) { got = v; });
  EXPECT_EQ(got, "x");
  l.At(1, [&](std::string_view v) { got = v; });
  EXPECT_EQ(got, big);
  size_t empties = 0;
  while (l.Size() > 0)
    l.Pop(ListObject::kHead, [&](std::string_view v) { empties += v.empty(); });
  EXPECT_EQ(empties, 40000u);
}

TEST(ListObjectTest, NodesSplitByFill) {
  ListObject l;
  for (int i = 0; i < 10; ++i) l.Push(ListObject::kTail, std::to_string(i), 3);
  size_t mem3 = l.MemoryUsage();
  ListObject one;
  for (int i = 0; i < 10; ++i) one.Push(ListObject::kTail, std::to_string(i), -2);
  // Four nodes of at most three cost more than one node (node array and buffers).
  EXPECT_GT(mem3, one.MemoryUsage());
  std::vector<std::string> want;
  for (int i = 0; i < 10; ++i) want.push_back(std::to_string(i));
  EXPECT_EQ(All(l), want);
  // An element bigger than a node's byte limit gets a node of its own.
  std::string big(10000, 'z');
  one.Push(ListObject::kTail, big, -1);
  one.Push(ListObject::kTail, "after", -1);
  std::string got;
  one.At(10, [&](std::string_view v) { got = v; });
  EXPECT_EQ(got, big);
  one.At(11, [&](std::string_view v) { got = v; });
  EXPECT_EQ(got, "after");
}

}  // namespace
}  // namespace tessera::storage
