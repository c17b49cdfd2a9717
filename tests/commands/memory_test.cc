// Memory accounting and eviction, in process: the shards' counts against mimalloc's own
// walk of this thread's heap, MEMORY USAGE sums, and the limit kept under each policy.
#include <random>

#include "command_test_base.h"
#include "core/allocator.h"

namespace tessera::commands {
namespace {

class MemoryTest : public CommandTest {
 protected:
  // Seeded random writes and deletes over every type, some values big enough to live on
  // the heap or to turn collections into their hashtable/skiplist encodings.
  void RandomOps(uint32_t seed, int n) {
    std::mt19937 rng(seed);
    auto key = [&](const char* kind) { return StrCat(kind, ":", rng() % 300); };
    auto val = [&] { return std::string(rng() % 3 == 0 ? 700 + rng() % 2000 : 1 + rng() % 40, 'v'); };
    for (int i = 0; i < n; ++i) {
      std::string m = StrCat("m", rng() % 200);
      switch (rng() % 12) {
        case 0: Run({"set", key("s"), val()}); break;
        case 1: Run({"set", key("s"), std::to_string(rng()), "EX", "1000"}); break;
        case 2: Run({"append", key("s"), val()}); break;
        case 3: Run({"rpush", key("l"), val(), val()}); break;
        case 4: Run({"lpop", key("l")}); break;
        case 5: Run({"hset", key("h"), m, val()}); break;
        case 6: Run({"hdel", key("h"), m}); break;
        case 7: Run({"sadd", key("t"), m, std::to_string(rng() % 1000)}); break;
        case 8: Run({"srem", key("t"), m}); break;
        case 9: Run({"zadd", key("z"), std::to_string(rng() % 100), m}); break;
        case 10: Run({"zrem", key("z"), m}); break;
        default: Run({"del", key("s"), key("l"), key("h")}); break;
      }
    }
  }
};
INSTANTIATE_TEST_SUITE_P(Resp, MemoryTest, ::testing::Values(2));

// The bytes the shards count are the bytes mimalloc handed out for them: its walk of this
// thread's heap (every live block, each at its real size) moves as used_memory does, while
// random operations run and after everything is deleted (no drift).
TEST_P(MemoryTest, AccountingMatchesTheAllocatorsHeap) {
  if (ThreadHeapBytes() < 0) GTEST_SKIP() << "mimalloc is not the allocator (sanitizer build)";
  RandomOps(7, 2000);  // warm up: reply buffers, thread-local blocks reach their size
  Run({"flushall"});
  int64_t heap0 = ThreadHeapBytes(), used0 = store_.UsedMemory();
  EXPECT_EQ(used0, 0);
  for (uint32_t round = 1; round <= 4; ++round) {
    RandomOps(round, 20000);
    int64_t heap = ThreadHeapBytes() - heap0, used = store_.UsedMemory() - used0;
    ASSERT_GT(used, 100 * 1024) << "the operations should hold real memory";
    // The index nodes of TTL keys are counted at a fixed 32 bytes each and a few blocks
    // are the test's own: a small slack, far below what a missing or double count makes.
    EXPECT_NEAR(double(used), double(heap), 0.05 * double(heap) + 16 * 1024)
        << "round " << round << ": counted " << used << ", mimalloc's heap holds " << heap;
    // The fast counter the write path reads agrees with the exact sum.
    EXPECT_EQ(store_.FastUsedMemory(), store_.UsedMemory());
  }
  Run({"flushall"});
  EXPECT_EQ(store_.UsedMemory(), used0);
  EXPECT_EQ(store_.FastUsedMemory(), store_.UsedMemory());
  EXPECT_NEAR(double(ThreadHeapBytes() - heap0), 0.0, 16 * 1024);
}

// MEMORY USAGE of every key adds up to the dataset, less the tables' bucket arrays.
TEST_P(MemoryTest, MemoryUsageSumsToTheDataset) {
  RandomOps(11, 20000);
  int64_t sum = 0;
  int64_t buckets = 0;
  for (int d = 0; d < store_.num_dbs(); ++d)
    for (size_t i = 0; i < store_.db(d).num_shards(); ++i)
      buckets += int64_t(store_.db(d).shard(i).table.MemoryUsage());
  std::string keys = Run({"keys", "*"});
  size_t pos = 0;
  int64_t n = 0;
  while ((pos = keys.find("\r\n$", pos)) != std::string::npos) {
    size_t len_end = keys.find("\r\n", pos + 3);
    size_t len = std::stoul(keys.substr(pos + 3, len_end - pos - 3));
    std::string k = keys.substr(len_end + 2, len);
    std::string r = Run({"memory", "usage", k});
    ASSERT_EQ(r[0], ':') << r;
    sum += std::stoll(r.substr(1)) - 8;  // MEMORY USAGE adds one bucket slot per key
    ++n;
    pos = len_end + 2 + len;
  }
  ASSERT_GT(n, 100);
  EXPECT_EQ(sum + buckets, store_.UsedMemory());
}

// Under every policy that evicts, writes past the limit keep succeeding and the counted
// memory stays within the limit; volatile-* leaves keys without a TTL alone.
TEST_P(MemoryTest, EachPolicyKeepsTheLimit) {
  for (const char* policy : {"allkeys-lru", "allkeys-lfu", "allkeys-random", "allkeys-s3fifo",
                             "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"}) {
    SCOPED_TRACE(policy);
    Run({"flushall"});
    std::string err;
    ASSERT_EQ(Run({"config", "set", "maxmemory", "0"}), Ok());
    ASSERT_EQ(Run({"config", "set", "maxmemory-policy", policy}), Ok());
    for (int i = 0; i < 200; ++i) Run({"set", StrCat("keep:", i), "x"});
    int64_t limit = state_.MemoryForLimit() + 400 * 1024;
    ASSERT_EQ(Run({"config", "set", "maxmemory", std::to_string(limit)}), Ok());
    uint64_t evicted0 = store_.EvictedKeys();
    for (int i = 0; i < 20000; ++i) {
      std::vector<std::string> set = {"set", StrCat("k:", i), std::string(100, 'x'), "EX", "1000"};
      ASSERT_EQ(Run(set), Ok()) << i;
      // Checked before each command, as Redis: one command may add its own bytes, a 2 KB
      // bucket segment when the table grows, and (S3-FIFO) its small queue doubling.
      ASSERT_LE(state_.MemoryForLimit(), limit + 4096 + 256) << i;
    }
    EXPECT_GT(store_.EvictedKeys() - evicted0, 15000u);
    if (std::string_view(policy).starts_with("volatile")) {
      for (int i = 0; i < 200; ++i)
        ASSERT_EQ(Run({"exists", StrCat("keep:", i)}), Int(1)) << i;
    }
  }
  Run({"config", "set", "maxmemory", "0"});
  Run({"config", "set", "maxmemory-policy", "noeviction"});
}

}  // namespace
}  // namespace tessera::commands
