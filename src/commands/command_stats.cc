#include "commands/command_stats.h"

#include <memory>
#include <mutex>
#include <vector>

namespace tessera::commands {

namespace {

struct Blocks {
  std::mutex mu;
  std::vector<std::unique_ptr<ThreadCounters>> all;
};
Blocks& AllBlocks() {
  static Blocks* b = new Blocks();  // outlives every thread that may still count
  return *b;
}

// Buckets 0-7 hold 0-7 ns exactly; above, bucket 8 + (e - 3) * 8 + sub holds the values
// whose highest bit is e and whose next three bits are sub.
int BucketOf(uint64_t ns) {
  if (ns < 8) return int(ns);
  int e = 63 - __builtin_clzll(ns);
  int sub = int((ns >> (e - 3)) & 7);
  int idx = 8 + (e - 3) * 8 + sub;
  return idx < kLatencyBuckets ? idx : kLatencyBuckets - 1;
}
// The largest value (ns) a bucket holds.
uint64_t BucketTop(int idx) {
  if (idx < 8) return uint64_t(idx);
  int e = (idx - 8) / 8 + 3, sub = (idx - 8) % 8;
  return (uint64_t(8 + sub + 1) << (e - 3)) - 1;
}

}  // namespace

ThreadCounters::~ThreadCounters() {
  for (auto& s : spec) delete[] s.latency.load();
}

ThreadCounters& MyCounters() {
  thread_local ThreadCounters* mine = [] {
    auto block = std::make_unique<ThreadCounters>();
    ThreadCounters* p = block.get();
    Blocks& b = AllBlocks();
    std::lock_guard lk(b.mu);
    b.all.push_back(std::move(block));
    return p;
  }();
  return *mine;
}

void ForEachThreadCounters(absl::FunctionRef<void(ThreadCounters&)> f) {
  Blocks& b = AllBlocks();
  std::lock_guard lk(b.mu);
  for (auto& t : b.all) f(*t);
}

void CommandStats::Ran(uint64_t ns, bool failed) const {
  ThreadCounters& t = MyCounters();
  Bump(t.commands);
  if (id < 0) return;
  SpecCounters& c = t.spec[id];
  Bump(c.calls);
  Bump(c.usec, ns / 1000);
  if (failed) Bump(c.failed);
  std::atomic<uint64_t>* h = c.latency.load(std::memory_order_relaxed);
  if (!h) {
    h = new std::atomic<uint64_t>[kLatencyBuckets]();
    c.latency.store(h, std::memory_order_release);
  }
  Bump(h[BucketOf(ns)]);
}

uint64_t CommandStats::Sum(std::atomic<uint64_t> SpecCounters::*field) const {
  if (id < 0) return 0;
  uint64_t n = 0;
  ForEachThreadCounters(
      [&](ThreadCounters& t) { n += (t.spec[id].*field).load(std::memory_order_relaxed); });
  return n;
}

uint64_t CommandStats::LatencyCount() const {
  if (id < 0) return 0;
  uint64_t n = 0;
  ForEachThreadCounters([&](ThreadCounters& t) {
    if (auto* h = t.spec[id].latency.load(std::memory_order_acquire))
      for (int i = 0; i < kLatencyBuckets; ++i) n += h[i].load(std::memory_order_relaxed);
  });
  return n;
}

uint64_t CommandStats::LatencyPercentile(double pct) const {
  if (id < 0) return 0;
  std::vector<uint64_t> sum(kLatencyBuckets, 0);
  uint64_t total = 0;
  ForEachThreadCounters([&](ThreadCounters& t) {
    if (auto* h = t.spec[id].latency.load(std::memory_order_acquire))
      for (int i = 0; i < kLatencyBuckets; ++i) {
        uint64_t v = h[i].load(std::memory_order_relaxed);
        sum[size_t(i)] += v;
        total += v;
      }
  });
  if (total == 0) return 0;
  uint64_t target = uint64_t(double(total) * pct / 100.0 + 0.999999);
  if (target == 0) target = 1;
  uint64_t seen = 0;
  for (int i = 0; i < kLatencyBuckets; ++i) {
    seen += sum[size_t(i)];
    if (seen >= target) return BucketTop(i);
  }
  return BucketTop(kLatencyBuckets - 1);
}

void CommandStats::Reset() const {
  if (id < 0) return;
  ForEachThreadCounters([&](ThreadCounters& t) {
    SpecCounters& c = t.spec[id];
    for (auto* f : {&c.calls, &c.usec, &c.failed, &c.rejected})
      f->store(0, std::memory_order_relaxed);
    if (auto* h = c.latency.load(std::memory_order_acquire))
      for (int i = 0; i < kLatencyBuckets; ++i) h[i].store(0, std::memory_order_relaxed);
  });
}

uint64_t TotalCommands() {
  uint64_t n = 0;
  ForEachThreadCounters([&](ThreadCounters& t) { n += t.commands.load(std::memory_order_relaxed); });
  return n;
}

void ResetTotalCommands() {
  ForEachThreadCounters([](ThreadCounters& t) { t.commands.store(0, std::memory_order_relaxed); });
}

}  // namespace tessera::commands
