#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/clock.h"
#include "storage/ops/keyspace_ops.h"
#include "storage/ops/string_ops.h"
#include "storage/store.h"
#include "storage/table.h"

namespace tessera::storage {
namespace {

Entry* MakeEntry(const std::string& key, const std::string& value) {
  Entry::Spec s = ops::string::MakeStringSpec(key, value);
  return Entry::Create(s);
}

TEST(EntryTest, LayoutRoundTrips) {
  std::string long_key(300, 'k');
  Entry::Spec s;
  s.key = long_key;
  s.enc = Encoding::kInline;
  s.str_value = "hello";
  s.has_expire = true;
  s.expire_at = 123456789;
  s.has_mc = true;
  s.mc_flags = 7;
  s.cas = 99;
  Entry* e = Entry::Create(s);
  EXPECT_EQ(e->key(), long_key);
  EXPECT_EQ(e->inline_value(), "hello");
  EXPECT_EQ(e->expire_at(), 123456789);
  EXPECT_EQ(e->mc_flags(), 7u);
  EXPECT_EQ(e->cas(), 99u);
  Entry::Destroy(e);
}

TEST(EntryTest, CompactForSmallKeys) {
  // 14-byte key, 16-byte value: one 48-byte block (see entry.h).
  Entry* e = MakeEntry("key:0000000001", "0123456789abcdef");
  EXPECT_LE(e->MemoryUsage(), 48u);
  EXPECT_EQ(e->key(), "key:0000000001");
  Entry::Destroy(e);
}

TEST(EntryTest, Encodings) {
  Entry* i = MakeEntry("a", "12345");
  EXPECT_EQ(i->enc(), Encoding::kInt);
  char buf[24];
  EXPECT_EQ(i->StringValue(buf), "12345");
  Entry* lead = MakeEntry("b", "012");  // not canonical: stays a string
  EXPECT_EQ(lead->enc(), Encoding::kInline);
  Entry* big = MakeEntry("c", std::string(1000, 'x'));
  EXPECT_EQ(big->enc(), Encoding::kHeap);
  EXPECT_EQ(big->StringValue(buf).size(), 1000u);
  Entry::Destroy(i);
  Entry::Destroy(lead);
  Entry::Destroy(big);
}

TEST(TableTest, InsertFindEraseManyAcrossSplits) {
  Table t;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    std::string k = "key:" + std::to_string(i);
    t.Insert(MakeEntry(k, "v"), HashKey(k));
  }
  EXPECT_EQ(t.size(), size_t(n));
  // load factor stays near kMaxLoad at any size (segmented linear hashing)
  EXPECT_LE(double(t.size()) / double(t.bucket_count()), Table::kMaxLoad + 0.01);
  EXPECT_GE(double(t.size()) / double(t.bucket_count()), Table::kMaxLoad - 0.1);
  for (int i = 0; i < n; ++i) {
    std::string k = "key:" + std::to_string(i);
    ASSERT_TRUE(t.FindLink(k, HashKey(k))) << k;
  }
  EXPECT_FALSE(t.FindLink("missing", HashKey("missing")));
  for (int i = 0; i < n; i += 2) {
    std::string k = "key:" + std::to_string(i);
    Link link = t.FindLink(k, HashKey(k));
    ASSERT_TRUE(link);
    Entry::Destroy(t.Unlink(link));
  }
  EXPECT_EQ(t.size(), size_t(n / 2));
  size_t seen = 0;
  for (size_t b = 0; b < t.bucket_count(); ++b) t.ForEachInBucket(b, [&](Entry*) { ++seen; });
  EXPECT_EQ(seen, size_t(n / 2));
}

TEST(StoreTest, MemoryAccountingReturnsToZero) {
  Store store(2, 4);
  Db& db = store.db(0);
  EXPECT_EQ(store.UsedMemory(), 0);
  for (int i = 0; i < 1000; ++i) {
    ops::string::SetParams p;
    if (i % 3 == 0) p.expire_at_ms = NowMs() + 100000;
    ops::string::Set(db, "k" + std::to_string(i), std::string(i % 700, 'x'), p);
  }
  ops::string::Append(db, "k1", std::string(2000, 'y'), 1 << 30);
  ops::keyspace::ExpireAt(db, "k2", NowMs() + 50000, {});
  ops::keyspace::Persist(db, "k3");
  ops::keyspace::Rename(db, "k4", "renamed", false);
  EXPECT_GT(store.UsedMemory(), 1000 * 16);
  std::vector<std::string> all;
  for (int i = 0; i < 1000; ++i) all.push_back("k" + std::to_string(i));
  all.push_back("renamed");
  std::vector<std::string_view> views(all.begin(), all.end());
  EXPECT_EQ(ops::keyspace::Del(db, views), 1000);
  // only the (empty) bucket segments remain
  int64_t buckets = 0;
  for (size_t i = 0; i < db.num_shards(); ++i) buckets += int64_t(db.shard(i).table.MemoryUsage());
  EXPECT_EQ(store.UsedMemory(), buckets);
  EXPECT_EQ(db.ExpiresSize(), 0u);
}

// Prefetching is a hint: on an empty shard, a shard another thread holds, and a full one it
// neither blocks nor changes anything.
TEST(StoreTest, PrefetchIsAHarmlessHint) {
  Store store(1, 1);
  Db& db = store.db(0);
  Shard& shard = db.shard(0);
  uint64_t h = HashKey("k");
  shard.Prefetch(h, 0);
  shard.Prefetch(h, 1);
  std::mutex held;
  held.lock();
  std::thread holder([&] {
    std::lock_guard<std::mutex> lk(shard.mu);
    std::lock_guard<std::mutex> wait(held);  // until the prefetches below are done
  });
  while (shard.mu.try_lock()) {  // wait for the holder to take the shard
    shard.mu.unlock();
    std::this_thread::yield();
  }
  shard.Prefetch(h, 0);  // returns at once: the shard is busy
  shard.Prefetch(h, 1);
  held.unlock();
  holder.join();
  for (int i = 0; i < 1000; ++i) ops::string::Set(db, "k" + std::to_string(i), "v", {});
  for (int i = 0; i < 2000; ++i) {
    uint64_t hi = HashKey("k" + std::to_string(i));
    db.ShardFor(hi).Prefetch(hi, 0);
    db.ShardFor(hi).Prefetch(hi, 1);
  }
  EXPECT_EQ(db.Size(), 1000u);
  EXPECT_EQ(ops::string::Get(db, "k999", [](std::string_view v, const SharedBytes*) {
              EXPECT_EQ(v, "v");
            }),
            OpStatus::kOk);
}

TEST(StoreTest, LazyAndActiveExpiry) {
  Store store(1, 4);
  Db& db = store.db(0);
  int64_t now = NowMs();
  for (int i = 0; i < 100; ++i) {
    ops::string::SetParams p;
    p.expire_at_ms = now + 30;
    ops::string::Set(db, "e" + std::to_string(i), "v", p);
  }
  ops::string::Set(db, "keep", "v", {});
  EXPECT_EQ(db.Size(), 101u);
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  // lazy: a read sees nothing
  EXPECT_EQ(ops::string::Get(db, "e0", [](std::string_view, const SharedBytes*) {}),
            OpStatus::kKeyNotFound);
  // active: the cycle frees the rest without reads
  store.ActiveExpireCycle(100000);
  EXPECT_EQ(db.Size(), 1u);
  EXPECT_EQ(store.ExpiredKeys(), 100u);
}

TEST(StoreTest, ScanReturnsEveryKeyWhileGrowing) {
  Store store(1, 8);
  Db& db = store.db(0);
  for (int i = 0; i < 3000; ++i) ops::string::Set(db, "s" + std::to_string(i), "v", {});
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int calls = 0, extra = 0;
  do {
    auto r = ops::keyspace::Scan(db, cursor, "", 10, std::nullopt);
    for (auto& k : r.keys) seen.insert(k);
    cursor = r.next_cursor;
    // keys added during the scan force splits; the originals must still all be returned
    for (int j = 0; j < 3; ++j) ops::string::Set(db, "new" + std::to_string(extra++), "v", {});
    ASSERT_LT(++calls, 100000);
  } while (cursor != 0);
  for (int i = 0; i < 3000; ++i) ASSERT_TRUE(seen.count("s" + std::to_string(i))) << i;
}

TEST(StoreTest, MultiKeyAtomicityUnderConcurrency) {
  // A writer flips MSET a=b=i; readers with MGET must never see a != b.
  Store store(1, 64);
  Db& db = store.db(0);
  std::vector<std::string_view> kv = {"a", "0", "b", "0"};
  ops::string::MSet(db, kv, false);
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::thread writer([&] {
    for (int i = 1; i < 20000; ++i) {
      std::string v = std::to_string(i);
      std::vector<std::string_view> p = {"a", v, "b", v};
      ops::string::MSet(db, p, false);
    }
    stop = true;
  });
  std::thread reader([&] {
    std::vector<std::string_view> keys = {"a", "b"};
    while (!stop) {
      std::string got[2];
      ops::string::MGet(db, keys, [&](size_t i, std::optional<std::string_view> v,
                                      const SharedBytes*) {
        got[i] = v ? std::string(*v) : "";
      });
      if (got[0] != got[1]) ++torn;
    }
  });
  writer.join();
  reader.join();
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace tessera::storage
