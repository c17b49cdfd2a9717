#include "storage/lazyfree.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace tessera::storage {

namespace {

constexpr size_t kLazyFreeThreshold = 64;

// One background thread, started on first use and stopped (after freeing what is queued)
// when the process exits.
class LazyFreer {
 public:
  ~LazyFreer() {
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
  }

  void Queue(std::vector<Entry*> batch) {
    if (batch.empty()) return;
    pending_.fetch_add(batch.size(), std::memory_order_relaxed);
    {
      std::lock_guard lk(mu_);
      if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
      queue_.push_back(std::move(batch));
    }
    cv_.notify_one();
  }

  std::atomic<uint64_t> pending_{0}, freed_{0};

 private:
  void Run() {
    std::unique_lock lk(mu_);
    for (;;) {
      cv_.wait(lk, [this] { return stop_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      std::vector<Entry*> batch = std::move(queue_.front());
      queue_.pop_front();
      lk.unlock();
      for (Entry* e : batch) {
        Entry::Destroy(e);
        pending_.fetch_sub(1, std::memory_order_relaxed);
        freed_.fetch_add(1, std::memory_order_relaxed);
      }
      lk.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Entry*>> queue_;
  bool stop_ = false;
  std::thread thread_;
};

LazyFreer& Freer() {
  static LazyFreer f;
  return f;
}

}  // namespace

size_t FreeEffort(const Entry* e) {
  return e->enc() == Encoding::kObject ? e->object()->Size() : 1;
}

void FreeMaybeLazily(Entry* e) {
  if (FreeEffort(e) <= kLazyFreeThreshold) return Entry::Destroy(e);
  Freer().Queue({e});
}

void FreeLazily(std::vector<Entry*> entries) { Freer().Queue(std::move(entries)); }

uint64_t LazyFreePending() { return Freer().pending_.load(std::memory_order_relaxed); }
uint64_t LazyFreed() { return Freer().freed_.load(std::memory_order_relaxed); }

}  // namespace tessera::storage
